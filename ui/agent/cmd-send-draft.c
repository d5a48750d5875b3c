/*
 * cmd-send-draft.c -- "outpost-agent send --draft ID [--queue-only]":
 * send a draft the composer saved.  The order keeps the message safe:
 * the draft goes only once its message is durably in the outbox (the
 * "queued" event says so), and delivery starts after that.  Errors that
 * the user can fix in the composer (a bad address, a message too big for
 * the server) come before anything is queued.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "conf/config.h"
#include "work/deliver.h"
#include "store/draft.h"
#include "agent/events-deliver.h"
#include "agent/events.h"
#include "text/flowed.h"
#include "mail/message.h"
#include "store/outbox.h"
#include "store/srvcaps.h"
#include "conf/paths.h"
#include "conf/policy.h"
#include "agent/runner.h"
#include "agent/send-draft.h"
#include "store/runstate.h"
#include "work/send.h"
#include "wire/net.h"
#include "base/xmalloc.h"

/*
 * The draft's fields go to the message as the user typed them (names and
 * groups kept); message_build checks them, its errors name the field.
 */
static int
build(const struct config *cfg, const struct draft *d,
    const struct message_caps *caps, struct message *msg, struct op_err *err)
{
	struct message_spec spec;
	char		   *body;
	size_t		    len;
	int		    rc;

	if (flowed_encode(d->body != NULL ? d->body : "", d->bodylen,
		FLOWED_WIDTH, &body, &len) != 0)
		return (op_err_set(err, OP_EINVAL, "cannot reflow the body"));
	memset(&spec, 0, sizeof spec);
	spec.from_name = cfg->name;
	spec.from_addr = cfg->address;
	spec.to = &d->to;
	spec.nto = 1;
	spec.cc = &d->cc;
	spec.ncc = 1;
	spec.bcc = &d->bcc;
	spec.nbcc = 1;
	spec.subject = d->subject;
	spec.in_reply_to = d->in_reply_to;
	spec.references = d->references;
	spec.body = body;
	spec.body_len = len;
	spec.attach = d->attach;
	spec.nattach = d->nattach;
	spec.mime_types = SEND_MIME_TYPES;
	spec.flowed = 1;
	rc = message_build_stream(&spec, caps, msg, err);
	if (rc == 0)
		message_keep_bcc(msg, d->bcc); /* for the Sent copy */
	free(body);
	return (rc);
}

/* Before queueing: too big for the server as it was last seen. */
static int
size_check(const char *obdir, const char *host, const struct message *msg,
    struct op_err *err)
{
	size_t max = srvcaps_size(obdir, host);

	if (max == 0 || msg->size <= max)
		return (0);
	return (op_err_set(err, OP_ESIZE,
	    "the message is %zu KB; the server takes at most %zu KB: remove or shrink an attachment",
	    (msg->size + 1023) / 1024, max / 1024));
}

