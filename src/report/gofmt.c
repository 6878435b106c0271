/*
 * gofmt: the Go formatting rules that upstream's output depends on,
 * reimplemented from their documented behaviour: time.Duration.String,
 * strconv.Quote/QuoteRune, encoding/json strings and json.Indent, time.Time
 * in RFC 3339 (MarshalJSON) and Time.Sub, plus fatih/color's colour
 * decision.  Everything appends to a caller's strbuf; nothing here prints
 * or allocates from an arena. 
 */
#include "report/internal.h"

#include <time.h>



/* ---- durations -------------------------------------------------------- */

/* Appends v / 10^prec as "int[.frac]" with trailing zeros of the fraction
 * dropped, the way Go's fmtFrac + fmtInt pair does. */
static void add_frac(struct strbuf *sb, uint64_t v, int prec)
{
	char frac[20];
	int i, n = 0;
	bool print = false;

	for (i = 0; i < prec; i++) {
		unsigned digit = (unsigned)(v % 10);

		print = print || digit != 0;
		if (print)
			frac[n++] = (char)('0' + digit);
		v /= 10;
	}
	strbuf_addf(sb, "%llu", (unsigned long long)v);
	if (n > 0) {
		strbuf_addch(sb, '.');
		while (n > 0)
			strbuf_addch(sb, frac[--n]);
	}
}

void report_go_duration(struct strbuf *sb, int64_t ns)
{
	uint64_t u = (uint64_t)ns;
	uint64_t secs;

	if (ns < 0) {
		strbuf_addch(sb, '-');
		u = -u; /* well defined for INT64_MIN in unsigned arithmetic */
	}
	if (u < 1000000000u) {
		if (u == 0) {
			strbuf_addstr(sb, "0s");
		} else if (u < 1000u) {
			strbuf_addf(sb, "%lluns", (unsigned long long)u);
		} else if (u < 1000000u) {
			add_frac(sb, u, 3);
			strbuf_addstr(sb, "\xc2\xb5s");
		} else {
			add_frac(sb, u, 6);
			strbuf_addstr(sb, "ms");
		}
		return;
	}
	secs = u / 1000000000u;
	if (secs >= 3600)
		strbuf_addf(sb, "%lluh", (unsigned long long)(secs / 3600));
	if (secs >= 60)
		strbuf_addf(sb, "%llum", (unsigned long long)(secs / 60 % 60));
	add_frac(sb, (secs % 60) * 1000000000u + u % 1000000000u, 9);
	strbuf_addch(sb, 's');
}




/* ---- encoding/json ---------------------------------------------------- */


static void indent_newline(struct strbuf *out, const char *prefix,
			   const char *indent, int depth)
{
	strbuf_addch(out, '\n');
	strbuf_addstr(out, prefix);
	while (depth-- > 0)
		strbuf_addstr(out, indent);
}

void report_json_indent(struct strbuf *out, const char *json, size_t len,
			const char *prefix, const char *indent)
{
	bool in_string = false, escaped = false, need_indent = false;
	int depth = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = json[i];

		if (in_string) {
			strbuf_addch(out, c);
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		/* An opening bracket is followed by a newline unless it is
		 * closed at once: Go keeps `{}` and `[]` compact. */
		if (need_indent && c != '}' && c != ']') {
			need_indent = false;
			depth++;
			indent_newline(out, prefix, indent, depth);
		}
		switch (c) {
		case '"':
			in_string = true;
			strbuf_addch(out, c);
			break;
		case '{':
		case '[':
			need_indent = true;
			strbuf_addch(out, c);
			break;
		case ',':
			strbuf_addch(out, c);
			indent_newline(out, prefix, indent, depth);
			break;
		case ':':
			strbuf_addstr(out, ": ");
			break;
		case '}':
		case ']':
			if (need_indent) {
				need_indent = false;
			} else {
				depth--;
				indent_newline(out, prefix, indent, depth);
			}
			strbuf_addch(out, c);
			break;
		default:
			strbuf_addch(out, c);
		}
	}
}

