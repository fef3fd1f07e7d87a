#!/usr/bin/env bash
# Installs what the project needs to build, run and test, from package registries only.
# Called by the Makefile; each sub-command is idempotent and quick when there is nothing to do.
#
#   scripts/bootstrap.sh python            print the path of a real Python 3.12 interpreter
#   scripts/bootstrap.sh uv                make sure uv is there (pinned, under .cache/), print its path
#   scripts/bootstrap.sh sync [ARGS...]    uv sync --frozen into .venv with that Python, plus ARGS
#   scripts/bootstrap.sh apt PKG...        install the Debian packages among PKG that are missing
#   scripts/bootstrap.sh gettext           make sure msgfmt (GNU gettext) is there
#   scripts/bootstrap.sh spectral          make sure the pinned Spectral CLI is under .cache/spectral
#   scripts/bootstrap.sh vnu               make sure the pinned Nu HTML Checker (npm vnu-jar) is under
#                                          .cache/vnu (it runs with Debian's Java, default-jre-headless)
#   scripts/bootstrap.sh axe               make sure the pinned axe-core (npm axe-core) is under .cache/axe
#                                          (the accessibility test injects its axe.min.js into Chromium)
#
# Variables: PYTHON (a Python 3.12 to use), UV (a uv binary to use instead of the pinned one),
# UV_VERSION, SPECTRAL_VERSION, VNU_VERSION, AXE_VERSION, SKIP_SYSTEM_DEPS=1 (warn about missing Debian packages, don't fail).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
UV_VERSION="${UV_VERSION:-0.13.9}"
SPECTRAL_VERSION="${SPECTRAL_VERSION:-6.16.3}"
VNU_VERSION="${VNU_VERSION:-26.9.27}"
AXE_VERSION="${AXE_VERSION:-4.14.1}"
export UV_PYTHON_DOWNLOADS=never
export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# --- Python 3.12 -------------------------------------------------------------------------------

# Prints the real interpreter behind CANDIDATE if it is a working Python 3.12. Resolves pyenv
# shims (sys.executable is the real binary) and virtualenvs (their python links to the base).
check_python() {
    "$1" -c '
import os, sys
assert sys.version_info[:2] == (3, 12)
exe = os.path.realpath(sys.executable) if sys.prefix != sys.base_prefix else sys.executable
assert exe
print(exe)' 2>/dev/null
}

find_python() {
    local c pyenv_root candidates=()
    if [ -n "${PYTHON:-}" ]; then
        check_python "$PYTHON" && return 0
        die "PYTHON=$PYTHON is not a working Python 3.12"
    fi
    c="$(command -v python3.12 2>/dev/null || true)"
    [ -n "$c" ] && candidates+=("$c")
    if command -v pyenv >/dev/null 2>&1; then
        c="$(pyenv prefix 3.12 2>/dev/null | head -n1 || true)"
        [ -n "$c" ] && candidates+=("$c/bin/python3.12")
        pyenv_root="$(pyenv root 2>/dev/null || true)"
    fi
    pyenv_root="${pyenv_root:-${PYENV_ROOT:-$HOME/.pyenv}}"
    if [ -d "$pyenv_root/versions" ]; then
        while IFS= read -r c; do
            candidates+=("$c")
        done < <(printf '%s\n' "$pyenv_root"/versions/3.12*/bin/python3.12 | sort -rV)
    fi
    candidates+=(/usr/local/bin/python3.12 /usr/bin/python3.12)
    c="$(command -v python3 2>/dev/null || true)"
    [ -n "$c" ] && candidates+=("$c")
    for c in "${candidates[@]}"; do
        [ -x "$c" ] || continue
        check_python "$c" && return 0
    done
    die "no Python 3.12 found. Install one (e.g. 'pyenv install 3.12'), put python3.12 on PATH, or set PYTHON=/path/to/python3.12."
}

# --- uv ----------------------------------------------------------------------------------------

uv_ok() {
    local v
    [ -x "$1" ] && v="$("$1" --version 2>/dev/null)" || return 1
    [[ "$v" == "uv $UV_VERSION" || "$v" == "uv $UV_VERSION "* ]]
}

ensure_uv() {
    if [ -n "${UV:-}" ]; then
        "$UV" --version >/dev/null 2>&1 || die "UV=$UV does not run"
        echo "$UV"
        return 0
    fi
    local tool="$CACHE/uv-tool" py
    if uv_ok "$tool/bin/uv"; then echo "$tool/bin/uv"; return 0; fi
    if uv_ok "$tool/pkg/bin/uv"; then echo "$tool/pkg/bin/uv"; return 0; fi
    py="$(find_python)"
    log "Installing uv $UV_VERSION into .cache/uv-tool (with $py)"
    mkdir -p "$CACHE"
    rm -rf "$tool"
    if "$py" -m venv "$tool" >/dev/null 2>&1 \
        && "$tool/bin/python" -m pip install -q "uv==$UV_VERSION" && uv_ok "$tool/bin/uv"; then
        echo "$tool/bin/uv"
        return 0
    fi
    # No venv module (e.g. Debian's python without python3-venv): a plain pip --target install.
    rm -rf "$tool"
    "$py" -m pip install -q --target "$tool/pkg" "uv==$UV_VERSION" \
        || die "could not install uv $UV_VERSION with $py -m pip"
    uv_ok "$tool/pkg/bin/uv" || die "uv was installed but $tool/pkg/bin/uv does not run"
    echo "$tool/pkg/bin/uv"
}

