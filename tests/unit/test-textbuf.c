/*
 * test-textbuf.c -- the composer body's editor model: load and export,
 * every edit and move, UTF-8 (é, 日本, emoji, combining marks), the
 * soft-wrap layout at several widths with wide characters at the edge,
 * undo/redo of mixed sequences back to the exact earlier text, cut and
 * paste accumulation, where-is, the change counter, bounded undo, a
 * 20,000-line body with page moves and scrolling.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "base/strutil.h"
#include "text/textbuf.h"
#include "base/xmalloc.h"

static char *last_text;

static char *
text(struct textbuf *tb)
{
	free(last_text);
	last_text = textbuf_export(tb, NULL);
	return (last_text);
}

static void
is_text(struct textbuf *tb, const char *want, const char *what)
{
	const char *got = text(tb);
	int	    ok = strcmp(got, want) == 0;

	tap_ok(ok, "%s", what);
	if (!ok)
		tap_diag(what, got, want);
}

static void
is_cur(struct textbuf *tb, size_t line, size_t byte, const char *what)
{
	struct textbuf_pos c = textbuf_cursor(tb);

	tap_ok(c.line == line && c.byte == byte,
	    "%s (at %zu,%zu; want %zu,%zu)", what, c.line, c.byte, line, byte);
}

static void
type(struct textbuf *tb, const char *s)
{
	uint32_t cp;
	size_t	 n, len = strlen(s);

	while (len > 0) {
		n = utf8_scan(s, len, &cp);
		textbuf_insert_char(tb, cp);
		s += n;
		len -= n;
	}
}

/* The rows at the current width joined by '|'. */
static char *
layout(struct textbuf *tb)
{
	static char	    buf[4096];
	struct textbuf_row  rows[64];
	struct textbuf_vpos top = { 0, 0 };
	size_t		    n, i, off = 0;

	n = textbuf_rows(tb, top, rows, 64);
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%.*s",
		    i > 0 ? "|" : "", (int)rows[i].len, rows[i].text);
	buf[off] = '\0';
	return (buf);
}

static void
is_layout(struct textbuf *tb, int width, const char *want, const char *what)
{
	const char *got;

	textbuf_set_width(tb, width);
	got = layout(tb);
	tap_ok(strcmp(got, want) == 0, "wrap at %d: %s", width, what);
	if (strcmp(got, want) != 0)
		tap_diag(what, got, want);
}

static void
test_load_export(void)
{
	struct textbuf		*tb = textbuf_new();
	static const char *const texts[] = { "", "a", "a\n", "a\nb\n\nc",
		"\n\n", "日本\n👋 é\n" };
	size_t			 i, len;
	char			*out;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		textbuf_load(tb, texts[i], strlen(texts[i]));
		out = textbuf_export(tb, &len);
		tap_ok(strcmp(out, texts[i]) == 0 && len == strlen(texts[i]),
		    "load and export text %zu", i);
		free(out);
	}
	textbuf_load(tb, "x\0yz", 4);
	textbuf_set_cursor(tb, 0, 2);
	textbuf_newline(tb);
	out = textbuf_export(tb, &len);
	tap_ok(len == 5 && memcmp(out, "x\0\nyz", 5) == 0,
	    "NUL bytes in loaded text survive edits");
	free(out);
	textbuf_load(tb, "a\r\nb\r\n", 6);
	is_text(tb, "a\nb\n", "CR LF read as LF");
	tap_ok(textbuf_nlines(tb) == 3 && textbuf_changes(tb) == 0,
	    "3 lines, no changes after a load");
	textbuf_free(tb);
}

