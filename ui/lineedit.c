/*
 * lineedit.c -- the one-line UTF-8 field editor of the composer's header
 * fields and prompts (see lineedit.h).  The cursor is a byte offset kept
 * on character boundaries; undo keeps whole snapshots (fields are short),
 * a run of typed characters being one step.
 */
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "xmalloc.h"

size_t
u8_next(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return (len);
	i++;
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return (i);
}

size_t
u8_prev(const char *s, size_t i)
{
	if (i == 0)
		return (0);
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return (i);
}

uint32_t
u8_decode(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t		     n = u8_next(s, len, i) - i, k;
	uint32_t	     c;

	if (n == 1 || u[0] < 0xc0)
		return (u[0]);
	c = u[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (k = 1; k < n; k++)
		c = (c << 6) | (u[k] & 0x3f);
	return (c);
}

size_t
u8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return (1);
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return (2);
	}
	if (c < 0x10000) {
		if (c >= 0xd800 && c <= 0xdfff)
			return (0);
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return (3);
	}
	if (c > 0x10ffff)
		return (0);
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return (4);
}

void
le_init(struct lineedit *le)
{
	memset(le, 0, sizeof *le);
	le->cap = 64;
	le->buf = xcalloc(1, le->cap);
}

static void
undo_clear(struct lineedit *le)
{
	size_t i;

	for (i = 0; i < le->nundo; i++)
		free(le->undo[i].text);
	le->nundo = 0;
	le->typing = 0;
}

void
le_free(struct lineedit *le)
{
	undo_clear(le);
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cur = 0;
}

static void
reserve(struct lineedit *le, size_t more)
{
	while (le->len + more + 1 > le->cap) {
		le->cap *= 2;
		le->buf = xreallocarray(le->buf, 1, le->cap);
	}
}

void
le_set(struct lineedit *le, const char *text)
{
	size_t n = strlen(text);

	undo_clear(le);
	le->len = 0;
	reserve(le, n);
	memcpy(le->buf, text, n + 1);
	le->len = le->cur = n;
	le->scroll = 0;
}

const char *
le_text(const struct lineedit *le)
{
	return (le->buf);
}

/* Remember the text before a change (typed runs coalesce). */
static void
snapshot(struct lineedit *le, int typing)
{
	if (typing && le->typing)
		return;
	le->typing = typing;
	if (le->nundo == LE_UNDO) {
		free(le->undo[0].text);
		memmove(le->undo, le->undo + 1,
		    (LE_UNDO - 1) * sizeof le->undo[0]);
		le->nundo--;
	}
	le->undo[le->nundo].text = xstrdup(le->buf);
	le->undo[le->nundo].cur = le->cur;
	le->nundo++;
}

static void
splice(struct lineedit *le, size_t from, size_t to, const char *text, size_t n)
{
	reserve(le, n);
	memmove(le->buf + from + n, le->buf + to, le->len - to + 1);
	memcpy(le->buf + from, text, n);
	le->len = le->len - (to - from) + n;
	le->cur = from + n;
}

void
le_insert(struct lineedit *le, uint32_t c)
{
	char   u[4];
	size_t n;

	if (c < 0x20 || c == 0x7f)
		return;
	if ((n = u8_encode(c, u)) == 0)
		return;
	snapshot(le, c != ' ');
	if (c == ' ')
		le->typing = 0;
	splice(le, le->cur, le->cur, u, n);
}

/* text without control characters (allocated). */
static char *
printable(const char *text)
{
	char  *out = xstrdup(text);
	size_t i, j = 0;

	for (i = 0; out[i] != '\0'; i++) {
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			continue;
		out[j++] = out[i];
	}
	out[j] = '\0';
	return (out);
}

void
le_replace_before(struct lineedit *le, size_t from, const char *text)
{
	char *clean = printable(text);

	if (from > le->cur)
		from = le->cur;
	snapshot(le, 0);
	splice(le, from, le->cur, clean, strlen(clean));
	free(clean);
}

void
le_insert_str(struct lineedit *le, const char *text)
{
	le_replace_before(le, le->cur, text);
}

