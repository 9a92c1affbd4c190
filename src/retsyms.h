/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The syscalls the kretprobe.multi result hook watches, and their kernel function names. */
#ifndef __CAPFIX_RETSYMS_H
#define __CAPFIX_RETSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "capfix.h"

struct ret_targets {
	const char **syms; /* "__x64_sys_bind" ..., for bpf_kprobe_multi_opts.syms */
	size_t n;
	__u64 nrs[CAPFIX_NR_SYSCALLS / 64]; /* the same syscalls, by number (ret_nrs in BPF) */
};

/* the syscall number of a syscall entry point "__x64_sys_NAME", or -1 */
int ret_sym_syscall(const char *sym);
/* false for the syscalls left unwatched: no capability check, or hot and blocking reads */
bool ret_syscall_watched(int nr);
/* ret_targets_filter()'s keep(): the shorter list watched with one fexit program each */
bool ret_syscall_fexit_watched(const char *sym, void *ctx);
int ret_targets_copy(struct ret_targets *dst, const struct ret_targets *src);
/* every watched entry point listed in fp (/proc/kallsyms' format); 0 or -errno */
int ret_targets_read(struct ret_targets *rt, FILE *fp);
/* drops the entry points keep() refuses, and their syscalls' bits */
void ret_targets_filter(struct ret_targets *rt, bool (*keep)(const char *sym, void *ctx), void *ctx);
void ret_targets_free(struct ret_targets *rt);

#endif /* __CAPFIX_RETSYMS_H */
