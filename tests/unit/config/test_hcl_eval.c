/*
 * Evaluator tests: names and their diagnostics (spec §3.1, §6), operator
 * and template semantics, conditionals, for-expressions, splats, and the
 * worked examples of §7 that are pure HCL (E12, E13, E20).
 */
#include "hcl_test.h"

#include <string.h>

static struct hcl_t T;

static void setup(void)
{
	hcl_t_init(&T, "{\"var\": {\"port\": 5432, \"list\": [\"a\", \"b\"], \"name\": \"db\"},"
		       " \"atlas\": {\"env\": \"prod\"}, \"each\": {\"key\": \"k\", \"value\": \"v\"}}");
}

static void teardown(void)
{
	hcl_t_fini(&T);
}

TestSuite(hcl_eval, .init = setup, .fini = teardown);

Test(hcl_eval, literals_and_templates)
{
	cr_assert_str_eq(hcl_t_run(&T, "\"postgres://h:${var.port}/${var.name}\""), "\"postgres://h:5432/db\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"${var.port}\""), "5432", "a lone interpolation keeps its type");
	cr_assert_str_eq(hcl_t_run(&T, "\"$${x} %%{y} $ %\""), "\"${x} %{y} $ %\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"{{ sql . \\\"  \\\" }}\""), "\"{{ sql . \\\"  \\\" }}\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"${getenv(\"HCL_TEST_SURELY_UNSET\")}&x=1\""), "\"&x=1\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"%{ if var.port > 1 }big%{ else }small%{ endif }\""), "\"big\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"%{ for x in var.list }[${x}]%{ endfor }\""), "\"[a][b]\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"a ${~ \"b\" ~} c\""), "\"abc\"");
	cr_assert_str_eq(hcl_t_run(&T, "true && !false"), "true");
	cr_assert_str_eq(hcl_t_run(&T, "null"), "null");
}

Test(hcl_eval, heredocs)
{
	cr_assert_str_eq(hcl_t_run(&T, "<<EOT\nhello\n  ${var.name}\nEOT\n"), "\"hello\\n  db\\n\"");
	cr_assert_str_eq(hcl_t_run(&T, "<<-EOT\n    a\n\n      b\n    EOT\n"), "\"a\\n\\n  b\\n\"");
	cr_assert_str_eq(hcl_t_run(&T, "<<EOT\nback\\slash\nEOT\n"), "\"back\\\\slash\\n\"");
}

Test(hcl_eval, numbers)
{
	cr_assert_str_eq(hcl_t_run(&T, "1e3"), "1000");
	cr_assert_str_eq(hcl_t_run(&T, "0.1 + 0.2"), "0.3");
	cr_assert_str_eq(hcl_t_run(&T, "0.1 + 0.2 == 0.3"), "true");
	cr_assert_str_eq(hcl_t_run(&T, "1 / 3 * 3"), "1");
	cr_assert_str_eq(hcl_t_run(&T, "12345678901234567890 * 10"), "123456789012345678900");
	cr_assert_str_eq(hcl_t_run(&T, "-7 % 3"), "-1");
	cr_assert_str_eq(hcl_t_run(&T, "7 % 0"), "7");
	cr_assert_str_eq(hcl_t_run(&T, "-0"), "-0");
	cr_assert_str_eq(hcl_t_run(&T, "\"x${1.50}\""), "\"x1.5\"");
	cr_assert_str_eq(hcl_t_run(&T, "\"1\" + 2"), "3");
	cr_assert_str_eq(hcl_t_run(&T, "1 / 3"),
			 "0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333335");
	cr_assert_str_eq(hcl_t_run(&T, "1 / 0"), "JSONERR: cannot serialize infinity as JSON");
	cr_assert_str_eq(hcl_t_run(&T, "0 / 0"),
			 "ERR: t.hcl:1,1-6: Operation failed; Error during operation: can't divide zero by zero or infinity by infinity.");
}

