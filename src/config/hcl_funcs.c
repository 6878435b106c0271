/*
 * hcl_funcs: the functions an atlas.hcl may call.  Atlas's set is cty's
 * stdlib (cty semantics, not Terraform's: length() rejects strings and
 * objects, replace() has no regex form) plus Atlas's helpers (getenv,
 * file, fileset, glob, URL helpers, print, sql).  Each entry declares its
 * parameters like a cty function.Spec; the evaluator converts arguments
 * and checks arity, so an implementation sees converted values and
 * reports failure through struct hcl_fcall (message and, when one
 * argument is to blame, its index) for the evaluator to word as HCL does.
 *
 * Functions upstream has but atlas-c does not implement are listed in
 * upstream_only[]; calling one is reported as `function "X" is not
 * supported by atlas-c` rather than as an unknown function.
 * File system access (file, fileset, glob) and the environment (getenv)
 * go through struct hcl_host when the caller provides hooks.
 */
#include "config/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef int (*hcl_impl)(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **args);

struct hcl_func {
	const char *name;
	size_t nparams;
	struct hcl_fparam params[3];
	const char *var_name;
	struct hcl_fparam var;
	bool allow_unknown;
	hcl_impl impl;
};

static const struct hcl_type t_list_string = { .kind = HCL_T_LIST, .elem = &hcl_type_string };
static const struct hcl_type t_list_dyn = { .kind = HCL_T_LIST, .elem = &hcl_type_dynamic };
static const struct hcl_type t_list_bool = { .kind = HCL_T_LIST, .elem = &hcl_type_bool };
static const struct hcl_type t_set_dyn = { .kind = HCL_T_SET, .elem = &hcl_type_dynamic };
static const struct hcl_type t_map_dyn = { .kind = HCL_T_MAP, .elem = &hcl_type_dynamic };

#define STR (&hcl_type_string)
#define NUM (&hcl_type_number)
#define BOOL (&hcl_type_bool)
#define DYN (&hcl_type_dynamic)

/* ---- helpers ---- */

static int fail(struct hcl_fcall *c, int arg, const char *fmt, ...) PRINTF_LIKE(3, 4);

static int fail(struct hcl_fcall *c, int arg, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	c->err = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	c->arg_index = arg;
	return -1;
}

static struct hcl_value *mkstr(struct hcl_fcall *c, const char *p, size_t n)
{
	return hcl_value_string(c->a, arena_memdup(c->a, p, n + 1), n);
}

static struct hcl_value *sb_value(struct hcl_fcall *c, struct strbuf *sb)
{
	struct hcl_value *v = mkstr(c, sb->buf, sb->len);
	strbuf_release(sb);
	return v;
}

static char *cstr(struct hcl_fcall *c, const struct hcl_value *v)
{
	return arena_strndup(c->a, v->u.s.p, v->u.s.len);
}

static bool is_word_char(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool ws(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Unicode white space at s (ASCII plus U+0085 and U+00A0); its length. */
static size_t space_at(const char *s, size_t n)
{
	if (n >= 1 && ws((unsigned char)s[0]))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 &&
	    ((unsigned char)s[1] == 0x85 || (unsigned char)s[1] == 0xA0))
		return 2;
	return 0;
}

static size_t u8len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t l = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	if (l > n)
		l = 1;
	for (size_t k = 1; k < l; k++)
		if (((unsigned char)s[k] & 0xC0) != 0x80)
			return 1;
	return l;
}

static int num_int(struct hcl_fcall *c, int arg, const struct hcl_value *v, long long *out)
{
	if (hcl_value_as_int64(out, v) < 0)
		return fail(c, arg, "value must be a whole number");
	return 0;
}

static bool is_seq(const struct hcl_value *v)
{
	enum hcl_type_kind k = v->type->kind;
	return k == HCL_T_LIST || k == HCL_T_TUPLE || k == HCL_T_SET;
}

/* A list value from items, typed by their common type (or a tuple when
 * they differ, as cty does for results built from tuples). */
static struct hcl_value *seq_like(struct hcl_fcall *c, const struct hcl_value *model, size_t n,
				  struct hcl_value **items)
{
	if (model->type->kind == HCL_T_TUPLE)
		return hcl_value_tuple(c->a, n, items);
	const struct hcl_type *et = model->type->elem ? model->type->elem : DYN;
	if (model->type->kind == HCL_T_SET)
		return hcl_value_set(c->a, et, n, items);
	return hcl_value_list(c->a, et, n, items);
}

/* ---- Atlas helpers ---- */

static int f_getenv(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	char *name = cstr(c, a[0]);
	const char *v;
	if (c->host && c->host->getenv)
		v = c->host->getenv(c->host->getenv_arg, name);
	else
		v = getenv(name);
	*out = hcl_value_cstr(c->a, v ? v : "");
	return 0;
}


static char *abs_path(struct hcl_fcall *c, const char *p)
{
	if (p[0] == '/' || !c->host || !c->host->base_dir)
		return arena_strdup(c->a, p);
	return util_path_clean(c->a, arena_printf(c->a, "%s/%s", c->host->base_dir, p));
}

static int f_file(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	char *path = abs_path(c, cstr(c, a[0]));
	char *buf;
	size_t len;
	if (util_read_file(&buf, &len, c->a, path) < 0) {
		/* Go's wording: "open PATH: no such file or directory" */
		char *msg = arena_strdup(c->a, strerror(errno));
		if (msg[0] >= 'A' && msg[0] <= 'Z')
			msg[0] = (char)(msg[0] + 32);
		return fail(c, -1, "%s %s: %s", errno == EISDIR ? "read" : "open", path, msg);
	}
	*out = hcl_value_string(c->a, buf, len);
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static struct hcl_value *string_list(struct hcl_fcall *c, char **v, size_t n)
{
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = hcl_value_cstr(c->a, v[i]);
	return hcl_value_list(c->a, STR, n, items);
}

static int f_glob(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	char *pat = abs_path(c, cstr(c, a[0]));
	glob_t g;
	memset(&g, 0, sizeof(g));
	int rc = glob(pat, 0, NULL, &g);
	if (rc != 0 && rc != GLOB_NOMATCH) {
		globfree(&g);
		return fail(c, -1, "syntax error in pattern");
	}
	char **v = arena_alloc(c->a, (g.gl_pathc ? g.gl_pathc : 1) * sizeof(*v));
	for (size_t i = 0; i < g.gl_pathc; i++)
		v[i] = arena_strdup(c->a, g.gl_pathv[i]);
	size_t n = g.gl_pathc;
	globfree(&g);
	*out = string_list(c, v, n);
	return 0;
}

struct fs_walk {
	struct hcl_fcall *c;
	char **v;
	size_t n, cap;
	int depth;
};

/* Matches path segments against pattern segments, `**` spanning any
 * number of segments. */
static bool seg_match(char **pat, size_t np, char **seg, size_t ns)
{
	if (np == 0)
		return ns == 0;
	if (strcmp(pat[0], "**") == 0) {
		for (size_t k = 0; k <= ns; k++)
			if (seg_match(pat + 1, np - 1, seg + k, ns - k))
				return true;
		return false;
	}
	if (ns == 0)
		return false;
	if (fnmatch(pat[0], seg[0], FNM_PERIOD) != 0)
		return false;
	return seg_match(pat + 1, np - 1, seg + 1, ns - 1);
}

static size_t split_path(struct arena *a, char *p, char ***out)
{
	size_t n = 0, cap = 8;
	char **v = arena_alloc(a, cap * sizeof(*v));
	char *save = NULL;
	for (char *t = strtok_r(p, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (n == cap) {
			v = arena_realloc(a, v, cap * sizeof(*v), cap * 2 * sizeof(*v));
			cap *= 2;
		}
		v[n++] = t;
	}
	*out = v;
	return n;
}

static void fs_walk_dir(struct fs_walk *w, const char *root, const char *rel, char **pat, size_t np)
{
	if (w->depth > 64)
		return;
	char *dir = rel[0] ? arena_printf(w->c->a, "%s/%s", root, rel) : arena_strdup(w->c->a, root);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *r = rel[0] ? arena_printf(w->c->a, "%s/%s", rel, de->d_name) :
				   arena_strdup(w->c->a, de->d_name);
		char *full = arena_printf(w->c->a, "%s/%s", root, r);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		char **segs;
		size_t ns = split_path(w->c->a, arena_strdup(w->c->a, r), &segs);
		if (S_ISREG(st.st_mode) && seg_match(pat, np, segs, ns)) {
			if (w->n == w->cap) {
				size_t nc = w->cap ? w->cap * 2 : 16;
				w->v = arena_realloc(w->c->a, w->v, w->cap * sizeof(*w->v), nc * sizeof(*w->v));
				w->cap = nc;
			}
			w->v[w->n++] = full;
		}
		if (S_ISDIR(st.st_mode)) {
			w->depth++;
			fs_walk_dir(w, root, r, pat, np);
			w->depth--;
		}
	}
	closedir(d);
}

static int f_fileset(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	char *pat = cstr(c, a[0]);
	const char *root = c->host && c->host->base_dir ? c->host->base_dir : ".";
	if (pat[0] == '/') {
		root = "";
	}
	char **ps;
	size_t np = split_path(c->a, arena_strdup(c->a, pat), &ps);
	struct fs_walk w = { .c = c };
	fs_walk_dir(&w, root[0] ? root : "/", "", ps, np);
	if (w.n > 1)
		qsort(w.v, w.n, sizeof(*w.v), cmp_str);
	*out = string_list(c, w.v, w.n);
	return 0;
}

static void value_text(struct strbuf *sb, struct arena *a, const struct hcl_value *v)
{
	struct str t;
	if (!v->null && hcl_value_to_text(&t, a, v) == 0) {
		strbuf_add(sb, t.p, t.len);
		return;
	}
	const char *err;
	if (hcl_value_json(sb, v, 0, 0, &err) < 0)
		strbuf_addstr(sb, "?");
}

/* Prints the sign of a big.Float 'f' text and moves *f past it; true when
 * the rest is printed as it is ("0", "+Inf"), which is then done too. */
static bool f_sign(struct strbuf *sb, const char **f)
{
	if ((*f)[0] == '-') {
		strbuf_addch(sb, '-');
		(*f)++;
	}
	if ((*f)[0] == '+' || strcmp(*f, "0") == 0) {
		strbuf_addstr(sb, *f);
		return true;
	}
	return false;
}

/*
 * The digits of a big.Float 'f' text (sign already taken off) without the
 * point, at most cap - 2 of them, into d; *point is where the point was
 * (the digit count when there is none).
 */
static size_t f_digits(char *d, size_t cap, const char *f, long *point)
{
	size_t nd = 0;
	*point = -1;
	for (size_t i = 0; f[i] && nd < cap - 2; i++) {
		if (f[i] == '.')
			*point = (long)nd;
		else
			d[nd++] = f[i];
	}
	if (*point < 0)
		*point = (long)nd;
	return nd;
}

/* Go's big.Float String(), i.e. Text('g', 10), from the shortest 'f'
 * text (rounding those digits, not the binary value: a halfway case in
 * the 11th digit may differ). */
static void num_g10(struct strbuf *sb, const char *f)
{
	if (f_sign(sb, &f))
		return;
	char d[2100];
	long point;
	size_t nd = f_digits(d, sizeof(d), f, &point);
	size_t first = 0;
	while (first < nd && d[first] == '0')
		first++;
	memmove(d, d + first, nd - first);
	nd -= first;
	long dexp = point - (long)first; /* value = 0.d * 10^dexp */
	if (nd > 10) {
		bool up = d[10] > '5' || (d[10] == '5' && (nd > 11 || ((d[9] - '0') & 1)));
		nd = 10;
		if (up) {
			size_t k = nd;
			while (k > 0 && d[k - 1] == '9')
				k--;
			if (k == 0) {
				d[0] = '1';
				nd = 1;
				dexp++;
			} else {
				d[k - 1]++;
				nd = k;
			}
		}
	}
	while (nd > 0 && d[nd - 1] == '0')
		nd--;
	long eprec = 10;
	if (eprec > (long)nd && (long)nd >= dexp)
		eprec = (long)nd;
	long e = dexp - 1;
	if (e < -4 || e >= eprec) {
		strbuf_addch(sb, d[0]);
		if (nd > 1) {
			strbuf_addch(sb, '.');
			strbuf_add(sb, d + 1, nd - 1);
		}
		strbuf_addf(sb, "e%c%02ld", e < 0 ? '-' : '+', e < 0 ? -e : e);
		return;
	}
	long prec = 10;
	if (prec > dexp)
		prec = (long)nd;
	if (dexp > 0) {
		for (long i = 0; i < dexp; i++)
			strbuf_addch(sb, i < (long)nd ? d[i] : '0');
	} else {
		strbuf_addch(sb, '0');
	}
	long frac = prec - dexp;
	if (frac > 0) {
		strbuf_addch(sb, '.');
		for (long i = 0; i < frac; i++) {
			long k = dexp + i;
			strbuf_addch(sb, k >= 0 && k < (long)nd ? d[k] : '0');
		}
	}
}

static int f_print(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (c->host && c->host->print) {
		struct strbuf sb = STRBUF_INIT;
		if (a[0]->type->kind == HCL_T_NUMBER)
			num_g10(&sb, hcl_num_text(c->a, a[0]->u.num));
		else
			value_text(&sb, c->a, a[0]);
		c->host->print(c->host->print_arg, sb.buf);
		strbuf_release(&sb);
	}
	*out = a[0];
	return 0;
}

static int f_sql(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (a[0]->u.s.len == 0)
		return fail(c, -1, "empty expression");
	struct hcl_value *v = arena_alloc(c->a, sizeof(*v));
	v->type = &hcl_type_raw;
	v->u.s = a[0]->u.s;
	*out = v;
	return 0;
}

/* ---- URL helpers (Go net/url behaviour for the common shapes) ---- */

static bool unreserved(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_' || ch == '.' || ch == '~';
}

enum esc_mode { ESC_QUERY, ESC_PATH, ESC_USERINFO };

static void url_escape(struct strbuf *sb, const char *s, size_t n, enum esc_mode m)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool keep = unreserved(ch);
		if (!keep && strchr("$&+,/:;=?@", ch) && ch) {
			if (m == ESC_PATH)
				keep = ch != '?';
			else if (m == ESC_USERINFO)
				keep = !(ch == '@' || ch == '/' || ch == '?' || ch == ':');
		}
		if (keep) {
			strbuf_addch(sb, (char)ch);
		} else if (ch == ' ' && m == ESC_QUERY) {
			strbuf_addch(sb, '+');
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[ch >> 4]);
			strbuf_addch(sb, hex[ch & 15]);
		}
	}
}

