/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Diagnostics on stderr, one "capfix: ..." line each; -v adds the p_debug() ones. */
#ifndef __CAPFIX_LOG_H
#define __CAPFIX_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
	LOG_ERR,   /* "capfix: MSG": what stops capfix or a request */
	LOG_WARN,  /* "capfix: warning: MSG": capfix goes on, something is missing */
	LOG_INFO,  /* "capfix: MSG": progress a script may wait for ("attached") */
	LOG_DEBUG, /* "capfix: MSG" with -v only */
};

void log_set_verbose(bool verbose);
bool log_verbose(void);
/* fmt without the prefix; a newline is added unless the message ends with one */
void p_log(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void p_vlog(enum log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#define p_err(...)   p_log(LOG_ERR, __VA_ARGS__)
#define p_warn(...)  p_log(LOG_WARN, __VA_ARGS__)
#define p_info(...)  p_log(LOG_INFO, __VA_ARGS__)
#define p_debug(...) p_log(LOG_DEBUG, __VA_ARGS__)

#endif /* __CAPFIX_LOG_H */
