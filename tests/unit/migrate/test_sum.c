/* atlas.sum: spec §2.7 examples, every upstream and real-world sum, parsing
 * errors, and verification with upstream's localisation (TestValidate). */
#include "mtest.h"

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
TestSuite(sum, .init = setup, .fini = teardown);

static const char *sum_of_mem(const char *const *names, const char *const *contents, size_t n)
{
	size_t lens[8] = { 0 };
	struct migrate_sum s;
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(contents[i]);
	migrate_sum_compute_mem(&s, a, names, contents, lens, n);
	return migrate_sum_format(a, &s, NULL);
}

Test(sum, spec_example_a)
{
	const char *names[] = { "20220318104614_initial.sql", "20220318104615_second.sql" };
	const char *c[] = { "-- create \"tbl\" table\nCREATE TABLE tbl (`col` int NOT NULL);\n",
			    "ALTER TABLE `tbl` ADD `col_2` bigint;\n" };
	cr_assert_str_eq(sum_of_mem(names, c, 2),
			 "h1:GMi7mvWSIHv0I/Wrc2NCGVt9Z5hWZbPa6wL986t7Z2o=\n"
			 "20220318104614_initial.sql h1:FifWjY2X0g2YVnb18Qm+QBPvoldDOOob7bS0LrFuCXc=\n"
			 "20220318104615_second.sql h1:wbPDlODOQeixCiopAhlT7W4xOO9TgJxzjYjxf4TA2f4=\n");
}

Test(sum, spec_example_b_no_final_newlines)
{
	const char *names[] = { "1.a_sub.up.sql", "2.10.x-20_description.sql", "3_partly.sql" };
	const char *c[] = {
		"-- create table \"t_sub\"\nCREATE TABLE t_sub(c int);\n-- add c1 column\nALTER TABLE t_sub ADD c1 int;",
		"-- add c2 column\nALTER TABLE t_sub ADD c2 int;",
		"-- add c3 column\nALTER TABLE t_sub ADD c3 int;\n-- add c4 column\nALTER TABLE t_sub ADD c4 int;",
	};
	cr_assert_str_eq(sum_of_mem(names, c, 3),
			 "h1:VpH77zWOBMwX5QhvnQo0XQvXCrOYZg4h1o0XlJTQnl0=\n"
			 "1.a_sub.up.sql h1:nXyZR020M/mH7LxkoTkJr7BcQkipVg90imQ9I4595dw=\n"
			 "2.10.x-20_description.sql h1:wQB3Vh3PHVXQg9OD3Gn7TBxbZN3r1Qb7TtAE1g3q9mQ=\n"
			 "3_partly.sql h1:lHlMz6mEvBfvjry5lFXjs2vi6Et9xb9CWicaOXD42Qc=\n");
}

Test(sum, spec_example_c_sum_ignore)
{
	const char *names[] = { "1_a.sql", "2_tpl.sql", "3_b.sql" };
	const char *c[] = { "CREATE TABLE a (id int);\n", "-- atlas:sum ignore\nSELECT 1;\n",
			    "CREATE TABLE b (id int);\n" };
	cr_assert_str_eq(sum_of_mem(names, c, 3),
			 "h1:X6G8hLz0cYK0NO6LHlJgGfqhPW5No1Yg+EJ5v8yDgPU=\n"
			 "1_a.sql h1:e72Wd39UNYY4sGrVkNYkCs4GRrWBQ0ASXh73rS+WpU4=\n"
			 "3_b.sql h1:FluND3tMWLF676fNPg9GCpvJWE7auO4MKaxKi2OYmmU=\n");
}

Test(sum, empty_file_hashes_its_name)
{
	/* an empty file contributes only its name to the running hash */
	const char *n1[] = { "1_a.sql" };
	const char *c1[] = { "" };
	const char *n2[] = { "1_a.sql", "2_b.sql" };
	const char *c2[] = { "", "" };
	const char *one = sum_of_mem(n1, c1, 1), *two = sum_of_mem(n2, c2, 2);
	cr_assert_eq(strlen(one), 48 + 7 + 1 + 47 + 1);
	/* the first entry is the same; the second differs (name fed again) */
	cr_assert(strncmp(one + 48, two + 48, 56) == 0);
	cr_assert(strstr(two, "2_b.sql h1:"));
}

