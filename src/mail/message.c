/*
 * message.c -- build an RFC 5322 / MIME message with libetpan: mailimf
 * fields (From, To, Cc, Subject, Date, Message-ID), mailmime parts, and
 * libetpan's writer into our own buffer.  Bcc never reaches the header.
 * To and Cc keep the display names and groups the user wrote.
 *
 * Memory: each attachment's part holds a placeholder; the skeleton
 * libetpan writes (headers, text, part headers, boundaries) is small,
 * and message-stream.c writes the files' base64 into it from disk in
 * blocks: message_build_stream leaves that to the caller's sink (the
 * outbox's temporary file), message_build does it into memory.
 *
 * libetpan's constructors fail only when memory runs out; like xmalloc,
 * that aborts.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "mail/address.h"
#include "mail/message.h"
#include "mail/message-int.h"
#include "base/atomicfile.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define RAND_LEN 16

struct mailimf_date_time *
message_date_now(void)
{
	struct tm tm;
	time_t	  now = time(NULL);
	long	  off;
	int	  zone;

	localtime_r(&now, &tm);
	/* libetpan's mailimf_get_date gets +0530 wrong (writes +0550). */
	off = tm.tm_gmtoff;
	zone = (int)((off < 0 ? -off : off) / 3600 * 100 +
	    (off < 0 ? -off : off) % 3600 / 60);
	return (
	    mailimf_date_time_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
		tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? -zone : zone));
}

static int
random_hex(char *out, struct op_err *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	  rnd[RAND_LEN];
	size_t		  i;

	if (atomicfile_random(rnd, sizeof rnd) == -1)
		return (op_err_set(err, OP_EIO,
		    "no random bytes from getrandom(2) or /dev/urandom for the Message-ID"));
	for (i = 0; i < sizeof rnd; i++) {
		out[2 * i] = hex[rnd[i] >> 4];
		out[2 * i + 1] = hex[rnd[i] & 15];
	}
	out[2 * sizeof rnd] = '\0';
	return (0);
}

char *
message_random_id(const char *addr, struct op_err *err)
{
	char hex[2 * RAND_LEN + 1], *id;

	if (random_hex(hex, err) == -1)
		return (NULL);
	xasprintf(&id, "%s@%s", hex, strrchr(addr, '@') + 1);
	return (id);
}

/* "=_" cannot appear in quoted-printable or base64 text. */
char *
message_random_boundary(struct op_err *err)
{
	char hex[2 * RAND_LEN + 1], *b;

	if (random_hex(hex, err) == -1)
		return (NULL);
	xasprintf(&b, "=_outpost_%s", hex);
	return (b);
}

struct mailimf_mailbox_list *
message_from(const char *addr, const char *name, int utf8)
{
	struct mailimf_mailbox_list *list;
	char			    *dn = NULL;

	if (name != NULL && *name != '\0')
		dn = message_encode_text(name, 1, utf8);
	list = mailimf_mailbox_list_new_empty();
	if (list == NULL ||
	    mailimf_mailbox_list_add_mb(list, dn, xstrdup(addr)) != 0)
		abort();
	return (list);
}

int
message_header_check_len(const char *field, const char *value, size_t len,
    struct op_err *err)
{
	size_t i;

	for (i = 0; value != NULL && i < len; i++) {
		if (value[i] == '\r' || value[i] == '\n')
			return (op_err_set(err, OP_EMESSAGE,
			    "%s: contains a line break; a header must be one line",
			    field));
		if (value[i] == '\0')
			return (op_err_set(err, OP_EMESSAGE,
			    "%s: contains a NUL byte; a header cannot carry one",
			    field));
	}
	return (0);
}

int
message_header_check(const char *field, const char *value, struct op_err *err)
{
	if (value == NULL)
		return (0);
	return (message_header_check_len(field, value, strlen(value), err));
}

/* Header text: one line, valid UTF-8. */
static int
build_check_text(const char *field, const char *value, struct op_err *err)
{
	if (message_header_check(field, value, err) == -1)
		return (-1);
	if (value != NULL && !utf8_valid(value, strlen(value)))
		return (op_err_set(err, OP_EMESSAGE, "%s: is not valid UTF-8",
		    field));
	return (0);
}

