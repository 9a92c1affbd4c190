// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of retsyms.c: which syscall entry points the kretprobe.multi result hook takes. */
#include <stdio.h>
#include <string.h>
#include "../test.h"
#include "names.h"
#include "retsyms.h"

TEST(retsyms_maps_entry_points)
{
	ASSERT_EQ(ret_sym_syscall("__x64_sys_bind"), syscall_from_name("bind"));
	ASSERT_EQ(ret_sym_syscall("__x64_sys_newfstatat"), syscall_from_name("newfstatat"));
	ASSERT_EQ(ret_sym_syscall("__x64_sys_newstat"), syscall_from_name("stat"));
	ASSERT_EQ(ret_sym_syscall("__x64_sys_umount"), syscall_from_name("umount2"));
	ASSERT_EQ(ret_sym_syscall("__ia32_sys_bind"), -1);
	ASSERT_EQ(ret_sym_syscall("__x64_sys_nosuch"), -1);
}

TEST(retsyms_watches_capability_syscalls_only)
{
	ASSERT_TRUE(ret_syscall_watched(syscall_from_name("bind")));
	ASSERT_TRUE(ret_syscall_watched(syscall_from_name("chown")));
	ASSERT_TRUE(ret_syscall_watched(syscall_from_name("sendmsg"))); /* netlink (R22) */
	ASSERT_FALSE(ret_syscall_watched(syscall_from_name("getppid")));
	ASSERT_FALSE(ret_syscall_watched(syscall_from_name("futex")));
	ASSERT_FALSE(ret_syscall_watched(syscall_from_name("read")));
	ASSERT_FALSE(ret_syscall_watched(-1));
}

TEST(retsyms_reads_kallsyms)
{
	static const char ks[] = "ffffffff81001000 T __x64_sys_bind\n"
				 "ffffffff81001100 t __x64_sys_getppid\n"
				 "ffffffff81001200 T __ia32_sys_bind\n"
				 "ffffffff81001300 T __x64_sys_newstat\n"
				 "ffffffff81001400 D __x64_sys_chown\n"
				 "ffffffff81001500 t __x64_sys_mount\t[somemod]\n";
	struct ret_targets rt;
	FILE *fp = fmemopen((void *)ks, sizeof(ks) - 1, "r");
	int bind = syscall_from_name("bind"), stat = syscall_from_name("stat");

	if (!ASSERT_TRUE(fp))
		return;
	if (ASSERT_EQ(ret_targets_read(&rt, fp), 0) && ASSERT_EQ(rt.n, 2)) {
		ASSERT_STREQ(rt.syms[0], "__x64_sys_bind");
		ASSERT_STREQ(rt.syms[1], "__x64_sys_newstat");
		ASSERT_TRUE((rt.nrs[bind / 64] >> (bind % 64)) & 1);
		ASSERT_TRUE((rt.nrs[stat / 64] >> (stat % 64)) & 1);
		ASSERT_FALSE(rt.nrs[syscall_from_name("getppid") / 64] >>
				     (syscall_from_name("getppid") % 64) & 1);
	}
	ret_targets_free(&rt);
	fclose(fp);
}

static bool keep_bind(const char *sym, void *ctx)
{
	(void)ctx;
	return !strcmp(sym, "__x64_sys_bind");
}

TEST(retsyms_filter_drops_bits_too)
{
	static const char ks[] = "0 T __x64_sys_bind\n0 T __x64_sys_chown\n";
	FILE *fp = fmemopen((void *)ks, sizeof(ks) - 1, "r");
	int chown = syscall_from_name("chown");
	struct ret_targets rt;

	if (!ASSERT_TRUE(fp))
		return;
	if (ASSERT_EQ(ret_targets_read(&rt, fp), 0)) {
		ret_targets_filter(&rt, keep_bind, NULL);
		if (ASSERT_EQ(rt.n, 1))
			ASSERT_STREQ(rt.syms[0], "__x64_sys_bind");
		ASSERT_FALSE((rt.nrs[chown / 64] >> (chown % 64)) & 1);
	}
	ret_targets_free(&rt);
	fclose(fp);
}
