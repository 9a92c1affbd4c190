/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Kernel-version differences, resolved with CO-RE at load time. */
#ifndef __CORE_FIXES_BPF_H
#define __CORE_FIXES_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "capfix.h"

/*
 * Linux 6.15 (commit 633488947ef6 "kernfs: Use RCU to access kernfs_node::parent")
 * renamed kernfs_node::parent to __parent.
 */
struct kernfs_node___pre615 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kernfs_parent(struct kernfs_node *kn)
{
	struct kernfs_node___pre615 *old = (void *)kn;

	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ(old, parent);
}

/*
 * Linux 6.3 (commit f122a08b197d "capability: just use a 'u64' instead of a 'u32[2]'
 * array") made kernel_cap_t a struct { u64 val; }; before, it was struct
 * kernel_cap_struct { __u32 cap[2]; }, low word first (include/linux/capability.h).
 */
struct kernel_cap_struct___pre63 {
	__u32 cap[2];
} __attribute__((preserve_access_index));

struct cred___pre63 {
	struct kernel_cap_struct___pre63 cap_inheritable;
	struct kernel_cap_struct___pre63 cap_permitted;
	struct kernel_cap_struct___pre63 cap_effective;
	struct kernel_cap_struct___pre63 cap_bset;
	struct kernel_cap_struct___pre63 cap_ambient;
} __attribute__((preserve_access_index));

#define CRED_CAPS_PRE63(c, f) \
	((__u64)BPF_CORE_READ(c, f.cap[1]) << 32 | BPF_CORE_READ(c, f.cap[0]))

static __always_inline __u64 cred_effective(const struct cred *cred)
{
	const struct cred___pre63 *old = (const void *)cred;

	if (bpf_core_field_exists(cred->cap_effective.val))
		return BPF_CORE_READ(cred, cap_effective.val);
	return CRED_CAPS_PRE63(old, cap_effective);
}

static __always_inline void cred_caps(const struct cred *cred, struct capsets *out)
{
	const struct cred___pre63 *old = (const void *)cred;

	if (bpf_core_field_exists(cred->cap_effective.val)) {
		out->effective = BPF_CORE_READ(cred, cap_effective.val);
		out->permitted = BPF_CORE_READ(cred, cap_permitted.val);
		out->inheritable = BPF_CORE_READ(cred, cap_inheritable.val);
		out->bounding = BPF_CORE_READ(cred, cap_bset.val);
		out->ambient = BPF_CORE_READ(cred, cap_ambient.val);
	} else {
		out->effective = CRED_CAPS_PRE63(old, cap_effective);
		out->permitted = CRED_CAPS_PRE63(old, cap_permitted);
		out->inheritable = CRED_CAPS_PRE63(old, cap_inheritable);
		out->bounding = CRED_CAPS_PRE63(old, cap_bset);
		out->ambient = CRED_CAPS_PRE63(old, cap_ambient);
	}
}

/*
 * Helpers newer than 5.10, the oldest kernel capfix supports. A branch on one of these
 * is a constant once libbpf has relocated it against the running kernel's enum
 * bpf_func_id, so the verifier never walks the call that kernel lacks.
 * bpf_get_current_task_btf(): 5.11 (commit 3ca1032ab7ab); bpf_task_pt_regs(): 5.15
 * (commit dd6e10fbd9fb).
 */
#define HAVE_TASK_BTF bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)
#define HAVE_TASK_PT_REGS bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs)

/*
 * current, for BPF_CORE_READ() (a trusted BTF pointer where the kernel has one; direct
 * field loads need HAVE_TASK_BTF and bpf_get_current_task_btf() itself).
 */
static __always_inline struct task_struct *current_task(void)
{
	if (HAVE_TASK_BTF)
		return bpf_get_current_task_btf();
	return (struct task_struct *)bpf_get_current_task();
}

#if defined(__TARGET_ARCH_x86)
/*
 * x86-64 keeps a task's user registers at the top of its kernel stack (task_pt_regs(),
 * arch/x86/include/asm/processor.h; TOP_OF_KERNEL_STACK_PADDING is 0 on x86-64).
 * THREAD_SIZE is 16 KiB (arch/x86/include/asm/page_64_types.h), 32 KiB only with
 * KASAN, which no distribution kernel enables.
 */
#define X86_64_THREAD_SIZE (16384)

/*
 * current's user registers, where a syscall's number and arguments live (read them with
 * BPF_CORE_READ, PT_REGS_*_CORE_SYSCALL: the pointer is trusted only with the helper).
 */
static __always_inline struct pt_regs *current_regs(struct task_struct *task)
{
	if (HAVE_TASK_PT_REGS)
		return (struct pt_regs *)bpf_task_pt_regs(task);
	return (struct pt_regs *)((__u64)BPF_CORE_READ(task, stack) + X86_64_THREAD_SIZE) - 1;
}

#define REGS_SYSCALL_NR(r) BPF_CORE_READ(r, orig_ax)
/* the same from bpf_task_pt_regs()'s trusted pointer: a plain load, no helper call */
#define REGS_SYSCALL_NR_BTF(r) ((r)->orig_ax)
/* x86-64 syscall numbers the kernel side needs (arch/x86/entry/syscalls/syscall_64.tbl) */
#define NR_mmap 9
#define NR_mprotect 10
#define NR_brk 12
#define NR_mremap 25
#define NR_shmat 30
#define NR_bind 49
#define NR_clone 56
#define NR_fork 57
#define NR_vfork 58
#define NR_execve 59
#define NR_execveat 322
#define NR_clone3 435
/* sends that may carry a netlink request (R22) */
#define NR_write 1
#define NR_writev 20
#define NR_sendto 44
#define NR_sendmsg 46
#define NR_capset 126
#define NR_socket 41
#define NR_setsockopt 54
/* syscalls whose first argument is a path (the permission checks of R19's DAC chain) */
#define NR_open 2
#define NR_stat 4
#define NR_lstat 6
#define NR_access 21
#define NR_truncate 76
#define NR_chdir 80
#define NR_rename 82
#define NR_mkdir 83
#define NR_rmdir 84
#define NR_creat 85
#define NR_link 86
#define NR_unlink 87
#define NR_readlink 89
#define NR_chmod 90
#define NR_chown 92
#define NR_lchown 94
#define NR_utime 132
#define NR_mknod 133
#define NR_statfs 137
#define NR_chroot 161
#define NR_setxattr 188
#define NR_lsetxattr 189
#define NR_utimes 235
/* and those that take (dirfd, path) */
#define NR_openat 257
#define NR_mkdirat 258
#define NR_mknodat 259
#define NR_fchownat 260
#define NR_newfstatat 262
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_linkat 265
#define NR_readlinkat 267
#define NR_fchmodat 268
#define NR_faccessat 269
#define NR_utimensat 280
#define NR_renameat2 316
#define NR_statx 332
#define NR_openat2 437
#define NR_faccessat2 439
#define NR_fchmodat2 452
#else
#error "capfix: only x86-64 is supported yet; add this arch's registers and syscall numbers"
#endif

#endif /* __CORE_FIXES_BPF_H */
