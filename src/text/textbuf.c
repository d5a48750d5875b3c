/*
 * textbuf.c -- the body editor's storage and editing (see textbuf.h):
 * a gap buffer of lines, each line a small buffer of its own; the two
 * primitive edits (insert text at a position, delete a range) that every
 * command and undo/redo (textbuf-undo.c) are built from; the editing
 * commands; the cut buffer.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/strutil.h"
#include "text/textbuf-int.h"
#include "base/xmalloc.h"

#define MIN_LINES 64

struct textbuf_line *
textbuf_L(const struct textbuf *tb, size_t i)
{
	return (&tb->lines[i < tb->gap ? i : i + tb->gaplen]);
}

size_t
textbuf_nlines(const struct textbuf *tb)
{
	return (tb->cap - tb->gaplen);
}

/* Move the gap to i with room for at least n lines. */
static void
gap_at(struct textbuf *tb, size_t i, size_t n)
{
	size_t newcap, tail;

	if (tb->gaplen < n) {
		newcap = tb->cap * 2 + n + MIN_LINES;
		tail = tb->cap - tb->gap - tb->gaplen;
		tb->lines = xreallocarray(tb->lines, newcap,
		    sizeof *tb->lines);
		memmove(tb->lines + newcap - tail,
		    tb->lines + tb->gap + tb->gaplen,
		    tail * sizeof *tb->lines);
		tb->gaplen += newcap - tb->cap;
		tb->cap = newcap;
	}
	if (i < tb->gap)
		memmove(tb->lines + i + tb->gaplen, tb->lines + i,
		    (tb->gap - i) * sizeof *tb->lines);
	else if (i > tb->gap)
		memmove(tb->lines + tb->gap, tb->lines + tb->gap + tb->gaplen,
		    (i - tb->gap) * sizeof *tb->lines);
	tb->gap = i;
}

/* A new line at i holding s[0..n). */
static struct textbuf_line *
line_new_at(struct textbuf *tb, size_t i, const char *s, size_t n)
{
	struct textbuf_line *l;

	gap_at(tb, i, 1);
	l = &tb->lines[tb->gap++];
	tb->gaplen--;
	memset(l, 0, sizeof *l);
	l->cap = n < 16 ? 16 : n + 16;
	l->s = xmalloc(l->cap);
	memcpy(l->s, s, n);
	l->len = n;
	l->wrapw = -1;
	return (l);
}

static void
line_free(struct textbuf_line *l)
{
	free(l->s);
	free(l->brk);
}

/* Remove lines [i, i + n). */
static void
lines_remove(struct textbuf *tb, size_t i, size_t n)
{
	size_t k;

	gap_at(tb, i, 0);
	for (k = 0; k < n; k++)
		line_free(&tb->lines[tb->gap + tb->gaplen + k]);
	tb->gaplen += n;
}

static void
line_splice(struct textbuf_line *l, size_t at, size_t del, const char *s,
    size_t n)
{
	if (l->len - del + n > l->cap) {
		l->cap = (l->len - del + n) * 2;
		l->s = xreallocarray(l->s, l->cap, 1);
	}
	memmove(l->s + at + n, l->s + at + del, l->len - at - del);
	memcpy(l->s + at, s, n);
	l->len = l->len - del + n;
	textbuf_line_changed(l, at, del, n);
}

struct textbuf *
textbuf_new(void)
{
	struct textbuf *tb = xcalloc(1, sizeof *tb);

	textbuf_load(tb, "", 0);
	return (tb);
}

void
textbuf_free(struct textbuf *tb)
{
	if (tb == NULL)
		return;
	lines_remove(tb, 0, textbuf_nlines(tb));
	free(tb->lines);
	textbuf_ulist_clear(&tb->undo);
	textbuf_ulist_clear(&tb->redo);
	free(tb->undo.v);
	free(tb->redo.v);
	free(tb->cut);
	free(tb);
}

void
textbuf_load(struct textbuf *tb, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	size_t	    n, i = 0;

	if (tb->lines != NULL)
		lines_remove(tb, 0, textbuf_nlines(tb));
	textbuf_ulist_clear(&tb->undo);
	textbuf_ulist_clear(&tb->redo);
	tb->undo_bytes = 0;
	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (nl != NULL && n > 0 && p[n - 1] == '\r')
			n--;
		line_new_at(tb, i++, p, n);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	memset(&tb->cur, 0, sizeof tb->cur);
	memset(&tb->top, 0, sizeof tb->top);
	tb->goal_valid = 0;
	tb->changes = 0;
	tb->run = TB_RUN_NONE;
}

