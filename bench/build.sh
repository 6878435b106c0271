#!/bin/bash
# Build the harness's C helpers into $BENCH_ROOT:
#   runstat    runstat.c   - whole-process wall/user/sys/maxrss recorder (used by apply.sh)
#   floor      floor.c     - minimal libpq migration runner (yardstick; needs libpq-dev)
#   emptymain  emptymain.c - empty main linked to the same shared libraries as ATLAS
#
#   build.sh [ATLAS_BIN]     (without ATLAS_BIN, emptymain is linked to libpq only)
set -eu
here=$(dirname "$(readlink -f "$0")")
. "$here/env.sh"
: "${CC:=cc}"
mkdir -p "$BENCH_ROOT"
$CC -O2 -Wall -Wextra -o "$BENCH_ROOT/runstat" "$here/runstat.c"
$CC -O2 -Wall -Wextra -o "$FLOOR" "$here/floor.c" -I"$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)" -lpq
libs=(-lpq)
if [ -n "${1:-}" ]; then
    libs=()
    for l in $(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        case $l in libc.so.*|ld-linux*) ;; *) libs+=("-l:$l") ;; esac
    done
fi
$CC -O2 -o "$EMPTYMAIN" "$here/emptymain.c" -Wl,--no-as-needed "${libs[@]}"
echo "emptymain linked to: ${libs[*]}"
