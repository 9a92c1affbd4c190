/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* --verify: re-run with the proposed capabilities granted until no new denial appears. */
#ifndef __CAPFIX_VERIFY_H
#define __CAPFIX_VERIFY_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>
#include "model.h"

#define VERIFY_MAX_ROUNDS 5 /* runs that may each reveal new capabilities */
#define VERIFY_MAX_RUNS (VERIFY_MAX_ROUNDS + 8) /* + the minimisation runs */

/* what one run showed */
struct verify_run {
	__u64 granted; /* capabilities granted in this run */
	__u64 failed; /* capabilities whose denial made a syscall fail in it */
	bool ok; /* command: exit status 0; unit: running (or a oneshot that succeeded) */
	int exit_code; /* command: its status; unit: ExecMainStatus */
	bool minimise; /* a run without one capability, to see whether it is needed */
	char state[96]; /* what the run ended as, for people: "exit 13", "active/running" */
};

/* runs the target with grant added the way a service manager grants it; -errno: give up */
typedef int (*verify_run_fn)(void *ctx, __u64 grant, struct verify_run *r);

struct verify_result {
	const char *target; /* "command" or "unit" */
	char name[MODEL_PATH_MAX]; /* the command's argv[0] or the unit */
	int nruns;
	struct verify_run runs[VERIFY_MAX_RUNS];
	bool verified; /* the last set was seen to work */
	__u64 caps; /* the verified minimal set */
	char reason[MODEL_TEXT_MAX]; /* why it could not be verified */
	char dropin[MODEL_CMD_MAX]; /* unit: the drop-in that was verified */
	char persisted[MODEL_PATH_MAX]; /* --persist: where it was written */
	char note[MODEL_TEXT_MAX];
};

/*
 * The loop, pure: run with nothing granted; grant what failed; run again while new
 * capabilities fail (at most VERIFY_MAX_ROUNDS runs); then, with more than one capability,
 * run once without each to keep only those that are needed. *stop (may be NULL) ends it
 * early. Returns 0 (res says whether it was verified) or the run function's error.
 */
int verify_loop(verify_run_fn run, void *ctx, volatile int *stop, struct verify_result *res);

void verify_print_text(FILE *out, const struct verify_result *res);
void verify_print_json(FILE *out, const struct verify_result *res);

/* what --verify --unit needs from the tracing side (main.c) */
struct verify_trace {
	void *ctx;
	/* handle events for up to ms milliseconds */
	void (*poll)(void *ctx, int ms);
	/* the number of findings so far, and the caps that made syscalls fail since a mark */
	int (*mark)(void *ctx);
	__u64 (*failed_since)(void *ctx, int mark);
};

/*
 * --verify --unit UNIT: for each round, install the drop-in as a runtime drop-in
 * (/run/systemd/system/UNIT.d/capfix-verify.conf), daemon-reload, restart the unit and watch
 * it for watch_s seconds. At the end (and on any failure, SIGINT, SIGTERM or SIGHUP) the
 * runtime drop-in is removed and systemd reloaded; with persist and a verified set, the
 * drop-in is first written to /etc/systemd/system/UNIT.d/capfix.conf. Returns 0 (see res)
 * or -errno with the reason in res->reason.
 */
int verify_unit(const char *unit, const struct verify_trace *tr, int watch_s, bool persist,
		struct verify_result *res);

#endif /* __CAPFIX_VERIFY_H */
