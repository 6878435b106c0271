/*
 * status: the `migrate status` report (spec migrate.md §6.4, §6.6).  The
 * status command computes every field (revisions, pending files, the
 * partial-revision counts); this file renders upstream's default template
 * and the JSON object from them and decides nothing else.
 */
#include "report/internal.h"

void report_revision_type(struct strbuf *sb, int64_t type)
{
	int bit;

	switch (type) {
	case 1:
		strbuf_addstr(sb, "baseline");
		return;
	case 2:
		strbuf_addstr(sb, "applied");
		return;
	case 4:
		strbuf_addstr(sb, "manually set");
		return;
	case 6:
		strbuf_addstr(sb, "applied + manually set");
		return;
	}
	/* Go's fmt %04b of the unsigned value. */
	strbuf_addstr(sb, "unknown (");
	for (bit = 63; bit > 3 && !(((uint64_t)type >> bit) & 1); bit--)
		;
	for (; bit >= 0; bit--)
		strbuf_addch(sb, (((uint64_t)type >> bit) & 1) ? '1' : '0');
	strbuf_addch(sb, ')');
}

/* cmdlog MigrateStatus.FromCheckpoint. */
static bool from_checkpoint(const struct report_status *s)
{
	if (s->napplied > 0 || s->npending == 0 || report_empty(s->next))
		return false;
	return strcmp(s->pending[0].version, s->next) == 0 && s->pending[0].checkpoint;
}

static void dashes(struct strbuf *sb, bool colour)
{
	strbuf_addstr(sb, "  ");
	report_colour_str(sb, colour, REPORT_YELLOW, "--");
}

static void yellow_int(struct strbuf *sb, bool colour, long long v)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%lld", v);

	report_colour(sb, colour, REPORT_YELLOW, num, (size_t)n);
}

