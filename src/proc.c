// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What user space reads about a process and its executable: pure parsers, then the I/O. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <linux/capability.h>
#include "names.h"
#include "proc.h"
#include "strutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------------------------
 * Small bounded helpers. Input is (pointer, length), never assumed NUL-terminated.
 */

/* next line of buf[*pos..len): sets *line and *n (without '\n'); false at the end */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n)
{
	const char *p, *nl;

	if (*pos >= len)
		return false;
	p = buf + *pos;
	nl = memchr(p, '\n', len - *pos);
	*line = p;
	*n = nl ? (size_t)(nl - p) : len - *pos;
	*pos += *n + (nl ? 1 : 0);
	return true;
}

/* copy s[0..n) into dst as a string; false (dst truncated) if it does not fit */
static bool copy_n(char *dst, size_t dstlen, const char *s, size_t n)
{
	size_t c = n < dstlen - 1 ? n : dstlen - 1;

	memcpy(dst, s, c);
	dst[c] = '\0';
	return c == n;
}

static bool str_eq_n(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n == l && !memcmp(s, lit, l);
}

static bool has_suffix_n(const char *s, size_t n, const char *suf)
{
	size_t l = strlen(suf);

	return n >= l && !memcmp(s + n - l, suf, l);
}

static bool has_prefix_n(const char *s, size_t n, const char *pre)
{
	size_t l = strlen(pre);

	return n >= l && !memcmp(s, pre, l);
}

