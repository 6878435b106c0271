/*
 * Database URLs: parsing with Go net/url's rules and error texts (so that
 * the same URL fails, or means, the same thing as in upstream Atlas), the
 * driver choice by scheme, Go's redaction (`user:xxxxx@`) and the JSON URL
 * object of the reports.  Also the small shared helpers of the folder: Go
 * quoting for error texts, Go JSON strings, the lock-name hash and the
 * ops-table dispatch.  Turning a URL into a libpq conninfo or a SQLite DSN
 * is left to postgres.c and sqlite.c.
 *
 * Error texts never contain the URL, only the offending fragment Go would
 * name (e.g. `invalid port ":&pass" after host`), as upstream does.
 */
#include "driver/internal.h"

#include <time.h>

/* Go's url.encoding modes. */
enum enc {
	ENC_PATH,
	ENC_PATH_SEGMENT,
	ENC_HOST,
	ENC_ZONE,
	ENC_USER_PASSWORD,
	ENC_QUERY_COMPONENT,
	ENC_FRAGMENT,
};

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned unhex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* Go url.shouldEscape. */
static bool should_escape(unsigned char c, enum enc mode)
{
	if (is_alnum(c))
		return false;
	if (mode == ENC_HOST || mode == ENC_ZONE) {
		switch (c) {
		case '!': case '$': case '&': case '\'': case '(': case ')':
		case '*': case '+': case ',': case ';': case '=': case ':':
		case '[': case ']': case '<': case '>': case '"':
			return false;
		}
	}
	switch (c) {
	case '-': case '_': case '.': case '~':
		return false;
	case '$': case '&': case '+': case ',': case '/': case ':':
	case ';': case '=': case '?': case '@':
		switch (mode) {
		case ENC_USER_PASSWORD:
			return c == '@' || c == '/' || c == '?' || c == ':';
		case ENC_PATH:
			return c == '?';
		case ENC_PATH_SEGMENT:
			return c == '/' || c == ';' || c == ',' || c == '?';
		case ENC_QUERY_COMPONENT:
			return true;
		case ENC_FRAGMENT:
			return false;
		default:
			break;
		}
	}
	if (mode == ENC_FRAGMENT) {
		switch (c) {
		case '!': case '(': case ')': case '*':
			return false;
		}
	}
	return true;
}



static int url_err(struct diags *d, const char *fmt, const char *frag, size_t len)
{
	struct strbuf q = STRBUF_INIT;

	util_go_quote(&q, frag, len);
	diag_errorf(d, NULL, fmt, q.buf);
	strbuf_release(&q);
	return -1;
}

#define PARSE_PREFIX "sql/sqlclient: parse open url: "

/* Go url.unescape: decodes s[0..len) into an arena string. */
static int unescape(char **out, struct arena *a, const char *s, size_t len, enum enc mode,
		    struct diags *d)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= len || !is_hex((unsigned char)s[i + 1]) ||
			    !is_hex((unsigned char)s[i + 2])) {
				size_t n = len - i < 3 ? len - i : 3;
				return url_err(d, PARSE_PREFIX "invalid URL escape %s", s + i, n);
			}
			if (mode == ENC_HOST && unhex((unsigned char)s[i + 1]) < 8 &&
			    strncmp(s + i, "%25", 3) != 0)
				return url_err(d, PARSE_PREFIX "invalid URL escape %s", s + i, 3);
			if (mode == ENC_ZONE) {
				unsigned v = unhex((unsigned char)s[i + 1]) << 4 |
					     unhex((unsigned char)s[i + 2]);
				if (strncmp(s + i, "%25", 3) != 0 && v != ' ' &&
				    should_escape((unsigned char)v, ENC_HOST))
					return url_err(d, PARSE_PREFIX "invalid URL escape %s",
						       s + i, 3);
			}
			i += 3;
			continue;
		}
		if ((mode == ENC_HOST || mode == ENC_ZONE) && c < 0x80 && should_escape(c, mode))
			return url_err(d, PARSE_PREFIX "invalid character %s in host name", s + i, 1);
		i++;
	}

	char *o = arena_alloc(a, len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		if (s[i] == '%') {
			o[n++] = (char)(unhex((unsigned char)s[i + 1]) << 4 |
					unhex((unsigned char)s[i + 2]));
			i += 3;
		} else if (s[i] == '+' && mode == ENC_QUERY_COMPONENT) {
			o[n++] = ' ';
			i++;
		} else {
			o[n++] = s[i++];
		}
	}
	o[n] = '\0';
	*out = o;
	return 0;
}

