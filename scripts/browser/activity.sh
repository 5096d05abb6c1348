#!/usr/bin/env bash
# An activity at a demo station, as the congress's staff would run one, through the JSON API:
#   scripts/browser/activity.sh BASE_URL open
#       plans a face-to-face consultation that started an hour ago at the first station, with the demo
#       department's director and the station's representative, holds it, issues its activity code (活动码)
#       and prints "ACTIVITY_ID PAGE_URL".
#   scripts/browser/activity.sh BASE_URL publish ACTIVITY_ID RECEIPT_NO "REPLY TEXT"
#       puts the submission filed through the code on the problem list, assigns it to the demo department,
#       which replies, publishes the outcome (公开成果) and prints the public page's URL.
# Needs ADMIN_USER, ADMIN_PASSWORD, DEPT_USER, DEPT_PASSWORD (from `minqing-api seed-demo`).
set -euo pipefail
base=$1 step=$2

source "$(dirname "$0")/api.sh"

case $step in
open)
    # the first station (not a hub) that is some representative's home station: the demo district's
    # representatives are spread over the stations at random, so not every station has one
    homes=$(api GET "/v1/representatives?limit=100" "$admin" | json '" ".join(r["id"] + "=" + r["home_station_id"] for r in d["items"])')
    read -r station_id region_id representative < <(api GET "/v1/stations?limit=100" "$admin" | python3 -c '
import json, sys
homes = dict(reversed(pair.split("=")) for pair in sys.argv[1].split())
station = next(s for s in json.load(sys.stdin)["items"] if s["level"] == "station" and s["id"] in homes)
print(station["id"], station["region_id"], homes[station["id"]])' "$homes")
    body=$(python3 - "$region_id" "$station_id" "$representative" "$department_id" <<'PY'
import datetime, json, sys
region, station, representative, department = sys.argv[1:]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
print(json.dumps({
    "kind": "consultation", "title": "局长·代表面对面：路口交通安全", "topic": "学校和老旧小区周边路口的行人过街安全",
    "region_id": region, "station_id": station,
    "starts_at": (now - datetime.timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
    "ends_at": (now + datetime.timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
    "place": "联络站二楼议事厅", "officials": [{"name": "周建国", "title": "局长", "department_id": department}],
    "representative_ids": [representative], "organiser": "街道人大工委",
}, ensure_ascii=False))
PY
)
    activity=$(api POST /v1/activities "$admin" "$body" | json 'd["activity"]["id"]')
    api POST "/v1/activities/$activity/hold" "$admin" '{"visitors": 36}' >/dev/null
    page=$(api POST /v1/codes "$admin" "{\"kind\": \"activity\", \"target_id\": \"$activity\"}" | json 'd["page_url"]')
    echo "$activity $page"
    ;;
publish)
    activity=$3 receipt=$4 reply=$5
    submission=$(api GET "/v1/submissions?limit=100" "$admin" \
        | json "next(i['id'] for i in d['items'] if i['receipt_no'] == '$receipt')")
    problem=$(api POST "/v1/activities/$activity/problems" "$admin" \
        "{\"submission_id\": \"$submission\", \"title\": \"路口行人绿灯时间过短\"}" | json 'd["problem"]["id"]')
    assignment=$(api POST "/v1/problems/$problem/assign" "$admin" \
        "{\"assignments\": [{\"department_id\": \"$department_id\", \"role\": \"lead\"}]}" | json 'd["assignments"][0]["id"]')
    api POST "/v1/assignments/$assignment/acknowledge" "$department" >/dev/null
    api POST "/v1/assignments/$assignment/reply" "$department" \
        "$(body outcome solved text "$reply")" >/dev/null
    api POST "/v1/activities/$activity/publish" "$admin" | json 'd["activity"]["public_url"]'
    ;;
*) echo "usage: $0 BASE_URL open | publish ACTIVITY_ID RECEIPT_NO REPLY" >&2; exit 2 ;;
esac
