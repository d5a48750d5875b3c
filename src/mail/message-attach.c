/*
 * message-attach.c -- attachments as mailmime parts: base64 in
 * 76-character lines, Content-Disposition: attachment with the
 * file name (RFC 2231 when it is not short plain ASCII), a name= fallback
 * on Content-Type (RFC 2047 encoded-words, as older readers expect).
 * The file is only checked here: its part holds a placeholder that
 * message-stream.c fills from the file, in blocks, when the message is
 * written.
 *
 * The type comes from the file's name first, through the mime.types
 * file the caller names (mimetypes.c), as mutt does; a text type gets
 * its charset from the bytes, read once: us-ascii, or utf-8.  Only a
 * name that says nothing, or text that is neither (Latin-1, UTF-16, a
 * NUL byte: a binary misnamed), is left to libmagic, which is loaded
 * then (mimemagic.c) and answers type and charset from the bytes.
 *
 * A file typed message/rfc822 (an .eml, or text libmagic sees start
 * with header lines) or message/news goes as message/rfc822 when it is a
 * message that can travel as one: a header mailimf parses whole, in
 * ASCII, and lines that suit 7bit, or 8bit when the server has
 * 8BITMIME (RFC 2046 5.2.1 forbids base64 there).  The part is a single
 * part with the file as its data, which libetpan's writer emits as it
 * is; a MAILMIME_MESSAGE part would be rebuilt from parsed fields, not
 * byte for byte and not from disk.  Anything else composite (multipart/,
 * message/partial, message/external-body, an rmail file) and a file
 * that is not such a message goes as application/octet-stream, base64.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mail/message.h"
#include "mail/message-int.h"
#include "mail/mimemagic.h"
#include "mail/mimetypes.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define OCTET_STREAM "application/octet-stream"
#define RFC822	     "message/rfc822"
#define MAGIC_BYTES  (1024 * 1024) /* of a file libmagic looks at */
#define HEAD_MAX     (256 * 1024)  /* of a message's header, at most */

