/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* capfix report FILE...: saved JSON Lines of one host or many, read back and merged. */
#ifndef __CAPFIX_REPORT_H
#define __CAPFIX_REPORT_H

#include <stdio.h>
#include <linux/types.h>
#include "jsonread.h"

struct rep_finding; /* one line of the text: same host, unit or exe, cap, syscall, port */
struct rep_unit;    /* one unit across every host, with its merged drop-in */

struct rep {
	int nhosts;
	char **hosts;
	int nfindings;
	struct rep_finding *findings;
	int nunits;
	struct rep_unit *units;
	__u64 records; /* denial records read */
};

/*
 * Adds one parsed record of host (its "host" member wins over the one given). Keeps
 * pointers into rec: the caller keeps every record until rep_free(). Returns 0, or -EINVAL
 * for a record that is not a capfix object (no "type"), -ENOMEM.
 */
int rep_add(struct rep *r, const struct jnode *rec, const char *host);
/* merges the units' drop-ins over all hosts; call once, after the last rep_add() */
int rep_merge(struct rep *r);
void rep_print_text(FILE *out, const struct rep *r, bool summary_only);
void rep_print_json(FILE *out, const struct rep *r);
/* --emit DIR: the merged drop-ins and their Ansible tasks (emit.c); -errno with err */
int rep_emit(const char *dir, const struct rep *r, char *err, size_t errlen);
void rep_free(struct rep *r);

/* the drop-in merge, pure: texts of one unit from several hosts -> one text, or a conflict */
int rep_merge_dropins(const char *const *texts, int n, char *out, size_t outlen, char *why,
		      size_t whylen);

/* capfix report [OPTIONS] FILE...: the whole command; returns the exit status */
int report_main(int argc, char **argv);

#endif /* __CAPFIX_REPORT_H */
