/*
 * screen-composer.c -- the Composer screen: header fields (From, To, Cc,
 * Bcc, Subject), attachments and the message text, each edit action sent
 * to the part that has the focus.  Drawing is in composer-draw.c,
 * sending and address checks in composer-send.c, drafts in
 * composer-drafts.c, completion in composer-complete.c, pico's justify,
 * read-file, where-is and cancel in composer-text.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "composer/composer-int.h"
#include "text/textbuf.h"
#include "base/xmalloc.h"

static size_t
composer_tables(struct screen *s, enum key_table *t, size_t max)
{
	struct composer *c = s->data;

	if (max < 3)
		return (0);
	t[0] = c->focus == FOCUS_BODY ? KT_BODY : KT_FIELD;
	t[1] = KT_COMPOSER;
	t[2] = KT_EDIT;
	return (3);
}

static int
composer_text_focus(struct screen *s)
{
	(void)s;
	return (1);
}

static void
composer_draw(struct screen *s, struct app *app, const struct screen_area *a)
{
	(void)app;
	composer_draw_all(s->data, a);
}

void
composer_changed(struct composer *c)
{
	composer_model_touch(&c->m, time(NULL));
	composer_autosave(c, 0);
}

/* Leave the field with the focus (its addresses get checked). */
static void
leave_field(struct composer *c)
{
	composer_completion_clear(c);
	if (c->focus == FOCUS_FIELD &&
	    composer_model_is_address_field(c->field))
		composer_check_field(c, c->field);
}

static void
focus_body(struct composer *c)
{
	leave_field(c);
	c->focus = FOCUS_BODY;
	if (composer_editor_external(c))
		composer_external_editor(c);
}

static void
field_next(struct composer *c)
{
	leave_field(c);
	if (c->field + 1 < CF_COUNT)
		c->field++;
	else
		focus_body(c);
}

static void
field_prev(struct composer *c)
{
	leave_field(c);
	if (c->field > CF_TO)
		c->field--;
}

static void
attach_answer(struct composer *c)
{
	struct op_err err = { 0 };
	char	      size[64];

	if (composer_model_attach_add(&c->m, lineedit_text(&c->attach_path),
		&err) == -1) {
		app_error(c->app, "%s", err.msg);
		return;
	}
	composer_model_sizes_text(c->m.att[c->m.natt - 1].size,
	    composer_model_wire_size(c->m.att[c->m.natt - 1].size), size,
	    sizeof size);
	app_status(c->app, "attached %s (%s)", c->m.att[c->m.natt - 1].path,
	    size);
	c->focus = FOCUS_FIELD;
	lineedit_set(&c->attach_path, "");
	composer_completion_clear(c);
	composer_changed(c);
}

static void
attach_start(struct composer *c)
{
	leave_field(c);
	c->focus = FOCUS_ATTACH;
	lineedit_set(&c->attach_path, "");
	app_status(c->app, "the file to attach (Tab completes; Esc cancels)");
}

static void
detach_index(struct composer *c, size_t i)
{
	app_status(c->app, "removed the attachment %s", c->m.att[i].path);
	composer_model_attach_remove(&c->m, i);
	composer_changed(c);
}

static void
detach_answer(struct app *app, void *arg, const char *answer)
{
	struct composer *c = arg;
	long		 i;

	if (answer == NULL)
		return;
	if ((i = composer_model_attach_find(&c->m, answer)) == -1)
		app_error(app, "no attachment \"%s\"", answer);
	else
		detach_index(c, (size_t)i);
}

static void
detach(struct composer *c)
{
	char last[32];

	if (c->m.natt == 0) {
		app_error(c->app, "nothing is attached");
		return;
	}
	if (c->m.natt == 1) {
		detach_index(c, 0);
		return;
	}
	snprintf(last, sizeof last, "%zu", c->m.natt);
	app_ask(c->app, "Remove which attachment (number or name)?", last, 0,
	    detach_answer, c);
}

static int
attach_action(struct composer *c, enum action_id id)
{
	switch (id) {
	case A_FIELD_DONE:
		attach_answer(c);
		return (1);
	case A_COMPLETE:
		composer_complete(c);
		return (1);
	case A_BACK:
	case A_FIELD_PREV:
	case A_BODY_LEAVE:
		c->focus = FOCUS_FIELD;
		composer_completion_clear(c);
		app_status(c->app, "nothing attached");
		return (1);
	default:
		break;
	}
	if (lineedit_action(&c->attach_path, id, &c->cut)) {
		composer_completion_clear(c);
		return (1);
	}
	return (0);
}

