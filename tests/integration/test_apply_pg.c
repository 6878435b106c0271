/*
 * `migrate apply` against the harness's real PostgreSQL: what the
 * end-to-end cases (tests/cases/apply-pg-*) cannot express — two processes
 * racing for the advisory lock, a session holding it, SIGINT in the middle
 * of a run, the revision table's column definitions, the JSON report, a
 * password kept out of every output, and a large real directory
 * (hatchet, 82 files with `atlas:txmode none` files) applied completely.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pgtest.h"

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }
TestSuite(apply_pg, .init = setup, .fini = teardown, .timeout = 120);

/* A scratch project folder with migrations/ holding the given files
 * (name, content pairs, NULL-terminated) and their atlas.sum. */
static char *project(const char *const *files)
{
	char tmpl[] = "/tmp/atlas-apply-pg.XXXXXX";
	cr_assert(mkdtemp(tmpl));
	char *dir = arena_strdup(a, tmpl);
	cr_assert_eq(mkdir(arena_printf(a, "%s/migrations", dir), 0755), 0);
	for (size_t i = 0; files[i]; i += 2) {
		FILE *f = fopen(arena_printf(a, "%s/migrations/%s", dir, files[i]), "w");
		cr_assert(f);
		fputs(files[i + 1], f);
		fclose(f);
	}
	char *out, *err;
	const char *args[] = { "migrate", "hash", NULL };
	cr_assert_eq(pgtest_run_atlas(a, dir, args, &out, &err), 0, "hash: %s", err);
	return dir;
}

