/*
 * draft.h -- unsent messages being written in the composer, kept in
 * DATA_DIR/drafts/ID.draft so that a dropped SSH connection loses
 * nothing.  Each save is atomic (temp file, fsync, rename, fsync of the
 * directory) and 0600.  A draft is removed only after its message is
 * safely in the outbox.
 *
 * The file: "key: value" lines (version, id, saved, to, cc, bcc,
 * subject, in-reply-to and references when the draft answers a message,
 * account when it is sent from an account other than the default, one
 * "attach:" per file), an empty line, then the body as
 * typed (UTF-8, LF line ends).  Unknown keys or a bad version are an
 * error naming the file and line; nothing is ever deleted on a bad load.
 */
#ifndef OUTPOST_DRAFT_H
#define OUTPOST_DRAFT_H

#include <stddef.h>
#include <time.h>

#include "base/err.h"

#define DRAFT_VERSION 1

struct draft {
	char   id[64]; /* empty: a new draft, draft_save gives it one */
	time_t saved;
	char  *to, *cc, *bcc, *subject;	 /* never NULL after load */
	char  *in_reply_to, *references; /* "<id@x> <id@y>"; never NULL */
	char  *account; /* its account's name; "": the default; never NULL */
	char **attach;
	size_t nattach;
	char  *body;
	size_t bodylen;
};

void draft_init(struct draft *);
void draft_free(struct draft *);

/*
 * Save atomically under dir/drafts (created 0700); fills in id and saved
 * when empty.  Errors: OP_EIO with the path (and "the disk is full"); the
 * previous version of the draft stays intact on any failure.  Header values
 * with CR or LF are refused (OP_EINVAL naming the field).
 */
int draft_save(const char *, struct draft *, struct op_err *);
/*
 * Load draft id from dir/drafts into d, which it initialises (draft_free
 * first when reusing one); on failure d is left as after draft_init.
 * Errors: OP_ENOTFOUND, OP_EIO, OP_EINVAL (not an id), OP_EDAMAGED
 * "PATH:LINE: why" for a damaged file, which is left where it is.
 */
int draft_load(const char *, const char *, struct draft *, struct op_err *);
/*
 * Ids of every draft, oldest first (caller frees each and the array).
 * Temporary files of saves that never finished, an hour old, are removed
 * on the way.
 */
int draft_list(const char *, char ***, size_t *, struct op_err *);
/* Gone already is not an error. */
int draft_delete(const char *, const char *, struct op_err *);
/* The file of draft id (caller frees). */
char *draft_path(const char *, const char *);
/*
 * 1 if id looks like a draft id: letters, digits and '-', shorter than
 * struct draft's id.  New ids are "YYYYMMDDTHHMMSSZ-UUUUUU-RRRRRRRR" (UTC
 * time, microseconds, random hex): sorting them sorts by creation time.
 * Notes: draft_init makes every string field "" (never NULL); draft_save
 * sets saved to the time of each save.
 */
int draft_id_valid(const char *);

#endif
