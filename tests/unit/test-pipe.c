/*
 * test-pipe.c -- the message's bytes on the wire when they come from the
 * stored file in blocks (pipe_message_src with an fd): the same bytes as
 * from memory, and as the rule says (CRLF line ends, a bare CR or LF
 * made CRLF, leading dots doubled for DATA), with a CRLF and a dot line
 * split across the blocks; and BDAT's count (pipe_wire_size_src).
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "wire/smtp-int.h"
#include "tap.h"

/* What the server should see: the rule, byte by byte. */
static char *
expect(const char *m, size_t len, int dot, size_t *outlen)
{
	char  *o = malloc(len * 3 + 8);
	size_t i, n = 0;
	int    bol = 1;

	for (i = 0; i < len; i++) {
		if (m[i] == '\r' || m[i] == '\n') {
			if (m[i] == '\r' && i + 1 < len && m[i + 1] == '\n')
				i++;
			memcpy(o + n, "\r\n", 2);
			n += 2;
			bol = 1;
			continue;
		}
		if (bol && dot && m[i] == '.')
			o[n++] = '.';
		o[n++] = m[i];
		bol = 0;
	}
	memcpy(o + n, dot ? "\r\n.\r\n" : "\r\n", dot ? 5 : 2);
	*outlen = n + (dot ? 5 : 2);
	return (o);
}

/* Everything pipe_message_src writes for src, read back by a child. */
static char *
wire(const struct pipe_src *src, int dot, size_t *outlen)
{
	struct smtp_session s;
	struct smtp_pipe    p;
	char		   *buf = NULL;
	size_t		    cap = 0, n = 0;
	ssize_t		    r;
	int		    sv[2], st;
	pid_t		    pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		abort();
	if ((pid = fork()) == 0) { /* the reader: all of it to fd 3 */
		char b[65536];

		close(sv[0]);
		while ((r = read(sv[1], b, sizeof b)) > 0)
			if (write(3, b, (size_t)r) != r)
				_exit(1);
		_exit(0);
	}
	close(sv[1]);
	memset(&s, 0, sizeof s);
	s.smtp = mailsmtp_new(0, NULL);
	s.smtp->stream = mailstream_socket_open(sv[0]);
	pipe_init(&p, &s);
	tap_ok(pipe_message_src(&p, src, dot) == 0 && pipe_flush(&p) == 0,
	    "written (%s, %s)", src->mem != NULL ? "memory" : "file",
	    dot ? "DATA" : "BDAT");
	pipe_free(&p);
	mailstream_close(s.smtp->stream); /* no QUIT */
	s.smtp->stream = NULL;
	mailsmtp_free(s.smtp);
	waitpid(pid, &st, 0);
	/* The child wrote to fd 3, a temporary file. */
	lseek(3, 0, SEEK_SET);
	for (;;) {
		if (n + 65536 > cap)
			buf = realloc(buf, cap = cap * 2 + 65536);
		if ((r = read(3, buf + n, 65536)) <= 0)
			break;
		n += (size_t)r;
	}
	if (ftruncate(3, 0) == -1)
		abort();
	lseek(3, 0, SEEK_SET);
	*outlen = n;
	return (buf);
}

static void
check(const char *what, const char *m, size_t len, int fd)
{
	struct pipe_src mem = { m, -1, len }, file = { NULL, fd, len };
	char	       *want, *a, *b;
	size_t		wn, an, bn, w1, w2;
	int		dot;

	for (dot = 0; dot <= 1; dot++) {
		want = expect(m, len, dot, &wn);
		a = wire(&mem, dot, &an);
		b = wire(&file, dot, &bn);
		tap_ok(an == wn && memcmp(a, want, wn) == 0,
		    "%s, %s: from memory as the rule says", what,
		    dot ? "DATA" : "BDAT");
		tap_ok(bn == wn && memcmp(b, want, wn) == 0,
		    "%s, %s: from the file in blocks, the same bytes", what,
		    dot ? "DATA" : "BDAT");
		free(want);
		free(a);
		free(b);
	}
	tap_ok(pipe_wire_size_src(&mem, &w1) == 0 &&
		pipe_wire_size_src(&file, &w2) == 0 && w1 == w2 &&
		w1 == pipe_wire_size(m, len),
	    "%s: BDAT's count the same from the file", what);
}

int
main(void)
{
	char tmpl[] = "/tmp/test-pipe.XXXXXX",
	     out[] = "/tmp/test-pipe-out.XXXXXX";
	size_t	   len = 3 * PIPE_CHUNK + 1000, i;
	char	  *m = malloc(len);
	int	   fd, ofd;
	const char split[] = "\r\n.dot\r\n";

	/* fd 3: what the reader child got; then the stored message. */
	if ((ofd = mkstemp(out)) == -1)
		abort();
	if (ofd != 3) {
		dup2(ofd, 3);
		close(ofd);
	}
	if ((fd = mkstemp(tmpl)) == -1)
		abort();
	unlink(tmpl);
	unlink(out);
	for (i = 0; i < len; i++)
		m[i] = "abc.\r\n"[i * 7 % 13 % 6];
	/* A CRLF split by the first block's end, a dot line after it. */
	memcpy(m + PIPE_CHUNK - 1, split, sizeof split - 1);
	/* A lone CR ending the second block, a dot starting the third. */
	m[2 * PIPE_CHUNK - 1] = '\r';
	m[2 * PIPE_CHUNK] = '.';
	if (pwrite(fd, m, len, 0) != (ssize_t)len)
		abort();
	check("mixed line ends across blocks", m, len, fd);
	/* Base64-like lines, as attachments are. */
	for (i = 0; i < len; i++)
		m[i] = i % 78 == 76 ? '\r' :
		    i % 78 == 77    ? '\n' :
				      'A' + i % 26;
	if (pwrite(fd, m, len, 0) != (ssize_t)len)
		abort();
	check("CRLF lines", m, len, fd);
	free(m);
	close(fd);
	return (tap_done());
}
