// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* --service FILE: a unit file's credential settings, parsed (pure) and resolved for spawn.c. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/securebits.h>
#include "capfix.h"
#include "fileio.h"
#include "names.h"
#include "service.h"
#include "strutil.h"

/*
 * The rules are systemd 252's (src/core/load-fragment.c, src/basic/extract-word.c,
 * src/core/execute.c), as systemd.exec(5) and systemd.service(5) document them:
 *  - CapabilityBoundingSet= / AmbientCapabilities= (config_parse_capability_set): a leading
 *    '~' inverts; the first assignment, an empty one, or one made while the set still has its
 *    initial value (all for the bounding set, none for ambient) replaces; later ones OR (or
 *    AND NOT with '~').
 *  - User=, Group=, SecureBits=: the last assignment wins, empty resets.
 *  - SupplementaryGroups=: lists accumulate, empty resets.
 *  - ExecStart=: an empty assignment resets; a service other than Type=oneshot takes exactly
 *    one command. The first word's prefixes are '-', '@', ':', '+', '!' and "!!".
 *  - NoNewPrivileges= is also implied, for a process without CAP_SYS_ADMIN in its effective
 *    set after the uid change (context_has_no_new_privileges(), R1), by the options below.
 */

#define MAX_LINE 16384

struct parser {
	struct service_file *sf;
	int line;
	int nexec;
	unsigned int nnp_opts; /* bit i: nnp_options[i] is in effect */
};

/* the options that imply NoNewPrivileges= for an unprivileged process (R1, [SDX]) */
static const struct {
	const char *key;
	bool is_bool; /* yes/no; else a list: in effect when not empty (and not "no") */
} nnp_options[] = {
	{ "LockPersonality", true },	    { "MemoryDenyWriteExecute", true },
	{ "PrivateDevices", true },	    { "ProtectClock", true },
	{ "ProtectHostname", true },	    { "ProtectKernelTunables", true },
	{ "ProtectKernelModules", true },   { "ProtectKernelLogs", true },
	{ "RestrictRealtime", true },	    { "RestrictSUIDSGID", true },
	{ "RestrictAddressFamilies", false }, { "SystemCallFilter", false },
	{ "SystemCallArchitectures", false }, { "SystemCallLog", false },
	{ "RestrictNamespaces", false },
};

static int perr(struct parser *p, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr(struct parser *p, int err, const char *fmt, ...)
{
	va_list ap;

	p->sf->error_line = p->line;
	va_start(ap, fmt);
	vsnprintf(p->sf->error, sizeof(p->sf->error), fmt, ap);
	va_end(ap);
	return err;
}

/* parse_boolean(): 1 true, 0 false, -1 neither */
static int parse_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(v, yes[i]))
			return 1;
		if (!strcasecmp(v, no[i]))
			return 0;
	}
	return -1;
}

/* a capability as systemd spells it: "cap_net_raw" (any case) or a number */
static int cap_word(const char *w)
{
	char *end;
	long n;

	if (isdigit((unsigned char)w[0])) {
		n = strtol(w, &end, 10);
		return *end || n < 0 || n > CAPFIX_MAX_CAP ? -1 : (int)n;
	}
	if (strncasecmp(w, "cap_", 4))
		return -1;
	return cap_from_name(w);
}

/* whitespace-separated words of v (str_next_word()), at most wlen-1 bytes each; returns
 * the next position */
static const char *next_word(const char *v, char *w, size_t wlen, bool *too_long)
{
	size_t pos = 0;

	*too_long = str_next_word(v, strlen(v), &pos, " \t", w, wlen) < 0;
	return v + pos;
}

static int parse_caps(struct parser *p, const char *key, const char *v, __u64 *set, __u64 initial)
{
	bool invert = false, too_long;
	__u64 sum = 0;
	char w[64];
	int c;

	if (*v == '~') {
		invert = true;
		v++;
	}
	for (;;) {
		v = next_word(v, w, sizeof(w), &too_long);
		if (!w[0])
			break;
		c = too_long ? -1 : cap_word(w);
		if (c < 0)
			return perr(p, -EINVAL, "%s=: unknown capability '%s'", key, w);
		sum |= 1ULL << c;
	}
	if (!sum || *set == initial)
		*set = invert ? ~sum : sum;
	else if (invert)
		*set &= ~sum;
	else
		*set |= sum;
	return 0;
}

