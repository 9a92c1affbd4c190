// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel side: catch denied capability checks and tie each to its syscall's result. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "capfix.h"
#include "core_fixes.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define EPERM 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define NETLINK_ROUTE 0
#define NETLINK_SOCK_DIAG 4
#define NETLINK_NETFILTER 12
#define NFNL_MSG_BATCH_BEGIN 16 /* include/uapi/linux/netfilter/nfnetlink.h */
#define NFNL_MSG_BATCH_END 17
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define AT_FDCWD -100
#define PF_KTHREAD 0x00200000 /* include/linux/sched.h */
#define PFA_NO_NEW_PRIVS 0 /* include/linux/sched.h: bit in task->atomic_flags */
#define MAX_ERRNO 4095

/* pending flags */
#define PF_EXEC_WATCH (1U << 0) /* an exec whose EPERM may be a capability-dumb binary (R3) */

/* configuration, set by user space between open and load */
/*
 * capfix's pid namespace when it is not the initial one (a container, a sandboxed unit):
 * getpid() there is not the tgid the kernel's hooks see, so self_tgid is learned at
 * capfix's first fork by bpf_get_ns_current_pid_tgid() (5.7+), see learn_self()
 */
const volatile __u64 self_ns_dev;
const volatile __u64 self_ns_ino;
const volatile __u32 self_ns_tgid;
const volatile bool filter_tgid; /* only tgids in the traced map (and their descendants) */
const volatile bool filter_cgroup; /* only tasks under the cgroup in cgroup_filter */
const volatile bool filter_unit; /* only tasks with an ancestor cgroup named unit_name */
const volatile __u64 unit_name[CAPFIX_CGROUP_LEN / 8];
const volatile bool filter_comm;
const volatile __u64 comm_name[CAPFIX_COMM_LEN / 8];
const volatile __u8 result_hook = RESULT_TASK_WORK;
const volatile bool emit_harmless; /* --all: send harmless denials too */
const volatile bool noise_table = true; /* R19: known probes never make a syscall fail */
const volatile bool skip_kthreads = true;
const volatile __u64 wakeup_bytes = 1; /* ring-buffer bytes that justify a wake-up */
/* RESULT_SYSCALL_RET/_FEXIT: the syscalls whose __x64_sys_* function is hooked, one bit each */
const volatile __u64 ret_nrs[CAPFIX_NR_SYSCALLS / 64];

__u64 pending_count; /* sys_exit hook: nothing to do while zero */

struct counters {
	__u64 v[STAT_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counters);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} rb SEC(".maps");

/* tgids to trace with filter_tgid; followed across fork */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} traced SEC(".maps");

/*
 * capfix's own descendants (queries it forks, e.g. systemctl show): invisible to it, or
 * each of their denials makes a finding that starts another query (issue 12). Marked at
 * fork, removed at exit; user space takes out a child it starts to trace.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} own_tree SEC(".maps");

__u64 own_tree_count; /* entries in own_tree: no lookup while capfix has no child */
/* capfix's tgid in the initial pid namespace: set by user space, or learned (self_ns_ino) */
__u32 self_tgid;

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

/* a denied check waiting for its syscall to return */
struct pending {
	struct bpf_task_work tw; /* must stay first-class map-value field for the verifier */
	__u64 ts_ns;
	__u64 chain;
	__u32 order; /* the chain in the kernel's check order: cap + 1 per byte, first lowest */
	__s32 cap;
	__s32 syscall;
	__u32 flags; /* PF_* */
	__u32 evflags; /* EVF_* known at the check */
	__u32 pad;
	struct capfix_creds creds; /* at the check, copied whole into the event */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32); /* tid */
	__type(value, struct pending);
} pending SEC(".maps");

/* identical denials: counted here, sent once */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct agg_key);
	__type(value, struct agg_val);
} agg SEC(".maps");

/*
 * The event being assembled, copied to the ring buffer when complete. Not reserved in the
 * ring buffer itself: the path walks are global functions, and before 5.12 (commit
 * e5069b9c23b3 "bpf: Support pointers in global func args") a global function takes no
 * pointer, so they find the record here. A program runs to completion on its CPU (tracing
 * programs do not nest there), so one record per CPU suffices.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} event_buf SEC(".maps");

static __always_inline struct event *event_scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&event_buf, &zero);
}

/* scratch for name comparisons (too big for the stack) */
struct name_buf {
	__u64 w[CAPFIX_CGROUP_LEN / 8];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct name_buf);
} scratch SEC(".maps");

#ifdef CAPFIX_TASK_WORK
/*
 * Only in the object built for kernels that have it: libbpf 1.1 looks for a weak ksym
 * missing from vmlinux BTF in module BTF, which takes CAP_SYS_ADMIN to list, so a single
 * object would need CAP_SYS_ADMIN on every kernel before 6.18 even in the variants that
 * never call it.
 */
extern int bpf_task_work_schedule_resume_impl(struct task_struct *task, struct bpf_task_work *tw,
					      void *map__map,
					      int (*cb)(struct bpf_map *, void *, void *),
					      void *aux__prog) __ksym __weak;
#endif

static __always_inline void count(enum stat_idx i)
{
	__u32 zero = 0;
	struct counters *c = bpf_map_lookup_elem(&stats, &zero);

	if (c && i < STAT_MAX)
		c->v[i]++;
}

