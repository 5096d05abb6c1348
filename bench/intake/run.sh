#!/usr/bin/env bash
# bench/intake/run.sh: how many resident filings per second minqing-api takes, with its rate limits on at
# their defaults, against the minimal filing transaction in PostgreSQL alone; its latency at 80 % of that
# rate; and the memory of the API and the worker afterwards.
#
#   a. wrk POSTs /v1/submissions (bench/intake/submit.lua) to a release build of minqing-api, with codes and
#      client addresses (X-Forwarded-For, the API trusting loopback as its proxy) drawn at random, a fresh
#      Idempotency-Key each, the worker running beside it: the most it takes, then a paced run at 80 % of that;
#   b. the same with the rate limits off, to show what counting them (shared by replicas) costs;
#   c. with the API and worker stopped, pgbench runs the minimal filing transaction (bench/intake/intake.sql).
# On a throwaway PostgreSQL cluster with fsync on. Prints the figures and their ratios and writes
# everything to bench/out/intake-<date>.txt.
#
# Environment:
#   DURATION=30        seconds of each measured run (each after a WARMUP=5 second warm-up)
#   POOL=32            MINQING_DB_POOL_SIZE of the API (filings wait on fsync while they hold a connection)
#   CONNECTIONS=64     wrk connections and pgbench clients
#   CODES=2000         representatives with codes added to the demo district (the per-code limit is 60/min)
#   BIN_DIR            directory with release builds of minqing-api and minqing-worker (skips the build)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=bench/lib.sh
source "$root/bench/lib.sh"
cd "$root"

duration=${DURATION:-30}
warmup=${WARMUP:-5}
pool=${POOL:-32}
connections=${CONNECTIONS:-64}
extra_codes=${CODES:-2000}
require_positive "DURATION=$duration" "WARMUP=$warmup" "POOL=$pool" "CONNECTIONS=$connections" "CODES=$extra_codes"

bench_tools wrk curl
bin=$(bench_binaries minqing-api minqing-worker)
bench_cluster bench

api_port=$(free_port)
url="http://127.0.0.1:$api_port"
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_DATA_KEY MINQING_HTTP_HOST=127.0.0.1 MINQING_HTTP_PORT=$api_port MINQING_PUBLIC_BASE_URL=$url
# JSON logs, as deploy/kubernetes and docker-compose run it
export MINQING_LOG_FORMAT=json MINQING_LOG_LEVEL=warning MINQING_DB_POOL_SIZE=$pool MINQING_TRUSTED_PROXIES=127.0.0.1/32
unset MINQING_INTAKE_LIMIT_PER_ADDRESS MINQING_INTAKE_LIMIT_PER_CODE # the defaults: 10 per address, 60 per code

log "migrating, seeding the demo district and $extra_codes more codes"
"$bin/minqing-api" migrate >"$work/migrate.log"
"$bin/minqing-api" seed-demo >"$work/seed.log" # prints demo passwords: kept out of the output
"$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U minqing -d bench -v count="$extra_codes" \
    -f "$here/codes.sql"
sql "CREATE TABLE bench_codes AS
     SELECT row_number() OVER (ORDER BY c.code) AS n, c.code, c.representative_id, c.station_id, st.region_id
     FROM codes c JOIN stations st ON st.id = c.station_id
     WHERE c.status = 'active' AND c.kind = 'representative';
     CREATE UNIQUE INDEX ON bench_codes (n); ANALYZE" >/dev/null
sql "SELECT code FROM bench_codes ORDER BY n" >"$work/codes.txt"
code_count=$(wc -l <"$work/codes.txt")
export MINQING_CODES=$work/codes.txt MINQING_THREADS=2

api_pid=""
worker_pid=""
start_servers() { # $1: a label for the logs
    start_process "$work/api-$1.log" "$bin/minqing-api" serve
    api_pid=$started_pid
    start_process "$work/worker-$1.log" "$bin/minqing-worker" run
    worker_pid=$started_pid
    wait_ready "$url/readyz" "$api_pid" "$work/api-$1.log"
}
stop_servers() {
    stop_process "$api_pid"
    stop_process "$worker_pid"
}
wrk_filings() { # $1: seconds, $2: output file, then extra wrk arguments
    local seconds=$1 out=$2
    shift 2
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/submit.lua" "$@" "$url" >"$out"
}
non2xx_of() { sed -n 's/^non-2xx responses: //p' "$1"; }

