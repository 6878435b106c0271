/*
 * Differential vectors, replayed without Go: every hclref vector
 * (tests/vectors/hclref, from HashiCorp's HCL) and every generated
 * expression case (tests/vectors/hclgen/cases.txt, outputs recorded from
 * hclref by tests/tools/hcldiff.sh) must evaluate to the same JSON or the
 * same diagnostics, byte for byte.
 */
#include "hcl_test.h"
#include "tests/tools/hcljson.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *srcdir(void)
{
	const char *s = getenv("ATLAS_SRCDIR");
	return s && *s ? s : ".";
}

static char *slurp(struct arena *a, const char *path, size_t *len)
{
	char *buf;
	if (util_read_file(&buf, len, a, path) < 0)
		return NULL;
	return buf;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

Test(hcl_vectors, hclref_vectors)
{
	struct arena *a = arena_new();
	char *dir = arena_printf(a, "%s/tests/vectors/hclref", srcdir());
	char absdir[4096];
	cr_assert_not_null(realpath(dir, absdir), "%s: %s", dir, strerror(errno));
	DIR *d = opendir(absdir);
	cr_assert_not_null(d);
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < ARRAY_LEN(names)) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".hcl") == 0)
			names[n++] = arena_strndup(a, de->d_name, l - 4);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	cr_assert_geq(n, 15, "vectors missing");
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len, clen, elen;
		char *file = arena_printf(a, "%s.hcl", names[i]);
		char *src = slurp(a, arena_printf(a, "%s/%s", absdir, file), &len);
		char *ctx = slurp(a, arena_printf(a, "%s/%s.ctx.json", absdir, names[i]), &clen);
		cr_assert_not_null(src);
		char *want_out = slurp(a, arena_printf(a, "%s/%s.out.json", absdir, names[i]), &elen);
		char *want_err = want_out ? NULL : slurp(a, arena_printf(a, "%s/%s.err.txt", absdir, names[i]), &elen);
		cr_assert(want_out || want_err, "%s: no expected output", names[i]);
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		int rc = hcljson_eval(&out, &err, a, file, src, len, ctx, clen, absdir);
		const char *got = rc == 0 ? out.buf : err.buf;
		const char *want = want_out ? want_out : want_err;
		if ((rc == 0) != (want_out != NULL) || strcmp(got, want) != 0) {
			cr_log_error("vector %s differs:\n--- want\n%s--- got (rc %d)\n%s", names[i], want, rc, got);
			failed++;
		}
		strbuf_release(&out);
		strbuf_release(&err);
	}
	cr_assert_eq(failed, 0, "%zu of %zu hclref vectors differ", failed, n);
	arena_free(a);
}

/*
 * A cases.txt file: records of "=== NAME [BYTES]", the HCL source, a line
 * "--- out" or "--- err", then the expected text up to the next record.
 * With BYTES the source is exactly that many bytes followed by a newline
 * (for files that do not end in one); without, it runs to the separator.
 */
static void replay(const char *folder, size_t min_cases, const char *base)
{
	struct arena *a = arena_new();
	char *dir = arena_printf(a, "%s/tests/vectors/%s", srcdir(), folder);
	size_t len, clen;
	char *all = slurp(a, arena_printf(a, "%s/cases.txt", dir), &len);
	cr_assert_not_null(all, "%s/cases.txt missing", dir);
	char *ctx = slurp(a, arena_printf(a, "%s/ctx.json", dir), &clen);
	cr_assert_not_null(ctx);
	size_t ncases = 0, failed = 0;
	char *p = all, *end = all + len;
	while (p < end) {
		cr_assert(strncmp(p, "=== ", 4) == 0, "bad record at offset %zu", (size_t)(p - all));
		char *nl = memchr(p, '\n', (size_t)(end - p));
		cr_assert_not_null(nl);
		char *name = arena_strndup(a, p + 4, (size_t)(nl - p - 4));
		char *src = nl + 1, *sep;
		size_t srclen;
		char *sp = strrchr(name, ' ');
		if (sp && sp[1] >= '0' && sp[1] <= '9') {
			srclen = strtoul(sp + 1, NULL, 10);
			*sp = 0;
			cr_assert_leq(srclen, (size_t)(end - src));
			sep = src + srclen;
			cr_assert(strncmp(sep, "\n--- ", 5) == 0, "%s: bad length", name);
		} else {
			sep = strstr(src, "\n--- ");
			cr_assert_not_null(sep, "%s: no expected section", name);
			srclen = (size_t)(sep - src) + 1;
		}
		bool want_ok = strncmp(sep + 5, "out\n", 4) == 0;
		char *want = sep + 5 + 4;
		char *next = strstr(want, "\n=== ");
		size_t wl = next ? (size_t)(next - want) + 1 : (size_t)(end - want);
		char *w = arena_strndup(a, want, wl);
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		int rc = hcljson_eval(&out, &err, a, "case.hcl", src, srclen, ctx, clen, base ? base : dir);
		const char *got = rc == 0 ? out.buf : err.buf;
		if ((rc == 0) != want_ok || strcmp(got, w) != 0) {
			if (failed < 20)
				cr_log_error("case %s differs:\n%.*s--- want\n%s--- got\n%s", name, (int)srclen, src, w, got);
			failed++;
		}
		strbuf_release(&out);
		strbuf_release(&err);
		ncases++;
		p = next ? next + 1 : end;
	}
	cr_log_info("%zu %s cases replayed", ncases, folder);
	cr_assert_geq(ncases, min_cases, "expected at least %zu cases, got %zu", min_cases, ncases);
	cr_assert_eq(failed, 0, "%zu of %zu %s cases differ from hclref", failed, ncases, folder);
	arena_free(a);
}

Test(hcl_vectors, generated_expressions)
{
	replay("hclgen", 9000, NULL);
}

Test(hcl_vectors, damaged_expressions)
{
	replay("hclmut", 5000, NULL);
}

Test(hcl_vectors, edge_cases)
{
	replay("hclextra", 26, "/tmp/hclextra");
}

Test(hcl_vectors, realworld_project_files)
{
	/* recorded with the files in /tmp/hclrw: file() errors name that path */
	replay("hclrw", 69, "/tmp/hclrw");
}
