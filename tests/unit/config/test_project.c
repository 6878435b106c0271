/*
 * The worked examples (§7 E1-E20) and the error catalogue (§6) of
 * spec/project-file.md, checked on the settings config_load returns.
 */
#include <criterion/criterion.h>

#include "test_project_util.h"

TestSuite(project, .init = tp_setup, .fini = tp_teardown);

#define V(...) ((const char *const[]){ __VA_ARGS__, NULL })

#define EXPECT(r, cmd, want) cr_assert_str_eq(tp_render((r), (cmd)), (want))

static const char e1[] =
	"env \"prod\" {\n"
	"  url = getenv(\"DATABASE_URL\")\n"
	"  migration {\n"
	"    dir = \"file://db/migrations\"\n"
	"  }\n"
	"}\n";

Test(project, e1_getenv_url)
{
	int r = tp_load(e1, "prod", "apply", NULL,
			V("DATABASE_URL=postgres://app:s3cret@db.internal:5432/app?sslmode=disable"));
	EXPECT(r, "apply",
	       "[prod] url=postgres://app:s3cret@db.internal:5432/app?sslmode=disable dir=file://db/migrations");
	cr_assert_null(tp_envs[0].lock_timeout);
	cr_assert_null(tp_envs[0].exec_order);
	cr_assert_null(tp_envs[0].revisions_schema);
}

Test(project, e2_unset_url_says_why)
{
	int r = tp_load(e1, "prod", "apply", NULL, NULL);
	EXPECT(r, "apply",
	       "[prod] dir=file://db/migrations why=env \"prod\" url is empty because DATABASE_URL is unset");
}

Test(project, e2_empty_url_says_why)
{
	int r = tp_load(e1, "prod", "apply", NULL, V("DATABASE_URL="));
	EXPECT(r, "apply",
	       "[prod] dir=file://db/migrations why=env \"prod\" url is empty because DATABASE_URL is empty");
}

Test(project, e2_unknown_env)
{
	int r = tp_load(e1, "staging", "apply", NULL, NULL);
	EXPECT(r, "apply", "error: env \"staging\" not defined in config file");
}

Test(project, e4_no_env_with_config_still_evaluates)
{
	int r = tp_load("this is not HCL\n", "", "apply", NULL, NULL);
	cr_assert_eq(r, -1);
	cr_assert(strncmp(tp_err(), "atlas.hcl:1,", 12) == 0, "%s", tp_err());
}

Test(project, e4_no_env_gives_no_settings)
{
	int r = tp_load(e1, "", "apply", NULL, NULL);
	EXPECT(r, "apply", "no env");
}

Test(project, e5_missing_file)
{
	int r = tp_load(NULL, "prod", "status", NULL, NULL);
	EXPECT(r, "status",
	       "error: config file \"atlas.hcl\" was not found: stat atlas.hcl: no such file or directory");
}

Test(project, e5_missing_scheme)
{
	int r = tp_load_cfg("deploy/atlas.hcl", e1, "prod", "status", NULL, NULL);
	EXPECT(r, "status", "error: missing scheme for config file. Did you mean file://deploy/atlas.hcl?");
}

static const char e6[] =
	"variable \"db_url\" {\n"
	"  type    = string\n"
	"  default = getenv(\"DATABASE_URL\")\n"
	"}\n"
	"variable \"lock\" {\n"
	"  type    = string\n"
	"  default = \"30s\"\n"
	"}\n"
	"env \"prod\" {\n"
	"  url = var.db_url\n"
	"  migration {\n"
	"    dir              = \"file://migrations\"\n"
	"    lock_timeout     = var.lock\n"
	"    revisions_schema = \"public\"\n"
	"    baseline         = \"20240101000000\"\n"
	"    exec_order       = LINEAR_SKIP\n"
	"  }\n"
	"}\n";

Test(project, e6_variables_and_migration_settings)
{
	int r = tp_load(e6, "prod", "apply", V("db_url=postgres://u:p@h:5432/app", "lock=1m"), NULL);
	EXPECT(r, "apply",
	       "[prod] url=postgres://u:p@h:5432/app dir=file://migrations revisions-schema=public "
	       "baseline=20240101000000 exec-order=linear-skip lock-timeout=1m");
}