static void rmtree(const char *dir)
{
	char *cmd = arena_printf(a, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

struct proc {
	pid_t pid;
	char *outp;
	char *errp;
};

/* Starts the atlas binary in the background (stdout/stderr to files). */
static struct proc spawn(const char *dir, const char *const *args)
{
	struct proc p = { 0 };
	p.outp = arena_printf(a, "%s/.out.%d", dir, (int)util_now_mono_ns() % 100000);
	p.errp = arena_printf(a, "%s.err", p.outp);
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = arena_alloc(a, sizeof(char *) * (n + 2));
	argv[0] = (char *)getenv("ATLAS_BIN");
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	p.pid = fork();
	cr_assert(p.pid >= 0);
	if (p.pid == 0) {
		int fo = open(p.outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(p.errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fo < 0 || fe < 0 || chdir(dir) < 0)
			_exit(126);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return p;
}

static int reap(struct proc *p, char **out, char **err)
{
	int st = 0;
	cr_assert_eq(waitpid(p->pid, &st, 0), p->pid);
	size_t len;
	if (util_read_file(out, &len, a, p->outp) < 0)
		*out = "";
	if (util_read_file(err, &len, a, p->errp) < 0)
		*err = "";
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* A backend releases its session locks shortly after the client is gone:
 * poll for up to two seconds.  Only this test's database counts: tests
 * running in parallel on the same server hold their own locks. */
static char *advisory_locks_after_exit(const char *url)
{
	char *n = NULL;
	for (int i = 0; i < 80; i++) {
		n = pgtest_query(a, url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
				 "AND database = (SELECT oid FROM pg_database "
				 "WHERE datname = current_database())");
		if (!strcmp(n, "0\n"))
			break;
		sleep_ms(25);
	}
	return n;
}

Test(apply_pg, lock_held_by_another_session_times_out)
{
	char *url = pgtest_create_db(a, "applock");
	static const char *const files[] = { "1_a.sql", "CREATE TABLE a (id int);\n", NULL };
	char *dir = project(files);
	PGconn *holder = PQconnectdb(url);
	cr_assert_eq(PQstatus(holder), CONNECTION_OK);
	PGresult *r = PQexec(holder, "SELECT pg_advisory_lock(2686470616)");
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);

	const char *args[] = { "migrate", "apply", "--url", url, "--lock-timeout", "400ms", NULL };
	char *out, *err;
	int64_t t0 = util_now_mono_ns();
	int rc = pgtest_run_atlas(a, dir, args, &out, &err);
	int64_t took = util_now_mono_ns() - t0;
	cr_assert_eq(rc, 1);
	cr_assert_str_eq(out, "");
	cr_assert_str_eq(err, "Error: acquiring database lock: sql/schema: lock is held by other session\n");
	cr_assert_geq(took, 400 * 1000000LL, "gave up after %lld ns", (long long)took);
	cr_assert_lt(took, 5000 * 1000000LL);
	/* nothing was created: the lock comes before the revision table */
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_namespace WHERE nspname = 'atlas_schema_revisions'"),
			 "0\n");

	/* released: the same command now succeeds and leaves no lock behind */
	r = PQexec(holder, "SELECT pg_advisory_unlock(2686470616)");
	PQclear(r);
	cr_assert_eq(pgtest_run_atlas(a, dir, args, &out, &err), 0, "%s", err);
	cr_assert(strstr(out, "Migrating to version 1 (1 migrations in total):"), "%s", out);
	PQfinish(holder);
	cr_assert_str_eq(advisory_locks_after_exit(url), "0\n");
	rmtree(dir);
}

Test(apply_pg, two_processes_race_for_the_lock)
{
	char *url = pgtest_create_db(a, "apprace");
	static const char *const files[] = {
		"1_slow.sql", "SELECT pg_sleep(1);\nCREATE TABLE slow (id int);\n",
		"2_next.sql", "CREATE TABLE next (id int);\n",
		NULL,
	};
	char *dir = project(files);
	const char *args[] = { "migrate", "apply", "--url", url, NULL };
	struct proc p1 = spawn(dir, args);
	/* while the first run sleeps inside its migration, the lock is held on
	 * upstream's key */
	bool seen = false;
	for (int i = 0; i < 40 && !seen; i++) {
		sleep_ms(25);
		seen = !strcmp(pgtest_query(a, url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
						  "AND objid = 2686470616 AND granted AND database = (SELECT oid "
						  "FROM pg_database WHERE datname = current_database())"), "1\n");
	}
	cr_assert(seen, "advisory lock 2686470616 never seen in pg_locks");
	struct proc p2 = spawn(dir, args);
	char *o1, *e1, *o2, *e2;
	int rc1 = reap(&p1, &o1, &e1);
	int rc2 = reap(&p2, &o2, &e2);
	cr_assert_eq(rc1, 0, "%s", e1);
	cr_assert_eq(rc2, 0, "%s", e2);
	cr_assert(strstr(o1, "Migrating to version 2 (2 migrations in total):"), "%s", o1);
	/* the second waited for the first and found nothing left to do */
	cr_assert_str_eq(o2, "No migration files to execute\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT version, applied, total FROM "
				      "atlas_schema_revisions.atlas_schema_revisions ORDER BY version"),
			 "1|2|2\n2|1|1\n");
	rmtree(dir);
}

Test(apply_pg, interrupt_rolls_back_and_releases_the_lock)
{
	char *url = pgtest_create_db(a, "appint");
	static const char *const files[] = {
		"1_a.sql", "CREATE TABLE a (id int);\n",
		"2_b.sql", "CREATE TABLE b (id int);\nSELECT pg_sleep(0.8);\nCREATE TABLE c (id int);\n",
		NULL,
	};
	char *dir = project(files);
	const char *args[] = { "migrate", "apply", "--url", url, NULL };
	struct proc p = spawn(dir, args);
	bool sleeping = false;
	for (int i = 0; i < 80 && !sleeping; i++) {
		sleep_ms(25);
		sleeping = !strcmp(pgtest_query(a, url, "SELECT count(*) FROM pg_stat_activity WHERE query = "
						      "'SELECT pg_sleep(0.8);'"), "1\n");
	}
	cr_assert(sleeping, "the migration never reached its sleep");
	kill(p.pid, SIGINT);
	char *out, *err;
	int rc = reap(&p, &out, &err);
	cr_assert_eq(rc, 1, "out: %s err: %s", out, err);
	cr_assert(strstr(out, "interrupt received, wait for exit or ^C to terminate"), "%s", out);
	/* the running statement is cancelled (PQcancel), or the run stops
	 * before the next one */
	cr_assert(strstr(err, "pq: canceling statement due to user request (57014)") ||
		  strstr(err, "context canceled"), "%s", err);
	/* file 1 committed, file 2 (its own transaction) rolled back */
	cr_assert_str_eq(pgtest_query(a, url, "SELECT table_name FROM information_schema.tables "
				      "WHERE table_schema = 'public' ORDER BY 1"), "a\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT version FROM atlas_schema_revisions.atlas_schema_revisions"),
			 "1\n");
	cr_assert_str_eq(advisory_locks_after_exit(url), "0\n");
	rmtree(dir);
}

Test(apply_pg, revision_table_has_upstream_columns)
{
	char *url = pgtest_create_db(a, "appddl");
	static const char *const files[] = { "1_a.sql", "CREATE TABLE a (id int);\n", NULL };
	char *dir = project(files);
	const char *args[] = { "migrate", "apply", "--url", url, NULL };
	char *out, *err;
	cr_assert_eq(pgtest_run_atlas(a, dir, args, &out, &err), 0, "%s", err);
	cr_assert_str_eq(pgtest_query(a, url,
		"SELECT column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns "
		"WHERE table_schema = 'atlas_schema_revisions' AND table_name = 'atlas_schema_revisions' "
		"ORDER BY ordinal_position"),
		"version|character varying|NO|\n"
		"description|character varying|NO|\n"
		"type|bigint|NO|2\n"
		"applied|bigint|NO|0\n"
		"total|bigint|NO|0\n"
		"executed_at|timestamp with time zone|NO|\n"
		"execution_time|bigint|NO|\n"
		"error|text|YES|\n"
		"error_stmt|text|YES|\n"
		"hash|character varying|NO|\n"
		"partial_hashes|jsonb|YES|\n"
		"operator_version|character varying|NO|\n");
	cr_assert_str_eq(pgtest_query(a, url,
		"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
		"WHERE i.indrelid = 'atlas_schema_revisions.atlas_schema_revisions'::regclass AND i.indisprimary"),
		"version\n");
	/* jsonb null (not SQL NULL), '' errors, hash without h1:, execution
	 * time in nanoseconds of a recent write */
	cr_assert_str_eq(pgtest_query(a, url,
		"SELECT partial_hashes IS NOT NULL, partial_hashes::text, error, error_stmt, length(hash), "
		"hash NOT LIKE 'h1:%', execution_time BETWEEN 1 AND 60000000000, "
		"executed_at BETWEEN now() - interval '1 minute' AND now() "
		"FROM atlas_schema_revisions.atlas_schema_revisions"),
		"t|null|||44|t|t|t\n");
	rmtree(dir);
}

Test(apply_pg, json_report)
{
	char *url = pgtest_create_db(a, "appjson");
	static const char *const files[] = { "1_init.sql", "CREATE TABLE t (c int CHECK (c > 0));\n", NULL };
	char *dir = project(files);
	const char *args[] = { "migrate", "apply", "--url", url, "--format", "{{ json . }}", NULL };
	char *out, *err;
	cr_assert_eq(pgtest_run_atlas(a, dir, args, &out, &err), 0, "%s", err);
	cr_assert(!strncmp(out, "{\"Driver\":\"postgres\",\"URL\":{\"Scheme\":\"postgres\"", 47), "%s", out);
	cr_assert(strstr(out, "\"Dir\":\"file://migrations\",\"Pending\":[{\"Name\":\"1_init.sql\",\"Version\":\"1\","
			      "\"Description\":\"init\"}],\"Applied\":[{\"Name\":\"1_init.sql\""), "%s", out);
	cr_assert(strstr(out, "\"Applied\":[\"CREATE TABLE t (c int CHECK (c \\u003e 0));\"]"), "%s", out);
	cr_assert(strstr(out, "\"Target\":\"1\",\"Start\":\""), "%s", out);
	size_t n = strlen(out);
	static const char tail[] = "\"Message\":\"Migrated to version 1 from  (1 migrations in total)\"}";
	cr_assert(n > sizeof(tail) && !strcmp(out + n - (sizeof(tail) - 1), tail), "%s", out);
	cr_assert_neq(out[n - 1], '\n', "JSON report must not end with a newline");
	cr_assert_str_eq(err, "");

	/* with a custom format a failure prints no Error: line */
	static const char *const bad[] = { "1_init.sql", "CREATE TABLE t (c int CHECK (c > 0));\n",
					   "2_bad.sql", "SELEC 1;\n", NULL };
	char *dir2 = project(bad);
	cr_assert_eq(pgtest_run_atlas(a, dir2, args, &out, &err), 1);
	cr_assert_str_eq(err, "");
	cr_assert(strstr(out, "\"Error\":{\"Stmt\":\"SELEC 1;\",\"Text\":\"pq: syntax error at or near \\\"SELEC\\\" "
			      "at column 1 (42601)\"}"), "%s", out);
	cr_assert(strstr(out, "\"Error\":\"sql/migrate: executing statement \\\"SELEC 1;\\\" from version \\\"2\\\""),
		  "%s", out);
	rmtree(dir);
	rmtree(dir2);
}

Test(apply_pg, password_never_printed)
{
	char *url = pgtest_create_db(a, "apppw");
	const char *db = strrchr(url, '/') + 1;
	char *name = arena_strndup(a, db, strcspn(db, "?"));
	pgtest_query(a, url, arena_printf(a, "ALTER DATABASE %s OWNER TO pwuser; ALTER SCHEMA public OWNER TO pwuser", name));
	char *pw = pgtest_pw_url(a, name, "pw-secret-42");
	static const char *const files[] = { "1_a.sql", "CREATE TABLE a (id int);\n", "2_b.sql", "BROKEN;\n", NULL };
	char *dir = project(files);
	const char *text[] = { "migrate", "apply", "--url", pw, NULL };
	const char *json[] = { "migrate", "apply", "--url", pw, "--format", "{{ json . }}", NULL };
	const char *status[] = { "migrate", "status", "--url", pw, "--format", "{{ json . }}", NULL };
	const char *wrong[] = { "migrate", "apply", "--url", pgtest_pw_url(a, name, "not-the-pw-77"), NULL };
	const char *const *runs[] = { text, json, status, wrong };
	static const int want[] = { 1, 1, 0, 1 };
	for (size_t i = 0; i < ARRAY_LEN(runs); i++) {
		char *out, *err;
		int rc = pgtest_run_atlas(a, dir, runs[i], &out, &err);
		cr_assert_eq(rc, want[i], "run %zu: %s%s", i, out, err);
		cr_assert(!strstr(out, "pw-secret-42") && !strstr(err, "pw-secret-42"), "run %zu: %s%s", i, out, err);
		cr_assert(!strstr(out, "not-the-pw-77") && !strstr(err, "not-the-pw-77"), "run %zu: %s%s", i, out, err);
	}
	rmtree(dir);
}

Test(apply_pg, hatchet_applies_completely)
{
	char *url = pgtest_create_db(a, "apphatchet");
	char tmpl[] = "/tmp/atlas-hatchet.XXXXXX";
	cr_assert(mkdtemp(tmpl));
	const char *src = getenv("ATLAS_SRCDIR");
	cr_assert(src, "ATLAS_SRCDIR is not set");
	cr_assert_eq(system(arena_printf(a, "cp -R '%s/tests/vectors/realworld-dirs/dirs/hatchet-dev__hatchet__sql__migrations' '%s/migrations'", src, tmpl)), 0);
	const char *args[] = { "migrate", "apply", "--url", url, NULL };
	char *out, *err;
	int rc = pgtest_run_atlas(a, tmpl, args, &out, &err);
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert(strstr(out, "(82 migrations in total):"), "%.300s", out);
	cr_assert(strstr(out, "  -- 82 migrations\n"), "%s", out + (strlen(out) > 300 ? strlen(out) - 300 : 0));
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*), sum(applied) = sum(total), bool_and(error = ''), "
				      "bool_and(partial_hashes = 'null'::jsonb), bool_and(type = 2) "
				      "FROM atlas_schema_revisions.atlas_schema_revisions"),
			 "82|t|t|t|t\n");
	cr_assert_eq(pgtest_run_atlas(a, tmpl, args, &out, &err), 0, "%s", err);
	cr_assert_str_eq(out, "No migration files to execute\n");
	const char *st[] = { "migrate", "status", "--url", url, NULL };
	cr_assert_eq(pgtest_run_atlas(a, tmpl, st, &out, &err), 0, "%s", err);
	cr_assert(!strncmp(out, "Migration Status: OK\n", 21), "%s", out);
	cr_assert(strstr(out, "  -- Executed Files:  82\n"), "%s", out);
	rmtree(tmpl);
}

