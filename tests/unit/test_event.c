// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of event.c (kernel record to finding and facts) and findings.c (the table). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/capability.h>
#include "../test.h"
#include "diagnose.h"
#include "event.h"
#include "findings.h"

#define BIT(c) (1ULL << (c))

static struct event E;
static struct proc_facts P;
static struct finding F;

/* nobody's bind(2) of [::1]:80 denied CAP_NET_BIND_SERVICE, as the BPF side sends it */
static void base_event(void)
{
	static const char exe[] = "/usr/local/bin/srv", cg[] = "/system.slice/web.service";

	memset(&E, 0, sizeof(E));
	memset(&P, 0, sizeof(P));
	E.type = EVENT_DENIAL;
	E.flags = EVF_BIND;
	E.pid = E.tid = 4242;
	E.ppid = 1;
	E.creds.uid = E.creds.euid = E.creds.suid = 65534;
	E.creds.gid = E.creds.egid = 65534;
	E.cap = CAP_NET_BIND_SERVICE;
	E.chain = BIT(CAP_NET_BIND_SERVICE);
	E.syscall = 49; /* x86-64 bind */
	E.effect = EFFECT_FAILED;
	E.ret = -EACCES;
	E.bind_family = AF_INET6;
	E.bind_port = 80;
	E.bind_addr[15] = 1;
	E.creds.caps.bounding = ~0ULL;
	strcpy(E.comm, "srv");
	/* paths end at the end of their buffers, as bpf assembles them right to left */
	E.exe_off = CAPFIX_PATH_LEN - sizeof(exe);
	memcpy(E.exe + E.exe_off, exe, sizeof(exe));
	E.cgroup_off = CAPFIX_CGROUP_LEN - sizeof(cg);
	memcpy(E.cgroup + E.cgroup_off, cg, sizeof(cg));
	E.exe_dev = 8 << 20 | 1;
	E.exe_ino = 1234;
}

/* the checked credentials reach the finding's facts whole: every field, no_new_privs included */
TEST(event_creds_to_facts_whole)
{
	base_event();
	E.creds.gid = 100;
	E.creds.egid = 101;
	E.creds.securebits = 0x2f;
	E.creds.no_new_privs = 1;
	E.creds.caps.effective = E.creds.caps.permitted = BIT(CAP_NET_RAW);
	E.creds.caps.inheritable = BIT(CAP_CHOWN);
	E.creds.caps.ambient = BIT(CAP_NET_RAW);
	event_facts(&E, &P);
	ASSERT_TRUE(memcmp(&P.creds, &E.creds, sizeof(E.creds)) == 0);
	ASSERT_TRUE(P.creds.no_new_privs);
	ASSERT_EQ(P.creds.egid, 101);
	ASSERT_U64(P.creds.caps.ambient, BIT(CAP_NET_RAW));
}

TEST(event_bind_ipv6_to_finding_and_facts)
{
	struct agg_key k;

	base_event();
	event_facts(&E, &P);
	event_finding(&E, &P, &F);
	ASSERT_EQ(P.pid, 4242);
	ASSERT_EQ(P.creds.uid, 65534);
	ASSERT_STREQ(P.comm, "srv");
	ASSERT_STREQ(P.exe, "/usr/local/bin/srv");
	ASSERT_STREQ(P.cgroup, "/system.slice/web.service");
	ASSERT_U64(P.exe_ino, 1234);
	ASSERT_TRUE(P.from_event);
	ASSERT_TRUE(P.securebits_known);
	ASSERT_EQ(P.port_start, -1);
	ASSERT_EQ(P.seccomp_mode, -1);
	ASSERT_EQ(F.cap, CAP_NET_BIND_SERVICE);
	ASSERT_EQ(F.err, EACCES);
	ASSERT_EQ(F.count, 1);
	ASSERT_TRUE(F.is_bind);
	ASSERT_EQ(F.family, AF_INET6);
	ASSERT_EQ(F.port, 80);
	ASSERT_STREQ(F.addr, "::1");
	ASSERT_FALSE(F.lsm_suspect);
	ASSERT_FALSE(F.exec_fail);

	event_agg_key(&E, &k);
	ASSERT_EQ(k.pid, 4242);
	ASSERT_EQ(k.cap, CAP_NET_BIND_SERVICE);
	ASSERT_EQ(k.port, 80);
	ASSERT_EQ(k.pad, 0);
	E.flags = 0;
	event_agg_key(&E, &k);
	ASSERT_EQ(k.port, 0);
}

