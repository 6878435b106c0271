/*
 * config/internal.h: the folder-private HCL contract (HashiCorp HCL v2
 * native syntax, cty-like values, evaluation, functions).
 *
 *   hcl_lex.c    bytes -> tokens (every token keeps its span)
 *   hcl_parse.c  tokens -> AST (bodies, blocks, attributes, expressions)
 *   hcl_num.c    arbitrary-precision numbers (rationals rounded to cty's
 *                binary precision after each operation, printed as cty
 *                prints its big.Floats)
 *   hcl_value.c  types, values, conversion, equality, JSON
 *   hcl_eval.c   expression evaluation in a scope; reference analysis
 *   hcl_funcs.c  the function table (cty stdlib subset + Atlas helpers)
 *   hcl_regex.c  RE2-syntax regular expressions for regex()/regexall()
 *
 * Differential tests against HashiCorp's implementation (hclref) live in
 * tests/vectors/hcl{ref,gen,mut,rw,extra} and tests/tools/hcldiff.sh.
 *
 * Used by project.c (env selection, variables, locals, for_each).  Owner
 * of results: everything returned lives in the caller's arena.  Failure:
 * fallible functions return 0 / -1 and append HCL-style diagnostics
 * ("Summary; Detail" with a span) to the caller's struct diags.
 * The module does no I/O of its own except in the functions file(),
 * fileset(), glob(), getenv() and print(), which go through struct
 * hcl_host so that callers (and tests) decide.
 */
#ifndef ATLAS_CONFIG_INTERNAL_H
#define ATLAS_CONFIG_INTERNAL_H

#include "util/util.h"

/* Deepest nesting of expressions / blocks accepted; deeper input fails
 * with "Nesting too deep" instead of overflowing the C stack. */
#define HCL_MAX_DEPTH 500

/* ======================================================================
 * Tokens (names follow hclsyntax's TokenType so tests can compare with
 * `hclref tokens`).
 * ==================================================================== */

enum hcl_tok {
	HCL_TOK_EOF,
	HCL_TOK_NEWLINE,
	HCL_TOK_COMMENT, /* a line comment includes its newline */
	HCL_TOK_IDENT,
	HCL_TOK_NUMBER,
	HCL_TOK_OBRACE, HCL_TOK_CBRACE,
	HCL_TOK_OBRACK, HCL_TOK_CBRACK,
	HCL_TOK_OPAREN, HCL_TOK_CPAREN,
	HCL_TOK_OQUOTE, HCL_TOK_CQUOTE,
	HCL_TOK_OHEREDOC, /* text "<<EOT\n" or "<<-EOT\n" */
	HCL_TOK_CHEREDOC, /* the closing marker line */
	HCL_TOK_QUOTED_LIT, /* raw bytes, escapes not decoded */
	HCL_TOK_STRING_LIT, /* heredoc literal (raw) */
	HCL_TOK_TEMPLATE_INTERP, /* "${" or "${~" */
	HCL_TOK_TEMPLATE_CONTROL, /* "%{" or "%{~" */
	HCL_TOK_TEMPLATE_SEQ_END, /* "}" or "~}" */
	HCL_TOK_STAR, HCL_TOK_SLASH, HCL_TOK_PLUS, HCL_TOK_MINUS,
	HCL_TOK_PERCENT,
	HCL_TOK_EQUAL, /* = */
	HCL_TOK_EQUAL_OP, /* == */
	HCL_TOK_NOT_EQUAL,
	HCL_TOK_LT, HCL_TOK_LE, HCL_TOK_GT, HCL_TOK_GE,
	HCL_TOK_AND, HCL_TOK_OR, HCL_TOK_BANG,
	HCL_TOK_DOT, HCL_TOK_COMMA, HCL_TOK_ELLIPSIS, HCL_TOK_FAT_ARROW,
	HCL_TOK_QUESTION, HCL_TOK_COLON,
	/* error tokens: the lexer has already reported them */
	HCL_TOK_INVALID,
	HCL_TOK_BAD_UTF8,
	HCL_TOK_QUOTED_NEWLINE,
	HCL_TOK_TABS,
	/* characters HCL scans only to report them well */
	HCL_TOK_BITWISE_AND, HCL_TOK_BITWISE_OR, HCL_TOK_BITWISE_NOT,
	HCL_TOK_BITWISE_XOR, HCL_TOK_STAR_STAR, HCL_TOK_APOSTROPHE,
	HCL_TOK_BACKTICK, HCL_TOK_SEMICOLON,
};

