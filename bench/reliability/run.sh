#!/usr/bin/env bash
# bench/reliability/run.sh: the reliability suite (bench/reliability/reliability.py) on release builds and a
# throwaway PostgreSQL cluster with fsync on. `make reliability` runs all four scenarios (about 20 minutes);
# name some to run only those:
#
#   bench/reliability/run.sh                    # soak, restart, year, apikill
#   SOAK_SECONDS=120 bench/reliability/run.sh soak restart
#
# Environment: SOAK_SECONDS (600), KILL_EVERY (3 seconds between SIGKILLs), APIKILL_SECONDS (60),
# BIN_DIR (release builds of minqing-api and minqing-worker; skips the build).
# Output: one line per check, also written to bench/out/reliability-<date>.txt; exit status 1 when one failed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=bench/lib.sh
source "$root/bench/lib.sh"
cd "$root"

bench_tools wrk curl
bin=$(bench_binaries minqing-api minqing-worker)
bench_cluster reliability
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_DATA_KEY BIN_DIR=$bin PGBIN=$pgbin PG_DATA=$bench_dir/data PG_PORT=$pg_port WORK=$work
chmod 755 "$work" # the cluster owner reads the acknowledged receipts from here (\copy runs in psql, but be kind)

mkdir -p "$root/bench/out"
out="$root/bench/out/reliability-$(date +%Y%m%dT%H%M%S).txt"
{
    run_summary_header "Minqing reliability suite"
    echo "settings:  SOAK_SECONDS=${SOAK_SECONDS:-600} KILL_EVERY=${KILL_EVERY:-3} APIKILL_SECONDS=${APIKILL_SECONDS:-60}"
    echo
} >"$out"
status=0
python3 "$here/reliability.py" "$@" | tee -a "$out" || status=$?
log "summary written to ${out#"$root"/} (process logs in $work while it runs)"
exit "$status"
