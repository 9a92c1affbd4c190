/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What capfix remembers of its findings, in bounded memory: keys seen, facts shared. */
#ifndef __CAPFIX_FINDSTORE_H
#define __CAPFIX_FINDSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include "../include/capfix.h"

/* distinct findings whose key is remembered (28 bytes each): none is ever printed twice */
#define SEEN_MAX (1 << 16)

/* what tells two findings apart: the kernel's aggregation key, and whether it is an
 * EVENT_EXEC_FAIL (the kernel never sends one of those through its agg map); no padding */
struct finding_key {
	struct agg_key agg;
	__u32 exec_fail;
};
/* bytes of facts (struct proc_facts, struct finding) kept for the summary, shared by value */
#define INTERN_BYTES_MAX (8u << 20)

struct seen_set;
/* an empty set (NULL on ENOMEM); seen_free() releases it */
struct seen_set *seen_new(void);
void seen_free(struct seen_set *set);
/*
 * Remember key: 1 when it is new, 0 when it was seen before, -1 when the set is full (the
 * caller must then not print it: it could not tell a later repeat from a new finding).
 */
int seen_add(struct seen_set *set, const struct finding_key *key);
/* true when key was seen */
bool seen_has(struct seen_set *set, const struct finding_key *key);
/* a number to find key's finding by (the caller's table index); -1 until set */
void seen_set_index(struct seen_set *set, const struct finding_key *key, int idx);
int seen_index(struct seen_set *set, const struct finding_key *key);

/*
 * A shared, read-only copy of the len bytes at p: one copy per distinct content (hash, then
 * memcmp), so 6000 processes of one program with the same facts cost one copy. NULL when
 * INTERN_BYTES_MAX would be exceeded or on ENOMEM.
 */
const void *intern(const void *p, size_t len);
/* bytes held by intern() */
size_t intern_bytes(void);

#endif /* __CAPFIX_FINDSTORE_H */
