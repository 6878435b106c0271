/*
 * The executor of `migrate apply` (spec/migrate.md §4.3 steps 7-11, §4.6,
 * §4.7, §4.8) and the engine halves of `migrate status` (§6.4) and
 * `migrate set` (§7).  It drives the plan (plan.c), executes each pending
 * file through the driver ops table (inside a transaction on PostgreSQL
 * pipelined in batches, with the output and revision rows of statement-by-
 * statement execution; see exec_file), writes the
 * revision row exactly when and how upstream does (partial hashes, resume
 * with the history-changed check, the final write on every exit path), and
 * records events into the report.  It never prints: the cli renders the
 * report and the `Error:` line.  Opening the driver, the lock, the
 * ambiguity check and the revision-table creation are the cli's steps.
 *
 * Memory: each file is read, split and hashed in an arena of its own that
 * dies when the file is done, so a long directory does not grow memory;
 * the report keeps what it needs (nothing, when it streams).  Statement
 * hashes are computed as they are needed (one running hash), partial
 * hashes are kept only where they are written after every statement (none
 * mode), and atlas-format files are split by the streaming splitter
 * (struct stmt_src), so that a file costs its text, not per-statement
 * memory (W5: 10,000 statements; 100,000 add only their bytes).
 *
 * The revisions read under the lock answer which files have a row (no
 * per-file read for the others) and are read again only after a baseline
 * row was written.  Between files the lock connection is checked (issue
 * 8): once the server has closed it the run stops before the next file.
 *
 * Deliberate deviation (issue 5, upstream bug #3261): a dry run writes
 * nothing at all — no revisions schema or table (the cli ensures without
 * creating), no baseline row (it is simulated in memory), no revision.
 */
#include "exec.h"

#include "driver/driver.h"
#include "migrate.h"
#include "report/report.h"

/* ---- transaction modes (§4.7) ------------------------------------------- */

static int txmode_value(enum exec_txmode *out, const char *s)
{
	if (!strcmp(s, "file"))
		*out = EXEC_TX_FILE;
	else if (!strcmp(s, "all"))
		*out = EXEC_TX_ALL;
	else if (!strcmp(s, "none"))
		*out = EXEC_TX_NONE;
	else
		return -1;
	return 0;
}

/* Go's %q of s (strconv.Quote), as an arena string of d's arena. */
static const char *goq(struct diags *d, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	util_go_quote(&sb, s, strlen(s));
	char *out = strbuf_arena(&sb, d->arena);
	strbuf_release(&sb);
	return out;
}

int exec_txmode_for(enum exec_txmode *out, const char *flag, const struct migrate_file *f,
		    struct diags *d)
{
	const char *m = "";
	if (f->ntxmodes > 1) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < f->ntxmodes; i++) {
			if (i)
				strbuf_addch(&sb, ' ');
			util_go_quote(&sb, f->txmodes[i], strlen(f->txmodes[i]));
		}
		strbuf_addch(&sb, ']');
		struct strbuf q = STRBUF_INIT;
		util_go_quote(&q, f->name, strlen(f->name));
		diag_errorf(d, NULL, "multiple txmode values found in file %s: %s", q.buf, sb.buf);
		strbuf_release(&q);
		strbuf_release(&sb);
		return -1;
	}
	if (f->ntxmodes == 1) {
		m = f->txmodes[0];
		if (!strcmp(m, "all"))
			return diag_errorf(d, NULL, "txmode \"all\" is not allowed in file directive %s. "
					   "Use \"file\" instead", goq(d, f->name));
		if (strcmp(m, "none") && strcmp(m, "file"))
			return diag_errorf(d, NULL, "unknown txmode %s found in file directive %s",
					   goq(d, m), goq(d, f->name));
	}
	if (!*m || !strcmp(m, flag)) {
		if (txmode_value(out, flag) < 0)
			return diag_errorf(d, NULL, "unknown tx-mode %s", goq(d, flag));
		return 0;
	}
	if (!strcmp(flag, "all"))
		return diag_errorf(d, NULL, "cannot set txmode directive to %s in %s when txmode "
				   "\"all\" is set globally", goq(d, m), goq(d, f->name));
	return txmode_value(out, m) < 0 ? diag_errorf(d, NULL, "unknown tx-mode %s", goq(d, m)) : 0;
}

/* ---- helpers ------------------------------------------------------------ */

static enum migrate_dialect dialect_of(const struct driver *drv)
{
	return drv->url->kind == DRIVER_SQLITE ? MIGRATE_DIALECT_SQLITE : MIGRATE_DIALECT_POSTGRES;
}

/* The text of the last error in d ("" when none). */
static const char *last_error(const struct diags *d)
{
	return d->tail ? d->tail->summary : "";
}

/* The first error of a callee's diagnostics, as one line of text. */
static const char *first_error(const struct diags *d)
{
	return d->head ? d->head->summary : "";
}

/* Replaces the diagnostics' error texts by one message (arena copy). */
static int fail_with(struct diags *d, const char *msg)
{
	d->head = d->tail = NULL;
	d->count = d->errors = 0;
	return diag_errorf(d, NULL, "%s", msg);
}

/*
 * Reads the files' header directives (checkpoint, txmode, sum ignore)
 * through one scratch buffer, so that the directory's contents are not all
 * kept in memory at once: every file's (revs NULL), or only those the
 * plan can depend on given the revisions (plan_needs_header; the others
 * keep no directives).
 */
static int load_headers(struct arena *a, struct migrate_dir *dir, const struct plan_rev *revs,
			size_t nrevs, struct diags *d)
{
	struct strbuf buf = STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < dir->nfiles; i++) {
		struct migrate_file *f = &dir->files[i];
		if (f->loaded || f->header_parsed ||
		    (revs && !plan_needs_header(revs, nrevs, f->version)))
			continue;
		if (migrate_file_read(&buf, dir, f, d) < 0) {
			rc = -1;
			break;
		}
		migrate_file_parse_header(f, a, buf.buf, buf.len);
	}
	strbuf_release(&buf);
	return rc;
}

