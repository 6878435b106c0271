/*
 * json: the pieces of Go encoding/json output shared by the reports: keys
 * in struct order with omitempty, times, the File object and the Env
 * fields.  Escaping itself is report_json_string (gofmt.c); the URL object
 * arrives already encoded from the driver (report_env.url_json).
 */
#include "report/internal.h"

void report_json_key(struct strbuf *sb, bool *first, const char *key)
{
	if (!*first)
		strbuf_addch(sb, ',');
	*first = false;
	strbuf_addch(sb, '"');
	strbuf_addstr(sb, key);
	strbuf_addstr(sb, "\":");
}

/* omitempty string field. */
void report_json_key_str(struct strbuf *sb, bool *first, const char *key,
			 const char *val)
{
	if (report_empty(val))
		return;
	report_json_key(sb, first, key);
	util_json_string(sb, val, strlen(val));
}

void report_json_time(struct strbuf *sb, struct report_time t)
{
	strbuf_addch(sb, '"');
	report_time_rfc3339(sb, t);
	strbuf_addch(sb, '"');
}

void report_json_file(struct strbuf *sb, const struct report_file *f)
{
	bool first = true;

	strbuf_addch(sb, '{');
	report_json_key_str(sb, &first, "Name", f->name);
	report_json_key_str(sb, &first, "Version", f->version);
	report_json_key_str(sb, &first, "Description", f->description);
	strbuf_addch(sb, '}');
}

void report_json_files(struct strbuf *sb, const struct report_file *f, size_t n)
{
	size_t i;

	strbuf_addch(sb, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		report_json_file(sb, &f[i]);
	}
	strbuf_addch(sb, ']');
}

void report_json_env_fields(struct strbuf *sb, bool *first,
			    const struct report_env *e)
{
	report_json_key_str(sb, first, "Driver", e->driver);
	if (e->url_json != NULL) {
		report_json_key(sb, first, "URL");
		strbuf_addstr(sb, e->url_json);
	}
	report_json_key_str(sb, first, "Dir", e->dir);
}
