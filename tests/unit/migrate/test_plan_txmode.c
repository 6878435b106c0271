/*
 * The transaction mode of a file (spec/migrate.md §4.7: directive vs flag,
 * upstream's error texts) and Go's time.ParseDuration as --lock-timeout
 * reads it (util_go_duration_parse, shared by apply/status/set).
 */
#include <criterion/criterion.h>

#include "cli/migrate_run.h"
#include "migrate/exec.h"
#include "migrate/migrate.h"

static struct arena *a;
static struct diags d;
static void setup(void)
{
	a = arena_new();
	diags_init(&d, a);
}
static void teardown(void) { arena_free(a); }

TestSuite(txmode, .init = setup, .fini = teardown);

static struct migrate_file file(const char *name, const char *const *modes, size_t n)
{
	struct migrate_file f = { .name = name, .version = "1", .description = "" };
	f.txmodes = (const char **)modes;
	f.ntxmodes = n;
	return f;
}

static const char *err(void)
{
	cr_assert(d.head);
	const char *s = d.head->summary;
	diags_init(&d, a);
	return s;
}

Test(txmode, flag_without_directive)
{
	struct migrate_file f = file("1.sql", NULL, 0);
	enum exec_txmode m;
	cr_assert_eq(exec_txmode_for(&m, "file", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_FILE);
	cr_assert_eq(exec_txmode_for(&m, "all", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_ALL);
	cr_assert_eq(exec_txmode_for(&m, "none", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_NONE);
	cr_assert_eq(exec_txmode_for(&m, "invalid", &f, &d), -1);
	cr_assert_str_eq(err(), "unknown tx-mode \"invalid\"");
}

Test(txmode, directive_overrides_flag)
{
	static const char *const none[] = { "none" };
	static const char *const fil[] = { "file" };
	struct migrate_file f = file("2_x.sql", none, 1);
	enum exec_txmode m;
	cr_assert_eq(exec_txmode_for(&m, "file", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_NONE);
	/* an invalid flag is not reported for a file whose directive decides */
	cr_assert_eq(exec_txmode_for(&m, "bogus", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_NONE);
	f = file("2_x.sql", fil, 1);
	cr_assert_eq(exec_txmode_for(&m, "none", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_FILE);
	/* equal to the flag: the flag's (invalid) value is checked */
	cr_assert_eq(exec_txmode_for(&m, "file", &f, &d), 0);
	cr_assert_eq(m, EXEC_TX_FILE);
}

Test(txmode, directive_errors)
{
	static const char *const all[] = { "all" };
	static const char *const two[] = { "none", "file" };
	static const char *const odd[] = { "sometimes" };
	static const char *const none[] = { "none" };
	enum exec_txmode m;
	struct migrate_file f = file("3_y.sql", all, 1);
	cr_assert_eq(exec_txmode_for(&m, "file", &f, &d), -1);
	cr_assert_str_eq(err(), "txmode \"all\" is not allowed in file directive \"3_y.sql\". Use \"file\" instead");
	f = file("3_y.sql", two, 2);
	cr_assert_eq(exec_txmode_for(&m, "file", &f, &d), -1);
	cr_assert_str_eq(err(), "multiple txmode values found in file \"3_y.sql\": [\"none\" \"file\"]");
	f = file("3_y.sql", odd, 1);
	cr_assert_eq(exec_txmode_for(&m, "file", &f, &d), -1);
	cr_assert_str_eq(err(), "unknown txmode \"sometimes\" found in file directive \"3_y.sql\"");
	f = file("3_y.sql", none, 1);
	cr_assert_eq(exec_txmode_for(&m, "all", &f, &d), -1);
	cr_assert_str_eq(err(), "cannot set txmode directive to \"none\" in \"3_y.sql\" when txmode \"all\" is set globally");
}

TestSuite(go_duration, .init = setup, .fini = teardown);

Test(go_duration, valid)
{
	static const struct {
		const char *in;
		int64_t ns;
	} cases[] = {
		{ "0", 0 }, { "10s", 10000000000LL }, { "500ms", 500000000LL }, { "1m30s", 90000000000LL },
		{ "1.5h", 5400000000000LL }, { "-1s", -1000000000LL }, { "+2us", 2000 },
		{ "3\xc2\xb5s", 3000 }, { "4\xce\xbcs", 4000 }, { ".5s", 500000000LL }, { "1.s", 1000000000LL },
		{ "1h2m3s4ms5us6ns", 3723004005006LL }, { "2562047h47m16.854775807s", INT64_MAX },
		{ "-2562047h47m16.854775808s", INT64_MIN },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int64_t v = -7;
		cr_assert_eq(util_go_duration_parse(&v, cases[i].in, &d), 0, "%s", cases[i].in);
		cr_assert_eq(v, cases[i].ns, "%s: %lld", cases[i].in, (long long)v);
	}
}

Test(go_duration, errors)
{
	static const struct {
		const char *in;
		const char *msg;
	} cases[] = {
		{ "", "time: invalid duration \"\"" },
		{ "x", "time: invalid duration \"x\"" },
		{ "10", "time: missing unit in duration \"10\"" },
		{ "1d", "time: unknown unit \"d\" in duration \"1d\"" },
		{ ".s", "time: invalid duration \".s\"" },
		{ "-", "time: invalid duration \"-\"" },
		{ "2562047h47m16.854775808s", "time: invalid duration \"2562047h47m16.854775808s\"" },
		{ "9999999999999999999ns", "time: invalid duration \"9999999999999999999ns\"" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int64_t v;
		cr_assert_eq(util_go_duration_parse(&v, cases[i].in, &d), -1, "%s", cases[i].in);
		cr_assert_str_eq(err(), cases[i].msg);
	}
}
