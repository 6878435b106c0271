/* Migration directory: URL rules (§1.1), file selection and order (§1.2,
 * §1.4), versions (§1.3), duplicates (§1.5), header directives (§1.6),
 * other formats (§1.7) against upstream's import goldens, new files. */
#include "mtest.h"

#include "migrate/internal.h"

static struct arena *a;
static char *tmp;
static void setup(void)
{
	a = arena_new();
	tmp = mktmpdir(a);
}
static void teardown(void)
{
	rmtree(tmp);
	arena_free(a);
}
TestSuite(dir, .init = setup, .fini = teardown);

static struct migrate_dir *open_ok(const char *url, const char *fmt)
{
	struct diags d;
	struct migrate_dir *dir;
	diags_init(&d, a);
	cr_assert_eq(migrate_dir_open(&dir, a, url, fmt, false, &d), 0, "%s: %s", url, diag_text(&d));
	return dir;
}

static const char *open_err(const char *url, const char *fmt)
{
	struct diags d;
	struct migrate_dir *dir;
	diags_init(&d, a);
	cr_assert_eq(migrate_dir_open(&dir, a, url, fmt, false, &d), -1, "%s opened", url);
	return diag_text(&d);
}

Test(dir, url_rules_and_errors)
{
	cr_assert_str_eq(open_err("migrations", NULL),
			 "missing scheme for dir url. Did you mean \"file://migrations\"? ");
	cr_assert_str_eq(open_err("mysql://x", NULL), "unsupported driver \"mysql\"");
	cr_assert_str_eq(open_err("atlas://app", NULL),
			 "atlas remote directory is not supported by this release. See: https://atlasgo.io/getting-started");
	cr_assert_str_eq(open_err(arena_printf(a, "file://%s?format=nope", tmp), NULL),
			 "unknown dir format \"nope\"");
	cr_assert_str_eq(open_err(arena_printf(a, "file://%s", tmp), "nope"), "unknown dir format \"nope\"");
	cr_assert_str_eq(open_err(arena_printf(a, "file://%s/missing/", tmp), NULL),
			 arena_printf(a, "sql/migrate: stat %s/missing: no such file or directory", tmp));
	put(a, tmp, "f", "x");
	cr_assert_str_eq(open_err(arena_printf(a, "file://%s/f", tmp), NULL),
			 arena_printf(a, "sql/migrate: \"%s/f\" is not a dir", tmp));

	/* url.Parse's own errors */
	cr_assert_str_eq(open_err("file://%zz", NULL), "parse \"file://%zz\": invalid URL escape \"%zz\"");
	cr_assert_str_eq(open_err("file://my%20dir", NULL),
			 "parse \"file://my%20dir\": invalid URL escape \"%20\"");
	cr_assert_str_eq(open_err("file://a b", NULL),
			 "parse \"file://a b\": invalid character \" \" in host name");
	cr_assert_str_eq(open_err("file://a\tb", NULL),
			 "parse \"file://a\\tb\": net/url: invalid control character in URL");

	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s/./x/..//", tmp), NULL);
	cr_assert_str_eq(d->path, tmp);
	cr_assert_eq(d->format, MIGRATE_FORMAT_ATLAS);
	/* the URL's format wins over --dir-format */
	d = open_ok(arena_printf(a, "file://%s?format=goose", tmp), "flyway");
	cr_assert_eq(d->format, MIGRATE_FORMAT_GOOSE);
	d = open_ok(arena_printf(a, "file://%s", tmp), "dbmate");
	cr_assert_eq(d->format, MIGRATE_FORMAT_DBMATE);
	cr_assert_str_eq(d->url, arena_printf(a, "file://%s?format=dbmate", tmp));
	cr_assert_str_eq(migrate_dir_url_with_format(a, "file://migrations", "atlas"),
			 "file://migrations?format=atlas");
	cr_assert_str_eq(migrate_dir_url_with_format(a, "file://m?format=goose", "atlas"),
			 "file://m?format=goose");
	/* Go's q.Encode(): keys sorted, values re-escaped */
	cr_assert_str_eq(migrate_dir_url_with_format(a, "file://m?z=1&a=b%20c&a=d", "atlas"),
			 "file://m?a=b+c&a=d&format=atlas&z=1");
	cr_assert_str_eq(migrate_dir_url_with_format(a, "file://m?", "atlas"), "file://m?format=atlas");
	cr_assert_str_eq(migrate_dir_url_with_format(a, "file://m", ""), "file://m");
}

