/*
 * keyseq.c -- escape sequences curses did not recognise (keyseq.h): the
 * common ones decoded by a table, the rest consumed whole as unknown.
 */
#include <stdlib.h>
#include <string.h>

#include "input/keyseq.h"

/* ESC [ N ~ (vt220, xterm, the Linux console). */
static const struct {
	int  n;
	keyc key;
} tilde_keys[] = {
	{ 1, KEYC_HOME },
	{ 2, KEYC_INS },
	{ 3, KEYC_DEL },
	{ 4, KEYC_END },
	{ 5, KEYC_PGUP },
	{ 6, KEYC_PGDN },
	{ 7, KEYC_HOME },
	{ 8, KEYC_END },
	{ 11, KEYC_F1 },
	{ 12, KEYC_F2 },
	{ 13, KEYC_F3 },
	{ 14, KEYC_F4 },
	{ 15, KEYC_F5 },
	{ 17, KEYC_F6 },
	{ 18, KEYC_F7 },
	{ 19, KEYC_F8 },
	{ 20, KEYC_F9 },
	{ 21, KEYC_F10 },
	{ 23, KEYC_F11 },
	{ 24, KEYC_F12 },
};

/* The final letter of ESC [ x, ESC O x (and ESC [ 1 ; m x). */
static keyc
letter_key(char c)
{
	switch (c) {
	case 'A':
		return (KEYC_UP);
	case 'B':
		return (KEYC_DOWN);
	case 'C':
		return (KEYC_RIGHT);
	case 'D':
		return (KEYC_LEFT);
	case 'H':
		return (KEYC_HOME);
	case 'F':
		return (KEYC_END);
	case 'P':
		return (KEYC_F1);
	case 'Q':
		return (KEYC_F2);
	case 'R':
		return (KEYC_F3);
	case 'S':
		return (KEYC_F4);
	}
	return (KEYC_NONE);
}

/* xterm's modifier parameter, 1 + Shift 1, Alt 2, Ctrl 4: 0 or -1. */
static int
modifiers(int m, keyc *mods)
{
	*mods = 0;
	if (m < 1 || m > 8)
		return (-1);
	m -= 1;
	if (m & 1)
		*mods |= KEYC_SHIFT;
	if (m & 2)
		*mods |= KEYC_META;
	if (m & 4)
		*mods |= KEYC_CTRL;
	return (0);
}

/* CSI's parameters "N" or "N;M" (empty N is 1); -1 otherwise. */
static int
params(const char *s, size_t len, int *n, int *m)
{
	char p[KEYSEQ_MAX], *end;
	long v;

	memcpy(p, s, len);
	p[len] = '\0';
	*n = 1;
	*m = 1;
	if (len == 0)
		return (0);
	v = strtol(p, &end, 10);
	if (end != p) {
		if (v < 0 || v > 99)
			return (-1);
		*n = (int)v;
	}
	if (*end == '\0')
		return (0);
	if (*end != ';')
		return (-1);
	v = strtol(end + 1, &end, 10);
	if (*end != '\0' || v < 1 || v > 99)
		return (-1);
	*m = (int)v;
	return (0);
}

/* A complete CSI sequence: buf is "[" params final. */
static keyc
csi_key(const struct keyseq *s)
{
	char   final = s->buf[s->len - 1];
	keyc   key = KEYC_NONE, mods;
	size_t i;
	int    n, m;

	if (params(s->buf + 1, s->len - 2, &n, &m) != 0)
		return (KEYC_NONE);
	if (final == '~') {
		for (i = 0; i < sizeof tilde_keys / sizeof tilde_keys[0]; i++)
			if (tilde_keys[i].n == n)
				key = tilde_keys[i].key;
	} else if (n == 1)
		key = letter_key(final);
	if (key == KEYC_NONE || modifiers(m, &mods) != 0)
		return (KEYC_NONE);
	return (key | mods);
}

/* A complete SS3 sequence: buf is "O" [modifier digit] letter. */
static keyc
ss3_key(const struct keyseq *s)
{
	keyc key = letter_key(s->buf[s->len - 1]), mods = 0;
	int  m = s->len == 3 ? s->buf[1] - '0' : 1;

	if (key == KEYC_NONE || s->len > 3 || modifiers(m, &mods) != 0)
		return (KEYC_NONE);
	return (key | mods);
}

/* The Linux console's ESC [ [ A..E: F1..F5. */
static keyc
linux_key(char c)
{
	return (c >= 'A' && c <= 'E' ? KEYC_F1 + (keyc)(c - 'A') : KEYC_NONE);
}

static enum keyseq_state
result(keyc k, keyc *key)
{
	if (k == KEYC_NONE)
		return (KEYSEQ_UNKNOWN);
	*key = k;
	return (KEYSEQ_KEY);
}

void
keyseq_start(struct keyseq *s)
{
	s->len = 0;
}

enum keyseq_state
keyseq_add(struct keyseq *s, keyc k, keyc *key)
{
	if (s->len == 0 && k != '[' && k != 'O')
		return (KEYSEQ_NOTSEQ);
	if (k < 0x20 || k > 0x7e || s->len + 1 >= sizeof s->buf)
		return (KEYSEQ_UNKNOWN);
	s->buf[s->len++] = (char)k;
	if (s->len == 1)
		return (KEYSEQ_MORE);
	if (s->buf[0] == 'O') { /* SS3: one letter, maybe a modifier */
		if (k >= 0x30 && k <= 0x3f && s->len < 4)
			return (KEYSEQ_MORE);
		return (result(ss3_key(s), key));
	}
	if (s->len == 2 && k == '[') /* the Linux console: one more */
		return (KEYSEQ_MORE);
	if (s->buf[1] == '[')
		return (result(linux_key((char)k), key));
	if (k >= 0x40) /* CSI's final byte */
		return (result(csi_key(s), key));
	return (KEYSEQ_MORE);
}
