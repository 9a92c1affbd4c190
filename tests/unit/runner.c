// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Runs the registered unit tests: one "ok|FAIL|SKIP name" line each, counts at the end. */
#include <stdlib.h>
#include <string.h>
#include "../test.h"

static struct test *head, **tail = &head;
int test_failed_asserts;
const char *test_skip_reason;

static int passed, failed, skipped;
static char *filter; /* argv[1] "TEST[/SUBTEST]": names that contain these run */
static const char *sub_filter;
static const struct test *cur; /* the running test */
static const char *sub;	       /* its running subtest, NULL none */
static int sub_failed_before;  /* test_failed_asserts when sub started */

void test_register(struct test *t)
{
	*tail = t;
	tail = &t->next;
}

const char *test_errno_str(long long err)
{
	static char buf[32];
	const char *n = NULL;

	if (!err)
		return "0";
	if (err < 0)
		err = -err;
	if (err < 4096)
		n = strerrorname_np((int)err);
	if (!n) {
		snprintf(buf, sizeof(buf), "%lld", err);
		return buf;
	}
	return n;
}

static void report(const char *name, const char *subname, bool fail)
{
	const char *slash = subname ? "/" : "";

	subname = subname ? subname : "";
	if (fail) {
		printf("FAIL unit/%s%s%s\n", name, slash, subname);
		failed++;
	} else if (test_skip_reason) {
		printf("SKIP unit/%s%s%s: %s\n", name, slash, subname, test_skip_reason);
		skipped++;
	} else {
		printf("ok   unit/%s%s%s\n", name, slash, subname);
		passed++;
	}
	fflush(stdout);
}

static void end_subtest(void)
{
	if (!sub)
		return;
	report(cur->name, sub, test_failed_asserts > sub_failed_before);
	sub = NULL;
}

bool test__start_subtest(const char *name)
{
	end_subtest();
	if (test_skip_reason)
		return false;
	if (sub_filter && !strstr(name, sub_filter))
		return false;
	sub = name;
	sub_failed_before = test_failed_asserts;
	return true;
}

int main(int argc, char **argv)
{
	struct test *t;

	filter = argc > 1 ? argv[1] : NULL;
	if (filter && strchr(filter, '/')) {
		*strchr(filter, '/') = '\0';
		sub_filter = filter + strlen(filter) + 1;
	}
	for (t = head; t; t = t->next) {
		if (filter && !strstr(t->name, filter))
			continue;
		test_failed_asserts = 0;
		test_skip_reason = NULL;
		cur = t;
		t->fn();
		end_subtest();
		report(t->name, NULL, test_failed_asserts);
	}
	printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
