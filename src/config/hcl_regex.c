/*
 * hcl_regex: the regular expressions behind regex(), regexall() and
 * regexreplace().  cty uses Go's RE2 syntax, which POSIX regcomp cannot
 * express (\d, (?P<name>...), lazy quantifiers, (?i)), so this is a small
 * RE2-syntax compiler to a backtracking VM with a visited bitmap (RE2's
 * "BitState"): leftmost-first matches with Perl/RE2 capture semantics,
 * linear in pattern size times input size, no infinite loops on empty
 * repetitions.  Matching works on UTF-8 code points.  Unsupported syntax
 * (Unicode classes such as \pL) is reported as a pattern error.
 */
#include "config/internal.h"

#include <string.h>

enum rop {
	RO_CHAR, /* lo..hi (a single code point when lo == hi) */
	RO_ANY, /* any code point except \n */
	RO_ANYNL, /* any code point */
	RO_CLASS,
	RO_SPLIT, /* try x, then y */
	RO_JMP,
	RO_SAVE,
	RO_BOL, RO_EOL, RO_BOT, RO_EOT, RO_WORDB, RO_NWORDB,
	RO_MATCH,
};

struct rrange {
	unsigned lo, hi;
};

struct rinst {
	enum rop op;
	unsigned lo, hi;
	bool fold;
	int x, y, n;
	struct rrange *r;
	size_t nr;
	bool neg;
};

struct hcl_regex {
	struct rinst *prog;
	size_t n;
	int ngroups; /* capture groups, not counting group 0 */
	const char **names; /* names[i] for group i (1-based), NULL when unnamed */
};

/* ---- parser to AST ---- */

enum rnode_kind { RN_EMPTY, RN_CHAR, RN_ANY, RN_CLASS, RN_CAT, RN_ALT, RN_REP, RN_GROUP, RN_ASSERT };

struct rnode {
	enum rnode_kind k;
	unsigned cp;
	bool fold, dotnl;
	struct rrange *r;
	size_t nr;
	bool neg;
	struct rnode **kids;
	size_t nk;
	int min, max; /* RN_REP; max -1 = unbounded */
	bool greedy;
	int cap; /* RN_GROUP: capture index or -1 */
	enum rop assert;
};

struct rparse {
	struct arena *a;
	const char *s;
	size_t n, i;
	const char *err;
	size_t err_from, err_to; /* the offending text, Go's Error.Expr */
	int ngroups;
	const char **names;
	size_t names_cap;
	bool fold, dotnl, multiline;
	int depth;
};

