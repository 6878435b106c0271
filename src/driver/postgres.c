/*
 * PostgreSQL back end through libpq.
 *
 * The URL (parsed with Go rules in url.c) becomes libpq keyword/value
 * pairs: host, port, dbname, user and password from its parts, then every
 * query parameter libpq knows; the others (search_path first of all) are
 * session parameters, passed as `options=-c key=value` like lib/pq sends
 * them.  libpq's own defaults (PG* variables, sslmode=prefer) stay in
 * force.  Two connections are opened at once with the async API: one for
 * migration statements and revision I/O, one idle connection that only
 * holds the advisory lock (so `DISCARD ALL` in a migration cannot drop it).
 *
 * Errors are worded like lib/pq (`pq: <message> at column C (SQLSTATE)`,
 * migrate.md §4.6.2), connection errors like Atlas's Open.  libpq never
 * echoes a password, and neither does this file.  Notices are discarded
 * (lib/pq ignores them too).  Which SQL the executor runs, and when, is
 * left to src/migrate; this file knows only the revision table's SQL.
 */
#include "driver/internal.h"

#include <errno.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

struct pg_driver {
	struct driver base;
	/* The migration's session.  When the prestart deferred it
	 * (DRIVER_OPEN_LAZY on a local server), it is begun only when
	 * something needs it (conn_begin, main_conn) from params, and reads
	 * go to the lock connection until it is ready (read_conn): a no-op
	 * apply never starts a second backend (W4 in bench/README.md).
	 * conn_st: PQconnectPoll's state while begun and not ready. */
	PGconn *conn;
	bool conn_ready;
	PostgresPollingStatusType conn_st;
	const struct pg_params *params;
	PGconn *lock_conn; /* DRIVER_OPEN_LOCK: the lock's own session */
	const char *lock_err; /* why the lock connection failed (arena) */
	bool crdb;
	bool in_tx;
	/* BEGIN not sent yet: it goes out in one pipeline with the next
	 * query (saving a round trip per transaction). */
	bool pending_begin;
	bool locked;
	uint32_t lock_key;
	char *rev_table;  /* "schema"."atlas_schema_revisions" (arena) */
	bool rev_flag;    /* --revisions-schema was given */
	/* This session created the revision table under the migration lock
	 * and wrote no row since: nobody else writes it while the lock is
	 * held, so reading it needs no round trip. */
	bool rev_empty;
	/* The clean check sent ahead on the lock connection (clean_prefetch)
	 * and not collected yet; stale once anything ran on conn. */
	bool clean_sent;
	bool clean_stale;
	/* Its result, collected early to free the lock connection for the
	 * revision table's DDL (rev_ddl) and not used yet. */
	PGresult *clean_res;
	bool clean_kept;
	bool rev_exists; /* rev_ensure found or created the table */
	/* rev_ensure's first probe, already answered under the lock
	 * (lock_pipelined): whether schema and table exist. */
	bool probe_ok, probe_schema, probe_table;
	/* Read with them when the table exists: rev_ensure's column list
	 * (cols NULL: no usable table; cols_all: every column there) and the
	 * planning read, each used once and dropped by any write. */
	bool cols_ok, cols_all, plan_ok;
	const char *cols;
	struct revision *plan;
	size_t nplan;
	char *upsert_sql; /* for rev_table (arena; NULL until the first write) */
	struct driver_cancel cancel; /* handle = PGcancel of conn */
	struct strbuf scratch; /* statement copy, upsert values */
	struct strbuf scratch2;
};

#define PG(drv) ((struct pg_driver *)(drv))

/* A revision upsert's 12 parameter values (upsert_build). */
struct upsert {
	char type[24], applied[24], total[24], etime[24];
	const char *v[12];
};

static void upsert_build(struct pg_driver *pg, struct upsert *u, const struct revision *r);

static PGresult *clean_collect(struct pg_driver *pg);
static void clean_prefetch(struct pg_driver *pg);
static bool clean_query(struct pg_driver *pg, const char **sql, const char **val);
static char *quote_ident(struct pg_driver *pg, const char *name);

