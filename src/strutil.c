// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Strings: escaping untrusted ones (shell words, JSON, terminal text), bounded copies, words. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include "strutil.h"

size_t str_copy(char *dst, const char *src, size_t len)
{
	size_t n = strlen(src);

	if (len) {
		size_t c = n < len - 1 ? n : len - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

int str_printf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int str_appendf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;
	int n;

	if (used >= len)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len - used ? -1 : 0;
}

/* length of a valid UTF-8 sequence at p (max n bytes), 0 if invalid */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	uint32_t cp;
	size_t l, i;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		l = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		l = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		l = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (l > n)
		return 0;
	for (i = 1; i < l; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((l == 2 && cp < 0x80) || (l == 3 && cp < 0x800) || (l == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return l;
}

/*
 * A valid UTF-8 sequence a terminal still acts on or that hides what follows: C1 controls
 * (U+0080..U+009F; 0x9b is CSI), bidirectional overrides and isolates ("Trojan Source",
 * CVE-2021-42574), the line and paragraph separators; and the characters that print as
 * nothing, so that two different names look the same or a name looks shorter than it is:
 * soft hyphen U+00AD, combining grapheme joiner U+034F, Mongolian vowel separator U+180E,
 * zero-width space, non-joiner, joiner, LRM, RLM (U+200B..U+200F), word joiner and the
 * invisible operators and deprecated format controls (U+2060..U+206F), the byte order mark
 * or zero-width no-break space U+FEFF, interlinear annotation U+FFF9..U+FFFB and the tag
 * characters U+E0000..U+E007F ("ASCII smuggling"). Unicode's Cf category, as far as it
 * renders as nothing.
 */
static bool utf8_unsafe(const unsigned char *p, size_t l)
{
	if (l == 2)
		return (p[0] == 0xc2 && (p[1] < 0xa0 || p[1] == 0xad)) || /* C1, U+00AD */
		       (p[0] == 0xcd && p[1] == 0x8f) ||		    /* U+034F */
		       (p[0] == 0xd8 && p[1] == 0x9c);			    /* U+061C */
	if (l == 3 && p[0] == 0xe1 && p[1] == 0xa0 && p[2] == 0x8e)
		return true; /* U+180E */
	if (l == 3 && p[0] == 0xe2 && p[1] == 0x80)
		return (p[2] >= 0x8b && p[2] <= 0x8f) || (p[2] >= 0xa8 && p[2] <= 0xae);
	if (l == 3 && p[0] == 0xe2 && p[1] == 0x81)
		return p[2] >= 0xa0 && p[2] <= 0xaf;
	if (l == 3 && p[0] == 0xef)
		return (p[1] == 0xbb && p[2] == 0xbf) || (p[1] == 0xbf && p[2] >= 0xb9 && p[2] <= 0xbb);
	if (l == 4)
		return p[0] == 0xf3 && p[1] == 0xa0 && (p[2] == 0x80 || p[2] == 0x81);
	return false;
}

/* bytes at p that print as themselves: printable ASCII or safe UTF-8; 0 if none */
static size_t printable_len(const unsigned char *p, size_t n)
{
	if (!n)
		return 0;
	size_t l;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] < 0x80)
		return 0;
	l = utf8_len(p, n);
	return l > 1 && !utf8_unsafe(p, l) ? l : 0;
}

size_t text_printable_len(const char *s, size_t n)
{
	return printable_len((const unsigned char *)s, n);
}

bool text_is_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, l;

	while (i < n) {
		l = printable_len(p + i, n - i);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

bool shell_safe_char(unsigned char c)
{
	/* c first: strchr() finds the terminator for a NUL */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_@%+=:,./-", c));
}

int shell_quote(char *buf, size_t len, const char *word)
{
	const unsigned char *p = (const unsigned char *)word;
	size_t o = 0, n = strlen(word), i = 0, l;
	int bare = *p && *p != '-', inq = 0;

#define PUT(ch)                          \
	do {                             \
		if (o + 1 >= len)        \
			goto trunc;      \
		buf[o++] = (ch);         \
	} while (0)
#define PUTS(str)                                 \
	do {                                      \
		const char *s_ = (str);           \
		while (*s_)                       \
			PUT(*s_++);               \
	} while (0)

	for (; bare && *p; p++)
		if (!shell_safe_char(*p))
			bare = 0;
	p = (const unsigned char *)word;
	if (bare) {
		for (; *p; p++)
			PUT(*p);
		goto done;
	}
	/*
	 * '...' with each ' written as '\'' (XCU 2.2.2: nothing is special inside). A leading
	 * '-' is quoted too, but callers must still put "--" before it where the command
	 * parses options: quoting does not stop option parsing.
	 * Bytes that would not survive the trip to the shell as themselves -- invalid UTF-8
	 * (JSON can only carry it as U+00XX, a different byte), control characters and the
	 * UTF-8 ones a terminal acts on (they must not reach the operator's screen) -- are
	 * written as "$(printf '\ooo')": printable, and exact, as printf's output never ends
	 * in a newline (command substitution strips only trailing newlines). A newline stays
	 * literal inside '...', where every POSIX shell keeps it.
	 */
	if (!n)
		PUTS("''");
	while (i < n) {
		l = p[i] == '\n' ? 1 : printable_len(p + i, n - i);
		if (l) {
			if (!inq) {
				PUT('\'');
				inq = 1;
			}
			for (; l; l--, i++) {
				if (p[i] == '\'')
					PUTS("'\\''");
				else
					PUT(p[i]);
			}
			continue;
		}
		if (inq) {
			PUT('\'');
			inq = 0;
		}
		PUTS("\"$(printf '");
		while (i < n && p[i] != '\n' && !printable_len(p + i, n - i)) {
			/* a whole unsafe UTF-8 sequence, or one stray byte */
			l = p[i] >= 0x80 ? utf8_len(p + i, n - i) : 0;
			for (l = l ? l : 1; l; l--, i++) {
				PUT('\\');
				PUT('0' + (p[i] >> 6));
				PUT('0' + ((p[i] >> 3) & 7));
				PUT('0' + (p[i] & 7));
			}
		}
		PUTS("')\"");
	}
	if (inq)
		PUT('\'');
done:
	if (!len)
		return -1;
	buf[o] = '\0';
	return (int)o;
trunc:
	if (len)
		buf[0] = '\0';
	return -1;
#undef PUT
#undef PUTS
}

int shell_append(char *buf, size_t len, const char *word)
{
	size_t used = strnlen(buf, len);

	if (used >= len)
		return -1;
	if (used) {
		if (used + 1 >= len)
			return -1;
		buf[used++] = ' ';
		buf[used] = '\0';
	}
	if (shell_quote(buf + used, len - used, word) < 0) {
		buf[used ? used - 1 : 0] = '\0';
		return -1;
	}
	return 0;
}

void json_strn(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	fputc('"', f);
	while (i < n && p[i]) {
		unsigned char c = p[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
			} else if (c >= 0x80) {
				l = utf8_len(p + i, n - i);
				if (!l) {
					/* not UTF-8: keep the byte's value visible and the JSON valid */
					fprintf(f, "\\u%04x", c);
					break;
				}
				if (utf8_unsafe(p + i, l)) {
					/* C1, bidi and invisible characters as \uXXXX: the same
					 * characters to a JSON reader, visible in the raw JSON */
					unsigned int cp =
					    l == 2 ? (c & 0x1fu) << 6 | (p[i + 1] & 0x3fu) :
					    l == 3 ? (c & 0x0fu) << 12 | (p[i + 1] & 0x3fu) << 6 |
							 (p[i + 2] & 0x3fu) :
						     (c & 0x07u) << 18 | (p[i + 1] & 0x3fu) << 12 |
							 (p[i + 2] & 0x3fu) << 6 | (p[i + 3] & 0x3fu);

					if (cp > 0xffff) /* a surrogate pair (RFC 8259 section 7) */
						fprintf(f, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
							0xdc00 + ((cp - 0x10000) & 0x3ff));
					else
						fprintf(f, "\\u%04x", cp);
					i += l;
					continue;
				}
				fwrite(p + i, 1, l, f);
				i += l;
				continue;
			} else {
				fputc(c, f);
			}
		}
		i++;
	}
	fputc('"', f);
}

void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	json_strn(f, s, strlen(s));
}

