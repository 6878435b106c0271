/*
 * The case runner: runs every end-to-end case under tests/cases/<name>/.
 *
 * A case folder holds the files the command needs (atlas.hcl, migrations/,
 * ...) and, per step, the command and its expectations:
 *   cmd        the argv, one argument per line (first word "atlas" means the
 *              binary under test); run without a shell, in a scratch copy
 *              of the case folder
 *   env        extra environment, KEY=VALUE per line (optional)
 *   stdout, stderr, exit   expected output and exit code (missing = empty/0)
 *   pgquery, pgquery.out   SQL run on the case's PostgreSQL database after
 *              the command, and its expected rows (columns joined by '|')
 *   sqlitequery, sqlitequery.out   first line "-- db: FILE", then SQL run on
 *              that SQLite file of the scratch folder
 * A multi-step case prefixes every step file with its number: 1.cmd,
 * 1.stdout, 2.cmd, ...; `env` applies to every step, `N.env` adds to it.
 *
 * Placeholders in cmd, env and the expectations: $URL becomes a fresh
 * database on the harness's PostgreSQL (one per case), $WORK the scratch
 * folder.  Durations (Go syntax: 1.5ms, 2m3s, 850ns) are masked on both
 * sides before comparing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"

struct run {
	struct arena *a;
	const char *atlas;
	const char *case_dir;
	const char *work;
	const char *url; /* NULL until a step needs it */
	const char *name;
	char **env;
	size_t nenv;
};

static char *read_opt(struct arena *a, const char *dir, const char *file)
{
	char *path = arena_printf(a, "%s/%s", dir, file);
	char *buf;
	size_t len;
	if (util_read_file(&buf, &len, a, path) < 0)
		return NULL;
	return buf;
}

static char *replace_all(struct arena *a, const char *s, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	size_t fl = strlen(from);
	const char *p = s;
	const char *q;
	while ((q = strstr(p, from))) {
		strbuf_add(&sb, p, (size_t)(q - p));
		strbuf_addstr(&sb, to);
		p = q + fl;
	}
	strbuf_addstr(&sb, p);
	char *out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return out;
}

static int ensure_url(struct run *r)
{
	if (r->url)
		return 0;
	const char *admin = getenv("ATLAS_TEST_PG_URL");
	const char *host = getenv("ATLAS_TEST_PG_HOST");
	const char *port = getenv("ATLAS_TEST_PG_PORT");
	if (!admin || !host || !port) {
		fprintf(stderr, "caserun: case %s needs PostgreSQL but ATLAS_TEST_PG_URL is not set\n", r->name);
		return -1;
	}
	char db[64];
	snprintf(db, sizeof(db), "case_%d_%u", (int)getpid(), (unsigned)(util_now_wall_ns() % 100000000));
	PGconn *c = PQconnectdb(admin);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "caserun: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	char *sql = arena_printf(r->a, "CREATE DATABASE %s", db);
	PGresult *res = PQexec(c, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "caserun: %s", PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	if (!ok)
		return -1;
	r->url = arena_printf(r->a, "postgres://postgres@%s:%s/%s?sslmode=disable", host, port, db);
	return 0;
}

static int expand(struct run *r, const char *in, char **out)
{
	if (strstr(in, "$URL") && ensure_url(r) < 0)
		return -1;
	char *s = r->url ? replace_all(r->a, in, "$URL", r->url) : (char *)in;
	*out = replace_all(r->a, s, "$WORK", r->work);
	return 0;
}

/* Replaces Go durations by "<dur>" so that timings never fail a case. */
static char *mask_durations(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n) {
		bool boundary = i == 0 || !(s[i - 1] == '_' || s[i - 1] == '.' ||
					    (s[i - 1] >= '0' && s[i - 1] <= '9') ||
					    (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
					    (s[i - 1] >= 'A' && s[i - 1] <= 'Z'));
		if (boundary && s[i] >= '0' && s[i] <= '9') {
			size_t j = i;
			size_t units = 0;
			for (;;) {
				size_t k = j;
				while (k < n && s[k] >= '0' && s[k] <= '9')
					k++;
				if (k == j)
					break;
				if (k < n && s[k] == '.') {
					size_t f = k + 1;
					while (f < n && s[f] >= '0' && s[f] <= '9')
						f++;
					if (f > k + 1)
						k = f;
				}
				size_t ul = 0;
				if (k + 1 < n && (s[k] == 'n' || s[k] == 'm') && s[k + 1] == 's')
					ul = 2;
				else if (k + 2 < n && (unsigned char)s[k] == 0xc2 && (unsigned char)s[k + 1] == 0xb5 && s[k + 2] == 's')
					ul = 3;
				else if (k < n && (s[k] == 's' || s[k] == 'm' || s[k] == 'h'))
					ul = 1;
				if (!ul)
					break;
				j = k + ul;
				units++;
			}
			bool end_ok = j >= n || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
						 (s[j] >= '0' && s[j] <= '9') || s[j] == '_');
			if (units && end_ok) {
				strbuf_addstr(&sb, "<dur>");
				i = j;
				continue;
			}
		}
		strbuf_addch(&sb, s[i]);
		i++;
	}
	char *out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return out;
}

