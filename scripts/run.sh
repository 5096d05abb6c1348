#!/usr/bin/env bash
# `make run`: installs what is missing, starts the private PostgreSQL cluster in .local/postgres (unless
# DATABASE_URL is set), builds, migrates, and runs minqing-api and minqing-worker until Ctrl-C.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ensure_packages
pids=()
dir=""
cleanup() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -n "$dir" ] && cluster_stop "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${DATABASE_URL:-}" ]; then
    dir=$(cluster_home "$PWD/.local/postgres" "/var/tmp/minqing-postgres-$(echo "$PWD" | md5sum | cut -c1-8)")
    port=${MINQING_PG_PORT:-54329}
    first_start=no
    [ -f "$dir/data/PG_VERSION" ] || first_start=yes
    cluster_start "$dir" "$port"
    if [ "$first_start" = yes ]; then
        as_pg_owner "$(pg_bindir)/createdb" -h 127.0.0.1 -p "$port" -U minqing minqing
    fi
    export DATABASE_URL="postgres://minqing@127.0.0.1:$port/minqing?sslmode=disable"
fi

if [ -z "${MINQING_DATA_KEY:-}" ]; then
    mkdir -p .local
    [ -f .local/data-key ] || { head -c 32 /dev/urandom | base64 > .local/data-key; chmod 600 .local/data-key; }
    MINQING_DATA_KEY=$(cat .local/data-key)
    export MINQING_DATA_KEY
fi

log "building"
swift build
bin=$(swift build --show-bin-path)
log "migrating"
"$bin/minqing-api" migrate
if [ "${first_start:-no}" = yes ] && "$bin/minqing-api" --help | grep -q seed-demo; then
    log "seeding the demo district"
    "$bin/minqing-api" seed-demo
fi

"$bin/minqing-api" serve & pids+=($!)
"$bin/minqing-worker" run & pids+=($!)
log "Minqing is running at ${MINQING_PUBLIC_BASE_URL:-http://127.0.0.1:${MINQING_HTTP_PORT:-8080}} (Ctrl-C stops API, worker and PostgreSQL)"
wait -n "${pids[@]}"
