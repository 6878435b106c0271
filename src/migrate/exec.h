/*
 * Folder-private declarations of the plan (plan.c) and the executor
 * (executor.c) of `migrate apply`, `status` and `set` (spec/migrate.md
 * §4.5, §4.6, §4.7, §7).  Owner: helper "exec".  The folder's public
 * header, migrate.h, belongs to the migration-directory module; this one
 * is included by src/cli/{apply,status,set}.c and the unit tests.
 *
 * Ownership: everything returned lives in the caller's arena.  Fallible
 * functions return 0, -1 (diagnostic added), or a named negative for an
 * expected outcome.
 */
#ifndef ATLAS_MIGRATE_EXEC_H
#define ATLAS_MIGRATE_EXEC_H

#include <signal.h>

#include "util/util.h"

struct driver;
struct migrate_dir;
struct migrate_file;
struct migrate_sum;
struct report_apply;
struct report_status;
struct report_set;

/* ---- plan: pending computation (§4.5), amount and --to-version (§4.2) -- */

/* One directory file as the plan sees it (dir order, §1.4). */
struct plan_file {
	const char *name;
	const char *version;
	const char *desc;
	bool checkpoint; /* has an atlas:checkpoint directive */
};

/* One revision as the plan sees it (DB order, §5.6, identifier row
 * already excluded). */
struct plan_rev {
	const char *version;
	const char *description;
	long long applied;
	long long total;
};

enum plan_order {
	PLAN_LINEAR,
	PLAN_LINEAR_SKIP,
	PLAN_NON_LINEAR,
};

struct plan_input {
	const struct plan_file *files; /* ALL, in directory order */
	size_t nfiles;
	const struct plan_rev *revs;
	size_t nrevs;
	enum plan_order order;
	const char *baseline; /* NULL or "" = none */
	bool allow_dirty;
	/* Only read when nrevs == 0: the clean check's reason (§4.5.1), NULL
	 * when the database is clean. */
	const char *dirty_reason;
};

/* Indices into plan_input.files. */
struct plan {
	size_t *pending;
	size_t npending;
	size_t *out_of_order; /* filled on PLAN_OUT_OF_ORDER */
	size_t nout_of_order;
	/* >= 0: the caller records files[baseline] as a baseline revision
	 * (§4.5 case 1 step 2) before executing anything. */
	long baseline;
};

enum {
	/* `linear` order found files added out of order: the diagnostic
	 * carries upstream's message; plan.pending and plan.out_of_order are
	 * filled (migrate status shows them). */
	PLAN_OUT_OF_ORDER = -2,
};

/* Parses --exec-order ("linear", "linear-skip", "non-linear").  -1 with
 * `unknown execution order: "X"`. */
int plan_order_parse(enum plan_order *out, const char *s, struct diags *d) WUR;

/*
 * §4.5: the pending files.  npending == 0 means "nothing to do".  Fails
 * (-1) with upstream's exact texts: not clean, baseline not found,
 * missing migration for a partial revision; PLAN_OUT_OF_ORDER as above.
 */
int plan_pending(struct plan *out, struct arena *a, const struct plan_input *in,
		 struct diags *d) WUR;

/*
 * Whether plan_pending() (not plan_to_version) can depend on the header
 * directives of a file with this version, given the revisions: always
 * without revisions; otherwise only for a file at or after the last
 * revision or one plan_pending does not find among them.  A file found
 * below the last revision is never pending nor out of order, and whether
 * it is a checkpoint (outside M, §4.5) moves no pending file: the index
 * of case 2 step 3 can only land on another file below the last revision,
 * so the files after it stay the same.  Lets `migrate apply` skip reading
 * applied files a second time (W4: atlas.sum verification already read
 * each one).
 */
bool plan_needs_header(const struct plan_rev *revs, size_t nrevs, const char *version);

/* Cuts out->pending to its first n files (n > 0; n >= npending keeps all). */
void plan_cut_amount(struct plan *p, size_t n);

/*
 * §4.2 --to-version V: computes the plan (as plan_pending) and cuts it
 * after V, with upstream's not-found error and "Did you mean" hint.  When
 * a checkpoint file follows V, pending is computed on the directory cut
 * after V instead.
 */
