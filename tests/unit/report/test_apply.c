#include <criterion/criterion.h>

#include "report/report.h"

/* 2025-03-01T12:00:00Z in Unix nanoseconds. */
#define BASE (INT64_C(1740830400) * 1000000000)

static struct arena *arena;

static void setup(void)
{
	arena = arena_new();
}

static void teardown(void)
{
	arena_free(arena);
}

static struct report_time at(int64_t ns)
{
	return report_time_at(BASE + ns, 0);
}

#define STMT(r, lit) report_apply_stmt(r, lit, sizeof(lit) - 1)

typedef void (*scenario_fn)(struct report_apply *r);

/* Renders a scenario the default way (record, render at the end). */
static char *render(scenario_fn fn, bool colour)
{
	struct report_apply r;
	struct report_env env = { "postgres", NULL, "file://migrations" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	char *out;

	report_apply_init(&r, arena, &env, at(0));
	fn(&r);
	report_apply_text(f, &r, colour);
	fclose(f);
	out = arena_strndup(arena, buf, len);
	free(buf);
	return out;
}

/* Renders a scenario streamed: lines while events arrive, tail at the end. */
static char *render_streamed(scenario_fn fn, bool colour)
{
	struct report_apply r;
	struct report_env env = { "postgres", NULL, "file://migrations" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	char *out;

	report_apply_init(&r, arena, &env, at(0));
	report_apply_stream(&r, f, colour);
	fn(&r);
	report_apply_text(f, &r, colour);
	fclose(f);
	out = arena_strndup(arena, buf, len);
	free(buf);
	return out;
}

static char *json(scenario_fn fn, const struct report_env *env)
{
	struct report_apply r;
	struct strbuf sb = STRBUF_INIT;
	char *out;

	report_apply_init(&r, arena, env, at(5000000));
	fn(&r);
	report_apply_json(&sb, &r);
	out = strbuf_arena(&sb, arena);
	strbuf_release(&sb);
	return out;
}

static const struct report_file pg_files[] = {
	{ "20250301120100_users.sql", "20250301120100", "users", false },
	{ "20250301120200_posts.sql", "20250301120200", "posts", false },
	{ "20250301120300_name.sql", "20250301120300", "name", false },
};

/* §6.3 first example: durations 4.812915ms, 6.0071ms, 1.90255ms, total
 * 15.407122ms. */
static void pg_success(struct report_apply *r)
{
	int64_t t = 15407122 - (4812915 + 6007100 + 1902550);

	report_apply_intro(r, "", pg_files, 3);
	report_apply_file(r, &pg_files[0], 0, at(t));
	STMT(r, "CREATE TABLE \"users\" (\"id\" bigint NOT NULL, PRIMARY KEY (\"id\"));");
	t += 4812915;
	report_apply_file(r, &pg_files[1], 0, at(t));
	STMT(r, "CREATE TABLE \"posts\" (\n  \"id\" bigint NOT NULL,\n  \"user_id\" bigint NOT NULL\n);");
	STMT(r, "CREATE INDEX \"posts_user_id\" ON \"posts\" (\"user_id\");");
	t += 6007100;
	report_apply_file(r, &pg_files[2], 0, at(t));
	STMT(r, "ALTER TABLE \"users\" ADD COLUMN \"name\" text NULL;");
	t += 1902550;
	report_apply_done(r, at(t));
}

static const char pg_success_text[] =
	"Migrating to version 20250301120300 (3 migrations in total):\n"
	"\n"
	"  -- migrating version 20250301120100\n"
	"    -> CREATE TABLE \"users\" (\"id\" bigint NOT NULL, PRIMARY KEY (\"id\"));\n"
	"  -- ok (4.812915ms)\n"
	"\n"
	"  -- migrating version 20250301120200\n"
	"    -> CREATE TABLE \"posts\" (\n"
	"         \"id\" bigint NOT NULL,\n"
	"         \"user_id\" bigint NOT NULL\n"
	"       );\n"
	"    -> CREATE INDEX \"posts_user_id\" ON \"posts\" (\"user_id\");\n"
	"  -- ok (6.0071ms)\n"
	"\n"
	"  -- migrating version 20250301120300\n"
	"    -> ALTER TABLE \"users\" ADD COLUMN \"name\" text NULL;\n"
	"  -- ok (1.90255ms)\n"
	"\n"
	"  -------------------------\n"
	"  -- 15.407122ms\n"
	"  -- 3 migrations\n"
	"  -- 4 sql statements\n";

Test(report_apply, pg_success, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(pg_success, false), pg_success_text);
	cr_assert_str_eq(render_streamed(pg_success, false), pg_success_text);
}

static const struct report_file sqlite_files[] = {
	{ "2_pets.sql", "2", "pets", false },
	{ "3_broken.sql", "3", "broken", false },
};

/* §6.3 second example: a statement fails in the second file. */
static void sqlite_failure(struct report_apply *r)
{
	report_apply_intro(r, "1", sqlite_files, 2);
	report_apply_file(r, &sqlite_files[0], 0, at(1000000));
	STMT(r, "CREATE TABLE `pets` (`id` integer NOT NULL, PRIMARY KEY (`id`));");
	report_apply_file(r, &sqlite_files[1], 0, at(2208333));
	STMT(r, "CREATE TABLE `broken` (`id` integer);");
	STMT(r, "THIS IS A FAILING STATEMENT;");
	report_apply_stmt_error(r, "THIS IS A FAILING STATEMENT;", 28,
				"near \"THIS\": syntax error", at(5104500));
	report_apply_fail(r, "sql/migrate: executing statement \"THIS IS A FAILING "
			     "STATEMENT;\" from version \"3\": near \"THIS\": syntax error");
}

static const char sqlite_failure_text[] =
	"Migrating to version 3 from 1 (2 migrations in total):\n"
	"\n"
	"  -- migrating version 2\n"
	"    -> CREATE TABLE `pets` (`id` integer NOT NULL, PRIMARY KEY (`id`));\n"
	"  -- ok (1.208333ms)\n"
	"\n"
	"  -- migrating version 3\n"
	"    -> CREATE TABLE `broken` (`id` integer);\n"
	"    -> THIS IS A FAILING STATEMENT;\n"
	"    near \"THIS\": syntax error\n"
	"\n"
	"  -------------------------\n"
	"  -- 5.1045ms\n"
	"  -- 1 migration ok, 1 with errors\n"
	"  -- 2 sql statements ok, 1 with errors\n";

Test(report_apply, sqlite_failure, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(sqlite_failure, false), sqlite_failure_text);
	cr_assert_str_eq(render_streamed(sqlite_failure, false), sqlite_failure_text);
}

