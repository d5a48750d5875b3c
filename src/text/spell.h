/*
 * spell.h -- spell checking the message text: which words are checked
 * (not quoted "> " lines, nothing from the signature's "-- " line on, no
 * addresses, links or words with digits), the answers of a speller in
 * the ispell pipe protocol (aspell -a, hunspell -a).  Running one is
 * speller.h's.
 */
#ifndef OUTPOST_SPELL_H
#define OUTPOST_SPELL_H

#include <stddef.h>

struct textbuf;

#define SPELL_MAX_SUGG 9 /* suggestions kept: one digit picks one */

/* A word of the text: bytes [start, end) of line. */
struct spell_word {
	size_t line, start, end;
};

/*
 * The words of line[0..len) from byte from on (0, or the end of the
 * word before): the next one's bounds in *start and *end, 1; 0 when
 * there is none.  A word is a run of letters,
 * with an apostrophe (' or U+2019) between two letters kept inside it;
 * a blank-separated token holding a digit, '@', "://" or starting with
 * "www." is skipped whole.  Letters are iswalpha's in the locale.
 */
int spell_next_word(const char *, size_t, size_t, size_t *, size_t *);
/*
 * Every word of the text to check, in order (caller frees *v): lines
 * starting with '>' are skipped, and the check stops at a line that is
 * exactly "-- " (the signature).
 */
void spell_words(const struct textbuf *, struct spell_word **, size_t *);

/* One line of a speller's answer. */
enum spell_kind {
	SPELL_END,    /* the empty line closing a word's answer */
	SPELL_OK,     /* "*", "+ root", "-" */
	SPELL_MISS,   /* "& word n off: sugg, ..." "? ..." "# word off" */
	SPELL_BANNER, /* "@(#) ..." the first line */
	SPELL_BAD,    /* anything else */
};
struct spell_answer {
	enum spell_kind kind;
	char	      **sugg; /* at most SPELL_MAX_SUGG */
	size_t		nsugg;
};
/* Parse a line (without its '\n'); free the suggestions with
 * spell_answer_free. */
void spell_parse(const char *, size_t, struct spell_answer *);
void spell_answer_free(struct spell_answer *);

#endif
