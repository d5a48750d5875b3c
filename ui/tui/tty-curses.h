/*
 * tty-curses.h -- <curses.h> for the few files that draw (tty.c,
 * app*.c), with the key codes they translate to.
 */
#ifndef OUTPOST_TTY_CURSES_H
#define OUTPOST_TTY_CURSES_H

#include <curses.h>

#include "input/keys.h"

#endif
