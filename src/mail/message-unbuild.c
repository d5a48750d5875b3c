/*
 * message-unbuild.c -- a stored message back into its parts (see
 * message-unbuild.h): the header fields through mailimf, the MIME tree
 * through mailmime, each leaf decoded with mailmime_part_parse.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "mail/message-int.h"
#include "mail/message-unbuild.h"
#include "text/flowed.h"
#include "base/xmalloc.h"

/* ---- header fields */

static void
list_name(struct strbuf *ob, const char *name)
{
	char	   *dec;
	const char *p;
	int	    quote = 0;

	dec = message_decode_text(name);
	for (p = dec; *p != '\0'; p++)
		if (strchr(",;:<>@\"()[]\\.", *p) != NULL)
			quote = 1;
	if (quote)
		strbuf_adds(ob, "\"");
	for (p = dec; *p != '\0'; p++) {
		if (quote && (*p == '"' || *p == '\\'))
			strbuf_adds(ob, "\\");
		strbuf_add(ob, p, 1);
	}
	if (quote)
		strbuf_adds(ob, "\"");
	free(dec);
}

void
message_list_add(struct strbuf *ob, const char *name, const char *addr)
{
	if (ob->len > 0)
		strbuf_adds(ob, ", ");
	if (name != NULL && *name != '\0') {
		list_name(ob, name);
		strbuf_adds(ob, " <");
		strbuf_adds(ob, addr);
		strbuf_adds(ob, ">");
	} else
		strbuf_adds(ob, addr);
}

static void
mailboxes(struct strbuf *ob, struct mailimf_mailbox_list *ml, char ***seen,
    size_t *nseen)
{
	struct mailimf_mailbox *mb;
	clistiter	       *it;

	if (ml == NULL)
		return;
	for (it = clist_begin(ml->mb_list); it != NULL; it = clist_next(it)) {
		mb = clist_content(it);
		message_list_add(ob, mb->mb_display_name, mb->mb_addr_spec);
		*seen = xreallocarray(*seen, *nseen + 1, sizeof **seen);
		(*seen)[(*nseen)++] = mb->mb_addr_spec;
	}
}

/* A group as the user writes it ("team: a@x, b@y;"), kept a group. */
static void
group_add(struct strbuf *ob, struct mailimf_group *g, char ***seen,
    size_t *nseen)
{
	struct strbuf members = STRBUF_INIT;

	if (ob->len > 0)
		strbuf_adds(ob, ", ");
	list_name(ob, g->grp_display_name);
	strbuf_adds(ob, ":");
	mailboxes(&members, g->grp_mb_list, seen, nseen);
	if (members.len > 0) {
		strbuf_adds(ob, " ");
		strbuf_add(ob, members.p, members.len);
	}
	strbuf_adds(ob, ";");
	strbuf_free(&members);
}

/* An address list as header-style text; its addresses into seen. */
static char *
addresses(struct mailimf_address_list *al, char ***seen, size_t *nseen)
{
	struct strbuf		ob = STRBUF_INIT;
	struct mailimf_address *a;
	clistiter	       *it;

	for (it = al != NULL ? clist_begin(al->ad_list) : NULL; it != NULL;
	     it = clist_next(it)) {
		a = clist_content(it);
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			message_list_add(&ob,
			    a->ad_data.ad_mailbox->mb_display_name,
			    a->ad_data.ad_mailbox->mb_addr_spec);
			*seen = xreallocarray(*seen, *nseen + 1,
			    sizeof **seen);
			(*seen)[(*nseen)++] =
			    a->ad_data.ad_mailbox->mb_addr_spec;
		} else
			group_add(&ob, a->ad_data.ad_group, seen, nseen);
	}
	return (strbuf_take(&ob));
}

/* Envelope recipients that are in neither To nor Cc. */
static char *
blind(char *const *rcpts, size_t nrcpts, char **seen, size_t nseen)
{
	struct strbuf ob = STRBUF_INIT;
	size_t	      i, j;

	for (i = 0; i < nrcpts; i++) {
		for (j = 0; j < nseen; j++)
			if (strcasecmp(rcpts[i], seen[j]) == 0)
				break;
		if (j == nseen)
			message_list_add(&ob, NULL, rcpts[i]);
	}
	return (strbuf_take(&ob));
}

/* Message ids as "<a@x> <b@y>". */
static char *
msgids(clist *l)
{
	struct strbuf b = STRBUF_INIT;
	clistiter    *it;

	strbuf_adds(&b, "");
	for (it = l != NULL ? clist_begin(l) : NULL; it != NULL;
	     it = clist_next(it))
		strbuf_printf(&b, "%s<%s>", b.len > 0 ? " " : "",
		    (char *)clist_content(it));
	return (strbuf_take(&b));
}