static char **split_lines(struct arena *a, const char *s, size_t *n)
{
	size_t cap = 8;
	char **v = arena_alloc(a, sizeof(char *) * cap);
	*n = 0;
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (*n + 2 > cap) {
			v = arena_realloc(a, v, sizeof(char *) * cap, sizeof(char *) * cap * 2);
			cap *= 2;
		}
		v[(*n)++] = arena_strndup(a, p, len);
		if (!e)
			break;
		p = e + 1;
	}
	v[*n] = NULL;
	return v;
}

static int write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(s, f);
	return fclose(f);
}

static void show_diff(struct run *r, const char *what, const char *want, const char *got)
{
	char *w = arena_printf(r->a, "%s/.want.%s", r->work, what);
	char *g = arena_printf(r->a, "%s/.got.%s", r->work, what);
	if (write_file(w, want) < 0 || write_file(g, got) < 0)
		return;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execlp("diff", "diff", "-u", w, g, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
}

static char *run_cmd(struct run *r, char **argv, char **envv, int *code, char **err_out)
{
	char *outp = arena_printf(r->a, "%s/.stdout", r->work);
	char *errp = arena_printf(r->a, "%s/.stderr", r->work);
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(r->work) < 0)
			_exit(126);
		int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fi = open("/dev/null", O_RDONLY);
		if (fo < 0 || fe < 0 || fi < 0)
			_exit(126);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		alarm(300);
		execve(argv[0], argv, envv);
		_exit(127);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	char *o = read_opt(r->a, r->work, ".stdout");
	char *e = read_opt(r->a, r->work, ".stderr");
	*err_out = e ? e : "";
	return o ? o : "";
}

static char *pg_query(struct run *r, const char *sql)
{
	if (ensure_url(r) < 0)
		return arena_strdup(r->a, "<no database>\n");
	PGconn *c = PQconnectdb(r->url);
	struct strbuf sb = STRBUF_INIT;
	if (PQstatus(c) != CONNECTION_OK) {
		strbuf_addf(&sb, "<connect: %s>\n", PQerrorMessage(c));
	} else {
		PGresult *res = PQexec(c, sql);
		ExecStatusType s = PQresultStatus(res);
		if (s == PGRES_TUPLES_OK) {
			for (int i = 0; i < PQntuples(res); i++) {
				for (int j = 0; j < PQnfields(res); j++) {
					if (j)
						strbuf_addch(&sb, '|');
					strbuf_addstr(&sb, PQgetisnull(res, i, j) ? "NULL" : PQgetvalue(res, i, j));
				}
				strbuf_addch(&sb, '\n');
			}
		} else if (s != PGRES_COMMAND_OK) {
			strbuf_addf(&sb, "<error: %s>\n", PQresultErrorMessage(res));
		}
		PQclear(res);
	}
	PQfinish(c);
	char *out = strbuf_arena(&sb, r->a);
	strbuf_release(&sb);
	return out;
}

struct sqlite_acc {
	struct strbuf *sb;
};

static int sqlite_row(void *p, int n, char **vals, char **cols)
{
	struct sqlite_acc *acc = p;
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_addch(acc->sb, '|');
		strbuf_addstr(acc->sb, vals[i] ? vals[i] : "NULL");
	}
	strbuf_addch(acc->sb, '\n');
	return 0;
}