static struct plan_file *plan_files(struct arena *a, const struct migrate_dir *dir)
{
	struct plan_file *pf = arena_alloc(a, (dir->nfiles + 1) * sizeof(*pf));
	for (size_t i = 0; i < dir->nfiles; i++) {
		pf[i].name = dir->files[i].name;
		pf[i].version = dir->files[i].version;
		pf[i].desc = dir->files[i].description;
		pf[i].checkpoint = dir->files[i].checkpoint;
	}
	return pf;
}

static struct plan_rev *plan_revs(struct arena *a, const struct revision *revs, size_t n)
{
	struct plan_rev *pr = arena_alloc(a, (n + 1) * sizeof(*pr));
	for (size_t i = 0; i < n; i++) {
		pr[i].version = revs[i].version;
		pr[i].description = revs[i].description;
		pr[i].applied = revs[i].applied;
		pr[i].total = revs[i].total;
	}
	return pr;
}

static struct report_file report_file_of(const struct migrate_file *f)
{
	return (struct report_file){
		.name = f->name,
		.version = f->version,
		.description = f->description,
		.checkpoint = f->checkpoint,
	};
}

static struct report_time report_now(void)
{
	return report_time_now();
}

/* Splits a file.  The content of a file not loaded is read into buf (the
 * caller's, released when the file is done: the statements point into it),
 * so that it is held once, not copied into the arena as well. */
static int split_file(struct migrate_stmt **stmts, size_t *n, struct strbuf *buf,
		      struct arena *fa, const struct migrate_dir *dir,
		      const struct migrate_file *f, enum migrate_dialect dialect, struct diags *d)
{
	struct migrate_file tmp = *f;
	if (!tmp.loaded) {
		if (migrate_file_read(buf, dir, f, d) < 0)
			return -1;
		tmp.content = buf->buf;
		tmp.len = buf->len;
		tmp.loaded = true;
	}
	return migrate_file_split(stmts, n, fa, dir, &tmp, dialect, d);
}

/*
 * A file's statements, read in order (every use in exec_file is
 * sequential).  Atlas-format files are split twice by the streaming
 * splitter, once to count (the revision's total comes before the first
 * statement) and once to execute, so that memory does not grow with the
 * number of statements; other formats (goose/dbmate sections) use the
 * array of migrate_file_split.  Both give migrate_file_split's statements:
 * the same options and, as migrate_split does, the E-string retry only
 * when the plain scan fails.
 */
struct stmt_src {
	struct arena *a;
	const char *text;
	size_t len;
	struct migrate_split_opts opts;
	struct migrate_splitter *sp; /* streaming; NULL: the array or idx */
	struct migrate_stmt *arr;
	size_t n, next;
	/* The statements the counting pass found, so that execution does not
	 * split the text a second time (W5: a third of the client's
	 * instructions); heap scratch, up to SRC_IDX_MAX statements, beyond
	 * which (NULL) the text is split again as it is executed and memory
	 * stays flat. */
	struct str *idx;
	size_t idx_cap;
};

#define SRC_IDX_MAX 65536

static int src_count(struct stmt_src *src, const struct migrate_split_opts *opts,
		     struct diags *d)
{
	struct migrate_splitter *sp = migrate_splitter_new(src->a, src->text, src->len, opts);
	struct migrate_stmt st;
	size_t n = 0;
	int r;
	bool keep = true;
	while ((r = migrate_splitter_next(&st, sp, d)) == 1) {
		if (keep && n == src->idx_cap) {
			keep = n < SRC_IDX_MAX;
			size_t cap = src->idx_cap ? 2 * src->idx_cap : 64;
			if (keep) {
				src->idx = util_xrealloc(src->idx, cap * sizeof(*src->idx));
				src->idx_cap = cap;
			}
		}
		if (keep)
			src->idx[n] = st.text;
		n++;
	}
	migrate_splitter_release(sp);
	if (!keep) {
		free(src->idx);
		src->idx = NULL;
		src->idx_cap = 0;
	}
	src->n = n;
	return r;
}

static int src_open(struct stmt_src *src, struct strbuf *buf, struct arena *fa,
		    const struct migrate_dir *dir, const struct migrate_file *f,
		    enum migrate_dialect dialect, struct diags *d)
{
	memset(src, 0, sizeof(*src));
	src->a = fa;
	if (dir->format != MIGRATE_FORMAT_ATLAS && dir->format != MIGRATE_FORMAT_LIQUIBASE)
		return split_file(&src->arr, &src->n, buf, fa, dir, f, dialect, d);
	src->text = f->content;
	src->len = f->len;
	if (!f->loaded) {
		if (migrate_file_read(buf, dir, f, d) < 0)
			return -1;
		src->text = buf->buf;
		src->len = buf->len;
	}
	src->opts = migrate_split_options(dialect);
	struct diags first;
	diags_init(&first, fa);
	if (src_count(src, &src->opts, &first) == 0)
		goto ok;
	if (src->opts.pg_estring_retry && !src->opts.pg_estrings && !src->opts.backslash_escapes) {
		struct migrate_split_opts retry = src->opts;
		retry.pg_estrings = true;
		if (src_count(src, &retry, NULL) == 0) {
			src->opts = retry;
			goto ok;
		}
	}
	for (struct diag *g = first.head; g; g = g->next)
		diag_errorf(d, &g->span, "%s", g->summary);
	return -1;
ok:
	if (!src->idx)
		src->sp = migrate_splitter_new(fa, src->text, src->len, &src->opts);
	return 0;
}

/* The next statement's text (an error of the second scan cannot happen:
 * the first one over the same bytes succeeded). */
