/*
 * migrate/internal.h: declarations shared by the files of src/migrate only.
 */
#ifndef ATLAS_MIGRATE_INTERNAL_H
#define ATLAS_MIGRATE_INTERNAL_H

#include "migrate/migrate.h"

/* Decodes one UTF-8 code point like Go's utf8.DecodeRune: an invalid or
 * truncated sequence yields U+FFFD with width 1.  n > 0. */
int32_t migrate_utf8_decode(const unsigned char *p, size_t n, int *width);
/* Go's unicode.IsSpace. */
bool migrate_is_space(int32_t r);
/* Go's strings.TrimSpace on a slice. */
struct str migrate_trim_space(struct str s);

/* Go's syscall error text: strerror with a lower-case first letter. */
const char *migrate_strerror(struct arena *a, int err);

/* base64 (standard, padded) of a 32-byte digest into out[45]. */
void migrate_b64_digest(char out[MIGRATE_HASH_LEN + 1], const unsigned char digest[32]);

/* Arguments of the header directive `name` in content (LocalFile.Directive):
 * arena array of arena strings. */
size_t migrate_header_directive(const char ***out, struct arena *a, const char *content,
				size_t len, const char *name);

/* Whether content's first line is `atlas:sum ignore` (§2.3). */
bool migrate_is_sum_ignored(const char *content, size_t len);

/* A descriptor of the directory for migrate_file_read_at (close(2) it), or
 * -1 with errno: loops over every file open them relative to it. */
int migrate_dir_fd_open(const struct migrate_dir *dir);
/* migrate_file_read with the file opened relative to dirfd (-1: by its
 * path); the same errors, naming the path. */
int migrate_file_read_at(struct strbuf *buf, int dirfd, const struct migrate_dir *dir,
			 const struct migrate_file *f, struct diags *d) WUR;

/* Goose / dbmate section extraction: the text upstream hands to the generic
 * scanner (arena string). */
char *migrate_goose_text(size_t *len, struct arena *a, const char *content, size_t n,
			 const char *name, struct diags *d);
char *migrate_dbmate_text(size_t *len, struct arena *a, const char *content, size_t n);

#endif
