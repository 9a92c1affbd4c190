/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What a failed denial was about (netlink request, file) and whether it caused the failure. */
#ifndef __CAPFIX_CAUSE_H
#define __CAPFIX_CAUSE_H

#include <stddef.h>
#include "model.h"

/* the event's netlink request, path argument and syscall arguments into f (after f's basics) */
void cause_from_event(struct finding *f, const struct event *e);
/* with the process's facts: the denied file and its owner, and R23's verdict (f->not_cause) */
void cause_resolve(struct finding *f, const struct proc_facts *pf);
/* f->chain's caps in the kernel's check order (the recorded first four, then the rest by
 * number) into caps; returns how many */
int chain_in_order(const struct finding *f, int *caps, int max);
/* "rtnetlink RTM_NEWLINK", "nftables NFT_MSG_NEWTABLE" */
void netlink_describe(char *buf, size_t len, int proto, int type, int cmd);

#endif /* __CAPFIX_CAUSE_H */
