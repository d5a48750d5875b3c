/*
 * kvfile.c -- lexer for "key = value" files (config, policy).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/kvfile.h"
#include "base/strutil.h"
#include "base/trust.h"
#include "base/xmalloc.h"

static int
key_char_ok(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '_' || c == '-');
}

static int
parse_section(struct kvfile *kf, char *line, int lineno, struct op_err *err)
{
	size_t len = strlen(line);
	char  *header;

	if (line[len - 1] != ']')
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: a section line starts with '[' and ends with ']', as in [account home]",
		    kf->path, lineno));
	line[len - 1] = '\0';
	header = str_trim(line + 1);
	if (*header == '\0')
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: an empty section name; write it as [account home]",
		    kf->path, lineno));
	kf->sec = xreallocarray(kf->sec, kf->nsec + 1, sizeof *kf->sec);
	kf->sec[kf->nsec].header = xstrdup(header);
	kf->sec[kf->nsec].line = lineno;
	kf->sec[kf->nsec].start = kf->n;
	kf->nsec++;
	return (0);
}

static int
parse_line(struct kvfile *kf, char *line, int lineno, struct op_err *err)
{
	char *eq, *key, *value, *p;

	str_trim(line);
	if (*line == '\0' || *line == '#')
		return (0);
	if (*line == '[')
		return (parse_section(kf, line, lineno, err));
	if ((eq = strchr(line, '=')) == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: expected \"key = value\", found \"%.40s\"",
		    kf->path, lineno, line));
	*eq = '\0';
	key = str_trim(line);
	value = str_trim(eq + 1);
	if (*key == '\0')
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: a line starts with '=' but has no key", kf->path,
		    lineno));
	for (p = key; *p != '\0'; p++) {
		if (!key_char_ok((unsigned char)*p))
			return (op_err_set(err, OP_ECONFIG,
			    "%s:%d: key \"%.40s\" may only contain a-z, 0-9, '.', '_' and '-'",
			    kf->path, lineno, key));
	}
	if (*value == '\0')
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: %s has no value; give one or delete the line",
		    kf->path, lineno, key));
	kf->v = xreallocarray(kf->v, kf->n + 1, sizeof *kf->v);
	kf->v[kf->n].key = xstrdup(key);
	kf->v[kf->n].value = xstrdup(value);
	kf->v[kf->n].line = lineno;
	kf->n++;
	return (0);
}

int
kvfile_parse(const char *name, const char *buf, size_t len, struct kvfile *kf,
    struct op_err *err)
{
	const char *p = buf, *end = buf + len, *nl;
	char	    line[KV_MAX_LINE + 1];
	size_t	    n, bad;
	int	    lineno = 0;

	memset(kf, 0, sizeof *kf);
	kf->path = xstrdup(name);
	/* A UTF-8 byte-order mark at the start is tolerated. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > KV_MAX_LINE)
			goto fail_long;
		if (memchr(p, '\0', n) != NULL) {
			op_err_set(err, OP_ECONFIG,
			    "%s:%d: contains a NUL byte; this is not a text file",
			    name, lineno);
			goto fail;
		}
		if ((bad = utf8_invalid_at(p, n)) != n) {
			op_err_set(err, OP_ECONFIG,
			    "%s:%d: invalid UTF-8 at column %zu; save the file as UTF-8",
			    name, lineno, bad + 1);
			goto fail;
		}
		if (memchr(p, '\r', n) != NULL) {
			op_err_set(err, OP_ECONFIG,
			    "%s:%d: stray carriage return inside the line",
			    name, lineno);
			goto fail;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (parse_line(kf, line, lineno, err) != 0)
			goto fail;
		p = nl + 1;
	}
	return (0);

fail_long:
	op_err_set(err, OP_ECONFIG, "%s:%d: line is longer than %d bytes",
	    name, lineno, KV_MAX_LINE);
fail:
	kvfile_free(kf);
	return (-1);
}

static int
read_all(int fd, const char *path, char **bufp, size_t *lenp,
    struct op_err *err)
{
	char   *buf = xmalloc(KV_MAX_FILE + 1);
	size_t	len = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, buf + len, KV_MAX_FILE + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return (op_err_set(err, OP_EIO, "%s: %s", path,
			    strerror(errno)));
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > KV_MAX_FILE) {
			free(buf);
			return (op_err_set(err, OP_ECONFIG,
			    "%s: larger than %d bytes; is this the right file?",
			    path, KV_MAX_FILE));
		}
	}
	*bufp = buf;
	*lenp = len;
	return (0);
}

int
kvfile_load(const char *path, struct kvfile *kf, struct op_err *err)
{
	struct stat st;
	char	   *buf = NULL;
	size_t	    len = 0;
	int	    fd, r;

	memset(kf, 0, sizeof *kf);
	/*
	 * Links are followed (a config is often a link into a dotfiles
	 * repository): what counts is the file reached, its type here and
	 * its owner for the caller.  Never blocks on a FIFO or a device.
	 */
	if ((fd = trust_open(AT_FDCWD, path, 0, &st)) < 0)
		return (
		    op_err_set(err, errno == ENOENT ? OP_ENOTFOUND : OP_EIO,
			"%s: %s", path, strerror(errno)));
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return (op_err_set(err, OP_ECONFIG,
		    "%s: is %s, not a regular file", path,
		    trust_kind(st.st_mode)));
	}
	r = read_all(fd, path, &buf, &len, err);
	close(fd);
	if (r != 0)
		return (-1);
	r = kvfile_parse(path, buf, len, kf, err);
	free(buf);
	if (r == 0)
		kf->st = st;
	return (r);
}

void
kvfile_free(struct kvfile *kf)
{
	size_t i;

	for (i = 0; i < kf->n; i++) {
		free(kf->v[i].key);
		free(kf->v[i].value);
	}
	free(kf->v);
	for (i = 0; i < kf->nsec; i++)
		free(kf->sec[i].header);
	free(kf->sec);
	free(kf->path);
	memset(kf, 0, sizeof *kf);
}
