/*
 * settings-save.c -- write the Settings screen's changed keys with
 * confedit_apply (atomic, 0600, the user's comments kept), make the
 * config's directory (0700) on the first run, and reload app->cfg.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "settings-save.h"
#include "xmalloc.h"

/* The config's directory, made 0700 on the first run. */
static int
make_parent(const char *path, char *msg, size_t len)
{
	struct op_err err = { 0 };
	char	     *dir = xstrdup(path), *slash;
	int	      r = 0;

	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if ((r = af_mkdirs(dir, &err)) != 0)
			snprintf(msg, len, "not saved: %s", err.msg);
	}
	free(dir);
	return (r);
}

static void
reload(struct app *app, char *msg, size_t len)
{
	struct config cfg;
	struct op_err err = { 0 };

	if (config_load(app->config_path, &cfg, &err) != 0) {
		snprintf(msg, len, "saved, but reading it back failed: %s",
		    err.msg);
		return;
	}
	config_free(&app->cfg);
	app->cfg = cfg;
	app->have_config = 1;
	snprintf(msg, len, "saved to %s", app->config_path);
}

int
settings_save(struct app *app, struct settings_model *m, char *msg, size_t len)
{
	const struct settings_change *c;
	struct op_err		      err = { 0 };
	char			      why[400];
	size_t			      n;
	int			      r;

	n = smodel_changes(m, &c);
	if (n == 0 && app->have_config) {
		snprintf(msg, len, "nothing to save");
		return (0);
	}
	if (smodel_first_error(m, why, sizeof why) != NULL) {
		snprintf(msg, len, "not saved: %s", why);
		return (-1);
	}
	if (make_parent(app->config_path, msg, len) != 0)
		return (-1);
	r = settings_confedit_apply(app->config_path, c, n, &err);
	if (r != 0) {
		snprintf(msg, len, "not saved: %s", err.msg);
		return (-1);
	}
	smodel_saved(m);
	reload(app, msg, len);
	return (1);
}
