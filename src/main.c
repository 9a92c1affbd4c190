// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* capfix: the command line and the lifecycle (attach, poll, report, detach). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diagnose.h"
#include "emit.h"
#include "names.h"
#include "output.h"
#include "privs.h"
#include "parse.h"
#include "proc.h"
#include "report.h"
#include "service.h"
#include "spawn.h"
#include "strutil.h"
#include "tracer.h"
#include "verify.h"

#define MAX_FINDINGS 4096

/* exit statuses (documented in the README and capfix.8) */
#define EXIT_FINDING 3 /* --fail-on-finding and a failed denial was seen */
#define EXIT_USAGE 2
#define EXIT_UNVERIFIED 4 /* --verify: the fix could not be verified */

static const char usage_text[] =
	"USAGE: capfix [OPTIONS]                      trace the whole host until Ctrl-C\n"
	"       capfix [OPTIONS] -- COMMAND [ARGS...]  run COMMAND, trace it and its children\n"
	"       capfix report [--json] [--summary] [--emit DIR] FILE...\n"
	"                                     read saved --json output of one host or many back\n"
	"\n"
	"Shows the capability checks the kernel denied, whether each made its syscall fail,\n"
	"why the obvious fix (setcap, a unit edit) does not work, and the fix that does.\n"
	"\n"
	"  -p, --pid PID          trace a running process and its descendants\n"
	"  -u, --unit NAME        trace a systemd unit, across restarts (e.g. nginx.service)\n"
	"  -g, --cgroup PATH      trace a cgroup v2 directory (e.g. /sys/fs/cgroup/system.slice)\n"
	"  -c, --comm NAME        trace processes with this command name\n"
	"      --user USER        with COMMAND: run it as USER with no capabilities, as a\n"
	"                         service manager's User= would\n"
	"  -d, --duration SECONDS stop after SECONDS\n"
	"  -j, --json             JSON Lines on stdout (see the README for the format)\n"
	"  -a, --all              also report denials whose syscall succeeded (harmless)\n"
	"      --fail-on-finding  exit 3 when a denial made a syscall fail\n"
	"      --emit DIR         at exit, write the combined fixes to DIR: setcap.sh,\n"
	"                         capfix-tasks.yml (Ansible), etc/systemd/system/UNIT.d/\n"
	"                         capfix.conf (see the README); SIGUSR1 prints the summary\n"
	"      --verify           with --user and COMMAND: re-run it with the proposed caps\n"
	"                         as ambient caps until it works; with -u UNIT: restart the\n"
	"                         unit with a runtime drop-in (-d: seconds to watch, 3)\n"
	"      --persist          with --verify -u: keep the verified drop-in in /etc\n"
	"      --service FILE     start FILE's ExecStart= (plus ARGS after --) with its\n"
	"                         User=, Group=, capabilities, NoNewPrivileges=, SecureBits=\n"
	"                         as systemd 252 would, and trace it (no systemd needed)\n"
	"      --attach KIND      prefer tp_btf, fexit or kprobe (falls back if refused)\n"
	"      --result KIND      prefer task_work, sys_exit or none to see syscall results\n"
	"      --no-noise-filter  do not skip the known harmless probes in the kernel\n"
	"  -v, --verbose          say which kernel hooks were chosen, and libbpf's messages\n"
	"  -V, --version          print the version\n"
	"  -h, --help             this text\n"
	"\n"
	"EXAMPLES:\n"
	"  capfix                               # the whole host, text, until Ctrl-C\n"
	"  capfix --user nobody -- ./server     # why can't ./server bind port 80 as nobody?\n"
	"  capfix -u nginx.service -d 60        # a crash-looping unit, for a minute\n"
	"  capfix -p 1234 --json | jq .         # a running process, as JSON\n"
	"  capfix --verify --user nobody -- ./server   # find and prove the caps it needs\n"
	"  capfix --verify -u web.service --persist    # the same for a unit, then keep it\n"
	"\n"
	"EXIT STATUS: with COMMAND, the command's status (128+N if killed by signal N);\n"
	"otherwise 0, or 3 with --fail-on-finding and a finding; with --verify, 0 verified and\n"
	"4 not verified; 1 on errors, 2 on bad usage.\n"
	"\n"
	"More: man capfix; /usr/share/doc/capfix/README.md (JSON format), docs/rules.md there.\n";

