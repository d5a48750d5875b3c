/*
 * screen-outbox.c -- the Outbox screen: one row per unsent item (and
 * per recently sent one, a pending Sent copy marked), a detail box for
 * the selected item, kept current on the tick (only when the outbox
 * directories changed or a job reported something) and while a
 * delivery runs.  The actions are in outbox-actions.c, the agent jobs
 * in outbox-jobs.c, the text in outbox-format.c and outbox-text.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/app.h"
#include "outbox/outbox-int.h"
#include "tui/screen.h"
#include "store/runstate.h"
#include "base/xmalloc.h"

#define ROW_MAX 2048 /* bytes of one drawn row */

static struct outbox_screen *
data(struct screen *s)
{
	return (s->data);
}

static void
open_outbox(struct outbox_screen *os, struct app *app)
{
	struct op_err err = { 0 };

	if (app->data_dir == NULL) {
		os->open_error = xstrdup(
		    "no data directory (set OUTPOST_HOME or HOME)");
		return;
	}
	if (outbox_open(app->data_dir, &os->ob, &err) != 0) {
		os->open_error = xstrdup(err.msg);
		return;
	}
	os->opened = 1;
}

int
outbox_screen_refresh(struct outbox_screen *os, struct app *app, int force)
{
	struct op_err err = { 0 };
	time_t	      now = time(NULL);

	if (!os->opened)
		return (0);
	if (!force && !outbox_model_changed(&os->m, os->ob.dir, now))
		return (0);
	if (outbox_model_load(&os->m, &os->ob, &app->cfg, now, &err) != 0) {
		app_error(app, "cannot read the outbox: %s", err.msg);
		return (0);
	}
	if (os->m.damage_note != NULL)
		app_error(app, "%s", os->m.damage_note);
	app_status_unsent(app,
	    outbox_count_unsent(os->m.items, os->m.nunsent));
	app_dirty(app);
	return (1);
}

struct outbox_item *
outbox_screen_selected(struct outbox_screen *os, struct app *app)
{
	struct outbox_item *it = outbox_model_selected(&os->m);

	if (it == NULL)
		app_status(app, "the outbox is empty");
	return (it);
}

void
outbox_screen_key_hint(struct app *app, enum key_table t, enum action_id id,
    char *buf, size_t len)
{
	if (app_key_for(app, t, id, buf, len) == 0)
		snprintf(buf, len, "%s", action_get(id)->name);
}

void
outbox_screen_item_name(const struct outbox_item *it, char *buf, size_t len)
{
	char cut[128];

	if (it->subject == NULL || *it->subject == '\0') {
		snprintf(buf, len, "the message to %s",
		    it->nrcpts > 0 ? it->rcpts[0] : "nobody");
		return;
	}
	outbox_model_fit(it->subject, 30, 0, cut, sizeof cut);
	/* outbox_model_fit pads: drop the spaces it added. */
	while (strlen(cut) > 0 && cut[strlen(cut) - 1] == ' ')
		cut[strlen(cut) - 1] = '\0';
	snprintf(buf, len, "\"%s\"", cut);
}

static size_t
outbox_screen_tables(struct screen *s, enum key_table *t, size_t max)
{
	(void)s;
	if (max < 2)
		return (0);
	t[0] = KT_OUTBOX;
	t[1] = KT_LIST;
	return (2);
}

static int
outbox_screen_text_focus(struct screen *s)
{
	(void)s;
	return (0);
}

/* How many rows the detail box takes at this height (0: none). */
static int
detail_rows(int rows)
{
	if (rows >= 18)
		return (6);
	if (rows >= 12)
		return (4);
	if (rows >= 8)
		return (2);
	return (0);
}

static enum ui_attr
row_attr(const struct outbox_item *it, const char *held, int selected)
{
	if (selected)
		return (UI_REVERSE);
	if (held != NULL)
		return (UI_ERROR);
	switch (it->state) {
	case OUTBOX_FAILED:
	case OUTBOX_UNCERTAIN:
		return (UI_ERROR);
	case OUTBOX_SENT:
		return (outbox_model_copy_waiting(it) ? UI_NORMAL : UI_DIM);
	default:
		return (UI_NORMAL);
	}
}

static void
draw_empty(struct outbox_screen *os, const struct screen_area *a)
{
	int r = 1;

	ui_select(a, 1, 0);
	if (os->open_error != NULL) {
		r += ui_text_wrap(a, r, 0, UI_ERROR,
		    "The outbox cannot be opened:");
		ui_text_wrap(a, r, 0, UI_ERROR, os->open_error);
		return;
	}
	r += ui_text_wrap(a, r, 0, UI_NORMAL, "The outbox is empty.");
	ui_text_wrap(a, r, 0, UI_DIM,
	    "Messages wait here until the server has taken them.");
}

/* The rows' marks: ASCII without UTF-8 or in plain mode. */
static int
glyphs(struct app *app)
{
	if (app->ascii)
		return (1);
	return (app_plain(app) ? OUTBOX_MODEL_PLAIN : 0);
}

/* Plain mode: the selection is a '>' in a column of its own. */
static int
mark_cols(struct app *app)
{
	return (app_plain(app) ? 2 : 0);
}

static void
draw_list(struct outbox_screen *os, struct app *app,
    const struct screen_area *a, int top, int rows)
{
	char	    buf[ROW_MAX];
	const char *held;
	size_t	    i;
	int	    r, m = mark_cols(app);

	outbox_model_scroll(&os->m, rows);
	for (r = 0; r < rows; r++) {
		i = os->m.top + (size_t)r;
		if (i >= os->m.n)
			break;
		held = outbox_model_held(&os->m, i);
		outbox_model_row(&os->m.items[i], held, os->drawn_at,
		    a->cols - m, glyphs(app), buf, sizeof buf);
		if (m > 0)
			ui_text(a, top + r, 0, UI_NORMAL,
			    i == os->m.sel ? ">" : " ");
		ui_text(a, top + r, m,
		    row_attr(&os->m.items[i], held, i == os->m.sel), buf);
		if (i == os->m.sel)
			ui_select(a, top + r, m);
	}
}

