// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Benchmark workloads for make bench: a fixed number of iterations of one kind of syscall,
 * timed with CLOCK_MONOTONIC around the loop only (setup and privilege drop excluded).
 * Prints one line: "capbench mode=M pid=P iters=N elapsed_ns=T cpu_ns=C ns_per_iter=X
 * best_ns_per_iter=B failures=F".
 */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NOBODY 65534
#define CHOWN_UID 1000 /* any uid other than root's; need not exist */

static const char usage_text[] =
	"USAGE: capbench MODE [-n ITERS] [-o FILE] [--wait]\n"
	"\n"
	"MODE (the workloads of make bench):\n"
	"  getppid  syscall(SYS_getppid) in a loop: syscalls, no capability check\n"
	"  chown    as root, chown a file in /tmp (or --dir) to uid 1000 and back, by path:\n"
	"           four CAP_CHOWN checks per iteration, all granted\n"
	"  fchown   the same with fchown on a file in /dev/shm: the same checks in a third of\n"
	"           the time, the worst case for a cost paid per check\n"
	"  mmap     as nobody, mmap+munmap 4 KiB of anonymous private writable memory: the\n"
	"           overcommit probe (CAP_SYS_ADMIN) is denied, the syscall succeeds\n"
	"  bind     as nobody, bind one TCP socket to 127.0.0.1:80: CAP_NET_BIND_SERVICE\n"
	"           denied, every bind fails with EACCES\n"
	"\n"
	"  -n, --iters N   iterations (default: per mode, about 0.3 s untraced)\n"
	"  -c, --chunks K  time the loop in K chunks, report the fastest too (default 20)\n"
	"  -o, --out FILE  write the result line to FILE instead of stdout\n"
	"  -d, --dir DIR   where chown makes its file (default /tmp)\n"
	"      --wait      after setup, wait for a byte on stdin before starting the clock\n"
	"                  (lets a tracer attach to the pid first)\n"
	"\n"
	"EXAMPLES:\n"
	"  capbench getppid -n 2000000\n"
	"  capfix --json -- capbench bind -o /tmp/result\n";

enum mode { MODE_GETPPID, MODE_CHOWN, MODE_FCHOWN, MODE_MMAP, MODE_BIND };

static const struct {
	const char *name;
	long iters;
	bool as_nobody;
} modes[] = {
	[MODE_GETPPID] = { "getppid", 2000000, false },
	[MODE_CHOWN] = { "chown", 70000, false },
	[MODE_FCHOWN] = { "fchown", 200000, false },
	[MODE_MMAP] = { "mmap", 300000, true },
	[MODE_BIND] = { "bind", 500000, true },
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* time on a CPU, the kernel's work for this process included (task_work, BPF programs) */
static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* what a service manager's User=nobody does: no supplementary groups, no capabilities left */
static int drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return -errno;
	return 0;
}

static long run_getppid(long n)
{
	long i, fails = 0;

	/* the raw syscall: glibc versions that cache getppid() would never enter the kernel */
	for (i = 0; i < n; i++)
		if (syscall(SYS_getppid) < 0)
			fails++;
	return fails;
}

/*
 * Owner and group both change each time: chown_ok() and chgrp_ok() (fs/attr.c) check
 * CAP_CHOWN once each.
 */
static long run_chown(const char *path, long n)
{
	long i, fails = 0;

	for (i = 0; i < n; i++) {
		if (chown(path, CHOWN_UID, CHOWN_UID))
			fails++;
		if (chown(path, 0, 0))
			fails++;
	}
	return fails;
}

static long run_fchown(int fd, long n)
{
	long i, fails = 0;

	for (i = 0; i < n; i++) {
		if (fchown(fd, CHOWN_UID, CHOWN_UID))
			fails++;
		if (fchown(fd, 0, 0))
			fails++;
	}
	return fails;
}

static long run_mmap(long n)
{
	long i, fails = 0;

	for (i = 0; i < n; i++) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED) {
			fails++;
			continue;
		}
		if (munmap(p, 4096))
			fails++;
	}
	return fails;
}

/*
 * A failed bind leaves the socket unbound (net/ipv4/af_inet.c __inet_bind checks the port
 * before it takes the socket), so one socket serves every iteration. Counts failed binds;
 * *other counts failures that are not EACCES.
 */