static void
test_insert_delete(void)
{
	struct textbuf *tb = textbuf_new();

	type(tb, "caf\xc3\xa9 日本 \xf0\x9f\x98\x80 e\xcc\x81");
	is_text(tb, "café 日本 😀 e\xcc\x81", "typing UTF-8");
	is_cur(tb, 0, strlen("café 日本 😀 e\xcc\x81"), "cursor after it");
	tap_ok(textbuf_insert_char(tb, 0xd800) == 0 &&
		textbuf_insert_char(tb, 0) == 0 &&
		textbuf_insert_char(tb, 0x110000) == 0,
	    "surrogates, NUL and out-of-range code points refused");
	tap_ok(textbuf_delete_back(tb) == 1, "delete back");
	is_text(tb, "café 日本 😀 ", "the combining mark went with its base");
	textbuf_delete_back(tb);
	textbuf_delete_back(tb);
	is_text(tb, "café 日本 ", "an emoji is deleted whole");
	textbuf_left(tb);
	textbuf_left(tb);
	is_cur(tb, 0, strlen("café 日"), "left over a wide character");
	textbuf_delete_forward(tb);
	is_text(tb, "café 日 ", "delete forward takes 本 whole");
	textbuf_line_end(tb);
	textbuf_newline(tb);
	type(tb, "x");
	is_text(tb, "café 日 \nx", "newline and typing");
	textbuf_line_start(tb);
	textbuf_delete_back(tb);
	is_text(tb, "café 日 x", "delete back at a line start joins lines");
	is_cur(tb, 0, strlen("café 日 "), "at the join");
	textbuf_line_start(tb);
	tap_ok(textbuf_delete_back(tb) == 0,
	    "delete back at the start: nothing");
	textbuf_doc_end(tb);
	tap_ok(textbuf_delete_forward(tb) == 0,
	    "delete forward at the end: nothing");
	textbuf_insert_text(tb, "1\r\n2\n3", 6);
	is_text(tb, "café 日 x1\n2\n3", "paste of text with line ends");
	is_cur(tb, 2, 1, "cursor after the paste");
	textbuf_set_cursor(tb, 0, 4);
	is_cur(tb, 0, 3, "set_cursor inside é goes back to its start");
	textbuf_delete_forward(tb);
	textbuf_set_cursor(tb, 0, 99);
	textbuf_delete_forward(tb);
	is_text(tb, "caf 日 x12\n3", "delete forward at a line end joins");
	textbuf_free(tb);
}

static void
test_moves(void)
{
	struct textbuf *tb = textbuf_new();
	const char     *s = "hello, wörld  foo_bar\n\n  next line";

	textbuf_load(tb, s, strlen(s));
	textbuf_word_right(tb);
	is_cur(tb, 0, 7, "word right to wörld");
	textbuf_word_right(tb);
	is_cur(tb, 0, 15, "word right to foo_bar");
	textbuf_word_right(tb);
	is_cur(tb, 2, 2, "word right over empty line to next");
	textbuf_word_right(tb);
	is_cur(tb, 2, 7, "word right to line");
	textbuf_word_right(tb);
	is_cur(tb, 2, 11, "word right at the end stays at the end");
	textbuf_word_left(tb);
	is_cur(tb, 2, 7, "word left");
	textbuf_word_left(tb);
	textbuf_word_left(tb);
	is_cur(tb, 0, 15, "word left back over lines");
	textbuf_word_left(tb);
	is_cur(tb, 0, 7, "word left to wörld");
	textbuf_doc_end(tb);
	is_cur(tb, 2, 11, "doc end");
	textbuf_doc_start(tb);
	is_cur(tb, 0, 0, "doc start");
	tap_ok(textbuf_left(tb) == 0, "left at the start does nothing");
	textbuf_line_end(tb);
	textbuf_right(tb);
	is_cur(tb, 1, 0, "right at a line end goes to the next line");
	textbuf_left(tb);
	is_cur(tb, 0, 22, "left at a line start goes to the previous end");

	s = "abcdef\nab\nabcdef\n日本語\nx\u0301yz";
	textbuf_load(tb, s, strlen(s));
	textbuf_set_cursor(tb, 0, 5);
	textbuf_down(tb);
	is_cur(tb, 1, 2, "down to a shorter line: its end");
	textbuf_down(tb);
	is_cur(tb, 2, 5, "down again: the goal column is kept");
	textbuf_left(tb);
	textbuf_left(tb);
	textbuf_down(tb);
	is_cur(tb, 3, 3, "goal column 3 in 日本語: inside 本, on it");
	textbuf_down(tb);
	is_cur(tb, 4, 5, "down by display column: x+mark is one column");
	tap_ok(textbuf_down(tb) == 0, "down on the last line does nothing");
	textbuf_up(tb);
	textbuf_up(tb);
	textbuf_up(tb);
	is_cur(tb, 1, 2, "up thrice");
	textbuf_doc_start(tb);
	tap_ok(textbuf_up(tb) == 0, "up on the first line does nothing");
	textbuf_free(tb);
}

