/*
 * smtp-send.c -- one mail transaction over the wire of smtp-pipe.c: the
 * checks made before anything is sent (addresses, 8BITMIME, SMTPUTF8,
 * SIZE), MAIL FROM with its parameters (DSN's RET and ENVID too), RCPT
 * TO each recipient (with DSN's NOTIFY; refusals recorded, not fatal),
 * then the message by BDAT (RFC 3030) or DATA, pipelined (RFC 2920) when
 * the server allows it.  Each reply is
 * classified: 4xx temporary, 5xx refused, lost before the message's end
 * "not delivered", lost or garbled after it "uncertain".
 *
 * Round trips per message: with PIPELINING and CHUNKING one (MAIL, RCPT,
 * BDAT and the message in one write; a message over SMTP_FLIGHT_MAX
 * waits for the envelope's replies first: two); PIPELINING alone two
 * (MAIL, RCPT, DATA; the message); neither three plus one a recipient.
 * With pipelining the session's last message carries QUIT with its end
 * (smtp_send_opts.quit): no round trip of its own for the goodbye.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "base/strutil.h"
#include "wire/smtp-int.h"
#include "base/xmalloc.h"

/*
 * Larger messages are not sent before the envelope is accepted: a round
 * trip is little beside their transfer, an upload refused is not.
 */
#define SMTP_FLIGHT_MAX (1024 * 1024)

struct txn {
	struct smtp_session	    *s;
	const struct smtp_send_opts *o;
	struct smtp_result	    *res;
	struct smtp_pipe	     p;
	const char		    *from;
	struct pipe_src		     src;  /* without one final line end */
	size_t			     wire; /* BDAT's count, SIZE= */
	int			     pipelining;
	int			     chunking;
	int			     oneflight; /* BDAT, envelope */
	struct smtp_reply	     mail;
	struct smtp_reply	     data;    /* DATA's 354 */
	struct smtp_reply	     final;   /* to BDAT LAST or the dot */
	struct smtp_reply	     closing; /* a 421 */
	enum pipe_cmd		     closing_cmd;
	int			     end_queued;
	int			     end_sent;	 /* all of it written */
	int			     announced;	 /* before_payload */
	int			     replies;	 /* read so far */
	char			     notify[48]; /* " NOTIFY=..." or "" */
	int			     quitted;	 /* QUIT with the end */
};

static const char *const cmd_names[] = { "RSET", "MAIL FROM", "RCPT TO",
	"DATA", "BDAT", "the message", "QUIT" };

static int
addr_ok(const char *a, int empty_ok)
{
	size_t n = strlen(a), i;

	if ((n == 0 && !empty_ok) || n > SMTP_ADDR_MAX)
		return (0);
	for (i = 0; i < n; i++)
		if ((unsigned char)a[i] <= ' ' || a[i] == 0x7f ||
		    a[i] == '<' || a[i] == '>')
			return (0);
	return (1);
}

/* " NOTIFY=SUCCESS,FAILURE" for RCPT, when asked and offered. */
static void
txn_notify(struct txn *t)
{
	static const struct {
		unsigned    flag;
		const char *word;
	} words[] = {
		{ SMTP_NOTIFY_NEVER, "NEVER" },
		{ SMTP_NOTIFY_SUCCESS, "SUCCESS" },
		{ SMTP_NOTIFY_FAILURE, "FAILURE" },
		{ SMTP_NOTIFY_DELAY, "DELAY" },
	};
	size_t i, n = 0;

	t->notify[0] = '\0';
	if (!t->s->caps.dsn || t->o->notify == 0)
		return;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (t->o->notify & words[i].flag)
			n += (size_t)snprintf(t->notify + n,
			    sizeof t->notify - n, "%s%s",
			    n == 0 ? " NOTIFY=" : ",", words[i].word);
}

static void
result_init(struct smtp_result *res, char *const *rcpts, size_t n)
{
	size_t i;

	memset(res, 0, sizeof *res);
	res->rcpts = xcalloc(n > 0 ? n : 1, sizeof *res->rcpts);
	res->nrcpts = n;
	for (i = 0; i < n; i++)
		res->rcpts[i].address = xstrdup(rcpts[i]);
}

