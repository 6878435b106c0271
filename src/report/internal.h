/*
 * report/internal.h: declarations shared by the files of src/report only.
 */
#ifndef ATLAS_REPORT_INTERNAL_H
#define ATLAS_REPORT_INTERNAL_H

#include "report/report.h"

/* Colour escapes of fatih/color as upstream uses them (§6.1). */
#define REPORT_CYAN "\033[36m"
#define REPORT_YELLOW "\033[33m"
#define REPORT_GREEN "\033[92m"
#define REPORT_RED "\033[91m"
#define REPORT_ERRBOX "\033[97;101m"
#define REPORT_RESET "\033[0m"
/* fatih/color v1.16 resets each SGR parameter of a colour separately, so
 * the two-parameter error box ends in "0;0" (spec §6.1 says ESC[0m). */
#define REPORT_ERRBOX_RESET "\033[0;0m"

/* Statement texts of one applied file: a chunked list so that recording a
 * statement costs its text plus one slice, with nothing reallocated. */
#define REPORT_STMT_CHUNK 64
struct report_stmt_chunk {
	struct report_stmt_chunk *next;
	size_t n;
	struct str s[REPORT_STMT_CHUNK];
};

/* Code points above U+007F Go's unicode.IsPrint accepts (printable.c). */


/* Appends s wrapped in the colour escape when colour is on. */
void report_colour(struct strbuf *sb, bool colour, const char *esc,
		   const char *s, size_t len);
static inline void report_colour_str(struct strbuf *sb, bool colour,
				     const char *esc, const char *s)
{
	report_colour(sb, colour, esc, s, strlen(s));
}

/* Appends a JSON `"key":` (key is a plain identifier). */
void report_json_key(struct strbuf *sb, bool *first, const char *key);
void report_json_key_str(struct strbuf *sb, bool *first, const char *key,
			 const char *val);
void report_json_time(struct strbuf *sb, struct report_time t);
/* The File object of §6.6 (all keys omitempty). */
void report_json_file(struct strbuf *sb, const struct report_file *f);
void report_json_files(struct strbuf *sb, const struct report_file *f,
		       size_t n);
/* Env fields (Driver, URL, Dir) without braces. */
void report_json_env_fields(struct strbuf *sb, bool *first,
			    const struct report_env *e);

static inline bool report_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

#endif
