/*
 * SQLite back end through libsqlite3, behaving like Atlas on
 * mattn/go-sqlite3.
 *
 * DSN: the URL re-serialised without `sqlite://` (`file:` prefixed for
 * mode=memory); driver options (_fk, _busy_timeout, _journal_mode, _txlock)
 * are read from its query; a DSN starting with `file:` goes to SQLite as a
 * URI, query included, anything else is opened as a plain path without its
 * query.  The migration lock is upstream's lock file in the temporary
 * directory (an expiry time, not an OS lock), so atlas-c and Atlas exclude
 * each other.  Transactions turn foreign keys off around themselves and
 * compare `PRAGMA foreign_key_check` before COMMIT, as Atlas does.  A text
 * handed to exec may hold several statements: each is prepared from the
 * tail of the previous one and stepped once, as go-sqlite3 does.  Splitting
 * files into statements is left to src/migrate.
 */
#include "driver/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

struct fk_violation {
	char *tbl;
	char *ref;
	int64_t row;
	int64_t index;
};

struct fk_list {
	struct fk_violation *v;
	size_t n, cap;
};

struct sq_driver {
	struct driver base;
	sqlite3 *db;
	const char *begin_sql; /* per _txlock */
	bool in_tx;
	bool fk_was_on; /* foreign keys were on when the transaction began */
	struct fk_list before;
	char *lock_path; /* held lock file (arena); NULL when not held */
	struct driver_cancel cancel; /* handle = db */
	sqlite3_stmt *upsert; /* the revision upsert, prepared once */
	struct strbuf scratch;
};

#define SQ(drv) ((struct sq_driver *)(drv))

static void fk_list_release(struct fk_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].tbl);
		free(l->v[i].ref);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const char *errmsg(struct sq_driver *sq)
{
	return sqlite3_errmsg(sq->db);
}

/* ---- open / close ------------------------------------------------------- */

