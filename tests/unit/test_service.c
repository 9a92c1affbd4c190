// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* service.c's unit-file parser: systemd 252's merge rules, prefixes, quoting, refusals. */
#include <errno.h>
#include <string.h>
#include <linux/securebits.h>
#include "../test.h"
#include "service.h"

static struct service_file sf;

static int parse(const char *text)
{
	return service_parse(text, strlen(text), &sf);
}

#define BIT(c) (1ULL << (c))
#define CAP_CHOWN_ 0
#define CAP_NET_BIND_ 10
#define CAP_NET_RAW_ 13

TEST(service_basic_credentials)
{
	ASSERT_EQ(parse("[Unit]\nDescription=x\nUser=ignored\n\n[Service]\n# comment\n"
			"User=nobody\nGroup=nogroup\nSupplementaryGroups=adm  audio\n"
			"SupplementaryGroups=video\nNoNewPrivileges=yes\n"
			"SecureBits=keep-caps noroot\nExecStart=/srv/app --port 80\n"
			"[Install]\nWantedBy=multi-user.target\n"),
		  0);
	ASSERT_TRUE(sf.has_user);
	ASSERT_STREQ(sf.user, "nobody");
	ASSERT_STREQ(sf.group, "nogroup");
	ASSERT_EQ(sf.nsupp, 3);
	ASSERT_STREQ(sf.supp[2], "video");
	ASSERT_TRUE(sf.no_new_privs);
	ASSERT_EQ(sf.securebits, SECBIT_KEEP_CAPS | SECBIT_NOROOT);
	ASSERT_FALSE(sf.has_bounding);
	ASSERT_STREQ(sf.path, "/srv/app");
	ASSERT_EQ(sf.argc, 3);
	ASSERT_STREQ(service_arg(&sf, 0), "/srv/app");
	ASSERT_STREQ(service_arg(&sf, 2), "80");
	/* an empty assignment resets; the last User= wins */
	ASSERT_EQ(parse("[Service]\nUser=a\nUser=\nSupplementaryGroups=x\nSupplementaryGroups=\n"
			"ExecStart=/bin/true\n"),
		  0);
	ASSERT_FALSE(sf.has_user);
	ASSERT_EQ(sf.nsupp, 0);
}

TEST(service_capability_sets_merge_like_systemd)
{
	/* first assignment replaces, later ones OR */
	ASSERT_EQ(parse("[Service]\nCapabilityBoundingSet=CAP_NET_RAW\n"
			"CapabilityBoundingSet=cap_chown\nExecStart=/bin/true\n"),
		  0);
	ASSERT_TRUE(sf.has_bounding);
	ASSERT_U64(sf.bounding, BIT(CAP_NET_RAW_) | BIT(CAP_CHOWN_));
	/* '~' first: everything but; then '~' again ANDs NOT */
	ASSERT_EQ(parse("[Service]\nCapabilityBoundingSet=~CAP_NET_RAW\n"
			"CapabilityBoundingSet=~CAP_CHOWN\nExecStart=/bin/true\n"),
		  0);
	ASSERT_U64(sf.bounding, ~(BIT(CAP_NET_RAW_) | BIT(CAP_CHOWN_)));
	/* empty: the empty set (a later list replaces it) */
	ASSERT_EQ(parse("[Service]\nCapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=\n"
			"ExecStart=/bin/true\n"),
		  0);
	ASSERT_U64(sf.bounding, 0);
	ASSERT_EQ(parse("[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"
			"AmbientCapabilities=13\nExecStart=/bin/true\n"),
		  0);
	ASSERT_U64(sf.ambient, BIT(CAP_NET_BIND_) | BIT(CAP_NET_RAW_));
	/* systemd wants the cap_ prefix: NET_RAW alone is not a capability name */
	ASSERT_EQ(parse("[Service]\nAmbientCapabilities=NET_RAW\nExecStart=/bin/true\n"), -EINVAL);
	ASSERT_HAS(sf.error, "unknown capability 'NET_RAW'");
	ASSERT_EQ(sf.error_line, 2);
	ASSERT_EQ(parse("[Service]\nCapabilityBoundingSet=CAP_BOGUS\nExecStart=/bin/true\n"),
		  -EINVAL);
}

TEST(service_implied_nnp)
{
	ASSERT_EQ(parse("[Service]\nProtectClock=no\nSystemCallFilter=@system-service\n"
			"ExecStart=/bin/true\n"),
		  0);
	ASSERT_FALSE(sf.no_new_privs);
	ASSERT_STREQ(sf.nnp_implied_by, "SystemCallFilter");
	/* reset by an empty assignment; RestrictNamespaces=no is off */
	ASSERT_EQ(parse("[Service]\nSystemCallFilter=@system-service\nSystemCallFilter=\n"
			"RestrictNamespaces=no\nExecStart=/bin/true\n"),
		  0);
	ASSERT_STREQ(sf.nnp_implied_by, "");
	ASSERT_EQ(parse("[Service]\nPrivateDevices=maybe\nExecStart=/bin/true\n"), -EINVAL);
}

