/*
 * The parts of project.c that need no HCL: --var parsing (§3.3), the
 * --config URL rules (§1.3), Go durations, the §4.4 flag table, and the
 * working cases of selection that the worked examples do not cover.
 */
#include <criterion/criterion.h>

#include "test_project_util.h"

TestSuite(project_misc, .init = tp_setup, .fini = tp_teardown);

#define V(...) ((const char *const[]){ __VA_ARGS__, NULL })

static struct config_vars vars_ok(const char *const *v)
{
	size_t n = 0;
	while (v[n])
		n++;
	struct config_vars cv;
	int r = config_vars_parse(&cv, tp_arena, v, n, &tp_diags);
	cr_assert_eq(r, 0, "%s", tp_err());
	return cv;
}

Test(project_misc, vars_csv_and_repetition)
{
	struct config_vars cv = vars_ok(V("a=1,b=2", "a=x=y", "\"url=x,y\"", "e="));
	cr_assert_eq(cv.n, 4);
	cr_assert_str_eq(cv.vars[0].name, "a");
	cr_assert_eq(cv.vars[0].n, 2);
	cr_assert_str_eq(cv.vars[0].values[0], "1");
	cr_assert_str_eq(cv.vars[0].values[1], "x=y");
	cr_assert_str_eq(cv.vars[1].name, "b");
	cr_assert_str_eq(cv.vars[2].name, "url");
	cr_assert_str_eq(cv.vars[2].values[0], "x,y");
	cr_assert_str_eq(cv.vars[3].values[0], "");
}

Test(project_misc, vars_first_line_only)
{
	struct config_vars cv = vars_ok(V("a=1\nb=2"));
	cr_assert_eq(cv.n, 1);
	cr_assert_str_eq(cv.vars[0].values[0], "1");
}

Test(project_misc, vars_quoted_quote)
{
	struct config_vars cv = vars_ok(V("\"k=a\"\"b\""));
	cr_assert_str_eq(cv.vars[0].values[0], "a\"b");
}

static const char *path_of(const char *url)
{
	const char *p = NULL;
	if (config_file_path(&p, tp_arena, url, &tp_diags) < 0)
		return arena_printf(tp_arena, "error: %s", tp_err());
	return p;
}

Test(project_misc, config_url_paths)
{
	cr_assert_str_eq(path_of("file://atlas.hcl"), "atlas.hcl");
	cr_assert_str_eq(path_of("file://deploy/atlas.hcl"), "deploy/atlas.hcl");
	cr_assert_str_eq(path_of("file://./atlas.hcl"), "atlas.hcl");
	cr_assert_str_eq(path_of("file://../x/atlas.hcl"), "../x/atlas.hcl");
	cr_assert_str_eq(path_of("file:///etc/app/atlas.hcl"), "/etc/app/atlas.hcl");
	cr_assert_str_eq(path_of("FILE://atlas.hcl"), "atlas.hcl");
	cr_assert_str_eq(path_of("file://atlas.hcl?x=1"), "atlas.hcl");
	cr_assert_str_eq(path_of("file://a%20b/atlas.hcl"), "a b/atlas.hcl");
	cr_assert_str_eq(path_of("file://a//b/../c.hcl"), "a/c.hcl");
	cr_assert_str_eq(path_of("file://"), "");
}

Test(project_misc, config_url_without_scheme)
{
	cr_assert_str_eq(path_of("my dir/atlas.hcl"),
			 "error: missing scheme for config file. Did you mean file://my%20dir/atlas.hcl?");
}

Test(project_misc, config_url_other_scheme)
{
	cr_assert_str_eq(path_of("s3://bucket/atlas.hcl"),
			 "error: unsupported config file driver \"s3\"");
}

static const char *dur(const char *s)
{
	struct diags d;
	int64_t ns;
	diags_init(&d, tp_arena);
	if (util_go_duration_parse(&ns, s, &d) == 0)
		return "ok";
	return d.head->summary;
}

