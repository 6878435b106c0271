/* Statement splitter: upstream lex goldens, spec §3.9 vectors, errors,
 * comments, quirks, streaming, pathological inputs. */
#include "mtest.h"

#include <time.h>

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }
TestSuite(split, .init = setup, .fini = teardown);

static const char *join(const struct migrate_stmt *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&sb, "\n-- end --\n");
		strbuf_add(&sb, s[i].text.p, s[i].text.len);
	}
	const char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

/* Splits and joins with the golden separator; "ERR:<msg>" on error. */
static const char *split_str(const char *in, size_t len, const struct migrate_split_opts *o)
{
	struct diags d;
	struct migrate_stmt *s;
	size_t n;
	diags_init(&d, a);
	if (migrate_split(&s, &n, a, in, len, o, &d) < 0)
		return arena_printf(a, "ERR:%s", diag_text(&d));
	return join(s, n);
}

static const char *pg(const char *in)
{
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_POSTGRES);
	return split_str(in, strlen(in), &o);
}

static const char *lite(const char *in)
{
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_SQLITE);
	return split_str(in, strlen(in), &o);
}

static const char *generic(const char *in)
{
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_GENERIC);
	return split_str(in, strlen(in), &o);
}

/* Options of upstream lex_test.go per folder (testdata README table). */
static struct migrate_split_opts lex_opts(const char *folder, const char *name)
{
	struct migrate_split_opts o = { 0 };
	if (!strcmp(folder, "lex")) {
		o.match_begin = o.match_begin_atomic = o.match_dollar_quote = true;
		o.backslash_escapes = o.escaped_string_ext = true;
		o.hash_comments = strstr(name, "_pg") == NULL;
	} else if (!strcmp(folder, "lexgroup")) {
		o.match_begin = true;
	}
	return o;
}

static int run_golden_folder(const char *folder)
{
	const char *dir = vec(a, arena_printf(a, "sql-migrate/%s", folder));
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert(dp, "open %s", dir);
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 4, ".sql") || strstr(e->d_name, "_ms"))
			continue;
		size_t inlen, glen;
		char *in = slurp(a, arena_printf(a, "%s/%s", dir, e->d_name), &inlen);
		char *gold = slurp(a, arena_printf(a, "%s/%s.golden", dir, e->d_name), &glen);
		struct migrate_split_opts o = lex_opts(folder, e->d_name);
		const char *got = split_str(in, inlen, &o);
		cr_expect_str_eq(got, gold, "%s/%s", folder, e->d_name);
		n++;
	}
	closedir(dp);
	return n;
}

Test(split, upstream_goldens_lex_and_lexgroup)
{
	int n = run_golden_folder("lex") + run_golden_folder("lexgroup");
	cr_assert_eq(n, 21, "golden count %d", n);
}

Test(split, upstream_lexescaped_both_option_sets)
{
	size_t l1, l2, g1, g2;
	char *my = slurp(a, vec(a, "sql-migrate/lexescaped/1.my.sql"), &l1);
	char *pgf = slurp(a, vec(a, "sql-migrate/lexescaped/2.pg.sql"), &l2);
	char *mygold = slurp(a, vec(a, "sql-migrate/lexescaped/1.my.sql.golden"), &g1);
	char *pggold = slurp(a, vec(a, "sql-migrate/lexescaped/2.pg.sql.golden"), &g2);
	struct migrate_split_opts bs = { .backslash_escapes = true };
	struct migrate_split_opts ext = { .escaped_string_ext = true };

	cr_assert_str_eq(split_str(my, l1, &bs), mygold);
	cr_assert_str_eq(split_str(pgf, l2, &bs), "ERR:4:40: unclosed quote '\\''");
	cr_assert_str_eq(split_str(my, l1, &ext), "ERR:4:42: unclosed quote '\\''");
	cr_assert_str_eq(split_str(pgf, l2, &ext), pggold);
}