static size_t rdec(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t l = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	if (l > n || l == 1) {
		*cp = 0xFFFD;
		return 1;
	}
	c &= l == 2 ? 0x1F : l == 3 ? 0x0F : 0x07;
	for (size_t k = 1; k < l; k++) {
		if ((u[k] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (u[k] & 0x3F);
	}
	*cp = c;
	return l;
}

static void rerr(struct rparse *p, const char *code, size_t from, size_t to)
{
	if (p->err)
		return;
	p->err = code;
	p->err_from = from < p->n ? from : p->n;
	p->err_to = to < p->n ? to : p->n;
}

static struct rnode *rn(struct rparse *p, enum rnode_kind k)
{
	struct rnode *x = arena_alloc(p->a, sizeof(*x));
	x->k = k;
	x->cap = -1;
	x->fold = p->fold;
	x->dotnl = p->dotnl;
	return x;
}

static void add_kid(struct rparse *p, struct rnode *parent, struct rnode *kid)
{
	parent->kids = arena_realloc(p->a, parent->kids, parent->nk * sizeof(*parent->kids),
				     (parent->nk + 1) * sizeof(*parent->kids));
	parent->kids[parent->nk++] = kid;
}

static void add_range(struct rparse *p, struct rnode *x, unsigned lo, unsigned hi)
{
	x->r = arena_realloc(p->a, x->r, x->nr * sizeof(*x->r), (x->nr + 1) * sizeof(*x->r));
	x->r[x->nr].lo = lo;
	x->r[x->nr].hi = hi;
	x->nr++;
}

static void add_perl_class(struct rparse *p, struct rnode *x, char c)
{
	switch (c) {
	case 'd':
		add_range(p, x, '0', '9');
		break;
	case 'w':
		add_range(p, x, '0', '9');
		add_range(p, x, 'A', 'Z');
		add_range(p, x, 'a', 'z');
		add_range(p, x, '_', '_');
		break;
	case 's':
		add_range(p, x, '\t', '\n');
		add_range(p, x, '\f', '\r');
		add_range(p, x, ' ', ' ');
		break;
	}
}

/* Negated perl class inside a bracket: complement ranges. */
static void add_neg_perl_class(struct rparse *p, struct rnode *x, char c)
{
	struct rnode tmp = { 0 };
	add_perl_class(p, &tmp, c);
	unsigned next = 0;
	/* ranges of tmp are sorted by construction */
	for (size_t i = 0; i < tmp.nr; i++) {
		if (tmp.r[i].lo > next)
			add_range(p, x, next, tmp.r[i].lo - 1);
		next = tmp.r[i].hi + 1;
	}
	add_range(p, x, next, 0x10FFFF);
}

static bool posix_class(struct rparse *p, struct rnode *x)
{
	static const struct {
		const char *name;
		const char *ranges; /* pairs */
	} cls[] = {
		{ "alnum", "09AZaz" }, { "alpha", "AZaz" }, { "ascii", "\x01\x7f" },
		{ "blank", "\t\t  " }, { "cntrl", "\x01\x1f\x7f\x7f" }, { "digit", "09" },
		{ "graph", "!~" }, { "lower", "az" }, { "print", " ~" }, { "punct", "!/:@[`{~" },
		{ "space", "\t\r  " }, { "upper", "AZ" }, { "word", "09AZ__az" }, { "xdigit", "09AFaf" },
	};
	if (p->i + 2 > p->n || p->s[p->i] != '[' || p->s[p->i + 1] != ':')
		return false;
	const char *end = memmem(p->s + p->i + 2, p->n - p->i - 2, ":]", 2);
	if (!end)
		return false;
	size_t st = p->i + 2;
	bool neg = st < p->n && p->s[st] == '^';
	if (neg)
		st++;
	size_t len = (size_t)(end - (p->s + st));
	for (size_t k = 0; k < ARRAY_LEN(cls); k++) {
		if (strlen(cls[k].name) == len && memcmp(cls[k].name, p->s + st, len) == 0) {
			struct rnode tmp = { 0 };
			const char *r = cls[k].ranges;
			for (size_t j = 0; r[j]; j += 2)
				add_range(p, &tmp, (unsigned char)r[j], (unsigned char)r[j + 1]);
			if (!neg) {
				for (size_t j = 0; j < tmp.nr; j++)
					add_range(p, x, tmp.r[j].lo, tmp.r[j].hi);
			} else {
				unsigned next = 0;
				for (size_t j = 0; j < tmp.nr; j++) {
					if (tmp.r[j].lo > next)
						add_range(p, x, next, tmp.r[j].lo - 1);
					next = tmp.r[j].hi + 1;
				}
				add_range(p, x, next, 0x10FFFF);
			}
			p->i = (size_t)(end - p->s) + 2;
			return true;
		}
	}
	rerr(p, "invalid character class range", p->i, (size_t)(end - p->s) + 2);
	return false;
}

static int hexd(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Parses an escape after '\' (p->i at the char after the backslash).
 * Returns the code point, or -1 for a class/assertion handled via *kind. */
static long parse_escape(struct rparse *p, char *perl)
{
	size_t esc = p->i - 1; /* the backslash */
	if (p->i >= p->n) {
		rerr(p, "trailing backslash at end of expression", p->n, p->n);
		return -2;
	}
	char c = p->s[p->i++];
	*perl = 0;
	switch (c) {
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'b': case 'B': case 'A': case 'z':
		*perl = c;
		return -1;
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'f': return '\f';
	case 'v': return '\v';
	case 'a': return 7;
	case '0': return 0;
	case 'x': {
		long v = 0;
		if (p->i < p->n && p->s[p->i] == '{') {
			p->i++;
			while (p->i < p->n && p->s[p->i] != '}') {
				int h = hexd(p->s[p->i++]);
				if (h < 0 || v > 0x10FFFF) {
					rerr(p, "invalid escape sequence", esc, p->i);
					return -2;
				}
				v = v * 16 + h;
			}
			if (p->i >= p->n) {
				rerr(p, "invalid escape sequence", esc, p->i);
				return -2;
			}
			p->i++;
			return v;
		}
		for (int k = 0; k < 2; k++) {
			int h = p->i < p->n ? hexd(p->s[p->i]) : -1;
			if (h < 0) {
				rerr(p, "invalid escape sequence", esc, p->i + (p->i < p->n ? 1 : 0));
				return -2;
			}
			v = v * 16 + h;
			p->i++;
		}
		return v;
	}
	default:
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			rerr(p, "invalid escape sequence", esc, p->i);
			return -2;
		}
		{
			unsigned cp;
			p->i--;
			p->i += rdec(p->s + p->i, p->n - p->i, &cp);
			return cp;
		}
	}
}

static struct rnode *parse_class(struct rparse *p)
{
	/* p->i after '[' */
	size_t open = p->i - 1;
	struct rnode *x = rn(p, RN_CLASS);
	if (p->i < p->n && p->s[p->i] == '^') {
		x->neg = true;
		p->i++;
	}
	bool first = true;
	while (p->i < p->n && (p->s[p->i] != ']' || first)) {
		first = false;
		if (p->s[p->i] == '[' && p->i + 1 < p->n && p->s[p->i + 1] == ':') {
			if (!posix_class(p, x))
				return NULL;
			continue;
		}
		long lo;
		if (p->s[p->i] == '\\') {
			p->i++;
			char perl;
			lo = parse_escape(p, &perl);
			if (lo == -2)
				return NULL;
			if (lo == -1) {
				if (perl == 'd' || perl == 'w' || perl == 's')
					add_perl_class(p, x, perl);
				else if (perl == 'D' || perl == 'W' || perl == 'S')
					add_neg_perl_class(p, x, (char)(perl + 32));
				else {
					rerr(p, "invalid escape sequence", p->i - 2, p->i);
					return NULL;
				}
				continue;
			}
		} else {
			unsigned cp;
			p->i += rdec(p->s + p->i, p->n - p->i, &cp);
			lo = cp;
		}
		long hi = lo;
		size_t range_from = p->i;
		{
			/* start of this class item, for Go's error text */
			size_t b = p->i;
			while (b > open + 1 && ((unsigned char)p->s[b - 1] & 0xC0) == 0x80)
				b--;
			range_from = b > open + 1 ? b - 1 : open + 1;
			if (range_from > open + 1 && p->s[range_from - 1] == '\\')
				range_from--;
		}
		if (p->i + 1 < p->n && p->s[p->i] == '-' && p->s[p->i + 1] != ']') {
			p->i++;
			if (p->s[p->i] == '\\') {
				p->i++;
				char perl;
				hi = parse_escape(p, &perl);
				if (hi < 0) {
					rerr(p, "invalid character class range", range_from, p->i);
					return NULL;
				}
			} else {
				unsigned cp;
				p->i += rdec(p->s + p->i, p->n - p->i, &cp);
				hi = cp;
			}
			if (hi < lo) {
				rerr(p, "invalid character class range", range_from, p->i);
				return NULL;
			}
		}
		add_range(p, x, (unsigned)lo, (unsigned)hi);
		if (p->fold) {
			for (long c = lo; c <= hi && c < 0x80; c++) {
				if (c >= 'a' && c <= 'z')
					add_range(p, x, (unsigned)c - 32, (unsigned)c - 32);
				else if (c >= 'A' && c <= 'Z')
					add_range(p, x, (unsigned)c + 32, (unsigned)c + 32);
			}
		}
	}
	if (p->i >= p->n) {
		rerr(p, "missing closing ]", open, p->n);
		return NULL;
	}
	p->i++;
	return x;
}

static struct rnode *parse_alt(struct rparse *p);

static bool parse_flags(struct rparse *p, bool *scoped)
{
	/* p->i after "(?" ; flags until ')' or ':' */
	bool neg = false;
	while (p->i < p->n) {
		char c = p->s[p->i++];
		switch (c) {
		case 'i': p->fold = !neg; break;
		case 's': p->dotnl = !neg; break;
		case 'm': p->multiline = !neg; break;
		case 'U': break;
		case '-': neg = true; break;
		case ')': *scoped = false; return true;
		case ':': *scoped = true; return true;
		default:
			rerr(p, "invalid or unsupported Perl syntax", p->i - 3 < p->n ? p->i - 3 : 0, p->i);
			return false;
		}
	}
	rerr(p, "missing closing )", 0, p->n);
	return false;
}

static struct rnode *parse_atom(struct rparse *p)
{
	char c = p->s[p->i];
	if (c == '(') {
		p->i++;
		if (++p->depth > 1000) {
			rerr(p, "expression nests too deeply", 0, p->n);
			return NULL;
		}
		int cap = -1;
		bool saved_fold = p->fold, saved_dotnl = p->dotnl, saved_ml = p->multiline;
		bool restore = false;
		if (p->i < p->n && p->s[p->i] == '?') {
			p->i++;
			if (p->i + 1 < p->n && p->s[p->i] == 'P' && p->s[p->i + 1] == '<') {
				p->i += 2;
				size_t st = p->i;
				while (p->i < p->n && p->s[p->i] != '>')
					p->i++;
				if (p->i >= p->n || p->i == st) {
					rerr(p, "invalid named capture", st - 4, p->i + (p->i < p->n ? 1 : 0));
					return NULL;
				}
				cap = ++p->ngroups;
				if ((size_t)cap >= p->names_cap) {
					size_t nc = p->names_cap ? p->names_cap * 2 : 8;
					while (nc <= (size_t)cap)
						nc *= 2;
					p->names = arena_realloc(p->a, p->names, p->names_cap * sizeof(*p->names),
								 nc * sizeof(*p->names));
					p->names_cap = nc;
				}
				p->names[cap] = arena_strndup(p->a, p->s + st, p->i - st);
				p->i++;
			} else {
				bool scoped;
				if (!parse_flags(p, &scoped))
					return NULL;
				if (!scoped) {
					p->depth--;
					return rn(p, RN_EMPTY);
				}
				restore = true;
			}
		} else {
			cap = ++p->ngroups;
			if ((size_t)cap >= p->names_cap) {
				size_t nc = p->names_cap ? p->names_cap * 2 : 8;
				while (nc <= (size_t)cap)
					nc *= 2;
				p->names = arena_realloc(p->a, p->names, p->names_cap * sizeof(*p->names),
							 nc * sizeof(*p->names));
				p->names_cap = nc;
			}
			p->names[cap] = NULL;
		}
		struct rnode *inner = parse_alt(p);
		if (!inner)
			return NULL;
		if (p->i >= p->n || p->s[p->i] != ')') {
			rerr(p, "missing closing )", 0, p->n);
			return NULL;
		}
		p->i++;
		p->depth--;
		if (restore) {
			p->fold = saved_fold;
			p->dotnl = saved_dotnl;
			p->multiline = saved_ml;
		}
		struct rnode *g = rn(p, RN_GROUP);
		g->cap = cap;
		add_kid(p, g, inner);
		return g;
	}
	if (c == '[') {
		p->i++;
		return parse_class(p);
	}
	if (c == '.') {
		p->i++;
		return rn(p, RN_ANY);
	}
	if (c == '^' || c == '$') {
		p->i++;
		struct rnode *x = rn(p, RN_ASSERT);
		x->assert = c == '^' ? (p->multiline ? RO_BOL : RO_BOT) : (p->multiline ? RO_EOL : RO_EOT);
		return x;
	}
	if (c == '\\') {
		p->i++;
		char perl;
		long cp = parse_escape(p, &perl);
		if (cp == -2)
			return NULL;
		if (cp == -1) {
			struct rnode *x;
			switch (perl) {
			case 'b': case 'B': case 'A': case 'z':
				x = rn(p, RN_ASSERT);
				x->assert = perl == 'b' ? RO_WORDB : perl == 'B' ? RO_NWORDB : perl == 'A' ? RO_BOT : RO_EOT;
				return x;
			default:
				x = rn(p, RN_CLASS);
				if (perl >= 'A' && perl <= 'Z') {
					x->neg = true;
					perl = (char)(perl + 32);
				}
				add_perl_class(p, x, perl);
				x->fold = false;
				return x;
			}
		}
		struct rnode *x = rn(p, RN_CHAR);
		x->cp = (unsigned)cp;
		return x;
	}
	if (c == '*' || c == '+' || c == '?') {
		rerr(p, "missing argument to repetition operator", p->i,
		     p->i + 1 + (p->i + 1 < p->n && p->s[p->i + 1] == '?'));
		return NULL;
	}
	unsigned cp;
	p->i += rdec(p->s + p->i, p->n - p->i, &cp);
	struct rnode *x = rn(p, RN_CHAR);
	x->cp = cp;
	return x;
}

static bool parse_count(struct rparse *p, int *out)
{
	int v = 0;
	size_t st = p->i;
	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
		v = v * 10 + (p->s[p->i++] - '0');
		if (v > 1000)
			return false;
	}
	*out = v;
	return p->i > st;
}

static struct rnode *parse_repeat(struct rparse *p)
{
	struct rnode *atom = parse_atom(p);
	if (!atom)
		return NULL;
	size_t op_start_prev = p->i;
	for (;;) {
		if (p->i >= p->n)
			return atom;
		char c = p->s[p->i];
		size_t op_start = p->i;
		int min, max;
		if (c == '*') {
			min = 0, max = -1;
			p->i++;
		} else if (c == '+') {
			min = 1, max = -1;
			p->i++;
		} else if (c == '?') {
			min = 0, max = 1;
			p->i++;
		} else if (c == '{') {
			size_t save = p->i;
			p->i++;
			if (!parse_count(p, &min)) {
				p->i = save;
				return atom; /* a literal '{' follows (handled by caller) */
			}
			max = min;
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				if (p->i < p->n && p->s[p->i] == '}')
					max = -1;
				else if (!parse_count(p, &max)) {
					rerr(p, "invalid repeat count", save, p->i);
					return NULL;
				}
			}
			if (p->i >= p->n || p->s[p->i] != '}' || (max >= 0 && max < min) || min > 1000 || max > 1000) {
				rerr(p, "invalid repeat count", save, p->i + (p->i < p->n ? 1 : 0));
				return NULL;
			}
			p->i++;
		} else {
			return atom;
		}
		if (atom->k == RN_REP) {
			rerr(p, "invalid nested repetition operator", op_start_prev, p->i);
			return NULL;
		}
		if (atom->k != RN_REP)
			op_start_prev = op_start;
		struct rnode *r = rn(p, RN_REP);
		r->min = min;
		r->max = max;
		r->greedy = true;
		if (p->i < p->n && p->s[p->i] == '?') {
			r->greedy = false;
			p->i++;
		}
		add_kid(p, r, atom);
		atom = r;
	}
}