static int f_urlescape(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct strbuf sb = STRBUF_INIT;
	url_escape(&sb, a[0]->u.s.p, a[0]->u.s.len, ESC_QUERY);
	*out = sb_value(c, &sb);
	return 0;
}

static int hexv(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
	       ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

static char *url_unescape(struct arena *a, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			strbuf_addch(&sb, ' ');
		} else if (s[i] == '%' && i + 2 < n + 0 + 0 && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
			strbuf_addch(&sb, (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2])));
			i += 2;
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

struct url_parts {
	struct str scheme_auth; /* "scheme://userinfo@host" or "" */
	struct str path, query, frag;
	bool has_query, has_frag;
};

static void url_split(const char *s, size_t n, struct url_parts *u)
{
	memset(u, 0, sizeof(*u));
	size_t i = 0;
	const char *css = memmem(s, n, "://", 3);
	size_t auth_end = 0;
	if (css) {
		size_t j = (size_t)(css - s) + 3;
		while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#')
			j++;
		auth_end = j;
	}
	u->scheme_auth = (struct str){ s, auth_end };
	i = auth_end;
	size_t ps = i;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	u->path = (struct str){ s + ps, i - ps };
	if (i < n && s[i] == '?') {
		size_t qs = ++i;
		while (i < n && s[i] != '#')
			i++;
		u->query = (struct str){ s + qs, i - qs };
		u->has_query = true;
	}
	if (i < n && s[i] == '#') {
		u->frag = (struct str){ s + i + 1, n - i - 1 };
		u->has_frag = true;
	}
}

static void url_join(struct strbuf *sb, const struct url_parts *u)
{
	strbuf_add(sb, u->scheme_auth.p, u->scheme_auth.len);
	strbuf_add(sb, u->path.p, u->path.len);
	if (u->has_query && u->query.len) {
		strbuf_addch(sb, '?');
		strbuf_add(sb, u->query.p, u->query.len);
	}
	if (u->has_frag) {
		strbuf_addch(sb, '#');
		strbuf_add(sb, u->frag.p, u->frag.len);
	}
}

struct qpair {
	char *k, *v;
	size_t order;
};

static int qpair_cmp(const void *x, const void *y)
{
	const struct qpair *a = x, *b = y;
	int c = strcmp(a->k, b->k);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int f_urlqueryset(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct url_parts u;
	url_split(a[0]->u.s.p, a[0]->u.s.len, &u);
	char *key = cstr(c, a[1]), *val = cstr(c, a[2]);
	size_t n = 0, cap = 8;
	struct qpair *ps = arena_alloc(c->a, cap * sizeof(*ps));
	const char *q = u.query.p;
	size_t ql = u.query.len, i = 0;
	while (i < ql) {
		size_t j = i;
		while (j < ql && q[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(q + i, '=', j - i);
			char *k = url_unescape(c->a, q + i, eq ? (size_t)(eq - q - i) : j - i);
			char *v = eq ? url_unescape(c->a, eq + 1, (size_t)(q + j - eq - 1)) : arena_strdup(c->a, "");
			if (strcmp(k, key) != 0) {
				if (n == cap) {
					ps = arena_realloc(c->a, ps, cap * sizeof(*ps), cap * 2 * sizeof(*ps));
					cap *= 2;
				}
				ps[n] = (struct qpair){ k, v, n };
				n++;
			}
		}
		i = j + 1;
	}
	if (n == cap)
		ps = arena_realloc(c->a, ps, cap * sizeof(*ps), (cap + 1) * sizeof(*ps));
	ps[n] = (struct qpair){ key, val, n };
	n++;
	qsort(ps, n, sizeof(*ps), qpair_cmp);
	struct strbuf qb = STRBUF_INIT;
	for (size_t k = 0; k < n; k++) {
		if (k)
			strbuf_addch(&qb, '&');
		url_escape(&qb, ps[k].k, strlen(ps[k].k), ESC_QUERY);
		strbuf_addch(&qb, '=');
		url_escape(&qb, ps[k].v, strlen(ps[k].v), ESC_QUERY);
	}
	u.query = (struct str){ strbuf_arena(&qb, c->a), qb.len };
	u.has_query = true;
	strbuf_release(&qb);
	struct strbuf sb = STRBUF_INIT;
	url_join(&sb, &u);
	*out = sb_value(c, &sb);
	return 0;
}

static int f_urlsetpath(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct url_parts u;
	url_split(a[0]->u.s.p, a[0]->u.s.len, &u);
	struct strbuf pb = STRBUF_INIT;
	if (u.scheme_auth.len && a[1]->u.s.len && a[1]->u.s.p[0] != '/')
		strbuf_addch(&pb, '/');
	url_escape(&pb, a[1]->u.s.p, a[1]->u.s.len, ESC_PATH);
	u.path = (struct str){ strbuf_arena(&pb, c->a), pb.len };
	strbuf_release(&pb);
	struct strbuf sb = STRBUF_INIT;
	url_join(&sb, &u);
	*out = sb_value(c, &sb);
	return 0;
}

static int f_urluserinfo(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct url_parts u;
	const char *s = a[0]->u.s.p;
	url_split(s, a[0]->u.s.len, &u);
	const char *css = memmem(s, a[0]->u.s.len, "://", 3);
	if (!css)
		return fail(c, -1, "missing host in URL");
	size_t hs = (size_t)(css - s) + 3;
	const char *auth = s + hs;
	size_t alen = u.scheme_auth.len - hs;
	const char *at = NULL;
	for (size_t i = 0; i < alen; i++)
		if (auth[i] == '@')
			at = auth + i;
	const char *host = at ? at + 1 : auth;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, s, hs);
	url_escape(&sb, a[1]->u.s.p, a[1]->u.s.len, ESC_USERINFO);
	if (c->nargs > 2 && !a[2]->null) {
		strbuf_addch(&sb, ':');
		url_escape(&sb, a[2]->u.s.p, a[2]->u.s.len, ESC_USERINFO);
	}
	strbuf_addch(&sb, '@');
	strbuf_add(&sb, host, (size_t)(auth + alen - host));
	u.scheme_auth = (struct str){ "", 0 };
	url_join(&sb, &u);
	*out = sb_value(c, &sb);
	return 0;
}

/* ---- strings ---- */

/* Simple case mapping: ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic basic letters (what configuration text contains). */
static unsigned case_map(unsigned cp, bool up)
{
	if (cp < 0x80) {
		if (up && cp >= 'a' && cp <= 'z')
			return cp - 32;
		if (!up && cp >= 'A' && cp <= 'Z')
			return cp + 32;
		return cp;
	}
	if (up) {
		if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) ||
		    (cp >= 0x430 && cp <= 0x44F))
			return cp - 32;
		if (cp >= 0x450 && cp <= 0x45F)
			return cp - 80;
		if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 &&
		    cp != 0x17F && ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179) ? (cp % 2 == 0) : (cp % 2 == 1)))
			return cp - 1;
		if (cp == 0xFF)
			return 0x178;
	} else {
		if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
		    (cp >= 0x410 && cp <= 0x42F))
			return cp + 32;
		if (cp >= 0x400 && cp <= 0x40F)
			return cp + 80;
		if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 &&
		    cp != 0x17F && ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179) ? (cp % 2 == 1) : (cp % 2 == 0)))
			return cp + 1;
		if (cp == 0x178)
			return 0xFF;
	}
	return cp;
}

static size_t dec_cp(const char *s, size_t n, unsigned *cp)
{
	size_t l = u8len(s, n);
	const unsigned char *u = (const unsigned char *)s;
	if (l == 1) {
		*cp = u[0];
	} else if (l == 2) {
		*cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
	} else if (l == 3) {
		*cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	} else {
		*cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
	}
	return l;
}


static int f_upper_lower(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a, bool up)
{
	struct strbuf sb = STRBUF_INIT;
	struct str s = a[0]->u.s;
	for (size_t i = 0; i < s.len;) {
		unsigned cp;
		size_t l = dec_cp(s.p + i, s.len - i, &cp);
		if (l == 1 && (unsigned char)s.p[i] >= 0x80)
			strbuf_addch(&sb, s.p[i]);
		else
			util_utf8_put(&sb, case_map(cp, up));
		i += l;
	}
	*out = sb_value(c, &sb);
	return 0;
}