/* ---- time ------------------------------------------------------------- */

/* Seconds from 0001-01-01T00:00:00Z (Go's zero time) to the Unix epoch. */
#define ZERO_TO_UNIX_S INT64_C(62135596800)

struct report_time report_time_at(int64_t unix_ns, int32_t off_s)
{
	struct report_time t = { .set = true, .unix_ns = unix_ns, .off_s = off_s };

	return t;
}

struct report_time report_time_now(void)
{
	struct report_time t = report_time_at(util_now_wall_ns(), 0);
	time_t secs = (time_t)(t.unix_ns / 1000000000);
	struct tm tm;

	if (localtime_r(&secs, &tm) != NULL)
		t.off_s = (int32_t)tm.tm_gmtoff;
	t.has_mono = true;
	t.mono_ns = util_now_mono_ns();
	return t;
}

static int64_t saturate(__int128 d)
{
	if (d > INT64_MAX)
		return INT64_MAX;
	if (d < INT64_MIN)
		return INT64_MIN;
	return (int64_t)d;
}

int64_t report_time_sub(struct report_time end, struct report_time start)
{
	__int128 e, s;

	if (end.set && start.set && end.has_mono && start.has_mono)
		return saturate((__int128)end.mono_ns - start.mono_ns);
	/* Wall times counted from Go's zero time, so that an unset time is
	 * 0 and a difference with it saturates as in Go. */
	e = end.set ? (__int128)end.unix_ns + (__int128)ZERO_TO_UNIX_S * 1000000000 : 0;
	s = start.set ? (__int128)start.unix_ns + (__int128)ZERO_TO_UNIX_S * 1000000000 : 0;
	return saturate(e - s);
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

void report_time_rfc3339(struct strbuf *sb, struct report_time t)
{
	int64_t secs, days, sod, y;
	int64_t nsec;
	unsigned mo, d;
	int32_t off;

	if (!t.set) {
		strbuf_addstr(sb, "0001-01-01T00:00:00Z");
		return;
	}
	off = t.off_s;
	secs = floor_div(t.unix_ns, 1000000000) + off;
	nsec = t.unix_ns - floor_div(t.unix_ns, 1000000000) * 1000000000;
	days = floor_div(secs, 86400);
	sod = secs - days * 86400;
	civil_from_days(days, &y, &mo, &d);
	strbuf_addf(sb, "%04lld-%02u-%02uT%02d:%02d:%02d", (long long)y, mo, d,
		    (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
	if (nsec != 0) {
		char frac[10];
		int n = 9;

		strbuf_addch(sb, '.');
		while (n > 0) {
			frac[--n] = (char)('0' + nsec % 10);
			nsec /= 10;
		}
		n = 9;
		while (frac[n - 1] == '0')
			n--;
		strbuf_add(sb, frac, (size_t)n);
	}
	if (off == 0) {
		strbuf_addch(sb, 'Z');
	} else {
		int32_t a = off < 0 ? -off : off;

		strbuf_addf(sb, "%c%02d:%02d", off < 0 ? '-' : '+',
			    (int)(a / 3600), (int)(a / 60 % 60));
	}
}

/* ---- colours ---------------------------------------------------------- */

bool report_colour_enabled(bool stdout_is_tty, const char *no_color,
			   const char *term)
{
	if (!stdout_is_tty)
		return false;
	if (no_color != NULL && *no_color != '\0')
		return false;
	return term == NULL || strcmp(term, "dumb") != 0;
}

void report_colour(struct strbuf *sb, bool colour, const char *esc,
		   const char *s, size_t len)
{
	if (colour)
		strbuf_addstr(sb, esc);
	strbuf_add(sb, s, len);
	if (colour)
		strbuf_addstr(sb, REPORT_RESET);
}
