/*
 * smtp-pipe.c -- the wire under the mail transaction: commands queued in
 * one buffer and written together (RFC 2920 pipelining), the message's
 * bytes streamed through the same buffer (CRLF line ends; dot-stuffed
 * for DATA, raw for BDAT), replies read with libetpan's line reader and
 * parsed here, strictly.  Every command is traced as sent; the message
 * only as "<message: N bytes>".  Each write is bounded by the stream
 * driver's time-out, each whole reply by its deadline and its size
 * bounds (tls-low.c, wirelimit.h).
 */
#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "wire/net.h"
#include "wire/smtp-int.h"
#include "base/xmalloc.h"

/* ---- the round-trip counter (smtp.c's logger calls this) */

void
smtp_count_io(struct smtp_session *s, int type)
{
	switch (type) {
	case MAILSTREAM_LOG_TYPE_DATA_SENT:
	case MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE:
		s->rt_waiting = 1;
		break;
	case MAILSTREAM_LOG_TYPE_DATA_RECEIVED:
		/* The greeting counts: it is the wait after connecting. */
		if (s->rt_waiting || !s->rt_heard)
			s->round_trips++;
		s->rt_waiting = 0;
		s->rt_heard = 1;
		break;
	}
}

unsigned
smtp_round_trips(const struct smtp_session *s)
{
	return (s->round_trips);
}

/* ---- writing */

void
pipe_init(struct smtp_pipe *p, struct smtp_session *s)
{
	memset(p, 0, sizeof *p);
	p->s = s;
}

void
pipe_free(struct smtp_pipe *p)
{
	free(p->buf);
	p->buf = NULL;
	p->len = 0;
}

/*
 * Hand the buffer to the stream.  The logger must not trace it (the
 * commands were traced as queued); AUTH leaves the stream private, which
 * would log it as "<redacted>".
 */
static int
pipe_out(struct smtp_pipe *p)
{
	struct smtp_session *s = p->s;
	ssize_t		     n;

	if (p->len == 0)
		return (0);
	mailstream_set_privacy(s->smtp->stream, 1);
	s->in_data = 1;
	n = mailstream_write(s->smtp->stream, p->buf, p->len);
	s->in_data = 0;
	if (n < 0 || (size_t)n != p->len)
		return (-1);
	p->len = 0;
	return (0);
}

/* At least n bytes free in the buffer. */
static int
pipe_room(struct smtp_pipe *p, size_t n)
{
	if (p->buf == NULL)
		p->buf = xmalloc(SMTP_PIPE_BUF);
	if (SMTP_PIPE_BUF - p->len >= n)
		return (0);
	return (pipe_out(p));
}

static int
pipe_put(struct smtp_pipe *p, const char *data, size_t n)
{
	if (pipe_room(p, n) == -1)
		return (-1);
	memcpy(p->buf + p->len, data, n);
	p->len += n;
	return (0);
}

int
pipe_flush(struct smtp_pipe *p)
{
	struct smtp_session *s = p->s;
	int		     r;

	if (pipe_out(p) == -1)
		return (-1);
	mailstream_set_privacy(s->smtp->stream, 1);
	s->in_data = 1;
	r = mailstream_flush(s->smtp->stream);
	s->in_data = 0;
	return (r == 0 ? 0 : -1);
}

int
pipe_cmd(struct smtp_pipe *p, enum pipe_cmd cmd, size_t arg, const char *fmt,
    ...)
{
	char	line[1024];
	va_list ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 2, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line - 2 ||
	    p->npend >= sizeof p->pend / sizeof p->pend[0])
		return (-1); /* callers check lengths and the window */
	memcpy(line + n, "\r\n", 3);
	smtp_tracef(p->s, TRACE_SENT, "%s", line);
	p->pend[p->npend].cmd = cmd;
	p->pend[p->npend].arg = arg;
	p->npend++;
	return (pipe_put(p, line, (size_t)n + 2));
}

/* ---- the message */

