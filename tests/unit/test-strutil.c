/*
 * test-strutil.c -- UTF-8 validation, scanning and terminal widths
 * (utf8_width, utf8_fit), trimming, suggestions; the UTC times of
 * outpost's files (isotime).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "base/isotime.h"
#include "base/strutil.h"
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
test_utf8_steps(void)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x93\xa7z";
	size_t	    len = strlen(s);
	char	    out[4];

	tap_ok(utf8_next(s, len, 0) == 1, "next over ascii");
	tap_ok(utf8_next(s, len, 1) == 3, "next over a 2-byte character");
	tap_ok(utf8_next(s, len, 3) == 6, "next over a 3-byte character");
	tap_ok(utf8_next(s, len, 6) == 10, "next over a 4-byte character");
	tap_ok(utf8_next(s, len, len) == len, "next stops at the end");
	tap_ok(utf8_prev(s, 10) == 6, "prev over a 4-byte character");
	tap_ok(utf8_prev(s, 6) == 3 && utf8_prev(s, 3) == 1,
	    "prev over 3- and 2-byte characters");
	tap_ok(utf8_prev(s, 0) == 0, "prev stops at the start");
	tap_ok(utf8_prev(s, 5) == 3, "prev from inside a character");
	tap_ok(utf8_decode(s, len, 0) == 'a', "decode ascii");
	tap_ok(utf8_decode(s, len, 1) == 0xe9, "decode U+00E9");
	tap_ok(utf8_decode(s, len, 3) == 0x20ac, "decode U+20AC");
	tap_ok(utf8_decode(s, len, 6) == 0x1f4e7, "decode U+1F4E7");
	tap_ok(utf8_decode("\x80", 1, 0) == 0x80, "a stray byte as is");
	tap_ok(utf8_encode('a', out) == 1 && out[0] == 'a', "encode ascii");
	tap_ok(utf8_encode(0xe9, out) == 2 && memcmp(out, "\xc3\xa9", 2) == 0,
	    "encode U+00E9");
	tap_ok(utf8_encode(0x20ac, out) == 3 &&
		memcmp(out, "\xe2\x82\xac", 3) == 0,
	    "encode U+20AC");
	tap_ok(utf8_encode(0x1f4e7, out) == 4 &&
		memcmp(out, "\xf0\x9f\x93\xa7", 4) == 0,
	    "encode U+1F4E7");
	tap_ok(utf8_encode(0xd800, out) == 0, "a surrogate is not encoded");
	tap_ok(utf8_encode(0x110000, out) == 0, "above U+10FFFF: 0");
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

static void
test_scan_and_width(void)
{
	uint32_t cp;

	tap_ok(utf8_scan("\xc3\xbcx", 3, &cp) == 2 && cp == 0xFC,
	    "scan: a two-byte character");
	tap_ok(utf8_scan("\xc3", 1, &cp) == 1 && cp == 0xFFFD,
	    "scan: a cut sequence is U+FFFD, one byte");
	tap_ok(utf8_scan("\xc0\xaf", 2, &cp) == 1 && cp == 0xFFFD,
	    "scan: an overlong '/' is U+FFFD, one byte");
	tap_ok(utf8_scan("\xed\xa0\x80", 3, &cp) == 1 && cp == 0xFFFD,
	    "scan: a surrogate is U+FFFD, one byte");
	tap_ok(utf8_cp_width('a') == 1 && utf8_cp_width('\t') == -1 &&
		utf8_cp_width(0x7F) == -1 && utf8_cp_width(0x85) == -1 &&
		utf8_cp_width(0xFFFD) == -1,
	    "width: ASCII 1; controls, DEL, C1 and U+FFFD cannot be shown");
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		tap_ok(0, "the C.UTF-8 locale is there");
		return;
	}
	tap_ok(utf8_cp_width(0x65E5) == 2 && utf8_cp_width(0xFC) == 1 &&
		utf8_cp_width(0x301) == 0,
	    "width in UTF-8: CJK 2, u-umlaut 1, a combining mark 0");
	setlocale(LC_CTYPE, "C");
	tap_ok(utf8_cp_width(0xFC) == -1,
	    "width in the C locale: a non-ASCII letter cannot be shown");
}

/* utf8_width and utf8_fit: what every screen measures text with. */
static void
test_display_width(void)
{
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac"; /* two wide characters */
	const char *mark = "e\xcc\x81x"; /* e, a combining acute, x */
	size_t	    n;
	int	    used = -1;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		tap_ok(0, "the C.UTF-8 locale is there");
		return;
	}
	tap_ok(utf8_width("abc", 3, 0) == 3 && utf8_width("abc", 3, 1) == 3,
	    "width: ASCII one column each, in both modes");
	tap_ok(utf8_width(cjk, 6, 0) == 4, "width: CJK two columns each");
	tap_ok(utf8_fit(cjk, 6, 3, 0, &used) == 3 && used == 2,
	    "fit: a wide character that does not fit stays out whole");
	tap_ok(utf8_fit(cjk, 6, 4, 0, &used) == 6 && used == 4,
	    "fit: both wide characters in four columns");
	tap_ok(utf8_width(mark, 4, 0) == 2,
	    "width: a combining mark takes no column");
	tap_ok(utf8_fit(mark, 4, 1, 0, &used) == 3 && used == 1,
	    "fit: the combining mark stays with its base");
	tap_ok(utf8_char_width("\xcc\x81", 2, 0, &n) == 0 && n == 2,
	    "char: a combining mark is 0 columns, 2 bytes");
	tap_ok(utf8_width("a\tb\x01\x7f", 5, 0) == 5 &&
		utf8_char_width("\t", 1, 0, &n) == -1 &&
		utf8_char_width("\xc2\x85", 2, 0, &n) == -1 && n == 2,
	    "width: controls (tab, ^A, DEL, C1) are one '?' each");
	tap_ok(utf8_width("\xff\xc3", 2, 0) == 2 &&
		utf8_char_width("\xc3", 1, 0, &n) == -1 && n == 1 &&
		utf8_char_width("\xed\xa0\x80", 3, 0, &n) == -1 && n == 1,
	    "width: each invalid byte is one '?'");
	tap_ok(utf8_width("ab\0cd", 5, 0) == 2 &&
		utf8_fit("ab\0cd", 5, 10, 0, NULL) == 2,
	    "width and fit stop at a NUL");
	tap_ok(utf8_fit("abc", 3, 0, 0, &used) == 0 && used == 0 &&
		utf8_fit("abc", 3, -1, 0, &used) == 0,
	    "fit: nothing fits in no columns");
	tap_ok(utf8_width(cjk, 6, 1) == 2 &&
		utf8_width("Gr\xc3\xbc\xc3\x9f"
			   "e",
		    7, 1) == 5 &&
		utf8_width(mark, 4, 1) == 3,
	    "ASCII terminal: each non-ASCII character is one '?'");
	tap_ok(utf8_char_width("\xc3\xbc", 2, 1, &n) == -1 && n == 2 &&
		utf8_fit(cjk, 6, 1, 1, &used) == 3 && used == 1,
	    "ASCII terminal: a wide character is one column");
	setlocale(LC_CTYPE, "C");
	tap_ok(utf8_width("\xc3\xbc", 2, 0) == 1 && utf8_width(cjk, 6, 0) == 2,
	    "C locale: a character it cannot show is one '?'");
}

