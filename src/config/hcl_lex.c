/*
 * hcl_lex: HCL native syntax scanner.  Turns a buffer into the token
 * stream hclsyntax's ragel scanner produces (same token boundaries, so
 * strip markers and heredoc dedent behave identically), with a span per
 * token: line, column in characters (grapheme clusters, approximated by
 * code points minus combining marks) and byte offsets.
 *
 * The scanner is a mode machine: "main" (expressions), "string" (inside
 * "..."), "heredoc" (inside <<EOT); `${` and `%{` push a main mode whose
 * matching `}` (counted against the brace depth at the push) pops it.
 * The stack lives on the heap, so nesting depth never touches the C
 * stack.  Lexical errors are reported the way hclsyntax's
 * checkInvalidTokens does; building the AST is left to hcl_parse.c.
 */
#include "config/internal.h"

#include <stdlib.h>
#include <string.h>

enum mode { M_MAIN, M_STRING, M_HEREDOC };

struct frame {
	enum mode mode;
	size_t brace_level; /* M_MAIN pushed by ${: level to return at */
	const char *marker; /* M_HEREDOC */
	size_t marker_len;
	bool start_of_line;
};

struct lexer {
	struct arena *a;
	const char *file;
	const char *buf;
	size_t len;
	size_t i;
	struct pos pos;
	struct hcl_token *toks;
	size_t n, cap;
	struct frame *stack;
	size_t depth, stack_cap;
	size_t braces;
	bool heap; /* token array on the heap (hcl_lex_heap) */
};

/* ---- UTF-8 and columns ---- */

/* Decodes one code point; returns its length, or 0 for invalid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	unsigned min;
	if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Code points that extend the previous grapheme cluster (approximation of
 * UAX #29 sufficient for columns in configuration files). */
static bool is_extender(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
	       (cp >= 0xE0020 && cp <= 0xE007F);
}

void hcl_pos_advance(struct pos *p, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	unsigned prev = 0;
	while (i < n) {
		unsigned cp;
		if (u[i] < 0x80 && u[i] != '\n' && u[i] != '\r' && prev != 0x200D) {
			/* ASCII fast path: one byte, one column */
			p->col++;
			p->off++;
			prev = u[i++];
			continue;
		}
		size_t l = utf8_decode(u + i, n - i, &cp);
		if (l == 0) {
			l = 1;
			cp = 0xFFFD;
		}
		if (cp == '\n') {
			p->line++;
			p->col = 1;
		} else if (cp == '\r') {
			/* "\r\n" is one cluster: the \n counts the line */
			if (i + 1 >= n || u[i + 1] != '\n')
				p->col++;
		} else if (!(is_extender(cp) && prev != 0 && prev != '\n' && prev != '\r') &&
			   !(prev == 0x200D)) {
			p->col++;
		}
		prev = cp;
		i += l;
		p->off += l;
	}
}

static bool is_id_start_cp(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7)
		return false;
	if (cp >= 0x2000 && cp <= 0x2BFF)
		return false;
	if (cp >= 0x3000 && cp <= 0x303F)
		return false;
	if (cp >= 0xFE00 && cp <= 0xFE0F)
		return false;
	if (cp >= 0xFF00 && cp <= 0xFF20)
		return false;
	if (cp >= 0x1F000 && cp <= 0x1FAFF)
		return false;
	if (is_extender(cp))
		return false;
	return true;
}

static bool is_id_continue_cp(unsigned cp)
{
	if (cp < 0x80)
		return is_id_start_cp(cp) || (cp >= '0' && cp <= '9') || cp == '-';
	return is_id_start_cp(cp) || (cp >= 0x300 && cp <= 0x36F) || cp == 0x200C ||
	       cp == 0x200D;
}

/* ---- token emission ---- */

