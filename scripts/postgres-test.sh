#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite: its own temp dir, port and socket.
#
#   scripts/postgres-test.sh run CMD...   start a cluster, run CMD with DATABASE_URL set, stop it
#                                         (always, also on failure); exits with CMD's status
#   scripts/postgres-test.sh start        start one and print `export DATABASE_URL=...` and
#                                         `export SMARTRURAL_PG_DIR=...` lines for `eval`
#   scripts/postgres-test.sh stop [DIR]   stop the cluster in DIR (default: $SMARTRURAL_PG_DIR)
#                                         and remove DIR
#
# Uses the newest /usr/lib/postgresql/*/bin; as root it installs Debian's `postgresql` package
# when there is none, and runs the server as the `postgres` user (PostgreSQL refuses root).
# Example for developers:
#   eval "$(scripts/postgres-test.sh start)"; make test-postgres; scripts/postgres-test.sh stop
set -euo pipefail

PG_USER=smartrural
PG_DB=smartrural

log() { echo "postgres-test: $*" >&2; }

find_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$dir" ] && command -v pg_config >/dev/null; then
        dir=$(pg_config --bindir)
    fi
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_postgres() {
    local dir
    if dir=$(find_bindir); then
        echo "$dir"
        return
    fi
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL server binaries not found; install Debian's 'postgresql' package."
        exit 1
    fi
    log "installing PostgreSQL (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    find_bindir || { log "PostgreSQL still not found after installing it"; exit 1; }
}

# Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bindir dir port password
    bindir=$(ensure_postgres)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/smartrural-pg.XXXXXX")
    chmod 700 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=$(free_port)
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    as_owner sh -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
    mkdir -p "$dir/sock" 2>/dev/null || as_owner mkdir -p "$dir/sock"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir/sock"
    log "initdb in $dir ($("$bindir/postgres" --version))"
    # ICU Vietnamese collation, as a province's production database would use: it orders
    # punctuation unlike C, which the unit path ranges must not depend on.
    as_owner "$bindir/initdb" -D "$dir/data" -U "$PG_USER" --pwfile="$dir/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        --locale-provider=icu --icu-locale=vi >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability settings off: the cluster lives for one test run.
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
        >/dev/null; then
        cat "$dir/server.log" >&2
        exit 1
    fi
    PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DB"
    log "PostgreSQL listening on 127.0.0.1:$port"
    echo "export SMARTRURAL_PG_DIR='$dir'"
    echo "export DATABASE_URL='postgres://$PG_USER:$password@127.0.0.1:$port/$PG_DB'"
}

stop() {
    local dir=${1:-${SMARTRURAL_PG_DIR:-}} bindir
    [ -n "$dir" ] && [ -d "$dir" ] || { log "no cluster directory to stop"; return 0; }
    case "$dir" in */smartrural-pg.*) ;; *) log "refusing to remove $dir"; return 1 ;; esac
    if [ -f "$dir/data/postmaster.pid" ] && bindir=$(find_bindir); then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
    fi
    rm -rf "$dir"
    log "stopped and removed $dir"
}

run() {
    [ $# -gt 0 ] || { log "usage: $0 run CMD..."; exit 2; }
    local env_lines status
    env_lines=$(start)
    eval "$env_lines"
    trap 'stop "$SMARTRURAL_PG_DIR"' EXIT
    trap 'exit 130' INT TERM
    set +e
    "$@"
    status=$?
    set -e
    exit "$status"
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "$@" ;;
    run) shift; run "$@" ;;
    *) echo "usage: $0 {run CMD...|start|stop [DIR]}" >&2; exit 2 ;;
esac
