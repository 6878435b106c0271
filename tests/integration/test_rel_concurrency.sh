#!/bin/sh
# Concurrent deploys (issue 8):
#  - 8 `migrate apply` processes at once on one database, 50 files: each
#    file runs exactly once (a table every migration inserts into, and the
#    revision table), every process exits 0, the losers wait for the lock
#    and then print "No migration files to execute";
#  - with --lock-timeout 1ms while the winner sleeps in a migration, the
#    losers exit 1 with upstream's lock error and change nothing;
#  - a psql session holding upstream's advisory lock key 2686470616: atlas-c
#    waits for it, then applies; and while atlas-c applies, the key is taken.
. "$ATLAS_SRCDIR/tests/integration/test_rel_lib.sh"

N=8
FILES=50
LOCKERR="Error: acquiring database lock: sql/schema: lock is held by other session"

# ---- 1. 8 processes, 50 files ---------------------------------------------
DIR=$WORK/fifty
mkdir -p "$DIR"
printf 'CREATE TABLE runs (v int NOT NULL, pid int NOT NULL DEFAULT pg_backend_pid());\nINSERT INTO runs (v) VALUES (1);\n' >"$DIR/001_init.sql"
i=2
while [ $i -le $FILES ]; do
	printf 'INSERT INTO runs (v) VALUES (%d);\nSELECT pg_sleep(0.005);\n' $i >"$DIR/$(printf %03d $i)_f.sql"
	i=$((i + 1))
done
hash_dir "$DIR" || exit 99
new_db rel_conc || exit 99
URL=$(pg_url rel_conc)
pids=""
k=1
while [ $k -le $N ]; do
	"$ATLAS_BIN" migrate apply --url "$URL" --dir "file://$DIR" --lock-timeout 60s \
		>"$WORK/c$k.out" 2>"$WORK/c$k.err" &
	pids="$pids $!"
	k=$((k + 1))
done
k=1
winners=0
idle=0
for p in $pids; do
	wait "$p"
	rc=$?
	check "concurrent $k: exit 0 (got $rc)" [ "$rc" = 0 ]
	check "concurrent $k: nothing on stderr" [ ! -s "$WORK/c$k.err" ]
	if grep -qF "Migrating to version 050 (50 migrations in total):" "$WORK/c$k.out"; then
		winners=$((winners + 1))
	elif grep -qxF "No migration files to execute" "$WORK/c$k.out"; then
		idle=$((idle + 1))
	else
		fail "concurrent $k: unexpected output"
		sed 's/^/  | /' "$WORK/c$k.out" >&2
	fi
	k=$((k + 1))
done
check "concurrent: one process applied everything (got $winners)" [ "$winners" = 1 ]
check "concurrent: $((N - 1)) found nothing to do (got $idle)" [ "$idle" = $((N - 1)) ]
got=$(sql rel_conc "SELECT count(*) || '|' || count(DISTINCT v) || '|' || min(v) || '|' || max(v) || '|' || count(DISTINCT pid) FROM runs")
check "concurrent: each file ran once, in one session (got '$got')" [ "$got" = "$FILES|$FILES|1|$FILES|1" ]
got=$(nrevs rel_conc)
check "concurrent: $FILES revisions (got '$got')" [ "$got" = $FILES ]
check "concurrent: revisions consistent" revs_ok rel_conc

# ---- 2. --lock-timeout 1ms while the winner sleeps --------------------------
SLOW=$WORK/slow
mkdir -p "$SLOW"
printf 'CREATE TABLE slow_a (id int);\nSELECT pg_sleep(2);\n' >"$SLOW/1_a.sql"
printf 'CREATE TABLE slow_b (id int);\n' >"$SLOW/2_b.sql"
hash_dir "$SLOW" || exit 99
new_db rel_lto || exit 99
URL=$(pg_url rel_lto)
"$ATLAS_BIN" migrate apply --url "$URL" --dir "file://$SLOW" >"$WORK/holder.out" 2>"$WORK/holder.err" &
holder=$!
check "timeout: the winner sleeps in its migration" \
	wait_for rel_lto "(SELECT count(*) FROM pg_stat_activity WHERE datname = 'rel_lto' AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(2)%') = 1"
pids=""
k=1
while [ $k -lt $N ]; do
	"$ATLAS_BIN" migrate apply --url "$URL" --dir "file://$SLOW" --lock-timeout 1ms \
		>"$WORK/t$k.out" 2>"$WORK/t$k.err" &
	pids="$pids $!"
	k=$((k + 1))