static int
send_check(struct txn *t, char *const *rcpts, struct op_err *err)
{
	struct smtp_session *s = t->s;
	size_t		     i;

	if (s->smtp->stream == NULL)
		return (
		    op_err_set(err, OP_ENET, "not connected to %s", s->host));
	if (t->res->nrcpts == 0)
		return (op_err_set(err, OP_EINVAL, "no recipients"));
	if (!addr_ok(t->from, 1))
		return (op_err_set(err, OP_EINVAL, "bad sender address: %s",
		    t->from));
	for (i = 0; i < t->res->nrcpts; i++)
		if (!addr_ok(rcpts[i], 0))
			return (op_err_set(err, OP_EINVAL,
			    "bad recipient address: %s", rcpts[i]));
	if (t->o->eightbit && !s->caps.eightbitmime)
		return (op_err_set(err, OP_EMESSAGE,
		    "the server does not accept 8-bit mail; %s does not offer 8BITMIME, so the message must be encoded as 7-bit (quoted-printable or base64)",
		    s->host));
	if (t->o->smtputf8 && !s->caps.smtputf8)
		return (op_err_set(err, OP_EMESSAGE,
		    "the server does not accept UTF-8 addresses or headers; %s does not offer SMTPUTF8",
		    s->host));
	if (t->o->envid != NULL && !str_print_ascii(t->o->envid, 100))
		return (op_err_set(err, OP_EINVAL,
		    "the envelope id (-V) must be 1 to 100 printable ASCII characters"));
	if (s->caps.size != 0 && t->wire > s->caps.size)
		return (op_err_set(err, OP_ESIZE,
		    "the message is %zu bytes; %s accepts at most %zu bytes",
		    t->wire, s->host, s->caps.size));
	return (0);
}

/* ---- failures */

static const char *
txn_what(struct txn *t, enum pipe_cmd cmd, char *buf, size_t size)
{
	switch (cmd) {
	case PIPE_MAIL:
		snprintf(buf, size, "the sender <%s>", t->from);
		return (buf);
	case PIPE_RCPT:
		return ("the recipients");
	case PIPE_BDAT:
	case PIPE_DOT:
		return ("the message");
	default:
		return (cmd_names[cmd]);
	}
}

/* A write failed: nothing of the message can have been taken. */
static int
txn_unwritten(struct txn *t, struct op_err *err)
{
	if (t->end_queued || t->p.npend == 0)
		return (smtp_lost(t->s, "the message, which was not delivered",
		    err));
	return (smtp_lost(t->s, cmd_names[t->p.pend[0].cmd], err));
}

/* No reply, or a garbled one, to cmd. */
static int
txn_broken(struct txn *t, enum pipe_cmd cmd, int rc,
    const struct smtp_reply *r, struct op_err *err)
{
	struct smtp_session *s = t->s;

	if (rc == -2 && !t->end_sent)
		op_err_set(err, OP_EPROTO,
		    "%s sent a malformed reply to %s: \"%s\"", s->host,
		    cmd_names[cmd], r->text);
	else if (rc == -2)
		op_err_set(err, OP_EUNCERTAIN,
		    "%s sent a malformed reply (\"%s\") after the whole message was sent; it may or may not have been delivered",
		    s->host, r->text);
	else if (!t->end_sent)
		op_err_set(err, OP_ENET, "%s: %s (during %s)", s->host,
		    r->text, cmd_names[cmd]);
	else if (t->oneflight && t->replies == 0 && s->done_txns > 0 &&
	    !r->timed_out)
		/*
		 * Not one reply, not even MAIL's, and the connection ended:
		 * the server closed after the last message, before our
		 * write reached it (a server that took the message would
		 * have answered MAIL first).
		 */
		op_err_set(err, OP_ENET,
		    "%s closed the connection without answering (%s); the message was not accepted",
		    s->host, r->text);
	else
		op_err_set(err, OP_EUNCERTAIN,
		    "%s: %s after the whole message was sent; it may or may not have been delivered",
		    s->host, r->text);
	smtp_drop(s);
	return (-1);
}

