#!/bin/sh
# SIGTERM / SIGINT during `migrate apply` (issue 7, migrate.md §4.9):
#  - mid-file (a statement running `SELECT pg_sleep(4)`), tx-mode file:
#    upstream's notice on stdout, the statement cancelled on the server
#    (nothing left running), the file rolled back, exit 1, a consistent
#    revision table; a re-run applies the rest;
#  - the same with tx-mode none and SIGINT: the revision keeps the
#    statements done, and the re-run resumes after them;
#  - SQLite: sqlite3_interrupt stops a long statement the same way;
#  - a second signal exits 1 at once (while the first one waits for the lock);
#  - a signal during --wait stops the wait.
. "$ATLAS_SRCDIR/tests/integration/test_fly_lib.sh"

DIR=$(fixture signal)
NOTICE="interrupt received, wait for exit or ^C to terminate"
HOLDER=

# The lock holder's backend outlives a killed psql while it sleeps.
terminate() { # terminate DB: ends every other session on DB
	sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$1' AND pid <> pg_backend_pid()" >/dev/null
}

stop_holder() {
	if [ -n "$HOLDER" ]; then
		kill "$HOLDER" 2>/dev/null
		terminate sig_twice
	fi
	cleanup_work
}

locks() { # locks DB: advisory locks held on DB
	sql "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '$1'"
}
trap stop_holder EXIT

revs() { # revs DB: version|applied|total|error_stmt per row
	sql "$1" "SELECT version, applied, total, error_stmt FROM atlas_schema_revisions.atlas_schema_revisions ORDER BY version"
}

tables() { # tables DB: the sig_* tables, comma-separated
	sql "$1" "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'sig\_%' AND relkind = 'r'"
}

