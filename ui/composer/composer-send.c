/*
 * composer-send.c -- sending from the composer and checking addresses,
 * both as outpost-agent jobs so that the UI never waits on the network.
 * Send: refuse a message larger than the server's SIZE (as it was at the
 * last send), ask "Send message?" (send.confirm) or, in its place, about
 * a message over send.max_size; validate, check the address
 * fields not checked yet, ask about the warnings, save the draft, start
 * "send --draft ID", and clear the composer at once; the status line
 * follows the job's events.  The agent deletes the draft once the
 * message is queued; a job that dies before "queued" leaves it, and the
 * message comes back into the composer with the reason.  With send.delay
 * the item is queued due that many seconds later (the undo window, kept
 * in the outbox, so a crash loses nothing and the runner sends it): the
 * status line counts down, undo-send moves it back into a draft
 * ("outbox-edit") and the composer, and at the end "flush ID" sends it.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "composer/composer-int.h"
#include "proto/protocol.h"
#include "conf/policy.h"
#include "store/outbox.h"
#include "store/srvcaps.h"
#include "base/xmalloc.h"

struct check_job {
	struct composer		 *c; /* NULL once the screen is gone */
	enum composer_model_field field;
	char			 *text;
	struct job		 *job;
	int			  answered;
};

struct send_job {
	char		    draft_id[64];
	char		   *subject;
	struct job	   *job;
	int		    delay; /* --delay: queued for the undo window */
	int		    queued;
	int		    outcome;
	char		   *message; /* from "done", or the last error */
	struct app_progress progress;
};

/* The message in its undo window: one at a time (a second sends it). */
static struct {
	char   id[OUTBOX_IDLEN];
	char  *subject;
	time_t due;
} held;

/* Drafts handed to a send job that has not queued them yet. */
#define SENDING_MAX 16
static char sending[SENDING_MAX][64];

static void
sending_set(const char *id, int on)
{
	size_t i;

	for (i = 0; i < SENDING_MAX; i++) {
		if (on && sending[i][0] == '\0') {
			snprintf(sending[i], sizeof sending[i], "%s", id);
			return;
		}
		if (!on && strcmp(sending[i], id) == 0) {
			sending[i][0] = '\0';
			return;
		}
	}
}

int
composer_draft_sending(const char *id)
{
	size_t i;

	for (i = 0; i < SENDING_MAX && *id != '\0'; i++)
		if (strcmp(sending[i], id) == 0)
			return (1);
	return (0);
}

void
composer_count_unsent(struct app *app)
{
	struct outbox ob;
	size_t	      n;
	struct op_err err = { 0 };

	/* From queue/'s names: 10,000 items cost a directory read. */
	if (app->data_dir == NULL ||
	    outbox_open(app->data_dir, &ob, &err) == -1)
		return;
	if (outbox_count_queue(&ob, &n, &err) == 0)
		app_status_unsent(app, n);
	outbox_close(&ob);
}

/*
 * An item is added or removed, and its envelope rewritten, by a rename
 * in outbox/queue: an unchanged directory time means an unchanged count.
 * A time within the last second may hide a second change.
 */
void
composer_recount_unsent(struct composer *c)
{
	struct stat st;
	char	   *path;
	int	    unchanged;

	if (c->app->data_dir == NULL)
		return;
	xasprintf(&path, "%s/outbox/queue", c->app->data_dir);
	if (stat(path, &st) != 0)
		memset(&st, 0, sizeof st);
	free(path);
	unchanged = st.st_mtim.tv_sec == c->queue_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == c->queue_mtime.tv_nsec &&
	    st.st_mtim.tv_sec < time(NULL) - 1;
	c->queue_mtime = st.st_mtim;
	if (!unchanged)
		composer_count_unsent(c->app);
}

/* Address checks. */

static void send_continue(struct composer *);

static void
check_event(struct app *app, void *arg, json_t *ev)
{
	struct check_job *cj = arg;
	const char	 *error;
	int		  ok;

	(void)app;
	if (proto_event_of(ev) != PROTO_EV_ADDRESSES || cj->c == NULL)
		return;
	cj->answered = 1;
	ok = json_is_true(json_object_get(ev, PROTO_F_OK));
	error = json_string_value(json_object_get(ev, PROTO_F_ERROR));
	composer_model_check_set(&cj->c->m, cj->field,
	    ok ? CHECK_OK : CHECK_BAD, cj->text, ok ? NULL : error);
	if (!ok)
		app_error(cj->c->app, "%s", cj->c->m.check_error[cj->field]);
}

