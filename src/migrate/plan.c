/*
 * The plan of `migrate apply` and `migrate status`: which directory files
 * are pending against the revision table (spec/migrate.md §4.5), the cut
 * by amount or --to-version (§4.2), and the duplicate-version refusal
 * (§1.5).  It works on plain arrays (struct plan_file / struct plan_rev)
 * so that it needs neither a database nor the file system: the caller
 * runs the clean check (§4.5.1) beforehand when there are no revisions and
 * records the baseline row the plan asks for.  Every version comparison
 * here is bytewise (strcmp), never numeric, like upstream.
 */
#include "exec.h"

#include "migrate.h"

/* Go's %q (strconv.Quote) of s, for upstream's messages. */
static const char *goq(struct diags *d, const char *s)
{
	return migrate_go_quote(d->arena, s, strlen(s));
}

int plan_order_parse(enum plan_order *out, const char *s, struct diags *d)
{
	if (!strcmp(s, "linear"))
		*out = PLAN_LINEAR;
	else if (!strcmp(s, "linear-skip"))
		*out = PLAN_LINEAR_SKIP;
	else if (!strcmp(s, "non-linear"))
		*out = PLAN_NON_LINEAR;
	else
		return diag_errorf(d, NULL, "unknown execution order: %s", goq(d, s));
	return 0;
}

long plan_find_version(const struct plan_file *files, size_t n, const char *version)
{
	for (size_t i = n; i > 0; i--)
		if (!strcmp(files[i - 1].version, version))
			return (long)(i - 1);
	return -1;
}

/* Appends index i to an arena array that was sized for the worst case. */
static void push(size_t *arr, size_t *n, size_t i)
{
	arr[(*n)++] = i;
}

/* The first index in [lo, hi) whose version is not below v (bytewise). */
static size_t revs_lower_bound(const struct plan_rev *revs, size_t lo, size_t hi, const char *v)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(revs[mid].version, v) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Lower-bound binary search of v over revs in their database order, the
 * way upstream looks revisions up (a non-bytewise collation can make it
 * miss a present version; that is upstream's behaviour too). */
static bool revs_contain(const struct plan_rev *revs, size_t n, const char *v)
{
	size_t lo = revs_lower_bound(revs, 0, n, v);
	return lo < n && !strcmp(revs[lo].version, v);
}

/* Whether the revisions' versions are strictly ascending bytewise, as
 * ORDER BY version gives under a bytewise collation (§1.4). */
static bool revs_sorted(const struct plan_rev *revs, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(revs[i - 1].version, revs[i].version) >= 0)
			return false;
	return true;
}

/*
 * revs_contain for strictly ascending revs, trying *hint first: the lower
 * bound of the version asked last, plus one when it was there, which is
 * where the next version is when the directory steps through the
 * revisions: two strcmp instead of log n (1000 files: 11,000 strcmp,
 * issue 9).  Any other version gets the plain binary search.
 */
static bool sorted_revs_contain(const struct plan_rev *revs, size_t n, size_t *hint,
				const char *v)
{
	size_t h = *hint, lo = 0;
	if (h <= n && (h == 0 || strcmp(revs[h - 1].version, v) < 0)) {
		if (h == n)
			return false;
		int c = strcmp(revs[h].version, v);
		if (c >= 0) {
			*hint = c == 0 ? h + 1 : h;
			return c == 0;
		}
		lo = h + 1;
	}
	lo = revs_lower_bound(revs, lo, n, v);
	bool found = lo < n && !strcmp(revs[lo].version, v);
	*hint = found ? lo + 1 : lo;
	return found;
}

bool plan_needs_header(const struct plan_rev *revs, size_t nrevs, const char *version)
{
	return nrevs == 0 || strcmp(version, revs[nrevs - 1].version) >= 0 ||
	       !revs_contain(revs, nrevs, version);
}

static int out_of_order_error(struct arena *a, const struct plan_input *in, const struct plan *p,
			      struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->nout_of_order; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, in->files[p->out_of_order[i]].name);
	}
	char *names = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	if (p->nout_of_order == 1)
		diag_errorf(d, NULL, "migration file %s was added out of order. "
			    "See: https://atlasgo.io/versioned/apply#non-linear-error", names);
	else
		diag_errorf(d, NULL, "migration files %s were added out of order. "
			    "See: https://atlasgo.io/versioned/apply#non-linear-error", names);
	return PLAN_OUT_OF_ORDER;
}

