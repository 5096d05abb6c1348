# bench/lib.sh: what the benchmark and reliability scripts share, on top of scripts/lib.sh: Debian tools,
# a release build, a throwaway cluster with fsync on, starting and stopping the servers, their memory.
# Source it after setting `root` (the repository); it sets `pgbin`, `pg_port`, `bench_dir` and `work`, and
# its EXIT trap stops every process started with `start_process` and removes the cluster.

# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib.sh
source "$root/scripts/lib.sh"

bench_pids=()
bench_dir=""
work=""

bench_cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local pid
    for pid in "${bench_pids[@]}"; do stop_process "$pid"; done
    if [ -n "$bench_dir" ]; then
        cluster_stop "$bench_dir"
        rm -rf "$bench_dir"
    fi
    if [ -n "$work" ] && [ -z "${KEEP_WORK:-}" ]; then rm -rf "$work"; fi
    exit "$status"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# require_positive NAME=VALUE...: stops with exit 2 unless every value is a positive integer.
require_positive() {
    local setting
    for setting in "$@"; do
        [[ ${setting#*=} =~ ^[1-9][0-9]*$ ]] || { echo "$setting: must be a positive integer" >&2; exit 2; }
    done
}

# bench_tools TOOL...: installs the Debian packages of the named tools (wrk, curl, pgbench comes with PostgreSQL).
bench_tools() {
    ensure_packages
    local missing=() tool
    for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    pgbin=$(pg_bindir)
    work=$(mktemp -d)
}

# bench_binaries PRODUCT...: BIN_DIR when set, else a release build in .build-release; prints the directory.
bench_binaries() {
    local bin product
    if [ -n "${BIN_DIR:-}" ]; then
        bin=$BIN_DIR
    else
        for product in "$@"; do
            log "building $product (release)"
            (cd "$root" && swift build -c release --scratch-path .build-release --product "$product" >&2)
        done
        bin=$(cd "$root" && swift build -c release --scratch-path .build-release --show-bin-path)
    fi
    for product in "$@"; do [ -x "$bin/$product" ] || { echo "no $product in $bin" >&2; exit 1; }; done
    echo "$bin"
}

# bench_cluster DATABASE: a throwaway cluster with fsync on and an empty database; exports DATABASE_URL.
bench_cluster() {
    bench_dir=$(cluster_home "$root/.local/bench-postgres-$$" "/var/tmp/minqing-bench-postgres-$$")
    pg_port=$(free_port)
    MINQING_PG_FSYNC=on cluster_start "$bench_dir" "$pg_port"
    as_pg_owner "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U minqing "$1"
    export DATABASE_URL="postgres://minqing@127.0.0.1:$pg_port/$1?sslmode=disable"
    bench_db=$1
}

sql() { "$pgbin/psql" -X -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p "$pg_port" -U minqing -d "$bench_db" -c "$1"; }

# start_process LOG COMMAND...: runs COMMAND in the background with its output in LOG; sets `started_pid`.
start_process() {
    local log_file=$1
    shift
    "$@" >"$log_file" 2>&1 &
    started_pid=$!
    bench_pids+=("$started_pid")
}

# wait_ready URL PID LOG: until URL answers 200 (60 s), or the process died.
wait_ready() {
    local url=$1 pid=$2 log_file=$3
    for _ in $(seq 1 120); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "$url did not become ready; the log:" >&2
    tail -n 40 "$log_file" >&2
    exit 1
}

# stop_process PID: SIGTERM, up to 30 s for a graceful end, then SIGKILL.
stop_process() {
    local pid=$1 waited=0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# rss_mb PID: resident memory now and at its peak, in MB ("41.2 (peak 55.0)").
rss_mb() {
    awk '/^VmRSS:/ { rss = $2 } /^VmHWM:/ { hwm = $2 } END { printf "%.1f (peak %.1f)", rss / 1024, hwm / 1024 }' "/proc/$1/status"
}

# wrk_field FILE NAME: "Requests/sec" or a latency percentile ("99%") from wrk's output, latencies in ms.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_percentile() {
    awk -v p="$2" '$1 == p {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
        if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000
        printf "%.1f", v
    }' "$1"
}

# run_summary_header: the lines every summary file starts with.
run_summary_header() {
    local commit
    commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (with uncommitted changes)"
    echo "$1, $(date -Iseconds)"
    echo "commit:    $commit"
    echo "machine:   $(nproc) cores, $(uname -sr); $(sql "SELECT version()" | cut -d, -f1)"
    echo "postgres:  fsync=$(sql "SHOW fsync"), synchronous_commit=$(sql "SHOW synchronous_commit"), shared_buffers=$(sql "SHOW shared_buffers")"
}
