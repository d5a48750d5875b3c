/*
 * deliver.h -- deliver outbox items over one SMTP session: the due
 * items (or one chosen item), each locked, marked, sent and moved to its
 * next state, with RSET after a failed transaction and one reconnect
 * when the server closes the session.  Reports through callbacks.
 */
#ifndef OUTPOST_DELIVER_H
#define OUTPOST_DELIVER_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "outbox.h"
#include "policy.h"
#include "send.h"
#include "smtp.h"

struct deliver_events {
	void (*note)(void *, const char *);
	/* One item's outcome: err is NULL when it was sent. */
	void (*outcome)(void *, const struct outbox_item *,
	    const struct op_err *);
	trace_fn trace;
	void	*arg;
	/* Asking for a password; NULL: no terminal. */
	const struct send_prompt *prompt;
};

struct deliver_stats {
	size_t	 sent;
	size_t	 deferred;
	size_t	 failed;
	size_t	 uncertain;
	size_t	 busy;	      /* locked by another process */
	size_t	 damaged;     /* moved aside while listing */
	unsigned round_trips; /* on the wire, all sessions */
};

/*
 * Deliver: only the item whose id is given, or (id NULL) every due item
 * (queued, or deferred and due; with all set, deferred ones regardless
 * of their back-off).  Failed and uncertain items are never sent here.
 * Returns 0 when the items got their outcomes, -1 when no session could
 * be had (password, TLS, connection, AUTH: err says why) -- then the
 * selected items are deferred with that reason.
 */
int deliver_run(struct outbox *, const struct config *, const struct policy *,
    const char *, int, const struct deliver_events *, struct deliver_stats *,
    struct op_err *);

#endif
