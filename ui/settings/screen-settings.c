/*
 * screen-settings.c -- the Settings screen: every config field in a
 * scrolling list, the policy's values locked (dim, with a lock marker),
 * the port chosen among the allowed ones, values edited in place with
 * the policy's fix shown under the field as you type; save, test
 * (settings-run.c) and the test panel (settings-test.c).  The fields and
 * their checks are settings-model.c, without curses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/screen.h"
#include "settings/settings-int.h"
#include "base/xmalloc.h"

#define WIDE_COLS  56 /* full labels from here on */
#define LOCK_UTF8  "\xf0\x9f\x94\x92"
#define LOCK_ASCII "[locked]"

/* Geometry of one drawing. */
struct layout {
	const struct screen_area *a;
	int			  label_w; /* label column width */
	int			  value_col;
	int			  fix_col; /* where fix text starts */
	int			  first;   /* first screen row of the list */
	int			  rows;	   /* list rows */
	int			  vrow;	   /* next virtual row */
	int			  top;	   /* first virtual row shown */
	int			  draw;	   /* 0: only count */
};

static struct settings *
state(struct screen *sc)
{
	return (sc->data);
}

static int
field_changed(const struct sfield *f)
{
	if (f->kind == SF_INFO)
		return (0);
	if (f->value == NULL || f->orig == NULL)
		return (f->value != f->orig);
	return (strcmp(f->value, f->orig) != 0);
}

static size_t
count_changes(struct settings *s)
{
	const struct settings_change *c;

	return (settings_model_changes(s->m, &c));
}

/* Put text on a virtual row if it is in view. */
static void
put(struct layout *l, int col, enum ui_attr attr, const char *text)
{
	int r = l->vrow - l->top;

	if (!l->draw || r < 0 || r >= l->rows || col >= l->a->cols)
		return;
	ui_text(l->a, l->first + r, col, attr, text);
}

/* put, the end an ellipsis when it does not fit (a long value). */
static void
put_clip(struct layout *l, int col, enum ui_attr attr, const char *text)
{
	int r = l->vrow - l->top;

	if (!l->draw || r < 0 || r >= l->rows || col >= l->a->cols)
		return;
	ui_text_clip(l->a, l->first + r, col, attr, text);
}

/* The cursor on a virtual row, if it is in view. */
static void
select_at(struct layout *l, int col)
{
	int r = l->vrow - l->top;

	if (l->draw && r >= 0 && r < l->rows)
		ui_select(l->a, l->first + r, col);
}

static void
clear_row(struct layout *l)
{
	int r = l->vrow - l->top;

	if (l->draw && r >= 0 && r < l->rows)
		ui_clear_eol(l->a, l->first + r, 0);
}

/* A message under a field: prefix on the first line, wrapped. */
static void
message(struct layout *l, const char *prefix, enum ui_attr attr,
    const char *text)
{
	int    col = l->fix_col, width = l->a->cols - col - 2;
	size_t n;
	char   line[1024];

	while (*text != '\0') {
		n = ui_wrap_next(text, width);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, text, n);
		line[n] = '\0';
		clear_row(l);
		put(l, col, attr, prefix);
		put(l, col + 2, attr, line);
		l->vrow++;
		prefix = "  ";
		text += n;
		while (*text == ' ')
			text++;
	}
}

/* The value being edited, scrolled so the caret shows. */
static void
draw_editing(struct settings *s, struct layout *l)
{
	int    width = l->a->cols - l->value_col - 1, r = l->vrow - l->top;
	int    col;
	size_t start = lineedit_view(&s->line, width, ui_width, &col);

	put(l, l->value_col, UI_BOLD, lineedit_text(&s->line) + start);
	if (l->draw && r >= 0 && r < l->rows)
		ui_cursor(l->a, l->first + r, l->value_col + col);
}

static int
is_choice(const struct sfield *f)
{
	return (
	    f->kind == SF_PORT || f->kind == SF_BOOL || f->kind == SF_KEYMAP);
}

