/*
 * atomicfile.c -- files written whole and durably the OpenSMTPD way
 * under a directory descriptor (see atomicfile.h), used by the outbox's
 * tmp/ and by atomicfile_replace for the small text files outpost keeps
 * outside the outbox (drafts, config); directory creation and whole-file
 * reads.
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
	int fd, r, e;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (-1);
	r = atomicfile_sync_fd(fd);
	e = errno;
	close(fd);
	errno = e;
	return (r);
}

int
atomicfile_mem_fill(void *arg, int (*put)(void *, const char *, size_t),
    void *putarg, struct op_err *err)
{
	struct atomicfile_mem *m = arg;

	(void)err;
	return (put(putarg, m->buf, m->len));
}

/* fill's put: into the file, counting. */
struct write_put {
	int    fd;
	size_t len;
	int    err; /* errno of a failed write */
};

static int
write_put(void *arg, const char *buf, size_t len)
{
	struct write_put *w = arg;

	if (atomicfile_write_all(w->fd, buf, len) == -1) {
		w->err = errno;
		return (-1);
	}
	w->len += len;
	return (0);
}

/* The new dirfd/name: its fd, or -1 (errno). */
static int
create_at(int dirfd, const char *name, mode_t mode, int replace)
{
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW;
	int	  fd;

	fd = openat(dirfd, name, flags, mode);
	if (fd == -1 && errno == EEXIST && replace &&
	    unlinkat(dirfd, name, 0) == 0)
		fd = openat(dirfd, name, flags, mode);
	return (fd);
}

/* Mode, write, fsync: 0, or -1 with errno (0: fill's own error). */
static int
fill_fd(int fd, const char *what, mode_t mode, size_t len,
    atomicfile_fill fill, void *arg, struct op_err *err)
{
	struct write_put w = { fd, 0, 0 };

	if (fchmod(fd, mode) == -1)
		w.err = errno;
	else if (fill(arg, write_put, &w, err) == -1) {
		if (w.err == 0) {
			errno = 0;
			return (-1); /* fill's own error, in err */
		}
	} else if (w.len != len) {
		op_err_set(err, OP_EIO, "%s: %zu bytes written, %zu expected",
		    what, w.len, len);
		errno = EIO;
		return (-1);
	} else if (fsync(fd) == -1)
		w.err = errno;
	else
		return (0);
	op_err_set(err, OP_EIO, "cannot write %s: %s", what,
	    atomicfile_strerror(w.err));
	errno = w.err;
	return (-1);
}

int
atomicfile_write_at(int dirfd, const char *name, const char *what, mode_t mode,
    int replace, size_t len, atomicfile_fill fill, void *arg, int *fdp,
    struct op_err *err)
{
	int fd, e;

	if ((fd = create_at(dirfd, name, mode, replace)) == -1) {
		e = errno;
		op_err_set(err, OP_EIO, "cannot create %s: %s", what,
		    atomicfile_strerror(e));
		errno = e;
		return (-1);
	}
	if (fill_fd(fd, what, mode, len, fill, arg, err) == -1) {
		e = errno;
		close(fd);
		unlinkat(dirfd, name, 0);
		errno = e;
		return (-1);
	}
	if (fdp != NULL) {
		*fdp = fd;
		return (0);
	}
	if (close(fd) == 0)
		return (0);
	e = errno;
	unlinkat(dirfd, name, 0);
	op_err_set(err, OP_EIO, "cannot write %s: %s", what,
	    atomicfile_strerror(e));
	errno = e;
	return (-1);
}

int
atomicfile_rename_at(int fromfd, const char *from, int tofd, const char *to)
{
	int e;

	if (renameat(fromfd, from, tofd, to) == 0)
		return (0);
	e = errno;
	unlinkat(fromfd, from, 0);
	errno = e;
	return (-1);
}

int
atomicfile_sync_fd(int dirfd)
{
	if (fsync(dirfd) == -1 && errno != EINVAL)
		return (-1);
	return (0);
}

/*
 * A new PATH.tmp-RANDOM in dirfd written with buf: 0 with its name in
 * *tmpp, or -1 (errno).
 */
static int
write_tmp(int dirfd, const char *base, const char *buf, size_t len,
    mode_t mode, char **tmpp)
{
	struct atomicfile_mem m = { buf, len };
	unsigned char	      r[6];
	char		     *tmp;
	int		      tries;

	for (tries = 0; tries < 16; tries++) {
		if (atomicfile_random(r, sizeof r) == -1) {
			errno = EIO;
			return (-1);
		}
		xasprintf(&tmp, "%s.tmp-%02x%02x%02x%02x%02x%02x", base, r[0],
		    r[1], r[2], r[3], r[4], r[5]);
		if (atomicfile_write_at(dirfd, tmp, tmp, mode, 0, len,
			atomicfile_mem_fill, &m, NULL, NULL) == 0) {
			*tmpp = tmp;
			return (0);
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
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	char	   *dir, *tmp = NULL;
	int	    dirfd, r = -1, e;

	dir = dir_of(path);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	e = errno;
	free(dir);
	if (dirfd == -1 ||
	    write_tmp(dirfd, base, buf, len, mode, &tmp) == -1 ||
	    atomicfile_rename_at(dirfd, tmp, dirfd, base) == -1) {
		e = dirfd == -1 ? e : errno;
		op_err_set(err, OP_EIO, "cannot write %s: %s", path,
		    atomicfile_strerror(e));
	} else if (atomicfile_sync_fd(dirfd) == -1)
		op_err_set(err, OP_EIO, "cannot sync the directory of %s: %s",
		    path, atomicfile_strerror(errno));
	else
		r = 0;
	free(tmp);
	if (dirfd != -1)
		close(dirfd);
	return (r);
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