/*
 * R19: checks that are denied by design and cannot make their syscall fail. The
 * overcommit heuristic asks for CAP_SYS_ADMIN on every private writable mapping
 * (security/commoncap.c cap_vm_enough_memory, mm/util.c __vm_enough_memory: under
 * the default heuristic mode the answer only changes the admin reserve, not the result).
 * It is reached from mmap, mprotect, brk, mremap, shmat, fork (dup_mmap) and exec (the
 * stack in __bprm_mm_init). User space turns the table off when overcommit_memory is 2.
 */
static __always_inline bool is_noise(int cap, int nr)
{
	if (cap != 21 /* CAP_SYS_ADMIN */)
		return false;
	switch (nr) {
	case NR_mmap:
	case NR_mprotect:
	case NR_brk:
	case NR_mremap:
	case NR_shmat:
	case NR_clone:
	case NR_fork:
	case NR_vfork:
	case NR_clone3:
		return true;
	}
	return false;
}

/*
 * Checks whose denial always makes the syscall fail. net/ipv4/af_inet.c __inet_bind(),
 * net/ipv6/af_inet6.c __inet6_bind(), net/sctp/socket.c sctp_do_bind() and the other
 * families' bind() return at once (-EACCES, -EPERM for netrom) when a port below
 * ip_unprivileged_port_start is refused CAP_NET_BIND_SERVICE; a cgroup bind program that
 * waives the check (BIND_NO_CAP_NET_BIND_SERVICE) skips the check itself. Once such a
 * denial has been seen failing in a process, its repeats are counted as failures without
 * waiting for the result: a crash-looping service's storm costs a map update each, not a
 * bpf_task_work (an IPI to the CPU itself, a VM exit on a guest).
 */
static __always_inline bool is_fatal(int cap, int nr)
{
	return cap == 10 /* CAP_NET_BIND_SERVICE */ && nr == NR_bind;
}

/* will the syscall's result reach finish()? */
static __always_inline bool result_seen(int nr, const bool tw)
{
	if (tw || result_hook == RESULT_SYS_EXIT)
		return nr >= 0;
	if ((result_hook == RESULT_SYSCALL_RET || result_hook == RESULT_SYSCALL_FEXIT) && nr >= 0 &&
	    nr < CAPFIX_NR_SYSCALLS) {
		__u32 w = (__u32)nr >> 6;

		/* the verifier must see the mask bound the index: clang folds it into the test */
		barrier_var(w);
		w &= CAPFIX_NR_SYSCALLS / 64 - 1;
		return (ret_nrs[w] >> (nr & 63)) & 1;
	}
	return false;
}

static __always_inline bool names_equal(struct name_buf *b, const volatile __u64 *want, int words)
{
	int i;

	for (i = 0; i < words; i++) {
		if (b->w[i] != want[i])
			return false;
		if (!want[i])
			return true;
	}
	return true;
}

/*
 * The walks below are global functions: the verifier checks each once, instead of once
 * per inlined call site (which exceeds its 1M-instruction budget).
 */

/* --unit: some ancestor cgroup of current is named unit_name (survives restarts, nested managers) */
__noinline int unit_matches(void)
{
	struct task_struct *task = current_task();
	struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);
	struct name_buf *b;
	__u32 zero = 0;
	int i, j;

	b = bpf_map_lookup_elem(&scratch, &zero);
	if (!b)
		return 0;
	for (i = 0; i < CAPFIX_CGROUP_DEPTH && kn; i++) {
		const char *name = BPF_CORE_READ(kn, name);

		for (j = 0; j < CAPFIX_CGROUP_LEN / 8; j++)
			b->w[j] = 0;
		bpf_probe_read_kernel_str(b->w, sizeof(b->w), name);
		if (names_equal(b, unit_name, CAPFIX_CGROUP_LEN / 8))
			return 1;
		kn = kernfs_parent(kn);
	}
	return 0;
}

static __always_inline bool comm_matches(void)
{
	__u64 c[CAPFIX_COMM_LEN / 8] = {};

	bpf_get_current_comm(c, sizeof(c));
	return c[0] == comm_name[0] && c[1] == comm_name[1];
}

/*
 * --unit verdicts per cgroup: a cgroup id is never reused while the system runs
 * (kernel/cgroup/cgroup.c cgroup_idr / kernfs node ids), so the ancestor walk runs once
 * per cgroup, not once per denial. A restarted unit gets a new cgroup, hence a new walk.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u8);
} unit_verdict SEC(".maps");

static __always_inline bool unit_matches_cached(void)
{
	__u64 id = bpf_get_current_cgroup_id();
	__u8 *v = bpf_map_lookup_elem(&unit_verdict, &id), m;

	if (v)
		return *v;
	m = unit_matches() ? 1 : 0;
	bpf_map_update_elem(&unit_verdict, &id, &m, BPF_ANY);
	return m;
}

static __always_inline bool pass_filters(struct task_struct *task, __u32 tgid)
{
	if (filter_tgid && !bpf_map_lookup_elem(&traced, &tgid))
		return false;
	if (filter_cgroup && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	if (filter_comm && !comm_matches())
		return false;
	if (filter_unit && !unit_matches_cached())
		return false;
	return true;
}

/*
 * Paths are assembled right to left: each name is copied in front of the previous one.
 * The running offset lives in the record (e->exe_off, e->cgroup_off), not in a register:
 * reloaded from memory it is an unknown value to the verifier, so the states of every
 * branch (a name, a mount crossing) look alike at the loop head and are pruned, instead of
 * multiplying with each iteration. The masks keep each copy within the buffer plus the
 * headroom that follows it in struct event.
 */