int plan_pending(struct plan *out, struct arena *a, const struct plan_input *in, struct diags *d)
{
	const struct plan_file *all = in->files;
	size_t nall = in->nfiles;
	/* M = ALL without checkpoint files, kept as indices into ALL. */
	size_t *m = arena_alloc(a, (nall + 1) * sizeof(*m));
	size_t nm = 0;
	for (size_t i = 0; i < nall; i++)
		if (!all[i].checkpoint)
			push(m, &nm, i);

	memset(out, 0, sizeof(*out));
	out->baseline = -1;
	out->pending = arena_alloc(a, (nall + 1) * sizeof(size_t));
	out->out_of_order = arena_alloc(a, (nall + 1) * sizeof(size_t));

	if (in->nrevs == 0) {
		bool baseline = in->baseline && *in->baseline;
		if (in->dirty_reason && !in->allow_dirty && !baseline)
			return diag_errorf(d, NULL, "sql/migrate: connected database is not clean: %s. "
					   "baseline version or allow-dirty is required", in->dirty_reason);
		if (baseline) {
			long b = -1;
			for (size_t k = nm; k > 0; k--) {
				if (!strcmp(all[m[k - 1]].version, in->baseline)) {
					b = (long)(k - 1);
					break;
				}
			}
			if (b < 0)
				return diag_errorf(d, NULL, "baseline version %s not found", goq(d, in->baseline));
			out->baseline = (long)m[b];
			for (size_t k = (size_t)b + 1; k < nm; k++)
				push(out->pending, &out->npending, m[k]);
			return 0;
		}
		size_t start = 0;
		for (size_t i = nall; i > 0; i--) {
			if (all[i - 1].checkpoint) {
				start = i - 1;
				break;
			}
		}
		for (size_t i = start; i < nall; i++)
			push(out->pending, &out->npending, i);
		return 0;
	}

	const struct plan_rev *last = &in->revs[in->nrevs - 1];
	bool partial = last->applied != last->total;
	if (partial && nall > 0) {
		/* A partially applied checkpoint: it and every later
		 * non-checkpoint file are pending. */
		size_t lo = 0, hi = nall;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(all[mid].version, last->version) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nall && !strcmp(all[lo].version, last->version) && all[lo].checkpoint) {
			push(out->pending, &out->npending, lo);
			for (size_t i = lo; i < nall; i++)
				if (!all[i].checkpoint)
					push(out->pending, &out->npending, i);
			return 0;
		}
	}
	if (nm == 0)
		return 0;

	long idx = -1;
	for (size_t k = nm; k > 0; k--) {
		int c = strcmp(all[m[k - 1]].version, last->version);
		if (partial ? c == 0 : c <= 0) {
			idx = (long)(k - 1);
			break;
		}
	}
	if (idx < 0) {
		if (partial)
			return diag_errorf(d, NULL, "sql/migrate: missing migration: revision %s "
					   "is partially applied but migration file was not found",
					   goq(d, arena_printf(a, "%s_%s.sql", last->version,
							       last->description)));
		for (size_t k = 0; k < nm; k++)
			push(out->pending, &out->npending, m[k]);
		return 0;
	}
	if (!partial)
		idx++;
	size_t *tail = arena_alloc(a, (nall + 1) * sizeof(size_t));
	size_t ntail = 0;
	for (size_t k = (size_t)idx; k < nm; k++)
		push(tail, &ntail, m[k]);

	if (in->order != PLAN_LINEAR_SKIP) {
		long first = -1;
		for (size_t k = 0; k < (size_t)idx; k++) {
			if (strcmp(all[m[k]].version, in->revs[0].version) >= 0) {
				first = (long)k;
				break;
			}
		}
		if (first >= 0) {
			/* Bytewise-sorted revisions (the usual collation) are
			 * searched from where the last version was; otherwise
			 * upstream's plain search, misses and all. */
			bool sorted = revs_sorted(in->revs, in->nrevs);
			size_t hint = 0;
			for (size_t k = (size_t)first; k < (size_t)idx; k++) {
				const char *v = all[m[k]].version;
				bool found = sorted ? sorted_revs_contain(in->revs, in->nrevs, &hint, v)
						    : revs_contain(in->revs, in->nrevs, v);
				if (!found)
					push(out->out_of_order, &out->nout_of_order, m[k]);
			}
		}
	}
	if (out->nout_of_order > 0 && in->order == PLAN_NON_LINEAR) {
		for (size_t k = 0; k < out->nout_of_order; k++)
			push(out->pending, &out->npending, out->out_of_order[k]);
	}
	for (size_t k = 0; k < ntail; k++)
		push(out->pending, &out->npending, tail[k]);
	if (out->nout_of_order > 0 && in->order == PLAN_LINEAR)
		return out_of_order_error(a, in, out, d);
	if (in->order == PLAN_NON_LINEAR)
		out->nout_of_order = 0;
	return 0;
}

