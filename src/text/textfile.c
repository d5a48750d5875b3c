/*
 * textfile.c -- a text file of the user's for a message: the signature
 * and pico's read-file (textfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomicfile.h"
#include "base/strbuf.h"
#include "base/trust.h"
#include "base/xmalloc.h"
#include "text/textfile.h"

/* "~/x" with $HOME (allocated). */
static char *
expand(const char *path)
{
	const char *home = getenv("HOME");
	char	   *out;

	if (path[0] == '~' && path[1] == '/' && home != NULL && *home != '\0')
		xasprintf(&out, "%s%s", home, path + 1);
	else
		out = xstrdup(path);
	return (out);
}

static int
read_open(int fd, const char *path, char **text, size_t *len,
    struct op_err *err)
{
	struct stat st;
	char	    why[400];
	int	    e;

	if (fstat(fd, &st) == -1)
		return (op_err_set(err, OP_EINVAL, "%s: %s", path,
		    strerror(errno)));
	if (trust_file_why(&st, 0, why, sizeof why) != NULL)
		return (op_err_set(err, OP_EINVAL, "%s: %s", path, why));
	if (st.st_size > TEXTFILE_MAX)
		return (op_err_set(err, OP_EINVAL,
		    "%s: is %lld bytes, over the %d KB taken as text; attach it instead",
		    path, (long long)st.st_size, TEXTFILE_MAX / 1024));
	if ((e = atomicfile_read_fd(fd, TEXTFILE_MAX, text, len)) != 0)
		return (op_err_set(err, OP_EINVAL, "%s: %s", path,
		    atomicfile_strerror(e)));
	if (memchr(*text, '\0', *len) != NULL) {
		free(*text);
		*text = NULL;
		return (op_err_set(err, OP_EINVAL,
		    "%s: is not text (it has NUL bytes); attach it instead",
		    path));
	}
	return (0);
}

int
textfile_read(const char *typed, char **text, size_t *len, struct op_err *err)
{
	struct stat st;
	char	   *path = expand(typed);
	int	    fd, r;

	*text = NULL;
	*len = 0;
	if ((fd = trust_open(AT_FDCWD, path, 0, &st)) == -1) {
		r = op_err_set(err, errno == ENOENT ? OP_ENOTFOUND : OP_EINVAL,
		    "%s: %s", path,
		    errno == ENOENT ? "no such file" : strerror(errno));
		free(path);
		return (r);
	}
	r = read_open(fd, path, text, len, err);
	close(fd);
	free(path);
	return (r);
}

/* Whether s[0..len) starts with a "-- " or "--" line. */
static int
has_separator(const char *s, size_t len)
{
	if (len < 2 || s[0] != '-' || s[1] != '-')
		return (0);
	if (len > 2 && s[2] == ' ')
		s++, len--;
	return (len == 2 || s[2] == '\n' || s[2] == '\r');
}

char *
textfile_signature(const char *sig, size_t len)
{
	struct strbuf b = STRBUF_INIT;

	while (len > 0 && strchr(" \t\r\n", sig[len - 1]) != NULL)
		len--;
	if (len == 0)
		return (xstrdup(""));
	strbuf_adds(&b, "\n\n");
	if (!has_separator(sig, len))
		strbuf_adds(&b, "-- \n");
	strbuf_add(&b, sig, len);
	return (strbuf_take(&b));
}
