#include <criterion/criterion.h>

#include "envsubst/envsubst.h"

static struct arena *a;
static struct diags d;

static const char *const envp[] = {
	"DATABASE_URL=postgres://app:s3cret@db:5432/app?sslmode=disable",
	"EMPTY=",
	"HOST=db.internal",
	"DOLLAR=a${HOST}$$b",
	"HOST=shadowed",
	NULL,
};

static void setup(void)
{
	a = arena_new();
	diags_init(&d, a);
}

static void teardown(void)
{
	arena_free(a);
}

TestSuite(envsubst, .init = setup, .fini = teardown);

static const char *ok(const char *flag, const char *in)
{
	const char *out = NULL;
	int r = envsubst_expand(&out, a, flag, in, envp, &d);
	if (r != 0)
		cr_assert_fail("expanding %s failed: %s", in, diag_format(a, d.head));
	return out;
}

static const char *err(const char *flag, const char *in)
{
	const char *out = NULL;
	int r = envsubst_expand(&out, a, flag, in, envp, &d);
	cr_assert_eq(r, -1, "expanding %s should fail", in);
	cr_assert_eq(d.errors, 1);
	return diag_format(a, d.head);
}

Test(envsubst, lookup_first_entry_wins)
{
	cr_assert_str_eq(envsubst_lookup(envp, "HOST", 4), "db.internal");
	cr_assert_str_eq(envsubst_lookup(envp, "EMPTY", 5), "");
	cr_assert_null(envsubst_lookup(envp, "HOS", 3));
	cr_assert_null(envsubst_lookup(NULL, "HOST", 4));
}

Test(envsubst, braces_anywhere)
{
	cr_assert_str_eq(ok("--url", "${DATABASE_URL}"),
			 "postgres://app:s3cret@db:5432/app?sslmode=disable");
	cr_assert_str_eq(ok("--url", "postgres://u:p@${HOST}:5432/x"),
			 "postgres://u:p@db.internal:5432/x");
	cr_assert_str_eq(ok("--dir", "file://${HOST}/${HOST}"), "file://db.internal/db.internal");
	cr_assert_str_eq(ok("--url", "x${EMPTY}y"), "xy");
}

Test(envsubst, whole_value_dollar_name)
{
	cr_assert_str_eq(ok("--url", "$DATABASE_URL"),
			 "postgres://app:s3cret@db:5432/app?sslmode=disable");
	cr_assert_str_eq(ok("--url", "$EMPTY"), "");
	/* Not the whole value: literal, so passwords with $ survive. */
	cr_assert_str_eq(ok("--url", "postgres://u:pa$word@h/db"), "postgres://u:pa$word@h/db");
	cr_assert_str_eq(ok("--url", "$HOST/x"), "$HOST/x");
	cr_assert_str_eq(ok("--url", "x$HOST"), "x$HOST");
	cr_assert_str_eq(ok("--url", "$1abc"), "$1abc");
	cr_assert_str_eq(ok("--url", "$"), "$");
	cr_assert_str_eq(ok("--url", "a$"), "a$");
}

Test(envsubst, double_dollar_is_literal)
{
	cr_assert_str_eq(ok("--url", "$$"), "$");
	cr_assert_str_eq(ok("--url", "pa$$word"), "pa$word");
	cr_assert_str_eq(ok("--url", "$${HOST}"), "${HOST}");
	cr_assert_str_eq(ok("--url", "$$$${HOST}"), "$${HOST}");
	cr_assert_str_eq(ok("--url", "$$HOST"), "$HOST");
}

Test(envsubst, no_rescan_of_substituted_text)
{
	cr_assert_str_eq(ok("--url", "${DOLLAR}"), "a${HOST}$$b");
	cr_assert_str_eq(ok("--url", "$DOLLAR"), "a${HOST}$$b");
	cr_assert_str_eq(ok("--url", "${MISSING:-${DOLLAR}}"), "a${HOST}$$b");
}

Test(envsubst, untouched_value_is_returned_as_is)
{
	const char *in = "sqlite://t.db";
	const char *out = NULL;
	cr_assert_eq(envsubst_expand(&out, a, "--url", in, envp, &d), 0);
	cr_assert_eq(out, in);
}

