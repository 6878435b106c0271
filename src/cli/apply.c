/*
 * atlas migrate apply (spec/migrate.md §4.1, §4.3, §4.9): checks the
 * arguments, opens and verifies the migration directory, connects, takes
 * the lock, locates and ensures the revision table, hands the run to the
 * executor (src/migrate/executor.c), renders the report and prints the
 * `Error:` line.  Runs once per selected env, stopping at the first
 * failure.  Also home of the steps status.c and set.c share
 * (migrate_run.h).  The executor decides what is pending and what gets
 * written; this file only wires the stages and chooses exit codes
 * (DESIGN.md: 2 for an unusable command line, 1 for everything else).
 */
#include "cli.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "config.h"
#include "driver/driver.h"
#include "migrate/exec.h"
#include "migrate/migrate.h"
#include "migrate_run.h"
#include "report/report.h"

/* ---- shared steps (migrate_run.h) --------------------------------------- */

const char *cli_first_error(const struct diags *d)
{
	for (const struct diag *g = d->head; g; g = g->next)
		if (g->severity == DIAG_ERROR)
			return g->summary;
	return "";
}

bool cli_colour(const struct cli_ctx *ctx)
{
	return report_colour_enabled(isatty(fileno(ctx->out)) == 1, getenv("NO_COLOR"),
				     getenv("TERM"));
}

const char *cli_operator_version(void)
{
	return "atlas-c v" PACKAGE_VERSION;
}

