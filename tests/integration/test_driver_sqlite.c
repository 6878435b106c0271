/*
 * The SQLite back end on temporary files: DSN options, upstream's revision
 * table and value encodings (readers accepting every variant), the lock
 * file with its Adler-32 name and expiry, statement texts holding several
 * statements, the clean check, and foreign keys around transactions.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <unistd.h>

#include "driver/internal.h"

static struct arena *a;
static char tmpdir[64];

static void setup(void)
{
	a = arena_new();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/atlas-drv-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	setenv("TMPDIR", tmpdir, 1);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup of %s failed\n", tmpdir);
	unsetenv("TMPDIR");
	arena_free(a);
}
TestSuite(driver_sqlite, .init = setup, .fini = teardown, .timeout = 30);

static const char *first_error(const struct diags *d)
{
	return d->head ? d->head->summary : "(no diagnostic)";
}

static char *db_path(const char *name)
{
	return arena_printf(a, "%s/%s", tmpdir, name);
}

static struct driver *open_url(const char *url)
{
	struct diags d;
	struct db_url *u = arena_alloc(a, sizeof(*u));
	struct driver *drv = NULL;

	diags_init(&d, a);
	cr_assert_eq(driver_url_parse(u, a, url, &d), 0, "%s", first_error(&d));
	cr_assert_eq(driver_open(&drv, a, u, DRIVER_OPEN_LOCK, &d), 0, "open %s: %s", url,
		     first_error(&d));
	return drv;
}

static struct driver *open_rev(const char *url)
{
	struct diags d;
	struct driver *drv = open_url(url);
	bool exists;

	diags_init(&d, a);
	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0, "%s", first_error(&d));
	cr_assert(exists);
	return drv;
}

/* Rows of a query on a separate connection: columns '|', rows '\n'. */
static char *query(const char *file, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(sqlite3_open(file, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				strbuf_addch(&sb, '|');
			const unsigned char *t = sqlite3_column_text(st, i);
			strbuf_addstr(&sb, t ? (const char *)t : "NULL");
		}
		strbuf_addch(&sb, '\n');
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

static void exec_ok(struct driver *drv, const char *stmt)
{
	const char *msg = NULL;
	cr_assert_eq(drv->ops->exec(drv, stmt, strlen(stmt), &msg), 0, "%s: %s", stmt,
		     msg ? msg : "");
}

static const char *exec_err(struct driver *drv, const char *stmt)
{
	const char *msg = NULL;
	cr_assert_eq(drv->ops->exec(drv, stmt, strlen(stmt), &msg), -1, "%s succeeded", stmt);
	return msg;
}

Test(driver_sqlite, ddl_types_and_defaults)
{
	char *file = db_path("ddl.db");
	struct driver *drv = open_rev(arena_printf(a, "sqlite://%s", file));

	cr_assert_str_eq(drv->rev_schema, "main");
	/* table_info upper-cases the type names it knows; the DDL keeps the
	 * lower-case names Atlas compares. */
	cr_assert_str_eq(query(file, "SELECT sql FROM sqlite_master WHERE name = "
				     "'atlas_schema_revisions'"),
			 "CREATE TABLE `atlas_schema_revisions` (`version` text NOT NULL, "
			 "`description` text NOT NULL, `type` integer NOT NULL DEFAULT 2, "
			 "`applied` integer NOT NULL DEFAULT 0, `total` integer NOT NULL DEFAULT 0, "
			 "`executed_at` datetime NOT NULL, `execution_time` integer NOT NULL, "
			 "`error` text NULL, `error_stmt` text NULL, `hash` text NOT NULL, "
			 "`partial_hashes` json NULL, `operator_version` text NOT NULL, "
			 "PRIMARY KEY (`version`))\n");
	cr_assert_str_eq(query(file, "SELECT name, lower(type), \"notnull\", dflt_value, pk FROM "
				     "pragma_table_info('atlas_schema_revisions')"),
			 "version|text|1|NULL|1\n"
			 "description|text|1|NULL|0\n"
			 "type|integer|1|2|0\n"
			 "applied|integer|1|0|0\n"
			 "total|integer|1|0|0\n"
			 "executed_at|datetime|1|NULL|0\n"
			 "execution_time|integer|1|NULL|0\n"
			 "error|text|0|NULL|0\n"
			 "error_stmt|text|0|NULL|0\n"
			 "hash|text|1|NULL|0\n"
			 "partial_hashes|json|0|NULL|0\n"
			 "operator_version|text|1|NULL|0\n");
	driver_close(drv);
}

Test(driver_sqlite, separate_revision_schema_refused)
{
	struct driver *drv = open_url(arena_printf(a, "sqlite://%s", db_path("s.db")));
	struct diags d;
	diags_init(&d, a);

	cr_assert_eq(drv->ops->rev_locate(drv, "main", &d), 0);
	cr_assert_eq(drv->ops->rev_locate(drv, "public", &d), -1);
	cr_assert_str_eq(first_error(&d), "cannot store revisions-table in a separate schema "
					  "(\"public\") with SQLite driver");
	driver_close(drv);
}

Test(driver_sqlite, value_encodings_written_like_go_sqlite3)
{
	char *file = db_path("enc.db");
	struct driver *drv = open_rev(arena_printf(a, "sqlite://%s?_fk=1", file));
	struct diags d;
	diags_init(&d, a);

	const char *ph[] = { "h1:aaa=", "h1:bbb=" };
	struct revision r = {
		.version = "20250301120007",
		.description = "init",
		.type = REVISION_TYPE_EXECUTE,
		.applied = 2,
		.total = 3,
		.executed_at = { 1740830407LL * 1000000000 + 120000000, 3600 },
		.execution_time = 2500000,
		.error = "",
		.error_stmt = "",
		.hash = "BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=",
		.has_partial_hashes = true,
		.partial_hashes = ph,
		.npartial = 2,
		.operator_version = "atlas-c test",
	};
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), 0, "%s", first_error(&d));
	cr_assert_str_eq(query(file, "SELECT executed_at, typeof(partial_hashes), "
				     "CAST(partial_hashes AS TEXT), typeof(error), error, type, "
				     "execution_time FROM atlas_schema_revisions"),
			 "2025-03-01 13:00:07.12+01:00|blob|[\"h1:aaa=\",\"h1:bbb=\"]|text||2|"
			 "2500000\n");

	/* Complete: partial_hashes becomes the JSON null BLOB; executed_at and
	 * description are kept by the upsert. */
	struct revision r2 = r;
	r2.has_partial_hashes = false;
	r2.applied = 3;
	r2.description = "other";
	r2.executed_at.unix_ns += 1000000000;
	cr_assert_eq(drv->ops->rev_write(drv, &r2, &d), 0);
	cr_assert_str_eq(query(file, "SELECT description, applied, executed_at, "
				     "typeof(partial_hashes), CAST(partial_hashes AS TEXT) "
				     "FROM atlas_schema_revisions"),
			 "init|3|2025-03-01 13:00:07.12+01:00|blob|null\n");

	struct revision got;
	cr_assert_eq(drv->ops->rev_read(&got, a, drv, "20250301120007", &d), 0);
	cr_assert_eq(got.executed_at.unix_ns, r.executed_at.unix_ns);
	cr_assert_eq(got.executed_at.off_s, 3600);
	cr_assert(!got.has_partial_hashes);
	driver_close(drv);
}

