/*
 * smtp-int.h -- inside the SMTP module: the session and the helpers that
 * smtp.c (opening, AUTH) and smtp-send.c (MAIL, RCPT, DATA) share.
 */
#ifndef OUTPOST_SMTP_INT_H
#define OUTPOST_SMTP_INT_H

#include <libetpan/libetpan.h>

#include "smtp.h"

#define SMTP_BUFSIZE	8192
#define SMTP_ADDR_MAX	320	/* libetpan builds commands in 513 bytes */
#define SMTP_AUTH_MAX	360	/* user, user and password in AUTH PLAIN */

struct smtp_session {
	mailsmtp	*smtp;
	char		*host;
	int		 timeout_connect;
	int		 timeout_reply;
	trace_fn	 trace;
	void		*trace_arg;
	struct smtp_caps caps;
	int		 in_auth;	/* redact everything sent */
	int		 auth_sent;	/* AUTH reached the wire */
	int		 in_data;	/* the body: not traced */
};

void	smtp_tracef(struct smtp_session *, enum trace_dir, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* The last reply as one line, "550 5.1.1 <x>: no such user". */
void	smtp_reply_text(struct smtp_session *, char *, size_t);
/* Close the stream without QUIT (lost, refused, or insecure). */
void	smtp_drop(struct smtp_session *);
/* Why the connection failed ("no reply within 60 seconds"). */
const char *smtp_why(struct smtp_session *);
/* The connection failed under a command: say why, drop it; -1. */
int	smtp_lost(struct smtp_session *, const char *, struct op_err *);
/* Classify the reply to what: 4xx temporary, 5xx refused; -1. */
int	smtp_fail(struct smtp_session *, const char *, struct op_err *);

#endif