Test(project_misc, go_durations)
{
	cr_assert_str_eq(dur("10s"), "ok");
	cr_assert_str_eq(dur("1m30s"), "ok");
	cr_assert_str_eq(dur("500ms"), "ok");
	cr_assert_str_eq(dur("1.5h"), "ok");
	cr_assert_str_eq(dur(".5s"), "ok");
	cr_assert_str_eq(dur("0"), "ok");
	cr_assert_str_eq(dur("-3s"), "ok");
	cr_assert_str_eq(dur("2\xC2\xB5s"), "ok");
	cr_assert_str_eq(dur("ten"), "time: invalid duration \"ten\"");
	cr_assert_str_eq(dur("10"), "time: missing unit in duration \"10\"");
	cr_assert_str_eq(dur("1d"), "time: unknown unit \"d\" in duration \"1d\"");
	cr_assert_str_eq(dur(""), "time: invalid duration \"\"");
	cr_assert_str_eq(dur("."), "time: invalid duration \".\"");
	cr_assert_str_eq(dur("99999999999999999999s"), "time: invalid duration \"99999999999999999999s\"");
}

Test(project_misc, flag_table)
{
	struct config_env e = {
		.url = "u", .dev = "d", .dir = "file://m", .dir_format = "goose", .baseline = "1",
		.exec_order = "non-linear", .lock_timeout = "1s", .revisions_schema = "r",
		.format_apply = "fa", .format_status = "fs",
	};
	cr_assert_str_eq(config_env_flag(&e, "apply", "format"), "fa");
	cr_assert_str_eq(config_env_flag(&e, "status", "format"), "fs");
	cr_assert_null(config_env_flag(&e, "apply", "dir-format"));
	cr_assert_str_eq(config_env_flag(&e, "hash", "dir-format"), "goose");
	cr_assert_null(config_env_flag(&e, "hash", "url"));
	cr_assert_str_eq(config_env_flag(&e, "validate", "dev-url"), "d");
	cr_assert_null(config_env_flag(&e, "status", "baseline"));
	cr_assert_str_eq(config_env_flag(&e, "set", "revisions-schema"), "r");
	cr_assert_null(config_env_flag(&e, "set", "exec-order"));
	cr_assert_str_eq(config_env_flag(&e, "apply", "lock-timeout"), "1s");
	cr_assert_null(config_env_flag(&e, "new", "lock-timeout"));
}

Test(project_misc, duplicate_labels_run_twice_in_apply)
{
	const char *hcl = "env \"p\" {\n  url = \"sqlite://a\"\n}\nenv \"p\" {\n  url = \"sqlite://b\"\n}\n";
	int r = tp_load(hcl, "p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://a ;; [p] url=sqlite://b");
	r = tp_load(hcl, "p", "set", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "set"), "error: multiple envs found for \"p\"");
}

Test(project_misc, for_each_tuple_and_object)
{
	int r = tp_load("env \"p\" {\n  for_each = [\"b\", \"a\"]\n  url = \"sqlite://${each.key}-${each.value}\"\n}\n",
			"p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://0-b ;; [p] url=sqlite://1-a");
	r = tp_load("env \"p\" {\n  for_each = {z = \"1\", a = \"2\"}\n  url = \"sqlite://${each.key}-${each.value}\"\n}\n",
		    "p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://a-2 ;; [p] url=sqlite://z-1");
}

Test(project_misc, for_each_after_plain_blocks)
{
	int r = tp_load("env \"p\" {\n  for_each = toset([\"x\"])\n  url = \"sqlite://${each.value}\"\n}\n"
			"env \"p\" {\n  url = \"sqlite://plain\"\n}\n",
			"p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://plain ;; [p] url=sqlite://x");
}

Test(project_misc, null_and_empty_are_absent)
{
	int r = tp_load("env \"p\" {\n  url = null\n  migration {\n    dir = \"\"\n    baseline = null\n  }\n}\n",
			"p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] why=env \"p\" url is empty");
}