/* The recipients as the user wrote them: names and groups kept. */
struct build_rcpts {
	struct address_list to, cc, bcc;
};

/* Each text is an address list; bare local parts get the domain. */
static int
build_read_addrs(const char *field, char *const *texts, size_t n,
    const char *domain, struct address_list *l, struct op_err *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (message_header_check(field, texts[i], err) == -1 ||
		    address_list_read(field, texts[i], domain, l, err) == -1)
			return (-1);
	}
	return (0);
}

static int
build_check(const struct message_spec *spec, struct build_rcpts *r,
    struct op_err *err)
{
	const char *domain;

	if (build_check_text("From", spec->from_name, err) == -1 ||
	    message_header_check("From", spec->from_addr, err) == -1)
		return (-1);
	if (address_check(spec->from_addr, err) == -1) {
		op_err_prefix(err, "From");
		return (-1);
	}
	domain = address_domain_of(spec->from_addr);
	if (build_read_addrs("To", spec->to, spec->nto, domain, &r->to, err) ==
		-1 ||
	    build_read_addrs("Cc", spec->cc, spec->ncc, domain, &r->cc, err) ==
		-1 ||
	    build_read_addrs("Bcc", spec->bcc, spec->nbcc, domain, &r->bcc,
		err) == -1)
		return (-1);
	if (r->to.nmailboxes + r->cc.nmailboxes + r->bcc.nmailboxes == 0)
		return (op_err_set(err, OP_EMESSAGE,
		    "no recipients: give at least one To, Cc or Bcc address"));
	if (build_check_text("Subject", spec->subject, err) == -1 ||
	    message_msgids("In-Reply-To", spec->in_reply_to, NULL, err) ==
		-1 ||
	    message_msgids("References", spec->references, NULL, err) == -1)
		return (-1);
	if (spec->body == NULL && spec->body_len > 0)
		return (op_err_set(err, OP_EINVAL, "no body text"));
	return (0);
}

/*
 * A display name as the header carries it: encoded-words read, then
 * written again (RFC 2047 unless utf8); NULL for none.  libetpan quotes
 * a mailbox's name when it needs it (RFC 5322 3.2.3).
 */
static char *
build_phrase(const char *name, int utf8)
{
	char *dec, *enc;

	if (name == NULL || *name == '\0')
		return (NULL);
	dec = message_decode_text(name);
	enc = message_encode_text(dec, 1, utf8);
	free(dec);
	return (enc);
}

/* A group's name: libetpan writes it as it is, so quote it here. */
static char *
build_group_name(const char *name, int utf8)
{
	struct strbuf ob = STRBUF_INIT;
	char	     *p, *enc = build_phrase(name, utf8);
	const char   *c;

	if (enc == NULL)
		return (xstrdup("\"\""));
	for (p = enc; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) &&
		    strchr(" !#$%&'*+-/=?^_`{|}~", *p) == NULL)
			break;
	if (*p == '\0')
		return (enc);
	strbuf_adds(&ob, "\"");
	for (c = enc; *c != '\0'; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_adds(&ob, "\\");
		strbuf_add(&ob, c, 1);
	}
	strbuf_adds(&ob, "\"");
	free(enc);
	return (strbuf_take(&ob));
}

/* Mailboxes v[0..n) (no groups) as a mailimf list. */
static struct mailimf_mailbox_list *
build_mailboxes(const struct address *v, size_t n, int utf8)
{
	struct mailimf_mailbox_list *ml;
	size_t			     i;

	if ((ml = mailimf_mailbox_list_new_empty()) == NULL)
		abort();
	for (i = 0; i < n; i++)
		if (v[i].addr != NULL &&
		    mailimf_mailbox_list_add_mb(ml,
			build_phrase(v[i].name, utf8),
			xstrdup(v[i].addr)) != 0)
			abort();
	return (ml);
}

