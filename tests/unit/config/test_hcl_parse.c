/*
 * Parser tests: structure (blocks, labels, attributes, one-line blocks),
 * the syntax errors of spec §6 / §7 E14 with HCL's exact wording and
 * ranges, the nesting cap, and the syntactic analyses project.c uses
 * (atlas.env references per §4.1, variable references).
 */
#include "hcl_test.h"

#include <string.h>

static struct arena *A;
static struct diags D;

static void setup(void)
{
	A = arena_new();
	diags_init(&D, A);
}

static void teardown(void)
{
	arena_free(A);
}

TestSuite(hcl_parse, .init = setup, .fini = teardown);

static struct hcl_body *parse_ok(const char *src)
{
	struct hcl_body *b;
	int rc = hcl_parse(&b, A, "atlas.hcl", src, strlen(src), &D);
	cr_assert_eq(rc, 0, "unexpected: %s", D.head ? diag_format(A, D.head) : "");
	return b;
}

/* The line diag_print() would print (without "Error: "). */
static const char *parse_err(const char *src)
{
	struct hcl_body *b;
	int rc = hcl_parse(&b, A, "atlas.hcl", src, strlen(src), &D);
	cr_assert_eq(rc, -1, "no error for: %s", src);
	cr_assert_not_null(b, "a partial body is always returned");
	char *t = diag_format(A, D.head);
	if (D.errors > 1)
		return arena_printf(A, "%s, and %zu other diagnostic(s)", t, D.errors - 1);
	return t;
}

Test(hcl_parse, blocks_labels_attributes)
{
	struct hcl_body *b = parse_ok("# c\nvariable \"db_url\" {\n  type = string\n}\n"
				      "env local {\n  url = \"sqlite://x\"\n  migration { dir = \"file://m\" }\n}\n"
				      "top = 1\n");
	cr_assert_eq(b->nblocks, 2);
	cr_assert_eq(b->nattrs, 1);
	cr_assert(str_eq(b->blocks[0].type, "variable"));
	cr_assert_eq(b->blocks[0].nlabels, 1);
	cr_assert(str_eq(b->blocks[0].labels[0], "db_url"));
	cr_assert_eq(b->blocks[0].label_spans[0].start.col, 10);
	cr_assert(str_eq(b->blocks[1].labels[0], "local"), "bare identifier label");
	const struct hcl_body *env = b->blocks[1].body;
	cr_assert_not_null(hcl_body_attr(env, "url"));
	cr_assert_eq(env->nblocks, 1);
	cr_assert(str_eq(env->blocks[0].type, "migration"));
	cr_assert_not_null(hcl_body_attr(env->blocks[0].body, "dir"), "one-line block");
	cr_assert_eq(b->blocks[0].open_brace.start.line, 2);
	cr_assert_eq(b->blocks[0].open_brace.start.col, 19);
}

Test(hcl_parse, colon_instead_of_equals)
{
	cr_assert_str_eq(parse_err("env \"prod\" {\n  url: \"postgres://h/db\"\n}\n"),
			 "atlas.hcl:2,3-6: Argument or block definition required; An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.");
}

Test(hcl_parse, unclosed_block)
{
	cr_assert_str_eq(parse_err("env \"prod\" {\n  url = \"sqlite://x.db\"\n"),
			 "atlas.hcl:1,12-13: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.");
}

Test(hcl_parse, brace_on_next_line)
{
	const char *t = parse_err("env \"prod\"\n{\n  url = \"x\"\n}\n");
	cr_assert(strncmp(t, "atlas.hcl:1,11-2,1: Invalid block definition; A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header.", 153) == 0, "%s", t);
}

Test(hcl_parse, quoted_attribute_name)
{
	const char *t = parse_err("env \"p\" {\n  \"url\" = \"x\"\n}\n");
	cr_assert(strncmp(t, "atlas.hcl:2,3-4: Invalid argument name; Argument names must not be quoted.", 73) == 0, "%s", t);
}

Test(hcl_parse, attribute_redefined)
{
	cr_assert_str_eq(parse_err("env \"p\" {\n  url = \"a\"\n  url = \"b\"\n}\n"),
			 "atlas.hcl:3,3-6: Attribute redefined; The argument \"url\" was already set at atlas.hcl:2,3-6. Each argument may be set only once.");
}

Test(hcl_parse, bad_escape)
{
	cr_assert_str_eq(parse_err("env \"p\" {\n  url = \"a\\qb\"\n}\n"),
			 "atlas.hcl:2,11-13: Invalid escape sequence; The symbol \"q\" is not a valid escape sequence selector.");
}

Test(hcl_parse, single_quotes_count)
{
	cr_assert_str_eq(parse_err("env \"p\" {\n  url = 'x'\n}\n"),
			 "atlas.hcl:2,9-10: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings., and 1 other diagnostic(s)");
}

Test(hcl_parse, semicolon_count)
{
	cr_assert_str_eq(parse_err("env \"p\" {\n  url = \"x\";\n}\n"),
			 "atlas.hcl:2,12-13: Invalid character; The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values., and 1 other diagnostic(s)");
}

Test(hcl_parse, multiline_string_count)
{
	cr_assert_str_eq(parse_err("env \"p\" {\n  url = \"abc\ndef\"\n}\n"),
			 "atlas.hcl:2,13-3,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax., and 1 other diagnostic(s)");
}

Test(hcl_parse, one_line_block_with_two_attributes)
{
	const char *t = parse_err("migration { a = 1, b = 2 }\n");
	cr_assert(strncmp(t, "atlas.hcl:1,18-19: Invalid single-argument block definition; Single-line block syntax can include only one argument definition.", 126) == 0, "%s", t);
}

