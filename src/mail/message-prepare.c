/*
 * message-prepare.c -- take a message written by someone else (sendmail
 * mode): split and check its header, let libetpan's mailimf parse it,
 * refuse a From that is not the account's, add From, Date and
 * Message-ID when missing, take recipients from To, Cc and Bcc, drop the
 * Bcc field (its text kept for the Sent copy).  Input whose first line
 * is not a header field is a body alone.  A bare local part ("alice",
 * "root") in To, Cc, Bcc or Reply-To gets the account's domain, in From
 * or Sender becomes the account's address; only such fields are written
 * again, by libetpan.  Line ends become CRLF; a header line over 998
 * octets is folded at white space; a body part with a line over 998
 * octets, a NUL or a bare CR, which no server takes as it is, is
 * re-encoded by message_7bit (message-7bit.c); nothing else is changed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/address.h"
#include "mail/message.h"
#include "mail/message-int.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

/* One header field: where it is in the CRLF copy of the header. */
struct pfield {
	size_t off;    /* first byte of the name */
	size_t colon;  /* the colon */
	size_t end;    /* past the CRLF of its last line */
	size_t line;   /* its first line in the input */
	char  *redone; /* the field written again (CRLF), or NULL */
};

struct prep {
	struct strbuf  hdr; /* the header, CRLF line ends */
	struct pfield *f;
	size_t	       nf;
	size_t	       body; /* where the body starts */
};

/* The field's value (after the colon, before the final CRLF). */
static char *
pf_value(const struct prep *p, const struct pfield *f)
{
	return (xstrndup(p->hdr.p + f->colon + 1, f->end - 2 - f->colon - 1));
}

static int
pf_is(const struct prep *p, const struct pfield *f, const char *name)
{
	size_t n = strlen(name);

	return (f->colon - f->off == n &&
	    strncasecmp(p->hdr.p + f->off, name, n) == 0);
}

static int
prep_line_check(const char *s, size_t len, size_t line, struct op_err *err)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return (op_err_set(err, OP_EMESSAGE,
			    "header line %zu (\"%.*s\") contains a NUL byte",
			    line, (int)i, s));
		if (s[i] == '\r')
			return (op_err_set(err, OP_EMESSAGE,
			    "header line %zu (\"%.*s\") contains a bare CR",
			    line, (int)i, s));
	}
	return (0);
}

/* A field's first line: its name's length (printable ASCII), or 0. */
static size_t
prep_field_name(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] != ':'; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f)
			return (0);
	return (i < len ? i : 0);
}

/* A new field's first line: a name of printable ASCII, then a colon. */
static int
prep_field_start(struct prep *p, const char *s, size_t len, size_t line,
    struct op_err *err)
{
	size_t i;

	if ((i = prep_field_name(s, len)) == 0)
		return (op_err_set(err, OP_EMESSAGE,
		    "header line %zu (\"%.*s\") is not a header field (name: value)",
		    line, (int)(len > 60 ? 60 : len), s));
	p->f = xreallocarray(p->f, p->nf + 1, sizeof *p->f);
	p->f[p->nf].off = p->hdr.len;
	p->f[p->nf].colon = p->hdr.len + i;
	p->f[p->nf].line = line;
	p->f[p->nf].redone = NULL;
	p->nf++;
	return (0);
}

/*
 * Split the header into fields; find the body.  A first line that is
 * not "name: value" (a script's text, "Subject foo") starts a message
 * without a header: all of it is the body.
 */
static int
prep_split(struct prep *p, const char *data, size_t len, struct op_err *err)
{
	size_t pos = 0, eol, next, line = 0, n;

	p->body = len;
	while (pos < len) {
		line++;
		eol = pos;
		while (eol < len && data[eol] != '\n')
			eol++;
		next = eol < len ? eol + 1 : eol;
		n = eol - pos;
		if (n > 0 && eol < len && data[eol - 1] == '\r')
			n--;
		if (n == 0) {
			p->body = next;
			break;
		}
		if (line == 1 && prep_field_name(data, n) == 0) {
			p->body = 0;
			break;
		}
		if (prep_line_check(data + pos, n, line, err) == -1)
			return (-1);
		if (data[pos] == ' ' || data[pos] == '\t') {
			/* continues the field before (line 1 never does) */
		} else if (prep_field_start(p, data + pos, n, line, err) == -1)
			return (-1);
		if (message_fold_long(&p->hdr, data + pos, n) == -1)
			return (op_err_set(err, OP_EMESSAGE,
			    "header line %zu is longer than 998 octets and has no white space to fold it at; shorten it",
			    line));
		strbuf_add(&p->hdr, "\r\n", 2);
		p->f[p->nf - 1].end = p->hdr.len;
		pos = next;
	}
	return (0);
}