TEST(event_ipv4_harmless_and_truncated_cgroup)
{
	base_event();
	E.bind_family = AF_INET;
	memset(E.bind_addr, 0, sizeof(E.bind_addr));
	E.bind_addr[0] = 127, E.bind_addr[3] = 1;
	E.effect = EFFECT_HARMLESS;
	E.ret = 0;
	E.flags |= EVF_CGROUP_TRUNCATED | EVF_NO_EXE | EVF_CRED_NOT_CURRENT;
	event_facts(&E, &P);
	event_finding(&E, &P, &F);
	ASSERT_STREQ(F.addr, "127.0.0.1");
	ASSERT_EQ(F.err, 0);
	ASSERT_TRUE(F.cred_not_current);
	/* left for proc_collect() to fill from /proc */
	ASSERT_STREQ(P.cgroup, "");
	ASSERT_STREQ(P.exe, "");
}

/* the event's flags and sets, through event_facts() and event_finding() */
static bool lsm_suspect_of(__u32 flags, __u64 effective)
{
	base_event();
	E.flags |= flags;
	E.creds.caps.effective = effective;
	event_facts(&E, &P);
	event_finding(&E, &P, &F);
	return F.lsm_suspect;
}

TEST(event_lsm_suspect_r14)
{
	/* the checked sets hold the cap and it was still denied: an LSM said no */
	SUBTEST("cap_in_effective_set")
	ASSERT_TRUE(lsm_suspect_of(0, BIT(CAP_NET_BIND_SERVICE)));
	/* with a user namespace other than the initial one, holding the cap proves nothing */
	SUBTEST("child_user_namespace")
	ASSERT_FALSE(lsm_suspect_of(EVF_USERNS_CHILD, BIT(CAP_NET_BIND_SERVICE)));
	SUBTEST("child_target_namespace")
	ASSERT_FALSE(lsm_suspect_of(EVF_TARGET_NS_CHILD, BIT(CAP_NET_BIND_SERVICE)));
	/* another cap in the set is no sign */
	SUBTEST("other_cap_only")
	ASSERT_FALSE(lsm_suspect_of(0, BIT(CAP_NET_RAW)));
}

TEST(event_exec_fail_r3)
{
	char path[64];

	base_event();
	E.type = EVENT_EXEC_FAIL;
	E.exec_path_len = 0;
	ASSERT_FALSE(event_exec_path(&E, path, sizeof(path)));
	E.exec_path_len = 1; /* just the NUL */
	ASSERT_FALSE(event_exec_path(&E, path, sizeof(path)));
	strcpy(E.exec_path, "./tool");
	E.exec_path_len = 7;
	ASSERT_TRUE(event_exec_path(&E, path, sizeof(path)));
	ASSERT_STREQ(path, "./tool");
	/* bounded by the smaller buffer */
	ASSERT_TRUE(event_exec_path(&E, path, 4));
	ASSERT_STREQ(path, "./t");

	event_facts(&E, &P);
	event_finding(&E, &P, &F);
	finding_set_exec_fail(&F, CAP_NET_RAW);
	ASSERT_TRUE(F.exec_fail);
	ASSERT_EQ(F.cap, CAP_NET_RAW);
	ASSERT_U64(F.chain, BIT(CAP_NET_RAW));
	ASSERT_EQ(F.err, EPERM);
	ASSERT_EQ(F.effect, EFFECT_FAILED);
	ASSERT_FALSE(F.lsm_suspect);
}

#define SRV "srv", "/usr/local/bin/srv"

/* one finding of a plain "srv" process, seen and kept as handle_event() does */
static struct finding_entry *add(struct findings *t, pid_t pid, int cap, bool exec_fail,
				 enum effect effect, const char *comm, const char *exe)
{
	struct agg_key k = {.pid = pid, .cap = cap};
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	struct finding *f = calloc(1, sizeof(*f));
	struct finding_entry *fe = NULL;

	if (!pf || !f)
		goto out;
	pf->pid = pid;
	strcpy(pf->comm, comm);
	strcpy(pf->exe, exe);
	f->cap = cap;
	f->effect = effect;
	f->count = 1;
	if (findings_see(t, &k, exec_fail) == 1)
		fe = findings_keep(t, &k, exec_fail, pf, f, -1, 0);
out:
	free(pf);
	free(f);
	return fe;
}

