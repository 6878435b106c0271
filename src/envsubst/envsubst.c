/*
 * Expansion of ${NAME} references in command-line values (an atlas-c
 * extension: upstream relies on the shell, which a Fly.io release command
 * does not have).  One left-to-right pass over the value; text that comes
 * out of a variable is appended and never looked at again, so a value
 * holding "${X}" or "$$" stays as it is.  The default of ${NAME:-default}
 * is part of the original value, so references inside it are expanded
 * too (recursively, with a depth limit), but only evaluated for errors
 * when the default is actually used.
 *
 * This module decides nothing about which flags are expanded (the cli
 * does) and never reads the process environment: it gets an envp array.
 * Error texts name the flag and the variable and never include a value.
 */
#include "envsubst.h"

enum { MAX_DEPTH = 32 };

struct sub {
	const char *flag;
	const char *const *envp;
	struct diags *d;
	const char *s;
	size_t len;
	size_t pos;
	unsigned depth;
	bool skip; /* inside a default that is not used: no lookups, no errors */
};

static bool is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

const char *envsubst_lookup(const char *const *envp, const char *name, size_t name_len)
{
	if (!envp)
		return NULL;
	for (size_t i = 0; envp[i]; i++) {
		const char *e = envp[i];
		if (strncmp(e, name, name_len) == 0 && e[name_len] == '=')
			return e + name_len + 1;
	}
	return NULL;
}

static int malformed(struct sub *st, size_t at)
{
	return diag_errorf(st->d, NULL,
			   "%s: malformed \"${\" reference at byte %zu (write \"$$\" for a literal \"$\")",
			   st->flag, at + 1);
}

static int unset(struct sub *st, const char *name, size_t n)
{
	return diag_errorf(st->d, NULL, "%s: environment variable \"%.*s\" is not set", st->flag,
			   (int)n, name);
}

static int expand_until(struct sub *st, struct strbuf *sb, bool in_braces);

/* st->pos is at "${".  Appends the expansion to sb and moves past "}". */
static int expand_brace(struct sub *st, struct strbuf *sb)
{
	size_t start = st->pos;
	st->pos += 2;
	const char *name = st->s + st->pos;
	size_t n = 0;
	if (st->pos < st->len && is_name_start(st->s[st->pos])) {
		while (st->pos + n < st->len && is_name_char(st->s[st->pos + n]))
			n++;
	}
	if (n == 0)
		return malformed(st, start);
	st->pos += n;
	if (st->pos >= st->len)
		return diag_errorf(st->d, NULL,
				   "%s: unterminated \"${\" reference (write \"$$\" for a literal \"$\")",
				   st->flag);
	const char *val = st->skip ? "" : envsubst_lookup(st->envp, name, n);
	char c = st->s[st->pos];
	if (c == '}') {
		st->pos++;
		if (st->skip)
			return 0;
		if (!val)
			return unset(st, name, n);
		strbuf_addstr(sb, val);
		return 0;
	}
	if (c != ':' || st->pos + 1 >= st->len)
		return malformed(st, start);
	char op = st->s[st->pos + 1];
	st->pos += 2;
	if (op == '-') {
		if (st->depth >= MAX_DEPTH)
			return diag_errorf(st->d, NULL, "%s: \"${\" references nested too deeply",
					   st->flag);
		bool use_default = !st->skip && (!val || !*val);
		bool saved = st->skip;
		st->skip = !use_default;
		st->depth++;
		int r = expand_until(st, sb, true);
		st->depth--;
		st->skip = saved;
		if (r < 0)
			return -1;
		st->pos++; /* the closing brace */
		if (!use_default && !st->skip)
			strbuf_addstr(sb, val);
		return 0;
	}
	if (op == '?') {
		const char *msg = st->s + st->pos;
		const char *close = memchr(msg, '}', st->len - st->pos);
		if (!close)
			return diag_errorf(st->d, NULL,
					   "%s: unterminated \"${\" reference (write \"$$\" for a literal \"$\")",
					   st->flag);
		st->pos = (size_t)(close - st->s) + 1;
		if (st->skip)
			return 0;
		if (val && *val) {
			strbuf_addstr(sb, val);
			return 0;
		}
		if (close == msg)
			return diag_errorf(st->d, NULL,
					   "%s: environment variable \"%.*s\" is not set or empty",
					   st->flag, (int)n, name);
		return diag_errorf(st->d, NULL, "%s: %.*s: %.*s", st->flag, (int)n, name,
				   (int)(close - msg), msg);
	}
	return malformed(st, start);
}

/*
 * Copies and expands from st->pos to the end of the value, or, inside a
 * default (in_braces), up to the first "}" that closes it (left unread).
 */
static int expand_until(struct sub *st, struct strbuf *sb, bool in_braces)
{
	struct strbuf discard = STRBUF_INIT;
	struct strbuf *to = st->skip ? &discard : sb;
	int r = 0;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (in_braces && c == '}')
			goto out;
		if (c != '$' || st->pos + 1 >= st->len) {
			strbuf_addch(to, c);
			st->pos++;
			continue;
		}
		char next = st->s[st->pos + 1];
		if (next == '$') {
			strbuf_addch(to, '$');
			st->pos += 2;
		} else if (next == '{') {
			r = expand_brace(st, to);
			if (r < 0)
				goto out;
		} else {
			strbuf_addch(to, '$');
			st->pos++;
		}
	}
	if (in_braces)
		r = diag_errorf(st->d, NULL,
				"%s: unterminated \"${\" reference (write \"$$\" for a literal \"$\")",
				st->flag);
out:
	strbuf_release(&discard);
	return r;
}

int envsubst_expand(const char **out, struct arena *a, const char *flag, const char *value,
		    const char *const *envp, struct diags *d)
{
	struct sub st = {
		.flag = flag, .envp = envp, .d = d, .s = value, .len = strlen(value),
	};
	*out = value;
	if (!memchr(value, '$', st.len))
		return 0;
	/* $NAME is expanded only as the whole value. */
	if (st.len > 1 && is_name_start(value[1])) {
		size_t n = 1;
		while (n < st.len && is_name_char(value[n]))
			n++;
		if (n == st.len) {
			const char *v = envsubst_lookup(envp, value + 1, st.len - 1);
			if (!v)
				return unset(&st, value + 1, st.len - 1);
			*out = arena_strdup(a, v);
			return 0;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	int r = expand_until(&st, &sb, false);
	if (r == 0)
		*out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}
