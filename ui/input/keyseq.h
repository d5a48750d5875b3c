/*
 * keyseq.h -- escape sequences the terminal's description (terminfo) did
 * not name, read after the Escape that curses handed back: the common
 * ones (xterm's and the Linux console's cursor and function keys) become
 * their keys, any other is consumed whole and reported as unknown, so
 * none of its bytes is ever typed into a field.  The grammar: CSI (ESC [
 * parameters 0x30-0x3f, intermediates 0x20-0x2f, a final byte 0x40-0x7e),
 * SS3 (ESC O and one byte), the Linux console's ESC [ [ and one byte.
 */
#ifndef OUTPOST_KEYSEQ_H
#define OUTPOST_KEYSEQ_H

#include "input/keys.h"

#define KEYSEQ_MAX 32

enum keyseq_state {
	KEYSEQ_MORE,	/* a sequence under way: give the next key */
	KEYSEQ_KEY,	/* complete: *key is what it means */
	KEYSEQ_UNKNOWN, /* complete, or broken off: no key of ours */
	KEYSEQ_NOTSEQ	/* the first key after Escape starts none */
};

struct keyseq {
	char   buf[KEYSEQ_MAX];
	size_t len;
};

/* After an Escape. */
void keyseq_start(struct keyseq *);
/*
 * The next key after the Escape.  KEYSEQ_NOTSEQ for a first key other
 * than '[' or 'O'; a key that cannot be part of a sequence (a control
 * character, a special key) ends it as KEYSEQ_UNKNOWN and is not part of
 * it (the caller keeps it for later).
 */
enum keyseq_state keyseq_add(struct keyseq *, keyc, keyc *);

#endif
