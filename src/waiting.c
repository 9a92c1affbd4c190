// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Before tracing: is what -u, -g or -c names there, and is anything of it running yet? */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include "fileio.h"
#include "strutil.h"
#include "waiting.h"

/* calls match(text of /proc/PID/NAME, arg) for every process until it returns true */
static bool any_proc(const char *name, bool (*match)(const char *, const char *), const char *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	char path[300], buf[4096];
	bool found = false;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		ssize_t n;
		int fd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/%s", de->d_name, name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		found = match(buf, arg);
	}
	closedir(d);
	return found;
}

/* the unified hierarchy's line "0::/a/b/unit.service/..." has unit as a whole component */
static bool cgroup_has_unit(const char *text, const char *unit)
{
	const char *l = strstr(text, "0::/"), *p;
	size_t n = strlen(unit);

	if (!l || (l != text && l[-1] != '\n'))
		return false;
	for (p = l + 3; (p = strstr(p, unit)); p += n)
		if (p[-1] == '/' && (p[n] == '/' || p[n] == '\n' || !p[n]))
			return true;
	return false;
}

static bool comm_is(const char *text, const char *comm)
{
	size_t n = strlen(comm);

	return !strncmp(text, comm, n) && (text[n] == '\n' || !text[n]);
}

bool unit_running(const char *unit)
{
	return any_proc("cgroup", cgroup_has_unit, unit);
}

bool comm_running(const char *comm)
{
	return any_proc("comm", comm_is, comm);
}

int cgroup2_dir_check(const char *path, bool *populated, char *why, size_t len)
{
	char events[4096], file[4200];
	struct statfs sf;
	struct stat st;
	int fd;
	ssize_t n;

	*populated = true;
	if (stat(path, &st) || statfs(path, &sf)) {
		snprintf(why, len, "-g %s: %s", path, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "-g %s: not a directory", path);
		return -ENOTDIR;
	}
	if (sf.f_type == CGROUP_SUPER_MAGIC) {
		/* the BPF cgroup filter works on the v2 hierarchy only (cgroup_get_from_fd) */
		snprintf(why, len,
			 "-g %s is a cgroup v1 directory: capfix follows cgroup v2 only; "
			 "give the same group in the unified hierarchy (%s)",
			 path,
			 access("/sys/fs/cgroup/unified", F_OK) ? "cgroup2 mounted nowhere?"
								: "under /sys/fs/cgroup/unified");
		return -EINVAL;
	}
	if (sf.f_type != CGROUP2_SUPER_MAGIC) {
		snprintf(why, len,
			 "-g %s is not a cgroup directory (expected cgroup2, e.g. under "
			 "/sys/fs/cgroup)",
			 path);
		return -EINVAL;
	}
	snprintf(file, sizeof(file), "%s/cgroup.events", path);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, events, sizeof(events) - 1);
		close(fd);
		if (n > 0) {
			events[n] = '\0';
			*populated = !strstr(events, "populated 0");
		}
	}
	return 0;
}