static char *sqlite_query(struct run *r, const char *text)
{
	const char *nl = strchr(text, '\n');
	if (strncmp(text, "-- db: ", 7) != 0 || !nl)
		return arena_strdup(r->a, "<sqlitequery must start with '-- db: FILE'>\n");
	char *db = arena_printf(r->a, "%s/%.*s", r->work, (int)(nl - text - 7), text + 7);
	struct strbuf sb = STRBUF_INIT;
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		strbuf_addf(&sb, "<open: %s>\n", h ? sqlite3_errmsg(h) : "out of memory");
	} else {
		struct sqlite_acc acc = { &sb };
		char *err = NULL;
		if (sqlite3_exec(h, nl + 1, sqlite_row, &acc, &err) != SQLITE_OK) {
			strbuf_addf(&sb, "<error: %s>\n", err ? err : "?");
			sqlite3_free(err);
		}
	}
	sqlite3_close(h);
	char *out = strbuf_arena(&sb, r->a);
	strbuf_release(&sb);
	return out;
}

static bool check(struct run *r, const char *step, const char *what, const char *want_raw,
		  const char *got)
{
	char *want;
	if (expand(r, want_raw ? want_raw : "", &want) < 0)
		return false;
	char *w = mask_durations(r->a, want);
	char *g = mask_durations(r->a, got);
	if (strcmp(w, g) == 0)
		return true;
	printf("--- case %s%s: %s differs\n", r->name, step, what);
	show_diff(r, what, w, g);
	return false;
}

static char **build_env(struct run *r, const char *prefix)
{
	extern char **environ;
	size_t n = 0;
	while (environ[n])
		n++;
	size_t cap = n + 64;
	char **env = arena_alloc(r->a, sizeof(char *) * cap);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		env[k++] = environ[i];
	const char *files[] = { "env", arena_printf(r->a, "%senv", prefix) };
	for (size_t f = 0; f < 2; f++) {
		if (f == 1 && !*prefix)
			break;
		char *text = read_opt(r->a, r->case_dir, files[f]);
		if (!text)
			continue;
		char *exp;
		if (expand(r, text, &exp) < 0)
			return NULL;
		size_t nl;
		char **lines = split_lines(r->a, exp, &nl);
		for (size_t i = 0; i < nl && k + 1 < cap; i++) {
			if (!*lines[i] || lines[i][0] == '#')
				continue;
			/* a later setting of the same name wins */
			const char *eq = strchr(lines[i], '=');
			size_t kl = eq ? (size_t)(eq - lines[i]) : strlen(lines[i]);
			for (size_t j = 0; j < k; j++)
				if (strncmp(env[j], lines[i], kl) == 0 && env[j][kl] == '=') {
					env[j] = "ATLAS_CASERUN_UNSET=1";
				}
			if (eq)
				env[k++] = lines[i];
		}
	}
	env[k] = NULL;
	return env;
}

/* Runs one step; returns true when every expectation held. */
static bool run_step(struct run *r, const char *prefix)
{
	char *cmd = read_opt(r->a, r->case_dir, arena_printf(r->a, "%scmd", prefix));
	char *exp;
	if (expand(r, cmd, &exp) < 0)
		return false;
	size_t argc;
	char **argv = split_lines(r->a, exp, &argc);
	if (argc == 0) {
		printf("--- case %s: empty cmd\n", r->name);
		return false;
	}
	if (strcmp(argv[0], "atlas") == 0)
		argv[0] = (char *)r->atlas;
	const char *vg = getenv("ATLAS_VALGRIND");
	if (vg && *vg && argv[0] == r->atlas) {
		char **nv = arena_alloc(r->a, sizeof(char *) * (argc + 8));
		size_t k = 0;
		nv[k++] = "/usr/bin/valgrind";
		nv[k++] = "-q";
		nv[k++] = "--leak-check=full";
		nv[k++] = "--errors-for-leak-kinds=definite,indirect";
		nv[k++] = "--error-exitcode=99";
		for (size_t i = 0; i <= argc; i++)
			nv[k++] = argv[i];
		argv = nv;
	}
	char **envv = build_env(r, prefix);
	if (!envv)
		return false;
	int code;
	char *err;
	char *out = run_cmd(r, argv, envv, &code, &err);
	const char *step = *prefix ? arena_printf(r->a, " step %.*s", (int)strlen(prefix) - 1, prefix) : "";
	bool ok = true;
	ok &= check(r, step, "stdout", read_opt(r->a, r->case_dir, arena_printf(r->a, "%sstdout", prefix)), out);
	ok &= check(r, step, "stderr", read_opt(r->a, r->case_dir, arena_printf(r->a, "%sstderr", prefix)), err);
	char *want_exit = read_opt(r->a, r->case_dir, arena_printf(r->a, "%sexit", prefix));
	int wc = want_exit ? atoi(want_exit) : 0;
	if (wc != code) {
		printf("--- case %s%s: exit %d, want %d\n", r->name, step, code, wc);
		ok = false;
	}
	char *q = read_opt(r->a, r->case_dir, arena_printf(r->a, "%spgquery", prefix));
	if (q) {
		char *sql;
		if (expand(r, q, &sql) < 0)
			return false;
		ok &= check(r, step, "pgquery.out",
			    read_opt(r->a, r->case_dir, arena_printf(r->a, "%spgquery.out", prefix)),
			    pg_query(r, sql));
	}
	q = read_opt(r->a, r->case_dir, arena_printf(r->a, "%ssqlitequery", prefix));
	if (q)
		ok &= check(r, step, "sqlitequery.out",
			    read_opt(r->a, r->case_dir, arena_printf(r->a, "%ssqlitequery.out", prefix)),
			    sqlite_query(r, q));
	return ok;
}

