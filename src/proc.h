/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The /proc collectors: what user space reads about a live process and its executable. */
#ifndef __CAPFIX_PROC_H
#define __CAPFIX_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include "model.h"

/*
 * The I/O layer. Everything is bounded and best effort: what cannot be read stays
 * TRI_UNKNOWN / "" / -1, and the return value is 0 as long as something was read.
 */

/* the kernel's dev_t (MAJOR << 20 | MINOR, include/linux/kdev_t.h) as a user-space st_dev */
dev_t kdev_to_dev(__u64 kdev);
/* 1: path is that file (dev, ino); 0: another file; negative errno: cannot tell */
int file_check_id(const char *path, __u64 kdev, __u64 ino);
/* 1: /proc/PID/exe is still that file; 0: not (the process exec'd again); -ESRCH: gone */
int proc_check_exe(pid_t pid, __u64 kdev, __u64 ino);

/*
 * Fill pf for a live process from /proc/PID: status (unless pf->from_event), exe (readlink,
 * stat and security.capability through the /proc/PID/exe magic link, so it works across
 * mount namespaces), the exe's mount (by mount ID in /proc/PID/mountinfo: nosuid, and
 * foreign_mount when the mount is not in the process's own namespace), cmdline (scripts),
 * cgroup (unit/container), namespaces, ip_unprivileged_port_start of its netns, LSMs.
 * If pf->exe_ino is set and /proc/PID/exe is no longer that file, exe_gone is set and the
 * file facts come from pf->exe by path, if that still is the file. -ESRCH: process gone
 * (pf still gets the path-based facts when pf->exe is set).
 */
int proc_collect(pid_t pid, struct proc_facts *pf);
/* the file facts for an exe path in capfix's own mount namespace (process gone) */
int proc_collect_path(const char *exe, struct proc_facts *pf);
/*
 * Host facts for what proc_collect() could not fill: LSMs, systemd_running in capfix's
 * namespace, port_start of capfix's netns when the process's is unknown (-1; or 0 in a
 * zeroed pf for a process that is not alive). Never overwrites per-process values.
 */
void proc_collect_host(struct proc_facts *pf);

/*
 * For a finding: proc_collect(), the user's name from the host's passwd (when the process
 * is in the host's user namespace), then proc_collect_host(). proc_collect()'s return value.
 */
int proc_collect_finding(pid_t pid, struct proc_facts *pf);
/*
 * R3: the file a failed execve named (path as the caller passed it, relative to its cwd)
 * replaces pf's exe and file facts. 0, or -errno when a relative path cannot be resolved.
 */
int proc_collect_exec_file(pid_t pid, const char *path, struct proc_facts *pf);
/* rel as pid sees it: joined to /proc/PID/cwd into out; 0 or -errno (-ENAMETOOLONG) */
int proc_cwd_path(pid_t pid, const char *rel, char *out, size_t outlen);

/* the namespace inode of /proc/PID/ns/NAME (pid 0: capfix's own); 0 if unreadable */
__u64 proc_ns_ino(pid_t pid, const char *name);

/*
 * Whether /proc/PID still is the process that started at start_boottime (the event's, ns
 * since boot; /proc/PID/stat field 22 is the same in clock ticks, fs/proc/array.c
 * do_task_stat, 5.5+): 1 yes (or start_boottime 0: nothing to check), 0 the pid was reused,
 * -errno unreadable (gone).
 */
int proc_same_process(pid_t pid, __u64 start_boottime);
/*
 * /proc/PID/NAME (at most max bytes) into a malloc'd NUL-terminated *out, read through one
 * /proc/PID directory descriptor after proc_same_process()'s check on it: that descriptor
 * holds the process's struct pid, so a reused pid cannot slip in between. Length or -errno
 * (-ESRCH: another process has the pid now).
 */
ssize_t proc_read_checked(pid_t pid, __u64 start_boottime, const char *name, size_t max,
			  char **out);

/*
 * fn(ctx, pid) for every current descendant of root, breadth first (threads share the tgid,
 * so processes suffice; parents from /proc/PID/stat). Stops at fn's first error.
 */
int proc_for_each_descendant(pid_t root, int (*fn)(void *ctx, pid_t pid), void *ctx);

#endif /* __CAPFIX_PROC_H */