static int parse_securebits(struct parser *p, const char *v, unsigned int *bits)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} names[] = {
		{ "keep-caps", SECBIT_KEEP_CAPS },
		{ "keep-caps-locked", SECBIT_KEEP_CAPS_LOCKED },
		{ "no-setuid-fixup", SECBIT_NO_SETUID_FIXUP },
		{ "no-setuid-fixup-locked", SECBIT_NO_SETUID_FIXUP_LOCKED },
		{ "noroot", SECBIT_NOROOT },
		{ "noroot-locked", SECBIT_NOROOT_LOCKED },
	};
	unsigned int b = 0;
	bool too_long;
	char w[64];
	size_t i;

	for (;;) {
		v = next_word(v, w, sizeof(w), &too_long);
		if (!w[0])
			break;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!too_long && !strcmp(w, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return perr(p, -EINVAL, "SecureBits=: unknown bit '%s'", w);
		b |= names[i].bit;
	}
	*bits = b;
	return 0;
}

static int set_name(struct parser *p, const char *key, const char *v, char *dst, bool *has)
{
	if (strchr(v, '%'))
		return perr(p, -EOPNOTSUPP, "%s=%s: specifiers (%%) are not modelled", key, v);
	if (strlen(v) >= SERVICE_NAME_LEN)
		return perr(p, -EINVAL, "%s=: name too long", key);
	str_copy(dst, v, SERVICE_NAME_LEN);
	*has = v[0] != '\0';
	return 0;
}

static int parse_groups(struct parser *p, const char *v)
{
	struct service_file *sf = p->sf;
	bool too_long;
	char w[SERVICE_NAME_LEN];

	if (!*v) {
		sf->nsupp = 0;
		return 0;
	}
	if (strchr(v, '%'))
		return perr(p, -EOPNOTSUPP, "SupplementaryGroups=: specifiers (%%) are not modelled");
	for (;;) {
		v = next_word(v, w, sizeof(w), &too_long);
		if (!w[0])
			break;
		if (too_long)
			return perr(p, -EINVAL, "SupplementaryGroups=: name too long");
		if (sf->nsupp >= SERVICE_MAX_SUPP)
			return perr(p, -EINVAL, "SupplementaryGroups=: more than %d groups",
				    SERVICE_MAX_SUPP);
		str_copy(sf->supp[sf->nsupp++], w, SERVICE_NAME_LEN);
	}
	return 0;
}

/* one word of a command line, systemd's extract_first_word(UNQUOTE|CUNESCAPE|RELAX) */
static int exec_word(struct parser *p, const char **sp, char *out, size_t outlen, bool no_env,
		     bool *got)
{
	const char *s = *sp;
	char quote = 0;
	size_t n = 0;

#define PUT(ch)                                                                   \
	do {                                                                      \
		if (n + 1 >= outlen)                                              \
			return perr(p, -EINVAL, "ExecStart=: command line too long"); \
		out[n++] = (char)(ch);                                            \
	} while (0)

	*got = false;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*sp = s;
		return 0;
	}
	*got = true;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!quote && (c == ' ' || c == '\t'))
			break;
		if (!quote && (c == '"' || c == '\'')) {
			quote = (char)c;
			continue;
		}
		if (quote && c == (unsigned char)quote) {
			quote = 0;
			continue;
		}
		if (c == '%') {
			if (s[1] != '%')
				return perr(p, -EOPNOTSUPP,
					    "ExecStart=: specifiers (%%%c) are not modelled",
					    s[1] ? s[1] : ' ');
			PUT('%');
			s++;
			continue;
		}
		if (c == '$' && !no_env) {
			if (s[1] == '$') {
				PUT('$');
				s++;
				continue;
			}
			if (s[1] == '{' || s[1] == '_' || isalpha((unsigned char)s[1]))
				return perr(p, -EOPNOTSUPP,
					    "ExecStart=: $VARIABLE expansion (Environment=) is not "
					    "modelled; use the ':' prefix or a literal command");
		}
		if (c == '\\') {
			unsigned int v = 0;
			int k;

			c = (unsigned char)*++s;
			switch (c) {
			case '\0':
				return perr(p, -EINVAL, "ExecStart=: trailing backslash");
			case 'a': PUT('\a'); break;
			case 'b': PUT('\b'); break;
			case 'f': PUT('\f'); break;
			case 'n': PUT('\n'); break;
			case 'r': PUT('\r'); break;
			case 't': PUT('\t'); break;
			case 'v': PUT('\v'); break;
			case 's': PUT(' '); break;
			case '\\': case '"': case '\'': PUT(c); break;
			case 'x':
				for (k = 0; k < 2 && isxdigit((unsigned char)s[1]); k++, s++)
					v = v * 16 + (unsigned int)(isdigit((unsigned char)s[1]) ?
									s[1] - '0' :
									(tolower(s[1]) - 'a' + 10));
				if (k != 2 || !v)
					return perr(p, -EINVAL, "ExecStart=: bad \\x escape");
				PUT(v);
				break;
			default:
				if (c >= '0' && c <= '7') {
					for (k = 0; k < 3 && s[k] >= '0' && s[k] <= '7'; k++)
						v = v * 8 + (unsigned int)(s[k] - '0');
					if (k != 3 || !v || v > 255)
						return perr(p, -EINVAL, "ExecStart=: bad octal escape");
					s += 2;
					PUT(v);
				} else {
					/* RELAX: an unknown escape stays as written */
					PUT('\\');
					PUT(c);
				}
			}
			continue;
		}
		PUT(c);
	}