static bool is_hex_n(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* skip spaces and tabs */
static void skip_ws(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* an unsigned number in base 10 or 16 at s[*i..n); false if none or it overflows */
static bool parse_u64(const char *s, size_t n, size_t *i, int base, __u64 *out)
{
	__u64 v = 0;
	size_t start = *i;

	while (*i < n) {
		unsigned char c = s[*i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (v > (~0ULL - d) / base)
			return false;
		v = v * base + d;
		(*i)++;
	}
	if (*i == start)
		return false;
	*out = v;
	return true;
}

/* the whole of s[0..n) (spaces around allowed) is one number */
static bool parse_u64_all(const char *s, size_t n, int base, __u64 *out)
{
	size_t i = 0;

	skip_ws(s, n, &i);
	if (!parse_u64(s, n, &i, base, out))
		return false;
	skip_ws(s, n, &i);
	return i == n;
}

/* ------------------------------------------------------------------------------------------
 * /proc/PID/status (fs/proc/array.c: task_state, task_cap, task_seccomp)
 */

/* up to max whitespace-separated decimal numbers; returns how many */
static int parse_ids(const char *s, size_t n, __u64 *v, int max)
{
	size_t i = 0;
	int k = 0;

	while (k < max) {
		skip_ws(s, n, &i);
		if (i >= n || !parse_u64(s, n, &i, 10, &v[k]))
			break;
		k++;
	}
	return k;
}

int status_parse(const char *buf, size_t len, struct proc_status *ps)
{
	unsigned int caps_seen = 0;
	const char *line;
	size_t pos = 0, n;

	memset(ps, 0, sizeof(*ps));
	while (next_line(buf, len, &pos, &line, &n)) {
		const char *colon = memchr(line, ':', n);
		const char *key = line, *val;
		size_t klen, vlen, i = 0;
		__u64 v[4];

		if (!colon)
			continue;
		klen = colon - line;
		val = colon + 1;
		vlen = n - klen - 1;
		skip_ws(val, vlen, &i);
		val += i;
		vlen -= i;

		if (str_eq_n(key, klen, "Name")) {
			copy_n(ps->name, sizeof(ps->name), val, vlen);
			ps->have |= PS_HAVE_NAME;
		} else if (str_eq_n(key, klen, "Tgid") && parse_ids(val, vlen, v, 1) == 1) {
			ps->tgid = (pid_t)v[0];
		} else if (str_eq_n(key, klen, "Pid") && parse_ids(val, vlen, v, 1) == 1) {
			ps->pid = (pid_t)v[0];
			ps->have |= PS_HAVE_PID;
		} else if (str_eq_n(key, klen, "PPid") && parse_ids(val, vlen, v, 1) == 1) {
			ps->ppid = (pid_t)v[0];
			ps->have |= PS_HAVE_PPID;
		} else if (str_eq_n(key, klen, "Uid") && parse_ids(val, vlen, v, 4) == 4) {
			/* real, effective, saved, fs */
			ps->uid = v[0], ps->euid = v[1], ps->suid = v[2], ps->fsuid = v[3];
			ps->have |= PS_HAVE_UID;
		} else if (str_eq_n(key, klen, "Gid") && parse_ids(val, vlen, v, 4) == 4) {
			ps->gid = v[0], ps->egid = v[1], ps->sgid = v[2], ps->fsgid = v[3];
			ps->have |= PS_HAVE_GID;
		} else if (str_eq_n(key, klen, "NoNewPrivs") && parse_ids(val, vlen, v, 1) == 1) {
			ps->no_new_privs = v[0] != 0;
			ps->have |= PS_HAVE_NNP;
		} else if (str_eq_n(key, klen, "Seccomp") && parse_ids(val, vlen, v, 1) == 1) {
			ps->seccomp = v[0] > 2 ? 2 : (int)v[0];
			ps->have |= PS_HAVE_SECCOMP;
		} else if (str_eq_n(key, klen, "NSpid")) {
			/* one pid per pid-namespace level, outermost (the reader's) first */
			size_t j = 0;
			int levels = 0;

			for (;;) {
				skip_ws(val, vlen, &j);
				if (j >= vlen || !parse_u64(val, vlen, &j, 10, &v[0]))
					break;
				levels++;
				ps->nspid_inner = (pid_t)v[0];
			}
			if (levels) {
				ps->nspid_levels = levels;
				ps->have |= PS_HAVE_NSPID;
			}
		} else {
			static const char *const capkeys[] = {"CapInh", "CapPrm", "CapEff",
							      "CapBnd", "CapAmb"};
			__u64 *const capv[] = {&ps->caps.inheritable, &ps->caps.permitted,
					       &ps->caps.effective, &ps->caps.bounding,
					       &ps->caps.ambient};
			int c;

			for (c = 0; c < 5; c++) {
				if (!str_eq_n(key, klen, capkeys[c]))
					continue;
				/* a malformed cap line must not count as an empty set */
				if (parse_u64_all(val, vlen, 16, capv[c]))
					caps_seen |= 1U << c;
				else
					*capv[c] = 0;
			}
		}
	}
	/* CapAmb exists since 4.3 (58319057b784); without it the ambient set is empty */
	if ((caps_seen & 15) == 15)
		ps->have |= PS_HAVE_CAPS;
	if (caps_seen & 16)
		ps->have |= PS_HAVE_CAPAMB;
	return ps->have & (PS_HAVE_PID | PS_HAVE_UID | PS_HAVE_CAPS) ? 0 : -EINVAL;
}

/* ------------------------------------------------------------------------------------------
 * security.capability (include/uapi/linux/capability.h; security/commoncap.c
 * get_vfs_caps_from_disk accepts exactly these sizes per revision, else -EINVAL, and then
 * execve of the file fails with EINVAL)
 */

static __u32 le32_at(const unsigned char *p)
{
	return (__u32)p[0] | (__u32)p[1] << 8 | (__u32)p[2] << 16 | (__u32)p[3] << 24;
}

int file_caps_parse(const void *blob, size_t len, struct file_caps *fc)
{
	const unsigned char *b = blob;
	__u32 magic;

	memset(fc, 0, sizeof(*fc));
	fc->present = TRI_UNKNOWN;
	if (!b || len < 4)
		return -EINVAL;
	magic = le32_at(b);
	switch (magic & VFS_CAP_REVISION_MASK) {
	case VFS_CAP_REVISION_1:
		if (len != XATTR_CAPS_SZ_1)
			return -EINVAL;
		fc->version = 1;
		fc->permitted = le32_at(b + 4);
		fc->inheritable = le32_at(b + 8);
		break;
	case VFS_CAP_REVISION_2:
	case VFS_CAP_REVISION_3:
		if ((magic & VFS_CAP_REVISION_MASK) == VFS_CAP_REVISION_2 ? len != XATTR_CAPS_SZ_2
									  : len != XATTR_CAPS_SZ_3)
			return -EINVAL;
		/* data[0] = { permitted, inheritable } low words, data[1] the high words */
		fc->permitted = (__u64)le32_at(b + 4) | (__u64)le32_at(b + 12) << 32;
		fc->inheritable = (__u64)le32_at(b + 8) | (__u64)le32_at(b + 16) << 32;
		if ((magic & VFS_CAP_REVISION_MASK) == VFS_CAP_REVISION_3) {
			/*
			 * getxattr from a namespace where rootid maps to 0 gets a v2 blob back
			 * (cap_inode_getsecurity), so a v3 blob here means a foreign rootid (R12)
			 */
			fc->version = 3;
			fc->has_rootid = true;
			fc->rootid = le32_at(b + 20);
		} else {
			fc->version = 2;
		}
		break;
	default:
		return -EINVAL;
	}
	fc->effective = magic & VFS_CAP_FLAGS_EFFECTIVE;
	fc->present = TRI_YES;
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * /proc/PID/mountinfo (Documentation/filesystems/proc.rst 3.5; fs/proc_namespace.c
 * show_mountinfo mangles " \t\n\\" in paths as \ooo octal)
 */

int mountinfo_unescape(const char *in, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0;

	if (!outlen)
		return -1;
	while (i < len) {
		unsigned char c = in[i];

		if (c == '\\' && i + 3 < len && in[i + 1] >= '0' && in[i + 1] <= '3' &&
		    in[i + 2] >= '0' && in[i + 2] <= '7' && in[i + 3] >= '0' && in[i + 3] <= '7') {
			c = (in[i + 1] - '0') << 6 | (in[i + 2] - '0') << 3 | (in[i + 3] - '0');
			i += 4;
		} else {
			i++;
		}
		/* a path has no NUL (raw or \000): such a field is not the kernel's */
		if (!c || o + 1 >= outlen) {
			out[o] = '\0';
			return -1;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return (int)o;
}

/* next space-separated field of line[*i..n) */
static bool next_field(const char *line, size_t n, size_t *i, const char **f, size_t *fl)
{
	while (*i < n && line[*i] == ' ')
		(*i)++;
	if (*i >= n)
		return false;
	*f = line + *i;
	while (*i < n && line[*i] != ' ')
		(*i)++;
	*fl = line + *i - *f;
	return true;
}

static bool opt_in_list(const char *opts, const char *opt)
{
	size_t l = strlen(opt);
	const char *p = opts;

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		if (n == l && !memcmp(p, opt, l))
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

int mountinfo_parse_line(const char *line, size_t n, struct mount_entry *me)
{
	const char *f;
	size_t fl, i = 0;
	__u64 v;
	size_t j;
	int k;

	memset(me, 0, sizeof(*me));
	/* 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue */
	for (k = 0; k < 6; k++) {
		if (!next_field(line, n, &i, &f, &fl))
			return -EINVAL;
		switch (k) {
		case 0:
		case 1:
			if (!parse_u64_all(f, fl, 10, &v) || v > INT_MAX)
				return -EINVAL;
			*(k ? &me->parent_id : &me->mount_id) = (int)v;
			break;
		case 2:
			j = 0;
			if (!parse_u64(f, fl, &j, 10, &v) || v > UINT_MAX || j >= fl || f[j] != ':')
				return -EINVAL;
			me->major = (unsigned int)v;
			j++;
			if (!parse_u64(f, fl, &j, 10, &v) || v > UINT_MAX || j != fl)
				return -EINVAL;
			me->minor = (unsigned int)v;
			break;
		case 3:
			if (mountinfo_unescape(f, fl, me->root, sizeof(me->root)) < 0)
				return -EINVAL;
			break;
		case 4:
			if (mountinfo_unescape(f, fl, me->mount_point, sizeof(me->mount_point)) <
				0 ||
			    me->mount_point[0] != '/')
				return -EINVAL;
			break;
		case 5:
			if (!copy_n(me->options, sizeof(me->options), f, fl))
				return -EINVAL;
			break;
		}
	}
	/* optional fields ("shared:1 master:2 ...") up to the "-" separator */
	for (;;) {
		if (!next_field(line, n, &i, &f, &fl))
			return -EINVAL;
		if (str_eq_n(f, fl, "-"))
			break;
	}
	if (!next_field(line, n, &i, &f, &fl))
		return -EINVAL;
	copy_n(me->fstype, sizeof(me->fstype), f, fl);
	if (next_field(line, n, &i, &f, &fl)) {
		mountinfo_unescape(f, fl, me->source, sizeof(me->source));
		if (next_field(line, n, &i, &f, &fl))
			copy_n(me->super_options, sizeof(me->super_options), f, fl);
	}
	/* nosuid is a per-mount flag (MNT_NOSUID), which is what mnt_may_suid() checks */
	me->nosuid = opt_in_list(me->options, "nosuid");
	return 0;
}

/* length of mount point mp as a prefix of path on a component boundary, or -1 */
static long mount_prefix(const char *mp, const char *path)
{
	size_t l = strlen(mp);

	if (l == 1 && mp[0] == '/')
		return path[0] == '/' ? 1 : -1;
	while (l > 1 && mp[l - 1] == '/')
		l--;
	if (strncmp(mp, path, l))
		return -1;
	if (path[l] != '\0' && path[l] != '/')
		return -1;
	return (long)l;
}

int mountinfo_find_path(const char *buf, size_t len, const char *path, struct mount_entry *me)
{
	struct mount_entry *cur;
	const char *line;
	size_t pos = 0, n;
	long best = -1;

	if (!path || path[0] != '/')
		return -EINVAL;
	cur = malloc(sizeof(*cur));
	if (!cur)
		return -ENOMEM;
	while (next_line(buf, len, &pos, &line, &n)) {
		long l;

		if (mountinfo_parse_line(line, n, cur))
			continue;
		l = mount_prefix(cur->mount_point, path);
		/* >=: a later mount on the same point is stacked on top and hides the earlier */
		if (l >= 0 && l >= best) {
			best = l;
			*me = *cur;
		}
	}
	free(cur);
	return best >= 0 ? 0 : -ENOENT;
}

int mountinfo_find_id(const char *buf, size_t len, int mount_id, struct mount_entry *me)
{
	const char *line;
	size_t pos = 0, n;

	while (next_line(buf, len, &pos, &line, &n)) {
		size_t i = 0;
		__u64 v;

		/* cheap check of the first field before the full parse */
		if (!parse_u64(line, n, &i, 10, &v) || v != (__u64)mount_id)
			continue;
		if (!mountinfo_parse_line(line, n, me))
			return 0;
	}
	return -ENOENT;
}

/* ------------------------------------------------------------------------------------------
 * cgroups (Documentation/admin-guide/cgroup-v2.rst "/proc/PID/cgroup"; systemd's
 * cg_path_get_unit / cg_path_get_user_unit in src/basic/cgroup-util.c; container runtimes'
 * naming: runc libcontainer/cgroups/systemd, kubelet cgroup_manager_linux.go, podman
 * libpod, lxc "lxc.payload.NAME")
 */

int cgroup_file_path(const char *buf, size_t len, char *path, size_t pathlen)
{
	const char *line, *best = NULL;
	size_t pos = 0, n, bestn = 0;
	int rank = 0;

	if (!pathlen)
		return -EINVAL;
	path[0] = '\0';
	while (next_line(buf, len, &pos, &line, &n)) {
		const char *c1 = memchr(line, ':', n), *c2;
		int r;

		if (!c1)
			continue;
		c2 = memchr(c1 + 1, ':', n - (c1 + 1 - line));
		if (!c2)
			continue;
		/* v2 "0::/path" beats v1 "N:name=systemd:/path" beats any other v1 line */
		if (c1 - line == 1 && line[0] == '0' && c2 == c1 + 1)
			r = 3;
		else if (str_eq_n(c1 + 1, c2 - c1 - 1, "name=systemd"))
			r = 2;
		else
			r = 1;
		if (r > rank) {
			rank = r;
			best = c2 + 1;
			bestn = n - (c2 + 1 - line);
		}
	}
	if (!best)
		return -ENOENT;
	if (memchr(best, '\0', bestn))
		return -EINVAL;
	return copy_n(path, pathlen, best, bestn) ? 0 : -ENAMETOOLONG;
}

#define CG_MAX_COMPONENTS 64

struct comp {
	const char *s;
	size_t n;
};

/* systemd's unit name alphabet (src/basic/unit-name.c VALID_CHARS plus '@') */
static bool unit_chars_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(":-_.\\@", s[i]))
			return false;
	return n > 0;
}

static bool unit_like(const char *s, size_t n)
{
	static const char *const sfx[] = {".service", ".scope", ".socket", ".mount",  ".swap",
					  ".timer",   ".path",	".target", ".device", ".automount"};
	size_t i;

	if (!unit_chars_ok(s, n))
		return false;
	for (i = 0; i < ARRAY_SIZE(sfx); i++)
		if (has_suffix_n(s, n, sfx[i]) && n > strlen(sfx[i]))
			return true;
	return false;
}

/* "prefix<id>suffix" with a hex id of at least 12 digits: copies the id */
static bool match_id(const struct comp *c, const char *pre, const char *suf, char *id, size_t idlen)
{
	size_t pl = strlen(pre), sl = strlen(suf);

	if (c->n <= pl + sl || !has_prefix_n(c->s, c->n, pre) || !has_suffix_n(c->s, c->n, suf))
		return false;
	if (c->n - pl - sl < 12 || !is_hex_n(c->s + pl, c->n - pl - sl))
		return false;
	return copy_n(id, idlen, c->s + pl, c->n - pl - sl);
}

/* "user@1000.service" or "user-1000.slice": the uid */
static bool uid_from(const struct comp *c, const char *pre, const char *suf, uid_t *uid)
{
	size_t pl = strlen(pre), sl = strlen(suf), i;
	__u64 v;

	if (c->n <= pl + sl || !has_prefix_n(c->s, c->n, pre) || !has_suffix_n(c->s, c->n, suf))
		return false;
	i = pl;
	if (!parse_u64(c->s, c->n - sl, &i, 10, &v) || i != c->n - sl || v > UINT_MAX)
		return false;
	*uid = (uid_t)v;
	return true;
}

/* kubelet's pod cgroups: "pod<uid>" (cgroupfs) or "kubepods-<qos>-pod<uid_with_underscores>.slice"
 */
static bool match_pod(const struct comp *c, char *uid, size_t uidlen)
{
	const char *p = c->s;
	size_t n = c->n, i;

	if (has_prefix_n(p, n, "kubepods") && has_suffix_n(p, n, ".slice")) {
		const char *q = NULL;

		for (i = 0; i + 4 <= n - 6; i++)
			if (!memcmp(p + i, "-pod", 4))
				q = p + i + 4;
		if (!q)
			return false;
		n = p + n - 6 - q;
		p = q;
	} else if (has_prefix_n(p, n, "pod")) {
		p += 3;
		n -= 3;
	} else {
		return false;
	}
	if (n < 8 || n >= uidlen)
		return false;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
			return false;
		uid[i] = p[i] == '_' ? '-' : p[i];
	}
	uid[n] = '\0';
	return true;
}

int cgroup_classify(const char *path, size_t len, struct cgroup_info *ci)
{
	struct comp c[CG_MAX_COMPONENTS];
	bool kube = false;
	size_t i = 0, nc = 0, k;
	uid_t uid;

	memset(ci, 0, sizeof(*ci));
	ci->user_manager_uid = (uid_t)-1;
	while (i < len && nc < CG_MAX_COMPONENTS) {
		while (i < len && path[i] == '/')
			i++;
		if (i >= len || !path[i])
			break;
		c[nc].s = path + i;
		while (i < len && path[i] != '/' && path[i])
			i++;
		c[nc].n = path + i - c[nc].s;
		nc++;
	}

	/* containers first: their scope units belong to the runtime, not to an operator's unit */
	for (k = 0; k < nc; k++) {
		char id[sizeof(ci->container_id)];

		if (has_prefix_n(c[k].s, c[k].n, "kubepods"))
			kube = true;
		if (kube && match_pod(&c[k], ci->pod_uid, sizeof(ci->pod_uid))) {
			/* cgroupfs driver: /kubepods/<qos>/pod<uid>/<64 hex container id> */
			if (k + 1 < nc && c[k + 1].n == 64 && is_hex_n(c[k + 1].s, 64)) {
				copy_n(ci->container_id, sizeof(ci->container_id), c[k + 1].s, 64);
				ci->runtime = RUNTIME_KUBERNETES;
			}
			continue;
		}
		if (match_id(&c[k], "docker-", ".scope", id, sizeof(id))) {
			ci->runtime = RUNTIME_DOCKER;
		} else if (match_id(&c[k], "cri-containerd-", ".scope", id, sizeof(id)) ||
			   match_id(&c[k], "nerdctl-", ".scope", id, sizeof(id))) {
			ci->runtime = RUNTIME_CONTAINERD;
		} else if (match_id(&c[k], "crio-", ".scope", id, sizeof(id))) {
			ci->runtime = RUNTIME_CONTAINERD; /* cri-o outside kubernetes is rare */
		} else if (match_id(&c[k], "libpod-", ".scope", id, sizeof(id)) ||
			   (k > 0 && str_eq_n(c[k - 1].s, c[k - 1].n, "libpod_parent") &&
			    match_id(&c[k], "libpod-", "", id, sizeof(id)))) {
			/* libpod-conmon-<id>.scope is the monitor, not the container: no match */
			ci->runtime = RUNTIME_PODMAN;
		} else if (k > 0 && str_eq_n(c[k - 1].s, c[k - 1].n, "docker") && c[k].n == 64 &&
			   is_hex_n(c[k].s, 64)) {
			copy_n(id, sizeof(id), c[k].s, 64);
			ci->runtime = RUNTIME_DOCKER;
		} else if (has_prefix_n(c[k].s, c[k].n, "lxc.payload.") && c[k].n > 12) {
			if (!copy_n(id, sizeof(id), c[k].s + 12, c[k].n - 12))
				continue;
			ci->runtime = RUNTIME_LXC;
		} else if (k == 1 && nc >= 2 && str_eq_n(c[0].s, c[0].n, "lxc") &&
			   !memchr(c[1].s, '.', c[1].n)) {
			/* LXC before 4.0: /lxc/NAME */
			copy_n(id, sizeof(id), c[1].s, c[1].n);
			ci->runtime = RUNTIME_LXC;
		} else if (k == 1 && nc == 2 && !memchr(c[0].s, '.', c[0].n) &&
			   !str_eq_n(c[0].s, c[0].n, "docker") && c[1].n == 64 &&
			   is_hex_n(c[1].s, 64)) {
			/* containerd's cgroupfs layout: /<namespace>/<id> (nerdctl, ctr) */
			copy_n(id, sizeof(id), c[1].s, 64);
			ci->runtime = RUNTIME_CONTAINERD;
		} else {
			continue;
		}
		/* the innermost match wins (nested containers) */
		memcpy(ci->container_id, id, sizeof(id));
	}
	if (kube && ci->container_id[0])
		ci->runtime = RUNTIME_KUBERNETES;
	if (ci->runtime != RUNTIME_NONE) {
		/* rootless podman/docker: note whose user manager runs it */
		for (k = 0; k < nc; k++)
			if (uid_from(&c[k], "user@", ".service", &uid))
				ci->user_manager_uid = uid;
		return 0;
	}
	if (kube)
		return 0; /* a kubepods slice or pod-level cgroup, no container */

	/*
	 * systemd: the first non-slice component is the unit (cg_path_get_unit). A manager
	 * nested below a prefix (systemd in a container, a test sandbox) shows the host
	 * /PREFIX/system.slice/NAME.service (or /PREFIX/init.scope): skip to its first slice
	 * or unit.
	 */
	k = 0;
	if (nc && !has_suffix_n(c[0].s, c[0].n, ".slice") && !unit_like(c[0].s, c[0].n)) {
		while (k < nc && !has_suffix_n(c[k].s, c[k].n, ".slice") &&
		       !unit_like(c[k].s, c[k].n))
			k++;
		if (k >= nc)
			return 0;
	}
	for (; k < nc && has_suffix_n(c[k].s, c[k].n, ".slice"); k++)
		if (uid_from(&c[k], "user-", ".slice", &uid))
			ci->user_manager_uid = uid;
	if (k >= nc || !unit_like(c[k].s, c[k].n) || c[k].n >= sizeof(ci->unit))
		return 0;
	copy_n(ci->unit, sizeof(ci->unit), c[k].s, c[k].n);
	ci->runtime = RUNTIME_SYSTEMD_SYSTEM;

	if (uid_from(&c[k], "user@", ".service", &uid)) {
		size_t j;

		/* inside a user manager: its first non-slice component (cg_path_get_user_unit) */
		ci->user_manager_uid = uid;
		for (j = k + 1; j < nc && has_suffix_n(c[j].s, c[j].n, ".slice"); j++)
			;
		/* init.scope under user@.service is the user manager itself: a system unit */
		if (j < nc && unit_like(c[j].s, c[j].n) &&
		    !str_eq_n(c[j].s, c[j].n, "init.scope") && c[j].n < sizeof(ci->unit)) {
			copy_n(ci->unit, sizeof(ci->unit), c[j].s, c[j].n);
			ci->runtime = RUNTIME_SYSTEMD_USER;
		}
		return 0;
	}
	/* logind puts each login into session-N.scope under user-UID.slice */
	if (has_prefix_n(c[k].s, c[k].n, "session-") && has_suffix_n(c[k].s, c[k].n, ".scope") &&
	    ci->user_manager_uid != (uid_t)-1)
		ci->login_session = true;
	return 0;
}

char *unit_unescape(const char *unit, char *out, size_t outlen)
{
	size_t i = 0, o = 0, n = strlen(unit);

	if (!outlen)
		return out;
	while (i < n && o + 1 < outlen) {
		if (unit[i] == '\\' && i + 3 < n && unit[i + 1] == 'x' &&
		    isxdigit((unsigned char)unit[i + 2]) && isxdigit((unsigned char)unit[i + 3])) {
			char hex[3] = {unit[i + 2], unit[i + 3], 0};

			out[o++] = (char)strtoul(hex, NULL, 16);
			i += 4;
		} else {
			out[o++] = unit[i++];
		}
	}
	out[o] = '\0';
	return out;
}

/* ------------------------------------------------------------------------------------------
 * `systemctl show` (systemd 252: booleans print "yes"/"no", SecureBits= a number,
 * CapabilityBoundingSet=/AmbientCapabilities= space-separated lower-case names (0x%x for a
 * cap the manager has no name for), RestrictAddressFamilies=/SystemCallFilter=/
 * SystemCallLog= "~" when unset and "" for an empty allow-list, RestrictNamespaces= "no"
 * when nothing is restricted; verified with a sandboxed systemd 252)
 */

int capnames_parse(const char *s, size_t len, __u64 *mask)
{
	int err = 0;
	size_t i = 0;

	*mask = 0;
	while (i < len) {
		char tok[48];
		size_t st;
		int cap;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		if (i >= len)
			break;
		st = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ',')
			i++;
		if (!copy_n(tok, sizeof(tok), s + st, i - st)) {
			err = -EINVAL;
			continue;
		}
		if (tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
			__u64 v;

			cap = parse_u64_all(tok + 2, strlen(tok + 2), 16, &v) && v <= CAPFIX_MAX_CAP
				  ? (int)v
				  : -1;
		} else {
			cap = cap_from_name(tok);
		}
		if (cap < 0 || cap > CAPFIX_MAX_CAP) {
			err = -EINVAL;
			continue;
		}
		*mask |= 1ULL << cap;
	}
	return err;
}

static bool parse_bool_n(const char *v, size_t n)
{
	return str_eq_n(v, n, "yes") || str_eq_n(v, n, "true") || str_eq_n(v, n, "1") ||
	       str_eq_n(v, n, "on");
}

/* SecureBits= is a number in systemd 252; older managers may print names */
static __u32 parse_securebits(const char *v, size_t n)
{
	static const struct {
		const char *name;
		__u32 bit;
	} t[] = {
	    /* include/uapi/linux/securebits.h */
	    {"noroot", 1U << 0},	  {"noroot-locked", 1U << 1},
	    {"no-setuid-fixup", 1U << 2}, {"no-setuid-fixup-locked", 1U << 3},
	    {"keep-caps", 1U << 4},	  {"keep-caps-locked", 1U << 5},
	};
	__u64 num;
	__u32 bits = 0;
	size_t i = 0, k;

	if (parse_u64_all(v, n, 10, &num))
		return (__u32)num;
	while (i < n) {
		size_t st;

		while (i < n && v[i] == ' ')
			i++;
		st = i;
		while (i < n && v[i] != ' ')
			i++;
		for (k = 0; k < ARRAY_SIZE(t); k++)
			if (str_eq_n(v + st, i - st, t[k].name))
				bits |= t[k].bit;
	}
	return bits;
}

/* the options systemd turns into no_new_privs for an unprivileged process (R1, [SDC]
 * context_has_no_new_privileges), in R1's order: the first one set is reported */
enum nnp_opt {
	NNP_RAF,
	NNP_SCF,
	NNP_SCA,
	NNP_SCL,
	NNP_PDEV,
	NNP_PKT,
	NNP_PKM,
	NNP_PKL,
	NNP_PCLK,
	NNP_PHOST,
	NNP_LOCKP,
	NNP_MDWE,
	NNP_RRT,
	NNP_RSUID,
	NNP_RNS,
	NNP__COUNT,
};

static const char *const nnp_names[NNP__COUNT] = {
    [NNP_RAF] = "RestrictAddressFamilies", [NNP_SCF] = "SystemCallFilter",
    [NNP_SCA] = "SystemCallArchitectures", [NNP_SCL] = "SystemCallLog",
    [NNP_PDEV] = "PrivateDevices",	   [NNP_PKT] = "ProtectKernelTunables",
    [NNP_PKM] = "ProtectKernelModules",	   [NNP_PKL] = "ProtectKernelLogs",
    [NNP_PCLK] = "ProtectClock",	   [NNP_PHOST] = "ProtectHostname",
    [NNP_LOCKP] = "LockPersonality",	   [NNP_MDWE] = "MemoryDenyWriteExecute",
    [NNP_RRT] = "RestrictRealtime",	   [NNP_RSUID] = "RestrictSUIDSGID",
    [NNP_RNS] = "RestrictNamespaces",
};

int unit_props_parse(const char *buf, size_t len, struct unit_props *up)
{
	bool nnp_set[NNP__COUNT] = {false};
	bool user_nonroot = false, any = false;
	const char *line;
	size_t pos = 0, n;
	int k;

	memset(up, 0, sizeof(*up));
	up->bounding_set = ~0ULL;
	while (next_line(buf, len, &pos, &line, &n)) {
		const char *eq = memchr(line, '=', n), *v;
		size_t kl, vl;

		/* systemctl never prints a NUL; a value cut at one could read as another */
		if (!eq || memchr(line, '\0', n))
			continue;
		kl = eq - line;
		v = eq + 1;
		vl = n - kl - 1;
		any = true;
		if (str_eq_n(line, kl, "User")) {
			/* User=root and User=0 mean the same as no User= */
			if (vl && !str_eq_n(v, vl, "root") && !str_eq_n(v, vl, "0")) {
				copy_n(up->user, sizeof(up->user), v, vl);
				user_nonroot = true;
			}
		} else if (str_eq_n(line, kl, "NoNewPrivileges")) {
			up->no_new_privileges = parse_bool_n(v, vl);
		} else if (str_eq_n(line, kl, "DynamicUser")) {
			up->dynamic_user = parse_bool_n(v, vl);
		} else if (str_eq_n(line, kl, "PrivateUsers")) {
			up->private_users = parse_bool_n(v, vl);
		} else if (str_eq_n(line, kl, "CapabilityBoundingSet")) {
			capnames_parse(v, vl, &up->bounding_set);
			up->bounding_set_known = true;
		} else if (str_eq_n(line, kl, "AmbientCapabilities")) {
			capnames_parse(v, vl, &up->ambient);
		} else if (str_eq_n(line, kl, "SecureBits")) {
			up->secure_bits = parse_securebits(v, vl);
		} else if (str_eq_n(line, kl, "FragmentPath")) {
			copy_n(up->fragment_path, sizeof(up->fragment_path), v, vl);
		} else if (str_eq_n(line, kl, "LoadState")) {
			copy_n(up->load_state, sizeof(up->load_state), v, vl);
		} else if (str_eq_n(line, kl, "RestrictAddressFamilies")) {
			/* "~" = unset; "" = an empty allow-list (none), still a filter */
			up->restrict_address_families = !str_eq_n(v, vl, "~");
			nnp_set[NNP_RAF] = up->restrict_address_families;
		} else if (str_eq_n(line, kl, "SystemCallFilter")) {
			up->system_call_filter = !str_eq_n(v, vl, "~");
			nnp_set[NNP_SCF] = up->system_call_filter;
		} else if (str_eq_n(line, kl, "SystemCallLog")) {
			nnp_set[NNP_SCL] = !str_eq_n(v, vl, "~");
		} else if (str_eq_n(line, kl, "SystemCallArchitectures")) {
			nnp_set[NNP_SCA] = vl > 0;
		} else if (str_eq_n(line, kl, "RestrictNamespaces")) {
			/* "no" = every namespace type allowed; "yes" or a list restricts some */
			nnp_set[NNP_RNS] = vl > 0 && !str_eq_n(v, vl, "no");
		} else {
			for (k = 0; k < NNP__COUNT; k++)
				if (k != NNP_RAF && k != NNP_SCF && k != NNP_SCL && k != NNP_SCA &&
				    k != NNP_RNS && str_eq_n(line, kl, nnp_names[k]))
					nnp_set[k] = parse_bool_n(v, vl);
		}
	}
	up->known = any;

	/* DynamicUser= implies NoNewPrivileges= (R18); systemd 252 also shows it as set */
	if (up->dynamic_user) {
		user_nonroot = true;
		if (!up->no_new_privileges) {
			up->implies_nnp = true;
			str_copy(up->implies_nnp_by, "DynamicUser", sizeof(up->implies_nnp_by));
		}
	}
	/*
	 * The options only imply NNP when the process lacks CAP_SYS_ADMIN when systemd decides
	 * (after the UID change): a non-root User= without CAP_SYS_ADMIN in
	 * AmbientCapabilities=, or any user with CAP_SYS_ADMIN outside the bounding set (R1).
	 */
	if (!up->implies_nnp &&
	    ((user_nonroot && !(up->ambient & (1ULL << CAP_SYS_ADMIN))) ||
	     (up->bounding_set_known && !(up->bounding_set & (1ULL << CAP_SYS_ADMIN))))) {
		for (k = 0; k < NNP__COUNT; k++) {
			if (nnp_set[k]) {
				up->implies_nnp = true;
				str_copy(up->implies_nnp_by, nnp_names[k],
					 sizeof(up->implies_nnp_by));
				break;
			}
		}
	}
	return any ? 0 : -EINVAL;
}

/* ------------------------------------------------------------------------------------------
 * Scripts (R7): the kernel computes credentials from the interpreter binary
 * (fs/binfmt_script.c re-execs the interpreter with argv = interp [arg] script args...)
 */

enum interp_family {
	IF_NONE,
	IF_PYTHON,
	IF_PERL,
	IF_RUBY,
	IF_NODE,
	IF_JAVA,
	IF_SHELL,
	IF_PHP,
	IF_PHP_SERVER, /* php-fpm, php-cgi: scripts come from requests, not argv */
	IF_LUA,
	IF_R,
	IF_TCL,
};

static const struct {
	const char *name;
	enum interp_family fam;
	bool versioned; /* "python3.11", "perl5.36.0", "php8.2" */
} interp_table[] = {
    {"python", IF_PYTHON, true},      {"pypy", IF_PYTHON, true},	{"perl", IF_PERL, true},
    {"ruby", IF_RUBY, true},	      {"node", IF_NODE, true},		{"nodejs", IF_NODE, true},
    {"java", IF_JAVA, false},	      {"sh", IF_SHELL, false},		{"bash", IF_SHELL, true},
    {"dash", IF_SHELL, false},	      {"zsh", IF_SHELL, true},		{"ksh", IF_SHELL, true},
    {"mksh", IF_SHELL, false},	      {"ash", IF_SHELL, false},		{"php", IF_PHP, true},
    {"php-fpm", IF_PHP_SERVER, true}, {"php-cgi", IF_PHP_SERVER, true}, {"lua", IF_LUA, true},
    {"luajit", IF_LUA, true},	      {"Rscript", IF_R, false},		{"tclsh", IF_TCL, true},
    {"wish", IF_TCL, true},
};

static enum interp_family interp_family_of(const char *exe)
{
	const char *b;
	size_t i;

	if (!exe)
		return IF_NONE;
	b = strrchr(exe, '/');
	b = b ? b + 1 : exe;
	for (i = 0; i < ARRAY_SIZE(interp_table); i++) {
		size_t l = strlen(interp_table[i].name);
		const char *r = b + l;

		if (strncmp(b, interp_table[i].name, l))
			continue;
		if (!*r)
			return interp_table[i].fam;
		if (!interp_table[i].versioned || !isdigit((unsigned char)*r))
			continue;
		/* a version: digits and dots, then at most python's ABI letters (3.13t, 3.11d) */
		while (isdigit((unsigned char)*r) || *r == '.')
			r++;
		while (*r && strchr("dmtu", *r))
			r++;
		if (!*r)
			return interp_table[i].fam;
	}
	return IF_NONE;
}

bool interpreter_name(const char *exe)
{
	return interp_family_of(exe) != IF_NONE;
}

bool buf_is_shebang(const void *buf, size_t len)
{
	return len >= 2 && !memcmp(buf, "#!", 2);
}

#define SCRIPT_MAX_ARGS 256

/* options (exact words) whose value is the next argument, per family */
static bool opt_takes_arg(enum interp_family fam, const char *a)
{
	static const char *const py[] = {"-W", "-X", "-Q", NULL};
	static const char *const perl[] = {"-I", "-M", "-m", NULL};
	static const char *const ruby[] = {"-I", "-r", "-C", "-E", "--encoding", NULL};
	static const char *const node[] = {
	    "-r", "--require",	  "--import", "--loader",	"--experimental-loader",
	    "-C", "--conditions", "--title",  "--inspect-port", NULL};
	static const char *const java[] = {"-cp",
					   "-classpath",
					   "--class-path",
					   "-p",
					   "--module-path",
					   "--add-modules",
					   "--add-opens",
					   "--add-exports",
					   "--add-reads",
					   "--upgrade-module-path",
					   "--enable-native-access",
					   NULL};
	static const char *const shell[] = {"-o",	"+o",	       "-O", "+O",
					    "--rcfile", "--init-file", NULL};
	static const char *const php[] = {"-d", "-c", "-z", "-t", NULL};
	static const char *const lua[] = {"-l", NULL};
	static const char *const none[] = {NULL};
	const char *const *t;

	switch (fam) {
	case IF_PYTHON:
		t = py;
		break;
	case IF_PERL:
		t = perl;
		break;
	case IF_RUBY:
		t = ruby;
		break;
	case IF_NODE:
		t = node;
		break;
	case IF_JAVA:
		t = java;
		break;
	case IF_SHELL:
		t = shell;
		break;
	case IF_PHP:
		t = php;
		break;
	case IF_LUA:
		t = lua;
		break;
	default:
		t = none;
		break;
	}
	for (; *t; t++)
		if (!strcmp(a, *t))
			return true;
	return false;
}

/* "-c code", "-e code": what introduces code on the command line */
static bool opt_inline(enum interp_family fam, const char *a)
{
	switch (fam) {
	case IF_PYTHON:
		return !strcmp(a, "-c");
	case IF_PERL:
		return !strcmp(a, "-e") || !strcmp(a, "-E");
	case IF_RUBY:
	case IF_LUA:
	case IF_R:
		return !strcmp(a, "-e");
	case IF_NODE:
		return !strcmp(a, "-e") || !strcmp(a, "--eval") || !strcmp(a, "-p") ||
		       !strcmp(a, "--print");
	case IF_SHELL:
		return !strcmp(a, "-c");
	case IF_PHP:
		return !strcmp(a, "-r");
	default:
		return false;
	}
}

/* short-option letters that end a bundle and take the rest or the next word */
static const char *bundle_letters(enum interp_family fam)
{
	switch (fam) {
	case IF_PYTHON:
		return "cmWXQ";
	case IF_PERL:
		return "eEIMmixFdD";
	case IF_RUBY:
		return "eIrCE";
	case IF_SHELL:
		return "co";
	default:
		return "";
	}
}

static void set_script(struct script_info *si, int kind, const char *a, const char *b)
{
	si->kind = kind;
	if (b)
		str_printf(si->script, sizeof(si->script), "%s %s", a, b);
	else
		str_copy(si->script, a, sizeof(si->script));
}

int script_detect(const char *exe, const char *cmdline, size_t len, struct script_info *si)
{
	char *argv[SCRIPT_MAX_ARGS + 1];
	char *copy;
	enum interp_family fam;
	size_t i = 0;
	int argc = 0, k;

	memset(si, 0, sizeof(*si));
	fam = interp_family_of(exe);
	if (fam == IF_NONE)
		return 0;
	si->is_interpreter = true;
	si->kind = SCRIPT_NONE;
	if (!cmdline || !len || fam == IF_PHP_SERVER)
		return 0;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, cmdline, len);
	copy[len] = '\0';
	while (i < len && argc < SCRIPT_MAX_ARGS) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;

	/* argv[0] is the interpreter (or "-bash" for a login shell); options follow */
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];
		const char *next = k + 1 < argc ? argv[k + 1] : NULL;
		const char *bl;

		if (!strcmp(a, "--")) {
			if (next)
				set_script(si, strcmp(next, "-") ? SCRIPT_FILE : SCRIPT_STDIN, next,
					   NULL);
			else
				si->kind = SCRIPT_STDIN;
			goto out;
		}
		if (!strcmp(a, "-")) {
			set_script(si, SCRIPT_STDIN, "-", NULL);
			goto out;
		}
		if (a[0] != '-' && !(fam == IF_SHELL && a[0] == '+')) {
			/* the first non-option: a script file, or java's main class */
			if (fam == IF_JAVA)
				set_script(si, SCRIPT_MODULE, a, NULL);
			else
				set_script(si, SCRIPT_FILE, a, NULL);
			goto out;
		}
		if (opt_inline(fam, a)) {
			set_script(si, SCRIPT_INLINE, a, next ? next : "");
			goto out;
		}
		if ((fam == IF_PYTHON && !strcmp(a, "-m")) ||
		    (fam == IF_JAVA && (!strcmp(a, "-m") || !strcmp(a, "--module"))) ||
		    (fam == IF_PHP && !strcmp(a, "-S"))) {
			/* python -m MOD runs a module, php -S a built-in web server: no one file */
			set_script(si, SCRIPT_MODULE, a, next ? next : "");
			goto out;
		}
		if ((fam == IF_JAVA && !strcmp(a, "-jar")) || (fam == IF_PHP && !strcmp(a, "-f"))) {
			if (next)
				set_script(si, SCRIPT_FILE, next, NULL);
			goto out;
		}
		if (fam == IF_SHELL && !strcmp(a, "-s")) {
			set_script(si, SCRIPT_STDIN, "-", NULL);
			goto out;
		}
		if (opt_takes_arg(fam, a)) {
			k++;
			continue;
		}
		if (a[1] == '-' || a[0] == '+')
			continue; /* --flag or --flag=value, +x for a shell */
		/* a bundle of short options: "-uc CODE", "-lne CODE", "-Wignore" */
		bl = bundle_letters(fam);
		for (i = 1; a[i]; i++) {
			const char *rest = a + i + 1;
			char opt[3] = {'-', a[i], 0};

			if (!strchr(bl, a[i]))
				continue;
			if (opt_inline(fam, opt) || (fam == IF_PYTHON && a[i] == 'm')) {
				const char *val = *rest ? rest : next;

				set_script(si, a[i] == 'm' ? SCRIPT_MODULE : SCRIPT_INLINE, opt,
					   val ? val : "");
				goto out;
			}
			/* the option's value is the rest of this word, or else the next word */
			if (!*rest && (fam != IF_PERL || strchr("IMm", a[i])))
				k++;
			break;
		}
	}
	/* no script named: most interpreters read stdin (or are interactive); java fails */
	if (fam != IF_JAVA) {
		si->kind = SCRIPT_STDIN;
		str_copy(si->script, "-", sizeof(si->script));
	}
out:
	free(copy);
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * I/O
 */

/* read up to cap-1 bytes of a (proc) file and NUL-terminate; length or -errno */
static ssize_t read_small(const char *path, char *buf, size_t cap)
{
	size_t got = 0;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	while (got + 1 < cap) {
		ssize_t r = read(fd, buf + got, cap - 1 - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			return err;
		}
		if (!r)
			break;
		got += r;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

#define READ_ALLOC_MAX (16u << 20) /* mountinfo of a big kubernetes node is a few MiB */

/* read a whole (proc) file into a malloc'd buffer, at most max bytes; length or -errno */
static ssize_t read_alloc(const char *path, size_t max, char **out)
{
	size_t cap = 64 << 10, got = 0;
	char *buf = NULL, *nb;
	int fd, err = 0;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t r;

		if (!buf || got + 1 >= cap) {
			if (buf)
				cap *= 2;
			if (cap > max + 1)
				cap = max + 1;
			if (buf && got + 1 >= cap)
				break; /* at the limit: keep what we have */
			nb = realloc(buf, cap);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + got, cap - 1 - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!r)
			break;
		got += r;
	}
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	buf[got] = '\0';
	*out = buf;
	return (ssize_t)got;
}

dev_t kdev_to_dev(__u64 kdev)
{
	/* include/linux/kdev_t.h: MINORBITS 20 */
	return makedev((unsigned int)(kdev >> 20), (unsigned int)(kdev & 0xfffff));
}

int file_check_id(const char *path, __u64 kdev, __u64 ino)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	return st.st_dev == kdev_to_dev(kdev) && (__u64)st.st_ino == ino;
}

int proc_check_exe(pid_t pid, __u64 kdev, __u64 ino)
{
	char p[64];
	int r;

	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	r = file_check_id(p, kdev, ino);
	if (r == -ENOENT) {
		snprintf(p, sizeof(p), "/proc/%d", (int)pid);
		/* a kernel thread or zombie has no exe but still a /proc entry */
		return access(p, F_OK) ? -ESRCH : -ENOENT;
	}
	return r;
}

/* security.capability through path (which may be a /proc magic link) */
static void read_fcaps(const char *path, struct file_caps *fc)
{
	unsigned char blob[XATTR_CAPS_SZ_3 + 8];
	ssize_t n;

	memset(fc, 0, sizeof(*fc));
	n = getxattr(path, "security.capability", blob, sizeof(blob));
	if (n < 0) {
		/* no xattr, or a filesystem without xattrs: no file caps either way */
		if (errno == ENODATA || errno == ENOTSUP)
			fc->present = TRI_NO;
		else if (errno == ERANGE)
			fc->present = TRI_UNKNOWN; /* bigger than any valid blob */
		return;
	}
	if (file_caps_parse(blob, (size_t)n, fc))
		fc->present = TRI_UNKNOWN; /* malformed: the kernel fails execve with EINVAL */
}

static void fill_stat(struct proc_facts *pf, const struct stat *st)
{
	pf->exe_stat_ok = TRI_YES;
	pf->exe_mode = st->st_mode;
	pf->exe_owner = st->st_uid;
}

static void fill_mount(struct proc_facts *pf, const struct mount_entry *me)
{
	pf->mount_nosuid = me->nosuid ? TRI_YES : TRI_NO;
	str_copy(pf->mount_point, me->mount_point, sizeof(pf->mount_point));
	str_copy(pf->mount_fstype, me->fstype, sizeof(pf->mount_fstype));
}

/*
 * When the mount is in no mountinfo we can read (another namespace): statfs() of the
 * path itself. Its f_flags carry the per-mount MNT_NOSUID as ST_NOSUID (fs/statfs.c
 * flags_by_mnt), the same flag mnt_may_suid() tests.
 */
static void statfs_mount(const char *path, struct proc_facts *pf)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} fs[] = {
	    /* include/uapi/linux/magic.h */
	    {0x01021994, "tmpfs"}, {0x794c7630, "overlay"},  {0xEF53, "ext4"}, {0x58465342, "xfs"},
	    {0x9123683E, "btrfs"}, {0x73717368, "squashfs"}, {0x6969, "nfs"},  {0x65735546, "fuse"},
	    {0x2fc12fc1, "zfs"},   {0xF2F52010, "f2fs"},
	};
	struct statvfs sv;
	struct statfs sf;
	size_t i;

	if (!statvfs(path, &sv))
		pf->mount_nosuid = sv.f_flag & ST_NOSUID ? TRI_YES : TRI_NO;
	if (!pf->mount_fstype[0] && !statfs(path, &sf))
		for (i = 0; i < ARRAY_SIZE(fs); i++)
			if ((unsigned long)sf.f_type == fs[i].magic)
				str_copy(pf->mount_fstype, fs[i].name, sizeof(pf->mount_fstype));
}

