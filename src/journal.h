/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Findings as structured journal entries when stdout is the journal (CAPFIX_UNIT= ...). */
#ifndef __CAPFIX_JOURNAL_H
#define __CAPFIX_JOURNAL_H

#include <stdbool.h>
#include "output.h"

/*
 * True when stdout is a stream to journald: JOURNAL_STREAM ("DEV:INO", systemd.exec(5))
 * names the device and inode of stdout itself, and capfix was built with libsystemd.
 */
bool journal_stdout(void);

/*
 * Sends one finding as a journal entry: MESSAGE= is text (what stdout would have carried),
 * with CAPFIX_UNIT=, CAPFIX_CAPABILITY=, CAPFIX_EXE=, CAPFIX_PID=, ... beside it so that
 * `journalctl CAPFIX_UNIT=web.service` finds it. Returns 0 or -errno.
 */
int journal_send_finding(const struct report *r, const char *text);

/*
 * The summary as one journal entry (CAPFIX_TYPE=summary): journald splits a stdout line
 * longer than LineMax= (48 KiB by default, journald.conf(5)), which a big summary is; a
 * native entry has no such limit. Returns 0 or -errno (then stdout is used).
 */
int journal_send_summary(const struct summary *s, bool json);

#endif /* __CAPFIX_JOURNAL_H */