/* Go url.escape. */
static void escape(struct strbuf *sb, const char *s, enum enc mode)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!should_escape(c, mode)) {
			strbuf_addch(sb, (char)c);
		} else if (c == ' ' && mode == ENC_QUERY_COMPONENT) {
			strbuf_addch(sb, '+');
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

/* Go url.validEncoded. */
static bool valid_encoded(const char *s, enum enc mode)
{
	for (; *s; s++) {
		switch (*s) {
		case '!': case '$': case '&': case '\'': case '(': case ')':
		case '*': case '+': case ',': case ';': case '=': case ':':
		case '@': case '[': case ']': case '%':
			break;
		default:
			if (should_escape((unsigned char)*s, mode))
				return false;
		}
	}
	return true;
}

static bool valid_optional_port(const char *p, size_t len)
{
	if (len == 0)
		return true;
	if (p[0] != ':')
		return false;
	for (size_t i = 1; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static const char *memrchr_c(const char *s, size_t len, char c)
{
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == c)
			return s + i - 1;
	return NULL;
}

/* Go url.parseHost. */
static int parse_host(char **out, struct arena *a, const char *h, size_t len, struct diags *d)
{
	if (len > 0 && h[0] == '[') {
		const char *rb = memrchr_c(h, len, ']');

		if (!rb)
			return diag_errorf(d, NULL, PARSE_PREFIX "missing ']' in host");
		size_t i = (size_t)(rb - h);
		if (!valid_optional_port(h + i + 1, len - i - 1))
			return url_err(d, PARSE_PREFIX "invalid port %s after host", h + i + 1,
				       len - i - 1);
		const char *zone = NULL;
		for (size_t k = 0; k + 3 <= i; k++) {
			if (strncmp(h + k, "%25", 3) == 0) {
				zone = h + k;
				break;
			}
		}
		if (zone) {
			char *h1, *h2, *h3;
			size_t z = (size_t)(zone - h);

			if (unescape(&h1, a, h, z, ENC_HOST, d) ||
			    unescape(&h2, a, h + z, i - z, ENC_ZONE, d) ||
			    unescape(&h3, a, h + i, len - i, ENC_HOST, d))
				return -1;
			*out = arena_printf(a, "%s%s%s", h1, h2, h3);
			return 0;
		}
	} else {
		const char *c = memrchr_c(h, len, ':');

		if (c && !valid_optional_port(c, len - (size_t)(c - h)))
			return url_err(d, PARSE_PREFIX "invalid port %s after host", c,
				       len - (size_t)(c - h));
	}
	return unescape(out, a, h, len, ENC_HOST, d);
}

static bool valid_userinfo(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_alnum(c))
			continue;
		if (!strchr("-._:~!$&'()*+,;=%@", c) || c == '\0')
			return false;
	}
	return true;
}

static int parse_authority(struct db_url *u, struct arena *a, const char *s, size_t len,
			   struct diags *d)
{
	const char *at = memrchr_c(s, len, '@');
	char *host;

	if (!at) {
		if (parse_host(&host, a, s, len, d))
			return -1;
		u->host = host;
		return 0;
	}
	if (parse_host(&host, a, at + 1, len - (size_t)(at + 1 - s), d))
		return -1;
	u->host = host;

	size_t ulen = (size_t)(at - s);
	if (!valid_userinfo(s, ulen))
		return diag_errorf(d, NULL, PARSE_PREFIX "net/url: invalid userinfo");
	u->has_user = true;
	const char *colon = memchr(s, ':', ulen);
	char *user, *pass;
	if (!colon) {
		if (unescape(&user, a, s, ulen, ENC_USER_PASSWORD, d))
			return -1;
		u->user = user;
		return 0;
	}
	if (unescape(&user, a, s, (size_t)(colon - s), ENC_USER_PASSWORD, d) ||
	    unescape(&pass, a, colon + 1, ulen - (size_t)(colon + 1 - s), ENC_USER_PASSWORD, d))
		return -1;
	u->user = user;
	u->password = pass;
	u->has_password = true;
	return 0;
}

