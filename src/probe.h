/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What the running kernel offers: its version, the cap_capable tracepoint, bpf_task_work. */
#ifndef __CAPFIX_PROBE_H
#define __CAPFIX_PROBE_H

#include <stdbool.h>

struct kernel_features {
	bool tp_cap_capable; /* btf_trace_cap_capable typedef: the 6.14 tracepoint */
	bool task_work; /* bpf_task_work_schedule_resume_impl kfunc (6.18) */
	bool vm_enough_memory; /* cap_vm_enough_memory() in BTF: the overcommit probe's fexit */
	bool vm_enough_memory_sym; /* ... in kallsyms: its kretprobe */
	bool memlock_charged; /* before 5.11, BPF maps count against RLIMIT_MEMLOCK */
	bool overcommit_never; /* vm.overcommit_memory = 2: the R19 noise table is not exact */
};

/* 0, or -errno with a message for the operator in why (a kernel older than 5.10 too) */
int probe_kernel(struct kernel_features *f, char *why, size_t whylen);

#endif /* __CAPFIX_PROBE_H */
