# Shell helpers shared by the reliability scripts (test_rel_*.sh, issue 8).
# Sourced, not a test.  Needs what tests/lib/run-test exports: ATLAS_BIN,
# ATLAS_SRCDIR and the harness's ATLAS_TEST_PG_* variables.
#
# Runs that are killed or timed use $ATLAS_BIN directly; the others go
# through `atlas`, which wraps valgrind when ATLAS_VALGRIND is set.
# RELIABILITY_SCALE (default 1) divides iteration counts, for slow
# (sanitizer, valgrind) builds; the summary line says what ran.

set -u

. "$ATLAS_SRCDIR/tests/lib/pg-harness.sh"
. "$ATLAS_SRCDIR/tests/integration/test_pg_lib.sh"
PGBIN=$(pg_harness_bindir) || { echo "no PostgreSQL binaries" >&2; exit 99; }
: "${ATLAS_TEST_PG_URL:?run through make check (tests/lib/run-test)}"
WORK=$(mktemp -d /tmp/atlas-rel-test.XXXXXX)
chmod 755 "$WORK"
# A private TMPDIR: the SQLite migration lock is a file there named after
# the lock, not the database (upstream's), so a run here must not hold or
# leave one that other tests on the machine would meet.
TMPDIR=$WORK/tmp
mkdir -p "$TMPDIR"
export TMPDIR
FAILS=0
CHECKS=0
SCALE=${RELIABILITY_SCALE:-1}
# A sanitizer report exits 86, never the 1 of an expected failure.
ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

cleanup_work() { rm -rf "$WORK"; }
trap cleanup_work EXIT

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# check DESCRIPTION COMMAND...: runs a test command, counts it.
check() {
	desc=$1
	shift
	if "$@"; then
		CHECKS=$((CHECKS + 1))
	else
		fail "$desc"
	fi
}

# known BUG DESCRIPTION COMMAND...: a check of a known bug in code this
# suite does not own (named in the reliability report).  While the bug
# stands it prints KNOWN BUG and does not fail; once fixed it fails with
# XPASS so that it is turned into a plain check.
KNOWN=0
known() {
	_bug=$1
	_desc=$2
	shift 2
	if "$@" 2>/dev/null; then
		fail "XPASS: $_desc (known bug \"$_bug\" is fixed: make this a check)"
	else
		echo "KNOWN BUG ($_bug): $_desc"
		KNOWN=$((KNOWN + 1))
	fi
}

# finish NAME: the summary line and the exit status.
finish() {
	echo "reliability $1: $CHECKS checks passed, $FAILS failed$([ "$KNOWN" -gt 0 ] && echo ", $KNOWN known bugs")"
	[ "$FAILS" -eq 0 ]
	exit $?
}

# terminate DB: ends every other session on DB.
terminate() {
	sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$1' AND pid <> pg_backend_pid()" >/dev/null
}

new_db() { # new_db NAME
	terminate "$1" 2>/dev/null
	sql "DROP DATABASE IF EXISTS $1" && sql "CREATE DATABASE $1"
}

pg_url() { # pg_url DB
	echo "postgres://postgres@$ATLAS_TEST_PG_HOST:$ATLAS_TEST_PG_PORT/$1?sslmode=disable"
}

atlas() {
	if [ -n "${ATLAS_VALGRIND:-}" ]; then
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--error-exitcode=99 "$ATLAS_BIN" "$@"
	else
		"$ATLAS_BIN" "$@"
	fi
}

# hash_dir DIR: writes DIR/atlas.sum.
hash_dir() { "$ATLAS_BIN" migrate hash --dir "file://$1" >/dev/null; }

# revs_ok DB: the revision table is consistent: no duplicate version, no
# error, applied = total on every row.  Prints the problem otherwise.
revs_ok() {
	_bad=$(sql "$1" "SELECT count(*) - count(DISTINCT version) + count(*) FILTER (WHERE applied <> total OR error <> '' OR error_stmt <> '') FROM atlas_schema_revisions.atlas_schema_revisions") || return 1
	[ "$_bad" = 0 ] || { echo "--- inconsistent revisions on $1:" >&2; sql "$1" "SELECT version, applied, total, error FROM atlas_schema_revisions.atlas_schema_revisions ORDER BY version" >&2; return 1; }
}

nrevs() { sql "$1" "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions"; }

# schema DB: the public schema as a catalog listing (tables, columns,
# types, defaults, nullability, indexes), to compare with a clean apply.
schema() {
	sql "$1" "SELECT string_agg(x, E'\n' ORDER BY x COLLATE \"C\") FROM (
	  SELECT 'c:' || c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
	  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
	  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
	  WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
	  UNION ALL SELECT 'i:' || indexdef FROM pg_indexes WHERE schemaname = 'public'
	  UNION ALL SELECT 'k:' || c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public') s(x)"
}

# wait_for DB COND: until the SQL condition COND is true on DB (10s at most).
wait_for() {
	_i=0
	while [ "$(sql "$1" "SELECT ($2)::int")" != 1 ]; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && return 1
		sleep 0.05
	done
}


