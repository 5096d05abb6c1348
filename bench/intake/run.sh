#!/usr/bin/env bash
# bench/intake/run.sh: how many resident filings per second minqing-api takes, against what PostgreSQL
# alone does with the same statements.
#
#   a. wrk POSTs /v1/submissions through one representative code (bench/intake/submit.lua) to a release
#      build of minqing-api with rate limits off, after a warm-up;
#   b. with the API stopped, pgbench runs the same transaction (bench/intake/intake.sql) on the same
#      database, after a warm-up.
# Both on a throwaway PostgreSQL cluster with fsync on. Prints requests/s, tps, their ratio and the
# non-2xx count, and writes everything to bench/out/intake-<date>.txt.
#
# Environment:
#   DURATION=30        seconds of each measured run (the warm-ups take WARMUP=5 seconds)
#   POOL=16            MINQING_DB_POOL_SIZE of the API
#   CONNECTIONS=64     wrk connections and pgbench clients
#   PGBENCH_MODE=prepared   pgbench -M (prepared or extended; PostgresNIO itself uses unnamed statements)
#   BIN_DIR            directory with an already built release minqing-api (skips `swift build`)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/lib.sh
source "$here/../../scripts/lib.sh"
root=$(cd "$here/../.." && pwd)
cd "$root"

duration=${DURATION:-30}
warmup=${WARMUP:-5}
pool=${POOL:-16}
connections=${CONNECTIONS:-64}
mode=${PGBENCH_MODE:-prepared}
for setting in "DURATION=$duration" "WARMUP=$warmup" "POOL=$pool" "CONNECTIONS=$connections"; do
    [[ ${setting#*=} =~ ^[1-9][0-9]*$ ]] || { echo "$setting: must be a positive integer" >&2; exit 2; }
done
case "$mode" in prepared | extended) ;; *) echo "PGBENCH_MODE must be prepared or extended" >&2; exit 2 ;; esac

api_pid=""
dir=""
work=""
stop_api() {
    [ -n "$api_pid" ] || return 0
    kill -TERM "$api_pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$api_pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
        sleep 1
        waited=$((waited + 1))
    done
    kill -KILL "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
    api_pid=""
}
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_api
    if [ -n "$dir" ]; then
        cluster_stop "$dir"
        rm -rf "$dir"
    fi
    if [ -n "$work" ]; then rm -rf "$work"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- packages, build --------------------------------------------------------------------------------
ensure_packages
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pgbin=$(pg_bindir)

if [ -n "${BIN_DIR:-}" ]; then
    bin=$BIN_DIR
else
    log "building minqing-api (release)"
    swift build -c release --product minqing-api
    bin=$(swift build -c release --show-bin-path)
fi
[ -x "$bin/minqing-api" ] || { echo "no minqing-api in $bin" >&2; exit 1; }

work=$(mktemp -d)

# --- database -----------------------------------------------------------------------------------------
dir=$(cluster_home "$root/.local/bench-postgres-$$" "/var/tmp/minqing-bench-postgres-$$")
pg_port=$(free_port)
MINQING_PG_FSYNC=on cluster_start "$dir" "$pg_port"
as_pg_owner "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U minqing bench
sql() { "$pgbin/psql" -X -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p "$pg_port" -U minqing -d bench -c "$1"; }

api_port=$(free_port)
url="http://127.0.0.1:$api_port"
export DATABASE_URL="postgres://minqing@127.0.0.1:$pg_port/bench?sslmode=disable"
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_DATA_KEY
export MINQING_HTTP_HOST=127.0.0.1 MINQING_HTTP_PORT=$api_port MINQING_PUBLIC_BASE_URL=$url
export MINQING_INTAKE_LIMIT_PER_ADDRESS=0 MINQING_INTAKE_LIMIT_PER_CODE=0
export MINQING_LOG_LEVEL=warning MINQING_DB_POOL_SIZE=$pool

log "migrating and seeding the demo district"
"$bin/minqing-api" migrate >"$work/migrate.log"
"$bin/minqing-api" seed-demo >"$work/seed.log" # prints demo passwords: kept out of the output
code=$(sql "SELECT code FROM codes WHERE status = 'active' AND kind = 'representative' ORDER BY created_at, code LIMIT 1")
[ -n "$code" ] || { echo "seed-demo left no active representative code" >&2; exit 1; }

# --- a. the API ---------------------------------------------------------------------------------------
log "starting minqing-api on $url (pool $pool, rate limits off)"
"$bin/minqing-api" serve >"$work/api.log" 2>&1 &
api_pid=$!
ready=no
for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz" || true)" = 200 ]; then
        ready=yes
        break
    fi
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 0.5
done
if [ "$ready" != yes ]; then
    echo "minqing-api did not become ready; its log:" >&2
    tail -n 40 "$work/api.log" >&2
    exit 1
