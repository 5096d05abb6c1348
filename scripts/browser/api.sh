# The JSON API from the browser check's helper scripts (advance.sh, activity.sh), with curl: sourced after
# `base` is set. Logs in the demo admin and department (ADMIN_USER, ADMIN_PASSWORD, DEPT_USER, DEPT_PASSWORD
# from `minqing-api seed-demo`) into `admin`, `department` and `department_id`.

# json FIELD-EXPRESSION: reads JSON on stdin, prints a Python expression over it (`d` is the document).
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
# body KEY VALUE…: a JSON object of strings.
body() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2])), ensure_ascii=False))' "$@"; }
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
