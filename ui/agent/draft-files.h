/*
 * draft-files.h -- a new draft with files of its own (an outbox item's
 * attachments moved back, a forwarded message's): each written 0600 in
 * DATA/drafts/ID.files/ (0700) under a name that stays inside it, and
 * the draft saved with their paths.
 */
#ifndef OUTPOST_DRAFT_FILES_H
#define OUTPOST_DRAFT_FILES_H

#include <stddef.h>

#include "base/err.h"

struct draft;
struct message_file;

/*
 * Save d (giving it an id), write the n files, save d again with them
 * attached.  Errors: draft_save's and atomicfile's (OP_EIO naming the
 * path).
 */
int draft_files_save(const char *, const struct message_file *, size_t,
    struct draft *, struct op_err *);

#endif
