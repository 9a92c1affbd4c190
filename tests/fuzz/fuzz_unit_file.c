// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: --service's unit file parser (service_parse). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "service.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct service_file sf;
	int i, r;

	r = service_parse((const char *)data, size, &sf);
	if (strnlen(sf.error, sizeof(sf.error)) >= sizeof(sf.error) ||
	    strnlen(sf.user, sizeof(sf.user)) >= sizeof(sf.user) ||
	    strnlen(sf.group, sizeof(sf.group)) >= sizeof(sf.group) ||
	    strnlen(sf.path, sizeof(sf.path)) >= sizeof(sf.path) ||
	    strnlen(sf.nnp_implied_by, sizeof(sf.nnp_implied_by)) >= sizeof(sf.nnp_implied_by))
		abort();
	if (r) {
		/* a refusal always says why */
		if (!sf.error[0])
			abort();
		return 0;
	}
	/* success: a command, every argument inside the buffer and NUL-terminated */
	if (!sf.path[0] || sf.argc < 1 || sf.argc > SERVICE_MAX_ARGS || sf.nsupp < 0 ||
	    sf.nsupp > SERVICE_MAX_SUPP)
		abort();
	for (i = 0; i < sf.argc; i++) {
		if (sf.argoff[i] < 0 || sf.argoff[i] >= SERVICE_ARGS_LEN ||
		    !memchr(sf.argbuf + sf.argoff[i], '\0', SERVICE_ARGS_LEN - sf.argoff[i]))
			abort();
	}
	if (sf.path[0] != '/' && strchr(sf.path, '/'))
		abort();
	return 0;
}