#undef PUT
	if (quote)
		return perr(p, -EINVAL, "ExecStart=: unterminated quote");
	out[n] = '\0';
	*sp = s;
	return 0;
}

static int parse_exec(struct parser *p, const char *v)
{
	struct service_file *sf = p->sf;
	char first[sizeof(sf->path)];
	const char *f;
	size_t off = 0;
	bool got;
	int r;

	if (!*v) {
		p->nexec = 0;
		sf->argc = 0;
		sf->path[0] = '\0';
		sf->prefix = 0;
		return 0;
	}
	if (++p->nexec > 1)
		return perr(p, -EOPNOTSUPP,
			    "more than one ExecStart= (Type=oneshot): simulate one command at a time");
	/* prefixes come before the unquoted first word; ':' is needed before any '$' is read */
	f = v + strspn(v, " \t");
	sf->prefix = 0;
	for (;; f++) {
		unsigned int pf = sf->prefix;

		if (*f == '-' && !(pf & SERVICE_PFX_IGNORE_FAILURE))
			sf->prefix |= SERVICE_PFX_IGNORE_FAILURE;
		else if (*f == '@' && !(pf & SERVICE_PFX_ARGV0))
			sf->prefix |= SERVICE_PFX_ARGV0;
		else if (*f == ':' && !(pf & SERVICE_PFX_NO_ENV))
			sf->prefix |= SERVICE_PFX_NO_ENV;
		else if ((*f == '+' || *f == '!') &&
			 !(pf & (SERVICE_PFX_PRIVILEGED | SERVICE_PFX_NO_SETUID |
				 SERVICE_PFX_AMBIENT_MAGIC)))
			sf->prefix |= *f == '+' ? SERVICE_PFX_PRIVILEGED : SERVICE_PFX_NO_SETUID;
		else if (*f == '!' && (pf & SERVICE_PFX_NO_SETUID) &&
			 !(pf & SERVICE_PFX_AMBIENT_MAGIC))
			sf->prefix = (pf & ~SERVICE_PFX_NO_SETUID) | SERVICE_PFX_AMBIENT_MAGIC;
		else
			break;
	}
	r = exec_word(p, &f, first, sizeof(first), sf->prefix & SERVICE_PFX_NO_ENV, &got);
	if (r)
		return r;
	if (!got || !first[0])
		return perr(p, -EINVAL, "ExecStart=: no command");
	if (first[0] != '/' && strchr(first, '/'))
		return perr(p, -EINVAL,
			    "ExecStart=%s: neither an absolute path nor a bare executable name", first);
	str_copy(sf->path, first, sizeof(sf->path));
	sf->argc = 0;
	if (!(sf->prefix & SERVICE_PFX_ARGV0)) {
		str_copy(sf->argbuf, first, sizeof(sf->argbuf));
		sf->argoff[sf->argc++] = 0;
		off = strlen(first) + 1;
		if (off > sizeof(sf->argbuf))
			return perr(p, -EINVAL, "ExecStart=: command line too long");
	}
	for (;;) {
		if (off >= sizeof(sf->argbuf))
			return perr(p, -EINVAL, "ExecStart=: command line too long");
		r = exec_word(p, &f, sf->argbuf + off, sizeof(sf->argbuf) - off,
			      sf->prefix & SERVICE_PFX_NO_ENV, &got);
		if (r)
			return r;
		if (!got)
			break;
		if (!strcmp(sf->argbuf + off, ";"))
			return perr(p, -EOPNOTSUPP, "ExecStart=: ';' command lists are not modelled");
		if (sf->argc >= SERVICE_MAX_ARGS - 1)
			return perr(p, -EINVAL, "ExecStart=: more than %d arguments",
				    SERVICE_MAX_ARGS - 1);
		sf->argoff[sf->argc++] = (int)off;
		off += strlen(sf->argbuf + off) + 1;
	}
	if (!sf->argc)
		return perr(p, -EINVAL, "ExecStart=@: no argv[0] after the path");
	return 0;
}

