/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The findings' stream on stdout: never deaf to a signal, and says what a reader missed. */
#ifndef __CAPFIX_OUTCHAN_H
#define __CAPFIX_OUTCHAN_H

#include <signal.h>
#include <stdio.h>

/*
 * A FILE writing to fd (which it owns from now on). A write waits for the reader for as
 * long as it takes while *stop is 0 (back-pressure, as a plain stdout), and at most
 * grace_ms once *stop is set (SIGTERM, SIGINT): then what is left is dropped and counted,
 * so a stdout nobody reads cannot keep capfix from exiting. NULL on error (errno).
 */
FILE *outchan_open(int fd, volatile sig_atomic_t *stop, int grace_ms);
/* bytes dropped so far (reader gone or not reading); 0 for a stream not from outchan_open() */
unsigned long long outchan_dropped(FILE *f);

#endif /* __CAPFIX_OUTCHAN_H */