static int f_upper(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_upper_lower(out, c, a, true);
}

static int f_lower(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_upper_lower(out, c, a, false);
}

/* Go's strings.Title: a letter after a separator (anything but a letter,
 * digit or underscore in ASCII; white space otherwise) is upper-cased. */
static int f_title(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct strbuf sb = STRBUF_INIT;
	struct str s = a[0]->u.s;
	bool sep = true;
	for (size_t i = 0; i < s.len;) {
		unsigned cp;
		size_t l = dec_cp(s.p + i, s.len - i, &cp);
		util_utf8_put(&sb, sep ? case_map(cp, true) : cp);
		if (cp < 0x80)
			sep = !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_');
		else
			sep = cp == 0x85 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
		i += l;
	}
	*out = sb_value(c, &sb);
	return 0;
}

static int f_trimspace(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	const char *p = a[0]->u.s.p;
	size_t n = a[0]->u.s.len, l;
	while (n > 0 && (l = space_at(p, n)) > 0) {
		p += l;
		n -= l;
	}
	for (;;) {
		if (n >= 1 && ws((unsigned char)p[n - 1]))
			n--;
		else if (n >= 2 && (unsigned char)p[n - 2] == 0xC2 &&
			 ((unsigned char)p[n - 1] == 0x85 || (unsigned char)p[n - 1] == 0xA0))
			n -= 2;
		else
			break;
	}
	*out = mkstr(c, p, n);
	return 0;
}

static bool in_cutset(const char *cut, size_t cl, const char *ch, size_t l)
{
	for (size_t i = 0; i < cl;) {
		size_t k = u8len(cut + i, cl - i);
		if (k == l && memcmp(cut + i, ch, l) == 0)
			return true;
		i += k;
	}
	return false;
}

static int f_trim(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	const char *p = a[0]->u.s.p, *cut = a[1]->u.s.p;
	size_t n = a[0]->u.s.len, cl = a[1]->u.s.len;
	while (n > 0) {
		size_t l = u8len(p, n);
		if (!in_cutset(cut, cl, p, l))
			break;
		p += l;
		n -= l;
	}
	while (n > 0) {
		size_t st = n - 1;
		while (st > 0 && ((unsigned char)p[st] & 0xC0) == 0x80)
			st--;
		if (!in_cutset(cut, cl, p + st, n - st))
			break;
		n = st;
	}
	*out = mkstr(c, p, n);
	return 0;
}

static int f_trimprefix(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str s = a[0]->u.s, x = a[1]->u.s;
	if (s.len >= x.len && memcmp(s.p, x.p, x.len) == 0)
		*out = mkstr(c, s.p + x.len, s.len - x.len);
	else
		*out = a[0];
	return 0;
}

static int f_trimsuffix(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str s = a[0]->u.s, x = a[1]->u.s;
	if (s.len >= x.len && memcmp(s.p + s.len - x.len, x.p, x.len) == 0)
		*out = mkstr(c, s.p, s.len - x.len);
	else
		*out = a[0];
	return 0;
}

static int f_startswith(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str s = a[0]->u.s, x = a[1]->u.s;
	*out = hcl_value_bool(c->a, s.len >= x.len && memcmp(s.p, x.p, x.len) == 0);
	return 0;
}

static int f_endswith(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str s = a[0]->u.s, x = a[1]->u.s;
	*out = hcl_value_bool(c->a, s.len >= x.len && memcmp(s.p + s.len - x.len, x.p, x.len) == 0);
	return 0;
}

static int f_chomp(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	size_t n = a[0]->u.s.len;
	while (n > 0 && (a[0]->u.s.p[n - 1] == '\n' || a[0]->u.s.p[n - 1] == '\r'))
		n--;
	*out = mkstr(c, a[0]->u.s.p, n);
	return 0;
}

static int f_indent(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	long long sp;
	if (num_int(c, 0, a[0], &sp) < 0)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a[1]->u.s.len; i++) {
		strbuf_addch(&sb, a[1]->u.s.p[i]);
		if (a[1]->u.s.p[i] == '\n')
			for (long long k = 0; k < sp && k < 1000000; k++)
				strbuf_addch(&sb, ' ');
	}
	*out = sb_value(c, &sb);
	return 0;
}

static int f_replace(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str s = a[0]->u.s, sub = a[1]->u.s, rep = a[2]->u.s;
	struct strbuf sb = STRBUF_INIT;
	if (sub.len == 0) {
		/* Go: insert rep before every rune and at the end */
		for (size_t i = 0; i < s.len;) {
			size_t l = u8len(s.p + i, s.len - i);
			strbuf_add(&sb, rep.p, rep.len);
			strbuf_add(&sb, s.p + i, l);
			i += l;
		}
		strbuf_add(&sb, rep.p, rep.len);
	} else {
		for (size_t i = 0; i < s.len;) {
			if (i + sub.len <= s.len && memcmp(s.p + i, sub.p, sub.len) == 0) {
				strbuf_add(&sb, rep.p, rep.len);
				i += sub.len;
			} else {
				strbuf_addch(&sb, s.p[i++]);
			}
		}
	}
	*out = sb_value(c, &sb);
	return 0;
}

static int f_split(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str sep = a[0]->u.s, s = a[1]->u.s;
	size_t cap = 8, n = 0;
	struct hcl_value **items = arena_alloc(c->a, cap * sizeof(*items));
#define PUSH_ITEM(p_, l_)                                                                        \
	do {                                                                                     \
		if (n == cap) {                                                                  \
			items = arena_realloc(c->a, items, cap * sizeof(*items),                 \
					      cap * 2 * sizeof(*items));                         \
			cap *= 2;                                                                \
		}                                                                                \
		items[n++] = mkstr(c, (p_), (l_));                                               \
	} while (0)
	if (sep.len == 0) {
		for (size_t i = 0; i < s.len;) {
			size_t l = u8len(s.p + i, s.len - i);
			PUSH_ITEM(s.p + i, l);
			i += l;
		}
	} else {
		size_t st = 0;
		for (size_t i = 0; i + sep.len <= s.len;) {
			if (memcmp(s.p + i, sep.p, sep.len) == 0) {
				PUSH_ITEM(s.p + st, i - st);
				i += sep.len;
				st = i;
			} else {
				i++;
			}
		}
		PUSH_ITEM(s.p + st, s.len - st);
	}
#undef PUSH_ITEM
	*out = hcl_value_list(c->a, STR, n, items);
	return 0;
}

static int f_join(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (c->nargs < 2)
		return fail(c, -1, "at least one list is required");
	struct strbuf sb = STRBUF_INIT;
	bool first = true;
	for (size_t li = 1; li < c->nargs; li++) {
		struct hcl_value *l = a[li];
		for (size_t i = 0; i < l->u.c.n; i++) {
			if (l->u.c.items[i]->null) {
				strbuf_release(&sb);
				if (c->nargs > 2)
					return fail(c, (int)li, "element %zu of list %zu is null; cannot concatenate null values", i, li);
				return fail(c, (int)li, "element %zu is null; cannot concatenate null values", i);
			}
			if (!first)
				strbuf_add(&sb, a[0]->u.s.p, a[0]->u.s.len);
			first = false;
			strbuf_add(&sb, l->u.c.items[i]->u.s.p, l->u.c.items[i]->u.s.len);
		}
	}
	*out = sb_value(c, &sb);
	return 0;
}

static int f_strrev(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str s = a[0]->u.s;
	char *r = arena_alloc(c->a, s.len + 1);
	size_t w = s.len;
	for (size_t i = 0; i < s.len;) {
		size_t l = u8len(s.p + i, s.len - i);
		w -= l;
		memcpy(r + w, s.p + i, l);
		i += l;
	}
	*out = hcl_value_string(c->a, r, s.len);
	return 0;
}

/* cty's substr, quirks included (a zero length after a negative offset
 * means "the rest"). */
static int f_substr(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	long long off, len;
	if (num_int(c, 1, a[1], &off) < 0 || num_int(c, 2, a[2], &len) < 0)
		return -1;
	struct str s = a[0]->u.s;
	if (off < 0) {
		long long total = 0;
		for (size_t i = 0; i < s.len; i += u8len(s.p + i, s.len - i))
			total++;
		off += total;
	} else if (len == 0) {
		*out = hcl_value_cstr(c->a, "");
		return 0;
	}
	const char *sub = s.p;
	size_t sl = s.len, i = 0;
	if (off > 0) {
		long long pos = 0;
		for (i = 0; i < sl;) {
			i += u8len(sub + i, sl - i);
			pos++;
			if (pos == off)
				break;
			if (i >= s.len) {
				*out = hcl_value_cstr(c->a, "");
				return 0;
			}
		}
		sub += i;
		sl -= i;
	}
	if (len < 0) {
		*out = mkstr(c, sub, sl);
		return 0;
	}
	long long pos = 0;
	for (i = 0; i < sl;) {
		i += u8len(sub + i, sl - i);
		pos++;
		if (pos == len)
			break;
	}
	*out = mkstr(c, sub, i);
	return 0;
}

static int f_regexpescape(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a[0]->u.s.len; i++) {
		char ch = a[0]->u.s.p[i];
		if (strchr("\\.+*?()|[]{}^$", ch) && ch)
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, ch);
	}
	*out = sb_value(c, &sb);
	return 0;
}

/* big.Float's Text('g', -1) from the 'f' text: %e form when the decimal
 * exponent is < -4 or >= 6 (Go's rule for the shortest precision). */