static __always_inline bool prepend_name(char *buf, __u16 *offp, const unsigned char *name,
					 __u32 len)
{
	__u32 o = *offp;

	len &= CAPFIX_NAME_MAX;
	if (len + 1 > o)
		return false;
	o -= len;
	bpf_probe_read_kernel(buf + (o & (CAPFIX_PATH_LEN - 1)), len, name);
	o--;
	buf[o & (CAPFIX_PATH_LEN - 1)] = '/';
	*offp = o;
	return true;
}

__noinline int read_exe(void)
{
	struct event *e = event_scratch();
	struct task_struct *task = current_task();
	struct dentry *d, *parent, *root;
	struct mount *mnt, *mnt_parent;
	struct file *file;
	struct qstr q;
	int i;

	if (!e)
		return 0;
	e->exe_off = CAPFIX_PATH_LEN - 1;
	e->exe[CAPFIX_PATH_LEN - 1] = '\0';
	file = BPF_CORE_READ(task, mm, exe_file);
	if (!file) {
		e->flags |= EVF_NO_EXE;
		return 0;
	}
	e->exe_ino = BPF_CORE_READ(file, f_inode, i_ino);
	e->exe_dev = BPF_CORE_READ(file, f_inode, i_sb, s_dev);
	d = BPF_CORE_READ(file, f_path.dentry);
	mnt = container_of(BPF_CORE_READ(file, f_path.mnt), struct mount, mnt);
	for (i = 0; i < CAPFIX_PATH_DEPTH; i++) {
		root = BPF_CORE_READ(mnt, mnt.mnt_root);
		parent = BPF_CORE_READ(d, d_parent);
		if (d == root || d == parent) {
			/* top of this mount: continue from where it is mounted (fs/d_path.c) */
			mnt_parent = BPF_CORE_READ(mnt, mnt_parent);
			if (mnt_parent == mnt)
				break;
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = mnt_parent;
			continue;
		}
		q = BPF_CORE_READ(d, d_name);
		if (!prepend_name(e->exe, &e->exe_off, q.name, q.len)) {
			e->flags |= EVF_EXE_TRUNCATED;
			break;
		}
		d = parent;
	}
	if (i == CAPFIX_PATH_DEPTH)
		e->flags |= EVF_EXE_TRUNCATED;
	if (e->exe_off == CAPFIX_PATH_LEN - 1) {
		e->exe_off--;
		e->exe[CAPFIX_PATH_LEN - 2] = '/';
	}
	return 0;
}

/* cgroup v2 path of current, right-aligned in e->cgroup like the exe path */
__noinline int read_cgroup(void)
{
	struct event *e = event_scratch();
	struct task_struct *task = current_task();
	struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);
	struct kernfs_node *parent;
	const char *name;
	__u32 o;
	long n;
	int i;

	if (!e)
		return 0;
	e->cgroup_off = CAPFIX_CGROUP_LEN - 1;
	e->cgroup[CAPFIX_CGROUP_LEN - 1] = '\0';
	for (i = 0; i < CAPFIX_CGROUP_DEPTH && kn; i++) {
		parent = kernfs_parent(kn);
		if (!parent) /* the root's name is "/" */
			break;
		name = BPF_CORE_READ(kn, name);
		/* kernfs_node keeps no length: read into the scratch after the buffer first */
		n = bpf_probe_read_kernel_str(e->cg_tmp, sizeof(e->cg_tmp), name);
		o = e->cgroup_off;
		if (n <= 1 || (__u32)n > o) {
			e->flags |= EVF_CGROUP_TRUNCATED;
			break;
		}
		o -= n - 1;
		bpf_probe_read_kernel(e->cgroup + (o & (CAPFIX_CGROUP_LEN - 1)),
				      (n - 1) & CAPFIX_NAME_MAX, name);
		o--;
		e->cgroup[o & (CAPFIX_CGROUP_LEN - 1)] = '/';
		e->cgroup_off = o;
		kn = parent;
	}
	if (i == CAPFIX_CGROUP_DEPTH && kn && kernfs_parent(kn))
		e->flags |= EVF_CGROUP_TRUNCATED;
	if (e->cgroup_off == CAPFIX_CGROUP_LEN - 1) {
		e->cgroup_off--;
		e->cgroup[CAPFIX_CGROUP_LEN - 2] = '/';
	}
	return 0;
}

static __always_inline void read_bind(struct pt_regs *regs, struct event *e)
{
	void *uaddr = (void *)PT_REGS_PARM2_CORE_SYSCALL(regs);
	struct {
		__u16 family;
		__u16 port;
		__u32 addr4;
	} sa;

	if (bpf_probe_read_user(&sa, sizeof(sa), uaddr))
		return;
	if (sa.family == AF_INET) {
		__builtin_memcpy(e->bind_addr, &sa.addr4, 4);
	} else if (sa.family == AF_INET6) {
		/* struct sockaddr_in6: family, port, flowinfo, addr[16] */
		if (bpf_probe_read_user(e->bind_addr, 16, uaddr + 8))
			return;
	} else {
		return;
	}
	e->bind_family = sa.family;
	e->bind_port = __builtin_bswap16(sa.port);
	e->flags |= EVF_BIND;
}

static __always_inline __u16 bind_port(struct pt_regs *regs)
{
	struct {
		__u16 family;
		__u16 port;
	} sa;

	if (bpf_probe_read_user(&sa, sizeof(sa), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs)))
		return 0;
	if (sa.family != AF_INET && sa.family != AF_INET6)
		return 0;
	return __builtin_bswap16(sa.port);
}

