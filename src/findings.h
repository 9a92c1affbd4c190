/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The findings kept for the summary and --verify: one per kernel aggregation key. */
#ifndef __CAPFIX_FINDINGS_H
#define __CAPFIX_FINDINGS_H

#include <stdbool.h>
#include "capfix.h"
#include "model.h"
#include "summary.h"

/* kept for the summary: 72 bytes each, their facts shared by value (findstore.c) */
#define FINDINGS_MAX 16384

/*
 * A finding kept for the summary. Its diagnosis (116 kB of rendered fixes) is printed and
 * dropped: the summary needs only what the fixes grant, and diagnoses the union again. The
 * facts and the finding are shared copies (intern()): processes of one program with the
 * same facts cost one copy, with the pid and the count kept here.
 */
struct finding_entry {
	struct agg_key key;
	bool exec_fail; /* an EVENT_EXEC_FAIL finding: its key is no kernel aggregation key */
	pid_t pid;
	const struct proc_facts *pf; /* shared: pid, tid, ppid, start zeroed (see pid) */
	const struct finding *f;     /* shared: count zeroed (see count) */
	__u64 count;
	int grant_cap;	  /* the diagnosis' least-privileged cap (R19) */
	__u64 grant_caps; /* every cap its fixes grant */
	bool quiet;	  /* not printed: a failure it did not cause (R23), without --all */
};

struct findings {
	struct finding_entry *v; /* FINDINGS_MAX of them */
	int n;
	__u64 unsummarized;    /* printed, but the table or the facts budget was full */
	__u64 unshown;	       /* not printed: more distinct keys than findings_see() remembers */
	struct seen_set *seen; /* every key printed (findstore.c) */
};

/* 0 or -ENOMEM */
int findings_init(struct findings *t);
void findings_free(struct findings *t);
/*
 * Every key printed is remembered (SEEN_MAX of them), so none is printed twice, whether or
 * not its finding is kept. findings_seen(): seen before. findings_see(): 1 new (print it),
 * 0 seen before, -1 no room to remember it (do not print it; counted in unshown).
 */
bool findings_seen(const struct findings *t, const struct agg_key *k, bool exec_fail);
int findings_see(struct findings *t, const struct agg_key *k, bool exec_fail);
struct finding_entry *findings_find(struct findings *t, const struct agg_key *k, bool exec_fail);
/*
 * Keeps a finding already seen (findings_see()): pf and f are copied in shared form (pf's
 * pid, tid, ppid and start time and f's count are cleared in place). Returns the entry, or NULL
 * when the table or the facts budget is full (counted in unsummarized).
 */
struct finding_entry *findings_keep(struct findings *t, const struct agg_key *k, bool exec_fail,
				    struct proc_facts *pf, struct finding *f, int grant_cap,
				    __u64 grant_caps);
/* the kernel's count for the finding of k (agg map), if one is kept */
void findings_set_count(struct findings *t, const struct agg_key *k, __u64 count);
/* the caps whose denial made a syscall fail, in findings from mark (a count of findings) on */
__u64 findings_failed_caps_since(const struct findings *t, int mark);
/*
 * s->procs (allocated; summary_free() releases it) and s->findings from the failed findings,
 * leaving out systemd's own pre-exec child (manager_preexec()). 0 or -ENOMEM.
 */
int findings_summarize(const struct findings *t, struct summary *s);

#endif /* __CAPFIX_FINDINGS_H */