/* "  (Space: next)" after the selected choice. */
static void
choice_hint(struct settings *s, struct layout *l, int col)
{
	char key[32], hint[64];

	if (!app_key_for(s->app, KT_SETTINGS, A_SETTING_NEXT, key, sizeof key))
		return;
	snprintf(hint, sizeof hint, "  (%s: next)", key);
	put(l, col, UI_DIM, hint);
}

static void
draw_value(struct settings *s, struct layout *l, size_t i)
{
	const struct sfield *f = &s->m->f[i];
	const char *lock = s->app->ascii || app_plain(s->app) ? LOCK_ASCII :
								LOCK_UTF8;
	char	    buf[512];
	int	    dflt, w;

	dflt = settings_model_display(s->m, i, buf, sizeof buf);
	if (f->kind == SF_LOCKED) {
		put(l, l->value_col, UI_DIM, buf);
		w = ui_width(buf, strlen(buf));
		put(l, l->value_col + w + 1, UI_DIM, lock);
		return;
	}
	/* Dim: a default (not in the file) or not changeable here. */
	put_clip(l, l->value_col,
	    dflt || f->kind == SF_INFO ? UI_DIM : UI_NORMAL, buf);
	w = ui_width(buf, strlen(buf));
	if (dflt && app_plain(s->app)) { /* what dim shows, in words */
		put(l, l->value_col + w, UI_DIM, " (default)");
		w += 10;
	}
	if (i == s->sel && is_choice(f) && l->a->cols >= WIDE_COLS)
		choice_hint(s, l, l->value_col + w);
}

static void
draw_field(struct settings *s, struct layout *l, size_t i)
{
	const struct sfield *f = &s->m->f[i];
	const char	    *label;
	char		     lab[64];
	int		     selected = i == s->sel;

	label = l->a->cols >= WIDE_COLS ? f->label : f->short_label;
	snprintf(lab, sizeof lab, "%-*s", l->label_w, label);
	clear_row(l);
	put(l, 0, UI_NORMAL, selected ? ">" : " ");
	put(l, 1, UI_BOLD, field_changed(f) ? "*" : " ");
	put(l, 2, selected ? UI_REVERSE : UI_NORMAL, lab);
	if (selected && s->editing)
		draw_editing(s, l);
	else {
		if (selected)
			select_at(l, 2); /* the label, after the markers */
		draw_value(s, l, i);
	}
	l->vrow++;
	if (f->note != NULL)
		message(l, "  ", UI_DIM, f->note);
	if (f->fix != NULL)
		message(l, f->error ? "! " : "- ",
		    f->error ? UI_ERROR : UI_BOLD, f->fix);
}

/* Every row of the list; returns the rows the selection spans. */
static void
draw_list(struct settings *s, struct layout *l, int *sel_start, int *sel_end)
{
	size_t i;

	for (i = 0; i < s->m->ngeneral; i++)
		message(l, "! ", UI_ERROR, s->m->general[i]);
	for (i = 0; i < s->m->n; i++) {
		if (i == s->sel)
			*sel_start = l->vrow;
		draw_field(s, l, i);
		if (i == s->sel)
			*sel_end = l->vrow;
	}
}

/* The labels' column: as wide as the longest label shown. */
static int
label_width(struct settings *s, int cols)
{
	const char *label;
	size_t	    i;
	int	    w, max = 0;

	for (i = 0; i < s->m->n; i++) {
		label = cols >= WIDE_COLS ? s->m->f[i].label :
					    s->m->f[i].short_label;
		if ((w = ui_width(label, strlen(label))) > max)
			max = w;
	}
	return (max);
}

