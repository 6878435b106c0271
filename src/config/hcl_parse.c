/*
 * hcl_parse: tokens -> AST for HCL native syntax (bodies, blocks,
 * attributes, expressions, templates).  It follows hclsyntax's recursive
 * descent parser closely, including its error recovery, so that the
 * diagnostics (summary, detail, subject range, and how many follow the
 * first) match what Atlas prints.  Evaluation is left to hcl_eval.c.
 *
 * Recursion is bounded: every nested term, template and block counts
 * against HCL_MAX_DEPTH; past it the parser reports "Nesting too deep"
 * once and stops consuming input, so hostile input cannot overflow the
 * C stack.
 */
#include "config/internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct arena *a;
	const char *file;
	struct hcl_token *toks;
	size_t ntoks;
	size_t next; /* index of the next token to read */
	bool *nl_stack; /* include-newlines stack */
	size_t nl_depth, nl_cap;
	bool recovery;
	bool abort; /* depth exceeded: behave as if at EOF */
	int depth;
	struct diags *d;
};

/* ---- peeker ---- */

static bool including_newlines(struct parser *p)
{
	return p->nl_stack[p->nl_depth - 1];
}

static void push_nl(struct parser *p, bool inc)
{
	if (p->nl_depth == p->nl_cap) {
		size_t nc = p->nl_cap * 2;
		p->nl_stack = arena_realloc(p->a, p->nl_stack, p->nl_cap, nc);
		p->nl_cap = nc;
	}
	p->nl_stack[p->nl_depth++] = inc;
}

static void pop_nl(struct parser *p)
{
	p->nl_depth--;
}

/* The next significant token and the index after it. */
static const struct hcl_token *next_token(struct parser *p, size_t *after)
{
	if (p->abort) {
		*after = p->ntoks;
		return &p->toks[p->ntoks - 1];
	}
	for (size_t i = p->next; i < p->ntoks; i++) {
		const struct hcl_token *t = &p->toks[i];
		if (t->kind == HCL_TOK_COMMENT) {
			if (including_newlines(p) && t->text.len > 0 &&
			    t->text.p[t->text.len - 1] == '\n') {
				/* a line comment ends the line: a newline token with
				 * the comment's range (hclsyntax's fake newline) */
				*after = i + 1;
				return t;
			}
			continue;
		}
		if (t->kind == HCL_TOK_NEWLINE && !including_newlines(p))
			continue;
		*after = i + 1;
		return t;
	}
	*after = p->ntoks;
	return &p->toks[p->ntoks - 1];
}

/* Token kind with comments-as-newlines mapped. */
static enum hcl_tok kind_of(const struct hcl_token *t)
{
	return t->kind == HCL_TOK_COMMENT ? HCL_TOK_NEWLINE : t->kind;
}

static const struct hcl_token *peek(struct parser *p)
{
	size_t after;
	return next_token(p, &after);
}

static enum hcl_tok peek_kind(struct parser *p)
{
	return kind_of(peek(p));
}

static const struct hcl_token *read_tok(struct parser *p)
{
	size_t after;
	const struct hcl_token *t = next_token(p, &after);
	p->next = after;
	return t;
}

static struct span prev_range(struct parser *p)
{
	if (p->next == 0)
		return peek(p)->span;
	return p->toks[p->next - 1].span;
}

static struct span between(struct span a, struct span b)
{
	struct span r = a;
	if (b.end.off > a.end.off || (b.end.off == a.end.off && b.end.line > a.end.line))
		r.end = b.end;
	if (b.start.off < a.start.off)
		r.start = b.start;
	return r;
}

static bool tok_is(const struct hcl_token *t, const char *kw)
{
	return t->kind == HCL_TOK_IDENT && t->text.len == strlen(kw) &&
	       memcmp(t->text.p, kw, t->text.len) == 0;
}

static enum hcl_tok opposite(enum hcl_tok k)
{
	switch (k) {
	case HCL_TOK_OBRACE: return HCL_TOK_CBRACE;
	case HCL_TOK_OBRACK: return HCL_TOK_CBRACK;
	case HCL_TOK_OPAREN: return HCL_TOK_CPAREN;
	case HCL_TOK_OQUOTE: return HCL_TOK_CQUOTE;
	case HCL_TOK_OHEREDOC: return HCL_TOK_CHEREDOC;
	case HCL_TOK_CBRACE: return HCL_TOK_OBRACE;
	case HCL_TOK_CBRACK: return HCL_TOK_OBRACK;
	case HCL_TOK_CPAREN: return HCL_TOK_OPAREN;
	case HCL_TOK_CQUOTE: return HCL_TOK_OQUOTE;
	case HCL_TOK_CHEREDOC: return HCL_TOK_OHEREDOC;
	case HCL_TOK_TEMPLATE_CONTROL:
	case HCL_TOK_TEMPLATE_INTERP: return HCL_TOK_TEMPLATE_SEQ_END;
	case HCL_TOK_TEMPLATE_SEQ_END: return HCL_TOK_TEMPLATE_INTERP;
	default: return (enum hcl_tok)-1;
	}
}

static const struct hcl_token *recover_to(struct parser *p, enum hcl_tok end)
{
	enum hcl_tok start = opposite(end);
	p->recovery = true;
	int nest = 0;
	for (;;) {
		const struct hcl_token *t = read_tok(p);
		enum hcl_tok ty = kind_of(t);
		if (end == HCL_TOK_TEMPLATE_SEQ_END && ty == HCL_TOK_TEMPLATE_CONTROL)
			ty = HCL_TOK_TEMPLATE_INTERP;
		if (ty == HCL_TOK_EOF)
			return t;
		if (ty == start) {
			nest++;
		} else if (ty == end) {
			if (nest < 1)
				return t;
			nest--;
		}
	}
}

static void recover_after_body_item(struct parser *p)
{
	p->recovery = true;
	enum hcl_tok *open = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		const struct hcl_token *t = read_tok(p);
		enum hcl_tok k = kind_of(t);
		switch (k) {
		case HCL_TOK_NEWLINE:
			if (n == 0)
				goto out;
			break;
		case HCL_TOK_EOF:
			goto out;
		case HCL_TOK_OBRACE:
		case HCL_TOK_OBRACK:
		case HCL_TOK_OPAREN:
		case HCL_TOK_OQUOTE:
		case HCL_TOK_OHEREDOC:
		case HCL_TOK_TEMPLATE_INTERP:
		case HCL_TOK_TEMPLATE_CONTROL:
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 16;
				open = arena_realloc(p->a, open, cap * sizeof(*open), nc * sizeof(*open));
				cap = nc;
			}
			open[n++] = k;
			break;
		case HCL_TOK_CBRACE:
		case HCL_TOK_CBRACK:
		case HCL_TOK_CPAREN:
		case HCL_TOK_CQUOTE:
		case HCL_TOK_CHEREDOC: {
			enum hcl_tok opener = opposite(k);
			while (n > 0 && open[n - 1] != opener)
				n--;
			if (n > 0)
				n--;
			break;
		}
		case HCL_TOK_TEMPLATE_SEQ_END:
			while (n > 0 && open[n - 1] != HCL_TOK_TEMPLATE_INTERP &&
			       open[n - 1] != HCL_TOK_TEMPLATE_CONTROL)
				n--;
			if (n > 0)
				n--;
			break;
		default:
			break;
		}
	}
out:
	return;
}

/* ---- node helpers ---- */


/* Bytes a node of kind k needs: the header plus its union member (a 1 MB
 * file has ~10^5 nodes, so sizing them matters; only that member is ever
 * accessed). */
static size_t expr_size(enum hcl_expr_kind k)
{
	const size_t base = offsetof(struct hcl_expr, u);
	struct hcl_expr *z = NULL;
	switch (k) {
	case HCL_EXPR_LITERAL: return base + sizeof(z->u.lit);
	case HCL_EXPR_TEMPLATE: return base + sizeof(z->u.tmpl);
	case HCL_EXPR_TEMPLATE_WRAP:
	case HCL_EXPR_TEMPLATE_JOIN:
	case HCL_EXPR_PAREN: return base + sizeof(z->u.wrap);
	case HCL_EXPR_SCOPE_TRAV:
	case HCL_EXPR_REL_TRAV: return base + sizeof(z->u.trav);
	case HCL_EXPR_INDEX: return base + sizeof(z->u.index);
	case HCL_EXPR_SPLAT: return base + sizeof(z->u.splat);
	case HCL_EXPR_COND: return base + sizeof(z->u.cond);
	case HCL_EXPR_BINARY: return base + sizeof(z->u.bin);
	case HCL_EXPR_UNARY: return base + sizeof(z->u.un);
	case HCL_EXPR_TUPLE: return base + sizeof(z->u.tuple);
	case HCL_EXPR_OBJECT: return base + sizeof(z->u.obj);
	case HCL_EXPR_OBJKEY: return base + sizeof(z->u.objkey);
	default: return sizeof(struct hcl_expr);
	}
}

static struct hcl_expr *new_expr(struct parser *p, enum hcl_expr_kind k, struct span sp)
{
	struct hcl_expr *e = arena_alloc(p->a, expr_size(k));
	e->kind = k;
	e->span = sp;
	return e;
}

static struct hcl_expr *placeholder(struct parser *p, struct span sp)
{
	struct hcl_expr *e = new_expr(p, HCL_EXPR_LITERAL, sp);
	e->u.lit = hcl_value_null(p->a, &hcl_type_dynamic);
	return e;
}

static struct hcl_expr *string_lit(struct parser *p, const char *s, size_t len, struct span sp)
{
	struct hcl_expr *e = new_expr(p, HCL_EXPR_LITERAL, sp);
	e->u.lit = hcl_value_string(p->a, s, len);
	return e;
}

/* A growable array of pointers in the arena. */
struct vec {
	void **v;
	size_t n, cap;
};