/* the mount ID of the file path refers to: statx STATX_MNT_ID (5.8+), else fdinfo */
static int mount_id_of(const char *path)
{
#ifdef STATX_MNT_ID
	struct statx stx;

	if (!statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) && (stx.stx_mask & STATX_MNT_ID))
		return (int)stx.stx_mnt_id;
#endif
	{
		char fdinfo[64], buf[1024], *p;
		int fd, id = -1;

		fd = open(path, O_PATH | O_CLOEXEC);
		if (fd < 0)
			return -1;
		snprintf(fdinfo, sizeof(fdinfo), "/proc/self/fdinfo/%d", fd);
		/* "mnt_id:" in fdinfo since 3.15 */
		if (read_small(fdinfo, buf, sizeof(buf)) > 0 && (p = strstr(buf, "mnt_id:")))
			id = atoi(p + 7);
		close(fd);
		return id;
	}
}

/* the file part for a path in capfix's own namespace */
static int collect_file(const char *path, struct proc_facts *pf)
{
	struct mount_entry *me;
	struct stat st;
	char *mi = NULL;
	ssize_t n;
	int id;

	if (stat(path, &st))
		return -errno;
	fill_stat(pf, &st);
	read_fcaps(path, &pf->fcaps);
	me = malloc(sizeof(*me));
	if (!me)
		return -ENOMEM;
	n = read_alloc("/proc/self/mountinfo", READ_ALLOC_MAX, &mi);
	if (n > 0) {
		id = mount_id_of(path);
		if ((id >= 0 && !mountinfo_find_id(mi, n, id, me)) ||
		    (id < 0 && !mountinfo_find_path(mi, n, pf->exe_real, me)))
			fill_mount(pf, me);
	}
	if (pf->mount_nosuid == TRI_UNKNOWN)
		statfs_mount(path, pf);
	free(mi);
	free(me);
	return 0;
}

