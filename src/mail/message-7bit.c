/*
 * message-7bit.c -- make a message fit a 7-bit transport without
 * changing what it says: libetpan's mailmime finds the parts, each leaf
 * whose body could not travel as it is goes in quoted-printable (text)
 * or base64 (anything else), message/rfc822 and multipart are walked
 * into (RFC 2046 forbids encoding them), raw UTF-8 in header fields
 * becomes RFC 2047 encoded-words, and header lines over 998 octets are
 * folded at white space.  Everything that needs no change is copied
 * byte for byte.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/message.h"
#include "mail/message-int.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define LINE_MAX_OCTETS 998

struct conv {
	unsigned       what; /* MESSAGE_7BIT_* */
	struct op_err *err;
};

/* What a part's header gets besides its own fields. */
struct hdr_edit {
	const char *cte;     /* Content-Transfer-Encoding to set, or NULL */
	const char *charset; /* charset to add to a text part, or NULL */
	int	    top;     /* the message's own header: MIME-Version */
};

static const char *const addr_fields[] = { "From", "Sender", "Reply-To", "To",
	"Cc", "Bcc", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc",
	"Resent-Bcc", "Disposition-Notification-To", "Mail-Followup-To",
	"Mail-Reply-To", NULL };
/* Structured fields whose raw UTF-8 has no 7-bit form here. */
static const char *const struct_fields[] = { "Date", "Message-ID",
	"In-Reply-To", "References", "Resent-Date", "Resent-Message-ID",
	"Return-Path", "Received", "MIME-Version", "Content-Type",
	"Content-Disposition", "Content-Transfer-Encoding", "Content-ID",
	NULL };

static int
name_in(const char *f, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncasecmp(f, *list, n) == 0)
			return (1);
	return (0);
}

/* The length of the field at h (its continuation lines too). */
static size_t
field_len(const char *h, size_t len)
{
	size_t i = 0;

	for (;;) {
		while (i < len && h[i] != '\n')
			i++;
		if (i < len)
			i++;
		if (i >= len || (h[i] != ' ' && h[i] != '\t'))
			return (i);
	}
}

static size_t
field_name_len(const char *f, size_t len)
{
	const char *colon = memchr(f, ':', len);

	return (colon != NULL ? (size_t)(colon - f) : 0);
}

static int
is_blank_line(const char *h, size_t len)
{
	return ((len >= 1 && h[0] == '\n') ||
	    (len >= 2 && h[0] == '\r' && h[1] == '\n'));
}

/* Does the header h hold a field named name? */
static int
hdr_has(const char *h, size_t len, const char *name)
{
	size_t i = 0, n;

	while (i < len && !is_blank_line(h + i, len - i)) {
		n = field_len(h + i, len - i);
		if (name_in(h + i, field_name_len(h + i, n),
			(const char *const[]){ name, NULL }))
			return (1);
		i += n;
	}
	return (0);
}

int
message_fold_long(struct strbuf *out, const char *s, size_t len)
{
	size_t start = 0, i, cut;

	while (len - start > LINE_MAX_OCTETS) {
		cut = 0;
		for (i = start + 1; i <= start + LINE_MAX_OCTETS; i++)
			if (s[i] == ' ' || s[i] == '\t')
				cut = i;
		if (cut == 0)
			return (-1);
		strbuf_add(out, s + start, cut - start);
		strbuf_add(out, "\r\n", 2);
		start = cut;
	}
	strbuf_add(out, s + start, len - start);
	return (0);
}

/* A field copied with each line over 998 octets folded. */
static int
field_fold(struct conv *c, const char *f, size_t len, struct strbuf *out)
{
	size_t i = 0, e, n;

	while (i < len) {
		for (e = i; e < len && f[e] != '\n'; e++)
			;
		n = e - i - (e > i && e < len && f[e - 1] == '\r');
		if (message_fold_long(out, f + i, n) == -1)
			return (op_err_set(c->err, OP_EMESSAGE,
			    "the header line \"%.60s...\" is longer than 998 octets and has no white space to fold it at",
			    f + i));
		strbuf_add(out, "\r\n", 2);
		i = e + 1;
	}
	return (0);
}

