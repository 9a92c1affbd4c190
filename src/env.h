/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The command line: options, their checks and --help (the environment main.c runs in). */
#ifndef __CAPFIX_ENV_H
#define __CAPFIX_ENV_H

#include <stdbool.h>
#include <sys/types.h>
#include "spawn.h"
#include "tracer.h"

/* exit statuses (documented in the README and capfix.8) */
#define EXIT_USAGE	2
#define EXIT_FINDING	3 /* --fail-on-finding and a failed denial was seen */
#define EXIT_UNVERIFIED 4 /* --verify: the fix could not be verified */

struct env {
	pid_t pid;
	const char *unit;
	const char *cgroup;
	const char *comm;
	const char *user;
	long duration;
	bool json;
	bool all;
	bool verbose;
	bool explain;		/* -v, --explain: every fix, credentials by name, the rules */
	int color;		/* --color: -1 auto (a terminal, no NO_COLOR), 0 never, 1 always */
	bool timestamps;	/* -T */
	bool fail_on_finding;
	bool noise_table;
	const char *emit_dir;		/* --emit */
	bool verify;			/* --verify */
	bool persist;			/* --persist */
	const char *service;		/* --service FILE */
	struct spawn_opts service_opts; /* --service: its credentials (service.c) */
	enum attach_kind attach;
	int result;
	char **cmd;
};

extern struct env env;

/*
 * Parses argv into env. Bad usage: a message on stderr and exit(EXIT_USAGE); --help and
 * --version print and exit(0); --service FILE is loaded here (exit 1 if unreadable).
 */
void env_parse(int argc, char **argv);

#endif /* __CAPFIX_ENV_H */