Test(split, spec_3_9_vectors)
{
	cr_assert_str_eq(pg("-- c1\n-- c2\nCREATE TABLE t(c int);\n\n-- x\n\nSELECT 1; -- y\nSELECT 2;"),
			 "CREATE TABLE t(c int);\n-- end --\nSELECT 1;\n-- end --\nSELECT 2;");
	cr_assert_str_eq(pg("DO $b$\nBEGIN\n  RAISE NOTICE 'x;';\nEND\n$b$;\nSELECT 2;"),
			 "DO $b$\nBEGIN\n  RAISE NOTICE 'x;';\nEND\n$b$;\n-- end --\nSELECT 2;");
	cr_assert_str_eq(pg("CREATE FUNCTION f() RETURNS int LANGUAGE SQL\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nSELECT 3;"),
			 "CREATE FUNCTION f() RETURNS int LANGUAGE SQL\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\n-- end --\nSELECT 3;");
	cr_assert_str_eq(lite("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\nEND;\nSELECT 1;"),
			 "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\nEND;\n-- end --\nSELECT 1;");
	cr_assert_str_eq(pg("CREATE TABLE \"a;b\" (c text DEFAULT 'x;y' /* ; */);"),
			 "CREATE TABLE \"a;b\" (c text DEFAULT 'x;y' /* ; */);");
	cr_assert_str_eq(pg("-- atlas:delimiter ;;\n-- atlas:txmode none\n\nSELECT 1;\nSELECT 2;;\nSELECT 3;;"),
			 "SELECT 1;\nSELECT 2\n-- end --\nSELECT 3");
	cr_assert_str_eq(pg("-- atlas:txmode none\n-- atlas:delimiter ;;\n\nSELECT 1;;"),
			 "SELECT 1;\n-- end --\n;");
	cr_assert_str_eq(pg(";;\nSELECT 1;\n;"), ";\n-- end --\n;\n-- end --\nSELECT 1;\n-- end --\n;");
	cr_assert_str_eq(pg("BEGIN TRANSACTION;\nSELECT 1;\nEND;\nSELECT 2;"),
			 "BEGIN TRANSACTION;\nSELECT 1;\nEND;\n-- end --\nSELECT 2;");
	cr_assert_str_eq(generic("INSERT INTO t VALUES (E'it\\'s');"),
			 "ERR:1:30: unclosed quote '\\''");
}

Test(split, sqlite_trigger_generic_split_differs_for_dry_run)
{
	/* §4.8: the dry run splits with the generic options. */
	cr_assert_str_eq(generic("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\nEND;"),
			 "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\n-- end --\nEND;");
}

Test(split, begin_rules)
{
	cr_assert_str_eq(lite("BEGIN;\nSELECT 1;\nCOMMIT;"), "BEGIN;\n-- end --\nSELECT 1;\n-- end --\nCOMMIT;");
	cr_assert_str_eq(lite("BEGIN TRANSACTION;\nSELECT 1;\nCOMMIT;"),
			 "BEGIN TRANSACTION;\n-- end --\nSELECT 1;\n-- end --\nCOMMIT;");
	cr_assert_str_eq(lite("CREATE TABLE t(begin int);\nSELECT 1;"),
			 "CREATE TABLE t(begin int);\n-- end --\nSELECT 1;");
	/* END IF; does not close a BEGIN block; END; does. */
	cr_assert_str_eq(lite("CREATE TRIGGER x BEGIN\n SELECT 1;\n END IF;\n END;\nSELECT 2;"),
			 "CREATE TRIGGER x BEGIN\n SELECT 1;\n END IF;\n END;\n-- end --\nSELECT 2;");
	/* nested BEGIN blocks recurse */
	cr_assert_str_eq(lite("CREATE TRIGGER x BEGIN\n BEGIN\n SELECT 1;\n END;\n END;\nSELECT 2;"),
			 "CREATE TRIGGER x BEGIN\n BEGIN\n SELECT 1;\n END;\n END;\n-- end --\nSELECT 2;");
	/* lower case end ; */
	cr_assert_str_eq(lite("create trigger x begin select 1; end ;select 2;"),
			 "create trigger x begin select 1; end ;\n-- end --\nselect 2;");
}