/*
 * The message comes from memory (one chunk) or from its file, read in
 * PIPE_CHUNK blocks with pread(2): it is never whole in memory.  *data
 * is the next chunk from off; returns its length, 0 at the end, -1 when
 * the file could not be read (or has shrunk).
 */
static ssize_t
src_chunk(const struct pipe_src *src, size_t off, char *buf, const char **data)
{
	size_t	n = src->len - off;
	ssize_t r;

	if (off >= src->len)
		return (0);
	if (src->mem != NULL) {
		*data = src->mem + off;
		return ((ssize_t)n);
	}
	if (n > PIPE_CHUNK)
		n = PIPE_CHUNK;
	while (
	    (r = pread(src->fd, buf, n, (off_t)off)) == -1 && errno == EINTR)
		;
	if (r <= 0)
		return (-1);
	*data = buf;
	return (r);
}

int
pipe_wire_size_src(const struct pipe_src *src, size_t *wire)
{
	const char *d = NULL;
	char	   *buf = src->mem == NULL ? xmalloc(PIPE_CHUNK) : NULL;
	size_t	    n = 2, off = 0, i;
	ssize_t	    got;
	int	    cr = 0;

	while ((got = src_chunk(src, off, buf, &d)) > 0) {
		for (i = 0; i < (size_t)got; i++) {
			if (cr && d[i] == '\n') {
				cr = 0;
				continue;
			}
			cr = d[i] == '\r';
			n += (d[i] == '\r' || d[i] == '\n') ? 2 : 1;
		}
		off += (size_t)got;
	}
	free(buf);
	*wire = n;
	return (got == -1 ? -1 : 0);
}

size_t
pipe_wire_size(const char *msg, size_t len)
{
	struct pipe_src src = { msg, -1, len };
	size_t		n;

	pipe_wire_size_src(&src, &n);
	return (n);
}

/*
 * The same bytes libetpan's mailstream_send_data() produced: a bare LF
 * or bare CR ends a line as CRLF, a line's leading dot is doubled (DATA
 * only), then CRLF ends the last line (and ".\r\n" the data).  Streamed
 * through the buffer: no copy of the whole message.
 */
/* About every twentieth of the message: the bytes written so far. */
static void
pipe_progress(struct smtp_pipe *p, size_t done, size_t total, size_t *next)
{
	if (p->progress == NULL || done < *next)
		return;
	p->progress(p->progress_arg, done, total);
	*next = done + (total / 20 > 0 ? total / 20 : 1);
}

/* The end of the message: written now when progress is reported. */
static int
pipe_message_end(struct smtp_pipe *p, size_t len)
{
	if (p->progress == NULL)
		return (0);
	if (pipe_out(p) == -1)
		return (-1);
	p->progress(p->progress_arg, len, len);
	return (0);
}

/* Where a chunk's bytes are in the message's lines. */
struct pipe_lines {
	int    bol;  /* at the beginning of a line */
	int    cr;   /* the last byte was a CR (written as CRLF) */
	size_t next; /* progress */
};

/* One chunk (from message offset off) into the buffer. */
static int
pipe_chunk(struct smtp_pipe *p, struct pipe_lines *st, const char *msg,
    size_t len, size_t off, size_t total, int dot)
{
	size_t i = 0, j, room, before;

	while (i < len) {
		before = p->len;
		if (pipe_room(p, 4) == -1)
			return (-1);
		if (p->len < before) /* the buffer went out */
			pipe_progress(p, off + i, total, &st->next);
		if (st->cr) { /* a CRLF split between chunks */
			st->cr = 0;
			if (msg[i] == '\n') {
				i++;
				continue;
			}
		}
		if (st->bol && dot && msg[i] == '.')
			p->buf[p->len++] = '.';
		room = SMTP_PIPE_BUF - p->len - 2; /* keep 2 for CRLF */
		for (j = i; j < len && j - i < room && msg[j] != '\r' &&
		     msg[j] != '\n';
		     j++)
			;
		memcpy(p->buf + p->len, msg + i, j - i);
		p->len += j - i;
		st->bol = 0;
		if ((i = j) < len && (msg[i] == '\r' || msg[i] == '\n')) {
			if (msg[i] == '\r' && i + 1 == len)
				st->cr = 1;
			else if (msg[i] == '\r' && msg[i + 1] == '\n')
				i++;
			i++;
			memcpy(p->buf + p->len, "\r\n", 2);
			p->len += 2;
			st->bol = 1;
		}
	}
	return (0);
}

