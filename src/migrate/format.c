/*
 * format: which statements a file of each directory format yields (spec
 * §1.7, upstream sql/sqltool).  Atlas and liquibase files go through the
 * driver's splitter options; golang-migrate and flyway files through the
 * generic ones; goose and dbmate files are first reduced to their "up"
 * section the way upstream does it (line by line, including its loose
 * pragma patterns: a goose line containing "Down" or "StatementEnd", or a
 * dbmate line containing "down", is dropped wherever it appears), then
 * split generically.  File listing and naming live in dir.c.
 */
#include "migrate/internal.h"

#define SCAN_MAX_LINE (64 * 1024)

/* bufio.Scanner lines: LF-terminated, a final CR dropped, a last
 * unterminated line kept when non-empty. */
struct lines {
	const char *p, *end;
};

static bool next_line(struct lines *l, struct str *out)
{
	const char *lf;
	size_t n;

	if (l->p >= l->end)
		return false;
	lf = memchr(l->p, '\n', (size_t)(l->end - l->p));
	n = lf ? (size_t)(lf - l->p) : (size_t)(l->end - l->p);
	if (n >= SCAN_MAX_LINE)
		return false; /* upstream's scanner stops with ErrTooLong */
	out->p = l->p;
	out->len = n;
	if (out->len && out->p[out->len - 1] == '\r')
		out->len--;
	l->p = lf ? lf + 1 : l->end;
	return true;
}

static bool contains(struct str s, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i + n <= s.len; i++)
		if (memcmp(s.p + i, w, n) == 0)
			return true;
	return false;
}

static struct str trim_right_space(struct str s)
{
	struct str t = migrate_trim_space(s);

	/* TrimSpace also trims the left; keep the left side. */
	if (t.len == 0)
		return (struct str){ s.p, 0 };
	return (struct str){ s.p, (size_t)(t.p + t.len - s.p) };
}

enum { ST_NONE, ST_UP, ST_BEGIN, ST_END };

#define GOOSE_DELIM "-- ATLAS_DELIM_END"

char *migrate_goose_text(size_t *len, struct arena *a, const char *content, size_t n,
			 const char *name, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct lines l = { content, content + n };
	struct str line;
	int state = ST_NONE;
	unsigned lineno = 0;
	char *res;

	strbuf_addstr(&sb, "-- atlas:delimiter " GOOSE_DELIM "\n");
	while (next_line(&l, &line)) {
		const char *bad = NULL;

		lineno++;
		if (str_has_prefix(line, "-- +goose")) {
			struct str arg = migrate_trim_space(
				(struct str){ line.p + 9, line.len - 9 });
			if (str_eq(arg, "Up")) {
				if (state == ST_NONE)
					state = ST_UP;
				else
					bad = "Up";
			} else if (str_eq(arg, "Down")) {
				if (state == ST_UP)
					break;
				bad = "Down";
			} else if (str_eq(arg, "StatementBegin")) {
				if (state == ST_UP)
					state = ST_BEGIN;
				else
					bad = "StatementBegin";
			} else if (str_eq(arg, "StatementEnd")) {
				if (state == ST_BEGIN)
					state = ST_END;
				else
					bad = "StatementEnd";
			}
		}
		if (bad) {
			strbuf_release(&sb);
			return diag_errorf(d, NULL, "sql/migrate: goose: %s:%u unexpected goosePragma '%s'",
					   name, lineno, bad),
			       NULL;
		}
		if (!contains(line, "-- +goose Up") && !contains(line, "Down") &&
		    !contains(line, "StatementBegin") && !contains(line, "StatementEnd") &&
		    state != ST_END) {
			line = trim_right_space(line);
			strbuf_addch(&sb, '\n');
			strbuf_add(&sb, line.p, line.len);
			if (state == ST_UP && line.len && line.p[line.len - 1] == ';' &&
			    !str_has_prefix(line, "--"))
				strbuf_addstr(&sb, "\n" GOOSE_DELIM);
		}
		if (state == ST_END) {
			state = ST_UP;
			strbuf_addstr(&sb, "\n" GOOSE_DELIM);
		}
	}
	*len = sb.len;
	res = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return res;
}

char *migrate_dbmate_text(size_t *len, struct arena *a, const char *content, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct lines l = { content, content + n };
	struct str line;
	int state = ST_NONE;
	bool first = true;
	char *res;

	while (next_line(&l, &line)) {
		if (str_has_prefix(line, "-- migrate:")) {
			struct str arg = migrate_trim_space(
				(struct str){ line.p + 11, line.len - 11 });
			if (str_eq(arg, "up"))
				state = ST_UP;
			else if (str_eq(arg, "down"))
				break;
		}
		if (!contains(line, "-- migrate:up") && !contains(line, "down") && state == ST_UP) {
			if (!first)
				strbuf_addch(&sb, '\n');
			strbuf_add(&sb, line.p, line.len);
			first = false;
		}
	}
	*len = sb.len;
	res = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return res;
}

int migrate_file_split(struct migrate_stmt **out, size_t *n, struct arena *a,
		       const struct migrate_dir *dir, const struct migrate_file *f,
		       enum migrate_dialect dialect, struct diags *d)
{
	struct migrate_split_opts opts = migrate_split_options(MIGRATE_DIALECT_GENERIC);
	const char *text = f->content;
	size_t len = f->len;

	switch (dir->format) {
	case MIGRATE_FORMAT_ATLAS:
	case MIGRATE_FORMAT_LIQUIBASE:
		/* Upstream uses the driver's scanner only for plain local files. */
		opts = migrate_split_options(dialect);
		break;
	case MIGRATE_FORMAT_GOLANG_MIGRATE:
	case MIGRATE_FORMAT_FLYWAY:
		break;
	case MIGRATE_FORMAT_GOOSE:
		text = migrate_goose_text(&len, a, f->content, f->len, f->name, d);
		if (!text)
			return -1;
		break;
	case MIGRATE_FORMAT_DBMATE:
		text = migrate_dbmate_text(&len, a, f->content, f->len);
		break;
	}
	return migrate_split(out, n, a, text, len, &opts, d);
}