Test(split, comments_and_positions)
{
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_POSTGRES);
	struct diags d;
	struct migrate_stmt *s;
	size_t n;
	const char *in = "-- c1\n/* c2 */\nSELECT 1; -- y\n\n\nSELECT\n 2 -- inner ; x\n;\n-- trailing\n";
	diags_init(&d, a);
	cr_assert_eq(migrate_split(&s, &n, a, in, strlen(in), &o, &d), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(s[0].ncomments, 2);
	cr_assert_eq(s[0].comments[0].len, 6); /* "-- c1\n" */
	cr_assert_eq(s[0].line, 3);
	cr_assert_eq(s[0].pos, 15);
	/* "-- y" is detached by the blank lines that follow it */
	cr_assert_eq(s[1].ncomments, 0);
	cr_assert_eq(s[1].line, 6);
	cr_assert_str_eq(arena_strndup(a, s[1].text.p, s[1].text.len), "SELECT\n 2 -- inner ; x\n;");
}

Test(split, empty_whitespace_and_comment_only_inputs)
{
	cr_assert_str_eq(pg(""), "");
	cr_assert_str_eq(pg(" \n\t\r\n"), "");
	cr_assert_str_eq(pg("-- only a comment\n"), "");
	cr_assert_str_eq(pg("/* x */\n-- y\n"), "");
	/* an unterminated trailing comment becomes a statement (§3.7) */
	cr_assert_str_eq(pg("SELECT 1;\n-- the end"), "SELECT 1;\n-- end --\n-- the end");
	/* no final newline, no delimiter */
	cr_assert_str_eq(pg("SELECT 1;\nSELECT 2"), "SELECT 1;\n-- end --\nSELECT 2");
}

Test(split, crlf_and_utf8)
{
	cr_assert_str_eq(pg("-- c\r\nSELECT 1;\r\nSELECT 'é';\r\n"), "SELECT 1;\n-- end --\nSELECT 'é';");
	/* U+00A0 and U+3000 are Unicode white space and get trimmed */
	cr_assert_str_eq(pg("\xc2\xa0SELECT 1;\xe3\x80\x80\nSELECT 2;"), "SELECT 1;\n-- end --\nSELECT 2;");
	/* invalid UTF-8 passes through untouched */
	cr_assert_str_eq(pg("SELECT '\xff\xfe';"), "SELECT '\xff\xfe';");
	/* dollar-quote tags may use U+00C8..U+00FF */
	cr_assert_str_eq(pg("SELECT $\xc3\xa9$;$\xc3\xa9$;SELECT 1;"),
			 "SELECT $\xc3\xa9$;$\xc3\xa9$;\n-- end --\nSELECT 1;");
}

Test(split, errors_with_upstream_positions)
{
	cr_assert_str_eq(pg("SELECT 1;\nSELECT (1;\n"), "ERR:2:8: unclosed '('");
	cr_assert_str_eq(pg("SELECT 1);"), "ERR:1:9: unexpected ')'");
	cr_assert_str_eq(pg("SELECT \"x;"), "ERR:1:8: unclosed quote '\"'");
	cr_assert_str_eq(pg("SELECT 1;\n  `x"), "ERR:2:3: unclosed quote '`'");
	cr_assert_str_eq(pg("-- atlas:delimiter\nSELECT 1;"), "ERR:empty delimiter");
	cr_assert_str_eq(pg("-- atlas:delimiter $$"), "ERR:1:0: no input found after delimiter \"$$\"");
	/* the delimiter line counts for positions */
	cr_assert_str_eq(pg("-- atlas:delimiter $$\nSELECT 'x$$"), "ERR:2:8: unclosed quote '\\''");
	/* an unterminated dollar quote is silently accepted */
	cr_assert_str_eq(pg("SELECT $$abc;"), "SELECT $$abc;");
	/* a quote in an unterminated comment opens a quote */
	cr_assert_str_eq(pg("SELECT 1; -- it's"), "ERR:1:16: unclosed quote '\\''");
}