sync() {
    local uv py
    py="$(find_python)"
    uv="$(ensure_uv)"
    cd "$ROOT"
    log "uv sync --frozen $* (Python: $py)"
    "$uv" sync --frozen --python "$py" "$@"
}

# --- Debian packages ---------------------------------------------------------------------------

apt_lists_fresh() { [ -n "$(find "$CACHE/apt-updated" -mmin -60 2>/dev/null)" ]; }

apt_update() {
    log "apt-get update"
    apt-get update -q >/dev/null
    mkdir -p "$CACHE" && touch "$CACHE/apt-updated"
}

apt_install() {
    local missing=() p
    command -v dpkg-query >/dev/null 2>&1 || {
        log "not a Debian system: make sure these are installed: $*"
        return 0
    }
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] \
            || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! is_root; then
        if [ "${SKIP_SYSTEM_DEPS:-}" = 1 ]; then
            log "warning: missing Debian packages: ${missing[*]} (SKIP_SYSTEM_DEPS=1, going on)"
            return 0
        fi
        die "missing Debian packages: ${missing[*]}
Install them with:  sudo apt-get install ${missing[*]}
(or run as root, or set SKIP_SYSTEM_DEPS=1 to go on without them)"
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt_lists_fresh || apt_update
    log "apt-get install ${missing[*]}"
    local cmd=(apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}")
    if ! "${cmd[@]}" >"$CACHE/apt-install.log" 2>&1; then
        apt_update
        "${cmd[@]}" >"$CACHE/apt-install.log" 2>&1 || {
            tail -n 30 "$CACHE/apt-install.log" >&2
            die "apt-get install ${missing[*]} failed (log: .cache/apt-install.log)"
        }
    fi
}

ensure_gettext() {
    command -v msgfmt >/dev/null 2>&1 && return 0
    if ! is_root; then
        die "msgfmt (GNU gettext) is missing: install it with 'sudo apt-get install gettext'"
    fi
    apt_install gettext
}

# --- npm ---------------------------------------------------------------------------------------

ensure_npm() {
    command -v npm >/dev/null 2>&1 && return 0
    is_root || die "npm is missing: install Node.js and npm (e.g. 'sudo apt-get install nodejs npm')"
    apt_install nodejs npm
}

# --- Spectral (npm) ----------------------------------------------------------------------------

ensure_spectral() {
    local dir="$CACHE/spectral" bin="$CACHE/spectral/node_modules/.bin/spectral"
    if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "$SPECTRAL_VERSION" ]; then
        echo "$bin"
        return 0
    fi
    ensure_npm
    log "npm install @stoplight/spectral-cli@$SPECTRAL_VERSION into .cache/spectral"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-update-notifier --save-exact \
        --fetch-timeout=60000 --fetch-retries=3 \
        --loglevel=error "@stoplight/spectral-cli@$SPECTRAL_VERSION" >&2
    [ "$("$bin" --version 2>/dev/null)" = "$SPECTRAL_VERSION" ] \
        || die "Spectral was installed but '$bin --version' does not print $SPECTRAL_VERSION"
    echo "$bin"
}

# --- npm packages the tests read from disk: the Nu HTML Checker (vnu-jar) and axe-core -------

# An installed package's version, read from its package.json (running it to ask would start a
# JVM, for the checker).
npm_installed_version() {
    grep -o '"version": *"[^"]*"' "$1/node_modules/$2/package.json" 2>/dev/null \
        | head -n1 | sed 's/.*"\([^"]*\)"$/\1/'
}

# ensure_npm_file DIR PACKAGE VERSION FILE: PACKAGE@VERSION in .cache/DIR, and print the path
# of FILE inside the package. --ignore-scripts: vnu-jar's install script would download a Java
# of its own when none is found; the checker runs with Debian's (default-jre-headless).
ensure_npm_file() {
    local dir="$CACHE/$1" package="$2" version="$3"
    local file="$CACHE/$1/node_modules/$2/$4"
    if [ -f "$file" ] && [ "$(npm_installed_version "$dir" "$package")" = "$version" ]; then
        echo "$file"
        return 0
    fi
    ensure_npm
    log "npm install $package@$version into .cache/$1"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-update-notifier --save-exact \
        --ignore-scripts --fetch-timeout=60000 --fetch-retries=3 \
        --loglevel=error "$package@$version" >&2
    [ -f "$file" ] && [ "$(npm_installed_version "$dir" "$package")" = "$version" ] \
        || die "$package was installed but $file (version $version) is not there"
    echo "$file"
}

subcommand="${1:-}"
[ $# -gt 0 ] && shift
case "$subcommand" in
    python) find_python ;;
    uv) ensure_uv ;;
    sync) sync "$@" ;;
    apt) apt_install "$@" ;;
    gettext) ensure_gettext ;;
    spectral) ensure_spectral >/dev/null ;;
    vnu) ensure_npm_file vnu vnu-jar "$VNU_VERSION" build/dist/vnu.jar >/dev/null ;;
    axe) ensure_npm_file axe axe-core "$AXE_VERSION" axe.min.js >/dev/null ;;
    *) die "usage: $0 {python|uv|sync [ARGS]|apt PKG...|gettext|spectral|vnu|axe}" ;;
esac
