/*
 * imap.c -- a sent copy over IMAP: libetpan's IMAP client on a stream
 * that tls_connect() has verified (implicit TLS, or STARTTLS with no
 * way around it), so no credential leaves before the certificate is
 * checked.  LOGIN only when the server allows it (else AUTHENTICATE
 * PLAIN), traced as "<redacted>"; an APPEND's message is left out of
 * the trace, and its APPENDUID is checked before it is believed.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "conf/config.h"
#include "wire/imap.h"
#include "wire/imap-caps.h"
#include "wire/mutf7.h"
#include "wire/net.h"
#include "base/xmalloc.h"

struct imap_session {
	mailimap	  *imap;
	char		  *host;
	int		   timeout_connect;
	int		   timeout_reply;
	trace_fn	   trace;
	void		  *trace_arg;
	int		   in_literal; /* an APPEND's message is on its way */
	int		   in_auth;    /* AUTHENTICATE under way */
	int		   auth_sent;  /* ... and it sent something */
	int		   preauth;    /* the greeting was PREAUTH: no login */
	struct tls_low_why why; /* the stream's last failure, kept past it */
};

static void __attribute__((format(printf, 3, 4)))
tracef(struct imap_session *s, enum trace_dir dir, const char *fmt, ...)
{
	char	buf[1024];
	va_list ap;

	if (s->trace == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	s->trace(s->trace_arg, dir, buf, strlen(buf));
}

/*
 * A private write: "a2 LOGIN <redacted>", "a2 AUTHENTICATE <redacted>"
 * (the command is shown, never its arguments), else "<redacted>".
 */
static void
trace_private(struct imap_session *s, const char *text, size_t len)
{
	static const char *const cmds[] = { "LOGIN ", "AUTHENTICATE " };
	const char		*sp = memchr(text, ' ', len);
	size_t			 i, n;

	for (i = 0; sp != NULL && i < sizeof cmds / sizeof cmds[0]; i++) {
		n = strlen(cmds[i]);
		if ((size_t)(sp - text) + 1 + n <= len &&
		    strncasecmp(sp + 1, cmds[i], n) == 0) {
			tracef(s, TRACE_SENT, "%.*s %s<redacted>\r\n",
			    (int)(sp - text), text, cmds[i]);
			return;
		}
	}
	tracef(s, TRACE_SENT, "<redacted>\r\n");
}

static void
imap_logger(mailimap *imap, int type, const char *text, size_t len, void *arg)
{
	struct imap_session *s = arg;

	(void)imap;
	if (s->in_auth && type != MAILSTREAM_LOG_TYPE_DATA_RECEIVED)
		s->auth_sent = 1;
	if (s->trace == NULL)
		return;
	switch (type) {
	case MAILSTREAM_LOG_TYPE_DATA_RECEIVED:
		s->trace(s->trace_arg, TRACE_RECEIVED, text, len);
		break;
	case MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE:
		trace_private(s, text, len);
		break;
	case MAILSTREAM_LOG_TYPE_DATA_SENT:
		if (s->in_auth)
			trace_private(s, text, len);
		else if (!s->in_literal)
			s->trace(s->trace_arg, TRACE_SENT, text, len);
		break;
	}
}

/* The server's last text, one line, printable. */
static void
reply_text(struct imap_session *s, char *buf, size_t size)
{
	const char *r = s->imap->imap_response;
	size_t	    n = 0;

	for (; r != NULL && *r != '\0' && n + 1 < size; r++)
		buf[n++] = (*r >= 0x20 && *r < 0x7f) ? *r : ' ';
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, size, "no reason given");
}

static int
stream_lost(struct imap_session *s, const char *what, struct op_err *err)
{
	const char *why = NULL;

	if (s->imap->imap_stream != NULL)
		why = tls_low_why(mailstream_get_low(s->imap->imap_stream),
		    NULL);
	if (why == NULL && s->why.text[0] != '\0')
		why = s->why.text;
	return (op_err_set(err, OP_ENET, "%s: %s (during %s)", s->host,
	    why != NULL ? why : "connection lost", what));
}

/* A failed command: lost, or refused with the server's words. */
static int
failed(struct imap_session *s, int r, const char *what, struct op_err *err)
{
	char reply[OP_ERR_REPLY];

	if (r == MAILIMAP_ERROR_STREAM)
		return (stream_lost(s, what, err));
	reply_text(s, reply, sizeof reply);
	op_err_set(err, OP_EREJECT, "%s refused %s: %s", s->host, what, reply);
	op_err_reply(err, reply);
	return (-1);
}

