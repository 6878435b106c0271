/*
 * The error catalogue of spec/project-file.md §6 (one error per input),
 * plus the selection, variable, locals, for_each and data-block rules
 * whose errors §3/§4 define.
 */
#include <criterion/criterion.h>

#include "test_project_util.h"

TestSuite(project_errors, .init = tp_setup, .fini = tp_teardown);

#define V(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void expect_err(const char *hcl, const char *env, const char *const *vars, const char *want)
{
	int r = tp_load(hcl, env, "apply", vars, NULL);
	cr_assert_eq(r, -1, "loaded, expected: %s", want);
	cr_assert_str_eq(tp_err(), want);
}

static void expect_err_prefix(const char *hcl, const char *env, const char *want)
{
	int r = tp_load(hcl, env, "apply", NULL, NULL);
	cr_assert_eq(r, -1, "loaded, expected: %s", want);
	cr_assert(strncmp(tp_err(), want, strlen(want)) == 0, "got %s\nwant %s", tp_err(), want);
}

Test(project_errors, env_without_name)
{
	expect_err("env {\n  name = atlas.env == \"x\" ? atlas.env : null\n  url = \"sqlite://a\"\n}\n",
		   "prod", NULL, "all envs must have names on file \"atlas.hcl\"");
}

Test(project_errors, empty_label_kept_without_env)
{
	expect_err("env \"\" {\n}\n", "", NULL, "all envs must have names on file \"atlas.hcl\"");
}

Test(project_errors, other_scheme)
{
	int r = tp_load_cfg("HTTPS://example.com/atlas.hcl", "", "prod", "apply", NULL, NULL);
	cr_assert_eq(r, -1);
	cr_assert_str_eq(tp_err(), "unsupported config file driver \"https\"");
}

Test(project_errors, bad_variable_type)
{
	expect_err("variable \"x\" {\n  type = \"string\"\n}\n", "prod", NULL,
		   "invalid type \"string\" for variable \"x\". Valid types are: string, number, bool, list, map, or set");
}

Test(project_errors, type_any)
{
	expect_err("variable \"x\" {\n  type = any\n}\n", "prod", NULL,
		   "atlas.hcl:2,10-13: Unknown variable; There is no variable named \"any\". Did you mean \"int\"?");
}

Test(project_errors, var_without_equals)
{
	expect_err("env \"p\" {\n}\n", "p", V("a=1,b"),
		   "invalid argument \"a=1,b\" for \"--var\" flag: variables must be format as key=value, got: \"b\"");
}

Test(project_errors, var_bare_quote)
{
	expect_err("env \"p\" {\n}\n", "p", V("k=\"v\""),
		   "invalid argument \"k=\"v\"\" for \"--var\" flag: parse error on line 1, column 3: bare \" in non-quoted-field");
}

Test(project_errors, var_empty)
{
	expect_err("env \"p\" {\n}\n", "p", V(""), "invalid argument \"\" for \"--var\" flag: EOF");
}

Test(project_errors, unknown_name)
{
	expect_err("env \"prod\" {\n  url = \"sqlite://a\"\n  dev = url\n}\n", "prod", NULL,
		   "atlas.hcl:3,9-12: Unknown variable; There is no variable named \"url\".");
}

Test(project_errors, missing_type)
{
	expect_err("variable \"x\" {\n  default = 1\n}\n", "prod", NULL,
		   "atlas.hcl:1,14-14: Missing required argument; The argument \"type\" is required, but no definition was found.");
}

Test(project_errors, unsupported_variable_argument)
{
	expect_err("variable \"x\" {\n  type = string\n  sensitive = true\n}\n", "prod", NULL,
		   "atlas.hcl:3,3-12: Unsupported argument; An argument named \"sensitive\" is not expected here.");
}

Test(project_errors, unsupported_variable_argument_suggestion)
{
	expect_err("variable \"x\" {\n  type = string\n  defaults = \"a\"\n}\n", "prod", NULL,
		   "atlas.hcl:3,3-11: Unsupported argument; An argument named \"defaults\" is not expected here. Did you mean \"default\"?");
}

Test(project_errors, unsupported_variable_block)
{
	expect_err("variable \"x\" {\n  type = string\n  validation {\n  }\n}\n", "prod", NULL,
		   "atlas.hcl:3,3-13: Unsupported block type; Blocks of type \"validation\" are not expected here.");
}

Test(project_errors, variable_without_label)
{
	expect_err("variable {\n  type = string\n}\n", "prod", NULL,
		   "atlas.hcl:1,10-11: Missing  for variable; All variable blocks must have 1 labels ().");
}

Test(project_errors, variable_two_labels)
{
	expect_err("variable \"a\" \"b\" {\n  type = string\n}\n", "prod", NULL,
		   "atlas.hcl:1,14-17: Extraneous label for variable; Only 1 labels () are expected for variable blocks.");
}

