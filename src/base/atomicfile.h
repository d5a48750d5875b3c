/*
 * atomicfile.h -- whole files replaced atomically and durably (a new
 * temporary file in the same directory, written in full, fsync, rename
 * over the old one, fsync of the directory), directories made 0700, and
 * whole small files read back.  Used by the outbox, drafts and the
 * config editor.
 */
#ifndef OUTPOST_ATOMICFILE_H
#define OUTPOST_ATOMICFILE_H

#include <sys/types.h>

#include <stddef.h>

#include "base/err.h"

/*
 * Replace path with buf[0..len) (mode applied whatever the umask).  On
 * any failure the previous file is untouched and no temporary file is
 * left.  Errors: OP_EIO "cannot write PATH: why" (why in plain words:
 * "the disk is full", "the file system is read-only", ...).
 */
int atomicfile_replace(const char *, const char *, size_t, mode_t,
    struct op_err *);
/* fsync a directory (after a rename or unlink in it): 0 or -1 (errno). */
int atomicfile_sync_dir(const char *);
/* Make a directory and its parents, each new one 0700.  OP_EIO. */
int atomicfile_mkdirs(const char *, struct op_err *);
/*
 * A whole regular file of at most max bytes, NUL-terminated.  Returns 0
 * or an errno value (ENOENT when missing, EFBIG when too large).
 */
int atomicfile_read(const char *, size_t, char **, size_t *);
/*
 * The same for a name relative to a directory descriptor (or AT_FDCWD),
 * never through a symbolic link (ELOOP) nor blocking on a FIFO (EINVAL).
 */
int atomicfile_read_at(int, const char *, size_t, char **, size_t *);
/* At most size bytes of an open file, NUL-terminated: 0 or an errno. */
int atomicfile_read_fd(int, size_t, char **, size_t *);
/* Write all of buf, retrying short writes: 0 or -1 (errno). */
int atomicfile_write_all(int, const char *, size_t);
/* Random bytes from getrandom(2), else /dev/urandom: 0 or -1. */
int atomicfile_random(void *, size_t);
/* The plain words for an errno value ("the disk is full"). */
const char *atomicfile_strerror(int);

#endif
