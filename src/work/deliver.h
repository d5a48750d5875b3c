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
	/*
	 * deliver_accounts: 1 when the account is held (its login was
	 * refused: the runner leaves it until the user acts), so it is
	 * skipped and the others go on (may be NULL).
	 */
	int (*held)(void *, const struct config *, const struct policy *);
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
 * deliver_run for each account of cfg (config_account_at; cfg is the
 * config with all of them), each under its own policy over its own
 * session, so an item goes through its own account's server.  An account
 * whose policy cannot be had or whose settings break it sends nothing
 * (said through ev's note; its items wait).  st is the sum; after (may be
 * NULL) is called with each account that tried, its policy, and its
 * deliver_run's result and error.  -1 when an account could not send
 * (err: the first one's reason, its account named).
 */
typedef void deliver_after_fn(void *, const struct config *,
    const struct policy *, int, const struct op_err *);
int deliver_accounts(struct outbox *, const struct config *, const char *, int,
    const struct deliver_events *, struct deliver_stats *, deliver_after_fn *,
    void *, struct op_err *);

/*
 * flush ID: dial the server of the item's own account now (send_dial_ahead)
 * when its policy holds, so that the handshake overlaps the outbox's
 * listing, the password lookup and OpenSSL's start; deliver_run's
 * connect takes it over.  Nothing when the account is gone.
 */
void deliver_dial_ahead(const struct config *, const struct outbox_item *);

/*
 * An item's bytes for this server (deliver-7bit.c): sets opts->eightbit
 * and ->smtputf8 to what the bytes sent need; when the item needs
 * 8BITMIME or SMTPUTF8 and caps lack it, message_7bit makes a 7-bit
 * copy in *out (allocated, *outlen bytes) and the MESSAGE_7BIT_* done
 * are returned; 0: send the stored bytes (len of them, from fd).
 * Errors (-1): OP_EMESSAGE (what cannot be converted, or an envelope
 * address that is not ASCII without SMTPUTF8: named, with host),
 * OP_EIO.
 */
int deliver_7bit(const struct outbox_item *, int, size_t,
    const struct smtp_caps *, const char *, struct smtp_send_opts *, char **,
    size_t *, struct op_err *);

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
