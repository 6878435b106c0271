/*
 * Pending computation (spec/migrate.md §4.5), amount and --to-version
 * (§4.2), mirroring upstream's TestExecutor_ExecOrderLinear and
 * TestExecutor_Baseline cases.
 */
#include <criterion/criterion.h>

#include "migrate/exec.h"

static struct arena *a;
static struct diags d;
static void setup(void)
{
	a = arena_new();
	diags_init(&d, a);
}
static void teardown(void) { arena_free(a); }

TestSuite(plan, .init = setup, .fini = teardown);

/* Files from names like "1.sql", "2_checkpoint.sql" ("*checkpoint*" in
 * the name marks a checkpoint file for these tests). */
static struct plan_file *mkfiles(const char *const *names, size_t n)
{
	struct plan_file *f = arena_alloc(a, (n + 1) * sizeof(*f));
	for (size_t i = 0; i < n; i++) {
		const char *nm = names[i];
		size_t l = strlen(nm) - 4;
		const char *us = memchr(nm, '_', l);
		f[i].name = nm;
		f[i].version = arena_strndup(a, nm, us ? (size_t)(us - nm) : l);
		f[i].desc = us ? arena_strndup(a, us + 1, l - (size_t)(us + 1 - nm)) : "";
		f[i].checkpoint = strstr(nm, "checkpoint") != NULL;
	}
	return f;
}

static struct plan_rev *mkrevs(const char *const *versions, size_t n)
{
	struct plan_rev *r = arena_alloc(a, (n + 1) * sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i] = (struct plan_rev){ .version = versions[i], .description = "" };
	return r;
}

/* The pending names joined with spaces. */
static char *names(const struct plan_input *in, const struct plan *p)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->npending; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, in->files[p->pending[i]].name);
	}
	char *s = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return s;
}

#define FILES(...) (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)

static struct plan_input input(const char *const *fn, size_t nf, const char *const *rv, size_t nr)
{
	struct plan_input in = { 0 };
	in.files = mkfiles(fn, nf);
	in.nfiles = nf;
	in.revs = mkrevs(rv, nr);
	in.nrevs = nr;
	return in;
}

static const char *const revs123[] = { "1", "2", "3" };

static const char *err_text(void)
{
	cr_assert(d.head);
	return d.head->summary;
}

Test(plan, linear)
{
	struct plan p;
	struct plan_input in = input(NULL, 0, revs123, 3);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.npending, 0);

	in = input(FILES("1.sql", "2.sql", "3.sql"), revs123, 3);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.npending, 0);

	in = input(FILES("1.sql", "2.sql", "2.5.sql", "3.sql"), revs123, 3);
	cr_assert_eq(plan_pending(&p, a, &in, &d), PLAN_OUT_OF_ORDER);
	cr_assert_str_eq(err_text(), "migration file 2.5.sql was added out of order. "
			 "See: https://atlasgo.io/versioned/apply#non-linear-error");
	cr_assert_eq(p.nout_of_order, 1);
}

Test(plan, linear_many)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql", "2.5.sql", "2.6.sql", "3.sql", "4.sql"),
				     revs123, 3);
	cr_assert_eq(plan_pending(&p, a, &in, &d), PLAN_OUT_OF_ORDER);
	cr_assert_str_eq(err_text(), "migration files 2.5.sql, 2.6.sql were added out of order. "
			 "See: https://atlasgo.io/versioned/apply#non-linear-error");
	/* status shows the still-pending tail */
	cr_assert_str_eq(names(&in, &p), "4.sql");
}

Test(plan, checkpoint_first_revision)
{
	struct plan p;
	static const char *const r23[] = { "2", "3" };
	struct plan_input in = input(FILES("1.sql", "2_checkpoint.sql", "3.sql"), r23, 2);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.npending, 0);

	in = input(FILES("1.sql", "2_checkpoint.sql", "2.5.sql", "3.sql"), r23, 2);
	cr_assert_eq(plan_pending(&p, a, &in, &d), PLAN_OUT_OF_ORDER);
	cr_assert_str_eq(err_text(), "migration file 2.5.sql was added out of order. "
			 "See: https://atlasgo.io/versioned/apply#non-linear-error");
}

Test(plan, linear_skip)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql", "2.5.sql", "2.6.sql", "3.sql"), revs123, 3);
	in.order = PLAN_LINEAR_SKIP;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.npending, 0);
	in = input(FILES("1.sql", "2.5.sql", "3.sql", "4.sql"), revs123, 3);
	in.order = PLAN_LINEAR_SKIP;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "4.sql");
}

Test(plan, non_linear)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql", "2.5.sql", "3.sql"), revs123, 3);
	in.order = PLAN_NON_LINEAR;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "2.5.sql");

	in = input(FILES("1.sql", "2.sql", "2.5.sql", "2.6.sql", "3.sql", "4.sql"), revs123, 3);
	in.order = PLAN_NON_LINEAR;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "2.5.sql 2.6.sql 4.sql");
}