static void
draw_header(struct settings *s, const struct screen_area *a)
{
	char   head[160];
	size_t changes = count_changes(s);

	char acct[80] = "";

	/* With several accounts, which one these are. */
	if (config_account_count(&s->app->cfg) > 1)
		snprintf(acct, sizeof acct, " - Account: %s",
		    settings_account(s)->account);
	snprintf(head, sizeof head, "Settings%s%s%s", acct,
	    changes > 0 ?
		(a->cols >= WIDE_COLS ? " (unsaved changes)" : " (unsaved)") :
		"",
	    s->m->nerrors > 0 ?
		(a->cols >= WIDE_COLS ? " - fix the fields marked !" :
					" - fix !") :
		"");
	ui_text(a, 0, 0, UI_BOLD, head);
	ui_clear_eol(a, 0, ui_width(head, strlen(head)));
}

static void
settings_draw(struct screen *sc, struct app *app, const struct screen_area *a)
{
	struct settings *s = state(sc);
	struct layout	 l;
	int		 start = 0, end = 0, r;

	(void)app;
	if (a->rows < 1)
		return;
	draw_header(s, a);
	if (s->test != NULL) {
		settings_test_draw(s->test, app, a, 1);
		return;
	}
	memset(&l, 0, sizeof l);
	l.a = a;
	l.label_w = label_width(s, a->cols);
	l.value_col = 2 + l.label_w + 1;
	l.fix_col = a->cols >= WIDE_COLS ? l.value_col : 4;
	l.first = 1;
	l.rows = a->rows - 1;
	draw_list(s, &l, &start, &end); /* count */
	if (start < s->top)
		s->top = start;
	if (end - s->top > l.rows)
		s->top = end - l.rows;
	if (s->top > start)
		s->top = start;
	l.vrow = 0;
	l.top = s->top;
	l.draw = 1;
	draw_list(s, &l, &start, &end);
	for (r = l.vrow - l.top; r >= 0 && r < l.rows; r++)
		ui_clear_eol(a, l.first + r, 0);
}

static size_t
settings_tables(struct screen *sc, enum key_table *t, size_t max)
{
	struct settings *s = state(sc);

	if (max < 2)
		return (0);
	t[0] = s->editing ? KT_FIELD : KT_SETTINGS;
	t[1] = s->editing ? KT_EDIT : KT_LIST;
	return (2);
}

static int
settings_text_focus(struct screen *sc)
{
	return (state(sc)->editing);
}

/* Editing. */

static void
edit_begin(struct settings *s)
{
	const struct sfield *f = &s->m->f[s->sel];

	free(s->before);
	s->before = f->value != NULL ? xstrdup(f->value) : NULL;
	lineedit_set(&s->line, f->value != NULL ? f->value : "");
	s->editing = 1;
}

static void
edit_end(struct settings *s, int keep)
{
	if (!keep)
		settings_model_set(s->m, s->sel, s->before);
	s->editing = 0;
	free(s->before);
	s->before = NULL;
}

static void
edit_changed(struct settings *s)
{
	settings_model_set(s->m, s->sel, lineedit_text(&s->line));
}

static void
settings_insert(struct screen *sc, struct app *app, uint32_t cp)
{
	struct settings *s = state(sc);

	if (!s->editing)
		return;
	if (lineedit_insert(&s->line, cp) == 0)
		edit_changed(s);
	app_dirty(app);
}

static void
move_sel(struct settings *s, int by)
{
	long to = (long)s->sel + by;

	if (to < 0)
		to = 0;
	if (to >= (long)s->m->n)
		to = (long)s->m->n - 1;
	s->sel = (size_t)to;
}

static int
editing_action(struct settings *s, enum action_id id)
{
	switch (id) {
	case A_FIELD_DONE:
		edit_end(s, 1);
		move_sel(s, 1);
		return (1);
	case A_FIELD_PREV:
		edit_end(s, 1);
		move_sel(s, -1);
		return (1);
	case A_BACK:
		edit_end(s, 0);
		app_status(s->app, "edit cancelled");
		return (1);
	default:
		break;
	}
	if (!lineedit_action(&s->line, id, &s->cut))
		return (0);
	edit_changed(s); /* the same text again when only the caret moved */
	return (1);
}

/* Browsing. */