static struct rnode *parse_cat(struct rparse *p)
{
	struct rnode *cat = rn(p, RN_CAT);
	while (p->i < p->n && p->s[p->i] != '|' && p->s[p->i] != ')') {
		if (p->s[p->i] == '{') {
			/* a '{' that does not start a repeat is a literal */
			struct rnode *x = rn(p, RN_CHAR);
			x->cp = '{';
			p->i++;
			add_kid(p, cat, x);
			continue;
		}
		struct rnode *r = parse_repeat(p);
		if (!r)
			return NULL;
		add_kid(p, cat, r);
	}
	return cat;
}

static struct rnode *parse_alt(struct rparse *p)
{
	struct rnode *first = parse_cat(p);
	if (!first)
		return NULL;
	if (p->i >= p->n || p->s[p->i] != '|')
		return first;
	struct rnode *alt = rn(p, RN_ALT);
	add_kid(p, alt, first);
	while (p->i < p->n && p->s[p->i] == '|') {
		p->i++;
		struct rnode *next = parse_cat(p);
		if (!next)
			return NULL;
		add_kid(p, alt, next);
	}
	return alt;
}

/* ---- code generation ---- */

struct rgen {
	struct arena *a;
	struct rinst *prog;
	size_t n, cap;
	bool too_big;
};

