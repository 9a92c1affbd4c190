/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Names of capabilities, syscalls, errnos and container runtimes; capability masks as text. */
#ifndef __CAPFIX_NAMES_H
#define __CAPFIX_NAMES_H

#include <stdbool.h>
#include <stddef.h>
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
/* how capmask_render() spells a mask: "CAP_A,CAP_B", "A, B and C", "+a,+b", "\"A\", \"B\"" */
struct capmask_style {
	const char *sep;      /* between two names */
	const char *last_sep; /* before the last of several (" and "); NULL: sep */
	const char *pre;      /* before each name ("+", "\""), NULL none */
	const char *post;     /* after each name, NULL none */
	bool lower;	      /* cap_net_raw */
	bool bare;	      /* without the CAP_ / cap_ prefix */
	bool known_only;      /* the named caps only; else a number for a bit without a name */
};
/* the one renderer of capability masks: 0, or -1 when buf was too small (then cut) */
int capmask_render(char *buf, size_t len, __u64 mask, const struct capmask_style *st);
/* comma-separated CAP_ names of a mask into buf; returns buf */
char *capmask_str(__u64 mask, char *buf, size_t len, bool lower);
/* "docker", "systemd", ... as JSON spells the runtime; NULL for RUNTIME_NONE */
const char *runtime_id(enum runtime_kind r);
/* "Docker", "Kubernetes (CRI)", ... for sentences; "the container runtime" if no container */
const char *runtime_label(enum runtime_kind r);

#endif /* __CAPFIX_NAMES_H */