struct hcl_token {
	enum hcl_tok kind;
	struct str text; /* slice of the source buffer */
	struct span span;
};

/* As hcl_lex, but *toks is a malloc'd array the caller frees (the
 * parser's scratch; token texts still point into buf). */
int hcl_lex_heap(struct hcl_token **toks, size_t *ntoks, struct arena *a, const char *file,
		 const char *buf, size_t len, struct diags *d) WUR;

/* Moves p over n bytes of s: lines on "\n"/"\r\n", columns in grapheme
 * clusters (approximated), byte offset. */
void hcl_pos_advance(struct pos *p, const char *s, size_t n);

/* HCL's own token-type name ("TokenIdent"), for tests. */
const char *hcl_tok_name(enum hcl_tok kind);

/*
 * Scans buf (need not be NUL-terminated) into *toks (arena array, ends
 * with one HCL_TOK_EOF).  Lexical errors (bad UTF-8, invalid characters,
 * quoted newlines) are appended to d; the token stream is still complete.
 * Returns 0, or -1 when d got errors.
 */
int hcl_lex(struct hcl_token **toks, size_t *ntoks, struct arena *a, const char *file,
	    const char *buf, size_t len, struct diags *d) WUR;

/* ======================================================================
 * Types and values (cty's model).
 * ==================================================================== */

enum hcl_type_kind {
	HCL_T_DYNAMIC, /* "dynamic": any type; also the type of untyped null */
	HCL_T_STRING,
	HCL_T_NUMBER,
	HCL_T_BOOL,
	HCL_T_LIST,
	HCL_T_SET,
	HCL_T_MAP,
	HCL_T_TUPLE,
	HCL_T_OBJECT,
	HCL_T_TYPE, /* a type as a value (`string`, `list(number)`, ...) */
	HCL_T_RAW, /* opaque raw SQL value, sql("...") */
};

struct hcl_type {
	enum hcl_type_kind kind;
	const struct hcl_type *elem; /* list, set, map */
	size_t n; /* tuple elements / object attributes */
	const struct hcl_type **elems; /* tuple element / object attribute types */
	const char **names; /* object attribute names, sorted byte-wise */
};

/* Shared immutable primitive types. */
extern const struct hcl_type hcl_type_dynamic, hcl_type_string, hcl_type_number,
	hcl_type_bool, hcl_type_typeval, hcl_type_raw;

const struct hcl_type *hcl_type_list(struct arena *a, const struct hcl_type *elem);
const struct hcl_type *hcl_type_set(struct arena *a, const struct hcl_type *elem);
const struct hcl_type *hcl_type_map(struct arena *a, const struct hcl_type *elem);
/* names need not be sorted; they are copied and sorted (types reordered). */
const struct hcl_type *hcl_type_object(struct arena *a, size_t n, const char *const *names,
				       const struct hcl_type *const *types);
const struct hcl_type *hcl_type_tuple(struct arena *a, size_t n,
				      const struct hcl_type *const *types);
bool hcl_type_equal(const struct hcl_type *x, const struct hcl_type *y);
/* cty's type unification (convert.UnifyUnsafe): the one type all of ts
 * convert to (tuples of different lengths unify to a list, objects of
 * different shapes to a map, mixed primitives to string), or NULL. */
const struct hcl_type *hcl_type_unify(struct arena *a, size_t n, const struct hcl_type *const *ts);
/* cty's FriendlyName: "string", "list of string", "map of number",
 * "set of dynamic", "tuple", "object", "dynamic". */
