/*
 * Diagnostics: a list of messages with source spans, and the one renderer.
 *
 * A span prints as hcl does: `file:line,col-endcol` for a single line,
 * `file:line,col-endline,endcol` across lines (end column exclusive).
 * A diagnostic prints as `summary; detail` (or `summary` alone).  Only the
 * first error of a list reaches the user, with ", and N other
 * diagnostic(s)" appended, which is how Atlas shows hcl's error lists.
 */
#include "util.h"

#include <string.h>

void diags_init(struct diags *d, struct arena *a)
{
	memset(d, 0, sizeof(*d));
	d->arena = a;
}

static struct diag *diag_push(struct diags *d, enum diag_severity sev, const struct span *sp)
{
	struct diag *dg = arena_alloc(d->arena, sizeof(*dg));
	dg->severity = sev;
	if (sp)
		dg->span = *sp;
	if (d->tail)
		d->tail->next = dg;
	else
		d->head = dg;
	d->tail = dg;
	d->count++;
	if (sev == DIAG_ERROR)
		d->errors++;
	return dg;
}

int diag_errorf(struct diags *d, const struct span *sp, const char *fmt, ...)
{
	struct diag *dg = diag_push(d, DIAG_ERROR, sp);
	va_list ap;
	va_start(ap, fmt);
	dg->summary = arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
	return -1;
}

int diag_error_detail(struct diags *d, const struct span *sp, const char *summary,
		      const char *detail_fmt, ...)
{
	struct diag *dg = diag_push(d, DIAG_ERROR, sp);
	dg->summary = arena_strdup(d->arena, summary);
	va_list ap;
	va_start(ap, detail_fmt);
	dg->detail = arena_vprintf(d->arena, detail_fmt, ap);
	va_end(ap);
	return -1;
}

void diag_warnf(struct diags *d, const struct span *sp, const char *fmt, ...)
{
	struct diag *dg = diag_push(d, DIAG_WARNING, sp);
	va_list ap;
	va_start(ap, fmt);
	dg->summary = arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

void diag_prefix_since(struct diags *d, struct diag *mark, const char *prefix)
{
	struct diag *dg = mark ? mark->next : d->head;
	for (; dg; dg = dg->next)
		dg->summary = arena_printf(d->arena, "%s: %s", prefix, dg->summary);
}

bool diags_has_errors(const struct diags *d)
{
	return d->errors > 0;
}

char *diag_format(struct arena *a, const struct diag *dg)
{
	struct strbuf sb = STRBUF_INIT;
	const struct span *sp = &dg->span;
	if (sp->file && sp->start.line) {
		strbuf_addf(&sb, "%s:%u,%u-", sp->file, sp->start.line, sp->start.col);
		if (sp->end.line && sp->end.line != sp->start.line)
			strbuf_addf(&sb, "%u,", sp->end.line);
		strbuf_addf(&sb, "%u: ", sp->end.col ? sp->end.col : sp->start.col + 1);
	} else if (sp->file) {
		strbuf_addf(&sb, "%s: ", sp->file);
	}
	strbuf_addstr(&sb, dg->summary ? dg->summary : "");
	if (dg->detail && *dg->detail)
		strbuf_addf(&sb, "; %s", dg->detail);
	char *out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return out;
}

void diag_print(FILE *f, const struct diags *d)
{
	const struct diag *first = NULL;
	for (const struct diag *dg = d->head; dg; dg = dg->next) {
		if (dg->severity == DIAG_WARNING) {
			char *t = diag_format(d->arena, dg);
			fprintf(f, "Warning: %s\n", t);
		} else if (!first) {
			first = dg;
		}
	}
	if (!first)
		return;
	char *t = diag_format(d->arena, first);
	fprintf(f, "Error: %s", t);
	if (d->errors > 1)
		fprintf(f, ", and %zu other diagnostic(s)", d->errors - 1);
	fputc('\n', f);
}
