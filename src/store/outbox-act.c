/*
 * outbox-act.c -- what happens to an outbox item: the transitions of an
 * attempt (begin, data, defer, fail, uncertain, sent), each durable
 * before it returns and each refused from a state it cannot follow, the
 * user's actions (retry, resend, mark-sent, delete) and recording
 * refused recipients.  The diagram is in HACKING.md ("The
 * outbox").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/outbox-int.h"
#include "base/xmalloc.h"

#define MARKED_SENT "marked sent by the user"

#define S(st) (1u << (st))

/* OP_EINVAL unless the item's state is one of mask. */
static int
need(const struct outbox_item *it, unsigned mask, const char *what,
    struct op_err *err)
{
	if (S(it->state) & mask)
		return (0);
	return (op_err_set(err, OP_EINVAL, "%s (%s is %s)", what, it->id,
	    outbox_state_name(it->state)));
}

/*
 * Save the item in a new state and phase; with text, last_error and
 * last_reply are replaced (NULL clears).  On failure the item is left
 * as it was, on disk and here.
 */
static int
transition(struct outbox *ob, struct outbox_item *it, enum outbox_state st,
    enum outbox_phase ph, int text, const char *error, const char *reply,
    struct op_err *err)
{
	struct outbox_item next = *it;

	next.state = st;
	next.phase = ph;
	if (text) {
		next.last_error = error ? outbox_one_line(error) : NULL;
		next.last_reply = reply ? outbox_one_line(reply) : NULL;
	}
	if (outbox_save(ob, &next, err) == -1) {
		if (text) {
			free(next.last_error);
			free(next.last_reply);
		}
		return (-1);
	}
	if (text) {
		free(it->last_error);
		free(it->last_reply);
	}
	*it = next;
	return (0);
}

/* An attempt starts, in phase ph. */
static int
begin(struct outbox *ob, struct outbox_item *it, enum outbox_phase ph,
    struct op_err *err)
{
	unsigned attempts = it->attempts;
	time_t	 last = it->last_attempt;

	if (need(it, S(OUTBOX_QUEUED) | S(OUTBOX_DEFERRED),
		"only a queued or deferred item can be sent without the user's word",
		err) == -1)
		return (-1);
	it->attempts++;
	it->last_attempt = time(NULL);
	if (transition(ob, it, OUTBOX_SENDING, ph, 0, NULL, NULL, err) == 0)
		return (0);
	it->attempts = attempts;
	it->last_attempt = last;
	return (-1);
}

int
outbox_begin(struct outbox *ob, struct outbox_item *it, struct op_err *err)
{
	return (begin(ob, it, OUTBOX_PHASE_NONE, err));
}

/*
 * For begin then data with no reply awaited between them (the envelope
 * goes out with the message): a crash between the two records is then no
 * different from one just before begin (the item goes again) or just
 * after data (it may have been sent: uncertain), so one record serves, at
 * half the fsyncs.
 */
int
outbox_begin_data(struct outbox *ob, struct outbox_item *it,
    struct op_err *err)
{
	return (begin(ob, it, OUTBOX_PHASE_DATA, err));
}

int
outbox_mark_data(struct outbox *ob, struct outbox_item *it, struct op_err *err)
{
	if (need(it, S(OUTBOX_SENDING),
		"only an item being sent can reach the data phase", err) == -1)
		return (-1);
	return (transition(ob, it, OUTBOX_SENDING, OUTBOX_PHASE_DATA, 0, NULL,
	    NULL, err));
}

int
outbox_defer(struct outbox *ob, struct outbox_item *it, const char *error,
    const char *reply, struct op_err *err)
{
	time_t next = it->next_attempt;

	if (need(it, S(OUTBOX_QUEUED) | S(OUTBOX_DEFERRED) | S(OUTBOX_SENDING),
		"only an item waiting or being sent can be deferred",
		err) == -1)
		return (-1);
	it->next_attempt = outbox_retry_at(it->attempts, time(NULL));
	if (transition(ob, it, OUTBOX_DEFERRED, OUTBOX_PHASE_NONE, 1, error,
		reply, err) == 0)
		return (0);
	it->next_attempt = next;
	return (-1);
}

int
outbox_fail(struct outbox *ob, struct outbox_item *it, const char *error,
    const char *reply, struct op_err *err)
{
	if (need(it, S(OUTBOX_QUEUED) | S(OUTBOX_DEFERRED) | S(OUTBOX_SENDING),
		"only an item waiting or being sent can fail", err) == -1)
		return (-1);
	return (transition(ob, it, OUTBOX_FAILED, OUTBOX_PHASE_NONE, 1, error,
	    reply, err));
}

