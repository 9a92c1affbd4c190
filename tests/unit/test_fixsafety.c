// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Fixes that must never hand out more than the finding needs (docs/SECURITY.md), as fixtures. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../test.h"
#include "unit.h"
#include "diagnose.h"
#include "emit.h"
#include "findings.h"
#include "findstore.h"
#include "fix.h"
#include "names.h"
#include "output.h"
#include "pathtrust.h"
#include "strutil.h"

#define BIT(c) (1ULL << (c))

static struct proc_facts P;
static struct finding F;
static struct diagnosis D;

/* uid 65534 denied cap (a failed syscall), plain process, a root-owned 0755 file */
static void base(const char *exe, int cap, const char *syscall)
{
	memset(&P, 0, sizeof(P));
	memset(&F, 0, sizeof(F));
	P.pid = P.tid = 4343;
	P.ppid = 1;
	P.creds.uid = P.creds.euid = P.creds.suid = 65534;
	P.creds.gid = P.creds.egid = 65534;
	strcpy(P.comm, "x");
	strcpy(P.exe, exe);
	strcpy(P.user_name, "nobody");
	P.creds.caps.bounding = CAPS_ALL;
	P.exe_stat_ok = TRI_YES;
	P.exe_mode = S_IFREG | 0755;
	P.fcaps.present = TRI_NO;
	P.path_trusted = TRI_YES;
	P.mount_nosuid = TRI_NO;
	P.foreign_mount = TRI_NO;
	P.port_start = 1024;
	F.cap = cap;
	F.chain = BIT(cap);
	F.syscall = syscall_from_name(syscall);
	F.err = EPERM;
	F.effect = EFFECT_FAILED;
	F.count = 1;
}

static int fix_index(enum fix_kind k)
{
	int i;

	for (i = 0; i < D.nfixes; i++)
		if (D.fixes[i].kind == k)
			return i;
	return -1;
}

/* the fix whose unit or path names unit */
static int fix_naming(const char *unit)
{
	int i;

	for (i = 0; i < D.nfixes; i++)
		if (strstr(D.fixes[i].unit, unit) || strstr(D.fixes[i].path, unit) ||
		    strstr(D.fixes[i].command, unit))
			return i;
	return -1;
}

static bool has_blocker(enum blocker_code c)
{
	int i;

	for (i = 0; i < D.nblockers; i++)
		if (D.blockers[i].code == c)
			return true;
	return false;
}

/* one process of P with the diagnosis of F, summarised; the caller frees the groups */
static struct summary_proc SP;
static struct diagnosis SD;
static void summarize(struct summary *s)
{
	memset(s, 0, sizeof(*s));
	memset(&SP, 0, sizeof(SP));
	diagnose(&P, &F, &D);
	SP.pid = P.pid;
	SP.pf = &P;
	SP.missing = D.caps;
	SP.failed = 1;
	diagnose_caps(&P, &F, SP.missing, &SD);
	SP.combined = &SD;
	SP.exe = P.exe;
	SP.unit = P.unit;
	s->procs = &SP;
	s->nprocs = 1;
	ASSERT_EQ(summary_build_groups(s), 0);
}