/* ---- replies */

static void
txn_reply(struct txn *t, size_t i, const struct smtp_reply *r)
{
	struct smtp_rcpt *rc;

	switch (t->p.pend[i].cmd) {
	case PIPE_MAIL:
		t->mail = *r;
		break;
	case PIPE_RCPT:
		rc = &t->res->rcpts[t->p.pend[i].arg];
		rc->code = r->code;
		free(rc->reply);
		rc->reply = xstrdup(r->text);
		if (r->code / 100 == 2)
			t->res->accepted++;
		break;
	case PIPE_DATA:
		t->data = *r;
		break;
	case PIPE_BDAT:
	case PIPE_DOT:
		t->final = *r;
		t->res->code = r->code;
		free(t->res->reply);
		t->res->reply = xstrdup(r->text);
		break;
	case PIPE_RSET:
	case PIPE_QUIT:
		break;
	}
}

/* Write what is queued, read a reply for each command in order. */
static int
txn_sync(struct txn *t, struct op_err *err)
{
	struct smtp_reply r;
	size_t		  i;
	int		  rc;

	if (pipe_flush(&t->p) == -1)
		return (txn_unwritten(t, err));
	t->end_sent = t->end_queued;
	for (i = 0; i < t->p.npend; i++) {
		if ((rc = pipe_read(t->s, &r)) != 0 &&
		    t->p.pend[i].cmd == PIPE_QUIT)
			break; /* the outcome is in: QUIT's reply is moot */
		if (rc != 0)
			return (txn_broken(t, t->p.pend[i].cmd, rc, &r, err));
		t->replies++;
		txn_reply(t, i, &r);
		if (r.code == 421) { /* closing: nothing more comes */
			t->closing = r;
			t->closing_cmd = t->p.pend[i].cmd;
			break;
		}
	}
	t->p.npend = 0;
	return (0);
}

/* After each flight: a 421, a refused sender, a nonsense code. */
static int
txn_early(struct txn *t, struct op_err *err)
{
	char   what[SMTP_ADDR_MAX + 16];
	size_t i;
	int    c;

	if (t->closing.code != 0)
		return (pipe_fail(t->s,
		    txn_what(t, t->closing_cmd, what, sizeof what),
		    &t->closing, err));
	if (t->mail.code != 0 && t->mail.code / 100 != 2)
		return (pipe_fail(t->s,
		    txn_what(t, PIPE_MAIL, what, sizeof what), &t->mail, err));
	for (i = 0; i < t->res->nrcpts; i++) {
		c = t->res->rcpts[i].code;
		if (c != 0 && c / 100 != 2 && c / 100 != 4 && c / 100 != 5) {
			op_err_set(err, OP_EPROTO,
			    "%s gave an unexpected reply to RCPT TO: %s",
			    t->s->host, t->res->rcpts[i].reply);
			smtp_drop(t->s);
			return (-1);
		}
	}
	return (0);
}

/* None accepted: temporary if any refusal was. */
static int
txn_none(struct txn *t, struct op_err *err)
{
	struct smtp_result *res = t->res;
	struct smtp_rcpt   *first = &res->rcpts[0];
	size_t		    i;

	for (i = 0; i < res->nrcpts; i++)
		if (res->rcpts[i].code / 100 == 4) {
			first = &res->rcpts[i];
			break;
		}
	op_err_set(err, first->code / 100 == 4 ? OP_ETEMP : OP_EREJECT,
	    "%s accepted none of the recipients: %s: %s", t->s->host,
	    first->address, first->reply != NULL ? first->reply : "");
	op_err_reply(err, first->reply);
	return (-1);
}

static int
txn_final(struct txn *t, struct op_err *err)
{
	t->s->done_txns++;
	if (t->final.code / 100 != 2)
		return (pipe_fail(t->s, "the message", &t->final, err));
	t->s->in_txn = 0;
	return (0);
}

/* ---- the transaction */

