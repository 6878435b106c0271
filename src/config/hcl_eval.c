/*
 * hcl_eval: evaluates HCL expressions in a scope, with hclsyntax's
 * semantics and diagnostics: traversals, indexing, splats, for
 * expressions, templates, conditionals (both branches evaluated, only the
 * chosen one's errors kept), operators via cty conversions, and function
 * calls (argument conversion and arity checks here; the functions
 * themselves are in hcl_funcs.c).
 *
 * An expression that fails yields an "unknown" value (dynamic type, not
 * null) so that enclosing expressions stay quiet, as cty's DynamicVal
 * does; hcl_eval() returns -1 whenever the evaluation added an error.
 * Recursion depth is bounded by HCL_MAX_DEPTH (operator chains can nest
 * deeper than the parser's term depth).  Also here: the syntactic
 * analyses project.c needs (`atlas.env` references, variable references).
 */
#include "config/internal.h"

#include <string.h>

struct ev {
	struct arena *a;
	struct diags *d;
	int depth;
	bool too_deep;
	struct hcl_value *anon; /* current splat item */
};

static struct hcl_value *unknown(struct ev *e)
{
	struct hcl_value *v = arena_alloc(e->a, sizeof(*v));
	v->type = &hcl_type_dynamic;
	return v;
}

static bool is_unknown(const struct hcl_value *v)
{
	return v->type->kind == HCL_T_DYNAMIC && !v->null;
}

bool hcl_value_is_unknown(const struct hcl_value *v)
{
	return v->type->kind == HCL_T_DYNAMIC && !v->null;
}

static struct hcl_value *eval(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s);

/* Evaluates into a private diagnostics list (for conditionals). */
static struct hcl_value *eval_into(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s,
				   struct diags *into)
{
	struct diags *saved = e->d;
	e->d = into;
	struct hcl_value *v = eval(e, x, s);
	e->d = saved;
	return v;
}

static void diags_move(struct diags *dst, const struct diags *src)
{
	for (const struct diag *dg = src->head; dg; dg = dg->next) {
		if (dg->severity == DIAG_ERROR)
			diag_error_detail(dst, &dg->span, dg->summary, "%s", dg->detail ? dg->detail : "");
		else
			diag_warnf(dst, &dg->span, "%s", dg->summary);
	}
}

/* HCL's StartRange(). */
static struct span start_range(const struct hcl_expr *x)
{
	struct span sp = x->span;
	switch (x->kind) {
	case HCL_EXPR_CALL:
		sp = x->u.call.name_span;
		sp.end = x->u.call.open.end;
		return sp;
	case HCL_EXPR_COND:
		return start_range(x->u.cond.c);
	case HCL_EXPR_INDEX:
		sp = x->u.index.bracket;
		sp.end = sp.start;
		sp.end.col++;
		sp.end.off++;
		return sp;
	case HCL_EXPR_TUPLE:
	case HCL_EXPR_OBJECT:
		sp.end = sp.start;
		sp.end.col++;
		sp.end.off++;
		return sp;
	case HCL_EXPR_OBJKEY:
		return start_range(x->u.objkey.wrapped);
	case HCL_EXPR_FOR:
		return x->u.forx.open;
	case HCL_EXPR_SPLAT:
		return x->u.splat.marker;
	case HCL_EXPR_BINARY:
		return start_range(x->u.bin.l);
	case HCL_EXPR_UNARY:
		sp.end = sp.start;
		sp.end.col++;
		sp.end.off++;
		return sp;
	case HCL_EXPR_TEMPLATE:
		return x->u.tmpl.n ? start_range(x->u.tmpl.parts[0]) : sp;
	case HCL_EXPR_TEMPLATE_JOIN:
		return start_range(x->u.wrap);
	case HCL_EXPR_PAREN:
		return start_range(x->u.wrap);
	default:
		return sp;
	}
}

/* ---- scope ---- */

struct hcl_scope *hcl_scope_new(struct arena *a, const struct hcl_scope *parent)
{
	struct hcl_scope *s = arena_alloc(a, sizeof(*s));
	s->parent = parent;
	return s;
}

void hcl_scope_set(struct hcl_scope *s, struct arena *a, const char *name, struct hcl_value *v)
{
	for (size_t i = 0; i < s->nvars; i++) {
		if (strcmp(s->names[i], name) == 0) {
			s->values[i] = v;
			return;
		}
	}
	if (s->nvars == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 8;
		s->names = arena_realloc(a, s->names, s->cap * sizeof(*s->names), nc * sizeof(*s->names));
		s->values = arena_realloc(a, s->values, s->cap * sizeof(*s->values), nc * sizeof(*s->values));
		s->cap = nc;
	}
	s->names[s->nvars] = arena_strdup(a, name);
	s->values[s->nvars] = v;
	s->nvars++;
}

void hcl_scope_add_type_names(struct hcl_scope *s, struct arena *a)
{
	hcl_scope_set(s, a, "string", hcl_value_typeval(a, &hcl_type_string));
	hcl_scope_set(s, a, "number", hcl_value_typeval(a, &hcl_type_number));
	hcl_scope_set(s, a, "bool", hcl_value_typeval(a, &hcl_type_bool));
	hcl_scope_set(s, a, "int", hcl_value_typeval(a, &hcl_type_number));
}

static struct hcl_value *scope_lookup(const struct hcl_scope *s, struct str name, bool *any_vars)
{
	for (; s; s = s->parent) {
		/* every level is a (possibly empty) variable table, so an unknown
		 * name is "Unknown variable", as with HCL's non-nil maps */
		*any_vars = true;
		for (size_t i = s->nvars; i-- > 0;) {
			if (strlen(s->names[i]) == name.len && memcmp(s->names[i], name.p, name.len) == 0)
				return s->values[i];
		}
	}
	return NULL;
}

const struct hcl_host *hcl_scope_host(const struct hcl_scope *s)
{
	for (; s; s = s->parent)
		if (s->host)
			return s->host;
	return NULL;
}

/* ---- name suggestions ---- */

static size_t levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 1000;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t m = prev + cost;
			if (row[j] + 1 < m)
				m = row[j] + 1;
			if (row[j - 1] + 1 < m)
				m = row[j - 1] + 1;
			row[j] = m;
			prev = cur;
		}
	}
	return row[lb];
}

const char *hcl_suggest(const char *name, const char *const *cands, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (levenshtein(name, cands[i]) < 3)
			return cands[i];
	return NULL;
}