Test(project_errors, default_may_not_use_var)
{
	expect_err("variable \"a\" {\n  type = string\n  default = var.b\n}\n", "prod", NULL,
		   "atlas.hcl:3,13-16: Unknown variable; There is no variable named \"var\".");
}

Test(project_errors, duplicate_attribute)
{
	expect_err("env \"prod\" {\n  url = \"a\"\n  url = \"b\"\n}\n", "prod", NULL,
		   "atlas.hcl:3,3-6: Attribute redefined; The argument \"url\" was already set at atlas.hcl:2,3-6. Each argument may be set only once.");
}

Test(project_errors, brace_on_next_line)
{
	expect_err_prefix("env \"prod\"\n{\n}\n", "prod",
			  "atlas.hcl:1,11-2,1: Invalid block definition; A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header.");
}

Test(project_errors, quoted_attribute_name)
{
	expect_err_prefix("env \"prod\" {\n  \"url\" = \"x\"\n}\n", "prod",
			  "atlas.hcl:2,3-4: Invalid argument name; Argument names must not be quoted.");
}

Test(project_errors, single_quotes)
{
	expect_err_prefix("env \"prod\" {\n  url = 'x'\n}\n", "prod",
			  "atlas.hcl:2,9-10: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings.");
}

Test(project_errors, semicolon)
{
	expect_err_prefix("env \"prod\" {\n  url = \"x\";\n}\n", "prod",
			  "atlas.hcl:2,12-13: Invalid character; The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.");
}

Test(project_errors, bad_escape)
{
	expect_err("env \"prod\" {\n  url = \"a\\qb\"\n}\n", "prod", NULL,
		   "atlas.hcl:2,11-13: Invalid escape sequence; The symbol \"q\" is not a valid escape sequence selector.");
}

Test(project_errors, cyclic_locals_self)
{
	expect_err("locals {\n  a = local.a\n}\nenv \"p\" {\n}\n", "p", NULL,
		   "cyclic reference to \"local.a\"");
}

Test(project_errors, cyclic_locals_pair)
{
	int r = tp_load("locals {\n  a = local.b\n  b = local.a\n}\nenv \"p\" {\n}\n", "p", "apply",
			NULL, NULL);
	cr_assert_eq(r, -1);
	const char *e = tp_err();
	cr_assert(strcmp(e, "cyclic reference to \"local.a\"") == 0 ||
			  strcmp(e, "cyclic reference to \"local.b\"") == 0,
		  "%s", e);
}

Test(project_errors, unknown_data_type)
{
	expect_err("data \"composite_schema\" \"app\" {\n}\nenv \"p\" {\n}\n", "p", NULL,
		   "missing data source handler for \"composite_schema\"");
}

Test(project_errors, data_needs_two_labels)
{
	expect_err("data \"sql\" {\n}\n", "p", NULL, "data block \"data\" must have exactly 2 labels");
}

Test(project_errors, for_each_map)
{
	expect_err("variable \"m\" {\n  type = map(string)\n  default = {a = \"x\"}\n}\n"
		   "env \"p\" {\n  for_each = var.m\n}\n", "p", NULL,
		   "schemahcl: for_each does not support map of string type");
}

Test(project_errors, for_each_null)
{
	expect_err("env \"p\" {\n  for_each = null\n}\n", "p", NULL,
		   "schemahcl: for_each does not support dynamic type");
}

Test(project_errors, for_each_copy_error_is_wrapped)
{
	int r = tp_load("env \"p\" {\n  for_each = toset([\"acme\"])\n  url = nope(each.value)\n}\n",
			"p", "apply", NULL, NULL);
	cr_assert_eq(r, -1);
	cr_assert(strncmp(tp_err(), "schemahcl: evaluate block for value ", 36) == 0, "%s", tp_err());
	cr_assert(strstr(tp_err(), "atlas.hcl:3,9-13: Call to unknown function; There is no function named \"nope\"."),
		  "%s", tp_err());
}

Test(project_errors, schemas_string)
{
	expect_err("env \"p\" {\n  schemas = \"public\"\n}\n", "p", NULL,
		   "schemahcl: failed reading spec as *cmdapi.Project: schemahcl: field is of type slice but attr \"schemas\" is type: string");
}

Test(project_errors, src_number)
{
	expect_err("env \"p\" {\n  src = 1\n}\n", "p", NULL,
		   "expected src to be either a string or strings, got: number");
}

Test(project_errors, wrong_enum_identifier)
{
	expect_err("env \"p\" {\n  migration {\n    format = ATLAS\n  }\n}\n", "p", NULL,
		   "atlas.hcl:3,14-19: Unknown migration.format; There is no format named \"ATLAS\".");
}

Test(project_errors, unknown_local_in_block)
{
	expect_err("env \"p\" {\n  url = local.x\n}\n", "p", NULL,
		   "atlas.hcl:2,9-14: Unknown local; There is no variable named \"local\".");
}