Test(sum, empty_directory)
{
	cr_assert_str_eq(sum_of_mem(NULL, NULL, 0), "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
}

Test(sum, sum_ignore_directive_variants)
{
	const char *yes[] = { "-- atlas:sum ignore\n", "//atlas:sum ignore", "atlas:sum ignore\nx",
			      "-- x atlas:sum ignore\n", "-- atlas:sum  ignore\n" };
	const char *no[] = { "-- atlas:sum ignore \n", "-- atlas:sum ignore\r\n", "-- atlas:sum\n",
			     "\n-- atlas:sum ignore\n", "\t-- atlas:sum ignore", "-- atlas:sum ignore2\n" };
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		const char *nm[] = { "1.sql" };
		const char *c[] = { yes[i] };
		cr_expect(strstr(sum_of_mem(nm, c, 1), "1.sql") == NULL, "should ignore: %s", yes[i]);
	}
	for (size_t i = 0; i < ARRAY_LEN(no); i++) {
		const char *nm[] = { "1.sql" };
		const char *c[] = { no[i] };
		cr_expect(strstr(sum_of_mem(nm, c, 1), "1.sql") != NULL, "should hash: %s", no[i]);
	}
}

/* Re-hashes a copy of dir (atlas.sum removed) and compares with its sum. */
static void check_dir_sum(const char *dir, const char *format)
{
	struct diags d;
	struct migrate_dir *md;
	struct migrate_sum s;
	size_t len;
	char *want = slurp(a, arena_printf(a, "%s/atlas.sum", dir), &len);

	diags_init(&d, a);
	cr_assert_eq(migrate_dir_open(&md, a, arena_printf(a, "file://%s", dir), format, false, &d), 0,
		     "%s: %s", dir, diag_text(&d));
	cr_assert_eq(migrate_sum_compute(&s, a, md, &d), 0, "%s", diag_text(&d));
	cr_expect_str_eq(migrate_sum_format(a, &s, NULL), want, "%s", dir);
}

static int find_sums(const char *root, const char ***out, size_t *n, size_t *cap)
{
	DIR *dp = opendir(root);
	struct dirent *e;
	int found = 0;
	cr_assert(dp, "open %s", root);
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		const char *p = arena_printf(a, "%s/%s", root, e->d_name);
		struct stat st;
		if (stat(p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			found += find_sums(p, out, n, cap);
		} else if (!strcmp(e->d_name, "atlas.sum")) {
			if (*n == *cap) {
				*out = arena_realloc(a, *out, *cap * sizeof(**out), (*cap + 32) * sizeof(**out));
				*cap += 32;
			}
			(*out)[(*n)++] = root;
			found++;
		}
	}
	closedir(dp);
	return found;
}

Test(sum, every_upstream_sum_reproduces)
{
	const char **dirs = NULL;
	size_t n = 0, cap = 0;
	find_sums(vec(a, "sql-migrate"), &dirs, &n, &cap);
	find_sums(vec(a, "cmdapi"), &dirs, &n, &cap);
	find_sums(vec(a, "cmdapi-more"), &dirs, &n, &cap);
	cr_assert_eq(n, 21);
	for (size_t i = 0; i < n; i++)
		check_dir_sum(dirs[i], "atlas");
}

Test(sum, every_verifying_realworld_sum_reproduces)
{
	const char *root = vec(a, "realworld-dirs/dirs");
	const char **dirs = NULL;
	size_t n = 0, cap = 0, ok = 0;
	find_sums(root, &dirs, &n, &cap);
	cr_assert_eq(n, 27);
	for (size_t i = 0; i < n; i++) {
		if (strstr(dirs[i], "virtual-machine-api") || strstr(dirs[i], "mensatt") ||
		    strstr(dirs[i], "go-modern-scaffold"))
			continue;
		check_dir_sum(dirs[i], strstr(dirs[i], "openmeter") ? "golang-migrate" : "atlas");
		ok++;
	}
	cr_assert_eq(ok, 24);
}