/* ---- traversal steps (hcl.GetAttr / hcl.Index) ---- */

static struct hcl_value *get_attr(struct ev *e, struct hcl_value *v, struct str name,
				  const struct span *sp)
{
	if (v->null)
		return diag_error_detail(e->d, sp, "Attempt to get attribute from null value", "%s",
					 "This value is null, so it does not have any attributes."),
		       unknown(e);
	if (is_unknown(v))
		return unknown(e);
	char *nm = arena_strndup(e->a, name.p, name.len);
	switch (v->type->kind) {
	case HCL_T_OBJECT: {
		struct hcl_value *r = hcl_value_get(v, nm);
		if (!r) {
			diag_error_detail(e->d, sp, "Unsupported attribute",
					  "This object does not have an attribute named \"%s\".", nm);
			return unknown(e);
		}
		return r;
	}
	case HCL_T_MAP: {
		struct hcl_value *r = hcl_value_get(v, nm);
		if (!r) {
			diag_error_detail(e->d, sp, "Missing map element",
					  "This map does not have an element with the key \"%s\".", nm);
			return unknown(e);
		}
		return r;
	}
	case HCL_T_LIST:
		if (v->type->elem->kind == HCL_T_OBJECT) {
			bool has = false;
			for (size_t i = 0; i < v->type->elem->n; i++)
				has = has || strcmp(v->type->elem->names[i], nm) == 0;
			if (has)
				diag_error_detail(e->d, sp, "Unsupported attribute",
						  "Can't access attributes on a list of objects. Did you mean to access attribute \"%s\" for a specific element of the list, or across all elements of the list?",
						  nm);
			else
				diag_error_detail(e->d, sp, "Unsupported attribute", "%s",
						  "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?");
			return unknown(e);
		}
		break;
	case HCL_T_SET:
		if (v->type->elem->kind == HCL_T_OBJECT) {
			diag_error_detail(e->d, sp, "Unsupported attribute", "%s",
					  "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?");
			return unknown(e);
		}
		break;
	case HCL_T_STRING:
	case HCL_T_NUMBER:
	case HCL_T_BOOL:
		diag_error_detail(e->d, sp, "Unsupported attribute",
				  "Can't access attributes on a primitive-typed value (%s).",
				  hcl_type_friendly(e->a, v->type));
		return unknown(e);
	default:
		break;
	}
	diag_error_detail(e->d, sp, "Unsupported attribute", "%s", "This value does not have any attributes.");
	return unknown(e);
}

static struct hcl_value *index_value(struct ev *e, struct hcl_value *coll, struct hcl_value *key,
				     const struct span *sp)
{
	static const char inv[] = "Invalid index";
	if (coll->null) {
		diag_error_detail(e->d, sp, "Attempt to index null value", "%s",
				  "This value is null, so it does not have any indices.");
		return unknown(e);
	}
	if (key->null) {
		diag_error_detail(e->d, sp, inv, "%s", "Can't use a null value as an indexing key.");
		return unknown(e);
	}
	if (is_unknown(coll) || is_unknown(key))
		return unknown(e);
	const char *err;
	struct hcl_value *k;
	switch (coll->type->kind) {
	case HCL_T_LIST:
	case HCL_T_TUPLE: {
		if (hcl_value_convert(&k, e->a, key, &hcl_type_number, &err) < 0) {
			diag_error_detail(e->d, sp, inv,
					  "The given key does not identify an element in this collection value: %s.", err);
			return unknown(e);
		}
		if (!hcl_num_is_int(k->u.num)) {
			diag_error_detail(e->d, sp, inv, "%s",
					  "The given key does not identify an element in this collection value: indexing a sequence requires a whole number, but the given index has a fractional part.");
			return unknown(e);
		}
		if (hcl_num_sign(k->u.num) < 0) {
			diag_error_detail(e->d, sp, inv, "%s",
					  "The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence.");
			return unknown(e);
		}
		long long i;
		if (hcl_value_as_int64(&i, k) < 0 || (size_t)i >= coll->u.c.n) {
			/* hcl.Index words only index == length specially */
			if (hcl_value_as_int64(&i, k) == 0 && (size_t)i == coll->u.c.n)
				diag_error_detail(e->d, sp, inv, "%s", coll->u.c.n == 0 ?
						  "The given key does not identify an element in this collection value: the collection has no elements." :
						  "The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.");
			else
				diag_error_detail(e->d, sp, inv, "%s",
						  "The given key does not identify an element in this collection value.");
			return unknown(e);
		}
		return coll->u.c.items[i];
	}
	case HCL_T_MAP:
	case HCL_T_OBJECT: {
		bool was_number = key->type->kind == HCL_T_NUMBER;
		if (hcl_value_convert(&k, e->a, key, &hcl_type_string, &err) < 0) {
			diag_error_detail(e->d, sp, inv,
					  "The given key does not identify an element in this collection value: %s.", err);
			return unknown(e);
		}
		struct hcl_value *r = hcl_value_get(coll, arena_strndup(e->a, k->u.s.p, k->u.s.len));
		if (!r) {
			diag_error_detail(e->d, sp, inv, "The given key does not identify an element in this collection value.%s",
					  coll->type->kind == HCL_T_OBJECT && was_number ?
						  " An object only supports looking up attributes by name, not by numeric index." :
						  "");
			return unknown(e);
		}
		return r;
	}
	case HCL_T_SET:
		diag_error_detail(e->d, sp, inv, "%s",
				  "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.");
		return unknown(e);
	default:
		diag_error_detail(e->d, sp, inv, "%s", "This value does not have any indices.");
		return unknown(e);
	}
}

static struct hcl_value *apply_steps(struct ev *e, struct hcl_value *v, const struct hcl_expr *x)
{
	for (size_t i = 0; i < x->u.trav.n; i++) {
		const struct hcl_step *st = &x->u.trav.steps[i];
		size_t before = e->d->errors;
		if (st->kind == HCL_STEP_ATTR)
			v = get_attr(e, v, st->name, &st->span);
		else
			v = index_value(e, v, st->key, &st->span);
		if (e->d->errors > before)
			return unknown(e);
	}
	return v;
}

