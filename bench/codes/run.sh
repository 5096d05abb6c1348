#!/usr/bin/env bash
# bench/codes/run.sh: the public code lookup (GET /v1/codes/{code}, what a scanned poster asks) against a
# bare Hummingbird route answering a small JSON body (minqing-bench-baseline), one after the other in the
# same run, both release builds. Then checks that every scan was counted: the API is stopped gracefully
# (its last flush) and code_scans must hold at least as many scans as wrk counted answers.
#
# Environment:
#   DURATION=15        seconds of each measured run (each after a WARMUP=5 second warm-up)
#   CONNECTIONS=64     wrk connections
#   BIN_DIR            directory with release builds of minqing-api and minqing-bench-baseline
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=bench/lib.sh
source "$root/bench/lib.sh"
cd "$root"

duration=${DURATION:-15}
warmup=${WARMUP:-5}
connections=${CONNECTIONS:-64}
require_positive "DURATION=$duration" "WARMUP=$warmup" "CONNECTIONS=$connections"

bench_tools wrk curl
bin=$(bench_binaries minqing-api minqing-bench-baseline)
bench_cluster bench

api_port=$(free_port)
base_port=$(free_port)
url="http://127.0.0.1:$api_port"
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_DATA_KEY MINQING_HTTP_HOST=127.0.0.1 MINQING_HTTP_PORT=$api_port MINQING_PUBLIC_BASE_URL=$url
export MINQING_LOG_FORMAT=json MINQING_LOG_LEVEL=warning # JSON logs, as deploy/kubernetes and docker-compose run it

log "migrating and seeding the demo district"
"$bin/minqing-api" migrate >"$work/migrate.log"
"$bin/minqing-api" seed-demo >"$work/seed.log"
sql "SELECT code FROM codes WHERE status = 'active' ORDER BY code" >"$work/codes.txt"
export MINQING_CODES=$work/codes.txt

start_process "$work/baseline.log" "$bin/minqing-bench-baseline" "$base_port"
base_pid=$started_pid
wait_ready "http://127.0.0.1:$base_port/v1/codes/x" "$base_pid" "$work/baseline.log"
start_process "$work/api.log" "$bin/minqing-api" serve
api_pid=$started_pid
wait_ready "$url/readyz" "$api_pid" "$work/api.log"

measure() { # $1: name, $2: base URL
    log "$1: warm-up ${warmup}s, then ${duration}s, 2 threads, $connections connections"
    wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/lookup.lua" "$2" >"$work/$1-warmup.txt"
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/lookup.lua" "$2" >"$work/$1.txt"
}
answers() { awk '/requests in/ { print $1 }' "$1"; }
non2xx_of() { sed -n 's/^non-2xx responses: //p' "$1"; }

measure baseline "http://127.0.0.1:$base_port"
stop_process "$base_pid"
measure api "$url"
api_rss=$(rss_mb "$api_pid")
stop_process "$api_pid" # SIGTERM: the last flush of the counted scans
scans=$(sql "SELECT coalesce(sum(scans), 0) FROM code_scans")
counted=$(($(answers "$work/api-warmup.txt") + $(answers "$work/api.txt")))

base_rps=$(wrk_rps "$work/baseline.txt")
api_rps=$(wrk_rps "$work/api.txt")
ratio=$(awk -v a="$api_rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.7 ? "PASS" : "FAIL") }')
mkdir -p "$root/bench/out"
out="$root/bench/out/codes-$(date +%Y%m%dT%H%M%S).txt"
{
    run_summary_header "Minqing code lookup benchmark"
    echo "settings:  ${duration}s measured after ${warmup}s warm-up; wrk -t2 -c$connections; $(wc -l <"$work/codes.txt") codes drawn at random"
    echo
    printf 'bare Hummingbird route:      %10s requests/s   p99 %s ms   non-2xx: %s\n' \
        "$base_rps" "$(wrk_percentile "$work/baseline.txt" 99%)" "$(non2xx_of "$work/baseline.txt")"
    printf 'GET /v1/codes/{code}:        %10s requests/s   p99 %s ms   non-2xx: %s\n' \
        "$api_rps" "$(wrk_percentile "$work/api.txt" 99%)" "$(non2xx_of "$work/api.txt")"
    printf 'ratio lookup / bare route:   %10s   target >= 0.7: %s\n' "$ratio" "$verdict"
    printf 'scans in code_scans after a graceful stop: %s; answers wrk counted: %s\n' "$scans" "$counted"
    echo "API RSS after the run: $api_rss MB"
    for file in baseline api; do
        echo
        echo "--- $file ---"
        cat "$work/$file.txt"
    done
} >"$out"
echo
sed -n '/^bare Hummingbird/,/^API RSS/p' "$out"
log "summary written to ${out#"$root"/}"
[ "$(non2xx_of "$work/api.txt")" = 0 ] || { echo "WARNING: the lookup had non-2xx responses" >&2; exit 1; }
[ "$scans" -ge "$counted" ] || { echo "WARNING: fewer scans stored ($scans) than answers counted ($counted)" >&2; exit 1; }
