/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What user space reads about a process and its executable: pure parsers, then the I/O. */
#ifndef __CAPFIX_PROC_H
#define __CAPFIX_PROC_H

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

/* script detection (R7) */
struct script_info {
	bool is_interpreter;
	int kind;		     /* enum script_kind */
	char script[MODEL_PATH_MAX]; /* see enum script_kind; a FILE path as argv spells it */
};
/* the exe's basename names an interpreter (python3.11, perl5.36.0, node, bash, java...) */
bool interpreter_name(const char *exe);
/* cmdline is /proc/PID/cmdline: argv NUL-separated */
int script_detect(const char *exe, const char *cmdline, size_t len, struct script_info *si);
/* the bytes start with "#!" (a script the kernel hands to binfmt_script) */
bool buf_is_shebang(const void *buf, size_t len);

/*
 * The I/O layer. Everything is bounded and best effort: what cannot be read stays
 * TRI_UNKNOWN / "" / -1, and the return value is 0 as long as something was read.
 */

/* the kernel's dev_t (MAJOR << 20 | MINOR, include/linux/kdev_t.h) as a user-space st_dev */
dev_t kdev_to_dev(__u64 kdev);
/* 1: path is that file (dev, ino); 0: another file; negative errno: cannot tell */
int file_check_id(const char *path, __u64 kdev, __u64 ino);
/* 1: /proc/PID/exe is still that file; 0: not (the process exec'd again); -ESRCH: gone */
int proc_check_exe(pid_t pid, __u64 kdev, __u64 ino);

/*
 * Fill pf for a live process from /proc/PID: status (unless pf->from_event), exe (readlink,
 * stat and security.capability through the /proc/PID/exe magic link, so it works across
 * mount namespaces), the exe's mount (by mount ID in /proc/PID/mountinfo: nosuid, and
 * foreign_mount when the mount is not in the process's own namespace), cmdline (scripts),
 * cgroup (unit/container), namespaces, ip_unprivileged_port_start of its netns, LSMs.
 * If pf->exe_ino is set and /proc/PID/exe is no longer that file, exe_gone is set and the
 * file facts come from pf->exe by path, if that still is the file. -ESRCH: process gone
 * (pf still gets the path-based facts when pf->exe is set).
 */
int proc_collect(pid_t pid, struct proc_facts *pf);
/* the file facts for an exe path in capfix's own mount namespace (process gone) */
int proc_collect_path(const char *exe, struct proc_facts *pf);
/*
 * Host facts for what proc_collect() could not fill: LSMs, systemd_running in capfix's
 * namespace, port_start of capfix's netns when the process's is unknown (-1; or 0 in a
 * zeroed pf for a process that is not alive). Never overwrites per-process values.
 */
void proc_collect_host(struct proc_facts *pf);

/* net.ipv4.ip_unprivileged_port_start in the network namespace of pid (0 = capfix's own) */
int netns_port_start(pid_t pid);

/*
 * `systemctl show` for a unit of the system manager, or of uid's user manager. Runs
 * /usr/bin/systemctl (or /bin/systemctl) with an argv, no shell, a 5 s timeout and
 * bounded output. up->known stays false if systemd is not running (/run/systemd/system
 * missing) or systemctl fails. unit_props_read_ns() first enters the mount namespace of
 * ns_pid (when it differs from capfix's), to ask the systemd that manages that process.
 */
int unit_props_read(const char *unit, bool user_manager, uid_t uid, struct unit_props *up);
int unit_props_read_ns(pid_t ns_pid, const char *unit, bool user_manager, uid_t uid,
		       struct unit_props *up);
/* a unit name systemctl will take as one unit, not an option or a glob */
bool unit_name_valid(const char *unit);

/*
 * fn(ctx, pid) for every current descendant of root, breadth first (threads share the tgid,
 * so processes suffice; parents from /proc/PID/stat). Stops at fn's first error.
 */
int proc_for_each_descendant(pid_t root, int (*fn)(void *ctx, pid_t pid), void *ctx);

#endif /* __CAPFIX_PROC_H */
