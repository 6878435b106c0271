/*
 * Fuzz target for envsubst_expand: the input is the flag value; a fixed
 * small environment is used.  Checks that expansion never crashes, and
 * that a value without "$" comes back unchanged.
 */
#include <stdint.h>

#include "envsubst/envsubst.h"

static const char *const envp[] = { "A=x", "EMPTY=", "DOLLAR=$${A}", "LONG=0123456789abcdef",
				     NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	char *s = arena_strndup(a, (const char *)data, size);
	const char *out = NULL;
	if (envsubst_expand(&out, a, "--url", s, envp, &d) == 0) {
		if (!memchr(s, '$', strlen(s)) && strcmp(out, s) != 0)
			abort();
	} else if (d.errors != 1) {
		abort();
	}
	arena_free(a);
	return 0;
}
