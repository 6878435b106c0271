/*
 * Command-line parsing and dispatch.  Walks argv down the command table
 * (`atlas migrate apply`), then parses the flags of the command reached,
 * the way spf13/pflag does for Atlas: flags and positional arguments may
 * interleave, `--` ends flags, and errors use pflag's wording
 * (`unknown flag: --x`, `flag needs an argument: --url`).  Help is printed
 * for `--help`/`-h` and for a group command run without a subcommand.
 */
#include "cli.h"

#include <stdarg.h>

static const struct flag_spec persistent_flags[] = {
	{ .name = "env", .kind = FLAG_STRING, .def = "", .type_name = "string",
	  .usage = "set which env from the config file to use" },
	{ .name = "var", .kind = FLAG_STRINGS, .def = "", .type_name = "<name>=<value>",
	  .usage = "input variables (repeatable; a list is given by repetition)" },
	{ .name = "config", .shorthand = 'c', .kind = FLAG_STRING, .def = "file://atlas.hcl",
	  .type_name = "string", .usage = "select config (project) file using URL format" },
	{ .name = "env-file", .kind = FLAG_STRING, .def = "", .type_name = "string",
	  .usage = "load KEY=value lines into the environment first; variables already set win (atlas-c)" },
	{ 0 },
};

static const struct flag_spec help_flag = {
	.name = "help", .shorthand = 'h', .kind = FLAG_BOOL, .def = "false", .usage = "help for this command",
};

const struct flag_value *cli_flag(const struct cli_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->nflags; i++)
		if (strcmp(ctx->flags[i].spec->name, name) == 0)
			return &ctx->flags[i];
	return NULL;
}

const char *cli_flag_str(const struct cli_ctx *ctx, const char *name)
{
	const struct flag_value *v = cli_flag(ctx, name);
	if (!v)
		return "";
	if ((v->set || v->from_env) && v->value)
		return v->value;
	return v->spec->def ? v->spec->def : "";
}

bool cli_flag_given(const struct cli_ctx *ctx, const char *name)
{
	const struct flag_value *v = cli_flag(ctx, name);
	return v && v->set;
}

bool cli_flag_bool(const struct cli_ctx *ctx, const char *name)
{
	return strcmp(cli_flag_str(ctx, name), "true") == 0;
}

void cli_errorf(struct cli_ctx *ctx, const char *fmt, ...)
{
	fflush(ctx->out);
	va_list ap;
	va_start(ap, fmt);
	fputs("Error: ", ctx->err);
	vfprintf(ctx->err, fmt, ap);
	fputc('\n', ctx->err);
	va_end(ap);
}

int cli_fail_diags(struct cli_ctx *ctx, const struct diags *d, int code)
{
	fflush(ctx->out);
	diag_print(ctx->err, d);
	return code;
}

static size_t count_flags(const struct flag_spec *f)
{
	size_t n = 0;
	while (f && f[n].name)
		n++;
	return n;
}

static struct flag_value *find_long(struct cli_ctx *ctx, const char *name, size_t len)
{
	for (size_t i = 0; i < ctx->nflags; i++) {
		const char *n = ctx->flags[i].spec->name;
		if (strlen(n) == len && memcmp(n, name, len) == 0)
			return &ctx->flags[i];
	}
	return NULL;
}

static struct flag_value *find_short(struct cli_ctx *ctx, char c)
{
	for (size_t i = 0; i < ctx->nflags; i++)
		if (ctx->flags[i].spec->shorthand == c)
			return &ctx->flags[i];
	return NULL;
}