/* e: event_scratch() */
static __always_inline void submit(struct event *e)
{
	__u64 avail = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);

	/* batch wake-ups: user space also polls on a short timer */
	if (bpf_ringbuf_output(&rb, e, sizeof(*e),
			       avail + sizeof(*e) >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP :
								    BPF_RB_NO_WAKEUP))
		count(STAT_RB_DROPS); /* the count stays in agg; user space reports the key alone */
}

static __always_inline void fill_event(struct event *e, struct pending *p, __u32 type, __s64 ret,
				       __u8 effect)
{
	struct task_struct *task = current_task();
	__u64 id = bpf_get_current_pid_tgid();

	e->type = type;
	e->flags = p->evflags;
	e->ts_ns = p->ts_ns;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	/* what /proc/PID/stat shows: the leader's (fs/proc/array.c do_task_stat) */
	e->start_boottime = BPF_CORE_READ(task, group_leader, start_boottime);
	e->creds = p->creds;
	e->cap = p->cap;
	e->syscall = p->syscall;
	e->ret = ret;
	e->chain = p->chain;
	e->chain_order = p->order;
	e->effect = effect;
	e->result_hook = result_hook;
	e->mnt_ns_ino = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->args = 0;
	e->path_dirfd = AT_FDCWD;
	e->nl_type = 0;
	e->nl_proto = 0;
	e->nl_cmd = 0;
	e->argv_len = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	read_exe();
	read_cgroup();
}

/* what a send on a netlink socket asked for (R22) */
struct nl_req {
	__u16 type;
	__u8 proto;
	__u8 cmd;
};

