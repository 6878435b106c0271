/*
 * driver: declarations shared by the files of src/driver only (url.c,
 * postgres.c, sqlite.c).  Results are arena-owned as in driver.h.
 */
#ifndef ATLAS_DRIVER_INTERNAL_H
#define ATLAS_DRIVER_INTERNAL_H

#include "driver/driver.h"

extern const struct driver_ops driver_postgres_ops;
extern const struct driver_ops driver_sqlite_ops;

/* Go URL.String() (with the password: only for building DSNs). */
char *driver_url_string(struct arena *a, const struct db_url *u);
/* url.Values.Get(key) on a raw query: decoded value, "" for a key
 * without '=', NULL when absent. */
const char *driver_query_get(struct arena *a, const char *raw_query, const char *key);
/* Calls fn for every well-formed key=value pair of a raw query in order
 * (decoded); stops and returns -1 when fn does. */
int driver_query_each(struct arena *a, const char *raw_query,
		      int (*fn)(void *ctx, const char *key, const char *val), void *ctx);

/* Formats t as `2006-01-02 15:04:05.999999999-07:00` (Go layout). */
void driver_time_format(struct strbuf *sb, struct driver_time t);
/* Parses the executed_at variants of migrate.md §5.4 (space or T, optional
 * fraction, Z / ±hh[:mm[:ss]] / none = UTC).  Returns 0 or -1. */
int driver_time_parse(struct driver_time *out, const char *s);

/* JSON array of strings ("h1:…") from a partial_hashes value; NULL or
 * "null" = none.  Returns -1 on malformed JSON. */
int driver_partial_parse(struct revision *r, struct arena *a, const char *json, size_t len);
/* The partial_hashes JSON of r (`null` or `["h1:…",…]`) into sb. */
void driver_partial_json(struct strbuf *sb, const struct revision *r);

/* SQLite: the lock file's path for a lock name, as upstream names it
 * ($TMPDIR or /tmp, `NAME[_adler32hex].lock`).  Arena-owned. */
char *driver_sqlite_lock_path(struct arena *a, const struct db_url *u, const char *name);

/* PG: whether a statement text is exactly one command that may share a
 * pipeline (not transaction control, COPY, VACUUM, ...).  Conservative:
 * false when unsure. */
bool driver_pg_single_command(const char *s, size_t n);

/* PG: whether every host of a libpq host or hostaddr list (comma-separated;
 * NULL or "" = libpq's default, the Unix socket) is on this machine: a
 * socket directory ('/', '@'), localhost, 127.x or ::1.  Its backends then
 * share our CPUs (DRIVER_OPEN_LAZY). */
bool driver_pg_hosts_local(const char *hosts);

#endif