static int refuse_if(struct parser *p, const char *key, const char *v, bool cond, const char *why)
{
	if (!cond)
		return 0;
	return perr(p, -EOPNOTSUPP, "%s=%s is not modelled: %s", key, v, why);
}

static int set_key(struct parser *p, const char *key, const char *v)
{
	struct service_file *sf = p->sf;
	size_t i;
	int b;

	if (!strcmp(key, "User"))
		return set_name(p, key, v, sf->user, &sf->has_user);
	if (!strcmp(key, "Group"))
		return set_name(p, key, v, sf->group, &sf->has_group);
	if (!strcmp(key, "SupplementaryGroups"))
		return parse_groups(p, v);
	if (!strcmp(key, "CapabilityBoundingSet")) {
		sf->has_bounding = true;
		return parse_caps(p, key, v, &sf->bounding, ~0ULL);
	}
	if (!strcmp(key, "AmbientCapabilities"))
		return parse_caps(p, key, v, &sf->ambient, 0);
	if (!strcmp(key, "SecureBits"))
		return parse_securebits(p, v, &sf->securebits);
	if (!strcmp(key, "ExecStart"))
		return parse_exec(p, v);
	if (!strcmp(key, "NoNewPrivileges")) {
		b = parse_bool(v);
		if (b < 0)
			return perr(p, -EINVAL, "NoNewPrivileges=%s: not a boolean", v);
		sf->no_new_privs = b;
		return 0;
	}
	if (!strcmp(key, "DynamicUser"))
		return refuse_if(p, key, v, parse_bool(v) != 0,
				 "systemd allocates the uid when the unit starts");
	if (!strcmp(key, "PrivateUsers"))
		return refuse_if(p, key, v, parse_bool(v) != 0,
				 "the service runs in a user namespace of its own (R11)");
	if (!strcmp(key, "PAMName"))
		return refuse_if(p, key, v, *v, "PAM modules may change groups and limits");
	if (!strcmp(key, "RootDirectory") || !strcmp(key, "RootImage"))
		return refuse_if(p, key, v, *v, "the executable lives in another root");
	for (i = 0; i < sizeof(nnp_options) / sizeof(nnp_options[0]); i++) {
		if (strcmp(key, nnp_options[i].key))
			continue;
		if (nnp_options[i].is_bool) {
			b = parse_bool(v);
			if (b < 0)
				return perr(p, -EINVAL, "%s=%s: not a boolean", key, v);
		} else {
			/* an empty assignment resets the list; RestrictNamespaces=no is "off" */
			b = *v && parse_bool(v) != 0;
		}
		if (b)
			p->nnp_opts |= 1U << i;
		else
			p->nnp_opts &= ~(1U << i);
		return 0;
	}
	return 0; /* does not change credentials */
}

static void trim(char *s)
{
	size_t n = strlen(s), k = 0;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	memmove(s, s + k, n - k + 1);
}