/* the netlink socket behind fd of the current task, or NULL */
static __always_inline struct sock *netlink_sock(long fd)
{
	struct task_struct *task = current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *file;
	struct socket *sock;
	struct sock *sk;

	if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	if ((BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	sock = BPF_CORE_READ(file, private_data);
	sk = BPF_CORE_READ(sock, sk);
	if (!sk || BPF_CORE_READ(sk, __sk_common.skc_family) != AF_NETLINK)
		return NULL;
	return sk;
}

/*
 * R22: a capability refused while the kernel processes a netlink request fails the
 * request, not the send: rtnetlink_rcv_msg(), nfnetlink_rcv(), genl_family_rcv_msg_doit()
 * and xfrm_user_rcv_msg() answer -EPERM in an NLMSG_ERROR that the program reads later.
 * Returns true when the denial in this send is such a failure. Not a failure: sock_diag,
 * which asks CAP_NET_ADMIN only to decide what a dump shows (inet_diag_dump_one_icsk()),
 * and rtnetlink's GET requests, which need no capability.
 */
static __always_inline bool netlink_failure(struct pt_regs *regs, int nr, struct nl_req *req)
{
	struct {
		__u32 len;
		__u16 type;
		__u16 flags;
		__u32 seq, pid;
		__u8 cmd; /* genlmsghdr follows nlmsghdr */
	} h;
	struct {
		void *base;
		__u64 len;
	} iov;
	char *buf = (char *)PT_REGS_PARM2_CORE_SYSCALL(regs);
	__u64 len = PT_REGS_PARM3_CORE_SYSCALL(regs), off = 0;
	struct sock *sk;
	int i;

	if (nr != NR_sendmsg && nr != NR_sendto && nr != NR_write && nr != NR_writev)
		return false;
	sk = netlink_sock(PT_REGS_PARM1_CORE_SYSCALL(regs));
	if (!sk)
		return false;
	req->proto = BPF_CORE_READ(sk, sk_protocol);
	if (nr == NR_sendmsg) /* struct user_msghdr: msg_iov at offset 16 */
		bpf_probe_read_user(&buf, sizeof(buf), buf + 16);
	if (nr == NR_sendmsg || nr == NR_writev) {
		if (bpf_probe_read_user(&iov, sizeof(iov), buf))
			return false;
		buf = iov.base;
		len = iov.len;
	}
	/* nftables sends a batch: skip its begin marker to name the request itself */
	for (i = 0; i < 4; i++) {
		if (off + 16 > len || bpf_probe_read_user(&h, sizeof(h), buf + off))
			break;
		req->type = h.type;
		req->cmd = h.cmd;
		if (req->proto != NETLINK_NETFILTER ||
		    (h.type != NFNL_MSG_BATCH_BEGIN && h.type != NFNL_MSG_BATCH_END))
			break;
		off += (h.len + 3) & ~3U;
		if (h.len < 16)
			break;
	}
	if (req->proto == NETLINK_SOCK_DIAG)
		return false;
	/* RTM_GET*: (type - RTM_BASE) % 4 == 2 (rtnetlink_rcv_msg(): kind == 2) */
	if (req->proto == NETLINK_ROUTE && req->type >= 16 && ((req->type - 16) & 3) == 2)
		return false;
	return true;
}

/* which argument is the path: 1 (the first), 2 (after a dirfd), 0 none */
static __always_inline int path_arg(int nr)
{
	switch (nr) {
	case NR_open: case NR_stat: case NR_lstat: case NR_access: case NR_truncate:
	case NR_chdir: case NR_rename: case NR_mkdir: case NR_rmdir: case NR_creat:
	case NR_link: case NR_unlink: case NR_readlink: case NR_chmod: case NR_chown:
	case NR_lchown: case NR_utime: case NR_mknod: case NR_statfs: case NR_chroot:
	case NR_setxattr: case NR_lsetxattr: case NR_utimes: case NR_execve:
		return 1;
	case NR_openat: case NR_mkdirat: case NR_mknodat: case NR_fchownat:
	case NR_newfstatat: case NR_unlinkat: case NR_renameat: case NR_linkat:
	case NR_readlinkat: case NR_fchmodat: case NR_faccessat: case NR_utimensat:
	case NR_renameat2: case NR_statx: case NR_openat2: case NR_faccessat2:
	case NR_fchmodat2: case NR_execveat:
		return 2;
	}
	return 0;
}

/*
 * The denied access's object, from the syscall's arguments, still unchanged in the
 * caller's memory at return: the path (relative to path_dirfd) of a file access, the
 * sets a capset() asked for (R23: its CAP_SETPCAP check is a side check), socket()'s
 * family, type and protocol.
 */
static __always_inline void read_args(struct pt_regs *regs, int nr, struct event *e)
{
	struct {
		__u32 effective, permitted, inheritable;
	} data[2];
	int a = path_arg(nr);
	long n;

	if (a) {
		e->path_dirfd = a == 2 ? (__s32)PT_REGS_PARM1_CORE_SYSCALL(regs) : AT_FDCWD;
		n = bpf_probe_read_user_str(e->exec_path, sizeof(e->exec_path),
					    (void *)(a == 2 ? PT_REGS_PARM2_CORE_SYSCALL(regs) : PT_REGS_PARM1_CORE_SYSCALL(regs)));
		if (n > 1) {
			e->exec_path_len = n;
			e->flags |= EVF_PATH;
		}
	} else if (nr == NR_capset) {
		/* struct __user_cap_data_struct[2] (_LINUX_CAPABILITY_VERSION_3) */
		if (!bpf_probe_read_user(data, sizeof(data), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs))) {
			e->args = (__u64)(data[0].effective | data[0].permitted) |
				  (__u64)(data[1].effective | data[1].permitted) << 32;
			e->flags |= EVF_ARGS;
		}
	} else if (nr == NR_setsockopt) {
		/* level | optname << 32: SO_RCVBUFFORCE has a fallback (R23) */
		e->args = (PT_REGS_PARM2_CORE_SYSCALL(regs) & 0xffffffff) |
			  (PT_REGS_PARM3_CORE_SYSCALL(regs) & 0xffffffff) << 32;
		e->flags |= EVF_ARGS;
	} else if (nr == NR_socket) {
		/* R17: only ICMP sockets have the ping_group_range alternative */
		e->args = (PT_REGS_PARM1_CORE_SYSCALL(regs) & 0xffff) |
			  (PT_REGS_PARM2_CORE_SYSCALL(regs) & 0xffff) << 16 |
			  (PT_REGS_PARM3_CORE_SYSCALL(regs) & 0xffff) << 32;
		e->flags |= EVF_ARGS;
	}
}

/*
 * The command line, for fixes that start the program (a wrapper, ExecStart=): read in
 * the task at the syscall's return, while a short-lived program still exists. One that
 * does not fit is left out, not cut: a cut argument would change the command.
 */
static __always_inline void read_argv(struct event *e)
{
	struct task_struct *task = current_task();
	__u64 start = BPF_CORE_READ(task, mm, arg_start), end = BPF_CORE_READ(task, mm, arg_end);
	__u64 n = end - start;

	e->argv_len = 0;
	if (!start || end <= start || n > CAPFIX_ARGV_LEN)
		return;
	if (!bpf_probe_read_user(e->argv, n & (2 * CAPFIX_ARGV_LEN - 1), (void *)start))
		e->argv_len = n;
}

/* The syscall of p has returned `ret`: count it, and send it if it is new. */
static __always_inline void finish(struct pending *p, __s64 ret, bool known)
{
	struct pt_regs *regs = current_regs(current_task());
	__u8 effect = !known ? EFFECT_UNKNOWN :
		      (ret < 0 && ret >= -MAX_ERRNO) ? EFFECT_FAILED : EFFECT_HARMLESS;
	struct nl_req req = {};
	bool nl = false;
	struct agg_key key = {};
	struct agg_val one = { .count = 1 }, *v;
	struct event *e;

	if ((p->flags & PF_EXEC_WATCH) && ret == -EPERM) {
		/* R3: execve failed with EPERM, maybe no capability check fired at all */
		e = event_scratch();
		if (e) {
			fill_event(e, p, EVENT_EXEC_FAIL, ret, EFFECT_FAILED);
			/* the file the caller asked for, from its (unchanged) memory */
			e->exec_path_len = bpf_probe_read_user_str(
				e->exec_path, sizeof(e->exec_path),
				(void *)(p->syscall == NR_execveat ?
						 PT_REGS_PARM2_CORE_SYSCALL(regs) :
						 PT_REGS_PARM1_CORE_SYSCALL(regs)));
			submit(e);
		}
	}
	if (p->cap < 0) /* only an exec watch */
		return;
	if (known && effect == EFFECT_HARMLESS && netlink_failure(regs, p->syscall, &req)) {
		nl = true;
		effect = EFFECT_FAILED;
	}

	count(effect == EFFECT_FAILED ? STAT_FAILED :
	      effect == EFFECT_HARMLESS ? STAT_HARMLESS : STAT_UNKNOWN);

	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.cap = p->cap;
	key.syscall = p->syscall;
	key.effect = effect;
	if (p->syscall == NR_bind)
		key.port = bind_port(regs);
	v = bpf_map_lookup_elem(&agg, &key);
	if (v) {
		__sync_fetch_and_add(&v->count, 1);
		v->last_ns = p->ts_ns;
		return;
	}
	one.last_ns = p->ts_ns;
	if (bpf_map_update_elem(&agg, &key, &one, BPF_NOEXIST)) {
		v = bpf_map_lookup_elem(&agg, &key);
		if (v) { /* lost a race with another thread of the process */
			__sync_fetch_and_add(&v->count, 1);
			return;
		}
		count(STAT_AGG_FULL);
	}
	if (effect == EFFECT_HARMLESS && !emit_harmless)
		return;

	e = event_scratch();
	if (!e)
		return;
	fill_event(e, p, EVENT_DENIAL, ret, effect);
	e->exec_path_len = 0;
	e->exec_path[0] = '\0';
	e->nl_type = req.type;
	e->nl_proto = req.proto;
	e->nl_cmd = req.cmd;
	if (nl)
		e->flags |= EVF_NETLINK;
	if (p->syscall == NR_bind)
		read_bind(regs, e);
	read_args(regs, p->syscall, e);
	read_argv(e);
	submit(e);
}

#ifdef CAPFIX_TASK_WORK
/* bpf_task_work callback: runs in the task at return to user mode, after the syscall */
static int on_syscall_return(struct bpf_map *map, void *key, void *value)
{
	struct pt_regs *regs = current_regs(current_task());
	struct pending *p = value;

	finish(p, PT_REGS_RC_CORE(regs), true);
	bpf_map_delete_elem(map, key);
	return 0;
}
#endif

/*
 * no_new_privs is the task's (task_no_new_privs(), include/linux/sched.h), taken at the check
 * like the cred: prctl(PR_SET_NO_NEW_PRIVS) is a syscall of its own, only a sibling's seccomp
 * TSYNC (kernel/seccomp.c, seccomp_sync_threads()) can set it while this syscall runs
 */
static __always_inline void snapshot_cred(struct capfix_creds *c, const struct cred *cred,
					  struct task_struct *task)
{
	c->uid = BPF_CORE_READ(cred, uid.val);
	c->euid = BPF_CORE_READ(cred, euid.val);
	c->suid = BPF_CORE_READ(cred, suid.val);
	c->gid = BPF_CORE_READ(cred, gid.val);
	c->egid = BPF_CORE_READ(cred, egid.val);
	c->securebits = BPF_CORE_READ(cred, securebits);
	c->no_new_privs = BPF_CORE_READ(task, atomic_flags) & (1UL << PFA_NO_NEW_PRIVS) ? 1 : 0;
	cred_caps(cred, &c->caps);
}

/*
 * Every attach variant ends here: a capability check for `cap` on `cred` against
 * `target_ns` returned `ret`.
 */
static __always_inline int handle_capable(const struct cred *cred, struct user_namespace *target_ns,
					  int cap, int ret, const bool tw)
{
	struct task_struct *task;
	struct pt_regs *regs = NULL;
	struct pending *p, fresh = {};
	__u32 tid, tgid, flags = 0, tflags;
	__u64 id;
	int nr;

	if (ret == 0)
		return 0;
	/*
	 * Up to the noise check this runs on every denied overcommit probe of the host
	 * (bench workload 3). Where the kernel has bpf_get_current_task_btf() and
	 * bpf_task_pt_regs(), task and regs are trusted BTF pointers, so their fields are
	 * plain loads, not bpf_probe_read_kernel() calls as BPF_CORE_READ() makes;
	 * vmlinux.h's preserve_access_index keeps them CO-RE relocatable.
	 */
	id = bpf_get_current_pid_tgid();
	tgid = id >> 32;
	tid = (__u32)id;
	if (tgid == self_tgid)
		return 0;
	if (HAVE_TASK_BTF) {
		struct task_struct *t = bpf_get_current_task_btf();

		task = t;
		tflags = t->flags;
		if (!(tflags & PF_KTHREAD)) {
			regs = current_regs(t);
			if (HAVE_TASK_PT_REGS)
				nr = REGS_SYSCALL_NR_BTF(regs);
			else
				nr = REGS_SYSCALL_NR(regs);
		}
	} else {
		task = (struct task_struct *)bpf_get_current_task();
		tflags = BPF_CORE_READ(task, flags);
		if (!(tflags & PF_KTHREAD)) {
			regs = current_regs(task);
			nr = REGS_SYSCALL_NR(regs);
		}
	}
	if (tflags & PF_KTHREAD) {
		if (skip_kthreads)
			return 0;
		nr = -1;
	}
	/* the probes are counted only where traced: the summary is about what the filter
	 * selects (without one, pass_filters() is a constant true) */
	if (noise_table && is_noise(cap, nr)) {
		if (pass_filters(task, tgid))
			count(STAT_NOISE);
		return 0;
	}
	if (cap == 21 && (nr == NR_execve || nr == NR_execveat)) {
		/* the exec's overcommit probe: harmless, but watch the exec for R3 */
		if (pass_filters(task, tgid))
			count(STAT_NOISE);
		if (!result_seen(nr, tw))
			return 0;
		flags = PF_EXEC_WATCH;
		cap = -1;
	}
	if (own_tree_count && bpf_map_lookup_elem(&own_tree, &tgid))
		return 0;
	if (!pass_filters(task, tgid))
		return 0;
	if (cap >= 0)
		count(STAT_CHECKS_DENIED);

	p = bpf_map_lookup_elem(&pending, &tid);
	if (p) {
		/* a chain: another check denied in the same syscall (R19) */
		if (cap >= 0) {
			if (!(p->chain & (1ULL << (cap & 63))) && (p->order >> 24) == 0)
				p->order |= (__u32)(cap + 1) << (8 * ((p->order > 0) +
								(p->order > 0xff) +
								(p->order > 0xffff)));
			p->chain |= 1ULL << (cap & 63);
			if (p->cap < 0)
				p->cap = cap;
		}
		p->flags |= flags;
		return 0;
	}

	if (is_fatal(cap, nr) && result_seen(nr, tw)) {
		/* same key as finish() gives it; the first failure went the whole way */
		struct agg_key key = {
			.pid = tgid, .cap = cap, .syscall = nr, .effect = EFFECT_FAILED,
		};
		struct agg_val *v;

		key.port = bind_port(regs);
		v = bpf_map_lookup_elem(&agg, &key);
		if (v) {
			__sync_fetch_and_add(&v->count, 1);
			v->last_ns = bpf_ktime_get_ns();
			count(STAT_FAILED);
			return 0;
		}
	}
	fresh.ts_ns = bpf_ktime_get_ns();
	fresh.cap = cap;
	fresh.chain = cap >= 0 ? 1ULL << (cap & 63) : 0;
	fresh.order = cap >= 0 ? cap + 1 : 0;
	fresh.syscall = nr;
	fresh.flags = flags;
	if (cred != BPF_CORE_READ(task, cred))
		fresh.evflags |= EVF_CRED_NOT_CURRENT;
	if (BPF_CORE_READ(cred, user_ns, level) > 0)
		fresh.evflags |= EVF_USERNS_CHILD;
	if (target_ns && BPF_CORE_READ(target_ns, level) > 0)
		fresh.evflags |= EVF_TARGET_NS_CHILD;
	if (nr < 0)
		fresh.evflags |= EVF_KTHREAD;
	snapshot_cred(&fresh.creds, cred, task);

	if (!result_seen(nr, tw)) {
		finish(&fresh, 0, false);
		return 0;
	}
	if (bpf_map_update_elem(&pending, &tid, &fresh, BPF_NOEXIST)) {
		count(STAT_PENDING_FULL);
		finish(&fresh, 0, false);
		return 0;
	}
	if (!tw) {
		__sync_fetch_and_add(&pending_count, 1);
		return 0;
	}
#ifdef CAPFIX_TASK_WORK
	p = bpf_map_lookup_elem(&pending, &tid);
	if (!p)
		return 0;
	if (bpf_task_work_schedule_resume_impl(task, &p->tw, &pending, on_syscall_return, NULL)) {
		count(STAT_TW_ERRORS);
		finish(p, 0, false);
		bpf_map_delete_elem(&pending, &tid);
	}
#endif
	return 0;
}

/*
 * Each hook comes twice: the _tw variant learns the syscall's result with bpf_task_work
 * (6.18+); the other uses the sys_exit hook or none. User space loads one; a kernel
 * without the kfunc never sees a program that calls it.
 */

/* Linux 6.14+: the capability:cap_capable tracepoint (include/trace/events/capability.h) */
#ifdef CAPFIX_TASK_WORK
SEC("tp_btf/cap_capable")
int BPF_PROG(cap_capable_tp_tw, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	return handle_capable(cred, target_ns, cap, ret, true);
}
#endif

SEC("tp_btf/cap_capable")
int BPF_PROG(cap_capable_tp, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	return handle_capable(cred, target_ns, cap, ret, false);
}

/*
 * Kernels with BPF trampolines: fexit on security_capable(), not cap_capable(). The
 * latter is inlined into some commoncap callers (cap_vm_enough_memory, cap_task_prctl,
 * cap_capset; cap_mmap_addr from 5.19) and split into a .cold part on newer compilers,
 * so an attachment there misses calls; every ns_capable()/capable()/file_ns_capable()
 * goes through security_capable() (security/security.c). Its return also includes the
 * verdicts of other LSMs (R14).
 */
#ifdef CAPFIX_TASK_WORK
SEC("fexit/security_capable")
int BPF_PROG(security_capable_fexit_tw, const struct cred *cred, struct user_namespace *ns, int cap,
	     unsigned int opts, int ret)
{
	return handle_capable(cred, ns, cap, ret, true);
}
#endif

SEC("fexit/security_capable")
int BPF_PROG(security_capable_fexit, const struct cred *cred, struct user_namespace *ns, int cap,
	     unsigned int opts, int ret)
{
	return handle_capable(cred, ns, cap, ret, false);
}

/*
 * The overcommit probe on fexit/kprobe kernels. cap_vm_enough_memory() asks cap_capable()
 * directly, not through security_capable() (security/commoncap.c), so the hooks above never
 * see it: no harmless count, and no exec watch for R3. It is an LSM hook (LSM_HOOK_INIT),
 * never inlined. Its return value changed meaning (1 granted / 0 denied on 5.10 and 6.1,
 * 0 / -EPERM on 6.12, measured), so the verdict is cap_capable()'s own, recomputed from
 * current's cred: for the initial user namespace it is granted only to a cred of that
 * namespace with CAP_SYS_ADMIN effective (security/commoncap.c cap_capable()).
 */
static __always_inline int handle_overcommit(const bool tw)
{
	struct task_struct *task = current_task();
	const struct cred *cred = BPF_CORE_READ(task, cred);
	bool denied = BPF_CORE_READ(cred, user_ns, level) > 0 ||
		      !(cred_effective(cred) & (1ULL << 21 /* CAP_SYS_ADMIN */));

	return handle_capable(cred, NULL, 21, denied ? -EPERM : 0, tw);
}

SEC("fexit/cap_vm_enough_memory")
int BPF_PROG(vm_enough_memory_fexit, struct mm_struct *mm, long pages, int ret)
{
	return handle_overcommit(false);
}

#ifdef CAPFIX_TASK_WORK
SEC("fexit/cap_vm_enough_memory")
int BPF_PROG(vm_enough_memory_fexit_tw, struct mm_struct *mm, long pages, int ret)
{
	return handle_overcommit(true);
}
#endif

SEC("kretprobe/cap_vm_enough_memory")
int BPF_KRETPROBE(vm_enough_memory_kretprobe)
{
	return handle_overcommit(false);
}

/* Older kernels: kprobe + kretprobe on security_capable(), arguments kept per thread. */
struct capable_args {
	const struct cred *cred;
	struct user_namespace *ns;
	int cap;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct capable_args);
} kprobe_args SEC(".maps");

