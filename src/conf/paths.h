/*
 * paths.h -- where outpost keeps things: the config file and the data
 * directory (outbox, drafts, sent archive).
 */
#ifndef OUTPOST_PATHS_H
#define OUTPOST_PATHS_H

#include "base/err.h"

/*
 * The config file: override if not NULL, else $OUTPOST_HOME/config, else
 * $XDG_CONFIG_HOME/outpost/config, else ~/.config/outpost/config.
 * The result is allocated.  Errors: OP_ECONFIG (no HOME to go by).
 */
int paths_config(const char *, char **, struct op_err *);
/* $OUTPOST_HOME, else $XDG_DATA_HOME/outpost, else ~/.local/share/outpost. */
int paths_data_dir(char **, struct op_err *);
/* The directory holding the config file (for the user's keys file). */
int paths_config_dir(char **, struct op_err *);

#endif
