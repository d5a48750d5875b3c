/*
 * trace.h -- the --trace FILE writer: the protocol dialogue as the core
 * reports it (AUTH data already redacted), one prefixed line each, safe
 * to cat: the server's control bytes escaped, each line and each run of
 * the server's lines bounded.
 */
#ifndef OUTPOST_TRACE_H
#define OUTPOST_TRACE_H

#include "wire/smtp.h"

#define TRACE_LINE_MAX 1000 /* characters of one line shown */
#define TRACE_RUN_MAX  200  /* server lines shown between two commands */

struct trace;

/* Open FILE (mode 0600, truncated); NULL and errno on failure. */
struct trace *trace_open(const char *);
/* A trace_fn: arg is the struct trace * (may be NULL: nothing is written). */
void trace_write(void *, enum trace_dir, const char *, size_t);
/* Finish the last line and close; NULL is ignored. */
void trace_close(struct trace *);

#endif