Test(apply_pg, status_json)
{
	char *url = pgtest_create_db(a, "appstjson");
	static const char *const files[] = { "1_a.sql", "CREATE TABLE a (id int);\n", NULL };
	char *dir = project(files);
	const char *st[] = { "migrate", "status", "--url", url, "--format", "{{ json . }}", NULL };
	char *out, *err;
	cr_assert_eq(pgtest_run_atlas(a, dir, st, &out, &err), 0, "%s", err);
	cr_assert(!strncmp(out, "{\"Env\":{\"Driver\":\"postgres\",\"URL\":{\"Scheme\":\"postgres\"", 52), "%s", out);
	static const char pending[] =
		"\"Dir\":\"file://migrations?format=atlas\"},"
		"\"Available\":[{\"Name\":\"1_a.sql\",\"Version\":\"1\",\"Description\":\"a\"}],"
		"\"Pending\":[{\"Name\":\"1_a.sql\",\"Version\":\"1\",\"Description\":\"a\"}],"
		"\"Current\":\"No migration applied yet\",\"Next\":\"1\",\"Status\":\"PENDING\"}";
	size_t n = strlen(out);
	cr_assert(n > sizeof(pending) && !strcmp(out + n - (sizeof(pending) - 1), pending), "%s", out);
	/* status creates nothing */
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_namespace WHERE nspname = 'atlas_schema_revisions'"),
			 "0\n");

	const char *ap[] = { "migrate", "apply", "--url", url, NULL };
	cr_assert_eq(pgtest_run_atlas(a, dir, ap, &out, &err), 0, "%s", err);
	cr_assert_eq(pgtest_run_atlas(a, dir, st, &out, &err), 0, "%s", err);
	cr_assert(strstr(out, "\"Applied\":[{\"Version\":\"1\",\"Description\":\"a\",\"Type\":\"applied\","
			      "\"Applied\":1,\"Total\":1,\"ExecutedAt\":\""), "%s", out);
	cr_assert(strstr(out, "\"OperatorVersion\":\"atlas-c v"), "%s", out);
	static const char ok[] = "\"Current\":\"1\",\"Next\":\"Already at latest version\",\"Status\":\"OK\"}";
	n = strlen(out);
	cr_assert(n > sizeof(ok) && !strcmp(out + n - (sizeof(ok) - 1), ok), "%s", out);
	rmtree(dir);
}

