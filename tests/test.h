/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A tiny assertion framework in the spirit of the kernel's test_progs.h. */
#ifndef __CAPFIX_TEST_H
#define __CAPFIX_TEST_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct test {
	const char *name;
	const char *file;
	void (*fn)(void);
	struct test *next;
};

void test_register(struct test *t);
/*
 * Named subtests, as test_progs' test__start_subtest(): SUBTEST("name") { ... } runs the
 * block (unless the runner's filter leaves it out) and reports it on its own line,
 * "ok|FAIL|SKIP unit/TEST/name"; the test's own line follows its subtests.
 */
bool test__start_subtest(const char *name);
#define SUBTEST(name) if (test__start_subtest(name))
/* "EACCES" for 13 or -13; "0" for 0; the number for an unknown one (static buffer) */
const char *test_errno_str(long long err);
extern int test_failed_asserts; /* asserts failed in the running test */
extern const char *test_skip_reason; /* set by TEST_SKIP */

#define TEST(name)                                                            \
	static void name(void);                                                \
	__attribute__((constructor)) static void register_##name(void)         \
	{                                                                      \
		static struct test t = { #name, __FILE__, name, NULL };        \
		test_register(&t);                                             \
	}                                                                      \
	static void name(void)

#define TEST_FAIL_AT(fmt, ...)                                                         \
	do {                                                                           \
		test_failed_asserts++;                                                 \
		fprintf(stderr, "  %s:%d: " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__); \
	} while (0)

#define ASSERT_TRUE(c)                                          \
	({                                                      \
		int ___ok = !!(c);                              \
		if (!___ok)                                     \
			TEST_FAIL_AT("expected true: %s", #c);  \
		___ok;                                          \
	})
#define ASSERT_FALSE(c) ASSERT_TRUE(!(c))

#define ASSERT_INT(a, op, b)                                                              \
	({                                                                                \
		long long ___a = (long long)(a), ___b = (long long)(b);                   \
		int ___ok = ___a op ___b;                                                 \
		if (!___ok)                                                               \
			TEST_FAIL_AT("%s %s %s: actual %lld, expected %s %lld", #a, #op, #b, \
				     ___a, #op, ___b);                                    \
		___ok;                                                                    \
	})
#define ASSERT_EQ(a, b) ASSERT_INT(a, ==, b)
#define ASSERT_NEQ(a, b) ASSERT_INT(a, !=, b)
#define ASSERT_GT(a, b) ASSERT_INT(a, >, b)
#define ASSERT_GE(a, b) ASSERT_INT(a, >=, b)
#define ASSERT_LT(a, b) ASSERT_INT(a, <, b)

/* errno style: 0 is success, a negative errno the failure (libbpf >= 1.0 conventions) */
#define ASSERT_OK(res)                                                                       \
	({                                                                                   \
		long long ___r = (long long)(res);                                           \
		int ___ok = ___r == 0;                                                       \
		if (!___ok)                                                                  \
			TEST_FAIL_AT("%s: expected success (0), got %lld (%s)", #res, ___r,   \
				     test_errno_str(___r));                                   \
		___ok;                                                                       \
	})
/* res is the negative errno err (e.g. ASSERT_ERR(f(), -EINVAL)) */
#define ASSERT_ERR(res, err)                                                                 \
	({                                                                                   \
		long long ___r = (long long)(res), ___e = (long long)(err);                  \
		int ___ok = ___r == ___e;                                                    \
		if (!___ok)                                                                  \
			TEST_FAIL_AT("%s: expected -%s, got %lld (%s)", #res,                 \
				     test_errno_str(___e), ___r, test_errno_str(___r));       \
		___ok;                                                                       \
	})

#define ASSERT_U64(a, b)                                                                       \
	({                                                                                     \
		unsigned long long ___a = (a), ___b = (b);                                     \
		int ___ok = ___a == ___b;                                                      \
		if (!___ok)                                                                    \
			TEST_FAIL_AT("%s == %s: actual 0x%llx, expected 0x%llx", #a, #b, ___a, \
				     ___b);                                                    \
		___ok;                                                                         \
	})

#define ASSERT_STREQ(a, b)                                                                    \
	({                                                                                    \
		const char *___a = (a), *___b = (b);                                          \
		int ___ok = ___a && ___b && !strcmp(___a, ___b);                              \
		if (!___ok)                                                                   \
			TEST_FAIL_AT("%s == %s: actual \"%s\", expected \"%s\"", #a, #b,      \
				     ___a ? ___a : "(null)", ___b ? ___b : "(null)");         \
		___ok;                                                                        \
	})

#define ASSERT_HAS(hay, needle)                                                              \
	({                                                                                   \
		const char *___h = (hay), *___n = (needle);                                  \
		int ___ok = ___h && strstr(___h, ___n);                                      \
		if (!___ok)                                                                  \
			TEST_FAIL_AT("%s contains \"%s\": actual \"%s\"", #hay, ___n,       \
				     ___h ? ___h : "(null)");                                \
		___ok;                                                                       \
	})

#define ASSERT_NOT_HAS(hay, needle)                                                          \
	({                                                                                   \
		const char *___h = (hay), *___n = (needle);                                  \
		int ___ok = ___h && !strstr(___h, ___n);                                     \
		if (!___ok)                                                                  \
			TEST_FAIL_AT("%s lacks \"%s\": actual \"%s\"", #hay, ___n,          \
				     ___h ? ___h : "(null)");                                \
		___ok;                                                                       \
	})

#define TEST_SKIP(why)                          \
	do {                                    \
		test_skip_reason = (why);       \
		return;                         \
	} while (0)

#endif /* __CAPFIX_TEST_H */
