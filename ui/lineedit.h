/*
 * lineedit.h -- a one-line UTF-8 text field: insert, cursor by character
 * and word, delete, cut the whole line, paste, undo, and the horizontal
 * scrolling that keeps the cursor visible in a narrow column.  No curses:
 * the caller draws le_text() from le_view()'s offset.
 */
#ifndef OUTPOST_LINEEDIT_H
#define OUTPOST_LINEEDIT_H

#include <stddef.h>
#include <stdint.h>

#include "action.h"

#define LE_UNDO 32 /* undo steps kept */

struct le_snap {
	char  *text;
	size_t cur;
};

struct lineedit {
	char	      *buf; /* NUL-terminated UTF-8 */
	size_t	       len, cap;
	size_t	       cur;    /* byte offset, on a character boundary */
	size_t	       scroll; /* byte offset of the first shown char */
	struct le_snap undo[LE_UNDO];
	size_t	       nundo;
	int	       typing; /* the last change was a typed character */
};

void le_init(struct lineedit *);
void le_free(struct lineedit *);
/* Replace the text (cursor at the end); not an undo step. */
void	    le_set(struct lineedit *, const char *);
const char *le_text(const struct lineedit *);

/* Insert a code point (CR, LF and other C0 controls are ignored). */
void le_insert(struct lineedit *, uint32_t);
/* Insert UTF-8 text (controls dropped) as one undo step. */
void le_insert_str(struct lineedit *, const char *);
/* Replace bytes [from, cur) with text: completion. One undo step. */
void le_replace_before(struct lineedit *, size_t, const char *);

void le_left(struct lineedit *);
void le_right(struct lineedit *);
void le_word_left(struct lineedit *);
void le_word_right(struct lineedit *);
void le_home(struct lineedit *);
void le_end(struct lineedit *);
void le_delete_back(struct lineedit *);
void le_delete_forward(struct lineedit *);
void le_delete_word_back(struct lineedit *);
/* The whole text into *cut (replacing it), the field emptied. */
void le_cut(struct lineedit *, char **);
void le_undo(struct lineedit *);

/*
 * An edit action (A_CURSOR_LEFT ... A_UNDO, with cut the shared cut
 * buffer; may be NULL).  1 when it was one of those.
 */
int le_action(struct lineedit *, enum action_id, char **);

/*
 * For drawing in width columns: the byte offset to draw from (scrolled
 * so the cursor is visible) and the cursor's column from there.  width
 * is measured with the given function (display columns of n bytes).
 */
typedef int (*le_width_fn)(const char *, size_t);
size_t le_view(struct lineedit *, int, le_width_fn, int *);

/* UTF-8 helpers shared with the composer. */
size_t	 u8_next(const char *, size_t, size_t);
size_t	 u8_prev(const char *, size_t);
uint32_t u8_decode(const char *, size_t, size_t);
size_t	 u8_encode(uint32_t, char *);

#endif