char *
textbuf_export(const struct textbuf *tb, size_t *lenp)
{
	size_t		     i, n = textbuf_nlines(tb), len = 0;
	struct textbuf_line *l;
	char		    *buf, *p;

	for (i = 0; i < n; i++)
		len += textbuf_L(tb, i)->len + 1;
	p = buf = xmalloc(len);
	for (i = 0; i < n; i++) {
		l = textbuf_L(tb, i);
		memcpy(p, l->s, l->len);
		p += l->len;
		*p++ = i + 1 < n ? '\n' : '\0';
	}
	if (lenp != NULL)
		*lenp = len - 1;
	return (buf);
}

const char *
textbuf_line(const struct textbuf *tb, size_t i, size_t *lenp)
{
	struct textbuf_line *l;

	if (i >= textbuf_nlines(tb)) {
		*lenp = 0;
		return ("");
	}
	l = textbuf_L(tb, i);
	*lenp = l->len;
	return (l->s);
}

unsigned long
textbuf_changes(const struct textbuf *tb)
{
	return (tb->changes);
}

struct textbuf_pos
textbuf_cursor(const struct textbuf *tb)
{
	return (tb->cur);
}

struct textbuf_pos
textbuf_end_of(struct textbuf_pos at, const char *text, size_t len)
{
	const char *nl, *p = text, *end = text + len;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		at.line++;
		at.byte = 0;
		p = nl + 1;
	}
	at.byte += (size_t)(end - p);
	return (at);
}

struct textbuf_pos
textbuf_raw_insert(struct textbuf *tb, struct textbuf_pos at, const char *text,
    size_t len)
{
	struct textbuf_line *l = textbuf_L(tb, at.line), *last;
	const char	    *nl, *p, *end = text + len;
	size_t		     i = at.line, taillen;
	char		    *tail;

	if ((nl = memchr(text, '\n', len)) == NULL) {
		line_splice(l, at.byte, 0, text, len);
		return (textbuf_end_of(at, text, len));
	}
	taillen = l->len - at.byte;
	tail = xmalloc(taillen + 1);
	memcpy(tail, l->s + at.byte, taillen);
	line_splice(l, at.byte, taillen, text, (size_t)(nl - text));
	for (p = nl + 1; p <= end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		last = line_new_at(tb, ++i, p, (size_t)(nl - p));
		if (nl == end) {
			line_splice(last, last->len, 0, tail, taillen);
			break;
		}
	}
	free(tail);
	return (textbuf_end_of(at, text, len));
}

static int
pos_cmp(struct textbuf_pos a, struct textbuf_pos b)
{
	if (a.line != b.line)
		return (a.line < b.line ? -1 : 1);
	return (a.byte < b.byte ? -1 : a.byte > b.byte);
}

/* The text of [a, b) (allocated). */
static char *
range_text(struct textbuf *tb, struct textbuf_pos a, struct textbuf_pos b,
    size_t *lenp)
{
	struct textbuf_line *l;
	size_t		     i, len = 0, from, to;
	char		    *buf;

	for (i = a.line; i <= b.line; i++)
		len += textbuf_L(tb, i)->len + 1;
	buf = xmalloc(len + 1);
	len = 0;
	for (i = a.line; i <= b.line; i++) {
		l = textbuf_L(tb, i);
		from = i == a.line ? a.byte : 0;
		to = i == b.line ? b.byte : l->len;
		memcpy(buf + len, l->s + from, to - from);
		len += to - from;
		if (i < b.line)
			buf[len++] = '\n';
	}
	buf[len] = '\0';
	*lenp = len;
	return (buf);
}

void
textbuf_raw_delete(struct textbuf *tb, struct textbuf_pos a,
    struct textbuf_pos b)
{
	struct textbuf_line *la = textbuf_L(tb, a.line), *lb;

	if (a.line == b.line) {
		line_splice(la, a.byte, b.byte - a.byte, "", 0);
		return;
	}
	lb = textbuf_L(tb, b.line);
	line_splice(la, a.byte, la->len - a.byte, lb->s + b.byte,
	    lb->len - b.byte);
	lines_remove(tb, a.line + 1, b.line - a.line);
}

static void
edited(struct textbuf *tb, enum textbuf_run run)
{
	tb->changes++;
	tb->goal_valid = 0;
	tb->run = run;
	if (tb->undo.n > 0)
		tb->undo.v[tb->undo.n - 1].after = tb->cur;
}

static int
edit_insert(struct textbuf *tb, const char *s, size_t n, enum textbuf_run run)
{
	if (n == 0) {
		tb->run = TB_RUN_NONE;
		return (0);
	}
	textbuf_record(tb, TB_INS, run, tb->cur, s, n);
	tb->cur = textbuf_raw_insert(tb, tb->cur, s, n);
	edited(tb, run);
	return (1);
}

static int
edit_delete(struct textbuf *tb, struct textbuf_pos a, struct textbuf_pos b,
    enum textbuf_run run)
{
	char  *s;
	size_t n;

