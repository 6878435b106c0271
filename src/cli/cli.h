/*
 * cli: the command table, flag parsing and help, and one file per command
 * that wires the stages together (envsubst -> config -> migrate -> driver
 * -> report).  This is the only layer that prints errors and chooses exit
 * codes (see DESIGN.md):
 *   0  success
 *   2  the command line or the project file cannot be used
 *   1  everything else
 * Flag parsing follows spf13/pflag as Atlas uses it: `--name value`,
 * `--name=value`, `-u value`, `-uvalue`, `-u=value`, bool flags without a
 * value, `--` ends flags, and its error wording.
 */
#ifndef ATLAS_CLI_H
#define ATLAS_CLI_H

#include "util/util.h"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
};

enum flag_kind {
	FLAG_STRING,
	FLAG_BOOL,
	FLAG_STRINGS, /* repeatable; every occurrence kept in order */
};

struct flag_spec {
	const char *name;
	char shorthand;        /* 0 = none */
	enum flag_kind kind;
	const char *def;       /* default shown in help and returned when unset */
	const char *type_name; /* "string", "duration", ... for help */
	const char *usage;
	bool hidden;
	const char *deprecated; /* message printed on use, or NULL */
};

struct flag_value {
	const struct flag_spec *spec;
	bool set;              /* given on the command line */
	bool from_env;         /* value filled from the selected env of atlas.hcl */
	const char *value;     /* last value (FLAG_STRING/FLAG_BOOL) */
	const char **values;   /* FLAG_STRINGS: all values */
	size_t nvalues;
};

struct cli_ctx;
struct driver_interrupt;

struct command {
	const char *name;       /* "apply" */
	const char *path;       /* "atlas migrate apply" */
	const char *summary;    /* one line for the parent's listing */
	const char *long_help;  /* paragraphs for --help */
	const char *args_usage; /* e.g. "[amount]" */
	int max_args;           /* -1 = any */
	const struct flag_spec *flags;     /* NULL-name terminated */
	bool migrate_persistent;           /* accepts --env/--var/--config */
	const struct command *subcommands; /* NULL-name terminated, or NULL */
	/* NULL: a group, prints help.  With migrate_persistent, run is called
	 * once per env that cli_resolve() selects, in order, and the first
	 * failure stops the loop (spec project-file.md §4.5). */
	int (*run)(struct cli_ctx *ctx);
};

struct cli_ctx {
	struct arena *arena;
	const struct command *cmd;
	struct flag_value *flags; /* cmd's flags, then persistent ones */
	size_t nflags;
	const char **args; /* positional arguments */
	size_t nargs;
	FILE *out;
	FILE *err;
	/* Shared with main's SIGINT/SIGTERM/SIGHUP handler (driver.h); NULL
	 * when the caller installs none. */
	struct driver_interrupt *interrupt;
};

/* The root of the command table (commands.c). */
extern const struct command cli_root;

/*
 * Parses argv (without argv[0]) against the command table and runs the
 * command.  Returns the process exit code.  Prints errors itself.
 * intr (may be NULL) is handed to the command as ctx->interrupt.
 */
int cli_main(struct arena *a, int argc, char **argv, FILE *out, FILE *err,
	     struct driver_interrupt *intr);

/* Flag lookups on a parsed command line. */
const struct flag_value *cli_flag(const struct cli_ctx *ctx, const char *name);
/* The value given (or filled from the env), else the default (never NULL:
 * "" when neither). */
const char *cli_flag_str(const struct cli_ctx *ctx, const char *name);
bool cli_flag_given(const struct cli_ctx *ctx, const char *name);
bool cli_flag_bool(const struct cli_ctx *ctx, const char *name);

/*
 * The stage between flag parsing and a command (resolve.c): loads
 * --env-file, expands ${VAR} references in flag values (envsubst), reads
 * the project file when --env or --config is given and, for each selected
 * env, returns a copy of ctx whose flags not given on the command line
 * carry that env's settings (value set, from_env true).  Without --env,
 * *out is one copy of ctx.  Returns 0, or an exit code after printing the
 * error (2 for command-line and project-file errors).
 */
int cli_resolve(struct cli_ctx *ctx, struct cli_ctx **out, size_t *n) WUR;

/*
 * For a command that finds --url empty (resolve.c): prints upstream's
 * `Error: required flag "url" not set`, followed, when the selected env
 * explains it, by the reason (`: env "prod" url is empty because
 * DATABASE_URL is unset`), and returns the exit code (2).
 */
int cli_fail_url_required(struct cli_ctx *ctx);

/* Prints a command's --help text. */
void cli_print_help(FILE *f, const struct command *cmd);

struct migrate_check;
/* After migrate_dir_verify() returned rc != 0: prints upstream's checksum
 * box (spec §2.6) on ctx->out, then the diagnostics; returns EXIT_FAIL
 * (checksum.c). */
int cli_fail_checksum(struct cli_ctx *ctx, int rc, const struct migrate_check *check,
		      const struct diags *d);

/* Prints `Error: <msg>` on ctx->err (after flushing ctx->out). */
void cli_errorf(struct cli_ctx *ctx, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Prints the diagnostics with diag_print and returns `code`. */
int cli_fail_diags(struct cli_ctx *ctx, const struct diags *d, int code);

/* Command entry points (one file each); the migrate ones receive the
 * context of one resolved env. */
int cli_run_version(struct cli_ctx *ctx);
int cli_run_unsupported(struct cli_ctx *ctx);
int cli_run_not_built(struct cli_ctx *ctx);
int cli_run_apply(struct cli_ctx *ctx);    /* apply.c */
int cli_run_status(struct cli_ctx *ctx);   /* status.c */
int cli_run_set(struct cli_ctx *ctx);      /* set.c */
int cli_run_hash(struct cli_ctx *ctx);     /* hash.c */
int cli_run_validate(struct cli_ctx *ctx); /* validate.c */
int cli_run_new(struct cli_ctx *ctx);      /* new.c */

#endif
