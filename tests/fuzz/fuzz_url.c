/*
 * Fuzz target for database URL parsing (src/driver/url.c): Go net/url
 * rules, redaction, the JSON URL object and query look-ups must never
 * crash, and the JSON object must never hold a raw control byte.  The
 * same bytes also feed the PG single-command lexer (postgres.c), which
 * reads statement slices without a terminating NUL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy so that ASan sees any read past the slice. */
	char *slice = malloc(size ? size : 1);
	memcpy(slice, data, size);
	(void)driver_pg_single_command(slice, size);
	free(slice);

	struct arena *a = arena_new();
	char *raw = arena_strndup(a, (const char *)data, size);
	struct diags d;
	struct db_url u;

	diags_init(&d, a);
	if (driver_url_parse(&u, a, raw, &d) == 0) {
		struct strbuf sb = STRBUF_INIT;

		(void)driver_url_redacted(a, &u);
		(void)driver_url_string(a, &u);
		(void)driver_query_get(a, u.raw_query, "search_path");
		driver_url_json(&sb, &u);
		for (size_t i = 0; i < sb.len; i++)
			if ((unsigned char)sb.buf[i] < 0x20)
				abort();
		strbuf_release(&sb);
		if (u.kind == DRIVER_SQLITE)
			(void)driver_sqlite_lock_path(a, &u, DRIVER_LOCK_NAME);
	} else if (!d.head || !d.head->summary[0]) {
		abort();
	}
	arena_free(a);
	return 0;
}
