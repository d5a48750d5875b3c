/*
 * test-mutf7.c -- IMAP folder names in modified UTF-7 (RFC 3501
 * 5.1.3): the RFC's own example, names in German, Russian and Japanese,
 * "&", characters beyond the BMP, round trips, and every kind of
 * invalid input refused with a reason.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strutil.h"
#include "wire/mutf7.h"
#include "tap.h"

static const struct {
	const char *utf8;
	const char *wire;
} pairs[] = {
	{ "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/"
	  "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	    "~peter/mail/&U,BTFw-/&ZeVnLIqe-" },
	{ "Gesendete Elemente \xc3\xbc", "Gesendete Elemente &APw-" },
	{ "\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5"
	  "\xd0\xbd\xd0\xbd\xd1\x8b\xd0\xb5",
	    "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-" },
	{ "\xe9\x80\x81\xe4\xbf\xa1\xe6\xb8\x88\xe3\x81\xbf",
	    "&kAFP4W4IMH8-" },
	{ "Tom & Jerry", "Tom &- Jerry" },
	{ "&", "&-" },
	{ "\xf0\x9f\x93\xa8 Sent", "&2D3c6A- Sent" },
	{ "a\tb", "a&AAk-b" },
	{ "Sent", "Sent" },
	{ "", "" },
};

static void
test_pairs(void)
{
	const char *why;
	char	   *out, *back;
	size_t	    i;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		tap_ok(mutf7_encode(pairs[i].utf8, &out, &why) == 0,
		    "encode \"%s\"", pairs[i].wire);
		tap_is_str(out, pairs[i].wire, "encoded as the RFC says");
		tap_ok(mutf7_decode(out, &back, &why) == 0, "decode \"%s\"",
		    pairs[i].wire);
		tap_is_str(back, pairs[i].utf8, "and back to the same UTF-8");
		free(out);
		free(back);
	}
}

/* Sample code points from U+0001 to U+10FFFF survive both ways. */
static void
test_round_trip(void)
{
	static const unsigned cps[] = { 0x1, 0x7f, 0x80, 0xff, 0x100, 0x7ff,
		0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff };
	char		      in[16], *out, *back;
	const char	     *why;
	size_t		      i, n, bad = 0;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		/* "x", the character twice, "y": runs of 2 to 4 units. */
		in[0] = 'x';
		n = 1 + utf8_encode(cps[i], in + 1);
		n += utf8_encode(cps[i], in + n);
		in[n++] = 'y';
		in[n] = '\0';
		if (mutf7_encode(in, &out, &why) != 0 ||
		    mutf7_decode(out, &back, &why) != 0 ||
		    strcmp(back, in) != 0) {
			printf("# U+%04X does not survive\n", cps[i]);
			bad++;
		} else
			free(back);
		free(out);
	}
	tap_ok(bad == 0, "13 code points from U+0001 to U+10FFFF round-trip");
}

static const struct {
	const char *wire;
	const char *why;
} bad_wire[] = {
	{ "&U,BTFw", "without its closing" },
	{ "Sent &", "without its closing" },
	{ "Gesendete Elemente \xc3\xbc", "not printable ASCII" },
	{ "a\tb", "not printable ASCII" },
	{ "&AGE-", "printable ASCII encoded" },
	{ "&ACY-", "printable ASCII encoded" },
	{ "&AAA-", "a NUL" },
	{ "&2D0-", "high surrogate without a low" },
	{ "&3OgAYQ-", "low surrogate without a high" },
	{ "&2D0AYQ-", "high surrogate without a low" },
	{ "&APw/-", "outside modified base64" },
	{ "&AP=-", "outside modified base64" },
	{ "&APx-", "not one whole UTF-16" },
	{ "&AP-", "not one whole UTF-16" },
	{ "&APwA-", "not one whole UTF-16" },
	{ "&A-", "not one whole UTF-16" },
};

static void
test_invalid(void)
{
	const char *why;
	char	   *out;
	size_t	    i;

	for (i = 0; i < sizeof bad_wire / sizeof bad_wire[0]; i++) {
		why = NULL;
		tap_ok(mutf7_decode(bad_wire[i].wire, &out, &why) == -1 &&
			out == NULL,
		    "\"%s\" is not modified UTF-7", bad_wire[i].wire);
		TAP_CONTAINS(why, bad_wire[i].why, "  because: %s",
		    bad_wire[i].why);
	}
	why = NULL;
	tap_ok(mutf7_encode("Gesendete \xfc", &out, &why) == -1 && out == NULL,
	    "Latin-1 is not encoded");
	TAP_CONTAINS(why, "not valid UTF-8", "  because it is not UTF-8");
	tap_ok(mutf7_encode("\xed\xa0\xbd", &out, &why) == -1,
	    "a surrogate in UTF-8 is not encoded");
}

int
main(void)
{
	test_pairs();
	test_round_trip();
	test_invalid();
	return (tap_done());
}
