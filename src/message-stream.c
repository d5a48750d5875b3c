/*
 * message-stream.c -- a built message's attachments written from disk:
 * libetpan builds every header and the MIME structure around a
 * placeholder per file (message.c, message-attach.c); here each
 * placeholder is cut out of the skeleton, and message_write fills its
 * place with the file's base64 read(2) in blocks, so neither the file
 * nor its encoding is ever whole in memory.  The lines are the ones
 * libetpan wrote: 76 characters and CRLF, the last one shorter.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "message.h"
#include "message-int.h"
#include "xmalloc.h"

#define B64_LINE_IN   57 /* bytes a 76-character line holds */
#define B64_BLOCK_IN  (B64_LINE_IN * 1150) /* about 64 KiB in */
#define B64_BLOCK_OUT (B64_BLOCK_IN / B64_LINE_IN * 78)

size_t
mh_base64_size(size_t n)
{
	size_t rest = n % B64_LINE_IN;

	return (
	    n / B64_LINE_IN * 78 + (rest > 0 ? (rest + 2) / 3 * 4 + 2 : 0));
}

int
mh_cut_marks(struct message *msg, struct op_err *err)
{
	struct message_afile *f;
	size_t		      i, from = 0, mlen;
	char		     *at;

	msg->size = msg->len;
	for (i = 0; i < msg->nfiles; i++) {
		f = &msg->files[i];
		mlen = strlen(f->mark);
		at = memmem(msg->data + from, msg->len - from, f->mark, mlen);
		if (at == NULL)
			return (op_err_set(err, OP_EMESSAGE,
			    "libetpan lost the place of attachment %s",
			    f->path));
		f->at = (size_t)(at - msg->data);
		memmove(at, at + mlen, msg->len - f->at - mlen + 1);
		msg->len -= mlen;
		msg->size += mh_base64_size(f->bytes) - mlen;
		from = f->at;
	}
	return (0);
}

/* n bytes in (a multiple of 57 but for the last block) as base64 lines. */
static size_t
b64_lines(const unsigned char *in, size_t n, char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t		  i, o = 0, col = 0;
	unsigned	  v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? abc[v & 63] : '=';
		if ((col += 4) == 76 || i + 3 >= n) {
			out[o++] = '\r';
			out[o++] = '\n';
			col = 0;
		}
	}
	return (o);
}

/* Fill buf with up to n bytes: fewer only at the end of the file. */
static ssize_t
read_block(int fd, unsigned char *buf, size_t n)
{
	size_t	got = 0;
	ssize_t r;

	while (got < n) {
		if ((r = read(fd, buf + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return ((ssize_t)got);
}

static int
sink_err(struct op_err *err, int e)
{
	return (op_err_set(err, OP_EIO, "cannot write the message: %s",
	    strerror(e)));
}

static int
write_file(const struct message_afile *f, message_sink sink, void *arg,
    unsigned char *in, char *out, struct op_err *err)
{
	struct stat st;
	size_t	    done = 0;
	ssize_t	    n;
	int	    fd, e;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
		return (op_err_set(err, OP_EIO, "attachment %s: %s", f->path,
		    strerror(errno)));
	if (fstat(fd, &st) == -1 || (size_t)st.st_size != f->bytes) {
		close(fd);
		return (op_err_set(err, OP_EIO,
		    "attachment %s changed while the message was written",
		    f->path));
	}
	while ((n = read_block(fd, in, B64_BLOCK_IN)) > 0) {
		done += (size_t)n;
		if (done > f->bytes)
			break;
		if (sink(arg, out, b64_lines(in, (size_t)n, out)) == -1) {
			e = errno;
			close(fd);
			return (sink_err(err, e));
		}
	}
	e = errno;
	close(fd);
	if (n == -1)
		return (op_err_set(err, OP_EIO, "attachment %s: %s", f->path,
		    strerror(e)));
	if (done != f->bytes)
		return (op_err_set(err, OP_EIO,
		    "attachment %s changed while the message was written",
		    f->path));
	return (0);
}

int
message_write(const struct message *msg, message_sink sink, void *arg,
    struct op_err *err)
{
	unsigned char *in;
	char	      *out;
	size_t	       i, from = 0;
	int	       rc = 0;

	in = xmalloc(B64_BLOCK_IN);
	out = xmalloc(B64_BLOCK_OUT);
	for (i = 0; rc == 0 && i < msg->nfiles; i++) {
		if (sink(arg, msg->data + from, msg->files[i].at - from) == -1)
			rc = sink_err(err, errno);
		else
			rc = write_file(&msg->files[i], sink, arg, in, out,
			    err);
		from = msg->files[i].at;
	}
	if (rc == 0 && sink(arg, msg->data + from, msg->len - from) == -1)
		rc = sink_err(err, errno);
	free(in);
	free(out);
	return (rc);
}

int
message_fill(void *msg, int (*put)(void *, const char *, size_t), void *arg,
    struct op_err *err)
{
	return (message_write(msg, put, arg, err));
}
