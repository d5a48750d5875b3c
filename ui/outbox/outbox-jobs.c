/*
 * outbox-jobs.c -- the Outbox screen's agent jobs: "flush --all",
 * "flush ID" (retry now, resend), "flush --copy ID" (one Sent copy) and
 * "outbox-edit ID" (back into a draft), one at a time.  A job outlives
 * the screen (going to the composer does not stop a delivery), so its
 * state lives here and reaches the screen only while one is attached.
 * Each item's outcome goes to the status line in plain words; the list
 * is read again at each event, so it changes while the delivery runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tui/app.h"
#include "outbox/outbox-int.h"
#include "proto/protocol.h"
#include "base/xmalloc.h"

static struct outbox_screen_run {
	struct job	      *job;
	enum outbox_screen_job kind;
	char		       id[OUTBOX_IDLEN];
	char		      *draft; /* from outbox-edit's "draft" event */
	unsigned	       sent, deferred, failed, uncertain;
	unsigned	       copied, copy_pending;
	char		     *why; /* the last reason something was not done */
	char		     *done_message;
	char		      note[256];
	struct app_progress   progress;
	char		      name[160]; /* of the job's item */
	struct outbox_screen *screen;	 /* NULL while not on the outbox */
} run;

int
outbox_screen_job_running(void)
{
	return (run.job != NULL);
}

const char *
outbox_screen_job_note(void)
{
	return (run.job != NULL ? run.note : NULL);
}

void
outbox_screen_job_attach(struct outbox_screen *os)
{
	run.screen = os;
}

struct outbox_screen *
outbox_screen_current(void)
{
	return (run.screen);
}

void
outbox_screen_job_detach(struct outbox_screen *os)
{
	if (run.screen == os)
		run.screen = NULL;
}

/*
 * The subject of an item: from the list on screen, else the job's own
 * item, else read from the outbox (the list may be between readings
 * while the item moves to sent/), else its id.
 */
static void
name_of(const char *id, char *buf, size_t len)
{
	struct outbox_item it;
	struct op_err	   err = { 0 };
	size_t		   i;

	if (run.screen != NULL)
		for (i = 0; i < run.screen->m.n; i++)
			if (strcmp(run.screen->m.items[i].id, id) == 0) {
				outbox_screen_item_name(&run.screen->m
							     .items[i],
				    buf, len);
				return;
			}
	if (run.name[0] != '\0' && strcmp(run.id, id) == 0) {
		snprintf(buf, len, "%s", run.name);
		return;
	}
	if (run.screen != NULL && run.screen->opened &&
	    outbox_load(&run.screen->ob, id, &it, &err) == 0) {
		outbox_screen_item_name(&it, buf, len);
		outbox_item_free(&it);
		return;
	}
	snprintf(buf, len, "%s", id);
}

static void
remember_why(const char *error, const char *reply)
{
	free(run.why);
	if (*reply != '\0')
		xasprintf(&run.why, "%s (the server said: %s)", error, reply);
	else
		run.why = xstrdup(error);
}

static void
on_outcome(struct app *app, json_t *o)
{
	const char *state = proto_str(o, PROTO_F_STATE);
	const char *error = proto_str(o, PROTO_F_ERROR);
	char	    name[160];

	name_of(proto_str(o, PROTO_F_ID), name, sizeof name);
	if (strcmp(state, outbox_state_name(OUTBOX_SENT)) == 0) {
		run.sent++;
		app_status(app, "%s was sent", name);
		return;
	}
	if (strcmp(state, outbox_state_name(OUTBOX_DEFERRED)) == 0)
		run.deferred++;
	else if (strcmp(state, outbox_state_name(OUTBOX_FAILED)) == 0)
		run.failed++;
	else
		run.uncertain++;
	remember_why(*error != '\0' ? error : state,
	    proto_str(o, PROTO_F_REPLY));
	app_error(app, "%s is %s: %s", name, state, run.why);
}

static void
on_copy(struct app *app, json_t *o)
{
	if (strcmp(proto_str(o, PROTO_F_STATE), PROTO_COPY_COPIED) == 0) {
		run.copied++;
		app_status(app, "the copy is in the Sent folder");
		return;
	}
	run.copy_pending++;
	remember_why(proto_str(o, PROTO_F_ERROR), "");
	app_error(app, "the Sent copy is still pending: %s", run.why);
}

static void
on_progress(struct app *app, json_t *o)
{
	json_int_t done, total;

	done = json_integer_value(json_object_get(o, PROTO_F_DONE));
	total = json_integer_value(json_object_get(o, PROTO_F_TOTAL));
	if (total <= 0 || !app_progress_due(app, &run.progress, done, total))
		return;
	snprintf(run.note, sizeof run.note, "Sending: %lld%% of %.1f MB",
	    (long long)(done * 100 / total), (double)total / 1e6);
}

static void
on_event(struct app *app, void *arg, json_t *o)
{
	enum proto_event ev = proto_event_of(o);

	(void)arg;
	switch (ev) {
	case PROTO_EV_OUTCOME:
		on_outcome(app, o);
		break;
	case PROTO_EV_COPY:
		on_copy(app, o);
		break;
	case PROTO_EV_PROGRESS:
		on_progress(app, o);
		break;
	case PROTO_EV_NOTE:
		snprintf(run.note, sizeof run.note, "%s",
		    proto_str(o, PROTO_F_TEXT));
		break;
	case PROTO_EV_SAY:
		app_status(app, "%s", proto_str(o, PROTO_F_TEXT));
		break;
	case PROTO_EV_DRAFT:
		free(run.draft);
		run.draft = xstrdup(proto_str(o, PROTO_F_ID));
		break;
	case PROTO_EV_DONE:
		free(run.done_message);
		run.done_message = xstrdup(proto_str(o, PROTO_F_MESSAGE));
		break;
	default:
		break;
	}
	/* An item changed: show it now; progress waits for the tick. */
	if (run.screen != NULL &&
	    (ev == PROTO_EV_OUTCOME || ev == PROTO_EV_COPY))
		outbox_screen_refresh(run.screen, app, 1);
	else if (run.screen != NULL)
		run.screen->m.stale = 1;
	app_dirty(app);
}

