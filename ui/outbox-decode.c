/*
 * outbox-decode.c -- the stored message made readable for the Outbox
 * view, cheaply and without libetpan (outpost itself does not link it):
 * header lines unfolded, RFC 2047 encoded words in UTF-8 or US-ASCII
 * decoded, and a quoted-printable single-part body decoded.  Anything
 * else (other charsets, multipart bodies, base64) stays as stored.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "outbox-model.h"
#include "strbuf.h"
#include "xmalloc.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (c - '0' + 52);
	if (c == '+')
		return (62);
	if (c == '/')
		return (63);
	return (-1);
}

/* Base64 text into b; -1 on a bad character. */
static int
b64_decode(struct strbuf *b, const char *s, size_t n)
{
	unsigned acc = 0;
	int	 bits = 0, v;
	char	 c;
	size_t	 i;

	for (i = 0; i < n && s[i] != '='; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			return (-1);
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			c = (char)((acc >> bits) & 0xff);
			sb_add(b, &c, 1);
		}
	}
	return (0);
}

/* The "Q" encoding of RFC 2047 into b. */
static void
q_decode(struct strbuf *b, const char *s, size_t n)
{
	size_t i;
	char   c;
	int    h, l;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '_')
			c = ' ';
		else if (c == '=' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			c = (char)(h * 16 + l);
			i += 2;
		}
		sb_add(b, &c, 1);
	}
}

/*
 * An encoded word at s ("=?utf-8?q?...?="): decoded into b, its length
 * in *used; 0 when s is no encoded word we can decode.
 */
static int
encoded_word(struct strbuf *b, const char *s, size_t left, size_t *used)
{
	const char *cs, *enc, *text, *end;
	size_t	    cslen, mark = b->len;

	if (left < 8 || s[0] != '=' || s[1] != '?')
		return (0);
	cs = s + 2;
	if ((enc = memchr(cs, '?', left - 2)) == NULL ||
	    (size_t)(enc - s) + 3 > left || enc[2] != '?')
		return (0);
	cslen = (size_t)(enc - cs);
	if (memchr(cs, '*', cslen) != NULL)
		cslen = (size_t)((char *)memchr(cs, '*', cslen) - cs);
	if (!((cslen == 5 && strncasecmp(cs, "utf-8", 5) == 0) ||
		(cslen == 8 && strncasecmp(cs, "us-ascii", 8) == 0)))
		return (0);
	text = enc + 3;
	end = memmem(text, left - (size_t)(text - s), "?=", 2);
	if (end == NULL || memchr(text, ' ', (size_t)(end - text)) != NULL)
		return (0);
	if (enc[1] == 'q' || enc[1] == 'Q')
		q_decode(b, text, (size_t)(end - text));
	else if (enc[1] != 'b' && enc[1] != 'B')
		return (0);
	else if (b64_decode(b, text, (size_t)(end - text)) != 0) {
		b->len = mark;
		return (0);
	}
	*used = (size_t)(end + 2 - s);
	return (1);
}

/* Blanks up to the next encoded word: to be dropped between two words. */
static size_t
blanks_before_word(const char *s, size_t left)
{
	size_t n = 0;

	while (n < left && (s[n] == ' ' || s[n] == '\t'))
		n++;
	if (n > 0 && n + 1 < left && s[n] == '=' && s[n + 1] == '?')
		return (n);
	return (0);
}

/* One unfolded header line, decoded, into b. */
static void
decode_line(struct strbuf *b, const char *s, size_t n)
{
	size_t i = 0, used, skip;
	int    after_word = 0;

	while (i < n) {
		if (after_word &&
		    (skip = blanks_before_word(s + i, n - i)) > 0) {
			size_t mark = b->len;

			if (encoded_word(b, s + i + skip, n - i - skip,
				&used)) {
				i += skip + used;
				continue;
			}
			b->len = mark;
		}
		if (encoded_word(b, s + i, n - i, &used)) {
			i += used;
			after_word = 1;
			continue;
		}
		sb_add(b, s + i, 1);
		after_word = 0;
		i++;
	}
}

/* The header block, unfolded and decoded, lines ending in "\n". */
static void
decode_headers(struct strbuf *b, const char *h, size_t len)
{
	struct strbuf line = STRBUF_INIT;
	size_t	      i = 0, e;

	while (i < len) {
		e = i;
		while (e < len && h[e] != '\n')
			e++;
		/* A continuation line joins the one before it. */
		if (line.len > 0 && h[i] != ' ' && h[i] != '\t') {
			decode_line(b, line.p, line.len);
			sb_add(b, "\n", 1);
			line.len = 0;
		}
		sb_add(&line, h + i,
		    (e > i && h[e - 1] == '\r') ? e - 1 - i : e - i);
		i = e + 1;
	}
	if (line.len > 0) {
		decode_line(b, line.p, line.len);
		sb_add(b, "\n", 1);
	}
	free(line.p);
}

/* The value of a top-level header (unfolded text), or NULL. */
static const char *
header_value(const char *h, size_t len, const char *name, size_t *vlen)
{
	size_t nl = strlen(name), i = 0, e;

	while (i < len) {
		e = i;
		while (e < len && h[e] != '\n')
			e++;
		if (e - i > nl && strncasecmp(h + i, name, nl) == 0 &&
		    h[i + nl] == ':') {
			*vlen = e - i - nl - 1;
			return (h + i + nl + 1);
		}
		i = e + 1;
	}
	return (NULL);
}

static int
value_has(const char *v, size_t n, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; v != NULL && i + wl <= n; i++)
		if (strncasecmp(v + i, word, wl) == 0)
			return (1);
	return (0);
}

/* Quoted-printable (RFC 2045) into b: soft breaks joined. */
static void
qp_decode(struct strbuf *b, const char *s, size_t n)
{
	size_t i;
	int    h, l;
	char   c;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' && i + 1 < n &&
		    (s[i + 1] == '\r' || s[i + 1] == '\n')) {
			i += (s[i + 1] == '\r' && i + 2 < n &&
				 s[i + 2] == '\n') ?
			    2 :
			    1;
			continue;
		}
		if (s[i] == '=' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			c = (char)(h * 16 + l);
			sb_add(b, &c, 1);
			i += 2;
			continue;
		}
		sb_add(b, s + i, 1);
	}
}

char *
outbox_readable(const char *msg, size_t len, size_t *outlen, int *decoded)
{
	struct strbuf b = STRBUF_INIT;
	const char   *end, *cte, *ct, *body;
	size_t	      hlen, cl = 0, tl = 0;

	*decoded = 0;
	end = memmem(msg, len, "\r\n\r\n", 4);
	if (end == NULL) {
		sb_add(&b, msg, len);
		*outlen = b.len;
		return (b.p);
	}
	hlen = (size_t)(end - msg) + 2;
	decode_headers(&b, msg, hlen);
	sb_add(&b, "\n", 1);
	body = end + 4;
	cte = header_value(msg, hlen, "Content-Transfer-Encoding", &cl);
	ct = header_value(msg, hlen, "Content-Type", &tl);
	if (value_has(cte, cl, "quoted-printable") &&
	    !value_has(ct, tl, "multipart")) {
		qp_decode(&b, body, len - (size_t)(body - msg));
		*decoded = 1;
	} else
		sb_add(&b, body, len - (size_t)(body - msg));
	*outlen = b.len;
	return (b.p);
}
