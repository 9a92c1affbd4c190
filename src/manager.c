// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Asking systemd about a unit: its D-Bus API (sd-bus) over the manager's private socket. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "fileio.h"
#include "manager.h"
#include "names.h"
#include "parse.h"
#include "proc.h"
#include "util.h"
#include "strutil.h"

/*
 * Why not `systemctl show`: running any program in the process's mount namespace makes the
 * kernel load its ELF interpreter and libraries from there (fs/binfmt_elf.c
 * load_elf_binary() opens PT_INTERP in the caller's namespace), so the user who owns that
 * namespace runs code as root. Here nothing is executed and no path is resolved in a root
 * directory that someone other than root controls: the socket is looked up in the root of
 * the manager's PID 1, which must be root of the initial user namespace, and the peer is
 * checked after connect(). The reply is rendered as the `systemctl show` text that
 * unit_props_parse() reads, so both share one parser (fuzzed: tests/fuzz/fuzz_unit_props.c).
 */

#define MGR_OUT_MAX	   (64 << 10)
#define MGR_TIMEOUT_MS	   5000
#define MGR_CALL_USEC	   (3ULL * 1000000)
#define MGR_ANCESTORS_MAX  128

/*
 * A manager capfix may ask: PID 1 of its pid namespace (NSpid's last value), uid 0 of the
 * initial user namespace. Only such a process can have set up the mount namespace the
 * socket is looked up in; a user's `unshare -Urpf` init shows its real uid here.
 */
static bool trusted_init(pid_t pid, struct proc_status *ps)
{
	char p[64], buf[8192];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	memset(ps, 0, sizeof(*ps));
	if (n <= 0 || status_parse(buf, (size_t)n, ps))
		return false;
	return ps->nspid_inner == 1 && (ps->have & PS_HAVE_UID) && !ps->uid && !ps->euid &&
	       proc_ns_ino(pid, "user") == PROC_USER_INIT_INO;
}

/*
 * The manager of pid: the nearest trusted init among pid and its ancestors. A unit's
 * processes descend from (or were reparented to) the manager that started them; an
 * untrusted init on the way (a user's own pid namespace) is passed over. pid 0 (the
 * process is gone): capfix's own pid namespace's.
 */
static int find_manager(pid_t pid, pid_t *init, char *why, size_t len)
{
	struct proc_status ps;
	int i;

	for (i = 0; pid > 0 && i < MGR_ANCESTORS_MAX; i++) {
		if (trusted_init(pid, &ps)) {
			*init = pid;
			return 0;
		}
		if (!(ps.have & PS_HAVE_PPID)) {
			/* gone on the way: capfix's own manager might not be this one's */
			str_copy(why, "the process exited before its manager was found", len);
			return -ESRCH;
		}
		pid = ps.ppid; /* 0: the parent is outside capfix's pid namespace */
	}
	if (trusted_init(1, &ps)) {
		*init = 1;
		return 0;
	}
	str_copy(why, "no PID 1 owned by root manages the process", len);
	return -EPERM;
}

/*
 * path inside the root directory of init: O_PATH, no symlink (RESOLVE_NO_SYMLINKS also
 * refuses magic links), never above that root (RESOLVE_IN_ROOT). openat2(2), Linux 5.6.
 */
static int open_in_init_root(pid_t init, const char *path, __u64 flags)
{
	struct open_how how = {
	    .flags = flags | O_PATH | O_CLOEXEC,
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	char root[64];
	int rfd, fd, err;

	snprintf(root, sizeof(root), "/proc/%d/root", (int)init);
	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -errno;
	fd = (int)syscall(SYS_openat2, rfd, path, &how, sizeof(how));
	err = fd < 0 ? -errno : fd;
	close(rfd);
	return err;
}

#if defined(HAVE_SDBUS) && HAVE_SDBUS
#include <systemd/sd-bus.h>

/* the properties unit_props_parse() reads, as `systemctl show -p` named them */
static const char *const props[] = {
    "Id",
    "LoadState",
    "FragmentPath",
    "User",
    "DynamicUser",
    "NoNewPrivileges",
    "PrivateUsers",
    "CapabilityBoundingSet",
    "AmbientCapabilities",
    "SecureBits",
    "RestrictAddressFamilies",
    "SystemCallFilter",
    "SystemCallArchitectures",
    "SystemCallLog",
    "PrivateDevices",
    "ProtectKernelTunables",
    "ProtectKernelModules",
    "ProtectKernelLogs",
    "ProtectClock",
    "ProtectHostname",
    "LockPersonality",
    "MemoryDenyWriteExecute",
    "RestrictRealtime",
    "RestrictSUIDSGID",
    "RestrictNamespaces",
};

static bool wanted(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(props); i++)
		if (!strcmp(props[i], name))
			return true;
	return false;
}

