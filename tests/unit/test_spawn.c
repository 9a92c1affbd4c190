// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spawn.c against the real kernel: credentials as /proc/PID/status shows them after exec. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include "../test.h"
#include "spawn.h"

#define NBS (1ULL << CAP_NET_BIND_SERVICE)
#define RAW (1ULL << CAP_NET_RAW)

/* the status of `cat /proc/self/status` run with o applied; exit status of the child in *st */
static int status_after_exec(const struct spawn_opts *o, char *buf, size_t len, int *st)
{
	int p[2], wst;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(p) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		char err[256];
		int status;

		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		if (spawn_apply_creds(o, &status, err, sizeof(err)) < 0) {
			dprintf(2, "spawn_apply_creds: %s\n", err);
			_exit(status);
		}
		execl("/bin/cat", "cat", "/proc/self/status", (char *)NULL);
		_exit(203);
	}
	close(p[1]);
	while (got + 1 < len && (n = read(p[0], buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(p[0]);
	waitpid(pid, &wst, 0);
	*st = WIFEXITED(wst) ? WEXITSTATUS(wst) : 128 + WTERMSIG(wst);
	return 0;
}

static unsigned long long field(const char *buf, const char *name, int base)
{
	const char *p = strstr(buf, name);

	return p ? strtoull(p + strlen(name), NULL, base) : ~0ULL;
}

static unsigned long long my_bounding(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return field(buf, "CapBnd:", 16);
}

#define NEED_ROOT()                                                                                \
	do {                                                                                       \
		if (geteuid() != 0)                                                                \
			TEST_SKIP("needs root (sets uids and capabilities)");                      \
	} while (0)

TEST(spawn_parse_caps_names)
{
	char err[64];
	__u64 m;

	ASSERT_EQ(spawn_parse_caps("cap_net_bind_service,NET_RAW", &m, err, sizeof(err)), 0);
	ASSERT_U64(m, NBS | RAW);
	ASSERT_EQ(spawn_parse_caps(" CAP_CHOWN  12 ", &m, err, sizeof(err)), 0);
	ASSERT_U64(m, (1ULL << CAP_CHOWN) | (1ULL << CAP_NET_ADMIN));
	ASSERT_EQ(spawn_parse_caps("", &m, err, sizeof(err)), 0);
	ASSERT_U64(m, 0);
	ASSERT_EQ(spawn_parse_caps("cap_chown,cap_nonsense", &m, err, sizeof(err)), -EINVAL);
	ASSERT_HAS(err, "cap_nonsense");
}

TEST(spawn_resolve_user_nobody)
{
	struct spawn_opts o = {}, n = {};

	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);
	ASSERT_TRUE(o.set_user && o.set_group);
	ASSERT_EQ(o.uid, 65534);
	ASSERT_GE(o.ngroups, 1);
	ASSERT_EQ(spawn_resolve_user("65534", &n), 0);
	ASSERT_EQ(n.uid, 65534);
	ASSERT_EQ(n.gid, o.gid);
	ASSERT_EQ(spawn_resolve_user("capfix-no-such-user", &n), -ENOENT);
	/* systemd skips initgroups() for gid 0 */
	ASSERT_EQ(spawn_resolve_user("root", &n), 0);
	ASSERT_EQ(n.ngroups, 0);
}

/* User=nobody: the uid change without keep-caps empties everything but the bounding set */
TEST(spawn_user_nobody_has_no_caps)
{
	struct spawn_opts o = {};
	char buf[4096];
	int st;

	NEED_ROOT();
	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);
	ASSERT_EQ(status_after_exec(&o, buf, sizeof(buf), &st), 0);
	ASSERT_EQ(st, 0);
	ASSERT_EQ(field(buf, "Uid:", 10), 65534);
	ASSERT_U64(field(buf, "CapPrm:", 16), 0);
	ASSERT_U64(field(buf, "CapEff:", 16), 0);
	ASSERT_U64(field(buf, "CapInh:", 16), 0);
	ASSERT_U64(field(buf, "CapAmb:", 16), 0);
	ASSERT_U64(field(buf, "CapBnd:", 16), my_bounding());
	ASSERT_EQ(field(buf, "NoNewPrivs:", 10), 0);
}

