/*
 * textbuf-move.c -- character boundaries (a combining mark goes with its
 * base) and the horizontal cursor moves of the body editor: by
 * character, by word, to the line's ends, to the document's ends, to
 * the next match of a search (where-is).
 * Vertical moves need the layout: textbuf-wrap.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "base/strutil.h"
#include "text/textbuf-int.h"

/* A character drawn in no column of its own, joined to the one before. */
static int
is_mark(uint32_t cp)
{
	return (cp >= 0x300 && utf8_cp_width(cp) == 0);
}

static uint32_t
char_at(const struct textbuf_line *l, size_t at)
{
	uint32_t cp;

	utf8_scan(l->s + at, l->len - at, &cp);
	return (cp);
}

/* The start of the character before at (no mark handling). */
static size_t
prev_char(const struct textbuf_line *l, size_t at)
{
	const unsigned char *u = (const unsigned char *)l->s;
	size_t		     p = at - 1, k = 0;
	uint32_t	     cp;

	while (p > 0 && k < 3 && (u[p] & 0xc0) == 0x80) {
		p--;
		k++;
	}
	if (p + utf8_scan(l->s + p, l->len - p, &cp) == at)
		return (p);
	return (at - 1);
}

size_t
textbuf_next_boundary(const struct textbuf_line *l, size_t at)
{
	uint32_t cp;

	if (at >= l->len)
		return (l->len);
	at += utf8_scan(l->s + at, l->len - at, &cp);
	while (at < l->len && (unsigned char)l->s[at] >= 0xcc) {
		if (!is_mark(char_at(l, at)))
			break;
		at += utf8_scan(l->s + at, l->len - at, &cp);
	}
	return (at);
}

size_t
textbuf_prev_boundary(const struct textbuf_line *l, size_t at)
{
	if (at == 0)
		return (0);
	at = prev_char(l, at);
	while (at > 0 && (unsigned char)l->s[at] >= 0x80 &&
	    is_mark(char_at(l, at)))
		at = prev_char(l, at);
	return (at);
}

static int
moved(struct textbuf *tb, struct textbuf_pos to)
{
	int r = to.line != tb->cur.line || to.byte != tb->cur.byte;

	tb->cur = to;
	tb->goal_valid = 0;
	tb->run = TB_RUN_NONE;
	return (r);
}

void
textbuf_set_cursor(struct textbuf *tb, size_t line, size_t byte)
{
	struct textbuf_line *l;
	struct textbuf_pos   to;
	size_t		     b = 0;

	if (line >= textbuf_nlines(tb))
		line = textbuf_nlines(tb) - 1;
	l = textbuf_L(tb, line);
	if (byte > l->len)
		byte = l->len;
	while (b < byte) {
		size_t next = textbuf_next_boundary(l, b);

		if (next > byte)
			break;
		b = next;
	}
	to.line = line;
	to.byte = b;
	moved(tb, to);
}

int
textbuf_left(struct textbuf *tb)
{
	struct textbuf_pos to = tb->cur;

	if (to.byte > 0)
		to.byte = textbuf_prev_boundary(textbuf_L(tb, to.line),
		    to.byte);
	else if (to.line > 0)
		to.byte = textbuf_L(tb, --to.line)->len;
	return (moved(tb, to));
}

int
textbuf_right(struct textbuf *tb)
{
	struct textbuf_pos   to = tb->cur;
	struct textbuf_line *l = textbuf_L(tb, to.line);

	if (to.byte < l->len)
		to.byte = textbuf_next_boundary(l, to.byte);
	else if (to.line + 1 < textbuf_nlines(tb)) {
		to.line++;
		to.byte = 0;
	}
	return (moved(tb, to));
}

static int
is_word(uint32_t cp)
{
	if (cp < 0x80)
		return ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '_');
	return (iswalnum((wint_t)cp) || is_mark(cp));
}

/* Start of the next word: past this word, then past what separates. */
int
textbuf_word_right(struct textbuf *tb)
{
	struct textbuf_pos   to = tb->cur;
	struct textbuf_line *l = textbuf_L(tb, to.line);
	size_t		     n = textbuf_nlines(tb);

	while (to.byte < l->len && is_word(char_at(l, to.byte)))
		to.byte = textbuf_next_boundary(l, to.byte);
	for (;;) {
		while (to.byte < l->len && !is_word(char_at(l, to.byte)))
			to.byte = textbuf_next_boundary(l, to.byte);
		if (to.byte < l->len || to.line + 1 >= n)
			break;
		l = textbuf_L(tb, ++to.line);
		to.byte = 0;
	}
	return (moved(tb, to));
}

/* Start of this word, or of the one before when already there. */
int
textbuf_word_left(struct textbuf *tb)
{
	struct textbuf_pos   to = tb->cur;
	struct textbuf_line *l = textbuf_L(tb, to.line);
	size_t		     p;

	for (;;) {
		while (to.byte > 0 &&
		    !is_word(
			char_at(l, p = textbuf_prev_boundary(l, to.byte))))
			to.byte = p;
		if (to.byte > 0 || to.line == 0)
			break;
		l = textbuf_L(tb, --to.line);
		to.byte = l->len;
	}
	while (to.byte > 0 &&
	    is_word(char_at(l, p = textbuf_prev_boundary(l, to.byte))))
		to.byte = p;
	return (moved(tb, to));
}

int
textbuf_line_start(struct textbuf *tb)
{
	struct textbuf_pos to = { tb->cur.line, 0 };

	return (moved(tb, to));
}

int
textbuf_line_end(struct textbuf *tb)
{
	struct textbuf_pos to = { tb->cur.line,
		textbuf_L(tb, tb->cur.line)->len };

	return (moved(tb, to));
}

int
textbuf_doc_start(struct textbuf *tb)
{
	struct textbuf_pos to = { 0, 0 };

	return (moved(tb, to));
}

int
textbuf_doc_end(struct textbuf *tb)
{
	struct textbuf_pos to;

	to.line = textbuf_nlines(tb) - 1;
	to.byte = textbuf_L(tb, to.line)->len;
	return (moved(tb, to));
}

/* The first match of s[0..n) in l at or after from (ASCII case folded). */
static long
line_find(const struct textbuf_line *l, size_t from, const char *s, size_t n)
{
	size_t k, i;

	for (k = from; k + n <= l->len; k++) {
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)l->s[k + i]) !=
			    tolower((unsigned char)s[i]))
				break;
		if (i == n)
			return ((long)k);
	}
	return (-1);
}

int
textbuf_find(struct textbuf *tb, const char *s)
{
	size_t nl = textbuf_nlines(tb), n = strlen(s), i, line, from;
	struct textbuf_line *l;
	struct textbuf_pos   to;
	long		     at;
	int		     wrapped;

	if (n == 0)
		return (0);
	for (i = 0; i <= nl; i++) {
		line = (tb->cur.line + i) % nl;
		l = textbuf_L(tb, line);
		from = i == 0 ? textbuf_next_boundary(l, tb->cur.byte) : 0;
		at = line_find(l, from, s, n);
		if (at < 0 || (i == nl && (size_t)at >= tb->cur.byte + 1))
			continue;
		to.line = line;
		to.byte = (size_t)at;
		wrapped = tb->cur.line + i >= nl;
		moved(tb, to);
		return (wrapped ? 2 : 1);
	}
	return (0);
}