struct mailimf_address_list *
message_addr_list(const struct address_list *l, int utf8)
{
	struct mailimf_address_list *al;
	struct mailimf_group	    *g;
	struct mailimf_address	    *a;
	const struct address	    *e;
	size_t			     i;

	if (l->n == 0)
		return (NULL);
	if ((al = mailimf_address_list_new_empty()) == NULL)
		abort();
	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		if (e->addr != NULL) {
			if (mailimf_address_list_add_mb(al,
				build_phrase(e->name, utf8),
				xstrdup(e->addr)) != 0)
				abort();
			continue;
		}
		g = mailimf_group_new(build_group_name(e->name, utf8),
		    e->members > 0 ? build_mailboxes(e + 1, e->members, utf8) :
				     NULL);
		a = mailimf_address_new(MAILIMF_ADDRESS_GROUP, NULL, g);
		if (g == NULL || a == NULL ||
		    mailimf_address_list_add(al, a) != 0)
			abort();
		i += e->members;
	}
	return (al);
}

void
message_write_addrs(struct strbuf *out, const char *field,
    const struct address_list *l)
{
	struct mailimf_fields  *f;
	struct mailimf_mailbox *mb;
	int			col = 0, from, sender;

	from = strcasecmp(field, "From") == 0;
	sender = strcasecmp(field, "Sender") == 0;
	mb = sender && l->n > 0 ?
	    mailimf_mailbox_new(build_phrase(l->v[0].name, 0),
		xstrdup(l->v[0].addr)) :
	    NULL;
	f = mailimf_fields_new_with_data_all(NULL,
	    from ? build_mailboxes(l->v, l->n, 0) : NULL, mb,
	    strcasecmp(field, "Reply-To") == 0 ? message_addr_list(l, 0) :
						 NULL,
	    strcasecmp(field, "To") == 0 ? message_addr_list(l, 0) : NULL,
	    strcasecmp(field, "Cc") == 0 ? message_addr_list(l, 0) : NULL,
	    NULL, NULL, NULL, NULL, NULL);
	if (f == NULL)
		abort();
	mailimf_fields_write_driver(message_strbuf_write, out, &col, f);
	mailimf_fields_free(f);
}

/* Printable ASCII without space, '<' or '>': inside a msg-id's <>. */
static int
msgid_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || memchr(s, '@', n) == NULL)
		return (0);
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == '<' || s[i] == '>')
			return (0);
	return (1);
}

/* The next "<id>" at *p: 1 with its inside, 0 at the end, -1 if bad. */
static int
msgid_next(const char **p, const char **id, size_t *n)
{
	const char *e;

	*p += strspn(*p, " \t");
	if (**p == '\0')
		return (0);
	if (**p != '<' || (e = strchr(*p, '>')) == NULL ||
	    !msgid_ok(*p + 1, (size_t)(e - *p - 1)))
		return (-1);
	*id = *p + 1;
	*n = (size_t)(e - *p - 1);
	*p = e + 1;
	return (1);
}

int
message_msgids(const char *field, const char *text, clist **out,
    struct op_err *err)
{
	const char *p = text != NULL ? text : "", *id;
	size_t	    n;
	int	    r;

	if (out != NULL)
		*out = NULL;
	if (message_header_check(field, text, err) == -1)
		return (-1);
	while ((r = msgid_next(&p, &id, &n)) == 1)
		;
	if (r == -1)
		return (op_err_set(err, OP_EMESSAGE,
		    "%s: \"%.60s\" is not a list of message ids like <id@host>",
		    field, text));
	for (p = text != NULL ? text : "";
	     out != NULL && msgid_next(&p, &id, &n) == 1;) {
		if (*out == NULL && (*out = clist_new()) == NULL)
			abort();
		if (clist_append(*out, xstrndup(id, n)) != 0)
			abort();
	}
	return (0);
}

static struct mailimf_fields *
build_fields(const struct message_spec *spec, const struct build_rcpts *r,
    int utf8, const char *msgid)
{
	struct mailimf_fields *f;
	char		      *subject = NULL;
	clist		      *irt = NULL, *refs = NULL;
	struct op_err	       e = { 0 };

	if (spec->subject != NULL && *spec->subject != '\0')
		subject = message_encode_text(spec->subject, 0, utf8);
	/* Checked before: cannot fail here. */
	(void)message_msgids("In-Reply-To", spec->in_reply_to, &irt, &e);
	(void)message_msgids("References", spec->references, &refs, &e);
	f = mailimf_fields_new_with_data_all(message_date_now(),
	    message_from(spec->from_addr, spec->from_name, utf8), NULL, NULL,
	    message_addr_list(&r->to, utf8), message_addr_list(&r->cc, utf8),
	    NULL, xstrdup(msgid), irt, refs, subject);
	if (f == NULL)
		abort();
	return (f);
}