/* AmbientCapabilities=CAP_NET_BIND_SERVICE with User=nobody (R18) */
TEST(spawn_user_ambient)
{
	struct spawn_opts o = {.ambient = NBS};
	char buf[4096];
	int st;

	NEED_ROOT();
	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);
	ASSERT_EQ(status_after_exec(&o, buf, sizeof(buf), &st), 0);
	ASSERT_EQ(st, 0);
	ASSERT_U64(field(buf, "CapAmb:", 16), NBS);
	ASSERT_U64(field(buf, "CapPrm:", 16), NBS);
	ASSERT_U64(field(buf, "CapEff:", 16), NBS);
	ASSERT_U64(field(buf, "CapInh:", 16), NBS);
}

TEST(spawn_nnp_and_bounding)
{
	struct spawn_opts o = {
	    .ambient = NBS, .no_new_privs = true, .set_bounding = true, .bounding = ~RAW};
	char buf[4096];
	int st;

	NEED_ROOT();
	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);
	ASSERT_EQ(status_after_exec(&o, buf, sizeof(buf), &st), 0);
	ASSERT_EQ(st, 0);
	ASSERT_EQ(field(buf, "NoNewPrivs:", 10), 1);
	ASSERT_U64(field(buf, "CapBnd:", 16), my_bounding() & ~RAW);
	ASSERT_U64(field(buf, "CapAmb:", 16), NBS);
}

/* systemd 252 drops ambient caps outside the bounding set with a debug log, no 218 */
TEST(spawn_ambient_outside_bounding_is_suppressed)
{
	struct spawn_opts o = {.ambient = NBS | RAW, .set_bounding = true, .bounding = NBS};
	char buf[4096];
	int st;

	NEED_ROOT();
	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);
	ASSERT_EQ(status_after_exec(&o, buf, sizeof(buf), &st), 0);
	ASSERT_EQ(st, 0);
	ASSERT_U64(field(buf, "CapBnd:", 16), NBS);
	ASSERT_U64(field(buf, "CapAmb:", 16), NBS);
}

/* no User=: root keeps its caps minus the bounding set; inheritable is reset to the ambient set */
TEST(spawn_root_bounding_drop)
{
	struct spawn_opts o = {.set_bounding = true, .bounding = ~NBS};
	char buf[4096];
	int st;

	NEED_ROOT();
	ASSERT_EQ(status_after_exec(&o, buf, sizeof(buf), &st), 0);
	ASSERT_EQ(st, 0);
	ASSERT_EQ(field(buf, "Uid:", 10), 0);
	ASSERT_U64(field(buf, "CapBnd:", 16), my_bounding() & ~NBS);
	ASSERT_U64(field(buf, "CapPrm:", 16), my_bounding() & ~NBS);
	ASSERT_U64(field(buf, "CapInh:", 16), 0);
}

/*
 * Before exec, User= + AmbientCapabilities= leaves root's whole permitted set (keep-caps, step 4
 * of spawn.c) and SecureBits= back to exactly what the unit says (0 here).
 */
