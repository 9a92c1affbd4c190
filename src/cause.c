// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What a failed denial was about: its netlink request, its file, and whether it caused the failure (R22, R23). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "cause.h"
#include "names.h"
#include "proc.h"
#include "strutil.h"

#define BIT(c) (1ULL << (c))

/* rtnetlink: RTM_BASE 16, then NEW, DEL, GET, SET of each object (include/uapi/linux/rtnetlink.h) */
static const char *const rtm_objects[] = {
    "LINK",	 "ADDR",    "ROUTE",	 "NEIGH",     "RULE",	   "QDISC",	    "TCLASS",
    "TFILTER",	 "ACTION",  "PREFIX",	 "MULTICAST", "ANYCAST",   "NEIGHTBL",	    "NDUSEROPT",
    "ADDRLABEL", "DCB",	    "NETCONF",	 "MDB",	      "NSID",	   "STATS",	    "CACHEREPORT",
    "CHAIN",	 "NEXTHOP", "LINKPROP",	 "VLAN",      "NEXTHOPBUCKET", "TUNNEL",
};

/* nf_tables messages (include/uapi/linux/netfilter/nf_tables.h enum nf_tables_msg_types) */
static const char *const nft_msgs[] = {
    "NEWTABLE", "GETTABLE",   "DELTABLE",     "NEWCHAIN",  "GETCHAIN",	   "DELCHAIN",
    "NEWRULE",	"GETRULE",    "DELRULE",      "NEWSET",	   "GETSET",	   "DELSET",
    "NEWSETELEM", "GETSETELEM", "DELSETELEM", "NEWGEN",	   "GETGEN",	   "TRACE",
    "NEWOBJ",	"GETOBJ",     "DELOBJ",	      "GETOBJ_RESET", "NEWFLOWTABLE", "GETFLOWTABLE",
    "DELFLOWTABLE",
};

/* nfnetlink subsystems (include/uapi/linux/netfilter/nfnetlink.h NFNL_SUBSYS_*) */
static const char *const nfnl_subsys[] = {
    "", "ctnetlink", "ctnetlink_exp", "nfqueue", "nfulog", "nfnetlink_osf", "ipset",
    "nfnetlink_acct", "ctnetlink_timeout", "nfnetlink_cthelper", "nftables", "nft_compat",
    "nfnetlink_hook",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The name of a generic netlink family from its id, which the kernel assigns at run time
 * (nl80211, ethtool, wireguard...): CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_ID
 * (include/uapi/linux/genetlink.h). False when it cannot be asked.
 */
static bool genl_family_name(unsigned int id, char *name, size_t len)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		struct nlattr a;
		__u16 id;
		__u16 pad;
	} req = {
	    .n = {.nlmsg_len = sizeof(req), .nlmsg_type = GENL_ID_CTRL,
		  .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1},
	    .g = {.cmd = CTRL_CMD_GETFAMILY, .version = 1},
	    .a = {.nla_len = NLA_HDRLEN + 2, .nla_type = CTRL_ATTR_FAMILY_ID},
	    .id = (__u16)id,
	};
	struct timeval tv = {.tv_sec = 1};
	char buf[4096];
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	struct nlattr *a;
	ssize_t r;
	size_t off;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return false;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req) ||
	    (r = recv(fd, buf, sizeof(buf), 0)) < (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN)) {
		close(fd);
		return false;
	}
	close(fd);
	if (!NLMSG_OK(n, (size_t)r) || n->nlmsg_type != GENL_ID_CTRL)
		return false;
	for (off = NLMSG_HDRLEN + GENL_HDRLEN; off + NLA_HDRLEN <= n->nlmsg_len;
	     off += NLA_ALIGN(a->nla_len)) {
		a = (struct nlattr *)(buf + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > n->nlmsg_len)
			return false;
		if (a->nla_type == CTRL_ATTR_FAMILY_NAME) {
			snprintf(name, len, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
			return name[0] != '\0';
		}
	}
	return false;
}

