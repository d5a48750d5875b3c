/*
 * textbuf-int.h -- the insides of struct textbuf, shared by textbuf.c
 * (storage, editing, undo), textbuf-move.c (cursor movement) and
 * textbuf-wrap.c (soft-wrap layout, vertical moves, scrolling).  Not for
 * use outside src/textbuf*.c.
 */
#ifndef OUTPOST_TEXTBUF_INT_H
#define OUTPOST_TEXTBUF_INT_H

#include "text/textbuf.h"

/* One line: its bytes and the cached starts of its rows 1.. */
struct textbuf_line {
	char	 *s;
	size_t	  len, cap;
	uint32_t *brk;
	uint32_t  nbrk, brkcap;
	int	  wrapw; /* the width brk was made for; -1: none */
	int	  dirty; /* bytes [dirty_from, dirty_to) changed since */
	size_t	  dirty_from, dirty_to;
};

enum textbuf_kind {
	TB_INS,
	TB_DEL
};

/* What the previous call was, for undo runs and cut accumulation. */
enum textbuf_run {
	TB_RUN_NONE,
	TB_RUN_TYPE,
	TB_RUN_BACK,
	TB_RUN_FWD,
	TB_RUN_CUT
};

/* One undo step: text inserted or deleted at at. */
struct textbuf_undo {
	enum textbuf_kind  kind;
	struct textbuf_pos at;
	struct textbuf_pos before, after; /* the cursor around the edit */
	char		  *text;
	size_t		   len, cap;
	int		   with_prev; /* goes with the step before */
};

struct textbuf_ulist {
	struct textbuf_undo *v;
	size_t		     n, cap;
};

struct textbuf {
	struct textbuf_line *lines; /* a gap buffer of lines */
	size_t		     cap, gap, gaplen;
	struct textbuf_pos   cur;
	int		     width;
	int		     goal, goal_valid;
	struct textbuf_vpos  top;
	unsigned long	     changes;
	struct textbuf_ulist undo, redo;
	size_t		     undo_bytes;
	enum textbuf_run     run;
	char		    *cut;
	size_t		     cutlen, cutcap;
};

struct textbuf_line *textbuf_L(const struct textbuf *, size_t);
/* Character boundaries with combining marks kept with their base. */
size_t textbuf_next_boundary(const struct textbuf_line *, size_t);
size_t textbuf_prev_boundary(const struct textbuf_line *, size_t);
/*
 * Note that at bytes [at, at + del) of line became n bytes: the cached
 * row starts after them shift, so that the next layout rewraps only
 * from shortly before the change until the rows fall in step again.
 */
void textbuf_line_changed(struct textbuf_line *, size_t, size_t, size_t);

/* textbuf.c: the two primitive edits, and where an insert ends. */
struct textbuf_pos textbuf_raw_insert(struct textbuf *, struct textbuf_pos,
    const char *, size_t);
void		   textbuf_raw_delete(struct textbuf *, struct textbuf_pos,
		  struct textbuf_pos);
struct textbuf_pos textbuf_end_of(struct textbuf_pos, const char *, size_t);
/* Replace [a, b) by s[0..n): one undo step (a deletion and an insertion). */
void textbuf_replace(struct textbuf *, struct textbuf_pos, struct textbuf_pos,
    const char *, size_t);

/* textbuf-undo.c */
void textbuf_ulist_clear(struct textbuf_ulist *);
/* Record an edit, joining the previous step when it continues a run. */
void textbuf_record(struct textbuf *, enum textbuf_kind, enum textbuf_run,
    struct textbuf_pos, const char *, size_t);

#endif
