/*
 * util: the base layer every other module stands on.
 *
 *   arena   one per command run; every allocation a stage returns lives in
 *           it and dies with arena_free() at exit.  arena_alloc() never
 *           returns NULL: on OOM it prints and exits (the only exit() below
 *           the cli layer).
 *   str     a borrowed slice (pointer + length) into some other buffer.
 *   strbuf  a growable malloc-backed buffer for building text; its owner
 *           releases it (strbuf_release) on every path, or copies it into
 *           the arena (strbuf_arena).
 *   diags   a list of diagnostics (severity, span, summary, detail) living
 *           in the arena.  diag_errorf() returns -1 so that error paths read
 *           `return diag_errorf(d, &span, "...")`.  diag_print() is the one
 *           renderer: `Error: file:line,col-endcol: summary; detail`.
 *
 * Ownership rule used everywhere: results are arena-owned unless a comment
 * says otherwise; strbufs and foreign handles have exactly one owner.
 * This module knows nothing of the modules above it.
 */
#ifndef ATLAS_UTIL_H
#define ATLAS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WUR __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- arena ------------------------------------------------------------- */

struct arena;

/* A fresh arena (malloc-owned by the caller; free with arena_free). */
struct arena *arena_new(void);
/* Frees the arena and everything allocated from it.  NULL is a no-op. */
void arena_free(struct arena *a);
/* Hands child's memory to a (freed with it) and frees child itself: for
 * an arena filled on a worker thread.  NULL is a no-op. */
void arena_adopt(struct arena *a, struct arena *child);
/* Zeroed memory aligned for any type; never NULL (exits on OOM). */
void *arena_alloc(struct arena *a, size_t n);
/* Grows an arena block; old contents copied, the old block simply stays. */
void *arena_realloc(struct arena *a, void *old, size_t old_n, size_t new_n);
void *arena_memdup(struct arena *a, const void *p, size_t n);
/* NUL-terminated copies. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for tests and memory accounting). */
size_t arena_used(const struct arena *a);

/* Heap scratch (arrays that must not pile up in the arena): like malloc,
 * calloc and realloc, but never NULL: on OOM they print and exit, as
 * arena_alloc does.  The caller frees the result. */
void *util_xmalloc(size_t n);
void *util_xcalloc(size_t nmemb, size_t size);
void *util_xrealloc(void *p, size_t n);

/* ---- str --------------------------------------------------------------- */

struct str {
	const char *p;
	size_t len;
};

#define STR_LIT(s) ((struct str){ (s), sizeof(s) - 1 })
struct str str_from(const char *s);
bool str_eq(struct str a, const char *s);
bool str_has_prefix(struct str a, const char *prefix);
bool str_has_suffix(struct str a, const char *suffix);

/* ---- strbuf ------------------------------------------------------------ */

/* buf is always NUL-terminated (it points at a static "" until it grows). */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
/* Frees the heap buffer and resets to empty. */
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *p, size_t n);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_setlen(struct strbuf *sb, size_t len);
/* An arena copy of the contents; sb is left unchanged (still owned). */
char *strbuf_arena(const struct strbuf *sb, struct arena *a);

/* ---- diagnostics ------------------------------------------------------- */

struct pos {
	unsigned line; /* 1-based; 0 = unknown */
	unsigned col;  /* 1-based, in characters */
	size_t off;    /* byte offset */
};

struct span {
	const char *file; /* NULL when the diagnostic has no source position */
	struct pos start;
	struct pos end; /* exclusive */
};

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

struct diag {
	enum diag_severity severity;
	struct span span;
	const char *summary;
	const char *detail; /* NULL or "" for none */
	struct diag *next;
};

struct diags {
	struct arena *arena;
	struct diag *head;
	struct diag *tail;
	size_t count;
	size_t errors;
};