/*
 * tls.c names the SMTP pin's key in a pin refusal; this pin is
 * imap.fingerprint, so say that instead.
 */
static void
name_imap_pin(struct op_err *err)
{
	static const char smtp_key[] = "(tls.fingerprint)";
	char		  rest[OP_ERR_MSG], *at;

	if ((at = strstr(err->msg, smtp_key)) == NULL)
		return;
	snprintf(rest, sizeof rest, "%s", at + sizeof smtp_key - 1);
	snprintf(at, sizeof err->msg - (size_t)(at - err->msg),
	    "(imap.fingerprint)%s", rest);
}

/* IMAP's bounds on what the server sends, and the failure kept. */
static void
imap_bounds(struct imap_session *s, mailstream_low *low)
{
	tls_low_bounds(low, 1);
	tls_low_keep_why(low, &s->why);
}

static void
trace_tls(struct imap_session *s, const struct tls_peer *peer, const char *pin)
{
	tracef(s, TRACE_INFO, "TLS up: %s %s; certificate for %s, %s",
	    peer->protocol, peer->cipher,
	    peer->names[0] != '\0' ? peer->names : peer->subject,
	    pin != NULL ? "accepted by its pinned fingerprint" :
			  "chain and name verified");
}

/*
 * TCP, then TLS verified before any IMAP byte; for STARTTLS a plain
 * stream that carries nothing but the greeting, CAPABILITY and STARTTLS.
 */
static int
imap_stream(struct imap_session *s, const struct imap_opts *o,
    struct tls_ctx *ctx, struct tls_peer *peer, mailstream **streamp,
    struct op_err *err)
{
	struct tls_dial dial = { o->host, o->pin, !o->starttls,
		s->timeout_connect, s->timeout_reply };
	int		fd;

	if (net_connect(o->host, o->port, s->timeout_connect, &fd, err) == -1)
		return (-1);
	tracef(s, TRACE_INFO, "connected to %s port %d%s", o->host, o->port,
	    o->starttls ? " (STARTTLS)" : "");
	if (tls_stream(ctx, fd, &dial, streamp, peer, err) == -1) {
		if (o->pin != NULL && err->code == OP_ETLS)
			name_imap_pin(err);
		return (-1);
	}
	imap_bounds(s, mailstream_get_low(*streamp));
	if (!o->starttls)
		trace_tls(s, peer, o->pin);
	return (0);
}

/* Close the connection without LOGOUT (insecure, or broken). */
static void
imap_drop(struct imap_session *s)
{
	if (s->imap->imap_stream != NULL) {
		mailstream_close(s->imap->imap_stream);
		s->imap->imap_stream = NULL;
	}
}

/*
 * CAPABILITY, unless fresh is 0 and the greeting listed them.  What was
 * known is forgotten first (after STARTTLS only the new list counts).
 */
static int
imap_caps(struct imap_session *s, int fresh, struct op_err *err)
{
	struct mailimap_connection_info *ci = s->imap->imap_connection_info;
	int				 r;

	if (!fresh && ci != NULL && ci->imap_capability != NULL)
		return (0);
	if ((r = imap_caps_ask(s->imap)) != MAILIMAP_NO_ERROR)
		return (failed(s, r, "CAPABILITY", err));
	return (0);
}

/*
 * PREAUTH: the server logged us in at its greeting.  Over verified
 * implicit TLS that is the server's own decision (as with a client
 * certificate), it learns no password and gets no more than LOGIN would
 * give it, so it is accepted.  Before STARTTLS it would keep the
 * connection in the clear (RFC 3501 §6.2.1 allows STARTTLS only before
 * login), so it is refused.
 */
static int
imap_greeting(struct imap_session *s, const struct imap_opts *o,
    mailstream *stream, struct op_err *err)
{
	int r;

	r = mailimap_connect(s->imap, stream);
	if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
		return (0);
	if (r == MAILIMAP_NO_ERROR_AUTHENTICATED && !o->starttls) {
		s->preauth = 1;
		tracef(s, TRACE_INFO,
		    "%s logged us in with its greeting (PREAUTH) over verified TLS: no login needed",
		    s->host);
		return (0);
	}
	if (r == MAILIMAP_NO_ERROR_AUTHENTICATED)
		return (op_err_set(err, OP_ETLS,
		    "%s logged us in before STARTTLS (PREAUTH), so the connection cannot be secured; refusing",
		    s->host));
	if (r == MAILIMAP_ERROR_STREAM)
		return (stream_lost(s, "the greeting", err));
	return (op_err_set(err, OP_EPROTO, "%s sent an unexpected greeting",
	    s->host));
}