static struct str src_next(struct stmt_src *src)
{
	struct str t = { 0 };
	if (src->idx) {
		if (src->next < src->n)
			t = src->idx[src->next];
	} else if (!src->sp) {
		if (src->next < src->n)
			t = src->arr[src->next].text;
	} else {
		struct migrate_stmt st;
		if (src->next < src->n && migrate_splitter_next(&st, src->sp, NULL) == 1)
			t = st.text;
	}
	src->next++;
	return t;
}

static void src_rewind(struct stmt_src *src)
{
	src->next = 0;
	if (src->sp) {
		migrate_splitter_release(src->sp);
		src->sp = migrate_splitter_new(src->a, src->text, src->len, &src->opts);
	}
}

static void src_close(struct stmt_src *src)
{
	migrate_splitter_release(src->sp);
	src->sp = NULL;
	free(src->idx);
	src->idx = NULL;
}

/* ---- one file (§4.6) ---------------------------------------------------- */

struct run {
	struct arena *a;
	struct driver *drv;
	struct migrate_dir *dir;
	const struct migrate_sum *sum;
	const struct exec_apply_opts *o;
	struct report_apply *rep;
	bool table_exists; /* dry run without a table: every read is empty */
	/* dry run: the simulated baseline row */
	const struct revision *dry_rows;
	size_t ndry_rows;
	/* The versions read under the lock, sorted bytewise (NULL: unknown,
	 * every file reads its row). */
	const char **known;
	size_t nknown;
};

/* Writes r (executed_at and operator set now, like upstream's
 * writeRevision); the dry run writes nothing.  Failure adds exactly one
 * error, `sql/migrate: write revision: <cause>`. */
static int write_rev(struct run *x, struct revision *r, struct diags *d)
{
	r->executed_at = driver_time_now();
	r->operator_version = x->o->operator_version;
	if (x->o->dry_run)
		return 0;
	struct diags wd;
	diags_init(&wd, x->a);
	if (x->drv->ops->rev_write(x->drv, r, &wd) < 0)
		return diag_errorf(d, NULL, "sql/migrate: write revision: %s", first_error(&wd));
	return 0;
}

/*
 * A file's last write inside a transaction.  The row may not exist yet
 * (step 5 was kept in memory, see exec_file): it is inserted with the
 * executed_at step 5 would have stored (`first`), which is what an upsert
 * keeps when the row does exist.  With `commit` the transaction is
 * committed in the same round trip; a failed commit adds commit's error
 * and returns EXEC_COMMIT_FAILED.
 */
#define EXEC_COMMIT_FAILED (-2)
static int write_rev_last(struct run *x, struct revision *r, struct driver_time first,
			  bool commit, struct diags *d)
{
	r->executed_at = first;
	r->operator_version = x->o->operator_version;
	struct diags wd;
	diags_init(&wd, x->a);
	if (!commit) {
		if (x->drv->ops->rev_write(x->drv, r, &wd) < 0)
			return diag_errorf(d, NULL, "sql/migrate: write revision: %s",
					   first_error(&wd));
		return 0;
	}
	int rc = x->drv->ops->rev_write_commit(x->drv, r, &wd);
	if (rc == DRIVER_WRITE_FAILED)
		return diag_errorf(d, NULL, "sql/migrate: write revision: %s", first_error(&wd));
	if (rc < 0) {
		diag_errorf(d, NULL, "%s", first_error(&wd));
		return EXEC_COMMIT_FAILED;
	}
	return 0;
}

static int read_rev(struct run *x, struct revision *out, struct arena *fa, const char *version,
		    struct diags *d)
{
	if (x->o->dry_run) {
		for (size_t i = 0; i < x->ndry_rows; i++) {
			if (!strcmp(x->dry_rows[i].version, version)) {
				*out = x->dry_rows[i];
				return 0;
			}
		}
		if (!x->table_exists)
			return DRIVER_NOT_FOUND;
	}
	return x->drv->ops->rev_read(out, fa, x->drv, version, d);
}

static int64_t since(struct driver_time t)
{
	return util_now_wall_ns() - t.unix_ns;
}

/*
 * Statements handed to exec_batch at a time.  Bounds the slice array (on
 * the stack) and how long a signal can go unnoticed: a cancel that reaches
 * the server between two pipelined statements is lost, and the check
 * before the next batch then stops the run the way one-by-one execution
 * stops before its next statement.  The server idles between two batches
 * (the results are read and the lines printed before the next one goes
 * out): 1024 made W5 ~2% faster than 256 (bench/README.md), for 16 kB of
 * stack.
 */
#define EXEC_BATCH 1024

/* The failure of statement t: recorded in the report and r, returned in d
 * with upstream's text (§4.6 step 8). */
static int stmt_failed(struct run *x, struct revision *r, struct arena *fa, struct str t,
		       const char *errmsg, struct diags *d)
{
	report_apply_stmt_error(x->rep, t.p, t.len, errmsg, report_now());
	r->execution_time = since(r->executed_at);
	r->error_stmt = arena_strndup(fa, t.p, t.len);
	r->error = errmsg;
	struct strbuf q = STRBUF_INIT, v = STRBUF_INIT;
	util_go_quote(&q, t.p, t.len);
	util_go_quote(&v, r->version, strlen(r->version));
	diag_errorf(d, NULL, "sql/migrate: executing statement %s from version %s: %s", q.buf,
		    v.buf, errmsg);
	strbuf_release(&q);
	strbuf_release(&v);
	return -1;
}

/*
 * Inside a transaction the partial hashes are needed only by the final
 * write after a failure (the row is rolled back with the statements, but
 * it is written as upstream writes it), so they are built then: the
 * stored ones followed by `h1:` + sum[k] for every statement this run
 * executed, as the one-by-one loop appends them.
 */