void netlink_describe(char *buf, size_t len, int proto, int type, int cmd)
{
	char fam[GENL_NAMSIZ + 1];

	unsigned int t = type;

	switch (proto) {
	case 0: /* NETLINK_ROUTE */
		if (t >= 16 && (t - 16) / 4 < ARRAY_SIZE(rtm_objects))
			str_printf(buf, len, "rtnetlink RTM_%s%s", (const char *[]){"NEW", "DEL", "GET", "SET"}[(t - 16) & 3],
				   rtm_objects[(t - 16) / 4]);
		else
			str_printf(buf, len, "rtnetlink message %u", t);
		return;
	case 12: /* NETLINK_NETFILTER: subsystem << 8 | message */
		if ((t >> 8) == 10 && (t & 0xff) < ARRAY_SIZE(nft_msgs))
			str_printf(buf, len, "nftables NFT_MSG_%s", nft_msgs[t & 0xff]);
		else if ((t >> 8) < ARRAY_SIZE(nfnl_subsys) && (t >> 8))
			str_printf(buf, len, "nfnetlink %s message %u", nfnl_subsys[t >> 8], t & 0xff);
		else
			str_printf(buf, len, "nfnetlink message %u", t);
		return;
	case 16: /* NETLINK_GENERIC: the type is a family id assigned at run time */
		if (genl_family_name(t, fam, sizeof(fam)) && text_is_safe(fam))
			str_printf(buf, len, "generic netlink %s command %d", fam, cmd);
		else
			str_printf(buf, len, "generic netlink family %u command %d", t, cmd);
		return;
	case 6:
		str_printf(buf, len, "xfrm (IPsec) netlink message %u", t);
		return;
	case 9:
		str_printf(buf, len, "audit netlink message %u", t);
		return;
	default:
		str_printf(buf, len, "netlink protocol %d message %u", proto, t);
	}
}

/* argv[1..] of a NUL-terminated command line of n bytes */
static void args_from(struct finding *f, const char *buf, size_t n)
{
	size_t skip = strnlen(buf, n) + 1;

	f->args_len = 0;
	if (skip >= n || n - skip > sizeof(f->args))
		return;
	memcpy(f->args, buf + skip, n - skip);
	f->args_len = n - skip;
}

void cause_from_event(struct finding *f, const struct event *e)
{
	__u64 want;

	f->sock_family = f->sock_type = f->sock_proto = -1;
	f->sockopt_level = f->sockopt_name = -1;
	f->path_dirfd = AT_FDCWD;
	f->ngroups = -1;
	if (e->type != EVENT_DENIAL)
		return;
	f->chain_order = e->chain_order;
	if (e->flags & EVF_NETLINK) {
		/* R22: the send succeeded, the request failed: NLMSG_ERROR carries -EPERM */
		f->netlink = true;
		f->err = EPERM;
		netlink_describe(f->nl_what, sizeof(f->nl_what), e->nl_proto, e->nl_type,
				 e->nl_cmd);
	}
	if ((e->flags & EVF_PATH) && e->exec_path_len > 1) {
		str_copy(f->path_arg, e->exec_path,
			 sizeof(f->path_arg) < sizeof(e->exec_path) ? sizeof(f->path_arg)
								    : sizeof(e->exec_path));
		f->path_dirfd = e->path_dirfd;
	}
	if (e->argv_len && e->argv_len <= sizeof(e->argv) && !e->argv[e->argv_len - 1])
		args_from(f, e->argv, e->argv_len);
	if (!(e->flags & EVF_ARGS))
		return;
	if (syscall_name(e->syscall) && !strcmp(syscall_name(e->syscall), "socket")) {
		f->sock_family = e->args & 0xffff;
		f->sock_type = (e->args >> 16) & 0xf; /* without SOCK_NONBLOCK / SOCK_CLOEXEC */
		f->sock_proto = (e->args >> 32) & 0xffff;
	} else if (syscall_name(e->syscall) && !strcmp(syscall_name(e->syscall), "setsockopt")) {
		f->sockopt_level = e->args & 0xffffffff;
		f->sockopt_name = e->args >> 32;
	} else if (e->cap == CAP_SETPCAP) {
		/*
		 * R23: cap_capset() asks for CAP_SETPCAP only to allow an inheritable set beyond
		 * the permitted one (cap_inh_is_capped()); the EPERM comes from asking for
		 * effective or permitted capabilities the process does not have. Those are what
		 * it lacks (setcap raises CAP_SETFCAP this way).
		 */
		want = e->args & ~e->creds.caps.permitted;
		if (want) {
			f->cap = __builtin_ctzll(want);
			f->chain = want;
			f->chain_order = 0;
		}
	}
}

