#include <criterion/criterion.h>

#include "util/util.h"

#include <unistd.h>

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

Test(arena, read_file_costs_its_size)
{
	char path[] = "/tmp/atlas-readfile.XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	static char data[200000];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	cr_assert_eq(write(fd, data, sizeof(data)), (ssize_t)sizeof(data));
	close(fd);
	size_t before = arena_used(a);
	char *buf;
	size_t len;
	cr_assert_eq(util_read_file(&buf, &len, a, path), 0);
	unlink(path);
	cr_assert_eq(len, sizeof(data));
	cr_assert_eq(memcmp(buf, data, len), 0);
	cr_assert_eq(buf[len], '\0');
	/* one buffer of the file's size (plus NUL and alignment), not two */
	cr_assert_lt(arena_used(a) - before, sizeof(data) + 64);
}

Test(arena, read_file_of_unknown_size_and_errors)
{
	char *buf;
	size_t len;
	cr_assert_eq(util_read_file(&buf, &len, a, "/proc/self/status"), 0);
	cr_assert_gt(len, 0);
	cr_assert_eq(buf[len], '\0');
	cr_assert_eq(util_read_file(&buf, &len, a, "/nonexistent/x"), -1);
	cr_assert_eq(util_read_file(&buf, &len, a, "/tmp"), -1);
}

Test(arena, adopt_keeps_the_child_memory_until_the_parent_is_freed)
{
	struct arena *child = arena_new();
	char *small = arena_strdup(child, "from the worker");
	char *big = arena_alloc(child, 200 * 1024);
	big[200 * 1024 - 1] = 'x';
	size_t before = arena_used(a);
	char *mine = arena_strdup(a, "parent");
	arena_adopt(a, child);
	cr_assert_geq(arena_used(a), before + 200 * 1024);
	cr_assert_str_eq(small, "from the worker");
	cr_assert_eq(big[200 * 1024 - 1], 'x');
	/* The parent keeps allocating from its own current block. */
	char *next = arena_strdup(a, "after");
	cr_assert_str_eq(mine, "parent");
	cr_assert_str_eq(next, "after");
	arena_adopt(a, NULL);
	struct arena *empty = arena_new();
	arena_adopt(a, empty);
	cr_assert_str_eq(small, "from the worker");
}
