/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Findings as text blocks or JSON Lines; the summary at exit. */
#ifndef __CAPFIX_OUTPUT_H
#define __CAPFIX_OUTPUT_H

#include <stdio.h>
#include "model.h"
#include "summary.h"

/* one finding, as first seen */
struct report {
	double time; /* Unix time of the check */
	const struct proc_facts *pf;
	const struct finding *f;
	const struct diagnosis *d;
	__u64 count;
};

/* this host's name, as every JSON record carries it ("host") */
const char *output_host(void);

/* "key":["CAP_CHOWN",...] for a capability mask (no leading comma) */
void json_capset(FILE *out, const char *key, __u64 mask);

/* how text is printed (main.c sets it from the options and the terminal) */
struct output_style {
	bool color; /* SGR colours on the headline and the fix */
	bool explain; /* -v / --explain: every fix, credentials by name, the rules */
	bool timestamps; /* -T: local time before each headline */
};
extern struct output_style output_style;

/* ~8 lines of at most 100 columns: headline, who, why, the fix; --explain: everything */
void output_text(FILE *out, const struct report *r);
void output_json(FILE *out, const struct report *r);

void output_summary_text(FILE *out, const struct summary *s);
void output_summary_json(FILE *out, const struct summary *s);

#endif /* __CAPFIX_OUTPUT_H */
