// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rule-engine fixtures, one or more per rule and blocker, incl. ones this machine cannot make. */
#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../test.h"
#include "cause.h"
#include "diagnose.h"
#include "fix.h"
#include "names.h"
#include "strutil.h"

#define BIT(c) (1ULL << (c))

/* big structs: static, reset by each fixture */
static struct proc_facts P;
static struct finding F;
static struct diagnosis D;

/* uid 65534 binding 0.0.0.0:80, a plain process, nothing special about the file */
static void base_bind80(void)
{
	memset(&P, 0, sizeof(P));
	memset(&F, 0, sizeof(F));
	P.pid = P.tid = 4242;
	P.ppid = 1;
	P.creds.uid = P.creds.euid = P.creds.suid = 65534;
	P.creds.gid = P.creds.egid = 65534;
	strcpy(P.comm, "srv");
	strcpy(P.exe, "/usr/local/bin/srv");
	strcpy(P.user_name, "nobody");
	P.creds.caps.bounding = CAPS_ALL;
	P.exe_stat_ok = TRI_YES;
	P.exe_mode = S_IFREG | 0755;
	P.fcaps.present = TRI_NO;
	P.path_trusted = TRI_YES; /* root-owned file in root-owned directories (pathtrust.c) */
	P.mount_nosuid = TRI_NO;
	P.foreign_mount = TRI_NO;
	P.runtime = RUNTIME_NONE;
	P.port_start = 1024;
	F.cap = CAP_NET_BIND_SERVICE;
	F.chain = BIT(CAP_NET_BIND_SERVICE);
	F.syscall = syscall_from_name("bind");
	F.err = EACCES;
	F.effect = EFFECT_FAILED;
	F.count = 1;
	F.is_bind = true;
	F.family = AF_INET;
	strcpy(F.addr, "0.0.0.0");
	F.port = 80;
}

/* the same, run by web.service with User=nobody */
static void base_service(void)
{
	base_bind80();
	P.runtime = RUNTIME_SYSTEMD_SYSTEM;
	strcpy(P.unit, "web.service");
	strcpy(P.cgroup, "/system.slice/web.service");
	P.unit_props.known = true;
	strcpy(P.unit_props.user, "nobody");
	P.unit_props.bounding_set_known = true;
	P.unit_props.bounding_set = CAPS_ALL;
	P.systemd_running = true;
}

static void base_container(enum runtime_kind rt, uid_t uid)
{
	/* Docker's default 14 capabilities ([MOBY]) in the bounding set */
	static const int def[] = {
	    CAP_CHOWN,	 CAP_DAC_OVERRIDE, CAP_FSETID,		 CAP_FOWNER,
	    CAP_MKNOD,	 CAP_NET_RAW,	   CAP_SETGID,		 CAP_SETUID,
	    CAP_SETFCAP, CAP_SETPCAP,	   CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
	    CAP_KILL,	 CAP_AUDIT_WRITE};
	size_t i;

	base_bind80();
	P.runtime = rt;
	strcpy(P.exe, "/app/srv");
	strcpy(P.container_id, "0123456789ab");
	P.creds.uid = P.creds.euid = P.creds.suid = uid;
	P.creds.gid = P.creds.egid = uid;
	P.user_name[0] = '\0';
	P.creds.caps.bounding = 0;
	for (i = 0; i < sizeof(def) / sizeof(def[0]); i++)
		P.creds.caps.bounding |= BIT(def[i]);
	if (uid == 0)
		P.creds.caps.permitted = P.creds.caps.effective = P.creds.caps.bounding;
}

static void run(void)
{
	diagnose(&P, &F, &D);
}

static int fix_index(enum fix_kind k)
{
	int i;

	for (i = 0; i < D.nfixes; i++)
		if (D.fixes[i].kind == k)
			return i;
	return -1;
}

static const struct fix *fix_of(enum fix_kind k)
{
	int i = fix_index(k);
	static struct fix none;

	return i < 0 ? &none : &D.fixes[i];
}

/* the fix whose command, drop-in or warning contains s */
static int fix_with(const char *s)
{
	int i;

	for (i = 0; i < D.nfixes; i++)
		if (strstr(D.fixes[i].command, s) || strstr(D.fixes[i].dropin, s))
			return i;
	return -1;
}

static const char *blocker_text(enum blocker_code c)
{
	int i;

	for (i = 0; i < D.nblockers; i++)
		if (D.blockers[i].code == c)
			return D.blockers[i].text;
	return NULL;
}

static bool has_blocker(enum blocker_code c)
{
	return blocker_text(c) != NULL;
}

static const char *blocker_rule(enum blocker_code c)
{
	int i;

	for (i = 0; i < D.nblockers; i++)
		if (D.blockers[i].code == c)
			return D.blockers[i].rule;
	return NULL;
}

/* invariants every diagnosis must keep, checked in every fixture below */
static void check_invariants(void)
{
	int i;

	ASSERT_GT(strlen(D.summary), 10);
	for (i = 0; i < D.nblockers; i++) {
		size_t n = strlen(D.blockers[i].text);

		ASSERT_GT(n, 10);
		/* a whole sentence, never one cut off */
		ASSERT_TRUE(D.blockers[i].text[n - 1] == '.');
		ASSERT_TRUE(D.blockers[i].rule != NULL);
	}
	for (i = 0; i < D.nfixes; i++) {
		const struct fix *fx = &D.fixes[i];

		ASSERT_TRUE(fx->command[0] || fx->dropin[0]);
		ASSERT_NOT_HAS(fx->command, "sudo");
		/* setcap never under a blocker that rules it out */
		if (fx->kind == FIX_SETCAP && strncmp(fx->command, "setcap -r", 9)) {
			ASSERT_FALSE(has_blocker(BLOCKER_NO_NEW_PRIVS));
			ASSERT_FALSE(has_blocker(BLOCKER_NOSUID_MOUNT));
			ASSERT_FALSE(has_blocker(BLOCKER_FOREIGN_MOUNT));
			ASSERT_FALSE(has_blocker(BLOCKER_BOUNDING_SET));
			ASSERT_FALSE(has_blocker(BLOCKER_INIT_NS_ONLY));
			ASSERT_FALSE(has_blocker(BLOCKER_USER_NAMESPACE));
			ASSERT_FALSE(has_blocker(BLOCKER_LSM));
			ASSERT_HAS(fx->warning, "R16");
		}
	}
}

#define DIAG()                                                                                     \
	do {                                                                                       \
		run();                                                                             \
		check_invariants();                                                                \
	} while (0)

/* ---------------------------------------------------------------- names */

TEST(diag_names_complete)
{
	static const char *const want[] = {
	    "no_new_privs",
	    "bounding_set",
	    "nosuid_mount",
	    "foreign_mount",
	    "interpreter",
	    "user_namespace",
	    "file_caps_missing",
	    "file_caps_not_effective",
	    "setuid_exe",
	    "container_nonroot",
	    "systemd_user_manager",
	    "lsm",
	    "capability_dumb",
	    "file_caps_rootid",
	    "noroot",
	    "privilege_dropped",
	    "private_users",
	    "init_ns_only",
	    "ambient_lost",
	    "cred_not_current",
	    "shared_exe",
	    "setuid_file",
	    "path_writable",
	    "path_inexact",
	};
	static const char *const kinds[] = {"systemd",	  "socket_activation", "sysctl",
					    "setcap",	  "ambient_wrapper",   "docker",
					    "kubernetes", "ownership",	       "config"};
	int i;

	ASSERT_EQ(BLOCKER__COUNT, 24);
	for (i = 0; i < BLOCKER__COUNT; i++)
		ASSERT_STREQ(blocker_code_name(i), want[i]);
	for (i = 0; i < FIX__COUNT; i++)
		ASSERT_STREQ(fix_kind_name(i), kinds[i]);
	ASSERT_STREQ(blocker_code_name(BLOCKER__COUNT), "unknown");
	ASSERT_STREQ(fix_kind_name(-1), "unknown");
}

