/*
 * `migrate apply` and `status` on SQLite files: what the end-to-end cases
 * (tests/cases/apply-sqlite-*) cannot express because they need the
 * database changed between two runs — upstream's TestMigrate_ApplyTxMode
 * (foreign-key check around transactions, with a violation inserted by
 * hand), the lock file in $TMPDIR, a dry run on a new file, and a revision
 * table written by hand in upstream's DDL and value encodings (TEXT and
 * BLOB partial hashes, `T`/`Z` timestamps, the cloud identifier row).
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrate/migrate.h"
#include "pgtest.h"

static struct arena *a;
static char *tmp;

static void setup(void)
{
	a = arena_new();
	char tmpl[] = "/tmp/atlas-apply-sqlite.XXXXXX";
	cr_assert(mkdtemp(tmpl));
	tmp = arena_strdup(a, tmpl);
	/* the lock file lives in $TMPDIR: keep it private to this test */
	setenv("TMPDIR", tmp, 1);
}

static void teardown(void)
{
	if (system(arena_printf(a, "rm -rf '%s'", tmp)) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	arena_free(a);
}

TestSuite(apply_sqlite, .init = setup, .fini = teardown, .timeout = 60);

static void copy_vector(const char *name, const char *to)
{
	const char *src = getenv("ATLAS_SRCDIR");
	cr_assert(src, "ATLAS_SRCDIR is not set");
	cr_assert_eq(system(arena_printf(a, "cp -R '%s/tests/vectors/upstream-integration/cmdapi/%s' '%s/%s'",
					 src, name, tmp, to)), 0);
}

/* Runs SQL on a database file and returns the rows ('|' between columns). */
static char *query(const char *file, const char *sql)
{
	sqlite3 *db = NULL;
	cr_assert_eq(sqlite3_open(arena_printf(a, "%s/%s", tmp, file), &db), SQLITE_OK);
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;
	const char *tail = sql;
	while (*tail) {
		cr_assert_eq(sqlite3_prepare_v2(db, tail, -1, &st, &tail), SQLITE_OK, "%s: %s", sql,
			     sqlite3_errmsg(db));
		if (!st)
			break;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				if (i)
					strbuf_addch(&sb, '|');
				const unsigned char *v = sqlite3_column_text(st, i);
				strbuf_addstr(&sb, v ? (const char *)v : "NULL");
			}
			strbuf_addch(&sb, '\n');
		}
		cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	char *out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return out;
}

static int atlas(char **out, char **err, const char *const *args)
{
	return pgtest_run_atlas(a, tmp, args, out, err);
}

static void tx_mode_foreign_keys(const char *mode)
{
	copy_vector("sqlitetx", "tx");
	copy_vector("sqlitetx2", "tx2");
	char *u1 = arena_printf(a, "sqlite://file:%s/test.db?cache=shared&_fk=1", tmp);
	char *u2 = arena_printf(a, "sqlite://file:%s/test_2.db?cache=shared&_fk=1", tmp);
	char *out, *err;
	const char *first[] = { "migrate", "apply", "--dir", "file://tx", "--url", u1, "--tx-mode", mode, "2", NULL };
	cr_assert_eq(atlas(&out, &err, first), 0, "%s", err);
	cr_assert(strstr(out, "Migrating to version 20220925094021 (2 migrations in total):"), "%s", out);
	cr_assert_str_eq(query("test.db", "SELECT COUNT(*) FROM `friendships`"), "2\n");
	const char *rest[] = { "migrate", "apply", "--dir", "file://tx", "--url", u1, "--tx-mode", mode, NULL };
	cr_assert_eq(atlas(&out, &err, rest), 0, "%s", err);
	cr_assert_str_eq(query("test.db", "SELECT COUNT(*) FROM `friendships`"), "2\n");
	cr_assert_str_eq(query("test.db", "SELECT version, applied, total, error FROM atlas_schema_revisions "
				      "ORDER BY version"),
			 "20220925092817|1|1|\n20220925094021|3|3|\n20220925094437|6|6|\n");
	if (!strcmp(mode, "none"))
		return;
	/* A violation that exists before the run is not reported, only the
	 * new one the migration adds; the file is rolled back. */
	const char *f2[] = { "migrate", "apply", "--dir", "file://tx2", "--url", u2, "--tx-mode", mode, "2", NULL };
	cr_assert_eq(atlas(&out, &err, f2), 0, "%s", err);
	query("test_2.db", "PRAGMA foreign_keys = off; INSERT INTO `friendships` (`user_id`, `friend_id`) "
			   "VALUES (3,3); PRAGMA foreign_keys = on;");
	cr_assert_str_eq(query("test_2.db", "SELECT COUNT(*) FROM `friendships`"), "3\n");
	const char *r2[] = { "migrate", "apply", "--dir", "file://tx2", "--url", u2, "--tx-mode", mode, NULL };
	cr_assert_eq(atlas(&out, &err, r2), 1, "%s", out);
	cr_assert_str_eq(err, "Error: sql/sqlite: foreign key mismatch: [{tbl:friendships ref:users row:4 index:1}]\n");
	cr_assert_str_eq(query("test_2.db", "SELECT COUNT(*) FROM `friendships`"), "3\n");
	cr_assert_str_eq(query("test_2.db", "SELECT group_concat(version) FROM atlas_schema_revisions"),
			 "20220925092817,20220925094021\n");
}