static void push_tok(struct lexer *lx, enum hcl_tok kind, size_t start, size_t end)
{
	if (lx->n == lx->cap) {
		size_t nc = lx->cap ? lx->cap * 2 : 256;
		if (lx->heap) {
			lx->toks = util_xrealloc(lx->toks, nc * sizeof(*lx->toks));
		} else {
			lx->toks = arena_realloc(lx->a, lx->toks, lx->cap * sizeof(*lx->toks),
						 nc * sizeof(*lx->toks));
		}
		lx->cap = nc;
	}
	struct hcl_token *t = &lx->toks[lx->n++];
	t->kind = kind;
	t->text.p = lx->buf + start;
	t->text.len = end - start;
	t->span.file = lx->file;
	/* tokens are emitted in order, so lx->pos is at `start` */
	t->span.start = lx->pos;
	hcl_pos_advance(&lx->pos, lx->buf + start, end - start);
	t->span.end = lx->pos;
	lx->i = end;
}

/* Moves over bytes that produce no token (spaces). */
static void skip_to(struct lexer *lx, size_t end)
{
	hcl_pos_advance(&lx->pos, lx->buf + lx->i, end - lx->i);
	lx->i = end;
}

static struct frame *push_frame(struct lexer *lx, enum mode m)
{
	if (lx->depth == lx->stack_cap) {
		size_t nc = lx->stack_cap ? lx->stack_cap * 2 : 16;
		lx->stack = arena_realloc(lx->a, lx->stack, lx->stack_cap * sizeof(*lx->stack),
					  nc * sizeof(*lx->stack));
		lx->stack_cap = nc;
	}
	struct frame *f = &lx->stack[lx->depth++];
	memset(f, 0, sizeof(*f));
	f->mode = m;
	return f;
}

static struct frame *top(struct lexer *lx)
{
	return &lx->stack[lx->depth - 1];
}

/* Enters a ${ or %{ from a template mode (or from main). */
static void begin_interp(struct lexer *lx, enum hcl_tok kind, size_t end)
{
	push_tok(lx, kind, lx->i, end);
	if (top(lx)->mode == M_HEREDOC)
		top(lx)->start_of_line = false;
	lx->braces++;
	struct frame *f = push_frame(lx, M_MAIN);
	f->brace_level = lx->braces;
}

