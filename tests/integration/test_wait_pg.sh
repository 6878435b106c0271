#!/bin/sh
# --wait against a real PostgreSQL (issue 7):
#  - a server that starts a few seconds after atlas-c (a second cluster,
#    started late on a port atlas-c is already knocking on);
#  - connections refused for a while (ALTER ROLE ... CONNECTION LIMIT 0 on
#    a non-superuser role, lifted later), for apply, status and set;
#  - fast failure on a wrong password (pwuser) and a missing database;
#  - giving up at the deadline (refused, a name that does not resolve), one
#    stderr line per retry, no password;
#  - the env attribute `wait` of atlas.hcl means the same;
#  - a bad --wait value is a usage error (exit 2).
. "$ATLAS_SRCDIR/tests/integration/test_fly_lib.sh"

DIR=$(fixture wait)
LATE=$WORK/late

stop_late() {
	if [ -f "$LATE/data/postmaster.pid" ]; then
		pg_harness_as "$PGBIN/pg_ctl" -D "$LATE/data" -m immediate stop >/dev/null 2>&1
	fi
	cleanup_work
}
trap stop_late EXIT

# run_bg NAME ARGS...: atlas in the background, output in $WORK/NAME.{out,err}
run_bg() {
	name=$1
	shift
	"$ATLAS_BIN" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	BG_PID=$!
}

# wait_for FILE TEXT SECONDS: until FILE contains TEXT.
wait_for() {
	i=0
	while ! grep -qF -- "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

# ---- 1. the server starts after atlas-c --------------------------------
mkdir -p "$LATE/data" "$LATE/sock"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$LATE"
pg_harness_as "$PGBIN/initdb" --nosync -A trust -U postgres -E UTF8 --locale=C -D "$LATE/data" \
	>"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 99; }
port=$(free_port)
late_url="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
t0=$(now_ms)
run_bg late migrate apply --url "$late_url" --dir "file://$DIR" --wait 60s
late_pid=$BG_PID
sleep 3
check "late: still waiting after 3s" kill -0 "$late_pid"
pg_harness_as "$PGBIN/pg_ctl" -w -t 60 -D "$LATE/data" -l "$LATE/server.log" \
	-o "-p $port -k $LATE/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
	{ cat "$LATE/server.log" >&2; exit 99; }
wait "$late_pid"
rc=$?
check "late: exit 0 (got $rc)" [ "$rc" = 0 ]
check "late: took at least 3s" [ $(( $(now_ms) - t0 )) -ge 3000 ]
check "late: retry lines" contains "$WORK/late.err" "Waiting for the database: "
check "late: refused is the cause" contains "$WORK/late.err" "Connection refused"
check "late: several retries" [ "$(grep -c '^Waiting for the database: ' "$WORK/late.err")" -ge 3 ]
check "late: one line per retry" [ "$(grep -vc '^Waiting for the database: .*; retrying in [0-9.]*m\?s (.* left)$' "$WORK/late.err")" = 0 ]
check "late: report" contains "$WORK/late.out" "Migrating to version 1"
got=$("$PGBIN/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
	-c "SELECT version, applied, total FROM atlas_schema_revisions.atlas_schema_revisions")
check "late: revision row (got '$got')" [ "$got" = "1|1|1" ]
pg_harness_as "$PGBIN/pg_ctl" -D "$LATE/data" -m fast stop >/dev/null 2>&1

# ---- 2. connections refused for a while (CONNECTION LIMIT 0) ------------
sql "DROP DATABASE IF EXISTS wait_limit" && sql "DROP ROLE IF EXISTS waiter" || exit 99
sql "CREATE ROLE waiter LOGIN NOSUPERUSER CONNECTION LIMIT 0" || exit 99
new_db wait_limit waiter || exit 99
limit_url=$(pg_url wait_limit waiter)
for cmd in apply status set; do
	sql "ALTER ROLE waiter CONNECTION LIMIT 0" || exit 99
	case $cmd in
	apply) args="migrate apply" ;;
	status) args="migrate status" ;;
	set) args="migrate set 1" ;;
	esac
	# shellcheck disable=SC2086
	run_bg "limit_$cmd" $args --url "$limit_url" --dir "file://$DIR" --wait 60s
	pid=$BG_PID
	check "limit $cmd: a retry line within 10s" wait_for "$WORK/limit_$cmd.err" \
		"too many connections for role \"waiter\"" 10
	check "limit $cmd: still waiting" kill -0 "$pid"
	sql "ALTER ROLE waiter CONNECTION LIMIT -1"
	wait "$pid"
	rc=$?
	check "limit $cmd: exit 0 (got $rc)" [ "$rc" = 0 ]
	check "limit $cmd: no Error line" lacks "$WORK/limit_$cmd.err" "Error:"
done
check "limit apply: report" contains "$WORK/limit_apply.out" "Migrating to version 1"
check "limit status: report" contains "$WORK/limit_status.out" "Migration Status: OK"
got=$(sql wait_limit "SELECT version, applied, total FROM atlas_schema_revisions.atlas_schema_revisions")
check "limit: revision row (got '$got')" [ "$got" = "1|1|1" ]

# The env attribute `wait` does the same (status, the table exists now).
proj=$WORK/proj
mkdir -p "$proj"
cat >"$proj/atlas.hcl" <<EOF
env "limit" {
  url  = getenv("DATABASE_URL")
  wait = "60s"
  migration {
    dir = "file://$DIR"
  }
}
env "badwait" {
  url  = getenv("DATABASE_URL")
  wait = "soon"
}
EOF
sql "ALTER ROLE waiter CONNECTION LIMIT 0" || exit 99
(cd "$proj" && DATABASE_URL=$limit_url exec "$ATLAS_BIN" migrate status --env limit) \
	>"$WORK/env.out" 2>"$WORK/env.err" &
