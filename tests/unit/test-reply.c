/*
 * test-reply.c -- reply_build on the corpus in tests/fixtures/messages:
 * recipients (Reply-To, reply to all without the user's own addresses or
 * duplicates, RFC 2047 names in Latin-1 and UTF-8), Re:/Fwd: without
 * stacking, In-Reply-To and References (RFC 5322 3.6.4, a chain of 40),
 * the attribution and the quote (format=flowed joined, the signature
 * left out, Latin-1 converted), an HTML-only message through the filter
 * or with a note, forwards inline (the block, the attachments kept, the
 * HTML twin not) and as an attachment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "mail/reply.h"
#include "tap.h"
#include "testutil.h"

static char *own[] = { "ada@umich.edu" };

/* A message of the corpus (allocated), or NULL (a failed check). */
static char *
fixture(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char	   *path, *msg;

	xasprintf(&path, "%s/tests/fixtures/messages/%s",
	    top != NULL ? top : "..", name);
	if ((msg = tu_slurp(path, len)) == NULL)
		tap_ok(0, "read %s", path);
	free(path);
	return (msg);
}

/* The draft spec makes of the fixture; "NAME[ what]: built" checked. */
static int
build_spec(const char *name, const struct reply_spec *spec, const char *what,
    struct reply *r)
{
	struct op_err err = { 0 };
	char	     *msg;
	size_t	      len;
	int	      rc;

	memset(r, 0, sizeof *r);
	if ((msg = fixture(name, &len)) == NULL)
		return (-1);
	rc = reply_build(msg, len, spec, r, &err);
	tap_ok(rc == 0, "%s%s: built (%s)", name, what, err.msg);
	free(msg);
	return (rc);
}

static int
build(const char *name, enum reply_kind kind, reply_html_fn html,
    struct reply *r)
{
	struct reply_spec spec = { kind, own, 1, html, NULL, NULL, 0, 0 };

	return (build_spec(name, &spec, "", r));
}

static void
test_subjects(void)
{
	static const char *cases[][3] = {
		{ "hello", "Re: hello", "Fwd: hello" },
		{ "Re: hello", "Re: hello", "Fwd: Re: hello" },
		{ "RE: re:Re[3]: AW: hello", "Re: hello",
		    "Fwd: RE: re:Re[3]: AW: hello" },
		{ "Fwd: FW: hello", "Re: Fwd: FW: hello", "Fwd: hello" },
		{ "Reply hazy", "Re: Reply hazy", "Fwd: Reply hazy" },
		{ "", "Re:", "Fwd:" },
	};
	size_t i;
	char  *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = reply_subject(cases[i][0], REPLY_SENDER);
		tap_is_str(s, cases[i][1], "reply subject");
		free(s);
		s = reply_subject(cases[i][0], REPLY_FORWARD);
		tap_is_str(s, cases[i][2], "forward subject");
		free(s);
	}
}

static void
test_alternative(void)
{
	struct reply r;

	if (build("alternative.eml", REPLY_SENDER, NULL, &r) != 0)
		return;
	tap_is_str(r.to, "Seminar list <seminar@lists.example.org>",
	    "reply: To is Reply-To");
	tap_is_str(r.cc, "", "reply: no Cc");
	tap_is_str(r.subject, "Re: Seminar — Grüße",
	    "reply: subject decoded, Re: not stacked");
	tap_is_str(r.in_reply_to, "<alt.1@example.es>",
	    "reply: In-Reply-To is the Message-ID");
	tap_is_str(r.references, "<first.0@umich.edu> <alt.1@example.es>",
	    "reply: References is the parent's then its Message-ID");
	tap_is_str(r.body,
	    "\n\nOn 3 Mar 2026 16:04 +0100, José Müller wrote:\n"
	    "> Hallo Ada,\n>\n"
	    "> the seminar moves to Thursday — Grüße aus München.\n>\n"
	    ">> Can we meet on Wednesday?\n\n",
	    "reply: attribution (Latin-1 name), the plain part quoted, the signature left out");
	tap_ok(r.note == NULL, "reply: no note");
	tap_ok(r.parts.nfiles == 0, "reply: no attachments copied");
	reply_free(&r);

	if (build("alternative.eml", REPLY_ALL, NULL, &r) != 0)
		return;
	tap_is_str(r.to, "Seminar list <seminar@lists.example.org>",
	    "reply all: To is Reply-To");
	tap_is_str(r.cc,
	    "\"Babbage, Charles\" <charles@example.org>, 山田 <yamada@example.jp>",
	    "reply all: To and Cc, without the user (any case) or duplicates");
	reply_free(&r);
}

