/*
 * message-encode.c -- the encoders libetpan does not have or gets wrong,
 * written here by hand: RFC 2047 encoded-words for header text (libetpan
 * has only a decoder), quoted-printable for the body (libetpan's writer
 * doubles a space before a line break and leaves a trailing space at
 * the end unencoded), RFC 2231 file names (libetpan quotes every
 * parameter value, which is invalid for filename*=), and the callback
 * that makes libetpan's writers append to a strbuf.  The base64 of B
 * encoded-words is OpenSSL's, as is the attachments' (message-stream.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mail/message-int.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define EW_MAX	   60		 /* longest encoded-word we write */
#define EW_PAYLOAD (EW_MAX - 12) /* minus "=?utf-8?q?" and "?=" */
/*
 * libetpan folds before a word when it would pass column 72, but never
 * inside one; a word over 70 characters would leave a line of white
 * space only, and a first word over 60 a leading fold.  Such words are
 * encoded, as encoded-words can be split.
 */
#define WORD_FIRST_MAX	60
#define WORD_MAX	70
#define QP_LINE		75 /* characters before a soft break */
#define LINE_MAX_OCTETS 998
#define PARAM_SEGMENT	56 /* characters of one filename*N* value */
#define QUOTED_MAX	66 /* longest filename="..." on its own line */

static const char hexdigits[] = "0123456789ABCDEF";

int
message_strbuf_write(void *data, const char *s, size_t len)
{
	strbuf_add(data, s, len);
	return (len > 0 ? (int)(len > INT32_MAX ? INT32_MAX : len) : 1);
}

int
message_is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return (0);
	return (1);
}

/* Q: letters, digits and the few characters safe even in a phrase. */
static int
q_literal(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	    c == '-' || c == '/');
}

static size_t
q_cost(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += (q_literal((unsigned char)s[i]) || s[i] == ' ') ? 1 : 3;
	return (n);
}

static void
q_put(struct strbuf *ob, const char *s, size_t len)
{
	unsigned char c;
	char	      hex[3];
	size_t	      i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (q_literal(c))
			strbuf_add(ob, s + i, 1);
		else if (c == ' ')
			strbuf_add(ob, "_", 1);
		else {
			hex[0] = '=';
			hex[1] = hexdigits[c >> 4];
			hex[2] = hexdigits[c & 15];
			strbuf_add(ob, hex, 3);
		}
	}
}

/* B: base64 (OpenSSL's), in groups of 48 bytes, 64 characters each. */
static void
b_put(struct strbuf *ob, const char *s, size_t len)
{
	char   out[64 + 1];
	size_t n;
	int    w;

	for (; len > 0; s += n, len -= n) {
		n = len < 48 ? len : 48;
		w = EVP_EncodeBlock((unsigned char *)out,
		    (const unsigned char *)s, (int)n);
		strbuf_add(ob, out, (size_t)w);
	}
}

/*
 * One encoded-word's worth of s[i..len): whole UTF-8 characters.  In a
 * phrase, break after a space when there is one (see message_encode_words).
 */
static size_t
ew_segment(const char *s, size_t len, size_t i, int q, int phrase)
{
	size_t n, c, cost = 0, start = i, after_space = 0;

	for (; i < len; i += n) {
		n = utf8_next(s, len, i) - i;
		c = q ? q_cost(s + i, n) : n;
		if (q ? cost + c > EW_PAYLOAD : cost + c > EW_PAYLOAD / 4 * 3)
			break;
		cost += c;
		if (s[i] == ' ')
			after_space = i + 1;
	}
	if (i == start)
		return (utf8_next(s, len, i));
	if (i < len && phrase && after_space > start)
		return (after_space);
	return (i);
}

/*
 * The space between adjacent encoded-words is not text (RFC 2047 6.2),
 * so spaces travel inside them.  Python's email parser (CPython
 * gh-128110, still in 3.11) wrongly keeps that space in a display name;
 * breaking a phrase after its own spaces means such a reader only sees
 * a doubled blank.
 */
void
message_encode_words(struct strbuf *ob, const char *s, size_t len, int phrase)
{
	size_t i, start;
	int    q;

	q = q_cost(s, len) <= (len + 2) / 3 * 4;
	for (i = 0; i < len;) {
		start = i;
		i = ew_segment(s, len, i, q, phrase);
		if (start > 0)
			strbuf_add(ob, " ", 1);
		strbuf_adds(ob, q ? "=?utf-8?q?" : "=?utf-8?b?");
		if (q)
			q_put(ob, s + start, i - start);
		else
			b_put(ob, s + start, i - start);
		strbuf_add(ob, "?=", 2);
	}
}

