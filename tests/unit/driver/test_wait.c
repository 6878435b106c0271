/*
 * wait.c: the transient/permanent classification of connection errors as the
 * PostgreSQL back end words them, and driver_open_wait against addresses
 * that cannot answer (a closed port, a listener that never completes the
 * handshake, a SQLite file in a missing folder).
 */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "driver/driver.h"

static struct arena *a;
static struct diags d;
static void setup(void)
{
	a = arena_new();
	diags_init(&d, a);
}
static void teardown(void) { arena_free(a); }
TestSuite(wait, .init = setup, .fini = teardown);

/* The texts below are what postgres.c's open reports (libpq's first line,
 * or `pq: <FATAL message> (SQLSTATE)`). */
Test(wait, transient_failures)
{
	static const char *const yes[] = {
		"postgres: scanning system variables: connection to server at \"127.0.0.1\", port 5999 failed: Connection refused",
		"postgres: scanning system variables: could not translate host name \"db.internal\" to address: Name or service not known",
		"postgres: scanning system variables: could not translate host name \"db\" to address: Temporary failure in name resolution",
		"postgres: scanning system variables: pq: the database system is starting up",
		"postgres: scanning system variables: pq: the database system is not yet accepting connections",
		"postgres: scanning system variables: pq: sorry, too many clients already (53300)",
		"postgres: scanning system variables: pq: too many connections for role \"app\"",
		"postgres: scanning system variables: pq: remaining connection slots are reserved for roles with the SUPERUSER attribute (53300)",
		"postgres: scanning system variables: connection to server on socket \"/run/pg/.s.PGSQL.5432\" failed: No such file or directory",
		"postgres: scanning system variables: connection to server at \"10.0.0.9\", port 5432 failed: No route to host",
	};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		cr_assert(driver_wait_transient(DRIVER_POSTGRES, yes[i]), "%s", yes[i]);
}

Test(wait, permanent_failures)
{
	static const char *const no[] = {
		"postgres: scanning system variables: pq: password authentication failed for user \"pwuser\" (28P01)",
		"postgres: scanning system variables: pq: database \"nope\" does not exist (3D000)",
		"postgres: scanning system variables: pq: role \"ghost\" does not exist (28000)",
		"postgres: scanning system variables: fe_sendauth: no password supplied",
		"postgres: scanning system variables: pq: no pg_hba.conf entry for host \"10.1.1.1\", user \"u\", database \"d\", no encryption (28000)",
		"postgres: unsupported postgres version: 90600",
		"sql/sqlclient: parse open url: invalid port \":x\" after host",
		"something nobody has seen before",
		"",
		/* refused on ::1, then a wrong password on 127.0.0.1 */
		"connection refused ... pq: password authentication failed for user \"a\" (28P01)",
	};
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		cr_assert(!driver_wait_transient(DRIVER_POSTGRES, no[i]), "%s", no[i]);
	cr_assert(!driver_wait_transient(DRIVER_SQLITE, "connection refused"));
	cr_assert(!driver_wait_transient(DRIVER_POSTGRES, NULL));
}

/* A TCP port on 127.0.0.1 that nobody listens on: bind, read the port,
 * close. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(fd >= 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	socklen_t len = sizeof(sa);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

struct retries {
	int n;
	int64_t total_delay;
	bool password_seen;
	bool multiline;
};

static void on_retry(void *arg, const char *cause, int64_t delay_ns, int64_t left_ns)
{
	struct retries *r = arg;
	r->n++;
	r->total_delay += delay_ns;
	cr_assert(delay_ns > 0 && delay_ns <= left_ns, "delay %lld left %lld", (long long)delay_ns,
		  (long long)left_ns);
	cr_assert(strstr(cause, "Connection refused"), "cause: %s", cause);
	if (strstr(cause, "s3cret-pw"))
		r->password_seen = true;
	if (strchr(cause, '\n'))
		r->multiline = true;
}

static struct db_url url_for(const char *raw)
{
	struct db_url u;
	cr_assert_eq(driver_url_parse(&u, a, raw, &d), 0);
	return u;
}

Test(wait, refused_until_the_deadline)
{
	struct db_url u = url_for(arena_printf(
		a, "postgres://app:s3cret-pw@127.0.0.1:%d/app?sslmode=disable", closed_port()));
	struct retries r = { 0 };
	struct driver_wait w = { .timeout_ns = 1200000000LL, .on_retry = on_retry, .arg = &r };
	struct driver *drv = (struct driver *)1;
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(driver_open_wait(&drv, a, &u, 0, &w, &d), -1);
	int64_t took = util_now_mono_ns() - t0;
	cr_assert_null(drv);
	/* 250ms, 500ms, then the rest of the 1.2s: three retries. */
	cr_assert(r.n >= 2 && r.n <= 4, "%d retries", r.n);
	cr_assert(took >= 1200000000LL && took < 3000000000LL, "took %lld ns", (long long)took);
	cr_assert(!r.password_seen && !r.multiline);
	cr_assert_eq(d.errors, 1);
	cr_assert(!strncmp(d.head->summary, "gave up waiting for the database: postgres: ", 44),
		  "%s", d.head->summary);
	cr_assert_null(strstr(d.head->summary, "s3cret-pw"));
}

