/*
 * fuzz-message.c -- a message someone sent, as outpost reply and forward
 * take it apart (message_unbuild with libetpan's mailmime, charsets,
 * transfer encodings, format=flowed) and build the answer (reply_build:
 * recipients, subject, references, the quote).  The first byte picks the
 * kind of answer and whether a signature goes above or below.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/reply.h"

/* An HTML filter that takes the text as it is. */
static int
fuzz_html(void *arg, const char *in, size_t len, char **out, size_t *outlen,
    struct op_err *err)
{
	(void)arg;
	(void)err;
	if ((*out = malloc(len + 1)) == NULL)
		abort();
	memcpy(*out, in, len);
	(*out)[len] = '\0';
	*outlen = len;
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *const own[] = { (char *)"alice@mail.test" };
	struct reply_spec spec = { REPLY_SENDER, own, 1, NULL, NULL, "Alice\n",
		6, 0 };
	struct reply	  r;
	struct op_err	  err = { 0 };

	if (size < 1)
		return (0);
	spec.kind = (enum reply_kind)(data[0] % 3);
	spec.sig_bottom = data[0] & 4;
	if (data[0] & 8)
		spec.html = fuzz_html;
	if (reply_build((const char *)data + 1, size - 1, &spec, &r, &err) ==
	    0)
		reply_free(&r);
	return (0);
}
