/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Plain structs the rule engine works on: facts about a process, a finding, the verdict. */
#ifndef __CAPFIX_MODEL_H
#define __CAPFIX_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/types.h>
#include "../include/capfix.h"

#define MODEL_PATH_MAX 4096
#define MODEL_UNIT_MAX 256
#define MODEL_MAX_BLOCKERS 16
#define MODEL_MAX_FIXES 12
#define MODEL_CMD_MAX 2048
#define MODEL_TEXT_MAX 512

/* tri-state for facts user space may fail to read (process gone, file replaced) */
enum tri { TRI_UNKNOWN = 0, TRI_NO = 1, TRI_YES = 2 };

/* security.capability xattr, parsed (struct vfs_ns_cap_data, include/uapi/linux/capability.h) */
struct file_caps {
	enum tri present; /* xattr read: YES = has caps, NO = no xattr */
	int version; /* 1, 2 or 3 */
	__u64 permitted;
	__u64 inheritable;
	bool effective; /* VFS_CAP_FLAGS_EFFECTIVE */
	bool has_rootid; /* v3 */
	__u32 rootid;
};

/* the parent process, read from /proc/PPID when the denial is handled (R6, R10) */
struct parent_facts {
	bool known; /* false: gone or unreadable */
	uid_t uid;
	__u64 ambient; /* CapAmb: what the child lost if it has less (R6) */
	bool same_exe; /* runs the same executable: a forked worker of a root master (R10) */
};

/* what an interpreter runs (R7), set by proc.c's script_detect() */
enum script_kind {
	SCRIPT_NONE = 0, /* not an interpreter, or nothing recognisable */
	SCRIPT_FILE, /* script = path of the script file (absolute when resolvable) */
	SCRIPT_MODULE, /* script = "-m http.server", "-jar" is FILE; java main class */
	SCRIPT_INLINE, /* script = "-c ..." / "-e ...": code on the command line */
	SCRIPT_STDIN, /* script = "-": code read from stdin, or an interactive shell */
};

enum runtime_kind {
	RUNTIME_NONE = 0, /* plain process, no manager known */
	RUNTIME_SYSTEMD_SYSTEM, /* a system unit: system.slice/NAME.service etc. */
	RUNTIME_SYSTEMD_USER, /* user@UID.service/.../NAME.service: a user manager */
	RUNTIME_DOCKER,
	RUNTIME_KUBERNETES, /* kubepods... (containerd/cri-o) */
	RUNTIME_PODMAN, /* libpod-ID.scope */
	RUNTIME_CONTAINERD, /* plain containerd, not kubernetes */
	RUNTIME_LXC,
};

/* what `systemctl show UNIT -p ...` says (R1, R9, R11, R18) */
struct unit_props {
	bool known; /* we could read them */
	char user[64]; /* User=, "" when root/unset */
	bool no_new_privileges; /* NoNewPrivileges= */
	bool dynamic_user; /* DynamicUser= (implies NNP, R18) */
	bool private_users; /* PrivateUsers= (R11) */
	bool implies_nnp; /* some option implies NNP for a non-root user (R1 list) */
	char implies_nnp_by[64]; /* the first such option, e.g. "RestrictAddressFamilies" */
	bool bounding_set_known;
	__u64 bounding_set; /* CapabilityBoundingSet= (all ones when unset) */
	__u64 ambient; /* AmbientCapabilities= */
	__u32 secure_bits; /* SecureBits=, SECBIT_* values */
	bool restrict_address_families; /* RestrictAddressFamilies= set */
	char fragment_path[MODEL_PATH_MAX]; /* FragmentPath= */
	/* added by proc.c */
	char load_state[32]; /* LoadState=: "loaded", "not-found", "masked"... */
	bool system_call_filter; /* SystemCallFilter= set (also seccomp, R1 list) */
	char unknown_why[160]; /* !known: why the manager was not asked or did not answer */
};

struct proc_facts {
	/* identity, from the event (kernel) and /proc */
	pid_t pid, tid, ppid;
	char comm[CAPFIX_COMM_LEN];
	char exe[MODEL_PATH_MAX]; /* absolute, as captured in the kernel */
	char exe_real[MODEL_PATH_MAX]; /* symlinks resolved, "" when unknown */
	bool exe_gone; /* deleted or replaced since the denial (inode mismatch) */
	/* the kernel's identity of the exe (event exe_dev in MAJOR<<20|MINOR, exe_ino), 0 unknown:
	 * set by the caller before proc_collect(), which then checks the file is still that one */
	__u64 exe_kdev, exe_ino;
	/* the caller filled the kernel-captured fields (ids, caps, no_new_privs, securebits, comm,
	 * exe, cgroup) from the event: proc_collect() must not overwrite them with /proc's values */
	bool from_event;
	/* the process's start (event start_boottime, ns since boot), 0 unknown: proc_collect()
	 * reads /proc/PID only while it still is this process (pid reuse) */
	__u64 start_boottime;
	enum tri alive; /* /proc/PID was readable: NO = the process is gone */

