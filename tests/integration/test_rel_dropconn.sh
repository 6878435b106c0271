#!/bin/sh
# Dropped connections (issue 8): pg_terminate_backend on atlas-c's statement
# session while a file runs (a statement sleeps):
#  - file mode: a clear error naming the statement and the server's reason,
#    exit 1, the file rolled back and not recorded; the re-run applies the
#    file from scratch and the rest;
#  - none mode: the same error and exit; the statements before the dropped
#    one stay recorded, and the re-run resumes from the dropped statement.
# (The lock session's loss is tests/integration/test_apply_pg.c's.)
. "$ATLAS_SRCDIR/tests/integration/test_rel_lib.sh"

DIR=$WORK/drop
mkdir -p "$DIR"
printf 'CREATE TABLE d_a (id int);\n' >"$DIR/1_a.sql"
printf 'CREATE TABLE d_b (id int);\nSELECT pg_sleep(2);\nCREATE TABLE d_c (id int);\n' >"$DIR/2_b.sql"
printf 'CREATE TABLE d_d (id int);\n' >"$DIR/3_c.sql"
hash_dir "$DIR" || exit 99
SLEEPING="pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%pg_sleep(2)%'"

revs() {
	sql "$1" "SELECT string_agg(version || ':' || applied || '/' || total, ',' ORDER BY version) FROM atlas_schema_revisions.atlas_schema_revisions"
}
tables() {
	sql "$1" "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'd\_%' AND relkind = 'r'"
}

for mode in file none; do
	db=rel_drop_$mode
	new_db $db || exit 99
	URL=$(pg_url $db)
	"$ATLAS_BIN" migrate apply --url "$URL" --dir "file://$DIR" --tx-mode $mode \
		>"$WORK/$mode.out" 2>"$WORK/$mode.err" &
	pid=$!
	check "$mode: the statement runs" wait_for $db \
		"(SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND $SLEEPING) = 1"
	got=$(sql $db "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db' AND $SLEEPING")
	check "$mode: one session terminated (got $got)" [ "$got" = 1 ]
	wait "$pid"
	rc=$?
	echo "--- $mode mode, stderr after the drop:"
	sed 's/^/  | /' "$WORK/$mode.err"
	check "$mode: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$mode: the error names the statement and the server's reason" contains "$WORK/$mode.err" \
		'sql/migrate: executing statement "SELECT pg_sleep(2);" from version "2": pq: terminating connection due to administrator command (57P01)'
	# A failed rollback or revision write is joined to the error as
	# upstream joins it; it must not be libpq's complaint about its own
	# misuse (a file-mode connection once stayed in pipeline mode).
	check "$mode: no libpq pipeline-mode message" lacks "$WORK/$mode.err" "pipeline mode"
	if [ $mode = file ]; then
		check "file: the rollback names the lost connection" contains "$WORK/$mode.err" \
			'sql/migrate: write revision: no connection to the server'
	fi
	n=$(grep -c '^Error: ' "$WORK/$mode.err")
	check "$mode: one Error line (got $n)" [ "$n" = 1 ]
	got=$(revs $db)
	if [ $mode = file ]; then
		check "file: file 2 not recorded (got '$got')" [ "$got" = "1:1/1" ]
		got=$(tables $db)
		check "file: file 2 rolled back (got '$got')" [ "$got" = "d_a" ]
	else
		check "none: file 2's first statement recorded (got '$got')" [ "$got" = "1:1/1,2:1/3" ]
		got=$(tables $db)
		check "none: file 2's first statement kept (got '$got')" [ "$got" = "d_a,d_b" ]
	fi
	atlas migrate apply --url "$URL" --dir "file://$DIR" --tx-mode $mode \
		>"$WORK/$mode.2.out" 2>"$WORK/$mode.2.err"
	rc=$?
	check "$mode re-run: exit 0 (got $rc)" [ "$rc" = 0 ]
	[ "$rc" = 0 ] || sed 's/^/  | /' "$WORK/$mode.2.out" "$WORK/$mode.2.err" >&2
	if [ $mode = file ]; then
		check "file re-run: file 2 from scratch" contains "$WORK/$mode.2.out" "-> CREATE TABLE d_b (id int);"
	else
		check "none re-run: resumes at the dropped statement" lacks "$WORK/$mode.2.out" "-> CREATE TABLE d_b (id int);"
		check "none re-run: runs the dropped statement" contains "$WORK/$mode.2.out" "-> SELECT pg_sleep(2);"
	fi
	got=$(revs $db)
	check "$mode re-run: revisions (got '$got')" [ "$got" = "1:1/1,2:3/3,3:1/1" ]
	check "$mode re-run: revisions consistent" revs_ok $db
	got=$(tables $db)
	check "$mode re-run: tables (got '$got')" [ "$got" = "d_a,d_b,d_c,d_d" ]
done

finish "dropped connection (file and none modes)"
