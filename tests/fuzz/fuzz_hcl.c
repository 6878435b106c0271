/*
 * fuzz_hcl: libFuzzer target for the HCL engine.  Lexes and parses the
 * input as atlas.hcl, then evaluates every attribute (nested blocks
 * included) in a scope shaped like the project loader's (var, local,
 * atlas, each, type names and functions), and renders each value as
 * JSON.  Functions that touch the file system or print are left out so
 * that runs stay hermetic and fast.
 */
#include "config/internal.h"

#include <string.h>

static const char *const skipped[] = { "file", "fileset", "glob", "print", "getenv" };

static void eval_body(struct arena *a, const struct hcl_body *b, const struct hcl_scope *s,
		      struct diags *d, int depth)
{
	if (depth > 64)
		return;
	for (size_t i = 0; i < b->nattrs; i++) {
		struct hcl_value *v;
		if (hcl_eval(&v, a, b->attrs[i].expr, s, d) == 0) {
			struct strbuf sb = STRBUF_INIT;
			const char *err;
			(void)!hcl_value_json(&sb, v, 2, 0, &err);
			strbuf_release(&sb);
			const struct hcl_type *t = hcl_value_as_type(v);
			if (t)
				(void)hcl_type_expr_text(a, t);
		}
		(void)hcl_expr_refs_atlas_env(b->attrs[i].expr);
		struct hcl_ref *refs;
		(void)hcl_expr_refs(&refs, a, b->attrs[i].expr);
	}
	for (size_t i = 0; i < b->nblocks; i++)
		eval_body(a, b->blocks[i].body, s, d, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct hcl_body *body;
	if (hcl_parse(&body, a, "fuzz.hcl", (const char *)data, size, &d) == 0) {
		const struct hcl_funcs *std = hcl_funcs_std();
		const struct hcl_func **fns = arena_alloc(a, std->n * sizeof(*fns));
		size_t n = 0;
		for (size_t i = 0; i < std->n; i++) {
			bool skip = false;
			for (size_t k = 0; k < ARRAY_LEN(skipped); k++) {
				const struct hcl_func *f = std->fns[i];
				if (hcl_funcs_find(&(struct hcl_funcs){ 1, &f }, skipped[k]))
					skip = true;
			}
			if (!skip)
				fns[n++] = std->fns[i];
		}
		struct hcl_funcs table = { n, fns };
		struct hcl_host host = { .base_dir = "/nonexistent" };
		struct hcl_scope *base = hcl_scope_new(a, NULL);
		base->host = &host;
		base->funcs = &table;
		const char *ctx = "{\"var\": {\"s\": \"x\", \"n\": 1, \"l\": [\"a\", 2], \"m\": {\"k\": \"v\"}},"
				  " \"local\": {\"o\": {\"a\": [1, 2]}}, \"atlas\": {\"env\": \"prod\"},"
				  " \"each\": {\"key\": \"k\", \"value\": \"v\"}}";
		struct hcl_value *cv;
		const char *err;
		if (hcl_value_from_json(&cv, a, ctx, strlen(ctx), &err) == 0)
			for (size_t i = 0; i < cv->u.c.n; i++)
				hcl_scope_set(base, a, arena_strndup(a, cv->u.c.keys[i].p, cv->u.c.keys[i].len),
					      cv->u.c.items[i]);
		struct hcl_scope *types = hcl_scope_new(a, base);
		types->funcs = hcl_funcs_types();
		hcl_scope_add_type_names(types, a);
		eval_body(a, body, types, &d, 0);
	}
	/* render every diagnostic, as the CLI would */
	for (const struct diag *dg = d.head; dg; dg = dg->next)
		(void)diag_format(a, dg);
	arena_free(a);
	return 0;
}