static int parse_bool(bool *out, const char *v)
{
	if (!strcasecmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcasecmp(v, "on")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "false") ||
	    !strcasecmp(v, "off")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int simple(struct sq_driver *sq, const char *sql, struct diags *d)
{
	char *err = NULL;

	if (sqlite3_exec(sq->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		diag_errorf(d, NULL, "%s", err ? err : errmsg(sq));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static void sq_cancel_fire(struct driver_cancel *c)
{
	if (c->handle)
		sqlite3_interrupt(c->handle);
}

static void sq_close(struct driver *drv)
{
	struct sq_driver *sq = SQ(drv);

	if (!sq)
		return;
	sq->cancel.armed = 0;
	sq->cancel.handle = NULL;
	if (sq->lock_path)
		(void)unlink(sq->lock_path);
	sq->lock_path = NULL;
	sqlite3_finalize(sq->upsert);
	sq->upsert = NULL;
	if (sq->db)
		sqlite3_close_v2(sq->db);
	sq->db = NULL;
	fk_list_release(&sq->before);
	strbuf_release(&sq->scratch);
}

static int sq_open(struct driver **out, struct arena *a, const struct db_url *u, unsigned flags,
		   struct diags *d)
{
	struct sq_driver *sq = arena_alloc(a, sizeof(*sq));
	const char *full = driver_url_string(a, u);
	size_t pl = strlen(u->scheme) + 3;
	const char *dsn = strncmp(full, u->scheme, pl - 3) == 0 && !strncmp(full + pl - 3, "://", 3)
				  ? full + pl
				  : full;
	const char *mode = driver_query_get(a, u->raw_query, "mode");
	int64_t busy = 5000;
	int fk = -1;
	const char *v;

	(void)flags;
	sq->base.ops = &driver_sqlite_ops;
	sq->base.url = u;
	sq->base.arena = a;
	sq->begin_sql = "BEGIN";
	strbuf_init(&sq->scratch);

	if (mode && !strcmp(mode, "memory"))
		dsn = arena_printf(a, "file:%s", dsn);

	/* go-sqlite3's options, read from the DSN's query. */
	const char *q = strchr(dsn, '?');
	const char *journal = NULL;
	if (q && q != dsn) {
		const char *raw = q + 1;

		if ((v = driver_query_get(a, raw, "_fk")) ||
		    (v = driver_query_get(a, raw, "_foreign_keys"))) {
			bool b;
			if (parse_bool(&b, v))
				return diag_errorf(d, NULL, "Invalid _foreign_keys: %s", v);
			fk = b;
		}
		if ((v = driver_query_get(a, raw, "_busy_timeout")) ||
		    (v = driver_query_get(a, raw, "_timeout"))) {
			char *end;
			errno = 0;
			long long t = strtoll(v, &end, 10);
			if (!*v || *end || errno)
				return diag_errorf(d, NULL, "Invalid _busy_timeout: %s", v);
			busy = t;
		}
		if ((v = driver_query_get(a, raw, "_journal_mode")) ||
		    (v = driver_query_get(a, raw, "_journal"))) {
			static const char *const modes[] = { "DELETE", "TRUNCATE", "PERSIST",
							     "MEMORY", "WAL", "OFF" };
			bool ok = false;
			for (size_t i = 0; i < ARRAY_LEN(modes); i++)
				ok |= !strcasecmp(v, modes[i]);
			if (!ok)
				return diag_errorf(d, NULL, "Invalid _journal_mode: %s", v);
			journal = v;
		}
		if ((v = driver_query_get(a, raw, "_txlock"))) {
			if (!strcmp(v, "immediate"))
				sq->begin_sql = "BEGIN IMMEDIATE";
			else if (!strcmp(v, "exclusive"))
				sq->begin_sql = "BEGIN EXCLUSIVE";
			else if (strcmp(v, "deferred") != 0)
				return diag_errorf(d, NULL, "Invalid _txlock: %s", v);
		}
		if (strncmp(dsn, "file:", 5) != 0)
			dsn = arena_strndup(a, dsn, (size_t)(q - dsn));
	}

	int rc = sqlite3_open_v2(dsn, &sq->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
					 SQLITE_OPEN_FULLMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		diag_errorf(d, NULL, "%s", sq->db ? errmsg(sq) : sqlite3_errstr(rc));
		sq_close(&sq->base);
		return -1;
	}
	sqlite3_extended_result_codes(sq->db, 0);
	sq->cancel.fire = sq_cancel_fire;
	sq->cancel.handle = sq->db;
	sq->base.cancel = &sq->cancel;
	sqlite3_busy_timeout(sq->db, (int)(busy > INT32_MAX ? INT32_MAX : busy));

	/* The database file is opened lazily: touch it now so that a missing
	 * directory fails here, as Atlas's first query does. */
	if (simple(sq, "SELECT 1 FROM sqlite_master LIMIT 1", d))
		goto fail;
	if (fk >= 0 && simple(sq, fk ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", d))
		goto fail;
	if (journal) {
		char *sql = arena_printf(a, "PRAGMA journal_mode = %s", journal);
		if (simple(sq, sql, d))
			goto fail;
	}
	*out = &sq->base;
	return 0;
fail:
	sq_close(&sq->base);
	return -1;
}

/* ---- lock file ---------------------------------------------------------- */

static uint32_t adler32(const char *s, size_t n)
{
	uint32_t a = 1, b = 0;

	for (size_t i = 0; i < n; i++) {
		a = (a + (unsigned char)s[i]) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}


/* Go filepath.Join(elems...) for two elements. */
static char *path_join(struct arena *a, const char *x, const char *y)
{
	if (!*x && !*y)
		return arena_strdup(a, "");
	return util_path_clean(a, arena_printf(a, "%s%s%s", x, *x && *y ? "/" : "", y));
}

char *driver_sqlite_lock_path(struct arena *a, const struct db_url *u, const char *name)
{
	const char *full = driver_url_string(a, u);
	const char *dsn = strstr(full, "://") ? strstr(full, "://") + 3 : full;
	const char *mode = driver_query_get(a, u->raw_query, "mode");
	const char *tmp = getenv("TMPDIR");

	if (mode && !strcmp(mode, "memory"))
		dsn = "file:";
	if (!strncmp(dsn, "file:", 5)) {
		const char *p = path_join(a, u->host, u->path);
		name = arena_printf(a, "%s_%x", name, adler32(p, strlen(p)));
	}
	if (!tmp || !*tmp)
		tmp = "/tmp";
	return path_join(a, tmp, arena_printf(a, "%s.lock", name));
}

static int sq_lock(struct driver *drv, const char *name, int64_t timeout_ns, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	struct arena *a = drv->arena;
	char *path = driver_sqlite_lock_path(a, drv->url, name);
	char *content;
	size_t len;
	struct driver_time now = driver_time_now();

	if (util_read_file(&content, &len, a, path) == 0) {
		char *end;
		errno = 0;
		long long exp = strtoll(content, &end, 10);
		bool bad = !len || *end || (content[0] != '-' && content[0] != '+' &&
					    (content[0] < '0' || content[0] > '9'));

		if (bad || errno == ERANGE) {
			struct strbuf q = STRBUF_INIT;
			util_go_quote(&q, content, len);
			diag_errorf(d, NULL,
				    "sql/sqlite: invalid lock file format: parsing expiration date: "
				    "strconv.ParseInt: parsing %s: %s",
				    q.buf, bad ? "invalid syntax" : "value out of range");
			strbuf_release(&q);
			return -1;
		}
		if (exp > now.unix_ns) {
			const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
			char *lname = arena_strndup(a, base, strlen(base) - 5);
			struct strbuf q = STRBUF_INIT;
			util_go_quote(&q, lname, strlen(lname));
			diag_errorf(d, NULL, "sql/sqlite: lock on %s already taken", q.buf);
			strbuf_release(&q);
			return -1;
		}
	} else if (errno != ENOENT) {
		return diag_errorf(d, NULL, "sql/sqlite: reading lock dir: open %s: %s", path,
				   strerror(errno));
	}

	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		return diag_errorf(d, NULL, "sql/sqlite: creating lockfile \"%s\": open %s: %s",
				   path, path, strerror(errno));
	}
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%lld", (long long)(now.unix_ns + timeout_ns));
	if (write(fd, buf, (size_t)n) != n) {
		int e = errno;
		close(fd);
		return diag_errorf(d, NULL, "sql/sqlite: writing to lockfile \"%s\": write %s: %s",
				   path, path, strerror(e));
	}
	close(fd);
	sq->lock_path = path;
	return 0;
}

static int sq_unlock(struct driver *drv, const char *name, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	char *path = sq->lock_path ? sq->lock_path : driver_sqlite_lock_path(drv->arena, drv->url, name);

	sq->lock_path = NULL;
	if (unlink(path))
		return diag_errorf(d, NULL, "remove %s: %s", path, strerror(errno));
	return 0;
}

/* ---- statements --------------------------------------------------------- */

static int exec_text(struct sq_driver *sq, const char *stmt, size_t len, const char **err);

static int sq_exec(struct driver *drv, const char *stmt, size_t len, const char **err)
{
	struct sq_driver *sq = SQ(drv);

	sq->cancel.armed = 1;
	int rc = exec_text(sq, stmt, len, err);
	sq->cancel.armed = 0;
	return rc;
}

static int exec_text(struct sq_driver *sq, const char *stmt, size_t len, const char **err)
{
	struct driver *drv = &sq->base;
	const char *p = stmt, *end = stmt + len;

	while (p < end) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;

		if (sqlite3_prepare_v2(sq->db, p, (int)(end - p), &st, &tail) != SQLITE_OK) {
			*err = arena_strdup(drv->arena, errmsg(sq));
			sqlite3_finalize(st);
			return -1;
		}
		if (st) {
			int rc = sqlite3_step(st);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_OK) {
				*err = arena_strdup(drv->arena, errmsg(sq));
				sqlite3_finalize(st);
				return -1;
			}
			sqlite3_finalize(st);
		}
		if (!tail || tail <= p)
			break;
		p = tail;
	}
	return 0;
}

/* No network round trips to save: a batch is a loop of exec. */
static int sq_exec_batch(struct driver *drv, const struct str *stmts, size_t n, size_t *nok,
			 const char **err)
{
	for (size_t i = 0; i < n; i++) {
		if (sq_exec(drv, stmts[i].p, stmts[i].len, err)) {
			*nok = i;
			return -1;
		}
	}
	*nok = n;
	return 0;
}

/* The lock file is an expiry time, not something that can be lost. */
static int sq_lock_check(struct driver *drv, struct diags *d)
{
	return 0;
}

/* ---- transactions and foreign keys -------------------------------------- */

static int fk_check(struct fk_list *out, struct sq_driver *sq, struct diags *d)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(sq->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "sql/sqlite: querying 'foreign_key_check' pragma: %s",
				   errmsg(sq));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 8;
			out->v = util_xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		struct fk_violation *v = &out->v[out->n++];
		v->tbl = strdup((const char *)sqlite3_column_text(st, 0) ?: "");
		v->row = sqlite3_column_int64(st, 1);
		v->ref = strdup((const char *)sqlite3_column_text(st, 2) ?: "");
		v->index = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fk_list_release(out);
		return diag_errorf(d, NULL,
				   "sql/sqlite: querying 'foreign_key_check' pragma: scanning rows: %s",
				   errmsg(sq));
	}
	return 0;
}

static bool fk_contains(const struct fk_list *l, const struct fk_violation *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].row == v->row && l->v[i].index == v->index &&
		    !strcmp(l->v[i].tbl, v->tbl) && !strcmp(l->v[i].ref, v->ref))
			return true;
	return false;
}

