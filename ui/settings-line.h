/*
 * settings-line.h -- a one-line text editor for a Settings value, no
 * curses: UTF-8 text with a caret, the edit actions of action.h, one
 * level of undo and a cut buffer shared by the caller.
 */
#ifndef OUTPOST_SETTINGS_LINE_H
#define OUTPOST_SETTINGS_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "action.h"

struct sline {
	char  *buf; /* NUL-terminated */
	size_t len, cap;
	size_t caret; /* byte offset, on a character boundary */
	char  *undo;  /* the text before the last change */
	size_t undo_caret;
};

void sline_set(struct sline *, const char *);
void sline_free(struct sline *);
/* Insert one code point at the caret (controls are refused: -1). */
int sline_insert(struct sline *, uint32_t);
/*
 * Apply an edit action; *cut is the cut buffer (may be replaced).
 * Returns 1 when the text changed, 0 when only the caret moved, -1 when
 * the action is not an edit action.
 */
int sline_action(struct sline *, enum action_id, char **);

#endif
