/*
 * Small OS helpers: whole-file reads into the arena, clocks, and Go's
 * path.Clean (upstream cleans every path it takes from a URL with it, and
 * the messages that quote such paths must match).
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* read(2), retried when a signal interrupts it. */
static ssize_t read_retry(int fd, void *p, size_t n)
{
	ssize_t r;
	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

int util_read_file(char **out, size_t *len, struct arena *a, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size : 4096;
	char *buf = arena_alloc(a, cap + 1);
	size_t n = 0;
	for (;;) {
		if (n == cap) {
			/* Full: probe for EOF before growing, so that a file whose
			 * size fstat told us costs its size and not twice that. */
			char probe;
			ssize_t r = read_retry(fd, &probe, 1);
			if (r < 0)
				goto fail;
			if (r == 0)
				break;
			buf = arena_realloc(a, buf, cap + 1, cap * 2 + 1);
			cap *= 2;
			buf[n++] = probe;
			continue;
		}
		ssize_t r = read_retry(fd, buf + n, cap - n);
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
fail:;
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

int64_t util_now_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t util_now_wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Go's path.Clean: lexical, slash-separated; "" and "a/.." give ".". */
char *util_path_clean(struct arena *a, const char *p)
{
	size_t n = strlen(p);
	if (n == 0)
		return arena_strdup(a, ".");
	bool rooted = p[0] == '/';
	char *out = arena_alloc(a, n + 2);
	size_t w = 0, r = 0, dotdot = 0;
	if (rooted) {
		out[w++] = '/';
		r = 1;
		dotdot = 1;
	}
	while (r < n) {
		if (p[r] == '/') {
			r++;
		} else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) {
			r++;
		} else if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == n || p[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			for (; r < n && p[r] != '/'; r++)
				out[w++] = p[r];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}
