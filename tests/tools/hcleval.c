/*
 * hcleval: the C side of the HCL differential test.  Same command line
 * and output as `hclref eval FILE [--ctx CTX.json]` (the reference built
 * from HashiCorp's library): every attribute of the file, nested blocks
 * included, evaluated in source order with the context's top-level keys
 * as variables; pretty JSON on stdout (exit 0) or one diagnostic per line
 * on stderr (exit 1); 2 for usage and I/O errors.  Also `hcleval tokens
 * FILE`, mirroring `hclref tokens`.  The function table is hclref's:
 * Atlas's minus the Atlas-only helpers, plus coalesce and tomap.
 */
#include "tests/tools/hcljson.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

static int run_eval(struct arena *a, const char *file, const char *ctx)
{
	char *buf, *cbuf = NULL;
	size_t len, clen = 0;
	if (util_read_file(&buf, &len, a, file) < 0) {
		fprintf(stderr, "hcleval: %s: %s\n", file, strerror(errno));
		return 2;
	}
	if (ctx && util_read_file(&cbuf, &clen, a, ctx) < 0) {
		fprintf(stderr, "hcleval: %s: %s\n", ctx, strerror(errno));
		return 2;
	}
	char absbuf[PATH_MAX];
	const char *dir = ".";
	if (realpath(file, absbuf)) {
		char *slash = strrchr(absbuf, '/');
		if (slash) {
			*slash = 0;
			dir = absbuf[0] ? absbuf : "/";
		}
	}
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = hcljson_eval(&out, &err, a, file, buf, len, cbuf, clen, dir);
	fwrite(out.buf, 1, out.len, stdout);
	fwrite(err.buf, 1, err.len, stderr);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}

static int run_tokens(struct arena *a, const char *file)
{
	char *buf;
	size_t len;
	if (util_read_file(&buf, &len, a, file) < 0) {
		fprintf(stderr, "hcleval: %s: %s\n", file, strerror(errno));
		return 2;
	}
	struct diags d;
	diags_init(&d, a);
	struct hcl_token *toks;
	size_t n;
	int rc = hcl_lex(&toks, &n, a, file, buf, len, &d);
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		hcl_json_string(&sb, toks[i].text.p, toks[i].text.len);
		printf("%s %s %u:%u %u:%u\n", hcl_tok_name(toks[i].kind), sb.buf, toks[i].span.start.line,
		       toks[i].span.start.col, toks[i].span.end.line, toks[i].span.end.col);
		strbuf_release(&sb);
	}
	for (const struct diag *dg = d.head; dg; dg = dg->next)
		fprintf(stderr, "%s\n", diag_format(a, dg));
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hcleval eval FILE [--ctx CTX.json] | hcleval tokens FILE\n");
		return 2;
	}
	const char *ctx = NULL;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--ctx") == 0 && i + 1 < argc)
			ctx = argv[++i];
		else if (strncmp(argv[i], "--ctx=", 6) == 0)
			ctx = argv[i] + 6;
	}
	struct arena *a = arena_new();
	int rc;
	if (strcmp(argv[1], "eval") == 0)
		rc = run_eval(a, argv[2], ctx);
	else if (strcmp(argv[1], "tokens") == 0)
		rc = run_tokens(a, argv[2]);
	else
		rc = 2;
	fflush(stdout);
	arena_free(a);
	return rc;
}