static void pg_notice_discard(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* ---- connection parameters ---------------------------------------------- */

struct pg_params {
	struct arena *a;
	const char **keys;
	const char **vals;
	size_t n, cap;
	PQconninfoOption *known;
	struct strbuf options; /* -c key=value ... */
	bool has_options;
};

static void params_add(struct pg_params *p, const char *k, const char *v)
{
	if (p->n + 1 >= p->cap) {
		size_t nc = p->cap ? 2 * p->cap : 16;

		p->keys = arena_realloc(p->a, p->keys, p->cap * sizeof(char *), nc * sizeof(char *));
		p->vals = arena_realloc(p->a, p->vals, p->cap * sizeof(char *), nc * sizeof(char *));
		p->cap = nc;
	}
	p->keys[p->n] = k;
	p->vals[p->n] = v;
	p->n++;
	p->keys[p->n] = NULL;
	p->vals[p->n] = NULL;
}

static bool libpq_knows(const struct pg_params *p, const char *key)
{
	for (const PQconninfoOption *o = p->known; o && o->keyword; o++)
		if (strcmp(o->keyword, key) == 0)
			return true;
	return false;
}

/* `-c key=value` with the escaping the server's options parser wants. */
static void options_add(struct strbuf *sb, const char *key, const char *val)
{
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, "-c ");
	for (const char *s = key; *s; s++) {
		if (*s == ' ' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '=');
	for (const char *s = val; *s; s++) {
		if (*s == ' ' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
}

static int param_from_query(void *ctx, const char *key, const char *val)
{
	struct pg_params *p = ctx;

	/* lib/pq's own driver settings: no meaning for libpq or the server. */
	if (!strcmp(key, "binary_parameters") || !strcmp(key, "disable_prepared_binary_result") ||
	    !strcmp(key, "sslinline") || !strcmp(key, "krbspn"))
		return 0;
	if (!strcmp(key, "options")) {
		if (p->options.len)
			strbuf_addch(&p->options, ' ');
		strbuf_addstr(&p->options, val);
		p->has_options = true;
		return 0;
	}
	if (libpq_knows(p, key)) {
		params_add(p, arena_strdup(p->a, key), arena_strdup(p->a, val));
		return 0;
	}
	options_add(&p->options, key, val);
	return 0;
}

/* Splits Go's URL.Host ("h1:5432,[::1]:5433") into libpq host/port lists. */
static void params_host(struct pg_params *p, const char *host)
{
	struct strbuf hosts = STRBUF_INIT, ports = STRBUF_INIT;
	bool any_port = false;
	const char *s = host;

	while (*s) {
		const char *end = s + strcspn(s, ",");
		const char *h = s, *he, *port = NULL;

		if (*h == '[') {
			const char *rb = memchr(h, ']', (size_t)(end - h));
			he = rb ? rb : end;
			h++;
			if (rb && rb + 1 < end && rb[1] == ':')
				port = rb + 2;
		} else {
			const char *c = NULL;
			for (const char *q = h; q < end; q++)
				if (*q == ':')
					c = q;
			he = c ? c : end;
			if (c)
				port = c + 1;
		}
		if (hosts.len || s != host)
			strbuf_addch(&hosts, ',');
		strbuf_add(&hosts, h, (size_t)(he - h));
		if (s != host)
			strbuf_addch(&ports, ',');
		if (port && port < end) {
			strbuf_add(&ports, port, (size_t)(end - port));
			any_port = true;
		}
		s = *end ? end + 1 : end;
	}
	if (hosts.len)
		params_add(p, "host", strbuf_arena(&hosts, p->a));
	if (any_port)
		params_add(p, "port", strbuf_arena(&ports, p->a));
	strbuf_release(&hosts);
	strbuf_release(&ports);
}

static void params_build(struct pg_params *p, struct arena *a, const struct db_url *u)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	strbuf_init(&p->options);
	p->known = PQconndefaults();

	/* lib/pq always talks UTF-8; a URL may still say otherwise. */
	params_add(p, "client_encoding", "UTF8");
	if (u->host[0])
		params_host(p, u->host);
	if (u->path[0] && strcmp(u->path, "/") != 0)
		params_add(p, "dbname", u->path[0] == '/' ? u->path + 1 : u->path);
	if (u->has_user && u->user[0])
		params_add(p, "user", u->user);
	if (u->has_password)
		params_add(p, "password", u->password);
	/* lib/pq never negotiates GSSAPI encryption; libpq's default
	 * ("prefer") probes for Kerberos credentials on every connection.
	 * The URL (gssencmode=...) or PGGSSENCMODE can still ask for it. */
	if (!getenv("PGGSSENCMODE"))
		params_add(p, "gssencmode", "disable");
	(void)driver_query_each(a, u->raw_query, param_from_query, p);

	/* The options keyword replaces PGOPTIONS; keep the user's. */
	if (!p->has_options) {
		const char *env = getenv("PGOPTIONS");
		if (env && *env) {
			struct strbuf t = STRBUF_INIT;
			strbuf_addstr(&t, env);
			if (p->options.len) {
				strbuf_addch(&t, ' ');
				strbuf_add(&t, p->options.buf, p->options.len);
			}
			strbuf_reset(&p->options);
			strbuf_add(&p->options, t.buf, t.len);
			strbuf_release(&t);
		}
	}
	/* The session settings lib/pq sends at start-up (timestamps are read
	 * as text, so their format must be fixed anyway). */
	options_add(&p->options, "datestyle", "ISO, MDY");
	options_add(&p->options, "extra_float_digits", "2");
	params_add(p, "options", strbuf_arena(&p->options, a));
	strbuf_release(&p->options);
	if (p->known)
		PQconninfoFree(p->known);
	p->known = NULL;
}

/* ---- error texts -------------------------------------------------------- */

/*
 * libpq hands over a server's FATAL message only as text when the
 * connection ends with it (no PGresult fields): the SQLSTATE lib/pq would
 * print, for the messages a migration run can meet.
 */
#define HAS_PREFIX(s, lit) (strncmp((s), lit, sizeof(lit) - 1) == 0)

static const char *fatal_code(const char *m)
{
	if (HAS_PREFIX(m, "password authentication failed"))
		return "28P01";
	if (HAS_PREFIX(m, "database \"") && strstr(m, "does not exist"))
		return "3D000";
	if (HAS_PREFIX(m, "role \"") && strstr(m, "does not exist"))
		return "28000";
	if (HAS_PREFIX(m, "no pg_hba.conf entry"))
		return "28000";
	if (strstr(m, "too many clients") || strstr(m, "remaining connection slots"))
		return "53300";
	if (HAS_PREFIX(m, "the database system is"))
		return "57P03";
	if (HAS_PREFIX(m, "terminating connection due to administrator command"))
		return "57P01";
	if (HAS_PREFIX(m, "terminating connection due to idle"))
		return "57P05";
	if (HAS_PREFIX(m, "terminating connection due to conflict with recovery"))
		return "40001";
	return NULL;
}

/* A libpq connection failure as lib/pq words it: server errors become
 * `pq: <message> (SQLSTATE)`, network errors keep libpq's first line. */
static char *conn_error(struct arena *a, PGconn *c)
{
	const char *msg = c ? PQerrorMessage(c) : "out of memory";
	const char *fatal = strstr(msg, "FATAL:  ");

	if (!fatal)
		fatal = strstr(msg, "ERROR:  ");
	if (fatal) {
		const char *m = fatal + 8;
		size_t n = strcspn(m, "\n");
		const char *code = fatal_code(m);

		if (code)
			return arena_printf(a, "pq: %.*s (%s)", (int)n, m, code);
		return arena_printf(a, "pq: %.*s", (int)n, m);
	}
	size_t n = strcspn(msg, "\n");
	return arena_strndup(a, msg, n);
}

/* Code points of s[0..n). */
static size_t cp_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* `pq: <primary>[ at column C | at position L:C] (SQLSTATE)`. */
static char *result_error(struct arena *a, PGconn *c, const PGresult *res, const char *stmt,
			  size_t len)
{
	const char *prim = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;

	if (!prim) {
		const char *m = PQerrorMessage(c);
		size_t n = strcspn(m, "\n");

		if (n == 0)
			return arena_strdup(a, "driver: bad connection");
		if (!strncmp(m, "ERROR:  ", 8) || !strncmp(m, "FATAL:  ", 8)) {
			const char *fc = fatal_code(m + 8);
			if (fc)
				return arena_printf(a, "pq: %.*s (%s)", (int)(n - 8), m + 8, fc);
			return arena_printf(a, "pq: %.*s", (int)(n - 8), m + 8);
		}
		return arena_strndup(a, m, n);
	}

#ifdef ATLAS_PQ_LEGACY_ERRORS
	/* Atlas builds before 2026-03 (lib/pq 1.10): the primary message only.
	 * Build with CPPFLAGS=-DATLAS_PQ_LEGACY_ERRORS to match them. */
	(void)code;
	(void)pos;
	return arena_printf(a, "pq: %s", prim);
#endif
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "pq: ");
	strbuf_addstr(&sb, prim);
	if (pos && stmt) {
		long p = strtol(pos, NULL, 10);
		size_t read = 0, line = 0, col = 0;
		bool multi = memchr(stmt, '\n', len) != NULL;
		const char *s = stmt, *end = stmt + len;

		while (s <= end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			const char *le = nl ? nl : end;
			size_t l = cp_count(s, (size_t)(le - s)) + 1;

			line++;
			if ((long)(read + l) >= p) {
				col = p - (long)read > 1 ? (size_t)(p - (long)read) : 1;
				break;
			}
			read += l;
			if (!nl)
				break;
			s = nl + 1;
		}
		if (col) {
			if (multi)
				strbuf_addf(&sb, " at position %zu:%zu", line, col);
			else
				strbuf_addf(&sb, " at column %zu", col);
		}
	}
	if (code)
		strbuf_addf(&sb, " (%s)", code);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

/* The next result of a pipeline, its terminating NULL consumed (the Sync's
 * result has none). */
static PGresult *pipe_next(PGconn *c)
{
	PGresult *r = PQgetResult(c), *n;

	if (r && PQresultStatus(r) != PGRES_PIPELINE_SYNC)
		while ((n = PQgetResult(c)) != NULL)
			PQclear(n);
	return r;
}

/* Consumes a pipeline's results up to its Sync (at most `left` of them;
 * stops early on a dropped connection). */
static void pipe_to_sync(PGconn *c, int left)
{
	for (; left > 0; left--) {
		PGresult *r = PQgetResult(c);
		if (!r) {
			if (PQstatus(c) == CONNECTION_BAD)
				break;
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
}

/* After two queries and a Sync: their results (NULL where none came),
 * everything up to the Sync consumed. */
static void pipe_two(PGconn *c, PGresult **first, PGresult **second)
{
	*first = pipe_next(c);
	*second = *first ? pipe_next(c) : NULL;
	pipe_to_sync(c, 4);
}

/*
 * Runs one query (simple protocol when simple_proto, else extended with
 * n text parameters).  A pending BEGIN goes out first in the same
 * pipeline; if it fails, its result is returned instead of the query's.
 * A text the extended protocol might run differently (several commands)
 * gets its BEGIN sent alone first.
 */
static PGresult *pg_run(struct pg_driver *pg, PGconn *c, const char *sql, int n,
			const char *const *vals, bool simple_proto)
{
	if (c != pg->conn || !pg->pending_begin)
		return simple_proto ? PQexec(c, sql) : PQexecParams(c, sql, n, NULL, vals, NULL,
								    NULL, 0);
	pg->pending_begin = false;
	if (simple_proto && !driver_pg_single_command(sql, strlen(sql))) {
		PGresult *b = PQexec(c, "BEGIN");
		if (!b || PQresultStatus(b) != PGRES_COMMAND_OK)
			return b;
		PQclear(b);
		return PQexec(c, sql);
	}
	if (!PQenterPipelineMode(c))
		return NULL;
	PGresult *rb = NULL, *rq = NULL;
	if (PQsendQueryParams(c, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQsendQueryParams(c, sql, n, NULL, vals, NULL, NULL, 0) && PQpipelineSync(c))
		pipe_two(c, &rb, &rq);
	(void)PQexitPipelineMode(c);
	if (!rb || PQresultStatus(rb) != PGRES_COMMAND_OK) {
		PQclear(rq);
		return rb;
	}
	PQclear(rb);
	return rq;
}

/* Runs a parameterised query; on error fills d and returns NULL. */
static PGresult *pg_query(struct pg_driver *pg, PGconn *c, const char *sql, int n,
			  const char *const *vals, struct diags *d)
{
	PGresult *res = pg_run(pg, c, sql, n, vals, false);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	diag_errorf(d, NULL, "%s", result_error(pg->base.arena, c, res, NULL, 0));
	PQclear(res);
	return NULL;
}

/* ---- open / close ------------------------------------------------------- */

/* Drives the async connects of conns[0..2) (NULL ones skipped) to
 * completion together.  libpq leaves connect_timeout to callers of
 * PQconnectPoll: timeout_ms (-1 = none) bounds the whole attempt; false
 * when it expired. */
static bool connect_all(PGconn **conns, PostgresPollingStatusType *st, int timeout_ms)
{
	int64_t deadline = util_now_mono_ns() + (int64_t)timeout_ms * 1000000;

	for (;;) {
		struct pollfd fds[2];
		int idx[2], nf = 0;

		for (int i = 0; i < 2; i++) {
			if (!conns[i] || PQstatus(conns[i]) == CONNECTION_BAD ||
			    st[i] == PGRES_POLLING_OK || st[i] == PGRES_POLLING_FAILED)
				continue;
			fds[nf].fd = PQsocket(conns[i]);
			fds[nf].events = st[i] == PGRES_POLLING_READING ? POLLIN : POLLOUT;
			fds[nf].revents = 0;
			idx[nf++] = i;
		}
		if (nf == 0)
			return true;
		int wait = -1;
		if (timeout_ms >= 0) {
			int64_t rest = deadline - util_now_mono_ns();
			if (rest <= 0)
				return false;
			wait = (int)((rest + 999999) / 1000000);
		}
		int pr = poll(fds, (nfds_t)nf, wait);
		if (pr < 0 && errno != EINTR)
			return true;
		for (int k = 0; pr > 0 && k < nf; k++)
			if (fds[k].revents)
				st[idx[k]] = PQconnectPoll(conns[idx[k]]);
	}
}

/* Begins a connection; with `early`, drives it as far as it goes without
 * waiting (a loopback or LAN connect completes at once and the start-up
 * packet goes out), so that the server initialises the backend
 * meanwhile. */
static PGconn *connect_begin(const struct pg_params *p, PostgresPollingStatusType *st,
			     bool early)
{
	PGconn *c = PQconnectStartParams(p->keys, p->vals, 0);

	*st = PGRES_POLLING_WRITING;
	for (int k = 0; early && k < 8 && c && PQstatus(c) != CONNECTION_BAD; k++) {
		if (*st != PGRES_POLLING_READING && *st != PGRES_POLLING_WRITING)
			break;
		struct pollfd pf = { .fd = PQsocket(c),
				     .events = *st == PGRES_POLLING_READING ? POLLIN : POLLOUT };
		if (poll(&pf, 1, 0) <= 0)
			break;
		*st = PQconnectPoll(c);
	}
	return c;
}

bool driver_pg_hosts_local(const char *hosts)
{
	if (!hosts)
		return true;
	for (const char *h = hosts;;) {
		size_t n = strcspn(h, ",");
		bool local = n == 0 || h[0] == '/' || h[0] == '@' ||
			     (n == 9 && !strncmp(h, "localhost", 9)) ||
			     (n == 3 && !strncmp(h, "::1", 3)) || (n > 4 && !strncmp(h, "127.", 4));
		if (!local)
			return false;
		if (!h[n])
			return true;
		h += n + 1;
	}
}

/* Whether every server the parameters name is on this machine (libpq
 * connects to hostaddr when given, else to host; the environment's
 * PGHOSTADDR and PGHOST when the URL has neither). */
static bool params_local(const struct pg_params *p)
{
	const char *host = getenv("PGHOST"), *addr = getenv("PGHOSTADDR");

	for (size_t i = 0; i < p->n; i++) {
		if (!strcmp(p->keys[i], "host"))
			host = p->vals[i];
		else if (!strcmp(p->keys[i], "hostaddr"))
			addr = p->vals[i];
	}
	return driver_pg_hosts_local(addr && *addr ? addr : host);
}

/* connect_timeout in ms as libpq reads it (seconds; < 2 means 2), -1 = none. */
static int connect_timeout_ms(const struct pg_params *p)
{
	const char *v = getenv("PGCONNECT_TIMEOUT");

	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->keys[i], "connect_timeout"))
			v = p->vals[i];
	if (!v || !*v)
		return -1;
	long t = strtol(v, NULL, 10);
	if (t <= 0)
		return -1;
	return (int)(t < 2 ? 2000 : (t > 86400 ? 86400000 : t * 1000));
}

/* Async-signal-safe: PQcancel only sends a cancel request. */
static void pg_cancel_fire(struct driver_cancel *c)
{
	char buf[256];

	if (c->handle)
		(void)PQcancel(c->handle, buf, sizeof(buf));
}

static void pg_close(struct driver *drv)
{
	struct pg_driver *pg = PG(drv);

	if (!pg)
		return;
	pg->cancel.armed = 0;
	PQclear(pg->clean_res);
	pg->clean_res = NULL;
	if (pg->cancel.handle)
		PQfreeCancel(pg->cancel.handle);
	pg->cancel.handle = NULL;
	if (pg->conn)
		PQfinish(pg->conn);
	if (pg->lock_conn)
		PQfinish(pg->lock_conn);
	strbuf_release(&pg->scratch);
	strbuf_release(&pg->scratch2);
}

/* Connections begun by pg_start, finished by pg_finish: the statement
 * connection (conns[0]; NULL when deferred) and the lock connection
 * (conns[1], DRIVER_OPEN_LOCK). */
struct pg_prestart {
	struct driver_prestart base;
	struct pg_params p;
	PGconn *conns[2];
	PostgresPollingStatusType st[2];
};

/*
 * Begins the connections; with `early`, as far as they go without
 * waiting.  DRIVER_OPEN_LAZY defers the statement connection when the
 * server shares our CPUs: a backend nobody may need would compete with
 * the caller's own work (W4 in bench/README.md: 2.5 ms of a no-op run
 * over 1000 files).  A remote server starts it at no cost to us, and a
 * late start would cost its round trips.
 */
static struct pg_prestart *pg_start(struct arena *a, const struct db_url *u, unsigned flags,
				    bool early)
{
	struct pg_prestart *ps = arena_alloc(a, sizeof(*ps));

	ps->base.ops = &driver_postgres_ops;
	ps->base.flags = flags;
	params_build(&ps->p, a, u);
	bool lock = flags & DRIVER_OPEN_LOCK;
	if (lock)
		ps->conns[1] = connect_begin(&ps->p, &ps->st[1], early);
	if (!lock || !(flags & DRIVER_OPEN_LAZY) || !params_local(&ps->p))
		ps->conns[0] = connect_begin(&ps->p, &ps->st[0], early);
	return ps;
}

static struct driver_prestart *pg_prestart(struct arena *a, const struct db_url *u,
					   unsigned flags)
{
	return &pg_start(a, u, flags, true)->base;
}

static void pg_prestart_eager(struct driver_prestart *p)
{
	struct pg_prestart *ps = (struct pg_prestart *)p;

	ps->base.flags &= ~(unsigned)DRIVER_OPEN_LAZY;
	if (!ps->conns[0])
		ps->conns[0] = connect_begin(&ps->p, &ps->st[0], true);
}

static void pg_prestart_cancel(struct driver_prestart *p)
{
	struct pg_prestart *ps = (struct pg_prestart *)p;

	for (int i = 0; i < 2; i++) {
		if (ps->conns[i])
			PQfinish(ps->conns[i]);
		ps->conns[i] = NULL;
	}
}

/* conn is ready: its notices dropped and its cancel handle made. */
static void conn_attach(struct pg_driver *pg)
{
	PQsetNoticeProcessor(pg->conn, pg_notice_discard, NULL);
	pg->cancel.handle = PQgetCancel(pg->conn);
	pg->conn_ready = true;
}

/* Begins conn when the prestart deferred it, without waiting, once
 * something will need it: a deploy that runs files. */
static void conn_begin(struct pg_driver *pg)
{
	if (!pg->conn && pg->params)
		pg->conn = connect_begin(pg->params, &pg->conn_st, true);
}

/* Makes conn ready (begun if it was not): 0, or -1 with the error open
 * would have given. */
static int main_conn(struct pg_driver *pg, struct diags *d)
{
	if (pg->conn_ready)
		return 0;
	conn_begin(pg);
	PGconn *conns[2] = { pg->conn, NULL };
	PostgresPollingStatusType st[2] = { pg->conn_st, PGRES_POLLING_FAILED };
	bool in_time = connect_all(conns, st, connect_timeout_ms(pg->params));
	pg->conn_st = st[0];
	if (!in_time)
		return diag_errorf(d, NULL, "postgres: scanning system variables: timeout expired");
	if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK)
		return diag_errorf(d, NULL, "postgres: scanning system variables: %s",
				   conn_error(pg->base.arena, pg->conn));
	conn_attach(pg);
	return 0;
}

/* Where a read goes: conn once it is ready (it may hold the run's
 * transaction), else the lock connection while it is free (a conn that
 * is not ready has run nothing, so both see the same rows), else conn
 * made ready.  NULL (d) when that fails. */
static PGconn *read_conn(struct pg_driver *pg, struct diags *d)
{
	if (!pg->conn_ready && pg->lock_conn && !pg->clean_sent)
		return pg->lock_conn;
	return main_conn(pg, d) < 0 ? NULL : pg->conn;
}

/* main_conn for the ops that report through an error string: NULL when
 * conn is ready, else why not (arena). */
static const char *main_conn_err(struct pg_driver *pg)
{
	struct diags d;

	diags_init(&d, pg->base.arena);
	return main_conn(pg, &d) < 0 ? d.head->summary : NULL;
}

static int pg_finish(struct driver **out, struct arena *a, const struct db_url *u,
		     struct pg_prestart *ps, struct diags *d)
{
	struct pg_driver *pg = arena_alloc(a, sizeof(*pg));

	pg->base.ops = &driver_postgres_ops;
	pg->base.url = u;
	pg->base.arena = a;
	strbuf_init(&pg->scratch);
	strbuf_init(&pg->scratch2);
	pg->cancel.fire = pg_cancel_fire;
	pg->base.cancel = &pg->cancel;

	bool in_time = connect_all(ps->conns, ps->st, connect_timeout_ms(&ps->p));
	pg->conn = ps->conns[0];
	pg->lock_conn = ps->conns[1];
	ps->conns[0] = ps->conns[1] = NULL; /* the driver owns them now */
	if (pg->lock_conn)
		pg->params = &ps->p;
	/* The connection that must be up: the statement one, else (deferred)
	 * the lock one.  The other's failure shows at the lock. */
	PGconn *c = pg->conn ? pg->conn : pg->lock_conn;

	if (!in_time && c && PQstatus(c) != CONNECTION_OK) {
		diag_errorf(d, NULL, "postgres: scanning system variables: timeout expired");
		pg_close(&pg->base);
		return -1;
	}
	if (!c || PQstatus(c) != CONNECTION_OK) {
		diag_errorf(d, NULL, "postgres: scanning system variables: %s", conn_error(a, c));
		pg_close(&pg->base);
		return -1;
	}
	if (pg->conn)
		conn_attach(pg);
	if (pg->lock_conn && PQstatus(pg->lock_conn) != CONNECTION_OK) {
		pg->lock_err = in_time ? conn_error(a, pg->lock_conn) : "timeout expired";
		PQfinish(pg->lock_conn);
		pg->lock_conn = NULL;
	} else if (pg->lock_conn) {
		PQsetNoticeProcessor(pg->lock_conn, pg_notice_discard, NULL);
	}

	/* The version and CockroachDB's marker come with the start-up
	 * (ParameterStatus server_version, crdb_version): no query, and no
	 * round trip before the lock. */
	long v = PQserverVersion(c);
	if (v <= 0) {
		const char *ver = PQparameterStatus(c, "server_version");
		if (!ver)
			ver = "";
		diag_errorf(d, NULL,
			    "postgres: malformed version: %s: strconv.Atoi: parsing \"%s\": invalid syntax",
			    ver, ver);
		pg_close(&pg->base);
		return -1;
	}
	const char *crdb = PQparameterStatus(c, "crdb_version");
	pg->crdb = crdb && *crdb;
	if (v < 100000) {
		pg_close(&pg->base);
		return diag_errorf(d, NULL, "postgres: unsupported postgres version: %ld", v);
	}
	*out = &pg->base;
	return 0;
}

static int pg_open(struct driver **out, struct arena *a, const struct db_url *u, unsigned flags,
		   struct diags *d)
{
	return pg_finish(out, a, u, pg_start(a, u, flags, false), d);
}

static int pg_open_prestarted(struct driver **out, struct arena *a, const struct db_url *u,
			      struct driver_prestart *p, struct diags *d)
{
	return pg_finish(out, a, u, (struct pg_prestart *)p, d);
}

/* ---- lock --------------------------------------------------------------- */

static int64_t now_ns(void)
{
	return util_now_mono_ns();
}

static void sleep_ns(int64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#define PROBE_SQL "SELECT to_regnamespace($1) IS NOT NULL, to_regclass($2) IS NOT NULL"

/* The revision table's columns by oid ($1: the quoted table name). */
#define COLS_SQL                                                                          \
	"SELECT (SELECT c.relkind IN ('r', 'p') FROM pg_catalog.pg_class c "                  \
	"WHERE c.oid = to_regclass($1)), "                                                  \
	"(SELECT ','::text || string_agg(a.attname::text, ',') || ',' "                     \
	"FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass($1) "                \
	"AND a.attnum > 0 AND NOT a.attisdropped)"

/* Every column of the revision table (rev_columns), in its order. */
#define REV_COLUMNS                                                                        \
	"\"version\", \"description\", \"type\", \"applied\", \"total\", \"executed_at\", " \
	"\"execution_time\", \"error\", \"error_stmt\", \"hash\", \"partial_hashes\", "      \
	"\"operator_version\""

/* COLS_SQL's answer in the usual case, for less: one row, true when the
 * revision table ($1: its quoted name; %s: the same) is a table with every
 * column, false when it is another kind of relation; an error (undefined
 * column) when a column is missing, and COLS_SQL then finds which.  Sent
 * after the planning read, whose catalogue lookups it reuses: ~0.8 ms less
 * than COLS_SQL in a fresh backend (W4 in bench/README.md). */
#define TABLE_OK_SQL                                                                       \
	"SELECT c.relkind IN ('r', 'p') FROM pg_catalog.pg_class c "                          \
	"WHERE c.oid = $1::regclass AND NOT EXISTS (SELECT " REV_COLUMNS " FROM %s WHERE false)"

/* The planning read of rev_read_plan (%s: the table, $1: the cloud row). */
#define PLAN_SQL                                                                          \
	"SELECT \"version\", \"description\", \"type\", \"applied\", \"total\" FROM %s "     \
	"WHERE \"version\" <> $1 ORDER BY \"version\""

static int64_t dec_i64(const char *s);

/* COLS_SQL's answer: the column list, NULL when there is no usable table. */
static const char *cols_of(struct arena *a, const PGresult *res)
{
	if (PQgetvalue(res, 0, 0)[0] != 't' || PQgetisnull(res, 0, 1))
		return NULL;
	return arena_strdup(a, PQgetvalue(res, 0, 1));
}

/* PLAN_SQL's rows as revisions (the other fields empty). */
static void plan_rows(struct revision **out, size_t *n, struct arena *a, const PGresult *res)
{
	int rows = PQntuples(res);
	struct revision *rv = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof(*rv));
	for (int i = 0; i < rows; i++) {
		struct revision *r = &rv[i];
		memset(r, 0, sizeof(*r));
		r->version = arena_memdup(a, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0) + 1);
		r->description =
			arena_memdup(a, PQgetvalue(res, i, 1), (size_t)PQgetlength(res, i, 1) + 1);
		r->type = dec_i64(PQgetvalue(res, i, 2));
		r->applied = dec_i64(PQgetvalue(res, i, 3));
		r->total = dec_i64(PQgetvalue(res, i, 4));
		r->error = r->error_stmt = r->hash = r->operator_version = "";
	}
	*out = rv;
	*n = (size_t)rows;
}

/*
 * The first lock attempt once the revision table is located (migrate
 * apply locates it first): the lock and rev_ensure's probe go to the lock
 * connection in one pipeline, which the server runs in order, so the
 * probe runs under the lock when it is granted (else it is dropped).
 * When the probe finds no revision table (a first deploy, which will
 * need the clean check), the clean check follows in the same pipeline at
 * once and a deferred statement connection is begun; otherwise the clean
 * check is not sent (W4: it would cost the server ~3 ms that unlock then
 * waits for), and the planning read and TABLE_OK_SQL follow instead.
 * Returns 1 (granted: the probe's answer cached,
 * any clean check left for clean_collect), 0 (held elsewhere), 2 (not
 * tried) or -1 (d).
 */
static int lock_pipelined(struct pg_driver *pg, const char *key, struct diags *d)
{
	PGconn *c = pg->lock_conn;
	const char *sql = NULL, *val = NULL;
	bool clean = clean_query(pg, &sql, &val);
	const char *kv[1] = { key };
	const char *pv[2] = { quote_ident(pg, pg->base.rev_schema), pg->rev_table };

	if (!PQenterPipelineMode(c))
		return 2;
	PGresult *rl = NULL, *rp = NULL;
	int nq = clean ? 3 : 2;
	/* The server holds its answers until a Sync or a Flush. */
	if (PQsendQueryParams(c, "SELECT pg_try_advisory_lock($1)", 1, NULL, kv, NULL, NULL, 0) &&
	    PQsendQueryParams(c, PROBE_SQL, 2, NULL, pv, NULL, NULL, 0) && PQsendFlushRequest(c) &&
	    PQflush(c) == 0) {
		rl = pipe_next(c);
		rp = pipe_next(c);
	}
	bool granted = rl && PQresultStatus(rl) == PGRES_TUPLES_OK && PQntuples(rl) == 1 &&
		       !PQgetisnull(rl, 0, 0) && PQgetvalue(rl, 0, 0)[0] == 't';
	bool probed = granted && rp && PQresultStatus(rp) == PGRES_TUPLES_OK && PQntuples(rp) == 1;
	clean = clean && probed && PQgetvalue(rp, 0, 1)[0] != 't';
	if (clean && !PQsendQueryParams(c, sql, 1, NULL, &val, NULL, NULL, 0))
		clean = false;
	/* A table is there (W4: every run after the first): the planning
	 * read and TABLE_OK_SQL follow at once, under the lock too. */
	bool reads = probed && PQgetvalue(rp, 0, 0)[0] == 't' && PQgetvalue(rp, 0, 1)[0] == 't';
	const char *cid[1] = { REVISION_CLOUD_IDENTIFIER };
	if (reads)
		reads = PQsendQueryParams(c, arena_printf(pg->base.arena, PLAN_SQL, pg->rev_table), 1,
					  NULL, cid, NULL, NULL, 0) &&
			PQsendQueryParams(c, arena_printf(pg->base.arena, TABLE_OK_SQL, pg->rev_table), 1,
					  NULL, pv + 1, NULL, NULL, 0);
	(void)PQpipelineSync(c);
	/* No revision table: a first deploy, which creates it and runs its
	 * files on conn, whose backend starts while the clean check runs. */
	if (probed && PQgetvalue(rp, 0, 1)[0] != 't')
		conn_begin(pg);
	if (reads) {
		PGresult *rr = pipe_next(c), *rc_ = pipe_next(c);
		if (rc_ && PQresultStatus(rc_) == PGRES_TUPLES_OK && PQntuples(rc_) == 1) {
			pg->cols_all = PQgetvalue(rc_, 0, 0)[0] == 't';
			pg->cols = pg->cols_all ? "" : NULL;
			pg->cols_ok = true;
		}
		if (rr && PQresultStatus(rr) == PGRES_TUPLES_OK) {
			plan_rows(&pg->plan, &pg->nplan, pg->base.arena, rr);
			pg->plan_ok = true;
		}
		PQclear(rc_);
		PQclear(rr);
	}
	int rc = granted ? 1 : 0;
	if (!rl || PQresultStatus(rl) != PGRES_TUPLES_OK) {
		diag_errorf(d, NULL, "%s", result_error(pg->base.arena, c, rl, NULL, 0));
		rc = -1;
	}
	if (probed) {
		pg->probe_ok = true;
		pg->probe_schema = PQgetvalue(rp, 0, 0)[0] == 't';
		pg->probe_table = PQgetvalue(rp, 0, 1)[0] == 't';
	}
	PQclear(rl);
	PQclear(rp);
	if (granted && clean) {
		pg->clean_sent = true;
		pg->clean_stale = false;
		return rc;
	}
	/* Drain the rest up to the Sync and leave pipeline mode. */
	pipe_to_sync(c, 2 * nq + 2);
	if (!PQexitPipelineMode(c) && rc >= 0) {
		diag_errorf(d, NULL, "%s", result_error(pg->base.arena, c, NULL, NULL, 0));
		rc = -1;
	}
	return rc;
}

static int pg_lock(struct driver *drv, const char *name, int64_t timeout_ns, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	PGconn *c = pg->lock_conn ? pg->lock_conn : pg->conn;
	char key[16];
	const char *vals[1] = { key };
	int64_t start = now_ns(), inter = 25;
	/* Jitter differs between racing processes (no global RNG state). */
	unsigned seed = (unsigned)start ^ (unsigned)getpid() * 2654435761u;

	if (pg->crdb)
		return 0;
	if (!pg->lock_conn && pg->lock_err)
		return diag_errorf(d, NULL, "%s", pg->lock_err);
	pg->lock_key = driver_lock_key(name);
	snprintf(key, sizeof(key), "%u", pg->lock_key);
	if (pg->lock_conn && pg->rev_table && !pg->clean_sent && !pg->clean_kept) {
		int r = lock_pipelined(pg, key, d);
		if (r < 0)
			return -1;
		if (r == 1) {
			pg->locked = true;
			return 0;
		}
		if (r == 0 && timeout_ns <= 0)
			return diag_errorf(d, NULL, "sql/schema: lock is held by other session");
	}
	for (;;) {
		PGresult *res = pg_query(pg, c, "SELECT pg_try_advisory_lock($1)", 1, vals, d);

		if (!res)
			return -1;
		bool ok = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) &&
			  PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
		if (ok) {
			pg->locked = true;
			return 0;
		}
		if (now_ns() - start > timeout_ns)
			return diag_errorf(d, NULL, "sql/schema: lock is held by other session");
		int64_t dms = inter < 1000 ? inter : 1000;
		int64_t jitter = (int64_t)((uint64_t)rand_r(&seed) % (uint64_t)dms);
		sleep_ns((dms + jitter) * 1000000);
		inter += inter;
	}
}