int proc_collect_path(const char *exe, struct proc_facts *pf)
{
	char real[PATH_MAX];

	if (!exe || exe[0] != '/')
		return -EINVAL;
	if (!pf->exe[0])
		str_copy(pf->exe, exe, sizeof(pf->exe));
	if (!realpath(exe, real))
		return -errno;
	str_copy(pf->exe_real, real, sizeof(pf->exe_real));
	pf->is_interpreter = interpreter_name(real) || interpreter_name(exe);
	return collect_file(real, pf);
}

/* the namespace inode of /proc/PID/ns/NAME (pid 0: capfix's own); 0 if unreadable */
static __u64 ns_ino(pid_t pid, const char *name)
{
	char p[64];
	struct stat st;

	if (pid)
		snprintf(p, sizeof(p), "/proc/%d/ns/%s", (int)pid, name);
	else
		snprintf(p, sizeof(p), "/proc/self/ns/%s", name);
	return stat(p, &st) ? 0 : (__u64)st.st_ino;
}

/* include/linux/proc_ns.h: the initial namespaces have fixed inode numbers */
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_PID_INIT_INO  0xEFFFFFFCU

#define PORT_START_PATH "/proc/sys/net/ipv4/ip_unprivileged_port_start"

static int read_port_start(void)
{
	char buf[32];
	__u64 v;
	ssize_t n = read_small(PORT_START_PATH, buf, sizeof(buf));

	/* no such sysctl before 4.11: the limit is the fixed PROT_SOCK, 1024 */
	if (n == -ENOENT)
		return 1024;
	if (n < 0)
		return (int)n;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	if (!parse_u64_all(buf, (size_t)n, 10, &v) || v > 65536)
		return -EINVAL;
	return (int)v;
}

