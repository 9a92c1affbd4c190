// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* capfix: the lifecycle: open, attach, start, poll, report, detach (the CLI is env.c). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cause.h"
#include "diagnose.h"
#include "emit.h"
#include "env.h"
#include "event.h"
#include "findings.h"
#include "fix.h"
#include "findstore.h"
#include "journal.h"
#include "log.h"
#include "manager.h"
#include "names.h"
#include "outchan.h"
#include "output.h"
#include "privs.h"
#include "proc.h"
#include "repeats.h"
#include "report.h"
#include "spawn.h"
#include "strutil.h"
#include "tracer.h"
#include "verify.h"
#include "waiting.h"

static struct app {
	FILE *out; /* findings: stdout, or a copy of it when a command's own stdout is moved */
	struct tracer *tracer;
	struct findings findings;
	double mono_to_real; /* add to CLOCK_MONOTONIC seconds for Unix time */
	bool output_broken; /* stdout gone (EPIPE): stop */
	bool journal; /* stdout is journald's stream: findings go as structured entries */
	struct diagnosis *diag; /* the one being printed */
	struct repeats repeats; /* text: findings already shown, by unit/exe, cap, syscall, port */
	int verify_runs; /* --verify: runs started so far */
	int verify_base_end; /* --verify: findings of its first, unmodified run: [0, this) */
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

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	static pid_t int_sender; /* who sent the first SIGINT with kill(), 0 the terminal */
	static struct timespec int_time;
	struct timespec now;

	(void)uc;
	if (sig == SIGINT) {
		clock_gettime(CLOCK_MONOTONIC, &now); /* async-signal-safe, signal-safety(7) */
		/*
		 * `timeout -s INT` (and kill -INT -PGID) sends one request twice, two kill()s
		 * in a row: to capfix, then to its whole process group. The same sender within
		 * 250 ms is that one request; a second Ctrl-C at the terminal (SI_KERNEL),
		 * another sender or a later kill is a second one.
		 */
		if (interrupts && si && si->si_code == SI_USER && si->si_pid == int_sender &&
		    (now.tv_sec - int_time.tv_sec) * 1000000000LL + now.tv_nsec - int_time.tv_nsec <
			    250000000LL)
			return;
		if (++interrupts > 1)
			_exit(130); /* a second Ctrl-C: the kernel detaches our links when we exit */
		int_sender = si && si->si_code == SI_USER ? si->si_pid : 0;
		int_time = now;
	}
	exiting = sig;
}

/* ---- findings ---- */

/*
 * Text is for a person: a crash loop's restarts (new pids, the same failure) are one block,
 * then a line when the group reaches 10, 100, 1000 ... processes; the summary has the counts.
 * systemd's own pre-exec child gets one line. JSON keeps one record per process.
 */
static bool is_power_of_ten(__u64 n)
{
	if (n < 10)
		return false;
	while (!(n % 10))
		n /= 10;
	return n == 1;
}

static bool text_repeated(const struct proc_facts *pf, const struct finding *f)
{
	struct repeat *g;
	bool is_new;

	g = repeats_add(&app.repeats, pf->pid, pf, f, f->count, &is_new);
	if (!g)
		return false; /* the table is full: printed */
	/* counted in the summary; -v names each unit's once */
	if (manager_preexec(pf)) {
		if (is_new && output_style.explain)
			fprintf(app.out, "note: systemd's own child for %s, before it runs the service "
					 "(%s), was denied %s in %s(); systemd ignores it: not the "
					 "service's need\n\n",
				pf->unit[0] ? pf->unit : "a unit", pf->comm,
				cap_name(f->cap) ?: "?", syscall_name(f->syscall) ?: "?");
		return true;
	}
	if (is_new)
		return false;
	if (is_power_of_ten(g->processes)) {
		repeat_text(app.out, "again: ", g);
		fputc('\n', app.out);
		fflush(app.out);
	}
	return true;
}

