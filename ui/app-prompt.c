/*
 * app-prompt.c -- questions on the bottom line: a one-line editor
 * (app_ask, masked for passwords) and yes/no (app_confirm).  One at a
 * time; later ones wait in a queue.  Answers are wiped after use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "keymap.h"

#define PROMPT_MAX 1024

struct prompt {
	struct prompt *next;
	int	       confirm;
	int	       masked;
	char	      *question;
	char	       buf[PROMPT_MAX];
	size_t	       len, pos; /* bytes; pos on a character boundary */
	app_answer_fn  ask_fn;
	app_confirm_fn confirm_fn;
	void	      *arg;
};

static void
prompt_free(struct prompt *pr)
{
	explicit_bzero(pr->buf, sizeof pr->buf);
	free(pr->question);
	free(pr);
}

static void
enqueue(struct app *app, struct prompt *pr)
{
	struct prompt **pp = &app->priv->prompts;

	while (*pp != NULL)
		pp = &(*pp)->next;
	*pp = pr;
	app_dirty(app);
}

static struct prompt *
prompt_new(const char *question)
{
	struct prompt *pr = calloc(1, sizeof *pr);

	if (pr == NULL)
		return (NULL);
	if ((pr->question = strdup(question != NULL ? question : "")) ==
	    NULL) {
		free(pr);
		return (NULL);
	}
	return (pr);
}

void
app_ask(struct app *app, const char *question, const char *initial, int masked,
    app_answer_fn fn, void *arg)
{
	struct prompt *pr = prompt_new(question);

	if (pr == NULL) {
		fn(app, arg, NULL);
		return;
	}
	pr->masked = masked;
	pr->ask_fn = fn;
	pr->arg = arg;
	if (initial != NULL && strlen(initial) < PROMPT_MAX) {
		pr->len = pr->pos = strlen(initial);
		memcpy(pr->buf, initial, pr->len);
	}
	enqueue(app, pr);
}

void
app_confirm(struct app *app, const char *question, app_confirm_fn fn,
    void *arg)
{
	struct prompt *pr = prompt_new(question);

	if (pr == NULL) {
		fn(app, arg, 0);
		return;
	}
	pr->confirm = 1;
	pr->confirm_fn = fn;
	pr->arg = arg;
	enqueue(app, pr);
}

int
app_prompt_active(struct app *app)
{
	return (app->priv->prompts != NULL);
}

/* Take the first prompt off the queue, answer it, wipe it. */
static void
finish(struct app *app, int ok, int yes)
{
	struct prompt *pr = app->priv->prompts;

	app->priv->prompts = pr->next;
	app_dirty(app);
	if (pr->confirm)
		pr->confirm_fn(app, pr->arg, yes);
	else {
		pr->buf[pr->len] = '\0';
		pr->ask_fn(app, pr->arg, ok ? pr->buf : NULL);
	}
	prompt_free(pr);
}

void
app_prompt_drop(struct app *app, void (*fn)(void), void *arg)
{
	struct prompt **pp = &app->priv->prompts, *pr;
	void (*f)(void);

	while ((pr = *pp) != NULL) {
		f = pr->confirm ? (void (*)(void))pr->confirm_fn :
				  (void (*)(void))pr->ask_fn;
		if (f == fn && pr->arg == arg) {
			*pp = pr->next;
			prompt_free(pr);
			app_dirty(app);
		} else
			pp = &pr->next;
	}
}

void
app_prompt_free_all(struct app *app)
{
	struct prompt *pr;

	while ((pr = app->priv->prompts) != NULL) {
		app->priv->prompts = pr->next;
		prompt_free(pr);
	}
}

/* Editing. */

static size_t
char_before(const struct prompt *pr, size_t pos)
{
	if (pos == 0)
		return (0);
	pos--;
	while (pos > 0 && ((unsigned char)pr->buf[pos] & 0xC0) == 0x80)
		pos--;
	return (pos);
}

static size_t
char_after(const struct prompt *pr, size_t pos)
{
	if (pos >= pr->len)
		return (pr->len);
	pos++;
	while (pos < pr->len && ((unsigned char)pr->buf[pos] & 0xC0) == 0x80)
		pos++;
	return (pos);
}

static void
delete_range(struct prompt *pr, size_t from, size_t to)
{
	memmove(pr->buf + from, pr->buf + to, pr->len - to);
	pr->len -= to - from;
	explicit_bzero(pr->buf + pr->len, to - from);
	pr->pos = from;
}

static size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return (3);
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return (4);
}

static void
insert(struct prompt *pr, uint32_t cp)
{
	char   enc[4];
	size_t n = utf8_encode(cp, enc);

	if (pr->len + n >= PROMPT_MAX)
		return;
	memmove(pr->buf + pr->pos + n, pr->buf + pr->pos, pr->len - pr->pos);
	memcpy(pr->buf + pr->pos, enc, n);
	pr->len += n;
	pr->pos += n;
	explicit_bzero(enc, sizeof enc);
}

static size_t
word_start(const struct prompt *pr, size_t pos)
{
	while (pos > 0 && pr->buf[pos - 1] == ' ')
		pos--;
	while (pos > 0 && pr->buf[pos - 1] != ' ')
		pos--;
	return (pos);
}