static int pg_unlock(struct driver *drv, const char *name, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	PGconn *c = pg->lock_conn ? pg->lock_conn : pg->conn;
	char key[16];
	const char *vals[1] = { key };
	uint32_t id = driver_lock_key(name);

	if (pg->crdb)
		return 0;
	if (pg->clean_sent || pg->clean_kept)
		PQclear(clean_collect(pg));
	snprintf(key, sizeof(key), "%u", id);
	PGresult *res = pg_query(pg, c, "SELECT pg_advisory_unlock($1)", 1, vals, d);
	if (!res)
		return -1;
	bool ok = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) && PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	pg->locked = false;
	if (!ok)
		return diag_errorf(d, NULL, "sql/postgres: failed releasing lock %u", id);
	return 0;
}

/* ---- statements and transactions ---------------------------------------- */

static int pg_exec(struct driver *drv, const char *stmt, size_t len, const char **errmsg)
{
	struct pg_driver *pg = PG(drv);
	if ((*errmsg = main_conn_err(pg)))
		return -1;
	/* PQexec wants a C string; stmt is a slice (reading stmt[len] could
	 * run past its buffer), so copy it into the reused scratch buffer. */
	strbuf_reset(&pg->scratch);
	strbuf_add(&pg->scratch, stmt, len);
	const char *text = pg->scratch.buf;
	pg->clean_stale = true;
	pg->plan_ok = false;
	pg->cancel.armed = 1;
	PGresult *res = pg_run(pg, pg->conn, text, 0, NULL, true);
	pg->cancel.armed = 0;
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
		*errmsg = result_error(drv->arena, pg->conn, res, stmt, len);
		PQclear(res);
		return -1;
	}
	/* COPY FROM STDIN has no data to send here: end it as lib/pq would
	 * fail it, and report the error. */
	if (st == PGRES_COPY_IN) {
		PQputCopyEnd(pg->conn, "COPY FROM STDIN is not supported");
		PQclear(res);
		while ((res = PQgetResult(pg->conn)))
			PQclear(res);
		*errmsg = arena_strdup(drv->arena, "pq: COPY FROM STDIN is not supported");
		return -1;
	}
	if (st == PGRES_COPY_OUT) {
		char *buf;

		PQclear(res);
		while (PQgetCopyData(pg->conn, &buf, 0) > 0)
			PQfreemem(buf);
		res = PQgetResult(pg->conn);
		st = res ? PQresultStatus(res) : PGRES_COMMAND_OK;
		if (st == PGRES_FATAL_ERROR) {
			*errmsg = result_error(drv->arena, pg->conn, res, stmt, len);
			PQclear(res);
			while ((res = PQgetResult(pg->conn)))
				PQclear(res);
			return -1;
		}
		while (res) {
			PQclear(res);
			res = PQgetResult(pg->conn);
		}
		return 0;
	}
	PQclear(res);
	return 0;
}