/* an unprivileged `python3.11 -c 'import os; os.setuid(0)'` (the attack) */
TEST(safety_interpreter_never_setcap)
{
	struct summary s;
	char *t;

	base("/usr/bin/python3.11", CAP_SETUID, "setuid");
	P.is_interpreter = true;
	strcpy(P.script, "-c import os; os.setuid(0)");
	P.script_kind = SCRIPT_INLINE;
	diagnose(&P, &F, &D);
	ASSERT_TRUE(has_blocker(BLOCKER_INTERPRETER));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	summarize(&s);
	ASSERT_EQ(s.nexes, 1);
	if (s.nexes == 1) {
		ASSERT_FALSE(s.exes[0].has_fix);
		ASSERT_FALSE(s.exes[0].fix_applies);
		ASSERT_HAS(s.exes[0].blockers, "interpreter");
		ASSERT_STREQ(s.exes[0].fix.command, "");
	}
	t = render_summary(emit_render_setcap, &s);
	ASSERT_NOT_HAS(t, "capfix_setcap /usr/bin/python3.11");
	ASSERT_HAS(t, "# not set: /usr/bin/python3.11: ");
	ASSERT_HAS(t, "interpreter");
	free(t);
	t = render_summary(emit_render_ansible, &s);
	ASSERT_NOT_HAS(t, "python3");
	free(t);
	summary_free_groups(&s);

	/* perl too, and root under SECBIT_NOROOT (setcap would otherwise be offered) */
	base("/usr/bin/perl", CAP_SETUID, "setuid");
	P.is_interpreter = true;
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	P.creds.securebits = 1 << 0; /* SECBIT_NOROOT */
	P.securebits_known = true;
	diagnose(&P, &F, &D);
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
}

/* /usr/bin/env cap_dac_read_search: a PATH lookup in a launcher every user runs */
TEST(safety_launcher_never_setcap)
{
	static const char *const launchers[] = {"/usr/bin/env", "/usr/bin/busybox", "/usr/bin/sudo",
						"/usr/bin/xargs"};
	struct summary s;
	size_t i;
	char *t;

	for (i = 0; i < sizeof(launchers) / sizeof(launchers[0]); i++) {
		base(launchers[i], CAP_DAC_READ_SEARCH, "execve");
		diagnose(&P, &F, &D);
		ASSERT_TRUE(has_blocker(BLOCKER_SHARED_EXE));
		ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	}
	summarize(&s);
	ASSERT_EQ(s.nexes, 1);
	ASSERT_FALSE(s.exes[0].has_fix);
	ASSERT_HAS(s.exes[0].blockers, "shared_exe");
	t = render_summary(emit_render_setcap, &s);
	ASSERT_NOT_HAS(t, "capfix_setcap /usr/bin/xargs");
	free(t);
	summary_free_groups(&s);
	/* a name that only starts like one is not one */
	base("/usr/local/bin/envoy", CAP_NET_RAW, "socket");
	diagnose(&P, &F, &D);
	ASSERT_FALSE(has_blocker(BLOCKER_SHARED_EXE));
	ASSERT_GE(fix_index(FIX_SETCAP), 0);
}

/* the list and its reasons: every capability the issue names, and not CAP_NET_BIND_SERVICE */
TEST(safety_root_equivalent_list)
{
	static const int root[] = {
	    CAP_SYS_ADMIN,  CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SETUID, CAP_SETGID,
	    CAP_SYS_PTRACE, CAP_SYS_MODULE,   CAP_SYS_RAWIO,	   CAP_CHOWN,  CAP_FOWNER,
	    CAP_SETFCAP,    CAP_SETPCAP,      CAP_MKNOD,	   CAP_BPF,    CAP_SYS_BOOT};
	static const int not_root[] = {CAP_NET_BIND_SERVICE, CAP_NET_RAW,  CAP_NET_ADMIN,
				       CAP_SYS_NICE,	     CAP_IPC_LOCK, CAP_KILL,
				       CAP_SYS_TIME,	     CAP_PERFMON};
	size_t i;

	for (i = 0; i < sizeof(root) / sizeof(root[0]); i++)
		if (!ASSERT_TRUE(cap_root_equivalent(root[i]) != NULL))
			fprintf(stderr, "  (%s)\n", cap_name(root[i]));
	for (i = 0; i < sizeof(not_root) / sizeof(not_root[0]); i++)
		ASSERT_TRUE(cap_root_equivalent(not_root[i]) == NULL);
}

