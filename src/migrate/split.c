/*
 * split: the statement splitter (spec migrate.md §3), reproducing upstream
 * Atlas's scanner (sql/migrate lex.go) including its quirks, because the
 * statement list feeds the revision table (total, per-statement hashes)
 * shared with upstream.  It works on a borrowed buffer: statement texts and
 * comments are slices of it, so splitting copies nothing.
 *
 * The scanner mirrors upstream's state: `in` is the rest of the input from
 * the start of the current statement, `pos` the offset inside it, `total`
 * the bytes consumed so far, `width` the size of the last code point.  BEGIN
 * and BEGIN ATOMIC bodies are scanned by a nested scanner over the rest of
 * the buffer; a failed nested scan means "the rule does not apply".
 *
 * Things upstream does not do, all invisible in the output:
 *  - nested scans are memoised by the absolute offset of the statement they
 *    start at (the outcome only depends on that offset while the delimiter
 *    is `;`), which removes upstream's exponential rescans of many
 *    unmatched BEGINs;
 *  - "no closing `*` `/` or LF after offset X" is remembered, so many
 *    unterminated comments do not rescan the tail, and the white-space run
 *    used by the BEGIN rules is cached.
 *  - bytes that cannot start any rule are skipped in a tight loop, and
 *    quoted text is skipped with memchr when backslashes do not escape; the
 *    `reference` option turns these and the memo off so tests and the
 *    fuzzer can check the results are identical.
 * Nesting deeper than SPLIT_MAX_DEPTH counts as a failed nested scan (upstream
 * recurses without limit); no real file comes near it.
 *
 * One deliberate improvement, invisible for files upstream accepts: with
 * the PostgreSQL preset, a file on which upstream's scan fails is scanned
 * once more with real E'...' strings (backslash escapes), so
 * `E'it\'s'` works (migrate_split only; the streaming form reports the
 * upstream error).
 *
 * What this module leaves to others: which options apply (dialect presets
 * here, the choice in the caller), the file-level extraction of goose and
 * dbmate files (format.c), and hashing (sum.c).
 */
#include "migrate/internal.h"

#include <errno.h>

#define SPLIT_MAX_DEPTH 512
#define EOS (-1)

/* Nested-scan memo: open addressing, key = absolute offset + 1 (0 = empty). */
struct memo_slot {
	size_t key;
	ptrdiff_t end; /* -1: the nested scan fails; else absolute end offset */
};

struct memo {
	struct memo_slot *slots;
	size_t cap, used;
};

/* State shared by a scanner and all its nested scanners. */
struct shared {
	const char *buf; /* the whole buffer */
	size_t len;
	struct arena *arena;
	size_t no_lf_from;   /* no '\n' at or after this absolute offset */
	size_t no_cend_from; /* no "*" "/" at or after this absolute offset */
	size_t ws_from, ws_to; /* cached white-space run [from, to) */
	struct memo memo[2];   /* 0: BEGIN groups, 1: BEGIN ATOMIC bodies */
};

struct scan {
	const struct migrate_split_opts *opts;
	struct shared *sh;
	const char *src; /* the text init() was given (error positions) */
	size_t srclen;
	const char *in; /* current statement start */
	size_t inlen;
	size_t pos, total;
	int width;
	const char *delim;
	size_t delimlen;
	int depth;
	bool collect; /* keep leading comments (top level only) */
	bool cut;     /* init() removed a delimiter line (memo unsafe) */
	struct str *comments; /* malloc-owned */
	size_t ncomments, comments_cap;
};

struct migrate_splitter {
	struct scan s;
	struct shared sh;
	bool started;
	bool done;
	int init_rc;
	struct diags init_diags;
};

struct migrate_split_opts migrate_split_options(enum migrate_dialect dialect)
{
	struct migrate_split_opts o = { 0 };