static void vec_push(struct parser *p, struct vec *v, void *x)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 4;
		v->v = arena_realloc(p->a, v->v, v->cap * sizeof(void *), nc * sizeof(void *));
		v->cap = nc;
	}
	v->v[v->n++] = x;
}

static bool enter(struct parser *p)
{
	if (p->abort)
		return false;
	if (++p->depth > HCL_MAX_DEPTH) {
		const struct hcl_token *t = peek(p);
		diag_error_detail(p->d, &t->span, "Nesting too deep",
				  "Expressions, templates and blocks may be nested at most %d levels deep.",
				  HCL_MAX_DEPTH);
		p->abort = true;
		p->recovery = true;
		p->depth--;
		return false;
	}
	return true;
}

static void leave(struct parser *p)
{
	p->depth--;
}

/* ---- string literal tokens ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}


static size_t utf8_len_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t l = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	return l > n ? n : l;
}

/* Decodes a QuotedLit / StringLit token (hclsyntax's
 * ParseStringLiteralToken): escapes (quoted only), $${ and %%{. */
static struct str decode_lit(struct parser *p, const struct hcl_token *t)
{
	bool quoted = t->kind == HCL_TOK_QUOTED_LIT;
	const char *s = t->text.p;
	size_t n = t->text.len;
	/* fast path: nothing to decode */
	bool plain = true;
	for (size_t i = 0; i < n; i++) {
		if ((quoted && s[i] == '\\') || ((s[i] == '$' || s[i] == '%') && i + 2 < n + 0 &&
						 s[i + 1] == s[i] && s[i + 2] == '{')) {
			plain = false;
			break;
		}
	}
	if (plain)
		return (struct str){ s, n };

	struct strbuf sb = STRBUF_INIT;
	struct pos pos = t->span.start;
	size_t i = 0;
	while (i < n) {
		size_t sl; /* slice length */
		if (quoted && s[i] == '\\') {
			if (i + 1 >= n) {
				sl = 1;
			} else if (s[i + 1] == 'u' || s[i + 1] == 'U') {
				size_t want = s[i + 1] == 'u' ? 4 : 8, h = 0;
				while (h < want && i + 2 + h < n && hexval(s[i + 2 + h]) >= 0)
					h++;
				sl = 2 + h; /* the hex digits present belong to the slice */
			} else {
				sl = 1 + utf8_len_at(s + i + 1, n - i - 1);
			}
		} else if ((s[i] == '$' || s[i] == '%') && i + 2 < n + 0 && s[i + 1] == s[i] &&
			   s[i + 2] == '{') {
			sl = 3;
		} else {
			sl = 1;
			while (i + sl < n && !(quoted && s[i + sl] == '\\') &&
			       !((s[i + sl] == '$' || s[i + sl] == '%') && i + sl + 2 < n &&
				 s[i + sl + 1] == s[i + sl] && s[i + sl + 2] == '{'))
				sl++;
		}
		struct span rng = { .file = p->file, .start = pos };
		hcl_pos_advance(&pos, s + i, sl);
		rng.end = pos;
		const char *sp = s + i;
		i += sl;
		if (quoted && sp[0] == '\\') {
			if (sl < 2) {
				diag_error_detail(p->d, &rng, "Invalid escape sequence", "%s",
						  "Backslash must be followed by an escape sequence selector character.");
				strbuf_add(&sb, sp, sl);
				continue;
			}
			switch (sp[1]) {
			case 'n': strbuf_addch(&sb, '\n'); continue;
			case 'r': strbuf_addch(&sb, '\r'); continue;
			case 't': strbuf_addch(&sb, '\t'); continue;
			case '"': strbuf_addch(&sb, '"'); continue;
			case '\\': strbuf_addch(&sb, '\\'); continue;
			case 'u':
			case 'U': {
				if (sp[1] == 'u' && sl != 6) {
					diag_error_detail(p->d, &rng, "Invalid escape sequence", "%s",
							  "The \\u escape sequence must be followed by four hexadecimal digits.");
					strbuf_add(&sb, sp, sl);
					continue;
				}
				if (sp[1] == 'U' && sl != 10) {
					diag_error_detail(p->d, &rng, "Invalid escape sequence", "%s",
							  "The \\U escape sequence must be followed by eight hexadecimal digits.");
					strbuf_add(&sb, sp, sl);
					continue;
				}
				unsigned long cp = 0;
				for (size_t k = 2; k < sl; k++)
					cp = cp * 16 + (unsigned)hexval(sp[k]);
				if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
					diag_error_detail(p->d, &rng, "Invalid escape sequence",
							  "Cannot encode character U+%04lx in UTF-8.", cp);
					strbuf_add(&sb, sp, sl);
					continue;
				}
				util_utf8_put(&sb, (unsigned)cp);
				continue;
			}
			default:
				diag_error_detail(p->d, &rng, "Invalid escape sequence",
						  "The symbol \"%.*s\" is not a valid escape sequence selector.",
						  (int)(sl - 1), sp + 1);
				strbuf_add(&sb, sp + 1, sl - 1);
				continue;
			}
		}
		if (sl == 3 && (sp[0] == '$' || sp[0] == '%') && sp[1] == sp[0] && sp[2] == '{') {
			strbuf_addch(&sb, sp[0]);
			strbuf_addch(&sb, '{');
			continue;
		}
		strbuf_add(&sb, sp, sl);
	}
	struct str r = { arena_memdup(p->a, sb.buf, sb.len + 1), sb.len };
	strbuf_release(&sb);
	return r;
}

/* ---- templates ---- */

enum tt_kind { TT_LIT, TT_INTERP, TT_IF, TT_FOR, TT_ELSE, TT_ENDIF, TT_ENDFOR, TT_END };

struct ttok {
	enum tt_kind kind;
	struct str val; /* TT_LIT */
	struct span span;
	struct hcl_expr *expr; /* TT_INTERP, TT_IF cond, TT_FOR coll */
	struct str key_var, val_var;
};

struct tparts {
	struct ttok *t;
	size_t n, cap;
	struct span span;
};

static struct ttok *tpush(struct parser *p, struct tparts *tp, enum tt_kind k, struct span sp)
{
	(void)p;
	if (tp->n == tp->cap) {
		/* transient: heap, freed when the template is built */
		size_t nc = tp->cap ? tp->cap * 2 : 4;
		tp->t = util_xrealloc(tp->t, nc * sizeof(*tp->t));
		tp->cap = nc;
	}
	struct ttok *t = &tp->t[tp->n++];
	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->span = sp;
	return t;
}

static struct hcl_expr *parse_expression(struct parser *p);

static bool is_space_cp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Unicode White_Space beyond ASCII: U+0085, U+00A0 and a few more; handled
 * for the common two-byte cases. */
static size_t space_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (is_space_cp((unsigned char)s[i])) {
			i++;
		} else if (i + 1 < n && (unsigned char)s[i] == 0xC2 &&
			   ((unsigned char)s[i + 1] == 0x85 || (unsigned char)s[i + 1] == 0xA0)) {
			i += 2;
		} else {
			break;
		}
	}
	return i;
}

static size_t space_suffix(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0) {
		if (is_space_cp((unsigned char)s[i - 1])) {
			i--;
		} else if (i >= 2 && (unsigned char)s[i - 2] == 0xC2 &&
			   ((unsigned char)s[i - 1] == 0x85 || (unsigned char)s[i - 1] == 0xA0)) {
			i -= 2;
		} else {
			break;
		}
	}
	return n - i;
}