/* §6.3 third example: an error before any file. */
static void error_before_file(struct report_apply *r)
{
	static const struct report_file f = { "2_users.sql", "2", "users", false };
	static const char msg[] = "sql/migrate: scanning statements from \"2_users.sql\": "
				  "3:27: unclosed quote '\\''";

	report_apply_intro(r, "1", &f, 1);
	report_apply_error(r, msg, at(812500));
	report_apply_fail(r, msg);
}

static const char error_before_file_text[] =
	"Migrating to version 2 from 1 (1 migrations in total):\n"
	"\n"
	"    sql/migrate: scanning statements from \"2_users.sql\": 3:27: unclosed quote '\\''\n"
	"\n"
	"  -------------------------\n"
	"  -- 812.5\xc2\xb5s\n";

Test(report_apply, error_before_any_file, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(error_before_file, false), error_before_file_text);
	cr_assert_str_eq(render_streamed(error_before_file, false), error_before_file_text);
}

static void no_pending(struct report_apply *r)
{
	report_apply_intro(r, "3", NULL, 0);
	report_apply_done(r, at(1000));
}

Test(report_apply, no_pending, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(no_pending, false), "No migration files to execute\n");
	cr_assert_str_eq(render_streamed(no_pending, false), "No migration files to execute\n");
}

/* An error raised before file 3 starts (its scanner failed) lands on file 2,
 * which then shows the error instead of "-- ok" and counts as failed along
 * with its last statement. */