static int
atext_only(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)w[i] >= 0x80 ||
		    strchr("()<>[]:;@\\,.\"", w[i]) != NULL)
			return (0);
	return (1);
}

static int
word_needs(const char *w, size_t len, int first, int utf8)
{
	size_t i;

	if (len == 0 || len > WORD_MAX || (first && len > WORD_FIRST_MAX))
		return (1);
	for (i = 0; i < len; i++) {
		if ((unsigned char)w[i] < 0x20 || w[i] == 0x7f)
			return (1);
		if ((unsigned char)w[i] >= 0x80 && !utf8)
			return (1);
		if (w[i] == '=' && i + 1 < len && w[i + 1] == '?')
			return (1);
	}
	return (0);
}

/*
 * White space in a display name is only a separator (RFC 5322 phrase):
 * runs of blanks become one space, none at the ends, as any reader
 * would show them.
 */
static char *
phrase_space(const char *s)
{
	char *out, *o;

	out = o = xmalloc(strlen(s) + 1);
	for (; *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t')
			*o++ = *s;
		else if (o > out && o[-1] != ' ')
			*o++ = ' ';
	}
	if (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return (out);
}

/*
 * Split at single spaces.  Runs of words that need encoding become one
 * chunk of encoded-words (the spaces between them encoded inside); the
 * space between a chunk and a plain word stays literal, which is how a
 * decoder reads it back.  An empty word (two spaces, or a space at an
 * end) pulls a neighbour into its chunk so that no space is lost.
 */
char *
message_encode_text(const char *text, int phrase, int utf8)
{
	struct strbuf ob = STRBUF_INIT;
	const char  **w, *p;
	size_t	     *wl, nw = 1, i, j;
	char	     *need, *norm = NULL;
	int	      any = 0;

	if (phrase)
		text = norm = phrase_space(text);
	for (p = text; *p != '\0'; p++)
		nw += (*p == ' ');
	w = xcalloc(nw, sizeof *w);
	wl = xcalloc(nw, sizeof *wl);
	need = xcalloc(nw, 1);
	for (i = 0, p = text; i < nw; i++) {
		w[i] = p;
		wl[i] = strcspn(p, " ");
		p += wl[i] + 1;
		need[i] = word_needs(w[i], wl[i], i == 0, utf8);
		any |= need[i];
	}
	if (*text == '\0')
		any = 0;
	for (i = 0; any && i < nw; i++) {
		if (phrase && !atext_only(w[i], wl[i]))
			need[i] = 1;
		if (wl[i] == 0)
			need[i > 0 ? i - 1 : i + 1] = 1;
	}
	for (i = 0; any && i < nw; i = j) {
		if (i > 0)
			strbuf_add(&ob, " ", 1);
		if (!need[i]) {
			strbuf_add(&ob, w[i], wl[i]);
			j = i + 1;
			continue;
		}
		for (j = i; j < nw && need[j]; j++)
			;
		message_encode_words(&ob, w[i],
		    (size_t)(w[j - 1] + wl[j - 1] - w[i]), phrase);
	}
	if (!any)
		strbuf_adds(&ob, text);
	free(w);
	free(wl);
	free(need);
	free(norm);
	return (strbuf_take(&ob));
}

char *
message_decode_text(const char *value)
{
	char  *flat, *dec = NULL, *out;
	size_t i, o, idx = 0;

	flat = xstrdup(value);
	for (i = o = 0; flat[i] != '\0'; i++)
		if (flat[i] != '\r' && flat[i] != '\n')
			flat[o++] = flat[i];
	flat[o] = '\0';
	if (mailmime_encoded_phrase_parse("utf-8", flat, o, &idx, "utf-8",
		&dec) != MAILIMF_NO_ERROR ||
	    dec == NULL)
		return (flat);
	out = xstrdup(dec);
	free(dec);
	free(flat);
	return (out);
}

enum message_cte
message_body_cte(const char *s, size_t len, int eightbit)
{
	size_t i, line = 0;
	int    high = 0;

	if (len == 0)
		return (MESSAGE_7BIT);
	if (s[len - 1] != '\n')
		return (MESSAGE_QP);
	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return (MESSAGE_QP);
		if (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))
			return (MESSAGE_QP);
		if (line == 0 && len - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0)
			return (MESSAGE_QP);
		if ((unsigned char)s[i] >= 0x80)
			high = 1;
		if (s[i] == '\n')
			line = 0;
		else if (s[i] != '\r' && ++line > LINE_MAX_OCTETS)
			return (MESSAGE_QP);
	}
	if (!high)
		return (MESSAGE_7BIT);
	return (eightbit ? MESSAGE_8BIT : MESSAGE_QP);
}