	/* credentials at the denial: from the kernel (the event), else from /proc */
	struct capfix_creds creds;
	bool securebits_known; /* not in /proc (R9): only an event's are known */
	bool userns_child; /* the process is in a non-initial user namespace */
	bool target_ns_child; /* the checked namespace is not the initial one */

	char user_name[64]; /* name of uid (getpwuid), "" unknown: setpriv --init-groups needs it */
	struct parent_facts parent;
	/* host uid that uid 0 of the process's user namespace maps to (uid_map), for v3 file
	 * caps (R12, setcap -n); only meaningful when userns_root_known */
	bool userns_root_known;
	__u32 userns_root_uid;

	/* the executable file (for an exec_fail finding: the file whose execve failed) */
	enum tri exe_stat_ok;
	__u32 exe_mode; /* st_mode, S_ISUID/S_ISGID */
	uid_t exe_owner;
	struct file_caps fcaps;
	/* who can change the file at exe_real (src/pathtrust.c): YES = root alone can write or
	 * replace the file and every directory on its resolved path; NO = path_weak names the
	 * first component someone else can; UNKNOWN = not checked or not that file */
	enum tri path_trusted;
	char path_weak[256]; /* "/srv/app (owner uid 1000)", "" when trusted or unknown */
	bool exe_truncated; /* the kernel's copy of the exe path is cut short (EVF_EXE_TRUNCATED) */
	enum tri mount_nosuid; /* mount of the exe has nosuid (R2) */
	enum tri foreign_mount; /* exe lives in another mount namespace (R2) */
	char mount_point[MODEL_PATH_MAX];
	char mount_fstype[32]; /* e.g. "overlay", "tmpfs" */
	int seccomp_mode; /* Seccomp: in status, 0 none, 1 strict, 2 filter, -1 unknown */
	bool pidns_child; /* NSpid has more than one level: inside a child pid namespace */

	/* scripts (R7): exe is an interpreter, script is what it runs ("" if unknown) */
	bool is_interpreter;
	char script[MODEL_PATH_MAX];
	int script_kind; /* enum script_kind */
	enum tri script_shebang; /* SCRIPT_FILE starts with "#!" */

	/* manager / container, from the cgroup path */
	char cgroup[MODEL_PATH_MAX];
	enum runtime_kind runtime;
	char unit[MODEL_UNIT_MAX]; /* systemd unit (service or scope), "" if none */
	uid_t user_manager_uid; /* RUNTIME_SYSTEMD_USER: whose manager */
	char container_id[80];
	char pod_uid[48]; /* RUNTIME_KUBERNETES: the pod's UID, dashed */
	bool login_session; /* unit is a logind session-N.scope: an interactive login, no service */
	struct unit_props unit_props;
	bool systemd_running; /* PID 1 is systemd (for unit fixes to be applied) */
	/* --service FILE: the unit FILE defines (its base name), which capfix started itself;
	 * its fixes are drop-ins for that unit */
	char service_unit[MODEL_UNIT_MAX];

	/* host facts */
	int port_start; /* net.ipv4.ip_unprivileged_port_start in the process's netns, -1 unknown */
	char lsm[64]; /* active LSMs from /sys/kernel/security/lsm, "" unknown */
};

struct finding {
	int cap; /* CAP_* number that was denied (first) */
	__u64 chain; /* all caps denied in the same syscall */
	__u32 chain_order; /* the first 4 in the kernel's order: cap + 1 a byte, first lowest; 0 unknown */
	int syscall; /* x86_64 number, -1 none */
	int err; /* positive errno the syscall returned, 0 on success or unknown */
	enum effect effect;
	__u64 count;
	bool cred_not_current; /* R20 */

	bool is_bind;
	int family; /* AF_INET / AF_INET6 */
	char addr[48];
	int port;

	char file[MODEL_PATH_MAX]; /* the file the denied access was about, "" unknown (ownership fix) */

