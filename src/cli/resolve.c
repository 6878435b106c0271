/*
 * Flag resolution: a pass-through until the project-file work lands
 * (it replaces this file with envsubst, --env-file and atlas.hcl).
 */
#include "cli.h"

int cli_resolve(struct cli_ctx *ctx, struct cli_ctx **out, size_t *n)
{
	if (*cli_flag_str(ctx, "env") || cli_flag_given(ctx, "config")) {
		cli_errorf(ctx, "--env and --config are not built yet in atlas-c");
		return EXIT_USAGE;
	}
	*out = ctx;
	*n = 1;
	return 0;
}
