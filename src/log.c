// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Diagnostics on stderr, one "capfix: ..." line each; -v adds the p_debug() ones. */
#include <stdio.h>
#include <string.h>
#include "log.h"

static bool verbose;

void log_set_verbose(bool v)
{
	verbose = v;
}

bool log_verbose(void)
{
	return verbose;
}

void p_vlog(enum log_level level, const char *fmt, va_list ap)
{
	char msg[4096];
	size_t n;

	if (level == LOG_DEBUG && !verbose)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	/* one write per message: lines of concurrent processes do not interleave mid-line */
	fprintf(stderr, "capfix: %s%s%s", level == LOG_WARN ? "warning: " : "", msg,
		n && msg[n - 1] == '\n' ? "" : "\n");
}

void p_log(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	p_vlog(level, fmt, ap);
	va_end(ap);
}
