#include <criterion/criterion.h>

#include "envsubst/envsubst.h"

static struct arena *a;
static struct diags d;
static struct dotenv_entry *e;
static size_t n;

static void setup(void)
{
	a = arena_new();
	diags_init(&d, a);
}

static void teardown(void)
{
	arena_free(a);
}

TestSuite(dotenv, .init = setup, .fini = teardown);

static void parse_ok(const char *text)
{
	int r = dotenv_parse(&e, &n, a, ".env", text, strlen(text), &d);
	if (r != 0)
		cr_assert_fail("parse failed: %s", diag_format(a, d.head));
}

static const char *parse_err(const char *text)
{
	int r = dotenv_parse(&e, &n, a, ".env", text, strlen(text), &d);
	cr_assert_eq(r, -1);
	cr_assert(d.errors >= 1);
	return diag_format(a, d.head);
}

static const char *get(const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].key, key) == 0)
			return e[i].value;
	return NULL;
}

Test(dotenv, plain_lines_comments_and_blanks)
{
	parse_ok("# a comment\n\nA=1\n  B = two words  \n\t# indented comment\nC=\n");
	cr_assert_eq(n, 3);
	cr_assert_str_eq(e[0].key, "A");
	cr_assert_str_eq(e[0].value, "1");
	cr_assert_eq(e[0].line, 3);
	cr_assert_str_eq(get("B"), "two words");
	cr_assert_eq(e[1].line, 4);
	cr_assert_str_eq(get("C"), "");
}

Test(dotenv, url_values_keep_equals_and_hash)
{
	parse_ok("DATABASE_URL=postgres://u:p#w=x@h/db?sslmode=disable&a=b\n");
	cr_assert_str_eq(get("DATABASE_URL"), "postgres://u:p#w=x@h/db?sslmode=disable&a=b");
}

Test(dotenv, inline_comment_after_blank)
{
	parse_ok("A=value # comment\nB=value#not-a-comment\n");
	cr_assert_str_eq(get("A"), "value");
	cr_assert_str_eq(get("B"), "value#not-a-comment");
}

Test(dotenv, export_prefix)
{
	parse_ok("export A=1\nexport\tB='x'\nexport=3\n");
	cr_assert_str_eq(get("A"), "1");
	cr_assert_str_eq(get("B"), "x");
	cr_assert_str_eq(get("export"), "3");
}

Test(dotenv, single_quotes_are_literal)
{
	parse_ok("A='pa$word \\n # not comment' # comment\nB='multi\nline'\nC=after\n");
	cr_assert_str_eq(get("A"), "pa$word \\n # not comment");
	cr_assert_str_eq(get("B"), "multi\nline");
	cr_assert_str_eq(get("C"), "after");
	cr_assert_eq(e[2].line, 4);
}

Test(dotenv, double_quotes_take_escapes)
{
	parse_ok("A=\"a\\nb\\tc\\\"d\\\\e\\$f\\qg\"\nB=\"x # y\"\nC=\"two\nlines\"\n");
	cr_assert_str_eq(get("A"), "a\nb\tc\"d\\e$f\\qg");
	cr_assert_str_eq(get("B"), "x # y");
	cr_assert_str_eq(get("C"), "two\nlines");
}

Test(dotenv, crlf_lines)
{
	parse_ok("A=1\r\nB=\"q\"\r\n# c\r\n\r\nC=3");
	cr_assert_eq(n, 3);
	cr_assert_str_eq(get("A"), "1");
	cr_assert_str_eq(get("B"), "q");
	cr_assert_str_eq(get("C"), "3");
}

Test(dotenv, later_assignment_wins)
{
	parse_ok("A=1\nB=2\nA=3\n");
	cr_assert_eq(n, 2);
	cr_assert_str_eq(e[0].key, "A");
	cr_assert_str_eq(e[0].value, "3");
	cr_assert_eq(e[0].line, 3);
}

Test(dotenv, bom_and_empty_file)
{
	parse_ok("");
	cr_assert_eq(n, 0);
	parse_ok("\xEF\xBB\xBF" "A=1");
	cr_assert_str_eq(get("A"), "1");
}

Test(dotenv, dotted_keys)
{
	parse_ok("a.b_c9=1\n");
	cr_assert_str_eq(get("a.b_c9"), "1");
}

Test(dotenv, missing_equals)
{
	cr_assert_str_eq(parse_err("A=1\nJUSTAKEY\n"), ".env:2,9-10: expected \"=\" after JUSTAKEY");
}

Test(dotenv, bad_key)
{
	cr_assert_str_eq(parse_err("1A=x\n"),
			 ".env:1,1-2: expected KEY=value (a key starts with a letter or \"_\")");
}

Test(dotenv, unterminated_quote_does_not_print_value)
{
	const char *m = parse_err("A=1\nPASSWORD=\"s3cret\nB=2\n");
	cr_assert_str_eq(m, ".env:2,1-2: unterminated double-quoted value for PASSWORD");
	cr_assert_null(strstr(m, "s3cret"));
}

Test(dotenv, unterminated_single_quote)
{
	cr_assert_str_eq(parse_err("K='abc"), ".env:1,1-2: unterminated single-quoted value for K");
}

Test(dotenv, text_after_quote)
{
	cr_assert_str_eq(parse_err("K='a'b\n"),
			 ".env:1,6-7: unexpected text after the quoted value of K");
}

Test(dotenv, reports_every_problem)
{
	int r = dotenv_parse(&e, &n, a, ".env", "X\nY\nZ=1\n", 8, &d);
	cr_assert_eq(r, -1);
	cr_assert_eq(d.errors, 2);
	cr_assert_str_eq(get("Z"), "1");
}

Test(dotenv, export_prefix_at_end_of_file)
{
	cr_assert_str_eq(parse_err("A=1\nexport  "),
			 ".env:2,9-10: expected KEY=value (a key starts with a letter or \"_\")");
}
