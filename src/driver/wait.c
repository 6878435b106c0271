/*
 * wait: opening a database that may not be ready yet, and interrupting a
 * running statement (atlas-c additions for Fly.io release commands, issue 7).
 *
 * driver_open_wait() retries driver_open() while the failure is transient
 * (connection refused, a host name that does not resolve yet, PostgreSQL
 * 57P03 "starting up" and 53300 "too many connections"), with a jittered
 * exponential backoff, until a deadline; it gives up at once on anything
 * else (28P01 wrong password, 3D000 missing database, bad URLs, SQLite
 * errors).  libpq exposes no SQLSTATE for a failed connection, so the
 * classification reads the connection error text (libpq's and the
 * server's English wording, errno strings); an unrecognised text counts
 * as permanent, so a surprise never turns into a long silent wait.  Each
 * retry is announced through a callback: printing is the cli's business.
 *
 * The interrupt half is the async-signal-safe part of the SIGINT/SIGTERM
 * story: the process's handler (main.c) calls driver_interrupt_signal(),
 * which counts the signal and fires the cancel handle that the running
 * command registered (PQcancel / sqlite3_interrupt, armed by the back end
 * only while a migration statement runs).  Rolling back, releasing the
 * lock and reporting are left to the executor and the cli.
 */
#include "driver/driver.h"

#include <errno.h>

#include "driver/internal.h"
#include <time.h>

/* ---- classifying a failed connection ----------------------------------- */

/*
 * Permanent failures come first: libpq tries every address of a host in
 * turn and concatenates the errors, so "refused on ::1, wrong password on
 * 127.0.0.1" must count as a wrong password.
 */
static const char *const permanent[] = {
	"password authentication failed", /* 28P01 */
	"no password supplied",           /* PQconnectionNeedsPassword */
	"authentication failed",          /* 28000 and friends */
	"does not exist",                 /* 3D000 database, 28000 role */
	"(28P01)",
	"(28000)",
	"(3D000)",
	"no pg_hba.conf entry",
};

static const char *const transient[] = {
	/* sockets (errno texts) */
	"connection refused",
	"no such file or directory", /* a Unix socket not created yet */
	"network is unreachable",
	"no route to host",
	"connection timed out",
	"timeout expired", /* libpq connect_timeout */
	"connection reset by peer",
	"server closed the connection unexpectedly",
	/* name resolution (getaddrinfo texts) */
	"could not translate host name",
	"temporary failure in name resolution",
	"name or service not known",
	"no address associated with hostname",
	/* 57P03 cannot_connect_now */
	"the database system is starting up",
	"the database system is not yet accepting connections",
	"the database system is not accepting connections",
	"the database system is in recovery mode",
	"the database system is shutting down",
	"(57P03)",
	/* 53300 too_many_connections */
	"sorry, too many clients already",
	"too many connections for",
	"remaining connection slots are reserved",
	"(53300)",
};

bool driver_wait_transient(enum driver_kind kind, const char *msg)
{
	if (kind != DRIVER_POSTGRES || !msg)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(permanent); i++)
		if (strcasestr(msg, permanent[i]))
			return false;
	for (size_t i = 0; i < ARRAY_LEN(transient); i++)
		if (strcasestr(msg, transient[i]))
			return true;
	return false;
}

/* ---- waiting ----------------------------------------------------------- */

/*
 * Defence in depth: driver diagnostics never hold the password, but a
 * server or libpq message could echo part of a DSN.  Replaces every
 * occurrence of the password (when it is long enough not to hit ordinary
 * words by accident) with xxxxx.
 */
static char *scrub(struct arena *a, const struct db_url *u, const char *s)
{
	if (!u->has_password || strlen(u->password) < 3 || !strstr(s, u->password))
		return arena_strdup(a, s);
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(u->password);
	for (const char *p; (p = strstr(s, u->password)); s = p + n) {
		strbuf_add(&sb, s, (size_t)(p - s));
		strbuf_addstr(&sb, "xxxxx");
	}
	strbuf_addstr(&sb, s);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

/* The attempt's error on one line: libpq's hints follow "\n\t". */
static char *one_line(struct arena *a, const char *s)
{
	char *r = arena_strdup(a, s);
	size_t w = 0;
	bool space = false;
	for (size_t i = 0; r[i]; i++) {
		char c = r[i];
		if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
			space = w > 0;
			continue;
		}
		if (space)
			r[w++] = ' ';
		space = false;
		r[w++] = c;
	}
	r[w] = '\0';
	return r;
}

/* Copies the errors of src into dst with the password scrubbed; prefix
 * (or NULL) goes before the first summary. */
static int copy_diags(struct diags *dst, const struct diags *src, const struct db_url *u,
		      const char *prefix)
{
	struct arena *a = dst->arena;
	bool first = true;
	for (const struct diag *dg = src->head; dg; dg = dg->next) {
		char *summary = scrub(a, u, dg->summary ? dg->summary : "");
		if (first && prefix)
			summary = arena_printf(a, "%s%s", prefix, summary);
		first = false;
		if (dg->severity == DIAG_WARNING)
			diag_warnf(dst, &dg->span, "%s", summary);
		else if (dg->detail && *dg->detail)
			diag_error_detail(dst, &dg->span, summary, "%s", scrub(a, u, dg->detail));
		else
			diag_errorf(dst, &dg->span, "%s", summary);
	}
	return -1;
}

