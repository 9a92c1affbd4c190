// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The summary's groups and --emit's files: quoting of untrusted paths, nothing outside DIR. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../test.h"
#include "unit.h"
#include "emit.h"
#include "names.h"
#include "output.h"

TEST(emit_yaml_quote)
{
	char b[256];

	ASSERT_GT(yaml_quote(b, sizeof(b), "/usr/bin/x"), 0);
	ASSERT_STREQ(b, "\"/usr/bin/x\"");
	yaml_quote(b, sizeof(b), "a\"b\\c\nd{{ x }}");
	ASSERT_STREQ(b, "\"a\\\"b\\\\c\\x0ad{{ x }}\"");
	/* é, then NEL (U+0085) which YAML 1.1 folds as a line break */
	yaml_quote(b, sizeof(b), "\xc3\xa9\xc2\x85");
	ASSERT_STREQ(b, "\"\\u00e9\\u0085\"");
	yaml_quote(b, sizeof(b), "\xf0\x9f\x98\x80");
	ASSERT_STREQ(b, "\"\\U0001f600\"");
	/* raw bytes, overlongs and surrogates cannot be YAML */
	ASSERT_EQ(yaml_quote(b, sizeof(b), "\xff"), -1);
	ASSERT_EQ(yaml_quote(b, sizeof(b), "\xc0\xaf"), -1);
	ASSERT_EQ(yaml_quote(b, sizeof(b), "\xed\xa0\x80"), -1);
	ASSERT_EQ(yaml_quote(b, sizeof(b), "\xe2\x82"), -1);
	ASSERT_EQ(yaml_quote(b, 4, "abcdef"), -1);
}

static struct proc_facts pf_a, pf_b;
static struct diagnosis setcap_ok; /* a combined diagnosis offering setcap */

/* two processes of one unit (different exes), each missing one capability */
static void make_summary(struct summary *s, struct summary_proc *procs, const char *exe_b)
{
	memset(s, 0, sizeof(*s));
	memset(procs, 0, 2 * sizeof(*procs));
	memset(&pf_a, 0, sizeof(pf_a));
	pf_a.runtime = RUNTIME_SYSTEMD_SYSTEM;
	strcpy(pf_a.unit, "web.service");
	strcpy(pf_a.cgroup, "/system.slice/web.service");
	strcpy(pf_a.exe, "/srv/web");
	pf_a.path_trusted = TRI_YES; /* root's file in root's directories (pathtrust.c) */
	pf_a.creds.uid = 65534;
	pf_a.unit_props.known = true;
	strcpy(pf_a.unit_props.user, "nobody");
	pf_a.unit_props.bounding_set_known = true;
	pf_a.unit_props.bounding_set = 1ULL << 0; /* CapabilityBoundingSet=CAP_CHOWN */
	pf_a.unit_props.ambient = 1ULL << 0;
	pf_b = pf_a;
	strcpy(pf_b.exe, exe_b);
	procs[0].pf = &pf_a;
	procs[0].missing = 1ULL << 10;
	procs[0].failed = 2;
	procs[0].nsyscalls = 1;
	procs[0].syscalls[0] = 49; /* bind */
	setcap_ok.nfixes = 1;
	setcap_ok.fixes[0].kind = FIX_SETCAP;
	procs[0].combined = &setcap_ok;
	procs[0].exe = pf_a.exe;
	procs[0].unit = pf_a.unit;
	procs[1] = procs[0];
	procs[1].pf = &pf_b;
	procs[1].exe = pf_b.exe;
	procs[1].missing = 1ULL << 13;
	procs[1].failed = 1;
	procs[1].syscalls[0] = 41; /* socket */
	s->procs = procs;
	s->nprocs = 2;
}

TEST(summary_groups_per_unit_and_exe)
{
	struct summary_proc procs[2];
	struct summary s;

	make_summary(&s, procs, "/srv/helper");
	ASSERT_EQ(summary_build_groups(&s), 0);
	ASSERT_EQ(s.nunits, 1);
	ASSERT_EQ(s.nexes, 2);
	ASSERT_STREQ(s.units[0].name, "web.service");
	ASSERT_U64(s.units[0].missing, (1ULL << 10) | (1ULL << 13));
	ASSERT_EQ(s.units[0].failed, 3);
	ASSERT_EQ(s.units[0].nsyscalls, 2);
	ASSERT_TRUE(s.units[0].has_fix);
	/* one drop-in with both caps, merged with what the unit has (CAP_CHOWN) */
	ASSERT_STREQ(s.units[0].fix.path, "/etc/systemd/system/web.service.d/capfix.conf");
	ASSERT_HAS(s.units[0].fix.dropin,
		   "AmbientCapabilities=CAP_CHOWN CAP_NET_BIND_SERVICE CAP_NET_RAW");
	ASSERT_HAS(s.units[0].fix.dropin,
		   "CapabilityBoundingSet=CAP_CHOWN CAP_NET_BIND_SERVICE CAP_NET_RAW");
	ASSERT_STREQ(s.exes[0].name, "/srv/web");
	ASSERT_STREQ(s.exes[0].unit, "web.service");
	ASSERT_STREQ(s.exes[0].fix.command, "setcap cap_net_bind_service=+ep /srv/web");
	summary_free_groups(&s);
}

