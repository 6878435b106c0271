/*
 * directive: the `atlas:NAME [ARG]` directive matcher (upstream's regular
 * expression `^([ -~]*)atlas:(\w+)(?: +(.+))*`, spec §1.6 step 3), the file
 * header block that holds file directives (§1.6 steps 1-2, with the CRLF
 * quirk), the `atlas:sum ignore` test (§2.3), and the text helpers the
 * folder shares: Go's UTF-8 decoding, unicode.IsSpace, strings.TrimSpace and
 * strconv.Quote.  Which directive means what (txmode rules, checkpoints in
 * the pending computation) is left to the plan and executor.
 */
#include "migrate/internal.h"

int32_t migrate_utf8_decode(const unsigned char *p, size_t n, int *width)
{
	unsigned c = p[0];
	int32_t r;

	*width = 1;
	if (c < 0x80)
		return (int32_t)c;
	if (c >= 0xC2 && c <= 0xDF) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0xFFFD;
		*width = 2;
		return (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F));
	}
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned lo = 0x80, hi = 0xBF;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F; /* no surrogates */
		if (n < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0xFFFD;
		*width = 3;
		return (int32_t)(((c & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F));
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned lo = 0x80, hi = 0xBF;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		if (n < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0xFFFD;
		*width = 4;
		r = (int32_t)(((c & 0x07) << 18) | ((unsigned)(p[1] & 0x3F) << 12) |
			      ((unsigned)(p[2] & 0x3F) << 6) | (p[3] & 0x3F));
		return r;
	}
	return 0xFFFD;
}

bool migrate_is_space(int32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return true;
	default:
		return r >= 0x2000 && r <= 0x200A;
	}
}

/* Width of a space code point ending at p[n-1], or 0 (DecodeLastRune). */
static size_t last_space_width(const unsigned char *p, size_t n)
{
	unsigned c = p[n - 1];
	size_t start;
	int w;

	if (c < 0x80)
		return migrate_is_space((int32_t)c) ? 1 : 0;
	if ((c & 0xC0) != 0x80)
		return 0;
	/* Find the start byte within the last 4 bytes. */
	for (start = n - 1; start > 0 && n - start < 4 && (p[start] & 0xC0) == 0x80; start--)
		;
	if ((p[start] & 0xC0) == 0x80)
		return 0;
	if (!migrate_is_space(migrate_utf8_decode(p + start, n - start, &w)) ||
	    (size_t)w != n - start)
		return 0;
	return (size_t)w;
}

struct str migrate_trim_space(struct str s)
{
	while (s.len) {
		unsigned char c = (unsigned char)s.p[0];
		int w = 1;
		int32_t r = c;

		if (c >= 0x80)
			r = migrate_utf8_decode((const unsigned char *)s.p, s.len, &w);
		if (!migrate_is_space(r))
			break;
		s.p += w;
		s.len -= (size_t)w;
	}
	while (s.len) {
		size_t w = last_space_width((const unsigned char *)s.p, s.len);
		if (!w)
			break;
		s.len -= w;
	}
	return s;
}

bool migrate_directive_match(struct str *prefix, struct str *name, struct str *arg,
			     const char *s, size_t len)
{
	size_t run = 0, p, q, k, e;
	bool found = false;

	while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] <= 0x7E)
		run++;
	/* Greedy prefix: the last "atlas:" followed by a word character. */
	for (p = run >= 7 ? run - 7 + 1 : 0; p-- > 0;) {
		if (memcmp(s + p, "atlas:", 6) == 0 && p + 6 < run &&
		    ((s[p + 6] >= '0' && s[p + 6] <= '9') || (s[p + 6] >= 'a' && s[p + 6] <= 'z') ||
		     (s[p + 6] >= 'A' && s[p + 6] <= 'Z') || s[p + 6] == '_')) {
			found = true;
			break;
		}
	}
	if (!found)
		return false;
	q = p + 6;
	while (q < len && ((s[q] >= '0' && s[q] <= '9') || (s[q] >= 'a' && s[q] <= 'z') ||
			   (s[q] >= 'A' && s[q] <= 'Z') || s[q] == '_'))
		q++;
	*prefix = (struct str){ s, p };
	*name = (struct str){ s + p + 6, q - p - 6 };
	for (k = 0; q + k < len && s[q + k] == ' '; k++)
		;
	for (e = q + k; e < len && s[e] != '\n'; e++)
		;
	if (k >= 1 && q + k < e)
		*arg = (struct str){ s + q + k, e - q - k };
	else if (k >= 2)
		*arg = (struct str){ s + e - 1, 1 }; /* " +" gives one back to ".+" */
	else
		*arg = (struct str){ s + q, 0 };
	return true;
}

bool migrate_is_sum_ignored(const char *content, size_t len)
{
	struct str pre, name, arg;

	return migrate_directive_match(&pre, &name, &arg, content, len) && str_eq(name, "sum") &&
	       arg.len == 6 && memcmp(arg.p, "ignore", 6) == 0;
}

/*
 * The header comments (LocalFile.comments): consecutive lines starting with
 * "#" or "--" at byte 0, each trimmed; they count only when followed by a
 * blank line (spaces and tabs allowed before its LF) or the end of the file
 * right after a LF.  Calls fn for each; returns false when there is no
 * header.
 */
static size_t header_comments(struct str *out, size_t max, const char *c, size_t len,
			      bool *valid)
{
	size_t n = 0, off = 0;

	*valid = false;
	while (off < len && (c[off] == '#' || (len - off >= 2 && c[off] == '-' && c[off + 1] == '-'))) {
		const char *lf = memchr(c + off, '\n', len - off);
		if (!lf)
			return n; /* comments-only file without final LF: no header */
		if (n < max)
			out[n] = migrate_trim_space((struct str){ c + off, (size_t)(lf - (c + off)) });
		n++;
		off = (size_t)(lf - c) + 1;
	}
	if (off < len) {
		size_t i = off;
		while (i < len && (c[i] == ' ' || c[i] == '\t'))
			i++;
		if (i >= len || c[i] != '\n')
			return n;
	}
	*valid = true;
	return n;
}

size_t migrate_header_directive(const char ***out, struct arena *a, const char *content,
				size_t len, const char *name)
{
	bool valid;
	size_t total = header_comments(NULL, 0, content, len, &valid), n = 0;
	struct str *cs;

	*out = NULL;
	if (!valid || !total)
		return 0;
	cs = arena_alloc(a, total * sizeof(*cs));
	header_comments(cs, total, content, len, &valid);
	for (size_t i = 0; i < total; i++) {
		struct str pre, nm, arg;
		if (migrate_directive_match(&pre, &nm, &arg, cs[i].p, cs[i].len) && str_eq(nm, name)) {
			if (!*out)
				*out = arena_alloc(a, total * sizeof(**out));
			(*out)[n++] = arena_strndup(a, arg.p, arg.len);
		}
	}
	return n;
}

void migrate_file_parse_header(struct migrate_file *f, struct arena *a, const char *content,
			       size_t len)
{
	const char **cks;

	f->sum_ignored = migrate_is_sum_ignored(content, len);
	f->ntxmodes = migrate_header_directive(&f->txmodes, a, content, len, "txmode");
	f->checkpoint = migrate_header_directive(&cks, a, content, len, "checkpoint") > 0;
	f->checkpoint_tag = f->checkpoint ? cks[0] : NULL;
}


const char *migrate_go_quote(struct arena *a, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	util_go_quote(&sb, s, len);
	const char *res = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return res;
}
