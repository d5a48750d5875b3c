/*
 * composer-editor.c -- the message text in the user's own editor: the
 * text goes to a 0600 file in the data directory, curses steps aside,
 * $VISUAL or $EDITOR (vi when neither is set; or the config's editor
 * command) runs on the terminal, and the file comes back as the text.
 * The one place the UI waits: on the user's editor, never the network.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "composer/composer-int.h"
#include "base/strutil.h"
#include "text/textbuf.h"
#include "base/xmalloc.h"

#define EDIT_MAX (64 * 1024 * 1024)

int
composer_editor_external(const struct composer *c)
{
	const char *e = c->app->cfg.editor;

	return (e != NULL && strcmp(e, "builtin") != 0 &&
	    strcmp(e, "internal") != 0);
}

/* The editor's command line: the config's, else $VISUAL, $EDITOR, vi. */
static const char *
editor_command(const struct composer *c)
{
	const char *e = c->app->cfg.editor;

	if (e != NULL && strcmp(e, "external") != 0 &&
	    strcmp(e, "builtin") != 0 && strcmp(e, "internal") != 0)
		return (e);
	if ((e = getenv("VISUAL")) != NULL && *e != '\0')
		return (e);
	if ((e = getenv("EDITOR")) != NULL && *e != '\0')
		return (e);
	return ("vi");
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += w;
		len -= (size_t)w;
	}
	return (0);
}

/* Write the text to a new 0600 file; its path (allocated) or NULL. */
static char *
write_temp(struct composer *c)
{
	char  *path, *body;
	size_t len;
	int    fd, rc;

	(void)mkdir(c->app->data_dir, 0700);
	xasprintf(&path, "%s/edit-XXXXXX.txt", c->app->data_dir);
	if ((fd = mkstemps(path, 4)) == -1) {
		app_error(c->app, "cannot make %s: %s", path, strerror(errno));
		free(path);
		return (NULL);
	}
	(void)fchmod(fd, 0600);
	body = composer_model_body(&c->m, &len);
	rc = write_all(fd, body, len);
	if (rc == 0 && len > 0 && body[len - 1] != '\n')
		rc = write_all(fd, "\n", 1);
	free(body);
	if (close(fd) == -1 || rc == -1) {
		app_error(c->app, "cannot write %s: %s", path,
		    strerror(errno));
		unlink(path);
		free(path);
		return (NULL);
	}
	return (path);
}

static void
reload(struct composer *c, const char *path)
{
	FILE  *f = fopen(path, "r");
	char  *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		app_error(c->app, "cannot read %s back: %s", path,
		    strerror(errno));
		return;
	}
	do {
		if (len + 65536 > cap)
			buf = xreallocarray(buf, (cap = len + 65536) + 1, 1);
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0 && len < EDIT_MAX);
	fclose(f);
	/* The editor's final newline is not part of the text. */
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	textbuf_load(c->m.body, buf != NULL ? buf : "", len);
	textbuf_doc_end(c->m.body);
	free(buf);
	composer_model_touch(&c->m, time(NULL));
	composer_save_now(c);
}

void
composer_external_editor(struct composer *c)
{
	char **argv, *path;
	size_t n;
	int    rc;

	if (c->app->data_dir == NULL) {
		app_error(c->app, "no data directory for the editor's file");
		return;
	}
	if ((path = write_temp(c)) == NULL)
		return;
	if ((argv = str_split_words(editor_command(c), &n, NULL)) == NULL) {
		app_error(c->app, "editor: cannot understand \"%s\"",
		    editor_command(c));
		unlink(path);
		free(path);
		return;
	}
	argv = xreallocarray(argv, n + 2, sizeof *argv);
	argv[n] = xstrdup(path);
	argv[n + 1] = NULL;
	rc = app_run_interactive(c->app, (const char *const *)argv);
	app_dirty(c->app);
	if (rc == 0)
		reload(c, path);
	else if (rc == -1)
		app_error(c->app,
		    "%s could not be started; the text was not changed",
		    argv[0]);
	else
		app_error(c->app,
		    "%s exited with status %d; the text was not changed",
		    argv[0], rc);
	unlink(path);
	free(path);
	strv_free(argv, n + 1);
}
