/*
 * atomicfile.h -- whole files written atomically and durably (a new
 * file, written in full, fsync, renamed into place, fsync of the
 * directory), all under directory descriptors; directories made 0700,
 * and whole small files read back.  The outbox writes in its tmp/ and
 * renames into queue/ or sent/; drafts and the config editor replace a
 * file through a temporary one beside it (atomicfile_replace).
 */
#ifndef OUTPOST_ATOMICFILE_H
#define OUTPOST_ATOMICFILE_H

#include <sys/types.h>

#include <stddef.h>

#include "base/err.h"

/*
 * What atomicfile_write_at calls to produce the file: it hands every
 * byte, in any number of pieces, to put(putarg, bytes, len), which
 * returns 0 or -1 (errno set; then return -1 at once).  Returns 0, or -1
 * with err set (its own error; a failed put is worded by the writer).
 */
typedef int (*atomicfile_fill)(void *, int (*)(void *, const char *, size_t),
    void *, struct op_err *);
/* An atomicfile_fill of bytes in memory: arg is a struct atomicfile_mem. */
struct atomicfile_mem {
	const char *buf;
	size_t	    len;
};
int atomicfile_mem_fill(void *, int (*)(void *, const char *, size_t), void *,
    struct op_err *);
/*
 * Write the new file dirfd/name: created (never through a symbolic link;
 * one already there is an error, EEXIST, unless replace, which removes
 * it first), mode applied whatever the umask, exactly len bytes from
 * fill(arg), fsync.  With fdp the file is left open in *fdp, else
 * closed.  what names it in messages.  Returns 0; or -1 with the file
 * removed, errno set (0 for fill's own error) and err: OP_EIO "cannot
 * create WHAT: why", "cannot write WHAT: why", "WHAT: N bytes written,
 * M expected", or fill's error.  err may be NULL.
 */
int atomicfile_write_at(int, const char *, const char *, mode_t, int, size_t,
    atomicfile_fill, void *, int *, struct op_err *);
/* Rename fromfd/from to tofd/to; on failure from is removed: 0 or -1. */
int atomicfile_rename_at(int, const char *, int, const char *);
/* fsync a directory descriptor (EINVAL, no fsync there, is none): 0/-1. */
int atomicfile_sync_fd(int);

/*
 * Replace path with buf[0..len) (mode applied whatever the umask).  On
 * any failure the previous file is untouched and no temporary file is
 * left.  Errors: OP_EIO "cannot write PATH: why" (why in plain words:
 * "the disk is full", "the file system is read-only", ...).
 */
int atomicfile_replace(const char *, const char *, size_t, mode_t,
    struct op_err *);
/* fsync a directory by name (after a rename or unlink in it): 0 or -1. */
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
