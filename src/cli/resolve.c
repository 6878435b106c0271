/*
 * Flag resolution, the stage between flag parsing and a command
 * (DESIGN.md: cli -> envsubst -> config).  In order:
 *   1. --env-file: its KEY=value lines enter the process environment;
 *      variables that are already set win (so a platform secret beats a
 *      checked-in default);
 *   2. ${VAR} expansion (envsubst) of the values of --url, --dev-url,
 *      --dir, --config, --revisions-schema, --baseline, --to-version,
 *      --var (and --env-file itself, before it is read);
 *   3. the --var syntax check (always, as upstream's flag parser does);
 *   4. the project file, when --env or --config is given (§1.2), and one
 *      copy of the command context per selected env whose flags that were
 *      not given on the command line carry the env's settings (§4.4).
 * Every error here is a command-line or project-file error: exit 2.
 * What the flags mean is left to the commands.
 */
#include "cli.h"

#include <errno.h>

#include "config/config.h"
#include "envsubst/envsubst.h"

extern char **environ;

/* The pseudo-flag through which a copy carries the reason its URL is
 * empty; no command-line spelling reaches it (parsing is over). */
static const struct flag_spec url_reason_spec = {
	.name = "atlas-c:url-missing-reason", .kind = FLAG_STRING, .def = "", .hidden = true,
};

/* --var is expanded too, but field by field after its CSV split (below),
 * so that a comma inside a substituted value is never re-read as a
 * separator. */
static const char *const expanded_flags[] = {
	"url", "dev-url", "dir", "config", "revisions-schema", "baseline", "to-version",
};

/* print() in the project file writes a line to the command's stdout. */
static void print_line(void *arg, const char *text)
{
	FILE *out = arg;
	fputs(text, out);
	fputc('\n', out);
}

static int expand_flag(struct cli_ctx *ctx, struct flag_value *fv, struct diags *d)
{
	const char *const *envp = (const char *const *)environ;
	const char *shown = arena_printf(ctx->arena, "--%s", fv->spec->name);
	if (fv->spec->kind == FLAG_STRINGS) {
		for (size_t i = 0; i < fv->nvalues; i++)
			if (envsubst_expand(&fv->values[i], ctx->arena, shown, fv->values[i], envp,
					    d) < 0)
				return -1;
		if (fv->nvalues)
			fv->value = fv->values[fv->nvalues - 1];
		return 0;
	}
	if (!fv->value)
		return 0;
	return envsubst_expand(&fv->value, ctx->arena, shown, fv->value, envp, d);
}

static int load_env_file(struct cli_ctx *ctx, struct diags *d)
{
	struct flag_value *fv = (struct flag_value *)cli_flag(ctx, "env-file");
	if (!fv || !fv->set || !fv->value || !*fv->value)
		return 0;
	if (expand_flag(ctx, fv, d) < 0)
		return -1;
	char *buf;
	size_t len;
	if (util_read_file(&buf, &len, ctx->arena, fv->value) < 0) {
		char *msg = arena_strdup(ctx->arena, strerror(errno));
		if (msg[0] >= 'A' && msg[0] <= 'Z')
			msg[0] = (char)(msg[0] + 32);
		return diag_errorf(d, NULL, "reading --env-file: open %s: %s", fv->value, msg);
	}
	struct dotenv_entry *e;
	size_t n;
	if (dotenv_parse(&e, &n, ctx->arena, fv->value, buf, len, d) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!getenv(e[i].key) && setenv(e[i].key, e[i].value, 1) < 0)
			return diag_errorf(d, NULL, "reading --env-file: cannot set %s: %s", e[i].key,
					   strerror(errno));
	return 0;
}