/*
 * imap.tls = starttls: STARTTLS offered or refuse (no downgrade), no
 * byte may follow its OK before the handshake, the certificate checked
 * as for implicit TLS, and the capabilities read again over TLS.
 */
static int
imap_starttls(struct imap_session *s, const struct imap_opts *o,
    struct tls_ctx *ctx, struct tls_peer *peer, struct op_err *err)
{
	mailstream     *stream = s->imap->imap_stream;
	mailstream_low *old, *low;
	int		r;

	if (imap_caps(s, 0, err) == -1)
		return (-1);
	if (!mailimap_has_extension(s->imap, "STARTTLS"))
		return (op_err_set(err, OP_ETLS,
		    "%s does not offer STARTTLS (imap.tls = starttls); outpost never logs in in the clear",
		    s->host));
	r = mailimap_starttls(s->imap);
	if (stream->read_buffer_len != 0)
		return (tls_starttls_tampered(s->host, err));
	if (r != MAILIMAP_NO_ERROR)
		return (failed(s, r, "STARTTLS", err));
	old = mailstream_get_low(stream);
	if (tls_connect(ctx, mailstream_low_get_fd(old), s->host, o->pin,
		s->timeout_connect, &low, peer, err) == -1) {
		if (peer->not_tls)
			tls_starttls_tampered(s->host, err);
		else if (o->pin != NULL && err->code == OP_ETLS)
			name_imap_pin(err);
		return (-1);
	}
	mailstream_low_free(old); /* leaves the socket open */
	mailstream_set_low(stream, low);
	mailstream_low_set_timeout(low, s->timeout_reply);
	imap_bounds(s, low);
	trace_tls(s, peer, o->pin);
	return (imap_caps(s, 1, err));
}

int
imap_open(const struct imap_opts *o, struct tls_ctx *ctx,
    struct imap_session **sp, struct tls_peer *peer, struct op_err *err)
{
	struct imap_session *s;
	struct tls_peer	     local;
	mailstream	    *stream;

	if (!net_endpoint_ok(o->host, o->port))
		return (op_err_set(err, OP_ECONFIG,
		    "no IMAP server: set imap.host or use a policy that names one"));
	if (peer == NULL)
		peer = &local;
	s = xcalloc(1, sizeof *s);
	s->host = xstrdup(o->host);
	s->timeout_connect = o->timeout_connect > 0 ? o->timeout_connect :
						      CONFIG_TIMEOUT_CONNECT;
	s->timeout_reply = o->timeout_reply > 0 ? o->timeout_reply :
						  CONFIG_TIMEOUT_REPLY;
	s->trace = o->trace;
	s->trace_arg = o->trace_arg;
	if ((s->imap = mailimap_new(0, NULL)) == NULL) {
		imap_close(s);
		return (op_err_set(err, OP_ENOMEM, "out of memory"));
	}
	mailimap_set_logger(s->imap, imap_logger, s);
	if (imap_stream(s, o, ctx, peer, &stream, err) == -1) {
		imap_close(s);
		return (-1);
	}
	if (imap_greeting(s, o, stream, err) == -1 ||
	    (o->starttls && imap_starttls(s, o, ctx, peer, err) == -1) ||
	    (!s->preauth && imap_caps(s, 0, err) == -1)) {
		imap_drop(s);
		imap_close(s);
		return (-1);
	}
	*sp = s;
	return (0);
}

int
imap_needs_login(const struct imap_session *s)
{
	return (!s->preauth);
}

/* AUTHENTICATE PLAIN through libetpan's SASL, as SMTP's AUTH. */
static int
imap_auth_plain(struct imap_session *s, const char *user, const char *pass,
    struct op_err *err)
{
	char reply[OP_ERR_REPLY];
	int  r;