static void
check_exit(struct app *app, void *arg, int status)
{
	struct check_job *cj = arg;
	struct composer	 *c = cj->c;

	if (c != NULL) {
		c->checks[cj->field] = NULL;
		if (!cj->answered) {
			composer_model_check_set(&c->m, cj->field, CHECK_NONE,
			    "", NULL);
			app_error(app,
			    "%s: the addresses could not be checked (the agent exited with status %d)",
			    composer_model_field_name(cj->field), status);
			c->send_waiting = 0;
		} else if (c->send_waiting)
			send_continue(c);
		app_dirty(app);
	}
	free(cj->text);
	free(cj);
}

void
composer_check_field(struct composer *c, enum composer_model_field f)
{
	static const struct job_events ev0 = { check_event, check_exit, NULL };
	struct job_events	       ev = ev0;
	const char		      *text = lineedit_text(&c->m.field[f]);
	const char		      *argv[4];
	struct check_job	      *cj;

	if (!composer_model_is_address_field(f) ||
	    composer_model_check_state(&c->m, f) != CHECK_NONE)
		return;
	if (c->checks[f] != NULL) {
		c->checks[f]->c = NULL;
		app_job_cancel(c->app, c->checks[f]->job);
		c->checks[f] = NULL;
	}
	if (text[strspn(text, " ,")] == '\0') {
		composer_model_check_set(&c->m, f, CHECK_OK, text, NULL);
		return;
	}
	cj = xcalloc(1, sizeof *cj);
	cj->c = c;
	cj->field = f;
	cj->text = xstrdup(text);
	ev.arg = cj;
	argv[0] = "check-addresses";
	argv[1] = composer_model_field_name(f);
	argv[2] = text;
	argv[3] = NULL;
	if ((cj->job = app_job_start(c->app, argv, &ev)) == NULL) {
		app_error(c->app, "cannot start outpost-agent to check %s",
		    composer_model_field_name(f));
		free(cj->text);
		free(cj);
		return;
	}
	c->checks[f] = cj;
	composer_model_check_set(&c->m, f, CHECK_RUNNING, text, NULL);
}

void
composer_checks_orphan(struct composer *c)
{
	int f;

	for (f = 0; f < CF_COUNT; f++) {
		if (c->checks[f] != NULL)
			c->checks[f]->c = NULL;
		c->checks[f] = NULL;
	}
}

/* The send job. */

static void
send_free(struct send_job *sj)
{
	free(sj->subject);
	free(sj->message);
	free(sj);
}

static void
send_progress(struct app *app, struct send_job *sj, json_t *ev)
{
	json_int_t done = json_integer_value(
	    json_object_get(ev, PROTO_F_DONE));
	json_int_t total = json_integer_value(
	    json_object_get(ev, PROTO_F_TOTAL));
	char a[32], b[32];

	if (!app_progress_due(app, &sj->progress, done, total))
		return;
	composer_model_size_text((off_t)done, a, sizeof a);
	composer_model_size_text((off_t)total, b, sizeof b);
	if (total > 0)
		app_status(app, "sending \"%s\": %d%% (%s of %s)", sj->subject,
		    (int)(done * 100 / total), a, b);
	else
		app_status(app, "sending \"%s\": %s", sj->subject, a);
}

static void
send_outcome(struct app *app, struct send_job *sj, json_t *ev)
{
	const char *state = json_string_value(
	    json_object_get(ev, PROTO_F_STATE));
	const char *error = json_string_value(
	    json_object_get(ev, PROTO_F_ERROR));

	sj->outcome = 1;
	if (state == NULL)
		state = "?";
	if (error == NULL || *error == '\0')
		error = "no reason given";
	if (strcmp(state, outbox_state_name(OUTBOX_SENT)) == 0)
		app_status(app, "sent \"%s\"", sj->subject);
	else if (strcmp(state, outbox_state_name(OUTBOX_DEFERRED)) == 0)
		app_error(app,
		    "\"%s\" not sent yet: %s (it stays in the outbox and is tried again)",
		    sj->subject, error);
	else
		app_error(app, "\"%s\" %s: %s (see the outbox)", sj->subject,
		    state, error);
	composer_count_unsent(app);
}

/* The undo window. */

static void send_event(struct app *, void *, json_t *);
static void send_exit(struct app *, void *, int);

static void
held_clear(void)
{
	held.id[0] = '\0';
	free(held.subject);
	held.subject = NULL;
}

