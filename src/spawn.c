// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Starting a command with a service's credentials, in systemd 252's order (exec_child()). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include "names.h"
#include "spawn.h"
#include "strutil.h"
#include "util.h"

/*
 * The model, step by step, is systemd v252's exec_child() in src/core/execute.c, with the helpers
 * it calls from src/shared/capability-util.c (read in redhat-plumbers/systemd-rhel9, which is
 * v252; Debian 12 ships 252.x, and the sandbox tests compare the result with that systemd):
 *
 *   1. enforce_groups(): setgroups() (the initgroups() list plus SupplementaryGroups=), then
 *      setresgid().
 *   2. capability_bounding_set_drop(bset, right_now=false): PR_CAPBSET_DROP every cap not in
 *      CapabilityBoundingSet= and clear it from the inheritable set; permitted is untouched.
 *   3. capability_ambient_set_apply(ambient, also_inherit=true), always (also with an empty
 *      AmbientCapabilities=): caps missing from the bounding set are dropped from the request
 *      "suppressing automatically" (a debug log, not status 218/CAPABILITIES); inheritable
 *      becomes exactly the request; the request is raised in ambient, every other cap lowered.
 *   4. enforce_user(): with User=non-root and (AmbientCapabilities= or SecureBits=) set, add
 *      SECBIT_KEEP_CAPS first; then setresuid(). Without keep-caps the kernel empties permitted
 *      and effective ([CAP7] "Effect of user ID changes"): that is what makes User= differ from
 *      `setpriv --reuid`, which keeps them.
 *   5. capability_ambient_set_apply(ambient, also_inherit=false) when ambient is set: the kernel
 *      cleared ambient at the uid change (cap_emulate_setxuid, even with keep-caps: R6).
 *   6. SecureBits=: when PR_GET_SECUREBITS differs from it (keep-caps from step 4 makes it
 *      differ), raise CAP_SETPCAP in effective (capability_gain_cap_setpcap()) and
 *      PR_SET_SECUREBITS to exactly SecureBits=, which drops the keep-caps of step 4.
 *   7. NoNewPrivileges=: PR_SET_NO_NEW_PRIVS.
 *
 * Left out, since they do not change capability sets: PAM, namespaces, chroot, working
 * directory, MAC labels, seccomp (RestrictAddressFamilies= etc.; their NNP side effect is the
 * caller's to fold into no_new_privs, R1), and the pre-4.3 "ambient hack".
 *
 * Consequence worth knowing (step 4 + 6): with User= and AmbientCapabilities=, the process
 * reaches execve() with root's full permitted set (keep-caps), so under NoNewPrivileges= a
 * file-caps binary is clipped against that full set, not against the ambient set.
 */


struct spawn_caps {
	__u64 eff, prm, inh;
};

static int caps_get(struct spawn_caps *c)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	c->eff = d[0].effective | (__u64)d[1].effective << 32;
	c->prm = d[0].permitted | (__u64)d[1].permitted << 32;
	c->inh = d[0].inheritable | (__u64)d[1].inheritable << 32;
	return 0;
}

static int caps_set(const struct spawn_caps *c)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {
	    {(__u32)c->eff, (__u32)c->prm, (__u32)c->inh},
	    {(__u32)(c->eff >> 32), (__u32)(c->prm >> 32), (__u32)(c->inh >> 32)},
	};

	if (syscall(SYS_capset, &h, d) < 0)
		return -errno;
	return 0;
}

int spawn_cap_last_cap(void)
{
	static int saved = -1;
	char buf[16] = "";
	ssize_t n;
	int fd, v;

	if (saved >= 0)
		return saved;
	fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0 && (v = atoi(buf)) > 0 && v < 64)
			return saved = v;
	}
	/* no /proc: probe like systemd's cap_last_cap() fallback */
	for (v = 1; v < 63 && prctl(PR_CAPBSET_READ, (unsigned long)(v + 1), 0, 0, 0) >= 0; v++)
		;
	return saved = v;
}

