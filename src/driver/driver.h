/*
 * driver: database URLs and the database back ends (PostgreSQL through
 * libpq, SQLite through libsqlite3) behind one small ops table.
 *
 * Public contract of src/driver.  Everything the executor, `status` and
 * `set` need from a database goes through `struct driver`: open/close,
 * exec of one statement, transactions, the migration lock, the revision
 * table (spec migrate.md §5) and the clean check (§4.5.1).  No SQL dialect
 * knowledge lives above this folder (the statement splitter excepted).
 *
 * Ownership: results (URL parts, revisions, messages) live in the arena
 * passed in; a `struct driver` owns its foreign handles (PGconn, sqlite3*,
 * lock file) and releases them in driver_close().  Fallible functions
 * return 0, -1 with a diagnostic in the caller's `struct diags`, or a named
 * negative (DRIVER_NOT_FOUND, DRIVER_AMBIGUOUS) for expected outcomes.
 * Diagnostics never contain a password.
 */
#ifndef ATLAS_DRIVER_H
#define ATLAS_DRIVER_H

#include "util/util.h"

/* Named negative results (see each function). */
#define DRIVER_NOT_FOUND (-2)
#define DRIVER_AMBIGUOUS (-3)
#define DRIVER_WRITE_FAILED (-4)

/* ---- database URLs (project-file.md §5.2–5.4, migrate.md §6.6) -------- */

enum driver_kind {
	DRIVER_POSTGRES,
	DRIVER_SQLITE,
};

/*
 * A database URL parsed with Go net/url rules.  Field names follow Go's
 * url.URL so that the JSON URL object can be produced as is.  All strings
 * are arena-owned and never NULL ("" when absent).
 */
struct db_url {
	enum driver_kind kind;
	const char *driver;   /* "postgres" or "sqlite": the report's Driver */
	const char *scheme;   /* as written, lower-cased: "postgresql", "sqlite3" */
	const char *opaque;
	bool has_user;        /* the URL has user info (JSON "User":{}) */
	const char *user;     /* decoded user name */
	bool has_password;    /* a password was given (even an empty one) */
	const char *password; /* decoded; NEVER print, never put in a diag */
	const char *host;     /* Go URL.Host: "db:5432", "[::1]:5432", "file:" */
	const char *path;     /* decoded path: "/app" */
	const char *raw_path; /* Go RawPath: "" unless the encoding was unusual */
	bool omit_host;
	bool force_query;
	const char *raw_query; /* as written after '?', not decoded */
	const char *fragment;  /* decoded */
	const char *raw_fragment;
	/* Connected schema: PG search_path value ("" = realm mode), SQLite
	 * always "main". */
	const char *schema;
	const char *raw; /* the URL as given: holds the password, never print */
};

/*
 * Parses a database URL.  Errors (upstream's text, never containing the
 * URL): `sql/sqlclient: parse open url: <Go net/url reason>`,
 * `sql/sqlclient: missing driver. See: https://atlasgo.io/url`,
 * `sql/sqlclient: unknown driver "X". See: https://atlasgo.io/url`.
 */
int driver_url_parse(struct db_url *out, struct arena *a, const char *raw,
		     struct diags *d) WUR;

/* Go's URL.Redacted(): the password replaced by `xxxxx`
 * (`postgres://app:xxxxx@db:5432/app`); unchanged without password.
 * Arena-owned. */
char *driver_url_redacted(struct arena *a, const struct db_url *u);

/* Appends the JSON URL object of migrate.md §6.6 (Go encoding/json, keys
 * in Go's order, "User" is {} or null, "Schema" last) to sb. */
void driver_url_json(struct strbuf *sb, const struct db_url *u);

/* ---- revisions (migrate.md §5.3–5.5) ----------------------------------- */

enum revision_type {
	REVISION_TYPE_BASELINE = 1,
	REVISION_TYPE_EXECUTE = 2,
	REVISION_TYPE_RESOLVED = 4,
};

