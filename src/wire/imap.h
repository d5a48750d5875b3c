/*
 * imap.h -- the IMAP side of a sent copy: libetpan's IMAP client over
 * our own verified TLS (tls.h), implicit or STARTTLS.  No credential is
 * sent before the certificate is verified; LOGIN and AUTHENTICATE are
 * never traced.  Folder names are UTF-8 here and modified UTF-7 (RFC
 * 3501 5.1.3, mutf7.h) on the wire, both ways.  The module never
 * prints; it reports through the trace callback (smtp.h's trace_fn) and
 * struct op_err.
 */
#ifndef OUTPOST_IMAP_H
#define OUTPOST_IMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "wire/smtp.h"
#include "wire/tls.h"

struct imap_opts {
	const char *host;
	int	    port;
	const char *pin;      /* normalised SHA-256 or NULL */
	int	    starttls; /* 1: plain, then STARTTLS; 0: TLS first */
	int	    timeout_connect; /* seconds; 0: the config default */
	int	    timeout_reply;   /* seconds; 0: the config default */
	trace_fn    trace;
	void	   *trace_arg;
};

struct imap_session;

/*
 * Connect, TLS handshake and verification, greeting, capabilities.  With
 * starttls: STARTTLS must be offered and answered with nothing after
 * its OK, the certificate is verified as for implicit TLS, and the
 * capabilities are read again over TLS.  A PREAUTH greeting is taken
 * over implicit TLS (imap_needs_login then says 0) and refused before
 * STARTTLS.  peer may be NULL.  Errors: OP_ENET (transient), OP_ETLS
 * (refused certificate, no STARTTLS, PREAUTH in the clear: no credential
 * was sent), OP_EPROTO.
 */
int imap_open(const struct imap_opts *, struct tls_ctx *,
    struct imap_session **, struct tls_peer *, struct op_err *);
/* 0 when the server logged us in at its greeting (PREAUTH), else 1. */
int imap_needs_login(const struct imap_session *);
/*
 * LOGIN, or AUTHENTICATE PLAIN when the server announced LOGINDISABLED
 * (RFC 3501 §6.2.3); nothing after PREAUTH.  Errors: OP_EAUTH ("IMAP
 * login failed for USER at HOST: <server text>"), OP_EPROTO (LOGIN
 * disabled and no AUTH=PLAIN: nothing was sent), OP_ENET.
 */
int imap_login(struct imap_session *, const char *, const char *,
    struct op_err *);
/*
 * The folder for sent copies (allocated): configured if not NULL, else
 * the mailbox with the \Sent special use (RFC 6154), else "Sent".
 * *exists is 1 when LIST shows it (names compared decoded; one that is
 * not valid modified UTF-7 is traced and left out).  Errors: OP_ENET,
 * OP_EPROTO (the \Sent folder's name is not valid modified UTF-7).
 */
int imap_find_sent(struct imap_session *, const char *, char **, int *,
    struct op_err *);
/*
 * CREATE folder.  Errors: OP_EREJECT (the server's text), OP_ENET; this
 * and the next two: OP_ECONFIG when the name is not UTF-8.
 */
int imap_create(struct imap_session *, const char *, struct op_err *);
/*
 * APPEND the exact bytes to folder, flagged \Seen, with the message's
 * Date header as INTERNALDATE (the server's clock when it has none).
 * *uid is the APPENDUID when the server offers UIDPLUS and gives a
 * valid one (UIDVALIDITY and UID non-zero 32-bit numbers), else 0.
 * Errors: OP_EREJECT (refused for certain: the server's text), OP_ENET,
 * OP_EPROTO (an answer that cannot be read: the copy may be there; the
 * session is closed).
 */
int imap_append(struct imap_session *, const char *, const char *, size_t,
    uint32_t *, struct op_err *);
/*
 * UID SEARCH HEADER Message-ID id in folder: returns 1 and *uid when a
 * message carries it, 0 when none does, -1 on error (OP_ENET,
 * OP_EREJECT).
 */
int imap_search_message_id(struct imap_session *, const char *, const char *,
    uint32_t *, struct op_err *);
/* LOGOUT (best effort) and free. */
void imap_close(struct imap_session *);

#endif
