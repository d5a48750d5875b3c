/*
 * keys.h -- key codes and their notation ("a", "<C-x>", "<M-s>", "<F5>"),
 * as used in keymap files and in the help and hint lines.  No curses: the
 * tty layer turns what the terminal sends into these codes.
 */
#ifndef OUTPOST_KEYS_H
#define OUTPOST_KEYS_H

#include <stddef.h>
#include <stdint.h>

/* A Unicode code point, or a special key, plus modifier bits. */
typedef uint32_t keyc;

#define KEYC_NONE    0u
#define KEYC_CTRL    0x10000000u
#define KEYC_META    0x20000000u
#define KEYC_SHIFT   0x40000000u
#define KEYC_MODS    (KEYC_CTRL | KEYC_META | KEYC_SHIFT)
#define KEYC_SPECIAL 0x00200000u /* special keys are above Unicode */

enum {
	KEYC_F1 = KEYC_SPECIAL + 1,
	KEYC_F2,
	KEYC_F3,
	KEYC_F4,
	KEYC_F5,
	KEYC_F6,
	KEYC_F7,
	KEYC_F8,
	KEYC_F9,
	KEYC_F10,
	KEYC_F11,
	KEYC_F12 = KEYC_SPECIAL + 12,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_HOME,
	KEYC_END,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_INS,
	KEYC_DEL,
	KEYC_BS,
	KEYC_TAB,
	KEYC_ENTER,
	KEYC_ESC,
	KEYC_SPACE,
	KEYC_RESIZE,
	/* Read, never bound: an escape sequence of no key we know (the
	 * terminal's TERM does not describe it), a character the locale
	 * cannot decode (tty_foreign() says which). */
	KEYC_UNKNOWN,
	KEYC_FOREIGN
};

/*
 * Two keys in a row, as Emacs' C-c C-c: a Ctrl-letter, then any key, in
 * one keyc with KEYC_SEQ set (bits 0-21 the second key, 22-24 its
 * modifiers, 25-29 the letter), so a keymap binds and finds it as any
 * other key.  key_seq: the sequence, or KEYC_NONE when prefix is not a
 * Ctrl-letter or key is not a single key; key_seq_prefix: the first key
 * (KEYC_NONE for a single key); key_seq_last: the second.
 */
#define KEYC_SEQ 0x80000000u
keyc key_seq(keyc, keyc);
keyc key_seq_prefix(keyc);
keyc key_seq_last(keyc);

/*
 * Notation: one UTF-8 character ("a", "?", "é"), or <...>: <C-x> (Ctrl,
 * stored as the lower-case letter | KEYC_CTRL), <M-s> (Meta/Alt), <S-Tab>,
 * <C-M-x>, <F1>..<F12>, <Tab>, <Enter>, <Esc>, <BS>, <Del>, <Ins>, <Up>,
 * <Down>, <Left>, <Right>, <Home>, <End>, <PgUp>, <PgDn>, <Space> (the
 * code point ' ', so a typed space self-inserts), <lt> for '<'.  Names are
 * case-insensitive.  A sequence is its two keys written together:
 * <C-c><C-c>, <C-x>k.
 */
/* 0, or -1 when not a key name. */
int key_parse(const char *, keyc *);
/* The notation, e.g. "<C-x>", "a", "<F5>"; always NUL-terminated. */
void key_notation(keyc, char *, size_t);
/* In words, for the plain mode: "Ctrl-X", "Alt-s", "Shift-Tab", "F5". */
void key_words(keyc, char *, size_t);
/* A printable character without modifiers. */
int key_is_text(keyc);
/*
 * A C0 control byte as the terminal sends it, as a key: ^I <Tab>, ^M
 * <Enter>, ^[ <Esc>, ^H and DEL <BS>, ^@ <C-Space>, ^A..^Z <C-a>..<C-z>
 * (^J is <C-j>), ^\ ^] ^^ ^_ <C-\\> <C-]> <C-^> <C-_>.  Other bytes are
 * returned as they are.
 */
keyc key_control(unsigned char);

#endif
