/*
 * tty.h -- the terminal: the only place that sets curses up and tears it
 * down, reads one key as a keyc, and maps the UI's attributes to curses
 * ones.  app-*.c draw with curses calls on stdscr between tty_start and
 * tty_end.
 */
#ifndef OUTPOST_TTY_H
#define OUTPOST_TTY_H

#include <stdint.h>

#include "input/keys.h"

struct tty_caps {
	int ascii; /* the locale is not UTF-8: ASCII line drawing */
	int mono;  /* no colours (none, or NO_COLOR) */
};

/* Locale, curses modes, colours.  -1 when there is no usable terminal. */
int tty_start(struct tty_caps *);
/* Leave curses mode (endwin); never after the terminal hung up. */
void tty_end(void);
/*
 * One pending key without waiting: 1 and *key set, or 0 when none.
 * KEYC_UNKNOWN: an escape sequence of no key we know, read whole;
 * KEYC_FOREIGN: a character the locale cannot type.
 */
int tty_key(keyc *);
/* The character behind the last KEYC_FOREIGN, or 0 when not known. */
uint32_t tty_foreign(void);
/* The locale's name for characters (LC_CTYPE): "C", "POSIX" ... */
const char *tty_locale(void);
/* Hand the terminal to another program, and take it back (repainted). */
void tty_suspend(void);
void tty_resume(void);
/* Repaint everything on the next update (after a resize, ^L). */
void tty_repaint(void);
/* The terminal's current size. */
void tty_size(int *, int *);
/* Curses attributes and colour pair for a UI attribute (enum ui_attr). */
unsigned long tty_attr(int, short *);
/* Show or hide the terminal cursor (only sends when it changes). */
void tty_cursor_visible(int);

#endif
