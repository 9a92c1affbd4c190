// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Runs the registered unit tests: one "ok|FAIL|SKIP name" line each, counts at the end. */
#include <stdlib.h>
#include <string.h>
#include "../test.h"

static struct test *head, **tail = &head;
int test_failed_asserts;
const char *test_skip_reason;

void test_register(struct test *t)
{
	*tail = t;
	tail = &t->next;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;
	struct test *t;

	for (t = head; t; t = t->next) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		test_failed_asserts = 0;
		test_skip_reason = NULL;
		t->fn();
		if (test_failed_asserts) {
			printf("FAIL unit/%s\n", t->name);
			failed++;
		} else if (test_skip_reason) {
			printf("SKIP unit/%s: %s\n", t->name, test_skip_reason);
			skipped++;
		} else {
			printf("ok   unit/%s\n", t->name);
			passed++;
		}
		fflush(stdout);
	}
	printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