/* ---------------------------------------------------------------- R1 */

TEST(diag_r1_nnp_service_classic)
{
	/* User=nobody, NoNewPrivileges=yes and a setcap'd binary (the classic) */
	base_service();
	P.unit_props.no_new_privileges = true;
	P.creds.no_new_privs = true;
	P.fcaps.present = TRI_YES;
	P.fcaps.version = 2;
	P.fcaps.permitted = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.effective = true;
	DIAG();
	ASSERT_EQ(D.cap, CAP_NET_BIND_SERVICE);
	ASSERT_HAS(blocker_text(BLOCKER_NO_NEW_PRIVS), "NoNewPrivileges=yes in web.service");
	ASSERT_HAS(blocker_text(BLOCKER_NO_NEW_PRIVS),
		   "setcap on /usr/local/bin/srv has no effect");
	ASSERT_STREQ(blocker_rule(BLOCKER_NO_NEW_PRIVS), "R1");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* the drop-in comes first, and alone: the file's own +ep keeps the cap that the
	 * ambient grant put into the permitted set before exec (step 5) */
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	ASSERT_STREQ(D.fixes[0].unit, "web.service");
	ASSERT_STREQ(D.fixes[0].path, "/etc/systemd/system/web.service.d/capfix.conf");
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n");
	ASSERT_STREQ(D.fixes[0].command,
		     "systemctl daemon-reload && systemctl restart web.service");
	ASSERT_HAS(D.fixes[0].warning, "ambient capabilities survive it (R1)");
	ASSERT_HAS(D.summary, "bind() to 0.0.0.0:80 by srv");
	ASSERT_HAS(D.summary, "EACCES");
	ASSERT_HAS(D.summary, "no_new_privs");
}

TEST(diag_r1_nnp_with_unit_ambient_allows_file_caps)
{
	/* User= + AmbientCapabilities=CAP_NET_RAW + NoNewPrivileges=yes: keep-caps carries
	 * root's permitted set to execve, so setcap on the binary does work (systemd 252) */
	base_service();
	P.unit_props.no_new_privileges = true;
	P.unit_props.ambient = BIT(CAP_NET_RAW);
	P.creds.no_new_privs = true;
	DIAG();
	ASSERT_FALSE(has_blocker(BLOCKER_NO_NEW_PRIVS));
	ASSERT_GE(fix_index(FIX_SETCAP), 0);
	/* still best: the unit's own ambient set, merged with what it has */
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	ASSERT_HAS(D.fixes[0].dropin, "CAP_NET_RAW");
	ASSERT_HAS(D.fixes[0].dropin, "CAP_NET_BIND_SERVICE");
}

TEST(diag_r1_nnp_sources)
{
	base_service();
	P.creds.no_new_privs = true;
	P.unit_props.dynamic_user = true;
	P.unit_props.user[0] = '\0';
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_NO_NEW_PRIVS), "DynamicUser=yes in web.service");
	/* DynamicUser is not root: no privilege_dropped guess */
	ASSERT_FALSE(has_blocker(BLOCKER_PRIVILEGE_DROPPED));

	base_service();
	P.creds.no_new_privs = true;
	P.unit_props.implies_nnp = true;
	strcpy(P.unit_props.implies_nnp_by, "RestrictAddressFamilies");
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_NO_NEW_PRIVS), "RestrictAddressFamilies= in web.service");

	base_bind80();
	P.creds.no_new_privs = true;
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_NO_NEW_PRIVS));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* plain process: the setpriv wrapper works under NNP */
	ASSERT_GE(fix_index(FIX_AMBIENT_WRAPPER), 0);
}

TEST(diag_r1_root_is_not_blocked)
{
	/* root under NNP lacking a cap: NNP is not the reason */
	base_bind80();
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	P.creds.no_new_privs = true;
	P.creds.caps.bounding = CAPS_ALL & ~BIT(CAP_NET_BIND_SERVICE);
	P.creds.caps.permitted = P.creds.caps.effective = P.creds.caps.bounding;
	DIAG();
	ASSERT_FALSE(has_blocker(BLOCKER_NO_NEW_PRIVS));
	ASSERT_TRUE(has_blocker(BLOCKER_BOUNDING_SET));
}

/* ---------------------------------------------------------------- R2 */

TEST(diag_r2_nosuid_and_foreign)
{
	base_bind80();
	strcpy(P.exe, "/mnt/scratch/srv");
	strcpy(P.mount_point, "/mnt/scratch");
	P.mount_nosuid = TRI_YES;
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.effective = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_NOSUID_MOUNT), "/mnt/scratch, mounted nosuid");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* the xattr counts as absent there, so ambient survives: wrapper offered */
	ASSERT_GE(fix_index(FIX_AMBIENT_WRAPPER), 0);
	ASSERT_FALSE(has_blocker(BLOCKER_AMBIENT_LOST));

	base_bind80();
	P.foreign_mount = TRI_YES;
	DIAG();
	ASSERT_STREQ(blocker_rule(BLOCKER_FOREIGN_MOUNT), "R2");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
}

/* ---------------------------------------------------------------- R3 */

TEST(diag_r3_exec_fail_service)
{
	base_service();
	strcpy(P.exe, "/usr/bin/ping");
	P.unit_props.bounding_set = BIT(CAP_NET_BIND_SERVICE);
	P.creds.caps.bounding = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_RAW);
	P.fcaps.effective = true;
	F.exec_fail = true;
	F.is_bind = false;
	F.cap = CAP_NET_RAW;
	F.chain = BIT(CAP_NET_RAW);
	F.syscall = syscall_from_name("execve");
	F.err = EPERM;
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_CAPABILITY_DUMB));
	ASSERT_HAS(blocker_text(BLOCKER_BOUNDING_SET), "set by web.service");
	ASSERT_STREQ(blocker_rule(BLOCKER_CAPABILITY_DUMB), "R3");
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	ASSERT_STREQ(D.fixes[0].dropin,
		     "[Service]\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW\n");
	ASSERT_NOT_HAS(D.fixes[0].dropin, "Ambient");
	ASSERT_EQ(fix_with("setcap -r /usr/bin/ping"), 1);
	ASSERT_HAS(D.fixes[1].warning, "without CAP_NET_RAW");
	ASSERT_HAS(D.summary, "R3");
}

TEST(diag_r3_exec_fail_docker)
{
	base_container(RUNTIME_DOCKER, 0);
	strcpy(P.exe, "/bin/ping");
	P.creds.caps.bounding &= ~BIT(CAP_NET_RAW);
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_RAW);
	P.fcaps.effective = true;
	F.exec_fail = true;
	F.is_bind = false;
	F.cap = CAP_NET_RAW;
	F.syscall = syscall_from_name("execve");
	F.err = EPERM;
	DIAG();
	ASSERT_HAS(fix_of(FIX_DOCKER)->dropin, "--cap-add=NET_RAW");
	ASSERT_NOT_HAS(fix_of(FIX_DOCKER)->dropin, "RUN setcap");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
}

/* ---------------------------------------------------------------- R4 */

TEST(diag_r4_bounding_service_merges)
{
	base_service();
	P.unit_props.bounding_set = BIT(CAP_CHOWN);
	P.creds.caps.bounding = BIT(CAP_CHOWN);
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_BOUNDING_SET),
		   "CapabilityBoundingSet= of web.service excludes it");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	/* the union, never just the one cap */
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"
					"CapabilityBoundingSet=CAP_CHOWN CAP_NET_BIND_SERVICE\n");
}