static int fk_on_query(bool *on, struct sq_driver *sq, struct diags *d)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(sq->db, "PRAGMA foreign_keys", -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "sql/sqlite: querying 'foreign_keys' pragma: %s",
				   errmsg(sq));
	*on = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return 0;
}

static int sq_begin(struct driver *drv, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	bool on = false;

	if (sq->in_tx)
		return diag_errorf(d, NULL, "unexpected active transaction");
	if (fk_on_query(&on, sq, d))
		return -1;
	if (on && sqlite3_exec(sq->db, "PRAGMA foreign_keys = off", NULL, NULL, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "sql/sqlite: set 'foreign_keys = off': %s", errmsg(sq));
	if (simple(sq, sq->begin_sql, d))
		return -1;
	sq->in_tx = true;
	sq->fk_was_on = on;
	fk_list_release(&sq->before);
	if (on && fk_check(&sq->before, sq, d))
		return -1;
	return 0;
}

/* Re-enables foreign keys after the transaction; joins errors like Go's
 * `fmt.Errorf("%v: %w", err2, err)`. */
static int enable_fk(struct sq_driver *sq, int rc, struct diags *d)
{
	if (!sq->fk_was_on)
		return rc;
	sq->fk_was_on = false;
	if (sqlite3_exec(sq->db, "PRAGMA foreign_keys = on", NULL, NULL, NULL) != SQLITE_OK) {
		if (rc && d->tail) {
			d->tail->summary = arena_printf(sq->base.arena,
							"sql/sqlite: set 'foreign_keys = on': %s: %s",
							errmsg(sq), d->tail->summary);
			return -1;
		}
		return diag_errorf(d, NULL, "sql/sqlite: set 'foreign_keys = on': %s", errmsg(sq));
	}
	return rc;
}

static int sq_commit(struct driver *drv, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);

	if (!sq->in_tx)
		return diag_errorf(d, NULL,
				   "sql: transaction has already been committed or rolled back");
	sq->in_tx = false;
	if (sq->fk_was_on) {
		struct fk_list after;
		struct diags scratch;

		if (fk_check(&after, sq, d)) {
			diags_init(&scratch, drv->arena);
			(void)simple(sq, "ROLLBACK", &scratch);
			return enable_fk(sq, -1, d);
		}
		struct strbuf sb = STRBUF_INIT;
		size_t nnew = 0;
		for (size_t i = 0; i < after.n; i++) {
			if (fk_contains(&sq->before, &after.v[i]))
				continue;
			strbuf_addstr(&sb, nnew++ ? " " : "[");
			strbuf_addf(&sb, "{tbl:%s ref:%s row:%lld index:%lld}", after.v[i].tbl,
				    after.v[i].ref, (long long)after.v[i].row,
				    (long long)after.v[i].index);
		}
		fk_list_release(&after);
		if (nnew) {
			strbuf_addch(&sb, ']');
			diags_init(&scratch, drv->arena);
			if (simple(sq, "ROLLBACK", &scratch))
				diag_errorf(d, NULL, "%s: sql/sqlite: foreign key mismatch: %s",
					    scratch.head->summary, sb.buf);
			else
				diag_errorf(d, NULL, "sql/sqlite: foreign key mismatch: %s", sb.buf);
			strbuf_release(&sb);
			return enable_fk(sq, -1, d);
		}
		strbuf_release(&sb);
	}
	int rc = simple(sq, "COMMIT", d);
	if (rc && !sqlite3_get_autocommit(sq->db)) {
		struct diags scratch;
		diags_init(&scratch, drv->arena);
		(void)simple(sq, "ROLLBACK", &scratch);
	}
	return enable_fk(sq, rc, d);
}