static struct env {
	pid_t pid;
	const char *unit;
	const char *cgroup;
	const char *comm;
	const char *user;
	long duration;
	bool json;
	bool all;
	bool verbose;
	bool fail_on_finding;
	bool noise_table;
	const char *emit_dir; /* --emit */
	bool verify; /* --verify */
	bool persist; /* --persist */
	const char *service; /* --service FILE */
	enum attach_kind attach;
	int result;
	char **cmd;
} env = {
	.noise_table = true,
	.result = -1,
};

/*
 * A finding kept for the summary. Its diagnosis (116 kB of rendered fixes) is printed and
 * dropped: the summary needs only what the fixes grant, and diagnoses the union again.
 */
struct finding_entry {
	struct agg_key key;
	struct proc_facts *pf;
	struct finding f;
	int grant_cap; /* the diagnosis' least-privileged cap (R19) */
	__u64 grant_caps; /* every cap its fixes grant */
};

static struct app {
	FILE *out; /* findings: stdout, or a copy of it when a command's own stdout is moved */
	struct tracer *tracer;
	struct finding_entry *findings;
	int nfindings;
	double mono_to_real; /* add to CLOCK_MONOTONIC seconds for Unix time */
	bool output_broken; /* stdout gone (EPIPE): stop */
	struct diagnosis *diag; /* the one being printed */
	__u64 unsummarized; /* findings printed after the table was full */
	__u64 exec_fails;
} app;

static volatile sig_atomic_t exiting;
static volatile sig_atomic_t interrupts;
static volatile sig_atomic_t summary_wanted; /* SIGUSR1: print the summary so far */

static void on_usr1(int sig)
{
	(void)sig;
	summary_wanted = 1;
}

static void on_signal(int sig)
{
	if (sig == SIGINT && ++interrupts > 1)
		_exit(130); /* a second Ctrl-C: the kernel detaches our links when we exit */
	exiting = sig;
}