static void
test_wrap(void)
{
	struct textbuf	   *tb = textbuf_new();
	const char	   *s = "the quick brown fox jumps";
	struct textbuf_vpos vp;
	int		    col, row;

	textbuf_load(tb, s, strlen(s));
	is_layout(tb, 0, "the quick brown fox jumps", "no wrapping");
	is_layout(tb, 10, "the quick |brown fox |jumps", "at spaces");
	is_layout(tb, 25, "the quick brown fox jumps|",
	    "a full last row is followed by an empty one");
	is_layout(tb, 26, "the quick brown fox jumps", "one row");
	is_layout(tb, 4, "the |quic|k |brow|n |fox |jump|s",
	    "words longer than the width are split");
	textbuf_load(tb, "ab日本語", strlen("ab日本語"));
	is_layout(tb, 5, "ab日|本語",
	    "a wide character at the edge moves down");
	is_layout(tb, 4, "ab日|本語|", "exactly full rows");
	is_layout(tb, 3, "ab|日|本|語", "never split a wide character");
	textbuf_load(tb, "a日b", strlen("a日b"));
	is_layout(tb, 3, "a日|b", "wide character filling the row");
	textbuf_load(tb,
	    "e\xcc\x81"
	    "e\xcc\x81"
	    "e\xcc\x81",
	    9);
	is_layout(tb, 2,
	    "e\xcc\x81"
	    "e\xcc\x81|e\xcc\x81",
	    "combining marks stay with their base");
	textbuf_load(tb, "a\tb", 3);
	is_layout(tb, 8, "a\t|b", "a tab runs to column 8");
	textbuf_load(tb, s, strlen(s));
	textbuf_set_width(tb, 10);
	textbuf_set_cursor(tb, 0, 12);
	vp = textbuf_cursor_vpos(tb, &col);
	tap_ok(vp.line == 0 && vp.seg == 1 && col == 2,
	    "cursor in row 1 column 2 (%zu,%d)", vp.seg, col);
	textbuf_set_cursor(tb, 0, 10);
	vp = textbuf_cursor_vpos(tb, &col);
	tap_ok(vp.seg == 1 && col == 0,
	    "a break position starts the next row");
	textbuf_up(tb);
	is_cur(tb, 0, 0, "up by screen row inside a wrapped line");
	textbuf_set_cursor(tb, 0, 8);
	textbuf_down(tb);
	is_cur(tb, 0, 18, "down by screen row keeps the column");
	textbuf_down(tb);
	is_cur(tb, 0, 25, "down to the last row, clamped at its end");
	textbuf_set_cursor(tb, 0, 9);
	textbuf_down(tb);
	textbuf_up(tb);
	is_cur(tb, 0, 9, "the goal column survives a short row");
	textbuf_set_width(tb, 5);
	textbuf_set_cursor(tb, 0, 25);
	row = textbuf_scroll(tb, 3);
	vp = textbuf_top(tb);
	tap_ok(row == 2 && vp.seg == 4,
	    "scroll: the cursor's row at the bottom (row %d, top seg %zu)",
	    row, vp.seg);
	textbuf_set_width(tb, 5);
	tap_ok(textbuf_top(tb).seg == 4 && textbuf_scroll(tb, 3) == 2,
	    "setting the same width again keeps the view");
	textbuf_doc_start(tb);
	tap_ok(textbuf_scroll(tb, 3) == 0 && textbuf_top(tb).seg == 0,
	    "scroll back up to the cursor");
	textbuf_free(tb);
}

/* A mixed sequence; each state recorded, then undone and redone. */
/* The layout of tb, edited, equals that of its text loaded afresh. */
static int
same_layout(struct textbuf *tb, int width)
{
	struct textbuf *fresh = textbuf_new();
	char	       *a, *t = textbuf_export(tb, NULL);
	int		ok;

	textbuf_load(fresh, t, strlen(t));
	textbuf_set_width(tb, width);
	textbuf_set_width(fresh, width);
	a = xstrdup(layout(tb));
	ok = strcmp(a, layout(fresh)) == 0;
	if (!ok)
		tap_diag("layout after edits", a, layout(fresh));
	free(a);
	free(t);
	textbuf_free(fresh);
	return (ok);
}

/* Random edits of a long line; its rows are rewrapped only in part. */
static void
test_rewrap(void)
{
	static const char *const bits[] = { "a", " ", "日", "é", "word ",
		"e\xcc\x81", "\t", "  ", "longerword" };
	struct textbuf		*tb = textbuf_new();
	unsigned		 seed = 7, k;
	int			 ok = 1, width, round;

	for (round = 0; ok && round < 400; round++) {
		width = 5 + round % 23;
		if (round % 50 == 0)
			textbuf_load(tb, "", 0);
		textbuf_set_width(tb, width);
		layout(tb);
		for (k = 0; k < 20; k++) {
			seed = seed * 1103515245 + 12345;
			textbuf_set_cursor(tb, 0, (seed >> 8) % 400);
			if ((seed >> 20) % 4 == 0)
				textbuf_delete_back(tb);
			else
				type(tb, bits[(seed >> 16) % 9]);
			if (k % 5 == 0)
				layout(tb);
		}
		ok = same_layout(tb, width);
	}
	tap_ok(ok,
	    "partial rewrapping after edits equals a fresh layout (%d rounds)",
	    round);
	textbuf_free(tb);
}

