#include <criterion/criterion.h>

#include "report/report.h"

static struct arena *arena;

static void setup(void)
{
	arena = arena_new();
}

static void teardown(void)
{
	arena_free(arena);
}

/* Runs fn(out) into a memory stream and returns what it wrote. */
#define CAPTURE(var, call)                                          \
	do {                                                        \
		char *buf_ = NULL;                                  \
		size_t len_ = 0;                                    \
		FILE *out = open_memstream(&buf_, &len_);           \
		call;                                               \
		fclose(out);                                        \
		var = arena_strndup(arena, buf_, len_);             \
		free(buf_);                                         \
	} while (0)

static const struct report_file files3[] = {
	{ "1.sql", "1", "", false },
	{ "2.sql", "2", "", false },
	{ "3.sql", "3", "", false },
};

static char *status_text(const struct report_status *s, bool colour)
{
	char *got;

	CAPTURE(got, report_status_text(out, s, colour));
	return got;
}

Test(report_status, clean, .init = setup, .fini = teardown)
{
	struct report_status s = {
		.available = files3, .navailable = 2,
		.pending = files3, .npending = 2,
		.current = "No migration applied yet", .next = "1", .status = "PENDING",
	};

	cr_assert_str_eq(status_text(&s, false),
			 "Migration Status: PENDING\n"
			 "  -- Current Version: No migration applied yet\n"
			 "  -- Next Version:    1\n"
			 "  -- Executed Files:  0\n"
			 "  -- Pending Files:   2\n");
}

static const struct report_revision revs[] = {
	{ "1", "", 2, 1, 1, { .set = true, .unix_ns = INT64_C(1740830400) * 1000000000 },
	  5000000, "", "", "Atlas CLI v0.30.0" },
	{ "2", "", 2, 1, 1, { .set = true, .unix_ns = INT64_C(1740830401) * 1000000000, .off_s = 3600 },
	  1234, "", "", "Atlas CLI v0.30.0" },
	{ "3", "partial", 2, 1, 2, { .set = true, .unix_ns = INT64_C(1740830402) * 1000000000 + 500 },
	  42, "near \"THIS\": syntax error", "THIS LINE ADDS A SYNTAX ERROR;", "atlas-c v0.1.0" },
};

Test(report_status, partial_last_revision, .init = setup, .fini = teardown)
{
	struct report_status s = {
		.available = files3, .navailable = 3,
		.pending = files3 + 2, .npending = 1,
		.applied = revs, .napplied = 3,
		.current = "3", .next = "3", .status = "PENDING",
		.count = 1, .total = 2,
		.sql = "THIS LINE ADDS A SYNTAX ERROR;", .error = "near \"THIS\": syntax error",
	};

	cr_assert_str_eq(status_text(&s, false),
			 "Migration Status: PENDING\n"
			 "  -- Current Version: 3 (1 statements applied)\n"
			 "  -- Next Version:    3 (1 statements left)\n"
			 "  -- Executed Files:  3 (last one partially)\n"
			 "  -- Pending Files:   1\n"
			 "\n"
			 "Last migration attempt had errors:\n"
			 "  -- SQL:   THIS LINE ADDS A SYNTAX ERROR;\n"
			 "  -- ERROR: near \"THIS\": syntax error\n");
	/* The file may now have fewer statements than were applied. */
	s.total = 1;
	s.count = 2;
	cr_assert(strstr(status_text(&s, false), "  -- Next Version:    3 (-1 statements left)\n") != NULL);
}

Test(report_status, out_of_order, .init = setup, .fini = teardown)
{
	static const struct report_file ooo[] = {
		{ "1.5.sql", "1.5", "", false },
		{ "1.6.sql", "1.6", "", false },
	};
	static const char msg[] = "migration files 1.5.sql, 1.6.sql were added out of order. "
				  "See: https://atlasgo.io/versioned/apply#non-linear-error";
	struct report_status s = {
		.out_of_order = ooo, .nout_of_order = 2,
		.pending = files3 + 2, .npending = 1,
		.applied = revs, .napplied = 2,
		.current = "2", .status = "PENDING", .error = msg,
	};

	cr_assert_str_eq(status_text(&s, false),
			 "Migration Status: PENDING\n"
			 "  -- Current Version: 2\n"
			 "  -- Next Version:    UNKNOWN\n"
			 "  -- Executed Files:  2\n"
			 "  -- Pending Files:   3 (2 out of order)\n"
			 "\n"
			 "  ERROR: migration files 1.5.sql, 1.6.sql were added out of order. "
			 "See: https://atlasgo.io/versioned/apply#non-linear-error\n");
	s.npending = 0;
	s.nout_of_order = 1;
	s.error = "migration file 1.5.sql was added out of order. "
		  "See: https://atlasgo.io/versioned/apply#non-linear-error";
	cr_assert(strstr(status_text(&s, false),
			 "  -- Pending Files:   1 (out of order)\n\n  ERROR: migration file 1.5.sql") != NULL);
}