static void die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("capfix: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'capfix --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

static long parse_long(const char *s, const char *what, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		die_usage("invalid %s '%s' (expected a number from %ld to %ld)", what, s, min, max);
	return v;
}

enum {
	OPT_USER = 0x100,
	OPT_FAIL_ON_FINDING,
	OPT_ATTACH,
	OPT_RESULT,
	OPT_NO_NOISE,
	OPT_EMIT,
	OPT_VERIFY,
	OPT_PERSIST,
	OPT_SERVICE,
};

/* --service FILE [-- ARGS]: credentials and command line from the unit file (service.c) */
static struct spawn_opts service_opts;

static void load_service(const char *file, int nextra, char **extra)
{
	static struct service_file sf;
	static char exe[MODEL_PATH_MAX];
	char err[512];
	char **cmd;
	int i, r;

	r = service_load(file, &sf, err, sizeof(err));
	if (r) {
		fprintf(stderr, "capfix: --service: %s\n", err);
		exit(r == -EOPNOTSUPP || r == -EINVAL ? EXIT_USAGE : 1);
	}
	r = service_resolve(&sf, &service_opts, exe, sizeof(exe), err, sizeof(err));
	if (r) {
		fprintf(stderr, "capfix: --service %s: %s\n", file, err);
		exit(EXIT_USAGE);
	}
	cmd = calloc((size_t)(sf.argc + nextra + 1), sizeof(*cmd));
	if (!cmd)
		exit(1);
	for (i = 0; i < sf.argc; i++)
		cmd[i] = (char *)service_arg(&sf, i);
	for (i = 0; i < nextra; i++)
		cmd[sf.argc + i] = extra[i];
	/* '@' names argv[0] apart from the file; a bare name went through systemd's search path */
	service_opts.exec_path = exe;
	if (!(sf.prefix & SERVICE_PFX_ARGV0))
		cmd[0] = exe;
	env.cmd = cmd;
	service_describe(stderr, &sf, &service_opts, exe);
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'u' },
		{ "cgroup", required_argument, NULL, 'g' },
		{ "comm", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, OPT_USER },
		{ "duration", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'a' },
		{ "fail-on-finding", no_argument, NULL, OPT_FAIL_ON_FINDING },
		{ "attach", required_argument, NULL, OPT_ATTACH },
		{ "result", required_argument, NULL, OPT_RESULT },
		{ "no-noise-filter", no_argument, NULL, OPT_NO_NOISE },
		{ "emit", required_argument, NULL, OPT_EMIT },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "persist", no_argument, NULL, OPT_PERSIST },
		{ "service", required_argument, NULL, OPT_SERVICE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, "+p:u:g:c:d:javVh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			env.pid = (pid_t)parse_long(optarg, "pid", 1, INT_MAX);
			break;
		case 'u':
			if (!unit_name_valid(optarg))
				die_usage("invalid unit name '%s'", optarg);
			env.unit = optarg;
			break;
		case 'g':
			env.cgroup = optarg;
			break;
		case 'c':
			if (!*optarg || strlen(optarg) >= CAPFIX_COMM_LEN)
				die_usage("invalid command name '%s' (1 to 15 bytes)", optarg);
			env.comm = optarg;
			break;
		case OPT_USER:
			env.user = optarg;
			break;
		case 'd':
			env.duration = parse_long(optarg, "duration", 1, 365L * 24 * 3600);
			break;
		case 'j':
			env.json = true;
			break;
		case 'a':
			env.all = true;
			break;
		case OPT_FAIL_ON_FINDING:
			env.fail_on_finding = true;
			break;
		case OPT_ATTACH:
			if (!strcmp(optarg, "tp_btf"))
				env.attach = ATTACH_TP_BTF;
			else if (!strcmp(optarg, "fexit"))
				env.attach = ATTACH_FEXIT;
			else if (!strcmp(optarg, "kprobe"))
				env.attach = ATTACH_KPROBE;
			else
				die_usage("invalid --attach '%s' (tp_btf, fexit or kprobe)", optarg);
			break;
		case OPT_RESULT:
			if (!strcmp(optarg, "task_work"))
				env.result = RESULT_TASK_WORK;
			else if (!strcmp(optarg, "sys_exit"))
				env.result = RESULT_SYS_EXIT;
			else if (!strcmp(optarg, "none"))
				env.result = RESULT_NONE;
			else
				die_usage("invalid --result '%s' (task_work, sys_exit or none)", optarg);
			break;
		case OPT_NO_NOISE:
			env.noise_table = false;
			break;
		case OPT_EMIT:
			if (!*optarg)
				die_usage("--emit needs a directory");
			env.emit_dir = optarg;
			break;
		case OPT_VERIFY:
			env.verify = true;
			break;
		case OPT_PERSIST:
			env.persist = true;
			break;
		case OPT_SERVICE:
			env.service = optarg;
			break;
		case 'v':
			env.verbose = true;
			break;
		case 'V':
			printf("capfix %s\n", CAPFIX_VERSION);
			exit(0);
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs("Try 'capfix --help' for more information.\n", stderr);
			exit(EXIT_USAGE);
		}
	}
	if (optind < argc)
		env.cmd = &argv[optind];
	if (env.service) {
		if (env.user || env.pid || env.unit)
			die_usage("--service cannot be combined with --user, -p or -u");
		load_service(env.service, argc - optind, argv + optind);
	}
	if (env.user && !env.cmd)
		die_usage("--user needs a COMMAND after --");
	if (env.cmd && env.pid)
		die_usage("-p and a COMMAND cannot be combined");
	if (env.verify && env.cmd && !env.user && !env.service)
		die_usage("--verify -- COMMAND needs --user: it grants ambient capabilities the way "
			  "a service manager's User= does");
	if (env.verify && !env.cmd && !env.unit)
		die_usage("--verify needs --user USER -- COMMAND, or --unit NAME");
	if (env.verify && env.cmd && env.unit)
		die_usage("--verify takes a COMMAND or a --unit, not both");
	if (env.persist && !(env.verify && env.unit))
		die_usage("--persist goes with --verify --unit NAME");
	if (env.pid && kill(env.pid, 0) && errno == ESRCH)
		die_usage("no process with pid %d", env.pid);
}

/* ---- findings ---- */

static void finding_from_event(struct finding *f, const struct event *e)
{
	memset(f, 0, sizeof(*f));
	f->cap = e->cap;
	f->chain = e->chain;
	f->syscall = e->syscall;
	f->effect = e->effect;
	f->err = e->effect == EFFECT_FAILED ? (int)-e->ret : 0;
	f->count = 1;
	f->cred_not_current = e->flags & EVF_CRED_NOT_CURRENT;
	if (e->flags & EVF_BIND) {
		f->is_bind = true;
		f->family = e->bind_family;
		f->port = e->bind_port;
		inet_ntop(e->bind_family == 10 ? AF_INET6 : AF_INET, e->bind_addr, f->addr,
			  sizeof(f->addr));
	}
	/*
	 * R14: the capability sets the kernel checked hold the cap, yet the check was denied:
	 * another LSM (SELinux, AppArmor) said no (fexit/kprobe variants see their verdict).
	 */
	if (f->cap >= 0 && (e->caps.effective & (1ULL << (f->cap & 63))) &&
	    !(e->flags & (EVF_USERNS_CHILD | EVF_TARGET_NS_CHILD)))
		f->lsm_suspect = true;
}

