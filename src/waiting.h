/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Before tracing: is what -u, -g or -c names there, and is anything of it running yet? */
#ifndef __CAPFIX_WAITING_H
#define __CAPFIX_WAITING_H

#include <stdbool.h>
#include <stddef.h>

/* a process whose cgroup path has the component unit (what the BPF --unit filter matches) */
bool unit_running(const char *unit);
/* a process named comm */
bool comm_running(const char *comm);
/*
 * -g PATH: 0 if it is a cgroup v2 directory (*populated says whether a process is in it or
 * below), else -errno with a message for the operator in why (v1, not a cgroup, missing).
 */
int cgroup2_dir_check(const char *path, bool *populated, char *why, size_t len);

#endif /* __CAPFIX_WAITING_H */
