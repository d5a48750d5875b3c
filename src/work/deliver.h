/*
 * deliver.h -- deliver outbox items over one SMTP session: the due
 * items (or one chosen item), each locked, marked, sent and moved to its
 * next state, with RSET after a failed transaction and one reconnect
 * when the server closes the session.  Reports through callbacks.
 */
#ifndef OUTPOST_DELIVER_H
#define OUTPOST_DELIVER_H

#include <stddef.h>

#include "conf/config.h"
#include "base/err.h"
#include "store/outbox.h"
#include "conf/policy.h"
#include "work/send.h"
#include "wire/smtp.h"

struct deliver_events {
	void (*note)(void *, const char *);
	/* One item's outcome: err is NULL when it was sent. */
	void (*outcome)(void *, const struct outbox_item *,
	    const struct op_err *);
	trace_fn trace;
	void	*arg;
	/* Asking for a password; NULL: no terminal. */
	const struct send_prompt *prompt;
	/* One sent copy's outcome: err is NULL when it is in the folder. */
	void (*copy_outcome)(void *, const struct outbox_item *,
	    const struct op_err *);
	/*
	 * Payload bytes written (done of total) for a message over
	 * DELIVER_PROGRESS_MIN bytes, at most about 20 times per message,
	 * the last with done == total.  May be NULL.
	 */
	void (*progress)(void *, const struct outbox_item *, size_t, size_t);
	/* Where the session's password came from, each time one is
	 * obtained (may be NULL). */
	void (*source)(void *, enum send_source);
};

#define DELIVER_PROGRESS_MIN (256 * 1024)

struct deliver_stats {
	size_t	 sent;
	size_t	 deferred;
	size_t	 failed;
	size_t	 uncertain;
	size_t	 busy;	       /* locked by another process */
	size_t	 damaged;      /* moved aside while listing */
	unsigned round_trips;  /* on the wire, all sessions */
	size_t	 copied;       /* sent copies now in the IMAP folder */
	size_t	 copy_pending; /* sent copies left for a later flush */
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

/*
 * Sent copies (deliver-copy.c): over one IMAP session, make the copy
 * of every sent item whose copy is pending and due (id NULL; with all,
 * due or not), or of the one item id, due or not.  A copy that fails stays
 * pending with a back-off; nothing is ever sent by SMTP again.  ctx and cred
 * (may be NULL) are the flush's, reused and left to the caller.  Returns -1
 * only when an id was given and has no copy to make.
 */
struct tls_ctx;
int deliver_copies(struct outbox *, const struct config *,
    const struct policy *, const char *, int, const struct deliver_events *,
    struct deliver_stats *, struct tls_ctx **, struct send_cred *,
    struct op_err *);

#endif
