/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Macros every user-space file may use. */
#ifndef __CAPFIX_UTIL_H
#define __CAPFIX_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* include/linux/proc_ns.h: the initial namespaces have fixed inode numbers */
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_PID_INIT_INO  0xEFFFFFFCU

#endif /* __CAPFIX_UTIL_H */
