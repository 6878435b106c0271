#!/bin/sh
# A `-- atlas:txmode none` file failing halfway in a run of the default
# file mode (issue 8; the --tx-mode none flag's resume and history check
# are tests/cases/apply-pg-resume and apply-pg-history-changed):
#  - the partial revision: applied = k, error and error_stmt, k partial
#    hashes; the statements before the failure kept, the tx-mode file
#    before it committed;
#  - an edit of an earlier statement is refused with upstream's
#    history-changed error and changes nothing;
#  - the fixed file resumes from the failed statement.
. "$ATLAS_SRCDIR/tests/integration/test_rel_lib.sh"

DIR=$WORK/none
mkdir -p "$DIR"
printf 'CREATE TABLE n_a (id int PRIMARY KEY);\n' >"$DIR/1_a.sql"
write_b() { # write_b FIRST THIRD
	printf -- '-- atlas:txmode none\n\n%s\nINSERT INTO n_a VALUES (1);\n%s\nCREATE TABLE n_c (id int);\n' \
		"$1" "$2" >"$DIR/2_b.sql"
	hash_dir "$DIR"
}
write_b 'CREATE TABLE n_b (id int);' 'INSERT INTO n_a VALUES (1);' || exit 99
printf 'CREATE TABLE n_d (id int);\n' >"$DIR/3_c.sql"
hash_dir "$DIR" || exit 99
new_db rel_none || exit 99
URL=$(pg_url rel_none)
Q="SELECT version || '|' || applied || '/' || total || '|' || error || '|' || error_stmt || '|' || CASE WHEN jsonb_typeof(partial_hashes::jsonb) = 'array' THEN jsonb_array_length(partial_hashes::jsonb) ELSE -1 END FROM atlas_schema_revisions.atlas_schema_revisions ORDER BY version"
tables() {
	sql rel_none "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'n\_%' AND relkind = 'r'"
}

atlas migrate apply --url "$URL" --dir "file://$DIR" >"$WORK/1.out" 2>"$WORK/1.err"
rc=$?
check "fail: exit 1 (got $rc)" [ "$rc" = 1 ]
got=$(cat "$WORK/1.err")
check "fail: the error (got '$got')" [ "$got" = 'Error: sql/migrate: executing statement "INSERT INTO n_a VALUES (1);" from version "2": pq: duplicate key value violates unique constraint "n_a_pkey" (23505)' ]
got=$(sql rel_none "$Q" | tr '\n' ' ')
check "fail: partial revision, 2 partial hashes (got '$got')" [ "$got" = "1|1/1|||-1 2|2/4|pq: duplicate key value violates unique constraint \"n_a_pkey\" (23505)|INSERT INTO n_a VALUES (1);|2 " ]
got=$(tables)
check "fail: statements before the failure kept (got '$got')" [ "$got" = "n_a,n_b" ]

# An edited earlier statement: refused, nothing runs.
write_b 'CREATE TABLE n_b (id bigint);' 'INSERT INTO n_a VALUES (2);' || exit 99
atlas migrate apply --url "$URL" --dir "file://$DIR" >"$WORK/2.out" 2>"$WORK/2.err"
rc=$?
check "edited: exit 1 (got $rc)" [ "$rc" = 1 ]
got=$(cat "$WORK/2.err")
check "edited: upstream's history-changed error (got '$got')" \
	[ "$got" = 'Error: sql/migrate: history changed: statement 1 from file "2_b.sql" changed' ]
got=$(sql rel_none "SELECT applied || '/' || total FROM atlas_schema_revisions.atlas_schema_revisions WHERE version = '2'")
check "edited: the revision unchanged (got '$got')" [ "$got" = "2/4" ]
got=$(tables)
check "edited: nothing ran (got '$got')" [ "$got" = "n_a,n_b" ]

# The fixed file: resumes from the failed statement.
write_b 'CREATE TABLE n_b (id int);' 'INSERT INTO n_a VALUES (2);' || exit 99
atlas migrate apply --url "$URL" --dir "file://$DIR" >"$WORK/3.out" 2>"$WORK/3.err"
rc=$?
check "fixed: exit 0 (got $rc)" [ "$rc" = 0 ]
check "fixed: skips the applied statements" lacks "$WORK/3.out" "-> CREATE TABLE n_b"
check "fixed: from the failed statement" contains "$WORK/3.out" "-> INSERT INTO n_a VALUES (2);"
got=$(sql rel_none "$Q" | tr '\n' ' ')
check "fixed: revisions (got '$got')" [ "$got" = "1|1/1|||-1 2|4/4|||-1 3|1/1|||-1 " ]
check "fixed: revisions consistent" revs_ok rel_none
got=$(tables)
check "fixed: tables (got '$got')" [ "$got" = "n_a,n_b,n_c,n_d" ]
got=$(sql rel_none "SELECT string_agg(id::text, ',' ORDER BY id) FROM n_a")
check "fixed: rows (got '$got')" [ "$got" = "1,2" ]

finish "txmode none failure (directive, partial revision, history check, resume)"
