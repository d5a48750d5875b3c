/*
 * tls-low.c -- libetpan's low-level stream over our own socket code: a
 * BIO that writes with MSG_NOSIGNAL (no SIGPIPE on a dropped peer), and
 * one mailstream_low driver for TLS and for the plain greeting before
 * STARTTLS.  Every byte libetpan reads from a server passes this driver,
 * so it owns the bounds (wirelimit.h) and the time-outs: a write waits
 * until the stream's timeout, and a reply must be complete within the
 * timeout counted from the command that asked for it (libetpan's own
 * timeout settings do not reach a custom driver).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <libetpan/libetpan.h>

#include "wire/net.h"
#include "wire/tls.h"
#include "wire/tls-low.h"
#include "wire/wirelimit.h"

struct tls_low {
	SSL	 *ssl; /* NULL: plain socket before STARTTLS */
	int	  fd;
	int	  timed_out;
	int	  broken;      /* a bound was crossed: no more reads */
	long long reply_start; /* when the reply under way was asked for */
	struct wirelimit    lim;
	struct tls_low_why  fail;
	struct tls_low_why *keep; /* the caller's copy of fail, or NULL */
};

/* ---- the BIO */

struct nosig {
	int fd;
	int eof;
	int first; /* the server's first byte, or -1 */
};

static BIO_METHOD *nosig_method;
static int	   nosig_type;
static CRYPTO_ONCE nosig_once = CRYPTO_ONCE_STATIC_INIT;

static int
nosig_retry(BIO *b, int reading)
{
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		return (-1);
	if (reading)
		BIO_set_retry_read(b);
	else
		BIO_set_retry_write(b);
	return (-1);
}

static int
nosig_write(BIO *b, const char *buf, int len)
{
	struct nosig *ns = BIO_get_data(b);
	ssize_t	      n;

	BIO_clear_retry_flags(b);
	n = send(ns->fd, buf, (size_t)len, MSG_NOSIGNAL);
	if (n < 0)
		return (nosig_retry(b, 0));
	return ((int)n);
}

static int
nosig_read(BIO *b, char *buf, int len)
{
	struct nosig *ns = BIO_get_data(b);
	ssize_t	      n;

	BIO_clear_retry_flags(b);
	n = recv(ns->fd, buf, (size_t)len, 0);
	if (n < 0)
		return (nosig_retry(b, 1));
	if (n == 0)
		ns->eof = 1;
	else if (ns->first == -1)
		ns->first = (unsigned char)buf[0];
	return ((int)n);
}

static long
nosig_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	struct nosig *ns = BIO_get_data(b);

	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return (1);
	case BIO_CTRL_EOF:
		return (ns != NULL && ns->eof);
	}
	return (0);
}

static int
nosig_destroy(BIO *b)
{
	free(BIO_get_data(b));
	BIO_set_data(b, NULL);
	return (1);
}

static void
nosig_init(void)
{
	BIO_METHOD *m;

	nosig_type = BIO_get_new_index() | BIO_TYPE_SOURCE_SINK;
	m = BIO_meth_new(nosig_type, "outpost socket");
	if (m == NULL)
		return;
	BIO_meth_set_write(m, nosig_write);
	BIO_meth_set_read(m, nosig_read);
	BIO_meth_set_ctrl(m, nosig_ctrl);
	BIO_meth_set_destroy(m, nosig_destroy);
	nosig_method = m;
}

int
tls_bio_attach(SSL *ssl, int fd)
{
	struct nosig *ns;
	BIO	     *b;

	if (!CRYPTO_THREAD_run_once(&nosig_once, nosig_init) ||
	    nosig_method == NULL)
		return (-1);
	if ((b = BIO_new(nosig_method)) == NULL)
		return (-1);
	if ((ns = calloc(1, sizeof *ns)) == NULL) {
		BIO_free(b);
		return (-1);
	}
	ns->fd = fd;
	ns->first = -1;
	BIO_set_data(b, ns);
	BIO_set_init(b, 1);
	SSL_set_bio(ssl, b, b);
	return (0);
}

int
tls_bio_not_tls(SSL *ssl)
{
	BIO	     *b = SSL_get_rbio(ssl);
	struct nosig *ns;

	if (b == NULL || BIO_method_type(b) != nosig_type ||
	    (ns = BIO_get_data(b)) == NULL || ns->first == -1)
		return (0);
	/* A TLS server's first record is a handshake (22) or an alert (21). */
	return (ns->first != 22 && ns->first != 21);
}

int
tls_starttls_tampered(const char *host, struct op_err *err)
{
	return (op_err_set(err, OP_ETLS,
	    "%s sent plain-text data after agreeing to STARTTLS, before the TLS handshake: something on the network path may be tampering with the connection (STARTTLS injection); nothing was sent. Try the SSL/TLS port, or another network",
	    host));
}

/* ---- the stream driver */

/* The reason (r 0: the server closed), kept for the caller too. */
static int
low_fail(struct tls_low *t, ssize_t r, const char *why)
{
	snprintf(t->fail.text, sizeof t->fail.text, "%s", why);
	t->fail.closed = r == 0;
	if (t->keep != NULL)
		*t->keep = t->fail;
	return ((int)r);
}

