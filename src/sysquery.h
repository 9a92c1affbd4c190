/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Queries run in a child: the netns port sysctl (setns; no exec, no mount namespace change). */
#ifndef __CAPFIX_SYSQUERY_H
#define __CAPFIX_SYSQUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include "model.h"

/* net.ipv4.ip_unprivileged_port_start in the network namespace of pid (0 = capfix's own) */
int netns_port_start(pid_t pid);

#endif /* __CAPFIX_SYSQUERY_H */
