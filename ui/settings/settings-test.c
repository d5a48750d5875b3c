/*
 * settings-test.c -- the connection test panel of the Settings screen:
 * the doctor job's step events kept in the order they first came, the
 * password source, and the drawing: one marker per step ("[ ok ]",
 * "[FAIL]", "[note]", ...), the detail, and for a failure the advice in
 * plain words wrapped to the width; the port that works instead of a
 * blocked one, with the key that switches to it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/protocol.h"
#include "settings/settings-test.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

static const struct {
	const char		*name;
	enum settings_test_state state;
	const char		*marker;
	enum ui_attr		 attr;
} states[] = {
	{ PROTO_STEP_PENDING, ST_PENDING, "[    ]", UI_DIM },
	{ PROTO_STEP_RUNNING, ST_RUNNING, "[ .. ]", UI_BOLD },
	{ PROTO_STEP_PASSED, ST_PASSED, "[ ok ]", UI_OK },
	{ PROTO_STEP_FAILED, ST_FAILED, "[FAIL]", UI_ERROR },
	{ PROTO_STEP_SKIPPED, ST_SKIPPED, "[skip]", UI_DIM },
	{ PROTO_STEP_NOTE, ST_NOTE, "[note]", UI_NORMAL },
};
#define NSTATES (sizeof states / sizeof states[0])

static char *
dup_or_null(const char *s)
{
	return (s != NULL && *s != '\0' ? xstrdup(s) : NULL);
}

static void
source_words(struct settings_test *t, const char *source)
{
	const char *w = "not found";

	if (strcmp(source, PROTO_SOURCE_COMMAND) == 0)
		w = "from password.command";
	else if (strcmp(source, PROTO_SOURCE_KEYRING) == 0)
		w = "from the keyring";
	else if (strcmp(source, PROTO_SOURCE_PROMPT) == 0)
		w = "asked each time";
	snprintf(t->source, sizeof t->source, "password: %s", w);
}

struct settings_test *
settings_test_new(const struct config *cfg)
{
	struct settings_test *t = xcalloc(1, sizeof *t);

	t->running = 1;
	t->follow = 1;
	if (cfg->password_command != NULL)
		source_words(t, PROTO_SOURCE_COMMAND);
	else
		snprintf(t->source, sizeof t->source,
		    "password: keyring, else asked");
	return (t);
}

static void
step_free(struct settings_test_step *s)
{
	free(s->id);
	free(s->title);
	free(s->detail);
	free(s->advice);
}

void
settings_test_free(struct settings_test *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		step_free(&t->steps[i]);
	free(t->steps);
	free(t->message);
	free(t);
}

static struct settings_test_step *
find_step(struct settings_test *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->steps[i].id, id) == 0)
			return (&t->steps[i]);
	t->steps = xreallocarray(t->steps, t->n + 1, sizeof *t->steps);
	memset(&t->steps[t->n], 0, sizeof *t->steps);
	t->steps[t->n].id = xstrdup(id);
	return (&t->steps[t->n++]);
}

static void
take_step(struct settings_test *t, json_t *ev)
{
	struct settings_test_step *s = find_step(t, proto_str(ev, PROTO_F_ID));
	const char		  *state = proto_str(ev, PROTO_F_STATE);
	json_t			  *port = json_object_get(ev, PROTO_F_PORT);
	size_t			   i;

	free(s->title);
	s->title = xstrdup(proto_str(ev, PROTO_F_TITLE));
	free(s->detail);
	s->detail = dup_or_null(proto_str(ev, PROTO_F_DETAIL));
	free(s->advice);
	s->advice = dup_or_null(proto_str(ev, PROTO_F_ADVICE));
	for (i = 0; i < NSTATES; i++)
		if (strcmp(states[i].name, state) == 0)
			s->state = states[i].state;
	if (json_is_integer(port) && json_integer_value(port) > 0 &&
	    json_integer_value(port) <= 65535)
		t->switch_port = (int)json_integer_value(port);
}

void
settings_test_event(struct settings_test *t, json_t *ev)
{
	switch (proto_event_of(ev)) {
	case PROTO_EV_STEP:
		take_step(t, ev);
		break;
	case PROTO_EV_SOURCE:
		source_words(t, proto_str(ev, PROTO_F_SOURCE));
		break;
	case PROTO_EV_DONE:
		free(t->message);
		t->message = dup_or_null(proto_str(ev, PROTO_F_MESSAGE));
		break;
	default:
		break;
	}
}

size_t
settings_test_failed(const struct settings_test *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		if (t->steps[i].state == ST_FAILED)
			n++;
	return (n);
}

const char *
settings_test_first_failed(const struct settings_test *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->steps[i].state == ST_FAILED)
			return (t->steps[i].title != NULL ? t->steps[i].title :
							    t->steps[i].id);
	return ("");
}

struct panel {
	const struct screen_area *a;
	int			  row; /* next virtual row */
	int			  top; /* first virtual row shown */
	int			  first;
	int			  focus; /* virtual row of the running step */
	int			  focus_col;
};