static int
low_closed(struct tls_low *t)
{
	return (low_fail(t, 0, "connection closed by the server"));
}

static int
low_timeout(mailstream_low *low)
{
	if (low->timeout != 0)
		return ((int)low->timeout);
	return ((int)mailstream_network_delay.tv_sec);
}

/*
 * After an SSL call failed: the event to wait for, or 0 (closed) or -1
 * (error), with the reason kept.
 */
static short
low_ssl_event(struct tls_low *t, int ret)
{
	char why[128];
	int  e = SSL_get_error(t->ssl, ret);

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return (POLLIN);
	case SSL_ERROR_WANT_WRITE:
		return (POLLOUT);
	case SSL_ERROR_ZERO_RETURN:
		return (low_closed(t));
	case SSL_ERROR_SYSCALL:
		if (errno == 0 || errno == ECONNRESET || errno == EPIPE)
			return (low_closed(t));
		return (low_fail(t, -1, strerror(errno)));
	}
	if (ERR_GET_REASON(ERR_peek_last_error()) ==
	    SSL_R_UNEXPECTED_EOF_WHILE_READING)
		return (low_closed(t));
	snprintf(why, sizeof why, "TLS error: %s",
	    ERR_reason_error_string(ERR_peek_last_error()) != NULL ?
		ERR_reason_error_string(ERR_peek_last_error()) :
		"unknown");
	return (low_fail(t, -1, why));
}

/* Plain socket: same contract as low_ssl_event. */
static short
low_sock_event(struct tls_low *t, ssize_t n, short want)
{
	if (n == 0)
		return (low_closed(t));
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return (want);
	if (errno == ECONNRESET || errno == EPIPE)
		return (low_closed(t));
	return (low_fail(t, -1, strerror(errno)));
}

/*
 * Wait for ev until deadline; 0 ready, -1 timed out or failed.  A reply
 * that began to arrive and did not end in time is a server that kept
 * talking (or trickling), not one that was silent.
 */
static int
low_wait(mailstream_low *low, short ev, long long deadline)
{
	struct tls_low *t = low->data;
	char		why[128];
	int		r;

	r = net_wait(t->fd, ev, deadline);
	if (r == 1)
		return (0);
	if (r == 0) {
		t->timed_out = 1;
		t->fail.silent = ev == POLLIN && wirelimit_bytes(&t->lim) == 0;
		if (!t->fail.silent && ev == POLLIN)
			snprintf(why, sizeof why,
			    "kept sending without finishing its reply for %d seconds",
			    low_timeout(low));
		else
			snprintf(why, sizeof why, "no reply within %d seconds",
			    low_timeout(low));
		return (low_fail(t, -1, why));
	}
	return (low_fail(t, -1, strerror(errno)));
}

/* Bytes just read: within the bounds, or the stream is broken. */
static ssize_t
low_count(struct tls_low *t, const void *buf, size_t n)
{
	char why[128];

	if (wirelimit_feed(&t->lim, buf, n, why, sizeof why) == 0)
		return ((ssize_t)n);
	t->broken = 1;
	return (low_fail(t, -1, why));
}

static ssize_t
low_read(mailstream_low *low, void *buf, size_t len)
{
	struct tls_low *t = low->data;
	long long	deadline;
	ssize_t		n;
	size_t		got;
	short		ev;

	if (t->broken)
		return (-1); /* the reason stays */
	deadline = t->reply_start + (long long)low_timeout(low) * 1000;
	memset(&t->fail, 0, sizeof t->fail);
	t->timed_out = 0;
	for (;;) {
		if (t->ssl == NULL) {
			if ((n = recv(t->fd, buf, len, 0)) > 0)
				return (low_count(t, buf, (size_t)n));
			ev = low_sock_event(t, n, POLLIN);
		} else {
			ERR_clear_error();
			errno = 0;
			n = SSL_read_ex(t->ssl, buf, len, &got);
			if (n == 1)
				return (low_count(t, buf, got));
			ev = low_ssl_event(t, (int)n);
		}
		/*
		 * End of stream reads as an error, not 0: at EOF with an
		 * empty line libetpan's mailstream_read_line_remove_eol()
		 * reads the byte before its buffer.  The reason is kept.
		 */
		if (ev <= 0)
			return (-1);
		if (low_wait(low, ev, deadline) == -1)
			return (-1);
	}
}

/* A command went out: the reply to it starts now. */
static void
low_restart(struct tls_low *t)
{
	wirelimit_restart(&t->lim);
	t->reply_start = net_deadline(0);
}

