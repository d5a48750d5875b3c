/*
 * keyval.c -- reading "key: value" lines one at a time (see keyval.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "store/keyval.h"

void
keyval_init(struct keyval *kv, const char *buf, size_t len)
{
	memset(kv, 0, sizeof *kv);
	kv->p = buf;
	kv->end = buf + len;
}

enum keyval_kind
keyval_next(struct keyval *kv)
{
	const char *nl;
	char	   *colon;

	free(kv->key);
	kv->line++;
	kv->raw = kv->p;
	kv->rawlen = (size_t)(kv->end - kv->p);
	nl = memchr(kv->p, '\n', kv->rawlen);
	if (nl != NULL)
		kv->rawlen = (size_t)(nl - kv->p);
	kv->key = xstrndup(kv->raw, nl != NULL ? kv->rawlen : 0);
	kv->value = kv->key + strlen(kv->key);
	if (kv->p >= kv->end)
		return (KEYVAL_END);
	if (nl == NULL)
		return (KEYVAL_CUT);
	kv->p = nl + 1;
	if (kv->rawlen == 0)
		return (KEYVAL_BLANK);
	if ((colon = strchr(kv->key, ':')) == NULL)
		return (KEYVAL_NOCOLON);
	*colon = '\0';
	kv->value = colon + 1;
	if (*kv->value == ' ')
		kv->value++;
	return (KEYVAL_PAIR);
}

void
keyval_free(struct keyval *kv)
{
	free(kv->key);
	kv->key = kv->value = NULL;
}