static int fail(char *err, size_t errlen, int *status, int st, int r, const char *what)
{
	if (status)
		*status = st;
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", what, strerror(-r));
	return r;
}

/* capability_gain_cap_setpcap(): best effort, a later step fails if it did not work */
static void gain_cap_setpcap(void)
{
	struct spawn_caps c;

	if (caps_get(&c) < 0 || (c.eff & (1ULL << CAP_SETPCAP)))
		return;
	c.eff |= 1ULL << CAP_SETPCAP;
	(void)caps_set(&c);
}

/* capability_bounding_set_drop(keep, right_now=false) */
static int bounding_set_drop(__u64 keep)
{
	struct spawn_caps before, after;
	int last = spawn_cap_last_cap(), i, r, r2;

	r = caps_get(&before);
	if (r < 0)
		return r;
	after = before;
	/* PID 1 lacks CAP_SETPCAP in effective, so systemd raises it for PR_CAPBSET_DROP */
	gain_cap_setpcap();
	r = 0;
	for (i = 0; i <= last; i++) {
		if (keep & (1ULL << i))
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)i, 0, 0, 0) < 0) {
			r = -errno;
			/* not having it in the first place is fine */
			if (prctl(PR_CAPBSET_READ, (unsigned long)i, 0, 0, 0) != 0)
				break;
			r = 0;
		}
		/* "so that anything we exec() loses the capability for good" */
		after.inh &= ~(1ULL << i);
	}
	/* restores effective as it was before gain_cap_setpcap() */
	r2 = caps_set(&after);
	if (r2 < 0 && memcmp(&before, &after, sizeof(before)) != 0 && !r)
		r = r2;
	return r;
}

/* capability_ambient_set_apply(set, also_inherit) */
static int ambient_set_apply(__u64 set, bool also_inherit)
{
	int last = spawn_cap_last_cap(), i, r;
	struct spawn_caps c;

	/* "requested but missing from bounding set, suppressing automatically" */
	for (i = 0; i <= last; i++)
		if ((set & (1ULL << i)) && prctl(PR_CAPBSET_READ, (unsigned long)i, 0, 0, 0) != 1)
			set &= ~(1ULL << i);
	if (also_inherit) {
		r = caps_get(&c);
		if (r < 0)
			return r;
		c.inh = set;
		r = caps_set(&c);
		if (r < 0)
			return r;
	}
	for (i = 0; i <= last; i++) {
		if (set & (1ULL << i)) {
			if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)i, 0, 0) < 0)
				return -errno;
			continue;
		}
		/* drop what we did not ask for */
		r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, (unsigned long)i, 0, 0);
		if (r < 0)
			return -errno;
		if (r && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, (unsigned long)i, 0, 0) < 0)
			return -errno;
	}
	return 0;
}

/* set_securebits(bits, mask) */
static int add_securebits(unsigned int bits)
{
	int cur = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);

	if (cur < 0)
		return -errno;
	if (((unsigned int)cur | bits) == (unsigned int)cur)
		return 0;
	if (prctl(PR_SET_SECUREBITS, (unsigned long)((unsigned int)cur | bits), 0, 0, 0) < 0)
		return -errno;
	return 0;
}

