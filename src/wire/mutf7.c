/*
 * mutf7.c -- modified UTF-7 for IMAP mailbox names (mutf7.h): an
 * encoder from UTF-8 and a strict decoder back, so that a name read
 * from the server and encoded again gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/strutil.h"
#include "wire/mutf7.h"

static const char mutf7_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* Bits waiting to be written or read: at most 15 + 6 of them. */
struct mutf7_bits {
	uint32_t value;
	int	 n;
};

static int
mutf7_printable(uint32_t c)
{
	return (c >= 0x20 && c <= 0x7e);
}

static void
mutf7_put16(struct strbuf *b, struct mutf7_bits *bits, unsigned unit)
{
	bits->value = (bits->value << 16) | unit;
	bits->n += 16;
	while (bits->n >= 6) {
		bits->n -= 6;
		strbuf_add(b, &mutf7_alphabet[(bits->value >> bits->n) & 0x3f],
		    1);
	}
	bits->value &= (1U << bits->n) - 1;
}

/* The end of a base64 run: the last bits padded with zeros, then "-". */
static void
mutf7_flush(struct strbuf *b, struct mutf7_bits *bits)
{
	if (bits->n > 0)
		strbuf_add(b,
		    &mutf7_alphabet[(bits->value << (6 - bits->n)) & 0x3f], 1);
	strbuf_add(b, "-", 1);
	bits->value = 0;
	bits->n = 0;
}

static void
mutf7_put_char(struct strbuf *b, struct mutf7_bits *bits, uint32_t c)
{
	if (c < 0x10000) {
		mutf7_put16(b, bits, c);
		return;
	}
	c -= 0x10000;
	mutf7_put16(b, bits, 0xd800 | (c >> 10));
	mutf7_put16(b, bits, 0xdc00 | (c & 0x3ff));
}

int
mutf7_encode(const char *in, char **out, const char **why)
{
	struct strbuf	  b = STRBUF_INIT;
	struct mutf7_bits bits = { 0, 0 };
	size_t		  len = strlen(in), i = 0, n;
	uint32_t	  c;
	int		  run = 0;

	*out = NULL;
	if (!utf8_valid(in, len)) {
		*why = "it is not valid UTF-8";
		return (-1);
	}
	strbuf_add(&b, "", 0);
	while (i < len) {
		n = utf8_scan(in + i, len - i, &c);
		i += n;
		if (mutf7_printable(c)) {
			if (run)
				mutf7_flush(&b, &bits);
			run = 0;
			strbuf_add(&b, c == '&' ? "&-" : in + i - n,
			    c == '&' ? 2 : 1);
			continue;
		}
		if (!run)
			strbuf_add(&b, "&", 1);
		run = 1;
		mutf7_put_char(&b, &bits, c);
	}
	if (run)
		mutf7_flush(&b, &bits);
	*out = strbuf_take(&b);
	return (0);
}

/* The UTF-16 units of one run, as code points in UTF-8 into b. */
struct mutf7_run {
	struct strbuf	 *b;
	struct mutf7_bits bits;
	unsigned	  high; /* a high surrogate waiting for its pair */
	size_t		  chars;
};

static const char *
mutf7_unit(struct mutf7_run *r, unsigned u)
{
	char	 enc[4];
	uint32_t c;

	if (u >= 0xdc00 && u <= 0xdfff) {
		if (r->high == 0)
			return ("a low surrogate without a high one");
		c = 0x10000 + ((r->high - 0xd800) << 10) + (u - 0xdc00);
		r->high = 0;
	} else if (r->high != 0)
		return ("a high surrogate without a low one");
	else if (u >= 0xd800 && u <= 0xdbff) {
		r->high = u;
		return (NULL);
	} else
		c = u;
	if (c == 0)
		return ("a NUL character");
	if (mutf7_printable(c))
		return ("printable ASCII encoded in base64");
	strbuf_add(r->b, enc, utf8_encode(c, enc));
	r->chars++;
	return (NULL);
}

/* One "&...-" run from s (past the "&"); *end gets the "-". */
static const char *
mutf7_decode_run(struct strbuf *b, const char *s, const char **end)
{
	struct mutf7_run r;
	const char	*p, *at, *why;

	memset(&r, 0, sizeof r);
	r.b = b;
	for (p = s; *p != '-'; p++) {
		if (*p == '\0')
			return ("a run of base64 without its closing \"-\"");
		if ((at = strchr(mutf7_alphabet, *p)) == NULL)
			return ("a character outside modified base64");
		r.bits.value = (r.bits.value << 6) |
		    (uint32_t)(at - mutf7_alphabet);
		if ((r.bits.n += 6) < 16)
			continue;
		r.bits.n -= 16;
		if ((why = mutf7_unit(&r,
			 (r.bits.value >> r.bits.n) & 0xffff)) != NULL)
			return (why);
		r.bits.value &= (1U << r.bits.n) - 1;
	}
	if (r.high != 0)
		return ("a high surrogate without a low one");
	if (r.chars == 0 || r.bits.n >= 6 || r.bits.value != 0)
		return ("a run of base64 that is not one whole UTF-16 text");
	*end = p;
	return (NULL);
}

int
mutf7_decode(const char *in, char **out, const char **why)
{
	struct strbuf b = STRBUF_INIT;
	const char   *p;

	*out = NULL;
	strbuf_add(&b, "", 0);
	for (p = in; *p != '\0'; p++) {
		if (!mutf7_printable((unsigned char)*p)) {
			*why = "a byte that is not printable ASCII";
			goto bad;
		}
		if (*p != '&') {
			strbuf_add(&b, p, 1);
		} else if (p[1] == '-') {
			strbuf_add(&b, "&", 1);
			p++;
		} else if ((*why = mutf7_decode_run(&b, p + 1, &p)) != NULL)
			goto bad;
	}
	*out = strbuf_take(&b);
	return (0);
bad:
	strbuf_free(&b);
	return (-1);
}