static size_t cp_at(struct lexer *lx, size_t i, unsigned *cp)
{
	return utf8_decode((const unsigned char *)lx->buf + i, lx->len - i, cp);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* NumberLit = digit then (digit | '.' | [eE][+-]?digit)*, not ending in '.' */
static size_t scan_number(struct lexer *lx, size_t i)
{
	const char *b = lx->buf;
	size_t n = lx->len, last_ok = i + 1;
	i++;
	for (;;) {
		if (i < n && is_digit(b[i])) {
			i++;
			last_ok = i;
		} else if (i < n && b[i] == '.') {
			i++;
		} else if (i < n && (b[i] == 'e' || b[i] == 'E')) {
			size_t j = i + 1;
			if (j < n && (b[j] == '+' || b[j] == '-'))
				j++;
			if (j < n && is_digit(b[j])) {
				i = j + 1;
				last_ok = i;
			} else {
				break;
			}
		} else {
			break;
		}
	}
	return last_ok;
}

static size_t scan_ident(struct lexer *lx, size_t i)
{
	unsigned cp;
	size_t l = cp_at(lx, i, &cp);
	i += l;
	while (i < lx->len) {
		l = cp_at(lx, i, &cp);
		if (l == 0 || !is_id_continue_cp(cp))
			break;
		i += l;
	}
	return i;
}

/* One token in main mode. */
static void lex_main(struct lexer *lx)
{
	const char *b = lx->buf;
	size_t n = lx->len, i = lx->i;
	char c = b[i];
	char c1 = i + 1 < n ? b[i + 1] : 0;
	char c2 = i + 2 < n ? b[i + 2] : 0;

	if (c == ' ' || c == '\t') {
		size_t j = i;
		while (j < n && (b[j] == ' ' || b[j] == '\t'))
			j++;
		skip_to(lx, j);
		return;
	}
	if (is_digit(c)) {
		push_tok(lx, HCL_TOK_NUMBER, i, scan_number(lx, i));
		return;
	}
	if (c == '#' || (c == '/' && c1 == '/')) {
		size_t j = i;
		while (j < n && b[j] != '\n')
			j++;
		if (j < n)
			j++;
		push_tok(lx, HCL_TOK_COMMENT, i, j);
		return;
	}
	if (c == '/' && c1 == '*') {
		size_t j = i + 2;
		while (j + 1 < n && !(b[j] == '*' && b[j + 1] == '/'))
			j++;
		if (j + 1 < n) {
			push_tok(lx, HCL_TOK_COMMENT, i, j + 2);
		} else {
			/* unterminated: "/" and "*" as themselves (ragel fallback) */
			push_tok(lx, HCL_TOK_SLASH, i, i + 1);
		}
		return;
	}
	if (c == '\n') {
		push_tok(lx, HCL_TOK_NEWLINE, i, i + 1);
		return;
	}
	if (c == '\r' && c1 == '\n') {
		push_tok(lx, HCL_TOK_NEWLINE, i, i + 2);
		return;
	}
	struct {
		char a, b, c;
		enum hcl_tok k;
	} multi[] = {
		{ '.', '.', '.', HCL_TOK_ELLIPSIS },
		{ '=', '=', 0, HCL_TOK_EQUAL_OP },
		{ '!', '=', 0, HCL_TOK_NOT_EQUAL },
		{ '>', '=', 0, HCL_TOK_GE },
		{ '<', '=', 0, HCL_TOK_LE },
		{ '&', '&', 0, HCL_TOK_AND },
		{ '|', '|', 0, HCL_TOK_OR },
		{ '=', '>', 0, HCL_TOK_FAT_ARROW },
		{ '*', '*', 0, HCL_TOK_STAR_STAR },
	};
	for (size_t k = 0; k < ARRAY_LEN(multi); k++) {
		if (c == multi[k].a && c1 == multi[k].b && (!multi[k].c || c2 == multi[k].c)) {
			push_tok(lx, multi[k].k, i, i + (multi[k].c ? 3 : 2));
			return;
		}
	}
	if (c == '<' && c1 == '<') {
		/* heredoc introducer: << -? Ident Newline */
		size_t j = i + 2;
		if (j < n && b[j] == '-')
			j++;
		unsigned cp;
		size_t l = j < n ? cp_at(lx, j, &cp) : 0;
		if (l && is_id_start_cp(cp)) {
			size_t id_start = j;
			size_t id_end = scan_ident(lx, j);
			size_t e = id_end;
			if (e < n && b[e] == '\r')
				e++;
			if (e < n && b[e] == '\n') {
				push_tok(lx, HCL_TOK_OHEREDOC, i, e + 1);
				struct frame *f = push_frame(lx, M_HEREDOC);
				f->marker = b + id_start;
				f->marker_len = id_end - id_start;
				f->start_of_line = true;
				return;
			}
		}
	}
	if (c == '{') {
		push_tok(lx, HCL_TOK_OBRACE, i, i + 1);
		lx->braces++;
		return;
	}
	if (c == '}' || (c == '~' && c1 == '}')) {
		size_t e = c == '}' ? i + 1 : i + 2;
		struct frame *f = top(lx);
		if (lx->depth > 1 && f->mode == M_MAIN && f->brace_level == lx->braces) {
			push_tok(lx, HCL_TOK_TEMPLATE_SEQ_END, i, e);
			lx->braces--;
			lx->depth--;
		} else {
			push_tok(lx, c == '}' ? HCL_TOK_CBRACE : HCL_TOK_TEMPLATE_SEQ_END, i, e);
			lx->braces--;
		}
		return;
	}
	if (c == '"') {
		push_tok(lx, HCL_TOK_OQUOTE, i, i + 1);
		push_frame(lx, M_STRING);
		return;
	}
	static const struct {
		char ch;
		enum hcl_tok k;
	} self[] = {
		{ '[', HCL_TOK_OBRACK }, { ']', HCL_TOK_CBRACK }, { '(', HCL_TOK_OPAREN },
		{ ')', HCL_TOK_CPAREN }, { '.', HCL_TOK_DOT }, { ',', HCL_TOK_COMMA },
		{ '*', HCL_TOK_STAR }, { '/', HCL_TOK_SLASH }, { '%', HCL_TOK_PERCENT },
		{ '+', HCL_TOK_PLUS }, { '-', HCL_TOK_MINUS }, { '=', HCL_TOK_EQUAL },
		{ '<', HCL_TOK_LT }, { '>', HCL_TOK_GT }, { '!', HCL_TOK_BANG },
		{ '?', HCL_TOK_QUESTION }, { ':', HCL_TOK_COLON }, { '&', HCL_TOK_BITWISE_AND },
		{ '|', HCL_TOK_BITWISE_OR }, { '~', HCL_TOK_BITWISE_NOT },
		{ '^', HCL_TOK_BITWISE_XOR }, { ';', HCL_TOK_SEMICOLON },
		{ '`', HCL_TOK_BACKTICK }, { '\'', HCL_TOK_APOSTROPHE },
	};
	for (size_t k = 0; k < ARRAY_LEN(self); k++) {
		if (c == self[k].ch) {
			push_tok(lx, self[k].k, i, i + 1);
			return;
		}
	}
	unsigned cp;
	size_t l = cp_at(lx, i, &cp);
	if (l == 0) {
		push_tok(lx, HCL_TOK_BAD_UTF8, i, i + 1);
		return;
	}
	if (is_id_start_cp(cp)) {
		push_tok(lx, HCL_TOK_IDENT, i, scan_ident(lx, i));
		return;
	}
	push_tok(lx, HCL_TOK_INVALID, i, i + l);
}

/* Length of "$" / "$${" / "%" / "%%{" literal pieces at i (template
 * modes); 0 when i starts a real ${ or %{. */
static size_t template_sigil(struct lexer *lx, size_t i)
{
	const char *b = lx->buf;
	size_t n = lx->len;
	char s = b[i];
	if (i + 1 < n && b[i + 1] == '{')
		return 0;
	if (i + 2 < n && b[i + 1] == s && b[i + 2] == '{')
		return 3;
	return 1;
}

static void lex_string(struct lexer *lx)
{
	const char *b = lx->buf;
	size_t n = lx->len, i = lx->i;
	char c = b[i];
	if (c == '"') {
		push_tok(lx, HCL_TOK_CQUOTE, i, i + 1);
		lx->depth--;
		return;
	}
	if ((c == '$' || c == '%') && i + 1 < n && b[i + 1] == '{') {
		size_t e = i + 2;
		if (e < n && b[e] == '~')
			e++;
		begin_interp(lx, c == '$' ? HCL_TOK_TEMPLATE_INTERP : HCL_TOK_TEMPLATE_CONTROL, e);
		return;
	}
	if (c == '$' || c == '%') {
		push_tok(lx, HCL_TOK_QUOTED_LIT, i, i + template_sigil(lx, i));
		return;
	}
	if (c == '\n' || c == '\r') {
		size_t j = i;
		while (j < n && (b[j] == '\n' || b[j] == '\r'))
			j++;
		push_tok(lx, HCL_TOK_QUOTED_NEWLINE, i, j);
		return;
	}
	/* a run of literal characters and \-escapes */
	size_t j = i;
	while (j < n) {
		char d = b[j];
		if (d == '"' || d == '$' || d == '%' || d == '\n' || d == '\r')
			break;
		unsigned cp;
		if (d == '\\') {
			if (j + 1 >= n || b[j + 1] == '\n' || b[j + 1] == '\r')
				break;
			size_t l = cp_at(lx, j + 1, &cp);
			if (l == 0)
				break;
			j += 1 + l;
			continue;
		}
		size_t l = cp_at(lx, j, &cp);
		if (l == 0)
			break;
		j += l;
	}
	if (j > i) {
		push_tok(lx, HCL_TOK_QUOTED_LIT, i, j);
		return;
	}
	unsigned cp;
	size_t l = cp_at(lx, i, &cp);
	if (l == 0)
		push_tok(lx, HCL_TOK_BAD_UTF8, i, i + 1);
	else
		push_tok(lx, HCL_TOK_INVALID, i, i + l);
}

static void lex_heredoc(struct lexer *lx)
{
	const char *b = lx->buf;
	size_t n = lx->len, i = lx->i;
	struct frame *f = top(lx);
	char c = b[i];
	if ((c == '$' || c == '%') && i + 1 < n && b[i + 1] == '{') {
		size_t e = i + 2;
		if (e < n && b[e] == '~')
			e++;
		begin_interp(lx, c == '$' ? HCL_TOK_TEMPLATE_INTERP : HCL_TOK_TEMPLATE_CONTROL, e);
		return;
	}
	if (c == '$' || c == '%') {
		size_t e = i + template_sigil(lx, i);
		f->start_of_line = false;
		push_tok(lx, HCL_TOK_STRING_LIT, i, e);
		return;
	}
	size_t j = i;
	bool bad = false;
	while (j < n && b[j] != '\n' && b[j] != '$' && b[j] != '%') {
		unsigned cp;
		size_t l = cp_at(lx, j, &cp);
		if (l == 0) {
			bad = true;
			break;
		}
		j += l;
	}
	if (j == i && bad) {
		push_tok(lx, HCL_TOK_BAD_UTF8, i, i + 1);
		return;
	}
	if (j < n && b[j] == '\n') {
		/* a literal ending the line: maybe the closing marker */
		if (f->start_of_line) {
			size_t s = i, e = j;
			while (s < e && (b[s] == ' ' || b[s] == '\t' || b[s] == '\r' || b[s] == '\v' || b[s] == '\f'))
				s++;
			while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t' || b[e - 1] == '\r' ||
					 b[e - 1] == '\v' || b[e - 1] == '\f'))
				e--;
			if (e - s == f->marker_len && memcmp(b + s, f->marker, f->marker_len) == 0) {
				size_t nl = j;
				if (nl > i && b[nl - 1] == '\r')
					nl--;
				push_tok(lx, HCL_TOK_CHEREDOC, i, nl);
				push_tok(lx, HCL_TOK_NEWLINE, nl, j + 1);
				lx->depth--;
				return;
			}
		}
		f->start_of_line = true;
		push_tok(lx, HCL_TOK_STRING_LIT, i, j + 1);
		return;
	}
	if (j == i) {
		/* cannot happen: j stops only at \n, $, % or bad UTF-8 */
		push_tok(lx, HCL_TOK_INVALID, i, i + 1);
		return;
	}
	f->start_of_line = false;
	push_tok(lx, HCL_TOK_STRING_LIT, i, j);
}