# --- a. the API with its rate limits on --------------------------------------------------------------------
log "minqing-api on $url (pool $pool, rate limits at their defaults, $code_count codes) and minqing-worker"
start_servers limits
# a one-second trial, so that a refusal (422, 429 …) stops here with its problem document
wrk -t1 -c1 -d1s -s "$here/submit.lua" "$url" >"$work/trial.txt"
if [ "$(non2xx_of "$work/trial.txt")" != 0 ]; then
    echo "the API refuses the benchmark's filing:" >&2
    cat "$work/trial.txt" >&2
    exit 1
fi
log "warm-up (${warmup}s)"
wrk_filings "$warmup" "$work/wrk-warmup.txt"
sql "CHECKPOINT" >/dev/null
before=$(sql "SELECT count(*) FROM submissions")
log "the most it takes: ${duration}s, 2 threads, $connections connections"
wrk_filings "$duration" "$work/wrk-max.txt"
after=$(sql "SELECT count(*) FROM submissions")
max_rps=$(wrk_rps "$work/wrk-max.txt")
paced=$(awk -v r="$max_rps" 'BEGIN { printf "%d", r * 0.8 }')
log "paced at 80 %: $paced filings/s for ${duration}s"
sql "CHECKPOINT" >/dev/null
MINQING_RATE=$paced wrk_filings "$duration" "$work/wrk-paced.txt"
api_rss=$(rss_mb "$api_pid")
worker_rss=$(rss_mb "$worker_pid")
stop_servers
errors_limits=$(cat "$work/api-limits.log" "$work/worker-limits.log" | grep -ciE 'error|critical' || true)

# --- b. the same without rate limits -----------------------------------------------------------------------
log "the same with the rate limits off"
export MINQING_INTAKE_LIMIT_PER_ADDRESS=0 MINQING_INTAKE_LIMIT_PER_CODE=0
start_servers nolimits
wrk_filings "$warmup" "$work/wrk-warmup-nolimits.txt"
sql "CHECKPOINT" >/dev/null
wrk_filings "$duration" "$work/wrk-nolimits.txt"
stop_servers
unset MINQING_INTAKE_LIMIT_PER_ADDRESS MINQING_INTAKE_LIMIT_PER_CODE
nolimits_rps=$(wrk_rps "$work/wrk-nolimits.txt")

# --- c. PostgreSQL alone -------------------------------------------------------------------------------------
# twice: -M prepared (each statement parsed once per connection) and -M extended (an unnamed statement parsed
# for every execution, as PostgresNIO sends them: the API cannot keep named statements, since PgBouncer in
# transaction mode would hand them to another server connection)
run_pgbench() { # $1: mode, $2: seconds
    "$pgbin/pgbench" -n -M "$1" -c "$connections" -j 2 -T "$2" -h 127.0.0.1 -p "$pg_port" -U minqing \
        -D codes="$code_count" -f "$here/intake.sql" bench
}
for mode in prepared extended; do
    log "pgbench -M $mode: warm-up ${warmup}s, then ${duration}s, $connections clients, the minimal filing transaction"
    run_pgbench "$mode" "$warmup" >"$work/pgbench-warmup.txt" 2>&1 || { cat "$work/pgbench-warmup.txt" >&2; exit 1; }
    sql "CHECKPOINT" >/dev/null
    run_pgbench "$mode" "$duration" >"$work/pgbench-$mode.txt" 2>&1 || { cat "$work/pgbench-$mode.txt" >&2; exit 1; }
