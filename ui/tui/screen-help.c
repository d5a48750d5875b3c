/*
 * screen-help.c -- the Help screen: for the screen below it, each key
 * table of its focus and the global one, every bound action with its
 * keys, name and help text, generated from the keymap and the action
 * table; first the last message when the status line had to cut it.
 * Scrolls like a view; back or help closes it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app-int.h"
#include "input/keymap.h"

#define HELP_KEYS_MAX 4
#define HELP_KEYS_W   16 /* the keys column */
#define HELP_NAME_W   18 /* the action's name */
#define HELP_TEXT_COL (2 + HELP_KEYS_W + 1 + HELP_NAME_W + 1)

struct buf {
	char  *s;
	size_t len, cap;
	size_t heading; /* length of the heading line */
	int    failed;
};

static void
buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char   *grown;
	int	n;

	if (b->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || b->len + (size_t)n + 1 > b->cap) {
		b->cap = b->len + (n > 0 ? (size_t)n : 0) + 1024;
		if (n < 0 || (grown = realloc(b->s, b->cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->s = grown;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* "<C-s>, <F9>" for the keys of action in table; 0 when none. */
static size_t
keys_text(struct app *app, enum key_table t, enum action_id id, char *out,
    size_t len)
{
	keyc   keys[HELP_KEYS_MAX];
	char   name[32];
	size_t n, i, used = 0;

	n = keymap_keys_for(app->keys, t, id, keys, HELP_KEYS_MAX);
	out[0] = '\0';
	for (i = 0; i < n && i < HELP_KEYS_MAX; i++) {
		if (app_plain(app)) /* "Ctrl-S", not "<C-s>" */
			app_key_short(app, keys[i], name, sizeof name);
		else
			key_notation(keys[i], name, sizeof name);
		used += (size_t)snprintf(out + used, len - used, "%s%s",
		    i > 0 ? ", " : "", name);
		if (used >= len)
			break;
	}
	return (n);
}

static void
table_help(struct app *app, struct buf *b, enum key_table t)
{
	const struct action *a;
	char		     keys[160];
	int		     id, any = 0;

	for (id = A_NONE + 1; id < A_COUNT; id++) {
		a = action_get((enum action_id)id);
		if (a == NULL || !(a->tables & KT_BIT(t)) ||
		    keys_text(app, t, a->id, keys, sizeof keys) == 0)
			continue;
		if (!any)
			buf_add(b, "%s[%s]\n", b->len > b->heading ? "\n" : "",
			    key_table_name(t));
		any = 1;
		buf_add(b, "  %-*s %-*s %s\n", HELP_KEYS_W, keys, HELP_NAME_W,
		    a->name, a->help != NULL ? a->help : "");
	}
}

struct screen *
screen_help_new(struct app *app, struct screen *below)
{
	static const enum key_table own[] = { KT_HELP, KT_LIST };
	enum key_table		    t[KT_COUNT];
	struct buf		    b = { NULL, 0, 0, 0, 0 };
	struct screen		   *s;
	size_t			    n = 0, i;

	if (below != NULL && below->ops->tables != NULL)
		n = below->ops->tables(below, t, KT_COUNT - 1);
	if (n > KT_COUNT - 1)
		n = KT_COUNT - 1;
	t[n++] = KT_GLOBAL;
	buf_add(&b, "Keys for %s (keymap %s)\n",
	    below != NULL && below->ops->title != NULL ? below->ops->title :
							 "this screen",
	    app->cfg.keymap != NULL ? app->cfg.keymap : "default");
	b.heading = b.len;
	if (app->priv->last_cut) /* the status line could not show it all */
		buf_add(&b, "The last message:\n%s\n", app->priv->last);
	for (i = 0; i < n; i++)
		table_help(app, &b, t[i]);
	if (b.failed) {
		free(b.s);
		return (NULL);
	}
	s = screen_text_new(SCREEN_HELP, b.s, own, 2);
	free(b.s);
	if (s != NULL) /* a wrapped help text goes on under its start */
		screen_text_hang(s, HELP_TEXT_COL);
	return (s);
}
