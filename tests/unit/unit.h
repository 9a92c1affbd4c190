/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Helpers the unit-test files share. */
#ifndef __CAPFIX_TESTS_UNIT_H
#define __CAPFIX_TESTS_UNIT_H

#include <stdio.h>

struct summary;

/* what fn writes for s, as a malloc'd string (defined in test_emit.c) */
char *render_summary(int (*fn)(FILE *, const struct summary *), const struct summary *s);

#endif /* __CAPFIX_TESTS_UNIT_H */
