/* Database URL parsing (Go net/url rules and upstream's errors), Go's
 * redaction, the JSON URL object, lock naming, and the value encodings of
 * the revision table. */
#include <criterion/criterion.h>
#include <time.h>

#include "driver/internal.h"

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }
TestSuite(driver_url, .init = setup, .fini = teardown);
TestSuite(driver_enc, .init = setup, .fini = teardown);

static struct db_url parse_ok(const char *raw)
{
	struct diags d;
	struct db_url u;

	diags_init(&d, a);
	int rc = driver_url_parse(&u, a, raw, &d);
	cr_assert_eq(rc, 0, "%s: %s", raw, d.head ? d.head->summary : "?");
	return u;
}

static const char *parse_err(const char *raw)
{
	struct diags d;
	struct db_url u;

	diags_init(&d, a);
	cr_assert_eq(driver_url_parse(&u, a, raw, &d), -1, "%s parsed", raw);
	cr_assert_not_null(d.head);
	return d.head->summary;
}

Test(driver_url, postgres_parts_and_redaction)
{
	struct db_url u = parse_ok("postgres://app:s3cret@db.internal:5432/app?sslmode=disable");

	cr_assert_eq(u.kind, DRIVER_POSTGRES);
	cr_assert_str_eq(u.driver, "postgres");
	cr_assert_str_eq(u.scheme, "postgres");
	cr_assert(u.has_user);
	cr_assert_str_eq(u.user, "app");
	cr_assert(u.has_password);
	cr_assert_str_eq(u.password, "s3cret");
	cr_assert_str_eq(u.host, "db.internal:5432");
	cr_assert_str_eq(u.path, "/app");
	cr_assert_str_eq(u.raw_query, "sslmode=disable");
	cr_assert_str_eq(u.schema, "");
	cr_assert_str_eq(driver_url_redacted(a, &u),
			 "postgres://app:xxxxx@db.internal:5432/app?sslmode=disable");
}

Test(driver_url, json_object_never_holds_credentials)
{
	struct db_url u = parse_ok("postgres://app:s3cret@db:5432/app?sslmode=disable");
	struct strbuf sb = STRBUF_INIT;

	driver_url_json(&sb, &u);
	cr_assert_str_eq(sb.buf,
			 "{\"Scheme\":\"postgres\",\"Opaque\":\"\",\"User\":{},\"Host\":\"db:5432\","
			 "\"Path\":\"/app\",\"RawPath\":\"\",\"OmitHost\":false,\"ForceQuery\":false,"
			 "\"RawQuery\":\"sslmode=disable\",\"Fragment\":\"\",\"RawFragment\":\"\","
			 "\"Schema\":\"\"}");
	cr_assert_null(strstr(sb.buf, "s3cret"));
	cr_assert_null(strstr(sb.buf, "app:"));
	strbuf_release(&sb);

	u = parse_ok("sqlite://file.db?_fk=1");
	driver_url_json(&sb, &u);
	cr_assert_str_eq(sb.buf,
			 "{\"Scheme\":\"sqlite\",\"Opaque\":\"\",\"User\":null,\"Host\":\"file.db\","
			 "\"Path\":\"\",\"RawPath\":\"\",\"OmitHost\":false,\"ForceQuery\":false,"
			 "\"RawQuery\":\"_fk=1\",\"Fragment\":\"\",\"RawFragment\":\"\","
			 "\"Schema\":\"main\"}");
	strbuf_release(&sb);
}

Test(driver_url, search_path_is_the_connected_schema)
{
	struct db_url u = parse_ok("postgresql://h/db?sslmode=disable&search_path=tenant_a");

	cr_assert_str_eq(u.scheme, "postgresql");
	cr_assert_str_eq(u.driver, "postgres");
	cr_assert_str_eq(u.schema, "tenant_a");
	u = parse_ok("postgres://h/db?search_path=a%20b");
	cr_assert_str_eq(u.schema, "a b");
	u = parse_ok("postgres://h/db?options=-c%20search_path%3Dx");
	cr_assert_str_eq(u.schema, "");
}

