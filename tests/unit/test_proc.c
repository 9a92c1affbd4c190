// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of parse.c, script.c on real fixtures; live checks of proc.c, sysquery.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include "../test.h"
#include "manager.h"
#include "parse.h"
#include "proc.h"
#include "script.h"
#include "sysquery.h"
#include "strutil.h"

#define BIT(c) (1ULL << (c))

/* ---- /proc/PID/status ---------------------------------------------------------------- */

/* Linux 6.18, a root shell on the host */
static const char status_host[] = "Name:\tcat\n"
				  "Umask:\t0022\n"
				  "State:\tR (running)\n"
				  "Tgid:\t8217\n"
				  "Ngid:\t0\n"
				  "Pid:\t8217\n"
				  "PPid:\t8215\n"
				  "TracerPid:\t0\n"
				  "Uid:\t0\t0\t0\t0\n"
				  "Gid:\t0\t0\t0\t0\n"
				  "FDSize:\t256\n"
				  "Groups:\t \n"
				  "NStgid:\t8217\n"
				  "NSpid:\t8217\n"
				  "NSpgid:\t8215\n"
				  "VmPeak:\t    3060 kB\n"
				  "CapInh:\t0000000000000000\n"
				  "CapPrm:\t000001fffeffffff\n"
				  "CapEff:\t000001fffeffffff\n"
				  "CapBnd:\t000001fffeffffff\n"
				  "CapAmb:\t0000000000000000\n"
				  "NoNewPrivs:\t0\n"
				  "Seccomp:\t0\n"
				  "Seccomp_filters:\t0\n"
				  "Cpus_allowed_list:\t0-1\n";

/* a systemd service: User=nobody, NoNewPrivileges=yes, ambient NET_BIND_SERVICE, seccomp,
 * in a child pid namespace */
static const char status_svc[] = "Name:\tmy\\tdaemon\n"
				 "Tgid:\t4242\n"
				 "Pid:\t4242\n"
				 "PPid:\t1\n"
				 "Uid:\t65534\t65534\t65534\t65534\n"
				 "Gid:\t65534\t65534\t65534\t65534\n"
				 "NSpid:\t4242\t17\n"
				 "CapInh:\t0000000000000400\n"
				 "CapPrm:\t0000000000000400\n"
				 "CapEff:\t0000000000000400\n"
				 "CapBnd:\t0000000000000400\n"
				 "CapAmb:\t0000000000000400\n"
				 "NoNewPrivs:\t1\n"
				 "Seccomp:\t2\n";

TEST(status_host_root)
{
	struct proc_status ps;

	ASSERT_OK(status_parse(status_host, strlen(status_host), &ps));
	ASSERT_STREQ(ps.name, "cat");
	ASSERT_EQ(ps.pid, 8217);
	ASSERT_EQ(ps.ppid, 8215);
	ASSERT_EQ(ps.uid, 0);
	ASSERT_EQ(ps.euid, 0);
	ASSERT_U64(ps.caps.effective, 0x000001fffeffffffULL);
	ASSERT_U64(ps.caps.bounding, 0x000001fffeffffffULL);
	ASSERT_U64(ps.caps.ambient, 0);
	ASSERT_TRUE(ps.have & PS_HAVE_CAPS);
	ASSERT_TRUE(ps.have & PS_HAVE_CAPAMB);
	ASSERT_TRUE(ps.have & PS_HAVE_NNP);
	ASSERT_FALSE(ps.no_new_privs);
	ASSERT_EQ(ps.seccomp, 0);
	ASSERT_EQ(ps.nspid_levels, 1);
}

TEST(status_service_nnp_pidns)
{
	struct proc_status ps;

	ASSERT_OK(status_parse(status_svc, strlen(status_svc), &ps));
	ASSERT_STREQ(ps.name, "my\\tdaemon");
	ASSERT_EQ(ps.uid, 65534);
	ASSERT_EQ(ps.suid, 65534);
	ASSERT_EQ(ps.egid, 65534);
	ASSERT_U64(ps.caps.ambient, BIT(CAP_NET_BIND_SERVICE));
	ASSERT_U64(ps.caps.inheritable, BIT(CAP_NET_BIND_SERVICE));
	ASSERT_TRUE(ps.no_new_privs);
	ASSERT_EQ(ps.seccomp, 2);
	ASSERT_EQ(ps.nspid_levels, 2);
	ASSERT_EQ(ps.nspid_inner, 17);
}

TEST(status_old_kernel_and_junk)
{
	/* 4.2: no CapAmb, no NoNewPrivs line; truncated input without a final newline */
	static const char old[] = "Pid:\t10\nUid:\t1\t2\t3\t4\nCapInh:\t0\nCapPrm:\t1\n"
				  "CapEff:\t1\nCapBnd:\t3fffffffff";
	static const char bad[] = "CapPrm:\tzz\nUid:\t1\t2\nPid 7\n";
	struct proc_status ps;

	ASSERT_OK(status_parse(old, strlen(old), &ps));
	ASSERT_TRUE(ps.have & PS_HAVE_CAPS);
	ASSERT_FALSE(ps.have & PS_HAVE_CAPAMB);
	ASSERT_FALSE(ps.have & PS_HAVE_NNP);
	ASSERT_EQ(ps.suid, 3);
	ASSERT_U64(ps.caps.bounding, 0x3fffffffffULL);
	/* the buffer is not NUL-terminated at len: a shorter len must cut the last value */
	ASSERT_OK(status_parse(old, strlen(old) - 4, &ps));
	ASSERT_U64(ps.caps.bounding, 0x3fffffULL);
	ASSERT_ERR(status_parse(bad, strlen(bad), &ps), -EINVAL);
	ASSERT_FALSE(ps.have & PS_HAVE_UID);
	ASSERT_ERR(status_parse("", 0, &ps), -EINVAL);
}

/* ---- security.capability ------------------------------------------------------------- */