static void
put(struct panel *p, int col, enum ui_attr attr, const char *s, size_t n)
{
	int r = p->row - p->top;

	if (r >= 0 && p->first + r < p->a->rows) {
		ui_textn(p->a, p->first + r, col, attr, s, n);
		ui_clear_eol(p->a, p->first + r, col + ui_width(s, n));
	}
}

/* Text wrapped from column col, one row each line. */
static void
wrapped(struct panel *p, int col, enum ui_attr attr, const char *text)
{
	size_t n;

	while (*text != '\0') {
		n = ui_wrap_next(text, p->a->cols - col);
		put(p, col, attr, text, n);
		p->row++;
		text += n;
		while (*text == ' ' || *text == '\n')
			text++;
	}
}

static void
draw_step(struct panel *p, const struct settings_test_step *s)
{
	size_t i;
	int    indent = p->a->cols >= 60 ? 7 : 2;

	for (i = 0; i < NSTATES; i++)
		if (states[i].state == s->state)
			break;
	put(p, 0, states[i].attr, states[i].marker, 6);
	if (s->state == ST_RUNNING && p->focus < 0) {
		p->focus = p->row;
		p->focus_col = 7;
	}
	wrapped(p, 7, s->state == ST_RUNNING ? UI_BOLD : UI_NORMAL,
	    s->title != NULL ? s->title : s->id);
	if (s->detail != NULL && s->state != ST_PENDING)
		wrapped(p, indent, UI_DIM, s->detail);
	if (s->advice != NULL && s->state == ST_FAILED)
		wrapped(p, indent, UI_ERROR, s->advice);
}

static const char *
summary(const struct settings_test *t, char *buf, size_t len)
{
	size_t failed = settings_test_failed(t);

	if (t->running)
		return ("testing...");
	if (t->cancelled)
		return ("test cancelled");
	if (t->status == 0 && failed == 0)
		return ("all steps passed: outpost can send mail");
	if (t->message != NULL)
		return (t->message);
	snprintf(buf, len, "the test ended with exit status %d", t->status);
	return (buf);
}

static void
draw_all(struct settings_test *t, struct panel *pp, const char *hint)
{
	struct panel p = *pp;
	char	     buf[128];
	const char  *s;
	size_t	     i;

	for (i = 0; i < t->n; i++)
		draw_step(&p, &t->steps[i]);
	s = summary(t, buf, sizeof buf);
	if (p.focus < 0) { /* nothing running: the outcome */
		p.focus = p.row;
		p.focus_col = 0;
	}
	wrapped(&p, 0,
	    t->running ?
		UI_BOLD :
		(settings_test_failed(t) > 0 || t->cancelled ? UI_ERROR :
							       UI_OK),
	    s);
	if (hint[0] != '\0')
		wrapped(&p, 0, UI_BOLD, hint);
	*pp = p;
}

void
settings_test_draw(struct settings_test *t, struct app *app,
    const struct screen_area *a, int first)
{
	struct panel p = { a, 0, INT_MAX, first + 2, -1, 0 };
	int	     r, visible = a->rows - first - 2;
	char	     hint[128] = "", key[32];

	if (!t->running && !t->cancelled && t->switch_port != 0 &&
	    app_key_for(app, KT_SETTINGS, A_SWITCH_PORT, key, sizeof key))
		snprintf(hint, sizeof hint,
		    "%s: switch to port %d and save it", key, t->switch_port);
	if (first < a->rows) {
		ui_text(a, first, 0, UI_BOLD, "Test settings");
		ui_clear_eol(a, first, 13);
	}
	if (first + 1 < a->rows) {
		ui_text(a, first + 1, 0, UI_NORMAL, t->source);
		ui_clear_eol(a, first + 1,
		    ui_width(t->source, strlen(t->source)));
	}
	draw_all(t, &p, hint); /* count the rows only */
	if (t->follow || t->scroll > p.row - visible)
		t->scroll = p.row > visible ? p.row - visible : 0;
	p.row = 0;
	p.top = t->scroll;
	p.focus = -1;
	draw_all(t, &p, hint);
	for (r = p.row - p.top; r >= 0 && r < visible; r++)
		ui_clear_eol(a, first + 2 + r, 0);
	/* The running step, or the outcome; scrolled away: the top row. */
	if (p.focus >= p.top && p.focus - p.top < visible)
		ui_select(a, p.first + p.focus - p.top, p.focus_col);
	else
		ui_select(a, p.first, 0);
}

void
settings_test_scroll(struct settings_test *t, int n)
{
	t->follow = 0;
	t->scroll += n;
	if (t->scroll < 0)
		t->scroll = 0;
}
