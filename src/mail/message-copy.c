/*
 * message-copy.c -- the Bcc field of the Sent copy.  The transmitted
 * message never has one (message_prepare drops it, the build never
 * writes it), so the text the user wrote is kept beside the message
 * (message_keep_bcc, then the outbox envelope) and written back into
 * the copy only (message_copy_bcc).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "base/xmalloc.h"
#include "mail/message.h"

#define COPY_FOLD 78 /* RFC 5322's recommended line length */

void
message_keep_bcc(struct message *msg, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	const char   *p;

	for (p = text; *p == ' ' || *p == '\t'; p++)
		;
	for (; *p != '\0'; p++) {
		if (*p == '\r' || *p == '\n')
			continue; /* unfolded: the white space after stays */
		strbuf_add(&b, p, 1);
	}
	while (b.len > 0 && (b.p[b.len - 1] == ' ' || b.p[b.len - 1] == '\t'))
		b.p[--b.len] = '\0';
	if (b.len == 0) {
		strbuf_free(&b);
		return;
	}
	msg->bcc = xreallocarray(msg->bcc, msg->nbcc + 1, sizeof *msg->bcc);
	msg->bcc[msg->nbcc++] = strbuf_take(&b);
}

/*
 * Where to fold s (its first character may be the space of a previous
 * fold): at the last space within COPY_FOLD columns that follows a
 * comma, else at the last space within them, else at the first one;
 * 0 when there is none.  A space after a space is never the place.
 */
static size_t
copy_cut(const char *s)
{
	size_t i, comma = 0, space = 0;

	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] != ' ' || s[i - 1] == ' ')
			continue;
		if (i > COPY_FOLD && (comma != 0 || space != 0))
			break;
		if (s[i - 1] == ',')
			comma = i;
		else
			space = i;
	}
	return (comma != 0 ? comma : space);
}

/* "Bcc: " and the texts joined with ", ", folded, CRLF. */
static void
copy_field(struct strbuf *b, char *const *bcc, size_t n)
{
	struct strbuf all = STRBUF_INIT;
	const char   *p;
	size_t	      i, cut;

	strbuf_adds(&all, "Bcc:");
	for (i = 0; i < n; i++) {
		strbuf_adds(&all, i == 0 ? " " : ", ");
		strbuf_adds(&all, bcc[i]);
	}
	for (p = all.p; strlen(p) > COPY_FOLD && (cut = copy_cut(p)) != 0;
	     p += cut) {
		strbuf_add(b, p, cut);
		strbuf_adds(b, "\r\n");
	}
	strbuf_adds(b, p);
	strbuf_adds(b, "\r\n");
	strbuf_free(&all);
}

/* name: at s (case aside)? */
static int
copy_is(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);

	return (len > n && s[n] == ':' && strncasecmp(s, name, n) == 0);
}

/*
 * Where the Bcc field goes: after the last To or Cc field (and its
 * continuation lines), else at the end of the header.  -1 when the
 * header already has a Bcc field.
 */
static long
copy_place(const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len, *eol;
	size_t	    after = 0;
	int	    in_rcpt = 0;

	while (p < end && *p != '\r' && *p != '\n') {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end - 1;
		if (*p != ' ' && *p != '\t') {
			if (copy_is(p, (size_t)(eol - p), "Bcc"))
				return (-1);
			in_rcpt = copy_is(p, (size_t)(eol - p), "To") ||
			    copy_is(p, (size_t)(eol - p), "Cc");
		}
		p = eol + 1;
		if (in_rcpt)
			after = (size_t)(p - msg);
	}
	return ((long)(after != 0 ? after : (size_t)(p - msg)));
}

int
message_copy_bcc(const char *msg, size_t len, char *const *bcc, size_t n,
    char **out, size_t *outlen)
{
	struct strbuf b = STRBUF_INIT;
	long	      at;

	*out = NULL;
	*outlen = 0;
	if (n == 0 || (at = copy_place(msg, len)) < 0)
		return (0);
	strbuf_reserve(&b, len + 1024);
	strbuf_add(&b, msg, (size_t)at);
	copy_field(&b, bcc, n);
	strbuf_add(&b, msg + at, len - (size_t)at);
	*outlen = b.len;
	*out = strbuf_take(&b);
	return (1);
}
