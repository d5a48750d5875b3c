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

#include "config.h"
#include "err.h"
#include "tls.h"

enum trace_dir {
	TRACE_SENT,
	TRACE_RECEIVED,
	TRACE_INFO,	/* the client's own notes: "TLS up: TLSv1.3 ..." */
};

/* Called with protocol text; AUTH data is already "<redacted>". */
typedef void (*trace_fn)(void *, enum trace_dir, const char *, size_t);

struct smtp_opts {
	const char	*host;
	int		 port;
	enum tls_mode	 tls;		/* TLS_IMPLICIT or TLS_STARTTLS only */
	const char	*pin;		/* normalised SHA-256 or NULL */
	int		 timeout_connect;	/* seconds */
	int		 timeout_reply;		/* seconds */
	trace_fn	 trace;
	void		*trace_arg;
	const char	*connect_host;	/* connect here but verify host
					   (tests); NULL: host */
};

struct smtp_caps {
	size_t		 size;		/* SIZE limit, 0: none advertised */
	int		 starttls;	/* seen before TLS (STARTTLS mode) */
	int		 pipelining;
	int		 eightbitmime;
	int		 smtputf8;
	int		 chunking;
	int		 auth_plain;
	int		 auth_login;
};

struct smtp_rcpt {
	char		*address;
	int		 code;		/* the server's reply code */
	char		*reply;		/* its text */
};

struct smtp_result {
	int		 code;		/* final reply code after DATA */
	char		*reply;		/* its text ("250 2.0.0 Ok: queued") */
	struct smtp_rcpt *rcpts;
	size_t		 nrcpts;
	size_t		 accepted;	/* recipients the server took */
};

struct smtp_session;

/*
 * Connect, do TLS (implicit, or STARTTLS which must be advertised and
 * must succeed), verify, and EHLO over TLS.  peer may be NULL.
 * Errors: OP_ENET (transient), OP_ETLS, OP_EPROTO, OP_ETEMP (421 greeting).
 */
int	smtp_open(const struct smtp_opts *, struct tls_ctx *,
	    struct smtp_session **, struct tls_peer *, struct op_err *);
/* Capabilities seen after TLS. */
const struct smtp_caps *smtp_caps(const struct smtp_session *);

/*
 * AUTH PLAIN (or LOGIN when PLAIN is not offered).
 * Errors: OP_EAUTH ("authentication failed for USER at HOST: <server
 * text>"), OP_EPROTO (no mechanism we can use), OP_ENET.
 */
int	smtp_auth(struct smtp_session *, const char *, const char *,
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
 * must be freed with smtp_result_free either way.
 */
int	smtp_send(struct smtp_session *, const char *, char *const *, size_t,
	    const char *, size_t, struct smtp_result *, struct op_err *);
/* RSET between messages of one session. */
int	smtp_reset(struct smtp_session *, struct op_err *);
/* QUIT (best effort) and free. */
void	smtp_close(struct smtp_session *);
void	smtp_result_free(struct smtp_result *);

/*
 * At exit, after the last session: free Cyrus SASL's global state
 * (libetpan never does).  Needs -lsasl2 at link time.
 */
void	smtp_global_cleanup(void);

#endif