/* A point in time: Unix nanoseconds plus the UTC offset (seconds east) the
 * time is shown in.  Writers fill off_s with the local offset. */
struct driver_time {
	int64_t unix_ns;
	int32_t off_s;
};

/*
 * One row of atlas_schema_revisions.  Strings are never NULL (SQL NULL
 * error/error_stmt read as "").  partial_hashes: has_partial_hashes false
 * = none (JSON null, SQL NULL); otherwise npartial entries "h1:<base64>".
 */
struct revision {
	const char *version;
	const char *description;
	int64_t type; /* enum revision_type bits */
	int64_t applied;
	int64_t total;
	struct driver_time executed_at;
	int64_t execution_time; /* nanoseconds */
	const char *error;
	const char *error_stmt;
	const char *hash; /* 44 base64 chars without "h1:"; "" for baseline */
	bool has_partial_hashes;
	const char **partial_hashes;
	size_t npartial;
	const char *operator_version;
};

/* The version of the row written by Atlas Cloud; never read or written. */
#define REVISION_CLOUD_IDENTIFIER ".atlas_cloud_identifier"
#define REVISION_TABLE "atlas_schema_revisions"

/* Current time with the local UTC offset (for executed_at). */
struct driver_time driver_time_now(void);

/* ---- the ops table ----------------------------------------------------- */

struct driver;

/* What driver_open() should open besides the statement connection. */
enum driver_open_flags {
	DRIVER_OPEN_LOCK = 1, /* PG: a second, dedicated lock connection */
	/* PG with DRIVER_OPEN_LOCK, on a server on this machine: the
	 * statement connection is begun only once something needs it (a
	 * first deploy, a file to run, a write); until then reads go to the
	 * lock connection.  For callers whose own work would compete with a
	 * backend's start for the CPUs (apply over a large directory). */
	DRIVER_OPEN_LAZY = 2,
};

/* The default lock name (key 2686470616 on PG). */
#define DRIVER_LOCK_NAME "atlas_migrate_execute"

struct driver_prestart;

struct driver_ops {
	const char *name; /* "postgres" | "sqlite" */

	/* Optional (NULL: nothing worth starting early).  See
	 * driver_prestart(); open_prestarted finishes what prestart began,
	 * exactly as open would have (same errors), and prestart_cancel
	 * drops it unused. */
	struct driver_prestart *(*prestart)(struct arena *a, const struct db_url *u,
					    unsigned flags);
	int (*open_prestarted)(struct driver **out, struct arena *a, const struct db_url *u,
			       struct driver_prestart *p, struct diags *d);
	void (*prestart_cancel)(struct driver_prestart *p);
	void (*prestart_eager)(struct driver_prestart *p); /* NULL: nothing deferred */

	/* Connects (PG: both connections concurrently, libpq async, or the
	 * lock connection alone with DRIVER_OPEN_LAZY).  PG errors (also
	 * for a deferred statement connection, when it is first needed):
	 * `postgres: scanning system variables: <cause>`,
	 * `postgres: unsupported postgres version: N`. */
	int (*open)(struct driver **out, struct arena *a, const struct db_url *u,
		    unsigned flags, struct diags *d);
	/* Releases every handle; rolls back an open transaction; removes a
	 * still-held SQLite lock file.  NULL is a no-op. */
	void (*close)(struct driver *drv);

	/* Takes the migration lock `name`, waiting up to timeout_ns (0 = one
	 * attempt).  PG: on the lock connection (DRIVER_OPEN_LOCK), else on
	 * the statement connection; a lock connection that failed to open
	 * reports its connection error here.  SQLite: the lock file in $TMPDIR
	 * (else /tmp); driver_close removes a file still held.  PG errors:
	 * `sql/schema: lock is held by other session`; SQLite:
	 * `sql/sqlite: lock on "NAME" already taken`,
	 * `sql/sqlite: invalid lock file format: parsing expiration date: …`.
	 * The caller prefixes `acquiring database lock: `. */
	int (*lock)(struct driver *drv, const char *name, int64_t timeout_ns,
		    struct diags *d);
	/* Releases it.  PG: `sql/postgres: failed releasing lock 2686470616`. */
	int (*unlock)(struct driver *drv, const char *name, struct diags *d);

