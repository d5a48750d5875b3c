/*
 * trace.h -- the --trace FILE writer: the protocol dialogue as the core
 * reports it (AUTH data already redacted), one prefixed line each.
 */
#ifndef OUTPOST_TRACE_H
#define OUTPOST_TRACE_H

#include <stdio.h>

#include "smtp.h"

/* Open FILE (mode 0600, truncated); NULL and errno on failure. */
FILE *trace_open(const char *);
/* A trace_fn: arg is the FILE * (may be NULL: nothing is written). */
void trace_write(void *, enum trace_dir, const char *, size_t);

#endif