/* Durations (Go syntax) replaced by "D", so that two runs compare. */
static char *mask_durations(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p;) {
		const char *q = p;
		while ((*q >= '0' && *q <= '9') || *q == '.')
			q++;
		if (q > p && (p == s || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '_'))) {
			const char *u = q;
			while (*u == 'n' || *u == 's' || *u == 'm' || *u == 'h' || !strncmp(u, "\xc2\xb5", 2))
				u += *u == '\xc2' ? 2 : 1;
			if (u > q && !(*u >= 'a' && *u <= 'z')) {
				strbuf_addch(&sb, 'D');
				p = u;
				continue;
			}
		}
		if (q > p) {
			strbuf_add(&sb, p, (size_t)(q - p));
			p = q;
			continue;
		}
		strbuf_addch(&sb, *p++);
	}
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

struct batch_run {
	int rc;
	char *out, *err, *rows, *data;
};

/* Applies dir to a fresh database with ATLAS_TEST_EXEC_BATCH=batch. */
static struct batch_run batch_apply(const char *dir, const char *batch, const char *txmode)
{
	struct batch_run r;
	char *url = pgtest_create_db(a, "appbat");
	const char *args[] = { "migrate", "apply", "--url", url, "--tx-mode", txmode, NULL };
	cr_assert_eq(setenv("ATLAS_TEST_EXEC_BATCH", batch, 1), 0);
	r.rc = pgtest_run_atlas(a, dir, args, &r.out, &r.err);
	unsetenv("ATLAS_TEST_EXEC_BATCH");
	r.out = mask_durations(r.out);
	r.err = mask_durations(r.err);
	r.rows = pgtest_query(a, url, "SELECT version, type, applied, total, error, error_stmt, hash, "
			      "coalesce(partial_hashes::text, '~') FROM "
			      "atlas_schema_revisions.atlas_schema_revisions ORDER BY version");
	/* t is gone after a rollback in `all` mode */
	r.data = pgtest_query(a, url, "SELECT CASE WHEN to_regclass('t') IS NULL THEN '-' ELSE "
			      "(SELECT string_agg(x, '|') FROM unnest(xpath('/row/*/text()', "
			      "query_to_xml('SELECT count(*), sum(n) FROM t', false, true, ''))::text[]) x) END");
	return r;
}