int
pipe_message_src(struct smtp_pipe *p, const struct pipe_src *src, int dot)
{
	struct pipe_lines st = { 1, 0, src->len / 20 };
	const char	 *d = NULL;
	char		 *buf = src->mem == NULL ? xmalloc(PIPE_CHUNK) : NULL;
	size_t		  off = 0, len = src->len;
	ssize_t		  got;
	int		  rc = 0;

	while (rc == 0 && (got = src_chunk(src, off, buf, &d)) != 0) {
		if (got == -1)
			rc = -1; /* the file: cut short, the server drops it */
		else
			rc = pipe_chunk(p, &st, d, (size_t)got, off, len, dot);
		off += got > 0 ? (size_t)got : 0;
	}
	free(buf);
	if (rc == -1)
		return (-1);
	if (!dot)
		return (pipe_put(p, "\r\n", 2) == -1 ?
			-1 :
			pipe_message_end(p, len));
	if (p->npend >= sizeof p->pend / sizeof p->pend[0])
		return (-1);
	p->pend[p->npend].cmd = PIPE_DOT; /* the dot expects a reply */
	p->pend[p->npend].arg = 0;
	p->npend++;
	if (pipe_put(p, "\r\n.\r\n", 5) == -1)
		return (-1);
	return (pipe_message_end(p, len));
}

int
pipe_message(struct smtp_pipe *p, const char *msg, size_t len, int dot)
{
	struct pipe_src src = { msg, -1, len };

	return (pipe_message_src(p, &src, dot));
}

/* ---- replies */

/* Append text to the one-line reply, printable ASCII only. */
static void
reply_add(struct smtp_reply *r, size_t *tlen, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && *tlen + 1 < sizeof r->text; i++)
		r->text[(*tlen)++] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] :
								     '?';
	r->text[*tlen] = '\0';
}

static int
reply_bad(struct smtp_reply *r, const char *line, size_t n)
{
	size_t tlen = 0;

	r->code = -1;
	reply_add(r, &tlen, line, n > 200 ? 200 : n);
	return (-2);
}

static int
reply_lost(struct smtp_session *s, struct smtp_reply *r)
{
	int to = 0;

	if (s->smtp->stream != NULL)
		tls_low_why(mailstream_get_low(s->smtp->stream), &to);
	r->code = 0;
	r->timed_out = to;
	snprintf(r->text, sizeof r->text, "%s", smtp_why(s));
	return (-1);
}

/* A reply that goes on past SMTP_REPLY_LINES: as good as lost. */
static int
reply_long(struct smtp_reply *r)
{
	r->code = 0;
	snprintf(r->text, sizeof r->text,
	    "sent more than %d lines in one reply", SMTP_REPLY_LINES);
	return (-1);
}

