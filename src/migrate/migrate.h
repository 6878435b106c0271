/*
 * migrate: the migration directory as upstream Atlas reads it (spec
 * migrate.md §1-3): locating it from a dir URL, the ordered file list with
 * versions, descriptions and header directives, atlas.sum (compute, write,
 * parse, verify with upstream's localisation of a mismatch), per-statement
 * hashes, and the statement splitter per dialect.  The plan and executor of
 * apply/status/set (plan.c, executor.c) build on this header.
 *
 * Ownership: everything returned lives in the caller's arena unless a
 * comment says otherwise.  Functions that can fail return 0 or -1 (or a
 * named negative for an expected outcome) and append to the caller's
 * struct diags; the messages are upstream's text where the spec gives one.
 * Nothing here prints.
 */
#ifndef ATLAS_MIGRATE_H
#define ATLAS_MIGRATE_H

#include "util/util.h"

/* ---- directory --------------------------------------------------------- */

enum migrate_format {
	MIGRATE_FORMAT_ATLAS,
	MIGRATE_FORMAT_GOLANG_MIGRATE, /* *.up.sql only */
	MIGRATE_FORMAT_GOOSE,          /* -- +goose Up section */
	MIGRATE_FORMAT_DBMATE,         /* -- migrate:up section */
	MIGRATE_FORMAT_FLYWAY,         /* V/B/R files, recursive */
	MIGRATE_FORMAT_LIQUIBASE,      /* atlas rules, the driver's splitter */
};

struct migrate_file {
	const char *name;        /* base name (flyway: path relative to the dir) */
	const char *version;     /* §1.3 (flyway: its own rule) */
	const char *description; /* "" when none */
	/* Filled by migrate_dir_load / migrate_file_load; NULL before. */
	const char *content;     /* raw bytes, NUL-terminated (len excludes it) */
	size_t len;
	bool loaded;
	/* Header directives (§1.6), valid once loaded or header_parsed (the
	 * sum pass parses them from the bytes it reads anyway, so that a
	 * command needing both reads each file once). */
	bool header_parsed;
	bool sum_ignored;        /* first line is `atlas:sum ignore` (§2.3) */
	bool checkpoint;         /* has an atlas:checkpoint header directive */
	/* next to the bools, so that the struct is 64 bytes: one per file */
	unsigned ntxmodes;
	const char *checkpoint_tag; /* its argument ("" when none; NULL if no checkpoint) */
	const char **txmodes;    /* arguments of atlas:txmode header directives, in
				  * order (upstream's f.Directive("txmode")); ntxmodes of them */
};

struct migrate_dir {
	const char *url;    /* the dir URL after --dir-format was applied */
	const char *path;   /* resolved path ("migrations" for file://) */
	enum migrate_format format;
	struct migrate_file *files; /* in directory order (§1.4; flyway §1.7) */
	size_t nfiles;
};

/*
 * Resolves a dir URL (§1.1): `file://` rules, `?format=` (dir_format, the
 * deprecated --dir-format value, is used when the URL has none; NULL or ""
 * = atlas), and lists the files of that format in order with versions and
 * descriptions.  Contents are not read yet.  With `create`, a missing
 * directory is created (mode 0755, like `migrate new`).  Errors (upstream
 * text): `missing scheme for dir url. Did you mean "file://X"? `,
 * `unsupported driver "S"`, `unknown dir format "F"`,
 * `sql/migrate: stat P: no such file or directory`, `sql/migrate: "P" is not
 * a dir`, the community text for atlas://, and url.Parse's
 * `parse "U": invalid URL escape "%zz"` family.  All are exit-1 errors.
 */
int migrate_dir_open(struct migrate_dir **out, struct arena *a, const char *url,
		     const char *dir_format, bool create, struct diags *d) WUR;

/* The URL with `format` added as upstream's dirFormatBC does (for JSON
 * reports): `file://migrations` + "atlas" -> `file://migrations?format=atlas`.
 * Returns url unchanged when it already has a format or dir_format is
 * empty. */
const char *migrate_dir_url_with_format(struct arena *a, const char *url,
					const char *dir_format);

/* Reads every file's content into the arena and parses its header
 * directives.  Error: `sql/migrate: read file "N": open|read P: <reason>`. */
int migrate_dir_load(struct migrate_dir *dir, struct arena *a, struct diags *d) WUR;
/* The same for one file. */
int migrate_file_load(struct migrate_file *f, struct arena *a,
		      const struct migrate_dir *dir, struct diags *d) WUR;
/* Reads one file into a caller-owned scratch buffer (reset first), for
 * loops that must keep memory flat; does not touch f. */
int migrate_file_read(struct strbuf *buf, const struct migrate_dir *dir,
		      const struct migrate_file *f, struct diags *d) WUR;
/* Parses the header directives of content into f (arena copies). */
void migrate_file_parse_header(struct migrate_file *f, struct arena *a,
			       const char *content, size_t len);

/* The file(s) `migrate new` writes (§1.8) for the UTC time in seconds:
 * atlas "<YYYYMMDDHHMMSS>[_name].sql", empty; golang-migrate .up/.down.sql
 * pairs; flyway V/U pairs; goose/dbmate/liquibase with their templates.
 * Returns how many (1 or 2). */
