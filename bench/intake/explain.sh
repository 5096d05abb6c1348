#!/usr/bin/env bash
# bench/intake/explain.sh: query plans of GET /v1/submissions at a year's volume.
#
# Starts a throwaway PostgreSQL cluster (or uses DATABASE_URL), migrates and seeds the demo district with
# minqing-api, generates ROWS submissions (default 1,000,000) and about 1.2 × ROWS assignments with
# bench/intake/generate.sql, runs VACUUM ANALYZE, then prints EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) of the
# list query SubmissionStore.list() sends for each filter, and one line per query telling whether a
# sequential scan of submissions or assignments appears. The plans go to bench/out/explain-<date>.txt.
#
# Environment:
#   ROWS=1000000     submissions wanted; generates the difference to what the database already holds
#   DATABASE_URL     use this database instead of a throwaway cluster (kept as it is afterwards)
#   BIN_DIR          directory with an already built minqing-api (skips `swift build -c release`)
#   NO_APP=1         do not build or run minqing-api at all: DATABASE_URL must already be migrated and
#                    hold a registry (stations, representatives, codes, departments)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/lib.sh
source "$here/../../scripts/lib.sh"
root=$(cd "$here/../.." && pwd)
cd "$root"

rows=${ROWS:-1000000}
[[ $rows =~ ^[1-9][0-9]*$ ]] || { echo "ROWS must be a positive integer" >&2; exit 2; }
no_app=${NO_APP:-0}
if [ "$no_app" = 1 ] && [ -z "${DATABASE_URL:-}" ]; then
    echo "NO_APP=1 needs DATABASE_URL (a migrated database with a registry)" >&2
    exit 2
fi

dir=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$dir" ]; then
        cluster_stop "$dir"
        rm -rf "$dir"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$no_app" = 1 ]; then
    pg_bindir >/dev/null 2>&1 || ensure_packages
else
    ensure_packages
fi
pgbin=$(pg_bindir)
psql_() { "$pgbin/psql" -X -v ON_ERROR_STOP=1 "$@" "$DATABASE_URL"; }
value() { psql_ -At -c "$1"; }

if [ "$no_app" != 1 ]; then
    if [ -n "${BIN_DIR:-}" ]; then
        bin=$BIN_DIR
    else
        log "building minqing-api (release)"
        swift build -c release --product minqing-api
        bin=$(swift build -c release --show-bin-path)
    fi
    [ -x "$bin/minqing-api" ] || { echo "no minqing-api in $bin" >&2; exit 1; }
fi

if [ -z "${DATABASE_URL:-}" ]; then
    dir=$(cluster_home "$root/.local/explain-postgres-$$" "/var/tmp/minqing-explain-postgres-$$")
    port=$(free_port)
    # the plans do not depend on fsync; the bulk load is quicker without it
    MINQING_PG_FSYNC=${MINQING_PG_FSYNC:-off} cluster_start "$dir" "$port"
    as_pg_owner "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U minqing explain
    export DATABASE_URL="postgres://minqing@127.0.0.1:$port/explain?sslmode=disable"
fi

if [ "$no_app" != 1 ]; then
    log "migrating"
    "$bin/minqing-api" migrate
    if [ "$(value "SELECT count(*) FROM stations")" = 0 ]; then
        log "seeding the demo district"
        "$bin/minqing-api" seed-demo >/dev/null
    fi
fi

existing=$(value "SELECT count(*) FROM submissions")
if [ "$existing" -ge "$rows" ]; then
    log "the database already holds $existing submissions; not generating"
else
    log "generating $((rows - existing)) submissions and their assignments (a few minutes for a million)"
    started=$SECONDS
    psql_ -q -v rows="$((rows - existing))" -v base="$existing" -f "$here/generate.sql"
    log "generated in $((SECONDS - started)) s; VACUUM ANALYZE"
    psql_ -q -c "VACUUM (ANALYZE) submissions" -c "VACUUM (ANALYZE) assignments"
    # the registry tables the scope condition reads
    psql_ -q -c "ANALYZE representatives" -c "ANALYZE representative_stations"
fi