static struct hcl_value *eval_scope_trav(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	bool any = false;
	struct hcl_value *root = scope_lookup(s, x->u.trav.root, &any);
	if (!root) {
		char *name = arena_strndup(e->a, x->u.trav.root.p, x->u.trav.root.len);
		if (!any) {
			diag_error_detail(e->d, &x->u.trav.root_span, "Variables not allowed", "%s",
					  "Variables may not be used here.");
			return unknown(e);
		}
		/* candidates: every name in the chain */
		size_t n = 0;
		for (const struct hcl_scope *t = s; t; t = t->parent)
			n += t->nvars;
		const char **c = arena_alloc(e->a, (n ? n : 1) * sizeof(*c));
		n = 0;
		for (const struct hcl_scope *t = s; t; t = t->parent)
			for (size_t i = 0; i < t->nvars; i++)
				c[n++] = t->names[i];
		const char *sug = hcl_suggest(name, c, n);
		if (sug)
			diag_error_detail(e->d, &x->u.trav.root_span, "Unknown variable",
					  "There is no variable named \"%s\". Did you mean \"%s\"?", name, sug);
		else
			diag_error_detail(e->d, &x->u.trav.root_span, "Unknown variable",
					  "There is no variable named \"%s\".", name);
		return unknown(e);
	}
	return apply_steps(e, root, x);
}

/* ---- operators ---- */

static struct hcl_value *eval_binary(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	struct hcl_value *l = eval(e, x->u.bin.l, s);
	struct hcl_value *r = eval(e, x->u.bin.r, s);
	enum hcl_op op = x->u.bin.op;
	size_t before = e->d->errors;
	const char *err;
	if (op == HCL_OP_EQ || op == HCL_OP_NE) {
		if (is_unknown(l) || is_unknown(r))
			return unknown(e);
		bool eq = hcl_value_equal(l, r);
		return hcl_value_bool(e->a, op == HCL_OP_EQ ? eq : !eq);
	}
	const struct hcl_type *want =
		(op == HCL_OP_OR || op == HCL_OP_AND) ? &hcl_type_bool : &hcl_type_number;
	struct hcl_value *lc = l, *rc = r;
	if (!is_unknown(l) && hcl_value_convert(&lc, e->a, l, want, &err) < 0)
		diag_error_detail(e->d, &x->u.bin.l->span, "Invalid operand",
				  "Unsuitable value for left operand: %s.", err);
	if (!is_unknown(r) && hcl_value_convert(&rc, e->a, r, want, &err) < 0)
		diag_error_detail(e->d, &x->u.bin.r->span, "Invalid operand",
				  "Unsuitable value for right operand: %s.", err);
	if (e->d->errors > before || is_unknown(l) || is_unknown(r))
		return unknown(e);
	if (lc->null || rc->null) {
		diag_error_detail(e->d, &x->span, "Operation failed", "%s",
				  "Error during operation: argument must not be null.");
		return unknown(e);
	}
	switch (op) {
	case HCL_OP_OR:
		return hcl_value_bool(e->a, lc->u.b || rc->u.b);
	case HCL_OP_AND:
		return hcl_value_bool(e->a, lc->u.b && rc->u.b);
	case HCL_OP_LT:
	case HCL_OP_LE:
	case HCL_OP_GT:
	case HCL_OP_GE: {
		int c = hcl_num_cmp(lc->u.num, rc->u.num);
		bool b = op == HCL_OP_LT ? c < 0 : op == HCL_OP_LE ? c <= 0 : op == HCL_OP_GT ? c > 0 : c >= 0;
		return hcl_value_bool(e->a, b);
	}
	default: {
		char o = op == HCL_OP_ADD ? '+' : op == HCL_OP_SUB ? '-' : op == HCL_OP_MUL ? '*' :
			 op == HCL_OP_DIV ? '/' : '%';
		const struct hcl_num *n = hcl_num_arith(e->a, o, lc->u.num, rc->u.num, &err);
		if (!n) {
			diag_error_detail(e->d, &x->span, "Operation failed", "Error during operation: %s.", err);
			return unknown(e);
		}
		return hcl_value_number(e->a, n);
	}
	}
}

static struct hcl_value *eval_unary(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	struct hcl_value *v = eval(e, x->u.un.x, s);
	size_t before = e->d->errors;
	if (is_unknown(v))
		return unknown(e);
	const struct hcl_type *want = x->u.un.op == HCL_OP_NOT ? &hcl_type_bool : &hcl_type_number;
	struct hcl_value *c;
	const char *err;
	if (hcl_value_convert(&c, e->a, v, want, &err) < 0) {
		diag_error_detail(e->d, &x->u.un.x->span, "Invalid operand",
				  "Unsuitable value for unary operand: %s.", err);
		return unknown(e);
	}
	if (e->d->errors > before)
		return unknown(e);
	if (c->null) {
		diag_error_detail(e->d, &x->span, "Operation failed", "%s",
				  "Error during operation: argument must not be null.");
		return unknown(e);
	}
	if (x->u.un.op == HCL_OP_NOT)
		return hcl_value_bool(e->a, !c->u.b);
	return hcl_value_number(e->a, hcl_num_neg(e->a, c->u.num));
}

/* ---- templates ---- */

static struct hcl_value *eval_template(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool known = true;
	for (size_t i = 0; i < x->u.tmpl.n; i++) {
		const struct hcl_expr *part = x->u.tmpl.parts[i];
		if (part->kind == HCL_EXPR_LITERAL && part->u.lit->type->kind == HCL_T_STRING) {
			strbuf_add(&sb, part->u.lit->u.s.p, part->u.lit->u.s.len);
			continue;
		}
		struct hcl_value *v = eval(e, part, s);
		if (v->null) {
			diag_error_detail(e->d, &part->span, "Invalid template interpolation value", "%s",
					  "The expression result is null. Cannot include a null value in a string template.");
			continue;
		}
		if (is_unknown(v)) {
			known = false;
			continue;
		}
		struct hcl_value *sv;
		const char *err;
		if (hcl_value_convert(&sv, e->a, v, &hcl_type_string, &err) < 0) {
			diag_error_detail(e->d, &part->span, "Invalid template interpolation value",
					  "Cannot include the given value in a string template: %s.", err);
			continue;
		}
		strbuf_add(&sb, sv->u.s.p, sv->u.s.len);
	}
	struct hcl_value *r = known ? hcl_value_string(e->a, sb.buf, sb.len) : unknown(e);
	if (known && r->u.s.p == sb.buf)
		r->u.s.p = arena_memdup(e->a, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return r;
}

static struct hcl_value *eval_join(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	struct hcl_value *t = eval(e, x->u.wrap, s);
	if (is_unknown(t) || t->null)
		return unknown(e);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < t->u.c.n; i++) {
		struct hcl_value *v = t->u.c.items[i];
		if (v->null) {
			diag_error_detail(e->d, &x->span, "Invalid template interpolation value", "%s",
					  "An iteration result is null. Cannot include a null value in a string template.");
			continue;
		}
		if (is_unknown(v)) {
			strbuf_release(&sb);
			return unknown(e);
		}
		struct hcl_value *sv;
		const char *err;
		if (hcl_value_convert(&sv, e->a, v, &hcl_type_string, &err) < 0) {
			diag_error_detail(e->d, &x->span, "Invalid template interpolation value",
					  "Cannot include one of the interpolation results into the string template: %s.",
					  err);
			continue;
		}
		strbuf_add(&sb, sv->u.s.p, sv->u.s.len);
	}
	struct hcl_value *r = hcl_value_string(e->a, arena_memdup(e->a, sb.buf, sb.len + 1), sb.len);
	strbuf_release(&sb);
	return r;
}