static bool parse_bool(const char *s, const char **norm)
{
	static const char *const t[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const f[] = { "0", "f", "F", "false", "FALSE", "False" };
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (strcmp(s, t[i]) == 0) {
			*norm = "true";
			return true;
		}
	for (size_t i = 0; i < ARRAY_LEN(f); i++)
		if (strcmp(s, f[i]) == 0) {
			*norm = "false";
			return true;
		}
	return false;
}

static int set_flag(struct cli_ctx *ctx, struct flag_value *fv, const char *value,
		    const char *shown)
{
	if (fv->spec->kind == FLAG_BOOL) {
		const char *norm;
		if (!parse_bool(value, &norm)) {
			cli_errorf(ctx, "invalid argument \"%s\" for \"%s\" flag: strconv.ParseBool: parsing \"%s\": invalid syntax",
				   value, shown, value);
			return -1;
		}
		value = norm;
	}
	if (fv->spec->deprecated) {
		fprintf(ctx->out, "Flag --%s has been deprecated, %s\n", fv->spec->name,
			fv->spec->deprecated);
	}
	fv->set = true;
	fv->value = value;
	if (fv->spec->kind == FLAG_STRINGS) {
		const char **nv = arena_alloc(ctx->arena, sizeof(*nv) * (fv->nvalues + 1));
		if (fv->nvalues)
			memcpy(nv, fv->values, sizeof(*nv) * fv->nvalues);
		nv[fv->nvalues++] = value;
		fv->values = nv;
	}
	return 0;
}

/*
 * Parses flags and positionals from argv[0..argc).  Returns 0, 1 when help
 * was requested, or -1 after printing an error.
 */
static int parse_flags(struct cli_ctx *ctx, int argc, char **argv)
{
	ctx->args = arena_alloc(ctx->arena, sizeof(char *) * ((size_t)argc + 1));
	bool help = false;
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			for (i++; i < argc; i++)
				ctx->args[ctx->nargs++] = argv[i];
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			ctx->args[ctx->nargs++] = arg;
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
			if (nlen == 4 && memcmp(name, "help", 4) == 0) {
				help = true;
				continue;
			}
			struct flag_value *fv = find_long(ctx, name, nlen);
			if (!fv) {
				cli_errorf(ctx, "unknown flag: --%.*s", (int)nlen, name);
				return -1;
			}
			const char *shown = arena_printf(ctx->arena, "--%s", fv->spec->name);
			const char *value;
			if (eq) {
				value = eq + 1;
			} else if (fv->spec->kind == FLAG_BOOL) {
				value = "true";
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				cli_errorf(ctx, "flag needs an argument: --%s", fv->spec->name);
				return -1;
			}
			if (set_flag(ctx, fv, value, shown) < 0)
				return -1;
			continue;
		}
		/* Shorthand cluster: -u URL, -uURL, -u=URL, -h. */
		for (const char *p = arg + 1; *p; p++) {
			if (*p == 'h') {
				help = true;
				continue;
			}
			struct flag_value *fv = find_short(ctx, *p);
			if (!fv) {
				cli_errorf(ctx, "unknown shorthand flag: '%c' in %s", *p, arg);
				return -1;
			}
			const char *shown = arena_printf(ctx->arena, "-%c, --%s", *p, fv->spec->name);
			const char *value;
			if (p[1] == '=') {
				value = p + 2;
			} else if (fv->spec->kind == FLAG_BOOL) {
				if (set_flag(ctx, fv, "true", shown) < 0)
					return -1;
				continue;
			} else if (p[1]) {
				value = p + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				cli_errorf(ctx, "flag needs an argument: '%c' in %s", *p, arg);
				return -1;
			}
			if (set_flag(ctx, fv, value, shown) < 0)
				return -1;
			break;
		}
	}
	return help ? 1 : 0;
}

static void help_flag_line(FILE *f, const struct flag_spec *s)
{
	char head[96];
	if (s->shorthand)
		snprintf(head, sizeof(head), "  -%c, --%s", s->shorthand, s->name);
	else
		snprintf(head, sizeof(head), "      --%s", s->name);
	if (s->kind != FLAG_BOOL && s->type_name) {
		size_t n = strlen(head);
		snprintf(head + n, sizeof(head) - n, " %s", s->type_name);
	}
	fprintf(f, "%-34s %s", head, s->usage ? s->usage : "");
	if (s->kind == FLAG_STRING && s->def && *s->def)
		fprintf(f, " (default \"%s\")", s->def);
	fputc('\n', f);
}