/* The value of a field, unfolded, without the leading blank. */
static char *
field_value(const char *f, size_t len, size_t name)
{
	char  *v = xmalloc(len + 1);
	size_t i, o = 0;

	for (i = name + 1; i < len; i++)
		if (f[i] != '\r' && f[i] != '\n')
			v[o++] = f[i];
	v[o] = '\0';
	if (v[0] == ' ')
		memmove(v, v + 1, o);
	return (v);
}

/* A display name in 7 bits: NULL stays NULL. */
static char *
phrase_7bit(char *name)
{
	char *dec, *enc;

	if (name == NULL || message_is_ascii(name, strlen(name)))
		return (name);
	dec = message_decode_text(name);
	enc = message_encode_text(dec, 1, 0);
	free(dec);
	free(name);
	return (enc);
}

static int
mailbox_7bit(struct conv *c, const char *field, struct mailimf_mailbox *mb)
{
	if (!message_is_ascii(mb->mb_addr_spec, strlen(mb->mb_addr_spec)))
		return (op_err_set(c->err, OP_EMESSAGE,
		    "%s: the address %s is not ASCII and cannot be written in 7 bits; it needs a server that offers SMTPUTF8",
		    field, mb->mb_addr_spec));
	mb->mb_display_name = phrase_7bit(mb->mb_display_name);
	return (0);
}

static int
addresses_7bit(struct conv *c, const char *field,
    struct mailimf_address_list *al)
{
	struct mailimf_address *a;
	clistiter	       *it, *m;
	clist		       *mbs;

	for (it = clist_begin(al->ad_list); it != NULL; it = clist_next(it)) {
		a = clist_content(it);
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			if (mailbox_7bit(c, field, a->ad_data.ad_mailbox) ==
			    -1)
				return (-1);
			continue;
		}
		a->ad_data.ad_group->grp_display_name = phrase_7bit(
		    a->ad_data.ad_group->grp_display_name);
		if (a->ad_data.ad_group->grp_mb_list == NULL)
			continue;
		mbs = a->ad_data.ad_group->grp_mb_list->mb_list;
		for (m = clist_begin(mbs); m != NULL; m = clist_next(m))
			if (mailbox_7bit(c, field, clist_content(m)) == -1)
				return (-1);
	}
	return (0);
}

/* An address field: names encoded, written back by libetpan. */
static int
field_addresses(struct conv *c, const char *name, const char *value,
    struct strbuf *out)
{
	struct mailimf_address_list *al = NULL;
	size_t			     idx = 0, vlen = strlen(value);
	int			     col, rc;

	if (mailimf_address_list_parse(value, vlen, &idx, &al) !=
		MAILIMF_NO_ERROR ||
	    idx != vlen) {
		if (al != NULL)
			mailimf_address_list_free(al);
		return (op_err_set(c->err, OP_EMESSAGE,
		    "%s: cannot be parsed as addresses, so its UTF-8 cannot be encoded",
		    name));
	}
	if ((rc = addresses_7bit(c, name, al)) == 0) {
		strbuf_printf(out, "%s: ", name);
		col = (int)strlen(name) + 2;
		mailimf_address_list_write_driver(message_strbuf_write, out,
		    &col, al);
		strbuf_add(out, "\r\n", 2);
	}
	mailimf_address_list_free(al);
	return (rc);
}