/* The window is over (or another message comes): "flush ID" sends it. */
static void
release(struct app *app)
{
	static const struct job_events ev0 = { send_event, send_exit, NULL };
	struct job_events	       ev = ev0;
	struct send_job		      *sj;
	const char		      *argv[3];

	if (held.id[0] == '\0')
		return;
	sj = xcalloc(1, sizeof *sj);
	sj->subject = held.subject;
	sj->queued = 1;
	held.subject = NULL;
	ev.arg = sj;
	argv[0] = "flush";
	argv[1] = held.id;
	argv[2] = NULL;
	if ((sj->job = app_job_start(app, argv, &ev)) == NULL) {
		app_error(app,
		    "\"%s\" waits in the outbox: outpost-agent cannot be started",
		    sj->subject);
		send_free(sj);
	} else
		app_status(app, "sending \"%s\"%s", sj->subject,
		    app_ellipsis(app));
	held_clear();
}

static void
countdown(struct app *app)
{
	char key[32];

	if (!app_key_for(app, KT_COMPOSER, A_UNDO_SEND, key, sizeof key))
		snprintf(key, sizeof key, "undo-send");
	app_status(app, "Sending \"%s\" in %llds %s %s undo", held.subject,
	    (long long)(held.due - time(NULL)),
	    app_plain(app) || app->ascii ? "-" : "\u2014", key);
}

static void
hold(struct app *app, struct send_job *sj, const char *id)
{
	release(app); /* the one before goes now */
	if (id == NULL || !outbox_id_valid(id))
		return;
	snprintf(held.id, sizeof held.id, "%s", id);
	held.subject = xstrdup(sj->subject);
	held.due = time(NULL) + sj->delay;
	countdown(app);
}

void
composer_send_end(void)
{
	held_clear(); /* the item stays in the outbox: the runner sends it */
}

void
composer_policy_notice(struct composer *c)
{
	struct violations	vs;
	const struct violation *v = NULL;
	char			key[32], more[32] = "";
	size_t			i;

	if (!c->app->have_config)
		return;
	policy_check(&c->app->cfg, &c->app->pol, &vs);
	for (i = 0; i < vs.n && v == NULL; i++)
		if (vs.v[i].severity == SEV_ERROR)
			v = &vs.v[i];
	if (v != NULL) {
		if (!app_key_for(c->app, KT_GLOBAL, A_SCREEN_SETTINGS, key,
			sizeof key))
			snprintf(key, sizeof key, "screen-settings");
		if (vs.nerrors > 1)
			snprintf(more, sizeof more, " (+%zu more)",
			    vs.nerrors - 1);
		app_error(c->app,
		    "Settings (%s) break the policy, sending is refused: line %d, %s: %s%s",
		    key, v->line, v->setting, v->fix, more);
	}
	violations_free(&vs);
}

void
composer_send_tick(struct composer *c, int shown)
{
	if (held.id[0] == '\0')
		return;
	if (time(NULL) >= held.due)
		release(c->app);
	else if (shown)
		countdown(c->app);
}

struct undo_job {
	struct job *job;
	char	   *subject;
	char	   *draft; /* from the "draft" event */
};

static void
undo_event(struct app *app, void *arg, json_t *ev)
{
	struct undo_job *u = arg;
	const char	*id;

	(void)app;
	id = json_string_value(json_object_get(ev, PROTO_F_ID));
	if (proto_event_of(ev) == PROTO_EV_DRAFT && id != NULL) {
		free(u->draft);
		u->draft = xstrdup(id);
	}
}

static void
undo_exit(struct app *app, void *arg, int status)
{
	struct undo_job *u = arg;
	char		*why = NULL;

	if (u->draft != NULL && status == 0) {
		app_open(app, SCREEN_COMPOSER, u->draft);
		app_status(app, "not sent: \"%s\" is back in the composer",
		    u->subject);
	} else {
		why = app_job_last_line(app, u->job);
		app_error(app,
		    "\"%s\" could not be taken back: %s (see the outbox)",
		    u->subject, why != NULL ? why : "the agent stopped");
	}
	free(why);
	composer_count_unsent(app);
	free(u->subject);
	free(u->draft);
	free(u);
}