SEC("kprobe/security_capable")
int BPF_KPROBE(security_capable_entry, const struct cred *cred, struct user_namespace *ns, int cap)
{
	struct capable_args a = { .cred = cred, .ns = ns, .cap = cap };
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_update_elem(&kprobe_args, &tid, &a, BPF_ANY);
	return 0;
}

SEC("kretprobe/security_capable")
int BPF_KRETPROBE(security_capable_exit, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct capable_args *a = bpf_map_lookup_elem(&kprobe_args, &tid);
	struct capable_args copy;

	if (!a)
		return 0;
	copy = *a;
	bpf_map_delete_elem(&kprobe_args, &tid);
	return handle_capable(copy.cred, copy.ns, copy.cap, ret, false);
}

/* a watched syscall returned ret: sys_exit and the result hooks below */
static __always_inline int syscall_returned(long ret)
{
	__u32 tid;
	struct pending *p;

	if (!pending_count)
		return 0;
	tid = (__u32)bpf_get_current_pid_tgid();
	p = bpf_map_lookup_elem(&pending, &tid);
	if (!p)
		return 0;
	finish(p, ret, true);
	bpf_map_delete_elem(&pending, &tid);
	__sync_fetch_and_add(&pending_count, -1);
	return 0;
}

/*
 * Result hook for kernels without bpf_task_work (before 6.18): every syscall exit of
 * the host. Enabling it puts every task on the syscall slow path (measured 1.66x on a
 * getppid loop), so it is the fallback, not the default.
 */
