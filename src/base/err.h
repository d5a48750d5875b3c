/*
 * err.h -- the error value every fallible core function fills in.
 *
 * Convention: a function returns 0 on success and -1 on failure; on failure
 * it fills the struct op_err passed last.  On success err is left untouched.
 * The core never prints: callers (ui/) format err for the user.
 */
#ifndef OUTPOST_ERR_H
#define OUTPOST_ERR_H

#include <stdarg.h>

enum op_code {
	OP_OK = 0,
	OP_EUSAGE,     /* bad command line */
	OP_EINVAL,     /* bad argument or value */
	OP_ENOMEM,     /* out of memory */
	OP_EIO,	       /* local file or system error */
	OP_ECONFIG,    /* config or policy file error */
	OP_EPOLICY,    /* settings violate the site policy */
	OP_EINSECURE,  /* file permissions unsafe */
	OP_EMESSAGE,   /* the message is malformed */
	OP_ENET,       /* DNS, connect, read, write, time-out */
	OP_ETLS,       /* TLS handshake or certificate refused */
	OP_EAUTH,      /* authentication failed */
	OP_EPROTO,     /* the server broke the protocol */
	OP_EREJECT,    /* the server refused (5xx) */
	OP_ETEMP,      /* the server deferred (4xx) */
	OP_EUNCERTAIN, /* lost after the final dot: may be delivered */
	OP_ESIZE,      /* message larger than the server allows */
	OP_ESECRET,    /* no password could be had */
	OP_ELOCKED,    /* resource held by another process */
	OP_ENOTFOUND,  /* no such item */
	OP_EDAMAGED,   /* a stored item or draft is invalid (moved aside) */
};

#define OP_ERR_MSG   1024
#define OP_ERR_REPLY 1024

struct op_err {
	enum op_code code;
	int	     transient;		  /* 1: retrying later may succeed */
	char	     msg[OP_ERR_MSG];	  /* plain words, for the user */
	char	     reply[OP_ERR_REPLY]; /* the server's own text, if any */
};

void op_err_clear(struct op_err *);
int  op_err_set(struct op_err *, enum op_code, const char *, ...)
    __attribute__((format(printf, 3, 4)));
int op_err_vset(struct op_err *, enum op_code, const char *, va_list)
    __attribute__((format(printf, 3, 0)));
void op_err_prefix(struct op_err *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void	    op_err_reply(struct op_err *, const char *);
int	    op_err_exitcode(const struct op_err *);
const char *op_code_name(enum op_code);

#endif
