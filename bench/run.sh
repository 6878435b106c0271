#!/bin/bash
# The whole benchmark (what `make bench` runs): set up, time every workload
# side by side, print one table and the issue-9 targets met / missed, tear down.
#
#   run.sh [ATLAS_BIN]
#
# Without ATLAS_BIN (or when it cannot yet apply), only the other tools run:
# that validates the harness. 4-5 minutes on 2 vCPUs.
# Env:
#   BENCH_QUICK=1       2 runs per workload (a smoke test; figures are noise)
#   BENCH_KEEP=1        leave the cluster and loop image up (then `setup.sh down`)
#   BENCH_SKIP_SETUP=1  reuse a cluster/workloads already up (setup.sh up)
#   BENCH_ROUNDTRIPS=1  also count client->server writes (strace) for atlas and floor
#   BENCH_ONLY='W1 W4'  run only these groups (start W1 W2 W3 W4 W5 W6 H10k H1k)
#   BENCH_PRIO=rt|nice|0  priority of the server and the tools (env.sh; rt by default)
#   BENCH_TIMEOUT=S     kill a run after S seconds (default 60) and drop that tool
#   BENCH_IMG_DIR=DIR   where the loop image file lives (env.sh: /dev/shm/atlas-bench,
#                       RAM, when it has room; $BENCH_ROOT puts it on disk)
# Output: the table on stdout; per-group detail in $BENCH_ROOT/bench.log, the
# raw medians in $BENCH_ROOT/results.tsv and a Markdown copy of the table in
# $BENCH_ROOT/results.md (paste it into bench/README.md).
set -u
here=$(dirname "$(readlink -f "$0")")
. "$here/env.sh"
# The tools run at the server's raised priority (BENCH_PRIO in env.sh): on a
# machine shared with builds and test suites the figures are otherwise
# mostly queueing.
if [ "$(id -u)" = 0 ] && [ -z "${BENCH_PRIO_SET:-}" ]; then
    export BENCH_PRIO_SET=1
    case $BENCH_PRIO in
    rt)   exec chrt -f 10 "$0" "$@" ;;
    nice) exec nice -n -20 ionice -c 1 -n 0 "$0" "$@" ;;
    esac
fi
ATLAS=${1:-}
[ -z "$ATLAS" ] || ATLAS=$(readlink -f "$ATLAS")
RES=$BENCH_ROOT/results.tsv
LOG=$BENCH_ROOT/bench.log
META=$BENCH_ROOT/meta.tsv

if [ "${BENCH_SKIP_SETUP:-0}" != 1 ]; then
    "$here/setup.sh" up "$ATLAS" || { echo "run.sh: set-up failed" >&2; exit 1; }
    [ "${BENCH_KEEP:-0}" = 1 ] || trap '"$here/setup.sh" down' EXIT
else
    "$here/build.sh" "$ATLAS" >/dev/null   # emptymain must match this binary's libraries
fi
: >"$RES"; : >"$LOG"; : >"$META"
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }

# --- the machine ---
fsline=$(findmnt -no FSTYPE,SOURCE -T "$BENCH_PGDATA" | tr -s ' ')
case $fsline in
*/dev/loop*)
    back=$(losetup -nO BACK-FILE "${fsline##* }" 2>/dev/null | tr -d ' ')
    [ -n "$back" ] && fsline="$fsline (image $back on $(findmnt -no FSTYPE -T "$back" | head -1))" ;;
esac
if dumpe2fs -h "$(findmnt -no SOURCE -T "$BENCH_PGDATA")" 2>/dev/null | grep -q has_journal; then
    fsline="$fsline, journaled"
elif [ "$(id -u)" = 0 ]; then
    fsline="$fsline, no journal"
fi
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta nproc "$(nproc)"
meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
meta kernel "$(uname -sr)"
meta pg "$("$PSQL" -X -At -d postgres -c 'SHOW server_version') (fsync=$("$PSQL" -X -At -d postgres -c 'SHOW fsync'))"
meta fs "$fsline"
meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
meta prio "$( [ "$(id -u)" = 0 ] && echo "$BENCH_PRIO" || echo 0)"
meta dbmate "$([ -x "$DBMATE" ] && "$DBMATE" --version 2>/dev/null | sed 's/.*version //')"

