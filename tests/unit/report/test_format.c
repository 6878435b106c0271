#include <criterion/criterion.h>

#include "report/report.h"

static struct arena *arena;
static struct diags d;

static void setup(void)
{
	arena = arena_new();
	diags_init(&d, arena);
}

static void teardown(void)
{
	arena_free(arena);
}

static const char doc[] = "{\"Current\":\"1\",\"Applied\":[\"a<b\"]}";

/* Parses and executes a template over doc; NULL when parsing failed. */
static char *run(const char *tmpl)
{
	struct report_format fmt;
	char *buf = NULL, *got;
	size_t len = 0;
	FILE *out;

	if (report_format_parse(&fmt, arena, tmpl, &d) != 0)
		return NULL;
	cr_assert_eq(fmt.kind, REPORT_FORMAT_TEMPLATE);
	out = open_memstream(&buf, &len);
	report_format_print(out, &fmt, doc, sizeof(doc) - 1);
	fclose(out);
	got = arena_strndup(arena, buf, len);
	free(buf);
	return got;
}

static const char *error_of(const char *tmpl)
{
	struct diags local;

	diags_init(&local, arena);
	struct report_format fmt;
	cr_assert_eq(report_format_parse(&fmt, arena, tmpl, &local), -1, "%s", tmpl);
	cr_assert_not_null(local.head);
	return local.head->summary;
}

Test(report_format, default_text, .init = setup, .fini = teardown)
{
	struct report_format fmt;

	cr_assert_eq(report_format_parse(&fmt, arena, NULL, &d), 0);
	cr_assert_eq(fmt.kind, REPORT_FORMAT_TEXT);
	cr_assert_eq(report_format_parse(&fmt, arena, "", &d), 0);
	cr_assert_eq(fmt.kind, REPORT_FORMAT_TEXT);
}

Test(report_format, json_compact_variants, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(run("{{ json . }}"), doc);
	cr_assert_str_eq(run("{{json .}}"), doc);
	cr_assert_str_eq(run("{{ json $ }}"), doc);
	cr_assert_str_eq(run("{{\tjson\n.\t}}"), doc);
	cr_assert_str_eq(run("  \n{{- json . -}}\n  "), doc);
	cr_assert_str_eq(run("{{/* report */}}{{ json . }}"), doc);
	cr_assert_str_eq(run("{{- /* report */ -}}\n{{ json . }}"), doc);
	cr_assert_str_eq(run("x {{ json . }}\n"), "x {\"Current\":\"1\",\"Applied\":[\"a<b\"]}\n");
	/* A template without actions prints its text, as Go does... */
	cr_assert_str_eq(run("JSON"), "JSON");
	cr_assert_str_eq(run(" json"), " json");
	/* ...except the bare word json, atlas-c's short form (issue 5). */
	cr_assert_str_eq(run("json"), doc);
}

Test(report_format, json_indent_arguments, .init = setup, .fini = teardown)
{
	static const char two[] =
		"{\n  \"Current\": \"1\",\n  \"Applied\": [\n    \"a<b\"\n  ]\n}";

	cr_assert_str_eq(run("{{ json . \"  \" }}"), two);
	cr_assert_str_eq(run("{{ json . `  ` }}"), two);
	cr_assert_str_eq(run("{{ json . \"\\t\" }}"),
			 "{\n\t\"Current\": \"1\",\n\t\"Applied\": [\n\t\t\"a<b\"\n\t]\n}");
	cr_assert_str_eq(run("{{ json . \"\\x3e\" \" \" }}"),
			 "{\n> \"Current\": \"1\",\n> \"Applied\": [\n>  \"a<b\"\n> ]\n>}");
	cr_assert_str_eq(run("{{ json . \"\" }}"),
			 "{\n\"Current\": \"1\",\n\"Applied\": [\n\"a<b\"\n]\n}");
}

Test(report_format, rejects_other_templates, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(error_of("{{ .Current }}"),
			 "parse format: template: format:1: atlas-c supports only {{ json . }} "
			 "(optionally with MarshalIndent string arguments) in --format, got {{ .Current }}");
	cr_assert_str_eq(error_of("ok\n\n{{ json . | upper }}"),
			 "parse format: template: format:3: atlas-c supports only {{ json . }} "
			 "(optionally with MarshalIndent string arguments) in --format, got {{ json . | upper }}");
	cr_assert(strstr(error_of("{{ json_merge . }}"), "atlas-c supports only") != NULL);
	cr_assert(strstr(error_of("{{ json . 1 }}"), "got {{ json . 1 }}") != NULL);
	cr_assert(strstr(error_of("{{ json }}"), "got {{ json }}") != NULL);
	cr_assert(strstr(error_of("{{ json . \"a\" \"b\" \"c\" }}"), "atlas-c supports only") != NULL);
	cr_assert(strstr(error_of("{{ json .Applied }}"), "atlas-c supports only") != NULL);
}

Test(report_format, go_syntax_errors, .init = setup, .fini = teardown)
{
	cr_assert_str_eq(error_of("{{ foo . }}"),
			 "parse format: template: format:1: function \"foo\" not defined");
	cr_assert_str_eq(error_of("{{ json . "),
			 "parse format: template: format:1: unclosed action");
	cr_assert_str_eq(error_of("a\n{{ json . \"x }}"),
			 "parse format: template: format:2: unterminated quoted string");
	cr_assert_str_eq(error_of("{{ json . `x }}"),
			 "parse format: template: format:1: unterminated raw quoted string");
	cr_assert_str_eq(error_of("{{}}"),
			 "parse format: template: format:1: missing value for command");
	cr_assert_str_eq(error_of("{{/* x }}"),
			 "parse format: template: format:1: unclosed comment");
	cr_assert_str_eq(error_of("{{/* x */ json . }}"),
			 "parse format: template: format:1: comment ends before closing delimiter");
	cr_assert_str_eq(error_of("{{ json . \"\\q\" }}"),
			 "parse format: template: format:1: invalid syntax");
}
