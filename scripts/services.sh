#!/usr/bin/env bash
# Makes sure MariaDB, PostgreSQL and Redis answer on 127.0.0.1 before the tests run, and creates what the
# tests need in them. Idempotent: run it as often as you like.
#
#   - a service that answers is left alone;
#   - one that is installed but stopped is started with its usual command;
#   - one that is missing is installed from Debian packages (only when running as root);
#   - PostgreSQL gets max_prepared_transactions > 0 (XA tests need PREPARE TRANSACTION);
#   - databases/schemas: MariaDB `test`, `dtm`, `dtm_barrier`, `dtm_busi`; PostgreSQL db `test` with schemas
#     `dtm`, `dtm_barrier`, `dtm_busi`.
#
# Exit code is non-zero, with a message naming the service and the remedy, when a service cannot be brought up.
set -uo pipefail

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

PG_HOST=127.0.0.1 PG_PORT=5432 MY_HOST=127.0.0.1 MY_PORT=3306 REDIS_PORT=6379
APT_UPDATED=0

wait_for() { # name, command...; waits up to 30 s
  local name=$1; shift
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "$* not installed and not running as root: install it yourself (apt-get install $*)"
  command -v apt-get >/dev/null || die "$* not installed and apt-get is not available: install it yourself"
  if [ $APT_UPDATED = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq || true; APT_UPDATED=1; fi
  log "installing $* from Debian packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

pg_ok() { pg_isready -q -h $PG_HOST -p $PG_PORT && psql -h $PG_HOST -p $PG_PORT -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }
pg_start() {
  local v; v=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
  [ -n "$v" ] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || pg_ctlcluster "$v" main start
}
pg_trust() { # the tests connect as postgres over TCP without a password
  local v hba; v=$(ls /etc/postgresql | sort -V | tail -n1); hba=/etc/postgresql/$v/main/pg_hba.conf
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    log "PostgreSQL: allowing trust auth on 127.0.0.1 for the tests"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$v" main reload 2>/dev/null || pg_ctlcluster "$v" main reload
  fi
}
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null && ! pg_ok; then apt_install postgresql postgresql-client; fi
  if ! pg_ok; then
    log "PostgreSQL not answering on $PG_HOST:$PG_PORT: starting it"
    pg_start
    wait_for postgres pg_isready -h $PG_HOST -p $PG_PORT || die "PostgreSQL did not start (see /var/log/postgresql)"
    [ "$(id -u)" = 0 ] && ! pg_ok && pg_trust
  fi
  pg_ok || die "PostgreSQL answers but user postgres cannot log in from 127.0.0.1 without a password (trust it in pg_hba.conf)"
  local mpt; mpt=$(psql -h $PG_HOST -U postgres -d postgres -Atc 'show max_prepared_transactions')
  if [ "${mpt:-0}" = 0 ]; then
    log "PostgreSQL: max_prepared_transactions is 0; setting 64 and restarting (XA tests need it)"
    psql -h $PG_HOST -U postgres -d postgres -qc 'alter system set max_prepared_transactions = 64' \
      || die "cannot set max_prepared_transactions"
    local v; v=$(ls /etc/postgresql | sort -V | tail -n1)
    pg_ctlcluster --skip-systemctl-redirect "$v" main restart 2>/dev/null || pg_ctlcluster "$v" main restart \
      || die "PostgreSQL restart failed"
    wait_for postgres pg_ok || die "PostgreSQL did not come back after the restart"
  fi
  psql -h $PG_HOST -U postgres -d postgres -Atc "select 1 from pg_database where datname='test'" | grep -q 1 \
    || psql -h $PG_HOST -U postgres -d postgres -qc 'create database test'
  psql -h $PG_HOST -U postgres -d test -qc \
    'create schema if not exists dtm; create schema if not exists dtm_barrier; create schema if not exists dtm_busi' \
    || die "cannot create the PostgreSQL schemas"
  log "PostgreSQL ok ($PG_HOST:$PG_PORT, db test, max_prepared_transactions=$(psql -h $PG_HOST -U postgres -Atc 'show max_prepared_transactions'))"
}

my_ok() { mariadb -h $MY_HOST -P $MY_PORT -uroot -e 'select 1' >/dev/null 2>&1; }
ensure_mariadb() {
  if ! command -v mariadbd >/dev/null && ! [ -x /usr/sbin/mariadbd ] && ! my_ok; then
    apt_install mariadb-server mariadb-client
  fi
  if ! my_ok; then
    log "MariaDB not answering on $MY_HOST:$MY_PORT: starting it"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd 2>/dev/null \
      || (/usr/sbin/mariadbd --user=mysql >/var/log/mariadbd.log 2>&1 &)
    wait_for mariadb my_ok || die "MariaDB did not start, or root cannot log in without a password from $MY_HOST"
  fi
  mariadb -h $MY_HOST -P $MY_PORT -uroot -e \
    'create database if not exists test; create database if not exists dtm; create database if not exists dtm_barrier; create database if not exists dtm_busi' \
    || die "cannot create the MariaDB databases"
  log "MariaDB ok ($MY_HOST:$MY_PORT, root)"
}

redis_ok() { [ "$(redis-cli -h 127.0.0.1 -p $REDIS_PORT ping 2>/dev/null)" = PONG ]; }
ensure_redis() {
  if ! command -v redis-server >/dev/null && ! redis_ok; then apt_install redis-server; fi
  if ! redis_ok; then
    log "Redis not answering on 127.0.0.1:$REDIS_PORT: starting it"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $REDIS_PORT --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for redis redis_ok || die "Redis did not start (see /var/log/redis/ci.log)"
  fi
  log "Redis ok (127.0.0.1:$REDIS_PORT)"
}

ensure_postgres
ensure_mariadb
ensure_redis
