/*
 * smtp.c -- submission through libetpan's SMTP client over our verified
 * TLS streams: greeting, EHLO, STARTTLS (AUTH is smtp-auth.c's, the mail
 * transaction smtp-send.c's, both over smtp-pipe.c), with each reply
 * classified (4xx temporary, 5xx permanent, lost after the final dot
 * uncertain) and the dialogue traced with credentials and the body left
 * out.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "wire/net.h"
#include "wire/smtp-int.h"
#include "base/xmalloc.h"

/* ---- trace */

static void
trace(struct smtp_session *s, enum trace_dir dir, const char *text, size_t len)
{
	if (s->trace != NULL)
		s->trace(s->trace_arg, dir, text, len);
}

void
smtp_tracef(struct smtp_session *s, enum trace_dir dir, const char *fmt, ...)
{
	char	buf[1024];
	va_list ap;
	int	n;

	if (s->trace == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		trace(s, dir, buf, strlen(buf));
}

/* "AUTH PLAIN <redacted>" or "<redacted>": never the data itself. */
static void
trace_redacted(struct smtp_session *s, const char *text, size_t len)
{
	size_t i;

	if (len > 5 && strncasecmp(text, "AUTH ", 5) == 0) {
		for (i = 5; i < len && i < 25 &&
		     (isalnum((unsigned char)text[i]) || text[i] == '-' ||
			 text[i] == '_');
		     i++)
			;
		smtp_tracef(s, TRACE_SENT, "AUTH %.*s <redacted>\r\n",
		    (int)(i - 5), text + 5);
	} else
		smtp_tracef(s, TRACE_SENT, "<redacted>\r\n");
}

static void
smtp_logger(mailsmtp *smtp, int type, const char *text, size_t len, void *arg)
{
	struct smtp_session *s = arg;

	smtp_count_io(s, type);
	switch (type) {
	case MAILSTREAM_LOG_TYPE_DATA_RECEIVED:
		trace(s, TRACE_RECEIVED, text, len);
		break;
	case MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE:
		trace_redacted(s, text, len);
		break;
	case MAILSTREAM_LOG_TYPE_DATA_SENT:
		if (s->in_auth)
			trace_redacted(s, text, len);
		else if (!s->in_data)
			trace(s, TRACE_SENT, text, len);
		break;
	}
}

/* ---- replies and failures */

/* The last reply as one line, "550 5.1.1 <x>: no such user". */
void
smtp_reply_text(struct smtp_session *s, char *buf, size_t size)
{
	const char *r = s->smtp->response;
	size_t	    n;

	n = (size_t)snprintf(buf, size, "%d ", s->smtp->response_code);
	for (; r != NULL && *r != '\0' && n + 1 < size; r++) {
		if (*r == '\n' && r[1] == '\0')
			break;
		buf[n++] = (*r == '\n')	      ? ' ' :
		    (*r >= 0x20 && *r < 0x7f) ? *r :
						'?';
	}
	buf[n < size ? n : size - 1] = '\0';
}

/* Close the stream without QUIT (lost, refused, or insecure). */
void
smtp_drop(struct smtp_session *s)
{
	if (s->smtp->stream != NULL) {
		mailstream_close(s->smtp->stream);
		s->smtp->stream = NULL;
	}
}

/* Why the connection failed, from the stream driver. */
const char *
smtp_why(struct smtp_session *s)
{
	const char *why = NULL;

	if (s->smtp->stream != NULL)
		why = tls_low_why(mailstream_get_low(s->smtp->stream), NULL);
	if (why == NULL && s->why.text[0] != '\0')
		why = s->why.text;
	return (why != NULL ? why : "connection lost");
}

/* The connection failed under a command: say why, drop it. */
int
smtp_lost(struct smtp_session *s, const char *what, struct op_err *err)
{
	op_err_set(err, OP_ENET, "%s: %s (during %s)", s->host, smtp_why(s),
	    what);
	smtp_drop(s);
	return (-1);
}

/*
 * Classify the reply to what ("the sender <a@b>", "DATA"): 4xx
 * temporary, 5xx refused, no reply lost.
 */
int
smtp_fail(struct smtp_session *s, const char *what, struct op_err *err)
{
	char reply[OP_ERR_REPLY];
	int  code = s->smtp->response_code;

	if (code == 0)
		return (smtp_lost(s, what, err));
	smtp_reply_text(s, reply, sizeof reply);
	if (code >= 400 && code < 500)
		op_err_set(err, OP_ETEMP, "%s deferred %s: %s", s->host, what,
		    reply);
	else if (code >= 500 && code < 600)
		op_err_set(err, OP_EREJECT, "%s refused %s: %s", s->host, what,
		    reply);
	else
		op_err_set(err, OP_EPROTO,
		    "%s gave an unexpected reply to %s: %s", s->host, what,
		    reply);
	op_err_reply(err, reply);
	if (code == 421)
		smtp_drop(s); /* the server is closing */
	return (-1);
}

/* ---- capabilities */

static int
cap_is(const char *line, size_t len, const char *word)
{
	size_t n = strlen(word);

	return (len >= n && strncasecmp(line, word, n) == 0 &&
	    (len == n || line[n] == ' ' || line[n] == '='));
}

static void
cap_auth(struct smtp_caps *c, const char *p, size_t len)
{
	size_t i, j;

	for (i = 5; i < len; i = j + 1) {
		for (j = i; j < len && p[j] != ' '; j++)
			;
		if (j - i == 5 && strncasecmp(p + i, "PLAIN", 5) == 0)
			c->auth_plain = 1;
		if (j - i == 5 && strncasecmp(p + i, "LOGIN", 5) == 0)
			c->auth_login = 1;
	}
}

static void
cap_line(struct smtp_caps *c, const char *p, size_t len)
{
	if (cap_is(p, len, "SIZE"))
		c->size = len > 5 ? strtoul(p + 5, NULL, 10) : 0;
	else if (cap_is(p, len, "STARTTLS"))
		c->starttls = 1;
	else if (cap_is(p, len, "PIPELINING"))
		c->pipelining = 1;
	else if (cap_is(p, len, "8BITMIME"))
		c->eightbitmime = 1;
	else if (cap_is(p, len, "SMTPUTF8"))
		c->smtputf8 = 1;
	else if (cap_is(p, len, "CHUNKING"))
		c->chunking = 1;
	else if (cap_is(p, len, "DSN"))
		c->dsn = 1;
	else if (cap_is(p, len, "AUTH"))
		cap_auth(c, p, len);
}

/* From the EHLO reply text: one line per keyword after the first. */
static void
caps_parse(struct smtp_caps *c, const char *text)
{
	const char *nl;
	size_t	    len;
	int	    first = 1;

	memset(c, 0, sizeof *c);
	while (text != NULL && *text != '\0') {
		nl = strchr(text, '\n');
		len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		if (len > 0 && text[len - 1] == '\r')
			len--;
		if (!first)
			cap_line(c, text, len);
		first = 0;
		text = nl != NULL ? nl + 1 : NULL;
	}
}

/* ---- opening */

static int
smtp_greeting(struct smtp_session *s, mailstream *stream, struct op_err *err)
{
	char reply[OP_ERR_REPLY];
	int  code;

	memset(&s->why, 0, sizeof s->why);
	tls_low_keep_why(mailstream_get_low(stream), &s->why);
	if (mailsmtp_connect(s->smtp, stream) == MAILSMTP_NO_ERROR)
		return (0);
	/* libetpan has closed and freed the stream by now. */
	code = s->smtp->response_code;
	if (code == 0 && s->why.silent)
		return (op_err_set(err, OP_ENET,
		    "%s sent no greeting within %d seconds", s->host,
		    s->timeout_reply));
	if (code == 0 && s->why.text[0] != '\0' && !s->why.closed)
		return (op_err_set(err, OP_ENET,
		    "%s: %s (during the greeting)", s->host, s->why.text));
	if (code == 0)
		return (op_err_set(err, OP_ENET,
		    "%s closed the connection before its greeting", s->host));
	smtp_reply_text(s, reply, sizeof reply);
	if (code >= 400 && code < 500)
		op_err_set(err, OP_ETEMP,
		    "%s is not accepting mail right now: %s", s->host, reply);
	else if (code >= 500 && code < 600)
		op_err_set(err, OP_EREJECT, "%s refused the connection: %s",
		    s->host, reply);
	else
		op_err_set(err, OP_EPROTO,
		    "%s sent an unexpected greeting: %s", s->host, reply);
	op_err_reply(err, reply);
	return (-1);
}

static int
smtp_ehlo(struct smtp_session *s, struct op_err *err)
{
	int r;

	/* "[192.0.2.1]"; libetpan cannot form an IPv6 literal. */
	s->smtp->response_code = 0;
	r = mailesmtp_ehlo_with_ip(s->smtp, 1);
	if (r == MAILSMTP_ERROR_HOSTNAME)
		r = mailesmtp_ehlo(s->smtp);
	if (r != MAILSMTP_NO_ERROR) {
		if (s->smtp->response_code / 100 == 5) {
			op_err_set(err, OP_EPROTO,
			    "%s does not support ESMTP (EHLO), which secure submission needs",
			    s->host);
			smtp_drop(s);
			return (-1);
		}
		return (smtp_fail(s, "EHLO", err));
	}
	caps_parse(&s->caps, s->smtp->response);
	return (0);
}

static void
trace_tls(struct smtp_session *s, const struct tls_peer *p, const char *pin)
{
	smtp_tracef(s, TRACE_INFO,
	    "TLS up: %s %s; certificate for %s issued by %s, valid until %s, SHA-256 %s; %s",
	    p->protocol, p->cipher,
	    p->names[0] != '\0' ? p->names : p->subject, p->issuer,
	    p->not_after, p->fingerprint,
	    pin != NULL ? "accepted by its pinned fingerprint" :
			  "chain and name verified");
}

static int
smtp_starttls(struct smtp_session *s, struct tls_ctx *ctx,
    const struct smtp_opts *o, struct tls_peer *peer, struct op_err *err)
{
	mailstream     *stream = s->smtp->stream;
	mailstream_low *old, *low;

	if (!s->caps.starttls) {
		op_err_set(err, OP_ETLS,
		    "%s does not offer STARTTLS; outpost never sends in the clear",
		    s->host);
		smtp_drop(s);
		return (-1);
	}
	s->smtp->response_code = 0;
	if (mailesmtp_starttls(s->smtp) != MAILSMTP_NO_ERROR ||
	    s->smtp->response_code != 220)
		return (smtp_fail(s, "STARTTLS", err));
	if (stream->read_buffer_len != 0) {
		tls_starttls_tampered(s->host, err);
		peer->not_tls = 1;
		smtp_drop(s);
		return (-1);
	}
	old = mailstream_get_low(stream);
	if (tls_connect(ctx, mailstream_low_get_fd(old), s->host, o->pin,
		s->timeout_connect, &low, peer, err) == -1) {
		if (peer->not_tls)
			tls_starttls_tampered(s->host, err);
		smtp_drop(s); /* closes the socket; no plain QUIT */
		return (-1);
	}
	mailstream_low_free(old); /* leaves the socket open */
	mailstream_set_low(stream, low);
	mailstream_low_set_timeout(low, s->timeout_reply);
	tls_low_keep_why(low, &s->why);
	return (0);
}

/* TCP, then TLS first (implicit) or a plain stream for STARTTLS. */
static int
smtp_stream(struct smtp_session *s, const struct smtp_opts *o,
    struct tls_ctx *ctx, struct tls_peer *peer, mailstream **streamp,
    struct op_err *err)
{
	struct tls_dial dial = { o->host, o->pin, o->tls == TLS_IMPLICIT,
		s->timeout_connect, s->timeout_reply };
	const char     *addr;
	int		fd;

	addr = o->connect_host != NULL ? o->connect_host : o->host;
	if (net_connect(addr, o->port, s->timeout_connect, &fd, err) == -1)
		return (-1);
	smtp_tracef(s, TRACE_INFO, "connected to %s port %d", addr, o->port);
	if (tls_stream(ctx, fd, &dial, streamp, peer, err) == -1)
		return (-1);
	if (dial.tls_first)
		trace_tls(s, peer, o->pin);
	return (0);
}

static int
smtp_handshake(struct smtp_session *s, const struct smtp_opts *o,
    struct tls_ctx *ctx, struct tls_peer *peer, struct op_err *err)
{
	mailstream *stream;

	if (smtp_stream(s, o, ctx, peer, &stream, err) == -1 ||
	    smtp_greeting(s, stream, err) == -1 || smtp_ehlo(s, err) == -1)
		return (-1);
	if (o->tls == TLS_STARTTLS) {
		if (smtp_starttls(s, ctx, o, peer, err) == -1)
			return (-1);
		trace_tls(s, peer, o->pin);
		if (smtp_ehlo(s, err) == -1) /* only these caps count */
			return (-1);
		s->caps.starttls = 1;
	}
	return (0);
}

int
smtp_open(const struct smtp_opts *o, struct tls_ctx *ctx,
    struct smtp_session **sp, struct tls_peer *peer, struct op_err *err)
{
	struct smtp_session *s;
	struct tls_peer	     local;

	if (!net_endpoint_ok(o->host, o->port))
		return (op_err_set(err, OP_EINVAL, "no SMTP server given"));
	if (o->tls != TLS_IMPLICIT && o->tls != TLS_STARTTLS)
		return (op_err_set(err, OP_EINVAL,
		    "outpost sends only over TLS (SSL/TLS or STARTTLS)"));
	s = xcalloc(1, sizeof *s);
	s->host = xstrdup(o->host);
	s->timeout_connect = o->timeout_connect > 0 ? o->timeout_connect :
						      CONFIG_TIMEOUT_CONNECT;
	s->timeout_reply = o->timeout_reply > 0 ? o->timeout_reply :
						  CONFIG_TIMEOUT_REPLY;
	s->trace = o->trace;
	s->trace_arg = o->trace_arg;
	if ((s->smtp = mailsmtp_new(0, NULL)) == NULL) {
		free(s->host);
		free(s);
		return (op_err_set(err, OP_ENOMEM, "out of memory"));
	}
	mailsmtp_set_logger(s->smtp, smtp_logger, s);
	if (smtp_handshake(s, o, ctx, peer != NULL ? peer : &local, err) ==
	    -1) {
		smtp_drop(s);
		smtp_close(s);
		return (-1);
	}
	*sp = s;
	return (0);
}

const struct smtp_caps *
smtp_caps(const struct smtp_session *s)
{
	return (&s->caps);
}

void
smtp_close(struct smtp_session *s)
{
	if (s == NULL)
		return;
	mailsmtp_free(s->smtp); /* QUIT, if still connected */
	free(s->host);
	free(s);
}