static size_t
word_end(const struct prompt *pr, size_t pos)
{
	while (pos < pr->len && pr->buf[pos] == ' ')
		pos++;
	while (pos < pr->len && pr->buf[pos] != ' ')
		pos++;
	return (pos);
}

static void
edit(struct app *app, struct prompt *pr, enum action_id id)
{
	switch (id) {
	case A_PROMPT_OK:
	case A_FIELD_DONE:
		finish(app, 1, 1);
		return;
	case A_PROMPT_CANCEL:
	case A_BACK:
		finish(app, 0, 0);
		return;
	case A_CURSOR_LEFT:
		pr->pos = char_before(pr, pr->pos);
		break;
	case A_CURSOR_RIGHT:
		pr->pos = char_after(pr, pr->pos);
		break;
	case A_WORD_LEFT:
		pr->pos = word_start(pr, pr->pos);
		break;
	case A_WORD_RIGHT:
		pr->pos = word_end(pr, pr->pos);
		break;
	case A_LINE_START:
		pr->pos = 0;
		break;
	case A_LINE_END:
		pr->pos = pr->len;
		break;
	case A_DELETE_BACK:
		delete_range(pr, char_before(pr, pr->pos), pr->pos);
		break;
	case A_DELETE_FORWARD:
		delete_range(pr, pr->pos, char_after(pr, pr->pos));
		break;
	case A_DELETE_WORD_BACK:
		delete_range(pr, word_start(pr, pr->pos), pr->pos);
		break;
	case A_CUT_LINE:
		delete_range(pr, 0, pr->len);
		break;
	default:
		break;
	}
}

int
app_prompt_key(struct app *app, keyc key)
{
	static const enum key_table tables[] = { KT_PROMPT, KT_FIELD,
		KT_EDIT };
	struct prompt		   *pr = app->priv->prompts;
	enum action_id		    id;

	if (pr == NULL)
		return (0);
	app_dirty(app);
	if (!pr->confirm && key_is_text(key)) {
		insert(pr, key);
		return (1);
	}
	id = keymap_lookup(app->keys, tables, pr->confirm ? 1 : 3, key);
	if (id == A_NONE)
		return (0);
	if (!pr->confirm)
		edit(app, pr, id);
	else if (id == A_PROMPT_YES || id == A_PROMPT_OK)
		finish(app, 1, 1);
	else if (id == A_PROMPT_NO || id == A_PROMPT_CANCEL || id == A_BACK)
		finish(app, 1, 0);
	return (1);
}

/* Drawing. */

static void
confirm_keys(struct app *app, char *buf, size_t len)
{
	keyc yes, no;
	char yb[32], nb[32];

	if (keymap_keys_for(app->keys, KT_PROMPT, A_PROMPT_YES, &yes, 1) ==
		0 ||
	    keymap_keys_for(app->keys, KT_PROMPT, A_PROMPT_NO, &no, 1) == 0) {
		snprintf(buf, len, " ");
		return;
	}
	app_key_short(yes, yb, sizeof yb);
	app_key_short(no, nb, sizeof nb);
	snprintf(buf, len, " (%s/%s) ", yb, nb);
}

/* Columns of the answer's first n bytes as drawn. */
static int
answer_width(const struct prompt *pr, size_t from, size_t to)
{
	size_t i;
	int    w = 0;

	if (!pr->masked)
		return (ui_width(pr->buf + from, to - from));
	for (i = from; i < to; i = char_after(pr, i))
		w++;
	return (w);
}

void
app_prompt_draw(struct app *app, int row, int cols)
{
	struct prompt	  *pr = app->priv->prompts;
	struct screen_area line = { row, 0, 1, cols };
	char		   keys[80], stars[PROMPT_MAX];
	size_t		   from = 0, n;
	int		   col, room;

	ui_clear_eol(&line, 0, 0);
	ui_text(&line, 0, 0, UI_BOLD, pr->question);
	col = ui_width(pr->question, strlen(pr->question));
	if (pr->confirm) {
		confirm_keys(app, keys, sizeof keys);
		ui_text(&line, 0, col, UI_NORMAL, keys);
		col += ui_width(keys, strlen(keys));
		ui_cursor(&line, 0, col < cols ? col : cols - 1);
		return;
	}
	ui_text(&line, 0, col, UI_BOLD, ": ");
	col += 2;
	if (col > cols - 8) /* a long question: keep room to type */
		col = cols - 8;
	room = cols - col - 1;
	while (answer_width(pr, from, pr->pos) > room)
		from = char_after(pr, from);
	ui_clear_eol(&line, 0, col);
	if (pr->masked) {
		n = (size_t)answer_width(pr, from, pr->len);
		memset(stars, '*', n);
		ui_textn(&line, 0, col, UI_NORMAL, stars, n);
	} else
		ui_textn(&line, 0, col, UI_NORMAL, pr->buf + from,
		    pr->len - from);
	ui_cursor(&line, 0, col + answer_width(pr, from, pr->pos));
}
