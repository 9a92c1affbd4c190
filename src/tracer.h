/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The BPF side's lifecycle: open, configure, load, attach (with fallbacks), poll. */
#ifndef __CAPFIX_TRACER_H
#define __CAPFIX_TRACER_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>
#include "capfix.h"

enum attach_kind {
	ATTACH_AUTO = 0,
	ATTACH_TP_BTF, /* capability:cap_capable tracepoint, 6.14+ */
	ATTACH_FEXIT, /* fexit/security_capable, BPF trampolines */
	ATTACH_KPROBE, /* kprobe+kretprobe/security_capable */
};

struct tracer_config {
	enum attach_kind attach; /* AUTO tries tp_btf, fexit, kprobe in turn */
	int result; /* -1 auto (task_work, then sys_exit), else enum result_hook */
	bool filter_tgid; /* trace only tgids added with tracer_add_tgid() and descendants */
	const char *cgroup_path; /* --cgroup */
	const char *unit; /* --unit: any ancestor cgroup with this name */
	const char *comm; /* -c */
	bool all; /* send harmless denials too */
	bool noise_table; /* R19 fast path */
};

struct tracer;

typedef int (*tracer_event_fn)(void *ctx, const struct event *e);
typedef void (*tracer_agg_fn)(void *ctx, const struct agg_key *k, const struct agg_val *v);

/* libbpf's own messages go to stderr only when verbose */
void tracer_set_verbose(bool verbose);
/* Opens, loads and attaches; *out is NULL on error (negative errno, message in why). */
int tracer_open(struct tracer **out, const struct tracer_config *cfg, char *why, size_t whylen);
int tracer_add_tgid(struct tracer *t, pid_t tgid);
/* Waits up to timeout_ms for events and hands each to fn; returns events handled or -errno. */
int tracer_poll(struct tracer *t, int timeout_ms, tracer_event_fn fn, void *ctx);
/* Every aggregation entry (identical denials counted in the kernel). */
int tracer_agg_foreach(struct tracer *t, tracer_agg_fn fn, void *ctx);
/* Sums the per-CPU counters into out[STAT_MAX]. */
void tracer_stats(struct tracer *t, __u64 out[STAT_MAX]);
/* "tp_btf/cap_capable + bpf_task_work" */
const char *tracer_describe(const struct tracer *t);
/* what each refused variant said, one per line */
const char *tracer_fallback_log(const struct tracer *t);
void tracer_close(struct tracer *t);

#endif /* __CAPFIX_TRACER_H */
