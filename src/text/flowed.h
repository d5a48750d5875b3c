/*
 * flowed.h -- RFC 3676 format=flowed (DelSp=No) for the message body:
 * what the composer typed becomes lines of at most width characters
 * that a flowed-aware reader joins back into paragraphs, and that any
 * other reader still sees as a tidy hard-wrapped text.
 */
#ifndef OUTPOST_FLOWED_H
#define OUTPOST_FLOWED_H

#include <stddef.h>

#define FLOWED_WIDTH 72

/*
 * Encode text (UTF-8, LF or CRLF line ends) as format=flowed with LF line
 * ends: each line longer than width characters (code points, not bytes)
 * is broken after a space into soft lines that keep that space at their
 * end; a word longer than width stays whole on a line of its own; spaces
 * at the end of a typed line are removed (except the signature separator
 * "-- "); lines starting with ' ' or "From " are space-stuffed.  A line
 * starting with '>' is quoted text (RFC 3676 4.5, as a reply's): its
 * marks, the space after them if one was typed (stuffing), its text,
 * and each soft line of it carries the same marks and a space.
 * *out is NUL-terminated (caller frees).  Returns 0 (-1 only for a width
 * under 2).
 */
int flowed_encode(const char *, size_t, int, char **, size_t *);
/*
 * Decode format=flowed text (DelSp=No): soft lines (ending in a space)
 * are joined with the next line of the same quote depth, stuffing is
 * removed; a quoted line comes back with its marks, and the space after
 * them when it was sent with one ("> a" and ">a" both stay).  LF line
 * ends out.  Returns 0.
 */
int flowed_decode(const char *, size_t, char **, size_t *);

#endif