	switch (dialect) {
	case MIGRATE_DIALECT_POSTGRES:
		o.match_begin = true;
		o.match_begin_atomic = true;
		o.match_dollar_quote = true;
		o.escaped_string_ext = true; /* as upstream's driver; inert (§3.3) */
		o.pg_estring_retry = true;
		break;
	case MIGRATE_DIALECT_SQLITE:
		o.match_begin = true;
		break;
	case MIGRATE_DIALECT_MYSQL:
		o.match_begin = true;
		o.backslash_escapes = true;
		o.hash_comments = true;
		break;
	case MIGRATE_DIALECT_GENERIC:
		o.match_begin_atomic = true;
		o.match_dollar_quote = true;
		break;
	}
	return o;
}

/* ---- small helpers ----------------------------------------------------- */

/* Go regexp \s: [\t\n\f\r ]. */
static bool re_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static size_t abs_off(const struct scan *s, const char *p)
{
	return (size_t)(p - s->sh->buf);
}

/* End of the \s run starting at absolute offset `from` (cached). */
static size_t ws_run_end(struct shared *sh, size_t from)
{
	size_t i;

	if (from >= sh->ws_from && from < sh->ws_to)
		return sh->ws_to;
	for (i = from; i < sh->len && re_space((unsigned char)sh->buf[i]); i++)
		;
	sh->ws_from = from;
	sh->ws_to = i;
	return i;
}

static bool word_ci(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (c != (unsigned char)w[i])
			return false;
	}
	return true;
}

/*
 * Matches `(?i)^\s*W1\s+[W2\s+]` at absolute offset `at` of the buffer,
 * where the text ends at `end` (an absolute offset: nested scanners see the
 * same tail).  Returns the match length or 0.
 */
static size_t match_words(struct shared *sh, size_t at, size_t end, const char *w1,
			  const char *w2)
{
	size_t p = at, q;
	unsigned char c;

	if (p >= end)
		return 0;
	c = (unsigned char)sh->buf[p];
	if (re_space(c)) {
		p = ws_run_end(sh, p);
		if (p > end)
			p = end;
	} else if (c != (unsigned char)w1[0] && c != (unsigned char)(w1[0] - 'A' + 'a')) {
		return 0;
	}
	if (!word_ci(sh->buf + p, sh->buf + end, w1))
		return 0;
	p += strlen(w1);
	if (p >= end || !re_space((unsigned char)sh->buf[p]))
		return 0;
	q = ws_run_end(sh, p);
	p = q > end ? end : q;
	if (w2) {
		if (!word_ci(sh->buf + p, sh->buf + end, w2))
			return 0;
		p += strlen(w2);
		if (p >= end || !re_space((unsigned char)sh->buf[p]))
			return 0;
		q = ws_run_end(sh, p);
		p = q > end ? end : q;
	}
	return p - at;
}

/* ---- memo -------------------------------------------------------------- */

static size_t memo_hash(size_t k)
{
	uint64_t x = (uint64_t)k * 0x9E3779B97F4A7C15ull;
	return (size_t)(x ^ (x >> 29));
}

static bool memo_get(const struct memo *m, size_t off, ptrdiff_t *end)
{
	size_t i;

	if (!m->cap)
		return false;
	for (i = memo_hash(off + 1) & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].key == off + 1) {
			*end = m->slots[i].end;
			return true;
		}
	}
	return false;
}

static void memo_put(struct memo *m, size_t off, ptrdiff_t end)
{
	size_t i;

	if ((m->used + 1) * 2 > m->cap) {
		struct memo old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slots = util_xcalloc(m->cap, sizeof(*m->slots));
		m->used = 0;
		for (i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				memo_put(m, old.slots[i].key - 1, old.slots[i].end);
		free(old.slots);
	}
	for (i = memo_hash(off + 1) & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].key == off + 1) {
			m->slots[i].end = end;
			return;
		}
	}
	m->slots[i].key = off + 1;
	m->slots[i].end = end;
	m->used++;
}

/* ---- scanner core ------------------------------------------------------ */

static int32_t next(struct scan *s)
{
	int32_t r;

	if (s->pos >= s->inlen)
		return EOS;
	if ((unsigned char)s->in[s->pos] < 0x80) {
		r = (unsigned char)s->in[s->pos];
		s->width = 1;
	} else {
		r = migrate_utf8_decode((const unsigned char *)s->in + s->pos, s->inlen - s->pos,
					&s->width);
	}
	s->pos += (size_t)s->width;
	s->total += (size_t)s->width;
	return r;
}