static void error_on_previous_file(struct report_apply *r)
{
	static const struct report_file files[] = {
		{ "1_a.sql", "1", "a", false },
		{ "2_b.sql", "2", "b", false },
		{ "3_c.sql", "3", "c", false },
	};

	report_apply_intro(r, "", files, 3);
	report_apply_file(r, &files[0], 0, at(1000));
	STMT(r, "CREATE TABLE a (id int);");
	report_apply_file(r, &files[1], 0, at(2000));
	STMT(r, "CREATE TABLE b (id int);");
	STMT(r, "CREATE TABLE b2 (id int);");
	report_apply_error(r, "sql/migrate: scanning statements from \"3_c.sql\": 1:8: unclosed quote '\"'",
			   at(4000));
	report_apply_fail(r, "sql/migrate: scanning statements from \"3_c.sql\": 1:8: unclosed quote '\"'");
}

static const char error_on_previous_file_text[] =
	"Migrating to version 3 (3 migrations in total):\n"
	"\n"
	"  -- migrating version 1\n"
	"    -> CREATE TABLE a (id int);\n"
	"  -- ok (1\xc2\xb5s)\n"
	"\n"
	"  -- migrating version 2\n"
	"    -> CREATE TABLE b (id int);\n"
	"    -> CREATE TABLE b2 (id int);\n"
	"    sql/migrate: scanning statements from \"3_c.sql\": 1:8: unclosed quote '\"'\n"
	"\n"
	"  -------------------------\n"
	"  -- 4\xc2\xb5s\n"
	"  -- 1 migration ok, 1 with errors\n"
	"  -- 2 sql statements ok, 1 with errors\n";

Test(report_apply, error_attached_to_previous_file, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(error_on_previous_file, false), error_on_previous_file_text);
	cr_assert_str_eq(render_streamed(error_on_previous_file, false),
			 error_on_previous_file_text);
}

/* `--tx-mode invalid`: intro, then the command fails without any logged
 * entry, so the run has no end time. */
static void never_finished(struct report_apply *r)
{
	static const struct report_file f = { "1_a.sql", "1", "a", false };

	report_apply_intro(r, "", &f, 1);
	report_apply_fail(r, "unknown tx-mode \"invalid\"");
}

static const char never_finished_text[] =
	"Migrating to version 1 (1 migrations in total):\n"
	"\n"
	"    unknown tx-mode \"invalid\"\n"
	"\n"
	"  -------------------------\n"
	"  -- -2562047h47m16.854775808s\n";

Test(report_apply, never_finished_run, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(never_finished, false), never_finished_text);
	cr_assert_str_eq(render_streamed(never_finished, false), never_finished_text);
}

/* A COMMIT failure is never logged: the last file keeps "-- ok" with the
 * saturated duration, and no file counts as failed. */
static void commit_failed(struct report_apply *r)
{
	static const struct report_file f = { "1_a.sql", "1", "a", false };

	report_apply_intro(r, "", &f, 1);
	report_apply_file(r, &f, 0, at(1000));
	STMT(r, "CREATE TABLE a (id int);");
	report_apply_fail(r, "committing transaction: boom");
}

Test(report_apply, unlogged_error_keeps_ok, .init = setup, .fini = teardown)
{
	static const char want[] =
		"Migrating to version 1 (1 migrations in total):\n"
		"\n"
		"  -- migrating version 1\n"
		"    -> CREATE TABLE a (id int);\n"
		"  -- ok (-2562047h47m16.854775808s)\n"
		"\n"
		"  -------------------------\n"
		"  -- -2562047h47m16.854775808s\n"
		"  -- 1 migration\n"
		"  -- 1 sql statement\n";

	cr_assert_str_eq(render(commit_failed, false), want);
	cr_assert_str_eq(render_streamed(commit_failed, false), want);
}

/* A resumed file that fails on a history check before its first statement
 * runs has no "->" line: the statement counter goes negative, as upstream. */
static void failed_without_statements(struct report_apply *r)
{
	static const struct report_file f = { "1_a.sql", "1", "a", false };

	report_apply_intro(r, "1", &f, 1);
	report_apply_file(r, &f, 2, at(1000));
	report_apply_error(r, "write revision: boom", at(3000));
	report_apply_fail(r, "write revision: boom");
}

