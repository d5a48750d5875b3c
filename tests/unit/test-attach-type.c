/*
 * test-attach-type.c -- an attachment's Content-Type: by its name
 * through a planted mime.types first (the name wins over the bytes; a
 * text type's charset from the whole file: us-ascii or utf-8, a UTF-8
 * character cut by a read block included), libmagic only when the name
 * says nothing or the text is neither (Latin-1, NUL bytes, a sequence
 * cut at the end), and none of it without a mime.types file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "base/xmalloc.h"
#include "mail/message.h"
#include "tap.h"
#include "testutil.h"

#define BLOCK 65550 /* what message-stream.c reads at a time */

static char tmpdir[] = "/tmp/outpost-test-attach-type.XXXXXX";
static char types[256];

static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1"
			  "\x08\x02\0\0\0\x90wS\xde";

/* tmpdir/name holding len bytes of p; the path (allocated). */
static char *
plant(const char *name, const char *p, size_t len)
{
	char *path;
	FILE *f;

	xasprintf(&path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(p, 1, len, f);
		fclose(f);
	}
	return (path);
}

/*
 * The Content-Type of the attachment named name in msg, unfolded and
 * without its name= parameter (allocated), or NULL.
 */
static char *
type_of(const char *msg, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char	      want[256];
	const char   *at, *ct, *p;

	snprintf(want, sizeof want, "name=\"%s\"", name);
	if ((at = strstr(msg, want)) == NULL)
		return (NULL);
	for (ct = at; ct > msg && strncmp(ct, "Content-Type: ", 14) != 0; ct--)
		;
	for (p = ct + 14; p < at; p++)
		if (*p != '\r' && *p != '\n')
			strbuf_add(&sb, p, 1);
	while (sb.len > 0 && strchr("; ", sb.p[sb.len - 1]) != NULL)
		sb.p[--sb.len] = '\0';
	return (strbuf_take(&sb));
}

/*
 * Build a message attaching the file name holding len bytes of p, the
 * attachments typed by mime (NULL: no mime.types); its type is want.
 */
static void
is_type(const char *mime, const char *name, const char *p, size_t len,
    const char *want)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	char		   *to[] = { "bob@x.org" }, *path, *got = NULL;

	path = plant(name, p, len);
	memset(&s, 0, sizeof s);
	s.from_addr = "ada@x.org";
	s.to = to;
	s.nto = 1;
	s.subject = "types";
	s.body = "attached\n";
	s.body_len = strlen(s.body);
	s.attach = &path;
	s.nattach = 1;
	s.mime_types = mime;
	op_err_clear(&err);
	if (message_build(&s, NULL, &m, &err) == 0) {
		got = type_of(m.data, name);
		message_free(&m);
	} else
		tap_diag("build", err.msg, "built");
	tap_is_str(got, want, name);
	free(got);
	unlink(path);
	free(path);
}

#define IS_TYPE(name, s, want) is_type(types, name, s, sizeof s - 1, want)

/* The name wins; text gets its charset from its bytes. */
static void
test_named(void)
{
	IS_TYPE("x.pdf", "just some words, not a PDF\n", "application/pdf");
	IS_TYPE("notes.txt", "#!/bin/sh\necho plain ASCII\n",
	    "text/plain; charset=\"us-ascii\"");
	IS_TYPE("utf8.txt",
	    "<?xml version=\"1.0\"?>\n<a>caf\xc3\xa9 \xe2\x82\xac</a>\n",
	    "text/plain; charset=\"utf-8\"");
	IS_TYPE("UPPER.TXT", "shouting\n", "text/plain; charset=\"us-ascii\"");
	IS_TYPE("mail.eml", "From: a@x.org\nSubject: hi\n\nbody\n",
	    "message/rfc822");
}

/* Text that is not ASCII or UTF-8, and no name: libmagic's answer. */
static void
test_magic(void)
{
	IS_TYPE("latin1.txt",
	    "caf\xe9 cr\xe8me br\xfbl\xe9\x65, na\xefve fa\xe7\x61\x64\x65, "
	    "\xe0 la carte\n",
	    "text/plain; charset=\"iso-8859-1\"");
	IS_TYPE("binary.txt",
	    "\x7f\x45LF\x02\x01\x01\0\0\0\0\0\0\0\0\0"
	    "\x03\0\x3e\0\x01\0\0\0",
	    "application/x-sharedlib");
	IS_TYPE("nul.txt", "text\0with\0NULs\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
	    "application/octet-stream");
	IS_TYPE("picture", png, "image/png");
	IS_TYPE("picture.zzqq", png, "image/png");
	IS_TYPE("cut.txt", "an ASCII text cut in a character: \xc3",
	    "text/plain; charset=\"iso-8859-1\"");
	/* Without mime.types, libmagic types every file. */
	is_type(NULL, "x.pdf", "%PDF-1.4\n%%EOF\n", 15, "application/pdf");
	is_type(NULL, "notes.txt", "#!/bin/sh\necho hi\n", 18,
	    "text/x-shellscript; charset=\"us-ascii\"");
}

/*
 * A UTF-8 character that the first read block cuts, or a bad one there
 * (past the 64 KiB libmagic reads for a charset: it sees a shell script
 * in ASCII, so its answer is told from ours).
 */
static void
test_blocks(void)
{
	char  *buf;
	size_t len = BLOCK + 100, at;

	buf = xmalloc(len);
	for (at = BLOCK - 3; at <= BLOCK; at++) {
		memset(buf, 'a', len);
		memcpy(buf, "#!/bin/sh\n", 10);
		memcpy(buf + at, "\xf0\x9f\x93\x8e", 4);
		is_type(types, "long.txt", buf, len,
		    "text/plain; charset=\"utf-8\"");
	}
	buf[BLOCK - 1] = '\xe2'; /* a character cut short at the cut */
	buf[BLOCK] = '\x82';
	buf[BLOCK + 1] = 'a';
	is_type(types, "bad.txt", buf, len,
	    "text/x-shellscript; charset=\"us-ascii\"");
	free(buf);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (1);
	}
	snprintf(types, sizeof types, "%s/mime.types", tmpdir);
	tu_spit(types,
	    "application/pdf pdf\n"
	    "text/plain txt\n"
	    "message/rfc822 eml\n");
	test_named();
	test_magic();
	test_blocks();
	if (tap_failed == 0 && tu_rm_rf(tmpdir) != 0)
		tap_diag("cleanup", tmpdir, "removed");
	return (tap_done());
}