static void parse_template_parts(struct parser *p, struct tparts *tp, enum hcl_tok end)
{
	struct span start = peek(p)->span;
	struct span end_range = start;
	bool ltrim_next = false, next_can_trim_prev = false;

	for (;;) {
		const struct hcl_token *next = read_tok(p);
		if (kind_of(next) == end) {
			end_range = next->span;
			break;
		}
		bool ltrim = ltrim_next;
		ltrim_next = false;
		bool can_trim_prev = next_can_trim_prev;
		next_can_trim_prev = false;

		switch (next->kind) {
		case HCL_TOK_STRING_LIT:
		case HCL_TOK_QUOTED_LIT: {
			struct str v = decode_lit(p, next);
			if (ltrim) {
				size_t k = space_prefix(v.p, v.len);
				v.p += k;
				v.len -= k;
			}
			struct ttok *t = tpush(p, tp, TT_LIT, next->span);
			t->val = v;
			next_can_trim_prev = true;
			break;
		}
		case HCL_TOK_TEMPLATE_INTERP: {
			if (can_trim_prev && next->text.len == 3 && next->text.p[2] == '~' && tp->n > 0 &&
			    tp->t[tp->n - 1].kind == TT_LIT) {
				struct str *v = &tp->t[tp->n - 1].val;
				v->len -= space_suffix(v->p, v->len);
			}
			push_nl(p, false);
			struct hcl_expr *e = parse_expression(p);
			bool had_err = false;
			(void)had_err;
			const struct hcl_token *close = peek(p);
			struct span close_span = close->span;
			if (close->kind != HCL_TOK_TEMPLATE_SEQ_END) {
				if (!p->recovery) {
					if (close->kind == HCL_TOK_EOF) {
						diag_error_detail(p->d, &start, "Unclosed template interpolation sequence", "%s",
								  "There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.");
					} else if (close->kind == HCL_TOK_COLON) {
						diag_error_detail(p->d, &close->span, "Extra characters after interpolation expression", "%s",
								  "Template interpolation doesn't expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with \"$${\" instead of just \"${\".");
					} else if ((close->kind == HCL_TOK_CQUOTE || close->kind == HCL_TOK_OQUOTE) &&
						   end == HCL_TOK_CQUOTE) {
						diag_error_detail(p->d, &start, "Unclosed template interpolation sequence", "%s",
								  "There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.");
					} else {
						diag_error_detail(p->d, &close->span, "Extra characters after interpolation expression", "%s",
								  "Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with \"$${\" instead of just \"${\".");
					}
				}
				recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
			} else {
				read_tok(p);
				if (close->text.len == 2 && close->text.p[0] == '~')
					ltrim_next = true;
			}
			pop_nl(p);
			struct ttok *t = tpush(p, tp, TT_INTERP, between(next->span, close_span));
			t->expr = e;
			break;
		}
		case HCL_TOK_TEMPLATE_CONTROL: {
			if (can_trim_prev && next->text.len == 3 && next->text.p[2] == '~' && tp->n > 0 &&
			    tp->t[tp->n - 1].kind == TT_LIT) {
				struct str *v = &tp->t[tp->n - 1].val;
				v->len -= space_suffix(v->p, v->len);
			}
			push_nl(p, false);
			const struct hcl_token *kw = peek(p);
			if (kw->kind != HCL_TOK_IDENT) {
				if (!p->recovery)
					diag_error_detail(p->d, &kw->span, "Invalid template directive", "%s",
							  "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of a %{ sequence.");
				recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
				pop_nl(p);
				continue;
			}
			read_tok(p);
			if (tok_is(kw, "if")) {
				struct hcl_expr *c = parse_expression(p);
				struct ttok *t = tpush(p, tp, TT_IF, between(next->span, peek(p)->span));
				t->expr = c;
			} else if (tok_is(kw, "else")) {
				tpush(p, tp, TT_ELSE, between(next->span, peek(p)->span));
			} else if (tok_is(kw, "endif")) {
				tpush(p, tp, TT_ENDIF, between(next->span, peek(p)->span));
			} else if (tok_is(kw, "endfor")) {
				tpush(p, tp, TT_ENDFOR, between(next->span, peek(p)->span));
			} else if (tok_is(kw, "for")) {
				struct str keyn = { "", 0 }, valn;
				if (peek_kind(p) != HCL_TOK_IDENT) {
					if (!p->recovery)
						diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' directive", "%s",
								  "For directive requires variable name after 'for'.");
					recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
					pop_nl(p);
					continue;
				}
				valn = read_tok(p)->text;
				if (peek_kind(p) == HCL_TOK_COMMA) {
					keyn = valn;
					read_tok(p);
					if (peek_kind(p) != HCL_TOK_IDENT) {
						if (!p->recovery)
							diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' directive", "%s",
									  "For directive requires value variable name after comma.");
						recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
						pop_nl(p);
						continue;
					}
					valn = read_tok(p)->text;
				}
				if (!tok_is(peek(p), "in")) {
					if (!p->recovery)
						diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' directive", "%s",
								  "For directive requires 'in' keyword after names.");
					recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
					pop_nl(p);
					continue;
				}
				read_tok(p);
				struct hcl_expr *coll = parse_expression(p);
				struct ttok *t = tpush(p, tp, TT_FOR, between(next->span, peek(p)->span));
				t->expr = coll;
				t->key_var = keyn;
				t->val_var = valn;
			} else {
				if (!p->recovery) {
					static const char *const sugg[] = { "if", "for", "else", "endif", "endfor" };
					char *given = arena_strndup(p->a, kw->text.p, kw->text.len);
					const char *s = hcl_suggest(given, sugg, ARRAY_LEN(sugg));
					diag_error_detail(p->d, &kw->span, "Invalid template control keyword",
							  "\"%s\" is not a valid template control keyword.%s%s%s", given,
							  s ? " Did you mean \"" : "", s ? s : "", s ? "\"?" : "");
				}
				recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
				pop_nl(p);
				continue;
			}
			const struct hcl_token *close = peek(p);
			if (close->kind != HCL_TOK_TEMPLATE_SEQ_END) {
				if (!p->recovery)
					diag_error_detail(p->d, &close->span,
							  arena_printf(p->a, "Extra characters in %.*s marker",
								       (int)kw->text.len, kw->text.p),
							  "%s", "Expected a closing brace to end the sequence, but found extra characters.");
				recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
			} else {
				read_tok(p);
				if (close->text.len == 2 && close->text.p[0] == '~')
					ltrim_next = true;
			}
			pop_nl(p);
			break;
		}
		default:
			if (!p->recovery)
				diag_error_detail(p->d, &next->span, "Unterminated template string", "%s",
						  "No closing marker was found for the string.");
			end_range = recover_to(p, end)->span;
			goto done;
		}
	}
done:
	if (tp->n == 0) {
		struct span sp = start;
		/* zero width at the end of the first token after the opener
		 * (hclsyntax's choice: after the closing quote of "") */
		sp.start = start.end;
		struct ttok *t = tpush(p, tp, TT_LIT, sp);
		t->val = (struct str){ "", 0 };
	}
	tpush(p, tp, TT_END, end_range);
	tp->span = between(start, end_range);
}

/* Counts leading white-space characters of a literal the way HCL's flush
 * heredoc rule does (characters, not bytes). */
static size_t count_chars(const char *s, size_t n)
{
	struct pos ps = { 1, 1, 0 };
	hcl_pos_advance(&ps, s, n);
	return ps.col - 1;
}

static void flush_heredoc(struct parser *p, struct tparts *tp)
{
	size_t min = (size_t)-1;
	bool newline = true;
	bool *adjust = util_xcalloc(tp->n ? tp->n : 1, 1);
	for (size_t i = 0; i < tp->n; i++) {
		struct ttok *t = &tp->t[i];
		if (newline) {
			newline = false;
			size_t spaces = 0;
			if (t->kind == TT_LIT) {
				size_t k = space_prefix(t->val.p, t->val.len);
				if (k == t->val.len && t->val.len > 0 && t->val.p[t->val.len - 1] == '\n') {
					spaces = (size_t)-1; /* blank line: not counted */
				} else {
					spaces = count_chars(t->val.p, k);
					adjust[i] = true;
				}
			} else if (t->kind == TT_END) {
				break;
			}
			if (spaces < min)
				min = spaces;
		}
		if (t->kind == TT_LIT && t->val.len > 0 && t->val.p[t->val.len - 1] == '\n')
			newline = true;
	}
	for (size_t i = 0; i < tp->n; i++) {
		struct ttok *t = &tp->t[i];
		if (!adjust[i])
			continue;
		size_t b = 0, c = 0;
		while (c < min && b < t->val.len) {
			b += utf8_len_at(t->val.p + b, t->val.len - b);
			c++;
		}
		t->val.p += b;
		t->val.len -= b;
		t->span.start.col += (unsigned)c;
		t->span.start.off += b;
	}
	free(adjust);
}

struct tparser {
	struct parser *p;
	struct tparts *tp;
	size_t pos;
};

static struct ttok *tpeek(struct tparser *tq)
{
	return &tq->tp->t[tq->pos];
}

static struct ttok *tread(struct tparser *tq)
{
	struct ttok *t = tpeek(tq);
	if (t->kind != TT_END)
		tq->pos++;
	return t;
}

static struct hcl_expr *tparse_expr(struct tparser *tq);

static const char *ctrl_name(enum tt_kind k)
{
	return k == TT_ELSE ? "else" : k == TT_ENDIF ? "endif" : "endfor";
}

static char *range_text(struct parser *p, struct span sp)
{
	if (sp.start.line == sp.end.line)
		return arena_printf(p->a, "%s:%u,%u-%u", sp.file, sp.start.line, sp.start.col,
				    sp.end.col);
	return arena_printf(p->a, "%s:%u,%u-%u,%u", sp.file, sp.start.line, sp.start.col,
			    sp.end.line, sp.end.col);
}

static struct hcl_expr *make_template(struct parser *p, struct vec *parts)
{
	struct hcl_expr *first = parts->v[0], *last = parts->v[parts->n - 1];
	struct hcl_expr *e = new_expr(p, HCL_EXPR_TEMPLATE, between(first->span, last->span));
	e->u.tmpl.n = parts->n;
	e->u.tmpl.parts = (struct hcl_expr **)parts->v;
	return e;
}

static struct hcl_expr *tparse_if(struct tparser *tq)
{
	struct parser *p = tq->p;
	struct ttok *open = tread(tq);
	struct vec ifs = { 0 }, elses = { 0 };
	struct vec *cur = &ifs;
	struct span endif_range = open->span;
	for (;;) {
		struct ttok *next = tpeek(tq);
		if (next->kind == TT_END) {
			diag_error_detail(p->d, &next->span, "Unexpected end of template",
					  "The if directive at %s is missing its corresponding endif directive.",
					  range_text(p, open->span));
			return placeholder(p, next->span);
		}
		if (next->kind == TT_ELSE || next->kind == TT_ENDIF || next->kind == TT_ENDFOR) {
			tread(tq);
			if (next->kind == TT_ELSE) {
				if (cur == &ifs) {
					cur = &elses;
					continue;
				}
				diag_error_detail(p->d, &next->span, "Unexpected else directive",
						  "Already in the else clause for the if started at %s.",
						  range_text(p, open->span));
			} else if (next->kind == TT_ENDIF) {
				endif_range = next->span;
				break;
			} else {
				diag_error_detail(p->d, &next->span,
						  arena_printf(p->a, "Unexpected %s directive", ctrl_name(next->kind)),
						  "Expecting an endif directive for the if started at %s.",
						  range_text(p, open->span));
			}
			return placeholder(p, next->span);
		}
		vec_push(p, cur, tparse_expr(tq));
	}
	if (ifs.n == 0) {
		struct span sp = open->span;
		sp.start = sp.end;
		vec_push(p, &ifs, string_lit(p, "", 0, sp));
	}
	if (elses.n == 0) {
		struct span sp = endif_range;
		sp.end = sp.start;
		vec_push(p, &elses, string_lit(p, "", 0, sp));
	}
	struct hcl_expr *e = new_expr(p, HCL_EXPR_COND, between(open->span, endif_range));
	e->u.cond.c = open->expr;
	e->u.cond.t = make_template(p, &ifs);
	e->u.cond.f = make_template(p, &elses);
	return e;
}

