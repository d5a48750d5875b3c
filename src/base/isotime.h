/*
 * isotime.h -- the one way outpost writes and reads a moment in its
 * files (outbox envelopes, drafts, JSON): UTC, "2026-11-27T23:36:00Z",
 * exactly, years 1970 to 9999.
 */
#ifndef OUTPOST_ISOTIME_H
#define OUTPOST_ISOTIME_H

#include <time.h>

#define ISOTIME_LEN 21 /* "2026-11-27T23:36:00Z" and its NUL */

/* t into buf as above; a moment outside the years gives "". */
void isotime_format(time_t, char buf[ISOTIME_LEN]);
/* The exact form above, and a real date: 0 and *t set, else -1. */
int isotime_parse(const char *, time_t *);

#endif
