/*
 * outbox-actions.c -- what the user can do to the selected outbox item:
 * retry now, send everything waiting, view, edit (back into a draft),
 * delete (after a question), resend or mark sent (uncertain items only),
 * retry a pending Sent copy.  Storage changes go through the outbox API
 * here; anything needing the network is an agent job (outbox-jobs.c).
 * Every result lands on the status line in plain words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tui/app.h"
#include "outbox/outbox-int.h"
#include "proto/protocol.h"
#include "tui/screen.h"
#include "base/xmalloc.h"
#include "store/runstate.h"

#define VIEW_MAX (256 * 1024) /* bytes of the stored message shown */

/* A question's answer comes later: remember which item it was about. */
struct pending {
	struct outbox_screen *os;
	char		      id[OUTBOX_IDLEN];
	char		      name[160];
};

/* The screen the question was asked on, if it is still there. */
static struct outbox_screen *
pending_screen(struct app *app, struct pending *p)
{
	if (p->os != outbox_screen_current()) {
		app_status(app, "the outbox screen was closed; nothing done");
		return (NULL);
	}
	return (p->os);
}

static struct pending *
pending_new(struct outbox_screen *os, const struct outbox_item *it)
{
	struct pending *p = xcalloc(1, sizeof *p);

	p->os = os;
	memcpy(p->id, it->id, sizeof p->id);
	outbox_screen_item_name(it, p->name, sizeof p->name);
	return (p);
}

/* An outbox API failure in plain words. */
static void
refused(struct app *app, const char *what, const struct op_err *err)
{
	if (err->code == OP_ELOCKED)
		app_error(app,
		    "cannot %s it now: it is being sent at this moment; try again when that ends",
		    what);
	else if (err->code == OP_ENOTFOUND)
		app_error(app, "cannot %s it: it is no longer in the outbox",
		    what);
	else
		app_error(app, "cannot %s it: %s", what, err->msg);
}

static void
retry(struct outbox_screen *os, struct app *app, struct outbox_item *it)
{
	struct op_err err = { 0 };
	char	      k1[32], k2[32];

	switch (it->state) {
	case OUTBOX_SENDING:
		app_status(app, "it is being sent right now");
		return;
	case OUTBOX_UNCERTAIN:
		outbox_screen_key_hint(app, KT_OUTBOX, A_OUTBOX_RESEND, k1,
		    sizeof k1);
		outbox_screen_key_hint(app, KT_OUTBOX, A_OUTBOX_MARK_SENT, k2,
		    sizeof k2);
		app_error(app,
		    "it may have been delivered already: resend it (%s) or mark it sent (%s)",
		    k1, k2);
		return;
	case OUTBOX_SENT:
		if (outbox_model_copy_waiting(it))
			outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_COPY,
			    it->id);
		else
			app_status(app, "it was sent already");
		return;
	default:
		break;
	}
	if (outbox_screen_job_running()) {
		outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_SEND,
		    it->id); /* says why */
		return;
	}
	if (outbox_retry(&os->ob, it->id, &err) != 0) {
		refused(app, "retry", &err);
		return;
	}
	os->m.stale = 1;
	outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_SEND, it->id);
}

/*
 * The view: outpost-agent takes the stored message apart (outbox-view,
 * libetpan's mailmime) and the text is shown when it answers; the facts
 * come from the item as it was when the view was asked for.
 */
struct view_job {
	struct outbox_item it;
	char		  *held; /* the hold it waits on, or NULL */
	json_t		  *view; /* the "view" event, or NULL */
};

static void
view_event(struct app *app, void *arg, json_t *ev)
{
	struct view_job *vj = arg;

	(void)app;
	if (proto_event_of(ev) == PROTO_EV_VIEW && vj->view == NULL)
		vj->view = json_incref(ev);
}

static const char *
view_str(json_t *v, const char *key)
{
	return (json_string_value(json_object_get(v, key)));
}