static struct hcl_expr *tparse_for(struct tparser *tq)
{
	struct parser *p = tq->p;
	struct ttok *open = tread(tq);
	struct vec content = { 0 };
	struct span endfor_range = open->span;
	for (;;) {
		struct ttok *next = tpeek(tq);
		if (next->kind == TT_END) {
			diag_error_detail(p->d, &next->span, "Unexpected end of template",
					  "The for directive at %s is missing its corresponding endfor directive.",
					  range_text(p, open->span));
			return placeholder(p, next->span);
		}
		if (next->kind == TT_ELSE || next->kind == TT_ENDIF || next->kind == TT_ENDFOR) {
			tread(tq);
			if (next->kind == TT_ELSE) {
				diag_error_detail(p->d, &next->span, "Unexpected else directive", "%s",
						  "An else clause is not expected for a for directive.");
			} else if (next->kind == TT_ENDFOR) {
				endfor_range = next->span;
				break;
			} else {
				diag_error_detail(p->d, &next->span,
						  arena_printf(p->a, "Unexpected %s directive", ctrl_name(next->kind)),
						  "Expecting an endfor directive corresponding to the for directive at %s.",
						  range_text(p, open->span));
			}
			return placeholder(p, next->span);
		}
		vec_push(p, &content, tparse_expr(tq));
	}
	if (content.n == 0) {
		struct span sp = open->span;
		sp.start = sp.end;
		vec_push(p, &content, string_lit(p, "", 0, sp));
	}
	struct hcl_expr *fe = new_expr(p, HCL_EXPR_FOR, between(open->span, endfor_range));
	fe->u.forx.key_var = open->key_var;
	fe->u.forx.val_var = open->val_var;
	fe->u.forx.coll = open->expr;
	fe->u.forx.val = make_template(p, &content);
	fe->u.forx.open = open->span;
	fe->u.forx.close = endfor_range;
	struct hcl_expr *j = new_expr(p, HCL_EXPR_TEMPLATE_JOIN, fe->span);
	j->u.wrap = fe;
	return j;
}

static struct hcl_expr *tparse_expr(struct tparser *tq)
{
	struct parser *p = tq->p;
	struct ttok *t = tpeek(tq);
	switch (t->kind) {
	case TT_LIT:
		tread(tq);
		return string_lit(p, t->val.p, t->val.len, t->span);
	case TT_INTERP:
		tread(tq);
		return t->expr;
	case TT_IF:
		return tparse_if(tq);
	case TT_FOR:
		return tparse_for(tq);
	case TT_END:
		tread(tq);
		diag_error_detail(p->d, &t->span, "Unexpected end of template", "%s",
				  "The control directives within this template are unbalanced.");
		return placeholder(p, t->span);
	default:
		tread(tq);
		diag_error_detail(p->d, &t->span,
				  arena_printf(p->a, "Unexpected %s directive", ctrl_name(t->kind)), "%s",
				  "The control directives within this template are unbalanced.");
		return placeholder(p, t->span);
	}
}

/* Parses template content up to `end`; *passthru when it is exactly one
 * interpolation. */
static struct vec parse_template_inner(struct parser *p, enum hcl_tok end, bool flush,
				       bool *passthru)
{
	struct tparts tp = { 0 };
	parse_template_parts(p, &tp, end);
	if (flush)
		flush_heredoc(p, &tp);
	struct tparser tq = { .p = p, .tp = &tp };
	struct vec exprs = { 0 };
	while (tpeek(&tq)->kind != TT_END)
		vec_push(p, &exprs, tparse_expr(&tq));
	*passthru = tp.n == 2 && tp.t[0].kind == TT_INTERP;
	free(tp.t);
	return exprs;
}

/* ---- expressions ---- */

static struct hcl_expr *parse_binary(struct parser *p, int level);
static struct hcl_expr *parse_with_traversals(struct parser *p);

static struct hcl_expr *parse_expression(struct parser *p)
{
	struct span start = peek(p)->span;
	size_t before = p->d->errors;
	struct hcl_expr *c = parse_binary(p, 0);
	if (p->recovery && p->d->errors > before)
		return c;
	if (peek_kind(p) != HCL_TOK_QUESTION)
		return c;
	read_tok(p);
	if (!enter(p))
		return c;
	before = p->d->errors;
	struct hcl_expr *t = parse_expression(p);
	if (p->recovery && p->d->errors > before) {
		leave(p);
		return c;
	}
	const struct hcl_token *colon = peek(p);
	if (colon->kind != HCL_TOK_COLON) {
		diag_error_detail(p->d, &colon->span, "Missing false expression in conditional", "%s",
				  "The conditional operator (...?...:...) requires a false expression, delimited by a colon.");
		leave(p);
		return c;
	}
	read_tok(p);
	before = p->d->errors;
	struct hcl_expr *f = parse_expression(p);
	leave(p);
	if (p->recovery && p->d->errors > before)
		return c;
	struct hcl_expr *e = new_expr(p, HCL_EXPR_COND, between(start, f->span));
	e->u.cond.c = c;
	e->u.cond.t = t;
	e->u.cond.f = f;
	return e;
}

/* Precedence levels, lowest first. */
static bool op_at_level(int level, enum hcl_tok k, enum hcl_op *op)
{
	switch (level) {
	case 0:
		if (k == HCL_TOK_OR) { *op = HCL_OP_OR; return true; }
		return false;
	case 1:
		if (k == HCL_TOK_AND) { *op = HCL_OP_AND; return true; }
		return false;
	case 2:
		if (k == HCL_TOK_EQUAL_OP) { *op = HCL_OP_EQ; return true; }
		if (k == HCL_TOK_NOT_EQUAL) { *op = HCL_OP_NE; return true; }
		return false;
	case 3:
		if (k == HCL_TOK_GT) { *op = HCL_OP_GT; return true; }
		if (k == HCL_TOK_GE) { *op = HCL_OP_GE; return true; }
		if (k == HCL_TOK_LT) { *op = HCL_OP_LT; return true; }
		if (k == HCL_TOK_LE) { *op = HCL_OP_LE; return true; }
		return false;
	case 4:
		if (k == HCL_TOK_PLUS) { *op = HCL_OP_ADD; return true; }
		if (k == HCL_TOK_MINUS) { *op = HCL_OP_SUB; return true; }
		return false;
	case 5:
		if (k == HCL_TOK_STAR) { *op = HCL_OP_MUL; return true; }
		if (k == HCL_TOK_SLASH) { *op = HCL_OP_DIV; return true; }
		if (k == HCL_TOK_PERCENT) { *op = HCL_OP_MOD; return true; }
		return false;
	default:
		return false;
	}
}

static struct hcl_expr *parse_binary(struct parser *p, int level)
{
	if (level > 5)
		return parse_with_traversals(p);
	size_t before = p->d->errors;
	struct hcl_expr *lhs = parse_binary(p, level + 1);
	if (p->recovery && p->d->errors > before)
		return lhs;
	struct hcl_expr *rhs = NULL;
	enum hcl_op op = 0, newop;
	bool have = false;
	while (op_at_level(level, peek_kind(p), &newop)) {
		if (have) {
			struct hcl_expr *b = new_expr(p, HCL_EXPR_BINARY, between(lhs->span, rhs->span));
			b->u.bin.op = op;
			b->u.bin.l = lhs;
			b->u.bin.r = rhs;
			lhs = b;
		}
		op = newop;
		have = true;
		read_tok(p);
		before = p->d->errors;
		rhs = parse_binary(p, level + 1);
		if (p->recovery && p->d->errors > before)
			return lhs;
	}
	if (!have)
		return lhs;
	struct hcl_expr *b = new_expr(p, HCL_EXPR_BINARY, between(lhs->span, rhs->span));
	b->u.bin.op = op;
	b->u.bin.l = lhs;
	b->u.bin.r = rhs;
	return b;
}

static struct hcl_value *number_value(struct parser *p, const struct hcl_token *t)
{
	const struct hcl_num *n = hcl_num_parse(p->a, t->text.p, t->text.len, false);
	if (!n) {
		diag_error_detail(p->d, &t->span, "Invalid number literal", "%s",
				  "Failed to recognize the value of this number literal.");
		return hcl_value_null(p->a, &hcl_type_number);
	}
	return hcl_value_number(p->a, n);
}

static void add_step(struct parser *p, struct hcl_expr **ret, struct hcl_step st)
{
	struct hcl_expr *e = *ret;
	if (e->kind != HCL_EXPR_SCOPE_TRAV && e->kind != HCL_EXPR_REL_TRAV) {
		struct hcl_expr *r = new_expr(p, HCL_EXPR_REL_TRAV, between(e->span, st.span));
		r->u.trav.src = e;
		e = r;
		*ret = r;
	}
	e->u.trav.steps = arena_realloc(p->a, e->u.trav.steps, e->u.trav.n * sizeof(struct hcl_step),
					(e->u.trav.n + 1) * sizeof(struct hcl_step));
	e->u.trav.steps[e->u.trav.n++] = st;
	e->span = between(e->span, st.span);
}

static bool is_string_literal_template(const struct hcl_expr *e)
{
	return e->kind == HCL_EXPR_TEMPLATE && e->u.tmpl.n == 1 &&
	       e->u.tmpl.parts[0]->kind == HCL_EXPR_LITERAL &&
	       e->u.tmpl.parts[0]->u.lit->type->kind == HCL_T_STRING;
}

