// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The summary: per process, then per unit and per executable, each with one combined fix (pure). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "diagnose.h"
#include "fix.h"
#include "strutil.h"
#include "summary.h"

static void group_add(struct summary_group *g, const struct summary_proc *p)
{
	int i, j;

	g->missing |= p->missing;
	g->failed += p->failed;
	g->npids++;
	for (i = 0; i < p->nsyscalls; i++) {
		for (j = 0; j < g->nsyscalls; j++)
			if (g->syscalls[j] == p->syscalls[i])
				break;
		if (j == g->nsyscalls && j < (int)(sizeof(g->syscalls) / sizeof(g->syscalls[0])))
			g->syscalls[g->nsyscalls++] = p->syscalls[i];
	}
}

static struct summary_group *group_for(struct summary_group *gs, int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(gs[i].name, name))
			return &gs[i];
	memset(&gs[*n], 0, sizeof(gs[*n]));
	str_copy(gs[*n].name, name, sizeof(gs[*n].name));
	return &gs[(*n)++];
}

static bool diag_has_fix(const struct diagnosis *d, enum fix_kind k)
{
	int i;

	for (i = 0; d && i < d->nfixes; i++)
		if (d->fixes[i].kind == k)
			return true;
	return false;
}

/* the blocker codes of d that are not yet in buf, space-separated */
static void blockers_add(char *buf, size_t len, const struct diagnosis *d)
{
	int i;

	for (i = 0; d && i < d->nblockers; i++) {
		const char *c = blocker_code_name(d->blockers[i].code);

		if (!strstr(buf, c))
			str_appendf(buf, len, "%s%s", buf[0] ? " " : "", c);
	}
}

/* the executable setcap must name: symlinks resolved when proc.c could (fix_setcap()) */
static const char *exe_path(const struct proc_facts *pf)
{
	return pf->exe_real[0] ? pf->exe_real : pf->exe;
}

static void unit_fix(struct summary_group *g, const struct proc_facts *pf)
{
	const struct unit_props *up = &pf->unit_props;
	char dropin[MODEL_CMD_MAX];
	bool is_root;

	/* the unit's User= when systemctl told us, else the process's uid */
	is_root = up->known ? up->user[0] == '\0' : pf->creds.uid == 0;
	if (render_dropin(up, g->missing, is_root, dropin, sizeof(dropin)) <= 0)
		return; /* nothing to change, or it did not fit */
	if (fix_systemd_dropin(&g->fix, g->name, dropin,
			       up->known ? NULL :
					   "the unit's settings could not be read: check that "
					   "the drop-in keeps CapabilityBoundingSet= as wide as this") < 0)
		return;
	g->has_fix = true;
}

/* the facts of the first process of executable name */
static const struct proc_facts *first_pf(const struct summary *s, const char *name)
{
	int i;

	for (i = 0; i < s->nprocs; i++)
		if (s->procs[i].missing && s->procs[i].pf &&
		    !strcmp(exe_path(s->procs[i].pf), name))
			return s->procs[i].pf;
	return NULL;
}

int summary_build_groups(struct summary *s)
{
	char why[MODEL_TEXT_MAX];
	int i, r, n = s->nprocs ? s->nprocs : 1;

	s->nunits = s->nexes = 0;
	s->units = calloc((size_t)n, sizeof(*s->units));
	s->exes = calloc((size_t)n, sizeof(*s->exes));
	if (!s->units || !s->exes) {
		summary_free_groups(s);
		return -ENOMEM;
	}
	for (i = 0; i < s->nprocs; i++) {
		const struct summary_proc *p = &s->procs[i];
		const struct proc_facts *pf = p->pf;
		struct summary_group *g;

		if (!p->missing || !pf)
			continue;
		/* a system service: one drop-in for all its processes (scopes have no unit file) */
		if (unit_owns_process(pf)) {
			g = group_for(s->units, &s->nunits, pf->unit);
			group_add(g, p);
			/* the combined diagnoses say what stands in the way of ambient caps */
			blockers_add(g->blockers, sizeof(g->blockers), p->combined);
		}
		if (exe_path(pf)[0] == '/') {
			g = group_for(s->exes, &s->nexes, exe_path(pf));
			if (!g->npids)
				str_copy(g->unit, pf->unit, sizeof(g->unit));
			group_add(g, p);
			/*
			 * setcap works when the rule engine offered it for every process of this
			 * executable (not under no_new_privs, on a nosuid mount, for a script, ...)
			 */
			if (g->npids == 1) {
				g->fix_applies = true;
				/* setcap replaces the xattr: keep what the file has (R16) */
				if (pf->fcaps.present == TRI_YES && !pf->fcaps.has_rootid) {
					g->setcap_caps = pf->fcaps.permitted;
					g->setcap_inh = pf->fcaps.inheritable;
				}
			}
			if (!diag_has_fix(p->combined, FIX_SETCAP)) {
				g->fix_applies = false;
				blockers_add(g->blockers, sizeof(g->blockers), p->combined);
			}
			/* never on an interpreter, a launcher, a setuid file, a path others
			 * control or one not known exactly, whatever the diagnosis said */
			r = setcap_refusal(pf, why, sizeof(why));
			if (r >= 0) {
				g->refused = true;
				g->fix_applies = false;
				if (!strstr(g->blockers, blocker_code_name(r)))
					str_appendf(g->blockers, sizeof(g->blockers), "%s%s",
						    g->blockers[0] ? " " : "", blocker_code_name(r));
			}
		}
	}
	for (i = 0; i < s->nunits; i++) {
		struct summary_group *g = &s->units[i];
		int j;

		/* the facts of the unit's first process: its unit_props were read once per unit */
		for (j = 0; j < s->nprocs; j++)
			if (s->procs[j].pf && !strcmp(s->procs[j].pf->unit, g->name))
				break;
		unit_fix(g, s->procs[j].pf);
		/* the drop-in's bounding-set merge and ambient caps answer R1 and R4 */
		g->fix_applies = g->has_fix;
	}
	for (i = 0; i < s->nexes; i++) {
		struct summary_group *g = &s->exes[i];
		const struct proc_facts *pf = first_pf(s, g->name);
		char w[MODEL_TEXT_MAX];
		int r;

		if (g->refused || !pf)
			continue; /* the blockers say why; no command at all */
		g->setcap_caps |= g->missing;
		g->setcap_inh &= ~g->setcap_caps;
		r = setcap_root_warning(pf, g->name, g->missing, w, sizeof(w));
		if (r < 0)
			continue;
		g->root_equivalent = r > 0;
		g->has_fix = fix_setcap(&g->fix, g->name, g->setcap_caps, g->setcap_inh, -1,
					!g->fix_applies ? "the rule engine found that file "
							  "capabilities cannot work for this "
							  "process (see blockers)" :
					g->root_equivalent ? w :
							     NULL) == 0;
	}
	return 0;
}

