#!/usr/bin/env bash
# The dashboard's charts (GET /v1/dashboard/charts/*.svg) over the demo district's last year, as the demo
# admin sees them, rendered by headless Chromium into docs/screenshots/dashboard-*.png: the server's SVG as
# a browser draws it, without any script or external resource. Called by scripts/browser-test.sh with
# BASE_URL, ADMIN_USER, ADMIN_PASSWORD, CHROMIUM and SCREENSHOT_DIR set.
set -euo pipefail
base=$BASE_URL
# shellcheck source=scripts/browser/api.sh
source "$(dirname "$0")/api.sh"

work=$(mktemp -d /tmp/minqing-charts.XXXXXX)
trap 'rm -rf "$work"' EXIT
to=$(date -u +%Y-%m-%dT%H:%M:%SZ)
from=$(date -u -d '-365 days' +%Y-%m-%dT%H:%M:%SZ)
for name in intake on-time satisfaction categories; do
    curl -sS --fail-with-body -o "$work/$name.svg" -H "Authorization: Bearer $admin" \
        "$base/v1/dashboard/charts/$name.svg?from=$from&to=$to"
    grep -q '^<svg' "$work/$name.svg" || { echo "$name.svg is not an SVG:" >&2; head -c 500 "$work/$name.svg" >&2; exit 1; }
    size=$(sed -n 's/^<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$work/$name.svg" | head -1)
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${size:-900,600}" \
        --screenshot="$SCREENSHOT_DIR/dashboard-$name.png" "file://$work/$name.svg" >/dev/null 2>&1
    [ -s "$SCREENSHOT_DIR/dashboard-$name.png" ] || { echo "no screenshot of $name.svg" >&2; exit 1; }
done
