/*
 * mailto.h -- a mailto: URL (RFC 6068) as the fields of a new message:
 * to, cc, bcc, subject, body and in-reply-to, percent-decoded as UTF-8.
 * Any other field in the URL is left out and named, so the user can be
 * told; a line break in a header field is refused, never cleaned.
 */
#ifndef OUTPOST_MAILTO_H
#define OUTPOST_MAILTO_H

#include "base/err.h"

struct mailto {
	char *to, *cc, *bcc; /* "a@x, b@y"; never NULL */
	char *subject, *in_reply_to;
	char *body;    /* LF line ends */
	char *ignored; /* "from, x-priority" or "" */
};

/*
 * Parse url ("mailto:a@x?subject=hi"; without the scheme, the whole
 * text is the to part).  Errors: OP_EINVAL naming the field: a bad %
 * escape, bytes that are not UTF-8, a NUL, a line break outside the
 * body.
 */
int  mailto_parse(const char *, struct mailto *, struct op_err *);
void mailto_free(struct mailto *);

#endif