static int
field_action(struct composer *c, enum action_id id)
{
	struct lineedit *le = &c->m.field[c->field];
	char		*before;
	int		 handled;

	switch (id) {
	case A_FIELD_DONE:
		field_next(c);
		return (1);
	case A_FIELD_PREV:
		field_prev(c);
		return (1);
	case A_COMPLETE:
		if (composer_model_is_address_field(c->field))
			composer_complete(c);
		else
			field_next(c);
		return (1);
	default:
		break;
	}
	before = xstrdup(lineedit_text(le));
	handled = lineedit_action(le, id, &c->cut);
	if (handled && strcmp(before, lineedit_text(le)) != 0) {
		composer_completion_clear(c);
		composer_changed(c);
	}
	free(before);
	return (handled);
}

/* Delete back to the start of the word (one undo step: a run). */
static int
body_delete_word(struct textbuf *tb)
{
	struct textbuf_pos end = textbuf_cursor(tb), start;
	int		   n = 0;

	textbuf_word_left(tb);
	start = textbuf_cursor(tb);
	textbuf_set_cursor(tb, end.line, end.byte);
	while (textbuf_cursor(tb).line > start.line ||
	    (textbuf_cursor(tb).line == start.line &&
		textbuf_cursor(tb).byte > start.byte)) {
		if (!textbuf_delete_back(tb))
			break;
		n = 1;
	}
	return (n);
}

/* A cursor move in the text; 0 when id is not one. */
static int
body_move(struct composer *c, enum action_id id)
{
	struct textbuf *tb = c->m.body;
	int		rows = c->body_rows > 1 ? c->body_rows - 1 : 1;

	switch (id) {
	case A_CURSOR_LEFT:
		textbuf_left(tb);
		break;
	case A_CURSOR_RIGHT:
		textbuf_right(tb);
		break;
	case A_WORD_LEFT:
		textbuf_word_left(tb);
		break;
	case A_WORD_RIGHT:
		textbuf_word_right(tb);
		break;
	case A_LINE_START:
		textbuf_line_start(tb);
		break;
	case A_LINE_END:
		textbuf_line_end(tb);
		break;
	case A_CURSOR_UP:
		textbuf_up(tb);
		break;
	case A_CURSOR_DOWN:
		textbuf_down(tb);
		break;
	case A_PAGE_UP:
		textbuf_page_up(tb, rows);
		break;
	case A_PAGE_DOWN:
		textbuf_page_down(tb, rows);
		break;
	case A_BODY_START:
		textbuf_doc_start(tb);
		break;
	case A_BODY_END:
		textbuf_doc_end(tb);
		break;
	default:
		return (0);
	}
	return (1);
}

/* An edit of the text: 1 changed, 0 not, -1 when id is not an edit. */
static int
body_edit(struct composer *c, enum action_id id)
{
	struct textbuf *tb = c->m.body;

	switch (id) {
	case A_DELETE_BACK:
		return (textbuf_delete_back(tb));
	case A_DELETE_FORWARD:
		return (textbuf_delete_forward(tb));
	case A_DELETE_WORD_BACK:
		return (body_delete_word(tb));
	case A_CUT_LINE:
		return (textbuf_cut_line(tb));
	case A_PASTE:
		return (textbuf_paste(tb));
	case A_UNDO:
		return (textbuf_undo(tb));
	case A_NEWLINE:
		return (textbuf_newline(tb));
	case A_INSERT_TAB:
		return (textbuf_insert_text(tb, "\t", 1));
	default:
		return (-1);
	}
}

static int
body_action(struct composer *c, enum action_id id)
{
	int r;

	if (id == A_BODY_LEAVE || id == A_FIELD_PREV) {
		c->focus = FOCUS_FIELD;
		c->field = CF_SUBJECT;
		return (1);
	}
	if (body_move(c, id))
		return (1);
	switch (id) {
	case A_JUSTIFY:
		composer_justify(c);
		return (1);
	case A_READ_FILE:
		composer_read_file(c);
		return (1);
	case A_WHERE_IS:
		composer_where_is(c);
		return (1);
	case A_SPELL:
		composer_spell_check(c);
		return (1);
	default:
		break;
	}
	if ((r = body_edit(c, id)) == -1)
		return (0);
	if (r > 0)
		composer_changed(c);
	return (1);
}

/* The next account for From; with one account there is nothing to do. */
static void
from_account(struct composer *c)
{
	const struct config *a;

	if (config_account_count(&c->app->cfg) < 2) {
		app_status(c->app,
		    "one account only: add an [account NAME] section to send from another (outpost.conf(5))");
		return;
	}
	a = composer_model_next_account(&c->m, &c->app->cfg);
	composer_changed(c);
	app_status(c->app, "sending from account %s (%s)", a->account,
	    a->address != NULL ? a->address : "no address");
	app_dirty(c->app);
}

