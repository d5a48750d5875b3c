/*
 * send-args.h -- "outpost send"'s command line: every option of Postfix's
 * sendmail(1), the --to/--subject build mode, --draft, and the name it
 * runs as (--as sendmail|mailq|newaliases).
 */
#ifndef OUTPOST_SEND_ARGS_H
#define OUTPOST_SEND_ARGS_H

#include <stddef.h>

#include "store/outbox.h"

/* What sendmail is asked to do (-b, -q, -I; the name it runs as). */
enum send_mode {
	SEND_DELIVER, /* -bm */
	SEND_VERIFY,  /* -bv: check the recipients, send nothing */
	SEND_LIST,    /* -bp, mailq */
	SEND_FLUSH,   /* -q */
	SEND_ALIASES, /* -bi, -I, newaliases: nothing to do */
	SEND_DAEMON,  /* -bd -bl: start the queue runner */
	SEND_NONE,    /* -bs: SMTP on standard input, not provided */
};

struct send_args {
	const char	 *config; /* -c FILE after the command, -C FILE */
	const char	 *as;	  /* --as NAME: sendmail's arguments */
	enum send_mode	  mode;
	const char	 *flush_id;   /* -qIID */
	struct outbox_dsn dsn;	      /* -N -R -V */
	int		  headers;    /* -t */
	int		  verbose;    /* -v */
	int		  queue_only; /* --queue-only */
	int		  build;      /* --to/--subject/...: build mode */
	char		 *from;	      /* -f */
	char		 *account;    /* -a NAME, --account NAME */
	char		 *from_name;  /* -F */
	char		 *subject;
	char		 *trace;
	char		 *draft; /* --draft ID */
	int		  delay; /* --delay N: due in N s (undo window) */
	char		**to, **cc, **bcc, **attach;
	size_t		  nto, ncc, nbcc, nattach;
	char		**rcpts; /* arguments */
	size_t		  nrcpts;
};

/*
 * Parse argv (argv[0] is "send") into a (zeroed by the caller): 0, or
 * an exit status after saying why on standard error.
 */
int  send_args_parse(int, char **, struct send_args *);
void send_args_free(struct send_args *);

#endif
