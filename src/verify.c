// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* --verify: re-run a command or restart a unit with the proposed capabilities, until it works. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diagnose.h"
#include "fix.h"
#include "names.h"
#include "manager.h"
#include "strutil.h"
#include "output.h"
#include "verify.h"
#include "fileio.h"
#include "log.h"

#define RUNTIME_DIR "/run/systemd/system"
#define PERSIST_DIR "/etc/systemd/system"
#define RUNTIME_NAME "capfix-verify.conf"
#define PERSIST_NAME "capfix.conf"

static int popcount64(__u64 m)
{
	return __builtin_popcountll(m);
}

static void caps_text(__u64 m, char *buf, size_t len)
{
	capmask_str(m, buf, len, false);
	if (!buf[0])
		str_copy(buf, "nothing", len);
}

static int do_run(verify_run_fn run, void *ctx, __u64 grant, bool minimise,
		  struct verify_result *res, struct verify_run **out)
{
	struct verify_run *r;
	int err;

	if (res->nruns >= VERIFY_MAX_RUNS)
		return -E2BIG;
	r = &res->runs[res->nruns++];
	memset(r, 0, sizeof(*r));
	r->granted = grant;
	r->minimise = minimise;
	err = run(ctx, grant, r);
	*out = r;
	return err;
}

int verify_loop(verify_run_fn run, void *ctx, volatile int *stop, struct verify_result *res)
{
	char a[512], b[512];
	struct verify_run *r;
	__u64 granted = 0, fresh;
	int round, c, err;

	res->verified = false;
	res->caps = 0;
	res->reason[0] = '\0';
	for (round = 0;; round++) {
		if (round >= VERIFY_MAX_ROUNDS) {
			caps_text(granted, a, sizeof(a));
			str_printf(res->reason, sizeof(res->reason),
				   "new capabilities kept failing for %d runs (granted so far: %s)",
				   VERIFY_MAX_ROUNDS, a);
			return 0;
		}
		err = do_run(run, ctx, granted, false, res, &r);
		if (err)
			return err;
		if (stop && *stop) {
			str_copy(res->reason, "interrupted", sizeof(res->reason));
			return 0;
		}
		fresh = r->failed & ~granted;
		if (fresh) {
			granted |= fresh;
			continue;
		}
		if (r->failed & granted) {
			/* granted as ambient, still denied: a blocker the grant cannot pass */
			caps_text(r->failed & granted, a, sizeof(a));
			str_printf(res->reason, sizeof(res->reason),
				   "%s granted as ambient capabilities but still denied (%s): see the "
				   "findings' blockers (bounding set, user namespace, LSM...)",
				   a, r->state);
			return 0;
		}
		if (!r->ok) {
			caps_text(granted, a, sizeof(a));
			str_printf(res->reason, sizeof(res->reason),
				   "with %s granted no capability is denied any more, but it still "
				   "fails (%s): something other than capabilities",
				   a, r->state);
			return 0;
		}
		break;
	}
	/* minimal: each capability must be needed (a run without it fails) */
	if (popcount64(granted) > 1) {
		for (c = 0; c <= CAPFIX_MAX_CAP; c++) {
			if (!(granted & (1ULL << c)))
				continue;
			err = do_run(run, ctx, granted & ~(1ULL << c), true, res, &r);
			if (err == -E2BIG)
				break;
			if (err)
				return err;
			if (stop && *stop) {
				str_copy(res->reason, "interrupted", sizeof(res->reason));
				return 0;
			}
			if (r->ok && !r->failed)
				granted &= ~(1ULL << c);
		}
		/* the last run must be the verified set itself */
		if (r->granted != granted) {
			err = do_run(run, ctx, granted, false, res, &r);
			if (err && err != -E2BIG)
				return err;
			if (err || !r->ok || r->failed) {
				caps_text(granted, a, sizeof(a));
				caps_text(r->failed, b, sizeof(b));
				str_printf(res->reason, sizeof(res->reason),
					   "the reduced set %s did not work again (%s, failed: %s): "
					   "the program does not behave the same on every run",
					   a, r->state, b);
				return 0;
			}
		}
	}
	res->verified = true;
	res->caps = granted;
	return 0;
}