int plan_to_version(struct plan *out, struct arena *a, const struct plan_input *in,
		    const char *version, struct diags *d) WUR;

/*
 * §1.5: refuses a directory where two files share a version, naming both
 * (upstream crashes later).  -1 with the error.
 */
int plan_check_duplicates(struct arena *a, const struct plan_file *files, size_t n,
			  struct diags *d) WUR;

/* Index of the last file with this version, or -1. */
long plan_find_version(const struct plan_file *files, size_t n, const char *version);

/* ---- executor: migrate apply (§4.3 steps 7-11, §4.6, §4.7, §4.8) ------- */

enum exec_txmode {
	EXEC_TX_FILE,
	EXEC_TX_ALL,
	EXEC_TX_NONE,
};

/*
 * The effective transaction mode of a file (§4.7): its `atlas:txmode`
 * directive, else the flag.  Errors (upstream text): multiple directives,
 * `all` in a directive, unknown directive value, a none/file directive
 * under a global `all`, and `unknown tx-mode "X"` for an invalid flag
 * value (only when the file has no overriding directive).
 */
int exec_txmode_for(enum exec_txmode *out, const char *flag, const struct migrate_file *f,
		    struct diags *d) WUR;

struct exec_apply_opts {
	const char *tx_mode;   /* the --tx-mode value, checked per file */
	const char *exec_order; /* the --exec-order value */
	const char *baseline;  /* "" = none */
	bool allow_dirty;
	bool dry_run;          /* atlas-c: writes nothing at all (issue 5) */
	size_t amount;         /* 0 = every pending file */
	const char *to_version; /* "" = none */
	const char *operator_version;
	/* Set (by a signal handler) to stop before the next statement;
	 * NULL = never. */
	volatile sig_atomic_t *interrupted;
	/* Statements per exec_batch call inside a transaction; 0 = the
	 * default (256).  Tests only (ATLAS_TEST_EXEC_BATCH): 1 executes one
	 * statement per round trip, so that tests can check that batching
	 * changes no output and no revision row. */
	size_t batch;
};

enum {
	/* The run failed before anything was recorded in the report (plan
	 * errors, §4.3 step 8): the caller prints only `Error: …`. */
	EXEC_NO_REPORT = -2,
};

/*
 * Runs `migrate apply` from §4.3 step 7 on: exec order and flag checks,
 * the pending computation (including the clean check, the baseline row
 * and the duplicate-version refusal), then every pending file in its
 * transaction mode, recording events into rep (initialised, possibly
 * streaming).  The caller has opened the driver, taken the lock, located
 * and ensured the revision table (dry run: ensured without creating;
 * table_exists tells whether it exists) and verified the directory
 * (sum = its computed atlas.sum).
 *
 * Returns 0 (rep done), EXEC_NO_REPORT, or -1 after the failure was
 * recorded (report_apply_fail) — in both error cases d holds the error
 * whose text the cli prints as `Error: …`.
 */
int exec_apply(struct report_apply *rep, struct arena *a, struct driver *drv,
	       struct migrate_dir *dir, const struct migrate_sum *sum, bool table_exists,
	       const struct exec_apply_opts *o, struct diags *d) WUR;

/*
 * `migrate status` (§6.4): fills st (env left to the caller).  The caller
 * has located the revision table; this function ensures (upgrades) it
 * only when it exists.  Errors other than out-of-order fail.
 */
int exec_status(struct report_status *st, struct arena *a, struct driver *drv,
		struct migrate_dir *dir, struct diags *d) WUR;

/*
 * `migrate set` (§7) steps 2-5 inside a transaction the function opens:
 * on success the transaction is still open (the caller prints the report
 * and then commits); on error it has been rolled back.  args = the
 * positional arguments.
 */
int exec_set(struct report_set *out, struct arena *a, struct driver *drv,
	     struct migrate_dir *dir, const struct migrate_sum *sum, const char *const *args,
	     size_t nargs, const char *operator_version, struct diags *d) WUR;

#endif
