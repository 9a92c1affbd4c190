// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Who besides root can write or replace an executable (facts for the "never setcap" rule). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pathtrust.h"
#include "proc.h"
#include "strutil.h"

/*
 * A component someone other than root controls: its owner can chmod it or write it; a
 * group- or other-writable directory lets others rename the next component away and put
 * their own in its place (unless sticky: then only the entry's owner, root, can); a
 * group- or other-writable file can be rewritten. POSIX ACLs show in the group bits
 * (the ACL mask, acl(5)), so a named user with write access counts too.
 */
static const char *weakness(const struct stat *st, bool last)
{
	if (st->st_uid != 0)
		return "owner";
	if (S_ISDIR(st->st_mode) && !last) {
		if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX))
			return "writable";
		return NULL;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "writable";
	return NULL;
}

static void weak(struct proc_facts *pf, const char *path, size_t n, const char *why,
		 const struct stat *st)
{
	pf->path_trusted = TRI_NO;
	if (!strcmp(why, "owner"))
		str_printf(pf->path_weak, sizeof(pf->path_weak), "%.*s (owner uid %u)", (int)n,
			   n ? path : "/", (unsigned int)st->st_uid);
	else
		str_printf(pf->path_weak, sizeof(pf->path_weak), "%.*s (mode %04o)", (int)n,
			   n ? path : "/", (unsigned int)(st->st_mode & 07777));
}

void path_trust_collect(struct proc_facts *pf)
{
	const char *path = pf->exe_real, *p, *end;
	struct stat st;
	size_t cur = 0; /* the component fd is: path[0..cur), "" for "/" */
	int fd, next;
	const char *why;

	pf->path_trusted = TRI_UNKNOWN;
	pf->path_weak[0] = '\0';
	if (path[0] != '/' || strlen(path) >= PATH_MAX || pf->exe_gone)
		return;
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	p = path;
	for (;;) {
		if (fstat(fd, &st))
			goto out;
		while (*p == '/')
			p++;
		/* the path is resolved: a symlink in it means it is not that path any more */
		if (S_ISLNK(st.st_mode))
			goto out;
		why = weakness(&st, !*p);
		if (why) {
			weak(pf, path, cur, why, &st);
			goto out;
		}
		if (!*p)
			break;
		if (!S_ISDIR(st.st_mode))
			goto out;
		end = strchrnul(p, '/');
		{
			char name[NAME_MAX + 1];

			if ((size_t)(end - p) > NAME_MAX)
				goto out;
			memcpy(name, p, (size_t)(end - p));
			name[end - p] = '\0';
			/* the path is resolved: "..", "." or a symlink means it is not */
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				goto out;
			next = openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		close(fd);
		fd = next;
		if (fd < 0)
			return;
		p = end;
		cur = (size_t)(end - path);
	}
	if (!S_ISREG(st.st_mode))
		goto out;
	/* the file setcap would change must be the one the kernel ran */
	if (pf->exe_ino &&
	    (st.st_dev != kdev_to_dev(pf->exe_kdev) || (__u64)st.st_ino != pf->exe_ino))
		goto out;
	pf->path_trusted = TRI_YES;
out:
	close(fd);
}
