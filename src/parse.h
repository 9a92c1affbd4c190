/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Pure parsers of what the kernel and systemd print about a process: no I/O. */
#ifndef __CAPFIX_PARSE_H
#define __CAPFIX_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include "model.h"

/*
 * Pure parsers: text or bytes in, struct out, no I/O, no allocation. Every one takes an
 * explicit length (input need not be NUL-terminated), never reads past it, and is fuzzed
 * in tests/fuzz/. They return 0 or a negative errno (-EINVAL malformed, -ENOENT not found).
 */

/* /proc/PID/status */
#define PS_HAVE_NAME	(1U << 0)
#define PS_HAVE_PID	(1U << 1) /* Tgid: and Pid: */
#define PS_HAVE_PPID	(1U << 2)
#define PS_HAVE_UID	(1U << 3)
#define PS_HAVE_GID	(1U << 4)
#define PS_HAVE_CAPS	(1U << 5) /* all five Cap* lines */
#define PS_HAVE_NNP	(1U << 6) /* NoNewPrivs: (4.10+) */
#define PS_HAVE_SECCOMP (1U << 7)
#define PS_HAVE_NSPID	(1U << 8) /* NSpid: (4.1+) */
#define PS_HAVE_CAPAMB	(1U << 9) /* CapAmb: (4.3+); an older kernel has no ambient set */

struct proc_status {
	unsigned int have; /* PS_HAVE_* */
	char name[64];	   /* Name:, still escaped as the kernel prints it */
	pid_t tgid, pid, ppid;
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	struct capsets caps;
	bool no_new_privs;
	int seccomp;	   /* 0, 1, 2 */
	int nspid_levels;  /* number of NSpid: values; >1 = child pid namespace */
	pid_t nspid_inner; /* last NSpid: value: the pid inside the innermost namespace */
};
int status_parse(const char *buf, size_t len, struct proc_status *ps);

/* security.capability blob (struct vfs_cap_data / vfs_ns_cap_data) into fc; -EINVAL if malformed */
int file_caps_parse(const void *blob, size_t len, struct file_caps *fc);

/* one /proc/PID/mountinfo line, escapes (\040 \011 \012 \134) decoded */
struct mount_entry {
	int mount_id, parent_id;
	unsigned int major, minor;
	char root[MODEL_PATH_MAX];
	char mount_point[MODEL_PATH_MAX];
	char options[256]; /* per-mount options (field 6): "rw,nosuid,..." */
	char fstype[32];
	char source[256];
	char super_options[256];
	bool nosuid; /* "nosuid" is one of the per-mount options (mnt_may_suid, R2) */
};
/* parse one line (without its '\n'); -EINVAL if it is not a mountinfo line */
int mountinfo_parse_line(const char *line, size_t len, struct mount_entry *me);
/* the mount whose mount point is the longest component-wise prefix of path (later wins on
 * equal mount points: an over-mount hides what is below); -ENOENT if none */
int mountinfo_find_path(const char *buf, size_t len, const char *path, struct mount_entry *me);
/* the mount with that mount ID; -ENOENT if it is not in this table (= another namespace) */
int mountinfo_find_id(const char *buf, size_t len, int mount_id, struct mount_entry *me);
/* decode mountinfo's octal escapes into out; returns the decoded length or -1 if too long */
int mountinfo_unescape(const char *in, size_t len, char *out, size_t outlen);

/* the cgroup path from /proc/PID/cgroup: the v2 "0::" line, else v1 name=systemd, else first */
int cgroup_file_path(const char *buf, size_t len, char *path, size_t pathlen);

/* what a cgroup path says about the process's manager or container */
struct cgroup_info {
	enum runtime_kind runtime;
	char unit[MODEL_UNIT_MAX]; /* systemd unit, spelled as systemd spells it (escapes kept) */
	uid_t user_manager_uid;	   /* RUNTIME_SYSTEMD_USER, or the user@UID.service itself */
	char container_id[80];
	char pod_uid[48];
	bool login_session; /* session-N.scope under user-UID.slice */
};
int cgroup_classify(const char *path, size_t len, struct cgroup_info *ci);
/* systemd unit name escapes (\x2d) decoded, for display only; returns out */
char *unit_unescape(const char *unit, char *out, size_t outlen);

/* `systemctl show -p ...` output (KEY=VALUE lines) into up; implies_nnp worked out (R1) */
int unit_props_parse(const char *buf, size_t len, struct unit_props *up);
/* space-separated cap names ("cap_chown cap_net_raw 0x29") into a mask; -EINVAL on junk */
int capnames_parse(const char *s, size_t len, __u64 *mask);

/* a unit name systemctl will take as one unit, not an option or a glob */
bool unit_name_valid(const char *unit);
/* net.ipv4.ip_unprivileged_port_start as /proc/sys prints it; the port or -EINVAL */
int port_start_parse(const char *buf, size_t len);

#endif /* __CAPFIX_PARSE_H */