void summary_free_groups(struct summary *s)
{
	free(s->units);
	free(s->exes);
	s->units = s->exes = NULL;
	s->nunits = s->nexes = 0;
	repeats_free(&s->repeats);
}

int summary_alloc(struct summary *s, int nfindings)
{
	for (s->nslots = 64; s->nslots < 2u * (unsigned int)nfindings;)
		s->nslots *= 2;
	s->procs = calloc(nfindings ? (size_t)nfindings : 1, sizeof(*s->procs));
	s->pid_slot = calloc(s->nslots, sizeof(*s->pid_slot));
	if (!s->procs || !s->pid_slot) {
		summary_free(s);
		return -ENOMEM;
	}
	return 0;
}

void summary_free(struct summary *s)
{
	int i;

	summary_free_groups(s);
	for (i = 0; i < s->ndiag; i++)
		free(s->diag[i]);
	s->ndiag = 0;
	free(s->pid_slot);
	free(s->procs);
	s->pid_slot = NULL;
	s->procs = NULL;
	s->nprocs = 0;
}

/* the entry of pid, found through the hash: the summary stays linear in the findings */
static struct summary_proc *summary_proc_for(struct summary *s, pid_t pid,
					     const struct proc_facts *pf)
{
	unsigned int h = ((unsigned int)pid * 2654435761u) & (s->nslots - 1);
	struct summary_proc *p;

	while (s->pid_slot[h]) {
		if (s->procs[s->pid_slot[h] - 1].pid == pid)
			return &s->procs[s->pid_slot[h] - 1];
		h = (h + 1) & (s->nslots - 1);
	}
	s->pid_slot[h] = s->nprocs + 1;
	p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	memcpy(p->comm, pf->comm, sizeof(p->comm));
	p->exe = pf->exe;
	p->unit = pf->unit;
	p->pf = pf;
	return p;
}

void summary_add_finding(struct summary *s, pid_t pid, const struct proc_facts *pf,
			 const struct finding *f, __u64 count, __u64 grant_caps)
{
	struct summary_proc *p = summary_proc_for(s, pid, pf);
	int j;

	s->findings++;
	/* what each finding's fixes grant: the least-privileged cap of its chain (R19) */
	p->missing |= grant_caps ? grant_caps : 1ULL << (f->cap & 63);
	p->failed += count;
	for (j = 0; j < p->nsyscalls; j++)
		if (p->syscalls[j] == f->syscall)
			break;
	if (j == p->nsyscalls && j < 16)
		p->syscalls[p->nsyscalls++] = f->syscall;
	p->last = f;
}

void summary_diagnose(struct summary *s)
{
	/* which process each shared diagnosis was made for: its inputs are the key */
	const struct summary_proc *made_for[SUMMARY_DIAG_MAX];
	int i, j;

	for (i = 0; i < s->nprocs; i++) {
		struct summary_proc *p = &s->procs[i];

		for (j = 0; j < s->ndiag; j++)
			if (made_for[j]->pf == p->pf && made_for[j]->last == p->last &&
			    made_for[j]->missing == p->missing)
				break;
		if (j < s->ndiag) {
			p->combined = s->diag[j];
			continue;
		}
		if (s->ndiag == SUMMARY_DIAG_MAX || !p->last ||
		    !(s->diag[j] = malloc(sizeof(*s->diag[j]))))
			continue;
		/*
		 * One fix for all the process needs. The union is granted as it is: it is not a
		 * chain of one syscall, so R19 must not reduce it (DAC_OVERRIDE from one call and
		 * DAC_READ_SEARCH from another are both needed).
		 */
		diagnose_caps(p->pf, p->last, p->missing, s->diag[j]);
		made_for[j] = p;
		s->ndiag++;
		p->combined = s->diag[j];
	}
}
