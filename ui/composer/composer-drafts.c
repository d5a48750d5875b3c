/*
 * composer-drafts.c -- drafts in the composer: autosave (after a few
 * idle seconds or many changes, only when changed), saving at once on
 * hang-up, offering each saved draft (newest first) at start, postpone
 * and opening one (the list is composer-draftlist.c).  The message being
 * edited is always its own draft file (the id is kept), so there are never two
 * copies of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "composer/composer-int.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define DESCRIBE_COLS 24 /* of the recipients and of the subject */

void
composer_autosave(struct composer *c, int force)
{
	struct op_err err = { 0 };

	if (c->app->data_dir == NULL || !c->m.dirty)
		return;
	if (!force && !composer_model_autosave_due(&c->m, time(NULL)))
		return;
	if (composer_model_empty(&c->m)) {
		/* Everything was erased: so is the draft. */
		if (c->m.draft_id[0] != '\0')
			(void)draft_delete(c->app->data_dir, c->m.draft_id,
			    &err);
		c->m.draft_id[0] = '\0';
		c->m.dirty = 0;
		c->m.changes = 0;
		return;
	}
	if (composer_model_save(&c->m, c->app->data_dir, &err) == -1) {
		app_error(c->app, "the draft cannot be saved: %s", err.msg);
		c->m.changed_at = time(NULL); /* try again later */
	}
}

void
composer_save_now(struct composer *c)
{
	composer_autosave(c, 1);
}

/* Ids of the drafts, newest first (caller frees). */
static char **
drafts_newest_first(struct composer *c, size_t *n)
{
	struct op_err err = { 0 };
	char	    **ids, *t;
	size_t	      i;

	*n = 0;
	if (c->app->data_dir == NULL ||
	    draft_list(c->app->data_dir, &ids, n, &err) == -1) {
		if (err.msg[0] != '\0')
			app_error(c->app, "drafts: %s", err.msg);
		return (NULL);
	}
	for (i = 0; i < *n / 2; i++) {
		t = ids[i];
		ids[i] = ids[*n - 1 - i];
		ids[*n - 1 - i] = t;
	}
	return (ids);
}

/* At most DESCRIBE_COLS columns of s, an ellipsis marking the cut. */
static void
clip(struct composer *c, const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);

	if (ui_width(s, n) <= DESCRIBE_COLS) {
		snprintf(buf, len, "%s", s);
		return;
	}
	n = utf8_fit(s, n, DESCRIBE_COLS - 1, c->app->ascii, NULL);
	snprintf(buf, len, "%.*s%s", (int)n, s, app_ellipsis(c->app));
}

static char *
describe(struct composer *c, const struct draft *d)
{
	char	  when[32], to[128], subject[128], *out;
	struct tm tm;

	localtime_r(&d->saved, &tm);
	strftime(when, sizeof when, "%b %d %H:%M", &tm);
	clip(c, *d->to ? d->to : "(no recipient)", to, sizeof to);
	clip(c, *d->subject ? d->subject : "(no subject)", subject,
	    sizeof subject);
	xasprintf(&out, "to %s, \"%s\" (%s)", to, subject, when);
	return (out);
}

static int
load(struct composer *c, const char *id, struct draft *d)
{
	struct op_err err = { 0 };

	if (draft_load(c->app->data_dir, id, d, &err) == 0)
		return (0);
	draft_free(d);
	app_error(c->app, "%s", err.msg);
	return (-1);
}

static void
take_draft(struct composer *c, const struct draft *d)
{
	composer_save_now(c);
	composer_completion_clear(c);
	composer_model_from_draft(&c->m, d);
	c->focus = FOCUS_FIELD;
	c->field = CF_TO;
	app_dirty(c->app);
}

struct recovery {
	struct composer *c;
	char	       **ids;
	size_t		 n, i;
};

static void recovery_ask(struct recovery *);

static void
recovery_free(struct recovery *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->ids[i]);
	free(r->ids);
	free(r);
}

static void
recovery_answer(struct app *app, void *arg, int yes)
{
	struct recovery *r = arg;
	struct draft	 d;
	char		 key[32];

	if (yes && load(r->c, r->ids[r->i], &d) == 0) {
		take_draft(r->c, &d);
		draft_free(&d);
		if (!app_key_for(app, KT_COMPOSER, A_DRAFTS, key, sizeof key))
			snprintf(key, sizeof key, "drafts");
		if (r->n > 1)
			app_status(app,
			    "draft recovered; %s lists the %zu other%s", key,
			    r->n - 1, r->n > 2 ? "s" : "");
		else
			app_status(app, "draft recovered");
		recovery_free(r);
		return;
	}
	r->i++;
	recovery_ask(r);
}

static void
recovery_ask(struct recovery *r)
{
	struct draft d;
	char	    *what, *q;

	for (; r->i < r->n; r->i++) {
		if (load(r->c, r->ids[r->i], &d) == -1)
			continue;
		what = describe(r->c, &d);
		draft_free(&d);
		xasprintf(&q, "Recover the draft %s?", what);
		free(what);
		app_confirm(r->c->app, q, recovery_answer, r);
		free(q);
		return;
	}
	recovery_free(r);
}

void
composer_offer_recovery(struct composer *c)
{
	struct recovery *r = xcalloc(1, sizeof *r);

	r->c = c;
	r->ids = drafts_newest_first(c, &r->n);
	recovery_ask(r);
}

void
composer_postpone(struct composer *c)
{
	struct op_err err = { 0 };

	if (composer_model_empty(&c->m)) {
		app_status(c->app, "nothing to postpone");
		return;
	}
	if (composer_model_save(&c->m, c->app->data_dir, &err) == -1) {
		app_error(c->app, "the draft cannot be saved: %s", err.msg);
		return;
	}
	composer_model_clear(&c->m);
	composer_completion_clear(c);
	c->focus = FOCUS_FIELD;
	c->field = CF_TO;
	app_status(c->app, "postponed: saved as a draft");
}

void
composer_open_draft(struct composer *c, const char *id)
{
	struct draft d;

	if (strcmp(c->m.draft_id, id) == 0 || load(c, id, &d) == -1)
		return;
	take_draft(c, &d);
	app_status(c->app, "editing \"%s\" again (a draft until sent)",
	    *d.subject ? d.subject : "(no subject)");
	draft_free(&d);
}
