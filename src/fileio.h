/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Files in and out: bounded reads of (proc) files, and writes others see whole or not at all. */
#ifndef __CAPFIX_FILEIO_H
#define __CAPFIX_FILEIO_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

/*
 * path (openat2(2) dirfd and RESOLVE_* flags; AT_FDCWD and 0 for a plain path) opened for
 * reading only if it is a regular file: O_PATH first, fstat(), then that inode reopened
 * through /proc/self/fd with O_NONBLOCK. A FIFO or a device node is never opened (no
 * blocking, no driver side effect: /dev/watchdog). The fd, -EBADFD when the file is not a
 * regular one, or -errno.
 */
int file_open_regular(int dirfd, const char *path, __u64 resolve);

/*
 * Reads never block on a FIFO or a tty (O_NONBLOCK | O_NOCTTY) and stop at a bound.
 * file_read_small(): up to cap-1 bytes into buf, NUL-terminated; the length or -errno.
 * file_read_alloc(): the whole file, at most max bytes, into a malloc'd NUL-terminated *out
 * (the caller frees it); the length or -errno (*out is NULL then).
 */
ssize_t file_read_small(const char *path, char *buf, size_t cap);
#define FILE_READ_ALLOC_MAX (16u << 20) /* mountinfo of a big kubernetes node is a few MiB */
ssize_t file_read_alloc(const char *path, size_t max, char **out);
/*
 * From fd (a pipe from a child) until EOF or ms milliseconds: up to max-1 bytes into buf,
 * NUL-terminated; the rest is read and dropped, so a writer never blocks on a full pipe.
 * The length kept, -ETIMEDOUT, or -errno.
 */
ssize_t fd_read_until(int fd, char *buf, size_t max, int ms);

/*
 * text into path (relative to dirfd, or AT_FDCWD) through a temporary file beside it,
 * fsync() and rename(): a reader (systemd, a shell) never sees half a file. Never follows
 * a symlink at the temporary name. 0 or -errno.
 */
int file_write_atomic(int dirfd, const char *path, const char *text, size_t len, mode_t mode);

#endif /* __CAPFIX_FILEIO_H */
