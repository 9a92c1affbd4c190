/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Files in and out: bounded reads of (proc) files, and writes others see whole or not at all. */
#ifndef __CAPFIX_FILEIO_H
#define __CAPFIX_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

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
 * text into path (relative to dirfd, or AT_FDCWD) through a temporary file beside it,
 * fsync() and rename(): a reader (systemd, a shell) never sees half a file. Never follows
 * a symlink at the temporary name. 0 or -errno.
 */
int file_write_atomic(int dirfd, const char *path, const char *text, size_t len, mode_t mode);

#endif /* __CAPFIX_FILEIO_H */