static int emit(struct rgen *g, enum rop op)
{
	if (g->n >= 100000) {
		g->too_big = true;
		return (int)g->n - 1;
	}
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 64;
		g->prog = arena_realloc(g->a, g->prog, g->cap * sizeof(*g->prog), nc * sizeof(*g->prog));
		g->cap = nc;
	}
	memset(&g->prog[g->n], 0, sizeof(g->prog[0]));
	g->prog[g->n].op = op;
	return (int)g->n++;
}

static void gen(struct rgen *g, const struct rnode *x)
{
	if (g->too_big)
		return;
	switch (x->k) {
	case RN_EMPTY:
		break;
	case RN_CHAR: {
		int i = emit(g, RO_CHAR);
		g->prog[i].lo = g->prog[i].hi = x->cp;
		g->prog[i].fold = x->fold;
		break;
	}
	case RN_ANY:
		emit(g, x->dotnl ? RO_ANYNL : RO_ANY);
		break;
	case RN_CLASS: {
		int i = emit(g, RO_CLASS);
		g->prog[i].r = x->r;
		g->prog[i].nr = x->nr;
		g->prog[i].neg = x->neg;
		g->prog[i].fold = x->fold;
		break;
	}
	case RN_ASSERT:
		emit(g, x->assert);
		break;
	case RN_CAT:
		for (size_t k = 0; k < x->nk; k++)
			gen(g, x->kids[k]);
		break;
	case RN_ALT: {
		/* split L1, next; L1: a; jmp end; next: split ... */
		int *jmps = arena_alloc(g->a, x->nk * sizeof(*jmps));
		for (size_t k = 0; k < x->nk; k++) {
			if (k + 1 < x->nk) {
				int sp = emit(g, RO_SPLIT);
				g->prog[sp].x = (int)g->n;
				gen(g, x->kids[k]);
				jmps[k] = emit(g, RO_JMP);
				g->prog[sp].y = (int)g->n;
			} else {
				gen(g, x->kids[k]);
				jmps[k] = -1;
			}
		}
		for (size_t k = 0; k < x->nk; k++)
			if (jmps[k] >= 0)
				g->prog[jmps[k]].x = (int)g->n;
		break;
	}
	case RN_GROUP:
		if (x->cap >= 0) {
			int s = emit(g, RO_SAVE);
			g->prog[s].n = 2 * x->cap;
		}
		gen(g, x->kids[0]);
		if (x->cap >= 0) {
			int s = emit(g, RO_SAVE);
			g->prog[s].n = 2 * x->cap + 1;
		}
		break;
	case RN_REP: {
		const struct rnode *body = x->kids[0];
		for (int k = 0; k < x->min; k++)
			gen(g, body);
		if (x->max < 0) {
			int sp = emit(g, RO_SPLIT);
			gen(g, body);
			int j = emit(g, RO_JMP);
			g->prog[j].x = sp;
			if (x->greedy) {
				g->prog[sp].x = sp + 1;
				g->prog[sp].y = (int)g->n;
			} else {
				g->prog[sp].x = (int)g->n;
				g->prog[sp].y = sp + 1;
			}
		} else {
			int opt = x->max - x->min;
			int *sps = arena_alloc(g->a, (size_t)(opt ? opt : 1) * sizeof(*sps));
			for (int k = 0; k < opt; k++) {
				sps[k] = emit(g, RO_SPLIT);
				gen(g, body);
			}
			for (int k = 0; k < opt; k++) {
				if (x->greedy) {
					g->prog[sps[k]].x = sps[k] + 1;
					g->prog[sps[k]].y = (int)g->n;
				} else {
					g->prog[sps[k]].x = (int)g->n;
					g->prog[sps[k]].y = sps[k] + 1;
				}
			}
		}
		break;
	}
	}
}