static int32_t pick(struct scan *s)
{
	size_t p = s->pos, t = s->total;
	int w = s->width;
	int32_t r = next(s);

	s->pos = p;
	s->total = t;
	s->width = w;
	return r;
}

static void add_pos(struct scan *s, ptrdiff_t n)
{
	s->pos = (size_t)((ptrdiff_t)s->pos + n);
	s->total = (size_t)((ptrdiff_t)s->total + n);
}

static void skip_spaces(struct scan *s)
{
	size_t i = 0;

	while (i < s->inlen) {
		unsigned char c = (unsigned char)s->in[i];
		int w = 1;
		int32_t r = c;

		if (c >= 0x80)
			r = migrate_utf8_decode((const unsigned char *)s->in + i, s->inlen - i, &w);
		if (!migrate_is_space(r))
			break;
		i += (size_t)w;
	}
	s->in += i;
	s->inlen -= i;
	s->total += i;
}

/* upstream's error(): "L:C: msg" where the offset counts from src. */
static int scan_error(struct scan *s, struct diags *d, size_t pos, const char *fmt, ...)
	PRINTF_LIKE(4, 5);

static int scan_error(struct scan *s, struct diags *d, size_t pos, const char *fmt, ...)
{
	size_t p = (size_t)(s->in - s->src) + pos, i, lastlf = (size_t)-1;
	unsigned line = 1, col;
	struct span sp = { 0 };
	va_list ap;
	char *msg;

	if (!d)
		return -1;
	for (i = 0; i < p && i < s->srclen; i++) {
		if (s->src[i] == '\n') {
			line++;
			lastlf = i;
		}
	}
	col = line == 1 ? (unsigned)p : (unsigned)(p - lastlf - 1);
	va_start(ap, fmt);
	msg = arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
	sp.start.line = line;
	sp.start.col = col;
	sp.start.off = abs_off(s, s->src) + p;
	sp.end = sp.start;
	return diag_errorf(d, &sp, "%u:%u: %s", line, col, msg);
}

static const char *quote_rune(int32_t q)
{
	switch (q) {
	case '\'':
		return "'\\''";
	case '"':
		return "'\"'";
	default:
		return "'`'";
	}
}

static int set_delim(struct scan *s, struct diags *d, const char *v, size_t n)
{
	char *out;
	size_t i, j = 0;

	if (n == 0) {
		if (d)
			diag_errorf(d, NULL, "empty delimiter");
		return -1;
	}
	/* Unescape \n, \r and \t (strings.NewReplacer: left to right). */
	out = arena_alloc(s->sh->arena, n + 1);
	for (i = 0; i < n; i++) {
		if (v[i] == '\\' && i + 1 < n &&
		    (v[i + 1] == 'n' || v[i + 1] == 'r' || v[i + 1] == 't')) {
			out[j++] = v[i + 1] == 'n' ? '\n' : v[i + 1] == 'r' ? '\r' : '\t';
			i++;
		} else {
			out[j++] = v[i];
		}
	}
	s->delim = out;
	s->delimlen = j;
	return 0;
}

static bool delim_is_default(const struct scan *s)
{
	return s->delimlen == 1 && s->delim[0] == ';';
}

static int scan_init(struct scan *s, struct shared *sh, const struct migrate_split_opts *opts,
		     const char *input, size_t len, int depth, bool collect, struct diags *d)
{
	struct str prefix, name, arg;

	memset(s, 0, sizeof(*s));
	s->opts = opts;
	s->sh = sh;
	s->src = s->in = input;
	s->srclen = s->inlen = len;
	s->delim = ";";
	s->delimlen = 1;
	s->depth = depth;
	s->collect = collect;
	/* The prefix must be exactly "-- ", so the line starts "-- atlas:";
	 * checking that first keeps nested scans of a long line linear. */
	if (len >= 9 && memcmp(input, "-- atlas:", 9) == 0 &&
	    migrate_directive_match(&prefix, &name, &arg, input, len) &&
	    str_eq(name, "delimiter") && prefix.len == 3 && memcmp(prefix.p, "-- ", 3) == 0) {
		const char *lf;

		if (set_delim(s, d, arg.p, arg.len) < 0)
			return -1;
		lf = memchr(input, '\n', len);
		if (!lf) {
			if (d)
				return scan_error(s, d, 0, "no input found after delimiter %s",
						  migrate_go_quote(d->arena, arg.p, arg.len));
			return -1;
		}
		s->in = lf + 1;
		s->inlen = len - (size_t)(lf + 1 - input);
		s->cut = true;
	}
	return 0;
}