/* Readable regular file?  Its size in *size. */
static int
attach_stat(const char *path, size_t *size, struct op_err *err)
{
	struct stat st;
	int	    fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return (op_err_set(err, OP_EIO, "attachment %s: %s", path,
		    strerror(errno)));
	if (fstat(fd, &st) == -1) {
		op_err_set(err, OP_EIO, "attachment %s: %s", path,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	if (S_ISDIR(st.st_mode))
		return (op_err_set(err, OP_EIO,
		    "attachment %s: is a directory", path));
	if (!S_ISREG(st.st_mode))
		return (op_err_set(err, OP_EIO,
		    "attachment %s: is not a regular file", path));
	*size = (size_t)st.st_size;
	return (0);
}

static int
attach_token(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return (0);
	for (i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f ||
		    strchr("()<>@,;:\\\"/[]?=", s[i]) != NULL)
			return (0);
	return (1);
}

/*
 * Where libetpan's writer is on the Content-Type line: its own column,
 * which leaves out the quotes of every quoted value, and the real one.
 */
struct ctcol {
	size_t etpan;
	size_t real;
};

/*
 * Follow libetpan over "; name=\"value\"": it folds when its column plus
 * strlen(name=value) passes 78.  Returns the real length of the line the
 * parameter ends.
 */
static size_t
etpan_param(struct ctcol *c, const char *name, const char *value)
{
	size_t	    len = strlen(name) + 1 + strlen(value);
	const char *p;

	for (p = value; *p != '\0'; p++)
		len += (*p == '"' || *p == '\\');
	c->etpan += 2;
	c->real += 2;
	if (c->etpan + strlen(name) + 1 + strlen(value) > 78)
		c->etpan = c->real = 1;
	c->etpan += len;
	c->real += len + 2;
	return (c->real);
}

static void
add_param(struct mailmime_content *ct, const char *name, const char *value)
{
	struct mailmime_parameter *pa;

	pa = mailmime_param_new_with_data((char *)name, (char *)value);
	if (pa == NULL || clist_append(ct->ct_parameters, pa) != 0)
		abort();
}

static struct mailmime_content *
content_new(const char *type, struct ctcol *col)
{
	struct mailmime_content *ct;

	if ((ct = mailmime_content_new_with_str(type)) == NULL)
		abort();
	col->real = strlen("Content-Type: ") + strlen(type);
	col->etpan = col->real;
	return (ct);
}

/* What types the attachments: a mime.types file, and libmagic. */
struct attach_typer {
	const char	 *mime_types; /* NULL: no names known */
	struct mimemagic *magic;
	int		  tried; /* libmagic was loaded, or failed to */
};

/*
 * "type/subtype" and, for text, "; charset=x" (libmagic's answer, or
 * ours in its form) as a Content-Type; NULL when m is NULL or no type to
 * send.  *col: where libetpan's writer will be after it.
 */
static struct mailmime_content *
content_parse(const char *m, struct ctcol *col)
{
	struct mailmime_content *ct;
	const char		*slash, *cs;
	char			*type;
	size_t			 tlen;

	if (m == NULL || (slash = strchr(m, '/')) == NULL)
		return (NULL);
	tlen = strcspn(m, ";");
	if (!attach_token(m, slash - m) ||
	    !attach_token(slash + 1, tlen - (slash - m) - 1) ||
	    strncmp(m, "inode/", 6) == 0 ||
	    (tlen == 19 && strncmp(m, "application/x-empty", 19) == 0))
		return (NULL);
	type = xstrndup(m, tlen);
	ct = mailmime_content_new_with_str(type);
	free(type);
	if (ct == NULL)
		return (NULL);
	col->real = strlen("Content-Type: ") + tlen;
	col->etpan = col->real;
	cs = strstr(m, "charset=");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    ct->ct_type->tp_data.tp_discrete_type->dt_type ==
		MAILMIME_DISCRETE_TYPE_TEXT &&
	    cs != NULL && attach_token(cs + 8, strlen(cs + 8)) &&
	    strcmp(cs + 8, "binary") != 0 &&
	    strcmp(cs + 8, "unknown-8bit") != 0) {
		add_param(ct, "charset", cs + 8);
		etpan_param(col, "charset", cs + 8);
	}
	return (ct);
}

/* libmagic's answer for path (loaded on the first call), or NULL. */
static const char *
attach_magic(struct attach_typer *t, const char *path)
{
	if (!t->tried) {
		t->magic = mimemagic_open(MAGIC_BYTES);
		t->tried = 1;
	}
	return (mimemagic_file(t->magic, path));
}

/*
 * Read the whole file through message_scan, its first max bytes kept in
 * head; it must still be f->bytes long.  Errors: OP_EIO.
 */
static int
attach_scan(const char *path, const struct message_afile *f,
    struct message_scan *sc, struct strbuf *head, size_t max,
    struct op_err *err)
{
	if (message_scan_file(path, sc, head, max, err) == -1)
		return (-1);
	if (sc->bytes != f->bytes)
		return (op_err_set(err, OP_EIO,
		    "attachment %s changed while the message was built",
		    path));
	return (0);
}

/*
 * The type the file's name gives, in libmagic's form (allocated) in
 * *out: a text type with "; charset=us-ascii" or "utf-8" from its bytes;
 * NULL when the name says nothing, or the text is neither or holds a
 * NUL.  Errors: OP_EIO.
 */
static int
attach_named(const char *mime_types, const char *path, const char *name,
    const struct message_afile *f, char **out, struct op_err *err)
{
	struct message_scan sc;
	struct strbuf	    none = STRBUF_INIT;
	char		   *type;

	*out = NULL;
	if ((type = mimetypes_lookup(mime_types, name)) == NULL)
		return (0);
	if (strncasecmp(type, "text/", 5) != 0) {
		*out = type;
		return (0);
	}
	if (attach_scan(path, f, &sc, &none, 0, err) == -1) {
		free(type);
		return (-1);
	}
	if (!sc.nul && message_scan_utf8(&sc))
		xasprintf(out, "%s; charset=%s", type,
		    sc.eight ? "utf-8" : "us-ascii");
	free(type);
	return (0);
}

/*
 * The Content-Type of the file at path named name: by its name, else by
 * libmagic, else application/octet-stream.  *col: where libetpan's
 * writer will be after it.  Errors: OP_EIO.
 */
static struct mailmime_content *
attach_content(struct attach_typer *t, const char *path, const char *name,
    const struct message_afile *f, struct ctcol *col, struct op_err *err)
{
	struct mailmime_content *ct;
	char			*named;

	if (attach_named(t->mime_types, path, name, f, &named, err) == -1)
		return (NULL);
	ct = content_parse(named, col);
	free(named);
	if (ct == NULL)
		ct = content_parse(attach_magic(t, path), col);
	return (ct != NULL ? ct : content_new(OCTET_STREAM, col));
}

/* A message header: mailimf reads all of it (CRLF line ends given). */
static int
head_parses(const char *head, size_t len)
{
	struct mailimf_fields *fields;
	struct strbuf	       ob = STRBUF_INIT;
	size_t		       i, idx = 0;
	int		       ok;

	for (i = 0; i < len; i++) {
		if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r'))
			strbuf_add(&ob, "\r", 1);
		strbuf_add(&ob, head + i, 1);
	}
	if (ob.len == 0 || !message_is_ascii(ob.p, ob.len)) {
		strbuf_free(&ob);
		return (0);
	}
	ok = mailimf_fields_parse(ob.p, ob.len, &idx, &fields) ==
	    MAILIMF_NO_ERROR;
	if (ok) {
		ok = idx == ob.len && clist_count(fields->fld_list) > 0;
		mailimf_fields_free(fields);
	}
	strbuf_free(&ob);
	return (ok);
}

/* Where the header of a message ends (its empty line), or 0. */
static size_t
head_end(const char *p, size_t len, int whole)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] == '\n' && i + 1 < len &&
		    (p[i + 1] == '\n' ||
			(p[i + 1] == '\r' && i + 2 < len && p[i + 2] == '\n')))
			return (i + 1);
	return (whole ? len : 0);
}

