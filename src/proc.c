// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The /proc collectors: what user space reads about a live process and its executable. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include "fileio.h"
#include "manager.h"
#include "parse.h"
#include "pathtrust.h"
#include "proc.h"
#include "script.h"
#include "strutil.h"
#include "sysquery.h"
#include "util.h"

dev_t kdev_to_dev(__u64 kdev)
{
	/* include/linux/kdev_t.h: MINORBITS 20 */
	return makedev((unsigned int)(kdev >> 20), (unsigned int)(kdev & 0xfffff));
}

int file_check_id(const char *path, __u64 kdev, __u64 ino)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	return st.st_dev == kdev_to_dev(kdev) && (__u64)st.st_ino == ino;
}

int proc_check_exe(pid_t pid, __u64 kdev, __u64 ino)
{
	char p[64];
	int r;

	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	r = file_check_id(p, kdev, ino);
	if (r == -ENOENT) {
		snprintf(p, sizeof(p), "/proc/%d", (int)pid);
		/* a kernel thread or zombie has no exe but still a /proc entry */
		return access(p, F_OK) ? -ESRCH : -ENOENT;
	}
	return r;
}

/* security.capability through path (which may be a /proc magic link) */
static void read_fcaps(const char *path, struct file_caps *fc)
{
	unsigned char blob[XATTR_CAPS_SZ_3 + 8];
	ssize_t n;

	memset(fc, 0, sizeof(*fc));
	n = getxattr(path, "security.capability", blob, sizeof(blob));
	if (n < 0) {
		/* no xattr, or a filesystem without xattrs: no file caps either way */
		if (errno == ENODATA || errno == ENOTSUP)
			fc->present = TRI_NO;
		else if (errno == ERANGE)
			fc->present = TRI_UNKNOWN; /* bigger than any valid blob */
		return;
	}
	if (file_caps_parse(blob, (size_t)n, fc))
		fc->present = TRI_UNKNOWN; /* malformed: the kernel fails execve with EINVAL */
}

static void fill_stat(struct proc_facts *pf, const struct stat *st)
{
	pf->exe_stat_ok = TRI_YES;
	pf->exe_mode = st->st_mode;
	pf->exe_owner = st->st_uid;
}

static void fill_mount(struct proc_facts *pf, const struct mount_entry *me)
{
	pf->mount_nosuid = me->nosuid ? TRI_YES : TRI_NO;
	str_copy(pf->mount_point, me->mount_point, sizeof(pf->mount_point));
	str_copy(pf->mount_fstype, me->fstype, sizeof(pf->mount_fstype));
}

/*
 * When the mount is in no mountinfo we can read (another namespace): statfs() of the
 * path itself. Its f_flags carry the per-mount MNT_NOSUID as ST_NOSUID (fs/statfs.c
 * flags_by_mnt), the same flag mnt_may_suid() tests.
 */
static void statfs_mount(const char *path, struct proc_facts *pf)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} fs[] = {
	    /* include/uapi/linux/magic.h */
	    {0x01021994, "tmpfs"}, {0x794c7630, "overlay"},  {0xEF53, "ext4"}, {0x58465342, "xfs"},
	    {0x9123683E, "btrfs"}, {0x73717368, "squashfs"}, {0x6969, "nfs"},  {0x65735546, "fuse"},
	    {0x2fc12fc1, "zfs"},   {0xF2F52010, "f2fs"},
	    /* no security.capability on these (R21) */
	    {0x858458f6, "ramfs"}, {0x4d44, "vfat"}, {0x2011BAB0, "exfat"}, {0xFF534D42, "cifs"},
	    {0xFE534D42, "smb2"},
	};
	struct statvfs sv;
	struct statfs sf;
	size_t i;

	if (!statvfs(path, &sv))
		pf->mount_nosuid = sv.f_flag & ST_NOSUID ? TRI_YES : TRI_NO;
	if (!pf->mount_fstype[0] && !statfs(path, &sf))
		for (i = 0; i < ARRAY_SIZE(fs); i++)
			if ((unsigned long)sf.f_type == fs[i].magic)
				str_copy(pf->mount_fstype, fs[i].name, sizeof(pf->mount_fstype));
}

