/*
 * The PostgreSQL back end against the harness's real server: upstream's
 * revision-table DDL (checked through information_schema), upsert
 * semantics, the cloud-identifier row, the advisory lock, lib/pq-style
 * error texts with positions, clean and ambiguity checks, transactions,
 * and connection errors that never show a password.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "driver/internal.h"
#include "pgtest.h"

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }
TestSuite(driver_pg, .init = setup, .fini = teardown, .timeout = 60);

static const char *first_error(const struct diags *d)
{
	return d->head ? d->head->summary : "(no diagnostic)";
}

static struct driver *open_url(const char *url, unsigned flags)
{
	struct diags d;
	struct db_url *u = arena_alloc(a, sizeof(*u));
	struct driver *drv = NULL;

	diags_init(&d, a);
	cr_assert_eq(driver_url_parse(u, a, url, &d), 0, "%s", first_error(&d));
	cr_assert_eq(driver_open(&drv, a, u, flags, &d), 0, "open: %s", first_error(&d));
	return drv;
}

static struct driver *open_rev(const char *url, const char *schema_flag)
{
	struct diags d;
	struct driver *drv = open_url(url, DRIVER_OPEN_LOCK);
	bool exists;

	diags_init(&d, a);
	cr_assert_eq(drv->ops->rev_locate(drv, schema_flag, &d), 0);
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0, "%s", first_error(&d));
	cr_assert(exists);
	return drv;
}

static char *with_param(const char *url, const char *param)
{
	return arena_printf(a, "%s%c%s", url, strchr(url, '?') ? '&' : '?', param);
}

static const char *exec_err(struct driver *drv, const char *stmt)
{
	const char *msg = NULL;

	cr_assert_eq(drv->ops->exec(drv, stmt, strlen(stmt), &msg), -1, "%s succeeded", stmt);
	cr_assert_not_null(msg);
	return msg;
}

static void exec_ok(struct driver *drv, const char *stmt)
{
	const char *msg = NULL;

	cr_assert_eq(drv->ops->exec(drv, stmt, strlen(stmt), &msg), 0, "%s: %s", stmt,
		     msg ? msg : "");
}

static const char *const expected_columns =
	"version|character varying|NO|NULL\n"
	"description|character varying|NO|NULL\n"
	"type|bigint|NO|2\n"
	"applied|bigint|NO|0\n"
	"total|bigint|NO|0\n"
	"executed_at|timestamp with time zone|NO|NULL\n"
	"execution_time|bigint|NO|NULL\n"
	"error|text|YES|NULL\n"
	"error_stmt|text|YES|NULL\n"
	"hash|character varying|NO|NULL\n"
	"partial_hashes|jsonb|YES|NULL\n"
	"operator_version|character varying|NO|NULL\n";

static char *columns_of(const char *url, const char *schema)
{
	return pgtest_query(
		a, url,
		arena_printf(a,
			     "SELECT column_name, data_type, is_nullable, column_default, "
			     "character_maximum_length FROM information_schema.columns "
			     "WHERE table_schema = '%s' AND table_name = 'atlas_schema_revisions' "
			     "ORDER BY ordinal_position",
			     schema));
}

/* Drops the trailing "|NULL" of character_maximum_length (must be NULL). */
static char *strip_len(char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (char *line = s; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = (size_t)(nl - line);
		cr_assert(n > 5 && !strncmp(line + n - 5, "|NULL", 5), "length set: %.*s", (int)n,
			  line);
		strbuf_add(&sb, line, n - 5);
		strbuf_addch(&sb, '\n');
		line = nl + 1;
	}
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

Test(driver_pg, ddl_matches_upstream_types_in_default_schema)
{
	char *url = pgtest_create_db(a, "drvddl");
	struct driver *drv = open_rev(url, "");

	cr_assert_str_eq(drv->rev_schema, "atlas_schema_revisions");
	cr_assert_str_eq(strip_len(columns_of(url, "atlas_schema_revisions")), expected_columns);
	cr_assert_str_eq(
		pgtest_query(a, url,
			     "SELECT kcu.column_name FROM information_schema.table_constraints tc "
			     "JOIN information_schema.key_column_usage kcu USING (constraint_schema, "
			     "constraint_name) WHERE tc.table_name = 'atlas_schema_revisions' "
			     "AND tc.constraint_type = 'PRIMARY KEY'"),
		"version\n");

	/* A second ensure finds the table and changes nothing. */
	struct diags d;
	bool exists = false;
	diags_init(&d, a);
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0);
	cr_assert(exists);
	driver_close(drv);
}

/* A revision table written by an older tool, lacking the last two
 * columns, in a new schema. */
static void create_old_revision_table(const char *url, const char *schema)
{
	pgtest_query(a, url, arena_printf(a, "CREATE SCHEMA %s", schema));
	pgtest_query(a, url,
		     arena_printf(a,
				  "CREATE TABLE %s.atlas_schema_revisions (version character varying "
				  "NOT NULL PRIMARY KEY, description character varying NOT NULL, type "
				  "bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, total "
				  "bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL, "
				  "execution_time bigint NOT NULL, error text NULL, error_stmt text "
				  "NULL, hash character varying NOT NULL)",
				  schema));
}