	/*
	 * Executes one statement text as is (PG: one PQexec; SQLite: every
	 * statement in the text, each stepped once).  On failure returns -1
	 * and sets *errmsg to the driver error text of migrate.md §4.6.2
	 * (arena-owned; `pq: <msg> at column C (SQLSTATE)` or sqlite3_errmsg).
	 * Success allocates nothing in the arena.
	 */
	int (*exec)(struct driver *drv, const char *stmt, size_t len, const char **errmsg);

	/*
	 * Executes stmts[0..n) in order exactly like n exec calls, stopping at
	 * the first failure, but without a round trip per statement where
	 * that cannot change the outcome: inside a transaction PG pipelines
	 * them (a text that is not exactly one command, or a transaction-
	 * control or COPY statement, still goes alone).  *nok = statements
	 * that succeeded; on failure returns -1 and *errmsg is the exec text
	 * of stmts[*nok].  Outside a transaction, and on SQLite, it is a loop
	 * of exec.  Writes no revision: the caller writes one afterwards
	 * (inside a transaction the intermediate rows are invisible to others
	 * and vanish on ROLLBACK, which is what makes this safe).  Allocates
	 * in the arena only for the error text.
	 */
	int (*exec_batch)(struct driver *drv, const struct str *stmts, size_t n, size_t *nok,
			  const char **errmsg);

	/*
	 * exec_batch for a file's last statements, then, only when all of
	 * them succeeded, rev_write_commit(r): one round trip where the back
	 * end can (PG: the upsert and COMMIT ride in the statements' pipeline
	 * and the server skips them after a failed statement).  Returns as
	 * exec_batch; when the statements succeeded, *tail is
	 * rev_write_commit's result (0, DRIVER_WRITE_FAILED or -1, the error
	 * in d).  r must be built before the statements run.
	 */
	int (*exec_batch_commit)(struct driver *drv, const struct str *stmts, size_t n,
				 size_t *nok, const char **errmsg, const struct revision *r,
				 int *tail, struct diags *d);

	/* Whether the migration lock is still held, as far as can be told
	 * without a round trip (PG: the lock connection was not closed by the
	 * server, e.g. pg_terminate_backend; SQLite: always 0).  Fails with
	 * `lost the database lock: <cause>`.  Meant to be called between
	 * files. */
	int (*lock_check)(struct driver *drv, struct diags *d);

	/*
	 * Transactions.  SQLite's foreign-key handling (§4.7: foreign_keys
	 * off around the transaction, foreign_key_check compared before
	 * COMMIT) happens inside begin/commit; a mismatch rolls back and fails
	 * with `sql/sqlite: foreign key mismatch: [{tbl:T ref:R row:N index:I} …]`.
	 * commit/rollback without an open transaction fail with
	 * `sql: transaction has already been committed or rolled back`;
	 * begin inside one with `unexpected active transaction`.  PG sends
	 * BEGIN together with the transaction's first query (so a dead
	 * connection shows at that query), and nothing for an empty one.
	 */
	int (*begin)(struct driver *drv, struct diags *d);
	/* Optional (NULL: always ready).  Makes ready what statements will
	 * run on, before anything of the run is reported: PG's statement
	 * connection deferred by DRIVER_OPEN_LAZY, with open's errors
	 * (`postgres: scanning system variables: <cause>`), as upstream
	 * connects before it plans. */
	int (*prepare_exec)(struct driver *drv, struct diags *d);
	int (*commit)(struct driver *drv, struct diags *d);
	int (*rollback)(struct driver *drv, struct diags *d);
	bool (*in_transaction)(const struct driver *drv);

