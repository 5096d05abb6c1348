#!/usr/bin/env bash
# bench/insight/run.sh: the insight reads at a year's volume (issue 15, "Scale").
#
# Generates bench/worker's year (bench/worker/run.sh with GENERATE_ONLY=1: ROWS submissions over 2026, all in
# one county region), fills item_terms with the real indexer (`minqing-api index-terms`, timed), starts a
# release minqing-api, signs in an admin and a staff member of the county, and times with curl
# (WARMUP unrecorded requests, then REPEAT timed ones each; median, p90, max):
#   baseline  GET /v1/categories (a trivial public read, the same client and headers);
#   1.        GET /v1/insights/hot-words for the county over one month (MONTH);
#   2.        GET /v1/submissions/{id}/similar for SIMILAR submissions of the last 180 days;
#   3.        GET /v1/dashboard for the county over 2026.
# Prints each as milliseconds and as a ratio to the baseline, with the targets (< 300 ms, < 100 ms, < 300 ms),
# and writes everything, with the auto_explain plans of the API's own statements of one request each, to
# bench/out/insight-<date>.txt.
#
# Environment:
#   ROWS=1000000      submissions to generate (bench/worker's generator)
#   CHUNKS=20         generator transactions
#   REPEAT=20         timed requests of each kind (each similar-items submission gets REPEAT)
#   WARMUP=3          unrecorded requests before them
#   SIMILAR=3         submissions whose similar items are timed, spread over the 180-day window
#   MONTH=2026-11     the hot-words month, in 2026 (the period of the same length before it is compared)
#   PLAN_MS=10        auto_explain logs the API's statements of one request each taking at least this long
#   BIN_DIR           directory with a release minqing-api; default .build-release/release, built with
#                     `swift build -c release --scratch-path .build-release` when missing there
#   DATABASE_URL      use this database instead of a throwaway cluster; it is kept, migrated, generated into
#                     when it does not hold ROWS submissions yet (as bench/worker does), indexed when item_terms
#                     has no submissions (REINDEX=1: always). Each run adds an admin and a staff user. No plans
#                     from auto_explain (they are read from the benchmark cluster's log)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=bench/lib.sh
source "$root/bench/lib.sh"
cd "$root"

rows=${ROWS:-1000000}
chunks=${CHUNKS:-20}
repeat=${REPEAT:-20}
warmup=${WARMUP:-3}
similar_count=${SIMILAR:-3}
month=${MONTH:-2026-11}
plan_ms=${PLAN_MS:-10}
require_positive "ROWS=$rows" "CHUNKS=$chunks" "REPEAT=$repeat" "SIMILAR=$similar_count"
[[ $warmup =~ ^[0-9]+$ ]] || { echo "WARMUP=$warmup: must be a number" >&2; exit 2; }
[[ $plan_ms =~ ^[0-9]+$ ]] || { echo "PLAN_MS=$plan_ms: must be a number" >&2; exit 2; }
[[ $month =~ ^2026-(0[1-9]|1[0-2])$ ]] || { echo "MONTH=$month: must be 2026-01 … 2026-12 (the generated year)" >&2; exit 2; }
[ "$chunks" -le "$rows" ] || { echo "CHUNKS must not exceed ROWS" >&2; exit 2; }

# --- binaries, database -------------------------------------------------------------------------------------
bench_tools curl
if [ -z "${BIN_DIR:-}" ] && [ -x "$root/.build-release/release/minqing-api" ]; then BIN_DIR=$root/.build-release/release; fi
bin=$(bench_binaries minqing-api)
own_cluster=0
if [ -z "${DATABASE_URL:-}" ]; then
    bench_cluster insight
    own_cluster=1
fi
psql_() { "$pgbin/psql" -X -v ON_ERROR_STOP=1 "$@" "$DATABASE_URL"; }
# bench/lib.sh's sql (used by run_summary_header) with the cluster's port; this one reaches a DATABASE_URL too
sql() { psql_ -At -c "$1"; }