/* A field with raw UTF-8, in 7 bits (RFC 2047). */
static int
field_utf8(struct conv *c, const char *f, size_t len, struct strbuf *out)
{
	size_t nl = field_name_len(f, len);
	char  *name = xstrndup(f, nl), *value, *dec, *enc;
	int    col, rc = 0;

	value = field_value(f, len, nl);
	if (!utf8_valid(value, strlen(value)))
		rc = op_err_set(c->err, OP_EMESSAGE,
		    "%s: holds 8-bit bytes that are not UTF-8; write the field in ASCII or RFC 2047",
		    name);
	else if (name_in(f, nl, addr_fields))
		rc = field_addresses(c, name, value, out);
	else if (name_in(f, nl, struct_fields))
		rc = op_err_set(c->err, OP_EMESSAGE,
		    "%s: holds UTF-8, which has no 7-bit form in this field; it needs a server that offers SMTPUTF8",
		    name);
	else {
		dec = message_decode_text(value);
		enc = message_encode_text(dec, 0, 0);
		strbuf_printf(out, "%s: ", name);
		col = (int)nl + 2;
		mailimf_header_string_write_driver(message_strbuf_write, out,
		    &col, enc, strlen(enc));
		strbuf_add(out, "\r\n", 2);
		free(dec);
		free(enc);
	}
	free(value);
	free(name);
	return (rc);
}

/* One field of a header that is being written out. */
static int
hdr_field(struct conv *c, const char *f, size_t n, int utf8,
    const struct hdr_edit *ed, struct strbuf *out)
{
	size_t nl = field_name_len(f, n), e = n;

	if (ed->cte != NULL && nl == 25 &&
	    strncasecmp(f, "Content-Transfer-Encoding", nl) == 0)
		return (0);
	if (ed->charset != NULL && nl == 12 &&
	    strncasecmp(f, "Content-Type", nl) == 0) {
		while (e > 0 && (f[e - 1] == '\r' || f[e - 1] == '\n'))
			e--;
		strbuf_add(out, f, e);
		strbuf_printf(out, ";\r\n charset=%s\r\n", ed->charset);
		return (0);
	}
	if (utf8 && !message_is_ascii(f, n))
		return (field_utf8(c, f, n, out));
	return (field_fold(c, f, n, out));
}

/* A header (its fields and the blank line), edited as ed says. */
static int
hdr_write(struct conv *c, const char *h, size_t len, int utf8,
    const struct hdr_edit *ed, struct strbuf *out)
{
	size_t i = 0, n;

	while (i < len && !is_blank_line(h + i, len - i)) {
		n = field_len(h + i, len - i);
		if (hdr_field(c, h + i, n, utf8, ed, out) == -1)
			return (-1);
		i += n;
	}
	if (ed->top && ed->cte != NULL && !hdr_has(h, len, "MIME-Version"))
		strbuf_adds(out, "MIME-Version: 1.0\r\n");
	if (ed->charset != NULL && !hdr_has(h, len, "Content-Type"))
		strbuf_printf(out, "Content-Type: text/plain; charset=%s\r\n",
		    ed->charset);
	if (ed->cte != NULL)
		strbuf_printf(out, "Content-Transfer-Encoding: %s\r\n",
		    ed->cte);
	strbuf_add(out, h + i, len - i);
	return (0);
}

static int
part_encoding(const struct mailmime *m)
{
	struct mailmime_field *f;
	clistiter	      *it;

	if (m->mm_mime_fields == NULL)
		return (MAILMIME_MECHANISM_7BIT);
	for (it = clist_begin(m->mm_mime_fields->fld_list); it != NULL;
	     it = clist_next(it)) {
		f = clist_content(it);
		if (f->fld_type == MAILMIME_FIELD_TRANSFER_ENCODING)
			return (f->fld_data.fld_encoding->enc_type);
	}
	return (MAILMIME_MECHANISM_7BIT);
}

static int
part_is_text(const struct mailmime *m)
{
	const struct mailmime_type *t;

	if (m->mm_content_type == NULL)
		return (1);
	t = m->mm_content_type->ct_type;
	return (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    t->tp_data.tp_discrete_type->dt_type ==
		MAILMIME_DISCRETE_TYPE_TEXT);
}

