/*
 * Shared fixtures of the project-file tests: every test runs in a fresh
 * temporary working directory (Criterion forks one process per test), with
 * an arena, a diags list and an environment given as an envp array.
 */
#ifndef TEST_PROJECT_UTIL_H
#define TEST_PROJECT_UTIL_H

#include "config/config.h"

extern struct arena *tp_arena;
extern struct diags tp_diags;
extern struct config_env *tp_envs;
extern size_t tp_n;
extern const char *tp_dir; /* absolute temporary working directory */

void tp_setup(void);
void tp_teardown(void);
/* Writes a file (parents created) relative to the working directory. */
void tp_write(const char *path, const char *text);
/*
 * Writes hcl to ./atlas.hcl (unless NULL) and runs config_load with the
 * given --config URL (NULL: default), --env, subcommand, --var values
 * (NULL-terminated or NULL) and environment (NULL-terminated or NULL).
 * Results in tp_envs/tp_n/tp_diags.
 */
int tp_load_cfg(const char *config_url, const char *hcl, const char *env, const char *cmd,
		const char *const *vars, const char *const *envp);
int tp_load(const char *hcl, const char *env, const char *cmd, const char *const *vars,
	    const char *const *envp);
/* The error as the cli prints it, without "Error: ". */
const char *tp_err(void);
/* The envs as the flags of cmd see them, e.g.
 * "[prod] url=sqlite://a.db dir=file://m ;; [prod] ...", or "error: ...". */
const char *tp_render(int r, const char *cmd);

#endif