api_port=$(free_port)
url="http://127.0.0.1:$api_port"
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_DATA_KEY MINQING_HTTP_HOST=127.0.0.1 MINQING_HTTP_PORT=$api_port MINQING_PUBLIC_BASE_URL=$url
# the zone the data was made in; JSON logs at warning, as deployed
export MINQING_TIMEZONE=Asia/Shanghai MINQING_LOG_FORMAT=json MINQING_LOG_LEVEL=warning

log "migrating"
"$bin/minqing-api" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }

# --- data: bench/worker's year ------------------------------------------------------------------------------
log "bench/worker's generator: ROWS=$rows CHUNKS=$chunks"
started=$SECONDS
DATABASE_URL=$DATABASE_URL ROWS=$rows CHUNKS=$chunks GENERATE_ONLY=1 "$root/bench/worker/run.sh" >"$work/generate.txt"
generate_seconds=$((SECONDS - started))
submissions=$(sql "SELECT count(*) FROM submissions")
county=$(sql "SELECT id FROM regions WHERE id = md5('minqing-worker-bench/region')::uuid")
[ -n "$county" ] || { echo "no region of bench/worker's generator in the database" >&2; exit 1; }
county_label=$(sql "SELECT name || ' (' || level || ', ' || (SELECT count(*) FROM regions) || ' region(s) in the database)' FROM regions WHERE id = '$county'")

# --- item_terms by the real indexer ------------------------------------------------------------------------
# the share of the id space done (index-terms goes by id in batches of 500; the generator's ids are md5s)
index_progress() {
    sql "SELECT coalesce((SELECT round(100 * ('x' || left(subject_id::text, 8))::bit(32)::bigint / 4294967296.0)
                          FROM item_terms WHERE subject_kind = 'submission' ORDER BY subject_id DESC LIMIT 1), 0)"
}
index_note=""
if [ "$(sql "SELECT EXISTS (SELECT 1 FROM item_terms WHERE subject_kind = 'submission')")" = t ] && [ "${REINDEX:-0}" != 1 ]; then
    log "item_terms already holds submissions; not re-indexing (REINDEX=1 to time it again)"
    index_note="(already indexed; not timed in this run)"
    index_seconds=""
    vacuum_seconds=""
else
    log "minqing-api index-terms ($submissions submissions)"
    t0=$(date +%s.%N)
    start_process "$work/index-terms.log" "$bin/minqing-api" index-terms
    index_pid=$started_pid
    while kill -0 "$index_pid" 2>/dev/null; do
        sleep 5
        kill -0 "$index_pid" 2>/dev/null || break
        line=$(printf 'index-terms: about %s %% of the ids, %d s' "$(index_progress)" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%d", b - a }')")
        if [ -t 2 ]; then printf '\r%s\033[K' "$line" >&2; else echo "$line" >&2; fi
    done
    [ ! -t 2 ] || printf '\n' >&2
    if ! wait "$index_pid"; then
        echo "minqing-api index-terms failed:" >&2
        tail -n 30 "$work/index-terms.log" >&2
        exit 1
    fi
    t1=$(date +%s.%N)
    index_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    index_note=$(grep '^indexed ' "$work/index-terms.log" || true)
    log "$index_note in $index_seconds s; VACUUM (ANALYZE) item_terms"
    t0=$(date +%s.%N)
    psql_ -q -c "VACUUM (ANALYZE) item_terms"
    vacuum_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