const char *hcl_type_friendly(struct arena *a, const struct hcl_type *t);
/* HCL type-expression text: "list(string)", "object({a=number})". */
const char *hcl_type_expr_text(struct arena *a, const struct hcl_type *t);

/* Arbitrary-precision number (opaque; hcl_num.c). */
struct hcl_num;

struct hcl_value {
	const struct hcl_type *type;
	bool null;
	union {
		bool b; /* BOOL */
		const struct hcl_num *num; /* NUMBER */
		struct str s; /* STRING (NFC UTF-8), RAW */
		const struct hcl_type *tval; /* TYPE */
		struct {
			/* LIST, SET, TUPLE: items in order (a set is sorted the
			 * way cty iterates it, duplicates removed).
			 * MAP, OBJECT: keys[i] -> items[i], keys sorted byte-wise. */
			size_t n;
			struct hcl_value **items;
			struct str *keys;
		} c;
	} u;
};

/* Constructors (arena-owned; they never fail). */
struct hcl_value *hcl_value_null(struct arena *a, const struct hcl_type *t);
struct hcl_value *hcl_value_bool(struct arena *a, bool b);
struct hcl_value *hcl_value_string(struct arena *a, const char *s, size_t len);
struct hcl_value *hcl_value_cstr(struct arena *a, const char *s);
struct hcl_value *hcl_value_int(struct arena *a, long long i);
struct hcl_value *hcl_value_number(struct arena *a, const struct hcl_num *n);
struct hcl_value *hcl_value_typeval(struct arena *a, const struct hcl_type *t);
/* Tuple of n items (types taken from the items). */
struct hcl_value *hcl_value_tuple(struct arena *a, size_t n, struct hcl_value *const *items);
/* Object; keys need not be sorted, a later duplicate key wins. */
struct hcl_value *hcl_value_object(struct arena *a, size_t n, const struct str *keys,
				   struct hcl_value *const *items);
/* List/set/map of elem type; the items must already have that type (use
 * hcl_value_convert first).  Sets are sorted and deduplicated here. */
struct hcl_value *hcl_value_list(struct arena *a, const struct hcl_type *elem, size_t n,
				 struct hcl_value *const *items);
struct hcl_value *hcl_value_set(struct arena *a, const struct hcl_type *elem, size_t n,
				struct hcl_value *const *items);
struct hcl_value *hcl_value_map(struct arena *a, const struct hcl_type *elem, size_t n,
				const struct str *keys, struct hcl_value *const *items);

/* Element of an object/map by key, NULL when absent (or v is null). */
struct hcl_value *hcl_value_get(const struct hcl_value *v, const char *key);
/* Number as an int64 when it is an integer in range; -1 otherwise. */
int hcl_value_as_int64(long long *out, const struct hcl_value *v) WUR;
bool hcl_value_is_collection(const struct hcl_value *v); /* list set map tuple object */
/* cty's Equals for known values: same type and same content (a null
 * equals only a null). */
bool hcl_value_equal(const struct hcl_value *x, const struct hcl_value *y);

/*
 * Converts v to type t with cty's rules (convert.Convert): number<->string,
 * bool<->string ("true"/"false"/"1"/"0"), tuple->list/set, object->map,
 * collection->collection, unifying element types for `dynamic` elements.
 * On failure returns -1 and sets *err to cty's wording ("a number is
 * required", "string required", "list of number required",
 * "a bool is required; to convert from string, use lowercase \"true\"",
 * "attribute \"x\" is required", ...).
 */
int hcl_value_convert(struct hcl_value **out, struct arena *a, struct hcl_value *v,
		      const struct hcl_type *t, const char **err) WUR;

/* A string value's text for a template: strings as is, numbers in cty's
 * shortest form, bools true/false.  -1 (no diag) for null/collections. */
int hcl_value_to_text(struct str *out, struct arena *a, const struct hcl_value *v) WUR;