static void num_g(struct strbuf *sb, const char *f)
{
	if (f_sign(sb, &f))
		return;
	char digs[2049];
	long point, first = -1;
	size_t nd = f_digits(digs, sizeof(digs), f, &point);
	for (size_t i = 0; i < nd; i++)
		if (digs[i] != '0') {
			first = (long)i;
			break;
		}
	if (first < 0) {
		strbuf_addch(sb, '0');
		return;
	}
	size_t last = nd;
	while (last > 0 && digs[last - 1] == '0')
		last--;
	long exp = point - first - 1;
	if (exp < -4 || exp >= 6) {
		strbuf_addch(sb, digs[first]);
		if (last > (size_t)first + 1) {
			strbuf_addch(sb, '.');
			strbuf_add(sb, digs + first + 1, last - (size_t)first - 1);
		}
		strbuf_addf(sb, "e%c%02ld", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	strbuf_addstr(sb, f);
}

/* format(): cty's verbs for the common cases. */
static int f_format(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct str f = a[0]->u.s;
	struct strbuf sb = STRBUF_INIT;
	size_t argi = 1;
	for (size_t i = 0; i < f.len; i++) {
		if (f.p[i] != '%') {
			strbuf_addch(&sb, f.p[i]);
			continue;
		}
		size_t st = i++;
		if (i < f.len && f.p[i] == '%') {
			strbuf_addch(&sb, '%');
			continue;
		}
		char flags[8] = "";
		size_t nf = 0;
		while (i < f.len && strchr("-+# 0", f.p[i]) && f.p[i] && nf < 6)
			flags[nf++] = f.p[i++];
		flags[nf] = 0;
		int width = -1, prec = -1;
		if (i < f.len && f.p[i] >= '0' && f.p[i] <= '9') {
			width = 0;
			while (i < f.len && f.p[i] >= '0' && f.p[i] <= '9' && width < 10000)
				width = width * 10 + (f.p[i++] - '0');
		}
		if (i < f.len && f.p[i] == '.') {
			i++;
			prec = 0;
			while (i < f.len && f.p[i] >= '0' && f.p[i] <= '9' && prec < 10000)
				prec = prec * 10 + (f.p[i++] - '0');
		}
		if (i >= f.len) {
			strbuf_release(&sb);
			return fail(c, -1, "invalid format string starting at offset %zu", i);
		}
		char verb = f.p[i];
		if (!((verb >= 'a' && verb <= 'z') || (verb >= 'A' && verb <= 'Z'))) {
			strbuf_release(&sb);
			size_t rl = u8len(f.p + i, f.len - i);
			return fail(c, -1, "unrecognized format character '%.*s' at offset %zu", (int)rl, f.p + i, i);
		}
		/* Go's %q of the verb text, e.g. "%5.2f" */
		const char *raw = arena_printf(c->a, "\"%.*s\"", (int)(i + 1 - st), f.p + st);
		if (!strchr("vtbdoxXeEfgGsq", verb)) {
			strbuf_release(&sb);
			return fail(c, -1, "unsupported format verb '%c' in %s at offset %zu", verb, raw, st);
		}
		if (argi >= c->nargs) {
			strbuf_release(&sb);
			return fail(c, -1, "not enough arguments for %s at %zu: need index %zu but have %zu total",
				    raw, st, argi, c->nargs - 1);
		}
		struct hcl_value *v = a[argi++];
		struct strbuf piece = STRBUF_INIT;
		const char *err;
		struct hcl_value *cv;
		switch (verb) {
		case 's':
			if (hcl_value_convert(&cv, c->a, v, STR, &err) < 0 || cv->null) {
				strbuf_release(&piece);
				strbuf_release(&sb);
				return fail(c, -1, "unsupported value for %s at %zu: %s", raw, st,
					    v->null ? "null value cannot be formatted" : err);
			}
			strbuf_add(&piece, cv->u.s.p, cv->u.s.len);
			if (prec >= 0 && (size_t)prec < piece.len)
				strbuf_setlen(&piece, (size_t)prec);
			break;
		case 'q':
			if (hcl_value_convert(&cv, c->a, v, STR, &err) < 0 || cv->null) {
				strbuf_release(&piece);
				strbuf_release(&sb);
				return fail(c, -1, "unsupported value for %s at %zu: %s", raw, st, v->null ? "null value cannot be formatted" : err);
			}
			{
				/* cty quotes with its JSON encoder: <, > and & escaped */
				struct strbuf js = STRBUF_INIT;
				hcl_json_string(&js, cv->u.s.p, cv->u.s.len);
				for (size_t k = 0; k < js.len; k++) {
					char ch = js.buf[k];
					if (ch == '<')
						strbuf_addstr(&piece, "\\u003c");
					else if (ch == '>')
						strbuf_addstr(&piece, "\\u003e");
					else if (ch == '&')
						strbuf_addstr(&piece, "\\u0026");
					else
						strbuf_addch(&piece, ch);
				}
				strbuf_release(&js);
			}
			break;
		case 'v':
			if (v->null)
				strbuf_addstr(&piece, "null");
			else if (v->type->kind == HCL_T_NUMBER)
				num_g(&piece, hcl_num_text(c->a, v->u.num));
			else if (v->type->kind == HCL_T_STRING)
				strbuf_add(&piece, v->u.s.p, v->u.s.len);
			else
				value_text(&piece, c->a, v);
			break;
		case 't':
			if (hcl_value_convert(&cv, c->a, v, BOOL, &err) < 0 || cv->null) {
				strbuf_release(&piece);
				strbuf_release(&sb);
				return fail(c, -1, "unsupported value for %s at %zu: bool required", raw, st);
			}
			strbuf_addstr(&piece, cv->u.b ? "true" : "false");
			break;
		case 'd':
		case 'x':
		case 'X':
		case 'o':
		case 'b':
		case 'f':
		case 'e':
		case 'E':
		case 'g':
		case 'G': {
			if (hcl_value_convert(&cv, c->a, v, NUM, &err) < 0 || cv->null) {
				strbuf_release(&piece);
				strbuf_release(&sb);
				return fail(c, -1, "unsupported value for %s at %zu: number required", raw, st);
			}
			if (verb == 'd' && hcl_num_is_int(cv->u.num)) {
				const char *t = hcl_num_text(c->a, cv->u.num);
				if (strcmp(t, "-0") == 0)
					t = "0"; /* Go's %d of a big.Int has no negative zero */
				if (strchr(flags, '+') && t[0] != '-')
					strbuf_addch(&piece, '+');
				strbuf_addstr(&piece, t);
				break;
			}
			if (strchr("dxXob", verb)) {
				long long iv;
				if (hcl_value_as_int64(&iv, cv) < 0) {
					strbuf_release(&piece);
					strbuf_release(&sb);
					return fail(c, -1, "unsupported value for %s at %zu: an integer is required", raw, st);
				}
				if (verb == 'b') {
					unsigned long long u = iv < 0 ? (unsigned long long)-iv : (unsigned long long)iv;
					char bits[70];
					int bl = 0;
					do {
						bits[bl++] = (char)('0' + (u & 1));
						u >>= 1;
					} while (u);
					if (iv < 0)
						strbuf_addch(&piece, '-');
					while (bl > 0)
						strbuf_addch(&piece, bits[--bl]);
				} else {
					char fmt[8] = { '%', 'l', 'l', verb, 0 };
					if (iv < 0 && verb != 'd') {
						strbuf_addch(&piece, '-');
						iv = -iv;
					}
					strbuf_addf(&piece, fmt, iv);
				}
				break;
			}
			char fmt[32];
			if (prec >= 0)
				snprintf(fmt, sizeof(fmt), "%%%s.%d%c", flags, prec, verb);
			else
				snprintf(fmt, sizeof(fmt), "%%%s%c", flags, verb == 'g' || verb == 'G' ? verb : verb);
			strbuf_addf(&piece, fmt, hcl_num_to_double(cv->u.num));
			break;
		}
		default:
			strbuf_release(&piece);
			strbuf_release(&sb);
			return fail(c, -1, "unsupported format verb '%c' in %s at offset %zu", verb, raw, st);
		}
		/* width (in characters) */
		size_t chars = 0;
		for (size_t k = 0; k < piece.len; k += u8len(piece.buf + k, piece.len - k))
			chars++;
		bool left = strchr(flags, '-') != NULL;
		bool zero = strchr(flags, '0') != NULL && !left && verb != 's' && verb != 'q' && verb != 'v';
		if (width > 0 && (size_t)width > chars) {
			size_t pad = (size_t)width - chars;
			if (left) {
				strbuf_add(&sb, piece.buf, piece.len);
				for (size_t k = 0; k < pad; k++)
					strbuf_addch(&sb, ' ');
			} else if (zero && piece.len && (piece.buf[0] == '-' || piece.buf[0] == '+')) {
				strbuf_addch(&sb, piece.buf[0]);
				for (size_t k = 0; k < pad; k++)
					strbuf_addch(&sb, '0');
				strbuf_add(&sb, piece.buf + 1, piece.len - 1);
			} else {
				for (size_t k = 0; k < pad; k++)
					strbuf_addch(&sb, zero ? '0' : ' ');
				strbuf_add(&sb, piece.buf, piece.len);
			}
		} else {
			strbuf_add(&sb, piece.buf, piece.len);
		}
		strbuf_release(&piece);
	}
	if (argi < c->nargs) {
		strbuf_release(&sb);
		if (argi == 1)
			return fail(c, (int)argi, "too many arguments; no verbs in format string");
		return fail(c, (int)argi, "too many arguments; only %zu used by format string", argi - 1);
	}
	*out = sb_value(c, &sb);
	return 0;
}

/* ---- numbers ---- */

static int f_abs(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	const struct hcl_num *n = a[0]->u.num;
	*out = hcl_num_sign(n) < 0 ? hcl_value_number(c->a, hcl_num_neg(c->a, n)) : a[0];
	return 0;
}

static int f_ceil(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (hcl_num_is_inf(a[0]->u.num)) {
		*out = a[0];
		return 0;
	}
	*out = hcl_value_number(c->a, hcl_num_floor(c->a, a[0]->u.num, true));
	return 0;
}

static int f_floor(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (hcl_num_is_inf(a[0]->u.num)) {
		*out = a[0];
		return 0;
	}
	*out = hcl_value_number(c->a, hcl_num_floor(c->a, a[0]->u.num, false));
	return 0;
}

static int f_signum(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	long long i;
	if (!hcl_num_is_inf(a[0]->u.num) && hcl_value_as_int64(&i, a[0]) < 0)
		return fail(c, -1, "value must be a whole number, between -9223372036854775808 and 9223372036854775807");
	*out = hcl_value_int(c->a, hcl_num_sign(a[0]->u.num));
	return 0;
}

static int f_log(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	double r = log(hcl_num_to_double(a[0]->u.num)) / log(hcl_num_to_double(a[1]->u.num));
	const struct hcl_num *n = hcl_num_from_double(c->a, r);
	if (!n)
		return fail(c, -1, "result is not a number");
	*out = hcl_value_number(c->a, n);
	return 0;
}

static int f_pow(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	double r = pow(hcl_num_to_double(a[0]->u.num), hcl_num_to_double(a[1]->u.num));
	const struct hcl_num *n = hcl_num_from_double(c->a, r);
	if (!n)
		return fail(c, -1, "result is not a number");
	*out = hcl_value_number(c->a, n);
	return 0;
}

static int f_minmax(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a, bool max)
{
	if (c->nargs == 0)
		return fail(c, -1, "must pass at least one number");
	struct hcl_value *best = a[0];
	for (size_t i = 1; i < c->nargs; i++) {
		int cmp = hcl_num_cmp(a[i]->u.num, best->u.num);
		if ((max && cmp > 0) || (!max && cmp < 0))
			best = a[i];
	}
	*out = best;
	return 0;
}

static int f_max(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_minmax(out, c, a, true);
}

static int f_min(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_minmax(out, c, a, false);
}

static int f_parseint(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	long long base;
	if (num_int(c, 1, a[1], &base) < 0)
		return -1;
	if (base < 2 || base > 62)
		return fail(c, 1, "base must be a whole number between 2 and 62 inclusive");
	struct hcl_value *sv;
	const char *err;
	if (hcl_value_convert(&sv, c->a, a[0], STR, &err) < 0)
		return fail(c, 0, "first argument must be a string, not %s", hcl_type_friendly(c->a, a[0]->type));
	struct str s = sv->u.s;
	size_t i = 0;
	bool neg = false;
	if (i < s.len && (s.p[i] == '-' || s.p[i] == '+'))
		neg = s.p[i++] == '-';
	if (i >= s.len)
		return fail(c, 0, "cannot parse %.*s as a base %lld integer", (int)s.len, s.p, base);
	const struct hcl_num *n = hcl_num_from_int(c->a, 0);
	const struct hcl_num *b = hcl_num_from_int(c->a, base);
	for (; i < s.len; i++) {
		char ch = s.p[i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'z' ? ch - 'a' + 10 :
			ch >= 'A' && ch <= 'Z' ? (base <= 36 ? ch - 'A' + 10 : ch - 'A' + 36) : 99;
		if (d >= base)
			return fail(c, 0, "cannot parse \"%.*s\" as a base %lld integer", (int)s.len, s.p, base);
		n = hcl_num_arith(c->a, '*', n, b, &err);
		if (!n)
			return fail(c, 0, "%s", err);
		n = hcl_num_arith(c->a, '+', n, hcl_num_from_int(c->a, d), &err);
		if (!n)
			return fail(c, 0, "%s", err);
	}
	if (neg)
		n = hcl_num_neg(c->a, n);
	/* cty builds the result with SetInt: 64-bit precision */
	*out = hcl_value_number(c->a, hcl_num_with_prec(c->a, n, 64));
	return 0;
}

/* ---- collections ---- */

static int f_length(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	enum hcl_type_kind k = a[0]->type->kind;
	if (k != HCL_T_LIST && k != HCL_T_TUPLE && k != HCL_T_MAP && k != HCL_T_SET)
		return fail(c, -1, "collection must be a list, a map or a tuple");
	*out = hcl_value_int(c->a, (long long)a[0]->u.c.n);
	return 0;
}

static int f_slice(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	enum hcl_type_kind k = a[0]->type->kind;
	if (k == HCL_T_SET)
		return fail(c, 0, "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important");
	if (k != HCL_T_LIST && k != HCL_T_TUPLE)
		return fail(c, 0, "must be a list or tuple value");
	long long st, en;
	if (hcl_value_as_int64(&st, a[1]) < 0)
		return fail(c, 1, "invalid start index: value must be a whole number");
	if (hcl_value_as_int64(&en, a[2]) < 0)
		return fail(c, 2, "invalid end index: value must be a whole number");
	long long n = (long long)a[0]->u.c.n;
	if (st < 0)
		return fail(c, 1, "start index must not be less than zero");
	if (st > n)
		return fail(c, 1, "start index must not be greater than the length of the list");
	if (en < 0)
		return fail(c, 2, "end index must not be less than zero");
	if (en > n)
		return fail(c, 2, "end index must not be greater than the length of the list");
	if (st > en)
		return fail(c, 1, "start index must not be greater than end index");
	*out = seq_like(c, a[0], (size_t)(en - st), a[0]->u.c.items + st);
	return 0;
}

static int f_concat(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (c->nargs == 0)
		return fail(c, -1, "at least one argument is required");
	size_t n = 0;
	bool all_list = true;
	for (size_t i = 0; i < c->nargs; i++) {
		enum hcl_type_kind k = a[i]->type->kind;
		if (k != HCL_T_LIST && k != HCL_T_TUPLE)
			return fail(c, (int)i, "all arguments must be lists or tuples; got %s",
				    hcl_type_friendly(c->a, a[i]->type));
		all_list = all_list && k == HCL_T_LIST;
		n += a[i]->u.c.n;
	}
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	size_t m = 0;
	for (size_t i = 0; i < c->nargs; i++)
		for (size_t j = 0; j < a[i]->u.c.n; j++)
			items[m++] = a[i]->u.c.items[j];
	if (all_list) {
		/* lists: the unified list type, elements converted to it */
		const struct hcl_type **ts = arena_alloc(c->a, c->nargs * sizeof(*ts));
		for (size_t i = 0; i < c->nargs; i++)
			ts[i] = a[i]->type;
		const struct hcl_type *lt = hcl_type_unify(c->a, c->nargs, ts);
		if (lt && lt->kind == HCL_T_LIST) {
			const char *err;
			bool ok = true;
			for (size_t i = 0; i < n && ok; i++)
				ok = hcl_value_convert(&items[i], c->a, items[i], lt->elem, &err) == 0;
			if (ok) {
				*out = hcl_value_list(c->a, lt->elem, n, items);
				return 0;
			}
		}
	}
	*out = hcl_value_tuple(c->a, n, items);
	return 0;
}

static int f_contains(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (!is_seq(a[0]))
		return fail(c, -1, "argument must be list, tuple, or set");
	bool found = false;
	for (size_t i = 0; i < a[0]->u.c.n && !found; i++)
		found = hcl_value_equal(a[0]->u.c.items[i], a[1]);
	*out = hcl_value_bool(c->a, found);
	return 0;
}

static int f_distinct(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	size_t n = a[0]->u.c.n, m = 0;
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < m && !dup; j++)
			dup = hcl_value_equal(items[j], a[0]->u.c.items[i]);
		if (!dup)
			items[m++] = a[0]->u.c.items[i];
	}
	*out = hcl_value_list(c->a, a[0]->type->elem, m, items);
	return 0;
}

static int f_element(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	enum hcl_type_kind k = a[0]->type->kind;
	if (k != HCL_T_LIST && k != HCL_T_TUPLE)
		return fail(c, -1, "cannot read elements from %s", hcl_type_friendly(c->a, a[0]->type));
	long long i;
	if (hcl_value_as_int64(&i, a[1]) < 0)
		return fail(c, -1, "invalid index: value must be a whole number");
	if (i < 0)
		return fail(c, -1, "cannot use element function with a negative index");
	if (a[0]->u.c.n == 0)
		return fail(c, -1, "cannot use element function with an empty list");
	*out = a[0]->u.c.items[(size_t)i % a[0]->u.c.n];
	return 0;
}

static void flatten_into(struct hcl_value *v, struct hcl_value ***items, size_t *n, size_t *cap,
			 struct arena *a, int depth)
{
	for (size_t i = 0; i < v->u.c.n; i++) {
		struct hcl_value *x = v->u.c.items[i];
		if (!x->null && is_seq(x) && depth < 100) {
			flatten_into(x, items, n, cap, a, depth + 1);
			continue;
		}
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 8;
			*items = arena_realloc(a, *items, *cap * sizeof(**items), nc * sizeof(**items));
			*cap = nc;
		}
		(*items)[(*n)++] = x;
	}
}

