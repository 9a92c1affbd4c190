// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* From a kernel event record to a finding and the facts it carries (pure: no /proc, no BPF). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include "diagnose.h"
#include "cause.h"
#include "event.h"
#include "strutil.h"

void event_agg_key(const struct event *e, struct agg_key *k)
{
	memset(k, 0, sizeof(*k));
	k->pid = e->pid;
	k->cap = e->cap;
	k->syscall = e->syscall;
	k->effect = e->effect;
	k->port = e->flags & EVF_BIND ? e->bind_port : 0;
}

void event_facts(const struct event *e, struct proc_facts *pf)
{
	pf->pid = e->pid;
	pf->tid = e->tid;
	pf->ppid = e->ppid;
	pf->creds = e->creds;
	memcpy(pf->comm, e->comm, sizeof(pf->comm));
	pf->comm[sizeof(pf->comm) - 1] = '\0';
	if (!(e->flags & EVF_NO_EXE) && e->exe_off < CAPFIX_PATH_LEN)
		str_copy(pf->exe, e->exe + e->exe_off, sizeof(pf->exe));
	/* a truncated path is left empty: proc_collect() reads /proc/PID/cgroup instead */
	if (e->cgroup_off < CAPFIX_CGROUP_LEN && !(e->flags & EVF_CGROUP_TRUNCATED))
		str_copy(pf->cgroup, e->cgroup + e->cgroup_off, sizeof(pf->cgroup));
	pf->exe_truncated = e->flags & EVF_EXE_TRUNCATED;
	pf->exe_kdev = e->exe_dev;
	pf->exe_ino = e->exe_ino;
	pf->start_boottime = e->start_boottime;
	pf->securebits_known = true;
	pf->userns_child = e->flags & EVF_USERNS_CHILD;
	pf->target_ns_child = e->flags & EVF_TARGET_NS_CHILD;
	pf->port_start = -1;
	pf->seccomp_mode = -1;
	pf->from_event = true;
}

void event_finding(const struct event *e, const struct proc_facts *pf, struct finding *f)
{
	memset(f, 0, sizeof(*f));
	f->cap = e->cap;
	f->chain = e->chain;
	f->syscall = e->syscall;
	f->effect = e->effect;
	f->err = e->effect == EFFECT_FAILED ? (int)-e->ret : 0;
	f->count = 1;
	f->cred_not_current = e->flags & EVF_CRED_NOT_CURRENT;
	if (e->flags & EVF_BIND) {
		f->is_bind = true;
		f->family = e->bind_family;
		f->port = e->bind_port;
		inet_ntop(e->bind_family == AF_INET6 ? AF_INET6 : AF_INET, e->bind_addr, f->addr,
			  sizeof(f->addr));
	}
	cause_from_event(f, e); /* R22 netlink, the path, R23's capset cap: before R14's test */
	f->lsm_suspect = finding_lsm_suspect(pf, f);
}

bool event_exec_path(const struct event *e, char *buf, size_t len)
{
	if (e->exec_path_len <= 1)
		return false;
	str_copy(buf, e->exec_path, len < sizeof(e->exec_path) ? len : sizeof(e->exec_path));
	return true;
}

void finding_set_exec_fail(struct finding *f, int cap)
{
	f->exec_fail = true;
	f->cap = cap;
	f->chain = 1ULL << cap;
	f->err = EPERM;
	f->effect = EFFECT_FAILED;
	f->lsm_suspect = false;
}