static struct hcl_expr *parse_traversals(struct parser *p, struct hcl_expr *from)
{
	struct hcl_expr *ret = from;
	for (;;) {
		const struct hcl_token *next = peek(p);
		if (next->kind == HCL_TOK_DOT) {
			const struct hcl_token *dot = read_tok(p);
			const struct hcl_token *at = peek(p);
			if (at->kind == HCL_TOK_IDENT) {
				read_tok(p);
				struct hcl_step st = { .kind = HCL_STEP_ATTR, .name = at->text,
						       .span = between(dot->span, at->span) };
				add_step(p, &ret, st);
			} else if (at->kind == HCL_TOK_NUMBER) {
				read_tok(p);
				struct hcl_step st = { .kind = HCL_STEP_INDEX,
						       .span = between(dot->span, at->span) };
				const char *dp = memchr(at->text.p, '.', at->text.len);
				if (dp) {
					int fl = (int)(dp - at->text.p);
					diag_error_detail(p->d, &at->span, "Invalid legacy index syntax",
							  "When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [%.*s][%.*s].",
							  fl, at->text.p, (int)(at->text.len - fl - 1), dp + 1);
					st.key = hcl_value_null(p->a, &hcl_type_dynamic);
				} else {
					st.key = number_value(p, at);
				}
				add_step(p, &ret, st);
			} else if (at->kind == HCL_TOK_STAR) {
				const struct hcl_token *marker = read_tok(p);
				struct hcl_expr *item = new_expr(p, HCL_EXPR_ANON, between(dot->span, marker->span));
				struct hcl_expr *trav = item;
				struct span first = peek(p)->span, last = marker->span;
				bool any = false;
				while (peek_kind(p) == HCL_TOK_DOT) {
					const struct hcl_token *d2 = read_tok(p);
					const struct hcl_token *nt = peek(p);
					struct hcl_step st = { 0 };
					if (nt->kind == HCL_TOK_NUMBER) {
						read_tok(p);
						st.kind = HCL_STEP_INDEX;
						st.span = between(d2->span, nt->span);
						if (memchr(nt->text.p, '.', nt->text.len)) {
							const char *dp = memchr(nt->text.p, '.', nt->text.len);
							int fl = (int)(dp - nt->text.p);
							diag_error_detail(p->d, &at->span, "Invalid legacy index syntax",
									  "When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax with a full splat expression [*] instead, like [%.*s][%.*s].",
									  fl, nt->text.p, (int)(nt->text.len - fl - 1), dp + 1);
							st.key = hcl_value_null(p->a, &hcl_type_dynamic);
						} else {
							st.key = number_value(p, nt);
						}
					} else if (nt->kind == HCL_TOK_IDENT) {
						read_tok(p);
						st.kind = HCL_STEP_ATTR;
						st.name = nt->text;
						st.span = between(d2->span, nt->span);
					} else {
						if (!p->recovery) {
							if (nt->kind == HCL_TOK_STAR)
								diag_error_detail(p->d, &nt->span, "Nested splat expression not allowed", "%s",
										  "A splat expression (*) cannot be used inside another attribute-only splat expression.");
							else
								diag_error_detail(p->d, &at->span, "Invalid attribute name", "%s",
										  "An attribute name is required after a dot.");
						}
						p->recovery = true;
						break;
					}
					if (!any) {
						trav = new_expr(p, HCL_EXPR_REL_TRAV, first);
						trav->u.trav.src = item;
						any = true;
					}
					trav->u.trav.steps = arena_realloc(p->a, trav->u.trav.steps,
									   trav->u.trav.n * sizeof(struct hcl_step),
									   (trav->u.trav.n + 1) * sizeof(struct hcl_step));
					trav->u.trav.steps[trav->u.trav.n++] = st;
					last = nt->span;
					trav->span = between(first, last);
				}
				struct hcl_expr *s = new_expr(p, HCL_EXPR_SPLAT, between(from->span, last));
				s->u.splat.src = ret;
				s->u.splat.each = trav;
				s->u.splat.marker = between(dot->span, marker->span);
				ret = s;
			} else {
				diag_error_detail(p->d, &at->span, "Invalid attribute name", "%s",
						  "An attribute name is required after a dot.");
				p->recovery = true;
			}
		} else if (next->kind == HCL_TOK_OBRACK) {
			const struct hcl_token *open = read_tok(p);
			if (peek_kind(p) == HCL_TOK_STAR) {
				read_tok(p);
				const struct hcl_token *close = read_tok(p);
				if (close->kind != HCL_TOK_CBRACK && !p->recovery) {
					/* hclsyntax points its subject at `close`, which it then
					 * overwrites with the recovered token: the range reported
					 * is where recovery stopped */
					close = recover_to(p, HCL_TOK_CBRACK);
					diag_error_detail(p->d, &close->span, "Missing close bracket on splat index", "%s",
							  "The star for a full splat operator must be immediately followed by a closing bracket (\"]\").");
				}
				struct hcl_expr *item = new_expr(p, HCL_EXPR_ANON, between(open->span, close->span));
				if (!enter(p))
					return ret;
				struct hcl_expr *trav = parse_traversals(p, item);
				leave(p);
				struct hcl_expr *s = new_expr(p, HCL_EXPR_SPLAT, between(from->span, trav->span));
				s->u.splat.src = ret;
				s->u.splat.each = trav;
				s->u.splat.marker = between(open->span, close->span);
				ret = s;
			} else {
				push_nl(p, false);
				size_t before = p->d->errors;
				if (!enter(p)) {
					pop_nl(p);
					return ret;
				}
				struct hcl_expr *key = parse_expression(p);
				leave(p);
				const struct hcl_token *close;
				if (p->recovery && p->d->errors > before) {
					close = recover_to(p, HCL_TOK_CBRACK);
				} else {
					close = read_tok(p);
					if (close->kind != HCL_TOK_CBRACK && !p->recovery) {
						/* as above: the subject is the recovered token */
						close = recover_to(p, HCL_TOK_CBRACK);
						diag_error_detail(p->d, &close->span, "Missing close bracket on index", "%s",
								  "The index operator must end with a closing bracket (\"]\").");
					}
				}
				pop_nl(p);
				struct span rng = between(open->span, close->span);
				if (key->kind == HCL_EXPR_LITERAL || is_string_literal_template(key)) {
					struct hcl_step st = { .kind = HCL_STEP_INDEX, .span = rng };
					st.key = key->kind == HCL_EXPR_LITERAL ? key->u.lit : key->u.tmpl.parts[0]->u.lit;
					add_step(p, &ret, st);
				} else {
					struct hcl_expr *ix = new_expr(p, HCL_EXPR_INDEX, between(from->span, rng));
					ix->u.index.coll = ret;
					ix->u.index.key = key;
					ix->u.index.bracket = rng;
					ret = ix;
				}
			}
		} else {
			break;
		}
	}
	return ret;
}

static struct hcl_expr *parse_term(struct parser *p);

static struct hcl_expr *parse_with_traversals(struct parser *p)
{
	if (!enter(p))
		return placeholder(p, peek(p)->span);
	struct hcl_expr *t = parse_term(p);
	t = parse_traversals(p, t);
	leave(p);
	return t;
}

static struct hcl_expr *parse_call(struct parser *p, const struct hcl_token *name)
{
	const struct hcl_token *open = read_tok(p);
	struct vec args = { 0 };
	bool expand = false;
	struct span close_span = open->span, ell = { 0 };
	push_nl(p, false);
	for (;;) {
		if (peek_kind(p) == HCL_TOK_CPAREN) {
			close_span = read_tok(p)->span;
			break;
		}
		size_t before = p->d->errors;
		struct hcl_expr *arg = parse_expression(p);
		vec_push(p, &args, arg);
		if (p->recovery && p->d->errors > before) {
			close_span = recover_to(p, HCL_TOK_CPAREN)->span;
			break;
		}
		const struct hcl_token *sep = read_tok(p);
		if (sep->kind == HCL_TOK_CPAREN) {
			close_span = sep->span;
			break;
		}
		if (sep->kind == HCL_TOK_ELLIPSIS) {
			expand = true;
			ell = sep->span;
			if (peek_kind(p) != HCL_TOK_CPAREN) {
				if (!p->recovery)
					diag_error_detail(p->d, &sep->span, "Missing closing parenthesis", "%s",
							  "An expanded function argument (with ...) must be immediately followed by closing parentheses.");
				close_span = recover_to(p, HCL_TOK_CPAREN)->span;
			} else {
				close_span = read_tok(p)->span;
			}
			break;
		}
		if (sep->kind != HCL_TOK_COMMA) {
			if (sep->kind == HCL_TOK_EOF) {
				struct span sp = between(name->span, open->span);
				diag_error_detail(p->d, &sp, "Unterminated function call", "%s",
						  "There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parethesis nesting elsewhere in this file.");
			} else {
				diag_error_detail(p->d, &sep->span, "Missing argument separator", "%s",
						  "A comma is required to separate each function argument from the next.");
			}
			close_span = recover_to(p, HCL_TOK_CPAREN)->span;
			break;
		}
		if (peek_kind(p) == HCL_TOK_CPAREN) {
			close_span = read_tok(p)->span;
			break;
		}
	}
	pop_nl(p);
	struct hcl_expr *e = new_expr(p, HCL_EXPR_CALL, between(name->span, close_span));
	e->u.call.name = name->text;
	e->u.call.name_span = name->span;
	e->u.call.open = open->span;
	e->u.call.close = close_span;
	e->u.call.n = args.n;
	e->u.call.args = (struct hcl_expr **)args.v;
	e->u.call.expand_final = expand;
	e->u.call.ellipsis = ell;
	return e;
}

static struct hcl_expr *for_fail(struct parser *p, const struct hcl_token *open, enum hcl_tok close_kind)
{
	const struct hcl_token *close = recover_to(p, close_kind);
	return placeholder(p, between(open->span, close->span));
}

static struct hcl_expr *parse_for(struct parser *p, const struct hcl_token *open)
{
	push_nl(p, false);
	read_tok(p); /* "for" */
	bool make_obj = open->kind == HCL_TOK_OBRACE;
	enum hcl_tok close_kind = make_obj ? HCL_TOK_CBRACE : HCL_TOK_CBRACK;
	struct str keyn = { "", 0 }, valn;
	struct hcl_expr *res;