static void comments_clear(struct scan *s)
{
	s->ncomments = 0;
}

static void comments_push(struct scan *s, struct str c)
{
	if (!s->collect)
		return;
	if (s->ncomments == s->comments_cap) {
		size_t cap = s->comments_cap ? s->comments_cap * 2 : 8;
		s->comments = util_xrealloc(s->comments, cap * sizeof(*s->comments));
		s->comments_cap = cap;
	}
	s->comments[s->ncomments++] = c;
}

/* Finds `right` at or after in+pos; returns its offset from there, or -1. */
static ptrdiff_t find_close(struct scan *s, bool lf)
{
	size_t start = abs_off(s, s->in + s->pos);
	const char *p = s->in + s->pos, *end = s->in + s->inlen, *hit;
	size_t *nofrom = lf ? &s->sh->no_lf_from : &s->sh->no_cend_from;

	/* Nested inputs always end where the buffer ends. */
	if (start >= *nofrom)
		return -1;
	if (lf) {
		hit = memchr(p, '\n', (size_t)(end - p));
	} else {
		hit = NULL;
		for (const char *q = p; q + 1 < end; q++) {
			q = memchr(q, '*', (size_t)(end - q - 1));
			if (!q)
				break;
			if (q[1] == '/') {
				hit = q;
				break;
			}
		}
	}
	if (!hit) {
		if (end == s->sh->buf + s->sh->len)
			*nofrom = start;
		return -1;
	}
	return hit - p;
}

static void comment(struct scan *s, size_t leftlen, bool lf)
{
	ptrdiff_t i = find_close(s, lf);
	size_t rlen = lf ? 1 : 2;

	if (i < 0)
		return; /* not a comment */
	if (s->pos != leftlen) {
		add_pos(s, i + (ptrdiff_t)rlen);
		return;
	}
	add_pos(s, i + (ptrdiff_t)rlen);
	comments_push(s, (struct str){ s->in, s->pos });
	s->in += s->pos;
	s->inlen -= s->pos;
	s->pos = 0;
	/* A blank line detaches the collected group from the statement. */
	if ((s->inlen >= 2 && s->in[0] == '\n' && s->in[1] == '\n') ||
	    (lf && s->inlen >= 1 && s->in[0] == '\n'))
		comments_clear(s);
	skip_spaces(s);
}

static int skip_quote(struct scan *s, struct diags *d, int32_t q)
{
	size_t pos = s->pos;
	bool escaped = s->opts->backslash_escapes ||
		       (s->opts->escaped_string_ext && s->pos > 0 &&
			(s->in[s->pos - 1] == 'E' || s->in[s->pos - 1] == 'e'));

	/* The retry's rule: the quote follows an E that starts a token. */
	if (!escaped && s->opts->pg_estrings && s->pos >= 2 &&
	    (s->in[s->pos - 2] == 'E' || s->in[s->pos - 2] == 'e')) {
		unsigned char b = s->pos >= 3 ? (unsigned char)s->in[s->pos - 3] : ' ';
		escaped = !((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
			    (b >= 'A' && b <= 'Z') || b == '_' || b == '$' || b >= 0x80);
	}

	if (!escaped && !s->opts->reference) {
		/* Nothing but the closing quote matters; quotes are ASCII and
		 * never part of a UTF-8 sequence, so a byte search is exact. */
		const char *c = memchr(s->in + s->pos, (int)q, s->inlen - s->pos);
		size_t to = c ? (size_t)(c - s->in) + 1 : s->inlen;

		s->total += to - s->pos;
		s->pos = to;
		s->width = 1;
		if (!c)
			return scan_error(s, d, pos, "unclosed quote %s", quote_rune(q));
		return 0;
	}
	for (;;) {
		int32_t r = next(s);

		if (r == EOS)
			return scan_error(s, d, pos, "unclosed quote %s", quote_rune(q));
		if (r == '\\' && escaped)
			next(s);
		else if (r == q)
			return 0;
	}
}

/* Length of a dollar-quote opener at p (`$tag$`), or 0. */
static size_t dollar_opener(const char *p, size_t n)
{
	size_t i = 1;
	bool first = true;

	if (n < 2 || p[0] != '$')
		return 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (c == '$')
			return i + 1;
		if (c == 0xC3 && i + 1 < n && (unsigned char)p[i + 1] >= 0x88 &&
		    (unsigned char)p[i + 1] <= 0xBF) {
			/* U+00C8 .. U+00FF */
			i += 2;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
			   (!first && c >= '0' && c <= '9')) {
			i++;
		} else {
			return 0;
		}
		first = false;
	}
	return 0;
}

