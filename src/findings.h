/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The findings kept for the summary and --verify: one per kernel aggregation key. */
#ifndef __CAPFIX_FINDINGS_H
#define __CAPFIX_FINDINGS_H

#include <stdbool.h>
#include "capfix.h"
#include "model.h"
#include "summary.h"

#define FINDINGS_MAX 4096

/*
 * A finding kept for the summary. Its diagnosis (116 kB of rendered fixes) is printed and
 * dropped: the summary needs only what the fixes grant, and diagnoses the union again.
 */
struct finding_entry {
	struct agg_key key;
	bool exec_fail; /* an EVENT_EXEC_FAIL finding: its key is no kernel aggregation key */
	struct proc_facts *pf; /* owned */
	struct finding f;
	int grant_cap;	  /* the diagnosis' least-privileged cap (R19) */
	__u64 grant_caps; /* every cap its fixes grant */
	bool quiet; /* not printed: a failure it did not cause (R23), without --all */
};

struct findings {
	struct finding_entry *v; /* FINDINGS_MAX of them */
	int n;
	__u64 unsummarized; /* printed after the table was full */
};

/* 0 or -ENOMEM */
int findings_init(struct findings *t);
void findings_free(struct findings *t);
struct finding_entry *findings_find(struct findings *t, const struct agg_key *k, bool exec_fail);
/* the next free entry, zeroed (findings_commit() keeps it); NULL when the table is full */
struct finding_entry *findings_next(struct findings *t);
void findings_commit(struct findings *t);
/* the kernel's count for the finding of k (agg map), if one is kept */
void findings_set_count(struct findings *t, const struct agg_key *k, __u64 count);
/* the caps whose denial made a syscall fail, in findings from mark (a count of findings) on */
__u64 findings_failed_caps_since(const struct findings *t, int mark);
/*
 * s->procs (allocated; the caller frees it) and s->findings from the failed findings,
 * leaving out systemd's own pre-exec child (manager_preexec()). 0 or -ENOMEM.
 */
int findings_summarize(const struct findings *t, struct summary *s);

#endif /* __CAPFIX_FINDINGS_H */