const char *hcl_tok_name(enum hcl_tok kind)
{
	static const char *const names[] = {
		[HCL_TOK_EOF] = "TokenEOF",
		[HCL_TOK_NEWLINE] = "TokenNewline",
		[HCL_TOK_COMMENT] = "TokenComment",
		[HCL_TOK_IDENT] = "TokenIdent",
		[HCL_TOK_NUMBER] = "TokenNumberLit",
		[HCL_TOK_OBRACE] = "TokenOBrace",
		[HCL_TOK_CBRACE] = "TokenCBrace",
		[HCL_TOK_OBRACK] = "TokenOBrack",
		[HCL_TOK_CBRACK] = "TokenCBrack",
		[HCL_TOK_OPAREN] = "TokenOParen",
		[HCL_TOK_CPAREN] = "TokenCParen",
		[HCL_TOK_OQUOTE] = "TokenOQuote",
		[HCL_TOK_CQUOTE] = "TokenCQuote",
		[HCL_TOK_OHEREDOC] = "TokenOHeredoc",
		[HCL_TOK_CHEREDOC] = "TokenCHeredoc",
		[HCL_TOK_QUOTED_LIT] = "TokenQuotedLit",
		[HCL_TOK_STRING_LIT] = "TokenStringLit",
		[HCL_TOK_TEMPLATE_INTERP] = "TokenTemplateInterp",
		[HCL_TOK_TEMPLATE_CONTROL] = "TokenTemplateControl",
		[HCL_TOK_TEMPLATE_SEQ_END] = "TokenTemplateSeqEnd",
		[HCL_TOK_STAR] = "TokenStar",
		[HCL_TOK_SLASH] = "TokenSlash",
		[HCL_TOK_PLUS] = "TokenPlus",
		[HCL_TOK_MINUS] = "TokenMinus",
		[HCL_TOK_PERCENT] = "TokenPercent",
		[HCL_TOK_EQUAL] = "TokenEqual",
		[HCL_TOK_EQUAL_OP] = "TokenEqualOp",
		[HCL_TOK_NOT_EQUAL] = "TokenNotEqual",
		[HCL_TOK_LT] = "TokenLessThan",
		[HCL_TOK_LE] = "TokenLessThanEq",
		[HCL_TOK_GT] = "TokenGreaterThan",
		[HCL_TOK_GE] = "TokenGreaterThanEq",
		[HCL_TOK_AND] = "TokenAnd",
		[HCL_TOK_OR] = "TokenOr",
		[HCL_TOK_BANG] = "TokenBang",
		[HCL_TOK_DOT] = "TokenDot",
		[HCL_TOK_COMMA] = "TokenComma",
		[HCL_TOK_ELLIPSIS] = "TokenEllipsis",
		[HCL_TOK_FAT_ARROW] = "TokenFatArrow",
		[HCL_TOK_QUESTION] = "TokenQuestion",
		[HCL_TOK_COLON] = "TokenColon",
		[HCL_TOK_INVALID] = "TokenInvalid",
		[HCL_TOK_BAD_UTF8] = "TokenBadUTF8",
		[HCL_TOK_QUOTED_NEWLINE] = "TokenQuotedNewline",
		[HCL_TOK_TABS] = "TokenTabs",
		[HCL_TOK_BITWISE_AND] = "TokenBitwiseAnd",
		[HCL_TOK_BITWISE_OR] = "TokenBitwiseOr",
		[HCL_TOK_BITWISE_NOT] = "TokenBitwiseNot",
		[HCL_TOK_BITWISE_XOR] = "TokenBitwiseXor",
		[HCL_TOK_STAR_STAR] = "TokenStarStar",
		[HCL_TOK_APOSTROPHE] = "TokenApostrophe",
		[HCL_TOK_BACKTICK] = "TokenBacktick",
		[HCL_TOK_SEMICOLON] = "TokenSemicolon",
	};
	if ((size_t)kind < ARRAY_LEN(names) && names[kind])
		return names[kind];
	return "TokenNil";
}

