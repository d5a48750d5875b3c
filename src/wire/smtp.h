/*
 * smtp.h -- mail submission through libetpan's SMTP client over our own
 * verified TLS (tls.h).  No code path sends AUTH, MAIL or DATA before TLS
 * is up and verified.  The module never prints; it reports through the
 * trace callback and struct op_err.
 *
 * Time-outs: opts.timeout_connect bounds the TCP connect and each TLS
 * handshake, opts.timeout_reply each read and write (0: the config
 * defaults).  Name resolution is not bounded (getaddrinfo).  No write
 * raises SIGPIPE (MSG_NOSIGNAL); programs should still ignore SIGPIPE.
 * EHLO names the client by its IPv4 address literal ("[192.0.2.1]");
 * over IPv6 libetpan cannot, and the host name is used instead.
 */
#ifndef OUTPOST_SMTP_H
#define OUTPOST_SMTP_H

#include <stddef.h>

#include "conf/config.h"
#include "base/err.h"
#include "wire/tls.h"

enum trace_dir {
	TRACE_SENT,
	TRACE_RECEIVED,
	TRACE_INFO, /* the client's own notes: "TLS up: TLSv1.3 ..." */
};

/* Called with protocol text; AUTH data is already "<redacted>". */
typedef void (*trace_fn)(void *, enum trace_dir, const char *, size_t);

struct smtp_opts {
	const char   *host;
	int	      port;
	enum tls_mode tls;	       /* TLS_IMPLICIT or TLS_STARTTLS only */
	const char   *pin;	       /* normalised SHA-256 or NULL */
	int	      timeout_connect; /* seconds */
	int	      timeout_reply;   /* seconds */
	trace_fn      trace;
	void	     *trace_arg;
	const char   *connect_host; /* connect here but verify host
				       (tests); NULL: host */
};

struct smtp_caps {
	size_t size;	 /* SIZE limit, 0: none advertised */
	int    starttls; /* seen before TLS (STARTTLS mode) */
	int    pipelining;
	int    eightbitmime;
	int    smtputf8;
	int    chunking;
	int    dsn; /* RFC 3461: NOTIFY, RET, ENVID */
	int    auth_plain;
	int    auth_login;
};

struct smtp_rcpt {
	char *address;
	int   code;  /* the server's reply code */
	char *reply; /* its text */
};

struct smtp_result {
	int		  code;	 /* final reply code after DATA */
	char		 *reply; /* its text ("250 2.0.0 Ok: queued") */
	struct smtp_rcpt *rcpts;
	size_t		  nrcpts;
	size_t		  accepted; /* recipients the server took */
};

struct smtp_session;

/*
 * Connect, do TLS (implicit, or STARTTLS which must be advertised and
 * must succeed), verify, and EHLO over TLS.  peer may be NULL.
 * Errors: OP_ENET (transient), OP_ETLS, OP_EPROTO, OP_ETEMP (421 greeting).
 */
int smtp_open(const struct smtp_opts *, struct tls_ctx *,
    struct smtp_session **, struct tls_peer *, struct op_err *);
/* Capabilities seen after TLS. */
const struct smtp_caps *smtp_caps(const struct smtp_session *);

/*
 * AUTH PLAIN (or LOGIN when PLAIN is not offered).
 * Errors: OP_EAUTH ("authentication failed for USER at HOST: <server
 * text>"), OP_EPROTO (no mechanism we can use), OP_ENET.
 */
int smtp_auth(struct smtp_session *, const char *, const char *,
    struct op_err *);

/*
 * MAIL FROM, RCPT TO each recipient, DATA, the message (len bytes; bare
 * LF allowed, converted to CRLF; dot-stuffed), final dot.  Recipients the
 * server refuses are recorded in res and skipped; when none is accepted
 * nothing is sent.  A message larger than the advertised SIZE fails
 * before MAIL with OP_ESIZE naming both sizes.
 * Errors: OP_ETEMP (4xx), OP_EREJECT (5xx), OP_ENET (lost before the final
 * dot: not delivered), OP_EUNCERTAIN (lost after the final dot: maybe
 * delivered), OP_ESIZE.  res is filled as far as the dialogue got, and
 * must be freed with smtp_result_free either way.  A server offering
 * CHUNKING gets BDAT instead of DATA (the same bytes, not dot-stuffed;
 * "the final dot" is then the end of BDAT LAST); with PIPELINING the
 * commands go together (smtp-send.c says how many round trips).
 */
int smtp_send(struct smtp_session *, const char *, char *const *, size_t,
    const char *, size_t, struct smtp_result *, struct op_err *);
