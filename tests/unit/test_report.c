// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* capfix report: the JSON reader, the drop-in merge over hosts, grouping of records. */
#include <stdlib.h>
#include <string.h>
#include "../test.h"
#include "jsonread.h"
#include "report.h"

static struct jnode *parse(const char *s)
{
	char err[128];

	return jparse(s, strlen(s), err, sizeof(err));
}

TEST(jsonread_values)
{
	struct jnode *n = parse(" {\"a\":[1,-2.5e1,true,false,null],\"s\":\"x\\\"\\u00e9\\ud83d\\ude00\\n\"} ");
	const struct jnode *a;

	if (!ASSERT_TRUE(n != NULL))
		return;
	a = jget(n, "a");
	if (ASSERT_TRUE(a && a->type == J_ARR && a->child)) {
		ASSERT_EQ(a->child->num, 1);
		ASSERT_EQ(a->child->next->num, -25);
		ASSERT_TRUE(a->child->next->next->b);
		ASSERT_FALSE(a->child->next->next->next->b);
		ASSERT_EQ(a->child->next->next->next->next->type, J_NULL);
	}
	ASSERT_STREQ(jstr(n, "s"), "x\"\xc3\xa9\xf0\x9f\x98\x80\n");
	ASSERT_TRUE(jstr(n, "a") == NULL);
	ASSERT_TRUE(jget(n, "missing") == NULL);
	jfree(n);
}

TEST(jsonread_rejects)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1 2]", "01", "1.", "\"\\ud83d\"", "\"a\nb\"", "\"\xff\"",
		"\"\xc0\xaf\"", "tru", "{\"a\":1} x", "{1:2}", "\"\\x\"",
	};
	char err[128], deep[200];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct jnode *n = jparse(bad[i], strlen(bad[i]), err, sizeof(err));

		if (!ASSERT_TRUE(n == NULL))
			fprintf(stderr, "  accepted: %s\n", bad[i]);
		jfree(n);
		ASSERT_HAS(err, "offset");
	}
	memset(deep, '[', sizeof(deep));
	ASSERT_TRUE(jparse(deep, sizeof(deep), err, sizeof(err)) == NULL);
	ASSERT_HAS(err, "nested too deep");
}

TEST(report_merge_dropins_union)
{
	const char *t[] = {
		"[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n",
		"[Service]\nAmbientCapabilities=CAP_NET_RAW CAP_NET_BIND_SERVICE\n",
	};
	char out[512], why[256];

	ASSERT_EQ(rep_merge_dropins(t, 2, out, sizeof(out), why, sizeof(why)), 0);
	ASSERT_STREQ(out, "[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW\n");
}

TEST(report_merge_dropins_bounding)
{
	const char *both[] = {
		"[Service]\nAmbientCapabilities=CAP_NET_RAW\nCapabilityBoundingSet=CAP_CHOWN CAP_NET_RAW\n",
		"[Service]\nAmbientCapabilities=CAP_KILL\nCapabilityBoundingSet=CAP_KILL\nPrivateUsers=no\n",
		"[Service]\nAmbientCapabilities=CAP_KILL\nCapabilityBoundingSet=CAP_KILL\nPrivateUsers=no\n",
	};
	const char *mixed[] = {
		"[Service]\nAmbientCapabilities=CAP_NET_RAW\nCapabilityBoundingSet=CAP_CHOWN CAP_NET_RAW\n",
		"[Service]\nAmbientCapabilities=CAP_KILL\n",
	};
	const char *differ[] = {
		"[Service]\nAmbientCapabilities=CAP_KILL\nSecureBits=keep-caps\n",
		"[Service]\nAmbientCapabilities=CAP_KILL\nSecureBits=noroot\n",
	};
	char out[512], why[256];

	/* every host widened its own set: the union narrows none of them */
	ASSERT_EQ(rep_merge_dropins(both, 3, out, sizeof(out), why, sizeof(why)), 0);
	ASSERT_STREQ(out, "[Service]\nAmbientCapabilities=CAP_KILL CAP_NET_RAW\n"
			  "CapabilityBoundingSet=CAP_CHOWN CAP_KILL CAP_NET_RAW\nPrivateUsers=no\n");
	/* one line for all would replace the bounding set of the host without one */
	ASSERT_EQ(rep_merge_dropins(mixed, 2, out, sizeof(out), why, sizeof(why)), -1);
	ASSERT_HAS(why, "CapabilityBoundingSet= is widened on 1 of 2 hosts");
	ASSERT_EQ(rep_merge_dropins(differ, 2, out, sizeof(out), why, sizeof(why)), -1);
	ASSERT_HAS(why, "SecureBits= differs");
	ASSERT_EQ(rep_merge_dropins(differ, 0, out, sizeof(out), why, sizeof(why)), -1);
}

