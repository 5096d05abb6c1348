#!/usr/bin/env bash
# `make fuzz`: schemathesis (PyPI) against openapi.yaml and a live API on a throwaway cluster with the demo
# district, as an admin. Checks: no 5xx, and every status, content type, header and body is one the spec
# declares. EXAMPLES sets the examples per operation (default 25; make fuzz-ci runs a short pass).
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

examples=${EXAMPLES:-25}
ensure_packages
if ! python3 -c "import schemathesis" 2>/dev/null; then
    log "installing schemathesis (PyPI)"
    python3 -m pip --version >/dev/null 2>&1 || { as_root apt-get update -qq; as_root apt-get install -y -qq python3-pip >/dev/null; }
    # Debian's own Python refuses pip outside a venv unless told (PEP 668); a user install touches no system files
    python3 -m pip install -q --user schemathesis 2>/dev/null || python3 -m pip install -q --user --break-system-packages schemathesis
fi

dir=$(cluster_home "$PWD/.local/fuzz-postgres-$$" "/var/tmp/minqing-fuzz-postgres-$$")
pg_port=$(free_port)
api_pid=""
cleanup() {
    [ -n "$api_pid" ] && kill -TERM "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
    cluster_stop "$dir"
    rm -rf "$dir"
}
trap cleanup EXIT
MINQING_PG_FSYNC=off cluster_start "$dir" "$pg_port"
as_pg_owner "$(pg_bindir)/createdb" -h 127.0.0.1 -p "$pg_port" -U minqing minqing

export DATABASE_URL="postgres://minqing@127.0.0.1:$pg_port/minqing?sslmode=disable"
export MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_HTTP_PORT=$(free_port)
export MINQING_INTAKE_LIMIT_PER_ADDRESS=0 MINQING_INTAKE_LIMIT_PER_CODE=0 MINQING_BCRYPT_COST=4 MINQING_LOG_LEVEL=warning
swift build
bin=$(swift build --show-bin-path)
"$bin/minqing-api" migrate >/dev/null
"$bin/minqing-api" seed-demo >/dev/null
password=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
echo "$password" | "$bin/minqing-api" create-admin --username fuzz-admin >/dev/null
"$bin/minqing-api" serve & api_pid=$!
base="http://127.0.0.1:$MINQING_HTTP_PORT"
for _ in $(seq 1 50); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.2; done
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"fuzz-admin\",\"password\":\"$password\"}" \
    "$base/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

log "schemathesis: $examples examples per operation against $base"
# logout would end the run's own session: it is fuzzed like the rest but last
python3 -m schemathesis.cli run openapi.yaml --url "$base" -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "$examples" --exclude-operation-id logout --generation-deterministic --workers 2 \
    --report junit --report-dir "${REPORT_DIR:-.local/fuzz-report}"
