/*
 * cli_resolve (src/cli/resolve.c) on a hand-built command context:
 * --env-file, ${VAR} expansion, the project file, flags winning over env
 * settings (§4.4), values marked from_env, and the empty-URL reason.
 */
#include <criterion/criterion.h>

#include "cli/cli.h"
#include "test_project_util.h"

TestSuite(project_resolve, .init = tp_setup, .fini = tp_teardown);

static const struct flag_spec specs[] = {
	{ .name = "url", .shorthand = 'u', .kind = FLAG_STRING, .def = "" },
	{ .name = "dir", .kind = FLAG_STRING, .def = "file://migrations" },
	{ .name = "lock-timeout", .kind = FLAG_STRING, .def = "10s" },
	{ .name = "exec-order", .kind = FLAG_STRING, .def = "linear" },
	{ .name = "env", .kind = FLAG_STRING, .def = "" },
	{ .name = "var", .kind = FLAG_STRINGS, .def = "" },
	{ .name = "config", .shorthand = 'c', .kind = FLAG_STRING, .def = "file://atlas.hcl" },
	{ .name = "env-file", .kind = FLAG_STRING, .def = "" },
};

static const struct command apply_cmd = { .name = "apply", .path = "atlas migrate apply" };

static char *err_buf;
static size_t err_len;

static struct cli_ctx *make_ctx(void)
{
	struct cli_ctx *c = arena_alloc(tp_arena, sizeof(*c));
	c->arena = tp_arena;
	c->cmd = &apply_cmd;
	c->nflags = ARRAY_LEN(specs);
	c->flags = arena_alloc(tp_arena, sizeof(*c->flags) * c->nflags);
	for (size_t i = 0; i < c->nflags; i++)
		c->flags[i].spec = &specs[i];
	c->out = stdout;
	c->err = open_memstream(&err_buf, &err_len);
	return c;
}

static void set(struct cli_ctx *c, const char *name, const char *value)
{
	struct flag_value *fv = (struct flag_value *)cli_flag(c, name);
	cr_assert_not_null(fv);
	fv->set = true;
	fv->value = value;
	if (fv->spec->kind == FLAG_STRINGS) {
		const char **nv = arena_alloc(tp_arena, sizeof(*nv) * (fv->nvalues + 1));
		if (fv->nvalues)
			memcpy(nv, fv->values, sizeof(*nv) * fv->nvalues);
		nv[fv->nvalues++] = value;
		fv->values = nv;
	}
}

static const char *err_text(struct cli_ctx *c)
{
	fflush(c->err);
	return err_buf ? err_buf : "";
}

static const char e1[] =
	"env \"prod\" {\n"
	"  url = getenv(\"DATABASE_URL\")\n"
	"  migration {\n"
	"    dir          = \"file://db/migrations\"\n"
	"    lock_timeout = \"1m\"\n"
	"  }\n"
	"}\n";

Test(project_resolve, env_fills_flags_not_given)
{
	tp_write("atlas.hcl", e1);
	setenv("DATABASE_URL", "sqlite://env.db", 1);
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_eq(n, 1);
	const struct flag_value *url = cli_flag(&out[0], "url");
	cr_assert(!url->set);
	cr_assert(url->from_env);
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "sqlite://env.db");
	cr_assert_str_eq(cli_flag_str(&out[0], "dir"), "file://db/migrations");
	cr_assert_str_eq(cli_flag_str(&out[0], "lock-timeout"), "1m");
	cr_assert_str_eq(cli_flag_str(&out[0], "exec-order"), "linear");
	cr_assert(!cli_flag(&out[0], "exec-order")->from_env);
	/* The caller's context is left as the command line gave it. */
	cr_assert_str_eq(cli_flag_str(c, "url"), "");
}

Test(project_resolve, e3_flags_win)
{
	tp_write("atlas.hcl", e1);
	setenv("DATABASE_URL", "sqlite://env.db", 1);
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	set(c, "url", "sqlite://t.db");
	set(c, "dir", "file://other");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "sqlite://t.db");
	cr_assert_str_eq(cli_flag_str(&out[0], "dir"), "file://other");
	cr_assert(!cli_flag(&out[0], "url")->from_env);
}

