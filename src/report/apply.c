/*
 * apply: the `migrate apply` report (spec migrate.md §6.3, §6.6).  The
 * executor records upstream's log entries into a struct report_apply
 * (intro, file, stmt, error, done) and the cli renders it once the run is
 * over, in the default text layout or as JSON; the text layout can also be
 * streamed while the run goes on.  Text follows upstream's template line by
 * line, including its quirks (an error raised before a file starts is shown
 * on the previous file; a run never marked done shows saturated durations).
 * Deciding what happened, and when, is the executor's business; this file
 * only keeps the record and formats it.
 */
#include "report/internal.h"
#include <errno.h>
#include <unistd.h>

/* ---- recording -------------------------------------------------------- */

void report_apply_init(struct report_apply *r, struct arena *a,
		       const struct report_env *env, struct report_time now)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	if (env != NULL)
		r->env = *env;
	r->current = "";
	r->target = "";
	r->start = now;
}

static void write_sb(FILE *out, struct strbuf *sb)
{
	if (sb->len > 0)
		fwrite(sb->buf, 1, sb->len, out);
	strbuf_reset(sb);
}

/*
 * Many lines at once.  A line-buffered stream (stdout here) still writes
 * most of a large fwrite line by line, so the stream is flushed and the
 * block goes to its descriptor in one write(2); a stream without one, or
 * a failed write, goes through stdio, which keeps its error for the
 * caller's final fflush.
 */
static void write_bulk(FILE *out, struct strbuf *sb)
{
	int fd = fileno(out);
	const char *p = sb->buf;
	size_t left = sb->len;

	if (fd < 0 || fflush(out) != 0) {
		write_sb(out, sb);
		return;
	}
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fwrite(p, 1, left, out);
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	strbuf_reset(sb);
}

static void text_header(struct strbuf *sb, const struct report_apply *r,
			bool colour)
{
	if (r->npending == 0) {
		strbuf_addstr(sb, "No migration files to execute\n");
		return;
	}
	strbuf_addstr(sb, "Migrating to version ");
	report_colour_str(sb, colour, REPORT_CYAN, r->target);
	if (!report_empty(r->current)) {
		strbuf_addstr(sb, " from ");
		report_colour_str(sb, colour, REPORT_CYAN, r->current);
	}
	strbuf_addf(sb, " (%zu migrations in total):\n", r->npending);
}

static void text_file_open(struct strbuf *sb, const struct report_applied_file *f,
			   bool colour)
{
	strbuf_addstr(sb, "\n  ");
	report_colour_str(sb, colour, REPORT_YELLOW, "--");
	strbuf_addstr(sb, " migrating version ");
	report_colour_str(sb, colour, REPORT_CYAN, f->file.version);
	strbuf_addch(sb, '\n');
}

/* "    -> <stmt>": continuation lines of the statement start 7 columns in
 * (upstream's indent_ln). */
