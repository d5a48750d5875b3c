/*
 * outboxtest.h -- what the outbox's unit tests share (test-outbox.c,
 * test-outbox-count.c): a scratch data directory under tmpdir, paths in
 * its outbox, a two-recipient enqueue and a bail-out on a failed step.
 * Include after tap.h and testutil.h.
 */
#ifndef OUTPOST_OUTBOXTEST_H
#define OUTPOST_OUTBOXTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/outbox.h"
#include "base/xmalloc.h"

#define MSG "From: me@example.org\r\nSubject: hi\r\n\r\nhello\r\n"

static char	   tmpdir[] = "/tmp/outpost-test-outbox.XXXXXX";
static char	  *data; /* tmpdir/data */
static char *const rcpts[] = { "a@example.org", "b@example.org" };

/* A path under DATA/outbox (a few at a time). */
static const char *__attribute__((format(printf, 1, 2)))
P(const char *fmt, ...)
{
	static char buf[4][512];
	static int  i;
	char	    rel[256];
	va_list	    ap;

	i = (i + 1) % 4;
	va_start(ap, fmt);
	vsnprintf(rel, sizeof rel, fmt, ap);
	va_end(ap);
	snprintf(buf[i], sizeof buf[i], "%s/outbox/%s", data, rel);
	return (buf[i]);
}

static void
spew(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(s, 1, strlen(s), f) != strlen(s)) {
		perror(path);
		exit(99);
	}
	fclose(f);
}

static void
fresh(const char *sub)
{
	free(data);
	xasprintf(&data, "%s/%s", tmpdir, sub);
	tu_rm_rf(data);
}

static int
enq(struct outbox *ob, const char *body, struct outbox_item *it,
    struct op_err *err)
{
	return (outbox_enqueue(ob, body, strlen(body), "me@example.org", rcpts,
	    2, "Hello, w\xc3\xb6rld", "<x@example.org>", it, err));
}

static void
must(int ok, const char *what, const struct op_err *err)
{
	if (!ok) {
		printf("Bail out! %s: %s\n", what, err->msg);
		exit(99);
	}
}

#endif