static void emit(const struct proc_facts *pf, const struct finding *f, const struct diagnosis *d,
		 double when)
{
	struct report r = {
		.time = when, .pf = pf, .f = f, .d = d, .count = f->count,
	};

	if (!env.json && text_repeated(pf, f))
		return;

	if (app.journal) {
		/* the same text, as one journal entry with CAPFIX_* fields (journal.c) */
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (m) {
			(env.json ? output_json : output_text)(m, &r);
			fclose(m);
			while (len && text[len - 1] == '\n')
				text[--len] = '\0';
			if (!journal_send_finding(&r, text)) {
				free(text);
				return;
			}
		}
		free(text);
	}
	if (env.json)
		output_json(app.out, &r);
	else
		output_text(app.out, &r);
	if (fflush(app.out) || ferror(app.out))
		app.output_broken = true;
}

static int handle_event(void *ctx, const struct event *e)
{
	static struct proc_facts *pf;
	static struct finding *f;
	bool exec_fail = e->type == EVENT_EXEC_FAIL, quiet = false;
	struct finding_entry *fe;
	struct agg_key key;
	char path[MODEL_PATH_MAX];
	int cap;

	(void)ctx;
	event_agg_key(e, &key);
	if (findings_seen(&app.findings, &key, exec_fail))
		return 0;

	if (!app.diag) {
		app.diag = malloc(sizeof(*app.diag));
		pf = malloc(sizeof(*pf));
		f = malloc(sizeof(*f));
		if (!app.diag || !pf || !f)
			return -ENOMEM;
	}
	/* zeroed whole, padding too: equal facts must be equal bytes to be shared (findings.c) */
	memset(pf, 0, sizeof(*pf));
	memset(f, 0, sizeof(*f));
	event_facts(e, pf);
	event_finding(e, pf, f);

	/*
	 * What user space can still read. proc_collect() is best effort: a process that is gone
	 * keeps what the kernel captured (ids, creds, exe and cgroup paths) and gets the file and
	 * unit facts by path; it classifies the cgroup and asks the unit's manager either way.
	 */
	if (exec_fail) {
		/* R3: the file that failed to exec, not the caller's own exe */
		if (!event_exec_path(e, path, sizeof(path)))
			return 0;
		proc_collect_finding(e->pid, pf);
		if (proc_collect_exec_file(e->pid, path, pf))
			return 0;
		cap = exec_fail_cap(pf);
		if (cap < 0)
			return 0; /* EPERM for another reason */
		finding_set_exec_fail(f, cap);
		app.exec_fails++;
	} else {
		proc_collect_finding(e->pid, pf);
		if (env.service && pf->runtime == RUNTIME_NONE) {
			const char *b = strrchr(env.service, '/');

			str_copy(pf->service_unit, b ? b + 1 : env.service, sizeof(pf->service_unit));
		}
		cause_resolve(f, pf);
		if (f->not_cause[0]) {
			/* R23: kept as harmless, so neither findings nor summaries blame it */
			f->effect = EFFECT_HARMLESS;
			quiet = !env.all;
		}
	}
	/* a key that cannot be remembered is not printed: a repeat could not be told apart */
	if (findings_see(&app.findings, &key, exec_fail) <= 0)
		return 0;
	diagnose(pf, f, app.diag);
	if (!quiet)
		emit(pf, f, app.diag, (double)e->ts_ns / 1e9 + app.mono_to_real);
	/* a full table still prints the finding; only the summary misses it, and says so */
	fe = findings_keep(&app.findings, &key, exec_fail, pf, f, app.diag->cap, app.diag->caps);
	if (fe)
		fe->quiet = quiet;
	return 0;
}

/* ---- summary ---- */

static void agg_count(void *ctx, const struct agg_key *k, const struct agg_val *v)
{
	(void)ctx;
	findings_set_count(&app.findings, k, v->count);
}