Test(driver_url, scheme_is_lower_cased)
{
	struct db_url u = parse_ok("POSTGRES://h/db");
	cr_assert_str_eq(u.scheme, "postgres");
	u = parse_ok("SQLite3://x.db");
	cr_assert_eq(u.kind, DRIVER_SQLITE);
}

Test(driver_url, password_with_at_and_colon)
{
	struct db_url u = parse_ok("postgres://u:p@:a@b@h/db");

	cr_assert_str_eq(u.user, "u");
	cr_assert_str_eq(u.password, "p@:a@b");
	cr_assert_str_eq(u.host, "h");
	cr_assert_str_eq(driver_url_redacted(a, &u), "postgres://u:xxxxx@h/db");
}

Test(driver_url, redaction_edge_cases)
{
	struct db_url u = parse_ok("postgres://app@h/db");
	cr_assert(!u.has_password);
	cr_assert_str_eq(driver_url_redacted(a, &u), "postgres://app@h/db");

	u = parse_ok("postgres://u:@h/db");
	cr_assert(u.has_password);
	cr_assert_str_eq(driver_url_redacted(a, &u), "postgres://u:xxxxx@h/db");

	u = parse_ok("postgres://u%40x:p%2Fq@h/a%20b?x=1#frag");
	cr_assert_str_eq(u.user, "u@x");
	cr_assert_str_eq(u.password, "p/q");
	cr_assert_str_eq(u.path, "/a b");
	cr_assert_str_eq(u.fragment, "frag");
	cr_assert_str_eq(driver_url_redacted(a, &u), "postgres://u%40x:xxxxx@h/a%20b?x=1#frag");
	cr_assert_str_eq(driver_url_string(a, &u), "postgres://u%40x:p%2Fq@h/a%20b?x=1#frag");
}

Test(driver_url, go_parse_errors)
{
	cr_assert_str_eq(parse_err("postgres://u:&pass?q@h/db"),
			 "sql/sqlclient: parse open url: invalid port \":&pass\" after host");
	cr_assert_str_eq(parse_err("postgres://u:p#ss@h/db"),
			 "sql/sqlclient: parse open url: invalid port \":p\" after host");
	cr_assert_str_eq(parse_err("postgres://u:p%zz@h/db"),
			 "sql/sqlclient: parse open url: invalid URL escape \"%zz\"");
	cr_assert_str_eq(parse_err("postgres://u:p%4@h/db"),
			 "sql/sqlclient: parse open url: invalid URL escape \"%4\"");
	cr_assert_str_eq(parse_err("postgres://us er:p@h/db"),
			 "sql/sqlclient: parse open url: net/url: invalid userinfo");
	cr_assert_str_eq(parse_err("postgres://h:port/db"),
			 "sql/sqlclient: parse open url: invalid port \":port\" after host");
	cr_assert_str_eq(parse_err("postgres://ho st/db"),
			 "sql/sqlclient: parse open url: invalid character \" \" in host name");
	cr_assert_str_eq(parse_err("postgres://h/d\tb"),
			 "sql/sqlclient: parse open url: net/url: invalid control character in URL");
	cr_assert_str_eq(parse_err(":foo"),
			 "sql/sqlclient: parse open url: missing protocol scheme");
	cr_assert_str_eq(parse_err("postgres://[::1/db"),
			 "sql/sqlclient: parse open url: missing ']' in host");
	cr_assert_str_eq(parse_err("a:b/c"), "sql/sqlclient: unknown driver \"a\". See: https://atlasgo.io/url");
}

Test(driver_url, errors_show_only_what_go_names)
{
	const char *e = parse_err("postgres://u:topsecret%zz@h/db");
	cr_assert_null(strstr(e, "topsecret"));
	/* Upstream quirk kept (spec project-file.md §5.2): an unescaped '?'
	 * in the password makes Go read its start as the port. */
	e = parse_err("postgres://u:topsecret?x@h/db");
	cr_assert_str_eq(e, "sql/sqlclient: parse open url: invalid port \":topsecret\" after host");
}