Test(split, delimiter_command_and_directive)
{
	cr_assert_str_eq(pg("DELIMITER $$\nSELECT 1$$\nDELIMITER ;\nSELECT 2;"), "SELECT 1\n-- end --\nSELECT 2;");
	cr_assert_str_eq(pg("delimiter '$$'\nSELECT 1$$"), "SELECT 1");
	cr_assert_str_eq(pg("-- atlas:delimiter \\n\\n\nSELECT 1;\nSELECT 2;\n\nSELECT 3"),
			 "SELECT 1;\nSELECT 2;\n-- end --\nSELECT 3");
	/* a CR after the directive value is part of the delimiter (quirk) */
	cr_assert_str_eq(pg("-- atlas:delimiter GO\r\nSELECT 1\nGO\r\nSELECT 2\n"), "SELECT 1\n-- end --\nSELECT 2");
}

Test(split, estring_retry_only_after_upstream_fails)
{
	/* PG preset: upstream fails on E'it\'s'; atlas-c retries with real
	 * E-strings and splits it. */
	cr_assert_str_eq(pg("INSERT INTO t VALUES (E'it\\'s');\nSELECT 2;"),
			 "INSERT INTO t VALUES (E'it\\'s');\n-- end --\nSELECT 2;");
	/* A file upstream accepts keeps upstream's split: here the backslash
	 * does not escape, so `'a\'` is a whole string. */
	cr_assert_str_eq(pg("SELECT E'a\\\\', 'b\\';SELECT 1;"), "SELECT E'a\\\\', 'b\\';\n-- end --\nSELECT 1;");
	/* When the retry fails too, the first (upstream) error is reported. */
	cr_assert_str_eq(pg("SELECT E'\\'' || ')"), "ERR:1:18: unexpected ')'");
}

Test(split, streaming_matches_collected)
{
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_POSTGRES);
	const char *in = "-- c\nSELECT 1;\nCREATE FUNCTION f() BEGIN ATOMIC SELECT 1; END;\n;;SELECT $$;$$;";
	struct migrate_splitter *sp = migrate_splitter_new(a, in, strlen(in), &o);
	struct migrate_stmt st;
	struct diags d;
	struct strbuf sb = STRBUF_INIT;
	int r, n = 0;
	diags_init(&d, a);
	while ((r = migrate_splitter_next(&st, sp, &d)) == 1) {
		if (n++)
			strbuf_addstr(&sb, "\n-- end --\n");
		strbuf_add(&sb, st.text.p, st.text.len);
	}
	migrate_splitter_release(sp);
	cr_assert_eq(r, 0);
	cr_assert_str_eq(sb.buf, pg(in));
	strbuf_release(&sb);
}

Test(split, pathological_begins_are_not_exponential)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "BEGIN x; ");
	struct migrate_split_opts o = migrate_split_options(MIGRATE_DIALECT_SQLITE);
	struct diags d;
	struct migrate_stmt *s;
	size_t n;
	diags_init(&d, a);
	time_t t0 = time(NULL);
	cr_assert_eq(migrate_split(&s, &n, a, sb.buf, sb.len, &o, &d), 0);
	cr_assert_eq(n, 3000);
	cr_assert(time(NULL) - t0 < 10);
	strbuf_reset(&sb);
	for (int i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "BEGIN ");
	cr_assert_eq(migrate_split(&s, &n, a, sb.buf, sb.len, &o, &d), 0);
	cr_assert_eq(n, 1);
	strbuf_reset(&sb);
	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&sb, "/* ");
	cr_assert_eq(migrate_split(&s, &n, a, sb.buf, sb.len, &o, &d), 0);
	cr_assert_eq(n, 1);
	strbuf_release(&sb);
}

