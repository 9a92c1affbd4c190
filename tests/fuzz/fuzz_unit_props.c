// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: `systemctl show` output and capability name lists. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct unit_props up;
	__u64 m;

	unit_props_parse((const char *)data, size, &up);
	if (strnlen(up.user, sizeof(up.user)) >= sizeof(up.user) ||
	    strnlen(up.implies_nnp_by, sizeof(up.implies_nnp_by)) >= sizeof(up.implies_nnp_by) ||
	    strnlen(up.fragment_path, sizeof(up.fragment_path)) >= sizeof(up.fragment_path) ||
	    strnlen(up.load_state, sizeof(up.load_state)) >= sizeof(up.load_state))
		abort();
	/* implied NNP always names its option */
	if (up.implies_nnp != (up.implies_nnp_by[0] != '\0'))
		abort();
	if (!strcmp(up.user, "root"))
		abort();
	capnames_parse((const char *)data, size, &m);
	return 0;
}