/* the mount ID of the file path refers to: statx STATX_MNT_ID (5.8+), else fdinfo */
static int mount_id_of(const char *path)
{
#ifdef STATX_MNT_ID
	struct statx stx;

	if (!statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) && (stx.stx_mask & STATX_MNT_ID))
		return (int)stx.stx_mnt_id;
#endif
	{
		char fdinfo[64], buf[1024], *p;
		int fd, id = -1;

		fd = open(path, O_PATH | O_CLOEXEC);
		if (fd < 0)
			return -1;
		snprintf(fdinfo, sizeof(fdinfo), "/proc/self/fdinfo/%d", fd);
		/* "mnt_id:" in fdinfo since 3.15 */
		if (file_read_small(fdinfo, buf, sizeof(buf)) > 0 && (p = strstr(buf, "mnt_id:")))
			id = atoi(p + 7);
		close(fd);
		return id;
	}
}

/* the file part for a path in capfix's own namespace */
static int collect_file(const char *path, struct proc_facts *pf)
{
	struct mount_entry *me;
	struct stat st;
	char *mi = NULL;
	ssize_t n;
	int id;

	if (stat(path, &st))
		return -errno;
	fill_stat(pf, &st);
	read_fcaps(path, &pf->fcaps);
	me = malloc(sizeof(*me));
	if (!me)
		return -ENOMEM;
	n = file_read_alloc("/proc/self/mountinfo", FILE_READ_ALLOC_MAX, &mi);
	if (n > 0) {
		id = mount_id_of(path);
		if ((id >= 0 && !mountinfo_find_id(mi, n, id, me)) ||
		    (id < 0 && !mountinfo_find_path(mi, n, pf->exe_real, me)))
			fill_mount(pf, me);
	}
	if (pf->mount_nosuid == TRI_UNKNOWN)
		statfs_mount(path, pf);
	free(mi);
	free(me);
	return 0;
}

int proc_collect_path(const char *exe, struct proc_facts *pf)
{
	char real[PATH_MAX];

	if (!exe || exe[0] != '/')
		return -EINVAL;
	if (!pf->exe[0])
		str_copy(pf->exe, exe, sizeof(pf->exe));
	if (!realpath(exe, real))
		return -errno;
	str_copy(pf->exe_real, real, sizeof(pf->exe_real));
	pf->is_interpreter = interpreter_name(real) || interpreter_name(exe);
	return collect_file(real, pf);
}

__u64 proc_ns_ino(pid_t pid, const char *name)
{
	char p[64];
	struct stat st;

	if (pid)
		snprintf(p, sizeof(p), "/proc/%d/ns/%s", (int)pid, name);
	else
		snprintf(p, sizeof(p), "/proc/self/ns/%s", name);
	return stat(p, &st) ? 0 : (__u64)st.st_ino;
}

static void read_lsm(struct proc_facts *pf)
{
	char buf[512];
	ssize_t n = file_read_small("/sys/kernel/security/lsm", buf, sizeof(buf));

	if (n <= 0)
		return;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ','))
		buf[--n] = '\0';
	/* keep whole names when it does not fit */
	if ((size_t)n >= sizeof(pf->lsm)) {
		char *c;

		buf[sizeof(pf->lsm) - 1] = '\0';
		c = strrchr(buf, ',');
		if (c)
			*c = '\0';
	}
	str_copy(pf->lsm, buf, sizeof(pf->lsm));
}

void proc_collect_host(struct proc_facts *pf)
{
	/* fills only what proc_collect() left unknown: its per-process values are better */
	if (!pf->lsm[0])
		read_lsm(pf);
	if (pf->alive != TRI_YES)
		pf->systemd_running = !access("/run/systemd/system", F_OK); /* sd_booted(3) */
	if (pf->port_start < 0 || (pf->alive != TRI_YES && !pf->port_start)) {
		pf->port_start = netns_port_start(0);
		if (pf->port_start < 0)
			pf->port_start = -1;
	}
}