static int
part_has_charset(const struct mailmime *m)
{
	struct mailmime_parameter *p;
	clistiter		  *it;

	if (m->mm_content_type == NULL ||
	    m->mm_content_type->ct_parameters == NULL)
		return (0);
	for (it = clist_begin(m->mm_content_type->ct_parameters); it != NULL;
	     it = clist_next(it)) {
		p = clist_content(it);
		if (strcasecmp(p->pa_name, "charset") == 0)
			return (1);
	}
	return (0);
}

/* Must these body bytes change for what is asked? */
static int
body_needs(const struct conv *c, const char *b, size_t len, int *eight)
{
	struct message_scan sc;

	memset(&sc, 0, sizeof sc);
	message_scan(&sc, (const unsigned char *)b, len);
	*eight = sc.eight;
	if ((c->what & MESSAGE_7BIT_BODY) && sc.eight)
		return (1);
	return ((c->what & MESSAGE_7BIT_LINES) &&
	    message_scan_verbatim(&sc, 1) == 0);
}

/* A leaf: its header and body, re-encoded when the body must change. */
static int
conv_leaf(struct conv *c, const struct mailmime *m, const char *hs, int top,
    int utf8, struct strbuf *out)
{
	struct hdr_edit ed = { NULL, NULL, top };
	const char     *b = m->mm_body->dt_data.dt_text.dt_data;
	size_t		blen = m->mm_body->dt_data.dt_text.dt_length;
	int		enc = part_encoding(m), eight, text = part_is_text(m);

	if (!body_needs(c, b, blen, &eight)) {
		if (hdr_write(c, hs, (size_t)(b - hs), utf8, &ed, out) == -1)
			return (-1);
		strbuf_add(out, b, blen);
		return (0);
	}
	if (enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE ||
	    enc == MAILMIME_MECHANISM_BASE64)
		return (op_err_set(c->err, OP_EMESSAGE,
		    "a part declared %s holds 8-bit bytes or lines over 998 octets; encode it properly",
		    enc == MAILMIME_MECHANISM_BASE64 ? "base64" :
						       "quoted-printable"));
	ed.cte = text ? "quoted-printable" : "base64";
	if (text && eight && !part_has_charset(m))
		ed.charset = utf8_valid(b, blen) ? "utf-8" : "unknown-8bit";
	if (hdr_write(c, hs, (size_t)(b - hs), utf8, &ed, out) == -1)
		return (-1);
	if (text)
		message_qp_encode(out, b, blen);
	else
		message_base64_encode(out, b, blen);
	return (0);
}

static int conv_entity(struct conv *, const struct mailmime *, const char *,
    int, struct strbuf *);

/* A multipart or message/rfc822: its header, then what it holds. */
static int
conv_composite(struct conv *c, const struct mailmime *m, const char *hs,
    int top, int utf8, struct strbuf *out)
{
	struct hdr_edit	 ed = { NULL, NULL, 0 };
	const char	*b = m->mm_body->dt_data.dt_text.dt_data, *pos = b;
	const char	*end = b + m->mm_body->dt_data.dt_text.dt_length;
	struct mailmime *child;
	clistiter	*it;
	int		 enc = part_encoding(m);

	/* The top node's header is its child's: hs == b, nothing here. */
	if (b > hs && (c->what & MESSAGE_7BIT_BODY) &&
	    (enc == MAILMIME_MECHANISM_8BIT ||
		enc == MAILMIME_MECHANISM_BINARY))
		ed.cte = "7bit";
	if (hdr_write(c, hs, (size_t)(b - hs), utf8, &ed, out) == -1)
		return (-1);
	if (m->mm_type == MAILMIME_MESSAGE) {
		child = m->mm_data.mm_message.mm_msg_mime;
		if (child != NULL && conv_entity(c, child, b, top, out) == -1)
			return (-1);
		if (child != NULL)
			pos = child->mm_body->dt_data.dt_text.dt_data +
			    child->mm_body->dt_data.dt_text.dt_length;
	} else {
		for (it = clist_begin(m->mm_data.mm_multipart.mm_mp_list);
		     it != NULL; it = clist_next(it)) {
			child = clist_content(it);
			strbuf_add(out, pos,
			    (size_t)(child->mm_mime_start - pos));
			if (conv_entity(c, child, child->mm_mime_start, 0,
				out) == -1)
				return (-1);
			pos = child->mm_body->dt_data.dt_text.dt_data +
			    child->mm_body->dt_data.dt_text.dt_length;
		}
	}
	strbuf_add(out, pos, (size_t)(end - pos));
	return (0);
}

