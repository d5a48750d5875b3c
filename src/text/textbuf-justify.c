/*
 * textbuf-justify.c -- justify (pico's ^J): refill the paragraph at the
 * cursor to a width, keeping its quote prefix ("> ", ">> ") on every
 * line, never joining across a blank line, a signature separator or a
 * change of quote depth.  One undo step.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/strutil.h"
#include "text/textbuf-int.h"

/* How a line starts: its quote prefix and what follows it. */
struct jline {
	size_t prefix; /* bytes of '>' and spaces, through the last '>' + 1 */
	int    depth;  /* '>' in the prefix */
	size_t indent; /* blanks after the prefix */
	int    blank;  /* nothing but blanks (or "--") after the prefix */
};

static int
is_blank(char c)
{
	return (c == ' ' || c == '\t');
}

static void
jline_scan(const char *s, size_t len, struct jline *j)
{
	size_t i = 0, k;

	memset(j, 0, sizeof *j);
	for (;;) {
		for (k = i; k < len && s[k] == ' '; k++)
			;
		if (k == len || s[k] != '>')
			break;
		j->depth++;
		i = k + 1;
		if (i < len && s[i] == ' ')
			i++;
		j->prefix = i;
	}
	for (k = j->prefix; k < len && is_blank(s[k]); k++)
		;
	j->indent = k - j->prefix;
	s += k;
	len -= k;
	/* "-- " ends the text before a signature: never join it. */
	j->blank = len == 0 ||
	    (len >= 2 && s[0] == '-' && s[1] == '-' &&
		(len == 2 || (len == 3 && s[2] == ' ')));
}

static void
line_scan(struct textbuf *tb, size_t i, struct jline *j)
{
	struct textbuf_line *l = textbuf_L(tb, i);

	jline_scan(l->s, l->len, j);
}

/* Lines [*a, *b] of the paragraph at or after line; 0 when there is none. */
static int
paragraph(struct textbuf *tb, size_t line, size_t *a, size_t *b)
{
	size_t	     n = textbuf_nlines(tb);
	struct jline j, k;

	for (; line < n; line++) {
		line_scan(tb, line, &j);
		if (!j.blank)
			break;
	}
	if (line == n)
		return (0);
	for (*a = line; *a > 0; (*a)--) {
		line_scan(tb, *a - 1, &k);
		if (k.blank || k.depth != j.depth)
			break;
	}
	for (*b = line; *b + 1 < n; (*b)++) {
		line_scan(tb, *b + 1, &k);
		if (k.blank || k.depth != j.depth)
			break;
	}
	return (1);
}

/* The filling of one paragraph, as it is being built. */
struct fill {
	struct strbuf out;
	const char   *prefix, *indent; /* of the lines after the first */
	size_t	      prefixlen, indentlen;
	int	      width, col, words; /* columns used, words on the line */
};

static void
fill_word(struct fill *f, const char *w, size_t n)
{
	int ww = utf8_width(w, n, 0);

	if (f->words > 0 && f->col + 1 + ww > f->width) {
		strbuf_add(&f->out, "\n", 1);
		strbuf_add(&f->out, f->prefix, f->prefixlen);
		strbuf_add(&f->out, f->indent, f->indentlen);
		f->col = utf8_width(f->prefix, f->prefixlen, 0) +
		    utf8_width(f->indent, f->indentlen, 0);
		f->words = 0;
	}
	if (f->words > 0) {
		strbuf_add(&f->out, " ", 1);
		f->col++;
	}
	strbuf_add(&f->out, w, n);
	f->col += ww;
	f->words++;
}

/* The words of line i after its prefix and indent. */
static void
fill_line(struct fill *f, struct textbuf *tb, size_t i)
{
	struct textbuf_line *l = textbuf_L(tb, i);
	struct jline	     j;
	size_t		     p, w;

	jline_scan(l->s, l->len, &j);
	for (p = j.prefix + j.indent; p < l->len; p = w) {
		while (p < l->len && is_blank(l->s[p]))
			p++;
		for (w = p; w < l->len && !is_blank(l->s[w]); w++)
			;
		if (w > p)
			fill_word(f, l->s + p, w - p);
	}
}

/* Lines [a, b] filled to width (allocated, no final LF). */
static char *
fill_paragraph(struct textbuf *tb, size_t a, size_t b, int width, size_t *lenp)
{
	struct textbuf_line *first = textbuf_L(tb, a), *next;
	struct fill	     f;
	struct jline	     j, k;
	size_t		     i;

	memset(&f, 0, sizeof f);
	jline_scan(first->s, first->len, &j);
	next = textbuf_L(tb, b > a ? a + 1 : a);
	jline_scan(next->s, next->len, &k);
	f.prefix = first->s;
	f.prefixlen = j.prefix;
	f.indent = next->s + k.prefix;
	f.indentlen = k.indent;
	f.width = width;
	strbuf_add(&f.out, first->s, j.prefix + j.indent);
	f.col = utf8_width(first->s, j.prefix + j.indent, 0);
	for (i = a; i <= b; i++)
		fill_line(&f, tb, i);
	*lenp = f.out.len;
	return (strbuf_take(&f.out));
}

/* Whether lines [a, b] already read s (nothing to do). */
static int
same_text(struct textbuf *tb, size_t a, size_t b, const char *s, size_t n)
{
	struct textbuf_line *l;
	size_t		     i, off = 0;

	for (i = a; i <= b; i++) {
		l = textbuf_L(tb, i);
		if (off + l->len > n || memcmp(s + off, l->s, l->len) != 0)
			return (0);
		off += l->len;
		if (i < b && (off >= n || s[off++] != '\n'))
			return (0);
	}
	return (off == n);
}

int
textbuf_justify(struct textbuf *tb, int width)
{
	struct textbuf_pos a = { 0, 0 }, b = { 0, 0 }, end;
	size_t		   n;
	char		  *s;
	int		   changed = 0;

	tb->run = TB_RUN_NONE;
	if (!paragraph(tb, tb->cur.line, &a.line, &b.line))
		return (0);
	b.byte = textbuf_L(tb, b.line)->len;
	s = fill_paragraph(tb, a.line, b.line, width, &n);
	if (!same_text(tb, a.line, b.line, s, n)) {
		textbuf_replace(tb, a, b, s, n);
		changed = 1;
	}
	end = textbuf_end_of(a, s, n);
	free(s);
	if (end.line + 1 < textbuf_nlines(tb)) {
		end.line++;
		end.byte = 0;
	}
	tb->cur = end;
	tb->goal_valid = 0;
	return (changed);
}