static void
explain_locked(struct settings *s)
{
	const struct sfield *f = &s->m->f[s->sel];
	char		     ports[128];

	if (f->kind == SF_INFO) {
		app_status(s->app,
		    "the policy is chosen in the config file (policy = NAME)");
		return;
	}
	if (strcmp(f->key, "smtp.tls") == 0) {
		policy_ports_text(s->m->pol, ports, sizeof ports);
		app_status(s->app, "the security follows the port: %s", ports);
		return;
	}
	app_status(s->app, "set by the %s policy; not changeable here",
	    s->m->pol->name);
}

static void
edit_or_cycle(struct settings *s, int dir)
{
	const struct sfield *f = &s->m->f[s->sel];

	switch (f->kind) {
	case SF_TEXT:
		if (dir == 0)
			edit_begin(s);
		else
			app_status(s->app, "a typed value: edit it");
		break;
	case SF_PORT:
	case SF_BOOL:
	case SF_KEYMAP:
		settings_model_cycle(s->m, s->sel, dir >= 0 ? 1 : -1);
		if (f->kind == SF_PORT)
			app_status(s->app, "port %s: %s",
			    s->m->f[s->sel].value,
			    settings_model_tls_text(s->m));
		break;
	default:
		explain_locked(s);
		break;
	}
}

static int
test_panel_action(struct settings *s, enum action_id id)
{
	switch (id) {
	case A_MOVE_UP:
	case A_MOVE_DOWN:
		settings_test_scroll(s->test, id == A_MOVE_UP ? -1 : 1);
		return (1);
	case A_MOVE_PAGE_UP:
	case A_MOVE_PAGE_DOWN:
		settings_test_scroll(s->test, id == A_MOVE_PAGE_UP ? -8 : 8);
		return (1);
	case A_BACK:
		if (s->test_job != NULL)
			settings_test_cancel(s);
		settings_test_free(s->test);
		s->test = NULL;
		return (1);
	case A_TEST_CANCEL:
		if (!settings_test_cancel(s))
			app_status(s->app, "no test is running");
		return (1);
	case A_SETTINGS_TEST:
		settings_test_start(s);
		return (1);
	default:
		return (0);
	}
}

static int
browse_action(struct settings *s, enum action_id id)
{
	switch (id) {
	case A_MOVE_UP:
	case A_MOVE_DOWN:
		move_sel(s, id == A_MOVE_UP ? -1 : 1);
		return (1);
	case A_MOVE_PAGE_UP:
	case A_MOVE_PAGE_DOWN:
		move_sel(s, id == A_MOVE_PAGE_UP ? -8 : 8);
		return (1);
	case A_MOVE_FIRST:
	case A_MOVE_LAST:
		move_sel(s, id == A_MOVE_FIRST ? -(int)s->m->n : (int)s->m->n);
		return (1);
	case A_SETTING_EDIT:
		edit_or_cycle(s, 0);
		return (1);
	case A_SETTING_NEXT:
	case A_SETTING_PREV:
		edit_or_cycle(s, id == A_SETTING_NEXT ? 1 : -1);
		return (1);
	case A_TEST_CANCEL:
		app_status(s->app, "no test is running");
		return (1);
	default:
		return (0);
	}
}

const struct config *
settings_account(const struct settings *s)
{
	if (s->account >= config_account_count(&s->app->cfg))
		return (&s->app->cfg);
	return (config_account_at(&s->app->cfg, s->account));
}

const char *
settings_account_arg(const struct settings *s)
{
	return (config_account_stored(settings_account(s)));
}

/*
 * Show the next account (after the last: the default); the changes to
 * this one are saved or undone first, so a save never mixes two.
 */
