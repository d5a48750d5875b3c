/*
 * send.h -- one submission, following the site policy: open a verified
 * session (the configured port first, then the policy's other ports when
 * the connection itself fails), log in, deliver.  Reports through
 * callbacks; never prints, never prompts.
 */
#ifndef OUTPOST_SEND_H
#define OUTPOST_SEND_H

#include "config.h"
#include "err.h"
#include "message.h"
#include "policy.h"
#include "smtp.h"
#include "tls.h"

struct send_events {
	/* A plain-words progress note ("port 465 blocked; trying 587"). */
	void (*note)(void *, const char *);
	trace_fn trace;
	void	*arg;
};

/*
 * The password from the configured sources (password.command for now).
 * Errors: OP_ESECRET naming the sources tried and how to set one up.
 */
int send_password(const struct config *, char **, struct op_err *);

/*
 * Connect to the policy's server: the effective port, then each other
 * allowed port, moving on only when the connection could not be made
 * (OP_ENET); a TLS or protocol failure is final.  *port gets the port
 * used.  Errors: those of smtp_open().
 */
int send_connect(const struct config *, const struct policy *,
    struct tls_ctx *, const struct send_events *, struct smtp_session **,
    int *, struct tls_peer *, struct op_err *);

/* AUTH as the configured user.  Errors: those of smtp_auth(). */
int send_login(struct smtp_session *, const struct config *, const char *,
    struct op_err *);

/*
 * What the server offered last time (kept in DIR/server-caps), so that a
 * message stored before any connection can still go as 8-bit when the
 * server takes it.  load leaves caps zeroed (7-bit, RFC 2047) when
 * nothing is known for host; save is best effort.
 */
void send_caps_load(const char *, const char *, struct message_caps *);
void send_caps_save(const char *, const char *, const struct smtp_caps *);

#endif
