// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The syscalls the kretprobe.multi result hook watches, and their kernel function names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"
#include "retsyms.h"

#define SYM_PREFIX "__x64_sys_" /* arch/x86/include/asm/syscall_wrapper.h */

/*
 * Left unwatched (a denial in them is reported with an unknown result, never a wrong one):
 * syscalls that check no capability and run hot, and the reads and waits that block, each
 * of which would hold one of the kretprobe's return slots (rethook) while it sleeps. A
 * capability checked inside a read (sysfs attributes that hide fields from the
 * unprivileged, e.g. PCI config space past 64 bytes) only shortens what it returns.
 */
static const char *const unwatched[] = {
	"read", "pread64", "readv", "preadv", "preadv2", "recvfrom", "recvmsg", "recvmmsg",
	"getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getresuid",
	"getresgid", "getpgrp", "getpgid", "getsid", "getgroups", "getcwd", "getrusage",
	"getrlimit", "getitimer", "getcpu", "getrandom", "gettimeofday", "time",
	"clock_gettime", "clock_getres", "times", "uname", "umask", "sched_yield",
	"sched_getaffinity", "sched_getparam", "sched_getscheduler", "nanosleep",
	"clock_nanosleep", "futex", "futex_waitv", "set_robust_list", "get_robust_list",
	"poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2",
	"rt_sigreturn", "rt_sigprocmask", "rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait",
	"sigaltstack", "pause", "alarm", "wait4", "waitid", "exit", "exit_group",
	"restart_syscall", "close", "dup", "dup2", "dup3", "lseek", "munmap", "fstat",
	"io_getevents", "io_pgetevents", "rseq", "set_tid_address", "arch_prctl",
};

/*
 * With one fexit program per entry point (kernels without kprobe_multi), each costs a
 * program load and a trampoline: only the syscalls whose capability failures capfix's
 * rules diagnose (docs/rules.md) are watched there.
 */
static const char *const fexit_watched[] = {
	"bind", "socket", "setsockopt", "sendmsg", "sendto", "write", "writev", "ioctl",
	"open", "openat", "openat2", "creat", "execve", "execveat", "chown", "fchown",
	"lchown", "fchownat", "chmod", "fchmod", "fchmodat", "mknod", "mknodat", "mount",
	"umount2", "chroot", "setuid", "setgid", "setresuid", "setresgid", "setgroups", "capset",
	"prctl", "kill", "ptrace", "setrlimit", "prlimit64", "setpriority",
	"sched_setscheduler", "mlock", "mlockall", "sethostname", "settimeofday",
	"clock_settime", "unshare", "setns", "clone3", "bpf", "perf_event_open", "setxattr",
	"lsetxattr", "fsetxattr", "utimensat", "linkat", "unlinkat", "renameat2", "newfstatat",
	"statx", "faccessat2", "mkdirat", "syslog",
};

bool ret_syscall_fexit_watched(const char *sym, void *ctx)
{
	const char *name = syscall_name(ret_sym_syscall(sym));
	size_t i;

	(void)ctx;
	for (i = 0; name && i < sizeof(fexit_watched) / sizeof(fexit_watched[0]); i++)
		if (!strcmp(fexit_watched[i], name))
			return true;
	return false;
}

bool ret_syscall_watched(int nr)
{
	const char *name = syscall_name(nr);
	size_t i;

	if (!name || nr < 0 || nr >= CAPFIX_NR_SYSCALLS)
		return false;
	for (i = 0; i < sizeof(unwatched) / sizeof(unwatched[0]); i++)
		if (!strcmp(unwatched[i], name))
			return false;
	return true;
}

int ret_sym_syscall(const char *sym)
{
	const char *name;
	int nr;

	if (strncmp(sym, SYM_PREFIX, strlen(SYM_PREFIX)))
		return -1;
	name = sym + strlen(SYM_PREFIX);
	nr = syscall_from_name(name);
	if (nr >= 0)
		return nr;
	/* the entry points named after the kernel function, not the syscall (syscall_64.tbl) */
	if (!strcmp(name, "newstat") || !strcmp(name, "newlstat") || !strcmp(name, "newfstat") ||
	    !strcmp(name, "newuname"))
		return syscall_from_name(name + 3);
	if (!strcmp(name, "umount"))
		return syscall_from_name("umount2");
	return -1;
}

static bool has_nr(const struct ret_targets *rt, int nr)
{
	return (rt->nrs[nr / 64] >> (nr % 64)) & 1;
}

int ret_targets_copy(struct ret_targets *dst, const struct ret_targets *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->syms = calloc(src->n ? src->n : 1, sizeof(*dst->syms));
	if (!dst->syms)
		return -ENOMEM;
	for (i = 0; i < src->n; i++) {
		dst->syms[i] = strdup(src->syms[i]);
		if (!dst->syms[i]) {
			ret_targets_free(dst);
			return -ENOMEM;
		}
		dst->n++;
	}
	memcpy(dst->nrs, src->nrs, sizeof(dst->nrs));
	return 0;
}

int ret_targets_read(struct ret_targets *rt, FILE *fp)
{
	char line[512], sym[256], type;
	const char **syms;
	size_t cap = 0;
	int nr;

	memset(rt, 0, sizeof(*rt));
	while (fgets(line, sizeof(line), fp)) {
		/* "ADDR T NAME [module]": entry points are global text, never in a module */
		if (sscanf(line, "%*s %c %255s", &type, sym) != 2 || (type != 'T' && type != 't') ||
		    strchr(line, '['))
			continue;
		nr = ret_sym_syscall(sym);
		if (nr < 0 || !ret_syscall_watched(nr) || has_nr(rt, nr))
			continue;
		if (rt->n == cap) {
			cap = cap ? cap * 2 : 256;
			syms = realloc(rt->syms, cap * sizeof(*syms));
			if (!syms)
				goto nomem;
			rt->syms = syms;
		}
		rt->syms[rt->n] = strdup(sym);
		if (!rt->syms[rt->n])
			goto nomem;
		rt->n++;
		rt->nrs[nr / 64] |= 1ULL << (nr % 64);
	}
	return rt->n ? 0 : -ENOENT;
nomem:
	ret_targets_free(rt);
	return -ENOMEM;
}

void ret_targets_filter(struct ret_targets *rt, bool (*keep)(const char *sym, void *ctx), void *ctx)
{
	size_t i, n = 0;
	int nr;

	for (i = 0; i < rt->n; i++) {
		if (keep(rt->syms[i], ctx)) {
			rt->syms[n++] = rt->syms[i];
			continue;
		}
		nr = ret_sym_syscall(rt->syms[i]);
		rt->nrs[nr / 64] &= ~(1ULL << (nr % 64));
		free((void *)rt->syms[i]);
	}
	rt->n = n;
}

void ret_targets_free(struct ret_targets *rt)
{
	size_t i;

	for (i = 0; i < rt->n; i++)
		free((void *)rt->syms[i]);
	free(rt->syms);
	memset(rt, 0, sizeof(*rt));
}