Test(report_apply, failed_file_without_statements, .init = setup, .fini = teardown)
{
	static const char want[] =
		"Migrating to version 1 from 1 (1 migrations in total):\n"
		"\n"
		"  -- migrating version 1\n"
		"    write revision: boom\n"
		"\n"
		"  -------------------------\n"
		"  -- 3\xc2\xb5s\n"
		"  -- 1 migration with errors\n"
		"  -- 1 sql statement with errors\n";

	cr_assert_str_eq(render(failed_without_statements, false), want);
}

Test(report_apply, colours, .init = setup, .fini = teardown)
{
	char *out = render(sqlite_failure, true);

	cr_assert(strstr(out, "Migrating to version \033[36m3\033[0m from \033[36m1\033[0m "
			      "(2 migrations in total):\n") != NULL, "%s", out);
	cr_assert(strstr(out, "\n  \033[33m--\033[0m migrating version \033[36m2\033[0m\n") != NULL);
	cr_assert(strstr(out, "\n    \033[36m->\033[0m CREATE TABLE `broken` (`id` integer);\n") != NULL);
	cr_assert(strstr(out, "\n  \033[33m--\033[0m ok (\033[33m1.208333ms\033[0m)\n") != NULL);
	cr_assert(strstr(out, "\n    \033[97;101mnear \"THIS\": syntax error\033[0;0m\n") != NULL);
	cr_assert(strstr(out, "\n  \033[36m-------------------------\033[0m\n") != NULL);
	cr_assert(strstr(out, "\n  \033[33m--\033[0m 1 migration ok, 1 with errors\n") != NULL);
	cr_assert_str_eq(render_streamed(sqlite_failure, true), out);
}

Test(report_apply, statements_kept_once, .init = setup, .fini = teardown)
{
	struct report_apply r;
	struct report_env env = { "", NULL, "" };
	char text[32];

	report_apply_init(&r, arena, &env, at(0));
	report_apply_intro(&r, "", pg_files, 1);
	report_apply_file(&r, &pg_files[0], 0, at(1));
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(text, sizeof(text), "SELECT %d;", i);

		report_apply_stmt(&r, text, (size_t)n);
	}
	/* The caller's buffer is reused: every text was copied. */
	cr_assert_eq(r.applied->nstmts, 1000);
	struct str s = report_applied_stmt(r.applied, 0);
	cr_assert_eq(s.len, 9);
	cr_assert(memcmp(s.p, "SELECT 0;", 9) == 0);
	s = report_applied_stmt(r.applied, 999);
	cr_assert(memcmp(s.p, "SELECT 999;", 11) == 0);
	s = report_applied_stmt(r.applied, 1000);
	cr_assert_eq(s.len, 0);
}

Test(report_apply, streaming_keeps_no_statements, .init = setup, .fini = teardown)
{
	struct report_apply r;
	struct report_env env = { "", NULL, "" };
	FILE *f = fopen("/dev/null", "w");
	size_t before;

	cr_assert_not_null(f);
	report_apply_init(&r, arena, &env, at(0));
	report_apply_stream(&r, f, false);
	report_apply_intro(&r, "", pg_files, 1);
	report_apply_file(&r, &pg_files[0], 0, at(1));
	before = arena_used(arena);
	for (int i = 0; i < 100000; i++)
		report_apply_stmt(&r, "SELECT 1;", 9);
	cr_assert_eq(arena_used(arena), before);
	cr_assert_eq(r.applied->nstmts, 100000);
	fclose(f);
}

/* A streamed run keeps one file record: memory does not grow with the
 * number of files, and the summary still counts them all. */