Test(dir, host_and_relative_paths)
{
	char cwd[4096];
	cr_assert(getcwd(cwd, sizeof(cwd)));
	cr_assert_eq(chdir(tmp), 0);
	mkdir("migrations", 0755);
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	struct migrate_dir *d = open_ok("file://", NULL);
	cr_assert_str_eq(d->path, "migrations");
	d = open_ok("file://migrations", NULL);
	cr_assert_str_eq(d->path, "migrations");
	d = open_ok("file://a/b", NULL);
	cr_assert_str_eq(d->path, "a/b");
	d = open_ok("file:migrations", NULL); /* opaque: Go leaves the path empty */
	cr_assert_str_eq(d->path, "migrations");
	cr_assert_eq(chdir(cwd), 0);
}

Test(dir, selection_order_versions)
{
	put(a, tmp, "20220318104614_initial.sql", "");
	put(a, tmp, "1.sql", "");
	put(a, tmp, "1.a_sub.up.sql", "");
	put(a, tmp, "2.10.x-20_description.sql", "");
	put(a, tmp, "3_partly_b.sql", "");
	put(a, tmp, "7_.sql", "");
	put(a, tmp, "10_a.sql", "");
	put(a, tmp, "2_b.sql", "");
	put(a, tmp, "1.5_a.sql", "");
	put(a, tmp, ".hidden.sql", "");
	put(a, tmp, "1_x.down.sql", "");
	put(a, tmp, "notes.txt", "");
	put(a, tmp, "UPPER.SQL", "");
	put(a, tmp, "atlas.sum", "");
	put(a, tmp, "\xc3\xa9t\xc3\xa9_caf\xc3\xa9.sql", "SELECT 'é';");
	mkdir(arena_printf(a, "%s/sub", tmp), 0755);
	put(a, tmp, "sub/0_nested.sql", "");

	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s", tmp), NULL);
	static const char *const want[][3] = {
		{ ".hidden.sql", ".hidden", "" },
		{ "1.5_a.sql", "1.5", "a" },
		{ "1.a_sub.up.sql", "1.a", "sub.up" },
		{ "1.sql", "1", "" },
		{ "10_a.sql", "10", "a" },
		{ "1_x.down.sql", "1", "x.down" },
		{ "2.10.x-20_description.sql", "2.10.x-20", "description" },
		{ "20220318104614_initial.sql", "20220318104614", "initial" },
		{ "2_b.sql", "2", "b" },
		{ "3_partly_b.sql", "3", "partly_b" },
		{ "7_.sql", "7", "" },
		{ "\xc3\xa9t\xc3\xa9_caf\xc3\xa9.sql", "\xc3\xa9t\xc3\xa9", "caf\xc3\xa9" },
	};
	cr_assert_eq(d->nfiles, ARRAY_LEN(want));
	for (size_t i = 0; i < d->nfiles; i++) {
		cr_expect_str_eq(d->files[i].name, want[i][0]);
		cr_expect_str_eq(d->files[i].version, want[i][1]);
		cr_expect_str_eq(d->files[i].description, want[i][2]);
	}
	/* duplicates are listed: apply and set refuse them (plan), hash and
	 * validate accept them (§1.5) */
	struct diags dg;
	diags_init(&dg, a);
	cr_assert_eq(migrate_dir_load(d, a, &dg), 0);
	cr_assert_eq(d->files[11].len, strlen("SELECT 'é';"));
}

