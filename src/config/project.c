/*
 * The project file (atlas.hcl) as Atlas's migrate commands see it
 * (spec/project-file.md §1, §3, §4): where the file is (the --config URL
 * rules), the --var syntax, and the pipeline that turns the parsed file
 * into settings: partial selection of env blocks, input variables, locals
 * in dependency order, for_each expansion, evaluation of the kept blocks,
 * decoding into per-env settings, and the choice of the envs named by
 * --env.  The HCL language itself (lexer, parser, values, evaluator,
 * functions) is internal.h's business; this file only builds the scopes
 * and walks the blocks in upstream's order, so that the error users see
 * first is the one Atlas would print.
 *
 * Deliberate leniency (documented in the spec's "Impl" notes): `data`
 * sources are never run, only checked for shape; an env attribute that
 * references one is skipped unless the subcommand needs it, in which case
 * a clear error names the data source.  The `atlas {}` block is ignored.
 * Which env settings reach which flag (§4.4) is config_env_flag's table;
 * precedence (a flag on the command line wins) is the cli's.
 */
#include "config.h"
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#define SPEC_PREFIX "schemahcl: failed reading spec as *cmdapi.Project: "

/* ======================================================================
 * --var: one CSV line per flag value (Go's encoding/csv defaults)
 * ==================================================================== */

static void var_add(struct config_vars *vs, struct arena *a, const char *name, const char *value)
{
	struct config_var *v = NULL;
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->vars[i].name, name) == 0)
			v = &vs->vars[i];
	if (!v) {
		vs->vars = arena_realloc(a, vs->vars, vs->n * sizeof(*vs->vars),
					 (vs->n + 1) * sizeof(*vs->vars));
		v = &vs->vars[vs->n++];
		v->name = name;
	}
	v->values = arena_realloc(a, v->values, v->n * sizeof(*v->values),
				  (v->n + 1) * sizeof(*v->values));
	v->values[v->n++] = value;
}

/*
 * Splits one CSV record (the first non-empty line of s) into fields.
 * Returns the number of fields, or -1 with *err set (Go's wording).
 */
static int csv_fields(const char ***out, struct arena *a, const char *s, const char **err)
{
	size_t len = strlen(s);
	size_t i = 0;
	/* encoding/csv skips empty lines before a record. */
	while (i < len && (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')))
		i += s[i] == '\r' ? 2 : 1;
	if (i >= len) {
		*err = "EOF";
		return -1;
	}
	size_t line_start = i;
	unsigned line = 1;
	const char **f = NULL;
	size_t n = 0;
	struct strbuf sb = STRBUF_INIT;
	for (;;) {
		strbuf_reset(&sb);
		if (i < len && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len) {
					*err = arena_printf(a,
						"parse error on line %u, column %zu: extraneous or missing \" in quoted-field",
						line, i - line_start + 1);
					strbuf_release(&sb);
					return -1;
				}
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						strbuf_addch(&sb, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (s[i] == '\n') {
					line++;
					line_start = i + 1;
				}
				strbuf_addch(&sb, s[i++]);
			}
			if (i < len && s[i] != ',' && s[i] != '\n' &&
			    !(s[i] == '\r' && (i + 1 >= len || s[i + 1] == '\n'))) {
				*err = arena_printf(a,
					"parse error on line %u, column %zu: extraneous or missing \" in quoted-field",
					line, i - line_start + 1);
				strbuf_release(&sb);
				return -1;
			}
		} else {
			while (i < len && s[i] != ',' && s[i] != '\n') {
				if (s[i] == '"') {
					*err = arena_printf(a,
						"parse error on line %u, column %zu: bare \" in non-quoted-field",
						line, i - line_start + 1);
					strbuf_release(&sb);
					return -1;
				}
				if (s[i] == '\r' && (i + 1 >= len || s[i + 1] == '\n')) {
					i++;
					continue;
				}
				strbuf_addch(&sb, s[i++]);
			}
		}
		f = arena_realloc(a, f, n * sizeof(*f), (n + 1) * sizeof(*f));
		f[n++] = strbuf_arena(&sb, a);
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		break;
	}
	strbuf_release(&sb);
	*out = f;
	return (int)n;
}

int config_vars_parse(struct config_vars *out, struct arena *a, const char *const *values,
		      size_t n, struct diags *d)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char **fields;
		const char *err = NULL;
		int nf = csv_fields(&fields, a, values[i], &err);
		if (nf < 0)
			return diag_errorf(d, NULL, "invalid argument \"%s\" for \"--var\" flag: %s",
					   values[i], err);
		for (int k = 0; k < nf; k++) {
			const char *eq = strchr(fields[k], '=');
			if (!eq)
				return diag_errorf(d, NULL,
					"invalid argument \"%s\" for \"--var\" flag: variables must be format as key=value, got: \"%s\"",
					values[i], fields[k]);
			var_add(out, a, arena_strndup(a, fields[k], (size_t)(eq - fields[k])),
				eq + 1);
		}
	}
	return 0;
}

/* ======================================================================
 * --config URL (§1.3)
 * ==================================================================== */


static bool url_valid_encoded(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != 0 && strchr("-_.~!$&'()*+,;=:@[]/%?#", c) != NULL;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

/* Percent-decodes s (Go's unescape in path mode, lenient on bad escapes). */
static char *url_unescape(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			out[w++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			out[w++] = s[i];
		}
	}
	out[w] = '\0';
	return out;
}