static void partial_rebuild(struct revision *r, struct arena *fa, struct stmt_src *src,
			    size_t applied0, size_t nstored)
{
	size_t applied = (size_t)r->applied;
	const char **ph = arena_alloc(fa, (nstored + applied - applied0 + 1) * sizeof(*ph));
	for (size_t i = 0; i < nstored; i++)
		ph[i] = r->partial_hashes[i];
	struct migrate_stmt_hasher *h = migrate_stmt_hasher_new(fa);
	char sum[MIGRATE_HASH_LEN + 1];
	size_t k = nstored;
	src_rewind(src);
	for (size_t i = 0; i < applied; i++) {
		migrate_stmt_hasher_add(h, src_next(src), sum);
		if (i >= applied0)
			ph[k++] = arena_printf(fa, "h1:%s", sum);
	}
	migrate_stmt_hasher_release(h);
	r->partial_hashes = ph;
	r->npartial = k;
	r->has_partial_hashes = true;
}

/* Whether version is among the revisions read under the lock (sorted
 * bytewise copy): only then can the per-file read find a row. */
static bool rev_known(const struct run *x, const char *version)
{
	if (!x->known || !strcmp(version, REVISION_CLOUD_IDENTIFIER))
		return true;
	size_t lo = 0, hi = x->nknown;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->known[mid], version);
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * Executes one file.  Errors: -1 with d holding the full message (the
 * caller records it as the run's error); the report has already been told
 * what upstream logs.
 *
 * Inside a transaction (file/all mode) the statements go to the driver's
 * exec_batch, EXEC_BATCH at a time (PostgreSQL pipelines them): the report
 * gets a batch's `->` lines once it returns, up to and including a failing
 * statement, so the output, the error and the revision row are those of
 * one-by-one execution.  Outside one (none mode, dry run) each statement
 * is executed and its revision written before the next, as upstream does.
 */
static int exec_file(struct run *x, const struct migrate_file *f, bool commit, struct diags *d)
{
	struct arena *fa = arena_new();
	struct strbuf content = STRBUF_INIT;
	struct migrate_stmt_hasher *hasher = NULL;
	struct stmt_src src = { 0 };
	int rc = -1;
	const char *hash = migrate_sum_lookup(x->sum, f->name);
	if (!hash) {
		diag_errorf(d, NULL, "sql/migrate: scanning checksum from %s: checksum not found",
			    goq(d, f->name));
		goto out;
	}
	enum migrate_dialect dialect = x->o->dry_run ? MIGRATE_DIALECT_GENERIC : dialect_of(x->drv);
	struct diags sd;
	diags_init(&sd, fa);
	if (src_open(&src, &content, fa, x->dir, f, dialect, &sd) < 0) {
		struct strbuf q = STRBUF_INIT;
		util_go_quote(&q, f->name, strlen(f->name));
		char *msg = arena_printf(x->a, "sql/migrate: scanning statements from %s: %s", q.buf,
					 first_error(&sd));
		strbuf_release(&q);
		report_apply_error(x->rep, msg, report_now());
		diag_errorf(d, NULL, "%s", msg);
		goto out;
	}
	size_t n = src.n;

	struct revision r;
	struct diags rd;
	diags_init(&rd, fa);
	int got = rev_known(x, f->version) ? read_rev(x, &r, fa, f->version, &rd) : DRIVER_NOT_FOUND;
	if (got == DRIVER_NOT_FOUND) {
		memset(&r, 0, sizeof(r));
		r.version = f->version;
		r.description = f->description;
		r.type = REVISION_TYPE_EXECUTE;
		r.total = (int64_t)n;
		r.hash = hash;
		r.error = "";
		r.error_stmt = "";
	} else if (got < 0) {
		diag_errorf(d, NULL, "sql/migrate: read revision: %s", first_error(&rd));
		goto out;
	}
	size_t applied0 = (size_t)(r.applied > 0 ? r.applied : 0);
	/* At most this many stored partial hashes are kept (as before: room
	 * for every statement). */
	size_t cap = applied0 + n + 1;
	size_t nstored = r.has_partial_hashes ? (r.npartial < cap ? r.npartial : cap) : 0;
	r.npartial = nstored;
	bool in_tx = !x->o->dry_run && x->drv->ops->in_transaction(x->drv);
	if (!in_tx) {
		/* Written after every statement: a private array with room
		 * for every statement. */
		const char **ph = arena_alloc(fa, cap * sizeof(*ph));
		for (size_t i = 0; i < nstored; i++)
			ph[i] = r.partial_hashes[i];
		r.partial_hashes = ph;
	}

	/* Step 5 inside a transaction: like the per-statement writes, the row
	 * can be seen by no one before COMMIT and a failure rolls it back, so
	 * only its in-memory effect (executed_at) is kept and the final write
	 * stores the same row: one upsert and one round trip per file less
	 * (W6 in bench/README.md). */
	struct driver_time first = driver_time_now();
	if (!x->o->dry_run && x->drv->ops->in_transaction(x->drv)) {
		r.executed_at = first;
		r.operator_version = x->o->operator_version;
	} else if (write_rev(x, &r, d) < 0) {
		report_apply_error(x->rep, last_error(d), report_now());
		goto out;
	}
	/* From here on every exit writes the revision once more (§4.6 step 10). */
	int err = 0;
	bool write_failed = false;
	/* the last batch wrote the final row and committed (or tried to) */
	bool tail_done = false;
	/* One running hash over the statement texts: the history check reads
	 * the first applied0 sums, none mode the rest as it goes. */
	hasher = migrate_stmt_hasher_new(fa);
	char sum[MIGRATE_HASH_LEN + 1];
	for (size_t i = 0; i < applied0; i++) {
		const char *stored = i < r.npartial ? r.partial_hashes[i] : "";
		if (!strncmp(stored, "h1:", 3))
			stored += 3;
		if (i < n)
			migrate_stmt_hasher_add(hasher, src_next(&src), sum);
		if (i >= n || strcmp(sum, stored)) {
			struct strbuf q = STRBUF_INIT;
			util_go_quote(&q, f->name, strlen(f->name));
			char *msg = arena_printf(x->a, "sql/migrate: history changed: statement %zu "
						 "from file %s changed", i + 1, q.buf);
			strbuf_release(&q);
			report_apply_error(x->rep, msg, report_now());
			err = diag_errorf(d, NULL, "%s", msg);
			goto final;
		}
	}
	struct report_file rf = report_file_of(f);
	report_apply_file(x->rep, &rf, r.applied, report_now());
	/* Only PostgreSQL pipelines: elsewhere exec_batch is a loop of exec
	 * and statements are shown one at a time as they start. */
	size_t bmax = x->drv->url->kind != DRIVER_POSTGRES ? 1
		      : x->o->batch && x->o->batch < EXEC_BATCH ? x->o->batch : EXEC_BATCH;
	/* The history check read the first applied0 statements (or none
	 * when applied0 > n, which failed it). */
	for (size_t i = applied0; i < n && in_tx;) {
		if (x->o->interrupted && *x->o->interrupted) {
			struct str t = src_next(&src);
			report_apply_stmt(x->rep, t.p, t.len);
			err = stmt_failed(x, &r, fa, t, "context canceled", d);
			break;
		}
		struct str batch[EXEC_BATCH];
		size_t m = n - i < bmax ? n - i : bmax, nok = 0;
		for (size_t k = 0; k < m; k++)
			batch[k] = src_next(&src);
		struct str t = batch[0];
		/* A statement run alone is shown before it runs, as upstream
		 * shows every statement. */
		bool shown = m == 1;
		if (shown)
			report_apply_stmt(x->rep, t.p, t.len);
		const char *errmsg = NULL;
		bool failed;
		if (commit && i + m == n) {
			/* The file's last batch carries its final revision
			 * write and COMMIT (one round trip for a small file):
			 * the row the final write stores on success. */
			struct revision ok = r;
			ok.applied += (int64_t)m;
			ok.has_partial_hashes = false;
			ok.npartial = 0;
			ok.error = "";
			ok.error_stmt = "";
			ok.execution_time = since(r.executed_at);
			ok.executed_at = first;
			ok.operator_version = x->o->operator_version;
			struct diags td;
			diags_init(&td, fa);
			int trc = 0;
			failed = x->drv->ops->exec_batch_commit(x->drv, batch, m, &nok, &errmsg, &ok,
								&trc, &td) < 0;
			if (!failed) {
				tail_done = true;
				if (trc == DRIVER_WRITE_FAILED) {
					err = diag_errorf(d, NULL, "sql/migrate: write revision: %s",
							  first_error(&td));
				} else if (trc < 0) {
					diag_errorf(d, NULL, "%s", first_error(&td));
					err = EXEC_COMMIT_FAILED;
				}
			}
		} else {
			failed = x->drv->ops->exec_batch(x->drv, batch, m, &nok, &errmsg) < 0;
		}
		if (failed && nok >= m)
			nok = m - 1; /* a driver that broke its contract: blame the last */
		if (!shown)
			report_apply_stmts(x->rep, batch, nok);
		if (nok) {
			r.applied += (int64_t)nok;
			r.has_partial_hashes = true;
			r.error = "";
			r.error_stmt = "";
			/* the in-memory effect of the unwritten intermediate
			 * revisions (below): the base of execution_time */
			r.executed_at = driver_time_now();
			r.operator_version = x->o->operator_version;
		}
		i += nok;
		if (failed) {
			struct str ft = batch[nok];
			if (!shown)
				report_apply_stmt(x->rep, ft.p, ft.len);
			if (r.applied > (int64_t)applied0)
				partial_rebuild(&r, fa, &src, applied0, nstored);
			err = stmt_failed(x, &r, fa, ft, errmsg ? errmsg : "unknown error", d);
			break;
		}
	}
	for (size_t i = applied0; i < n && !in_tx; i++) {
		struct str t = src_next(&src);
		report_apply_stmt(x->rep, t.p, t.len);
		const char *errmsg = NULL;
		bool failed = false;
		if (x->o->interrupted && *x->o->interrupted) {
			errmsg = "context canceled";
			failed = true;
		} else if (!x->o->dry_run) {
			/* the driver copies the slice into its own scratch buffer */
			failed = x->drv->ops->exec(x->drv, t.p, t.len, &errmsg) < 0;
			if (failed && !errmsg)
				errmsg = "unknown error";
		}
		if (failed) {
			err = stmt_failed(x, &r, fa, t, errmsg, d);
			break;
		}
		migrate_stmt_hasher_add(hasher, t, sum);
		r.partial_hashes[r.npartial++] = arena_printf(fa, "h1:%s", sum);
		r.applied++;
		r.has_partial_hashes = true;
		if (*r.error || *r.error_stmt) {
			r.error = "";
			r.error_stmt = "";
		}
		/* Outside a transaction this is the resume point and is
		 * written as upstream does.  Inside one (the other loop) it
		 * could be seen by no one and a failure rolls it back with
		 * the statements, so only its in-memory effect is kept:
		 * writing a growing partial_hashes array after every statement
		 * makes a file of n statements cost O(n²). */
		if (write_rev(x, &r, d) < 0) {
			report_apply_error(x->rep, last_error(d), report_now());
			write_failed = true;
			err = -1;
			break;
		}
	}
	if (err)
		goto final;
	r.has_partial_hashes = false;
	r.npartial = 0;
	r.execution_time = since(r.executed_at);
final:
	/* The last batch may have written and committed already (err says
	 * how that went); else the final write, which in a file-mode
	 * transaction carries the COMMIT of a successful file. */
	if (!tail_done && !write_failed) {
		struct diags wd;
		diags_init(&wd, fa);
		int wrc = in_tx ? write_rev_last(x, &r, first, commit && !err, &wd)
				: write_rev(x, &r, &wd);
		if (wrc == EXEC_COMMIT_FAILED) {
			diag_errorf(d, NULL, "%s", last_error(&wd));
			err = EXEC_COMMIT_FAILED;
		} else if (wrc < 0) {
			if (err < 0) {
				char *joined = arena_printf(x->a, "%s\n%s", last_error(d), last_error(&wd));
				fail_with(d, joined);
			} else {
				diag_errorf(d, NULL, "%s", last_error(&wd));
			}
			err = -1;
		}
	}
	rc = err;
out:
	/* Messages in d live in the caller's arena (diag copies); the revision
	 * strings and statements die with the file. */
	if (hasher)
		migrate_stmt_hasher_release(hasher);
	src_close(&src);
	strbuf_release(&content);
	arena_free(fa);
	return rc;
}

/* ---- migrate apply ------------------------------------------------------ */

static int cmp_str(const void *p, const void *q)
{
	return strcmp(*(const char *const *)p, *(const char *const *)q);
}

/* The revisions' versions sorted bytewise, for rev_known().  They come
 * ORDER BY version (§5.6), already sorted under a bytewise collation:
 * sorted again only when they are not (1000 revisions: 0.28 M
 * instructions of qsort). */
static const char **known_versions(struct arena *a, const struct revision *revs, size_t n)
{
	const char **v = arena_alloc(a, (n + 1) * sizeof(*v));
	bool sorted = true;
	for (size_t i = 0; i < n; i++) {
		v[i] = revs[i].version;
		if (i && sorted && strcmp(v[i - 1], v[i]) > 0)
			sorted = false;
	}
	if (!sorted)
		qsort(v, n, sizeof(*v), cmp_str);
	return v;
}

static int read_all(struct revision **revs, size_t *n, struct run *x, struct diags *d)
{
	*revs = NULL;
	*n = 0;
	if (!x->o->dry_run || x->table_exists) {
		struct diags rd;
		diags_init(&rd, x->a);
		/* Planning needs five columns; a file that runs reads its
		 * whole row (read_rev). */
		int (*rd_all)(struct revision **, size_t *, struct arena *, struct driver *,
			      struct diags *) = x->drv->ops->rev_read_plan ? x->drv->ops->rev_read_plan
									  : x->drv->ops->rev_read_all;
		if (rd_all(revs, n, x->a, x->drv, &rd) < 0)
			return diag_errorf(d, NULL, "sql/migrate: read revisions: %s", first_error(&rd));
	}
	if (x->o->dry_run && x->ndry_rows) {
		/* The simulated baseline row (only possible with no revisions). */
		*revs = (struct revision *)x->dry_rows;
		*n = x->ndry_rows;
	}
	return 0;
}

int exec_apply(struct report_apply *rep, struct arena *a, struct driver *drv,
	       struct migrate_dir *dir, const struct migrate_sum *sum, bool table_exists,
	       const struct exec_apply_opts *o, struct diags *d)
{
	struct run x = {
		.a = a, .drv = drv, .dir = dir, .sum = sum, .o = o, .rep = rep,
		.table_exists = table_exists,
	};
	enum plan_order order;
	if (plan_order_parse(&order, o->exec_order, d) < 0)
		return EXEC_NO_REPORT;
	if (*o->baseline && o->allow_dirty) {
		diag_errorf(d, NULL, "sql/migrate: baseline and allow-dirty are mutually exclusive");
		return EXEC_NO_REPORT;
	}
	struct plan_file *pf = plan_files(a, dir);
	if (plan_check_duplicates(a, pf, dir->nfiles, d) < 0)
		return EXEC_NO_REPORT;

	struct revision *revs;
	size_t nrevs;
	if (read_all(&revs, &nrevs, &x, d) < 0)
		return EXEC_NO_REPORT;
	struct plan_rev *prevs = plan_revs(a, revs, nrevs);
	/* Headers of applied files are not read again (plan_needs_header);
	 * --to-version looks at checkpoints after its version: all. */
	bool cut = o->to_version && *o->to_version;
	if (load_headers(a, dir, cut ? NULL : prevs, nrevs, d) < 0)
		return EXEC_NO_REPORT;
	pf = plan_files(a, dir);
	struct plan_input in = {
		.files = pf,
		.nfiles = dir->nfiles,
		.revs = prevs,
		.nrevs = nrevs,
		.order = order,
		.baseline = o->baseline,
		.allow_dirty = o->allow_dirty,
	};
	if (nrevs == 0 && drv->ops->is_clean(&in.dirty_reason, a, drv, d) < 0)
		return EXEC_NO_REPORT;
	struct plan p;
	int rc = o->to_version && *o->to_version ? plan_to_version(&p, a, &in, o->to_version, d)
						   : plan_pending(&p, a, &in, d);
	if (rc < 0)
		return EXEC_NO_REPORT;
	if (p.baseline >= 0) {
		const struct migrate_file *bf = &dir->files[p.baseline];
		struct revision *b = arena_alloc(a, sizeof(*b));
		b->version = bf->version;
		b->description = bf->description;
		b->type = REVISION_TYPE_BASELINE;
		b->hash = "";
		b->error = "";
		b->error_stmt = "";
		if (write_rev(&x, b, d) < 0)
			return EXEC_NO_REPORT;
		if (o->dry_run) {
			x.dry_rows = b;
			x.ndry_rows = 1;
		}
	}
	/* Only a baseline row can have changed the revisions (the lock is
	 * held): read them again only then. */
	if (p.baseline >= 0 && read_all(&revs, &nrevs, &x, d) < 0)
		return EXEC_NO_REPORT;
	x.known = known_versions(a, revs, nrevs);
	x.nknown = nrevs;
	const char *current = nrevs ? revs[nrevs - 1].version : "";
	if (p.npending == 0) {
		report_apply_intro(rep, current, NULL, 0);
		report_apply_done(rep, report_now());
		return 0;
	}
	if (o->amount)
		plan_cut_amount(&p, o->amount);
	if (!o->dry_run && drv->ops->prepare_exec && drv->ops->prepare_exec(drv, d) < 0)
		return EXEC_NO_REPORT;
	struct report_file *rfs = arena_alloc(a, p.npending * sizeof(*rfs));
	for (size_t i = 0; i < p.npending; i++)
		rfs[i] = report_file_of(&dir->files[p.pending[i]]);
	report_apply_intro(rep, current, rfs, p.npending);

	enum exec_txmode flag_mode = EXEC_TX_FILE;
	bool flag_valid = txmode_value(&flag_mode, o->tx_mode) == 0;
	int err = 0;
	for (size_t i = 0; i < p.npending && !err; i++) {
		const struct migrate_file *f = &dir->files[p.pending[i]];
		/* A lock connection the server closed (issue 8) means another
		 * run may start: stop before the next file. */
		if (drv->ops->lock_check(drv, d) < 0) {
			err = -1;
			break;
		}
		if (!o->dry_run) {
			enum exec_txmode mode;
			if (exec_txmode_for(&mode, o->tx_mode, f, d) < 0) {
				err = -1;
				break;
			}
			if (mode == EXEC_TX_FILE && drv->ops->in_transaction(drv)) {
				err = diag_errorf(d, NULL, "unexpected active transaction");
				break;
			}
			if (mode != EXEC_TX_NONE && !drv->ops->in_transaction(drv) &&
			    drv->ops->begin(drv, d) < 0) {
				err = -1;
				break;
			}
		}
		/* A file-mode transaction commits with the file's last
		 * revision write (one round trip). */
		bool commit = !o->dry_run && flag_valid && flag_mode == EXEC_TX_FILE &&
			      drv->ops->in_transaction(drv);
		if (exec_file(&x, f, commit, d) < 0) {
			err = -1;
			if (!o->dry_run && drv->ops->in_transaction(drv)) {
				struct diags rbd;
				diags_init(&rbd, a);
				if (drv->ops->rollback(drv, &rbd) < 0) {
					char *msg = arena_printf(a, "%s: %s", last_error(&rbd), last_error(d));
					fail_with(d, msg);
				}
			}
			break;
		}
		if (commit && drv->ops->in_transaction(drv) && drv->ops->commit(drv, d) < 0)
			err = -1;
	}
	if (!err && !o->dry_run && drv->ops->in_transaction(drv) && drv->ops->commit(drv, d) < 0)
		err = -1;
	if (!err) {
		report_apply_done(rep, report_now());
		return 0;
	}
	report_apply_fail(rep, last_error(d));
	return -1;
}

/* ---- migrate status (§6.4) ---------------------------------------------- */

static struct report_file *report_files(struct arena *a, const struct migrate_dir *dir,
					const size_t *idx, size_t n)
{
	struct report_file *rf = arena_alloc(a, (n + 1) * sizeof(*rf));
	for (size_t i = 0; i < n; i++)
		rf[i] = report_file_of(&dir->files[idx[i]]);
	return rf;
}

int exec_status(struct report_status *st, struct arena *a, struct driver *drv,
		struct migrate_dir *dir, struct diags *d)
{
	if (load_headers(a, dir, NULL, 0, d) < 0)
		return -1;
	struct plan_file *pf = plan_files(a, dir);
	bool exists = false;
	if (drv->ops->rev_ensure(drv, false, &exists, d) < 0)
		return -1;
	size_t *all = arena_alloc(a, (dir->nfiles + 1) * sizeof(size_t));
	for (size_t i = 0; i < dir->nfiles; i++)
		all[i] = i;
	struct revision *revs = NULL;
	size_t nrevs = 0;
	if (!exists) {
		size_t start = 0;
		for (size_t i = dir->nfiles; i > 0; i--) {
			if (dir->files[i - 1].checkpoint) {
				start = i - 1;
				break;
			}
		}
		st->available = report_files(a, dir, all + start, dir->nfiles - start);
		st->navailable = dir->nfiles - start;
		st->pending = st->available;
		st->npending = st->navailable;
	} else {
		struct diags rd;
		diags_init(&rd, a);
		if (drv->ops->rev_read_all(&revs, &nrevs, a, drv, &rd) < 0)
			return diag_errorf(d, NULL, "sql/migrate: read revisions: %s", first_error(&rd));
		struct report_revision *rr = arena_alloc(a, (nrevs + 1) * sizeof(*rr));
		for (size_t i = 0; i < nrevs; i++) {
			rr[i] = (struct report_revision){
				.version = revs[i].version,
				.description = revs[i].description,
				.type = revs[i].type,
				.applied = revs[i].applied,
				.total = revs[i].total,
				.executed_at = report_time_at(revs[i].executed_at.unix_ns,
							      revs[i].executed_at.off_s),
				.execution_time = revs[i].execution_time,
				.error = revs[i].error,
				.error_stmt = revs[i].error_stmt,
				.operator_version = revs[i].operator_version,
			};
		}
		st->applied = rr;
		st->napplied = nrevs;
		struct plan_input in = {
			.files = pf,
			.nfiles = dir->nfiles,
			.revs = plan_revs(a, revs, nrevs),
			.nrevs = nrevs,
			.order = PLAN_LINEAR,
		};
		if (nrevs == 0 && drv->ops->is_clean(&in.dirty_reason, a, drv, d) < 0)
			return -1;
		struct plan p;
		int rc = plan_pending(&p, a, &in, d);
		if (rc == PLAN_OUT_OF_ORDER) {
			st->error = last_error(d);
			d->head = d->tail = NULL;
			d->count = d->errors = 0;
			st->status = "PENDING";
			st->pending = report_files(a, dir, p.pending, p.npending);
			st->npending = p.npending;
			st->out_of_order = report_files(a, dir, p.out_of_order, p.nout_of_order);
			st->nout_of_order = p.nout_of_order;
			st->current = revs[nrevs - 1].version;
			st->next = "";
			return 0;
		}
		if (rc < 0)
			return -1;
		st->pending = report_files(a, dir, p.pending, p.npending);
		st->npending = p.npending;
		if (nrevs == 0) {
			st->available = st->pending;
			st->navailable = st->npending;
		} else {
			st->available = report_files(a, dir, all, dir->nfiles);
			st->navailable = dir->nfiles;
		}
	}
	if (st->npending == st->navailable)
		st->current = "No migration applied yet";
	else
		st->current = revs[nrevs - 1].version;
	if (st->npending == 0) {
		st->status = "OK";
		st->next = "Already at latest version";
	} else {
		st->status = "PENDING";
		st->next = st->pending[0].version;
	}
	if (nrevs) {
		const struct revision *last = &revs[nrevs - 1];
		if (!(last->type & REVISION_TYPE_RESOLVED) && last->applied < last->total) {
			struct strbuf sb = STRBUF_INIT;
			for (const char *p = last->error_stmt; *p; p++)
				strbuf_addch(&sb, *p == '\n' ? ' ' : *p);
			st->sql = strbuf_arena(&sb, a);
			strbuf_reset(&sb);
			for (const char *p = last->error; *p; p++)
				strbuf_addch(&sb, *p == '\n' ? ' ' : *p);
			st->error = strbuf_arena(&sb, a);
			strbuf_release(&sb);
			st->count = last->applied;
			long idx = -1;
			for (size_t i = st->navailable; i > 0; i--) {
				if (!strcmp(st->available[i - 1].version, last->version)) {
					idx = (long)(i - 1);
					break;
				}
			}
			if (idx < 0)
				return diag_errorf(d, NULL, "migration file with version %s not found",
						   goq(d, last->version));
			const struct migrate_file *f = NULL;
			for (size_t i = 0; i < dir->nfiles; i++)
				if (dir->files[i].name == st->available[idx].name)
					f = &dir->files[i];
			struct migrate_stmt *stmts;
			size_t n;
			struct strbuf content = STRBUF_INIT;
			int src = f ? split_file(&stmts, &n, &content, a, dir, f, dialect_of(drv), d) : -1;
			strbuf_release(&content);
			if (src < 0)
				return -1;
			st->total = (int64_t)n;
		}
	}
	return 0;
}

/* ---- migrate set (§7) --------------------------------------------------- */

int exec_set(struct report_set *out, struct arena *a, struct driver *drv,
	     struct migrate_dir *dir, const struct migrate_sum *sum, const char *const *args,
	     size_t nargs, const char *operator_version, struct diags *d)
{
	memset(out, 0, sizeof(*out));
	if (load_headers(a, dir, NULL, 0, d) < 0)
		return -1;
	struct plan_file *pf = plan_files(a, dir);
	if (plan_check_duplicates(a, pf, dir->nfiles, d) < 0)
		return -1;
	if (drv->ops->begin(drv, d) < 0)
		return -1;
	struct revision *revs;
	size_t nrevs;
	if (drv->ops->rev_read_all(&revs, &nrevs, a, drv, d) < 0)
		goto fail;
	const char *version = "";
	if (nargs == 0 && nrevs > 0) {
		if (dir->nfiles)
			version = dir->files[dir->nfiles - 1].version;
	} else if (nargs == 1) {
		if (plan_find_version(pf, dir->nfiles, args[0]) < 0) {
			diag_errorf(d, NULL, "migration with version %s not found", goq(d, args[0]));
			goto fail;
		}
		version = args[0];
	} else {
		diag_errorf(d, NULL, "accepts 1 arg(s), received %zu", nargs);
		goto fail;
	}
	struct report_set_rev *rows = arena_alloc(a, (nrevs + dir->nfiles + 1) * sizeof(*rows));
	size_t nrows = 0;
	for (size_t i = 0; i < nrevs; i++) {
		struct revision *r = &revs[i];
		int c = strcmp(r->version, version);
		if (c > 0) {
			rows[nrows++] = (struct report_set_rev){ r->version, r->description, true };
			if (drv->ops->rev_delete(drv, r->version, d) < 0)
				goto fail;
		} else if (c == 0 && (*r->error || r->total != r->applied)) {
			rows[nrows++] = (struct report_set_rev){ r->version, r->description, false };
			r->type = REVISION_TYPE_EXECUTE | REVISION_TYPE_RESOLVED;
			if (drv->ops->rev_write(drv, r, d) < 0)
				goto fail;
		}
	}
	if (drv->ops->rev_read_all(&revs, &nrevs, a, drv, d) < 0)
		goto fail;
	for (size_t i = 0; i < dir->nfiles; i++) {
		const struct migrate_file *f = &dir->files[i];
		if (nrevs == 0) {
			if (strcmp(f->version, version) > 0)
				break;
		} else {
			const char *lastv = revs[nrevs - 1].version;
			if (strcmp(version, lastv) <= 0)
				break;
			if (strcmp(f->version, lastv) <= 0)
				continue;
			if (strcmp(f->version, version) > 0)
				break;
		}
		const char *h = migrate_sum_lookup(sum, f->name);
		if (!h) {
			diag_errorf(d, NULL, "checksum not found");
			goto fail;
		}
		struct revision nr = {
			.version = f->version,
			.description = f->description,
			.type = REVISION_TYPE_RESOLVED,
			.executed_at = driver_time_now(),
			.hash = h,
			.error = "",
			.error_stmt = "",
			.operator_version = operator_version,
		};
		rows[nrows++] = (struct report_set_rev){ f->version, f->description, false };
		if (drv->ops->rev_write(drv, &nr, d) < 0)
			goto fail;
	}
	/* Current: the newest remaining revision. */
	if (drv->ops->rev_read_all(&revs, &nrevs, a, drv, d) < 0)
		goto fail;
	out->current = nrevs ? revs[nrevs - 1].version : NULL;
	out->revs = rows;
	out->nrevs = nrows;
	return 0;
fail:;
	struct diags rbd;
	diags_init(&rbd, a);
	if (drv->ops->rollback(drv, &rbd) < 0) {
		char *msg = arena_printf(a, "%s: %s", last_error(&rbd), last_error(d));
		return fail_with(d, msg);
	}
	return -1;
}
