// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The findings kept for the summary and --verify: one per kernel aggregation key. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "diagnose.h"
#include "findings.h"
#include "findstore.h"

int findings_init(struct findings *t)
{
	memset(t, 0, sizeof(*t));
	t->v = calloc(FINDINGS_MAX, sizeof(*t->v));
	t->seen = seen_new();
	if (!t->v || !t->seen) {
		findings_free(t);
		return -ENOMEM;
	}
	return 0;
}

void findings_free(struct findings *t)
{
	/* the shared facts live as long as the process (findstore.c) */
	seen_free(t->seen);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* the key the seen set knows: exec_fail findings apart from the kernel's keys */
static struct finding_key seen_key(const struct agg_key *k, bool exec_fail)
{
	struct finding_key s = {.agg = *k, .exec_fail = exec_fail};

	return s;
}

bool findings_seen(const struct findings *t, const struct agg_key *k, bool exec_fail)
{
	struct finding_key s = seen_key(k, exec_fail);

	return seen_has(t->seen, &s);
}

int findings_see(struct findings *t, const struct agg_key *k, bool exec_fail)
{
	struct finding_key s = seen_key(k, exec_fail);
	int r = seen_add(t->seen, &s);

	t->unshown += r < 0;
	return r;
}

struct finding_entry *findings_find(struct findings *t, const struct agg_key *k, bool exec_fail)
{
	struct finding_key s = seen_key(k, exec_fail);
	int i = seen_index(t->seen, &s);

	return i >= 0 && i < t->n ? &t->v[i] : NULL;
}

struct finding_entry *findings_keep(struct findings *t, const struct agg_key *k, bool exec_fail,
				    struct proc_facts *pf, struct finding *f, int grant_cap,
				    __u64 grant_caps)
{
	struct finding_key s = seen_key(k, exec_fail);
	struct finding_entry *fe;

	if (t->n >= FINDINGS_MAX) {
		t->unsummarized++;
		return NULL;
	}
	fe = &t->v[t->n];
	memset(fe, 0, sizeof(*fe));
	fe->key = *k;
	fe->exec_fail = exec_fail;
	fe->pid = pf->pid;
	fe->count = f->count;
	fe->grant_cap = grant_cap;
	fe->grant_caps = grant_caps;
	/* what differs between processes of one program and the summary does not use */
	pf->pid = pf->tid = pf->ppid = 0;
	pf->start_boottime = 0;
	f->count = 0;
	fe->pf = intern(pf, sizeof(*pf));
	fe->f = intern(f, sizeof(*f));
	if (!fe->pf || !fe->f) {
		t->unsummarized++;
		return NULL;
	}
	seen_set_index(t->seen, &s, t->n);
	return &t->v[t->n++];
}

void findings_set_count(struct findings *t, const struct agg_key *k, __u64 count)
{
	struct finding_entry *fe = findings_find(t, k, false);

	if (fe)
		fe->count = count;
}

__u64 findings_failed_caps_since(const struct findings *t, int mark)
{
	__u64 m = 0;
	int i, c;

	for (i = mark; i < t->n; i++) {
		const struct finding_entry *fe = &t->v[i];

		if (fe->f->effect != EFFECT_FAILED)
			continue;
		if (manager_preexec(fe->pf))
			continue;
		c = fe->grant_cap >= 0 ? fe->grant_cap : fe->f->cap;
		if (c >= 0 && c <= CAPFIX_MAX_CAP)
			m |= 1ULL << c;
	}
	return m;
}

int findings_summarize(const struct findings *t, struct summary *s)
{
	int i;

	if (summary_alloc(s, t->n))
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		const struct finding_entry *fe = &t->v[i];

		bool is_new;

		if (fe->f->effect == EFFECT_FAILED && manager_preexec(fe->pf))
			s->preexec++;
		if (fe->f->effect != EFFECT_FAILED || manager_preexec(fe->pf))
			continue;
		summary_add_finding(s, fe->pid, fe->pf, fe->f, fe->count, fe->grant_caps);
		/* by unit or exe, cap, syscall, port; a full table leaves the rest out */
		repeats_add(&s->repeats, fe->pid, fe->pf, fe->f, fe->count, &is_new);
	}
	summary_diagnose(s);
	return 0;
}