static void facts_from_event(struct proc_facts *pf, const struct event *e)
{
	pf->pid = e->pid;
	pf->tid = e->tid;
	pf->ppid = e->ppid;
	pf->uid = e->uid;
	pf->euid = e->euid;
	pf->suid = e->suid;
	pf->gid = e->gid;
	pf->egid = e->egid;
	memcpy(pf->comm, e->comm, sizeof(pf->comm));
	pf->comm[sizeof(pf->comm) - 1] = '\0';
	if (!(e->flags & EVF_NO_EXE) && e->exe_off < CAPFIX_PATH_LEN)
		str_copy(pf->exe, e->exe + e->exe_off, sizeof(pf->exe));
	/* a truncated path is left empty: proc_collect() reads /proc/PID/cgroup instead */
	if (e->cgroup_off < CAPFIX_CGROUP_LEN && !(e->flags & EVF_CGROUP_TRUNCATED))
		str_copy(pf->cgroup, e->cgroup + e->cgroup_off, sizeof(pf->cgroup));
	pf->exe_kdev = e->exe_dev;
	pf->exe_ino = e->exe_ino;
	pf->caps = e->caps;
	pf->no_new_privs = e->no_new_privs;
	pf->securebits = e->securebits;
	pf->securebits_known = true;
	pf->userns_child = e->flags & EVF_USERNS_CHILD;
	pf->target_ns_child = e->flags & EVF_TARGET_NS_CHILD;
	pf->port_start = -1;
	pf->seccomp_mode = -1;
	pf->from_event = true;
}

/*
 * What user space can still read. proc_collect() is best effort: a process that is gone
 * keeps what the kernel captured (ids, creds, exe and cgroup paths) and gets the file and
 * unit facts by path; it classifies the cgroup and asks the unit's manager either way.
 */
static void collect_facts(struct proc_facts *pf, const struct event *e)
{
	proc_collect(e->pid, pf);
	/* the host's passwd names only users of the host's user namespace */
	if (!pf->user_name[0] && !pf->userns_child) {
		struct passwd pw, *res = NULL;
		char pwbuf[4096];

		if (!getpwuid_r(pf->uid, &pw, pwbuf, sizeof(pwbuf), &res) && res)
			str_copy(pf->user_name, res->pw_name, sizeof(pf->user_name));
	}
	proc_collect_host(pf);
}

static struct finding_entry *finding_find(const struct agg_key *k)
{
	int i;

	for (i = 0; i < app.nfindings; i++)
		if (!memcmp(&app.findings[i].key, k, sizeof(*k)))
			return &app.findings[i];
	return NULL;
}

static void emit(const struct finding_entry *fe, const struct diagnosis *d, double when)
{
	struct report r = {
		.time = when, .pf = fe->pf, .f = &fe->f, .d = d, .count = fe->f.count,
	};

	if (env.json)
		output_json(app.out, &r);
	else
		output_text(app.out, &r);
	if (fflush(app.out) || ferror(app.out))
		app.output_broken = true;
}

/* R3: which capability of the file lies outside the caller's bounding set; -1 if none */
static int exec_fail_cap(const struct proc_facts *pf)
{
	__u64 out;
	int i;

	if (pf->fcaps.present != TRI_YES || !pf->fcaps.effective)
		return -1;
	out = pf->fcaps.permitted & ~pf->caps.bounding;
	for (i = 0; i <= CAPFIX_MAX_CAP; i++)
		if (out & (1ULL << i))
			return i;
	return -1;
}