void
composer_undo_send(struct composer *c)
{
	static const struct job_events ev0 = { undo_event, undo_exit, NULL };
	struct job_events	       ev = ev0;
	struct undo_job		      *u;
	const char		      *argv[3];

	if (held.id[0] == '\0') {
		app_status(c->app,
		    "nothing to take back (a message can be, for send.delay seconds after sending)");
		return;
	}
	u = xcalloc(1, sizeof *u);
	u->subject = xstrdup(held.subject);
	ev.arg = u;
	argv[0] = "outbox-edit";
	argv[1] = held.id;
	argv[2] = NULL;
	if ((u->job = app_job_start(c->app, argv, &ev)) == NULL) {
		app_error(c->app,
		    "cannot start outpost-agent: \"%s\" goes as planned",
		    u->subject);
		free(u->subject);
		free(u);
		return;
	}
	held_clear();
	app_status(c->app, "taking \"%s\" back%s", u->subject,
	    app_ellipsis(c->app));
}

static void
send_event(struct app *app, void *arg, json_t *ev)
{
	struct send_job *sj = arg;
	const char	*msg;

	switch (proto_event_of(ev)) {
	case PROTO_EV_QUEUED:
		sj->queued = 1;
		sending_set(sj->draft_id, 0);
		if (sj->delay > 0)
			hold(app, sj,
			    json_string_value(
				json_object_get(ev, PROTO_F_ID)));
		else
			app_status(app, "queued \"%s\"; sending%s",
			    sj->subject, app_ellipsis(app));
		composer_count_unsent(app);
		break;
	case PROTO_EV_PROGRESS:
		send_progress(app, sj, ev);
		break;
	case PROTO_EV_OUTCOME:
		send_outcome(app, sj, ev);
		break;
	case PROTO_EV_NOTE:
		msg = json_string_value(json_object_get(ev, PROTO_F_TEXT));
		if (!sj->outcome && msg != NULL)
			app_status(app, "sending \"%s\": %s", sj->subject,
			    msg);
		break;
	case PROTO_EV_DONE:
		msg = json_string_value(json_object_get(ev, PROTO_F_MESSAGE));
		if (msg != NULL) {
			free(sj->message);
			sj->message = xstrdup(msg);
		}
		break;
	default:
		break;
	}
}

static void
send_exit(struct app *app, void *arg, int status)
{
	struct send_job *sj = arg;
	char		*why = NULL;

	if (!sj->queued) {
		if (sj->message == NULL || *sj->message == '\0')
			why = app_job_last_line(app, sj->job);
		/* The message comes back into view, with the reason. */
		app_open(app, SCREEN_COMPOSER, sj->draft_id);
		app_error(app,
		    "\"%s\" not sent, the draft is kept, back in the composer: %s (status %d)",
		    sj->subject,
		    why != NULL		    ? why :
			sj->message != NULL ? sj->message :
					      "the agent stopped",
		    status);
	} else if (!sj->outcome && status != 0)
		app_error(app, "\"%s\" is in the outbox; delivery stopped: %s",
		    sj->subject, sj->message != NULL ? sj->message : "?");
	free(why);
	sending_set(sj->draft_id, 0);
	composer_count_unsent(app);
	send_free(sj);
}

static void
send_go(struct composer *c)
{
	static const struct job_events ev0 = { send_event, send_exit, NULL };
	struct job_events	       ev = ev0;
	struct op_err		       err = { 0 };
	struct send_job		      *sj;
	const char		      *argv[6];
	const char		      *subject;
	char			       delay[16];

	if (composer_model_save(&c->m, c->app->data_dir, &err) == -1) {
		app_error(c->app, "not sent: the draft cannot be saved: %s",
		    err.msg);
		return;
	}
	sj = xcalloc(1, sizeof *sj);
	snprintf(sj->draft_id, sizeof sj->draft_id, "%s", c->m.draft_id);
	subject = lineedit_text(&c->m.field[CF_SUBJECT]);
	sj->subject = xstrdup(*subject != '\0' ? subject : "(no subject)");
	ev.arg = sj;
	argv[0] = "send";
	argv[1] = "--draft";
	argv[2] = sj->draft_id;
	argv[3] = NULL;
	if ((sj->delay = c->app->cfg.send_delay) > 0) {
		snprintf(delay, sizeof delay, "%d", sj->delay);
		argv[3] = "--delay";
		argv[4] = delay;
		argv[5] = NULL;
	}
	if ((sj->job = app_job_start(c->app, argv, &ev)) == NULL) {
		app_error(c->app,
		    "cannot start outpost-agent; the message is kept as a draft");
		send_free(sj);
		return;
	}
	sending_set(sj->draft_id, 1);
	c->book_loaded = 0; /* its recipients join the known addresses */
	app_status(c->app, "sending \"%s\"%s", sj->subject,
	    app_ellipsis(c->app));
	composer_model_clear(&c->m);
	composer_completion_clear(c);
	c->focus = FOCUS_FIELD;
	c->field = CF_TO;
	app_dirty(c->app);
}