Test(project_resolve, e4_no_env_does_not_open_the_file)
{
	tp_write("atlas.hcl", "this is not HCL\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "url", "sqlite://t.db");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_eq(n, 1);
	cr_assert_eq(out, c);
	cr_assert_str_eq(cli_flag_str(out, "dir"), "file://migrations");
}

Test(project_resolve, e4_config_without_env_fails_on_syntax)
{
	tp_write("atlas.hcl", "this is not HCL\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "config", "file://atlas.hcl");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), EXIT_USAGE);
	cr_assert(strncmp(err_text(c), "Error: atlas.hcl:1,", 19) == 0, "%s", err_text(c));
}

Test(project_resolve, empty_url_says_why)
{
	tp_write("atlas.hcl", e1);
	unsetenv("DATABASE_URL");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "");
	out[0].err = c->err;
	cr_assert_eq(cli_fail_url_required(&out[0]), EXIT_USAGE);
	cr_assert_str_eq(err_text(c),
			 "Error: required flag \"url\" not set: env \"prod\" url is empty because DATABASE_URL is unset\n");
}

Test(project_resolve, empty_url_without_env_keeps_upstream_text)
{
	struct cli_ctx *c = make_ctx(), *out;
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_eq(cli_fail_url_required(out), EXIT_USAGE);
	cr_assert_str_eq(err_text(c), "Error: required flag \"url\" not set\n");
}

Test(project_resolve, env_file_feeds_getenv_and_expansion)
{
	tp_write("atlas.hcl", e1);
	tp_write("prod.env", "DATABASE_URL=sqlite://from-file.db\nDIR_NAME=custom\n");
	unsetenv("DATABASE_URL");
	setenv("DIR_NAME", "already-set", 1);
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	set(c, "env-file", "prod.env");
	set(c, "dir", "file://${DIR_NAME}");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "sqlite://from-file.db");
	cr_assert_str_eq(cli_flag_str(&out[0], "dir"), "file://already-set");
}

Test(project_resolve, env_file_missing)
{
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env-file", "nope.env");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), EXIT_USAGE);
	cr_assert_str_eq(err_text(c),
			 "Error: reading --env-file: open nope.env: no such file or directory\n");
}

Test(project_resolve, env_file_syntax_error)
{
	tp_write(".env", "A=1\nPASSWORD='s3cret\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env-file", ".env");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), EXIT_USAGE);
	cr_assert_str_eq(err_text(c),
			 "Error: .env:2,1-2: unterminated single-quoted value for PASSWORD\n");
}

Test(project_resolve, var_values_are_expanded)
{
	tp_write("atlas.hcl",
		 "variable \"db\" {\n  type = string\n}\nenv \"prod\" {\n  url = \"sqlite://${var.db}\"\n}\n");
	setenv("TENANT_DB", "acme.db", 1);
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	set(c, "var", "db=${TENANT_DB}");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "sqlite://acme.db");
}

Test(project_resolve, unset_variable_in_flag)
{
	unsetenv("NOPE");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "url", "postgres://u:hunter2@${NOPE}/db");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), EXIT_USAGE);
	cr_assert_str_eq(err_text(c), "Error: --url: environment variable \"NOPE\" is not set\n");
}

Test(project_resolve, bad_lock_timeout_from_env)
{
	tp_write("atlas.hcl", "env \"prod\" {\n  migration {\n    lock_timeout = \"10\"\n  }\n}\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), EXIT_USAGE);
	cr_assert_str_eq(err_text(c),
			 "Error: invalid argument \"10\" for \"--lock-timeout\" flag: time: missing unit in duration \"10\"\n");
}

Test(project_resolve, bad_lock_timeout_unused_when_flag_given)
{
	tp_write("atlas.hcl", "env \"prod\" {\n  migration {\n    lock_timeout = \"10\"\n  }\n}\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	set(c, "lock-timeout", "5s");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_str_eq(cli_flag_str(&out[0], "lock-timeout"), "5s");
}

Test(project_resolve, for_each_gives_one_copy_per_env)
{
	tp_write("atlas.hcl",
		 "env \"t\" {\n  for_each = toset([\"b\", \"a\"])\n  url = \"sqlite://${each.value}.db\"\n}\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "t");
	set(c, "dir", "file://shared");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_eq(n, 2);
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "sqlite://a.db");
	cr_assert_str_eq(cli_flag_str(&out[1], "url"), "sqlite://b.db");
	cr_assert_str_eq(cli_flag_str(&out[1], "dir"), "file://shared");
}

Test(project_resolve, env_empty_string_is_no_env)
{
	tp_write("atlas.hcl", "this is not HCL\n");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_eq(n, 1);
}

Test(project_resolve, var_commas_from_the_environment_are_not_separators)
{
	tp_write("atlas.hcl",
		 "variable \"db\" {\n  type = string\n}\nenv \"prod\" {\n  url = var.db\n}\n");
	setenv("MULTI", "postgres://h1,h2/db", 1);
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "env", "prod");
	set(c, "var", "db=${MULTI}");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), 0, "%s", err_text(c));
	cr_assert_str_eq(cli_flag_str(&out[0], "url"), "postgres://h1,h2/db");
}

Test(project_resolve, var_unset_variable)
{
	unsetenv("NOPE");
	struct cli_ctx *c = make_ctx(), *out;
	set(c, "var", "a=1,b=${NOPE}");
	size_t n;
	cr_assert_eq(cli_resolve(c, &out, &n), EXIT_USAGE);
	cr_assert_str_eq(err_text(c), "Error: --var: environment variable \"NOPE\" is not set\n");
}
