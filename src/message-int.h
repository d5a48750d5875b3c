/*
 * message-int.h -- internals shared by the message-*.c files: an output
 * buffer that libetpan writes into, and the encoders libetpan lacks
 * (RFC 2047 encoded-words, quoted-printable without its trailing-space
 * bugs, RFC 2231 parameters).  Not for use outside src/message*.c.
 */
#ifndef OUTPOST_MESSAGE_INT_H
#define OUTPOST_MESSAGE_INT_H

#include <stddef.h>

#include <libetpan/libetpan.h>

#include "err.h"

struct message;

/* A growing byte buffer. */
struct obuf {
	char  *p;
	size_t len;
	size_t cap;
};

void obuf_reserve(struct obuf *, size_t);
void obuf_add(struct obuf *, const void *, size_t);
void obuf_adds(struct obuf *, const char *);
/* libetpan's do_write callback: data is a struct obuf. */
int obuf_write(void *, const char *, size_t);
/* NUL-terminate and hand over the bytes (the obuf is emptied). */
char *obuf_take(struct obuf *, size_t *);

/* message-encode.c */

/*
 * Header text as libetpan should write it: words that need it become
 * RFC 2047 encoded-words (UTF-8, B or Q, at most 60 characters each, so
 * libetpan can fold between them).  phrase: the text is a display name
 * (stricter Q alphabet; any special character forces encoding when
 * anything is encoded).  utf8: raw UTF-8 is allowed (SMTPUTF8).
 */
char *mh_encode_text(const char *, int, int);
/* Header text decoded (RFC 2047, unfolded), allocated. */
char *mh_decode_text(const char *);
/* All of text as encoded-words separated by spaces; phrase: see .c. */
void mh_encode_words(struct obuf *, const char *, size_t, int);
int  mh_is_ascii(const char *, size_t);

enum mh_cte {
	MH_7BIT,
	MH_8BIT,
	MH_QP,
};
/* The transfer encoding for a text body; eightbit: server has 8BITMIME. */
enum mh_cte mh_body_cte(const char *, size_t, int);
/* Quoted-printable, CRLF line ends, lines of at most 76 characters. */
void mh_qp_encode(struct obuf *, const char *, size_t);

/*
 * The whole Content-Disposition value for an attachment file name,
 * folded: "attachment; filename=\"...\"" for plain ASCII, else RFC 2231
 * filename*=utf-8''... (in filename*N* sections when long).
 */
char *mh_disposition(const char *);

/* message.c */
struct mailimf_date_time *mh_date_now(void);
/* A random Message-ID (no <>) at the domain of addr. */
char *mh_message_id(const char *, struct op_err *);
/* A random MIME boundary. */
char *mh_boundary(struct op_err *);
/* Append envelope recipients to msg, each address once. */
void mh_add_rcpts(struct message *, char *const *, size_t);
/* The From mailbox list for addr and an optional display name. */
struct mailimf_mailbox_list *mh_from(const char *, const char *, int);

/* message-attach.c */

/*
 * Append one base64 part per file to the multipart: type from libmagic,
 * file name from the path.  The part's data is a placeholder (token, a
 * dot, the file's index) that mh_cut_marks replaces; each file is
 * recorded in msg->files with its size.
 * Errors: OP_EIO naming the path, OP_EMESSAGE for a bad file name.
 */
int mh_attach(struct mailmime *, char *const *, size_t, const char *,
    struct message *, struct op_err *);

/* message-stream.c */

/*
 * Find each file's placeholder in msg->data (in order), note where it
 * was and cut it out; msg->size becomes the whole message's length.
 */
int mh_cut_marks(struct message *, struct op_err *);
/* The length of a file's base64 lines (76 characters and CRLF each). */
size_t mh_base64_size(size_t);

#endif