/* The text/plain part; its encoded data is in *enc (kept until written). */
static struct mailmime *
build_text(const struct message_spec *spec, int eightbit, struct strbuf *enc,
    int *is8bit)
{
	static const int mech[] = { MAILMIME_MECHANISM_7BIT,
		MAILMIME_MECHANISM_8BIT, MAILMIME_MECHANISM_QUOTED_PRINTABLE };
	struct mailmime *part;
	enum message_cte cte;
	const char	*data = spec->body != NULL ? spec->body : "";
	size_t		 len = spec->body_len;

	cte = message_body_cte(data, len, eightbit);
	*is8bit = (cte == MESSAGE_8BIT);
	if (cte == MESSAGE_QP) {
		message_qp_encode(enc, data, len);
		data = enc->p;
		len = enc->len;
	}
	part = mailmime_new_empty(
	    mailmime_content_new_with_str(spec->flowed ?
		    "text/plain; charset=utf-8; format=flowed; delsp=no" :
		    "text/plain; charset=utf-8"),
	    mailmime_fields_new_encoding(mech[cte]));
	if (part == NULL)
		abort();
	/* Already encoded: libetpan only turns LF into CRLF. */
	part->mm_data.mm_single = mailmime_data_new(MAILMIME_DATA_TEXT,
	    mech[cte], 1, data, len, NULL);
	if (part->mm_data.mm_single == NULL)
		abort();
	return (part);
}

static int
build_set_boundary(struct mailmime *mp, struct op_err *err)
{
	struct mailmime_parameter *pa;
	clistiter		  *it;
	char			  *b;

	if ((b = message_random_boundary(err)) == NULL)
		return (-1);
	for (it = clist_begin(mp->mm_content_type->ct_parameters); it != NULL;
	     it = clist_next(it)) {
		pa = clist_content(it);
		if (strcasecmp(pa->pa_name, "boundary") == 0) {
			free(pa->pa_value);
			pa->pa_value = b;
			return (0);
		}
	}
	free(b);
	return (op_err_set(err, OP_EMESSAGE,
	    "libetpan made a multipart without a boundary"));
}

/* The body: the text alone, or multipart/mixed with the attachments. */
static struct mailmime *
build_body(const struct message_spec *spec, struct mailmime *text,
    int eightbit, struct message *msg, struct op_err *err)
{
	struct mailmime *mp;
	char		*token;
	int		 rc;

	if (spec->nattach == 0)
		return (text);
	if ((mp = mailmime_multiple_new("multipart/mixed")) == NULL)
		abort();
	if (mailmime_smart_add_part(mp, text) != MAILIMF_NO_ERROR)
		abort();
	if (build_set_boundary(mp, err) == -1 ||
	    (token = message_random_boundary(err)) == NULL) {
		mailmime_free(mp);
		return (NULL);
	}
	rc = message_attach(mp, spec, token, eightbit, msg, err);
	free(token);
	if (rc == -1) {
		mailmime_free(mp);
		return (NULL);
	}
	return (mp);
}

/* Append the list's mailboxes to the envelope recipients. */
static void
build_add_rcpts(struct message *msg, const struct address_list *l)
{
	char **v = NULL;
	size_t n = 0;

	address_list_addrs(l, &v, &n);
	message_add_rcpts(msg, v, n);
	str_list_free(v, n);
}

/* Append envelope recipients, each address once. */
void
message_add_rcpts(struct message *msg, char *const *list, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < msg->nrcpts; j++)
			if (strcasecmp(msg->rcpts[j], list[i]) == 0)
				break;
		if (j < msg->nrcpts)
			continue;
		msg->rcpts = xreallocarray(msg->rcpts, msg->nrcpts + 1,
		    sizeof *msg->rcpts);
		msg->rcpts[msg->nrcpts++] = xstrdup(list[i]);
	}
}

