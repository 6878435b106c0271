/*
 * Helpers for integration tests against the harness's PostgreSQL
 * (tests/lib/pg-harness.sh exports ATLAS_TEST_PG_URL and friends).
 * pgtest_create_db() makes a fresh database per test and returns its URL
 * (arena-owned); pgtest_query() returns the rows of a query as text,
 * columns joined by '|', one line per row.  Both fail the running
 * Criterion test on error.
 */
#ifndef ATLAS_PGTEST_H
#define ATLAS_PGTEST_H

#include "util/util.h"

const char *pgtest_admin_url(void);
char *pgtest_create_db(struct arena *a, const char *prefix);
char *pgtest_query(struct arena *a, const char *url, const char *sql);
/* The URL of database db for the password-protected role pwuser. */
char *pgtest_pw_url(struct arena *a, const char *db, const char *password);
/* Runs the atlas binary under test with argv (NULL-terminated, without
 * argv[0]) in dir; captures stdout and stderr (arena-owned). */
int pgtest_run_atlas(struct arena *a, const char *dir, const char *const *args,
		     char **out, char **err);

#endif
