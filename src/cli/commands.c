/*
 * The command table: every command, its flags with upstream's defaults
 * (spec/migrate.md §4.1 and §7) and its help text.  Entries use
 * designated initialisers; the run functions live one per file.
 */
#include "cli.h"

#include "config.h"

#define F_URL { .name = "url", .shorthand = 'u', .kind = FLAG_STRING, .def = "", \
		.type_name = "string", .usage = "[driver://username:password@address/dbname?param=value] select a database using the URL format" }
#define F_DIR { .name = "dir", .kind = FLAG_STRING, .def = "file://migrations", \
		.type_name = "string", .usage = "select migration directory using URL format" }
#define F_DIR_FORMAT { .name = "dir-format", .kind = FLAG_STRING, .def = "atlas", \
		.type_name = "string", .usage = "select migration file format (deprecated: use ?format= in --dir)" }
#define F_REV_SCHEMA { .name = "revisions-schema", .kind = FLAG_STRING, .def = "", \
		.type_name = "string", .usage = "name of the schema the revisions table resides in" }
#define F_WAIT { .name = "wait", .kind = FLAG_STRING, .def = "0s", .type_name = "duration", \
		.usage = "keep retrying transient connection failures for up to this long (atlas-c)" }
#define F_FORMAT { .name = "format", .kind = FLAG_STRING, .def = "", .type_name = "string", \
		.usage = "Go template to use to format the output (atlas-c: only '{{ json . }}')" }

static const struct flag_spec apply_flags[] = {
	F_URL,
	F_DIR,
	F_REV_SCHEMA,
	{ .name = "baseline", .kind = FLAG_STRING, .def = "", .type_name = "string",
	  .usage = "start the first migration after the given baseline version" },
	{ .name = "allow-dirty", .kind = FLAG_BOOL, .def = "false",
	  .usage = "allow start working on a non-clean database" },
	{ .name = "tx-mode", .kind = FLAG_STRING, .def = "file", .type_name = "string",
	  .usage = "set transaction mode [none, file, all]" },
	{ .name = "exec-order", .kind = FLAG_STRING, .def = "linear", .type_name = "string",
	  .usage = "set file execution order [linear, linear-skip, non-linear]" },
	{ .name = "lock-timeout", .kind = FLAG_STRING, .def = "10s", .type_name = "duration",
	  .usage = "set how long to wait for the database lock" },
	{ .name = "dry-run", .kind = FLAG_BOOL, .def = "false",
	  .usage = "print SQL without executing it (atlas-c writes nothing at all, not even the revisions table; upstream bug #3261)" },
	{ .name = "to-version", .kind = FLAG_STRING, .def = "", .type_name = "string",
	  .usage = "apply migrations up to and including this version" },
	F_FORMAT,
	F_WAIT,
	{ .name = "log", .kind = FLAG_STRING, .def = "", .type_name = "string",
	  .usage = "alias of --format", .hidden = true },
	{ 0 },
};

static const struct flag_spec status_flags[] = {
	F_URL, F_DIR, F_DIR_FORMAT, F_REV_SCHEMA, F_FORMAT, F_WAIT, { 0 },
};

static const struct flag_spec set_flags[] = {
	F_URL, F_DIR, F_DIR_FORMAT, F_REV_SCHEMA, F_WAIT, { 0 },
};

static const struct flag_spec hash_flags[] = {
	F_DIR,
	F_DIR_FORMAT,
	{ .name = "force", .kind = FLAG_BOOL, .def = "false", .usage = "deprecated: has no effect",
	  .hidden = true, .deprecated = "you can safely omit it." },
	{ 0 },
};

static const struct flag_spec validate_flags[] = {
	F_DIR,
	F_DIR_FORMAT,
	{ .name = "dev-url", .kind = FLAG_STRING, .def = "", .type_name = "string",
	  .usage = "[driver://username:password@address/dbname?param=value] dev database (not supported by atlas-c)" },
	{ 0 },
};

static const struct flag_spec new_flags[] = {
	F_DIR,
	F_DIR_FORMAT,
	{ .name = "edit", .kind = FLAG_BOOL, .def = "false",
	  .usage = "edit the created migration file(s) with $EDITOR (default vi)" },
	{ 0 },
};

