/*
 * atlas migrate status (spec/migrate.md §6.4, §7): verifies the directory,
 * connects (no lock), runs the §5.1 ambiguity check and hands the rest to
 * exec_status() (src/migrate/executor.c), then renders upstream's text or
 * the --format template.  Status never creates the revision table.
 */
#include "cli.h"

#include "driver/driver.h"
#include "migrate/exec.h"
#include "migrate/migrate.h"
#include "migrate_run.h"
#include "report/report.h"

int cli_run_status(struct cli_ctx *ctx)
{
	struct arena *a = ctx->arena;
	struct diags d;
	diags_init(&d, a);
	struct report_format fmt;
	const char *ftext = cli_flag_str(ctx, "format");
	if (report_format_parse(&fmt, a, ftext, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_USAGE);
	const char *dir_format = cli_flag_str(ctx, "dir-format");
	struct migrate_dir *dir;
	struct migrate_sum sum;
	int rc = cli_dir_open_verified(ctx, &dir, &sum, dir_format);
	if (rc)
		return rc;
	struct db_url url;
	struct driver *drv;
	rc = cli_db_open(ctx, &url, &drv, 0, NULL);
	if (rc)
		return rc;
	rc = drv->ops->rev_locate(drv, cli_flag_str(ctx, "revisions-schema"), &d);
	if (rc == 0)
		rc = drv->ops->rev_check_ambiguous(drv, &d);
	if (rc == DRIVER_AMBIGUOUS) {
		report_ambiguous_revisions(ctx->out);
		fflush(ctx->out);
		driver_close(drv);
		return EXIT_FAIL;
	}
	struct report_status st;
	memset(&st, 0, sizeof(st));
	if (rc == 0)
		rc = exec_status(&st, a, drv, dir, &d);
	driver_close(drv);
	if (rc < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	struct strbuf uj = STRBUF_INIT;
	driver_url_json(&uj, &url);
	st.env.driver = url.driver;
	st.env.url_json = strbuf_arena(&uj, a);
	st.env.dir = migrate_dir_url_with_format(a, cli_flag_str(ctx, "dir"), dir_format);
	strbuf_release(&uj);
	report_status_print(ctx->out, &st, &fmt, cli_colour(ctx));
	fflush(ctx->out);
	return EXIT_OK;
}