Test(report_apply, streaming_keeps_one_file_record, .init = setup, .fini = teardown)
{
	struct report_apply r;
	struct report_env env = { "", NULL, "" };
	static const struct report_file files[] = {
		{ "1_a.sql", "1", "a", false },
		{ "2_b.sql", "2", "b", false },
	};
	char *buf = NULL;
	size_t len = 0, before;
	FILE *f = open_memstream(&buf, &len);

	report_apply_init(&r, arena, &env, at(0));
	report_apply_stream(&r, f, false);
	report_apply_intro(&r, "", files, 2);
	report_apply_file(&r, &files[0], 0, at(1));
	STMT(&r, "SELECT 1;");
	before = arena_used(arena);
	for (int i = 0; i < 5000; i++) {
		report_apply_file(&r, &files[i % 2], 0, at(INT64_C(1000000) * (i + 2)));
		STMT(&r, "SELECT 1;");
		STMT(&r, "SELECT 2;");
	}
	cr_assert_eq(arena_used(arena), before);
	cr_assert_eq(r.napplied, 5001);
	cr_assert_null(r.applied->next);
	report_apply_stmt_error(&r, "SELECT 2;", 9, "boom", at(6000000000));
	report_apply_text(f, &r, false);
	fclose(f);
	static const char tail[] = "    boom\n"
				   "\n"
				   "  -------------------------\n"
				   "  -- 6s\n"
				   "  -- 5000 migrations ok, 1 with errors\n"
				   "  -- 10000 sql statements ok, 1 with errors\n";
	cr_assert(len > sizeof(tail));
	cr_assert_str_eq(buf + len - (sizeof(tail) - 1), tail);
	free(buf);
}

static void json_example(struct report_apply *r)
{
	static const struct report_file f = { "1_init.sql", "1", "init", false };

	report_apply_intro(r, "", &f, 1);
	report_apply_file(r, &f, 0, at(10000000));
	STMT(r, "CREATE TABLE t (c int CHECK (c > 0));");
	report_apply_done(r, at(20000000));
}

static const char sqlite_url[] =
	"{\"Scheme\":\"sqlite\",\"Opaque\":\"\",\"User\":null,\"Host\":\"file\","
	"\"Path\":\"\",\"RawPath\":\"\",\"OmitHost\":false,\"ForceQuery\":false,"
	"\"RawQuery\":\"mode=memory\",\"Fragment\":\"\",\"RawFragment\":\"\",\"Schema\":\"main\"}";

Test(report_apply, json_spec_example, .init = setup, .fini = teardown)
{
	struct report_env env = { "sqlite", sqlite_url, "file://migrations" };
	struct strbuf want = STRBUF_INIT;

	strbuf_addf(&want,
		    "{\"Driver\":\"sqlite\",\"URL\":%s,\"Dir\":\"file://migrations\","
		    "\"Pending\":[{\"Name\":\"1_init.sql\",\"Version\":\"1\",\"Description\":\"init\"}],"
		    "\"Applied\":[{\"Name\":\"1_init.sql\",\"Version\":\"1\",\"Description\":\"init\","
		    "\"Start\":\"2025-03-01T12:00:00.01Z\",\"End\":\"2025-03-01T12:00:00.02Z\","
		    "\"Applied\":[\"CREATE TABLE t (c int CHECK (c \\u003e 0));\"]}],"
		    "\"Target\":\"1\",\"Start\":\"2025-03-01T12:00:00.005Z\","
		    "\"End\":\"2025-03-01T12:00:00.02Z\","
		    "\"Message\":\"Migrated to version 1 from  (1 migrations in total)\"}",
		    sqlite_url);
	cr_assert_str_eq(json(json_example, &env), want.buf);
	strbuf_release(&want);
}