	/*
	 * Fixes the revision table's schema: schema_flag (--revisions-schema,
	 * "" when not given), else the connected schema, else
	 * "atlas_schema_revisions" (§5.1).  Must be called before any other
	 * revision op and before is_clean.  SQLite error:
	 * `cannot store revisions-table in a separate schema ("X") with SQLite driver`.
	 */
	int (*rev_locate)(struct driver *drv, const char *schema_flag, struct diags *d);
	/* The PG ambiguity check of §5.1 (no-op elsewhere or when it does not
	 * apply): returns DRIVER_AMBIGUOUS when the caller must print the
	 * safety-guard text and fail without an Error: line. */
	int (*rev_check_ambiguous)(struct driver *drv, struct diags *d);
	/* Creates schema and table with upstream's DDL when create is true
	 * (apply, set) and adds missing columns of an existing table; *exists
	 * tells whether the table exists afterwards (status passes false). */
	int (*rev_ensure)(struct driver *drv, bool create, bool *exists, struct diags *d);
	/* All revisions in database order (ORDER BY version), the cloud
	 * identifier row excluded.  Arena-owned array. */
	int (*rev_read_all)(struct revision **out, size_t *n, struct arena *a,
			    struct driver *drv, struct diags *d);
	/* rev_read_all with only version, description, type, applied and
	 * total filled (strings "", numbers and times zero): what planning
	 * needs, for a fraction of the transfer and parsing (W4 in
	 * bench/README.md).  Optional: NULL means use rev_read_all. */
	int (*rev_read_plan)(struct revision **out, size_t *n, struct arena *a,
			     struct driver *drv, struct diags *d);
	/* One revision by version; DRIVER_NOT_FOUND when absent. */
	int (*rev_read)(struct revision *out, struct arena *a, struct driver *drv,
			const char *version, struct diags *d);
	/* Upsert: updates every column except version, description and
	 * executed_at on conflict.  Allocates nothing in the arena. */
	int (*rev_write)(struct driver *drv, const struct revision *r, struct diags *d);
	int (*rev_delete)(struct driver *drv, const char *version, struct diags *d);
	/*
	 * rev_write, then commit the open transaction: what a file's last
	 * write and its COMMIT do, in one round trip where the back end can
	 * (PG sends both in one pipeline; SQLite calls the two).  A failed
	 * write returns DRIVER_WRITE_FAILED with rev_write's error and leaves
	 * the transaction open for the caller's rollback; a failed commit
	 * returns -1 with commit's error, the transaction over.
	 */
	int (*rev_write_commit)(struct driver *drv, const struct revision *r, struct diags *d);

	/* §4.5.1: *reason NULL when clean, else e.g. `found table "T" in
	 * schema "S"` (arena-owned); hard inspection errors return -1
	 * (`sqlite: multiple database files are not supported by the driver. got: N`). */
	int (*is_clean)(const char **reason, struct arena *a, struct driver *drv,
			struct diags *d);
};

struct driver_cancel;

/* Every driver starts with this header; the rest is back-end private. */
struct driver {
	const struct driver_ops *ops;
	const struct db_url *url;
	struct arena *arena;
	const char *rev_schema; /* set by rev_locate */
	/* Cancels the statement ops->exec is running (armed only then;
	 * PQcancel / sqlite3_interrupt); owned by the driver, never NULL
	 * after a successful open, dead after driver_close. */
	struct driver_cancel *cancel;
};

/* The ops table for a URL's kind (never NULL). */
const struct driver_ops *driver_ops_for(enum driver_kind kind);

/* Convenience: driver_ops_for(u->kind)->open(...). */
int driver_open(struct driver **out, struct arena *a, const struct db_url *u,
		unsigned flags, struct diags *d) WUR;

/*
 * Every back end's prestart state starts with this header.  A prestart
 * begins opening u before the caller needs the database (PG: the TCP
 * connects and the start-up packets, so that the server starts its
 * backends while the caller reads and verifies the migration directory:
 * W4 in bench/README.md).  Nothing is reported yet: every error shows
 * when driver_open_wait() finishes it (struct driver_wait.pre) for the
 * same u and flags.  NULL when the back end has nothing to start early.
 */
