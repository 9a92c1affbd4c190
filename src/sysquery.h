/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Queries run in a child: the netns port sysctl (setns) and `systemctl show` for a unit. */
#ifndef __CAPFIX_SYSQUERY_H
#define __CAPFIX_SYSQUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include "model.h"

/* net.ipv4.ip_unprivileged_port_start in the network namespace of pid (0 = capfix's own) */
int netns_port_start(pid_t pid);

/*
 * `systemctl show` for a unit of the system manager, or of uid's user manager. Runs
 * /usr/bin/systemctl (or /bin/systemctl) with an argv, no shell, a 5 s timeout and
 * bounded output. up->known stays false if systemd is not running (/run/systemd/system
 * missing) or systemctl fails. unit_props_read_ns() first enters the mount namespace of
 * ns_pid (when it differs from capfix's), to ask the systemd that manages that process.
 */
int unit_props_read(const char *unit, bool user_manager, uid_t uid, struct unit_props *up);
int unit_props_read_ns(pid_t ns_pid, const char *unit, bool user_manager, uid_t uid,
		       struct unit_props *up);

#endif /* __CAPFIX_SYSQUERY_H */
