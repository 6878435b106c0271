/*
 * envsubst: expansion of environment references in command-line values,
 * and the `.env` file parser behind --env-file.  Both are atlas-c
 * extensions (upstream Atlas leaves expansion to the shell); they exist so
 * that `atlas migrate apply --url $DATABASE_URL` works where no shell runs,
 * e.g. a Fly.io release command started by direct exec.
 *
 * Neither function reads the process environment or any file: the caller
 * passes the environment as an envp-style array ("NAME=value" strings,
 * NULL-terminated) and the `.env` text as a buffer.  Results live in the
 * caller's arena.  Errors go to `d` and never contain a value, only flag
 * and variable names (a value may be a password).
 */
#ifndef ATLAS_ENVSUBST_H
#define ATLAS_ENVSUBST_H

#include "util/util.h"

/*
 * The value of `name` (name_len bytes, not NUL-terminated) in envp, or NULL
 * when it is not set.  The first entry wins, as with getenv(3).
 */
const char *envsubst_lookup(const char *const *envp, const char *name, size_t name_len);

/*
 * Expands `value`, given for flag `flag` (as shown in errors, e.g.
 * "--url"), in one pass:
 *   ${NAME}           the variable; unset is an error (set but empty is "")
 *   ${NAME:-default}  the variable when set and non-empty, else default
 *                     (default may itself hold ${...} references)
 *   ${NAME:?message}  the variable when set and non-empty, else an error
 *                     carrying message
 *   $NAME             only when it is the whole value
 *   $$                a literal "$"
 * Any other "$" is literal (so a password such as "pa$word" inside a URL
 * passes through).  Substituted text is never rescanned.  NAME is
 * [A-Za-z_][A-Za-z0-9_]*.
 * On success *out is an arena string (value itself when nothing changed)
 * and 0 is returned; on error -1 with one diagnostic naming the flag and
 * the variable (unset variable, `:?` message, malformed `${`).
 */
int envsubst_expand(const char **out, struct arena *a, const char *flag, const char *value,
		    const char *const *envp, struct diags *d) WUR;

/* One KEY=value assignment of a `.env` file. */
struct dotenv_entry {
	const char *key;   /* arena string */
	const char *value; /* arena string, quotes removed, escapes applied */
	unsigned line;     /* 1-based line of the key */
};

/*
 * Parses the text of a `.env` file (`file` is used in diagnostics only):
 *   - blank lines and lines starting with `#` (after blanks) are skipped;
 *   - an optional `export ` prefix; blanks around `=` are allowed;
 *   - KEY is [A-Za-z_][A-Za-z0-9_.]*;
 *   - 'single quoted' values are literal and may span lines;
 *   - "double quoted" values take \n \r \t \" \\ \$ escapes (any other
 *     backslash is kept) and may span lines;
 *   - unquoted values end at the line end or at a blank followed by `#`
 *     (an inline comment) and are trimmed of surrounding blanks;
 *   - after a closing quote only blanks and a `# comment` may follow;
 *   - a later assignment of the same key replaces the earlier one.
 * Nothing is expanded inside values.  On success *out holds *n entries in
 * first-assignment order.  On error -1 with every problem found, each
 * naming file:line (never the value).
 */
int dotenv_parse(struct dotenv_entry **out, size_t *n, struct arena *a, const char *file,
		 const char *buf, size_t len, struct diags *d) WUR;

#endif