static int handle_event(void *ctx, const struct event *e)
{
	static struct finding_entry overflow;
	struct finding_entry *fe;
	struct agg_key key = {};
	struct proc_facts *pf;
	char path[MODEL_PATH_MAX];

	(void)ctx;
	key.pid = e->pid;
	key.cap = e->cap;
	key.syscall = e->syscall;
	key.effect = e->effect;
	key.port = e->flags & EVF_BIND ? e->bind_port : 0;
	if (e->type == EVENT_EXEC_FAIL)
		key.pad = 1; /* not a kernel aggregation key */
	if (finding_find(&key))
		return 0;

	if (!app.diag) {
		app.diag = malloc(sizeof(*app.diag));
		if (!app.diag)
			return -ENOMEM;
	}
	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	/* a full table still prints the finding; only the summary misses it, and says so */
	fe = app.nfindings < MAX_FINDINGS ? &app.findings[app.nfindings] : &overflow;
	memset(fe, 0, sizeof(*fe));
	fe->key = key;
	fe->pf = pf;
	facts_from_event(pf, e);
	finding_from_event(&fe->f, e);

	if (e->type == EVENT_EXEC_FAIL) {
		/* R3: the file that failed to exec, not the caller's own exe */
		if (e->exec_path_len <= 1)
			goto drop;
		str_copy(path, e->exec_path, sizeof(path) < sizeof(e->exec_path) ?
						     sizeof(path) : sizeof(e->exec_path));
		collect_facts(pf, e);
		if (path[0] != '/') {
			char cwd[MODEL_PATH_MAX], link[64];
			ssize_t n;

			snprintf(link, sizeof(link), "/proc/%d/cwd", e->pid);
			n = readlink(link, cwd, sizeof(cwd) - 1);
			if (n <= 0)
				goto drop;
			cwd[n] = '\0';
			if (str_printf(pf->exe, sizeof(pf->exe), "%s/%s", cwd, path))
				goto drop;
		} else {
			str_copy(pf->exe, path, sizeof(pf->exe));
		}
		pf->exe_real[0] = '\0';
		memset(&pf->fcaps, 0, sizeof(pf->fcaps));
		pf->exe_kdev = pf->exe_ino = 0;
		proc_collect_path(pf->exe, pf);
		fe->f.cap = exec_fail_cap(pf);
		if (fe->f.cap < 0)
			goto drop; /* EPERM for another reason */
		fe->f.exec_fail = true;
		fe->f.chain = 1ULL << fe->f.cap;
		fe->f.err = EPERM;
		fe->f.effect = EFFECT_FAILED;
		fe->f.lsm_suspect = false;
		app.exec_fails++;
	} else {
		collect_facts(pf, e);
	}
	diagnose(pf, &fe->f, app.diag);
	fe->grant_cap = app.diag->cap;
	fe->grant_caps = app.diag->caps;
	emit(fe, app.diag, (double)e->ts_ns / 1e9 + app.mono_to_real);
	if (fe == &overflow) {
		app.unsummarized++;
		free(pf);
	} else {
		app.nfindings++;
	}
	return 0;
drop:
	free(pf);
	return 0;
}

/* ---- summary ---- */

/*
 * systemd's own child before it execs the service ("(NAME)", exe systemd) has prlimit64 and
 * prctl denied CAP_SYS_RESOURCE after the uid change and ignores it (seen with systemd 252):
 * not something the service needs, so no part of its combined fix
 */
static bool manager_preexec(const struct proc_facts *pf)
{
	size_t n = strlen(pf->exe);

	return pf->comm[0] == '(' && n >= 8 && !strcmp(pf->exe + n - 8, "/systemd");
}

static void agg_count(void *ctx, const struct agg_key *k, const struct agg_val *v)
{
	struct finding_entry *fe = finding_find(k);

	(void)ctx;
	if (fe)
		fe->f.count = v->count;
}

static struct summary_proc *summary_proc_for(struct summary *s, const struct finding_entry *fe)
{
	struct summary_proc *p;
	int i;

	for (i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == fe->pf->pid)
			return &s->procs[i];
	p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = fe->pf->pid;
	memcpy(p->comm, fe->pf->comm, sizeof(p->comm));
	str_copy(p->exe, fe->pf->exe, sizeof(p->exe));
	str_copy(p->unit, fe->pf->unit, sizeof(p->unit));
	p->pf = fe->pf;
	return p;
}

