/*
 * err.c -- filling struct op_err and mapping it to sysexits(3) codes.
 */
#include <sysexits.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

void
op_err_clear(struct op_err *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof *err);
}

int
op_err_vset(struct op_err *err, enum op_code code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return (-1);
	err->code = code;
	err->transient = (code == OP_ENET || code == OP_ETEMP ||
	    code == OP_ELOCKED);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	err->reply[0] = '\0';
	return (-1);
}

int
op_err_set(struct op_err *err, enum op_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	op_err_vset(err, code, fmt, ap);
	va_end(ap);
	return (-1);
}

void
op_err_prefix(struct op_err *err, const char *fmt, ...)
{
	char	prefix[OP_ERR_MSG];
	size_t	plen, mlen;
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
	va_end(ap);
	strcat(prefix, ": ");
	plen = strlen(prefix);
	mlen = strnlen(err->msg, sizeof err->msg - 1);
	if (plen + mlen >= sizeof err->msg)
		mlen = sizeof err->msg - 1 - plen;
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + mlen] = '\0';
}

void
op_err_reply(struct op_err *err, const char *reply)
{
	if (err == NULL || reply == NULL)
		return;
	snprintf(err->reply, sizeof err->reply, "%s", reply);
}

int
op_err_exitcode(const struct op_err *err)
{
	switch (err->code) {
	case OP_OK:
		return (EX_OK);
	case OP_EUSAGE:
		return (EX_USAGE);
	case OP_EMESSAGE:
	case OP_EINVAL:
	case OP_EDAMAGED:
		return (EX_DATAERR);
	case OP_ECONFIG:
	case OP_EPOLICY:
	case OP_EINSECURE:
		return (EX_CONFIG);
	case OP_EAUTH:
	case OP_ESECRET:
		return (EX_NOPERM);
	case OP_ENET:
	case OP_ETEMP:
	case OP_ELOCKED:
		return (EX_TEMPFAIL);
	case OP_ETLS:
	case OP_EREJECT:
	case OP_EPROTO:
	case OP_ESIZE:
		return (EX_UNAVAILABLE);
	case OP_EUNCERTAIN:
		return (EX_TEMPFAIL);
	case OP_ENOTFOUND:
		return (EX_NOINPUT);
	case OP_ENOMEM:
	case OP_EIO:
		return (EX_IOERR);
	}
	return (EX_SOFTWARE);
}

const char *
op_code_name(enum op_code code)
{
	static const char *names[] = {
		"ok",
		"usage",
		"invalid",
		"no-memory",
		"io",
		"config",
		"policy",
		"insecure",
		"message",
		"network",
		"tls",
		"auth",
		"protocol",
		"rejected",
		"temporary",
		"uncertain",
		"size",
		"secret",
		"locked",
		"not-found",
		"damaged",
	};

	if ((unsigned)code >= sizeof names / sizeof names[0])
		return ("unknown");
	return (names[code]);
}
