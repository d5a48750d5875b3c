/*
 * message.h -- build and check RFC 5322 / MIME messages with libetpan's
 * mailimf and mailmime.  Header values with CR, LF or NUL are rejected
 * with the field named, never cleaned.
 */
#ifndef OUTPOST_MESSAGE_H
#define OUTPOST_MESSAGE_H

#include <stddef.h>

#include "base/err.h"

/* What the composer (or "outpost send --to ...") gives us. */
struct message_spec {
	const char *from_name; /* may be NULL */
	const char *from_addr; /* the account's address */
	/*
	 * Address lists as a user writes them ("Bob <bob@x.org>, team:
	 * a@x.org;"), one or more texts each: the header keeps their names
	 * and groups; a bare local part ("alice") gets from_addr's domain.
	 */
	char *const *to;
	size_t	     nto;
	char *const *cc;
	size_t	     ncc;
	char *const *bcc; /* envelope only, never in the header */
	size_t	     nbcc;
	const char  *subject; /* UTF-8, may be empty */
	/* A reply's (RFC 5322 3.6.4): "<id@x> <id@y>", or NULL */
	const char  *in_reply_to, *references;
	const char  *body; /* UTF-8 text */
	size_t	     body_len;
	char *const *attach; /* file paths */
	size_t	     nattach;
	/*
	 * The mime.types file that types attachments by their names
	 * (/etc/mime.types for the agent); NULL: libmagic types them all.
	 */
	const char *mime_types;
	int	    flowed; /* body already format=flowed (RFC 3676): say
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
	char **bcc;	   /* the Bcc field as written: the Sent copy's */
	size_t nbcc;	   /* (message_keep_bcc), never in data */
	/*
	 * message_build_stream only: the attachments, whose base64 goes
	 * into data at their offsets when message_write writes it; size is
	 * the whole message's length (len when there are none).
	 */
	struct message_afile *files;
	size_t		      nfiles;
	size_t		      size;
};

/*
 * An attachment left out of data: message_write encodes it from disk,
 * as base64 lines, or (a message/rfc822 part) verbatim with each bare
 * LF written as CRLF.
 */
struct message_afile {
	size_t at;	 /* offset in data where its lines go */
	char  *path;	 /* as given */
	size_t bytes;	 /* its size when the message was built */
	int    verbatim; /* 1: its own lines (7bit or 8bit), not base64 */
	size_t lfs;	 /* verbatim: its bare LFs, each one CRLF more */
	char  *mark;	 /* internal: its placeholder while building */
};

/* Where message_write puts the bytes: 0, or -1 with errno set. */
typedef int (*message_sink)(void *, const char *, size_t);

/*
 * Build a complete message: From, To, Cc, Subject (RFC 2047 when not
 * ASCII, unless SMTPUTF8), Date, Message-ID (random, the sender's
 * domain), MIME-Version; a text/plain UTF-8 body (quoted-printable, or
 * 8bit when the server offers 8BITMIME); attachments as multipart/mixed
 * parts in base64 with RFC 2231 file names and a type from the file's
 * name (mime_types; text with a charset from its bytes: us-ascii or
 * utf-8), else from libmagic (loaded only then); a file typed as a
 * message goes as message/rfc822 in 7bit or 8bit
 * (never base64, RFC 2046 5.2.1) when it is one that can travel so,
 * else as application/octet-stream.
 * Errors: OP_EMESSAGE (bad header value: the field is named), OP_EINVAL
 * (bad address), OP_EIO (attachment unreadable: the path is named).
 */
int message_build(const struct message_spec *, const struct message_caps *,
    struct message *, struct op_err *);
/*
 * The same without reading the attachments: data holds everything else
 * and msg->files says where each file's base64 goes; message_write then
 * produces the exact bytes message_build would (msg->size of them),
 * reading each file in blocks, never whole.
 */
int message_build_stream(const struct message_spec *,
    const struct message_caps *, struct message *, struct op_err *);