/* final: at exit (--emit writes its files then); otherwise on SIGUSR1 */
static void report_summary(bool final)
{
	__u64 stats[STAT_MAX], not_cause = 0;
	struct summary s = {};
	int i;

	tracer_stats(app.tracer, stats);
	tracer_agg_foreach(app.tracer, agg_count, NULL);
	/*
	 * --verify: the summary is that of the first run, as the program runs today; the later
	 * runs fail on purpose (a capability left out), and the verified fix replaces setcap
	 */
	struct findings base = app.findings;

	if (env.verify && app.verify_runs > 1)
		base.n = app.verify_base_end;
	if (findings_summarize(&base, &s))
		return; /* summary_alloc() released what it took */
	/* R23: the kernel counted these as failed, but they did not cause the failure */
	for (i = 0; i < app.findings.n; i++)
		if (app.findings.v[i].f->not_cause[0])
			not_cause += app.findings.v[i].count;
	if (not_cause > stats[STAT_FAILED])
		not_cause = stats[STAT_FAILED];
	s.failed = stats[STAT_FAILED] + app.exec_fails - not_cause;
	s.harmless = stats[STAT_HARMLESS] + stats[STAT_NOISE] + not_cause;
	s.unknown = stats[STAT_UNKNOWN];
	s.lost = stats[STAT_RB_DROPS];
	s.unsummarized = app.findings.unsummarized;
	s.hook = tracer_describe(app.tracer);
	if (summary_build_groups(&s))
		p_err("no memory for the per-unit summary");
	if (env.verify)
		s.nexes = 0;
	if (!app.journal || journal_send_summary(&s, env.json)) {
		if (env.json)
			output_summary_json(app.out, &s);
		else
			output_summary_text(app.out, &s);
	}
	fflush(app.out);
	if (s.lost)
		p_warn("%llu event(s) lost: the ring buffer was full",
			(unsigned long long)s.lost);
	if (s.unsummarized)
		p_warn("%llu finding(s) printed but left out of the summary "
				"(more than %d distinct findings, or %u MB of their facts)",
			(unsigned long long)s.unsummarized, FINDINGS_MAX, INTERN_BYTES_MAX >> 20);
	if (app.findings.unshown)
		p_warn("%llu finding(s) not printed: more than %d distinct "
				"ones, and a finding is never printed twice",
			(unsigned long long)app.findings.unshown, SEEN_MAX);
	if (final && env.emit_dir) {
		char msg[512];
		int n = emit_write(env.emit_dir, &s, msg, sizeof(msg));

		if (n < 0)
			p_err("--emit: %s", msg);
		else
			p_info("--emit: %d file(s) written to %s", n,
				env.emit_dir);
	}
	summary_free(&s);
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
			p_err("polling the ring buffer: %s", strerror(-err));
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

/* poll_loop() for a command; capfix interrupted: pass the signal on, then collect the child */
static int poll_until_exit(pid_t child, int *status)
{
	int err = poll_loop(child, status);

	if (exiting && waitpid(child, status, WNOHANG) == 0) {
		kill(child, exiting);
		while (waitpid(child, status, 0) < 0 && errno == EINTR)
			; /* a repeated signal of the same request (on_signal) */
		drain();
	}
	return err;
}

/* ---- --verify ---- */

static void verify_poll(void *ctx, int ms)
{
	(void)ctx;
	tracer_poll(app.tracer, ms, handle_event, NULL);
}

/* the start of a run: the findings before the second one are those of the first */
static void verify_run_started(void)
{
	if (app.verify_runs++ == 1)
		app.verify_base_end = app.findings.n;
}

static int verify_mark(void *ctx)
{
	(void)ctx;
	verify_run_started();
	return app.findings.n;
}

static __u64 verify_failed_since(void *ctx, int mark)
{
	(void)ctx;
	return findings_failed_caps_since(&app.findings, mark);
}

/* one run of the command: the base credentials plus grant as ambient (and bounding) caps */
static int verify_run_command(void *ctx, __u64 grant, struct verify_run *r)
{
	const struct spawn_opts *base = ctx;
	struct spawn_child child = { .pid = -1, .go_fd = -1, .status_fd = -1 };
	struct spawn_opts o = *base;
	int mark = app.findings.n, status = 0, st, err;
	char msg[256];

	verify_run_started();
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
		p_err("%s", msg);
	poll_until_exit(child.pid, &status);
	r->exit_code = wait_status_to_exit(status);
	r->ok = r->exit_code == 0;
	snprintf(r->state, sizeof(r->state), "exit %d", r->exit_code);
	r->failed = findings_failed_caps_since(&app.findings, mark);
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
	/* the summary of what was seen first, then the verdict and the drop-in, last */
	report_summary(true);
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
	bool waiting = false;

	/* capfix report FILE...: reads saved JSON back, traces nothing (report.c) */
	if (argc > 1 && !strcmp(argv[1], "report"))
		return report_main(argc - 1, argv + 1);
	env_parse(argc, argv);
	log_set_verbose(env.verbose);
	tracer_set_verbose(env.verbose);
	if (env.service)
		sopts = env.service_opts;

	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_flags = 0;
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a gone reader shows as EPIPE on write: stop cleanly */

	if (findings_init(&app.findings))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	app.mono_to_real = (real.tv_sec - mono.tv_sec) + (real.tv_nsec - mono.tv_nsec) / 1e9;

	app.journal = journal_stdout();
	output_style.explain = env.explain;
	output_style.timestamps = env.timestamps;
	/* https://no-color.org: a set, non-empty NO_COLOR turns auto colour off */
	output_style.color = env.color == 1 ||
			     (env.color < 0 && isatty(STDOUT_FILENO) && !app.journal &&
			      !(getenv("NO_COLOR") && *getenv("NO_COLOR")));
	{
		/* findings through outchan.c: a stdout nobody reads cannot make us deaf to
		 * SIGTERM; with JSON and a command, its own output goes to stderr */
		int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);

		if (fd < 0 || (env.cmd && env.json && dup2(STDERR_FILENO, STDOUT_FILENO) < 0) ||
		    !(app.out = outchan_open(fd, &exiting, 1000))) {
			p_err("cannot set up stdout: %s", strerror(errno));
			return 1;
		}
	}
	/* an unusable --emit DIR is said now, not after the whole trace */
	if (env.emit_dir) {
		int dfd = emit_open_dir(env.emit_dir, err_msg, sizeof(err_msg));

		if (dfd < 0) {
			p_err("--emit: %s", err_msg);
			return 1;
		}
		close(dfd);
	}
	/* name what is missing before anything is loaded or started (capfix(8) PRIVILEGES) */
	err = privs_check(env.cmd && (env.user || env.service), why, sizeof(why), err_msg,
			  sizeof(err_msg));
	if (err) {
		p_err("%s", why);
		return 1;
	}
	if (err_msg[0])
		p_warn("%s", err_msg);
	if (env.cmd) {
		if (env.user) {
			err = spawn_resolve_user(env.user, &sopts);
			if (err) {
				p_err("unknown user '%s'", env.user);
				return EXIT_USAGE;
			}
			/* User= without capabilities: the permitted set is emptied (R10, [CAP7]) */
		}
		/* fork now, exec only once the child's pid is traced */
		err = env.verify ? 0 : spawn_prepare(&sopts, env.cmd, &child);
		if (err) {
			p_err("cannot start %s: %s", env.cmd[0], strerror(-err));
			return 1;
		}
	}

	/* what -u, -g and -c name: there, and running yet? (waiting.c) */
	if (env.unit) {
		struct unit_props up = {};

		/* only when the manager answers: without systemd, a unit may still appear */
		if (!unit_props_read(env.unit, false, 0, &up) && up.known &&
		    !strcmp(up.load_state, "not-found")) {
			p_err("unit %s does not exist (LoadState=not-found)", env.unit);
			if (env.cmd)
				spawn_abort(&child);
			return 1;
		}
		waiting = !unit_running(env.unit);
	}
	if (env.cgroup) {
		bool populated;

		if (cgroup2_dir_check(env.cgroup, &populated, why, sizeof(why))) {
			p_err("%s", why);
			if (env.cmd)
				spawn_abort(&child);
			return EXIT_USAGE;
		}
		waiting = !populated;
	}
	if (env.comm)
		waiting = !comm_running(env.comm);

	cfg.attach = env.attach;
	cfg.result = env.result;
	cfg.filter_tgid = env.cmd || env.pid;
	cfg.cgroup_path = env.cgroup;
	cfg.unit = env.unit;
	cfg.comm = env.comm;
	cfg.all = env.all;
	cfg.noise_table = env.noise_table;
	err = tracer_open(&app.tracer, &cfg, why, sizeof(why));
	if (err) {
		p_err("%s", why);
		if (env.cmd)
			spawn_abort(&child);
		return 1;
	}
	/* the order tried: tracer_open() */
	p_debug("using %s: the first that loaded (a forced one first, then tp_btf, fexit, kprobe, "
		"each with bpf_task_work, then kretprobe.multi, then sys_exit)",
		tracer_describe(app.tracer));
	if (tracer_fallback_log(app.tracer)[0])
		p_debug("refused or unavailable before it:\n%s", tracer_fallback_log(app.tracer));
	else
		p_debug("nothing before it was refused; the later ones were not tried");
	if (env.pid) {
		err = tracer_add_tgid(app.tracer, env.pid);
		if (!err)
			err = proc_for_each_descendant(env.pid, trace_pid, app.tracer);
	} else if (env.cmd && !env.verify) {
		err = tracer_add_tgid(app.tracer, child.pid);
	}
	if (err) {
		p_err("cannot trace pid %d: %s", env.pid ? env.pid : child.pid,
			strerror(-err));
		goto cleanup;
	}
	/* scripts wait for this line before provoking anything */
	p_info("attached (%s)", tracer_describe(app.tracer));
	if (waiting && !env.verify)
		p_info("waiting: no process of %s %s runs yet; it is traced from its start",
		       env.unit ? "unit" : env.cgroup ? "cgroup" : "command",
		       env.unit ?: env.cgroup ?: env.comm);
	/* loaded and attached: keep only what reading /proc (and signalling a command run as
	 * another user) needs; --verify still starts commands and units, so it keeps all */
	/*
	 * CAP_KILL stays while a COMMAND runs: it may change user itself, and forwarding
	 * SIGTERM/SIGINT to it must still work. A pidfd taken now would not do: the kernel
	 * checks kill permission when the signal is sent (pidfd_send_signal ->
	 * kill_pid_info_type -> check_kill_permission, kernel/signal.c).
	 */
	if (!env.verify && (err = privs_drop(env.cmd != NULL)))
		p_warn("cannot drop capabilities: %s", strerror(-err));
	err = 0;

	if (env.verify) {
		exit_code = run_verify(&sopts); /* with its summary */
		goto done;
	}

	if (env.cmd) {
		err = spawn_release(&child, &spawn_status, err_msg, sizeof(err_msg));
		if (err) {
			/* the exec failed (e.g. R3's EPERM); the child exits with systemd's status */
			p_err("%s", err_msg);
		}
	}
	if (env.cmd) {
		err = poll_until_exit(child.pid, &status);
		exit_code = wait_status_to_exit(status);
	} else {
		err = poll_loop(0, &status);
	}
	/* even with stdout gone: --emit still writes its files (outchan.c drops the text) */
	report_summary(true);
	/* #11: say so, instead of leaving the user to guess from an empty report */
	if (env.cmd && !env.verify && exit_code != 0 && exit_code < 128 &&
	    !findings_failed_caps_since(&app.findings, 0))
		p_info("the command exited with status %d, and no denied capability made a "
		       "syscall fail: not a capability problem (a read-only mount, a seccomp "
		       "filter, a security module, a missing file, or the program's own checks)",
		       exit_code);
done:
	if (outchan_dropped(app.out))
		p_err("stdout was %s: %llu bytes of findings and summary not written",
		      app.output_broken ? "closed" : "not read", outchan_dropped(app.out));
	/*
	 * Precedence (capfix(8) EXIT STATUS): --verify's 0 or 4; then 3 when --fail-on-finding
	 * saw a failed denial (also with a COMMAND: its own status is then not passed on);
	 * otherwise the command's status. systemd's pre-exec child is nobody's finding.
	 */
	if (env.fail_on_finding && !env.verify) {
		int i;

		for (i = 0; i < app.findings.n; i++)
			if (app.findings.v[i].f->effect == EFFECT_FAILED &&
			    !manager_preexec(app.findings.v[i].pf))
				exit_code = EXIT_FINDING;
	}
cleanup:
	tracer_close(app.tracer);
	if (env.cmd && child.go_fd >= 0)
		spawn_abort(&child);
	return err ? 1 : exit_code;
}