	/* R22: a netlink request the kernel refused while processing it; err is its EPERM */
	bool netlink;
	char nl_what[96]; /* "rtnetlink RTM_NEWLINK", "nftables NFT_MSG_NEWTABLE" */
	/* socket()'s arguments, -1 unknown (R17: ping_group_range covers ICMP sockets only) */
	int sock_family, sock_type, sock_proto;
	int sockopt_level, sockopt_name; /* setsockopt()'s, -1 unknown */
	/* the denied file (set by cause.c): file holds the object that refused the access */
	char path_arg[256]; /* the syscall's path argument as passed, "" unknown */
	int path_dirfd; /* its dirfd (AT_FDCWD for the non-*at syscalls) */
	bool file_known; /* file_* below are valid */
	bool file_search; /* file is a directory the path walks through: search (x) denied */
	bool file_write; /* write access was asked (DAC_OVERRIDE only in the chain) */
	uid_t file_owner;
	gid_t file_group;
	__u32 file_mode;
	char file_group_name[64];
	int ngroups; /* the process's groups (Groups: in /proc/PID/status), -1 unknown */
	gid_t groups[32];
	/* the program's arguments after argv[0], NUL-separated (/proc/PID/cmdline), for fixes
	 * that start it (R17 paste-ready) */
	char args[1024];
	size_t args_len;
	/* R17: socket() asked for an ICMP socket, and whether ping_group_range holds its group */
	bool icmp_socket;
	bool ping_range_holds;
	/* R23: why this failed denial did not cause the failure, "" when it did */
	char not_cause[MODEL_TEXT_MAX];

	bool exec_fail; /* EVENT_EXEC_FAIL: execve returned EPERM, no capability check (R3) */
	bool lsm_suspect; /* caps allowed it (per the sets) but the syscall failed (R14) */
};

enum blocker_code {
	BLOCKER_NO_NEW_PRIVS, /* R1 */
	BLOCKER_BOUNDING_SET, /* R4, R3 */
	BLOCKER_NOSUID_MOUNT, /* R2 */
	BLOCKER_FOREIGN_MOUNT, /* R2 */
	BLOCKER_INTERPRETER, /* R7 */
	BLOCKER_USER_NAMESPACE, /* R11 */
	BLOCKER_FILE_CAPS_MISSING, /* R16 */
	BLOCKER_FILE_CAPS_NOT_EFFECTIVE, /* +p without +e */
	BLOCKER_SETUID_EXE, /* R8 */
	BLOCKER_CONTAINER_NONROOT, /* R5 */
	BLOCKER_SYSTEMD_USER_MANAGER,
	BLOCKER_LSM, /* R14 */
	BLOCKER_CAPABILITY_DUMB, /* R3 */
	BLOCKER_FILE_CAPS_ROOTID, /* R12 */
	BLOCKER_NOROOT, /* R9 */
	BLOCKER_PRIVILEGE_DROPPED, /* R10 */
	BLOCKER_PRIVATE_USERS, /* R11 systemd */
	BLOCKER_INIT_NS_ONLY, /* R11: cap only counts in the initial userns */
	BLOCKER_AMBIENT_LOST, /* R6: exec of a file with caps clears ambient */
	BLOCKER_CRED_NOT_CURRENT, /* R20 */
	/* setcap refused (docs/SECURITY.md "Fixes capfix prints"): the file is not this
	 * program's alone, or the path is not one root alone controls or not known exactly */
	BLOCKER_SHARED_EXE, /* a launcher or multi-call binary (env, busybox, sudo...) */
	BLOCKER_SETUID_FILE, /* setuid or setgid: setcap would break it (R8) */
	BLOCKER_PATH_WRITABLE, /* a non-root user can write or replace the file */
	BLOCKER_PATH_INEXACT, /* truncated by the kernel, too long, or not verifiable */
	BLOCKER__COUNT,
};

struct blocker {
	enum blocker_code code;
	const char *rule; /* "R1" ... */
	char text[MODEL_TEXT_MAX]; /* one plain sentence */
};

enum fix_kind {
	FIX_SYSTEMD, /* drop-in */
	FIX_SOCKET_ACTIVATION, /* .socket unit */
	FIX_SYSCTL, /* ip_unprivileged_port_start */
	FIX_SETCAP,
	FIX_AMBIENT_WRAPPER, /* setpriv --ambient-caps ... */
	FIX_DOCKER,
	FIX_KUBERNETES,
	FIX_OWNERSHIP, /* chown/chmod, StateDirectory= */
	FIX_CONFIG, /* other manager setting: LimitMEMLOCK=, LimitNICE= ... */
	FIX__COUNT,
};

struct fix {
	enum fix_kind kind;
	char unit[MODEL_UNIT_MAX]; /* FIX_SYSTEMD / FIX_SOCKET_ACTIVATION */
	char path[MODEL_PATH_MAX]; /* where the drop-in / unit file goes */
	char dropin[MODEL_CMD_MAX]; /* file text */
	char command[MODEL_CMD_MAX]; /* shell command, every argument quoted, no sudo */
	char warning[MODEL_TEXT_MAX];
};

struct diagnosis {
	int cap; /* the least-privileged cap to grant (R19 chains) */
	__u64 caps; /* every cap the fixes grant: cap, plus CAP_PERFMON with CAP_BPF etc. */
	int nblockers;
	struct blocker blockers[MODEL_MAX_BLOCKERS];
	int nfixes;
	struct fix fixes[MODEL_MAX_FIXES];
	char summary[MODEL_TEXT_MAX]; /* one sentence: what failed and why */
};

#endif /* __CAPFIX_MODEL_H */