Test(report_apply, json_failure_and_no_pending, .init = setup, .fini = teardown)
{
	struct report_env env = { "", NULL, "" };

	cr_assert_str_eq(json(no_pending, &env),
			 "{\"Current\":\"3\",\"Start\":\"2025-03-01T12:00:00.005Z\","
			 "\"End\":\"2025-03-01T12:00:00.000001Z\","
			 "\"Message\":\"No migration files to execute\"}");
	cr_assert_str_eq(json(sqlite_failure, &env),
			 "{\"Pending\":[{\"Name\":\"2_pets.sql\",\"Version\":\"2\",\"Description\":\"pets\"},"
			 "{\"Name\":\"3_broken.sql\",\"Version\":\"3\",\"Description\":\"broken\"}],"
			 "\"Applied\":[{\"Name\":\"2_pets.sql\",\"Version\":\"2\",\"Description\":\"pets\","
			 "\"Start\":\"2025-03-01T12:00:00.001Z\",\"End\":\"2025-03-01T12:00:00.002208333Z\","
			 "\"Applied\":[\"CREATE TABLE `pets` (`id` integer NOT NULL, PRIMARY KEY (`id`));\"]},"
			 "{\"Name\":\"3_broken.sql\",\"Version\":\"3\",\"Description\":\"broken\","
			 "\"Start\":\"2025-03-01T12:00:00.002208333Z\",\"End\":\"2025-03-01T12:00:00.0051045Z\","
			 "\"Applied\":[\"CREATE TABLE `broken` (`id` integer);\",\"THIS IS A FAILING STATEMENT;\"],"
			 "\"Error\":{\"Stmt\":\"THIS IS A FAILING STATEMENT;\",\"Text\":\"near \\\"THIS\\\": syntax error\"}}],"
			 "\"Current\":\"1\",\"Target\":\"3\",\"Start\":\"2025-03-01T12:00:00.005Z\","
			 "\"End\":\"2025-03-01T12:00:00.0051045Z\","
			 "\"Error\":\"sql/migrate: executing statement \\\"THIS IS A FAILING STATEMENT;\\\" "
			 "from version \\\"3\\\": near \\\"THIS\\\": syntax error\"}");
	/* Never finished: End is Go's zero time. */
	cr_assert(strstr(json(never_finished, &env),
			  "\"End\":\"0001-01-01T00:00:00Z\",\"Error\":\"unknown tx-mode \\\"invalid\\\"\"}") != NULL);
}

Test(report_apply, json_skipped_and_error_without_stmt, .init = setup, .fini = teardown)
{
	struct report_env env = { "", NULL, "" };
	const char *out = json(failed_without_statements, &env);

	cr_assert(strstr(out, "\"End\":\"2025-03-01T12:00:00.000003Z\",\"Skipped\":2,"
			      "\"Error\":{\"Text\":\"write revision: boom\"}}]") != NULL, "%s", out);
}

/* Upstream cmdlog TestMigrateApply, "multiple files, with errors": every
 * file and the run measured from the same start. */
static void upstream_multi(struct report_apply *r)
{
	static const struct report_file files[] = {
		{ "20240116000002.sql", "20240116000002", "", false },
		{ "20240116000003.sql", "20240116000003", "", false },
	};

	report_apply_intro(r, "20240116000001", files, 2);
	report_apply_file(r, &files[0], 0, at(0));
	STMT(r, "CREATE TABLE t1 (id int NOT NULL);");
	STMT(r, "CREATE TABLE t2 (id int NOT NULL);");
	report_apply_file(r, &files[1], 0, at(1000000));
	STMT(r, "CREATE TABLE t3 (id int NOT NULL);");
	STMT(r, "CREATE TABLE t4 (id int NOT NULL);");
	report_apply_stmt_error(r, "CREATE TABLE t4 (id int NOT NULL);", 34,
				"table t4 already exists", at(3000000));
	r->end = at(10000000);
}

Test(report_apply, upstream_multiple_files_with_errors, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render(upstream_multi, false),
			 "Migrating to version 20240116000003 from 20240116000001 (2 migrations in total):\n"
			 "\n"
			 "  -- migrating version 20240116000002\n"
			 "    -> CREATE TABLE t1 (id int NOT NULL);\n"
			 "    -> CREATE TABLE t2 (id int NOT NULL);\n"
			 "  -- ok (1ms)\n"
			 "\n"
			 "  -- migrating version 20240116000003\n"
			 "    -> CREATE TABLE t3 (id int NOT NULL);\n"
			 "    -> CREATE TABLE t4 (id int NOT NULL);\n"
			 "    table t4 already exists\n"
			 "\n"
			 "  -------------------------\n"
			 "  -- 10ms\n"
			 "  -- 1 migration ok, 1 with errors\n"
			 "  -- 3 sql statements ok, 1 with errors\n");
}

Test(report_apply, upstream_multiple_files_streamed, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(render_streamed(upstream_multi, false), render(upstream_multi, false));
}
