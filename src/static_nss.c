// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Static builds only: getpwnam() and friends over /etc/passwd and /etc/group (static_nss.h). */
#define CAPFIX_STATIC_NSS_IMPL
#include "static_nss.h"

#ifdef CAPFIX_STATIC
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* fgetpwent()/fgetgrent() parse the files themselves: no NSS module is loaded */
static FILE *open_db(const char *path)
{
	return fopen(path, "re");
}

static struct passwd *find_pw(const char *name, uid_t uid)
{
	struct passwd *pw;
	FILE *f = open_db("/etc/passwd");

	if (!f)
		return NULL;
	while ((pw = fgetpwent(f)))
		if (name ? !strcmp(pw->pw_name, name) : pw->pw_uid == uid)
			break;
	fclose(f);
	return pw; /* fgetpwent()'s static buffer outlives the FILE */
}

struct passwd *files_getpwnam(const char *name)
{
	return find_pw(name, 0);
}

struct passwd *files_getpwuid(uid_t uid)
{
	return find_pw(NULL, uid);
}

int files_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **res)
{
	FILE *f = open_db("/etc/passwd");
	int err;

	*res = NULL;
	if (!f)
		return errno == ENOENT ? 0 : errno;
	while (!(err = fgetpwent_r(f, pw, buf, len, res)))
		if (pw->pw_uid == uid)
			break;
	fclose(f);
	if (err) {
		*res = NULL;
		return err == ENOENT ? 0 : err; /* ENOENT: end of file, no such user */
	}
	return 0;
}

struct group *files_getgrnam(const char *name)
{
	struct group *gr;
	FILE *f = open_db("/etc/group");

	if (!f)
		return NULL;
	while ((gr = fgetgrent(f)))
		if (!strcmp(gr->gr_name, name))
			break;
	fclose(f);
	return gr;
}

int files_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len, struct group **res)
{
	FILE *f = open_db("/etc/group");
	int err;

	*res = NULL;
	if (!f)
		return errno == ENOENT ? 0 : errno;
	while (!(err = fgetgrent_r(f, gr, buf, len, res)))
		if (gr->gr_gid == gid)
			break;
	fclose(f);
	if (err) {
		*res = NULL;
		return err == ENOENT ? 0 : err;
	}
	return 0;
}

/* the passwd file as a sequence: setpwent(3) rewinds, endpwent(3) closes */
static FILE *pwent;

void files_setpwent(void)
{
	if (pwent)
		rewind(pwent);
	else
		pwent = open_db("/etc/passwd");
}

struct passwd *files_getpwent(void)
{
	if (!pwent)
		files_setpwent();
	return pwent ? fgetpwent(pwent) : NULL;
}

void files_endpwent(void)
{
	if (pwent)
		fclose(pwent);
	pwent = NULL;
}

/* getgrouplist(3): GROUP first, then every group listing USER; -1 when *ngroups is too small */
int files_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	struct group *gr;
	int n = 0, i, seen;
	FILE *f;

	if (n < *ngroups)
		groups[n] = group;
	n++;
	f = open_db("/etc/group");
	while (f && (gr = fgetgrent(f))) {
		for (i = 0; gr->gr_mem[i] && strcmp(gr->gr_mem[i], user); i++)
			;
		if (!gr->gr_mem[i])
			continue;
		for (seen = 0, i = 0; i < n && i < *ngroups; i++)
			seen |= groups[i] == gr->gr_gid;
		if (seen)
			continue;
		if (n < *ngroups)
			groups[n] = gr->gr_gid;
		n++;
	}
	if (f)
		fclose(f);
	i = n > *ngroups ? -1 : n;
	*ngroups = n;
	return i;
}
#endif
