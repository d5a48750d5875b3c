/*
 * test-unbuild.c -- message_unbuild: a message built by message_build
 * (7-bit QP and 8-bit bodies, RFC 2047 subject, format=flowed, a binary
 * attachment with a UTF-8 name) comes back as the same recipients,
 * subject, body and file; a forwarded mail attached (message/rfc822)
 * comes back as one file, not as its parts; hand-written messages with
 * a Latin-1 base64 body, a group, display names and no text part;
 * quoted-printable ending in a broken escape, a NUL in the text; garbage
 * is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/flowed.h"
#include "mail/message-unbuild.h"
#include "mail/message.h"
#include "tap.h"

/* ok if got equals want; on failure show both. */
static void
is(const char *got, const char *want, const char *what)
{
	int same = got != NULL && strcmp(got, want) == 0;

	tap_ok(same, "%s", what);
	if (!same)
		tap_diag(what, got, want);
}

static char  dir[] = "/tmp/outpost-test-unbuild.XXXXXX";
static char *to1[] = { "bob@x.org" };
static char *cc1[] = { "carol@y.org", "dan@y.org" };
static char *bcc1[] = { "hidden@z.org" };

static const char body[] =
    "Grüße,\n\nthis line is long enough to be reflowed by format=flowed because it runs well past seventy-two columns, with a = sign.\n"
    "  indented\n> a quote\n>a quote too\nFrom here\n-- \nAda\n";

static void
round_trip(int eightbit, const char *attach)
{
	struct message_spec  s;
	struct message_caps  caps = { eightbit, 0 };
	struct message	     m;
	struct message_parts p;
	struct op_err	     err = { 0 };
	char		    *flowed, *names[1];
	size_t		     flen;

	flowed_encode(body, strlen(body), FLOWED_WIDTH, &flowed, &flen);
	memset(&s, 0, sizeof s);
	s.from_addr = "ada@x.org";
	s.to = to1;
	s.nto = 1;
	s.cc = cc1;
	s.ncc = 2;
	s.bcc = bcc1;
	s.nbcc = 1;
	s.subject = "Grüße — über alles";
	s.body = flowed;
	s.body_len = flen;
	s.flowed = 1;
	names[0] = (char *)attach;
	s.attach = names;
	s.nattach = attach != NULL;
	tap_ok(message_build(&s, &caps, &m, &err) == 0, "%s: built",
	    eightbit ? "8bit" : "QP");
	tap_ok(message_unbuild(m.data, m.len, m.rcpts, m.nrcpts, &p, &err) ==
		0,
	    "unbuilt%s%s", err.msg[0] ? ": " : "", err.msg);
	is(p.to, "bob@x.org", "To");
	is(p.cc, "carol@y.org, dan@y.org", "Cc");
	is(p.bcc, "hidden@z.org", "Bcc from the envelope");
	is(p.subject, "Grüße — über alles", "Subject decoded");
	is(p.body, body, "body: encoding, charset and flowed undone");
	if (attach != NULL) {
		tap_ok(p.nfiles == 1, "one file");
		if (p.nfiles == 1) {
			is(p.files[0].name, "Bild äöü.bin", "file name");
			tap_ok(p.files[0].len == 300 &&
				p.files[0].data[0] == '\0' &&
				(unsigned char)p.files[0].data[299] == 0xff,
			    "file bytes");
		}
	} else
		tap_ok(p.nfiles == 0, "no files");
	message_parts_free(&p);
	message_free(&m);
	free(flowed);
}