/* final: at exit (--emit writes its files then); otherwise on SIGUSR1 */
static void report_summary(bool final)
{
	__u64 stats[STAT_MAX];
	struct summary s = {};
	int i, j;

	tracer_stats(app.tracer, stats);
	tracer_agg_foreach(app.tracer, agg_count, NULL);
	s.procs = calloc(app.nfindings ? app.nfindings : 1, sizeof(*s.procs));
	if (!s.procs)
		return;
	for (i = 0; i < app.nfindings; i++) {
		struct finding_entry *fe = &app.findings[i];
		struct summary_proc *p;

		if (fe->f.effect != EFFECT_FAILED || manager_preexec(fe->pf))
			continue;
		s.findings++;
		p = summary_proc_for(&s, fe);
		/* what each finding's fixes grant: the least-privileged cap of its chain (R19) */
		p->missing |= fe->grant_caps ? fe->grant_caps : 1ULL << (fe->f.cap & 63);
		p->failed += fe->f.count;
		for (j = 0; j < p->nsyscalls; j++)
			if (p->syscalls[j] == fe->f.syscall)
				break;
		if (j == p->nsyscalls && j < 16)
			p->syscalls[p->nsyscalls++] = fe->f.syscall;
		/*
		 * One fix for all the process needs. The union is granted as it is: it is not a
		 * chain of one syscall, so R19 must not reduce it (DAC_OVERRIDE from one call and
		 * DAC_READ_SEARCH from another are both needed).
		 */
		diagnose_caps(fe->pf, &fe->f, p->missing, &p->combined);
	}
	s.failed = stats[STAT_FAILED] + app.exec_fails;
	s.harmless = stats[STAT_HARMLESS] + stats[STAT_NOISE];
	s.unknown = stats[STAT_UNKNOWN];
	s.lost = stats[STAT_RB_DROPS];
	s.unsummarized = app.unsummarized;
	s.hook = tracer_describe(app.tracer);
	if (summary_build_groups(&s))
		fprintf(stderr, "capfix: no memory for the per-unit summary\n");
	if (env.json)
		output_summary_json(app.out, &s);
	else
		output_summary_text(app.out, &s);
	fflush(app.out);
	if (s.lost)
		fprintf(stderr, "capfix: warning: %llu event(s) lost: the ring buffer was full\n",
			(unsigned long long)s.lost);
	if (s.unsummarized)
		fprintf(stderr, "capfix: warning: %llu finding(s) printed but left out of the summary "
				"(more than %d distinct findings)\n",
			(unsigned long long)s.unsummarized, MAX_FINDINGS);
	if (final && env.emit_dir) {
		char msg[512];
		int n = emit_write(env.emit_dir, &s, msg, sizeof(msg));

		if (n < 0)
			fprintf(stderr, "capfix: --emit: %s\n", msg);
		else
			fprintf(stderr, "capfix: --emit: %d file(s) written to %s\n", n,
				env.emit_dir);
	}
	summary_free_groups(&s);
	free(s.procs);
}

static int trace_pid(void *ctx, pid_t pid)
{
	return tracer_add_tgid(ctx, pid);
}

/* ---- tracing a command ---- */

static int wait_status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static void drain(void)
{
	/* every task_work callback ran before its task returned to user mode */
	while (tracer_poll(app.tracer, 0, handle_event, NULL) > 0)
		;
}

static int poll_loop(pid_t child, int *child_status)
{
	struct timespec start, now;
	int err, status;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!exiting && !app.output_broken) {
		err = tracer_poll(app.tracer, 100, handle_event, NULL);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "capfix: polling the ring buffer: %s\n", strerror(-err));
			return err;
		}
		if (summary_wanted) {
			summary_wanted = 0;
			drain();
			report_summary(false);
		}
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			*child_status = status;
			child = 0;
			break;
		}
		if (env.duration) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - start.tv_sec >= env.duration)
				break;
		}
	}
	drain();
	return 0;
}

/* ---- --verify ---- */

/* the capabilities whose denial made a syscall fail, in findings from mark on */
static __u64 failed_caps_since(int mark)
{
	__u64 m = 0;
	int i, c;

	for (i = mark; i < app.nfindings; i++) {
		const struct finding_entry *fe = &app.findings[i];

		if (fe->f.effect != EFFECT_FAILED)
			continue;
		if (manager_preexec(fe->pf))
			continue;
		c = fe->grant_cap >= 0 ? fe->grant_cap : fe->f.cap;
		if (c >= 0 && c <= CAPFIX_MAX_CAP)
			m |= 1ULL << c;
	}
	return m;
}

static void verify_poll(void *ctx, int ms)
{
	(void)ctx;
	tracer_poll(app.tracer, ms, handle_event, NULL);
}

