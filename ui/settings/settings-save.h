/*
 * settings-save.h -- saving the Settings screen's changes: the changed
 * keys only, through confedit (atomic, 0600, comments kept), creating
 * the file and its directory (0700) on the first run, then reloading
 * app->cfg so the other screens see the new settings.
 */
#ifndef OUTPOST_SETTINGS_SAVE_H
#define OUTPOST_SETTINGS_SAVE_H

#include <stddef.h>

#include "tui/app.h"
#include "settings/settings-model.h"

/*
 * Save what changed.  Returns 1 when saved, 0 when there was nothing to
 * save, -1 on error; msg gets the words for the status line.
 */
int settings_save(struct app *, struct settings_model *, char *, size_t);
/*
 * The same for the account named (NULL: the default): its keys go into
 * its [account NAME] section, the program's own (keymap, ...) before
 * the first section, where they must be.
 */
int settings_save_account(struct app *, const char *, struct settings_model *,
    char *, size_t);

#endif
