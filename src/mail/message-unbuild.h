/*
 * message-unbuild.h -- the way back from a stored message to what the
 * composer edits (outbox-edit): recipients, the subject decoded, the
 * text body as typed, the attachments' names and bytes.  Parsing with
 * libetpan's mailmime; the core never writes the files itself.
 */
#ifndef OUTPOST_MESSAGE_UNBUILD_H
#define OUTPOST_MESSAGE_UNBUILD_H

#include <stddef.h>

#include "base/err.h"

struct message_file {
	char *name; /* decoded, UTF-8, as the sender named it (may hold
		       anything: the caller makes it a safe file name) */
	char  *data;
	size_t len;
};

struct message_parts {
	char		    *to, *cc, *bcc; /* "Name <a@x>, b@y"; never NULL */
	char		    *subject;	    /* decoded; never NULL */
	char		    *body;	    /* UTF-8, LF line ends */
	size_t		     bodylen;
	int		     has_text; /* a text/plain part was found */
	struct message_file *files;
	size_t		     nfiles;
	/* What a reply or a forward needs; never NULL, "" when absent. */
	char *from, *reply_to;		/* as to and cc */
	char *date;			/* "3 Mar 2026 10:04 +0100" */
	char *message_id;		/* "<id@host>" */
	char *in_reply_to, *references; /* "<a@x> <b@y>" */
	/*
	 * The first text/html part that is not an attachment, UTF-8, LF
	 * line ends (also in files, as html_file - 1; 0: none).
	 */
	char  *html;
	size_t htmllen, html_file;
};

/*
 * Take the message (bytes, length) apart.  rcpts/nrcpts are its
 * envelope recipients: those not in To or Cc become Bcc.  The first
 * text/plain part that is not an attachment is the body: transfer
 * encoding (quoted-printable, base64) undone, its charset converted to
 * UTF-8, format=flowed undone, a NUL byte made U+FFFD; every other leaf
 * part is a file.  The
 * first text/html part is also kept as html, decoded the same way.
 * Errors: OP_EMESSAGE (cannot be parsed; a charset that cannot be
 * converted).
 */
int  message_unbuild(const char *, size_t, char *const *, size_t,
     struct message_parts *, struct op_err *);
void message_parts_free(struct message_parts *);

/*
 * Append "Name <addr>" (the name quoted when it must be) or addr to a
 * header-style list, ", " between entries.
 */
struct strbuf;
void message_list_add(struct strbuf *, const char *, const char *);

#endif
