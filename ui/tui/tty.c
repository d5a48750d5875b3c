/*
 * tty.c -- the terminal: locale and curses set-up (raw, no echo, keypad,
 * a short escape delay), colours when the terminal has them, and reading
 * what the terminal sends as one keyc (control characters, Meta as an
 * Escape prefix, curses' function keys).
 */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "tui/tty-curses.h"
#include "tui/screen.h"
#include "tui/tty.h"

#define ESC_DELAY_MS 25

enum tty_pair {
	PAIR_ERROR = 1,
	PAIR_OK,
	PAIR_DIM,
	PAIR_TAB
};

static int tty_mono = 1;
static int tty_cursor_state = -1;

static int
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return (cs != NULL &&
	    (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0));
}

static void
start_colours(void)
{
	short bg = COLOR_BLACK;

	if (!has_colors() || start_color() == ERR) {
		tty_mono = 1;
		return;
	}
	if (use_default_colors() == OK)
		bg = -1;
	init_pair(PAIR_ERROR, COLOR_RED, bg);
	init_pair(PAIR_OK, COLOR_GREEN, bg);
	init_pair(PAIR_DIM, COLOR_BLUE, bg);
	init_pair(PAIR_TAB, COLOR_CYAN, bg);
	tty_mono = 0;
}

int
tty_start(struct tty_caps *caps)
{
	setlocale(LC_ALL, "");
	caps->ascii = !locale_is_utf8();
	/* Short, unless the user set ESCDELAY. */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(ESC_DELAY_MS);
	if (newterm(NULL, stdout, stdin) == NULL)
		return (-1);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	meta(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, FALSE);
	start_colours();
	caps->mono = tty_mono;
	tty_cursor_state = -1;
	return (0);
}

void
tty_end(void)
{
	if (!isendwin()) {
		tty_cursor_visible(1);
		endwin();
	}
}

void
tty_suspend(void)
{
	def_prog_mode();
	tty_cursor_visible(1);
	endwin();
}

void
tty_resume(void)
{
	reset_prog_mode();
	tty_cursor_state = -1;
	clearok(curscr, TRUE);
	refresh();
}

void
tty_repaint(void)
{
	clearok(curscr, TRUE);
}

void
tty_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void
tty_cursor_visible(int on)
{
	if (on == tty_cursor_state)
		return;
	tty_cursor_state = on;
	curs_set(on ? 1 : 0);
}

unsigned long
tty_attr(int ui, short *pair)
{
	*pair = 0;
	switch (ui) {
	case UI_BOLD:
		return (A_BOLD);
	case UI_REVERSE:
		return (A_REVERSE);
	case UI_DIM:
		if (tty_mono)
			return (A_DIM);
		*pair = PAIR_DIM;
		return (A_NORMAL);
	case UI_ERROR:
		if (tty_mono)
			return (A_BOLD | A_UNDERLINE);
		*pair = PAIR_ERROR;
		return (A_BOLD);
	case UI_OK:
		if (tty_mono)
			return (A_BOLD);
		*pair = PAIR_OK;
		return (A_NORMAL);
	default:
		return (A_NORMAL);
	}
}

/* ncurses' names for modified keys: kUP5 is Ctrl-Up, kLFT3 Alt-Left. */
static keyc
extended_key(int code)
{
	static const struct {
		const char *prefix;
		keyc	    key;
	} names[] = {
		{ "kUP", KEYC_UP },
		{ "kDN", KEYC_DOWN },
		{ "kLFT", KEYC_LEFT },
		{ "kRIT", KEYC_RIGHT },
		{ "kHOM", KEYC_HOME },
		{ "kEND", KEYC_END },
		{ "kPRV", KEYC_PGUP },
		{ "kNXT", KEYC_PGDN },
		{ "kDC", KEYC_DEL },
		{ "kIC", KEYC_INS },
	};
	const char *name = keyname(code);
	size_t	    i, n;
	int	    mod;
	keyc	    mods;

	if (name == NULL)
		return (KEYC_NONE);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		n = strlen(names[i].prefix);
		if (strncmp(name, names[i].prefix, n) != 0)
			continue;
		mod = atoi(name + n);
		if (mod < 2 || mod > 8)
			return (KEYC_NONE);
		mod -= 1; /* xterm: 1 + shift(1) + alt(2) + ctrl(4) */
		mods = 0;
		if (mod & 1)
			mods |= KEYC_SHIFT;
		if (mod & 2)
			mods |= KEYC_META;
		if (mod & 4)
			mods |= KEYC_CTRL;
		return (names[i].key | mods);
	}
	return (KEYC_NONE);
}

static keyc
function_key(int code)
{
	if (code >= KEY_F(1) && code <= KEY_F(12))
		return (KEYC_F1 + (keyc)(code - KEY_F(1)));
	if (code >= KEY_F(13) && code <= KEY_F(24))
		return ((KEYC_F1 + (keyc)(code - KEY_F(13))) | KEYC_SHIFT);
	switch (code) {
	case KEY_UP:
		return (KEYC_UP);
	case KEY_DOWN:
		return (KEYC_DOWN);
	case KEY_LEFT:
		return (KEYC_LEFT);
	case KEY_RIGHT:
		return (KEYC_RIGHT);
	case KEY_SR:
		return (KEYC_UP | KEYC_SHIFT);
	case KEY_SF:
		return (KEYC_DOWN | KEYC_SHIFT);
	case KEY_SLEFT:
		return (KEYC_LEFT | KEYC_SHIFT);
	case KEY_SRIGHT:
		return (KEYC_RIGHT | KEYC_SHIFT);
	case KEY_HOME:
		return (KEYC_HOME);
	case KEY_END:
		return (KEYC_END);
	case KEY_PPAGE:
		return (KEYC_PGUP);
	case KEY_NPAGE:
		return (KEYC_PGDN);
	case KEY_IC:
		return (KEYC_INS);
	case KEY_DC:
		return (KEYC_DEL);
	case KEY_BACKSPACE:
		return (KEYC_BS);
	case KEY_ENTER:
		return (KEYC_ENTER);
	case KEY_BTAB:
		return (KEYC_TAB | KEYC_SHIFT);
	case KEY_RESIZE:
		return (KEYC_RESIZE);
	}
	return (extended_key(code));
}

/* One key as curses gives it: 1, or 0 when nothing is pending. */
static int
read_one(keyc *key)
{
	wint_t wc;
	int    rc;

	rc = wget_wch(stdscr, &wc);
	if (rc == ERR)
		return (0);
	if (rc == KEY_CODE_YES)
		*key = function_key((int)wc);
	else if (wc < 0x20 || wc == 0x7f)
		*key = key_control((unsigned char)wc);
	else
		*key = (keyc)wc;
	return (*key != KEYC_NONE);
}

int
tty_key(keyc *key)
{
	static keyc pending = KEYC_NONE;
	keyc	    next;

	if (pending != KEYC_NONE) {
		*key = pending;
		pending = KEYC_NONE;
		return (1);
	}
	if (!read_one(key))
		return (0);
	if (*key != KEYC_ESC)
		return (1);
	/* Escape then a key soon after: that key with Meta (Alt). */
	wtimeout(stdscr, ESC_DELAY_MS);
	if (read_one(&next)) {
		if (next == KEYC_ESC || next == KEYC_RESIZE ||
		    (next & KEYC_META) != 0)
			pending = next;
		else
			*key = next | KEYC_META;
	}
	nodelay(stdscr, TRUE);
	return (1);
}