static int f_flatten(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (!is_seq(a[0]))
		return fail(c, -1, "can only flatten lists, sets and tuples");
	struct hcl_value **items = NULL;
	size_t n = 0, cap = 0;
	flatten_into(a[0], &items, &n, &cap, c->a, 0);
	*out = hcl_value_tuple(c->a, n, items);
	return 0;
}

static int f_index(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (a[0]->type->kind != HCL_T_LIST && a[0]->type->kind != HCL_T_TUPLE)
		return fail(c, 0, "argument must be a list or tuple");
	for (size_t i = 0; i < a[0]->u.c.n; i++) {
		if (hcl_value_equal(a[0]->u.c.items[i], a[1])) {
			*out = hcl_value_int(c->a, (long long)i);
			return 0;
		}
	}
	return fail(c, -1, "item not found");
}

static int f_keys(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	enum hcl_type_kind k = a[0]->type->kind;
	if (k != HCL_T_MAP && k != HCL_T_OBJECT)
		return fail(c, 0, "must have map or object type");
	size_t n = a[0]->u.c.n;
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = hcl_value_string(c->a, a[0]->u.c.keys[i].p, a[0]->u.c.keys[i].len);
	*out = k == HCL_T_MAP ? hcl_value_list(c->a, STR, n, items) : hcl_value_tuple(c->a, n, items);
	return 0;
}

static int f_values(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	enum hcl_type_kind k = a[0]->type->kind;
	if (k != HCL_T_MAP && k != HCL_T_OBJECT)
		return fail(c, -1, "values() requires a map as the first argument");
	*out = k == HCL_T_MAP ? hcl_value_list(c->a, a[0]->type->elem, a[0]->u.c.n, a[0]->u.c.items) :
				hcl_value_tuple(c->a, a[0]->u.c.n, a[0]->u.c.items);
	return 0;
}

static int f_merge(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	size_t n = 0;
	bool all_maps = true;
	const struct hcl_type *et = NULL;
	for (size_t i = 0; i < c->nargs; i++) {
		if (a[i]->null)
			continue;
		enum hcl_type_kind k = a[i]->type->kind;
		if (k != HCL_T_MAP && k != HCL_T_OBJECT)
			return fail(c, -1, "arguments must be maps or objects, got \"%s\"",
				    hcl_type_friendly(c->a, a[i]->type));
		if (k == HCL_T_OBJECT)
			all_maps = false;
		else if (!et)
			et = a[i]->type->elem;
		else if (!hcl_type_equal(et, a[i]->type->elem))
			all_maps = false;
		n += a[i]->u.c.n;
	}
	struct str *keys = arena_alloc(c->a, (n ? n : 1) * sizeof(*keys));
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	size_t m = 0;
	for (size_t i = 0; i < c->nargs; i++) {
		if (a[i]->null)
			continue;
		for (size_t j = 0; j < a[i]->u.c.n; j++) {
			keys[m] = a[i]->u.c.keys[j];
			items[m++] = a[i]->u.c.items[j];
		}
	}
	if (all_maps && c->nargs > 0 && et)
		*out = hcl_value_map(c->a, et, m, keys, items);
	else
		*out = hcl_value_object(c->a, m, keys, items);
	return 0;
}

static int f_range(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	const struct hcl_num *start, *end, *step;
	const char *err;
	switch (c->nargs) {
	case 1:
		start = hcl_num_from_int(c->a, 0);
		end = a[0]->u.num;
		step = hcl_num_from_int(c->a, 1);
		break;
	case 2:
		start = a[0]->u.num;
		end = a[1]->u.num;
		step = hcl_num_from_int(c->a, hcl_num_cmp(end, start) < 0 ? -1 : 1);
		break;
	case 3:
		start = a[0]->u.num;
		end = a[1]->u.num;
		step = a[2]->u.num;
		break;
	default:
		return fail(c, -1, "must have one, two, or three arguments");
	}
	if (hcl_num_sign(step) == 0)
		return fail(c, 2, "step must not be zero");
	bool down = hcl_num_sign(step) < 0;
	if (down && hcl_num_cmp(start, end) < 0)
		return fail(c, 1, "end must be less than start when step is negative");
	if (!down && hcl_num_cmp(start, end) > 0)
		return fail(c, 1, "end must be greater than start when step is positive");
	struct hcl_value *items[1024];
	size_t n = 0;
	for (const struct hcl_num *v = start; down ? hcl_num_cmp(v, end) > 0 : hcl_num_cmp(v, end) < 0;) {
		if (n == 1024)
			return fail(c, -1, "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step");
		items[n++] = hcl_value_number(c->a, v);
		v = hcl_num_arith(c->a, '+', v, step, &err);
		if (!v)
			return fail(c, -1, "%s", err);
	}
	*out = hcl_value_list(c->a, NUM, n, items);
	return 0;
}

static int f_reverse(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	enum hcl_type_kind k = a[0]->type->kind;
	if (k != HCL_T_LIST && k != HCL_T_TUPLE && k != HCL_T_SET)
		return fail(c, 0, "can only reverse list or tuple values, not %s", hcl_type_friendly(c->a, a[0]->type));
	size_t n = a[0]->u.c.n;
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = a[0]->u.c.items[n - 1 - i];
	/* a set comes back as a list in reverse iteration order */
	*out = k == HCL_T_SET ? hcl_value_list(c->a, a[0]->type->elem, n, items) : seq_like(c, a[0], n, items);
	return 0;
}

static int cmp_val_str(const void *x, const void *y)
{
	const struct hcl_value *a = *(struct hcl_value *const *)x, *b = *(struct hcl_value *const *)y;
	size_t m = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
	int r = memcmp(a->u.s.p, b->u.s.p, m);
	if (r)
		return r;
	return a->u.s.len < b->u.s.len ? -1 : a->u.s.len > b->u.s.len;
}

