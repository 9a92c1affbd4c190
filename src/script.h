/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Script detection (R7): which file an interpreter process runs, from its command line. */
#ifndef __CAPFIX_SCRIPT_H
#define __CAPFIX_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include "model.h"

struct script_info {
	bool is_interpreter;
	int kind;		     /* enum script_kind */
	char script[MODEL_PATH_MAX]; /* see enum script_kind; a FILE path as argv spells it */
};
/* the exe's basename names an interpreter (python3.11, perl5.36.0, node, bash, java...) */
bool interpreter_name(const char *exe);
/* cmdline is /proc/PID/cmdline: argv NUL-separated */
int script_detect(const char *exe, const char *cmdline, size_t len, struct script_info *si);
/* the bytes start with "#!" (a script the kernel hands to binfmt_script) */
bool buf_is_shebang(const void *buf, size_t len);

#endif /* __CAPFIX_SCRIPT_H */
