/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Records and limits shared by the BPF programs and user space. */
#ifndef __CAPFIX_H
#define __CAPFIX_H

#ifndef __VMLINUX_H__ /* the BPF side gets the types from vmlinux.h */
#include <linux/types.h>
#endif

#define CAPFIX_COMM_LEN 16
#define CAPFIX_PATH_LEN 512 /* exe path, assembled right-aligned in the kernel */
#define CAPFIX_PATH_DEPTH 32 /* dentries walked; deeper paths are marked truncated */
#define CAPFIX_CGROUP_LEN 256
#define CAPFIX_CGROUP_DEPTH 8
#define CAPFIX_NAME_MAX 255
#define CAPFIX_MAX_CAP 63
#define CAPFIX_ARGV_LEN 512

enum event_type {
	EVENT_DENIAL = 1, /* a capability check was denied (and its syscall ended) */
	EVENT_EXEC_FAIL = 2, /* execve failed with EPERM: maybe a capability-dumb binary (R3) */
};

enum effect {
	EFFECT_UNKNOWN = 0, /* no way to see the syscall's result on this kernel */
	EFFECT_FAILED = 1,
	EFFECT_HARMLESS = 2,
};

/* which syscall-result hook filled in `ret` */
enum result_hook {
	RESULT_NONE = 0,
	RESULT_TASK_WORK = 1, /* bpf_task_work at return to user mode (6.18+) */
	RESULT_SYS_EXIT = 2, /* raw_tp/sys_exit (every kernel, host-wide cost) */
	RESULT_SYSCALL_RET = 3, /* kretprobe.multi on __x64_sys_* (5.18+), some syscalls only */
	RESULT_SYSCALL_FEXIT = 4, /* fexit on the same __x64_sys_*, one program each */
};

#define CAPFIX_NR_SYSCALLS 512 /* syscall numbers below this fit ret_nrs (x86-64: < 470) */

/* event flags */
#define EVF_EXE_TRUNCATED (1U << 0) /* path deeper than CAPFIX_PATH_DEPTH or longer than the buffer */
#define EVF_CGROUP_TRUNCATED (1U << 1)
#define EVF_CRED_NOT_CURRENT (1U << 2) /* the checked cred is not current->cred (R20) */
#define EVF_KTHREAD (1U << 3)
#define EVF_NO_EXE (1U << 4) /* no mm or exe_file */
#define EVF_BIND (1U << 5) /* bind_* fields are valid */
#define EVF_USERNS_CHILD (1U << 6) /* the cred's user namespace is not the initial one */
#define EVF_TARGET_NS_CHILD (1U << 7) /* the checked namespace is not the initial one */
#define EVF_NETLINK (1U << 8) /* a send on a netlink socket: nl_* valid, failure deferred (R22) */
#define EVF_PATH (1U << 9) /* exec_path holds the syscall's path argument, path_dirfd its dirfd */
#define EVF_ARGS (1U << 10) /* args is valid */

struct capsets {
	__u64 effective;
	__u64 permitted;
	__u64 inheritable;
	__u64 bounding;
	__u64 ambient;
};

/*
 * The credentials a capability check was made with (struct cred, include/linux/cred.h) and
 * the task's no_new_privs, taken once at the check: the BPF side's pending entry, the event
 * and the finding's facts (struct proc_facts) each hold this one record.
 */
struct capfix_creds {
	struct capsets caps;
	__u32 uid;
	__u32 euid;
	__u32 suid;
	__u32 gid;
	__u32 egid;
	__u32 securebits;
	__u8 no_new_privs;
	__u8 pad[7];
};

