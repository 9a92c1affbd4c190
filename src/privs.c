// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* capfix's own capabilities: check what it needs before loading, drop the rest after attaching. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "names.h"
#include "privs.h"
#include "strutil.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define BIT(c) (1ULL << (c))

static int caps_get(__u64 *eff, __u64 *prm, __u64 *inh)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {};

	if (syscall(SYS_capget, &h, d))
		return -errno;
	*eff = d[0].effective | (__u64)d[1].effective << 32;
	*prm = d[0].permitted | (__u64)d[1].permitted << 32;
	*inh = d[0].inheritable | (__u64)d[1].inheritable << 32;
	return 0;
}

static int caps_set(__u64 eff, __u64 prm, __u64 inh)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {
		{ (__u32)eff, (__u32)prm, (__u32)inh },
		{ (__u32)(eff >> 32), (__u32)(prm >> 32), (__u32)(inh >> 32) },
	};

	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

static void name_missing(char *buf, size_t len, __u64 missing)
{
	int c;

	for (c = 0; c < 64; c++)
		if (missing & BIT(c))
			str_appendf(buf, len, "%s%s", buf[0] ? ", " : "", cap_name(c) ?: "?");
}

int privs_check(bool spawn_as_user, char *why, size_t len, char *warn, size_t warnlen)
{
	__u64 eff, prm, inh, missing = 0, opt;
	char names[256] = "";
	int err;

	if (warn && warnlen)
		warn[0] = '\0';
	err = caps_get(&eff, &prm, &inh);
	if (err) {
		str_printf(why, len, "cannot read capfix's own capabilities: %s", strerror(-err));
		return err;
	}
	/*
	 * Loading tracing programs: bpf(BPF_PROG_LOAD) wants CAP_BPF (bpf_capable()) and, for
	 * tracing, kprobe and raw tracepoint programs, CAP_PERFMON (is_perfmon_prog_type() in
	 * kernel/bpf/syscall.c); CAP_SYS_ADMIN implies both (and is all older kernels know).
	 */
	if (!(eff & BIT(CAP_SYS_ADMIN)))
		missing |= ~eff & (BIT(CAP_BPF) | BIT(CAP_PERFMON));
	/* a COMMAND started with a service's credentials: setresuid/setgroups, bounding drops */
	if (spawn_as_user)
		missing |= ~eff & (BIT(CAP_SETUID) | BIT(CAP_SETGID) | BIT(CAP_SETPCAP));
	if (missing) {
		name_missing(names, sizeof(names), missing);
		str_printf(why, len,
			   "missing %s: capfix needs CAP_BPF and CAP_PERFMON to load its BPF "
			   "programs%s; run it as root or grant them (capfix(8), docs/capfix.service)",
			   names,
			   spawn_as_user ? ", and CAP_SETUID, CAP_SETGID and CAP_SETPCAP to start a "
					   "command as another user" :
					   "");
		return -EPERM;
	}
	opt = ~eff & (BIT(CAP_SYS_PTRACE) | BIT(CAP_DAC_READ_SEARCH));
	if (opt && warn && warnlen) {
		name_missing(names, sizeof(names), opt);
		str_printf(warn, warnlen,
			   "without %s, capfix cannot look at other users' processes (/proc/PID/exe, "
			   "mountinfo: CAP_SYS_PTRACE) or at executables in directories it may not "
			   "search (file capabilities: CAP_DAC_READ_SEARCH); what the kernel "
			   "captured is still reported, the rest as unknown",
			   names);
	}
	return 0;
}

int privs_drop(bool keep_kill)
{
	__u64 eff, prm, inh, keep;
	int c, err;

	err = caps_get(&eff, &prm, &inh);
	if (err)
		return err;
	/* no CAP_SYS_CHROOT: capfix never enters another mount namespace (manager.c) */
	keep = BIT(CAP_SYS_PTRACE) | BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_SYS_ADMIN);
	if (keep_kill)
		keep |= BIT(CAP_KILL);
	keep &= prm;
	/*
	 * The bounding set first, while CAP_SETPCAP may still be there: as root, an execve()
	 * would otherwise hand the dropped capabilities back (the permitted set of a uid-0
	 * exec is the bounding set, capabilities(7)). Without CAP_SETPCAP it stays as it is.
	 */
	if (prm & BIT(CAP_SETPCAP))
		for (c = 0; c < 64; c++) {
			if (keep & BIT(c))
				continue;
			if (prctl(PR_CAPBSET_READ, (unsigned long)c, 0, 0, 0) != 1)
				continue;
			prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0, 0);
		}
	/* ambient caps need permitted and inheritable: clear them, then shrink both */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	return caps_set(keep, keep, 0);
}
