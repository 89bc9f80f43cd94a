#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests; a no-op when it is.
# When it is missing and we run as root with apt-get, install the `chromium` package (CI and
# fresh containers); otherwise say what to install and fail. Playwright's own browser downloads
# are never used. Progress goes to stderr.
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

log() { echo "ensure-chromium: $*" >&2; }

[[ -x "$CHROMIUM" ]] && exit 0

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    log "apt-get install -y chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
    [[ -x "$CHROMIUM" ]] && exit 0
fi

log "the browser tests need Chromium at $CHROMIUM (set CHROMIUM_PATH to use another)."
log "Install it, e.g. \`sudo apt-get install chromium\`."
exit 1
