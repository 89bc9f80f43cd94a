#!/usr/bin/env bash
# Make sure the system tools the project needs exist: Java 17+ (DynamoDB Local), npm and
# python3 with venv.
# A no-op when they are present. When one is missing and we run as root with apt-get,
# install it (CI and fresh containers); otherwise say what to install and fail.
# Progress goes to stderr, so `make -s token` keeps stdout for the token alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MIN_JAVA=17

log() { echo "ensure-system-deps: $*" >&2; }

java_major() {
    # "openjdk version \"17.0.15\"" -> 17, "java version \"1.8.0_392\"" -> 8; empty if unknown
    local version
    version=$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    case "$version" in
        1.*) echo "$version" | cut -d. -f2 ;;
        *) echo "$version" | cut -d. -f1 | cut -d- -f1 ;;
    esac
}

java_ok() {
    command -v java >/dev/null 2>&1 || return 1
    local major
    major=$(java_major)
    [[ "$major" =~ ^[0-9]+$ ]] && (( major >= MIN_JAVA ))
}

can_apt_install() {
    [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1
}

apt_updated=0
apt_install() {
    if (( ! apt_updated )); then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        apt_updated=1
    fi
    log "apt-get install -y $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_java() {
    java_ok && return 0
    if can_apt_install; then
        # ca-certificates-java's post-install step expects this directory on slim images.
        mkdir -p /usr/share/man/man1
        apt_install openjdk-17-jre-headless
        java_ok && return 0
    fi
    log "DynamoDB Local needs Java ${MIN_JAVA}+ on PATH" \
        "(found: $(command -v java >/dev/null 2>&1 && echo "Java $(java_major)" || echo none))."
    log "Install it, e.g. \`sudo apt-get install openjdk-17-jre-headless\` or \`brew install openjdk@17\`."
    return 1
}

ensure_npm() {
    command -v npm >/dev/null 2>&1 && return 0
    if can_apt_install; then
        apt_install nodejs npm
        command -v npm >/dev/null 2>&1 && return 0
    fi
    log "npm was not found on PATH; it installs DynamoDB Local and builds the page."
    log "Install Node.js 20.19+ with npm (https://nodejs.org or your package manager)."
    return 1
}

ensure_python_venv() {
    # Debian's python3 lacks `venv`/`ensurepip` until python3-venv is installed.
    [[ -x .venv/bin/python ]] && return 0
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 && return 0
    if can_apt_install; then
        apt_install python3-venv
        python3 -c 'import ensurepip, venv' >/dev/null 2>&1 && return 0
    fi
    log "python3 cannot create virtual environments; install python3-venv (Python 3.11+)."
    return 1
}

status=0
ensure_java || status=1
ensure_npm || status=1
ensure_python_venv || status=1
exit "$status"
