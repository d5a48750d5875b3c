/*
 * net.h -- name resolution and TCP connection with a deadline.  No TLS
 * here (tls.h), no protocol (smtp.h, imap.h).
 */
#ifndef OUTPOST_NET_H
#define OUTPOST_NET_H

#include "base/err.h"

/* 1 if host:port can name a server: a host given, port 1 to 65535. */
int net_endpoint_ok(const char *, int);

/*
 * Resolve host within timeout seconds; on success *naddrs is the number
 * of addresses found and first (if not NULL, size >= 64) holds the first
 * one as text.  Errors: OP_ENET ("cannot find HOST: ...", or "no answer
 * from the name server within N seconds").
 */
int net_resolve(const char *, int, int *, char *, size_t, struct op_err *);

/*
 * Connect to host:port, trying each address, within timeout seconds in
 * all (and as long again, at most, to resolve the name).  The socket is
 * blocking, close-on-exec, TCP_NODELAY. Errors: OP_ENET, transient (refused,
 * timed out, unreachable: the text says which).
 */
int net_connect(const char *, int, int, int *, struct op_err *);

/*
 * Dial ahead: look host up and start connecting to its first address now,
 * without waiting, so that the TCP handshake overlaps what the caller
 * does next (outpost send queues the message durably meanwhile).  The
 * next net_connect() to the same host and port within keep_ms takes the
 * connection over (dialling again if the server closed it meanwhile); a
 * connect elsewhere, or later, drops it.  One at a time; nothing is sent
 * on it before net_connect's caller sends.  The name lookup here takes a
 * second at most (what is not known by then is looked up by the connect,
 * after the message is queued).  net_ahead_drop() closes it.
 */
void net_dial_ahead(const char *, int, int, int);
void net_ahead_drop(void);

/*
 * Deadlines for the stream drivers (tls.h): net_deadline(seconds) is a
 * point on the monotonic clock; net_wait() waits until fd is ready for
 * events (POLLIN, POLLOUT) or the deadline passes.  Returns 1 ready,
 * 0 timed out, -1 error (errno set).
 */
long long net_deadline(int);
int	  net_wait(int, short, long long);

#endif