Test(driver_pg, ddl_in_connected_schema_and_missing_columns_added)
{
	char *url = pgtest_create_db(a, "drvddl2");
	create_old_revision_table(url, "app");
	struct driver *drv = open_rev(with_param(url, "search_path=app"), "");

	cr_assert_str_eq(drv->rev_schema, "app");
	cr_assert_str_eq(strip_len(columns_of(url, "app")), expected_columns);
	driver_close(drv);

	/* status does not create anything. */
	char *url2 = pgtest_create_db(a, "drvddl3");
	struct diags d;
	bool exists = true;
	drv = open_url(url2, 0);
	diags_init(&d, a);
	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->rev_ensure(drv, false, &exists, &d), 0);
	cr_assert(!exists);
	cr_assert_str_eq(pgtest_query(a, url2, "SELECT count(*) FROM pg_namespace WHERE "
					       "nspname = 'atlas_schema_revisions'"),
			 "0\n");
	driver_close(drv);
}

static struct revision rev(const char *version, const char *desc, int64_t applied, int64_t total)
{
	struct revision r = {
		.version = version,
		.description = desc,
		.type = REVISION_TYPE_EXECUTE,
		.applied = applied,
		.total = total,
		.executed_at = { 1740830407LL * 1000000000 + 123456789, 3600 },
		.execution_time = 1500,
		.error = "",
		.error_stmt = "",
		.hash = "BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=",
		.operator_version = "atlas-c test",
	};
	return r;
}

Test(driver_pg, upsert_keeps_description_and_executed_at)
{
	char *url = pgtest_create_db(a, "drvups");
	struct driver *drv = open_rev(url, "");
	struct diags d;
	diags_init(&d, a);

	struct revision r = rev("20240101000000", "init", 0, 2);
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), 0, "%s", first_error(&d));
	cr_assert_str_eq(
		pgtest_query(a, url,
			     "SELECT version, description, type, applied, total, "
			     "extract(epoch FROM executed_at)::numeric(20,6), execution_time, "
			     "error, error_stmt, hash, partial_hashes IS NULL, partial_hashes::text, "
			     "operator_version FROM atlas_schema_revisions.atlas_schema_revisions"),
		"20240101000000|init|2|0|2|1740830407.123457|1500|||"
		"BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=|f|null|atlas-c test\n");

	const char *ph[] = { "h1:BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=" };
	struct revision r2 = rev("20240101000000", "changed", 1, 2);
	r2.executed_at.unix_ns += 3600LL * 1000000000;
	r2.has_partial_hashes = true;
	r2.partial_hashes = ph;
	r2.npartial = 1;
	r2.error = "pq: boom (42601)";
	r2.error_stmt = "SELEC 1;";
	r2.execution_time = 42;
	cr_assert_eq(drv->ops->rev_write(drv, &r2, &d), 0, "%s", first_error(&d));
	cr_assert_str_eq(
		pgtest_query(a, url,
			     "SELECT description, applied, extract(epoch FROM executed_at)::numeric(20,6), "
			     "execution_time, error, error_stmt, partial_hashes::text "
			     "FROM atlas_schema_revisions.atlas_schema_revisions"),
		"init|1|1740830407.123457|42|pq: boom (42601)|SELEC 1;|"
		"[\"h1:BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=\"]\n");

	struct revision got;
	cr_assert_eq(drv->ops->rev_read(&got, a, drv, "20240101000000", &d), 0);
	cr_assert_str_eq(got.description, "init");
	cr_assert_eq(got.applied, 1);
	cr_assert_eq(got.total, 2);
	cr_assert_eq(got.type, 2);
	cr_assert_eq(got.executed_at.unix_ns, 1740830407LL * 1000000000 + 123457000);
	cr_assert(got.has_partial_hashes);
	cr_assert_eq(got.npartial, 1);
	cr_assert_str_eq(got.partial_hashes[0], ph[0]);
	cr_assert_str_eq(got.error_stmt, "SELEC 1;");
	cr_assert_eq(drv->ops->rev_read(&got, a, drv, "nope", &d), DRIVER_NOT_FOUND);

	cr_assert_eq(drv->ops->rev_delete(drv, "20240101000000", &d), 0);
	cr_assert_eq(drv->ops->rev_read(&got, a, drv, "20240101000000", &d), DRIVER_NOT_FOUND);
	driver_close(drv);
}

Test(driver_pg, cloud_identifier_row_is_not_a_revision)
{
	char *url = pgtest_create_db(a, "drvcloud");
	struct driver *drv = open_rev(url, "");
	struct diags d;
	diags_init(&d, a);

	pgtest_query(a, url,
		     "INSERT INTO atlas_schema_revisions.atlas_schema_revisions (version, "
		     "description, type, applied, total, executed_at, execution_time, error, "
		     "error_stmt, hash, partial_hashes, operator_version) VALUES "
		     "('.atlas_cloud_identifier', '6e0b4bd4-0000-4000-8000-000000000000', 2, 0, 0, "
		     "now(), 0, NULL, NULL, '', NULL, 'Atlas CLI v0.30.0'), "
		     "('2', 'two', 2, 1, 1, '2025-03-01 12:00:07+00', 7, NULL, NULL, 'h', 'null', 'x'), "
		     "('1', 'one', 1, 0, 0, '2025-03-01 12:00:07+00', 0, '', '', '', 'null', 'x')");
	struct revision *rv;
	size_t n;
	cr_assert_eq(drv->ops->rev_read_all(&rv, &n, a, drv, &d), 0, "%s", first_error(&d));
	cr_assert_eq(n, 2);
	cr_assert_str_eq(rv[0].version, "1");
	cr_assert_eq(rv[0].type, REVISION_TYPE_BASELINE);
	cr_assert_str_eq(rv[1].version, "2");
	cr_assert_str_eq(rv[1].error, "");
	cr_assert(!rv[1].has_partial_hashes);
	cr_assert_eq(rv[1].executed_at.unix_ns, 1740830407LL * 1000000000);

	struct revision got;
	cr_assert_eq(drv->ops->rev_read(&got, a, drv, REVISION_CLOUD_IDENTIFIER, &d),
		     DRIVER_NOT_FOUND);
	struct revision w = rev(REVISION_CLOUD_IDENTIFIER, "x", 5, 5);
	cr_assert_eq(drv->ops->rev_write(drv, &w, &d), 0);
	cr_assert_eq(drv->ops->rev_delete(drv, REVISION_CLOUD_IDENTIFIER, &d), 0);
	cr_assert_str_eq(pgtest_query(a, url,
				      "SELECT description, applied, error IS NULL, partial_hashes IS NULL "
				      "FROM atlas_schema_revisions.atlas_schema_revisions "
				      "WHERE version = '.atlas_cloud_identifier'"),
			 "6e0b4bd4-0000-4000-8000-000000000000|0|t|t\n");
	driver_close(drv);
}

