/*
 * textfile.h -- the text of a file that goes into a message: a
 * signature (signature.file) or pico's read-file.  Only a regular file
 * the user owns (base/trust.h), of at most TEXTFILE_MAX bytes, with no
 * NUL byte (text, not a program or an image: attach those).
 */
#ifndef OUTPOST_TEXTFILE_H
#define OUTPOST_TEXTFILE_H

#include <stddef.h>

#include "base/err.h"

#define TEXTFILE_MAX (1024 * 1024)

/*
 * Read path ("~/" is $HOME) into *text (NUL-terminated, allocated).
 * Errors: OP_ENOTFOUND (no such file), OP_EINVAL, both "PATH: why".
 */
int textfile_read(const char *, char **, size_t *, struct op_err *);
/*
 * The body of a new message with signature sig[0..len): an empty line
 * for the text, then "-- " (unless sig starts with a "-- " or "--"
 * line of its own) and sig without its trailing blank lines.  "" when
 * sig is only blanks.  Allocated.
 */
char *textfile_signature(const char *, size_t);

#endif