Test(envsubst, default_form)
{
	cr_assert_str_eq(ok("--url", "${MISSING:-sqlite://t.db}"), "sqlite://t.db");
	cr_assert_str_eq(ok("--url", "${EMPTY:-fallback}"), "fallback");
	cr_assert_str_eq(ok("--url", "${HOST:-fallback}"), "db.internal");
	cr_assert_str_eq(ok("--url", "${MISSING:-}"), "");
	cr_assert_str_eq(ok("--url", "a${MISSING:-${HOST}}b"), "adb.internalb");
	cr_assert_str_eq(ok("--url", "${MISSING:-x:y/z?q=1&r=$$}"), "x:y/z?q=1&r=$");
	/* An unused default is not evaluated: its unset variable is no error. */
	cr_assert_str_eq(ok("--url", "${HOST:-${NOPE}}"), "db.internal");
	cr_assert_str_eq(ok("--url", "${HOST:-${NOPE:?boom}}"), "db.internal");
	cr_assert_str_eq(ok("--url", "${MISSING:-${ALSO_MISSING:-deep}}"), "deep");
}

Test(envsubst, required_form)
{
	cr_assert_str_eq(ok("--url", "${HOST:?need a host}"), "db.internal");
	cr_assert_str_eq(err("--url", "${MISSING:?set it in fly secrets}"),
			 "--url: MISSING: set it in fly secrets");
}

Test(envsubst, required_form_empty)
{
	cr_assert_str_eq(err("--dir", "${EMPTY:?}"),
			 "--dir: environment variable \"EMPTY\" is not set or empty");
}

Test(envsubst, unset_braced_names_flag_and_variable)
{
	cr_assert_str_eq(err("--url", "postgres://u:secretpw@${NOPE}/db"),
			 "--url: environment variable \"NOPE\" is not set");
}

Test(envsubst, unset_whole_value)
{
	const char *m = err("--dev-url", "$NOPE");
	cr_assert_str_eq(m, "--dev-url: environment variable \"NOPE\" is not set");
}

Test(envsubst, unset_inside_used_default)
{
	cr_assert_str_eq(err("--var", "x=${MISSING:-${NOPE}}"),
			 "--var: environment variable \"NOPE\" is not set");
}

Test(envsubst, malformed_references)
{
	cr_assert_str_eq(err("--url", "a${}"),
			 "--url: malformed \"${\" reference at byte 2 (write \"$$\" for a literal \"$\")");
}

Test(envsubst, malformed_bad_name)
{
	cr_assert_str_eq(err("--url", "${1X}"),
			 "--url: malformed \"${\" reference at byte 1 (write \"$$\" for a literal \"$\")");
}

Test(envsubst, malformed_operator)
{
	cr_assert_str_eq(err("--url", "${HOST-x}"),
			 "--url: malformed \"${\" reference at byte 1 (write \"$$\" for a literal \"$\")");
}

Test(envsubst, malformed_colon_operator)
{
	cr_assert(strstr(err("--url", "${HOST:+x}"), "malformed"));
}

Test(envsubst, unterminated)
{
	cr_assert_str_eq(err("--url", "pw${HOST"),
			 "--url: unterminated \"${\" reference (write \"$$\" for a literal \"$\")");
}

Test(envsubst, unterminated_default)
{
	cr_assert(strstr(err("--url", "${MISSING:-abc"), "unterminated"));
}

Test(envsubst, unterminated_message)
{
	cr_assert(strstr(err("--url", "${MISSING:?abc"), "unterminated"));
}

Test(envsubst, never_prints_the_value)
{
	/* The error for a later reference must not contain an expanded value. */
	const char *m = err("--url", "${DATABASE_URL}${NOPE}");
	cr_assert_null(strstr(m, "s3cret"));
}

Test(envsubst, nesting_limit)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 40; i++)
		strbuf_addstr(&sb, "${M:-");
	for (int i = 0; i < 40; i++)
		strbuf_addch(&sb, '}');
	const char *out;
	cr_assert_eq(envsubst_expand(&out, a, "--url", sb.buf, envp, &d), -1);
	cr_assert(strstr(diag_format(a, d.head), "nested too deeply"));
	strbuf_release(&sb);
}