Test(project, e6_defaults)
{
	int r = tp_load(e6, "prod", "apply", NULL, V("DATABASE_URL=sqlite://x.db"));
	EXPECT(r, "apply",
	       "[prod] url=sqlite://x.db dir=file://migrations revisions-schema=public "
	       "baseline=20240101000000 exec-order=linear-skip lock-timeout=30s");
}

Test(project, e6_status_ignores_apply_only_settings)
{
	int r = tp_load(e6, "prod", "status", NULL, V("DATABASE_URL=sqlite://x.db"));
	EXPECT(r, "status", "[prod] url=sqlite://x.db dir=file://migrations revisions-schema=public");
}

Test(project, e6_url_via_variable_says_why)
{
	int r = tp_load(e6, "prod", "apply", NULL, NULL);
	cr_assert_eq(r, 0, "%s", tp_err());
	cr_assert_str_eq(tp_envs[0].url_missing_reason,
			 "env \"prod\" url is empty because DATABASE_URL is unset");
}

static const char e7[] =
	"variable \"tenant\" { type = string }\n"
	"env \"prod\" {\n"
	"  url = \"postgres://u:p@db:5432/app?search_path=${var.tenant}&sslmode=disable\"\n"
	"}\n"
	"env \"local\" {\n"
	"  url = \"sqlite://local.db\"\n"
	"}\n";

Test(project, e7_required_variable_for_every_env)
{
	int r = tp_load(e7, "local", "apply", NULL, NULL);
	EXPECT(r, "apply", "error: missing value for required variable \"tenant\"");
}

Test(project, e7_required_variable_given)
{
	int r = tp_load(e7, "prod", "apply", V("tenant=acme"), NULL);
	EXPECT(r, "apply", "[prod] url=postgres://u:p@db:5432/app?search_path=acme&sslmode=disable");
}

static const char e8[] =
	"env {\n"
	"  name = atlas.env\n"
	"  url  = getenv(\"DATABASE_URL\")\n"
	"  migration {\n"
	"    dir = \"file://migrations/${atlas.env}\"\n"
	"  }\n"
	"}\n";

Test(project, e8_dynamic_env)
{
	int r = tp_load(e8, "staging", "apply", NULL, V("DATABASE_URL=sqlite://s.db"));
	EXPECT(r, "apply", "[staging] url=sqlite://s.db dir=file://migrations/staging");
	r = tp_load(e8, "anything", "hash", NULL, NULL);
	EXPECT(r, "hash", "[anything] dir=file://migrations/anything");
}

static const char e9[] =
	"env \"prod\" {\n"
	"  url = \"postgres://prod-db/app?sslmode=disable\"\n"
	"}\n"
	"env {\n"
	"  name = atlas.env\n"
	"  url  = \"sqlite://${atlas.env}.db\"\n"
	"}\n";

Test(project, e9_labeled_beats_dynamic)
{
	int r = tp_load(e9, "prod", "apply", NULL, NULL);
	EXPECT(r, "apply", "[prod] url=postgres://prod-db/app?sslmode=disable");
	r = tp_load(e9, "dev", "apply", NULL, NULL);
	EXPECT(r, "apply", "[dev] url=sqlite://dev.db");
}

static const char e10[] =
	"locals {\n"
	"  tenants = [\"globex\", \"acme\", \"acme\"]\n"
	"}\n"
	"env \"tenants\" {\n"
	"  for_each = toset(local.tenants)\n"
	"  url      = \"postgres://app:pw@db:5432/app?search_path=${each.value}&sslmode=disable\"\n"
	"}\n";

Test(project, e10_for_each_fan_out)
{
	int r = tp_load(e10, "tenants", "apply", NULL, NULL);
	EXPECT(r, "apply",
	       "[tenants] url=postgres://app:pw@db:5432/app?search_path=acme&sslmode=disable ;; "
	       "[tenants] url=postgres://app:pw@db:5432/app?search_path=globex&sslmode=disable");
}

Test(project, e10_multiple_envs_outside_apply)
{
	int r = tp_load(e10, "tenants", "status", NULL, NULL);
	EXPECT(r, "status", "error: multiple envs found for \"tenants\"");
}