/*
 * Can the file at path go as message/rfc822?  *verbatim: 7 or 8 when
 * it can (its bare LFs in *lfs), 0 when not.  Errors: OP_EIO.
 */
static int
attach_message(const char *path, int eightbit, struct message_afile *f,
    struct op_err *err)
{
	struct message_scan sc;
	struct strbuf	    head = STRBUF_INIT;
	size_t		    end;

	f->verbatim = 0;
	if (attach_scan(path, f, &sc, &head, HEAD_MAX, err) == -1) {
		strbuf_free(&head);
		return (-1);
	}
	end = head_end(head.p, head.len, head.len == sc.bytes);
	if (end > 0 && head_parses(head.p, end)) {
		f->verbatim = message_scan_verbatim(&sc, eightbit);
		f->lfs = sc.lfs;
	}
	strbuf_free(&head);
	return (0);
}

/*
 * A composite type (message/, multipart/) becomes
 * message/rfc822 or application/octet-stream (above).
 */
static struct mailmime_content *
attach_composite(struct mailmime_content *ct, const char *path, int eightbit,
    struct message_afile *f, struct ctcol *col, struct op_err *err)
{
	int candidate;

	if (ct->ct_type->tp_type != MAILMIME_TYPE_COMPOSITE_TYPE)
		return (ct);
	candidate = ct->ct_type->tp_data.tp_composite_type->ct_type ==
		MAILMIME_COMPOSITE_TYPE_MESSAGE &&
	    (strcasecmp(ct->ct_subtype, "rfc822") == 0 ||
		strcasecmp(ct->ct_subtype, "news") == 0);
	mailmime_content_free(ct);
	if (candidate && attach_message(path, eightbit, f, err) == -1)
		return (NULL);
	return (content_new(f->verbatim ? RFC822 : OCTET_STREAM, col));
}

/* Each space between encoded-words becomes a fold. */
static char *
fold_words(char *words)
{
	struct strbuf ob = STRBUF_INIT;
	char	     *p;

	for (p = words; *p != '\0'; p++) {
		if (*p == ' ')
			strbuf_adds(&ob, "\r\n ");
		else
			strbuf_add(&ob, p, 1);
	}
	free(words);
	return (strbuf_take(&ob));
}

/*
 * name= on Content-Type: the name itself when it is plain ASCII and
 * libetpan will place it within 78 columns; else RFC 2047 encoded-words,
 * folded between the words by us (libetpan never folds inside a quoted
 * value; FWS is allowed there).
 */
static void
attach_name_param(struct mailmime_content *ct, const char *name,
    struct ctcol col)
{
	struct strbuf ob = STRBUF_INIT;
	struct ctcol  c = col;
	const char   *p;
	char	     *value;
	size_t	      half;

