#!/bin/bash
# Side-by-side timing of migration runners, public tools only (bash, python3,
# runstat.c). Each run resets the tool's own database, then times the TOOL
# PART ONLY (the reset is outside the figures).
#
#   bench.sh [-n RUNS] [-w WARMUP] W TOOL [ARG] [--vs TOOL_B [ARG_B]] [--vs TOOL_C [ARG_C]] ...
#
#   W, TOOL, ARG as for apply.sh (e.g. `W3 atlas ./atlas --vs psql-1sess --vs dbmate`).
#   The tools run round-robin (A B C A B C ...), each on its own database
#   (bench_0, bench_1, ...), and the wall-time ratios A/B, A/C, ... are taken
#   round by round (robust to machine drift). One warm-up round is not counted.
#   W4 (no-op run) first prepares each database once with `apply.sh W4-prep`
#   (BENCH_W4_PREPPED=1: the databases are already migrated, e.g. by a W3 run
#   of the same tools in the same order).
#
# Prints min / median / max of wall, cpu (user+sys) and peak RSS per tool:
# quote the median. With BENCH_RESULTS=FILE it also appends tab-separated
# lines for run.sh:  "tool W LABEL n fails wall_med cpu_med rss_med rss_max"
# and "ratio W LABEL_A LABEL_X med min max" ("timeout W LABEL S" for a tool
# killed after BENCH_TIMEOUT seconds: it is dropped from the later rounds).
set -u
here=$(dirname "$(readlink -f "$0")")
RUNS=5; WARM=1
while [ $# -gt 0 ]; do
    case $1 in
    -n) RUNS=$2; shift 2 ;;
    -w) WARM=$2; shift 2 ;;
    *) break ;;
    esac
done
W=${1:?usage: bench.sh [-n RUNS] [-w WARMUP] W TOOL [ARG] [--vs TOOL_B [ARG_B]] ...}; shift
TOOLS=(); ARGS=()
while [ $# -gt 0 ]; do
    [ "$1" = --vs ] && shift
    TOOLS+=("${1:?--vs needs a tool}"); shift
    if [ $# -gt 0 ] && [ "$1" != --vs ]; then ARGS+=("$1"); shift; else ARGS+=(""); fi
done
[ ${#TOOLS[@]} -gt 0 ] || { echo "bench.sh: no tool" >&2; exit 2; }
[ -x "${BENCH_ROOT:-/tmp/atlas-bench}/runstat" ] || "$here/build.sh" >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dbname() { if [ ${#TOOLS[@]} -gt 1 ]; then echo "bench_$1"; else echo bench; fi; }
run() {  # run INDEX RECORDFILE
    [ -e "$tmp/$1.timeout" ] && return 0
    BENCH_DB=$(dbname "$1") BENCH_TIME_FILE=$2 "$here/apply.sh" "$W" "${TOOLS[$1]}" "${ARGS[$1]}"
    # a run killed by BENCH_TIMEOUT: drop the tool for the remaining rounds
    if [ $? = 137 ] && [ -n "${BENCH_TIMEOUT:-}" ]; then
        echo "bench.sh: ${TOOLS[$1]} killed after ${BENCH_TIMEOUT} s on $W: no more runs" >&2
        : >"$tmp/$1.timeout"
    fi
}
if [ "$W" = W4 ] && [ "${BENCH_W4_PREPPED:-0}" != 1 ]; then
    for i in "${!TOOLS[@]}"; do
        BENCH_DB=$(dbname "$i") "$here/apply.sh" W4-prep "${TOOLS[$i]}" "${ARGS[$i]}" ||
            echo "bench.sh: W4-prep failed for ${TOOLS[$i]}" >&2
    done
fi
for ((r = 0; r < WARM; r++)); do
    for i in "${!TOOLS[@]}"; do run "$i" /dev/null; done
done
for ((r = 0; r < RUNS; r++)); do
    for i in "${!TOOLS[@]}"; do run "$i" "$tmp/$i"; done
done
labels=()
for i in "${!TOOLS[@]}"; do
    l=${TOOLS[$i]}; [ "$l" = cmd ] && l="cmd$i"
    labels+=("$l")
done

python3 - "$W" "$tmp" "${BENCH_RESULTS:-}" "${labels[@]}" <<'PYEOF'
import statistics as st, sys, os
w, tmp, res, labels = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def load(i):
    f = os.path.join(tmp, str(i))
    rows = [l.split() for l in open(f)] if os.path.exists(f) else []
    return [(float(a), float(b) + float(c), int(d) / 1024, int(e)) for a, b, c, d, e in rows]
data = [load(i) for i in range(len(labels))]
out = open(res, "a") if res else None
def trio(xs, fmt):
    return "%s / %s / %s" % (fmt % min(xs), fmt % st.median(xs), fmt % max(xs))
print("(min / median / max, tool part only, reset excluded)")
for i, (name, rows) in enumerate(zip(labels, data)):
    if os.path.exists(os.path.join(tmp, f"{i}.timeout")):
        lim = os.environ.get("BENCH_TIMEOUT", "?")
        print(f"{w}  {name:<12} TIMED OUT (> {lim} s)")
        if out:
            out.write(f"timeout\t{w}\t{name}\t{lim}\n")
        data[i] = []
        continue
    if not rows:
        continue
    fails = sum(1 for r in rows if r[3] != 0)
    walls, cpus, rss = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    print(f"{w}  {name:<12} n={len(rows)}  wall_s {trio(walls, '%.4f')}"
          f"  cpu_s {trio(cpus, '%.4f')}  peakRSS_MiB {trio(rss, '%.1f')}"
          + (f"  FAILED RUNS: {fails}" if fails else ""))
    if out:
        out.write(f"tool\t{w}\t{name}\t{len(rows)}\t{fails}\t{st.median(walls):.6f}\t"
                  f"{st.median(cpus):.6f}\t{st.median(rss):.2f}\t{max(rss):.2f}\n")
a = data[0]
for name, rows in zip(labels[1:], data[1:]):
    if a and rows:
        rs = [x[0] / y[0] for x, y in zip(a, rows)]
        print(f"{w}  ratio wall {labels[0]}/{name} (paired): "
              f"{min(rs):.3f} / {st.median(rs):.3f} / {max(rs):.3f}")
        if out:
            out.write(f"ratio\t{w}\t{labels[0]}\t{name}\t{st.median(rs):.4f}\t{min(rs):.4f}\t{max(rs):.4f}\n")
PYEOF
