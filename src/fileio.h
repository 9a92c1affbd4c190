/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Writing files that others read (drop-ins, emitted artefacts): whole or not at all. */
#ifndef __CAPFIX_FILEIO_H
#define __CAPFIX_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * text into path (relative to dirfd, or AT_FDCWD) through a temporary file beside it,
 * fsync() and rename(): a reader (systemd, a shell) never sees half a file. Never follows
 * a symlink at the temporary name. 0 or -errno.
 */
int file_write_atomic(int dirfd, const char *path, const char *text, size_t len, mode_t mode);

#endif /* __CAPFIX_FILEIO_H */