/* the process's groups from /proc, else from the group database */
static void read_groups(struct finding *f, const struct proc_facts *pf)
{
	char path[64], line[1024], *p, *end;
	FILE *fp;
	int n = 32;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pf->pid);
	fp = fopen(path, "re");
	if (fp) {
		while (fgets(line, sizeof(line), fp)) {
			if (strncmp(line, "Groups:", 7))
				continue;
			f->ngroups = 0;
			for (p = line + 7; f->ngroups < (int)ARRAY_SIZE(f->groups);) {
				unsigned long g = strtoul(p, &end, 10);

				if (end == p)
					break;
				f->groups[f->ngroups++] = g;
				p = end;
			}
			break;
		}
		fclose(fp);
		/* a process that already exited leaves an empty Groups: line behind */
		if (f->ngroups >= 0 && pf->alive == TRI_YES)
			return;
	}
	f->ngroups = -1;
	if (pf->user_name[0] &&
	    getgrouplist(pf->user_name, pf->creds.egid, f->groups, &n) >= 0)
		f->ngroups = n;
}

static bool in_groups(const struct finding *f, const struct proc_facts *pf, gid_t g)
{
	int i;

	if (g == pf->creds.egid)
		return true;
	for (i = 0; i < f->ngroups; i++)
		if (f->groups[i] == g)
			return true;
	return false;
}

/* the rwx bits that apply to the process (fs/namei.c acl_permission_check, ACLs aside) */
static unsigned int perm_bits(const struct finding *f, const struct proc_facts *pf,
			      const struct stat *st)
{
	if (st->st_uid == pf->creds.euid)
		return (st->st_mode >> 6) & 7;
	if (in_groups(f, pf, st->st_gid))
		return (st->st_mode >> 3) & 7;
	return st->st_mode & 7;
}

static void set_file(struct finding *f, const char *path, const struct stat *st, bool search,
		     bool write)
{
	struct group gr, *res = NULL;
	char buf[4096];

	str_copy(f->file, path, sizeof(f->file));
	f->file_known = true;
	f->file_search = search;
	f->file_write = write;
	f->file_owner = st->st_uid;
	f->file_group = st->st_gid;
	f->file_mode = st->st_mode;
	f->file_group_name[0] = '\0';
	if (!getgrgid_r(st->st_gid, &gr, buf, sizeof(buf), &res) && res)
		str_copy(f->file_group_name, res->gr_name, sizeof(f->file_group_name));
}

/* the absolute path the syscall named: relative ones against its dirfd or cwd */
static bool absolute_path(const struct finding *f, const struct proc_facts *pf, char *out,
			  size_t len)
{
	char link[64], base[PATH_MAX];
	ssize_t n;

	if (f->path_arg[0] == '/')
		return str_copy(out, f->path_arg, len) < len;
	if (f->path_dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)pf->pid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pf->pid, f->path_dirfd);
	n = readlink(link, base, sizeof(base) - 1);
	if (n <= 0 || base[0] != '/')
		return false;
	base[n] = '\0';
	return !str_printf(out, len, "%s/%s", strcmp(base, "/") ? base : "", f->path_arg);
}

