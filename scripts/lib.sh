# Shared set-up for scripts/run.sh and scripts/test.sh: Debian packages and a private PostgreSQL cluster.
# Works as root (the cluster runs as the `postgres` system user, which initdb requires) and as a normal user.

set -euo pipefail

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages the build, the servers and the tests need, when missing.
# ensure_packages [--for-tests]: what building and running need; with --for-tests also what the tests
# start (nginx in front of the API, curl as its clients, pgbouncer between the API and PostgreSQL).
ensure_packages() {
    local missing=()
    pg_bindir >/dev/null 2>&1 || missing+=(postgresql)
    [ -f /usr/include/qrencode.h ] || missing+=(libqrencode-dev)
    [ -f /usr/include/unicode/ubrk.h ] || missing+=(libicu-dev)
    command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
    if [ "${1:-}" = "--for-tests" ]; then
        [ -x /usr/sbin/nginx ] || missing+=(nginx)
        [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
        [ -x /usr/bin/curl ] || missing+=(curl)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

# Runs a PostgreSQL server binary as the cluster owner.
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# cluster_start DIR PORT: initialises DIR (once) and starts a server on 127.0.0.1:PORT with trust auth for
# the `minqing` role. As root, DIR must be reachable by the postgres user; it is handed to that user.
cluster_start() {
    local dir=$1 port=$2 bin
    bin=$(pg_bindir)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        log "initialising PostgreSQL cluster in $dir"
        as_pg_owner "$bin/initdb" -D "$dir/data" -U minqing --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    log "starting PostgreSQL on 127.0.0.1:$port"
    as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 -c fsync=${MINQING_PG_FSYNC:-on}" >/dev/null
}

cluster_stop() {
    local dir=$1 bin
    bin=$(pg_bindir)
    [ -f "$dir/data/postmaster.pid" ] || return 0
    log "stopping PostgreSQL"
    as_pg_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
}

# A directory for a cluster that the postgres user can reach when we run as root: the working tree when
# every parent is traversable by others, otherwise under /var/tmp.
cluster_home() {
    local wanted=$1 fallback=$2
    if [ "$(id -u)" -ne 0 ]; then echo "$wanted"; return; fi
    mkdir -p "$(dirname "$wanted")"
    if runuser -u postgres -- test -x "$(dirname "$wanted")"; then echo "$wanted"; else echo "$fallback"; fi
}
