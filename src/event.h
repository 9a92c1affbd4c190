/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* From a kernel event record to a finding and the facts it carries (pure: no /proc, no BPF). */
#ifndef __CAPFIX_EVENT_H
#define __CAPFIX_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include "capfix.h"
#include "model.h"

/* the kernel's aggregation key of e (struct agg_key, the BPF agg map's key) */
void event_agg_key(const struct event *e, struct agg_key *k);

/*
 * What the kernel captured about the process: ids, credentials and capability sets,
 * securebits, no_new_privs, comm, exe and cgroup paths (a truncated one left empty),
 * namespaces. Sets from_event so that proc_collect() keeps these; port_start and
 * seccomp_mode -1 (unknown). pf must be zeroed.
 */
void event_facts(const struct event *e, struct proc_facts *pf);

/* The finding of a capability event; pf is event_facts() of the same event (R14). */
void event_finding(const struct event *e, const struct proc_facts *pf, struct finding *f);

/* EVENT_EXEC_FAIL: the path the caller passed to execve into buf; false if unreadable */
bool event_exec_path(const struct event *e, char *buf, size_t len);

/* R3: f becomes the failed execve of a file whose capability cap the bounding set lacks */
void finding_set_exec_fail(struct finding *f, int cap);

#endif /* __CAPFIX_EVENT_H */