static void
test_undo(void)
{
	struct textbuf *tb = textbuf_new();
	char	       *states[16];
	size_t		n = 0, i;
	int		ok = 1;

	textbuf_load(tb, "hello\nworld", 11);
	states[n++] = xstrdup(text(tb));
	textbuf_line_end(tb);
	type(tb, " 日本😀");
	states[n++] = xstrdup(text(tb));
	textbuf_newline(tb);
	states[n++] = xstrdup(text(tb));
	type(tb, "ab");
	states[n++] = xstrdup(text(tb));
	textbuf_delete_back(tb);
	textbuf_delete_back(tb);
	textbuf_delete_back(tb);
	states[n++] = xstrdup(text(tb));
	textbuf_doc_start(tb);
	textbuf_delete_forward(tb);
	textbuf_delete_forward(tb);
	states[n++] = xstrdup(text(tb));
	textbuf_cut_line(tb);
	states[n++] = xstrdup(text(tb));
	textbuf_cut_line(tb);
	states[n++] = xstrdup(text(tb));
	textbuf_paste(tb);
	states[n++] = xstrdup(text(tb));
	textbuf_insert_text(tb, "pasted\ntwo", 10);
	states[n++] = xstrdup(text(tb));
	type(tb, "é");
	states[n++] = xstrdup(text(tb));
	for (i = n - 1; i > 0; i--) {
		textbuf_undo(tb);
		if (strcmp(text(tb), states[i - 1]) != 0) {
			ok = 0;
			tap_diag("undo", text(tb), states[i - 1]);
		}
	}
	tap_ok(ok, "undo walks back through %zu steps to each exact text",
	    n - 1);
	tap_ok(textbuf_undo(tb) == 0, "nothing more to undo");
	for (ok = 1, i = 1; i < n; i++) {
		textbuf_redo(tb);
		if (strcmp(text(tb), states[i]) != 0) {
			ok = 0;
			tap_diag("redo", text(tb), states[i]);
		}
	}
	tap_ok(ok, "redo walks forward through each text");
	tap_ok(textbuf_redo(tb) == 0, "nothing more to redo");
	textbuf_undo(tb);
	textbuf_undo(tb);
	type(tb, "z");
	tap_ok(textbuf_redo(tb) == 0, "an edit empties the redo list");
	textbuf_undo(tb);
	is_text(tb, states[n - 3], "and is undone itself");
	tap_ok(textbuf_changes(tb) > 0, "the change counter counts (%lu)",
	    textbuf_changes(tb));
	for (i = 0; i < n; i++)
		free(states[i]);

	textbuf_load(tb, "x", 1);
	type(tb, "hello world");
	textbuf_undo(tb);
	is_text(tb, "x", "a run of typed characters is one step");
	is_cur(tb, 0, 0, "the cursor goes back too");
	textbuf_load(tb, "abc", 3);
	textbuf_doc_end(tb);
	type(tb, "d");
	textbuf_left(tb);
	textbuf_right(tb);
	type(tb, "e");
	textbuf_undo(tb);
	is_text(tb, "abcd", "a move ends the run");
	textbuf_free(tb);
}

static void
test_cut_paste(void)
{
	struct textbuf *tb = textbuf_new();
	const char     *s = "one\ntwo\nthree\nfour\nfive", *cut;
	size_t		len;

	textbuf_load(tb, s, strlen(s));
	textbuf_set_cursor(tb, 1, 2);
	textbuf_cut_line(tb);
	textbuf_cut_line(tb);
	cut = textbuf_cut_buffer(tb, &len);
	tap_ok(len == 10 && memcmp(cut, "two\nthree\n", 10) == 0,
	    "two cuts in a row accumulate");
	is_text(tb, "one\nfour\nfive", "the lines are gone");
	textbuf_doc_end(tb);
	textbuf_line_start(tb);
	textbuf_paste(tb);
	is_text(tb, "one\nfour\ntwo\nthree\nfive", "paste puts them back");
	textbuf_paste(tb);
	is_text(tb, "one\nfour\ntwo\nthree\ntwo\nthree\nfive", "paste again");
	textbuf_doc_start(tb);
	textbuf_cut_line(tb);
	cut = textbuf_cut_buffer(tb, &len);
	tap_ok(len == 4 && memcmp(cut, "one\n", 4) == 0,
	    "a cut after other keys starts a new buffer");
	textbuf_doc_end(tb);
	textbuf_cut_line(tb);
	is_text(tb, "four\ntwo\nthree\ntwo\nthree\n",
	    "cutting the last line takes its text");
	tap_ok(textbuf_cut_line(tb) == 0,
	    "an empty last line: nothing to cut");
	textbuf_undo(tb);
	textbuf_undo(tb);
	is_text(tb, "one\nfour\ntwo\nthree\ntwo\nthree\nfive",
	    "each cut is one undo step");
	textbuf_free(tb);
}

