/*
 * fuzz-sendmail.c -- a message as cron, mutt, git or mailx hand it to
 * outpost's sendmail (message_prepare: the header read with mailimf,
 * recipients from To, Cc and Bcc, From checked, Date and Message-ID
 * added, line ends made CRLF), then converted for a server without
 * 8BITMIME or SMTPUTF8 as a send would (message_7bit: every part walked,
 * long lines, NUL and 8-bit bytes encoded, header words in RFC 2047).
 * The first byte picks whether the recipients come from the header and
 * what message_7bit converts.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mail/message.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *const rcpts[] = { (char *)"bob@mail.test" };
	struct message	   m;
	struct op_err	   err = { 0 };
	char		  *out = NULL;
	size_t		   outlen;
	unsigned	   what;

	if (size < 1)
		return (0);
	what = (data[0] >> 1) & 7;
	if (message_prepare((const char *)data + 1, size - 1,
		"alice@mail.test", "Alice", data[0] & 1, rcpts, 1, &m,
		&err) != 0)
		return (0);
	if (what != 0 &&
	    message_7bit(m.data, m.len, what, &out, &outlen, &err) == 1)
		free(out);
	message_free(&m);
	return (0);
}