fi
term_rows=$(sql "SELECT count(*) FROM item_terms WHERE subject_kind = 'submission'")
terms_facts=$(sql "SELECT 'item_terms ' || pg_size_pretty(pg_table_size('item_terms')) || ' (+ indexes ' || pg_size_pretty(pg_indexes_size('item_terms'))
    || ': ' || (SELECT string_agg(c.relname || ' ' || pg_size_pretty(pg_relation_size(c.oid)), ', ' ORDER BY c.relname)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'item_terms'::regclass) || ')'")

# --- the periods ------------------------------------------------------------------------------------------
from="${month}-01T00:00:00+08:00"
to="$(date -d "${month}-15 +1 month" +%Y-%m)-01T00:00:00+08:00"
before=$(sql "SELECT to_char(('$from'::timestamptz - ('$to'::timestamptz - '$from'::timestamptz)) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"')")
year_from=2026-01-01T00:00:00+08:00
year_to=2027-01-01T00:00:00+08:00
enc() { printf '%s' "${1//+/%2B}"; } # the offset's + in a query string
month_facts=$(sql "SELECT count(DISTINCT subject_id) || ' submissions with terms, ' || count(*) || ' term rows, ' || count(DISTINCT term)
    || ' distinct terms (' || round(count(*)::numeric / greatest(count(DISTINCT subject_id), 1), 1) || ' per item)'
    FROM item_terms WHERE filed_at >= '$from' AND filed_at < '$to'")
# the similar-items window: the 180 days before now (the API's clock), as far as they hold generated items
window_items=$(sql "SELECT count(*) FROM submissions WHERE created_at >= now() - interval '180 days'")
mapfile -t similar_ids < <(sql "
    SELECT (SELECT s.id FROM submissions s WHERE s.created_at >= w.lo + (w.hi - w.lo) * j / ($similar_count + 1)
            ORDER BY s.created_at, s.id LIMIT 1)
    FROM generate_series(1, $similar_count) AS j,
         (SELECT least(greatest(now() - interval '180 days', '$year_from'::timestamptz), '$year_to'::timestamptz - interval '180 days') AS lo,
                 least(now(), '$year_to'::timestamptz) AS hi) w")
if [ ${#similar_ids[@]} -eq 0 ] || [ -z "${similar_ids[0]}" ]; then
    echo "no submissions to ask for similar items" >&2
    exit 1
fi

# --- the API and its callers --------------------------------------------------------------------------------
admin_user="insight-admin-$$" # per run: a kept DATABASE_URL keeps the users of earlier runs
staff_user="insight-staff-$$"
admin_password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
staff_password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
echo "$admin_password" | "$bin/minqing-api" create-admin --username "$admin_user" >"$work/create-admin.log" 2>&1 \
    || { cat "$work/create-admin.log" >&2; exit 1; }

api_pid=""
start_api() { # $1: a label for the log
    start_process "$work/api-$1.log" "$bin/minqing-api" serve
    api_pid=$started_pid
    wait_ready "$url/readyz" "$api_pid" "$work/api-$1.log"
}
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
login() { # USER PASSWORD: prints the bearer token
    curl -sS --fail-with-body -X POST "$url/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\": \"$1\", \"password\": \"$2\"}" | json_field token
}

log "minqing-api on $url"
start_api timed
admin_token=$(login "$admin_user" "$admin_password")
curl -sS --fail-with-body -o "$work/staff.json" -X POST "$url/v1/users" -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' \
    -d "{\"username\": \"$staff_user\", \"password\": \"$staff_password\", \"role\": \"staff\", \"region_id\": \"$county\"}"
staff_token=$(login "$staff_user" "$staff_password")

# measure NAME PATH: WARMUP unrecorded requests, then REPEAT timed ones as the county's staff member (curl's
# time_total, ms, into $work/NAME.times; the last body in $work/NAME.json). Prints 200, or the first other status.
measure() {
    local name=$1 path=$2 i code t
    : >"$work/$name.times"
    for ((i = 0; i < warmup + repeat; i++)); do
        read -r code t < <(curl -sS -o "$work/$name.json" -w '%{http_code} %{time_total}\n' \
            -H "Authorization: Bearer $staff_token" "$url$path" || echo "000 0")
        if [ "$code" != 200 ]; then
            echo "$code"
            return
        fi
        [ "$i" -lt "$warmup" ] || awk -v t="$t" 'BEGIN { printf "%.2f\n", t * 1000 }' >>"$work/$name.times"
    done
    echo 200
}
# stats FILE...: "median p90 max" in ms over the times in FILEs (p90: nearest rank)
stats() {
    cat "$@" | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        p = int(0.9 * NR); if (p < 0.9 * NR) p++
        printf "%.1f %.1f %.1f", m, v[p], v[NR] }'
}
require_ok() { # NAME STATUS
    [ "$2" = 200 ] && return 0
    echo "$1 answered HTTP $2:" >&2
    cat "$work/$1.json" >&2 2>/dev/null || true
    echo >&2
    exit 1
}

hot_path="/v1/insights/hot-words?region_id=$county&from=$(enc "$from")&to=$(enc "$to")"
dashboard_path="/v1/dashboard?region_id=$county&from=$(enc "$year_from")&to=$(enc "$year_to")"

log "baseline: GET /v1/categories ($warmup + $repeat)"
require_ok categories "$(measure categories /v1/categories)"
log "1. hot words of the county, $month ($warmup + $repeat)"
require_ok hotwords "$(measure hotwords "$hot_path")"
similar_names=()
for ((k = 0; k < ${#similar_ids[@]}; k++)); do
    log "2. similar items of submission $((k + 1))/${#similar_ids[@]} ($warmup + $repeat)"
    require_ok "similar$k" "$(measure "similar$k" "/v1/submissions/${similar_ids[$k]}/similar")"
    similar_names+=("$work/similar$k.times")
done
log "3. dashboard of the county, 2026 ($warmup + $repeat)"
require_ok dashboard "$(measure dashboard "$dashboard_path")"
api_log_errors=$(grep -ciE '"level":"(error|critical)"' "$work/api-timed.log" || true)
stop_process "$api_pid"

# --- plans ----------------------------------------------------------------------------------------------------
# One more request of each kind with auto_explain logging the plans of the API's own statements (its SQL with
# the values it bound) that take PLAN_MS or more, with ANALYZE and BUFFERS. Reads the server log: only on the
# benchmark's own cluster.
explained() { # NAME PATH
    local start
    start=$(stat -c %s "$bench_dir/postgres.log")
    curl -sS -o /dev/null -H "Authorization: Bearer $staff_token" "$url$2" || true
    sleep 0.2
    echo "[$1: GET $2]"
    tail -c +$((start + 1)) "$bench_dir/postgres.log" \
        | awk '/ LOG:  duration: .* plan:/ { sub(/^.* LOG:  /, ""); print; keep = 1; next } /^\t/ { if (keep) print; next } { keep = 0 }'
    echo
}
if [ "$own_cluster" = 1 ]; then
    log "one request each with auto_explain (statements of $plan_ms ms or more)"
    psql_ -q -c "ALTER DATABASE $bench_db SET session_preload_libraries = 'auto_explain'" \
        -c "ALTER DATABASE $bench_db SET auto_explain.log_min_duration = '${plan_ms}ms'" \
        -c "ALTER DATABASE $bench_db SET auto_explain.log_analyze = on" \
        -c "ALTER DATABASE $bench_db SET auto_explain.log_buffers = on"
    start_api explained
    {
        explained categories /v1/categories
        explained hot-words "$hot_path"
        explained similar "/v1/submissions/${similar_ids[0]}/similar"
        explained dashboard "$dashboard_path"
    } >"$work/plans.txt"
    stop_process "$api_pid"
    psql_ -q -c "ALTER DATABASE $bench_db RESET ALL"
else
    echo "(auto_explain plans are read from the benchmark cluster's log: not with DATABASE_URL)" >"$work/plans.txt"
fi

# --- summary ------------------------------------------------------------------------------------------------
read -r base_m base_p base_x <<<"$(stats "$work/categories.times")"
ratio() { awk -v a="$1" -v b="$base_m" 'BEGIN { if (b > 0) printf "%.1f x", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t) ? "PASS" : "FAIL" }'; }
row() { printf '%-46s %8s %8s %8s %10s   %s\n' "$@"; }
line() { # LABEL TARGET_MS FILE...
    local label=$1 target=$2 m p x
    shift 2
    read -r m p x <<<"$(stats "$@")"
    row "$label" "$m" "$p" "$x" "$(ratio "$m")" "< $target ms: $(verdict "$m" "$target")"
}
receipt() { sql "SELECT receipt_no || ' (' || (SELECT count(*) FROM item_terms t WHERE t.subject_kind = 'submission' AND t.subject_id = s.id)
    || ' terms)' FROM submissions s WHERE id = '$1'"; }
table() {
    row "request (as the county's staff member)" "median" "p90" "max" "/ baseline" "target (on the median)"
    row "baseline: GET /v1/categories" "$base_m" "$base_p" "$base_x" "1.0 x" ""
    line "1. hot words, the county, $month" 300 "$work/hotwords.times"
    for ((k = 0; k < ${#similar_ids[@]}; k++)); do
        line "2. similar items, $(receipt "${similar_ids[$k]}")" 100 "$work/similar$k.times"
    done
    [ ${#similar_ids[@]} -eq 1 ] || line "   similar items, all ${#similar_ids[@]} together" 100 "${similar_names[@]}"
    line "3. dashboard, the county, 2026" 300 "$work/dashboard.times"
    echo
    echo "milliseconds, curl's time_total of $repeat requests each after $warmup unrecorded, one at a time, a new connection each"
}

mkdir -p "$root/bench/out"
out="$root/bench/out/insight-$(date +%Y%m%dT%H%M%S).txt"
{
    run_summary_header "Minqing insight benchmark"
    echo "data:      ROWS=$rows CHUNKS=$chunks (bench/worker/generate.sql): $submissions submissions; generation step $generate_seconds s"
    echo "index:     minqing-api index-terms: ${index_note}${index_seconds:+ in $index_seconds s ($(awk -v n="$submissions" -v s="$index_seconds" 'BEGIN { printf "%.0f", n / s }') submissions/s)}${vacuum_seconds:+; VACUUM (ANALYZE) item_terms $vacuum_seconds s}"
    echo "terms:     $term_rows rows of submissions; $terms_facts"
    echo "county:    $county $county_label"
    echo "month:     $from … $to (before: $before …): $month_facts"
    echo "similar:   $window_items submissions in the 180 days before now ($(date -Iseconds)), the API's window"
    echo "binaries:  $bin"
    echo
    table
    echo
    echo "--- the hot words of the month (term: items, previous items) ---"
    python3 -c 'import json, sys
for w in json.load(open(sys.argv[1]))["items"]:
    print("%s: %d, %d" % (w["term"], w["items"], w["previous_items"]))' "$work/hotwords.json"
    echo
    echo "--- similar items (the best five of each: label, score, shared terms) ---"
    for ((k = 0; k < ${#similar_ids[@]}; k++)); do
        echo "[$(receipt "${similar_ids[$k]}"), filed $(sql "SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM submissions WHERE id = '${similar_ids[$k]}'"): $(sql "SELECT coalesce(title, left(content, 30)) FROM submissions WHERE id = '${similar_ids[$k]}'")]"
        echo "terms: $(sql "SELECT string_agg(term, ' ' ORDER BY term) FROM item_terms WHERE subject_kind = 'submission' AND subject_id = '${similar_ids[$k]}'")"
        echo "term rows of the window sharing one of its terms (what the candidate aggregate reads): $(sql "
            SELECT count(*) FROM item_terms x WHERE x.filed_at >= now() - interval '180 days'
              AND x.term IN (SELECT term FROM item_terms WHERE subject_kind = 'submission' AND subject_id = '${similar_ids[$k]}')")"
        python3 -c 'import json, sys
items = json.load(open(sys.argv[1]))["items"]
print("%d items" % len(items))
for i in items[:5]:
    print("  %s  %.3f  %s" % (i.get("label") or i["id"], i["score"], " ".join(i["shared_terms"])))' "$work/similar$k.json"
    done
    echo
    echo "--- dashboard (the first 3,000 characters of the last answer) ---"
    head -c 3000 "$work/dashboard.json" 2>/dev/null || true
    echo
    echo
    echo "--- auto_explain: the API's statements of one more request each that took $plan_ms ms or more ---"
    cat "$work/plans.txt"
    echo "--- the generated data (bench/worker/generate.sql summary) ---"
    cat "$work/generate.txt"
    echo
    echo "--- minqing-api index-terms output ---"
    cat "$work/index-terms.log" 2>/dev/null || echo "(not run)"
    echo
    echo "--- API log of the timed run: $api_log_errors error/critical lines (the last 20 lines) ---"
    tail -n 20 "$work/api-timed.log"
} >"$out"

echo
table
log "written to ${out#"$root"/}"