/* migrate apply's order: the revision table located first, so that the
 * first lock attempt carries rev_ensure's probe and the clean check. */
Test(driver_pg, located_lock_between_two_drivers)
{
	char *url = pgtest_create_db(a, "drvlocklate");
	struct driver *one = open_url(url, DRIVER_OPEN_LOCK);
	struct driver *two = open_url(url, DRIVER_OPEN_LOCK);
	struct diags d;
	bool exists;
	const char *reason = "unset";
	diags_init(&d, a);
	cr_assert_eq(one->ops->rev_locate(one, "", &d), 0);
	cr_assert_eq(two->ops->rev_locate(two, "", &d), 0);

	cr_assert_eq(one->ops->lock(one, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), -1);
	cr_assert_str_eq(first_error(&d), "sql/schema: lock is held by other session");
	/* The loser's pipeline is drained: its lock connection still works. */
	diags_init(&d, a);
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 200 * 1000000LL, &d), -1);
	cr_assert(util_now_mono_ns() - t0 >= 200 * 1000000LL);

	/* The winner: probe answered with the lock (no table yet), table
	 * created, the prefetched clean check used. */
	diags_init(&d, a);
	cr_assert_eq(one->ops->rev_ensure(one, true, &exists, &d), 0, "%s", first_error(&d));
	cr_assert(exists);
	cr_assert_eq(one->ops->is_clean(&reason, a, one, &d), 0, "%s", first_error(&d));
	cr_assert_null(reason, "%s", reason);
	cr_assert_eq(one->ops->unlock(one, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));

	/* The second run now finds the table through its own probe. */
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	cr_assert_eq(two->ops->rev_ensure(two, true, &exists, &d), 0, "%s", first_error(&d));
	cr_assert(exists);
	struct revision *rv;
	size_t n = 99;
	cr_assert_eq(two->ops->rev_read_all(&rv, &n, a, two, &d), 0, "%s", first_error(&d));
	cr_assert_eq(n, 0);
	/* Unlocked with the clean check never collected. */
	cr_assert_eq(two->ops->unlock(two, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));
	cr_assert_eq(one->ops->lock(one, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	cr_assert_eq(one->ops->unlock(one, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));
	driver_close(two);
	driver_close(one);
}

/* Backends connected to url's database, counted from another database
 * once it is `want` (those of closed connections exit a little later) or
 * after two seconds. */
static char *backends_of(const char *url, const char *want)
{
	const char *db = strrchr(url, '/') + 1;
	const char *sql = arena_printf(a, "SELECT count(*) FROM pg_stat_activity WHERE datname = '%.*s'",
				       (int)strcspn(db, "?"), db);
	char *n = NULL;
	for (int i = 0; i < 80; i++) {
		n = pgtest_query(a, pgtest_admin_url(), sql);
		if (!strcmp(n, want))
			break;
		struct timespec ts = { 0, 25000000L };
		nanosleep(&ts, NULL);
	}
	return n;
}

/* A located first lock attempt's reads (lock_pipelined: the planning read
 * and TABLE_OK_SQL) give rev_ensure the answer COLS_SQL gives: a table
 * lacking columns gets them, a view by the name is no revision table;
 * with both connections and with the statement one deferred
 * (DRIVER_OPEN_LAZY), which none of it starts. */
Test(driver_pg, located_lock_reads_check_the_table)
{
	static const unsigned modes[2] = { DRIVER_OPEN_LOCK, DRIVER_OPEN_LOCK | DRIVER_OPEN_LAZY };
	for (int m = 0; m < 2; m++) {
		char *url = pgtest_create_db(a, "drvtabok");
		create_old_revision_table(url, "atlas_schema_revisions");
		struct driver *drv = open_url(url, modes[m]);
		struct diags d;
		bool exists = false;
		diags_init(&d, a);
		cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
		cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
		struct revision *rv;
		size_t n = 99;
		cr_assert_eq(drv->ops->rev_read_plan(&rv, &n, a, drv, &d), 0, "%s", first_error(&d));
		cr_assert_eq(n, 0);
		cr_assert_str_eq(backends_of(url, m ? "1\n" : "2\n"), m ? "1\n" : "2\n");
		cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0, "%s", first_error(&d));
		cr_assert(exists);
		cr_assert_str_eq(strip_len(columns_of(url, "atlas_schema_revisions")), expected_columns);
		cr_assert_eq(drv->ops->unlock(drv, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));
		driver_close(drv);

		/* every column there: nothing to add, nothing started */
		drv = open_url(url, modes[m]);
		cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
		cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
		cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0, "%s", first_error(&d));
		cr_assert(exists);
		cr_assert_str_eq(backends_of(url, m ? "1\n" : "2\n"), m ? "1\n" : "2\n");
		cr_assert_eq(drv->ops->unlock(drv, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));
		driver_close(drv);

		char *url2 = pgtest_create_db(a, "drvtabview");
		pgtest_query(a, url2, "CREATE SCHEMA atlas_schema_revisions");
		pgtest_query(a, url2,
			     "CREATE VIEW atlas_schema_revisions.atlas_schema_revisions AS SELECT "
			     "''::varchar AS version, ''::varchar AS description, 2::bigint AS type, "
			     "0::bigint AS applied, 0::bigint AS total, now() AS executed_at, "
			     "0::bigint AS execution_time, ''::text AS error, ''::text AS error_stmt, "
			     "''::varchar AS hash, NULL::jsonb AS partial_hashes, "
			     "''::varchar AS operator_version WHERE false");
		drv = open_url(url2, modes[m]);
		diags_init(&d, a);
		cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
		cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
		cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), -1);
		cr_assert_str_eq(first_error(&d),
				 "pq: relation \"atlas_schema_revisions\" already exists (42P07)");
		driver_close(drv);
	}
}