/* Let mailimf parse the whole header; keep the typed fields. */
static int
prep_parse(struct prep *p, struct mailimf_fields **fields, struct op_err *err)
{
	size_t idx = 0, i;

	if (p->nf == 0) {
		if ((*fields = mailimf_fields_new_empty()) == NULL)
			abort();
		return (0);
	}
	if (mailimf_fields_parse(p->hdr.p, p->hdr.len, &idx, fields) !=
	    MAILIMF_NO_ERROR)
		return (op_err_set(err, OP_EMESSAGE,
		    "the header cannot be parsed"));
	if (idx == p->hdr.len)
		return (0);
	mailimf_fields_free(*fields);
	*fields = NULL;
	for (i = 0; i + 1 < p->nf && p->f[i].end <= idx; i++)
		;
	return (op_err_set(err, OP_EMESSAGE,
	    "header line %zu cannot be parsed", p->f[i].line));
}

/* The field written again from l: names kept, addresses as in l. */
static void
prep_redo(struct pfield *f, const char *field, const struct address_list *l)
{
	struct strbuf ob = STRBUF_INIT;

	message_write_addrs(&ob, field, l);
	free(f->redone);
	f->redone = strbuf_take(&ob);
}

/*
 * Every address in From (and Sender) must be the account's; a bare local
 * part (a local user: cron's "root (Cron Daemon)") becomes it, keeping
 * the name or comment, else taking the account's name.
 */
static int
prep_from(const struct prep *p, struct pfield *f, const char *field,
    const char *account, const char *name, struct op_err *err)
{
	struct address_list l;
	struct address	   *a;
	char		   *value;
	size_t		    i;
	int		    rc;

	memset(&l, 0, sizeof l);
	value = pf_value(p, f);
	rc = address_list_read(field, value, address_domain_of(account), &l,
	    err);
	free(value);
	if (rc == 0 && l.nmailboxes == 0)
		rc = op_err_set(err, OP_EMESSAGE, "%s: holds no address",
		    field);
	for (i = 0; rc == 0 && i < l.n; i++) {
		a = &l.v[i];
		if (a->addr == NULL)
			continue;
		if (!a->qualified) {
			rc = address_account_check(field, a->addr, account,
			    err);
			continue;
		}
		free(a->addr);
		a->addr = xstrdup(account);
		if (a->name == NULL && name != NULL && *name != '\0')
			a->name = xstrdup(name);
	}
	if (rc == 0 && l.qualified)
		prep_redo(f, field, &l);
	address_list_clear(&l);
	return (rc);
}

/*
 * To, Cc, Bcc and Reply-To: bare local parts qualified (those fields are
 * written again); with use_headers the first three give recipients, and
 * a bad address is an error.  Without it the fields are only the
 * sender's text: one that cannot be read is left as it is.
 */
static int
prep_header_rcpts(struct prep *p, const char *domain, int use_headers,
    char ***v, size_t *n, struct op_err *err)
{
	static const char *const names[] = { "To", "Cc", "Bcc", "Reply-To" };
	struct address_list	 l;
	char			*value;
	size_t			 i, k;
	int			 rc;

	for (i = 0; i < p->nf; i++) {
		for (k = 0; k < 4 && !pf_is(p, &p->f[i], names[k]); k++)
			;
		if (k == 4)
			continue;
		memset(&l, 0, sizeof l);
		value = pf_value(p, &p->f[i]);
		rc = address_list_read(names[k], value, domain, &l, err);
		free(value);
		if (rc == -1 && use_headers && k < 3) {
			address_list_clear(&l);
			return (-1);
		}
		op_err_clear(err);
		if (l.qualified && k != 2)
			prep_redo(&p->f[i], names[k], &l);
		if (use_headers && k < 3)
			address_list_addrs(&l, v, n);
		address_list_clear(&l);
	}
	return (0);
}

