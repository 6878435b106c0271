/*
 * sum: atlas.sum (spec migrate.md §2) and statement hashes (§4.6 step 3).
 * One running SHA-256 over the directory (name, then content, per file;
 * a sum-ignored file contributes its name only), snapshotted after every
 * file; the total is a second SHA-256 over name + base64 pairs.  Parsing
 * follows upstream's bufio.Scanner reading; verification localises the
 * first differing entry exactly like upstream's migrate.Validate so the cli
 * can print the same `L<n>: <file> was <reason>` line.  Hashing and base64
 * come from libcrypto; nothing here is hand-written crypto.  Its low-level
 * SHA256_* functions are used rather than EVP: EVP's first digest loads the
 * provider machinery (+2.2 MiB peak RSS, a fetch per init), and a plain
 * SHA256_CTX is snapshotted by struct copy (bench/README.md, issue 9).
 * Reading the directory listing and the files themselves is dir.c's job.
 */
#include "migrate/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
/* SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP,
 * but kept; see the top comment for why they are used. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

void migrate_b64_digest(char out[MIGRATE_HASH_LEN + 1], const unsigned char digest[32])
{
	EVP_EncodeBlock((unsigned char *)out, digest, 32);
	out[MIGRATE_HASH_LEN] = '\0';
}

/* Base64 of the digest so far, leaving ctx running. */
static void snapshot(const SHA256_CTX *ctx, char out[MIGRATE_HASH_LEN + 1])
{
	SHA256_CTX tmp = *ctx;
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Final(md, &tmp);
	migrate_b64_digest(out, md);
}

void migrate_sum_total(char out[MIGRATE_HASH_LEN + 1], const struct migrate_sum_entry *e,
		       size_t n)
{
	SHA256_CTX ctx;
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Init(&ctx);
	for (size_t i = 0; i < n; i++) {
		SHA256_Update(&ctx, e[i].name, strlen(e[i].name));
		SHA256_Update(&ctx, e[i].hash, strlen(e[i].hash));
	}
	SHA256_Final(md, &ctx);
	migrate_b64_digest(out, md);
}

/* Running state of §2.2's first loop. */
struct sum_run {
	SHA256_CTX ctx;
	struct migrate_sum_entry *v;
	size_t n, cap;
	char *hashes; /* cap hash strings in one block */
	bool sorted;  /* v's names so far strictly ascending */
	/* Streaming (migrate_sum_rewrite): each file's atlas.sum line goes
	 * to `lines` and into the total as it is made; no entry is kept. */
	FILE *lines;
	SHA256_CTX total;
};

/* Adds one file; `ignored`: its first line is `atlas:sum ignore`. */
static void run_add(struct sum_run *r, struct arena *a, const char *name, const char *c,
		    size_t len, bool ignored)
{
	char *h;

	SHA256_Update(&r->ctx, name, strlen(name));
	if (ignored)
		return;
	SHA256_Update(&r->ctx, c, len);
	if (r->lines) {
		char line[MIGRATE_HASH_LEN + 1];
		snapshot(&r->ctx, line);
		fputs(name, r->lines);
		fputs(" h1:", r->lines);
		fputs(line, r->lines);
		fputc('\n', r->lines);
		SHA256_Update(&r->total, name, strlen(name));
		SHA256_Update(&r->total, line, MIGRATE_HASH_LEN);
		r->n++;
		return;
	}
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		r->v = arena_realloc(a, r->v, r->cap * sizeof(*r->v), ncap * sizeof(*r->v));
		r->cap = ncap;
		r->hashes = NULL;
	}
	if (r->n && strcmp(r->v[r->n - 1].name, name) >= 0)
		r->sorted = false;
	r->v[r->n].name = name;
	h = r->hashes ? r->hashes + r->n * (MIGRATE_HASH_LEN + 1)
		      : arena_alloc(a, MIGRATE_HASH_LEN + 1);
	snapshot(&r->ctx, h);
	r->v[r->n].hash = h;
	r->n++;
}

/* cap: the number of entries expected; sizing the array and the hash
 * strings once keeps the doubling copies and per-entry rounding out of
 * the arena (10,000 files: 0.5 MB of peak). */
static void run_init(struct sum_run *r, struct arena *a, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->sorted = true;
	SHA256_Init(&r->ctx);
	if (cap) {
		r->v = arena_alloc(a, cap * sizeof(*r->v));
		r->hashes = arena_alloc(a, cap * (MIGRATE_HASH_LEN + 1));
		r->cap = cap;
	}
}

