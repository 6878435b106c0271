/*
 * Value encodings of the revision table shared by both back ends
 * (migrate.md §5.4): executed_at as Go's `2006-01-02 15:04:05.999999999-07:00`
 * layout and back (accepting every variant Atlas or PostgreSQL may have
 * written), and partial_hashes as a JSON array of strings or `null`.
 * Binding the values and the SQL around them is left to postgres.c and
 * sqlite.c.
 */
#include "driver/internal.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Two decimal digits of v (0-99) at p. */
static char *put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* driver_time_format with strbuf_addf, for what the fast path does not
 * cover: years outside 0-9999, offsets of 100 hours or more. */
static void time_format_slow(struct strbuf *sb, int64_t y, unsigned m, unsigned d, int64_t rem,
			     int64_t ns, int off_s)
{
	strbuf_addf(sb, "%04lld-%02u-%02u %02d:%02d:%02d", (long long)y, m, d,
		    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	if (ns) {
		char frac[16];
		int n = 9;

		snprintf(frac, sizeof(frac), "%09lld", (long long)ns);
		while (n > 0 && frac[n - 1] == '0')
			n--;
		frac[n] = '\0';
		strbuf_addf(sb, ".%s", frac);
	}
	int off = off_s;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	strbuf_addf(sb, "%c%02d:%02d", sign, off / 3600, off / 60 % 60);
	if (off % 60)
		strbuf_addf(sb, ":%02d", off % 60);
}

/* Digits written directly: formatting through strbuf_addf/snprintf cost
 * ~11k instructions per revision write (issue 9: W6). */
void driver_time_format(struct strbuf *sb, struct driver_time t)
{
	int64_t sec = floor_div(t.unix_ns, 1000000000);
	int64_t ns = t.unix_ns - sec * 1000000000;
	int64_t local = sec + t.off_s;
	int64_t days = floor_div(local, 86400);
	int64_t rem = local - days * 86400;
	int64_t y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	int off = t.off_s;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	if (y < 0 || y > 9999 || off < 0 || off >= 100 * 3600) {
		time_format_slow(sb, y, m, d, rem, ns, t.off_s);
		return;
	}
	/* "YYYY-MM-DD HH:MM:SS.nnnnnnnnn+HH:MM:SS" */
	char buf[40], *p = buf;
	p = put2(p, (unsigned)(y / 100));
	p = put2(p, (unsigned)(y % 100));
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = ' ';
	p = put2(p, (unsigned)(rem / 3600));
	*p++ = ':';
	p = put2(p, (unsigned)(rem / 60 % 60));
	*p++ = ':';
	p = put2(p, (unsigned)(rem % 60));
	if (ns) {
		/* nine digits, trailing zeros dropped (ns > 0 leaves one) */
		uint32_t v = (uint32_t)ns;
		int n = 9;
		while (v % 10 == 0) {
			v /= 10;
			n--;
		}
		*p++ = '.';
		for (int i = n; i > 0; i--) {
			p[i - 1] = (char)('0' + v % 10);
			v /= 10;
		}
		p += n;
	}
	*p++ = sign;
	p = put2(p, (unsigned)(off / 3600));
	*p++ = ':';
	p = put2(p, (unsigned)(off / 60 % 60));
	if (off % 60) {
		*p++ = ':';
		p = put2(p, (unsigned)(off % 60));
	}
	strbuf_add(sb, buf, (size_t)(p - buf));
}

static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int driver_time_parse(struct driver_time *out, const char *s)
{
	int y, mo, d, h, mi, se;
	int64_t ns = 0;
	int off = 0;

	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
	    digits(&s, 2, &d) || (*s != ' ' && *s != 'T'))
		return -1;
	s++;
	if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi) || *s++ != ':' ||
	    digits(&s, 2, &se))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60)
		return -1;
	if (*s == '.' || *s == ',') {
		/* the weight of each fraction digit (nanoseconds); digits past
		 * the ninth are read and dropped */
		static const int32_t weight[9] = { 100000000, 10000000, 1000000, 100000, 10000,
						   1000, 100, 10, 1 };
		int k = 0;

		s++;
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++, k++)
			if (k < 9)
				ns += (int64_t)(*s - '0') * weight[k];
	}
	while (*s == ' ')
		s++;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1;
		int oh, om = 0, os = 0;

		s++;
		if (digits(&s, 2, &oh))
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &om))
				return -1;
			if (*s == ':') {
				s++;
				if (digits(&s, 2, &os))
					return -1;
			}
		} else if (*s >= '0' && *s <= '9') {
			if (digits(&s, 2, &om))
				return -1;
		}
		off = sign * (oh * 3600 + om * 60 + os);
	}
	if (*s != '\0')
		return -1;
	int64_t secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
		       mi * 60 + se - off;
	out->unix_ns = secs * 1000000000 + ns;
	out->off_s = off;
	return 0;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* One JSON string at *pp (after the opening quote) into the arena. */
