/*
 * textbuf-undo.c -- the body editor's undo and redo: steps of inserted
 * or deleted text, runs (typing, deleting in one direction) joined into
 * one step, the oldest steps dropped past TB_UNDO_MAX_STEPS or
 * TB_UNDO_MAX_BYTES.
 */
#include <stdlib.h>
#include <string.h>

#include "text/textbuf-int.h"
#include "base/xmalloc.h"

void
textbuf_ulist_clear(struct textbuf_ulist *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->v[i].text);
	u->n = 0;
}

/* Drop the oldest quarter of the undo steps while over the bounds. */
static void
undo_trim(struct textbuf *tb)
{
	struct textbuf_ulist *u = &tb->undo;
	size_t		      k, drop;

	while (u->n > 1 &&
	    (u->n > TB_UNDO_MAX_STEPS || tb->undo_bytes > TB_UNDO_MAX_BYTES)) {
		drop = u->n / 4 > 0 ? u->n / 4 : 1;
		for (k = 0; k < drop; k++) {
			tb->undo_bytes -= u->v[k].len;
			free(u->v[k].text);
		}
		memmove(u->v, u->v + drop, (u->n - drop) * sizeof *u->v);
		u->n -= drop;
	}
}

static struct textbuf_undo *
ulist_push(struct textbuf_ulist *u)
{
	struct textbuf_undo *r;

	if (u->n == u->cap) {
		u->cap = u->cap * 2 + 16;
		u->v = xreallocarray(u->v, u->cap, sizeof *u->v);
	}
	r = &u->v[u->n++];
	memset(r, 0, sizeof *r);
	return (r);
}

/* Add text to a step, at its end or its start. */
static void
step_add(struct textbuf *tb, struct textbuf_undo *r, const char *s, size_t n,
    int front)
{
	if (r->len + n + 1 > r->cap) {
		r->cap = (r->len + n) * 2 + 16;
		r->text = xreallocarray(r->text, r->cap, 1);
	}
	if (front) {
		memmove(r->text + n, r->text, r->len);
		memcpy(r->text, s, n);
	} else
		memcpy(r->text + r->len, s, n);
	r->len += n;
	tb->undo_bytes += n;
}

void
textbuf_record(struct textbuf *tb, enum textbuf_kind kind,
    enum textbuf_run run, struct textbuf_pos at, const char *s, size_t n)
{
	struct textbuf_undo *r = tb->undo.n > 0 ? &tb->undo.v[tb->undo.n - 1] :
						  NULL;

	textbuf_ulist_clear(&tb->redo);
	if (r == NULL || run == TB_RUN_NONE || run == TB_RUN_CUT ||
	    run != tb->run || r->kind != kind) {
		r = ulist_push(&tb->undo);
		r->kind = kind;
		r->at = at;
		r->before = tb->cur;
	}
	if (run == TB_RUN_BACK && r->len > 0) {
		step_add(tb, r, s, n, 1);
		r->at = at;
	} else
		step_add(tb, r, s, n, 0);
	undo_trim(tb);
}

/* Apply step r forwards (redo) or backwards (undo). */
static void
apply(struct textbuf *tb, const struct textbuf_undo *r, int forwards)
{
	if ((r->kind == TB_INS) == forwards)
		textbuf_raw_insert(tb, r->at, r->text, r->len);
	else
		textbuf_raw_delete(tb, r->at,
		    textbuf_end_of(r->at, r->text, r->len));
	tb->cur = forwards ? r->after : r->before;
	tb->changes++;
	tb->goal_valid = 0;
	tb->run = TB_RUN_NONE;
}

int
textbuf_undo(struct textbuf *tb)
{
	struct textbuf_undo *r;
	int		     more;

	tb->run = TB_RUN_NONE;
	if (tb->undo.n == 0)
		return (0);
	do {
		r = &tb->undo.v[--tb->undo.n];
		tb->undo_bytes -= r->len;
		apply(tb, r, 0);
		more = r->with_prev && tb->undo.n > 0;
		*ulist_push(&tb->redo) = *r;
	} while (more);
	return (1);
}

int
textbuf_redo(struct textbuf *tb)
{
	struct textbuf_undo *r;

	tb->run = TB_RUN_NONE;
	if (tb->redo.n == 0)
		return (0);
	do {
		r = &tb->redo.v[--tb->redo.n];
		apply(tb, r, 1);
		*ulist_push(&tb->undo) = *r;
		tb->undo_bytes += r->len;
	} while (tb->redo.n > 0 && tb->redo.v[tb->redo.n - 1].with_prev);
	return (1);
}
