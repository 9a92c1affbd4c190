// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The findings kept for the summary and --verify: one per kernel aggregation key. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "diagnose.h"
#include "findings.h"

int findings_init(struct findings *t)
{
	memset(t, 0, sizeof(*t));
	t->v = calloc(FINDINGS_MAX, sizeof(*t->v));
	return t->v ? 0 : -ENOMEM;
}

void findings_free(struct findings *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].pf);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

struct finding_entry *findings_find(struct findings *t, const struct agg_key *k, bool exec_fail)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].exec_fail == exec_fail && !memcmp(&t->v[i].key, k, sizeof(*k)))
			return &t->v[i];
	return NULL;
}

struct finding_entry *findings_next(struct findings *t)
{
	if (t->n >= FINDINGS_MAX)
		return NULL;
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	return &t->v[t->n];
}

void findings_commit(struct findings *t)
{
	if (t->n < FINDINGS_MAX)
		t->n++;
}

void findings_set_count(struct findings *t, const struct agg_key *k, __u64 count)
{
	struct finding_entry *fe = findings_find(t, k, false);

	if (fe)
		fe->f.count = count;
}

__u64 findings_failed_caps_since(const struct findings *t, int mark)
{
	__u64 m = 0;
	int i, c;

	for (i = mark; i < t->n; i++) {
		const struct finding_entry *fe = &t->v[i];

		if (fe->f.effect != EFFECT_FAILED)
			continue;
		if (manager_preexec(fe->pf))
			continue;
		c = fe->grant_cap >= 0 ? fe->grant_cap : fe->f.cap;
		if (c >= 0 && c <= CAPFIX_MAX_CAP)
			m |= 1ULL << c;
	}
	return m;
}

int findings_summarize(const struct findings *t, struct summary *s)
{
	int i;

	s->procs = calloc(t->n ? t->n : 1, sizeof(*s->procs));
	if (!s->procs)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		const struct finding_entry *fe = &t->v[i];

		if (fe->f.effect != EFFECT_FAILED || manager_preexec(fe->pf))
			continue;
		summary_add_finding(s, fe->pf, &fe->f, fe->grant_caps);
	}
	return 0;
}
