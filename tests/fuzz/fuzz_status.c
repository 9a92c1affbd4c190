// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: /proc/PID/status parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_status ps;

	status_parse((const char *)data, size, &ps);
	if (strnlen(ps.name, sizeof(ps.name)) >= sizeof(ps.name))
		abort();
	if (ps.seccomp < 0 || ps.seccomp > 2 || ps.nspid_levels < 0)
		abort();
	return 0;
}
