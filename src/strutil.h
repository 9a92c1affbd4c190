/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Strings: escaping untrusted ones (shell words, JSON, terminal text), bounded copies, words. */
#ifndef __CAPFIX_STRUTIL_H
#define __CAPFIX_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Quote one shell word so that any POSIX shell reads it back byte for byte:
 * '...' with each ' written as '\''. A word made only of safe characters
 * ([A-Za-z0-9_@%+=:,./-], not starting with '-') is left bare. Control characters
 * (except newline), invalid UTF-8 and the UTF-8 a terminal acts on become
 * "$(printf '\ooo')", so the result is printable and survives JSON byte for byte.
 * Returns the length written (truncation: returns -1 and buf is "").
 */
int shell_quote(char *buf, size_t len, const char *word);
/* one of those safe characters: a shell reads it as itself, bare */
bool shell_safe_char(unsigned char c);
/* appends " " + quoted word to buf; -1 on truncation */
int shell_append(char *buf, size_t len, const char *word);

/* JSON string with quotes; invalid UTF-8 bytes become \u00XX of the byte (so output stays valid) */
void json_str(FILE *f, const char *s);
void json_strn(FILE *f, const char *s, size_t n);
/* text for a terminal: control bytes, DEL, ESC, C1, bidi controls and invalid UTF-8 as \xNN,
 * backslash doubled */
void text_str(FILE *f, const char *s);
/* true when s prints as itself: printable ASCII or UTF-8 with no control of any kind
 * (no newline or tab either); such text can be shown verbatim, e.g. a command to paste */
bool text_is_safe(const char *s);
/* how many bytes at s (of n) form one such printable character; 0: a byte to escape */
size_t text_printable_len(const char *s, size_t n);
/* the same into a buffer; returns buf */
char *text_escape(char *buf, size_t len, const char *s);

/* strlcpy semantics; returns strlen(src) */
size_t str_copy(char *dst, const char *src, size_t len);
/* snprintf that reports truncation: 0 ok, -1 truncated */
int str_printf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int str_appendf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The next word of s[*pos..len) between characters of seps, into word:
 * its length, 0 at the end, or -ENAMETOOLONG for a word of wlen bytes or more (cut to
 * wlen-1 in word, for a message). The one tokenizer of capability lists (systemctl's,
 * a unit file's, svc-launch's): what a word may say is each caller's.
 */
int str_next_word(const char *s, size_t len, size_t *pos, const char *seps, char *word,
		  size_t wlen);

#endif /* __CAPFIX_STRUTIL_H */
