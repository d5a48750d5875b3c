/*
 * send.h -- one submission, following the site policy: open a verified
 * session (the configured port first, then the policy's other ports when
 * the connection itself fails), log in, deliver.  Reports through
 * callbacks; never prints, never prompts.
 */
#ifndef OUTPOST_SEND_H
#define OUTPOST_SEND_H

#include "conf/config.h"
#include "base/err.h"
#include "mail/message.h"
#include "conf/policy.h"
#include "wire/smtp.h"
#include "wire/tls.h"

struct send_events {
	/* A plain-words progress note ("port 465 blocked; trying 587"). */
	void (*note)(void *, const char *);
	trace_fn trace;
	void	*arg;
};

/*
 * Asking the user, implemented by the caller (ui/): the core never
 * prints or prompts.  Any member may be NULL (no terminal).
 */
struct send_prompt {
	/* Read a password with the given prompt; -1 and err when it cannot. */
	int (*ask)(void *, const char *, char **, struct op_err *);
	/* A yes/no question: 1 for yes. */
	int (*confirm)(void *, const char *);
	/* Something the user should see ("stored in the keyring"). */
	void (*say)(void *, const char *);
	void *arg;
	/*
	 * The server's verdict on a password that ask gave: 1 accepted,
	 * 0 refused (so a caller that keeps a typed password for its
	 * session keeps only one that works).
	 */
	void (*result)(void *, int);
};

enum send_source {
	SEND_SRC_NONE,
	SEND_SRC_COMMAND,
	SEND_SRC_KEYRING,
	SEND_SRC_PROMPT,
};

/* A password and where it came from. */
struct send_cred {
	char		*pw; /* secret_alloc'd; send_cred_free wipes it */
	enum send_source source;
	int		 can_store; /* a keyring is usable for a typed one */
	int		 replace;   /* typed after the stored one failed */
};

/*
 * The password from the sources in order: password.command if set; else
 * the keyring (for the effective host, port and user); else the prompt.
 * Errors: OP_ESECRET naming each source tried, why it gave nothing, and
 * how to set one up.
 */
int send_password(const struct config *, const struct policy *,
    const struct send_prompt *, struct send_cred *, struct op_err *);

/* After a successful AUTH: offer to keep a typed password. */
void send_auth_ok(const struct config *, const struct policy *,
    const struct send_prompt *, struct send_cred *);

/*
 * After a failed AUTH: a rejected stored password is reworded ("the
 * stored password was rejected ...") and never tried again; when the
 * prompt can ask, a new one is read.  Returns 1 when there is a new
 * password to try, else 0 (err says why).
 */
int send_auth_failed(const struct config *, const struct policy *,
    const struct send_prompt *, struct send_cred *, struct op_err *);

/*
 * What to do about a password the server refused, in plain words: "the
 * user name is your uniqname (ada), not your e-mail address; check the
 * password" (the name as the policy's login rule makes it).
 */
void send_auth_advice(const struct config *, const struct policy *, char *,
    size_t);

/* Tell the prompt the verdict on a typed password (see result). */
void send_auth_result(const struct send_prompt *, const struct send_cred *,
    int);

void	    send_cred_free(struct send_cred *);
const char *send_source_words(enum send_source);

/* The keyring entry for the account's submission server. */
struct keyring_key;
void send_keyring_key(const struct config *, const struct policy *,
    struct keyring_key *);

/*
 * Connect to the policy's server: the effective port, then each other
 * allowed port, moving on only when the connection could not be made
 * (OP_ENET); a TLS or protocol failure is final.  *port gets the port
 * used.  Errors: those of smtp_open().
 */
int send_connect(const struct config *, const struct policy *,
    struct tls_ctx *, const struct send_events *, struct smtp_session **,
    int *, struct tls_peer *, struct op_err *);

/*
 * Start connecting to the port send_connect() tries first, without
 * waiting (net_dial_ahead): called just before a message is queued, so
 * that the TCP handshake overlaps the queue's fsyncs, the password lookup
 * and the TLS set-up.  send_connect() within SEND_AHEAD_MS takes it over.
 */
#define SEND_AHEAD_MS 30000
void send_dial_ahead(const struct config *, const struct policy *);

/* AUTH as the configured user.  Errors: those of smtp_auth(). */
int send_login(struct smtp_session *, const struct config *, const char *,
    struct op_err *);

/*
 * What the server offered last time (kept in DIR/server-caps; its SIZE
 * is read by store/srvcaps.h), so that a message stored before any
 * connection can still go as 8-bit when the server takes it.  load leaves caps
 * zeroed (7-bit, RFC 2047) when nothing is known for host; save is best
 * effort.
 */
void send_caps_load(const char *, const char *, struct message_caps *);
void send_caps_save(const char *, const char *, const struct smtp_caps *);

#endif