/* " ENVID=" and the envelope id in xtext (RFC 3461 section 4). */
static size_t
txn_envid(const char *envid, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, " ENVID=");

	for (; *envid != '\0' && n + 4 < size; envid++) {
		if (*envid == '+' || *envid == '=' || *envid <= ' ' ||
		    *envid > '~')
			n += (size_t)snprintf(buf + n, size - n, "+%02X",
			    (unsigned char)*envid);
		else
			buf[n++] = *envid;
	}
	buf[n] = '\0';
	return (n);
}

static int
txn_mail(struct txn *t)
{
	struct smtp_session *s = t->s;
	char		     params[512];
	size_t		     n = 0;

	params[0] = '\0';
	/* Unless asked otherwise, bounces carry the headers only. */
	if (s->caps.dsn)
		n += snprintf(params + n, sizeof params - n, " RET=%s",
		    t->o->ret == SMTP_RET_FULL ? "FULL" : "HDRS");
	if (s->caps.dsn && t->o->envid != NULL)
		n += txn_envid(t->o->envid, params + n, sizeof params - n);
	if (s->smtp->esmtp & MAILSMTP_ESMTP_SIZE)
		n += snprintf(params + n, sizeof params - n, " SIZE=%zu",
		    t->wire);
	if (t->o->eightbit)
		n += snprintf(params + n, sizeof params - n, " BODY=8BITMIME");
	if (t->o->smtputf8)
		snprintf(params + n, sizeof params - n, " SMTPUTF8");
	s->in_txn = 1;
	return (pipe_cmd(&t->p, PIPE_MAIL, 0, "MAIL FROM:<%s>%s", t->from,
	    params));
}

/* BDAT and the message, or (after DATA's 354) the message and dot. */
static int
txn_payload(struct txn *t)
{
	if (!t->announced && t->o->before_payload != NULL)
		t->o->before_payload(t->o->arg);
	t->announced = 1;
	if (t->chunking &&
	    pipe_cmd(&t->p, PIPE_BDAT, 0, "BDAT %zu LAST", t->wire) == -1)
		return (-1);
	t->end_queued = 1;
	smtp_tracef(t->s, TRACE_SENT, "<message: %zu bytes>\r\n", t->wire);
	if (pipe_message_src(&t->p, &t->src, !t->chunking) == -1)
		return (-1);
	if (!t->o->quit || !t->pipelining)
		return (0);
	t->quitted = 1;
	return (pipe_cmd(&t->p, PIPE_QUIT, 0, "QUIT"));
}

/* Read the replies now: without pipelining, or a full window. */
static int
txn_step(struct txn *t, int force, struct op_err *err)
{
	if (!force && t->pipelining && t->p.npend < SMTP_WINDOW)
		return (0);
	if (txn_sync(t, err) == -1 || txn_early(t, err) == -1)
		return (-1);
	return (0);
}

/*
 * The before_txn hook, told whether before_payload follows with no reply
 * awaited between (one write, recipients within the window).
 */
static int
txn_begin(struct txn *t, struct op_err *err)
{
	if (t->o->before_txn == NULL)
		return (0);
	return (t->o->before_txn(t->o->arg,
	    t->oneflight && t->res->nrcpts + 1 < SMTP_WINDOW, err));
}

static int
txn_run(struct txn *t, struct op_err *err)
{
	size_t i;

	if (txn_mail(t) == -1)
		return (txn_unwritten(t, err));
	if (txn_step(t, 0, err) == -1)
		return (-1);
	for (i = 0; i < t->res->nrcpts; i++) {
		if (pipe_cmd(&t->p, PIPE_RCPT, i, "RCPT TO:<%s>%s",
			t->res->rcpts[i].address, t->notify) == -1)
			return (txn_unwritten(t, err));
		if (txn_step(t, 0, err) == -1)
			return (-1);
	}
	if (t->oneflight) {
		if (txn_payload(t) == -1)
			return (txn_unwritten(t, err));
	} else if (!t->chunking && pipe_cmd(&t->p, PIPE_DATA, 0, "DATA") == -1)
		return (txn_unwritten(t, err));
	if (t->p.npend > 0 && txn_step(t, 1, err) == -1)
		return (-1);
	if (t->res->accepted == 0)
		return (txn_none(t, err));
	if (!t->oneflight) {
		if (!t->chunking && t->data.code != 354)
			return (pipe_fail(t->s, "DATA", &t->data, err));
		if (txn_payload(t) == -1)
			return (txn_unwritten(t, err));
		if (txn_sync(t, err) == -1)
			return (-1);
	}
	return (txn_final(t, err));
}

