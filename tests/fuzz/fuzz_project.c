/*
 * Fuzz target for the project-file pipeline (config_load_text): the first
 * line of the input is the --env value, the rest the atlas.hcl text.  The
 * HCL engine has its own target; this one drives selection, variables,
 * locals, for_each and decoding on top of it.  getenv() sees an empty
 * environment and file()/fileset() resolve in an empty directory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "config/config.h"

static const char *no_env(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/fuzz-project-XXXXXX";
	static bool made;
	if (!made) {
		if (!mkdtemp(dir))
			abort();
		made = true;
	}
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t elen = nl ? (size_t)(nl - s) : size;
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *vals[] = { "n=1", "s=x", "l=a", "l=b" };
	struct config_vars vars;
	if (config_vars_parse(&vars, a, vals, 4, &d) < 0)
		abort();
	struct config_load_opts o = {
		.env = arena_strndup(a, s, elen),
		.vars = &vars,
		.command = "apply",
		.getenv = no_env,
	};
	const char *buf = nl ? nl + 1 : s + size;
	size_t len = nl ? size - elen - 1 : 0;
	struct config_env *envs;
	size_t n;
	int r = config_load_text(&envs, &n, a, &o, "atlas.hcl", dir, buf, len, &d);
	if (r < 0 && d.errors == 0)
		abort();
	for (size_t i = 0; r == 0 && i < n; i++) {
		if (!envs[i].name || strcmp(envs[i].name, o.env) != 0)
			abort();
		if (!envs[i].url && !envs[i].url_missing_reason)
			abort();
	}
	arena_free(a);
	return 0;
}