static void skip_dollar_quote(struct scan *s)
{
	const char *m = s->in + s->pos - 1;
	size_t mlen = dollar_opener(m, s->inlen - s->pos + 1);

	add_pos(s, (ptrdiff_t)mlen - 1);
	for (;;) {
		int32_t r = next(s);

		/* Unterminated: silently runs to the end (upstream quirk). */
		if (r == EOS)
			return;
		if (r == '$' && s->inlen - (s->pos - 1) >= mlen &&
		    memcmp(s->in + s->pos - 1, m, mlen) == 0) {
			add_pos(s, (ptrdiff_t)mlen - 1);
			return;
		}
	}
}

static struct str emit(struct scan *s, const char *text, size_t len, size_t *spos)
{
	struct str t = { text, len };

	*spos = s->total - len;
	s->in += s->pos;
	s->inlen -= s->pos;
	s->pos = 0;
	if ((s->opts->omit_delimiter || !delim_is_default(s)) && t.len >= s->delimlen &&
	    memcmp(t.p + t.len - s->delimlen, s->delim, s->delimlen) == 0)
		t.len -= s->delimlen;
	return migrate_trim_space(t);
}

static int stmt(struct scan *s, struct str *text, size_t *spos, struct diags *d);

/* A DELIMITER command (MySQL client): sets the delimiter, drops the line. */
static int delim_cmd(struct scan *s, struct diags *d)
{
	struct str v;
	size_t dummy;
	int32_t r;

	if (pick(s) != ' ')
		return 0;
	for (r = pick(s); r != EOS && r != '\n'; r = next(s))
		;
	v = migrate_trim_space((struct str){ s->in + 9, s->pos - 9 });
	if (v.len >= 2 && v.p[0] == '\'' && v.p[v.len - 1] == '\'') {
		/* '' inside the quotes stands for one quote. */
		char *u = arena_alloc(s->sh->arena, v.len);
		size_t j = 0;
		for (size_t i = 1; i + 1 < v.len; i++) {
			u[j++] = v.p[i];
			if (v.p[i] == '\'' && i + 2 < v.len && v.p[i + 1] == '\'')
				i++;
		}
		v.p = u;
		v.len = j;
	} else if (v.len == 1 && v.p[0] == '\'') {
		/* strings.HasPrefix and HasSuffix both hold for a lone quote:
		 * delim[1:0] panics upstream; treat it as empty. */
		v.len = 0;
	}
	if (set_delim(s, d, v.p, v.len) < 0)
		return -1;
	emit(s, s->in, s->pos, &dummy);
	comments_clear(s);
	return 0;
}

/*
 * Scans the statements of a BEGIN body (kind 0: until `END` / `END;`) or a
 * BEGIN ATOMIC body (kind 1: until a statement starting with END) from
 * in+pos.  Returns 0 and advances pos past the body, or -1 (rule does not
 * apply; pos stays).
 */