int config_file_path(const char **path, struct arena *a, const char *url, struct diags *d)
{
	size_t k = 0;
	if ((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')) {
		k = 1;
		while (url[k] && (((url[k] | 32) >= 'a' && (url[k] | 32) <= 'z') ||
				  (url[k] >= '0' && url[k] <= '9') || url[k] == '+' || url[k] == '-' ||
				  url[k] == '.'))
			k++;
		if (url[k] != ':')
			k = 0;
	}
	if (k == 0) {
		/* Go prints the parsed URL back: bytes a path may not hold are
		 * percent-encoded (a space becomes %20). */
		struct strbuf sb = STRBUF_INIT;
		for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
			if (url_valid_encoded(*p))
				strbuf_addch(&sb, (char)*p);
			else
				strbuf_addf(&sb, "%%%02X", *p);
		}
		int r = diag_errorf(d, NULL, "missing scheme for config file. Did you mean file://%s?",
				    sb.buf);
		strbuf_release(&sb);
		return r;
	}
	char *scheme = arena_strndup(a, url, k);
	for (char *p = scheme; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	if (strcmp(scheme, "file") != 0)
		return diag_errorf(d, NULL, "unsupported config file driver \"%s\"", scheme);
	const char *rest = url + k + 1;
	size_t restlen = strcspn(rest, "?#");
	const char *host = "";
	size_t hostlen = 0;
	const char *p = rest;
	size_t plen = restlen;
	if (restlen >= 2 && rest[0] == '/' && rest[1] == '/') {
		host = rest + 2;
		hostlen = strcspn(host, "/?#");
		p = host + hostlen;
		plen = restlen - 2 - hostlen;
	} else if (restlen > 0 && rest[0] != '/') {
		/* file:x is an opaque URL: no host, no path. */
		plen = 0;
	}
	char *h = url_unescape(a, host, hostlen);
	char *pp = url_unescape(a, p, plen);
	/* Go's filepath.Join: all parts empty gives "" (which then fails to
	 * stat), anything else is cleaned. */
	*path = *h || *pp ? util_path_clean(a, arena_printf(a, "%s%s", h, pp)) : "";
	return 0;
}

/* ======================================================================
 * The loader
 * ==================================================================== */

enum slot {
	SLOT_NONE = -1,
	SLOT_NAME,
	SLOT_URL,
	SLOT_DEV,
	SLOT_DIR,
	SLOT_FORMAT,
	SLOT_BASELINE,
	SLOT_EXEC_ORDER,
	SLOT_LOCK_TIMEOUT,
	SLOT_WAIT,
	SLOT_REVISIONS_SCHEMA,
	SLOT_FORMAT_APPLY,
	SLOT_FORMAT_STATUS,
	SLOT_SRC,
	SLOT_SCHEMAS,
	SLOT_EXCLUDE,
	SLOT_INCLUDE,
	NSLOTS,
};

/* Attribute paths inside an env block that the model reads. */
static const struct {
	const char *path;
	enum slot slot;
} slot_paths[] = {
	{ "name", SLOT_NAME },
	{ "url", SLOT_URL },
	{ "dev", SLOT_DEV },
	{ "src", SLOT_SRC },
	{ "schemas", SLOT_SCHEMAS },
	{ "exclude", SLOT_EXCLUDE },
	{ "include", SLOT_INCLUDE },
	{ "migration.dir", SLOT_DIR },
	{ "migration.format", SLOT_FORMAT },
	{ "migration.baseline", SLOT_BASELINE },
	{ "migration.exec_order", SLOT_EXEC_ORDER },
	{ "migration.lock_timeout", SLOT_LOCK_TIMEOUT },
	{ "wait", SLOT_WAIT }, /* atlas-c: --wait (issue 7) */
	{ "migration.revisions_schema", SLOT_REVISIONS_SCHEMA },
	{ "format.migrate.apply", SLOT_FORMAT_APPLY },
	{ "format.migrate.status", SLOT_FORMAT_STATUS },
	{ "log.migrate.apply", SLOT_FORMAT_APPLY },
	{ "log.migrate.status", SLOT_FORMAT_STATUS },
};

/* §4.4: which flag each slot feeds, and for which subcommands. */
static const struct {
	const char *flag;
	enum slot slot;
	const char *commands; /* space separated, with spaces around */
} flag_map[] = {
	{ "url", SLOT_URL, " apply status set " },
	{ "dev-url", SLOT_DEV, " validate diff lint " },
	{ "dir", SLOT_DIR, " apply status set hash new validate diff lint " },
	{ "dir-format", SLOT_FORMAT, " status set hash new validate diff lint " },
	{ "baseline", SLOT_BASELINE, " apply " },
	{ "revisions-schema", SLOT_REVISIONS_SCHEMA, " apply status set " },
	{ "lock-timeout", SLOT_LOCK_TIMEOUT, " apply diff " },
	{ "wait", SLOT_WAIT, " apply status set " },
	{ "exec-order", SLOT_EXEC_ORDER, " apply " },
	{ "format", SLOT_FORMAT_APPLY, " apply " },
	{ "format", SLOT_FORMAT_STATUS, " status " },
};

/* Identifiers that evaluate to their own name in specific attributes. */
static const struct {
	const char *path;   /* attribute path within its top-level block */
	const char *noun;   /* for "There is no <noun> named" */
	const char *names[8];
} enums[] = {
	{ "migration.format", "format",
	  { "atlas", "golang-migrate", "goose", "flyway", "liquibase", "dbmate", NULL } },
	{ "migration.exec_order", "exec_order", { "LINEAR", "LINEAR_SKIP", "NON_LINEAR", NULL } },
	{ "lint.review", "review", { "ALWAYS", "WARNING", "ERROR", NULL } },
};

static const char *const registered_data[] = {
	"sql", "external", "runtimevar", "template_dir", "hcl_schema", "external_schema",
	"remote_dir", "remote_schema", "aws_rds_token", "gcp_cloudsql_token",
};

/* Names of blocks an env may contain; an attribute of that name is a
 * type error when the model is read (§4.2). */
static const char *const env_block_names[] = {
	"migration", "format", "lint", "diff", "test", "schema",
};

struct local {
	struct str name;
	const struct hcl_attr *attr;
	int state; /* 0 new, 1 visiting, 2 done */
	bool tainted; /* references a data source (not evaluated) */
	struct hcl_value *value;
};

struct variable {
	const char *name;
	const struct hcl_block *blk;
	struct hcl_value *type;
	struct hcl_value *def;
	bool has_def;
	struct hcl_value *value;
	bool from_cli;
};

struct env_eval {
	const struct hcl_block *blk;
	struct hcl_scope *scope;
	struct hcl_value *v[NSLOTS];
	const struct hcl_attr *attr[NSLOTS];
	const char *name;
	bool clash; /* an attribute named like a block */
	const char *clash_name;
};

struct loader {
	struct arena *a;
	const struct config_load_opts *o;
	const char *file;
	const char *env;
	struct hcl_body *body;
	struct hcl_host host;
	struct hcl_funcs no_funcs;
	struct hcl_scope *base;  /* functions, atlas */
	struct hcl_scope *types; /* type names and type functions */
	struct hcl_scope *top;   /* var, local */
	struct hcl_scope *blk;   /* inside blocks: no function suggestions */
	struct variable *vars;
	size_t nvars;
	struct local *locals;
	size_t nlocals;
	size_t nlocals_done; /* evaluated and not tainted */
	struct hcl_value *var_obj; /* built once the variables are resolved */
	bool in_for_each;
	struct diags *d;
};

static const char *str_dup(struct arena *a, struct str s)
{
	return arena_strndup(a, s.p, s.len);
}

static bool str_is(struct str s, const char *c)
{
	return strlen(c) == s.len && memcmp(s.p, c, s.len) == 0;
}

static bool cmd_uses(const char *commands, const char *cmd)
{
	if (!cmd)
		return false;
	const char *p = commands;
	size_t n = strlen(cmd);
	while ((p = strstr(p, cmd))) {
		if (p[-1] == ' ' && p[n] == ' ')
			return true;
		p += n;
	}
	return false;
}

static enum slot slot_of(const char *path)
{
	for (size_t i = 0; i < ARRAY_LEN(slot_paths); i++)
		if (strcmp(slot_paths[i].path, path) == 0)
			return slot_paths[i].slot;
	return SLOT_NONE;
}

/* Does the current subcommand read this slot (§4.4)?  name and for_each
 * decide selection, so they are always needed. */
static bool slot_needed(const struct loader *L, enum slot s)
{
	if (s == SLOT_NAME)
		return true;
	for (size_t i = 0; i < ARRAY_LEN(flag_map); i++)
		if (flag_map[i].slot == s && cmd_uses(flag_map[i].commands, L->o->command))
			return true;
	return false;
}

static const char *getenv_host(void *arg, const char *name)
{
	const struct config_load_opts *o = arg;
	return o->getenv(o->getenv_arg, name);
}

static const char *lookup_env(const struct loader *L, const char *name)
{
	if (L->o->getenv)
		return L->o->getenv(L->o->getenv_arg, name);
	return getenv(name);
}

static bool scope_has(const struct hcl_scope *s, struct str name)
{
	for (; s; s = s->parent)
		for (size_t i = 0; i < s->nvars; i++)
			if (str_is(name, s->names[i]))
				return true;
	return false;
}

/* ---- expression walking (data references, the empty-url reason) ---- */

static void expr_walk(const struct hcl_expr *e, void (*fn)(void *, const struct hcl_expr *),
		      void *arg, unsigned depth)
{
	if (!e || depth > HCL_MAX_DEPTH)
		return;
	fn(arg, e);
	depth++;
	switch (e->kind) {
	case HCL_EXPR_LITERAL:
	case HCL_EXPR_SCOPE_TRAV:
	case HCL_EXPR_ANON:
		break;
	case HCL_EXPR_TEMPLATE:
		for (size_t i = 0; i < e->u.tmpl.n; i++)
			expr_walk(e->u.tmpl.parts[i], fn, arg, depth);
		break;
	case HCL_EXPR_TEMPLATE_WRAP:
	case HCL_EXPR_TEMPLATE_JOIN:
	case HCL_EXPR_PAREN:
		expr_walk(e->u.wrap, fn, arg, depth);
		break;
	case HCL_EXPR_REL_TRAV:
		expr_walk(e->u.trav.src, fn, arg, depth);
		break;
	case HCL_EXPR_INDEX:
		expr_walk(e->u.index.coll, fn, arg, depth);
		expr_walk(e->u.index.key, fn, arg, depth);
		break;
	case HCL_EXPR_SPLAT:
		expr_walk(e->u.splat.src, fn, arg, depth);
		expr_walk(e->u.splat.each, fn, arg, depth);
		break;
	case HCL_EXPR_CALL:
		for (size_t i = 0; i < e->u.call.n; i++)
			expr_walk(e->u.call.args[i], fn, arg, depth);
		break;
	case HCL_EXPR_COND:
		expr_walk(e->u.cond.c, fn, arg, depth);
		expr_walk(e->u.cond.t, fn, arg, depth);
		expr_walk(e->u.cond.f, fn, arg, depth);
		break;
	case HCL_EXPR_BINARY:
		expr_walk(e->u.bin.l, fn, arg, depth);
		expr_walk(e->u.bin.r, fn, arg, depth);
		break;
	case HCL_EXPR_UNARY:
		expr_walk(e->u.un.x, fn, arg, depth);
		break;
	case HCL_EXPR_TUPLE:
		for (size_t i = 0; i < e->u.tuple.n; i++)
			expr_walk(e->u.tuple.items[i], fn, arg, depth);
		break;
	case HCL_EXPR_OBJECT:
		for (size_t i = 0; i < e->u.obj.n; i++) {
			expr_walk(e->u.obj.items[i].key, fn, arg, depth);
			expr_walk(e->u.obj.items[i].value, fn, arg, depth);
		}
		break;
	case HCL_EXPR_OBJKEY:
		expr_walk(e->u.objkey.wrapped, fn, arg, depth);
		break;
	case HCL_EXPR_FOR:
		expr_walk(e->u.forx.coll, fn, arg, depth);
		expr_walk(e->u.forx.key, fn, arg, depth);
		expr_walk(e->u.forx.val, fn, arg, depth);
		expr_walk(e->u.forx.cond, fn, arg, depth);
		break;
	}
}

static struct local *local_find(struct loader *L, struct str name)
{
	for (size_t i = 0; i < L->nlocals; i++)
		if (L->locals[i].name.len == name.len &&
		    memcmp(L->locals[i].name.p, name.p, name.len) == 0)
			return &L->locals[i];
	return NULL;
}

static bool block_type_present(const struct loader *L, struct str name)
{
	static const char *const own[] = { "env", "variable", "locals", "data", "atlas" };
	for (size_t i = 0; i < ARRAY_LEN(own); i++)
		if (str_is(name, own[i]))
			return false;
	for (size_t i = 0; i < L->body->nblocks; i++)
		if (L->body->blocks[i].type.len == name.len &&
		    memcmp(L->body->blocks[i].type.p, name.p, name.len) == 0)
			return true;
	return false;
}

/* The data source an expression depends on ("data.T.N"), directly or
 * through a local, or NULL. */
static const char *data_ref(struct loader *L, const struct hcl_expr *e)
{
	struct hcl_ref *refs;
	size_t n = hcl_expr_refs(&refs, L->a, e);
	for (size_t i = 0; i < n; i++) {
		if (str_is(refs[i].root, "data")) {
			return refs[i].attr.len
				? arena_printf(L->a, "data.%.*s", (int)refs[i].attr.len, refs[i].attr.p)
				: "data";
		}
		if (str_is(refs[i].root, "local") && refs[i].attr.len) {
			struct local *lc = local_find(L, refs[i].attr);
			if (lc && lc->tainted)
				return arena_printf(L->a, "local.%.*s", (int)lc->name.len, lc->name.p);
			continue;
		}
		/* A reference to another top-level block (docker.postgres.dev.url)
		 * is block-reference machinery atlas-c does not have. */
		if (!scope_has(L->top ? L->top : L->types, refs[i].root) &&
		    block_type_present(L, refs[i].root)) {
			return refs[i].attr.len
				? arena_printf(L->a, "%.*s.%.*s", (int)refs[i].root.len, refs[i].root.p,
					       (int)refs[i].attr.len, refs[i].attr.p)
				: str_dup(L->a, refs[i].root);
		}
	}
	return NULL;
}

/* Rewrites HCL's message for a missing `local` root in block attributes
 * (§3.1: "Unknown local"). */
static void fix_unknown_local(struct diags *d, struct diag *mark)
{
	for (struct diag *dg = mark ? mark->next : d->head; dg; dg = dg->next)
		if (dg->summary && strcmp(dg->summary, "Unknown variable") == 0 && dg->detail &&
		    strncmp(dg->detail, "There is no variable named \"local\".", 35) == 0)
			dg->summary = "Unknown local";
}

/* ---- scopes ---- */

static struct hcl_value *atlas_object(struct arena *a, const char *env)
{
	struct str k = STR_LIT("env");
	struct hcl_value *v = hcl_value_cstr(a, env);
	return hcl_value_object(a, 1, &k, &v);
}

static void build_scopes(struct loader *L)
{
	struct arena *a = L->a;
	L->host.base_dir = NULL;
	if (L->o->getenv) {
		L->host.getenv = getenv_host;
		L->host.getenv_arg = (void *)L->o;
	}
	L->host.print = L->o->print;
	L->host.print_arg = L->o->print_arg;
	L->base = hcl_scope_new(a, NULL);
	L->base->host = &L->host;
	L->base->funcs = hcl_funcs_std();
	hcl_scope_set(L->base, a, "atlas", atlas_object(a, L->env));
	L->types = hcl_scope_new(a, L->base);
	L->types->funcs = hcl_funcs_types();
	hcl_scope_add_type_names(L->types, a);
}

/* The object of the locals evaluated so far, or NULL when there are none. */
static struct hcl_value *locals_object(struct loader *L)
{
	if (L->nlocals_done == 0)
		return NULL;
	struct str *keys = arena_alloc(L->a, L->nlocals_done * sizeof(*keys));
	struct hcl_value **vals = arena_alloc(L->a, L->nlocals_done * sizeof(*vals));
	size_t k = 0;
	for (size_t i = 0; i < L->nlocals; i++)
		if (L->locals[i].state == 2 && !L->locals[i].tainted) {
			keys[k] = L->locals[i].name;
			vals[k++] = L->locals[i].value;
		}
	return hcl_value_object(L->a, k, keys, vals);
}

static struct hcl_value *vars_object(struct loader *L)
{
	struct str *keys = arena_alloc(L->a, (L->nvars + 1) * sizeof(*keys));
	struct hcl_value **vals = arena_alloc(L->a, (L->nvars + 1) * sizeof(*vals));
	for (size_t i = 0; i < L->nvars; i++) {
		keys[i] = str_from(L->vars[i].name);
		vals[i] = L->vars[i].value;
	}
	return hcl_value_object(L->a, L->nvars, keys, vals);
}

/* A level holding var and (when any local was evaluated) local. */
static struct hcl_scope *top_scope(struct loader *L)
{
	struct hcl_scope *s = hcl_scope_new(L->a, L->types);
	if (!L->var_obj)
		L->var_obj = vars_object(L);
	hcl_scope_set(s, L->a, "var", L->var_obj);
	struct hcl_value *lo = locals_object(L);
	if (lo)
		hcl_scope_set(s, L->a, "local", lo);
	return s;
}

/* ---- variables (§3.2) ---- */

static const char *const var_attrs[] = { "type", "default", "description" };

static int variable_shape(struct loader *L, const struct hcl_block *b)
{
	int r = 0;
	if (b->nlabels == 0) {
		struct span sp = b->open_brace;
		r = diag_error_detail(L->d, &sp, "Missing  for variable",
				      "All variable blocks must have 1 labels ().");
	} else if (b->nlabels > 1) {
		r = diag_error_detail(L->d, &b->label_spans[1], "Extraneous label for variable",
				      "Only 1 labels () are expected for variable blocks.");
	}
	for (size_t i = 0; i < b->body->nattrs; i++) {
		const struct hcl_attr *at = &b->body->attrs[i];
		bool ok = false;
		for (size_t k = 0; k < ARRAY_LEN(var_attrs); k++)
			ok = ok || str_is(at->name, var_attrs[k]);
		if (ok)
			continue;
		const char *name = str_dup(L->a, at->name);
		const char *sug = hcl_suggest(name, var_attrs, ARRAY_LEN(var_attrs));
		if (sug)
			r = diag_error_detail(L->d, &at->name_span, "Unsupported argument",
					      "An argument named \"%s\" is not expected here. Did you mean \"%s\"?",
					      name, sug);
		else
			r = diag_error_detail(L->d, &at->name_span, "Unsupported argument",
					      "An argument named \"%s\" is not expected here.", name);
	}
	for (size_t i = 0; i < b->body->nblocks; i++) {
		const struct hcl_block *nb = &b->body->blocks[i];
		r = diag_error_detail(L->d, &nb->type_span, "Unsupported block type",
				      "Blocks of type \"%s\" are not expected here.",
				      str_dup(L->a, nb->type));
	}
	if (r == 0 && !hcl_body_attr(b->body, "type")) {
		struct span sp = b->open_brace;
		sp.end = sp.start;
		r = diag_error_detail(L->d, &sp, "Missing required argument",
				      "The argument \"type\" is required, but no definition was found.");
	}
	return r;
}

static const struct config_var *cli_var(const struct loader *L, const char *name)
{
	const struct config_vars *vs = L->o->vars;
	if (!vs)
		return NULL;
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->vars[i].name, name) == 0)
			return &vs->vars[i];
	return NULL;
}