static int copy_tree(const char *from, const char *to)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *src = NULL;
		if (asprintf(&src, "%s/.", from) < 0)
			_exit(126);
		execlp("cp", "cp", "-R", "--no-preserve=mode", src, to, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int remove_tree(const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	return 0;
}

static bool run_case(struct arena *a, const char *atlas, const char *cases, const char *name)
{
	struct run r = { .a = a, .atlas = atlas, .name = name };
	r.case_dir = arena_printf(a, "%s/%s", cases, name);
	char tmpl[] = "/tmp/atlas-case.XXXXXX";
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return false;
	}
	r.work = arena_strdup(a, tmpl);
	bool ok = copy_tree(r.case_dir, r.work) == 0;
	if (ok) {
		char *single = read_opt(a, r.case_dir, "cmd");
		if (single) {
			ok = run_step(&r, "");
		} else {
			int steps = 0;
			for (int step = 1;; step++) {
				char *prefix = arena_printf(a, "%d.", step);
				if (!read_opt(a, r.case_dir, arena_printf(a, "%scmd", prefix)))
					break;
				steps++;
				if (!run_step(&r, prefix)) {
					ok = false;
					break;
				}
			}
			if (steps == 0) {
				printf("--- case %s: no cmd file\n", name);
				ok = false;
			}
		}
	}
	if (ok || !getenv("ATLAS_KEEP_FAILED"))
		remove_tree(r.work);
	else
		printf("--- case %s: scratch folder kept at %s\n", name, r.work);
	return ok;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int main(int argc, char **argv)
{
	const char *atlas = getenv("ATLAS_BIN");
	const char *src = getenv("ATLAS_SRCDIR");
	if (!atlas || !src) {
		fprintf(stderr, "caserun: ATLAS_BIN and ATLAS_SRCDIR must be set (make check sets them)\n");
		return 99;
	}
	struct arena *a = arena_new();
	const char *cases = arena_printf(a, "%s/tests/cases", src);
	DIR *d = opendir(cases);
	if (!d) {
		fprintf(stderr, "caserun: %s: %s\n", cases, strerror(errno));
		return 99;
	}
	size_t n = 0, cap = 64;
	char **names = arena_alloc(a, sizeof(char *) * cap);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = arena_printf(a, "%s/%s", cases, de->d_name);
		struct stat st;
		if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (n + 1 >= cap) {
			names = arena_realloc(a, names, sizeof(char *) * cap, sizeof(char *) * cap * 2);
			cap *= 2;
		}
		names[n++] = arena_strdup(a, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_names);
	size_t passed = 0, failed = 0;
	for (size_t i = 0; i < n; i++) {
		bool want = argc < 2;
		for (int k = 1; k < argc; k++)
			if (strcmp(argv[k], names[i]) == 0)
				want = true;
		if (!want)
			continue;
		struct arena *ca = arena_new();
		bool ok = run_case(ca, atlas, cases, names[i]);
		arena_free(ca);
		printf("%s: %s\n", ok ? "PASS" : "FAIL", names[i]);
		if (ok)
			passed++;
		else
			failed++;
	}
	printf("caserun: %zu passed, %zu failed\n", passed, failed);
	arena_free(a);
	return failed ? 1 : 0;
}
