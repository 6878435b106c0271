/* Helpers shared by the migrate unit tests (directory fixtures, vectors). */
#ifndef ATLAS_TEST_MTEST_H
#define ATLAS_TEST_MTEST_H

#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrate/migrate.h"

/* tests/vectors/<rel> in the source tree. */
static inline const char *vec(struct arena *a, const char *rel)
{
	const char *src = getenv("ATLAS_SRCDIR");
	if (!src || !*src) {
		/* __FILE__ is .../tests/unit/migrate/mtest.h */
		char *f = arena_strdup(a, __FILE__);
		char *p = strstr(f, "/tests/unit/migrate/");
		if (p) {
			*p = '\0';
			src = f;
		} else {
			src = ".";
		}
	}
	return arena_printf(a, "%s/tests/vectors/%s", src, rel);
}

static inline char *slurp(struct arena *a, const char *path, size_t *len)
{
	/* the out-parameter lives in the arena: gcc's dangling-pointer
	 * analysis trips over a local one behind criterion's macros */
	char **buf = arena_alloc(a, sizeof(*buf));
	size_t n = 0;
	int rc = util_read_file(buf, &n, a, path);
	cr_assert_eq(rc, 0, "read %s: %s", path, strerror(errno));
	if (len)
		*len = n;
	return *buf;
}

static inline void spit(const char *path, const char *content, size_t len)
{
	FILE *f = fopen(path, "wb");
	cr_assert(f, "open %s", path);
	cr_assert_eq(fwrite(content, 1, len, f), len);
	fclose(f);
}

static inline char *mktmpdir(struct arena *a)
{
	char *t = arena_strdup(a, "/tmp/atlas-mtest-XXXXXX");
	cr_assert(mkdtemp(t));
	return t;
}

static inline int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void rmtree(const char *path)
{
	nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes name=content pairs into dir (NUL-terminated contents). */
static inline void put(struct arena *a, const char *dir, const char *name, const char *content)
{
	spit(arena_printf(a, "%s/%s", dir, name), content, strlen(content));
}

static inline const char *diag_text(const struct diags *d)
{
	return d->head ? d->head->summary : "(no diagnostic)";
}

#endif
