// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Queries run in a child: the netns port sysctl (setns) and `systemctl show` for a unit. */
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

/* read from fd until EOF, the deadline or max bytes (the rest is drained and dropped) */
static ssize_t read_until(int fd, char *buf, size_t max, int ms)
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

		if (read_until(pipefd[0], buf, sizeof(buf), 2000) == sizeof(int))
			memcpy(&v, buf, sizeof(int));
	}
	close(pipefd[0]);
	st = reap(child, 500);
	(void)st;
	return v;
}

/* ------------------------------------------------------------------------------------------
 * systemctl show
 */

#define UNIT_PROPS_OUT_MAX (256 << 10)

static const char *const props[] = {
    "Id",
    "LoadState",
    "FragmentPath",
    "User",
    "DynamicUser",
    "NoNewPrivileges",
    "PrivateUsers",
    "CapabilityBoundingSet",
    "AmbientCapabilities",
    "SecureBits",
    "RestrictAddressFamilies",
    "SystemCallFilter",
    "SystemCallArchitectures",
    "SystemCallLog",
    "PrivateDevices",
    "ProtectKernelTunables",
    "ProtectKernelModules",
    "ProtectKernelLogs",
    "ProtectClock",
    "ProtectHostname",
    "LockPersonality",
    "MemoryDenyWriteExecute",
    "RestrictRealtime",
    "RestrictSUIDSGID",
    "RestrictNamespaces",
};

int unit_props_read_ns(pid_t ns_pid, const char *unit, bool user_manager, uid_t uid,
		       struct unit_props *up)
{
	static const char *const bins[] = {"/usr/bin/systemctl", "/bin/systemctl"};
	char xdg[64], run[64], *out = NULL;
	const char *argv[64];
	/* the last slot before NULL is for XDG_RUNTIME_DIR */
	char *envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
			"LC_ALL=C",
			"SYSTEMD_PAGER=",
			"SYSTEMD_COLORS=0",
			"SYSTEMD_LOG_LEVEL=err",
			NULL,
			NULL};
	int a = 0, bin = -1, mntfd = -1, pidfd = -1, pipefd[2], err, st;
	pid_t child;
	ssize_t n;
	size_t i;

	memset(up, 0, sizeof(*up));
	up->bounding_set = ~0ULL;
	if (!unit_name_valid(unit))
		return -EINVAL;
	if (ns_pid > 0)
		snprintf(run, sizeof(run), "/proc/%d/root/run/systemd/system", (int)ns_pid);
	else
		snprintf(run, sizeof(run), "/run/systemd/system");
	if (access(run, F_OK))
		return -EOPNOTSUPP; /* not booted with systemd (sd_booted) */
	/* capfix's own systemctl: never one from a container's filesystem */
	for (i = 0; i < ARRAY_SIZE(bins) && bin < 0; i++)
		bin = open(bins[i], O_RDONLY | O_CLOEXEC);
	if (bin < 0)
		return -ENOENT;
	if (ns_pid > 0 && proc_ns_ino(ns_pid, "mnt") != proc_ns_ino(0, "mnt")) {
		snprintf(run, sizeof(run), "/proc/%d/ns/mnt", (int)ns_pid);
		mntfd = open(run, O_RDONLY | O_CLOEXEC);
		if (mntfd < 0) {
			err = -errno;
			goto out_fds;
		}
	}
	/* the manager's pid namespace: its PID 1's (the process may be in a deeper one) */
	if (ns_pid > 0 && proc_ns_ino(ns_pid, "pid") != proc_ns_ino(0, "pid")) {
		snprintf(run, sizeof(run), "/proc/%d/ns/pid", (int)ns_pid);
		pidfd = open(run, O_RDONLY | O_CLOEXEC);
		if (pidfd < 0) {
			err = -errno;
			goto out_fds;
		}
	}

	argv[a++] = "systemctl";
	if (user_manager) {
		/*
		 * The user manager's private socket, $XDG_RUNTIME_DIR/systemd/private, which
		 * systemctl --user tries first and whose manager accepts root as a peer
		 * (bus_check_peercred). Not --machine=UID@.host: that starts a PAM login
		 * session through systemd-run, a side effect a diagnosis must not have.
		 */
		snprintf(xdg, sizeof(xdg), "XDG_RUNTIME_DIR=/run/user/%u", (unsigned int)uid);
		envp[ARRAY_SIZE(envp) - 2] = xdg;
		argv[a++] = "--user";
	}
	argv[a++] = "show";
	argv[a++] = "--no-pager";
	for (i = 0; i < ARRAY_SIZE(props) && a < (int)ARRAY_SIZE(argv) - 4; i++) {
		argv[a++] = "-p";
		argv[a++] = props[i];
	}
	argv[a++] = "--";
	argv[a++] = unit;
	argv[a] = NULL;

	if (pipe2(pipefd, O_CLOEXEC)) {
		err = -errno;
		goto out_fds;
	}
	child = fork();
	if (child < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		goto out_fds;
	}
	if (!child) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null < 0 || dup2(null, 0) < 0 || dup2(pipefd[1], 1) < 0 || dup2(null, 2) < 0)
			_exit(127);
		if (mntfd >= 0 && (setns(mntfd, CLONE_NEWNS) || chdir("/")))
			_exit(126);
		if (pidfd >= 0) {
			/*
			 * systemd drops a private-bus client it cannot see in its own pid
			 * namespace (verified with systemd 252 as PID 1 of a child pid ns), and
			 * setns(CLONE_NEWPID) only applies to children: fork once more
			 */
			pid_t gc;
			int st2;

			if (setns(pidfd, CLONE_NEWPID))
				_exit(126);
			gc = fork();
			if (gc < 0)
				_exit(126);
			if (gc) {
				while (waitpid(gc, &st2, 0) < 0)
					if (errno != EINTR)
						_exit(126);
				_exit(WIFEXITED(st2) ? WEXITSTATUS(st2) : 126);
			}
			prctl(PR_SET_PDEATHSIG, SIGKILL);
		}
		fexecve(bin, (char *const *)argv, envp);
		_exit(127);
	}
	close(pipefd[1]);
	out = malloc(UNIT_PROPS_OUT_MAX);
	n = out ? read_until(pipefd[0], out, UNIT_PROPS_OUT_MAX, 5000) : -ENOMEM;
	close(pipefd[0]);
	st = reap(child, n == -ETIMEDOUT ? 0 : 1000);
	if (n < 0)
		err = (int)n;
	else if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		err = -EIO;
	else
		err = unit_props_parse(out, (size_t)n, up);
	if (err)
		up->known = false;
	free(out);
out_fds:
	if (mntfd >= 0)
		close(mntfd);
	if (pidfd >= 0)
		close(pidfd);
	close(bin);
	return err;
}

int unit_props_read(const char *unit, bool user_manager, uid_t uid, struct unit_props *up)
{
	return unit_props_read_ns(0, unit, user_manager, uid, up);
}