Test(driver_url, driver_selection)
{
	cr_assert_str_eq(parse_err("app.db"),
			 "sql/sqlclient: missing driver. See: https://atlasgo.io/url");
	cr_assert_str_eq(parse_err("/tmp/x.db"),
			 "sql/sqlclient: missing driver. See: https://atlasgo.io/url");
	cr_assert_str_eq(parse_err("mysql://u@h/db"),
			 "sql/sqlclient: unknown driver \"mysql\". See: https://atlasgo.io/url");
	cr_assert_str_eq(parse_err("localhost:5432/db"),
			 "sql/sqlclient: unknown driver \"localhost\". See: https://atlasgo.io/url");
	struct db_url u = parse_ok("sqlite:///data/app.db");
	cr_assert_eq(u.kind, DRIVER_SQLITE);
	cr_assert_str_eq(u.host, "");
	cr_assert_str_eq(u.path, "/data/app.db");
	cr_assert_str_eq(u.schema, "main");
	cr_assert_str_eq(driver_url_string(a, &u), "sqlite:///data/app.db");
}

Test(driver_url, ipv6_and_opaque)
{
	struct db_url u = parse_ok("postgres://[::1]:5432/db");
	cr_assert_str_eq(u.host, "[::1]:5432");
	u = parse_ok("postgres:opaque?x=1");
	cr_assert_str_eq(u.opaque, "opaque");
	cr_assert_str_eq(u.raw_query, "x=1");
	u = parse_ok("postgres://h/db?");
	cr_assert(u.force_query);
	cr_assert_str_eq(driver_url_string(a, &u), "postgres://h/db?");
}

Test(driver_url, raw_path_kept_when_encoding_differs)
{
	struct db_url u = parse_ok("sqlite://x/a%2Fb");
	cr_assert_str_eq(u.path, "/a/b");
	cr_assert_str_eq(u.raw_path, "/a%2Fb");
	cr_assert_str_eq(driver_url_string(a, &u), "sqlite://x/a%2Fb");
}

Test(driver_url, query_get)
{
	cr_assert_str_eq(driver_query_get(a, "a=1&b=x+y&b=2", "b"), "x y");
	cr_assert_str_eq(driver_query_get(a, "a&b=1", "a"), "");
	cr_assert_null(driver_query_get(a, "a=1", "z"));
	cr_assert_null(driver_query_get(a, "a=1;b=2", "b"));
}

Test(driver_url, lock_key_is_fnv1_of_the_name)
{
	cr_assert_eq(driver_lock_key("atlas_migrate_execute"), 2686470616u);
}

Test(driver_url, sqlite_lock_file_names)
{
	unsetenv("TMPDIR");
	struct db_url u = parse_ok("sqlite://file:/data/app.db?_fk=1");
	cr_assert_str_eq(driver_sqlite_lock_path(a, &u, DRIVER_LOCK_NAME),
			 "/tmp/atlas_migrate_execute_36cc0608.lock");
	u = parse_ok("sqlite://app.db");
	cr_assert_str_eq(driver_sqlite_lock_path(a, &u, DRIVER_LOCK_NAME),
			 "/tmp/atlas_migrate_execute.lock");
	setenv("TMPDIR", "/var/tmp/", 1);
	cr_assert_str_eq(driver_sqlite_lock_path(a, &u, DRIVER_LOCK_NAME),
			 "/var/tmp/atlas_migrate_execute.lock");
	unsetenv("TMPDIR");
}

Test(driver_enc, executed_at_go_layout)
{
	struct strbuf sb = STRBUF_INIT;
	/* 2025-03-01 12:00:07 UTC */
	int64_t base = 1740830407LL * 1000000000;

	driver_time_format(&sb, (struct driver_time){ base + 123456789, 0 });
	cr_assert_str_eq(sb.buf, "2025-03-01 12:00:07.123456789+00:00");
	strbuf_reset(&sb);
	driver_time_format(&sb, (struct driver_time){ base + 120000000, 3600 });
	cr_assert_str_eq(sb.buf, "2025-03-01 13:00:07.12+01:00");
	strbuf_reset(&sb);
	driver_time_format(&sb, (struct driver_time){ base, -(5 * 3600 + 30 * 60) });
	cr_assert_str_eq(sb.buf, "2025-03-01 06:30:07-05:30");
	strbuf_release(&sb);
}

