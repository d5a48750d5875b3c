/*
 * trust.h -- outpost acts only on files its user owns: a settings file
 * or an outbox file is opened without blocking (a FIFO or a device is
 * refused at once, not waited on) and judged by fstat of what was
 * opened -- its type and its owner -- never by its name.
 */
#ifndef OUTPOST_TRUST_H
#define OUTPOST_TRUST_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>
#include <stdio.h>

/*
 * Open path (relative to the directory fd at, or AT_FDCWD) for reading,
 * non-blocking and with no controlling terminal; flags are added
 * (O_NOFOLLOW: a symbolic link is refused with ELOOP).  *st is the
 * fstat of the file opened.  Returns the fd, or -1 with errno set.
 */
int trust_open(int, const char *, int, struct stat *);
/*
 * The user's own regular file dir/name, opened for reading (a symbolic
 * link, a file of another owner or kind, or none: NULL, quietly, as a
 * cache that is not there).  *st (if st is not NULL) is its fstat.
 */
FILE *trust_fopen(const char *, const char *, struct stat *);

/* "a directory", "a FIFO (named pipe)", "a symbolic link", ... */
const char *trust_kind(mode_t);
/*
 * Why a file of type and owner st may not be read as the user's: NULL
 * when it is a regular file owned by the user (or, with root_ok, by
 * root), else "is a FIFO (named pipe), not a regular file" or "is owned
 * by nobody (uid 65534), not by you (alice)" (trust_owner_text), written
 * into buf.
 */
const char *trust_file_why(const struct stat *, int, char *, size_t);
/*
 * "owned by nobody (uid 65534), not by you (alice)" into buf, with
 * " or root" added when root_ok (and you are not root).
 */
const char *trust_owner_text(uid_t, int, char *, size_t);

#endif