int
outbox_uncertain(struct outbox *ob, struct outbox_item *it, const char *error,
    const char *reply, struct op_err *err)
{
	if (need(it, S(OUTBOX_SENDING),
		"only an item being sent can become uncertain", err) == -1)
		return (-1);
	return (transition(ob, it, OUTBOX_UNCERTAIN, it->phase, 1, error,
	    reply, err));
}

int
outbox_sent(struct outbox *ob, struct outbox_item *it, const char *reply,
    struct op_err *err)
{
	struct outbox_item next = *it;

	if (need(it, S(OUTBOX_SENDING) | S(OUTBOX_UNCERTAIN),
		"only an item being sent or uncertain can be filed as sent",
		err) == -1)
		return (-1);
	next.state = OUTBOX_SENT;
	next.sent_at = time(NULL);
	next.final_reply = reply != NULL ? outbox_one_line(reply) : NULL;
	if (outbox_save(ob, &next, err) == -1) {
		free(next.final_reply);
		return (-1);
	}
	free(it->final_reply);
	*it = next;
	if (outbox_finish_sent(ob, it->id, err) == -1) {
		op_err_prefix(err,
		    "%s was sent but is not yet filed in sent/ (the next listing finishes it)",
		    it->id);
		return (-1);
	}
	return (0);
}

static int
user_done(struct outbox_item *it, int fd, int r)
{
	outbox_item_free(it);
	outbox_unlock(fd);
	return (r);
}

/* Back to queued, due now, if the item's state is one of allowed. */
static int
requeue(struct outbox *ob, const char *id, unsigned allowed,
    const char *refusal, struct op_err *err)
{
	struct outbox_item it;
	int		   fd, r;

	if (outbox_user_lock(ob, id, &it, &fd, err) == -1)
		return (-1);
	r = need(&it, allowed, refusal, err);
	if (r == 0) {
		it.next_attempt = 0;
		r = transition(ob, &it, OUTBOX_QUEUED, OUTBOX_PHASE_NONE, 0,
		    NULL, NULL, err);
	}
	return (user_done(&it, fd, r));
}

int
outbox_retry(struct outbox *ob, const char *id, struct op_err *err)
{
	/* A queued item is already due: retrying it changes nothing. */
	return (requeue(ob, id,
	    S(OUTBOX_QUEUED) | S(OUTBOX_DEFERRED) | S(OUTBOX_FAILED),
	    "only a waiting, deferred or failed item can be retried", err));
}

int
outbox_resend(struct outbox *ob, const char *id, struct op_err *err)
{
	return (requeue(ob, id, S(OUTBOX_UNCERTAIN),
	    "only an uncertain item can be resent", err));
}

int
outbox_mark_sent(struct outbox *ob, const char *id, struct op_err *err)
{
	struct outbox_item it;
	int		   fd, r;

	if (outbox_user_lock(ob, id, &it, &fd, err) == -1)
		return (-1);
	r = need(&it, S(OUTBOX_UNCERTAIN),
	    "only an uncertain item can be marked sent", err);
	if (r == 0)
		r = outbox_sent(ob, &it, MARKED_SENT, err);
	return (user_done(&it, fd, r));
}

int
outbox_delete(struct outbox *ob, const char *id, struct op_err *err)
{
	struct outbox_item it;
	int		   fd, r;

	if (outbox_user_lock(ob, id, &it, &fd, err) == -1)
		return (-1);
	r = outbox_remove_item(ob, fd == -1 ? ob->sentfd : ob->queuefd, it.id,
	    err);
	return (user_done(&it, fd, r));
}

int
outbox_delete_locked(struct outbox *ob, const struct outbox_item *it,
    struct op_err *err)
{
	if (!outbox_id_valid(it->id))
		return (op_err_set(err, OP_EINVAL, "bad outbox id"));
	return (outbox_remove_item(ob, ob->queuefd, it->id, err));
}

int
outbox_damage_locked(struct outbox *ob, const struct outbox_item *it,
    const char *why, struct op_err *err)
{
	if (!outbox_id_valid(it->id))
		return (outbox_bad_id(it->id, err));
	return (outbox_damage_move(ob, ob->queuefd, it->id, why, NULL, err));
}

void
outbox_add_failed_rcpt(struct outbox_item *it, const char *address,
    const char *reply)
{
	it->failed_rcpts = xreallocarray(it->failed_rcpts,
	    it->nfailed_rcpts + 1, sizeof *it->failed_rcpts);
	it->failed_rcpts[it->nfailed_rcpts].address = outbox_one_line(address);
	it->failed_rcpts[it->nfailed_rcpts++].reply = outbox_one_line(
	    reply != NULL ? reply : "");
}
