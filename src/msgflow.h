/*
 * msgflow.h -- format=flowed (RFC 3676, delsp=no) for the message
 * module: reflowing a typed body to a width on the way out, and undoing
 * it when a stored message goes back into a draft.  Lines starting with
 * a space, ">" or "From " are space-stuffed; the signature separator
 * "-- " is kept as it is.
 */
#ifndef OUTPOST_MSGFLOW_H
#define OUTPOST_MSGFLOW_H

#include <stddef.h>

/*
 * The body (UTF-8, LF line ends) as flowed text: each typed line is
 * broken at spaces so that no output line is wider than width characters
 * (a longer word stays whole), soft breaks end in a space, trailing
 * spaces of a typed line are dropped.  Returns a NUL-terminated copy;
 * *outlen gets its length.
 */
char *msgflow_encode(const char *, size_t, size_t, size_t *);

/* Flowed text (LF line ends) back to typed lines. */
char *msgflow_decode(const char *, size_t, size_t *);

#endif