/*
 * JSON as ctyjson writes it with the value's own type: numbers in cty's
 * text, lists/sets/tuples as arrays, maps/objects with sorted keys, null
 * as null; indent > 0 pretty-prints like Go's json.Indent with that many
 * spaces (indent 0: compact).  Returns -1 with *err set for values JSON
 * cannot hold (infinity: "cannot serialize infinity as JSON").
 */
int hcl_value_json(struct strbuf *sb, const struct hcl_value *v, int indent, int level,
		   const char **err) WUR;
/* JSON string escaping as Go's encoder with SetEscapeHTML(false). */
void hcl_json_string(struct strbuf *sb, const char *s, size_t len);
/* Parses JSON text into a value with cty's implied types (objects ->
 * object, arrays -> tuple).  -1 with *err set on bad JSON. */
int hcl_value_from_json(struct hcl_value **out, struct arena *a, const char *s, size_t len,
			const char **err) WUR;

/* ---- numbers (hcl_num.c) ---- */

/* Parses HCL/cty number syntax (digits, ".digits", exponent); also Go's
 * ParseFloat forms used by conversion ("+5", ".5", "Inf") when lenient.
 * Returns NULL when s is not a number. */
const struct hcl_num *hcl_num_parse(struct arena *a, const char *s, size_t len, bool lenient);
const struct hcl_num *hcl_num_from_int(struct arena *a, long long i);
/* cty's text: shortest decimal that identifies the 512-bit value. */
const char *hcl_num_text(struct arena *a, const struct hcl_num *n);
int hcl_num_cmp(const struct hcl_num *x, const struct hcl_num *y);
bool hcl_num_is_int(const struct hcl_num *n);
/* The value as an int64 when it is an integer in range; -1 otherwise. */
int hcl_num_to_int64(long long *out, const struct hcl_num *n) WUR;
bool hcl_num_is_inf(const struct hcl_num *n);
/* Arithmetic; NULL + *err on failure (0/0, number too large). */
const struct hcl_num *hcl_num_arith(struct arena *a, char op, const struct hcl_num *x,
				    const struct hcl_num *y, const char **err);
const struct hcl_num *hcl_num_neg(struct arena *a, const struct hcl_num *x);
int hcl_num_sign(const struct hcl_num *n); /* -1, 0, 1 */
double hcl_num_to_double(const struct hcl_num *n);
/* The same value carrying another cty precision (e.g. 64 for integers
 * built with SetInt), rounded to it when it does not fit. */
const struct hcl_num *hcl_num_with_prec(struct arena *a, const struct hcl_num *n, unsigned prec);
const struct hcl_num *hcl_num_from_double(struct arena *a, double d);
/* floor/ceil toward -inf/+inf. */
const struct hcl_num *hcl_num_floor(struct arena *a, const struct hcl_num *n, bool ceil);

/* ======================================================================
 * AST
 * ==================================================================== */

enum hcl_expr_kind {
	HCL_EXPR_LITERAL, /* u.lit */
	HCL_EXPR_TEMPLATE, /* u.tmpl: parts concatenated as text */
	HCL_EXPR_TEMPLATE_WRAP, /* "${x}" alone: u.wrap, value keeps its type */
	HCL_EXPR_TEMPLATE_JOIN, /* %{ for }: u.wrap is a tuple FOR, joined */
	HCL_EXPR_SCOPE_TRAV, /* u.trav: root name + steps (var.x, a[0]) */
	HCL_EXPR_REL_TRAV, /* u.trav: source expr + steps (f(x).a) */
	HCL_EXPR_INDEX, /* u.index: coll[key] with a computed key */
	HCL_EXPR_SPLAT, /* u.splat: src[*].each or src.*.each */
	HCL_EXPR_ANON, /* the splat's current item */
	HCL_EXPR_CALL, /* u.call */
	HCL_EXPR_COND, /* u.cond (also %{ if }) */
	HCL_EXPR_BINARY, /* u.bin */
	HCL_EXPR_UNARY, /* u.un */
	HCL_EXPR_TUPLE, /* u.tuple */
	HCL_EXPR_OBJECT, /* u.obj */
	HCL_EXPR_OBJKEY, /* u.objkey: object key (bare ident = string) */
	HCL_EXPR_FOR, /* u.forx */
	HCL_EXPR_PAREN, /* u.wrap: ( expr ) kept for §4.1 */
};

