// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: interpreter and script detection; first byte picks the exe. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "script.h"

static const char *const exes[] = {
    "/usr/bin/python3", "/usr/bin/perl",  "/usr/bin/ruby",   "/usr/bin/node",
    "/usr/bin/java",	"/usr/bin/bash",  "/usr/bin/php8.2", "/usr/bin/lua5.4",
    "/usr/bin/Rscript", "/usr/bin/tclsh", "/usr/sbin/nginx", "/usr/sbin/php-fpm8.2",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct script_info si;
	char exe[64];

	if (!size)
		return 0;
	if (data[0] < 0xf0) {
		strcpy(exe, exes[data[0] % (sizeof(exes) / sizeof(exes[0]))]);
	} else {
		/* a fuzzed basename, up to the first NUL */
		size_t n = strnlen((const char *)data + 1, size - 1);

		if (n > sizeof(exe) - 1)
			n = sizeof(exe) - 1;
		memcpy(exe, data + 1, n);
		exe[n] = '\0';
	}
	script_detect(exe, (const char *)data + 1, size - 1, &si);
	if (strnlen(si.script, sizeof(si.script)) >= sizeof(si.script) || si.kind < SCRIPT_NONE ||
	    si.kind > SCRIPT_STDIN)
		abort();
	if (!si.is_interpreter && (si.kind != SCRIPT_NONE || si.script[0]))
		abort();
	if (si.is_interpreter != interpreter_name(exe))
		abort();
	buf_is_shebang(data, size);
	return 0;
}