TEST(diag_r4_bounding_unknown_props_from_process)
{
	/* systemctl show unreadable: the process's own bounding set stands in */
	base_service();
	memset(&P.unit_props, 0, sizeof(P.unit_props));
	P.creds.caps.bounding = BIT(CAP_KILL) | BIT(CAP_SETUID);
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_BOUNDING_SET));
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin,
		   "CapabilityBoundingSet=CAP_KILL CAP_SETUID CAP_NET_BIND_SERVICE\n");
	/* docker wording for a container */
	base_container(RUNTIME_DOCKER, 0);
	P.creds.caps.bounding &= ~BIT(CAP_NET_BIND_SERVICE);
	P.creds.caps.permitted = P.creds.caps.effective = P.creds.caps.bounding;
	P.port_start = 1024; /* --network host */
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_BOUNDING_SET), "without --cap-add NET_BIND_SERVICE");
	ASSERT_FALSE(has_blocker(BLOCKER_CONTAINER_NONROOT));
}

TEST(diag_render_dropin_never_shrinks)
{
	struct unit_props up;
	char buf[1024];

	memset(&up, 0, sizeof(up));
	/* unknown unit: no bounding line (it would replace an unset set, shrinking it) */
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), false, buf, sizeof(buf)), 1);
	ASSERT_STREQ(buf, "[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n");
	/* unrestricted: same */
	up.known = up.bounding_set_known = true;
	up.bounding_set = CAPS_ALL;
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), false, buf, sizeof(buf)), 1);
	ASSERT_NOT_HAS(buf, "CapabilityBoundingSet");
	/* restricted and lacking: the union; existing ambient kept */
	up.bounding_set = BIT(CAP_NET_RAW) | BIT(CAP_SYS_TIME);
	up.ambient = BIT(CAP_NET_RAW);
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), false, buf, sizeof(buf)), 2);
	ASSERT_STREQ(buf, "[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW\n"
			  "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_TIME\n");
	/* restricted but already containing it: no bounding line */
	up.bounding_set |= BIT(CAP_NET_BIND_SERVICE);
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), false, buf, sizeof(buf)), 1);
	ASSERT_NOT_HAS(buf, "CapabilityBoundingSet");
	/* root unit: nothing to add; noroot: ambient (R9); PrivateUsers: off (R11) */
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), true, buf, sizeof(buf)), 0);
	up.secure_bits = SECBIT_NOROOT;
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), true, buf, sizeof(buf)), 1);
	ASSERT_HAS(buf, "AmbientCapabilities=CAP_NET_BIND_SERVICE");
	up.private_users = true;
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), true, buf, sizeof(buf)), 2);
	ASSERT_HAS(buf, "PrivateUsers=no\n");
	/* too small: -1 and an empty buffer, never half a drop-in */
	ASSERT_EQ(render_dropin(&up, BIT(CAP_NET_BIND_SERVICE), true, buf, 20), -1);
	ASSERT_STREQ(buf, "");
}

/* ---------------------------------------------------------------- R5 */

TEST(diag_r5_docker_nonroot)
{
	base_container(RUNTIME_DOCKER, 1000);
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_CONTAINER_NONROOT), "uid 1000");
	ASSERT_STREQ(blocker_rule(BLOCKER_CONTAINER_NONROOT), "R5");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_SYSTEMD), -1);
	ASSERT_EQ(fix_index(FIX_SYSCTL), -1);
	ASSERT_EQ(D.nfixes, 2);
	/* sysctl first (R5 order), then --cap-add with the file capability in the image */
	ASSERT_HAS(D.fixes[0].dropin, "--sysctl net.ipv4.ip_unprivileged_port_start=80");
	ASSERT_HAS(D.fixes[1].dropin, "--cap-add=NET_BIND_SERVICE");
	ASSERT_HAS(D.fixes[1].dropin, "RUN setcap cap_net_bind_service=+ep /app/srv");
	ASSERT_HAS(D.fixes[1].warning, "R5");
}

TEST(diag_r5_kubernetes_and_podman)
{
	base_container(RUNTIME_KUBERNETES, 1000);
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_CONTAINER_NONROOT));
	ASSERT_EQ(fix_index(FIX_KUBERNETES), 0);
	ASSERT_HAS(D.fixes[0].dropin, "name: net.ipv4.ip_unprivileged_port_start");
	ASSERT_HAS(D.fixes[0].dropin, "value: \"80\"");
	ASSERT_HAS(D.fixes[1].dropin, "add: [\"NET_BIND_SERVICE\"]");
	ASSERT_HAS(D.fixes[1].dropin, "allowPrivilegeEscalation: true");

	base_container(RUNTIME_PODMAN, 1000);
	DIAG();
	ASSERT_HAS(fix_of(FIX_DOCKER)->dropin, "podman run");
}

/* ---------------------------------------------------------------- R6 */

TEST(diag_r6_ambient_lost_to_file_caps)
{
	base_service();
	P.unit_props.ambient = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_RAW);
	P.fcaps.effective = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_AMBIENT_LOST), "web.service grants CAP_NET_BIND_SERVICE");
	ASSERT_HAS(blocker_text(BLOCKER_AMBIENT_LOST), "cap_net_raw");
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	/* keep what the file gave, through ambient, and remove the xattr */
	ASSERT_STREQ(D.fixes[0].command, "setcap -r /usr/local/bin/srv && systemctl daemon-reload "
					 "&& systemctl restart web.service");
	ASSERT_HAS(D.fixes[0].dropin, "AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW");
	ASSERT_HAS(D.fixes[0].warning, "R6");
	/* adding the missing cap to the file caps works too (no NNP here) */
	ASSERT_HAS(fix_of(FIX_SETCAP)->command, "setcap cap_net_bind_service,cap_net_raw=+ep");
}

TEST(diag_r6_parent_ambient)
{
	base_bind80();
	P.parent.known = true;
	P.parent.uid = 65534;
	P.parent.ambient = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_ADMIN);
	P.fcaps.effective = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_AMBIENT_LOST), "Its parent holds");
	/* the wrapper would lose its ambient set the same way */
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), -1);
}

/* ---------------------------------------------------------------- R7 */

TEST(diag_r7_script_plain)
{
	base_bind80();
	strcpy(P.exe, "/usr/bin/python3");
	strcpy(P.exe_real, "/usr/bin/python3.11");
	strcpy(P.comm, "python3");
	P.is_interpreter = true;
	strcpy(P.script, "/srv/app.py");
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_INTERPRETER),
		   "/usr/bin/python3.11 is an interpreter running /srv/app.py");
	/* never setcap on the interpreter: every script of every user would get it */
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), 0);
	ASSERT_STREQ(D.fixes[0].command,
		     "setpriv --reuid nobody --regid 65534 --init-groups --inh-caps "
		     "+net_bind_service --ambient-caps +net_bind_service -- /usr/bin/python3.11 "
		     "/srv/app.py");
	ASSERT_FALSE(has_blocker(BLOCKER_FILE_CAPS_MISSING));
}

TEST(diag_r7_script_under_nnp_no_setcap)
{
	base_service();
	strcpy(P.exe, "/usr/bin/python3.11");
	P.is_interpreter = true;
	strcpy(P.script, "/srv/app.py");
	P.creds.no_new_privs = true;
	P.unit_props.no_new_privileges = true;
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_INTERPRETER));
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
}

/* ---------------------------------------------------------------- R8 */

TEST(diag_r8_setuid_root_with_file_caps)
{
	base_bind80();
	P.exe_mode = S_IFREG | S_ISUID | 0755;
	P.exe_owner = 0;
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_RAW);
	P.fcaps.effective = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_SETUID_EXE), "only the file capabilities");
	ASSERT_STREQ(blocker_rule(BLOCKER_SETUID_EXE), "R8");

	base_bind80();
	P.exe_mode = S_IFREG | S_ISUID | 0755;
	P.creds.no_new_privs = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_SETUID_EXE), "ignores the setuid bit");
}

/* ---------------------------------------------------------------- R9 */

