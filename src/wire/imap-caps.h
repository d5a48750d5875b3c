/*
 * imap-caps.h -- IMAP CAPABILITY through libetpan without its crash:
 * libetpan 1.9.4 copies the session's list after a tagged OK and reads
 * a NULL one when the server sent no untagged CAPABILITY.
 */
#ifndef OUTPOST_IMAP_CAPS_H
#define OUTPOST_IMAP_CAPS_H

#include <libetpan/libetpan.h>

/*
 * Forget what the session knew of the server's capabilities, then ask
 * CAPABILITY; a server that lists none leaves an empty list, not none.
 * Returns libetpan's code (MAILIMAP_ERROR_MEMORY when the list cannot
 * be made).
 */
int imap_caps_ask(mailimap *);

#endif
