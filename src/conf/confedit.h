/*
 * confedit.h -- saving settings into the config file the way a careful
 * person would edit it by hand: comments, blank lines, order and line
 * ends stay byte for byte; a changed key's value is replaced where it
 * stands; removed keys lose their line (and a blank line that would be
 * doubled); new keys go at the end of their account's lines, after a
 * blank line only when the line before is a comment, so saving again
 * and again adds no blank lines.  An account's keys are its [account
 * NAME] section's lines; the default account's, those before the first
 * section line.
 * The file is replaced atomically, mode 0600.
 */
#ifndef OUTPOST_CONFEDIT_H
#define OUTPOST_CONFEDIT_H

#include <stddef.h>

#include "base/err.h"

struct confedit_change {
	const char *key;
	const char *value; /* NULL: remove the key */
};

/*
 * Apply the changes in order to the default account's keys in the file
 * at path (created 0600, with its
 * directory 0700, when missing; a symbolic link is followed and its
 * target replaced).  Values are written as given, spaces and tabs at
 * either end trimmed (the file syntax has no quoting; '#', quotes and
 * '=' inside a value are kept literally).  A key set twice in the file
 * keeps its first line and loses the others.  Errors: OP_EINVAL naming
 * the key (a value with CR, LF or NUL, an empty value, invalid UTF-8, a
 * line too long, a malformed key), OP_EIO (read or write; the old file
 * stays intact).
 */
int confedit_apply(const char *, const struct confedit_change *, size_t,
    struct op_err *);

/*
 * The same within one account's lines: NULL for the default account's
 * (before the first section: a new key goes after its last key, above
 * the blank lines and the comment over the first section), else the
 * [account NAME] section's (the section added at the end of the file,
 * after a blank line, when there is none).
 */
int confedit_apply_account(const char *, const char *,
    const struct confedit_change *, size_t, struct op_err *);

#endif
