// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Queries run in a child: the netns port sysctl (setns; no exec, no mount namespace change). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "fileio.h"
#include "parse.h"
#include "proc.h"
#include "sysquery.h"
#include "util.h"

/* ------------------------------------------------------------------------------------------
 * net.ipv4.ip_unprivileged_port_start of another network namespace
 */

#define PORT_START_PATH "/proc/sys/net/ipv4/ip_unprivileged_port_start"

static int read_port_start(void)
{
	char buf[32];
	ssize_t n = file_read_small(PORT_START_PATH, buf, sizeof(buf));

	/* no such sysctl before 4.11: the limit is the fixed PROT_SOCK, 1024 */
	if (n == -ENOENT)
		return 1024;
	if (n < 0)
		return (int)n;
	return port_start_parse(buf, (size_t)n);
}

/* wait for child up to ms milliseconds, then kill it; its exit status or -1 */
static int reap(pid_t child, int ms)
{
	int st, i;

	for (i = 0; i <= ms / 10; i++) {
		pid_t r = waitpid(child, &st, WNOHANG);

		if (r == child)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
		usleep(10000);
	}
	kill(child, SIGKILL);
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	return -1;
}

/*
 * The sysctl is per network namespace and /proc/sys/net resolves against the *reader's*
 * netns (net/sysctl_net.c net_ctl_header_lookup uses current->nsproxy->net_ns), so neither
 * /proc/PID/net nor /proc/PID/root/proc/sys can show another namespace's value. When the
 * namespaces differ, a forked child setns()es into the process's netns and reads it there;
 * capfix itself never changes namespace. Needs CAP_SYS_ADMIN (setns), else -EPERM.
 */
int netns_port_start(pid_t pid)
{
	char p[64];
	int fd, pipefd[2], v = -EIO, st;
	pid_t child;

	if (!pid || proc_ns_ino(pid, "net") == proc_ns_ino(0, "net")) {
		if (pid && !proc_ns_ino(pid, "net"))
			return -ESRCH;
		return read_port_start();
	}
	snprintf(p, sizeof(p), "/proc/%d/ns/net", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pipe2(pipefd, O_CLOEXEC)) {
		v = -errno;
		close(fd);
		return v;
	}
	child = fork();
	if (child < 0) {
		v = -errno;
		close(fd);
		close(pipefd[0]);
		close(pipefd[1]);
		return v;
	}
	if (!child) {
		int r = setns(fd, CLONE_NEWNET) ? -errno : read_port_start();

		if (write(pipefd[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fd);
	close(pipefd[1]);
	{
		char buf[sizeof(int) + 1];

		if (fd_read_until(pipefd[0], buf, sizeof(buf), 2000) == sizeof(int))
			memcpy(&v, buf, sizeof(int));
	}
	close(pipefd[0]);
	st = reap(child, 500);
	(void)st;
	return v;
}