/*
 * One entity whose header starts at hs.  top: the message's own header,
 * whose UTF-8 is the server's SMTPUTF8 matter; any other header is in
 * the body, which 8BITMIME covers.
 */
static int
conv_entity(struct conv *c, const struct mailmime *m, const char *hs, int top,
    struct strbuf *out)
{
	int utf8 = (c->what & (top ? MESSAGE_7BIT_HEADER : MESSAGE_7BIT_BODY));

	if (m->mm_body == NULL)
		return (op_err_set(c->err, OP_EMESSAGE,
		    "the message's MIME structure cannot be read"));
	if (m->mm_type == MAILMIME_SINGLE)
		return (conv_leaf(c, m, hs, top, utf8, out));
	return (conv_composite(c, m, hs, top, utf8, out));
}

/* Nothing for what: no 8-bit byte, NUL, bare CR or long line to fix. */
static int
message_fits(const char *data, size_t len, unsigned what)
{
	struct message_scan sc;

	memset(&sc, 0, sizeof sc);
	message_scan(&sc, (const unsigned char *)data, len);
	if ((what & (MESSAGE_7BIT_BODY | MESSAGE_7BIT_HEADER)) && sc.eight)
		return (0);
	return (!(what & MESSAGE_7BIT_LINES) ||
	    message_scan_verbatim(&sc, 1) != 0);
}

/* What the whole result can be checked for: 8-bit only if all went. */
static unsigned
verify_what(unsigned what)
{
	unsigned all = MESSAGE_7BIT_BODY | MESSAGE_7BIT_HEADER;

	return ((what & MESSAGE_7BIT_LINES) |
	    ((what & all) == all ? MESSAGE_7BIT_BODY : 0));
}

int
message_7bit(const char *data, size_t len, unsigned what, char **res,
    size_t *reslen, struct op_err *err)
{
	struct conv	 c = { what, err };
	struct strbuf	 out = STRBUF_INIT;
	struct mailmime *mime = NULL;
	size_t		 idx = 0;
	int		 rc;

	*res = NULL;
	*reslen = 0;
	if (message_fits(data, len, what))
		return (0);
	if (mailmime_parse(data, len, &idx, &mime) != MAILIMF_NO_ERROR)
		return (op_err_set(err, OP_EMESSAGE,
		    "the message's MIME structure cannot be parsed"));
	strbuf_reserve(&out, len + len / 3 + 1024);
	rc = conv_entity(&c, mime, data, 1, &out);
	mailmime_free(mime);
	/*
	 * What is outside every part (a preamble, an epilogue) is not
	 * converted: never let it go out unfit.
	 */
	if (rc == 0 && !message_fits(out.p, out.len, verify_what(what)))
		rc = op_err_set(err, OP_EMESSAGE,
		    "a multipart message has 8-bit bytes or a line over 998 octets outside its parts (before the first or after the last boundary); remove them");
	if (rc == -1 || (out.len == len && memcmp(out.p, data, len) == 0)) {
		strbuf_free(&out);
		return (rc);
	}
	*reslen = out.len;
	*res = strbuf_take(&out);
	return (1);
}