static long run_bind(int *fd, long n, long *other)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(80),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	long i, fails = 0;

	for (i = 0; i < n; i++) {
		if (bind(*fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			/* port 80 is allowed here (ip_unprivileged_port_start): start afresh */
			close(*fd);
			*fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (*fd < 0)
				return -1;
			continue;
		}
		fails++;
		if (errno != EACCES)
			(*other)++;
	}
	return fails;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "iters", required_argument, NULL, 'n' },
		{ "chunks", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "wait", no_argument, NULL, 'w' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *out_path = NULL;
	long iters = 0, fails = 0, other = 0, chunks = 20, k;
	long long t0, t1, c0, c1;
	double best = -1;
	bool wait = false;
	int c, m, fd = -1, err;
	const char *dir = "/tmp";
	char path[PATH_MAX], *end;
	FILE *out = stdout;

	while ((c = getopt_long(argc, argv, "n:c:o:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			iters = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || iters < 1) {
				fprintf(stderr, "capbench: invalid iteration count '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c':
			errno = 0;
			chunks = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || chunks < 1) {
				fprintf(stderr, "capbench: invalid chunk count '%s'\n", optarg);
				return 2;
			}
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'w':
			wait = true;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	for (m = 0; m < (int)(sizeof(modes) / sizeof(modes[0])); m++)
		if (!strcmp(argv[optind], modes[m].name))
			break;
	if (m == (int)(sizeof(modes) / sizeof(modes[0]))) {
		fprintf(stderr, "capbench: unknown mode '%s'\n", argv[optind]);
		return 2;
	}
	if (!iters)
		iters = modes[m].iters;
	if (out_path) {
		out = fopen(out_path, "w");
		if (!out) {
			fprintf(stderr, "capbench: %s: %s\n", out_path, strerror(errno));
			return 1;
		}
	}

	/* setup, untimed */
	if (m == MODE_CHOWN || m == MODE_FCHOWN) {
		if (geteuid() != 0) {
			fprintf(stderr, "capbench: %s needs root (CAP_CHOWN)\n", modes[m].name);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/capbench.XXXXXX",
			 m == MODE_FCHOWN ? "/dev/shm" : dir);
		fd = mkstemp(path);
		if (fd < 0) {
			fprintf(stderr, "capbench: %s: %s\n", path, strerror(errno));
			return 1;
		}
		if (m == MODE_FCHOWN) {
			unlink(path); /* the open file is enough */
			path[0] = '\0';
		}
	} else if (m == MODE_BIND) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			fprintf(stderr, "capbench: socket: %s\n", strerror(errno));
			return 1;
		}
	}
	if (modes[m].as_nobody && geteuid() == 0) {
		err = drop_to_nobody();
		if (err) {
			fprintf(stderr, "capbench: dropping to nobody: %s\n", strerror(-err));
			return 1;
		}
	}
	if (wait) {
		char b;

		if (read(0, &b, 1) != 1) {
			fprintf(stderr, "capbench: --wait: stdin closed\n");
			if (m == MODE_CHOWN)
				unlink(path);
			return 1;
		}
	}

	/*
	 * The loop runs in chunks: the minimum time per iteration over the chunks is the
	 * figure least disturbed by other tasks of a shared machine (a chunk that was
	 * preempted or interrupted is simply not the minimum); the totals are kept too.
	 */
	t0 = now_ns();
	c0 = cpu_ns();
	for (k = 0; k < chunks; k++) {
		long n = iters / chunks + (k < iters % chunks), f = 0;
		long long k0 = now_ns(), k1;

		switch (m) {
		case MODE_GETPPID:
			f = run_getppid(n);
			break;
		case MODE_CHOWN:
			f = run_chown(path, n);
			break;
		case MODE_FCHOWN:
			f = run_fchown(fd, n);
			break;
		case MODE_MMAP:
			f = run_mmap(n);
			break;
		case MODE_BIND:
			f = run_bind(&fd, n, &other);
			break;
		}
		k1 = now_ns();
		if (f < 0) {
			fails = f;
			break;
		}
		fails += f;
		if (n && (best < 0 || (double)(k1 - k0) / n < best))
			best = (double)(k1 - k0) / n;
	}
	c1 = cpu_ns();
	t1 = now_ns();

	fprintf(out,
		"capbench mode=%s pid=%d iters=%ld elapsed_ns=%lld cpu_ns=%lld ns_per_iter=%.1f "
		"best_ns_per_iter=%.1f failures=%ld",
		modes[m].name, getpid(), iters, t1 - t0, c1 - c0, (double)(t1 - t0) / iters, best,
		fails);
	if (other)
		fprintf(out, " other_errors=%ld", other);
	fputc('\n', out);
	if (fclose(out)) {
		perror("capbench: writing the result");
		return 1;
	}
	if (fd >= 0)
		close(fd);
	if (m == MODE_CHOWN)
		unlink(path);
	return fails < 0 || other ? 1 : 0;
}