static void
view_done(struct app *app, void *arg, int status)
{
	struct view_job		*vj = arg;
	struct outbox_model_view v;
	struct screen		*scr;
	json_t			*files, *f;
	char		       **lines = NULL, *text, title[200], name[160];
	size_t			 i, n = 0;

	memset(&v, 0, sizeof v);
	v.held = vj->held;
	if (vj->view == NULL)
		v.error = status == 0 ? "outpost-agent said nothing" :
					"outpost-agent could not read it";
	else {
		v.error = view_str(vj->view, PROTO_F_ERROR);
		v.to = view_str(vj->view, PROTO_F_TO);
		v.cc = view_str(vj->view, PROTO_F_CC);
		v.bcc = view_str(vj->view, PROTO_F_BCC);
		v.subject = view_str(vj->view, PROTO_F_SUBJECT);
		v.body = view_str(vj->view, PROTO_F_BODY);
		files = json_object_get(vj->view, PROTO_F_FILES);
		n = json_array_size(files);
		lines = xcalloc(n + 1, sizeof *lines);
		for (i = 0; i < n; i++) {
			f = json_array_get(files, i);
			xasprintf(&lines[i], "%s (%lld bytes)",
			    view_str(f, PROTO_F_NAME) != NULL ?
				view_str(f, PROTO_F_NAME) :
				"?",
			    (long long)json_integer_value(
				json_object_get(f, PROTO_F_SIZE)));
		}
		v.files = (const char *const *)lines;
		v.nfiles = n;
	}
	text = outbox_model_view_text(&vj->it, &v, VIEW_MAX);
	outbox_screen_item_name(&vj->it, name, sizeof name);
	snprintf(title, sizeof title, "Outbox: %s", name);
	if ((scr = screen_view_new(app, title, text)) != NULL)
		app_push(app, scr);
	free(text);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	json_decref(vj->view);
	outbox_item_free(&vj->it);
	free(vj->held);
	free(vj);
}

static void
view(struct outbox_screen *os, struct app *app, struct outbox_item *it)
{
	struct job_events ev = { view_event, view_done, NULL };
	struct view_job	 *vj = xcalloc(1, sizeof *vj);
	struct op_err	  err = { 0 };
	const char	 *argv[] = { "outbox-view", it->id, NULL };

	if (outbox_load(&os->ob, it->id, &vj->it, &err) != 0) {
		app_error(app, "cannot read %s: %s", it->id, err.msg);
		free(vj);
		return;
	}
	vj->held = runstate_item_held(os->ob.dir, &vj->it, &app->cfg);
	ev.arg = vj;
	if (app_job_start(app, argv, &ev) == NULL) {
		app_error(app, "cannot start outpost-agent to show %s",
		    it->id);
		outbox_item_free(&vj->it);
		free(vj->held);
		free(vj);
		return;
	}
	app_status(app, "decoding %s ...", it->id);
}

static void
edit(struct app *app, struct outbox_item *it)
{
	if (it->state == OUTBOX_SENT) {
		app_error(app,
		    "it was sent already; there is nothing to edit");
		return;
	}
	if (it->state == OUTBOX_SENDING) {
		app_error(app, "it is being sent right now");
		return;
	}
	outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_EDIT, it->id);
}

static void
delete_answered(struct app *app, void *arg, int yes)
{
	struct pending *p = arg;
	struct op_err	err = { 0 };

	if (!yes)
		app_status(app, "kept %s", p->name);
	else if (pending_screen(app, p) == NULL)
		;
	else if (outbox_delete(&p->os->ob, p->id, &err) != 0)
		refused(app, "delete", &err);
	else {
		app_status(app, "deleted %s", p->name);
		p->os->m.stale = 1;
		outbox_screen_refresh(p->os, app, 1);
	}
	free(p);
}

static void delete (struct outbox_screen *os, struct app *app,
    struct outbox_item *it)
{
	struct pending *p = pending_new(os, it);
	char		q[300];

	if (it->state == OUTBOX_SENT)
		snprintf(q, sizeof q,
		    "Remove %s from the list of sent messages?", p->name);
	else
		snprintf(q, sizeof q,
		    "Delete %s? It has not been sent and will not be.",
		    p->name);
	app_confirm(app, q, delete_answered, p);
}

