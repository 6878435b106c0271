/*
 * The `.env` file parser behind --env-file (an atlas-c extension, in the
 * spirit of dbmate's and goose's).  It turns a buffer into KEY=value pairs
 * following the common dotenv conventions: comments, an `export ` prefix,
 * single quotes (literal) and double quotes (a few escapes), values that
 * may span lines when quoted.  It does no I/O and expands nothing; the cli
 * decides which assignments reach the process environment (variables that
 * are already set win).  Diagnostics name file:line and the key, never a
 * value, since a `.env` file usually holds secrets.
 */
#include "envsubst.h"

struct dotenv {
	struct arena *a;
	const char *file;
	const char *s;
	size_t len;
	size_t pos;
	unsigned line;
	size_t line_start;
	struct diags *d;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool key_char(char c)
{
	return key_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static struct span here(const struct dotenv *p)
{
	struct span sp = { .file = p->file };
	sp.start.line = p->line;
	sp.start.col = (unsigned)(p->pos - p->line_start) + 1;
	sp.start.off = p->pos;
	sp.end = sp.start;
	sp.end.col++;
	sp.end.off++;
	return sp;
}

static void skip_blanks(struct dotenv *p)
{
	while (p->pos < p->len && blank(p->s[p->pos]))
		p->pos++;
}

/* Moves past the rest of the line, newline included. */
static void skip_line(struct dotenv *p)
{
	while (p->pos < p->len && p->s[p->pos] != '\n')
		p->pos++;
	if (p->pos < p->len) {
		p->pos++;
		p->line++;
		p->line_start = p->pos;
	}
}

static bool at_eol(const struct dotenv *p)
{
	return p->pos >= p->len || p->s[p->pos] == '\n' ||
	       (p->s[p->pos] == '\r' && (p->pos + 1 >= p->len || p->s[p->pos + 1] == '\n'));
}

/* Reads a quoted value; p->pos is at the opening quote. */
static int read_quoted(struct dotenv *p, struct strbuf *sb, const char *key)
{
	char q = p->s[p->pos];
	unsigned open_line = p->line;
	p->pos++;
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c == q) {
			p->pos++;
			return 0;
		}
		if (c == '\n') {
			strbuf_addch(sb, '\n');
			p->pos++;
			p->line++;
			p->line_start = p->pos;
			continue;
		}
		if (c == '\r' && p->pos + 1 < p->len && p->s[p->pos + 1] == '\n') {
			p->pos++; /* CRLF inside a quoted value is one newline */
			continue;
		}
		if (q == '"' && c == '\\' && p->pos + 1 < p->len) {
			char e = p->s[p->pos + 1];
			const char *rep = NULL;
			switch (e) {
			case 'n': rep = "\n"; break;
			case 'r': rep = "\r"; break;
			case 't': rep = "\t"; break;
			case '"': rep = "\""; break;
			case '\\': rep = "\\"; break;
			case '$': rep = "$"; break;
			default: break;
			}
			if (rep) {
				strbuf_addstr(sb, rep);
				p->pos += 2;
				continue;
			}
		}
		strbuf_addch(sb, c);
		p->pos++;
	}
	struct span sp = { .file = p->file };
	sp.start.line = open_line;
	sp.start.col = 1;
	sp.end = sp.start;
	sp.end.col = 2;
	return diag_errorf(p->d, &sp, "unterminated %s-quoted value for %s",
			   q == '"' ? "double" : "single", key);
}

/* Reads an unquoted value up to the end of the line or an inline comment. */
static void read_plain(struct dotenv *p, struct strbuf *sb)
{
	size_t start = p->pos;
	size_t end = p->pos;
	while (p->pos < p->len && p->s[p->pos] != '\n') {
		if (p->s[p->pos] == '#' && p->pos > start && blank(p->s[p->pos - 1]))
			break;
		p->pos++;
		end = p->pos;
	}
	while (end > start && (blank(p->s[end - 1]) || p->s[end - 1] == '\r'))
		end--;
	strbuf_add(sb, p->s + start, end - start);
}

static void add_entry(struct dotenv_entry **out, size_t *n, size_t *cap, struct arena *a,
		      const char *key, const char *value, unsigned line)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*out)[i].key, key) == 0) {
			(*out)[i].value = value;
			(*out)[i].line = line;
			return;
		}
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		*out = arena_realloc(a, *out, *cap * sizeof(**out), nc * sizeof(**out));
		*cap = nc;
	}
	(*out)[(*n)++] = (struct dotenv_entry){ .key = key, .value = value, .line = line };
}

int dotenv_parse(struct dotenv_entry **out, size_t *n, struct arena *a, const char *file,
		 const char *buf, size_t len, struct diags *d)
{
	struct dotenv p = { .a = a, .file = file, .s = buf, .len = len, .line = 1, .d = d };
	struct strbuf sb = STRBUF_INIT;
	size_t cap = 0;
	int r = 0;
	*out = NULL;
	*n = 0;
	/* A UTF-8 byte order mark is ignored. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		p.pos = p.line_start = 3;
	while (p.pos < p.len) {
		skip_blanks(&p);
		if (at_eol(&p) || p.s[p.pos] == '#') {
			skip_line(&p);
			continue;
		}
		if (p.len - p.pos > 7 && memcmp(p.s + p.pos, "export", 6) == 0 &&
		    blank(p.s[p.pos + 6])) {
			p.pos += 6;
			skip_blanks(&p);
		}
		unsigned key_line = p.line;
		size_t k = p.pos;
		if (p.pos >= p.len || !key_start(p.s[p.pos])) {
			struct span sp = here(&p);
			r = diag_errorf(d, &sp, "expected KEY=value (a key starts with a letter or \"_\")");
			skip_line(&p);
			continue;
		}
		while (p.pos < p.len && key_char(p.s[p.pos]))
			p.pos++;
		const char *key = arena_strndup(a, p.s + k, p.pos - k);
		skip_blanks(&p);
		if (p.pos >= p.len || p.s[p.pos] != '=') {
			struct span sp = here(&p);
			r = diag_errorf(d, &sp, "expected \"=\" after %s", key);
			skip_line(&p);
			continue;
		}
		p.pos++;
		skip_blanks(&p);
		strbuf_reset(&sb);
		if (p.pos < p.len && (p.s[p.pos] == '"' || p.s[p.pos] == '\'')) {
			if (read_quoted(&p, &sb, key) < 0) {
				r = -1;
				break;
			}
			skip_blanks(&p);
			if (!at_eol(&p) && p.s[p.pos] != '#') {
				struct span sp = here(&p);
				r = diag_errorf(d, &sp, "unexpected text after the quoted value of %s",
						key);
				skip_line(&p);
				continue;
			}
			skip_line(&p);
		} else {
			read_plain(&p, &sb);
			skip_line(&p);
		}
		add_entry(out, n, &cap, a, key, strbuf_arena(&sb, a), key_line);
	}
	strbuf_release(&sb);
	return r;
}
