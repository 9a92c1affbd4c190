/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Reading JSON back (capfix report): a small strict parser into a tree of nodes. */
#ifndef __CAPFIX_JSONREAD_H
#define __CAPFIX_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype type;
	char *key; /* a member of an object: its name */
	char *str; /* J_STR: decoded, NUL-terminated (a \u0000 ends it early) */
	double num;
	bool b;
	struct jnode *child; /* J_ARR, J_OBJ: first element or member */
	struct jnode *next;
};

/*
 * Parses exactly one JSON value of text[0..len) (RFC 8259; nesting at most 64 deep,
 * surrogate pairs joined, invalid UTF-8 refused). NULL on error, with the offset and why
 * in err.
 */
struct jnode *jparse(const char *text, size_t len, char *err, size_t errlen);
void jfree(struct jnode *n);

/* the member key of an object, or NULL */
const struct jnode *jget(const struct jnode *obj, const char *key);
/* the string member key, or NULL if missing or not a string */
const char *jstr(const struct jnode *obj, const char *key);
/* the number member key, or dflt */
double jnum(const struct jnode *obj, const char *key, double dflt);

#endif /* __CAPFIX_JSONREAD_H */
