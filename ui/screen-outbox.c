/*
 * screen-outbox.c -- the Outbox screen (placeholder until its issue lands).
 */
#include <stdlib.h>

#include "app.h"
#include "screen.h"

static size_t
outbox_tables(struct screen *s, enum key_table *t, size_t max)
{
	(void)s;
	if (max < 1)
		return (0);
	t[0] = KT_LIST;
	return (1);
}

static int
outbox_text_focus(struct screen *s)
{
	(void)s;
	return (0);
}

static void
outbox_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	(void)s;
	(void)app;
	ui_text(a, 0, 0, UI_BOLD, "Outbox");
}

static int
outbox_action(struct screen *s, struct app *app, enum action_id id)
{
	(void)s;
	(void)app;
	(void)id;
	return (0);
}

static void
outbox_free(struct screen *s)
{
	free(s);
}

static const struct screen_ops outbox_ops = { SCREEN_OUTBOX, "Outbox",
	outbox_tables, outbox_text_focus, outbox_draw, outbox_action, NULL, NULL, NULL,
	outbox_free };

struct screen *
screen_outbox_new(struct app *app)
{
	struct screen *s = calloc(1, sizeof *s);

	(void)app;
	if (s != NULL)
		s->ops = &outbox_ops;
	return (s);
}
