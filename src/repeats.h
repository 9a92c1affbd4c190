/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Crash loops: findings grouped by unit (or executable), capability, syscall and port. */
#ifndef __CAPFIX_REPEATS_H
#define __CAPFIX_REPEATS_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"

/* the same failure of many processes: each restart of a unit is a new pid, not a new finding */
struct repeat {
	char *who; /* the unit, else the executable, else the command name */
	bool is_unit;
	int cap, syscall, port;
	enum effect effect;
	bool exec_fail;
	__u64 processes; /* distinct findings (kernel keys) in the group */
	__u64 count;	 /* denials counted */
	pid_t pid_min, pid_max;
};

struct repeats {
	struct repeat *v;
	int n, alloc;
};

/*
 * Adds one finding of process pid (count denials) to its group. Returns the group, with
 * *is_new set when the finding opened it; NULL when REPEATS_MAX groups exist or on -ENOMEM.
 */
#define REPEATS_MAX 4096
struct repeat *repeats_add(struct repeats *t, pid_t pid, const struct proc_facts *pf,
			   const struct finding *f, __u64 count, bool *is_new);
void repeats_free(struct repeats *t);

/* "web.service: CAP_NET_BIND_SERVICE in bind() port 80, 221 processes (pids 100-900), 221 times" */
void repeat_text(FILE *out, const char *head, const struct repeat *g);
/* {"unit":..,"exe":..,"capability":..,"syscall":..,"port":..,"processes":..,"count":..,...} */
void repeat_json(FILE *out, const struct repeat *g);

#endif /* __CAPFIX_REPEATS_H */
