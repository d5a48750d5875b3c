/*
 * flowed.c -- RFC 3676 format=flowed, DelSp=No (see flowed.h): soft
 * line breaks after spaces, space-stuffing, the signature separator,
 * and the reverse.
 */
#include <stdlib.h>
#include <string.h>

#include "text/flowed.h"
#include "base/strbuf.h"
#include "base/xmalloc.h"

/* Characters (code points) in s[0..n): bytes that do not continue one. */
static size_t
nchars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return (c);
}

/*
 * The line at *p (p < end): its length without the LF or CRLF; *p moves
 * to the next line.
 */
static size_t
next_line(const char **p, const char *end)
{
	const char *s = *p, *nl;
	size_t	    n;

	if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
		nl = end;
	n = (size_t)(nl - s);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	*p = nl < end ? nl + 1 : end;
	return (n);
}

static int
needs_stuffing(const char *s, size_t n)
{
	return (n > 0 &&
	    (s[0] == ' ' || s[0] == '>' ||
		(n >= 5 && memcmp(s, "From ", 5) == 0)));
}

static void
put_line(struct strbuf *o, const char *s, size_t n)
{
	if (needs_stuffing(s, n))
		strbuf_add(o, " ", 1);
	strbuf_add(o, s, n);
	strbuf_add(o, "\n", 1);
}

/*
 * Where to break s[0..n) (its end is not a space): the index of the
 * space ending the soft line, or n for none.  The last space that keeps
 * the line within budget characters, else the first one after the
 * first word; never a line of spaces only.
 */
static size_t
break_at(const char *s, size_t n, size_t budget)
{
	size_t i, word = 0, chars = 0, best = n;

	while (word < n && s[word] == ' ')
		word++;
	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
		if (s[i] != ' ' || i < word)
			continue;
		if (chars <= budget)
			best = i;
		else
			return (best != n ? best : i);
	}
	return (best);
}

/*
 * A quoted line (RFC 3676 4.5): its '>' marks, then the space that
 * followed them as typed (stuffing, so the text comes back the same);
 * each soft line of its text carries the same marks and a space.
 */
static void
encode_quoted(struct strbuf *o, const char *s, size_t n, size_t width)
{
	size_t depth = 0, budget, k, i;
	int    space = 0;

	while (depth < n && s[depth] == '>')
		depth++;
	s += depth;
	n -= depth;
	if (n > 0 && *s == ' ') {
		space = 1;
		s++;
		n--;
	}
	if (!(n == 3 && memcmp(s, "-- ", 3) == 0))
		while (n > 0 && s[n - 1] == ' ')
			n--;
	budget = depth + 1 < width ? width - depth - 1 : 1;
	do {
		k = nchars(s, n) <= budget ? n : break_at(s, n, budget);
		k = k < n ? k + 1 : n;
		for (i = 0; i < depth; i++)
			strbuf_add(o, ">", 1);
		if (k > 0 && space)
			strbuf_add(o, " ", 1);
		strbuf_add(o, s, k);
		strbuf_add(o, "\n", 1);
		s += k;
		n -= k;
		space = 1;
	} while (n > 0);
}

static void
encode_line(struct strbuf *o, const char *s, size_t n, size_t width)
{
	size_t budget, k;

	if (n > 0 && s[0] == '>') {
		encode_quoted(o, s, n, width);
		return;
	}
	if (n == 3 && memcmp(s, "-- ", 3) == 0) {
		strbuf_add(o, "-- \n", 4);
		return;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (;;) {
		budget = width - (size_t)needs_stuffing(s, n);
		if (nchars(s, n) <= budget ||
		    (k = break_at(s, n, budget)) == n) {
			put_line(o, s, n);
			return;
		}
		put_line(o, s, k + 1);
		s += k + 1;
		n -= k + 1;
	}
}

int
flowed_encode(const char *text, size_t len, int width, char **out,
    size_t *outlen)
{
	struct strbuf o = STRBUF_INIT;
	const char   *p = text, *end = text + len, *line;
	size_t	      n;

	if (width < 2)
		return (-1);
	strbuf_add(&o, "", 0);
	while (p < end) {
		line = p;
		n = next_line(&p, end);
		encode_line(&o, line, n, (size_t)width);
	}
	*out = o.p;
	*outlen = o.len;
	return (0);
}

/* One line of flowed text taken apart. */
struct fline {
	const char *s; /* after the quote marks and the stuffing */
	size_t	    n;
	int	    depth, soft;
	int	    stuffed; /* a space followed the marks */
};

static void
parse_line(const char *s, size_t n, struct fline *f)
{
	f->depth = 0;
	while (n > 0 && *s == '>') {
		f->depth++;
		s++;
		n--;
	}
	f->stuffed = n > 0 && *s == ' ';
	if (f->stuffed) {
		s++;
		n--;
	}
	f->s = s;
	f->n = n;
	f->soft = n > 0 && s[n - 1] == ' ' &&
	    !(n == 3 && memcmp(s, "-- ", 3) == 0);
}

int
flowed_decode(const char *text, size_t len, char **out, size_t *outlen)
{
	struct strbuf o = STRBUF_INIT;
	struct fline  f;
	const char   *p = text, *end = text + len, *line;
	size_t	      n;
	int	      i, open = 0, depth = 0;

	strbuf_add(&o, "", 0);
	while (p < end) {
		line = p;
		n = next_line(&p, end);
		parse_line(line, n, &f);
		if (open && f.depth != depth)
			strbuf_add(&o, "\n", 1);
		if (!open || f.depth != depth) {
			for (i = 0; i < f.depth; i++)
				strbuf_add(&o, ">", 1);
			if (f.depth > 0 && f.n > 0 && f.stuffed)
				strbuf_add(&o, " ", 1);
		}
		strbuf_add(&o, f.s, f.n);
		open = f.soft;
		depth = f.depth;
		if (!open)
			strbuf_add(&o, "\n", 1);
	}
	if (open)
		strbuf_add(&o, "\n", 1);
	*out = o.p;
	*outlen = o.len;
	return (0);
}
