// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of the one renderer of capability masks, the one tokenizer of capability
 * lists, the shell-safe character class and the unit-name validator. */
#include <errno.h>
#include <string.h>
#include <linux/capability.h>
#include "../test.h"
#include "fix.h"
#include "names.h"
#include "parse.h"
#include "spawn.h"
#include "strutil.h"

#define BIT(c) (1ULL << (c))

TEST(capmask_render_styles)
{
	__u64 m = BIT(CAP_CHOWN) | BIT(CAP_NET_RAW) | BIT(CAP_SYS_ADMIN);
	char buf[256];

	SUBTEST("plain")
	ASSERT_STREQ(capmask_str(m, buf, sizeof(buf), false),
		     "CAP_CHOWN,CAP_NET_RAW,CAP_SYS_ADMIN");
	SUBTEST("lower_with_unnamed_bit")
	ASSERT_STREQ(capmask_str(BIT(CAP_CHOWN) | BIT(50), buf, sizeof(buf), true), "cap_chown,50");
	SUBTEST("sentence")
	{
		const struct capmask_style st = {
		    .sep = ", ", .last_sep = " and ", .known_only = true};

		ASSERT_OK(capmask_render(buf, sizeof(buf), m | BIT(50), &st));
		ASSERT_STREQ(buf, "CAP_CHOWN, CAP_NET_RAW and CAP_SYS_ADMIN");
		ASSERT_OK(capmask_render(buf, sizeof(buf), BIT(CAP_CHOWN), &st));
		ASSERT_STREQ(buf, "CAP_CHOWN");
	}
	SUBTEST("setpriv_and_quoted")
	{
		const struct capmask_style sp = {
		    .sep = ",", .pre = "+", .lower = true, .bare = true, .known_only = true};
		const struct capmask_style q = {
		    .sep = ", ", .pre = "\"", .post = "\"", .bare = true};

		ASSERT_OK(capmask_render(buf, sizeof(buf), m, &sp));
		ASSERT_STREQ(buf, "+chown,+net_raw,+sys_admin");
		ASSERT_OK(capmask_render(buf, sizeof(buf), m, &q));
		ASSERT_STREQ(buf, "\"CHOWN\", \"NET_RAW\", \"SYS_ADMIN\"");
	}
	SUBTEST("too_small")
	{
		const struct capmask_style st = {.sep = ","};

		ASSERT_ERR(capmask_render(buf, 12, m, &st), -1);
		ASSERT_LT(strlen(buf), 12);
		ASSERT_ERR(capmask_render(buf, 0, m, &st), -1);
	}
}

TEST(str_next_word_tokenizer)
{
	const char s[] = " cap_chown,,\tcap_net_raw ";
	char w[16];
	size_t pos = 0;

	SUBTEST("words_and_end")
	{
		ASSERT_EQ(str_next_word(s, strlen(s), &pos, " \t,", w, sizeof(w)), 9);
		ASSERT_STREQ(w, "cap_chown");
		ASSERT_EQ(str_next_word(s, strlen(s), &pos, " \t,", w, sizeof(w)), 11);
		ASSERT_STREQ(w, "cap_net_raw");
		ASSERT_EQ(str_next_word(s, strlen(s), &pos, " \t,", w, sizeof(w)), 0);
		ASSERT_STREQ(w, "");
	}
	SUBTEST("length_bounds_the_input")
	{
		pos = 0;
		ASSERT_EQ(str_next_word(s, 5, &pos, " \t,", w, sizeof(w)), 4);
		ASSERT_STREQ(w, "cap_");
	}
	SUBTEST("too_long_is_cut_and_refused")
	{
		pos = 0;
		ASSERT_ERR(str_next_word("cap_net_bind_service x", 22, &pos, " ", w, 8),
			   -ENAMETOOLONG);
		ASSERT_STREQ(w, "cap_net");
		ASSERT_EQ(str_next_word("cap_net_bind_service x", 22, &pos, " ", w, 8), 1);
		ASSERT_STREQ(w, "x");
	}
	SUBTEST("nul_is_no_separator")
	{
		pos = 0;
		ASSERT_EQ(str_next_word("ab\0cd e", 7, &pos, " ", w, sizeof(w)), 5);
		ASSERT_STREQ(w, "ab");
	}
	SUBTEST("the_three_lists")
	{
		__u64 m;
		char err[64];

		ASSERT_OK(capnames_parse("cap_chown 0x15", 14, &m));
		ASSERT_U64(m, BIT(CAP_CHOWN) | BIT(CAP_SYS_ADMIN));
		ASSERT_ERR(capnames_parse("cap_chown nonsense", 18, &m), -EINVAL);
		ASSERT_U64(m, BIT(CAP_CHOWN));
		ASSERT_OK(spawn_parse_caps("cap_chown, CAP_NET_RAW", &m, err, sizeof(err)));
		ASSERT_U64(m, BIT(CAP_CHOWN) | BIT(CAP_NET_RAW));
		ASSERT_ERR(spawn_parse_caps("cap_chown,bogus", &m, err, sizeof(err)), -EINVAL);
		ASSERT_STREQ(err, "unknown capability 'bogus'");
		ASSERT_OK(spawn_parse_caps(NULL, &m, err, sizeof(err)));
		ASSERT_U64(m, 0);
	}
}

TEST(shell_safe_char_class)
{
	ASSERT_TRUE(shell_safe_char('a'));
	ASSERT_TRUE(shell_safe_char('/'));
	ASSERT_TRUE(shell_safe_char('@'));
	ASSERT_FALSE(shell_safe_char('\0'));
	ASSERT_FALSE(shell_safe_char(' '));
	ASSERT_FALSE(shell_safe_char('$'));
	ASSERT_FALSE(shell_safe_char('\''));
	ASSERT_FALSE(shell_safe_char(0xc3));
}

TEST(unit_name_validator)
{
	ASSERT_TRUE(unit_name_valid("web.service"));
	ASSERT_TRUE(unit_name_valid("getty@tty1.service"));
	ASSERT_FALSE(unit_name_valid("-web.service"));
	ASSERT_FALSE(unit_name_valid(".service"));
	ASSERT_FALSE(unit_name_valid("web/x.service"));
	ASSERT_FALSE(unit_name_valid("web.conf"));
	ASSERT_TRUE(unit_name_ok("web.service", ".service"));
	ASSERT_FALSE(unit_name_ok("web.socket", ".service"));
	ASSERT_FALSE(unit_name_ok("we b.service", ".service"));
}