/* cap_sys_ptrace on a tool every user runs: per-process grants first, setcap warned */
TEST(safety_root_equivalent_setcap_last_and_warned)
{
	struct summary s;
	int w, c;
	char *t;

	base("/usr/local/bin/dbg", CAP_SYS_PTRACE, "ptrace");
	diagnose(&P, &F, &D);
	w = fix_index(FIX_AMBIENT_WRAPPER);
	c = fix_index(FIX_SETCAP);
	ASSERT_GE(w, 0);
	ASSERT_GT(c, w);
	if (c >= 0)
		ASSERT_HAS(D.fixes[c].warning,
			   "Every user who can run /usr/local/bin/dbg gets CAP_SYS_PTRACE, which "
			   "is as good as root");
	summarize(&s);
	ASSERT_TRUE(s.exes[0].root_equivalent);
	ASSERT_HAS(s.exes[0].fix.warning, "Every user who can run /usr/local/bin/dbg");
	/* --emit leaves it to the operator: commented out, with the consequence */
	t = render_summary(emit_render_setcap, &s);
	ASSERT_HAS(t, "# capfix_setcap /usr/local/bin/dbg cap_sys_ptrace=ep\n");
	ASSERT_NOT_HAS(t, "\ncapfix_setcap /usr/local/bin/dbg");
	ASSERT_HAS(t, "# Every user who can run /usr/local/bin/dbg gets CAP_SYS_PTRACE");
	free(t);
	t = render_summary(emit_render_ansible, &s);
	ASSERT_NOT_HAS(t, "community.general.capabilities:\n");
	free(t);
	summary_free_groups(&s);

	/* a file only root may run gives nothing away: the plain setcap, first */
	base("/usr/local/bin/dbg", CAP_SYS_PTRACE, "ptrace");
	P.exe_mode = S_IFREG | 0700;
	diagnose(&P, &F, &D);
	ASSERT_EQ(fix_index(FIX_SETCAP), 0);
	ASSERT_NOT_HAS(D.fixes[0].warning, "as good as root");

	/* a capability that is not root's: setcap first, as before */
	base("/usr/local/bin/srv", CAP_NET_BIND_SERVICE, "bind");
	diagnose(&P, &F, &D);
	ASSERT_EQ(fix_index(FIX_SETCAP), 0);
}