void report_status_text(FILE *out, const struct report_status *s, bool colour)
{
	struct strbuf sb = STRBUF_INIT;
	const char *status = s->status != NULL ? s->status : "";

	strbuf_addstr(&sb, "Migration Status:");
	if (strcmp(status, "OK") == 0) {
		strbuf_addch(&sb, ' ');
		report_colour_str(&sb, colour, REPORT_GREEN, status);
	} else if (strcmp(status, "PENDING") == 0) {
		strbuf_addch(&sb, ' ');
		report_colour_str(&sb, colour, REPORT_YELLOW, status);
	}
	strbuf_addch(&sb, '\n');

	dashes(&sb, colour);
	strbuf_addstr(&sb, " Current Version: ");
	report_colour_str(&sb, colour, REPORT_CYAN, s->current != NULL ? s->current : "");
	if (s->total > 0) {
		strbuf_addstr(&sb, " (");
		yellow_int(&sb, colour, s->count);
		strbuf_addstr(&sb, " statements applied)");
	}
	strbuf_addch(&sb, '\n');

	dashes(&sb, colour);
	strbuf_addstr(&sb, " Next Version:    ");
	if (!report_empty(s->next)) {
		report_colour_str(&sb, colour, REPORT_CYAN, s->next);
		if (from_checkpoint(s))
			strbuf_addstr(&sb, " (checkpoint)");
	} else {
		strbuf_addstr(&sb, "UNKNOWN");
	}
	if (s->total > 0) {
		strbuf_addstr(&sb, " (");
		yellow_int(&sb, colour, s->total - s->count);
		strbuf_addstr(&sb, " statements left)");
	}
	strbuf_addch(&sb, '\n');

	dashes(&sb, colour);
	strbuf_addf(&sb, " Executed Files:  %zu", s->napplied);
	if (s->total > 0)
		strbuf_addstr(&sb, " (last one partially)");
	strbuf_addch(&sb, '\n');

	dashes(&sb, colour);
	strbuf_addf(&sb, " Pending Files:   %zu", s->npending + s->nout_of_order);
	if (s->nout_of_order > 0) {
		strbuf_addstr(&sb, " (");
		if (s->npending > 0)
			strbuf_addf(&sb, "%zu ", s->nout_of_order);
		strbuf_addstr(&sb, "out of order)");
	}

	if (s->total > 0) {
		strbuf_addstr(&sb, "\n\nLast migration attempt had errors:\n");
		dashes(&sb, colour);
		strbuf_addf(&sb, " SQL:   %s\n", s->sql != NULL ? s->sql : "");
		dashes(&sb, colour);
		strbuf_addch(&sb, ' ');
		report_colour_str(&sb, colour, REPORT_RED, "ERROR:");
		strbuf_addf(&sb, " %s", s->error != NULL ? s->error : "");
	} else if (s->nout_of_order > 0 && !report_empty(s->error)) {
		strbuf_addstr(&sb, "\n\n  ");
		report_colour_str(&sb, colour, REPORT_RED, "ERROR:");
		strbuf_addf(&sb, " %s", s->error);
	}
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

static void json_revision(struct strbuf *sb, const struct report_revision *rv)
{
	bool first = true;
	struct strbuf type = STRBUF_INIT;

	strbuf_addch(sb, '{');
	report_json_key(sb, &first, "Version");
	util_json_string(sb, rv->version, strlen(rv->version));
	report_json_key(sb, &first, "Description");
	util_json_string(sb, rv->description, strlen(rv->description));
	report_json_key(sb, &first, "Type");
	report_revision_type(&type, rv->type);
	util_json_string(sb, type.buf, type.len);
	strbuf_release(&type);
	report_json_key(sb, &first, "Applied");
	strbuf_addf(sb, "%lld", (long long)rv->applied);
	report_json_key(sb, &first, "Total");
	strbuf_addf(sb, "%lld", (long long)rv->total);
	report_json_key(sb, &first, "ExecutedAt");
	report_json_time(sb, rv->executed_at);
	report_json_key(sb, &first, "ExecutionTime");
	strbuf_addf(sb, "%lld", (long long)rv->execution_time);
	report_json_key_str(sb, &first, "Error", rv->error);
	report_json_key_str(sb, &first, "ErrorStmt", rv->error_stmt);
	report_json_key(sb, &first, "OperatorVersion");
	util_json_string(sb, rv->operator_version != NULL ? rv->operator_version : "",
			   rv->operator_version != NULL ? strlen(rv->operator_version) : 0);
	strbuf_addch(sb, '}');
}

void report_status_json(struct strbuf *sb, const struct report_status *s)
{
	bool first = true, efirst = true;
	size_t i;

	strbuf_addch(sb, '{');
	report_json_key(sb, &first, "Env");
	strbuf_addch(sb, '{');
	report_json_env_fields(sb, &efirst, &s->env);
	strbuf_addch(sb, '}');
	if (s->navailable > 0) {
		report_json_key(sb, &first, "Available");
		report_json_files(sb, s->available, s->navailable);
	}
	if (s->nout_of_order > 0) {
		report_json_key(sb, &first, "OutOfOrder");
		report_json_files(sb, s->out_of_order, s->nout_of_order);
	}
	if (s->npending > 0) {
		report_json_key(sb, &first, "Pending");
		report_json_files(sb, s->pending, s->npending);
	}
	if (s->napplied > 0) {
		report_json_key(sb, &first, "Applied");
		strbuf_addch(sb, '[');
		for (i = 0; i < s->napplied; i++) {
			if (i > 0)
				strbuf_addch(sb, ',');
			json_revision(sb, &s->applied[i]);
		}
		strbuf_addch(sb, ']');
	}
	report_json_key_str(sb, &first, "Current", s->current);
	report_json_key_str(sb, &first, "Next", s->next);
	if (s->count != 0) {
		report_json_key(sb, &first, "Count");
		strbuf_addf(sb, "%lld", (long long)s->count);
	}
	if (s->total != 0) {
		report_json_key(sb, &first, "Total");
		strbuf_addf(sb, "%lld", (long long)s->total);
	}
	report_json_key_str(sb, &first, "Status", s->status);
	report_json_key_str(sb, &first, "Error", s->error);
	report_json_key_str(sb, &first, "SQL", s->sql);
	strbuf_addch(sb, '}');
}

void report_status_print(FILE *out, const struct report_status *s,
			 const struct report_format *fmt, bool colour)
{
	struct strbuf sb = STRBUF_INIT;

	if (fmt == NULL || fmt->kind == REPORT_FORMAT_TEXT) {
		report_status_text(out, s, colour);
		return;
	}
	report_status_json(&sb, s);
	report_format_print(out, fmt, sb.buf, sb.len);
	strbuf_release(&sb);
}