Test(dir, sql_named_subdirectory_fails_to_read)
{
	mkdir(arena_printf(a, "%s/x.sql", tmp), 0755);
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s", tmp), NULL);
	struct diags dg;
	struct migrate_sum s;
	diags_init(&dg, a);
	cr_assert_eq(d->nfiles, 1);
	cr_assert_eq(migrate_sum_compute(&s, a, d, &dg), -1);
	cr_assert_str_eq(diag_text(&dg),
			 arena_printf(a, "sql/migrate: read file \"x.sql\": read %s/x.sql: is a directory", tmp));
}

static struct migrate_file header(const char *content)
{
	struct migrate_file f = { 0 };
	migrate_file_parse_header(&f, a, content, strlen(content));
	return f;
}

Test(dir, header_directives_and_blank_line_rule)
{
	struct migrate_file f = header("-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t(c);\n");
	cr_assert_eq(f.ntxmodes, 1);
	cr_assert_str_eq(f.txmodes[0], "none");

	/* no blank line: the comment belongs to the first statement */
	f = header("-- atlas:txmode none\nSELECT 1;\n");
	cr_assert_eq(f.ntxmodes, 0);
	/* spaces and tabs before the blank line's LF are fine */
	f = header("-- atlas:txmode none\n \t\nSELECT 1;\n");
	cr_assert_eq(f.ntxmodes, 1);
	/* CRLF quirk: "\r\n" is not a blank line */
	f = header("-- atlas:txmode none\r\n\r\nSELECT 1;\r\n");
	cr_assert_eq(f.ntxmodes, 0);
	/* a comment-only file counts only with a final LF */
	f = header("-- atlas:txmode none\n");
	cr_assert_eq(f.ntxmodes, 1);
	f = header("-- atlas:txmode none");
	cr_assert_eq(f.ntxmodes, 0);
	/* forms of the directive; several values are all kept */
	f = header("--atlas:txmode file\n#atlas:txmode none\n-- x atlas:txmode all\n-- atlas:nolint\n\n");
	cr_assert_eq(f.ntxmodes, 3);
	cr_assert_str_eq(f.txmodes[0], "file");
	cr_assert_str_eq(f.txmodes[1], "none");
	cr_assert_str_eq(f.txmodes[2], "all");
	/* leading blanks: not a header line */
	f = header(" -- atlas:txmode none\n\n");
	cr_assert_eq(f.ntxmodes, 0);
	/* empty file: no directives */
	f = header("");
	cr_assert_eq(f.ntxmodes, 0);
	cr_assert(!f.checkpoint);
}

Test(dir, checkpoint_files)
{
	struct migrate_file f = header("-- atlas:checkpoint\n\nCREATE TABLE t(c int);\n");
	cr_assert(f.checkpoint);
	cr_assert_str_eq(f.checkpoint_tag, "");
	f = header("-- atlas:checkpoint v1.2\n\nCREATE TABLE t(c int);\n");
	cr_assert(f.checkpoint);
	cr_assert_str_eq(f.checkpoint_tag, "v1.2");

	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s", vec(a, "sql-migrate/partial-checkpoint")), NULL);
	struct diags dg;
	diags_init(&dg, a);
	cr_assert_eq(migrate_dir_load(d, a, &dg), 0);
	cr_assert_eq(d->nfiles, 6);
	for (size_t i = 0; i < d->nfiles; i++)
		cr_expect_eq(d->files[i].checkpoint, i == 2 || i == 4, "%s", d->files[i].name);
}

