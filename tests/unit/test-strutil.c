/*
 * test-strutil.c -- UTF-8 validation, trimming, suggestions.
 */
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "tap.h"

static void
test_utf8(void)
{
	tap_ok(utf8_valid("plain ascii", 11), "ascii is valid");
	tap_ok(utf8_valid("G\xc3\xbcnther \xe2\x82\xac \xf0\x9f\x93\xa7", 17),
	    "2-, 3- and 4-byte sequences are valid");
	tap_ok(!utf8_valid("\xc3", 1), "truncated sequence is invalid");
	tap_ok(!utf8_valid("\xc0\xaf", 2), "overlong '/' is invalid");
	tap_ok(!utf8_valid("\xed\xa0\x80", 3), "surrogate is invalid");
	tap_ok(!utf8_valid("\xff", 1), "0xff is invalid");
	tap_ok(!utf8_valid("\xf4\x90\x80\x80", 4),
	    "above U+10FFFF is invalid");
	tap_ok(utf8_invalid_at("ab\xffz", 4) == 2, "offset of first bad byte");
}

static void
test_trim_and_suggest(void)
{
	char			 buf[] = " \t value \t";
	static const char *const keys[] = { "smtp.host", "smtp.port",
		"username", "address", NULL };

	tap_ok(strcmp(str_trim(buf), "value") == 0, "trim both ends");
	tap_ok(str_distance("kitten", "sitting") == 3, "levenshtein");
	tap_ok(str_suggest("smtp.hots", keys) != NULL &&
		strcmp(str_suggest("smtp.hots", keys), "smtp.host") == 0,
	    "smtp.hots suggests smtp.host");
	tap_ok(str_suggest("user", keys) == NULL, "far word: no suggestion");
	tap_ok(str_host_equal("SMTP.mail.umich.edu.", "smtp.mail.umich.edu"),
	    "host names compare case-blind, trailing dot ignored");
	tap_ok(!str_host_equal("smtp.mail.umich.edu.evil",
		   "smtp.mail.umich.edu"),
	    "longer host differs");
}

int
main(void)
{
	test_utf8();
	test_trim_and_suggest();
	return (tap_done());
}
