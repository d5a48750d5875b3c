/*
 * message-stream.c -- a built message's attachments written from disk:
 * libetpan builds every header and the MIME structure around a
 * placeholder per file (message.c, message-attach.c); here each
 * placeholder is cut out of the skeleton, and message_write fills its
 * place with the file's base64 read(2) in blocks, so neither the file
 * nor its encoding is ever whole in memory.  The lines are the ones
 * libetpan wrote: 76 characters and CRLF, the last one shorter.  A
 * message/rfc822 part is the file itself, each bare LF written as CRLF;
 * message_scan says whether a file can go so, when the message is built and
 * again while it is written.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "mail/message.h"
#include "mail/message-int.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define B64_LINE_IN	57 /* bytes a 76-character line holds */
#define B64_BLOCK_IN	(B64_LINE_IN * 1150) /* about 64 KiB in */
#define BLOCK_OUT	(2 * B64_BLOCK_IN) /* base64 or CRLF lines of a block */
#define LINE_MAX_OCTETS 998		   /* RFC 5322 2.1.1 */

size_t
message_base64_size(size_t n)
{
	size_t rest = n % B64_LINE_IN;

	return (
	    n / B64_LINE_IN * 78 + (rest > 0 ? (rest + 2) / 3 * 4 + 2 : 0));
}

size_t
message_file_size(const struct message_afile *f)
{
	return (
	    f->verbatim ? f->bytes + f->lfs : message_base64_size(f->bytes));
}

/*
 * UTF-8 over blocks: a failure in the block's last three bytes may be a
 * sequence the block's end cut, so those bytes wait in sc->u8 and are
 * checked with the continuation bytes that start the next block.
 */
static void
scan_utf8(struct message_scan *sc, const unsigned char *p, size_t n)
{
	size_t i = 0, at;

	if (sc->not_utf8)
		return;
	if (sc->u8len > 0) {
		while (i < n && sc->u8len < sizeof sc->u8 &&
		    (p[i] & 0xc0) == 0x80)
			sc->u8[sc->u8len++] = p[i++];
		if (i == n && sc->u8len < sizeof sc->u8)
			return;
		if (!utf8_valid((const char *)sc->u8, sc->u8len)) {
			sc->not_utf8 = 1;
			return;
		}
		sc->u8len = 0;
	}
	at = i + utf8_invalid_at((const char *)p + i, n - i);
	if (at == n)
		return;
	if (n - at < sizeof sc->u8) {
		memcpy(sc->u8, p + at, n - at);
		sc->u8len = n - at;
	} else
		sc->not_utf8 = 1;
}

int
message_scan_utf8(const struct message_scan *sc)
{
	return (!sc->not_utf8 && sc->u8len == 0);
}

void
message_scan(struct message_scan *sc, const unsigned char *p, size_t n)
{
	size_t i;

	scan_utf8(sc, p, n);

	for (i = 0; i < n; i++) {
		if (sc->cr && p[i] != '\n')
			sc->bare_cr = 1;
		if (p[i] == '\n') {
			sc->lfs += !sc->cr;
			if (sc->line > sc->longest)
				sc->longest = sc->line;
			sc->line = 0;
		} else if (p[i] != '\r')
			sc->line++;
		sc->cr = p[i] == '\r';
		sc->nul |= p[i] == '\0';
		sc->eight |= p[i] >= 0x80;
	}
	sc->bytes += n;
}

int
message_scan_verbatim(const struct message_scan *sc, int eightbit)
{
	if (sc->nul || sc->bare_cr || sc->cr ||
	    sc->longest > LINE_MAX_OCTETS || sc->line > LINE_MAX_OCTETS ||
	    (sc->eight && !eightbit))
		return (0);
	return (sc->eight ? 8 : 7);
}

int
message_cut_marks(struct message *msg, struct op_err *err)
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
		msg->size += message_file_size(f) - mlen;
		from = f->at;
	}
	return (0);
}

/*
 * n bytes in (a multiple of 57 but for the last block) as base64 lines
 * (OpenSSL's EVP_EncodeBlock, one 76-character line per 57 bytes; its
 * EVP_EncodeUpdate writes 64-character LF lines, not MIME's CRLF ones).
 */
static size_t
b64_lines(const unsigned char *in, size_t n, char *out)
{
	size_t i, k, o = 0;

	for (i = 0; i < n; i += k) {
		k = n - i < B64_LINE_IN ? n - i : B64_LINE_IN;
		o += (size_t)EVP_EncodeBlock((unsigned char *)out + o, in + i,
		    (int)k);
		out[o++] = '\r';
		out[o++] = '\n';
	}
	return (o);
}

void
message_base64_encode(struct strbuf *out, const char *s, size_t len)
{
	size_t n = message_base64_size(len);

	strbuf_reserve(out, n);
	out->len += b64_lines((const unsigned char *)s, len,
	    out->p + out->len);
	out->p[out->len] = '\0';
}

/* n bytes as they go in the message: a bare LF as CRLF. */
static size_t
crlf_lines(const unsigned char *in, size_t n, char *out, int *cr)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (in[i] == '\n' && !*cr)
			out[o++] = '\r';
		out[o++] = (char)in[i];
		*cr = in[i] == '\r';
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

int
message_scan_file(const char *path, struct message_scan *sc,
    struct strbuf *head, size_t max, struct op_err *err)
{
	unsigned char *in;
	ssize_t	       n;
	int	       fd, e;

	memset(sc, 0, sizeof *sc);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (op_err_set(err, OP_EIO, "attachment %s: %s", path,
		    strerror(errno)));
	in = xmalloc(B64_BLOCK_IN);
	while ((n = read_block(fd, in, B64_BLOCK_IN)) > 0) {
		if (head->len < max)
			strbuf_add(head, (const char *)in,
			    max - head->len < (size_t)n ? max - head->len :
							  (size_t)n);
		message_scan(sc, in, (size_t)n);
	}
	e = errno;
	free(in);
	close(fd);
	if (n == -1)
		return (op_err_set(err, OP_EIO, "attachment %s: %s", path,
		    strerror(e)));
	return (0);
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
	struct message_scan sc;
	struct stat	    st;
	size_t		    done = 0, len;
	ssize_t		    n;
	int		    fd, e, cr = 0;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
		return (op_err_set(err, OP_EIO, "attachment %s: %s", f->path,
		    strerror(errno)));
	if (fstat(fd, &st) == -1 || (size_t)st.st_size != f->bytes) {
		close(fd);
		return (op_err_set(err, OP_EIO,
		    "attachment %s changed while the message was written",
		    f->path));
	}
	memset(&sc, 0, sizeof sc);
	while ((n = read_block(fd, in, B64_BLOCK_IN)) > 0) {
		done += (size_t)n;
		if (done > f->bytes)
			break;
		if (f->verbatim) {
			message_scan(&sc, in, (size_t)n);
			len = crlf_lines(in, (size_t)n, out, &cr);
		} else
			len = b64_lines(in, (size_t)n, out);
		if (sink(arg, out, len) == -1) {
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
	if (done != f->bytes ||
	    (f->verbatim &&
		(sc.lfs != f->lfs ||
		    message_scan_verbatim(&sc, f->verbatim == 8) !=
			f->verbatim)))
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
	out = xmalloc(BLOCK_OUT);
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