int service_parse(const char *buf, size_t len, struct service_file *sf)
{
	struct parser p = { .sf = sf };
	static char line[MAX_LINE]; /* no recursion; keeps the fuzzer's stack small */
	bool in_service = false, cont;
	size_t pos = 0, n;
	int r, start, phys = 0;
	size_t i;

	memset(sf, 0, sizeof(*sf));
	sf->bounding = ~0ULL;
	while (pos < len) {
		/* one logical line: a trailing backslash joins the next (comments skipped) */
		n = 0;
		start = p.line = ++phys;
		for (;;) {
			size_t e = pos;

			while (e < len && buf[e] != '\n')
				e++;
			if (memchr(buf + pos, '\0', e - pos))
				return perr(&p, -EINVAL, "NUL byte in the file");
			cont = e > pos && buf[e - 1] == '\\';
			size_t lead = pos;

			while (lead < e && (buf[lead] == ' ' || buf[lead] == '\t'))
				lead++;
			if (n && lead < e && (buf[lead] == '#' || buf[lead] == ';')) {
				/* a comment inside a continued line is dropped, the line goes on */
				cont = true;
			} else {
				size_t k = e - pos - (cont ? 1 : 0);

				if (n + k + 2 > sizeof(line))
					return perr(&p, -EINVAL, "line too long");
				memcpy(line + n, buf + pos, k);
				n += k;
				if (cont)
					line[n++] = ' ';
			}
			pos = e < len ? e + 1 : e;
			if (!cont || pos >= len)
				break;
			phys++;
		}
		line[n] = '\0';
		p.line = start;
		trim(line);
		if (!line[0] || line[0] == '#' || line[0] == ';')
			continue;
		if (line[0] == '[') {
			char *e = strchr(line, ']');

			if (!e || e[1])
				return perr(&p, -EINVAL, "bad section header");
			*e = '\0';
			in_service = !strcmp(line + 1, "Service");
			continue;
		}
		{
			char *eq = strchr(line, '='), *key = line, *v;

			if (!eq)
				return perr(&p, -EINVAL, "not KEY=VALUE");
			*eq = '\0';
			v = eq + 1;
			trim(key);
			trim(v);
			if (!in_service)
				continue;
			r = set_key(&p, key, v);
			if (r)
				return r;
		}
	}
	p.line = 0;
	if (!p.nexec)
		return perr(&p, -EINVAL, "no ExecStart= in [Service]");
	for (i = 0; i < sizeof(nnp_options) / sizeof(nnp_options[0]); i++)
		if (p.nnp_opts & (1U << i)) {
			str_copy(sf->nnp_implied_by, nnp_options[i].key, sizeof(sf->nnp_implied_by));
			break;
		}
	return 0;
}

/* ---- the I/O half ---- */

static int resolve_group(const char *name, gid_t *gid)
{
	struct group *gr;
	char *end;

	errno = 0;
	if (isdigit((unsigned char)name[0])) {
		unsigned long v = strtoul(name, &end, 10);

		if (!*end) {
			*gid = (gid_t)v;
			return 0;
		}
	}
	gr = getgrnam(name);
	if (!gr)
		return -ENOENT;
	*gid = gr->gr_gid;
	return 0;
}

