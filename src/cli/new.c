/*
 * atlas migrate new [name] (spec/migrate.md §1.8, §7): creates the
 * directory if missing, verifies it (checksum box on a problem, exit 1),
 * writes the new file(s) named after the current UTC time, and rewrites
 * atlas.sum for the whole directory.  No output.  --edit hands each new
 * file to $EDITOR (default vi) through `sh -c` on the terminal first, like
 * upstream (atlas format only).  The flag parser enforces "at most 1 arg".
 */
#include "cli.h"

#include <errno.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "migrate/migrate.h"
#include "report/report.h"

static const char *go_dir_type(enum migrate_format f)
{
	switch (f) {
	case MIGRATE_FORMAT_GOLANG_MIGRATE:
		return "*sqltool.GolangMigrateDir";
	case MIGRATE_FORMAT_GOOSE:
		return "*sqltool.GooseDir";
	case MIGRATE_FORMAT_FLYWAY:
		return "*sqltool.FlywayDir";
	case MIGRATE_FORMAT_LIQUIBASE:
		return "*sqltool.LiquibaseDir";
	case MIGRATE_FORMAT_DBMATE:
		return "*sqltool.DBMateDir";
	default:
		return "*migrate.LocalDir";
	}
}

static const char *lower_strerror(struct arena *a, int err)
{
	char *s = arena_strdup(a, strerror(err));
	if (s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

static int write_file(const char *path, const char *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	if (fwrite(b, 1, n, f) != n) {
		int e = errno;
		fclose(f);
		errno = e;
		return -1;
	}
	return fclose(f);
}

/* Upstream's edit(): temp file, `sh -c "$EDITOR path"`, read back. */
static int edit(char **out, size_t *outlen, struct cli_ctx *ctx, const char *name,
		const char *content, struct diags *d)
{
	const char *tmp = getenv("TMPDIR");
	const char *editor = getenv("EDITOR");
	const char *path, *cmd;
	pid_t pid;
	int status;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (!editor || !*editor)
		editor = "vi";
	path = arena_printf(ctx->arena, "%s/%s", tmp, name);
	if (write_file(path, content, strlen(content)) < 0)
		return diag_errorf(d, NULL, "write source content to temp file: open %s: %s", path,
				   lower_strerror(ctx->arena, errno));
	cmd = arena_printf(ctx->arena, "%s %s", editor, path);
	fflush(ctx->out);
	fflush(ctx->err);
	pid = fork();
	if (pid < 0) {
		unlink(path);
		return diag_errorf(d, NULL, "exec edit: %s", lower_strerror(ctx->arena, errno));
	}
	if (pid == 0) {
		execlp("sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			unlink(path);
			return diag_errorf(d, NULL, "exec edit: %s", lower_strerror(ctx->arena, errno));
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		unlink(path);
		return diag_errorf(d, NULL, "exec edit: exit status %d", WEXITSTATUS(status));
	}
	if (WIFSIGNALED(status)) {
		unlink(path);
		return diag_errorf(d, NULL, "exec edit: signal: %s", strsignal(WTERMSIG(status)));
	}
	if (util_read_file(out, outlen, ctx->arena, path) < 0) {
		int e = errno;
		unlink(path);
		return diag_errorf(d, NULL, "read edited temp file: open %s: %s", path,
				   lower_strerror(ctx->arena, e));
	}
	unlink(path);
	return 0;
}

int cli_run_new(struct cli_ctx *ctx)
{
	struct migrate_dir *dir;
	struct migrate_check check;
	struct migrate_new_file files[2];
	struct migrate_sum sum;
	struct diags d;
	size_t nfiles;
	int rc;

	diags_init(&d, ctx->arena);
	if (migrate_dir_open(&dir, ctx->arena, cli_flag_str(ctx, "dir"),
			     cli_flag_str(ctx, "dir-format"), true, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	rc = migrate_dir_verify(&check, NULL, ctx->arena, dir, &d);
	if (rc != 0)
		return cli_fail_checksum(ctx, rc, &check, &d);
	bool editing = cli_flag_bool(ctx, "edit");
	if (editing && dir->format != MIGRATE_FORMAT_ATLAS) {
		cli_errorf(ctx, "--edit flag supports only atlas directories, but got: %s",
			   go_dir_type(dir->format));
		return EXIT_FAIL;
	}
	nfiles = migrate_new_files(files, ctx->arena, dir->format,
				   (int64_t)time(NULL), ctx->nargs ? ctx->args[0] : NULL);
	for (size_t i = 0; i < nfiles; i++) {
		char *content = (char *)files[i].content;
		size_t len = strlen(content);
		const char *path = arena_printf(ctx->arena, "%s/%s", dir->path, files[i].name);

		if (editing && edit(&content, &len, ctx, files[i].name, files[i].content, &d) < 0)
			return cli_fail_diags(ctx, &d, EXIT_FAIL);
		if (write_file(path, content, len) < 0) {
			cli_errorf(ctx, "open %s: %s", path, lower_strerror(ctx->arena, errno));
			return EXIT_FAIL;
		}
	}
	/* Re-list so the new file(s) are hashed in their place. */
	diags_init(&d, ctx->arena);
	if (migrate_dir_open(&dir, ctx->arena, cli_flag_str(ctx, "dir"),
			     cli_flag_str(ctx, "dir-format"), false, &d) < 0 ||
	    migrate_sum_compute(&sum, ctx->arena, dir, &d) < 0 ||
	    migrate_sum_write(dir, &sum, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	return EXIT_OK;
}