static int f_sort(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	size_t n = a[0]->u.c.n;
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		items[i] = a[0]->u.c.items[i];
		if (items[i]->null)
			return fail(c, -1, "given list element %zu is null; a null string cannot be sorted", i);
	}
	qsort(items, n, sizeof(*items), cmp_val_str);
	*out = hcl_value_list(c->a, STR, n, items);
	return 0;
}

static int f_zipmap(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (!is_seq(a[1]) || a[1]->type->kind == HCL_T_SET)
		return fail(c, -1, "values argument must be a list or tuple value");
	if (a[0]->u.c.n != a[1]->u.c.n)
		return fail(c, -1, "number of keys (%zu) does not match number of values (%zu)", a[0]->u.c.n,
			    a[1]->u.c.n);
	size_t n = a[0]->u.c.n;
	struct str *keys = arena_alloc(c->a, (n ? n : 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		if (a[0]->u.c.items[i]->null)
			return fail(c, -1, "keys list has null value at index %zu", i);
		keys[i] = a[0]->u.c.items[i]->u.s;
	}
	if (a[1]->type->kind == HCL_T_LIST)
		*out = hcl_value_map(c->a, a[1]->type->elem, n, keys, a[1]->u.c.items);
	else
		*out = hcl_value_object(c->a, n, keys, a[1]->u.c.items);
	return 0;
}

static int f_compact(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	size_t n = a[0]->u.c.n, m = 0;
	struct hcl_value **items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		struct hcl_value *v = a[0]->u.c.items[i];
		if (!v->null && v->u.s.len)
			items[m++] = v;
	}
	*out = hcl_value_list(c->a, STR, m, items);
	return 0;
}

static int f_coalescelist(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	if (c->nargs == 0)
		return fail(c, -1, "at least one argument is required");
	for (size_t i = 0; i < c->nargs; i++) {
		if (a[i]->null)
			continue;
		enum hcl_type_kind k = a[i]->type->kind;
		if (k != HCL_T_LIST && k != HCL_T_TUPLE)
			return fail(c, -1, "coalescelist arguments must be lists or tuples");
		if (a[i]->u.c.n > 0) {
			*out = a[i];
			return 0;
		}
	}
	return fail(c, -1, "no non-null arguments");
}

static int f_coalesce(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	const struct hcl_type *t = NULL;
	for (size_t i = 0; i < c->nargs; i++) {
		if (a[i]->null)
			continue;
		if (!t) {
			t = a[i]->type;
		} else if (!hcl_type_equal(t, a[i]->type)) {
			bool prim = (t->kind == HCL_T_STRING || t->kind == HCL_T_NUMBER || t->kind == HCL_T_BOOL) &&
				    (a[i]->type->kind == HCL_T_STRING || a[i]->type->kind == HCL_T_NUMBER ||
				     a[i]->type->kind == HCL_T_BOOL);
			if (!prim)
				return fail(c, -1, "all arguments must have the same type");
			t = STR;
		}
	}
	for (size_t i = 0; i < c->nargs; i++) {
		if (a[i]->null)
			continue;
		const char *err;
		if (hcl_value_convert(out, c->a, a[i], t, &err) < 0)
			return fail(c, -1, "all arguments must have the same type");
		return 0;
	}
	return fail(c, -1, "no non-null arguments");
}

static int f_chunklist(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	long long size;
	if (hcl_value_as_int64(&size, a[1]) < 0)
		return fail(c, -1, "invalid size: value must be a whole number");
	if (size < 0)
		return fail(c, -1, "the size argument must be positive");
	size_t n = a[0]->u.c.n;
	const struct hcl_type *lt = a[0]->type;
	if (size == 0) {
		struct hcl_value *one = a[0];
		*out = hcl_value_list(c->a, lt, 1, &one);
		return 0;
	}
	size_t nch = (n + (size_t)size - 1) / (size_t)size;
	struct hcl_value **chunks = arena_alloc(c->a, (nch ? nch : 1) * sizeof(*chunks));
	for (size_t i = 0; i < nch; i++) {
		size_t st = i * (size_t)size, en = st + (size_t)size > n ? n : st + (size_t)size;
		chunks[i] = hcl_value_list(c->a, lt->elem, en - st, a[0]->u.c.items + st);
	}
	*out = hcl_value_list(c->a, lt, nch, chunks);
	return 0;
}

static int set_items(struct hcl_fcall *c, struct hcl_value **a, size_t i, struct hcl_value **out)
{
	const char *err;
	if (hcl_value_convert(out, c->a, a[i], &t_set_dyn, &err) < 0)
		return fail(c, (int)i, "a set or a list is required");
	return 0;
}

static int f_setop(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a, char op)
{
	size_t ns = c->nargs;
	struct hcl_value **sets = arena_alloc(c->a, (ns ? ns : 1) * sizeof(*sets));
	const struct hcl_type **ets = arena_alloc(c->a, (ns ? ns : 1) * sizeof(*ets));
	size_t ne = 0;
	for (size_t i = 0; i < ns; i++) {
		if (set_items(c, a, i, &sets[i]) < 0)
			return -1;
		const struct hcl_type *t = sets[i]->type->elem;
		if (sets[i]->u.c.n == 0 && t->kind == HCL_T_DYNAMIC)
			continue;
		ets[ne++] = t;
	}
	const struct hcl_type *et = ne ? hcl_type_unify(c->a, ne, ets) : DYN;
	if (!et)
		return fail(c, -1, "given sets must all have compatible element types");
	size_t total = 0;
	for (size_t i = 0; i < ns; i++) {
		total += sets[i]->u.c.n;
		const char *err;
		if (hcl_value_convert(&sets[i], c->a, sets[i], hcl_type_set(c->a, et), &err) < 0)
			return fail(c, -1, "given sets must all have compatible element types");
	}
	struct hcl_value **items = arena_alloc(c->a, (total ? total : 1) * sizeof(*items));
	size_t m = 0;
	for (size_t j = 0; ns && j < sets[0]->u.c.n; j++) {
		struct hcl_value *v = sets[0]->u.c.items[j];
		bool keep = true;
		if (op == '&') {
			for (size_t i = 1; i < ns && keep; i++) {
				bool in = false;
				for (size_t k = 0; k < sets[i]->u.c.n && !in; k++)
					in = hcl_value_equal(v, sets[i]->u.c.items[k]);
				keep = in;
			}
		} else if (op == '-') {
			for (size_t k = 0; k < sets[1]->u.c.n && keep; k++)
				keep = !hcl_value_equal(v, sets[1]->u.c.items[k]);
		}
		if (keep)
			items[m++] = v;
	}
	if (op == '|')
		for (size_t i = 1; i < ns; i++)
			for (size_t k = 0; k < sets[i]->u.c.n; k++)
				items[m++] = sets[i]->u.c.items[k];
	*out = hcl_value_set(c->a, et, m, items);
	return 0;
}

static int f_setunion(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_setop(out, c, a, '|');
}

static int f_setintersection(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_setop(out, c, a, '&');
}

static int f_setsubtract(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_setop(out, c, a, '-');
}

static int f_alltrue(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	bool r = true;
	for (size_t i = 0; i < a[0]->u.c.n; i++) {
		struct hcl_value *v = a[0]->u.c.items[i];
		if (v->null || !v->u.b)
			r = false;
	}
	*out = hcl_value_bool(c->a, r);
	return 0;
}

static int f_empty(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct hcl_value *v = a[0];
	bool r;
	if (v->null)
		r = true;
	else if (v->type->kind == HCL_T_STRING)
		r = v->u.s.len == 0;
	else if (hcl_value_is_collection(v))
		r = v->u.c.n == 0;
	else
		return fail(c, 0, "argument must be a string or a collection");
	*out = hcl_value_bool(c->a, r);
	return 0;
}

/* ---- regular expressions ---- */

static int regex_prep(struct hcl_fcall *c, struct hcl_value *pat, struct hcl_regex **re, int *kind)
{
	const char *code, *expr;
	if (hcl_regex_compile(re, c->a, pat->u.s.p, pat->u.s.len, &code, &expr) < 0)
		return fail(c, 0, "invalid regexp pattern: %s in %s", code, expr);
	const char *const *names;
	int n = hcl_regex_groups(*re, &names);
	int named = 0, unnamed = 0;
	for (int i = 1; i <= n; i++) {
		if (names[i])
			named++;
		else
			unnamed++;
	}
	if (named && unnamed)
		return fail(c, -1, "invalid regexp pattern: cannot mix both named and unnamed capture groups");
	*kind = named ? 2 : unnamed ? 1 : 0;
	return 0;
}

static struct hcl_value *regex_result(struct hcl_fcall *c, const struct hcl_regex *re, int kind,
				      const char *s, const long *caps)
{
	if (kind == 0)
		return mkstr(c, s + caps[0], (size_t)(caps[1] - caps[0]));
	const char *const *names;
	int n = hcl_regex_groups(re, &names);
	struct hcl_value **vals = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*vals));
	struct str *keys = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*keys));
	for (int i = 1; i <= n; i++) {
		long b = caps[2 * i], e = caps[2 * i + 1];
		vals[i - 1] = b < 0 || e < 0 ? hcl_value_null(c->a, STR) : mkstr(c, s + b, (size_t)(e - b));
		if (kind == 2)
			keys[i - 1] = str_from(names[i]);
	}
	return kind == 1 ? hcl_value_tuple(c->a, (size_t)n, vals) :
			   hcl_value_object(c->a, (size_t)n, keys, vals);
}

static long *caps_new(struct hcl_fcall *c, const struct hcl_regex *re)
{
	const char *const *names;
	int n = hcl_regex_groups(re, &names);
	return arena_alloc(c->a, (size_t)(2 * (n + 1)) * sizeof(long));
}

static int f_regex(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct hcl_regex *re;
	int kind;
	if (regex_prep(c, a[0], &re, &kind) < 0)
		return -1;
	long *caps = caps_new(c, re);
	int rc = hcl_regex_exec(re, c->a, a[1]->u.s.p, a[1]->u.s.len, 0, caps);
	if (rc < 0)
		return fail(c, -1, "input too large for regular expression matching");
	if (rc == 0)
		return fail(c, -1, "pattern did not match any part of the given string");
	*out = regex_result(c, re, kind, a[1]->u.s.p, caps);
	return 0;
}

/* Go's allMatches: successive non-overlapping matches; an empty match
 * right after the previous match is skipped. */
static size_t all_matches(struct hcl_fcall *c, const struct hcl_regex *re, struct str s,
			  long ***out, int *err)
{
	const char *const *names;
	int n = hcl_regex_groups(re, &names);
	size_t ncap = (size_t)(2 * (n + 1));
	long **v = NULL;
	size_t m = 0, cap = 0;
	size_t pos = 0;
	long prev_end = -1;
	*err = 0;
	while (pos <= s.len) {
		long *caps = arena_alloc(c->a, ncap * sizeof(long));
		int rc = hcl_regex_exec(re, c->a, s.p, s.len, pos, caps);
		if (rc < 0) {
			*err = 1;
			break;
		}
		if (rc == 0)
			break;
		bool accept = true;
		if (caps[1] == caps[0]) {
			if (caps[0] == prev_end)
				accept = false;
			/* advance one character past an empty match */
			size_t np = (size_t)caps[1];
			if (np < s.len)
				np += u8len(s.p + np, s.len - np);
			else
				np = s.len + 1;
			pos = np;
		} else {
			pos = (size_t)caps[1];
		}
		if (accept) {
			if (m == cap) {
				size_t nc = cap ? cap * 2 : 8;
				v = arena_realloc(c->a, v, cap * sizeof(*v), nc * sizeof(*v));
				cap = nc;
			}
			v[m++] = caps;
			prev_end = caps[1];
		}
	}
	*out = v;
	return m;
}

