/*
 * Shared steps of `migrate apply`, `status` and `set` (defined in apply.c,
 * owner: helper "exec"): opening and verifying the migration directory,
 * connecting, the Go duration syntax, the colour decision.  Each returns 0,
 * or an exit code after printing the problem itself.
 */
#ifndef ATLAS_CLI_MIGRATE_RUN_H
#define ATLAS_CLI_MIGRATE_RUN_H

#include "cli.h"

struct migrate_dir;
struct migrate_sum;
struct db_url;
struct driver;
struct driver_prestart;

/* Opens --dir (dir_format: the --dir-format value, NULL for apply) and
 * verifies atlas.sum, printing upstream's checksum box on stdout and
 * `Error: …` on failure (exit 1).  *sum receives the computed sum. */
int cli_dir_open_verified(struct cli_ctx *ctx, struct migrate_dir **dir,
			  struct migrate_sum *sum, const char *dir_format) WUR;

/* Requires --url (`required flag "url" not set`, exit 2), parses it (exit
 * 2) and opens the driver (exit 1), finishing `pre` (cli_db_prestart, may
 * be NULL) instead of starting afresh; pre is consumed on every path. */
int cli_db_open(struct cli_ctx *ctx, struct db_url *u, struct driver **drv,
		unsigned open_flags, struct driver_prestart *pre) WUR;

/* The URL to start connecting to before the caller's other work (reading
 * the migration directory, driver_prestart): --url when it is given,
 * parses, names a back end that starts anything early (PostgreSQL) and
 * --wait is not set; else NULL.  Reports nothing; cli_db_open reports
 * every error.  A prestart goes to cli_db_open or driver_prestart_cancel. */
const struct db_url *cli_db_prestart_url(struct cli_ctx *ctx);

/* Whether stdout gets colours (§6.1). */
bool cli_colour(const struct cli_ctx *ctx);

/* The operator_version written into revisions. */
const char *cli_operator_version(void);

/* Copies diagnostics' first error as plain text. */
const char *cli_first_error(const struct diags *d);

#endif
