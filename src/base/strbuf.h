/*
 * strbuf.h -- a growing NUL-terminated string: append bytes or formatted
 * text, then take the result.  Memory runs out → abort (xmalloc.h).
 */
#ifndef OUTPOST_STRBUF_H
#define OUTPOST_STRBUF_H

#include <stddef.h>

struct strbuf {
	char  *p; /* NULL until something is added */
	size_t len, cap;
};

#define STRBUF_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void strbuf_add(struct strbuf *, const char *, size_t);
void strbuf_adds(struct strbuf *, const char *);
/* Room for n more bytes (and the NUL) without growing again. */
void strbuf_reserve(struct strbuf *, size_t);
void strbuf_printf(struct strbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* The text (never NULL: "" when nothing was added); the buffer is reset. */
char *strbuf_take(struct strbuf *);
void  strbuf_free(struct strbuf *);

#endif