/* ---- pipelined batches ------------------------------------------------- */

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (unsigned char)c >= 0x80;
}

/* Statements that must not share a pipeline (its implicit transaction
 * semantics after a COMMIT, or a protocol of their own). */
static const char *const solo_keywords[] = {
	"abort", "begin", "checkpoint", "commit", "copy", "end", "prepare",
	"release", "rollback", "savepoint", "start", "vacuum",
};

/*
 * Whether a statement text is exactly one command that the extended
 * protocol runs like the simple one: a small PostgreSQL lexer over
 * quotes, dollar quotes and comments.  Anything it is unsure of
 * (unterminated quotes, several commands, no command) says no, and the
 * statement then runs alone through PQexec.
 */
bool driver_pg_single_command(const char *s, size_t n)
{
	/* The bytes that can start a comment, quote or terminator: once the
	 * first word is read, everything else is skipped in a tight loop
	 * (W5's 10,000 statements: 16 M -> 3 M instructions). */
	static const bool special[256] = {
		['-'] = true, ['/'] = true, [';'] = true, ['\''] = true, ['"'] = true, ['$'] = true,
	};
	char kw[16];
	size_t kwlen = 0, i = 0;
	bool content = false, kw_done = false, after_semi = false;

	while (i < n) {
		if (kw_done && content && !after_semi) {
			while (i < n && !special[(unsigned char)s[i]])
				i++;
			if (i >= n)
				break;
		}
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			kw_done |= content;
			i++;
			continue;
		}
		if (c == '-' && i + 1 < n && s[i + 1] == '-') {
			while (i < n && s[i] != '\n')
				i++;
			kw_done |= content;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			int depth = 0;
			do {
				if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (i + 1 < n && s[i] == '*' && s[i + 1] == '/') {
					depth--;
					i += 2;
				} else {
					i++;
				}
			} while (depth > 0 && i < n);
			if (depth > 0)
				return false;
			kw_done |= content;
			continue;
		}
		if (after_semi)
			return false;
		if (c == ';') {
			if (!content)
				return false;
			after_semi = true;
			i++;
			continue;
		}
		if (!kw_done) {
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				if (kwlen < sizeof(kw) - 1)
					kw[kwlen++] = (char)(c | 0x20);
			} else {
				kw_done = true;
			}
		}
		content = true;
		if (c == '\'') {
			bool esc = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
				   (i < 2 || !ident_char(s[i - 2]));
			i++;
			for (;;) {
				if (i >= n)
					return false;
				if (esc && s[i] == '\\') {
					i += 2;
					continue;
				}
				if (s[i] == '\'') {
					if (i + 1 < n && s[i + 1] == '\'') {
						i += 2;
						continue;
					}
					i++;
					break;
				}
				i++;
			}
			continue;
		}
		if (c == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return false;
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						i += 2;
						continue;
					}
					i++;
					break;
				}
				i++;
			}
			continue;
		}
		if (c == '$' && !(i > 0 && ident_char(s[i - 1]))) {
			size_t t = i + 1;
			if (t < n && ((s[t] >= '0' && s[t] <= '9'))) {
				i++;
				continue;
			}
			while (t < n && ident_char(s[t]) && s[t] != '$')
				t++;
			if (t < n && s[t] == '$') {
				size_t tl = t - i + 1; /* "$tag$" */
				const char *tag = s + i;
				size_t k = t + 1;
				for (;;) {
					if (k + tl > n)
						return false;
					if (s[k] == '$' && !memcmp(s + k, tag, tl))
						break;
					k++;
				}
				i = k + tl;
				continue;
			}
			i++;
			continue;
		}
		i++;
	}
	if (!content)
		return false;
	kw[kwlen] = '\0';
	for (size_t k = 0; k < ARRAY_LEN(solo_keywords); k++)
		if (!strcmp(kw, solo_keywords[k]))
			return false;
	return true;
}

