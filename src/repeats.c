// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Crash loops: findings grouped by unit (or executable), capability, syscall and port. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"
#include "repeats.h"
#include "strutil.h"

struct repeat *repeats_add(struct repeats *t, pid_t pid, const struct proc_facts *pf,
			   const struct finding *f, __u64 count, bool *is_new)
{
	const char *who = pf->unit[0] ? pf->unit : pf->exe[0] ? pf->exe : pf->comm;
	int port = f->is_bind ? f->port : 0, i;
	struct repeat *g;

	*is_new = false;
	for (i = 0; i < t->n; i++) {
		g = &t->v[i];
		if (g->cap == f->cap && g->syscall == f->syscall && g->port == port &&
		    g->effect == f->effect && g->exec_fail == f->exec_fail && !strcmp(g->who, who))
			goto found;
	}
	if (t->n == REPEATS_MAX)
		return NULL; /* bounded memory: the caller prints or counts it on its own */
	if (t->n == t->alloc) {
		int n = t->alloc ? 2 * t->alloc : 16;

		g = realloc(t->v, (size_t)n * sizeof(*g));
		if (!g)
			return NULL;
		t->v = g;
		t->alloc = n;
	}
	g = &t->v[t->n];
	memset(g, 0, sizeof(*g));
	g->who = strdup(who);
	if (!g->who)
		return NULL;
	t->n++;
	g->is_unit = pf->unit[0];
	g->cap = f->cap;
	g->syscall = f->syscall;
	g->port = port;
	g->effect = f->effect;
	g->exec_fail = f->exec_fail;
	g->pid_min = g->pid_max = pid;
	*is_new = true;
found:
	g->processes++;
	g->count += count;
	if (pid < g->pid_min)
		g->pid_min = pid;
	if (pid > g->pid_max)
		g->pid_max = pid;
	return g;
}

void repeats_free(struct repeats *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].who);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void repeat_text(FILE *out, const char *head, const struct repeat *g)
{
	char buf[MODEL_PATH_MAX + 256];

	snprintf(buf, sizeof(buf), "%s: %s in %s()", g->who, cap_name(g->cap) ?: "?",
		 syscall_name(g->syscall) ?: "?");
	if (g->port)
		str_appendf(buf, sizeof(buf), " port %d", g->port);
	fputs(head, out);
	text_str(out, buf);
	/* the counts on a line of their own: a long path must not push them off the screen */
	fprintf(out, "\n%*s", (int)strlen(head) + 2, "");
	if (g->processes > 1)
		fprintf(out, "%llu processes (pids %d-%d)", (unsigned long long)g->processes,
			g->pid_min, g->pid_max);
	else
		fprintf(out, "pid %d", g->pid_min);
	fprintf(out, ", %llu time%s\n", (unsigned long long)g->count, g->count == 1 ? "" : "s");
}

void repeat_json(FILE *out, const struct repeat *g)
{
	fputs("{\"unit\":", out);
	json_str(out, g->is_unit ? g->who : NULL);
	fputs(",\"who\":", out);
	json_str(out, g->who);
	fputs(",\"capability\":", out);
	json_str(out, cap_name(g->cap));
	fputs(",\"syscall\":", out);
	json_str(out, syscall_name(g->syscall));
	fprintf(out,
		",\"port\":%d,\"processes\":%llu,\"count\":%llu,\"pid_min\":%d,\"pid_max\":%d}",
		g->port, (unsigned long long)g->processes, (unsigned long long)g->count, g->pid_min,
		g->pid_max);
}
