// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The findings' stream on stdout: never deaf to a signal, and says what a reader missed. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include "outchan.h"

struct outchan {
	int fd;
	volatile sig_atomic_t *stop;
	int grace_ms;
	int err; /* the first write error (EPIPE: the reader is gone), 0 none */
	unsigned long long dropped;
};

static FILE *chans[4]; /* the streams outchan_dropped() may be asked about */
static struct outchan *cookies[4];

/*
 * Wait for room with poll() instead of blocking in write(): a signal handler installed
 * without SA_RESTART interrupts poll() (it is never restarted, signal(7)), and the loop then
 * sees *stop. A write of at most PIPE_BUF bytes after POLLOUT does not block on a pipe: a
 * free slot is what POLLOUT reports (fs/pipe.c pipe_poll, pipe_write).
 */
static ssize_t oc_write(void *cookie, const char *buf, size_t n)
{
	struct outchan *oc = cookie;
	size_t off = 0;
	ssize_t w;
	int r;

	if (oc->err) {
		oc->dropped += n;
		errno = oc->err;
		return -1;
	}
	while (off < n) {
		struct pollfd p = {.fd = oc->fd, .events = POLLOUT};

		r = poll(&p, 1, *oc->stop ? oc->grace_ms : -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			/* asked to stop, and the reader took nothing for grace_ms */
			oc->err = EAGAIN;
			break;
		}
		if (r < 0) {
			oc->err = errno;
			break;
		}
		w = write(oc->fd, buf + off, n - off > PIPE_BUF ? PIPE_BUF : n - off);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0) {
			oc->err = w < 0 ? errno : EIO;
			break;
		}
		off += (size_t)w;
	}
	if (off == n)
		return (ssize_t)n;
	oc->dropped += n - off;
	if (off)
		return (ssize_t)off; /* stdio retries the rest, which then fails at once */
	errno = oc->err;
	return -1;
}

static int oc_close(void *cookie)
{
	struct outchan *oc = cookie;
	int r = close(oc->fd);
	size_t i;

	for (i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++)
		if (cookies[i] == oc)
			cookies[i] = NULL, chans[i] = NULL;
	free(oc);
	return r;
}

FILE *outchan_open(int fd, volatile sig_atomic_t *stop, int grace_ms)
{
	cookie_io_functions_t io = {.write = oc_write, .close = oc_close};
	struct outchan *oc = calloc(1, sizeof(*oc));
	FILE *f;
	size_t i;

	if (!oc)
		return NULL;
	oc->fd = fd;
	oc->stop = stop;
	oc->grace_ms = grace_ms;
	f = fopencookie(oc, "w", io);
	if (!f) {
		free(oc);
		return NULL;
	}
	for (i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++)
		if (!chans[i]) {
			chans[i] = f, cookies[i] = oc;
			break;
		}
	return f;
}

unsigned long long outchan_dropped(FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof(chans) / sizeof(chans[0]); i++)
		if (f && chans[i] == f)
			return cookies[i]->dropped;
	return 0;
}
