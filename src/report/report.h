/*
 * report: upstream Atlas's console output for `migrate apply`, `status`
 * and `set` (spec migrate.md §6), as text or JSON, plus the small Go
 * formatting helpers the rest of the tool needs to reproduce upstream's
 * messages byte for byte (Duration.String, strconv.Quote, encoding/json
 * strings, RFC 3339 times).
 *
 * The executor never prints: it records what happens into a
 * `struct report_apply` through the event functions below (one per upstream
 * cmdlog LogEntry: intro, file, stmt, error, done), and the cli renders the
 * report once the run is over, as upstream does.  Optionally the text report
 * can be streamed (report_apply_stream): lines are printed as soon as they
 * are final (a file's closing line when the next file starts or at the end),
 * the bytes are the same, and statement texts are not retained.
 *
 * Ownership: every function that records copies what it must keep into the
 * report's arena (statement texts, error texts, file arrays); strings of a
 * `struct report_file` are NOT copied and must live as long as the report
 * (they are normally arena-owned by the migration directory).  Renderers
 * write to the FILE* or strbuf they are given and never fail (write errors
 * are left for the caller's ferror()).  Nothing here reads the environment
 * or a clock except report_time_now(); the colour decision takes its inputs
 * as parameters.
 */
#ifndef ATLAS_REPORT_H
#define ATLAS_REPORT_H

#include "util/util.h"

/* ---- time (Go time.Time as far as the reports need it) ----------------- */

/*
 * A zero-initialised struct is Go's zero time (prints
 * "0001-01-01T00:00:00Z"; subtracting it saturates, which is how a run that
 * was never marked done prints `-2562047h47m16.854775808s`).
 */
struct report_time {
	bool set;        /* false: Go's zero time */
	bool has_mono;   /* mono_ns is valid (time taken by this process) */
	int64_t unix_ns; /* wall clock, Unix nanoseconds */
	int64_t mono_ns; /* util_now_mono_ns() when has_mono */
	int32_t off_s;   /* UTC offset in seconds east, used when printed */
};

/* Now: wall + monotonic clock + the local UTC offset (TZ rules of libc). */
struct report_time report_time_now(void);
/* A wall time without monotonic reading (e.g. read from the database). */
struct report_time report_time_at(int64_t unix_ns, int32_t off_s);
/* Go's end.Sub(start): monotonic difference when both have one, else wall
 * difference saturated to INT64_MIN/INT64_MAX (zero times included). */
int64_t report_time_sub(struct report_time end, struct report_time start);
/* Go's RFC3339Nano as used by encoding/json (without the quotes): up to 9
 * fraction digits with trailing zeros dropped, "Z" for offset 0, else
 * "+hh:mm".  Appends to sb. */
void report_time_rfc3339(struct strbuf *sb, struct report_time t);

/* ---- Go formatting helpers (appending to a strbuf) --------------------- */

/* Go time.Duration.String(): "0s", "850ns", "1.5µs", "1m30s",
 * "-2562047h47m16.854775808s" (§6.2). */
void report_go_duration(struct strbuf *sb, int64_t ns);
/* Go json.Indent(dst, src, prefix, indent) for valid compact JSON: appends
 * the indented form of json[0..len) to out (what MarshalIndent returns). */
void report_json_indent(struct strbuf *out, const char *json, size_t len,
			const char *prefix, const char *indent);

/* ---- colours (§6.1) ----------------------------------------------------- */

/*
 * Whether reports use colour: stdout is a terminal, NO_COLOR unset or
 * empty, TERM not "dumb" (fatih/color's rule).  Pass getenv() results
 * (NULL = unset).
 */
bool report_colour_enabled(bool stdout_is_tty, const char *no_color,
			   const char *term);

/* ---- --format (§6.6) ---------------------------------------------------- */

enum report_format_kind {
	REPORT_FORMAT_TEXT, /* no --format: the default text template */
	REPORT_FORMAT_TEMPLATE,
};

/* One piece of an accepted template: literal text, or `{{ json . }}`. */
struct report_format_part {
	bool is_json;
	const char *text; /* literal text (is_json false) */
	size_t len;
	bool indented;      /* json with one or two string arguments */
	const char *prefix; /* MarshalIndent prefix ("" with one argument) */
	const char *indent; /* MarshalIndent indent */
};

struct report_format {
	enum report_format_kind kind;
	struct report_format_part *parts;
	size_t nparts;
};