static void run_finish(struct sum_run *r, struct migrate_sum *out, bool total)
{
	out->entries = r->v;
	out->n = r->lines ? 0 : r->n;
	out->sorted = r->sorted;
	if (r->lines) {
		unsigned char md[SHA256_DIGEST_LENGTH];
		SHA256_Final(md, &r->total);
		migrate_b64_digest(out->total, md);
	} else if (total) {
		migrate_sum_total(out->total, r->v, r->n);
	}
}

/*
 * Whether content can hold a directive migrate_file_parse_header finds: a
 * header directive needs a comment at byte 0 ('#' or "--"), `atlas:sum
 * ignore` needs "atlas:" on the first line.  A cheap test that is never
 * false when one is there: most files start with a statement, and parsing
 * their headers was a third of the sum pass's own work (issue 9: W4).
 */
static bool may_have_directives(const char *c, size_t len)
{
	const char *lf, *end;

	if (len && (c[0] == '#' || (len >= 2 && c[0] == '-' && c[1] == '-')))
		return true;
	lf = memchr(c, '\n', len);
	end = lf ? lf : c + len;
	/* memmem's set-up costs more than this scan of one short line */
	for (const char *p = c; (p = memchr(p, 'a', (size_t)(end - p))) && end - p >= 6; p++)
		if (memcmp(p, "atlas:", 6) == 0)
			return true;
	return false;
}

/* What migrate_file_parse_header sets for content without directives. */
static void no_directives(struct migrate_file *f)
{
	f->sum_ignored = false;
	f->txmodes = NULL;
	f->ntxmodes = 0;
	f->checkpoint = false;
	f->checkpoint_tag = NULL;
}

/* migrate_sum_compute; without `total`, out->total is left empty for a
 * caller that can tell it without hashing again (migrate_dir_verify).
 * With `lines`, the file lines are written there instead of kept (out
 * gets the total and no entries). */
static int sum_compute(struct migrate_sum *out, struct arena *a, struct migrate_dir *dir,
		       bool total, FILE *lines, struct diags *d)
{
	struct strbuf buf = STRBUF_INIT;
	struct sum_run r;
	int rc = 0, dirfd = dir->nfiles ? migrate_dir_fd_open(dir) : -1;

	memset(out, 0, sizeof(*out));
	run_init(&r, a, lines ? 0 : dir->nfiles);
	if (lines) {
		r.lines = lines;
		SHA256_Init(&r.total);
	}
	for (size_t i = 0; i < dir->nfiles; i++) {
		struct migrate_file *f = &dir->files[i];

		if (f->loaded) {
			f->sum_ignored = migrate_is_sum_ignored(f->content, f->len);
			run_add(&r, a, f->name, f->content, f->len, f->sum_ignored);
			continue;
		}
		if (migrate_file_read_at(&buf, dirfd, dir, f, d) < 0) {
			rc = -1;
			break;
		}
		if (!f->header_parsed) {
			/* sets f->sum_ignored too */
			if (may_have_directives(buf.buf, buf.len))
				migrate_file_parse_header(f, a, buf.buf, buf.len);
			else
				no_directives(f);
			f->header_parsed = true;
		} else {
			f->sum_ignored = migrate_is_sum_ignored(buf.buf, buf.len);
		}
		run_add(&r, a, f->name, buf.buf, buf.len, f->sum_ignored);
	}
	if (dirfd >= 0)
		close(dirfd);
	run_finish(&r, out, total);
	strbuf_release(&buf);
	return rc;
}

int migrate_sum_compute(struct migrate_sum *out, struct arena *a, struct migrate_dir *dir,
			struct diags *d)
{
	return sum_compute(out, a, dir, true, NULL, d);
}

void migrate_sum_compute_mem(struct migrate_sum *out, struct arena *a,
			     const char *const *names, const char *const *contents,
			     const size_t *lens, size_t n)
{
	struct sum_run r;

	run_init(&r, a, n);
	for (size_t i = 0; i < n; i++)
		run_add(&r, a, names[i], contents[i], lens[i],
			migrate_is_sum_ignored(contents[i], lens[i]));
	run_finish(&r, out, true);
}