static int sq_rollback(struct driver *drv, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);

	if (!sq->in_tx)
		return diag_errorf(d, NULL,
				   "sql: transaction has already been committed or rolled back");
	sq->in_tx = false;
	int rc = 0;
	/* A failed COMMIT or a constraint can have ended it already. */
	if (!sqlite3_get_autocommit(sq->db))
		rc = simple(sq, "ROLLBACK", d);
	return enable_fk(sq, rc, d);
}

static bool sq_in_transaction(const struct driver *drv)
{
	return SQ(drv)->in_tx;
}

/* ---- revision table ------------------------------------------------------ */

static int sq_rev_locate(struct driver *drv, const char *schema_flag, struct diags *d)
{
	if (schema_flag && schema_flag[0] && strcmp(schema_flag, "main") != 0) {
		struct strbuf q = STRBUF_INIT;
		util_go_quote(&q, schema_flag, strlen(schema_flag));
		diag_errorf(d, NULL,
			    "cannot store revisions-table in a separate schema (%s) with SQLite driver",
			    q.buf);
		strbuf_release(&q);
		return -1;
	}
	drv->rev_schema = "main";
	return 0;
}

static int sq_rev_check_ambiguous(struct driver *drv, struct diags *d)
{
	return 0;
}

static const char *const rev_columns[][2] = {
	{ "version", "text NOT NULL" },
	{ "description", "text NOT NULL" },
	{ "type", "integer NOT NULL DEFAULT 2" },
	{ "applied", "integer NOT NULL DEFAULT 0" },
	{ "total", "integer NOT NULL DEFAULT 0" },
	{ "executed_at", "datetime NOT NULL" },
	{ "execution_time", "integer NOT NULL" },
	{ "error", "text NULL" },
	{ "error_stmt", "text NULL" },
	{ "hash", "text NOT NULL" },
	{ "partial_hashes", "json NULL" },
	{ "operator_version", "text NOT NULL" },
};