Test(driver_pg, lock_between_two_drivers)
{
	char *url = pgtest_create_db(a, "drvlock");
	struct driver *one = open_url(url, DRIVER_OPEN_LOCK);
	struct driver *two = open_url(url, DRIVER_OPEN_LOCK);
	struct diags d;
	diags_init(&d, a);

	cr_assert_eq(one->ops->lock(one, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	/* Tests run in parallel, each in its own database: look at ours. */
	cr_assert_str_eq(pgtest_query(a, url,
				      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
				      "AND objid = 2686470616 AND classid = 0 AND granted AND database = "
				      "(SELECT oid FROM pg_database WHERE datname = current_database())"),
			 "1\n");

	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 300 * 1000000LL, &d), -1);
	int64_t waited = util_now_mono_ns() - t0;
	cr_assert_str_eq(first_error(&d), "sql/schema: lock is held by other session");
	cr_assert(waited >= 300 * 1000000LL, "gave up after %lld ns", (long long)waited);
	cr_assert(waited < 3000 * 1000000LL, "waited %lld ns", (long long)waited);

	/* The lock lives on its own connection: DISCARD ALL on the statement
	 * connection does not drop it. */
	exec_ok(one, "DISCARD ALL");
	diags_init(&d, a);
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), -1);

	diags_init(&d, a);
	cr_assert_eq(one->ops->unlock(one, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));
	cr_assert_eq(two->ops->lock(two, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	/* Unlocking a lock this session does not hold. */
	cr_assert_eq(one->ops->unlock(one, DRIVER_LOCK_NAME, &d), -1);
	cr_assert_str_eq(first_error(&d), "sql/postgres: failed releasing lock 2686470616");
	driver_close(two);
	driver_close(one);
}

Test(driver_pg, lock_held_by_a_foreign_session)
{
	char *url = pgtest_create_db(a, "drvlock2");
	PGconn *other = PQconnectdb(url);
	cr_assert_eq(PQstatus(other), CONNECTION_OK);
	PGresult *res = PQexec(other, "SELECT pg_advisory_lock(2686470616)");
	cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	PQclear(res);

	struct driver *drv = open_url(url, DRIVER_OPEN_LOCK);
	struct diags d;
	diags_init(&d, a);
	cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 50 * 1000000LL, &d), -1);
	cr_assert_str_eq(first_error(&d), "sql/schema: lock is held by other session");

	res = PQexec(other, "SELECT pg_advisory_unlock(2686470616)");
	PQclear(res);
	diags_init(&d, a);
	cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	PQfinish(other);
	driver_close(drv);
}

Test(driver_pg, error_text_like_lib_pq)
{
	char *url = pgtest_create_db(a, "drverr");
	struct driver *drv = open_url(url, 0);

	cr_assert_str_eq(exec_err(drv, "SELEC 1"),
			 "pq: syntax error at or near \"SELEC\" at column 1 (42601)");
	cr_assert_str_eq(exec_err(drv, "CREATE TABLE t (\n  id int,\n  x nope\n)"),
			 "pq: type \"nope\" does not exist at position 3:5 (42704)");
	cr_assert_str_eq(exec_err(drv, "SELECT 'é', nope"),
			 "pq: column \"nope\" does not exist at column 13 (42703)");
	cr_assert_str_eq(exec_err(drv, "SELECT 1/0"), "pq: division by zero (22012)");
	/* Empty and comment-only texts succeed, like lib/pq's simple query. */
	exec_ok(drv, "");
	exec_ok(drv, "-- nothing here");
	/* Not NUL-terminated at len: only the first statement runs. */
	const char *two = "CREATE TABLE a (x int);CREATE TABLE b (x int);";
	const char *msg = NULL;
	cr_assert_eq(drv->ops->exec(drv, two, 23, &msg), 0);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT string_agg(tablename, ',') FROM pg_tables "
					      "WHERE schemaname = 'public'"),
			 "a\n");
	driver_close(drv);
}

