/*
 * Value tests: cty's conversion rules and error wording (spec §3.2/§3.3),
 * friendly type names, number text, equality, sets and JSON.
 */
#include "hcl_test.h"

#include <string.h>

static struct arena *A;

static void setup(void)
{
	A = arena_new();
}

static void teardown(void)
{
	arena_free(A);
}

TestSuite(hcl_value, .init = setup, .fini = teardown);

static const char *conv(struct hcl_value *v, const struct hcl_type *t)
{
	struct hcl_value *out;
	const char *err;
	if (hcl_value_convert(&out, A, v, t, &err) < 0)
		return arena_printf(A, "ERR %s", err);
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(hcl_value_json(&sb, out, 0, 0, &err), 0);
	char *r = arena_printf(A, "%s %s", hcl_type_friendly(A, out->type), sb.buf);
	strbuf_release(&sb);
	return r;
}

static struct hcl_value *s(const char *x)
{
	return hcl_value_cstr(A, x);
}

Test(hcl_value, string_to_number)
{
	const char *ok[] = { "42", "1.5", "1e3", "+5", ".5" };
	const char *want[] = { "number 42", "number 1.5", "number 1000", "number 5", "number 0.5" };
	for (size_t i = 0; i < ARRAY_LEN(ok); i++)
		cr_assert_str_eq(conv(s(ok[i]), &hcl_type_number), want[i], "%s", ok[i]);
	const char *bad[] = { " 5", "0x10", "1_000", "", "abc" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		cr_assert_str_eq(conv(s(bad[i]), &hcl_type_number), "ERR a number is required", "%s", bad[i]);
	struct hcl_value *out;
	const char *err;
	cr_assert_eq(hcl_value_convert(&out, A, s("Inf"), &hcl_type_number, &err), 0);
	cr_assert(hcl_num_is_inf(out->u.num));
}

Test(hcl_value, string_to_bool)
{
	cr_assert_str_eq(conv(s("true"), &hcl_type_bool), "bool true");
	cr_assert_str_eq(conv(s("1"), &hcl_type_bool), "bool true");
	cr_assert_str_eq(conv(s("0"), &hcl_type_bool), "bool false");
	cr_assert_str_eq(conv(s("True"), &hcl_type_bool),
			 "ERR a bool is required; to convert from string, use lowercase \"true\"");
	cr_assert_str_eq(conv(s("yes"), &hcl_type_bool), "ERR a bool is required");
}

Test(hcl_value, structural_mismatches)
{
	struct hcl_value *items[] = { s("a"), s("b") };
	struct hcl_value *list = hcl_value_list(A, &hcl_type_string, 2, items);
	cr_assert_str_eq(conv(list, &hcl_type_string), "ERR string required");
	cr_assert_str_eq(conv(s("x"), hcl_type_map(A, &hcl_type_string)), "ERR map of string required");
	cr_assert_str_eq(conv(s("1"), hcl_type_list(A, &hcl_type_number)), "ERR list of number required");
	cr_assert_str_eq(conv(s("x"), hcl_type_set(A, &hcl_type_string)), "ERR set of string required");
	cr_assert_str_eq(conv(list, hcl_type_set(A, &hcl_type_string)), "set of string [\"a\",\"b\"]");
	cr_assert_str_eq(conv(hcl_value_int(A, 5432), &hcl_type_string), "string \"5432\"");
	cr_assert_str_eq(conv(hcl_value_bool(A, true), &hcl_type_string), "string \"true\"");
	const char *names[] = { "host", "port" };
	const struct hcl_type *ts[] = { &hcl_type_string, &hcl_type_number };
	const struct hcl_type *obj = hcl_type_object(A, 2, names, ts);
	struct str k[] = { STR_LIT("host") };
	struct hcl_value *v[] = { s("h") };
	cr_assert_str_eq(conv(hcl_value_object(A, 1, k, v), obj), "ERR attribute \"port\" is required");
	cr_assert_str_eq(hcl_type_expr_text(A, obj), "object({host=string,port=number})");
}

Test(hcl_value, friendly_names)
{
	cr_assert_str_eq(hcl_type_friendly(A, hcl_type_list(A, &hcl_type_string)), "list of string");
	cr_assert_str_eq(hcl_type_friendly(A, hcl_type_map(A, &hcl_type_string)), "map of string");
	cr_assert_str_eq(hcl_type_friendly(A, &hcl_type_dynamic), "dynamic");
	struct hcl_value *t = hcl_value_tuple(A, 0, NULL);
	cr_assert_str_eq(hcl_type_friendly(A, t->type), "tuple");
}

Test(hcl_value, numbers_print_like_cty)
{
	const char *in[] = { "5432", "2.50", "007", "1e30", "1e-30", "0.1", "123456789012345678901234567890" };
	const char *want[] = { "5432", "2.5", "7", "1000000000000000000000000000000",
			       "0.000000000000000000000000000001", "0.1", "123456789012345678901234567890" };
	for (size_t i = 0; i < ARRAY_LEN(in); i++) {
		const struct hcl_num *n = hcl_num_parse(A, in[i], strlen(in[i]), false);
		cr_assert_not_null(n, "%s", in[i]);
		cr_assert_str_eq(hcl_num_text(A, n), want[i]);
	}
	cr_assert_null(hcl_num_parse(A, "1.2.3", 5, false));
	cr_assert_null(hcl_num_parse(A, "1e999999999", 11, false), "capped, not exhausting memory");
	const char *err;
	const struct hcl_num *third = hcl_num_arith(A, '/', hcl_num_from_int(A, 1), hcl_num_from_int(A, 3), &err);
	cr_assert_str_eq(hcl_num_text(A, third), "0.33333333333333333334", "64-bit precision like cty's int values");
	cr_assert_str_eq(hcl_num_text(A, hcl_num_from_double(A, 0.1)), "0.1");
	long long i;
	cr_assert_eq(hcl_value_as_int64(&i, hcl_value_int(A, -12)), 0);
	cr_assert_eq(i, -12);
}

Test(hcl_value, equality_and_sets)
{
	cr_assert(!hcl_value_equal(s("1"), hcl_value_int(A, 1)), "type-sensitive");
	cr_assert(hcl_value_equal(s("e\xcc\x81"), s("\xc3\xa9")), "NFC normalised");
	struct hcl_value *items[] = { s("b"), s("a"), s("b") };
	struct hcl_value *set = hcl_value_set(A, &hcl_type_string, 3, items);
	cr_assert_eq(set->u.c.n, 2);
	cr_assert(str_eq(set->u.c.items[0]->u.s, "a"));
	struct hcl_value *nums[] = { hcl_value_int(A, 10), hcl_value_int(A, 9) };
	struct hcl_value *ns = hcl_value_set(A, &hcl_type_number, 2, nums);
	cr_assert_str_eq(hcl_num_text(A, ns->u.c.items[0]->u.num), "9", "numeric order");
}

Test(hcl_value, json_both_ways)
{
	const char *in = "{\"b\": [1, 2.50, \"x\\u003c\", null, true], \"a\": {\"k\": \"\\u00e9\\n\"}}";
	struct hcl_value *v;
	const char *err;
	cr_assert_eq(hcl_value_from_json(&v, A, in, strlen(in), &err), 0, "%s", err);
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(hcl_value_json(&sb, v, 0, 0, &err), 0);
	cr_assert_str_eq(sb.buf, "{\"a\":{\"k\":\"\xc3\xa9\\n\"},\"b\":[1,2.5,\"x<\",null,true]}");
	strbuf_reset(&sb);
	cr_assert_eq(hcl_value_json(&sb, hcl_value_get(v, "a"), 2, 0, &err), 0);
	cr_assert_str_eq(sb.buf, "{\n  \"k\": \"\xc3\xa9\\n\"\n}");
	strbuf_release(&sb);
	cr_assert_eq(hcl_value_from_json(&v, A, "{\"a\":", 5, &err), -1);
	strbuf_init(&sb);
	hcl_json_string(&sb, "\x01\xe2\x80\xa8", 4);
	cr_assert_str_eq(sb.buf, "\"\\u0001\\u2028\"");
	strbuf_release(&sb);
}
