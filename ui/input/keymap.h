/*
 * keymap.h -- which key runs which action in which key table, loaded from
 * keymap files (keymaps/NAME.keys, the user's keys file).  No curses, so it
 * is unit-tested.  File format: see outpost-keys(5).
 */
#ifndef OUTPOST_KEYMAP_H
#define OUTPOST_KEYMAP_H

#include <stddef.h>

#include "input/action.h"
#include "input/keys.h"

struct keymap;

struct keymap *keymap_new(void);
void	       keymap_free(struct keymap *);
/*
 * Load a file; bad lines are recorded as errors ("NAME:LINE: why") and
 * skipped; the rest still loads.  -1 only when the file cannot be read
 * (recorded as an error too).  shown is how the file is named in messages
 * (e.g. "keys" for the user file, "vi.keys").
 */
int keymap_load_file(struct keymap *, const char *path, const char *shown);
/* The same from len bytes of text (the built-in copies, fuzzing). */
int keymap_load_text(struct keymap *, const char *, size_t, const char *path,
    const char *shown);
/*
 * The whole set-up: the shipped keymap NAME ("default" when NULL/empty)
 * from $OUTPOST_KEYMAP_DIR, else PKGDATADIR "/keymaps", then the user's
 * file ($OUTPOST_HOME/keys, else $XDG_CONFIG_HOME/outpost/keys, else
 * ~/.config/outpost/keys) when it exists, which adds and overrides.
 * Unknown keymap name: an error naming the known ones, and "default" is
 * loaded instead.  Never fails.
 */
struct keymap *keymap_open(const char *name);
size_t	       keymap_nerrors(const struct keymap *);
const char    *keymap_error(const struct keymap *, size_t);
int  keymap_bind(struct keymap *, enum key_table, keyc, enum action_id);
void keymap_unbind(struct keymap *, enum key_table, keyc);
/*
 * The action for key in the first of these tables that binds it; A_NONE
 * if none.
 */
enum action_id keymap_lookup(const struct keymap *, const enum key_table *,
    size_t, keyc);
/*
 * 1 when key begins a sequence (<C-c><C-c>) bound in one of these
 * tables, before any table that binds key alone: wait for the next key
 * and look up key_seq(key, next).
 */
int keymap_prefix(const struct keymap *, const enum key_table *, size_t, keyc);
/*
 * Keys bound to action in table (in file order); returns how many (may
 * exceed max).
 */
size_t keymap_keys_for(const struct keymap *, enum key_table, enum action_id,
    keyc *, size_t);

#endif