static int sq_rev_ensure(struct driver *drv, bool create, bool *exists, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	sqlite3_stmt *st;
	bool have[ARRAY_LEN(rev_columns)] = { false };
	int ncols = 0;

	if (sqlite3_prepare_v2(sq->db,
			       "SELECT name FROM pragma_table_info('atlas_schema_revisions')", -1,
			       &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);
		ncols++;
		for (size_t i = 0; n && i < ARRAY_LEN(rev_columns); i++)
			if (!strcmp(n, rev_columns[i][0]))
				have[i] = true;
	}
	sqlite3_finalize(st);

	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	if (ncols == 0) {
		*exists = false;
		if (!create)
			goto out;
		strbuf_addstr(&sb, "CREATE TABLE `atlas_schema_revisions` (");
		for (size_t i = 0; i < ARRAY_LEN(rev_columns); i++)
			strbuf_addf(&sb, "`%s` %s, ", rev_columns[i][0], rev_columns[i][1]);
		strbuf_addstr(&sb, "PRIMARY KEY (`version`))");
		rc = simple(sq, sb.buf, d);
		*exists = rc == 0;
		goto out;
	}
	*exists = true;
	for (size_t i = 0; i < ARRAY_LEN(rev_columns); i++) {
		if (have[i])
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "ALTER TABLE `atlas_schema_revisions` ADD COLUMN `%s` %s",
			    rev_columns[i][0], rev_columns[i][1]);
		if ((rc = simple(sq, sb.buf, d)))
			break;
	}
out:
	strbuf_release(&sb);
	return rc;
}

#define REV_COLUMNS                                                                  \
	"`version`, `description`, `type`, `applied`, `total`, `executed_at`, "        \
	"`execution_time`, `error`, `error_stmt`, `hash`, `partial_hashes`, "          \
	"`operator_version`"

static const char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return arena_strndup(a, t ? (const char *)t : "", (size_t)sqlite3_column_bytes(st, i));
}