/* Is s[i] the last character of its line (before CRLF, LF or the end)? */
static int
qp_at_eol(const char *s, size_t len, size_t i)
{
	if (i + 1 == len || s[i + 1] == '\n')
		return (1);
	return (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n');
}

/*
 * Must s[i] be written as =XX?  White space at a line end would be
 * stripped in transit; "." and "From " at the start of a line are encoded
 * too, so no transport can touch them.
 */
static int
qp_needs(const char *s, size_t len, size_t i, int bol)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t')
		return (qp_at_eol(s, len, i));
	if (c < 33 || c > 126 || c == '=')
		return (1);
	if (bol && c == '.')
		return (1);
	return (
	    bol && c == 'F' && len - i >= 5 && memcmp(s + i, "From ", 5) == 0);
}

void
message_qp_encode(struct strbuf *ob, const char *s, size_t len)
{
	size_t	      i, col = 0;
	int	      enc;
	unsigned char c;
	char	      hex[3];

	strbuf_reserve(ob, len + len / 8 + 16);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\n' ||
		    (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
			i += (c == '\r');
			strbuf_add(ob, "\r\n", 2);
			col = 0;
			continue;
		}
		enc = qp_needs(s, len, i, col == 0);
		if (col + (enc ? 3 : 1) > QP_LINE) {
			strbuf_add(ob, "=\r\n", 3);
			col = 0;
			enc = qp_needs(s, len, i, 1);
		}
		if (enc) {
			hex[0] = '=';
			hex[1] = hexdigits[c >> 4];
			hex[2] = hexdigits[c & 15];
			strbuf_add(ob, hex, 3);
			col += 3;
		} else {
			strbuf_add(ob, s + i, 1);
			col++;
		}
	}
	/* No final line break: a soft break ends the data on CRLF. */
	if (len > 0 && s[len - 1] != '\n')
		strbuf_add(ob, "=\r\n", 3);
}

/* RFC 2231 attribute-char: what may stand unencoded in a value. */
static int
attr_char(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL));
}

/* Percent-encode name[i..) into ob, stopping before PARAM_SEGMENT. */
static size_t
pct_segment(struct strbuf *ob, const char *name, size_t len, size_t i)
{
	size_t	      n, k, cost = 0, c;
	unsigned char ch;

	for (; i < len; i += n) {
		n = utf8_next(name, len, i) - i;
		for (k = c = 0; k < n; k++)
			c += attr_char((unsigned char)name[i + k]) ? 1 : 3;
		if (cost > 0 && cost + c > PARAM_SEGMENT)
			break;
		cost += c;
		for (k = 0; k < n; k++) {
			ch = (unsigned char)name[i + k];
			if (attr_char(ch))
				strbuf_add(ob, name + i + k, 1);
			else {
				strbuf_add(ob, "%", 1);
				strbuf_add(ob, &hexdigits[ch >> 4], 1);
				strbuf_add(ob, &hexdigits[ch & 15], 1);
			}
		}
	}
	return (i);
}

/* A quoted-string; NULL if s is not plain printable ASCII. */
static char *
quoted(const char *s)
{
	struct strbuf ob = STRBUF_INIT;

	strbuf_add(&ob, "\"", 1);
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f) {
			strbuf_free(&ob);
			return (NULL);
		}
		if (*s == '"' || *s == '\\')
			strbuf_add(&ob, "\\", 1);
		strbuf_add(&ob, s, 1);
	}
	strbuf_add(&ob, "\"", 1);
	return (strbuf_take(&ob));
}

char *
message_disposition(const char *name)
{
	struct strbuf ob = STRBUF_INIT, seg = STRBUF_INIT;
	size_t	      len = strlen(name), i, next, n;
	char	      head[48], *q;

	strbuf_adds(&ob, "attachment");
	if ((q = quoted(name)) != NULL && strlen(q) <= QUOTED_MAX) {
		/* "Content-Disposition: attachment; filename=" is 42. */
		strbuf_adds(&ob,
		    42 + strlen(q) <= 78 ? "; filename=" : ";\r\n filename=");
		strbuf_adds(&ob, q);
		free(q);
		return (strbuf_take(&ob));
	}
	free(q);
	for (i = 0, n = 0; i < len; i = next, n++) {
		next = pct_segment(&seg, name, len, i);
		if (n == 0 && next == len)
			snprintf(head, sizeof head, ";\r\n filename*=utf-8''");
		else
			snprintf(head, sizeof head, ";\r\n filename*%zu*=%s",
			    n, n == 0 ? "utf-8''" : "");
		strbuf_adds(&ob, head);
		strbuf_add(&ob, seg.p, seg.len);
		seg.len = 0;
	}
	strbuf_free(&seg);
	return (strbuf_take(&ob));
}