void verify_print_text(FILE *out, const struct verify_result *res)
{
	char a[512], b[512];
	int i;

	fprintf(out, "capfix verify: %s ", res->target);
	text_str(out, res->name);
	fputc('\n', out);
	for (i = 0; i < res->nruns; i++) {
		const struct verify_run *r = &res->runs[i];

		caps_text(r->granted, a, sizeof(a));
		caps_text(r->failed, b, sizeof(b));
		fprintf(out, "  run %d%s: granted %s -> ", i + 1, r->minimise ? " (without one)" : "",
			a);
		text_str(out, r->state);
		fprintf(out, ", failed: %s\n", b);
	}
	if (res->verified) {
		caps_text(res->caps, a, sizeof(a));
		fprintf(out, "  verified: %s %s\n", res->caps ? "it works with" : "it needs", a);
	} else {
		fputs("  NOT verified: ", out);
		text_str(out, res->reason);
		fputc('\n', out);
	}
	if (res->dropin[0]) {
		char line[MODEL_CMD_MAX];
		const char *p = res->dropin;

		fputs("  drop-in:\n", out);
		while (*p) {
			size_t n = strcspn(p, "\n");

			snprintf(line, sizeof(line), "%.*s", (int)n, p);
			fputs("    ", out);
			text_str(out, line);
			fputc('\n', out);
			p += n + (p[n] == '\n');
		}
	}
	if (res->persisted[0]) {
		fputs("  persisted: ", out);
		text_str(out, res->persisted);
		fputc('\n', out);
	}
	if (res->note[0]) {
		fputs("  note: ", out);
		text_str(out, res->note);
		fputc('\n', out);
	}
}

void verify_print_json(FILE *out, const struct verify_result *res)
{
	int i;

	fprintf(out, "{\"type\":\"verify\",\"target\":\"%s\",\"name\":", res->target);
	json_str(out, res->name);
	fprintf(out, ",\"verified\":%s,", res->verified ? "true" : "false");
	json_capset(out, "capabilities", res->verified ? res->caps : 0);
	fputs(",\"reason\":", out);
	json_str(out, res->verified ? NULL : res->reason);
	fputs(",\"runs\":[", out);
	for (i = 0; i < res->nruns; i++) {
		const struct verify_run *r = &res->runs[i];

		fputs(i ? ",{" : "{", out);
		json_capset(out, "granted", r->granted);
		fputc(',', out);
		json_capset(out, "failed", r->failed);
		fprintf(out, ",\"ok\":%s,\"exit\":%d,\"minimise\":%s,\"state\":",
			r->ok ? "true" : "false", r->exit_code, r->minimise ? "true" : "false");
		json_str(out, r->state);
		fputc('}', out);
	}
	fputs("],\"dropin\":", out);
	json_str(out, res->dropin[0] ? res->dropin : NULL);
	fputs(",\"persisted\":", out);
	json_str(out, res->persisted[0] ? res->persisted : NULL);
	fputs(",\"note\":", out);
	json_str(out, res->note[0] ? res->note : NULL);
	fputs("}\n", out);
}

/* ---- --verify --unit ---- */

static volatile int unit_stop;

static void on_stop(int sig)
{
	(void)sig;
	/* no _exit on a second Ctrl-C here: the runtime drop-in must be removed first */
	unit_stop = 1;
}