static int
is_word(const struct lineedit *le, size_t i)
{
	unsigned char c = (unsigned char)le->buf[i];

	return (c >= 0x80 || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

void
le_left(struct lineedit *le)
{
	le->cur = u8_prev(le->buf, le->cur);
	le->typing = 0;
}

void
le_right(struct lineedit *le)
{
	le->cur = u8_next(le->buf, le->len, le->cur);
	le->typing = 0;
}

static size_t
word_start(const struct lineedit *le, size_t i)
{
	while (i > 0 && !is_word(le, u8_prev(le->buf, i)))
		i = u8_prev(le->buf, i);
	while (i > 0 && is_word(le, u8_prev(le->buf, i)))
		i = u8_prev(le->buf, i);
	return (i);
}

void
le_word_left(struct lineedit *le)
{
	le->cur = word_start(le, le->cur);
	le->typing = 0;
}

void
le_word_right(struct lineedit *le)
{
	size_t i = le->cur;

	while (i < le->len && !is_word(le, i))
		i = u8_next(le->buf, le->len, i);
	while (i < le->len && is_word(le, i))
		i = u8_next(le->buf, le->len, i);
	le->cur = i;
	le->typing = 0;
}

void
le_home(struct lineedit *le)
{
	le->cur = 0;
	le->typing = 0;
}

void
le_end(struct lineedit *le)
{
	le->cur = le->len;
	le->typing = 0;
}

void
le_delete_back(struct lineedit *le)
{
	if (le->cur == 0)
		return;
	snapshot(le, 0);
	splice(le, u8_prev(le->buf, le->cur), le->cur, "", 0);
}

void
le_delete_forward(struct lineedit *le)
{
	size_t cur = le->cur;

	if (cur >= le->len)
		return;
	snapshot(le, 0);
	splice(le, cur, u8_next(le->buf, le->len, cur), "", 0);
}

void
le_delete_word_back(struct lineedit *le)
{
	if (le->cur == 0)
		return;
	snapshot(le, 0);
	splice(le, word_start(le, le->cur), le->cur, "", 0);
}

void
le_cut(struct lineedit *le, char **cut)
{
	if (le->len == 0)
		return;
	snapshot(le, 0);
	if (cut != NULL) {
		free(*cut);
		*cut = xstrdup(le->buf);
	}
	le->len = le->cur = 0;
	le->buf[0] = '\0';
}

void
le_undo(struct lineedit *le)
{
	struct le_snap *s;

	if (le->nundo == 0)
		return;
	s = &le->undo[--le->nundo];
	le->len = 0;
	reserve(le, strlen(s->text));
	strcpy(le->buf, s->text);
	le->len = strlen(s->text);
	le->cur = s->cur <= le->len ? s->cur : le->len;
	free(s->text);
	le->typing = 0;
}

int
le_action(struct lineedit *le, enum action_id id, char **cut)
{
	switch (id) {
	case A_CURSOR_LEFT:
		le_left(le);
		break;
	case A_CURSOR_RIGHT:
		le_right(le);
		break;
	case A_WORD_LEFT:
		le_word_left(le);
		break;
	case A_WORD_RIGHT:
		le_word_right(le);
		break;
	case A_LINE_START:
		le_home(le);
		break;
	case A_LINE_END:
		le_end(le);
		break;
	case A_DELETE_BACK:
		le_delete_back(le);
		break;
	case A_DELETE_FORWARD:
		le_delete_forward(le);
		break;
	case A_DELETE_WORD_BACK:
		le_delete_word_back(le);
		break;
	case A_CUT_LINE:
		le_cut(le, cut);
		break;
	case A_PASTE:
		if (cut != NULL && *cut != NULL)
			le_insert_str(le, *cut);
		break;
	case A_UNDO:
		le_undo(le);
		break;
	default:
		return (0);
	}
	return (1);
}

size_t
le_view(struct lineedit *le, int width, le_width_fn fn, int *col)
{
	size_t margin;

	if (width < 1)
		width = 1;
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	/* Keep the cursor inside, with a little context on the left. */
	while (le->scroll < le->cur &&
	    fn(le->buf + le->scroll, le->cur - le->scroll) >= width)
		le->scroll = u8_next(le->buf, le->len, le->scroll);
	margin = le->scroll;
	if (margin > 0 && margin == le->cur) {
		while (margin > 0 &&
		    fn(le->buf + margin, le->cur - margin) < width / 3)
			margin = u8_prev(le->buf, margin);
		le->scroll = margin;
	}
	*col = fn(le->buf + le->scroll, le->cur - le->scroll);
	return (le->scroll);
}
