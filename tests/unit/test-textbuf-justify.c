/*
 * test-textbuf-justify.c -- textbuf_justify, pico's ^J: a paragraph
 * refilled to a width, quote prefixes kept, no joining across a blank
 * line, a quoted blank, a "-- " line or another quote depth, wide
 * characters counted by their columns, a long word alone on its line,
 * indents, the cursor after it, one undo step and its redo.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text/textbuf.h"

/* Justify text with the cursor on line at width; check the result. */
static void
justify_is(const char *in, size_t at, int width, const char *want,
    const char *what)
{
	struct textbuf *tb = textbuf_new();
	char	       *got;
	int		ok;

	textbuf_load(tb, in, strlen(in));
	textbuf_set_cursor(tb, at, 0);
	textbuf_justify(tb, width);
	got = textbuf_export(tb, NULL);
	ok = strcmp(got, want) == 0;
	tap_ok(ok, "%s", what);
	if (!ok)
		tap_diag(what, got, want);
	free(got);
	textbuf_free(tb);
}

static void
test_plain(void)
{
	justify_is("one two\nthree four five six seven\neight", 0, 20,
	    "one two three four\nfive six seven eight",
	    "short and long lines refilled to 20 columns");
	justify_is("a b\nc d\n\ne f\ng h", 0, 72, "a b c d\n\ne f\ng h",
	    "a blank line ends the paragraph");
	justify_is("a b\nc d\n\ne f\ng h", 4, 72, "a b\nc d\n\ne f g h",
	    "the paragraph at the cursor, not the first");
	justify_is("a b\n\n   \nc  d\n e", 1, 72, "a b\n\n   \nc d e",
	    "on a blank line: the next paragraph; spaces squeezed");
	justify_is("short supercalifragilisticexpialidocious end", 0, 10,
	    "short\nsupercalifragilisticexpialidocious\nend",
	    "a word longer than the width stays whole on its own line");
	justify_is("12345 12345 1234", 0, 17, "12345 12345 1234",
	    "a line of exactly the width is kept (16 of 17 columns)");
	justify_is("12345 12345 12345", 0, 17, "12345 12345 12345",
	    "17 of 17 columns: kept");
	justify_is("12345 12345 123456", 0, 17, "12345 12345\n123456",
	    "18 columns: broken");
}

static void
test_quotes(void)
{
	justify_is("> one two\n> three four five\n> six", 1, 16,
	    "> one two three\n> four five six",
	    "a quoted paragraph keeps \"> \" on every line");
	justify_is("> a\n>> b\n> c", 0, 72, "> a\n>> b\n> c",
	    "another quote depth is not joined");
	justify_is("> a\n> b\n>\n> c\n> d", 0, 72, "> a b\n>\n> c\n> d",
	    "a quoted blank line (\">\") ends the paragraph");
	justify_is("> > x y\n> > z", 0, 72, "> > x y z",
	    "\"> > \" is depth two and kept as written");
	justify_is(">> x y\n> > z", 0, 72, ">> x y z",
	    "\">>\" and \"> >\" are the same depth; the first line's prefix");
	justify_is("text\n> quoted", 0, 72, "text\n> quoted",
	    "unquoted text is not joined to a quote");
	justify_is("body\nmore\n-- \nAda\nAnn Arbor", 0, 72,
	    "body more\n-- \nAda\nAnn Arbor",
	    "the signature separator \"-- \" is never joined");
}

static void
test_wide_and_indent(void)
{
	justify_is("日本語 日本語 日本語", 0, 14, "日本語 日本語\n日本語",
	    "wide characters count two columns each");
	justify_is("  Dear Ada,\nhow are you", 0, 72,
	    "  Dear Ada, how are you", "the first line keeps its indent");
	justify_is("- a list item that\n  goes on and on here", 0, 16,
	    "- a list item\n  that goes on\n  and on here",
	    "the other lines take the second line's indent");
}

static void
test_cursor_undo(void)
{
	const char	  *in = "a b\nc d\n\ne f";
	struct textbuf	  *tb = textbuf_new();
	struct textbuf_pos c;
	char		  *s;

	textbuf_load(tb, in, strlen(in));
	tap_ok(textbuf_justify(tb, 72) == 1, "justify says it changed");
	c = textbuf_cursor(tb);
	tap_ok(c.line == 1 && c.byte == 0,
	    "the cursor goes to the line after the paragraph (%zu,%zu)",
	    c.line, c.byte);
	tap_ok(textbuf_justify(tb, 72) == 0,
	    "a blank line then a one-line paragraph: nothing to change");
	c = textbuf_cursor(tb);
	tap_ok(c.line == 2 && c.byte == 3,
	    "with no line after it, the cursor ends the paragraph (%zu,%zu)",
	    c.line, c.byte);
	tap_ok(textbuf_justify(tb, 72) == 0, "again at the end: nothing");
	tap_ok(textbuf_undo(tb) == 1, "undo");
	s = textbuf_export(tb, NULL);
	tap_is_str(s, in, "one undo brings the whole paragraph back");
	free(s);
	c = textbuf_cursor(tb);
	tap_ok(c.line == 0 && c.byte == 0, "and the cursor where it was");
	tap_ok(textbuf_undo(tb) == 0, "nothing more to undo");
	textbuf_redo(tb);
	s = textbuf_export(tb, NULL);
	tap_is_str(s, "a b c d\n\ne f", "one redo justifies it again");
	free(s);
	textbuf_load(tb, "\n\n", 2);
	tap_ok(textbuf_justify(tb, 72) == 0 && textbuf_changes(tb) == 0,
	    "only blank lines: nothing changes");
	textbuf_free(tb);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		printf("1..0 # SKIP no UTF-8 locale\n");
		return (0);
	}
	test_plain();
	test_quotes();
	test_wide_and_indent();
	test_cursor_undo();
	return (tap_done());
}
