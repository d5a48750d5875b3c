/*
 * keymap-int.h -- the inside of a keymap, shared by keymap.c (the
 * tables) and keymap-load.c (reading keymap files); nothing else uses it.
 */
#ifndef OUTPOST_KEYMAP_INT_H
#define OUTPOST_KEYMAP_INT_H

#include <stddef.h>

#include "input/action.h"
#include "input/keys.h"

#define KEYMAP_MAX_ERRORS 100

struct binding {
	keyc	       key;
	enum action_id action;
	unsigned       order; /* when it was bound: keys_for's order */
	unsigned       load;  /* which keymap_load_file call, 0 for none */
	unsigned       line;
};

struct ktable {
	struct binding *v; /* sorted by key */
	size_t		n, cap;
};

struct keymap {
	struct ktable t[KT_COUNT];
	char	    **errors;
	size_t	      nerrors;
	unsigned      order;
	unsigned      loads;
};

/* An error for keymap_error(); at most KEYMAP_MAX_ERRORS are kept. */
void keymap_add_error(struct keymap *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* The binding of key in table, or NULL. */
const struct binding *keymap_binding(const struct keymap *, enum key_table,
    keyc);
/* Bind, remembering which load and line it came from. */
int keymap_bind_at(struct keymap *, enum key_table, keyc, enum action_id,
    unsigned, unsigned);

/* ui/keymap-builtin.c, made from keymaps/ by src/embed.sh. */
extern const char *const keymap_builtin[];

#endif