static int resolve_variables(struct loader *L)
{
	const struct hcl_body *body = L->body;
	size_t cap = 0;
	for (size_t i = 0; i < body->nblocks; i++)
		if (str_is(body->blocks[i].type, "variable"))
			cap++;
	L->vars = arena_alloc(L->a, (cap + 1) * sizeof(*L->vars));
	struct variable *all = arena_alloc(L->a, (cap + 1) * sizeof(*all));
	size_t nall = 0;
	/* Decode every block first: type and default are always evaluated. */
	for (size_t i = 0; i < body->nblocks; i++) {
		const struct hcl_block *b = &body->blocks[i];
		if (!str_is(b->type, "variable"))
			continue;
		if (variable_shape(L, b) < 0)
			return -1;
		struct variable *v = &all[nall++];
		v->blk = b;
		v->name = str_dup(L->a, b->labels[0]);
		if (hcl_eval(&v->type, L->a, hcl_body_attr(b->body, "type")->expr, L->types, L->d) < 0)
			return -1;
		const struct hcl_attr *def = hcl_body_attr(b->body, "default");
		if (def) {
			v->has_def = true;
			if (hcl_eval(&v->def, L->a, def->expr, L->types, L->d) < 0)
				return -1;
		}
		const struct hcl_attr *desc = hcl_body_attr(b->body, "description");
		struct hcl_value *ignored;
		if (desc && hcl_eval(&ignored, L->a, desc->expr, L->types, L->d) < 0)
			return -1;
	}
	/* Then per variable, in file order: type, value choice, conversion. */
	for (size_t i = 0; i < nall; i++) {
		struct variable *v = &all[i];
		const struct hcl_type *t = hcl_value_as_type(v->type);
		if (!t) {
			struct str txt;
			const char *shown = "";
			if (!v->type->null && hcl_value_to_text(&txt, L->a, v->type) == 0)
				shown = str_dup(L->a, txt);
			return diag_errorf(L->d, NULL,
					   "invalid type \"%s\" for variable \"%s\". Valid types are: string, number, bool, list, map, or set",
					   shown, v->name);
		}
		struct hcl_value *val;
		const struct config_var *cv = cli_var(L, v->name);
		if (cv) {
			v->from_cli = true;
			if (cv->n == 1) {
				val = hcl_value_cstr(L->a, cv->values[0]);
			} else {
				struct hcl_value **items = arena_alloc(L->a, cv->n * sizeof(*items));
				for (size_t k = 0; k < cv->n; k++)
					items[k] = hcl_value_cstr(L->a, cv->values[k]);
				val = hcl_value_list(L->a, &hcl_type_string, cv->n, items);
			}
		} else if (v->has_def) {
			val = v->def;
		} else {
			return diag_errorf(L->d, NULL, "missing value for required variable \"%s\"",
					   v->name);
		}
		if (t->kind == HCL_T_LIST && !val->null && hcl_type_equal(val->type, t->elem))
			val = hcl_value_list(L->a, t->elem, 1, &val);
		const char *err = NULL;
		struct hcl_value *conv;
		if (hcl_value_convert(&conv, L->a, val, t, &err) < 0)
			return diag_errorf(L->d, NULL, "variable \"%s\": %s", v->name,
					   err ? err : "conversion failed");
		v->value = conv;
		/* A later block with the same name replaces the earlier one. */
		size_t k;
		for (k = 0; k < L->nvars; k++)
			if (strcmp(L->vars[k].name, v->name) == 0)
				break;
		L->vars[k] = *v;
		if (k == L->nvars)
			L->nvars++;
	}
	return 0;
}