static void classify_cgroup(struct proc_facts *pf)
{
	struct cgroup_info ci;

	cgroup_classify(pf->cgroup, strnlen(pf->cgroup, sizeof(pf->cgroup)), &ci);
	pf->runtime = ci.runtime;
	str_copy(pf->unit, ci.unit, sizeof(pf->unit));
	pf->user_manager_uid = ci.user_manager_uid;
	str_copy(pf->container_id, ci.container_id, sizeof(pf->container_id));
	str_copy(pf->pod_uid, ci.pod_uid, sizeof(pf->pod_uid));
	pf->login_session = ci.login_session;
}

static void collect_unit(pid_t ns_pid, struct proc_facts *pf)
{
	if ((pf->runtime != RUNTIME_SYSTEMD_SYSTEM && pf->runtime != RUNTIME_SYSTEMD_USER) ||
	    !pf->unit[0] || pf->login_session)
		return;
	unit_props_read_ns(ns_pid, pf->unit, pf->runtime == RUNTIME_SYSTEMD_USER,
			   pf->user_manager_uid, &pf->unit_props);
}

/* a regular file in the process's root, symlinks resolved inside that root (openat2, 5.6+); never
 * a FIFO or a device node: the path comes from the process's argv (file_open_regular) */
static int open_in_root(pid_t pid, const char *path)
{
	char root[64];
	int rfd, fd;

	snprintf(root, sizeof(root), "/proc/%d/root", (int)pid);
	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -1;
	/* no fallback without openat2 (5.6): a plain open would follow the process's absolute
	 * symlinks in capfix's own root */
	fd = file_open_regular(rfd, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	close(rfd);
	return fd;
}

/* stat field 22 read through dirfd (an open /proc/PID) against start_boottime */
static int same_start(int dirfd, __u64 start_boottime)
{
	char buf[1024], *p;
	unsigned long long ticks;
	long hz = sysconf(_SC_CLK_TCK);
	ssize_t n;
	int fd, i;

	fd = openat(dirfd, "stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	/* comm may hold spaces and ')': the fields start after the last ')', at field 3 */
	p = strrchr(buf, ')');
	if (!p || hz <= 0)
		return -EIO;
	for (i = 3; i <= 22 && p; i++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %llu", &ticks) != 1)
		return -EIO;
	/* nsec_to_clock_t(): ns / (NSEC_PER_SEC / USER_HZ) */
	return ticks == start_boottime / (1000000000ULL / (unsigned long long)hz);
}

int proc_same_process(pid_t pid, __u64 start_boottime)
{
	char p[64];
	int dfd, r;

	if (!start_boottime)
		return 1;
	snprintf(p, sizeof(p), "/proc/%d", (int)pid);
	dfd = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	r = same_start(dfd, start_boottime);
	close(dfd);
	return r;
}

ssize_t proc_read_checked(pid_t pid, __u64 start_boottime, const char *name, size_t max,
			  char **out)
{
	char p[64], *buf;
	size_t got = 0;
	int dfd, fd, r;

	*out = NULL;
	snprintf(p, sizeof(p), "/proc/%d", (int)pid);
	dfd = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	r = start_boottime ? same_start(dfd, start_boottime) : 1;
	fd = r == 1 ? openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) : -1;
	close(dfd);
	if (r != 1)
		return r < 0 ? r : -ESRCH;
	if (fd < 0)
		return -errno;
	buf = malloc(max + 1);
	while (buf && got < max) {
		ssize_t k = read(fd, buf + got, max - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (!buf)
		return -ENOMEM;
	buf[got] = '\0';
	*out = buf;
	return (ssize_t)got;
}

int proc_cwd_path(pid_t pid, const char *rel, char *out, size_t outlen)
{
	char p[64], cwd[PATH_MAX];
	ssize_t l;

	snprintf(p, sizeof(p), "/proc/%d/cwd", (int)pid);
	l = readlink(p, cwd, sizeof(cwd) - 1);
	if (l <= 0)
		return l < 0 ? -errno : -ENOENT;
	cwd[l] = '\0';
	if (str_printf(out, outlen, "%s/%s", strcmp(cwd, "/") ? cwd : "", rel))
		return -ENAMETOOLONG;
	return 0;
}

static void collect_script(pid_t pid, struct proc_facts *pf)
{
	struct script_info *si;
	char *cmd = NULL;
	ssize_t n;

	si = malloc(sizeof(*si));
	if (!si)
		return;
	n = proc_read_checked(pid, pf->start_boottime, "cmdline", 256 << 10, &cmd);
	script_detect(pf->exe_real[0] ? pf->exe_real : pf->exe, cmd, n > 0 ? (size_t)n : 0, si);
	pf->is_interpreter = si->is_interpreter;
	pf->script_kind = si->kind;
	pf->script_shebang = TRI_UNKNOWN;
	/* relative to the process's cwd, as the process sees paths */
	if (si->kind != SCRIPT_FILE || si->script[0] == '/' ||
	    proc_cwd_path(pid, si->script, pf->script, sizeof(pf->script)))
		str_copy(pf->script, si->script, sizeof(pf->script));
	if (si->kind == SCRIPT_FILE && pf->script[0] == '/') {
		int fd = open_in_root(pid, pf->script);
		struct stat st;
		char head[2];

		if (fd >= 0) {
			if (!fstat(fd, &st) && S_ISREG(st.st_mode))
				pf->script_shebang =
				    read(fd, head, 2) == 2 && buf_is_shebang(head, 2) ? TRI_YES
										      : TRI_NO;
			close(fd);
		}
	}
	free(cmd);
	free(si);
}

static void collect_exe(pid_t pid, struct proc_facts *pf)
{
	struct mount_entry *me;
	char p[64], link[PATH_MAX];
	char *mi = NULL;
	struct stat st;
	ssize_t l, n;
	int id, r;

	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	l = readlink(p, link, sizeof(link) - 1);
	if (l > 0) {
		link[l] = '\0';
		/* d_path marks an unlinked file; the magic link still reaches its inode */
		if (l > 10 && !strcmp(link + l - 10, " (deleted)")) {
			link[l - 10] = '\0';
			pf->exe_gone = true;
		}
		str_copy(pf->exe_real, link, sizeof(pf->exe_real));
		if (!pf->exe[0] || !pf->from_event)
			str_copy(pf->exe, link, sizeof(pf->exe));
	}
	if (pf->exe_ino) {
		r = proc_check_exe(pid, pf->exe_kdev, pf->exe_ino);
		if (r == 0) {
			/* the process exec'd something else since: look for the file by path */
			pf->exe_gone = true;
			pf->exe_real[0] = '\0';
			if (pf->exe[0] == '/' &&
			    file_check_id(pf->exe, pf->exe_kdev, pf->exe_ino) == 1)
				proc_collect_path(pf->exe, pf);
			return;
		}
	}
	if (stat(p, &st)) {
		/*
		 * A zombie (the common case: a server that exits right after its failed bind)
		 * still has /proc/PID/status but no exe link: take the file by the path the
		 * kernel captured, if it still is that file.
		 */
		if (pf->exe[0] == '/' &&
		    (!pf->exe_ino || file_check_id(pf->exe, pf->exe_kdev, pf->exe_ino) == 1))
			proc_collect_path(pf->exe, pf);
		return;
	}
	fill_stat(pf, &st);
	read_fcaps(p, &pf->fcaps);

	/*
	 * The exe's mount by mount ID: present in the process's mountinfo = its namespace, and
	 * that line has the per-mount nosuid; absent = a mount of another namespace, and
	 * mnt_may_suid() (fs/namespace.c check_mnt) ignores file caps from it (R2).
	 */
	me = malloc(sizeof(*me));
	if (!me)
		return;
	id = mount_id_of(p);
	snprintf(p, sizeof(p), "/proc/%d/mountinfo", (int)pid);
	n = file_read_alloc(p, FILE_READ_ALLOC_MAX, &mi);
	if (n > 0 && id >= 0) {
		if (!mountinfo_find_id(mi, n, id, me)) {
			fill_mount(pf, me);
			pf->foreign_mount = TRI_NO;
		} else {
			pf->foreign_mount = TRI_YES;
			free(mi);
			mi = NULL;
			n = file_read_alloc("/proc/self/mountinfo", FILE_READ_ALLOC_MAX, &mi);
			if (n > 0 && !mountinfo_find_id(mi, n, id, me))
				fill_mount(pf, me);
		}
	} else if (n > 0 && pf->exe_real[0] == '/' &&
		   !mountinfo_find_path(mi, n, pf->exe_real, me)) {
		fill_mount(pf, me); /* no mount ID: by path; foreign_mount stays unknown */
	}
	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	if (pf->mount_nosuid == TRI_UNKNOWN)
		statfs_mount(p, pf);
	free(mi);
	free(me);
}

int proc_collect(pid_t pid, struct proc_facts *pf)
{
	struct proc_status ps;
	char p[64], buf[8192];
	ssize_t n;
	__u64 ino;

	if (pid <= 0)
		return -EINVAL;
	pf->pid = pid;
	pf->seccomp_mode = -1;
	pf->port_start = -1;
	read_lsm(pf);

	snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
	n = file_read_small(p, buf, sizeof(buf));
	/* another process under the same pid: nothing of it may be taken for this one's */
	if (n < 0 || status_parse(buf, (size_t)n, &ps) ||
	    proc_same_process(pid, pf->start_boottime) != 1) {
		/* gone: what the kernel captured, plus the file by path and the unit */
		pf->alive = TRI_NO;
		pf->systemd_running = !access("/run/systemd/system", F_OK);
		if (pf->exe[0] == '/' &&
		    (!pf->exe_ino || file_check_id(pf->exe, pf->exe_kdev, pf->exe_ino) == 1))
			proc_collect_path(pf->exe, pf);
		else if (pf->exe_ino)
			pf->exe_gone = true;
		path_trust_collect(pf);
		if (pf->cgroup[0])
			classify_cgroup(pf);
		collect_unit(0, pf);
		return -ESRCH;
	}
	pf->alive = TRI_YES;
	if (!pf->ppid && (ps.have & PS_HAVE_PPID))
		pf->ppid = ps.ppid;
	if (ps.have & PS_HAVE_SECCOMP)
		pf->seccomp_mode = ps.seccomp;
	pf->pidns_child =
	    ps.nspid_levels > 1 || ((ino = proc_ns_ino(pid, "pid")) && ino != PROC_PID_INIT_INO);
	if (!pf->from_event) {
		if (ps.have & PS_HAVE_UID)
			pf->creds.uid = ps.uid, pf->creds.euid = ps.euid, pf->creds.suid = ps.suid;
		if (ps.have & PS_HAVE_GID)
			pf->creds.gid = ps.gid, pf->creds.egid = ps.egid;
		if (ps.have & PS_HAVE_CAPS)
			pf->creds.caps = ps.caps;
		pf->creds.no_new_privs = ps.no_new_privs;
		/* securebits are not in /proc (R9): securebits_known stays false */
		snprintf(p, sizeof(p), "/proc/%d/comm", (int)pid);
		n = file_read_small(p, buf, sizeof(buf));
		if (n > 0) {
			if (buf[n - 1] == '\n')
				buf[--n] = '\0';
			str_copy(pf->comm, buf, sizeof(pf->comm));
		}
		ino = proc_ns_ino(pid, "user");
		pf->userns_child = ino && ino != PROC_USER_INIT_INO;
	}

	collect_exe(pid, pf);
	path_trust_collect(pf);
	collect_script(pid, pf);

	if (!pf->from_event || !pf->cgroup[0]) {
		snprintf(p, sizeof(p), "/proc/%d/cgroup", (int)pid);
		n = file_read_small(p, buf, sizeof(buf));
		if (n > 0)
			cgroup_file_path(buf, (size_t)n, pf->cgroup, sizeof(pf->cgroup));
	}
	classify_cgroup(pf);

	/* the manager that counts is the process's (a container may run its own): manager.c
	 * finds it without resolving anything in the process's own root */
	pf->systemd_running = manager_is_systemd(pid);
	collect_unit(pid, pf);

	pf->port_start = netns_port_start(pid);
	if (pf->port_start < 0)
		pf->port_start = -1;
	/* the pid reused while the facts were read: what came from /proc may be the other
	 * process's (argv went through proc_read_checked(); the exe is checked by inode) */
	if (proc_same_process(pid, pf->start_boottime) != 1) {
		pf->alive = TRI_NO;
		pf->is_interpreter = false;
		pf->script[0] = '\0';
		pf->script_kind = SCRIPT_NONE;
		pf->script_shebang = TRI_UNKNOWN;
		return -ESRCH;
	}
	return 0;
}

int proc_collect_finding(pid_t pid, struct proc_facts *pf)
{
	int err = proc_collect(pid, pf);

	/* the host's passwd names only users of the host's user namespace */
	if (!pf->user_name[0] && !pf->userns_child) {
		struct passwd pw, *res = NULL;
		char pwbuf[4096];

		if (!getpwuid_r(pf->creds.uid, &pw, pwbuf, sizeof(pwbuf), &res) && res)
			str_copy(pf->user_name, res->pw_name, sizeof(pf->user_name));
	}
	proc_collect_host(pf);
	return err;
}

int proc_collect_exec_file(pid_t pid, const char *path, struct proc_facts *pf)
{
	int err;

	if (path[0] != '/') {
		err = proc_cwd_path(pid, path, pf->exe, sizeof(pf->exe));
		if (err)
			return err;
	} else {
		str_copy(pf->exe, path, sizeof(pf->exe));
	}
	/* the caller's own exe is not the file that failed to exec */
	pf->exe_real[0] = '\0';
	memset(&pf->fcaps, 0, sizeof(pf->fcaps));
	pf->exe_kdev = pf->exe_ino = 0;
	proc_collect_path(pf->exe, pf);
	path_trust_collect(pf);
	return 0;
}

int proc_for_each_descendant(pid_t root, int (*fn)(void *ctx, pid_t pid), void *ctx)
{
	struct {
		pid_t pid, ppid;
	} *procs = NULL, *grown;
	pid_t q[4096];
	int n = 0, cap = 0, head = 0, tail = 0, i, err = 0;
	struct dirent *de;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char path[64], buf[512], *rp;
		pid_t pid, ppid;
		ssize_t len;

		pid = (pid_t)strtol(de->d_name, &rp, 10);
		if (*rp || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		len = file_read_small(path, buf, sizeof(buf));
		if (len <= 0)
			continue;
		/* comm may hold spaces and parentheses: parse after the last ')' */
		rp = strrchr(buf, ')');
		if (!rp || sscanf(rp + 1, " %*c %d", &ppid) != 1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			grown = realloc(procs, cap * sizeof(*procs));
			if (!grown) {
				err = -ENOMEM;
				goto out;
			}
			procs = grown;
		}
		procs[n].pid = pid;
		procs[n++].ppid = ppid;
	}
	q[tail++] = root;
	while (head < tail) {
		pid_t p = q[head++];

		for (i = 0; i < n; i++) {
			if (procs[i].ppid != p || tail >= (int)(sizeof(q) / sizeof(q[0])))
				continue;
			q[tail++] = procs[i].pid;
			err = fn(ctx, procs[i].pid);
			if (err)
				goto out;
		}
	}
out:
	closedir(dir);
	free(procs);
	return err;
}