# wait_sleeping DB: until a backend of DB runs pg_sleep (10s at most).
wait_sleeping() {
	i=0
	while [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1' AND state = 'active' AND query LIKE 'SELECT pg_sleep%'")" != 1 ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

wait_output() { # wait_output FILE TEXT: until FILE has TEXT (10s at most)
	i=0
	while ! grep -qF -- "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

sleeping() { # sleeping DB: count of backends still running pg_sleep
	sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'"
}

# ---- 1. SIGTERM mid-file, tx-mode file ------------------------------------
new_db sig_file || exit 99
"$ATLAS_BIN" migrate apply --url "$(pg_url sig_file)" --dir "file://$DIR" \
	>"$WORK/file.out" 2>"$WORK/file.err" &
pid=$!
check "file: statement started" wait_sleeping sig_file
t0=$(now_ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
took=$(( $(now_ms) - t0 ))
check "file: exit 1 (got $rc)" [ "$rc" = 1 ]
check "file: stopped before the sleep's end (${took}ms)" [ "$took" -lt 3500 ]
check "file: nothing left running on the server" [ "$(sleeping sig_file)" = 0 ]
check "file: notice" contains "$WORK/file.out" "$NOTICE"
check "file: report shows the cancelled statement" contains "$WORK/file.out" \
	"pq: canceling statement due to user request (57014)"
check "file: report shows what was applied" contains "$WORK/file.out" "1 migration ok, 1 with errors"
check "file: error line" contains "$WORK/file.err" \
	'Error: sql/migrate: executing statement "SELECT pg_sleep(4);" from version "2": pq: canceling statement due to user request (57014)'
got=$(revs sig_file)
check "file: only version 1 recorded (got '$got')" [ "$got" = "1|1|1|" ]
got=$(tables sig_file)
check "file: file 2 rolled back (got '$got')" [ "$got" = "sig_a" ]
check "file: lock released" [ "$(locks sig_file)" = 0 ]
"$ATLAS_BIN" migrate apply --url "$(pg_url sig_file)" --dir "file://$DIR" \
	>"$WORK/file2.out" 2>"$WORK/file2.err"
rc=$?
check "file re-run: exit 0 (got $rc)" [ "$rc" = 0 ]
check "file re-run: from version 2" contains "$WORK/file2.out" "Migrating to version 3 from 1 (2 migrations in total):"
got=$(revs sig_file | tr '\n' ' ')
check "file re-run: revisions (got '$got')" [ "$got" = "1|1|1| 2|3|3| 3|1|1| " ]
got=$(tables sig_file)
check "file re-run: tables (got '$got')" [ "$got" = "sig_a,sig_b,sig_c,sig_d" ]

# ---- 2. SIGINT mid-file, tx-mode none: resume after the done statements ----
new_db sig_none || exit 99
"$ATLAS_BIN" migrate apply --url "$(pg_url sig_none)" --dir "file://$DIR" --tx-mode none \
	>"$WORK/none.out" 2>"$WORK/none.err" &
pid=$!
check "none: statement started" wait_sleeping sig_none
kill -INT "$pid"
wait "$pid"
rc=$?
check "none: exit 1 (got $rc)" [ "$rc" = 1 ]
check "none: notice" contains "$WORK/none.out" "$NOTICE"
check "none: nothing left running on the server" [ "$(sleeping sig_none)" = 0 ]
got=$(revs sig_none | tr '\n' ' ')
check "none: version 2 partially applied (got '$got')" [ "$got" = "1|1|1| 2|1|3|SELECT pg_sleep(4); " ]
got=$(tables sig_none)
check "none: first statement of file 2 kept (got '$got')" [ "$got" = "sig_a,sig_b" ]
"$ATLAS_BIN" migrate status --url "$(pg_url sig_none)" --dir "file://$DIR" >"$WORK/none.status" 2>&1
check "none: status shows the partial file" contains "$WORK/none.status" "Current Version: 2 (1 statements applied)"
"$ATLAS_BIN" migrate apply --url "$(pg_url sig_none)" --dir "file://$DIR" --tx-mode none \
	>"$WORK/none2.out" 2>"$WORK/none2.err"
rc=$?
# CREATE TABLE sig_b again would fail: success proves the resume point.
check "none re-run: exit 0 (got $rc)" [ "$rc" = 0 ]
check "none re-run: resumes inside version 2" contains "$WORK/none2.out" "-- migrating version 2"
check "none re-run: skips the done statement" lacks "$WORK/none2.out" "-> CREATE TABLE sig_b"
got=$(revs sig_none | tr '\n' ' ')
check "none re-run: revisions (got '$got')" [ "$got" = "1|1|1| 2|3|3| 3|1|1| " ]
got=$(tables sig_none)
check "none re-run: tables (got '$got')" [ "$got" = "sig_a,sig_b,sig_c,sig_d" ]

# ---- 3. SQLite: sqlite3_interrupt ------------------------------------------
SQDIR=$(fixture signal-sqlite)
db="$WORK/sig.db"
"$ATLAS_BIN" migrate apply --url "sqlite://$db" --dir "file://$SQDIR" \
	>"$WORK/sq.out" 2>"$WORK/sq.err" &
pid=$!
# stdout is line-buffered: the statement's line shows when it starts.
check "sqlite: statement started" wait_output "$WORK/sq.out" "-> WITH RECURSIVE"
sleep 0.3
t0=$(now_ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
took=$(( $(now_ms) - t0 ))
check "sqlite: exit 1 (got $rc)" [ "$rc" = 1 ]
check "sqlite: stopped at once (${took}ms)" [ "$took" -lt 4000 ]
check "sqlite: notice" contains "$WORK/sq.out" "$NOTICE"
check "sqlite: interrupted statement" contains "$WORK/sq.err" 'from version "2": interrupted'
"$ATLAS_BIN" migrate status --url "sqlite://$db" --dir "file://$SQDIR" >"$WORK/sq.status" 2>&1
check "sqlite: version 1 only" contains "$WORK/sq.status" "Current Version: 1"
check "sqlite: two pending" contains "$WORK/sq.status" "Pending Files:   2"
if command -v sqlite3 >/dev/null 2>&1; then
	got=$(sqlite3 "$db" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE name LIKE 'sig_%' ORDER BY name)")
	check "sqlite: file 2 rolled back (got '$got')" [ "$got" = "sig_a" ]
fi

# ---- 4. a second signal exits at once ---------------------------------------
terminate sig_twice 2>/dev/null
new_db sig_twice || exit 99
# Someone else holds the migration lock: apply waits for it (--lock-timeout),
# a wait the first signal does not cut short.
"$PGBIN/psql" -X -q -h "$ATLAS_TEST_PG_HOST" -p "$ATLAS_TEST_PG_PORT" -U postgres -d sig_twice \
	-c "SELECT pg_advisory_lock(2686470616)" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
HOLDER=$!
i=0
while [ "$(locks sig_twice)" != 1 ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && break
	sleep 0.1
done
"$ATLAS_BIN" migrate apply --url "$(pg_url sig_twice)" --dir "file://$DIR" --lock-timeout 30s \
	>"$WORK/twice.out" 2>"$WORK/twice.err" &
pid=$!
# Connected (statement and lock sessions beside the holder's): waiting.
i=0
while [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'sig_twice'")" -lt 3 ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && break
	sleep 0.1
done
sleep 0.2
kill -TERM "$pid"
sleep 0.5
check "twice: still running after the first signal" kill -0 "$pid"
t0=$(now_ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
took=$(( $(now_ms) - t0 ))
check "twice: exit 1 (got $rc)" [ "$rc" = 1 ]
check "twice: at once (${took}ms)" [ "$took" -lt 5000 ]
check "twice: notice once" [ "$(grep -cF "$NOTICE" "$WORK/twice.out")" = 1 ]
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
terminate sig_twice
HOLDER=
got=$(sql sig_twice "SELECT count(*) FROM pg_class WHERE relname LIKE 'sig\_%'")
check "twice: nothing applied (got '$got')" [ "$got" = 0 ]

# ---- 5. a signal during --wait ---------------------------------------------
port=$(free_port)
"$ATLAS_BIN" migrate apply --url "postgres://app:Wait-Secret-9@127.0.0.1:$port/app?sslmode=disable" \
	--dir "file://$DIR" --wait 60s >"$WORK/wait.out" 2>"$WORK/wait.err" &
pid=$!
check "wait: waiting" wait_output "$WORK/wait.err" "Waiting for the database: "
t0=$(now_ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
took=$(( $(now_ms) - t0 ))
check "wait: exit 1 (got $rc)" [ "$rc" = 1 ]
check "wait: at once (${took}ms)" [ "$took" -lt 5000 ]
check "wait: message" contains "$WORK/wait.err" "Error: interrupted while waiting for the database: "
check "wait: no password" lacks "$WORK/wait.err" "Wait-Secret-9"

finish
