#include <criterion/criterion.h>

#include "util/util.h"

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }

TestSuite(arena, .init = setup, .fini = teardown);

Test(arena, alloc_is_zeroed_and_aligned)
{
	for (int i = 1; i < 200; i++) {
		unsigned char *p = arena_alloc(a, (size_t)i);
		cr_assert_eq((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			cr_assert_eq(p[k], 0);
		memset(p, 0xab, (size_t)i);
	}
}

Test(arena, big_blocks_do_not_break_small_ones)
{
	char *s1 = arena_strdup(a, "small");
	char *big = arena_alloc(a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	char *s2 = arena_strdup(a, "after");
	cr_assert_str_eq(s1, "small");
	cr_assert_str_eq(s2, "after");
	cr_assert_geq(arena_used(a), (size_t)(1 << 20));
}

Test(arena, printf_and_strndup)
{
	cr_assert_str_eq(arena_printf(a, "%s-%d", "v", 42), "v-42");
	cr_assert_str_eq(arena_strndup(a, "abcdef", 3), "abc");
	char *r = arena_realloc(a, arena_strdup(a, "xy"), 3, 10);
	cr_assert_str_eq(r, "xy");
}