static int verify_mark(void *ctx)
{
	(void)ctx;
	return app.nfindings;
}

static __u64 verify_failed_since(void *ctx, int mark)
{
	(void)ctx;
	return failed_caps_since(mark);
}

/* one run of the command: the base credentials plus grant as ambient (and bounding) caps */
static int verify_run_command(void *ctx, __u64 grant, struct verify_run *r)
{
	const struct spawn_opts *base = ctx;
	struct spawn_child child = { .pid = -1, .go_fd = -1, .status_fd = -1 };
	struct spawn_opts o = *base;
	int mark = app.nfindings, status = 0, st, err;
	char msg[256];

	o.ambient |= grant;
	if (o.set_bounding)
		o.bounding |= grant; /* systemd drops ambient caps outside the bounding set */
	err = spawn_prepare(&o, env.cmd, &child);
	if (err)
		return err;
	err = tracer_add_tgid(app.tracer, child.pid);
	if (err) {
		spawn_abort(&child);
		return err;
	}
	if (spawn_release(&child, &st, msg, sizeof(msg)))
		fprintf(stderr, "capfix: %s\n", msg);
	poll_loop(child.pid, &status);
	if (exiting && waitpid(child.pid, &status, WNOHANG) == 0) {
		kill(child.pid, exiting);
		waitpid(child.pid, &status, 0);
		drain();
	}
	r->exit_code = wait_status_to_exit(status);
	r->ok = r->exit_code == 0;
	snprintf(r->state, sizeof(r->state), "exit %d", r->exit_code);
	r->failed = failed_caps_since(mark);
	return 0;
}

static int run_verify(const struct spawn_opts *base)
{
	struct verify_result *res = calloc(1, sizeof(*res));
	int err, code;

	if (!res)
		return 1;
	if (env.unit) {
		struct verify_trace tr = {
			.poll = verify_poll, .mark = verify_mark, .failed_since = verify_failed_since,
		};

		err = verify_unit(env.unit, &tr, (int)env.duration, env.persist, res);
	} else {
		res->target = "command";
		str_copy(res->name, env.cmd[0], sizeof(res->name));
		err = verify_loop(verify_run_command, (void *)base, (volatile int *)&exiting, res);
		if (err && !res->reason[0])
			snprintf(res->reason, sizeof(res->reason), "cannot run %s: %s", env.cmd[0],
				 strerror(-err));
		/* how a service grants what was verified */
		if (res->verified && res->caps)
			render_dropin(NULL, res->caps, base->set_user && base->uid == 0, res->dropin,
				      sizeof(res->dropin));
	}
	if (env.json)
		verify_print_json(app.out, res);
	else
		verify_print_text(app.out, res);
	fflush(app.out);
	code = res->verified ? 0 : EXIT_UNVERIFIED;
	free(res);
	return code;
}