static int append(char *out, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n >= len)
		return -ENOSPC;
	memcpy(out + *pos, s, n + 1);
	*pos += n;
	return 0;
}

/* a value goes on one `systemctl show` line: no newline may end it early */
static bool value_ok(const char *s)
{
	return !strchr(s, '\n');
}

static int append_strv(char *out, size_t len, size_t *pos, char **l)
{
	int r = 0, i;

	for (i = 0; l && l[i] && !r; i++) {
		if (!value_ok(l[i]))
			return -EBADMSG;
		r = (i ? append(out, len, pos, " ") : 0) ?: append(out, len, pos, l[i]);
	}
	return r;
}

static void strv_free(char **l)
{
	int i;

	for (i = 0; l && l[i]; i++)
		free(l[i]);
	free(l);
}

/*
 * One property as systemctl 252 prints it (src/systemctl/systemctl-show.c print_property):
 * booleans yes/no, capability masks as names, (bas) filters as "~" (deny list) then the
 * names, RestrictNamespaces= "yes" (none allowed), "no" (all allowed) or, where systemctl
 * lists the allowed ones, "some". What unit_props_parse() reads of it is all that must match.
 */
static int render_value(sd_bus_message *m, const char *name, const char *sig, char *line,
			size_t len)
{
	/* systemd 252 NAMESPACE_FLAGS_ALL (src/shared/namespace-util.h) */
	const __u64 ns_all = CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS |
			     CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWUTS;
	size_t pos = 0;
	char **l = NULL, num[32];
	const char *s;
	uint64_t t;
	int r, b, i;

	if (append(line, len, &pos, name) || append(line, len, &pos, "="))
		return -ENOSPC;
	if (!strcmp(sig, "s")) {
		r = sd_bus_message_read(m, "s", &s);
		if (r >= 0)
			r = value_ok(s) ? append(line, len, &pos, s) : -EBADMSG;
	} else if (!strcmp(sig, "b")) {
		r = sd_bus_message_read(m, "b", &b);
		if (r >= 0)
			r = append(line, len, &pos, b ? "yes" : "no");
	} else if (!strcmp(sig, "i")) {
		r = sd_bus_message_read(m, "i", &b);
		snprintf(num, sizeof(num), "%d", b);
		if (r >= 0)
			r = append(line, len, &pos, num);
	} else if (!strcmp(sig, "t")) {
		r = sd_bus_message_read(m, "t", &t);
		if (r < 0)
			return r;
		r = 0;
		if (!strcmp(name, "RestrictNamespaces")) {
			r = append(line, len, &pos,
				   !(t & ns_all)	    ? "yes"
				   : (t & ns_all) == ns_all ? "no"
							    : "some");
		} else if (strstr(name, "Capabilit")) {
			for (i = 0; i < 64 && !r; i++)
				if ((t & (1ULL << i)) && cap_name_lower(i))
					r = (pos > strlen(name) + 1 ? append(line, len, &pos, " ")
								    : 0)
						?: append(line, len, &pos, cap_name_lower(i));
		} else {
			snprintf(num, sizeof(num), "%llu", (unsigned long long)t);
			r = append(line, len, &pos, num);
		}
	} else if (!strcmp(sig, "as")) {
		r = sd_bus_message_read_strv(m, &l);
		if (r >= 0)
			r = append_strv(line, len, &pos, l);
	} else if (!strcmp(sig, "(bas)")) {
		r = sd_bus_message_enter_container(m, SD_BUS_TYPE_STRUCT, "bas");
		if (r >= 0)
			r = sd_bus_message_read(m, "b", &b);
		if (r >= 0)
			r = sd_bus_message_read_strv(m, &l);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r >= 0 && !b)
			r = append(line, len, &pos, "~");
		if (r >= 0)
			r = append_strv(line, len, &pos, l);
	} else {
		return sd_bus_message_skip(m, sig) < 0 ? -EBADMSG : 1; /* not one we read */
	}
	strv_free(l);
	if (r < 0)
		return r;
	return append(line, len, &pos, "\n");
}