static int skip_body(struct scan *s, int kind)
{
	struct scan body;
	const char *start = s->in + s->pos;
	size_t startoff = abs_off(s, start);
	size_t visited_cap = 16, nvisited = 0;
	size_t *visited;
	ptrdiff_t result = -1;
	int rc = -1;

	if (s->depth >= SPLIT_MAX_DEPTH)
		return -1;
	if (scan_init(&body, s->sh, s->opts, start, s->inlen - s->pos, s->depth + 1, false,
		      NULL) < 0)
		return -1;
	visited = util_xmalloc(visited_cap * sizeof(*visited));
	for (;;) {
		struct str text;
		size_t spos, at;
		ptrdiff_t memo;
		int r;

		skip_spaces(&body);
		at = abs_off(&body, body.in);
		if (!body.cut && delim_is_default(&body) && !s->opts->reference) {
			if (memo_get(&s->sh->memo[kind], at, &memo)) {
				result = memo;
				break;
			}
			if (nvisited == visited_cap) {
				visited = util_xrealloc(visited, (visited_cap *= 2) * sizeof(*visited));
			}
			visited[nvisited++] = at;
		}
		r = stmt(&body, &text, &spos, NULL);
		if (r <= 0)
			break; /* EOF or error: not a block */
		if (word_ci(text.p, text.p + text.len, "END")) {
			if (kind == 1) {
				result = (ptrdiff_t)abs_off(&body, body.in);
				break;
			}
			/* reEnd's match: END plus trailing \s*; the rest must be
			 * empty or the (outer) delimiter. */
			size_t m = 3;
			while (m < text.len && re_space((unsigned char)text.p[m]))
				m++;
			if (m == text.len ||
			    (text.len - m == s->delimlen &&
			     memcmp(text.p + m, s->delim, s->delimlen) == 0)) {
				result = (ptrdiff_t)abs_off(&body, body.in);
				break;
			}
		}
	}
	if (!body.cut && !s->opts->reference)
		for (size_t i = 0; i < nvisited; i++)
			memo_put(&s->sh->memo[kind], visited[i], result);
	free(visited);
	free(body.comments);
	if (result >= 0) {
		if (body.cut)
			add_pos(s, (ptrdiff_t)body.total); /* upstream's short count */
		else
			add_pos(s, result - (ptrdiff_t)startoff);
		rc = 0;
	}
	return rc;
}

/*
 * ASCII bytes that can start one of stmt()'s rules.  Every other ASCII
 * byte only advances the scan (the BEGIN rules need white space or a B at
 * the current byte), which is most of a file.
 */
static const bool special[128] = {
	['('] = true, [')'] = true, ['\''] = true, ['"'] = true, ['`'] = true,
	['$'] = true, ['#'] = true, ['-'] = true, ['/'] = true, ['B'] = true, ['b'] = true,
	[' '] = true, ['\t'] = true, ['\n'] = true, ['\f'] = true, ['\r'] = true,
};

/* Whether a BEGIN rule can match at the current byte: it must be a B, or
 * white space followed by more white space or a B. */
static bool begin_possible(const struct scan *s)
{
	unsigned char c = (unsigned char)s->in[s->pos - 1], n;

	if (s->opts->reference || c == 'B' || c == 'b')
		return true;
	if (!re_space(c) || s->pos >= s->inlen)
		return false;
	n = (unsigned char)s->in[s->pos];
	return re_space(n) || n == 'B' || n == 'b';
}