void plan_cut_amount(struct plan *p, size_t n)
{
	if (n > 0 && n < p->npending)
		p->npending = n;
}

int plan_to_version(struct plan *out, struct arena *a, const struct plan_input *in,
		    const char *version, struct diags *d)
{
	long idx = plan_find_version(in->files, in->nfiles, version);
	if (idx < 0) {
		long hint = -1;
		size_t vl = strlen(version);
		for (size_t i = in->nfiles; i > 0 && *version; i--) {
			const char *fv = in->files[i - 1].version;
			size_t fl = strlen(fv);
			if (strstr(version, fv) || (strstr(fv, version) && fl > vl + 1)) {
				hint = (long)(i - 1);
				break;
			}
		}
		if (hint >= 0)
			return diag_errorf(d, NULL, "sql/migrate: migration with version %s not found. "
					   "Did you mean %s?", goq(d, version), goq(d, in->files[hint].version));
		return diag_errorf(d, NULL, "sql/migrate: migration with version %s not found",
				   goq(d, version));
	}
	bool checkpoint_after = false;
	for (size_t i = (size_t)idx + 1; i < in->nfiles; i++)
		if (in->files[i].checkpoint)
			checkpoint_after = true;
	if (checkpoint_after) {
		struct plan_input cut = *in;
		cut.nfiles = (size_t)idx + 1;
		return plan_pending(out, a, &cut, d);
	}
	int rc = plan_pending(out, a, in, d);
	if (rc < 0)
		return rc;
	for (size_t k = out->npending; k > 0; k--) {
		if (!strcmp(in->files[out->pending[k - 1]].version, version)) {
			out->npending = k;
			return 0;
		}
	}
	return diag_errorf(d, NULL, "sql/migrate: migration with version %s not found", goq(d, version));
}

struct ver_ref {
	const char *version;
	size_t idx;
};

static int ver_ref_cmp(const void *x, const void *y)
{
	const struct ver_ref *a = x, *b = y;
	int c = strcmp(a->version, b->version);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

int plan_check_duplicates(struct arena *a, const struct plan_file *files, size_t n,
			  struct diags *d)
{
	if (n < 2)
		return 0;
	/* The listing is sorted by name (§1.4), so an atlas directory's
	 * versions usually ascend already: then no two are equal and there
	 * is nothing to sort (1000 files: 0.46 M instructions of qsort). */
	size_t asc = 1;
	while (asc < n && strcmp(files[asc - 1].version, files[asc].version) < 0)
		asc++;
	if (asc == n)
		return 0;
	struct ver_ref *refs = arena_alloc(a, n * sizeof(*refs));
	for (size_t i = 0; i < n; i++)
		refs[i] = (struct ver_ref){ files[i].version, i };
	qsort(refs, n, sizeof(*refs), ver_ref_cmp);
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(refs[i - 1].version, refs[i].version))
			return diag_errorf(d, NULL, "sql/migrate: migration files %s and %s have the "
					   "same version \"%s\"; rename one of them",
					   files[refs[i - 1].idx].name, files[refs[i].idx].name,
					   refs[i].version);
	}
	return 0;
}