struct migrate_new_file {
	const char *name;
	const char *content;
};
size_t migrate_new_files(struct migrate_new_file out[2], struct arena *a,
			 enum migrate_format fmt, int64_t unix_seconds, const char *name);

/*
 * Directive matcher of §1.6 step 3 on one line (or a whole buffer: only its
 * first line can match): printable-ASCII prefix, `atlas:NAME`, optional
 * argument.  Returns true and fills the slices when it matches.
 */
bool migrate_directive_match(struct str *prefix, struct str *name, struct str *arg,
			     const char *s, size_t len);

/* ---- atlas.sum --------------------------------------------------------- */

#define MIGRATE_HASH_LEN 44 /* base64 of a SHA-256 digest */

struct migrate_sum_entry {
	const char *name;
	const char *hash; /* base64, no "h1:" (44 chars unless parsed from a damaged file) */
};

struct migrate_sum {
	char total[MIGRATE_HASH_LEN + 1];
	struct migrate_sum_entry *entries;
	size_t n;
	/* The names are strictly ascending (strcmp), as an atlas directory's
	 * are (§1.4): set by the functions here that build a sum, so that
	 * migrate_sum_lookup can search in O(log n).  false (a zeroed or
	 * hand-built sum) is always safe: a linear search. */
	bool sorted;
};

/*
 * Computes the sum of a directory (§2.2).  Reads each file not yet loaded
 * through one scratch buffer, so memory stays flat; loaded files use their
 * content.  Also sets f->sum_ignored on every file.
 */
int migrate_sum_compute(struct migrate_sum *out, struct arena *a,
			struct migrate_dir *dir, struct diags *d) WUR;
/* Computes the sum over in-memory (name, content) pairs (tests, fuzzing). */
void migrate_sum_compute_mem(struct migrate_sum *out, struct arena *a,
			     const char *const *names, const char *const *contents,
			     const size_t *lens, size_t n);
/* TOTAL of §2.2 (second loop) over the entries. */
void migrate_sum_total(char out[MIGRATE_HASH_LEN + 1],
		       const struct migrate_sum_entry *entries, size_t n);
/* The atlas.sum text (§2.1), NUL-terminated arena copy; *len set if non-NULL. */
char *migrate_sum_format(struct arena *a, const struct migrate_sum *sum, size_t *len);
/* Writes atlas.sum into the directory (created with mode 0644, or
 * truncated and rewritten, like upstream's os.WriteFile).  Error:
 * `open P: <reason>` / `write P: <reason>`. */
int migrate_sum_write(const struct migrate_dir *dir, const struct migrate_sum *sum,
		      struct diags *d) WUR;

/* `migrate hash`: migrate_sum_compute then migrate_sum_write, the same
 * bytes, errors and order (atlas.sum untouched when a file cannot be
 * read), with memory independent of the number of files: the file lines
 * wait in an unnamed temporary file in the directory (O_TMPFILE; without
 * one, the entries are kept in memory as migrate_sum_compute does).  Sets
 * f->sum_ignored and the header directives like migrate_sum_compute. */
int migrate_sum_rewrite(struct arena *a, struct migrate_dir *dir, struct diags *d) WUR;

/* Named outcomes of parsing and verifying (diag text in comments). */
enum {
	MIGRATE_ESUM_NOT_FOUND = -2, /* "checksum file not found" */
	MIGRATE_ESUM_FORMAT = -3,    /* "checksum file format invalid" */
	MIGRATE_ESUM_MISMATCH = -4,  /* "checksum mismatch" */
};

/* Parses atlas.sum text (§2.4 step 2-3).  Returns 0, MIGRATE_ESUM_FORMAT or
 * MIGRATE_ESUM_MISMATCH (declared total differs from the lines); the entries
 * parsed so far are in *out either way. */
int migrate_sum_parse(struct migrate_sum *out, struct arena *a, const char *buf,
		      size_t len, struct diags *d) WUR;

/* The hash of a file in a sum, or NULL (sum-ignored or absent; upstream's
 * `checksum not found`).  The first entry of that name; O(log n) when
 * sum->sorted. */
const char *migrate_sum_lookup(const struct migrate_sum *sum, const char *name);

enum migrate_reason {
	MIGRATE_REASON_NONE,
	MIGRATE_REASON_ADDED,
	MIGRATE_REASON_EDITED,
	MIGRATE_REASON_REMOVED,
};

/* Result of verifying a directory against its atlas.sum (§2.4, §2.5). */
struct migrate_check {
	int status;        /* 0 or one of MIGRATE_ESUM_* */
	bool localised;    /* a ChecksumError: reason/line/file are set */
	enum migrate_reason reason;
	unsigned line;     /* 1-based line of atlas.sum */
	unsigned total;    /* entries in atlas.sum */
	size_t pos;        /* byte offset of that line */
	const char *file;  /* file named in the report */
};