/* "250-text", "250 text" or "250": *last 1 for the final line. */
static int
reply_line(const char *p, size_t n, int *code, int *last)
{
	if (n < 3 || n > SMTP_LINE_MAX || p[0] < '2' || p[0] > '5' ||
	    p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9')
		return (-1);
	if (n > 3 && p[3] != ' ' && p[3] != '-')
		return (-1);
	*code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	*last = (n == 3 || p[3] == ' ');
	return (0);
}

int
pipe_read(struct smtp_session *s, struct smtp_reply *r)
{
	MMAPString *line = s->smtp->line_buffer;
	size_t	    n, tlen = 0;
	int	    i, code, last;

	memset(r, 0, sizeof *r);
	for (i = 0;; i++) {
		if (s->smtp->stream == NULL ||
		    mailstream_read_line(s->smtp->stream, line) == NULL ||
		    line->len == 0 || line->str[line->len - 1] != '\n')
			return (reply_lost(s, r));
		n = line->len - 1;
		if (n > 0 && line->str[n - 1] == '\r')
			n--;
		if (i >= SMTP_REPLY_LINES)
			return (reply_long(r));
		if (reply_line(line->str, n, &code, &last) == -1 ||
		    (i > 0 && code != r->code))
			return (reply_bad(r, line->str, n));
		if (i == 0)
			tlen = (size_t)snprintf(r->text, sizeof r->text, "%d",
			    code);
		if (n > 4) {
			reply_add(r, &tlen, " ", 1);
			reply_add(r, &tlen, line->str + 4, n - 4);
		}
		r->code = code;
		if (last)
			return (0);
	}
}

/* ---- between transactions */

/*
 * Nothing should come between a final reply and our next command.  If
 * something did (the server closed, or said 421 and closed), the session
 * is over: OP_ENET, nothing of the next message sent.
 */
int
pipe_idle_check(struct smtp_session *s, struct op_err *err)
{
	mailstream	 *st = s->smtp->stream;
	mailstream_low	 *low = mailstream_get_low(st);
	struct smtp_reply r;
	struct pollfd	  pfd;
	int		  rc;

	pfd.fd = mailstream_low_get_fd(low);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (st->read_buffer_len == 0 && poll(&pfd, 1, 0) <= 0)
		return (0);
	mailstream_low_set_timeout(low, 1); /* TLS noise must not hang */
	tls_low_restart(low);
	rc = pipe_read(s, &r);
	if (s->smtp->stream != NULL)
		mailstream_low_set_timeout(low, s->timeout_reply);
	op_err_set(err, OP_ENET,
	    "%s ended the session after the last message (%s); nothing of this one was sent",
	    s->host, r.text);
	if (rc == 0)
		op_err_reply(err, r.text);
	smtp_drop(s);
	return (-1);
}

int
pipe_fail(struct smtp_session *s, const char *what, const struct smtp_reply *r,
    struct op_err *err)
{
	if (r->code >= 400 && r->code < 500)
		op_err_set(err, OP_ETEMP, "%s deferred %s: %s", s->host, what,
		    r->text);
	else if (r->code >= 500 && r->code < 600)
		op_err_set(err, OP_EREJECT, "%s refused %s: %s", s->host, what,
		    r->text);
	else
		op_err_set(err, OP_EPROTO,
		    "%s gave an unexpected reply to %s: %s", s->host, what,
		    r->text);
	op_err_reply(err, r->text);
	/* 421: the server is closing; anything else odd: out of step. */
	if (r->code == 421 || err->code == OP_EPROTO)
		smtp_drop(s);
	return (-1);
}

int
pipe_rset(struct smtp_session *s, struct op_err *err)
{
	struct smtp_pipe  p;
	struct smtp_reply r;
	int		  rc;

	pipe_init(&p, s);
	rc = pipe_cmd(&p, PIPE_RSET, 0, "RSET");
	if (rc == 0)
		rc = pipe_flush(&p);
	pipe_free(&p);
	if (rc == -1)
		return (smtp_lost(s, "RSET", err));
	if ((rc = pipe_read(s, &r)) == -1) {
		op_err_set(err, OP_ENET, "%s: %s (during RSET)", s->host,
		    r.text);
		smtp_drop(s);
		return (-1);
	}
	if (rc == -2) {
		op_err_set(err, OP_EPROTO,
		    "%s sent a malformed reply to RSET: \"%s\"", s->host,
		    r.text);
		smtp_drop(s);
		return (-1);
	}
	if (r.code / 100 != 2)
		return (pipe_fail(s, "RSET", &r, err));
	s->in_txn = 0;
	return (0);
}