/* The skeleton: everything but the attachments' base64. */
static int
build_write(struct mailmime *mime, const struct message_spec *spec,
    struct message *msg, struct op_err *err)
{
	struct strbuf ob = STRBUF_INIT;
	int	      col = 0;

	strbuf_reserve(&ob, spec->body_len * 3 + 1024 * (spec->nattach + 2));
	if (mailmime_write_driver(message_strbuf_write, &ob, &col, mime) !=
	    MAILIMF_NO_ERROR) {
		strbuf_free(&ob);
		return (op_err_set(err, OP_EMESSAGE,
		    "libetpan could not write the message"));
	}
	msg->len = ob.len;
	msg->data = strbuf_take(&ob);
	return (message_cut_marks(msg, err));
}

int
message_build_stream(const struct message_spec *spec,
    const struct message_caps *caps, struct message *msg, struct op_err *err)
{
	struct mailmime	  *mime = NULL, *text, *body;
	struct build_rcpts r;
	struct strbuf	   enc = STRBUF_INIT;
	int		   utf8, eightbit, rc = -1;

	memset(msg, 0, sizeof *msg);
	memset(&r, 0, sizeof r);
	if (build_check(spec, &r, err) == -1)
		goto out;
	utf8 = caps != NULL && caps->smtputf8;
	eightbit = caps != NULL && caps->eightbitmime;
	if ((msg->message_id = message_random_id(spec->from_addr, err)) ==
	    NULL)
		goto out;
	if ((mime = mailmime_new_message_data(NULL)) == NULL)
		abort();
	mailmime_set_imf_fields(mime,
	    build_fields(spec, &r, utf8, msg->message_id));
	text = build_text(spec, eightbit, &enc, &msg->eightbit);
	if ((body = build_body(spec, text, eightbit, msg, err)) == NULL)
		goto out;
	if (mailmime_smart_add_part(mime, body) != MAILIMF_NO_ERROR)
		abort();
	if (build_write(mime, spec, msg, err) == -1)
		goto out;
	msg->smtputf8 = utf8 &&
	    !message_is_ascii(msg->data,
		(size_t)(strstr(msg->data, "\r\n\r\n") - msg->data));
	msg->from = xstrdup(spec->from_addr);
	build_add_rcpts(msg, &r.to);
	build_add_rcpts(msg, &r.cc);
	build_add_rcpts(msg, &r.bcc);
	if (spec->subject != NULL)
		msg->subject = xstrdup(spec->subject);
	rc = 0;
out:
	if (mime != NULL)
		mailmime_free(mime);
	address_list_clear(&r.to);
	address_list_clear(&r.cc);
	address_list_clear(&r.bcc);
	strbuf_free(&enc);
	if (rc == -1)
		message_free(msg);
	return (rc);
}

static void
files_free(struct message *msg)
{
	size_t i;

	for (i = 0; i < msg->nfiles; i++) {
		free(msg->files[i].path);
		free(msg->files[i].mark);
	}
	free(msg->files);
	msg->files = NULL;
	msg->nfiles = 0;
}

static int
strbuf_sink(void *arg, const char *data, size_t len)
{
	strbuf_add(arg, data, len);
	return (0);
}

/* The whole message in memory: the stream build written into a buffer. */
int
message_build(const struct message_spec *spec, const struct message_caps *caps,
    struct message *msg, struct op_err *err)
{
	struct strbuf ob = STRBUF_INIT;

	if (message_build_stream(spec, caps, msg, err) == -1)
		return (-1);
	if (msg->nfiles == 0)
		return (0);
	strbuf_reserve(&ob, msg->size + 1);
	if (message_write(msg, strbuf_sink, &ob, err) == -1) {
		strbuf_free(&ob);
		message_free(msg);
		return (-1);
	}
	free(msg->data);
	msg->len = ob.len;
	msg->data = strbuf_take(&ob);
	files_free(msg);
	return (0);
}

void
message_free(struct message *msg)
{
	if (msg == NULL)
		return;
	files_free(msg);
	free(msg->data);
	free(msg->from);
	str_list_free(msg->rcpts, msg->nrcpts);
	str_list_free(msg->bcc, msg->nbcc);
	free(msg->message_id);
	free(msg->subject);
	memset(msg, 0, sizeof *msg);
}
