// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rendering of fixes: setcap, systemd drop-ins and units, sysctl, docker, kubernetes, setpriv. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/securebits.h>
#include <sys/socket.h>
#include "diagnose.h"
#include "fix.h"
#include "names.h"
#include "parse.h"
#include "strutil.h"

/*
 * Commands are built word by word. Data (paths, user and unit names, anything the
 * traced process could influence) only ever goes through shell_quote(). Fixed words of
 * our own (program names, options, "&&") go through cmd_lit(), which refuses anything
 * that is not a plain word or a known operator, so a typo here cannot produce a
 * command that means something else.
 */
struct cmd {
	char buf[MODEL_CMD_MAX];
	bool bad; /* something did not fit or was refused: the fix is dropped */
};

static bool lit_ok(const char *s)
{
	static const char *const ops[] = {"&&", ">", NULL};
	const char *p;
	int i;

	for (i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return true;
	if (!*s)
		return false;
	for (p = s; *p; p++)
		if (!shell_safe_char((unsigned char)*p))
			return false;
	return true;
}

static void cmd_lit(struct cmd *c, const char *lit)
{
	if (c->bad)
		return;
	if (!lit_ok(lit) || str_appendf(c->buf, sizeof(c->buf), "%s%s", c->buf[0] ? " " : "", lit))
		c->bad = true;
}

static void cmd_arg(struct cmd *c, const char *word)
{
	if (c->bad)
		return;
	if (shell_append(c->buf, sizeof(c->buf), word) < 0)
		c->bad = true;
}

/* "systemctl daemon-reload && systemctl VERB": unit files and drop-ins count after a reload */
static void cmd_reload_then(struct cmd *c, const char *verb)
{
	cmd_lit(c, "systemctl");
	cmd_lit(c, "daemon-reload");
	cmd_lit(c, "&&");
	cmd_lit(c, "systemctl");
	cmd_lit(c, verb);
}

static void cmd_argf(struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cmd_argf(struct cmd *c, const char *fmt, ...)
{
	char word[MODEL_PATH_MAX + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(word, sizeof(word), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(word))
		c->bad = true;
	else
		cmd_arg(c, word);
}

/* copies the finished command into fx; -1 (and fx->command "") if it went wrong */
static int cmd_done(struct cmd *c, struct fix *fx)
{
	if (c->bad || str_copy(fx->command, c->buf, sizeof(fx->command)) >= sizeof(fx->command)) {
		fx->command[0] = '\0';
		return -1;
	}
	return 0;
}

static int set_warning(struct fix *fx, const char *w)
{
	if (!w)
		return 0;
	/* a warning that does not fit is cut; it is prose, not something to run */
	str_copy(fx->warning, w, sizeof(fx->warning));
	return 0;
}

static void fix_init(struct fix *fx, enum fix_kind kind)
{
	memset(fx, 0, sizeof(*fx));
	fx->kind = kind;
}

char *capmask_systemd(__u64 mask, char *buf, size_t len)
{
	const struct capmask_style st = {.sep = " ", .known_only = true};

	capmask_render(buf, len, mask, &st);
	return buf;
}

/* "NET_BIND_SERVICE" list as docker/kubernetes spell them, joined by sep, each in q quotes */
static int capmask_runtime(__u64 mask, char *buf, size_t len, const char *sep, const char *q)
{
	const struct capmask_style st = {
	    .sep = sep, .pre = q, .post = q, .bare = true, .known_only = true};

	return capmask_render(buf, len, mask, &st) || !buf[0] ? -1 : 0;
}

/* "net_bind_service" list for setpriv: no "cap_" prefix, "+" each (setpriv(1)) */
static int capmask_setpriv(__u64 mask, char *buf, size_t len)
{
	const struct capmask_style st = {
	    .sep = ",", .pre = "+", .lower = true, .bare = true, .known_only = true};

	return capmask_render(buf, len, mask, &st) || !buf[0] ? -1 : 0;
}

bool unit_name_ok(const char *unit, const char *suffix)
{
	size_t n = strlen(unit), sl = strlen(suffix);

	/* systemd's alphabet has no '/' (unit_name_valid()), so the drop-in path stays below
	 * /etc/systemd/system whatever the cgroup path said */
	return n > sl && n < MODEL_UNIT_MAX && !strcmp(unit + n - sl, suffix) &&
	       unit_name_valid(unit);
}

int fix_setcap(struct fix *fx, const char *path, __u64 perm, __u64 inh, long long rootid,
	       const char *warning)
{
	char caps[1600], list[1200];
	struct cmd c = {0};

	fix_init(fx, FIX_SETCAP);
	/*
	 * setcap (libcap 2.66) takes the word after the capability text as the file name,
	 * verbatim: it has no "--" (it would set caps on a file named "--"; checked on
	 * Debian 12). An absolute path can never be taken for an option or for "-r", so
	 * only absolute paths are offered. It must not be a symlink either: the caller
	 * passes the resolved path.
	 */
	if (!path || path[0] != '/' || !perm)
		return -1;
	capmask_str(perm, list, sizeof(list), true);
	if (str_printf(caps, sizeof(caps), "%s=+ep", list))
		return -1;
	if (inh) {
		capmask_str(inh, list, sizeof(list), true);
		if (str_appendf(caps, sizeof(caps), " %s+i", list))
			return -1;
	}
	cmd_lit(&c, "setcap");
	if (rootid >= 0) {
		cmd_lit(&c, "-n");
		cmd_argf(&c, "%lld", rootid);
	}
	cmd_arg(&c, caps);
	cmd_arg(&c, path);
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

int fix_setcap_remove(struct fix *fx, const char *path, const char *warning)
{
	struct cmd c = {0};

	fix_init(fx, FIX_SETCAP);
	if (!path || path[0] != '/') /* see fix_setcap() */
		return -1;
	cmd_lit(&c, "setcap");
	cmd_lit(&c, "-r");
	cmd_arg(&c, path);
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

/*
 * CapabilityBoundingSet= in a drop-in: systemd replaces the unit's value when the unit
 * never set it and ORs it in otherwise (src/core/load-fragment.c
 * config_parse_capability_set: "uninitialized data -> replace", "previous data ->
 * merge"). Writing CapabilityBoundingSet=CAP_X into a unit that does not restrict its
 * bounding set would therefore shrink it to CAP_X. We write the line only when the
 * unit's set is known and lacks a capability to grant, and then as the union of what it
 * has and what is granted: that value is right under both replace and OR. When the set
 * is unrestricted we leave it alone (restricting it is hardening that could break helpers
 * the service execs, R3), and when it is unknown we cannot merge, so we do not touch it.
 * AmbientCapabilities= lines are ORed the same way; we still write the union so the
 * drop-in says what the unit ends up with. Ambient caps outside the bounding set are
 * dropped or fail the unit (R18), hence ambient caps are always added to bounding_add.
 */
int render_dropin_ex(const struct unit_props *up, __u64 ambient, __u64 bounding_add,
		     bool private_users_off, const char *extra, char *buf, size_t len)
{
	char list[1200];
	int n = 0, err = 0;

	if (!len)
		return -1;
	buf[0] = '\0';
	err |= str_appendf(buf, len, "[Service]\n");
	if (ambient) {
		__u64 amb = ambient | (up && up->known ? up->ambient : 0);

		err |= str_appendf(buf, len, "AmbientCapabilities=%s\n",
				   capmask_systemd(amb, list, sizeof(list)));
		n++;
	}
	bounding_add |= ambient;
	if (up && up->known && up->bounding_set_known && (bounding_add & ~up->bounding_set)) {
		err |= str_appendf(buf, len, "CapabilityBoundingSet=%s\n",
				   capmask_systemd((up->bounding_set & CAPS_ALL) | bounding_add,
						   list, sizeof(list)));
		n++;
	}
	if (private_users_off) {
		/* R11: a private user namespace holds no capability in the host's */
		err |= str_appendf(buf, len, "PrivateUsers=no\n");
		n++;
	}
	if (extra && *extra) {
		err |= str_appendf(buf, len, "%s", extra);
		n++;
	}
	if (err) {
		buf[0] = '\0';
		return -1;
	}
	return n;
}

int render_dropin(const struct unit_props *up, __u64 caps, bool unit_is_root, char *buf, size_t len)
{
	/* root gets its bounding set at exec anyway; ambient only matters under
	 * SecureBits=noroot (R9) */
	bool want_ambient = !unit_is_root || (up && up->known && (up->secure_bits & SECBIT_NOROOT));

	return render_dropin_ex(up, want_ambient ? caps : 0, caps,
				up && up->known && up->private_users, NULL, buf, len);
}

/* UNIT.d/NAME holding text, and the command that applies it: reload, restart */
static int fix_dropin_file(struct fix *fx, enum fix_kind kind, const char *unit, const char *name,
			   const char *text, const char *warning)
{
	struct cmd c = {0};

	fix_init(fx, kind);
	if (!unit_name_ok(unit, ".service") || !text || !*text || !lit_ok(name))
		return -1;
	str_copy(fx->unit, unit, sizeof(fx->unit));
	if (str_printf(fx->path, sizeof(fx->path), "/etc/systemd/system/%s.d/%s", unit, name) ||
	    str_copy(fx->dropin, text, sizeof(fx->dropin)) >= sizeof(fx->dropin))
		return -1;
	cmd_reload_then(&c, "restart");
	cmd_arg(&c, unit);
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

int fix_systemd_dropin(struct fix *fx, const char *unit, const char *dropin, const char *warning)
{
	return fix_dropin_file(fx, FIX_SYSTEMD, unit, "capfix.conf", dropin, warning);
}

/* one word of ExecStart=: double-quoted with C escapes, % and $ doubled (systemd.service(5)
 * "Command lines", systemd.unit(5) specifiers). The executable itself (is_exe) gets no
 * $VAR expansion, so its '$' stays single: "$$" there would name another file. */
static int unit_quote(char *buf, size_t len, const char *word, bool is_exe)
{
	const unsigned char *p;
	int err = 0;

	buf[0] = '\0';
	err |= str_appendf(buf, len, "\"");
	for (p = (const unsigned char *)word; *p && !err; p++) {
		size_t l = *p >= 0x80 ? text_printable_len((const char *)p, strlen((const char *)p)) : 0;

		if (*p == '\\' || *p == '"')
			err |= str_appendf(buf, len, "\\%c", *p);
		else if (*p == '%' || (*p == '$' && !is_exe))
			err |= str_appendf(buf, len, "%c%c", *p, *p);
		else if (l) {
			/* valid UTF-8 as is; invalid bytes (JSON would turn them into other
			 * characters) and terminal controls (C1, bidi) as \xNN below */
			err |= str_appendf(buf, len, "%.*s", (int)l, (const char *)p);
			p += l - 1;
		} else if (*p < 0x20 || *p >= 0x7f)
			err |= str_appendf(buf, len, "\\x%02x", *p);
		else
			err |= str_appendf(buf, len, "%c", *p);
	}
	err |= str_appendf(buf, len, "\"");
	return err ? -1 : 0;
}

static bool user_name_ok(const char *u)
{
	const char *p;

	if (!u || !*u || *u == '-' || strlen(u) > 32)
		return false;
	for (p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			return false;
	return true;
}

int fix_systemd_new_unit(struct fix *fx, const char *unit, const char *exe, const char *script,
			 const char *user, __u64 caps, const char *warning)
{
	char q[2 * MODEL_PATH_MAX], list[1200];
	struct cmd c = {0};
	int err = 0;

	fix_init(fx, FIX_SYSTEMD);
	if (!unit_name_ok(unit, ".service") || !exe || exe[0] != '/' || !caps)
		return -1;
	/* systemd refuses such an executable ("contains special characters": string_is_safe()
	 * in load-fragment.c rejects control characters, quotes and backslashes): the unit
	 * would not load, so offer none */
	for (const char *e = exe; *e; e++)
		if ((unsigned char)*e < 0x20 || *e == 0x7f || strchr("\"'\\", *e))
			return -1;
	if (str_printf(fx->path, sizeof(fx->path), "/etc/systemd/system/%s", unit))
		return -1;
	/* R18's canonical form: a new unit may restrict its bounding set to what it needs */
	err |= str_appendf(fx->dropin, sizeof(fx->dropin), "[Service]\n");
	err |= unit_quote(q, sizeof(q), exe, true);
	err |= str_appendf(fx->dropin, sizeof(fx->dropin), "ExecStart=%s", q);
	if (script && script[0] == '/') {
		err |= unit_quote(q, sizeof(q), script, false);
		err |= str_appendf(fx->dropin, sizeof(fx->dropin), " %s", q);
	}
	err |= str_appendf(fx->dropin, sizeof(fx->dropin), "\n");
	if (user && (!strcmp(user, "nobody") || !strcmp(user, "65534"))) {
		/*
		 * systemd warns "Special user nobody configured, this is not safe!" (files
		 * nobody owns are shared by every such service); a dynamic user is its own
		 * unprivileged uid. It implies NoNewPrivileges=, which ambient caps survive (R1).
		 */
		err |= str_appendf(fx->dropin, sizeof(fx->dropin), "DynamicUser=yes\n");
	} else if (user && *user) {
		if (!user_name_ok(user))
			return -1;
		err |= str_appendf(fx->dropin, sizeof(fx->dropin), "User=%s\n", user);
	}
	capmask_systemd(caps, list, sizeof(list));
	err |= str_appendf(fx->dropin, sizeof(fx->dropin),
			   "AmbientCapabilities=%s\nCapabilityBoundingSet=%s\n\n[Install]\n"
			   "WantedBy=multi-user.target\n",
			   list, list);
	if (err)
		return -1;
	cmd_reload_then(&c, "enable");
	cmd_lit(&c, "--now");
	cmd_arg(&c, unit);
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

static bool addr_ok(const char *a)
{
	const char *p;

	for (p = a; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		      (*p >= 'A' && *p <= 'F') || *p == '.' || *p == ':'))
			return false;
	return true;
}

int fix_socket_activation(struct fix *fx, const char *service, int family, const char *addr,
			  int port)
{
	char sock[MODEL_UNIT_MAX], listen[96];
	size_t n = strlen(service);
	struct cmd c = {0};

	fix_init(fx, FIX_SOCKET_ACTIVATION);
	if (!unit_name_ok(service, ".service") || port <= 0 || port > 65535)
		return -1;
	if (str_printf(sock, sizeof(sock), "%.*s.socket", (int)(n - strlen(".service")), service))
		return -1;
	if (!addr || !*addr || !addr_ok(addr))
		addr = family == AF_INET6 ? "::" : "0.0.0.0";
	if (str_printf(listen, sizeof(listen), family == AF_INET6 ? "[%s]:%d" : "%s:%d", addr,
		       port))
		return -1;
	str_copy(fx->unit, sock, sizeof(fx->unit));
	if (str_printf(fx->path, sizeof(fx->path), "/etc/systemd/system/%s", sock) ||
	    str_printf(
		fx->dropin, sizeof(fx->dropin),
		"[Socket]\nListenStream=%s\nService=%s\n\n[Install]\nWantedBy=sockets.target\n",
		listen, service))
		return -1;
	cmd_reload_then(&c, "enable");
	cmd_lit(&c, "--now");
	cmd_arg(&c, sock);
	cmd_lit(&c, "&&");
	cmd_lit(&c, "systemctl");
	cmd_lit(&c, "restart");
	cmd_arg(&c, service);
	set_warning(fx, "Only if the program accepts its listening socket from systemd "
			"(sd_listen_fds(3), LISTEN_FDS) instead of binding it itself: PID 1 binds "
			"the port, so the service needs no capability (R17).");
	return cmd_done(&c, fx);
}

int fix_sysctl_port(struct fix *fx, int port, int current)
{
	char w[MODEL_TEXT_MAX], cur[48];
	struct cmd c = {0};

	fix_init(fx, FIX_SYSCTL);
	if (port <= 0 || port > 65535)
		return -1;
	cmd_lit(&c, "sysctl");
	cmd_lit(&c, "-w");
	cmd_argf(&c, "net.ipv4.ip_unprivileged_port_start=%d", port);
	str_copy(fx->path, "/etc/sysctl.d/60-capfix-unprivileged-port-start.conf",
		 sizeof(fx->path));
	str_printf(fx->dropin, sizeof(fx->dropin), "net.ipv4.ip_unprivileged_port_start = %d\n",
		   port);
	if (current >= 0)
		str_printf(cur, sizeof(cur), "now %d", current);
	else
		str_copy(cur, "now unknown, default 1024", sizeof(cur));
	str_printf(w, sizeof(w),
		   "Applies to the whole network namespace (%s), IPv4 and IPv6: every user and "
		   "program in it may then bind any port from %d up, not just this one. The file "
		   "makes it survive a reboot (R17).",
		   cur, port);
	set_warning(fx, w);
	return cmd_done(&c, fx);
}

int fix_sysctl_ping(struct fix *fx, unsigned int gid)
{
	char w[MODEL_TEXT_MAX];
	struct cmd c = {0};

	fix_init(fx, FIX_SYSCTL);
	cmd_lit(&c, "sysctl");
	cmd_lit(&c, "-w");
	cmd_argf(&c, "net.ipv4.ping_group_range=%u %u", gid, gid);
	str_copy(fx->path, "/etc/sysctl.d/60-capfix-ping-group-range.conf", sizeof(fx->path));
	str_printf(fx->dropin, sizeof(fx->dropin), "net.ipv4.ping_group_range = %u %u\n", gid, gid);
	str_printf(w, sizeof(w),
		   "Only for ICMP echo (ping) over unprivileged ICMP sockets: other raw-socket "
		   "uses still need CAP_NET_RAW. Replaces the current range, so check "
		   "`sysctl net.ipv4.ping_group_range` first and widen it rather than narrow it.");
	set_warning(fx, w);
	return cmd_done(&c, fx);
}

static const char *ct_run(enum container_flavour fl)
{
	return fl == CT_PODMAN ? "podman run" : fl == CT_NERDCTL ? "nerdctl run" : "docker run";
}

/*
 * The setcap line for a container image's build (R5: a non-root container gets the cap
 * only from the file). -1 when there is none, or when the path holds a newline: it would
 * end the Dockerfile's RUN line (or a YAML comment) and inject what follows.
 */
static int image_setcap(char *buf, size_t len, const char *exe, __u64 caps)
{
	struct fix tmp;

	if (!exe || fix_setcap(&tmp, exe, caps, 0, -1, NULL) < 0 || strchr(tmp.command, '\n'))
		return -1;
	return str_copy(buf, tmp.command, len) < len ? 0 : -1;
}

int fix_docker_cap_add(struct fix *fx, enum container_flavour fl, __u64 caps, bool nonroot,
		       const char *exe, const char *warning)
{
	char flags[1600], yaml[1600], setcap[MODEL_CMD_MAX];
	int err = 0;

	fix_init(fx, FIX_DOCKER);
	if (capmask_runtime(caps, flags, sizeof(flags), " --cap-add=", "") ||
	    capmask_runtime(caps, yaml, sizeof(yaml), "\n  - ", ""))
		return -1;
	err |= str_printf(fx->dropin, sizeof(fx->dropin),
			  "# %s option:\n--cap-add=%s\n# or in compose.yaml, under the service:\n"
			  "cap_add:\n  - %s\n",
			  ct_run(fl), flags, yaml);
	if (nonroot) {
		/* R5: for a non-root user the runtime fills only the bounding set; the file
		 * must carry the capability, set in the image (a COPY does not keep xattrs).
		 * The RUN line is shell, so the path is quoted like any command. */
		if (image_setcap(setcap, sizeof(setcap), exe, caps))
			return -1;
		err |= str_appendf(fx->dropin, sizeof(fx->dropin),
				   "# and, as the container runs as a non-root user, in the "
				   "Dockerfile (needs setcap in the image):\nRUN %s\n",
				   setcap);
	}
	set_warning(fx, warning);
	return err ? -1 : 0;
}

int fix_docker_sysctl(struct fix *fx, enum container_flavour fl, int port)
{
	fix_init(fx, FIX_DOCKER);
	if (port <= 0 || port > 65535)
		return -1;
	if (str_printf(fx->dropin, sizeof(fx->dropin),
		       "# %s option:\n--sysctl net.ipv4.ip_unprivileged_port_start=%d\n"
		       "# or in compose.yaml, under the service:\nsysctls:\n"
		       "  net.ipv4.ip_unprivileged_port_start: %d\n",
		       ct_run(fl), port, port))
		return -1;
	set_warning(fx,
		    "Only in the container's own network namespace, not with --network host "
		    "(there it is the host's sysctl). Docker 20.10+ already sets 0 on its own "
		    "networks (moby#41030), so a denial here usually means host networking (R17).");
	return 0;
}

int fix_k8s_cap_add(struct fix *fx, __u64 caps, bool nonroot, const char *exe, const char *warning)
{
	char list[1600];
	int err = 0;

	fix_init(fx, FIX_KUBERNETES);
	if (capmask_runtime(caps, list, sizeof(list), ", ", "\""))
		return -1;
	err |= str_printf(fx->dropin, sizeof(fx->dropin),
			  "# in the container spec:\nsecurityContext:\n  capabilities:\n"
			  "    add: [%s]\n",
			  list);
	if (nonroot) {
		char setcap[MODEL_CMD_MAX];

		/* R5 (kubernetes#56374): no ambient caps for non-root containers, so the file
		 * must carry the capability, and R1: allowPrivilegeEscalation: false would
		 * clip the file caps away */
		if (image_setcap(setcap, sizeof(setcap), exe, caps))
			return -1;
		err |=
		    str_appendf(fx->dropin, sizeof(fx->dropin),
				"  allowPrivilegeEscalation: true\n"
				"# and, as the container runs as a non-root user, in the image's "
				"Dockerfile:\n# RUN %s\n",
				setcap);
	}
	set_warning(fx, warning);
	return err ? -1 : 0;
}

int fix_k8s_sysctl(struct fix *fx, int port)
{
	fix_init(fx, FIX_KUBERNETES);
	if (port <= 0 || port > 65535)
		return -1;
	if (str_printf(fx->dropin, sizeof(fx->dropin),
		       "# in the pod spec:\nsecurityContext:\n  sysctls:\n"
		       "  - name: net.ipv4.ip_unprivileged_port_start\n    value: \"%d\"\n",
		       port))
		return -1;
	set_warning(fx, "A safe sysctl since Kubernetes 1.22 (kubernetes#103298), so no "
			"allowlist is needed; not with hostNetwork: true (R17).");
	return 0;
}

int fix_ambient_wrapper(struct fix *fx, const char *user_name, uid_t uid, gid_t gid, __u64 caps,
			const char *exe, const char *script, const char *warning)
{
	char list[1200];
	struct cmd c = {0};
	bool named = user_name_ok(user_name);

	fix_init(fx, FIX_AMBIENT_WRAPPER);
	if (!exe || exe[0] != '/' || capmask_setpriv(caps, list, sizeof(list)))
		return -1;
	/*
	 * setpriv (util-linux) switches uid first and raises ambient caps after it, which
	 * is the order R6 needs (the uid switch clears ambient). Options and their values
	 * are separate words; the program comes after "--".
	 */
	cmd_lit(&c, "setpriv");
	cmd_lit(&c, "--reuid");
	if (named)
		cmd_arg(&c, user_name);
	else
		cmd_argf(&c, "%u", (unsigned int)uid);
	cmd_lit(&c, "--regid");
	cmd_argf(&c, "%u", (unsigned int)gid);
	cmd_lit(&c, named ? "--init-groups" : "--clear-groups");
	cmd_lit(&c, "--inh-caps");
	cmd_arg(&c, list);
	cmd_lit(&c, "--ambient-caps");
	cmd_arg(&c, list);
	cmd_lit(&c, "--");
	cmd_arg(&c, exe);
	if (script && script[0] == '/')
		cmd_arg(&c, script);
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

int fix_text(struct fix *fx, enum fix_kind kind, const char *unit, const char *path,
	     const char *dropin, const char *command, const char *warning)
{
	fix_init(fx, kind);
	if ((!dropin || !*dropin) && (!command || !*command))
		return -1;
	if ((unit && str_copy(fx->unit, unit, sizeof(fx->unit)) >= sizeof(fx->unit)) ||
	    (path && str_copy(fx->path, path, sizeof(fx->path)) >= sizeof(fx->path)) ||
	    (dropin && str_copy(fx->dropin, dropin, sizeof(fx->dropin)) >= sizeof(fx->dropin)) ||
	    (command && str_copy(fx->command, command, sizeof(fx->command)) >= sizeof(fx->command)))
		return -1;
	set_warning(fx, warning);
	return 0;
}

int fix_ownership_file(struct fix *fx, const char *file, const char *user_name, uid_t uid,
		       const char *perm, const char *warning)
{
	struct cmd c = {0};

	fix_init(fx, FIX_OWNERSHIP);
	if (!file || file[0] != '/' || !perm || strspn(perm, "rwxX") != strlen(perm) || !*perm)
		return -1;
	/* an ACL entry for just this user: least privilege, the owner stays as it is */
	cmd_lit(&c, "setfacl");
	cmd_lit(&c, "-m");
	if (user_name_ok(user_name))
		cmd_argf(&c, "u:%s:%s", user_name, perm);
	else
		cmd_argf(&c, "u:%u:%s", (unsigned int)uid, perm);
	cmd_lit(&c, "--");
	cmd_arg(&c, file);
	set_warning(fx, warning ? warning
				: "Needs the acl tools and a file system with ACLs; a group the "
				  "program is in plus chmod g+r (g+w) does the same.");
	return cmd_done(&c, fx);
}

int fix_group_wrapper(struct fix *fx, const char *user_name, uid_t uid, gid_t gid,
		      const gid_t *groups, int ngroups, gid_t add, const char *exe,
		      const char *warning)
{
	char list[600] = "";
	struct cmd c = {0};
	int i, err = 0;

	fix_init(fx, FIX_OWNERSHIP);
	if (!exe || exe[0] != '/')
		return -1;
	/* --groups replaces the list: keep the groups the process has, add the file's */
	for (i = 0; i < ngroups; i++)
		if (groups[i] != add)
			err |= str_appendf(list, sizeof(list), "%u,", (unsigned int)groups[i]);
	err |= str_appendf(list, sizeof(list), "%u", (unsigned int)add);
	if (err)
		return -1;
	cmd_lit(&c, "setpriv");
	cmd_lit(&c, "--reuid");
	if (user_name_ok(user_name))
		cmd_arg(&c, user_name);
	else
		cmd_argf(&c, "%u", (unsigned int)uid);
	cmd_lit(&c, "--regid");
	cmd_argf(&c, "%u", (unsigned int)gid);
	cmd_lit(&c, "--groups");
	cmd_arg(&c, list);
	cmd_lit(&c, "--");
	cmd_arg(&c, exe);
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

int fix_append_args(struct fix *fx, const char *args, size_t len)
{
	char line[MODEL_CMD_MAX], q[MODEL_CMD_MAX], *eol, *at;
	size_t i;
	int err = 0;

	if (!len)
		return 0;
	if (fx->kind == FIX_AMBIENT_WRAPPER || (fx->kind == FIX_OWNERSHIP && !strncmp(fx->command, "setpriv ", 8))) {
		str_copy(line, fx->command, sizeof(line));
		for (i = 0; i < len; i += strlen(args + i) + 1)
			err |= shell_append(line, sizeof(line), args + i) < 0;
		return err ? -1 : (int)(str_copy(fx->command, line, sizeof(fx->command)) >= sizeof(fx->command));
	}
	/* a new unit: the words go at the end of its ExecStart= line */
	at = strstr(fx->dropin, "\nExecStart=");
	if (fx->kind != FIX_SYSTEMD || !at || !(eol = strchr(at + 1, '\n')))
		return 0;
	str_printf(line, sizeof(line), "%.*s", (int)(eol - fx->dropin), fx->dropin);
	for (i = 0; i < len && !err; i += strlen(args + i) + 1) {
		err |= unit_quote(q, sizeof(q), args + i, false);
		err |= str_appendf(line, sizeof(line), " %s", q);
	}
	err |= str_appendf(line, sizeof(line), "%s", eol);
	if (err || str_copy(fx->dropin, line, sizeof(fx->dropin)) >= sizeof(fx->dropin))
		return -1;
	return 0;
}

int fix_sysctl_text(struct fix *fx, const char *key, const char *value, const char *conf,
		    const char *warning)
{
	struct cmd c = {0};

	fix_init(fx, FIX_SYSCTL);
	cmd_lit(&c, "sysctl");
	cmd_lit(&c, "-w");
	cmd_argf(&c, "%s=%s", key, value);
	if (str_printf(fx->path, sizeof(fx->path), "/etc/sysctl.d/%s", conf) ||
	    str_printf(fx->dropin, sizeof(fx->dropin), "%s = %s\n", key, value))
		return -1;
	set_warning(fx, warning);
	return cmd_done(&c, fx);
}

int fix_systemd_config(struct fix *fx, enum fix_kind kind, const char *unit, const char *name,
		       const char *settings, const char *warning)
{
	char text[MODEL_CMD_MAX];

	/* its own file: these are alternatives to capfix.conf, applying one must not undo
	 * the other */
	fix_init(fx, kind);
	if (!settings || !*settings || str_printf(text, sizeof(text), "[Service]\n%s", settings))
		return -1;
	return fix_dropin_file(fx, kind, unit, name, text, warning);
}

int fix_lsm_audit(struct fix *fx, const char *lsm, const char *comm)
{
	struct cmd c = {0};

	fix_init(fx, FIX_CONFIG);
	if (lsm && strstr(lsm, "selinux")) {
		cmd_lit(&c, "ausearch");
		cmd_lit(&c, "-m");
		cmd_lit(&c, "avc");
		cmd_lit(&c, "-ts");
		cmd_lit(&c, "recent");
		if (comm && *comm) {
			cmd_lit(&c, "-c");
			cmd_arg(&c, comm);
		}
	} else {
		cmd_lit(&c, "journalctl");
		cmd_lit(&c, "-k");
		cmd_lit(&c, "--grep");
		cmd_arg(&c, lsm && strstr(lsm, "apparmor")
				? "apparmor=\"DENIED\""
				: "avc: +denied|apparmor=\"DENIED\"|landlock");
	}
	set_warning(fx, "Shows the security module's denial: fix its policy (a profile or "
			"module), not the capabilities (R14).");
	return cmd_done(&c, fx);
}

int fix_and_then(struct fix *fx, enum fix_kind kind, const struct fix *first,
		 const struct fix *then)
{
	/* "A && B": both commands are already fully quoted */
	*fx = *then;
	fx->kind = kind;
	if (!first->command[0] || !then->command[0] ||
	    str_printf(fx->command, sizeof(fx->command), "%s && %s", first->command,
		       then->command)) {
		fx->command[0] = '\0';
		return -1;
	}
	return 0;
}

int fix_tmpfiles(struct fix *fx, const char *user_name, uid_t uid)
{
	char owner[48];
	struct cmd c = {0};

	fix_init(fx, FIX_OWNERSHIP);
	if (user_name_ok(user_name))
		str_copy(owner, user_name, sizeof(owner));
	else
		str_printf(owner, sizeof(owner), "%u", (unsigned int)uid);
	str_copy(fx->path, "/etc/tmpfiles.d/capfix.conf", sizeof(fx->path));
	if (str_printf(fx->dropin, sizeof(fx->dropin),
		       "# /var/lib/PROGRAM is a placeholder: the directory the program is denied\n"
		       "d /var/lib/PROGRAM 0750 %s - -\n",
		       owner))
		return -1;
	cmd_lit(&c, "systemd-tmpfiles");
	cmd_lit(&c, "--create");
	cmd_arg(&c, fx->path);
	set_warning(fx, "Give the program files and directories it owns (tmpfiles.d(5)) instead of "
			"a capability that overrides every file permission on the system; edit the "
			"placeholder path first.");
	return cmd_done(&c, fx);
}