/* "2 sent, 1 deferred" */
static void
summary(char *buf, size_t len)
{
	const char *names[] = { "sent", "deferred", "failed", "uncertain",
		"copied to Sent", "copies pending" };
	unsigned    n[] = { run.sent, run.deferred, run.failed, run.uncertain,
		   run.copied, run.copy_pending };
	size_t	    i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof n / sizeof n[0]; i++)
		if (n[i] > 0 && o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s%u %s",
			    o > 0 ? ", " : "", n[i], names[i]);
}

/* The job ended without telling why: say what we know. */
static void
failed_without_outcome(struct app *app, struct job *job, int status)
{
	char *why = app_job_last_line(app, job);

	if (run.done_message != NULL && *run.done_message != '\0')
		app_error(app, "%s", run.done_message);
	else if (why != NULL)
		app_error(app, "%s", why);
	else if (status >= 128)
		app_error(app, "outpost-agent stopped (signal %d)",
		    status - 128);
	else
		app_error(app, "outpost-agent failed (exit status %d)",
		    status);
	free(why);
}

static void
delivery_ended(struct app *app, struct job *job, int status)
{
	char sum[200];

	summary(sum, sizeof sum);
	if (sum[0] == '\0') {
		if (status == 0)
			app_status(app, "%s",
			    run.kind == OUTBOX_SCREEN_JOB_FLUSH ?
				"nothing was waiting to be sent" :
				"done");
		else
			failed_without_outcome(app, job, status);
		return;
	}
	/* One item or one copy: its own line (named) stays. */
	if (run.sent + run.deferred + run.failed + run.uncertain + run.copied +
		run.copy_pending ==
	    1)
		return;
	if (run.deferred + run.failed + run.uncertain + run.copy_pending > 0)
		app_error(app, "%s: %s", sum, run.why != NULL ? run.why : "");
	else
		app_status(app, "%s", sum);
}

static void
edit_ended(struct app *app, struct job *job, int status)
{
	char *draft = run.draft;

	if (draft == NULL || status != 0) {
		failed_without_outcome(app, job, status);
		return;
	}
	run.draft = NULL;
	/* Freeing the screen (if app_show did) detaches it. */
	app_open(app, SCREEN_COMPOSER, draft);
	free(draft);
}

static void
job_exited(struct app *app, void *arg, int status)
{
	struct job *job = run.job;

	(void)arg;
	run.job = NULL;
	if (run.screen != NULL)
		run.screen->m.stale = 1;
	if (run.kind == OUTBOX_SCREEN_JOB_EDIT)
		edit_ended(app, job, status);
	else
		delivery_ended(app, job, status);
	app_dirty(app);
}

static void
reset(enum outbox_screen_job kind, const char *id)
{
	free(run.draft);
	free(run.why);
	free(run.done_message);
	run.draft = run.why = run.done_message = NULL;
	run.sent = run.deferred = run.failed = run.uncertain = 0;
	run.copied = run.copy_pending = 0;
	memset(&run.progress, 0, sizeof run.progress);
	run.kind = kind;
	run.name[0] = '\0';
	snprintf(run.id, sizeof run.id, "%s", id != NULL ? id : "");
	if (id != NULL)
		name_of(id, run.name, sizeof run.name);
}

static void
set_note(enum outbox_screen_job kind, const char *id)
{
	char name[160] = "";

	if (id != NULL)
		name_of(id, name, sizeof name);
	switch (kind) {
	case OUTBOX_SCREEN_JOB_FLUSH:
		snprintf(run.note, sizeof run.note,
		    "Sending what is waiting...");
		break;
	case OUTBOX_SCREEN_JOB_SEND:
		snprintf(run.note, sizeof run.note, "Sending %s...", name);
		break;
	case OUTBOX_SCREEN_JOB_COPY:
		snprintf(run.note, sizeof run.note,
		    "Copying %s to the Sent folder...", name);
		break;
	case OUTBOX_SCREEN_JOB_EDIT:
		snprintf(run.note, sizeof run.note,
		    "Moving %s back into a draft...", name);
		break;
	}
}

int
outbox_screen_job_start(struct app *app, enum outbox_screen_job kind,
    const char *id)
{
	static const struct job_events ev = { on_event, job_exited, NULL };
	const char		      *argv[5] = { NULL };

	if (run.job != NULL) {
		app_error(app, "wait a moment: %s", run.note);
		return (-1);
	}
	reset(kind, id);
	argv[0] = kind == OUTBOX_SCREEN_JOB_EDIT ? "outbox-edit" : "flush";
	if (kind == OUTBOX_SCREEN_JOB_FLUSH)
		argv[1] = "--all";
	else if (kind == OUTBOX_SCREEN_JOB_COPY) {
		argv[1] = "--copy";
		argv[2] = id;
	} else
		argv[1] = id;
	set_note(kind, id);
	if ((run.job = app_job_start(app, argv, &ev)) == NULL) {
		app_error(app, "cannot start outpost-agent");
		return (-1);
	}
	app_status(app, "%s", run.note);
	app_dirty(app);
	return (0);
}