/* wait for child up to ms milliseconds, then kill it; its exit status or -1 */
static int reap(pid_t child, int ms)
{
	int st, i;

	for (i = 0; i <= ms / 10; i++) {
		pid_t r = waitpid(child, &st, WNOHANG);

		if (r == child)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
		usleep(10000);
	}
	kill(child, SIGKILL);
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	return -1;
}

/* read from fd until EOF, the deadline or max bytes (the rest is drained and dropped) */
static ssize_t read_until(int fd, char *buf, size_t max, int ms)
{
	struct timespec t0, t;
	size_t got = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		char sink[4096];
		long left;
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r ? -errno : -ETIMEDOUT;
		if (got + 1 < max)
			r = read(fd, buf + got, max - 1 - got);
		else
			r = read(fd, sink, sizeof(sink));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			break;
		if (got + 1 < max)
			got += r;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

/*
 * The sysctl is per network namespace and /proc/sys/net resolves against the *reader's*
 * netns (net/sysctl_net.c net_ctl_header_lookup uses current->nsproxy->net_ns), so neither
 * /proc/PID/net nor /proc/PID/root/proc/sys can show another namespace's value. When the
 * namespaces differ, a forked child setns()es into the process's netns and reads it there;
 * capfix itself never changes namespace. Needs CAP_SYS_ADMIN (setns), else -EPERM.
 */
int netns_port_start(pid_t pid)
{
	char p[64];
	int fd, pipefd[2], v = -EIO, st;
	pid_t child;

	if (!pid || ns_ino(pid, "net") == ns_ino(0, "net")) {
		if (pid && !ns_ino(pid, "net"))
			return -ESRCH;
		return read_port_start();
	}
	snprintf(p, sizeof(p), "/proc/%d/ns/net", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pipe2(pipefd, O_CLOEXEC)) {
		v = -errno;
		close(fd);
		return v;
	}
	child = fork();
	if (child < 0) {
		v = -errno;
		close(fd);
		close(pipefd[0]);
		close(pipefd[1]);
		return v;
	}
	if (!child) {
		int r = setns(fd, CLONE_NEWNET) ? -errno : read_port_start();

		if (write(pipefd[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fd);
	close(pipefd[1]);
	{
		char buf[sizeof(int) + 1];

		if (read_until(pipefd[0], buf, sizeof(buf), 2000) == sizeof(int))
			memcpy(&v, buf, sizeof(int));
	}
	close(pipefd[0]);
	st = reap(child, 500);
	(void)st;
	return v;
}

static void read_lsm(struct proc_facts *pf)
{
	char buf[512];
	ssize_t n = read_small("/sys/kernel/security/lsm", buf, sizeof(buf));

	if (n <= 0)
		return;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ','))
		buf[--n] = '\0';
	/* keep whole names when it does not fit */
	if ((size_t)n >= sizeof(pf->lsm)) {
		char *c;

		buf[sizeof(pf->lsm) - 1] = '\0';
		c = strrchr(buf, ',');
		if (c)
			*c = '\0';
	}
	str_copy(pf->lsm, buf, sizeof(pf->lsm));
}

void proc_collect_host(struct proc_facts *pf)
{
	/* fills only what proc_collect() left unknown: its per-process values are better */
	if (!pf->lsm[0])
		read_lsm(pf);
	if (pf->alive != TRI_YES)
		pf->systemd_running = !access("/run/systemd/system", F_OK); /* sd_booted(3) */
	if (pf->port_start < 0 || (pf->alive != TRI_YES && !pf->port_start)) {
		pf->port_start = netns_port_start(0);
		if (pf->port_start < 0)
			pf->port_start = -1;
	}
}

static void classify_cgroup(struct proc_facts *pf)
{
	struct cgroup_info ci;

	cgroup_classify(pf->cgroup, strnlen(pf->cgroup, sizeof(pf->cgroup)), &ci);
	pf->runtime = ci.runtime;
	str_copy(pf->unit, ci.unit, sizeof(pf->unit));
	pf->user_manager_uid = ci.user_manager_uid;
	str_copy(pf->container_id, ci.container_id, sizeof(pf->container_id));
	str_copy(pf->pod_uid, ci.pod_uid, sizeof(pf->pod_uid));
	pf->login_session = ci.login_session;
}

static void collect_unit(pid_t ns_pid, struct proc_facts *pf)
{
	if ((pf->runtime != RUNTIME_SYSTEMD_SYSTEM && pf->runtime != RUNTIME_SYSTEMD_USER) ||
	    !pf->unit[0] || pf->login_session)
		return;
	unit_props_read_ns(ns_pid, pf->unit, pf->runtime == RUNTIME_SYSTEMD_USER,
			   pf->user_manager_uid, &pf->unit_props);
}

/* open a file in the process's root, resolving symlinks inside that root (openat2, 5.6+) */
static int open_in_root(pid_t pid, const char *path)
{
	char root[64], full[PATH_MAX + 64];
	int rfd, fd;

	snprintf(root, sizeof(root), "/proc/%d/root", (int)pid);
#ifdef SYS_openat2
	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd >= 0) {
		/* struct open_how: flags, mode, resolve; RESOLVE_IN_ROOT = 0x10 */
		struct {
			__u64 flags, mode, resolve;
		} how = {O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0, 0x10};

		fd = (int)syscall(SYS_openat2, rfd, path, &how, sizeof(how));
		close(rfd);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
	}
#endif
	if (str_printf(full, sizeof(full), "%s%s", root, path))
		return -1;
	return open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

static void collect_script(pid_t pid, struct proc_facts *pf)
{
	struct script_info *si;
	char p[64], *cmd = NULL;
	ssize_t n;

	si = malloc(sizeof(*si));
	if (!si)
		return;
	snprintf(p, sizeof(p), "/proc/%d/cmdline", (int)pid);
	n = read_alloc(p, 256 << 10, &cmd);
	script_detect(pf->exe_real[0] ? pf->exe_real : pf->exe, cmd, n > 0 ? (size_t)n : 0, si);
	pf->is_interpreter = si->is_interpreter;
	pf->script_kind = si->kind;
	pf->script_shebang = TRI_UNKNOWN;
	if (si->kind == SCRIPT_FILE && si->script[0] != '/') {
		/* relative to the process's cwd, as the process sees paths */
		char cwd[PATH_MAX];
		ssize_t l;

		snprintf(p, sizeof(p), "/proc/%d/cwd", (int)pid);
		l = readlink(p, cwd, sizeof(cwd) - 1);
		if (l > 0) {
			cwd[l] = '\0';
			str_printf(pf->script, sizeof(pf->script), "%s/%s",
				   strcmp(cwd, "/") ? cwd : "", si->script);
		} else {
			str_copy(pf->script, si->script, sizeof(pf->script));
		}
	} else {
		str_copy(pf->script, si->script, sizeof(pf->script));
	}
	if (si->kind == SCRIPT_FILE && pf->script[0] == '/') {
		int fd = open_in_root(pid, pf->script);
		struct stat st;
		char head[2];

		if (fd >= 0) {
			if (!fstat(fd, &st) && S_ISREG(st.st_mode))
				pf->script_shebang =
				    read(fd, head, 2) == 2 && buf_is_shebang(head, 2) ? TRI_YES
										      : TRI_NO;
			close(fd);
		}
	}
	free(cmd);
	free(si);
}

static void collect_exe(pid_t pid, struct proc_facts *pf)
{
	struct mount_entry *me;
	char p[64], link[PATH_MAX];
	char *mi = NULL;
	struct stat st;
	ssize_t l, n;
	int id, r;

	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	l = readlink(p, link, sizeof(link) - 1);
	if (l > 0) {
		link[l] = '\0';
		/* d_path marks an unlinked file; the magic link still reaches its inode */
		if (l > 10 && !strcmp(link + l - 10, " (deleted)")) {
			link[l - 10] = '\0';
			pf->exe_gone = true;
		}
		str_copy(pf->exe_real, link, sizeof(pf->exe_real));
		if (!pf->exe[0] || !pf->from_event)
			str_copy(pf->exe, link, sizeof(pf->exe));
	}
	if (pf->exe_ino) {
		r = proc_check_exe(pid, pf->exe_kdev, pf->exe_ino);
		if (r == 0) {
			/* the process exec'd something else since: look for the file by path */
			pf->exe_gone = true;
			pf->exe_real[0] = '\0';
			if (pf->exe[0] == '/' &&
			    file_check_id(pf->exe, pf->exe_kdev, pf->exe_ino) == 1)
				proc_collect_path(pf->exe, pf);
			return;
		}
	}
	if (stat(p, &st)) {
		/*
		 * A zombie (the common case: a server that exits right after its failed bind)
		 * still has /proc/PID/status but no exe link: take the file by the path the
		 * kernel captured, if it still is that file.
		 */
		if (pf->exe[0] == '/' &&
		    (!pf->exe_ino || file_check_id(pf->exe, pf->exe_kdev, pf->exe_ino) == 1))
			proc_collect_path(pf->exe, pf);
		return;
	}
	fill_stat(pf, &st);
	read_fcaps(p, &pf->fcaps);

	/*
	 * The exe's mount by mount ID: present in the process's mountinfo = its namespace, and
	 * that line has the per-mount nosuid; absent = a mount of another namespace, and
	 * mnt_may_suid() (fs/namespace.c check_mnt) ignores file caps from it (R2).
	 */
	me = malloc(sizeof(*me));
	if (!me)
		return;
	id = mount_id_of(p);
	snprintf(p, sizeof(p), "/proc/%d/mountinfo", (int)pid);
	n = read_alloc(p, READ_ALLOC_MAX, &mi);
	if (n > 0 && id >= 0) {
		if (!mountinfo_find_id(mi, n, id, me)) {
			fill_mount(pf, me);
			pf->foreign_mount = TRI_NO;
		} else {
			pf->foreign_mount = TRI_YES;
			free(mi);
			mi = NULL;
			n = read_alloc("/proc/self/mountinfo", READ_ALLOC_MAX, &mi);
			if (n > 0 && !mountinfo_find_id(mi, n, id, me))
				fill_mount(pf, me);
		}
	} else if (n > 0 && pf->exe_real[0] == '/' &&
		   !mountinfo_find_path(mi, n, pf->exe_real, me)) {
		fill_mount(pf, me); /* no mount ID: by path; foreign_mount stays unknown */
	}
	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	if (pf->mount_nosuid == TRI_UNKNOWN)
		statfs_mount(p, pf);
	free(mi);
	free(me);
}

int proc_collect(pid_t pid, struct proc_facts *pf)
{
	struct proc_status ps;
	char p[64], buf[8192];
	ssize_t n;
	__u64 ino;

	if (pid <= 0)
		return -EINVAL;
	pf->pid = pid;
	pf->seccomp_mode = -1;
	pf->port_start = -1;
	read_lsm(pf);

	snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
	n = read_small(p, buf, sizeof(buf));
	if (n < 0 || status_parse(buf, (size_t)n, &ps)) {
		/* gone: what the kernel captured, plus the file by path and the unit */
		pf->alive = TRI_NO;
		pf->systemd_running = !access("/run/systemd/system", F_OK);
		if (pf->exe[0] == '/' &&
		    (!pf->exe_ino || file_check_id(pf->exe, pf->exe_kdev, pf->exe_ino) == 1))
			proc_collect_path(pf->exe, pf);
		else if (pf->exe_ino)
			pf->exe_gone = true;
		if (pf->cgroup[0])
			classify_cgroup(pf);
		collect_unit(0, pf);
		return -ESRCH;
	}
	pf->alive = TRI_YES;
	if (!pf->ppid && (ps.have & PS_HAVE_PPID))
		pf->ppid = ps.ppid;
	if (ps.have & PS_HAVE_SECCOMP)
		pf->seccomp_mode = ps.seccomp;
	pf->pidns_child =
	    ps.nspid_levels > 1 || ((ino = ns_ino(pid, "pid")) && ino != PROC_PID_INIT_INO);
	if (!pf->from_event) {
		if (ps.have & PS_HAVE_UID)
			pf->uid = ps.uid, pf->euid = ps.euid, pf->suid = ps.suid;
		if (ps.have & PS_HAVE_GID)
			pf->gid = ps.gid, pf->egid = ps.egid;
		if (ps.have & PS_HAVE_CAPS)
			pf->caps = ps.caps;
		pf->no_new_privs = ps.no_new_privs;
		/* securebits are not in /proc (R9): securebits_known stays false */
		snprintf(p, sizeof(p), "/proc/%d/comm", (int)pid);
		n = read_small(p, buf, sizeof(buf));
		if (n > 0) {
			if (buf[n - 1] == '\n')
				buf[--n] = '\0';
			str_copy(pf->comm, buf, sizeof(pf->comm));
		}
		ino = ns_ino(pid, "user");
		pf->userns_child = ino && ino != PROC_USER_INIT_INO;
	}

	collect_exe(pid, pf);
	collect_script(pid, pf);

	if (!pf->from_event || !pf->cgroup[0]) {
		snprintf(p, sizeof(p), "/proc/%d/cgroup", (int)pid);
		n = read_small(p, buf, sizeof(buf));
		if (n > 0)
			cgroup_file_path(buf, (size_t)n, pf->cgroup, sizeof(pf->cgroup));
	}
	classify_cgroup(pf);

	/* the manager that counts is the one in the process's root (a container may run its own) */
	snprintf(buf, sizeof(buf), "/proc/%d/root/run/systemd/system", (int)pid);
	pf->systemd_running = !access(buf, F_OK);
	collect_unit(pid, pf);

	pf->port_start = netns_port_start(pid);
	if (pf->port_start < 0)
		pf->port_start = -1;
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * systemctl show
 */

bool unit_name_valid(const char *unit)
{
	size_t n;

	if (!unit)
		return false;
	n = strlen(unit);
	/* UNIT_NAME_MAX 256 with the NUL; no leading '-' (an option), no glob characters */
	return n && n < 256 && unit[0] != '-' && unit[0] != '.' && unit_like(unit, n);
}

#define UNIT_PROPS_OUT_MAX (256 << 10)

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

int unit_props_read_ns(pid_t ns_pid, const char *unit, bool user_manager, uid_t uid,
		       struct unit_props *up)
{
	static const char *const bins[] = {"/usr/bin/systemctl", "/bin/systemctl"};
	char xdg[64], run[64], *out = NULL;
	const char *argv[64];
	/* the last slot before NULL is for XDG_RUNTIME_DIR */
	char *envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
			"LC_ALL=C",
			"SYSTEMD_PAGER=",
			"SYSTEMD_COLORS=0",
			"SYSTEMD_LOG_LEVEL=err",
			NULL,
			NULL};
	int a = 0, bin = -1, mntfd = -1, pidfd = -1, pipefd[2], err, st;
	pid_t child;
	ssize_t n;
	size_t i;

	memset(up, 0, sizeof(*up));
	up->bounding_set = ~0ULL;
	if (!unit_name_valid(unit))
		return -EINVAL;
	if (ns_pid > 0)
		snprintf(run, sizeof(run), "/proc/%d/root/run/systemd/system", (int)ns_pid);
	else
		snprintf(run, sizeof(run), "/run/systemd/system");
	if (access(run, F_OK))
		return -EOPNOTSUPP; /* not booted with systemd (sd_booted) */
	/* capfix's own systemctl: never one from a container's filesystem */
	for (i = 0; i < ARRAY_SIZE(bins) && bin < 0; i++)
		bin = open(bins[i], O_RDONLY | O_CLOEXEC);
	if (bin < 0)
		return -ENOENT;
	if (ns_pid > 0 && ns_ino(ns_pid, "mnt") != ns_ino(0, "mnt")) {
		snprintf(run, sizeof(run), "/proc/%d/ns/mnt", (int)ns_pid);
		mntfd = open(run, O_RDONLY | O_CLOEXEC);
		if (mntfd < 0) {
			err = -errno;
			goto out_fds;
		}
	}
	/* the manager's pid namespace: its PID 1's (the process may be in a deeper one) */
	if (ns_pid > 0 && ns_ino(ns_pid, "pid") != ns_ino(0, "pid")) {
		snprintf(run, sizeof(run), "/proc/%d/ns/pid", (int)ns_pid);
		pidfd = open(run, O_RDONLY | O_CLOEXEC);
		if (pidfd < 0) {
			err = -errno;
			goto out_fds;
		}
	}

	argv[a++] = "systemctl";
	if (user_manager) {
		/*
		 * The user manager's private socket, $XDG_RUNTIME_DIR/systemd/private, which
		 * systemctl --user tries first and whose manager accepts root as a peer
		 * (bus_check_peercred). Not --machine=UID@.host: that starts a PAM login
		 * session through systemd-run, a side effect a diagnosis must not have.
		 */
		snprintf(xdg, sizeof(xdg), "XDG_RUNTIME_DIR=/run/user/%u", (unsigned int)uid);
		envp[ARRAY_SIZE(envp) - 2] = xdg;
		argv[a++] = "--user";
	}
	argv[a++] = "show";
	argv[a++] = "--no-pager";
	for (i = 0; i < ARRAY_SIZE(props) && a < (int)ARRAY_SIZE(argv) - 4; i++) {
		argv[a++] = "-p";
		argv[a++] = props[i];
	}
	argv[a++] = "--";
	argv[a++] = unit;
	argv[a] = NULL;

	if (pipe2(pipefd, O_CLOEXEC)) {
		err = -errno;
		goto out_fds;
	}
	child = fork();
	if (child < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		goto out_fds;
	}
	if (!child) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null < 0 || dup2(null, 0) < 0 || dup2(pipefd[1], 1) < 0 || dup2(null, 2) < 0)
			_exit(127);
		if (mntfd >= 0 && (setns(mntfd, CLONE_NEWNS) || chdir("/")))
			_exit(126);
		if (pidfd >= 0) {
			/*
			 * systemd drops a private-bus client it cannot see in its own pid
			 * namespace (verified with systemd 252 as PID 1 of a child pid ns), and
			 * setns(CLONE_NEWPID) only applies to children: fork once more
			 */
			pid_t gc;
			int st2;

			if (setns(pidfd, CLONE_NEWPID))
				_exit(126);
			gc = fork();
			if (gc < 0)
				_exit(126);
			if (gc) {
				while (waitpid(gc, &st2, 0) < 0)
					if (errno != EINTR)
						_exit(126);
				_exit(WIFEXITED(st2) ? WEXITSTATUS(st2) : 126);
			}
			prctl(PR_SET_PDEATHSIG, SIGKILL);
		}
		fexecve(bin, (char *const *)argv, envp);
		_exit(127);
	}
	close(pipefd[1]);
	out = malloc(UNIT_PROPS_OUT_MAX);
	n = out ? read_until(pipefd[0], out, UNIT_PROPS_OUT_MAX, 5000) : -ENOMEM;
	close(pipefd[0]);
	st = reap(child, n == -ETIMEDOUT ? 0 : 1000);
	if (n < 0)
		err = (int)n;
	else if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		err = -EIO;
	else
		err = unit_props_parse(out, (size_t)n, up);
	if (err)
		up->known = false;
	free(out);
out_fds:
	if (mntfd >= 0)
		close(mntfd);
	if (pidfd >= 0)
		close(pidfd);
	close(bin);
	return err;
}