/* ---- data and atlas blocks (§3.6) ---- */

static int check_data_blocks(struct loader *L)
{
	bool seen_atlas = false;
	for (size_t i = 0; i < L->body->nblocks; i++) {
		const struct hcl_block *b = &L->body->blocks[i];
		if (str_is(b->type, "data")) {
			if (b->nlabels < 2)
				return diag_errorf(L->d, NULL,
						   "data block \"data\" must have exactly 2 labels");
			bool known = false;
			for (size_t k = 0; k < ARRAY_LEN(registered_data); k++)
				known = known || str_is(b->labels[0], registered_data[k]);
			if (!known)
				return diag_errorf(L->d, NULL, "missing data source handler for \"%s\"",
						   str_dup(L->a, b->labels[0]));
		} else if (str_is(b->type, "atlas")) {
			if (b->nlabels > 0)
				return diag_errorf(L->d, NULL, "init block \"atlas\" cannot have labels");
			if (seen_atlas)
				return diag_errorf(L->d, NULL, "duplicate init block \"atlas\"");
			seen_atlas = true;
		}
	}
	return 0;
}

/* ---- locals (§3.4) ---- */

static int eval_local(struct loader *L, struct local *lc)
{
	if (lc->state == 2)
		return 0;
	if (lc->state == 1)
		return diag_errorf(L->d, NULL, "cyclic reference to \"local.%.*s\"", (int)lc->name.len,
				   lc->name.p);
	lc->state = 1;
	struct hcl_ref *refs;
	size_t n = hcl_expr_refs(&refs, L->a, lc->attr->expr);
	struct str *keys = arena_alloc(L->a, (n + 1) * sizeof(*keys));
	struct hcl_value **vals = arena_alloc(L->a, (n + 1) * sizeof(*vals));
	size_t ndeps = 0;
	for (size_t i = 0; i < n; i++) {
		if (str_is(refs[i].root, "data")) {
			lc->tainted = true;
			continue;
		}
		if (!str_is(refs[i].root, "local") || !refs[i].attr.len)
			continue;
		struct local *dep = local_find(L, refs[i].attr);
		if (!dep)
			continue;
		if (eval_local(L, dep) < 0)
			return -1;
		if (dep->tainted) {
			lc->tainted = true;
		} else {
			keys[ndeps] = dep->name;
			vals[ndeps++] = dep->value;
		}
	}
	if (!lc->tainted) {
		/*
		 * `local` holds only this local's dependencies (all evaluated by
		 * now), which keeps many locals linear; it exists as soon as any
		 * local was evaluated, so an undefined local.x reads as
		 * "Unsupported attribute", or as "Unknown variable" before that,
		 * as upstream's evaluation order gives (§3.4).
		 */
		struct hcl_scope *s = hcl_scope_new(L->a, L->types);
		if (!L->var_obj)
			L->var_obj = vars_object(L);
		hcl_scope_set(s, L->a, "var", L->var_obj);
		if (L->nlocals_done > 0)
			hcl_scope_set(s, L->a, "local", hcl_value_object(L->a, ndeps, keys, vals));
		if (hcl_eval(&lc->value, L->a, lc->attr->expr, s, L->d) < 0)
			return -1;
		L->nlocals_done++;
	}
	lc->state = 2;
	return 0;
}

