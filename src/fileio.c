// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Writing files that others read (drop-ins, emitted artefacts): whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"
#include "strutil.h"

int file_write_atomic(int dirfd, const char *path, const char *text, size_t len, mode_t mode)
{
	const char *base = strrchr(path, '/');
	char tmp[4096 + 32];
	size_t off = 0;
	ssize_t w;
	int fd, r = 0;

	/* ".NAME.capfix-tmp" in the same directory: rename() is atomic only within one fs,
	 * and systemd reads only *.conf from a drop-in directory */
	base = base ? base + 1 : path;
	if (str_printf(tmp, sizeof(tmp), "%.*s.%s.capfix-tmp", (int)(base - path), path, base))
		return -ENAMETOOLONG;
	unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
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
