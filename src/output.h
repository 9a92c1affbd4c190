/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Findings as text blocks or JSON Lines; the summary at exit. */
#ifndef __CAPFIX_OUTPUT_H
#define __CAPFIX_OUTPUT_H

#include <stdio.h>
#include "model.h"

/* one finding, as first seen */
struct report {
	double time; /* Unix time of the check */
	const struct proc_facts *pf;
	const struct finding *f;
	const struct diagnosis *d;
	__u64 count;
};

void output_text(FILE *out, const struct report *r);
void output_json(FILE *out, const struct report *r);

/* per process, at exit: what made syscalls fail, with counts */
struct summary_proc {
	pid_t pid;
	char comm[CAPFIX_COMM_LEN];
	char exe[MODEL_PATH_MAX];
	char unit[MODEL_UNIT_MAX];
	__u64 missing; /* caps whose denial made a syscall fail */
	__u64 failed; /* failed denials, counted */
	int nsyscalls;
	int syscalls[16];
	struct diagnosis combined; /* one fix with every missing cap (per unit / executable) */
};

struct summary {
	int nprocs;
	struct summary_proc *procs;
	__u64 findings; /* distinct */
	__u64 failed; /* failed denials, counted */
	__u64 harmless; /* harmless denials incl. known probes (R19) */
	__u64 unknown;
	__u64 lost; /* events the ring buffer could not take */
	const char *hook; /* the attach variant in use */
};

void output_summary_text(FILE *out, const struct summary *s);
void output_summary_json(FILE *out, const struct summary *s);

#endif /* __CAPFIX_OUTPUT_H */