/*
 * Parses a --format value (NULL or "" = default text).  Accepted: Go
 * templates made of literal text and `{{ json . }}`, `{{ json . "  " }}`,
 * `{{ json . "pfx" "  " }}` actions (`.` or `$`, Go string or raw-string
 * arguments, `{{-`/`-}}` trim markers, Go template comments).  Anything
 * else fails with `parse format: template: format:<line>: ...` (Go's
 * wording for syntax errors, a clear reason for valid templates atlas-c
 * does not support).  The bare word `json` is atlas-c's short form of
 * `{{ json . }}`.  Result arena-owned.
 */
int report_format_parse(struct report_format *out, struct arena *a,
			const char *text, struct diags *d) WUR;
/* Executes a parsed template over a compact JSON document: literal parts
 * verbatim, json parts as the document (indented as asked).  Writes no
 * trailing newline the template does not contain. */
void report_format_print(FILE *out, const struct report_format *fmt,
			 const char *json, size_t len);

/* ---- common pieces ------------------------------------------------------ */

/* The report's environment (cmdlog.Env).  url_json is the compact JSON URL
 * object of §6.6 (driver_url_json's output) or NULL to omit "URL"; driver
 * "" omits "Driver"; dir is the --dir URL with its password redacted, ""
 * omits "Dir". */
struct report_env {
	const char *driver;
	const char *url_json;
	const char *dir;
};

/* A migration file as reports show it (cmdlog.File). */
struct report_file {
	const char *name;
	const char *version;
	const char *description;
	bool checkpoint; /* status: "(checkpoint)" after Next Version */
};

/* ---- migrate apply (§6.3, §6.6) ----------------------------------------- */

struct report_stmt_chunk; /* private: statement texts of one file */

struct report_stmt_error {
	const char *stmt; /* "" when the error did not come from a statement */
	const char *text;
};

/* One file reached in this run (cmdlog.AppliedFile). */
struct report_applied_file {
	struct report_file file;
	struct report_time start;
	struct report_time end;      /* unset while the run goes on */
	int64_t skipped;             /* statements already applied earlier */
	size_t nstmts;               /* "->" lines: every statement started */
	bool has_error;
	struct report_stmt_error error;
	struct report_stmt_chunk *stmts; /* private; NULL when streamed */
	struct report_stmt_chunk *stmts_tail;
	struct report_applied_file *next;
};

/* Summary counts of files already closed (private). */
struct report_apply_counts {
	long long passed_files, failed_files, passed_stmts, failed_stmts;
};

struct report_apply {
	struct arena *arena;
	struct report_env env;
	struct report_file *pending; /* files to run (after the amount cut);
				      * NULL in a streamed report (JSON only) */
	size_t npending;
	const char *current; /* "" = the database had no revision */
	const char *target;
	struct report_time start;
	struct report_time end; /* unset until done or a logged error */
	/* List in run order.  A streamed report keeps only the last file's
	 * record: the earlier ones are printed, counted into `streamed` and
	 * their memory reused. */
	struct report_applied_file *applied;
	struct report_applied_file *applied_tail;
	size_t napplied;
	const char *error; /* overall error text (report.Error); NULL = none */
	bool done;         /* report_apply_done() was called */
	/* private: streaming state */
	struct report_apply_counts streamed;
	FILE *stream;
	bool stream_colour;
	bool stream_open; /* a file's closing line is still owed */
};

/* Starts a report (cmdlog.NewMigrateApply): start = now.  env strings are
 * copied by pointer (must outlive r). */
void report_apply_init(struct report_apply *r, struct arena *a,
		       const struct report_env *env, struct report_time now);
/*
 * Streams the default text layout to out from now on (call right after
 * init).  Statement texts are printed from the caller's buffer and not
 * kept, so memory does not grow with the number of statements; finish with
 * report_apply_text(out, r, colour), which then prints only the tail.  JSON
 * is not available for a streamed report.
 */
void report_apply_stream(struct report_apply *r, FILE *out, bool colour);
/* LogIntro: current = version of the last revision ("" or NULL = none),
 * files = pending files to run (array copied unless streamed; target = last
 * version, not copied).
 * With n == 0 this is LogNoPendingFiles' first half: follow with done. */
void report_apply_intro(struct report_apply *r, const char *current,
			const struct report_file *files, size_t n);
/* LogFile: file f starts (the previous file ends now); skipped = statements
 * of a partly applied file that will not run again. */
void report_apply_file(struct report_apply *r, const struct report_file *f,
		       int64_t skipped, struct report_time now);
/* LogStmt: a statement is about to run (its "->" line).  Copied. */
void report_apply_stmt(struct report_apply *r, const char *text, size_t len);
/* report_apply_stmt for each of stmts[0..n) (a pipelined batch that has
 * run), streamed with one write per 64 kB instead of one per line. */