char *text_escape(char *buf, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, n = strlen(s), i = 0, l;
	static const char hex[] = "0123456789abcdef";

	if (!len)
		return buf;
	while (i < n) {
		unsigned char c = p[i];

		if (c >= 0x80 && (l = utf8_len(p + i, n - i)) > 1) {
			/* C1 controls, bidi overrides: terminal escapes too, byte by byte */
			if (utf8_unsafe(p + i, l))
				goto esc;
			if (o + l >= len)
				break;
			memcpy(buf + o, p + i, l);
			o += l;
			i += l;
			continue;
		}
		if (c == '\\') {
			if (o + 2 >= len)
				break;
			buf[o++] = '\\';
			buf[o++] = '\\';
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			if (o + 1 >= len)
				break;
			buf[o++] = c;
			i++;
			continue;
		}
esc:
		if (o + 4 >= len)
			break;
		buf[o++] = '\\';
		buf[o++] = 'x';
		buf[o++] = hex[c >> 4];
		buf[o++] = hex[c & 15];
		i++;
	}
	buf[o] = '\0';
	return buf;
}

void text_str(FILE *f, const char *s)
{
	char buf[4 * 4096 + 1];

	fputs(text_escape(buf, sizeof(buf), s), f);
}

int str_next_word(const char *s, size_t len, size_t *pos, const char *seps, char *word,
		  size_t wlen)
{
	size_t i = *pos, start, n;

	/* s[i] first: strchr() finds the terminator for a NUL, which is no separator */
	while (i < len && s[i] && strchr(seps, s[i]))
		i++;
	start = i;
	while (i < len && !(s[i] && strchr(seps, s[i])))
		i++;
	*pos = i;
	n = i - start;
	if (!wlen)
		return n ? -ENAMETOOLONG : 0;
	/* a word that does not fit is cut (for the message) and refused */
	memcpy(word, s + start, n < wlen ? n : wlen - 1);
	word[n < wlen ? n : wlen - 1] = '\0';
	return n >= wlen ? -ENAMETOOLONG : (int)n;
}