static struct migrate_check verify(const char *dir, const char *fmt, int *rc, const char **msg)
{
	struct diags d;
	struct migrate_dir *md;
	struct migrate_check c;
	diags_init(&d, a);
	cr_assert_eq(migrate_dir_open(&md, a, arena_printf(a, "file://%s", dir), fmt, false, &d), 0,
		     "%s", diag_text(&d));
	*rc = migrate_dir_verify(&c, NULL, a, md, &d);
	*msg = diag_text(&d);
	return c;
}

Test(sum, realworld_mismatches_reported_like_upstream)
{
	static const struct {
		const char *dir;
		unsigned line;
		const char *file;
	} cases[] = {
		{ "infratographer__virtual-machine-api__db__migrations", 4,
		  "20230920170133_virtual_machine_memory_configs.sql" },
		{ "mensatt__backend__internal__database__migrations", 2,
		  "20231103235442_initial_database.sql" },
		{ "dunamismax__go-modern-scaffold__db__migrations", 2, "20240712000000_init.sql" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int rc;
		const char *msg;
		struct migrate_check c =
			verify(vec(a, arena_printf(a, "realworld-dirs/dirs/%s", cases[i].dir)), NULL,
			       &rc, &msg);
		cr_expect_eq(rc, MIGRATE_ESUM_MISMATCH);
		cr_expect_str_eq(msg, "checksum mismatch");
		cr_expect(c.localised);
		cr_expect_eq(c.reason, MIGRATE_REASON_EDITED, "%s", cases[i].dir);
		cr_expect_eq(c.line, cases[i].line);
		cr_expect_str_eq(c.file, cases[i].file);
	}
	/* openmeter read as atlas format: the first .down.sql is "added" */
	int rc;
	const char *msg;
	struct migrate_check c = verify(
		vec(a, "realworld-dirs/dirs/openmeterio__openmeter__tools__migrate__migrations"),
		NULL, &rc, &msg);
	cr_expect_eq(rc, MIGRATE_ESUM_MISMATCH);
	cr_expect_eq(c.reason, MIGRATE_REASON_ADDED);
	cr_expect_str_eq(c.file, "20240826120919_init.down.sql");
	/* piccobit verifies only as atlas format */
	c = verify(vec(a, "realworld-dirs/dirs/piccobit__sisco__migrations__postgres"), NULL, &rc, &msg);
	cr_expect_eq(rc, 0);
	c = verify(vec(a, "realworld-dirs/dirs/piccobit__sisco__migrations__postgres"),
		   "golang-migrate", &rc, &msg);
	cr_expect_eq(rc, MIGRATE_ESUM_MISMATCH);
}

/* A scratch copy of sql-migrate/migrate/ (TestValidate's fixture). */
static const char *copy_fixture(void)
{
	const char *src = vec(a, "sql-migrate/migrate");
	const char *files[] = { "1_initial.down.sql", "1_initial.up.sql", "atlas.sum" };
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		size_t len;
		char *b = slurp(a, arena_printf(a, "%s/%s", src, files[i]), &len);
		spit(arena_printf(a, "%s/%s", tmp, files[i]), b, len);
	}
	return tmp;
}

static void expect_check(unsigned line, size_t pos, enum migrate_reason r, const char *file)
{
	int rc;
	const char *msg;
	struct migrate_check c = verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, MIGRATE_ESUM_MISMATCH, "rc %d (%s)", rc, msg);
	cr_assert_str_eq(msg, "checksum mismatch");
	cr_assert_eq(c.line, line);
	cr_assert_eq(c.pos, pos);
	cr_assert_eq(c.reason, r);
	cr_assert_str_eq(c.file, file);
}