/*
 * Verifies the directory (upstream `migrate.Validate`).  Returns 0 when
 * valid; one of MIGRATE_ESUM_* with *check filled and the plain upstream
 * message in d (`checksum mismatch`, ...); -1 for other errors (a file that
 * cannot be read).  Upstream prints the checksum box (report/'s
 * report_checksum_error) for every non-zero outcome.  When `computed` is not
 * NULL it receives the directory's computed sum (needed for revision
 * hashes), also on a mismatch.
 */
int migrate_dir_verify(struct migrate_check *check, struct migrate_sum *computed,
		       struct arena *a, struct migrate_dir *dir, struct diags *d) WUR;

/* "added" / "edited" / "removed". */
const char *migrate_reason_name(enum migrate_reason r);

/* ---- statements -------------------------------------------------------- */

enum migrate_dialect {
	MIGRATE_DIALECT_POSTGRES, /* BEGIN, BEGIN ATOMIC, dollar quotes */
	MIGRATE_DIALECT_SQLITE,   /* BEGIN */
	MIGRATE_DIALECT_MYSQL,    /* BEGIN, #, backslash escapes */
	MIGRATE_DIALECT_GENERIC,  /* BEGIN ATOMIC, dollar quotes (dry run, other formats) */
};

/* Scanner options (upstream ScannerOptions); presets via migrate_split_options. */
struct migrate_split_opts {
	bool match_begin;
	bool match_begin_atomic;
	bool match_dollar_quote;
	bool backslash_escapes;
	bool escaped_string_ext; /* as upstream: effectively inert (§3.3 quirk) */
	bool hash_comments;
	bool omit_delimiter;
	/* atlas-c only: when upstream's scan fails, migrate_split retries
	 * with real PostgreSQL E'...' strings (backslash escapes after a
	 * standalone E), so `E'it\'s'` splits instead of failing.  A retry
	 * happens only after a failure, so files upstream accepts split
	 * exactly as upstream splits them.  On in the POSTGRES preset. */
	bool pg_estring_retry;
	bool pg_estrings; /* the retry's rule itself */
	/* Tests only: scan every character the slow way (no byte-skipping
	 * fast paths, no memo of nested BEGIN scans: exponential on many
	 * unmatched BEGINs, like upstream), so tests and the fuzzer can check
	 * both give the same result. */
	bool reference;
};

struct migrate_split_opts migrate_split_options(enum migrate_dialect dialect);

struct migrate_stmt {
	struct str text;      /* trimmed statement text, points into the input */
	size_t pos;           /* byte offset of text in the input */
	unsigned line;        /* 1-based line of pos */
	const struct str *comments; /* leading comments (lint only) */
	size_t ncomments;
};

/*
 * Splits a buffer into statements (§3).  Texts point into `input`, which
 * must outlive the result.  Errors are upstream's `L:C: message` (e.g.
 * `3:27: unclosed quote '\''`), with the span's line/col also set (no file
 * name: callers prefix `scanning statements from "F": `).
 */
int migrate_split(struct migrate_stmt **out, size_t *n, struct arena *a,
		  const char *input, size_t len, const struct migrate_split_opts *opts,
		  struct diags *d) WUR;

/*
 * Streaming form for huge files: statements one at a time, with memory
 * independent of their number.  Returns 1 with *out filled (valid until the
 * next call), 0 at the end, -1 on error.  Release frees scratch storage.
 */
struct migrate_splitter;
struct migrate_splitter *migrate_splitter_new(struct arena *a, const char *input,
					      size_t len,
					      const struct migrate_split_opts *opts);
int migrate_splitter_next(struct migrate_stmt *out, struct migrate_splitter *s,
			  struct diags *d) WUR;
void migrate_splitter_release(struct migrate_splitter *s);

/*
 * The statements of a loaded file as the engine executes them: atlas
 * format uses the dialect's options; other formats use their own
 * extraction (goose/dbmate sections) and the generic options, like
 * upstream.  MIGRATE_DIALECT_GENERIC = the dry-run split (§4.8).
 */
int migrate_file_split(struct migrate_stmt **out, size_t *n, struct arena *a,
		       const struct migrate_dir *dir, const struct migrate_file *f,
		       enum migrate_dialect dialect, struct diags *d) WUR;

/*
 * Statement checksums (§4.6 step 3): one running SHA-256 over the texts;
 * out[i] = base64 digest after statement i (44 chars, no "h1:"), arena
 * array of n strings.
 */
char **migrate_stmt_hashes(struct arena *a, const struct migrate_stmt *stmts, size_t n);

/* Incremental form for streaming executors. */
struct migrate_stmt_hasher;
struct migrate_stmt_hasher *migrate_stmt_hasher_new(struct arena *a);
/* Feeds one statement text and writes the running digest into out. */
void migrate_stmt_hasher_add(struct migrate_stmt_hasher *h, struct str text,
			     char out[MIGRATE_HASH_LEN + 1]);
void migrate_stmt_hasher_release(struct migrate_stmt_hasher *h);

/* Go %q-style quoting (§6.7) of bytes, for messages. */
const char *migrate_go_quote(struct arena *a, const char *s, size_t len);

#endif
