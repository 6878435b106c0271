#!/bin/bash
# The whole benchmark (what `make bench` runs): set up, time every workload
# side by side, print one table and the issue-9 targets met / missed, tear down.
#
#   run.sh [ATLAS_BIN]
#
# Without ATLAS_BIN (or when it cannot yet apply), only the other tools run:
# that validates the harness. ~5 minutes on 2 vCPUs.
# Env:
#   BENCH_QUICK=1       2 runs per workload (a smoke test; figures are noise)
#   BENCH_KEEP=1        leave the cluster and loop image up (then `setup.sh down`)
#   BENCH_SKIP_SETUP=1  reuse a cluster/workloads already up (setup.sh up)
#   BENCH_ROUNDTRIPS=1  also count client->server writes (strace) for atlas and floor
#   BENCH_ONLY='W1 W4'  run only these groups (start W1 W2 W3 W4 W5 W6 H10k H1k)
# Output: the table on stdout; per-group detail in $BENCH_ROOT/bench.log, the
# raw medians in $BENCH_ROOT/results.tsv and a Markdown copy of the table in
# $BENCH_ROOT/results.md (paste it into bench/README.md).
set -u
here=$(dirname "$(readlink -f "$0")")
. "$here/env.sh"
ATLAS=${1:-}
[ -z "$ATLAS" ] || ATLAS=$(readlink -f "$ATLAS")
RES=$BENCH_ROOT/results.tsv
LOG=$BENCH_ROOT/bench.log
META=$BENCH_ROOT/meta.tsv

if [ "${BENCH_SKIP_SETUP:-0}" != 1 ]; then
    "$here/setup.sh" up "$ATLAS" || { echo "run.sh: set-up failed" >&2; exit 1; }
    [ "${BENCH_KEEP:-0}" = 1 ] || trap '"$here/setup.sh" down' EXIT
fi
: >"$RES"; : >"$LOG"; : >"$META"
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }

# --- the machine ---
fsline=$(findmnt -no FSTYPE,SOURCE -T "$BENCH_PGDATA" | tr -s ' ')
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

N() { if [ "${BENCH_QUICK:-0}" = 1 ]; then echo 2; else echo "$1"; fi; }
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
group() {  # group W N [atlas-tool] -- other tools...
    local w=$1 n=$2 t0=$SECONDS; shift 2
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
    { echo "== $w: ${args[*]}"; BENCH_RESULTS=$RES "$here/bench.sh" -n "$(N "$n")" "$w" "${args[@]}"; } >>"$LOG" 2>&1
    echo " $((SECONDS - t0)) s" >&2
}
group start 40 version $HAVE_VERSION -- emptymain
group W1 15 atlas $HAVE_APPLY -- psql-1sess floor dbmate
group W2 5  atlas $HAVE_APPLY -- psql-1sess floor dbmate
group W3 3  atlas $HAVE_APPLY -- psql-1sess floor dbmate
group W4 10 atlas $HAVE_APPLY -- floor dbmate psql-hist
group W5 7  atlas $HAVE_APPLY -- floor-pipe dbmate psql-1sess floor-stmt
group W6 7  atlas $HAVE_APPLY -- floor floor-pipe dbmate psql-hist
group H10k 15 hash $HAVE_HASH -- sha256sum
group H1k 5 hash $HAVE_HASH -- sha256sum

if [ "${BENCH_ROUNDTRIPS:-0}" = 1 ]; then
    for w in W1 W4 W5 W6; do
        [ "$HAVE_APPLY" = 1 ] && BENCH_DB=bench_rt "$here/roundtrips.sh" "$w" atlas "$ATLAS" | sed "s|$ATLAS|ATLAS|" >>"$META.rt"
        BENCH_DB=bench_rt "$here/roundtrips.sh" "$w" floor >>"$META.rt"
    done
    sed 's/^/roundtrips\t/' "$META.rt" >>"$META"; rm -f "$META.rt"
fi

python3 "$here/table.py" "$META" "$RES" "$BENCH_ROOT/results.md"
