/*
 * tls.h -- TLS through OpenSSL underneath libetpan: one verifying
 * SSL_CTX per process, and a mailstream_low driver over an SSL object.
 * A connection is handed to libetpan only after the chain, the host
 * name and (if set) the SHA-256 pin have been verified.
 */
#ifndef OUTPOST_TLS_H
#define OUTPOST_TLS_H

#include <stddef.h>

#include "base/err.h"

struct tls_ctx;
struct _mailstream_low;
struct _mailstream;

/* What the user may want to know about the server's certificate. */
struct tls_peer {
	char fingerprint[96]; /* SHA-256, "AB:CD:..." */
	char subject[256];    /* CN */
	char names[512];      /* "DNS:a.example, IP:192.0.2.1" */
	char issuer[256];
	char not_before[64];
	char not_after[64];
	char protocol[32]; /* "TLSv1.3" */
	char cipher[64];
	int  not_tls; /* plain bytes where the TLS handshake was due */
};

/*
 * The process's verifying context: TLS 1.2 minimum, the system store, or
 * ca_file instead when it is not NULL.  Errors: OP_ETLS, OP_EIO.
 */
int  tls_ctx_new(const char *, struct tls_ctx **, struct op_err *);
void tls_ctx_free(struct tls_ctx *);

/*
 * Handshake over the connected socket fd for host (SNI and the name or
 * IP checked against the subjectAltNames only, never the subject's CN),
 * within timeout seconds; pin is a normalised SHA-256 hex
 * fingerprint or NULL.  With a pin, the pin alone decides: a matching
 * certificate is accepted even if its chain or name would not verify, a
 * different one is refused even if they would.  On success *low is a libetpan
 * low-level stream that owns fd; on failure fd is left open for the caller.
 * peer is filled whenever a certificate was seen, also on failure. Errors:
 * OP_ETLS with the reason in plain words and the fingerprint
 * ("certificate is for DNS:wrong.test, not for the host name mail.test
 * (SHA-256 AB:...)"),
 * OP_ENET for a time-out or a dropped connection.
 */
int tls_connect(struct tls_ctx *, int, const char *, const char *, int,
    struct _mailstream_low **, struct tls_peer *, struct op_err *);

/*
 * A stream over the plain socket fd, for the greeting and EHLO before
 * STARTTLS only: the same time-outs, no SIGPIPE.  It owns fd (closes it
 * on mailstream_low_close); mailstream_low_free alone leaves fd open, so
 * the socket can be handed to tls_connect after STARTTLS.
 */
int tls_plain_low(int, int, struct _mailstream_low **, struct op_err *);

/* How a protocol session reaches its server (tls_stream). */
struct tls_dial {
	const char *host;	     /* the name the certificate must carry */
	const char *pin;	     /* SHA-256 pin or NULL */
	int	    tls_first;	     /* 1: implicit TLS; 0: plain, STARTTLS */
	int	    timeout_connect; /* seconds, for the handshake */
	int	    timeout_reply;   /* seconds, for each write and reply */
};

#define TLS_STREAM_BUFSIZE 8192

/*
 * The buffered stream an SMTP or IMAP session talks over, on the
 * connected socket fd: verified TLS first (tls_connect) or, for STARTTLS,
 * plain (tls_plain_low); reads and writes then time out after
 * timeout_reply seconds.  On failure fd is closed.  Errors: those of
 * tls_connect, OP_ENOMEM.
 */
int tls_stream(struct tls_ctx *, int, const struct tls_dial *,
    struct _mailstream **, struct tls_peer *, struct op_err *);

/*
 * Why the last read or write on a stream made here failed ("no reply
 * within 60 seconds", "connection closed by the server"), or NULL.
 * timed_out (may be NULL) is set to 1 for a time-out.
 */
const char *tls_low_why(struct _mailstream_low *, int *);

/*
 * The bounds on what the server may send (wirelimit.h): SMTP's, which a
 * stream has from the start, or IMAP's (imap non-zero).
 */
void tls_low_bounds(struct _mailstream_low *, int);
/* Start the reply clock and counts again, as a command written does. */
void tls_low_restart(struct _mailstream_low *);
/* Why a stream failed: the words, and what kind of failure it was. */
struct tls_low_why {
	int  closed; /* the server closed the connection */
	int  silent; /* nothing at all came within the time-out */
	char text[128];
};
/*
 * Also copy each failure into *keep, which must outlive the stream:
 * libetpan frees a stream whose greeting failed before the caller can
 * ask it why.
 */
void tls_low_keep_why(struct _mailstream_low *, struct tls_low_why *);

/*
 * The error for plain bytes after a server agreed to STARTTLS and before
 * the handshake (seen in the stream's buffer, or as tls_peer.not_tls): a
 * server does not do that, an attacker injecting into the plain part of
 * the session does (CVE-2011-0411).  OP_ETLS; returns -1.
 */
int tls_starttls_tampered(const char *, struct op_err *);

#endif