done
k=1
for p in $pids; do
	wait "$p"
	rc=$?
	check "timeout $k: exit 1 (got $rc)" [ "$rc" = 1 ]
	got=$(cat "$WORK/t$k.err")
	check "timeout $k: upstream's lock error (got '$got')" [ "$got" = "$LOCKERR" ]
	check "timeout $k: nothing on stdout" [ ! -s "$WORK/t$k.out" ]
	k=$((k + 1))
done
check "timeout: the winner still running" kill -0 "$holder"
wait "$holder"
rc=$?
check "timeout: the winner exits 0 (got $rc)" [ "$rc" = 0 ]
got=$(sql rel_lto "SELECT string_agg(version || ':' || applied || '/' || total, ',' ORDER BY version) FROM atlas_schema_revisions.atlas_schema_revisions")
check "timeout: the winner's revisions only (got '$got')" [ "$got" = "1:2/2,2:1/1" ]

# ---- 3. a psql session holding upstream's key --------------------------------
new_db rel_psql || exit 99
URL=$(pg_url rel_psql)
"$PGBIN/psql" -X -q -h "$ATLAS_TEST_PG_HOST" -p "$ATLAS_TEST_PG_PORT" -U postgres -d rel_psql \
	-c "SELECT pg_advisory_lock(2686470616)" -c "SELECT pg_sleep(1.5)" >/dev/null 2>&1 &
psql_pid=$!
check "psql: holds the key" wait_for rel_psql \
	"(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = 2686470616) = 1"
t0=$(now_ms)
atlas migrate apply --url "$URL" --dir "file://$DIR" >"$WORK/p.out" 2>"$WORK/p.err"
rc=$?
took=$(( $(now_ms) - t0 ))
wait "$psql_pid"
check "psql: atlas-c exit 0 after the holder let go (got $rc)" [ "$rc" = 0 ]
check "psql: atlas-c waited for the key (${took}ms)" [ "$took" -ge 700 ]
got=$(sql rel_psql "SELECT count(*) || '|' || count(DISTINCT v) FROM runs")
check "psql: every file once (got '$got')" [ "$got" = "$FILES|$FILES" ]
check "psql: revisions consistent" revs_ok rel_psql
# The other way round: while atlas-c applies, psql cannot take the key.
new_db rel_psql2 || exit 99
"$ATLAS_BIN" migrate apply --url "$(pg_url rel_psql2)" --dir "file://$SLOW" >"$WORK/p2.out" 2>"$WORK/p2.err" &
ap=$!
check "psql: atlas-c sleeps in its migration" \
	wait_for rel_psql2 "(SELECT count(*) FROM pg_stat_activity WHERE datname = 'rel_psql2' AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(2)%') = 1"
got=$(sql rel_psql2 "SELECT pg_try_advisory_lock(2686470616)")
check "psql: key taken by atlas-c (got '$got')" [ "$got" = f ]
wait "$ap"
rc=$?
check "psql: atlas-c exit 0 (got $rc)" [ "$rc" = 0 ]
got=$(sql rel_psql2 "SELECT pg_try_advisory_lock(2686470616)")
check "psql: key released (got '$got')" [ "$got" = t ]

# ---- 4. a held lock does not hold back a directory error ---------------------
# migrate apply verifies the directory on a worker thread while it connects
# and tries the lock once; the lock is waited for only after the directory
# verified, so a checksum error is reported at once, not after the wait.
BAD=$WORK/bad
cp -r "$DIR" "$BAD"
echo "-- edited" >>"$BAD/002_f.sql"
new_db rel_badsum || exit 99
"$PGBIN/psql" -X -q -h "$ATLAS_TEST_PG_HOST" -p "$ATLAS_TEST_PG_PORT" -U postgres -d rel_badsum \
	-c "SELECT pg_advisory_lock(2686470616)" -c "SELECT pg_sleep(20)" >/dev/null 2>&1 &
psql_pid=$!
check "badsum: psql holds the key" wait_for rel_badsum \
	"(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = 2686470616) = 1"
t0=$(date +%s)
"$ATLAS_BIN" migrate apply --url "$(pg_url rel_badsum)" --dir "file://$BAD" --lock-timeout 30s \
	>"$WORK/bs.out" 2>"$WORK/bs.err"
rc=$?
took=$(($(date +%s) - t0))
terminate rel_badsum
wait "$psql_pid" 2>/dev/null
check "badsum: exit 1 (got $rc)" [ "$rc" = 1 ]
check "badsum: the checksum error" grep -qxF "Error: checksum mismatch" "$WORK/bs.err"
check "badsum: not after the 30s lock wait (${took}s)" [ "$took" -lt 15 ]
got=$(sql rel_badsum "SELECT count(*) FROM pg_namespace WHERE nspname = 'atlas_schema_revisions'")
check "badsum: nothing created (got '$got')" [ "$got" = 0 ]

finish "concurrency ($N processes, $FILES files)"
