/*
 * keys.c -- key codes to and from their notation in keymap files and on
 * the help screen: "a", "é", "<C-x>", "<M-s>", "<S-Tab>", "<F5>", "<lt>".
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "input/keys.h"
#include "base/strutil.h"

struct key_special {
	const char *name;
	keyc	    key;
};

/* The first name of a key is the one key_notation writes. */
static const struct key_special specials[] = {
	{ "F1", KEYC_F1 },
	{ "F2", KEYC_F2 },
	{ "F3", KEYC_F3 },
	{ "F4", KEYC_F4 },
	{ "F5", KEYC_F5 },
	{ "F6", KEYC_F6 },
	{ "F7", KEYC_F7 },
	{ "F8", KEYC_F8 },
	{ "F9", KEYC_F9 },
	{ "F10", KEYC_F10 },
	{ "F11", KEYC_F11 },
	{ "F12", KEYC_F12 },
	{ "Up", KEYC_UP },
	{ "Down", KEYC_DOWN },
	{ "Left", KEYC_LEFT },
	{ "Right", KEYC_RIGHT },
	{ "Home", KEYC_HOME },
	{ "End", KEYC_END },
	{ "PgUp", KEYC_PGUP },
	{ "PageUp", KEYC_PGUP },
	{ "PgDn", KEYC_PGDN },
	{ "PageDown", KEYC_PGDN },
	{ "Ins", KEYC_INS },
	{ "Insert", KEYC_INS },
	{ "Del", KEYC_DEL },
	{ "Delete", KEYC_DEL },
	{ "BS", KEYC_BS },
	{ "Backspace", KEYC_BS },
	{ "Tab", KEYC_TAB },
	{ "Enter", KEYC_ENTER },
	{ "Return", KEYC_ENTER },
	{ "CR", KEYC_ENTER },
	{ "Esc", KEYC_ESC },
	{ "Escape", KEYC_ESC },
	{ "Space", ' ' },
	{ "lt", '<' },
};
#define NSPECIALS (sizeof specials / sizeof specials[0])

/* Decode exactly one UTF-8 character filling all of s; -1 otherwise. */
static int
utf8_one(const char *s, keyc *out)
{
	size_t len = strlen(s);

	if (len == 0 || !utf8_valid(s, len) || utf8_next(s, len, 0) != len)
		return (-1);
	*out = utf8_decode(s, len, 0);
	return (0);
}

/* A character that can stand for itself in a keymap file. */
static int
printable(keyc cp)
{
	return (cp > 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
	    cp < 0x110000);
}

/* "C-", "M-", "S-" prefixes; returns what follows them. */
static const char *
parse_mods(const char *s, keyc *mods)
{
	keyc m;

	*mods = 0;
	while (s[0] != '\0' && s[1] == '-' && s[2] != '\0') {
		switch (s[0]) {
		case 'C':
		case 'c':
			m = KEYC_CTRL;
			break;
		case 'M':
		case 'm':
		case 'A':
		case 'a':
			m = KEYC_META;
			break;
		case 'S':
		case 's':
			m = KEYC_SHIFT;
			break;
		default:
			return (s);
		}
		if (*mods & m)
			return (NULL);
		*mods |= m;
		s += 2;
	}
	return (s);
}

/* Ctrl on what the terminal turns into a special key: <C-i> is <Tab>. */
static keyc
ctrl_alias(keyc cp)
{
	switch (cp) {
	case 'i':
		return (KEYC_TAB);
	case 'm':
		return (KEYC_ENTER);
	case '[':
		return (KEYC_ESC);
	case 'h':
		return (KEYC_BS);
	}
	return (KEYC_NONE);
}

/* Apply modifiers to a character key. */
static int
char_with_mods(keyc cp, keyc mods, keyc *out)
{
	keyc alias;
	int  letter = cp < 0x80 &&
	    ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));

	if ((mods & KEYC_SHIFT) && !letter)
		return (-1);
	if (mods & KEYC_CTRL) {
		if (letter)
			cp |= 0x20; /* lower case */
		if ((alias = ctrl_alias(cp)) != KEYC_NONE) {
			*out = alias | (mods & ~KEYC_CTRL);
			return (0);
		}
	} else if (mods & KEYC_SHIFT) {
		cp &= ~0x20u; /* upper case, the shift is in the letter */
		mods &= ~KEYC_SHIFT;
	}
	*out = cp | mods;
	return (0);
}

static int
parse_bracketed(const char *s, keyc *out)
{
	char	    inner[32];
	const char *name;
	size_t	    len = strlen(s), i;
	keyc	    mods, cp;

	if (len < 3 || len - 2 >= sizeof inner || s[len - 1] != '>')
		return (-1);
	memcpy(inner, s + 1, len - 2);
	inner[len - 2] = '\0';
	if ((name = parse_mods(inner, &mods)) == NULL)
		return (-1);
	for (i = 0; i < NSPECIALS; i++) {
		if (strcasecmp(name, specials[i].name) != 0)
			continue;
		if (specials[i].key < KEYC_SPECIAL)
			return (char_with_mods(specials[i].key, mods, out));
		*out = specials[i].key | mods;
		return (0);
	}
	if (mods == 0 || utf8_one(name, &cp) != 0 || !printable(cp))
		return (-1);
	return (char_with_mods(cp, mods, out));
}

