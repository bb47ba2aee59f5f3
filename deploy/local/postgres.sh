#!/usr/bin/env bash
# PostgreSQL for local development and tests: Debian's package, a cluster of our own.
#   postgres.sh install   apt-get install postgresql when no server binaries exist
#   postgres.sh start     create the cluster on first use, start it, ensure role and database
#   postgres.sh stop      stop the cluster this script started
#   postgres.sh status
# PostgreSQL refuses to run as root, so as root the cluster runs as the postgres user.
source "$(dirname "$0")/common.sh"

POSTGRES_PORT="${POSTGRES_PORT:-5432}"
DB_USER="${POSTGRES_USER:-ledgerbus}"
DB_PASSWORD="${POSTGRES_PASSWORD:-ledgerbus}"
DB_NAME="${POSTGRES_DB:-ledgerbus}"
if [[ $EUID -eq 0 ]]; then
  PG_HOME="${LEDGERBUS_PG_HOME:-/var/lib/ledgerbus/postgres}"   # the postgres user must reach it
  as_owner() { runuser -u postgres -- "$@"; }
else
  PG_HOME="${LEDGERBUS_PG_HOME:-$STATE_DIR/postgres}"
  as_owner() { "$@"; }
fi
PGDATA_DIR="$PG_HOME/data-$POSTGRES_PORT"
SOCKET_DIR="$PG_HOME/run-$POSTGRES_PORT"
LOG_FILE="$LOG_DIR/postgres.log"

bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

install() {
  [[ -n "$(bin_dir)" ]] && return 0
  say "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  need_root_or_sudo apt-get update -qq >"$LOG_DIR/postgres-install.log" 2>&1
  need_root_or_sudo apt-get install -y -qq postgresql >>"$LOG_DIR/postgres-install.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/postgres-install.log" >&2; die "apt-get install postgresql failed"; }
  [[ -n "$(bin_dir)" ]] || die "postgresql installed but no server binaries found"
}

psql_super() {
  as_owner "$(bin_dir)/psql" -h "$SOCKET_DIR" -p "$POSTGRES_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -qAt "$@"
}

ensure_role_and_database() {
  psql_super -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
      END IF; END \$\$;" >/dev/null
  if [[ -z "$(psql_super -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]]; then
    psql_super -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >/dev/null
  fi
}

start() {
  if port_open "$POSTGRES_PORT"; then
    say "PostgreSQL already listening on 127.0.0.1:$POSTGRES_PORT; reusing it"
    [[ -d $PGDATA_DIR ]] && ensure_role_and_database
    return 0
  fi
  install
  local bin; bin="$(bin_dir)"
  mkdir -p "$PG_HOME" "$SOCKET_DIR"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_HOME" "$SOCKET_DIR"
  touch "$LOG_FILE" && [[ $EUID -eq 0 ]] && chown postgres "$LOG_FILE"
  if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
    say "creating a PostgreSQL cluster in $PGDATA_DIR"
    as_owner "$bin/initdb" -D "$PGDATA_DIR" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$LOG_FILE" 2>&1 ||
      die "initdb failed (see $LOG_FILE)"
  fi
  say "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT (log: $LOG_FILE)"
  as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 start \
    -o "-p $POSTGRES_PORT -k $SOCKET_DIR -c listen_addresses=127.0.0.1 -c max_connections=400" \
    >/dev/null || { tail -n 30 "$LOG_FILE" >&2; die "PostgreSQL did not start"; }
  ensure_role_and_database
  say "PostgreSQL is up: postgresql://$DB_USER:***@127.0.0.1:$POSTGRES_PORT/$DB_NAME"
}

stop() {
  local bin; bin="$(bin_dir || true)"
  if [[ -n $bin && -f $PGDATA_DIR/postmaster.pid ]]; then
    say "stopping PostgreSQL"
    as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null || true
  fi
}

status() {
  if port_open "$POSTGRES_PORT"; then echo "postgres: up on 127.0.0.1:$POSTGRES_PORT"; else echo "postgres: down"; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
