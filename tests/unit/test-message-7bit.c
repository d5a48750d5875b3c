/*
 * test-message-7bit.c -- message_7bit: 8-bit text parts in
 * quoted-printable (charset kept, added as utf-8 or unknown-8bit),
 * other parts in base64, long lines, NUL and bare CR, mutt's
 * multipart/mixed, message/rfc822 walked into, clean parts byte-exact,
 * UTF-8 header text and display names as RFC 2047, non-ASCII addresses
 * and structured fields refused; and message_prepare converting what no
 * server takes (long lines, NUL, bare CR, long header lines).  Each
 * converted body is decoded again with libetpan and compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "mail/message.h"
#include "tap.h"

#define ALL (MESSAGE_7BIT_LINES | MESSAGE_7BIT_BODY | MESSAGE_7BIT_HEADER)
#define B   "=_b"

static char  *out;
static size_t outlen;

static int
conv(const char *in, size_t len, unsigned what, struct op_err *err)
{
	free(out);
	out = NULL;
	op_err_clear(err);
	return (message_7bit(in, len, what, &out, &outlen, err));
}

/* Nothing over 0x7f, no NUL, no bare CR, no line over 998 octets. */
static int
sevenbit(const char *s, size_t len)
{
	size_t i, line = 0;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
			return (0);
		if (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))
			return (0);
		if (s[i] == '\n')
			line = 0;
		else if (s[i] != '\r' && ++line > 998)
			return (0);
	}
	return (1);
}

/*
 * The body of the part after the line holding mark: from the blank line
 * to the next "\r\n--" + B (or the end), decoded with enc.
 */