Test(sum, validate_removed_edited_added_like_upstream)
{
	int rc;
	const char *msg;
	copy_fixture();
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, 0);

	/* sum file alone */
	unlink(arena_printf(a, "%s/1_initial.down.sql", tmp));
	unlink(arena_printf(a, "%s/1_initial.up.sql", tmp));
	expect_check(2, 48, MIGRATE_REASON_REMOVED, "1_initial.down.sql");
	struct migrate_check c = verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(c.total, 2);

	/* appending to 1_initial.up.sql */
	copy_fixture();
	FILE *f = fopen(arena_printf(a, "%s/1_initial.up.sql", tmp), "ab");
	fputs("something", f);
	fclose(f);
	expect_check(3, 115, MIGRATE_REASON_EDITED, "1_initial.up.sql");

	/* adding 2_second.sql */
	copy_fixture();
	put(a, tmp, "2_second.sql", "CREATE TABLE t(c int);");
	expect_check(4, 180, MIGRATE_REASON_ADDED, "2_second.sql");
	unlink(arena_printf(a, "%s/2_second.sql", tmp));

	/* renaming 1_initial.up.sql to 1_first.up.sql, then deleting it */
	rename(arena_printf(a, "%s/1_initial.up.sql", tmp), arena_printf(a, "%s/1_first.up.sql", tmp));
	expect_check(2, 48, MIGRATE_REASON_ADDED, "1_first.up.sql");
	unlink(arena_printf(a, "%s/1_first.up.sql", tmp));
	expect_check(3, 115, MIGRATE_REASON_REMOVED, "1_initial.up.sql");
}

Test(sum, validate_header_and_format_errors)
{
	int rc;
	const char *msg;
	size_t len;

	copy_fixture();
	char *sum = slurp(a, arena_printf(a, "%s/atlas.sum", tmp), &len);
	/* first three bytes replaced: plain mismatch, not localised */
	char *bad = arena_memdup(a, sum, len);
	memcpy(bad, "foo", 3);
	spit(arena_printf(a, "%s/atlas.sum", tmp), bad, len);
	struct migrate_check c = verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, MIGRATE_ESUM_MISMATCH);
	cr_assert_str_eq(msg, "checksum mismatch");
	cr_assert(!c.localised);

	/* a final "foo" line */
	spit(arena_printf(a, "%s/atlas.sum", tmp), arena_printf(a, "%sfoo", sum), len + 3);
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, MIGRATE_ESUM_FORMAT);
	cr_assert_str_eq(msg, "checksum file format invalid");

	/* a trailing blank line is a format error too */
	spit(arena_printf(a, "%s/atlas.sum", tmp), arena_printf(a, "%s\n", sum), len + 1);
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, MIGRATE_ESUM_FORMAT);

	/* CRLF line endings are accepted */
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (sum[i] == '\n')
			strbuf_addch(&sb, '\r');
		strbuf_addch(&sb, sum[i]);
	}
	spit(arena_printf(a, "%s/atlas.sum", tmp), sb.buf, sb.len);
	strbuf_release(&sb);
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, 0);

	/* an empty atlas.sum: no lines, header "" differs */
	spit(arena_printf(a, "%s/atlas.sum", tmp), "", 0);
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, MIGRATE_ESUM_MISMATCH);

	/* missing atlas.sum: an error only with migration files */
	unlink(arena_printf(a, "%s/atlas.sum", tmp));
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, MIGRATE_ESUM_NOT_FOUND);
	cr_assert_str_eq(msg, "checksum file not found");
	unlink(arena_printf(a, "%s/1_initial.up.sql", tmp));
	unlink(arena_printf(a, "%s/1_initial.down.sql", tmp));
	put(a, tmp, "README.md", "not a migration");
	verify(tmp, NULL, &rc, &msg);
	cr_assert_eq(rc, 0);
}

