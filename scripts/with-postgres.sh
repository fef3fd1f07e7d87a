#!/usr/bin/env bash
# Runs COMMAND with DATABASE_URL pointing at a PostgreSQL database the command may use for tests.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# 1. DATABASE_URL already postgres://...: used as it is.
# 2. A server answers on $PGHOST_CHECK:$PGPORT_CHECK (default 127.0.0.1:5432) and one of the roles
#    $PGUSER_CHECK, postgres, root, $(id -un) logs in without a password prompt and may create
#    databases: postgres://ROLE@HOST:PORT/concordia_ci (pytest-django creates test_concordia_ci).
# 3. Otherwise a throwaway cluster: initdb into a temporary folder (as user postgres when root),
#    trust auth, on 127.0.0.1 and a free port from $PG_THROWAWAY_PORT (default 54329), socket in
#    the same folder; stopped and removed when COMMAND ends, whatever its outcome.
# PostgreSQL is installed with apt-get (when root) if no server answers and no server binaries
# exist under /usr/lib/postgresql.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK_HOST="${PGHOST_CHECK:-127.0.0.1}"
CHECK_PORT="${PGPORT_CHECK:-5432}"
DB_NAME="${PG_DATABASE:-concordia_ci}"
THROWAWAY_PORT="${PG_THROWAWAY_PORT:-54329}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

log() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

[ $# -gt 0 ] || die "usage: $0 COMMAND [ARGS...]"

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://* | pgsql://*)
        log "PostgreSQL: using the DATABASE_URL given"
        exec "$@"
        ;;
esac

# Newest server binaries installed by Debian's packages, if any.
pg_bindir() {
    local d
    d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

pg_tool() {
    local d
    if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return 0; fi
    d="$(pg_bindir || true)"
    [ -n "$d" ] && [ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
    return 1
}

port_in_use() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_pg_installed() {
    # $1: "server" needs initdb/pg_ctl, "client" needs psql/pg_isready
    if [ "$1" = server ] && pg_bindir >/dev/null; then return 0; fi
    if [ "$1" = client ] && pg_tool psql >/dev/null && pg_tool pg_isready >/dev/null; then return 0; fi
    is_root || die "PostgreSQL $1 programs are missing: install them with 'sudo apt-get install postgresql' (or set DATABASE_URL=postgres://...)"
    local pkg=postgresql
    [ "$1" = client ] && pkg=postgresql-client
    "$ROOT/scripts/bootstrap.sh" apt "$pkg"
}

# --- an existing server ------------------------------------------------------------------------

URL=""
if port_in_use "$CHECK_HOST" "$CHECK_PORT"; then
    ensure_pg_installed client
    PG_ISREADY="$(pg_tool pg_isready)"
    PSQL="$(pg_tool psql)"
    if "$PG_ISREADY" -q -h "$CHECK_HOST" -p "$CHECK_PORT"; then
        for role in ${PGUSER_CHECK:-} postgres root "$(id -un)"; do
            ok="$("$PSQL" -w -X -A -t -q -h "$CHECK_HOST" -p "$CHECK_PORT" -U "$role" -d postgres \
                -c "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user" \
                2>/dev/null || true)"
            if [ "$ok" = t ]; then
                exists="$("$PSQL" -w -X -A -t -q -h "$CHECK_HOST" -p "$CHECK_PORT" -U "$role" \
                    -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")"
                if [ "$exists" != 1 ]; then
                    "$PSQL" -w -X -q -h "$CHECK_HOST" -p "$CHECK_PORT" -U "$role" -d postgres \
                        -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
                fi
                URL="postgres://$role@$CHECK_HOST:$CHECK_PORT/$DB_NAME"
                log "PostgreSQL: server at $CHECK_HOST:$CHECK_PORT, role $role, database $DB_NAME"
                break
            fi
        done
        [ -n "$URL" ] || log "PostgreSQL at $CHECK_HOST:$CHECK_PORT answers, but no role that may create databases logs in without a password: starting a throwaway cluster"
    else
        log "port $CHECK_HOST:$CHECK_PORT is open but no PostgreSQL is ready there: starting a throwaway cluster"
    fi
else
    log "no PostgreSQL on $CHECK_HOST:$CHECK_PORT: starting a throwaway cluster"
fi

if [ -n "$URL" ]; then
    DATABASE_URL="$URL" exec "$@"
fi

# --- a throwaway cluster -----------------------------------------------------------------------

ensure_pg_installed server
BINDIR="$(pg_bindir)" || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"

TMP="$(mktemp -d "${PG_THROWAWAY_DIR:-/tmp}/concordia-pg.XXXXXX")"
chmod 700 "$TMP"
if is_root; then
    # initdb refuses to run as root: the cluster belongs to an ordinary user.
    RUN_AS=postgres
    id -u "$RUN_AS" >/dev/null 2>&1 || RUN_AS=nobody
    chown "$RUN_AS" "$TMP"
    as_owner() {
        if command -v runuser >/dev/null 2>&1; then
            (cd "$TMP" && runuser -u "$RUN_AS" -- "$@")
        else
            (cd "$TMP" && su -s /bin/sh "$RUN_AS" -c "$(printf '%q ' "$@")")
        fi
    }
else
    as_owner() { "$@"; }
fi

cleanup() {
    local rc=$?
    if [ -f "$TMP/data/postmaster.pid" ]; then
        as_owner "$BINDIR/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$THROWAWAY_PORT"
while port_in_use 127.0.0.1 "$PORT"; do
    PORT=$((PORT + 1))
    [ "$PORT" -lt $((THROWAWAY_PORT + 100)) ] || die "no free port in $THROWAWAY_PORT..$PORT"
done

log "PostgreSQL: throwaway cluster ($("$BINDIR/postgres" --version)) in $TMP on 127.0.0.1:$PORT"
as_owner "$BINDIR/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
as_owner "$BINDIR/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -t 60 \
    -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$TMP/server.log" >&2; die "the throwaway PostgreSQL did not start"; }
"$BINDIR/psql" -w -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null

DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/$DB_NAME" "$@"
