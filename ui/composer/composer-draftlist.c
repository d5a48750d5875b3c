/*
 * composer-draftlist.c -- the postponed drafts as a list over the
 * composer (pine's "postponed messages"): the last saved first, one row
 * each (saved, To, Subject, first line); open one into the composer,
 * delete one after a question, or go back with the message untouched.
 * The message being written and drafts being sent are not listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "composer/composer-int.h"
#include "base/xmalloc.h"

#define ROW_MAX 1024

struct draftlist {
	struct composer *c;
	struct draft	*d; /* newest first */
	size_t		 n, sel, top;
	int		 rows; /* list rows at the last draw */
};

static struct draftlist *
data(struct screen *s)
{
	return (s->data);
}

static void
list_clear(struct draftlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		draft_free(&l->d[i]);
	free(l->d);
	l->d = NULL;
	l->n = 0;
}

/* Newest save first; the newer id first when saved in one second. */
static int
by_saved(const void *a, const void *b)
{
	const struct draft *x = a, *y = b;

	if (x->saved != y->saved)
		return (x->saved < y->saved ? 1 : -1);
	return (-strcmp(x->id, y->id));
}

/* Read the drafts again; -1 (said on the status line) when unreadable. */
static int
list_load(struct draftlist *l)
{
	struct op_err err = { 0 };
	struct draft  d;
	char	    **ids;
	size_t	      n, i;

	list_clear(l);
	if (draft_list(l->c->app->data_dir, &ids, &n, &err) == -1) {
		app_error(l->c->app, "drafts: %s", err.msg);
		return (-1);
	}
	l->d = xcalloc(n > 0 ? n : 1, sizeof *l->d);
	for (i = n; i-- > 0;) {
		if (strcmp(ids[i], l->c->m.draft_id) != 0 &&
		    !composer_draft_sending(ids[i])) {
			if (draft_load(l->c->app->data_dir, ids[i], &d,
				&err) == 0)
				l->d[l->n++] = d;
			else {
				draft_free(&d);
				app_error(l->c->app, "%s", err.msg);
			}
		}
		free(ids[i]);
	}
	free(ids);
	qsort(l->d, l->n, sizeof *l->d, by_saved);
	if (l->sel >= l->n)
		l->sel = l->n > 0 ? l->n - 1 : 0;
	return (0);
}

static size_t
draftlist_tables(struct screen *s, enum key_table *t, size_t max)
{
	(void)s;
	if (max < 2)
		return (0);
	t[0] = KT_DRAFTS;
	t[1] = KT_LIST;
	return (2);
}

static int
draftlist_text_focus(struct screen *s)
{
	(void)s;
	return (0);
}

static void
draw_rows(struct draftlist *l, struct app *app, const struct screen_area *a)
{
	char   buf[ROW_MAX];
	size_t i;
	int    r, m = app_plain(app) ? 2 : 0;

	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)l->rows)
		l->top = l->sel - (size_t)l->rows + 1;
	for (r = 0; r < l->rows && l->top + (size_t)r < l->n; r++) {
		i = l->top + (size_t)r;
		composer_model_draft_row(&l->d[i], a->cols - m, app->ascii,
		    buf, sizeof buf);
		if (m > 0)
			ui_text(a, 1 + r, 0, UI_NORMAL,
			    i == l->sel ? ">" : " ");
		ui_text(a, 1 + r, m, i == l->sel ? UI_REVERSE : UI_NORMAL,
		    buf);
		if (i == l->sel)
			ui_select(a, 1 + r, m);
	}
}

static void
draftlist_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	struct draftlist *l = data(s);
	char		  head[ROW_MAX];
	int		  m = app_plain(app) ? 2 : 0;

	composer_model_draft_header(a->cols - m, head, sizeof head);
	ui_text(a, 0, m, UI_BOLD, head);
	l->rows = a->rows > 2 ? a->rows - 1 : 1;
	if (l->n == 0) {
		ui_text(a, 1, 0, UI_NORMAL, "No postponed drafts.");
		ui_select(a, 1, 0);
		return;
	}
	draw_rows(l, app, a);
}

