/* Helpers for the HCL unit tests (see hcl_test.h). */
#include "hcl_test.h"

#include <string.h>

void hcl_t_init(struct hcl_t *t, const char *vars_json)
{
	memset(t, 0, sizeof(*t));
	t->a = arena_new();
	diags_init(&t->d, t->a);
	t->host.base_dir = "/nonexistent-base";
	t->scope = hcl_scope_new(t->a, NULL);
	t->scope->host = &t->host;
	t->scope->funcs = hcl_funcs_std();
	if (vars_json) {
		struct hcl_value *v;
		const char *err;
		cr_assert_eq(hcl_value_from_json(&v, t->a, vars_json, strlen(vars_json), &err), 0,
			     "bad test JSON: %s", err);
		for (size_t i = 0; i < v->u.c.n; i++)
			hcl_scope_set(t->scope, t->a, arena_strndup(t->a, v->u.c.keys[i].p, v->u.c.keys[i].len),
				      v->u.c.items[i]);
	}
}

void hcl_t_fini(struct hcl_t *t)
{
	arena_free(t->a);
}

struct hcl_value *hcl_t_eval(struct hcl_t *t, const char *expr)
{
	struct hcl_expr *e;
	diags_init(&t->d, t->a);
	if (hcl_parse_expr(&e, t->a, "t.hcl", expr, strlen(expr), &t->d) < 0)
		return NULL;
	struct hcl_value *v;
	if (hcl_eval(&v, t->a, e, t->scope, &t->d) < 0)
		return NULL;
	return v;
}

const char *hcl_t_json(struct hcl_t *t, const struct hcl_value *v)
{
	struct strbuf sb = STRBUF_INIT;
	const char *err;
	if (hcl_value_json(&sb, v, 0, 0, &err) < 0) {
		strbuf_release(&sb);
		return arena_printf(t->a, "JSONERR: %s", err);
	}
	char *r = strbuf_arena(&sb, t->a);
	strbuf_release(&sb);
	return r;
}

const char *hcl_t_first(struct hcl_t *t)
{
	if (!t->d.head)
		return "";
	return diag_format(t->a, t->d.head);
}

const char *hcl_t_run(struct hcl_t *t, const char *expr)
{
	struct hcl_value *v = hcl_t_eval(t, expr);
	if (!v)
		return arena_printf(t->a, "ERR: %s", hcl_t_first(t));
	return hcl_t_json(t, v);
}