pid=$!
check "env wait: a retry line" wait_for "$WORK/env.err" "too many connections for role \"waiter\"" 10
sql "ALTER ROLE waiter CONNECTION LIMIT -1"
wait "$pid"
rc=$?
check "env wait: exit 0 (got $rc)" [ "$rc" = 0 ]
check "env wait: status" contains "$WORK/env.out" "Migration Status: OK"
(cd "$proj" && DATABASE_URL=$limit_url exec "$ATLAS_BIN" migrate apply --env badwait) \
	>"$WORK/envbad.out" 2>"$WORK/envbad.err"
rc=$?
check "env wait: bad value is exit 2 (got $rc)" [ "$rc" = 2 ]
check "env wait: bad value message" contains "$WORK/envbad.err" 'time: invalid duration "soon"'

# ---- 3. permanent failures fail at once ----------------------------------
new_db wait_pw || exit 99
sql wait_pw "GRANT ALL ON SCHEMA public TO pwuser" || exit 99
bad_pw="wrong-pw-77x"
t0=$(now_ms)
"$ATLAS_BIN" migrate apply --url "postgres://pwuser:$bad_pw@127.0.0.1:$ATLAS_TEST_PG_PORT/wait_pw?sslmode=disable" \
	--dir "file://$DIR" --wait 60s >"$WORK/pw.out" 2>"$WORK/pw.err"
rc=$?
took=$(( $(now_ms) - t0 ))
check "wrong password: exit 1 (got $rc)" [ "$rc" = 1 ]
check "wrong password: fast (${took}ms)" [ "$took" -lt 5000 ]
check "wrong password: message" contains "$WORK/pw.err" \
	'Error: postgres: scanning system variables: pq: password authentication failed for user "pwuser" (28P01)'
check "wrong password: no retry" lacks "$WORK/pw.err" "Waiting for the database"
check "wrong password: no password (stderr)" lacks "$WORK/pw.err" "$bad_pw"
check "wrong password: no password (stdout)" lacks "$WORK/pw.out" "$bad_pw"

t0=$(now_ms)
"$ATLAS_BIN" migrate status --url "$(pg_url wait_nosuch_db_x)" --dir "file://$DIR" --wait 60s \
	>"$WORK/nodb.out" 2>"$WORK/nodb.err"
rc=$?
took=$(( $(now_ms) - t0 ))
check "missing db: exit 1 (got $rc)" [ "$rc" = 1 ]
check "missing db: fast (${took}ms)" [ "$took" -lt 5000 ]
check "missing db: message" contains "$WORK/nodb.err" 'database "wait_nosuch_db_x" does not exist (3D000)'
check "missing db: no retry" lacks "$WORK/nodb.err" "Waiting for the database"

# ---- 4. the deadline -----------------------------------------------------
secret="s3cret-Deadline-pw"
dead=$(free_port)
t0=$(now_ms)
"$ATLAS_BIN" migrate apply --url "postgres://app:$secret@127.0.0.1:$dead/app?sslmode=disable" \
	--dir "file://$DIR" --wait 2s >"$WORK/dead.out" 2>"$WORK/dead.err"
rc=$?
took=$(( $(now_ms) - t0 ))
check "deadline: exit 1 (got $rc)" [ "$rc" = 1 ]
check "deadline: waited 2s (${took}ms)" test "$took" -ge 2000 -a "$took" -lt 8000
check "deadline: gave up" contains "$WORK/dead.err" \
	"Error: gave up waiting for the database: postgres: scanning system variables: connection to server at \"127.0.0.1\", port $dead failed: Connection refused"
check "deadline: retries" [ "$(grep -c '^Waiting for the database: ' "$WORK/dead.err")" -ge 2 ]
check "deadline: no password (stderr)" lacks "$WORK/dead.err" "$secret"
check "deadline: no password (stdout)" lacks "$WORK/dead.out" "$secret"

# A host name that does not resolve (yet) is waited for too.
"$ATLAS_BIN" migrate status --url "postgres://app:$secret@db-not-yet.invalid:5432/app?sslmode=disable" \
	--dir "file://$DIR" --wait 1s >"$WORK/dns.out" 2>"$WORK/dns.err"
rc=$?
check "dns: exit 1 (got $rc)" [ "$rc" = 1 ]
check "dns: retried" contains "$WORK/dns.err" 'Waiting for the database: could not translate host name "db-not-yet.invalid"'
check "dns: gave up" contains "$WORK/dns.err" "Error: gave up waiting for the database: "
check "dns: no password" lacks "$WORK/dns.err" "$secret"

# Without --wait: one attempt, no retry line.
"$ATLAS_BIN" migrate apply --url "postgres://app:$secret@127.0.0.1:$dead/app?sslmode=disable" \
	--dir "file://$DIR" >"$WORK/nowait.out" 2>"$WORK/nowait.err"
rc=$?
check "no wait: exit 1 (got $rc)" [ "$rc" = 1 ]
check "no wait: no retry" lacks "$WORK/nowait.err" "Waiting for the database"
check "no wait: upstream error" contains "$WORK/nowait.err" "Error: postgres: scanning system variables: connection to server at"

# ---- 5. a bad value --------------------------------------------------------
"$ATLAS_BIN" migrate apply --url "$(pg_url postgres)" --dir "file://$DIR" --wait ten \
	>"$WORK/bad.out" 2>"$WORK/bad.err"
rc=$?
check "bad --wait: exit 2 (got $rc)" [ "$rc" = 2 ]
check "bad --wait: message" contains "$WORK/bad.err" \
	'Error: invalid argument "ten" for "--wait" flag: time: invalid duration "ten"'

finish