static void
test_flowed(void)
{
	struct reply r;

	if (build("flowed.eml", REPLY_ALL, NULL, &r) != 0)
		return;
	tap_is_str(r.to, "Grace Hopper <grace@example.navy.mil>",
	    "flowed: To is From");
	tap_is_str(r.cc, "", "flowed: reply all, only the user in To");
	tap_is_str(r.subject, "Re: the plan",
	    "flowed: Re: RE: Aw: Re[2]: is one Re:");
	tap_is_str(r.references,
	    "<only.9@umich.edu> <flowed.3@example.navy.mil>",
	    "flowed: no References, so the one In-Reply-To id, then the Message-ID");
	tap_is_str(r.body,
	    "\n\nOn 5 Mar 2026 09:30 -0500, Grace Hopper wrote:\n"
	    ">> You wrote that the plan needs a second look, and I quite agree with you on that.\n"
	    ">\n"
	    "> This paragraph was written in a mail program that sends format=flowed, so it arrives as several soft lines that a reader joins back together into one.\n"
	    ">\n> Grace\n\n",
	    "flowed: soft lines joined, each paragraph one quoted line");
	reply_free(&r);
}

static void
test_long_refs(void)
{
	struct reply r;
	char	    *want, *p;
	int	     i;

	if (build("long-refs.eml", REPLY_ALL, NULL, &r) != 0)
		return;
	want = xstrdup("");
	for (i = 0; i <= 40; i++) {
		p = want;
		xasprintf(&want, "%s%s<chain.%d@lists.example.org>", p,
		    i > 0 ? " " : "", i);
		free(p);
	}
	tap_is_str(r.references, want,
	    "long chain: 40 references and the parent, in order");
	tap_is_str(r.cc, "kernel@lists.example.org",
	    "long chain: the list in Cc");
	tap_is_str(r.body,
	    "\n\nOn 6 Mar 2026 12:00 +0000, Linus wrote:\n> Naïve café code, Ada.\n\n",
	    "long chain: the Latin-1 body converted to UTF-8");
	free(want);
	reply_free(&r);
}

static int
fake_html(void *arg, const char *html, size_t len, char **out, size_t *outlen,
    struct op_err *err)
{
	(void)arg;
	(void)err;
	*out = xstrdup(memmem(html, len, "Café", 5) != NULL ?
		"Café au lait: two for one.\n\nUntil Friday & only here.\n" :
		"wrong\n");
	*outlen = strlen(*out);
	return (0);
}

static int
failing_html(void *arg, const char *html, size_t len, char **out,
    size_t *outlen, struct op_err *err)
{
	(void)arg;
	(void)html;
	(void)len;
	(void)out;
	(void)outlen;
	return (op_err_set(err, OP_EINVAL, "reply.html_filter failed"));
}