Test(sum, parse_and_lookup)
{
	struct diags d;
	struct migrate_sum s;
	const char *text = "h1:GMi7mvWSIHv0I/Wrc2NCGVt9Z5hWZbPa6wL986t7Z2o=\n"
			   "  20220318104614_initial.sql   h1:FifWjY2X0g2YVnb18Qm+QBPvoldDOOob7bS0LrFuCXc=\n"
			   "20220318104615_second.sql h1:wbPDlODOQeixCiopAhlT7W4xOO9TgJxzjYjxf4TA2f4=";
	diags_init(&d, a);
	cr_assert_eq(migrate_sum_parse(&s, a, text, strlen(text), &d), 0, "%s", diag_text(&d));
	cr_assert_eq(s.n, 2);
	cr_assert_str_eq(migrate_sum_lookup(&s, "20220318104614_initial.sql"),
			 "FifWjY2X0g2YVnb18Qm+QBPvoldDOOob7bS0LrFuCXc=");
	cr_assert_null(migrate_sum_lookup(&s, "nope.sql"));
	cr_assert_str_eq(migrate_reason_name(MIGRATE_REASON_REMOVED), "removed");
}

/* The sum pass parses the header directives from the bytes it reads (and
 * skips the parse for files that cannot hold one): the same fields as
 * migrate_file_parse_header on the content. */
/* The binary search of a sorted sum finds what the linear search of an
 * unsorted one finds: every name, the first of duplicates, NULL else. */
Test(sum, lookup_sorted_and_unsorted)
{
	enum { N = 37 };
	const char *names[N], *contents[N];
	size_t lens[N];
	struct migrate_sum s, p;
	struct diags d;

	for (size_t i = 0; i < N; i++) {
		names[i] = arena_printf(a, "2024%02zu_f.sql", i * 2);
		contents[i] = arena_printf(a, "SELECT %zu;", i);
		lens[i] = strlen(contents[i]);
	}
	migrate_sum_compute_mem(&s, a, names, contents, lens, N);
	cr_assert(s.sorted);
	for (size_t i = 0; i < N; i++)
		cr_assert_eq(migrate_sum_lookup(&s, names[i]), s.entries[i].hash);
	for (size_t i = 0; i <= N; i++)
		cr_assert_null(migrate_sum_lookup(&s, arena_printf(a, "2024%02zu_f.sql", i * 2 + 1)));
	cr_assert_null(migrate_sum_lookup(&s, ""));
	cr_assert_null(migrate_sum_lookup(&s, "zzz.sql"));

	/* the same entries parsed back are sorted too */
	char *text = migrate_sum_format(a, &s, NULL);
	diags_init(&d, a);
	cr_assert_eq(migrate_sum_parse(&p, a, text, strlen(text), &d), 0, "%s", diag_text(&d));
	cr_assert(p.sorted);
	cr_assert_str_eq(migrate_sum_lookup(&p, names[N - 1]), s.entries[N - 1].hash);

	/* out of order (another format's listing) and duplicates: linear */
	const char *t2 = "h1:x\nb.sql h1:B1\na.sql h1:A\nb.sql h1:B2\n";
	diags_init(&d, a);
	cr_assert_eq(migrate_sum_parse(&p, a, t2, strlen(t2), &d), MIGRATE_ESUM_MISMATCH);
	cr_assert_not(p.sorted);
	cr_assert_str_eq(migrate_sum_lookup(&p, "a.sql"), "A");
	cr_assert_str_eq(migrate_sum_lookup(&p, "b.sql"), "B1");
	cr_assert_null(migrate_sum_lookup(&p, "c.sql"));
	const char *t3 = "h1:x\na.sql h1:A1\na.sql h1:A2\n";
	cr_assert_eq(migrate_sum_parse(&p, a, t3, strlen(t3), &d), MIGRATE_ESUM_MISMATCH);
	cr_assert_not(p.sorted);
	cr_assert_str_eq(migrate_sum_lookup(&p, "a.sql"), "A1");
}