struct driver_prestart {
	const struct driver_ops *ops;
	unsigned flags;
};
struct driver_prestart *driver_prestart(struct arena *a, const struct db_url *u, unsigned flags);
/* Whether driver_prestart() starts anything for u's back end (PostgreSQL). */
bool driver_can_prestart(const struct db_url *u);
/* Drops an unfinished prestart (its connections closed); NULL is a no-op. */
void driver_prestart_cancel(struct driver_prestart *p);
/* Begins now what DRIVER_OPEN_LAZY would defer (the caller learnt that it
 * will need it), as if the prestart had been asked without that flag;
 * NULL is a no-op. */
void driver_prestart_eager(struct driver_prestart *p);
void driver_close(struct driver *drv);

/* FNV-1 (not 1a) 32-bit hash of a lock name: the PG advisory lock key. */
uint32_t driver_lock_key(const char *name);

/* ---- waiting for the database, interrupting it (wait.c, atlas-c) ------- */

#include <signal.h>
#include <stdatomic.h>

/* Whether a connection error text (a driver_open diagnostic) is worth
 * retrying: refused, name not resolvable yet, 57P03, 53300.  Wrong
 * password (28P01), missing database (3D000), SQLite: false. */
bool driver_wait_transient(enum driver_kind kind, const char *msg);

struct driver_wait {
	int64_t timeout_ns; /* keep retrying this long; <= 0: one attempt */
	/* Stop waiting (fail) once *interrupted != 0; NULL = never. */
	volatile sig_atomic_t *interrupted;
	/* Called before each retry with the failure on one line (no
	 * password), the coming pause and the time left.  May be NULL. */
	void (*on_retry)(void *arg, const char *cause, int64_t delay_ns, int64_t left_ns);
	void *arg;
	/* Finished by the first attempt instead of a fresh open (only
	 * without a timeout: an attempt then has no connect_timeout of its
	 * own); consumed either way.  May be NULL. */
	struct driver_prestart *pre;
};

/*
 * driver_open() that retries transient failures (driver_wait_transient)
 * with a jittered backoff (250ms doubling up to 2s) until w->timeout_ns
 * has passed; each PostgreSQL attempt gets a connect_timeout (the time
 * left, 2s to 10s) unless the URL or PGCONNECT_TIMEOUT sets one.  w NULL
 * or timeout_ns <= 0 = driver_open().  Fails at once on a permanent
 * failure with that attempt's diagnostic; after the deadline with the last
 * one, prefixed `gave up waiting for the database: `; on an interrupt with
 * `interrupted while waiting for the database: `.  Diagnostics hold no
 * password (scrubbed even if a server message echoed it).
 */
int driver_open_wait(struct driver **out, struct arena *a, const struct db_url *u,
		     unsigned flags, const struct driver_wait *w, struct diags *d) WUR;

/*
 * Cancelling the running statement from a signal handler.  A back end
 * fills a driver_cancel (owned by the driver, freed by driver_close) and
 * sets `armed` only while ops->exec runs a statement, so that a signal
 * never cancels revision bookkeeping.  fire is async-signal-safe
 * (PQcancel, sqlite3_interrupt).
 */
struct driver_cancel {
	void (*fire)(struct driver_cancel *c);
	void *handle;
	volatile sig_atomic_t armed;
};

/*
 * The state a process's SIGINT/SIGTERM/SIGHUP handler shares with the
 * command (the one instance lives in main.c).  graceful: the running
 * command handles the first signal itself (apply), otherwise the handler
 * lets the signal kill the process.  cancel: the handle to fire, set by
 * the command while its driver is open and cleared before driver_close.
 */
struct driver_interrupt {
	volatile sig_atomic_t signals;
	volatile sig_atomic_t graceful;
	struct driver_cancel *_Atomic cancel;
};

/* Async-signal-safe: counts the signal and fires in->cancel if armed. */
void driver_interrupt_signal(struct driver_interrupt *in);

#endif
