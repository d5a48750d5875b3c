/*
 * events-deliver.h -- struct deliver_events for --events: every item's
 * outcome, Sent copy and payload progress as protocol events (outcome,
 * copy, progress, note), the password asked over the pipe.
 */
#ifndef OUTPOST_EVENTS_DELIVER_H
#define OUTPOST_EVENTS_DELIVER_H

#include <stdio.h>

#include "work/deliver.h"

struct events_deliver {
	struct trace	 *trace;	/* --trace FILE, or NULL */
	int		  seen;		/* an outcome was reported */
	enum outbox_state state;	/* the last outcome's */
	enum op_code	  code;		/* its error's, OP_OK when sent */
	char		  message[512]; /* its words, for "done" */
};

void events_deliver_init(struct deliver_events *, struct events_deliver *);

/*
 * The exit status for one item's outcome, with or without --events: sent
 * is EX_OK, failed EX_DATAERR (a bad message) or EX_UNAVAILABLE, anything
 * else EX_TEMPFAIL.
 */
int events_deliver_outcome_status(enum outbox_state, enum op_code);

/* The same for the outcome --events saw (EX_TEMPFAIL if none). */
int events_deliver_status(const struct events_deliver *);

#endif
