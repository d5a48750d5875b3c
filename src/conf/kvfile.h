/*
 * kvfile.h -- the line syntax shared by config and policy files:
 * "key = value" lines, '#' comments, blank lines, UTF-8, LF or CRLF.
 * Only syntax is checked here; meaning is the caller's.
 */
#ifndef OUTPOST_KVFILE_H
#define OUTPOST_KVFILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "base/err.h"

#define KV_MAX_LINE 4096	  /* bytes, without the line break */
#define KV_MAX_FILE (1024 * 1024) /* bytes */

struct kv {
	char *key;
	char *value;
	int   line;
};

struct kvfile {
	char	   *path; /* as given, for messages */
	struct kv  *v;
	size_t	    n;
	struct stat st; /* of the file, when read from disk */
};

/*
 * Read and parse a file.  Errors (OP_ECONFIG, OP_EIO): "PATH:LINE: why"
 * for syntax, "PATH: why" for the file itself.
 */
int kvfile_load(const char *, struct kvfile *, struct op_err *);
/* Parse a buffer; name is used in messages. */
int  kvfile_parse(const char *, const char *, size_t, struct kvfile *,
     struct op_err *);
void kvfile_free(struct kvfile *);

#endif