/*
 * Which object refused the access (fs/namei.c: each directory on the way needs search,
 * the last one the access asked for): walk the path with the process's ids. Symlinks are
 * not followed by this walk; the kernel's own answer stays the capability chain.
 */
static void find_denied_file(struct finding *f, const struct proc_facts *pf)
{
	char path[MODEL_PATH_MAX], *p;
	struct stat st;
	__u64 ch = f->chain | (f->cap >= 0 ? BIT(f->cap & 63) : 0);
	bool write = !(ch & BIT(CAP_DAC_READ_SEARCH));

	if (!(ch & (BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH))) || !f->path_arg[0] ||
	    !absolute_path(f, pf, path, sizeof(path)))
		return;
	read_groups(f, pf);
	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (!stat(path, &st) && S_ISDIR(st.st_mode) && !(perm_bits(f, pf, &st) & 1)) {
			set_file(f, path, &st, true, false);
			return;
		}
		*p = '/';
	}
	if (!stat(path, &st)) {
		set_file(f, path, &st, false, write);
		return;
	}
	/* not there (yet): creating it needs write and search on its directory */
	p = strrchr(path, '/');
	if (!p)
		return;
	if (p == path)
		p[1] = '\0';
	else
		*p = '\0';
	if (!stat(path, &st))
		set_file(f, path, &st, false, true);
}

/* uid whose home directory is dir, -1 when none */
static long home_owner(const char *dir)
{
	struct passwd *pw;
	long uid = -1;

	setpwent();
	while ((pw = getpwent()))
		if (pw->pw_dir && !strcmp(pw->pw_dir, dir) && strcmp(dir, "/")) {
			uid = pw->pw_uid;
			break;
		}
	endpwent();
	return uid;
}

static bool name_in(const char *n, const char *const *names)
{
	for (; n && *names; names++)
		if (!strcmp(n, *names))
			return true;
	return false;
}

static const char *const probe_syscalls[] = {
    "stat", "lstat", "newfstatat", "statx", "access", "faccessat", "faccessat2",
    "execve", "execveat", "readlink", "readlinkat", "statfs", NULL,
};

static const char *const setid_syscalls[] = {
    "setuid", "setreuid", "setresuid", "setfsuid", "setgid", "setregid", "setresgid",
    "setfsgid", "setgroups", NULL,
};

/* R23: did this failed denial cause the failure? Sets f->not_cause when it did not. */
static void check_cause(struct finding *f, const struct proc_facts *pf)
{
	const char *sc = syscall_name(f->syscall), *en = errno_name(f->err);
	long home;

	if (f->effect != EFFECT_FAILED || f->exec_fail || f->netlink || f->lsm_suspect)
		return;
	/* a refused capability returns EPERM or EACCES (ENOMEM for mlock and its kin) */
	if (f->err && f->err != EPERM && f->err != EACCES && f->err != ENOMEM) {
		str_printf(f->not_cause, sizeof(f->not_cause),
			   "%s() failed with %s, which a refused capability does not return: the "
			   "denied check did not cause it (R23).",
			   sc ? sc : "the syscall", en ? en : "another error");
		return;
	}
	/* util-linux mount, su and the like: after dropping root, prove it cannot come back */
	if (name_in(sc, setid_syscalls) && pf->exe_stat_ok == TRI_YES &&
	    (pf->exe_mode & (S_ISUID | S_ISGID)) && pf->exe_owner == 0 && pf->creds.uid != 0) {
		str_printf(f->not_cause, sizeof(f->not_cause),
			   "%s is setuid root and checks that %s() fails once it has dropped "
			   "root: an expected refusal, not the failure (R23).",
			   pf->exe, sc);
		return;
	}
	/*
	 * SO_SNDBUFFORCE / SO_RCVBUFFORCE (32, 33) exceed net.core.*mem_max with
	 * CAP_NET_ADMIN; without it programs (nft, libmnl users) fall back to SO_RCVBUF
	 */
	if (f->sockopt_level == 1 && (f->sockopt_name == 32 || f->sockopt_name == 33)) {
		str_printf(f->not_cause, sizeof(f->not_cause),
			   "setsockopt(%s) only asks for a buffer beyond net.core.%cmem_max; "
			   "programs fall back to the ordinary size (R23).",
			   f->sockopt_name == 32 ? "SO_SNDBUFFORCE" : "SO_RCVBUFFORCE",
			   f->sockopt_name == 32 ? 'w' : 'r');
		return;
	}
	/* access() only asks; the program chooses what to do with the answer */
	if (name_in(sc, (const char *const[]){"access", "faccessat", "faccessat2", NULL})) {
		str_printf(f->not_cause, sizeof(f->not_cause),
			   "%s() only asks whether an access would be allowed, and programs take "
			   "another way when it would not (util-linux checks /run/mount this way) "
			   "(R23).",
			   sc);
		return;
	}
	/* a probe of a home directory it inherited (HOME, PATH from root's environment) */
	if (f->file_known && f->file_search && name_in(sc, probe_syscalls) &&
	    (home = home_owner(f->file)) >= 0 && (uid_t)home != pf->creds.euid)
		str_printf(f->not_cause, sizeof(f->not_cause),
			   "%s() looked into %s, the home directory of uid %ld, probably through "
			   "an inherited HOME or PATH: programs skip what they cannot see there "
			   "(a service manager sets the user's own HOME) (R23).",
			   sc, f->file, home);
}

