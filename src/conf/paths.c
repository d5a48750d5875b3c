/*
 * paths.c -- resolve the config file and data directory from the
 * environment (OUTPOST_HOME, XDG base directories, HOME).
 */
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf/paths.h"
#include "base/xmalloc.h"

static const char *
env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return (v != NULL && *v == '/' ? v : NULL);
}

static const char *
home_dir(void)
{
	const char    *home = env_nonempty("HOME");
	struct passwd *pw;

	if (home == NULL && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return (home);
}

static int
xdg_dir(const char *var, const char *fallback, char **out, struct op_err *err)
{
	const char *v, *home;

	if ((v = env_nonempty("OUTPOST_HOME")) != NULL) {
		*out = xstrdup(v);
		return (0);
	}
	if ((v = env_nonempty(var)) != NULL) {
		xasprintf(out, "%s/outpost", v);
		return (0);
	}
	if ((home = home_dir()) == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "cannot tell where your files go: set HOME or OUTPOST_HOME"));
	xasprintf(out, "%s/%s/outpost", home, fallback);
	return (0);
}

int
paths_config_dir(char **out, struct op_err *err)
{
	return (xdg_dir("XDG_CONFIG_HOME", ".config", out, err));
}

int
paths_config(const char *override, char **out, struct op_err *err)
{
	char *dir;

	if (override != NULL) {
		*out = xstrdup(override);
		return (0);
	}
	if (paths_config_dir(&dir, err) != 0)
		return (-1);
	xasprintf(out, "%s/config", dir);
	free(dir);
	return (0);
}

int
paths_data_dir(char **out, struct op_err *err)
{
	return (xdg_dir("XDG_DATA_HOME", ".local/share", out, err));
}