static char *
date_text(const struct mailimf_date_time *d)
{
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char		  *s;
	int		   z = d->dt_zone < 0 ? -d->dt_zone : d->dt_zone;

	xasprintf(&s, "%d %s %d %02d:%02d %c%04d", d->dt_day,
	    d->dt_month >= 1 && d->dt_month <= 12 ? mon[d->dt_month - 1] : "?",
	    d->dt_year, d->dt_hour, d->dt_min, d->dt_zone < 0 ? '-' : '+', z);
	return (s);
}

/* From, Reply-To, Date, Message-ID, In-Reply-To, References. */
static void
reply_field(struct mailimf_field *fld, struct message_parts *mp, char ***seen,
    size_t *nseen)
{
	struct strbuf b = STRBUF_INIT;

	switch (fld->fld_type) {
	case MAILIMF_FIELD_FROM:
		if (*mp->from != '\0')
			break;
		strbuf_adds(&b, "");
		mailboxes(&b, fld->fld_data.fld_from->frm_mb_list, seen,
		    nseen);
		free(mp->from);
		mp->from = strbuf_take(&b);
		break;
	case MAILIMF_FIELD_REPLY_TO:
		free(mp->reply_to);
		mp->reply_to =
		    addresses(fld->fld_data.fld_reply_to->rt_addr_list, seen,
			nseen);
		break;
	case MAILIMF_FIELD_ORIG_DATE:
		free(mp->date);
		mp->date = date_text(
		    fld->fld_data.fld_orig_date->dt_date_time);
		break;
	case MAILIMF_FIELD_MESSAGE_ID:
		free(mp->message_id);
		xasprintf(&mp->message_id, "<%s>",
		    fld->fld_data.fld_message_id->mid_value);
		break;
	case MAILIMF_FIELD_IN_REPLY_TO:
		free(mp->in_reply_to);
		mp->in_reply_to = msgids(
		    fld->fld_data.fld_in_reply_to->mid_list);
		break;
	case MAILIMF_FIELD_REFERENCES:
		free(mp->references);
		mp->references = msgids(
		    fld->fld_data.fld_references->mid_list);
		break;
	default:
		break;
	}
}

static void
header(struct mailimf_fields *f, char *const *rcpts, size_t nrcpts,
    struct message_parts *mp)
{
	struct mailimf_field *fld;
	clistiter	     *it;
	char		    **seen = NULL, **other = NULL, *hbcc = NULL;
	size_t		      nseen = 0, nother = 0;

	for (it = f != NULL ? clist_begin(f->fld_list) : NULL; it != NULL;
	     it = clist_next(it)) {
		fld = clist_content(it);
		if (fld->fld_type == MAILIMF_FIELD_TO && mp->to == NULL)
			mp->to = addresses(fld->fld_data.fld_to->to_addr_list,
			    &seen, &nseen);
		else if (fld->fld_type == MAILIMF_FIELD_CC && mp->cc == NULL)
			mp->cc = addresses(fld->fld_data.fld_cc->cc_addr_list,
			    &seen, &nseen);
		else if (fld->fld_type == MAILIMF_FIELD_SUBJECT &&
		    mp->subject == NULL)
			mp->subject = message_decode_text(
			    fld->fld_data.fld_subject->sbj_value);
		else if (fld->fld_type == MAILIMF_FIELD_BCC && hbcc == NULL)
			hbcc = addresses(fld->fld_data.fld_bcc->bcc_addr_list,
			    &other, &nother);
		else
			reply_field(fld, mp, &other, &nother);
	}
	/* No envelope (a message with headers): its own Bcc field. */
	if (nrcpts == 0 && hbcc != NULL) {
		mp->bcc = hbcc;
		hbcc = NULL;
	} else
		mp->bcc = blind(rcpts, nrcpts, seen, nseen);
	free(hbcc);
	free(seen);
	free(other);
	if (mp->to == NULL)
		mp->to = xstrdup("");
	if (mp->cc == NULL)
		mp->cc = xstrdup("");
	if (mp->subject == NULL)
		mp->subject = xstrdup("");
}

/* ---- the MIME tree */

/*
 * libetpan 1.9.4 decodes quoted-printable that ends in "=" and one byte
 * more (a broken escape, not a soft line break) by reading a byte past
 * the end and dropping the "=".  So those two bytes are not given to it
 * but kept as they are, as RFC 2045 6.7 asks of a robust decoder: the
 * length of that tail, or 0.
 */
static size_t
qp_broken_tail(const struct mailmime_data *d)
{
	const char *p = d->dt_data.dt_text.dt_data;
	size_t	    n = d->dt_data.dt_text.dt_length;

	if (d->dt_encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE || n < 2 ||
	    p[n - 2] != '=' || p[n - 1] == '\r' || p[n - 1] == '\n')
		return (0);
	return (2);
}