/* Sleeps ns, in slices so that a signal stops the wait promptly even when
 * SA_RESTART resumes nanosleep.  Returns false when interrupted. */
static bool nap(int64_t ns, volatile sig_atomic_t *interrupted)
{
	int64_t end = util_now_mono_ns() + ns;
	for (;;) {
		if (interrupted && *interrupted)
			return false;
		int64_t left = end - util_now_mono_ns();
		if (left <= 0)
			return true;
		if (left > 100000000)
			left = 100000000;
		struct timespec ts = { .tv_sec = left / 1000000000, .tv_nsec = left % 1000000000 };
		if (nanosleep(&ts, NULL) != 0 && errno != EINTR)
			return true;
	}
}

/*
 * A connection attempt must not outlive the deadline: a black-holed
 * address (a machine still booting, a firewall dropping SYNs) would
 * otherwise hang in connect() for the kernel's two minutes.  Unless the
 * user chose a connect_timeout (URL or PGCONNECT_TIMEOUT), each attempt of
 * a PostgreSQL wait gets one: the time left, between libpq's 2s minimum
 * and 10s, so that a slow attempt is retried rather than trusted.  The
 * copy lives in the arena as long as the driver that points at it.
 */
static const struct db_url *with_attempt_timeout(struct arena *a, const struct db_url *u,
						 int64_t left_ns)
{
	if (u->kind != DRIVER_POSTGRES || getenv("PGCONNECT_TIMEOUT") ||
	    driver_query_get(a, u->raw_query, "connect_timeout"))
		return u;
	int64_t s = (left_ns + 999999999) / 1000000000;
	if (s < 2)
		s = 2;
	if (s > 10)
		s = 10;
	struct db_url *c = arena_memdup(a, u, sizeof(*u));
	c->raw_query = arena_printf(a, "%s%sconnect_timeout=%lld", u->raw_query,
				    u->raw_query[0] ? "&" : "", (long long)s);
	return c;
}

#define WAIT_FIRST_DELAY_NS 250000000LL /* 250ms, doubling ... */
#define WAIT_MAX_DELAY_NS 2000000000LL  /* ... up to 2s */

int driver_open_wait(struct driver **out, struct arena *a, const struct db_url *u,
		     unsigned flags, const struct driver_wait *w, struct diags *d)
{
	int64_t timeout = w ? w->timeout_ns : 0;
	int64_t deadline = util_now_mono_ns() + (timeout > 0 ? timeout : 0);
	int64_t delay = WAIT_FIRST_DELAY_NS;
	/* A little jitter (no global state: a per-call xorshift). */
	uint64_t rnd = (uint64_t)util_now_wall_ns() | 1;
	/* A prestart finishes the first attempt, when its settings are
	 * those of the attempt (no per-attempt connect_timeout). */
	struct driver_prestart *pre = w ? w->pre : NULL;
	if (pre && (timeout > 0 || pre->flags != flags)) {
		driver_prestart_cancel(pre);
		pre = NULL;
	}

	for (;;) {
		struct diags attempt;
		diags_init(&attempt, a);
		const struct db_url *au = u;
		if (timeout > 0)
			au = with_attempt_timeout(a, u, deadline - util_now_mono_ns());
		int orc;
		if (pre) {
			orc = pre->ops->open_prestarted(out, a, au, pre, &attempt);
			pre = NULL;
		} else {
			orc = driver_open(out, a, au, flags, &attempt);
		}
		if (orc == 0) {
			/* Warnings of the successful attempt still count. */
			for (const struct diag *dg = attempt.head; dg; dg = dg->next)
				if (dg->severity == DIAG_WARNING)
					diag_warnf(d, &dg->span, "%s", scrub(a, u, dg->summary));
			return 0;
		}
		*out = NULL;
		const char *msg = attempt.head ? diag_format(a, attempt.head) : "";
		int64_t left = deadline - util_now_mono_ns();
		if (timeout <= 0 || !driver_wait_transient(u->kind, msg))
			return copy_diags(d, &attempt, u, NULL);
		if (left <= 0)
			return copy_diags(d, &attempt, u, "gave up waiting for the database: ");
		if (w->interrupted && *w->interrupted)
			return copy_diags(d, &attempt, u, "interrupted while waiting for the database: ");

		rnd ^= rnd << 13;
		rnd ^= rnd >> 7;
		rnd ^= rnd << 17;
		int64_t sleep = delay + (int64_t)(rnd % (uint64_t)(delay / 4 + 1));
		if (sleep > left)
			sleep = left;
		if (w->on_retry) {
			/* The retry line names the cause, not open's context. */
			const char *cause = msg;
			static const char open_ctx[] = "postgres: scanning system variables: ";
			if (!strncmp(cause, open_ctx, sizeof(open_ctx) - 1))
				cause += sizeof(open_ctx) - 1;
			w->on_retry(w->arg, one_line(a, scrub(a, u, cause)), sleep, left);
		}
		if (!nap(sleep, w->interrupted))
			return copy_diags(d, &attempt, u, "interrupted while waiting for the database: ");
		delay *= 2;
		if (delay > WAIT_MAX_DELAY_NS)
			delay = WAIT_MAX_DELAY_NS;
	}
}

/* ---- interrupting ------------------------------------------------------ */

void driver_interrupt_signal(struct driver_interrupt *in)
{
	in->signals++;
	struct driver_cancel *c = atomic_load(&in->cancel);
	if (c && c->armed && c->fire)
		c->fire(c);
}