/*
 * What may ride in a statement pipeline besides the statements: the
 * transaction's BEGIN in front, and behind them a file's last revision
 * write with COMMIT (exec_batch_commit).  After a failed statement the
 * server skips the rest up to the Sync, so neither runs.
 */
struct pipe_extra {
	bool begin;
	struct upsert *tail; /* NULL: no write and no COMMIT */
	/* tail's outcome when every statement succeeded: 0, or
	 * DRIVER_WRITE_FAILED / -1 (COMMIT) with the error in *tail_err */
	int tail_rc;
	const char *tail_err;
};

/* Sends query q of the pipeline (BEGIN, the statements, the tail). */
static bool pipe_send(struct pg_driver *pg, const struct str *st, size_t n,
		      const struct pipe_extra *x, size_t q)
{
	PGconn *c = pg->conn;
	size_t first = x->begin ? 1 : 0;

	if (x->begin && q == 0)
		return PQsendQueryParams(c, "BEGIN", 0, NULL, NULL, NULL, NULL, 0);
	if (q - first < n) {
		const struct str *t = &st[q - first];
		strbuf_reset(&pg->scratch);
		strbuf_add(&pg->scratch, t->p, t->len);
		return PQsendQueryParams(c, pg->scratch.buf, 0, NULL, NULL, NULL, NULL, 0);
	}
	if (q - first == n)
		return PQsendQueryParams(c, pg->upsert_sql, 12, NULL, x->tail->v, NULL, NULL, 0);
	return PQsendQueryParams(c, "COMMIT", 0, NULL, NULL, NULL, NULL, 0);
}

/*
 * Runs st[0..n) (and x's extras) in one pipeline with a single Sync at the
 * end, in non-blocking mode so that neither side can fill its socket
 * buffer while the other waits.  *nok and the return value are those of
 * exec_batch; a failed BEGIN is charged to the first statement.
 */
static int run_pipeline(struct pg_driver *pg, const struct str *st, size_t n, size_t *nok,
			const char **errmsg, struct pipe_extra *x)
{
	PGconn *c = pg->conn;
	size_t first = x->begin ? 1 : 0;
	size_t total = first + n + (x->tail ? 2 : 0);
	size_t sent = 0, got = 0;
	long failed = -1;    /* statement index */
	long tail_bad = -1;  /* 0: the write failed, 1: COMMIT failed */
	bool synced = false, done = false, broken = false;
	int fl = 0;

	x->tail_rc = 0;
	x->tail_err = NULL;
	if (!PQenterPipelineMode(c) || PQsetnonblocking(c, 1) != 0) {
		*nok = 0;
		*errmsg = result_error(pg->base.arena, c, NULL, NULL, 0);
		return -1;
	}
	if (x->begin)
		pg->pending_begin = false;
	while (!done && !broken) {
		/* Queue a burst (libpq sends once its buffer passes 64 kB),
		 * bounded so that unsent text never piles up in memory. */
		size_t burst = 0, bytes = 0;
		while (fl == 0 && !synced && sent < total && failed < 0 && burst < 512 &&
		       bytes < 256 * 1024) {
			if (!pipe_send(pg, st, n, x, sent)) {
				broken = true;
				break;
			}
			if (sent >= first && sent - first < n)
				bytes += st[sent - first].len;
			sent++;
			burst++;
		}
		if (broken)
			break;
		if (!synced && (sent == total || failed >= 0)) {
			if (!PQpipelineSync(c)) {
				broken = true;
				break;
			}
			synced = true;
		}
		fl = PQflush(c);
		if (fl < 0 || !PQconsumeInput(c)) {
			broken = true;
			break;
		}
		while (!done && !PQisBusy(c) && (got < sent || synced)) {
			PGresult *res = PQgetResult(c);

			if (!res) {
				/* The end of one query's results; a NULL with no
				 * query outstanding means "wait for more". */
				if (got >= sent)
					break;
				got++;
				continue;
			}
			switch (PQresultStatus(res)) {
			case PGRES_PIPELINE_SYNC:
				done = true;
				break;
			case PGRES_FATAL_ERROR:
			case PGRES_BAD_RESPONSE:
			case PGRES_NONFATAL_ERROR:
				if (got >= sent || failed >= 0 || tail_bad >= 0)
					break;
				if (got < first) {
					failed = 0;
					*errmsg = result_error(pg->base.arena, c, res, NULL, 0);
				} else if (got - first < n) {
					failed = (long)(got - first);
					*errmsg = result_error(pg->base.arena, c, res, st[failed].p,
							       st[failed].len);
				} else {
					tail_bad = (long)(got - first - n);
					x->tail_err = result_error(pg->base.arena, c, res, NULL, 0);
				}
				break;
			default:
				break;
			}
			PQclear(res);
		}
		if (done)
			break;
		/* Wait while the socket is full, or for results once all is sent. */
		if (fl == 1 || synced) {
			struct pollfd p = { .fd = PQsocket(c), .events = POLLIN };

			if (fl == 1)
				p.events |= POLLOUT;
			if (poll(&p, 1, -1) < 0 && errno != EINTR)
				broken = true;
			if (fl == 1)
				fl = PQflush(c);
			if (fl < 0)
				broken = true;
		}
	}
	if (broken) {
		/* The first query without an answer takes the blame. */
		const char *why = result_error(pg->base.arena, c, NULL, NULL, 0);
		if (failed < 0 && tail_bad < 0) {
			if (got < first + n) {
				failed = got < first ? 0 : (long)(got - first);
				*errmsg = why;
			} else {
				tail_bad = (long)(got - first - n);
				x->tail_err = why;
			}
		}
	} else {
		PGresult *res;
		while ((res = PQgetResult(c)))
			PQclear(res);
	}
	/* Leave pipeline mode on every path.  After a dropped connection
	 * libpq still holds the unanswered queries and refuses to exit, and
	 * every later call (the rollback, the revision write) would then fail
	 * with libpq's complaint about synchronous calls in pipeline mode
	 * instead of the lost connection: drain what it holds first. */
	for (size_t left = sent + 2; !PQexitPipelineMode(c) && left > 0; left--) {
		PGresult *res = PQgetResult(c);
		if (res)
			PQclear(res);
		else if (PQstatus(c) == CONNECTION_BAD && PQpipelineStatus(c) != PQ_PIPELINE_OFF &&
			 PQgetResult(c) == NULL)
			break;
	}
	(void)PQsetnonblocking(c, 0);
	*nok = failed >= 0 ? (size_t)failed : n;
	if (failed >= 0)
		return -1;
	if (x->tail) {
		if (tail_bad == 0) {
			x->tail_rc = DRIVER_WRITE_FAILED;
		} else {
			/* COMMIT ran (or its answer was lost with the connection):
			 * the transaction is over either way. */
			pg->in_tx = false;
			x->tail_rc = tail_bad == 1 ? -1 : 0;
		}
	}
	return 0;
}

/*
 * exec_batch with an optional tail (exec_batch_commit).  Runs of two or
 * more single-command statements go through run_pipeline, BEGIN riding
 * with the first one; anything else goes alone through pg_exec.  The tail
 * rides with the last run when the batch ends with one; else it is sent
 * after the statements (pg_rev_write_commit).
 */
static int batch_run(struct pg_driver *pg, const struct str *stmts, size_t n, size_t *nok,
		     const char **errmsg, struct upsert *tail, int *tail_rc, const char **tail_err)
{
	*nok = 0;
	*tail_rc = 1; /* not sent yet */
	if ((*errmsg = main_conn_err(pg)))
		return -1;
	bool pipe = pg->in_tx && (pg->pending_begin ||
				  PQtransactionStatus(pg->conn) == PQTRANS_INTRANS);
	size_t i = 0;

	pg->clean_stale = true;
	pg->plan_ok = false;
	while (i < n) {
		size_t j = i;

		while (pipe && j < n && driver_pg_single_command(stmts[j].p, stmts[j].len))
			j++;
		bool last = j == n;
		if (j - i >= 2 || (pipe && last && tail && j - i == 1)) {
			struct pipe_extra x = { .begin = pg->pending_begin,
						.tail = last ? tail : NULL };
			size_t k;

			pg->cancel.armed = 1;
			int rc = run_pipeline(pg, stmts + i, j - i, &k, errmsg, &x);
			pg->cancel.armed = 0;
			if (rc) {
				*nok = i + k;
				return -1;
			}
			if (x.tail) {
				*tail_rc = x.tail_rc;
				*tail_err = x.tail_err;
			}
			i = j;
			continue;
		}
		if (pg_exec(&pg->base, stmts[i].p, stmts[i].len, errmsg)) {
			*nok = i;
			return -1;
		}
		i++;
	}
	*nok = n;
	return 0;
}