Test(driver_sqlite, readers_accept_every_variant)
{
	char *file = db_path("read.db");
	struct driver *drv = open_rev(arena_printf(a, "sqlite://%s", file));
	struct diags d;
	diags_init(&d, a);

	query(file, "INSERT INTO atlas_schema_revisions VALUES "
		    "('.atlas_cloud_identifier', 'uuid', 2, 0, 0, '2025-03-01 12:00:07+00:00', 0, "
		    "NULL, NULL, '', NULL, 'Atlas CLI v0.30.0'), "
		    "('1', 'a', 2, 1, 1, '2025-03-01T12:00:07Z', 1, NULL, NULL, 'h', NULL, 'x'), "
		    "('2', 'b', 2, 1, 2, '2025-03-01 12:00:07', 1, '', '', 'h', '[\"h1:t\"]', 'x'), "
		    "('3', 'c', 2, 1, 2, '2025-03-01 12:00:07.5-02:00', 1, 'e', 's', 'h', "
		    "CAST('[\"h1:b\"]' AS BLOB), 'x'), "
		    "('4', 'd', 4, 0, 0, '2025-03-01 12:00:07+00:00', 0, '', '', 'h', 'null', 'x')");
	struct revision *rv;
	size_t n;
	cr_assert_eq(drv->ops->rev_read_all(&rv, &n, a, drv, &d), 0, "%s", first_error(&d));
	cr_assert_eq(n, 4);
	int64_t base = 1740830407LL * 1000000000;
	cr_assert_str_eq(rv[0].version, "1");
	cr_assert_eq(rv[0].executed_at.unix_ns, base);
	cr_assert_str_eq(rv[0].error, "");
	cr_assert(!rv[0].has_partial_hashes);
	cr_assert_eq(rv[1].executed_at.unix_ns, base);
	cr_assert(rv[1].has_partial_hashes);
	cr_assert_str_eq(rv[1].partial_hashes[0], "h1:t");
	cr_assert_eq(rv[2].executed_at.unix_ns, base + 2 * 3600 * 1000000000LL + 500000000);
	cr_assert_str_eq(rv[2].partial_hashes[0], "h1:b");
	cr_assert_str_eq(rv[2].error, "e");
	cr_assert(!rv[3].has_partial_hashes);
	cr_assert_eq(rv[3].type, REVISION_TYPE_RESOLVED);

	struct revision w = rv[0];
	w.version = REVISION_CLOUD_IDENTIFIER;
	cr_assert_eq(drv->ops->rev_write(drv, &w, &d), 0);
	cr_assert_eq(drv->ops->rev_delete(drv, REVISION_CLOUD_IDENTIFIER, &d), 0);
	cr_assert_eq(drv->ops->rev_delete(drv, "4", &d), 0);
	cr_assert_str_eq(query(file, "SELECT version, description, error IS NULL FROM "
				     "atlas_schema_revisions ORDER BY version"),
			 ".atlas_cloud_identifier|uuid|1\n1|a|1\n2|b|0\n3|c|0\n");
	driver_close(drv);
}