/* ---- conditional ---- */

/* cty's unify for two result types: equal, or primitives to string, or
 * tuple/object kept as is when identical; NULL when impossible. */
static const struct hcl_type *unify2(struct arena *a, const struct hcl_type *x, const struct hcl_type *y)
{
	const struct hcl_type *ts[] = { x, y };
	return hcl_type_unify(a, 2, ts);
}

static struct hcl_value *eval_cond(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	struct diags td, fd;
	diags_init(&td, e->a);
	diags_init(&fd, e->a);
	struct hcl_value *t = eval_into(e, x->u.cond.t, s, &td);
	struct hcl_value *f = eval_into(e, x->u.cond.f, s, &fd);
	const struct hcl_type *rt = &hcl_type_dynamic;
	bool conv_t = false, conv_f = false;
	if (t->null && t->type->kind == HCL_T_DYNAMIC) {
		rt = f->type;
	} else if (f->null && f->type->kind == HCL_T_DYNAMIC) {
		rt = t->type;
	} else if (is_unknown(t) || is_unknown(f)) {
		rt = &hcl_type_dynamic;
	} else {
		rt = unify2(e->a, t->type, f->type);
		if (!rt) {
			struct span sp = x->u.cond.t->span;
			sp.end = x->u.cond.f->span.end;
			diag_error_detail(e->d, &sp, "Inconsistent conditional result types",
					  "The true and false result expressions must have consistent types. The 'true' value is %s, but the 'false' value is %s.",
					  hcl_type_friendly(e->a, t->type), hcl_type_friendly(e->a, f->type));
			return unknown(e);
		}
		conv_t = conv_f = true;
	}
	struct hcl_value *c = eval(e, x->u.cond.c, s);
	if (c->null) {
		diag_error_detail(e->d, &x->u.cond.c->span, "Null condition", "%s",
				  "The condition value is null. Conditions must either be true or false.");
		return unknown(e);
	}
	if (is_unknown(c))
		return unknown(e);
	struct hcl_value *cb;
	const char *err;
	if (hcl_value_convert(&cb, e->a, c, &hcl_type_bool, &err) < 0) {
		diag_error_detail(e->d, &x->u.cond.c->span, "Incorrect condition type", "%s",
				  "The condition expression must be of type bool.");
		return unknown(e);
	}
	struct hcl_value *r = cb->u.b ? t : f;
	diags_move(e->d, cb->u.b ? &td : &fd);
	if ((cb->u.b ? conv_t : conv_f) && !is_unknown(r)) {
		struct hcl_value *cv;
		if (hcl_value_convert(&cv, e->a, r, rt, &err) < 0) {
			diag_error_detail(e->d, cb->u.b ? &x->u.cond.t->span : &x->u.cond.f->span,
					  "Inconsistent conditional result types",
					  "The %s result value has the wrong type: %s.", cb->u.b ? "true" : "false", err);
			return unknown(e);
		}
		r = cv;
	}
	return r;
}

/* ---- collections ---- */

