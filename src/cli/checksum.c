/*
 * The checksum failure every directory-reading command shares: upstream's
 * box on stdout (spec/migrate.md §2.6, rendered by report/) followed by
 * the `Error: …` line, exit 1.
 */
#include "cli.h"

#include <unistd.h>

#include "migrate/migrate.h"
#include "report/report.h"

int cli_fail_checksum(struct cli_ctx *ctx, int rc, const struct migrate_check *check,
		      const struct diags *d)
{
	bool colour = report_colour_enabled(isatty(fileno(ctx->out)) == 1, getenv("NO_COLOR"),
					    getenv("TERM"));
	if (rc != -1 && check->localised)
		report_checksum_error(ctx->out, check->line, check->file,
				      migrate_reason_name(check->reason), colour);
	else
		report_checksum_error(ctx->out, 0, NULL, NULL, colour);
	return cli_fail_diags(ctx, d, EXIT_FAIL);
}
