/*
 * smtp-send.c -- one message: the SIZE check, MAIL FROM, RCPT TO each
 * recipient (refusals recorded, not fatal), DATA and the body, each reply
 * classified; lost before the final dot is "not delivered", after it
 * "uncertain".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "smtp-int.h"
#include "xmalloc.h"

static int
addr_ok(const char *a, int empty_ok)
{
	size_t	n = strlen(a), i;

	if ((n == 0 && !empty_ok) || n > SMTP_ADDR_MAX)
		return (0);
	for (i = 0; i < n; i++)
		if ((unsigned char)a[i] <= ' ' || a[i] == 0x7f ||
		    a[i] == '<' || a[i] == '>')
			return (0);
	return (1);
}

/* Bytes on the wire: CRLF line ends, plus the CRLF libetpan adds. */
static size_t
wire_size(const char *msg, size_t len)
{
	size_t	n = len + 2, i;

	for (i = 0; i < len; i++)
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			n++;
	return (n);
}

static void
result_init(struct smtp_result *res, char *const *rcpts, size_t n)
{
	size_t	i;

	memset(res, 0, sizeof *res);
	res->rcpts = xcalloc(n > 0 ? n : 1, sizeof *res->rcpts);
	res->nrcpts = n;
	for (i = 0; i < n; i++)
		res->rcpts[i].address = xstrdup(rcpts[i]);
}

static int
send_check(struct smtp_session *s, const char *from, char *const *rcpts,
    size_t n, size_t wire, struct op_err *err)
{
	size_t	i;

	if (s->smtp->stream == NULL)
		return (op_err_set(err, OP_ENET, "not connected to %s",
		    s->host));
	if (n == 0)
		return (op_err_set(err, OP_EINVAL, "no recipients"));
	if (!addr_ok(from, 1))
		return (op_err_set(err, OP_EINVAL, "bad sender address: %s",
		    from));
	for (i = 0; i < n; i++)
		if (!addr_ok(rcpts[i], 0))
			return (op_err_set(err, OP_EINVAL, "bad recipient "
			    "address: %s", rcpts[i]));
	if (s->caps.size != 0 && wire > s->caps.size)
		return (op_err_set(err, OP_ESIZE, "the message is %zu bytes; "
		    "%s accepts at most %zu bytes", wire, s->host,
		    s->caps.size));
	return (0);
}

/* RCPT TO each; -1 only when the connection is gone. */
static int
send_rcpts(struct smtp_session *s, struct smtp_result *res,
    struct op_err *err)
{
	struct smtp_rcpt	*r;
	char			 reply[OP_ERR_REPLY];
	size_t			 i;

	for (i = 0; i < res->nrcpts; i++) {
		r = &res->rcpts[i];
		s->smtp->response_code = 0;
		mailesmtp_rcpt(s->smtp, r->address, 0, NULL);
		r->code = s->smtp->response_code;
		if (r->code == 0)
			return (smtp_lost(s, "RCPT TO", err));
		smtp_reply_text(s, reply, sizeof reply);
		r->reply = xstrdup(reply);
		if (r->code / 100 == 2)
			res->accepted++;
		if (r->code == 421)
			return (smtp_fail(s, "the recipients", err));
	}
	return (0);
}

/* None accepted: temporary if any refusal was. */
static int
send_none(struct smtp_session *s, struct smtp_result *res, struct op_err *err)
{
	struct smtp_rcpt	*first = &res->rcpts[0];
	size_t			 i;

	for (i = 0; i < res->nrcpts; i++)
		if (res->rcpts[i].code / 100 == 4) {
			first = &res->rcpts[i];
			break;
		}
	op_err_set(err, first->code / 100 == 4 ? OP_ETEMP : OP_EREJECT,
	    "%s accepted none of the recipients: %s: %s", s->host,
	    first->address, first->reply);
	op_err_reply(err, first->reply);
	s->smtp->response_code = 0;
	if (mailsmtp_reset(s->smtp) != MAILSMTP_NO_ERROR ||
	    s->smtp->response_code / 100 != 2)
		smtp_drop(s);
	return (-1);
}

static int
send_body(struct smtp_session *s, const char *msg, size_t len,
    struct smtp_result *res, struct op_err *err)
{
	char	reply[OP_ERR_REPLY];
	int	code;

	smtp_tracef(s, TRACE_SENT, "<message: %zu bytes>\r\n", len);
	s->in_data = 1;
	s->smtp->response_code = -1;	/* stays: the write failed */
	mailsmtp_data_message(s->smtp, msg, len);
	s->in_data = 0;
	code = s->smtp->response_code;
	if (code == -1)		/* no final dot went out */
		return (smtp_lost(s, "the message, which was not delivered",
		    err));
	if (code == 0) {
		op_err_set(err, OP_EUNCERTAIN, "%s: %s after the whole message "
		    "was sent; it may or may not have been delivered", s->host,
		    smtp_why(s));
		smtp_drop(s);
		return (-1);
	}
	smtp_reply_text(s, reply, sizeof reply);
	res->code = code;
	res->reply = xstrdup(reply);
	if (code / 100 != 2)
		return (smtp_fail(s, "the message", err));
	return (0);
}

int
smtp_send(struct smtp_session *s, const char *from, char *const *rcpts,
    size_t n, const char *msg, size_t len, struct smtp_result *res,
    struct op_err *err)
{
	char	what[SMTP_ADDR_MAX + 16];
	size_t	wire;

	/* libetpan ends the body with CRLF itself: drop one line end. */
	if (len > 0 && msg[len - 1] == '\n')
		len -= (len > 1 && msg[len - 2] == '\r') ? 2 : 1;
	wire = wire_size(msg, len);
	result_init(res, rcpts, n);
	if (send_check(s, from, rcpts, n, wire, err) == -1)
		return (-1);
	s->smtp->response_code = 0;
	mailesmtp_mail_size(s->smtp, from, 0, NULL, wire);
	if (s->smtp->response_code == 0)
		return (smtp_lost(s, "MAIL FROM", err));
	if (s->smtp->response_code / 100 != 2) {
		snprintf(what, sizeof what, "the sender <%s>", from);
		return (smtp_fail(s, what, err));
	}
	if (send_rcpts(s, res, err) == -1)
		return (-1);
	if (res->accepted == 0)
		return (send_none(s, res, err));
	s->smtp->response_code = 0;
	mailsmtp_data(s->smtp);
	if (s->smtp->response_code != 354)
		return (smtp_fail(s, "DATA", err));
	return (send_body(s, msg, len, res, err));
}

int
smtp_reset(struct smtp_session *s, struct op_err *err)
{
	if (s->smtp->stream == NULL)
		return (op_err_set(err, OP_ENET, "not connected to %s",
		    s->host));
	s->smtp->response_code = 0;
	mailsmtp_reset(s->smtp);
	if (s->smtp->response_code / 100 != 2)
		return (smtp_fail(s, "RSET", err));
	return (0);
}

void
smtp_result_free(struct smtp_result *res)
{
	size_t	i;

	if (res == NULL)
		return;
	for (i = 0; i < res->nrcpts; i++) {
		free(res->rcpts[i].address);
		free(res->rcpts[i].reply);
	}
	free(res->rcpts);
	free(res->reply);
	memset(res, 0, sizeof *res);
}