Test(hcl_eval, unknown_variable_and_suggestion)
{
	cr_assert_str_eq(hcl_t_run(&T, "url"), "ERR: t.hcl:1,1-4: Unknown variable; There is no variable named \"url\".");
	cr_assert_str_eq(hcl_t_run(&T, "vars.x"),
			 "ERR: t.hcl:1,1-5: Unknown variable; There is no variable named \"vars\". Did you mean \"var\"?");
}

Test(hcl_eval, unsupported_attribute_e13)
{
	/* `  url = var.database_url` on line 2 of the file */
	struct hcl_body *b;
	const char *src = "env \"prod\" {\n  url = var.database_url\n}\n";
	cr_assert_eq(hcl_parse(&b, T.a, "atlas.hcl", src, strlen(src), &T.d), 0);
	struct hcl_value *v;
	cr_assert_eq(hcl_eval(&v, T.a, b->blocks[0].body->attrs[0].expr, T.scope, &T.d), -1);
	cr_assert_str_eq(diag_format(T.a, T.d.head),
			 "atlas.hcl:2,12-25: Unsupported attribute; This object does not have an attribute named \"database_url\".");
	cr_assert(v->null, "failed evaluation yields null");
}

Test(hcl_eval, unknown_function_e12)
{
	struct hcl_body *b;
	const char *src = "env \"local\" {\n  url = \"sqlite://local.db\"\n}\nenv \"prod\" {\n  url = env(\"DATABASE_URL\")\n}\n";
	cr_assert_eq(hcl_parse(&b, T.a, "atlas.hcl", src, strlen(src), &T.d), 0);
	struct hcl_value *v;
	cr_assert_eq(hcl_eval(&v, T.a, b->blocks[0].body->attrs[0].expr, T.scope, &T.d), 0,
		     "the local env evaluates on its own");
	cr_assert_eq(hcl_eval(&v, T.a, b->blocks[1].body->attrs[0].expr, T.scope, &T.d), -1);
	cr_assert_str_eq(diag_format(T.a, T.d.head),
			 "atlas.hcl:5,9-12: Call to unknown function; There is no function named \"env\".");
}

Test(hcl_eval, unknown_function_suggestions_follow_innermost_table)
{
	cr_assert_str_eq(hcl_t_run(&T, "lenght([1])"),
			 "ERR: t.hcl:1,1-7: Call to unknown function; There is no function named \"lenght\". Did you mean \"length\"?");
	/* a block scope with an empty table: no suggestions (spec §3.5) */
	struct hcl_funcs none = { 0, NULL };
	struct hcl_scope *blk = hcl_scope_new(T.a, T.scope);
	blk->funcs = &none;
	T.scope = blk;
	cr_assert_str_eq(hcl_t_run(&T, "lenght([1])"),
			 "ERR: t.hcl:1,1-7: Call to unknown function; There is no function named \"lenght\".");
	/* type functions as the innermost table: tomap -> map */
	struct hcl_scope *ty = hcl_scope_new(T.a, blk->parent);
	ty->funcs = hcl_funcs_types();
	T.scope = ty;
	cr_assert_str_eq(hcl_t_run(&T, "tomap({})"),
			 "ERR: t.hcl:1,1-6: Call to unknown function; There is no function named \"tomap\". Did you mean \"map\"?");
}

Test(hcl_eval, unsupported_upstream_function)
{
	cr_assert_str_eq(hcl_t_run(&T, "yamldecode(\"a: 1\")"),
			 "ERR: t.hcl:1,1-11: Call to unsupported function; function \"yamldecode\" is not supported by atlas-c");
	cr_assert_str_eq(hcl_t_run(&T, "formatdate(\"YYYY\", \"2024-01-01T00:00:00Z\")"),
			 "ERR: t.hcl:1,1-11: Call to unsupported function; function \"formatdate\" is not supported by atlas-c");
}