	if (peek_kind(p) != HCL_TOK_IDENT) {
		if (!p->recovery)
			diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' expression", "%s",
					  "For expression requires variable name after 'for'.");
		res = for_fail(p, open, close_kind);
		goto out;
	}
	valn = read_tok(p)->text;
	if (peek_kind(p) == HCL_TOK_COMMA) {
		keyn = valn;
		read_tok(p);
		if (peek_kind(p) != HCL_TOK_IDENT) {
			if (!p->recovery)
				diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' expression", "%s",
						  "For expression requires value variable name after comma.");
			res = for_fail(p, open, close_kind);
			goto out;
		}
		valn = read_tok(p)->text;
	}
	if (!tok_is(peek(p), "in")) {
		if (!p->recovery)
			diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' expression", "%s",
					  "For expression requires the 'in' keyword after its name declarations.");
		res = for_fail(p, open, close_kind);
		goto out;
	}
	read_tok(p);
	size_t before = p->d->errors;
	struct hcl_expr *coll = parse_expression(p);
	if (p->recovery && p->d->errors > before) {
		res = for_fail(p, open, close_kind);
		goto out;
	}
	if (peek_kind(p) != HCL_TOK_COLON) {
		if (!p->recovery)
			diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' expression", "%s",
					  "For expression requires a colon after the collection expression.");
		res = for_fail(p, open, close_kind);
		goto out;
	}
	read_tok(p);
	struct hcl_expr *key = NULL, *val;
	before = p->d->errors;
	val = parse_expression(p);
	if (peek_kind(p) == HCL_TOK_FAT_ARROW) {
		read_tok(p);
		key = val;
		val = parse_expression(p);
	}
	if (p->recovery && p->d->errors > before) {
		res = for_fail(p, open, close_kind);
		goto out;
	}
	bool group = false;
	struct span ellipsis = { 0 };
	if (peek_kind(p) == HCL_TOK_ELLIPSIS) {
		ellipsis = read_tok(p)->span;
		group = true;
	}
	struct hcl_expr *cond = NULL;
	if (tok_is(peek(p), "if")) {
		read_tok(p);
		before = p->d->errors;
		cond = parse_expression(p);
		if (p->recovery && p->d->errors > before) {
			res = for_fail(p, open, close_kind);
			goto out;
		}
	}
	const struct hcl_token *close;
	if (peek_kind(p) == close_kind) {
		close = read_tok(p);
	} else {
		if (!p->recovery)
			diag_error_detail(p->d, &peek(p)->span, "Invalid 'for' expression", "%s",
					  "Extra characters after the end of the 'for' expression.");
		close = recover_to(p, close_kind);
	}
	if (!make_obj) {
		if (key)
			diag_error_detail(p->d, &key->span, "Invalid 'for' expression", "%s",
					  "Key expression is not valid when building a tuple.");
		if (group)
			diag_error_detail(p->d, &ellipsis, "Invalid 'for' expression", "%s",
					  "Grouping ellipsis (...) cannot be used when building a tuple.");
	} else if (!key) {
		diag_error_detail(p->d, &val->span, "Invalid 'for' expression", "%s",
				  "Key expression is required when building an object.");
	}
	res = new_expr(p, HCL_EXPR_FOR, between(open->span, close->span));
	res->u.forx.key_var = keyn;
	res->u.forx.val_var = valn;
	res->u.forx.coll = coll;
	res->u.forx.key = key;
	res->u.forx.val = val;
	res->u.forx.cond = cond;
	res->u.forx.group = group;
	res->u.forx.object = make_obj;
	res->u.forx.open = open->span;
	res->u.forx.close = close->span;
out:
	pop_nl(p);
	return res;
}

static struct hcl_expr *parse_tuple(struct parser *p)
{
	const struct hcl_token *open = read_tok(p);
	push_nl(p, false);
	struct hcl_expr *res;
	if (tok_is(peek(p), "for")) {
		res = parse_for(p, open);
		pop_nl(p);
		return res;
	}
	struct vec items = { 0 };
	const struct hcl_token *close;
	for (;;) {
		if (peek_kind(p) == HCL_TOK_CBRACK) {
			close = read_tok(p);
			break;
		}
		size_t before = p->d->errors;
		struct hcl_expr *e = parse_expression(p);
		vec_push(p, &items, e);
		if (p->recovery && p->d->errors > before) {
			close = recover_to(p, HCL_TOK_CBRACK);
			break;
		}
		const struct hcl_token *next = peek(p);
		if (next->kind == HCL_TOK_CBRACK) {
			close = read_tok(p);
			break;
		}
		if (next->kind != HCL_TOK_COMMA) {
			if (!p->recovery) {
				if (next->kind == HCL_TOK_EOF)
					diag_error_detail(p->d, &open->span, "Unterminated tuple constructor expression", "%s",
							  "There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.");
				else
					diag_error_detail(p->d, &next->span, "Missing item separator", "%s",
							  "Expected a comma to mark the beginning of the next item.");
			}
			close = recover_to(p, HCL_TOK_CBRACK);
			break;
		}
		read_tok(p);
	}
	pop_nl(p);
	res = new_expr(p, HCL_EXPR_TUPLE, between(open->span, close->span));
	res->u.tuple.n = items.n;
	res->u.tuple.items = (struct hcl_expr **)items.v;
	return res;
}

static struct hcl_expr *parse_object(struct parser *p)
{
	const struct hcl_token *open = read_tok(p);
	push_nl(p, false);
	bool is_for = tok_is(peek(p), "for");
	pop_nl(p);
	if (is_for)
		return parse_for(p, open);
	push_nl(p, true);
	struct hcl_obj_item *items = NULL;
	size_t n = 0, cap = 0;
	const struct hcl_token *close;
	for (;;) {
		enum hcl_tok k = peek_kind(p);
		if (k == HCL_TOK_NEWLINE) {
			read_tok(p);
			continue;
		}
		if (k == HCL_TOK_CBRACE) {
			close = read_tok(p);
			break;
		}
		bool force = k == HCL_TOK_OPAREN;
		size_t before = p->d->errors;
		struct hcl_expr *key = parse_expression(p);
		if (p->recovery && p->d->errors > before) {
			close = recover_to(p, HCL_TOK_CBRACE);
			break;
		}
		struct hcl_expr *kw = new_expr(p, HCL_EXPR_OBJKEY, key->span);
		kw->u.objkey.wrapped = key;
		kw->u.objkey.force_non_literal = force;
		const struct hcl_token *next = peek(p);
		if (next->kind != HCL_TOK_EQUAL && next->kind != HCL_TOK_COLON) {
			if (!p->recovery) {
				enum hcl_tok nk = kind_of(next);
				if (nk == HCL_TOK_NEWLINE || nk == HCL_TOK_COMMA)
					diag_error_detail(p->d, &next->span, "Missing attribute value", "%s",
							  "Expected an attribute value, introduced by an equals sign (\"=\").");
				else if (nk == HCL_TOK_IDENT)
					diag_error_detail(p->d, &next->span, "Missing key/value separator", "%s",
							  "Expected an equals sign (\"=\") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.");
				else if (nk == HCL_TOK_EOF)
					diag_error_detail(p->d, &open->span, "Unterminated object constructor expression", "%s",
							  "There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.");
				else
					diag_error_detail(p->d, &next->span, "Missing key/value separator", "%s",
							  "Expected an equals sign (\"=\") to mark the beginning of the attribute value.");
			}
			close = recover_to(p, HCL_TOK_CBRACE);
			break;
		}
		read_tok(p);
		before = p->d->errors;
		struct hcl_expr *val = parse_expression(p);
		if (p->recovery && p->d->errors > before) {
			close = recover_to(p, HCL_TOK_CBRACE);
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			items = arena_realloc(p->a, items, cap * sizeof(*items), nc * sizeof(*items));
			cap = nc;
		}
		items[n].key = kw;
		items[n].value = val;
		n++;
		next = peek(p);
		if (next->kind == HCL_TOK_CBRACE) {
			close = read_tok(p);
			break;
		}
		enum hcl_tok nk = kind_of(next);
		if (nk != HCL_TOK_COMMA && nk != HCL_TOK_NEWLINE) {
			if (!p->recovery) {
				if (nk == HCL_TOK_EOF)
					diag_error_detail(p->d, &open->span, "Unterminated object constructor expression", "%s",
							  "There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.");
				else
					diag_error_detail(p->d, &next->span, "Missing attribute separator", "%s",
							  "Expected a newline or comma to mark the beginning of the next attribute.");
			}
			close = recover_to(p, HCL_TOK_CBRACE);
			break;
		}
		read_tok(p);
	}
	pop_nl(p);
	struct hcl_expr *res = new_expr(p, HCL_EXPR_OBJECT, between(open->span, close->span));
	res->u.obj.n = n;
	res->u.obj.items = items;
	return res;
}

