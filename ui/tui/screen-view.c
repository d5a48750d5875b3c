/*
 * screen-view.c -- a scrollable read-only text under a heading (its
 * first line, ruled off): the View screen (an outbox item, a job's
 * error output) and the body of the Help screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app-int.h"

#define TEXT_TABLES_MAX 4

struct text_view {
	char	      *text;  /* the lines, '\n' turned into '\0' */
	const char   **lines; /* into text */
	size_t	       nlines;
	size_t	       top;  /* first line shown */
	int	       rows; /* of the area last drawn */
	enum key_table tables[TEXT_TABLES_MAX];
	size_t	       ntables;
};

static struct text_view *
text_of(struct screen *s)
{
	return (s->data);
}

static size_t
text_tables(struct screen *s, enum key_table *t, size_t max)
{
	struct text_view *v = text_of(s);
	size_t		  i;

	for (i = 0; i < v->ntables && i < max; i++)
		t[i] = v->tables[i];
	return (i);
}

static int
text_focus(struct screen *s)
{
	(void)s;
	return (0);
}

/* Rows for the body: the heading, its rule and the position line go. */
static size_t
body_rows(const struct text_view *v)
{
	return (v->rows > 4 ? (size_t)v->rows - 3 : 1);
}

static size_t
last_top(const struct text_view *v)
{
	size_t body = v->nlines > 0 ? v->nlines - 1 : 0;

	return (body > body_rows(v) ? body - body_rows(v) : 0);
}

static void
text_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	struct text_view *v = text_of(s);
	char		  more[64];
	size_t		  i, body = v->nlines > 0 ? v->nlines - 1 : 0;
	int		  r;

	(void)app;
	v->rows = a->rows;
	if (v->top > last_top(v))
		v->top = last_top(v);
	ui_text(a, 0, 0, UI_BOLD, v->lines[0]);
	ui_hline(a, 1);
	for (r = 2, i = v->top; (size_t)r < 2 + body_rows(v) && i < body;
	     r++, i++)
		ui_text(a, r, 0, UI_NORMAL, v->lines[i + 1]);
	/* The first line shown: Down reads the next one there. */
	ui_select(a, body > 0 ? 2 : 0, 0);
	if (body > body_rows(v)) {
		snprintf(more, sizeof more, "-- lines %zu-%zu of %zu --",
		    v->top + 1, v->top + (size_t)r - 2, body);
		ui_text(a, a->rows - 1, 0, UI_DIM, more);
	}
}

static int
text_action(struct screen *s, struct app *app, enum action_id id)
{
	struct text_view *v = text_of(s);
	size_t		  page = body_rows(v) > 1 ? body_rows(v) - 1 : 1;

	switch (id) {
	case A_MOVE_UP:
	case A_CURSOR_UP:
		if (v->top > 0)
			v->top--;
		break;
	case A_MOVE_DOWN:
	case A_CURSOR_DOWN:
		if (v->top < last_top(v))
			v->top++;
		break;
	case A_MOVE_PAGE_UP:
	case A_PAGE_UP:
		v->top = v->top > page ? v->top - page : 0;
		break;
	case A_MOVE_PAGE_DOWN:
	case A_PAGE_DOWN:
		v->top += page;
		if (v->top > last_top(v))
			v->top = last_top(v);
		break;
	case A_MOVE_FIRST:
	case A_BODY_START:
		v->top = 0;
		break;
	case A_MOVE_LAST:
	case A_BODY_END:
		v->top = last_top(v);
		break;
	default:
		return (0); /* A_BACK and the rest: app's */
	}
	app_dirty(app);
	return (1);
}

static void
text_free(struct screen *s)
{
	struct text_view *v = text_of(s);

	if (v != NULL) {
		free(v->text);
		free(v->lines);
		free(v);
	}
	free(s);
}

static const struct screen_ops view_ops = { SCREEN_VIEW, "View", text_tables,
	text_focus, text_draw, text_action, NULL, NULL, NULL, text_free, NULL,
	NULL };
static const struct screen_ops help_ops = { SCREEN_HELP, "Help", text_tables,
	text_focus, text_draw, text_action, NULL, NULL, NULL, text_free, NULL,
	NULL };

static int
split_lines(struct text_view *v, const char *text)
{
	size_t n = 1, i;
	char  *c;

	if ((v->text = strdup(text != NULL ? text : "")) == NULL)
		return (-1);
	for (c = v->text; *c != '\0'; c++)
		n += *c == '\n';
	if ((v->lines = calloc(n, sizeof *v->lines)) == NULL)
		return (-1);
	v->lines[0] = v->text;
	for (c = v->text, i = 1; *c != '\0'; c++) {
		if (*c == '\n') {
			*c = '\0';
			v->lines[i++] = c + 1;
		}
	}
	v->nlines = n;
	if (n > 1 && *v->lines[n - 1] == '\0')
		v->nlines--; /* a final newline ends a line, starts none */
	return (0);
}

struct screen *
screen_text_new(enum screen_kind kind, const char *text,
    const enum key_table *tables, size_t ntables)
{
	struct screen	 *s = calloc(1, sizeof *s);
	struct text_view *v = calloc(1, sizeof *v);

	if (s == NULL || v == NULL || split_lines(v, text) != 0) {
		if (v != NULL) {
			free(v->text);
			free(v->lines);
		}
		free(v);
		free(s);
		return (NULL);
	}
	for (; v->ntables < ntables && v->ntables < TEXT_TABLES_MAX;
	     v->ntables++)
		v->tables[v->ntables] = tables[v->ntables];
	v->rows = 20;
	s->ops = kind == SCREEN_HELP ? &help_ops : &view_ops;
	s->data = v;
	return (s);
}

struct screen *
screen_view_new(struct app *app, const char *title, const char *text)
{
	static const enum key_table tables[] = { KT_LIST };
	struct screen		   *s;
	char			   *all;
	size_t			    n;

	(void)app;
	/*
	 * The title as the first line (ops->title is fixed, "View"), the
	 * text right under its rule, where the cursor rests.
	 */
	n = strlen(title != NULL ? title : "") +
	    strlen(text != NULL ? text : "") + 2;
	if ((all = malloc(n)) == NULL)
		return (NULL);
	snprintf(all, n, "%s\n%s", title != NULL ? title : "",
	    text != NULL ? text : "");
	s = screen_text_new(SCREEN_VIEW, all, tables, 1);
	free(all);
	return (s);
}
