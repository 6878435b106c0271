/*
 * atlas migrate hash (spec/migrate.md §7): recomputes the directory's
 * atlas.sum (§2.2) and overwrites it unconditionally, also for an empty
 * directory.  No output on success; no database.  The deprecated --force
 * flag is announced by the flag parser and otherwise ignored.  Directory
 * and read errors exit 1.  Runs once per selected env.
 */
#include "cli.h"

#include "migrate/migrate.h"

int cli_run_hash(struct cli_ctx *ctx)
{
	struct migrate_dir *dir;
	struct diags d;

	diags_init(&d, ctx->arena);
	/* migrate_sum_rewrite rather than compute + write: memory flat in
	 * the number of files (issue 9) */
	if (migrate_dir_open(&dir, ctx->arena, cli_flag_str(ctx, "dir"),
			     cli_flag_str(ctx, "dir-format"), false, &d) < 0 ||
	    migrate_sum_rewrite(ctx->arena, dir, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	return EXIT_OK;
}