/* systemctl ARGS... with an argv (no shell); stdout into out; 0 when it exited 0 */
static int systemctl(char *out, size_t outlen, int timeout_s, const char *arg, ...)
{
	static const char *const bins[] = { "/usr/bin/systemctl", "/bin/systemctl" };
	const char *argv[12];
	struct timespec t0, now;
	size_t used = 0;
	int pfd[2], n = 0, status, i;
	va_list ap;
	pid_t pid;

	argv[n++] = "systemctl";
	va_start(ap, arg);
	for (; arg && n < 11; arg = va_arg(ap, const char *))
		argv[n++] = arg;
	va_end(ap);
	argv[n] = NULL;
	if (out && outlen)
		out[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(pfd[1], STDOUT_FILENO);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		for (i = 0; i < 2; i++)
			execv(bins[i], (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		char buf[512];
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec >= timeout_s) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&p, 1, 200) <= 0)
			continue;
		r = read(pfd[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (out && used + 1 < outlen) {
			size_t k = (size_t)r < outlen - 1 - used ? (size_t)r : outlen - 1 - used;

			memcpy(out + used, buf, k);
			used += k;
			out[used] = '\0';
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

/* one property's value of `systemctl show -p KEY --value UNIT` */
static void unit_prop(const char *unit, const char *key, char *val, size_t len)
{
	systemctl(val, len, 10, "show", "-p", key, "--value", "--", unit, NULL);
	val[strcspn(val, "\n")] = '\0';
}

struct unit_ctx {
	const char *unit;
	const struct verify_trace *tr;
	int watch_s;
	struct unit_props up;
	bool is_root;
	char dir[MODEL_PATH_MAX]; /* RUNTIME_DIR/UNIT.d */
	char path[MODEL_PATH_MAX]; /* .../capfix-verify.conf */
	bool installed; /* our runtime drop-in is in place */
	bool dir_created;
	char dropin[MODEL_CMD_MAX];
};

static int mkdir_dropin(const char *dir, bool *created)
{
	struct stat st;

	if (mkdir(dir, 0755) == 0) {
		*created = true;
		return 0;
	}
	if (errno != EEXIST)
		return -errno;
	/* never write through a symlink someone planted */
	if (lstat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

static void runtime_remove(struct unit_ctx *u)
{
	if (!u->installed)
		return;
	if (unlink(u->path) < 0 && errno != ENOENT)
		p_err("cannot remove %s: %s", u->path, strerror(errno));
	if (u->dir_created)
		rmdir(u->dir); /* only if empty: someone else's drop-ins stay */
	u->installed = false;
	u->dir_created = false;
	if (systemctl(NULL, 0, 30, "daemon-reload", NULL))
		p_err("systemctl daemon-reload failed after removing %s",
			u->path);
}

static int unit_run(void *ctx, __u64 grant, struct verify_run *r)
{
	struct unit_ctx *u = ctx;
	char active[64], sub[64], result[64], status[32];
	struct timespec t0, now;
	int mark, err;

	if (grant) {
		if (render_dropin(&u->up, grant, u->is_root, u->dropin, sizeof(u->dropin)) < 0)
			return -ENOSPC;
		if (!u->installed) {
			err = mkdir_dropin(u->dir, &u->dir_created);
			if (err)
				return err;
		}
		/* from here on the drop-in counts as installed: every exit path removes it */
		u->installed = true;
		err = file_write_atomic(AT_FDCWD, u->path, u->dropin, strlen(u->dropin), 0644);
		if (err)
			return err;
		if (systemctl(NULL, 0, 30, "daemon-reload", NULL))
			return -EIO;
	} else if (u->installed) {
		runtime_remove(u);
		u->dropin[0] = '\0';
	}
	mark = u->tr->mark(u->tr->ctx);
	/* restart starts it whether it ran or not; a failing start is what we watch for */
	systemctl(NULL, 0, 60, "restart", "--", u->unit, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		u->tr->poll(u->tr->ctx, 200);
		if (unit_stop)
			break;
		unit_prop(u->unit, "ActiveState", active, sizeof(active));
		if (!strcmp(active, "failed"))
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec >= u->watch_s)
			break;
	}
	u->tr->poll(u->tr->ctx, 100);
	r->failed = u->tr->failed_since(u->tr->ctx, mark);
	unit_prop(u->unit, "ActiveState", active, sizeof(active));
	unit_prop(u->unit, "SubState", sub, sizeof(sub));
	unit_prop(u->unit, "Result", result, sizeof(result));
	unit_prop(u->unit, "ExecMainStatus", status, sizeof(status));
	r->exit_code = atoi(status);
	r->ok = (!strcmp(active, "active") && (!strcmp(sub, "running") || !strcmp(sub, "exited"))) ||
		(!strcmp(active, "inactive") && !strcmp(result, "success"));
	str_printf(r->state, sizeof(r->state), "%s/%s, result %s, status %s", active, sub, result,
		 status);
	return 0;
}

/*
 * What else refuses a service when no capability is denied any more: the unit's
 * sandbox. ProtectSystem=/ReadOnlyPaths= give EROFS on writes, RestrictAddressFamilies=
 * EAFNOSUPPORT from socket(), SystemCallFilter= EPERM (or its SystemCallErrorNumber=)
 * from seccomp, an LSM EACCES (systemd.exec(5)). Appends "; likely: ..." to reason.
 */
static void unit_sandbox_hints(const char *unit, char *reason, size_t len)
{
	static const struct {
		const char *key, *unset, *what;
	} opts[] = {
	    {"ProtectSystem", "no", "EROFS on writes under /usr, /boot%s"},
	    {"ReadOnlyPaths", "", "EROFS on writes to %s"},
	    {"InaccessiblePaths", "", "EACCES on %s"},
	    {"ProtectHome", "no", "no access to /home, /root, /run/user (%s)"},
	    {"RestrictAddressFamilies", "", "EAFNOSUPPORT from socket() outside %s"},
	    {"SystemCallFilter", "", "seccomp: EPERM from system calls outside the filter%.0s"},
	};
	char val[256], one[400], lsm[128] = "";
	bool any = false;
	size_t i;
	FILE *fp;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		val[0] = '\0';
		unit_prop(unit, opts[i].key, val, sizeof(val));
		if (!val[0] || !strcmp(val, opts[i].unset))
			continue;
		snprintf(one, sizeof(one), opts[i].what,
			 !strcmp(opts[i].key, "ProtectSystem")
			     ? (!strcmp(val, "strict") ? ", /etc and everything but the API file "
							 "systems (add ReadWritePaths=)"
				: !strcmp(val, "full") ? " and /etc (add ReadWritePaths=)"
						       : " (add ReadWritePaths=)")
			     : val);
		str_appendf(reason, len, "%s%s=%s: %s", any ? "; " : "; likely the unit's ",
			    opts[i].key, val, one);
		any = true;
	}
	fp = fopen("/sys/kernel/security/lsm", "re");
	if (fp) {
		if (fgets(lsm, sizeof(lsm), fp) && (strstr(lsm, "apparmor") || strstr(lsm, "selinux")))
			str_appendf(reason, len, "%sor a security module (%s): its denials are in "
				    "the kernel log (R14)", any ? "; " : "; likely ",
				    strstr(lsm, "selinux") ? "SELinux" : "AppArmor");
		fclose(fp);
	}
}

int verify_unit(const char *unit, const struct verify_trace *tr, int watch_s, bool persist,
		struct verify_result *res)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop }, old[3];
	struct unit_ctx u = { .unit = unit, .tr = tr, .watch_s = watch_s > 0 ? watch_s : 3 };
	int err, i;

	res->target = "unit";
	str_copy(res->name, unit, sizeof(res->name));
	if (!unit_name_ok(unit, ".service")) {
		str_copy(res->reason, "not a service unit name", sizeof(res->reason));
		return -EINVAL;
	}
	err = unit_props_read(unit, false, 0, &u.up);
	if (err || !u.up.known || strcmp(u.up.load_state, "loaded")) {
		str_printf(res->reason, sizeof(res->reason),
			 "cannot read the unit's settings from systemd (load state '%s')",
			 u.up.load_state);
		return -ENOENT;
	}
	u.is_root = u.up.user[0] == '\0';
	if (str_printf(u.dir, sizeof(u.dir), "%s/%s.d", RUNTIME_DIR, unit) ||
	    str_printf(u.path, sizeof(u.path), "%s/%s", u.dir, RUNTIME_NAME))
		return -ENAMETOOLONG;
	if (access(u.path, F_OK) == 0) {
		str_printf(res->reason, sizeof(res->reason),
			 "%s already exists: another capfix --verify is running, or one was "
			 "killed; remove it first",
			 u.path);
		return -EEXIST;
	}

	unit_stop = 0;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);

	err = verify_loop(unit_run, &u, &unit_stop, res);
	if (!err && !res->verified && strstr(res->reason, "something other than capabilities"))
		unit_sandbox_hints(unit, res->reason, sizeof(res->reason));
	if (err && !res->reason[0])
		snprintf(res->reason, sizeof(res->reason), "could not apply the drop-in: %s",
			 strerror(-err));
	if (!err && res->verified && res->caps) {
		render_dropin(&u.up, res->caps, u.is_root, res->dropin, sizeof(res->dropin));
		if (persist) {
			char dir[MODEL_PATH_MAX], path[MODEL_PATH_MAX];
			bool created = false;
			int r;

			str_printf(dir, sizeof(dir), "%s/%s.d", PERSIST_DIR, unit);
			str_printf(path, sizeof(path), "%s/%s", dir, PERSIST_NAME);
			/* the persistent copy first: the unit is never without its fix */
			r = mkdir_dropin(dir, &created);
			if (!r)
				r = file_write_atomic(AT_FDCWD, path, res->dropin, strlen(res->dropin), 0644);
			if (r)
				str_printf(res->note, sizeof(res->note), "could not write %s: %s", path,
					 strerror(-r));
			else
				str_copy(res->persisted, path, sizeof(res->persisted));
		}
	}
	runtime_remove(&u);
	if (res->verified && res->caps && !res->persisted[0])
		str_copy(res->note,
			 "the runtime drop-in was removed: the unit keeps these capabilities only "
			 "until it restarts (use --persist, or install the drop-in)",
			 sizeof(res->note));
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	return err;
}