Test(driver_sqlite, lock_file_name_expiry_and_errors)
{
	char *file = db_path("lock.db");
	char *url = arena_printf(a, "sqlite://file:%s?_fk=1", file);
	struct driver *one = open_url(url);
	struct driver *two = open_url(url);
	struct diags d;
	diags_init(&d, a);

	char *lname = arena_printf(a, "atlas_migrate_execute_%x", 0u);
	char *lock = driver_sqlite_lock_path(a, one->url, DRIVER_LOCK_NAME);
	cr_assert(!strncmp(lock, tmpdir, strlen(tmpdir)), "%s", lock);
	lname = arena_strndup(a, strrchr(lock, '/') + 1, strlen(strrchr(lock, '/') + 1) - 5);
	cr_assert(!strncmp(lname, "atlas_migrate_execute_", 22), "%s", lname);

	int64_t before = driver_time_now().unix_ns;
	cr_assert_eq(one->ops->lock(one, DRIVER_LOCK_NAME, 10LL * 1000000000, &d), 0,
		     "%s", first_error(&d));
	char *content;
	size_t len;
	cr_assert_eq(util_read_file(&content, &len, a, lock), 0);
	long long exp = strtoll(content, NULL, 10);
	cr_assert(exp >= before + 10LL * 1000000000 && exp < before + 11LL * 1000000000,
		  "expiry %s", content);

	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), -1);
	cr_assert_str_eq(first_error(&d),
			 arena_printf(a, "sql/sqlite: lock on \"%s\" already taken", lname));

	cr_assert_eq(one->ops->unlock(one, DRIVER_LOCK_NAME, &d), 0);
	cr_assert_neq(access(lock, F_OK), 0);

	/* An expired lock is taken over. */
	FILE *f = fopen(lock, "w");
	fprintf(f, "%lld", (long long)(before - 1000000000));
	fclose(f);
	diags_init(&d, a);
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	cr_assert_eq(two->ops->unlock(two, DRIVER_LOCK_NAME, &d), 0);

	f = fopen(lock, "w");
	fprintf(f, "soon");
	fclose(f);
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), -1);
	cr_assert_str_eq(first_error(&d), "sql/sqlite: invalid lock file format: parsing "
					  "expiration date: strconv.ParseInt: parsing \"soon\": "
					  "invalid syntax");
	driver_close(one);
	driver_close(two);

	/* A plain path (no file: prefix) uses the bare name. */
	struct driver *plain = open_url(arena_printf(a, "sqlite://%s", file));
	cr_assert_str_eq(driver_sqlite_lock_path(a, plain->url, DRIVER_LOCK_NAME),
			 arena_printf(a, "%s/atlas_migrate_execute.lock", tmpdir));
	diags_init(&d, a);
	cr_assert_eq(plain->ops->lock(plain, DRIVER_LOCK_NAME, 0, &d), 0);
	/* close releases a still-held lock file */
	driver_close(plain);
	cr_assert_neq(access(arena_printf(a, "%s/atlas_migrate_execute.lock", tmpdir), F_OK), 0);
}