/* resend and mark-sent are for uncertain items only: say why not. */
static int
only_uncertain(struct app *app, const struct outbox_item *it, const char *what)
{
	char key[32];

	if (it->state == OUTBOX_UNCERTAIN)
		return (1);
	if (it->state == OUTBOX_SENT) {
		app_error(app,
		    "only an uncertain message can be %s; this one was sent",
		    what);
		return (0);
	}
	outbox_screen_key_hint(app, KT_OUTBOX, A_OUTBOX_RETRY, key,
	    sizeof key);
	app_error(app,
	    "only an uncertain message can be %s; this one is %s: retry it (%s)",
	    what, outbox_state_name(it->state), key);
	return (0);
}

static void
resend_answered(struct app *app, void *arg, int yes)
{
	struct pending *p = arg;
	struct op_err	err = { 0 };

	if (!yes)
		app_status(app, "not sent again");
	else if (pending_screen(app, p) == NULL)
		;
	else if (outbox_resend(&p->os->ob, p->id, &err) != 0)
		refused(app, "resend", &err);
	else {
		p->os->m.stale = 1;
		outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_SEND, p->id);
	}
	free(p);
}

static void
resend(struct outbox_screen *os, struct app *app, struct outbox_item *it)
{
	struct pending *p;
	char		q[300];

	if (!only_uncertain(app, it, "sent again"))
		return;
	if (outbox_screen_job_running()) {
		outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_SEND,
		    it->id); /* says why */
		return;
	}
	p = pending_new(os, it);
	snprintf(q, sizeof q,
	    "Send %s again? The server may have it already, so it could arrive twice.",
	    p->name);
	app_confirm(app, q, resend_answered, p);
}

static void
mark_sent(struct outbox_screen *os, struct app *app, struct outbox_item *it)
{
	struct op_err err = { 0 };
	char	      name[160];

	if (!only_uncertain(app, it, "marked sent"))
		return;
	outbox_screen_item_name(it, name, sizeof name);
	if (outbox_mark_sent(&os->ob, it->id, &err) != 0) {
		refused(app, "mark", &err);
		return;
	}
	app_status(app, "marked %s as sent", name);
	outbox_screen_refresh(os, app, 1);
}

static void
copy(struct app *app, struct outbox_item *it)
{
	if (outbox_model_copy_waiting(it))
		outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_COPY, it->id);
	else if (it->state != OUTBOX_SENT)
		app_error(app,
		    "it is not sent yet; its copy to the Sent folder is made after sending");
	else if (it->copy == OUTBOX_COPY_DONE)
		app_status(app, "its copy is in the Sent folder already");
	else
		app_status(app,
		    "no copy to the Sent folder was asked for (imap.sent_copy is off)");
}

int
outbox_screen_act(struct outbox_screen *os, struct app *app, enum action_id id)
{
	struct outbox_item *it;

	if (id == A_OUTBOX_FLUSH) {
		outbox_screen_job_start(app, OUTBOX_SCREEN_JOB_FLUSH, NULL);
		return (1);
	}
	if (id < A_OUTBOX_RETRY || id > A_OUTBOX_COPY)
		return (0);
	if (!os->opened) {
		app_error(app, "the outbox cannot be opened: %s",
		    os->open_error != NULL ? os->open_error : "");
		return (1);
	}
	if ((it = outbox_screen_selected(os, app)) == NULL)
		return (1);
	switch (id) {
	case A_OUTBOX_RETRY:
		retry(os, app, it);
		break;
	case A_OUTBOX_VIEW:
		view(os, app, it);
		break;
	case A_OUTBOX_EDIT:
		edit(app, it);
		break;
	case A_OUTBOX_DELETE:
		delete (os, app, it);
		break;
	case A_OUTBOX_RESEND:
		resend(os, app, it);
		break;
	case A_OUTBOX_MARK_SENT:
		mark_sent(os, app, it);
		break;
	default:
		copy(app, it);
		break;
	}
	return (1);
}