static int f_regexall(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct hcl_regex *re;
	int kind, err;
	if (regex_prep(c, a[0], &re, &kind) < 0)
		return -1;
	long **ms;
	size_t m = all_matches(c, re, a[1]->u.s, &ms, &err);
	if (err)
		return fail(c, -1, "input too large for regular expression matching");
	struct hcl_value **items = arena_alloc(c->a, (m ? m : 1) * sizeof(*items));
	for (size_t i = 0; i < m; i++)
		items[i] = regex_result(c, re, kind, a[1]->u.s.p, ms[i]);
	const struct hcl_type *et = m ? items[0]->type : STR;
	*out = hcl_value_list(c->a, et, m, items);
	return 0;
}

/* Go's Regexp.Expand for $1, ${1}, $name, ${name}, $$. */
static void expand(struct strbuf *sb, const struct hcl_regex *re, struct str tmpl, const char *s,
		   const long *caps)
{
	const char *const *names;
	int n = hcl_regex_groups(re, &names);
	for (size_t i = 0; i < tmpl.len; i++) {
		if (tmpl.p[i] != '$' || i + 1 >= tmpl.len) {
			strbuf_addch(sb, tmpl.p[i]);
			continue;
		}
		if (tmpl.p[i + 1] == '$') {
			strbuf_addch(sb, '$');
			i++;
			continue;
		}
		size_t st, en, next;
		if (tmpl.p[i + 1] == '{') {
			st = i + 2;
			en = st;
			while (en < tmpl.len && tmpl.p[en] != '}')
				en++;
			if (en >= tmpl.len || en == st) {
				strbuf_addch(sb, '$');
				continue;
			}
			next = en + 1;
		} else {
			st = i + 1;
			en = st;
			while (en < tmpl.len && (is_word_char(tmpl.p[en])))
				en++;
			if (en == st) {
				strbuf_addch(sb, '$');
				continue;
			}
			next = en;
		}
		/* a number or a group name */
		int g = -1;
		bool num = true;
		long v = 0;
		for (size_t k = st; k < en; k++) {
			if (tmpl.p[k] < '0' || tmpl.p[k] > '9')
				num = false;
			else if (v < 100000)
				v = v * 10 + (tmpl.p[k] - '0');
		}
		if (num) {
			g = v <= n ? (int)v : -1;
		} else {
			for (int k = 1; k <= n; k++)
				if (names[k] && strlen(names[k]) == en - st && memcmp(names[k], tmpl.p + st, en - st) == 0)
					g = k;
		}
		if (g >= 0 && caps[2 * g] >= 0)
			strbuf_add(sb, s + caps[2 * g], (size_t)(caps[2 * g + 1] - caps[2 * g]));
		i = next - 1;
	}
}

static int f_regexreplace(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct hcl_regex *re;
	const char *code, *expr;
	if (hcl_regex_compile(&re, c->a, a[1]->u.s.p, a[1]->u.s.len, &code, &expr) < 0)
		return fail(c, -1, "error parsing regexp: %s: `%s`", code, expr);
	long **ms;
	int e;
	size_t m = all_matches(c, re, a[0]->u.s, &ms, &e);
	if (e)
		return fail(c, -1, "input too large for regular expression matching");
	struct strbuf sb = STRBUF_INIT;
	size_t last = 0;
	for (size_t i = 0; i < m; i++) {
		strbuf_add(&sb, a[0]->u.s.p + last, (size_t)ms[i][0] - last);
		expand(&sb, re, a[2]->u.s, a[0]->u.s.p, ms[i]);
		last = (size_t)ms[i][1];
	}
	strbuf_add(&sb, a[0]->u.s.p + last, a[0]->u.s.len - last);
	*out = sb_value(c, &sb);
	return 0;
}

/* ---- encoding ---- */

static int f_jsonencode(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *err;
	if (hcl_value_json(&sb, a[0], 0, 0, &err) < 0) {
		strbuf_release(&sb);
		return fail(c, -1, "%s", err);
	}
	/* Go's encoder escapes <, > and & (they occur only inside strings) */
	struct strbuf esc = STRBUF_INIT;
	for (size_t i = 0; i < sb.len; i++) {
		char ch = sb.buf[i];
		if (ch == '<')
			strbuf_addstr(&esc, "\\u003c");
		else if (ch == '>')
			strbuf_addstr(&esc, "\\u003e");
		else if (ch == '&')
			strbuf_addstr(&esc, "\\u0026");
		else
			strbuf_addch(&esc, ch);
	}
	strbuf_release(&sb);
	*out = sb_value(c, &esc);
	return 0;
}

static int f_jsondecode(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	const char *err;
	if (hcl_value_from_json(out, c->a, a[0]->u.s.p, a[0]->u.s.len, &err) < 0)
		return fail(c, 0, "%s", err);
	return 0;
}

/* ---- conversions (cty's MakeToFunc) ---- */

static int to_func(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a,
		   const struct hcl_type *want)
{
	struct hcl_value *v = a[0];
	const char *err;
	if (hcl_value_convert(out, c->a, v, want, &err) == 0)
		return 0;
	if (v->type->kind == HCL_T_STRING && (want->kind == HCL_T_BOOL || want->kind == HCL_T_NUMBER)) {
		/* Go's strconv.Quote, approximated by JSON quoting */
		struct strbuf q = STRBUF_INIT;
		hcl_json_string(&q, v->u.s.p, v->u.s.len);
		char *qs = strbuf_arena(&q, c->a);
		strbuf_release(&q);
		if (want->kind == HCL_T_BOOL)
			return fail(c, 0, "cannot convert %s to bool; only the strings \"true\" or \"false\" are allowed", qs);
		return fail(c, 0, "cannot convert %s to number; given string must be a decimal representation of a number", qs);
	}
	const char *wn = want->kind == HCL_T_LIST ? "list of any single type" :
			 want->kind == HCL_T_SET ? "set of any single type" :
			 want->kind == HCL_T_MAP ? "map of any single type" : hcl_type_friendly(c->a, want);
	return fail(c, 0, "cannot convert %s to %s", hcl_type_friendly(c->a, v->type), wn);
}

static int f_tostring(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return to_func(out, c, a, STR);
}
static int f_tonumber(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return to_func(out, c, a, NUM);
}
static int f_tobool(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return to_func(out, c, a, BOOL);
}
static int f_tolist(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return to_func(out, c, a, &t_list_dyn);
}
static int f_toset(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return to_func(out, c, a, &t_set_dyn);
}
static int f_tomap(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return to_func(out, c, a, &t_map_dyn);
}

/* ---- try / can ---- */

static int f_try(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	(void)a;
	if (c->nargs == 0)
		return fail(c, -1, "at least one argument is required");
	struct diags all;
	diags_init(&all, c->a);
	for (size_t i = 0; i < c->nargs; i++) {
		struct diags d;
		diags_init(&d, c->a);
		struct hcl_value *v;
		if (hcl_eval_quiet(&v, c->a, c->args[i], c->scope, c->depth, &d) == 0 &&
		    !hcl_value_is_unknown(v)) {
			*out = v;
			return 0;
		}
		if (hcl_value_is_unknown(v) && d.errors == 0) {
			*out = v;
			return 0;
		}
		for (struct diag *dg = d.head; dg; dg = dg->next)
			diag_error_detail(&all, &dg->span, dg->summary, "%s", dg->detail ? dg->detail : "");
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "no expression succeeded:\n");
	for (struct diag *dg = all.head; dg; dg = dg->next) {
		const struct span *sp = &dg->span;
		if (sp->file) {
			strbuf_addf(&sb, "- %s (at %s:%u,%u-", dg->summary, sp->file, sp->start.line, sp->start.col);
			if (sp->end.line != sp->start.line)
				strbuf_addf(&sb, "%u,", sp->end.line);
			strbuf_addf(&sb, "%u)\n  %s\n", sp->end.col, dg->detail ? dg->detail : "");
		} else {
			strbuf_addf(&sb, "- %s\n  %s\n", dg->summary, dg->detail ? dg->detail : "");
		}
	}
	strbuf_addstr(&sb, "\nAt least one expression must produce a successful result");
	c->err = strbuf_arena(&sb, c->a);
	c->arg_index = -1;
	strbuf_release(&sb);
	return -1;
}

static int f_can(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	(void)a;
	struct diags d;
	diags_init(&d, c->a);
	struct hcl_value *v;
	int rc = hcl_eval_quiet(&v, c->a, c->args[0], c->scope, c->depth, &d);
	*out = hcl_value_bool(c->a, rc == 0 && !hcl_value_is_unknown(v));
	return 0;
}

/* ---- type constructors for variable types ---- */

static int f_type_coll(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a,
		       enum hcl_type_kind k)
{
	const struct hcl_type *et = hcl_value_as_type(a[0]);
	if (!et)
		return fail(c, 0, "a type is required");
	*out = hcl_value_typeval(c->a, k == HCL_T_LIST ? hcl_type_list(c->a, et) :
					      k == HCL_T_SET ? hcl_type_set(c->a, et) : hcl_type_map(c->a, et));
	return 0;
}

static int f_tlist(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_type_coll(out, c, a, HCL_T_LIST);
}
static int f_tset(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_type_coll(out, c, a, HCL_T_SET);
}
static int f_tmap(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	return f_type_coll(out, c, a, HCL_T_MAP);
}

static int f_ttuple(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct hcl_value *v = a[0];
	if (v->type->kind != HCL_T_TUPLE && v->type->kind != HCL_T_LIST)
		return fail(c, 0, "a tuple of types is required");
	const struct hcl_type **ts = arena_alloc(c->a, (v->u.c.n ? v->u.c.n : 1) * sizeof(*ts));
	for (size_t i = 0; i < v->u.c.n; i++) {
		ts[i] = hcl_value_as_type(v->u.c.items[i]);
		if (!ts[i])
			return fail(c, 0, "element %zu is not a type", i);
	}
	*out = hcl_value_typeval(c->a, hcl_type_tuple(c->a, v->u.c.n, ts));
	return 0;
}

static int f_tobject(struct hcl_value **out, struct hcl_fcall *c, struct hcl_value **a)
{
	struct hcl_value *v = a[0];
	if (v->type->kind != HCL_T_OBJECT && v->type->kind != HCL_T_MAP)
		return fail(c, 0, "an object of types is required");
	size_t n = v->u.c.n;
	const struct hcl_type **ts = arena_alloc(c->a, (n ? n : 1) * sizeof(*ts));
	const char **names = arena_alloc(c->a, (n ? n : 1) * sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		ts[i] = hcl_value_as_type(v->u.c.items[i]);
		names[i] = arena_strndup(c->a, v->u.c.keys[i].p, v->u.c.keys[i].len);
		if (!ts[i])
			return fail(c, 0, "attribute \"%s\" is not a type", names[i]);
	}
	*out = hcl_value_typeval(c->a, hcl_type_object(c->a, n, names, ts));
	return 0;
}

/* ---- tables ---- */

