// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Reading JSON back (capfix report): a small strict parser into a tree of nodes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jsonread.h"

#define JMAX_DEPTH 64

struct jp {
	const char *s, *end;
	const char *start;
	char *err;
	size_t errlen;
	int depth;
};

static struct jnode *jp_fail(struct jp *p, const char *why)
{
	if (p->err && !p->err[0])
		snprintf(p->err, p->errlen, "offset %zu: %s", (size_t)(p->s - p->start), why);
	return NULL;
}

static void skip_ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int hex4(const char *s, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* the length of one valid UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates), 0 if not */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if ((size_t)(end - s) < n)
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

static char *parse_string(struct jp *p)
{
	const char *s = p->s + 1; /* past the opening quote */
	char *out, *o;

	/* the decoded text is never longer than the source */
	out = o = malloc((size_t)(p->end - s) + 1);
	if (!out)
		return (char *)jp_fail(p, "out of memory");
	while (s < p->end && *s != '"') {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20) {
			p->s = s;
			goto bad_ctl;
		}
		if (c >= 0x80) {
			size_t n =
			    utf8_seq((const unsigned char *)s, (const unsigned char *)p->end);

			if (!n) {
				p->s = s;
				free(out);
				return (char *)jp_fail(p, "invalid UTF-8 in a string");
			}
			memcpy(o, s, n);
			o += n;
			s += n;
			continue;
		}
		if (c != '\\') {
			*o++ = *s++;
			continue;
		}
		if (++s >= p->end)
			break;
		switch (*s) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u': {
			unsigned cp, lo;

			if (p->end - s < 5 || hex4(s + 1, &cp))
				goto bad_esc;
			s += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad_esc;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				/* a high surrogate needs its low half: \uD83D\uDE00 */
				if (p->end - s < 7 || s[1] != '\\' || s[2] != 'u' ||
				    hex4(s + 3, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad_esc;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			o += put_utf8(o, cp);
			break;
		}
		default:
			goto bad_esc;
		}
		s++;
	}
	if (s >= p->end) {
		p->s = s;
		free(out);
		return (char *)jp_fail(p, "unterminated string");
	}
	*o = '\0';
	p->s = s + 1;
	return out;
bad_esc:
	p->s = s;
	free(out);
	return (char *)jp_fail(p, "invalid escape in a string");
bad_ctl:
	free(out);
	return (char *)jp_fail(p, "control character in a string");
}

static struct jnode *parse_value(struct jp *p);

static struct jnode *new_node(struct jp *p, enum jtype t)
{
	struct jnode *n = calloc(1, sizeof(*n));

	if (!n)
		return jp_fail(p, "out of memory");
	n->type = t;
	return n;
}

static bool literal(struct jp *p, const char *word)
{
	size_t l = strlen(word);

	if ((size_t)(p->end - p->s) < l || memcmp(p->s, word, l))
		return false;
	p->s += l;
	return true;
}

static struct jnode *parse_number(struct jp *p)
{
	const char *s = p->s;
	char buf[64], *endp;
	struct jnode *n;
	size_t l;

	/* RFC 8259 grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
	if (s < p->end && *s == '-')
		s++;
	if (s < p->end && *s == '0')
		s++;
	else if (s < p->end && *s >= '1' && *s <= '9')
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	else
		return jp_fail(p, "invalid number");
	if (s < p->end && *s == '.') {
		if (++s >= p->end || *s < '0' || *s > '9')
			return jp_fail(p, "invalid number");
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < p->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < p->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= p->end || *s < '0' || *s > '9')
			return jp_fail(p, "invalid number");
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	}
	l = (size_t)(s - p->s);
	if (l >= sizeof(buf))
		return jp_fail(p, "number too long");
	memcpy(buf, p->s, l);
	buf[l] = '\0';
	n = new_node(p, J_NUM);
	if (!n)
		return NULL;
	n->num = strtod(buf, &endp);
	p->s = s;
	return n;
}

/* the elements of an array or the members of an object, after the opening bracket */
static struct jnode *parse_container(struct jp *p, bool obj)
{
	struct jnode *n, **tail;
	char close = obj ? '}' : ']';

	if (++p->depth > JMAX_DEPTH)
		return jp_fail(p, "nested too deep");
	n = new_node(p, obj ? J_OBJ : J_ARR);
	if (!n)
		return NULL;
	tail = &n->child;
	p->s++;
	skip_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		p->depth--;
		return n;
	}
	for (;;) {
		struct jnode *v;
		char *key = NULL;

		skip_ws(p);
		if (obj) {
			if (p->s >= p->end || *p->s != '"')
				goto bad;
			key = parse_string(p);
			if (!key)
				goto fail;
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':') {
				free(key);
				goto bad;
			}
			p->s++;
		}
		v = parse_value(p);
		if (!v) {
			free(key);
			goto fail;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			break;
		}
		goto bad;
	}
	p->depth--;
	return n;
bad:
	jp_fail(p, obj ? "expected a member, ',' or '}'" : "expected a value, ',' or ']'");
fail:
	jfree(n);
	return NULL;
}

static struct jnode *parse_value(struct jp *p)
{
	struct jnode *n;

	skip_ws(p);
	if (p->s >= p->end)
		return jp_fail(p, "unexpected end");
	switch (*p->s) {
	case '{':
		return parse_container(p, true);
	case '[':
		return parse_container(p, false);
	case '"': {
		char *s = parse_string(p);

		if (!s)
			return NULL;
		n = new_node(p, J_STR);
		if (!n) {
			free(s);
			return NULL;
		}
		n->str = s;
		return n;
	}
	case 't':
	case 'f': {
		bool t = *p->s == 't';

		if (!literal(p, t ? "true" : "false"))
			break;
		n = new_node(p, J_BOOL);
		if (n)
			n->b = t;
		return n;
	}
	case 'n':
		if (!literal(p, "null"))
			break;
		return new_node(p, J_NULL);
	default:
		if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9'))
			return parse_number(p);
	}
	return jp_fail(p, "unexpected character");
}

struct jnode *jparse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jp p = {.s = text, .end = text + len, .start = text, .err = err, .errlen = errlen};
	struct jnode *n;

	if (err && errlen)
		err[0] = '\0';
	n = parse_value(&p);
	if (!n)
		return NULL;
	skip_ws(&p);
	if (p.s != p.end) {
		jfree(n);
		return jp_fail(&p, "trailing characters after the value");
	}
	return n;
}

void jfree(struct jnode *n)
{
	while (n) {
		struct jnode *next = n->next;

		jfree(n->child);
		free(n->key);
		free(n->str);
		free(n);
		n = next;
	}
}

const struct jnode *jget(const struct jnode *obj, const char *key)
{
	const struct jnode *c;

	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (!strcmp(c->key, key))
			return c;
	return NULL;
}

const char *jstr(const struct jnode *obj, const char *key)
{
	const struct jnode *v = jget(obj, key);

	return v && v->type == J_STR ? v->str : NULL;
}

double jnum(const struct jnode *obj, const char *key, double dflt)
{
	const struct jnode *v = jget(obj, key);

	return v && v->type == J_NUM ? v->num : dflt;
}
