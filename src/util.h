/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Macros every user-space file may use. */
#ifndef __CAPFIX_UTIL_H
#define __CAPFIX_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* __CAPFIX_UTIL_H */
