/*
 * kvfile.h -- the line syntax shared by config and policy files:
 * "key = value" lines, "[header]" lines that start a section, '#'
 * comments, blank lines, UTF-8, LF or CRLF.
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

/* A "[header]" line: the lines after it, up to the next, are its. */
struct kvsection {
	char  *header; /* the text between the brackets, trimmed */
	int    line;
	size_t start; /* index in v of its first key */
};

struct kvfile {
	char		 *path; /* as given, for messages */
	struct kv	 *v;
	size_t		  n;
	struct kvsection *sec; /* in file order; none in a policy */
	size_t		  nsec;
	struct stat	  st; /* of the file, when read from disk */
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