/* The layout by an independent route (gmtime_r + snprintf), for
 * driver_time_format's digit-by-digit writer. */
static void time_reference(char *out, size_t cap, int64_t unix_ns, int off_s)
{
	int64_t sec = unix_ns / 1000000000, ns = unix_ns % 1000000000;
	if (ns < 0) {
		ns += 1000000000;
		sec--;
	}
	time_t local = (time_t)(sec + off_s);
	struct tm tm;
	cr_assert_not_null(gmtime_r(&local, &tm));
	int n = snprintf(out, cap, "%04lld-%02d-%02d %02d:%02d:%02d", (long long)tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (ns) {
		char frac[16];
		int k = snprintf(frac, sizeof(frac), "%09lld", (long long)ns);
		while (frac[k - 1] == '0')
			frac[--k] = '\0';
		n += snprintf(out + n, cap - (size_t)n, ".%s", frac);
	}
	int off = off_s < 0 ? -off_s : off_s;
	n += snprintf(out + n, cap - (size_t)n, "%c%02d:%02d", off_s < 0 ? '-' : '+', off / 3600,
		      off / 60 % 60);
	if (off % 60)
		snprintf(out + n, cap - (size_t)n, ":%02d", off % 60);
}

Test(driver_enc, executed_at_matches_reference)
{
	static const int64_t secs[] = {
		/* int64 nanoseconds span 1677-09-21 to 2262-04-11 */
		0, -1, 1, 86399, 86400, 951782400 /* 2000-02-29 */, 1740830407,
		-2208988800 /* 1900 */, 4102444800 /* 2100 */, 1709210096,
		9223372035 /* 2262 */, -9223372035 /* 1677 */,
	};
	static const int64_t nss[] = { 0, 1, 10, 120000000, 123456789, 999999999, 500, 100000000 };
	static const int offs[] = { 0, 3600, -3600, -(5 * 3600 + 30 * 60), 5 * 3600 + 45 * 60 + 7,
				    -(12 * 3600 + 59), 14 * 3600, 99 * 3600 + 59 * 60 + 59,
				    100 * 3600, -(123 * 3600 + 1) };
	struct strbuf sb = STRBUF_INIT;
	char want[96];

	for (size_t i = 0; i < sizeof(secs) / sizeof(secs[0]); i++)
		for (size_t j = 0; j < sizeof(nss) / sizeof(nss[0]); j++)
			for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
				int64_t t = secs[i] * 1000000000 + nss[j];
				strbuf_reset(&sb);
				driver_time_format(&sb, (struct driver_time){ t, offs[k] });
				time_reference(want, sizeof(want), t, offs[k]);
				cr_assert_str_eq(sb.buf, want, "t=%lld off=%d", (long long)t, offs[k]);
			}
	strbuf_release(&sb);
}

Test(driver_enc, executed_at_reader_variants)
{
	int64_t base = 1740830407LL * 1000000000;
	struct driver_time t;

	cr_assert_eq(driver_time_parse(&t, "2025-03-01 12:00:07.123456789+00:00"), 0);
	cr_assert_eq(t.unix_ns, base + 123456789);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01T12:00:07Z"), 0);
	cr_assert_eq(t.unix_ns, base);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01 12:00:07"), 0);
	cr_assert_eq(t.unix_ns, base);
	cr_assert_eq(t.off_s, 0);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01 13:00:07.5+01"), 0);
	cr_assert_eq(t.unix_ns, base + 500000000);
	cr_assert_eq(t.off_s, 3600);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01 17:30:07+05:30"), 0);
	cr_assert_eq(t.unix_ns, base);
	/* PostgreSQL's microseconds; digits past the ninth are dropped */
	cr_assert_eq(driver_time_parse(&t, "2025-03-01 12:00:07.000123+00"), 0);
	cr_assert_eq(t.unix_ns, base + 123000);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01 12:00:07,98765432199+00"), 0);
	cr_assert_eq(t.unix_ns, base + 987654321);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01 12:00:07.+00"), -1);
	cr_assert_eq(driver_time_parse(&t, "2025-03-01"), -1);
	cr_assert_eq(driver_time_parse(&t, "yesterday"), -1);
}

