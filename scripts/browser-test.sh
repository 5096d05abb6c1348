#!/usr/bin/env bash
# `make browser-test`: the resident pages in a real browser.
#
# Installs what is missing (Debian's chromium, chromium-driver, python3-selenium and a Chinese font), starts a
# throwaway PostgreSQL cluster and minqing-api on free ports, migrates, seeds the demo district, then drives
# scan → fill → submit → receipt → tracking link → (loop advanced through the JSON API with curl) → rate in
# headless Chromium at 390×844, with JavaScript on and off, then an activity's code from its page to its
# published outcome (scripts/browser/resident_flow.py, activity.sh), and the dashboard's charts (charts.sh). Screenshots of
# every step go to docs/screenshots/. Everything it started is stopped and removed on exit.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ensure_browser() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    /usr/bin/python3 -c 'import selenium' >/dev/null 2>&1 || missing+=(python3-selenium)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then missing+=(fonts-noto-cjk); fi
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

ensure_packages
ensure_browser

work=$(mktemp -d /tmp/minqing-browser-test.XXXXXX)
dir=$(cluster_home "$PWD/.local/browser-postgres-$$" "/var/tmp/minqing-browser-postgres-$$")
api_pid=""
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$api_pid" ]; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
    cluster_stop "$dir"
    rm -rf "$dir" "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

pg_port=$(free_port)
cluster_start "$dir" "$pg_port"
as_pg_owner "$(pg_bindir)/createdb" -h 127.0.0.1 -p "$pg_port" -U minqing minqing

http_port=$(free_port)
export DATABASE_URL="postgres://minqing@127.0.0.1:$pg_port/minqing?sslmode=disable"
export MINQING_DATA_KEY
MINQING_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export MINQING_HTTP_HOST=127.0.0.1 MINQING_HTTP_PORT=$http_port
export MINQING_PUBLIC_BASE_URL="http://127.0.0.1:$http_port"
export MINQING_BCRYPT_COST=4 MINQING_LOG_LEVEL=warning
# Two full runs plus the mistakes in between file several times a minute from one address.
export MINQING_INTAKE_LIMIT_PER_ADDRESS=100

log "building"
swift build
bin=$(swift build --show-bin-path)
log "migrating and seeding the demo district"
"$bin/minqing-api" migrate >/dev/null
"$bin/minqing-api" seed-demo > "$work/seed.txt"

# "  admin           admin / secret" lines and "  代表 王…: http://…/c/CODE  (poster: …)" lines.
account() { awk -v role="$1" '$1 == role && $3 == "/" { print $2 " " $4; exit }' "$work/seed.txt"; }
read -r ADMIN_USER ADMIN_PASSWORD <<< "$(account admin)"
read -r DEPT_USER DEPT_PASSWORD <<< "$(account department)"
CODE_URL=$(grep -o "$MINQING_PUBLIC_BASE_URL/c/[a-z0-9]*" "$work/seed.txt" | head -1)
[ -n "$ADMIN_USER" ] && [ -n "$DEPT_USER" ] && [ -n "$CODE_URL" ] || { cat "$work/seed.txt" >&2; echo "seed-demo output not understood" >&2; exit 1; }
export ADMIN_USER ADMIN_PASSWORD DEPT_USER DEPT_PASSWORD CODE_URL

log "starting minqing-api on $MINQING_PUBLIC_BASE_URL"
"$bin/minqing-api" serve > "$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 100); do
    curl -sf "$MINQING_PUBLIC_BASE_URL/healthz" >/dev/null 2>&1 && break
    kill -0 "$api_pid" 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }
    sleep 0.2
done

# The headers a browser does not expose to WebDriver.
headers=$(curl -sS -D - -o /dev/null "$CODE_URL")
grep -qi "^content-security-policy: default-src 'self'; script-src 'self'; style-src 'self'" <<< "$headers" \
    || { echo "no strict Content-Security-Policy on $CODE_URL:" >&2; echo "$headers" >&2; exit 1; }

log "driving Chromium (390×844) with JavaScript on and off"
BASE_URL=$MINQING_PUBLIC_BASE_URL SCREENSHOT_DIR=docs/screenshots ADVANCE="$PWD/scripts/browser/advance.sh" \
    ACTIVITY="$PWD/scripts/browser/activity.sh" \
    CHROMIUM=$(command -v chromium) CHROMEDRIVER=$(command -v chromedriver) \
    /usr/bin/python3 scripts/browser/resident_flow.py || { echo "--- api log" >&2; tail -50 "$work/api.log" >&2; exit 1; }
log "the dashboard's charts in Chromium"
BASE_URL=$MINQING_PUBLIC_BASE_URL SCREENSHOT_DIR=docs/screenshots CHROMIUM=$(command -v chromium) scripts/browser/charts.sh \
    || { echo "--- api log" >&2; tail -50 "$work/api.log" >&2; exit 1; }
log "screenshots in docs/screenshots/"