Test(driver_pg, transactions_and_aborted_writes)
{
	char *url = pgtest_create_db(a, "drvtx");
	struct driver *drv = open_rev(url, "");
	struct diags d;
	diags_init(&d, a);

	cr_assert(!drv->ops->in_transaction(drv));
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert(drv->ops->in_transaction(drv));
	exec_ok(drv, "CREATE TABLE t (id int)");
	struct revision r = rev("1", "one", 0, 1);
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), 0);
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	cr_assert(!drv->ops->in_transaction(drv));
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"),
			 "0\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM "
					      "atlas_schema_revisions.atlas_schema_revisions"),
			 "0\n");

	/* After a failed statement the revision write fails like upstream's. */
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	exec_err(drv, "SELEC 1");
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), -1);
	cr_assert_str_eq(first_error(&d), "pq: current transaction is aborted, commands ignored "
					  "until end of transaction block (25P02)");
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);

	diags_init(&d, a);
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	exec_ok(drv, "CREATE TABLE t (id int)");
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), 0);
	cr_assert_eq(drv->ops->commit(drv, &d), 0);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"),
			 "1\n");
	cr_assert_eq(drv->ops->commit(drv, &d), -1);
	cr_assert_str_eq(first_error(&d), "sql: transaction has already been committed or rolled back");
	driver_close(drv);
}

Test(driver_pg, clean_check_realm_and_schema)
{
	char *url = pgtest_create_db(a, "drvclean");
	struct driver *drv = open_url(url, 0);
	struct diags d;
	const char *reason;
	bool exists;
	diags_init(&d, a);

	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_null(reason);
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_null(reason, "%s", reason);
	pgtest_query(a, url, "CREATE TABLE public.users (id int)");
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_str_eq(reason, "found schema \"public\"");
	pgtest_query(a, url, "DROP TABLE public.users; CREATE TABLE atlas_schema_revisions.x (id int)");
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_str_eq(reason, "found 2 tables in schema \"atlas_schema_revisions\"");
	driver_close(drv);

	/* A connected schema that does not exist is an inspection error. */
	drv = open_url(with_param(url, "search_path=app"), 0);
	cr_assert_eq(drv->ops->rev_locate(drv, "atlas_schema_revisions", &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), -1);
	cr_assert_str_eq(first_error(&d), "postgres: schema \"app\" was not found");
	driver_close(drv);
	diags_init(&d, a);

	pgtest_query(a, url, "CREATE SCHEMA app");
	drv = open_url(with_param(url, "search_path=app"), 0);
	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_null(reason);
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_null(reason);
	/* The migration's statements land in the connected schema. */
	exec_ok(drv, "CREATE TABLE accounts (id int)");
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_str_eq(reason, "found table \"accounts\" in schema \"app\"");
	driver_close(drv);
}

/*
 * The clean check a locked run sends ahead on the lock connection (before
 * the revision table exists) must say what the check says afterwards on
 * the statement connection.  One database per scenario: `setup` runs
 * first, then a locked driver locates, ensures (create or, as a dry run,
 * not) and checks; `after` runs on the statement connection before the
 * check (the prefetched answer is then stale).  A second, unlocked driver
 * gives the reference answer.
 */
static void clean_same(const char *name, const char *param, const char *schema_flag,
		       const char *setup, bool create, const char *after)
{
	char *url = pgtest_create_db(a, name);
	if (setup)
		pgtest_query(a, url, setup);
	if (param)
		url = with_param(url, param);
	struct diags d;
	diags_init(&d, a);
	struct driver *drv = open_url(url, DRIVER_OPEN_LOCK);
	bool exists;
	const char *got = NULL, *want = NULL;
	cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d), 0, "%s", first_error(&d));
	cr_assert_eq(drv->ops->rev_locate(drv, schema_flag, &d), 0);
	int grc = drv->ops->rev_ensure(drv, create, &exists, &d);
	cr_assert_eq(grc, 0, "%s: %s", name, first_error(&d));
	if (after)
		exec_ok(drv, after);
	grc = drv->ops->is_clean(&got, a, drv, &d);

	struct diags rd;
	diags_init(&rd, a);
	struct driver *ref = open_url(url, 0);
	cr_assert_eq(ref->ops->rev_locate(ref, schema_flag, &rd), 0);
	int wrc = ref->ops->is_clean(&want, a, ref, &rd);
	driver_close(ref);
	cr_assert_eq(grc, wrc, "%s: %d vs %d", name, grc, wrc);
	if (grc < 0)
		cr_assert_str_eq(first_error(&d), first_error(&rd), "%s", name);
	else if (!want)
		cr_assert_null(got, "%s: %s", name, got);
	else
		cr_assert(got && !strcmp(got, want), "%s: got %s, want %s", name,
			  got ? got : "(clean)", want);
	cr_assert_eq(drv->ops->unlock(drv, DRIVER_LOCK_NAME, &d), 0, "%s", first_error(&d));
	driver_close(drv);
}