TEST(diag_r9_noroot)
{
	base_service();
	P.unit_props.user[0] = '\0';
	P.unit_props.secure_bits = SECBIT_NOROOT;
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_NOROOT), "SecureBits=noroot in web.service");
	ASSERT_FALSE(has_blocker(BLOCKER_PRIVILEGE_DROPPED));
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	ASSERT_HAS(D.fixes[0].dropin, "AmbientCapabilities=CAP_NET_BIND_SERVICE");
	/* file caps work under noroot too */
	ASSERT_GE(fix_index(FIX_SETCAP), 0);

	/* seen in the kernel's securebits only */
	base_bind80();
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	P.securebits_known = true;
	P.creds.securebits = SECBIT_NOROOT;
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_NOROOT));
}

/* ---------------------------------------------------------------- R10 */

TEST(diag_r10_privilege_dropped)
{
	base_service();
	P.unit_props.user[0] = '\0';
	P.creds.uid = P.creds.euid = P.creds.suid = 33;
	strcpy(P.user_name, "www-data");
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_PRIVILEGE_DROPPED), "web.service starts it as root");
	ASSERT_HAS(blocker_text(BLOCKER_PRIVILEGE_DROPPED), "uid 33");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* ambient on the root unit would be cleared by the switch: start it as the user */
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin, "User=www-data\n");
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin, "AmbientCapabilities=CAP_NET_BIND_SERVICE");

	/* a worker forked by a root master of the same program */
	base_bind80();
	P.parent.known = true;
	P.parent.uid = 0;
	P.parent.same_exe = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_PRIVILEGE_DROPPED), "looks like a worker");
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), -1);
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	/* port alternatives still work */
	ASSERT_GE(fix_index(FIX_SYSCTL), 0);
}

/* ---------------------------------------------------------------- R11 */

TEST(diag_r11_init_ns_only)
{
	base_bind80();
	P.userns_child = true;
	P.target_ns_child = true;
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	P.creds.caps.permitted = P.creds.caps.effective = CAPS_ALL;
	F.is_bind = false;
	F.cap = CAP_SYS_TIME;
	F.chain = BIT(CAP_SYS_TIME);
	F.syscall = syscall_from_name("clock_settime");
	F.err = EPERM;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_INIT_NS_ONLY),
		   "CAP_SYS_TIME only in the initial user namespace");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_SYSTEMD), -1);
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), -1);
	ASSERT_STREQ(fix_of(FIX_CONFIG)->command, "timedatectl set-ntp true");
}

TEST(diag_r11_unshare_host_netns)
{
	/* unshare -Ur, bind :80 on the host's network namespace (verified on 6.18) */
	base_bind80();
	P.userns_child = true;
	P.target_ns_child = false;
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	P.creds.caps.permitted = P.creds.caps.effective = CAPS_ALL;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_USER_NAMESPACE), "host's network namespace");
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), -1);
	ASSERT_GE(fix_index(FIX_SYSCTL), 0);
}

TEST(diag_r11_private_users)
{
	base_service();
	P.unit_props.user[0] = '\0';
	P.unit_props.private_users = true;
	P.userns_child = true;
	P.creds.uid = P.creds.euid = P.creds.suid = 0;
	P.creds.caps.permitted = P.creds.caps.effective = CAPS_ALL;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_PRIVATE_USERS), "PrivateUsers=yes in web.service");
	ASSERT_FALSE(has_blocker(BLOCKER_USER_NAMESPACE));
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nPrivateUsers=no\n");
	ASSERT_GE(fix_index(FIX_SOCKET_ACTIVATION), 1);
}

/* ---------------------------------------------------------------- R12 */

TEST(diag_r12_rootid)
{
	base_bind80();
	P.fcaps.present = TRI_YES;
	P.fcaps.version = 3;
	P.fcaps.has_rootid = true;
	P.fcaps.rootid = 100000;
	P.fcaps.permitted = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.effective = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_FILE_CAPS_ROOTID), "root uid 100000");
	ASSERT_FALSE(has_blocker(BLOCKER_FILE_CAPS_MISSING));
	/* setcap on the host writes v2: the fix */
	ASSERT_EQ(fix_index(FIX_SETCAP), 0);
	ASSERT_STREQ(D.fixes[0].command, "setcap cap_net_bind_service=+ep /usr/local/bin/srv");

	/* inside a user namespace whose root is host uid 200000: setcap -n */
	P.userns_child = true;
	P.target_ns_child = true;
	P.userns_root_known = true;
	P.userns_root_uid = 200000;
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_FILE_CAPS_ROOTID));
	ASSERT_STREQ(fix_of(FIX_SETCAP)->command,
		     "setcap -n 200000 cap_net_bind_service=+ep /usr/local/bin/srv");
	/* the matching rootid is fine */
	P.fcaps.rootid = 200000;
	DIAG();
	ASSERT_FALSE(has_blocker(BLOCKER_FILE_CAPS_ROOTID));
}

/* ---------------------------------------------------------------- R14 */

TEST(diag_r14_lsm)
{
	base_bind80();
	P.creds.caps.permitted = P.creds.caps.effective = BIT(CAP_NET_BIND_SERVICE);
	strcpy(P.lsm, "lockdown,capability,apparmor");
	F.lsm_suspect = true;
	DIAG();
	ASSERT_EQ(D.nblockers, 1);
	ASSERT_HAS(blocker_text(BLOCKER_LSM), "apparmor");
	ASSERT_EQ(D.nfixes, 1);
	ASSERT_EQ(D.fixes[0].kind, FIX_CONFIG);
	ASSERT_STREQ(D.fixes[0].command, "journalctl -k --grep 'apparmor=\"DENIED\"'");
	ASSERT_HAS(D.summary, "R14");

	strcpy(P.lsm, "capability,selinux");
	DIAG();
	ASSERT_STREQ(D.fixes[0].command, "ausearch -m avc -ts recent -c srv");
}

/* ---------------------------------------------------------------- R16 */

TEST(diag_r16_file_caps_missing)
{
	base_bind80();
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_FILE_CAPS_MISSING), "no file capabilities");
	/* plain process: setcap first, with the R16 warning */
	ASSERT_EQ(fix_index(FIX_SETCAP), 0);
	ASSERT_STREQ(D.fixes[0].command, "setcap cap_net_bind_service=+ep /usr/local/bin/srv");
	ASSERT_HAS(D.fixes[0].warning, "upgrades");
	/* resolved path preferred */
	strcpy(P.exe_real, "/opt/srv/bin/srv");
	DIAG();
	ASSERT_STREQ(D.fixes[0].command, "setcap cap_net_bind_service=+ep /opt/srv/bin/srv");
	P.exe_gone = true;
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_FILE_CAPS_MISSING), "replaced since the process started");
}

TEST(diag_file_caps_not_effective)
{
	base_bind80();
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.effective = false;
	P.creds.caps.permitted = BIT(CAP_NET_BIND_SERVICE);
	DIAG();
	ASSERT_TRUE(has_blocker(BLOCKER_FILE_CAPS_NOT_EFFECTIVE));
	ASSERT_STREQ(fix_of(FIX_SETCAP)->command,
		     "setcap cap_net_bind_service=+ep /usr/local/bin/srv");
}

/* ---------------------------------------------------------------- R17 */