static void
draw_detail(struct outbox_screen *os, struct app *app,
    const struct screen_area *a, int top, int rows)
{
	struct outbox_item *it = outbox_model_selected(&os->m);
	char		   *text, *p;
	size_t		    left, n;
	int		    r = 0;

	if (it == NULL)
		return;
	text = outbox_model_detail(it, outbox_model_held(&os->m, os->m.sel),
	    os->drawn_at);
	/* Its account gone from the config: first, as an error. */
	if (runstate_item_orphan(it, &app->cfg)) {
		xasprintf(&p,
		    "Error: account %s is not in the config: it is sent once its [account %s] section is back\n%s",
		    it->account, it->account, text);
		free(text);
		text = p;
	}
	p = text;
	left = strlen(text);
	while (left > 0 && r < rows) {
		n = outbox_model_wrap(p, left, a->cols, app->ascii);
		ui_textn(a, top + r, 0,
		    strncmp(p, "Error:", 6) == 0 ? UI_ERROR : UI_NORMAL, p, n);
		r++;
		p += n;
		left -= n;
		if (left > 0 && *p == '\n') {
			p++;
			left--;
		}
	}
	free(text);
}

static void
outbox_screen_draw(struct screen *s, struct app *app,
    const struct screen_area *a)
{
	struct outbox_screen *os = data(s);
	char		      head[ROW_MAX];
	const char	     *note = outbox_screen_job_note();
	int		      drows, lrows, top = 1;

	os->drawn_at = time(NULL);
	outbox_model_header(a->cols - mark_cols(app), glyphs(app), head,
	    sizeof head);
	ui_text(a, 0, mark_cols(app), UI_BOLD, head);
	if (note != NULL && a->rows > 6) {
		ui_text(a, 1, 0, UI_BOLD, note);
		top = 2;
	}
	if (os->m.n == 0) {
		draw_empty(os, a);
		return;
	}
	drows = detail_rows(a->rows - top);
	lrows = a->rows - top - (drows > 0 ? drows + 1 : 0);
	if (lrows < 1)
		lrows = 1;
	os->list_rows = lrows;
	draw_list(os, app, a, top, lrows);
	if (drows > 0) {
		ui_hline(a, top + lrows);
		draw_detail(os, app, a, top + lrows + 1, drows);
	}
}

static int
move(struct outbox_screen *os, struct app *app, enum action_id id)
{
	long page = os->list_rows > 1 ? os->list_rows - 1 : 1;

	switch (id) {
	case A_MOVE_UP:
		outbox_model_move(&os->m, -1);
		break;
	case A_MOVE_DOWN:
		outbox_model_move(&os->m, 1);
		break;
	case A_MOVE_PAGE_UP:
		outbox_model_move(&os->m, -page);
		break;
	case A_MOVE_PAGE_DOWN:
		outbox_model_move(&os->m, page);
		break;
	case A_MOVE_FIRST:
		outbox_model_move(&os->m, -(long)os->m.n);
		break;
	case A_MOVE_LAST:
		outbox_model_move(&os->m, (long)os->m.n);
		break;
	default:
		return (0);
	}
	app_dirty(app);
	return (1);
}

static int
outbox_screen_action(struct screen *s, struct app *app, enum action_id id)
{
	struct outbox_screen *os = data(s);

	if (move(os, app, id))
		return (1);
	return (outbox_screen_act(os, app, id));
}

static void
outbox_screen_tick(struct screen *s, struct app *app)
{
	struct outbox_screen *os = data(s);
	time_t		      now = time(NULL);

	if (outbox_screen_refresh(os, app, 0))
		return;
	/* Relative times ("in 4 min") move on. */
	if (now / 30 != os->drawn_at / 30 || outbox_screen_job_running())
		app_dirty(app);
}

static void
outbox_screen_free(struct screen *s)
{
	struct outbox_screen *os = data(s);

	outbox_screen_job_detach(os);
	outbox_model_free(&os->m);
	if (os->opened)
		outbox_close(&os->ob);
	free(os->open_error);
	free(os);
	free(s);
}

/* An uncertain message: the hint offers resend and mark sent, not retry. */
static int
outbox_screen_hint(struct screen *s, enum action_id id)
{
	struct outbox_item *it = outbox_model_selected(&data(s)->m);
	int uncertain = it != NULL && it->state == OUTBOX_UNCERTAIN;

	switch (id) {
	case A_OUTBOX_RESEND:
	case A_OUTBOX_MARK_SENT:
		return (uncertain);
	case A_OUTBOX_RETRY:
		return (uncertain ? 0 : -1);
	default:
		return (-1);
	}
}

static const struct screen_ops outbox_screen_ops = { SCREEN_OUTBOX, "Outbox",
	outbox_screen_tables, outbox_screen_text_focus, outbox_screen_draw,
	outbox_screen_action, NULL, outbox_screen_tick, NULL,
	outbox_screen_free, NULL, outbox_screen_hint };

struct screen *
screen_outbox_new(struct app *app)
{
	struct screen	     *s = xcalloc(1, sizeof *s);
	struct outbox_screen *os = xcalloc(1, sizeof *os);

	s->ops = &outbox_screen_ops;
	s->data = os;
	outbox_model_init(&os->m);
	open_outbox(os, app);
	outbox_screen_refresh(os, app, 1);
	outbox_screen_job_attach(os);
	return (s);
}