static const char e11_list[] =
	"variable \"dbs\" { type = list(string) }\n"
	"env \"all\" {\n"
	"  for_each = var.dbs\n"
	"  url      = each.value\n"
	"}\n";
static const char e11_set[] =
	"variable \"dbs\" { type = list(string) }\n"
	"env \"all\" {\n"
	"  for_each = toset(var.dbs)\n"
	"  url      = each.value\n"
	"}\n";
static const char e11_empty[] =
	"variable \"dbs\" { type = list(string) }\n"
	"env \"all\" {\n"
	"  for_each = toset([])\n"
	"  url      = each.value\n"
	"}\n";

Test(project, e11_for_each_list_rejected)
{
	int r = tp_load(e11_list, "all", "apply", V("dbs=sqlite://b.db", "dbs=sqlite://a.db"), NULL);
	EXPECT(r, "apply", "error: schemahcl: for_each does not support list of string type");
}

Test(project, e11_for_each_toset)
{
	int r = tp_load(e11_set, "all", "apply", V("dbs=sqlite://b.db", "dbs=sqlite://a.db"), NULL);
	EXPECT(r, "apply", "[all] url=sqlite://a.db ;; [all] url=sqlite://b.db");
}

Test(project, e11_single_var_is_wrapped)
{
	int r = tp_load(e11_set, "all", "apply", V("dbs=sqlite://a.db"), NULL);
	EXPECT(r, "apply", "[all] url=sqlite://a.db");
}

Test(project, e11_zero_elements)
{
	int r = tp_load(e11_empty, "all", "apply", V("dbs=sqlite://a.db"), NULL);
	EXPECT(r, "apply", "error: env \"all\" not defined in config file");
	r = tp_load(e11_empty, "all", "apply", NULL, NULL);
	EXPECT(r, "apply", "error: missing value for required variable \"dbs\"");
}

static const char e12[] =
	"env \"local\" {\n"
	"  url = \"sqlite://local.db\"\n"
	"}\n"
	"env \"prod\" {\n"
	"  url = env(\"DATABASE_URL\")\n"
	"}\n";

Test(project, e12_partial_evaluation)
{
	int r = tp_load(e12, "local", "apply", NULL, NULL);
	EXPECT(r, "apply", "[local] url=sqlite://local.db");
	r = tp_load(e12, "prod", "apply", NULL, NULL);
	EXPECT(r, "apply",
	       "error: atlas.hcl:5,9-12: Call to unknown function; There is no function named \"env\".");
}

Test(project, e13_undeclared_variable)
{
	int r = tp_load("env \"prod\" {\n  url = var.database_url\n}\n", "prod", "apply", NULL, NULL);
	EXPECT(r, "apply",
	       "error: atlas.hcl:2,12-25: Unsupported attribute; This object does not have an attribute named \"database_url\".");
}

Test(project, e14_colon_instead_of_equals)
{
	int r = tp_load("env \"prod\" {\n  url: \"postgres://h/db\"\n}\n", "prod", "apply", NULL, NULL);
	cr_assert_eq(r, -1);
	cr_assert(strncmp(tp_err(),
			  "atlas.hcl:2,3-6: Argument or block definition required; An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.",
			  190) == 0,
		  "%s", tp_err());
}

Test(project, e14_unclosed_block)
{
	int r = tp_load("env \"prod\" {\n  url = \"sqlite://x.db\"\n", "prod", "apply", NULL, NULL);
	EXPECT(r, "apply",
	       "error: atlas.hcl:1,12-13: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.");
}

Test(project, e15_type_error_in_migration_block)
{
	int r = tp_load("env \"prod\" {\n  url = \"sqlite://app.db\"\n  migration {\n    baseline = 20240101000000\n  }\n}\n",
			"prod", "apply", NULL, NULL);
	EXPECT(r, "apply",
	       "error: schemahcl: failed reading spec as *cmdapi.Project: value of attr \"baseline\" cannot be read as string: string value is required");
}

static const char e16[] =
	"variable \"port\" { type = number }\n"
	"env \"prod\" {\n"
	"  url = \"postgres://h:${var.port}/db\"\n"
	"}\n";

Test(project, e16_var_conversion)
{
	int r = tp_load(e16, "prod", "apply", V("port=abc"), NULL);
	EXPECT(r, "apply", "error: variable \"port\": a number is required");
}