static void
move(struct draftlist *l, long by)
{
	long to = (long)l->sel + by;

	if (l->n == 0)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)l->n)
		to = (long)l->n - 1;
	l->sel = (size_t)to;
}

static void
open_selected(struct draftlist *l, struct app *app)
{
	struct composer *c = l->c;
	char		 id[sizeof l->d[0].id];

	if (l->n == 0)
		return;
	snprintf(id, sizeof id, "%s", l->d[l->sel].id);
	app_pop(app); /* frees l: the screen goes after this action */
	composer_open_draft(c, id);
}

static void
delete_answer(struct app *app, void *arg, int yes)
{
	struct draftlist *l = arg;
	struct op_err	  err = { 0 };

	if (!yes || l->sel >= l->n) {
		app_status(app, "not deleted");
		return;
	}
	if (draft_delete(app->data_dir, l->d[l->sel].id, &err) == -1) {
		app_error(app, "the draft cannot be deleted: %s", err.msg);
		return;
	}
	app_status(app, "draft \"%s\" deleted",
	    *l->d[l->sel].subject ? l->d[l->sel].subject : "(no subject)");
	(void)list_load(l);
	app_dirty(app);
}

static void
delete_selected(struct draftlist *l, struct app *app)
{
	char *q;

	if (l->n == 0)
		return;
	xasprintf(&q, "Delete the draft \"%.40s\"?",
	    *l->d[l->sel].subject ? l->d[l->sel].subject : "(no subject)");
	app_confirm(app, q, delete_answer, l);
	free(q);
}

static int
draftlist_action(struct screen *s, struct app *app, enum action_id id)
{
	struct draftlist *l = data(s);
	long		  page = l->rows > 1 ? l->rows - 1 : 1;

	switch (id) {
	case A_MOVE_UP:
		move(l, -1);
		break;
	case A_MOVE_DOWN:
		move(l, 1);
		break;
	case A_MOVE_PAGE_UP:
		move(l, -page);
		break;
	case A_MOVE_PAGE_DOWN:
		move(l, page);
		break;
	case A_MOVE_FIRST:
		move(l, -(long)l->n);
		break;
	case A_MOVE_LAST:
		move(l, (long)l->n);
		break;
	case A_DRAFTS_OPEN:
		open_selected(l, app);
		return (1);
	case A_DRAFTS_DELETE:
		delete_selected(l, app);
		break;
	default:
		return (0); /* A_BACK and the rest: app's */
	}
	app_dirty(app);
	return (1);
}

static void
draftlist_free(struct screen *s)
{
	struct draftlist *l = data(s);

	if (l != NULL) {
		list_clear(l);
		free(l);
	}
	free(s);
}

static const struct screen_ops draftlist_ops = { SCREEN_DRAFTS, "Drafts",
	draftlist_tables, draftlist_text_focus, draftlist_draw,
	draftlist_action, NULL, NULL, NULL, draftlist_free, NULL, NULL };

void
composer_draftlist_open(struct composer *c)
{
	struct screen	 *s;
	struct draftlist *l;

	if (c->app->data_dir == NULL) {
		app_status(c->app, "no drafts: there is no data directory");
		return;
	}
	composer_save_now(c);
	l = xcalloc(1, sizeof *l);
	l->c = c;
	l->rows = 10;
	if (list_load(l) == -1) {
		free(l);
		return;
	}
	if (l->n == 0) {
		app_status(c->app,
		    *c->m.draft_id ? "no other draft" : "no drafts");
		free(l->d);
		free(l);
		return;
	}
	s = xcalloc(1, sizeof *s);
	s->ops = &draftlist_ops;
	s->data = l;
	app_push(c->app, s);
}
