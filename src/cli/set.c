/*
 * atlas migrate set [version] (spec/migrate.md §7): verifies the
 * directory, connects, takes the lock with timeout 0, runs the §5.1
 * ambiguity check, ensures the revision table, and lets exec_set()
 * (src/migrate/executor.c) rewrite the history inside one transaction.
 * The report (§6.5) is printed before COMMIT, as upstream does, so a
 * failing commit comes after it.
 */
#include "cli.h"

#include "driver/driver.h"
#include "migrate/exec.h"
#include "migrate/migrate.h"
#include "migrate_run.h"
#include "report/report.h"

int cli_run_set(struct cli_ctx *ctx)
{
	struct arena *a = ctx->arena;
	struct diags d;
	diags_init(&d, a);
	struct migrate_dir *dir;
	struct migrate_sum sum;
	int rc = cli_dir_open_verified(ctx, &dir, &sum, cli_flag_str(ctx, "dir-format"));
	if (rc)
		return rc;
	struct db_url url;
	struct driver *drv;
	rc = cli_db_open(ctx, &url, &drv, DRIVER_OPEN_LOCK, NULL);
	if (rc)
		return rc;
	if (drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d) < 0) {
		cli_errorf(ctx, "acquiring database lock: %s", cli_first_error(&d));
		driver_close(drv);
		return EXIT_FAIL;
	}
	bool quiet = false;
	bool exists;
	rc = drv->ops->rev_locate(drv, cli_flag_str(ctx, "revisions-schema"), &d);
	if (rc == 0)
		rc = drv->ops->rev_check_ambiguous(drv, &d);
	if (rc == DRIVER_AMBIGUOUS) {
		report_ambiguous_revisions(ctx->out);
		quiet = true;
	} else if (rc == 0) {
		rc = drv->ops->rev_ensure(drv, true, &exists, &d);
	}
	if (rc == 0) {
		struct report_set rs;
		rc = exec_set(&rs, a, drv, dir, &sum, ctx->args, ctx->nargs,
			      cli_operator_version(), &d);
		if (rc == 0) {
			report_set_text(ctx->out, &rs, cli_colour(ctx));
			rc = drv->ops->commit(drv, &d);
		}
	}
	fflush(ctx->out);
	struct diags ud;
	diags_init(&ud, a);
	if (drv->ops->unlock(drv, DRIVER_LOCK_NAME, &ud) < 0) {
		cli_errorf(ctx, "%s", cli_first_error(&ud));
		driver_close(drv);
		return EXIT_FAIL;
	}
	driver_close(drv);
	if (rc == 0)
		return EXIT_OK;
	if (!quiet)
		cli_errorf(ctx, "%s", cli_first_error(&d));
	return EXIT_FAIL;
}