Test(project_errors, list_number_not_wrapped)
{
	expect_err("variable \"n\" { type = list(number) }\nenv \"p\" {\n}\n", "p", V("n=1"),
		   "variable \"n\": list of number required");
}

Test(project_errors, set_not_wrapped)
{
	expect_err("variable \"n\" { type = set(string) }\nenv \"p\" {\n}\n", "p", V("n=1"),
		   "variable \"n\": set of string required");
}

Test(project_errors, bool_conversion)
{
	expect_err("variable \"b\" { type = bool }\nenv \"p\" {\n}\n", "p", V("b=True"),
		   "variable \"b\": a bool is required; to convert from string, use lowercase \"true\"");
}

Test(project_errors, repeated_var_to_string)
{
	expect_err("variable \"s\" { type = string }\nenv \"p\" {\n}\n", "p", V("s=a", "s=b"),
		   "variable \"s\": string required");
}

Test(project_errors, labeled_block_with_other_name_unreachable)
{
	expect_err("env \"a\" {\n  name = \"b\"\n}\n", "a", NULL, "env \"a\" not defined in config file");
}

Test(project_errors, dynamic_name_mismatch)
{
	expect_err("env {\n  name = contains([\"dev\", \"prod\"], atlas.env) ? atlas.env : \"dev\"\n}\n",
		   "qa", NULL, "env \"qa\" not defined in config file");
}

Test(project_errors, parenthesised_dynamic_name_is_dropped)
{
	expect_err("env {\n  name = (atlas.env)\n}\n", "qa", NULL, "env \"qa\" not defined in config file");
}

Test(project_errors, data_needed_by_apply)
{
	expect_err("data \"remote_dir\" \"m\" {\n  name = \"x\"\n}\nenv \"p\" {\n  url = \"sqlite://a\"\n"
		   "  migration {\n    dir = data.remote_dir.m.url\n  }\n}\n",
		   "p", NULL,
		   "atlas.hcl:7,5-32: env \"p\": attribute \"migration.dir\" uses data.remote_dir, which atlas-c does not support");
}

Test(project_errors, undefined_local_after_other_locals)
{
	expect_err("locals {\n  a = \"x\"\n  b = local.nope\n}\nenv \"p\" {\n}\n", "p", NULL,
		   "atlas.hcl:3,12-17: Unsupported attribute; This object does not have an attribute named \"nope\".");
}

Test(project_errors, undefined_local_first)
{
	expect_err("locals {\n  b = local.nope\n}\nenv \"p\" {\n}\n", "p", NULL,
		   "atlas.hcl:2,7-12: Unknown variable; There is no variable named \"local\".");
}

/* §3.5: function-name suggestions come only from the innermost function
 * table: the type functions in locals, variables, top-level attributes
 * and for_each; none inside blocks. */
Test(project_errors, function_suggestion_in_locals)
{
	expect_err("locals {\n  x = tomap({})\n}\n", "p", NULL,
		   "atlas.hcl:2,7-12: Call to unknown function; There is no function named \"tomap\". Did you mean \"map\"?");
}

Test(project_errors, function_suggestion_in_for_each)
{
	expect_err("env \"p\" {\n  for_each = tomap({})\n}\n", "p", NULL,
		   "atlas.hcl:2,14-19: Call to unknown function; There is no function named \"tomap\". Did you mean \"map\"?");
}

Test(project_errors, no_function_suggestion_in_blocks)
{
	expect_err("env \"p\" {\n  url = tomap({})\n}\n", "p", NULL,
		   "atlas.hcl:2,9-14: Call to unknown function; There is no function named \"tomap\".");
}

Test(project_errors, variable_name_suggestion)
{
	expect_err("env \"p\" {\n  url = vars.x\n}\n", "p", NULL,
		   "atlas.hcl:2,9-13: Unknown variable; There is no variable named \"vars\". Did you mean \"var\"?");
}

Test(project_errors, unknown_attribute_of_atlas)
{
	expect_err("env \"p\" {\n  url = atlas.nope\n}\n", "p", NULL,
		   "atlas.hcl:2,14-19: Unsupported attribute; This object does not have an attribute named \"nope\".");
}

/* The rows of §6 whose diagnostic count the spec gives (HCL's recovery). */
Test(project_errors, multi_line_string_with_count)
{
	expect_err("env \"prod\" {\n  url = \"abc\ndef\"\n}\n", "prod", NULL,
		   "atlas.hcl:2,13-3,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax., and 1 other diagnostic(s)");
}

Test(project_errors, single_quotes_with_count)
{
	expect_err("env \"prod\" {\n  url = 'x'\n}\n", "prod", NULL,
		   "atlas.hcl:2,9-10: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings., and 1 other diagnostic(s)");
}

Test(project_errors, semicolon_with_count)
{
	expect_err("env \"prod\" {\n  url = \"x\";\n}\n", "prod", NULL,
		   "atlas.hcl:2,12-13: Invalid character; The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values., and 1 other diagnostic(s)");
}
