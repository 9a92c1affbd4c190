// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What capfix remembers of its findings, in bounded memory: keys seen, facts shared. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "findstore.h"

/* open addressing, linear probing, never resized: SEEN_MAX keys at a load of at most 0.5 */
struct seen_slot {
	struct finding_key key;
	int idx; /* seen_set_index(), -1 none */
	bool used;
};
struct seen_set {
	unsigned int count;
	struct seen_slot slot[]; /* SEEN_SLOTS; calloc: pages are touched as keys arrive */
};
#define SEEN_SLOTS (SEEN_MAX * 2)

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

struct seen_set *seen_new(void)
{
	return calloc(1, sizeof(struct seen_set) + SEEN_SLOTS * sizeof(struct seen_slot));
}

void seen_free(struct seen_set *set)
{
	free(set);
}

static struct seen_slot *seen_slot(struct seen_set *set, const struct finding_key *key)
{
	unsigned int i = (unsigned int)fnv1a(key, sizeof(*key)) & (SEEN_SLOTS - 1);

	while (set->slot[i].used && memcmp(&set->slot[i].key, key, sizeof(*key)))
		i = (i + 1) & (SEEN_SLOTS - 1);
	return &set->slot[i];
}

bool seen_has(struct seen_set *set, const struct finding_key *key)
{
	return set && seen_slot(set, key)->used;
}

int seen_add(struct seen_set *set, const struct finding_key *key)
{
	struct seen_slot *s;

	if (!set)
		return -1;
	s = seen_slot(set, key);
	if (s->used)
		return 0;
	if (set->count >= SEEN_MAX)
		return -1;
	s->key = *key;
	s->idx = -1;
	s->used = true;
	set->count++;
	return 1;
}

void seen_set_index(struct seen_set *set, const struct finding_key *key, int idx)
{
	struct seen_slot *s = set ? seen_slot(set, key) : NULL;

	if (s && s->used)
		s->idx = idx;
}

int seen_index(struct seen_set *set, const struct finding_key *key)
{
	struct seen_slot *s = set ? seen_slot(set, key) : NULL;

	return s && s->used ? s->idx : -1;
}

struct blob {
	struct blob *next;
	uint64_t hash;
	size_t len;
	unsigned char data[];
};
#define INTERN_BUCKETS 1024
static struct blob *buckets[INTERN_BUCKETS];
static size_t held;

const void *intern(const void *p, size_t len)
{
	uint64_t h = fnv1a(p, len) ^ len;
	struct blob **head = &buckets[h & (INTERN_BUCKETS - 1)], *b;

	for (b = *head; b; b = b->next)
		if (b->hash == h && b->len == len && !memcmp(b->data, p, len))
			return b->data;
	if (held + sizeof(*b) + len > INTERN_BYTES_MAX)
		return NULL;
	b = malloc(sizeof(*b) + len);
	if (!b)
		return NULL;
	b->hash = h;
	b->len = len;
	memcpy(b->data, p, len);
	b->next = *head;
	*head = b;
	held += sizeof(*b) + len;
	return b->data;
}

size_t intern_bytes(void)
{
	return held;
}
