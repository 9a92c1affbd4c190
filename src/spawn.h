/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Starting a command with a service's credentials, in systemd 252's order (exec_child()). */
#ifndef __CAPFIX_SPAWN_H
#define __CAPFIX_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#define SPAWN_MAX_GROUPS 64

/*
 * What a unit's [Service] section says about credentials, already resolved to numbers.
 * Zero-initialise and set what the unit sets: an unset field means "as the caller has it",
 * which for capfix (run as root) is what PID 1 would leave.
 */
struct spawn_opts {
	bool set_user; /* User= */
	uid_t uid;
	bool set_group; /* Group=, or the user's primary group with User= */
	gid_t gid;
	gid_t groups[SPAWN_MAX_GROUPS]; /* the user's initgroups() list + SupplementaryGroups= */
	int ngroups;			/* applied when set_user, set_group or ngroups > 0 */
	bool set_bounding;		/* CapabilityBoundingSet= */
	__u64 bounding;
	__u64 ambient;	   /* AmbientCapabilities= (also inheritable; keep-caps with User=) */
	bool no_new_privs; /* NoNewPrivileges= (or an option that implies it) */
	unsigned int
	    securebits; /* SecureBits= (SECBIT_* values of linux/securebits.h), 0 = unset */
	const char *exec_path; /* execv() this file with argv (ExecStart=@); NULL: execvp(argv[0]) */
};

/*
 * systemd's exit statuses for a failed step (systemd.exec(5) "Process exit codes"), so that a
 * launcher built on this reports failures the way a unit's ExecMainStatus= does.
 */
enum spawn_exit_status {
	SPAWN_EXIT_EXEC = 203,
	SPAWN_EXIT_SECUREBITS = 213,
	SPAWN_EXIT_GROUP = 216,
	SPAWN_EXIT_USER = 217,
	SPAWN_EXIT_CAPABILITIES = 218,
	SPAWN_EXIT_NO_NEW_PRIVILEGES = 227,
};

/*
 * In the child, after fork and before exec: apply the credentials. Returns 0, or -errno with a
 * message in err (always NUL-terminated, truncated to errlen) and, when exit_status is not NULL,
 * the systemd exit status of the step that failed. Call it as root: like PID 1, it needs
 * CAP_SETUID, CAP_SETGID and CAP_SETPCAP.
 */
int spawn_apply_creds(const struct spawn_opts *o, int *exit_status, char *err, size_t errlen);

/*
 * Resolve a user name or numeric uid: sets set_user, uid, set_group, the primary gid and the
 * supplementary groups from getgrouplist() (none for gid 0, as systemd skips initgroups() then).
 * Returns 0, -ENOENT for an unknown user, -E2BIG for too many groups.
 */
int spawn_resolve_user(const char *name, struct spawn_opts *o);

/*
 * Parse a capability list "cap_net_bind_service,NET_RAW" (commas or spaces, any case,
 * numbers accepted) into a mask. Returns 0, or -EINVAL with the first unknown name in err.
 */
int spawn_parse_caps(const char *list, __u64 *mask, char *err, size_t errlen);

/* The highest capability number the running kernel knows (/proc/sys/kernel/cap_last_cap). */
int spawn_cap_last_cap(void);

/*
 * Fork a child that waits to be released, then applies o and execvp()s argv[0].
 * The parent gets the pid at once (to set up tracing of it) and calls spawn_release().
 */
struct spawn_child {
	pid_t pid;
	int go_fd;     /* parent writes: release the child */
	int status_fd; /* parent reads: EOF = execve succeeded, else {int status; int err; msg} */
};
int spawn_prepare(const struct spawn_opts *o, char *const argv[], struct spawn_child *c);
/*
 * Let the child continue and wait until it has exec'd or failed. Returns 0 when the execve
 * succeeded; -errno of the failed step (err filled, *exit_status the systemd status the child
 * exits with, e.g. 203 for a failed execve) otherwise. The child is not reaped.
 */
int spawn_release(struct spawn_child *c, int *exit_status, char *err, size_t errlen);
/* Close the fds; kills (SIGKILL) and reaps a child that was never released. */
void spawn_abort(struct spawn_child *c);

#endif /* __CAPFIX_SPAWN_H */