char *migrate_sum_format(struct arena *a, const struct migrate_sum *sum, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char *res;

	strbuf_addf(&sb, "h1:%s\n", sum->total);
	for (size_t i = 0; i < sum->n; i++) {
		strbuf_addstr(&sb, sum->entries[i].name);
		strbuf_addstr(&sb, " h1:");
		strbuf_addstr(&sb, sum->entries[i].hash);
		strbuf_addch(&sb, '\n');
	}
	if (len)
		*len = sb.len;
	res = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return res;
}

/*
 * Writes atlas.sum: the total line, then the file lines, from sum's
 * entries or, with `lines`, copied from that file (rewound here).
 */
static int sum_write(const struct migrate_dir *dir, const struct migrate_sum *sum, FILE *lines,
		     struct diags *d)
{
	struct arena *a = d->arena;
	char *path = arena_printf(a, "%s/atlas.sum", dir->path);
	FILE *f = fopen(path, "wb");
	int e = 0;

	if (!f)
		return diag_errorf(d, NULL, "open %s: %s", path, migrate_strerror(a, errno));
	/* Line by line through stdio, the same bytes as migrate_sum_format:
	 * formatting the whole text first held it twice (10,000 files: 1.8 MB
	 * of peak memory for `migrate hash`). */
	fprintf(f, "h1:%s\n", sum->total);
	for (size_t i = 0; i < sum->n; i++) {
		fputs(sum->entries[i].name, f);
		fputs(" h1:", f);
		fputs(sum->entries[i].hash, f);
		fputc('\n', f);
	}
	if (lines) {
		char chunk[8192];
		size_t got;

		rewind(lines);
		while ((got = fread(chunk, 1, sizeof(chunk), lines)) > 0)
			if (fwrite(chunk, 1, got, f) != got)
				break;
		if (ferror(lines))
			e = errno ? errno : EIO;
	}
	if (ferror(f) || e) {
		if (!e)
			e = errno;
		fclose(f);
		return diag_errorf(d, NULL, "write %s: %s", path, migrate_strerror(a, e));
	}
	if (fclose(f) != 0)
		return diag_errorf(d, NULL, "write %s: %s", path, migrate_strerror(a, errno));
	return 0;
}

int migrate_sum_write(const struct migrate_dir *dir, const struct migrate_sum *sum,
		      struct diags *d)
{
	return sum_write(dir, sum, NULL, d);
}

int migrate_sum_rewrite(struct arena *a, struct migrate_dir *dir, struct diags *d)
{
	struct migrate_sum sum;
	FILE *lines = NULL;
	int fd = -1, rc;

	/* The lines wait in an unnamed file in the directory itself (no
	 * other file system involved, gone when closed): atlas.sum is
	 * truncated only once every file was read, as before, and opened
	 * with the same fopen, so an existing file keeps its mode, owner
	 * and links.  Keeping the entries instead grew the peak memory by
	 * ~60 bytes per file (issue 9: H10k). */
#ifdef O_TMPFILE
	fd = open(dir->path, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd >= 0 && !(lines = fdopen(fd, "w+b")))
		close(fd);
	if (!lines) {
		if (migrate_sum_compute(&sum, a, dir, d) < 0)
			return -1;
		return migrate_sum_write(dir, &sum, d);
	}
	rc = sum_compute(&sum, a, dir, true, lines, d);
	if (rc == 0 && fflush(lines) != 0) {
		/* the scratch file could not take the lines (a full disk):
		 * the in-memory way, with its own errors */
		fclose(lines);
		if (migrate_sum_compute(&sum, a, dir, d) < 0)
			return -1;
		return migrate_sum_write(dir, &sum, d);
	}
	if (rc == 0)
		rc = sum_write(dir, &sum, lines, d);
	fclose(lines);
	return rc;
}

/* bufio.Scanner's default token limit: longer lines stop the scan. */
#define SCAN_MAX_LINE (64 * 1024)

/*
 * migrate_sum_parse on a writable NUL-terminated buffer, which the entries
 * then point into: each name and hash is cut out by a NUL written over the
 * byte after it (the "h1:" or the line end), instead of two arena copies
 * per line.  The entry array is sized from the number of lines.
 */
static int sum_parse(struct migrate_sum *out, struct arena *a, char *buf, size_t len,
		     struct diags *d)
{
	size_t off = 0, cap = 1;
	struct str declared = { "", 0 };
	bool first = true;
	char total[MIGRATE_HASH_LEN + 1];