static struct hcl_expr *parse_term(struct parser *p)
{
	const struct hcl_token *start = peek(p);
	switch (start->kind) {
	case HCL_TOK_OPAREN: {
		const struct hcl_token *open = read_tok(p);
		push_nl(p, false);
		size_t before = p->d->errors;
		struct hcl_expr *e = parse_expression(p);
		if (p->d->errors > before) {
			recover_to(p, HCL_TOK_CPAREN);
			pop_nl(p);
			return e;
		}
		const struct hcl_token *close = peek(p);
		if (close->kind != HCL_TOK_CPAREN) {
			diag_error_detail(p->d, &close->span, "Unbalanced parentheses", "%s",
					  "Expected a closing parenthesis to terminate the expression.");
			p->recovery = true;
		}
		const struct hcl_token *cp = read_tok(p);
		pop_nl(p);
		struct hcl_expr *pe = new_expr(p, HCL_EXPR_PAREN, between(open->span, cp->span));
		pe->u.wrap = e;
		return pe;
	}
	case HCL_TOK_NUMBER: {
		read_tok(p);
		struct hcl_expr *e = new_expr(p, HCL_EXPR_LITERAL, start->span);
		e->u.lit = number_value(p, start);
		return e;
	}
	case HCL_TOK_IDENT: {
		read_tok(p);
		if (peek_kind(p) == HCL_TOK_OPAREN)
			return parse_call(p, start);
		struct hcl_expr *e;
		if (tok_is(start, "true") || tok_is(start, "false")) {
			e = new_expr(p, HCL_EXPR_LITERAL, start->span);
			e->u.lit = hcl_value_bool(p->a, tok_is(start, "true"));
		} else if (tok_is(start, "null")) {
			e = new_expr(p, HCL_EXPR_LITERAL, start->span);
			e->u.lit = hcl_value_null(p->a, &hcl_type_dynamic);
		} else {
			e = new_expr(p, HCL_EXPR_SCOPE_TRAV, start->span);
			e->u.trav.root = start->text;
			e->u.trav.root_span = start->span;
		}
		return e;
	}
	case HCL_TOK_OQUOTE:
	case HCL_TOK_OHEREDOC: {
		const struct hcl_token *open = read_tok(p);
		bool flush = open->kind == HCL_TOK_OHEREDOC && open->text.len > 2 && open->text.p[2] == '-';
		bool passthru;
		struct vec exprs = parse_template_inner(p, opposite(open->kind), flush, &passthru);
		struct span close = prev_range(p);
		if (passthru) {
			struct hcl_expr *e = new_expr(p, HCL_EXPR_TEMPLATE_WRAP, between(open->span, close));
			e->u.wrap = exprs.v[0];
			return e;
		}
		struct hcl_expr *e = new_expr(p, HCL_EXPR_TEMPLATE, between(open->span, close));
		e->u.tmpl.n = exprs.n;
		e->u.tmpl.parts = (struct hcl_expr **)exprs.v;
		return e;
	}
	case HCL_TOK_MINUS:
	case HCL_TOK_BANG: {
		read_tok(p);
		struct hcl_expr *x = parse_with_traversals(p);
		struct hcl_expr *e = new_expr(p, HCL_EXPR_UNARY, between(start->span, x->span));
		e->u.un.op = start->kind == HCL_TOK_MINUS ? HCL_OP_NEG : HCL_OP_NOT;
		e->u.un.x = x;
		return e;
	}
	case HCL_TOK_OBRACK:
		return parse_tuple(p);
	case HCL_TOK_OBRACE:
		return parse_object(p);
	default:
		if (!p->recovery) {
			if (start->kind == HCL_TOK_EOF)
				diag_error_detail(p->d, &start->span, "Missing expression", "%s",
						  "Expected the start of an expression, but found the end of the file.");
			else
				diag_error_detail(p->d, &start->span, "Invalid expression", "%s",
						  "Expected the start of an expression, but found an invalid expression token.");
		}
		p->recovery = true;
		return placeholder(p, start->span);
	}
}

/* ---- bodies ---- */

struct body_build {
	struct hcl_attr *attrs;
	size_t nattrs, acap;
	struct hcl_block *blocks;
	size_t nblocks, bcap;
};

static struct hcl_body *parse_body(struct parser *p, enum hcl_tok end);

static char *span_text(struct parser *p, struct span sp)
{
	return range_text(p, sp);
}

static int parse_attribute(struct parser *p, struct hcl_attr *out, const struct hcl_token *ident,
			   bool single_line)
{
	const struct hcl_token *eq = read_tok(p);
	struct span end_range;
	size_t before = p->d->errors;
	struct hcl_expr *e = parse_expression(p);
	if (p->recovery && p->d->errors > before) {
		end_range = prev_range(p);
		recover_after_body_item(p);
	} else {
		end_range = prev_range(p);
		if (!single_line) {
			const struct hcl_token *endt = peek(p);
			enum hcl_tok k = kind_of(endt);
			if (k != HCL_TOK_NEWLINE && k != HCL_TOK_EOF) {
				if (!p->recovery) {
					if (k == HCL_TOK_COMMA)
						diag_error_detail(p->d, &endt->span, "Unexpected comma after argument", "%s",
								  "Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.");
					else
						diag_error_detail(p->d, &endt->span, "Missing newline after argument", "%s",
								  "An argument definition must end with a newline.");
				}
				end_range = prev_range(p);
				recover_after_body_item(p);
			} else {
				end_range = prev_range(p);
				read_tok(p);
			}
		}
	}
	out->name = ident->text;
	out->name_span = ident->span;
	out->eq_span = eq->span;
	out->expr = e;
	out->span = between(ident->span, end_range);
	return 0;
}

/* Returns 1 for an attribute in *attr, 2 for a block in *blk, 0 for nothing. */
static int parse_block_rest(struct parser *p, struct hcl_block *blk, const struct hcl_token *ident);

static int parse_single_attr_body(struct parser *p, struct hcl_body **out)
{
	const struct hcl_token *ident = read_tok(p);
	if (ident->kind != HCL_TOK_IDENT) {
		recover_after_body_item(p);
		diag_error_detail(p->d, &ident->span, "Argument or block definition required", "%s",
				  "An argument or block definition is required here.");
		return -1;
	}
	const struct hcl_token *next = peek(p);
	if (next->kind == HCL_TOK_EQUAL) {
		struct hcl_body *b = arena_alloc(p->a, sizeof(*b));
		b->file = p->file;
		b->attrs = arena_alloc(p->a, sizeof(*b->attrs));
		b->nattrs = 1;
		parse_attribute(p, &b->attrs[0], ident, true);
		b->span = b->attrs[0].span;
		b->end = b->span;
		b->end.start = b->end.end;
		*out = b;
		return 0;
	}
	recover_after_body_item(p);
	if (next->kind == HCL_TOK_OQUOTE || next->kind == HCL_TOK_OBRACE || next->kind == HCL_TOK_IDENT) {
		struct span sp = between(ident->span, next->span);
		diag_error_detail(p->d, &sp, "Argument definition required",
				  "A single-line block definition can contain only a single argument. If you meant to define argument \"%.*s\", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.",
				  (int)ident->text.len, ident->text.p);
	} else {
		diag_error_detail(p->d, &ident->span, "Argument or block definition required", "%s",
				  "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.");
	}
	return -1;
}

static struct str parse_quoted_label(struct parser *p, struct span *rng)
{
	const struct hcl_token *oq = read_tok(p);
	struct strbuf sb = STRBUF_INIT;
	struct span end_range = oq->span;
	for (;;) {
		const struct hcl_token *t = read_tok(p);
		if (t->kind == HCL_TOK_CQUOTE) {
			end_range = t->span;
			break;
		}
		if (t->kind == HCL_TOK_QUOTED_LIT) {
			struct str s = decode_lit(p, t);
			strbuf_add(&sb, s.p, s.len);
			continue;
		}
		if (t->kind == HCL_TOK_TEMPLATE_CONTROL || t->kind == HCL_TOK_TEMPLATE_INTERP) {
			const char *which = t->kind == HCL_TOK_TEMPLATE_CONTROL ? "%" : "$";
			diag_error_detail(p->d, &t->span, "Invalid string literal",
					  "Template sequences are not allowed in this string. To include a literal \"%s\", double it (as \"%s%s\") to escape it.",
					  which, which, which);
			strbuf_addstr(&sb, which);
			strbuf_addstr(&sb, "{ ... }");
			recover_to(p, HCL_TOK_TEMPLATE_SEQ_END);
			continue;
		}
		if (t->kind == HCL_TOK_EOF) {
			diag_error_detail(p->d, &t->span, "Unterminated string literal", "%s",
					  "Unable to find the closing quote mark before the end of the file.");
			end_range = t->span;
			break;
		}
		diag_error_detail(p->d, &t->span, "Invalid string literal", "%s",
				  "This item is not valid in a string literal.");
		recover_to(p, HCL_TOK_CQUOTE);
		end_range = t->span;
		break;
	}
	*rng = between(oq->span, end_range);
	struct str r = { strbuf_arena(&sb, p->a), sb.len };
	strbuf_release(&sb);
	return r;
}

