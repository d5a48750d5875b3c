/*
 * events-deliver.c -- delivery reported as protocol events: "outcome"
 * per item, "copy" per Sent copy, "progress" for large payloads, "note"
 * for the plain-words progress.  The trace file, when given, still gets
 * the protocol text.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "agent/events-deliver.h"
#include "agent/events.h"
#include "agent/trace.h"

static void
on_note(void *arg, const char *text)
{
	struct events_deliver *d = arg;

	trace_write(d->trace, TRACE_INFO, text, strlen(text));
	events_note(text);
}

static void
on_trace(void *arg, enum trace_dir dir, const char *data, size_t len)
{
	trace_write(((struct events_deliver *)arg)->trace, dir, data, len);
}

static json_t *
refused_list(const struct outbox_item *it)
{
	json_t *a = json_array(), *o;
	size_t	i;

	for (i = 0; i < it->nfailed_rcpts; i++) {
		o = json_object();
		events_set_str(o, PROTO_F_ADDRESS,
		    it->failed_rcpts[i].address);
		events_set_str(o, PROTO_F_REPLY, it->failed_rcpts[i].reply);
		json_array_append_new(a, o);
	}
	return (a);
}

static void
on_outcome(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	struct events_deliver *d = arg;
	json_t		      *o = events_new(PROTO_EV_OUTCOME);
	const char	      *reply;

	d->seen = 1;
	d->state = it->state;
	d->code = e != NULL ? e->code : OP_OK;
	if (e != NULL)
		reply = e->reply[0] != '\0' ? e->reply : it->last_reply;
	else
		reply = it->final_reply;
	if (snprintf(d->message, sizeof d->message, "%s %s%s%.400s", it->id,
		outbox_state_name(it->state), e != NULL ? ": " : "",
		e != NULL ? e->msg : "") < 0)
		d->message[0] = '\0';
	events_set_str(o, PROTO_F_ID, it->id);
	events_set_str(o, PROTO_F_STATE, outbox_state_name(it->state));
	events_set_str(o, PROTO_F_ERROR, e != NULL ? e->msg : NULL);
	events_set_str(o, PROTO_F_REPLY, reply);
	json_object_set_new(o, PROTO_F_ATTEMPTS, json_integer(it->attempts));
	json_object_set_new(o, PROTO_F_NEXT_ATTEMPT,
	    json_integer(it->state == OUTBOX_DEFERRED ?
		    (json_int_t)it->next_attempt :
		    0));
	json_object_set_new(o, PROTO_F_REFUSED, refused_list(it));
	events_emit(o);
}

static void
on_copy(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	json_t *o = events_new(PROTO_EV_COPY);

	(void)arg;
	events_set_str(o, PROTO_F_ID, it->id);
	events_set_str(o, PROTO_F_STATE,
	    e == NULL ? PROTO_COPY_COPIED : PROTO_COPY_PENDING);
	events_set_str(o, PROTO_F_ERROR, e != NULL ? e->msg : NULL);
	events_set_str(o, PROTO_F_FOLDER, it->copy_folder);
	events_emit(o);
}

static void
on_progress(void *arg, const struct outbox_item *it, size_t done, size_t total)
{
	json_t *o = events_new(PROTO_EV_PROGRESS);

	(void)arg;
	events_set_str(o, PROTO_F_ID, it->id);
	json_object_set_new(o, PROTO_F_DONE, json_integer((json_int_t)done));
	json_object_set_new(o, PROTO_F_TOTAL, json_integer((json_int_t)total));
	events_emit(o);
}

static void
on_source(void *arg, enum send_source src)
{
	(void)arg;
	events_source(src);
}

void
events_deliver_init(struct deliver_events *ev, struct events_deliver *d)
{
	memset(ev, 0, sizeof *ev);
	ev->note = on_note;
	ev->outcome = on_outcome;
	ev->trace = on_trace;
	ev->arg = d;
	ev->prompt = &events_prompt;
	ev->copy_outcome = on_copy;
	ev->progress = on_progress;
	ev->source = on_source;
}

int
events_deliver_outcome_status(enum outbox_state state, enum op_code code)
{
	switch (state) {
	case OUTBOX_SENT:
		return (EX_OK);
	case OUTBOX_FAILED:
		return (code == OP_EMESSAGE ? EX_DATAERR : EX_UNAVAILABLE);
	default:
		return (EX_TEMPFAIL);
	}
}

int
events_deliver_status(const struct events_deliver *d)
{
	if (!d->seen)
		return (EX_TEMPFAIL);
	return (events_deliver_outcome_status(d->state, d->code));
}