	memset(out, 0, sizeof(*out));
	for (const char *p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf))); p++)
		cap++;
	out->entries = arena_alloc(a, cap * sizeof(*out->entries));
	while (off < len) {
		const char *lf = memchr(buf + off, '\n', len - off);
		size_t end = lf ? (size_t)(lf - buf) : len;
		struct str line = { buf + off, end - off };

		if (line.len >= SCAN_MAX_LINE)
			break;
		off = lf ? end + 1 : len;
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		if (first) {
			declared = line;
			if (str_has_prefix(declared, "h1:")) {
				declared.p += 3;
				declared.len -= 3;
			}
			first = false;
			continue;
		}
		/* the first "h1:" of the line */
		const char *h = NULL, *lend = line.p + line.len;
		for (const char *q = line.p; (q = memchr(q, 'h', (size_t)(lend - q))) && lend - q >= 3;
		     q++) {
			if (q[1] == '1' && q[2] == ':') {
				h = q;
				break;
			}
		}
		if (!h)
			return diag_errorf(d, NULL, "checksum file format invalid"),
			       MIGRATE_ESUM_FORMAT;
		struct str name = migrate_trim_space((struct str){ line.p, (size_t)(h - line.p) });
		struct migrate_sum_entry *e = &out->entries[out->n++];
		size_t hl = line.len - (size_t)(h + 3 - line.p);
		/* the hash first: the name's NUL may land on the 'h' of "h1:" */
		buf[(size_t)(h + 3 - buf) + hl] = '\0';
		buf[(size_t)(name.p - buf) + name.len] = '\0';
		e->name = name.p;
		e->hash = h + 3;
	}
	out->sorted = true;
	for (size_t i = 1; i < out->n && out->sorted; i++)
		out->sorted = strcmp(out->entries[i - 1].name, out->entries[i].name) < 0;
	migrate_sum_total(total, out->entries, out->n);
	memcpy(out->total, total, sizeof(total));
	if (declared.len != MIGRATE_HASH_LEN || memcmp(declared.p, total, MIGRATE_HASH_LEN) != 0)
		return diag_errorf(d, NULL, "checksum mismatch"), MIGRATE_ESUM_MISMATCH;
	return 0;
}

int migrate_sum_parse(struct migrate_sum *out, struct arena *a, const char *buf, size_t len,
		      struct diags *d)
{
	char *copy = arena_alloc(a, len + 1);

	memcpy(copy, buf, len);
	return sum_parse(out, a, copy, len, d);
}