int hcl_regex_compile(struct hcl_regex **out, struct arena *a, const char *pat, size_t len,
		      const char **code, const char **expr)
{
	struct rparse p = { .a = a, .s = pat, .n = len };
	p.names_cap = 8;
	p.names = arena_alloc(a, p.names_cap * sizeof(*p.names));
	struct rnode *root = parse_alt(&p);
	if (root && p.i < p.n) {
		rerr(&p, "unexpected )", 0, p.n);
		root = NULL;
	}
	if (!root) {
		if (!p.err)
			rerr(&p, "invalid pattern", 0, p.n);
		*code = p.err;
		*expr = arena_strndup(a, pat + p.err_from,
				      p.err_to > p.err_from ? p.err_to - p.err_from : 0);
		return -1;
	}
	struct rgen g = { .a = a };
	int s0 = emit(&g, RO_SAVE);
	g.prog[s0].n = 0;
	gen(&g, root);
	int s1 = emit(&g, RO_SAVE);
	g.prog[s1].n = 1;
	emit(&g, RO_MATCH);
	if (g.too_big) {
		*code = "expression too large";
		*expr = arena_strndup(a, pat, len);
		return -1;
	}
	struct hcl_regex *re = arena_alloc(a, sizeof(*re));
	re->prog = g.prog;
	re->n = g.n;
	re->ngroups = p.ngroups;
	re->names = p.names;
	*out = re;
	return 0;
}

