#!/usr/bin/env python3
"""Print run.sh's results as one table plus the issue-9 targets met / missed.

    table.py META.tsv RESULTS.tsv [OUT.md]

META: "key<TAB>value" lines (machine, versions, which atlas commands work).
RESULTS: bench.sh's BENCH_RESULTS lines ("tool ..." medians, "ratio ..." paired
ratios). The same text goes to stdout and, when given, to OUT.md.
"""
import sys

meta_f, res_f = sys.argv[1], sys.argv[2]
out_f = sys.argv[3] if len(sys.argv) > 3 else None
meta, rt = {}, []
for line in open(meta_f):
    k, _, v = line.rstrip("\n").partition("\t")
    if k == "roundtrips":
        rt.append(v)
    else:
        meta[k] = v
tools, ratios, timeouts = {}, {}, {}
for line in open(res_f):
    f = line.rstrip("\n").split("\t")
    if f[0] == "tool":
        w, name, n, fails, wall, cpu, rss, rssmax = f[1:]
        tools[(w, name)] = dict(n=int(n), fails=int(fails), wall=float(wall), cpu=float(cpu),
                                rss=float(rss), rssmax=float(rssmax))
    elif f[0] == "timeout":
        timeouts[(f[1], f[2])] = f[3]
    elif f[0] == "ratio":
        w, a, b, med, lo, hi = f[1:]
        ratios[(w, b)] = (float(med), float(lo), float(hi))

ATLAS = {"atlas", "version", "hash"}
COLS = [("atlas-c", ATLAS), ("psql", {"psql-1sess"}), ("psql-hist", {"psql-hist"}),
        ("floor", {"floor"}), ("floor-stmt", {"floor-stmt"}), ("floor-pipe", {"floor-pipe"}),
        ("dbmate", {"dbmate"}), ("yardstick", {"emptymain", "sha256sum"})]
ROWS = [("start", "start-up (`atlas version` / empty main)"),
        ("W1", "W1 1 file"), ("W2", "W2 100 files"), ("W3", "W3 1000 files"),
        ("W4", "W4 no-op, 1000 applied"), ("W5", "W5 10k statements"),
        ("W6", "W6 1000 tiny migrations"),
        ("H10k", "hash 10k files (`migrate hash` / sha256sum)"),
        ("H1k", "hash 1k files")]

lines = []
p = lines.append


