/*
 * textbuf-wrap.c -- the body editor's soft-wrap layout (see textbuf.h):
 * each line's row starts computed when first needed and cached until the
 * line or the width changes; cursor to (row, column) and back; vertical
 * and page moves keeping the goal column; the view's top row, scrolling,
 * and the rows a screen draws.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strutil.h"
#include "text/textbuf-int.h"
#include "base/xmalloc.h"

int
textbuf_char_cols(uint32_t cp, int col)
{
	int w;

	if (cp >= 0x20 && cp < 0x7f)
		return (1);
	if (cp == '\t')
		return (TB_TAB - col % TB_TAB);
	if (cp < 0x20 || cp == 0x7f)
		return (2);
	w = utf8_cp_width(cp);
	return (w < 0 ? 1 : w);
}

/* Cheap when the width is unchanged: screens may call it every draw. */
void
textbuf_set_width(struct textbuf *tb, int width)
{
	if (width < 0)
		width = 0;
	if (width == tb->width)
		return;
	tb->width = width;
	tb->top.seg = 0;
}

int
textbuf_width(const struct textbuf *tb)
{
	return (tb->width);
}

static void
reserve(struct textbuf_line *l, uint32_t n)
{
	if (l->nbrk + n > l->brkcap) {
		l->brkcap = (l->nbrk + n) * 2 + 4;
		l->brk = xreallocarray(l->brk, l->brkcap, sizeof *l->brk);
	}
}

static void
add_break(struct textbuf_line *l, size_t at)
{
	reserve(l, 1);
	l->brk[l->nbrk++] = (uint32_t)at;
}

/* Columns of l->s[from..to) starting at column 0. */
static int
cols_of(const struct textbuf_line *l, size_t from, size_t to)
{
	uint32_t cp;
	int	 col = 0;

	while (from < to) {
		if ((unsigned char)l->s[from] - 0x20u < 0x5fu) {
			col++;
			from++;
			continue;
		}
		from += utf8_scan(l->s + from, l->len - from, &cp);
		col += textbuf_char_cols(cp, col);
	}
	return (col);
}

void
textbuf_line_changed(struct textbuf_line *l, size_t at, size_t del, size_t n)
{
	uint32_t i, k = 0;
	size_t	 end = at + del, b;

	if (l->wrapw <= 0)
		return;
	for (i = 0; i < l->nbrk; i++) {
		b = l->brk[i];
		if (b > at && b <= end)
			continue; /* inside what went */
		l->brk[k++] = (uint32_t)(b > end ? b - del + n : b);
	}
	l->nbrk = k;
	if (!l->dirty) {
		l->dirty = 1;
		l->dirty_from = at;
		l->dirty_to = at + n;
		return;
	}
	if (l->dirty_to > end)
		l->dirty_to = l->dirty_to - del + n;
	else if (l->dirty_to > at)
		l->dirty_to = at;
	if (l->dirty_to < at + n)
		l->dirty_to = at + n;
	if (l->dirty_from > at)
		l->dirty_from = at;
}

/* The old row starts after the change, to fall in step with. */
struct wrap_old {
	uint32_t *v;
	uint32_t  n, k;
};

/* 1 when the new break b is an old one: the rest is as before. */
static int
in_step(struct wrap_old *old, size_t b)
{
	while (old->k < old->n && old->v[old->k] < b)
		old->k++;
	return (old->k < old->n && old->v[old->k] == b);
}

/*
 * The fast path: printable ASCII from i while at most room of it fits;
 * where it stops, with the column and the end of the last space.
 */
static size_t
ascii_run(const struct textbuf_line *l, size_t i, size_t room, size_t *space,
    int *col)
{
	const unsigned char *u = (const unsigned char *)l->s;
	size_t		     lim = i + room < l->len ? i + room : l->len, j;

	for (j = i; j < lim && u[j] - 0x20u < 0x5fu; j++) {
		if (u[j] == ' ')
			*space = j + 1;
	}
	*col += (int)(j - i);
	return (j);
}

/*
 * Greedy wrap from row start start: a character that does not fit
 * starts a new row, which begins after the last space of the current
 * one when there is one.
 */
static void
wrap_from(struct textbuf_line *l, int width, size_t start,
    struct wrap_old *old)
{
	size_t	 i = start, space = start, n;
	uint32_t cp;
	int	 col = 0, w;