Test(driver_pg, prefetched_clean_check_agrees)
{
	clean_same("cpfresh", NULL, "", NULL, true, NULL);
	clean_same("cppublic", NULL, "", "CREATE TABLE public.users (id int)", true, NULL);
	clean_same("cpother", NULL, "", "CREATE SCHEMA app", true, NULL);
	clean_same("cpemptyrev", NULL, "", "CREATE SCHEMA atlas_schema_revisions", true, NULL);
	clean_same("cprevplus", NULL, "",
		   "CREATE SCHEMA atlas_schema_revisions; "
		   "CREATE TABLE atlas_schema_revisions.aaa (id int)", true, NULL);
	clean_same("cprevflag", NULL, "public", NULL, true, NULL);
	clean_same("cprevflagdirty", NULL, "public", "CREATE TABLE public.zzz (id int)", true,
		   NULL);
	clean_same("cpdry", NULL, "", "CREATE SCHEMA atlas_schema_revisions", false, NULL);
	clean_same("cpstale", NULL, "", NULL, true, "CREATE TABLE public.late (id int)");
	clean_same("cpapp", "search_path=app", "", "CREATE SCHEMA app", true, NULL);
	clean_same("cpappnew", "search_path=app", "", NULL, true, NULL);
	clean_same("cpappz", "search_path=app", "", "CREATE SCHEMA app; CREATE TABLE app.zzz (id int)",
		   true, NULL);
	clean_same("cpappa", "search_path=app", "", "CREATE SCHEMA app; CREATE TABLE app.aaa (id int)",
		   true, NULL);
	clean_same("cpappsep", "search_path=app", "atlas_schema_revisions",
		   "CREATE SCHEMA app; CREATE TABLE app.t (id int)", true, NULL);
	clean_same("cpappmissing", "search_path=app", "atlas_schema_revisions", NULL, true, NULL);
}

Test(driver_pg, ambiguous_revision_table)
{
	char *url = pgtest_create_db(a, "drvamb");
	struct driver *drv = open_rev(url, "");
	driver_close(drv);

	struct diags d;
	diags_init(&d, a);
	drv = open_url(with_param(url, "search_path=public"), 0);
	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->rev_check_ambiguous(drv, &d), DRIVER_AMBIGUOUS);
	cr_assert_eq(drv->ops->rev_locate(drv, "public", &d), 0);
	cr_assert_eq(drv->ops->rev_check_ambiguous(drv, &d), 0);
	driver_close(drv);
}

Test(driver_pg, wrong_password_never_shown)
{
	char *url = pgtest_create_db(a, "drvpw");
	const char *db = strrchr(url, '/') + 1;
	char *name = arena_strndup(a, db, strcspn(db, "?"));
	struct diags d;
	struct db_url u;
	struct driver *drv = NULL;

	diags_init(&d, a);
	cr_assert_eq(driver_url_parse(&u, a, pgtest_pw_url(a, name, "wr0ng-S3cret-77"), &d), 0);
	cr_assert_eq(driver_open(&drv, a, &u, DRIVER_OPEN_LOCK, &d), -1);
	cr_assert_str_eq(first_error(&d), "postgres: scanning system variables: pq: password "
					  "authentication failed for user \"pwuser\" (28P01)");
	cr_assert_null(strstr(first_error(&d), "wr0ng"));
	cr_assert_str_eq(driver_url_redacted(a, &u),
			 arena_printf(a, "postgres://pwuser:xxxxx@%s:%s/%s?sslmode=disable",
				      getenv("ATLAS_TEST_PG_HOST"), getenv("ATLAS_TEST_PG_PORT"),
				      name));

	drv = open_url(pgtest_pw_url(a, name, "pw-secret-42"), DRIVER_OPEN_LOCK);
	exec_ok(drv, "SELECT 1");
	driver_close(drv);

	/* Unreachable server: libpq's first line, no password either. */
	diags_init(&d, a);
	cr_assert_eq(driver_url_parse(&u, a, "postgres://u:hunter22@127.0.0.1:1/db?sslmode=disable",
				      &d), 0);
	cr_assert_eq(driver_open(&drv, a, &u, 0, &d), -1);
	cr_assert(!strncmp(first_error(&d), "postgres: scanning system variables: ", 37),
		  "%s", first_error(&d));
	cr_assert_null(strchr(first_error(&d), '\n'));
	cr_assert_null(strstr(first_error(&d), "hunter22"));
}

Test(driver_pg, unknown_query_keys_become_session_parameters)
{
	char *url = pgtest_create_db(a, "drvopt");
	struct driver *drv = open_url(with_param(url, "application_name=atlas-c-test&"
						      "statement_timeout=1234&search_path=x,public"),
				      0);
	struct diags d;
	diags_init(&d, a);
	cr_assert_str_eq(drv->url->schema, "x,public");
	exec_ok(drv, "DO $$ BEGIN IF current_setting('statement_timeout') <> '1234ms' OR "
		     "current_setting('search_path') <> 'x,public' OR "
		     "current_setting('application_name') <> 'atlas-c-test' OR "
		     "current_setting('DateStyle') <> 'ISO, MDY' OR "
		     "current_setting('extra_float_digits') <> '2' THEN "
		     "RAISE 'settings not applied'; END IF; END $$");
	driver_close(drv);
}