enum hcl_op {
	HCL_OP_OR, HCL_OP_AND,
	HCL_OP_EQ, HCL_OP_NE,
	HCL_OP_LT, HCL_OP_LE, HCL_OP_GT, HCL_OP_GE,
	HCL_OP_ADD, HCL_OP_SUB,
	HCL_OP_MUL, HCL_OP_DIV, HCL_OP_MOD,
	HCL_OP_NOT, HCL_OP_NEG,
};

enum hcl_step_kind { HCL_STEP_ATTR, HCL_STEP_INDEX };

struct hcl_step {
	enum hcl_step_kind kind;
	struct str name; /* ATTR */
	struct hcl_value *key; /* INDEX: literal key (legacy `a.0` too) */
	struct span span; /* ".name" or "[key]" */
};

struct hcl_expr;

struct hcl_obj_item {
	struct hcl_expr *key; /* HCL_EXPR_OBJKEY */
	struct hcl_expr *value;
};

struct hcl_expr {
	enum hcl_expr_kind kind;
	struct span span; /* the whole expression (hcl's SrcRange) */
	union {
		struct hcl_value *lit;
		struct {
			size_t n;
			struct hcl_expr **parts;
		} tmpl;
		struct hcl_expr *wrap;
		struct {
			struct str root; /* SCOPE_TRAV */
			struct span root_span;
			struct hcl_expr *src; /* REL_TRAV */
			size_t n;
			struct hcl_step *steps;
		} trav;
		struct {
			struct hcl_expr *coll, *key;
			struct span bracket;
		} index;
		struct {
			struct hcl_expr *src, *each;
			struct span marker; /* "[*]" or ".*" */
		} splat;
		struct {
			struct str name;
			struct span name_span, open, close;
			size_t n;
			struct hcl_expr **args;
			bool expand_final; /* f(a, list...) */
			struct span ellipsis;
		} call;
		struct {
			struct hcl_expr *c, *t, *f;
		} cond;
		struct {
			enum hcl_op op;
			struct hcl_expr *l, *r;
		} bin;
		struct {
			enum hcl_op op;
			struct hcl_expr *x;
		} un;
		struct {
			size_t n;
			struct hcl_expr **items;
		} tuple;
		struct {
			size_t n;
			struct hcl_obj_item *items;
		} obj;
		struct {
			struct hcl_expr *wrapped;
			bool force_non_literal; /* key written as (expr) */
		} objkey;
		struct {
			struct str key_var, val_var; /* key_var.len == 0: one var */
			struct hcl_expr *coll;
			struct hcl_expr *key; /* object form only */
			struct hcl_expr *val;
			struct hcl_expr *cond; /* NULL: no `if` */
			bool group; /* `...` */
			bool object; /* { for ... } */
			struct span open, close;
		} forx;
	} u;
};

struct hcl_body;

struct hcl_attr {
	struct str name;
	struct span name_span;
	struct span eq_span;
	struct hcl_expr *expr;
	struct span span; /* name through end of expression */
};

struct hcl_block {
	struct str type;
	struct span type_span;
	size_t nlabels;
	struct str *labels; /* decoded label text */
	struct span *label_spans;
	struct hcl_body *body;
	struct span open_brace, close_brace;
	struct span span; /* type through closing brace */
};

struct hcl_body {
	/* attributes and blocks, each in source order (interleave them by
	 * span.start.off when the mix matters). */
	size_t nattrs;
	struct hcl_attr *attrs;
	size_t nblocks;
	struct hcl_block *blocks;
	struct span span; /* inside the braces / the whole file */
	struct span end; /* zero-width: where the body ends */
	const char *file;
};

