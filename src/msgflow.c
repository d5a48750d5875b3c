/*
 * msgflow.c -- format=flowed encoding and decoding (RFC 3676, delsp=no,
 * no quote depths: outpost's composer writes none, and a typed ">" at
 * the start of a line is space-stuffed).
 */
#include <stdlib.h>
#include <string.h>

#include "message-int.h"
#include "msgflow.h"

/* Characters (not bytes) in s[0..n). */
static size_t
width_of(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return (w);
}

static int
needs_stuffing(const char *s, size_t n)
{
	return (n > 0 &&
	    (s[0] == ' ' || s[0] == '>' ||
		(n >= 5 && memcmp(s, "From ", 5) == 0)));
}

static void
put(struct obuf *ob, const char *s, size_t n, int nl)
{
	if (needs_stuffing(s, n))
		obuf_add(ob, " ", 1);
	obuf_add(ob, s, n);
	if (nl)
		obuf_add(ob, "\n", 1);
}

/* Where to break s[0..n): after the last space within width, else
 * after the first space; 0 when it fits or cannot be broken. */
static size_t
break_at(const char *s, size_t n, size_t width)
{
	size_t i, w = 0, last = 0;

	if (width_of(s, n) <= width)
		return (0);
	for (i = 0; i < n; i++) {
		/* w: the characters before s[i]. */
		if (s[i] == ' ' && i + 1 < n) {
			if (w <= width || last == 0)
				last = i + 1;
			if (w > width)
				break;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	}
	return (last);
}

static void
encode_line(struct obuf *ob, const char *s, size_t n, size_t width, int nl)
{
	size_t b;

	if (n == 3 && memcmp(s, "-- ", 3) == 0) {
		put(ob, s, n, nl);
		return;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	/* One column less for a stuffed line's leading space. */
	while ((b = break_at(s, n, width - 1)) > 0) {
		put(ob, s, b, 1); /* ends in its space: a soft break */
		s += b;
		n -= b;
	}
	put(ob, s, n, nl);
}

char *
msgflow_encode(const char *text, size_t len, size_t width, size_t *outlen)
{
	struct obuf ob = { NULL, 0, 0 };
	const char *nl;
	size_t	    n;

	obuf_reserve(&ob, len + len / 16 + 16);
	while (len > 0) {
		nl = memchr(text, '\n', len);
		n = nl != NULL ? (size_t)(nl - text) : len;
		encode_line(&ob, text, n, width, nl != NULL);
		n += nl != NULL;
		text += n;
		len -= n;
	}
	return (obuf_take(&ob, outlen));
}

char *
msgflow_decode(const char *text, size_t len, size_t *outlen)
{
	struct obuf ob = { NULL, 0, 0 };
	const char *nl, *s;
	size_t	    n, k;
	int	    soft;

	obuf_reserve(&ob, len + 1);
	while (len > 0) {
		nl = memchr(text, '\n', len);
		n = nl != NULL ? (size_t)(nl - text) : len;
		s = text;
		k = n;
		if (k > 0 && s[k - 1] == '\r')
			k--;
		soft = k > 0 && s[k - 1] == ' ' &&
		    !(k == 3 && memcmp(s, "-- ", 3) == 0);
		if (k > 0 && s[0] == ' ') { /* unstuff */
			s++;
			k--;
		}
		obuf_add(&ob, s, k);
		if (nl != NULL && !soft)
			obuf_add(&ob, "\n", 1);
		n += nl != NULL;
		text += n;
		len -= n;
	}
	return (obuf_take(&ob, outlen));
}
