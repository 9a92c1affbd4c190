/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Asking systemd about a unit over its private socket (sd-bus): see manager.c. */
#ifndef __CAPFIX_MANAGER_H
#define __CAPFIX_MANAGER_H

#include <stdbool.h>
#include <sys/types.h>
#include "model.h"

/*
 * What `systemctl show -p ...` would say of a unit of the system manager, or of uid's user
 * manager, asked over D-Bus: /run/systemd/private (or /run/user/UID/systemd/private) in the
 * root directory of the manager of ns_pid -- the nearest ancestor of ns_pid that is PID 1 of
 * its pid namespace and root of the initial user namespace; 0: capfix's own pid namespace's
 * PID 1. The socket must be owned by root (by uid for a user manager) and answered by that
 * PID 1 (by uid). Nothing is executed and no path is resolved in another user's root.
 * 0, or -errno with up->known false and up->unknown_why saying why (5 s timeout).
 */
int unit_props_read_ns(pid_t ns_pid, const char *unit, bool user_manager, uid_t uid,
		       struct unit_props *up);
int unit_props_read(const char *unit, bool user_manager, uid_t uid, struct unit_props *up);

/* sd_booted(3) for the manager unit_props_read_ns() would ask about pid (0: capfix's own) */
bool manager_is_systemd(pid_t pid);

#endif /* __CAPFIX_MANAGER_H */
