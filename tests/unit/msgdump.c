/*
 * msgdump.c -- test helper: build (message_build) or prepare
 * (message_prepare) one message from the command line, write its bytes
 * to a file and its envelope to stdout.  Not installed.
 *
 * build:   msgdump -o OUT -f ADDR [-n NAME] [-t|-c|-b ADDR]... [-s SUBJ]
 *              [-B BODYFILE] [-a FILE]... [-8] [-u]
 * prepare: msgdump -o OUT -P INPUT -f ADDR [-n NAME] [-H] [-r ADDR]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/message.h"
#include "base/xmalloc.h"

struct list {
	char **v;
	size_t n;
};

static void
push(struct list *l, char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = s;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE  *f;
	char  *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	for (;;) {
		if (cap - *len < 65536) {
			cap = cap * 2 + 65536;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = fread(buf + *len, 1, cap - *len, f)) == 0)
			break;
		*len += n;
	}
	fclose(f);
	return (buf);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: msgdump -o out -f addr [-n name] [-t|-c|-b addr] [-s subject] [-B bodyfile] [-a file] [-8] [-u]\n"
	    "       msgdump -o out -P input -f addr [-n name] [-H] [-r addr]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct message_spec spec;
	struct message_caps caps = { 0, 0 };
	struct message	    msg;
	struct op_err	    err = { 0 };
	struct list	    to = { 0 }, cc = { 0 }, bcc = { 0 }, att = { 0 },
		    rc = { 0 };
	const char *out = NULL, *input = NULL, *bodyf = NULL;
	char	   *body = NULL;
	size_t	    i, blen = 0;
	int	    ch, headers = 0, r;
	FILE	   *f;

	memset(&spec, 0, sizeof spec);
	while ((ch = getopt(argc, argv, "o:f:n:t:c:b:s:B:a:8uP:Hr:")) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			spec.from_addr = optarg;
			break;
		case 'n':
			spec.from_name = optarg;
			break;
		case 't':
			push(&to, optarg);
			break;
		case 'c':
			push(&cc, optarg);
			break;
		case 'b':
			push(&bcc, optarg);
			break;
		case 's':
			spec.subject = optarg;
			break;
		case 'B':
			bodyf = optarg;
			break;
		case 'a':
			push(&att, optarg);
			break;
		case '8':
			caps.eightbitmime = 1;
			break;
		case 'u':
			caps.smtputf8 = 1;
			break;
		case 'P':
			input = optarg;
			break;
		case 'H':
			headers = 1;
			break;
		case 'r':
			push(&rc, optarg);
			break;
		default:
			usage();
		}
	}
	if (out == NULL || spec.from_addr == NULL)
		usage();
	if (input != NULL) {
		body = slurp(input, &blen);
		r = message_prepare(body, blen, spec.from_addr, spec.from_name,
		    headers, rc.v, rc.n, &msg, &err);
	} else {
		if (bodyf != NULL)
			body = slurp(bodyf, &blen);
		spec.to = to.v;
		spec.nto = to.n;
		spec.cc = cc.v;
		spec.ncc = cc.n;
		spec.bcc = bcc.v;
		spec.nbcc = bcc.n;
		spec.body = body;
		spec.body_len = blen;
		spec.attach = att.v;
		spec.nattach = att.n;
		r = message_build(&spec, &caps, &msg, &err);
	}
	free(body);
	free(to.v);
	free(cc.v);
	free(bcc.v);
	free(att.v);
	free(rc.v);
	if (r != 0) {
		fprintf(stderr, "msgdump: %s: %s\n", op_code_name(err.code),
		    err.msg);
		return (1);
	}
	if ((f = fopen(out, "wb")) == NULL ||
	    fwrite(msg.data, 1, msg.len, f) != msg.len || fclose(f) != 0) {
		perror(out);
		return (2);
	}
	printf("from %s\n", msg.from);
	for (i = 0; i < msg.nrcpts; i++)
		printf("rcpt %s\n", msg.rcpts[i]);
	printf("message-id %s\neightbit %d\nsmtputf8 %d\n", msg.message_id,
	    msg.eightbit, msg.smtputf8);
	message_free(&msg);
	return (0);
}