Test(project_misc, no_url_attribute_reason)
{
	int r = tp_load("env \"p\" {\n}\n", "p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] why=env \"p\" sets no url");
}

Test(project_misc, reason_through_local_and_template)
{
	const char *envp[] = { "HOST=", NULL };
	int r = tp_load("locals {\n  u = getenv(\"DB_URL\")\n}\nenv \"p\" {\n  url = local.u\n}\n", "p",
			"apply", NULL, envp);
	cr_assert_str_eq(tp_render(r, "apply"),
			 "[p] why=env \"p\" url is empty because DB_URL is unset");
}

Test(project_misc, data_skipped_when_not_needed)
{
	const char *hcl =
		"data \"external_schema\" \"gorm\" {\n  program = [\"go\", \"run\"]\n}\n"
		"env \"gorm\" {\n  src = data.external_schema.gorm.url\n  url = \"sqlite://a\"\n"
		"  migration {\n    dir = \"file://migrations\"\n  }\n}\n";
	int r = tp_load(hcl, "gorm", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[gorm] url=sqlite://a dir=file://migrations");
}

Test(project_misc, exec_order_strings_and_enums)
{
	int r = tp_load("env \"p\" {\n  migration {\n    exec_order = \"NON_LINEAR\"\n  }\n}\n", "p",
			"apply", NULL, NULL);
	cr_assert_eq(r, 0, "%s", tp_err());
	cr_assert_str_eq(tp_envs[0].exec_order, "non-linear");
	r = tp_load("env \"p\" {\n  migration {\n    exec_order = LINEAR\n  }\n}\n", "p", "apply", NULL,
		    NULL);
	cr_assert_eq(r, 0, "%s", tp_err());
	cr_assert_str_eq(tp_envs[0].exec_order, "linear");
}

Test(project_misc, format_templates)
{
	int r = tp_load("env \"p\" {\n  format {\n    migrate {\n      apply = \"{{ json . }}\"\n"
			"      status = \"{{ .Current }}\"\n      diff = \"{{ sql . \\\"  \\\" }}\"\n    }\n  }\n}\n",
			"p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] format={{ json . }} why=env \"p\" sets no url");
	cr_assert_str_eq(tp_render(r, "status"), "[p] format={{ .Current }} why=env \"p\" sets no url");
}

Test(project_misc, later_variable_block_wins_and_unknown_vars_ignored)
{
	int r = tp_load("variable \"a\" {\n  type = string\n  default = \"one\"\n}\n"
			"variable \"a\" {\n  type = string\n  default = \"two\"\n}\n"
			"env \"p\" {\n  url = \"sqlite://${var.a}\"\n}\n",
			"p", "apply", V("nope=1"), NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://two");
}

Test(project_misc, atlas_block_is_ignored)
{
	int r = tp_load("atlas {\n  cloud {\n    token = \"x\"\n  }\n}\nenv \"p\" {\n  url = \"sqlite://a\"\n}\n",
			"p", "apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://a");
}

Test(project_misc, top_level_lint_review_enum)
{
	int r = tp_load("lint {\n  review = ERROR\n}\nenv \"p\" {\n  url = \"sqlite://a\"\n}\n", "p",
			"apply", NULL, NULL);
	cr_assert_str_eq(tp_render(r, "apply"), "[p] url=sqlite://a");
}

Test(project_misc, empty_config_path)
{
	int r = tp_load_cfg("file://", NULL, "prod", "apply", NULL, NULL);
	cr_assert_eq(r, -1);
	cr_assert_str_eq(tp_err(), "config file \"\" was not found: stat : no such file or directory");
}

Test(project_misc, reason_names_an_empty_cli_variable)
{
	int r = tp_load("variable \"db\" {\n  type = string\n  default = getenv(\"DB\")\n}\n"
			"env \"p\" {\n  url = var.db\n}\n",
			"p", "apply", V("db="), V("DB=sqlite://ignored.db"));
	cr_assert_str_eq(tp_render(r, "apply"), "[p] why=env \"p\" url is empty because --var db is empty");
}
