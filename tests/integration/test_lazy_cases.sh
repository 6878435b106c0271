#!/bin/sh
# Issue 9: the end-to-end cases that apply to PostgreSQL ($URL), once more
# with the statement connection deferred (ATLAS_TEST_LAZY_FILES=0: what
# `migrate apply` does over more than 100 files on a server on this
# machine, see DRIVER_OPEN_LAZY), so that its paths give the same output,
# errors and rows: reads on the lock connection, the revision table
# created there, the statement connection started for a first file, a
# transaction or a write.
cases=
for c in "$ATLAS_SRCDIR"/tests/cases/*/; do
	c=${c%/}
	if grep -qs 'apply' "$c"/cmd "$c"/*.cmd &&
		grep -qs '\$URL' "$c"/cmd "$c"/*.cmd "$c"/env "$c"/*.env; then
		cases="$cases ${c##*/}"
	fi
done
[ -n "$cases" ] || { echo "test_lazy_cases.sh: no PostgreSQL apply case found" >&2; exit 99; }
ATLAS_TEST_LAZY_FILES=0
export ATLAS_TEST_LAZY_FILES
# shellcheck disable=SC2086 # one argument per case name
exec ./tests/lib/caserun $cases