Test(hcl_parse, interpolated_label)
{
	const char *t = parse_err("env \"${x}\" {\n}\n");
	cr_assert(strncmp(t, "atlas.hcl:1,6-8: Invalid string literal; Template sequences are not allowed in this string. To include a literal \"$\", double it (as \"$$\") to escape it.", 149) == 0, "%s", t);
}

Test(hcl_parse, not_hcl_at_all)
{
	cr_assert_str_eq(parse_err("this is not HCL\n"),
			 "atlas.hcl:1,16-2,1: Invalid block definition; A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header.");
}

Test(hcl_parse, unbalanced_directive)
{
	const char *t = parse_err("a = \"%{ if true }x\"\n");
	cr_assert(strstr(t, "Unexpected end of template; The if directive at atlas.hcl:1,6-18 is missing its corresponding endif directive."), "%s", t);
}

static char *nested(const char *open, const char *mid, const char *close, int n)
{
	size_t lo = strlen(open), lc = strlen(close), lm = strlen(mid);
	char *s = arena_alloc(A, (lo + lc) * (size_t)n + lm + 16);
	char *p = s;
	memcpy(p, "a = ", 4);
	p += 4;
	for (int i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, mid, lm);
	p += lm;
	for (int i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p++ = '\n';
	*p = 0;
	return s;
}

Test(hcl_parse, deep_nesting_fails_cleanly)
{
	const char *opens[] = { "[", "(", "{x=", "\"${", "!", "-", "f(" };
	const char *closes[] = { "]", ")", "}", "}\"", "", "", ")" };
	for (size_t k = 0; k < ARRAY_LEN(opens); k++) {
		diags_init(&D, A);
		char *src = nested(opens[k], "1", closes[k], 10000);
		struct hcl_body *b;
		cr_assert_eq(hcl_parse(&b, A, "atlas.hcl", src, strlen(src), &D), -1, "%s", opens[k]);
		bool found = false;
		for (struct diag *dg = D.head; dg; dg = dg->next)
			found = found || strcmp(dg->summary, "Nesting too deep") == 0;
		cr_assert(found, "no nesting diagnostic for %s: %s", opens[k], diag_format(A, D.head));
	}
	/* blocks too */
	diags_init(&D, A);
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, "b {\n");
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, "}\n");
	struct hcl_body *b;
	cr_assert_eq(hcl_parse(&b, A, "atlas.hcl", sb.buf, sb.len, &D), -1);
	strbuf_release(&sb);
}

Test(hcl_parse, moderate_nesting_works)
{
	char *src = nested("[", "1", "]", 200);
	struct hcl_body *b = parse_ok(src);
	struct hcl_t t;
	hcl_t_init(&t, NULL);
	struct hcl_value *v;
	cr_assert_eq(hcl_eval(&v, A, b->attrs[0].expr, t.scope, &D), 0);
	for (int i = 0; i < 200; i++)
		v = v->u.c.items[0];
	cr_assert_str_eq(hcl_num_text(A, v->u.num), "1");
	hcl_t_fini(&t);
}

static bool refs_env(const char *expr)
{
	struct hcl_expr *e;
	cr_assert_eq(hcl_parse_expr(&e, A, "t.hcl", expr, strlen(expr), &D), 0, "%s", expr);
	return hcl_expr_refs_atlas_env(e);
}

Test(hcl_parse, atlas_env_detection)
{
	cr_assert(refs_env("atlas.env"));
	cr_assert(refs_env("\"${atlas.env}\""));
	cr_assert(refs_env("\"x-${atlas.env}\""));
	cr_assert(refs_env("c ? atlas.env : null"));
	cr_assert(refs_env("lower(atlas.env)"));
	cr_assert(refs_env("[atlas.env]"));
	cr_assert(refs_env("{ a = atlas.env }"));
	cr_assert(refs_env("!atlas.env"));
	cr_assert(refs_env("atlas.env == \"x\""));
	cr_assert(!refs_env("(atlas.env)"), "parentheses hide it");
	cr_assert(!refs_env("atlas[\"env\"]"));
	cr_assert(!refs_env("atlas.env[0]"));
	cr_assert(!refs_env("x[atlas.env]"));
	cr_assert(!refs_env("[for x in [1] : atlas.env]"));
	cr_assert(!refs_env("{ (atlas.env) = 1 }"));
	cr_assert(!refs_env("local.env"));
}

Test(hcl_parse, variable_references)
{
	const char *src = "[for l in local.lines : split(\"=\", l)[0] if var.x != \"\"] == local.kv[each.key]";
	struct hcl_expr *e;
	cr_assert_eq(hcl_parse_expr(&e, A, "t.hcl", src, strlen(src), &D), 0);
	struct hcl_ref *r;
	size_t n = hcl_expr_refs(&r, A, e);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%.*s.%.*s ", (int)r[i].root.len, r[i].root.p, (int)r[i].attr.len, r[i].attr.p);
	cr_assert_str_eq(sb.buf, "local.lines var.x local.kv each.key ", "for variables are not references");
	strbuf_release(&sb);
}

Test(hcl_parse, object_keys_and_conditional_precedence)
{
	struct hcl_t t;
	hcl_t_init(&t, NULL);
	cr_assert_str_eq(hcl_t_run(&t, "{ k = 1, \"k2\" = 2, k3: 3, (\"k\" == \"k\" ? \"c\" : \"d\") = 4 }"),
			 "{\"c\":4,\"k\":1,\"k2\":2,\"k3\":3}");
	cr_assert_str_eq(hcl_t_run(&t, "false ? 1 : true ? 2 : 3"), "2");
	cr_assert_str_eq(hcl_t_run(&t, "!true || true && false"), "false");
	cr_assert_str_eq(hcl_t_run(&t, "-[1, 2][0]"), "-1");
	hcl_t_fini(&t);
}