Test(hcl_eval, not_available_functions_are_unknown)
{
	const char *names[] = { "env", "lookup", "coalesce", "base64encode", "abspath", "timestamp" };
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const char *r = hcl_t_run(&T, arena_printf(T.a, "%s(\"x\")", names[i]));
		cr_assert(strstr(r, "Call to unknown function"), "%s: %s", names[i], r);
	}
}

Test(hcl_eval, operand_and_condition_errors)
{
	cr_assert_str_eq(hcl_t_run(&T, "\"a\" + 1"),
			 "ERR: t.hcl:1,1-4: Invalid operand; Unsuitable value for left operand: a number is required.");
	cr_assert_str_eq(hcl_t_run(&T, "\"maybe\" ? 1 : 2"),
			 "ERR: t.hcl:1,1-8: Incorrect condition type; The condition expression must be of type bool.");
	cr_assert_str_eq(hcl_t_run(&T, "\"x${null}\""),
			 "ERR: t.hcl:1,5-9: Invalid template interpolation value; The expression result is null. Cannot include a null value in a string template.");
	cr_assert_str_eq(hcl_t_run(&T, "\"x${[1]}\""),
			 "ERR: t.hcl:1,5-8: Invalid template interpolation value; Cannot include the given value in a string template: string required.");
	cr_assert_str_eq(hcl_t_run(&T, "[1, 2][5]"),
			 "ERR: t.hcl:1,7-10: Invalid index; The given key does not identify an element in this collection value.");
	cr_assert_str_eq(hcl_t_run(&T, "{ for s in [\"a\", \"a\"] : s => 1 }"),
			 "ERR: t.hcl:1,25-26: Duplicate object key; Two different items produced the key \"a\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.");
	cr_assert_str_eq(hcl_t_run(&T, "upper(\"a\", \"b\")"),
			 "ERR: t.hcl:1,13-14: Too many function arguments; Function \"upper\" expects only 1 argument(s).");
	cr_assert_str_eq(hcl_t_run(&T, "upper()"),
			 "ERR: t.hcl:1,7-8: Not enough function arguments; Function \"upper\" expects 1 argument(s). Missing value for \"str\".");
	cr_assert_str_eq(hcl_t_run(&T, "upper([])"),
			 "ERR: t.hcl:1,7-8: Invalid function argument; Invalid value for \"str\" parameter: string required.");
}

Test(hcl_eval, conditionals)
{
	cr_assert_str_eq(hcl_t_run(&T, "atlas.env == \"prod\" ? \"p\" : \"np\""), "\"p\"");
	cr_assert_str_eq(hcl_t_run(&T, "true ? 1 : \"x\""), "\"1\"");
	cr_assert_str_eq(hcl_t_run(&T, "true ? \"ok\" : var.nope"), "\"ok\"", "errors of the branch not taken are dropped");
	cr_assert_str_eq(hcl_t_run(&T, "false ? \"x\" : null"), "null");
	cr_assert_str_eq(hcl_t_run(&T, "true ? [1, 2] : [\"a\", \"b\"]"), "[\"1\",\"2\"]");
}

Test(hcl_eval, for_expressions_and_splats)
{
	cr_assert_str_eq(hcl_t_run(&T, "[for i, x in var.list : \"${i}=${x}\"]"), "[\"0=a\",\"1=b\"]");
	cr_assert_str_eq(hcl_t_run(&T, "{for x in [\"a\", \"b\", \"a\"] : x => x...}"),
			 "{\"a\":[\"a\",\"a\"],\"b\":[\"b\"]}");
	cr_assert_str_eq(hcl_t_run(&T, "[for x in [1, 2, 3] : x * 2 if x != 2]"), "[2,6]");
	cr_assert_str_eq(hcl_t_run(&T, "[{a = 1}, {a = 2}][*].a"), "[1,2]");
	cr_assert_str_eq(hcl_t_run(&T, "[{a = [1]}, {a = [2]}].*.a[0]"), "[1]", "the index applies to the splat result");
	cr_assert_str_eq(hcl_t_run(&T, "null[*]"), "[]");
	cr_assert_str_eq(hcl_t_run(&T, "var.list.0"), "\"a\"", "legacy index");
	cr_assert_str_eq(hcl_t_run(&T, "concat(var.list, [\"c\"]...)"),
			 "ERR: t.hcl:1,18-23: Invalid function argument; Invalid value for \"seqs\" parameter: all arguments must be lists or tuples; got string.");
	cr_assert_str_eq(hcl_t_run(&T, "max([3, 9, 2]...)"), "9");
}

