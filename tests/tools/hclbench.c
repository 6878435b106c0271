/*
 * hclbench: parse + evaluate a generated ~1 MB atlas.hcl with the HCL
 * engine and print the time (a benchmark, not a test; the target is
 * < 50 ms).  The file repeats realistic project-file content: variable
 * blocks, locals with for-expressions, env blocks with getenv(), string
 * templates, nested migration/format/lint blocks, comments, heredocs.
 * usage: hclbench [TARGET_BYTES] [RUNS]
 */
#include "config/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of this process: the build machines are shared, so wall time
 * alone mostly measures the neighbours. */
static int64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void gen(struct strbuf *sb, size_t target)
{
	for (int i = 0; sb->len < target; i++) {
		strbuf_addf(sb,
			    "# environment %d\n"
			    "variable \"db_url_%d\" {\n"
			    "  type    = string\n"
			    "  default = getenv(\"DATABASE_URL_%d\")\n"
			    "}\n"
			    "locals {\n"
			    "  tenants_%d = [for t in [\"acme\", \"globex\", \"initech\", \"umbrella\"] : \"${t}-%d\" if t != \"globex\"]\n"
			    "  port_%d    = 5432 + %d %% 100\n"
			    "  opts_%d    = { sslmode = \"disable\", search_path = \"public\", app = \"svc-%d\" }\n"
			    "}\n"
			    "env \"env_%d\" {\n"
			    "  url = \"postgres://app:s3cret@db-%d.internal:${local.port_%d}/app?sslmode=${local.opts_%d.sslmode}&search_path=${local.opts_%d.search_path}\"\n"
			    "  dev = \"docker://postgres/15/dev?search_path=public\"\n"
			    "  src = [\"file://schema/%d.sql\", \"file://schema/common.sql\"]\n"
			    "  migration {\n"
			    "    dir              = \"file://migrations/${atlas.env}/%d\"\n"
			    "    revisions_schema = \"atlas_schema_revisions\"\n"
			    "    lock_timeout     = \"%ds\"\n"
			    "    exec_order       = LINEAR_SKIP\n"
			    "  }\n"
			    "  format {\n"
			    "    migrate {\n"
			    "      diff = \"{{ sql . \\\"  \\\" }}\"\n"
			    "    }\n"
			    "  }\n"
			    "  lint {\n"
			    "    review = ERROR\n"
			    "    log    = <<EOT\n"
			    "{{- range $f := .Files }}\n"
			    "  {{ $f.Name }} for env %d\n"
			    "{{- end }}\n"
			    "EOT\n"
			    "  }\n"
			    "  tags = { owner = \"team-%d\", tier = %d > 5 ? \"high\" : \"low\", count = length(local.tenants_%d) }\n"
			    "}\n\n",
			    i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i % 60 + 1, i, i, i % 10, i);
	}
}

struct counts {
	size_t attrs, errors;
};

static void eval_body(struct arena *a, const struct hcl_body *b, const struct hcl_scope *s,
		      struct diags *d, struct counts *c)
{
	for (size_t i = 0; i < b->nattrs; i++) {
		struct hcl_value *v;
		if (hcl_eval(&v, a, b->attrs[i].expr, s, d) < 0)
			c->errors++;
		c->attrs++;
	}
	for (size_t i = 0; i < b->nblocks; i++)
		eval_body(a, b->blocks[i].body, s, d, c);
}

static const char *bench_env(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return "postgres://u:p@h:5432/db";
}

int main(int argc, char **argv)
{
	size_t target = argc > 1 ? strtoull(argv[1], NULL, 10) : 1 << 20;
	int runs = argc > 2 ? atoi(argv[2]) : 10;
	struct strbuf sb = STRBUF_INIT;
	gen(&sb, target);
	int64_t best = INT64_MAX, total = 0, parse_ns = 0, best_cpu = INT64_MAX;
	size_t parse_mem = 0, total_mem = 0;
	struct counts c = { 0 };
	for (int r = 0; r < runs; r++) {
		int64_t t0 = util_now_mono_ns(), c0 = cpu_ns();
		struct arena *a = arena_new();
		struct diags d;
		diags_init(&d, a);
		struct hcl_body *body;
		int64_t tp = util_now_mono_ns();
		if (hcl_parse(&body, a, "atlas.hcl", sb.buf, sb.len, &d) < 0) {
			fprintf(stderr, "parse failed: %s\n", diag_format(a, d.head));
			return 1;
		}
		parse_ns += util_now_mono_ns() - tp;
		parse_mem = arena_used(a);
		/* the scope the project loader builds: functions, atlas, var, local
		 * (locals are bound as one object of their evaluated values) */
		struct hcl_host host = { .base_dir = ".", .getenv = bench_env };
		struct hcl_scope *s = hcl_scope_new(a, NULL);
		s->host = &host;
		s->funcs = hcl_funcs_std();
		struct str env_key = STR_LIT("env");
		struct hcl_value *envv = hcl_value_cstr(a, "prod");
		hcl_scope_set(s, a, "atlas", hcl_value_object(a, 1, &env_key, &envv));
		hcl_scope_set(s, a, "LINEAR_SKIP", hcl_value_cstr(a, "LINEAR_SKIP"));
		hcl_scope_set(s, a, "ERROR", hcl_value_cstr(a, "ERROR"));
		/* evaluate locals first, collect them into `local` */
		size_t nloc = 0;
		for (size_t i = 0; i < body->nblocks; i++)
			if (str_eq(body->blocks[i].type, "locals"))
				nloc += body->blocks[i].body->nattrs;
		struct str *keys = arena_alloc(a, (nloc ? nloc : 1) * sizeof(*keys));
		struct hcl_value **vals = arena_alloc(a, (nloc ? nloc : 1) * sizeof(*vals));
		size_t k = 0;
		for (size_t i = 0; i < body->nblocks; i++) {
			if (!str_eq(body->blocks[i].type, "locals"))
				continue;
			const struct hcl_body *lb = body->blocks[i].body;
			for (size_t j = 0; j < lb->nattrs; j++) {
				keys[k] = lb->attrs[j].name;
				if (hcl_eval(&vals[k], a, lb->attrs[j].expr, s, &d) < 0)
					vals[k] = hcl_value_null(a, &hcl_type_dynamic);
				k++;
			}
		}
		hcl_scope_set(s, a, "local", hcl_value_object(a, k, keys, vals));
		struct hcl_scope *ts = hcl_scope_new(a, s);
		ts->funcs = hcl_funcs_types();
		hcl_scope_add_type_names(ts, a);
		c = (struct counts){ 0 };
		eval_body(a, body, ts, &d, &c);
		total_mem = arena_used(a);
		arena_free(a);
		int64_t dt = util_now_mono_ns() - t0, dc = cpu_ns() - c0;
		if (dc < best_cpu)
			best_cpu = dc;
		total += dt;
		if (dt < best)
			best = dt;
	}
	printf("hclbench: %zu bytes, %zu attributes evaluated (%zu failed), best %.2f ms wall, %.2f ms CPU; mean %.2f ms wall over %d runs\n"
	       "          (parse mean %.2f ms; arena %zu KiB after parse, %zu KiB after evaluation)\n",
	       sb.len, c.attrs, c.errors, (double)best / 1e6, (double)best_cpu / 1e6, (double)total / runs / 1e6, runs,
	       (double)parse_ns / runs / 1e6, parse_mem / 1024, total_mem / 1024);
	strbuf_release(&sb);
	return 0;
}
