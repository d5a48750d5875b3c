/*
 * tty.c -- the terminal: locale and curses set-up (raw, no echo, keypad,
 * a short escape delay), colours when the terminal has them and NO_COLOR
 * is not set, and reading what the terminal sends as one keyc (control
 * characters, Meta as an Escape prefix, curses' function keys, escape
 * sequences terminfo did not name, characters the locale cannot type).
 */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "tui/tty-curses.h"
#include "base/strutil.h"
#include "input/keyseq.h"
#include "tui/screen.h"
#include "tui/tty.h"

#define ESC_DELAY_MS 25

enum tty_pair {
	PAIR_ERROR = 1,
	PAIR_OK,
	PAIR_DIM,
	PAIR_TAB
};

static int	tty_mono = 1;
static int	tty_cursor_state = -1;
static int	tty_utf8;
static uint32_t tty_foreign_cp; /* the last KEYC_FOREIGN's, or 0 */

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
	const char *no_color = getenv("NO_COLOR");
	short	    bg = COLOR_BLACK;

	/* no-color.org: present and not empty turns colour off. */
	if ((no_color != NULL && no_color[0] != '\0') || !has_colors() ||
	    start_color() == ERR) {
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
	tty_utf8 = locale_is_utf8();
	caps->ascii = !tty_utf8;
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
read_wide(keyc *key)
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

/* The next byte within the escape delay, or ERR. */
static int
byte_soon(void)
{
	int c;

	wtimeout(stdscr, ESC_DELAY_MS);
	c = wgetch(stdscr);
	nodelay(stdscr, TRUE);
	return (c);
}

/*
 * A byte above ASCII in a locale that is not UTF-8: the character the
 * terminal sent (UTF-8, its continuation bytes right behind) is one the
 * locale cannot decode, KEYC_FOREIGN; else the locale's own character
 * (Latin-1's).
 */
static keyc
foreign_key(int lead)
{
	char	  buf[4];
	size_t	  want, len = 1;
	uint32_t  cp;
	wchar_t	  wc;
	mbstate_t mb;
	int	  c;

	buf[0] = (char)lead;
	want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 1;
	while (len < want && (c = byte_soon()) != ERR) {
		if ((c & 0xc0) != 0x80) {
			ungetch(c);
			break;
		}
		buf[len++] = (char)c;
	}
	tty_foreign_cp = 0;
	if (len > 1 && utf8_scan(buf, len, &cp) == len && cp != 0xfffd)
		tty_foreign_cp = cp;
	else if (len == 1) {
		memset(&mb, 0, sizeof mb);
		if (mbrtowc(&wc, buf, 1, &mb) == 1 && wc >= 0xa0)
			return ((keyc)wc);
	}
	return (KEYC_FOREIGN);
}

/* Not UTF-8: bytes, so that none is dropped unseen (wget_wch does). */
static int
read_byte(keyc *key)
{
	int c = wgetch(stdscr);

	if (c == ERR)
		return (0);
	if (c >= KEY_MIN)
		*key = function_key(c);
	else if (c < 0x20 || c == 0x7f)
		*key = key_control((unsigned char)c);
	else if (c < 0x80)
		*key = (keyc)c;
	else
		*key = foreign_key(c);
	return (*key != KEYC_NONE);
}

static int
read_one(keyc *key)
{
	return (tty_utf8 ? read_wide(key) : read_byte(key));
}

static int
read_soon(keyc *key)
{
	int got;

	wtimeout(stdscr, ESC_DELAY_MS);
	got = read_one(key);
	nodelay(stdscr, TRUE);
	return (got);
}

/*
 * After Escape, an escape sequence curses did not know (keyseq.h): its
 * key, or KEYC_UNKNOWN once it is consumed whole; a key that broke it
 * off is kept for the next read.  Escape and a key soon after that
 * starts no sequence: that key with Meta (Alt).
 */
static keyc
after_escape(keyc *pending)
{
	struct keyseq seq;
	keyc	      next, key = KEYC_ESC;
	int	      n;

	if (!read_soon(&next))
		return (KEYC_ESC);
	keyseq_start(&seq);
	for (n = 0; n < KEYSEQ_MAX; n++) {
		switch (keyseq_add(&seq, next, &key)) {
		case KEYSEQ_KEY:
			return (key);
		case KEYSEQ_UNKNOWN:
			if (next < 0x20 || next > 0x7e)
				*pending = next;
			return (KEYC_UNKNOWN);
		case KEYSEQ_NOTSEQ:
			if (next == KEYC_ESC || next == KEYC_RESIZE ||
			    (next & KEYC_META) != 0 || next == KEYC_UNKNOWN ||
			    next == KEYC_FOREIGN) {
				*pending = next;
				return (KEYC_ESC);
			}
			return (next | KEYC_META);
		case KEYSEQ_MORE:
			break;
		}
		if (!read_soon(&next)) /* Alt-[ or Alt-O, or a cut sequence */
			return (n == 0 ? (keyc)seq.buf[0] | KEYC_META :
					 KEYC_UNKNOWN);
	}
	return (KEYC_UNKNOWN);
}

int
tty_key(keyc *key)
{
	static keyc pending = KEYC_NONE;

	if (pending != KEYC_NONE) {
		*key = pending;
		pending = KEYC_NONE;
		return (1);
	}
	if (!read_one(key))
		return (0);
	if (*key == KEYC_ESC)
		*key = after_escape(&pending);
	return (1);
}

uint32_t
tty_foreign(void)
{
	return (tty_foreign_cp);
}

const char *
tty_locale(void)
{
	const char *name = setlocale(LC_CTYPE, NULL);

	return (name != NULL ? name : "C");
}