Test(dir, directive_matcher)
{
	struct str pre, name, arg;
	const char *s = "-- atlas:delimiter  \n";
	cr_assert(migrate_directive_match(&pre, &name, &arg, s, strlen(s)));
	cr_assert(str_eq(pre, "-- "));
	cr_assert(str_eq(name, "delimiter"));
	cr_assert(str_eq(arg, " ")); /* " +" gives one space back to ".+" */
	s = "-- atlas:txmode none atlas:nolint x";
	cr_assert(migrate_directive_match(&pre, &name, &arg, s, strlen(s)));
	cr_assert(str_eq(name, "nolint")); /* greedy prefix: the last one */
	cr_assert(str_eq(arg, "x"));
	s = "-- atlas:";
	cr_assert(!migrate_directive_match(&pre, &name, &arg, s, strlen(s)));
}

/* Joined like upstream's `migrate import` writes a file: comments, then
 * the text without ";", then ";\n". */
static const char *import_text(struct migrate_stmt *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < s[i].ncomments; c++) {
			strbuf_add(&sb, s[i].comments[c].p, s[i].comments[c].len);
			if (!s[i].comments[c].len || s[i].comments[c].p[s[i].comments[c].len - 1] != '\n')
				strbuf_addch(&sb, '\n');
		}
		size_t l = s[i].text.len;
		if (l && s[i].text.p[l - 1] == ';')
			l--;
		strbuf_add(&sb, s[i].text.p, l);
		strbuf_addstr(&sb, ";\n");
	}
	const char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

static void check_import(const char *tool, size_t want_files, const char *const *gold_names)
{
	const char *src = vec(a, arena_printf(a, "cmdapi/import/%s", tool));
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=%s", src, tool), NULL);
	struct diags dg;
	diags_init(&dg, a);
	cr_assert_eq(migrate_dir_load(d, a, &dg), 0);
	cr_assert_eq(d->nfiles, want_files, "%s: %zu files", tool, d->nfiles);
	for (size_t i = 0; i < d->nfiles; i++) {
		struct migrate_stmt *s;
		size_t n;
		cr_assert_eq(migrate_file_split(&s, &n, a, d, &d->files[i], MIGRATE_DIALECT_POSTGRES, &dg), 0,
			     "%s", diag_text(&dg));
		const char *gold = slurp(a, vec(a, arena_printf(a, "cmdapi/import/%s_gold/%s", tool,
								gold_names[i])), NULL);
		cr_expect_str_eq(import_text(s, n), gold, "%s/%s", tool, d->files[i].name);
		cr_expect_str_eq(arena_printf(a, "%s_%s.sql", d->files[i].version, d->files[i].description),
				 gold_names[i]);
	}
}

Test(dir, import_goldens_goose_dbmate_golang_migrate)
{
	static const char *const two[] = { "1_initial.sql", "2_second_migration.sql" };
	check_import("goose", 2, two);
	check_import("dbmate", 2, two);
	check_import("golang-migrate", 2, two);
}

Test(dir, import_golden_flyway)
{
	const char *src = vec(a, "cmdapi/import/flyway");
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=flyway", src), NULL);
	struct diags dg;
	diags_init(&dg, a);
	cr_assert_eq(migrate_dir_load(d, a, &dg), 0);
	/* B2 drops V1 and V2; U files are ignored; R files come last */
	cr_assert_eq(d->nfiles, 3);
	cr_assert_str_eq(d->files[0].name, "B2__baseline.sql");
	cr_assert_str_eq(d->files[0].version, "2");
	cr_assert_str_eq(d->files[0].description, "baseline");
	cr_assert_str_eq(d->files[1].name, "V3__third_migration.sql");
	cr_assert_str_eq(d->files[2].name, "R__views.sql");
	cr_assert_str_eq(d->files[2].version, "");
	static const char *const gold[] = { "2_baseline.sql", "3_third_migration.sql", "3R_views.sql" };
	for (size_t i = 0; i < 3; i++) {
		struct migrate_stmt *s;
		size_t n;
		cr_assert_eq(migrate_file_split(&s, &n, a, d, &d->files[i], MIGRATE_DIALECT_POSTGRES, &dg), 0);
		cr_expect_str_eq(import_text(s, n),
				 slurp(a, vec(a, arena_printf(a, "cmdapi/import/flyway_gold/%s", gold[i])), NULL));
	}
}

