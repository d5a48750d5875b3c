/*
 * wirelimit.c -- counting what a server sends against the bounds in
 * wirelimit.h, byte by byte as it arrives (see there).
 */
#include <stdio.h>
#include <string.h>

#include "wire/wirelimit.h"

void
wirelimit_init(struct wirelimit *w, enum wirelimit_proto proto)
{
	memset(w, 0, sizeof *w);
	w->proto = proto;
	if (proto == WIRELIMIT_IMAP) {
		w->line_max = WIRELIMIT_IMAP_LINE;
		w->lines_max = WIRELIMIT_IMAP_LINES;
		w->bytes_max = WIRELIMIT_IMAP_BYTES;
		w->literal_max = WIRELIMIT_IMAP_LITERAL;
	} else {
		w->line_max = WIRELIMIT_SMTP_LINE;
		w->lines_max = WIRELIMIT_SMTP_LINES;
		w->bytes_max = WIRELIMIT_SMTP_BYTES;
	}
}

void
wirelimit_restart(struct wirelimit *w)
{
	w->lines = 0;
	w->bytes = 0;
	/* A line or literal under way goes on: only the counts restart. */
}

size_t
wirelimit_bytes(const struct wirelimit *w)
{
	return (w->bytes);
}

/*
 * IMAP: follow "{digits}" as it arrives.  Any such number over the
 * literal bound is refused where it stands (libetpan is lenient about
 * what may follow the "}"), and the last one closed on a line is taken
 * as the size of a literal that follows the line end.  libetpan also
 * takes "{ -12 }" (blanks, a sign) for a literal, so those keep the
 * number open; only a byte libetpan would not take ends it.
 */
static int
literal_byte(struct wirelimit *w, char c, char *why, size_t len)
{
	if (c == '{') {
		w->digits = 1;
		w->number = 0;
		return (0);
	}
	if (w->digits == 0)
		return (0);
	if (c >= '0' && c <= '9') {
		if (w->number > (~0ULL - 9) / 10)
			w->number = ~0ULL;
		else
			w->number = w->number * 10 + (unsigned)(c - '0');
		w->digits++;
		return (0);
	}
	if (c == '}' && w->digits > 1) {
		if (w->number > w->literal_max) {
			snprintf(why, len,
			    "announced a literal of %llu bytes (at most %llu are accepted)",
			    w->number, w->literal_max);
			return (-1);
		}
		w->announced = w->number;
		w->has_literal = 1;
	}
	if (c != '+' && c != '-' && c != ' ' && c != '\t')
		w->digits = 0;
	return (0);
}

/*
 * A byte of a literal: not a line, yet a "{digits}" over the bound in it
 * is refused too, since a parser that did not take the announcement for
 * a literal (one in an OK's text, say) reads these bytes as lines.  For
 * the same reason a "{digits" under way at its end goes on after it.
 */
static int
literal_data(struct wirelimit *w, char c, char *why, size_t len)
{
	if (literal_byte(w, c, why, len) == -1)
		return (-1);
	if (--w->literal == 0) /* nothing in it announces a literal */
		w->has_literal = 0;
	return (0);
}

/* A line ended: count it, and see whether a literal follows. */
static int
line_end(struct wirelimit *w, char *why, size_t len)
{
	w->lines++;
	if (w->lines > w->lines_max) {
		snprintf(why, len, "sent more than %zu lines in one reply",
		    w->lines_max);
		return (-1);
	}
	if (w->has_literal)
		w->literal = w->announced;
	w->has_literal = 0;
	w->digits = 0;
	w->line_len = 0;
	return (0);
}

int
wirelimit_feed(struct wirelimit *w, const char *buf, size_t n, char *why,
    size_t len)
{
	size_t i;

	w->bytes += n;
	if (w->bytes > w->bytes_max) {
		snprintf(why, len, "sent more than %zu bytes in one reply",
		    w->bytes_max);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (w->literal > 0) { /* the literal's bytes are not lines */
			if (literal_data(w, buf[i], why, len) == -1)
				return (-1);
			continue;
		}
		if (buf[i] == '\n') {
			if (line_end(w, why, len) == -1)
				return (-1);
			continue;
		}
		if (++w->line_len > w->line_max) {
			snprintf(why, len,
			    "sent a reply line of more than %zu bytes",
			    w->line_max);
			return (-1);
		}
		if (w->proto == WIRELIMIT_IMAP &&
		    literal_byte(w, buf[i], why, len) == -1)
			return (-1);
	}
	return (0);
}