Test(split, statement_hashes_spec_4_6)
{
	struct migrate_stmt s[2] = { 0 };
	s[0].text = STR_LIT("ALTER TABLE `tbl` ADD `col_2` bigint;");
	s[1].text = STR_LIT("ALTER TABLE `tbl` ADD `col_3` bigint;");
	char **h = migrate_stmt_hashes(a, s, 2);
	cr_assert_str_eq(h[0], "BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=");
	cr_assert_str_eq(h[1], "3cypWxo9BhiYP4HqybX4oZTWKhJeTwDyH9Z2FmX5EKE=");
}

Test(split, go_quote)
{
	cr_assert_str_eq(migrate_go_quote(a, "CREATE TABLE \"x\" (\n  id int\n);", 30),
			 "\"CREATE TABLE \\\"x\\\" (\\n  id int\\n);\"");
	cr_assert_str_eq(migrate_go_quote(a, "a\x01\x7f\xff\xc2\xa0\xc3\xa9\\", 9),
			 "\"a\\x01\\x7f\\xff\\u00a0\xc3\xa9\\\\\"");
}

/* The byte-skipping fast paths give exactly the reference scan's result on
 * every real-world file, for every preset. */
Test(split, fast_paths_match_reference_on_realworld_files)
{
	const char *root = vec(a, "realworld-dirs/dirs");
	DIR *dp = opendir(root);
	struct dirent *e;
	size_t files = 0;
	cr_assert(dp);
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		const char *dir = arena_printf(a, "%s/%s", root, e->d_name);
		DIR *fp = opendir(dir);
		struct dirent *f;
		if (!fp)
			continue;
		while ((f = readdir(fp))) {
			size_t l = strlen(f->d_name), len;
			if (l < 4 || strcmp(f->d_name + l - 4, ".sql"))
				continue;
			char *in = slurp(a, arena_printf(a, "%s/%s", dir, f->d_name), &len);
			for (int dl = 0; dl < 4; dl++) {
				struct migrate_split_opts o = migrate_split_options((enum migrate_dialect)dl);
				struct migrate_split_opts r = o;
				r.reference = true;
				cr_expect_str_eq(split_str(in, len, &o), split_str(in, len, &r), "%s/%s", e->d_name,
						 f->d_name);
			}
			files++;
		}
		closedir(fp);
	}
	closedir(dp);
	cr_assert_gt(files, 800);
}

/* Random token soups rich in BEGIN/END: the memo of nested scans and the
 * fast paths agree with the reference scan (no memo, no fast paths). */
Test(split, memo_matches_reference_on_begin_soups)
{
	static const char *const tok[] = {
		"BEGIN ", "begin\n", "END", "END;", "end ;", "END IF;", ";", "x ", "BEGIN ATOMIC ",
		"'q;'", "(", ")", "-- c\n", "/* c */", "$$;$$", "DELIMITER $$\n", "$$", "\n",
		"CREATE TRIGGER t ", "SELECT 1", "\t",
	};
	uint32_t seed = 12345;
	struct strbuf sb = STRBUF_INIT;
	for (int iter = 0; iter < 3000; iter++) {
		strbuf_reset(&sb);
		seed = seed * 1103515245u + 12345u;
		int ntok = 1 + (int)((seed >> 16) % 14);
		for (int t = 0; t < ntok; t++) {
			seed = seed * 1103515245u + 12345u;
			strbuf_addstr(&sb, tok[(seed >> 16) % ARRAY_LEN(tok)]);
		}
		for (int dl = 0; dl < 4; dl++) {
			struct migrate_split_opts o = migrate_split_options((enum migrate_dialect)dl);
			struct migrate_split_opts r = o;
			r.reference = true;
			cr_assert_str_eq(split_str(sb.buf, sb.len, &o), split_str(sb.buf, sb.len, &r),
					 "input: %s", sb.buf);
		}
	}
	strbuf_release(&sb);
}
