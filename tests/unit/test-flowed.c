/*
 * test-flowed.c -- RFC 3676 format=flowed (DelSp=No): soft breaks at
 * spaces within the width, long words whole, space-stuffing, trailing
 * spaces, the signature separator, characters counted not bytes, the
 * RFC's quoting example decoded, and round trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/flowed.h"
#include "tap.h"
#include "base/xmalloc.h"

static char *
enc(const char *s, int width)
{
	static char *last;
	size_t	     n;

	free(last);
	last = NULL;
	if (flowed_encode(s, strlen(s), width, &last, &n) == -1)
		return (NULL);
	return (last);
}

static char *
dec(const char *s)
{
	static char *last;
	size_t	     n;

	free(last);
	flowed_decode(s, strlen(s), &last, &n);
	return (last);
}

static void
is(const char *got, const char *want, const char *what)
{
	int ok = got != NULL && strcmp(got, want) == 0;

	tap_ok(ok, "%s", what);
	if (!ok)
		tap_diag(what, got, want);
}

/* Every line within width characters (stuffing included). */
static int
lines_ok(const char *s, size_t width)
{
	const char *nl;
	size_t	    i, chars;

	for (; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		for (chars = 0, i = 0; s + i < nl; i++)
			chars += ((unsigned char)s[i] & 0xc0) != 0x80;
		if (chars > width)
			return (0);
	}
	return (1);
}

static void
round_trip(const char *text, int width, const char *what)
{
	char  *e, *d;
	size_t n;

	flowed_encode(text, strlen(text), width, &e, &n);
	flowed_decode(e, n, &d, &n);
	tap_ok(strcmp(d, text) == 0 && lines_ok(e, (size_t)width),
	    "round trip at %d: %s", width, what);
	if (strcmp(d, text) != 0)
		tap_diag(what, d, text);
	free(e);
	free(d);
}

int
main(void)
{
	const char *para =
	    "The quick brown fox jumps over the lazy dog, and then it runs away into the forest where nobody ever sees it again.\n";
	char   buf[1024], want[1024], word[128], *e;
	size_t i, n;

	is(enc("short line\n\nanother\n", 72), "short line\n\nanother\n",
	    "short lines are left alone");
	is(enc(para, 72),
	    "The quick brown fox jumps over the lazy dog, and then it runs away into \nthe forest where nobody ever sees it again.\n",
	    "a long line is broken after a space, the space kept");
	is(enc(para, 30),
	    "The quick brown fox jumps \nover the lazy dog, and then \n"
	    "it runs away into the forest \nwhere nobody ever sees it \n"
	    "again.\n",
	    "at width 30");
	memset(word, 'x', 100);
	word[100] = '\0';
	snprintf(buf, sizeof buf, "a %s b\n", word);
	snprintf(want, sizeof want, "a \n%s \nb\n", word);
	is(enc(buf, 72), want, "a very long word stays whole");
	snprintf(buf, sizeof buf, "%s\n", word);
	is(enc(buf, 72), buf, "a word longer than the width alone: unchanged");
	is(enc(" indented\nFrom me\nFromage\na >\n", 72),
	    "  indented\n From me\nFromage\na >\n",
	    "space-stuffing of ' ' and \"From \"");
	is(enc("x >y\n", 3), "x \n >y\n",
	    "a soft line starting with '>' is stuffed");
	is(enc("> Thou villainous ill-breeding spongy dizzy-eyed reeky\n"
	       ">> Thou artless swag-bellied milk-livered dismal\n"
	       ">\n>   indented\n> -- \n",
	       30),
	    "> Thou villainous \n> ill-breeding spongy \n"
	    "> dizzy-eyed reeky\n"
	    ">> Thou artless swag-bellied \n>> milk-livered dismal\n"
	    ">\n>   indented\n> -- \n",
	    "quoted lines: each soft line keeps the marks, one space after them");
	is(enc("trailing   \nspaces \n", 72), "trailing\nspaces\n",
	    "trailing spaces on hard lines removed");
	is(enc("body\n-- \nsig\n", 72), "body\n-- \nsig\n",
	    "the signature separator keeps its space");
	is(enc("a\r\nb\r\n", 72), "a\nb\n", "CR LF read as LF");
	for (n = 0, i = 0; i < 70; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "é");
	snprintf(buf + n, sizeof buf - n, "\n");
	is(enc(buf, 72), buf, "70 characters (140 bytes) fit in 72");
	e = enc("日本語 日本語 日本語 日本語\n", 8);
	is(e, "日本語 日本語 \n日本語 日本語\n",
	    "UTF-8 counted by characters");
	tap_ok(enc("x\n", 1) == NULL, "a width under 2 is refused");
	is(enc("", 72), "", "empty text");

	/* RFC 3676 section 4.5's example, quoted at several depths. */
	is(dec("> Thou villainous ill-breeding spongy dizzy-eyed \n"
	       "> reeky elf-skinned pigeon-egg! \n"
	       ">> Thou artless swag-bellied milk-livered \n"
	       ">> dismal-dreaming idle-headed scut!\n"
	       ">>> Thou errant folly-fallen spleeny reeling-ripe \n"
	       ">>> unmuzzled ratsbane!\n"
	       ">>>> Henceforth, the coding style is to be strictly \n"
	       ">>>> enforced, including the use of only upper case.\n"
	       ">>>>> I've noticed a lack of adherence to the coding \n"
	       ">>>>> styles, of late.\n"
	       ">>>>>> Any complaints?\n"),
	    "> Thou villainous ill-breeding spongy dizzy-eyed reeky elf-skinned pigeon-egg! \n"
	    ">> Thou artless swag-bellied milk-livered dismal-dreaming idle-headed scut!\n"
	    ">>> Thou errant folly-fallen spleeny reeling-ripe unmuzzled ratsbane!\n"
	    ">>>> Henceforth, the coding style is to be strictly enforced, including the use of only upper case.\n"
	    ">>>>> I've noticed a lack of adherence to the coding styles, of late.\n"
	    ">>>>>> Any complaints?\n",
	    "the RFC's quoting example: soft lines joined per depth, never across depths");
	is(dec("a soft \nand hard\n  stuffed\n-- \nsig\r\n"),
	    "a soft and hard\n stuffed\n-- \nsig\n",
	    "decode: joined, unstuffed, the signature separator is hard");
	is(dec("last soft "), "last soft \n",
	    "a soft last line ends the text");

	round_trip(para, 72, "a paragraph");
	round_trip(para, 10, "a paragraph, narrow");
	round_trip(
	    "Grüße aus Zürich, 日本 und 👋 überall, mit vielen Wörtern die umbrechen müssen.\n\n"
	    "Zweiter Absatz.\n",
	    20, "UTF-8 paragraphs");
	round_trip(
	    "two  spaces  between  words  that  break  here  and  there\n", 12,
	    "double spaces at a break");
	round_trip(" leading space line that is long enough to wrap around\n"
		   "> a quoted line that is long enough to wrap too\n"
		   ">> and one quoted twice, long enough to wrap\n"
		   "From the start, a line that wraps From here\n",
	    16, "stuffed lines that wrap");
	round_trip("-- \nsig line\n", 72, "a signature");
	return (tap_done());
}