/* declared in unit.h */
char *render_summary(int (*fn)(FILE *, const struct summary *), const struct summary *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	fn(m, s);
	fclose(m);
	return text;
}

TEST(emit_hostile_paths_quoted)
{
	struct summary_proc procs[2];
	struct summary s;
	char *t;

	make_summary(&s, procs, "/srv/it's $(reboot) {{ lookup('pipe','id') }}");
	pf_a.runtime = pf_b.runtime = RUNTIME_NONE; /* no unit: the exes get setcap */
	ASSERT_EQ(summary_build_groups(&s), 0);
	ASSERT_EQ(s.nunits, 0);
	t = render_summary(emit_render_setcap, &s);
	ASSERT_HAS(t, "set -eu\n");
	ASSERT_HAS(t, "capfix_setcap /srv/web cap_net_bind_service=ep\n");
	ASSERT_HAS(t, "capfix_setcap '/srv/it'\\''s $(reboot) {{ lookup('\\''pipe'\\'','\\''id'\\'') }}' "
		      "cap_net_raw=ep\n");
	free(t);
	t = render_summary(emit_render_ansible, &s);
	ASSERT_HAS(t, "    path: !unsafe \"/srv/web\"\n");
	/* a path shlex would split: setcap with an argv, the path never templated */
	ASSERT_HAS(t, "ansible.builtin.command:\n    argv:\n      - setcap\n"
		      "      - \"cap_net_raw=ep\"\n"
		      "      - !unsafe \"/srv/it's $(reboot) {{ lookup('pipe','id') }}\"\n");
	free(t);
	summary_free_groups(&s);
}

TEST(emit_write_stays_in_dir)
{
	struct summary_proc procs[2];
	char dir[] = "/tmp/capfix-emit-XXXXXX", path[256], buf[8192];
	struct summary s;
	ssize_t n;
	int fd;

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	make_summary(&s, procs, "/srv/helper");
	ASSERT_EQ(summary_build_groups(&s), 0);
	/* a unit name out of a cgroup path that tries to climb out is never used */
	strcpy(s.units[0].name, "../../x.service");
	snprintf(path, sizeof(path), "%s/out", dir);
	ASSERT_EQ(emit_write(path, &s, buf, sizeof(buf)), 3);
	snprintf(path, sizeof(path), "%s/x.service.d", dir);
	ASSERT_TRUE(access(path, F_OK) != 0);
	strcpy(s.units[0].name, "web.service");
	/* a symlink planted in DIR is not followed */
	snprintf(path, sizeof(path), "%s/out/etc", dir);
	ASSERT_EQ(symlink("/etc", path), 0);
	snprintf(path, sizeof(path), "%s/out", dir);
	ASSERT_TRUE(emit_write(path, &s, buf, sizeof(buf)) < 0);
	ASSERT_HAS(buf, "cannot create");
	snprintf(path, sizeof(path), "%s/out/etc", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/out", dir);
	ASSERT_EQ(emit_write(path, &s, buf, sizeof(buf)), 4);
	/* the Ansible local fact is the summary's JSON object, one line */
	snprintf(path, sizeof(path), "%s/out/capfix.fact", dir);
	fd = open(path, O_RDONLY);
	ASSERT_TRUE(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	ASSERT_HAS(buf, "{\"type\":\"summary\",\"host\":");
	ASSERT_HAS(buf, "\"units\":[{\"unit\":\"web.service\"");
	snprintf(path, sizeof(path), "%s/out/etc/systemd/system/web.service.d/capfix.conf", dir);
	fd = open(path, O_RDONLY);
	ASSERT_TRUE(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	ASSERT_HAS(buf, "[Service]\nAmbientCapabilities=CAP_CHOWN CAP_NET_BIND_SERVICE CAP_NET_RAW\n");
	summary_free_groups(&s);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ASSERT_EQ(system(path), 0);
}
