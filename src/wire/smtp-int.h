/*
 * smtp-int.h -- inside the SMTP module: the session and the helpers that
 * smtp.c (opening, AUTH), smtp-pipe.c (the wire: commands, replies, the
 * message's bytes) and smtp-send.c (the mail transaction) share.
 */
#ifndef OUTPOST_SMTP_INT_H
#define OUTPOST_SMTP_INT_H

#include <libetpan/libetpan.h>

#include "wire/smtp.h"

#define SMTP_ADDR_MAX 320 /* libetpan builds commands in 513 bytes */
#define SMTP_AUTH_MAX 360 /* user, user and password in AUTH PLAIN */

#define SMTP_PIPE_BUF	 65536 /* the transaction's write buffer */
#define SMTP_WINDOW	 100   /* commands in flight before reading */
#define SMTP_LINE_MAX	 2048  /* a reply line, without CRLF */
#define SMTP_REPLY_LINES 100   /* lines in one reply */

struct smtp_session {
	mailsmtp	*smtp;
	char		*host;
	int		 timeout_connect;
	int		 timeout_reply;
	trace_fn	 trace;
	void		*trace_arg;
	struct smtp_caps caps;
	int		 in_auth; /* redact everything sent */
	int		 in_data; /* sent bytes not traced (the engine
				     traces its own commands) */
	unsigned	   round_trips;
	int		   rt_waiting; /* written since the last read */
	int		   rt_heard;   /* the greeting was read */
	int		   in_txn;     /* MAIL sent, no 2xx final reply yet */
	int		   done_txns;  /* transactions completed */
	struct tls_low_why why; /* the stream's last failure, kept past it */
};

/* One reply, as one line: "550 5.1.1 <x>: no such user". */
struct smtp_reply {
	int  code;	/* 0: lost, text says why; -1: malformed */
	int  timed_out; /* lost: no reply in time */
	char text[OP_ERR_REPLY];
};

enum pipe_cmd {
	PIPE_RSET,
	PIPE_MAIL,
	PIPE_RCPT,
	PIPE_DATA,
	PIPE_BDAT, /* BDAT n LAST and the message */
	PIPE_DOT,  /* the message and the final dot */
	PIPE_QUIT, /* with the message's end (smtp_send_opts.quit) */
};

/* Commands written and not yet answered, and the write buffer. */
struct smtp_pipe {
	struct smtp_session *s;
	char		    *buf;		  /* SMTP_PIPE_BUF bytes */
	void (*progress)(void *, size_t, size_t); /* smtp_send_opts' */
	void  *progress_arg;
	size_t len;
	struct {
		enum pipe_cmd cmd;
		size_t	      arg; /* RCPT: the recipient's index */
	} pend[SMTP_WINDOW + 4];
	size_t npend;
};

void smtp_tracef(struct smtp_session *, enum trace_dir, const char *, ...)
    __attribute__((format(printf, 3, 4)));
/* The last reply as one line, "550 5.1.1 <x>: no such user". */
void smtp_reply_text(struct smtp_session *, char *, size_t);
/* Close the stream without QUIT (lost, refused, or insecure). */
void smtp_drop(struct smtp_session *);
/* Why the connection failed ("no reply within 60 seconds"). */
const char *smtp_why(struct smtp_session *);
/* The connection failed under a command: say why, drop it; -1. */
int smtp_lost(struct smtp_session *, const char *, struct op_err *);
/* Classify the reply to what: 4xx temporary, 5xx refused; -1. */
int smtp_fail(struct smtp_session *, const char *, struct op_err *);

/* smtp-pipe.c: every read and write, for the round-trip counter. */
void smtp_count_io(struct smtp_session *, int);

void pipe_init(struct smtp_pipe *, struct smtp_session *);
void pipe_free(struct smtp_pipe *);
/* Queue a command line (CRLF added) expecting a reply; traced. */
int pipe_cmd(struct smtp_pipe *, enum pipe_cmd, size_t, const char *, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * Queue the message: its bytes with CRLF line ends and one final line
 * end; for DATA (dot) leading dots doubled and ".\r\n" added.  len is
 * the length with one final line end already taken off.  The final
 * dot is queued as a command expecting a reply (PIPE_DOT); BDAT's reply
 * belongs to its command line.
 */
int pipe_message(struct smtp_pipe *, const char *, size_t, int);
/* Where the message's bytes are: in memory, or in a file (mem NULL). */
struct pipe_src {
	const char *mem;
	int	    fd;
	size_t	    len; /* without one final line end */
};
#define PIPE_CHUNK 65536 /* a file is read in blocks of this */
/* pipe_message from src; -1 also when the file cannot be read. */
int pipe_message_src(struct smtp_pipe *, const struct pipe_src *, int);
/* pipe_wire_size of src in *wire; -1 when the file cannot be read. */
int pipe_wire_size_src(const struct pipe_src *, size_t *);
/* Bytes pipe_message sends without the dots: BDAT's count, SIZE=. */
size_t pipe_wire_size(const char *, size_t);
/* Write everything queued; -1 when the connection failed. */
int pipe_flush(struct smtp_pipe *);
/*
 * Read one reply: 0, -1 lost (r->code 0, r->text why) or -2 malformed
 * (r->code -1, r->text the line).
 */
int pipe_read(struct smtp_session *, struct smtp_reply *);
/* Has the server spoken or closed since the last reply?  OP_ENET. */
int pipe_idle_check(struct smtp_session *, struct op_err *);
/* RSET, through the engine. */
int pipe_rset(struct smtp_session *, struct op_err *);
/* Classify a reply to what: 4xx temporary, 5xx refused, else EPROTO. */
int pipe_fail(struct smtp_session *, const char *, const struct smtp_reply *,
    struct op_err *);

#endif
