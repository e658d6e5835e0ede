#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1:5432 for the store tests, and print
# the URL to export as TEST_DATABASE_URL:
#
#   export TEST_DATABASE_URL="$(scripts/start_test_postgres.sh)"
#
# Safe to run again: a server already answering is reused. The cluster trusts
# every local connection and does not fsync, so it is for tests only.
# Stop it with: runuser -u postgres -- pg_ctl -D "$CLUSTER_DIR" stop
set -euo pipefail

PORT=5432
DATABASE=victims_test
CLUSTER_DIR="${VICTIMS_TEST_PG_DIR:-${TMPDIR:-/tmp}/victims_test_postgres}"
URL="postgresql://postgres@127.0.0.1:${PORT}/${DATABASE}"

say() { echo "$*" >&2; }

find_bin_dir() {
    local candidate
    for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$candidate/initdb" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    return 1
}

# initdb and the server refuse to run as root, so root hands them to postgres.
as_cluster_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if ! BIN_DIR="$(find_bin_dir)"; then
    if [[ "$(id -u)" -ne 0 ]]; then
        say "PostgreSQL is not installed; as root: apt-get install -y postgresql"
        exit 1
    fi
    say "Installing PostgreSQL from Debian packages..."
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    BIN_DIR="$(find_bin_dir)"
fi

server_answers() {
    "$BIN_DIR/pg_isready" -q -h 127.0.0.1 -p "$PORT"
}

if server_answers; then
    say "A PostgreSQL server already answers on 127.0.0.1:${PORT}; reusing it."
else
    # A directory without PG_VERSION is an initdb that was interrupted.
    if [[ ! -f "$CLUSTER_DIR/PG_VERSION" ]]; then
        rm -rf "$CLUSTER_DIR"
        mkdir -p "$CLUSTER_DIR"
        if [[ "$(id -u)" -eq 0 ]]; then
            chown postgres: "$CLUSTER_DIR"
        fi
        chmod 700 "$CLUSTER_DIR"
        say "Creating a test cluster in $CLUSTER_DIR..."
        as_cluster_owner "$BIN_DIR/initdb" -D "$CLUSTER_DIR" -U postgres \
            --auth=trust --encoding=UTF8 --locale=C >&2
    fi
    say "Starting PostgreSQL on 127.0.0.1:${PORT}..."
    # The socket goes in the cluster directory: /var/run/postgresql may not exist.
    as_cluster_owner "$BIN_DIR/pg_ctl" -D "$CLUSTER_DIR" -l "$CLUSTER_DIR/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p ${PORT} -k ${CLUSTER_DIR} -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2
fi

psql_as_postgres() {
    "$BIN_DIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
}

if [[ "$(psql_as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'")" != "1" ]]; then
    psql_as_postgres -c "CREATE DATABASE ${DATABASE}" >&2
fi

echo "$URL"
