/*
 * The PostgreSQL harness itself: the server the tests get is real, the
 * superuser connects through trust, and the password role pwuser is
 * behind scram-sha-256 (right password works, wrong one is refused).
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>

#include "pgtest.h"

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }
TestSuite(harness, .init = setup, .fini = teardown);

Test(harness, superuser_query_on_fresh_database)
{
	char *url = pgtest_create_db(a, "harness");
	pgtest_query(a, url, "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2), (40)");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT sum(id), current_user FROM t"), "43|postgres\n");
	cr_assert_str_eq(pgtest_query(a, url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"),
			 "t\n");
}

Test(harness, pwuser_needs_its_password)
{
	char *url = pgtest_create_db(a, "harnesspw");
	const char *db = strrchr(url, '/') + 1;
	char *name = arena_strndup(a, db, strcspn(db, "?"));
	char *good = pgtest_pw_url(a, name, "pw-secret-42");
	cr_assert_str_eq(pgtest_query(a, good, "SELECT current_user"), "pwuser\n");
	cr_assert_str_eq(pgtest_query(a, pgtest_admin_url(),
				      "SELECT count(*) FROM pg_hba_file_rules WHERE 'pwuser' = ANY(user_name) AND auth_method = 'scram-sha-256'"),
			 "3\n");

	PGconn *c = PQconnectdb(pgtest_pw_url(a, name, "wrong"));
	cr_assert_eq(PQstatus(c), CONNECTION_BAD);
	cr_assert(strstr(PQerrorMessage(c), "password authentication failed for user \"pwuser\""),
		  "unexpected error: %s", PQerrorMessage(c));
	PQfinish(c);
}
