/*
 * speller.h -- running the speller (spell.h's protocol): a child process
 * with pipes, no shell, bounded output and a deadline, so a speller that
 * hangs or dies is an error and never a hang.
 */
#ifndef OUTPOST_SPELLER_H
#define OUTPOST_SPELLER_H

#include <stddef.h>

#include "base/err.h"
#include "text/spell.h"

struct textbuf;

/* A misspelt word of the text and what the speller suggests. */
struct speller_miss {
	struct spell_word at;
	char		 *word;
	char		**sugg;
	size_t		  nsugg;
};

/*
 * Check the text's words with command (split into words, run without a
 * shell, "-a" mode: one "^word" line each) within timeout seconds: the
 * misspelt ones in *out (*n of them; free with speller_free).  Errors
 * (OP_ECONFIG, naming the command, with what it said on stderr): it
 * cannot start, ends or answers out of protocol before the last word,
 * a line over 8 KiB, or no answer in time (it is killed).
 */
int  speller_check(const char *, const struct textbuf *, int,
     struct speller_miss **, size_t *, struct op_err *);
void speller_free(struct speller_miss *, size_t);

#endif