/*
 * Options for smtp_send_ex.  eightbit and smtputf8 ask for BODY=8BITMIME
 * and SMTPUTF8 on MAIL; a server that does not offer the extension gets
 * nothing (OP_EMESSAGE, "the server does not accept 8-bit mail; ...").
 * before_payload(arg), if set, is called exactly once per message, just
 * before its first byte goes out: after DATA's 354, or before the flight
 * that carries BDAT (with PIPELINING and CHUNKING, MAIL, RCPT and BDAT
 * travel with the message in one write, so a message refused at RCPT
 * may have been sent, and discarded, after the call).  Not called when
 * nothing of the message was sent.  before_txn(arg, one_flight, err), if
 * set, is called once per message after its checks (and the RSET of a
 * transaction left open), just before its first command is written;
 * one_flight: before_payload follows with no reply awaited between the
 * two.  A return of -1 ends the transaction there, with the hook's err;
 * an error before the call means it was not made.
 */
/*
 * Delivery status notifications (RFC 3461), sent only to a server that
 * offers DSN (to one that does not, they are left out: see
 * smtp_caps()->dsn): notify is SMTP_NOTIFY_* flags for NOTIFY= on every
 * RCPT (0: none given, the server's default); ret asks for RET=FULL or
 * RET=HDRS (SMTP_RET_DEFAULT: RET=HDRS, bounces carry the headers only);
 * envid, printable ASCII, goes as ENVID= in xtext.
 */
#define SMTP_NOTIFY_NEVER   0x1
#define SMTP_NOTIFY_SUCCESS 0x2
#define SMTP_NOTIFY_FAILURE 0x4
#define SMTP_NOTIFY_DELAY   0x8
enum smtp_ret {
	SMTP_RET_DEFAULT,
	SMTP_RET_FULL,
	SMTP_RET_HDRS
};

struct smtp_send_opts {
	int	      eightbit; /* MAIL ... BODY=8BITMIME (only if offered) */
	int	      smtputf8; /* MAIL ... SMTPUTF8 (only if offered) */
	unsigned      notify;	/* SMTP_NOTIFY_* */
	enum smtp_ret ret;
	const char   *envid;		/* or NULL */
	void (*before_payload)(void *); /* called just before the first byte of
					   the message goes out */
	int (*before_txn)(void *, int, struct op_err *);
	void *arg;
	/* For tests and benchmarks only: act as if not advertised. */
	int no_chunking;   /* DATA instead of BDAT */
	int no_pipelining; /* one command, one reply */
	/*
	 * progress(arg, done, total), if set: message bytes handed to the
	 * connection so far, about every twentieth of the message, and
	 * once more with done == total when all of it is written.
	 */
	void (*progress)(void *, size_t, size_t);
	/*
	 * The session's last transaction: QUIT is written with the end of
	 * the message (RFC 2920 lets it end a group), saving the round trip
	 * smtp_close would spend; the session is closed after the replies.
	 * Only with PIPELINING; QUIT's own reply, or its absence, changes
	 * nothing of the outcome.
	 */
	int quit;
};

/*
 * smtp_send with options (NULL: none).  Besides smtp_send's errors:
 * OP_EMESSAGE (8-bit or SMTPUTF8 asked of a server without them),
 * OP_EPROTO (a malformed reply before the end of the message; after it,
 * OP_EUNCERTAIN).  OP_ENET returned before before_payload was called
 * means nothing of this message reached the server: reconnect and send
 * it again.  A server that closed the session since the last message
 * gives OP_ENET before anything is sent; if its close crosses a one-write
 * message, OP_ENET comes after before_payload ("closed the connection
 * without answering": not one reply, not even MAIL's, so not accepted).
 * A transaction left open by a refusal is reset (RSET) first.
 */
int smtp_send_ex(struct smtp_session *, const char *, char *const *, size_t,
    const char *, size_t, const struct smtp_send_opts *, struct smtp_result *,
    struct op_err *);
/*
 * smtp_send_ex with the message read from fd (its first len bytes) in
 * blocks, never whole in memory.  Also OP_EIO: the file could not be
 * read before anything was sent (one that fails later cuts the
 * connection: the server drops the incomplete message).
 */
int smtp_send_fd(struct smtp_session *, const char *, char *const *, size_t,
    int, size_t, const struct smtp_send_opts *, struct smtp_result *,
    struct op_err *);
/* RSET between messages of one session. */
int smtp_reset(struct smtp_session *, struct op_err *);
/*
 * Round trips so far: each wait for a reply after a write (the greeting,
 * EHLO, STARTTLS, AUTH, every flight of a transaction, RSET, QUIT); TCP
 * and TLS handshakes are not counted.
 */
unsigned smtp_round_trips(const struct smtp_session *);
/* QUIT (best effort) and free. */
void smtp_close(struct smtp_session *);
void smtp_result_free(struct smtp_result *);

/*
 * At exit, after the last session: free Cyrus SASL's global state, which
 * libetpan sets up for IMAP's AUTHENTICATE and never frees (SMTP's AUTH,
 * smtp-auth.c, does not use it).  Needs -lsasl2 at link time.
 */
void smtp_global_cleanup(void);

#endif