/* One statement: 1 with *text set, 0 at the end, -1 on error. */
static int stmt(struct scan *s, struct str *text, size_t *spos, struct diags *d)
{
	size_t depth = 0, opening = 0;
	const char *t = NULL;
	size_t tlen = 0;

	skip_spaces(s);
	for (;;) {
		/* Fast path: run over bytes that no rule can start on.  The
		 * first character of a statement always takes the slow path
		 * (DELIMITER and BEGIN look at it specially). */
		if (s->pos > 0 && !s->opts->reference) {
			size_t p = s->pos;
			unsigned char d0 = (unsigned char)s->delim[0];
			while (p < s->inlen) {
				unsigned char c = (unsigned char)s->in[p];
				if (c >= 0x80 || c == d0)
					break;
				if (special[c]) {
					/* white space matters only before more
					 * white space or a B (the BEGIN rules) */
					unsigned char n;
					if (!re_space(c) || p + 1 >= s->inlen)
						break;
					n = (unsigned char)s->in[p + 1];
					if (re_space(n) || n == 'B' || n == 'b')
						break;
				}
				p++;
			}
			if (p != s->pos) {
				s->total += p - s->pos;
				s->pos = p;
				s->width = 1;
			}
		}
		int32_t r = next(s);

		if (r >= 0 && r < 0x80 && !special[r] && r != (unsigned char)s->delim[0] &&
		    s->pos != 1 && !s->opts->reference)
			continue;
		if (r == EOS) {
			if (depth > 0)
				return scan_error(s, d, opening, "unclosed '('");
			if (s->pos > 0) {
				t = s->in;
				tlen = s->inlen;
				break;
			}
			return 0;
		}
		if (r == '(') {
			if (depth == 0)
				opening = s->pos;
			depth++;
		} else if (r == ')') {
			if (depth == 0)
				return scan_error(s, d, s->pos, "unexpected ')'");
			depth--;
		} else if (r == '\'' || r == '"' || r == '`') {
			if (skip_quote(s, d, r) < 0)
				return -1;
		} else if (s->pos == 1 && s->inlen > 9 && word_ci(s->in, s->in + s->inlen, "DELIMITER")) {
			add_pos(s, 8);
			if (delim_cmd(s, d) < 0)
				return -1;
			skip_spaces(s);
		} else if (depth == 0 && s->in[s->pos - (size_t)s->width] == s->delim[0] &&
			   s->inlen - (s->pos - (size_t)s->width) >= s->delimlen &&
			   memcmp(s->in + s->pos - s->width, s->delim, s->delimlen) == 0) {
			add_pos(s, (ptrdiff_t)s->delimlen - s->width);
			t = s->in;
			tlen = s->pos;
			break;
		} else if (s->opts->match_dollar_quote && r == '$' &&
			   dollar_opener(s->in + s->pos - 1, s->inlen - s->pos + 1)) {
			skip_dollar_quote(s);
		} else if (r == '#' && s->opts->hash_comments) {
			comment(s, 1, true);
		} else if (r == '-' && pick(s) == '-') {
			next(s);
			comment(s, 2, true);
		} else if (r == '/' && pick(s) == '*') {
			next(s);
			comment(s, 2, false);
		} else if (delim_is_default(s) && s->opts->match_begin_atomic && begin_possible(s) &&
			   match_words(s->sh, abs_off(s, s->in + s->pos - 1),
				       abs_off(s, s->in + s->inlen), "BEGIN", "ATOMIC")) {
			size_t m = match_words(s->sh, abs_off(s, s->in + s->pos - 1),
					       abs_off(s, s->in + s->inlen), "BEGIN", "ATOMIC");
			add_pos(s, (ptrdiff_t)m - 1);
			if (skip_body(s, 1) == 0) {
				t = s->in;
				tlen = s->pos;
				break;
			}
		} else if (delim_is_default(s) && s->opts->match_begin && begin_possible(s) &&
			   ((s->pos == 1 && match_words(s->sh, abs_off(s, s->in),
							abs_off(s, s->in + s->inlen), "BEGIN",
							NULL)) ||
			    (s->pos > 1 && match_words(s->sh, abs_off(s, s->in + s->pos - 2),
						       abs_off(s, s->in + s->inlen), "BEGIN",
						       NULL)))) {
			size_t m = match_words(s->sh, abs_off(s, s->in + s->pos - 1),
					       abs_off(s, s->in + s->inlen), "BEGIN", NULL);
			if (m) {
				add_pos(s, (ptrdiff_t)m - 1);
				if (skip_body(s, 0) == 0) {
					t = s->in;
					tlen = s->pos;
					break;
				}
			}
		}
	}
	*text = emit(s, t, tlen, spos);
	return 1;
}

/* ---- public API -------------------------------------------------------- */

static void shared_init(struct shared *sh, struct arena *a, const char *input, size_t len)
{
	memset(sh, 0, sizeof(*sh));
	sh->buf = input;
	sh->len = len;
	sh->arena = a;
	sh->no_lf_from = sh->no_cend_from = (size_t)-1;
}

