/*
 * atomicfile.c -- atomic, durable file replacement the OpenSMTPD way
 * (see atomicfile.h), directory creation and whole-file reads for the
 * small text files outpost keeps outside the outbox (drafts, config).
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomicfile.h"
#include "base/trust.h"
#include "base/xmalloc.h"

const char *
atomicfile_strerror(int e)
{
	switch (e) {
	case ENOSPC:
		return ("the disk is full");
	case EDQUOT:
		return ("the disk quota is used up");
	case EROFS:
		return ("the file system is read-only");
	case EACCES:
	case EPERM:
		return ("permission denied");
	default:
		return (strerror(e));
	}
}

int
atomicfile_random(void *buf, size_t len)
{
	ssize_t n;
	size_t	off = 0;
	int	fd;

	do
		n = getrandom(buf, len, 0);
	while (n == -1 && errno == EINTR);
	if (n == (ssize_t)len)
		return (0);
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	while (off < len) {
		n = read(fd, (char *)buf + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	return (off == len ? 0 : -1);
}

int
atomicfile_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0) {
			errno = ENOSPC;
			return (-1);
		}
		buf += n;
		len -= (size_t)n;
	}
	return (0);
}

/* The directory part of path (allocated): "." for a bare name. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

int
atomicfile_sync_dir(const char *dir)
{
	int fd, r = 0, e;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (-1);
	if (fsync(fd) == -1 && errno != EINVAL)
		r = -1;
	e = errno;
	close(fd);
	errno = e;
	return (r);
}

/* Create a fresh temporary file next to path: its fd, name in *tmpp. */
static int
open_tmp(const char *path, mode_t mode, char **tmpp)
{
	unsigned char r[6];
	char	     *tmp;
	int	      fd, tries;

	for (tries = 0; tries < 16; tries++) {
		if (atomicfile_random(r, sizeof r) == -1) {
			errno = EIO;
			return (-1);
		}
		xasprintf(&tmp, "%s.tmp-%02x%02x%02x%02x%02x%02x", path, r[0],
		    r[1], r[2], r[3], r[4], r[5]);
		fd = open(tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		    mode);
		if (fd != -1) {
			*tmpp = tmp;
			return (fd);
		}
		free(tmp);
		if (errno != EEXIST)
			return (-1);
	}
	return (-1);
}

int
atomicfile_replace(const char *path, const char *buf, size_t len, mode_t mode,
    struct op_err *err)
{
	char *tmp = NULL, *dir;
	int   fd, e;

	if ((fd = open_tmp(path, mode, &tmp)) == -1)
		return (op_err_set(err, OP_EIO, "cannot write %s: %s", path,
		    atomicfile_strerror(errno)));
	if (fchmod(fd, mode) == -1 ||
	    atomicfile_write_all(fd, buf, len) == -1 || fsync(fd) == -1) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		e = errno;
		goto fail;
	}
	free(tmp);
	dir = dir_of(path);
	e = atomicfile_sync_dir(dir) == -1 ? errno : 0;
	free(dir);
	if (e != 0)
		return (op_err_set(err, OP_EIO,
		    "cannot sync the directory of "
		    "%s: %s",
		    path, atomicfile_strerror(e)));
	return (0);
fail:
	unlink(tmp);
	free(tmp);
	return (op_err_set(err, OP_EIO, "cannot write %s: %s", path,
	    atomicfile_strerror(e)));
}

static int
make_dir(const char *path, struct op_err *err)
{
	struct stat st;
	int	    e;

	if (mkdir(path, 0700) == 0) {
		if (chmod(path, 0700) == 0)
			return (0);
		e = errno;
	} else if ((e = errno) == EEXIST) {
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return (0);
		e = ENOTDIR;
	}
	return (op_err_set(err, OP_EIO, "cannot create the directory %s: %s",
	    path, atomicfile_strerror(e)));
}

int
atomicfile_mkdirs(const char *path, struct op_err *err)
{
	struct stat st;
	char	   *s, *p;
	int	    r = 0;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return (0);
	s = xstrdup(path);
	for (p = s + 1; r == 0 && (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (stat(s, &st) != 0 || !S_ISDIR(st.st_mode))
			r = make_dir(s, err);
		*p = '/';
	}
	if (r == 0)
		r = make_dir(s, err);
	free(s);
	return (r);
}

int
atomicfile_read(const char *path, size_t max, char **bufp, size_t *lenp)
{
	return (atomicfile_read_at(AT_FDCWD, path, max, bufp, lenp));
}

int
atomicfile_read_at(int dirfd, const char *path, size_t max, char **bufp,
    size_t *lenp)
{
	struct stat st;
	int	    fd, e;

	if ((fd = trust_open(dirfd, path, O_NOFOLLOW, &st)) == -1)
		return (errno);
	if (!S_ISREG(st.st_mode))
		e = EINVAL;
	else if ((size_t)st.st_size > max)
		e = EFBIG;
	else
		e = atomicfile_read_fd(fd, (size_t)st.st_size, bufp, lenp);
	close(fd);
	return (e);
}

int
atomicfile_read_fd(int fd, size_t size, char **bufp, size_t *lenp)
{
	char   *buf;
	size_t	off = 0;
	ssize_t n = 0;

	buf = xmalloc(size + 1);
	while (off < size) {
		n = read(fd, buf + off, size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (n == -1) {
		n = errno;
		free(buf);
		return ((int)n);
	}
	buf[off] = '\0';
	*bufp = buf;
	*lenp = off;
	return (0);
}