	s->in_auth = 1;
	s->auth_sent = 0;
	r = mailimap_authenticate(s->imap, "PLAIN", s->host, NULL, NULL, user,
	    user, pass, NULL);
	s->in_auth = 0;
	if (r == MAILIMAP_NO_ERROR)
		return (0);
	if (!s->auth_sent)
		return (op_err_set(err, OP_EPROTO,
		    "cannot use AUTHENTICATE PLAIN: the SASL PLAIN module is missing (install libsasl2-modules)"));
	if (r == MAILIMAP_ERROR_STREAM)
		return (stream_lost(s, "AUTHENTICATE", err));
	reply_text(s, reply, sizeof reply);
	op_err_set(err, OP_EAUTH, "IMAP login failed for %s at %s: %s", user,
	    s->host, reply);
	op_err_reply(err, reply);
	return (-1);
}

int
imap_login(struct imap_session *s, const char *user, const char *pass,
    struct op_err *err)
{
	char reply[OP_ERR_REPLY];
	int  r;

	if (s->preauth)
		return (0);
	/* RFC 3501 §6.2.3: LOGIN must not be sent. */
	if (mailimap_has_extension(s->imap, "LOGINDISABLED")) {
		if (mailimap_has_authentication(s->imap, "PLAIN"))
			return (imap_auth_plain(s, user, pass, err));
		return (op_err_set(err, OP_EPROTO,
		    "%s: the server refuses LOGIN and offers no AUTHENTICATE PLAIN; no Sent copy can be made (ask the provider, or set imap.sent_copy = no)",
		    s->host));
	}
	if ((r = mailimap_login(s->imap, user, pass)) == MAILIMAP_NO_ERROR)
		return (0);
	if (r == MAILIMAP_ERROR_STREAM)
		return (stream_lost(s, "LOGIN", err));
	reply_text(s, reply, sizeof reply);
	op_err_set(err, OP_EAUTH, "IMAP login failed for %s at %s: %s", user,
	    s->host, reply);
	op_err_reply(err, reply);
	return (-1);
}

/* 1 if the LIST entry carries the \Sent attribute. */
static int
has_sent_flag(const struct mailimap_mailbox_list *mb)
{
	clistiter		       *c;
	struct mailimap_mbx_list_oflag *f;

	if (mb->mb_flag == NULL)
		return (0);
	for (c = clist_begin(mb->mb_flag->mbf_oflags); c != NULL;
	     c = clist_next(c)) {
		f = clist_content(c);
		if (f->of_type == MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT &&
		    f->of_flag_ext != NULL &&
		    strcasecmp(f->of_flag_ext, "Sent") == 0)
			return (1);
	}
	return (0);
}

/*
 * A LIST name in UTF-8 (allocated), or NULL when it is not modified
 * UTF-7 (traced: such a name cannot be the one we look for).
 */
static char *
list_name(struct imap_session *s, const char *wire)
{
	const char *why;
	char	   *name;

	if (mutf7_decode(wire, &name, &why) == 0)
		return (name);
	tracef(s, TRACE_INFO,
	    "the folder \"%.200s\" that the server lists is not a valid modified UTF-7 name (%s); it is left out",
	    wire, why);
	return (NULL);
}

/* The folder with the \Sent attribute (allocated, UTF-8), or NULL. */
static int
special_sent(struct imap_session *s, clist *list, char **folder,
    struct op_err *err)
{
	struct mailimap_mailbox_list *mb;
	clistiter		     *c;

	*folder = NULL;
	for (c = clist_begin(list); c != NULL; c = clist_next(c)) {
		mb = clist_content(c);
		if (!has_sent_flag(mb))
			continue;
		if ((*folder = list_name(s, mb->mb_name)) != NULL)
			return (0);
		return (op_err_set(err, OP_EPROTO,
		    "%s marks the folder \"%.200s\" as the Sent folder, but its name is not valid modified UTF-7 (RFC 3501); set imap.sent_folder to the folder to use",
		    s->host, mb->mb_name));
	}
	return (0);
}

/* 1 when folder (UTF-8) is in the LIST answer. */
static int
listed(struct imap_session *s, clist *list, const char *folder)
{
	struct mailimap_mailbox_list *mb;
	clistiter		     *c;
	char			     *name;
	int			      found = 0;

	for (c = clist_begin(list); !found && c != NULL; c = clist_next(c)) {
		mb = clist_content(c);
		if ((name = list_name(s, mb->mb_name)) == NULL)
			continue;
		found = strcmp(name, folder) == 0 ||
		    (strcasecmp(folder, "INBOX") == 0 &&
			strcasecmp(name, "INBOX") == 0);
		free(name);
	}
	return (found);
}

