/*
 * tests/vectors/realworld-hcl.tsv: for every env of every real-world
 * atlas.hcl in tests/vectors/realworld-hcl/, the settings each subcommand
 * gets (or the exact error), written by hand from the file texts.  Every
 * row is checked; all mismatches are reported together.
 */
#include <criterion/criterion.h>

#include "test_project_util.h"

TestSuite(project_vectors, .init = tp_setup, .fini = tp_teardown);

static const char *srcdir(void)
{
	const char *s = getenv("ATLAS_SRCDIR");
	return s && *s ? s : ".";
}

/* Splits s at sep (in place) into at most max fields. */
static size_t split(char **out, size_t max, char *s, char sep)
{
	size_t n = 0;
	out[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == sep) {
			*p = '\0';
			out[n++] = p + 1;
		}
	return n;
}

static const char *const *words(char *s)
{
	if (strcmp(s, "-") == 0)
		return NULL;
	const char **v = arena_alloc(tp_arena, (strlen(s) / 2 + 2) * sizeof(*v));
	size_t n = 0;
	for (char *tok = s; tok && *tok;) {
		char *sp = strchr(tok, ' ');
		if (sp)
			*sp = '\0';
		v[n++] = tok;
		tok = sp ? sp + 1 : NULL;
	}
	v[n] = NULL;
	return v;
}

static char *replace_dir(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = s, *q;
	while ((q = strstr(p, "$DIR"))) {
		strbuf_add(&sb, p, (size_t)(q - p));
		strbuf_addstr(&sb, tp_dir);
		p = q + 4;
	}
	strbuf_addstr(&sb, p);
	char *out = strbuf_arena(&sb, tp_arena);
	strbuf_release(&sb);
	return out;
}

Test(project_vectors, realworld_hcl)
{
	char *path = arena_printf(tp_arena, "%s/tests/vectors/realworld-hcl.tsv", srcdir());
	char *buf;
	size_t len;
	cr_assert_eq(util_read_file(&buf, &len, tp_arena, path), 0, "cannot read %s", path);
	size_t rows = 0, failed = 0;
	struct strbuf report = STRBUF_INIT;
	char *line = buf;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *next = nl ? nl + 1 : NULL;
		if (*line == '#' || !*line) {
			line = next;
			continue;
		}
		char *f[6];
		size_t nf = split(f, 6, line, '\t');
		cr_assert_eq(nf, 6, "bad row: %s", line);
		char *hcl_path = arena_printf(tp_arena, "%s/tests/vectors/realworld-hcl/%s", srcdir(), f[0]);
		char *hcl;
		size_t hlen;
		cr_assert_eq(util_read_file(&hcl, &hlen, tp_arena, hcl_path), 0, "cannot read %s", hcl_path);
		diags_init(&tp_diags, tp_arena);
		int r = tp_load(hcl, f[2], f[1], words(f[3]), words(f[4]));
		const char *got = tp_render(r, f[1]);
		const char *want = replace_dir(f[5]);
		rows++;
		if (strcmp(got, want) != 0) {
			failed++;
			strbuf_addf(&report, "\n%s %s --env %s:\n  want %s\n  got  %s", f[0], f[1], f[2],
				    want, got);
		}
		line = next;
	}
	cr_assert_gt(rows, 100);
	if (failed)
		cr_log_error("%zu of %zu rows differ:%s", failed, rows, report.buf);
	cr_expect_eq(failed, 0, "%zu of %zu real-world rows differ", failed, rows);
	strbuf_release(&report);
}