Test(project, e16_var_csv_field_without_equals)
{
	int r = tp_load(e16, "prod", "apply", V("port=5432,x"), NULL);
	EXPECT(r, "apply",
	       "error: invalid argument \"port=5432,x\" for \"--var\" flag: variables must be format as key=value, got: \"x\"");
}

Test(project, e16_var_number)
{
	int r = tp_load(e16, "prod", "apply", V("port=5432"), NULL);
	EXPECT(r, "apply", "[prod] url=postgres://h:5432/db");
}

Test(project, e17_file_relative_to_project_dir)
{
	tp_write("deploy/atlas.hcl",
		 "locals {\n  seed = trimspace(file(\"seed-url.txt\"))\n}\n"
		 "env \"prod\" {\n  url = local.seed\n  migration {\n    dir = \"file://migrations\"\n  }\n}\n");
	tp_write("deploy/seed-url.txt", "  sqlite://seed.db\n");
	int r = tp_load_cfg("file://deploy/atlas.hcl", NULL, "prod", "apply", NULL, NULL);
	EXPECT(r, "apply", "[prod] url=sqlite://seed.db dir=file://migrations");
}

static const char e18[] =
	"env \"prod\" {\n"
	"  url = \"sqlite://app.db\"\n"
	"  migration {\n"
	"    dir    = \"file://migrations\"\n"
	"    format = golang-migrate\n"
	"  }\n"
	"}\n";

Test(project, e18_format_ignored_by_apply)
{
	int r = tp_load(e18, "prod", "status", NULL, NULL);
	EXPECT(r, "status", "[prod] url=sqlite://app.db dir=file://migrations dir-format=golang-migrate");
	r = tp_load(e18, "prod", "apply", NULL, NULL);
	EXPECT(r, "apply", "[prod] url=sqlite://app.db dir=file://migrations");
}

Test(project, e19_unknown_env_attributes_do_nothing)
{
	int r = tp_load("env \"prod\" {\n  url     = \"sqlite://app.db\"\n  tx-mode = \"all\"\n"
			"  dev-url = \"sqlite://dev?mode=memory\"\n}\n",
			"prod", "apply", NULL, NULL);
	EXPECT(r, "apply", "[prod] url=sqlite://app.db");
}

static const char e20[] =
	"variable \"envfile\" {\n"
	"  type    = string\n"
	"  default = \".env\"\n"
	"}\n"
	"locals {\n"
	"  lines = [\n"
	"    for l in split(\"\\n\", file(var.envfile)) : trimspace(l)\n"
	"    if trimspace(l) != \"\" && !startswith(trimspace(l), \"#\")\n"
	"  ]\n"
	"  kv = {\n"
	"    for l in local.lines :\n"
	"    split(\"=\", l)[0] => join(\"=\", slice(split(\"=\", l), 1, length(split(\"=\", l))))\n"
	"  }\n"
	"}\n"
	"env \"local\" {\n"
	"  url = atlas.env == \"local\" ? local.kv[\"DATABASE_URL\"] : \"\"\n"
	"}\n";

Test(project, e20_dotenv_in_locals)
{
	tp_write(".env", "# comment\n\nDATABASE_URL=postgres://u:p@h/db?sslmode=disable\n");
	int r = tp_load(e20, "local", "apply", NULL, NULL);
	EXPECT(r, "apply", "[local] url=postgres://u:p@h/db?sslmode=disable");
}

Test(project, e20_length_of_string_fails)
{
	tp_write(".env", "DATABASE_URL=x\n");
	const char *bad =
		"locals {\n"
		"  lines = [\n"
		"    for l in split(\"\\n\", file(\".env\")) : trimspace(l)\n"
		"    if length(trimspace(l)) > 0\n"
		"  ]\n"
		"}\n"
		"env \"local\" {\n"
		"  url = \"x\"\n"
		"}\n";
	int r = tp_load(bad, "local", "apply", NULL, NULL);
	cr_assert_eq(r, -1);
	cr_assert(strstr(tp_err(),
			 "Error in function call; Call to function \"length\" failed: collection must be a list, a map or a tuple."),
		  "%s", tp_err());
}
