# Common settings for the atlas-c benchmark harness (bench/). Source it; every
# value can be overridden from the environment before sourcing.
: "${BENCH_ROOT:=/tmp/atlas-bench}"              # scratch: loop image, cluster, workloads, helpers
# Where the loop image file lives.  Default /dev/shm (RAM) when it has 6 GB
# free: the image is still a journaled ext4 (journal commits, flushes), but a
# flush completes at memory speed instead of queueing behind every other
# writer of a shared disk (there W1 varied 20-150 ms).  BENCH_IMG_DIR=$BENCH_ROOT
# puts it on disk, as the shared harness's figures were taken.
if [ -z "${BENCH_IMG_DIR:-}" ]; then
    if [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $4}')" -gt 6000000 ] 2>/dev/null; then
        BENCH_IMG_DIR=/dev/shm/atlas-bench
    else
        BENCH_IMG_DIR=$BENCH_ROOT
    fi
fi
: "${BENCH_IMG:=$BENCH_IMG_DIR/ext4j.img}"       # journaled ext4 loop image (setup.sh)
: "${BENCH_MNT:=$BENCH_ROOT/mnt}"
: "${BENCH_PGDATA:=$BENCH_MNT/pgdata}"
: "${BENCH_SOCK:=$BENCH_ROOT/sock}"
: "${BENCH_PORT:=55433}"                         # not the shared harness's 55432: both may run
: "${BENCH_HOST:=127.0.0.1}"                     # every tool connects over TCP loopback
: "${BENCH_DB:=bench}"
: "${BENCH_USER:=postgres}"
: "${BENCH_WORK:=$BENCH_ROOT/w}"                 # generated workloads (gen.py output)
: "${BENCH_NPM_DIR:=$BENCH_ROOT}"                # where `npm install` put node_modules/
: "${PGBIN:=/usr/lib/postgresql/15/bin}"         # real binaries, not Debian's perl pg_wrapper
: "${PSQL:=$PGBIN/psql}"
case $(uname -m) in
x86_64) bench_npm_arch=x64 ;; aarch64) bench_npm_arch=arm64 ;; i?86) bench_npm_arch=ia32 ;; *) bench_npm_arch=$(uname -m) ;;
esac
: "${DBMATE:=$BENCH_NPM_DIR/node_modules/@dbmate/linux-$bench_npm_arch/bin/dbmate}"  # native Go binary from the npm package
: "${DBMATE_NPM:=$BENCH_NPM_DIR/node_modules/.bin/dbmate}"                          # node wrapper that spawns it
: "${SQL_MIGRATE:=/usr/bin/sql-migrate}"
: "${SQITCH:=/usr/bin/sqitch}"
: "${FLOOR:=$BENCH_ROOT/floor}"                  # built from floor.c by build.sh
: "${EMPTYMAIN:=$BENCH_ROOT/emptymain}"          # built from emptymain.c by build.sh
# Priority of the server (pg.sh) and the tools (run.sh), as root only:
#   rt    SCHED_FIFO 10: a run is not queued behind other work on a shared
#         machine (on 2 vCPUs at load 15-20, W1 went from 50-160 ms to ~20 ms
#         and stable); the server and the tool mostly wait on each other, so
#         they take about one CPU at most; the kernel's RT throttling applies
#   nice  nice -20 and the realtime I/O class (not enough on that machine)
#   0     as is
: "${BENCH_PRIO:=rt}"
export BENCH_ROOT BENCH_IMG_DIR BENCH_IMG BENCH_MNT BENCH_PGDATA BENCH_SOCK BENCH_PORT BENCH_HOST BENCH_DB \
       BENCH_USER BENCH_WORK BENCH_NPM_DIR PGBIN PSQL DBMATE DBMATE_NPM SQL_MIGRATE SQITCH FLOOR EMPTYMAIN BENCH_PRIO
# libpq defaults for psql / DBD::Pg (sqitch) / floor
export PGHOST="$BENCH_HOST" PGPORT="$BENCH_PORT" PGUSER="$BENCH_USER" PGSSLMODE=disable
# URL for dbmate / atlas-style tools; always derived from BENCH_DB so that a
# side-by-side run can give each tool its own database
BENCH_URL="postgres://$BENCH_USER@$BENCH_HOST:$BENCH_PORT/$BENCH_DB?sslmode=disable"
export BENCH_URL