/* A listener whose accept queue is full drops further SYNs: connect()
 * hangs as it would towards a black-holed address. */
Test(wait, an_attempt_never_outlives_the_deadline)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	socklen_t len = sizeof(sa);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	cr_assert_eq(listen(fd, 0), 0);
	int filler = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_eq(connect(filler, (struct sockaddr *)&sa, sizeof(sa)), 0);

	struct db_url u = url_for(arena_printf(a, "postgres://app:s3cret-pw@127.0.0.1:%d/app?sslmode=disable",
					       ntohs(sa.sin_port)));
	struct driver_wait w = { .timeout_ns = 3000000000LL };
	struct driver *drv;
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(driver_open_wait(&drv, a, &u, 0, &w, &d), -1);
	int64_t took = util_now_mono_ns() - t0;
	cr_assert(took >= 2500000000LL && took < 6000000000LL, "took %lld ns", (long long)took);
	cr_assert_str_eq(d.head->summary,
			 "gave up waiting for the database: postgres: scanning system variables: timeout expired");
	close(filler);
	close(fd);
}

Test(wait, no_wait_is_one_attempt)
{
	struct db_url u = url_for(arena_printf(a, "postgres://127.0.0.1:%d/app?sslmode=disable",
					       closed_port()));
	struct retries r = { 0 };
	struct driver_wait w = { .timeout_ns = 0, .on_retry = on_retry, .arg = &r };
	struct driver *drv;
	cr_assert_eq(driver_open_wait(&drv, a, &u, 0, &w, &d), -1);
	cr_assert_eq(r.n, 0);
	cr_assert(!strncmp(d.head->summary, "postgres: scanning system variables: ", 37), "%s",
		  d.head->summary);
}

Test(wait, interrupt_stops_the_wait)
{
	struct db_url u = url_for(arena_printf(a, "postgres://127.0.0.1:%d/app?sslmode=disable",
					       closed_port()));
	volatile sig_atomic_t stop = 1;
	struct driver_wait w = { .timeout_ns = 30000000000LL, .interrupted = &stop };
	struct driver *drv;
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(driver_open_wait(&drv, a, &u, 0, &w, &d), -1);
	cr_assert(util_now_mono_ns() - t0 < 1000000000LL);
	cr_assert(strstr(d.head->summary, "interrupted while waiting for the database: "), "%s",
		  d.head->summary);
}

Test(wait, sqlite_is_never_retried)
{
	struct db_url u = url_for("sqlite:///nonexistent-dir-atlas-c/x/app.db");
	struct retries r = { 0 };
	struct driver_wait w = { .timeout_ns = 30000000000LL, .on_retry = on_retry, .arg = &r };
	struct driver *drv;
	int64_t t0 = util_now_mono_ns();
	cr_assert_eq(driver_open_wait(&drv, a, &u, 0, &w, &d), -1);
	cr_assert(util_now_mono_ns() - t0 < 1000000000LL);
	cr_assert_eq(r.n, 0);
}

struct fake_cancel {
	struct driver_cancel c;
	int fired;
};

static void fake_fire(struct driver_cancel *c)
{
	((struct fake_cancel *)c)->fired++;
}

Test(wait, signal_fires_only_an_armed_cancel)
{
	struct driver_interrupt in = { 0 };
	struct fake_cancel fc = { .c = { .fire = fake_fire } };
	driver_interrupt_signal(&in);
	cr_assert_eq(in.signals, 1);
	atomic_store(&in.cancel, &fc.c);
	driver_interrupt_signal(&in);
	cr_assert_eq(fc.fired, 0);
	fc.c.armed = 1;
	driver_interrupt_signal(&in);
	cr_assert_eq(fc.fired, 1);
	cr_assert_eq(in.signals, 3);
}