/* The key hint offers from-account when there is another account. */
static int
composer_hint(struct screen *s, enum action_id id)
{
	struct composer *c = s->data;

	if (id != A_FROM_ACCOUNT)
		return (-1);
	return (config_account_count(&c->app->cfg) > 1);
}

static int
composer_action(struct screen *s, struct app *app, enum action_id id)
{
	struct composer *c = s->data;

	(void)app;
	switch (id) {
	case A_SEND:
		composer_send(c);
		return (1);
	case A_POSTPONE:
		composer_postpone(c);
		return (1);
	case A_DRAFTS:
		composer_draftlist_open(c);
		return (1);
	case A_ATTACH:
		attach_start(c);
		return (1);
	case A_DETACH:
		detach(c);
		return (1);
	case A_CANCEL:
		composer_cancel(c);
		return (1);
	case A_UNDO_SEND:
		composer_undo_send(c);
		return (1);
	case A_FROM_ACCOUNT:
		from_account(c);
		return (1);
	case A_EXTERNAL_EDITOR:
		leave_field(c);
		c->focus = FOCUS_BODY;
		composer_external_editor(c);
		return (1);
	default:
		break;
	}
	if (c->focus == FOCUS_ATTACH)
		return (attach_action(c, id));
	if (c->focus == FOCUS_BODY)
		return (body_action(c, id));
	return (field_action(c, id));
}

static void
composer_insert(struct screen *s, struct app *app, uint32_t cp)
{
	struct composer *c = s->data;

	(void)app;
	switch (c->focus) {
	case FOCUS_ATTACH:
		lineedit_insert(&c->attach_path, cp);
		composer_completion_clear(c);
		return;
	case FOCUS_BODY:
		if (textbuf_insert_char(c->m.body, cp))
			composer_changed(c);
		return;
	case FOCUS_FIELD:
		lineedit_insert(&c->m.field[c->field], cp);
		composer_completion_clear(c);
		composer_changed(c);
		return;
	}
}

static void
composer_tick(struct screen *s, struct app *app)
{
	struct composer *c = s->data;

	composer_autosave(c, 0);
	if (addrquery_running(&c->query) &&
	    addrquery_poll(&c->query, &c->book))
		composer_completion_refresh(c);
	composer_recount_unsent(c);
	composer_send_tick(c, app_top(app) == s);
}

static void
composer_hangup(struct screen *s, struct app *app)
{
	(void)app;
	composer_save_now(s->data);
}

static void
composer_free(struct screen *s)
{
	struct composer *c = s->data;

	composer_save_now(c);
	composer_send_end();
	composer_checks_orphan(c);
	composer_completion_clear(c);
	composer_spell_free(c);
	addrquery_stop(&c->query);
	addrbook_free(&c->book);
	lineedit_free(&c->attach_path);
	composer_model_free(&c->m);
	free(c->cut);
	free(c->search);
	free(c);
	free(s);
}

/* app_open(app, SCREEN_COMPOSER, id): the outbox's "edit". */
static void
composer_open(struct screen *s, struct app *app, const char *id)
{
	struct composer *c = s->data;

	composer_open_draft(c, id);
	/* A reply starts in its text, above the quote, as pine's. */
	if (app->start_body && app->start_draft != NULL &&
	    strcmp(app->start_draft, id) == 0 &&
	    strcmp(c->m.draft_id, id) == 0) {
		c->focus = FOCUS_BODY;
		textbuf_set_cursor(c->m.body, 0, 0);
	}
}

static const struct screen_ops composer_ops = {
	SCREEN_COMPOSER,
	"Composer",
	composer_tables,
	composer_text_focus,
	composer_draw,
	composer_action,
	composer_insert,
	composer_tick,
	composer_hangup,
	composer_free,
	composer_open,
	composer_hint,
};

struct screen *
screen_composer_new(struct app *app)
{
	struct screen	*s = xcalloc(1, sizeof *s);
	struct composer *c = xcalloc(1, sizeof *c);

	c->app = app;
	composer_model_init(&c->m);
	lineedit_init(&c->attach_path);
	addrbook_init(&c->book);
	addrquery_init(&c->query);
	c->focus = FOCUS_FIELD;
	c->field = CF_TO;
	c->body_rows = 10;
	s->ops = &composer_ops;
	s->data = c;
	composer_signature(c);
	if (app->start_draft == NULL) /* else it opens that one */
		composer_offer_recovery(c);
	composer_count_unsent(app);
	composer_policy_notice(c);
	return (s);
}
