/*
 * Integration-test helpers: databases on the harness's PostgreSQL and
 * running the atlas binary (see pgtest.h).
 */
#include "pgtest.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

const char *pgtest_admin_url(void)
{
	const char *u = getenv("ATLAS_TEST_PG_URL");
	if (!u)
		cr_assert_fail("ATLAS_TEST_PG_URL is not set: run through make check (tests/lib/run-test)");
	return u;
}

char *pgtest_query(struct arena *a, const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		char *msg = arena_strdup(a, PQerrorMessage(c));
		PQfinish(c);
		cr_assert_fail("connect: %s", msg);
	}
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		char *msg = arena_strdup(a, PQresultErrorMessage(res));
		PQclear(res);
		PQfinish(c);
		cr_assert_fail("query %s: %s", sql, msg);
	}
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; st == PGRES_TUPLES_OK && i < PQntuples(res); i++) {
		for (int j = 0; j < PQnfields(res); j++) {
			if (j)
				strbuf_addch(&sb, '|');
			strbuf_addstr(&sb, PQgetisnull(res, i, j) ? "NULL" : PQgetvalue(res, i, j));
		}
		strbuf_addch(&sb, '\n');
	}
	PQclear(res);
	PQfinish(c);
	char *out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return out;
}

char *pgtest_create_db(struct arena *a, const char *prefix)
{
	static unsigned counter; /* test-process local: unique names per run */
	char *db = arena_printf(a, "%s_%d_%u", prefix, (int)getpid(), counter++);
	pgtest_query(a, pgtest_admin_url(), arena_printf(a, "CREATE DATABASE %s", db));
	return arena_printf(a, "postgres://postgres@%s:%s/%s?sslmode=disable",
			    getenv("ATLAS_TEST_PG_HOST"), getenv("ATLAS_TEST_PG_PORT"), db);
}

char *pgtest_pw_url(struct arena *a, const char *db, const char *password)
{
	return arena_printf(a, "postgres://pwuser:%s@%s:%s/%s?sslmode=disable", password,
			    getenv("ATLAS_TEST_PG_HOST"), getenv("ATLAS_TEST_PG_PORT"), db);
}

int pgtest_run_atlas(struct arena *a, const char *dir, const char *const *args, char **out,
		     char **err)
{
	const char *bin = getenv("ATLAS_BIN");
	if (!bin)
		cr_assert_fail("ATLAS_BIN is not set");
	char outp[] = "/tmp/atlas-out.XXXXXX";
	char errp[] = "/tmp/atlas-err.XXXXXX";
	int fo = mkstemp(outp);
	int fe = mkstemp(errp);
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = arena_alloc(a, sizeof(char *) * (n + 8));
	size_t k = 0;
	const char *vg = getenv("ATLAS_VALGRIND");
	if (vg && *vg) {
		argv[k++] = "/usr/bin/valgrind";
		argv[k++] = "-q";
		argv[k++] = "--leak-check=full";
		argv[k++] = "--errors-for-leak-kinds=definite,indirect";
		argv[k++] = "--error-exitcode=99";
	}
	argv[k++] = (char *)bin;
	for (size_t i = 0; i < n; i++)
		argv[k++] = (char *)args[i];
	argv[k] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		if (dir && chdir(dir) < 0)
			_exit(126);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	size_t len;
	if (util_read_file(out, &len, a, outp) < 0)
		*out = "";
	if (util_read_file(err, &len, a, errp) < 0)
		*err = "";
	close(fo);
	close(fe);
	unlink(outp);
	unlink(errp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
