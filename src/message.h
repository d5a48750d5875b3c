/*
 * message.h -- build and check RFC 5322 / MIME messages with libetpan's
 * mailimf and mailmime.  Header values with CR, LF or NUL are rejected
 * with the field named, never cleaned.
 */
#ifndef OUTPOST_MESSAGE_H
#define OUTPOST_MESSAGE_H

#include <stddef.h>

#include "err.h"

/* What the composer (or "outpost send --to ...") gives us. */
struct message_spec {
	const char  *from_name; /* may be NULL */
	const char  *from_addr; /* the account's address */
	char *const *to;	/* bare addresses */
	size_t	     nto;
	char *const *cc;
	size_t	     ncc;
	char *const *bcc; /* envelope only, never in the header */
	size_t	     nbcc;
	const char  *subject; /* UTF-8, may be empty */
	const char  *body;    /* UTF-8 text */
	size_t	     body_len;
	char *const *attach; /* file paths */
	size_t	     nattach;
	int	     flowed; /* body already format=flowed (RFC 3676): say
				so in its Content-Type, delsp=no */
};

/* What the server offers; decides the encodings. */
struct message_caps {
	int eightbitmime; /* body may go as 8bit */
	int smtputf8;	  /* headers may carry raw UTF-8 */
};

/* A message ready to send: its bytes (CRLF) and its envelope. */
struct message {
	char  *data;
	size_t len;
	char  *from;  /* envelope sender */
	char **rcpts; /* envelope recipients: To, Cc, Bcc */
	size_t nrcpts;
	char  *message_id; /* without <> */
	char  *subject;	   /* decoded, for lists; may be NULL */
	int    eightbit;   /* 8-bit body: MAIL FROM BODY=8BITMIME */
	int    smtputf8;   /* raw UTF-8 in the header: SMTPUTF8 */
};

/*
 * Build a complete message: From, To, Cc, Subject (RFC 2047 when not
 * ASCII, unless SMTPUTF8), Date, Message-ID (random, the sender's
 * domain), MIME-Version; a text/plain UTF-8 body (quoted-printable, or
 * 8bit when the server offers 8BITMIME); attachments as multipart/mixed
 * parts in base64 with RFC 2231 file names and a type from libmagic.
 * Errors: OP_EMESSAGE (bad header value: the field is named), OP_EINVAL
 * (bad address), OP_EIO (attachment unreadable: the path is named).
 */
int message_build(const struct message_spec *, const struct message_caps *,
    struct message *, struct op_err *);

/*
 * Take a message written by someone else (sendmail mode, stdin): parse it
 * with mailimf, refuse a From other than account_addr, add Date,
 * Message-ID and From when missing, take the recipients from To, Cc and
 * Bcc when use_headers is set (else from rcpts/nrcpts), and drop the Bcc
 * header.  Errors: OP_EMESSAGE (unparsable header, header with NUL or a
 * bare CR, no recipients), OP_EINVAL (bad address), OP_EPOLICY (From not
 * the account's).
 * Arguments: the message bytes and length, the account's address, the
 * account's display name (for an added From; may be NULL), use_headers,
 * the command-line recipients (added to the header ones when
 * use_headers is set), msg, err.  Line ends become CRLF; the body is
 * otherwise kept byte for byte (a bare CR in it is refused).
 */
int message_prepare(const char *, size_t, const char *, const char *, int,
    char *const *, size_t, struct message *, struct op_err *);

void message_free(struct message *);

/*
 * A header value must not hold CR, LF or NUL: 0 if fine.  Arguments:
 * field name (named in the error), value.  Error: OP_EMESSAGE, as in
 * "Subject: contains a line break; a header must be one line".
 */
int message_header_check(const char *, const char *, struct op_err *);
/* The same for a value of known length (so a NUL can be seen). */
int message_header_check_len(const char *, const char *, size_t,
    struct op_err *);

#endif
