/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The summary: per process, then per unit and per executable, each with one combined fix. */
#ifndef __CAPFIX_SUMMARY_H
#define __CAPFIX_SUMMARY_H

#include <stdbool.h>
#include "model.h"
#include "repeats.h"

/* per process, at exit: what made syscalls fail, with counts */
struct summary_proc {
	pid_t pid;
	char comm[CAPFIX_COMM_LEN];
	const char *exe;  /* pf's, never NULL */
	const char *unit; /* pf's, never NULL, "" none */
	__u64 missing;	  /* caps whose denial made a syscall fail */
	__u64 failed;	  /* failed denials, counted */
	int nsyscalls;
	int syscalls[16];
	/* one fix with every missing cap (per unit / executable), shared by processes with the
	 * same facts, finding and caps; NULL: not diagnosed (more distinct ones than
	 * SUMMARY_DIAG_MAX) */
	const struct diagnosis *combined;
	const struct finding *last; /* its last failed finding (summary_diagnose()) */
	const struct proc_facts *pf; /* the facts of its first failed finding (summary.c) */
};

/* per unit or per executable: everything its processes need, and one fix (summary.c) */
struct summary_group {
	char name[MODEL_PATH_MAX]; /* the unit's name, or the executable's path */
	char unit[MODEL_UNIT_MAX]; /* executables: the unit the first of them ran in, "" none */
	__u64 missing;		   /* union over its processes */
	__u64 failed;
	int npids;
	int nsyscalls;
	int syscalls[16];
	bool has_fix;	  /* fix holds the drop-in (unit) or the setcap (executable) */
	bool fix_applies; /* the rule engine found nothing that stops this fix from working */
	/* executables: what the setcap sets (missing plus what the file already has) and
	 * whether that is as good as root for other users (emitted commented out only) */
	__u64 setcap_caps, setcap_inh;
	bool root_equivalent;
	bool refused; /* setcap_refusal(): no setcap at all, printed or emitted */
	struct fix fix;
	char blockers[MODEL_TEXT_MAX]; /* codes that stop the fix, space-separated, "" none */
};

/* at most this many distinct combined diagnoses (116 kB each) per summary */
#define SUMMARY_DIAG_MAX 48

struct summary {
	int nprocs;
	struct summary_proc *procs;
	__u64 findings; /* distinct */
	__u64 failed;	/* failed denials, counted */
	__u64 harmless; /* harmless denials incl. known probes (R19) */
	__u64 unknown;
	__u64 lost;	    /* events the ring buffer could not take */
	__u64 unsummarized; /* findings printed but not kept: more than capfix keeps */
	const char *hook;   /* the attach variant in use */
	struct repeats repeats; /* failed findings by unit or exe, cap, syscall, port */
	__u64 preexec; /* findings of systemd's own pre-exec children, left out */
	int nunits, nexes;  /* summary_build_groups() */
	struct summary_group *units, *exes;
	/* summary_alloc(): pid -> procs index + 1 (0 empty), and the shared diagnoses */
	int *pid_slot;
	unsigned int nslots;
	struct diagnosis *diag[SUMMARY_DIAG_MAX];
	int ndiag;
};


/*
 * Groups s->procs by systemd service and by executable, each with one combined fix: the
 * drop-in with every capability the unit's processes miss, merged with what the unit already
 * has (render_dropin()), and one setcap with every capability the executable misses. Pure.
 * Returns 0 or -ENOMEM; summary_free_groups() releases them.
 */
int summary_build_groups(struct summary *s);
void summary_free_groups(struct summary *s);

/* room for nfindings processes in s->procs, and the pid hash; 0 or -ENOMEM */
int summary_alloc(struct summary *s, int nfindings);
/* releases what summary_alloc() and summary_build_groups() took */
void summary_free(struct summary *s);
/*
 * Adds one failed finding of process pid to its entry in s->procs (summary_alloc() made
 * room): the caps its fixes grant (grant_caps; 0: its own cap), count and syscall.
 */
void summary_add_finding(struct summary *s, pid_t pid, const struct proc_facts *pf,
			 const struct finding *f, __u64 count, __u64 grant_caps);
/*
 * Each process's combined diagnosis with every cap it misses, computed once per distinct
 * (facts, last finding, caps) and shared; at most SUMMARY_DIAG_MAX, the rest stay NULL.
 */
void summary_diagnose(struct summary *s);

#endif /* __CAPFIX_SUMMARY_H */
