/*
 * fuzz-keymap.c -- a keymap file as a user may write it (keymap-load.c:
 * tables, key names, two-key sequences, actions), loaded over the
 * default keymap as the user's file is; bad lines become errors.
 */
#include <stdint.h>
#include <stdlib.h>

#include "input/keymap.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap *km = keymap_new();

	keymap_load_text(km, (const char *)data, size, "keys", "keys");
	keymap_free(km);
	return (0);
}