static int scan_revision(struct revision *r, struct arena *a, sqlite3_stmt *st, struct diags *d)
{
	memset(r, 0, sizeof(*r));
	r->version = col_text(a, st, 0);
	r->description = col_text(a, st, 1);
	r->type = sqlite3_column_int64(st, 2);
	r->applied = sqlite3_column_int64(st, 3);
	r->total = sqlite3_column_int64(st, 4);
	switch (sqlite3_column_type(st, 5)) {
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		/* go-sqlite3 reads a number in a datetime column as Unix time. */
		r->executed_at.unix_ns = sqlite3_column_int64(st, 5) * 1000000000;
		break;
	default: {
		const char *t = col_text(a, st, 5);
		if (driver_time_parse(&r->executed_at, t))
			return diag_errorf(d, NULL,
					   "sql/migrate: scanning revision %s: invalid executed_at %s",
					   r->version, t);
	}
	}
	r->execution_time = sqlite3_column_int64(st, 6);
	r->error = col_text(a, st, 7);
	r->error_stmt = col_text(a, st, 8);
	r->hash = col_text(a, st, 9);
	if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
		const void *b = sqlite3_column_blob(st, 10);
		int n = sqlite3_column_bytes(st, 10);
		if (driver_partial_parse(r, a, b ? b : "", (size_t)n))
			return diag_errorf(d, NULL,
					   "sql/migrate: scanning revision %s: invalid partial_hashes",
					   r->version);
	}
	r->operator_version = col_text(a, st, 11);
	return 0;
}