#define P(n_, t_) { .name = (n_), .type = (t_) }
#define PN(n_, t_) { .name = (n_), .type = (t_), .allow_null = true }
#define F1(nm, fn, p0) { .name = nm, .nparams = 1, .params = { p0 }, .impl = fn }
#define F2(nm, fn, p0, p1) { .name = nm, .nparams = 2, .params = { p0, p1 }, .impl = fn }
#define F3(nm, fn, p0, p1, p2) { .name = nm, .nparams = 3, .params = { p0, p1, p2 }, .impl = fn }
#define FV(nm, fn, vn, vt) { .name = nm, .var_name = vn, .var = P(vn, vt), .impl = fn }

/* alphabetical, for readers */
static const struct hcl_func std_funcs[] = {
	F1("abs", f_abs, P("num", NUM)),
	{ .name = "alltrue", .nparams = 1, .params = { P("list", &t_list_bool) }, .impl = f_alltrue },
	{ .name = "can", .nparams = 1, .params = { { .name = "expression", .type = DYN, .custom_expr = true } },
	  .impl = f_can, .allow_unknown = true },
	F1("ceil", f_ceil, P("num", NUM)),
	F1("chomp", f_chomp, P("str", STR)),
	F2("chunklist", f_chunklist, P("list", &t_list_dyn), P("size", NUM)),
	FV("coalescelist", f_coalescelist, "vals", DYN),
	F1("compact", f_compact, P("list", &t_list_string)),
	FV("concat", f_concat, "seqs", DYN),
	F2("contains", f_contains, P("list", DYN), P("value", DYN)),
	F1("distinct", f_distinct, P("list", &t_list_dyn)),
	F2("element", f_element, P("list", DYN), P("index", NUM)),
	{ .name = "empty", .nparams = 1, .params = { PN("value", DYN) }, .impl = f_empty },
	F2("endswith", f_endswith, P("s", STR), P("suffix", STR)),
	F1("file", f_file, P("path", STR)),
	F1("fileset", f_fileset, P("pattern", STR)),
	F1("flatten", f_flatten, P("list", DYN)),
	F1("floor", f_floor, P("num", NUM)),
	{ .name = "format", .nparams = 1, .params = { P("format", STR) }, .var_name = "args",
	  .var = PN("args", DYN), .impl = f_format },
	F1("getenv", f_getenv, P("name", STR)),
	F1("glob", f_glob, P("pattern", STR)),
	F2("indent", f_indent, P("spaces", NUM), P("str", STR)),
	F2("index", f_index, P("list", DYN), P("value", DYN)),
	{ .name = "join", .nparams = 1, .params = { P("separator", STR) }, .var_name = "lists",
	  .var = P("lists", &t_list_string), .impl = f_join },
	F1("jsondecode", f_jsondecode, P("str", STR)),
	{ .name = "jsonencode", .nparams = 1, .params = { PN("val", DYN) }, .impl = f_jsonencode },
	F1("keys", f_keys, P("inputMap", DYN)),
	F1("length", f_length, P("collection", DYN)),
	F2("log", f_log, P("num", NUM), P("base", NUM)),
	F1("lower", f_lower, P("str", STR)),
	FV("max", f_max, "numbers", NUM),
	{ .name = "merge", .var_name = "maps", .var = PN("maps", DYN), .impl = f_merge },
	FV("min", f_min, "numbers", NUM),
	F2("parseint", f_parseint, P("number", DYN), P("base", NUM)),
	F2("pow", f_pow, P("num", NUM), P("power", NUM)),
	{ .name = "print", .nparams = 1, .params = { P("print", DYN) }, .impl = f_print },
	FV("range", f_range, "params", NUM),
	F2("regex", f_regex, P("pattern", STR), P("string", STR)),
	F2("regexall", f_regexall, P("pattern", STR), P("string", STR)),
	F1("regexpescape", f_regexpescape, P("str", STR)),
	F3("regexreplace", f_regexreplace, P("str", STR), P("substr", STR), P("replace", STR)),
	F3("replace", f_replace, P("str", STR), P("substr", STR), P("replace", STR)),
	F1("reverse", f_reverse, P("list", DYN)),
	{ .name = "setintersection", .nparams = 1, .params = { P("first_set", &t_set_dyn) },
	  .var_name = "other_sets", .var = P("other_sets", &t_set_dyn), .impl = f_setintersection },
	F2("setsubtract", f_setsubtract, P("a", &t_set_dyn), P("b", &t_set_dyn)),
	{ .name = "setunion", .nparams = 1, .params = { P("first_set", &t_set_dyn) },
	  .var_name = "other_sets", .var = P("other_sets", &t_set_dyn), .impl = f_setunion },
	F1("signum", f_signum, P("num", NUM)),
	F3("slice", f_slice, P("list", DYN), P("start_index", NUM), P("end_index", NUM)),
	F1("sort", f_sort, P("list", &t_list_string)),
	F2("split", f_split, P("separator", STR), P("str", STR)),
	F1("sql", f_sql, P("def", STR)),
	F2("startswith", f_startswith, P("s", STR), P("prefix", STR)),
	F1("strrev", f_strrev, P("str", STR)),
	F3("substr", f_substr, P("str", STR), P("offset", NUM), P("length", NUM)),
	F1("title", f_title, P("str", STR)),
	{ .name = "tobool", .nparams = 1, .params = { PN("v", DYN) }, .impl = f_tobool },
	{ .name = "tolist", .nparams = 1, .params = { PN("v", DYN) }, .impl = f_tolist },
	{ .name = "tonumber", .nparams = 1, .params = { PN("v", DYN) }, .impl = f_tonumber },
	{ .name = "toset", .nparams = 1, .params = { PN("v", DYN) }, .impl = f_toset },
	{ .name = "tostring", .nparams = 1, .params = { PN("v", DYN) }, .impl = f_tostring },
	F2("trim", f_trim, P("str", STR), P("cutset", STR)),
	F2("trimprefix", f_trimprefix, P("str", STR), P("prefix", STR)),
	F1("trimspace", f_trimspace, P("str", STR)),
	F2("trimsuffix", f_trimsuffix, P("str", STR), P("suffix", STR)),
	{ .name = "try", .var_name = "expressions",
	  .var = { .name = "expressions", .type = DYN, .custom_expr = true }, .impl = f_try,
	  .allow_unknown = true },
	F1("upper", f_upper, P("str", STR)),
	F1("urlescape", f_urlescape, P("string", STR)),
	F3("urlqueryset", f_urlqueryset, P("url", STR), P("key", STR), P("value", STR)),
	F2("urlsetpath", f_urlsetpath, P("url", STR), P("path", STR)),
	{ .name = "urluserinfo", .nparams = 2, .params = { P("url", STR), P("user", STR) },
	  .var_name = "password", .var = PN("password", STR), .impl = f_urluserinfo },
	F1("values", f_values, P("mapping", DYN)),
	F2("zipmap", f_zipmap, P("keys", &t_list_string), P("values", DYN)),
};

static const struct hcl_func type_funcs[] = {
	F1("list", f_tlist, P("type", &hcl_type_typeval)),
	F1("map", f_tmap, P("type", &hcl_type_typeval)),
	F1("object", f_tobject, P("attributes", DYN)),
	F1("set", f_tset, P("type", &hcl_type_typeval)),
	F1("tuple", f_ttuple, P("elements", DYN)),
};

static const struct hcl_func extra_funcs[] = {
	{ .name = "coalesce", .var_name = "vals", .var = PN("vals", DYN), .impl = f_coalesce },
	{ .name = "tomap", .nparams = 1, .params = { PN("v", DYN) }, .impl = f_tomap },
};

/* hcl_funcs views over the arrays (pointer arrays built once, statically) */
static const struct hcl_func *const std_ptrs[] = {
	&std_funcs[0], &std_funcs[1], &std_funcs[2], &std_funcs[3], &std_funcs[4], &std_funcs[5],
	&std_funcs[6], &std_funcs[7], &std_funcs[8], &std_funcs[9], &std_funcs[10], &std_funcs[11],
	&std_funcs[12], &std_funcs[13], &std_funcs[14], &std_funcs[15], &std_funcs[16],
	&std_funcs[17], &std_funcs[18], &std_funcs[19], &std_funcs[20], &std_funcs[21],
	&std_funcs[22], &std_funcs[23], &std_funcs[24], &std_funcs[25], &std_funcs[26],
	&std_funcs[27], &std_funcs[28], &std_funcs[29], &std_funcs[30], &std_funcs[31],
	&std_funcs[32], &std_funcs[33], &std_funcs[34], &std_funcs[35], &std_funcs[36],
	&std_funcs[37], &std_funcs[38], &std_funcs[39], &std_funcs[40], &std_funcs[41],
	&std_funcs[42], &std_funcs[43], &std_funcs[44], &std_funcs[45], &std_funcs[46],
	&std_funcs[47], &std_funcs[48], &std_funcs[49], &std_funcs[50], &std_funcs[51],
	&std_funcs[52], &std_funcs[53], &std_funcs[54], &std_funcs[55], &std_funcs[56],
	&std_funcs[57], &std_funcs[58], &std_funcs[59], &std_funcs[60], &std_funcs[61],
	&std_funcs[62], &std_funcs[63], &std_funcs[64], &std_funcs[65], &std_funcs[66],
	&std_funcs[67], &std_funcs[68], &std_funcs[69], &std_funcs[70], &std_funcs[71],
};
_Static_assert(ARRAY_LEN(std_funcs) == ARRAY_LEN(std_ptrs), "list every function in std_ptrs");

static const struct hcl_func *const type_ptrs[] = { &type_funcs[0], &type_funcs[1], &type_funcs[2],
						    &type_funcs[3], &type_funcs[4] };
static const struct hcl_func *const extra_ptrs[] = { &extra_funcs[0], &extra_funcs[1] };

static const struct hcl_funcs std_table = { ARRAY_LEN(std_ptrs), std_ptrs };
static const struct hcl_funcs type_table = { ARRAY_LEN(type_ptrs), type_ptrs };
static const struct hcl_funcs extra_table = { ARRAY_LEN(extra_ptrs), extra_ptrs };

const struct hcl_funcs *hcl_funcs_std(void)
{
	return &std_table;
}

const struct hcl_funcs *hcl_funcs_types(void)
{
	return &type_table;
}

const struct hcl_funcs *hcl_funcs_hclref_extra(void)
{
	return &extra_table;
}

const struct hcl_func *hcl_funcs_find(const struct hcl_funcs *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->fns[i]->name, name) == 0)
			return t->fns[i];
	return NULL;
}

const char *hcl_funcs_suggest(const struct hcl_funcs *t, const char *name)
{
	if (!t)
		return NULL;
	const char **names = malloc((t->n ? t->n : 1) * sizeof(*names));
	if (!names)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		names[i] = t->fns[i]->name;
	const char *r = hcl_suggest(name, names, t->n);
	free(names);
	return r;
}

/* Upstream Atlas functions atlas-c does not implement. */
static const char *const upstream_only[] = {
	"csvdecode", "formatdate", "formatlist", "setproduct", "timeadd", "yamldecode", "yamlencode", "yamlmerge",
};

bool hcl_func_upstream_only(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(upstream_only); i++)
		if (strcmp(upstream_only[i], name) == 0)
			return true;
	return false;
}

void hcl_func_sig(const struct hcl_func *f, struct hcl_fsig *out)
{
	out->nparams = f->nparams;
	out->params = f->params;
	out->var_name = f->var_name;
	out->var = f->var;
	out->allow_unknown = f->allow_unknown;
}

int hcl_func_call(const struct hcl_func *f, struct hcl_value **out, struct hcl_fcall *c,
		  struct hcl_value **args)
{
	return f->impl(out, c, args);
}