static void
test_html(void)
{
	struct reply_spec spec = { REPLY_SENDER, own, 1, failing_html, NULL,
		NULL, 0, 0 };
	struct op_err	  err = { 0 };
	struct reply	  r;
	char		 *msg;
	size_t		  len;

	if (build("html-only.eml", REPLY_SENDER, fake_html, &r) != 0)
		return;
	tap_is_str(r.subject, "Re: Café offers",
	    "html: Latin-1 subject decoded");
	tap_is_str(r.body,
	    "\n\nOn 4 Mar 2026 08:00 -0800, Newsletter wrote:\n"
	    "> Café au lait: two for one.\n>\n> Until Friday & only here.\n\n",
	    "html: the HTML (decoded to UTF-8) through the filter, quoted");
	reply_free(&r);
	if (build("html-only.eml", REPLY_SENDER, NULL, &r) != 0)
		return;
	tap_ok(r.note != NULL && strstr(r.note, "reply.html_filter") != NULL,
	    "html without a filter: a note naming reply.html_filter (%s)",
	    r.note != NULL ? r.note : "none");
	tap_ok(strstr(r.body, "<p>") == NULL,
	    "html without a filter: no tags in the quote");
	reply_free(&r);
	msg = fixture("html-only.eml", &len);
	tap_ok(msg != NULL && reply_build(msg, len, &spec, &r, &err) == -1 &&
		strstr(err.msg, "html_filter") != NULL,
	    "html: the filter's error is the reply's (%s)", err.msg);
	free(msg);
}

static void
test_forward(void)
{
	struct reply r;

	if (build("attachment.eml", REPLY_FORWARD, NULL, &r) != 0)
		return;
	tap_is_str(r.to, "", "forward: no recipients");
	tap_is_str(r.subject, "Fwd: the notes", "forward: Fwd:");
	tap_is_str(r.in_reply_to, "", "forward: no In-Reply-To");
	tap_is_str(r.body,
	    "\n---------- Forwarded message ----------\n"
	    "From: Ada Lovelace <ada@umich.edu>\n"
	    "Date: 7 Mar 2026 18:00 -0500\n"
	    "Subject: the notes\n"
	    "To: Charles <charles@example.org>\n\n"
	    "The notes are attached.\n"
	    "---------- End of forwarded message ----------\n",
	    "forward: the original's key headers and text in a block");
	tap_ok(r.parts.nfiles == 1 &&
		strcmp(r.parts.files[0].name, "notes.pdf") == 0 &&
		r.parts.files[0].len == 54 &&
		memcmp(r.parts.files[0].data, "%PDF-1.4", 8) == 0,
	    "forward: the attachment kept, decoded (%zu)", r.parts.nfiles);
	reply_free(&r);
	if (build("alternative.eml", REPLY_FORWARD, NULL, &r) != 0)
		return;
	tap_ok(r.parts.nfiles == 0,
	    "forward: the HTML twin of the text is not an attachment");
	reply_free(&r);
	if (build("alternative.eml", REPLY_FORWARD_ATTACH, NULL, &r) != 0)
		return;
	tap_ok(*r.body == '\0' && *r.to == '\0' && r.parts.nfiles == 0 &&
		strcmp(r.subject, "Fwd: Re: Seminar — Grüße") == 0,
	    "forward as attachment: an empty body, Fwd: the subject");
	reply_free(&r);
}

static int
starts(const char *s, const char *prefix)
{
	return (strncmp(s, prefix, strlen(prefix)) == 0);
}

/* Occurrences of needle in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return (n);
}

/* The draft of kind for the fixture with the signature sig. */
static int
build_sig(const char *name, enum reply_kind kind, const char *sig, int bottom,
    struct reply *r)
{
	struct reply_spec spec = { kind, own, 1, NULL, NULL, sig, strlen(sig),
		bottom };

	return (build_spec(name, &spec, " with a signature", r));
}

/*
 * signature.file as pine places it: above the quote after two lines to
 * write on, below it with sig_bottom, above a forwarded block; once.
 */
