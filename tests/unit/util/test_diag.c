#include <criterion/criterion.h>

#include <stdio.h>

#include "util/util.h"

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }
TestSuite(diag, .init = setup, .fini = teardown);

static char *render(const struct diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_print(f, d);
	fclose(f);
	char *out = arena_strdup(a, buf);
	free(buf);
	return out;
}

Test(diag, single_line_span_like_hcl)
{
	struct diags d;
	diags_init(&d, a);
	struct span sp = { "atlas.hcl", { 7, 3, 40 }, { 7, 8, 45 } };
	int r = diag_error_detail(&d, &sp, "Unsupported argument",
				  "An argument named \"%s\" is not expected here.", "urll");
	cr_assert_eq(r, -1);
	cr_assert_str_eq(render(&d),
			 "Error: atlas.hcl:7,3-8: Unsupported argument; An argument named \"urll\" is not expected here.\n");
}

Test(diag, multi_line_span_and_count)
{
	struct diags d;
	diags_init(&d, a);
	struct span sp = { "x.hcl", { 2, 1, 0 }, { 4, 2, 0 } };
	diag_errorf(&d, &sp, "first");
	diag_errorf(&d, NULL, "second");
	diag_errorf(&d, NULL, "third");
	cr_assert_str_eq(render(&d), "Error: x.hcl:2,1-4,2: first, and 2 other diagnostic(s)\n");
	cr_assert(diags_has_errors(&d));
}

Test(diag, plain_message_and_prefix)
{
	struct diags d;
	diags_init(&d, a);
	diag_warnf(&d, NULL, "careful");
	struct diag *mark = d.tail;
	diag_errorf(&d, NULL, "stat migrations: no such file or directory");
	diag_prefix_since(&d, mark, "sql/migrate");
	cr_assert_str_eq(render(&d),
			 "Warning: careful\nError: sql/migrate: stat migrations: no such file or directory\n");
}

Test(diag, no_errors_prints_nothing)
{
	struct diags d;
	diags_init(&d, a);
	cr_assert_str_eq(render(&d), "");
	cr_assert(!diags_has_errors(&d));
}
