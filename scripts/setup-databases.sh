#!/usr/bin/env bash
# Starts the throwaway PostgreSQL 15 and MariaDB 10.11 that the fix-correctness harness
# (test/fixcorrectness/) runs original and fixed queries against, installing Debian's packages
# when they are missing. Both listen on 127.0.0.1 only, on ports nobody else uses by default, with
# data under a temporary folder; the connection facts go to .cache/databases.json for the tests.
# Idempotent: servers that already answer are reused, in well under a second.
#   scripts/setup-databases.sh        install if needed, start, write .cache/databases.json
#   scripts/setup-databases.sh stop   stop both servers and delete their data
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_PORT="${RUGGED_PG_PORT:-54329}"
MARIADB_PORT="${RUGGED_MARIADB_PORT:-33069}"
DATABASE=rugged_fixcheck
# Outside the checkout: the postgres user must be able to reach its data folder, and a checkout
# under /root or a home folder is closed to it.
BASE="${RUGGED_DB_DIR:-${TMPDIR:-/tmp}/rugged-test-databases}"
PG_DATA="$BASE/postgres"
MARIADB_DATA="$BASE/mariadb"
MARIADB_SOCKET="$BASE/mariadb.sock"
INFO="$ROOT/.cache/databases.json"
PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '[setup-databases] %s\n' "$*" >&2; }

as_postgres() { runuser -u postgres -- "$@"; }

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
mariadb_ready() { mariadb-admin --socket="$MARIADB_SOCKET" -uroot ping >/dev/null 2>&1; }

stop_all() {
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null || true
  fi
  if [[ -f "$BASE/mariadb.pid" ]]; then
    kill "$(cat "$BASE/mariadb.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do mariadb_ready || break; sleep 0.2; done
  fi
  rm -rf "$BASE" "$INFO"
  log "stopped; removed $BASE"
}

if [[ "${1:-}" == stop ]]; then
  stop_all
  exit 0
fi

# Both answering and described by an earlier run: nothing to do, and no need for root.
# The facts name the databases this version creates, so servers started by an older version get
# the missing ones before they are used.
if pg_ready && mariadb_ready && [[ -f "$INFO" ]] && grep -q "\"${DATABASE}_exercise\"" "$INFO"; then
  log "PostgreSQL (127.0.0.1:$PG_PORT) and MariaDB (127.0.0.1:$MARIADB_PORT) already running; facts in $INFO"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  # PostgreSQL refuses to run as root and must run as its own user; only root can switch to it.
  log "run as root (PostgreSQL is started as the postgres user and the packages come from apt)"
  exit 1
fi

# Test files may start this script at the same time; the second one waits, then finds it done.
mkdir -p "$BASE" "$ROOT/.cache"
chmod 755 "$BASE"
exec 9>"$BASE.lock"
flock 9

# --- Debian packages -------------------------------------------------------------------------
missing=()
[[ -x "$PG_BIN/pg_ctl" ]] || missing+=(postgresql)
command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
if ((${#missing[@]} > 0)); then
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  # No service is started by the packages' scripts in a container without an init; either way
  # the servers below are our own, on their own ports and data.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- PostgreSQL ------------------------------------------------------------------------------
if pg_ready; then
  log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
else
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    rm -rf "$PG_DATA"
    install -d -o postgres -g postgres -m 700 "$PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  rm -f "$PG_DATA/postmaster.pid"
  # fsync off: the data is thrown away, and syncing every reseed is most of the test's time.
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 9>&-
  log "PostgreSQL started on 127.0.0.1:$PG_PORT (data $PG_DATA, log $PG_DATA/server.log)"
fi
# One database per test file that uses them (the cases, the harness's self-test, the example
# shop's generated story tests): node's runner may run the files at once, and each reseeds its
# tables before every run.
for db in "$DATABASE" "${DATABASE}_self" "${DATABASE}_exercise"; do
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db"
  fi
done

# --- MariaDB ---------------------------------------------------------------------------------
if mariadb_ready; then
  log "MariaDB already running on 127.0.0.1:$MARIADB_PORT"
else
  if [[ ! -d "$MARIADB_DATA/mysql" ]]; then
    rm -rf "$MARIADB_DATA"
    mkdir -p "$MARIADB_DATA"
    mariadb-install-db --no-defaults --user=root --datadir="$MARIADB_DATA" --auth-root-authentication-method=socket \
      --skip-test-db >"$BASE/mariadb-install.log" 2>&1 || { cat "$BASE/mariadb-install.log" >&2; exit 1; }
  fi
  # --no-defaults: the Debian my.cnf would bind the default port and socket of a system server.
  # Its own session and no inherited descriptors: the server outlives this script and the test run
  # that started it, and must not hold the lock above or the caller's output pipe.
  setsid mariadbd --no-defaults --user=root --datadir="$MARIADB_DATA" --socket="$MARIADB_SOCKET" \
    --pid-file="$BASE/mariadb.pid" --port="$MARIADB_PORT" --bind-address=127.0.0.1 --skip-networking=0 \
    --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=32M \
    --log-error="$BASE/mariadb.log" --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    </dev/null >/dev/null 2>&1 9>&- &
  for _ in $(seq 1 150); do mariadb_ready && break; sleep 0.2; done
  if ! mariadb_ready; then
    log "MariaDB did not start; its log follows"
    tail -n 30 "$BASE/mariadb.log" >&2 || true
    exit 1
  fi
  log "MariaDB started on 127.0.0.1:$MARIADB_PORT (data $MARIADB_DATA, log $BASE/mariadb.log)"
fi
mariadb --socket="$MARIADB_SOCKET" -uroot -e "
  CREATE DATABASE IF NOT EXISTS $DATABASE;
  CREATE DATABASE IF NOT EXISTS ${DATABASE}_self;
  CREATE DATABASE IF NOT EXISTS ${DATABASE}_exercise;
  CREATE USER IF NOT EXISTS 'rugged'@'127.0.0.1' IDENTIFIED BY 'rugged';
  GRANT ALL ON $DATABASE.* TO 'rugged'@'127.0.0.1';
  GRANT ALL ON ${DATABASE}_self.* TO 'rugged'@'127.0.0.1';
  GRANT ALL ON ${DATABASE}_exercise.* TO 'rugged'@'127.0.0.1';"

cat >"$INFO.tmp" <<JSON
{
  "postgres": { "host": "127.0.0.1", "port": $PG_PORT, "user": "postgres", "password": "", "database": "$DATABASE" },
  "mariadb": { "host": "127.0.0.1", "port": $MARIADB_PORT, "user": "rugged", "password": "rugged", "database": "$DATABASE" },
  "databases": ["$DATABASE", "${DATABASE}_self", "${DATABASE}_exercise"]
}
JSON
mv "$INFO.tmp" "$INFO"
log "connection facts in $INFO"
