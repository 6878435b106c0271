#include <criterion/criterion.h>

#include <time.h>

#include "report/report.h"

static char *dur(int64_t ns)
{
	static char out[64];
	struct strbuf sb = STRBUF_INIT;

	report_go_duration(&sb, ns);
	cr_assert_lt(sb.len, sizeof(out));
	memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

Test(report_go_duration, spec_examples)
{
	cr_assert_str_eq(dur(0), "0s");
	cr_assert_str_eq(dur(850), "850ns");
	cr_assert_str_eq(dur(1500), "1.5\xc2\xb5s");
	cr_assert_str_eq(dur(6204945), "6.204945ms");
	cr_assert_str_eq(dur(10000000), "10ms");
	cr_assert_str_eq(dur(INT64_C(1500000000)), "1.5s");
	cr_assert_str_eq(dur(INT64_C(90000000000)), "1m30s");
	cr_assert_str_eq(dur(INT64_C(3600000000000)), "1h0m0s");
	cr_assert_str_eq(dur(INT64_C(123000000001)), "2m3.000000001s");
	cr_assert_str_eq(dur(INT64_MIN), "-2562047h47m16.854775808s");
	cr_assert_str_eq(dur(INT64_MAX), "2562047h47m16.854775807s");
}

Test(report_go_duration, boundaries)
{
	cr_assert_str_eq(dur(1), "1ns");
	cr_assert_str_eq(dur(999), "999ns");
	cr_assert_str_eq(dur(1000), "1\xc2\xb5s");
	cr_assert_str_eq(dur(-1500), "-1.5\xc2\xb5s");
	cr_assert_str_eq(dur(999999999), "999.999999ms");
	cr_assert_str_eq(dur(1000000000), "1s");
	cr_assert_str_eq(dur(INT64_C(3599999999999)), "59m59.999999999s");
	cr_assert_str_eq(dur(INT64_C(812500)), "812.5\xc2\xb5s");
	cr_assert_str_eq(dur(INT64_C(15407122)), "15.407122ms");
}

static char *quote(const char *s, size_t len)
{
	static char out[512];
	struct strbuf sb = STRBUF_INIT;

	util_go_quote(&sb, s, len);
	cr_assert_lt(sb.len, sizeof(out));
	memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

#define Q(lit) quote(lit, sizeof(lit) - 1)

Test(report_go_quote, spec_example)
{
	cr_assert_str_eq(Q("CREATE TABLE \"x\" (\n  id int\n);"),
			 "\"CREATE TABLE \\\"x\\\" (\\n  id int\\n);\"");
	cr_assert_str_eq(Q("THIS IS A FAILING STATEMENT;"),
			 "\"THIS IS A FAILING STATEMENT;\"");
	cr_assert_str_eq(Q(""), "\"\"");
	cr_assert_str_eq(Q("back\\slash"), "\"back\\\\slash\"");
}

Test(report_go_quote, controls_and_escapes)
{
	cr_assert_str_eq(Q("\a\b\f\n\r\t\v"), "\"\\a\\b\\f\\n\\r\\t\\v\"");
	cr_assert_str_eq(Q("\x01\x1f\x7f"), "\"\\x01\\x1f\\x7f\"");
	cr_assert_str_eq(quote("a\0b", 3), "\"a\\x00b\"");
}

Test(report_go_quote, invalid_utf8_bytes)
{
	/* Each byte of an invalid sequence on its own, as Go's DecodeRune. */
	cr_assert_str_eq(Q("a\xff" "b"), "\"a\\xffb\"");
	cr_assert_str_eq(Q("\xc0\x80"), "\"\\xc0\\x80\"");
	cr_assert_str_eq(Q("\xed\xa0\x80"), "\"\\xed\\xa0\\x80\"");
	cr_assert_str_eq(Q("\xe2\x82"), "\"\\xe2\\x82\"");
	cr_assert_str_eq(Q("\xf4\x90\x80\x80"), "\"\\xf4\\x90\\x80\\x80\"");
}

Test(report_go_quote, unicode_printability)
{
	/* Non-printable: NBSP, BOM, zero-width space, a tag character. */
	cr_assert_str_eq(Q("\xc2\xa0"), "\"\\u00a0\"");
	cr_assert_str_eq(Q("\xef\xbb\xbf"), "\"\\ufeff\"");
	cr_assert_str_eq(Q("\xe2\x80\x8b"), "\"\\u200b\"");
	cr_assert_str_eq(Q("\xf3\xa0\x80\x81"), "\"\\U000e0001\"");
	cr_assert_str_eq(Q("\xc2\x85"), "\"\\u0085\"");
	cr_assert_str_eq(Q("\xee\x80\x80"), "\"\\ue000\""); /* private use */
	/* Printable: letters, emoji, the replacement character itself. */
	cr_assert_str_eq(Q("caf\xc3\xa9 \xf0\x9f\x98\x80 \xef\xbf\xbd"),
			 "\"caf\xc3\xa9 \xf0\x9f\x98\x80 \xef\xbf\xbd\"");
	/* U+31350 (CJK Ext. H) is assigned in Unicode 15.0, as in Go 1.21+. */
	cr_assert_str_eq(Q("\xf0\xb1\x8d\x90"), "\"\xf0\xb1\x8d\x90\"");
}

static char *quote_rune(uint32_t r)
{
	static char out[64];
	struct strbuf sb = STRBUF_INIT;

	util_go_quote_rune(&sb, r);
	memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

Test(report_go_quote, runes)
{
	cr_assert_str_eq(quote_rune('\''), "'\\''");
	cr_assert_str_eq(quote_rune('"'), "'\"'");
	cr_assert_str_eq(quote_rune('`'), "'`'");
	cr_assert_str_eq(quote_rune(0), "'\\x00'");
	cr_assert_str_eq(quote_rune(0xA0), "'\\u00a0'");
	cr_assert_str_eq(quote_rune(0xE9), "'\xc3\xa9'");
	cr_assert_str_eq(quote_rune(0x110000), "'\xef\xbf\xbd'");
}

static char *js(const char *s, size_t len)
{
	static char out[512];
	struct strbuf sb = STRBUF_INIT;

	util_json_string(&sb, s, len);
	memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

#define JS(lit) js(lit, sizeof(lit) - 1)

Test(report_json_string, escapes)
{
	cr_assert_str_eq(JS("CREATE TABLE t (c int CHECK (c > 0));"),
			 "\"CREATE TABLE t (c int CHECK (c \\u003e 0));\"");
	cr_assert_str_eq(JS("a<b>&c"), "\"a\\u003cb\\u003e\\u0026c\"");
	cr_assert_str_eq(JS("\"\\\n\r\t\b\f"), "\"\\\"\\\\\\n\\r\\t\\b\\f\"");
	cr_assert_str_eq(JS("\x01\x1f\x7f"), "\"\\u0001\\u001f\x7f\"");
	cr_assert_str_eq(js("\0", 1), "\"\\u0000\"");
	cr_assert_str_eq(JS("\xe2\x80\xa8\xe2\x80\xa9"), "\"\\u2028\\u2029\"");
	cr_assert_str_eq(JS("\xff \xc3\xa9 \xed\xa0\x80"),
			 "\"\\ufffd \xc3\xa9 \\ufffd\\ufffd\\ufffd\"");
	cr_assert_str_eq(JS("'single' `tick`"), "\"'single' `tick`\"");
}

static char *indent(const char *json, const char *prefix, const char *ind)
{
	static char out[1024];
	struct strbuf sb = STRBUF_INIT;

	report_json_indent(&sb, json, strlen(json), prefix, ind);
	cr_assert_lt(sb.len, sizeof(out));
	memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

Test(report_json_indent, marshal_indent_layout)
{
	const char *in = "{\"a\":[],\"b\":{},\"c\":[1,2],\"d\":{\"e\":\"x,y:{}\\\"[\"}}";

	cr_assert_str_eq(indent(in, "", "  "),
			 "{\n"
			 "  \"a\": [],\n"
			 "  \"b\": {},\n"
			 "  \"c\": [\n"
			 "    1,\n"
			 "    2\n"
			 "  ],\n"
			 "  \"d\": {\n"
			 "    \"e\": \"x,y:{}\\\"[\"\n"
			 "  }\n"
			 "}");
	cr_assert_str_eq(indent("{\"c\":[1,2]}", ">", "\t"),
			 "{\n>\t\"c\": [\n>\t\t1,\n>\t\t2\n>\t]\n>}");
	cr_assert_str_eq(indent("{}", "", "  "), "{}");
	cr_assert_str_eq(indent("\"s\"", "", "  "), "\"s\"");
}

static char *rfc(struct report_time t)
{
	static char out[64];
	struct strbuf sb = STRBUF_INIT;

	report_time_rfc3339(&sb, t);
	memcpy(out, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return out;
}

/* 2025-03-01T12:00:07Z */
#define T0 INT64_C(1740830407)

Test(report_time, rfc3339)
{
	struct report_time zero = { 0 };

	cr_assert_str_eq(rfc(report_time_at(T0 * 1000000000 + 123400000, 0)),
			 "2025-03-01T12:00:07.1234Z");
	cr_assert_str_eq(rfc(report_time_at(T0 * 1000000000 + 123400000, 7200)),
			 "2025-03-01T14:00:07.1234+02:00");
	cr_assert_str_eq(rfc(report_time_at(T0 * 1000000000 + 123400000, -19800)),
			 "2025-03-01T06:30:07.1234-05:30");
	cr_assert_str_eq(rfc(report_time_at(T0 * 1000000000, 0)), "2025-03-01T12:00:07Z");
	cr_assert_str_eq(rfc(report_time_at(-999999999, 0)),
			 "1969-12-31T23:59:59.000000001Z");
	cr_assert_str_eq(rfc(report_time_at(INT64_C(951782400) * 1000000000, 0)),
			 "2000-02-29T00:00:00Z");
	cr_assert_str_eq(rfc(zero), "0001-01-01T00:00:00Z");
}

Test(report_time, sub_like_go)
{
	struct report_time zero = { 0 };
	struct report_time a = report_time_at(T0 * 1000000000, 0);
	struct report_time b = report_time_at(T0 * 1000000000 + 1500, 3600);
	struct report_time now = report_time_now();
	struct report_time later = report_time_now();

	cr_assert_eq(report_time_sub(b, a), 1500);
	cr_assert_eq(report_time_sub(a, b), -1500);
	/* A time never set saturates, like Go's zero time. */
	cr_assert_eq(report_time_sub(zero, a), INT64_MIN);
	cr_assert_eq(report_time_sub(a, zero), INT64_MAX);
	cr_assert_eq(report_time_sub(zero, zero), 0);
	/* Monotonic readings win when both sides have one. */
	cr_assert(now.has_mono && later.has_mono);
	later.unix_ns = now.unix_ns - 1000000000; /* wall clock stepped back */
	cr_assert_geq(report_time_sub(later, now), 0);
}

Test(report_colour, decision)
{
	cr_assert(report_colour_enabled(true, NULL, "xterm-256color"));
	cr_assert(report_colour_enabled(true, "", NULL));
	cr_assert(!report_colour_enabled(false, NULL, "xterm"));
	cr_assert(!report_colour_enabled(true, "1", "xterm"));
	cr_assert(!report_colour_enabled(true, NULL, "dumb"));
}

Test(report_revision_type, names)
{
	static const struct {
		int64_t t;
		const char *s;
	} cases[] = {
		{ 1, "baseline" }, { 2, "applied" }, { 4, "manually set" },
		{ 6, "applied + manually set" }, { 0, "unknown (0000)" },
		{ 3, "unknown (0011)" }, { 8, "unknown (1000)" },
		{ 16, "unknown (10000)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		report_revision_type(&sb, cases[i].t);
		cr_assert_str_eq(sb.buf, cases[i].s);
		strbuf_release(&sb);
	}
}

Test(report_time, now_uses_local_offset)
{
	struct report_time t;
	struct strbuf sb = STRBUF_INIT;

	/* Criterion runs each test in its own process: TZ is ours to set. */
	setenv("TZ", "XST-2", 1);
	tzset();
	t = report_time_now();
	cr_assert(t.set && t.has_mono);
	cr_assert_eq(t.off_s, 7200);
	report_time_rfc3339(&sb, t);
	cr_assert(strstr(sb.buf, "+02:00") != NULL, "%s", sb.buf);
	strbuf_release(&sb);
	setenv("TZ", "UTC", 1);
	tzset();
	t = report_time_now();
	report_time_rfc3339(&sb, t);
	cr_assert_eq(sb.buf[sb.len - 1], 'Z');
	strbuf_release(&sb);
}
