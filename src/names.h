/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Names of capabilities, syscalls, errnos and container runtimes. */
#ifndef __CAPFIX_NAMES_H
#define __CAPFIX_NAMES_H

#include <stdbool.h>
#include <linux/types.h>
#include "model.h"

#define CAP_NAMES_COUNT 41 /* CAP_CHOWN (0) .. CAP_CHECKPOINT_RESTORE (40) */

/* "CAP_NET_BIND_SERVICE", or NULL for an unknown number */
const char *cap_name(int cap);
/* "cap_net_bind_service" (setcap / setpriv spelling), or NULL */
const char *cap_name_lower(int cap);
/* accepts "CAP_NET_BIND_SERVICE", "cap_net_bind_service", "NET_BIND_SERVICE", "10"; -1 if unknown */
int cap_from_name(const char *name);
/* "bind", or NULL (x86_64 numbers) */
const char *syscall_name(int nr);
int syscall_from_name(const char *name);
/* "EACCES", or NULL */
const char *errno_name(int err);
/* comma-separated CAP_ names of a mask into buf; returns buf */
char *capmask_str(__u64 mask, char *buf, size_t len, bool lower);
/* "docker", "systemd", ... as JSON spells the runtime; NULL for RUNTIME_NONE */
const char *runtime_id(enum runtime_kind r);
/* "Docker", "Kubernetes (CRI)", ... for sentences; "the container runtime" if no container */
const char *runtime_label(enum runtime_kind r);

#endif /* __CAPFIX_NAMES_H */