int hcl_regex_groups(const struct hcl_regex *re, const char *const **names)
{
	*names = re->names;
	return re->ngroups;
}

/* ---- matcher ---- */

static unsigned fold1(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	return c;
}

static bool is_word(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

struct job {
	int pc;
	size_t pos;
	int slot; /* >= 0: restore caps[slot] = val */
	long val;
};

int hcl_regex_exec(const struct hcl_regex *re, struct arena *a, const char *s, size_t len,
		   size_t start, long *caps)
{
	size_t ncap = 2 * (size_t)(re->ngroups + 1);
	size_t nbits = re->n * (len + 1);
	if (nbits > ((size_t)1 << 28))
		return -1;
	struct arena *tmp = arena_new();
	(void)a;
	unsigned char *visited = arena_alloc(tmp, nbits / 8 + 1);
	struct job *stack = NULL;
	size_t sp = 0, scap = 0;
	int result = 0;
	for (size_t st = start; st <= len && !result; st++) {
		if (st > start && st < len && ((unsigned char)s[st] & 0xC0) == 0x80)
			continue; /* only start at code point boundaries */
		for (size_t k = 0; k < ncap; k++)
			caps[k] = -1;
#define PUSH(pc_, pos_, slot_, val_)                                                         \
	do {                                                                                 \
		if (sp == scap) {                                                            \
			size_t nc = scap ? scap * 2 : 64;                                    \
			stack = arena_realloc(tmp, stack, scap * sizeof(*stack), nc * sizeof(*stack)); \
			scap = nc;                                                           \
		}                                                                            \
		stack[sp++] = (struct job){ (pc_), (pos_), (slot_), (val_) };                 \
	} while (0)
		PUSH(0, st, -1, 0);
		while (sp > 0 && !result) {
			struct job j = stack[--sp];
			if (j.slot >= 0) {
				caps[j.slot] = j.val;
				continue;
			}
			int pc = j.pc;
			size_t pos = j.pos;
			for (;;) {
				size_t bit = (size_t)pc * (len + 1) + pos;
				if (visited[bit / 8] & (1u << (bit % 8)))
					break;
				visited[bit / 8] |= (unsigned char)(1u << (bit % 8));
				const struct rinst *in = &re->prog[pc];
				unsigned c = 0;
				size_t l = 0;
				if (pos < len)
					l = rdec(s + pos, len - pos, &c);
				bool ok = false;
				switch (in->op) {
				case RO_CHAR:
					ok = l && (c == in->lo || (in->fold && fold1(c) == fold1(in->lo)));
					if (ok) {
						pc++;
						pos += l;
						continue;
					}
					break;
				case RO_ANY:
					if (l && c != '\n') {
						pc++;
						pos += l;
						continue;
					}
					break;
				case RO_ANYNL:
					if (l) {
						pc++;
						pos += l;
						continue;
					}
					break;
				case RO_CLASS: {
					if (!l)
						break;
					bool in_cls = false;
					for (size_t k = 0; k < in->nr && !in_cls; k++) {
						if (c >= in->r[k].lo && c <= in->r[k].hi)
							in_cls = true;
						else if (in->fold && fold1(c) >= in->r[k].lo && fold1(c) <= in->r[k].hi)
							in_cls = true;
					}
					if (in_cls != in->neg) {
						pc++;
						pos += l;
						continue;
					}
					break;
				}
				case RO_SPLIT:
					PUSH(in->y, pos, -1, 0);
					pc = in->x;
					continue;
				case RO_JMP:
					pc = in->x;
					continue;
				case RO_SAVE:
					PUSH(0, 0, in->n, caps[in->n]);
					caps[in->n] = (long)pos;
					pc++;
					continue;
				case RO_BOT:
					if (pos == 0) {
						pc++;
						continue;
					}
					break;
				case RO_EOT:
					if (pos == len) {
						pc++;
						continue;
					}
					break;
				case RO_BOL:
					if (pos == 0 || s[pos - 1] == '\n') {
						pc++;
						continue;
					}
					break;
				case RO_EOL:
					if (pos == len || s[pos] == '\n') {
						pc++;
						continue;
					}
					break;
				case RO_WORDB:
				case RO_NWORDB: {
					bool before = pos > 0 && is_word((unsigned char)s[pos - 1]);
					bool after = pos < len && is_word((unsigned char)s[pos]);
					if ((before != after) == (in->op == RO_WORDB)) {
						pc++;
						continue;
					}
					break;
				}
				case RO_MATCH:
					result = 1;
					break;
				}
				(void)ok;
				break;
			}
		}
		/* no reset of `visited`: a state that failed from an earlier start
		 * fails from this one too (RE2's BitState argument) */
		sp = 0;
#undef PUSH
	}
	arena_free(tmp);
	return result;
}
