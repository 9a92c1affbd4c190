// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Pure parsers of what the kernel and systemd print about a process: no I/O. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include "names.h"
#include "parse.h"
#include "strutil.h"
#include "util.h"

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

/* systemd's unit name alphabet (src/basic/unit-name.c VALID_CHARS plus '@'), in ASCII
 * whatever the locale; a NUL is no part of it */
static bool unit_chars_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      (c && strchr(":-_.\\@", c))))
			return false;
	}
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
	int err = 0, n, cap;
	size_t i = 0;
	char tok[48];

	*mask = 0;
	while ((n = str_next_word(s, len, &i, " \t,", tok, sizeof(tok)))) {
		if (n < 0) {
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
 * Unit names and sysctls
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

int port_start_parse(const char *buf, size_t len)
{
	__u64 v;

	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (!parse_u64_all(buf, len, 10, &v) || v > 65536)
		return -EINVAL;
	return (int)v;
}