Test(dir, flyway_recursive_numeric_order)
{
	mkdir(arena_printf(a, "%s/sub", tmp), 0755);
	mkdir(arena_printf(a, "%s/.hidden", tmp), 0755);
	put(a, tmp, "V10__ten.sql", "SELECT 10;");
	put(a, tmp, "V9__nine.sql", "SELECT 9;");
	put(a, tmp, "sub/V1.1__one_one.sql", "SELECT 11;");
	put(a, tmp, ".hidden/V2__hidden.sql", "SELECT 2;");
	put(a, tmp, "X1__other.sql", "");
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=flyway", tmp), NULL);
	cr_assert_eq(d->nfiles, 3);
	cr_assert_str_eq(d->files[0].name, "sub/V1.1__one_one.sql");
	cr_assert_str_eq(d->files[0].version, "1.1");
	cr_assert_str_eq(d->files[1].name, "V9__nine.sql");
	cr_assert_str_eq(d->files[2].name, "V10__ten.sql");
}

/* Many flyway files: numeric order, repeatables last, and listing memory
 * linear in the number of files (the sort computes each version once). */
Test(dir, flyway_many_files_memory_linear)
{
	enum { N = 400 };
	for (int i = N; i >= 1; i--)
		put(a, tmp, arena_printf(a, "V%d__step_%d.sql", i, i), "SELECT 1;");
	put(a, tmp, "R__view.sql", "SELECT 1;");
	size_t before = arena_used(a);
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=flyway", tmp), NULL);
	cr_assert_lt(arena_used(a) - before, (size_t)N * 512);
	cr_assert_eq(d->nfiles, N + 1);
	for (int i = 0; i < N; i++) {
		cr_assert_str_eq(d->files[i].version, arena_printf(a, "%d", i + 1));
		cr_assert_str_eq(d->files[i].description, arena_printf(a, "step_%d", i + 1));
	}
	cr_assert_str_eq(d->files[N].name, "R__view.sql");
	cr_assert_str_eq(d->files[N].version, "");
}

Test(dir, golang_migrate_up_only)
{
	put(a, tmp, "1_init.up.sql", "CREATE TABLE t(c int);");
	put(a, tmp, "1_init.down.sql", "DROP TABLE t;");
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=golang-migrate", tmp), NULL);
	cr_assert_eq(d->nfiles, 1);
	cr_assert_str_eq(d->files[0].version, "1");
	cr_assert_str_eq(d->files[0].description, "init");
}

Test(dir, golang_migrate_names_without_description)
{
	put(a, tmp, "2.up.sql", "");
	put(a, tmp, "3_x.up.up.sql", "");
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=golang-migrate", tmp), NULL);
	cr_assert_eq(d->nfiles, 2);
	cr_assert_str_eq(d->files[0].version, "2.up");
	cr_assert_str_eq(d->files[0].description, "");
	cr_assert_str_eq(d->files[1].version, "3");
	cr_assert_str_eq(d->files[1].description, "x.up");
}

/* More names than the listing's first scratch sizes (256 names, 8 KiB of
 * text), written in reverse order: sorted, versions and descriptions
 * intact, every file read back whole (sizes around the read buffer's). */
