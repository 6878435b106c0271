/*
 * Fuzz target for dotenv_parse: the input is the text of a .env file.
 * Checks that parsing never crashes and that every entry it returns has a
 * non-empty key.
 */
#include <stdint.h>

#include "envsubst/envsubst.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct dotenv_entry *e;
	size_t n;
	int r = dotenv_parse(&e, &n, a, ".env", (const char *)data, size, &d);
	if (r < 0 && d.errors == 0)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!e[i].key[0] || !e[i].value)
			abort();
	arena_free(a);
	return 0;
}
