/*
 * Fuzz target for the statement splitter (src/migrate/split.c) and the
 * header-directive parser: the first byte picks the scanner options, the
 * rest is the file.  Checks that every statement lies inside the input, in
 * order, and that the streaming and collected forms agree.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "migrate/migrate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct diags d;
	struct migrate_split_opts o = { 0 };
	struct migrate_stmt *s, st;
	struct migrate_splitter *sp;
	struct migrate_file f = { 0 };
	const char *in;
	size_t n, len, k = 0;
	int r;

	if (size < 1)
		return 0;
	o.match_begin = data[0] & 1;
	o.match_begin_atomic = data[0] & 2;
	o.match_dollar_quote = data[0] & 4;
	o.backslash_escapes = data[0] & 8;
	o.escaped_string_ext = data[0] & 16;
	o.hash_comments = data[0] & 32;
	o.pg_estring_retry = data[0] & 64;
	o.omit_delimiter = data[0] & 128;
	a = arena_new();
	diags_init(&d, a);
	/* a private copy so that reads past the end are caught by ASan */
	len = size - 1;
	in = arena_memdup(a, data + 1, len);

	migrate_file_parse_header(&f, a, in, len);
	r = migrate_split(&s, &n, a, in, len, &o, &d);
	if (r == 0) {
		size_t prev = 0;
		for (size_t i = 0; i < n; i++) {
			assert(s[i].text.p >= in && s[i].text.p + s[i].text.len <= in + len);
			assert(s[i].pos >= prev);
			prev = s[i].pos;
		}
		char **h = migrate_stmt_hashes(a, s, n);
		(void)h;
	} else {
		assert(d.head && d.head->summary);
	}
	/* the fast paths and the memo must not change anything (the
	 * reference scan is exponential in unmatched BEGINs: keep few) */
	size_t begins = 0;
	for (size_t i = 0; i + 5 <= len; i++)
		if ((in[i] | 0x20) == 'b' && (in[i + 1] | 0x20) == 'e' && (in[i + 2] | 0x20) == 'g' &&
		    (in[i + 3] | 0x20) == 'i' && (in[i + 4] | 0x20) == 'n')
			begins++;
	if (begins <= 10) {
		struct migrate_split_opts ro = o;
		struct migrate_stmt *rs;
		size_t rn;
		struct diags rd;
		diags_init(&rd, a);
		ro.reference = true;
		int rr = migrate_split(&rs, &rn, a, in, len, &ro, &rd);
		assert(rr == r);
		if (r == 0) {
			assert(rn == n);
			for (size_t i = 0; i < n; i++)
				assert(rs[i].text.p == s[i].text.p && rs[i].text.len == s[i].text.len);
		} else {
			assert(strcmp(rd.head->summary, d.head->summary) == 0);
		}
	}
	if (!o.pg_estring_retry) {
		sp = migrate_splitter_new(a, in, len, &o);
		while ((r = migrate_splitter_next(&st, sp, &d)) == 1)
			k++;
		migrate_splitter_release(sp);
		if (r == 0)
			assert(k == n);
	}
	arena_free(a);
	return 0;
}
