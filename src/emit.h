/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* --emit DIR: the summary's combined fixes as files config management applies. */
#ifndef __CAPFIX_EMIT_H
#define __CAPFIX_EMIT_H

#include <stdio.h>
#include "output.h"

/* the files, relative to DIR (the README documents each) */
#define EMIT_SETCAP "setcap.sh"
#define EMIT_ANSIBLE "capfix-tasks.yml"
#define EMIT_FACT "capfix.fact" /* for /etc/ansible/facts.d: ansible_local.capfix */
#define EMIT_DROPIN_DIR "etc/systemd/system"
#define EMIT_DROPIN_NAME "capfix.conf"

/*
 * One YAML double-quoted scalar for any string: \ " and control characters escaped, every
 * non-ASCII character as \uXXXX (YAML 1.1 readers fold NEL, LS and PS as line breaks).
 * Returns the length, or -1 when s is not valid UTF-8 (YAML cannot hold raw bytes) or buf
 * is too small.
 */
int yaml_quote(char *buf, size_t len, const char *s);

/* The texts, pure: which groups of s make it into each is decided here (see emit.c). */
int emit_render_setcap(FILE *out, const struct summary *s);
int emit_render_ansible(FILE *out, const struct summary *s);

/*
 * DIR opened for writing, or -errno with a message in err: every component opened without
 * following a symlink, each directory on the way root's or capfix's own and writable by
 * no one else unless sticky, DIR itself (created 0755 if missing) capfix's own and not
 * writable by group or others. main.c calls it before tracing starts; emit_write() again.
 */
int emit_open_dir(const char *dir, char *err, size_t errlen);

/*
 * Writes EMIT_SETCAP, EMIT_ANSIBLE, EMIT_FACT and EMIT_DROPIN_DIR/UNIT.d/EMIT_DROPIN_NAME
 * under dir (emit_open_dir()). Nothing is written outside dir: unit names are checked, no path
 * component is followed if it is a symlink, and every file is written to a temporary name
 * first. Returns the number of files written, or -errno with a message in err.
 */
int emit_write(const char *dir, const struct summary *s, char *err, size_t errlen);

#endif /* __CAPFIX_EMIT_H */
