/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* capfix's own capabilities: check what it needs before loading, drop the rest after attaching. */
#ifndef __CAPFIX_PRIVS_H
#define __CAPFIX_PRIVS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Before anything is loaded: 0 when the effective set holds what capfix needs --
 * CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN, which kernels before 5.8 required instead),
 * plus CAP_SETUID, CAP_SETGID and CAP_SETPCAP when spawn_as_user (a COMMAND run as
 * --user/--service credentials). Otherwise -EPERM with why naming each missing one.
 * warn (may be NULL) gets the optional ones that are missing and what is lost without them.
 */
int privs_check(bool spawn_as_user, char *why, size_t len, char *warn, size_t warnlen);

/*
 * After attaching: keep only CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (reading other users'
 * /proc/PID and executables' xattrs for each finding), CAP_SYS_ADMIN (setns into a process's
 * network namespace, or a nested systemd's pid namespace to ask it over D-Bus) and, when a
 * COMMAND runs (it may switch users itself), CAP_KILL (passing a signal on to it) -- each
 * only if held.
 * Everything else leaves the permitted, effective, inheritable, ambient and bounding sets,
 * so the programs capfix execs in its own namespace (systemctl for --verify -u) get no more
 * either. 0 or -errno.
 */
int privs_drop(bool keep_kill);

#endif /* __CAPFIX_PRIVS_H */
