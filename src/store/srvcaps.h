/*
 * srvcaps.h -- reading DATA/outbox/server-caps, where delivery keeps
 * what the server offered at the last session (src/work/send.c writes
 * it): one line "HOST 8BITMIME SMTPUTF8 SIZE" (1/0, 1/0, bytes, 0: no
 * limit).  Here in the store so that the composer, which never loads
 * the network code, can warn before a message the server would refuse.
 */
#ifndef OUTPOST_SRVCAPS_H
#define OUTPOST_SRVCAPS_H

#include <stddef.h>
#include <stdio.h>

#define SRVCAPS_FILE "server-caps"

/*
 * dir/server-caps for reading: only a regular file of the user's (it
 * may be read before the outbox is opened and checked); else NULL.
 */
FILE *srvcaps_open(const char *);
/* The file's line, when it is host's (any case). */
struct srvcaps {
	int    eightbitmime; /* as written: 1 offered, 0 not */
	int    smtputf8;
	size_t size; /* 0: unknown or no limit */
};
/*
 * What host offered at the last session into *caps: 0, or -1 with
 * *caps all 0 when the file is missing, another host's or garbled.
 */
int srvcaps_read(const char *, const char *, struct srvcaps *);
/* The SIZE limit host announced last time; 0 when unknown or none. */
size_t srvcaps_size(const char *, const char *);

#endif
