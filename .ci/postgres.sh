#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 as the `postgres` user and print its URL.
# Usage: .ci/postgres.sh start [DIR] [PORT]  |  .ci/postgres.sh stop [DIR]
set -euo pipefail
action=${1:-start}
dir=${2:-/tmp/stockelper-pg}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "$action" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "$bin/initdb -D '$dir' -U stockelper --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    as_pg "$bin/pg_ctl -D '$dir' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start >/dev/null"
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U stockelper stockelper_test 2>/dev/null || true
    echo "postgresql+psycopg://stockelper@127.0.0.1:$port/stockelper_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl -D '$dir' -m fast stop >/dev/null" || true
    ;;
esac
