/*
 * hcljson: evaluates a whole HCL file the way `hclref eval` does and
 * renders its output: pretty JSON of every attribute (nested blocks in
 * source order) or the diagnostics, one per line.  Shared by the hcleval
 * tool and the Criterion tests that replay stored hclref outputs.
 */
#include "tests/tools/hcljson.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

static void diags_text(struct strbuf *err, const struct diags *d, struct arena *a)
{
	for (const struct diag *dg = d->head; dg; dg = dg->next) {
		char *t = diag_format(a, dg);
		for (char *p = t; *p; p++)
			if (*p == '\n')
				*p = ' ';
		strbuf_addstr(err, t);
		strbuf_addch(err, '\n');
	}
}

static void indent(struct strbuf *sb, int level)
{
	strbuf_addch(sb, '\n');
	for (int i = 0; i < level * 2; i++)
		strbuf_addch(sb, ' ');
}

struct item {
	size_t off;
	const struct hcl_attr *attr;
	const struct hcl_block *block;
};

static int cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	return a->off < b->off ? -1 : a->off > b->off;
}

static void eval_body(struct strbuf *out, struct arena *a, const struct hcl_body *body,
		      const struct hcl_scope *s, struct diags *d, int level, bool root,
		      const struct hcl_block *self)
{
	size_t n = body->nattrs + body->nblocks;
	struct item *items = arena_alloc(a, (n ? n : 1) * sizeof(*items));
	size_t k = 0;
	for (size_t i = 0; i < body->nattrs; i++)
		items[k++] = (struct item){ body->attrs[i].span.start.off, &body->attrs[i], NULL };
	for (size_t i = 0; i < body->nblocks; i++)
		items[k++] = (struct item){ body->blocks[i].type_span.start.off, NULL, &body->blocks[i] };
	qsort(items, n, sizeof(*items), cmp_item);

	struct strbuf attrs = STRBUF_INIT, blocks = STRBUF_INIT;
	size_t na = 0, nb = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].attr) {
			const struct hcl_attr *at = items[i].attr;
			struct hcl_value *v;
			if (hcl_eval(&v, a, at->expr, s, d) < 0)
				v = NULL;
			strbuf_addstr(&attrs, na ? "," : "");
			indent(&attrs, level + 2);
			hcl_json_string(&attrs, at->name.p, at->name.len);
			strbuf_addstr(&attrs, ": ");
			const char *err;
			if (!v || hcl_value_is_unknown(v)) {
				strbuf_addstr(&attrs, "null");
			} else {
				size_t mark = attrs.len;
				if (hcl_value_json(&attrs, v, 2, level + 2, &err) < 0) {
					strbuf_setlen(&attrs, mark);
					strbuf_addstr(&attrs, "null");
					diag_error_detail(d, &at->span, "Value not representable as JSON",
							  "The value of \"%.*s\" cannot be written as JSON: %s.",
							  (int)at->name.len, at->name.p, err);
				}
			}
			na++;
		} else {
			strbuf_addstr(&blocks, nb ? "," : "");
			indent(&blocks, level + 2);
			eval_body(&blocks, a, items[i].block->body, s, d, level + 2, false, items[i].block);
			nb++;
		}
	}
	strbuf_addch(out, '{');
	if (!root) {
		indent(out, level + 1);
		strbuf_addstr(out, "\"type\": ");
		hcl_json_string(out, self->type.p, self->type.len);
		strbuf_addch(out, ',');
		indent(out, level + 1);
		strbuf_addstr(out, "\"labels\": [");
		for (size_t i = 0; i < self->nlabels; i++) {
			strbuf_addstr(out, i ? "," : "");
			indent(out, level + 2);
			hcl_json_string(out, self->labels[i].p, self->labels[i].len);
		}
		if (self->nlabels)
			indent(out, level + 1);
		strbuf_addstr(out, "],");
		indent(out, level + 1);
		strbuf_addstr(out, "\"attrs\": {");
		strbuf_add(out, attrs.buf, attrs.len);
		if (na)
			indent(out, level + 1);
		strbuf_addstr(out, "},");
	}
	indent(out, level + 1);
	strbuf_addstr(out, "\"blocks\": [");
	/* nested output was produced at level+2 for items of this array */
	strbuf_add(out, blocks.buf, blocks.len);
	if (nb)
		indent(out, level + 1);
	strbuf_addstr(out, "]");
	if (root) {
		strbuf_addch(out, ',');
		indent(out, level + 1);
		strbuf_addstr(out, "\"attrs\": {");
		strbuf_add(out, attrs.buf, attrs.len);
		if (na)
			indent(out, level + 1);
		strbuf_addstr(out, "}");
	}
	indent(out, level);
	strbuf_addch(out, '}');
	strbuf_release(&attrs);
	strbuf_release(&blocks);
}


static const char *const atlas_only[] = { "alltrue", "empty", "fileset", "print", "sql" };

int hcljson_eval(struct strbuf *out, struct strbuf *err, struct arena *a, const char *file,
		 const char *buf, size_t len, const char *ctx, size_t ctx_len, const char *base_dir)
{
	struct diags d;
	diags_init(&d, a);
	struct hcl_body *body;
	if (hcl_parse(&body, a, file, buf, len, &d) < 0) {
		diags_text(err, &d, a);
		return 1;
	}
	/* hclref's function table */
	const struct hcl_funcs *std = hcl_funcs_std(), *extra = hcl_funcs_hclref_extra();
	const struct hcl_func **fns = arena_alloc(a, (std->n + extra->n) * sizeof(*fns));
	size_t nf = 0;
	for (size_t i = 0; i < std->n; i++) {
		bool skip = false;
		for (size_t k = 0; k < ARRAY_LEN(atlas_only); k++) {
			const struct hcl_func *f = std->fns[i];
			if (hcl_funcs_find(&(struct hcl_funcs){ 1, &f }, atlas_only[k]))
				skip = true;
		}
		if (!skip)
			fns[nf++] = std->fns[i];
	}
	for (size_t i = 0; i < extra->n; i++)
		fns[nf++] = extra->fns[i];
	struct hcl_funcs *table = arena_alloc(a, sizeof(*table));
	table->n = nf;
	table->fns = fns;

	struct hcl_host *host = arena_alloc(a, sizeof(*host));
	host->base_dir = base_dir;
	struct hcl_scope *s = hcl_scope_new(a, NULL);
	s->host = host;
	s->funcs = table;
	if (ctx) {
		struct hcl_value *cv;
		const char *e;
		if (hcl_value_from_json(&cv, a, ctx, ctx_len, &e) < 0 || cv->type->kind != HCL_T_OBJECT) {
			strbuf_addstr(err, "hcleval: the context must be a JSON object\n");
			return 2;
		}
		for (size_t i = 0; i < cv->u.c.n; i++)
			hcl_scope_set(s, a, arena_strndup(a, cv->u.c.keys[i].p, cv->u.c.keys[i].len),
				      cv->u.c.items[i]);
	}
	eval_body(out, a, body, s, &d, 0, true, NULL);
	if (diags_has_errors(&d)) {
		strbuf_reset(out);
		diags_text(err, &d, a);
		return 1;
	}
	strbuf_addch(out, '\n');
	return 0;
}