TEST(spawn_pre_exec_keeps_permitted_with_ambient)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	struct spawn_opts o = {.ambient = NBS};
	unsigned long long res[3] = {};
	char err[256];
	int p[2], st;
	pid_t pid;

	NEED_ROOT();
	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);
	ASSERT_EQ(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (spawn_apply_creds(&o, &st, err, sizeof(err)) == 0 &&
		    syscall(SYS_capget, &h, d) == 0) {
			res[0] = d[0].permitted | (unsigned long long)d[1].permitted << 32;
			res[1] = (unsigned long long)prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
			res[2] = getuid();
		}
		if (write(p[1], res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	ASSERT_EQ(read(p[0], res, sizeof(res)), sizeof(res));
	close(p[0]);
	waitpid(pid, &st, 0);
	ASSERT_EQ(res[2], 65534);
	ASSERT_U64(res[0], my_bounding());
	ASSERT_U64(res[1], 0);
}

static bool make_ep_copy(char *dir, size_t dlen, char *path, size_t plen)
{
	struct vfs_cap_data cd = {};
	char cmd[512];

	snprintf(dir, dlen, "/tmp/capfix-spawn-test.XXXXXX");
	if (!mkdtemp(dir) || chmod(dir, 0755) < 0)
		return false;
	snprintf(path, plen, "%s/true-ep", dir);
	snprintf(cmd, sizeof(cmd), "cp /bin/true '%s'", path);
	if (system(cmd) != 0)
		return false;
	/* what `setcap cap_net_bind_service=+ep` writes (VFS_CAP_REVISION_2) */
	cd.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE;
	cd.data[0].permitted = (__u32)NBS;
	return setxattr(path, "security.capability", &cd, XATTR_CAPS_SZ_2, 0) == 0;
}

static void rm_ep_copy(const char *dir, const char *path)
{
	unlink(path);
	rmdir(dir);
}

/* spawn_prepare()/spawn_release(): success, a missing binary, and R3's capability-dumb EPERM */
TEST(spawn_release_reports_exec_result)
{
	char *ok_argv[] = {"/bin/true", NULL}, *missing[] = {"/nonexistent/capfix", NULL};
	char dir[64], path[128], err[256];
	struct spawn_opts o = {};
	struct spawn_child c;
	int st, wst;

	NEED_ROOT();
	ASSERT_EQ(spawn_resolve_user("nobody", &o), 0);

	ASSERT_EQ(spawn_prepare(&o, ok_argv, &c), 0);
	ASSERT_EQ(spawn_release(&c, &st, err, sizeof(err)), 0);
	ASSERT_EQ(waitpid(c.pid, &wst, 0), c.pid);
	ASSERT_TRUE(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);

	ASSERT_EQ(spawn_prepare(&o, missing, &c), 0);
	ASSERT_EQ(spawn_release(&c, &st, err, sizeof(err)), -ENOENT);
	ASSERT_EQ(st, SPAWN_EXIT_EXEC);
	ASSERT_HAS(err, "Failed to execute /nonexistent/capfix");
	ASSERT_EQ(waitpid(c.pid, &wst, 0), c.pid);
	ASSERT_TRUE(WIFEXITED(wst) && WEXITSTATUS(wst) == SPAWN_EXIT_EXEC);

	if (!make_ep_copy(dir, sizeof(dir), path, sizeof(path))) {
		rm_ep_copy(dir, path);
		TEST_SKIP("cannot set security.capability on a copy in /tmp");
	}
	char *ep_argv[] = {path, NULL};

	o.set_bounding = true;
	o.bounding = ~NBS;
	ASSERT_EQ(spawn_prepare(&o, ep_argv, &c), 0);
	ASSERT_EQ(spawn_release(&c, &st, err, sizeof(err)), -EPERM);
	ASSERT_EQ(st, SPAWN_EXIT_EXEC);
	waitpid(c.pid, &wst, 0);
	/* with the cap in the bounding set the same file runs */
	o.set_bounding = false;
	ASSERT_EQ(spawn_prepare(&o, ep_argv, &c), 0);
	ASSERT_EQ(spawn_release(&c, &st, err, sizeof(err)), 0);
	waitpid(c.pid, &wst, 0);
	rm_ep_copy(dir, path);
}

TEST(spawn_abort_kills_unreleased_child)
{
	char *argv[] = {"/bin/true", NULL};
	struct spawn_opts o = {};
	struct spawn_child c;
	pid_t pid;

	ASSERT_EQ(spawn_prepare(&o, argv, &c), 0);
	pid = c.pid;
	spawn_abort(&c);
	ASSERT_EQ(c.pid, -1);
	ASSERT_EQ(kill(pid, 0), -1);
}