static const struct flag_spec no_flags[] = { { 0 } };

static const struct command migrate_commands[] = {
	{ .name = "apply", .path = "atlas migrate apply", .args_usage = "[amount]", .max_args = 1,
	  .summary = "Applies pending migration files on the connected database.",
	  .long_help = "Applies pending migration files on the connected database (all of them, or\n"
		       "the first [amount]), records each in the revisions table and prints a report.",
	  .flags = apply_flags, .migrate_persistent = true, .run = cli_run_apply },
	{ .name = "status", .path = "atlas migrate status", .max_args = 0,
	  .summary = "Get information about the current migration status.",
	  .flags = status_flags, .migrate_persistent = true, .run = cli_run_status },
	{ .name = "set", .path = "atlas migrate set", .args_usage = "[version]", .max_args = -1,
	  .summary = "Set the current version of the migration history table.",
	  .flags = set_flags, .migrate_persistent = true, .run = cli_run_set },
	{ .name = "hash", .path = "atlas migrate hash", .max_args = 0,
	  .summary = "Hash (re-)creates an integrity hash file for the migration directory.",
	  .flags = hash_flags, .migrate_persistent = true, .run = cli_run_hash },
	{ .name = "validate", .path = "atlas migrate validate", .max_args = 0,
	  .summary = "Validates the migration directory's integrity (atlas.sum).",
	  .flags = validate_flags, .migrate_persistent = true, .run = cli_run_validate },
	{ .name = "new", .path = "atlas migrate new", .args_usage = "[name]", .max_args = 1,
	  .summary = "Creates a new empty migration file in the migration directory.",
	  .flags = new_flags, .migrate_persistent = true, .run = cli_run_new },
	{ .name = "down", .path = "atlas migrate down", .max_args = -1,
	  .summary = "Not supported by atlas-c (needs a schema diff engine).",
	  .flags = no_flags, .migrate_persistent = true, .run = cli_run_unsupported },
	{ .name = "lint", .path = "atlas migrate lint", .max_args = -1,
	  .summary = "Not supported by atlas-c (needs a dev database and analyzers).",
	  .flags = no_flags, .migrate_persistent = true, .run = cli_run_unsupported },
	{ .name = "diff", .path = "atlas migrate diff", .max_args = -1,
	  .summary = "Not supported by atlas-c (needs a schema diff engine).",
	  .flags = no_flags, .migrate_persistent = true, .run = cli_run_unsupported },
	{ 0 },
};

static const struct command root_commands[] = {
	{ .name = "migrate", .path = "atlas migrate",
	  .summary = "Manage versioned migration files",
	  .long_help = "'atlas migrate' wraps several sub-commands for migration management.",
	  .flags = no_flags, .migrate_persistent = true, .subcommands = migrate_commands },
	{ .name = "version", .path = "atlas version", .max_args = 0,
	  .summary = "Prints this atlas-c binary's version.", .flags = no_flags,
	  .run = cli_run_version },
	{ 0 },
};

const struct command cli_root = {
	.name = "atlas",
	.path = "atlas",
	.long_help = "atlas-c: a small C implementation of the Atlas CLI's versioned migration\n"
		     "workflow (atlas migrate apply/status/set/hash/validate/new) for PostgreSQL\n"
		     "and SQLite.  Flag values such as --url may hold ${VAR} references, which\n"
		     "atlas-c expands itself, so it works where no shell runs (Fly.io release commands).",
	.flags = no_flags,
	.subcommands = root_commands,
};

int cli_run_version(struct cli_ctx *ctx)
{
	fprintf(ctx->out, "atlas-c version v%s\n", PACKAGE_VERSION);
	return EXIT_OK;
}

int cli_run_unsupported(struct cli_ctx *ctx)
{
	cli_errorf(ctx, "'%s' is not supported", ctx->cmd->path);
	return EXIT_FAIL;
}

int cli_run_not_built(struct cli_ctx *ctx)
{
	cli_errorf(ctx, "'%s' is not built yet in atlas-c", ctx->cmd->path);
	return EXIT_FAIL;
}