TEST(diag_r17_port_fixes_and_order)
{
	base_service();
	DIAG();
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	ASSERT_EQ(fix_index(FIX_SOCKET_ACTIVATION), 1);
	ASSERT_EQ(fix_index(FIX_SYSCTL), 2);
	ASSERT_EQ(fix_index(FIX_SETCAP), 3);
	ASSERT_STREQ(D.fixes[1].unit, "web.socket");
	ASSERT_STREQ(D.fixes[1].path, "/etc/systemd/system/web.socket");
	ASSERT_HAS(D.fixes[1].dropin, "ListenStream=0.0.0.0:80\nService=web.service\n");
	ASSERT_HAS(D.fixes[1].warning, "sd_listen_fds");
	ASSERT_STREQ(D.fixes[2].command, "sysctl -w net.ipv4.ip_unprivileged_port_start=80");
	ASSERT_HAS(D.fixes[2].path, "/etc/sysctl.d/");
	ASSERT_STREQ(D.fixes[2].dropin, "net.ipv4.ip_unprivileged_port_start = 80\n");
	ASSERT_HAS(D.fixes[2].warning, "now 1024");
	ASSERT_HAS(D.fixes[2].warning, "every user");

	/* IPv6 address in brackets */
	F.family = AF_INET6;
	strcpy(F.addr, "::1");
	F.port = 443;
	DIAG();
	ASSERT_HAS(fix_of(FIX_SOCKET_ACTIVATION)->dropin, "ListenStream=[::1]:443\n");
	/* a garbage address never reaches the unit file */
	strcpy(F.addr, "1.2.3.4\nExecStartPre=/bin/sh");
	F.family = AF_INET;
	DIAG();
	ASSERT_HAS(fix_of(FIX_SOCKET_ACTIVATION)->dropin, "ListenStream=0.0.0.0:443\n");
	ASSERT_NOT_HAS(fix_of(FIX_SOCKET_ACTIVATION)->dropin, "ExecStartPre");

	/* the port is above the current start: the sysctl is not the cause */
	base_bind80();
	P.port_start = 80;
	DIAG();
	ASSERT_EQ(fix_index(FIX_SYSCTL), -1);
	/* unknown start: offered, said so */
	P.port_start = -1;
	DIAG();
	ASSERT_HAS(fix_of(FIX_SYSCTL)->warning, "unknown");
	/* not a bind: no port fixes */
	base_bind80();
	F.is_bind = false;
	DIAG();
	ASSERT_EQ(fix_index(FIX_SYSCTL), -1);
	ASSERT_EQ(fix_index(FIX_SOCKET_ACTIVATION), -1);
}

TEST(diag_r17_plain_order)
{
	base_bind80();
	DIAG();
	ASSERT_EQ(D.fixes[0].kind, FIX_SETCAP);
	ASSERT_EQ(D.fixes[1].kind, FIX_AMBIENT_WRAPPER);
	ASSERT_EQ(D.fixes[2].kind, FIX_SYSCTL);
	ASSERT_EQ(D.fixes[3].kind, FIX_SYSTEMD);
	ASSERT_EQ(D.fixes[4].kind, FIX_SOCKET_ACTIVATION);
	ASSERT_STREQ(D.fixes[4].unit, "YOUR.socket");
}

/* ---------------------------------------------------------------- R18 */

TEST(diag_r18_unit_to_be_written)
{
	base_bind80();
	strcpy(P.exe, "/opt/my app/srv");
	DIAG();
	{
		const struct fix *fx = fix_of(FIX_SYSTEMD);

		ASSERT_STREQ(fx->unit, "");
		ASSERT_STREQ(fx->path, "/etc/systemd/system/YOUR.service");
		ASSERT_HAS(fx->warning, "placeholder");
		/* nobody: systemd warns against User=nobody; a dynamic user instead */
		ASSERT_STREQ(fx->dropin, "[Service]\nExecStart=\"/opt/my app/srv\"\nDynamicUser=yes\n"
					 "AmbientCapabilities=CAP_NET_BIND_SERVICE\n"
					 "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n\n[Install]\n"
					 "WantedBy=multi-user.target\n");
		ASSERT_STREQ(fx->command,
			     "systemctl daemon-reload && systemctl enable --now YOUR.service");
	}
	/* a named user stays that user */
	strcpy(P.user_name, "www-data");
	DIAG();
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin, "\nUser=www-data\n");
	ASSERT_NOT_HAS(fix_of(FIX_SYSTEMD)->dropin, "DynamicUser");
	/* ExecStart= escaping: % doubled; $ not (no $VAR expansion in the executable's path),
	 * checked against systemd-analyze verify in tests/integration/test_hostile.sh */
	strcpy(P.exe, "/opt/a$b%c d\xc3\xa9\xff");
	DIAG();
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin, "ExecStart=\"/opt/a$b%%c d\xc3\xa9\\xff\"\n");
	/* systemd refuses quotes, backslashes and control characters there: no unit offered */
	strcpy(P.exe, "/opt/a\"d\\e\nf");
	DIAG();
	ASSERT_TRUE(fix_index(FIX_SYSTEMD) < 0);
}

TEST(diag_systemd_user_manager)
{
	base_bind80();
	P.runtime = RUNTIME_SYSTEMD_USER;
	P.user_manager_uid = 1000;
	P.creds.uid = P.creds.euid = P.creds.suid = 1000;
	strcpy(P.user_name, "alice");
	strcpy(P.unit, "web.service");
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_SYSTEMD_USER_MANAGER), "user@1000.service");
	/* no drop-in for the user unit; a system unit instead, setcap and sysctl work */
	ASSERT_EQ(fix_index(FIX_SETCAP), 0);
	ASSERT_STREQ(fix_of(FIX_SYSTEMD)->path, "/etc/systemd/system/YOUR.service");
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->warning, "user unit cannot hold capabilities");
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin, "User=alice\n");
	ASSERT_GE(fix_index(FIX_SYSCTL), 0);
	ASSERT_EQ(fix_index(FIX_SOCKET_ACTIVATION), -1);
	ASSERT_EQ(fix_with("web.service.d"), -1);
}

/* ---------------------------------------------------------------- R19 */

TEST(diag_r19_chains)
{
	base_bind80();
	F.is_bind = false;
	F.err = EACCES;
	F.cap = CAP_DAC_OVERRIDE;
	F.chain = BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH);
	F.syscall = syscall_from_name("openat");
	DIAG();
	ASSERT_EQ(D.cap, CAP_DAC_READ_SEARCH);
	ASSERT_HAS(D.summary, "CAP_DAC_READ_SEARCH suffices");
	F.syscall = syscall_from_name("unlinkat");
	DIAG();
	ASSERT_EQ(D.cap, CAP_DAC_OVERRIDE);
	/* only DAC_OVERRIDE asked: the access wrote */
	F.chain = BIT(CAP_DAC_OVERRIDE);
	F.syscall = syscall_from_name("openat");
	DIAG();
	ASSERT_EQ(D.cap, CAP_DAC_OVERRIDE);

	F.cap = CAP_SYS_ADMIN;
	F.chain = BIT(CAP_SYS_ADMIN) | BIT(CAP_BPF);
	F.syscall = syscall_from_name("bpf");
	F.err = EPERM;
	DIAG();
	ASSERT_EQ(D.cap, CAP_BPF);
	ASSERT_HAS(fix_of(FIX_SETCAP)->command, "cap_bpf=+ep");
	ASSERT_NOT_HAS(fix_of(FIX_SETCAP)->command, "sys_admin");
	F.chain = BIT(CAP_SYS_ADMIN) | BIT(CAP_BPF) | BIT(CAP_PERFMON);
	DIAG();
	ASSERT_EQ(D.cap, CAP_BPF);
	ASSERT_HAS(fix_of(FIX_SETCAP)->command, "cap_perfmon,cap_bpf=+ep");
	F.cap = CAP_PERFMON;
	F.chain = BIT(CAP_SYS_ADMIN) | BIT(CAP_PERFMON);
	F.syscall = syscall_from_name("perf_event_open");
	DIAG();
	ASSERT_EQ(D.cap, CAP_PERFMON);

	F.cap = CAP_NET_ADMIN;
	F.chain = BIT(CAP_NET_ADMIN) | BIT(CAP_NET_RAW);
	F.syscall = syscall_from_name("setsockopt");
	DIAG();
	ASSERT_EQ(D.cap, CAP_NET_RAW);
	F.chain = BIT(CAP_NET_ADMIN); /* before 5.17 */
	DIAG();
	ASSERT_EQ(D.cap, CAP_NET_ADMIN);
}

