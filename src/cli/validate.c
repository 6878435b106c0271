/*
 * atlas migrate validate (spec/migrate.md §7): checks the directory against
 * its atlas.sum and prints upstream's checksum box (§2.6) on a problem,
 * exit 1, then (beyond upstream, issue 4) splits every file into
 * statements so that a scanner error (an unclosed quote, a bad delimiter
 * directive) is found before a deploy meets it.  The target database is
 * unknown here, so a file passes when the PostgreSQL or the SQLite scanner
 * accepts it.  No output on success.  Replaying the directory on a dev
 * database (--dev-url) needs upstream's schema inspection and diff engine,
 * which atlas-c does not have: it fails with a clear error (exit 1) after
 * the checksum check, in upstream's order.  Runs once per selected env.
 */
#include "cli.h"

#include <unistd.h>

#include "migrate/migrate.h"
#include "report/report.h"

int cli_run_validate(struct cli_ctx *ctx)
{
	struct migrate_dir *dir;
	struct migrate_check check;
	struct diags d;
	int rc;

	diags_init(&d, ctx->arena);
	if (migrate_dir_open(&dir, ctx->arena, cli_flag_str(ctx, "dir"),
			     cli_flag_str(ctx, "dir-format"), false, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	rc = migrate_dir_verify(&check, NULL, ctx->arena, dir, &d);
	if (rc != 0)
		return cli_fail_checksum(ctx, rc, &check, &d);
	for (size_t i = 0; i < dir->nfiles; i++) {
		struct migrate_file *f = &dir->files[i];
		struct migrate_stmt *stmts;
		size_t n;
		struct diags pg, lite;
		diags_init(&pg, ctx->arena);
		diags_init(&lite, ctx->arena);
		if (migrate_file_load(f, ctx->arena, dir, &d) < 0)
			return cli_fail_diags(ctx, &d, EXIT_FAIL);
		if (migrate_file_split(&stmts, &n, ctx->arena, dir, f, MIGRATE_DIALECT_POSTGRES, &pg) == 0 ||
		    migrate_file_split(&stmts, &n, ctx->arena, dir, f, MIGRATE_DIALECT_SQLITE, &lite) == 0)
			continue;
		struct strbuf q = STRBUF_INIT;
		util_go_quote(&q, f->name, strlen(f->name));
		cli_errorf(ctx, "sql/migrate: scanning statements from %s: %s", q.buf,
			   pg.head ? pg.head->summary : "invalid statement");
		strbuf_release(&q);
		return EXIT_FAIL;
	}
	/* An env's `dev` reaches validate too (§4.4) and most real project
	 * files set one: only an explicit --dev-url is refused; the env's is
	 * ignored with a warning: atlas-c never replays the directory. */
	if (!cli_flag_given(ctx, "dev-url") && cli_flag_str(ctx, "dev-url")[0]) {
		fflush(ctx->out);
		fprintf(ctx->err, "Warning: atlas-c validates without a dev database; "
				  "the env's dev URL is not used\n");
		return EXIT_OK;
	}
	if (cli_flag_given(ctx, "dev-url")) {
		cli_errorf(ctx, "migrate validate --dev-url is not supported by atlas-c "
				"(replaying a directory needs a schema diff engine); "
				"run it without --dev-url to check the directory's integrity");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