/* Issue 9: statements pipelined in batches (exec_batch) give the output,
 * error text and revision rows of one round trip per statement, in every
 * tx mode, with the failure inside a batch, at a batch's first statement
 * and across batch boundaries (1,000 statements, batches of 256). */
Test(apply_pg, batched_statements_match_one_by_one)
{
	struct strbuf f2 = STRBUF_INIT, f3 = STRBUF_INIT;
	for (int i = 1; i <= 1000; i++) {
		if (i == 700)
			strbuf_addstr(&f2, "-- the failing one\nINSERT INTO t\n  VALUES (5);\n");
		else
			strbuf_addf(&f2, "INSERT INTO t VALUES (%d);\n", 1000 + i);
		strbuf_addf(&f3, "INSERT INTO t VALUES (%d);%s\n", 5000 + i, i % 100 ? "" : " ;");
	}
	const char *files[] = {
		"1_t.sql", "CREATE TABLE t (n int PRIMARY KEY);\nINSERT INTO t VALUES (5);\n",
		"2_big.sql", f2.buf,
		"3_more.sql", f3.buf,
		NULL,
	};
	char *dir = project(files);
	static const char *const modes[] = { "file", "all", "none" };
	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		struct batch_run one = batch_apply(dir, "1", modes[m]);
		cr_assert_eq(one.rc, 1, "%s: %s", modes[m], one.err);
		cr_assert(strstr(one.err, "pq: duplicate key value violates unique constraint \"t_pkey\""),
			  "%s", one.err);
		static const char *const sizes[] = { "0", "2", "255" };
		for (size_t s = 0; s < ARRAY_LEN(sizes); s++) {
			struct batch_run b = batch_apply(dir, sizes[s], modes[m]);
			cr_assert_eq(b.rc, one.rc, "%s/%s", modes[m], sizes[s]);
			cr_assert_str_eq(b.out, one.out, "%s/%s", modes[m], sizes[s]);
			cr_assert_str_eq(b.err, one.err, "%s/%s", modes[m], sizes[s]);
			cr_assert_str_eq(b.rows, one.rows, "%s/%s", modes[m], sizes[s]);
			cr_assert_str_eq(b.data, one.data, "%s/%s", modes[m], sizes[s]);
		}
	}
	/* without the failure every mode applies all 2,001 statements */
	char *p = strstr(f2.buf, "-- the failing one\nINSERT INTO t\n  VALUES (5);");
	cr_assert(p);
	memcpy(strstr(p, "(5)"), "(6)", 3);
	const char *fixed[] = { "1_t.sql", files[1], "2_big.sql", f2.buf, "3_more.sql", f3.buf, NULL };
	char *dir2 = project(fixed);
	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		struct batch_run one = batch_apply(dir2, "1", modes[m]);
		struct batch_run b = batch_apply(dir2, "0", modes[m]);
		cr_assert_eq(one.rc, 0, "%s", one.err);
		cr_assert_eq(b.rc, 0, "%s", b.err);
		cr_assert_str_eq(b.out, one.out);
		cr_assert_str_eq(b.data, one.data);
		cr_assert_str_eq(b.data, "2001|6999311\n", "%s", b.data);
		/* executed_at and execution_time differ by nature; the rest not */
		cr_assert_str_eq(b.rows, one.rows);
	}
	strbuf_release(&f2);
	strbuf_release(&f3);
	rmtree(dir);
	rmtree(dir2);
}