static int
decoded(const char *mark, int enc, const char *want, size_t wlen)
{
	const char *p = out != NULL ? strstr(out, mark) : NULL, *e;
	char	   *res = NULL;
	size_t	    idx = 0, rlen = 0;
	int	    same;

	if (p == NULL || (p = strstr(p, "\r\n\r\n")) == NULL)
		return (0);
	p += 4;
	if ((e = strstr(p, "\r\n--" B)) == NULL)
		e = out + outlen;
	else if (enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		e += 2; /* the CRLF before a delimiter is the delimiter's */
	if (mailmime_part_parse(p, (size_t)(e - p), &idx, enc, &res, &rlen) !=
	    MAILIMF_NO_ERROR)
		return (0);
	if (enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE && e != out + outlen &&
	    rlen >= 2)
		rlen -= 2;
	same = rlen == wlen && memcmp(res, want, wlen) == 0;
	if (!same)
		printf("#   decoded %zu bytes: %.*s\n", rlen,
		    (int)(rlen > 200 ? 200 : rlen), res);
	mailmime_decoded_part_free(res);
	return (same);
}

static void
test_text(void)
{
	struct op_err	  err;
	static const char m1[] =
	    "From: a@x.org\r\nSubject: s\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=iso-8859-1\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "caf\xe9 = 1\r\nline two \r\n";
	static const char m2[] = "From: a@x.org\r\nSubject: s\r\n\r\n"
				 "Gr\xc3\xbc\xc3\x9f"
				 "e\r\n.\r\nFrom here\r\n";
	static const char m3[] = "From: a@x.org\r\n\r\nna\xefve\r\n";
	static const char ascii[] = "From: a@x.org\r\n\r\nplain\r\n";

	tap_ok(conv(m1, sizeof m1 - 1, MESSAGE_7BIT_BODY, &err) == 1,
	    "8bit text part converted");
	TAP_CONTAINS(out, "Content-Transfer-Encoding: quoted-printable\r\n",
	    "8bit text: quoted-printable");
	TAP_CONTAINS(out, "Content-Type: text/plain; charset=iso-8859-1\r\n",
	    "8bit text: charset kept");
	tap_ok(out != NULL && strstr(out, "8bit") == NULL,
	    "8bit text: the old Content-Transfer-Encoding is gone");
	tap_ok(out != NULL && strncmp(out, m1, 28) == 0,
	    "8bit text: other fields byte-exact");
	tap_ok(out != NULL && sevenbit(out, outlen), "8bit text: 7-bit now");
	tap_ok(decoded("Content-Transfer-Encoding",
		   MAILMIME_MECHANISM_QUOTED_PRINTABLE,
		   "caf\xe9 = 1\r\nline two \r\n", 21),
	    "8bit text: decodes to the input");

	tap_ok(conv(m2, sizeof m2 - 1, MESSAGE_7BIT_BODY, &err) == 1,
	    "header-less MIME: converted");
	TAP_CONTAINS(out,
	    "Subject: s\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
	    "no MIME header: MIME-Version, charset=utf-8 and the encoding added");
	tap_ok(decoded("quoted-printable", MAILMIME_MECHANISM_QUOTED_PRINTABLE,
		   "Gr\xc3\xbc\xc3\x9f"
		   "e\r\n.\r\nFrom here\r\n",
		   23),
	    "no MIME header: decodes to the input");
	TAP_CONTAINS(out, "\r\n=2E\r\n", "a lone dot line is encoded");

	tap_ok(conv(m3, sizeof m3 - 1, MESSAGE_7BIT_BODY, &err) == 1,
	    "non-UTF-8 bytes: converted");
	TAP_CONTAINS(out, "charset=unknown-8bit",
	    "not UTF-8 and no charset: unknown-8bit (RFC 1428)");

	tap_ok(conv(ascii, sizeof ascii - 1, ALL, &err) == 0 && out == NULL,
	    "a 7-bit message is left alone");
	tap_ok(conv(m1, sizeof m1 - 1, MESSAGE_7BIT_LINES, &err) == 0,
	    "8-bit bytes stay for a server with 8BITMIME");
}

static void
test_lines(void)
{
	struct op_err err;
	char	     *in, line[2100];
	size_t	      n;

	memset(line, 'x', sizeof line);
	line[1000] = ' ';
	n = (size_t)asprintf(&in,
	    "From: a@x.org\r\n\r\nshort\r\n%.*s\r\nend\r\n", 2000, line);
	tap_ok(conv(in, n, MESSAGE_7BIT_LINES, &err) == 1,
	    "a 2000-octet body line: converted");
	tap_ok(out != NULL && sevenbit(out, outlen),
	    "long line: no line over 998 octets");
	TAP_CONTAINS(out, "Content-Transfer-Encoding: quoted-printable",
	    "long line: quoted-printable");
	tap_ok(out != NULL && strstr(out, "charset") == NULL,
	    "long line, ASCII: no charset added (us-ascii)");
	tap_ok(decoded("quoted-printable", MAILMIME_MECHANISM_QUOTED_PRINTABLE,
		   in + 17, n - 17),
	    "long line: decodes to the input, not split");
	free(in);

	tap_ok(conv("From: a@x.org\r\n\r\na\0b\r\n", 22, MESSAGE_7BIT_LINES,
		   &err) == 1,
	    "NUL: converted");
	TAP_CONTAINS(out, "\r\n\r\na=00b\r\n", "NUL: =00");
	tap_ok(decoded("quoted-printable", MAILMIME_MECHANISM_QUOTED_PRINTABLE,
		   "a\0b\r\n", 5),
	    "NUL: decodes to the input");
	tap_ok(conv("From: a@x.org\r\n\r\na\rb\r\n", 22, MESSAGE_7BIT_LINES,
		   &err) == 1,
	    "bare CR: converted");
	TAP_CONTAINS(out, "\r\n\r\na=0Db\r\n", "bare CR: =0D");
}

/* mutt's multipart/mixed: 8bit text, 8bit attachment, base64 part. */
static const char mutt[] =
    "From: a@x.org\r\nTo: b@y.org\r\nSubject: patch\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"" B "\"\r\n"
    "Content-Disposition: inline\r\n\r\n"
    "--" B "\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Disposition: inline\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
    "H\xc3\xa9llo\r\n"
    "\r\n--" B "\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=\"bin\"\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
    "\x80\x81\xfe\xff\r\nz"
    "\r\n--" B "\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n"
    "aGVsbG8K\r\n"
    "\r\n--" B "--\r\n";

static void
test_multipart(void)
{
	struct op_err err;
	const char   *clean;

	tap_ok(conv(mutt, sizeof mutt - 1, MESSAGE_7BIT_BODY, &err) == 1,
	    "multipart/mixed: converted");
	tap_ok(out != NULL && sevenbit(out, outlen), "multipart: 7-bit now");
	TAP_CONTAINS(out,
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Disposition: inline\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\nH=C3=A9llo\r\n",
	    "multipart: the text part in quoted-printable");
	tap_ok(decoded("inline\r\nContent-Transfer",
		   MAILMIME_MECHANISM_QUOTED_PRINTABLE, "H\xc3\xa9llo\r\n", 8),
	    "multipart: the text part decodes to the input");
	TAP_CONTAINS(out,
	    "filename=\"bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
	    "multipart: the attachment in base64");
	tap_ok(decoded("filename=\"bin\"", MAILMIME_MECHANISM_BASE64,
		   "\x80\x81\xfe\xff\r\nz", 7),
	    "multipart: the attachment decodes to its bytes");
	clean = strstr(mutt,
	    "\r\n--" B "\r\nContent-Type: text/plain; charset=us");
	TAP_CONTAINS(out, clean,
	    "multipart: the base64 part and the closing delimiter byte-exact");
	tap_ok(out != NULL && strncmp(out, mutt, 160) == 0,
	    "multipart: the message header byte-exact");
}

static void
test_rfc822(void)
{
	struct op_err	  err;
	static const char fwd[] =
	    "From: a@x.org\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"" B "\"\r\n\r\n"
	    "--" B "\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
	    "--" B "\r\n"
	    "Content-Type: message/rfc822\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "From: J\xc3\xb6rg <j@z.org>\r\n"
	    "Subject: \xc3\x84rger\r\n\r\n"
	    "\xc3\xbc\r\n"
	    "--" B "--\r\n";

	tap_ok(conv(fwd, sizeof fwd - 1, MESSAGE_7BIT_BODY, &err) == 1,
	    "message/rfc822: converted");
	tap_ok(out != NULL && sevenbit(out, outlen), "message/rfc822: 7-bit");
	TAP_CONTAINS(out,
	    "Content-Type: message/rfc822\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\n",
	    "message/rfc822: the part says 7bit now, never an encoding");
	TAP_CONTAINS(out, "Subject: =?utf-8?",
	    "message/rfc822: inner Subject "
	    "as encoded-words");
	TAP_CONTAINS(out, "<j@z.org>", "message/rfc822: inner From kept");
	tap_ok(decoded("Subject: =?utf-8?",
		   MAILMIME_MECHANISM_QUOTED_PRINTABLE, "\xc3\xbc", 2),
	    "message/rfc822: inner body decodes to the input");
	TAP_CONTAINS(out, "\r\nsee below\r\n", "message/rfc822: text kept");
}

/* The converted message's Subject, unfolded and decoded by libetpan. */
static char *
subject(void)
{
	const char *p = out != NULL ? strstr(out, "Subject: ") : NULL;
	char	   *flat, *dec = NULL;
	size_t	    i, o = 0, idx = 0;

	if (p == NULL)
		return (NULL);
	flat = strdup(p + 9);
	for (i = 0; flat[i] != '\0'; i++) {
		if (flat[i] == '\r' && flat[i + 1] == '\n' &&
		    flat[i + 2] != ' ')
			break;
		if (flat[i] != '\r' && flat[i] != '\n')
			flat[o++] = flat[i];
	}
	flat[o] = '\0';
	if (mailmime_encoded_phrase_parse("utf-8", flat, o, &idx, "utf-8",
		&dec) != MAILIMF_NO_ERROR)
		dec = NULL;
	free(flat);
	return (dec);
}

static void
test_header(void)
{
	struct op_err	  err;
	static const char h[] =
	    "From: J\xc3\xb6rg M\xc3\xbcller <ada@x.org>\r\n"
	    "To: \"Dr. \xc3\x9c, X\" <b@y.org>, c@y.org,\r\n"
	    " team: Z\xc3\xa9 <d@y.org>;\r\n"
	    "Subject: Gr\xc3\xbc\xc3\x9f"
	    "e aus =?utf-8?q?K=C3=B6ln?=\r\n"
	    "X-Note: caf\xc3\xa9\r\n"
	    "Message-ID: <1@x.org>\r\n\r\n"
	    "b\xc3\xa9\r\n";
	char *dec;

	tap_ok(conv(h, sizeof h - 1, MESSAGE_7BIT_HEADER, &err) == 1,
	    "UTF-8 header: converted");
	tap_ok(out != NULL && outlen > 7 &&
		strcmp(out + outlen - 7, "\r\nb\xc3\xa9\r\n") == 0,
	    "UTF-8 header: the 8-bit body stays (the server has 8BITMIME)");
	tap_ok(out != NULL && sevenbit(out, outlen - 5),
	    "UTF-8 header: the header is ASCII");
	TAP_CONTAINS(out, "<ada@x.org>\r\n", "From: address kept");
	TAP_CONTAINS(out,
	    "From: =?utf-8?b?SsO2cmcgTcO8bGxlcg==?= <ada@x.org>\r\n",
	    "From: display name as encoded-words");
	TAP_CONTAINS(out, "To: =?utf-8?b?RHIuIMOcLA==?= X <b@y.org>, c@y.org,",
	    "To: a quoted name with a comma encoded (specials inside)");
	TAP_CONTAINS(out, "team: \r\n =?utf-8?b?WsOp?= <d@y.org>;",
	    "To: a group member's name encoded");
	TAP_CONTAINS(out, "Message-ID: <1@x.org>\r\n", "ASCII fields kept");
	dec = subject();
	tap_is_str(dec,
	    "Gr\xc3\xbc\xc3\x9f"
	    "e aus K\xc3\xb6ln",
	    "Subject: decodes to the input");
	free(dec);
	TAP_CONTAINS(out, "X-Note: =?utf-8?b?Y2Fmw6k=?=\r\n",
	    "X- fields: encoded-words");

	tap_ok(conv("From: a@x.org\r\nTo: j\xc3\xb6rg@y.org\r\n\r\nx\r\n", 37,
		   MESSAGE_7BIT_HEADER, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "a non-ASCII address is refused");
	TAP_CONTAINS(err.msg, "To: the address j\xc3\xb6rg@y.org is not ASCII",
	    "non-ASCII address: named");
	tap_ok(
	    conv("From: a@x.org\r\nIn-Reply-To: <\xc3\xb6@y.org>\r\n\r\nx\r\n",
		45, MESSAGE_7BIT_HEADER, &err) == -1,
	    "UTF-8 in a structured field is refused");
	TAP_CONTAINS(err.msg, "In-Reply-To:", "structured field: named");
}

static void
test_refused(void)
{
	struct op_err	  err;
	static const char bad[] = "From: a@x.org\r\nMIME-Version: 1.0\r\n"
				  "Content-Transfer-Encoding: base64\r\n\r\n"
				  "\xff\xfe\r\n";
	static const char pre[] = "From: a@x.org\r\nMIME-Version: 1.0\r\n"
				  "Content-Type: multipart/mixed; boundary=" B
				  "\r\n\r\nPr\xc3\xa4"
				  "amble\r\n--" B
				  "\r\nContent-Type: text/plain\r\n\r\n"
				  "x\r\n--" B "--\r\n";

	tap_ok(conv(bad, sizeof bad - 1, MESSAGE_7BIT_BODY, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "a part declared base64 with 8-bit bytes is refused");
	TAP_CONTAINS(err.msg, "declared base64", "declared base64: said");
	tap_ok(conv(pre, sizeof pre - 1,
		   MESSAGE_7BIT_BODY | MESSAGE_7BIT_HEADER, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "8-bit bytes in a multipart's preamble are refused, not sent");
	TAP_CONTAINS(err.msg, "outside its parts", "preamble: said");
}

static void
test_prepare(void)
{
	struct message m;
	struct op_err  err = { 0 };
	char	       line[1500], *in, *s;
	size_t	       n;
	int	       rc;

	memset(line, 'y', sizeof line);
	n = (size_t)asprintf(&in, "To: b@y.org\nSubject: long\n\n%.*s\nok\n",
	    1500, line);
	rc = message_prepare(in, n, "a@x.org", NULL, 1, NULL, 0, &m, &err);
	tap_ok(rc == 0, "prepare: a 1500-octet body line is accepted");
	tap_ok(rc == 0 && sevenbit(m.data, m.len),
	    "prepare: no line over 998 octets is stored");
	TAP_CONTAINS(rc == 0 ? m.data : NULL,
	    "Content-Transfer-Encoding: quoted-printable",
	    "prepare: the long line goes in quoted-printable, not split");
	tap_ok(rc == 0 && !m.eightbit, "prepare: it needs no 8BITMIME");
	if (rc == 0) {
		free(out);
		out = m.data;
		outlen = m.len;
		free(in);
		n = (size_t)asprintf(&in, "%.*s\r\nok\r\n", 1500, line);
		tap_ok(decoded("quoted-printable",
			   MAILMIME_MECHANISM_QUOTED_PRINTABLE, in, n),
		    "prepare: the body decodes to the input, CRLF line ends");
		out = NULL; /* m.data, freed by message_free */
	}
	message_free(&m);
	free(in);

	memset(line, 'w', sizeof line);
	for (n = 10; n < sizeof line; n += 10)
		line[n] = ' ';
	n = (size_t)asprintf(&in, "To: b@y.org\nSubject: %.*s\n\nhi\n", 1400,
	    line);
	rc = message_prepare(in, n, "a@x.org", NULL, 1, NULL, 0, &m, &err);
	tap_ok(rc == 0,
	    "prepare: a 1400-octet Subject is folded, not refused");
	s = rc == 0 ? strstr(m.data, "Subject: ") : NULL;
	tap_ok(s != NULL && sevenbit(m.data, m.len) &&
		strstr(s, "\r\n ") != NULL,
	    "prepare: folded at white space");
	message_free(&m);
	free(in);
	memset(line, 'v', sizeof line);
	n = (size_t)asprintf(&in, "To: b@y.org\nSubject: %.*s\n\nhi\n", 1400,
	    line);
	tap_ok(message_prepare(in, n, "a@x.org", NULL, 1, NULL, 0, &m, &err) ==
		    -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: an unfoldable header line is refused");
	TAP_CONTAINS(err.msg, "header line 2", "prepare: the line is named");
	free(in);
}

int
main(void)
{
	test_text();
	test_lines();
	test_multipart();
	test_rfc822();
	test_header();
	test_refused();
	test_prepare();
	free(out);
	return (tap_done());
}
