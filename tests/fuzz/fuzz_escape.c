// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target: the escaping of untrusted strings (comm, exe, cgroup, unit) in
 * strutil.c. Checks the properties the output relies on, byte for byte:
 *  - text_escape: nothing a terminal interprets (C0, DEL, C1, invalid UTF-8) gets through;
 *  - json_strn: no raw control byte (C0, DEL, C1, bidi), only valid UTF-8, and it decodes
 *    back to the input (invalid bytes as \u00XX are the one documented loss);
 *  - shell_quote: a POSIX shell reads the word back exactly (single-quote rules, XCU 2.2.2;
 *    "$(printf '\ooo')" for bytes JSON or a terminal would not carry), and the quoted word
 *    prints safely (text_is_safe) unless the input holds a newline.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "strutil.h"

/* length of the valid UTF-8 sequence at p, 0 if none (independent of strutil.c's) */
static size_t u8len(const unsigned char *p, size_t n)
{
	unsigned int cp;
	size_t l, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		l = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		l = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		l = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (l > n)
		return 0;
	for (i = 1; i < l; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((l == 3 && cp < 0x800) || (l == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return l;
}

static void check_text(const char *s)
{
	static char buf[4 * 4096 + 1];
	const unsigned char *p = (const unsigned char *)text_escape(buf, sizeof(buf), s);
	size_t n = strlen((const char *)p), i = 0, l;

	while (i < n) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		l = u8len(p + i, n - i);
		if (!l)
			abort(); /* invalid UTF-8 reached the terminal */
		if (l == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			abort(); /* a C1 control (CSI is 0x9b) */
		if (l == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae)
			abort(); /* a bidi override (U+202A..U+202E) */
		i += l;
	}
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* the code point of the valid UTF-8 sequence of length l at p */
static unsigned int u8cp(const unsigned char *p, size_t l)
{
	static const unsigned char lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned int cp = p[0] & lead[l];
	size_t i;

	for (i = 1; i < l; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

static void check_json(const char *s, size_t n)
{
	static char out[8 * 4096 + 16];
	const unsigned char *in = (const unsigned char *)s;
	size_t len = strnlen(s, n), k = 0, i, l;
	FILE *f = fmemopen(out, sizeof(out), "w");
	const unsigned char *p = (const unsigned char *)out;
	size_t on;

	if (!f)
		return;
	json_strn(f, s, n);
	fclose(f);
	on = strlen(out);
	if (on < 2 || out[0] != '"' || out[on - 1] != '"')
		abort();
	/* decode the JSON string and match it against the input as we go */
	for (i = 1; i < on - 1;) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		if (p[i] == '"')
			abort(); /* an unescaped quote ends the string early */
		if (p[i] == '\\') {
			int c = p[i + 1];

			if (c == 'u') {
				int a = hexval(p[i + 2]), b = hexval(p[i + 3]), x = hexval(p[i + 4]),
				    y = hexval(p[i + 5]);
				unsigned int cp;

				if (a < 0 || b < 0 || x < 0 || y < 0 || k >= len)
					abort();
				cp = (unsigned int)(a << 12 | b << 8 | x << 4 | y);
				/* above U+FFFF (the tag characters): a UTF-16 surrogate pair */
				if (cp >= 0xd800 && cp <= 0xdbff) {
					unsigned int lo = 0;
					int j;

					if (i + 12 > on - 1 || p[i + 6] != '\\' || p[i + 7] != 'u')
						abort();
					for (j = 8; j < 12; j++) {
						int h = hexval(p[i + j]);

						if (h < 0)
							abort();
						lo = lo << 4 | (unsigned int)h;
					}
					if (lo < 0xdc00 || lo > 0xdfff)
						abort();
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					i += 6;
				} else if (cp >= 0xdc00 && cp <= 0xdfff) {
					abort(); /* a lone low surrogate */
				}
				l = u8len(in + k, len - k);
				if (cp < 0x80 && in[k] == cp)
					k++;
				else if (l > 1 && u8cp(in + k, l) == cp)
					k += l; /* a C1 or bidi control, written as \uXXXX */
				else if (!l && cp <= 0xff && in[k] == cp)
					k++; /* an invalid byte: the documented lossy case */
				else
					abort();
				i += 6;
				continue;
			}
			if (!strchr("\"\\nrt", c) || k >= len)
				abort();
			if (in[k++] != (c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c))
				abort();
			i += 2;
			continue;
		}
		l = u8len(p + i, on - 1 - i);
		if (!l)
			abort(); /* jq would reject it */
		if ((l == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) ||
		    (l == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae))
			abort(); /* raw C1 or bidi override: unsafe on a terminal */
		if (k + l > len || memcmp(in + k, p + i, l))
			abort();
		k += l;
		i += l;
	}
	if (k != len)
		abort(); /* it must decode to all of the input */
}

static void check_shell(const char *s)
{
	static char q[20 * 4096 + 16], dec[4096 + 1];
	size_t n = strlen(s), o = 0, i;
	int r = shell_quote(q, sizeof(q), s), inq = 0;

	if (r < 0)
		abort(); /* 4x + 2 always fits */
	if (!n) {
		if (strcmp(q, "''"))
			abort(); /* an empty word must still be a word */
		return;
	}
	if (q[0] == '-')
		abort(); /* a bare leading '-' would be read as an option */
	for (i = 0; q[i]; i++) {
		char c = q[i];

		if (inq) {
			if (c == '\'')
				inq = 0;
			else
				dec[o++] = c;
		} else if (c == '\'') {
			inq = 1;
		} else if (c == '\\' && q[i + 1]) {
			dec[o++] = q[++i];
		} else if (c == '"') {
			/* "$(printf '\ooo...')": octal escapes only, never a newline */
			if (strncmp(q + i, "\"$(printf '", 11))
				abort();
			for (i += 11; q[i] == '\\'; i += 4) {
				if (q[i + 1] < '0' || q[i + 1] > '3' || q[i + 2] < '0' || q[i + 2] > '7' ||
				    q[i + 3] < '0' || q[i + 3] > '7')
					abort();
				dec[o] = (char)((q[i + 1] - '0') << 6 | (q[i + 2] - '0') << 3 |
						(q[i + 3] - '0'));
				if (dec[o++] == '\n')
					abort();
			}
			if (strncmp(q + i, "')\"", 3))
				abort();
			i += 2;
		} else {
			/* outside quotes only what no shell expands or splits on */
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      strchr("_@%+=:,./-", c)))
				abort();
			dec[o++] = c;
		}
	}
	if (inq || o != n || memcmp(dec, s, n))
		abort();
	if (!strchr(s, '\n') && !text_is_safe(q))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char s[4097];
	size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;

	memcpy(s, data, n);
	s[n] = '\0';
	check_text(s);
	check_json(s, n);
	check_shell(s);
	return 0;
}
