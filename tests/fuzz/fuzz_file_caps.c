// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: security.capability xattr blob parser. */
#include <stdint.h>
#include <stdlib.h>
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_caps fc;
	int r = file_caps_parse(data, size, &fc);

	/* only the three sizes the kernel accepts may parse */
	if (!r && size != 12 && size != 20 && size != 24)
		abort();
	if (!r && (fc.present != TRI_YES || fc.version < 1 || fc.version > 3))
		abort();
	if (r && fc.present != TRI_UNKNOWN)
		abort();
	if (!r && fc.version == 1 && (fc.permitted >> 32 || fc.inheritable >> 32))
		abort();
	return 0;
}