/*
 * Parses a whole configuration file.  *out always receives a body (the
 * part that parsed, possibly empty) so callers may inspect it; every
 * lexical and syntax error (HCL's summaries and details) goes to d,
 * lexer diagnostics first.  `file` is used in spans and must outlive the
 * arena use.  Returns 0, or -1 when d got errors.
 */
int hcl_parse(struct hcl_body **out, struct arena *a, const char *file, const char *buf,
	      size_t len, struct diags *d) WUR;
/* Parses buf as one expression (for tests and tools). */
int hcl_parse_expr(struct hcl_expr **out, struct arena *a, const char *file, const char *buf,
		   size_t len, struct diags *d) WUR;

/* Last attribute of a body with that name, or NULL. */
const struct hcl_attr *hcl_body_attr(const struct hcl_body *b, const char *name);

/* ======================================================================
 * Evaluation
 * ==================================================================== */

struct hcl_value;
struct hcl_scope;

/* What a function call needs from outside the evaluator. */
struct hcl_host {
	const char *base_dir; /* absolute dir of the project file (file(), fileset(), glob()) */
	/* getenv(): NULL = the process environment (libc getenv). */
	const char *(*getenv)(void *arg, const char *name);
	void *getenv_arg;
	/* print(): receives the text; NULL = print() is silent. */
	void (*print)(void *arg, const char *text);
	void *print_arg;
};

struct hcl_func; /* opaque entry of a function table */

struct hcl_funcs {
	size_t n;
	const struct hcl_func *const *fns;
};

/* Every function atlas-c implements (Atlas's set): a static table. */
const struct hcl_funcs *hcl_funcs_std(void);
/* The type-constructor functions list, set, map, tuple, object (only
 * meaningful in variable `type` expressions; also what HCL suggests from
 * in some scopes, spec §3.5). */
const struct hcl_funcs *hcl_funcs_types(void);

/*
 * One level of names, searched innermost first (HCL's EvalContext chain).
 * Variables are looked up through the whole chain; an unknown variable is
 * suggested from the whole chain; functions are looked up through the
 * chain, but suggestions come only from the innermost level that has a
 * function table (HCL's behaviour).  Levels are built by the caller in
 * its arena.
 */
struct hcl_scope {
	const struct hcl_scope *parent;
	const struct hcl_host *host; /* NULL: inherit from parent */
	const struct hcl_funcs *funcs; /* NULL: none at this level */
	size_t nvars, cap;
	const char **names;
	struct hcl_value **values;
};

/* A new empty level (arena-owned). */
struct hcl_scope *hcl_scope_new(struct arena *a, const struct hcl_scope *parent);
/* Adds or replaces a variable at this level. */
void hcl_scope_set(struct hcl_scope *s, struct arena *a, const char *name,
		   struct hcl_value *v);
/* Adds Atlas's type keywords string, number, bool and int (an alias of
 * number) as type values at this level (`any` is deliberately absent, as
 * in Atlas).  Use together with hcl_funcs_types() at the same level for
 * variable `type` expressions. */
void hcl_scope_add_type_names(struct hcl_scope *s, struct arena *a);

/*
 * Evaluates e in scope s.  On error returns -1 with diagnostics in d
 * (*out then holds a null of dynamic type so callers can continue).
 * Every error is reported, as HCL does (a failed sub-expression becomes
 * an "unknown" that stays quiet in the expressions around it).
 */
int hcl_eval(struct hcl_value **out, struct arena *a, const struct hcl_expr *e,
	     const struct hcl_scope *s, struct diags *d) WUR;

/* The type a type-expression value denotes, or NULL if v is not a type
 * value. */
const struct hcl_type *hcl_value_as_type(const struct hcl_value *v);

/*
 * §4.1: does e syntactically reference exactly `atlas.env` (directly, in
 * templates, conditionals, call arguments, operators, tuple items and
 * object values; not inside parentheses, for-expressions, index keys,
 * splats or object keys)?
 */
bool hcl_expr_refs_atlas_env(const struct hcl_expr *e);

/* One variable reference: the root name and (if the first step is an
 * attribute) the attribute, e.g. local.foo -> root "local", attr "foo". */