/* a setuid copy of util-linux mount: setcap cap_setuid on it breaks it */
TEST(safety_setuid_file_never_setcap)
{
	struct summary s;

	/* setuid root: R8/R10 rule it out (diagnose.c r8_setuid()); never a setcap either way */
	base("/usr/local/bin/mount", CAP_SYS_ADMIN, "mount");
	P.exe_mode = S_IFREG | S_ISUID | 0755;
	diagnose(&P, &F, &D);
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* setuid to another user (nobody's copy): the bit does not lift it, setcap would */
	P.exe_owner = 65534;
	diagnose(&P, &F, &D);
	ASSERT_TRUE(has_blocker(BLOCKER_SETUID_FILE));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	summarize(&s);
	ASSERT_FALSE(s.exes[0].has_fix);
	ASSERT_HAS(s.exes[0].blockers, "setuid_file");
	summary_free_groups(&s);

	base("/usr/local/bin/wall", CAP_NET_RAW, "socket");
	P.exe_mode = S_IFREG | S_ISGID | 0755;
	diagnose(&P, &F, &D);
	ASSERT_TRUE(has_blocker(BLOCKER_SETUID_FILE));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
}

/* a path a non-root user controls, or one not known exactly */
TEST(safety_path_untrusted_never_setcap)
{
	struct summary s;
	char *t;

	base("/srv/drop/tool", CAP_NET_RAW, "socket");
	P.path_trusted = TRI_NO;
	strcpy(P.path_weak, "/srv/drop (owner uid 65534)");
	diagnose(&P, &F, &D);
	ASSERT_TRUE(has_blocker(BLOCKER_PATH_WRITABLE));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* the wrapper still runs it from there: it says who else gets the capability */
	if (ASSERT_GE(fix_index(FIX_AMBIENT_WRAPPER), 0))
		ASSERT_HAS(
		    D.fixes[fix_index(FIX_AMBIENT_WRAPPER)].warning,
		    "/srv/drop/tool can be replaced by a non-root user (/srv/drop (owner uid "
		    "65534))");
	summarize(&s);
	ASSERT_FALSE(s.exes[0].has_fix);
	t = render_summary(emit_render_setcap, &s);
	ASSERT_NOT_HAS(t, "capfix_setcap /srv/drop/tool");
	ASSERT_HAS(t, "path_writable");
	free(t);
	summary_free_groups(&s);

	/* the kernel's copy cut short and nothing verified it */
	base("/a/b/c/tool", CAP_NET_RAW, "socket");
	P.exe_truncated = true;
	P.path_trusted = TRI_UNKNOWN;
	diagnose(&P, &F, &D);
	ASSERT_TRUE(has_blocker(BLOCKER_PATH_INEXACT));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	summarize(&s);
	ASSERT_FALSE(s.exes[0].has_fix);
	summary_free_groups(&s);
}

/* a copy of strace with cap_sys_ptrace=ep that now needs cap_kill too */
TEST(safety_combined_fix_keeps_file_caps)
{
	struct summary s;
	char *t;

	base("/opt/tools/strace", CAP_KILL, "kill");
	P.exe_mode = S_IFREG | 0750; /* root and its group: no root-equivalent warning */
	P.fcaps.present = TRI_YES;
	P.fcaps.version = 2;
	P.fcaps.permitted = BIT(CAP_SYS_PTRACE);
	P.fcaps.effective = true;
	diagnose(&P, &F, &D);
	ASSERT_GE(fix_index(FIX_SETCAP), 0);
	ASSERT_STREQ(D.fixes[fix_index(FIX_SETCAP) < 0 ? 0 : fix_index(FIX_SETCAP)].command,
		     "setcap cap_kill,cap_sys_ptrace=+ep /opt/tools/strace");
	summarize(&s);
	ASSERT_STREQ(s.exes[0].fix.command, "setcap cap_kill,cap_sys_ptrace=+ep /opt/tools/strace");
	t = render_summary(emit_render_setcap, &s);
	ASSERT_HAS(t, "capfix_setcap /opt/tools/strace cap_kill,cap_sys_ptrace=ep\n");
	free(t);
	t = render_summary(emit_render_ansible, &s);
	ASSERT_HAS(t, "capability: !unsafe \"cap_sys_ptrace=ep\"");
	ASSERT_HAS(t, "capability: !unsafe \"cap_kill=ep\"");
	free(t);
	summary_free_groups(&s);
}

/* a cgroup a user made below user@UID.service, or below any delegating unit */
TEST(safety_delegated_cgroup_no_system_dropin)
{
	static const struct {
		const char *cgroup, *unit;
	} cases[] = {
	    {"/user.slice/user-1000.slice/user@1000.service/mine", "user@1000.service"},
	    {"/user.slice/user-1000.slice/user@1000.service/app.slice/x", "user@1000.service"},
	    {"/system.slice/ci.service/payload/job", "ci.service"},
	};
	struct summary s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		base("/usr/local/bin/srv", CAP_NET_RAW, "socket");
		P.runtime = RUNTIME_SYSTEMD_SYSTEM;
		strcpy(P.cgroup, cases[i].cgroup);
		strcpy(P.unit, cases[i].unit);
		P.systemd_running = true;
		diagnose(&P, &F, &D);
		/* no drop-in for the unit (a new placeholder unit may still be offered) */
		ASSERT_EQ(fix_naming(cases[i].unit), -1);
		ASSERT_FALSE(unit_owns_process(&P));
		summarize(&s);
		ASSERT_EQ(s.nunits, 0);
		summary_free_groups(&s);
	}
	/* the unit's own cgroup still gets its drop-in */
	base("/usr/local/bin/srv", CAP_NET_RAW, "socket");
	P.runtime = RUNTIME_SYSTEMD_SYSTEM;
	strcpy(P.cgroup, "/system.slice/ci.service");
	strcpy(P.unit, "ci.service");
	P.systemd_running = true;
	diagnose(&P, &F, &D);
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
}