fi

# a one-second trial, so that a refusal (422, 410, 429 …) stops here with its problem document
trial=$(MINQING_CODE=$code wrk -t1 -c1 -d1s -s "$here/submit.lua" "$url")
if [ "$(sed -n 's/^non-2xx responses: //p' <<<"$trial")" != 0 ]; then
    echo "the API refuses the benchmark's filing:" >&2
    echo "$trial" >&2
    exit 1
fi

log "wrk warm-up (${warmup}s)"
MINQING_CODE=$code wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/submit.lua" "$url" >"$work/wrk-warmup.txt"
sql "CHECKPOINT" >/dev/null
before=$(sql "SELECT count(*) FROM submissions")
log "wrk: ${duration}s, 2 threads, $connections connections"
MINQING_CODE=$code wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/submit.lua" "$url" | tee "$work/wrk.txt"
after=$(sql "SELECT count(*) FROM submissions")
stop_api
api_errors=$(grep -ciE 'error|critical' "$work/api.log" || true)

api_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")
non2xx=$(sed -n 's/^non-2xx responses: //p' "$work/wrk.txt")
socket_errors=$(sed -n 's/^ *Socket errors: //p' "$work/wrk.txt")

# --- b. PostgreSQL alone ------------------------------------------------------------------------------
# the receipt year the API used (its counter row), so pgbench contends for the same row
year=$(sql "SELECT coalesce(max(year), extract(year FROM now() AT TIME ZONE '${MINQING_TIMEZONE:-Asia/Shanghai}')::int)
            FROM receipt_counters")
run_pgbench() {
    "$pgbin/pgbench" -n -M "$mode" -c "$connections" -j 2 -T "$1" -h 127.0.0.1 -p "$pg_port" -U minqing \
        -D code="$code" -D year="$year" -f "$here/intake.sql" bench
}
log "pgbench warm-up (${warmup}s)"
run_pgbench "$warmup" >"$work/pgbench-warmup.txt" 2>&1 || { cat "$work/pgbench-warmup.txt" >&2; exit 1; }
sql "CHECKPOINT" >/dev/null
log "pgbench: ${duration}s, $connections clients, 2 threads, -M $mode"
run_pgbench "$duration" 2>&1 | tee "$work/pgbench.txt"
pg_tps=$(awk '/^tps = / && /without initial connection time|excluding connections establishing/ { print $3 }' "$work/pgbench.txt")
pg_failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench.txt")

# --- summary ------------------------------------------------------------------------------------------
ratio=$(awk -v a="${api_rps:-0}" -v p="${pg_tps:-0}" 'BEGIN { if (p > 0) printf "%.2f", a / p; else print "n/a" }')
mkdir -p "$root/bench/out"
out="$root/bench/out/intake-$(date +%Y%m%dT%H%M%S).txt"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (with uncommitted changes)"
{
    echo "Minqing intake benchmark, $(date -Iseconds)"
    echo "commit:    $commit"
    echo "machine:   $(nproc) cores, $(uname -sr); $(sql "SELECT version()" | cut -d, -f1)"
    echo "postgres:  fsync=$(sql "SHOW fsync"), synchronous_commit=$(sql "SHOW synchronous_commit"), shared_buffers=$(sql "SHOW shared_buffers")"
    echo "settings:  ${duration}s measured after ${warmup}s warm-up; wrk -t2 -c$connections; API pool $pool;"
    echo "           pgbench -n -M $mode -c $connections -j 2; code $code (representative), receipt year $year"
    echo
    printf 'API  (wrk, POST /v1/submissions):  %10s requests/s   non-2xx: %s%s\n' \
        "${api_rps:-?}" "${non2xx:-?}" "${socket_errors:+   socket errors: $socket_errors}"
    printf 'SQL  (pgbench, intake.sql):         %10s tps          failed: %s   (without initial connection time)\n' \
        "${pg_tps:-?}" "${pg_failed:-?}"
    printf 'ratio API / pgbench:                %10s\n' "$ratio"
    echo "rows filed during the measured API run: $((after - before)); API log lines with error/critical: $api_errors"
    echo
    echo "--- wrk ---"
    cat "$work/wrk.txt"
    echo
    echo "--- pgbench ---"
    cat "$work/pgbench.txt"
    if [ "$api_errors" != 0 ]; then
        echo
        echo "--- API log (last 20 lines) ---"
        tail -n 20 "$work/api.log"
    fi
} >"$out"

echo
sed -n '/^API  (wrk/,/^rows filed/p' "$out"
log "summary written to ${out#"$root"/}"
if [ "${non2xx:-1}" != 0 ] || [ "${pg_failed:-1}" != 0 ]; then
    echo "WARNING: some requests or transactions failed; the throughputs are not comparable" >&2
    exit 1
fi
