/*
 * keyval.h -- the "key: value" lines of the outbox's envelopes and of the
 * drafts, read one at a time from text in memory: a line ends in LF, the
 * key is what comes before the first colon, and one space after the
 * colon is dropped.  What the keys mean, and which lines are errors, is
 * the caller's (outbox-env.c, draft.c), so each words its own messages.
 */
#ifndef OUTPOST_KEYVAL_H
#define OUTPOST_KEYVAL_H

#include <stddef.h>

enum keyval_kind {
	KEYVAL_PAIR,	/* "key: value" */
	KEYVAL_NOCOLON, /* a line without a colon: key is the whole line */
	KEYVAL_BLANK,	/* an empty line: the rest of the text is at p */
	KEYVAL_CUT,	/* the last line has no LF: the text is cut short */
	KEYVAL_END,	/* nothing left */
};

struct keyval {
	const char *p, *end; /* what is left to read */
	int	    line;    /* the number of the line last read, from 1 */
	const char *raw;     /* that line in the text, rawlen bytes, no LF */
	size_t	    rawlen;
	char	   *key; /* that line split: never NULL after keyval_next, */
	char *value;	 /* "" when there is none; valid until the next call */
};

void keyval_init(struct keyval *, const char *, size_t);
/* Read the next line (the line number counts every call). */
enum keyval_kind keyval_next(struct keyval *);
void		 keyval_free(struct keyval *);

#endif