static int resolve_locals(struct loader *L)
{
	size_t cap = 0;
	for (size_t i = 0; i < L->body->nblocks; i++)
		if (str_is(L->body->blocks[i].type, "locals"))
			cap += L->body->blocks[i].body->nattrs;
	L->locals = arena_alloc(L->a, (cap + 1) * sizeof(*L->locals));
	for (size_t i = 0; i < L->body->nblocks; i++) {
		const struct hcl_block *b = &L->body->blocks[i];
		if (!str_is(b->type, "locals"))
			continue;
		for (size_t k = 0; k < b->body->nattrs; k++) {
			const struct hcl_attr *at = &b->body->attrs[k];
			struct local *lc = local_find(L, at->name);
			if (!lc) {
				lc = &L->locals[L->nlocals++];
				lc->name = at->name;
			}
			lc->attr = at; /* the later definition wins */
		}
	}
	for (size_t i = 0; i < L->nlocals; i++)
		if (eval_local(L, &L->locals[i]) < 0)
			return -1;
	return 0;
}

/* ---- blocks ---- */

static int eval_attr(struct loader *L, const struct hcl_attr *at, const char *path,
		     const struct hcl_scope *s, struct hcl_value **out)
{
	for (size_t i = 0; i < ARRAY_LEN(enums); i++) {
		if (strcmp(enums[i].path, path) != 0)
			continue;
		const struct hcl_expr *e = at->expr;
		if (e->kind == HCL_EXPR_SCOPE_TRAV && e->u.trav.n == 0) {
			bool is_enum = false;
			for (size_t k = 0; enums[i].names[k]; k++)
				is_enum = is_enum || str_is(e->u.trav.root, enums[i].names[k]);
			if (!is_enum && !scope_has(s, e->u.trav.root)) {
				char *summary = arena_printf(L->a, "Unknown %s", path);
				return diag_error_detail(L->d, &e->span, summary,
							 "There is no %s named \"%s\".", enums[i].noun,
							 str_dup(L->a, e->u.trav.root));
			}
		}
		struct hcl_scope *es = hcl_scope_new(L->a, s);
		for (size_t k = 0; enums[i].names[k]; k++)
			hcl_scope_set(es, L->a, enums[i].names[k],
				      hcl_value_cstr(L->a, enums[i].names[k]));
		return hcl_eval(out, L->a, e, es, L->d);
	}
	struct diag *mark = L->d->tail;
	int r = hcl_eval(out, L->a, at->expr, s, L->d);
	if (r < 0 && !L->in_for_each)
		fix_unknown_local(L->d, mark);
	return r;
}

/*
 * Evaluates every attribute of a block body (nested blocks too), storing
 * the ones the model reads into ev (when ev is not NULL).  Attributes that
 * depend on a data source are skipped, or fail when the subcommand needs
 * them.  `path` is the dotted path of the body inside its top-level block
 * ("" for the block itself).
 */
