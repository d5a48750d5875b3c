/*
 * textbuf.h -- the composer body's editor model: lines of UTF-8 text, a
 * cursor, undo/redo, a cut buffer, a change counter for autosave, and
 * the soft-wrap layout a screen draws from.  Made for terminals and for
 * speed: every operation costs what the edited line and the visible rows
 * cost, never the whole document (a gap buffer of lines, each line its
 * own small buffer, wrap points cached per line).
 *
 * Positions are (line, byte): line 0.., byte an offset into that line,
 * always on a UTF-8 character boundary.  Lines hold no '\n'.
 *
 * Display widths come from utf8_cp_width (base/strutil.h: wcwidth(3)),
 * so the caller must have set an UTF-8 LC_CTYPE with setlocale(3) before
 * using it (this module never calls setlocale).  Widths
 * (textbuf_char_cols): printable ASCII 1; a tab runs to the next multiple
 * of 8 (TB_TAB) within its screen row; other control characters 2 (drawn
 * as ^X); utf8_cp_width's answer otherwise, with -1 (unprintable, or a
 * non-UTF-8 locale) counted as 1 (drawn as one replacement cell).
 * Invalid UTF-8 bytes are single characters of width 1 (U+FFFD, as
 * utf8_scan reads them), so any bytes can be loaded and moved over
 * safely.
 *
 * Combining marks (width 0) stay with their base: moving left or right
 * and deleting take the base and its marks together.
 *
 * Editing functions never fail (allocation failure aborts, like
 * xmalloc); they return 1 when something changed and 0 otherwise.
 */
#ifndef OUTPOST_TEXTBUF_H
#define OUTPOST_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>

#define TB_TAB		  8
#define TB_UNDO_MAX_STEPS 2000		    /* oldest undo steps dropped */
#define TB_UNDO_MAX_BYTES (4 * 1024 * 1024) /* text kept for undo */

struct textbuf;

struct textbuf_pos {
	size_t line;
	size_t byte;
};

/* A screen row of the soft-wrapped layout: segment seg of line. */
struct textbuf_vpos {
	size_t line;
	size_t seg;
};

/* One row to draw: bytes text[0..len) of line, starting at byte off. */
struct textbuf_row {
	struct textbuf_vpos vpos;
	const char	   *text;
	size_t		    off, len;
	int		    last; /* the last row of its line */
};

struct textbuf *textbuf_new(void);
void		textbuf_free(struct textbuf *);

/*
 * Replace the text (LF line ends; a CR before an LF is dropped), cursor
 * at the start, undo and redo emptied, the change counter at 0.
 */
void textbuf_load(struct textbuf *, const char *, size_t);
/* The whole text, lines joined by LF, NUL-terminated (caller frees). */
char *textbuf_export(const struct textbuf *, size_t *);

size_t	    textbuf_nlines(const struct textbuf *);
const char *textbuf_line(const struct textbuf *, size_t, size_t *);
/* Changes since the load (each edit, undo or redo counts one). */
unsigned long textbuf_changes(const struct textbuf *);

struct textbuf_pos textbuf_cursor(const struct textbuf *);
/* Clamped to the text and moved back to a character boundary. */
void textbuf_set_cursor(struct textbuf *, size_t, size_t);

/* Editing at the cursor. */
int textbuf_insert_char(struct textbuf *,
    uint32_t); /* 0 for a bad code point */
int textbuf_insert_text(struct textbuf *, const char *, size_t); /* a paste */
int textbuf_newline(struct textbuf *);
int textbuf_delete_back(struct textbuf *);
int textbuf_delete_forward(struct textbuf *);

/*
 * Cut the cursor's line (with its line end) into the cut buffer;
 * consecutive cuts (nothing else in between) accumulate, like nano's ^K.
 * Paste inserts the cut buffer at the cursor.  Each is one undo step.
 */
int	    textbuf_cut_line(struct textbuf *);
int	    textbuf_paste(struct textbuf *);
const char *textbuf_cut_buffer(const struct textbuf *, size_t *);

