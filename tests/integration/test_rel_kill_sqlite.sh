#!/bin/sh
# Killed deploys on SQLite (issue 8): as test_rel_kill.sh, ITER (default
# 20) SIGKILLs per mode (file, all) at random points of an apply whose
# statements take some time (recursive inserts); after each kill the
# revision table holds no partial row, and a re-run exits 0 and leaves the
# schema of a clean apply (sqlite_master), every file's row once and a
# consistent revision table.  RELIABILITY_SEED=S replays the points.
# Needs the sqlite3 shell to read the database (skipped without it).
#
# The SQLite migration lock is upstream's lock file in $TMPDIR holding an
# expiry (acquisition + --lock-timeout), not an OS lock: a killed run
# leaves it behind, and until it expires a re-run is refused with
# upstream's "lock ... already taken" (checked below).  So the killed runs
# here use a short --lock-timeout and the re-run waits for the expiry (and
# TMPDIR is private, see test_rel_lib.sh).
. "$ATLAS_SRCDIR/tests/integration/test_rel_lib.sh"
LOCKERR='Error: acquiring database lock: sql/sqlite: lock on "atlas_migrate_execute" already taken'

command -v sqlite3 >/dev/null 2>&1 || { echo "no sqlite3 shell: skipped"; exit 77; }
ITER=$(( ${RELIABILITY_ITER:-20} / SCALE ))
[ "$ITER" -ge 1 ] || ITER=1
SEED=${RELIABILITY_SEED:-$(( $(date +%s%N | sed 's/^0*//') % 1000000 ))}
echo "RELIABILITY_SEED=$SEED (iterations per mode: $ITER)"
FILES=20

DIR=$WORK/kill
mkdir -p "$DIR"
printf 'CREATE TABLE log (v int NOT NULL);\nINSERT INTO log VALUES (1);\n' >"$DIR/01_log.sql"
i=2
while [ $i -le $FILES ]; do
	{
		printf 'CREATE TABLE k%d (id integer PRIMARY KEY, name text);\n' $i
		printf 'INSERT INTO k%d (name) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT hex(randomblob(8)) FROM c;\n' $i
		printf 'CREATE INDEX k%d_name ON k%d (name);\n' $i $i
		printf 'INSERT INTO log VALUES (%d);\n' $i
	} >"$DIR/$(printf %02d $i)_k.sql"
	i=$((i + 1))
done
hash_dir "$DIR" || exit 99

lite() { sqlite3 "$1" "$2"; }
lschema() { lite "$1" "SELECT type || ':' || name || ':' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'atlas_schema_revisions%' ORDER BY name"; }
lrevs_ok() {
	_bad=$(lite "$1" "SELECT count(*) - count(DISTINCT version) + sum(applied <> total OR error <> '' OR error_stmt <> '') FROM atlas_schema_revisions") || return 1
	[ "${_bad:-0}" = 0 ] || { lite "$1" "SELECT version, applied, total, error FROM atlas_schema_revisions" >&2; return 1; }
}
has_revs() { [ "$(lite "$1" "SELECT count(*) FROM sqlite_master WHERE name = 'atlas_schema_revisions'")" = 1 ]; }

t0=$(now_ms)
"$ATLAS_BIN" migrate apply --url "sqlite://$WORK/ref.db" --dir "file://$DIR" >/dev/null 2>&1 || exit 99
CLEAN_MS=$(( $(now_ms) - t0 ))
REF=$(lschema "$WORK/ref.db")
[ -n "$REF" ] || exit 99
awk -v s="$SEED" -v n=$((ITER * 2)) -v m=$((CLEAN_MS + 20)) \
	'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%d\n", int(rand() * m) }' >"$WORK/delays"