/* DATA/drafts/ID.files (attachments outbox-edit put there), if any. */
static void
remove_draft_files(const char *datadir, const char *id)
{
	struct dirent *e;
	DIR	      *dir;
	char	      *path, *file;

	xasprintf(&path, "%s/drafts/%s.files", datadir, id);
	if ((dir = opendir(path)) != NULL) {
		while ((e = readdir(dir)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			xasprintf(&file, "%s/%s", path, e->d_name);
			unlink(file);
			free(file);
		}
		closedir(dir);
		rmdir(path);
	}
	free(path);
}

static void
emit_queued(const char *id, const char *draft)
{
	events_emit_queued(id, draft);
	if (!events_active())
		fprintf(stderr, "outpost send: queued as %s\n", id);
}

int
send_enqueue(struct outbox *ob, const struct config *cfg,
    const struct message *msg, const struct outbox_dsn *dsn, time_t due,
    struct outbox_item *it, struct op_err *err)
{
	struct outbox_extra x = { 0, msg->bcc, msg->nbcc, dsn, due,
		config_account_stored(cfg) };

	if (msg->eightbit)
		x.body |= OUTBOX_BODY_8BIT;
	if (msg->smtputf8)
		x.body |= OUTBOX_BODY_UTF8;
	/* The attachments go from their files into the outbox's. */
	return (outbox_enqueue_stream(ob, msg->size, message_fill, (void *)msg,
	    msg->from, msg->rcpts, msg->nrcpts, msg->subject, msg->message_id,
	    &x, it, err));
}

static int
deliver(struct outbox *ob, const struct config *cfg, const struct policy *pol,
    const char *id, struct trace *trace)
{
	struct deliver_events ev;
	struct events_deliver d;
	struct deliver_stats  st;
	struct op_err	      err = { 0 }, rerr = { 0 };
	char		      account[600];
	pid_t		      pid;
	int		      rc, failed, held;

	memset(&d, 0, sizeof d);
	d.trace = trace;
	events_deliver_init(&ev, &d);
	failed = deliver_run(ob, cfg, pol, id, 0, &ev, &st, &err) != 0;
	/*
	 * As for send: a refused login holds the runner, a deferral starts
	 * it, and a deferred message (a TLS refusal too) says 75.
	 */
	runstate_account(cfg, pol, account, sizeof account);
	held = failed && runner_hold(ob->dir, account, &err);
	if (!held && d.seen && d.state == OUTBOX_DEFERRED)
		runner_ensure(cfg, pol, &pid, &rerr);
	if (held || (failed && !d.seen)) {
		events_message("%s waits in the outbox: %s", id, err.msg);
		return (op_err_exitcode(&err));
	}
	if (!d.seen) {
		events_message(
		    "%s was not sent (another outpost is sending it)", id);
		return (EX_TEMPFAIL);
	}
	rc = events_deliver_status(&d);
	events_message("%s", d.message);
	return (rc);
}

static int
fail(int status, const char *what, const struct op_err *err)
{
	fprintf(stderr, "outpost send: %s%s\n", what, err->msg);
	events_message("%s%s", what, err->msg);
	return (status);
}

/* Build, check, queue (durably), then let the draft go. */
static int
queue_draft(const struct config *cfg, const struct policy *pol,
    const char *datadir, struct draft *d, struct outbox *ob, time_t due,
    struct outbox_item *it)
{
	struct message_caps caps;
	struct message	    msg;
	struct effective    eff;
	struct op_err	    err = { 0 };
	int		    rc = 0;

	memset(&msg, 0, sizeof msg);
	policy_effective(cfg, pol, &eff);
	send_caps_load(ob->dir, eff.smtp_host, &caps);
	if (build(cfg, d, &caps, &msg, &err) != 0)
		rc = fail(err.code == OP_EIO ? EX_NOINPUT : EX_DATAERR,
		    "not queued: ", &err);
	else if (size_check(ob->dir, eff.smtp_host, &msg, &err) != 0)
		rc = fail(EX_DATAERR, "not queued: ", &err);
	else if (send_enqueue(ob, cfg, &msg, NULL, due, it, &err) != 0)
		rc = fail(EX_CANTCREAT, "not queued, nothing sent: ", &err);
	message_free(&msg);
	if (rc != 0)
		return (rc);
	emit_queued(it->id, d->id);
	if (draft_delete(datadir, d->id, &err) != 0)
		fprintf(stderr, "outpost send: %s\n", err.msg);
	else
		remove_draft_files(datadir, d->id);
	return (0);
}

/*
 * The undo window: the item waits, due at it->next_attempt; the runner
 * sends it then even if the UI is gone (the UI flushes it itself too).
 */
static int
wait_due(const struct config *cfg, const struct policy *pol,
    const struct outbox_item *it)
{
	struct op_err err = { 0 };
	struct tm     tm;
	char	      at[32];
	pid_t	      pid;

	localtime_r(&it->next_attempt, &tm);
	strftime(at, sizeof at, "%H:%M:%S", &tm);
	if (runner_ensure(cfg, pol, &pid, &err) != 0)
		events_message(
		    "queued as %s, due at %s (%s: it goes with the next flush)",
		    it->id, at, err.msg);
	else
		events_message("queued as %s, due at %s", it->id, at);
	return (0);
}

char *
send_draft_account(const char *id)
{
	struct draft  d;
	struct op_err err = { 0 };
	char	     *datadir = NULL, *name = NULL;

	if (paths_data_dir(&datadir, &err) == 0 &&
	    draft_load(datadir, id, &d, &err) == 0) {
		if (d.account[0] != '\0')
			name = xstrdup(d.account);
		draft_free(&d);
	}
	free(datadir);
	return (name);
}

int
send_draft(const struct config *cfg, const struct policy *pol, const char *id,
    int queue_only, int delay, struct trace *trace)
{
	struct draft	   d;
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err = { 0 };
	char		  *datadir = NULL;
	int		   rc;

	memset(&d, 0, sizeof d); /* draft_load initialises it */
	memset(&it, 0, sizeof it);
	if (paths_data_dir(&datadir, &err) != 0) {
		rc = fail(EX_CANTCREAT, "", &err);
		goto out;
	}
	if (draft_load(datadir, id, &d, &err) != 0) {
		rc = fail(err.code == OP_ENOTFOUND ? EX_NOINPUT : EX_DATAERR,
		    "", &err);
		goto out;
	}
	if (outbox_open(datadir, &ob, &err) != 0) {
		rc = fail(EX_CANTCREAT, "not queued: ", &err);
		goto out;
	}
	/* As send's: the handshake overlaps the build and the queue. */
	if (!queue_only && delay <= 0)
		send_dial_ahead(cfg, pol);
	if ((rc = queue_draft(cfg, pol, datadir, &d, &ob,
		 delay > 0 ? time(NULL) + delay : 0, &it)) == 0) {
		if (queue_only)
			events_message("queued as %s", it.id);
		else if (delay > 0)
			rc = wait_due(cfg, pol, &it);
		else
			rc = deliver(&ob, cfg, pol, it.id, trace);
	}
	net_ahead_drop(); /* not taken: not sent now */
	outbox_item_free(&it);
	outbox_close(&ob);
out:
	free(datadir);
	draft_free(&d);
	return (rc);
}
