# Helpers shared by the shell suites' libraries (test_rel_lib.sh,
# test_fly_lib.sh); sourced, not a test.  Needs PGBIN and the harness's
# ATLAS_TEST_PG_HOST / ATLAS_TEST_PG_PORT.  (Shell functions share
# variables: helpers use _-prefixed names.)

# sql [DB] QUERY: as the superuser (default database postgres); unaligned.
sql() {
	_sqldb=postgres
	if [ $# -gt 1 ]; then
		_sqldb=$1
		shift
	fi
	"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$ATLAS_TEST_PG_HOST" -p "$ATLAS_TEST_PG_PORT" \
		-U postgres -d "$_sqldb" -c "$1"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# contains FILE TEXT / lacks FILE TEXT (fixed strings)
contains() { grep -qF -- "$2" "$1" || { echo "--- $1 lacks: $2" >&2; sed 's/^/  | /' "$1" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "--- $1 has: $2" >&2; sed 's/^/  | /' "$1" >&2; return 1; }; }
