/*
 * A bump allocator made of a chain of malloc'd blocks.  Allocation is a
 * pointer bump; nothing is freed singly; arena_free() releases the chain.
 * Big requests get a block of their own so that small ones keep filling
 * the current block.
 */
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t size;
	size_t used;
	/* payload follows, aligned */
	max_align_t payload[];
};

struct arena {
	struct block *head;
	size_t total;
};

static void oom(void)
{
	fputs("atlas: out of memory\n", stderr);
	exit(1);
}

void *util_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *util_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *util_xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);
	if (!p)
		oom();
	return p;
}

struct arena *arena_new(void)
{
	struct arena *a = util_xmalloc(sizeof(*a));
	a->head = NULL;
	a->total = 0;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void arena_adopt(struct arena *a, struct arena *child)
{
	if (!child)
		return;
	struct block *first = child->head;
	if (first) {
		struct block *last = first;
		while (last->next)
			last = last->next;
		/* Behind a's current block, which keeps serving allocations. */
		if (a->head) {
			last->next = a->head->next;
			a->head->next = first;
		} else {
			a->head = first;
		}
		a->total += child->total;
	}
	free(child);
}

static struct block *block_new(size_t size)
{
	struct block *b = util_xmalloc(sizeof(*b) + size);
	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
}

/* arena_alloc without the zeroing, for copies that write every byte. */
static void *arena_bump(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < n) {
		fputs("atlas: out of memory\n", stderr);
		exit(1);
	}
	struct block *b = a->head;
	if (!b || b->size - b->used < need) {
		if (need > ARENA_BLOCK / 4) {
			/* A block of its own, linked behind the current one. */
			struct block *big = block_new(need);
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = need;
			a->total += need;
			return big->payload;
		}
		b = block_new(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->payload + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_bump(a, n);

	memset(p, 0, n ? n : 1);
	return p;
}

void *arena_realloc(struct arena *a, void *old, size_t old_n, size_t new_n)
{
	if (new_n <= old_n)
		return old;
	void *p = arena_alloc(a, new_n);
	if (old && old_n)
		memcpy(p, old, old_n);
	return p;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = n ? arena_bump(a, n) : arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *q = arena_bump(a, n + 1);
	if (n)
		memcpy(q, s, n);
	q[n] = '\0';
	return q;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return arena_strdup(a, "");
	char *q = arena_bump(a, (size_t)n + 1);
	vsnprintf(q, (size_t)n + 1, fmt, ap);
	return q;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *q = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return q;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