static int pg_exec_batch(struct driver *drv, const struct str *stmts, size_t n, size_t *nok,
			 const char **errmsg)
{
	int tail_rc;
	const char *tail_err;

	return batch_run(PG(drv), stmts, n, nok, errmsg, NULL, &tail_rc, &tail_err);
}

static int pg_rev_write_commit(struct driver *drv, const struct revision *r, struct diags *d);

/*
 * W6 in bench/README.md: a one-statement file in one round trip (BEGIN,
 * the statement, the revision upsert, COMMIT) instead of two.
 */
static int pg_exec_batch_commit(struct driver *drv, const struct str *stmts, size_t n,
				size_t *nok, const char **errmsg, const struct revision *r,
				int *tail, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	struct upsert u;
	int tail_rc;
	const char *tail_err = NULL;

	*tail = 0;
	if (!pg->in_tx || strcmp(r->version, REVISION_CLOUD_IDENTIFIER) == 0) {
		if (batch_run(pg, stmts, n, nok, errmsg, NULL, &tail_rc, &tail_err) < 0)
			return -1;
		*tail = pg_rev_write_commit(drv, r, d);
		return 0;
	}
	upsert_build(pg, &u, r);
	if (batch_run(pg, stmts, n, nok, errmsg, &u, &tail_rc, &tail_err) < 0)
		return -1;
	if (tail_rc == 1) {
		/* The batch did not end in a pipeline: write and commit now. */
		*tail = pg_rev_write_commit(drv, r, d);
		return 0;
	}
	if (tail_rc != 0)
		diag_errorf(d, NULL, "%s", tail_err ? tail_err : "unknown error");
	*tail = tail_rc;
	return 0;
}

static int pg_lock_check(struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);

	if (!pg->locked || !pg->lock_conn)
		return 0;
	/* Twice: a terminated backend sends its FATAL message and then closes
	 * the socket; one read can consume the message alone (the connection
	 * still looks fine), the next one sees the end of the stream. */
	for (int k = 0; k < 2; k++)
		if (!PQconsumeInput(pg->lock_conn) || PQstatus(pg->lock_conn) != CONNECTION_OK)
			return diag_errorf(d, NULL, "lost the database lock: %s",
					   conn_error(drv->arena, pg->lock_conn));
	return 0;
}

static int simple_on(struct pg_driver *pg, PGconn *c, const char *sql, struct diags *d)
{
	PGresult *res = pg_run(pg, c, sql, 0, NULL, true);

	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		diag_errorf(d, NULL, "%s", result_error(pg->base.arena, c, res, NULL, 0));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

static int simple(struct pg_driver *pg, const char *sql, struct diags *d)
{
	if (main_conn(pg, d) < 0)
		return -1;
	return simple_on(pg, pg->conn, sql, d);
}

/*
 * The revision table's DDL: on conn once it is ready, else on the lock
 * connection, a prefetched clean check's result kept first (W1 in
 * bench/README.md: a first deploy creates the table while conn's backend
 * starts; conn has run nothing, so no transaction of it is bypassed).
 */
static int rev_ddl(struct pg_driver *pg, const char *sql, struct diags *d)
{
	if (pg->conn_ready || !pg->lock_conn)
		return simple(pg, sql, d);
	if (pg->clean_sent) {
		pg->clean_res = clean_collect(pg);
		pg->clean_kept = true;
	}
	return simple_on(pg, pg->lock_conn, sql, d);
}

static int pg_prepare_exec(struct driver *drv, struct diags *d)
{
	return main_conn(PG(drv), d);
}

static int pg_begin(struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);

	if (pg->in_tx)
		return diag_errorf(d, NULL, "unexpected active transaction");
	if (main_conn(pg, d) < 0)
		return -1;
	pg->pending_begin = true;
	pg->in_tx = true;
	return 0;
}

static int pg_commit(struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);

	if (!pg->in_tx)
		return diag_errorf(d, NULL,
				   "sql: transaction has already been committed or rolled back");
	pg->in_tx = false;
	if (pg->pending_begin) {
		/* Nothing ran in it: there is nothing to commit. */
		pg->pending_begin = false;
		return 0;
	}
	if (PQtransactionStatus(pg->conn) == PQTRANS_INERROR) {
		struct diags scratch;

		diags_init(&scratch, drv->arena);
		(void)simple(pg, "ROLLBACK", &scratch);
		return diag_errorf(d, NULL, "pq: Could not complete operation in a failed transaction");
	}
	return simple(pg, "COMMIT", d);
}

static int pg_rollback(struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);

	if (!pg->in_tx)
		return diag_errorf(d, NULL,
				   "sql: transaction has already been committed or rolled back");
	pg->in_tx = false;
	if (pg->pending_begin) {
		pg->pending_begin = false;
		return 0;
	}
	return simple(pg, "ROLLBACK", d);
}

static bool pg_in_transaction(const struct driver *drv)
{
	return PG(drv)->in_tx;
}

/* ---- revision table ------------------------------------------------------ */

static char *quote_ident(struct pg_driver *pg, const char *name)
{
	/* either connection: both were opened with client_encoding UTF8 */
	char *q = PQescapeIdentifier(pg->lock_conn ? pg->lock_conn : pg->conn, name, strlen(name));
	char *r = arena_strdup(pg->base.arena, q ? q : "\"\"");

	PQfreemem(q);
	return r;
}

static int pg_rev_locate(struct driver *drv, const char *schema_flag, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	const char *s = schema_flag && schema_flag[0] ? schema_flag
		      : drv->url->schema[0]	  ? drv->url->schema
						  : REVISION_TABLE;

	pg->rev_flag = schema_flag && schema_flag[0];
	drv->rev_schema = arena_strdup(drv->arena, s);
	pg->rev_table = arena_printf(drv->arena, "%s.\"" REVISION_TABLE "\"", quote_ident(pg, s));
	pg->upsert_sql = NULL;
	clean_prefetch(pg);
	return 0;
}

static int pg_rev_check_ambiguous(struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	const char *conn_schema = drv->url->schema;

	if (!conn_schema[0] || pg->rev_flag || strcmp(conn_schema, REVISION_TABLE) == 0)
		return 0;
	const char *vals[1] = { conn_schema };
	PGconn *c = read_conn(pg, d);
	if (!c)
		return -1;
	PGresult *res = pg_query(
		pg, c,
		"SELECT n.nspname FROM pg_catalog.pg_class c "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"WHERE c.relname = 'atlas_schema_revisions' AND c.relkind IN ('r', 'p') "
		"AND n.nspname IN ($1, 'atlas_schema_revisions')",
		1, vals, d);
	if (!res)
		return -1;
	bool in_conn = false, in_default = false;
	for (int i = 0; i < PQntuples(res); i++) {
		const char *n = PQgetvalue(res, i, 0);
		if (!strcmp(n, conn_schema))
			in_conn = true;
		else
			in_default = true;
	}
	PQclear(res);
	return !in_conn && in_default ? DRIVER_AMBIGUOUS : 0;
}

struct rev_column {
	const char *name;
	const char *def;
};

static const struct rev_column rev_columns[] = {
	{ "version", "character varying NOT NULL" },
	{ "description", "character varying NOT NULL" },
	{ "type", "bigint NOT NULL DEFAULT 2" },
	{ "applied", "bigint NOT NULL DEFAULT 0" },
	{ "total", "bigint NOT NULL DEFAULT 0" },
	{ "executed_at", "timestamptz NOT NULL" },
	{ "execution_time", "bigint NOT NULL" },
	{ "error", "text NULL" },
	{ "error_stmt", "text NULL" },
	{ "hash", "character varying NOT NULL" },
	{ "partial_hashes", "jsonb NULL" },
	{ "operator_version", "character varying NOT NULL" },
};

static int pg_rev_ensure(struct driver *drv, bool create, bool *exists, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	char *schema = quote_ident(pg, drv->rev_schema);
	const char *vals[2] = { drv->rev_schema, pg->rev_table };
	/* First two name lookups: in a fresh backend they cost ~0.1 ms where
	 * the catalogue join below costs ~2 ms of planning, and a first
	 * deploy finds no table.  A server without these functions gets
	 * the join alone. */
	bool has_schema = false, maybe_table = true;
	struct diags pd;
	diags_init(&pd, drv->arena);
	const char *pv[2] = { schema, pg->rev_table };
	PGresult *res = NULL;
	PGconn *c = NULL;
	if (pg->probe_ok && pg->locked) {
		/* answered under the lock with it (lock_pipelined) */
		has_schema = pg->probe_schema;
		maybe_table = pg->probe_table;
	} else {
		if (!(c = read_conn(pg, d)))
			return -1;
		res = pg_query(pg, c, PROBE_SQL, 2, pv, &pd);
		if (res && PQntuples(res) == 1) {
			has_schema = PQgetvalue(res, 0, 0)[0] == 't';
			maybe_table = PQgetvalue(res, 0, 1)[0] == 't';
		}
		PQclear(res);
	}
	pg->probe_ok = false;

	bool has_table = false, all_cols = false;
	const char *cols = "";
	bool cached = pg->cols_ok && pg->locked && maybe_table && has_schema;
	pg->cols_ok = false;
	if (!cached && maybe_table && !c && !(c = read_conn(pg, d)))
		return -1;
	if (cached) {
		/* read with the lock (lock_pipelined) */
		has_table = pg->cols != NULL;
		all_cols = pg->cols_all;
		if (has_table)
			cols = pg->cols;
	} else if (maybe_table && has_schema) {
		/* The columns, by oid: single-table lookups plan in a little
		 * over half the join's time in a fresh backend (W4). */
		res = pg_query(pg, c, COLS_SQL, 1, pv + 1, d);
		if (!res)
			return -1;
		const char *got = cols_of(drv->arena, res);
		PQclear(res);
		has_table = got != NULL;
		if (has_table)
			cols = got;
	} else if (maybe_table) {
		/* the probe failed (a server without to_regclass): the join */
		res = pg_query(
			pg, c,
			"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1), "
			"(SELECT ','::text || string_agg(a.attname::text, ',') || ',' "
			"FROM pg_catalog.pg_attribute a "
			"JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
			"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
			"WHERE n.nspname = $1 AND c.relname = 'atlas_schema_revisions' "
			"AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped)",
			1, vals, d);
		if (!res)
			return -1;
		has_schema = PQgetvalue(res, 0, 0)[0] == 't';
		has_table = !PQgetisnull(res, 0, 1);
		cols = arena_strdup(drv->arena, PQgetvalue(res, 0, 1));
		PQclear(res);
	}

	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	if (!has_table) {
		*exists = false;
		if (!create)
			goto out;
		/* Schema and table in one simple query: one round trip and
		 * one commit (a simple query's statements share an implicit
		 * transaction, so a failure leaves neither). */
		if (!has_schema)
			strbuf_addf(&sb, "CREATE SCHEMA %s; ", schema);
		strbuf_addf(&sb, "CREATE TABLE %s (", pg->rev_table);
		for (size_t i = 0; i < ARRAY_LEN(rev_columns); i++)
			strbuf_addf(&sb, "\"%s\" %s, ", rev_columns[i].name, rev_columns[i].def);
		strbuf_addstr(&sb, "PRIMARY KEY (\"version\"))");
		if ((rc = rev_ddl(pg, sb.buf, d)))
			goto out;
		*exists = true;
		pg->rev_exists = true;
		pg->rev_empty = pg->locked;
		goto out;
	}
	*exists = true;
	pg->rev_exists = true;
	for (size_t i = 0; i < ARRAY_LEN(rev_columns); i++) {
		char *needle = arena_printf(drv->arena, ",%s,", rev_columns[i].name);

		if (all_cols || strstr(cols, needle))
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "ALTER TABLE %s ADD COLUMN \"%s\" %s", pg->rev_table,
			    rev_columns[i].name, rev_columns[i].def);
		if ((rc = rev_ddl(pg, sb.buf, d)))
			goto out;
	}