int unit_props_read(const char *unit, bool user_manager, uid_t uid, struct unit_props *up)
{
	return unit_props_read_ns(0, unit, user_manager, uid, up);
}

int proc_for_each_descendant(pid_t root, int (*fn)(void *ctx, pid_t pid), void *ctx)
{
	struct {
		pid_t pid, ppid;
	} *procs = NULL, *grown;
	pid_t q[4096];
	int n = 0, cap = 0, head = 0, tail = 0, i, err = 0;
	struct dirent *de;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char path[64], buf[512], *rp;
		pid_t pid, ppid;
		ssize_t len;

		pid = (pid_t)strtol(de->d_name, &rp, 10);
		if (*rp || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		len = read_small(path, buf, sizeof(buf));
		if (len <= 0)
			continue;
		/* comm may hold spaces and parentheses: parse after the last ')' */
		rp = strrchr(buf, ')');
		if (!rp || sscanf(rp + 1, " %*c %d", &ppid) != 1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			grown = realloc(procs, cap * sizeof(*procs));
			if (!grown) {
				err = -ENOMEM;
				goto out;
			}
			procs = grown;
		}
		procs[n].pid = pid;
		procs[n++].ppid = ppid;
	}
	q[tail++] = root;
	while (head < tail) {
		pid_t p = q[head++];

		for (i = 0; i < n; i++) {
			if (procs[i].ppid != p || tail >= (int)(sizeof(q) / sizeof(q[0])))
				continue;
			q[tail++] = procs[i].pid;
			err = fn(ctx, procs[i].pid);
			if (err)
				goto out;
		}
	}
out:
	closedir(dir);
	free(procs);
	return err;
}
