/*
 * message-int.h -- internals shared by the message-*.c files (all named
 * message_, as the public ones in message.h): libetpan's writers into a
 * strbuf, the encoders libetpan lacks (RFC 2047 encoded-words,
 * quoted-printable without its trailing-space bugs, RFC 2231
 * parameters), the attachments' scan and stream.  Not for use outside
 * src/mail/message*.c.
 */
#ifndef OUTPOST_MESSAGE_INT_H
#define OUTPOST_MESSAGE_INT_H

#include <stddef.h>

#include <libetpan/libetpan.h>

#include "base/err.h"
#include "base/strbuf.h"

struct address_list;
struct message;
struct message_afile;
struct message_spec;

/* libetpan's do_write callback: data is a struct strbuf. */
int message_strbuf_write(void *, const char *, size_t);

/* message-encode.c */

/*
 * Header text as libetpan should write it: words that need it become
 * RFC 2047 encoded-words (UTF-8, B or Q, at most 60 characters each, so
 * libetpan can fold between them).  phrase: the text is a display name
 * (stricter Q alphabet; any special character forces encoding when
 * anything is encoded).  utf8: raw UTF-8 is allowed (SMTPUTF8).
 */
char *message_encode_text(const char *, int, int);
/* Header text decoded (RFC 2047, unfolded), allocated. */
char *message_decode_text(const char *);
/* All of text as encoded-words separated by spaces; phrase: see .c. */
void message_encode_words(struct strbuf *, const char *, size_t, int);
int  message_is_ascii(const char *, size_t);

enum message_cte {
	MESSAGE_7BIT,
	MESSAGE_8BIT,
	MESSAGE_QP,
};
/* The transfer encoding for a text body; eightbit: server has 8BITMIME. */
enum message_cte message_body_cte(const char *, size_t, int);
/* Quoted-printable, CRLF line ends, lines of at most 76 characters. */
void message_qp_encode(struct strbuf *, const char *, size_t);

/*
 * The whole Content-Disposition value for an attachment file name,
 * folded: "attachment; filename=\"...\"" for plain ASCII, else RFC 2231
 * filename*=utf-8''... (in filename*N* sections when long).
 */
char *message_disposition(const char *);

/* message.c */
struct mailimf_date_time *message_date_now(void);
/* A random Message-ID (no <>) at the domain of addr. */
char *message_random_id(const char *, struct op_err *);
/*
 * A list of message ids as the user's draft holds it ("<a@x> <b@y>"; NULL
 * or blank: none) checked, and with out its ids (without <>) as a clist
 * of allocated strings, NULL when there are none.  Error: OP_EMESSAGE
 * naming the field.
 */
int message_msgids(const char *, const char *, clist **, struct op_err *);
/* A random MIME boundary. */
char *message_random_boundary(struct op_err *);
/* Append envelope recipients to msg, each address once. */
void message_add_rcpts(struct message *, char *const *, size_t);
/* The From mailbox list for addr and an optional display name. */
struct mailimf_mailbox_list *message_from(const char *, const char *, int);
/*
 * An address list (address.h) as mailimf's, names and groups kept (RFC
 * 2047 unless utf8); NULL when it is empty.
 */
struct mailimf_address_list *message_addr_list(const struct address_list *,
    int);
/*
 * The header field named (From, Sender, Reply-To, To or Cc) holding the
 * list, as libetpan writes it (folded, CRLF, names RFC 2047), to out.
 */
void message_write_addrs(struct strbuf *, const char *,
    const struct address_list *);

/* message-attach.c */

/*
 * Append one part per file of spec->attach to the multipart: type from
 * the file's name (spec->mime_types), else from libmagic, file name from
 * the path, base64; a message that can travel as one goes as
 * message/rfc822 in 7bit, or 8bit when eightbit (the server has
 * 8BITMIME; msg->eightbit is then set).  The part's data is a
 * placeholder (token, a dot, the file's index) that message_cut_marks
 * replaces; each file is recorded in msg->files with its size.
 * Errors: OP_EIO naming the path, OP_EMESSAGE for a bad file name.
 */
int message_attach(struct mailmime *, const struct message_spec *,
    const char *, int, struct message *, struct op_err *);

/* message-7bit.c */

/*
 * One header line (no line end) appended, folded before white space
 * wherever it would pass 998 octets; -1 (nothing said) if some stretch
 * of 998 octets has no white space to fold at.
 */
int message_fold_long(struct strbuf *, const char *, size_t);

/* message-stream.c */

/*
 * What a file holds, read block by block: whether it can go verbatim as
 * a message/rfc822 part (RFC 2046 5.2.1: 7bit or 8bit, never base64).
 */
struct message_scan {
	size_t	      bytes;	/* read so far */
	size_t	      lfs;	/* LFs without a CR before them */
	size_t	      longest;	/* the longest line, without its line end */
	size_t	      line;	/* the current line's length so far */
	int	      cr;	/* the last byte was a CR */
	int	      nul;	/* a NUL byte */
	int	      bare_cr;	/* a CR not followed by LF */
	int	      eight;	/* a byte over 127 */
	int	      not_utf8; /* a byte sequence that is not UTF-8 */
	unsigned char u8[4];	/* a sequence the block's end may have cut */
	size_t	      u8len;
};
void message_scan(struct message_scan *, const unsigned char *, size_t);
/* After the last block: every byte read is UTF-8 (or ASCII). */
int message_scan_utf8(const struct message_scan *);
/*
 * After the last block: 7 or 8 when the lines can go as 7bit or 8bit (no
 * NUL, no bare CR, none over 998 octets; 8-bit bytes only when eightbit
 * is set), else 0.
 */
int message_scan_verbatim(const struct message_scan *, int);
/*
 * Read the file at path through message_scan (sc is cleared first) and keep
 * its first max bytes in head.  Errors: OP_EIO naming the path.
 */
int message_scan_file(const char *, struct message_scan *, struct strbuf *,
    size_t, struct op_err *);

/*
 * Find each file's placeholder in msg->data (in order), note where it
 * was and cut it out; msg->size becomes the whole message's length.
 */
int message_cut_marks(struct message *, struct op_err *);
/* len bytes as base64 lines (76 characters and CRLF each), appended. */
void message_base64_encode(struct strbuf *, const char *, size_t);
/* The length of a file's base64 lines (76 characters and CRLF each). */
size_t message_base64_size(size_t);
/* The length of a file in the message: base64 or verbatim lines. */
size_t message_file_size(const struct message_afile *);

#endif
