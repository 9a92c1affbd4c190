/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Who besides root can write or replace an executable: the facts behind "never setcap it". */
#ifndef __CAPFIX_PATHTRUST_H
#define __CAPFIX_PATHTRUST_H

#include "model.h"

/*
 * Sets pf->path_trusted and pf->path_weak for pf->exe_real: every component from "/" is
 * opened without following symlinks (the path is already resolved, so a symlink means it
 * changed), and each directory and the file must be owned by root and not writable by group
 * or others (a sticky directory may be: others cannot rename or remove root's entries in it,
 * fs/namei.c may_delete/check_sticky). The file found must be the one the kernel reported
 * (pf->exe_kdev, pf->exe_ino) when those are known. Anything unreadable leaves TRI_UNKNOWN.
 */
void path_trust_collect(struct proc_facts *pf);

#endif /* __CAPFIX_PATHTRUST_H */
