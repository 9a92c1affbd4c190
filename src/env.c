// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The command line: options, their checks and --help (the environment main.c runs in). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "capfix.h"
#include "env.h"
#include "log.h"
#include "parse.h"
#include "service.h"
#include "strutil.h"

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
    "      --fail-on-finding  exit 3 when a denial made a syscall fail (before a COMMAND's\n"
    "                         own status)\n"
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
    "      --result KIND      prefer task_work, syscall_ret, syscall_fexit, sys_exit or\n"
    "                         none to see syscall results\n"
    "      --no-noise-filter  do not skip the known harmless probes in the kernel\n"
    "  -v, --verbose          --explain, and say which kernel hooks were chosen (libbpf's\n"
    "                         messages too)\n"
    "      --explain          every fix of each finding, the credentials by name and the\n"
    "                         rule behind each sentence\n"
    "  -T, --timestamp        print the local time before each finding\n"
    "      --color[=WHEN]     colour the headline and the fix: auto (a terminal and no\n"
    "                         NO_COLOR in the environment), always or never\n"
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
    "EXIT STATUS: 3 with --fail-on-finding and a finding (also with a COMMAND); otherwise\n"
    "with COMMAND the command's status (128+N if killed by signal N; 203 if it could not be\n"
    "executed), else 0; with --verify, 0 verified and 4 not verified; 1 on errors (also a\n"
    "unit that does not exist), 2 on bad usage, 130 on a second Ctrl-C.\n"
    "\n"
    "More: man capfix; /usr/share/doc/capfix/README.md (JSON format), docs/rules.md there.\n";

struct env env = {
    .noise_table = true,
    .result = -1,
    .color = -1,
};

static void die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	p_vlog(LOG_ERR, fmt, ap);
	va_end(ap);
	fputs("Try 'capfix --help' for more information.\n", stderr);
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
	OPT_EXPLAIN,
	OPT_COLOR,
};

/* --service FILE [-- ARGS]: credentials and command line from the unit file (service.c) */
/*
 * -u NAME: a name without a unit type is a service, as systemctl and journalctl read it
 * (systemd's unit_name_mangle() appends ".service")
 */
static const char *unit_arg(const char *name)
{
	static char buf[256];

	if (unit_name_valid(name))
		return name;
	if (str_printf(buf, sizeof(buf), "%s.service", name) || !unit_name_valid(buf))
		die_usage("invalid unit name '%s'", name);
	return buf;
}

static void load_service(const char *file, int nextra, char **extra)
{
	static struct service_file sf;
	static char exe[MODEL_PATH_MAX];
	char err[512];
	char **cmd;
	int i, r;

	r = service_load(file, &sf, err, sizeof(err));
	if (r) {
		p_err("--service: %s", err);
		exit(r == -EOPNOTSUPP || r == -EINVAL ? EXIT_USAGE : 1);
	}
	r = service_resolve(&sf, &env.service_opts, exe, sizeof(exe), err, sizeof(err));
	if (r) {
		p_err("--service %s: %s", file, err);
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
	env.service_opts.exec_path = exe;
	if (!(sf.prefix & SERVICE_PFX_ARGV0))
		cmd[0] = exe;
	env.cmd = cmd;
	service_describe(stderr, &sf, &env.service_opts, exe);
}

void env_parse(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"pid", required_argument, NULL, 'p'},
	    {"unit", required_argument, NULL, 'u'},
	    {"cgroup", required_argument, NULL, 'g'},
	    {"comm", required_argument, NULL, 'c'},
	    {"user", required_argument, NULL, OPT_USER},
	    {"duration", required_argument, NULL, 'd'},
	    {"json", no_argument, NULL, 'j'},
	    {"all", no_argument, NULL, 'a'},
	    {"fail-on-finding", no_argument, NULL, OPT_FAIL_ON_FINDING},
	    {"attach", required_argument, NULL, OPT_ATTACH},
	    {"result", required_argument, NULL, OPT_RESULT},
	    {"no-noise-filter", no_argument, NULL, OPT_NO_NOISE},
	    {"emit", required_argument, NULL, OPT_EMIT},
	    {"verify", no_argument, NULL, OPT_VERIFY},
	    {"persist", no_argument, NULL, OPT_PERSIST},
	    {"service", required_argument, NULL, OPT_SERVICE},
	    {"verbose", no_argument, NULL, 'v'},
	    {"explain", no_argument, NULL, OPT_EXPLAIN},
	    {"timestamp", no_argument, NULL, 'T'},
	    {"color", optional_argument, NULL, OPT_COLOR},
	    {"colour", optional_argument, NULL, OPT_COLOR},
	    {"version", no_argument, NULL, 'V'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	int c;

	/* getopt's own messages would not start with "capfix:" (':' first: missing arguments) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:u:g:c:d:javTVh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			env.pid = (pid_t)parse_long(optarg, "pid", 1, INT_MAX);
			break;
		case 'u':
			env.unit = unit_arg(optarg);
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
				die_usage("invalid --attach '%s' (tp_btf, fexit or kprobe)",
					  optarg);
			break;
		case OPT_RESULT:
			if (!strcmp(optarg, "task_work"))
				env.result = RESULT_TASK_WORK;
			else if (!strcmp(optarg, "sys_exit"))
				env.result = RESULT_SYS_EXIT;
			else if (!strcmp(optarg, "syscall_ret"))
				env.result = RESULT_SYSCALL_RET;
			else if (!strcmp(optarg, "syscall_fexit"))
				env.result = RESULT_SYSCALL_FEXIT;
			else if (!strcmp(optarg, "none"))
				env.result = RESULT_NONE;
			else
				die_usage("invalid --result '%s' (task_work, syscall_ret, syscall_fexit, sys_exit or none)",
					  optarg);
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
			env.explain = true;
			break;
		case OPT_EXPLAIN:
			env.explain = true;
			break;
		case 'T':
			env.timestamps = true;
			break;
		case OPT_COLOR:
			if (!optarg || !strcmp(optarg, "always"))
				env.color = 1;
			else if (!strcmp(optarg, "never"))
				env.color = 0;
			else if (!strcmp(optarg, "auto"))
				env.color = -1;
			else
				die_usage("invalid --color '%s' (auto, always or never)", optarg);
			break;
		case 'V':
			printf("capfix %s\n", CAPFIX_VERSION);
			exit(0);
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case ':':
			die_usage("option '%s' needs an argument", argv[optind - 1]);
			break;
		default:
			if (optopt && optopt < 0x100 && argv[optind - 1][1] != '-')
				die_usage("invalid option -- '%c'", optopt);
			die_usage("unrecognized option '%s'", argv[optind - 1]);
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
		die_usage(
		    "--verify -- COMMAND needs --user: it grants ambient capabilities the way "
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
