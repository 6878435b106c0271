/*
 * Fuzz target for the atlas.sum parser and the sum computation
 * (src/migrate/sum.c): parses the input as an atlas.sum, then treats it as
 * a directory of files (split at NUL bytes: name, content, name, ...) whose
 * computed sum must format and parse back to the same entries.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "migrate/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diags d;
	struct migrate_sum parsed, computed, back;
	const char *buf = arena_memdup(a, data, size);
	const char *names[16], *contents[16];
	size_t lens[16], n = 0, off = 0, tlen;
	char *text;
	int r;

	diags_init(&d, a);
	r = migrate_sum_parse(&parsed, a, buf, size, &d);
	assert(r == 0 || r == MIGRATE_ESUM_FORMAT || r == MIGRATE_ESUM_MISMATCH);
	if (r == 0)
		(void)migrate_sum_lookup(&parsed, "1.sql");

	while (off < size && n < 16) {
		const char *nm = buf + off;
		const char *z = memchr(nm, '\0', size - off);
		size_t nl = z ? (size_t)(z - nm) : size - off;
		const char *c = z ? z + 1 : buf + size;
		const char *z2 = z ? memchr(c, '\0', size - (size_t)(c - buf)) : NULL;
		size_t cl = z2 ? (size_t)(z2 - c) : size - (size_t)(c - buf);
		/* names without NUL, newline or "h1:" survive a round trip */
		char *name = arena_strndup(a, nm, nl);
		struct str t = migrate_trim_space((struct str){ name, nl });
		if (!nl || nl > 1000 || t.len != nl || strchr(name, '\n') || strchr(name, '\r') ||
		    strstr(name, "h1:"))
			name = arena_printf(a, "%zu.sql", n);
		names[n] = name;
		contents[n] = c;
		lens[n] = cl;
		n++;
		off = z2 ? (size_t)(z2 - buf) + 1 : size;
	}
	migrate_sum_compute_mem(&computed, a, names, contents, lens, n);
	text = migrate_sum_format(a, &computed, &tlen);
	r = migrate_sum_parse(&back, a, text, tlen, &d);
	assert(r == 0);
	assert(back.n == computed.n);
	for (size_t i = 0; i < back.n; i++) {
		assert(strcmp(back.entries[i].name, computed.entries[i].name) == 0);
		assert(strcmp(back.entries[i].hash, computed.entries[i].hash) == 0);
	}
	assert(strcmp(back.total, computed.total) == 0);
	arena_free(a);
	return 0;
}