Test(hcl_eval, dotenv_locals_e20)
{
	/* E20: lines/kv computed as the spec's locals do, from file content */
	struct hcl_scope *s = hcl_scope_new(T.a, T.scope);
	hcl_scope_set(s, T.a, "content",
		      hcl_value_cstr(T.a, "# comment\n\nDATABASE_URL=postgres://u:p@h/db?sslmode=disable\n"));
	T.scope = s;
	struct hcl_value *lines = hcl_t_eval(&T,
		"[for l in split(\"\\n\", content) : trimspace(l) if trimspace(l) != \"\" && !startswith(trimspace(l), \"#\")]");
	cr_assert_not_null(lines, "%s", hcl_t_first(&T));
	hcl_scope_set(s, T.a, "lines", lines);
	struct hcl_value *kv = hcl_t_eval(&T,
		"{ for l in lines : split(\"=\", l)[0] => join(\"=\", slice(split(\"=\", l), 1, length(split(\"=\", l)))) }");
	cr_assert_not_null(kv, "%s", hcl_t_first(&T));
	hcl_scope_set(s, T.a, "kv", kv);
	cr_assert_str_eq(hcl_t_run(&T, "atlas.env == \"prod\" ? kv[\"DATABASE_URL\"] : \"\""),
			 "\"postgres://u:p@h/db?sslmode=disable\"");
	/* the Terraform-style filter fails as Atlas does */
	cr_assert_str_eq(hcl_t_run(&T, "[for l in split(\"\\n\", content) : l if length(trimspace(l)) > 0]"),
			 "ERR: t.hcl:1,39-46: Error in function call; Call to function \"length\" failed: collection must be a list, a map or a tuple.");
}

Test(hcl_eval, type_values_for_variables)
{
	struct hcl_scope *s = hcl_scope_new(T.a, T.scope);
	s->funcs = hcl_funcs_types();
	hcl_scope_add_type_names(s, T.a);
	T.scope = s;
	struct hcl_value *v = hcl_t_eval(&T, "list(object({a = string, b = int}))");
	cr_assert_not_null(v, "%s", hcl_t_first(&T));
	const struct hcl_type *ty = hcl_value_as_type(v);
	cr_assert_not_null(ty);
	cr_assert_str_eq(hcl_type_expr_text(T.a, ty), "list(object({a=string,b=number}))");
	cr_assert_str_eq(hcl_t_run(&T, "any"),
			 "ERR: t.hcl:1,1-4: Unknown variable; There is no variable named \"any\". Did you mean \"int\"?");
}

Test(hcl_eval, deep_operator_chain_fails_cleanly)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "1");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&sb, " + 1");
	struct hcl_value *v = hcl_t_eval(&T, sb.buf);
	strbuf_release(&sb);
	cr_assert_null(v);
	cr_assert(strstr(hcl_t_first(&T), "Nesting too deep"), "%s", hcl_t_first(&T));
}

Test(hcl_eval, try_and_can)
{
	cr_assert_str_eq(hcl_t_run(&T, "try(var.missing, \"fallback\")"), "\"fallback\"");
	cr_assert_str_eq(hcl_t_run(&T, "can(var.missing)"), "false");
	cr_assert_str_eq(hcl_t_run(&T, "can(var.port)"), "true");
	const char *r = hcl_t_run(&T, "try(var.a, var.b)");
	cr_assert(strstr(r, "Call to function \"try\" failed: no expression succeeded:\n- Unsupported attribute (at t.hcl:1,8-10)"), "%s", r);
}
