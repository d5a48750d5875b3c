/*
 * reply.h -- the draft that answers or passes on a message someone sent:
 * its recipients, "Re:" or "Fwd:" subject, In-Reply-To and References
 * (RFC 5322 3.6.4), and its body (the text quoted after an attribution
 * line, or a forwarded block).  The message is taken apart by
 * message_unbuild; an HTML-only one is turned into text by the caller's
 * filter.
 */
#ifndef OUTPOST_REPLY_H
#define OUTPOST_REPLY_H

#include <stddef.h>

#include "base/err.h"
#include "mail/message-unbuild.h"

enum reply_kind {
	REPLY_SENDER,	      /* to Reply-To, else From */
	REPLY_ALL,	      /* and the original To and Cc as Cc */
	REPLY_FORWARD,	      /* inline: headers and text, attachments kept */
	REPLY_FORWARD_ATTACH, /* the whole message attached (the caller's) */
};

/*
 * HTML (UTF-8) to plain text, allocated: 0, or -1 with err set.  NULL:
 * there is no filter.
 */
typedef int (*reply_html_fn)(void *, const char *, size_t, char **, size_t *,
    struct op_err *);

struct reply_spec {
	enum reply_kind kind;
	char *const    *own; /* the user's addresses: never replied to */
	size_t		nown;
	reply_html_fn	html;
	void	       *html_arg;
	/*
	 * The signature's text (signature.file), or NULL: after "-- " above
	 * the quote or the forwarded block (pine), or below the quote when
	 * sig_bottom (pine's signature-at-bottom); the text starts with
	 * an empty line to write on.
	 */
	const char *sig;
	size_t	    siglen;
	int	    sig_bottom;
};

struct reply {
	char  *to, *cc, *subject;	 /* "Name <a@x>, b@y"; never NULL */
	char  *in_reply_to, *references; /* "<id@x> ..." or "" */
	char  *body;			 /* UTF-8, LF line ends */
	size_t bodylen;
	char  *note; /* for the status line, or NULL */
	/* REPLY_FORWARD: the original's attachments (files, nfiles). */
	struct message_parts parts;
};

/*
 * Build the draft for kind from the message (bytes, length).  Errors:
 * OP_EMESSAGE (cannot be parsed; a charset that cannot be converted),
 * the html filter's own.  A message with no text/plain part and no
 * filter gets an empty quote and a note saying to set reply.html_filter.
 */
int  reply_build(const char *, size_t, const struct reply_spec *,
     struct reply *, struct op_err *);
void reply_free(struct reply *);

/* "Re: x" or "Fwd: x" for subject x, without stacking (allocated). */
char *reply_subject(const char *, enum reply_kind);
/* The text with "> " before each line (">" before a quoted one). */
char *reply_quote(const char *, size_t, size_t *);

#endif
