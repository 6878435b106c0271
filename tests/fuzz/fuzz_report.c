/*
 * Fuzz target for src/report: the input is used as a --format template and
 * as a string to encode.  Checks that the template parser either accepts
 * or reports exactly one error; that Go JSON and Go quoted strings come out
 * as valid UTF-8 without raw control bytes; and that json.Indent only adds
 * whitespace (removing it outside strings gives back the compact form).
 */
#include <stdint.h>

#include "report/internal.h"

static bool valid_clean_utf8(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t r;
		size_t w = util_utf8_decode(&r, (const unsigned char *)s + i, len - i);

		if (r == UTIL_RUNE_INVALID || r < 0x20)
			return false;
		i += w;
	}
	return true;
}

/* The compact form of indented JSON: whitespace outside strings dropped. */
static void compact(struct strbuf *out, const char *s, size_t len)
{
	bool in_string = false, escaped = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '>') {
			continue;
		}
		strbuf_addch(out, c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct arena *a = arena_new();
	struct diags d;
	struct report_format fmt;
	struct strbuf js = STRBUF_INIT, doc = STRBUF_INIT, ind = STRBUF_INIT,
		      back = STRBUF_INIT, q = STRBUF_INIT;
	char *s = arena_strndup(a, (const char *)data, size);

	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	diags_init(&d, a);
	if (report_format_parse(&fmt, a, s, &d) == 0) {
		if (devnull != NULL)
			report_format_print(devnull, &fmt, "{\"a\":[1,{}]}", 12);
	} else if (d.errors != 1) {
		abort();
	}

	util_json_string(&js, (const char *)data, size);
	if (!valid_clean_utf8(js.buf, js.len))
		abort();
	strbuf_addf(&doc, "[%s,{\"k\":%s,\"e\":[]}]", js.buf, js.buf);
	report_json_indent(&ind, doc.buf, doc.len, ">", "\t");
	compact(&back, ind.buf, ind.len);
	if (back.len != doc.len || memcmp(back.buf, doc.buf, doc.len) != 0)
		abort();

	util_go_quote(&q, (const char *)data, size);
	if (!valid_clean_utf8(q.buf, q.len) || q.buf[0] != '"' || q.buf[q.len - 1] != '"')
		abort();

	strbuf_release(&js);
	strbuf_release(&doc);
	strbuf_release(&ind);
	strbuf_release(&back);
	strbuf_release(&q);
	arena_free(a);
	return 0;
}
