/*
 * screen-settings.c -- the Settings screen (placeholder until its issue lands).
 */
#include <stdlib.h>

#include "app.h"
#include "screen.h"

static size_t
settings_tables(struct screen *s, enum key_table *t, size_t max)
{
	(void)s;
	if (max < 1)
		return (0);
	t[0] = KT_LIST;
	return (1);
}

static int
settings_text_focus(struct screen *s)
{
	(void)s;
	return (0);
}

static void
settings_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	(void)s;
	(void)app;
	ui_text(a, 0, 0, UI_BOLD, "Settings");
}

static int
settings_action(struct screen *s, struct app *app, enum action_id id)
{
	(void)s;
	(void)app;
	(void)id;
	return (0);
}

static void
settings_free(struct screen *s)
{
	free(s);
}

static const struct screen_ops settings_ops = { SCREEN_SETTINGS, "Settings",
	settings_tables, settings_text_focus, settings_draw, settings_action, NULL, NULL, NULL,
	settings_free };

struct screen *
screen_settings_new(struct app *app)
{
	struct screen *s = calloc(1, sizeof *s);

	(void)app;
	if (s != NULL)
		s->ops = &settings_ops;
	return (s);
}