Test(plan, older_than_first_revision_never_considered)
{
	struct plan p;
	static const char *const r23[] = { "2", "3" };
	struct plan_input in = input(FILES("1.sql", "2.sql", "3.sql", "4.sql"), r23, 2);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "4.sql");
}

Test(plan, versions_compare_bytewise)
{
	struct plan p;
	static const char *const r[] = { "9" };
	/* "10" < "9" bytewise: 10_b.sql counts as applied before 9 */
	struct plan_input in = input(FILES("10_b.sql", "11_c.sql", "9_a.sql"), r, 1);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.npending, 0);
}

Test(plan, first_run_clean_and_dirty)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql"), NULL, 0);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "1.sql 2.sql");
	cr_assert_eq(p.baseline, -1);

	in.dirty_reason = "found table \"t\" in schema \"public\"";
	cr_assert_eq(plan_pending(&p, a, &in, &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: connected database is not clean: found table \"t\" "
			 "in schema \"public\". baseline version or allow-dirty is required");
	in.allow_dirty = true;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.npending, 2);
}

Test(plan, dirty_empty_directory_still_fails)
{
	struct plan p;
	struct plan_input in = input(NULL, 0, NULL, 0);
	in.dirty_reason = "found schema \"x\"";
	cr_assert_eq(plan_pending(&p, a, &in, &d), -1);
}

Test(plan, baseline)
{
	struct plan p;
	struct plan_input in = input(FILES("1.a_sub.up.sql", "2.10.x-20_description.sql", "3_partly.sql"),
				     NULL, 0);
	in.dirty_reason = "found table";
	in.baseline = "2.10.x-20";
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.baseline, 1);
	cr_assert_str_eq(in.files[p.baseline].desc, "description");
	cr_assert_str_eq(names(&in, &p), "3_partly.sql");

	in.baseline = "3";
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_eq(p.baseline, 2);
	cr_assert_eq(p.npending, 0);

	in.baseline = "7";
	cr_assert_eq(plan_pending(&p, a, &in, &d), -1);
	cr_assert_str_eq(err_text(), "baseline version \"7\" not found");
}

Test(plan, first_run_starts_at_last_checkpoint)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2_checkpoint.sql", "3.sql", "4_checkpoint.sql",
					   "5.sql"), NULL, 0);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "4_checkpoint.sql 5.sql");
	/* with a baseline, checkpoints are excluded */
	in.baseline = "1";
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "3.sql 5.sql");
}

Test(plan, partial_last_revision_is_pending_again)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql", "3.sql"), revs123 , 2);
	struct plan_rev *r = (struct plan_rev *)in.revs;
	r[1].applied = 1;
	r[1].total = 3;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "2.sql 3.sql");
}

Test(plan, partial_missing_file)
{
	struct plan p;
	static const char *const r[] = { "1", "5" };
	struct plan_input in = input(FILES("1.sql", "2.sql"), r, 2);
	struct plan_rev *rv = (struct plan_rev *)in.revs;
	rv[1].applied = 1;
	rv[1].total = 2;
	rv[1].description = "gone";
	cr_assert_eq(plan_pending(&p, a, &in, &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: missing migration: revision \"5_gone.sql\" is "
			 "partially applied but migration file was not found");
}

Test(plan, partial_checkpoint)
{
	struct plan p;
	static const char *const r[] = { "2" };
	struct plan_input in = input(FILES("1.sql", "2_checkpoint.sql", "3.sql", "4.sql"), r, 1);
	struct plan_rev *rv = (struct plan_rev *)in.revs;
	rv[0].applied = 1;
	rv[0].total = 4;
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "2_checkpoint.sql 3.sql 4.sql");
}

Test(plan, all_files_newer_than_revisions)
{
	struct plan p;
	static const char *const r[] = { "0" };
	struct plan_input in = input(FILES("1.sql", "2.sql"), r, 1);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	cr_assert_str_eq(names(&in, &p), "1.sql 2.sql");
}

Test(plan, amount)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql", "3.sql"), NULL, 0);
	cr_assert_eq(plan_pending(&p, a, &in, &d), 0);
	plan_cut_amount(&p, 2);
	cr_assert_str_eq(names(&in, &p), "1.sql 2.sql");
	plan_cut_amount(&p, 10);
	cr_assert_eq(p.npending, 2);
}