Test(sum, sum_pass_headers_equal_parse_header)
{
	static const char *const contents[] = {
		"-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t(c);\n",
		"CREATE TABLE t(c int);\n-- atlas:txmode none\n",
		"SELECT 1; -- atlas:sum ignore\n",
		"atlas:sum ignore\nSELECT 1;\n",
		"#atlas:checkpoint tag\n\nSELECT 1;\n",
		"\n-- atlas:txmode none\n\n",
		"--atlas:sum ignore",
		"-- just a comment\n\nSELECT 1;\n",
		"",
		"CREATE TABLE atlas(c int); -- atlas: nothing\n",
	};
	for (size_t i = 0; i < ARRAY_LEN(contents); i++)
		put(a, tmp, arena_printf(a, "%zu_f.sql", i), contents[i]);

	struct diags d;
	struct migrate_dir *md;
	struct migrate_sum s;
	diags_init(&d, a);
	cr_assert_eq(migrate_dir_open(&md, a, arena_printf(a, "file://%s", tmp), NULL, false, &d), 0);
	cr_assert_eq(md->nfiles, ARRAY_LEN(contents));
	cr_assert_eq(migrate_sum_compute(&s, a, md, &d), 0, "%s", diag_text(&d));
	for (size_t i = 0; i < md->nfiles; i++) {
		struct migrate_file *f = &md->files[i], want = { 0 };
		const char *c = contents[f->name[0] - '0'];

		migrate_file_parse_header(&want, a, c, strlen(c));
		cr_assert(f->header_parsed);
		cr_expect_eq(f->sum_ignored, want.sum_ignored, "%s", f->name);
		cr_expect_eq(f->checkpoint, want.checkpoint, "%s", f->name);
		cr_expect_eq(f->ntxmodes, want.ntxmodes, "%s", f->name);
		if (want.checkpoint)
			cr_expect_str_eq(f->checkpoint_tag, want.checkpoint_tag, "%s", f->name);
		else
			cr_expect_null(f->checkpoint_tag, "%s", f->name);
		for (size_t k = 0; k < want.ntxmodes; k++)
			cr_expect_str_eq(f->txmodes[k], want.txmodes[k], "%s", f->name);
	}
	/* the spot checks the table above is about */
	cr_assert(md->files[2].sum_ignored);
	cr_assert(md->files[3].sum_ignored);
	cr_assert_eq(md->files[0].ntxmodes, 1);
	cr_assert_eq(md->files[1].ntxmodes, 0);
	cr_assert(md->files[4].checkpoint);
}

/* atlas.sum with CRLF line ends and padded names verifies; a parse leaves
 * the caller's buffer as it was. */