struct warn_chain {
	struct composer *c;
	const char	*w[2];
	size_t		 n, i;
};

static void
warn_answer(struct app *app, void *arg, int yes)
{
	struct warn_chain *wc = arg;

	if (!yes) {
		app_status(app, "not sent");
		free(wc);
		return;
	}
	if (++wc->i < wc->n) {
		app_confirm(app, wc->w[wc->i], warn_answer, wc);
		return;
	}
	send_go(wc->c);
	free(wc);
}

/* Every address field checked (or being checked)? Starts the missing. */
static int
checks_pending(struct composer *c)
{
	int f, pending = 0;

	for (f = CF_TO; f <= CF_BCC; f++) {
		if (composer_model_check_state(&c->m, f) == CHECK_NONE)
			composer_check_field(c, f);
		if (composer_model_check_state(&c->m, f) == CHECK_RUNNING)
			pending = 1;
	}
	return (pending);
}

static void
send_continue(struct composer *c)
{
	struct op_err	   err = { 0 };
	struct warn_chain *wc;

	if (composer_model_validate(&c->m, &err) == -1) {
		c->send_waiting = 0;
		app_error(c->app, "not sent: %s", err.msg);
		return;
	}
	if (checks_pending(c)) {
		c->send_waiting = 1;
		app_status(c->app, "checking the addresses%s",
		    app_ellipsis(c->app));
		return;
	}
	c->send_waiting = 0;
	wc = xcalloc(1, sizeof *wc);
	wc->c = c;
	wc->n = composer_model_warnings(&c->m, wc->w, 2);
	if (wc->n > 0) {
		app_confirm(c->app, wc->w[0], warn_answer, wc);
		return;
	}
	free(wc);
	send_go(c);
}

static void
confirm_answer(struct app *app, void *arg, int yes)
{
	if (yes)
		send_continue(arg);
	else
		app_status(app, "not sent: the message is as you left it");
}

/*
 * The server's SIZE, as it announced it at the last send (the agent
 * keeps it in outbox/server-caps), or 0 when unknown.
 */
static size_t
server_size(struct composer *c, const char **host)
{
	struct effective eff;
	char		*dir;
	size_t		 max;

	policy_effective(&c->app->cfg, &c->app->pol, &eff);
	*host = eff.smtp_host != NULL ? eff.smtp_host : "the server";
	if (c->app->data_dir == NULL || eff.smtp_host == NULL)
		return (0);
	xasprintf(&dir, "%s/outbox", c->app->data_dir);
	max = srvcaps_size(dir, eff.smtp_host);
	free(dir);
	return (max);
}

/*
 * Too big: -1 when larger than the server takes (said, not sent); 1 with
 * the question when larger than send.max_size (*q, caller frees); else 0.
 */
static int
size_check(struct composer *c, char **q)
{
	off_t	    size = composer_model_message_size(&c->m);
	off_t	    max = (off_t)c->app->cfg.send_max_size * 1024 * 1024;
	size_t	    server;
	const char *host;
	char	    mail[32], most[32];

	composer_model_size_text(size, mail, sizeof mail);
	server = server_size(c, &host);
	if (server > 0 && size > (off_t)server) {
		composer_model_size_text((off_t)server, most, sizeof most);
		app_error(c->app,
		    "not sent: the message is %s as mail; %s takes at most %s (its SIZE at the last send): remove or shrink an attachment",
		    mail, host, most);
		return (-1);
	}
	if (max == 0 || size <= max)
		return (0);
	xasprintf(q,
	    "Message is %s as mail, over send.max_size (%d MB). Send anyway?",
	    mail, c->app->cfg.send_max_size);
	return (1);
}

void
composer_send(struct composer *c)
{
	char *q = NULL;

	if (c->send_waiting) {
		app_status(c->app, "checking the addresses%s",
		    app_ellipsis(c->app));
		return;
	}
	switch (size_check(c, &q)) {
	case -1:
		return;
	case 1: /* the send confirmation too: one question */
		app_confirm(c->app, q, confirm_answer, c);
		free(q);
		return;
	}
	if (c->app->cfg.send_confirm)
		app_confirm(c->app, "Send message?", confirm_answer, c);
	else
		send_continue(c);
}
