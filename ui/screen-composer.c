/*
 * screen-composer.c -- the Composer screen (placeholder until its issue lands).
 */
#include <stdlib.h>

#include "app.h"
#include "screen.h"

static size_t
composer_tables(struct screen *s, enum key_table *t, size_t max)
{
	(void)s;
	if (max < 1)
		return (0);
	t[0] = KT_LIST;
	return (1);
}

static int
composer_text_focus(struct screen *s)
{
	(void)s;
	return (0);
}

static void
composer_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	(void)s;
	(void)app;
	ui_text(a, 0, 0, UI_BOLD, "Composer");
}

static int
composer_action(struct screen *s, struct app *app, enum action_id id)
{
	(void)s;
	(void)app;
	(void)id;
	return (0);
}

static void
composer_free(struct screen *s)
{
	free(s);
}

static const struct screen_ops composer_ops = { SCREEN_COMPOSER, "Composer",
	composer_tables, composer_text_focus, composer_draw, composer_action, NULL, NULL, NULL,
	composer_free };

struct screen *
screen_composer_new(struct app *app)
{
	struct screen *s = calloc(1, sizeof *s);

	(void)app;
	if (s != NULL)
		s->ops = &composer_ops;
	return (s);
}
