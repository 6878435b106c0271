/*
 * dir: locating and listing a migration directory (spec migrate.md §1).
 * Parses the dir URL the way upstream's url.Parse + filepath.Join do, picks
 * the format (`?format=` or --dir-format), lists the format's files in
 * upstream's order (bytewise names; flyway: baseline, numeric versions,
 * repeatables) with versions and descriptions, and reads contents on
 * demand so that hashing a huge directory keeps memory flat.  It leaves the
 * sum to sum.c, statements to split.c/format.c and any meaning of versions
 * (pending files, ordering against revisions) to the plan.
 */
#include "migrate/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *migrate_strerror(struct arena *a, int err)
{
	char *s = arena_strdup(a, strerror(err));

	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

/* ---- URL --------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *unescape(struct arena *a, const char *s, size_t n, bool plus)
{
	char *out = arena_alloc(a, n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			out[j++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (plus && s[i] == '+') {
			out[j++] = ' ';
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

/*
 * The errors Go's url.Parse raises for a dir URL: control characters, bad
 * percent escapes (in the host only %25 and %8X..%FX are allowed) and
 * characters a host name may not hold.  Returns NULL or the message
 * without the `parse "URL": ` prefix.
 */
static const char *url_error(struct arena *a, const char *url)
{
	const char *end = url + strcspn(url, "?#"), *p, *host = NULL, *hend = NULL;
	const char *colon = strchr(url, ':');

	for (p = url; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "net/url: invalid control character in URL";
	if (colon && colon < end && colon[1] == '/' && colon[2] == '/') {
		host = colon + 3;
		hend = host + strcspn(host, "/?#");
		if (hend > end)
			hend = end;
		const char *at = NULL;
		for (p = host; p < hend; p++)
			if (*p == '@')
				at = p;
		if (at)
			host = at + 1;
	}
	for (p = url; p < end; p++) {
		bool in_host = host && p >= host && p < hend;
		if (*p == '%') {
			if (!p[1] || !p[2] || hexval(p[1]) < 0 || hexval(p[2]) < 0 ||
			    (in_host && hexval(p[1]) < 8 && strncmp(p, "%25", 3) != 0)) {
				size_t n = strnlen(p, 3);
				return arena_printf(a, "invalid URL escape %s", migrate_go_quote(a, p, n));
			}
			continue;
		}
		if (in_host && (unsigned char)*p < 0x80 &&
		    !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("-._~!$&'()*+,;=:[]<>\"", *p)))
			return arena_printf(a, "invalid character %s in host name",
					    migrate_go_quote(a, p, 1));
	}
	return NULL;
}


struct dir_url {
	const char *scheme; /* lower case, "" when none */
	const char *host;
	const char *path;
	const char *rawquery; /* NULL when none */
};

static void url_parse(struct dir_url *u, struct arena *a, const char *s)
{
	const char *rest = s, *q, *hash;
	size_t i;

	memset(u, 0, sizeof(*u));
	u->scheme = "";
	u->host = "";
	hash = strchr(s, '#');
	if (hash)
		rest = arena_strndup(a, s, (size_t)(hash - s));
	/* scheme: [A-Za-z][A-Za-z0-9+.-]* ':' */
	for (i = 0; rest[i]; i++) {
		char c = rest[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			continue;
		if (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			continue;
		if (c == ':' && i > 0) {
			char *sc = arena_strndup(a, rest, i);
			for (char *p = sc; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			u->scheme = sc;
			rest += i + 1;
		}
		break;
	}
	q = strchr(rest, '?');
	if (q) {
		u->rawquery = q + 1;
		rest = arena_strndup(a, rest, (size_t)(q - rest));
	}
	if (rest[0] == '/' && rest[1] == '/') {
		const char *auth = rest + 2, *slash = strchr(auth, '/'), *at;
		size_t alen = slash ? (size_t)(slash - auth) : strlen(auth);
		char *authority = arena_strndup(a, auth, alen);

		at = strrchr(authority, '@');
		u->host = unescape(a, at ? at + 1 : authority, strlen(at ? at + 1 : authority), false);
		rest = slash ? slash : "";
	} else if (u->scheme[0] && rest[0] != '/') {
		rest = ""; /* opaque: Go leaves Path empty */
	}
	u->path = unescape(a, rest, strlen(rest), false);
}

/* Value of the first `key` in a raw query (url.Values.Get), or NULL. */
static const char *query_get(struct arena *a, const char *raw, const char *key)
{
	const char *p = raw;

	while (p && *p) {
		const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p), *eq;
		eq = memchr(p, '=', (size_t)(end - p));
		const char *kend = eq ? eq : end;
		char *k = unescape(a, p, (size_t)(kend - p), true);
		if (strcmp(k, key) == 0)
			return eq ? unescape(a, eq + 1, (size_t)(end - eq - 1), true) : "";
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

/* url.QueryEscape. */
static void query_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(sb, (char)c);
		else if (c == ' ')
			strbuf_addch(sb, '+');
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

struct qpair {
	const char *k, *v;
	size_t order;
};

static int cmp_qpair(const void *x, const void *y)
{
	const struct qpair *a = x, *b = y;
	int c = strcmp(a->k, b->k);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

const char *migrate_dir_url_with_format(struct arena *a, const char *url, const char *dir_format)
{
	struct dir_url u;
	struct strbuf sb = STRBUF_INIT;
	struct qpair *v;
	size_t n = 0, cap = 1;
	const char *p, *q, *hash, *res;

	if (!dir_format || !dir_format[0])
		return url;
	url_parse(&u, a, url);
	if (u.rawquery && query_get(a, u.rawquery, "format"))
		return url;
	/* q.Set("format", f); u.RawQuery = q.Encode(): pairs unescaped, sorted
	 * by key (values of a key keep their order), escaped again. */
	for (p = u.rawquery; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
		cap++;
	v = arena_alloc(a, cap * sizeof(*v));
	for (p = u.rawquery; p && *p;) {
		const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		const char *kend = eq ? eq : end;
		if (end > p && !memchr(p, ';', (size_t)(end - p))) {
			v[n].k = unescape(a, p, (size_t)(kend - p), true);
			v[n].v = eq ? unescape(a, eq + 1, (size_t)(end - eq - 1), true) : "";
			v[n].order = n;
			n++;
		}
		p = amp ? amp + 1 : NULL;
	}
	v[n].k = "format";
	v[n].v = dir_format;
	v[n].order = n;
	n++;
	qsort(v, n, sizeof(*v), cmp_qpair);
	q = strchr(url, '?');
	hash = strchr(url, '#');
	strbuf_add(&sb, url, q ? (size_t)(q - url) : hash ? (size_t)(hash - url) : strlen(url));
	strbuf_addch(&sb, '?');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&sb, '&');
		query_escape(&sb, v[i].k);
		strbuf_addch(&sb, '=');
		query_escape(&sb, v[i].v);
	}
	if (hash)
		strbuf_addstr(&sb, hash);
	res = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return res;
}

static const struct {
	const char *name;
	enum migrate_format fmt;
} formats[] = {
	{ "atlas", MIGRATE_FORMAT_ATLAS },
	{ "golang-migrate", MIGRATE_FORMAT_GOLANG_MIGRATE },
	{ "goose", MIGRATE_FORMAT_GOOSE },
	{ "flyway", MIGRATE_FORMAT_FLYWAY },
	{ "liquibase", MIGRATE_FORMAT_LIQUIBASE },
	{ "dbmate", MIGRATE_FORMAT_DBMATE },
};

/* ---- listing ----------------------------------------------------------- */

/* Where the version and description of an atlas-layout name are (§1.3):
 * the version is the name up to its first '_' (or up to ".sql"), the
 * description what follows that '_' without ".sql" (golang-migrate: also
 * without ".up"); dlen is SIZE_MAX when there is no description.  (".sql"
 * holds no '_', so the first '_' of the name is the version's end.) */
static void atlas_split(const char *n, size_t len, bool golang, size_t *vlen, size_t *dlen)
{
	const char *us = memchr(n, '_', len);
	bool sql = len >= 4 && n[len - 4] == '.' && n[len - 3] == 's' && n[len - 2] == 'q' &&
		   n[len - 1] == 'l';

	if (!us) {
		*vlen = sql ? len - 4 : len;
		*dlen = SIZE_MAX;
		return;
	}
	*vlen = (size_t)(us - n);
	*dlen = len - *vlen - 1 - (sql ? 4 : 0);
	if (golang && *dlen >= 3 && memcmp(us + 1 + *dlen - 3, ".up", 3) == 0)
		*dlen -= 3;
}

/* Stores name, version and description in text ("name\0version\0desc\0")
 * and points f at them; returns the bytes used. */
static size_t atlas_names(struct migrate_file *f, char *text, const char *n, size_t len,
			  bool golang)
{
	size_t vlen, dlen, used = len + 1;

	atlas_split(n, len, golang, &vlen, &dlen);
	memcpy(text, n, len + 1);
	f->name = text;
	memcpy(text + used, n, vlen);
	text[used + vlen] = '\0';
	f->version = text + used;
	used += vlen + 1;
	if (dlen == SIZE_MAX) {
		f->description = "";
		return used;
	}
	memcpy(text + used, strchr(n, '_') + 1, dlen);
	text[used + dlen] = '\0';
	f->description = text + used;
	return used + dlen + 1;
}

/* Heap scratch list of files (flyway): copied into the arena once, so that
 * growing it leaves no old copies behind in the arena. */
struct flist {
	struct migrate_file *v;
	size_t n, cap;
};

static struct migrate_file *flist_add(struct flist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = util_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * One pass over the directory: the names go to heap scratch (one text blob
 * and an offset per name), are sorted as pointers, and only then copied
 * into the arena with their versions and descriptions, exactly sized.
 * Growing the file array in the arena by doubling kept every old copy
 * (10,000 files: +2.5 MB of peak memory for `migrate hash`, issue 9).  A
 * second readdir pass to size the arena blocks first would avoid the
 * scratch blob, but costs more system time (ext4 hashes a large directory
 * again after a rewind) and the peak comes later anyway (the sum pass).
 */
static int list_top(struct migrate_dir *dir, struct arena *a, struct diags *d)
{
	DIR *dp = opendir(dir->path);
	struct dirent *e;
	const char *suffix = dir->format == MIGRATE_FORMAT_GOLANG_MIGRATE ? ".up.sql" : ".sql";
	size_t slen = strlen(suffix), blen = 0, bcap = 0, n = 0, cap = 0, tlen = 0;
	bool golang = dir->format == MIGRATE_FORMAT_GOLANG_MIGRATE;
	char *blob = NULL, *text;
	size_t *off = NULL;
	const char **names;
	struct migrate_file *files = NULL;

	if (!dp)
		return diag_errorf(d, NULL, "sql/migrate: open %s: %s", dir->path,
				   migrate_strerror(a, errno));
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name), vlen, dlen;

		if (l < slen || memcmp(e->d_name + l - slen, suffix, slen) != 0)
			continue; /* also skips "." and ".." */
		if (blen + l + 1 > bcap) {
			bcap = bcap ? bcap * 2 : 8192;
			if (bcap < blen + l + 1)
				bcap = blen + l + 1;
			blob = util_xrealloc(blob, bcap);
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			off = util_xrealloc(off, cap * sizeof(*off));
		}
		memcpy(blob + blen, e->d_name, l + 1);
		off[n++] = blen;
		blen += l + 1;
		atlas_split(e->d_name, l, golang, &vlen, &dlen);
		tlen += l + 1 + vlen + 1 + (dlen == SIZE_MAX ? 0 : dlen + 1);
	}
	closedir(dp);
	names = util_xmalloc((n ? n : 1) * sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = blob + off[i];
	free(off);
	if (n) {
		qsort(names, n, sizeof(*names), cmp_str);
		files = arena_alloc(a, n * sizeof(*files));
		text = arena_alloc(a, tlen);
		for (size_t i = 0; i < n; i++)
			text += atlas_names(&files[i], text, names[i], strlen(names[i]), golang);
	}
	free(names);
	free(blob);
	dir->files = files;
	dir->nfiles = n;
	return 0;
}

/* ---- flyway ------------------------------------------------------------ */

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* flywayVersion: "" for R files, else the text between the prefix letter
 * and "__" (or ".sql"). */
static const char *flyway_version(struct arena *a, const char *path)
{
	const char *b = base_name(path), *sep;
	size_t n = strlen(b);

	if (b[0] == 'R')
		return "";
	if (has_suffix(b, ".sql"))
		n -= 4;
	sep = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (b[i] == '_' && b[i + 1] == '_') {
			sep = b + i;
			break;
		}
	if (sep)
		n = (size_t)(sep - b);
	return n ? arena_strndup(a, b + 1, n - 1) : "";
}

static const char *flyway_desc(struct arena *a, const char *path)
{
	const char *sep = strstr(path, "__");
	size_t n;

	if (!sep)
		return "";
	sep += 2;
	n = strlen(sep);
	if (has_suffix(sep, ".sql"))
		n -= 4;
	return arena_strndup(a, sep, n);
}

/* strconv.Atoi with errors ignored (0) and range errors clipped. */
static long long go_atoi(const char *s, size_t n)
{
	size_t i = 0;
	bool neg = false;
	unsigned long long v = 0;
	const unsigned long long lim = (unsigned long long)INT64_MAX;

	if (n == 0)
		return 0;
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		i = 1;
		if (n == 1)
			return 0;
	}
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if (v <= lim)
			v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v > lim)
		return neg ? INT64_MIN : INT64_MAX;
	return neg ? -(long long)v : (long long)v;
}

static int flyway_cmp(const char *v1, const char *v2)
{
	/* Compare the dotted (and underscored) parts as integers. */
	const char *p = v1, *q = v2;

	for (;;) {
		size_t n1 = strcspn(p, "._"), n2 = strcspn(q, "._");
		long long a = go_atoi(p, n1), b = go_atoi(q, n2);
		bool end1 = p[n1] == '\0', end2 = q[n2] == '\0';

		if (a != b)
			return a < b ? -1 : 1;
		if (end1 || end2)
			return end1 && end2 ? 0 : end1 ? -1 : 1;
		p += n1 + 1;
		q += n2 + 1;
	}
}

struct flyway_files {
	struct arena *a;
	const char *baseline;
	const char **versioned, **repeatable;
	size_t nv, nr, capv, capr;
};

/* Appends to a heap scratch array of strings (freed by the lister), so
 * that growing it leaves no old copies in the arena. */
static void push(const char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = util_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = s;
}

static void flyway_add(struct flyway_files *ff, const char *path)
{
	struct arena *a = ff->a;
	char p = base_name(path)[0];

	if (p == 'B') {
		if (ff->baseline &&
		    strcmp(flyway_version(a, path), flyway_version(a, ff->baseline)) < 0)
			return;
		ff->baseline = path;
		const char *bv = flyway_version(a, path);
		size_t w = 0;
		/* Upstream compares the file paths (not their versions) with
		 * the baseline version here; kept as is. */
		for (size_t i = 0; i < ff->nv; i++)
			if (strcmp(ff->versioned[i], bv) > 0)
				ff->versioned[w++] = ff->versioned[i];
		ff->nv = w;
	} else if (p == 'V') {
		if (!ff->baseline ||
		    strcmp(flyway_version(a, ff->baseline), flyway_version(a, path)) < 0)
			push(&ff->versioned, &ff->nv, &ff->capv, path);
	} else if (p == 'R') {
		push(&ff->repeatable, &ff->nr, &ff->capr, path);
	}
}

static int flyway_walk(struct flyway_files *ff, const char *root, const char *rel,
		       struct diags *d)
{
	struct arena *a = ff->a;
	const char *full = rel[0] ? arena_printf(a, "%s/%s", root, rel) : root;
	DIR *dp = opendir(full);
	struct dirent *e;
	const char **names = NULL;
	size_t n = 0, cap = 0;

	if (!dp)
		return diag_errorf(d, NULL, "open %s: %s", full, migrate_strerror(a, errno));
	while ((e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		push(&names, &n, &cap, arena_strdup(a, e->d_name));
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const char *r = rel[0] ? arena_printf(a, "%s/%s", rel, names[i]) : names[i];
		const char *fp = arena_printf(a, "%s/%s", root, r);
		struct stat st;
		const char *ext;

		if (lstat(fp, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (names[i][0] == '.')
				continue; /* hidden directories are skipped */
			if (flyway_walk(ff, root, r, d) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		ext = strrchr(names[i], '.');
		if (!ext || strcmp(ext, ".sql") != 0 || strlen(names[i]) < 4 ||
		    (names[i][0] != 'V' && names[i][0] != 'B' && names[i][0] != 'R'))
			continue;
		flyway_add(ff, r);
	}
	free(names);
	return rc;
}

/* Stable insertion sort by flyway version (upstream's sort.Slice is
 * insertion sort for short slices).  Each version is computed once, not
 * per comparison: an arena copy per comparison grew memory with the
 * square of the number of files. */
static void flyway_sort(struct arena *a, const char **v, size_t n)
{
	const char **vers = util_xmalloc((n ? n : 1) * sizeof(*vers));

	for (size_t i = 0; i < n; i++)
		vers[i] = flyway_version(a, v[i]);
	for (size_t i = 1; i < n; i++) {
		const char *x = v[i], *xv = vers[i];
		size_t j = i;
		while (j > 0 && flyway_cmp(xv, vers[j - 1]) < 0) {
			v[j] = v[j - 1];
			vers[j] = vers[j - 1];
			j--;
		}
		v[j] = x;
		vers[j] = xv;
	}
	free(vers);
}

static int list_flyway(struct migrate_dir *dir, struct arena *a, struct diags *d)
{
	struct flyway_files ff = { .a = a };
	struct flist l = { 0 };

	if (flyway_walk(&ff, dir->path, "", d) < 0) {
		free(ff.versioned);
		free(ff.repeatable);
		return -1;
	}
	flyway_sort(a, ff.versioned, ff.nv);
	flyway_sort(a, ff.repeatable, ff.nr);
	if (ff.baseline)
		flist_add(&l)->name = ff.baseline;
	for (size_t i = 0; i < ff.nv; i++)
		flist_add(&l)->name = ff.versioned[i];
	for (size_t i = 0; i < ff.nr; i++)
		flist_add(&l)->name = ff.repeatable[i];
	for (size_t i = 0; i < l.n; i++) {
		l.v[i].version = flyway_version(a, l.v[i].name);
		l.v[i].description = flyway_desc(a, l.v[i].name);
	}
	dir->files = l.n ? arena_memdup(a, l.v, l.n * sizeof(*l.v)) : NULL;
	dir->nfiles = l.n;
	free(l.v);
	free(ff.versioned);
	free(ff.repeatable);
	return 0;
}

/* ---- open -------------------------------------------------------------- */

static int mkdir_all(const char *path)
{
	char *p = strdup(path);
	int rc = 0;

	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int migrate_dir_open(struct migrate_dir **out, struct arena *a, const char *url,
		     const char *dir_format, bool create, struct diags *d)
{
	struct migrate_dir *dir;
	struct dir_url u;
	const char *fmt = NULL, *joined;
	struct stat st;
	size_t i;

	*out = NULL;
	const char *uerr = url_error(a, url);
	if (uerr)
		return diag_errorf(d, NULL, "parse %s: %s", migrate_go_quote(a, url, strlen(url)), uerr);
	url_parse(&u, a, url);
	if (!u.scheme[0]) {
		const char *sugg = arena_printf(a, "file://%s", u.path);
		return diag_errorf(d, NULL, "missing scheme for dir url. Did you mean %s? ",
				   migrate_go_quote(a, sugg, strlen(sugg)));
	}
	if (strcmp(u.scheme, "atlas") == 0)
		return diag_errorf(d, NULL,
				   "atlas remote directory is not supported by this release. See: https://atlasgo.io/getting-started");
	if (strcmp(u.scheme, "file") != 0)
		return diag_errorf(d, NULL, "unsupported driver %s",
				   migrate_go_quote(a, u.scheme, strlen(u.scheme)));
	if (u.host[0] && u.path[0])
		joined = util_path_clean(a, arena_printf(a, "%s/%s", u.host, u.path));
	else if (u.host[0] || u.path[0])
		joined = util_path_clean(a, u.host[0] ? u.host : u.path);
	else
		joined = "migrations";
	if (u.rawquery)
		fmt = query_get(a, u.rawquery, "format");
	if (!fmt)
		fmt = dir_format && dir_format[0] ? dir_format : "";
	dir = arena_alloc(a, sizeof(*dir));
	dir->url = migrate_dir_url_with_format(a, url, dir_format);
	dir->path = joined;
	dir->format = MIGRATE_FORMAT_ATLAS;
	if (fmt[0]) {
		for (i = 0; i < ARRAY_LEN(formats); i++)
			if (strcmp(fmt, formats[i].name) == 0)
				break;
		if (i == ARRAY_LEN(formats))
			return diag_errorf(d, NULL, "unknown dir format %s",
					   migrate_go_quote(a, fmt, strlen(fmt)));
		dir->format = formats[i].fmt;
	}
	if (stat(joined, &st) < 0) {
		int err = errno;
		if (create && err == ENOENT) {
			if (mkdir_all(joined) < 0)
				return diag_errorf(d, NULL, "mkdir %s: %s", joined,
						   migrate_strerror(a, errno));
			if (stat(joined, &st) < 0)
				return diag_errorf(d, NULL, "sql/migrate: stat %s: %s", joined,
						   migrate_strerror(a, errno));
		} else {
			return diag_errorf(d, NULL, "sql/migrate: stat %s: %s", joined,
					   migrate_strerror(a, err));
		}
	}
	if (!S_ISDIR(st.st_mode))
		return diag_errorf(d, NULL, "sql/migrate: %s is not a dir",
				   migrate_go_quote(a, joined, strlen(joined)));
	if ((dir->format == MIGRATE_FORMAT_FLYWAY ? list_flyway(dir, a, d) : list_top(dir, a, d)) < 0)
		return -1;
	*out = dir;
	return 0;
}

/* ---- reading ----------------------------------------------------------- */

/*
 * Reads fd to its end into buf starting at *n (cap = room for data;
 * buf has one more byte for the NUL).  `size` is the file's size when it
 * is a regular file (fstat), else SIZE_MAX: a read that comes back short
 * at exactly that size is its end (a regular file's read returns less than
 * asked only there), which saves the read(2) that would return 0, one
 * system call per file (issue 9: W4 reads 1000 files).  Returns 1 when the
 * file did not fit (more data than cap), 0 at EOF, -1 with errno.
 */
static int read_into(int fd, char *buf, size_t cap, size_t *n, size_t size)
{
	for (;;) {
		ssize_t r;

		if (*n == cap) {
			char c;
			r = read(fd, &c, 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -1;
			if (r == 0)
				return 0;
			return 1; /* grew while we read it; the caller falls back */
		}
		r = read(fd, buf + *n, cap - *n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return 0;
		*n += (size_t)r;
		if (*n == size && *n < cap)
			return 0;
	}
}

static int read_error(struct diags *d, const struct migrate_file *f, const char *op,
		      const struct migrate_dir *dir, int err)
{
	const char *path = arena_printf(d->arena, "%s/%s", dir->path, f->name);

	return diag_errorf(d, NULL, "sql/migrate: read file %s: %s %s: %s",
			   migrate_go_quote(d->arena, f->name, strlen(f->name)), op, path,
			   migrate_strerror(d->arena, err));
}

/* open(2) of a file of the directory: relative to dirfd when it is open
 * (no path to format and walk per file), else by its path. */
static int open_file(int dirfd, const struct migrate_dir *dir, const struct migrate_file *f)
{
	char pbuf[4096];
	size_t pl = strlen(dir->path), nl = strlen(f->name);

	if (dirfd >= 0)
		return openat(dirfd, f->name, O_RDONLY | O_CLOEXEC);
	if (pl + 1 + nl < sizeof(pbuf)) {
		/* The path on the stack: called once per file, an arena copy
		 * each time grew memory with the number of files. */
		memcpy(pbuf, dir->path, pl);
		pbuf[pl] = '/';
		memcpy(pbuf + pl + 1, f->name, nl + 1);
		return open(pbuf, O_RDONLY | O_CLOEXEC);
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", dir->path, f->name);
	int fd = open(sb.buf, O_RDONLY | O_CLOEXEC);
	int err = errno;
	strbuf_release(&sb);
	errno = err;
	return fd;
}

int migrate_dir_fd_open(const struct migrate_dir *dir)
{
	return open(dir->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int migrate_file_read_at(struct strbuf *buf, int dirfd, const struct migrate_dir *dir,
			 const struct migrate_file *f, struct diags *d)
{
	int fd = open_file(dirfd, dir, f);
	struct stat st;
	size_t n = 0, size = SIZE_MAX;
	int r;

	strbuf_reset(buf);
	if (fd < 0)
		return read_error(d, f, "open", dir, errno);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		size = (size_t)st.st_size;
		/* one byte more than the size, so that its read comes back short */
		strbuf_grow(buf, size + 1);
	}
	for (;;) {
		r = read_into(fd, buf->buf, buf->alloc ? buf->alloc - 1 : 0, &n, size);
		if (r != 1)
			break;
		/* the extra byte read by read_into is lost: start over bigger */
		if (lseek(fd, 0, SEEK_SET) < 0) {
			r = -1;
			break;
		}
		n = 0;
		size = SIZE_MAX;
		strbuf_grow(buf, buf->alloc + 65536);
	}
	if (r < 0) {
		int err = errno;
		close(fd);
		return read_error(d, f, "read", dir, err);
	}
	close(fd);
	strbuf_setlen(buf, n);
	return 0;
}

int migrate_file_read(struct strbuf *buf, const struct migrate_dir *dir,
		      const struct migrate_file *f, struct diags *d)
{
	return migrate_file_read_at(buf, -1, dir, f, d);
}

int migrate_file_load(struct migrate_file *f, struct arena *a, const struct migrate_dir *dir,
		      struct diags *d)
{
	char *buf;
	struct stat st;
	size_t n = 0, cap, size = SIZE_MAX;
	int fd, r;

	if (f->loaded)
		return 0;
	fd = open_file(-1, dir, f);
	if (fd < 0)
		return read_error(d, f, "open", dir, errno);
	/* Straight into the arena at the size fstat reports (one byte more,
	 * see read_into), so a huge file costs its size once. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		size = (size_t)st.st_size;
	cap = size == SIZE_MAX ? 0 : size + 1;
	buf = arena_alloc(a, cap + 1);
	r = read_into(fd, buf, cap, &n, size);
	if (r < 0) {
		int err = errno;
		close(fd);
		return read_error(d, f, "read", dir, err);
	}
	close(fd);
	if (r == 1) {
		/* not a regular file, or it grew: the general path */
		struct strbuf sb = STRBUF_INIT;
		if (migrate_file_read(&sb, dir, f, d) < 0) {
			strbuf_release(&sb);
			return -1;
		}
		n = sb.len;
		buf = arena_memdup(a, sb.buf, sb.len + 1);
		strbuf_release(&sb);
	}
	buf[n] = '\0';
	f->content = buf;
	f->len = n;
	f->loaded = true;
	migrate_file_parse_header(f, a, f->content, f->len);
	return 0;
}

int migrate_dir_load(struct migrate_dir *dir, struct arena *a, struct diags *d)
{
	for (size_t i = 0; i < dir->nfiles; i++)
		if (migrate_file_load(&dir->files[i], a, dir, d) < 0)
			return -1;
	return 0;
}

size_t migrate_new_files(struct migrate_new_file out[2], struct arena *a,
			 enum migrate_format fmt, int64_t unix_seconds, const char *name)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	char ts[32];
	bool named = name && name[0];

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm);
	memset(out, 0, 2 * sizeof(*out));
	switch (fmt) {
	case MIGRATE_FORMAT_GOLANG_MIGRATE:
		out[0].name = arena_printf(a, "%s%s%s.up.sql", ts, named ? "_" : "", named ? name : "");
		out[0].content = "";
		out[1].name = arena_printf(a, "%s%s%s.down.sql", ts, named ? "_" : "", named ? name : "");
		out[1].content = "";
		return 2;
	case MIGRATE_FORMAT_FLYWAY:
		out[0].name = arena_printf(a, "V%s%s%s.sql", ts, named ? "__" : "", named ? name : "");
		out[0].content = "";
		out[1].name = arena_printf(a, "U%s%s%s.sql", ts, named ? "__" : "", named ? name : "");
		out[1].content = "";
		return 2;
	case MIGRATE_FORMAT_GOOSE:
		out[0].content = "-- +goose Up\n\n-- +goose Down\n";
		break;
	case MIGRATE_FORMAT_DBMATE:
		out[0].content = "-- migrate:up\n\n-- migrate:down\n";
		break;
	case MIGRATE_FORMAT_LIQUIBASE:
		out[0].content = "--liquibase formatted sql";
		break;
	case MIGRATE_FORMAT_ATLAS:
		out[0].content = "";
		break;
	}
	out[0].name = arena_printf(a, "%s%s%s.sql", ts, named ? "_" : "", named ? name : "");
	return 1;
}
