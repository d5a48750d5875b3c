/*
 * edit-cost.c -- the editing cost driver for callgrind (issue 9, figure
 * 6): loads a generated 20,000-line body into the composer's editor
 * model and performs N keystrokes of one kind, each followed by what the
 * screen needs to draw a 24x80 window (scroll to the cursor, the cursor's
 * row and column, the 24 visible rows).
 *
 *	edit-cost type N	N typed characters in the middle of the body
 *	edit-cost page N	N page moves (down, and back up at the end)
 *	edit-cost undo N	N undos of typed words (N <= UNDO_WORDS)
 *
 * Instructions per key: run with N and with 0 under
 * valgrind --tool=callgrind and divide the difference by N; or count
 * only the keys with --toggle-collect=run_keys.  The undo mode always
 * types the same UNDO_WORDS words first (each its own undo step), so the
 * difference is the undos alone.  Built by make check, never run by it.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/textbuf.h"
#include "base/xmalloc.h"

#define LINES	   20000
#define HEIGHT	   24
#define WIDTH	   80
#define UNDO_WORDS TB_UNDO_MAX_STEPS

static struct textbuf_row rows[HEIGHT];
static size_t		  drawn;

/* A body like mail: paragraphs of 60-75 column lines, quoted parts,
 * some long unwrapped lines, UTF-8 here and there, empty lines. */
static char *
make_body(size_t *lenp)
{
	static const char *const words[] = { "the", "message", "was", "queued",
		"before", "any", "byte", "went", "out", "and", "Grüße", "from",
		"Zürich", "日本", "delivery", "server", "outbox", "retry",
		"later", "tomorrow" };
	char			*buf = xmalloc((size_t)LINES * 400);
	size_t			 len = 0, i, col, target;
	unsigned		 seed = 1;

	for (i = 0; i < LINES; i++) {
		if (i % 9 == 8) {
			buf[len++] = '\n';
			continue;
		}
		if (i % 23 < 4)
			len += (size_t)sprintf(buf + len, "> ");
		target = i % 31 == 0 ? 300 : 60 + i % 16;
		for (col = 0; col < target;) {
			const char *w;

			seed = seed * 1103515245 + 12345;
			w = words[(seed >> 16) % 20];
			len += (size_t)sprintf(buf + len, "%s%s",
			    col > 0 ? " " : "", w);
			col += strlen(w) + 1;
		}
		buf[len++] = '\n';
	}
	*lenp = len;
	return (buf);
}

/* What the screen computes after each key. */
static void __attribute__((noinline)) screen(struct textbuf *tb)
{
	int col;

	textbuf_scroll(tb, HEIGHT);
	textbuf_cursor_vpos(tb, &col);
	drawn += textbuf_rows(tb, textbuf_top(tb), rows, HEIGHT);
}

/* The words the undo mode undoes, each its own step. */
static void __attribute__((noinline)) setup_undo(struct textbuf *tb)
{
	long i;

	for (i = 0; i < UNDO_WORDS; i++) {
		textbuf_insert_char(tb, 'w');
		textbuf_insert_char(tb, 'o');
		textbuf_insert_char(tb, 'r');
		textbuf_insert_char(tb, 'd');
		textbuf_insert_char(tb, ' ');
		textbuf_left(tb);
		textbuf_right(tb);
	}
	screen(tb);
}

static void __attribute__((noinline))
run_keys(struct textbuf *tb, const char *mode, long n)
{
	long i;
	int  down = 1;

	for (i = 0; i < n; i++) {
		if (strcmp(mode, "type") == 0)
			textbuf_insert_char(tb,
			    i % 6 == 5 ? ' ' : 'a' + i % 26);
		else if (strcmp(mode, "undo") == 0)
			textbuf_undo(tb);
		else {
			if (down && !textbuf_page_down(tb, HEIGHT - 2))
				down = 0;
			if (!down && !textbuf_page_up(tb, HEIGHT - 2))
				down = 1;
		}
		screen(tb);
	}
}

int
main(int argc, char **argv)
{
	struct textbuf *tb;
	char	       *body;
	size_t		len;
	long		n;

	if (argc != 3 ||
	    (strcmp(argv[1], "type") != 0 && strcmp(argv[1], "page") != 0 &&
		strcmp(argv[1], "undo") != 0)) {
		fprintf(stderr, "usage: edit-cost type|page|undo N\n");
		return (64);
	}
	n = strtol(argv[2], NULL, 10);
	if (n < 0 || (strcmp(argv[1], "undo") == 0 && n > UNDO_WORDS)) {
		fprintf(stderr, "edit-cost: N from 0 to %d for undo\n",
		    UNDO_WORDS);
		return (64);
	}
	setlocale(LC_CTYPE, "C.UTF-8");
	body = make_body(&len);
	tb = textbuf_new();
	textbuf_load(tb, body, len);
	free(body);
	textbuf_set_width(tb, WIDTH);
	if (strcmp(argv[1], "page") != 0) {
		textbuf_set_cursor(tb, LINES / 2, 0);
		textbuf_line_end(tb);
	}
	screen(tb);
	if (strcmp(argv[1], "undo") == 0)
		setup_undo(tb);
	run_keys(tb, argv[1], n);
	printf("%s %ld: %zu rows laid out, %zu lines, cursor line %zu\n",
	    argv[1], n, drawn, textbuf_nlines(tb), textbuf_cursor(tb).line);
	textbuf_free(tb);
	return (0);
}