/* systemd's fixed search path for a bare ExecStart= name (path_make_absolute_cwd is not used) */
static int find_exe(const char *name, char *exe, size_t len)
{
	static const char *const dirs[] = { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
					     "/usr/bin", "/sbin", "/bin" };
	size_t i;

	if (name[0] == '/')
		return str_copy(exe, name, len) >= len ? -ENAMETOOLONG : 0;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (str_printf(exe, len, "%s/%s", dirs[i], name))
			return -ENAMETOOLONG;
		if (access(exe, X_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

int service_resolve(const struct service_file *sf, struct spawn_opts *o, char *exe,
		    size_t exelen, char *err, size_t errlen)
{
	bool sandbox = !(sf->prefix & SERVICE_PFX_PRIVILEGED);
	/* '!!' only matters without ambient capabilities (kernels before 4.3): like no prefix */
	bool setuid = sandbox && !(sf->prefix & SERVICE_PFX_NO_SETUID);
	int r, i;

	memset(o, 0, sizeof(*o));
	r = find_exe(sf->path, exe, exelen);
	if (r) {
		snprintf(err, errlen, "ExecStart=: cannot find '%s' in systemd's search path",
			 sf->path);
		return r;
	}
	/* systemd 252 sets the user's groups even with '+' and '!' (seen in the sandbox) */
	if (sf->has_user) {
		r = spawn_resolve_user(sf->user, o);
		if (r) {
			snprintf(err, errlen, "User=%s: no such user on this host", sf->user);
			return r;
		}
	}
	if (setuid && sf->has_group) {
		gid_t gid;

		if (resolve_group(sf->group, &gid)) {
			snprintf(err, errlen, "Group=%s: no such group on this host", sf->group);
			return -ENOENT;
		}
		o->set_group = true;
		o->gid = gid;
		if (o->set_user) {
			/* initgroups() with the Group= gid as the primary one */
			struct passwd *pw = getpwuid(o->uid);
			int n = SPAWN_MAX_GROUPS;

			o->ngroups = 0;
			if (pw && gid != 0 && getgrouplist(pw->pw_name, gid, o->groups, &n) >= 0)
				o->ngroups = n;
		}
	}
	if (!setuid) {
		/* no setresuid()/setresgid(): only the groups are applied */
		o->set_user = o->set_group = false;
	}
	{
		for (i = 0; i < sf->nsupp; i++) {
			gid_t gid;

			if (resolve_group(sf->supp[i], &gid)) {
				snprintf(err, errlen, "SupplementaryGroups=%s: no such group",
					 sf->supp[i]);
				return -ENOENT;
			}
			if (o->ngroups >= SPAWN_MAX_GROUPS) {
				snprintf(err, errlen, "SupplementaryGroups=: too many groups");
				return -E2BIG;
			}
			o->groups[o->ngroups++] = gid;
		}
	}
	if (sandbox) {
		int last = spawn_cap_last_cap();
		__u64 all = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;

		o->set_bounding = sf->has_bounding && (sf->bounding & all) != all;
		o->bounding = sf->bounding & all;
		o->ambient = sf->ambient & all;
		o->securebits = sf->securebits;
		o->no_new_privs = sf->no_new_privs;
		/* R1: implied when CAP_SYS_ADMIN is not effective after the uid change, i.e. for
		 * a non-root User= (root keeps its effective set until execve) */
		if (sf->nnp_implied_by[0] && o->set_user && o->uid != 0)
			o->no_new_privs = true;
	}
	return 0;
}

int service_load(const char *file, struct service_file *sf, char *err, size_t errlen)
{
	static char buf[1 << 20];
	size_t n = 0;
	int fd = file_open_regular(AT_FDCWD, file, 0), r;
	FILE *f;

	/* a FIFO would block and a device node be opened: only a regular file is read */
	if (fd == -EBADFD) {
		snprintf(err, errlen, "%s is not a regular file", file);
		return fd;
	}
	f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		r = fd < 0 ? fd : -errno;
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "cannot open %s: %s", file, strerror(-r));
		return r;
	}
	n = fread(buf, 1, sizeof(buf), f);
	r = ferror(f) ? -EIO : !feof(f) ? -EFBIG : 0;
	fclose(f);
	if (r) {
		snprintf(err, errlen, "cannot read %s: %s", file, strerror(-r));
		return r;
	}
	r = service_parse(buf, n, sf);
	if (r) {
		if (sf->error_line)
			snprintf(err, errlen, "%s:%d: %s", file, sf->error_line, sf->error);
		else
			snprintf(err, errlen, "%s: %s", file, sf->error);
	}
	return r;
}

void service_describe(FILE *out, const struct service_file *sf, const struct spawn_opts *o,
		      const char *exe)
{
	char caps[1200];

	fputs("capfix: simulating ", out);
	if (sf->prefix & SERVICE_PFX_PRIVILEGED)
		fputs("ExecStart=+ (full privileges: no credential settings applied) ", out);
	else if (sf->prefix & SERVICE_PFX_NO_SETUID)
		fputs("ExecStart=! (User=, Group= not applied) ", out);
	if (o->set_user)
		fprintf(out, "uid %u gid %u, %d group(s)", o->uid, o->gid, o->ngroups);
	else
		fputs("as root", out);
	if (o->set_bounding)
		fprintf(out, ", bounding %s", capmask_str(o->bounding, caps, sizeof(caps), false));
	if (o->ambient)
		fprintf(out, ", ambient %s", capmask_str(o->ambient, caps, sizeof(caps), false));
	if (o->securebits)
		fprintf(out, ", securebits 0x%x", o->securebits);
	if (o->no_new_privs)
		fprintf(out, ", no_new_privs%s%s%s", sf->no_new_privs ? "" : " (implied by ",
			sf->no_new_privs ? "" : sf->nnp_implied_by,
			sf->no_new_privs ? "" : "= for a non-root User=)");
	fputs(": ", out);
	text_str(out, exe);
	fputc('\n', out);
}
