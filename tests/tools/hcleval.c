/*
 * hcleval: the C side of the HCL differential test.  Same command line
 * and output as `hclref eval FILE [--ctx CTX.json]` (the reference built
 * from HashiCorp's library): every attribute of the file, nested blocks
 * included, evaluated in source order with the context's top-level keys
 * as variables; pretty JSON on stdout (exit 0) or one diagnostic per line
 * on stderr (exit 1); 2 for usage and I/O errors.  Also `hcleval tokens
 * FILE`, mirroring `hclref tokens`.  The function table is hclref's:
 * Atlas's minus the Atlas-only helpers, plus coalesce and tomap.
 */
#include "config/internal.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

static void print_diags(const struct diags *d, struct arena *a)
{
	for (const struct diag *dg = d->head; dg; dg = dg->next) {
		char *t = diag_format(a, dg);
		for (char *p = t; *p; p++)
			if (*p == '\n')
				*p = ' ';
		fprintf(stderr, "%s\n", t);
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

static int run_eval(struct arena *a, const char *file, const char *ctx)
{
	char *buf;
	size_t len;
	if (util_read_file(&buf, &len, a, file) < 0) {
		fprintf(stderr, "hcleval: %s: %s\n", file, strerror(errno));
		return 2;
	}
	struct diags d;
	diags_init(&d, a);
	struct hcl_body *body;
	if (hcl_parse(&body, a, file, buf, len, &d) < 0) {
		print_diags(&d, a);
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
	struct hcl_funcs table = { nf, fns };

	char absbuf[PATH_MAX];
	char *dir = ".";
	if (realpath(file, absbuf)) {
		char *slash = strrchr(absbuf, '/');
		if (slash) {
			*slash = 0;
			dir = absbuf[0] ? absbuf : "/";
		}
	}
	struct hcl_host host = { .base_dir = dir };
	struct hcl_scope *s = hcl_scope_new(a, NULL);
	s->host = &host;
	s->funcs = &table;
	if (ctx) {
		char *cbuf;
		size_t clen;
		if (util_read_file(&cbuf, &clen, a, ctx) < 0) {
			fprintf(stderr, "hcleval: %s: %s\n", ctx, strerror(errno));
			return 2;
		}
		struct hcl_value *cv;
		const char *err;
		if (hcl_value_from_json(&cv, a, cbuf, clen, &err) < 0 || cv->type->kind != HCL_T_OBJECT) {
			fprintf(stderr, "hcleval: %s: the context must be a JSON object\n", ctx);
			return 2;
		}
		for (size_t i = 0; i < cv->u.c.n; i++)
			hcl_scope_set(s, a, arena_strndup(a, cv->u.c.keys[i].p, cv->u.c.keys[i].len),
				      cv->u.c.items[i]);
	}
	struct strbuf out = STRBUF_INIT;
	eval_body(&out, a, body, s, &d, 0, true, NULL);
	if (diags_has_errors(&d)) {
		print_diags(&d, a);
		strbuf_release(&out);
		return 1;
	}
	fwrite(out.buf, 1, out.len, stdout);
	fputc('\n', stdout);
	strbuf_release(&out);
	return 0;
}

static int run_tokens(struct arena *a, const char *file)
{
	char *buf;
	size_t len;
	if (util_read_file(&buf, &len, a, file) < 0) {
		fprintf(stderr, "hcleval: %s: %s\n", file, strerror(errno));
		return 2;
	}
	struct diags d;
	diags_init(&d, a);
	struct hcl_token *toks;
	size_t n;
	int rc = hcl_lex(&toks, &n, a, file, buf, len, &d);
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		hcl_json_string(&sb, toks[i].text.p, toks[i].text.len);
		printf("%s %s %u:%u %u:%u\n", hcl_tok_name(toks[i].kind), sb.buf, toks[i].span.start.line,
		       toks[i].span.start.col, toks[i].span.end.line, toks[i].span.end.col);
		strbuf_release(&sb);
	}
	print_diags(&d, a);
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hcleval eval FILE [--ctx CTX.json] | hcleval tokens FILE\n");
		return 2;
	}
	const char *ctx = NULL;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--ctx") == 0 && i + 1 < argc)
			ctx = argv[++i];
		else if (strncmp(argv[i], "--ctx=", 6) == 0)
			ctx = argv[i] + 6;
	}
	struct arena *a = arena_new();
	int rc;
	if (strcmp(argv[1], "eval") == 0)
		rc = run_eval(a, argv[2], ctx);
	else if (strcmp(argv[1], "tokens") == 0)
		rc = run_tokens(a, argv[2]);
	else
		rc = 2;
	fflush(stdout);
	arena_free(a);
	return rc;
}