struct hcl_ref {
	struct str root;
	struct str attr; /* len 0 when there is no first attribute step */
	struct span span; /* the whole traversal */
};

/* Lists the variable references of e (HCL's Variables(): names bound by
 * for-expressions inside e are excluded).  *out is an arena array. */
size_t hcl_expr_refs(struct hcl_ref **out, struct arena *a, const struct hcl_expr *e);

/* Edit distance used for "Did you mean" (HCL's nameSuggestion: distance
 * < 3); returns the first candidate that qualifies or NULL. */
const char *hcl_suggest(const char *name, const char *const *cands, size_t n);

/* ======================================================================
 * Between the evaluator and the function table (hcl_eval.c <->
 * hcl_funcs.c); project.c need not use these.
 * ==================================================================== */

/* An unknown value: what a failed sub-expression yields (cty's
 * DynamicVal): dynamic type, not null.  Operations on it stay quiet. */
bool hcl_value_is_unknown(const struct hcl_value *v);
/* The host of the innermost level that has one, or NULL. */
const struct hcl_host *hcl_scope_host(const struct hcl_scope *s);

struct hcl_fparam {
	const char *name;
	const struct hcl_type *type; /* arguments are converted to it */
	bool allow_null;
	bool custom_expr; /* try()/can(): gets the expression unevaluated */
};

struct hcl_fsig {
	size_t nparams;
	const struct hcl_fparam *params;
	const char *var_name; /* NULL: no variadic parameter */
	struct hcl_fparam var;
	bool allow_unknown;
};

/* One call in progress: what an implementation may read, and how it
 * reports failure (err, with arg_index >= 0 to blame one argument). */
struct hcl_fcall {
	struct arena *a;
	const char *name;
	const struct hcl_host *host;
	const struct hcl_scope *scope;
	const struct hcl_expr **args;
	size_t nargs;
	int arg_index;
	const char *err;
	struct diags *err_diags; /* set instead of err to pass diagnostics */
	int depth;
};

const struct hcl_func *hcl_funcs_find(const struct hcl_funcs *t, const char *name);
/* "Did you mean" candidate from one table, or NULL. */
const char *hcl_funcs_suggest(const struct hcl_funcs *t, const char *name);
/* Functions upstream Atlas has that atlas-c does not implement. */
bool hcl_func_upstream_only(const char *name);
void hcl_func_sig(const struct hcl_func *f, struct hcl_fsig *out);
/* Runs f on converted, non-null (unless allowed) arguments. */
int hcl_func_call(const struct hcl_func *f, struct hcl_value **out, struct hcl_fcall *c,
		  struct hcl_value **args) WUR;
/* Evaluates x into d only (try/can); -1 when it produced errors. */
int hcl_eval_quiet(struct hcl_value **out, struct arena *a, const struct hcl_expr *x,
		   const struct hcl_scope *s, int depth, struct diags *d) WUR;
/* RE2-syntax regular expressions (hcl_regex.c) for regex(), regexall()
 * and regexreplace(). */
struct hcl_regex;
/* -1 on a bad pattern with Go's syntax.Error parts: *code ("missing
 * closing ]") and *expr (the offending text). */
int hcl_regex_compile(struct hcl_regex **out, struct arena *a, const char *pat, size_t len,
		      const char **code, const char **expr) WUR;
/* Number of capture groups; names[i] (1-based) or NULL when unnamed. */
int hcl_regex_groups(const struct hcl_regex *re, const char *const **names);
/* Leftmost-first match at or after `start`: 1 with caps[0..2n+1] byte
 * offsets (-1 for groups that did not take part), 0 for no match, -1 when
 * the input is too large to match safely. */
int hcl_regex_exec(const struct hcl_regex *re, struct arena *a, const char *s, size_t len,
		   size_t start, long *caps) WUR;

/* Functions hclref has and Atlas lacks (coalesce, tomap): only for the
 * differential test tool, never in atlas.hcl scopes. */
const struct hcl_funcs *hcl_funcs_hclref_extra(void);

#endif
