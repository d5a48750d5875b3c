/*
 * lineedit.h -- a one-line UTF-8 text field: insert, cursor by character
 * and word, delete, cut the whole line, paste, undo, and the horizontal
 * scrolling that keeps the cursor visible in a narrow column.  No curses:
 * the caller draws lineedit_text() from lineedit_view()'s offset.
 */
#ifndef OUTPOST_LINEEDIT_H
#define OUTPOST_LINEEDIT_H

#include <stddef.h>
#include <stdint.h>

#include "input/action.h"

#define LE_UNDO 32 /* undo steps kept */

struct lineedit_snap {
	char  *text;
	size_t cur;
};

struct lineedit {
	char		    *buf; /* NUL-terminated UTF-8 */
	size_t		     len, cap;
	size_t		     cur;    /* byte offset, on a character boundary */
	size_t		     scroll; /* byte offset of the first shown char */
	struct lineedit_snap undo[LE_UNDO];
	size_t		     nundo;
	int typing; /* the last change was a typed character */
};

void lineedit_init(struct lineedit *);
/* Free the text and its undo steps (all zeroed first). */
void lineedit_free(struct lineedit *);
/*
 * Zero the text and forget the undo steps (zeroed too): a password must
 * not linger after its prompt.  The field stays usable, empty.
 */
void lineedit_wipe(struct lineedit *);
/* Replace the text (cursor at the end); not an undo step. */
void	    lineedit_set(struct lineedit *, const char *);
const char *lineedit_text(const struct lineedit *);

/*
 * Insert a code point; -1 (nothing inserted) for CR, LF and the other
 * C0 and C1 controls, DEL, surrogates and above U+10FFFF.
 */
int lineedit_insert(struct lineedit *, uint32_t);
/* Insert UTF-8 text (controls dropped) as one undo step. */
void lineedit_insert_str(struct lineedit *, const char *);
/* Replace bytes [from, cur) with text: completion. One undo step. */
void lineedit_replace_before(struct lineedit *, size_t, const char *);

void lineedit_left(struct lineedit *);
void lineedit_right(struct lineedit *);
void lineedit_word_left(struct lineedit *);
void lineedit_word_right(struct lineedit *);
void lineedit_home(struct lineedit *);
void lineedit_end(struct lineedit *);
void lineedit_delete_back(struct lineedit *);
void lineedit_delete_forward(struct lineedit *);
void lineedit_delete_word_back(struct lineedit *);
/* The whole text into *cut (replacing it), the field emptied. */
void lineedit_cut(struct lineedit *, char **);
void lineedit_undo(struct lineedit *);

/*
 * An edit action (A_CURSOR_LEFT ... A_UNDO, with cut the shared cut
 * buffer; may be NULL).  1 when it was one of those.
 */
int lineedit_action(struct lineedit *, enum action_id, char **);

/*
 * For drawing in width columns: the byte offset to draw from (scrolled
 * so the cursor is visible) and the cursor's column from there.  width
 * is measured with the given function (display columns of n bytes).
 */
typedef int (*lineedit_width_fn)(const char *, size_t);
size_t lineedit_view(struct lineedit *, int, lineedit_width_fn, int *);

#endif
