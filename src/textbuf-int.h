/*
 * textbuf-int.h -- the insides of struct textbuf, shared by textbuf.c
 * (storage, editing, undo), textbuf-move.c (cursor movement) and
 * textbuf-wrap.c (soft-wrap layout, vertical moves, scrolling).  Not for
 * use outside src/textbuf*.c.
 */
#ifndef OUTPOST_TEXTBUF_INT_H
#define OUTPOST_TEXTBUF_INT_H

#include "textbuf.h"

/* One line: its bytes and the cached starts of its rows 1.. */
struct tb_line {
	char	 *s;
	size_t	  len, cap;
	uint32_t *brk;
	uint32_t  nbrk, brkcap;
	int	  wrapw; /* the width brk was made for; -1: none */
	int	  dirty; /* bytes [dirty_from, dirty_to) changed since */
	size_t	  dirty_from, dirty_to;
};

enum tb_kind {
	TB_INS,
	TB_DEL
};

/* What the previous call was, for undo runs and cut accumulation. */
enum tb_run {
	TB_RUN_NONE,
	TB_RUN_TYPE,
	TB_RUN_BACK,
	TB_RUN_FWD,
	TB_RUN_CUT
};

/* One undo step: text inserted or deleted at at. */
struct tb_undo {
	enum tb_kind  kind;
	struct tb_pos at;
	struct tb_pos before, after; /* the cursor around the edit */
	char	     *text;
	size_t	      len, cap;
};

struct tb_ulist {
	struct tb_undo *v;
	size_t		n, cap;
};

struct textbuf {
	struct tb_line *lines; /* a gap buffer of lines */
	size_t		cap, gap, gaplen;
	struct tb_pos	cur;
	int		width;
	int		goal, goal_valid;
	struct tb_vpos	top;
	unsigned long	changes;
	struct tb_ulist undo, redo;
	size_t		undo_bytes;
	enum tb_run	run;
	char	       *cut;
	size_t		cutlen, cutcap;
};

struct tb_line *tb_L(const struct textbuf *, size_t);
/* Character boundaries with combining marks kept with their base. */
size_t tb_next_boundary(const struct tb_line *, size_t);
size_t tb_prev_boundary(const struct tb_line *, size_t);
/*
 * Note that at bytes [at, at + del) of line became n bytes: the cached
 * row starts after them shift, so that the next layout rewraps only
 * from shortly before the change until the rows fall in step again.
 */
void tb_line_changed(struct tb_line *, size_t, size_t, size_t);

/* textbuf.c: the two primitive edits, and where an insert ends. */
struct tb_pos tb_raw_insert(struct textbuf *, struct tb_pos, const char *,
    size_t);
void	      tb_raw_delete(struct textbuf *, struct tb_pos, struct tb_pos);
struct tb_pos tb_end_of(struct tb_pos, const char *, size_t);

/* textbuf-undo.c */
void tb_ulist_clear(struct tb_ulist *);
/* Record an edit, joining the previous step when it continues a run. */
void tb_record(struct textbuf *, enum tb_kind, enum tb_run, struct tb_pos,
    const char *, size_t);

#endif
