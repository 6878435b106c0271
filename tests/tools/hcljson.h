/*
 * hcljson: `hclref eval` output for a file evaluated by atlas-c's HCL
 * engine (test support; see hcljson.c).
 */
#ifndef ATLAS_TESTS_HCLJSON_H
#define ATLAS_TESTS_HCLJSON_H

#include "config/internal.h"

/*
 * Evaluates buf (named `file` in diagnostics) with the context JSON
 * (NULL: none) and functions resolving relative paths against base_dir.
 * Returns 0 with the JSON in out, 1 with diagnostics (one per line) in
 * err, 2 when the context is not a JSON object.  Both strbufs are the
 * caller's.
 */
int hcljson_eval(struct strbuf *out, struct strbuf *err, struct arena *a, const char *file,
		 const char *buf, size_t len, const char *ctx, size_t ctx_len, const char *base_dir);

#endif
