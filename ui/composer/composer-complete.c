/*
 * composer-complete.c -- Tab in the composer: addresses in To/Cc/Bcc
 * (known recipients from the outbox, and addressbook.command's answers
 * as they arrive) and file names in the attach field.  One match is
 * taken at once; several are listed under the field and each further
 * Tab takes the next.
 */
#include <stdlib.h>
#include <string.h>

#include "composer/composer-int.h"
#include "base/xmalloc.h"

#define COMPLETE_MAX 64 /* candidates kept */

void
composer_completion_clear(struct composer *c)
{
	struct completion *cp = &c->comp;

	strv_free(cp->cands, cp->ncands);
	free(cp->prefix);
	memset(cp, 0, sizeof *cp);
}

static struct lineedit *
completing(struct composer *c)
{
	if (c->focus == FOCUS_ATTACH)
		return (&c->attach_path);
	return (&c->m.field[c->field]);
}

/* Replace the word being completed with text. */
static void
take(struct composer *c, const char *text)
{
	struct lineedit *le = completing(c);
	size_t		 start = c->comp.start;

	lineedit_replace_before(le, start, text);
	if (c->focus == FOCUS_FIELD)
		composer_model_touch(&c->m, time(NULL));
}

static void
take_next(struct composer *c)
{
	struct completion *cp = &c->comp;

	take(c, cp->cands[cp->next]);
	app_status(c->app, "%zu of %zu: %s", cp->next + 1, cp->ncands,
	    cp->cands[cp->next]);
	cp->next = (cp->next + 1) % cp->ncands;
}

static void
complete_path(struct composer *c)
{
	struct completion *cp = &c->comp;
	const char	  *typed = lineedit_text(&c->attach_path);
	char		  *common;

	cp->field = -1;
	cp->start = 0;
	cp->prefix = xstrdup(typed);
	if (path_complete(typed, &cp->cands, &cp->ncands) == -1 ||
	    cp->ncands == 0) {
		app_error(c->app, "no file matches %s", *typed ? typed : ".");
		composer_completion_clear(c);
		return;
	}
	common = complete_common_prefix(cp->cands, cp->ncands);
	if (cp->ncands == 1 || strlen(common) > strlen(typed)) {
		lineedit_set(&c->attach_path, common);
		if (cp->ncands == 1) {
			free(common);
			composer_completion_clear(c);
			return;
		}
	}
	free(common);
	cp->active = 1;
	app_status(c->app, "%zu files match (Tab: the next)", cp->ncands);
}

static void
ask_book(struct composer *c, const char *prefix)
{
	const char   *cmd = c->app->cfg.addressbook_command;
	struct op_err err = { 0 };

	if (cmd == NULL || *prefix == '\0')
		return;
	if (c->query.prefix != NULL && strcmp(c->query.prefix, prefix) == 0)
		return; /* asked already */
	if (addrquery_start(&c->query, cmd, prefix, &err) == -1)
		app_error(c->app, "%s", err.msg);
}

static void
load_book(struct composer *c)
{
	struct op_err err = { 0 };

	if (c->book_loaded)
		return;
	c->book_loaded = 1;
	if (c->app->data_dir != NULL &&
	    addrbook_load_outbox(&c->book, c->app->data_dir, &err) == -1)
		app_error(c->app, "addresses from the outbox: %s", err.msg);
}

/* The candidates for cp->prefix from the book; 1 when all by address. */
static int
find_addresses(struct composer *c)
{
	struct completion *cp = &c->comp;
	size_t		   idx[COMPLETE_MAX], i, n;
	int		   by_address = 1;

	strv_free(cp->cands, cp->ncands);
	cp->total = addrbook_match(&c->book, cp->prefix, idx, COMPLETE_MAX);
	n = cp->total < COMPLETE_MAX ? cp->total : COMPLETE_MAX;
	cp->cands = xcalloc(n + 1, sizeof *cp->cands);
	for (i = 0; i < n; i++) {
		cp->cands[i] = addr_entry_format(&c->book.v[idx[i]]);
		if (!complete_prefix_fold(c->book.v[idx[i]].address,
			cp->prefix))
			by_address = 0;
	}
	cp->ncands = n;
	cp->next = 0;
	return (by_address);
}

static void
complete_address(struct composer *c)
{
	struct completion *cp = &c->comp;
	struct lineedit	  *le = &c->m.field[c->field];
	char		 **addrs, *common;
	size_t		   i;

	load_book(c);
	cp->field = c->field;
	cp->start = addr_token_start(lineedit_text(le), le->cur);
	cp->prefix = xstrndup(lineedit_text(le) + cp->start,
	    le->cur - cp->start);
	cp->active = 1;
	ask_book(c, cp->prefix);
	if (find_addresses(c) && cp->ncands > 1) {
		addrs = xcalloc(cp->ncands, sizeof *addrs);
		for (i = 0; i < cp->ncands; i++)
			addrs[i] = strchr(cp->cands[i], '<') != NULL ?
			    strchr(cp->cands[i], '<') + 1 :
			    cp->cands[i];
		common = complete_common_prefix(addrs, cp->ncands);
		if (strlen(common) > strlen(cp->prefix) &&
		    strchr(common, '>') == NULL)
			take(c, common);
		free(common);
		free(addrs);
	}
	if (cp->ncands == 1) {
		take(c, cp->cands[0]);
		composer_completion_clear(c);
	} else if (cp->ncands == 0)
		app_status(c->app, "no known address starts with \"%s\"%s",
		    cp->prefix,
		    addrquery_running(&c->query) ?
			"; asking the address book" :
			"");
	else
		app_status(c->app, "%zu addresses (Tab: the next)", cp->total);
}

void
composer_complete(struct composer *c)
{
	struct completion *cp = &c->comp;
	int field = c->focus == FOCUS_ATTACH ? -1 : (int)c->field;

	if (cp->active && cp->field == field && cp->ncands > 0) {
		take_next(c);
		return;
	}
	composer_completion_clear(c);
	if (c->focus == FOCUS_ATTACH)
		complete_path(c);
	else
		complete_address(c);
}

void
composer_completion_refresh(struct composer *c)
{
	struct completion *cp = &c->comp;

	if (!cp->active || cp->field < 0 || c->focus != FOCUS_FIELD ||
	    cp->field != (int)c->field || c->query.prefix == NULL ||
	    strcmp(c->query.prefix, cp->prefix) != 0 || cp->next > 0)
		return;
	find_addresses(c);
	if (cp->ncands > 0)
		app_status(c->app, "%zu addresses (Tab: the next)", cp->total);
	app_dirty(c->app);
}