TEST(diag_ownership_ranked_above_dac)
{
	base_service();
	F.is_bind = false;
	F.cap = CAP_DAC_OVERRIDE;
	F.chain = BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH);
	F.syscall = syscall_from_name("openat");
	F.err = EACCES;
	DIAG();
	ASSERT_EQ(D.fixes[0].kind, FIX_OWNERSHIP);
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nStateDirectory=web\n");
	ASSERT_STREQ(D.fixes[0].path, "/etc/systemd/system/web.service.d/capfix-ownership.conf");
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin, "AmbientCapabilities=CAP_DAC_READ_SEARCH\n");

	/* the file is known: an ACL for just this user */
	strcpy(F.file, "/srv/data/it's here");
	DIAG();
	ASSERT_EQ(D.fixes[0].kind, FIX_OWNERSHIP);
	ASSERT_STREQ(D.fixes[0].command, "setfacl -m u:nobody:rX -- '/srv/data/it'\\''s here'");

	/* plain process: tmpfiles.d */
	base_bind80();
	F.is_bind = false;
	F.cap = CAP_CHOWN;
	F.chain = BIT(CAP_CHOWN);
	F.syscall = syscall_from_name("fchownat");
	F.err = EPERM;
	DIAG();
	ASSERT_EQ(D.fixes[0].kind, FIX_OWNERSHIP);
	ASSERT_HAS(D.fixes[0].dropin, "d /var/lib/PROGRAM 0750 nobody - -\n");
}

TEST(diag_config_alternatives_table)
{
	base_service();
	F.is_bind = false;
	F.cap = CAP_IPC_LOCK;
	F.chain = BIT(CAP_IPC_LOCK);
	F.syscall = syscall_from_name("mlock");
	F.err = ENOMEM;
	DIAG();
	ASSERT_EQ(D.fixes[0].kind, FIX_CONFIG);
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nLimitMEMLOCK=infinity\n");
	ASSERT_HAS(D.fixes[0].path, "capfix-limits.conf");
	ASSERT_EQ(D.fixes[1].kind, FIX_SYSTEMD);
	ASSERT_HAS(D.summary, "ENOMEM");

	F.cap = CAP_SYS_NICE;
	F.chain = BIT(CAP_SYS_NICE);
	F.syscall = syscall_from_name("setpriority");
	DIAG();
	ASSERT_HAS(D.fixes[0].dropin, "LimitNICE=-20\n");

	/* ICMP: ping_group_range as an alternative for an ICMP socket() only (R17) */
	base_bind80();
	F.is_bind = false;
	F.cap = CAP_NET_RAW;
	F.chain = BIT(CAP_NET_RAW);
	F.syscall = syscall_from_name("socket");
	F.err = EPERM;
	F.icmp_socket = true;
	DIAG();
	ASSERT_STREQ(
	    fix_with("ping_group_range") >= 0 ? D.fixes[fix_with("ping_group_range")].command : "",
	    "sysctl -w 'net.ipv4.ping_group_range=65534 65534'");
	ASSERT_EQ(D.fixes[0].kind, FIX_SETCAP);
	/* the range already holds the group: the sysctl would change nothing */
	F.ping_range_holds = true;
	DIAG();
	ASSERT_EQ(fix_with("ping_group_range"), -1);
	/* tcpdump's packet socket: not ICMP */
	F.ping_range_holds = false;
	F.icmp_socket = false;
	DIAG();
	ASSERT_EQ(fix_with("ping_group_range"), -1);
	/* dmesg: kernel.dmesg_restrict=0 as the alternative to CAP_SYSLOG */
	F.cap = CAP_SYSLOG;
	F.chain = BIT(CAP_SYSLOG);
	F.syscall = syscall_from_name("syslog");
	DIAG();
	ASSERT_GE(fix_with("dmesg_restrict"), 0);
}

/* R19 files: the denied file's group, its service directory or an ACL; DAC caps last */
TEST(diag_denied_file_fixes)
{
	base_bind80();
	F.is_bind = false;
	F.cap = CAP_DAC_READ_SEARCH;
	F.chain = BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_DAC_OVERRIDE);
	F.syscall = syscall_from_name("openat");
	strcpy(F.path_arg, "/etc/shadow");
	strcpy(F.file, "/etc/shadow");
	F.file_known = true;
	F.file_owner = 0;
	F.file_group = 42;
	F.file_mode = S_IFREG | 0640;
	strcpy(F.file_group_name, "shadow");
	F.ngroups = 1;
	F.groups[0] = 65534;
	memcpy(F.args, "/etc/shadow", 12);
	F.args_len = 12;
	strcpy(P.exe, "/usr/bin/cat");
	DIAG();
	ASSERT_GE(D.nfixes, 3);
	ASSERT_EQ(D.fixes[0].kind, FIX_OWNERSHIP);
	ASSERT_STREQ(D.fixes[0].command,
		     "setpriv --reuid nobody --regid 65534 --groups 65534,42 -- /usr/bin/cat "
		     "/etc/shadow");
	ASSERT_STREQ(D.fixes[1].command, "setfacl -m u:nobody:r -- /etc/shadow");
	ASSERT_HAS(D.summary, "/etc/shadow is uid 0 gid 42 mode 0640");
	ASSERT_HAS(D.fixes[D.nfixes - 1].warning, "DAC capability");

	/* a service: SupplementaryGroups=, then its own directory under /var/lib */
	base_service();
	F.is_bind = false;
	F.cap = CAP_DAC_READ_SEARCH;
	F.chain = BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_DAC_OVERRIDE);
	F.syscall = syscall_from_name("openat");
	strcpy(F.file, "/etc/shadow");
	F.file_known = true;
	F.file_group = 42;
	F.file_mode = S_IFREG | 0640;
	strcpy(F.file_group_name, "shadow");
	DIAG();
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nSupplementaryGroups=shadow\n");
	strcpy(F.file, "/var/lib/web/data");
	F.file_group = 0;
	F.file_mode = S_IFDIR | 0700;
	F.file_search = true;
	DIAG();
	ASSERT_STREQ(D.fixes[0].dropin, "[Service]\nStateDirectory=web\n");
}

/* R22 and R23 in the summary: the netlink request named, a denial that did not cause it */
TEST(diag_netlink_and_not_cause)
{
	char buf[96];

	netlink_describe(buf, sizeof(buf), 0, 16, 0);
	ASSERT_STREQ(buf, "rtnetlink RTM_NEWLINK");
	netlink_describe(buf, sizeof(buf), 12, 10 << 8, 0);
	ASSERT_STREQ(buf, "nftables NFT_MSG_NEWTABLE");
	netlink_describe(buf, sizeof(buf), 0, 36, 0);
	ASSERT_STREQ(buf, "rtnetlink RTM_NEWQDISC");
	/* GENL_ID_CTRL (16) is always the controller itself */
	netlink_describe(buf, sizeof(buf), 16, 16, 3);
	ASSERT_STREQ(buf, "generic netlink nlctrl command 3");
	base_bind80();
	F.is_bind = false;
	F.cap = CAP_NET_ADMIN;
	F.chain = BIT(CAP_NET_ADMIN);
	F.syscall = syscall_from_name("sendmsg");
	F.netlink = true;
	F.err = EPERM;
	strcpy(F.nl_what, "rtnetlink RTM_NEWLINK");
	DIAG();
	ASSERT_HAS(D.summary, "The rtnetlink RTM_NEWLINK request (sent with sendmsg())");
	ASSERT_HAS(D.summary, "failed in the kernel's reply with EPERM");
	ASSERT_EQ(D.fixes[0].kind, FIX_SETCAP);
	F.netlink = false;
	strcpy(F.not_cause, "readlink() failed with EINVAL (R23).");
	F.syscall = syscall_from_name("readlink");
	DIAG();
	ASSERT_HAS(D.summary, "not why it failed: readlink() failed with EINVAL");
}