/*
 * Justify (pico's ^J) the paragraph at the cursor, or the next one when
 * the cursor's line is blank: its words refilled into lines of at most
 * width columns (a longer word alone on its line).  A paragraph is a run
 * of lines with the same quote depth (the '>' of a leading "> > " or
 * ">>"), ended by a blank line (nothing but blanks after the quote) or a
 * "-- " line; every line keeps the first line's quote prefix, the first
 * keeps its indent, the others take the second line's.  The cursor goes
 * to the start of the line after the paragraph (or its end).  One undo
 * step; 1 when the text changed.
 */
int textbuf_justify(struct textbuf *, int);

/*
 * Replace bytes [from, to) of line by s[0..n) (a spelling correction),
 * the cursor after it.  One undo step; with join, a part of the step
 * before it (a spell check's replacements undo together).  1 when the
 * text changed.
 */
int textbuf_replace_range(struct textbuf *, size_t, size_t, size_t,
    const char *, size_t, int);

/*
 * Undo and redo.  A run of typed characters is one step, and so is a
 * run of deletions in one direction; a newline, a paste, a cut each one.
 * Any edit empties the redo list.  Memory is bounded: past
 * TB_UNDO_MAX_STEPS steps or TB_UNDO_MAX_BYTES of text the oldest go.
 */
int textbuf_undo(struct textbuf *);
int textbuf_redo(struct textbuf *);

/*
 * Movement.  Up, down and the page moves go by screen row of the
 * soft-wrapped layout (by line when the width is 0) and keep the goal
 * display column of the last horizontal move or edit.  Page moves go
 * rows rows and scroll the view as far.
 */
int textbuf_left(struct textbuf *);
int textbuf_right(struct textbuf *);
int textbuf_word_left(struct textbuf *);
int textbuf_word_right(struct textbuf *);
int textbuf_line_start(struct textbuf *);
int textbuf_line_end(struct textbuf *);
int textbuf_up(struct textbuf *);
int textbuf_down(struct textbuf *);
int textbuf_page_up(struct textbuf *, int);
int textbuf_page_down(struct textbuf *, int);
int textbuf_doc_start(struct textbuf *);
int textbuf_doc_end(struct textbuf *);
/*
 * Where-is (pico's ^W): the cursor to the start of the next match of s
 * after it, ASCII letters matched without regard to case, going round
 * from the end to the start.  1 found, 2 found after going round (or
 * only at the cursor), 0 not found (the cursor stays).
 */
int textbuf_find(struct textbuf *, const char *);

/*
 * Layout.  The wrap width in columns (0: no wrapping, one row a line).
 * Rows break after the last space that fits, else between characters;
 * a wide character is never split.  When a line's last row is full, an
 * empty row follows it for the cursor at the line end.
 */
void textbuf_set_width(struct textbuf *, int);
int  textbuf_width(const struct textbuf *);
/* Columns cp takes at column col of its row (see above). */
int textbuf_char_cols(uint32_t, int);

/* The cursor's row and its column in that row. */
struct textbuf_vpos textbuf_cursor_vpos(struct textbuf *, int *);
/* Move a row position by delta rows, stopping at the ends: rows moved. */
long textbuf_vpos_step(struct textbuf *, struct textbuf_vpos *, long);

/*
 * The view's first row (kept in the buffer, adjusted by the page moves
 * and textbuf_scroll).  textbuf_scroll makes the cursor visible in a window of
 * height rows, scrolling as little as it can, and returns the cursor's
 * row in the window (0..height-1).
 */
struct textbuf_vpos textbuf_top(struct textbuf *);
void		    textbuf_set_top(struct textbuf *, struct textbuf_vpos);
int		    textbuf_scroll(struct textbuf *, int);
/*
 * Up to n rows from top (what a screen draws): how many were filled
 * (fewer at the end of the text).  The text pointers stay valid until
 * the next edit.
 */
size_t textbuf_rows(struct textbuf *, struct textbuf_vpos,
    struct textbuf_row *, size_t);

#endif