static void text_stmt(struct strbuf *sb, const char *s, size_t len, bool colour)
{
	const char *end = s + len, *nl;

	strbuf_addstr(sb, "    ");
	report_colour_str(sb, colour, REPORT_CYAN, "->");
	strbuf_addch(sb, ' ');
	while ((nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		strbuf_add(sb, s, (size_t)(nl - s) + 1);
		strbuf_addstr(sb, "       ");
		s = nl + 1;
	}
	strbuf_add(sb, s, (size_t)(end - s));
	strbuf_addch(sb, '\n');
}

static void text_error_box(struct strbuf *sb, const char *text, bool colour)
{
	strbuf_addstr(sb, "    ");
	if (colour)
		strbuf_addstr(sb, REPORT_ERRBOX);
	strbuf_addstr(sb, text);
	if (colour)
		strbuf_addstr(sb, REPORT_ERRBOX_RESET);
	strbuf_addch(sb, '\n');
}

static void text_file_close(struct strbuf *sb, const struct report_applied_file *f,
			    bool colour)
{
	struct strbuf dur = STRBUF_INIT;

	if (f->has_error) {
		text_error_box(sb, f->error.text, colour);
		return;
	}
	report_go_duration(&dur, report_time_sub(f->end, f->start));
	strbuf_addstr(sb, "  ");
	report_colour_str(sb, colour, REPORT_YELLOW, "--");
	strbuf_addstr(sb, " ok (");
	report_colour(sb, colour, REPORT_YELLOW, dur.buf, dur.len);
	strbuf_addstr(sb, ")\n");
	strbuf_release(&dur);
}

void report_apply_stream(struct report_apply *r, FILE *out, bool colour)
{
	r->stream = out;
	r->stream_colour = colour;
}

void report_apply_intro(struct report_apply *r, const char *current,
			const struct report_file *files, size_t n)
{
	r->current = current != NULL ? current : "";
	r->npending = n;
	r->pending = NULL;
	r->target = "";
	if (n > 0) {
		/* only JSON lists them, and a streamed report has no JSON */
		if (r->stream == NULL)
			r->pending = arena_memdup(r->arena, files, n * sizeof(*files));
		r->target = files[n - 1].version;
	}
	if (r->stream != NULL) {
		struct strbuf sb = STRBUF_INIT;

		text_header(&sb, r, r->stream_colour);
		write_sb(r->stream, &sb);
		strbuf_release(&sb);
	}
}

/* Adds a finished file to the summary counts (cmdlog Summary): every "->"
 * passed, except that the last one of a failed file counts as failed, even
 * when the error was not the statement's. */
static void count_file(struct report_apply_counts *c, const struct report_applied_file *f)
{
	c->passed_stmts += (long long)f->nstmts;
	if (f->has_error) {
		c->failed_files++;
		c->passed_stmts--;
		c->failed_stmts++;
	} else {
		c->passed_files++;
	}
}

void report_apply_file(struct report_apply *r, const struct report_file *f,
		       int64_t skipped, struct report_time now)
{
	struct report_applied_file *af, *prev = r->applied_tail;
	struct strbuf sb = STRBUF_INIT;

	if (prev != NULL)
		prev->end = now;
	if (r->stream != NULL && prev != NULL) {
		/* Its closing line is out and nothing changes it any more:
		 * counted and its record reused, so that a streamed run keeps
		 * one record, not one per file (issue 9: memory flat in the
		 * number of files). */
		text_file_close(&sb, prev, r->stream_colour);
		count_file(&r->streamed, prev);
		af = prev;
		memset(af, 0, sizeof(*af));
		r->applied = af;
	} else {
		af = arena_alloc(r->arena, sizeof(*af));
		if (prev != NULL)
			prev->next = af;
		else
			r->applied = af;
	}
	af->file = *f;
	af->start = now;
	af->skipped = skipped;
	if (r->stream != NULL) {
		text_file_open(&sb, af, r->stream_colour);
		write_sb(r->stream, &sb);
	}
	strbuf_release(&sb);
	r->applied_tail = af;
	r->napplied++;
}

void report_apply_stmt(struct report_apply *r, const char *text, size_t len)
{
	struct report_applied_file *f = r->applied_tail;
	struct report_stmt_chunk *c;

	if (f == NULL)
		return;
	f->nstmts++;
	if (r->stream != NULL) {
		struct strbuf sb = STRBUF_INIT;

		text_stmt(&sb, text, len, r->stream_colour);
		write_sb(r->stream, &sb);
		strbuf_release(&sb);
		return;
	}
	c = f->stmts_tail;
	if (c == NULL || c->n == REPORT_STMT_CHUNK) {
		c = arena_alloc(r->arena, sizeof(*c));
		if (f->stmts_tail != NULL)
			f->stmts_tail->next = c;
		else
			f->stmts = c;
		f->stmts_tail = c;
	}
	c->s[c->n].p = arena_strndup(r->arena, text, len);
	c->s[c->n].len = len;
	c->n++;
}

void report_apply_stmts(struct report_apply *r, const struct str *stmts, size_t n)
{
	if (r->stream == NULL || r->applied_tail == NULL) {
		for (size_t i = 0; i < n; i++)
			report_apply_stmt(r, stmts[i].p, stmts[i].len);
		return;
	}
	/* A line-buffered stream writes every line on its own: W5's 10,000
	 * statements were 10,000 write(2)s between the pipeline's batches,
	 * while the server waited for the next one. */
	struct strbuf sb = STRBUF_INIT;
	r->applied_tail->nstmts += n;
	for (size_t i = 0; i < n; i++) {
		text_stmt(&sb, stmts[i].p, stmts[i].len, r->stream_colour);
		if (sb.len >= 64 * 1024)
			write_bulk(r->stream, &sb);
	}
	write_bulk(r->stream, &sb);
	strbuf_release(&sb);
}

struct str report_applied_stmt(const struct report_applied_file *f, size_t i)
{
	const struct report_stmt_chunk *c = f->stmts;

	while (c != NULL && i >= c->n) {
		i -= c->n;
		c = c->next;
	}
	if (c == NULL)
		return (struct str){ "", 0 };
	return c->s[i];
}

static void log_error(struct report_apply *r, const char *stmt, size_t stmt_len,
		      const char *text, struct report_time now)
{
	struct report_applied_file *f = r->applied_tail;

	if (text == NULL)
		text = "";
	r->end = now;
	if (f == NULL) {
		r->error = arena_strdup(r->arena, text);
		return;
	}
	f->end = now;
	f->has_error = true;
	f->error.stmt = arena_strndup(r->arena, stmt, stmt_len);
	f->error.text = arena_strdup(r->arena, text);
}

void report_apply_stmt_error(struct report_apply *r, const char *stmt,
			     size_t stmt_len, const char *text,
			     struct report_time now)
{
	log_error(r, stmt != NULL ? stmt : "", stmt != NULL ? stmt_len : 0, text,
		  now);
}

void report_apply_error(struct report_apply *r, const char *text,
			struct report_time now)
{
	log_error(r, "", 0, text, now);
}

void report_apply_done(struct report_apply *r, struct report_time now)
{
	if (r->applied_tail != NULL)
		r->applied_tail->end = now;
	r->end = now;
	r->done = true;
}

void report_apply_fail(struct report_apply *r, const char *text)
{
	r->error = arena_strdup(r->arena, text != NULL ? text : "");
}

/* ---- text ------------------------------------------------------------- */

static const char *plural(long long n)
{
	return n > 1 ? "s" : "";
}

/* The footer lines after the dashes (cmdlog Summary). */
static void text_summary(struct strbuf *sb, const struct report_apply *r,
			 bool colour)
{
	struct report_apply_counts c = r->streamed;
	const struct report_applied_file *f;
	struct strbuf dur = STRBUF_INIT;

	for (f = r->applied; f != NULL; f = f->next)
		count_file(&c, f);
	long long passed_f = c.passed_files, failed_f = c.failed_files;
	long long passed_s = c.passed_stmts, failed_s = c.failed_stmts;
	report_go_duration(&dur, report_time_sub(r->end, r->start));
	strbuf_addstr(sb, "  ");
	report_colour_str(sb, colour, REPORT_YELLOW, "--");
	strbuf_addf(sb, " %s", dur.buf);
	strbuf_release(&dur);
	if (passed_f > 0 || failed_f > 0) {
		strbuf_addstr(sb, "\n  ");
		report_colour_str(sb, colour, REPORT_YELLOW, "--");
		if (passed_f > 0 && failed_f > 0)
			strbuf_addf(sb, " %lld migration%s ok, %lld with errors",
				    passed_f, plural(passed_f), failed_f);
		else if (passed_f > 0)
			strbuf_addf(sb, " %lld migration%s", passed_f,
				    plural(passed_f));
		else
			strbuf_addf(sb, " %lld migration%s with errors",
				    failed_f, plural(failed_f));
	}
	if (passed_s > 0 || failed_s > 0) {
		strbuf_addstr(sb, "\n  ");
		report_colour_str(sb, colour, REPORT_YELLOW, "--");
		if (passed_s > 0 && failed_s > 0)
			strbuf_addf(sb, " %lld sql statement%s ok, %lld with errors",
				    passed_s, plural(passed_s), failed_s);
		else if (passed_s > 0)
			strbuf_addf(sb, " %lld sql statement%s", passed_s,
				    plural(passed_s));
		else
			strbuf_addf(sb, " %lld sql statement%s with errors",
				    failed_s, plural(failed_s));
	}
	strbuf_addch(sb, '\n');
}

static void text_tail(struct strbuf *sb, const struct report_apply *r,
		      bool colour)
{
	if (r->napplied == 0) {
		strbuf_addch(sb, '\n');
		if (!report_empty(r->error))
			text_error_box(sb, r->error, colour);
	}
	strbuf_addstr(sb, "\n  ");
	report_colour_str(sb, colour, REPORT_CYAN, "-------------------------");
	strbuf_addch(sb, '\n');
	text_summary(sb, r, colour);
}

void report_apply_text(FILE *out, const struct report_apply *r, bool colour)
{
	struct strbuf sb = STRBUF_INIT;
	const struct report_applied_file *f;

	if (r->stream != NULL) {
		/* Everything up to the last file's closing line is out. */
		colour = r->stream_colour;
		if (r->npending == 0)
			goto out;
		if (r->applied_tail != NULL)
			text_file_close(&sb, r->applied_tail, colour);
		text_tail(&sb, r, colour);
		goto out;
	}
	text_header(&sb, r, colour);
	if (r->npending == 0)
		goto out;
	for (f = r->applied; f != NULL; f = f->next) {
		const struct report_stmt_chunk *c;

		text_file_open(&sb, f, colour);
		for (c = f->stmts; c != NULL; c = c->next) {
			size_t i;

			for (i = 0; i < c->n; i++) {
				text_stmt(&sb, c->s[i].p, c->s[i].len, colour);
				/* Keep the buffer small for huge files. */
				if (sb.len >= 65536)
					write_sb(out, &sb);
			}
		}
		text_file_close(&sb, f, colour);
	}
	text_tail(&sb, r, colour);
out:
	write_sb(out, &sb);
	strbuf_release(&sb);
}

/* ---- JSON ------------------------------------------------------------- */

static void json_applied_file(struct strbuf *sb, const struct report_applied_file *f)
{
	bool first = true;
	const struct report_stmt_chunk *c;

	strbuf_addch(sb, '{');
	report_json_key_str(sb, &first, "Name", f->file.name);
	report_json_key_str(sb, &first, "Version", f->file.version);
	report_json_key_str(sb, &first, "Description", f->file.description);
	report_json_key(sb, &first, "Start");
	report_json_time(sb, f->start);
	report_json_key(sb, &first, "End");
	report_json_time(sb, f->end);
	if (f->skipped != 0) {
		report_json_key(sb, &first, "Skipped");
		strbuf_addf(sb, "%lld", (long long)f->skipped);
	}
	if (f->stmts != NULL && f->stmts->n > 0) {
		bool first_stmt = true;

		report_json_key(sb, &first, "Applied");
		strbuf_addch(sb, '[');
		for (c = f->stmts; c != NULL; c = c->next) {
			size_t i;

			for (i = 0; i < c->n; i++) {
				if (!first_stmt)
					strbuf_addch(sb, ',');
				first_stmt = false;
				util_json_string(sb, c->s[i].p, c->s[i].len);
			}
		}
		strbuf_addch(sb, ']');
	}
	if (f->has_error) {
		bool efirst = true;

		report_json_key(sb, &first, "Error");
		strbuf_addch(sb, '{');
		report_json_key_str(sb, &efirst, "Stmt", f->error.stmt);
		report_json_key_str(sb, &efirst, "Text", f->error.text);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, '}');
}

void report_apply_json(struct strbuf *sb, const struct report_apply *r)
{
	bool first = true;
	const struct report_applied_file *f;

	strbuf_addch(sb, '{');
	report_json_env_fields(sb, &first, &r->env);
	if (r->npending > 0) {
		report_json_key(sb, &first, "Pending");
		report_json_files(sb, r->pending, r->npending);
	}
	if (r->napplied > 0) {
		report_json_key(sb, &first, "Applied");
		strbuf_addch(sb, '[');
		for (f = r->applied; f != NULL; f = f->next) {
			if (f != r->applied)
				strbuf_addch(sb, ',');
			json_applied_file(sb, f);
		}
		strbuf_addch(sb, ']');
	}
	report_json_key_str(sb, &first, "Current", r->current);
	report_json_key_str(sb, &first, "Target", r->target);
	report_json_key(sb, &first, "Start");
	report_json_time(sb, r->start);
	report_json_key(sb, &first, "End");
	report_json_time(sb, r->end);
	report_json_key_str(sb, &first, "Error", r->error);
	if (report_empty(r->error)) {
		report_json_key(sb, &first, "Message");
		if (r->napplied == 0) {
			util_json_string(sb, "No migration files to execute", 29);
		} else {
			/* Upstream prints "from  (" when there is no current
			 * version; kept for byte compatibility. */
			struct strbuf m = STRBUF_INIT;

			strbuf_addf(&m, "Migrated to version %s from %s (%zu migrations in total)",
				    r->target, r->current != NULL ? r->current : "",
				    r->npending);
			util_json_string(sb, m.buf, m.len);
			strbuf_release(&m);
		}
	}
	strbuf_addch(sb, '}');
}

void report_apply_print(FILE *out, const struct report_apply *r,
			const struct report_format *fmt, bool colour)
{
	struct strbuf sb = STRBUF_INIT;

	if (fmt == NULL || fmt->kind == REPORT_FORMAT_TEXT) {
		report_apply_text(out, r, colour);
		return;
	}
	report_apply_json(&sb, r);
	report_format_print(out, fmt, sb.buf, sb.len);
	strbuf_release(&sb);
}
