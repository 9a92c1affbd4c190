// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names of capabilities, syscalls, errnos and container runtimes; capability masks as text. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "capfix.h"
#include "names.h"
#include "strutil.h"

#include "names_table.inc"
#include "util.h"


const char *cap_name(int cap)
{
	if (cap < 0 || cap >= CAP_NAMES_COUNT)
		return NULL;
	return cap_names[cap];
}

const char *cap_name_lower(int cap)
{
	if (cap < 0 || cap >= CAP_NAMES_COUNT)
		return NULL;
	return cap_names_lower[cap];
}

int cap_from_name(const char *name)
{
	char *end;
	long v;
	int i;

	if (!name || !*name)
		return -1;
	if (isdigit((unsigned char)name[0])) {
		errno = 0;
		v = strtol(name, &end, 10);
		if (errno || *end || v < 0 || v >= CAP_NAMES_COUNT)
			return -1;
		return (int)v;
	}
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	for (i = 0; i < CAP_NAMES_COUNT; i++)
		if (!strcasecmp(name, cap_names[i] + 4))
			return i;
	return -1;
}

const char *syscall_name(int nr)
{
	if (nr < 0 || (size_t)nr >= ARRAY_SIZE(syscall_names))
		return NULL;
	return syscall_names[nr];
}

int syscall_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(syscall_names); i++)
		if (syscall_names[i] && !strcmp(syscall_names[i], name))
			return (int)i;
	return -1;
}

const char *errno_name(int err)
{
	/* strerrorname_np needs glibc 2.32; keep our own table for portability */
	static const struct {
		int err;
		const char *name;
	} t[] = {
		{ EPERM, "EPERM" },	  { ENOENT, "ENOENT" },		{ ESRCH, "ESRCH" },
		{ EINTR, "EINTR" },	  { EIO, "EIO" },		{ ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" },	  { ENOEXEC, "ENOEXEC" },	{ EBADF, "EBADF" },
		{ ECHILD, "ECHILD" },	  { EAGAIN, "EAGAIN" },		{ ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" },	  { EFAULT, "EFAULT" },		{ EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" },	  { EXDEV, "EXDEV" },		{ ENODEV, "ENODEV" },
		{ ENOTDIR, "ENOTDIR" },	  { EISDIR, "EISDIR" },		{ EINVAL, "EINVAL" },
		{ ENFILE, "ENFILE" },	  { EMFILE, "EMFILE" },		{ ENOTTY, "ENOTTY" },
		{ ETXTBSY, "ETXTBSY" },	  { EFBIG, "EFBIG" },		{ ENOSPC, "ENOSPC" },
		{ ESPIPE, "ESPIPE" },	  { EROFS, "EROFS" },		{ EMLINK, "EMLINK" },
		{ EPIPE, "EPIPE" },	  { ERANGE, "ERANGE" },		{ ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOSYS, "ENOSYS" },	  { ENODATA, "ENODATA" },	{ ENOTSOCK, "ENOTSOCK" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },			{ EOPNOTSUPP, "EOPNOTSUPP" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" },			{ EADDRINUSE, "EADDRINUSE" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },			{ ENETUNREACH, "ENETUNREACH" },
		{ ECONNREFUSED, "ECONNREFUSED" },			{ ETIMEDOUT, "ETIMEDOUT" },
		{ EDQUOT, "EDQUOT" },	  { ENOTEMPTY, "ENOTEMPTY" },	{ ELOOP, "ELOOP" },
		{ EPROTOTYPE, "EPROTOTYPE" },				{ ENOTSUP, "ENOTSUP" },
		{ ENOKEY, "ENOKEY" },	  { EKEYREJECTED, "EKEYREJECTED" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].err == err)
			return t[i].name;
	return NULL;
}

int capmask_render(char *buf, size_t len, __u64 mask, const struct capmask_style *st)
{
	int i, k = 0, total, last = st->known_only ? CAP_NAMES_COUNT - 1 : CAPFIX_MAX_CAP;
	int err = 0;

	if (!len)
		return -1;
	buf[0] = '\0';
	if (last < 63)
		mask &= (1ULL << (last + 1)) - 1;
	total = __builtin_popcountll(mask);
	for (i = 0; i <= last; i++) {
		const char *name = st->lower ? cap_name_lower(i) : cap_name(i);
		const char *sep = st->sep;
		char num[8];

		if (!(mask & (1ULL << i)))
			continue;
		if (!name) {
			snprintf(num, sizeof(num), "%d", i);
			name = num;
		} else if (st->bare) {
			name += 4; /* "CAP_" / "cap_" */
		}
		if (++k == 1)
			sep = "";
		else if (k == total && st->last_sep)
			sep = st->last_sep;
		err |= str_appendf(buf, len, "%s%s%s%s", sep, st->pre ? st->pre : "", name,
				   st->post ? st->post : "");
	}
	return err ? -1 : 0;
}

char *capmask_str(__u64 mask, char *buf, size_t len, bool lower)
{
	const struct capmask_style st = {.sep = ",", .lower = lower};

	capmask_render(buf, len, mask, &st);
	return buf;
}

static const struct {
	const char *id;	   /* JSON "runtime" and the text's container line */
	const char *label; /* in sentences */
} runtimes[] = {
    [RUNTIME_NONE] = {NULL, NULL},
    [RUNTIME_SYSTEMD_SYSTEM] = {"systemd", NULL},
    [RUNTIME_SYSTEMD_USER] = {"systemd-user", NULL},
    [RUNTIME_DOCKER] = {"docker", "Docker"},
    [RUNTIME_KUBERNETES] = {"kubernetes", "Kubernetes (CRI)"},
    [RUNTIME_PODMAN] = {"podman", "Podman"},
    [RUNTIME_CONTAINERD] = {"containerd", "containerd"},
    [RUNTIME_LXC] = {"lxc", "LXC"},
};

const char *runtime_id(enum runtime_kind r)
{
	return (unsigned int)r < ARRAY_SIZE(runtimes) ? runtimes[r].id : NULL;
}

const char *runtime_label(enum runtime_kind r)
{
	const char *l = (unsigned int)r < ARRAY_SIZE(runtimes) ? runtimes[r].label : NULL;

	return l ? l : "the container runtime";
}