/* A leaf's bytes with the transfer encoding undone. */
static int
leaf_bytes(struct mailmime *m, char **out, size_t *outlen)
{
	struct mailmime_data *d;
	size_t		      idx = 0, rlen, tail;
	char		     *res;

	d = m->mm_type == MAILMIME_SINGLE ? m->mm_data.mm_single : m->mm_body;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT) {
		*out = xstrdup("");
		*outlen = 0;
		return (0);
	}
	if (!d->dt_encoded) {
		*out = xmalloc(d->dt_data.dt_text.dt_length + 1);
		memcpy(*out, d->dt_data.dt_text.dt_data,
		    d->dt_data.dt_text.dt_length);
		*outlen = d->dt_data.dt_text.dt_length;
		(*out)[*outlen] = '\0';
		return (0);
	}
	tail = qp_broken_tail(d);
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
		d->dt_data.dt_text.dt_length - tail, &idx, d->dt_encoding,
		&res, &rlen) != MAILIMF_NO_ERROR)
		return (-1);
	*out = xmalloc(rlen + tail + 1);
	memcpy(*out, res, rlen);
	memcpy(*out + rlen,
	    d->dt_data.dt_text.dt_data + d->dt_data.dt_text.dt_length - tail,
	    tail);
	*outlen = rlen + tail;
	(*out)[*outlen] = '\0';
	mmap_string_unref(res);
	return (0);
}

/* A text/SUBTYPE part that is not an attachment. */
static int
is_text(struct mailmime *m, const struct mailmime_single_fields *sf,
    const char *subtype)
{
	struct mailmime_content *ct = m->mm_content_type;

	if (sf->fld_disposition != NULL &&
	    sf->fld_disposition->dsp_type->dsp_type ==
		MAILMIME_DISPOSITION_TYPE_ATTACHMENT)
		return (0);
	if (ct == NULL)
		return (strcmp(subtype, "plain") == 0);
	return (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    ct->ct_type->tp_data.tp_discrete_type->dt_type ==
		MAILMIME_DISCRETE_TYPE_TEXT &&
	    strcasecmp(ct->ct_subtype, subtype) == 0);
}

static const char *
ct_param(struct mailmime *m, const char *name)
{
	struct mailmime_parameter *pa;
	clistiter		  *it;

	if (m->mm_content_type == NULL)
		return (NULL);
	for (it = clist_begin(m->mm_content_type->ct_parameters); it != NULL;
	     it = clist_next(it)) {
		pa = clist_content(it);
		if (strcasecmp(pa->pa_name, name) == 0)
			return (pa->pa_value);
	}
	return (NULL);
}

/* CRLF to LF, in place. */
static size_t
to_lf(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			s[o++] = s[i];
	s[o] = '\0';
	return (o);
}

/*
 * A NUL is never text (RFC 5322 2.3) and the text goes on as a C string
 * (drafts, the composer): each becomes U+FFFD.  s is NUL-terminated at
 * *len; returns the text.
 */
static char *
nul_replaced(char *s, size_t *len)
{
	size_t i, o, n = 0;
	char  *t;

	for (i = 0; i < *len; i++)
		n += s[i] == '\0';
	if (n == 0)
		return (s);
	t = xmalloc(*len + 2 * n + 1);
	for (i = o = 0; i < *len; i++) {
		if (s[i] != '\0')
			t[o++] = s[i];
		else {
			memcpy(t + o, "\xef\xbf\xbd", 3);
			o += 3;
		}
	}
	t[o] = '\0';
	free(s);
	*len = o;
	return (t);
}

/*
 * A text part as UTF-8 with LF line ends, format=flowed undone, no NUL
 * in it.
 */
static int
text_of(struct mailmime *m, const struct mailmime_single_fields *sf,
    char **out, size_t *outlen, struct op_err *err)
{
	const char *cs = sf->fld_content_charset, *fmt;
	char	   *raw, *conv = NULL, *flat;
	size_t	    len, clen, flen;

	if (leaf_bytes(m, &raw, &len) != 0)
		return (op_err_set(err, OP_EMESSAGE,
		    "the stored message's text cannot be decoded"));
	if (cs != NULL && strcasecmp(cs, "utf-8") != 0 &&
	    strcasecmp(cs, "us-ascii") != 0) {
		if (charconv_buffer("utf-8", cs, raw, len, &conv, &clen) !=
		    MAIL_CHARCONV_NO_ERROR) {
			free(raw);
			return (op_err_set(err, OP_EMESSAGE,
			    "the text's charset %s cannot be converted", cs));
		}
		free(raw);
		raw = xmalloc(clen + 1);
		memcpy(raw, conv, clen);
		len = clen;
		charconv_buffer_free(conv);
	}
	len = to_lf(raw, len);
	fmt = ct_param(m, "format");
	if (fmt != NULL && strcasecmp(fmt, "flowed") == 0) {
		flowed_decode(raw, len, &flat, &flen);
		free(raw);
		raw = flat;
		len = flen;
	}
	*out = nul_replaced(raw, &len);
	*outlen = len;
	return (0);
}