void diags_init(struct diags *d, struct arena *a);
/* Appends an error with an optional span (NULL = none).  Returns -1. */
int diag_errorf(struct diags *d, const struct span *sp, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/* Appends an error with a summary and a detail (HCL style).  Returns -1. */
int diag_error_detail(struct diags *d, const struct span *sp, const char *summary,
		      const char *detail_fmt, ...) PRINTF_LIKE(4, 5);
void diag_warnf(struct diags *d, const struct span *sp, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/* Prefixes the summary of every diagnostic added after `mark` with
 * "<prefix>: " (e.g. "reading migration dir"). */
void diag_prefix_since(struct diags *d, struct diag *mark, const char *prefix);
bool diags_has_errors(const struct diags *d);
/* One diagnostic as text without the "Error: " prefix (arena copy):
 * "file:line,col-endcol: summary; detail" or just "summary". */
char *diag_format(struct arena *a, const struct diag *dg);
/*
 * The one renderer.  Prints the first error as `Error: <text>`, followed by
 * ", and N other diagnostic(s)" when there are more (hcl's convention).
 * Warnings are printed first, one per line, as `Warning: <text>`.
 */
void diag_print(FILE *f, const struct diags *d);

/* ---- text encodings (text.c) ------------------------------------------ */

/*
 * Decodes one UTF-8 sequence at s[0..len) (len >= 1) as Go's
 * utf8.DecodeRune does: returns its width and stores the code point, or
 * returns 1 and stores UTIL_RUNE_INVALID for an invalid byte.
 */
#define UTIL_RUNE_INVALID 0xFFFFFFFFu
size_t util_utf8_decode(uint32_t *r, const unsigned char *s, size_t len);
/* Appends the UTF-8 encoding of code point cp (<= 0x10FFFF). */
void util_utf8_put(struct strbuf *sb, uint32_t cp);
/* Appends a Go encoding/json string literal (quotes included): \" \\ \n
 * \r \t \b \f, other controls \u00xx, HTML-safe \u003c \u003e \u0026,
 * \u2028 \u2029, invalid UTF-8 as \ufffd. */
void util_json_string(struct strbuf *sb, const char *s, size_t len);
/* Go strconv.Quote: "..." with \" \\ \a \b \f \n \r \t \v, \xHH for
 * other controls and invalid UTF-8, \uHHHH/\UHHHHHHHH for code points Go's
 * unicode.IsPrint rejects (U+00A0, U+FEFF...), others verbatim. */
void util_go_quote(struct strbuf *sb, const char *s, size_t len);
/* Go strconv.QuoteRune: 'x', '\'', '"', '\n', '\x00'... */
void util_go_quote_rune(struct strbuf *sb, uint32_t rune);
/* Go time.ParseDuration ("10s", "1m30s", "-1.5h", "0"): 0, or -1 with
 * Go's text in d (`time: invalid duration "x"`, `time: missing unit in
 * duration "10"`, `time: unknown unit "d" in duration "1d"`). */
int util_go_duration_parse(int64_t *out, const char *s, struct diags *d) WUR;
/* Go unicode.IsPrint (Unicode 15.0, like Go 1.21+). */
bool util_go_isprint(uint32_t r);
extern const uint32_t util_printable_ranges[][2];
extern const size_t util_printable_nranges;

/* ---- small helpers ----------------------------------------------------- */

/* Reads a whole file into the arena (NUL-terminated; *len excludes it).
 * Returns 0, or -1 with errno set (no diagnostic: callers word it). */
int util_read_file(char **out, size_t *len, struct arena *a, const char *path) WUR;
/* Go's path.Clean of a slash-separated path (arena copy): removes "."
 * elements and duplicate slashes, resolves ".." lexically, "" -> ".". */
char *util_path_clean(struct arena *a, const char *p);
/* Monotonic and wall clocks in nanoseconds. */
int64_t util_now_mono_ns(void);
int64_t util_now_wall_ns(void);

#include "banned.h"

#endif