Test(apply_sqlite, tx_mode_none_foreign_keys) { tx_mode_foreign_keys("none"); }
Test(apply_sqlite, tx_mode_file_foreign_keys) { tx_mode_foreign_keys("file"); }
Test(apply_sqlite, tx_mode_all_foreign_keys) { tx_mode_foreign_keys("all"); }

static void write_migrations(const char *const *files)
{
	cr_assert_eq(mkdir(arena_printf(a, "%s/migrations", tmp), 0755), 0);
	for (size_t i = 0; files[i]; i += 2) {
		FILE *f = fopen(arena_printf(a, "%s/migrations/%s", tmp, files[i]), "w");
		cr_assert(f);
		fputs(files[i + 1], f);
		fclose(f);
	}
	char *out, *err;
	const char *args[] = { "migrate", "hash", NULL };
	cr_assert_eq(atlas(&out, &err, args), 0, "%s", err);
}

Test(apply_sqlite, lock_file_taken_then_expired)
{
	static const char *const files[] = { "1_a.sql", "CREATE TABLE a (id int);\n", NULL };
	write_migrations(files);
	char *lock = arena_printf(a, "%s/atlas_migrate_execute.lock", tmp);
	FILE *f = fopen(lock, "w");
	cr_assert(f);
	fprintf(f, "%lld", (long long)(util_now_wall_ns() + 60LL * 1000000000LL));
	fclose(f);
	char *out, *err;
	const char *args[] = { "migrate", "apply", "--url", "sqlite://db.sqlite", NULL };
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(atlas(&out, &err, args), 1);
	cr_assert_lt(util_now_mono_ns() - t0, 3000 * 1000000LL, "a taken SQLite lock fails at once");
	cr_assert(!strncmp(err, "Error: acquiring database lock: sql/sqlite: lock on ", 52), "%s", err);
	cr_assert(strstr(err, "already taken\n"), "%s", err);
	cr_assert_eq(access(lock, F_OK), 0, "someone else's lock file must stay");

	/* an expired lock is taken over, and removed after the run */
	f = fopen(lock, "w");
	cr_assert(f);
	fprintf(f, "%lld", (long long)(util_now_wall_ns() - 1000000000LL));
	fclose(f);
	cr_assert_eq(atlas(&out, &err, args), 0, "%s", err);
	cr_assert(strstr(out, "Migrating to version 1 (1 migrations in total):"), "%s", out);
	cr_assert_neq(access(lock, F_OK), 0, "the lock file is removed by unlock");
}

Test(apply_sqlite, dry_run_writes_nothing)
{
	static const char *const files[] = {
		"1_a.sql", "CREATE TABLE a (id int);\n",
		"2_b.sql", "CREATE TRIGGER tr AFTER INSERT ON a BEGIN\n  UPDATE a SET id = 1;\nEND;\n",
		NULL,
	};
	write_migrations(files);
	char *out, *err;
	const char *dry[] = { "migrate", "apply", "--url", "sqlite://db.sqlite", "--dry-run", NULL };
	cr_assert_eq(atlas(&out, &err, dry), 0, "%s", err);
	/* the dry run splits with the generic options (BEGIN ... END off,
	 * upstream quirk §4.8): the trigger shows as two statements */
	cr_assert(strstr(out, "  -- 2 migrations\n  -- 3 sql statements\n"), "%s", out);
	cr_assert_str_eq(query("db.sqlite", "SELECT count(*) FROM sqlite_schema"), "0\n");
	const char *real[] = { "migrate", "apply", "--url", "sqlite://db.sqlite", NULL };
	cr_assert_eq(atlas(&out, &err, real), 0, "%s", err);
	cr_assert(strstr(out, "  -- 2 migrations\n  -- 2 sql statements\n"), "%s", out);
	cr_assert_str_eq(query("db.sqlite", "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type <> 'index' "
					    "ORDER BY name)"), "a,atlas_schema_revisions,tr\n");
}