static int
prep_rcpts(struct prep *p, const char *domain, int use_headers,
    char *const *rcpts, size_t nrcpts, struct message *msg, struct op_err *err)
{
	struct address_list l;
	char		  **v = NULL;
	size_t		    i, n = 0;
	int		    rc;

	memset(&l, 0, sizeof l);
	rc = prep_header_rcpts(p, domain, use_headers, &v, &n, err);
	for (i = 0; rc == 0 && i < nrcpts; i++)
		if (message_header_check("Recipient", rcpts[i], err) == -1 ||
		    address_list_read("Recipient", rcpts[i], domain, &l,
			err) == -1)
			rc = -1;
	address_list_addrs(&l, &v, &n);
	address_list_clear(&l);
	message_add_rcpts(msg, v, n);
	str_list_free(v, n);
	if (rc == 0 && msg->nrcpts == 0)
		rc = op_err_set(err, OP_EMESSAGE, "no recipients: %s",
		    !use_headers ?
			"give at least one address" :
			p->nf == 0 ?
			"the message has no header, so -t finds no To, Cc or Bcc address" :
			"the message has no To, Cc or Bcc address");
	return (rc);
}

/* A Date or Message-ID that mailimf could not read would be doubled. */
static int
prep_unread(const struct prep *p, const char *name, const void *typed,
    struct op_err *err)
{
	size_t i;

	for (i = 0; typed == NULL && i < p->nf; i++)
		if (pf_is(p, &p->f[i], name))
			return (op_err_set(err, OP_EMESSAGE,
			    "%s: cannot be parsed (header line %zu)", name,
			    p->f[i].line));
	return (0);
}

/*
 * "To: undisclosed-recipients:;" for a message with neither To nor Cc
 * (as Postfix 2.4 to 2.7 added): its recipients may all be blind, and
 * RFC 5322 readers expect a destination field.
 */
static struct mailimf_address_list *
prep_undisclosed(const struct prep *p)
{
	struct mailimf_address_list *al;
	struct mailimf_address	    *a;
	size_t			     i;

	for (i = 0; i < p->nf; i++)
		if (pf_is(p, &p->f[i], "To") || pf_is(p, &p->f[i], "Cc"))
			return (NULL);
	a = mailimf_address_new(MAILIMF_ADDRESS_GROUP, NULL,
	    mailimf_group_new(xstrdup("undisclosed-recipients"), NULL));
	if (a == NULL || (al = mailimf_address_list_new_empty()) == NULL ||
	    mailimf_address_list_add(al, a) != 0)
		abort();
	return (al);
}

/* From, Date, Message-ID and To when missing, written by libetpan. */
static int
prep_added(struct strbuf *out, const struct prep *p,
    struct mailimf_fields *parsed, int has_from, const char *addr,
    const char *name, struct message *msg, struct op_err *err)
{
	struct mailimf_single_fields sf;
	struct mailimf_fields	    *add;
	int			     col = 0;

	mailimf_single_fields_init(&sf, parsed);
	if (prep_unread(p, "Date", sf.fld_orig_date, err) == -1 ||
	    prep_unread(p, "Message-ID", sf.fld_message_id, err) == -1)
		return (-1);
	if (sf.fld_message_id != NULL)
		msg->message_id = xstrdup(sf.fld_message_id->mid_value);
	else if ((msg->message_id = message_random_id(addr, err)) == NULL)
		return (-1);
	add = mailimf_fields_new_with_data_all(sf.fld_orig_date == NULL ?
		message_date_now() :
		NULL,
	    has_from ? NULL : message_from(addr, name, 0), NULL, NULL,
	    prep_undisclosed(p), NULL, NULL,
	    sf.fld_message_id == NULL ? xstrdup(msg->message_id) : NULL, NULL,
	    NULL, NULL);
	if (add == NULL)
		abort();
	mailimf_fields_write_driver(message_strbuf_write, out, &col, add);
	mailimf_fields_free(add);
	if (sf.fld_subject != NULL)
		msg->subject = message_decode_text(sf.fld_subject->sbj_value);
	return (0);
}

/* The body, each LF without a CR before it made CRLF. */
static void
prep_body(struct strbuf *out, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != '\n' || (i > 0 && s[i - 1] == '\r'))
			continue;
		strbuf_add(out, s + start, i - start);
		strbuf_add(out, "\r\n", 2);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

static int
prep_check(struct prep *p, const char *addr, const char *name, int *has_from,
    struct op_err *err)
{
	size_t i;