/* Go url.getScheme: *scheme_len 0 when there is none. */
static int get_scheme(size_t *scheme_len, const char *s, struct diags *d)
{
	*scheme_len = 0;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			continue;
		if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
			if (i == 0)
				return 0;
			continue;
		}
		if (c == ':') {
			if (i == 0)
				return diag_errorf(d, NULL, PARSE_PREFIX "missing protocol scheme");
			*scheme_len = i;
			return 0;
		}
		return 0;
	}
	return 0;
}

static int set_escaped(const char **dec, const char **raw, struct arena *a, const char *p,
		       size_t len, enum enc mode, struct diags *d)
{
	char *v;

	if (unescape(&v, a, p, len, mode, d))
		return -1;
	*dec = v;

	struct strbuf sb = STRBUF_INIT;
	escape(&sb, v, mode);
	if (sb.len == len && memcmp(sb.buf, p, len) == 0)
		*raw = "";
	else
		*raw = arena_strndup(a, p, len);
	strbuf_release(&sb);
	return 0;
}

/* The Go url.Parse part: fills the url.URL fields of u. */
static int go_url_parse(struct db_url *u, struct arena *a, const char *raw, struct diags *d)
{
	for (const char *p = raw; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return diag_errorf(d, NULL,
					   PARSE_PREFIX "net/url: invalid control character in URL");

	const char *hash = strchr(raw, '#');
	size_t ulen = hash ? (size_t)(hash - raw) : strlen(raw);
	char *s = arena_strndup(a, raw, ulen);

	u->scheme = u->opaque = u->user = u->password = u->host = u->path = u->raw_path = "";
	u->raw_query = u->fragment = u->raw_fragment = u->schema = "";

	if (strcmp(s, "*") == 0) {
		u->path = "*";
		goto fragment;
	}

	size_t sl;
	if (get_scheme(&sl, s, d))
		return -1;
	char *scheme = arena_strndup(a, s, sl);
	for (char *c = scheme; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	u->scheme = scheme;
	char *rest = sl ? s + sl + 1 : s;

	size_t rl = strlen(rest);
	char *q = strchr(rest, '?');
	if (rl > 0 && rest[rl - 1] == '?' && q == rest + rl - 1) {
		u->force_query = true;
		rest[rl - 1] = '\0';
	} else if (q) {
		*q = '\0';
		u->raw_query = q + 1;
	}

	if (rest[0] != '/') {
		if (sl) {
			u->opaque = rest;
			goto fragment;
		}
		const char *slash = strchr(rest, '/');
		size_t seg = slash ? (size_t)(slash - rest) : strlen(rest);
		if (memchr(rest, ':', seg))
			return diag_errorf(d, NULL, PARSE_PREFIX
					   "first path segment in URL cannot contain colon");
	}

	if ((sl || strncmp(rest, "///", 3) != 0) && strncmp(rest, "//", 2) == 0) {
		char *auth = rest + 2;
		char *slash = strchr(auth, '/');
		size_t alen = slash ? (size_t)(slash - auth) : strlen(auth);

		if (parse_authority(u, a, auth, alen, d))
			return -1;
		rest = slash ? slash : (char *)"";
	} else if (sl && rest[0] == '/') {
		u->omit_host = true;
	}
	if (set_escaped(&u->path, &u->raw_path, a, rest, strlen(rest), ENC_PATH, d))
		return -1;

fragment:
	if (hash && hash[1]) {
		if (set_escaped(&u->fragment, &u->raw_fragment, a, hash + 1, strlen(hash + 1),
				ENC_FRAGMENT, d))
			return -1;
	}
	return 0;
}

/* Go url.Values.Get over the raw query: the first value of key, decoded;
 * malformed pairs are skipped like url.ParseQuery's callers see them. */
const char *driver_query_get(struct arena *a, const char *raw_query, const char *key)
{
	const char *p = raw_query;

	while (*p) {
		const char *end = p + strcspn(p, "&");
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *eq = memchr(p, '=', (size_t)(end - p));
		struct diags scratch;
		char *k, *v;

		diags_init(&scratch, a);
		if (!semi && end > p) {
			size_t kl = eq ? (size_t)(eq - p) : (size_t)(end - p);

			if (!unescape(&k, a, p, kl, ENC_QUERY_COMPONENT, &scratch) &&
			    strcmp(k, key) == 0) {
				if (!eq)
					return "";
				if (!unescape(&v, a, eq + 1, (size_t)(end - eq - 1),
					      ENC_QUERY_COMPONENT, &scratch))
					return v;
			}
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

int driver_query_each(struct arena *a, const char *raw_query,
		      int (*fn)(void *ctx, const char *key, const char *val), void *ctx)
{
	const char *p = raw_query;

	while (*p) {
		const char *end = p + strcspn(p, "&");
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *eq = memchr(p, '=', (size_t)(end - p));
		struct diags scratch;
		char *k, *v = (char *)"";

		diags_init(&scratch, a);
		if (!semi && end > p) {
			size_t kl = eq ? (size_t)(eq - p) : (size_t)(end - p);

			if (!unescape(&k, a, p, kl, ENC_QUERY_COMPONENT, &scratch) &&
			    (!eq || !unescape(&v, a, eq + 1, (size_t)(end - eq - 1),
					      ENC_QUERY_COMPONENT, &scratch))) {
				if (fn(ctx, k, v))
					return -1;
			}
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

int driver_url_parse(struct db_url *out, struct arena *a, const char *raw, struct diags *d)
{
	struct db_url u;

	memset(&u, 0, sizeof(u));
	if (go_url_parse(&u, a, raw, d))
		return -1;
	u.raw = arena_strdup(a, raw);
	if (u.scheme[0] == '\0')
		return diag_errorf(d, NULL, "sql/sqlclient: missing driver. See: https://atlasgo.io/url");
	if (strcmp(u.scheme, "postgres") == 0 || strcmp(u.scheme, "postgresql") == 0) {
		const char *sp = driver_query_get(a, u.raw_query, "search_path");

		u.kind = DRIVER_POSTGRES;
		u.driver = "postgres";
		u.schema = sp ? sp : "";
	} else if (strcmp(u.scheme, "sqlite") == 0 || strcmp(u.scheme, "sqlite3") == 0) {
		u.kind = DRIVER_SQLITE;
		u.driver = "sqlite";
		u.schema = "main";
	} else {
		return diag_errorf(d, NULL,
				   "sql/sqlclient: unknown driver \"%s\". See: https://atlasgo.io/url",
				   u.scheme);
	}
	*out = u;
	return 0;
}

/* Go URL.EscapedPath. */
static void escaped_path(struct strbuf *sb, struct arena *a, const struct db_url *u)
{
	if (u->raw_path[0] && valid_encoded(u->raw_path, ENC_PATH)) {
		struct diags scratch;
		char *p;

		diags_init(&scratch, a);
		if (!unescape(&p, a, u->raw_path, strlen(u->raw_path), ENC_PATH, &scratch) &&
		    strcmp(p, u->path) == 0) {
			strbuf_addstr(sb, u->raw_path);
			return;
		}
	}
	if (strcmp(u->path, "*") == 0) {
		strbuf_addch(sb, '*');
		return;
	}
	escape(sb, u->path, ENC_PATH);
}

/* Go URL.String with the password replaced (Redacted). */
static void url_string(struct strbuf *sb, struct arena *a, const struct db_url *u, bool redact)
{
	if (u->scheme[0]) {
		strbuf_addstr(sb, u->scheme);
		strbuf_addch(sb, ':');
	}
	if (u->opaque[0]) {
		strbuf_addstr(sb, u->opaque);
	} else {
		if (u->scheme[0] || u->host[0] || u->has_user) {
			if (!(u->omit_host && !u->host[0] && !u->has_user)) {
				if (u->host[0] || u->path[0] || u->has_user)
					strbuf_addstr(sb, "//");
				if (u->has_user) {
					escape(sb, u->user, ENC_USER_PASSWORD);
					if (u->has_password) {
						strbuf_addch(sb, ':');
						if (redact)
							strbuf_addstr(sb, "xxxxx");
						else
							escape(sb, u->password, ENC_USER_PASSWORD);
					}
					strbuf_addch(sb, '@');
				}
				if (u->host[0])
					escape(sb, u->host, ENC_HOST);
			}
		}
		struct strbuf path = STRBUF_INIT;
		escaped_path(&path, a, u);
		if (path.len && path.buf[0] != '/' && u->host[0])
			strbuf_addch(sb, '/');
		if (sb->len == 0) {
			size_t seg = strcspn(path.buf, "/");
			if (memchr(path.buf, ':', seg))
				strbuf_addstr(sb, "./");
		}
		strbuf_add(sb, path.buf, path.len);
		strbuf_release(&path);
	}
	if (u->force_query || u->raw_query[0]) {
		strbuf_addch(sb, '?');
		strbuf_addstr(sb, u->raw_query);
	}
	if (u->fragment[0]) {
		strbuf_addch(sb, '#');
		if (u->raw_fragment[0] && valid_encoded(u->raw_fragment, ENC_FRAGMENT))
			strbuf_addstr(sb, u->raw_fragment);
		else
			escape(sb, u->fragment, ENC_FRAGMENT);
	}
}

char *driver_url_redacted(struct arena *a, const struct db_url *u)
{
	struct strbuf sb = STRBUF_INIT;

	url_string(&sb, a, u, true);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

char *driver_url_string(struct arena *a, const struct db_url *u)
{
	struct strbuf sb = STRBUF_INIT;

	url_string(&sb, a, u, false);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}


static void json_field(struct strbuf *sb, const char *key, const char *val, bool first)
{
	if (!first)
		strbuf_addch(sb, ',');
	strbuf_addch(sb, '"');
	strbuf_addstr(sb, key);
	strbuf_addstr(sb, "\":");
	util_json_string(sb, val, strlen(val));
}

void driver_url_json(struct strbuf *sb, const struct db_url *u)
{
	strbuf_addch(sb, '{');
	json_field(sb, "Scheme", u->scheme, true);
	json_field(sb, "Opaque", u->opaque, false);
	strbuf_addstr(sb, u->has_user ? ",\"User\":{}" : ",\"User\":null");
	json_field(sb, "Host", u->host, false);
	json_field(sb, "Path", u->path, false);
	json_field(sb, "RawPath", u->raw_path, false);
	strbuf_addstr(sb, u->omit_host ? ",\"OmitHost\":true" : ",\"OmitHost\":false");
	strbuf_addstr(sb, u->force_query ? ",\"ForceQuery\":true" : ",\"ForceQuery\":false");
	json_field(sb, "RawQuery", u->raw_query, false);
	json_field(sb, "Fragment", u->fragment, false);
	json_field(sb, "RawFragment", u->raw_fragment, false);
	json_field(sb, "Schema", u->schema, false);
	strbuf_addch(sb, '}');
}

uint32_t driver_lock_key(const char *name)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h *= 16777619u;
		h ^= *p;
	}
	return h;
}

struct driver_time driver_time_now(void)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	return (struct driver_time){
		.unix_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec,
		.off_s = (int32_t)tm.tm_gmtoff,
	};
}

const struct driver_ops *driver_ops_for(enum driver_kind kind)
{
	return kind == DRIVER_SQLITE ? &driver_sqlite_ops : &driver_postgres_ops;
}

int driver_open(struct driver **out, struct arena *a, const struct db_url *u, unsigned flags,
		struct diags *d)
{
	return driver_ops_for(u->kind)->open(out, a, u, flags, d);
}

struct driver_prestart *driver_prestart(struct arena *a, const struct db_url *u, unsigned flags)
{
	const struct driver_ops *ops = driver_ops_for(u->kind);
	return ops->prestart ? ops->prestart(a, u, flags) : NULL;
}

bool driver_can_prestart(const struct db_url *u)
{
	return driver_ops_for(u->kind)->prestart != NULL;
}

void driver_prestart_cancel(struct driver_prestart *p)
{
	if (p)
		p->ops->prestart_cancel(p);
}

void driver_prestart_eager(struct driver_prestart *p)
{
	if (p && p->ops->prestart_eager)
		p->ops->prestart_eager(p);
}

void driver_close(struct driver *drv)
{
	if (drv)
		drv->ops->close(drv);
}