/* Issue 8: when the server closes the lock connection (here
 * pg_terminate_backend), the run stops before the next file with exit 1
 * and says why; the file that was running completes. */
Test(apply_pg, lost_lock_stops_before_the_next_file)
{
	char *url = pgtest_create_db(a, "applost");
	static const char *const files[] = {
		"1_a.sql", "CREATE TABLE a (id int);\nSELECT pg_sleep(1.2);\n",
		"2_b.sql", "CREATE TABLE b (id int);\n",
		NULL,
	};
	char *dir = project(files);
	const char *args[] = { "migrate", "apply", "--url", url, NULL };
	struct proc p = spawn(dir, args);
	bool sleeping = false;
	for (int i = 0; i < 80 && !sleeping; i++) {
		sleep_ms(25);
		sleeping = !strcmp(pgtest_query(a, url, "SELECT count(*) FROM pg_stat_activity WHERE query = "
						      "'SELECT pg_sleep(1.2);' AND datname = current_database()"),
				   "1\n");
	}
	cr_assert(sleeping, "the migration never reached its sleep");
	char *killed = NULL;
	for (int i = 0; i < 80; i++) {
		sleep_ms(25);
		killed = pgtest_query(a, url, "SELECT pg_terminate_backend(pid) FROM pg_locks "
				      "WHERE locktype = 'advisory' AND objid = 2686470616 AND granted "
				      "AND database = (SELECT oid FROM pg_database "
				      "WHERE datname = current_database())");
		if (!strcmp(killed, "t\n"))
			break;
	}
	cr_assert_str_eq(killed, "t\n", "the lock was never seen");
	char *out, *err;
	int rc = reap(&p, &out, &err);
	cr_assert_eq(rc, 1, "out: %s err: %s", out, err);
	cr_assert(!strncmp(err, "Error: lost the database lock: ", 31), "out: %s err: %s", out, err);
	cr_assert(strstr(out, "-- migrating version 1"), "%s", out);
	cr_assert(!strstr(out, "-- migrating version 2"), "%s", out);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT table_name FROM information_schema.tables "
				      "WHERE table_schema = 'public' ORDER BY 1"), "a\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT version FROM atlas_schema_revisions.atlas_schema_revisions"),
			 "1\n");
	rmtree(dir);
}