	for (p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			break;
	if (*p == '\0' && etpan_param(&c, "name", name) <= 78) {
		add_param(ct, "name", name);
		return;
	}
	message_encode_words(&ob, name, strlen(name), 0);
	value = strbuf_take(&ob);
	c = col;
	if (strchr(value, ' ') == NULL &&
	    etpan_param(&c, "name", value) > 78) {
		/* One word that libetpan would not fold before: split it. */
		free(value);
		half = strlen(name) / 2;
		half = utf8_prev(name, half + 1); /* a character boundary */
		message_encode_words(&ob, name, half, 0);
		strbuf_add(&ob, " ", 1);
		message_encode_words(&ob, name + half, strlen(name + half), 0);
		value = strbuf_take(&ob);
	}
	value = fold_words(value);
	add_param(ct, "name", value);
	free(value);
}

/*
 * libetpan writes every disposition parameter as a quoted string (which
 * RFC 2231 forbids for filename*=) and folds them by a count that leaves
 * out the quotes; so the whole value is our text, carried as an
 * extension disposition type, which libetpan writes verbatim.
 */
static struct mailmime_disposition *
attach_disposition(const char *name)
{
	struct mailmime_disposition_type *dt;
	struct mailmime_disposition	 *d;
	clist				 *parms;

	if ((parms = clist_new()) == NULL)
		abort();
	dt = mailmime_disposition_type_new(MAILMIME_DISPOSITION_TYPE_EXTENSION,
	    message_disposition(name));
	if (dt == NULL || (d = mailmime_disposition_new(dt, parms)) == NULL)
		abort();
	return (d);
}

/* Record the file in msg; its placeholder is token.N. */
static struct message_afile *
attach_record(struct message *msg, const char *token, const char *path,
    size_t size)
{
	struct message_afile *f;

	msg->files = xreallocarray(msg->files, msg->nfiles + 1,
	    sizeof *msg->files);
	f = &msg->files[msg->nfiles];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->bytes = size;
	xasprintf(&f->mark, "%s.%zu", token, msg->nfiles);
	msg->nfiles++;
	return (f);
}

static int
attach_one(struct mailmime *mp, struct attach_typer *t, const char *path,
    const char *token, int eightbit, struct message *msg, struct op_err *err)
{
	struct message_afile	*f;
	struct mailmime_data	*data;
	struct mailmime_content *ct;
	struct mailmime_fields	*fields;
	struct mailmime		*part;
	const char		*name;
	struct ctcol		 col;
	size_t			 size = 0;
	int			 mech;

	name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (*name == '\0')
		return (op_err_set(err, OP_EIO,
		    "attachment %s: is a directory", path));
	if (message_header_check("Attachment file name", name, err) == -1)
		return (-1);
	if (!utf8_valid(name, strlen(name)))
		return (op_err_set(err, OP_EMESSAGE,
		    "attachment %s: the file name is not valid UTF-8; rename the file",
		    path));
	if (attach_stat(path, &size, err) == -1)
		return (-1);
	f = attach_record(msg, token, path, size);
	if ((ct = attach_content(t, path, name, f, &col, err)) == NULL)
		return (-1);
	if ((ct = attach_composite(ct, path, eightbit, f, &col, err)) == NULL)
		return (-1);
	attach_name_param(ct, name, col);
	mech = f->verbatim == 0 ? MAILMIME_MECHANISM_BASE64 :
	    f->verbatim == 8	? MAILMIME_MECHANISM_8BIT :
				  MAILMIME_MECHANISM_7BIT;
	msg->eightbit |= f->verbatim == 8;
	fields = mailmime_fields_new_with_data(mailmime_mechanism_new(mech,
						   NULL),
	    NULL, NULL, attach_disposition(name), NULL);
	/* Written as it is ("encoded"); the lines replace it later. */
	data = mailmime_data_new(MAILMIME_DATA_TEXT, mech, 1, f->mark,
	    strlen(f->mark), NULL);
	/* A single part whatever the type: libetpan writes its data as is. */
	if (fields == NULL || data == NULL ||
	    (part = mailmime_new(MAILMIME_SINGLE, NULL, 0, fields, ct, data,
		 NULL, NULL, NULL, NULL, NULL)) == NULL ||
	    mailmime_smart_add_part(mp, part) != MAILIMF_NO_ERROR)
		abort();
	return (0);
}

int
message_attach(struct mailmime *mp, const struct message_spec *spec,
    const char *token, int eightbit, struct message *msg, struct op_err *err)
{
	struct attach_typer t = { spec->mime_types, NULL, 0 };
	size_t		    i;
	int		    rc = 0;

	for (i = 0; i < spec->nattach && rc == 0; i++)
		rc = attach_one(mp, &t, spec->attach[i], token, eightbit, msg,
		    err);
	/* Without libmagic an unnamed file is application/octet-stream. */
	mimemagic_close(t.magic);
	return (rc);
}