static int eval_body(struct loader *L, const struct hcl_body *b, const char *path,
		     const struct hcl_scope *s, struct env_eval *ev, bool is_env)
{
	for (size_t i = 0; i < b->nattrs; i++) {
		const struct hcl_attr *at = &b->attrs[i];
		if (!*path && (str_is(at->name, "for_each")))
			continue;
		const char *p = *path ? arena_printf(L->a, "%s.%.*s", path, (int)at->name.len,
						     at->name.p)
				      : str_dup(L->a, at->name);
		enum slot sl = is_env ? slot_of(p) : SLOT_NONE;
		const char *dref = data_ref(L, at->expr);
		if (dref) {
			if (sl != SLOT_NONE && slot_needed(L, sl))
				return diag_errorf(L->d, &at->span,
						   "env \"%s\": attribute \"%s\" uses %s, which atlas-c does not support",
						   ev && ev->name ? ev->name : "", p, dref);
			continue;
		}
		struct hcl_value *v;
		if (eval_attr(L, at, p, s, &v) < 0)
			return -1;
		if (ev && sl != SLOT_NONE) {
			ev->v[sl] = v;
			ev->attr[sl] = at;
			/* The evaluated name serves the messages that follow. */
			if (sl == SLOT_NAME && !v->null && v->type->kind == HCL_T_STRING)
				ev->name = arena_strndup(L->a, v->u.s.p, v->u.s.len);
		}
		if (ev && is_env && !*path) {
			for (size_t k = 0; k < ARRAY_LEN(env_block_names); k++)
				if (str_is(at->name, env_block_names[k]) && !ev->clash) {
					ev->clash = true;
					ev->clash_name = env_block_names[k];
				}
		}
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct hcl_block *nb = &b->blocks[i];
		const char *p = *path ? arena_printf(L->a, "%s.%.*s", path, (int)nb->type.len,
						     nb->type.p)
				      : str_dup(L->a, nb->type);
		if (eval_body(L, nb->body, p, s, ev, is_env) < 0)
			return -1;
	}
	return 0;
}

/* §4.1 step 2: can this env block match the --env value? */
static bool env_is_labeled_candidate(const struct loader *L, const struct hcl_block *b)
{
	return b->nlabels == 1 && str_is(b->labels[0], L->env);
}

static bool env_is_dynamic_candidate(const struct loader *L, const struct hcl_block *b)
{
	if (!*L->env || b->nlabels != 0)
		return false;
	const struct hcl_attr *name = hcl_body_attr(b->body, "name");
	return name && hcl_expr_refs_atlas_env(name->expr);
}

/* Go's %v of a cty.Value (only the prefix is meant to be matched). */
static const char *value_dump(struct arena *a, const struct hcl_value *v)
{
	struct str txt;
	if (v->type->kind == HCL_T_STRING && !v->null)
		return arena_printf(a, "{{{{} 'S'}} \"%.*s\"}", (int)v->u.s.len, v->u.s.p);
	if (v->type->kind == HCL_T_NUMBER && hcl_value_to_text(&txt, a, v) == 0)
		return arena_printf(a, "{{{{} 'N'}} %.*s}", (int)txt.len, txt.p);
	if (v->type->kind == HCL_T_BOOL && !v->null)
		return arena_printf(a, "{{{{} 'B'}} %s}", v->u.b ? "true" : "false");
	return arena_printf(a, "{%s}", hcl_type_friendly(a, v->type));
}

static int eval_env(struct loader *L, struct env_eval *ev, const struct hcl_scope *s)
{
	ev->scope = (struct hcl_scope *)s;
	if (ev->blk->nlabels == 1)
		ev->name = str_dup(L->a, ev->blk->labels[0]);
	return eval_body(L, ev->blk->body, "", s, ev, true);
}

static int expand_for_each(struct loader *L, const struct hcl_block *b, struct env_eval **evs,
			   size_t *nev, size_t *cap)
{
	const struct hcl_attr *fe = hcl_body_attr(b->body, "for_each");
	struct hcl_value *coll;
	struct hcl_scope *ts = top_scope(L);
	if (hcl_eval(&coll, L->a, fe->expr, ts, L->d) < 0)
		return -1;
	enum hcl_type_kind k = coll->type->kind;
	if (coll->null || (k != HCL_T_SET && k != HCL_T_OBJECT && k != HCL_T_TUPLE))
		return diag_errorf(L->d, NULL, "schemahcl: for_each does not support %s type",
				   coll->null ? "dynamic" : hcl_type_friendly(L->a, coll->type));
	for (size_t i = 0; i < coll->u.c.n; i++) {
		struct hcl_value *val = coll->u.c.items[i];
		struct hcl_value *key;
		if (k == HCL_T_SET)
			key = val;
		else if (k == HCL_T_TUPLE)
			key = hcl_value_int(L->a, (long long)i);
		else
			key = hcl_value_string(L->a, coll->u.c.keys[i].p, coll->u.c.keys[i].len);
		struct str names[2] = { STR_LIT("key"), STR_LIT("value") };
		struct hcl_value *items[2] = { key, val };
		struct hcl_scope *blk = hcl_scope_new(L->a, ts);
		blk->funcs = &L->no_funcs;
		struct hcl_scope *es = hcl_scope_new(L->a, blk);
		hcl_scope_set(es, L->a, "each", hcl_value_object(L->a, 2, names, items));
		if (*nev == *cap) {
			size_t nc = *cap ? *cap * 2 : 8;
			*evs = arena_realloc(L->a, *evs, *cap * sizeof(**evs), nc * sizeof(**evs));
			*cap = nc;
		}
		struct env_eval *ev = &(*evs)[(*nev)++];
		memset(ev, 0, sizeof(*ev));
		ev->blk = b;
		struct diags inner;
		diags_init(&inner, L->a);
		struct diags *saved = L->d;
		L->d = &inner;
		L->in_for_each = true;
		int r = eval_env(L, ev, es);
		L->in_for_each = false;
		L->d = saved;
		if (r < 0)
			return diag_errorf(L->d, NULL, "schemahcl: evaluate block for value %s: %s",
					   value_dump(L->a, val), diag_format(L->a, inner.head));
	}
	return 0;
}

/* ---- decoding into settings (§4.2) ---- */

static int decode_string(struct loader *L, struct env_eval *ev, enum slot sl, const char *attr,
			 const char **out)
{
	struct hcl_value *v = ev->v[sl];
	*out = NULL;
	if (!v || v->null)
		return 0;
	if (v->type->kind != HCL_T_STRING)
		return diag_errorf(L->d, NULL,
				   SPEC_PREFIX "value of attr \"%s\" cannot be read as string: string value is required",
				   attr);
	if (v->u.s.len == 0)
		return 0;
	*out = arena_strndup(L->a, v->u.s.p, v->u.s.len);
	return 0;
}

static int decode_list(struct loader *L, struct env_eval *ev, enum slot sl, const char *attr)
{
	struct hcl_value *v = ev->v[sl];
	if (v && !v->null && v->type->kind == HCL_T_STRING)
		return diag_errorf(L->d, NULL,
				   SPEC_PREFIX "schemahcl: field is of type slice but attr \"%s\" is type: string",
				   attr);
	return 0;
}

struct reason_walk {
	struct loader *L;
	const char *unset;
	const char *empty;
	const char *var; /* a --var given on the command line */
	unsigned depth;
};

static void reason_visit(void *arg, const struct hcl_expr *e);