/* Where-is: after the cursor, case folded, round the end, not found. */
static void
test_find(void)
{
	struct textbuf *tb = textbuf_new();
	const char *t = "Dear Ada,\nthe café is open.\nSee you at the CAFÉ?";

	textbuf_load(tb, t, strlen(t));
	tap_ok(textbuf_find(tb, "THE") == 1, "found after the cursor");
	is_cur(tb, 1, 0, "on the match, the next line");
	tap_ok(textbuf_find(tb, "the") == 1, "again: the next match");
	is_cur(tb, 2, 11, "the second \"the\"");
	tap_ok(textbuf_find(tb, "dear") == 2, "found after going round");
	is_cur(tb, 0, 0, "at the start");
	tap_ok(textbuf_find(tb, "caf") == 1, "ASCII letters fold case");
	is_cur(tb, 1, 4, "café");
	tap_ok(textbuf_find(tb, "Dear Ada,") == 2 &&
		textbuf_find(tb, "Dear") == 2,
	    "the only match, at the cursor: found, gone round");
	is_cur(tb, 0, 0, "and the cursor stays on it");
	tap_ok(textbuf_find(tb, "tea") == 0 && textbuf_find(tb, "") == 0,
	    "not found, or nothing to find");
	is_cur(tb, 0, 0, "the cursor has not moved");
	textbuf_free(tb);
}

static void
test_big(void)
{
	struct textbuf	  *tb = textbuf_new();
	char		  *big, *out;
	size_t		   i, len = 0;
	struct textbuf_row rows[24];
	int		   row;

	big = xmalloc(20000 * 100);
	for (i = 0; i < 20000; i++)
		len += (size_t)sprintf(big + len,
		    "line %zu of the body, with a few more words%s\n", i,
		    i % 7 == 0 ?
			" and a long tail that has to wrap on a narrow screen such as this one" :
			"");
	textbuf_load(tb, big, len);
	tap_ok(textbuf_nlines(tb) == 20001, "20,000 lines loaded");
	textbuf_set_width(tb, 80);
	textbuf_page_down(tb, 22);
	textbuf_page_down(tb, 22);
	row = textbuf_scroll(tb, 24);
	tap_ok(textbuf_cursor(tb).line > 30 && row >= 0 && row < 24,
	    "two pages down (line %zu, row %d)", textbuf_cursor(tb).line, row);
	textbuf_doc_end(tb);
	row = textbuf_scroll(tb, 24);
	tap_ok(row == 23 && textbuf_rows(tb, textbuf_top(tb), rows, 24) == 24,
	    "at the end: cursor on the bottom row, 24 rows to draw");
	textbuf_page_up(tb, 22);
	row = textbuf_scroll(tb, 24);
	tap_ok(textbuf_cursor(tb).line < 20000 && row == 23,
	    "page up from the end moves the view with it (row %d)", row);
	textbuf_set_cursor(tb, 10000, 3);
	type(tb, "XYZ");
	textbuf_undo(tb);
	out = textbuf_export(tb, NULL);
	tap_ok(strcmp(out, big) == 0,
	    "edit and undo in the middle: same text");
	free(out);
	for (i = 0; i < 3 * TB_UNDO_MAX_STEPS; i++) {
		type(tb, "q");
		textbuf_left(tb);
	}
	for (i = 0; textbuf_undo(tb); i++)
		;
	tap_ok(i <= TB_UNDO_MAX_STEPS && i > TB_UNDO_MAX_STEPS / 2,
	    "undo history is bounded (%zu steps kept)", i);
	free(big);
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
	test_load_export();
	test_insert_delete();
	test_moves();
	test_wrap();
	test_rewrap();
	test_undo();
	test_cut_paste();
	test_find();
	test_big();
	free(last_text);
	return (tap_done());
}