void report_apply_stmts(struct report_apply *r, const struct str *stmts, size_t n);
/* LogError with a statement: the statement that just failed and the
 * driver's message.  Both copied.  Ends the current file and the run. */
void report_apply_stmt_error(struct report_apply *r, const char *stmt,
			     size_t stmt_len, const char *text,
			     struct report_time now);
/* LogError without a statement (scanner error, history changed, revision
 * write failed): attached to the last file reached (upstream quirk), or,
 * when no file was reached, the run's error.  Copied. */
void report_apply_error(struct report_apply *r, const char *text,
			struct report_time now);
/* LogDone: the run finished (the last file ends now). */
void report_apply_done(struct report_apply *r, struct report_time now);
/* The command's final error (report.Error = err.Error()); replaces any
 * earlier run error.  Copied.  Not logged: does not touch end times. */
void report_apply_fail(struct report_apply *r, const char *text);

/* Renders the default text report (the whole of it, or the tail when
 * streaming). */
void report_apply_text(FILE *out, const struct report_apply *r, bool colour);
/* Appends the compact JSON object of §6.6 (MarshalJSON) to sb. */
void report_apply_json(struct strbuf *sb, const struct report_apply *r);
/* Text when fmt is NULL or TEXT, else the template over the JSON. */
void report_apply_print(FILE *out, const struct report_apply *r,
			const struct report_format *fmt, bool colour);
/* Statement i (0-based) of a recorded (not streamed) file, for tests and
 * callers that inspect the report. */
struct str report_applied_stmt(const struct report_applied_file *f, size_t i);

/* ---- migrate status (§6.4, §6.6) ---------------------------------------- */

/* One row of the revision table as status exports it (migrate.Revision). */
struct report_revision {
	const char *version;
	const char *description;
	int64_t type; /* bits: 1 baseline, 2 execute, 4 resolved */
	int64_t applied;
	int64_t total;
	struct report_time executed_at;
	int64_t execution_time; /* nanoseconds */
	const char *error;      /* "" omitted */
	const char *error_stmt; /* "" omitted */
	const char *operator_version;
};

/*
 * cmdlog.MigrateStatus, filled by the status command (spec §6.4 says how
 * each field is computed).  Strings NULL or "" mean empty (omitted in
 * JSON); next "" prints "UNKNOWN".
 */
struct report_status {
	struct report_env env;
	const struct report_file *available;
	size_t navailable;
	const struct report_file *out_of_order;
	size_t nout_of_order;
	const struct report_file *pending;
	size_t npending;
	const struct report_revision *applied;
	size_t napplied;
	const char *current;
	const char *next;
	int64_t count; /* statements applied of a partial last revision */
	int64_t total; /* its statement count now; 0 = not partial */
	const char *status; /* "OK" or "PENDING" */
	const char *error;
	const char *sql;
};

/* Go's RevisionType.String(): "baseline", "applied", "manually set",
 * "applied + manually set", "unknown (0011)".  Appends to sb. */
void report_revision_type(struct strbuf *sb, int64_t type);
void report_status_text(FILE *out, const struct report_status *s, bool colour);
void report_status_json(struct strbuf *sb, const struct report_status *s);
void report_status_print(FILE *out, const struct report_status *s,
			 const struct report_format *fmt, bool colour);

/* ---- migrate set (§6.5) ------------------------------------------------- */

struct report_set_rev {
	const char *version;
	const char *description; /* "" = no "(…)" */
	bool removed;            /* "-" (red) instead of "+" (green) */
};

struct report_set {
	const struct report_set_rev *revs; /* any order; printed by version */
	size_t nrevs;
	const char *current; /* version of the current revision, NULL = none */
};

/* Prints nothing when nrevs == 0. */
void report_set_text(FILE *out, const struct report_set *s, bool colour);

/* ---- notices ------------------------------------------------------------ */

/*
 * §2.6 checksum problem, on stdout before the `Error:` line: line == 0 for
 * an unlocalised error, else `\tL<line>: <file> was <reason>` with reason
 * "added", "edited" or "removed".
 */
void report_checksum_error(FILE *out, unsigned line, const char *file,
			   const char *reason, bool colour);
/* §5.1 ambiguous revision table notice (stdout; no `Error:` follows). */
void report_ambiguous_revisions(FILE *out);
/* §4.9 first-signal notice, for write(2) from a signal handler. */
#define REPORT_INTERRUPT_NOTICE \
	"\ninterrupt received, wait for exit or ^C to terminate\n"

#endif