int
imap_find_sent(struct imap_session *s, const char *configured, char **folder,
    int *exists, struct op_err *err)
{
	clist *list = NULL;
	int    r;

	*folder = NULL;
	*exists = 0;
	if ((r = mailimap_list(s->imap, "", "*", &list)) != MAILIMAP_NO_ERROR)
		return (failed(s, r, "LIST", err));
	if (configured == NULL && special_sent(s, list, folder, err) != 0) {
		mailimap_list_result_free(list);
		return (-1);
	}
	if (*folder == NULL)
		*folder = xstrdup(configured != NULL ? configured : "Sent");
	*exists = listed(s, list, *folder);
	mailimap_list_result_free(list);
	return (0);
}

/*
 * The folder's name on the wire (allocated): modified UTF-7.  The names
 * outpost holds (configuration, envelopes) are UTF-8.
 */
static int
wire_name(struct imap_session *s, const char *folder, char **out,
    struct op_err *err)
{
	const char *why;

	if (mutf7_encode(folder, out, &why) == 0)
		return (0);
	return (op_err_set(err, OP_ECONFIG,
	    "the folder name \"%.200s\" cannot be given to %s: %s; set imap.sent_folder to a UTF-8 name",
	    folder, s->host, why));
}

int
imap_create(struct imap_session *s, const char *folder, struct op_err *err)
{
	char *name;
	int   r;

	if (wire_name(s, folder, &name, err) != 0)
		return (-1);
	r = mailimap_create(s->imap, name);
	free(name);
	if (r != MAILIMAP_NO_ERROR)
		return (failed(s, r, "CREATE", err));
	return (0);
}

/* The Date header's value, unfolded enough for the parser. */
static struct mailimap_date_time *
message_date(const char *msg, size_t len)
{
	struct mailimf_date_time  *d = NULL;
	struct mailimap_date_time *dt;
	const char		  *p = msg, *end = msg + len, *eol;
	size_t			   idx = 0;

	while (p < end && *p != '\r' && *p != '\n') {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) > 5 && strncasecmp(p, "Date:", 5) == 0) {
			if (mailimf_date_time_parse(p + 5,
				(size_t)(eol - p) - 5, &idx,
				&d) != MAILIMF_NO_ERROR)
				return (NULL);
			break;
		}
		p = eol + 1;
	}
	if (d == NULL)
		return (NULL);
	dt = mailimap_date_time_new(d->dt_day, d->dt_month, d->dt_year,
	    d->dt_hour, d->dt_min, d->dt_sec, d->dt_zone);
	mailimf_date_time_free(d);
	return (dt);
}

/*
 * The tagged completion of the last command in what libetpan read ("7 OK
 * [APPENDUID 38505 3955] done"), as it came: *len bytes, or NULL.
 */
static const char *
tagged_line(struct imap_session *s, size_t *len)
{
	MMAPString *b = s->imap->imap_stream_buffer;
	char	    tag[16];
	const char *p, *end, *eol, *found = NULL;
	size_t	    n;

	if (b == NULL || b->str == NULL)
		return (NULL);
	n = (size_t)snprintf(tag, sizeof tag, "%d ", s->imap->imap_tag);
	for (p = b->str, end = b->str + b->len; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if ((size_t)(eol - p) > n && memcmp(p, tag, n) == 0) {
			found = p + n;
			*len = (size_t)(eol - found);
		}
	}
	return (found);
}

/* RFC 3501's nz-number, 32-bit: 1 to 4294967295, no sign, no leading 0. */
static int
nz_number(const char *p, size_t len, uint32_t *v)
{
	unsigned long long n = 0;
	size_t		   i;

	if (len == 0 || len > 10 || p[0] == '0')
		return (-1);
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return (-1);
		n = n * 10 + (unsigned long long)(p[i] - '0');
	}
	if (n > UINT32_MAX)
		return (-1);
	*v = (uint32_t)n;
	return (0);
}

/*
 * The UID from "OK [APPENDUID uidvalidity uid]" (RFC 4315), read from
 * the server's own bytes: libetpan wraps numbers over 32 bits and takes
 * a zero.  0 when there is none or it is not valid.
 */