SEC("raw_tp/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	return syscall_returned(ret);
}

/*
 * Result hooks for kernels without bpf_task_work that see only the syscalls that may check
 * a capability (user space picks them and sets ret_nrs): unlike sys_exit, the others
 * (getppid, futex, epoll_wait, read ...) pay nothing. With kprobe_multi links (5.18+,
 * CONFIG_FPROBE), one kretprobe.multi link on their __x64_sys_* functions; else one fexit
 * program per function (a BPF trampoline each), loaded from copies of this object that
 * share its maps. User space attaches both with its list; the section names no target.
 */
SEC("kretprobe.multi/__x64_sys_capfix_unused")
int BPF_KRETPROBE(syscall_ret, long ret)
{
	return syscall_returned(ret);
}

SEC("fexit/__x64_sys_capfix_unused")
int BPF_PROG(syscall_fexit, const struct pt_regs *regs, long ret)
{
	return syscall_returned(ret);
}

/*
 * current is capfix itself when its tgid in capfix's own pid namespace is the one user space
 * saw: then tgid is capfix's tgid as the hooks see it. User space forks once after attaching
 * so that this happens before anything else can be traced.
 */
static __always_inline void learn_self(__u32 tgid)
{
	struct bpf_pidns_info ns = {};

	if (!bpf_get_ns_current_pid_tgid(self_ns_dev, self_ns_ino, &ns, sizeof(ns)) &&
	    ns.tgid == self_ns_tgid)
		self_tgid = tgid;
}