static void
next_account(struct settings *s)
{
	struct app   *app = s->app;
	struct policy pol;
	struct op_err err = { 0 };
	size_t	      n = config_account_count(&app->cfg), i;

	if (n < 2) {
		app_status(app,
		    "one account only: an [account NAME] section in the config adds another (outpost.conf(5))");
		return;
	}
	if (count_changes(s) > 0) {
		app_error(app,
		    "account %s has unsaved changes: save them first",
		    settings_account(s)->account);
		return;
	}
	i = (s->account + 1) % n;
	memset(&pol, 0, sizeof pol);
	if (i > 0 &&
	    policy_for_config(config_account_at(&app->cfg, i), &pol, &err) !=
		0) {
		app_error(app, "account %s: policy: %s",
		    config_account_at(&app->cfg, i)->account, err.msg);
		return;
	}
	settings_model_free(s->m);
	if (s->account > 0)
		policy_free(&s->apol);
	s->account = i;
	s->apol = pol;
	s->m = settings_model_new(config_account_at(&app->cfg, i),
	    i > 0 ? &s->apol : &app->pol);
	s->sel = 0;
	s->top = 0;
	settings_test_free(s->test);
	s->test = NULL;
	app_status(app, "account %s (%zu of %zu)",
	    settings_account(s)->account, i + 1, n);
}

/* The key hint offers settings-account when there is another account. */
static int
settings_hint(struct screen *sc, enum action_id id)
{
	if (id != A_SETTINGS_ACCOUNT)
		return (-1);
	return (config_account_count(&state(sc)->app->cfg) > 1);
}

static int
settings_action(struct screen *sc, struct app *app, enum action_id id)
{
	struct settings *s = state(sc);
	int		 r = 1;

	if (s->editing)
		r = editing_action(s, id);
	else if (id == A_SETTINGS_SAVE)
		settings_save_now(s);
	else if (id == A_SETTINGS_TEST)
		settings_test_start(s);
	else if (id == A_PASSWORD_SET)
		settings_password_set(s);
	else if (id == A_SWITCH_PORT)
		settings_switch_port(s);
	else if (id == A_SETTINGS_ACCOUNT)
		next_account(s);
	else if (s->test != NULL && test_panel_action(s, id))
		r = 1;
	else if (s->test != NULL && id == A_SETTING_EDIT) {
		settings_test_free(s->test); /* back to the fields */
		s->test = NULL;
	} else
		r = browse_action(s, id);
	if (r)
		app_dirty(app);
	return (r);
}

static int
settings_unsaved(struct screen *sc)
{
	return (count_changes(state(sc)) > 0);
}

static void
settings_free(struct screen *sc)
{
	struct settings *s = state(sc);

	settings_jobs_detach(s);
	settings_model_free(s->m);
	if (s->account > 0)
		policy_free(&s->apol);
	lineedit_free(&s->line);
	settings_test_free(s->test);
	free(s->before);
	free(s->cut);
	free(s);
	free(sc);
}

static const struct screen_ops settings_ops = {
	SCREEN_SETTINGS,
	"Settings",
	settings_tables,
	settings_text_focus,
	settings_draw,
	settings_action,
	settings_insert,
	NULL,
	NULL,
	settings_free,
	NULL,
	settings_hint,
};

/*
 * A config that did not load is shown as the file has it (its lines
 * parsed for syntax only), so each bad value is marked at its field.
 */
static struct settings_model *
model_of_file(struct app *app)
{
	struct settings_model *m;
	struct config	       raw;
	struct op_err	       err = { 0 };

	if (app->have_config || app->config_path == NULL)
		return (settings_model_new(&app->cfg, &app->pol));
	config_init(&raw);
	if (kvfile_load(app->config_path, &raw.kv, &err) != 0) {
		config_free(&raw);
		return (settings_model_new(&app->cfg, &app->pol));
	}
	m = settings_model_new(&raw, &app->pol);
	config_free(&raw);
	return (m);
}

struct screen *
screen_settings_new(struct app *app)
{
	struct screen	*sc = xcalloc(1, sizeof *sc);
	struct settings *s = xcalloc(1, sizeof *s);

	s->app = app;
	s->m = model_of_file(app);
	lineedit_init(&s->line);
	sc->ops = &settings_ops;
	sc->data = s;
	app_set_unsaved_check(app, sc, settings_unsaved);
	return (sc);
}
