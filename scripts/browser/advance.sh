#!/usr/bin/env bash
# Advances one submission through the closed loop with the JSON API, as staff and a department would:
# admin accepts and assigns it to the demo department, the department acknowledges and replies.
#   scripts/browser/advance.sh BASE_URL RECEIPT_NO "REPLY TEXT"
# Needs ADMIN_USER, ADMIN_PASSWORD, DEPT_USER, DEPT_PASSWORD (from `minqing-api seed-demo`).
set -euo pipefail
base=$1 receipt=$2 reply=$3

source "$(dirname "$0")/api.sh"

id=$(api GET "/v1/submissions?status=submitted" "$admin" \
    | json "next(i['id'] for i in d['items'] if i['receipt_no'] == '$receipt')")
echo "advancing $receipt ($id)" >&2
api POST "/v1/submissions/$id/accept" "$admin" >/dev/null
assignment=$(api POST "/v1/submissions/$id/assign" "$admin" \
    "{\"assignments\": [{\"department_id\": \"$department_id\", \"role\": \"lead\"}]}" \
    | json 'd["assignments"][0]["id"]')
api POST "/v1/assignments/$assignment/acknowledge" "$department" >/dev/null
api POST "/v1/assignments/$assignment/reply" "$department" "$(body outcome solved text "$reply")" \
    | json '"assignment " + d["status"]' >&2