/* ---------------------------------------------------------------- R20 */

TEST(diag_r20_cred_not_current)
{
	base_bind80();
	F.cred_not_current = true;
	DIAG();
	ASSERT_STREQ(blocker_rule(BLOCKER_CRED_NOT_CURRENT), "R20");
	ASSERT_HAS(blocker_text(BLOCKER_CRED_NOT_CURRENT), "opened the socket");
}

/* ---------------------------------------------------------------- robustness */

TEST(diag_hostile_unit_name)
{
	/* a cgroup path is not trusted: no drop-in path outside /etc/systemd/system */
	base_service();
	strcpy(P.unit, "../../../etc/cron.d/x.service");
	DIAG();
	ASSERT_EQ(fix_with("cron.d"), -1);
	ASSERT_EQ(fix_index(FIX_SOCKET_ACTIVATION), 4); /* the placeholder one, plain order */
	ASSERT_STREQ(D.fixes[4].unit, "YOUR.socket");

	/* an escaped but valid unit name is quoted in commands */
	base_service();
	strcpy(P.unit, "my\\x2dweb.service");
	snprintf(P.cgroup, sizeof(P.cgroup), "/system.slice/%s", P.unit);
	DIAG();
	ASSERT_STREQ(fix_of(FIX_SYSTEMD)->command,
		     "systemctl daemon-reload && systemctl restart 'my\\x2dweb.service'");
}

TEST(diag_long_path_drops_fix_never_truncates)
{
	int i;

	base_bind80();
	P.exe[0] = '/';
	for (i = 1; i < MODEL_PATH_MAX - 1; i++)
		P.exe[i] = i % 50 ? 'a' : '/';
	P.exe[MODEL_PATH_MAX - 1] = '\0';
	DIAG();
	/* the quoted path cannot fit a command: the fixes naming it are dropped */
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), -1);
	/* the ones that do not name it remain */
	ASSERT_GE(fix_index(FIX_SYSCTL), 0);
	/* blocker sentences fell back to the plain text rather than being cut */
	ASSERT_HAS(blocker_text(BLOCKER_FILE_CAPS_MISSING), "(R16).");
}

TEST(diag_relative_exe_never_setcap)
{
	base_bind80();
	strcpy(P.exe, "-r");
	DIAG();
	ASSERT_EQ(fix_index(FIX_SETCAP), -1);
	ASSERT_EQ(fix_index(FIX_AMBIENT_WRAPPER), -1);
}

TEST(diag_unknown_cap)
{
	base_bind80();
	F.cap = 55;
	F.chain = BIT(55);
	DIAG();
	ASSERT_EQ(D.nfixes, 0);
	ASSERT_HAS(D.summary, "unknown");
}

/* ---------------------------------------------------------------- the commands really run */

static char tmpdir[256];

/* a fake PROG on PATH writing "PROG\0arg1\0...\0\n" to $FAKE_OUT, once per run */
static void make_fake(const char *prog)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/bin/%s", tmpdir, prog);
	fp = fopen(path, "w");
	if (!fp)
		return;
	fprintf(fp, "#!/bin/sh\nprintf '%%s\\0' \"${0##*/}\" \"$@\" >> \"$FAKE_OUT\"\n"
		    "printf '\\n' >> \"$FAKE_OUT\"\n");
	fclose(fp);
	chmod(path, 0755);
}

/* runs cmd with /bin/sh -c in tmpdir with the fakes first on PATH; returns what they got */
static size_t run_shell(const char *cmd, char *out, size_t len)
{
	char outpath[512], pathenv[1024];
	pid_t pid;
	FILE *fp;
	size_t n = 0;
	int st;

	snprintf(outpath, sizeof(outpath), "%s/argv", tmpdir);
	unlink(outpath);
	snprintf(pathenv, sizeof(pathenv), "%s/bin:/usr/bin:/bin", tmpdir);
	pid = fork();
	if (pid == 0) {
		if (chdir(tmpdir))
			_exit(127);
		setenv("PATH", pathenv, 1);
		setenv("FAKE_OUT", outpath, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return 0;
	fp = fopen(outpath, "r");
	if (fp) {
		n = fread(out, 1, len, fp);
		fclose(fp);
	}
	return n;
}

static bool setup_fakes(void)
{
	char d[300];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/capfix-ut-XXXXXX");
	if (!mkdtemp(tmpdir))
		return false;
	snprintf(d, sizeof(d), "%s/bin", tmpdir);
	mkdir(d, 0755);
	make_fake("setcap");
	make_fake("setpriv");
	make_fake("systemctl");
	make_fake("setfacl");
	return true;
}

static void cleanup_fakes(void)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "  could not remove %s\n", tmpdir);
}

/* appends a string literal to want[] without its terminating NUL (embedded NULs kept) */
#define PUT_LIT(s) (memcpy(want + w, s, sizeof(s) - 1), w += sizeof(s) - 1)

/* the nasty path: spaces, quotes, $(), backticks, a newline, a component starting with '-' */
static const char nasty[] = "/opt/my dir/it's/$(touch pwned1)/`touch pwned2`/new\nline/-rf/--/srv";

TEST(diag_nasty_path_setcap_argv_exact)
{
	char got[8192], want[8192], probe[512];
	size_t n, w = 0;

	if (!setup_fakes())
		TEST_SKIP("no temporary directory");
	base_bind80();
	strcpy(P.exe, nasty);
	DIAG();
	ASSERT_EQ(fix_index(FIX_SETCAP), 0);
	n = run_shell(D.fixes[0].command, got, sizeof(got));
	/* setcap, the caps word, the path: byte for byte, three words, then the record end */
	PUT_LIT("setcap\0cap_net_bind_service=+ep\0");
	memcpy(want + w, nasty, sizeof(nasty)), w += sizeof(nasty);
	want[w++] = '\n';
	ASSERT_EQ(n, w);
	ASSERT_TRUE(n == w && !memcmp(got, want, w));
	/* nothing was executed by the shell */
	snprintf(probe, sizeof(probe), "%s/pwned1", tmpdir);
	ASSERT_TRUE(access(probe, F_OK) != 0);
	snprintf(probe, sizeof(probe), "%s/pwned2", tmpdir);
	ASSERT_TRUE(access(probe, F_OK) != 0);

	/* the setpriv wrapper and the R6 combination, same path */
	{
		int i = fix_index(FIX_AMBIENT_WRAPPER);

		ASSERT_GE(i, 0);
		if (i >= 0) {
			n = run_shell(D.fixes[i].command, got, sizeof(got));
			ASSERT_GT(n, sizeof(nasty));
			/* the last argument is the path, exactly */
			ASSERT_TRUE(n > sizeof(nasty) &&
				    !memcmp(got + n - 1 - sizeof(nasty), nasty, sizeof(nasty)));
		}
	}
	base_service();
	strcpy(P.exe, nasty);
	P.unit_props.ambient = BIT(CAP_NET_BIND_SERVICE);
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_RAW);
	P.fcaps.effective = true;
	strcpy(P.unit, "a\\x20b.service");
	snprintf(P.cgroup, sizeof(P.cgroup), "/system.slice/%s", P.unit);
	DIAG();
	ASSERT_EQ(fix_index(FIX_SYSTEMD), 0);
	n = run_shell(D.fixes[0].command, got, sizeof(got));
	w = 0;
	PUT_LIT("setcap\0-r\0");
	memcpy(want + w, nasty, sizeof(nasty)), w += sizeof(nasty);
	PUT_LIT("\nsystemctl\0daemon-reload\0\nsystemctl\0restart\0a\\x20b.service\0\n");
	ASSERT_EQ(n, w);
	ASSERT_TRUE(n == w && !memcmp(got, want, w));
	cleanup_fakes();
}