static void
test_isotime(void)
{
	static const char *bad[] = { "2026-02-30T00:00:00Z",
		"2026-11-27T24:00:00Z", "2026-11-27T23:36:00",
		"2026-11-27 23:36:00Z", "1969-12-31T23:59:59Z",
		"+026-11-27T23:36:00Z", "2026-1-27T23:36:00Z",
		"2026-11-27T23:36:00Z ", "", NULL };
	char		   buf[ISOTIME_LEN];
	time_t		   t = 0;
	size_t		   i;
	int		   ok = 1;

	isotime_format(1764286560, buf);
	tap_is_str(buf, "2025-11-27T23:36:00Z", "a time is written in UTC");
	tap_ok(isotime_parse(buf, &t) == 0 && t == 1764286560,
	    "and read back the same");
	isotime_format(0, buf);
	tap_is_str(buf, "1970-01-01T00:00:00Z", "the epoch");
	isotime_format(-1, buf);
	tap_is_str(buf, "", "before 1970: nothing written");
	tap_ok(isotime_parse("2028-02-29T12:00:00Z", &t) == 0,
	    "a leap day is a real date");
	for (i = 0; bad[i] != NULL; i++) {
		t = 42;
		ok &= isotime_parse(bad[i], &t) == -1 && t == 42;
	}
	tap_ok(ok,
	    "a time not exactly in the form, or not a real date, is refused and leaves the result alone");
}

int
main(void)
{
	test_utf8();
	test_utf8_steps();
	test_trim_and_suggest();
	test_scan_and_width();
	test_display_width();
	test_isotime();
	return (tap_done());
}