Test(driver_pg, connect_timeout_is_enforced_on_async_connects)
{
	/* A listener that never answers the startup packet. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);

	struct diags d;
	struct db_url u;
	struct driver *drv = NULL;
	diags_init(&d, a);
	char *url = arena_printf(a, "postgres://u:pw@127.0.0.1:%d/db?sslmode=disable&connect_timeout=2",
				 ntohs(sa.sin_port));
	cr_assert_eq(driver_url_parse(&u, a, url, &d), 0);
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(driver_open(&drv, a, &u, DRIVER_OPEN_LOCK, &d), -1);
	int64_t took = util_now_mono_ns() - t0;
	cr_assert_str_eq(first_error(&d), "postgres: scanning system variables: timeout expired");
	cr_assert(took >= 1900000000LL && took < 5000000000LL, "took %lld ns", (long long)took);
	close(fd);
}

Test(driver_pg, copy_to_stdout_is_drained)
{
	char *url = pgtest_create_db(a, "drvcopy");
	struct driver *drv = open_url(url, 0);

	exec_ok(drv, "COPY (SELECT g FROM generate_series(1, 1000) g) TO STDOUT");
	exec_ok(drv, "SELECT 1");
	cr_assert_str_eq(exec_err(drv, "COPY (SELECT 1/0) TO STDOUT"), "pq: division by zero (22012)");
	exec_ok(drv, "SELECT 1");
	driver_close(drv);
}

static struct str S(const char *s)
{
	return (struct str){ s, strlen(s) };
}

Test(driver_pg, batch_in_transaction_matches_exec)
{
	char *url = pgtest_create_db(a, "drvbatch");
	struct driver *drv = open_url(url, 0);
	struct diags d;
	size_t nok = 99;
	const char *msg = NULL;
	diags_init(&d, a);

	exec_ok(drv, "CREATE TABLE t (id int PRIMARY KEY)");
	struct str st[] = {
		S("INSERT INTO t VALUES (1);"),
		S("INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);"), /* alone */
		S("SAVEPOINT s1;"),                                      /* alone */
		S("INSERT INTO t VALUES (4);"),
		S("INSERT INTO t VALUES (5);"),
		S("CREATE TABLE x (\n  id int,\n  y nope\n);"),
		S("INSERT INTO t VALUES (6);"),
	};
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_eq(drv->ops->exec_batch(drv, st, ARRAY_LEN(st), &nok, &msg), -1);
	cr_assert_eq(nok, 5);
	cr_assert_str_eq(msg, "pq: type \"nope\" does not exist at position 3:5 (42704)");
	/* Later statements were skipped; the transaction is aborted as after
	 * a sequential failure. */
	struct revision r = { .version = "1", .description = "d", .hash = "", .error = "",
			      .error_stmt = "", .operator_version = "" };
	struct diags wd;
	diags_init(&wd, a);
	bool exists;
	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->rev_write(drv, &r, &wd), -1);
	cr_assert_str_eq(first_error(&wd), "pq: current transaction is aborted, commands ignored "
					   "until end of transaction block (25P02)");
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM t"), "0\n");

	/* Success: everything applied, connection usable afterwards. */
	st[5] = S("CREATE TABLE x (\n  id int\n);");
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_eq(drv->ops->exec_batch(drv, st, ARRAY_LEN(st), &nok, &msg), 0);
	cr_assert_eq(nok, ARRAY_LEN(st));
	cr_assert_eq(drv->ops->rev_ensure(drv, true, &exists, &d), 0, "%s", first_error(&d));
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), 0, "%s", first_error(&d));
	cr_assert_eq(drv->ops->commit(drv, &d), 0, "%s", first_error(&d));
	cr_assert_str_eq(pgtest_query(a, url, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t"),
			 "1,2,3,4,5,6\n");

	/* Outside a transaction: a loop of exec, earlier statements stay. */
	struct str st2[] = { S("INSERT INTO t VALUES (7);"), S("INSERT INTO t VALUES (7);"),
			     S("INSERT INTO t VALUES (8);") };
	cr_assert_eq(drv->ops->exec_batch(drv, st2, 3, &nok, &msg), -1);
	cr_assert_eq(nok, 1);
	cr_assert_str_eq(msg, "pq: duplicate key value violates unique constraint \"t_pkey\" (23505)");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM t"), "7\n");
	driver_close(drv);
}

Test(driver_pg, batch_pipelines_many_and_large_statements)
{
	char *url = pgtest_create_db(a, "drvbatch2");
	struct driver *drv = open_url(url, 0);
	struct diags d;
	size_t nok;
	const char *msg = NULL;
	diags_init(&d, a);

	exec_ok(drv, "CREATE TABLE t (id int, pad text)");
	size_t n = 10000;
	struct str *st = arena_alloc(a, n * sizeof(*st));
	for (size_t i = 0; i < n; i++) {
		char *s = arena_printf(a, "INSERT INTO t (id) VALUES (%zu);", i);
		st[i] = S(s);
	}
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_eq(drv->ops->exec_batch(drv, st, n, &nok, &msg), 0, "%s", msg);
	cr_assert_eq(drv->ops->commit(drv, &d), 0);
	int64_t piped = util_now_mono_ns() - t0;

	t0 = util_now_mono_ns();
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	for (size_t i = 0; i < n; i++)
		exec_ok(drv, st[i].p);
	cr_assert_eq(drv->ops->commit(drv, &d), 0);
	int64_t seq = util_now_mono_ns() - t0;
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*), count(DISTINCT id) FROM t"),
			 "20000|10000\n");
	cr_log_info("10000 inserts: pipelined %.1f ms, one by one %.1f ms", piped / 1e6, seq / 1e6);
	cr_assert(piped < seq, "pipelined %lld ns, sequential %lld ns", (long long)piped,
		  (long long)seq);

	/* Statements larger than the socket buffers, and rows coming back. */
	size_t big = 300000, m = 40;
	char *pad = arena_alloc(a, big + 1);
	memset(pad, 'x', big);
	struct str *bs = arena_alloc(a, m * sizeof(*bs));
	for (size_t i = 0; i < m; i++)
		bs[i] = S(i % 2 ? arena_printf(a, "INSERT INTO t VALUES (-1, '%s');", pad)
				: "SELECT g FROM generate_series(1, 20000) g;");
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_eq(drv->ops->exec_batch(drv, bs, m, &nok, &msg), 0, "%s", msg);
	cr_assert_eq(drv->ops->commit(drv, &d), 0);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*), sum(length(pad)) FROM t WHERE id = -1"),
			 arena_printf(a, "%zu|%zu\n", m / 2, m / 2 * big));
	driver_close(drv);
}

