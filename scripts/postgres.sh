#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for tests and benchmarks:
#
#   scripts/postgres.sh start DIR PORT   initdb in DIR (if empty), start it on
#                                        127.0.0.1:PORT; prints its base URL
#   scripts/postgres.sh stop DIR         stops it (DIR can then be deleted)
#
# Debian's PostgreSQL binaries, no service, no system cluster touched. As
# root (CI), the cluster runs as the `postgres` user Debian's package made:
# PostgreSQL refuses to run as root. Durability is off (fsync): the data is
# thrown away; the deployment's settings are in docs/DEPLOYMENT.md.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: run scripts/setup.sh" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U ngayhoi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -t 60 start -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" >/dev/null
    echo "postgres://ngayhoi@127.0.0.1:$port"
    ;;
  stop)
    dir=$2
    [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
