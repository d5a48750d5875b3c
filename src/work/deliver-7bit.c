/*
 * deliver-7bit.c -- a stored item meets a server without the extension
 * its bytes need (8BITMIME for an 8-bit body, SMTPUTF8 for raw UTF-8 in
 * the header): a 7-bit copy is made in memory by message_7bit (the
 * outbox bounds an item's size) and sent instead of refusing.  The
 * stored bytes, and so the Sent copy, stay as the user wrote them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/message.h"
#include "work/deliver.h"
#include "base/xmalloc.h"

/* Without SMTPUTF8 an envelope address must be ASCII: it has no 7-bit form. */
static int
envelope_ascii(const struct outbox_item *it, const char *host,
    struct op_err *err)
{
	size_t i;

	for (i = 0; i <= it->nrcpts; i++) {
		const char *a = i == 0 ? it->from : it->rcpts[i - 1];
		const char *p;

		for (p = a; *p != '\0'; p++)
			if ((unsigned char)*p >= 0x80)
				return (op_err_set(err, OP_EMESSAGE,
				    "the address %s is not ASCII and %s does not offer SMTPUTF8, so it cannot be sent there",
				    a, host));
	}
	return (0);
}

static char *
read_all(int fd, size_t len, struct op_err *err)
{
	char   *buf = xmalloc(len + 1);
	size_t	n = 0;
	ssize_t r;

	while (n < len) {
		r = pread(fd, buf + n, len - n, (off_t)n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			op_err_set(err, OP_EIO,
			    "the stored message could not be read: %s",
			    r == 0 ? "it is shorter than recorded" :
				     strerror(errno));
			return (NULL);
		}
		n += (size_t)r;
	}
	buf[len] = '\0';
	return (buf);
}

int
deliver_7bit(const struct outbox_item *it, int fd, size_t len,
    const struct smtp_caps *caps, const char *host,
    struct smtp_send_opts *opts, char **out, size_t *outlen,
    struct op_err *err)
{
	unsigned what = 0;
	char	*data;
	int	 rc;

	*out = NULL;
	*outlen = 0;
	opts->eightbit = (it->body & OUTBOX_BODY_8BIT) != 0;
	opts->smtputf8 = (it->body & OUTBOX_BODY_UTF8) != 0;
	if (!caps->smtputf8 && envelope_ascii(it, host, err) == -1)
		return (-1);
	if (opts->eightbit && !caps->eightbitmime)
		what |= MESSAGE_7BIT_BODY;
	if (opts->smtputf8 && !caps->smtputf8)
		what |= MESSAGE_7BIT_HEADER;
	if (what == 0)
		return (0);
	if ((data = read_all(fd, len, err)) == NULL)
		return (-1);
	rc = message_7bit(data, len, what, out, outlen, err);
	free(data);
	if (rc == -1) {
		op_err_prefix(err, "%s", host);
		return (-1);
	}
	if (what & MESSAGE_7BIT_BODY)
		opts->eightbit = 0;
	if (what & MESSAGE_7BIT_HEADER)
		opts->smtputf8 = 0;
	return ((int)what);
}