/* A project of n files `NNN_t.sql`, each creating table tNNN. */
static char *tables_project(int n)
{
	const char **files = arena_alloc(a, sizeof(char *) * (size_t)(2 * n + 1));
	for (int i = 0; i < n; i++) {
		files[2 * i] = arena_printf(a, "%03d_t.sql", i + 1);
		files[2 * i + 1] = arena_printf(a, "CREATE TABLE t%03d (id int);\n", i + 1);
	}
	files[2 * n] = NULL;
	return project(files);
}

/* The database name of a pgtest_create_db URL. */
static const char *db_of(const char *url)
{
	const char *db = strrchr(url, '/') + 1;
	return arena_strndup(a, db, strcspn(db, "?"));
}

/* This test's database's sessions so far (pg_stat_database.sessions, read
 * from another database so that reading adds none).  A backend's session
 * is counted by the time it has exited: poll until `at_least` is reached
 * (two seconds at most), then once more so that a late one shows. */
static long sessions(const char *db, long at_least)
{
	const char *sql = arena_printf(a, "SELECT sessions FROM pg_stat_database WHERE datname = '%s'", db);
	long n = -1;
	for (int i = 0; i < 80; i++) {
		n = strtol(pgtest_query(a, pgtest_admin_url(), sql), NULL, 10);
		if (n >= at_least)
			break;
		sleep_ms(25);
	}
	sleep_ms(150);
	return strtol(pgtest_query(a, pgtest_admin_url(), sql), NULL, 10);
}

/* Applies the project in dir to url and returns how many sessions the run
 * opened (the run's stdout in *out). */
static long apply_sessions(const char *dir, const char *url, const char *db, long expect, char **out)
{
	long before = sessions(db, 0);
	char *err;
	const char *args[] = { "migrate", "apply", "--url", url, NULL };
	int rc = pgtest_run_atlas(a, dir, args, out, &err);
	cr_assert_eq(rc, 0, "out: %s err: %s", *out, err);
	return sessions(db, before + expect) - before;
}

/* Issue 9 (W4): over a directory of more than 100 files, on a server on
 * this machine, the statement connection starts only when something needs
 * it: a no-op run opens one backend, a first deploy and a run with a new
 * file open two and apply everything.  Over a small directory both start
 * at once, whatever the run does. */
