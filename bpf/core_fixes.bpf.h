/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Kernel-version differences, resolved with CO-RE at load time. */
#ifndef __CORE_FIXES_BPF_H
#define __CORE_FIXES_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_core_read.h>

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
 * A task's user registers, where a syscall's number and arguments live. The helper
 * bpf_task_pt_regs() exists since 5.15 (commit dd6e10fbd9fb); before that, x86-64 keeps
 * pt_regs at the top of the task's kernel stack (task_pt_regs(), arch/x86/include/asm/
 * processor.h: TOP_OF_KERNEL_STACK_PADDING is 0 on x86-64). thread_size comes from user space.
 */
static __always_inline struct pt_regs *task_regs(struct task_struct *task, bool have_helper,
						 __u64 thread_size)
{
	if (have_helper)
		return (struct pt_regs *)bpf_task_pt_regs(task);
	return (struct pt_regs *)((__u64)BPF_CORE_READ(task, stack) + thread_size) - 1;
}

#if defined(__TARGET_ARCH_x86)
#define REGS_SYSCALL_NR(r) BPF_CORE_READ(r, orig_ax)
/* the same from a trusted pointer (bpf_task_pt_regs()): a plain load, no helper call */
#define REGS_SYSCALL_NR_BTF(r) ((r)->orig_ax)
#define REGS_RET(r) BPF_CORE_READ(r, ax)
#define REGS_ARG1(r) BPF_CORE_READ(r, di)
#define REGS_ARG2(r) BPF_CORE_READ(r, si)
#define REGS_ARG3(r) BPF_CORE_READ(r, dx)
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
#else
#error "capfix: only x86-64 is supported yet; add this arch's registers and syscall numbers"
#endif

#endif /* __CORE_FIXES_BPF_H */
