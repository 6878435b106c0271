/*
 * Text encodings shared by every module that prints what a Go program
 * would: UTF-8 decoding with Go's validity rules, Go encoding/json
 * string literals (HTML-safe, invalid UTF-8 as \ufffd), and strconv.Quote /
 * QuoteRune with unicode.IsPrint (its table, printable.c, is generated),
 * and time.ParseDuration with Go's error texts.
 */
#include "util.h"

static const char lowerhex[] = "0123456789abcdef";

size_t util_utf8_decode(uint32_t *r, const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, i;
	uint32_t v;

	if (c < 0x80) {
		*r = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*r = UTIL_RUNE_INVALID;
		return 1;
	}
	if (len < n)
		goto invalid;
	for (i = 1; i < n; i++) {
		unsigned char b = s[i];

		/* Only the second byte has the narrowed range. */
		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
			goto invalid;
		v = (v << 6) | (b & 0x3F);
	}
	*r = v;
	return n;
invalid:
	*r = UTIL_RUNE_INVALID;
	return 1;
}

void util_json_string(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_addch(sb, '"');
	while (i < len) {
		unsigned char c = p[i];
		uint32_t r;
		size_t w;

		if (c < 0x80) {
			switch (c) {
			case '"':
				strbuf_addstr(sb, "\\\"");
				break;
			case '\\':
				strbuf_addstr(sb, "\\\\");
				break;
			case '\n':
				strbuf_addstr(sb, "\\n");
				break;
			case '\r':
				strbuf_addstr(sb, "\\r");
				break;
			case '\t':
				strbuf_addstr(sb, "\\t");
				break;
			case '\b':
				strbuf_addstr(sb, "\\b");
				break;
			case '\f':
				strbuf_addstr(sb, "\\f");
				break;
			default:
				/* Controls, and HTML-safe <, >, & (Go's default). */
				if (c < 0x20 || c == '<' || c == '>' || c == '&')
					strbuf_addf(sb, "\\u00%c%c",
						    lowerhex[c >> 4],
						    lowerhex[c & 0xF]);
				else
					strbuf_addch(sb, (char)c);
			}
			i++;
			continue;
		}
		w = util_utf8_decode(&r, p + i, len - i);
		if (r == UTIL_RUNE_INVALID)
			strbuf_addstr(sb, "\\ufffd");
		else if (r == 0x2028 || r == 0x2029)
			strbuf_addf(sb, "\\u%04x", (unsigned)r);
		else
			strbuf_add(sb, p + i, w);
		i += w;
	}
	strbuf_addch(sb, '"');
}

void util_utf8_put(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 4);
	}
}

/* ---- strconv.Quote ------------------------------------------------------ */