done
pg_tps() { awk '/^tps = / && /without initial connection time|excluding connections establishing/ { printf "%.0f", $3 }' "$1"; }
pg_failed() { sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$1"; }
prepared_tps=$(pg_tps "$work/pgbench-prepared.txt")
extended_tps=$(pg_tps "$work/pgbench-extended.txt")

# --- summary -------------------------------------------------------------------------------------------------
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN { if ((d == "ge" && v >= t) || (d == "lt" && v < t)) print "PASS"; else print "FAIL" }'; }
prepared_ratio=$(ratio "$max_rps" "$prepared_tps")
extended_ratio=$(ratio "$max_rps" "$extended_tps")
limits_ratio=$(ratio "$max_rps" "$nolimits_rps")
rss_max=$(awk -v a="${api_rss%% *}" -v b="${worker_rss%% *}" 'BEGIN { print (a > b ? a : b) }')
mkdir -p "$root/bench/out"
out="$root/bench/out/intake-$(date +%Y%m%dT%H%M%S).txt"
{
    run_summary_header "Minqing intake benchmark"
    echo "settings:  ${duration}s measured after ${warmup}s warm-up; wrk -t2 -c$connections; API pool $pool; $code_count codes;"
    echo "           client addresses random in 10.0.0.0/8 via X-Forwarded-For; pgbench -n -c $connections -j 2"
    echo
    printf 'API, limits on  (wrk, POST /v1/submissions): %9s filings/s   p99 %s ms   non-2xx: %s\n' \
        "$max_rps" "$(wrk_percentile "$work/wrk-max.txt" 99%)" "$(non2xx_of "$work/wrk-max.txt")"
    printf 'API, limits off:                             %9s filings/s   p99 %s ms   non-2xx: %s\n' \
        "$nolimits_rps" "$(wrk_percentile "$work/wrk-nolimits.txt" 99%)" "$(non2xx_of "$work/wrk-nolimits.txt")"
    printf 'SQL, minimal filing transaction, -M prepared: %8s tps         failed: %s\n' "$prepared_tps" "$(pg_failed "$work/pgbench-prepared.txt")"
    printf 'SQL, minimal filing transaction, -M extended: %8s tps         failed: %s\n' "$extended_tps" "$(pg_failed "$work/pgbench-extended.txt")"
    # the target is against the protocol the API speaks (unnamed statements); -M prepared is for reference
    printf 'ratio API (limits on) / pgbench extended:    %9s   target >= 0.5: %s\n' "$extended_ratio" "$(verdict "$extended_ratio" 0.5 ge)"
    printf 'ratio API (limits on) / pgbench prepared:    %9s   (reference: named statements, which the API does not use)\n' "$prepared_ratio"
    printf 'ratio API limits on / off:                   %9s\n' "$limits_ratio"
    printf 'paced at %s filings/s (80 %%):               %9s filings/s   p50 %s ms   p99 %s ms   non-2xx: %s\n' \
        "$paced" "$(wrk_rps "$work/wrk-paced.txt")" "$(wrk_percentile "$work/wrk-paced.txt" 50%)" \
        "$(wrk_percentile "$work/wrk-paced.txt" 99%)" "$(non2xx_of "$work/wrk-paced.txt")"
    printf 'RSS after the runs: API %s MB, worker %s MB   target < 150 MB each: %s\n' "$api_rss" "$worker_rss" \
        "$(verdict "$rss_max" 150 lt)"
    echo "rows filed during the measured run: $((after - before)); API and worker log lines with error/critical: $errors_limits"
    for file in wrk-max wrk-paced wrk-nolimits pgbench-prepared pgbench-extended; do
        echo
        echo "--- $file ---"
        cat "$work/$file.txt"
    done
    if [ "$errors_limits" != 0 ]; then
        echo
        echo "--- API log (last 20 lines) ---"
        tail -n 20 "$work/api-limits.log"
    fi
} >"$out"

echo
sed -n '/^API, limits on/,/^rows filed/p' "$out"
log "summary written to ${out#"$root"/}"
for file in wrk-max wrk-paced wrk-nolimits; do
    if [ "$(non2xx_of "$work/$file.txt")" != 0 ]; then
        echo "WARNING: $file had non-2xx responses; the figures are not comparable" >&2
        exit 1
    fi
done
