/*
 * config: the project file (atlas.hcl).  Public contract of the folder;
 * the HCL machinery (lexer, parser, evaluator, functions) is folder
 * private (internal.h).  Owned by the project-file work (issue 3).
 *
 * The cli hands this module the raw values of --config, --env and --var
 * (already expanded by envsubst); it gets back one settings record per
 * selected env (spec/project-file.md §1, §3, §4), and maps each record onto
 * the flags of a subcommand (§4.4).  All results live in the caller's
 * arena.  Fallible functions return 0 or -1 and append diagnostics to the
 * caller's struct diags; every error of this module is a configuration
 * error (exit 2 at the cli).  Nothing here prints.
 */
#ifndef ATLAS_CONFIG_H
#define ATLAS_CONFIG_H

#include "util/util.h"

/* ---- --var ------------------------------------------------------------ */

/* One input variable from the command line: every value in order (a key
 * given twice or more becomes a list of strings, spec §3.3). */
struct config_var {
	const char *name;
	size_t n;
	const char **values;
};

struct config_vars {
	size_t n;
	struct config_var *vars;
};

/*
 * Parses the --var flag values (each one CSV line of key=value fields,
 * spec §3.3) into *out, merging repeated keys in order.  Errors carry
 * upstream's flag wording: `invalid argument "a=1,b" for "--var" flag:
 * variables must be format as key=value, got: "b"`.
 */
int config_vars_parse(struct config_vars *out, struct arena *a, const char *const *values,
		      size_t n, struct diags *d) WUR;

/* ---- the project file --------------------------------------------------- */

/*
 * §1.3: the file path named by a --config URL ("file://deploy/atlas.hcl" ->
 * "deploy/atlas.hcl"), or -1 with `missing scheme for config file. Did you
 * mean file://X?` / `unsupported config file driver "X"`.  No I/O.
 */
int config_file_path(const char **path, struct arena *a, const char *url,
		     struct diags *d) WUR;

/* The settings of one selected env.  A NULL setting means "not set by the
 * env" (absent, null or empty, §3.7): the flag default applies. */
struct config_env {
	const char *name;
	struct span span;         /* the env block (for messages) */
	const char *url;
	const char *dev;
	const char *dir;          /* migration.dir, as written (a URL) */
	const char *dir_format;   /* migration.format (enum name or string) */
	const char *baseline;
	const char *exec_order;   /* lower-cased, "_" -> "-" (LINEAR_SKIP -> linear-skip) */
	const char *lock_timeout; /* a valid Go duration when the command uses it */
	const char *wait;         /* atlas-c: env attribute `wait` (--wait), as written */
	const char *revisions_schema;
	const char *format_apply;  /* format { migrate { apply } } */
	const char *format_status; /* format { migrate { status } } */
	/* Why url is NULL, for `required flag "url" not set: <reason>`:
	 * e.g. `env "prod" url is empty because DATABASE_URL is unset`. */
	const char *url_missing_reason;
};

struct config_load_opts {
	const char *config_url;  /* --config value; NULL or "" = file://atlas.hcl */
	const char *env;         /* --env value; NULL or "" = none */
	const struct config_vars *vars;
	/* The migrate subcommand ("apply", "status", "set", "hash", "new",
	 * "validate", ...): decides which settings are checked (lock_timeout
	 * only where it is used) and whether several envs are allowed (only
	 * "apply", §4.1 step 6). */
	const char *command;
	/* getenv() inside the file; NULL = the process environment. */
	const char *(*getenv)(void *arg, const char *name);
	void *getenv_arg;
	/* print() inside the file; NULL = silent. */
	void (*print)(void *arg, const char *text);
	void *print_arg;
};

/*
 * Reads, parses and evaluates the project file and selects the envs named
 * by o->env (§1.4).  With no env name the file is still evaluated (errors
 * count) and *n is 0.  *out is an arena array of *n envs in selection
 * order.  Errors: §6 texts (file missing, HCL diagnostics with positions,
 * variables, for_each, `env "x" not defined in config file`, `multiple envs
 * found for "x"`, type errors, bad lock_timeout), all to d.
 */
int config_load(struct config_env **out, size_t *n, struct arena *a,
		const struct config_load_opts *o, struct diags *d) WUR;

/*
 * config_load on a buffer (tests, fuzzing): `file` is the name used in
 * diagnostics, `base_dir` the directory file(), fileset() and glob()
 * resolve against (NULL: the working directory).  No --config rules.
 */
int config_load_text(struct config_env **out, size_t *n, struct arena *a,
		     const struct config_load_opts *o, const char *file, const char *base_dir,
		     const char *buf, size_t len, struct diags *d) WUR;

/*
 * §4.4: the value env e gives flag `flag` (e.g. "url", "dir-format",
 * "lock-timeout", "format") of subcommand `command` ("apply", ...), or NULL
 * when the env sets nothing for it or the subcommand ignores that setting
 * (apply ignores migration.format).
 */
const char *config_env_flag(const struct config_env *e, const char *command, const char *flag);


#endif