TEST(findings_table)
{
	struct findings t;
	struct agg_key k = {.pid = 7, .cap = CAP_NET_RAW};
	struct finding_entry *fe;

	if (!ASSERT_OK(findings_init(&t)))
		return;
	ASSERT_TRUE(findings_find(&t, &k, false) == NULL);
	if (!ASSERT_TRUE(add(&t, 7, CAP_NET_RAW, false, EFFECT_FAILED, SRV)) ||
	    !ASSERT_TRUE(add(&t, 7, CAP_NET_RAW, true, EFFECT_FAILED, SRV)) ||
	    !ASSERT_TRUE(add(&t, 8, CAP_CHOWN, false, EFFECT_HARMLESS, SRV)))
		goto out;
	/* seen once, never again (a repeat is not printed) */
	ASSERT_TRUE(findings_seen(&t, &k, false));
	ASSERT_EQ(findings_see(&t, &k, false), 0);
	/* equal facts of two processes are one shared copy, each with its own pid */
	ASSERT_TRUE(t.v[0].pf == t.v[1].pf);
	ASSERT_EQ(t.v[0].pid, 7);
	/* an exec failure with the same ids is a finding of its own */
	fe = findings_find(&t, &k, false);
	ASSERT_TRUE(fe == &t.v[0]);
	fe = findings_find(&t, &k, true);
	ASSERT_TRUE(fe == &t.v[1]);
	/* the kernel's counts go to the capability finding only */
	findings_set_count(&t, &k, 41);
	ASSERT_U64(t.v[0].count, 41);
	ASSERT_U64(t.v[1].count, 1);
	/* failed only, from the mark on */
	ASSERT_U64(findings_failed_caps_since(&t, 0), BIT(CAP_NET_RAW));
	ASSERT_U64(findings_failed_caps_since(&t, 2), 0);
	t.v[1].grant_cap = CAP_SYS_ADMIN;
	ASSERT_U64(findings_failed_caps_since(&t, 1), BIT(CAP_SYS_ADMIN));
out:
	findings_free(&t);
}

TEST(findings_full_table)
{
	struct findings t;
	int i, kept = 0;

	if (!ASSERT_OK(findings_init(&t)))
		return;
	for (i = 0; i < FINDINGS_MAX + 10; i++)
		kept += add(&t, 100000 + i, CAP_NET_RAW, false, EFFECT_FAILED, SRV) != NULL;
	ASSERT_EQ(kept, FINDINGS_MAX);
	ASSERT_EQ(t.n, FINDINGS_MAX);
	ASSERT_U64(t.unsummarized, 10);
	/* the ones not kept are still remembered: never printed twice */
	{
		struct agg_key k = {.pid = 100000 + FINDINGS_MAX + 5, .cap = CAP_NET_RAW};

		ASSERT_TRUE(findings_seen(&t, &k, false));
	}
	findings_free(&t);
}

TEST(findings_summary_leaves_out_manager_preexec)
{
	struct findings t;
	struct summary s = {};

	if (!ASSERT_OK(findings_init(&t)))
		return;
	/* the last: systemd's "(srv)" child before exec */
	if (!ASSERT_TRUE(add(&t, 7, CAP_NET_BIND_SERVICE, false, EFFECT_FAILED, SRV)) ||
	    !ASSERT_TRUE(add(&t, 7, CAP_NET_RAW, false, EFFECT_FAILED, SRV)) ||
	    !ASSERT_TRUE(add(&t, 7, CAP_CHOWN, false, EFFECT_HARMLESS, SRV)) ||
	    !ASSERT_TRUE(add(&t, 9, CAP_SYS_RESOURCE, false, EFFECT_FAILED, "(srv)",
			     "/usr/lib/systemd/systemd")))
		goto out;
	if (!ASSERT_OK(findings_summarize(&t, &s)))
		goto out;
	ASSERT_U64(s.findings, 2);
	if (ASSERT_EQ(s.nprocs, 1)) {
		ASSERT_EQ(s.procs[0].pid, 7);
		ASSERT_U64(s.procs[0].missing, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_NET_RAW));
		ASSERT_U64(s.procs[0].failed, 2);
	}
	summary_free(&s);
out:
	findings_free(&t);
}
