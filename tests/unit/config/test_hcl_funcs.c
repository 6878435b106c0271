/*
 * Function tests: the Atlas helpers (getenv, file, fileset, glob, URL
 * helpers, print, sql) against a temporary directory and a host hook, and
 * cty's semantics for the functions §3.5 and §7 name.
 */
#include "hcl_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct hcl_t T;
static char dir[64];

static void write_file(const char *rel, const char *content)
{
	char *p = arena_printf(T.a, "%s/%s", dir, rel);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fputs(content, f);
	fclose(f);
}

static const char *fake_env(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "DATABASE_URL") == 0 ? "postgres://app:s3cret@db:5432/app" : NULL;
}

static struct strbuf printed;

static void capture(void *arg, const char *text)
{
	(void)arg;
	strbuf_addstr(&printed, text);
	strbuf_addch(&printed, '\n');
}

static void setup(void)
{
	hcl_t_init(&T, NULL);
	snprintf(dir, sizeof(dir), "%s", "/tmp/hclfuncs.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	T.host.base_dir = dir;
	T.host.getenv = fake_env;
	T.host.print = capture;
	strbuf_init(&printed);
	char *sub = arena_printf(T.a, "%s/schema", dir);
	char *deep = arena_printf(T.a, "%s/schema/deep", dir);
	mkdir(sub, 0700);
	mkdir(deep, 0700);
	write_file("seed-url.txt", "  postgres://seed/db \n");
	write_file("schema/a.sql", "");
	write_file("schema/b.sql", "");
	write_file("schema/deep/c.sql", "");
	write_file("schema/notes.txt", "");
}

static void teardown(void)
{
	char *cmd = arena_printf(T.a, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	strbuf_release(&printed);
	hcl_t_fini(&T);
}

TestSuite(hcl_funcs, .init = setup, .fini = teardown);

Test(hcl_funcs, getenv_uses_host_and_empty_when_unset)
{
	cr_assert_str_eq(hcl_t_run(&T, "getenv(\"DATABASE_URL\")"), "\"postgres://app:s3cret@db:5432/app\"");
	cr_assert_str_eq(hcl_t_run(&T, "getenv(\"NOPE\")"), "\"\"");
}

Test(hcl_funcs, file_relative_to_base_dir_e17)
{
	cr_assert_str_eq(hcl_t_run(&T, "trimspace(file(\"seed-url.txt\"))"), "\"postgres://seed/db\"");
	const char *r = hcl_t_run(&T, "file(\"missing.txt\")");
	char *want = arena_printf(T.a,
				  "ERR: t.hcl:1,1-6: Error in function call; Call to function \"file\" failed: open %s/missing.txt: no such file or directory.",
				  dir);
	cr_assert_str_eq(r, want);
	cr_assert_str_eq(hcl_t_run(&T, "trimspace(file(\"./schema/../seed-url.txt\"))"), "\"postgres://seed/db\"");
	r = hcl_t_run(&T, "file(\"./schema/../none.txt\")");
	want = arena_printf(T.a,
			    "ERR: t.hcl:1,1-6: Error in function call; Call to function \"file\" failed: open %s/none.txt: no such file or directory.",
			    dir);
	cr_assert_str_eq(r, want, "the path is cleaned as Go's filepath.Join does");
}

Test(hcl_funcs, fileset_and_glob)
{
	char *want = arena_printf(T.a, "[\"%s/schema/a.sql\",\"%s/schema/b.sql\",\"%s/schema/deep/c.sql\"]", dir,
				  dir, dir);
	cr_assert_str_eq(hcl_t_run(&T, "fileset(\"schema/**/*.sql\")"), want);
	want = arena_printf(T.a, "[\"%s/schema/a.sql\",\"%s/schema/b.sql\"]", dir, dir);
	cr_assert_str_eq(hcl_t_run(&T, "glob(\"schema/*.sql\")"), want);
	cr_assert_str_eq(hcl_t_run(&T, "fileset(\"nothing/*.sql\")"), "[]");
	cr_assert_str_eq(hcl_t_run(&T, "glob(\"nothing/*\")"), "[]");
}

Test(hcl_funcs, strings)
{
	cr_assert_str_eq(hcl_t_run(&T, "trimspace(\"  \\t x y \\n\")"), "\"x y\"");
	cr_assert_str_eq(hcl_t_run(&T, "startswith(\"postgres://x\", \"postgres://\")"), "true");
	cr_assert_str_eq(hcl_t_run(&T, "endswith(\"a.sql\", \".hcl\")"), "false");
	cr_assert_str_eq(hcl_t_run(&T, "split(\",\", \"a,,b\")"), "[\"a\",\"\",\"b\"]");
	cr_assert_str_eq(hcl_t_run(&T, "split(\",\", \"\")"), "[\"\"]");
	cr_assert_str_eq(hcl_t_run(&T, "join(\"=\", [\"a\", \"b=c\"])"), "\"a=b=c\"");
	cr_assert_str_eq(hcl_t_run(&T, "replace(\"a.b.c\", \".\", \"/\")"), "\"a/b/c\"");
	cr_assert_str_eq(hcl_t_run(&T, "replace(\"a1b22c\", \"/[0-9]+/\", \"#\")"), "\"a1b22c\"", "no regex form");
	cr_assert_str_eq(hcl_t_run(&T, "format(\"%s|%d|%.2f|%q|%t|%5s|%-5s|%%\", \"s\", 42, 3.14159, \"q\\\"\", true, \"r\", \"l\")"),
			 "\"s|42|3.14|\\\"q\\\\\\\"\\\"|true|    r|l    |%\"");
	cr_assert_str_eq(hcl_t_run(&T, "substr(\"h\xc3\xa9llo w\xc3\xb6rld\", 1, 4)"), "\"\xc3\xa9llo\"");
	cr_assert_str_eq(hcl_t_run(&T, "upper(\"ab-\xc3\xa7\")"), "\"AB-\xc3\x87\"");
	cr_assert_str_eq(hcl_t_run(&T, "lower(\"\xc3\x80" "B\")"), "\"\xc3\xa0" "b\"");
	cr_assert_str_eq(hcl_t_run(&T, "regex(\"(?P<user>[a-z]+)@(?P<host>[a-z.]+)\", \"me@x.org\")"),
			 "{\"host\":\"x.org\",\"user\":\"me\"}");
	cr_assert_str_eq(hcl_t_run(&T, "regex(\"(\\\\d+)-(\\\\d+)\", \"10-20\")"), "[\"10\",\"20\"]");
	cr_assert_str_eq(hcl_t_run(&T, "regexall(\"[a-z]+\", \"ab 12 cd\")"), "[\"ab\",\"cd\"]");
	cr_assert_str_eq(hcl_t_run(&T, "regexreplace(\"a1b22c\", \"[0-9]+\", \"<$0>\")"), "\"a<1>b<22>c\"");
	cr_assert_str_eq(hcl_t_run(&T, "regex(\"^x\", \"abc\")"),
			 "ERR: t.hcl:1,1-7: Error in function call; Call to function \"regex\" failed: pattern did not match any part of the given string.");
}

Test(hcl_funcs, url_helpers)
{
	cr_assert_str_eq(hcl_t_run(&T, "urlescape(\"a b&c=d/\xc3\xa9\")"), "\"a+b%26c%3Dd%2F%C3%A9\"");
	cr_assert_str_eq(hcl_t_run(&T, "urlqueryset(\"postgres://u@h:5432/db?sslmode=disable\", \"search_path\", \"public\")"),
			 "\"postgres://u@h:5432/db?search_path=public&sslmode=disable\"");
	cr_assert_str_eq(hcl_t_run(&T, "urlsetpath(\"postgres://u@h:5432/db?x=1\", \"other\")"),
			 "\"postgres://u@h:5432/other?x=1\"");
	cr_assert_str_eq(hcl_t_run(&T, "urluserinfo(\"postgres://h:5432/db\", \"app\", \"p@ss:w/rd\")"),
			 "\"postgres://app:p%40ss%3Aw%2Frd@h:5432/db\"");
	cr_assert_str_eq(hcl_t_run(&T, "urluserinfo(\"postgres://old@h/db\", \"app\")"), "\"postgres://app@h/db\"");
}

Test(hcl_funcs, collections_cty_semantics)
{
	cr_assert_str_eq(hcl_t_run(&T, "length([1, 2, 3])"), "3");
	cr_assert_str_eq(hcl_t_run(&T, "length(\"abc\")"),
			 "ERR: t.hcl:1,1-8: Error in function call; Call to function \"length\" failed: collection must be a list, a map or a tuple.");
	cr_assert_str_eq(hcl_t_run(&T, "length({ a = 1 })"),
			 "ERR: t.hcl:1,1-8: Error in function call; Call to function \"length\" failed: collection must be a list, a map or a tuple.");
	cr_assert_str_eq(hcl_t_run(&T, "slice([\"a\", \"b\", \"c\"], 1, 3)"), "[\"b\",\"c\"]");
	cr_assert_str_eq(hcl_t_run(&T, "slice([\"a\"], 2, 3)"),
			 "ERR: t.hcl:1,14-15: Invalid function argument; Invalid value for \"start_index\" parameter: start index must not be greater than the length of the list.");
	cr_assert_str_eq(hcl_t_run(&T, "toset([\"globex\", \"acme\", \"acme\"])"), "[\"acme\",\"globex\"]");
	cr_assert_str_eq(hcl_t_run(&T, "toset([2, \"1\"])"), "[\"1\",\"2\"]");
	cr_assert_str_eq(hcl_t_run(&T, "merge({ a = 1, b = 2 }, { b = 3 })"), "{\"a\":1,\"b\":3}");
	cr_assert_str_eq(hcl_t_run(&T, "keys({ z = 1, a = 2 })"), "[\"a\",\"z\"]");
	cr_assert_str_eq(hcl_t_run(&T, "flatten([[1], [2, [3]]])"), "[1,2,3]");
	cr_assert_str_eq(hcl_t_run(&T, "contains([\"a\", \"b\"], \"b\")"), "true");
	cr_assert_str_eq(hcl_t_run(&T, "element([\"a\", \"b\"], 3)"), "\"b\"");
	cr_assert_str_eq(hcl_t_run(&T, "range(3)"), "[0,1,2]");
	cr_assert_str_eq(hcl_t_run(&T, "zipmap([\"a\", \"b\"], [1, 2])"), "{\"a\":1,\"b\":2}");
	cr_assert_str_eq(hcl_t_run(&T, "setunion([\"a\"], [\"b\", \"a\"])"), "[\"a\",\"b\"]");
	cr_assert_str_eq(hcl_t_run(&T, "alltrue([true, false])"), "false");
	cr_assert_str_eq(hcl_t_run(&T, "empty([])"), "true");
	cr_assert_str_eq(hcl_t_run(&T, "compact([\"a\", \"\", \"b\"])"), "[\"a\",\"b\"]");
	cr_assert_str_eq(hcl_t_run(&T, "reverse([1, 2])"), "[2,1]");
	cr_assert_str_eq(hcl_t_run(&T, "sort([\"b\", \"a\"])"), "[\"a\",\"b\"]");
}

Test(hcl_funcs, numbers_and_conversions)
{
	cr_assert_str_eq(hcl_t_run(&T, "[min(3, 1, 2), max(1.5, 2), abs(-3), ceil(1.2), floor(-1.2), signum(-5)]"),
			 "[1,2,3,2,-2,-1]");
	cr_assert_str_eq(hcl_t_run(&T, "pow(2, 10)"), "1024");
	cr_assert_str_eq(hcl_t_run(&T, "parseint(\"ff\", 16)"), "255");
	cr_assert_str_eq(hcl_t_run(&T, "tonumber(\"1e2\")"), "100");
	cr_assert_str_eq(hcl_t_run(&T, "tonumber(\"abc\")"),
			 "ERR: t.hcl:1,11-14: Invalid function argument; Invalid value for \"v\" parameter: cannot convert \"abc\" to number; given string must be a decimal representation of a number.");
	cr_assert_str_eq(hcl_t_run(&T, "tostring(5432)"), "\"5432\"");
	cr_assert_str_eq(hcl_t_run(&T, "tobool(\"true\")"), "true");
}

Test(hcl_funcs, json_and_print_and_sql)
{
	cr_assert_str_eq(hcl_t_run(&T, "jsonencode({ b = 1, a = [true, null, \"x<y\"] })"),
			 "\"{\\\"a\\\":[true,null,\\\"x\\\\u003cy\\\"],\\\"b\\\":1}\"");
	cr_assert_str_eq(hcl_t_run(&T, "jsondecode(\"{\\\"z\\\": 1.50, \\\"a\\\": [1, \\\"2\\\"]}\").z"), "1.5");
	cr_assert_str_eq(hcl_t_run(&T, "print(\"hello\")"), "\"hello\"");
	cr_assert_str_eq(printed.buf, "hello\n");
	/* numbers as Go's big.Float String() prints them (expected values
	 * recorded with Go 1.19) */
	const char *in[] = { "5432", "1000000", "1e30", "0.5", "0.0001", "0.00001", "123456789012",
			     "3.14159265358979", "1234567890.5", "-2.5e-7" };
	strbuf_reset(&printed);
	for (size_t i = 0; i < ARRAY_LEN(in); i++)
		cr_assert_not_null(hcl_t_eval(&T, arena_printf(T.a, "print(%s)", in[i])));
	cr_assert_str_eq(printed.buf, "5432\n1000000\n1e+30\n0.5\n0.0001\n1e-05\n1.23456789e+11\n"
				      "3.141592654\n1234567890\n-2.5e-07\n");
	struct hcl_value *v = hcl_t_eval(&T, "sql(\"select 1\")");
	cr_assert_not_null(v);
	cr_assert_eq(v->type->kind, HCL_T_RAW);
	cr_assert(str_eq(v->u.s, "select 1"));
	cr_assert_str_eq(hcl_t_run(&T, "sql(\"\")"),
			 "ERR: t.hcl:1,1-5: Error in function call; Call to function \"sql\" failed: empty expression.");
}
