/*
 * atlas migrate apply: not built yet; the migrate work replaces this file.
 */
#include "cli.h"

int cli_run_apply(struct cli_ctx *ctx)
{
	return cli_run_not_built(ctx);
}
