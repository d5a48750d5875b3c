/*
 * outbox-format.c -- the Outbox screen's text without curses: relative
 * times ("in 4 min"), UTF-8 text fitted to a number of display columns,
 * one row per item (compact down to 40 columns), and the detail lines
 * of the selected item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbox/outbox-model.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

/* Columns of the row: state, when, attempts (wide rows only). */
#define COL_STATE	9
#define COL_WHEN_SHORT	7
#define COL_WHEN_LONG	10
#define COL_ATTEMPTS	2
#define WIDE		60
#define COL_SUBJECT_MAX 48 /* wider rows give the rest to recipients */

const char *
outbox_model_state(const struct outbox_item *it)
{
	if (outbox_model_copy_waiting(it))
		return ("copy wait");
	return (outbox_state_name(it->state));
}

/*
 * A span of d seconds, rounded, between before and after: "in 4 min",
 * "40 s ago", "3 h", "2 d" (sh: "in 4m").
 */
static void
span(long d, int sh, const char *before, const char *after, char *buf,
    size_t len)
{
	long	    m = (d + 30) / 60, h = (d + 1800) / 3600, n = d;
	const char *unit = sh ? "s" : " s";

	if (d >= 60 && m < 60)
		n = m, unit = sh ? "m" : " min";
	else if (d >= 60 && h < 48)
		n = h, unit = sh ? "h" : " h";
	else if (d >= 60)
		n = (d + 43200) / 86400, unit = sh ? "d" : " d";
	snprintf(buf, len, "%s%ld%s%s", before, n, unit, after);
}

static void
rel_future(long d, int sh, char *buf, size_t len)
{
	span(d, sh, "in ", "", buf, len);
}

static void
rel_past(long d, int sh, char *buf, size_t len)
{
	if (d < 10)
		snprintf(buf, len, sh ? "now" : "just now");
	else
		span(d, sh, "", " ago", buf, len);
}

void
outbox_model_rel_time(time_t when, time_t now, int sh, char *buf, size_t len)
{
	if (when > now)
		rel_future((long)(when - now), sh, buf, len);
	else
		rel_past((long)(now - when), sh, buf, len);
}

/* A due time: "in 4 min", or "now" when already due. */
static void
due_time(time_t when, time_t now, int sh, char *buf, size_t len)
{
	if (when > now)
		rel_future((long)(when - now), sh, buf, len);
	else
		snprintf(buf, len, sh ? "now" : "due now");
}

/* What the "when" column says for an item. */
static void
when_text(const struct outbox_item *it, time_t now, int sh, char *buf,
    size_t len)
{
	buf[0] = '\0';
	switch (it->state) {
	case OUTBOX_QUEUED:
	case OUTBOX_DEFERRED:
		due_time(it->next_attempt, now, sh, buf, len);
		break;
	case OUTBOX_SENDING:
		snprintf(buf, len, "now");
		break;
	case OUTBOX_FAILED:
	case OUTBOX_UNCERTAIN:
		if (it->last_attempt != 0)
			rel_past((long)(now - it->last_attempt), sh, buf, len);
		break;
	case OUTBOX_SENT:
		if (outbox_model_copy_waiting(it))
			due_time(it->copy_next_attempt, now, sh, buf, len);
		else if (it->sent_at != 0)
			outbox_model_rel_time(it->sent_at, now, sh, buf, len);
		break;
	}
}

int
outbox_model_fit(const char *s, int cols, int ascii, char *buf, size_t len)
{
	const char *ell = ascii ? "~" : "\xe2\x80\xa6";
	size_t	    slen = strlen(s), fit, i, n, o = 0;
	int	    w, used, text, all;

	ascii = ascii == 1; /* not OUTBOX_MODEL_PLAIN: UTF-8 widths */
	all = utf8_width(s, slen, ascii) <= cols;
	if (len == 0)
		return (0);
	fit = utf8_fit(s, slen, all ? cols : cols - 1, ascii, NULL);
	for (i = 0; i < fit; i += n) {
		w = utf8_char_width(s + i, fit - i, ascii, &n);
		if (o + (w < 0 ? 1 : n) + 4 >= len)
			break;
		if (w < 0)
			buf[o++] = '?';
		else {
			memcpy(buf + o, s + i, n);
			o += n;
		}
	}
	used = utf8_width(buf, o, ascii);
	if (!all && cols > 0 && o + strlen(ell) < len) {
		memcpy(buf + o, ell, strlen(ell));
		o += strlen(ell);
		used++;
	}
	text = used;
	while (used < cols && o + 1 < len) {
		buf[o++] = ' ';
		used++;
	}
	buf[o] = '\0';
	return (text);
}

