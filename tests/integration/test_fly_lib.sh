# Shell helpers shared by the Fly/--wait/signal integration scripts
# (test_wait_*.sh, test_signal_*.sh, test_fly_*.sh).  Sourced, not a test.
# Needs what tests/lib/run-test exports: ATLAS_BIN, ATLAS_SRCDIR and the
# harness's ATLAS_TEST_PG_* variables.

set -u

DATA=$ATLAS_SRCDIR/tests/integration/test_fly_data
. "$ATLAS_SRCDIR/tests/lib/pg-harness.sh"
. "$ATLAS_SRCDIR/tests/integration/test_pg_lib.sh"
PGBIN=$(pg_harness_bindir) || { echo "no PostgreSQL binaries" >&2; exit 99; }
: "${ATLAS_TEST_PG_URL:?run through make check (tests/lib/run-test)}"
WORK=$(mktemp -d /tmp/atlas-fly-test.XXXXXX)
chmod 755 "$WORK"
FAILS=0
CHECKS=0
# In a sanitizer build, a report exits 86, not the 1 an expected failure
# gives (LeakSanitizer: 23).
ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

cleanup_work() { rm -rf "$WORK"; }
trap cleanup_work EXIT

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

ok() {
	CHECKS=$((CHECKS + 1))
}

# check DESCRIPTION COMMAND...: runs a test command, counts it.
check() {
	desc=$1
	shift
	if "$@"; then
		ok
	else
		fail "$desc"
	fi
}

finish() {
	echo "$CHECKS checks passed, $FAILS failed"
	[ "$FAILS" -eq 0 ]
	exit $?
}

# new_db NAME [OWNER]: a fresh database; prints nothing.
new_db() {
	sql "DROP DATABASE IF EXISTS $1" &&
		sql "CREATE DATABASE $1${2:+ OWNER $2}"
}

pg_url() { # pg_url DB [USERINFO]
	echo "postgres://${2:-postgres}@$ATLAS_TEST_PG_HOST:$ATLAS_TEST_PG_PORT/$1?sslmode=disable"
}

# A TCP port on 127.0.0.1 nobody listens on (and no cluster of ours uses).
free_port() {
	p=$(( 20000 + ( $$ * 13 + $(date +%N | sed 's/^0*//;s/^$/0/') ) % 40000 ))
	while "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$p" -t 1 >/dev/null 2>&1 ||
		[ "$p" = "$ATLAS_TEST_PG_PORT" ]; do
		p=$((p + 1))
	done
	echo "$p"
}

# A copy of a fixture migration dir in $WORK; prints its path.  (Writable:
# distcheck's source tree is read-only.)
fixture() {
	rm -rf "${WORK:?}/$1"
	cp -R "$DATA/$1" "$WORK/$1"
	chmod -R u+w "$WORK/$1"
	echo "$WORK/$1"
}

# atlas ARGS...: the binary under test, under valgrind when ATLAS_VALGRIND
# is set (exit 99 on a memory error or leak), for runs that are not timed.
atlas() {
	if [ -n "${ATLAS_VALGRIND:-}" ]; then
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--error-exitcode=99 "$ATLAS_BIN" "$@"
	else
		"$ATLAS_BIN" "$@"
	fi
}


