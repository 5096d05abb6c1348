#!/usr/bin/env bash
# Advances one submission through the closed loop with the JSON API, as staff and a department would:
# admin accepts and assigns it to the demo department, the department acknowledges and replies.
#   scripts/browser/advance.sh BASE_URL RECEIPT_NO "REPLY TEXT"
# Needs ADMIN_USER, ADMIN_PASSWORD, DEPT_USER, DEPT_PASSWORD (from `minqing-api seed-demo`).
set -euo pipefail
base=$1 receipt=$2 reply=$3

# json FIELD-EXPRESSION: reads JSON on stdin, prints a Python expression over it (`d` is the document).
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
body() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@"; }
api() {  # api METHOD PATH TOKEN [JSON]
    local args=(-sS --fail-with-body -X "$1" "$base$2" -H "Authorization: Bearer $3" -H 'Accept: application/json')
    [ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data "$4")
    curl "${args[@]}"
}
login() {
    curl -sS --fail-with-body -X POST "$base/v1/auth/login" -H 'Content-Type: application/json' \
        --data "$(body username "$1" password "$2")"
}

admin=$(login "$ADMIN_USER" "$ADMIN_PASSWORD" | json 'd["token"]')
department_login=$(login "$DEPT_USER" "$DEPT_PASSWORD")
department=$(printf '%s' "$department_login" | json 'd["token"]')
department_id=$(printf '%s' "$department_login" | json 'd["user"]["department_id"]')

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