	if (message_header_check("From", name, err) == -1)
		return (-1);
	if (name != NULL && !utf8_valid(name, strlen(name)))
		return (op_err_set(err, OP_EMESSAGE,
		    "From: your name is not valid UTF-8"));
	if (address_check(addr, err) == -1) {
		op_err_prefix(err, "your address");
		return (-1);
	}
	for (i = 0; i < p->nf; i++) {
		if (pf_is(p, &p->f[i], "From")) {
			*has_from = 1;
			if (prep_from(p, &p->f[i], "From", addr, name, err) ==
			    -1)
				return (-1);
		} else if (pf_is(p, &p->f[i], "Sender") &&
		    prep_from(p, &p->f[i], "Sender", addr, name, err) == -1)
			return (-1);
	}
	return (0);
}

/* A Bcc field is never sent; its text is kept for the Sent copy. */
static void
prep_keep_bcc(const struct prep *p, const struct pfield *f,
    struct message *msg)
{
	char *v = pf_value(p, f);

	message_keep_bcc(msg, v);
	free(v);
}

/* Lines no server takes (over 998 octets, NUL, bare CR) re-encoded. */
static int
prep_convert(struct strbuf *out, size_t hdr, struct message *msg,
    struct op_err *err)
{
	char  *conv, *end;
	size_t clen;
	int    rc;

	if ((rc = message_7bit(out->p, out->len, MESSAGE_7BIT_LINES, &conv,
		 &clen, err)) == -1)
		return (-1);
	if (rc == 1) {
		strbuf_free(out);
		out->p = conv;
		out->len = clen;
		out->cap = clen + 1;
		end = strstr(conv, "\r\n\r\n");
		hdr = end != NULL ? (size_t)(end - conv) + 2 : clen;
	}
	msg->smtputf8 = !message_is_ascii(out->p, hdr);
	msg->eightbit = !message_is_ascii(out->p + hdr, out->len - hdr);
	return (0);
}

static int
prep_output(struct prep *p, const char *data, size_t len,
    struct mailimf_fields *parsed, const char *addr, const char *name,
    int has_from, struct message *msg, struct op_err *err)
{
	struct strbuf out = STRBUF_INIT;
	size_t	      i, hdr;

	strbuf_reserve(&out, len + len / 32 + 1024);
	if (prep_added(&out, p, parsed, has_from, addr, name, msg, err) == -1)
		goto fail;
	for (i = 0; i < p->nf; i++) {
		if (pf_is(p, &p->f[i], "Bcc"))
			prep_keep_bcc(p, &p->f[i], msg);
		else if (p->f[i].redone != NULL)
			strbuf_adds(&out, p->f[i].redone);
		else
			strbuf_add(&out, p->hdr.p + p->f[i].off,
			    p->f[i].end - p->f[i].off);
	}
	hdr = out.len;
	strbuf_add(&out, "\r\n", 2);
	prep_body(&out, data + p->body, len - p->body);
	if (prep_convert(&out, hdr, msg, err) == -1)
		goto fail;
	msg->len = out.len;
	msg->data = strbuf_take(&out);
	msg->size = msg->len;
	return (0);
fail:
	strbuf_free(&out);
	return (-1);
}

int
message_prepare(const char *data, size_t len, const char *addr,
    const char *name, int use_headers, char *const *rcpts, size_t nrcpts,
    struct message *msg, struct op_err *err)
{
	struct prep	       p;
	struct mailimf_fields *parsed = NULL;
	size_t		       i;
	int		       has_from = 0, rc = -1;

	memset(msg, 0, sizeof *msg);
	memset(&p, 0, sizeof p);
	if (prep_split(&p, data, len, err) == -1 ||
	    prep_parse(&p, &parsed, err) == -1 ||
	    prep_check(&p, addr, name, &has_from, err) == -1 ||
	    prep_rcpts(&p, address_domain_of(addr), use_headers, rcpts, nrcpts,
		msg, err) == -1)
		goto out;
	if (prep_output(&p, data, len, parsed, addr, name, has_from, msg,
		err) == -1)
		goto out;
	msg->from = xstrdup(addr);
	rc = 0;
out:
	if (parsed != NULL)
		mailimf_fields_free(parsed);
	strbuf_free(&p.hdr);
	for (i = 0; i < p.nf; i++)
		free(p.f[i].redone);
	free(p.f);
	if (rc == -1)
		message_free(msg);
	return (rc);
}