static void shared_release(struct shared *sh)
{
	free(sh->memo[0].slots);
	free(sh->memo[1].slots);
	sh->memo[0].slots = sh->memo[1].slots = NULL;
}

struct migrate_splitter *migrate_splitter_new(struct arena *a, const char *input, size_t len,
					      const struct migrate_split_opts *opts)
{
	struct migrate_splitter *sp = arena_alloc(a, sizeof(*sp));
	struct migrate_split_opts *o = arena_memdup(a, opts, sizeof(*opts));

	shared_init(&sp->sh, a, input, len);
	diags_init(&sp->init_diags, a);
	sp->init_rc = scan_init(&sp->s, &sp->sh, o, input, len, 0, true, &sp->init_diags);
	sp->s.sh = &sp->sh;
	return sp;
}

static unsigned line_of(const char *buf, size_t off, size_t *cache_off, unsigned *cache_line)
{
	const char *p = buf + *cache_off, *end = buf + off;

	while (p < end) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		if (!lf)
			break;
		(*cache_line)++;
		p = lf + 1;
	}
	*cache_off = off;
	return *cache_line;
}

int migrate_splitter_next(struct migrate_stmt *out, struct migrate_splitter *sp,
			  struct diags *d)
{
	struct str text;
	size_t spos;
	int r;

	memset(out, 0, sizeof(*out));
	if (sp->done)
		return 0;
	if (sp->init_rc < 0) {
		sp->done = true;
		for (struct diag *g = sp->init_diags.head; d && g; g = g->next)
			diag_errorf(d, &g->span, "%s", g->summary);
		return -1;
	}
	comments_clear(&sp->s);
	r = stmt(&sp->s, &text, &spos, d);
	if (r <= 0) {
		sp->done = true;
		return r;
	}
	out->text = text;
	out->pos = (size_t)(text.p - sp->sh.buf);
	out->comments = sp->s.comments;
	out->ncomments = sp->s.ncomments;
	(void)spos;
	return 1;
}

void migrate_splitter_release(struct migrate_splitter *sp)
{
	if (!sp)
		return;
	free(sp->s.comments);
	sp->s.comments = NULL;
	shared_release(&sp->sh);
}

static int split_once(struct migrate_stmt **out, size_t *n, struct arena *a, const char *input,
		      size_t len, const struct migrate_split_opts *opts, struct diags *d)
{
	struct migrate_splitter *sp = migrate_splitter_new(a, input, len, opts);
	struct migrate_stmt *v = NULL, st;
	size_t cnt = 0, cap = 0, loff = 0;
	unsigned line = 1;
	int r;

	/* Grown with realloc and copied into the arena once at the end: arena
	 * growth would leave every smaller copy behind (2x for huge files). */
	while ((r = migrate_splitter_next(&st, sp, d)) == 1) {
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			v = util_xrealloc(v, ncap * sizeof(*v));
			cap = ncap;
		}
		if (st.ncomments)
			st.comments = arena_memdup(a, st.comments, st.ncomments * sizeof(struct str));
		else
			st.comments = NULL;
		st.line = line_of(input, st.pos, &loff, &line);
		v[cnt++] = st;
	}
	migrate_splitter_release(sp);
	if (r < 0) {
		free(v);
		return -1;
	}
	*out = cnt ? arena_memdup(a, v, cnt * sizeof(*v)) : NULL;
	*n = cnt;
	free(v);
	return 0;
}

int migrate_split(struct migrate_stmt **out, size_t *n, struct arena *a, const char *input,
		  size_t len, const struct migrate_split_opts *opts, struct diags *d)
{
	struct diags first;
	struct migrate_split_opts retry;

	*out = NULL;
	*n = 0;
	if (!opts->pg_estring_retry || opts->pg_estrings || opts->backslash_escapes)
		return split_once(out, n, a, input, len, opts, d);
	diags_init(&first, a);
	if (split_once(out, n, a, input, len, opts, &first) == 0)
		return 0;
	retry = *opts;
	retry.pg_estrings = true;
	if (split_once(out, n, a, input, len, &retry, NULL) == 0)
		return 0;
	for (struct diag *g = first.head; g; g = g->next)
		diag_errorf(d, &g->span, "%s", g->summary);
	return -1;
}