static uint32_t
appenduid(struct imap_session *s, const char *line, size_t len)
{
	static const char key[] = "[APPENDUID ";
	const char	 *p, *end = line + len, *sp, *close;
	uint32_t	  uidv, uid;

	for (p = line; (size_t)(end - p) >= sizeof key - 1; p++)
		if (strncasecmp(p, key, sizeof key - 1) == 0)
			break;
	if ((size_t)(end - p) < sizeof key - 1)
		return (0);
	p += sizeof key - 1;
	sp = memchr(p, ' ', (size_t)(end - p));
	close = memchr(p, ']', (size_t)(end - p));
	if (sp != NULL && close != NULL && sp < close &&
	    nz_number(p, (size_t)(sp - p), &uidv) == 0 &&
	    nz_number(sp + 1, (size_t)(close - sp - 1), &uid) == 0)
		return (uid);
	tracef(s, TRACE_INFO,
	    "the server's APPENDUID is not a valid UIDVALIDITY and UID; the copy is made, no UID recorded");
	return (0);
}

/*
 * After APPEND: appended (1, *uid set), refused (0), or unknown (-1):
 * an answer libetpan could not read (a bad response code) still counts
 * as made when its tagged status is OK.
 */
static int
append_result(struct imap_session *s, int r, uint32_t *uid)
{
	const char *line;
	size_t	    len = 0;

	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_ERROR_PARSE)
		return (r == MAILIMAP_ERROR_APPEND ? 0 : -1);
	line = tagged_line(s, &len);
	if (line == NULL || len < 2 || strncasecmp(line, "OK", 2) != 0 ||
	    (len > 2 && line[2] != ' ' && line[2] != '\r'))
		return (r == MAILIMAP_NO_ERROR ? 1 : -1);
	*uid = appenduid(s, line, len);
	return (1);
}

int
imap_append(struct imap_session *s, const char *folder, const char *msg,
    size_t len, uint32_t *uid, struct op_err *err)
{
	struct mailimap_flag_list *fl;
	struct mailimap_date_time *dt;
	uint32_t		   uidv = 0, ignored = 0;
	char			  *name;
	int			   r;

	*uid = 0;
	if (wire_name(s, folder, &name, err) != 0)
		return (-1);
	fl = mailimap_flag_list_new_empty();
	mailimap_flag_list_add(fl, mailimap_flag_new_seen());
	dt = message_date(msg, len);
	tracef(s, TRACE_INFO, "APPEND of %zu bytes to %s", len, folder);
	s->in_literal = 1;
	r = mailimap_uidplus_append(s->imap, name, fl, dt, msg, len, &uidv,
	    &ignored);
	s->in_literal = 0;
	free(name);
	mailimap_flag_list_free(fl);
	if (dt != NULL)
		mailimap_date_time_free(dt);
	switch (append_result(s, r, uid)) {
	case 1:
		return (0);
	case 0:
		return (failed(s, r, "APPEND", err));
	}
	if (r == MAILIMAP_ERROR_STREAM)
		return (stream_lost(s, "APPEND", err));
	imap_drop(s); /* out of step with the server */
	return (op_err_set(err, OP_EPROTO,
	    "%s gave an answer to APPEND that cannot be read; the copy may have been made (it is looked up before the next try)",
	    s->host));
}

int
imap_search_message_id(struct imap_session *s, const char *folder,
    const char *id, uint32_t *uid, struct op_err *err)
{
	struct mailimap_search_key *key;
	clist			   *res = NULL;
	clistiter		   *c;
	char			   *name;
	int			    r, found = 0;

	*uid = 0;
	if (wire_name(s, folder, &name, err) != 0)
		return (-1);
	r = mailimap_select(s->imap, name);
	free(name);
	if (r != MAILIMAP_NO_ERROR)
		return (failed(s, r, "SELECT", err));
	key = mailimap_search_key_new_header(xstrdup("Message-ID"),
	    xstrdup(id));
	r = mailimap_uid_search(s->imap, NULL, key, &res);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return (failed(s, r, "SEARCH", err));
	for (c = clist_begin(res); c != NULL; c = clist_next(c)) {
		*uid = *(uint32_t *)clist_content(c);
		found = 1;
	}
	mailimap_search_result_free(res);
	return (found);
}

void
imap_close(struct imap_session *s)
{
	if (s == NULL)
		return;
	if (s->imap != NULL) {
		if (s->imap->imap_stream != NULL)
			mailimap_logout(s->imap);
		mailimap_free(s->imap);
	}
	free(s->host);
	free(s);
}