Test(dir, many_files_sorted_and_read)
{
	enum { N = 700 };
	for (int i = N - 1; i >= 0; i--) {
		char *c = arena_alloc(a, (size_t)i + 2);
		memset(c, 'x', (size_t)i + 1);
		put(a, tmp, arena_printf(a, "%05d_a_rather_long_description_%d.sql", i, i), c);
	}
	put(a, tmp, "99999.sql", "");
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s", tmp), NULL);
	cr_assert_eq(d->nfiles, N + 1);
	for (int i = 0; i < N; i++) {
		cr_assert_str_eq(d->files[i].name,
				 arena_printf(a, "%05d_a_rather_long_description_%d.sql", i, i));
		cr_assert_str_eq(d->files[i].version, arena_printf(a, "%05d", i));
		cr_assert_str_eq(d->files[i].description,
				 arena_printf(a, "a_rather_long_description_%d", i));
	}
	cr_assert_str_eq(d->files[N].version, "99999");
	cr_assert_str_eq(d->files[N].description, "");

	struct strbuf sb = STRBUF_INIT;
	struct diags dg;
	diags_init(&dg, a);
	for (int i = 0; i < N; i += 37) {
		cr_assert_eq(migrate_file_read(&sb, d, &d->files[i], &dg), 0, "%s", diag_text(&dg));
		cr_assert_eq(sb.len, (size_t)i + 1);
		cr_assert_eq(sb.buf[i], 'x');
		cr_assert_eq(sb.buf[sb.len], '\0');
	}
	strbuf_release(&sb);
	cr_assert_eq(migrate_dir_load(d, a, &dg), 0, "%s", diag_text(&dg));
	cr_assert_eq(d->files[N - 1].len, (size_t)N);
	cr_assert_eq(d->files[N].len, 0);
	cr_assert_str_eq(d->files[N].content, "");
}

