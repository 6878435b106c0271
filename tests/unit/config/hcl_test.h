/*
 * Helpers shared by the HCL unit tests: parse/evaluate a string in a
 * fresh arena and render values and diagnostics for assertions.
 */
#ifndef ATLAS_TEST_HCL_H
#define ATLAS_TEST_HCL_H

#include "config/internal.h"

#include <criterion/criterion.h>

struct hcl_t {
	struct arena *a;
	struct diags d;
	struct hcl_scope *scope;
	struct hcl_host host;
};

/* A scope with Atlas's functions and var/local/atlas/each variables given
 * as JSON (NULL for none). */
void hcl_t_init(struct hcl_t *t, const char *vars_json);
void hcl_t_fini(struct hcl_t *t);
/* Evaluates one expression (file name "t.hcl"); NULL when it failed
 * (diagnostics in t->d). */
struct hcl_value *hcl_t_eval(struct hcl_t *t, const char *expr);
/* Compact JSON of a value (cty text for numbers). */
const char *hcl_t_json(struct hcl_t *t, const struct hcl_value *v);
/* The first diagnostic as diag_format() prints it, or "" */
const char *hcl_t_first(struct hcl_t *t);
/* JSON of expr, or "ERR: <first diagnostic>". */
const char *hcl_t_run(struct hcl_t *t, const char *expr);

#endif
