/*
 * app-prompt.c -- questions on the bottom line: a one-line editor
 * (app_ask, masked for passwords) and yes/no (app_confirm).  One at a
 * time; later ones wait in a queue.  The editing is lineedit's; answers
 * (the text and its undo steps) are wiped after use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app-int.h"
#include "input/keymap.h"
#include "input/lineedit.h"
#include "base/strutil.h"

struct prompt {
	struct prompt  *next;
	int		confirm;
	int		masked;
	char	       *question;
	struct lineedit answer;
	app_answer_fn	ask_fn;
	app_confirm_fn	confirm_fn;
	void	       *arg;
};

static void
prompt_free(struct prompt *pr)
{
	lineedit_wipe(&pr->answer);
	lineedit_free(&pr->answer);
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
	lineedit_init(&pr->answer);
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
	if (initial != NULL)
		lineedit_set(&pr->answer, initial);
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
	else
		pr->ask_fn(app, pr->arg,
		    ok ? lineedit_text(&pr->answer) : NULL);
	prompt_free(pr); /* wipes the answer and its undo steps */
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

/* Editing (no cut buffer: cut-line only empties the answer). */

static void
edit(struct app *app, struct prompt *pr, enum action_id id)
{
	switch (id) {
	case A_PROMPT_OK:
	case A_FIELD_DONE:
		finish(app, 1, 1);
		break;
	case A_PROMPT_CANCEL:
	case A_BACK:
		finish(app, 0, 0);
		break;
	default:
		lineedit_action(&pr->answer, id, NULL);
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
		lineedit_insert(&pr->answer, key);
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
	app_key_short(app, yes, yb, sizeof yb);
	app_key_short(app, no, nb, sizeof nb);
	snprintf(buf, len, " (%s/%s) ", yb, nb);
}

/* Columns of n bytes of a masked answer: one '*' per character. */
static int
masked_width(const char *s, size_t n)
{
	size_t i;
	int    w = 0;

	for (i = 0; i < n; i = utf8_next(s, n, i))
		w++;
	return (w);
}

static void
draw_answer(struct prompt *pr, struct screen_area *line, int col, int cols)
{
	const char *text = lineedit_text(&pr->answer);
	char	    stars[256];
	size_t	    from, n;
	int	    cur;

	from = lineedit_view(&pr->answer, cols - col,
	    pr->masked ? masked_width : ui_width, &cur);
	ui_clear_eol(line, 0, col);
	if (pr->masked) {
		n = (size_t)masked_width(text + from, pr->answer.len - from);
		if (n > sizeof stars)
			n = sizeof stars;
		memset(stars, '*', n);
		ui_textn(line, 0, col, UI_NORMAL, stars, n);
	} else
		ui_textn(line, 0, col, UI_NORMAL, text + from,
		    pr->answer.len - from);
	ui_cursor(line, 0, col + cur);
}

/* Columns an answer keeps beside a long question. */
#define ANSWER_MIN 8

/* What follows the question: " (y/n) " or ": " and room to type. */
static int
tail_width(struct app *app, struct prompt *pr, char *keys, size_t len)
{
	if (!pr->confirm)
		return (2 + ANSWER_MIN);
	confirm_keys(app, keys, len);
	return (ui_width(keys, strlen(keys)));
}

int
app_prompt_rows(struct app *app, int cols)
{
	struct prompt *pr = app->priv->prompts;
	char	       keys[80];
	int	       tail;

	if (pr == NULL)
		return (1);
	tail = tail_width(app, pr, keys, sizeof keys);
	return (ui_width(pr->question, strlen(pr->question)) + tail > cols ?
		2 :
		1);
}

/*
 * The question from row 0; on two rows its first words go above, and
 * what the last row cannot hold beside the keys or the answer ends in
 * an ellipsis: the keys always show.  Returns the column after it on
 * the last row.
 */
static int
draw_question(struct prompt *pr, struct screen_area *lines, int tail)
{
	const char *q = pr->question;
	size_t	    n;
	int	    r = 0;

	if (lines->rows > 1) {
		n = ui_wrap_next(q, lines->cols);
		ui_textn(lines, 0, 0, UI_BOLD, q, n);
		for (q += n; *q == ' '; q++)
			;
		r = 1;
	}
	return (ui_text_words(lines, r, lines->cols - tail, UI_BOLD, q));
}

void
app_prompt_draw(struct app *app, int row, int rows, int cols)
{
	struct prompt	  *pr = app->priv->prompts;
	struct screen_area lines = { row, 0, rows, cols };
	struct screen_area last = { row + rows - 1, 0, 1, cols };
	char		   keys[80];
	int		   col, tail, r;

	for (r = 0; r < rows; r++)
		ui_clear_eol(&lines, r, 0);
	tail = tail_width(app, pr, keys, sizeof keys);
	col = draw_question(pr, &lines, tail);
	if (pr->confirm) {
		ui_text(&last, 0, col, UI_NORMAL, keys);
		col += ui_width(keys, strlen(keys));
		ui_cursor(&last, 0, col < cols ? col : cols - 1);
		return;
	}
	ui_text(&last, 0, col, UI_BOLD, ": ");
	col += 2;
	draw_answer(pr, &last, col, cols);
}