Test(driver_sqlite, several_statements_in_one_text_and_errors)
{
	char *file = db_path("exec.db");
	struct driver *drv = open_url(arena_printf(a, "sqlite://%s", file));

	exec_ok(drv, "CREATE TABLE t1 (a int UNIQUE); INSERT INTO t1 VALUES (1);\n"
		     "-- trailing comment\n");
	exec_ok(drv, "-- only a comment");
	exec_ok(drv, "");
	exec_ok(drv, "SELECT * FROM t1");
	cr_assert_str_eq(query(file, "SELECT a FROM t1"), "1\n");
	cr_assert_str_eq(exec_err(drv, "asdasd"), "near \"asdasd\": syntax error");
	cr_assert_str_eq(exec_err(drv, "INSERT INTO t1 VALUES (1)"), "UNIQUE constraint failed: t1.a");
	/* Statements before the failing one stay executed (autocommit). */
	cr_assert_str_eq(exec_err(drv, "INSERT INTO t1 VALUES (2); INSERT INTO t1 VALUES (2)"),
			 "UNIQUE constraint failed: t1.a");
	cr_assert_str_eq(query(file, "SELECT count(*) FROM t1"), "2\n");
	driver_close(drv);
}

Test(driver_sqlite, dsn_options)
{
	char *file = db_path("opt.db");
	struct driver *drv = open_url(arena_printf(a, "sqlite://%s?_fk=1&_journal_mode=WAL", file));
	struct diags d;
	diags_init(&d, a);

	exec_ok(drv, "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p)");
	cr_assert_str_eq(exec_err(drv, "INSERT INTO c VALUES (7)"), "FOREIGN KEY constraint failed");
	cr_assert_str_eq(query(file, "PRAGMA journal_mode"), "wal\n");
	driver_close(drv);

	/* In memory: nothing on disk. */
	cr_assert_eq(chdir(tmpdir), 0);
	drv = open_url("sqlite://memdb?mode=memory&cache=shared");
	exec_ok(drv, "CREATE TABLE x (id int)");
	cr_assert_neq(access("memdb", F_OK), 0);
	driver_close(drv);

	struct db_url u;
	struct driver *bad = NULL;
	cr_assert_eq(driver_url_parse(&u, a, "sqlite://x.db?_fk=maybe", &d), 0);
	cr_assert_eq(driver_open(&bad, a, &u, 0, &d), -1);
	cr_assert_str_eq(first_error(&d), "Invalid _foreign_keys: maybe");
	diags_init(&d, a);
	cr_assert_eq(driver_url_parse(&u, a, arena_printf(a, "sqlite://%s/no/such/dir/x.db", tmpdir),
				      &d), 0);
	cr_assert_eq(driver_open(&bad, a, &u, 0, &d), -1);
	cr_assert_str_eq(first_error(&d), "unable to open database file");
}

Test(driver_sqlite, clean_check)
{
	char *file = db_path("clean.db");
	struct driver *drv = open_url(arena_printf(a, "sqlite://%s", file));
	struct diags d;
	const char *reason;
	bool exists;
	diags_init(&d, a);

	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_null(reason);
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_null(reason);
	exec_ok(drv, "CREATE TABLE users (id int)");
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_str_eq(reason, "found multiple tables: 2");
	exec_ok(drv, "DROP TABLE atlas_schema_revisions");
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_str_eq(reason, "found table \"users\"");
	exec_ok(drv, arena_printf(a, "ATTACH DATABASE '%s' AS other", db_path("other.db")));
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), -1);
	cr_assert_str_eq(first_error(&d),
			 "sqlite: multiple database files are not supported by the driver. got: 2");
	driver_close(drv);
}