	while (i < l->len) {
		if (col < width) {
			i = ascii_run(l, i, (size_t)(width - col), &space,
			    &col);
			if (i == l->len)
				break;
		}
		n = utf8_scan(l->s + i, l->len - i, &cp);
		w = textbuf_char_cols(cp, col);
		if (col + w > width && i > start) {
			start = space > start ? space : i;
			if (in_step(old, start)) {
				reserve(l, old->n - old->k);
				memcpy(l->brk + l->nbrk, old->v + old->k,
				    (old->n - old->k) * sizeof *l->brk);
				l->nbrk += old->n - old->k;
				return;
			}
			add_break(l, start);
			space = start;
			col = cols_of(l, start, i);
			continue;
		}
		col += w;
		i += n;
		if (cp == ' ')
			space = i;
	}
	if (col >= width && l->len > start)
		add_break(l, l->len);
}

static void
wrap_line(struct textbuf_line *l, int width)
{
	struct wrap_old old = { NULL, 0, 0 };
	uint32_t	r = 0, keep;

	if (l->wrapw == width && !l->dirty)
		return;
	if (l->wrapw != width || width == 0) {
		l->nbrk = 0;
		l->wrapw = width;
		l->dirty = 0;
		if (width > 0)
			wrap_from(l, width, 0, &old);
		return;
	}
	/* Rows from two before the changed one; see textbuf_line_changed. */
	while (r < l->nbrk && l->brk[r] <= l->dirty_from)
		r++;
	keep = r >= 2 ? r - 2 : 0;
	while (r < l->nbrk && l->brk[r] <= l->dirty_to)
		r++;
	old.n = l->nbrk - r;
	if (old.n > 0) {
		old.v = xreallocarray(NULL, old.n, sizeof *old.v);
		memcpy(old.v, l->brk + r, old.n * sizeof *old.v);
	}
	l->nbrk = keep;
	l->dirty = 0;
	wrap_from(l, width, keep == 0 ? 0 : l->brk[keep - 1], &old);
	free(old.v);
}

static struct textbuf_line *
wrapped(struct textbuf *tb, size_t line)
{
	struct textbuf_line *l = textbuf_L(tb, line);

	if (l->wrapw != tb->width || l->dirty)
		wrap_line(l, tb->width);
	return (l);
}

static size_t
seg_start(const struct textbuf_line *l, size_t seg)
{
	return (seg == 0 ? 0 : l->brk[seg - 1]);
}

static size_t
seg_end(const struct textbuf_line *l, size_t seg)
{
	return (seg < l->nbrk ? l->brk[seg] : l->len);
}

/* The row of pos and its column there. */
static struct textbuf_vpos
pos_vpos(struct textbuf *tb, struct textbuf_pos pos, int *colp)
{
	struct textbuf_line *l = wrapped(tb, pos.line);
	struct textbuf_vpos  vp = { pos.line, 0 };

	while (vp.seg < l->nbrk && l->brk[vp.seg] <= pos.byte)
		vp.seg++;
	if (colp != NULL)
		*colp = cols_of(l, seg_start(l, vp.seg), pos.byte);
	return (vp);
}

struct textbuf_vpos
textbuf_cursor_vpos(struct textbuf *tb, int *colp)
{
	return (pos_vpos(tb, tb->cur, colp));
}

/* The byte of row vp nearest to column goal, never past its end. */
static size_t
byte_at_col(struct textbuf *tb, struct textbuf_vpos vp, int goal)
{
	struct textbuf_line *l = wrapped(tb, vp.line);
	size_t	 i = seg_start(l, vp.seg), end = seg_end(l, vp.seg), next;
	uint32_t cp;
	int	 col = 0, w;

	while (i < end) {
		utf8_scan(l->s + i, l->len - i, &cp);
		w = textbuf_char_cols(cp, col);
		next = textbuf_next_boundary(l, i);
		if (col + w > goal || (next >= end && vp.seg < l->nbrk))
			break;
		col += w;
		i = next;
	}
	return (i);
}