/* Hash of the first statement of a file, as upstream stores it. */
static const char *first_stmt_hash(const char *text)
{
	struct migrate_stmt s = { .text = { text, strlen(text) } };
	return migrate_stmt_hashes(a, &s, 1)[0];
}

Test(apply_sqlite, continues_a_hand_written_upstream_history)
{
	static const char *const files[] = {
		"1_one.sql", "CREATE TABLE one (id int);\n",
		"2_two.sql", "CREATE TABLE two_a (id int);\nCREATE TABLE two_b (id int);\n",
		"3_three.sql", "CREATE TABLE three (id int);\n",
		NULL,
	};
	write_migrations(files);
	/* upstream's DDL (spec §5.2) and encodings (§5.4): executed_at TEXT in
	 * several accepted forms, partial_hashes as TEXT for row 2 (readers
	 * must accept it) and SQL NULL for the identifier row */
	char *setup_sql = arena_printf(a,
		"CREATE TABLE `atlas_schema_revisions` (`version` text NOT NULL, `description` text NOT NULL, "
		"`type` integer NOT NULL DEFAULT 2, `applied` integer NOT NULL DEFAULT 0, `total` integer NOT NULL DEFAULT 0, "
		"`executed_at` datetime NOT NULL, `execution_time` integer NOT NULL, `error` text NULL, `error_stmt` text NULL, "
		"`hash` text NOT NULL, `partial_hashes` json NULL, `operator_version` text NOT NULL, PRIMARY KEY (`version`));"
		"INSERT INTO atlas_schema_revisions VALUES "
		"('.atlas_cloud_identifier', 'b0a7c3e2-4f1d-4c59-8e2a-7d6b5a4c3b21', 2, 0, 0, '2025-03-01 11:00:00+00:00', 0, NULL, NULL, '', NULL, 'Atlas CLI v0.31.0'),"
		"('1', 'one', 2, 1, 1, '2025-03-01T12:00:00Z', 5000, '', '', 'h1', CAST('null' AS BLOB), 'Atlas CLI v0.31.0'),"
		"('2', 'two', 2, 1, 2, '2025-03-01 12:00:07.123456789+02:00', 7000, 'no such table: x', 'SELECT * FROM x;', 'h2', "
		"'[\"h1:%s\"]', 'Atlas CLI v0.31.0');"
		"CREATE TABLE one (id int); CREATE TABLE two_a (id int);",
		first_stmt_hash("CREATE TABLE two_a (id int);"));
	query("db.sqlite", setup_sql);

	char *out, *err;
	const char *status[] = { "migrate", "status", "--url", "sqlite://db.sqlite", NULL };
	cr_assert_eq(atlas(&out, &err, status), 0, "%s", err);
	cr_assert_str_eq(out,
		"Migration Status: PENDING\n"
		"  -- Current Version: 2 (1 statements applied)\n"
		"  -- Next Version:    2 (1 statements left)\n"
		"  -- Executed Files:  2 (last one partially)\n"
		"  -- Pending Files:   2\n"
		"\n"
		"Last migration attempt had errors:\n"
		"  -- SQL:   SELECT * FROM x;\n"
		"  -- ERROR: no such table: x\n");
	const char *apply[] = { "migrate", "apply", "--url", "sqlite://db.sqlite", NULL };
	cr_assert_eq(atlas(&out, &err, apply), 0, "%s", err);
	cr_assert(strstr(out, "Migrating to version 3 from 2 (2 migrations in total):\n\n"
			      "  -- migrating version 2\n    -> CREATE TABLE two_b (id int);\n"), "%s", out);
	cr_assert_str_eq(query("db.sqlite",
		"SELECT version, type, applied, total, executed_at, error, error_stmt, hash, "
		"CAST(partial_hashes AS TEXT), typeof(partial_hashes), operator_version LIKE 'atlas-c v%' "
		"FROM atlas_schema_revisions WHERE version <> '3' ORDER BY version"),
		".atlas_cloud_identifier|2|0|0|2025-03-01 11:00:00+00:00|NULL|NULL||NULL|null|0\n"
		"1|2|1|1|2025-03-01T12:00:00Z|||h1|null|blob|0\n"
		"2|2|2|2|2025-03-01 12:00:07.123456789+02:00|||h2|null|blob|1\n");
	cr_assert_str_eq(query("db.sqlite", "SELECT count(*) FROM sqlite_schema WHERE name IN ('two_b', 'three')"),
			 "2\n");
	cr_assert_eq(atlas(&out, &err, status), 0, "%s", err);
	cr_assert(!strncmp(out, "Migration Status: OK\n  -- Current Version: 3\n", 44), "%s", out);
}