	if (pos_cmp(a, b) >= 0) {
		tb->run = TB_RUN_NONE;
		return (0);
	}
	s = range_text(tb, a, b, &n);
	textbuf_record(tb, TB_DEL, run, a, s, n);
	free(s);
	textbuf_raw_delete(tb, a, b);
	tb->cur = a;
	edited(tb, run);
	return (1);
}

void
textbuf_replace(struct textbuf *tb, struct textbuf_pos a, struct textbuf_pos b,
    const char *s, size_t n)
{
	int deleted = edit_delete(tb, a, b, TB_RUN_NONE);

	tb->cur = a;
	if (edit_insert(tb, s, n, TB_RUN_NONE) && deleted)
		tb->undo.v[tb->undo.n - 1].with_prev = 1;
}

int
textbuf_replace_range(struct textbuf *tb, size_t line, size_t from, size_t to,
    const char *s, size_t n, int join)
{
	struct textbuf_pos a = { line, from }, b = { line, to };
	size_t		   before = tb->undo.n, i, len;
	const char	  *old;

	if (line >= textbuf_nlines(tb) || from > to)
		return (0);
	old = textbuf_line(tb, line, &len);
	if (to > len || (to - from == n && memcmp(old + from, s, n) == 0))
		return (0);
	textbuf_replace(tb, a, b, s, n);
	tb->run = TB_RUN_NONE;
	if (join && before > 0 && tb->undo.n > 0) {
		/* The first step of this replacement joins the one before. */
		for (i = tb->undo.n - 1; i > 0 && tb->undo.v[i].with_prev; i--)
			;
		tb->undo.v[i].with_prev = 1;
	}
	return (1);
}

int
textbuf_insert_char(struct textbuf *tb, uint32_t cp)
{
	char   buf[4];
	size_t n;

	if (cp == '\n')
		return (textbuf_newline(tb));
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	n = utf8_encode(cp, buf);
	return (edit_insert(tb, buf, n, TB_RUN_TYPE));
}

int
textbuf_insert_text(struct textbuf *tb, const char *s, size_t len)
{
	char  *clean = xmalloc(len + 1);
	size_t i, n = 0;
	int    r;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0' ||
		    (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			continue;
		clean[n++] = s[i] == '\r' ? '\n' : s[i];
	}
	r = edit_insert(tb, clean, n, TB_RUN_NONE);
	free(clean);
	return (r);
}

int
textbuf_newline(struct textbuf *tb)
{
	return (edit_insert(tb, "\n", 1, TB_RUN_NONE));
}

int
textbuf_delete_back(struct textbuf *tb)
{
	struct textbuf_pos a = tb->cur;

	if (a.byte == 0) {
		if (a.line == 0) {
			tb->run = TB_RUN_NONE;
			return (0);
		}
		a.line--;
		a.byte = textbuf_L(tb, a.line)->len;
	} else
		a.byte = textbuf_prev_boundary(textbuf_L(tb, a.line), a.byte);
	return (edit_delete(tb, a, tb->cur, TB_RUN_BACK));
}

int
textbuf_delete_forward(struct textbuf *tb)
{
	struct textbuf_pos   b = tb->cur;
	struct textbuf_line *l = textbuf_L(tb, b.line);

	if (b.byte == l->len) {
		if (b.line + 1 == textbuf_nlines(tb)) {
			tb->run = TB_RUN_NONE;
			return (0);
		}
		b.line++;
		b.byte = 0;
	} else
		b.byte = textbuf_next_boundary(l, b.byte);
	return (edit_delete(tb, tb->cur, b, TB_RUN_FWD));
}

int
textbuf_cut_line(struct textbuf *tb)
{
	struct textbuf_pos a = { tb->cur.line, 0 }, b = a;
	char		  *s;
	size_t		   n;

	if (a.line + 1 < textbuf_nlines(tb))
		b.line++;
	else
		b.byte = textbuf_L(tb, a.line)->len;
	if (pos_cmp(a, b) == 0) {
		tb->run = TB_RUN_NONE;
		return (0);
	}
	s = range_text(tb, a, b, &n);
	if (tb->run != TB_RUN_CUT)
		tb->cutlen = 0;
	if (tb->cutlen + n + 1 > tb->cutcap) {
		tb->cutcap = (tb->cutlen + n) * 2 + 16;
		tb->cut = xreallocarray(tb->cut, tb->cutcap, 1);
	}
	memcpy(tb->cut + tb->cutlen, s, n);
	tb->cutlen += n;
	tb->cut[tb->cutlen] = '\0';
	free(s);
	return (edit_delete(tb, a, b, TB_RUN_CUT));
}

int
textbuf_paste(struct textbuf *tb)
{
	return (edit_insert(tb, tb->cut, tb->cutlen, TB_RUN_NONE));
}

const char *
textbuf_cut_buffer(const struct textbuf *tb, size_t *lenp)
{
	*lenp = tb->cutlen;
	return (tb->cutlen > 0 ? tb->cut : "");
}