TEST(fcaps_v2_ep)
{
	/* setcap cap_net_bind_service=+ep: magic 0x02000001, permitted bit 10 */
	static const unsigned char v2[] = {0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00,
					   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
					   0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	struct file_caps fc;

	ASSERT_OK(file_caps_parse(v2, sizeof(v2), &fc));
	ASSERT_EQ(fc.present, TRI_YES);
	ASSERT_EQ(fc.version, 2);
	ASSERT_TRUE(fc.effective);
	ASSERT_U64(fc.permitted, BIT(CAP_NET_BIND_SERVICE));
	ASSERT_U64(fc.inheritable, 0);
	ASSERT_FALSE(fc.has_rootid);
}

TEST(fcaps_v2_high_word_p_only)
{
	/* cap_bpf,cap_perfmon=p (38, 39 live in data[1]), cap_chown=i, no effective bit */
	static const unsigned char v2[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
					   0x00, 0x01, 0x00, 0x00, 0x00, 0xc0, 0x00,
					   0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	struct file_caps fc;

	ASSERT_OK(file_caps_parse(v2, sizeof(v2), &fc));
	ASSERT_FALSE(fc.effective);
	ASSERT_U64(fc.permitted, BIT(38) | BIT(39));
	ASSERT_U64(fc.inheritable, BIT(CAP_CHOWN));
}

TEST(fcaps_v3_rootid_and_v1)
{
	/* setcap inside a userns whose root is host uid 100000 (0x186a0) */
	static const unsigned char v3[] = {0x01, 0x00, 0x00, 0x03, 0x00, 0x20, 0x00, 0x00,
					   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
					   0x00, 0x00, 0x00, 0x00, 0xa0, 0x86, 0x01, 0x00};
	static const unsigned char v1[] = {0x01, 0x00, 0x00, 0x01, 0x00, 0x04,
					   0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	struct file_caps fc;

	ASSERT_OK(file_caps_parse(v3, sizeof(v3), &fc));
	ASSERT_EQ(fc.version, 3);
	ASSERT_TRUE(fc.has_rootid);
	ASSERT_EQ(fc.rootid, 100000);
	ASSERT_U64(fc.permitted, BIT(CAP_NET_RAW));
	ASSERT_OK(file_caps_parse(v1, sizeof(v1), &fc));
	ASSERT_EQ(fc.version, 1);
	ASSERT_U64(fc.permitted, BIT(CAP_NET_BIND_SERVICE));
}

TEST(fcaps_malformed)
{
	static const unsigned char v2[24] = {0x01, 0x00, 0x00, 0x02}; /* v2 with v3's size */
	static const unsigned char v3[20] = {0x01, 0x00, 0x00, 0x03}; /* v3 with v2's size */
	static const unsigned char v4[20] = {0x01, 0x00, 0x00, 0x04};
	static const unsigned char v1[20] = {0x01, 0x00, 0x00, 0x01};
	struct file_caps fc;

	ASSERT_ERR(file_caps_parse(v2, sizeof(v2), &fc), -EINVAL);
	ASSERT_EQ(fc.present, TRI_UNKNOWN);
	ASSERT_ERR(file_caps_parse(v3, sizeof(v3), &fc), -EINVAL);
	ASSERT_ERR(file_caps_parse(v4, sizeof(v4), &fc), -EINVAL);
	ASSERT_ERR(file_caps_parse(v1, sizeof(v1), &fc), -EINVAL);
	ASSERT_ERR(file_caps_parse(v2, 3, &fc), -EINVAL);
	ASSERT_ERR(file_caps_parse(NULL, 0, &fc), -EINVAL);
}

/* ---- mountinfo ----------------------------------------------------------------------- */

static const char mountinfo[] =
    "22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
    "27 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
    "30 27 0:26 / /mnt/my\\040dir rw,nosuid,relatime shared:5 master:2 - tmpfs tmp\\040fs rw\n"
    "31 27 0:27 / /mnt/my rw,relatime - tmpfs tmpfs rw\n"
    "40 27 0:30 / /opt rw,relatime - overlay overlay rw,lowerdir=/a\n"
    "41 40 0:31 / /opt rw,nosuid,relatime - tmpfs tmpfs rw\n"
    "42 27 0:32 /sub /srv/back\\134slash rw - xfs /dev/vdb rw\n"
    "garbage line\n"
    "43 27 0:33 / /usr/local/bin ro,nosuid - squashfs /dev/loop0 ro";

TEST(mountinfo_longest_prefix)
{
	struct mount_entry me;

	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/usr/bin/ping", &me));
	ASSERT_STREQ(me.mount_point, "/");
	ASSERT_STREQ(me.fstype, "ext4");
	ASSERT_FALSE(me.nosuid);
	ASSERT_EQ(me.major, 253);
	ASSERT_EQ(me.minor, 1);
	/* the last line has no trailing newline */
	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/usr/local/bin/x", &me));
	ASSERT_STREQ(me.mount_point, "/usr/local/bin");
	ASSERT_TRUE(me.nosuid);
	/* component boundaries: /usr/local/binx is on / */
	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/usr/local/binx", &me));
	ASSERT_STREQ(me.mount_point, "/");
}

TEST(mountinfo_escapes_and_overmount)
{
	struct mount_entry me;

	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/mnt/my dir/a.out", &me));
	ASSERT_STREQ(me.mount_point, "/mnt/my dir");
	ASSERT_STREQ(me.source, "tmp fs");
	ASSERT_TRUE(me.nosuid);
	ASSERT_STREQ(me.options, "rw,nosuid,relatime");
	/* "/mnt/my" must not swallow "/mnt/my dir", nor the reverse */
	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/mnt/my/a.out", &me));
	ASSERT_EQ(me.mount_id, 31);
	ASSERT_FALSE(me.nosuid);
	/* a tmpfs mounted over /opt hides the overlay */
	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/opt/app", &me));
	ASSERT_EQ(me.mount_id, 41);
	ASSERT_TRUE(me.nosuid);
	ASSERT_OK(mountinfo_find_path(mountinfo, strlen(mountinfo), "/srv/back\\slash/x", &me));
	ASSERT_STREQ(me.root, "/sub");
	ASSERT_EQ(me.mount_id, 42);
}

TEST(mountinfo_by_id_and_bad_lines)
{
	struct mount_entry me;
	char out[8];

	ASSERT_OK(mountinfo_find_id(mountinfo, strlen(mountinfo), 30, &me));
	ASSERT_STREQ(me.mount_point, "/mnt/my dir");
	ASSERT_EQ(me.parent_id, 27);
	ASSERT_ERR(mountinfo_find_id(mountinfo, strlen(mountinfo), 99, &me), -ENOENT);
	ASSERT_ERR(mountinfo_find_id(mountinfo, strlen(mountinfo), 3, &me), -ENOENT);
	/* no " - " separator, missing fields, a relative mount point */
	ASSERT_ERR(mountinfo_parse_line("1 2 0:1 / /x rw shared:1 tmpfs", 30, &me), -EINVAL);
	ASSERT_ERR(mountinfo_parse_line("1 2 0:1 / /x", 12, &me), -EINVAL);
	ASSERT_ERR(mountinfo_parse_line("1 2 0:1 / x rw - tmpfs t rw", 27, &me), -EINVAL);
	ASSERT_ERR(mountinfo_parse_line("1 2 01 / /x rw - tmpfs t rw", 27, &me), -EINVAL);
	ASSERT_ERR(mountinfo_find_path(mountinfo, strlen(mountinfo), "relative", &me), -EINVAL);
	ASSERT_ERR(mountinfo_find_path("", 0, "/x", &me), -ENOENT);
	/* \0 escapes decode, a lone backslash stays, too long is reported */
	ASSERT_EQ(mountinfo_unescape("a\\011b\\", 7, out, sizeof(out)), 4);
	ASSERT_STREQ(out, "a\tb\\");
	ASSERT_EQ(mountinfo_unescape("abcdefghij", 10, out, sizeof(out)), -1);
	/* a NUL, raw or escaped, is never the kernel's: reject rather than cut the path */
	ASSERT_EQ(mountinfo_unescape("/a\\000b", 8, out, sizeof(out)), -1);
	ASSERT_EQ(mountinfo_unescape("/a\0b", 4, out, sizeof(out)), -1);
	ASSERT_ERR(mountinfo_parse_line("1 2 0:1 / /x\\000y rw - tmpfs t rw", 32, &me), -EINVAL);
}

/* ---- cgroups ------------------------------------------------------------------------- */

static void classify(const char *p, struct cgroup_info *ci)
{
	ASSERT_OK(cgroup_classify(p, strlen(p), ci));
}

#define DOCKER_ID "4b825dc642cb6eb9a060e54bf8d69288fbee4904e36a7a5f0bf4a5d9cb2f15d1"

TEST(cgroup_systemd_system)
{
	struct cgroup_info ci;

	classify("/system.slice/nginx.service", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
	ASSERT_STREQ(ci.unit, "nginx.service");
	classify("/system.slice/foo.service/sub", &ci);
	ASSERT_STREQ(ci.unit, "foo.service");
	classify("/system.slice/system-getty.slice/getty@tty1.service", &ci);
	ASSERT_STREQ(ci.unit, "getty@tty1.service");
	classify("/system.slice/system-my\\x2dapp.slice/my\\x2dapp@a\\x2db.service", &ci);
	ASSERT_STREQ(ci.unit, "my\\x2dapp@a\\x2db.service"); /* as systemctl wants it */
	classify("/init.scope", &ci);
	ASSERT_STREQ(ci.unit, "init.scope");
	classify("/", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_NONE);
	ASSERT_STREQ(ci.unit, "");
	classify("/user.slice", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_NONE);
	classify("/process_api/a6d10c98", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_NONE);
	/* a manager nested below a prefix, as the host sees the test sandbox's systemd */
	classify("/capfix-sandbox-30764-d93766/system.slice/web.service", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
	ASSERT_STREQ(ci.unit, "web.service");
	classify("/capfix-sandbox-1/init.scope", &ci);
	ASSERT_STREQ(ci.unit, "init.scope");
	classify("/capfix-sandbox-1/sub/dir", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_NONE);
	/* cgroup names may hold any byte but systemd units may not (found by fuzz_cgroup) */
	classify("/system.slice/evil\n\033[2J.service", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_NONE);
	ASSERT_STREQ(ci.unit, "");
}

TEST(cgroup_systemd_user_and_session)
{
	struct cgroup_info ci;

	classify("/user.slice/user-1000.slice/user@1000.service/app.slice/x.service", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_USER);
	ASSERT_STREQ(ci.unit, "x.service");
	ASSERT_EQ(ci.user_manager_uid, 1000);
	classify("/user.slice/user-1000.slice/session-3.scope", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
	ASSERT_STREQ(ci.unit, "session-3.scope");
	ASSERT_TRUE(ci.login_session);
	ASSERT_EQ(ci.user_manager_uid, 1000);
	/* the user manager itself is a system unit */
	classify("/user.slice/user-1000.slice/user@1000.service/init.scope", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
	ASSERT_STREQ(ci.unit, "user@1000.service");
	ASSERT_FALSE(ci.login_session);
	classify("/user.slice/user-1000.slice/user@1000.service/app.slice/"
		 "app-gnome-firefox-1234.scope",
		 &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_USER);
	ASSERT_STREQ(ci.unit, "app-gnome-firefox-1234.scope");
}

TEST(cgroup_docker)
{
	struct cgroup_info ci;

	classify("/system.slice/docker-" DOCKER_ID ".scope", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_DOCKER);
	ASSERT_STREQ(ci.container_id, DOCKER_ID);
	ASSERT_STREQ(ci.unit, "");
	classify("/docker/" DOCKER_ID, &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_DOCKER);
	ASSERT_STREQ(ci.container_id, DOCKER_ID);
	/* a cgroup below the container's */
	classify("/docker/" DOCKER_ID "/init", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_DOCKER);
	/* docker.service itself is the daemon, a system unit */
	classify("/system.slice/docker.service", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
	ASSERT_STREQ(ci.unit, "docker.service");
	/* not hex: not a container */
	classify("/system.slice/docker-notacontainerid.scope", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
}

TEST(cgroup_kubernetes)
{
	struct cgroup_info ci;

	classify("/kubepods.slice/kubepods-burstable.slice/"
		 "kubepods-burstable-pod7c5d5c4e_1b2a_4c3d_9e8f_0a1b2c3d4e5f.slice/"
		 "cri-containerd-" DOCKER_ID ".scope",
		 &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_KUBERNETES);
	ASSERT_STREQ(ci.container_id, DOCKER_ID);
	ASSERT_STREQ(ci.pod_uid, "7c5d5c4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f");
	classify("/kubepods/besteffort/pod7c5d5c4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f/" DOCKER_ID, &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_KUBERNETES);
	ASSERT_STREQ(ci.container_id, DOCKER_ID);
	ASSERT_STREQ(ci.pod_uid, "7c5d5c4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f");
	classify("/kubepods.slice/kubepods-pod0a1b2c3d_0000_1111_2222_333344445555.slice/"
		 "crio-" DOCKER_ID ".scope",
		 &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_KUBERNETES);
	ASSERT_STREQ(ci.container_id, DOCKER_ID);
	/* crio's conmon is not the container */
	classify("/kubepods.slice/kubepods-pod0a1b2c3d_0000_1111_2222_333344445555.slice/"
		 "crio-conmon-" DOCKER_ID ".scope",
		 &ci);
	ASSERT_STREQ(ci.container_id, "");
	ASSERT_NEQ(ci.runtime, RUNTIME_SYSTEMD_SYSTEM);
	/* containerd without kubernetes */
	classify("/system.slice/cri-containerd-" DOCKER_ID ".scope", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_CONTAINERD);
	classify("/default/" DOCKER_ID, &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_CONTAINERD);
}

TEST(cgroup_podman_lxc)
{
	struct cgroup_info ci;

	classify("/machine.slice/libpod-" DOCKER_ID ".scope/container", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_PODMAN);
	ASSERT_STREQ(ci.container_id, DOCKER_ID);
	classify("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" DOCKER_ID
		 ".scope",
		 &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_PODMAN);
	ASSERT_EQ(ci.user_manager_uid, 1000);
	classify("/machine.slice/libpod-conmon-" DOCKER_ID ".scope", &ci);
	ASSERT_NEQ(ci.runtime, RUNTIME_PODMAN);
	classify("/libpod_parent/libpod-" DOCKER_ID, &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_PODMAN);
	classify("/lxc.payload.web01", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_LXC);
	ASSERT_STREQ(ci.container_id, "web01");
	classify("/lxc.payload.web01/system.slice/nginx.service", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_LXC);
	classify("/lxc/old", &ci);
	ASSERT_EQ(ci.runtime, RUNTIME_LXC);
	ASSERT_STREQ(ci.container_id, "old");
}

TEST(cgroup_file_lines)
{
	static const char hybrid[] =
	    "12:perf_event:/\n4:memory:/process_api/a6d1\n"
	    "9:name=systemd:/system.slice/a.service\n0::/system.slice/b.service\n";
	static const char v1[] = "4:memory:/x\n9:name=systemd:/system.slice/a.service\n";
	char p[64];

	ASSERT_OK(cgroup_file_path(hybrid, strlen(hybrid), p, sizeof(p)));
	ASSERT_STREQ(p, "/system.slice/b.service");
	ASSERT_OK(cgroup_file_path(v1, strlen(v1), p, sizeof(p)));
	ASSERT_STREQ(p, "/system.slice/a.service");
	ASSERT_ERR(cgroup_file_path("nothing", 7, p, sizeof(p)), -ENOENT);
	ASSERT_ERR(cgroup_file_path(hybrid, strlen(hybrid), p, 8), -ENAMETOOLONG);
	ASSERT_ERR(cgroup_file_path("0::/a\0b\n", 8, p, sizeof(p)), -EINVAL);
}

TEST(unit_unescape_display)
{
	char out[64];

	ASSERT_STREQ(unit_unescape("my\\x2dapp@a\\x2db.service", out, sizeof(out)),
		     "my-app@a-b.service");
	ASSERT_STREQ(unit_unescape("bad\\x2", out, sizeof(out)), "bad\\x2");
	ASSERT_TRUE(unit_name_valid("nginx.service"));
	ASSERT_TRUE(unit_name_valid("my\\x2dapp@1.service"));
	ASSERT_FALSE(unit_name_valid("--help.service"));
	ASSERT_FALSE(unit_name_valid("*.service"));
	ASSERT_FALSE(unit_name_valid("nginx"));
	ASSERT_FALSE(unit_name_valid("a b.service"));
}

/* ---- systemctl show (captured from systemd 252) ------------------------------------- */

/* User=nobody NoNewPrivileges=yes AmbientCapabilities=/CapabilityBoundingSet= two caps,
 * RestrictAddressFamilies=AF_INET AF_INET6, SecureBits=keep-caps noroot, PrivateUsers=yes */
static const char show_probe[] =
    "MainPID=0\nSecureBits=17\n"
    "CapabilityBoundingSet=cap_net_bind_service cap_net_raw\n"
    "AmbientCapabilities=cap_net_bind_service cap_net_raw\n"
    "User=nobody\nDynamicUser=no\nPrivateDevices=no\nProtectClock=no\n"
    "ProtectKernelTunables=yes\nProtectKernelModules=no\nProtectKernelLogs=no\n"
    "PrivateUsers=yes\nNoNewPrivileges=yes\n"
    "SystemCallFilter=_llseek accept accept4 access bind brk capget capset\n"
    "SystemCallArchitectures=\nSystemCallLog=~\nLockPersonality=no\n"
    "RestrictAddressFamilies=AF_INET AF_INET6\nMemoryDenyWriteExecute=no\n"
    "RestrictRealtime=no\nRestrictSUIDSGID=no\nRestrictNamespaces=no\nProtectHostname=no\n"
    "Id=capfixprobe.service\nLoadState=loaded\nActiveState=inactive\n"
    "FragmentPath=/run/systemd/system/capfixprobe.service\n";

/* a plain unit: every default */
static const char show_plain[] =
    "SecureBits=0\n"
    "CapabilityBoundingSet=cap_chown cap_dac_override cap_dac_read_search cap_fowner "
    "cap_fsetid cap_kill cap_setgid cap_setuid cap_setpcap cap_linux_immutable "
    "cap_net_bind_service cap_net_broadcast cap_net_admin cap_net_raw cap_ipc_lock "
    "cap_ipc_owner cap_sys_module cap_sys_rawio cap_sys_chroot cap_sys_ptrace cap_sys_pacct "
    "cap_sys_admin cap_sys_boot cap_sys_nice cap_sys_resource cap_sys_time cap_sys_tty_config "
    "cap_mknod cap_lease cap_audit_write cap_audit_control cap_setfcap cap_mac_override "
    "cap_mac_admin cap_syslog cap_wake_alarm cap_block_suspend cap_audit_read cap_perfmon "
    "cap_bpf cap_checkpoint_restore\n"
    "AmbientCapabilities=\nUser=\nDynamicUser=no\nPrivateUsers=no\nNoNewPrivileges=no\n"
    "SystemCallFilter=~\nSystemCallArchitectures=\nSystemCallLog=~\n"
    "RestrictAddressFamilies=~\nRestrictNamespaces=no\nLoadState=loaded\n"
    "FragmentPath=/run/systemd/system/capfixplain.service\n";

TEST(unit_props_nnp_explicit)
{
	struct unit_props up;

	ASSERT_OK(unit_props_parse(show_probe, strlen(show_probe), &up));
	ASSERT_TRUE(up.known);
	ASSERT_STREQ(up.user, "nobody");
	ASSERT_TRUE(up.no_new_privileges);
	ASSERT_TRUE(up.private_users);
	ASSERT_FALSE(up.dynamic_user);
	ASSERT_TRUE(up.bounding_set_known);
	ASSERT_U64(up.bounding_set, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_NET_RAW));
	ASSERT_U64(up.ambient, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_NET_RAW));
	ASSERT_EQ(up.secure_bits, 17);
	ASSERT_TRUE(up.restrict_address_families);
	ASSERT_TRUE(up.system_call_filter);
	ASSERT_TRUE(up.implies_nnp);
	ASSERT_STREQ(up.implies_nnp_by, "RestrictAddressFamilies");
	ASSERT_STREQ(up.load_state, "loaded");
	ASSERT_STREQ(up.fragment_path, "/run/systemd/system/capfixprobe.service");
}

TEST(unit_props_defaults)
{
	struct unit_props up;

	ASSERT_OK(unit_props_parse(show_plain, strlen(show_plain), &up));
	ASSERT_STREQ(up.user, "");
	ASSERT_FALSE(up.no_new_privileges);
	ASSERT_U64(up.bounding_set, (1ULL << 41) - 1);
	ASSERT_U64(up.ambient, 0);
	ASSERT_FALSE(up.restrict_address_families);
	ASSERT_FALSE(up.system_call_filter);
	ASSERT_FALSE(up.implies_nnp);
	ASSERT_STREQ(up.implies_nnp_by, "");
}

TEST(unit_props_implied_nnp)
{
	/* User=svc plus ProtectKernelTunables= (but no RestrictAddressFamilies=): NNP implied */
	static const char a[] = "User=svc\nNoNewPrivileges=no\nProtectKernelTunables=yes\n"
				"RestrictAddressFamilies=~\nSystemCallFilter=~\n";
	/* the same as root: no NNP (root keeps CAP_SYS_ADMIN) */
	static const char b[] = "User=root\nNoNewPrivileges=no\nProtectKernelTunables=yes\n";
	/* root, but CAP_SYS_ADMIN outside the bounding set: NNP again */
	static const char c[] = "User=\nCapabilityBoundingSet=cap_net_bind_service\n"
				"RestrictNamespaces=ipc net\n";
	/* RestrictAddressFamilies=none shows as "" and is still a filter; DynamicUser wins */
	static const char d[] = "User=x\nDynamicUser=yes\nNoNewPrivileges=no\n"
				"RestrictAddressFamilies=\n";
	/* unknown cap name and a 0x number from a newer kernel; SecureBits by name */
	static const char e[] = "AmbientCapabilities=cap_new_thing 0x29 cap_chown\n"
				"SecureBits=keep-caps noroot-locked\nUser=0\n";
	struct unit_props up;

	ASSERT_OK(unit_props_parse(a, strlen(a), &up));
	ASSERT_TRUE(up.implies_nnp);
	ASSERT_STREQ(up.implies_nnp_by, "ProtectKernelTunables");
	ASSERT_FALSE(up.bounding_set_known);
	ASSERT_U64(up.bounding_set, ~0ULL);
	ASSERT_OK(unit_props_parse(b, strlen(b), &up));
	ASSERT_FALSE(up.implies_nnp);
	ASSERT_STREQ(up.user, "");
	ASSERT_OK(unit_props_parse(c, strlen(c), &up));
	ASSERT_TRUE(up.implies_nnp);
	ASSERT_STREQ(up.implies_nnp_by, "RestrictNamespaces");
	ASSERT_OK(unit_props_parse(d, strlen(d), &up));
	ASSERT_TRUE(up.implies_nnp);
	ASSERT_STREQ(up.implies_nnp_by, "DynamicUser");
	ASSERT_TRUE(up.restrict_address_families);
	ASSERT_OK(unit_props_parse(e, strlen(e), &up));
	ASSERT_U64(up.ambient, BIT(41) | BIT(CAP_CHOWN));
	ASSERT_EQ(up.secure_bits, (1 << 4) | (1 << 1));
	ASSERT_STREQ(up.user, "");
	ASSERT_ERR(unit_props_parse("", 0, &up), -EINVAL);
	ASSERT_FALSE(up.known);
	/* "User=root\0junk" must not read as root, nor as "root" (found by fuzz_unit_props) */
	ASSERT_ERR(unit_props_parse("User=root\0x\nUser=svc\0\n", 22, &up), -EINVAL);
	ASSERT_STREQ(up.user, "");
}

TEST(capnames)
{
	__u64 m;

	ASSERT_OK(capnames_parse("cap_chown cap_sys_admin", 23, &m));
	ASSERT_U64(m, BIT(CAP_CHOWN) | BIT(CAP_SYS_ADMIN));
	ASSERT_OK(capnames_parse("", 0, &m));
	ASSERT_U64(m, 0);
	ASSERT_ERR(capnames_parse("0x40 cap_bpf", 12, &m), -EINVAL);
	ASSERT_U64(m, BIT(CAP_BPF));
}

/* ---- scripts ------------------------------------------------------------------------- */

static void script(const char *exe, const char *cmd, size_t len, int kind, const char *s)
{
	struct script_info si;

	ASSERT_OK(script_detect(exe, cmd, len, &si));
	if (!ASSERT_EQ(si.kind, kind) | !ASSERT_STREQ(si.script, s))
		fprintf(stderr, "    for %s\n", exe);
}

/* sizeof - 1 keeps the NULs inside the literal and drops the implicit last one */
#define CMD(s) s, sizeof(s) - 1

TEST(interpreters)
{
	ASSERT_TRUE(interpreter_name("/usr/bin/python3"));
	ASSERT_TRUE(interpreter_name("/usr/bin/python3.11"));
	ASSERT_TRUE(interpreter_name("/usr/bin/python3.13t"));
	ASSERT_TRUE(interpreter_name("/usr/bin/perl5.36.0"));
	ASSERT_TRUE(interpreter_name("/usr/bin/node"));
	ASSERT_TRUE(interpreter_name("/usr/lib/jvm/java-17/bin/java"));
	ASSERT_TRUE(interpreter_name("/usr/bin/dash"));
	ASSERT_TRUE(interpreter_name("/usr/sbin/php-fpm8.2"));
	ASSERT_TRUE(interpreter_name("Rscript"));
	ASSERT_FALSE(interpreter_name("/usr/bin/javac"));
	ASSERT_FALSE(interpreter_name("/usr/bin/perldoc"));
	ASSERT_FALSE(interpreter_name("/usr/bin/bashbug"));
	ASSERT_FALSE(interpreter_name("/usr/bin/shred"));
	ASSERT_FALSE(interpreter_name("/usr/bin/python3-config"));
	ASSERT_FALSE(interpreter_name("/usr/sbin/nginx"));
	ASSERT_TRUE(buf_is_shebang("#!/bin/sh\n", 10));
	ASSERT_FALSE(buf_is_shebang("\x7f"
				    "ELF",
				    4));
	ASSERT_FALSE(buf_is_shebang("#", 1));
}

TEST(script_python)
{
	script("/usr/bin/python3.11",
	       CMD("python3\0/opt/app/serve.py\0--port\0"
		   "80\0"),
	       SCRIPT_FILE, "/opt/app/serve.py");
	script("/usr/bin/python3", CMD("/usr/bin/python3\0-u\0-W\0ignore\0app.py\0"), SCRIPT_FILE,
	       "app.py");
	script("/usr/bin/python3",
	       CMD("python3\0-m\0http.server\0"
		   "80\0"),
	       SCRIPT_MODULE, "-m http.server");
	script("/usr/bin/python3", CMD("python3\0-um\0http.server\0"), SCRIPT_MODULE,
	       "-m http.server");
	script("/usr/bin/python3", CMD("python3\0-c\0import socket\0"), SCRIPT_INLINE,
	       "-c import socket");
	script("/usr/bin/python3", CMD("python3\0-Bc\0pass\0"), SCRIPT_INLINE, "-c pass");
	script("/usr/bin/python3", CMD("python3\0"), SCRIPT_STDIN, "-");
	script("/usr/bin/python3", CMD("python3\0--\0-weird.py\0"), SCRIPT_FILE, "-weird.py");
	/* no trailing NUL (a process that rewrote its argv) */
	script("/usr/bin/python3", "python3\0x.py", 12, SCRIPT_FILE, "x.py");
}

TEST(script_others)
{
	script("/usr/bin/perl", CMD("perl\0-lne\0print\0f\0"), SCRIPT_INLINE, "-e print");
	script("/usr/bin/perl", CMD("perl\0-w\0-Mstrict\0-I\0lib\0bin/app.pl\0"), SCRIPT_FILE,
	       "bin/app.pl");
	script("/usr/bin/dash", CMD("/bin/sh\0/usr/local/bin/start.sh\0"), SCRIPT_FILE,
	       "/usr/local/bin/start.sh");
	script("/usr/bin/bash", CMD("bash\0-e\0-o\0pipefail\0run.sh\0a\0"), SCRIPT_FILE, "run.sh");
	script("/usr/bin/bash", CMD("bash\0-c\0exec nc -l 80\0"), SCRIPT_INLINE,
	       "-c exec nc -l 80");
	script("/usr/bin/bash", CMD("-bash\0"), SCRIPT_STDIN, "-");
	script("/usr/bin/node", CMD("node\0--inspect=0.0.0.0:9229\0-r\0dotenv/config\0srv.js\0"),
	       SCRIPT_FILE, "srv.js");
	script("/usr/bin/node", CMD("node\0-e\0require('http')\0"), SCRIPT_INLINE,
	       "-e require('http')");
	script("/usr/bin/java", CMD("java\0-Xmx1g\0-jar\0/srv/app.jar\0"), SCRIPT_FILE,
	       "/srv/app.jar");
	script("/usr/bin/java", CMD("java\0-cp\0lib/*\0com.example.Main\0"), SCRIPT_MODULE,
	       "com.example.Main");
	script("/usr/bin/java", CMD("java\0-version\0"), SCRIPT_NONE, "");
	script("/usr/bin/php8.2",
	       CMD("php\0-S\0"
		   "0.0.0.0:80\0-t\0www\0"),
	       SCRIPT_MODULE, "-S 0.0.0.0:80");
	script("/usr/sbin/php-fpm8.2", CMD("php-fpm: master process (/etc/php/fpm.conf)\0"),
	       SCRIPT_NONE, "");
	script("/usr/bin/ruby", CMD("ruby\0-rjson\0app.rb\0"), SCRIPT_FILE, "app.rb");
	script("/usr/sbin/nginx", CMD("nginx\0-g\0daemon off;\0"), SCRIPT_NONE, "");
}

/* ---- live ---------------------------------------------------------------------------- */

TEST(live_self)
{
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	char self[PATH_MAX];
	ssize_t l = readlink("/proc/self/exe", self, sizeof(self) - 1);

	ASSERT_GT(l, 0);
	self[l > 0 ? l : 0] = '\0';
	ASSERT_EQ(proc_collect(getpid(), pf), 0);
	ASSERT_EQ(pf->alive, TRI_YES);
	ASSERT_EQ(pf->creds.uid, getuid());
	ASSERT_EQ(pf->ppid, getppid());
	ASSERT_STREQ(pf->exe_real, self);
	ASSERT_STREQ(pf->exe, self);
	ASSERT_EQ(pf->exe_stat_ok, TRI_YES);
	ASSERT_EQ(pf->fcaps.present, TRI_NO);
	ASSERT_EQ(pf->foreign_mount, TRI_NO);
	ASSERT_NEQ(pf->mount_nosuid, TRI_UNKNOWN);
	ASSERT_EQ(pf->mount_point[0], '/');
	ASSERT_FALSE(pf->is_interpreter);
	ASSERT_EQ(pf->cgroup[0], '/');
	ASSERT_EQ(pf->seccomp_mode, 0);
	ASSERT_FALSE(pf->userns_child);
	ASSERT_GE(pf->port_start, 0);
	free(pf);
}

TEST(live_gone)
{
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	pid_t child = fork();

	if (!child)
		_exit(0);
	waitpid(child, NULL, 0);
	/* the kernel said: /bin/sleep; the process is gone but the file is still there */
	str_copy(pf->exe, "/bin/sleep", sizeof(pf->exe));
	ASSERT_EQ(proc_collect(child, pf), -ESRCH);
	ASSERT_EQ(pf->alive, TRI_NO);
	ASSERT_EQ(pf->exe_stat_ok, TRI_YES);
	ASSERT_EQ(pf->fcaps.present, TRI_NO);
	ASSERT_HAS(pf->exe_real, "sleep");
	ASSERT_EQ(pf->foreign_mount, TRI_UNKNOWN);
	free(pf);
}

/* fork a child that runs fn then execs argv; returns once the exec happened */
static pid_t spawn(int (*fn)(void *), void *arg, char *const argv[])
{
	int p[2];
	pid_t c;
	char b;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	c = fork();
	if (!c) {
		close(p[0]);
		if (fn && fn(arg))
			_exit(99);
		execv(argv[0], argv);
		if (write(p[1], "x", 1) < 0)
			_exit(98);
		_exit(97);
	}
	close(p[1]);
	/* EOF on the close-on-exec pipe = exec done; a byte = it failed */
	if (read(p[0], &b, 1) != 0) {
		close(p[0]);
		waitpid(c, NULL, 0);
		return -1;
	}
	close(p[0]);
	return c;
}

static void stop(pid_t c)
{
	if (c > 0) {
		kill(c, SIGKILL);
		waitpid(c, NULL, 0);
	}
}

static int run(const char *cmd)
{
	int st = system(cmd);

	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

TEST(live_setcap_file_and_exe_identity)
{
	char dir[] = "/tmp/capfix-proc-XXXXXX", bin[64], cmd[256];
	char *argv[] = {bin, "30", NULL};
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	struct stat st;
	pid_t c;

	if (geteuid())
		TEST_SKIP("needs root for setcap");
	if (access("/usr/sbin/setcap", X_OK) && access("/sbin/setcap", X_OK))
		TEST_SKIP("no setcap (libcap2-bin)");
	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(bin, sizeof(bin), "%s/sleep", dir);
	snprintf(cmd, sizeof(cmd), "cp /bin/sleep %s && setcap cap_net_bind_service,cap_bpf=+ep %s",
		 bin, bin);
	if (!ASSERT_EQ(run(cmd), 0))
		goto out;
	ASSERT_EQ(proc_collect_path(bin, pf), 0);
	ASSERT_EQ(pf->fcaps.present, TRI_YES);
	ASSERT_EQ(pf->fcaps.version, 2);
	ASSERT_TRUE(pf->fcaps.effective);
	ASSERT_U64(pf->fcaps.permitted, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_BPF));

	c = spawn(NULL, NULL, argv);
	ASSERT_GT(c, 0);
	memset(pf, 0, sizeof(*pf));
	ASSERT_EQ(stat(bin, &st), 0);
	/* the event's encoding: MAJOR << 20 | MINOR */
	pf->exe_kdev = (__u64)major(st.st_dev) << 20 | minor(st.st_dev);
	pf->exe_ino = st.st_ino;
	ASSERT_EQ(proc_check_exe(c, pf->exe_kdev, pf->exe_ino), 1);
	ASSERT_EQ(proc_check_exe(c, pf->exe_kdev, pf->exe_ino + 1), 0);
	ASSERT_EQ(proc_collect(c, pf), 0);
	ASSERT_FALSE(pf->exe_gone);
	ASSERT_STREQ(pf->exe_real, bin);
	ASSERT_U64(pf->fcaps.permitted, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_BPF));
	/* root exec of a +ep file: it has them, in the sets read from status */
	ASSERT_TRUE(pf->creds.caps.effective & BIT(CAP_BPF));

	/* replace the file: same path, new inode; the running exe is now "(deleted)" */
	snprintf(cmd, sizeof(cmd), "cp /bin/sleep %s.new && mv %s.new %s", bin, bin, bin);
	ASSERT_EQ(run(cmd), 0);
	memset(pf, 0, sizeof(*pf));
	pf->exe_kdev = (__u64)major(st.st_dev) << 20 | minor(st.st_dev);
	pf->exe_ino = st.st_ino;
	ASSERT_EQ(proc_collect(c, pf), 0);
	ASSERT_TRUE(pf->exe_gone);
	ASSERT_STREQ(pf->exe_real, bin); /* " (deleted)" stripped */
	/* the magic link still reaches the old inode and its caps */
	ASSERT_EQ(pf->fcaps.present, TRI_YES);
	ASSERT_EQ(file_check_id(bin, pf->exe_kdev, pf->exe_ino), 0);
	stop(c);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
	free(pf);
}

struct nosuid_ctx {
	const char *dir;
	int port;
};

/* in the child: a private mount namespace with a nosuid tmpfs holding a copy of sleep */
static int nosuid_setup(void *arg)
{
	struct nosuid_ctx *x = arg;
	char cmd[256];

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	if (mount("capfix-test", x->dir, "tmpfs", MS_NOSUID, "mode=0755"))
		return -1;
	snprintf(cmd, sizeof(cmd), "cp /bin/sleep %s/sleep && setcap cap_net_raw+ep %s/sleep",
		 x->dir, x->dir);
	return run(cmd);
}

TEST(live_nosuid_and_foreign_mount)
{
	char dir[] = "/tmp/capfix-nosuid-XXXXXX", bin[64], other[96];
	char *argv[] = {bin, "30", NULL}, *argv2[] = {other, "30", NULL};
	struct nosuid_ctx x = {dir, 0};
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	pid_t a, b;

	if (geteuid())
		TEST_SKIP("needs root for mount namespaces");
	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(bin, sizeof(bin), "%s/sleep", dir);
	a = spawn(nosuid_setup, &x, argv);
	if (!ASSERT_GT(a, 0))
		goto out;
	ASSERT_EQ(proc_collect(a, pf), 0);
	ASSERT_EQ(pf->mount_nosuid, TRI_YES);
	ASSERT_EQ(pf->foreign_mount, TRI_NO);
	ASSERT_STREQ(pf->mount_point, dir);
	ASSERT_STREQ(pf->mount_fstype, "tmpfs");
	ASSERT_EQ(pf->fcaps.present, TRI_YES);
	ASSERT_U64(pf->fcaps.permitted, BIT(CAP_NET_RAW));

	/* b, in capfix's namespace, runs the same file through a's root: a foreign mount */
	snprintf(other, sizeof(other), "/proc/%d/root%s", (int)a, bin);
	b = spawn(NULL, NULL, argv2);
	if (ASSERT_GT(b, 0)) {
		memset(pf, 0, sizeof(*pf));
		ASSERT_EQ(proc_collect(b, pf), 0);
		ASSERT_EQ(pf->foreign_mount, TRI_YES);
		ASSERT_EQ(pf->mount_nosuid, TRI_YES);
		ASSERT_STREQ(pf->mount_fstype, "tmpfs");
		stop(b);
	}
	stop(a);
out:
	rmdir(dir);
	free(pf);
}

static int netns_setup(void *arg)
{
	int fd;

	(void)arg;
	if (unshare(CLONE_NEWNET))
		return -1;
	fd = open("/proc/sys/net/ipv4/ip_unprivileged_port_start", O_WRONLY);
	if (fd < 0 || write(fd, "77\n", 3) != 3)
		return -1;
	close(fd);
	return 0;
}

TEST(live_netns_port_start)
{
	char *argv[] = {"/bin/sleep", "30", NULL};
	char buf[16] = "";
	int fd, own;
	pid_t c;

	if (geteuid())
		TEST_SKIP("needs root for a network namespace");
	fd = open("/proc/sys/net/ipv4/ip_unprivileged_port_start", O_RDONLY);
	if (fd < 0)
		TEST_SKIP("no ip_unprivileged_port_start (kernel < 4.11)");
	ASSERT_GT(read(fd, buf, sizeof(buf) - 1), 0);
	close(fd);
	own = atoi(buf);
	ASSERT_EQ(netns_port_start(0), own);
	ASSERT_EQ(netns_port_start(getpid()), own);
	c = spawn(netns_setup, NULL, argv);
	if (!ASSERT_GT(c, 0))
		return;
	ASSERT_EQ(netns_port_start(c), 77);
	stop(c);
	ASSERT_LT(netns_port_start(c), 0);
}

TEST(live_script_shebang)
{
	char dir[] = "/tmp/capfix-script-XXXXXX", path[64];
	char *argv[] = {path, NULL};
	struct proc_facts *pf = calloc(1, sizeof(*pf));
	FILE *f;
	pid_t c;

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/run.sh", dir);
	f = fopen(path, "w");
	if (!ASSERT_TRUE(f != NULL))
		goto out;
	/* no exec: dash forks sleep and waits, so the process stays the interpreter */
	fputs("#!/bin/sh\nsleep 30\n", f);
	fclose(f);
	chmod(path, 0755);
	c = spawn(NULL, NULL, argv);
	if (!ASSERT_GT(c, 0))
		goto out;
	ASSERT_EQ(proc_collect(c, pf), 0);
	ASSERT_TRUE(pf->is_interpreter);
	ASSERT_EQ(pf->script_kind, SCRIPT_FILE);
	ASSERT_STREQ(pf->script, path);
	ASSERT_EQ(pf->script_shebang, TRI_YES);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
out:
	unlink(path);
	rmdir(dir);
	free(pf);
}

TEST(live_unit_props_no_systemd)
{
	struct unit_props up;
	int r;

	/* never ask about an unchecked name */
	ASSERT_EQ(unit_props_read("--help", false, 0, &up), -EINVAL);
	ASSERT_FALSE(up.known);
	ASSERT_STREQ(up.unknown_why, "not a unit name");
	r = unit_props_read("capfix-nonexistent-test.service", false, 0, &up);
	if (access("/run/systemd/system", F_OK)) {
		/* no systemd here (or a PID 1 capfix may not inspect): unknown, and why */
		ASSERT_TRUE(r < 0);
		ASSERT_FALSE(up.known);
		ASSERT_TRUE(up.unknown_why[0] != '\0');
	} else {
		ASSERT_EQ(r, 0);
		ASSERT_STREQ(up.load_state, "not-found");
	}
}

TEST(host_facts_do_not_clobber)
{
	struct proc_facts *pf = calloc(1, sizeof(*pf));

	/* proc_collect() found the process's own netns value and its root's systemd */
	pf->alive = TRI_YES;
	pf->port_start = 77;
	pf->systemd_running = true;
	proc_collect_host(pf);
	ASSERT_EQ(pf->port_start, 77);
	ASSERT_TRUE(pf->systemd_running);
	/* unknown: filled from capfix's own netns */
	pf->port_start = -1;
	proc_collect_host(pf);
	if (!access("/proc/sys/net/ipv4/ip_unprivileged_port_start", R_OK))
		ASSERT_GE(pf->port_start, 0);
	free(pf);
}
