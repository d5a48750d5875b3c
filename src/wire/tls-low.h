/*
 * tls-low.h -- inside the TLS module: the socket BIO that never raises
 * SIGPIPE, and the libetpan stream driver.  Only tls.c includes this.
 */
#ifndef OUTPOST_TLS_LOW_H
#define OUTPOST_TLS_LOW_H

#include <openssl/ssl.h>

struct _mailstream_low;

/* Give ssl a BIO over fd that uses MSG_NOSIGNAL and never closes fd. */
int tls_bio_attach(SSL *, int);
/*
 * After a failed handshake over that BIO: 1 if the server's first bytes
 * were not a TLS record (plain text where TLS was due).
 */
int tls_bio_not_tls(SSL *);
/* A stream over ssl (connected) that owns ssl and fd; NULL: no memory. */
struct _mailstream_low *tls_low_new(SSL *, int, int);

#endif
