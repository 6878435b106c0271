#!/bin/bash
# Bring the benchmark's environment up or down.
#
#   setup.sh up [ATLAS_BIN]   journaled ext4 loop image (as root), PostgreSQL 15
#                             cluster on it (fsync on), dbmate from the npm registry,
#                             runstat/floor/emptymain, workloads (gen.py)
#   setup.sh down             stop the cluster, unmount and delete the image
#
# Without root the cluster lives on whatever file system holds $BENCH_ROOT
# (the figures say so: see the fs line of run.sh's header).
set -eu
here=$(dirname "$(readlink -f "$0")")
. "$here/env.sh"
case ${1:-} in
up)
    mkdir -p "$BENCH_ROOT"; chmod 755 "$BENCH_ROOT"
    if [ -f "$BENCH_PGDATA/postmaster.pid" ]; then "$here/pg.sh" stop || true; fi
    if [ "$(id -u)" = 0 ] && [ "${BENCH_NOLOOP:-0}" != 1 ]; then
        mountpoint -q "$BENCH_MNT" && umount "$BENCH_MNT"
        rm -f "$BENCH_IMG"
        mkdir -p "$(dirname "$BENCH_IMG")"
        truncate -s 8G "$BENCH_IMG"
        mkfs.ext4 -q -F "$BENCH_IMG"
        mkdir -p "$BENCH_MNT"
        mount -o loop "$BENCH_IMG" "$BENCH_MNT"
        chmod 755 "$BENCH_MNT"
        # the journal thread of this mount commits every flush: give it the
        # server's priority too (it is ours alone; the loop worker is a
        # shared kworker and is left alone)
        dev=$(findmnt -no SOURCE "$BENCH_MNT"); dev=${dev##*/}
        for p in $(pgrep -x "jbd2/$dev-8"); do
            case $BENCH_PRIO in
            rt) chrt -f -p 10 "$p" ;;
            nice) renice -n -20 -p "$p" >/dev/null ;;
            esac
        done
    else
        rm -rf "$BENCH_PGDATA"
    fi
    "$here/pg.sh" init
    "$here/pg.sh" start on
    if [ ! -x "$DBMATE" ]; then
        mkdir -p "$BENCH_NPM_DIR"
        [ "$(readlink -f "$BENCH_NPM_DIR")" = "$here" ] || cp "$here/package.json" "$BENCH_NPM_DIR/"
        (cd "$BENCH_NPM_DIR" && npm install --no-audit --no-fund >/dev/null 2>&1) ||
            echo "setup.sh: npm could not install dbmate: its rows will be missing" >&2
    fi
    "$here/build.sh" ${2:+"$2"} >/dev/null
    "$here/gen.py" "$BENCH_WORK" >/dev/null ;;
down)
    if [ -f "$BENCH_PGDATA/postmaster.pid" ]; then "$here/pg.sh" stop || true; fi
    if mountpoint -q "$BENCH_MNT" 2>/dev/null; then umount "$BENCH_MNT"; fi
    rm -f "$BENCH_IMG"
    [ "$BENCH_IMG_DIR" = "$BENCH_ROOT" ] || rmdir "$BENCH_IMG_DIR" 2>/dev/null || true ;;
*) echo "usage: $0 up [ATLAS_BIN] | down" >&2; exit 2 ;;
esac