int spawn_apply_creds(const struct spawn_opts *o, int *exit_status, char *err, size_t errlen)
{
	int r, cur;

	if (err && errlen)
		err[0] = '\0';
	if (exit_status)
		*exit_status = 0;

	/* 1. enforce_groups() */
	if (o->ngroups < 0 || o->ngroups > SPAWN_MAX_GROUPS)
		return fail(err, errlen, exit_status, SPAWN_EXIT_GROUP, -EINVAL,
			    "Changing group credentials failed");
	if ((o->set_user || o->set_group || o->ngroups > 0) &&
	    setgroups((size_t)o->ngroups, o->groups) < 0)
		return fail(err, errlen, exit_status, SPAWN_EXIT_GROUP, -errno,
			    "Changing group credentials failed (setgroups)");
	if (o->set_group && setresgid(o->gid, o->gid, o->gid) < 0)
		return fail(err, errlen, exit_status, SPAWN_EXIT_GROUP, -errno,
			    "Changing group credentials failed (setresgid)");

	/* 2. CapabilityBoundingSet= */
	if (o->set_bounding) {
		int last = spawn_cap_last_cap();
		__u64 all = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;

		if ((o->bounding & all) != all) {
			r = bounding_set_drop(o->bounding);
			if (r < 0)
				return fail(err, errlen, exit_status, SPAWN_EXIT_CAPABILITIES, r,
					    "Failed to drop capabilities");
		}
	}

	/* 3. ambient + inheritable, before the uid change */
	r = ambient_set_apply(o->ambient, true);
	if (r < 0)
		return fail(err, errlen, exit_status, SPAWN_EXIT_CAPABILITIES, r,
			    "Failed to apply ambient capabilities (before UID change)");

	/* 4. enforce_user() */
	if (o->set_user) {
		if ((o->ambient || o->securebits) && o->uid != 0) {
			r = add_securebits(SECBIT_KEEP_CAPS);
			if (r < 0)
				return fail(err, errlen, exit_status, SPAWN_EXIT_USER, r,
					    "Failed to change UID (keep-caps)");
		}
		if (setresuid(o->uid, o->uid, o->uid) < 0)
			return fail(err, errlen, exit_status, SPAWN_EXIT_USER, -errno,
				    "Failed to change UID");

		/* 5. ambient again: the uid change cleared it */
		if (o->ambient) {
			r = ambient_set_apply(o->ambient, false);
			if (r < 0)
				return fail(
				    err, errlen, exit_status, SPAWN_EXIT_CAPABILITIES, r,
				    "Failed to apply ambient capabilities (after UID change)");
		}
	}

	/* 6. SecureBits= (exactly, which also drops step 4's keep-caps) */
	cur = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	if (cur < 0 || (unsigned int)cur != o->securebits) {
		gain_cap_setpcap();
		if (prctl(PR_SET_SECUREBITS, (unsigned long)o->securebits, 0, 0, 0) < 0)
			return fail(err, errlen, exit_status, SPAWN_EXIT_SECUREBITS, -errno,
				    "Failed to set process secure bits");
	}

	/* 7. NoNewPrivileges= */
	if (o->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(err, errlen, exit_status, SPAWN_EXIT_NO_NEW_PRIVILEGES, -errno,
			    "Failed to disable new privileges");
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int spawn_resolve_user(const char *name, struct spawn_opts *o)
{
	gid_t groups[SPAWN_MAX_GROUPS];
	struct passwd *pw;
	int n = SPAWN_MAX_GROUPS;

	if (!name || !*name)
		return -EINVAL;
	errno = 0;
	/* a numeric User= must still exist: systemd needs its gid and home (get_user_creds()) */
	pw = all_digits(name) ? getpwuid((uid_t)strtoul(name, NULL, 10)) : getpwnam(name);
	if (!pw)
		return errno && errno != ENOENT && errno != ESRCH ? -errno : -ENOENT;
	o->set_user = true;
	o->uid = pw->pw_uid;
	o->set_group = true;
	o->gid = pw->pw_gid;
	o->ngroups = 0;
	/* get_supplementary_groups(): initgroups() only for gid != 0 ("avoid NSS lookups") */
	if (pw->pw_gid != 0) {
		if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
			return -E2BIG;
		memcpy(o->groups, groups, (size_t)n * sizeof(groups[0]));
		o->ngroups = n;
	}
	return 0;
}

int spawn_parse_caps(const char *list, __u64 *mask, char *err, size_t errlen)
{
	size_t pos = 0, len = list ? strlen(list) : 0;
	char word[64];
	int n, cap;

	*mask = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!list)
		return 0;
	while ((n = str_next_word(list, len, &pos, ", \t", word, sizeof(word)))) {
		cap = n < 0 ? -1 : cap_from_name(word);
		if (cap < 0) {
			if (err && errlen)
				snprintf(err, errlen, "unknown capability '%s'", word);
			return -EINVAL;
		}
		*mask |= 1ULL << cap;
	}
	return 0;
}

struct spawn_report {
	int status;
	int err;
	char msg[240];
};

static void child_report(int fd, int status, int r, const char *msg)
{
	struct spawn_report rep = {.status = status, .err = -r};
	ssize_t n;

	str_copy(rep.msg, msg, sizeof(rep.msg));
	/* one write below PIPE_BUF: atomic */
	n = write(fd, &rep, sizeof(rep));
	(void)n;
}

static void __attribute__((noreturn))
child_run(const struct spawn_opts *o, char *const argv[], int go_fd, int status_fd)
{
	char msg[sizeof(((struct spawn_report *)0)->msg)];
	int status = 0, r, sig;
	sigset_t all;
	char go;

	/* systemd resets signal dispositions and the mask before it sets up credentials */
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	/* EOF without a byte: the parent gave up (or died) */
	if (read(go_fd, &go, 1) != 1)
		_exit(SPAWN_EXIT_EXEC);
	close(go_fd);

	r = spawn_apply_creds(o, &status, msg, sizeof(msg));
	if (r < 0) {
		child_report(status_fd, status, r, msg);
		_exit(status);
	}
	if (o->exec_path)
		execv(o->exec_path, argv);
	else
		execvp(argv[0], argv);
	r = -errno;
	snprintf(msg, sizeof(msg), "Failed to execute %s: %s", argv[0], strerror(-r));
	child_report(status_fd, SPAWN_EXIT_EXEC, r, msg);
	_exit(SPAWN_EXIT_EXEC);
}

int spawn_prepare(const struct spawn_opts *o, char *const argv[], struct spawn_child *c)
{
	int go[2], st[2];
	pid_t pid;

	c->pid = -1;
	c->go_fd = c->status_fd = -1;
	if (!argv || !argv[0])
		return -EINVAL;
	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(st, O_CLOEXEC) < 0) {
		int r = -errno;

		close(go[0]);
		close(go[1]);
		return r;
	}
	pid = fork();
	if (pid < 0) {
		int r = -errno;

		close(go[0]);
		close(go[1]);
		close(st[0]);
		close(st[1]);
		return r;
	}
	if (pid == 0) {
		close(go[1]);
		close(st[0]);
		child_run(o, argv, go[0], st[1]);
	}
	close(go[0]);
	close(st[1]);
	c->pid = pid;
	c->go_fd = go[1];
	c->status_fd = st[0];
	return 0;
}