static const char *
file_name(struct mailmime *m, const struct mailmime_single_fields *sf)
{
	(void)m;
	if (sf->fld_disposition_filename != NULL)
		return (sf->fld_disposition_filename);
	return (sf->fld_content_name);
}

static int
leaf(struct mailmime *m, struct message_parts *mp, struct op_err *err)
{
	struct mailmime_single_fields sf;
	struct message_file	     *f;
	const char		     *name;
	char			      num[32];

	mailmime_single_fields_init(&sf, m->mm_mime_fields,
	    m->mm_content_type);
	if (mp->body == NULL && is_text(m, &sf, "plain")) {
		mp->has_text = 1;
		return (text_of(m, &sf, &mp->body, &mp->bodylen, err));
	}
	/* Not readable as text: only a file, as before. */
	if (mp->html == NULL && is_text(m, &sf, "html")) {
		if (text_of(m, &sf, &mp->html, &mp->htmllen, err) == 0)
			mp->html_file = mp->nfiles + 1;
		op_err_clear(err);
	}
	mp->files = xreallocarray(mp->files, mp->nfiles + 1,
	    sizeof *mp->files);
	f = &mp->files[mp->nfiles];
	if (leaf_bytes(m, &f->data, &f->len) != 0)
		return (op_err_set(err, OP_EMESSAGE,
		    "an attachment of the stored message cannot be decoded"));
	if ((name = file_name(m, &sf)) != NULL)
		f->name = message_decode_text(name);
	else {
		snprintf(num, sizeof num, "attachment-%zu", mp->nfiles + 1);
		f->name = xstrdup(num);
	}
	mp->nfiles++;
	return (0);
}

static int
walk(struct mailmime *m, struct message_parts *mp, struct op_err *err)
{
	clistiter *it;

	switch (m->mm_type) {
	case MAILMIME_SINGLE:
		return (leaf(m, mp, err));
	case MAILMIME_MULTIPLE:
		for (it = clist_begin(m->mm_data.mm_multipart.mm_mp_list);
		     it != NULL; it = clist_next(it))
			if (walk(clist_content(it), mp, err) != 0)
				return (-1);
		return (0);
	case MAILMIME_MESSAGE:
		/* An attached message is a file: its bytes, not its parts. */
		return (leaf(m, mp, err));
	}
	return (0);
}

int
message_unbuild(const char *data, size_t len, char *const *rcpts,
    size_t nrcpts, struct message_parts *mp, struct op_err *err)
{
	struct mailmime *mime = NULL;
	size_t		 idx = 0;
	int		 rc;

	memset(mp, 0, sizeof *mp);
	mp->from = xstrdup("");
	mp->reply_to = xstrdup("");
	mp->date = xstrdup("");
	mp->message_id = xstrdup("");
	mp->in_reply_to = xstrdup("");
	mp->references = xstrdup("");
	if (mailmime_parse(data, len, &idx, &mime) != MAILIMF_NO_ERROR ||
	    mime->mm_type != MAILMIME_MESSAGE) {
		if (mime != NULL)
			mailmime_free(mime);
		message_parts_free(mp);
		return (op_err_set(err, OP_EMESSAGE,
		    "the stored message cannot be parsed"));
	}
	header(mime->mm_data.mm_message.mm_fields, rcpts, nrcpts, mp);
	rc = 0;
	if (mime->mm_data.mm_message.mm_msg_mime != NULL)
		rc = walk(mime->mm_data.mm_message.mm_msg_mime, mp, err);
	mailmime_free(mime);
	if (rc == 0 && mp->body == NULL) {
		mp->body = xstrdup("");
		mp->bodylen = 0;
	}
	if (rc != 0)
		message_parts_free(mp);
	return (rc);
}

void
message_parts_free(struct message_parts *mp)
{
	size_t i;

	free(mp->to);
	free(mp->cc);
	free(mp->bcc);
	free(mp->subject);
	free(mp->body);
	free(mp->from);
	free(mp->reply_to);
	free(mp->date);
	free(mp->message_id);
	free(mp->in_reply_to);
	free(mp->references);
	free(mp->html);
	for (i = 0; i < mp->nfiles; i++) {
		free(mp->files[i].name);
		free(mp->files[i].data);
	}
	free(mp->files);
	memset(mp, 0, sizeof *mp);
}