/* One write within the stream's timeout. */
static ssize_t
low_send(mailstream_low *low, const void *buf, size_t len)
{
	struct tls_low *t = low->data;
	long long	deadline = net_deadline(low_timeout(low));
	ssize_t		n;
	size_t		done;
	short		ev;

	if (len == 0)
		return (0);
	memset(&t->fail, 0, sizeof t->fail);
	t->timed_out = 0;
	for (;;) {
		if (t->ssl == NULL) {
			n = send(t->fd, buf, len, MSG_NOSIGNAL);
			if (n > 0)
				return (n);
			ev = low_sock_event(t, n == 0 ? -1 : n, POLLOUT);
		} else {
			ERR_clear_error();
			errno = 0;
			n = SSL_write_ex(t->ssl, buf, len, &done);
			if (n == 1)
				return ((ssize_t)done);
			ev = low_ssl_event(t, (int)n);
		}
		if (ev <= 0)
			return (-1);
		if (low_wait(low, ev, deadline) == -1)
			return (-1);
	}
}

/* Never returns 0 for len > 0: libetpan's flush loop would spin. */
static ssize_t
low_write(mailstream_low *low, const void *buf, size_t len)
{
	struct tls_low *t = low->data;
	ssize_t		n;

	if (t->broken)
		return (-1); /* nothing more to a server past its bounds */
	n = low_send(low, buf, len);

	if (n > 0)
		low_restart(low->data);
	return (n);
}

static int
low_close(mailstream_low *low)
{
	struct tls_low *t = low->data;

	if (t->ssl != NULL && t->fd != -1 && t->fail.text[0] == '\0') {
		ERR_clear_error();
		SSL_shutdown(t->ssl); /* close_notify, not waiting */
	}
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
	return (0);
}

static int
low_get_fd(mailstream_low *low)
{
	struct tls_low *t = low->data;

	return (t->fd);
}

static void
low_free(mailstream_low *low)
{
	struct tls_low *t = low->data;

	if (t->ssl != NULL)
		SSL_free(t->ssl);
	free(t);
	free(low);
}

static mailstream_low_driver low_driver = {
	.mailstream_read = low_read,
	.mailstream_write = low_write,
	.mailstream_close = low_close,
	.mailstream_get_fd = low_get_fd,
	.mailstream_free = low_free,
};

static mailstream_low *
low_new(SSL *ssl, int fd, int timeout)
{
	struct tls_low *t;
	mailstream_low *low;
	int		flags;

	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return (NULL);
	if ((t = calloc(1, sizeof *t)) == NULL)
		return (NULL);
	t->ssl = ssl;
	t->fd = fd;
	wirelimit_init(&t->lim, WIRELIMIT_SMTP);
	low_restart(t); /* the greeting counts from the connection */
	if ((low = mailstream_low_new(t, &low_driver)) == NULL) {
		free(t);
		return (NULL);
	}
	mailstream_low_set_timeout(low, timeout);
	return (low);
}

struct _mailstream_low *
tls_low_new(SSL *ssl, int fd, int timeout)
{
	return (low_new(ssl, fd, timeout));
}

int
tls_plain_low(int fd, int timeout, struct _mailstream_low **lowp,
    struct op_err *err)
{
	if ((*lowp = low_new(NULL, fd, timeout)) == NULL)
		return (op_err_set(err, OP_ENOMEM, "out of memory"));
	return (0);
}

int
tls_stream(struct tls_ctx *ctx, int fd, const struct tls_dial *d,
    struct _mailstream **streamp, struct tls_peer *peer, struct op_err *err)
{
	mailstream_low *low;
	int		r;

	if (d->tls_first)
		r = tls_connect(ctx, fd, d->host, d->pin, d->timeout_connect,
		    &low, peer, err);
	else
		r = tls_plain_low(fd, d->timeout_reply, &low, err);
	if (r == -1) {
		close(fd);
		return (-1);
	}
	mailstream_low_set_timeout(low, d->timeout_reply);
	if ((*streamp = mailstream_new(low, TLS_STREAM_BUFSIZE)) == NULL) {
		mailstream_low_close(low);
		mailstream_low_free(low);
		return (op_err_set(err, OP_ENOMEM, "out of memory"));
	}
	return (0);
}

static struct tls_low *
low_ours(struct _mailstream_low *low)
{
	if (low == NULL || low->driver != &low_driver)
		return (NULL);
	return (low->data);
}

void
tls_low_bounds(struct _mailstream_low *low, int imap)
{
	struct tls_low *t = low_ours(low);

	if (t != NULL)
		wirelimit_init(&t->lim,
		    imap ? WIRELIMIT_IMAP : WIRELIMIT_SMTP);
}

void
tls_low_restart(struct _mailstream_low *low)
{
	struct tls_low *t = low_ours(low);

	if (t != NULL)
		low_restart(t);
}

void
tls_low_keep_why(struct _mailstream_low *low, struct tls_low_why *keep)
{
	struct tls_low *t = low_ours(low);

	if (t != NULL)
		t->keep = keep;
}

const char *
tls_low_why(struct _mailstream_low *low, int *timed_out)
{
	struct tls_low *t;

	if (low == NULL || low->driver != &low_driver)
		return (NULL);
	t = low->data;
	if (timed_out != NULL)
		*timed_out = t->timed_out;
	return (t->fail.text[0] != '\0' ? t->fail.text : NULL);
}