Test(driver_enc, partial_hashes_json)
{
	struct revision r;
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(driver_partial_parse(&r, a, "null", 4), 0);
	cr_assert(!r.has_partial_hashes);
	cr_assert_eq(driver_partial_parse(&r, a, NULL, 0), 0);
	cr_assert(!r.has_partial_hashes);
	const char *j = "[\"h1:BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=\", \"h1:x\\/y\"]";
	cr_assert_eq(driver_partial_parse(&r, a, j, strlen(j)), 0);
	cr_assert(r.has_partial_hashes);
	cr_assert_eq(r.npartial, 2);
	cr_assert_str_eq(r.partial_hashes[0], "h1:BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=");
	cr_assert_str_eq(r.partial_hashes[1], "h1:x/y");
	driver_partial_json(&sb, &r);
	cr_assert_str_eq(sb.buf,
			 "[\"h1:BKHiFSExRWk8fc+0Xzgb+yLV+N47A7tvnyEij64/xzk=\",\"h1:x/y\"]");
	strbuf_release(&sb);
	cr_assert_eq(driver_partial_parse(&r, a, "[1]", 3), -1);
	cr_assert_eq(driver_partial_parse(&r, a, "[\"a\"", 4), -1);
}

Test(driver_enc, json_string_like_go)
{
	struct strbuf sb = STRBUF_INIT;
	const char s[] = "a<b>&\"\\\n\x01\xff\xe2\x80\xa8é";

	util_json_string(&sb, s, sizeof(s) - 1);
	cr_assert_str_eq(sb.buf, "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\ufffd\\u2028é\"");
	strbuf_release(&sb);
}

static bool single(const char *s)
{
	return driver_pg_single_command(s, strlen(s));
}

Test(driver_enc, pg_single_command_lexer)
{
	cr_assert(single("CREATE TABLE t (id int);"));
	cr_assert(single("INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\\';y');\n-- done\n"));
	cr_assert(single("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"));
	cr_assert(single("CREATE FUNCTION f() RETURNS int AS $body$ SELECT '$$'; $body$ LANGUAGE sql"));
	cr_assert(single("SELECT \"a;b\" FROM t /* ; /* nested ; */ */;"));
	cr_assert(single("/* lead */ UPDATE t SET a = $1x"));
	cr_assert(!single("CREATE TABLE a (x int); CREATE TABLE b (x int);"));
	cr_assert(!single("SELECT 'unterminated"));
	cr_assert(!single("SELECT $f$ unterminated"));
	cr_assert(!single("-- only a comment\n"));
	cr_assert(!single(""));
	cr_assert(!single(";"));
	cr_assert(!single("BEGIN;"));
	cr_assert(!single("commit"));
	cr_assert(!single("  Savepoint s1;"));
	cr_assert(!single("COPY t FROM STDIN;"));
	cr_assert(!single("VACUUM t"));
	cr_assert(single("BEGINNING_TABLE_NOT_A_KEYWORD"));
	cr_assert(single("CREATE TABLE \"begin\" (id int)"));
}

/* DRIVER_OPEN_LAZY applies only to servers on this machine. */
Test(driver_enc, pg_hosts_local)
{
	static const char *const local[] = { NULL, "", "/var/run/postgresql", "@abstract",
					     "localhost", "127.0.0.1", "127.1.2.3", "::1",
					     "localhost,127.0.0.1", "/tmp,", "," };
	static const char *const remote[] = { "db.internal", "10.0.0.5", "::2", "localhost2",
					      "127", "1270.0.0.1", "localhost,db", "db,/tmp",
					      "::10", "my-app.flycast" };
	for (size_t i = 0; i < sizeof(local) / sizeof(*local); i++)
		cr_assert(driver_pg_hosts_local(local[i]), "%s", local[i] ? local[i] : "(null)");
	for (size_t i = 0; i < sizeof(remote) / sizeof(*remote); i++)
		cr_assert(!driver_pg_hosts_local(remote[i]), "%s", remote[i]);
}
