/*
 * Small OS helpers: whole-file reads into the arena and clocks.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int util_read_file(char **out, size_t *len, struct arena *a, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
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
			ssize_t r = read(fd, &probe, 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				int e = errno;
				close(fd);
				errno = e;
				return -1;
			}
			if (r == 0)
				break;
			buf = arena_realloc(a, buf, cap + 1, cap * 2 + 1);
			cap *= 2;
			buf[n++] = probe;
			continue;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
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