Test(driver_pg, lock_connection_terminated_is_noticed)
{
	char *url = pgtest_create_db(a, "drvlost");
	struct driver *drv = open_url(url, DRIVER_OPEN_LOCK);
	struct diags d;
	diags_init(&d, a);

	cr_assert_eq(drv->ops->lock_check(drv, &d), 0);
	cr_assert_eq(drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d), 0);
	cr_assert_eq(drv->ops->lock_check(drv, &d), 0);
	pgtest_query(a, url,
		     "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
		     "AND objid = 2686470616 AND database = "
		     "(SELECT oid FROM pg_database WHERE datname = current_database())");
	int rc = 0;
	for (int i = 0; i < 100 && rc == 0; i++) {
		rc = drv->ops->lock_check(drv, &d);
		if (!rc) {
			struct timespec ts = { 0, 10000000 };
			nanosleep(&ts, NULL);
		}
	}
	cr_assert_eq(rc, -1);
	cr_assert(!strncmp(first_error(&d), "lost the database lock: ", 24), "%s", first_error(&d));
	/* The statement connection still works. */
	exec_ok(drv, "SELECT 1");
	driver_close(drv);
}

Test(driver_pg, begin_travels_with_the_next_query)
{
	char *url = pgtest_create_db(a, "drvlazy");
	struct driver *drv = open_rev(url, "");
	struct diags d;
	struct revision got;
	diags_init(&d, a);

	/* An empty transaction commits and rolls back cleanly. */
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert(drv->ops->in_transaction(drv));
	cr_assert_eq(drv->ops->commit(drv, &d), 0);
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	cr_assert(!drv->ops->in_transaction(drv));

	/* First query a read, then a multi-command text: both inside it. */
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_eq(drv->ops->rev_read(&got, a, drv, "1", &d), DRIVER_NOT_FOUND);
	exec_ok(drv, "CREATE TABLE a (id int); CREATE TABLE b (id int);");
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
			 "0\n");

	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	exec_ok(drv, "CREATE TABLE a (id int); CREATE TABLE b (id int);");
	exec_ok(drv, "CREATE TABLE c (id int)");
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
			 "0\n");

	/* A first statement that fails reports its own error, in the tx. */
	cr_assert_eq(drv->ops->begin(drv, &d), 0);
	cr_assert_str_eq(exec_err(drv, "CREATE TABLE x (\n  y nope\n)"),
			 "pq: type \"nope\" does not exist at position 2:5 (42704)");
	cr_assert_str_eq(exec_err(drv, "SELECT 1"), "pq: current transaction is aborted, commands "
						    "ignored until end of transaction block (25P02)");
	cr_assert_eq(drv->ops->rollback(drv, &d), 0);
	exec_ok(drv, "SELECT 1");
	driver_close(drv);
}

Test(driver_pg, clean_check_sees_only_what_the_role_sees)
{
	char *url = pgtest_create_db(a, "drvpriv");
	const char *db = strrchr(url, '/') + 1;
	char *name = arena_strndup(a, db, strcspn(db, "?"));
	struct diags d;
	const char *reason = "unset";
	diags_init(&d, a);

	/* Like information_schema.tables, which Atlas inspects. */
	pgtest_query(a, url, "CREATE TABLE public.secret (id int)");
	struct driver *drv = open_url(pgtest_pw_url(a, name, "pw-secret-42"), 0);
	cr_assert_eq(drv->ops->rev_locate(drv, "", &d), 0);
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0, "%s", first_error(&d));
	cr_assert_null(reason, "%s", reason);
	pgtest_query(a, url, "GRANT SELECT ON public.secret TO pwuser");
	cr_assert_eq(drv->ops->is_clean(&reason, a, drv, &d), 0);
	cr_assert_str_eq(reason, "found schema \"public\"");
	driver_close(drv);
}

Test(driver_pg, terminated_statement_session_gives_clear_errors)
{
	char *url = pgtest_create_db(a, "drvterm");
	struct driver *drv = open_rev(url, "");
	struct diags d;
	diags_init(&d, a);

	/* The session ends itself, as pg_terminate_backend from elsewhere. */
	cr_assert_str_eq(exec_err(drv, "SELECT pg_terminate_backend(pg_backend_pid())"),
			 "pq: terminating connection due to administrator command (57P01)");
	const char *again = exec_err(drv, "SELECT 1");
	cr_assert(again[0] && !strchr(again, '\n'), "%s", again);
	struct revision r = { .version = "1", .description = "d", .hash = "", .error = "",
			      .error_stmt = "", .operator_version = "" };
	cr_assert_eq(drv->ops->rev_write(drv, &r, &d), -1);
	cr_assert(first_error(&d)[0] && !strchr(first_error(&d), '\n'), "%s", first_error(&d));
	driver_close(drv);
}
