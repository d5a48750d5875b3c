/*
 * keymap.c -- key bindings per key table: binding and lookup on every
 * keystroke (binary search in a sorted array per table), and the errors
 * met while loading (keymap-load.c reads the files).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/keymap-int.h"
#include "input/keymap.h"

#include "base/strutil.h"
#include "base/xmalloc.h"

struct keymap *
keymap_new(void)
{
	return (xcalloc(1, sizeof(struct keymap)));
}

void
keymap_free(struct keymap *km)
{
	size_t i;

	if (km == NULL)
		return;
	for (i = 0; i < KT_COUNT; i++)
		free(km->t[i].v);
	for (i = 0; i < km->nerrors; i++)
		free(km->errors[i]);
	free(km->errors);
	free(km);
}

size_t
keymap_nerrors(const struct keymap *km)
{
	return (km->nerrors);
}

const char *
keymap_error(const struct keymap *km, size_t i)
{
	return (i < km->nerrors ? km->errors[i] : NULL);
}

void
keymap_add_error(struct keymap *km, const char *fmt, ...)
{
	va_list ap;
	char   *msg;

	if (km->nerrors > KEYMAP_MAX_ERRORS)
		return;
	if (km->nerrors == KEYMAP_MAX_ERRORS)
		msg = xstrdup(
		    "too many errors in the keymaps; the rest are not shown");
	else {
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) == -1)
			abort();
		va_end(ap);
	}
	km->errors = xreallocarray(km->errors, km->nerrors + 1,
	    sizeof *km->errors);
	km->errors[km->nerrors++] = msg;
}

/* Where key is in the table, or where it would go; *found says which. */
static size_t
table_search(const struct ktable *t, keyc key, int *found)
{
	size_t lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid].key == key) {
			*found = 1;
			return (mid);
		}
		if (t->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return (lo);
}

const struct binding *
keymap_binding(const struct keymap *km, enum key_table table, keyc key)
{
	const struct ktable *t;
	size_t		     at;
	int		     found;

	if ((unsigned)table >= KT_COUNT)
		return (NULL);
	t = &km->t[table];
	at = table_search(t, key, &found);
	return (found ? &t->v[at] : NULL);
}

int
keymap_bind_at(struct keymap *km, enum key_table table, keyc key,
    enum action_id action, unsigned load, unsigned line)
{
	const struct action *a = action_get(action);
	struct ktable	    *t;
	size_t		     at;
	int		     found;

	if ((unsigned)table >= KT_COUNT || key == KEYC_NONE || a == NULL ||
	    action == A_NONE || (a->tables & KT_BIT(table)) == 0)
		return (-1);
	t = &km->t[table];
	at = table_search(t, key, &found);
	if (!found) {
		if (t->n == t->cap) {
			t->cap = t->cap == 0 ? 16 : t->cap * 2;
			t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
		}
		memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof *t->v);
		t->n++;
		t->v[at].key = key;
	}
	t->v[at].action = action;
	t->v[at].order = ++km->order;
	t->v[at].load = load;
	t->v[at].line = line;
	return (0);
}

int
keymap_bind(struct keymap *km, enum key_table table, keyc key,
    enum action_id action)
{
	return (keymap_bind_at(km, table, key, action, 0, 0));
}

void
keymap_unbind(struct keymap *km, enum key_table table, keyc key)
{
	struct ktable *t;
	size_t	       at;
	int	       found;

	if ((unsigned)table >= KT_COUNT)
		return;
	t = &km->t[table];
	at = table_search(t, key, &found);
	if (!found)
		return;
	memmove(&t->v[at], &t->v[at + 1], (t->n - at - 1) * sizeof *t->v);
	t->n--;
}

enum action_id
keymap_lookup(const struct keymap *km, const enum key_table *tables,
    size_t ntables, keyc key)
{
	const struct binding *b;
	size_t		      i;

	for (i = 0; i < ntables; i++) {
		if ((b = keymap_binding(km, tables[i], key)) != NULL)
			return (b->action);
	}
	return (A_NONE);
}

int
keymap_prefix(const struct keymap *km, const enum key_table *tables,
    size_t ntables, keyc key)
{
	const struct ktable *t;
	size_t		     i, at;
	int		     found;
	keyc		     first = key_seq(key, 1);

	if (first == KEYC_NONE)
		return (0);
	for (i = 0; i < ntables; i++) {
		if (keymap_binding(km, tables[i], key) != NULL)
			return (0);
		if ((unsigned)tables[i] >= KT_COUNT)
			continue;
		t = &km->t[tables[i]];
		at = table_search(t, first, &found);
		if (at < t->n && key_seq_prefix(t->v[at].key) == key)
			return (1);
	}
	return (0);
}

size_t
keymap_keys_for(const struct keymap *km, enum key_table table,
    enum action_id action, keyc *keys, size_t max)
{
	const struct ktable *t;
	unsigned	     last = 0, next;
	size_t		     i, n = 0, pick;

	if ((unsigned)table >= KT_COUNT)
		return (0);
	t = &km->t[table];
	/* The tables are small: pick the bindings in order, one by one. */
	for (;;) {
		next = 0;
		pick = t->n;
		for (i = 0; i < t->n; i++) {
			if (t->v[i].action == action && t->v[i].order > last &&
			    (next == 0 || t->v[i].order < next)) {
				next = t->v[i].order;
				pick = i;
			}
		}
		if (pick == t->n)
			return (n);
		if (n < max)
			keys[n] = t->v[pick].key;
		n++;
		last = next;
	}
}
