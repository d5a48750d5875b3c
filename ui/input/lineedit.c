/*
 * lineedit.c -- the one-line UTF-8 field editor of the composer's header
 * fields and prompts (see lineedit.h).  The cursor is a byte offset kept
 * on character boundaries; undo keeps whole snapshots (fields are short),
 * a run of typed characters being one step.  Text that leaves the field
 * (undo snapshots, old buffers) is zeroed before it is freed, so that a
 * password typed in a masked prompt does not linger on the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "input/lineedit.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

/* Zero a NUL-terminated string, then free it. */
static void
scrub_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
lineedit_init(struct lineedit *le)
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
		scrub_free(le->undo[i].text);
	le->nundo = 0;
	le->typing = 0;
}

void
lineedit_free(struct lineedit *le)
{
	undo_clear(le);
	if (le->buf != NULL)
		explicit_bzero(le->buf, le->cap);
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cur = le->scroll = 0;
}

void
lineedit_wipe(struct lineedit *le)
{
	undo_clear(le);
	explicit_bzero(le->buf, le->cap);
	le->len = le->cur = le->scroll = 0;
}

/* Room for more bytes; the old buffer is zeroed, not left behind. */
static void
reserve(struct lineedit *le, size_t more)
{
	size_t cap = le->cap;
	char  *buf;

	if (le->len + more + 1 <= cap)
		return;
	while (le->len + more + 1 > cap)
		cap *= 2;
	buf = xcalloc(1, cap);
	memcpy(buf, le->buf, le->cap);
	explicit_bzero(le->buf, le->cap);
	free(le->buf);
	le->buf = buf;
	le->cap = cap;
}

void
lineedit_set(struct lineedit *le, const char *text)
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
lineedit_text(const struct lineedit *le)
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
		scrub_free(le->undo[0].text);
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

int
lineedit_insert(struct lineedit *le, uint32_t c)
{
	char   u[4];
	size_t n;

	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return (-1);
	if ((n = utf8_encode(c, u)) == 0)
		return (-1);
	snapshot(le, c != ' ');
	if (c == ' ')
		le->typing = 0;
	splice(le, le->cur, le->cur, u, n);
	explicit_bzero(u, sizeof u);
	return (0);
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
lineedit_replace_before(struct lineedit *le, size_t from, const char *text)
{
	char *clean = printable(text);

	if (from > le->cur)
		from = le->cur;
	snapshot(le, 0);
	splice(le, from, le->cur, clean, strlen(clean));
	free(clean);
}

void
lineedit_insert_str(struct lineedit *le, const char *text)
{
	lineedit_replace_before(le, le->cur, text);
}

static int
is_word(const struct lineedit *le, size_t i)
{
	unsigned char c = (unsigned char)le->buf[i];

	return (c >= 0x80 || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

void
lineedit_left(struct lineedit *le)
{
	le->cur = utf8_prev(le->buf, le->cur);
	le->typing = 0;
}

void
lineedit_right(struct lineedit *le)
{
	le->cur = utf8_next(le->buf, le->len, le->cur);
	le->typing = 0;
}

static size_t
word_start(const struct lineedit *le, size_t i)
{
	while (i > 0 && !is_word(le, utf8_prev(le->buf, i)))
		i = utf8_prev(le->buf, i);
	while (i > 0 && is_word(le, utf8_prev(le->buf, i)))
		i = utf8_prev(le->buf, i);
	return (i);
}

void
lineedit_word_left(struct lineedit *le)
{
	le->cur = word_start(le, le->cur);
	le->typing = 0;
}

void
lineedit_word_right(struct lineedit *le)
{
	size_t i = le->cur;

	while (i < le->len && !is_word(le, i))
		i = utf8_next(le->buf, le->len, i);
	while (i < le->len && is_word(le, i))
		i = utf8_next(le->buf, le->len, i);
	le->cur = i;
	le->typing = 0;
}

void
lineedit_home(struct lineedit *le)
{
	le->cur = 0;
	le->typing = 0;
}

void
lineedit_end(struct lineedit *le)
{
	le->cur = le->len;
	le->typing = 0;
}

void
lineedit_delete_back(struct lineedit *le)
{
	if (le->cur == 0)
		return;
	snapshot(le, 0);
	splice(le, utf8_prev(le->buf, le->cur), le->cur, "", 0);
}

void
lineedit_delete_forward(struct lineedit *le)
{
	size_t cur = le->cur;

	if (cur >= le->len)
		return;
	snapshot(le, 0);
	splice(le, cur, utf8_next(le->buf, le->len, cur), "", 0);
}

void
lineedit_delete_word_back(struct lineedit *le)
{
	if (le->cur == 0)
		return;
	snapshot(le, 0);
	splice(le, word_start(le, le->cur), le->cur, "", 0);
}

void
lineedit_cut(struct lineedit *le, char **cut)
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
lineedit_undo(struct lineedit *le)
{
	struct lineedit_snap *s;

	if (le->nundo == 0)
		return;
	s = &le->undo[--le->nundo];
	le->len = 0;
	reserve(le, strlen(s->text));
	strcpy(le->buf, s->text);
	le->len = strlen(s->text);
	le->cur = s->cur <= le->len ? s->cur : le->len;
	scrub_free(s->text);
	le->typing = 0;
}

int
lineedit_action(struct lineedit *le, enum action_id id, char **cut)
{
	switch (id) {
	case A_CURSOR_LEFT:
		lineedit_left(le);
		break;
	case A_CURSOR_RIGHT:
		lineedit_right(le);
		break;
	case A_WORD_LEFT:
		lineedit_word_left(le);
		break;
	case A_WORD_RIGHT:
		lineedit_word_right(le);
		break;
	case A_LINE_START:
		lineedit_home(le);
		break;
	case A_LINE_END:
		lineedit_end(le);
		break;
	case A_DELETE_BACK:
		lineedit_delete_back(le);
		break;
	case A_DELETE_FORWARD:
		lineedit_delete_forward(le);
		break;
	case A_DELETE_WORD_BACK:
		lineedit_delete_word_back(le);
		break;
	case A_CUT_LINE:
		lineedit_cut(le, cut);
		break;
	case A_PASTE:
		if (cut != NULL && *cut != NULL)
			lineedit_insert_str(le, *cut);
		break;
	case A_UNDO:
		lineedit_undo(le);
		break;
	default:
		return (0);
	}
	return (1);
}

size_t
lineedit_view(struct lineedit *le, int width, lineedit_width_fn fn, int *col)
{
	size_t margin;

	if (width < 1)
		width = 1;
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	/* Keep the cursor inside, with a little context on the left. */
	while (le->scroll < le->cur &&
	    fn(le->buf + le->scroll, le->cur - le->scroll) >= width)
		le->scroll = utf8_next(le->buf, le->len, le->scroll);
	margin = le->scroll;
	if (margin > 0 && margin == le->cur) {
		while (margin > 0 &&
		    fn(le->buf + margin, le->cur - margin) < width / 3)
			margin = utf8_prev(le->buf, margin);
		le->scroll = margin;
	}
	*col = fn(le->buf + le->scroll, le->cur - le->scroll);
	return (le->scroll);
}