int main(int argc, char **argv)
{
	struct tracer_config cfg = {};
	struct spawn_opts sopts = {};
	struct spawn_child child = { .pid = -1, .go_fd = -1, .status_fd = -1 };
	struct timespec mono, real;
	struct sigaction sa = {};
	char why[2048] = "", err_msg[512];
	int err, status = 0, exit_code = 0, spawn_status = 0;

	/* capfix report FILE...: reads saved JSON back, traces nothing (report.c) */
	if (argc > 1 && !strcmp(argv[1], "report"))
		return report_main(argc - 1, argv + 1);
	parse_args(argc, argv);
	tracer_set_verbose(env.verbose);
	if (env.service)
		sopts = service_opts;

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a gone reader shows as EPIPE on write: stop cleanly */

	app.findings = calloc(MAX_FINDINGS, sizeof(*app.findings));
	if (!app.findings)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	app.mono_to_real = (real.tv_sec - mono.tv_sec) + (real.tv_nsec - mono.tv_nsec) / 1e9;

	app.out = stdout;
	if (env.cmd && env.json) {
		/* JSON Lines own stdout: the command's own output goes to stderr */
		int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);

		if (fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0 || !(app.out = fdopen(fd, "w"))) {
			fprintf(stderr, "capfix: cannot set up stdout: %s\n", strerror(errno));
			return 1;
		}
	}
	/* name what is missing before anything is loaded or started (capfix(8) PRIVILEGES) */
	err = privs_check(env.cmd && (env.user || env.service), why, sizeof(why), err_msg,
			  sizeof(err_msg));
	if (err) {
		fprintf(stderr, "capfix: %s\n", why);
		return 1;
	}
	if (err_msg[0])
		fprintf(stderr, "capfix: warning: %s\n", err_msg);
	if (env.cmd) {
		if (env.user) {
			err = spawn_resolve_user(env.user, &sopts);
			if (err) {
				fprintf(stderr, "capfix: unknown user '%s'\n", env.user);
				return EXIT_USAGE;
			}
			/* User= without capabilities: the permitted set is emptied (R10, [CAP7]) */
		}
		/* fork now, exec only once the child's pid is traced */
		err = env.verify ? 0 : spawn_prepare(&sopts, env.cmd, &child);
		if (err) {
			fprintf(stderr, "capfix: cannot start %s: %s\n", env.cmd[0], strerror(-err));
			return 1;
		}
	}

	cfg.attach = env.attach;
	cfg.result = env.result;
	cfg.filter_tgid = env.cmd || env.pid;
	cfg.cgroup_path = env.cgroup;
	cfg.unit = env.unit;
	cfg.comm = env.comm;
	cfg.all = env.all;
	cfg.noise_table = env.noise_table;
	cfg.verbose = env.verbose;
	err = tracer_open(&app.tracer, &cfg, why, sizeof(why));
	if (err) {
		fprintf(stderr, "capfix: %s\n", why);
		if (env.cmd)
			spawn_abort(&child);
		return 1;
	}
	if (env.verbose) {
		/* the order tried: tp_btf, fexit, kprobe, each with task_work then sys_exit */
		fprintf(stderr, "capfix: using %s: the first that loaded (a forced one first, then "
				"tp_btf, fexit, kprobe, each with bpf_task_work, then sys_exit)\n",
			tracer_describe(app.tracer));
		if (tracer_fallback_log(app.tracer)[0])
			fprintf(stderr, "capfix: refused or unavailable before it:\n%s",
				tracer_fallback_log(app.tracer));
		else
			fprintf(stderr, "capfix: nothing before it was refused; the later ones "
					"were not tried\n");
	}
	if (env.pid) {
		err = tracer_add_tgid(app.tracer, env.pid);
		if (!err)
			err = proc_for_each_descendant(env.pid, trace_pid, app.tracer);
	} else if (env.cmd && !env.verify) {
		err = tracer_add_tgid(app.tracer, child.pid);
	}
	if (err) {
		fprintf(stderr, "capfix: cannot trace pid %d: %s\n", env.pid ? env.pid : child.pid,
			strerror(-err));
		goto cleanup;
	}
	/* scripts wait for this line before provoking anything */
	fprintf(stderr, "capfix: attached (%s)\n", tracer_describe(app.tracer));
	/* loaded and attached: keep only what reading /proc (and signalling a command run as
	 * another user) needs; --verify still starts commands and units, so it keeps all */
	if (!env.verify && (err = privs_drop(env.cmd && (env.user || env.service))))
		fprintf(stderr, "capfix: warning: cannot drop capabilities: %s\n", strerror(-err));
	err = 0;

	if (env.verify) {
		exit_code = run_verify(&sopts);
		goto report;
	}

	if (env.cmd) {
		err = spawn_release(&child, &spawn_status, err_msg, sizeof(err_msg));
		if (err) {
			/* the exec failed (e.g. R3's EPERM); the child exits with systemd's status */
			fprintf(stderr, "capfix: %s\n", err_msg);
		}
	}
	err = poll_loop(env.cmd ? child.pid : 0, &status);
	if (env.cmd) {
		if (exiting && waitpid(child.pid, &status, WNOHANG) == 0) {
			/* capfix was interrupted: pass the signal on, then collect the child */
			kill(child.pid, exiting);
			waitpid(child.pid, &status, 0);
			drain();
		}
		exit_code = wait_status_to_exit(status);
	}
report:
	if (!app.output_broken)
		report_summary(true);
	if (env.fail_on_finding && !env.cmd) {
		int i;

		for (i = 0; i < app.nfindings; i++)
			if (app.findings[i].f.effect == EFFECT_FAILED)
				exit_code = EXIT_FINDING;
	}
cleanup:
	tracer_close(app.tracer);
	if (env.cmd && child.go_fd >= 0)
		spawn_abort(&child);
	return err ? 1 : exit_code;
}