/* the collector on real files: a directory nobody owns, a sticky /tmp, a symlink */
TEST(safety_pathtrust_collector)
{
	char dir[] = "/tmp/capfix-pt-XXXXXX", file[128], cmd[256];
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	struct stat st;
	int fd;

	if (!ASSERT_TRUE(pf && mkdtemp(dir)))
		return;
	snprintf(file, sizeof(file), "%s/tool", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0755);
	ASSERT_TRUE(fd >= 0);
	close(fd);
	/* /tmp is sticky and other-writable, the directory root's 0700 and the file 0755 */
	strcpy(pf->exe_real, file);
	path_trust_collect(pf);
	ASSERT_EQ(pf->path_trusted, TRI_YES);
	/* the file is the one the kernel ran, or nothing is said */
	ASSERT_EQ(stat(file, &st), 0);
	pf->exe_ino = st.st_ino + 1;
	pf->exe_kdev = 1;
	path_trust_collect(pf);
	ASSERT_EQ(pf->path_trusted, TRI_UNKNOWN);
	pf->exe_ino = pf->exe_kdev = 0;
	/* the directory handed to nobody */
	ASSERT_EQ(chown(dir, 65534, 65534), 0);
	path_trust_collect(pf);
	ASSERT_EQ(pf->path_trusted, TRI_NO);
	ASSERT_HAS(pf->path_weak, "owner uid 65534");
	ASSERT_HAS(pf->path_weak, dir);
	ASSERT_EQ(chown(dir, 0, 0), 0);
	/* group-writable file */
	ASSERT_EQ(chmod(file, 0775), 0);
	path_trust_collect(pf);
	ASSERT_EQ(pf->path_trusted, TRI_NO);
	ASSERT_HAS(pf->path_weak, "mode 0775");
	ASSERT_EQ(chmod(file, 0755), 0);
	/* a symlink where the resolved path had a directory */
	snprintf(pf->exe_real, sizeof(pf->exe_real), "%s/link/tool", dir);
	snprintf(cmd, sizeof(cmd), "%s/link", dir);
	ASSERT_EQ(symlink(dir, cmd), 0);
	path_trust_collect(pf);
	ASSERT_EQ(pf->path_trusted, TRI_UNKNOWN);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ASSERT_EQ(system(cmd), 0);
	free(pf);
}

/* --emit DIR: checked before tracing (main.c) and again when written */
TEST(safety_emit_dir_checks)
{
	char top[] = "/tmp/capfix-emitdir-XXXXXX", p[256], q[256], err[512];
	int fd;

	if (!ASSERT_TRUE(mkdtemp(top) != NULL))
		return;
	/* missing: created, capfix's own */
	snprintf(p, sizeof(p), "%s/new", top);
	fd = emit_open_dir(p, err, sizeof(err));
	ASSERT_GE(fd, 0);
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(access(p, F_OK), 0);
	/* a symlink as DIR, and as a component of DIR */
	snprintf(q, sizeof(q), "%s/link", top);
	ASSERT_EQ(symlink(p, q), 0);
	ASSERT_EQ(emit_open_dir(q, err, sizeof(err)), -ELOOP);
	ASSERT_HAS(err, "is a symlink");
	snprintf(q, sizeof(q), "%s/link/sub", top);
	ASSERT_EQ(emit_open_dir(q, err, sizeof(err)), -ELOOP);
	snprintf(q, sizeof(q), "%s/link/sub", top);
	ASSERT_TRUE(access(q, F_OK) != 0); /* nothing created through it */
	/* writable by others, or owned by another user */
	ASSERT_EQ(chmod(p, 0777), 0);
	ASSERT_EQ(emit_open_dir(p, err, sizeof(err)), -EPERM);
	ASSERT_HAS(err, "writable by other users");
	ASSERT_EQ(chmod(p, 0755), 0);
	ASSERT_EQ(chown(p, 65534, 65534), 0);
	ASSERT_EQ(emit_open_dir(p, err, sizeof(err)), -EPERM);
	ASSERT_HAS(err, "owned by uid 65534");
	/* a parent another user owns: they could swap DIR */
	snprintf(q, sizeof(q), "%s/new/sub", top);
	ASSERT_EQ(emit_open_dir(q, err, sizeof(err)), -EPERM);
	ASSERT_EQ(chown(p, 0, 0), 0);
	/* a file is no directory */
	snprintf(q, sizeof(q), "%s/file", top);
	fd = open(q, O_WRONLY | O_CREAT, 0644);
	close(fd);
	ASSERT_TRUE(emit_open_dir(q, err, sizeof(err)) < 0);
	snprintf(q, sizeof(q), "rm -rf '%s'", top);
	ASSERT_EQ(system(q), 0);
}