static void reason_expr(struct reason_walk *w, const struct hcl_expr *e)
{
	if (w->depth > 16)
		return;
	w->depth++;
	expr_walk(e, reason_visit, w, 0);
	w->depth--;
}

static const char *literal_string(struct arena *a, const struct hcl_expr *e)
{
	if (e->kind == HCL_EXPR_TEMPLATE && e->u.tmpl.n == 1)
		e = e->u.tmpl.parts[0];
	if (e->kind == HCL_EXPR_LITERAL && e->u.lit->type->kind == HCL_T_STRING && !e->u.lit->null)
		return arena_strndup(a, e->u.lit->u.s.p, e->u.lit->u.s.len);
	return NULL;
}

static void reason_visit(void *arg, const struct hcl_expr *e)
{
	struct reason_walk *w = arg;
	struct loader *L = w->L;
	if (e->kind == HCL_EXPR_CALL && str_is(e->u.call.name, "getenv") && e->u.call.n == 1) {
		const char *name = literal_string(L->a, e->u.call.args[0]);
		if (!name)
			return;
		const char *v = lookup_env(L, name);
		if (!v && !w->unset)
			w->unset = name;
		else if (v && !*v && !w->empty)
			w->empty = name;
		return;
	}
	if (e->kind != HCL_EXPR_SCOPE_TRAV || e->u.trav.n == 0 ||
	    e->u.trav.steps[0].kind != HCL_STEP_ATTR)
		return;
	struct str attr = e->u.trav.steps[0].name;
	if (str_is(e->u.trav.root, "var")) {
		for (size_t i = 0; i < L->nvars; i++) {
			const struct variable *v = &L->vars[i];
			if (!str_is(attr, v->name))
				continue;
			if (v->from_cli) {
				if (!w->var)
					w->var = v->name;
				continue;
			}
			const struct hcl_attr *def = hcl_body_attr(v->blk->body, "default");
			if (def)
				reason_expr(w, def->expr);
		}
	} else if (str_is(e->u.trav.root, "local")) {
		struct local *lc = local_find(L, attr);
		if (lc)
			reason_expr(w, lc->attr->expr);
	}
}

static const char *url_reason(struct loader *L, const struct env_eval *ev, const char *name)
{
	const struct hcl_attr *at = ev->attr[SLOT_URL];
	if (!at)
		at = hcl_body_attr(ev->blk->body, "url");
	if (!at)
		return arena_printf(L->a, "env \"%s\" sets no url", name);
	struct reason_walk w = { .L = L };
	reason_expr(&w, at->expr);
	if (w.unset)
		return arena_printf(L->a, "env \"%s\" url is empty because %s is unset", name, w.unset);
	if (w.empty)
		return arena_printf(L->a, "env \"%s\" url is empty because %s is empty", name, w.empty);
	if (w.var)
		return arena_printf(L->a, "env \"%s\" url is empty because --var %s is empty", name,
				    w.var);
	return arena_printf(L->a, "env \"%s\" url is empty", name);
}

static int decode_env(struct loader *L, struct env_eval *ev, struct config_env *out)
{
	memset(out, 0, sizeof(*out));
	if (ev->clash)
		return diag_errorf(L->d, NULL,
				   SPEC_PREFIX "attr \"%s\" of env \"%s\" is set where a \"%s\" block is expected",
				   ev->clash_name, ev->name ? ev->name : "", ev->clash_name);
	const char *name = NULL;
	if (decode_string(L, ev, SLOT_NAME, "name", &name) < 0)
		return -1;
	if (ev->v[SLOT_NAME] && !ev->v[SLOT_NAME]->null)
		ev->name = name ? name : "";
	struct {
		enum slot sl;
		const char *attr;
		const char **dst;
	} strs[] = {
		{ SLOT_URL, "url", &out->url },
		{ SLOT_DEV, "dev", &out->dev },
		{ SLOT_DIR, "dir", &out->dir },
		{ SLOT_FORMAT, "format", &out->dir_format },
		{ SLOT_BASELINE, "baseline", &out->baseline },
		{ SLOT_EXEC_ORDER, "exec_order", &out->exec_order },
		{ SLOT_LOCK_TIMEOUT, "lock_timeout", &out->lock_timeout },
		{ SLOT_WAIT, "wait", &out->wait },
		{ SLOT_REVISIONS_SCHEMA, "revisions_schema", &out->revisions_schema },
		{ SLOT_FORMAT_APPLY, "apply", &out->format_apply },
		{ SLOT_FORMAT_STATUS, "status", &out->format_status },
	};
	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		if (decode_string(L, ev, strs[i].sl, strs[i].attr, strs[i].dst) < 0)
			return -1;
	if (decode_list(L, ev, SLOT_SCHEMAS, "schemas") < 0 ||
	    decode_list(L, ev, SLOT_EXCLUDE, "exclude") < 0 ||
	    decode_list(L, ev, SLOT_INCLUDE, "include") < 0)
		return -1;
	struct hcl_value *src = ev->v[SLOT_SRC];
	if (src && !src->null && src->type->kind != HCL_T_STRING) {
		bool ok = src->type->kind == HCL_T_LIST || src->type->kind == HCL_T_TUPLE ||
			  src->type->kind == HCL_T_SET;
		for (size_t i = 0; ok && i < src->u.c.n; i++)
			ok = src->u.c.items[i]->type->kind == HCL_T_STRING;
		if (!ok)
			return diag_errorf(L->d, NULL,
					   "expected src to be either a string or strings, got: %s",
					   hcl_type_friendly(L->a, src->type));
	}
	if (out->exec_order) {
		char *x = arena_strdup(L->a, out->exec_order);
		for (char *p = x; *p; p++) {
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
			else if (*p == '_')
				*p = '-';
		}
		out->exec_order = x;
	}
	out->span = ev->blk->span;
	return 0;
}

static int read_project(struct loader *L, const char *path, char **buf, size_t *len)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		int e = errno;
		char *msg = arena_strdup(L->a, strerror(e));
		if (msg[0] >= 'A' && msg[0] <= 'Z')
			msg[0] = (char)(msg[0] + 32);
		if (e == ENOENT)
			return diag_errorf(L->d, NULL, "config file \"%s\" was not found: stat %s: %s",
					   path, path, msg);
		return diag_errorf(L->d, NULL, "stat %s: %s", path, msg);
	}
	if (S_ISDIR(st.st_mode))
		return diag_errorf(L->d, NULL, "read %s: is a directory", path);
	if (util_read_file(buf, len, L->a, path) < 0) {
		char *msg = arena_strdup(L->a, strerror(errno));
		if (msg[0] >= 'A' && msg[0] <= 'Z')
			msg[0] = (char)(msg[0] + 32);
		return diag_errorf(L->d, NULL, "open %s: %s", path, msg);
	}
	char *abs = realpath(path, NULL);
	if (abs) {
		char *slash = strrchr(abs, '/');
		L->host.base_dir = slash == abs ? "/" : arena_strndup(L->a, abs, (size_t)(slash - abs));
		free(abs);
	}
	return 0;
}

static int load_text(struct loader *L0, const char *buf, size_t len, struct config_env **out,
		     size_t *n);