static int json_str(char **out, struct arena *a, const char **pp, const char *end)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = *pp;

	while (p < end && *p != '"') {
		if (*p != '\\') {
			strbuf_addch(&sb, *p++);
			continue;
		}
		if (++p >= end)
			goto bad;
		switch (*p) {
		case '"': case '\\': case '/': strbuf_addch(&sb, *p); break;
		case 'n': strbuf_addch(&sb, '\n'); break;
		case 't': strbuf_addch(&sb, '\t'); break;
		case 'r': strbuf_addch(&sb, '\r'); break;
		case 'b': strbuf_addch(&sb, '\b'); break;
		case 'f': strbuf_addch(&sb, '\f'); break;
		case 'u': {
			unsigned v = 0;

			if (end - p < 5)
				goto bad;
			for (int i = 1; i <= 4; i++) {
				char c = p[i];
				v <<= 4;
				if (c >= '0' && c <= '9')
					v |= (unsigned)(c - '0');
				else if (c >= 'a' && c <= 'f')
					v |= (unsigned)(c - 'a' + 10);
				else if (c >= 'A' && c <= 'F')
					v |= (unsigned)(c - 'A' + 10);
				else
					goto bad;
			}
			p += 4;
			/* Hashes are ASCII; other code points are kept as UTF-8
			 * of the BMP value (surrogates are not joined). */
			if (v < 0x80) {
				strbuf_addch(&sb, (char)v);
			} else if (v < 0x800) {
				strbuf_addch(&sb, (char)(0xc0 | (v >> 6)));
				strbuf_addch(&sb, (char)(0x80 | (v & 0x3f)));
			} else {
				strbuf_addch(&sb, (char)(0xe0 | (v >> 12)));
				strbuf_addch(&sb, (char)(0x80 | ((v >> 6) & 0x3f)));
				strbuf_addch(&sb, (char)(0x80 | (v & 0x3f)));
			}
			break;
		}
		default:
			goto bad;
		}
		p++;
	}
	if (p >= end)
		goto bad;
	*pp = p + 1;
	*out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return 0;
bad:
	strbuf_release(&sb);
	return -1;
}

int driver_partial_parse(struct revision *r, struct arena *a, const char *json, size_t len)
{
	r->has_partial_hashes = false;
	r->partial_hashes = NULL;
	r->npartial = 0;
	if (!json)
		return 0;

	const char *end = json + len;
	const char *p = skip_ws(json, end);

	if (p == end)
		return 0;
	if (end - p >= 4 && memcmp(p, "null", 4) == 0)
		return skip_ws(p + 4, end) == end ? 0 : -1;
	if (*p != '[')
		return -1;
	p = skip_ws(p + 1, end);

	size_t cap = 8, n = 0;
	const char **v = arena_alloc(a, cap * sizeof(*v));

	if (p < end && *p == ']') {
		p++;
	} else {
		for (;;) {
			char *s;

			if (p >= end || *p != '"')
				return -1;
			p++;
			if (json_str(&s, a, &p, end))
				return -1;
			if (n == cap) {
				v = arena_realloc(a, v, cap * sizeof(*v), 2 * cap * sizeof(*v));
				cap *= 2;
			}
			v[n++] = s;
			p = skip_ws(p, end);
			if (p < end && *p == ',') {
				p = skip_ws(p + 1, end);
				continue;
			}
			if (p < end && *p == ']') {
				p++;
				break;
			}
			return -1;
		}
	}
	if (skip_ws(p, end) != end)
		return -1;
	r->has_partial_hashes = true;
	r->partial_hashes = v;
	r->npartial = n;
	return 0;
}

void driver_partial_json(struct strbuf *sb, const struct revision *r)
{
	if (!r->has_partial_hashes) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < r->npartial; i++) {
		if (i)
			strbuf_addch(sb, ',');
		util_json_string(sb, r->partial_hashes[i], strlen(r->partial_hashes[i]));
	}
	strbuf_addch(sb, ']');
}