/* hclsyntax's checkInvalidTokens: one diagnostic per offending token,
 * with the same per-kind limits. */
static void check_invalid(struct lexer *lx, struct diags *d)
{
	int bitwise = 0, expo = 0, backtick = 0, apos = 0, semi = 0, bad = 0;
	for (size_t k = 0; k < lx->n; k++) {
		struct hcl_token *t = &lx->toks[k];
		const struct span *sp = &t->span;
		switch (t->kind) {
		case HCL_TOK_BITWISE_AND:
		case HCL_TOK_BITWISE_OR:
		case HCL_TOK_BITWISE_XOR:
		case HCL_TOK_BITWISE_NOT:
			if (bitwise < 4) {
				const char *sug = t->kind == HCL_TOK_BITWISE_AND ?
							  " Did you mean boolean AND (\"&&\")?" :
						  t->kind == HCL_TOK_BITWISE_OR ?
							  " Did you mean boolean OR (\"||\")?" :
						  t->kind == HCL_TOK_BITWISE_NOT ?
							  " Did you mean boolean NOT (\"!\")?" :
							  "";
				diag_error_detail(d, sp, "Unsupported operator",
						  "Bitwise operators are not supported.%s", sug);
				bitwise++;
			}
			break;
		case HCL_TOK_STAR_STAR:
			if (expo < 1) {
				diag_error_detail(d, sp, "Unsupported operator", "%s",
						  "\"**\" is not a supported operator. Exponentiation is not supported as an operator.");
				expo++;
			}
			break;
		case HCL_TOK_BACKTICK:
			if (backtick % 2 == 0)
				diag_error_detail(d, sp, "Invalid character", "%s",
						  "The \"`\" character is not valid. To create a multi-line string, use the \"heredoc\" syntax, like \"<<EOT\".");
			if (backtick <= 2)
				backtick++;
			break;
		case HCL_TOK_APOSTROPHE:
			if (apos % 2 == 0)
				diag_error_detail(d, sp, "Invalid character", "%s",
						  "Single quotes are not valid. Use double quotes (\") to enclose strings.");
			if (apos <= 2)
				apos++;
			break;
		case HCL_TOK_SEMICOLON:
			if (semi < 1) {
				diag_error_detail(d, sp, "Invalid character", "%s",
						  "The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.");
				semi++;
			}
			break;
		case HCL_TOK_BAD_UTF8:
			if (bad < 1) {
				diag_error_detail(d, sp, "Invalid character encoding", "%s",
						  "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.");
				bad++;
			}
			break;
		case HCL_TOK_QUOTED_NEWLINE:
			diag_error_detail(d, sp, "Invalid multi-line string", "%s",
					  "Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax.");
			break;
		case HCL_TOK_INVALID:
			if ((t->text.len == 3 && memcmp(t->text.p, "\xE2\x80\x9C", 3) == 0) ||
			    (t->text.len == 3 && memcmp(t->text.p, "\xE2\x80\x9D", 3) == 0))
				diag_error_detail(d, sp, "Invalid character", "%s",
						  "\"Curly quotes\" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a \"straight quote\".");
			else
				diag_error_detail(d, sp, "Invalid character", "%s",
						  "This character is not used within the language.");
			break;
		default:
			break;
		}
	}
}