int cli_dir_open_verified(struct cli_ctx *ctx, struct migrate_dir **dir,
			  struct migrate_sum *sum, const char *dir_format)
{
	struct diags d;
	diags_init(&d, ctx->arena);
	if (migrate_dir_open(dir, ctx->arena, cli_flag_str(ctx, "dir"), dir_format, false, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	struct migrate_check check;
	memset(&check, 0, sizeof(check));
	int rc = migrate_dir_verify(&check, sum, ctx->arena, *dir, &d);
	if (rc != 0)
		return cli_fail_checksum(ctx, rc, &check, &d);
	return 0;
}

/* --wait (atlas-c): one stderr line per retry; the cause never holds a
 * password (driver_open_wait scrubs it). */
static void wait_retry_line(void *arg, const char *cause, int64_t delay_ns, int64_t left_ns)
{
	struct cli_ctx *ctx = arg;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "Waiting for the database: %s; retrying in ", cause);
	report_go_duration(&sb, delay_ns / 1000000 * 1000000);
	strbuf_addstr(&sb, " (");
	report_go_duration(&sb, left_ns / 1000000 * 1000000);
	strbuf_addstr(&sb, " left)\n");
	fflush(ctx->out);
	fputs(sb.buf, ctx->err);
	fflush(ctx->err);
	strbuf_release(&sb);
}

const struct db_url *cli_db_prestart_url(struct cli_ctx *ctx)
{
	const char *raw = cli_flag_str(ctx, "url");
	struct diags d;
	diags_init(&d, ctx->arena);
	int64_t wait = 0;
	if (!*raw || (cli_flag(ctx, "wait") &&
		      (util_go_duration_parse(&wait, cli_flag_str(ctx, "wait"), &d) < 0 || wait > 0)))
		return NULL;
	struct db_url *u = arena_alloc(ctx->arena, sizeof(*u));
	if (driver_url_parse(u, ctx->arena, raw, &d) < 0 || !driver_can_prestart(u))
		return NULL;
	return u;
}

int cli_db_open(struct cli_ctx *ctx, struct db_url *u, struct driver **drv, unsigned open_flags,
		struct driver_prestart *pre)
{
	const char *raw = cli_flag_str(ctx, "url");
	if (!*raw) {
		driver_prestart_cancel(pre);
		return cli_fail_url_required(ctx);
	}
	struct diags d;
	diags_init(&d, ctx->arena);
	int64_t wait = 0;
	const char *wait_s = cli_flag_str(ctx, "wait");
	if (cli_flag(ctx, "wait") && util_go_duration_parse(&wait, wait_s, &d) < 0) {
		driver_prestart_cancel(pre);
		cli_errorf(ctx, "invalid argument \"%s\" for \"--wait\" flag: %s", wait_s,
			   cli_first_error(&d));
		return EXIT_USAGE;
	}
	if (driver_url_parse(u, ctx->arena, raw, &d) < 0) {
		driver_prestart_cancel(pre);
		return cli_fail_diags(ctx, &d, EXIT_USAGE);
	}
	struct driver_wait w = {
		.timeout_ns = wait,
		.interrupted = ctx->interrupt ? &ctx->interrupt->signals : NULL,
		.on_retry = wait_retry_line,
		.arg = ctx,
		.pre = pre,
	};
	if (driver_open_wait(drv, ctx->arena, u, open_flags, &w, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_FAIL);
	return 0;
}


/* ---- interrupts (§4.9) -------------------------------------------------- */

/*
 * main.c owns the signal state (ctx->interrupt).  From here on apply
 * handles the first SIGINT/SIGTERM/SIGHUP itself: the handler prints
 * upstream's notice and fires the driver's cancel handle, armed only while
 * a statement runs; the executor stops before the next statement, the
 * transaction is rolled back, the lock released and the report printed.
 * A second signal exits 1 at once.
 */
static void interrupt_graceful(struct cli_ctx *ctx)
{
	if (ctx->interrupt)
		ctx->interrupt->graceful = 1;
}

/* Registers drv's cancel handle (NULL: none, before driver_close). */
static void interrupt_cancel_handle(struct cli_ctx *ctx, struct driver *drv)
{
	if (ctx->interrupt)
		atomic_store(&ctx->interrupt->cancel, drv ? drv->cancel : NULL);
}

/* ---- apply -------------------------------------------------------------- */

/* Go strconv.Atoi: 0, -1 (invalid syntax) or -2 (value out of range). */
static int parse_amount(long long *out, const char *s)
{
	const char *p = s;
	bool neg = false;
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	if (!*p)
		return -1;
	unsigned long long v = 0;
	bool range = false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v > (ULLONG_MAX - 9) / 10)
			range = true;
		else
			v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (range || (!neg && v > (unsigned long long)LLONG_MAX) ||
	    (neg && v > (unsigned long long)LLONG_MAX + 1))
		return -2;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

static int check_args(struct cli_ctx *ctx, size_t *amount)
{
	*amount = 0;
	if (ctx->nargs == 0)
		return 0;
	long long n = 0;
	int rc = parse_amount(&n, ctx->args[0]);
	if (rc < 0) {
		struct strbuf q = STRBUF_INIT;
		util_go_quote(&q, ctx->args[0], strlen(ctx->args[0]));
		cli_errorf(ctx, "invalid amount argument %s (%s). Omit the argument or pass a valid "
			   "integer instead", q.buf, rc == -1 ? "invalid syntax" : "value out of range");
		strbuf_release(&q);
		return EXIT_USAGE;
	}
	if (n < 1) {
		cli_errorf(ctx, "cannot apply '%lld' migration files", n);
		return EXIT_USAGE;
	}
	*amount = (size_t)n;
	return 0;
}

/* --format / --log (hidden alias, mutually exclusive like cobra's group). */
static int parse_format(struct cli_ctx *ctx, struct report_format *fmt, bool *custom)
{
	bool has_log = cli_flag_given(ctx, "log") && *cli_flag_str(ctx, "log");
	bool has_fmt = *cli_flag_str(ctx, "format") != '\0';
	if (cli_flag_given(ctx, "log") && cli_flag_given(ctx, "format")) {
		cli_errorf(ctx, "if any flags in the group [log format] are set none of the others can "
			   "be; [format log] were all set");
		return EXIT_USAGE;
	}
	const char *text = has_log ? cli_flag_str(ctx, "log") : cli_flag_str(ctx, "format");
	*custom = has_log || has_fmt;
	struct diags d;
	diags_init(&d, ctx->arena);
	if (report_format_parse(fmt, ctx->arena, text, &d) < 0)
		return cli_fail_diags(ctx, &d, EXIT_USAGE);
	return 0;
}

/*
 * The directory's listing and verification on a worker thread, while the
 * main thread connects, takes the lock and reads the revision table (W4
 * in bench/README.md: ~5 ms of file reads for 1000 files next to ~5 ms of
 * database round trips).  The worker has its own arena and diagnostics,
 * prints nothing and gets no signals; it tells the listing's size as soon
 * as it has it (dir_job_listed).  The main thread joins it before it
 * prints anything or writes to the database, so a directory error still
 * wins over any database one and nothing is created unless the directory
 * verified.
 */
struct dir_job {
	const char *url;
	struct arena *arena; /* the worker's; adopted by the command's after the join */
	struct diags d;
	struct migrate_dir *dir;
	struct migrate_sum sum;
	struct migrate_check check;
	bool open_failed;
	int rc;
	pthread_t th;
	pthread_mutex_t mu; /* guards listed and nfiles */
	pthread_cond_t cv;
	bool listed;
	size_t nfiles; /* SIZE_MAX: the listing failed */
};

static void dir_job_tell(struct dir_job *j, size_t nfiles)
{
	pthread_mutex_lock(&j->mu);
	j->nfiles = nfiles;
	j->listed = true;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

static void *dir_job_run(void *arg)
{
	struct dir_job *j = arg;

	if (migrate_dir_open(&j->dir, j->arena, j->url, NULL, false, &j->d) < 0) {
		j->open_failed = true;
		j->rc = -1;
		dir_job_tell(j, SIZE_MAX);
		return NULL;
	}
	dir_job_tell(j, j->dir->nfiles);
	j->rc = migrate_dir_verify(&j->check, &j->sum, j->arena, j->dir, &j->d);
	return NULL;
}

/* Above this many files, apply defers the statement connection
 * (DRIVER_OPEN_LAZY).  The verification costs ~5 µs a file and a backend's
 * start ~2.5 ms of CPU (bench/README.md, 2 vCPUs): a small directory
 * leaves the CPUs idle while both backends start (W1 would lose ~1 ms to
 * a deferred start), 1000 files do not (W4 gains 2.5 ms). */
#define APPLY_LAZY_FILES 100

static bool dir_job_start(struct dir_job *j, struct cli_ctx *ctx)
{
	memset(j, 0, sizeof(*j));
	j->url = cli_flag_str(ctx, "dir");
	j->arena = arena_new();
	diags_init(&j->d, j->arena);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	bool ok = pthread_create(&j->th, NULL, dir_job_run, j) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!ok) {
		pthread_cond_destroy(&j->cv);
		pthread_mutex_destroy(&j->mu);
		arena_free(j->arena);
		j->arena = NULL;
	}
	return ok;
}

/* The number of files the worker listed (SIZE_MAX: the listing failed),
 * once it has them. */
static size_t dir_job_listed(struct dir_job *j)
{
	pthread_mutex_lock(&j->mu);
	while (!j->listed)
		pthread_cond_wait(&j->cv, &j->mu);
	size_t n = j->nfiles;
	pthread_mutex_unlock(&j->mu);
	return n;
}

/* Joins the worker; its failure printed as cli_dir_open_verified would.
 * The worker's arena (the directory) then lives as long as the
 * command's. */
static int dir_job_finish(struct dir_job *j, struct cli_ctx *ctx)
{
	pthread_join(j->th, NULL);
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
	int rc = 0;
	if (j->open_failed)
		rc = cli_fail_diags(ctx, &j->d, EXIT_FAIL);
	else if (j->rc != 0)
		rc = cli_fail_checksum(ctx, j->rc, &j->check, &j->d);
	arena_adopt(ctx->arena, j->arena); /* last: j->d allocates from it */
	j->arena = NULL;
	return rc;
}

/* A test knob's decimal value (capped at 100000); -1 when unset. */
static long test_knob(const char *name)
{
	const char *s = getenv(name);
	long n = 0;
	if (!s || *s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9' && n < 100000; s++)
		n = n * 10 + (*s - '0');
	return n;
}

/* ATLAS_TEST_EXEC_BATCH=N (tests only, see exec_apply_opts.batch): the
 * statements per round trip inside a transaction; 0 or unset = default. */
static size_t test_exec_batch(void)
{
	long n = test_knob("ATLAS_TEST_EXEC_BATCH");
	return n < 0 ? 0 : (size_t)n;
}

/* APPLY_LAZY_FILES, or ATLAS_TEST_LAZY_FILES=N (tests only: 0 runs every
 * PostgreSQL apply with the deferred statement connection). */
static size_t lazy_files(void)
{
	long n = test_knob("ATLAS_TEST_LAZY_FILES");
	return n < 0 ? APPLY_LAZY_FILES : (size_t)n;
}

int cli_run_apply(struct cli_ctx *ctx)
{
	struct arena *a = ctx->arena;
	struct diags d;
	diags_init(&d, a);
	/* Flag values first (pflag parses them before cobra runs anything),
	 * then the amount, the directory, and only then --url. */
	int64_t timeout = 0;
	if (util_go_duration_parse(&timeout, cli_flag_str(ctx, "lock-timeout"), &d) < 0) {
		cli_errorf(ctx, "invalid argument \"%s\" for \"--lock-timeout\" flag: %s",
			   cli_flag_str(ctx, "lock-timeout"), cli_first_error(&d));
		return EXIT_USAGE;
	}
	if (timeout < 0)
		timeout = 0;
	int64_t wait; /* --wait is used by cli_db_open; its syntax is a flag error */
	if (util_go_duration_parse(&wait, cli_flag_str(ctx, "wait"), &d) < 0) {
		cli_errorf(ctx, "invalid argument \"%s\" for \"--wait\" flag: %s",
			   cli_flag_str(ctx, "wait"), cli_first_error(&d));
		return EXIT_USAGE;
	}
	struct report_format fmt;
	bool custom;
	int rc = parse_format(ctx, &fmt, &custom);
	if (rc)
		return rc;
	size_t amount;
	rc = check_args(ctx, &amount);
	if (rc)
		return rc;
	/* The server starts the lock connection's backend while the worker
	 * lists and verifies the directory (whose errors still win: the
	 * connections are then dropped unused).  The statement connection
	 * starts too once the listing is known to be small; over a large
	 * directory it waits until something needs it (DRIVER_OPEN_LAZY): on
	 * a local server its backend's start would compete with the
	 * verification for the CPUs, and a no-op run never needs it. */
	const struct db_url *pu = cli_db_prestart_url(ctx);
	struct dir_job job;
	bool threaded = pu && dir_job_start(&job, ctx);
	struct driver_prestart *pre =
		threaded ? driver_prestart(a, pu, DRIVER_OPEN_LOCK | DRIVER_OPEN_LAZY) : NULL;
	unsigned open_flags = DRIVER_OPEN_LOCK;
	struct migrate_dir *dir;
	struct migrate_sum sum;
	struct db_url url;
	struct driver *drv = NULL;
	struct diags ld;
	diags_init(&ld, a);
	int lrc = 0;
	if (threaded) {
		if (dir_job_listed(&job) > lazy_files())
			open_flags |= DRIVER_OPEN_LAZY;
		else
			driver_prestart_eager(pre);
		/* Connect, locate and lock while the worker verifies; report
		 * in the order of the sequential path once it is done. */
		interrupt_graceful(ctx);
		struct diags od;
		diags_init(&od, a);
		struct driver_wait w = {
			.interrupted = ctx->interrupt ? &ctx->interrupt->signals : NULL,
			.pre = pre,
		};
		url = *pu;
		int orc = driver_open_wait(&drv, a, &url, open_flags, &w, &od);
		int krc = 0;
		if (orc == 0) {
			lrc = drv->ops->rev_locate(drv, cli_flag_str(ctx, "revisions-schema"), &ld);
			/* One attempt only: waiting for another run's lock
			 * must not hold back a directory error. */
			krc = drv->ops->lock(drv, DRIVER_LOCK_NAME, 0, &d);
		}
		rc = dir_job_finish(&job, ctx);
		if (rc) {
			if (orc == 0 && krc == 0) {
				struct diags ud;
				diags_init(&ud, a);
				(void)drv->ops->unlock(drv, DRIVER_LOCK_NAME, &ud);
			}
			if (orc == 0)
				driver_close(drv);
			return rc;
		}
		if (orc < 0)
			return cli_fail_diags(ctx, &od, EXIT_FAIL);
		dir = job.dir;
		sum = job.sum;
		if (krc < 0 && timeout > 0) {
			diags_init(&d, a);
			krc = drv->ops->lock(drv, DRIVER_LOCK_NAME, timeout, &d);
		}
		if (krc < 0) {
			cli_errorf(ctx, "acquiring database lock: %s", cli_first_error(&d));
			driver_close(drv);
			return EXIT_FAIL;
		}
	} else {
		rc = cli_dir_open_verified(ctx, &dir, &sum, NULL);
		if (rc)
			return rc;
		if (dir->nfiles > lazy_files())
			open_flags |= DRIVER_OPEN_LAZY;
		interrupt_graceful(ctx);
		rc = cli_db_open(ctx, &url, &drv, open_flags, NULL);
		if (rc)
			return rc;
		/* The revision table is located (no I/O) before the lock is
		 * taken: PostgreSQL then sends its first reads with the lock. */
		lrc = drv->ops->rev_locate(drv, cli_flag_str(ctx, "revisions-schema"), &ld);
		if (drv->ops->lock(drv, DRIVER_LOCK_NAME, timeout, &d) < 0) {
			cli_errorf(ctx, "acquiring database lock: %s", cli_first_error(&d));
			driver_close(drv);
			return EXIT_FAIL;
		}
	}
	bool dry = cli_flag_bool(ctx, "dry-run");
	bool colour = cli_colour(ctx);
	interrupt_cancel_handle(ctx, drv);
	bool reported = false;
	bool exists = false;
	rc = lrc;
	if (rc < 0)
		for (const struct diag *g = ld.head; g; g = g->next)
			diag_errorf(&d, &g->span, "%s", g->summary);
	if (rc == 0)
		rc = drv->ops->rev_check_ambiguous(drv, &d);
	if (rc == DRIVER_AMBIGUOUS) {
		fflush(ctx->out);
		report_ambiguous_revisions(ctx->out);
		reported = true; /* no Error: line */
	} else if (rc == 0) {
		rc = drv->ops->rev_ensure(drv, !dry, &exists, &d);
	}
	if (rc == 0) {
		struct strbuf uj = STRBUF_INIT;
		driver_url_json(&uj, &url);
		struct report_env env = {
			.driver = url.driver,
			.url_json = strbuf_arena(&uj, a),
			.dir = cli_flag_str(ctx, "dir"),
		};
		strbuf_release(&uj);
		struct report_apply rep;
		report_apply_init(&rep, a, &env, report_time_now());
		if (!custom)
			report_apply_stream(&rep, ctx->out, colour);
		struct exec_apply_opts o = {
			.tx_mode = cli_flag_str(ctx, "tx-mode"),
			.exec_order = cli_flag_str(ctx, "exec-order"),
			.baseline = cli_flag_str(ctx, "baseline"),
			.allow_dirty = cli_flag_bool(ctx, "allow-dirty"),
			.dry_run = dry,
			.amount = amount,
			.to_version = cli_flag_str(ctx, "to-version"),
			.operator_version = cli_operator_version(),
			.interrupted = ctx->interrupt ? &ctx->interrupt->signals : NULL,
			.batch = test_exec_batch(),
		};
		rc = exec_apply(&rep, a, drv, dir, &sum, exists, &o, &d);
		if (rc != EXEC_NO_REPORT) {
			if (custom)
				report_apply_print(ctx->out, &rep, &fmt, colour);
			else
				report_apply_text(ctx->out, &rep, colour);
			reported = custom;
		}
	}
	fflush(ctx->out);
	struct diags ud;
	diags_init(&ud, a);
	/* A lock connection the server closed holds nothing to release: the
	 * run's own error (the executor's `lost the database lock: …`) is
	 * the one to print. */
	bool lost = rc != 0 && drv->ops->lock_check(drv, &ud) < 0;
	if (!lost && drv->ops->unlock(drv, DRIVER_LOCK_NAME, &ud) < 0) {
		/* upstream's deferred cobra.CheckErr: this error wins */
		cli_errorf(ctx, "%s", cli_first_error(&ud));
		interrupt_cancel_handle(ctx, NULL);
		driver_close(drv);
		return EXIT_FAIL;
	}
	interrupt_cancel_handle(ctx, NULL);
	driver_close(drv);
	if (rc == 0)
		return EXIT_OK;
	if (!reported)
		cli_errorf(ctx, "%s", cli_first_error(&d));
	return EXIT_FAIL;
}