Test(report_status, ok, .init = setup, .fini = teardown)
{
	struct report_status s = {
		.available = files3, .navailable = 3,
		.applied = revs, .napplied = 3,
		.current = "3", .next = "Already at latest version", .status = "OK",
	};

	cr_assert_str_eq(status_text(&s, false),
			 "Migration Status: OK\n"
			 "  -- Current Version: 3\n"
			 "  -- Next Version:    Already at latest version\n"
			 "  -- Executed Files:  3\n"
			 "  -- Pending Files:   0\n");
}

Test(report_status, checkpoint, .init = setup, .fini = teardown)
{
	static const struct report_file ck[] = {
		{ "2_checkpoint.sql", "2", "checkpoint", true },
		{ "3.sql", "3", "", false },
	};
	struct report_status s = {
		.available = ck, .navailable = 2, .pending = ck, .npending = 2,
		.current = "No migration applied yet", .next = "2", .status = "PENDING",
	};

	cr_assert(strstr(status_text(&s, false), "  -- Next Version:    2 (checkpoint)\n") != NULL);
	/* Only when nothing was applied yet. */
	s.applied = revs;
	s.napplied = 1;
	cr_assert(strstr(status_text(&s, false), "  -- Next Version:    2\n") != NULL);
}

Test(report_status, colours, .init = setup, .fini = teardown)
{
	struct report_status s = {
		.available = files3, .navailable = 3,
		.pending = files3 + 2, .npending = 1,
		.applied = revs, .napplied = 3,
		.current = "3", .next = "3", .status = "PENDING",
		.count = 1, .total = 2, .sql = "X;", .error = "boom",
	};
	char *got = status_text(&s, true);

	cr_assert(strstr(got, "Migration Status: \033[33mPENDING\033[0m\n") == got, "%s", got);
	cr_assert(strstr(got, "  \033[33m--\033[0m Current Version: \033[36m3\033[0m "
			      "(\033[33m1\033[0m statements applied)\n") != NULL);
	cr_assert(strstr(got, "  \033[33m--\033[0m \033[91mERROR:\033[0m boom\n") != NULL);
	s.status = "OK";
	s.total = 0;
	got = status_text(&s, true);
	cr_assert(strstr(got, "Migration Status: \033[92mOK\033[0m\n") == got);
}

Test(report_status, json, .init = setup, .fini = teardown)
{
	struct report_status s = {
		.env = { "postgres", "{\"Scheme\":\"postgres\"}", "file://migrations?format=atlas" },
		.available = files3, .navailable = 3,
		.pending = files3 + 2, .npending = 1,
		.applied = revs, .napplied = 3,
		.current = "3", .next = "3", .status = "PENDING",
		.count = 1, .total = 2,
		.sql = "THIS LINE ADDS A SYNTAX ERROR;", .error = "near \"THIS\": syntax error",
	};
	struct strbuf sb = STRBUF_INIT;

	report_status_json(&sb, &s);
	cr_assert_str_eq(sb.buf,
		"{\"Env\":{\"Driver\":\"postgres\",\"URL\":{\"Scheme\":\"postgres\"},"
		"\"Dir\":\"file://migrations?format=atlas\"},"
		"\"Available\":[{\"Name\":\"1.sql\",\"Version\":\"1\"},{\"Name\":\"2.sql\",\"Version\":\"2\"},"
		"{\"Name\":\"3.sql\",\"Version\":\"3\"}],"
		"\"Pending\":[{\"Name\":\"3.sql\",\"Version\":\"3\"}],"
		"\"Applied\":["
		"{\"Version\":\"1\",\"Description\":\"\",\"Type\":\"applied\",\"Applied\":1,\"Total\":1,"
		"\"ExecutedAt\":\"2025-03-01T12:00:00Z\",\"ExecutionTime\":5000000,"
		"\"OperatorVersion\":\"Atlas CLI v0.30.0\"},"
		"{\"Version\":\"2\",\"Description\":\"\",\"Type\":\"applied\",\"Applied\":1,\"Total\":1,"
		"\"ExecutedAt\":\"2025-03-01T13:00:01+01:00\",\"ExecutionTime\":1234,"
		"\"OperatorVersion\":\"Atlas CLI v0.30.0\"},"
		"{\"Version\":\"3\",\"Description\":\"partial\",\"Type\":\"applied\",\"Applied\":1,\"Total\":2,"
		"\"ExecutedAt\":\"2025-03-01T12:00:02.0000005Z\",\"ExecutionTime\":42,"
		"\"Error\":\"near \\\"THIS\\\": syntax error\","
		"\"ErrorStmt\":\"THIS LINE ADDS A SYNTAX ERROR;\",\"OperatorVersion\":\"atlas-c v0.1.0\"}],"
		"\"Current\":\"3\",\"Next\":\"3\",\"Count\":1,\"Total\":2,\"Status\":\"PENDING\","
		"\"Error\":\"near \\\"THIS\\\": syntax error\",\"SQL\":\"THIS LINE ADDS A SYNTAX ERROR;\"}");
	strbuf_release(&sb);

	/* Empty status: Env stays, everything else is omitted. */
	struct report_status empty = { 0 };

	report_status_json(&sb, &empty);
	cr_assert_str_eq(sb.buf, "{\"Env\":{}}");
	strbuf_release(&sb);
}

