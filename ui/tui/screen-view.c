/*
 * screen-view.c -- a scrollable read-only text under a heading (its
 * first line, ruled off): the View screen (an outbox item, a job's
 * error output) and the body of the Help screen.  Lines longer than the
 * screen wrap between words, the rest indented under the line's own
 * indent or, for an indented line when there is room, under the view's
 * hanging column (the Help screen's descriptions); scrolling counts the
 * rows shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app-int.h"
#include "base/xmalloc.h"

#define TEXT_TABLES_MAX 4
#define TEXT_MIN_WRAP	20 /* columns a hanging indent must leave */

struct text_row {
	const char *s;
	size_t	    n;
	int	    indent;
};

struct text_view {
	char		*text;	/* the lines, '\n' turned into '\0' */
	const char     **lines; /* into text */
	size_t		 nlines;
	struct text_row *wrapped; /* the body's rows at width */
	size_t		 nwrapped;
	int		 width; /* of the rows in wrapped; 0: none yet */
	int		 hang;	/* continuation column, when it leaves room */
	size_t		 top;	/* first row shown */
	int		 rows;	/* of the area last drawn */
	enum key_table	 tables[TEXT_TABLES_MAX];
	size_t		 ntables;
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
	return (v->nwrapped > body_rows(v) ? v->nwrapped - body_rows(v) : 0);
}

/* Where a line's continuation rows start: the hang when it leaves room. */
static int
hang_of(const struct text_view *v, const char *line, int width)
{
	int lead = 0, hang;

	while (line[lead] == ' ')
		lead++;
	hang = lead > 0 && v->hang > lead ? v->hang : lead;
	if (width - hang < TEXT_MIN_WRAP)
		hang = lead + 2;
	return (width - hang < TEXT_MIN_WRAP / 2 ? 0 : hang);
}

static void
add_row(struct text_view *v, const char *s, size_t n, int indent)
{
	struct text_row *r;

	r = xreallocarray(v->wrapped, v->nwrapped + 1, sizeof *r);
	v->wrapped = r;
	r[v->nwrapped].s = s;
	r[v->nwrapped].n = n;
	r[v->nwrapped].indent = indent;
	v->nwrapped++;
}

/* The body's lines as rows of width columns, broken between words. */
static void
wrap_lines(struct text_view *v, int width)
{
	const char *s;
	size_t	    i, n;
	int	    indent, hang, cut;

	free(v->wrapped);
	v->wrapped = NULL;
	v->nwrapped = 0;
	v->width = width;
	for (i = 1; i < v->nlines; i++) {
		s = v->lines[i];
		hang = hang_of(v, s, width);
		indent = 0;
		/* No room for the hang: what starts there starts a row. */
		cut = v->hang > hang && ui_width(s, strlen(s)) > width;
		do {
			n = ui_wrap_next(s, (cut ? v->hang : width) - indent);
			cut = 0;
			add_row(v, s, n, indent);
			s += n;
			while (*s == ' ')
				s++;
			indent = hang;
		} while (*s != '\0');
	}
}

static void
text_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	struct text_view *v = text_of(s);
	char		  more[64];
	size_t		  i;
	int		  r;

	(void)app;
	v->rows = a->rows;
	if (v->width != a->cols) {
		/* The row at the top stays in view: its line's first row. */
		i = v->top < v->nwrapped ?
		    (size_t)(v->wrapped[v->top].s - v->text) :
		    0;
		wrap_lines(v, a->cols);
		for (v->top = 0; i > 0 && v->top + 1 < v->nwrapped &&
		     (size_t)(v->wrapped[v->top + 1].s - v->text) <= i;
		     v->top++)
			;
	}
	if (v->top > last_top(v))
		v->top = last_top(v);
	ui_text(a, 0, 0, UI_BOLD, v->lines[0]);
	ui_hline(a, 1);
	for (r = 2, i = v->top;
	     (size_t)r < 2 + body_rows(v) && i < v->nwrapped; r++, i++)
		ui_textn(a, r, v->wrapped[i].indent, UI_NORMAL,
		    v->wrapped[i].s, v->wrapped[i].n);
	/* The first line shown: Down reads the next one there. */
	ui_select(a, v->nwrapped > 0 ? 2 : 0, 0);
	if (v->nwrapped > body_rows(v)) {
		snprintf(more, sizeof more, "-- lines %zu-%zu of %zu --",
		    v->top + 1, v->top + (size_t)r - 2, v->nwrapped);
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
		free(v->wrapped);
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

void
screen_text_hang(struct screen *s, int col)
{
	text_of(s)->hang = col;
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