/* argv[1..] of a live process; nothing for a process that is gone or unreadable */
static void read_args(struct finding *f, const struct proc_facts *pf)
{
	const size_t max = sizeof(f->args) + 256;
	char *buf = NULL;
	ssize_t n;

	if (f->args_len || pf->alive != TRI_YES)
		return;
	/* only while the pid still is the process of the event (pid reuse) */
	n = proc_read_checked(pf->pid, pf->start_boottime, "cmdline", max, &buf);
	/* empty, too long to repeat whole, or rewritten by the program: nothing */
	if (n > 0 && (size_t)n < max && buf[n - 1] == '\0')
		args_from(f, buf, (size_t)n);
	free(buf);
}

/* R17: an ICMP socket, and whether net.ipv4.ping_group_range already holds the group */
static void check_icmp(struct finding *f, const struct proc_facts *pf)
{
	unsigned long lo, hi;
	FILE *fp;

	/* socket(AF_INET, SOCK_RAW|SOCK_DGRAM, IPPROTO_ICMP) or AF_INET6 with IPPROTO_ICMPV6 */
	f->icmp_socket = (f->sock_family == 2 && f->sock_proto == 1) ||
			 (f->sock_family == 10 && f->sock_proto == 58);
	if (!f->icmp_socket)
		return;
	fp = fopen("/proc/sys/net/ipv4/ping_group_range", "re");
	if (!fp)
		return;
	if (fscanf(fp, "%lu %lu", &lo, &hi) == 2)
		f->ping_range_holds = pf->creds.egid >= lo && pf->creds.egid <= hi;
	fclose(fp);
}

int chain_in_order(const struct finding *f, int *caps, int max)
{
	__u64 seen = 0;
	__u32 o = f->chain_order;
	int n = 0, c;

	/* the recorded order first, as long as it matches the chain */
	for (; o && n < max; o >>= 8) {
		c = (int)(o & 0xff) - 1;
		if (c < 0 || c > CAPFIX_MAX_CAP || !(f->chain & BIT(c)) || (seen & BIT(c)))
			break;
		seen |= BIT(c);
		caps[n++] = c;
	}
	/* then the rest (a chain longer than 4, or no order known) in numeric order */
	for (c = 0; c <= CAPFIX_MAX_CAP && n < max; c++)
		if ((f->chain & BIT(c)) && !(seen & BIT(c)))
			caps[n++] = c;
	return n;
}

void cause_resolve(struct finding *f, const struct proc_facts *pf)
{
	read_args(f, pf);
	check_icmp(f, pf);
	find_denied_file(f, pf);
	check_cause(f, pf);
}