/*
 * All msg->size bytes of the message to sink(arg, ...), in blocks of at
 * most about 64 KiB.  Errors: OP_EIO (the sink failed: errno is kept;
 * an attachment unreadable, or changed since the build: the path is
 * named).
 */
int message_write(const struct message *, message_sink, void *,
    struct op_err *);
/* message_write with the message first, as an outbox_fill (outbox.h). */
int message_fill(void *, int (*)(void *, const char *, size_t), void *,
    struct op_err *);

/*
 * Take a message written by someone else (sendmail mode, stdin): parse it
 * with mailimf, refuse a From other than account_addr, add Date,
 * Message-ID and From when missing, take the recipients from To, Cc and
 * Bcc when use_headers is set (else from rcpts/nrcpts), and drop the Bcc
 * header (its text kept in msg->bcc for the Sent copy).  Errors:
 * OP_EMESSAGE (unparsable header, header with NUL or a bare CR, no
 * recipients), OP_EINVAL (bad address), OP_EPOLICY (From not the
 * account's).
 * Arguments: the message bytes and length, the account's address, the
 * account's display name (for an added From; may be NULL), use_headers,
 * the command-line recipients (added to the header ones when
 * use_headers is set), msg, err.  Line ends become CRLF; the body is
 * otherwise kept byte for byte (a bare CR in it is refused), but for a
 * NUL byte, never sent raw: a body that is one unencoded text part then
 * goes in quoted-printable, any other is refused (OP_EMESSAGE).
 */
int message_prepare(const char *, size_t, const char *, const char *, int,
    char *const *, size_t, struct message *, struct op_err *);

/*
 * What message_7bit converts: _LINES lines over 998 octets, NUL and
 * bare CR in a body (any server needs that) and header lines over 998
 * octets (folded at white space); _BODY 8-bit bytes in a body (a server
 * without 8BITMIME), headers inside the body included; _HEADER raw
 * UTF-8 in the message's own header (a server without SMTPUTF8).
 */
#define MESSAGE_7BIT_LINES  0x1
#define MESSAGE_7BIT_BODY   0x2
#define MESSAGE_7BIT_HEADER 0x4
/*
 * Convert a message (CRLF) so that it needs none of what says, keeping
 * its meaning: each leaf part whose body must change goes in
 * quoted-printable (text: its charset kept; added as utf-8 when missing
 * and the bytes are UTF-8, else unknown-8bit) or base64 (anything
 * else), with Content-Transfer-Encoding set and MIME-Version and
 * Content-Type added to a message that had none; multipart and
 * message/rfc822 are walked into; header text with raw UTF-8 becomes
 * RFC 2047 encoded-words (display names through mailimf); everything
 * else is copied byte for byte.  Returns 1 with the new bytes in
 * out and outlen (allocated), 0 when nothing had to change (*out NULL),
 * -1 on error: OP_EMESSAGE naming a non-ASCII address, a structured
 * field with UTF-8, a header line that cannot be folded, a part declared
 * quoted-printable or base64 whose bytes are not.
 * Arguments: data, len, what (MESSAGE_7BIT_*), out, outlen, err.
 */
int message_7bit(const char *, size_t, unsigned, char **, size_t *,
    struct op_err *);

void message_free(struct message *);

/*
 * Keep a Bcc field's text (unfolded, trimmed; nothing when empty) in
 * msg->bcc for the Sent copy: a -t message's field as written, a --bcc
 * argument, the composer's field.  The transmitted bytes never have it.
 */
void message_keep_bcc(struct message *, const char *);
/*
 * The Sent copy of a stored message (msg, len) with a "Bcc:" field of
 * the n texts joined by ", " (folded at spaces), placed after the last
 * To or Cc field, else at the end of the header: 1 and the allocated
 * copy in *out, *outlen; 0 (nothing allocated) when n is 0 or the
 * message already has a Bcc field.
 */
int message_copy_bcc(const char *, size_t, char *const *, size_t, char **,
    size_t *);

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
