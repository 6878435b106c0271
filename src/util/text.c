/*
 * Text encodings shared by every module that prints what a Go program
 * would: UTF-8 decoding with Go's validity rules, Go encoding/json
 * string literals (HTML-safe, invalid UTF-8 as \ufffd), and strconv.Quote /
 * QuoteRune with unicode.IsPrint (its table, printable.c, is generated).
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
		unsigned char buf[4];
		size_t n;

		if (r < 0x80) {
			buf[0] = (unsigned char)r;
			n = 1;
		} else if (r < 0x800) {
			buf[0] = (unsigned char)(0xC0 | (r >> 6));
			buf[1] = (unsigned char)(0x80 | (r & 0x3F));
			n = 2;
		} else if (r < 0x10000) {
			buf[0] = (unsigned char)(0xE0 | (r >> 12));
			buf[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
			buf[2] = (unsigned char)(0x80 | (r & 0x3F));
			n = 3;
		} else {
			buf[0] = (unsigned char)(0xF0 | (r >> 18));
			buf[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
			buf[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
			buf[3] = (unsigned char)(0x80 | (r & 0x3F));
			n = 4;
		}
		strbuf_add(sb, buf, n);
	} else {
		add_escaped_rune(sb, r, '\'');
	}
	strbuf_addch(sb, '\'');
}