static int sq_rev_read_all(struct revision **out, size_t *n, struct arena *a, struct driver *drv,
			   struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	sqlite3_stmt *st;
	size_t cap = 16, cnt = 0;
	struct revision *rv = arena_alloc(a, cap * sizeof(*rv));
	int rc;

	if (sqlite3_prepare_v2(sq->db,
			       "SELECT " REV_COLUMNS " FROM `atlas_schema_revisions` "
			       "WHERE `version` <> ? ORDER BY `version`",
			       -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	sqlite3_bind_text(st, 1, REVISION_CLOUD_IDENTIFIER, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			rv = arena_realloc(a, rv, cap * sizeof(*rv), 2 * cap * sizeof(*rv));
			cap *= 2;
		}
		if (scan_revision(&rv[cnt++], a, st, d)) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE) {
		diag_errorf(d, NULL, "%s", errmsg(sq));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	*out = rv;
	*n = cnt;
	return 0;
}

static int sq_rev_read(struct revision *out, struct arena *a, struct driver *drv,
		       const char *version, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	sqlite3_stmt *st;
	int rc;

	if (strcmp(version, REVISION_CLOUD_IDENTIFIER) == 0)
		return DRIVER_NOT_FOUND;
	if (sqlite3_prepare_v2(sq->db,
			       "SELECT " REV_COLUMNS " FROM `atlas_schema_revisions` "
			       "WHERE `version` = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = scan_revision(out, a, st, d);
	else if (rc == SQLITE_DONE)
		rc = DRIVER_NOT_FOUND;
	else
		rc = diag_errorf(d, NULL, "%s", errmsg(sq));
	sqlite3_finalize(st);
	return rc;
}

static int sq_rev_write(struct driver *drv, const struct revision *r, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	sqlite3_stmt *st;

	if (strcmp(r->version, REVISION_CLOUD_IDENTIFIER) == 0)
		return 0;
	if (!sq->upsert && sqlite3_prepare_v3(
		    sq->db,
		    "INSERT INTO `atlas_schema_revisions` (" REV_COLUMNS ") VALUES "
		    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (`version`) DO UPDATE SET "
		    "`type` = `excluded`.`type`, `applied` = `excluded`.`applied`, "
		    "`total` = `excluded`.`total`, `execution_time` = `excluded`.`execution_time`, "
		    "`error` = `excluded`.`error`, `error_stmt` = `excluded`.`error_stmt`, "
		    "`hash` = `excluded`.`hash`, `partial_hashes` = `excluded`.`partial_hashes`, "
		    "`operator_version` = `excluded`.`operator_version`",
		    -1, SQLITE_PREPARE_PERSISTENT, &sq->upsert, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	st = sq->upsert;

	strbuf_reset(&sq->scratch);
	driver_time_format(&sq->scratch, r->executed_at);
	size_t at_len = sq->scratch.len;
	driver_partial_json(&sq->scratch, r);

	sqlite3_bind_text(st, 1, r->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->description ? r->description : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->type);
	sqlite3_bind_int64(st, 4, r->applied);
	sqlite3_bind_int64(st, 5, r->total);
	sqlite3_bind_text(st, 6, sq->scratch.buf, (int)at_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, r->execution_time);
	sqlite3_bind_text(st, 8, r->error ? r->error : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->error_stmt ? r->error_stmt : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->hash ? r->hash : "", -1, SQLITE_STATIC);
	/* go-sqlite3 binds the []byte of json.Marshal: a BLOB. */
	sqlite3_bind_blob(st, 11, sq->scratch.buf + at_len, (int)(sq->scratch.len - at_len),
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 12, r->operator_version ? r->operator_version : "", -1,
			  SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		diag_errorf(d, NULL, "%s", errmsg(sq));
	/* Bindings point into r and the scratch buffer: drop them now. */
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int sq_rev_write_commit(struct driver *drv, const struct revision *r, struct diags *d)
{
	/* No round trips to save: the two calls. */
	if (sq_rev_write(drv, r, d) < 0)
		return DRIVER_WRITE_FAILED;
	return sq_commit(drv, d);
}

static int sq_exec_batch_commit(struct driver *drv, const struct str *stmts, size_t n,
				size_t *nok, const char **errmsg, const struct revision *r,
				int *tail, struct diags *d)
{
	*tail = 0;
	if (sq_exec_batch(drv, stmts, n, nok, errmsg) < 0)
		return -1;
	*tail = sq_rev_write_commit(drv, r, d);
	return 0;
}

static int sq_rev_delete(struct driver *drv, const char *version, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	sqlite3_stmt *st;

	if (strcmp(version, REVISION_CLOUD_IDENTIFIER) == 0)
		return 0;
	if (sqlite3_prepare_v2(sq->db, "DELETE FROM `atlas_schema_revisions` WHERE `version` = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		diag_errorf(d, NULL, "%s", errmsg(sq));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int sq_is_clean(const char **reason, struct arena *a, struct driver *drv, struct diags *d)
{
	struct sq_driver *sq = SQ(drv);
	sqlite3_stmt *st;
	const char *dbname = NULL;
	int ndb = 0;

	*reason = NULL;
	if (sqlite3_prepare_v2(sq->db,
			       "SELECT `name` FROM pragma_database_list() WHERE `name` <> 'temp'",
			       -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!ndb++)
			dbname = col_text(a, st, 0);
	}
	sqlite3_finalize(st);
	if (ndb > 1)
		return diag_errorf(d, NULL,
				   "sqlite: multiple database files are not supported by the driver. got: %d",
				   ndb);
	if (ndb == 0)
		return 0;

	if (sqlite3_prepare_v2(sq->db,
			       "SELECT `name` FROM sqlite_master WHERE `type` = 'table' AND "
			       "`name` NOT LIKE 'sqlite_%' AND `name` NOT LIKE 'libsql_%' "
			       "ORDER BY `name`",
			       -1, &st, NULL) != SQLITE_OK)
		return diag_errorf(d, NULL, "%s", errmsg(sq));
	int nt = 0;
	const char *first = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!nt++)
			first = col_text(a, st, 0);
	}
	sqlite3_finalize(st);

	if (strcmp(dbname, "main") != 0)
		*reason = arena_printf(a, "found schema \"%s\"", dbname);
	else if (nt > 1)
		*reason = arena_printf(a, "found multiple tables: %d", nt);
	else if (nt == 1 && strcmp(first, REVISION_TABLE) != 0)
		*reason = arena_printf(a, "found table \"%s\"", first);
	return 0;
}

const struct driver_ops driver_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.lock = sq_lock,
	.unlock = sq_unlock,
	.exec = sq_exec,
	.exec_batch = sq_exec_batch,
	.lock_check = sq_lock_check,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.rev_locate = sq_rev_locate,
	.rev_check_ambiguous = sq_rev_check_ambiguous,
	.rev_ensure = sq_rev_ensure,
	.rev_read_all = sq_rev_read_all,
	.rev_read = sq_rev_read,
	.rev_write = sq_rev_write,
	.rev_write_commit = sq_rev_write_commit,
	.exec_batch_commit = sq_exec_batch_commit,
	.rev_delete = sq_rev_delete,
	.is_clean = sq_is_clean,
};