/* The transaction for the message in src (its final line end off). */
static int
send_src(struct smtp_session *s, const char *from, char *const *rcpts,
    size_t n, const struct pipe_src *src, const struct smtp_send_opts *o,
    struct smtp_result *res, struct op_err *err)
{
	static const struct smtp_send_opts none;
	struct txn			   t;
	int				   r;

	result_init(res, rcpts, n);
	memset(&t, 0, sizeof t);
	t.s = s;
	t.o = o != NULL ? o : &none;
	t.res = res;
	t.from = from;
	t.src = *src;
	if (pipe_wire_size_src(src, &t.wire) == -1)
		return (op_err_set(err, OP_EIO,
		    "the stored message could not be read: %s",
		    strerror(errno)));
	t.pipelining = s->caps.pipelining && !t.o->no_pipelining;
	t.chunking = s->caps.chunking && !t.o->no_chunking;
	t.oneflight = t.pipelining && t.chunking && t.wire <= SMTP_FLIGHT_MAX;
	txn_notify(&t);
	pipe_init(&t.p, s);
	t.p.progress = t.o->progress;
	t.p.progress_arg = t.o->arg;
	if (send_check(&t, rcpts, err) == -1 ||
	    pipe_idle_check(s, err) == -1 ||
	    (s->in_txn && pipe_rset(s, err) == -1) || txn_begin(&t, err) == -1)
		return (-1);
	r = txn_run(&t, err);
	/* A server waiting for the message we will not send: out of step. */
	if (r == -1 && t.data.code == 354 && !t.end_sent)
		smtp_drop(s);
	/* QUIT went with the message: the session is over. */
	if (t.quitted)
		smtp_drop(s);
	pipe_free(&t.p);
	return (r);
}

int
smtp_send_ex(struct smtp_session *s, const char *from, char *const *rcpts,
    size_t n, const char *msg, size_t len, const struct smtp_send_opts *o,
    struct smtp_result *res, struct op_err *err)
{
	struct pipe_src src;

	/* The protocol ends the last line itself: drop one line end. */
	if (len > 0 && msg[len - 1] == '\n')
		len -= (len > 1 && msg[len - 2] == '\r') ? 2 : 1;
	src.mem = msg;
	src.fd = -1;
	src.len = len;
	return (send_src(s, from, rcpts, n, &src, o, res, err));
}

int
smtp_send_fd(struct smtp_session *s, const char *from, char *const *rcpts,
    size_t n, int fd, size_t len, const struct smtp_send_opts *o,
    struct smtp_result *res, struct op_err *err)
{
	struct pipe_src src;
	char		end[2];
	size_t		k = len < 2 ? len : 2;

	if (k > 0 && pread(fd, end, k, (off_t)(len - k)) != (ssize_t)k) {
		result_init(res, rcpts, n);
		return (op_err_set(err, OP_EIO,
		    "the stored message could not be read: %s",
		    strerror(errno)));
	}
	/* The protocol ends the last line itself: drop one line end. */
	if (k > 0 && end[k - 1] == '\n')
		len -= (k > 1 && end[0] == '\r') ? 2 : 1;
	src.mem = NULL;
	src.fd = fd;
	src.len = len;
	return (send_src(s, from, rcpts, n, &src, o, res, err));
}

int
smtp_send(struct smtp_session *s, const char *from, char *const *rcpts,
    size_t n, const char *msg, size_t len, struct smtp_result *res,
    struct op_err *err)
{
	return (smtp_send_ex(s, from, rcpts, n, msg, len, NULL, res, err));
}

int
smtp_reset(struct smtp_session *s, struct op_err *err)
{
	if (s->smtp->stream == NULL)
		return (
		    op_err_set(err, OP_ENET, "not connected to %s", s->host));
	return (pipe_rset(s, err));
}

void
smtp_result_free(struct smtp_result *res)
{
	size_t i;

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