bool util_go_isprint(uint32_t r)
{
	size_t lo = 0, hi = util_printable_nranges;

	if (r < 0x80)
		return r >= 0x20 && r < 0x7F;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r < util_printable_ranges[mid][0])
			hi = mid;
		else if (r > util_printable_ranges[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static void add_escaped_rune(struct strbuf *sb, uint32_t r, char quote)
{
	static const char simple[][2] = {
		{ '\a', 'a' }, { '\b', 'b' }, { '\f', 'f' }, { '\n', 'n' },
		{ '\r', 'r' }, { '\t', 't' }, { '\v', 'v' },
	};
	size_t i;

	if (r == (uint32_t)(unsigned char)quote || r == '\\') {
		strbuf_addch(sb, '\\');
		strbuf_addch(sb, (char)r);
		return;
	}
	for (i = 0; i < ARRAY_LEN(simple); i++) {
		if (r == (uint32_t)simple[i][0]) {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, simple[i][1]);
			return;
		}
	}
	if (r < 0x20 || r == 0x7F)
		strbuf_addf(sb, "\\x%c%c", lowerhex[r >> 4], lowerhex[r & 0xF]);
	else if (r < 0x10000)
		strbuf_addf(sb, "\\u%04x", (unsigned)r);
	else
		strbuf_addf(sb, "\\U%08x", (unsigned)r);
}

void util_go_quote(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_addch(sb, '"');
	while (i < len) {
		uint32_t r;
		size_t w = util_utf8_decode(&r, p + i, len - i);

		if (r == UTIL_RUNE_INVALID) {
			strbuf_addf(sb, "\\x%c%c", lowerhex[p[i] >> 4],
				    lowerhex[p[i] & 0xF]);
		} else if (r != '"' && r != '\\' && util_go_isprint(r)) {
			strbuf_add(sb, p + i, w);
		} else {
			add_escaped_rune(sb, r, '"');
		}
		i += w;
	}
	strbuf_addch(sb, '"');
}

void util_go_quote_rune(struct strbuf *sb, uint32_t r)
{
	if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		r = 0xFFFD;
	strbuf_addch(sb, '\'');
	if (r != '\'' && r != '\\' && util_go_isprint(r)) {
		util_utf8_put(sb, r);
	} else {
		add_escaped_rune(sb, r, '\'');
	}
	strbuf_addch(sb, '\'');
}

/* ---- time.ParseDuration ------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void go_quote_str(struct strbuf *sb, const char *s)
{
	util_go_quote(sb, s, strlen(s));
}

static int duration_error(struct diags *d, const char *what, const char *unit, size_t ulen,
			  const char *orig)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "time: ");
	strbuf_addstr(&sb, what);
	if (unit) {
		util_go_quote(&sb, unit, ulen);
		strbuf_addstr(&sb, " in duration ");
	}
	go_quote_str(&sb, orig);
	diag_errorf(d, NULL, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

int util_go_duration_parse(int64_t *out, const char *orig, struct diags *d)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
		{ "ns", 1 },
		{ "us", 1000 },
		{ "\xc2\xb5s", 1000 }, /* U+00B5 micro sign */
		{ "\xce\xbcs", 1000 }, /* U+03BC Greek mu */
		{ "ms", 1000000 },
		{ "s", 1000000000ULL },
		{ "m", 60ULL * 1000000000ULL },
		{ "h", 3600ULL * 1000000000ULL },
	};
	const uint64_t lim = 1ULL << 63;
	const char *s = orig;
	bool neg = false;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!strcmp(s, "0")) {
		*out = 0;
		return 0;
	}
	if (!*s)
		return duration_error(d, "invalid duration ", NULL, 0, orig);
	uint64_t total = 0;
	while (*s) {
		uint64_t v = 0, f = 0;
		double scale = 1;
		if (!(*s == '.' || is_digit(*s)))
			return duration_error(d, "invalid duration ", NULL, 0, orig);
		const char *p0 = s;
		for (; is_digit(*s); s++) {
			if (v > lim / 10)
				return duration_error(d, "invalid duration ", NULL, 0, orig);
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > lim)
				return duration_error(d, "invalid duration ", NULL, 0, orig);
		}
		bool pre = s != p0, post = false;
		if (*s == '.') {
			s++;
			const char *p1 = s;
			bool overflow = false;
			for (; is_digit(*s); s++) {
				if (overflow)
					continue;
				if (f > (lim - 1) / 10) {
					overflow = true;
					continue;
				}
				uint64_t y = f * 10 + (uint64_t)(*s - '0');
				if (y > lim) {
					overflow = true;
					continue;
				}
				f = y;
				scale *= 10;
			}
			post = s != p1;
		}
		if (!pre && !post)
			return duration_error(d, "invalid duration ", NULL, 0, orig);
		const char *u0 = s;
		while (*s && *s != '.' && !is_digit(*s))
			s++;
		if (s == u0)
			return duration_error(d, "missing unit in duration ", NULL, 0, orig);
		size_t ul = (size_t)(s - u0);
		uint64_t unit = 0;
		for (size_t i = 0; i < ARRAY_LEN(units); i++)
			if (strlen(units[i].name) == ul && !memcmp(units[i].name, u0, ul))
				unit = units[i].ns;
		if (!unit)
			return duration_error(d, "unknown unit ", u0, ul, orig);
		if (v > lim / unit)
			return duration_error(d, "invalid duration ", NULL, 0, orig);
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > lim)
				return duration_error(d, "invalid duration ", NULL, 0, orig);
		}
		total += v;
		if (total > lim)
			return duration_error(d, "invalid duration ", NULL, 0, orig);
	}
	if (neg) {
		*out = total == lim ? INT64_MIN : -(int64_t)total;
		return 0;
	}
	if (total > lim - 1)
		return duration_error(d, "invalid duration ", NULL, 0, orig);
	*out = (int64_t)total;
	return 0;
}
