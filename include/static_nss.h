/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Static builds only: user and group lookups read /etc/passwd and /etc/group, never NSS. */
#ifndef CAPFIX_STATIC_NSS_H
#define CAPFIX_STATIC_NSS_H

/*
 * The Makefile force-includes this header (-include) when STATIC=1. A statically linked
 * glibc still dlopen()s the NSS modules nsswitch.conf names, from the host's (other) glibc:
 * on Debian, "group: files systemd" makes getgrouplist() crash in libnss_systemd.so.2
 * (measured: SIGSEGV in _nss_systemd_is_blocked). So a static capfix knows the local files'
 * users and groups only; LDAP/sssd/systemd-dynamic ones are unknown (README: static build).
 */
#include <grp.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/types.h>

struct passwd *files_getpwnam(const char *name);
struct passwd *files_getpwuid(uid_t uid);
int files_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **res);
struct group *files_getgrnam(const char *name);
int files_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len, struct group **res);
void files_setpwent(void);
struct passwd *files_getpwent(void);
void files_endpwent(void);
int files_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);

#ifndef CAPFIX_STATIC_NSS_IMPL
#define getpwnam     files_getpwnam
#define getpwuid     files_getpwuid
#define getpwuid_r   files_getpwuid_r
#define getgrnam     files_getgrnam
#define getgrgid_r   files_getgrgid_r
#define setpwent     files_setpwent
#define getpwent     files_getpwent
#define endpwent     files_endpwent
#define getgrouplist files_getgrouplist
#endif

#endif
