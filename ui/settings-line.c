/*
 * settings-line.c -- the one-line editor of a Settings value: UTF-8
 * aware caret moves, word moves and deletes, cut and paste through the
 * caller's cut buffer, one level of undo.  No curses.
 */
#include <stdlib.h>
#include <string.h>

#include "settings-line.h"
#include "xmalloc.h"

static int
is_cont(unsigned char c)
{
	return ((c & 0xc0) == 0x80);
}

static int
is_space(char c)
{
	return (c == ' ' || c == '\t');
}

static void
reserve(struct sline *l, size_t more)
{
	if (l->len + more + 1 <= l->cap)
		return;
	l->cap = (l->len + more + 1) * 2;
	l->buf = realloc(l->buf, l->cap);
	if (l->buf == NULL)
		abort();
}

void
sline_set(struct sline *l, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	l->len = 0;
	reserve(l, n);
	memcpy(l->buf, s != NULL ? s : "", n);
	l->len = n;
	l->buf[n] = '\0';
	l->caret = n;
	free(l->undo);
	l->undo = NULL;
}

void
sline_free(struct sline *l)
{
	free(l->buf);
	free(l->undo);
	memset(l, 0, sizeof *l);
}

static void
remember(struct sline *l)
{
	free(l->undo);
	l->undo = xstrdup(l->buf != NULL ? l->buf : "");
	l->undo_caret = l->caret;
}

static size_t
prev_char(const struct sline *l, size_t at)
{
	if (at == 0)
		return (0);
	at--;
	while (at > 0 && is_cont((unsigned char)l->buf[at]))
		at--;
	return (at);
}

static size_t
next_char(const struct sline *l, size_t at)
{
	if (at >= l->len)
		return (l->len);
	at++;
	while (at < l->len && is_cont((unsigned char)l->buf[at]))
		at++;
	return (at);
}

static size_t
word_left(const struct sline *l, size_t at)
{
	while (at > 0 && is_space(l->buf[at - 1]))
		at--;
	while (at > 0 && !is_space(l->buf[at - 1]))
		at--;
	return (at);
}

static size_t
word_right(const struct sline *l, size_t at)
{
	while (at < l->len && is_space(l->buf[at]))
		at++;
	while (at < l->len && !is_space(l->buf[at]))
		at++;
	return (at);
}

/* Remove bytes [from, to). */
static void
cut_range(struct sline *l, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(l->buf + from, l->buf + to, l->len - to + 1);
	l->len -= to - from;
	l->caret = from;
}

static void
insert_bytes(struct sline *l, const char *s, size_t n)
{
	reserve(l, n);
	memmove(l->buf + l->caret + n, l->buf + l->caret,
	    l->len - l->caret + 1);
	memcpy(l->buf + l->caret, s, n);
	l->len += n;
	l->caret += n;
}

static size_t
encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

int
sline_insert(struct sline *l, uint32_t cp)
{
	char   enc[4];
	size_t n;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return (-1);
	if (l->buf == NULL)
		sline_set(l, "");
	remember(l);
	n = encode(cp, enc);
	insert_bytes(l, enc, n);
	return (0);
}

static int
undo(struct sline *l)
{
	char  *text;
	size_t caret;

	if (l->undo == NULL)
		return (0);
	text = l->undo;
	caret = l->undo_caret;
	l->undo = NULL;
	remember(l);
	l->len = 0;
	reserve(l, strlen(text));
	memcpy(l->buf, text, strlen(text) + 1);
	l->len = strlen(text);
	l->caret = caret <= l->len ? caret : l->len;
	free(text);
	return (1);
}

static int
edit(struct sline *l, enum action_id id, char **cut)
{
	size_t to;

	if (id != A_DELETE_BACK && id != A_DELETE_FORWARD &&
	    id != A_DELETE_WORD_BACK && id != A_CUT_LINE && id != A_PASTE)
		return (-1);
	remember(l);
	switch (id) {
	case A_DELETE_BACK:
		cut_range(l, prev_char(l, l->caret), l->caret);
		break;
	case A_DELETE_FORWARD:
		to = next_char(l, l->caret);
		cut_range(l, l->caret, to);
		break;
	case A_DELETE_WORD_BACK:
		cut_range(l, word_left(l, l->caret), l->caret);
		break;
	case A_CUT_LINE:
		free(*cut);
		*cut = xstrdup(l->buf);
		cut_range(l, 0, l->len);
		break;
	case A_PASTE:
		if (*cut != NULL)
			insert_bytes(l, *cut, strlen(*cut));
		break;
	default:
		break;
	}
	return (1);
}

int
sline_action(struct sline *l, enum action_id id, char **cut)
{
	if (l->buf == NULL)
		sline_set(l, "");
	switch (id) {
	case A_CURSOR_LEFT:
		l->caret = prev_char(l, l->caret);
		return (0);
	case A_CURSOR_RIGHT:
		l->caret = next_char(l, l->caret);
		return (0);
	case A_WORD_LEFT:
		l->caret = word_left(l, l->caret);
		return (0);
	case A_WORD_RIGHT:
		l->caret = word_right(l, l->caret);
		return (0);
	case A_LINE_START:
		l->caret = 0;
		return (0);
	case A_LINE_END:
		l->caret = l->len;
		return (0);
	case A_UNDO:
		return (undo(l));
	default:
		return (edit(l, id, cut));
	}
}
