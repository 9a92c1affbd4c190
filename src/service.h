/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* --service FILE: a unit file's credential settings, parsed (pure) and resolved for spawn.c. */
#ifndef __CAPFIX_SERVICE_H
#define __CAPFIX_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "spawn.h"

#define SERVICE_MAX_ARGS 64
#define SERVICE_ARGS_LEN 8192
#define SERVICE_MAX_SUPP 16
#define SERVICE_NAME_LEN 64

/* ExecStart= prefixes (systemd.service(5) "Table 1. Special executable prefixes") */
#define SERVICE_PFX_IGNORE_FAILURE (1U << 0) /* '-' */
#define SERVICE_PFX_ARGV0 (1U << 1) /* '@': the second word is argv[0] */
#define SERVICE_PFX_NO_ENV (1U << 2) /* ':': no $VAR expansion */
#define SERVICE_PFX_PRIVILEGED (1U << 3) /* '+': no credential setting at all */
#define SERVICE_PFX_NO_SETUID (1U << 4) /* '!': User=, Group=, SupplementaryGroups= not applied */
#define SERVICE_PFX_AMBIENT_MAGIC (1U << 5) /* '!!': like '!' only without ambient caps */

struct service_file {
	/* [Service] settings, after systemd's merge rules for repeated and empty assignments */
	bool has_user;
	char user[SERVICE_NAME_LEN];
	bool has_group;
	char group[SERVICE_NAME_LEN];
	int nsupp;
	char supp[SERVICE_MAX_SUPP][SERVICE_NAME_LEN];
	bool has_bounding; /* CapabilityBoundingSet= given (else all) */
	__u64 bounding;
	__u64 ambient;
	bool no_new_privs; /* NoNewPrivileges=yes */
	char nnp_implied_by[48]; /* an option that implies NNP for a non-root User= (R1), "" none */
	unsigned int securebits; /* SECBIT_* of SecureBits= */
	/* ExecStart= */
	unsigned int prefix; /* SERVICE_PFX_* */
	char path[4096]; /* the file to execute, as written (maybe a bare name) */
	int argc;
	int argoff[SERVICE_MAX_ARGS]; /* argv[i] = argbuf + argoff[i] */
	char argbuf[SERVICE_ARGS_LEN];
	/* why the file was refused: the line and a sentence */
	int error_line;
	char error[256];
};

/*
 * Parses a unit file's text (not NUL-terminated; len bytes) into sf. Only [Service] is read;
 * keys that do not change credentials are ignored. What capfix cannot model is refused, not
 * guessed: DynamicUser=yes, PrivateUsers=yes, PAMName=, RootDirectory=/RootImage=,
 * specifiers (%), $VAR expansion in ExecStart= without ':', unknown capability or securebit
 * names, no ExecStart= or more than one. Returns 0, or -EINVAL (malformed) / -EOPNOTSUPP
 * (cannot be modelled) with sf->error and sf->error_line set. Pure: no I/O, no allocation.
 */
int service_parse(const char *buf, size_t len, struct service_file *sf);

/* argv[i] of ExecStart= (argv[0] is what '@' named, else the path) */
static inline const char *service_arg(const struct service_file *sf, int i)
{
	return sf->argbuf + sf->argoff[i];
}

/*
 * The I/O half: resolves User=, Group=, SupplementaryGroups= on this host and folds in the
 * prefix and the implied no_new_privs, as systemd 252's exec_child() would (see spawn.c).
 * exe gets the absolute path to execute (systemd's fixed search path for a bare name).
 * Returns 0 or -errno with a message in err.
 */
int service_resolve(const struct service_file *sf, struct spawn_opts *o, char *exe,
		    size_t exelen, char *err, size_t errlen);

/* reads FILE (at most 1 MiB) and parses it; -errno with "FILE:LINE: why" in err */
int service_load(const char *file, struct service_file *sf, char *err, size_t errlen);
/* one line on out saying what will be applied */
void service_describe(FILE *out, const struct service_file *sf, const struct spawn_opts *o,
		      const char *exe);

#endif /* __CAPFIX_SERVICE_H */
