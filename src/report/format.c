/*
 * format: the --format flag.  Upstream takes any Go text/template; atlas-c
 * supports the templates people use in CI: literal text around
 * `{{ json . }}` actions, with MarshalIndent's optional prefix/indent
 * arguments.  The lexer follows text/template's rules for delimiters, trim
 * markers (`{{- ` and ` -}}` eat the whitespace beside them), comments and
 * string literals, so accepted templates print exactly what Go would.
 * Syntax errors use Go's wording; valid templates that use other functions
 * or fields are refused with a clear reason.  Rendering the JSON document
 * itself is the report's job (apply.c, status.c).
 */
#include "report/internal.h"

struct lexer {
	struct arena *arena;
	const char *s;
	size_t len;
	size_t pos;
	unsigned line; /* line of the action being parsed */
	struct diags *d;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned l = 0;
	size_t i;

	for (i = 0; i < n; i++)
		l += s[i] == '\n';
	return l;
}

static int fail(struct lexer *lx, const char *fmt, const char *arg)
{
	return diag_errorf(lx->d, NULL, "parse format: template: format:%u: %s%s",
			   lx->line, fmt, arg != NULL ? arg : "");
}

/* At lx->pos: " -}}" (any space) or "}}". Returns the length or 0. */
static size_t right_delim(const struct lexer *lx, bool *trim)
{
	const char *p = lx->s + lx->pos;
	size_t left = lx->len - lx->pos;

	if (left >= 4 && is_space(p[0]) && p[1] == '-' && p[2] == '}' && p[3] == '}') {
		*trim = true;
		return 4;
	}
	if (left >= 2 && p[0] == '}' && p[1] == '}') {
		*trim = false;
		return 2;
	}
	return 0;
}

static bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static void add_utf8(struct strbuf *sb, uint32_t r)
{
	if (r < 0x80) {
		strbuf_addch(sb, (char)r);
	} else if (r < 0x800) {
		strbuf_addch(sb, (char)(0xC0 | (r >> 6)));
		strbuf_addch(sb, (char)(0x80 | (r & 0x3F)));
	} else if (r < 0x10000) {
		strbuf_addch(sb, (char)(0xE0 | (r >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((r >> 6) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | (r & 0x3F)));
	} else {
		strbuf_addch(sb, (char)(0xF0 | (r >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((r >> 12) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | ((r >> 6) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | (r & 0x3F)));
	}
}

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

/* Go strconv.Unquote of the interpreted string s[0..n) (quotes excluded). */
static int unquote(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char c = s[i++];
		uint32_t v = 0;
		int digits = 0, base = 16, k;

		if (c != '\\') {
			strbuf_addch(out, c);
			continue;
		}
		if (i >= n)
			return -1;
		c = s[i++];
		switch (c) {
		case 'a': strbuf_addch(out, '\a'); continue;
		case 'b': strbuf_addch(out, '\b'); continue;
		case 'f': strbuf_addch(out, '\f'); continue;
		case 'n': strbuf_addch(out, '\n'); continue;
		case 'r': strbuf_addch(out, '\r'); continue;
		case 't': strbuf_addch(out, '\t'); continue;
		case 'v': strbuf_addch(out, '\v'); continue;
		case '\\': strbuf_addch(out, '\\'); continue;
		case '"': strbuf_addch(out, '"'); continue;
		case 'x': digits = 2; break;
		case 'u': digits = 4; break;
		case 'U': digits = 8; break;
		default:
			if (c < '0' || c > '7')
				return -1;
			base = 8;
			digits = 2;
			v = (uint32_t)(c - '0');
		}
		for (k = 0; k < digits; k++) {
			int h = i < n ? hexval(s[i]) : -1;

			if (h < 0 || h >= base)
				return -1;
			v = v * (uint32_t)base + (uint32_t)h;
			i++;
		}
		if (c == 'x' || base == 8) {
			if (v > 255)
				return -1;
			strbuf_addch(out, (char)v); /* a raw byte */
		} else {
			if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
				return -1;
			add_utf8(out, v);
		}
	}
	return 0;
}

/* Parses one string argument at lx->pos into an arena string. */
static int string_arg(const char **out, struct lexer *lx)
{
	char q = lx->s[lx->pos];
	size_t start = ++lx->pos;
	struct strbuf sb = STRBUF_INIT;

	if (q == '`') {
		while (lx->pos < lx->len && lx->s[lx->pos] != '`')
			lx->pos++;
		if (lx->pos >= lx->len)
			return fail(lx, "unterminated raw quoted string", NULL);
		/* Go drops carriage returns from raw strings. */
		for (size_t i = start; i < lx->pos; i++)
			if (lx->s[i] != '\r')
				strbuf_addch(&sb, lx->s[i]);
	} else {
		while (lx->pos < lx->len && lx->s[lx->pos] != '"') {
			if (lx->s[lx->pos] == '\n')
				break;
			if (lx->s[lx->pos] == '\\' && lx->pos + 1 < lx->len &&
			    lx->s[lx->pos + 1] != '\n')
				lx->pos++;
			lx->pos++;
		}
		if (lx->pos >= lx->len || lx->s[lx->pos] != '"')
			return fail(lx, "unterminated quoted string", NULL);
		if (unquote(&sb, lx->s + start, lx->pos - start) < 0) {
			strbuf_release(&sb);
			return fail(lx, "invalid syntax", NULL);
		}
	}
	lx->pos++;
	*out = strbuf_arena(&sb, lx->arena);
	strbuf_release(&sb);
	return 0;
}

static const char *const upstream_funcs[] = {
	"json", "json_merge", "add", "upper", "indent_ln", "default",
	"cyan", "green", "red", "redBgWhiteFg", "yellow",
	/* text/template builtins */
	"and", "call", "html", "index", "slice", "js", "len", "not", "or",
	"print", "printf", "println", "urlquery", "eq", "ge", "gt", "le",
	"lt", "ne",
};

static const char unsupported[] =
	"atlas-c supports only {{ json . }} (optionally with MarshalIndent "
	"string arguments) in --format, got ";

/* Parses the inside of an action starting at lx->pos (after "{{" and a
 * trim marker).  Fills part; *trim_right tells whether it ended in " -}}". */
static int action(struct report_format_part *part, bool *trim_right,
		  struct lexer *lx, size_t action_start)
{
	const char *args[3];
	size_t nargs = 0, dl;
	bool have_data = false;

	for (;;) {
		char c;

		while (lx->pos < lx->len && is_space(lx->s[lx->pos])) {
			/* " -}}" starts with a space: look before skipping. */
			if (right_delim(lx, trim_right) == 4)
				break;
			lx->pos++;
		}
		if (lx->pos >= lx->len)
			return fail(lx, "unclosed action", NULL);
		if ((dl = right_delim(lx, trim_right)) > 0) {
			lx->pos += dl;
			break;
		}
		c = lx->s[lx->pos];
		if (part->text == NULL) {
			/* First word: must be the json function. */
			size_t start = lx->pos;

			while (lx->pos < lx->len && is_ident(lx->s[lx->pos]))
				lx->pos++;
			if (lx->pos == start || (c >= '0' && c <= '9'))
				goto unsupported;
			part->text = arena_strndup(lx->arena, lx->s + start, lx->pos - start);
			if (strcmp(part->text, "json") != 0) {
				size_t i;

				for (i = 0; i < ARRAY_LEN(upstream_funcs); i++)
					if (strcmp(part->text, upstream_funcs[i]) == 0)
						goto unsupported;
				return diag_errorf(lx->d, NULL,
						   "parse format: template: format:%u: function \"%s\" not defined",
						   lx->line, part->text);
			}
			continue;
		}
		if (!have_data) {
			if ((c != '.' && c != '$') ||
			    (lx->pos + 1 < lx->len && !is_space(lx->s[lx->pos + 1]) &&
			     lx->s[lx->pos + 1] != '}'))
				goto unsupported;
			have_data = true;
			lx->pos++;
			continue;
		}
		if ((c != '"' && c != '`') || nargs == 2)
			goto unsupported;
		if (string_arg(&args[nargs], lx) < 0)
			return -1;
		nargs++;
	}
	if (part->text == NULL)
		return fail(lx, "missing value for command", NULL);
	if (!have_data)
		goto unsupported;
	part->is_json = true;
	part->text = NULL;
	part->indented = nargs > 0;
	part->prefix = nargs == 2 ? args[0] : "";
	part->indent = nargs == 2 ? args[1] : nargs == 1 ? args[0] : "";
	return 0;
unsupported:
	while (lx->pos < lx->len && right_delim(lx, trim_right) == 0)
		lx->pos++;
	{
		struct strbuf sb = STRBUF_INIT;
		size_t end = lx->pos < lx->len ? lx->pos + right_delim(lx, trim_right) : lx->len;

		strbuf_add(&sb, lx->s + action_start, end - action_start);
		diag_errorf(lx->d, NULL, "parse format: template: format:%u: %s%s",
			    lx->line, unsupported, sb.buf);
		strbuf_release(&sb);
	}
	return -1;
}

int report_format_parse(struct report_format *out, struct arena *a,
			const char *text, struct diags *d)
{
	struct lexer lx = { .arena = a, .s = text, .d = d };
	struct report_format_part *parts;
	size_t nparts = 0, cap;
	bool trim_next = false;

	memset(out, 0, sizeof(*out));
	if (text == NULL || *text == '\0') {
		out->kind = REPORT_FORMAT_TEXT;
		return 0;
	}
	/* atlas-c's short form (issue 5): `--format json` is `{{ json . }}`.
	 * Upstream would print the literal word; nobody wants that. */
	if (strcmp(text, "json") == 0)
		text = "{{ json . }}";
	lx.s = text;
	lx.len = strlen(text);
	/* Each action adds at most two parts (text before it, itself). */
	cap = 2 * (lx.len / 2 + 1) + 1;
	parts = arena_alloc(a, cap * sizeof(*parts));
	while (lx.pos <= lx.len) {
		const char *open = strstr(text + lx.pos, "{{");
		size_t lit_start = lx.pos;
		size_t lit_end = open != NULL ? (size_t)(open - text) : lx.len;
		bool trim_left = false, trim_right = false;
		size_t action_start;

		if (open != NULL && lit_end + 3 < lx.len && text[lit_end + 2] == '-' &&
		    is_space(text[lit_end + 3]))
			trim_left = true;
		if (trim_next)
			while (lit_start < lit_end && is_space(text[lit_start]))
				lit_start++;
		if (trim_left)
			while (lit_end > lit_start && is_space(text[lit_end - 1]))
				lit_end--;
		if (lit_end > lit_start) {
			parts[nparts].text = text + lit_start;
			parts[nparts].len = lit_end - lit_start;
			nparts++;
		}
		if (open == NULL)
			break;
		action_start = (size_t)(open - text);
		lx.line = 1 + count_lines(text, action_start);
		lx.pos = action_start + 2 + (trim_left ? 2 : 0);
		if (lx.len - lx.pos >= 2 && text[lx.pos] == '/' && text[lx.pos + 1] == '*') {
			/* A comment: "/" "*" ... "*" "/" then the delimiter. */
			const char *end = strstr(text + lx.pos + 2, "*/");

			if (end == NULL)
				return fail(&lx, "unclosed comment", NULL);
			lx.pos = (size_t)(end - text) + 2;
			if (right_delim(&lx, &trim_right) == 0)
				return fail(&lx, "comment ends before closing delimiter", NULL);
			lx.pos += right_delim(&lx, &trim_right);
		} else {
			memset(&parts[nparts], 0, sizeof(parts[nparts]));
			if (action(&parts[nparts], &trim_right, &lx, action_start) < 0)
				return -1;
			nparts++;
		}
		trim_next = trim_right;
	}
	out->kind = REPORT_FORMAT_TEMPLATE;
	out->parts = parts;
	out->nparts = nparts;
	return 0;
}

void report_format_print(FILE *out, const struct report_format *fmt,
			 const char *json, size_t len)
{
	size_t i;

	for (i = 0; i < fmt->nparts; i++) {
		const struct report_format_part *p = &fmt->parts[i];

		if (!p->is_json) {
			fwrite(p->text, 1, p->len, out);
		} else if (!p->indented) {
			fwrite(json, 1, len, out);
		} else {
			struct strbuf sb = STRBUF_INIT;

			report_json_indent(&sb, json, len, p->prefix, p->indent);
			fwrite(sb.buf, 1, sb.len, out);
			strbuf_release(&sb);
		}
	}
}