TEST(report_groups_by_unit_over_hosts)
{
	static const char *const lines[] = {
		"{\"type\":\"denial\",\"host\":\"a\",\"pid\":10,\"comm\":\"web\",\"unit\":\"web.service\","
		"\"capability\":\"CAP_NET_BIND_SERVICE\",\"syscall\":\"bind\",\"effect\":\"failed\",\"count\":1,"
		"\"bind\":{\"port\":80},\"fixes\":[{\"kind\":\"systemd\",\"unit\":\"web.service\","
		"\"dropin\":\"[Service]\\nAmbientCapabilities=CAP_NET_BIND_SERVICE\\n\"}]}",
		"{\"type\":\"denial\",\"host\":\"a\",\"pid\":12,\"comm\":\"web\",\"unit\":\"web.service\","
		"\"capability\":\"CAP_NET_BIND_SERVICE\",\"syscall\":\"bind\",\"effect\":\"failed\",\"count\":2,"
		"\"bind\":{\"port\":80}}",
		"{\"type\":\"denial\",\"pid\":7,\"comm\":\"web\",\"unit\":\"web.service\","
		"\"capability\":\"CAP_NET_RAW\",\"syscall\":\"socket\",\"effect\":\"failed\",\"count\":1}",
		"{\"type\":\"summary\",\"host\":\"b\",\"units\":[{\"unit\":\"web.service\","
		"\"missing\":[\"CAP_NET_RAW\"],\"fix\":{\"dropin\":\"[Service]\\nAmbientCapabilities=CAP_NET_RAW\\n\"}}]}",
		"{\"type\":\"verify\"}",
	};
	struct jnode *recs[5];
	struct rep r = {};
	char *text = NULL;
	size_t len = 0, i;
	FILE *m;

	for (i = 0; i < 5; i++) {
		recs[i] = parse(lines[i]);
		if (!ASSERT_TRUE(recs[i] != NULL))
			return;
		/* the third has no "host": it belongs to the host its file names */
		ASSERT_EQ(rep_add(&r, recs[i], "b"), 0);
	}
	ASSERT_EQ(r.nhosts, 2);
	ASSERT_EQ(r.nfindings, 2); /* pids 10 and 12 of host a are one line */
	ASSERT_EQ(r.nunits, 1);
	ASSERT_EQ(rep_merge(&r), 0);
	m = open_memstream(&text, &len);
	rep_print_text(m, &r, false);
	fclose(m);
	ASSERT_HAS(text, "a: bind() failed with an error: CAP_NET_BIND_SERVICE denied (port 80)\n"
			 "  who  2 processes (pids 10-12), 3 times, web, unit web.service\n");
	ASSERT_HAS(text, "unit web.service on 2 host(s) (a, b): CAP_NET_BIND_SERVICE,CAP_NET_RAW\n"
			 "  one drop-in for every host: /etc/systemd/system/web.service.d/capfix.conf\n"
			 "    [Service]\n    AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW\n");
	free(text);
	rep_free(&r);
	for (i = 0; i < 5; i++)
		jfree(recs[i]);
	/* a record without a type is not capfix's */
	recs[0] = parse("{\"host\":\"x\"}");
	ASSERT_EQ(rep_add(&r, recs[0], "x"), -22);
	rep_free(&r);
	jfree(recs[0]);
}