static int lex_run(struct lexer *lx, struct diags *d)
{
	lx->pos.line = 1;
	lx->pos.col = 1;
	lx->pos.off = 0;
	if (lx->len >= 3 && memcmp(lx->buf, "\xEF\xBB\xBF", 3) == 0) {
		/* the BOM is skipped but still counts in byte offsets */
		lx->i = 3;
		lx->pos.off = 3;
	}
	push_frame(lx, M_MAIN);
	while (lx->i < lx->len) {
		switch (top(lx)->mode) {
		case M_MAIN:
			lex_main(lx);
			break;
		case M_STRING:
			lex_string(lx);
			break;
		case M_HEREDOC:
			lex_heredoc(lx);
			break;
		}
	}
	push_tok(lx, HCL_TOK_EOF, lx->len, lx->len);
	size_t before = d->errors;
	check_invalid(lx, d);
	return d->errors > before ? -1 : 0;
}

int hcl_lex(struct hcl_token **toks, size_t *ntoks, struct arena *a, const char *file,
	    const char *buf, size_t len, struct diags *d)
{
	struct lexer lx = { .a = a, .file = file, .buf = buf, .len = len };
	int rc = lex_run(&lx, d);
	*toks = lx.toks;
	*ntoks = lx.n;
	return rc;
}

int hcl_lex_heap(struct hcl_token **toks, size_t *ntoks, struct arena *a, const char *file,
		 const char *buf, size_t len, struct diags *d)
{
	/* the parser needs tokens only while it runs: a heap array (freed by
	 * the caller) avoids leaving every doubling behind in the arena */
	struct lexer lx = { .a = a, .file = file, .buf = buf, .len = len, .heap = true };
	lx.cap = len / 4 + 64;
	lx.toks = util_xmalloc(lx.cap * sizeof(*lx.toks));
	int rc = lex_run(&lx, d);
	*toks = lx.toks;
	*ntoks = lx.n;
	return rc;
}