Test(plan, to_version)
{
	struct plan p;
	static const char *const r[] = { "1" };
	struct plan_input in = input(FILES("1.sql", "2.sql", "3.sql", "20.sql"), r, 1);
	cr_assert_eq(plan_to_version(&p, a, &in, "3", &d), 0);
	cr_assert_str_eq(names(&in, &p), "2.sql 3.sql");

	cr_assert_eq(plan_to_version(&p, a, &in, "1", &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration with version \"1\" not found");
}

Test(plan, to_version_hints)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "20240101.sql", "3.sql"), NULL, 0);
	cr_assert_eq(plan_to_version(&p, a, &in, "2024", &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration with version \"2024\" not found. "
			 "Did you mean \"20240101\"?");
	diags_init(&d, a);
	/* V contains W ("3" in "33") */
	cr_assert_eq(plan_to_version(&p, a, &in, "33", &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration with version \"33\" not found. "
			 "Did you mean \"3\"?");
	diags_init(&d, a);
	cr_assert_eq(plan_to_version(&p, a, &in, "", &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration with version \"\" not found");
}

Test(plan, to_version_before_checkpoint)
{
	struct plan p;
	struct plan_input in = input(FILES("1.sql", "2.sql", "3_checkpoint.sql", "4.sql"), NULL, 0);
	cr_assert_eq(plan_to_version(&p, a, &in, "2", &d), 0);
	cr_assert_str_eq(names(&in, &p), "1.sql 2.sql");
}

Test(plan, exec_order_parse)
{
	enum plan_order o;
	cr_assert_eq(plan_order_parse(&o, "linear-skip", &d), 0);
	cr_assert_eq(o, PLAN_LINEAR_SKIP);
	cr_assert_eq(plan_order_parse(&o, "non-linear", &d), 0);
	cr_assert_eq(o, PLAN_NON_LINEAR);
	cr_assert_eq(plan_order_parse(&o, "LINEAR", &d), -1);
	cr_assert_str_eq(err_text(), "unknown execution order: \"LINEAR\"");
}

Test(plan, duplicate_versions)
{
	const char *const n1[] = { "1_a.sql", "1.5_x.sql", "1.sql" };
	struct plan_file *f = mkfiles(n1, 3);
	cr_assert_eq(plan_check_duplicates(a, f, 3, &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration files 1_a.sql and 1.sql have the same "
			 "version \"1\"; rename one of them");
	diags_init(&d, a);
	const char *const n2[] = { "1_a.sql", "2_b.sql" };
	cr_assert_eq(plan_check_duplicates(a, mkfiles(n2, 2), 2, &d), 0);
}

Test(plan, duplicate_versions_sorted_listing)
{
	/* ascending versions: nothing to report; an equal neighbour or one
	 * further away: the same error as before */
	const char *const n1[] = { "1_a.sql", "2_b.sql", "3_c.sql", "4_d.sql" };
	cr_assert_eq(plan_check_duplicates(a, mkfiles(n1, 4), 4, &d), 0);
	const char *const n2[] = { "1_a.sql", "2_b.sql", "3_c.sql", "3_d.sql" };
	cr_assert_eq(plan_check_duplicates(a, mkfiles(n2, 4), 4, &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration files 3_c.sql and 3_d.sql have the same "
			 "version \"3\"; rename one of them");
	diags_init(&d, a);
	const char *const n3[] = { "1.sql", "10_x.sql", "1_a.sql" };
	cr_assert_eq(plan_check_duplicates(a, mkfiles(n3, 3), 3, &d), -1);
	cr_assert_str_eq(err_text(), "sql/migrate: migration files 1.sql and 1_a.sql have the same "
			 "version \"1\"; rename one of them");
}

/* Out-of-order detection with sorted revisions searched from the last
 * position: versions that do not ascend in name order (1.5 < 10 > 1),
 * and many files with gaps, give what a plain search gives. */
Test(plan, out_of_order_sorted_revisions)
{
	struct plan p;
	const char *const rv[] = { "1", "10", "2", "3" };
	struct plan_input in = input(FILES("1.5_a.sql", "10_b.sql", "1_c.sql", "2_d.sql",
					   "3_e.sql"), rv, 4);
	cr_assert_eq(plan_pending(&p, a, &in, &d), PLAN_OUT_OF_ORDER);
	cr_assert_str_eq(err_text(), "migration file 1.5_a.sql was added out of order. "
			 "See: https://atlasgo.io/versioned/apply#non-linear-error");
	cr_assert_eq(p.nout_of_order, 1);

	enum { N = 300 };
	const char **fn = arena_alloc(a, N * sizeof(*fn));
	const char **vs = arena_alloc(a, N * sizeof(*vs));
	size_t nr = 0;
	for (size_t i = 0; i < N; i++) {
		fn[i] = arena_printf(a, "%04zu.sql", i + 1);
		/* revisions for all but every 7th and a run of 40; the
		 * last file (i = 299) has one */
		if (i % 7 != 3 && (i < 100 || i >= 140))
			vs[nr++] = arena_printf(a, "%04zu", i + 1);
	}
	diags_init(&d, a);
	in = input(fn, N, vs, nr);
	cr_assert_eq(plan_pending(&p, a, &in, &d), PLAN_OUT_OF_ORDER);
	size_t k = 0;
	for (size_t i = 0; i < N; i++) {
		if (i % 7 != 3 && (i < 100 || i >= 140))
			continue;
		cr_assert_lt(k, p.nout_of_order);
		cr_assert_str_eq(in.files[p.out_of_order[k]].name, fn[i]);
		k++;
	}
	cr_assert_eq(k, p.nout_of_order);
	/* the last file is the last revision: nothing pending after it */
	cr_assert_eq(p.npending, 0);
}
