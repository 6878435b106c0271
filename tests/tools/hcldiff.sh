#!/bin/sh
# Differential test of atlas-c's HCL engine against hclref (HashiCorp's
# HCL).  Generates COUNT random expressions with hclgen (seed SEED), runs
# both evaluators on each (as case.hcl with the generated ctx.json) and
# compares their output byte for byte (JSON on success, diagnostics on
# failure).  With OUT given, writes the cases whose outputs agree, with
# hclref's output, as OUT (the format tests/unit/config/test_hcl_vectors.c
# replays in CI without Go) and OUT.ctx.json; disagreements are printed.
#
# With MUTATE=1 in the environment the cases are damaged (hclgen mutate)
# to compare syntax diagnostics and error recovery.
#
# usage: hcldiff.sh HCLREF HCLEVAL HCLGEN SEED COUNT [OUT]
set -eu
hclref=$1 hcleval=$2 hclgen=$3 seed=$4 count=$5 out=${6:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hcldiff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ "${MUTATE:-0}" = 1 ]; then
    "$hclgen" "$seed" "$count" "$tmp" mutate
else
    "$hclgen" "$seed" "$count" "$tmp"
fi
cd "$tmp"
pass=0 fail=0
[ -n "$out" ] && : > "$tmp/cases.txt"
for f in case_*.hcl; do
    cp "$f" case.hcl
    rc1=0; "$hclref" eval case.hcl --ctx ctx.json >ref.out 2>ref.err || rc1=$?
    rc2=0; "$hcleval" eval case.hcl --ctx ctx.json >our.out 2>our.err || rc2=$?
    if [ "$rc1" = 0 ]; then kind=out; ref=ref.out; our=our.out; else kind=err; ref=ref.err; our=our.err; fi
    if [ "$rc1" = "$rc2" ] && cmp -s "$ref" "$our"; then
        pass=$((pass + 1))
        if [ -n "$out" ]; then
            n=$(wc -c < case.hcl)
            { echo "=== ${seed}-${f%.hcl} $n"; cat case.hcl; echo; echo "--- $kind"; cat "$ref"; } >> "$tmp/cases.txt"
        fi
    else
        fail=$((fail + 1))
        echo "MISMATCH ${f}: $(cat case.hcl)"
        echo "  hclref (rc $rc1): $(cat "$ref" | head -c 400)"
        echo "  atlas-c (rc $rc2): $(cat "$our" our.err 2>/dev/null | head -c 400)"
    fi
done
if [ -n "$out" ]; then
    cp "$tmp/cases.txt" "$out"
    cp ctx.json "$(dirname "$out")/ctx.json"
fi
echo "$pass passed, $fail failed"