/* Fills the flags of `copy` that the command line left unset from env e. */
static int apply_env(struct cli_ctx *copy, const struct config_env *e, struct diags *d)
{
	for (size_t i = 0; i < copy->nflags; i++) {
		struct flag_value *fv = &copy->flags[i];
		if (fv->set || fv->spec == &url_reason_spec)
			continue;
		const char *v = config_env_flag(e, copy->cmd->name, fv->spec->name);
		if (!v)
			continue;
		if (strcmp(fv->spec->name, "lock-timeout") == 0) {
			struct diags dd;
			int64_t ns;
			diags_init(&dd, copy->arena);
			if (util_go_duration_parse(&ns, v, &dd) < 0)
				return diag_errorf(d, NULL,
						   "invalid argument \"%s\" for \"--lock-timeout\" flag: %s",
						   v, dd.head->summary);
		}
		fv->value = v;
		fv->from_env = true;
	}
	if (!e->url && e->url_missing_reason && !cli_flag_given(copy, "url")) {
		struct flag_value *fv = &copy->flags[copy->nflags++];
		memset(fv, 0, sizeof(*fv));
		fv->spec = &url_reason_spec;
		fv->value = e->url_missing_reason;
		fv->from_env = true;
	}
	return 0;
}

static struct cli_ctx *ctx_copy(const struct cli_ctx *ctx)
{
	struct cli_ctx *c = arena_memdup(ctx->arena, ctx, sizeof(*ctx));
	c->flags = arena_alloc(ctx->arena, (ctx->nflags + 1) * sizeof(*c->flags));
	memcpy(c->flags, ctx->flags, ctx->nflags * sizeof(*c->flags));
	return c;
}

int cli_resolve(struct cli_ctx *ctx, struct cli_ctx **out, size_t *n)
{
	struct diags d;
	diags_init(&d, ctx->arena);
	*out = ctx;
	*n = 1;
	if (load_env_file(ctx, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_USAGE);
	for (size_t i = 0; i < ARRAY_LEN(expanded_flags); i++) {
		struct flag_value *fv = (struct flag_value *)cli_flag(ctx, expanded_flags[i]);
		if (fv && fv->set && expand_flag(ctx, fv, &d) < 0)
			return cli_fail_diags(ctx, &d, EXIT_USAGE);
	}
	struct config_vars vars = { 0 };
	const struct flag_value *var = cli_flag(ctx, "var");
	if (var && var->set &&
	    config_vars_parse(&vars, ctx->arena, var->values, var->nvalues, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_USAGE);
	for (size_t i = 0; i < vars.n; i++)
		for (size_t k = 0; k < vars.vars[i].n; k++)
			if (envsubst_expand(&vars.vars[i].values[k], ctx->arena, "--var",
					    vars.vars[i].values[k], (const char *const *)environ,
					    &d) < 0)
				return cli_fail_diags(ctx, &d, EXIT_USAGE);

	const char *env = cli_flag_str(ctx, "env");
	if (!*env && !cli_flag_given(ctx, "config"))
		return 0;
	struct config_load_opts o = {
		.config_url = cli_flag_str(ctx, "config"),
		.env = env,
		.vars = &vars,
		.command = ctx->cmd->name,
		.print = print_line,
		.print_arg = ctx->out,
	};
	struct config_env *envs;
	size_t nenvs;
	if (config_load(&envs, &nenvs, ctx->arena, &o, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_USAGE);
	if (nenvs == 0)
		return 0;
	struct cli_ctx *copies = arena_alloc(ctx->arena, nenvs * sizeof(*copies));
	for (size_t i = 0; i < nenvs; i++) {
		struct cli_ctx *c = ctx_copy(ctx);
		if (apply_env(c, &envs[i], &d) < 0)
			return cli_fail_diags(ctx, &d, EXIT_USAGE);
		copies[i] = *c;
	}
	*out = copies;
	*n = nenvs;
	return 0;
}

int cli_fail_url_required(struct cli_ctx *ctx)
{
	const struct flag_value *r = cli_flag(ctx, url_reason_spec.name);
	if (r && r->value && *r->value)
		cli_errorf(ctx, "required flag \"url\" not set: %s", r->value);
	else
		cli_errorf(ctx, "required flag \"url\" not set");
	return EXIT_USAGE;
}