killed_mid=0
n=0
DB=$WORK/k.db
for mode in file all; do
	it=1
	while [ $it -le $ITER ]; do
		n=$((n + 1))
		ms=$(sed -n "${n}p" "$WORK/delays")
		tag="sqlite $mode #$it (seed $SEED, kill at ${ms}ms)"
		rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"
		"$ATLAS_BIN" migrate apply --url "sqlite://$DB" --dir "file://$DIR" --tx-mode "$mode" \
			--lock-timeout 300ms >"$WORK/k.out" 2>"$WORK/k.err" &
		pid=$!
		sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
		kill -9 "$pid" 2>/dev/null
		{ wait "$pid"; } 2>/dev/null
		rc=$?
		[ "$rc" = 137 ] && killed_mid=$((killed_mid + 1))
		# Re-run first: it is atlas-c that opens the database after the
		# crash (the hot journal is rolled back on its open); after the
		# stale lock's expiry.
		sleep 0.35
		"$ATLAS_BIN" migrate apply --url "sqlite://$DB" --dir "file://$DIR" --tx-mode "$mode" \
			>"$WORK/r.out" 2>"$WORK/r.err"
		rc=$?
		check "$tag: re-run exit 0 (got $rc)" [ "$rc" = 0 ]
		[ "$rc" = 0 ] || sed 's/^/  | /' "$WORK/r.out" "$WORK/r.err" >&2
		check "$tag: schema equals a clean apply's" [ "$(lschema "$DB")" = "$REF" ]
		got=$(lite "$DB" "SELECT count(*) || '|' || count(DISTINCT v) FROM log")
		check "$tag: each file's row once (got $got)" [ "$got" = "$FILES|$FILES" ]
		got=$(lite "$DB" "SELECT count(*) FROM atlas_schema_revisions")
		check "$tag: $FILES revisions (got $got)" [ "$got" = $FILES ]
		check "$tag: revisions consistent" lrevs_ok "$DB"
		got=$(lite "$DB" "PRAGMA integrity_check")
		check "$tag: database intact (got $got)" [ "$got" = ok ]
		it=$((it + 1))
	done
done
echo "killed mid-run: $killed_mid of $n (clean apply: ${CLEAN_MS}ms)"
check "a fair share of kills land mid-run ($killed_mid of $n)" [ $((killed_mid * 4)) -ge "$n" ]

# The stale lock, deterministically: a run killed while it holds the lock
# (--lock-timeout 3s); an immediate re-run is refused, one after the
# expiry works.
rm -f "$DB" "$DB-journal"
"$ATLAS_BIN" migrate apply --url "sqlite://$DB" --dir "file://$DIR" --lock-timeout 3s \
	>"$WORK/s.out" 2>"$WORK/s.err" &
pid=$!
_i=0
while ! grep -q -- '-> ' "$WORK/s.out" 2>/dev/null && [ $_i -lt 200 ]; do
	sleep 0.02
	_i=$((_i + 1))
done
kill -9 "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
t0=$(now_ms)
atlas migrate apply --url "sqlite://$DB" --dir "file://$DIR" >"$WORK/s2.out" 2>"$WORK/s2.err"
rc=$?
check "stale lock: refused at once (exit $rc)" [ "$rc" = 1 ]
got=$(cat "$WORK/s2.err")
check "stale lock: upstream's error (got '$got')" [ "$got" = "$LOCKERR" ]
sleep "$(awk -v t="$(( 3100 - ($(now_ms) - t0) ))" 'BEGIN { printf "%.3f", (t > 0 ? t : 0) / 1000 }')"
atlas migrate apply --url "sqlite://$DB" --dir "file://$DIR" >"$WORK/s3.out" 2>"$WORK/s3.err"
rc=$?
check "stale lock: after the expiry, exit 0 (got $rc)" [ "$rc" = 0 ]
check "stale lock: schema equals a clean apply's" [ "$(lschema "$DB")" = "$REF" ]
check "stale lock: revisions consistent" lrevs_ok "$DB"

finish "kill sqlite (seed $SEED, $ITER iterations x file/all, $killed_mid of $n killed mid-run)"