/* 8 runs writing into one DIR at once: every one succeeds, no temporary file is left */
TEST(safety_emit_concurrent_runs)
{
	char top[] = "/tmp/capfix-emitcc-XXXXXX", cmd[256], err[512];
	struct summary s;
	int i, st, ok = 0;
	pid_t pids[8];

	if (!ASSERT_TRUE(mkdtemp(top) != NULL))
		return;
	base("/usr/local/bin/srv", CAP_NET_BIND_SERVICE, "bind");
	summarize(&s);
	for (i = 0; i < 8; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int n, k;

			srandom((unsigned int)getpid());
			for (k = 0; k < 20; k++) {
				n = emit_write(top, &s, err, sizeof(err));
				if (n != 3) {
					fprintf(stderr, "  emit_write: %d %s\n", n, err);
					_exit(1);
				}
			}
			_exit(0);
		}
	}
	for (i = 0; i < 8; i++)
		if (pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) &&
		    !WEXITSTATUS(st))
			ok++;
	ASSERT_EQ(ok, 8);
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' | grep '[.]capfix-')\"", top);
	ASSERT_EQ(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "grep -q 'capfix_setcap /usr/local/bin/srv' '%s/setcap.sh'",
		 top);
	ASSERT_EQ(system(cmd), 0);
	summary_free_groups(&s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	ASSERT_EQ(system(cmd), 0);
}

/* de-dup stays exact when full: a key seen is never new again, a key that cannot be
 * remembered is refused (the caller does not print it) rather than taken as new */
TEST(safety_seen_set_full)
{
	struct seen_set *set = seen_new();
	struct finding_key k = {};
	int i, r, fresh = 0, refused = 0;

	if (!ASSERT_TRUE(set != NULL))
		return;
	for (i = 0; i < SEEN_MAX + 100; i++) {
		k.agg.pid = 1000000 + i;
		k.agg.cap = 10;
		r = seen_add(set, &k);
		fresh += r == 1;
		refused += r < 0;
	}
	ASSERT_EQ(fresh, SEEN_MAX);
	ASSERT_EQ(refused, 100);
	/* every remembered key is still a repeat, none is fresh twice */
	for (i = 0; i < SEEN_MAX; i += 997) {
		k.agg.pid = 1000000 + i;
		ASSERT_EQ(seen_add(set, &k), 0);
		ASSERT_TRUE(seen_has(set, &k));
	}
	k.agg.pid = 1000000 + SEEN_MAX + 5;
	ASSERT_EQ(seen_add(set, &k), -1);
	ASSERT_FALSE(seen_has(set, &k));
	seen_free(set);
}

/* equal facts share one copy; the byte budget holds */
TEST(safety_intern_bounded)
{
	static char blob[64 * 1024];
	const void *a, *b;
	size_t before = intern_bytes();
	int i, got = 0;

	memset(blob, 'x', sizeof(blob));
	a = intern(blob, sizeof(blob));
	b = intern(blob, sizeof(blob));
	ASSERT_TRUE(a && a == b);
	for (i = 0; i < 1000; i++) {
		memcpy(blob, &i, sizeof(i));
		got += intern(blob, sizeof(blob)) != NULL;
	}
	ASSERT_LT(got, 1000);
	ASSERT_TRUE(intern_bytes() <= INTERN_BYTES_MAX);
	ASSERT_GT(intern_bytes(), before);
}

