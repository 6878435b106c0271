#!/bin/bash
# Throwaway PostgreSQL 15 cluster for the benchmark (never the system cluster).
#   pg.sh init            initdb into $BENCH_PGDATA (trust auth)
#   pg.sh start [on|off]  start with fsync on (default) or off; TCP $BENCH_HOST:$BENCH_PORT + socket in $BENCH_SOCK
#   pg.sh restart [on|off]
#   pg.sh stop
#   pg.sh status
# As root the server runs as the postgres user; otherwise as the caller.
set -eu
. "$(dirname "$0")/env.sh"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# As root the server runs at a raised priority, like the tools under run.sh
# (env.sh: BENCH_PRIO rt = SCHED_FIFO 10, nice = nice -20 + realtime I/O class,
# 0 = as is): builds and test suites sharing the machine then steal far less
# time from the runs.
prio_as_pg() {
    if [ "$(id -u)" = 0 ]; then
        case $BENCH_PRIO in
        rt)   chrt -f 10 runuser -u postgres -- "$@" ;;
        nice) nice -n -20 ionice -c 1 -n 0 runuser -u postgres -- "$@" ;;
        *)    as_pg "$@" ;;
        esac
    else
        as_pg "$@"
    fi
}
cmd=${1:-status}; fs=${2:-on}
case $cmd in
init)
  mkdir -p "$BENCH_ROOT" "$BENCH_SOCK"; chmod 755 "$BENCH_ROOT"
  mkdir -p "$BENCH_PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$BENCH_PGDATA" "$BENCH_SOCK"
  as_pg "$PGBIN/initdb" -D "$BENCH_PGDATA" -A trust -U postgres >"$BENCH_ROOT/initdb.log" ;;
start)
  prio_as_pg "$PGBIN/pg_ctl" -D "$BENCH_PGDATA" -l "$BENCH_SOCK/pg.log" -w \
    -o "-c listen_addresses=$BENCH_HOST -c port=$BENCH_PORT -c unix_socket_directories=$BENCH_SOCK -c fsync=$fs" start >/dev/null ;;
restart)
  as_pg "$PGBIN/pg_ctl" -D "$BENCH_PGDATA" -m fast -w stop >/dev/null || true
  "$0" start "$fs" ;;
stop)
  as_pg "$PGBIN/pg_ctl" -D "$BENCH_PGDATA" -m fast -w stop >/dev/null ;;
status)
  as_pg "$PGBIN/pg_ctl" -D "$BENCH_PGDATA" status || true
  "$PSQL" -X -At -d postgres -c "select 'fsync=' || current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit') || ' wal_sync_method=' || current_setting('wal_sync_method')" 2>/dev/null || true ;;
*) echo "usage: $0 init|start [on|off]|restart [on|off]|stop|status" >&2; exit 2 ;;
esac