static int parse_block_rest(struct parser *p, struct hcl_block *blk, const struct hcl_token *ident)
{
	struct str *labels = NULL;
	struct span *lspans = NULL;
	size_t nl = 0;
	const struct hcl_token *obrace = NULL;
	blk->type = ident->text;
	blk->type_span = ident->span;
	for (;;) {
		const struct hcl_token *t = peek(p);
		if (t->kind == HCL_TOK_OBRACE) {
			obrace = read_tok(p);
			break;
		}
		if (t->kind == HCL_TOK_OQUOTE || t->kind == HCL_TOK_IDENT) {
			struct str l;
			struct span ls;
			if (t->kind == HCL_TOK_OQUOTE) {
				l = parse_quoted_label(p, &ls);
			} else {
				read_tok(p);
				l = t->text;
				ls = t->span;
			}
			labels = arena_realloc(p->a, labels, nl * sizeof(*labels), (nl + 1) * sizeof(*labels));
			lspans = arena_realloc(p->a, lspans, nl * sizeof(*lspans), (nl + 1) * sizeof(*lspans));
			labels[nl] = l;
			lspans[nl] = ls;
			nl++;
			continue;
		}
		enum hcl_tok k = kind_of(t);
		if (k == HCL_TOK_EQUAL) {
			diag_error_detail(p->d, &t->span, "Invalid block definition", "%s",
					  "The equals sign \"=\" indicates an argument definition, and must not be used when defining a block.");
		} else if (k == HCL_TOK_NEWLINE) {
			diag_error_detail(p->d, &t->span, "Invalid block definition", "%s",
					  "A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header.");
		} else if (!p->recovery) {
			diag_error_detail(p->d, &t->span, "Invalid block definition", "%s",
					  "Either a quoted string block label or an opening brace (\"{\") is expected here.");
		}
		recover_after_body_item(p);
		blk->nlabels = nl;
		blk->labels = labels;
		blk->label_spans = lspans;
		blk->body = arena_alloc(p->a, sizeof(*blk->body));
		blk->body->file = p->file;
		blk->body->span = ident->span;
		blk->body->end = ident->span;
		blk->open_brace = blk->close_brace = ident->span;
		blk->span = ident->span;
		return 0;
	}
	blk->nlabels = nl;
	blk->labels = labels;
	blk->label_spans = lspans;
	blk->open_brace = obrace->span;

	struct hcl_body *body = NULL;
	struct diags body_diags;
	bool have_body_diags = false;
	enum hcl_tok k = peek_kind(p);
	if (!enter(p)) {
		body = arena_alloc(p->a, sizeof(*body));
		body->file = p->file;
		blk->body = body;
		blk->close_brace = blk->span = obrace->span;
		return 0;
	}
	if (k == HCL_TOK_NEWLINE || k == HCL_TOK_EOF || k == HCL_TOK_CBRACE) {
		body = parse_body(p, HCL_TOK_CBRACE);
	} else {
		/* hclsyntax appends the one-line body's diagnostics after the
		 * block's own (the comma/newline/brace checks below) */
		struct diags *outer = p->d, inner;
		diags_init(&inner, p->a);
		p->d = &inner;
		if (parse_single_attr_body(p, &body) < 0)
			body = NULL;
		p->d = outer;
		body_diags = inner;
		have_body_diags = true;
		const struct hcl_token *nt = peek(p);
		enum hcl_tok nk = kind_of(nt);
		if (nk == HCL_TOK_CBRACE) {
			read_tok(p);
		} else if (nk == HCL_TOK_COMMA) {
			diag_error_detail(p->d, &nt->span, "Invalid single-argument block definition", "%s",
					  "Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.");
			recover_to(p, HCL_TOK_CBRACE);
		} else if (nk == HCL_TOK_NEWLINE) {
			diag_error_detail(p->d, &nt->span, "Invalid single-argument block definition", "%s",
					  "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.");
			recover_to(p, HCL_TOK_CBRACE);
		} else {
			if (!p->recovery) {
				if (nk == HCL_TOK_EOF)
					diag_error_detail(p->d, &obrace->span, "Unclosed configuration block", "%s",
							  "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.");
				else
					diag_error_detail(p->d, &nt->span, "Invalid single-argument block definition", "%s",
							  "A single-line block definition must end with a closing brace immediately after its single argument definition.");
			}
			recover_to(p, HCL_TOK_CBRACE);
		}
	}
	leave(p);
	if (have_body_diags) {
		for (const struct diag *dg = body_diags.head; dg; dg = dg->next)
			diag_error_detail(p->d, &dg->span, dg->summary, "%s", dg->detail ? dg->detail : "");
	}
	struct span cbrace = prev_range(p);
	const struct hcl_token *eol = peek(p);
	enum hcl_tok ek = kind_of(eol);
	if (ek == HCL_TOK_NEWLINE || ek == HCL_TOK_EOF) {
		read_tok(p);
	} else {
		if (!p->recovery)
			diag_error_detail(p->d, &eol->span, "Missing newline after block definition", "%s",
					  "A block definition must end with a newline.");
		recover_after_body_item(p);
	}
	if (!body) {
		body = arena_alloc(p->a, sizeof(*body));
		body->file = p->file;
		body->span = between(obrace->span, cbrace);
		body->end = cbrace;
	}
	blk->body = body;
	blk->close_brace = cbrace;
	blk->span = between(ident->span, cbrace);
	return 0;
}

static struct hcl_body *parse_body(struct parser *p, enum hcl_tok end)
{
	struct body_build bb = { 0 };
	struct span start = prev_range(p);
	struct span end_range = start;
	for (;;) {
		const struct hcl_token *next = peek(p);
		enum hcl_tok k = kind_of(next);
		if (k == end) {
			end_range = next->span;
			read_tok(p);
			break;
		}
		if (k == HCL_TOK_NEWLINE) {
			read_tok(p);
			continue;
		}
		if (k == HCL_TOK_IDENT) {
			const struct hcl_token *ident = read_tok(p);
			const struct hcl_token *after = peek(p);
			if (after->kind == HCL_TOK_EQUAL) {
				struct hcl_attr at;
				parse_attribute(p, &at, ident, false);
				bool dup = false;
				for (size_t i = 0; i < bb.nattrs; i++) {
					if (bb.attrs[i].name.len == at.name.len &&
					    memcmp(bb.attrs[i].name.p, at.name.p, at.name.len) == 0) {
						diag_error_detail(p->d, &at.name_span, "Attribute redefined",
								  "The argument \"%.*s\" was already set at %s. Each argument may be set only once.",
								  (int)at.name.len, at.name.p,
								  span_text(p, bb.attrs[i].name_span));
						dup = true;
						break;
					}
				}
				if (!dup) {
					if (bb.nattrs == bb.acap) {
						size_t nc = bb.acap ? bb.acap * 2 : 8;
						bb.attrs = util_xrealloc(bb.attrs, nc * sizeof(*bb.attrs));
						bb.acap = nc;
					}
					bb.attrs[bb.nattrs++] = at;
				}
			} else if (after->kind == HCL_TOK_OQUOTE || after->kind == HCL_TOK_OBRACE ||
				   after->kind == HCL_TOK_IDENT) {
				struct hcl_block blk = { 0 };
				parse_block_rest(p, &blk, ident);
				if (bb.nblocks == bb.bcap) {
					size_t nc = bb.bcap ? bb.bcap * 2 : 8;
					bb.blocks = util_xrealloc(bb.blocks, nc * sizeof(*bb.blocks));
					bb.bcap = nc;
				}
				bb.blocks[bb.nblocks++] = blk;
			} else {
				recover_after_body_item(p);
				diag_error_detail(p->d, &ident->span, "Argument or block definition required", "%s",
						  "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.");
			}
			continue;
		}
		const struct hcl_token *bad = read_tok(p);
		if (!p->recovery) {
			if (bad->kind == HCL_TOK_OQUOTE) {
				diag_error_detail(p->d, &bad->span, "Invalid argument name", "%s",
						  "Argument names must not be quoted.");
			} else if (bad->kind == HCL_TOK_EOF) {
				if (end == HCL_TOK_CBRACE)
					diag_error_detail(p->d, &start, "Unclosed configuration block", "%s",
							  "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.");
				else
					diag_error_detail(p->d, &start, "Unclosed configuration body", "%s",
							  "Found end of file before the end of this configuration body.");
			} else {
				diag_error_detail(p->d, &bad->span, "Argument or block definition required", "%s",
						  "An argument or block definition is required here.");
			}
		}
		end_range = prev_range(p);
		recover_to(p, end);
		break;
	}
	struct hcl_body *b = arena_alloc(p->a, sizeof(*b));
	b->file = p->file;
	b->attrs = bb.nattrs ? arena_memdup(p->a, bb.attrs, bb.nattrs * sizeof(*bb.attrs)) : NULL;
	b->nattrs = bb.nattrs;
	b->blocks = bb.nblocks ? arena_memdup(p->a, bb.blocks, bb.nblocks * sizeof(*bb.blocks)) : NULL;
	b->nblocks = bb.nblocks;
	free(bb.attrs);
	free(bb.blocks);
	b->span = between(start, end_range);
	b->end = end_range;
	b->end.start = end_range.end;
	return b;
}

static void parser_init(struct parser *p, struct arena *a, const char *file, struct hcl_token *toks,
			size_t n, struct diags *d)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->file = file;
	p->toks = toks;
	p->ntoks = n;
	p->d = d;
	p->nl_cap = 16;
	p->nl_stack = arena_alloc(a, p->nl_cap);
	p->nl_stack[0] = true;
	p->nl_depth = 1;
}

int hcl_parse(struct hcl_body **out, struct arena *a, const char *file, const char *buf,
	      size_t len, struct diags *d)
{
	struct hcl_token *toks;
	size_t n;
	size_t before = d->errors;
	if (hcl_lex_heap(&toks, &n, a, file, buf, len, d) < 0) {
		/* keep going: the parser reports syntax errors too */
	}
	struct parser p;
	parser_init(&p, a, file, toks, n, d);
	*out = parse_body(&p, HCL_TOK_EOF);
	free(toks);
	return d->errors > before ? -1 : 0;
}

int hcl_parse_expr(struct hcl_expr **out, struct arena *a, const char *file, const char *buf,
		   size_t len, struct diags *d)
{
	struct hcl_token *toks;
	size_t n;
	size_t before = d->errors;
	if (hcl_lex_heap(&toks, &n, a, file, buf, len, d) < 0) {
		/* keep going: the parser reports syntax errors too */
	}
	struct parser p;
	parser_init(&p, a, file, toks, n, d);
	push_nl(&p, false);
	*out = parse_expression(&p);
	const struct hcl_token *t = peek(&p);
	if (t->kind != HCL_TOK_EOF && !p.recovery)
		diag_error_detail(d, &t->span, "Extra characters after expression", "%s",
				  "An expression was successfully parsed, but extra characters were found after it.");
	free(toks);
	return d->errors > before ? -1 : 0;
}

const struct hcl_attr *hcl_body_attr(const struct hcl_body *b, const char *name)
{
	size_t l = strlen(name);
	const struct hcl_attr *r = NULL;
	for (size_t i = 0; i < b->nattrs; i++)
		if (b->attrs[i].name.len == l && memcmp(b->attrs[i].name.p, name, l) == 0)
			r = &b->attrs[i];
	return r;
}