Test(driver_sqlite, foreign_keys_around_transactions)
{
	char *file = db_path("fk.db");
	struct driver *drv = open_url(arena_printf(a, "sqlite://%s?_fk=1", file));
	struct diags d;
	diags_init(&d, a);

	exec_ok(drv, "CREATE TABLE users (id integer PRIMARY KEY);"
		     "CREATE TABLE friendships (user_id integer REFERENCES users (id));"
		     "INSERT INTO users VALUES (1); INSERT INTO friendships VALUES (1)");

	/* Inside the transaction FKs are off: a table rebuild may break them
	 * temporarily, and a dangling reference is caught at COMMIT. */
	cr_assert_eq(drv->ops->begin(drv, &d), 0, "%s", first_error(&d));
	cr_assert(drv->ops->in_transaction(drv));
	exec_ok(drv, "INSERT INTO friendships VALUES (1), (1), (5)");
	cr_assert_eq(drv->ops->commit(drv, &d), -1);
	cr_assert_str_eq(first_error(&d), "sql/sqlite: foreign key mismatch: "
					  "[{tbl:friendships ref:users row:4 index:0}]");
	cr_assert(!drv->ops->in_transaction(drv));
	cr_assert_str_eq(query(file, "SELECT count(*) FROM friendships"), "1\n");
	cr_assert_str_eq(exec_err(drv, "INSERT INTO friendships VALUES (9)"),
			 "FOREIGN KEY constraint failed");

	/* Violations that existed before the transaction are not blamed on it. */
	exec_ok(drv, "PRAGMA foreign_keys = off; INSERT INTO friendships VALUES (8); "
		     "PRAGMA foreign_keys = on");
	diags_init(&d, a);
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	exec_ok(drv, "INSERT INTO users VALUES (2)");
	cr_assert_eq(drv->ops->commit(drv, &d), 0, "%s", first_error(&d));
	cr_assert_str_eq(query(file, "SELECT count(*) FROM users"), "2\n");

	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	exec_ok(drv, "INSERT INTO users VALUES (3)");
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	cr_assert_str_eq(query(file, "SELECT count(*) FROM users"), "2\n");
	cr_assert_str_eq(exec_err(drv, "INSERT INTO friendships VALUES (10)"),
			 "FOREIGN KEY constraint failed");
	cr_assert_eq(drv->ops->rollback(drv, &d), -1);
	cr_assert_str_eq(first_error(&d),
			 "sql: transaction has already been committed or rolled back");
	driver_close(drv);
}

Test(driver_sqlite, txlock_and_busy_timeout)
{
	char *file = db_path("busy.db");
	struct driver *one = open_url(arena_printf(a, "sqlite://%s?_txlock=immediate", file));
	struct driver *two = open_url(arena_printf(a, "sqlite://%s?_busy_timeout=150", file));
	struct diags d;
	diags_init(&d, a);

	exec_ok(one, "CREATE TABLE t (id int)");
	/* BEGIN IMMEDIATE takes the write lock before any statement runs. */
	cr_assert_eq(one->ops->begin(one, &d), 0, "%s", first_error(&d));
	int64_t t0 = util_now_mono_ns();
	cr_assert_str_eq(exec_err(two, "INSERT INTO t VALUES (1)"), "database is locked");
	int64_t waited = util_now_mono_ns() - t0;
	cr_assert(waited >= 140000000LL && waited < 2000000000LL, "waited %lld ns", (long long)waited);
	cr_assert_eq(one->ops->commit(one, &d), 0, "%s", first_error(&d));
	exec_ok(two, "INSERT INTO t VALUES (1)");

	struct db_url u;
	struct driver *bad = NULL;
	cr_assert_eq(driver_url_parse(&u, a, "sqlite://x.db?_txlock=eager", &d), 0);
	cr_assert_eq(driver_open(&bad, a, &u, 0, &d), -1);
	cr_assert_str_eq(first_error(&d), "Invalid _txlock: eager");
	driver_close(one);
	driver_close(two);
}