TEST(service_exec_prefixes_and_quoting)
{
	ASSERT_EQ(parse("[Service]\nExecStart=-@/usr/bin/python3 \"my app\" -c 'print(\"a b\")' "
			"x\\sy \\x41 \\101 100%%\n"),
		  0);
	ASSERT_EQ(sf.prefix, SERVICE_PFX_IGNORE_FAILURE | SERVICE_PFX_ARGV0);
	ASSERT_STREQ(sf.path, "/usr/bin/python3");
	ASSERT_EQ(sf.argc, 7);
	ASSERT_STREQ(service_arg(&sf, 0), "my app");
	ASSERT_STREQ(service_arg(&sf, 2), "print(\"a b\")");
	ASSERT_STREQ(service_arg(&sf, 3), "x y");
	ASSERT_STREQ(service_arg(&sf, 4), "A");
	ASSERT_STREQ(service_arg(&sf, 5), "A");
	ASSERT_STREQ(service_arg(&sf, 6), "100%");
	ASSERT_EQ(parse("[Service]\nExecStart=+/bin/true\n"), 0);
	ASSERT_EQ(sf.prefix, SERVICE_PFX_PRIVILEGED);
	ASSERT_EQ(parse("[Service]\nExecStart=!/bin/true\n"), 0);
	ASSERT_EQ(sf.prefix, SERVICE_PFX_NO_SETUID);
	ASSERT_EQ(parse("[Service]\nExecStart=!!/bin/true\n"), 0);
	ASSERT_EQ(sf.prefix, SERVICE_PFX_AMBIENT_MAGIC);
	/* '+' and '!' exclude each other: the second is part of the path */
	ASSERT_EQ(parse("[Service]\nExecStart=+!/bin/true\n"), -EINVAL);
	/* ':' allows a literal '$'; without it, expansion is refused */
	ASSERT_EQ(parse("[Service]\nExecStart=:/bin/echo $HOME\n"), 0);
	ASSERT_STREQ(service_arg(&sf, 1), "$HOME");
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/echo ${HOME}\n"), -EOPNOTSUPP);
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/echo $$HOME\n"), 0);
	ASSERT_STREQ(service_arg(&sf, 1), "$HOME");
	/* a bare name is searched later; a relative path is an error */
	ASSERT_EQ(parse("[Service]\nExecStart=true\n"), 0);
	ASSERT_EQ(parse("[Service]\nExecStart=bin/true\n"), -EINVAL);
	/* continuation lines, with a comment inside */
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/echo a \\\n# skipped\n  b\nUser=x\n"), 0);
	ASSERT_EQ(sf.argc, 3);
	ASSERT_STREQ(service_arg(&sf, 2), "b");
	ASSERT_STREQ(sf.user, "x");
}

TEST(service_refusals)
{
	ASSERT_EQ(parse("[Service]\nUser=nobody\n"), -EINVAL); /* no ExecStart= */
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n"), -EOPNOTSUPP);
	ASSERT_HAS(sf.error, "more than one ExecStart=");
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/a\nExecStart=\nExecStart=/bin/b\n"), 0);
	ASSERT_STREQ(sf.path, "/bin/b");
	ASSERT_EQ(parse("[Service]\nDynamicUser=yes\nExecStart=/bin/true\n"), -EOPNOTSUPP);
	ASSERT_EQ(parse("[Service]\nDynamicUser=no\nExecStart=/bin/true\n"), 0);
	ASSERT_EQ(parse("[Service]\nPrivateUsers=true\nExecStart=/bin/true\n"), -EOPNOTSUPP);
	ASSERT_EQ(parse("[Service]\nUser=%i\nExecStart=/bin/true\n"), -EOPNOTSUPP);
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/echo %n\n"), -EOPNOTSUPP);
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/echo \"open\n"), -EINVAL);
	ASSERT_EQ(parse("[Service]\nExecStart=/bin/a ; /bin/b\n"), -EOPNOTSUPP);
	ASSERT_EQ(parse("[Service]\nSecureBits=bogus\nExecStart=/bin/true\n"), -EINVAL);
	{
		static const char nul[] = "[Service]\nExecStart=/bin/a\0b\n";

		ASSERT_EQ(service_parse(nul, sizeof(nul) - 1, &sf), -EINVAL);
	}
	ASSERT_EQ(parse("[Service\nExecStart=/bin/true\n"), -EINVAL);
}

TEST(service_resolve_nobody)
{
	struct spawn_opts o;
	char exe[256], err[256];

	ASSERT_EQ(parse("[Service]\nUser=nobody\nAmbientCapabilities=CAP_NET_RAW\n"
			"RestrictAddressFamilies=AF_INET\nExecStart=true\n"),
		  0);
	ASSERT_EQ(service_resolve(&sf, &o, exe, sizeof(exe), err, sizeof(err)), 0);
	ASSERT_TRUE(o.set_user);
	ASSERT_EQ(o.uid, 65534);
	ASSERT_U64(o.ambient, BIT(CAP_NET_RAW_));
	ASSERT_TRUE(o.no_new_privs); /* implied for a non-root user (R1) */
	ASSERT_EQ(exe[0], '/');
	/* '+': nothing applied; '!': no uid change, so nothing implies NNP */
	ASSERT_EQ(parse("[Service]\nUser=nobody\nNoNewPrivileges=yes\nExecStart=+/bin/true\n"), 0);
	ASSERT_EQ(service_resolve(&sf, &o, exe, sizeof(exe), err, sizeof(err)), 0);
	ASSERT_FALSE(o.set_user);
	ASSERT_FALSE(o.no_new_privs);
	ASSERT_EQ(parse("[Service]\nUser=nobody\nSystemCallFilter=@system-service\n"
			"ExecStart=!/bin/true\n"),
		  0);
	ASSERT_EQ(service_resolve(&sf, &o, exe, sizeof(exe), err, sizeof(err)), 0);
	ASSERT_FALSE(o.set_user);
	ASSERT_FALSE(o.no_new_privs);
	ASSERT_EQ(parse("[Service]\nUser=no-such-user-capfix\nExecStart=/bin/true\n"), 0);
	ASSERT_EQ(service_resolve(&sf, &o, exe, sizeof(exe), err, sizeof(err)), -ENOENT);
	ASSERT_HAS(err, "no such user");
}
