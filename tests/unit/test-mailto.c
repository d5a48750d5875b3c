/*
 * test-mailto.c -- mailto_parse on the examples of RFC 6068 section 6
 * (basic, internationalised, the to part and "to=" together), and what
 * a hostile link may try: line breaks in header fields, a NUL, bytes
 * that are not UTF-8, bad % escapes, fields that are not ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mailto.h"
#include "tap.h"

static struct mailto m;

static int
parse(const char *url)
{
	struct op_err err = { 0 };

	if (mailto_parse(url, &m, &err) != 0) {
		tap_ok(0, "%s: parsed (%s)", url, err.msg);
		return (-1);
	}
	return (0);
}

/* url gives field's value want. */
static void
gives(const char *url, const char *what, const char *want)
{
	const char *got;

	if (parse(url) != 0)
		return;
	got = strcmp(what, "to") == 0	     ? m.to :
	    strcmp(what, "cc") == 0	     ? m.cc :
	    strcmp(what, "subject") == 0     ? m.subject :
	    strcmp(what, "body") == 0	     ? m.body :
	    strcmp(what, "in-reply-to") == 0 ? m.in_reply_to :
					       m.ignored;
	tap_is_str(got, want, url);
	mailto_free(&m);
}

static void
refused(const char *url, const char *word)
{
	struct op_err err = { 0 };

	tap_ok(mailto_parse(url, &m, &err) == -1 && err.code == OP_EINVAL &&
		strstr(err.msg, word) != NULL,
	    "refused: %s (%s)", url, err.msg);
}

int
main(void)
{
	/* RFC 6068 6.1, basic examples. */
	gives("mailto:chris@example.com", "to", "chris@example.com");
	gives("mailto:infobot@example.com?subject=current-issue", "subject",
	    "current-issue");
	gives("mailto:infobot@example.com?body=send%20current-issue", "body",
	    "send current-issue");
	gives(
	    "mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index",
	    "body", "send current-issue\nsend index");
	gives(
	    "mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E",
	    "in-reply-to", "<3469A91.D10AF4C@example.com>");
	gives("mailto:majordomo@example.com?body=subscribe%20bamboo-l", "body",
	    "subscribe bamboo-l");
	gives("mailto:joe@example.com?cc=bob@example.com&body=hello", "cc",
	    "bob@example.com");
	gives("mailto:joe@example.com?cc=bob@example.com&body=hello", "body",
	    "hello");
	gives("mailto:gorby%25kremvax@example.com", "to",
	    "gorby%kremvax@example.com");
	gives("mailto:unlikely%3Faddress@example.com?blat=foop", "to",
	    "unlikely?address@example.com");
	gives("mailto:unlikely%3Faddress@example.com?blat=foop", "ignored",
	    "blat");
	gives("mailto:Mike%26family@example.org", "to",
	    "Mike&family@example.org");
	gives("mailto:%22not%40me%22@example.org", "to",
	    "\"not@me\"@example.org");
	gives("mailto:%22oh%5C%5Cno%22@example.org", "to",
	    "\"oh\\\\no\"@example.org");
	gives(
	    "mailto:%22%5C%5C%5C%22it's%5C%20ugly%5C%5C%5C%22%22@example.org",
	    "to", "\"\\\\\\\"it's\\ ugly\\\\\\\"\"@example.org");
	/* 6.2, internationalisation. */
	gives("mailto:user@example.org?subject=caf%C3%A9", "subject", "café");
	gives("mailto:user@example.org?subject=caf%C3%A9&body=caf%C3%A9",
	    "body", "café");
	gives(
	    "mailto:user@%E7%B4%8D%E8%B1%86.example.org?subject=Test&body=NATTO",
	    "to", "user@納豆.example.org");
	/* 6.3, the to part and to= fields add up. */
	gives("mailto:?to=addr1@an.example,addr2@an.example", "to",
	    "addr1@an.example,addr2@an.example");
	gives("mailto:addr1@an.example?to=addr2@an.example", "to",
	    "addr1@an.example, addr2@an.example");

	/* Without the scheme: an address as pine takes it. */
	gives("bob@example.org", "to", "bob@example.org");
	gives("MAILTO:a@x.org?SUBJECT=Hi&X-Priority=1&From=eve@evil.example",
	    "ignored", "X-Priority, From");
	gives("mailto:a@x.org?subject=first&subject=second", "subject",
	    "first");
	gives("mailto:a@x.org?body=a%0Ab%0Dc", "body", "a\nb\nc");

	refused("mailto:a@x.org?subject=hi%0D%0ABcc:%20eve@evil.example",
	    "subject contains a line break");
	refused("mailto:a@x.org%0Abcc:eve@evil.example",
	    "to contains a line break");
	refused("mailto:a@x.org?cc=b@x.org%0A", "cc contains a line break");
	refused("mailto:a@x.org?in-reply-to=%3Ca@b%3E%0D%0AX:y", "line break");
	refused("mailto:a@x.org?x%0Ay=1", "line break");
	refused("mailto:a@x.org?subject=a%00b", "NUL");
	refused("mailto:a@x.org?subject=caf%E9", "not UTF-8");
	refused("mailto:a@x.org?subject=100%", "two hexadecimal digits");
	refused("mailto:a@x.org?subject=%zz", "two hexadecimal digits");
	return (tap_done());
}