out:
	strbuf_release(&sb);
	return rc;
}

static int64_t to_i64(const char *s)
{
	return strtoll(s, NULL, 10);
}

static int scan_revision(struct revision *r, struct arena *a, PGresult *res, int row,
			 struct diags *d)
{
	memset(r, 0, sizeof(*r));
	r->version = arena_strdup(a, PQgetvalue(res, row, 0));
	r->description = arena_strdup(a, PQgetvalue(res, row, 1));
	r->type = to_i64(PQgetvalue(res, row, 2));
	r->applied = to_i64(PQgetvalue(res, row, 3));
	r->total = to_i64(PQgetvalue(res, row, 4));
	if (driver_time_parse(&r->executed_at, PQgetvalue(res, row, 5)))
		return diag_errorf(d, NULL, "sql/migrate: scanning revision %s: invalid executed_at %s",
				   r->version, PQgetvalue(res, row, 5));
	r->execution_time = to_i64(PQgetvalue(res, row, 6));
	r->error = arena_strdup(a, PQgetvalue(res, row, 7));
	r->error_stmt = arena_strdup(a, PQgetvalue(res, row, 8));
	r->hash = arena_strdup(a, PQgetvalue(res, row, 9));
	if (!PQgetisnull(res, row, 10) &&
	    driver_partial_parse(r, a, PQgetvalue(res, row, 10),
				 (size_t)PQgetlength(res, row, 10)))
		return diag_errorf(d, NULL,
				   "sql/migrate: scanning revision %s: invalid partial_hashes",
				   r->version);
	r->operator_version = arena_strdup(a, PQgetvalue(res, row, 11));
	return 0;
}

static int pg_rev_read_all(struct revision **out, size_t *n, struct arena *a,
			   struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	char *sql = arena_printf(a,
				 "SELECT " REV_COLUMNS " FROM %s WHERE \"version\" <> $1 "
				 "ORDER BY \"version\"",
				 pg->rev_table);
	const char *vals[1] = { REVISION_CLOUD_IDENTIFIER };
	if (pg->rev_empty && pg->locked) {
		*out = arena_alloc(a, sizeof(**out));
		*n = 0;
		return 0;
	}
	PGconn *c = read_conn(pg, d);
	if (!c)
		return -1;
	PGresult *res = pg_query(pg, c, sql, 1, vals, d);

	if (!res)
		return -1;
	int rows = PQntuples(res);
	struct revision *rv = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof(*rv));
	for (int i = 0; i < rows; i++) {
		if (scan_revision(&rv[i], a, res, i, d)) {
			PQclear(res);
			return -1;
		}
	}
	PQclear(res);
	*out = rv;
	*n = (size_t)rows;
	return 0;
}