static void
test_signature(void)
{
	static const char sig[] = "Ada Lovelace\nAnn Arbor, MI\n\n";
	struct reply	  r;

	if (build_sig("alternative.eml", REPLY_SENDER, sig, 0, &r) != 0)
		return;
	tap_ok(starts(r.body, "\n\n-- \nAda Lovelace\nAnn Arbor, MI\n\nOn ") &&
		count(r.body, "-- \n") == 1,
	    "reply: two lines to write on, the signature, then the quote: %.60s",
	    r.body);
	reply_free(&r);
	if (build_sig("alternative.eml", REPLY_SENDER, sig, 1, &r) != 0)
		return;
	tap_ok(starts(r.body, "\n\nOn ") && r.bodylen > 38 &&
		strcmp(r.body + r.bodylen - 38,
		    "day?\n\n\n-- \nAda Lovelace\nAnn Arbor, MI\n") == 0,
	    "reply, signature at bottom: the quote, then the signature: %s",
	    r.body);
	reply_free(&r);
	if (build_sig("alternative.eml", REPLY_SENDER, "-- \nAda\n", 0, &r) !=
	    0)
		return;
	tap_ok(count(r.body, "-- \n") == 1 && count(r.body, "--") == 1,
	    "a signature file with its own '-- ' line: one separator");
	reply_free(&r);
	if (build_sig("attachment.eml", REPLY_FORWARD, sig, 1, &r) != 0)
		return;
	tap_ok(starts(r.body,
		   "\n\n-- \nAda Lovelace\nAnn Arbor, MI\n\n---------- "
		   "Forwarded message"),
	    "forward: the signature above the block (signature-at-bottom is "
	    "a reply's): %.60s",
	    r.body);
	reply_free(&r);
	if (build_sig("attachment.eml", REPLY_FORWARD_ATTACH, sig, 0, &r) != 0)
		return;
	tap_is_str(r.body, "\n\n-- \nAda Lovelace\nAnn Arbor, MI",
	    "forward as attachment: the body is the signature");
	reply_free(&r);
}

static void
test_refused(void)
{
	struct reply_spec spec = { REPLY_SENDER, own, 1, NULL, NULL, NULL, 0,
		0 };
	struct op_err	  err = { 0 };
	struct reply	  r;
	size_t		  n;
	char		 *q;

	tap_ok(reply_build("\x01\x02 not a message", 15, &spec, &r, &err) ==
		    -1 ||
		strcmp(r.to, "") == 0,
	    "garbage: refused or answered to nobody");
	if (err.code == OP_OK)
		reply_free(&r);
	q = reply_quote("a\n\n> b\nc", 8, &n);
	tap_is_str(q, "> a\n>\n>> b\n> c\n", "quote: each line, depth added");
	tap_ok(n == strlen(q), "quote: its length");
	free(q);
}

/*
 * NUL bytes in the text (invalid, but a sender can put them there): each
 * is U+FFFD in the quote, and the text after them is kept.  Before, the
 * quote read past the copy of the text (ASan: heap-buffer-overflow).
 */
static void
test_nul(void)
{
	static const char msg[] = "From: b@mail.test\r\nSubject: x\r\n"
				  "\r\nbefore\0\0after\r\n-- \r\nsig\r\n";
	struct reply_spec spec = { REPLY_SENDER, own, 1, NULL, NULL, NULL, 0,
		0 };
	struct op_err	  err = { 0 };
	struct reply	  r;

	if (reply_build(msg, sizeof msg - 1, &spec, &r, &err) != 0) {
		tap_ok(0, "NUL in the text: built (%s)", err.msg);
		return;
	}
	tap_ok(strstr(r.body,
		   "> before\xef\xbf\xbd\xef\xbf\xbd"
		   "after\n") != NULL,
	    "NUL in the text: each quoted as U+FFFD, the rest kept");
	tap_ok(strstr(r.body, "sig") == NULL,
	    "NUL in the text: the signature after it still left out");
	tap_ok(strlen(r.body) == r.bodylen,
	    "NUL in the text: none in the body");
	reply_free(&r);
}

int
main(void)
{
	test_subjects();
	test_alternative();
	test_flowed();
	test_long_refs();
	test_html();
	test_forward();
	test_signature();
	test_refused();
	test_nul();
	return (tap_done());
}
