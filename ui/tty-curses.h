/*
 * tty-curses.h -- <curses.h> for the files that draw (tty.c, app*.c):
 * ncursesw declares its own key_name(wchar_t), which clashes with
 * keys.h's key_name(keyc, char *, size_t); curses' one is renamed away
 * here (we never use it), so both headers can be included.
 */
#ifndef OUTPOST_TTY_CURSES_H
#define OUTPOST_TTY_CURSES_H

#define key_name curses_key_name_unused
#include <curses.h>
#undef key_name

#include "keys.h"

#endif