Test(sum, crlf_sum_file_verifies_and_parse_keeps_input)
{
	put(a, tmp, "1_a.sql", "SELECT 1;");
	put(a, tmp, "2_b.sql", "SELECT 2;");

	struct diags d;
	struct migrate_dir *md;
	struct migrate_sum s, p;
	struct migrate_check c;
	struct strbuf sb = STRBUF_INIT;
	diags_init(&d, a);
	cr_assert_eq(migrate_dir_open(&md, a, arena_printf(a, "file://%s", tmp), NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_compute(&s, a, md, &d), 0);
	strbuf_addf(&sb, "h1:%s\r\n", s.total);
	for (size_t i = 0; i < s.n; i++)
		strbuf_addf(&sb, "  %s \th1:%s\r\n", s.entries[i].name, s.entries[i].hash);
	put(a, tmp, "atlas.sum", sb.buf);

	char *copy = arena_strdup(a, sb.buf);
	cr_assert_eq(migrate_sum_parse(&p, a, sb.buf, sb.len, &d), 0, "%s", diag_text(&d));
	cr_assert_str_eq(sb.buf, copy);
	cr_assert_eq(p.n, 2);
	cr_assert_str_eq(p.entries[1].name, "2_b.sql");
	cr_assert_str_eq(p.entries[1].hash, s.entries[1].hash);
	cr_assert_str_eq(p.total, s.total);
	strbuf_release(&sb);

	struct migrate_sum computed;
	cr_assert_eq(migrate_dir_verify(&c, &computed, a, md, &d), 0, "%s", diag_text(&d));
	cr_assert_str_eq(computed.total, s.total);
	cr_assert_eq(computed.n, 2);

	/* an edited file: the computed total is the directory's, not the
	 * sum file's */
	put(a, tmp, "2_b.sql", "SELECT 3;");
	cr_assert_eq(migrate_dir_verify(&c, &computed, a, md, &d), MIGRATE_ESUM_MISMATCH);
	cr_assert_eq(c.reason, MIGRATE_REASON_EDITED);
	cr_assert_str_eq(c.file, "2_b.sql");
	struct migrate_sum fresh;
	cr_assert_eq(migrate_sum_compute(&fresh, a, md, &d), 0);
	cr_assert_str_eq(computed.total, fresh.total);
	cr_assert_str_neq(computed.total, s.total);
}

/* migrate_sum_rewrite (`migrate hash`) writes what compute + format give,
 * through the same fopen: an existing atlas.sum keeps its mode and a
 * symlink stays a symlink; a file that cannot be read leaves it alone. */
Test(sum, rewrite_equals_compute_and_format)
{
	struct diags d;
	struct migrate_dir *dir;
	struct migrate_sum s;
	const char *url = arena_printf(a, "file://%s", tmp);
	char *sum_path = arena_printf(a, "%s/atlas.sum", tmp);
	size_t len;
	struct stat st;

	diags_init(&d, a);
	/* empty directory: the digest of nothing */
	cr_assert_eq(migrate_dir_open(&dir, a, url, NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_rewrite(a, dir, &d), 0, "%s", diag_text(&d));
	cr_assert_str_eq(slurp(a, sum_path, &len), "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");

	for (int i = 1; i <= 300; i++)
		put(a, tmp, arena_printf(a, "%04d_f.sql", i), arena_printf(a, "SELECT %d;\n", i));
	put(a, tmp, "0150_x.sql", "-- atlas:sum ignore\nSELECT 1;\n");
	put(a, tmp, "0151_y.sql", "-- atlas:txmode none\n\nSELECT 2;\n");
	cr_assert_eq(chmod(sum_path, 0600), 0);
	cr_assert_eq(migrate_dir_open(&dir, a, url, NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_compute(&s, a, dir, &d), 0);
	const char *want = migrate_sum_format(a, &s, NULL);
	cr_assert_eq(migrate_dir_open(&dir, a, url, NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_rewrite(a, dir, &d), 0, "%s", diag_text(&d));
	cr_assert_str_eq(slurp(a, sum_path, &len), want);
	cr_assert_eq(stat(sum_path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	for (size_t i = 0; i < dir->nfiles; i++) {
		const struct migrate_file *f = &dir->files[i];
		cr_assert_eq(f->sum_ignored, !strcmp(f->name, "0150_x.sql"));
		cr_assert_eq(f->ntxmodes, !strcmp(f->name, "0151_y.sql")); /* headers parsed */
	}

	/* atlas.sum a symlink: written through it */
	char *real = arena_printf(a, "%s/real.sum", tmp);
	cr_assert_eq(rename(sum_path, real), 0);
	cr_assert_eq(symlink("real.sum", sum_path), 0);
	put(a, tmp, "0301_g.sql", "SELECT 301;\n");
	cr_assert_eq(migrate_dir_open(&dir, a, url, NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_rewrite(a, dir, &d), 0, "%s", diag_text(&d));
	cr_assert_eq(lstat(sum_path, &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	cr_assert_eq(migrate_dir_open(&dir, a, url, NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_compute(&s, a, dir, &d), 0);
	cr_assert_str_eq(slurp(a, real, &len), migrate_sum_format(a, &s, NULL));

	/* a file that cannot be read (a directory named *.sql): an error,
	 * atlas.sum as it was */
	const char *before = slurp(a, real, &len);
	cr_assert_eq(mkdir(arena_printf(a, "%s/0200_z.sql", tmp), 0755), 0);
	cr_assert_eq(migrate_dir_open(&dir, a, url, NULL, false, &d), 0);
	cr_assert_eq(migrate_sum_rewrite(a, dir, &d), -1);
	cr_assert(strstr(diag_text(&d), "0200_z.sql"), "%s", diag_text(&d));
	cr_assert_str_eq(slurp(a, real, &len), before);
}
