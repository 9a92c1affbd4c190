/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The rule engine: why a capability was denied and which fixes can work (pure, no I/O). */
#ifndef __CAPFIX_DIAGNOSE_H
#define __CAPFIX_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

/*
 * Fills d: the least-privileged capability to grant (R19 chains), the blockers (each a
 * sentence naming the fact and its rule) and the fixes that can work, best first. Reads
 * only pf and f: no /proc, files, BPF or environment.
 */
void diagnose(const struct proc_facts *pf, const struct finding *f, struct diagnosis *d);

/*
 * The same for a set of capabilities already reduced by R19 (e.g. the union of d->caps
 * over all findings of one process): the fixes grant exactly caps. f supplies the rest
 * (syscall, port...). Do not put such a union into f->chain: chain means "denied in the
 * same syscall" and diagnose() reduces it (R19).
 */
void diagnose_caps(const struct proc_facts *pf, const struct finding *f, __u64 caps,
		   struct diagnosis *d);

/*
 * R14: the finding's cap is in the effective set the kernel checked (pf->caps, from the
 * event), in the initial user namespace, and was still denied: an LSM said no.
 */
bool finding_lsm_suspect(const struct proc_facts *pf, const struct finding *f);
/*
 * R3: the first capability of pf's file (pf->fcaps, effective bit set) outside the
 * caller's bounding set (pf->caps.bounding): execve fails with EPERM for it; -1 if none.
 */
int exec_fail_cap(const struct proc_facts *pf);
/*
 * systemd's own child before it execs the service ("(NAME)", exe systemd) has prlimit64 and
 * prctl denied CAP_SYS_RESOURCE after the uid change and ignores it (seen with systemd 252):
 * not something the service needs, so no part of its combined fix or of --verify's grant.
 */
bool manager_preexec(const struct proc_facts *pf);

/* "no_new_privs", ... (the JSON codes); "unknown" out of range */
const char *blocker_code_name(enum blocker_code c);
/* "systemd", "setcap", ...; "unknown" out of range */
const char *fix_kind_name(enum fix_kind k);

/*
 * The rules every printed or emitted setcap follows (docs/SECURITY.md "Fixes capfix
 * prints"), shared by diagnose() and the summary (summary.c, emit.c).
 *
 * setcap_refusal(): the blocker code that forbids any setcap on pf's executable (an
 * interpreter, a launcher, a setuid/setgid file, a path a non-root user can change, a path
 * not known exactly), with its sentence in buf; -1 when setcap may be offered.
 */
int setcap_refusal(const struct proc_facts *pf, char *buf, size_t len);
/* why cap makes its holder as good as root (capabilities(7)); NULL when it does not */
const char *cap_root_equivalent(int cap);
/* 1 and the warning in buf when caps holds a root-equivalent capability and users other
 * than the owner may run the file; 0 when not; -1 when buf is too small */
int setcap_root_warning(const struct proc_facts *pf, const char *exe, __u64 caps, char *buf,
			size_t len);
/* pf runs in a system service's own cgroup, so the unit's drop-in is a grant to it alone
 * (not user@UID.service, nor a cgroup delegated below a unit) */
bool unit_owns_process(const struct proc_facts *pf);

#endif /* __CAPFIX_DIAGNOSE_H */