/* "bob@mail.test" or "bob@mail.test +2" (narrow), or all of them. */
static char *
rcpt_text(const struct outbox_item *it, int wide)
{
	char  *s, *t;
	size_t i;

	if (it->nrcpts == 0)
		return (xstrdup(""));
	if (!wide) {
		if (it->nrcpts == 1)
			return (xstrdup(it->rcpts[0]));
		xasprintf(&s, "%s +%zu", it->rcpts[0], it->nrcpts - 1);
		return (s);
	}
	s = xstrdup(it->rcpts[0]);
	for (i = 1; i < it->nrcpts; i++) {
		xasprintf(&t, "%s, %s", s, it->rcpts[i]);
		free(s);
		s = t;
	}
	return (s);
}

/* Append fitted text to buf at *o. */
static void
put(char *buf, size_t len, size_t *o, const char *s, int cols, int ascii)
{
	if (*o < len)
		outbox_model_fit(s, cols, ascii, buf + *o, len - *o);
	*o += strlen(buf + *o);
}

/* Recipients, keeping a " +N" at the end when the first is cut. */
static void
put_rcpt(char *buf, size_t len, size_t *o, const char *s, int cols, int ascii)
{
	const char *more = strrchr(s, ' ');
	int	    mw;
	char	   *first;

	if (more == NULL || more[1] != '+' ||
	    utf8_width(s, strlen(s), ascii == 1) <= cols) {
		put(buf, len, o, s, cols, ascii);
		return;
	}
	mw = (int)strlen(more);
	if (mw >= cols) {
		put(buf, len, o, s, cols, ascii);
		return;
	}
	first = xstrndup(s, (size_t)(more - s));
	put(buf, len, o, first, cols - mw, ascii);
	put(buf, len, o, more, mw, ascii);
	free(first);
}

/* Where the columns of a row go at a width. */
struct row_cols {
	int wide;    /* attempts shown, long times, every recipient */
	int when;    /* width of the "when" column */
	int subject; /* width of the subject */
	int rcpt;    /* width of the recipients (0: not shown) */
};

/* 0 when cols leaves no room for more than the state. */
static int
row_cols(int cols, struct row_cols *rc)
{
	int rest;

	rc->wide = cols >= WIDE;
	rc->when = rc->wide ? COL_WHEN_LONG : COL_WHEN_SHORT;
	rest = cols - COL_STATE - 1 - rc->when - 1 -
	    (rc->wide ? COL_ATTEMPTS + 1 : 0);
	if (rest < 1)
		return (0);
	rc->subject = rest;
	rc->rcpt = 0;
	if (rest >= 12) {
		rc->rcpt = rest * 2 / 5;
		rc->subject = rest - rc->rcpt - 1;
	}
	/* Very wide: the recipients get what a subject hardly needs. */
	if (rc->subject > COL_SUBJECT_MAX) {
		rc->rcpt += rc->subject - COL_SUBJECT_MAX;
		rc->subject = COL_SUBJECT_MAX;
	}
	return (1);
}

/* The columns after the state (text[0] NULL: after the time), from
 * their texts. */
static void
put_columns(char *buf, size_t len, size_t *o, const struct row_cols *rc,
    const char *const text[4], int ascii)
{
	if (text[0] != NULL)
		put(buf, len, o, text[0], rc->when + 1, ascii);
	if (rc->wide)
		put(buf, len, o, text[1], COL_ATTEMPTS + 1, ascii);
	put(buf, len, o, text[2], rc->subject, ascii);
	if (rc->rcpt > 0) {
		put(buf, len, o, " ", 1, ascii);
		put_rcpt(buf, len, o, text[3], rc->rcpt, ascii);
	}
}

void
outbox_model_row(const struct outbox_item *it, const char *held, time_t now,
    int cols, int ascii, char *buf, size_t len)
{
	struct row_cols rc;
	char		when[32], att[16], *rcpt;
	const char     *text[4], *state = outbox_model_state(it);
	size_t		o = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (held != NULL)
		state = "needs password";
	if (!row_cols(cols, &rc)) {
		put(buf, len, &o, state, cols, ascii);
		return;
	}
	/* Held: no next try to show, the words take its column too. */
	put(buf, len, &o, state,
	    COL_STATE + 1 + (held != NULL ? rc.when + 1 : 0), ascii);
	when_text(it, now, !rc.wide, when, sizeof when);
	snprintf(att, sizeof att, "%*u", COL_ATTEMPTS, it->attempts);
	rcpt = rcpt_text(it, rc.wide);
	text[0] = held != NULL ? NULL : when;
	text[1] = att;
	text[2] = it->subject != NULL && *it->subject != '\0' ? it->subject :
								"(no subject)";
	text[3] = rcpt;
	put_columns(buf, len, &o, &rc, text, ascii);
	free(rcpt);
}

void
outbox_model_header(int cols, int ascii, char *buf, size_t len)
{
	static const char *const text[4] = { "When", "Tr", "Subject", "To" };
	struct row_cols		 rc;
	size_t			 o = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (!row_cols(cols, &rc)) {
		put(buf, len, &o, "State", cols, ascii);
		return;
	}
	put(buf, len, &o, "State", COL_STATE + 1, ascii);
	put_columns(buf, len, &o, &rc, text, ascii);
}