# The values the API would bind. Everything is chosen from the data, so any seed works.
now=$(value "SELECT now()")
station=$(value "SELECT station_id FROM submissions WHERE station_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
representative=$(value "SELECT representative_id FROM submissions WHERE representative_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
department=$(value "SELECT department_id FROM assignments GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
# for the scope: a representative with further stations when there is one (the most general case)
scoped=$(value "SELECT r.id FROM representatives r LEFT JOIN representative_stations rs ON rs.representative_id = r.id
                GROUP BY r.id ORDER BY count(rs.station_id) DESC, r.id LIMIT 1")
from=$(value "SELECT date_trunc('month', now() - interval '3 months')")
to=$(value "SELECT date_trunc('month', now() - interval '2 months')")
cursor=$(value "SELECT (extract(epoch FROM created_at) * 1000000)::int8 || ' ' || id FROM submissions
                ORDER BY created_at DESC, id DESC OFFSET 49 LIMIT 1")
cursor_micros=${cursor%% *}
cursor_id=${cursor##* }

# SubmissionStore.columns + QueryBuilder.pageMicros, then the conditions in the order list() adds them,
# then QueryBuilder.page(newestFirst: true) with the default limit 50 (+1). Bound values are written as
# typed literals: the API sends them as parameters of an unnamed statement, which PostgreSQL plans
# with the values (a custom plan), as it plans these literals.
# SubmissionStore.columns selects the earliest open due time (overdue and the light are derived from it).
next_due=""
if grep -q 'AS next_due_at' "$root/Sources/MinqingCore/Loop/SubmissionStore.swift"; then
    next_due=",
(SELECT min(a.due_at) FROM assignments a WHERE a.submission_id = s.id AND a.status IN ('pending', 'acknowledged'))
    AS next_due_at"
fi
select_part="SELECT s.id, s.receipt_no, s.channel, s.code, s.representative_id, s.station_id, s.filed_by_user_id, s.filed_by_observer_id,
s.kind, s.category, s.title, s.content, s.location_address, s.latitude, s.longitude, s.anonymous,
s.contact_phone_masked, s.contact_name_masked, s.status, s.round, s.key_item, s.merged_into, s.escalation_required,
s.close_reason, s.created_at, s.updated_at, s.closed_at$next_due,
(extract(epoch FROM s.created_at) * 1000000)::int8 AS page_micros FROM submissions s"
suffix="ORDER BY s.created_at DESC, s.id DESC LIMIT 51"
list_query() {
    local where=$1
    if [ -n "$where" ]; then printf '%s WHERE %s %s' "$select_part" "$where" "$suffix"; else printf '%s %s' "$select_part" "$suffix"; fi
}

names=()
wheres=()
add() { names+=("$1"); wheres+=("$2"); }
add "no filter" ""
add "no filter, second page (keyset)" \
    "(s.created_at, s.id) < ('epoch'::timestamptz + '$cursor_micros'::int8 * interval '1 microsecond', '$cursor_id'::uuid)"
add "status=submitted" "s.status = 'submitted'"
add "kind=complaint" "s.kind = 'complaint'"
add "category=parking" "s.category = 'parking'"
add "station_id (busiest)" "s.station_id = '$station'::uuid"
add "representative_id (busiest)" "s.representative_id = '$representative'::uuid"
add "department_id (busiest)" \
    "EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id AND a.department_id = '$department'::uuid)"
add "overdue=true" \
    "EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id AND a.status IN ('pending', 'acknowledged')
        AND a.due_at < '$now'::timestamptz)"
add "received_from/received_to (one month)" "s.created_at >= '$from'::timestamptz AND s.created_at < '$to'::timestamptz"
# likePattern(containing:): two characters give pg_trgm no trigram to look up; a longer word that matches
# nothing is the case where walking submissions_order backwards would read the whole table
add "q=路灯" "(coalesce(s.title, '') || ' ' || s.content) ILIKE '%路灯%'"
add "q=路灯坏了三个月 (matches nothing)" "(coalesce(s.title, '') || ' ' || s.content) ILIKE '%路灯坏了三个月%'"
add "representative scope" \
    "(s.representative_id = '$scoped'::uuid OR s.station_id IN (
    SELECT home_station_id FROM representatives WHERE id = '$scoped'::uuid
    UNION SELECT station_id FROM representative_stations WHERE representative_id = '$scoped'::uuid))"

mkdir -p "$root/bench/out"
out="$root/bench/out/explain-$(date +%Y%m%dT%H%M%S).txt"
{
    echo "Minqing: plans of GET /v1/submissions ($(date -Iseconds))"
    commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (with uncommitted changes)"
    echo "commit: $commit"
    value "SELECT version()"
    value "SELECT 'submissions: ' || (SELECT count(*) FROM submissions) || ', assignments: ' || (SELECT count(*) FROM assignments)
           || ' (open and overdue: ' || (SELECT count(*) FROM assignments WHERE status IN ('pending', 'acknowledged')
                                         AND due_at < now()) || ')'"
    value "SELECT 'sizes: submissions ' || pg_size_pretty(pg_total_relation_size('submissions'))
           || ', assignments ' || pg_size_pretty(pg_total_relation_size('assignments'))
           || '; shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem')"
    value "SELECT 'status: ' || string_agg(status || ' ' || n, ', ' ORDER BY n DESC)
           FROM (SELECT status, count(*) AS n FROM submissions GROUP BY status) x"
    echo "now = $now; select list ${next_due:+with next_due_at }as in SubmissionStore.swift; plans after one unrecorded warm-up run of each query"
    echo
} >"$out"

summary=()
for i in "${!names[@]}"; do
    sql=$(list_query "${wheres[$i]}")
    psql_ -q -o /dev/null -c "$sql"
    plan=$(psql_ -At -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql")
    {
        echo "=== ${names[$i]} ==="
        echo "$sql"
        echo "---"
        echo "$plan"
        echo
    } >>"$out"
    seq_s=no
    seq_a=no
    grep -q 'Seq Scan on submissions' <<<"$plan" && seq_s=yes
    grep -q 'Seq Scan on assignments' <<<"$plan" && seq_a=yes
    ms=$(sed -n 's/^Execution Time: \(.*\) ms$/\1/p' <<<"$plan")
    # pages the whole statement touched (the top node's Buffers line)
    pages=$(awk '/Buffers: shared/ { n = 0; for (f = 1; f <= NF; f++) if ($f ~ /^(hit|read)=/) { split($f, kv, "="); n += kv[2] }
                                     print n; exit }' <<<"$plan")
    # a subplan run once over assignments: the hashed form of an EXISTS, which reads every matching row
    hashed=$(awk 'prev ~ /SubPlan/ && /on assignments/ && /loops=1\)/ { match($0, /rows=[0-9]+/); print substr($0, RSTART + 5, RLENGTH - 5); exit }
                  { prev = $0 }' <<<"$plan")
    summary+=("$(printf '%s: seq scan on submissions: %s, on assignments: %s; %s pages; %s ms%s' \
        "${names[$i]}" "$seq_s" "$seq_a" "${pages:-?}" "${ms:-?}" \
        "${hashed:+; a hashed subplan read $hashed assignments}")")
done

{
    echo "=== summary ==="
    printf '%s\n' "${summary[@]}"
} >>"$out"
printf '%s\n' "${summary[@]}"
log "plans written to ${out#"$root"/}"