int config_load(struct config_env **out, size_t *n, struct arena *a,
		const struct config_load_opts *o, struct diags *d)
{
	struct loader L = { .a = a, .o = o, .d = d };
	L.env = o->env ? o->env : "";
	*out = NULL;
	*n = 0;
	const char *url = o->config_url && *o->config_url ? o->config_url : "file://atlas.hcl";
	if (config_file_path(&L.file, a, url, d) < 0)
		return -1;
	build_scopes(&L);
	char *buf;
	size_t len;
	if (read_project(&L, L.file, &buf, &len) < 0)
		return -1;
	return load_text(&L, buf, len, out, n);
}

int config_load_text(struct config_env **out, size_t *n, struct arena *a,
		     const struct config_load_opts *o, const char *file, const char *base_dir,
		     const char *buf, size_t len, struct diags *d)
{
	struct loader L = { .a = a, .o = o, .d = d, .file = file };
	L.env = o->env ? o->env : "";
	*out = NULL;
	*n = 0;
	build_scopes(&L);
	L.host.base_dir = base_dir;
	return load_text(&L, buf, len, out, n);
}

/* §1.4 from the parse on. */
static int load_text(struct loader *L0, const char *buf, size_t len, struct config_env **out,
		     size_t *n)
{
	struct loader L = *L0;
	L.base->host = &L.host; /* the copy's host (same contents) */
	struct arena *a = L.a;
	struct diags *d = L.d;
	const struct config_load_opts *o = L.o;
	if (hcl_parse(&L.body, a, L.file, buf, len, d) < 0)
		return -1;

	/* §4.1 steps 1-3: partial selection of env blocks. */
	const struct hcl_body *body = L.body;
	bool *kept = arena_alloc(a, (body->nblocks + 1) * sizeof(*kept));
	bool any_labeled = false;
	for (size_t i = 0; i < body->nblocks; i++) {
		const struct hcl_block *b = &body->blocks[i];
		if (str_is(b->type, "env") && env_is_labeled_candidate(&L, b))
			any_labeled = true;
	}
	for (size_t i = 0; i < body->nblocks; i++) {
		const struct hcl_block *b = &body->blocks[i];
		if (!str_is(b->type, "env"))
			kept[i] = true;
		else if (any_labeled)
			kept[i] = env_is_labeled_candidate(&L, b);
		else
			kept[i] = env_is_dynamic_candidate(&L, b);
	}

	if (resolve_variables(&L) < 0)
		return -1;
	if (check_data_blocks(&L) < 0)
		return -1;
	if (resolve_locals(&L) < 0)
		return -1;

	L.top = top_scope(&L);
	L.blk = hcl_scope_new(a, L.top);
	L.blk->funcs = &L.no_funcs;

	/* §1.4 step 5: for_each copies first (their errors win). */
	struct env_eval *fevs = NULL;
	size_t nfev = 0, fcap = 0;
	for (size_t i = 0; i < body->nblocks; i++) {
		const struct hcl_block *b = &body->blocks[i];
		if (!kept[i] || !str_is(b->type, "env") || !hcl_body_attr(b->body, "for_each"))
			continue;
		if (expand_for_each(&L, b, &fevs, &nfev, &fcap) < 0)
			return -1;
	}

	/* Step 6: top-level attributes, then the kept blocks in file order. */
	for (size_t i = 0; i < body->nattrs; i++) {
		struct hcl_value *v;
		struct diag *mark = d->tail;
		if (data_ref(&L, body->attrs[i].expr))
			continue;
		if (hcl_eval(&v, a, body->attrs[i].expr, L.top, d) < 0) {
			fix_unknown_local(d, mark);
			return -1;
		}
	}
	size_t nenv = 0;
	for (size_t i = 0; i < body->nblocks; i++)
		if (kept[i] && str_is(body->blocks[i].type, "env"))
			nenv++;
	struct env_eval *evs = arena_alloc(a, (nenv + nfev + 1) * sizeof(*evs));
	size_t nev = 0;
	for (size_t i = 0; i < body->nblocks; i++) {
		const struct hcl_block *b = &body->blocks[i];
		if (!kept[i])
			continue;
		if (str_is(b->type, "env")) {
			if (hcl_body_attr(b->body, "for_each"))
				continue;
			struct env_eval *ev = &evs[nev++];
			ev->blk = b;
			if (eval_env(&L, ev, L.blk) < 0)
				return -1;
			continue;
		}
		if (str_is(b->type, "variable") || str_is(b->type, "locals") ||
		    str_is(b->type, "data") || str_is(b->type, "atlas"))
			continue;
		const char *p = str_dup(a, b->type);
		if (eval_body(&L, b->body, p, L.blk, NULL, false) < 0)
			return -1;
	}
	for (size_t i = 0; i < nfev; i++)
		evs[nev++] = fevs[i];

	/* Decode every kept env (type errors), then names and selection. */
	struct config_env *envs = arena_alloc(a, (nev + 1) * sizeof(*envs));
	for (size_t i = 0; i < nev; i++)
		if (decode_env(&L, &evs[i], &envs[i]) < 0)
			return -1;
	for (size_t i = 0; i < nev; i++)
		if (!evs[i].name || !*evs[i].name)
			return diag_errorf(d, NULL, "all envs must have names on file \"%s\"", L.file);
	if (!*L.env)
		return 0;
	struct config_env *sel = arena_alloc(a, (nev + 1) * sizeof(*sel));
	size_t nsel = 0;
	for (size_t i = 0; i < nev; i++) {
		if (strcmp(evs[i].name, L.env) != 0)
			continue;
		sel[nsel] = envs[i];
		sel[nsel].name = evs[i].name;
		if (!sel[nsel].url)
			sel[nsel].url_missing_reason = url_reason(&L, &evs[i], evs[i].name);
		nsel++;
	}
	if (nsel == 0)
		return diag_errorf(d, NULL, "env \"%s\" not defined in config file", L.env);
	if (nsel > 1 && (!o->command || strcmp(o->command, "apply") != 0))
		return diag_errorf(d, NULL, "multiple envs found for \"%s\"", L.env);
	*out = sel;
	*n = nsel;
	return 0;
}

const char *config_env_flag(const struct config_env *e, const char *command, const char *flag)
{
	for (size_t i = 0; i < ARRAY_LEN(flag_map); i++) {
		if (strcmp(flag_map[i].flag, flag) != 0 || !cmd_uses(flag_map[i].commands, command))
			continue;
		switch (flag_map[i].slot) {
		case SLOT_URL: return e->url;
		case SLOT_DEV: return e->dev;
		case SLOT_DIR: return e->dir;
		case SLOT_FORMAT: return e->dir_format;
		case SLOT_BASELINE: return e->baseline;
		case SLOT_EXEC_ORDER: return e->exec_order;
		case SLOT_LOCK_TIMEOUT: return e->lock_timeout;
		case SLOT_WAIT: return e->wait;
		case SLOT_REVISIONS_SCHEMA: return e->revisions_schema;
		case SLOT_FORMAT_APPLY: return e->format_apply;
		case SLOT_FORMAT_STATUS: return e->format_status;
		default: return NULL;
		}
	}
	return NULL;
}