keyc
key_seq(keyc prefix, keyc key)
{
	keyc letter = prefix & ~KEYC_MODS, base = key & ~KEYC_MODS;

	if ((prefix & KEYC_MODS) != KEYC_CTRL || letter < 'a' ||
	    letter > 'z' || key == KEYC_NONE || (key & KEYC_SEQ) ||
	    base > 0x3fffff)
		return (KEYC_NONE);
	return (
	    KEYC_SEQ | (letter - 'a') << 25 | (key & KEYC_MODS) >> 6 | base);
}

keyc
key_seq_prefix(keyc key)
{
	if (!(key & KEYC_SEQ))
		return (KEYC_NONE);
	return (('a' + ((key >> 25) & 0x1f)) | KEYC_CTRL);
}

keyc
key_seq_last(keyc key)
{
	if (!(key & KEYC_SEQ))
		return (key);
	return ((key & 0x3fffff) | (key & 0x01c00000) << 6);
}

/* "<C-c><C-c>", "<C-x>k": a bracketed key, then one more. */
static int
parse_seq(const char *s, keyc *out)
{
	char   first[40];
	size_t i;
	keyc   a, b;

	for (i = 1; s[i] != '\0' && i < sizeof first; i++) {
		if (s[i - 1] != '>')
			continue;
		memcpy(first, s, i);
		first[i] = '\0';
		if (parse_bracketed(first, &a) == 0 &&
		    key_parse(s + i, &b) == 0 &&
		    (*out = key_seq(a, b)) != KEYC_NONE)
			return (0);
	}
	return (-1);
}

int
key_parse(const char *s, keyc *out)
{
	keyc cp;

	if (s == NULL || *s == '\0')
		return (-1);
	if (s[0] == '<' && s[1] != '\0')
		return (parse_bracketed(s, out) == 0 ? 0 : parse_seq(s, out));
	if (utf8_one(s, &cp) != 0 || !printable(cp))
		return (-1);
	*out = cp;
	return (0);
}

static const char *
special_name(keyc base)
{
	size_t i;

	if (base == KEYC_RESIZE)
		return ("Resize");
	if (base == KEYC_SPACE)
		return ("Space");
	for (i = 0; i < NSPECIALS; i++) {
		if (specials[i].key == base)
			return (specials[i].name);
	}
	return (NULL);
}

/* The part inside <...> after the modifiers. */
static void
base_name(keyc base, char *buf, size_t len)
{
	const char *name;
	char	    u[5];

	if ((name = special_name(base)) != NULL)
		snprintf(buf, len, "%s", name);
	else if (printable(base)) {
		u[utf8_encode(base, u)] = '\0';
		snprintf(buf, len, "%s", u);
	} else if (base < 0x20)
		snprintf(buf, len, "C-%c", (char)(base + 0x60));
	else
		snprintf(buf, len, "U+%04X", (unsigned)base);
}

/* A sequence written by fn, key by key: 1, or 0 for a single key. */
static int
seq_text(keyc key, void (*fn)(keyc, char *, size_t), const char *sep,
    char *buf, size_t len)
{
	char a[32], b[32];

	if (!(key & KEYC_SEQ))
		return (0);
	fn(key_seq_prefix(key), a, sizeof a);
	fn(key_seq_last(key), b, sizeof b);
	snprintf(buf, len, "%s%s%s", a, sep, b);
	return (1);
}

void
key_notation(keyc key, char *buf, size_t len)
{
	keyc mods = key & KEYC_MODS, base = key & ~KEYC_MODS;
	char name[32];

	if (len == 0 || seq_text(key, key_notation, "", buf, len))
		return;
	if (key == KEYC_NONE) {
		snprintf(buf, len, "<none>");
		return;
	}
	base_name(base, name, sizeof name);
	if (mods == 0 && printable(base) && base != '<') {
		snprintf(buf, len, "%s", name);
		return;
	}
	snprintf(buf, len, "<%s%s%s%s>", (mods & KEYC_CTRL) ? "C-" : "",
	    (mods & KEYC_META) ? "M-" : "", (mods & KEYC_SHIFT) ? "S-" : "",
	    name);
}

void
key_words(keyc key, char *buf, size_t len)
{
	keyc mods = key & KEYC_MODS, base = key & ~KEYC_MODS;
	char name[32];

	if (len == 0 || seq_text(key, key_words, " ", buf, len))
		return;
	if (base < 0x20 && special_name(base) == NULL) { /* a bare C-x */
		mods |= KEYC_CTRL;
		base += 0x60;
	}
	base_name(base, name, sizeof name);
	if ((mods & KEYC_CTRL) && base >= 'a' && base <= 'z')
		name[0] = (char)(base - 'a' + 'A');
	snprintf(buf, len, "%s%s%s%s", (mods & KEYC_CTRL) ? "Ctrl-" : "",
	    (mods & KEYC_META) ? "Alt-" : "",
	    (mods & KEYC_SHIFT) ? "Shift-" : "", name);
}

int
key_is_text(keyc key)
{
	if (key & KEYC_MODS)
		return (0);
	return (key >= 0x20 && key < KEYC_SPECIAL && key != 0x7f &&
	    !(key >= 0x80 && key < 0xa0));
}

keyc
key_control(unsigned char c)
{
	switch (c) {
	case '\t':
		return (KEYC_TAB);
	case '\r':
		return (KEYC_ENTER);
	case 0x1b:
		return (KEYC_ESC);
	case '\b':
	case 0x7f:
		return (KEYC_BS);
	case 0:
		return (' ' | KEYC_CTRL);
	}
	if (c >= 1 && c <= 26)
		return (('a' + c - 1) | KEYC_CTRL);
	if (c >= 0x1c && c <= 0x1f)
		return ((c + 0x40) | KEYC_CTRL);
	return (c);
}
