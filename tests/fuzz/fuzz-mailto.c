/*
 * fuzz-mailto.c -- a mailto: link as a web page may write it
 * (mailto_parse: percent escapes, UTF-8, the fields and what is left
 * out); a link that is refused must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mailto.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mailto m;
	struct op_err err = { 0 };
	char	     *url;

	if ((url = malloc(size + 1)) == NULL)
		abort();
	memcpy(url, data, size);
	url[size] = '\0';
	if (mailto_parse(url, &m, &err) == 0)
		mailto_free(&m);
	else if (err.msg[0] == '\0')
		abort(); /* refused without a word */
	free(url);
	return (0);
}