Test(report_status, print_with_indent_template, .init = setup, .fini = teardown)
{
	struct report_status s = {
		.available = files3, .navailable = 1,
		.current = "1", .next = "Already at latest version", .status = "OK",
	};
	struct report_format fmt;
	struct diags d;
	char *got;

	diags_init(&d, arena);
	cr_assert_eq(report_format_parse(&fmt, arena, "{{ json . \"  \" }}", &d), 0);
	CAPTURE(got, report_status_print(out, &s, &fmt, true));
	cr_assert_str_eq(got,
			 "{\n"
			 "  \"Env\": {},\n"
			 "  \"Available\": [\n"
			 "    {\n"
			 "      \"Name\": \"1.sql\",\n"
			 "      \"Version\": \"1\"\n"
			 "    }\n"
			 "  ],\n"
			 "  \"Current\": \"1\",\n"
			 "  \"Next\": \"Already at latest version\",\n"
			 "  \"Status\": \"OK\"\n"
			 "}");
	CAPTURE(got, report_status_print(out, &s, NULL, false));
	cr_assert(strncmp(got, "Migration Status: OK\n", 21) == 0);
}

/* ---- set ---------------------------------------------------------------- */

static char *set_text(const struct report_set *s, bool colour)
{
	char *got;

	CAPTURE(got, report_set_text(out, s, colour));
	return got;
}

Test(report_set, upstream_cases, .init = setup, .fini = teardown)
{
	struct report_set_rev rows[] = {
		{ "2", "", true },
		{ "3", "desc", true },
		{ "1.1", "desc", false },
	};
	struct report_set s = { rows, 0, "1" };

	cr_assert_str_eq(set_text(&s, false), "");
	s.nrevs = 2;
	cr_assert_str_eq(set_text(&s, false),
			 "Current version is 1 (2 removed):\n\n  - 2\n  - 3 (desc)\n\n");
	s.nrevs = 3;
	cr_assert_str_eq(set_text(&s, false),
			 "Current version is 1 (1 set, 2 removed):\n\n"
			 "  + 1.1 (desc)\n  - 2\n  - 3 (desc)\n\n");
	s.current = NULL;
	s.nrevs = 2;
	cr_assert_str_eq(set_text(&s, false),
			 "All revisions deleted (2 in total):\n\n  - 2\n  - 3 (desc)\n\n");
}

Test(report_set, spec_example_and_colours, .init = setup, .fini = teardown)
{
	struct report_set_rev rows[] = {
		{ "20220318104615", "second", true },
		{ "1", "baseline", false },
		{ "20220318104614", "initial", true },
	};
	struct report_set s = { rows, 3, "1" };

	cr_assert_str_eq(set_text(&s, false),
			 "Current version is 1 (1 set, 2 removed):\n"
			 "\n"
			 "  + 1 (baseline)\n"
			 "  - 20220318104614 (initial)\n"
			 "  - 20220318104615 (second)\n"
			 "\n");
	cr_assert_str_eq(set_text(&s, true),
			 "Current version is \033[36m1\033[0m (1 set, 2 removed):\n"
			 "\n"
			 "  \033[92m+\033[0m 1 (baseline)\n"
			 "  \033[91m-\033[0m 20220318104614 (initial)\n"
			 "  \033[91m-\033[0m 20220318104615 (second)\n"
			 "\n");
	rows[0].removed = false;
	rows[2].removed = false;
	cr_assert(strncmp(set_text(&s, false), "Current version is 1 (3 set):\n", 30) == 0);
}

/* ---- notices ------------------------------------------------------------ */

Test(report_notices, checksum, .init = setup, .fini = teardown)
{
	char *got;

	CAPTURE(got, report_checksum_error(out, 3, "2_second.sql", "added", false));
	cr_assert_str_eq(got,
			 "You have a checksum error in your migration directory.\n"
			 "\n"
			 "\tL3: 2_second.sql was added\n"
			 "\n"
			 "Please check your migration files and run 'atlas migrate hash' to re-hash the contents\n"
			 "\n");
	CAPTURE(got, report_checksum_error(out, 0, NULL, NULL, true));
	cr_assert_str_eq(got,
			 "You have a checksum error in your migration directory.\n"
			 "Please check your migration files and run \033[36m'atlas migrate hash'\033[0m "
			 "to re-hash the contents\n"
			 "\n");
}

Test(report_notices, ambiguous_and_interrupt, .init = setup, .fini = teardown)
{
	char *got;

	CAPTURE(got, report_ambiguous_revisions(out));
	cr_assert(strncmp(got, "We couldn't find a revision table in the connected schema but found one in \n"
			       "the schema 'atlas_schema_revisions' and cannot determine the desired behavior.\n\n",
			  156) == 0, "%s", got);
	cr_assert(strstr(got, "\nschema if it is unused.\n\n") != NULL);
	cr_assert_eq(strlen(got), 416);
	cr_assert_str_eq(REPORT_INTERRUPT_NOTICE,
			 "\ninterrupt received, wait for exit or ^C to terminate\n");
}