TEST(diag_fix_renderers_quote_everything)
{
	struct fix fx;

	/* shell_quote leaves safe words bare, quotes the rest */
	ASSERT_EQ(fix_setcap(&fx, "/usr/local/bin/x", BIT(CAP_NET_BIND_SERVICE), 0, -1, NULL), 0);
	ASSERT_STREQ(fx.command, "setcap cap_net_bind_service=+ep /usr/local/bin/x");
	ASSERT_EQ(fix_setcap(&fx, "/a b", BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_NET_RAW),
			     BIT(CAP_SYS_TIME), -1, NULL),
		  0);
	ASSERT_STREQ(fx.command,
		     "setcap 'cap_net_bind_service,cap_net_raw=+ep cap_sys_time+i' '/a b'");
	/* relative paths and empty masks are refused */
	ASSERT_EQ(fix_setcap(&fx, "-r", BIT(CAP_NET_RAW), 0, -1, NULL), -1);
	ASSERT_EQ(fix_setcap(&fx, "x", BIT(CAP_NET_RAW), 0, -1, NULL), -1);
	ASSERT_EQ(fix_setcap(&fx, "/x", 0, 0, -1, NULL), -1);
	ASSERT_STREQ(fx.command, "");
	/* unit names */
	ASSERT_TRUE(unit_name_ok("foo@bar.service", ".service"));
	ASSERT_FALSE(unit_name_ok("a/b.service", ".service"));
	ASSERT_FALSE(unit_name_ok(".service", ".service"));
	ASSERT_FALSE(unit_name_ok("-x.service", ".service"));
	ASSERT_FALSE(unit_name_ok("x.scope", ".service"));
	ASSERT_EQ(fix_systemd_dropin(&fx, "x;reboot.service", "[Service]\n", NULL), -1);
}

TEST(diag_caps_union_for_one_process)
{
	/* the per-process summary grants a union already reduced by R19: no re-reduction */
	base_service();
	F.is_bind = false;
	F.cap = CAP_DAC_READ_SEARCH;
	F.chain = BIT(CAP_DAC_READ_SEARCH);
	F.syscall = syscall_from_name("openat");
	diagnose_caps(&P, &F, BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_NET_RAW),
		      &D);
	check_invariants();
	ASSERT_EQ(D.cap, CAP_DAC_READ_SEARCH);
	ASSERT_U64(D.caps, BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_NET_RAW));
	ASSERT_HAS(fix_of(FIX_SYSTEMD)->dropin,
		   "AmbientCapabilities=CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_NET_RAW\n");
	ASSERT_HAS(D.summary, "CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_NET_RAW");

	/* diagnose() reports what it grants in caps */
	F.cap = CAP_SYS_ADMIN;
	F.chain = BIT(CAP_SYS_ADMIN) | BIT(CAP_BPF) | BIT(CAP_PERFMON);
	F.syscall = syscall_from_name("bpf");
	DIAG();
	ASSERT_U64(D.caps, BIT(CAP_BPF) | BIT(CAP_PERFMON));
	ASSERT_HAS(D.summary, "CAP_PERFMON and CAP_BPF suffice");
	/* a bounding set lacking one of them names that one */
	P.creds.caps.bounding = CAPS_ALL & ~BIT(CAP_PERFMON);
	DIAG();
	ASSERT_HAS(blocker_text(BLOCKER_BOUNDING_SET), "CAP_PERFMON is not in the bounding set");
}

TEST(rule_r3_exec_fail_cap)
{
	base_bind80();
	/* no file caps, or caps without the effective bit: execve does not fail (R3) */
	ASSERT_EQ(exec_fail_cap(&P), -1);
	P.fcaps.present = TRI_YES;
	P.fcaps.permitted = BIT(CAP_NET_RAW) | BIT(CAP_NET_ADMIN);
	ASSERT_EQ(exec_fail_cap(&P), -1);
	/* +ep inside the bounding set works */
	P.fcaps.effective = true;
	ASSERT_EQ(exec_fail_cap(&P), -1);
	/* the first cap outside the bounding set */
	P.creds.caps.bounding = CAPS_ALL & ~BIT(CAP_NET_RAW) & ~BIT(CAP_NET_ADMIN);
	ASSERT_EQ(exec_fail_cap(&P), CAP_NET_ADMIN);
	P.creds.caps.bounding |= BIT(CAP_NET_ADMIN);
	ASSERT_EQ(exec_fail_cap(&P), CAP_NET_RAW);
	P.fcaps.present = TRI_UNKNOWN;
	ASSERT_EQ(exec_fail_cap(&P), -1);
}

TEST(rule_r14_lsm_suspect)
{
	base_bind80();
	ASSERT_FALSE(finding_lsm_suspect(&P, &F));
	P.creds.caps.effective = BIT(CAP_NET_BIND_SERVICE);
	ASSERT_TRUE(finding_lsm_suspect(&P, &F));
	P.userns_child = true;
	ASSERT_FALSE(finding_lsm_suspect(&P, &F));
	P.userns_child = false;
	P.target_ns_child = true;
	ASSERT_FALSE(finding_lsm_suspect(&P, &F));
	P.target_ns_child = false;
	F.cap = -1;
	ASSERT_FALSE(finding_lsm_suspect(&P, &F));
}

TEST(rule_manager_preexec)
{
	base_bind80();
	ASSERT_FALSE(manager_preexec(&P));
	strcpy(P.comm, "(srv)");
	ASSERT_FALSE(manager_preexec(&P));
	strcpy(P.exe, "/usr/lib/systemd/systemd");
	ASSERT_TRUE(manager_preexec(&P));
	strcpy(P.exe, "/usr/lib/systemd/systemd-logind");
	ASSERT_FALSE(manager_preexec(&P));
	strcpy(P.exe, "/usr/lib/systemd/systemd");
	strcpy(P.comm, "systemd");
	ASSERT_FALSE(manager_preexec(&P));
}

/* R21: no setcap for a binary on ramfs; a FUSE mount gets it last, with the warning */
TEST(diag_r21_no_xattrs)
{
	int i;

	base_bind80();
	strcpy(P.mount_fstype, "ramfs");
	DIAG();
	for (i = 0; i < D.nfixes; i++)
		ASSERT_NEQ(D.fixes[i].kind, FIX_SETCAP);
	ASSERT_HAS(D.summary, "on ramfs, which cannot store file capabilities");
	strcpy(P.mount_fstype, "fuse.sshfs");
	DIAG();
	ASSERT_EQ(D.fixes[D.nfixes - 1].kind, FIX_SETCAP);
	ASSERT_HAS(D.fixes[D.nfixes - 1].warning, "Operation not supported");
}

/* --service FILE: the fixes are drop-ins for the unit FILE defines, not a new YOUR.service */
TEST(diag_service_file_dropin)
{
	base_bind80();
	strcpy(P.service_unit, "web.service");
	DIAG();
	ASSERT_EQ(D.fixes[0].kind, FIX_SYSTEMD);
	ASSERT_STREQ(D.fixes[0].path, "/etc/systemd/system/web.service.d/capfix.conf");
}

/* the chain printed in the order the kernel checked, the rest by number */
TEST(cause_chain_in_order)
{
	int caps[64], n;

	memset(&F, 0, sizeof(F));
	F.chain = BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_SYS_ADMIN);
	F.chain_order = (CAP_DAC_READ_SEARCH + 1) | (CAP_DAC_OVERRIDE + 1) << 8;
	n = chain_in_order(&F, caps, 64);
	ASSERT_EQ(n, 3);
	ASSERT_EQ(caps[0], CAP_DAC_READ_SEARCH);
	ASSERT_EQ(caps[1], CAP_DAC_OVERRIDE);
	ASSERT_EQ(caps[2], CAP_SYS_ADMIN);
	F.chain_order = 0; /* unknown: numeric */
	n = chain_in_order(&F, caps, 64);
	ASSERT_EQ(caps[0], CAP_DAC_OVERRIDE);
}
