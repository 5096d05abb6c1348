#!/usr/bin/env bash
# Files and reads one request through the Open311 facade with curl, in XML and in JSON, against a running
# minqing-api, and checks the answers with Python's XML and JSON parsers.
#   scripts/open311-smoke.sh BASE_URL API_KEY [SERVICE_CODE]
# API_KEY: from `POST /v1/open311-keys` (README, "Open311"). SERVICE_CODE defaults to the first service.
set -euo pipefail
base=${1:?usage: $0 BASE_URL API_KEY [SERVICE_CODE]}/open311/v2 key=${2:?usage: $0 BASE_URL API_KEY [SERVICE_CODE]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

get() { curl -sS --fail-with-body "$base/$1" -o "$work/$2"; }
xml() { python3 -c 'import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print(eval(sys.argv[2]))' "$work/$1" "$2"; }
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$work/$1" "$2"; }
check() { [ "$1" = "$2" ] || { echo "FAIL: $3: got '$1', wanted '$2'" >&2; exit 1; }; echo "ok   $3"; }

get discovery.xml discovery.xml
check "$(xml discovery.xml 'r.find("endpoints/endpoint/specification").text')" "http://wiki.open311.org/GeoReport_v2" "discovery.xml names GeoReport v2"
get services.json services.json
code=${3:-$(json services.json 'd[0]["service_code"]')}
get "services/$code.xml" definition.xml
check "$(xml definition.xml 'r.find("attributes/attribute/code").text')" "kind" "services/$code.xml defines the kind attribute"

file() {  # file FORMAT: POST /requests.FORMAT as a 311 client does
    curl -sS --fail-with-body -X POST "$base/requests.$1" -o "$work/filed.$1" \
        -H 'Content-Type: application/x-www-form-urlencoded; charset=utf-8' \
        --data-urlencode "api_key=$key" --data-urlencode "service_code=$code" --data-urlencode "attribute[kind]=suggestion" \
        --data-urlencode "description=Open311 冒烟测试（$1）：公园东门的路灯不亮，晚上散步看不清路。" \
        --data-urlencode "address_string=公园东门" --data-urlencode "lat=30.2084" --data-urlencode "long=120.2119"
}
file xml
id_xml=$(xml filed.xml 'r.find("request/service_request_id").text')
file json
id_json=$(json filed.json 'd[0]["service_request_id"]')
echo "filed $id_xml (XML) and $id_json (JSON)"

get "requests/$id_xml.xml?api_key=$key" read.xml
check "$(xml read.xml 'r.find("request/status").text')" "open" "requests/$id_xml.xml is open"
check "$(xml read.xml 'r.find("request/service_code").text')" "$code" "requests/$id_xml.xml has its service"
get "requests/$id_json.json?api_key=$key" read.json
check "$(json read.json 'd[0]["status"]')" "open" "requests/$id_json.json is open"
check "$(json read.json 'd[0]["address"]')" "公园东门" "requests/$id_json.json has its address"
get "requests.json?service_request_id=$id_xml,$id_json&api_key=$key" both.json
check "$(json both.json 'sorted(r["service_request_id"] for r in d) == sorted(["'"$id_xml"'", "'"$id_json"'"])')" "True" "requests.json lists both"
status=$(curl -sS -o "$work/bad.xml" -w '%{http_code}' -X POST "$base/requests.xml" --data-urlencode "service_code=$code")
check "$status $(xml bad.xml 'r.find("error/code").text')" "400 400" "a filing without api_key is a GeoReport 400"
echo "Open311 smoke test passed against $base"
