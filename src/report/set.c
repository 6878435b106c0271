/*
 * set: the `migrate set` report (spec migrate.md §6.5) and the fixed
 * notices other commands print on stdout: the checksum problem (§2.6) and
 * the ambiguous revision table (§5.1).  The set command decides which rows
 * were set or removed; this file only sorts and prints them.
 */
#include "report/internal.h"

/* Whether revision i sorts before revision j: by version, ties in input
 * order, so that the order is total and deterministic. */
static bool rev_before(const struct report_set *s, size_t i, size_t j)
{
	int c = strcmp(s->revs[i].version, s->revs[j].version);

	return c < 0 || (c == 0 && i < j);
}

void report_set_text(FILE *out, const struct report_set *s, bool colour)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, prev = 0, nset = 0, nremoved = 0;

	if (s->nrevs == 0)
		return;
	for (i = 0; i < s->nrevs; i++) {
		if (s->revs[i].removed)
			nremoved++;
		else
			nset++;
	}
	if (s->current == NULL) {
		strbuf_addf(&sb, "All revisions deleted (%zu in total):\n", s->nrevs);
	} else {
		strbuf_addstr(&sb, "Current version is ");
		report_colour_str(&sb, colour, REPORT_CYAN, s->current);
		strbuf_addstr(&sb, " (");
		if (nset > 0)
			strbuf_addf(&sb, "%zu set", nset);
		if (nset > 0 && nremoved > 0)
			strbuf_addstr(&sb, ", ");
		if (nremoved > 0)
			strbuf_addf(&sb, "%zu removed", nremoved);
		strbuf_addstr(&sb, "):\n");
	}
	strbuf_addch(&sb, '\n');
	/* Selection by version without allocating: set reports are small
	 * (one row per revision touched) and this cannot fail. */
	for (k = 0; k < s->nrevs; k++) {
		const struct report_set_rev *rv;
		size_t best = s->nrevs;

		for (i = 0; i < s->nrevs; i++) {
			if (k > 0 && !rev_before(s, prev, i))
				continue;
			if (best == s->nrevs || rev_before(s, i, best))
				best = i;
		}
		prev = best;
		rv = &s->revs[best];
		strbuf_addstr(&sb, "  ");
		if (rv->removed)
			report_colour_str(&sb, colour, REPORT_RED, "-");
		else
			report_colour_str(&sb, colour, REPORT_GREEN, "+");
		strbuf_addf(&sb, " %s", rv->version);
		if (!report_empty(rv->description))
			strbuf_addf(&sb, " (%s)", rv->description);
		strbuf_addch(&sb, '\n');
	}
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

void report_checksum_error(FILE *out, unsigned line, const char *file,
			   const char *reason, bool colour)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "You have a checksum error in your migration directory.\n");
	if (line > 0)
		strbuf_addf(&sb, "\n\tL%u: %s was %s\n\n", line, file != NULL ? file : "",
			    reason != NULL ? reason : "");
	strbuf_addstr(&sb, "Please check your migration files and run ");
	report_colour_str(&sb, colour, REPORT_CYAN, "'atlas migrate hash'");
	strbuf_addstr(&sb, " to re-hash the contents\n\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

void report_ambiguous_revisions(FILE *out)
{
	fputs("We couldn't find a revision table in the connected schema but found one in \n"
	      "the schema 'atlas_schema_revisions' and cannot determine the desired behavior.\n"
	      "\n"
	      "As a safety guard, we require you to specify whether to use the existing\n"
	      "table in 'atlas_schema_revisions' or create a new one in the connected schema\n"
	      "by providing the '--revisions-schema' flag or deleting the 'atlas_schema_revisions'\n"
	      "schema if it is unused.\n"
	      "\n",
	      out);
}
