/*
 * composer-text.c -- pico's commands in the composer: justify the
 * paragraph, read a file in at the cursor, where-is, cancel the
 * message, and the signature every new message starts with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "composer/composer-int.h"
#include "store/draft.h"
#include "text/flowed.h"
#include "text/textbuf.h"
#include "text/textfile.h"
#include "base/xmalloc.h"

void
composer_justify(struct composer *c)
{
	/* The width the message is sent with (format=flowed). */
	if (textbuf_justify(c->m.body, FLOWED_WIDTH))
		composer_changed(c);
}

static size_t
count_lines(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return (len > 0 && s[len - 1] != '\n' ? n + 1 : n);
}

static void
read_answer(struct app *app, void *arg, const char *answer)
{
	struct composer *c = arg;
	struct op_err	 err = { 0 };
	char		*text;
	size_t		 len, n;

	if (answer == NULL || *answer == '\0') {
		app_status(app, "nothing inserted");
		return;
	}
	if (textfile_read(answer, &text, &len, &err) == -1) {
		app_error(app, "cannot insert %s", err.msg);
		return;
	}
	n = count_lines(text, len);
	if (textbuf_insert_text(c->m.body, text, len))
		composer_changed(c);
	app_status(app, "inserted %s: %zu line%s", answer, n,
	    n == 1 ? "" : "s");
	free(text);
}

void
composer_read_file(struct composer *c)
{
	app_ask(c->app, "Insert the text of which file", "", 0, read_answer,
	    c);
}

static void
find_answer(struct app *app, void *arg, const char *answer)
{
	struct composer *c = arg;

	if (answer == NULL)
		return;
	if (*answer != '\0') {
		free(c->search);
		c->search = xstrdup(answer);
	} else if (c->search == NULL)
		return;
	switch (textbuf_find(c->m.body, c->search)) {
	case 0:
		app_error(app, "\"%s\" is not in the text", c->search);
		break;
	case 2:
		app_status(app, "\"%s\" found, going round from the start",
		    c->search);
		break;
	default:
		app_status(app, "\"%s\" found", c->search);
		break;
	}
}

void
composer_where_is(struct composer *c)
{
	app_ask(c->app, "Where is", c->search, 0, find_answer, c);
}

static void
cancel_answer(struct app *app, void *arg, int yes)
{
	struct composer *c = arg;
	struct op_err	 err = { 0 };

	if (!yes) {
		app_status(app, "the message is kept");
		return;
	}
	if (c->m.draft_id[0] != '\0' && app->data_dir != NULL &&
	    draft_delete(app->data_dir, c->m.draft_id, &err) == -1)
		app_error(app, "the draft of the cancelled message stays: %s",
		    err.msg);
	else
		app_status(app, "message cancelled; this is a new one");
	composer_model_clear(&c->m);
	composer_completion_clear(c);
	c->focus = FOCUS_FIELD;
	c->field = CF_TO;
}

void
composer_cancel(struct composer *c)
{
	if (composer_model_empty(&c->m)) {
		app_status(c->app, "nothing to cancel");
		return;
	}
	app_confirm(c->app,
	    "Cancel the message? Its text, attachments and draft are thrown away",
	    cancel_answer, c);
}

void
composer_signature(struct composer *c)
{
	const char   *path = c->app->cfg.signature_file;
	struct op_err err = { 0 };
	char	     *text, *body;
	size_t	      len;

	if (path == NULL)
		return;
	if (textfile_read(path, &text, &len, &err) == -1) {
		app_error(c->app,
		    "no signature: signature.file %s (fix it in the config)",
		    err.msg);
		return;
	}
	body = textfile_signature(text, len);
	composer_model_set_fresh(&c->m, body);
	free(body);
	free(text);
}