int spawn_release(struct spawn_child *c, int *exit_status, char *err, size_t errlen)
{
	struct spawn_report rep;
	ssize_t n;
	char go = 1;

	if (exit_status)
		*exit_status = 0;
	if (err && errlen)
		err[0] = '\0';
	if (c->go_fd < 0 || c->status_fd < 0)
		return -EBADF;
	do
		n = write(c->go_fd, &go, 1);
	while (n < 0 && errno == EINTR);
	close(c->go_fd);
	c->go_fd = -1;
	if (n != 1)
		return -EPIPE;
	do
		n = read(c->status_fd, &rep, sizeof(rep));
	while (n < 0 && errno == EINTR);
	close(c->status_fd);
	c->status_fd = -1;
	if (n == 0)
		return 0; /* the write end closed on a successful execve (O_CLOEXEC) */
	if (n != (ssize_t)sizeof(rep))
		return -EIO;
	rep.msg[sizeof(rep.msg) - 1] = '\0';
	if (exit_status)
		*exit_status = rep.status;
	if (err && errlen)
		str_copy(err, rep.msg, errlen);
	return rep.err > 0 ? -rep.err : -EIO;
}

void spawn_abort(struct spawn_child *c)
{
	bool unreleased = c->go_fd >= 0;

	if (c->go_fd >= 0)
		close(c->go_fd);
	if (c->status_fd >= 0)
		close(c->status_fd);
	c->go_fd = c->status_fd = -1;
	if (unreleased && c->pid > 0) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
		c->pid = -1;
	}
}