static int64_t dec_i64(const char *s)
{
	int64_t v = 0;
	bool neg = *s == '-';

	for (s += neg; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

static int pg_rev_read_plan(struct revision **out, size_t *n, struct arena *a,
			    struct driver *drv, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	const char *vals[1] = { REVISION_CLOUD_IDENTIFIER };

	if (pg->rev_empty && pg->locked) {
		*out = arena_alloc(a, sizeof(**out));
		*n = 0;
		return 0;
	}
	if (pg->plan_ok && pg->locked) {
		/* read with the lock (lock_pipelined), nothing written since */
		pg->plan_ok = false;
		*out = pg->plan;
		*n = pg->nplan;
		return 0;
	}
	PGconn *c = read_conn(pg, d);
	if (!c)
		return -1;
	PGresult *res = pg_query(pg, c, arena_printf(a, PLAN_SQL, pg->rev_table), 1, vals, d);
	if (!res)
		return -1;
	plan_rows(out, n, a, res);
	PQclear(res);
	return 0;
}

static int pg_rev_read(struct revision *out, struct arena *a, struct driver *drv,
		       const char *version, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	if (pg->rev_empty && pg->locked)
		return DRIVER_NOT_FOUND;
	/* a file is about to run: its session starts while this reads */
	conn_begin(pg);
	char *sql = arena_printf(a, "SELECT " REV_COLUMNS " FROM %s WHERE \"version\" = $1",
				 pg->rev_table);
	const char *vals[1] = { version };
	PGconn *c = read_conn(pg, d);
	if (!c)
		return -1;
	PGresult *res = pg_query(pg, c, sql, 1, vals, d);
	int rc;

	if (!res)
		return -1;
	if (PQntuples(res) == 0 || strcmp(version, REVISION_CLOUD_IDENTIFIER) == 0)
		rc = DRIVER_NOT_FOUND;
	else
		rc = scan_revision(out, a, res, 0, d);
	PQclear(res);
	return rc;
}

/* The upsert of r: SQL in pg->upsert_sql (built once per table: its
 * formatting cost more than the rest of a W6 file), its 12 values in v
 * (pointing into r, u and pg->scratch2). */

static void upsert_build(struct pg_driver *pg, struct upsert *u, const struct revision *r)
{
	struct strbuf *vals = &pg->scratch2;

	if (!pg->upsert_sql)
		pg->upsert_sql = arena_printf(
			pg->base.arena,
			"INSERT INTO %s (" REV_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
			"$10, $11, $12) ON CONFLICT (\"version\") DO UPDATE SET "
			"\"type\" = \"excluded\".\"type\", \"applied\" = \"excluded\".\"applied\", "
			"\"total\" = \"excluded\".\"total\", "
			"\"execution_time\" = \"excluded\".\"execution_time\", "
			"\"error\" = \"excluded\".\"error\", "
			"\"error_stmt\" = \"excluded\".\"error_stmt\", \"hash\" = \"excluded\".\"hash\", "
			"\"partial_hashes\" = \"excluded\".\"partial_hashes\", "
			"\"operator_version\" = \"excluded\".\"operator_version\"",
			pg->rev_table);
	snprintf(u->type, sizeof(u->type), "%lld", (long long)r->type);
	snprintf(u->applied, sizeof(u->applied), "%lld", (long long)r->applied);
	snprintf(u->total, sizeof(u->total), "%lld", (long long)r->total);
	snprintf(u->etime, sizeof(u->etime), "%lld", (long long)r->execution_time);

	/* executed_at and partial_hashes side by side in one scratch buffer. */
	strbuf_reset(vals);
	driver_time_format(vals, r->executed_at);
	size_t at_len = vals->len;
	strbuf_addch(vals, '\0');
	driver_partial_json(vals, r);

	const char *v[12] = {
		r->version, r->description, u->type, u->applied, u->total, vals->buf, u->etime,
		r->error ? r->error : "", r->error_stmt ? r->error_stmt : "",
		r->hash ? r->hash : "", vals->buf + at_len + 1,
		r->operator_version ? r->operator_version : "",
	};
	memcpy(u->v, v, sizeof(v));
	pg->rev_empty = false;
	pg->clean_stale = true;
	pg->plan_ok = false;
}

static int pg_rev_write(struct driver *drv, const struct revision *r, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	struct upsert u;

	if (strcmp(r->version, REVISION_CLOUD_IDENTIFIER) == 0)
		return 0;
	if (main_conn(pg, d) < 0)
		return -1;
	upsert_build(pg, &u, r);
	PGresult *res = pg_run(pg, pg->conn, pg->upsert_sql, 12, u.v, false);
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		diag_errorf(d, NULL, "%s", result_error(drv->arena, pg->conn, res, NULL, 0));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

/*
 * The upsert and COMMIT in one pipeline (one round trip instead of two:
 * W6 in bench/README.md).  After a failed upsert the server skips the
 * COMMIT up to the Sync, so the transaction is still open, failed, for
 * the caller's rollback.
 */
static int pg_rev_write_commit(struct driver *drv, const struct revision *r, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	struct upsert u;

	if (main_conn(pg, d) < 0)
		return DRIVER_WRITE_FAILED;
	PGconn *c = pg->conn;
	if (!pg->in_tx || pg->pending_begin || PQtransactionStatus(c) != PQTRANS_INTRANS ||
	    strcmp(r->version, REVISION_CLOUD_IDENTIFIER) == 0) {
		if (pg_rev_write(drv, r, d) < 0)
			return DRIVER_WRITE_FAILED;
		return pg_commit(drv, d);
	}
	upsert_build(pg, &u, r);
	PGresult *rw = NULL, *rc = NULL;
	if (PQenterPipelineMode(c)) {
		if (PQsendQueryParams(c, pg->upsert_sql, 12, NULL, u.v, NULL, NULL, 0) &&
		    PQsendQueryParams(c, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) &&
		    PQpipelineSync(c))
			pipe_two(c, &rw, &rc);
		/* Drains what a dropped connection left (as run_pipeline). */
		for (int left = 4; !PQexitPipelineMode(c) && left > 0; left--) {
			PGresult *res = PQgetResult(c);
			if (res)
				PQclear(res);
			else if (PQstatus(c) == CONNECTION_BAD)
				break;
		}
	}
	int ret = 0;
	if (!rw || PQresultStatus(rw) != PGRES_COMMAND_OK) {
		diag_errorf(d, NULL, "%s", result_error(drv->arena, c, rw, NULL, 0));
		ret = DRIVER_WRITE_FAILED;
	} else if (!rc || PQresultStatus(rc) != PGRES_COMMAND_OK) {
		pg->in_tx = false;
		diag_errorf(d, NULL, "%s", result_error(drv->arena, c, rc, NULL, 0));
		ret = -1;
	} else {
		pg->in_tx = false;
	}
	PQclear(rw);
	PQclear(rc);
	return ret;
}

static int pg_rev_delete(struct driver *drv, const char *version, struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	const char *vals[1] = { version };

	if (strcmp(version, REVISION_CLOUD_IDENTIFIER) == 0)
		return 0;
	if (main_conn(pg, d) < 0)
		return -1;
	pg->clean_stale = true;
	pg->plan_ok = false;
	strbuf_reset(&pg->scratch);
	strbuf_addf(&pg->scratch, "DELETE FROM %s WHERE \"version\" = $1", pg->rev_table);
	PGresult *res = pg_query(pg, pg->conn, pg->scratch.buf, 1, vals, d);
	if (!res)
		return -1;
	PQclear(res);
	return 0;
}

/* Base tables of a schema as Atlas lists them (information_schema.tables:
 * only tables the role can see), partitions and extension members
 * excluded. */
#define TABLE_FILTER                                                                    \
	"c.relkind IN ('r', 'p') AND NOT c.relispartition AND NOT EXISTS ("           \
	"SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = "                 \
	"'pg_catalog.pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e') " \
	"AND (pg_catalog.pg_has_role(c.relowner, 'USAGE') OR "                         \
	"pg_catalog.has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, "     \
	"TRUNCATE, REFERENCES, TRIGGER') OR pg_catalog.has_any_column_privilege("     \
	"c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))"

/* The tables of schema $1 (the connected one), by name; with `exclude`
 * also leaving out the revision table of schema $2. */
#define CLEAN_SCHEMA_SQL                                                                   \
	"SELECT c.relname FROM pg_catalog.pg_class c "                                    \
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "                       \
	"WHERE n.nspname = $1 AND " TABLE_FILTER

/* Every user schema with its table count and first table name. */
#define CLEAN_ALL_SQL(exclude)                                                             \
	"SELECT n.nspname, count(c.oid), min(c.relname COLLATE \"C\") "                    \
	"FROM pg_catalog.pg_namespace n "                                                \
	"LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND " TABLE_FILTER " " \
	exclude                                                                           \
	"WHERE n.nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast', "       \
	"'crdb_internal', 'pg_extension') AND n.nspname NOT LIKE 'pg_%temp_%' "           \
	"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = "     \
	"'pg_catalog.pg_namespace'::regclass AND dep.objid = n.oid AND dep.deptype = 'e') " \
	"GROUP BY n.nspname ORDER BY n.nspname COLLATE \"C\""

/*
 * Sends the clean check (§4.5.1) ahead on the lock connection, idle once
 * the lock is taken, as soon as the revision schema is known: while the
 * statement connection inspects and creates the revision table, the two
 * catalogue-bound queries of a first deploy run on two backends at once
 * (W1 in bench/README.md).  The query leaves the revision table out, so
 * that it reads the same whether or not its snapshot sees the table being
 * created; pg_is_clean puts it back once rev_ensure says it exists.  When
 * revisions exist the result is never used: unlock drains it.
 */
/* The prefetched clean check's query and its one parameter; false when
 * it cannot be prefetched (the usual query runs then). */
static bool clean_query(struct pg_driver *pg, const char **sql, const char **val)
{
	const char *s = pg->base.url->schema;
	const char *rev = pg->base.rev_schema;

	if (!pg->lock_conn || pg->crdb || pg->clean_sent || pg->clean_kept || !rev)
		return false;
	if (s[0]) {
		if (strcmp(s, rev) != 0)
			return false; /* nothing to leave out: the usual query */
		*sql = CLEAN_SCHEMA_SQL " AND c.relname <> 'atlas_schema_revisions'"
					" ORDER BY c.relname COLLATE \"C\"";
		*val = s;
	} else {
		*sql = CLEAN_ALL_SQL("AND NOT (n.nspname = $1 AND c.relname = "
				     "'atlas_schema_revisions') ");
		*val = rev;
	}
	return true;
}

static void clean_prefetch(struct pg_driver *pg)
{
	const char *sql, *val;

	if (!pg->locked || !clean_query(pg, &sql, &val))
		return;
	if (PQsendQueryParams(pg->lock_conn, sql, 1, NULL, &val, NULL, NULL, 0)) {
		pg->clean_sent = true;
		pg->clean_stale = false;
	}
}

/* The prefetched result (NULL when it failed), its connection drained. */
static PGresult *clean_collect(struct pg_driver *pg)
{
	PGresult *got = NULL, *r;
	PGconn *c = pg->lock_conn;

	if (pg->clean_kept) {
		got = pg->clean_res;
		pg->clean_res = NULL;
		pg->clean_kept = false;
		return got;
	}
	pg->clean_sent = false;
	if (PQpipelineStatus(c) != PQ_PIPELINE_OFF) {
		/* Sent by lock_pipelined: its result, NULL, then the Sync. */
		got = pipe_next(c);
		bool synced = got && PQresultStatus(got) == PGRES_PIPELINE_SYNC;
		if (got && PQresultStatus(got) != PGRES_TUPLES_OK) {
			PQclear(got);
			got = NULL;
		}
		if (!synced)
			pipe_to_sync(c, 4);
		if (!PQexitPipelineMode(c)) {
			PQclear(got);
			return NULL;
		}
		return got;
	}
	while ((r = PQgetResult(c))) {
		if (!got && PQresultStatus(r) == PGRES_TUPLES_OK)
			got = r;
		else
			PQclear(r);
	}
	return got;
}

static const char *min_c(const char *a, const char *b)
{
	return strcmp(a, b) <= 0 ? a : b;
}

/*
 * The connected schema's verdict from its table list (`with_rev`: the
 * list leaves out the revision table this session created there).  1
 * when the schema has no table at all: the caller checks it exists.
 */
static int clean_schema_eval(const char **reason, struct arena *a, PGresult *res,
			     const char *s, const char *rev, bool with_rev)
{
	int rows = PQntuples(res);

	if (with_rev) {
		if (rows > 0)
			*reason = arena_printf(a, "found table \"%s\" in schema \"%s\"",
					       min_c(PQgetvalue(res, 0, 0), REVISION_TABLE), s);
		return 0;
	}
	if (rows == 0)
		return 1;
	if (!(rows == 1 && !strcmp(PQgetvalue(res, 0, 0), REVISION_TABLE) &&
	      (!rev[0] || !strcmp(rev, s))))
		*reason = arena_printf(a, "found table \"%s\" in schema \"%s\"",
				       PQgetvalue(res, 0, 0), s);
	return 0;
}

/* The database's verdict from the per-schema rows (`with_rev`: their
 * counts leave out the revision table this session created). */
static void clean_all_eval(const char **reason, struct arena *a, PGresult *res, const char *rev,
			   bool with_rev)
{
	for (int i = 0; i < PQntuples(res) && !*reason; i++) {
		const char *name = PQgetvalue(res, i, 0);
		long nt = strtol(PQgetvalue(res, i, 1), NULL, 10);
		const char *first = PQgetvalue(res, i, 2);

		if (with_rev && !strcmp(name, rev)) {
			first = nt ? min_c(first, REVISION_TABLE) : REVISION_TABLE;
			nt++;
		}
		if (!strcmp(name, "public") && nt == 0)
			continue;
		if (nt == 0 || strcmp(name, rev) != 0)
			*reason = arena_printf(a, "found schema \"%s\"", name);
		else if (nt > 1)
			*reason = arena_printf(a, "found %ld tables in schema \"%s\"", nt, name);
		else if (strcmp(first, REVISION_TABLE) != 0)
			*reason = arena_printf(a, "found table \"%s\" in schema \"%s\"", first, name);
	}
}

static int pg_is_clean(const char **reason, struct arena *a, struct driver *drv,
		       struct diags *d)
{
	struct pg_driver *pg = PG(drv);
	const char *s = drv->url->schema;
	const char *rev = drv->rev_schema ? drv->rev_schema : "";
	PGresult *res = NULL;

	*reason = NULL;
	if (pg->clean_sent || pg->clean_kept) {
		bool usable = !pg->clean_stale && pg->rev_exists;
		res = clean_collect(pg);
		if (res && usable) {
			if (s[0])
				(void)clean_schema_eval(reason, a, res, s, rev, true);
			else
				clean_all_eval(reason, a, res, rev, true);
			PQclear(res);
			return 0;
		}
		PQclear(res);
	}
	PGconn *c = read_conn(pg, d);
	if (!c)
		return -1;
	if (s[0]) {
		const char *vals[1] = { s };
		res = pg_query(pg, c, CLEAN_SCHEMA_SQL " ORDER BY c.relname COLLATE \"C\"", 1,
			       vals, d);
		if (!res)
			return -1;
		int empty = clean_schema_eval(reason, a, res, s, rev, false);
		PQclear(res);
		if (!empty)
			return 0;
		/* Atlas inspects the schema first: a missing one is an error,
		 * not a clean database. */
		res = pg_query(pg, c,
			       "SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = $1 "
			       "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE "
			       "dep.classid = 'pg_catalog.pg_namespace'::regclass AND "
			       "dep.objid = n.oid AND dep.deptype = 'e')",
			       1, vals, d);
		if (!res)
			return -1;
		bool found = PQntuples(res) > 0;
		PQclear(res);
		if (!found) {
			struct strbuf q = STRBUF_INIT;
			util_go_quote(&q, s, strlen(s));
			diag_errorf(d, NULL, "postgres: schema %s was not found", q.buf);
			strbuf_release(&q);
			return -1;
		}
		return 0;
	}
	res = pg_query(pg, c, CLEAN_ALL_SQL(""), 0, NULL, d);
	if (!res)
		return -1;
	clean_all_eval(reason, a, res, rev, false);
	PQclear(res);
	return 0;
}

const struct driver_ops driver_postgres_ops = {
	.name = "postgres",
	.prestart = pg_prestart,
	.open_prestarted = pg_open_prestarted,
	.prestart_cancel = pg_prestart_cancel,
	.prestart_eager = pg_prestart_eager,
	.open = pg_open,
	.close = pg_close,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.exec = pg_exec,
	.exec_batch = pg_exec_batch,
	.exec_batch_commit = pg_exec_batch_commit,
	.lock_check = pg_lock_check,
	.begin = pg_begin,
	.prepare_exec = pg_prepare_exec,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.rev_locate = pg_rev_locate,
	.rev_check_ambiguous = pg_rev_check_ambiguous,
	.rev_ensure = pg_rev_ensure,
	.rev_read_all = pg_rev_read_all,
	.rev_read = pg_rev_read,
	.rev_write = pg_rev_write,
	.rev_read_plan = pg_rev_read_plan,
	.rev_write_commit = pg_rev_write_commit,
	.rev_delete = pg_rev_delete,
	.is_clean = pg_is_clean,
};