void cli_print_help(FILE *f, const struct command *cmd)
{
	if (cmd->long_help)
		fprintf(f, "%s\n\n", cmd->long_help);
	else if (cmd->summary)
		fprintf(f, "%s\n\n", cmd->summary);
	fprintf(f, "Usage:\n");
	if (cmd->run)
		fprintf(f, "  %s [flags]%s%s\n", cmd->path, cmd->args_usage ? " " : "",
			cmd->args_usage ? cmd->args_usage : "");
	if (cmd->subcommands)
		fprintf(f, "  %s [command]\n", cmd->path);
	if (cmd->subcommands) {
		fprintf(f, "\nAvailable Commands:\n");
		for (const struct command *c = cmd->subcommands; c->name; c++)
			fprintf(f, "  %-12s %s\n", c->name, c->summary);
	}
	fprintf(f, "\nFlags:\n");
	for (const struct flag_spec *s = cmd->flags; s && s->name; s++)
		if (!s->hidden)
			help_flag_line(f, s);
	help_flag_line(f, &help_flag);
	if (cmd->migrate_persistent) {
		fprintf(f, "\nGlobal Flags:\n");
		for (const struct flag_spec *s = persistent_flags; s->name; s++)
			help_flag_line(f, s);
	}
	fprintf(f, "\nExit codes: 0 success; 2 the command line or the project file cannot be used;\n"
		   "1 any other error (upstream Atlas exits 1 for everything).\n");
	if (cmd->subcommands)
		fprintf(f, "\nUse \"%s [command] --help\" for more information about a command.\n",
			cmd->path);
}

int cli_main(struct arena *a, int argc, char **argv, FILE *out, FILE *err,
	     struct driver_interrupt *intr)
{
	const struct command *cmd = &cli_root;
	int i = 0;
	/* Walk down the table while the next word names a subcommand. */
	while (cmd->subcommands && i < argc && argv[i][0] != '-') {
		const struct command *next = NULL;
		for (const struct command *c = cmd->subcommands; c->name; c++)
			if (strcmp(c->name, argv[i]) == 0)
				next = c;
		if (!next) {
			fflush(out);
			fprintf(err, "Error: unknown command \"%s\" for \"%s\"\n", argv[i], cmd->path);
			return EXIT_USAGE;
		}
		cmd = next;
		i++;
	}
	struct cli_ctx ctx = { .arena = a, .cmd = cmd, .out = out, .err = err, .interrupt = intr };
	size_t n = count_flags(cmd->flags);
	size_t np = cmd->migrate_persistent ? count_flags(persistent_flags) : 0;
	ctx.flags = arena_alloc(a, sizeof(*ctx.flags) * (n + np + 1));
	for (size_t k = 0; k < n; k++)
		ctx.flags[ctx.nflags++].spec = &cmd->flags[k];
	for (size_t k = 0; k < np; k++)
		ctx.flags[ctx.nflags++].spec = &persistent_flags[k];

	int r = parse_flags(&ctx, argc - i, argv + i);
	if (r < 0)
		return EXIT_USAGE;
	if (r == 1 || !cmd->run) {
		if (!cmd->run && ctx.nargs > 0) {
			cli_errorf(&ctx, "unknown command \"%s\" for \"%s\"", ctx.args[0], cmd->path);
			return EXIT_USAGE;
		}
		cli_print_help(out, cmd);
		return EXIT_OK;
	}
	if (cmd->max_args >= 0 && ctx.nargs > (size_t)cmd->max_args) {
		cli_errorf(&ctx, "accepts at most %d arg(s), received %zu", cmd->max_args, ctx.nargs);
		return EXIT_USAGE;
	}
	if (!cmd->migrate_persistent)
		return cmd->run(&ctx);
	struct cli_ctx *envs;
	size_t nenvs;
	int rc = cli_resolve(&ctx, &envs, &nenvs);
	for (size_t k = 0; rc == 0 && k < nenvs; k++)
		rc = cmd->run(&envs[k]);
	return rc;
}