/* follow the traced tree and capfix's own across fork; raw_tp works on every kernel */
SEC("raw_tp/sched_process_fork")
int BPF_PROG(sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid);
	__u8 one = 1;

	/* the hook runs in the parent's context (kernel_clone) */
	if (!self_tgid && self_ns_ino)
		learn_self(ptgid);
	if (ptgid == ctgid)
		return 0;
	if (filter_tgid && bpf_map_lookup_elem(&traced, &ptgid))
		bpf_map_update_elem(&traced, &ctgid, &one, BPF_ANY);
	if (ptgid == self_tgid || (own_tree_count && bpf_map_lookup_elem(&own_tree, &ptgid))) {
		if (!bpf_map_update_elem(&own_tree, &ctgid, &one, BPF_NOEXIST))
			__sync_fetch_and_add(&own_tree_count, 1);
	}
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *task)
{
	__u32 tid = BPF_CORE_READ(task, pid), tgid = BPF_CORE_READ(task, tgid);

	/* a thread killed between the check and its return leaves no pending entry behind */
	if (result_hook == RESULT_SYS_EXIT || result_hook == RESULT_SYSCALL_RET ||
	    result_hook == RESULT_SYSCALL_FEXIT) {
		if (bpf_map_delete_elem(&pending, &tid) == 0)
			__sync_fetch_and_add(&pending_count, -1);
	}
	if (tid != tgid)
		return 0;
	if (filter_tgid)
		bpf_map_delete_elem(&traced, &tgid);
	if (own_tree_count && bpf_map_delete_elem(&own_tree, &tgid) == 0)
		__sync_fetch_and_add(&own_tree_count, -1);
	return 0;
}
