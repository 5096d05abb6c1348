#!/usr/bin/env bash
# bench/worker/run.sh: the worker's jobs at a year's volume (issue 5, "Scale").
#
# Starts a throwaway PostgreSQL cluster (fsync on), migrates it with minqing-api, generates a year with
# bench/worker/generate.sql (2,000 departments, ROWS submissions in 2026, 1.2 × ROWS assignments, their
# replies, evaluations and reminders) with a progress bar, runs VACUUM (ANALYZE), then times with
# `minqing-worker tick --now …`:
#   a. the deadline scan at 2027-01-05 10:00 (+08), a Tuesday in office hours, with nothing due, against a
#      tick with nothing to do (process start, schema check, cursors);
#   b. the monthly tracking of 2026-12 (tick at 2027-01-01 08:00);
#   c. the annual evaluation of 2026 with its spot checks (tick at 2027-01-01 02:00);
#   d. one sequential scan of assignments (SELECT count(*), no parallel workers).
# Each is run REPEAT times (median reported), then once more untimed with auto_explain logging the plans of
# its statements; only the kind being measured is due in its tick. Prints a
# table and the two targets (scan < 1 s; annual evaluation < 5 × the sequential scan) and writes
# everything to bench/out/worker-<date>.txt.
#
# Environment:
#   ROWS=1000000      submissions to generate (assignments: 1.2 × ROWS)
#   CHUNKS=20         generator transactions (one progress-bar step each)
#   REPEAT=3          measured runs of each step
#   BIN_DIR           directory with release minqing-api and minqing-worker; default .build-release/release,
#                     built with `swift build -c release --scratch-path .build-release` when missing there
#   DATABASE_URL      use this database instead of a throwaway cluster (kept afterwards). It must be made for
#                     this benchmark: generation is skipped when it already holds the rows, and the timing
#                     steps rewrite job_cursors and job_runs and delete notifications, the 2026 reports and
#                     the 2026 spot-check samples
#   GENERATE_ONLY=1   with DATABASE_URL (already migrated): only generate and VACUUM (ANALYZE); no binaries
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/lib.sh
source "$here/../../scripts/lib.sh"
root=$(cd "$here/../.." && pwd)
cd "$root"