/* A forwarded mail attached: one file with its lines, not its parts. */
static void
forwarded(void)
{
	static const char    fwd[] = "From: c@x.org\nSubject: inner\n\nhi\n";
	struct message_spec  s;
	struct message	     m;
	struct message_parts p;
	struct op_err	     err = { 0 };
	char		     path[256], *names[1] = { path };
	FILE		    *f;

	snprintf(path, sizeof path, "%s/fwd.eml", dir);
	if ((f = fopen(path, "w")) == NULL || fputs(fwd, f) == EOF ||
	    fclose(f) != 0) {
		tap_ok(0, "write %s", path);
		return;
	}
	memset(&s, 0, sizeof s);
	s.from_addr = "ada@x.org";
	s.to = to1;
	s.nto = 1;
	s.body = "outer\n";
	s.body_len = 6;
	s.attach = names;
	s.nattach = 1;
	tap_ok(message_build(&s, NULL, &m, &err) == 0, "forwarded: built%s%s",
	    err.msg[0] ? ": " : "", err.msg);
	TAP_CONTAINS(m.data, "Content-Type: message/rfc822",
	    "forwarded: a message/rfc822 part");
	tap_ok(message_unbuild(m.data, m.len, m.rcpts, m.nrcpts, &p, &err) ==
		0,
	    "forwarded: unbuilt");
	is(p.body, "outer\n", "forwarded: the outer text is the body");
	tap_ok(p.nfiles == 1, "forwarded: one file");
	if (p.nfiles == 1) {
		is(p.files[0].name, "fwd.eml", "forwarded: its name");
		is(p.files[0].data,
		    "From: c@x.org\r\nSubject: inner\r\n\r\nhi\r\n",
		    "forwarded: its lines, CRLF");
	}
	message_parts_free(&p);
	message_free(&m);
	unlink(path);
}

static void
by_hand(void)
{
	static const char latin1[] =
	    "From: a@x.org\r\nTo: \"Doe, Jane\" <jane@x.org>, =?utf-8?q?J=C3=B6rg?= <jorg@x.org>, team: p@x.org, q@x.org;\r\n"
	    "Subject: plain\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=iso-8859-1\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "R3L832UK\r\n"; /* "Grüße\n" in Latin-1 */
	static const char only_file[] =
	    "From: a@x.org\r\nTo: b@x.org\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: application/octet-stream; name=x.bin\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n";
	char		    *rc[] = { "jane@x.org", "secret@x.org" };
	struct message_parts p;
	struct op_err	     err = { 0 };

	tap_ok(message_unbuild(latin1, strlen(latin1), rc, 2, &p, &err) == 0,
	    "Latin-1 base64: unbuilt");
	is(p.body, "Grüße\n", "Latin-1 base64 body to UTF-8");
	is(p.to,
	    "\"Doe, Jane\" <jane@x.org>, Jörg <jorg@x.org>, team: p@x.org, q@x.org;",
	    "display names kept (quoted when needed), the group kept");
	is(p.bcc, "secret@x.org", "Bcc: envelope only");
	message_parts_free(&p);
	tap_ok(message_unbuild(only_file, strlen(only_file), NULL, 0, &p,
		   &err) == 0,
	    "no text part: unbuilt");
	is(p.body, "", "no text part: empty body");
	tap_ok(p.nfiles == 1 && p.files[0].len == 3, "no text part: one file");
	message_parts_free(&p);
	tap_ok(message_unbuild("", 0, NULL, 0, &p, &err) == -1 ||
		(p.body != NULL && p.nfiles == 0),
	    "empty input: refused or empty, no crash");
	if (p.body != NULL)
		message_parts_free(&p);
}

/*
 * Quoted-printable that ends in a broken escape ("=9"): the two bytes
 * kept as they are, nothing read past the part (libetpan's decoder read
 * a byte too far and dropped the "="; ASan: heap-buffer-overflow); a
 * NUL in the text is U+FFFD.  The message is copied to a buffer of its
 * exact length so that reading past it is caught.
 */
static void
broken_qp(void)
{
	static const char qp[] =
	    "From: a@x.org\r\nTo: b@x.org\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "caf=C3=A9=00 at =9";
	struct message_parts p;
	struct op_err	     err = { 0 };
	char		    *exact = malloc(sizeof qp - 1);

	if (exact == NULL)
		return;
	memcpy(exact, qp, sizeof qp - 1);
	tap_ok(message_unbuild(exact, sizeof qp - 1, NULL, 0, &p, &err) == 0,
	    "broken QP escape at the end: unbuilt");
	is(p.body, "café\xef\xbf\xbd at =9",
	    "broken QP escape at the end: kept as it is, NUL as U+FFFD");
	message_parts_free(&p);
	free(exact);
}

int
main(void)
{
	char  path[256];
	FILE *f;
	int   i;

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/Bild äöü.bin", dir);
	if ((f = fopen(path, "w")) == NULL)
		return (1);
	for (i = 0; i < 300; i++)
		fputc(i == 0 ? 0 : (i == 299 ? 0xff : i % 256), f);
	fclose(f);
	round_trip(0, path);
	round_trip(1, NULL);
	forwarded();
	by_hand();
	broken_qp();
	unlink(path);
	rmdir(dir);
	return (tap_done());
}
