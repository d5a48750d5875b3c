/*
 * settings-save.c -- write the Settings screen's changed keys with
 * confedit_apply (atomic, 0600, the user's comments kept; on the first
 * run it makes the file and its directory, 0700), one account's keys in
 * its own section, and reload app->cfg
 * (and the keymap when it changed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/confedit.h"
#include "input/keymap.h"
#include "settings/settings-save.h"
#include "base/xmalloc.h"

static void
reload(struct app *app, char *msg, size_t len)
{
	struct config  cfg;
	struct op_err  err = { 0 };
	struct keymap *keys;
	int	       same_keys;

	if (config_load(app->config_path, &cfg, &err) != 0) {
		snprintf(msg, len, "saved, but reading it back failed: %s",
		    err.msg);
		return;
	}
	same_keys = (app->cfg.keymap == NULL && cfg.keymap == NULL) ||
	    (app->cfg.keymap != NULL && cfg.keymap != NULL &&
		strcmp(app->cfg.keymap, cfg.keymap) == 0);
	config_free(&app->cfg);
	app->cfg = cfg;
	app->have_config = 1;
	snprintf(msg, len, "saved to %s", app->config_path);
	if (!same_keys && (keys = keymap_open(cfg.keymap)) != NULL) {
		keymap_free(app->keys);
		app->keys = keys;
		snprintf(msg, len, "saved to %s; keymap %s in use",
		    app->config_path,
		    cfg.keymap != NULL ? cfg.keymap : "default");
	}
}

/* Write changes c[0..n) of account (NULL: the default). */
static int
write_changes(const char *path, const char *account,
    const struct settings_change *c, size_t n, struct op_err *err)
{
	struct confedit_change *own, *top;
	size_t			i, nown = 0, ntop = 0;
	int			r;

	own = xcalloc(n + 1, sizeof *own);
	top = xcalloc(n + 1, sizeof *top);
	for (i = 0; i < n; i++) {
		if (account != NULL && config_program_key(c[i].key))
			top[ntop++] = (struct confedit_change){ c[i].key,
				c[i].value };
		else
			own[nown++] = (struct confedit_change){ c[i].key,
				c[i].value };
	}
	r = confedit_apply_account(path, account, own, nown, err);
	if (r == 0 && ntop > 0)
		r = confedit_apply(path, top, ntop, err);
	free(own);
	free(top);
	return (r);
}

int
settings_save(struct app *app, struct settings_model *m, char *msg, size_t len)
{
	return (settings_save_account(app, NULL, m, msg, len));
}

int
settings_save_account(struct app *app, const char *account,
    struct settings_model *m, char *msg, size_t len)
{
	const struct settings_change *c;
	struct op_err		      err = { 0 };
	char			      why[400];
	size_t			      n;
	int			      r;

	n = settings_model_changes(m, &c);
	if (n == 0 && app->have_config) {
		snprintf(msg, len, "nothing to save");
		return (0);
	}
	if (settings_model_first_error(m, why, sizeof why) != NULL) {
		snprintf(msg, len, "not saved: %s", why);
		return (-1);
	}
	r = write_changes(app->config_path, account, c, n, &err);
	if (r != 0) {
		snprintf(msg, len, "not saved: %s", err.msg);
		return (-1);
	}
	settings_model_saved(m);
	reload(app, msg, len);
	return (1);
}