struct event {
	__u32 type; /* enum event_type */
	__u32 flags; /* EVF_* */
	__u64 ts_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) at the capability check */
	__u32 pid; /* tgid */
	__u32 tid;
	__u32 ppid;
	__s32 cap; /* the capability denied (first of the chain) */
	__s32 syscall; /* -1 outside a syscall */
	__u32 mnt_ns_ino; /* the process's mount namespace (R2 foreign mount) */
	__s64 ret; /* the syscall's return value, when effect != UNKNOWN */
	__u64 chain; /* every capability denied in this syscall, one bit each */
	__u8 effect; /* enum effect */
	__u8 result_hook; /* enum result_hook */
	__u8 bind_family; /* AF_INET or AF_INET6 */
	__u8 pad0;
	__u16 bind_port; /* host order */
	__u16 exe_off; /* exe path starts at exe[exe_off] */
	__u16 cgroup_off; /* cgroup path starts at cgroup[cgroup_off] */
	__s16 exec_path_len; /* EVENT_EXEC_FAIL: bytes in exec_path incl. NUL, <= 0 unreadable */
	__u16 argv_len; /* bytes of the process's argv in argv[], NUL-separated; 0 unknown */
	__u16 pad1;
	__u8 bind_addr[16];
	__u64 cgroup_id;
	__u64 exe_dev; /* st_dev of the executable, in the kernel's dev_t encoding (MAJOR << 20) */
	__u64 exe_ino;
	/* the thread group leader's start_boottime (ns since boot, 5.5+): /proc/PID/stat field 22
	 * in clock ticks, so user space knows /proc/PID is still this process (pid reuse) */
	__u64 start_boottime;
	/* EVF_ARGS: capset(): the effective | permitted sets asked for (R23); socket():
	 * family | type << 16 | protocol << 32; setsockopt(): level | optname << 32 */
	__u64 args;
	__u16 nl_type; /* EVF_NETLINK: nlmsg_type of the first message that is not a batch marker */
	__u8 nl_proto; /* EVF_NETLINK: the socket's protocol (NETLINK_ROUTE, NETLINK_NETFILTER...) */
	__u8 nl_cmd; /* EVF_NETLINK: genlmsghdr.cmd for NETLINK_GENERIC */
	__s32 path_dirfd; /* EVF_PATH: the *at() syscall's dirfd, AT_FDCWD (-100) for the others */
	__u32 chain_order; /* the first 4 caps of chain in check order, cap + 1 a byte, first lowest */
	__u32 pad2;
	struct capfix_creds creds; /* of the cred that was checked */
	char comm[CAPFIX_COMM_LEN];
	/* EVENT_EXEC_FAIL: the path the caller passed to execve; a denial with EVF_PATH: the
	 * syscall's path argument */
	char exec_path[256];
	char argv[CAPFIX_ARGV_LEN]; /* the process's command line (mm->arg_start), when it fits */
	/*
	 * Paths are assembled right to left with masked offsets; the buffer after each
	 * one is the headroom that lets the verifier prove a name of up to 255 bytes fits.
	 */
	char exe[CAPFIX_PATH_LEN];
	char cgroup[CAPFIX_CGROUP_LEN]; /* path below the cgroup root; also exe's headroom */
	char cg_tmp[CAPFIX_NAME_MAX + 1]; /* cgroup's headroom and name scratch */
};

/* aggregation key: identical denials are counted in the kernel, sent once */
struct agg_key {
	__u32 pid;
	__s32 cap;
	__s32 syscall;
	__u16 port;
	__u8 effect;
	__u8 pad; /* always zero: the key is hashed whole */
};

struct agg_val {
	__u64 count;
	__u64 last_ns;
};

/* per-CPU counters: indices into the stats map's value (tracer_stats() sums them) */
enum stat_idx {
	STAT_CHECKS_DENIED, /* denials seen that passed the filters */
	STAT_NOISE, /* known harmless probes (R19), counted, not sent */
	STAT_HARMLESS, /* denials whose syscall succeeded */
	STAT_FAILED, /* denials whose syscall failed */
	STAT_UNKNOWN, /* result not observable */
	STAT_RB_DROPS, /* ring buffer full: events lost */
	STAT_AGG_FULL, /* aggregation map full: a denial was sent uncounted */
	STAT_PENDING_FULL, /* could not track a syscall's result */
	STAT_TW_ERRORS, /* bpf_task_work scheduling failed */
	STAT_MAX,
};

#endif /* __CAPFIX_H */