long
textbuf_vpos_step(struct textbuf *tb, struct textbuf_vpos *vp, long delta)
{
	long   done = 0;
	size_t n = textbuf_nlines(tb);

	while (delta > 0) {
		if (vp->seg < wrapped(tb, vp->line)->nbrk)
			vp->seg++;
		else if (vp->line + 1 < n) {
			vp->line++;
			vp->seg = 0;
		} else
			break;
		delta--;
		done++;
	}
	while (delta < 0) {
		if (vp->seg > 0)
			vp->seg--;
		else if (vp->line > 0) {
			vp->line--;
			vp->seg = wrapped(tb, vp->line)->nbrk;
		} else
			break;
		delta++;
		done++;
	}
	return (done);
}

/* Move the cursor by delta rows at the goal column: rows moved. */
static long
vertical(struct textbuf *tb, long delta)
{
	struct textbuf_vpos vp;
	long		    done;
	int		    col;

	vp = pos_vpos(tb, tb->cur, &col);
	if (!tb->goal_valid) {
		tb->goal = col;
		tb->goal_valid = 1;
	}
	tb->run = TB_RUN_NONE;
	if ((done = textbuf_vpos_step(tb, &vp, delta)) == 0)
		return (0);
	tb->cur.line = vp.line;
	tb->cur.byte = byte_at_col(tb, vp, tb->goal);
	return (done);
}

int
textbuf_up(struct textbuf *tb)
{
	return (vertical(tb, -1) != 0);
}

int
textbuf_down(struct textbuf *tb)
{
	return (vertical(tb, 1) != 0);
}

static void
clamp_top(struct textbuf *tb, struct textbuf_vpos *vp)
{
	struct textbuf_line *l;

	if (vp->line >= textbuf_nlines(tb)) {
		vp->line = textbuf_nlines(tb) - 1;
		vp->seg = 0;
	}
	l = wrapped(tb, vp->line);
	if (vp->seg > l->nbrk)
		vp->seg = l->nbrk;
}

int
textbuf_page_up(struct textbuf *tb, int rows)
{
	long done = vertical(tb, rows > 0 ? -rows : -1);

	clamp_top(tb, &tb->top);
	textbuf_vpos_step(tb, &tb->top, -done);
	return (done != 0);
}

int
textbuf_page_down(struct textbuf *tb, int rows)
{
	long done = vertical(tb, rows > 0 ? rows : 1);

	clamp_top(tb, &tb->top);
	textbuf_vpos_step(tb, &tb->top, done);
	return (done != 0);
}

struct textbuf_vpos
textbuf_top(struct textbuf *tb)
{
	clamp_top(tb, &tb->top);
	return (tb->top);
}

void
textbuf_set_top(struct textbuf *tb, struct textbuf_vpos top)
{
	tb->top = top;
	clamp_top(tb, &tb->top);
}

static int
vpos_before(struct textbuf_vpos a, struct textbuf_vpos b)
{
	return (a.line < b.line || (a.line == b.line && a.seg < b.seg));
}

int
textbuf_scroll(struct textbuf *tb, int height)
{
	struct textbuf_vpos c = pos_vpos(tb, tb->cur, NULL), vp;
	int		    row;

	if (height < 1)
		height = 1;
	clamp_top(tb, &tb->top);
	if (vpos_before(c, tb->top)) {
		tb->top = c;
		return (0);
	}
	vp = tb->top;
	for (row = 0; row < height; row++) {
		if (vp.line == c.line && vp.seg == c.seg)
			return (row);
		if (textbuf_vpos_step(tb, &vp, 1) == 0)
			break;
	}
	tb->top = c;
	textbuf_vpos_step(tb, &tb->top, -(long)(height - 1));
	return (height - 1);
}

size_t
textbuf_rows(struct textbuf *tb, struct textbuf_vpos top,
    struct textbuf_row *rows, size_t n)
{
	struct textbuf_line *l;
	size_t		     i;

	clamp_top(tb, &top);
	for (i = 0; i < n; i++) {
		l = wrapped(tb, top.line);
		rows[i].vpos = top;
		rows[i].off = seg_start(l, top.seg);
		rows[i].len = seg_end(l, top.seg) - rows[i].off;
		rows[i].text = l->s + rows[i].off;
		rows[i].last = top.seg == l->nbrk;
		if (textbuf_vpos_step(tb, &top, 1) == 0) {
			i++;
			break;
		}
	}
	return (i);
}