/* Properties.GetAll's a{sv} as `systemctl show -p ...` lines */
static int render(sd_bus_message *m, char *out, size_t len)
{
	char *line = malloc(MGR_OUT_MAX);
	size_t pos = 0;
	int r;

	if (!line)
		return -ENOMEM;
	out[0] = '\0';
	r = sd_bus_message_enter_container(m, SD_BUS_TYPE_ARRAY, "{sv}");
	while (r >= 0 &&
	       (r = sd_bus_message_enter_container(m, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
		const char *name, *sig;
		char type;

		r = sd_bus_message_read(m, "s", &name);
		if (r >= 0 && !wanted(name)) {
			r = sd_bus_message_skip(m, "v");
		} else if (r >= 0) {
			r = sd_bus_message_peek_type(m, &type, &sig);
			if (r >= 0)
				r = sd_bus_message_enter_container(m, SD_BUS_TYPE_VARIANT, sig);
			if (r >= 0) {
				/* a value that cannot be one line is left out, not cut */
				r = render_value(m, name, sig, line, MGR_OUT_MAX);
				if (r == 0)
					r = append(out, len, &pos, line);
				else if (r == -EBADMSG || r == 1)
					r = 0; /* read or skipped whole: the variant ends */
			}
			if (r >= 0)
				r = sd_bus_message_exit_container(m);
		}
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	free(line);
	return r < 0 ? r : 0;
}

/* over a connected private socket: LoadUnit (what `systemctl show` does), then GetAll */
static int bus_query(int fd, const char *unit, char *out, size_t len, char *why, size_t wlen)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	sd_bus *bus = NULL;
	char *path = NULL;
	const char *o;
	int r;

	r = sd_bus_new(&bus);
	if (r < 0)
		return r;
	r = sd_bus_set_fd(bus, fd, fd);
	if (r >= 0)
		r = sd_bus_set_method_call_timeout(bus, MGR_CALL_USEC);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0) {
		str_printf(why, wlen, "the manager's bus did not start: %s", strerror(-r));
		goto out;
	}
	r = sd_bus_call_method(bus, NULL, "/org/freedesktop/systemd1",
			       "org.freedesktop.systemd1.Manager", "LoadUnit", &error, &reply, "s",
			       unit);
	if (r >= 0)
		r = sd_bus_message_read(reply, "o", &o);
	if (r >= 0 && !(path = strdup(o)))
		r = -ENOMEM;
	sd_bus_message_unref(reply);
	reply = NULL;
	if (r >= 0)
		r = sd_bus_call_method(bus, NULL, path, "org.freedesktop.DBus.Properties", "GetAll",
				       &error, &reply, "s", "");
	if (r >= 0)
		r = render(reply, out, len);
	if (r < 0)
		str_printf(why, wlen, "the manager did not answer: %s",
			   error.message ? error.message : strerror(-r));
out:
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
	free(path);
	sd_bus_flush_close_unref(bus); /* closes fd */
	return r;
}

/*
 * In the child (already in the manager's pid namespace): connect through the O_PATH
 * descriptor, so that nothing is looked up again, check who answers, ask. Writes "0" and
 * the lines, or "E" and why, to wfd. The system manager is PID 1 here; a user manager must
 * run as its user.
 */
static int child_query(int sockfd, int wfd, const char *unit, bool user_manager, uid_t uid)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	char *out = malloc(MGR_OUT_MAX + 1), why[256] = "";
	size_t n, off;
	int s, r;

	if (!out)
		return 1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", sockfd);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
		str_printf(why, sizeof(why), "cannot connect to the manager: %s", strerror(errno));
		r = -1;
	} else if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &cl) ||
		   cred.uid != (user_manager ? uid : 0) || (!user_manager && cred.pid != 1)) {
		str_copy(why, "the socket is not served by the manager", sizeof(why));
		r = -1;
	} else {
		r = bus_query(s, unit, out + 1, MGR_OUT_MAX, why, sizeof(why));
		s = -1; /* closed by sd-bus */
	}
	if (s >= 0)
		close(s);
	if (r < 0) {
		out[0] = 'E';
		str_copy(out + 1, why[0] ? why : "the manager could not be asked", MGR_OUT_MAX);
	} else {
		out[0] = '0';
	}
	n = strlen(out);
	for (off = 0; off < n;) {
		ssize_t w = write(wfd, out + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(out);
	return off == n ? 0 : 1;
}

#else
/* a static build (Debian ships no libsystemd.a): the manager cannot be asked */
static int child_query(int sockfd, int wfd, const char *unit, bool user_manager, uid_t uid)
{
	static const char msg[] = "Ecapfix was built without libsystemd (static build)";

	(void)sockfd, (void)unit, (void)user_manager, (void)uid;
	return write(wfd, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 0 : 1;
}
#endif /* HAVE_SDBUS */

/*
 * systemd drops a private-bus client it cannot see in its own pid namespace (verified with
 * systemd 252 as PID 1 of a child pid namespace), and setns(CLONE_NEWPID) only moves the
 * children made after it: the child enters and forks once more. Neither changes mount
 * namespace or executes anything; the grandchild runs capfix's own code.
 */
static int ask(pid_t init, int sockfd, const char *unit, bool user_manager, uid_t uid, char *out,
	       size_t len, char *why, size_t wlen)
{
	int pipefd[2], pidns = -1, st = -1, err;
	pid_t child;
	ssize_t n;

	if (proc_ns_ino(init, "pid") != proc_ns_ino(0, "pid")) {
		char p[64];

		snprintf(p, sizeof(p), "/proc/%d/ns/pid", (int)init);
		pidns = open(p, O_RDONLY | O_CLOEXEC);
		if (pidns < 0) {
			err = -errno;
			str_printf(why, wlen, "cannot open the manager's pid namespace: %s",
				   strerror(-err));
			return err;
		}
	}
	if (pipe2(pipefd, O_CLOEXEC)) {
		err = -errno;
		goto out;
	}
	child = fork();
	if (child < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		goto out;
	}
	if (!child) {
		close(pipefd[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pidns >= 0) {
			pid_t gc;

			if (setns(pidns, CLONE_NEWPID))
				_exit(126);
			gc = fork();
			if (gc < 0)
				_exit(126);
			if (gc) {
				close(pipefd[1]);
				while (waitpid(gc, &st, 0) < 0)
					if (errno != EINTR)
						_exit(126);
				_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 126);
			}
			prctl(PR_SET_PDEATHSIG, SIGKILL);
		}
		_exit(child_query(sockfd, pipefd[1], unit, user_manager, uid));
	}
	close(pipefd[1]);
	n = fd_read_until(pipefd[0], out, len, MGR_TIMEOUT_MS);
	close(pipefd[0]);
	if (n < 0)
		kill(child, SIGKILL);
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (n < 0) {
		err = (int)n;
		str_printf(why, wlen, "the manager did not answer in %d s", MGR_TIMEOUT_MS / 1000);
	} else if (n > 0 && out[0] == 'E') {
		err = -EIO;
		str_copy(why, out + 1, wlen);
	} else if (n == 0 || out[0] != '0' || !WIFEXITED(st) || WEXITSTATUS(st)) {
		err = -EIO;
		str_copy(why, "the query failed", wlen);
	} else {
		err = 0;
	}
out:
	if (err && !why[0])
		str_printf(why, wlen, "cannot ask the manager: %s", strerror(-err));
	if (pidns >= 0)
		close(pidns);
	return err;
}

bool manager_is_systemd(pid_t pid)
{
	char why[8];
	pid_t init;
	int fd;

	if (find_manager(pid, &init, why, sizeof(why)))
		return false;
	fd = open_in_init_root(init, "/run/systemd/system", O_DIRECTORY);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int unit_props_read_ns(pid_t ns_pid, const char *unit, bool user_manager, uid_t uid,
		       struct unit_props *up)
{
	char path[96], *out = NULL, why[sizeof(up->unknown_why)] = "";
	struct stat st;
	pid_t init = 1;
	int fd = -1, err;

	memset(up, 0, sizeof(*up));
	up->bounding_set = ~0ULL;
	if (!unit_name_valid(unit)) {
		str_copy(up->unknown_why, "not a unit name", sizeof(up->unknown_why));
		return -EINVAL;
	}
	err = find_manager(ns_pid, &init, why, sizeof(why));
	if (err)
		goto out;
	/* sd_booted(3): the manager is systemd */
	fd = open_in_init_root(init, "/run/systemd/system", O_DIRECTORY);
	if (fd < 0) {
		err = -EOPNOTSUPP;
		str_copy(why, "systemd is not the process's manager", sizeof(why));
		goto out;
	}
	close(fd);
	if (user_manager)
		snprintf(path, sizeof(path), "/run/user/%u/systemd/private", (unsigned int)uid);
	else
		snprintf(path, sizeof(path), "/run/systemd/private");
	fd = open_in_init_root(init, path, 0);
	if (fd < 0) {
		err = fd;
		str_printf(why, sizeof(why), "cannot open the manager's socket %s: %s", path,
			   strerror(-err));
		goto out;
	}
	/* the system manager's socket is root's; a user manager's, its user's */
	if (fstat(fd, &st) || !S_ISSOCK(st.st_mode) || st.st_uid != (user_manager ? uid : 0)) {
		err = -EPERM;
		str_printf(why, sizeof(why), "%s is not a socket of %s", path,
			   user_manager ? "the unit's user" : "root");
		goto out;
	}
	out = malloc(MGR_OUT_MAX + 2);
	if (!out) {
		err = -ENOMEM;
		goto out;
	}
	err = ask(init, fd, unit, user_manager, uid, out, MGR_OUT_MAX + 2, why, sizeof(why));
	if (!err)
		err = unit_props_parse(out + 1, strlen(out + 1), up);
	if (err && !why[0])
		str_copy(why, "the manager's answer had none of the unit's settings", sizeof(why));
out:
	if (fd >= 0)
		close(fd);
	free(out);
	if (err) {
		memset(up, 0, sizeof(*up));
		up->bounding_set = ~0ULL;
		str_copy(up->unknown_why, why, sizeof(up->unknown_why));
	}
	return err;
}

int unit_props_read(const char *unit, bool user_manager, uid_t uid, struct unit_props *up)
{
	return unit_props_read_ns(0, unit, user_manager, uid, up);
}