static struct hcl_value *eval_tuple(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	size_t n = x->u.tuple.n;
	struct hcl_value **items = arena_alloc(e->a, (n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = eval(e, x->u.tuple.items[i], s);
	return hcl_value_tuple(e->a, n, items);
}

/* hcl.ExprAsKeyword for an object key: a bare single identifier. */
static bool key_literal_name(const struct hcl_expr *w, struct str *out)
{
	if (w->kind == HCL_EXPR_SCOPE_TRAV && w->u.trav.n == 0) {
		*out = w->u.trav.root;
		return true;
	}
	return false;
}

static struct hcl_value *eval_objkey(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	const struct hcl_expr *w = x->u.objkey.wrapped;
	if (!x->u.objkey.force_non_literal) {
		if (w->kind == HCL_EXPR_SCOPE_TRAV && w->u.trav.n > 0) {
			diag_error_detail(e->d, &x->span, "Ambiguous attribute key", "%s",
					  "If this expression is intended to be a reference, wrap it in parentheses. If it's instead intended as a literal name containing periods, wrap it in quotes to create a string literal.");
			return unknown(e);
		}
		struct str nm;
		if (key_literal_name(w, &nm))
			return hcl_value_string(e->a, nm.p, nm.len);
	}
	return eval(e, w, s);
}

static struct hcl_value *eval_object(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	size_t n = x->u.obj.n;
	struct str *keys = arena_alloc(e->a, (n ? n : 1) * sizeof(*keys));
	struct hcl_value **vals = arena_alloc(e->a, (n ? n : 1) * sizeof(*vals));
	size_t m = 0;
	bool known = true;
	for (size_t i = 0; i < n; i++) {
		const struct hcl_obj_item *it = &x->u.obj.items[i];
		size_t before = e->d->errors;
		struct hcl_value *k = eval(e, it->key, s);
		bool kerr = e->d->errors > before;
		struct hcl_value *v = eval(e, it->value, s);
		if (kerr) {
			known = false;
			continue;
		}
		if (k->null) {
			diag_error_detail(e->d, &it->value->span, "Null value as key", "%s",
					  "Can't use a null value as a key.");
			known = false;
			continue;
		}
		if (is_unknown(k)) {
			known = false;
			continue;
		}
		struct hcl_value *ks;
		const char *err;
		if (hcl_value_convert(&ks, e->a, k, &hcl_type_string, &err) < 0) {
			diag_error_detail(e->d, &it->key->span, "Incorrect key type",
					  "Can't use this value as a key: %s.", err);
			known = false;
			continue;
		}
		keys[m] = ks->u.s;
		vals[m] = v;
		m++;
	}
	if (!known)
		return unknown(e);
	return hcl_value_object(e->a, m, keys, vals);
}

/* Iterates a collection as cty's ElementIterator does: key/value pairs
 * (index numbers for sequences, the element itself as key for sets). */
static size_t elements(struct ev *e, struct hcl_value *coll, struct hcl_value ***keys,
		       struct hcl_value ***vals)
{
	size_t n = coll->u.c.n;
	*keys = arena_alloc(e->a, (n ? n : 1) * sizeof(**keys));
	*vals = coll->u.c.items;
	for (size_t i = 0; i < n; i++) {
		switch (coll->type->kind) {
		case HCL_T_MAP:
		case HCL_T_OBJECT:
			(*keys)[i] = hcl_value_string(e->a, coll->u.c.keys[i].p, coll->u.c.keys[i].len);
			break;
		case HCL_T_SET:
			(*keys)[i] = coll->u.c.items[i];
			break;
		default:
			(*keys)[i] = hcl_value_int(e->a, (long long)i);
			break;
		}
	}
	return n;
}

static struct hcl_scope *for_scope(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s,
				   struct hcl_value *k, struct hcl_value *v)
{
	struct hcl_scope *c = hcl_scope_new(e->a, s);
	if (x->u.forx.key_var.len)
		hcl_scope_set(c, e->a, arena_strndup(e->a, x->u.forx.key_var.p, x->u.forx.key_var.len), k);
	hcl_scope_set(c, e->a, arena_strndup(e->a, x->u.forx.val_var.p, x->u.forx.val_var.len), v);
	return c;
}

static struct hcl_value *eval_for(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	struct hcl_value *coll = eval(e, x->u.forx.coll, s);
	if (coll->null) {
		diag_error_detail(e->d, &x->u.forx.coll->span, "Iteration over null value", "%s",
				  "A null value cannot be used as the collection in a 'for' expression.");
		return unknown(e);
	}
	if (is_unknown(coll))
		return unknown(e);
	if (!hcl_value_is_collection(coll)) {
		diag_error_detail(e->d, &x->u.forx.coll->span, "Iteration over non-iterable value",
				  "A value of type %s cannot be used as the collection in a 'for' expression.",
				  hcl_type_friendly(e->a, coll->type));
		return unknown(e);
	}
	struct hcl_value **keys, **vals;
	size_t n = elements(e, coll, &keys, &vals);
	bool known = true;
	size_t cap = n ? n : 1, m = 0;
	struct str *okeys = arena_alloc(e->a, cap * sizeof(*okeys));
	struct hcl_value **ovals = arena_alloc(e->a, cap * sizeof(*ovals));
	/* grouping: per key, a growing list */
	size_t *gcount = arena_alloc(e->a, cap * sizeof(*gcount));
	struct hcl_value ***gvals = arena_alloc(e->a, cap * sizeof(*gvals));
	for (size_t i = 0; i < n; i++) {
		struct hcl_scope *c = for_scope(e, x, s, keys[i], vals[i]);
		if (x->u.forx.cond) {
			size_t before = e->d->errors;
			struct hcl_value *inc = eval(e, x->u.forx.cond, c);
			if (e->d->errors > before)
				return unknown(e); /* HCL reports the clause once */
			if (inc->null) {
				if (known)
					diag_error_detail(e->d, &x->u.forx.cond->span, "Invalid 'for' condition", "%s",
							  "The value of the 'if' clause must not be null.");
				known = false;
				continue;
			}
			if (is_unknown(inc)) {
				known = false;
				continue;
			}
			struct hcl_value *b;
			const char *err;
			if (hcl_value_convert(&b, e->a, inc, &hcl_type_bool, &err) < 0) {
				if (known)
					diag_error_detail(e->d, &x->u.forx.cond->span, "Invalid 'for' condition",
							  "The 'if' clause value is invalid: %s.", err);
				known = false;
				continue;
			}
			if (!b->u.b)
				continue;
		}
		if (!x->u.forx.object) {
			ovals[m++] = eval(e, x->u.forx.val, c);
			continue;
		}
		if (!x->u.forx.key) {
			known = false;
			continue;
		}
		struct hcl_value *kr = eval(e, x->u.forx.key, c);
		if (kr->null) {
			if (known)
				diag_error_detail(e->d, &x->u.forx.key->span, "Invalid object key", "%s",
						  "Key expression in 'for' expression must not produce a null value.");
			known = false;
			continue;
		}
		if (is_unknown(kr)) {
			known = false;
			continue;
		}
		struct hcl_value *ks;
		const char *err;
		if (hcl_value_convert(&ks, e->a, kr, &hcl_type_string, &err) < 0) {
			if (known)
				diag_error_detail(e->d, &x->u.forx.key->span, "Invalid object key",
						  "The key expression produced an invalid result: %s.", err);
			known = false;
			continue;
		}
		struct hcl_value *v = eval(e, x->u.forx.val, c);
		size_t j = 0;
		while (j < m && !(okeys[j].len == ks->u.s.len && memcmp(okeys[j].p, ks->u.s.p, ks->u.s.len) == 0))
			j++;
		if (x->u.forx.group) {
			if (j == m) {
				okeys[m] = ks->u.s;
				gcount[m] = 0;
				gvals[m] = arena_alloc(e->a, n * sizeof(**gvals));
				m++;
			}
			gvals[j][gcount[j]++] = v;
		} else if (j < m) {
			diag_error_detail(e->d, &x->u.forx.key->span, "Duplicate object key",
					  "Two different items produced the key \"%.*s\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.",
					  (int)ks->u.s.len, ks->u.s.p);
		} else {
			okeys[m] = ks->u.s;
			ovals[m] = v;
			m++;
		}
	}
	if (!known)
		return unknown(e);
	if (!x->u.forx.object)
		return hcl_value_tuple(e->a, m, ovals);
	if (x->u.forx.group)
		for (size_t j = 0; j < m; j++)
			ovals[j] = hcl_value_tuple(e->a, gcount[j], gvals[j]);
	return hcl_value_object(e->a, m, okeys, ovals);
}

static struct hcl_value *eval_splat(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	size_t before = e->d->errors;
	struct hcl_value *src = eval(e, x->u.splat.src, s);
	if (e->d->errors > before)
		return unknown(e);
	enum hcl_type_kind k = src->type->kind;
	bool seq = k == HCL_T_TUPLE || k == HCL_T_LIST || k == HCL_T_SET;
	if (src->null) {
		if (!seq)
			return hcl_value_tuple(e->a, 0, NULL);
		diag_error_detail(e->d, &x->u.splat.src->span, "Splat of null value", "%s",
				  "Splat expressions (with the * symbol) cannot be applied to null sequences.");
		return unknown(e);
	}
	if (is_unknown(src))
		return unknown(e);
	struct hcl_value **items;
	size_t n;
	if (!seq) {
		items = arena_alloc(e->a, sizeof(*items));
		items[0] = src;
		n = 1;
	} else {
		items = src->u.c.items;
		n = src->u.c.n;
	}
	struct hcl_value **out = arena_alloc(e->a, (n ? n : 1) * sizeof(*out));
	struct hcl_value *saved = e->anon;
	bool known = true;
	for (size_t i = 0; i < n; i++) {
		e->anon = items[i];
		size_t b2 = e->d->errors;
		out[i] = eval(e, x->u.splat.each, s);
		if (e->d->errors > b2)
			known = false;
	}
	e->anon = saved;
	if (!known)
		return unknown(e);
	if (seq && k != HCL_T_TUPLE) {
		const struct hcl_type *et = n ? out[0]->type : &hcl_type_dynamic;
		for (size_t i = 1; i < n; i++)
			if (!hcl_type_equal(et, out[i]->type))
				return hcl_value_tuple(e->a, n, out);
		return hcl_value_list(e->a, et, n, out);
	}
	return hcl_value_tuple(e->a, n, out);
}

/* ---- function calls ---- */

static struct hcl_value *eval_call(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	char *name = arena_strndup(e->a, x->u.call.name.p, x->u.call.name.len);
	const struct hcl_func *f = NULL;
	bool any_table = false;
	const struct hcl_funcs *innermost = NULL;
	for (const struct hcl_scope *t = s; t && !f; t = t->parent) {
		if (!t->funcs)
			continue;
		if (!innermost)
			innermost = t->funcs;
		any_table = true;
		f = hcl_funcs_find(t->funcs, name);
	}
	if (!f) {
		if (hcl_func_upstream_only(name)) {
			diag_error_detail(e->d, &x->u.call.name_span, "Call to unsupported function",
					  "function \"%s\" is not supported by atlas-c", name);
			return unknown(e);
		}
		if (!any_table) {
			diag_error_detail(e->d, &x->span, "Function calls not allowed", "%s",
					  "Functions may not be called here.");
			return unknown(e);
		}
		const char *sug = hcl_funcs_suggest(innermost, name);
		if (sug)
			diag_error_detail(e->d, &x->u.call.name_span, "Call to unknown function",
					  "There is no function named \"%s\". Did you mean \"%s\"?", name, sug);
		else
			diag_error_detail(e->d, &x->u.call.name_span, "Call to unknown function",
					  "There is no function named \"%s\".", name);
		return unknown(e);
	}

	/* argument expressions (with ... expansion) */
	size_t nargs = x->u.call.n;
	const struct hcl_expr **args = arena_alloc(e->a, (nargs ? nargs : 1) * sizeof(*args));
	struct hcl_value **vals = arena_alloc(e->a, (nargs ? nargs : 1) * sizeof(*vals));
	bool *expanded = arena_alloc(e->a, nargs ? nargs : 1);
	for (size_t i = 0; i < nargs; i++) {
		args[i] = x->u.call.args[i];
		vals[i] = NULL;
	}
	size_t before = e->d->errors;
	if (x->u.call.expand_final && nargs > 0) {
		const struct hcl_expr *ex = args[nargs - 1];
		struct hcl_value *ev = eval(e, ex, s);
		if (e->d->errors > before)
			return unknown(e);
		enum hcl_type_kind k = ev->type->kind;
		if (ev->null) {
			diag_error_detail(e->d, &ex->span, "Invalid expanding argument value", "%s",
					  "The expanding argument (indicated by ...) must not be null.");
			return unknown(e);
		}
		if (is_unknown(ev))
			return unknown(e);
		if (k != HCL_T_TUPLE && k != HCL_T_LIST && k != HCL_T_SET) {
			diag_error_detail(e->d, &ex->span, "Invalid expanding argument value", "%s",
					  "The expanding argument (indicated by ...) must be of a tuple, list, or set type.");
			return unknown(e);
		}
		size_t nn = nargs - 1 + ev->u.c.n;
		const struct hcl_expr **a2 = arena_alloc(e->a, (nn ? nn : 1) * sizeof(*a2));
		struct hcl_value **v2 = arena_alloc(e->a, (nn ? nn : 1) * sizeof(*v2));
		for (size_t i = 0; i + 1 < nargs; i++) {
			a2[i] = args[i];
			v2[i] = NULL;
		}
		bool *x2 = arena_alloc(e->a, nn ? nn : 1);
		for (size_t i = 0; i < ev->u.c.n; i++) {
			a2[nargs - 1 + i] = ex;
			v2[nargs - 1 + i] = ev->u.c.items[i];
			x2[nargs - 1 + i] = true;
		}
		args = a2;
		vals = v2;
		expanded = x2;
		nargs = nn;
	}
	struct hcl_fsig sig;
	hcl_func_sig(f, &sig);
	if (nargs < sig.nparams) {
		diag_error_detail(e->d, &x->u.call.close, "Not enough function arguments",
				  "Function \"%s\" expects%s %zu argument(s). Missing value for \"%s\".", name,
				  sig.var_name ? " at least" : "", sig.nparams, sig.params[nargs].name);
		return unknown(e);
	}
	if (!sig.var_name && nargs > sig.nparams) {
		struct span sp = expanded[sig.nparams] ? args[sig.nparams]->span : start_range(args[sig.nparams]);
		diag_error_detail(e->d, &sp, "Too many function arguments",
				  "Function \"%s\" expects only %zu argument(s).", name, sig.nparams);
		return unknown(e);
	}
	bool any_unknown = false;
	for (size_t i = 0; i < nargs; i++) {
		const struct hcl_fparam *p = i < sig.nparams ? &sig.params[i] : &sig.var;
		struct hcl_value *v = vals[i];
		if (!v) {
			if (p->custom_expr) {
				/* try()/can(): the function evaluates the expression */
				v = hcl_value_null(e->a, &hcl_type_dynamic);
			} else {
				v = eval(e, args[i], s);
			}
		}
		if (!p->custom_expr) {
			struct hcl_value *cv;
			const char *err;
			if (!is_unknown(v) && hcl_value_convert(&cv, e->a, v, p->type, &err) < 0) {
				struct span sp = expanded[i] ? args[i]->span : start_range(args[i]);
				diag_error_detail(e->d, &sp, "Invalid function argument",
						  "Invalid value for \"%s\" parameter: %s.", p->name, err);
			} else if (!is_unknown(v)) {
				v = cv;
			}
			if (is_unknown(v))
				any_unknown = true;
		}
		vals[i] = v;
	}
	if (e->d->errors > before)
		return unknown(e);
	/* cty Function.Call: nulls and unknowns before the implementation */
	for (size_t i = 0; i < nargs; i++) {
		const struct hcl_fparam *p = i < sig.nparams ? &sig.params[i] : &sig.var;
		if (p->custom_expr)
			continue;
		if (vals[i]->null && !p->allow_null) {
			struct span sp = expanded[i] ? args[i]->span : start_range(args[i]);
			diag_error_detail(e->d, &sp, "Invalid function argument",
					  "Invalid value for \"%s\" parameter: argument must not be null.", p->name);
			return unknown(e);
		}
	}
	if (any_unknown && !sig.allow_unknown)
		return unknown(e);
	struct hcl_fcall call = {
		.a = e->a,
		.name = name,
		.host = hcl_scope_host(s),
		.scope = s,
		.args = args,
		.nargs = nargs,
		.arg_index = -1,
		.depth = e->depth,
	};
	struct hcl_value *out = NULL;
	if (hcl_func_call(f, &out, &call, vals) < 0) {
		if (call.err_diags) {
			diags_move(e->d, call.err_diags);
			return unknown(e);
		}
		if (call.arg_index >= 0 && (size_t)call.arg_index < nargs) {
			const struct hcl_fparam *p = (size_t)call.arg_index < sig.nparams ?
							     &sig.params[call.arg_index] : &sig.var;
			struct span sp = expanded[call.arg_index] ? args[call.arg_index]->span : start_range(args[call.arg_index]);
			diag_error_detail(e->d, &sp, "Invalid function argument",
					  "Invalid value for \"%s\" parameter: %s.", p->name, call.err);
		} else {
			struct span sp = start_range(x);
			diag_error_detail(e->d, &sp, "Error in function call",
					  "Call to function \"%s\" failed: %s.", name, call.err);
		}
		return unknown(e);
	}
	return out;
}

/* Evaluates an argument expression for try()/can() with their own
 * diagnostics list (no errors reach the caller's list). */
int hcl_eval_quiet(struct hcl_value **out, struct arena *a, const struct hcl_expr *x,
		   const struct hcl_scope *s, int depth, struct diags *d)
{
	struct ev e = { .a = a, .d = d, .depth = depth };
	size_t before = d->errors;
	*out = eval(&e, x, s);
	return d->errors > before ? -1 : 0;
}

/* ---- dispatcher ---- */

static struct hcl_value *eval(struct ev *e, const struct hcl_expr *x, const struct hcl_scope *s)
{
	if (e->too_deep)
		return unknown(e);
	if (++e->depth > HCL_MAX_DEPTH * 2) {
		diag_error_detail(e->d, &x->span, "Nesting too deep",
				  "Expressions may be nested at most %d levels deep.", HCL_MAX_DEPTH * 2);
		e->too_deep = true;
		e->depth--;
		return unknown(e);
	}
	struct hcl_value *r;
	switch (x->kind) {
	case HCL_EXPR_LITERAL:
		/* a literal null of dynamic type from a placeholder is unknown */
		r = x->u.lit;
		break;
	case HCL_EXPR_TEMPLATE:
		r = eval_template(e, x, s);
		break;
	case HCL_EXPR_TEMPLATE_WRAP:
	case HCL_EXPR_PAREN:
		r = eval(e, x->u.wrap, s);
		break;
	case HCL_EXPR_TEMPLATE_JOIN:
		r = eval_join(e, x, s);
		break;
	case HCL_EXPR_SCOPE_TRAV:
		r = eval_scope_trav(e, x, s);
		break;
	case HCL_EXPR_REL_TRAV: {
		struct hcl_value *src = eval(e, x->u.trav.src, s);
		r = apply_steps(e, src, x);
		break;
	}
	case HCL_EXPR_INDEX: {
		struct hcl_value *c = eval(e, x->u.index.coll, s);
		struct hcl_value *k = eval(e, x->u.index.key, s);
		r = index_value(e, c, k, &x->u.index.bracket);
		break;
	}
	case HCL_EXPR_SPLAT:
		r = eval_splat(e, x, s);
		break;
	case HCL_EXPR_ANON:
		r = e->anon ? e->anon : unknown(e);
		break;
	case HCL_EXPR_CALL:
		r = eval_call(e, x, s);
		break;
	case HCL_EXPR_COND:
		r = eval_cond(e, x, s);
		break;
	case HCL_EXPR_BINARY:
		r = eval_binary(e, x, s);
		break;
	case HCL_EXPR_UNARY:
		r = eval_unary(e, x, s);
		break;
	case HCL_EXPR_TUPLE:
		r = eval_tuple(e, x, s);
		break;
	case HCL_EXPR_OBJECT:
		r = eval_object(e, x, s);
		break;
	case HCL_EXPR_OBJKEY:
		r = eval_objkey(e, x, s);
		break;
	case HCL_EXPR_FOR:
		r = eval_for(e, x, s);
		break;
	default:
		r = unknown(e);
		break;
	}
	e->depth--;
	return r;
}

int hcl_eval(struct hcl_value **out, struct arena *a, const struct hcl_expr *x,
	     const struct hcl_scope *s, struct diags *d)
{
	struct ev e = { .a = a, .d = d };
	size_t before = d->errors;
	struct hcl_value *v = eval(&e, x, s);
	if (d->errors > before) {
		*out = hcl_value_null(a, &hcl_type_dynamic);
		return -1;
	}
	*out = v;
	return 0;
}

/* ---- syntactic analyses ---- */

static bool refs_atlas_env(const struct hcl_expr *x, int depth)
{
	if (!x || depth > HCL_MAX_DEPTH * 2)
		return false;
	switch (x->kind) {
	case HCL_EXPR_SCOPE_TRAV:
		return str_eq(x->u.trav.root, "atlas") && x->u.trav.n == 1 &&
		       x->u.trav.steps[0].kind == HCL_STEP_ATTR && str_eq(x->u.trav.steps[0].name, "env");
	case HCL_EXPR_TEMPLATE:
		for (size_t i = 0; i < x->u.tmpl.n; i++)
			if (refs_atlas_env(x->u.tmpl.parts[i], depth + 1))
				return true;
		return false;
	case HCL_EXPR_TEMPLATE_WRAP:
		return refs_atlas_env(x->u.wrap, depth + 1);
	case HCL_EXPR_COND:
		return refs_atlas_env(x->u.cond.c, depth + 1) || refs_atlas_env(x->u.cond.t, depth + 1) ||
		       refs_atlas_env(x->u.cond.f, depth + 1);
	case HCL_EXPR_CALL:
		for (size_t i = 0; i < x->u.call.n; i++)
			if (refs_atlas_env(x->u.call.args[i], depth + 1))
				return true;
		return false;
	case HCL_EXPR_BINARY:
		return refs_atlas_env(x->u.bin.l, depth + 1) || refs_atlas_env(x->u.bin.r, depth + 1);
	case HCL_EXPR_UNARY:
		return refs_atlas_env(x->u.un.x, depth + 1);
	case HCL_EXPR_TUPLE:
		for (size_t i = 0; i < x->u.tuple.n; i++)
			if (refs_atlas_env(x->u.tuple.items[i], depth + 1))
				return true;
		return false;
	case HCL_EXPR_OBJECT:
		for (size_t i = 0; i < x->u.obj.n; i++)
			if (refs_atlas_env(x->u.obj.items[i].value, depth + 1))
				return true;
		return false;
	default:
		/* parentheses, for, index, splat, relative traversals, literals */
		return false;
	}
}

bool hcl_expr_refs_atlas_env(const struct hcl_expr *e)
{
	return refs_atlas_env(e, 0);
}

struct refs {
	struct arena *a;
	struct hcl_ref *v;
	size_t n, cap;
};

struct bound {
	const struct bound *up;
	struct str k, v;
};

static bool is_bound(const struct bound *b, struct str name)
{
	for (; b; b = b->up)
		if ((b->k.len && b->k.len == name.len && memcmp(b->k.p, name.p, name.len) == 0) ||
		    (b->v.len == name.len && memcmp(b->v.p, name.p, name.len) == 0))
			return true;
	return false;
}

static void collect(struct refs *r, const struct hcl_expr *x, const struct bound *b, int depth)
{
	if (!x || depth > HCL_MAX_DEPTH * 2)
		return;
	depth++;
	switch (x->kind) {
	case HCL_EXPR_SCOPE_TRAV:
		if (is_bound(b, x->u.trav.root))
			return;
		if (r->n == r->cap) {
			size_t nc = r->cap ? r->cap * 2 : 8;
			r->v = arena_realloc(r->a, r->v, r->cap * sizeof(*r->v), nc * sizeof(*r->v));
			r->cap = nc;
		}
		r->v[r->n].root = x->u.trav.root;
		r->v[r->n].attr = (x->u.trav.n && x->u.trav.steps[0].kind == HCL_STEP_ATTR) ?
					  x->u.trav.steps[0].name : (struct str){ "", 0 };
		r->v[r->n].span = x->span;
		r->n++;
		return;
	case HCL_EXPR_TEMPLATE:
		for (size_t i = 0; i < x->u.tmpl.n; i++)
			collect(r, x->u.tmpl.parts[i], b, depth);
		return;
	case HCL_EXPR_TEMPLATE_WRAP:
	case HCL_EXPR_TEMPLATE_JOIN:
	case HCL_EXPR_PAREN:
		collect(r, x->u.wrap, b, depth);
		return;
	case HCL_EXPR_REL_TRAV:
		collect(r, x->u.trav.src, b, depth);
		return;
	case HCL_EXPR_INDEX:
		collect(r, x->u.index.coll, b, depth);
		collect(r, x->u.index.key, b, depth);
		return;
	case HCL_EXPR_SPLAT:
		collect(r, x->u.splat.src, b, depth);
		collect(r, x->u.splat.each, b, depth);
		return;
	case HCL_EXPR_CALL:
		for (size_t i = 0; i < x->u.call.n; i++)
			collect(r, x->u.call.args[i], b, depth);
		return;
	case HCL_EXPR_COND:
		collect(r, x->u.cond.c, b, depth);
		collect(r, x->u.cond.t, b, depth);
		collect(r, x->u.cond.f, b, depth);
		return;
	case HCL_EXPR_BINARY:
		collect(r, x->u.bin.l, b, depth);
		collect(r, x->u.bin.r, b, depth);
		return;
	case HCL_EXPR_UNARY:
		collect(r, x->u.un.x, b, depth);
		return;
	case HCL_EXPR_TUPLE:
		for (size_t i = 0; i < x->u.tuple.n; i++)
			collect(r, x->u.tuple.items[i], b, depth);
		return;
	case HCL_EXPR_OBJECT:
		for (size_t i = 0; i < x->u.obj.n; i++) {
			collect(r, x->u.obj.items[i].key, b, depth);
			collect(r, x->u.obj.items[i].value, b, depth);
		}
		return;
	case HCL_EXPR_OBJKEY: {
		struct str nm;
		if (!x->u.objkey.force_non_literal && key_literal_name(x->u.objkey.wrapped, &nm))
			return;
		collect(r, x->u.objkey.wrapped, b, depth);
		return;
	}
	case HCL_EXPR_FOR: {
		collect(r, x->u.forx.coll, b, depth);
		struct bound nb = { b, x->u.forx.key_var, x->u.forx.val_var };
		collect(r, x->u.forx.key, &nb, depth);
		collect(r, x->u.forx.val, &nb, depth);
		collect(r, x->u.forx.cond, &nb, depth);
		return;
	}
	default:
		return;
	}
}

size_t hcl_expr_refs(struct hcl_ref **out, struct arena *a, const struct hcl_expr *e)
{
	struct refs r = { .a = a };
	collect(&r, e, NULL, 0);
	*out = r.v;
	return r.n;
}