Test(apply_pg, statement_connection_only_when_needed)
{
	unsetenv("ATLAS_TEST_LAZY_FILES"); /* the default threshold is under test */
	char *dir = tables_project(120);
	char *url = pgtest_create_db(a, "applazy");
	const char *db = db_of(url);
	char *out;

	cr_assert_eq(apply_sessions(dir, url, db, 2, &out), 2, "first deploy: %s", out);
	cr_assert(strstr(out, "-- 120 migrations"), "%s", out);
	cr_assert_eq(apply_sessions(dir, url, db, 1, &out), 1, "no-op: %s", out);
	cr_assert_str_eq(out, "No migration files to execute\n");

	FILE *f = fopen(arena_printf(a, "%s/migrations/121_t.sql", dir), "w");
	cr_assert(f);
	fputs("CREATE TABLE t121 (id int);\n", f);
	fclose(f);
	char *err;
	const char *hash[] = { "migrate", "hash", NULL };
	cr_assert_eq(pgtest_run_atlas(a, dir, hash, &out, &err), 0, "hash: %s", err);
	cr_assert_eq(apply_sessions(dir, url, db, 2, &out), 2, "one new file: %s", out);
	cr_assert(strstr(out, "-- migrating version 121"), "%s", out);
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*), min(version), max(version) FROM "
				      "atlas_schema_revisions.atlas_schema_revisions"),
			 "121|001|121\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_class WHERE relname ~ '^t[0-9]{3}$'"),
			 "121\n");
	rmtree(dir);

	dir = tables_project(1);
	url = pgtest_create_db(a, "appeager");
	db = db_of(url);
	cr_assert_eq(apply_sessions(dir, url, db, 2, &out), 2, "small, first: %s", out);
	cr_assert_eq(apply_sessions(dir, url, db, 2, &out), 2, "small, no-op: %s", out);
	rmtree(dir);
}

/* The deferred statement connection failing when the files are about to
 * run (a role allowed one connection, which the lock session takes): the
 * run stops before anything is reported with open's error, as upstream's
 * connect would, applies nothing, and leaves no lock; with two
 * connections allowed it applies everything. */
Test(apply_pg, deferred_connection_refused_before_the_report)
{
	char *dir = tables_project(120);
	char *url = pgtest_create_db(a, "applimit");
	const char *db = db_of(url);
	pgtest_query(a, pgtest_admin_url(), "DROP ROLE IF EXISTS apply_limit_one");
	pgtest_query(a, pgtest_admin_url(), "CREATE ROLE apply_limit_one LOGIN CONNECTION LIMIT 1");
	pgtest_query(a, pgtest_admin_url(),
		     arena_printf(a, "ALTER DATABASE %s OWNER TO apply_limit_one", db));
	char *rurl = arena_printf(a, "postgres://apply_limit_one@%s:%s/%s?sslmode=disable",
				  getenv("ATLAS_TEST_PG_HOST"), getenv("ATLAS_TEST_PG_PORT"), db);
	char *out, *err;
	const char *args[] = { "migrate", "apply", "--url", rurl, NULL };
	int rc = pgtest_run_atlas(a, dir, args, &out, &err);
	cr_assert_eq(rc, 1, "out: %s err: %s", out, err);
	cr_assert_str_eq(out, "");
	cr_assert_str_eq(err, "Error: postgres: scanning system variables: pq: too many connections "
			      "for role \"apply_limit_one\"\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM "
				      "atlas_schema_revisions.atlas_schema_revisions"),
			 "0\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT count(*) FROM pg_class WHERE relname ~ '^t[0-9]{3}$'"),
			 "0\n");
	cr_assert_str_eq(advisory_locks_after_exit(url), "0\n");

	pgtest_query(a, pgtest_admin_url(), "ALTER ROLE apply_limit_one CONNECTION LIMIT 2");
	rc = pgtest_run_atlas(a, dir, args, &out, &err);
	cr_assert_eq(rc, 0, "out: %s err: %s", out, err);
	cr_assert(strstr(out, "-- 120 migrations"), "%s", out);
	pgtest_query(a, pgtest_admin_url(), arena_printf(a, "DROP DATABASE %s WITH (FORCE)", db));
	pgtest_query(a, pgtest_admin_url(), "DROP ROLE apply_limit_one");
	rmtree(dir);
}