def fmt_wall(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def cell(w, names):
    for (tw, tn), t in tools.items():
        if tw == w and tn in names:
            c = f"{fmt_wall(t['wall'])} (cpu {fmt_wall(t['cpu'])}) {t['rssmax']:.1f}M"
            if t["fails"]:
                c += f" ({t['fails']}/{t['n']} FAILED)"
            return c
    for (tw, tn), lim in timeouts.items():
        if tw == w and tn in names:
            return f"> {lim} s (killed)"
    return ""


p("# atlas-c benchmark, " + meta.get("date", "?"))
p("")
p(f"Machine: {meta.get('nproc', '?')} CPUs ({meta.get('cpu', '?')}), {meta.get('kernel', '?')}, "
  f"PostgreSQL {meta.get('pg', '?')}, data on {meta.get('fs', '?')}.")
p(f"atlas-c: {meta.get('atlas', 'not given')}"
  + (f", {int(meta['unstripped']):,} bytes, stripped {int(meta['stripped']):,} bytes" if "stripped" in meta else "")
  + f"; dbmate {meta.get('dbmate') or 'not installed'} (npm).")
for k in ("broken_version", "broken_apply", "broken_hash"):
    if k in meta:
        p(f"**atlas {k[7:]} not measured**: {meta[k]}")
p("")
prio = {"rt": "SCHED_FIFO 10", "nice": "nice -20, realtime I/O class", "0": "normal priority"}.get(meta.get("prio", "0"), meta.get("prio"))
p(f"Load average at start / end: {meta.get('load_start', '?')} / {meta.get('load_end', '?')};"
  f" server and tools at {prio}.")
p("")
p("Median wall time of the tool alone (database reset excluded), its median CPU time"
  " (user+sys) and its largest peak RSS (MiB); each column on its own database, every run"
  " from the same state (reset, CHECKPOINT, sync), tools alternating round by round.")
p("")
used = [(h, s) for h, s in COLS if any(tn in s for (_, tn) in list(tools) + list(timeouts))]
p("| workload | " + " | ".join(h for h, _ in used) + " | n |")
p("|---|" + "---:|" * len(used) + "---:|")
for w, label in ROWS:
    cells = [cell(w, s) for _, s in used]
    if not any(cells):
        continue
    n = max((t["n"] for (tw, _), t in tools.items() if tw == w), default=0)
    p(f"| {label} | " + " | ".join(cells) + f" | {n} |")
p("")

# --- targets (issue 9) ---
def r(w, b):
    return ratios.get((w, b))


def atl(w):
    for name in ATLAS:
        if (w, name) in tools:
            return tools[(w, name)]
    return None


targets = []


def ratio_target(what, w, b, limit, kind="le"):
    x = r(w, b)
    if any(tw == w and tn in ATLAS for tw, tn in timeouts):
        targets.append((what, "atlas-c killed after %s s" % next(
            lim for (tw, tn), lim in timeouts.items() if tw == w and tn in ATLAS), "MISSED"))
        return
    if x is None or atl(w) is None or atl(w)["fails"]:
        targets.append((what, "not measured", "-"))
        return
    med = x[0]
    if kind == "le":
        ok = med <= limit
        shown = f"{med:.3f}x (paired median; min {x[1]:.3f}, max {x[2]:.3f})"
    else:  # "faster by at least limit": B/A >= limit
        ok = med > 0 and 1 / med >= limit
        shown = f"{1 / med:.2f}x faster (atlas/{b} {med:.3f})"
    targets.append((what, shown, "met" if ok else "MISSED"))


ratio_target("start-up <= 1.2x empty main", "start", "emptymain", 1.2)
if "stripped" in meta:
    s = int(meta["stripped"])
    targets.append(("stripped binary < 1 MB", f"{s:,} bytes", "met" if s < 1_000_000 else "MISSED"))
ratio_target("W1 <= psql lower bound", "W1", "psql-1sess", 1.0)
ratio_target("W1 >= 1.5x faster than dbmate", "W1", "dbmate", 1.5, "ge")
ratio_target("W4 <= 1.2x floor.c", "W4", "floor", 1.2)
ratio_target("W4 >= 2x faster than dbmate", "W4", "dbmate", 2.0, "ge")
ratio_target("W3 <= 1.05x psql", "W3", "psql-1sess", 1.05)
ratio_target("W5 <= 1.3x floor.c pipelined", "W5", "floor-pipe", 1.3)
ratio_target("W5 no slower than dbmate", "W5", "dbmate", 1.0)
ratio_target("W6 <= 1.1x floor.c", "W6", "floor", 1.1)
ratio_target("W6 >= 2.5x faster than dbmate", "W6", "dbmate", 2.5, "ge")
ratio_target("migrate hash 10k <= 1.5x sha256sum", "H10k", "sha256sum", 1.5)

mine = {w: t for (w, name), t in tools.items() if name in ATLAS}
if mine:
    worst = max(mine.items(), key=lambda kv: kv[1]["rssmax"])
    targets.append(("peak RSS < 10 MiB everywhere",
                    f"max {worst[1]['rssmax']:.1f} MiB ({worst[0]})",
                    "met" if worst[1]["rssmax"] < 10 else "MISSED"))
    flat = []
    for small, big, what in (("W1", "W3", "files"), ("W1", "W5", "statements"), ("H1k", "H10k", "hashed files")):
        if small in mine and big in mine:
            d = mine[big]["rssmax"] - mine[small]["rssmax"]
            flat.append((what, small, big, d))
    if flat:
        txt = "; ".join(f"{big}-{small} {d:+.2f} MiB ({what})" for what, small, big, d in flat)
        targets.append(("peak RSS flat (growth <= 1 MiB)", txt,
                        "met" if all(d <= 1.0 for *_, d in flat) else "MISSED"))

p("| target (issue 9) | measured | |")
p("|---|---|---|")
for what, shown, ok in targets:
    p(f"| {what} | {shown} | {ok} |")
if rt:
    p("")
    p("Client->server writes (~ round trips) and connections, one run under strace:")
    p("")
    for x in rt:
        p(f"    {x}")

text = "\n".join(lines) + "\n"
sys.stdout.write(text)
if out_f:
    with open(out_f, "w") as f:
        f.write(text)
