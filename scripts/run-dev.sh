#!/usr/bin/env bash
# `make run`: the development server and the task worker beside it. Ctrl-C (or the end of
# either) stops both.
#
#   scripts/run-dev.sh [ADDR]     ADDR defaults to 127.0.0.1:8000
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
ADDR="${1:-127.0.0.1:8000}"

# Both in the background, so this shell's `wait` returns on a signal and can stop the other.
"$PY" manage.py worker &
worker=$!
"$PY" manage.py runserver "$ADDR" &
server=$!

stop() {
    trap - INT TERM EXIT
    kill -TERM "$server" "$worker" 2>/dev/null
    wait "$server" "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

wait -n "$server" "$worker"
