#define _XOPEN_SOURCE 700
#include "test_project_util.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "envsubst/envsubst.h"

struct arena *tp_arena;
struct diags tp_diags;
struct config_env *tp_envs;
size_t tp_n;
const char *tp_dir;

static char dir_buf[256];

void tp_setup(void)
{
	tp_arena = arena_new();
	diags_init(&tp_diags, tp_arena);
	snprintf(dir_buf, sizeof(dir_buf), "/tmp/atlas-project-XXXXXX");
	cr_assert_not_null(mkdtemp(dir_buf));
	cr_assert_eq(chdir(dir_buf), 0);
	char *real = realpath(dir_buf, NULL);
	tp_dir = arena_strdup(tp_arena, real);
	free(real);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void tp_teardown(void)
{
	if (chdir("/") == 0)
		nftw(dir_buf, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	arena_free(tp_arena);
}

void tp_write(const char *path, const char *text)
{
	char *p = arena_strdup(tp_arena, path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static const char *lookup(void *arg, const char *name)
{
	return envsubst_lookup(arg, name, strlen(name));
}

int tp_load_cfg(const char *config_url, const char *hcl, const char *env, const char *cmd,
		const char *const *vars, const char *const *envp)
{
	static const char *const no_env[] = { NULL };
	diags_init(&tp_diags, tp_arena);
	if (hcl)
		tp_write("atlas.hcl", hcl);
	size_t nv = 0;
	while (vars && vars[nv])
		nv++;
	struct config_vars cv = { 0 };
	if (config_vars_parse(&cv, tp_arena, vars, nv, &tp_diags) < 0)
		return -1;
	struct config_load_opts o = {
		.config_url = config_url,
		.env = env,
		.vars = &cv,
		.command = cmd,
		.getenv = lookup,
		.getenv_arg = (void *)(envp ? envp : no_env),
	};
	tp_envs = NULL;
	tp_n = 0;
	return config_load(&tp_envs, &tp_n, tp_arena, &o, &tp_diags);
}

int tp_load(const char *hcl, const char *env, const char *cmd, const char *const *vars,
	    const char *const *envp)
{
	return tp_load_cfg(NULL, hcl, env, cmd, vars, envp);
}

const char *tp_err(void)
{
	const struct diag *first = NULL;
	for (const struct diag *dg = tp_diags.head; dg; dg = dg->next)
		if (dg->severity == DIAG_ERROR) {
			first = dg;
			break;
		}
	if (!first)
		return "(no error)";
	char *t = diag_format(tp_arena, first);
	if (tp_diags.errors > 1)
		t = arena_printf(tp_arena, "%s, and %zu other diagnostic(s)", t, tp_diags.errors - 1);
	return t;
}

const char *tp_render(int r, const char *cmd)
{
	static const char *const flags[] = { "url", "dev-url", "dir", "dir-format",
					     "revisions-schema", "baseline", "exec-order",
					     "lock-timeout", "format" };
	if (r < 0)
		return arena_printf(tp_arena, "error: %s", tp_err());
	struct strbuf sb = STRBUF_INIT;
	if (tp_n == 0)
		strbuf_addstr(&sb, "no env");
	for (size_t i = 0; i < tp_n; i++) {
		if (i)
			strbuf_addstr(&sb, " ;; ");
		strbuf_addf(&sb, "[%s]", tp_envs[i].name);
		for (size_t k = 0; k < ARRAY_LEN(flags); k++) {
			const char *v = config_env_flag(&tp_envs[i], cmd, flags[k]);
			if (v)
				strbuf_addf(&sb, " %s=%s", flags[k], v);
		}
		if (!tp_envs[i].url && tp_envs[i].url_missing_reason &&
		    config_env_flag(&(struct config_env){ .url = "x" }, cmd, "url"))
			strbuf_addf(&sb, " why=%s", tp_envs[i].url_missing_reason);
	}
	char *out = strbuf_arena(&sb, tp_arena);
	strbuf_release(&sb);
	return out;
}