rows=${ROWS:-1000000}
chunks=${CHUNKS:-20}
repeat=${REPEAT:-3}
generate_only=${GENERATE_ONLY:-0}
for setting in "ROWS=$rows" "CHUNKS=$chunks" "REPEAT=$repeat"; do
    [[ ${setting#*=} =~ ^[1-9][0-9]*$ ]] || { echo "$setting: must be a positive integer" >&2; exit 2; }
done
[ "$chunks" -le "$rows" ] || { echo "CHUNKS must not exceed ROWS" >&2; exit 2; }
if [ "$generate_only" = 1 ] && [ -z "${DATABASE_URL:-}" ]; then
    echo "GENERATE_ONLY=1 needs DATABASE_URL (a migrated database)" >&2
    exit 2
fi

# The instants of the three jobs (Asia/Shanghai); generate.sql builds its data around the first one.
scan_at=2027-01-05T10:00:00+08:00
monthly_at=2027-01-01T08:00:00+08:00
annual_at=2027-01-01T02:00:00+08:00
far='2100-01-01 00:00:00+00' # a cursor there makes a kind enqueue nothing
kinds=(deadline_scan monthly_tracking quarterly_oversight annual_evaluation ledger_housekeeping)

dir=""
work=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$dir" ]; then
        cluster_stop "$dir"
        rm -rf "$dir"
    fi
    if [ -n "$work" ]; then rm -rf "$work"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$generate_only" = 1 ]; then
    pg_bindir >/dev/null 2>&1 || ensure_packages
else
    ensure_packages
fi
pgbin=$(pg_bindir)
work=$(mktemp -d)

# --- binaries ---------------------------------------------------------------------------------------------
if [ "$generate_only" != 1 ]; then
    bin=${BIN_DIR:-$root/.build-release/release}
    if [ -z "${BIN_DIR:-}" ] && { [ ! -x "$bin/minqing-api" ] || [ ! -x "$bin/minqing-worker" ]; }; then
        log "building minqing-api and minqing-worker (release, .build-release)"
        swift build -c release --scratch-path .build-release --product minqing-api
        swift build -c release --scratch-path .build-release --product minqing-worker
        bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
    fi
    for tool in minqing-api minqing-worker; do
        [ -x "$bin/$tool" ] || { echo "no $tool in $bin" >&2; exit 1; }
    done
fi

# --- database ---------------------------------------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
    dir=$(cluster_home "$root/.local/worker-bench-postgres-$$" "/var/tmp/minqing-worker-bench-postgres-$$")
    port=$(free_port)
    MINQING_PG_FSYNC=on cluster_start "$dir" "$port"
    as_pg_owner "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U minqing bench
    export DATABASE_URL="postgres://minqing@127.0.0.1:$port/bench?sslmode=disable"
fi
psql_() { "$pgbin/psql" -X -v ON_ERROR_STOP=1 "$@" "$DATABASE_URL"; }
value() { psql_ -At -c "$1"; }

# the configuration the data was shaped for (defaults, set explicitly so the caller's environment cannot shift them)
export MINQING_TIMEZONE=Asia/Shanghai MINQING_OFFICE_HOURS=08:30-17:30 MINQING_RATING_WINDOW_DAYS=15
export MINQING_LOG_LEVEL=info MINQING_LOG_FORMAT=text
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_DATA_KEY

if [ "$generate_only" != 1 ]; then
    log "migrating"
    "$bin/minqing-api" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
fi

# --- data -------------------------------------------------------------------------------------------------
# chunk c (0-based) holds submissions first(c) … first(c + 1) - 1
chunk_first() { echo $(($1 * rows / chunks + 1)); }
progress() { # done total started_at done_at_start
    local done=$1 total=$2 elapsed=$((SECONDS - $3)) from=$4 width=30 filled bar eta=""
    filled=$((done * width / total))
    bar=$(printf '%*s' "$filled" '' | tr ' ' '#')$(printf '%*s' $((width - filled)) '' | tr ' ' '-')
    if [ "$done" -gt "$from" ] && [ "$done" -lt "$total" ]; then
        eta="  (about $((elapsed * (total - done) / (done - from))) s left)"
    fi
    if [ -t 2 ]; then
        printf '\r[%s] %3d%%  %d/%d chunks  %d s%s\033[K' "$bar" $((100 * done / total)) "$done" "$total" "$elapsed" "$eta" >&2
        [ "$done" -lt "$total" ] || printf '\n' >&2
    else
        printf '[%s] %3d%%  %d/%d chunks  %d s%s\n' "$bar" $((100 * done / total)) "$done" "$total" "$elapsed" "$eta" >&2
    fi
}

generated=""
existing=$(value "SELECT count(*) FROM submissions")
registry=$(value "SELECT count(*) FROM departments WHERE id = md5('minqing-worker-bench/department/1')::uuid")
if [ "$existing" -ge "$rows" ]; then
    log "the database already holds $existing submissions; not generating"
else
    start_chunk=-1
    for ((c = 0; c <= chunks; c++)); do
        if [ $(($(chunk_first "$c") - 1)) -eq "$existing" ]; then start_chunk=$c; break; fi
    done
    if [ "$start_chunk" -lt 0 ] || { [ "$registry" = 0 ] && [ "$existing" != 0 ]; } \
        || { [ "$registry" = 0 ] && [ "$(value "SELECT count(*) FROM departments")" != 0 ]; }; then
        echo "the database holds other data ($existing submissions, not a chunk boundary of ROWS=$rows CHUNKS=$chunks" \
            "or not made by generate.sql); use an empty one" >&2
        exit 1
    fi
    started=$SECONDS
    if [ "$registry" = 0 ]; then
        log "generating the registry (2,000 departments, stations, representatives, codes, users)"
        psql_ -q -v part=registry -f "$here/generate.sql"
    fi
    [ "$start_chunk" = 0 ] || log "resuming after $existing submissions"
    log "generating $((rows - existing)) submissions with their assignments, replies, evaluations and reminders"
    progress "$start_chunk" "$chunks" "$started" "$start_chunk"
    for ((c = start_chunk; c < chunks; c++)); do
        psql_ -q -v part=chunk -v first="$(chunk_first "$c")" -v last=$(($(chunk_first $((c + 1))) - 1)) -v total="$rows" \
            -f "$here/generate.sql" >"$work/chunk.log" 2>&1 || { echo >&2; cat "$work/chunk.log" >&2; exit 1; }
        progress $((c + 1)) "$chunks" "$started" "$start_chunk"
    done
    generated="generated in $((SECONDS - started)) s"
    log "$generated; VACUUM (ANALYZE)"
    vacuum_started=$SECONDS
    psql_ -q -c "VACUUM (ANALYZE)"
    generated="$generated; VACUUM (ANALYZE) $((SECONDS - vacuum_started)) s"
fi
psql_ -q -v part=summary -v total="$rows" -f "$here/generate.sql" >"$work/summary.txt"
cat "$work/summary.txt"
if [ "$generate_only" = 1 ]; then
    log "done (GENERATE_ONLY=1)"
    exit 0
fi
# what the scan would act on at scan_at: open assignments due before its 21-day horizon, replies past the
# 15-day rating window
due=$(value "SELECT (SELECT count(*) FROM assignments WHERE status IN ('pending', 'acknowledged')
                       AND due_at < '2027-01-26 10:00:00+08'::timestamptz)
                  + (SELECT count(*) FROM submissions WHERE status = 'replied' AND replied_at < '2026-12-21 10:00:00+08'::timestamptz)")
if [ "$due" != 0 ]; then
    echo "$due assignments or replies are due at the scan instant; the scan would not be idle" >&2
    exit 1
fi

# --- timing helpers ---------------------------------------------------------------------------------------
# schedule_only KIND CURSOR: a clean ledger where every kind but KIND has its cursor far in the future, and
# KIND has CURSOR (empty: no cursor, so the scheduler enqueues its latest period). KIND none: nothing due.
schedule_only() {
    local kind=$1 cursor=$2 values="" k
    for k in "${kinds[@]}"; do
        if [ "$k" = "$kind" ]; then
            [ -z "$cursor" ] || values+="${values:+, }('$k', '$cursor')"
        else
            values+="${values:+, }('$k', '$far')"
        fi
    done
    psql_ -q -c "DELETE FROM job_runs" -c "DELETE FROM job_cursors" \
        -c "INSERT INTO job_cursors (kind, last_nominal_at) VALUES $values" \
        -c "VACUUM job_runs, job_cursors, reports, notifications, spot_check_samples"
    # needs superuser (or pg_checkpoint) on a DATABASE_URL of your own; the timings are steadier with it
    psql_ -q -c "CHECKPOINT" 2>/dev/null || true
}
# tick NAME INSTANT EXPECTED: runs one tick, checks its report line, prints the wall time in seconds
tick() {
    local name=$1 instant=$2 expected=$3 t0 t1 report
    t0=$(date +%s.%N)
    if ! "$bin/minqing-worker" tick --force --now "$instant" >"$work/$name.out" 2>"$work/$name.log"; then
        echo "minqing-worker tick --now $instant failed:" >&2
        tail -n 30 "$work/$name.log" >&2
        exit 1
    fi
    t1=$(date +%s.%N)
    report=$(grep '^enqueued ' "$work/$name.out" || true)
    if [ "${report%%, lease lost*}" != "$expected" ]; then
        echo "tick --now $instant: expected '$expected', got '$report'; its log:" >&2
        tail -n 30 "$work/$name.log" >&2
        exit 1
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
# the job's own time from the ledger: started_at at the claim, finished_at before its COMMIT
ledger_seconds() {
    value "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 3) FROM job_runs WHERE kind = '$1' AND state = 'succeeded'"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
# explained_tick NAME INSTANT EXPECTED FILE: one more (untimed) tick with auto_explain logging the plan of
# every statement the worker runs for 10 ms or more, with ANALYZE and BUFFERS, into FILE: the plans of
# the job's own SQL, not of a copy. Reads the server log, so only on the benchmark's own cluster.
explained_tick() {
    local name=$1 instant=$2 expected=$3 file=$4 db start
    if [ -z "$dir" ]; then
        echo "(plans are logged only on the benchmark's own cluster, not with DATABASE_URL)" >"$file"
        return
    fi
    db=$(value "SELECT current_database()")
    psql_ -q -c "ALTER DATABASE \"$db\" SET session_preload_libraries = 'auto_explain'" \
        -c "ALTER DATABASE \"$db\" SET auto_explain.log_min_duration = '10ms'" \
        -c "ALTER DATABASE \"$db\" SET auto_explain.log_analyze = on" \
        -c "ALTER DATABASE \"$db\" SET auto_explain.log_buffers = on"
    start=$(stat -c %s "$dir/postgres.log")
    tick "$name-explained" "$instant" "$expected" >/dev/null
    psql_ -q -c "ALTER DATABASE \"$db\" RESET ALL"
    tail -c +$((start + 1)) "$dir/postgres.log" \
        | awk '/ LOG:  duration: .* plan:/ { sub(/^.* LOG:  /, ""); print; keep = 1; next } /^\t/ { if (keep) print; next } { keep = 0 }' >"$file"
}
# statement_seconds FILE: the durations (s) of the statements in a plans file, as logged
statement_seconds() {
    sed -n 's/^duration: \([0-9.]*\) ms.*/\1/p' "$1" | awk '{ printf "%s%.3f", sep, $1 / 1000; sep = " " } END { if (NR == 0) printf "-" }'
}
ms_to_s() { awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }'; }
done_one='enqueued 1, rescued 0, succeeded 1, failed 0'
nothing='enqueued 0, rescued 0, succeeded 0, failed 0'

log "warming up (one idle tick)"
schedule_only none ""
tick warmup "$scan_at" "$nothing" >/dev/null

# --- a. deadline scan with nothing due --------------------------------------------------------------------
reminders_before=$(value "SELECT count(*) FROM reminders")
replied_before=$(value "SELECT count(*) FROM submissions WHERE status = 'replied'")
noop=()
scan=()
scan_ledger=()
for ((i = 1; i <= repeat; i++)); do
    log "a. idle tick and deadline scan ($i/$repeat)"
    schedule_only none ""
    noop+=("$(tick noop "$scan_at" "$nothing")")
    schedule_only deadline_scan ""
    scan+=("$(tick scan "$scan_at" "$done_one")")
    scan_ledger+=("$(ledger_seconds deadline_scan)")
done
reminders_after=$(value "SELECT count(*) FROM reminders")
replied_after=$(value "SELECT count(*) FROM submissions WHERE status = 'replied'")
if [ "$reminders_before" != "$reminders_after" ] || [ "$replied_before" != "$replied_after" ]; then
    echo "the deadline scan found something due (reminders $reminders_before → $reminders_after," \
        "replied submissions $replied_before → $replied_after); it was meant to be idle" >&2
    exit 1
fi
log "a. the deadline scan once more with its plans logged"
schedule_only deadline_scan ""
explained_tick scan "$scan_at" "$done_one" "$work/plans-scan.txt"

# --- b. monthly tracking of 2026-12 -----------------------------------------------------------------------
monthly=()
monthly_ledger=()
for ((i = 1; i <= repeat; i++)); do
    log "b. monthly tracking 2026-12 ($i/$repeat)"
    psql_ -q -c "DELETE FROM reports WHERE kind = 'monthly' AND period_key = '2026-12'" -c "DELETE FROM notifications"
    schedule_only monthly_tracking '2026-12-01 08:00:00+08' # the nominal of 2026-11: the next is 2026-12's
    monthly+=("$(tick monthly "$monthly_at" "$done_one")")
    monthly_ledger+=("$(ledger_seconds monthly_tracking)")
done
monthly_report=$(value "SELECT jsonb_array_length(data->'departments') || ' department sheets, '
    || (SELECT sum(jsonb_array_length(d->'items')) FROM jsonb_array_elements(data->'departments') d) || ' items, '
    || pg_size_pretty(pg_column_size(data)::bigint) || ' stored (jsonb, compressed); '
    || (SELECT count(*) FROM notifications) || ' notifications'
    FROM reports WHERE kind = 'monthly' AND period_key = '2026-12'")
log "b. the monthly tracking once more with its plans logged"
psql_ -q -c "DELETE FROM reports WHERE kind = 'monthly' AND period_key = '2026-12'" -c "DELETE FROM notifications"
schedule_only monthly_tracking '2026-12-01 08:00:00+08'
explained_tick monthly "$monthly_at" "$done_one" "$work/plans-monthly.txt"

# --- c. annual evaluation of 2026 -------------------------------------------------------------------------
annual=()
annual_ledger=()
for ((i = 1; i <= repeat; i++)); do
    log "c. annual evaluation 2026 ($i/$repeat)"
    psql_ -q -c "DELETE FROM reports WHERE kind = 'annual' AND period_key = '2026'" -c "DELETE FROM spot_check_samples WHERE year = 2026"
    schedule_only annual_evaluation '2026-01-01 01:00:00+08' # the nominal of 2025: the next is 2026's
    annual+=("$(tick annual "$annual_at" "$done_one")")
    annual_ledger+=("$(ledger_seconds annual_evaluation)")
done
annual_report=$(value "SELECT jsonb_array_length(data->'departments') || ' departments ranked, '
    || (SELECT sum(cardinality(submission_ids)) FROM spot_check_samples WHERE year = 2026) || ' submissions sampled for spot checks in '
    || (SELECT count(*) FROM spot_check_samples WHERE year = 2026) || ' department samples'
    FROM reports WHERE kind = 'annual' AND period_key = '2026'")
log "c. the annual evaluation once more with its plans logged"
psql_ -q -c "DELETE FROM reports WHERE kind = 'annual' AND period_key = '2026'" -c "DELETE FROM spot_check_samples WHERE year = 2026"
schedule_only annual_evaluation '2026-01-01 01:00:00+08'
explained_tick annual "$annual_at" "$done_one" "$work/plans-annual.txt"

# --- d. one sequential scan of assignments ----------------------------------------------------------------
log "d. sequential scan of assignments (1 warm-up + $repeat)"
{
    echo "SET max_parallel_workers_per_gather = 0;"
    echo "SELECT count(*) FROM assignments;"
    printf '%s\n' '\timing on'
    for ((i = 1; i <= repeat; i++)); do echo "SELECT count(*) FROM assignments;"; done
    printf '%s\n' '\timing off'
    echo "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM assignments;"
} | psql_ -q >"$work/seqscan.txt" 2>&1
seq=()
while read -r ms; do seq+=("$(ms_to_s "$ms")"); done < <(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$work/seqscan.txt")
[ ${#seq[@]} -eq "$repeat" ] || { echo "could not read the sequential scan timings:" >&2; cat "$work/seqscan.txt" >&2; exit 1; }

# --- summary ----------------------------------------------------------------------------------------------
noop_m=$(median "${noop[@]}")
scan_m=$(median "${scan[@]}")
monthly_m=$(median "${monthly[@]}")
annual_m=$(median "${annual[@]}")
seq_m=$(median "${seq[@]}")
scan_job=$(minus "$scan_m" "$noop_m")
monthly_job=$(minus "$monthly_m" "$noop_m")
annual_job=$(minus "$annual_m" "$noop_m")
scan_verdict=$(awk -v s="$scan_job" 'BEGIN { print (s < 1) ? "PASS" : "FAIL" }')
ratio=$(awk -v a="$annual_job" -v q="$seq_m" 'BEGIN { if (q > 0) printf "%.1f", a / q; else print "n/a" }')
annual_verdict=$(awk -v a="$annual_job" -v q="$seq_m" 'BEGIN { print (q > 0 && a < 5 * q) ? "PASS" : "FAIL" }')

row() { printf '%-66s %9s   %s\n' "$1" "$2" "${3:-}"; }
table() {
    row "step" "seconds" "(median of $repeat; runs)"
    row "a. idle tick (process start, schema check, cursors; nothing due)" "$noop_m" "${noop[*]}"
    row "a. tick running the deadline scan, nothing due" "$scan_m" "${scan[*]}"
    row "   deadline scan = scan tick - idle tick" "$scan_job"
    row "   deadline scan in the ledger (finished_at - started_at)" "$(median "${scan_ledger[@]}")" "${scan_ledger[*]}"
    row "   its statements of 10 ms or more (auto_explain, ANALYZE)" "" "$(statement_seconds "$work/plans-scan.txt")"
    row "b. tick running the monthly tracking of 2026-12" "$monthly_m" "${monthly[*]}"
    row "   monthly tracking = tick - idle tick" "$monthly_job"
    row "   monthly tracking in the ledger" "$(median "${monthly_ledger[@]}")" "${monthly_ledger[*]}"
    row "   its statements of 10 ms or more (auto_explain, ANALYZE)" "" "$(statement_seconds "$work/plans-monthly.txt")"
    row "c. tick running the annual evaluation of 2026" "$annual_m" "${annual[*]}"
    row "   annual evaluation = tick - idle tick" "$annual_job"
    row "   annual evaluation in the ledger" "$(median "${annual_ledger[@]}")" "${annual_ledger[*]}"
    row "   its statements of 10 ms or more (auto_explain, ANALYZE)" "" "$(statement_seconds "$work/plans-annual.txt")"
    row "d. SELECT count(*) FROM assignments, no parallel workers" "$seq_m" "${seq[*]}"
    echo
    printf '%-50s %-32s %s\n' "target: deadline scan with nothing due < 1 s" "$scan_job s" "$scan_verdict"
    printf '%-50s %-32s %s\n' "target: annual evaluation < 5 x sequential scan" "$annual_job s / $seq_m s = $ratio x" "$annual_verdict"
}

mkdir -p "$root/bench/out"
out="$root/bench/out/worker-$(date +%Y%m%dT%H%M%S).txt"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (with uncommitted changes)"
{
    echo "Minqing worker benchmark, $(date -Iseconds)"
    echo "commit:    $commit"
    echo "machine:   $(nproc) cores, $(uname -sr); $(value "SELECT version()" | cut -d, -f1)"
    echo "postgres:  fsync=$(value "SHOW fsync"), synchronous_commit=$(value "SHOW synchronous_commit"),"\
        "shared_buffers=$(value "SHOW shared_buffers"), work_mem=$(value "SHOW work_mem"),"\
        "max_parallel_workers_per_gather=$(value "SHOW max_parallel_workers_per_gather")"
    echo "data:      ROWS=$rows in $chunks chunks${generated:+; $generated}"
    echo "sizes:     $(value "SELECT 'assignments ' || pg_size_pretty(pg_table_size('assignments')) || ' (+ indexes '
        || pg_size_pretty(pg_indexes_size('assignments')) || '), submissions ' || pg_size_pretty(pg_table_size('submissions'))
        || ' (+ indexes ' || pg_size_pretty(pg_indexes_size('submissions')) || '), database ' || pg_size_pretty(pg_database_size(current_database()))")"
    echo "instants:  scan $scan_at, monthly $monthly_at, annual $annual_at; binaries $bin"
    echo "monthly:   $monthly_report"
    echo "annual:    $annual_report"
    echo
    table
    echo
    echo "Job times: the tick's wall time minus the idle tick's (both include process start, the schema check"
    echo "and reading the cursors). The ledger time is the job alone: claim to the last statement before COMMIT."
    echo
    echo "--- the data ---"
    cat "$work/summary.txt"
    echo
    echo "--- plans ---"
    for name in scan monthly annual; do
        echo "[$name: the statements of the explained tick that took 10 ms or more, in order]"
        cat "$work/plans-$name.txt"
    done
    echo
    echo "--- sequential scan ---"
    cat "$work/seqscan.txt"
    echo
    echo "--- worker output of the last run of each tick (stdout, then log) ---"
    for name in noop scan monthly annual; do
        echo "[$name]"
        cat "$work/$name.out" "$work/$name.log"
    done
    echo
    echo "--- minqing-worker status ---"
    "$bin/minqing-worker" status --limit 10 2>&1 || true
} >"$out"

echo
table
log "written to ${out#"$root"/}"