const char *migrate_sum_lookup(const struct migrate_sum *sum, const char *name)
{
	if (sum->sorted) {
		/* a linear search was 1000 lookups x ~500 strcmp for 1000
		 * files applied (issue 9: W6) */
		size_t lo = 0, hi = sum->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(sum->entries[mid].name, name);
			if (c == 0)
				return sum->entries[mid].hash;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	for (size_t i = 0; i < sum->n; i++)
		if (strcmp(sum->entries[i].name, name) == 0)
			return sum->entries[i].hash;
	return NULL;
}

const char *migrate_reason_name(enum migrate_reason r)
{
	switch (r) {
	case MIGRATE_REASON_ADDED:
		return "added";
	case MIGRATE_REASON_EDITED:
		return "edited";
	case MIGRATE_REASON_REMOVED:
		return "removed";
	default:
		return "unknown reason";
	}
}

static bool entry_eq(const struct migrate_sum_entry *x, const struct migrate_sum_entry *y)
{
	return strcmp(x->name, y->name) == 0 && strcmp(x->hash, y->hash) == 0;
}

static bool sums_equal(const struct migrate_sum *x, const struct migrate_sum *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (!entry_eq(&x->entries[i], &y->entries[i]))
			return false;
	return true;
}

/* §2.5: the first entry of the sum file that differs from the directory. */
static void localise(struct migrate_check *c, const struct migrate_sum *ac,
		     const struct migrate_sum *ex)
{
	const size_t hash_size = 3 + MIGRATE_HASH_LEN;
	size_t pos = hash_size + 1;

	c->localised = true;
	c->total = (unsigned)ac->n;
	for (size_t i = 0; i < ac->n; i++) {
		const struct migrate_sum_entry *h = &ac->entries[i];
		size_t idx;

		if (i < ex->n && entry_eq(&ex->entries[i], h)) {
			pos += strlen(h->name) + 1 + hash_size + 1;
			continue;
		}
		c->line = (unsigned)(i + 2);
		c->pos = pos;
		c->file = h->name;
		for (idx = 0; idx < ex->n; idx++)
			if (strcmp(ex->entries[idx].name, h->name) == 0)
				break;
		if (idx == ex->n) {
			c->reason = MIGRATE_REASON_REMOVED;
		} else if (idx == i) {
			c->reason = MIGRATE_REASON_EDITED;
		} else {
			c->file = ex->entries[i].name;
			c->reason = MIGRATE_REASON_ADDED;
		}
		return;
	}
	c->line = (unsigned)(ac->n + 2);
	c->pos = pos;
	c->reason = MIGRATE_REASON_ADDED;
	/* Upstream indexes ex[len(ac)]; equal totals with more entries in
	 * the sum file cannot reach here, so ex has one more entry. */
	c->file = ac->n < ex->n ? ex->entries[ac->n].name : "";
}

int migrate_dir_verify(struct migrate_check *check, struct migrate_sum *computed,
		       struct arena *a, struct migrate_dir *dir, struct diags *d)
{
	struct migrate_sum ac, ex;
	char *path = arena_printf(a, "%s/atlas.sum", dir->path);
	char *buf;
	size_t len;
	int rc;

	memset(check, 0, sizeof(*check));
	if (computed)
		memset(computed, 0, sizeof(*computed));
	if (util_read_file(&buf, &len, a, path) < 0) {
		if (errno != ENOENT) {
			int err = errno;
			check->status = -1;
			return diag_errorf(d, NULL, "%s %s: %s", err == EISDIR ? "read" : "open",
					   path, migrate_strerror(a, err));
		}
		if (computed && migrate_sum_compute(computed, a, dir, d) < 0) {
			check->status = -1;
			return -1;
		}
		if (dir->nfiles > 0) {
			check->status = MIGRATE_ESUM_NOT_FOUND;
			diag_errorf(d, NULL, "checksum file not found");
			return MIGRATE_ESUM_NOT_FOUND;
		}
		return 0;
	}
	rc = sum_parse(&ac, a, buf, len, d);
	if (rc < 0) {
		check->status = rc;
		struct diags scratch;
		diags_init(&scratch, a);
		if (computed && migrate_sum_compute(computed, a, dir, &scratch) < 0)
			memset(computed, 0, sizeof(*computed));
		return rc;
	}
	if (sum_compute(&ex, a, dir, false, NULL, d) < 0) {
		check->status = -1;
		return -1;
	}
	/* The total is a function of the entries: when they equal the sum
	 * file's, it is the total sum_parse computed, not worth hashing
	 * again (all names and hashes of the directory, issue 9: W4). */
	if (sums_equal(&ac, &ex))
		memcpy(ex.total, ac.total, sizeof(ex.total));
	else
		migrate_sum_total(ex.total, ex.entries, ex.n);
	if (computed)
		*computed = ex;
	if (strcmp(ac.total, ex.total) == 0)
		return 0;
	localise(check, &ac, &ex);
	check->status = MIGRATE_ESUM_MISMATCH;
	diag_errorf(d, NULL, "checksum mismatch");
	return MIGRATE_ESUM_MISMATCH;
}


/* ---- statement hashes (§4.6 step 3) ------------------------------------ */

struct migrate_stmt_hasher {
	SHA256_CTX ctx;
};

struct migrate_stmt_hasher *migrate_stmt_hasher_new(struct arena *a)
{
	struct migrate_stmt_hasher *h = arena_alloc(a, sizeof(*h));

	SHA256_Init(&h->ctx);
	return h;
}

void migrate_stmt_hasher_add(struct migrate_stmt_hasher *h, struct str text,
			     char out[MIGRATE_HASH_LEN + 1])
{
	SHA256_Update(&h->ctx, text.p, text.len);
	snapshot(&h->ctx, out);
}

void migrate_stmt_hasher_release(struct migrate_stmt_hasher *h)
{
	/* nothing to free: the context lives in the arena */
	(void)h;
}

char **migrate_stmt_hashes(struct arena *a, const struct migrate_stmt *stmts, size_t n)
{
	struct migrate_stmt_hasher *h = migrate_stmt_hasher_new(a);
	char **v = arena_alloc(a, (n ? n : 1) * sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		v[i] = arena_alloc(a, MIGRATE_HASH_LEN + 1);
		migrate_stmt_hasher_add(h, stmts[i].text, v[i]);
	}
	migrate_stmt_hasher_release(h);
	return v;
}