# --- which atlas commands work yet ---
atlas_ok() {  # atlas_ok WHAT W TOOL: one untimed probe run, 0 if it exits 0
    local err
    if err=$(BENCH_DB=bench_probe "$here/apply.sh" "$2" "$3" "$ATLAS" 2>&1 >/dev/null); then return 0; fi
    meta "broken_$1" "$(printf '%s' "$err" | head -1)"
    return 1
}
HAVE_VERSION=0; HAVE_APPLY=0; HAVE_HASH=0
if [ -n "$ATLAS" ] && [ -x "$ATLAS" ]; then
    meta atlas "$("$ATLAS" version 2>/dev/null | head -1)"
    tmpb=$(mktemp); strip -o "$tmpb" "$ATLAS" && meta stripped "$(stat -c %s "$tmpb")"; rm -f "$tmpb"
    meta unstripped "$(stat -c %s "$ATLAS")"
    atlas_ok version start version && HAVE_VERSION=1
    atlas_ok apply W1 atlas && HAVE_APPLY=1
    atlas_ok hash H1k hash && HAVE_HASH=1
fi
meta have "version=$HAVE_VERSION apply=$HAVE_APPLY hash=$HAVE_HASH"

# no single run may take longer than this (a pathological runner is
# killed and dropped: the table says so)
export BENCH_TIMEOUT=${BENCH_TIMEOUT:-60}
N() { if [ "${BENCH_QUICK:-0}" = 1 ]; then echo 2; else echo "$1"; fi; }
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
group() {  # group W N WARMUP [atlas-tool HAVE] -- other tools...
    local w=$1 n=$2 warm=$3 t0=$SECONDS; shift 3
    local args=()
    if [ "$1" != -- ]; then
        [ "$2" = 1 ] && args=("$1" "$ATLAS")
        shift 2
    fi
    shift
    for t in "$@"; do
        case $t in dbmate) [ -x "$DBMATE" ] || continue ;; esac
        if [ ${#args[@]} -eq 0 ]; then args=("$t"); else args+=(--vs "$t"); fi
    done
    want "$w" || return 0
    printf '%-5s %-60s' "$w" "${args[*]//$ATLAS/ATLAS}" >&2
    { echo "== $w: ${args[*]}"; BENCH_RESULTS=$RES "$here/bench.sh" -n "$(N "$n")" -w "$warm" "$w" "${args[@]}"; } >>"$LOG" 2>&1
    echo " $((SECONDS - t0)) s" >&2
}
group start 40 1 version $HAVE_VERSION -- emptymain
group W1 15 1 atlas $HAVE_APPLY -- psql-1sess floor dbmate
group W2 5  1 atlas $HAVE_APPLY -- psql-1sess floor dbmate
# W3 runs seconds: no warm-up round. W4 then reuses W3's databases (same
# tools, same order: bench_0 atlas, bench_1 floor, bench_2 dbmate), already
# migrated by their last W3 run: no W4-prep needed.
group W3 5  0 atlas $HAVE_APPLY -- floor dbmate psql-1sess
want W3 && export BENCH_W4_PREPPED=1
group W4 10 1 atlas $HAVE_APPLY -- floor dbmate
unset BENCH_W4_PREPPED
group W5 7  1 atlas $HAVE_APPLY -- floor-pipe dbmate psql-1sess floor-stmt
group W6 7  1 atlas $HAVE_APPLY -- floor floor-pipe dbmate psql-hist
group H10k 15 1 hash $HAVE_HASH -- sha256sum
group H1k 5 1 hash $HAVE_HASH -- sha256sum

if [ "${BENCH_ROUNDTRIPS:-0}" = 1 ]; then
    for w in W1 W4 W5 W6; do
        [ "$HAVE_APPLY" = 1 ] && BENCH_DB=bench_rt "$here/roundtrips.sh" "$w" atlas "$ATLAS" | sed "s|$ATLAS|ATLAS|" >>"$META.rt"
        BENCH_DB=bench_rt "$here/roundtrips.sh" "$w" floor >>"$META.rt"
    done
    sed 's/^/roundtrips\t/' "$META.rt" >>"$META"; rm -f "$META.rt"
fi

meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/table.py" "$META" "$RES" "$BENCH_ROOT/results.md"