Test(dir, goose_sections_and_pragma_errors)
{
	put(a, tmp, "1_a.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n");
	put(a, tmp, "2_b.sql", "-- +goose Down\nSELECT 1;\n");
	struct migrate_dir *d = open_ok(arena_printf(a, "file://%s?format=goose", tmp), NULL);
	struct diags dg;
	struct migrate_stmt *s;
	size_t n;
	diags_init(&dg, a);
	cr_assert_eq(migrate_dir_load(d, a, &dg), 0);
	cr_assert_eq(migrate_file_split(&s, &n, a, d, &d->files[0], MIGRATE_DIALECT_POSTGRES, &dg), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(migrate_file_split(&s, &n, a, d, &d->files[1], MIGRATE_DIALECT_POSTGRES, &dg), -1);
	cr_assert_str_eq(diag_text(&dg), "sql/migrate: goose: 2_b.sql:1 unexpected goosePragma 'Down'");

	/* StatementEnd without StatementBegin, a second Up */
	size_t len;
	struct diags d2;
	diags_init(&d2, a);
	const char *t1 = "-- +goose Up\nSELECT 1;\n-- +goose StatementEnd\n";
	cr_assert_null(migrate_goose_text(&len, a, t1, strlen(t1), "3_c.sql", &d2));
	cr_assert_str_eq(diag_text(&d2), "sql/migrate: goose: 3_c.sql:3 unexpected goosePragma 'StatementEnd'");
	diags_init(&d2, a);
	const char *t2 = "-- +goose Up\n-- +goose Up\n";
	cr_assert_null(migrate_goose_text(&len, a, t2, strlen(t2), "4_d.sql", &d2));
	cr_assert_str_eq(diag_text(&d2), "sql/migrate: goose: 4_d.sql:2 unexpected goosePragma 'Up'");
	/* a StatementBegin block is one statement; lines before Up are kept */
	const char *t3 = "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\nSELECT 2;\n-- +goose StatementEnd\nSELECT 3;\n";
	const char *g = migrate_goose_text(&len, a, t3, strlen(t3), "5_e.sql", &d2);
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_GENERIC);
	cr_assert_eq(migrate_split(&s, &n, a, g, len, &o, &d2), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(arena_strndup(a, s[0].text.p, s[0].text.len), "SELECT 1;\nSELECT 2;");
}

Test(dir, dbmate_drops_lines_containing_down)
{
	/* upstream's pattern `-- migrate:up|down` drops any line with "down" */
	size_t len;
	const char *in = "-- migrate:up\nSELECT 'shutdown';\nSELECT 1;\n";
	const char *t = migrate_dbmate_text(&len, a, in, strlen(in));
	cr_assert_str_eq(t, "SELECT 1;");
}

Test(dir, new_file_names)
{
	struct migrate_new_file f[2];
	cr_assert_eq(migrate_new_files(f, a, MIGRATE_FORMAT_ATLAS, 1647600374, NULL), 1);
	cr_assert_str_eq(f[0].name, "20220318104614.sql");
	cr_assert_str_eq(f[0].content, "");
	cr_assert_eq(migrate_new_files(f, a, MIGRATE_FORMAT_ATLAS, 1647600374, "add_users"), 1);
	cr_assert_str_eq(f[0].name, "20220318104614_add_users.sql");
	cr_assert_eq(migrate_new_files(f, a, MIGRATE_FORMAT_GOLANG_MIGRATE, 1647600374, "x"), 2);
	cr_assert_str_eq(f[0].name, "20220318104614_x.up.sql");
	cr_assert_str_eq(f[1].name, "20220318104614_x.down.sql");
	cr_assert_eq(migrate_new_files(f, a, MIGRATE_FORMAT_FLYWAY, 1647600374, "x"), 2);
	cr_assert_str_eq(f[0].name, "V20220318104614__x.sql");
	cr_assert_str_eq(f[1].name, "U20220318104614__x.sql");
	migrate_new_files(f, a, MIGRATE_FORMAT_GOOSE, 1647600374, NULL);
	cr_assert_str_eq(f[0].content, "-- +goose Up\n\n-- +goose Down\n");
}

/* Statement counts of the real-world directories, recorded in
 * tests/vectors/realworld-dirs/stmt-counts.tsv (dialect and dry-run). */
Test(dir, realworld_statement_counts)
{
	size_t len;
	char *tsv = slurp(a, vec(a, "realworld-dirs/stmt-counts.tsv"), &len);
	char *line = strchr(tsv, '\n') + 1;
	const char *cur_dir = NULL;
	struct migrate_dir *d = NULL;
	size_t rows = 0, stmts = 0;
	struct diags dg;
	diags_init(&dg, a);
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *f[6];
		f[0] = line;
		for (int i = 1; i < 6; i++) {
			f[i] = strchr(f[i - 1], '\t');
			cr_assert(f[i]);
			*f[i]++ = '\0';
		}
		if (!cur_dir || strcmp(cur_dir, f[0])) {
			cur_dir = f[0];
			d = open_ok(arena_printf(a, "file://%s?format=%s",
						 vec(a, arena_printf(a, "realworld-dirs/dirs/%s", f[0])), f[1]),
				    NULL);
		}
		struct migrate_file *mf = NULL;
		for (size_t i = 0; i < d->nfiles; i++)
			if (!strcmp(d->files[i].name, f[2]))
				mf = &d->files[i];
		cr_assert(mf, "%s/%s", f[0], f[2]);
		cr_assert_eq(migrate_file_load(mf, a, d, &dg), 0);
		enum migrate_dialect dl = !strcmp(f[3], "pg") ? MIGRATE_DIALECT_POSTGRES :
					  !strcmp(f[3], "sqlite") ? MIGRATE_DIALECT_SQLITE :
					  MIGRATE_DIALECT_MYSQL;
		struct migrate_stmt *s;
		size_t n, gn;
		cr_assert_eq(migrate_file_split(&s, &n, a, d, mf, dl, &dg), 0, "%s", diag_text(&dg));
		cr_expect_eq(n, (size_t)atoi(f[4]), "%s/%s: %zu", f[0], f[2], n);
		cr_assert_eq(migrate_file_split(&s, &gn, a, d, mf, MIGRATE_DIALECT_GENERIC, &dg), 0);
		cr_expect_eq(gn, (size_t)atoi(f[5]), "%s/%s generic: %zu", f[0], f[2], gn);
		rows++;
		stmts += n;
		line = nl ? nl + 1 : NULL;
	}
	cr_assert_eq(rows, 757);
	cr_assert_eq(stmts, 5681);
}
