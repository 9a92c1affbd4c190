// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Files in and out: bounded reads of (proc) files, and writes others see whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>
#include "fileio.h"
#include "strutil.h"

int file_open_regular(int dirfd, const char *path, __u64 resolve)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = resolve};
	char self[64];
	struct stat st;
	int pfd, fd;

	/* O_PATH does not open the file itself: no FIFO wakes, no driver's open() runs */
	pfd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (pfd < 0 && errno == ENOSYS && !resolve)
		pfd = openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (fstat(pfd, &st)) {
		fd = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		fd = -EBADFD;
	} else {
		/* the same inode, now for reading; O_NONBLOCK: a lease does not stall the open */
		snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
		fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			fd = -errno;
	}
	close(pfd);
	return fd;
}

ssize_t file_read_small(const char *path, char *buf, size_t cap)
{
	size_t got = 0;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	while (got + 1 < cap) {
		ssize_t r = read(fd, buf + got, cap - 1 - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			return err;
		}
		if (!r)
			break;
		got += r;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

ssize_t file_read_alloc(const char *path, size_t max, char **out)
{
	size_t cap = 64 << 10, got = 0;
	char *buf = NULL, *nb;
	int fd, err = 0;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t r;

		if (!buf || got + 1 >= cap) {
			if (buf)
				cap *= 2;
			if (cap > max + 1)
				cap = max + 1;
			if (buf && got + 1 >= cap)
				break; /* at the limit: keep what we have */
			nb = realloc(buf, cap);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + got, cap - 1 - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!r)
			break;
		got += r;
	}
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	buf[got] = '\0';
	*out = buf;
	return (ssize_t)got;
}

ssize_t fd_read_until(int fd, char *buf, size_t max, int ms)
{
	struct timespec t0, t;
	size_t got = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		char sink[4096];
		long left;
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r ? -errno : -ETIMEDOUT;
		if (got + 1 < max)
			r = read(fd, buf + got, max - 1 - got);
		else
			r = read(fd, sink, sizeof(sink));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			break;
		if (got + 1 < max)
			got += r;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

int file_write_atomic(int dirfd, const char *path, const char *text, size_t len, mode_t mode)
{
	const char *base = strrchr(path, '/');
	char tmp[4096 + 64];
	size_t off = 0;
	unsigned int i;
	ssize_t w;
	int fd = -1, r = 0;

	/*
	 * ".NAME.capfix-PID-N" in the same directory: rename() is atomic only within one fs,
	 * and systemd reads only *.conf from a drop-in directory. The name is this process's
	 * own and created with O_EXCL, never removed first: another run writing the same file
	 * at the same time keeps its temporary file, and the last rename wins whole.
	 */
	base = base ? base + 1 : path;
	for (i = 0; i < 100 && fd < 0; i++) {
		if (str_printf(tmp, sizeof(tmp), "%.*s.%s.capfix-%d-%u", (int)(base - path), path,
			       base, (int)getpid(), (unsigned int)random() ^ i))
			return -ENAMETOOLONG;
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    mode);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	while (off < len) {
		w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r = w < 0 ? -errno : -EIO;
			break;
		}
		off += (size_t)w;
	}
	/* the umask may have narrowed the mode at creation */
	if (!r && fchmod(fd, mode) < 0)
		r = -errno;
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r && renameat(dirfd, tmp, dirfd, path) < 0)
		r = -errno;
	if (r)
		unlinkat(dirfd, tmp, 0);
	return r;
}
