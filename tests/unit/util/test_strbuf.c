#include <criterion/criterion.h>

#include "util/util.h"

Test(strbuf, starts_empty_and_owns_nothing)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_str_eq(sb.buf, "");
	cr_assert_eq(sb.alloc, 0);
	strbuf_reset(&sb);
	strbuf_release(&sb);
}

Test(strbuf, grows_and_formats)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i % 10);
	cr_assert_eq(sb.len, 2000);
	cr_assert_eq(sb.buf[sb.len], '\0');
	strbuf_setlen(&sb, 4);
	cr_assert_str_eq(sb.buf, "0,1,");
	strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "yz");
	cr_assert_str_eq(sb.buf, "0,1,xyz");
	struct arena *a = arena_new();
	char *copy = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	cr_assert_str_eq(copy, "0,1,xyz");
	arena_free(a);
}

Test(str, slices)
{
	struct str s = str_from("20240101_init.sql");
	cr_assert(str_has_suffix(s, ".sql"));
	cr_assert(str_has_prefix(s, "2024"));
	cr_assert(!str_has_suffix(s, ".up.sql"));
	cr_assert(str_eq(STR_LIT("abc"), "abc"));
	cr_assert(!str_eq(STR_LIT("abc"), "ab"));
}

Test(path, clean_like_go)
{
	struct arena *a = arena_new();
	static const char *const cases[][2] = {
		{ "", "." },		    { "atlas.hcl", "atlas.hcl" },
		{ "./atlas.hcl", "atlas.hcl" }, { "../x/atlas.hcl", "../x/atlas.hcl" },
		{ "/etc//app/./atlas.hcl", "/etc/app/atlas.hcl" },
		{ "a/b/../c", "a/c" },	  { "a/..", "." },
		{ "/..", "/" },		    { "../../a", "../../a" },
		{ "migrations/", "migrations" }, { "/", "/" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		cr_assert_str_eq(util_path_clean(a, cases[i][0]), cases[i][1], "%s", cases[i][0]);
	arena_free(a);
}