/* invisible characters in untrusted text: shown, never silently printed (strutil.c) */
TEST(safety_escape_invisible_chars)
{
	static const struct {
		const char *in, *json;
	} cases[] = {
	    {"a\xe2\x80\x8b"
	     "b",
	     "\"a\\u200bb\""}, /* zero-width space */
	    {"a\xe2\x80\x8c"
	     "b",
	     "\"a\\u200cb\""}, /* zero-width non-joiner */
	    {"a\xe2\x80\x8d"
	     "b",
	     "\"a\\u200db\""}, /* zero-width joiner */
	    {"a\xe2\x80\x8f"
	     "b",
	     "\"a\\u200fb\""}, /* right-to-left mark */
	    {"a\xe2\x81\xa0"
	     "b",
	     "\"a\\u2060b\""}, /* word joiner */
	    {"\xef\xbb\xbf"
	     "a",
	     "\"\\ufeffa\""}, /* BOM */
	    {"a\xc2\xad"
	     "b",
	     "\"a\\u00adb\""}, /* soft hyphen */
	    {"a\xe1\xa0\x8e"
	     "b",
	     "\"a\\u180eb\""}, /* Mongolian vowel separator */
	    {"a\xf3\xa0\x80\x81"
	     "b",
	     "\"a\\udb40\\udc01b\""}, /* tag character U+E0001 */
	};
	char buf[256], *text = NULL;
	size_t i, len = 0;
	FILE *m;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ASSERT_FALSE(text_is_safe(cases[i].in));
		text_escape(buf, sizeof(buf), cases[i].in);
		ASSERT_HAS(buf, "\\x");
		ASSERT_TRUE(text_is_safe(buf));
		ASSERT_GT(shell_quote(buf, sizeof(buf), cases[i].in), 0);
		ASSERT_HAS(buf, "$(printf");
		m = open_memstream(&text, &len);
		json_str(m, cases[i].in);
		fclose(m);
		ASSERT_STREQ(text, cases[i].json);
		free(text);
		text = NULL;
	}
	/* letters are not controls: é, CJK, an emoji print as themselves */
	ASSERT_TRUE(text_is_safe("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80"));
	m = open_memstream(&text, &len);
	json_str(m, "caf\xc3\xa9");
	fclose(m);
	ASSERT_STREQ(text, "\"caf\xc3\xa9\"");
	free(text);
}

/* two processes of one program: one shared copy of their facts, each with its own pid */
TEST(safety_findings_share_facts)
{
	static struct proc_facts a, b;
	static struct finding fa, fb;
	struct agg_key ka = {.pid = 501, .cap = 10}, kb = {.pid = 502, .cap = 10};
	struct finding_entry *ea, *eb;
	struct findings t;

	if (!ASSERT_EQ(findings_init(&t), 0))
		return;
	strcpy(a.exe, "/usr/local/bin/srv");
	b = a;
	a.pid = a.tid = 501;
	b.pid = b.tid = 502;
	a.start_boottime = 1000;
	b.start_boottime = 2000;
	fa.cap = fb.cap = 10;
	fa.count = 3;
	fb.count = 4;
	ASSERT_EQ(findings_see(&t, &ka, false), 1);
	ASSERT_EQ(findings_see(&t, &kb, false), 1);
	ea = findings_keep(&t, &ka, false, &a, &fa, 10, 1 << 10);
	eb = findings_keep(&t, &kb, false, &b, &fb, 10, 1 << 10);
	if (ASSERT_TRUE(ea && eb)) {
		ASSERT_TRUE(ea->pf == eb->pf && ea->f == eb->f);
		ASSERT_EQ(ea->pid, 501);
		ASSERT_EQ(eb->pid, 502);
		ASSERT_U64(eb->count, 4);
	}
	findings_free(&t);
}
