/*
 * outbox-fs.c -- the file system side of the outbox: opening (and
 * creating) DATA/outbox/{tmp,queue,sent,damaged} as trusted directories,
 * opening an item's files as trusted files, files written the OpenSMTPD
 * way (a new tmp/ file, mode 0600, written in full, fsync, rename into
 * place, fsync of the directory), moves between the directories and
 * directory scans.  The layout is in HACKING.md ("On disk").
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/outbox-int.h"
#include "base/atomicfile.h"
#include "base/trust.h"
#include "base/xmalloc.h"

#define TMP_MAX_AGE 3600 /* seconds: older tmp/ files are debris */

int
outbox_io_err(struct op_err *err, int e, const char *fmt, ...)
{
	char	what[OP_ERR_MSG / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return (
	    op_err_set(err, OP_EIO, "%s: %s", what, atomicfile_strerror(e)));
}

const char *
outbox_dname(const struct outbox *ob, int fd)
{
	if (fd == ob->tmpfd)
		return ("tmp");
	if (fd == ob->queuefd)
		return ("queue");
	if (fd == ob->sentfd)
		return ("sent");
	return ("damaged");
}

int
outbox_exists(int dirfd, const char *id, const char *ext)
{
	char	    name[OUTBOX_NAME_LEN];
	struct stat st;

	snprintf(name, sizeof name, "%s%s", id, ext);
	return (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0);
}

/* A failed open of DIR/NAME (errno e) as an error. */
static int
open_failed(struct outbox *ob, int dirfd, const char *name, int e,
    struct op_err *err)
{
	if (e == ENOENT)
		return (op_err_set(err, OP_ENOTFOUND, "%s is missing", name));
	if (e == ELOOP)
		return (op_err_set(err, OP_EDAMAGED,
		    "%s is a symbolic link, not a regular file", name));
	return (outbox_io_err(err, e, "cannot open %s/%s/%s", ob->dir,
	    outbox_dname(ob, dirfd), name));
}

/* OP_EDAMAGED "NAME is a FIFO ..." unless st is a regular file of ours. */
static int
untrusted(const char *name, const struct stat *st, struct op_err *err)
{
	char why[400];

	if (trust_file_why(st, 0, why, sizeof why) == NULL)
		return (0);
	return (op_err_set(err, OP_EDAMAGED, "%s %s", name, why));
}

int
outbox_open_file(struct outbox *ob, int dirfd, const char *name,
    struct stat *st, struct op_err *err)
{
	int fd;

	if ((fd = trust_open(dirfd, name, O_NOFOLLOW, st)) == -1)
		return (open_failed(ob, dirfd, name, errno, err));
	if (untrusted(name, st, err) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

int
outbox_stat_file(struct outbox *ob, int dirfd, const char *name,
    struct stat *st, struct op_err *err)
{
	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) == -1)
		return (open_failed(ob, dirfd, name, errno, err));
	return (untrusted(name, st, err));
}

int
outbox_open_lock(struct outbox *ob, int dirfd, const char *id,
    struct op_err *err)
{
	char	    name[OUTBOX_NAME_LEN];
	struct stat st;
	int	    fd, e;

	snprintf(name, sizeof name, "%s.lock", id);
	if ((fd = openat(dirfd, name,
		 O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
		 0600)) == -1)
		return (open_failed(ob, dirfd, name, errno, err));
	if (fstat(fd, &st) == -1) {
		e = errno;
		close(fd);
		return (open_failed(ob, dirfd, name, e, err));
	}
	if (untrusted(name, &st, err) == -1) {
		close(fd);
		return (-1);
	}
	fchmod(fd, 0600);
	return (fd);
}

int
outbox_tmp_fill(struct outbox *ob, const char *name, size_t len,
    outbox_fill fill, void *arg, int *fdp, struct op_err *err)
{
	char *what;
	int   r;

	xasprintf(&what, "%s/tmp/%s", ob->dir, name);
	r = atomicfile_write_at(ob->tmpfd, name, what, 0600, fdp == NULL, len,
	    fill, arg, fdp, err);
	free(what);
	return (r);
}

int
outbox_dir_sync(struct outbox *ob, int dirfd, struct op_err *err)
{
	if (atomicfile_sync_fd(dirfd) == -1)
		return (outbox_io_err(err, errno, "cannot sync %s/%s", ob->dir,
		    outbox_dname(ob, dirfd)));
	return (0);
}

int
outbox_tmp_commit(struct outbox *ob, const char *name, int dirfd,
    struct op_err *err)
{
	if (atomicfile_rename_at(ob->tmpfd, name, dirfd, name) == -1)
		return (
		    outbox_io_err(err, errno, "cannot move %s/tmp/%s to %s/",
			ob->dir, name, outbox_dname(ob, dirfd)));
	/*
	 * Only the new name needs to be durable: tmp/ is not synced, since
	 * the most a crash can bring back there is the old name, debris
	 * that the next write of the item or the clean-up at open removes.
	 */
	return (outbox_dir_sync(ob, dirfd, err));
}

int
outbox_put_file(struct outbox *ob, int dirfd, const char *name,
    const char *buf, size_t len, struct op_err *err)
{
	struct atomicfile_mem m = { buf, len };

	if (outbox_tmp_fill(ob, name, len, atomicfile_mem_fill, &m, NULL,
		err) == -1)
		return (-1);
	return (outbox_tmp_commit(ob, name, dirfd, err));
}

int
outbox_move(struct outbox *ob, int from, int to, const char *id,
    const char *ext, const char *toid, struct op_err *err)
{
	char src[OUTBOX_NAME_LEN], dst[OUTBOX_NAME_LEN];

	snprintf(src, sizeof src, "%s%s", id, ext);
	snprintf(dst, sizeof dst, "%s%s", toid, ext);
	if (renameat(from, src, to, dst) == -1 && errno != ENOENT)
		return (outbox_io_err(err, errno,
		    "cannot move %s/%s/%s to %s/", ob->dir,
		    outbox_dname(ob, from), src, outbox_dname(ob, to)));
	return (0);
}

/* tmp/ files older than an hour were never committed: remove them. */
static void
clean_tmp(struct outbox *ob)
{
	struct outbox_names nm;
	struct stat	    st;
	time_t		    old = time(NULL) - TMP_MAX_AGE;
	size_t		    i;

	if (outbox_scan(ob, ob->tmpfd, &nm, NULL) == -1)
		return;
	for (i = 0; i < nm.n; i++) {
		if (fstatat(ob->tmpfd, nm.v[i], &st, AT_SYMLINK_NOFOLLOW) ==
			0 &&
		    !S_ISDIR(st.st_mode) && st.st_mtime < old)
			unlinkat(ob->tmpfd, nm.v[i], 0);
	}
	outbox_names_free(&nm);
}

/*
 * OP_EINSECURE when a directory of the outbox (st, reached as path) is
 * not one only the user can change, naming it and the fix; else 0.
 */
static int
dir_refused(const char *path, const struct stat *st, struct op_err *err)
{
	char owner[300];

	if (S_ISLNK(st->st_mode))
		return (op_err_set(err, OP_EINSECURE,
		    "%s is a symbolic link; outpost keeps its outbox only in real directories: replace the link with the directory it points to (or move it away and outpost makes a new one)",
		    path));
	if (!S_ISDIR(st->st_mode))
		return (op_err_set(err, OP_EINSECURE,
		    "%s is %s, not a directory; move it away and outpost makes a new one",
		    path, trust_kind(st->st_mode)));
	if (st->st_uid != geteuid())
		return (op_err_set(err, OP_EINSECURE,
		    "%s is %s; what it holds may not be yours: move it away (mv '%s' '%s.untrusted') and outpost makes a new one",
		    path, trust_owner_text(st->st_uid, 0, owner, sizeof owner),
		    path, path));
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return (op_err_set(err, OP_EINSECURE,
		    "%s is writable by others (mode %03o): anyone could queue mail in your name; run: chmod 700 '%s'",
		    path, (unsigned)(st->st_mode & 07777), path));
	return (0);
}

/*
 * The directory name under the directory fd at (path: its whole name,
 * for messages), made 0700 when missing, opened without following a
 * symbolic link and checked by fstat: the user's, and no one else may
 * write it.  Returns its fd or -1 (OP_EINSECURE, OP_EIO).
 */
static int
trusted_dir(int at, const char *name, const char *path, struct op_err *err)
{
	const int   flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	struct stat st;
	int	    fd, made = 0;

	if ((fd = openat(at, name, flags)) == -1 && errno == ENOENT) {
		made = mkdirat(at, name, 0700) == 0;
		if (!made && errno != EEXIST)
			return (outbox_io_err(err, errno,
			    "cannot create the directory %s", path));
		fd = openat(at, name, flags);
	}
	if (fd == -1) {
		if ((errno == ELOOP || errno == ENOTDIR) &&
		    fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    dir_refused(path, &st, err) == -1)
			return (-1);
		return (outbox_io_err(err, errno, "cannot open %s", path));
	}
	if ((made && fchmod(fd, 0700) == -1) || fstat(fd, &st) == -1) {
		outbox_io_err(err, errno, "cannot open %s", path);
		close(fd);
		return (-1);
	}
	if (dir_refused(path, &st, err) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

int
outbox_open(const char *datadir, struct outbox *ob, struct op_err *err)
{
	static const char *const sub[] = { "tmp", "queue", "sent", "damaged" };
	int *fds[] = { &ob->tmpfd, &ob->queuefd, &ob->sentfd, &ob->damagedfd };
	char  *path;
	size_t i;
	int    datafd = -1, outfd = -1;

	memset(ob, 0, sizeof *ob);
	ob->tmpfd = ob->queuefd = ob->sentfd = ob->damagedfd = -1;
	xasprintf(&ob->dir, "%s/outbox", datadir);
	/* The data directory's parents are the user's business. */
	if (atomicfile_mkdirs(datadir, err) == -1 ||
	    (datafd = trusted_dir(AT_FDCWD, datadir, datadir, err)) == -1 ||
	    (outfd = trusted_dir(datafd, "outbox", ob->dir, err)) == -1)
		goto fail;
	for (i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		xasprintf(&path, "%s/%s", ob->dir, sub[i]);
		*fds[i] = trusted_dir(outfd, sub[i], path, err);
		free(path);
		if (*fds[i] == -1)
			goto fail;
	}
	close(datafd);
	close(outfd);
	clean_tmp(ob);
	return (0);
fail:
	if (datafd != -1)
		close(datafd);
	if (outfd != -1)
		close(outfd);
	outbox_close(ob);
	return (-1);
}

void
outbox_close(struct outbox *ob)
{
	int *fds[] = { &ob->tmpfd, &ob->queuefd, &ob->sentfd, &ob->damagedfd };
	size_t i;

	for (i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		if (*fds[i] != -1)
			close(*fds[i]);
		*fds[i] = -1;
	}
	free(ob->dir);
	ob->dir = NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
outbox_scan_each(struct outbox *ob, int dirfd, outbox_name_fn *fn, void *arg,
    struct op_err *err)
{
	DIR	      *d = NULL;
	struct dirent *de;
	int	       fd, e;

	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		-1 ||
	    (d = fdopendir(fd)) == NULL) {
		e = errno;
		if (fd != -1)
			close(fd);
		return (outbox_io_err(err, e, "cannot read %s/%s", ob->dir,
		    outbox_dname(ob, dirfd)));
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			fn(arg, de->d_name);
	closedir(d);
	return (0);
}

/* outbox_scan's fn: the name kept; room doubles at each power of two. */
static void
names_push(void *arg, const char *name)
{
	struct outbox_names *nm = arg;

	if ((nm->n & (nm->n - 1)) == 0)
		nm->v = xreallocarray(nm->v, nm->n == 0 ? 1 : 2 * nm->n,
		    sizeof *nm->v);
	nm->v[nm->n++] = xstrdup(name);
}

int
outbox_scan(struct outbox *ob, int dirfd, struct outbox_names *nm,
    struct op_err *err)
{
	memset(nm, 0, sizeof *nm);
	if (outbox_scan_each(ob, dirfd, names_push, nm, err) == -1) {
		outbox_names_free(nm);
		return (-1);
	}
	if (nm->n > 1)
		qsort(nm->v, nm->n, sizeof *nm->v, name_cmp);
	return (0);
}

int
outbox_names_has(const struct outbox_names *nm, const char *id,
    const char *ext)
{
	char name[OUTBOX_NAME_LEN], *key = name;

	snprintf(name, sizeof name, "%s%s", id, ext);
	return (nm->n > 0 &&
	    bsearch(&key, nm->v, nm->n, sizeof *nm->v, name_cmp) != NULL);
}

void
outbox_names_free(struct outbox_names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
	memset(nm, 0, sizeof *nm);
}

const char *
outbox_split_name(const char *name, char *id)
{
	const char *dot = strrchr(name, '.');
	size_t	    n;

	if (dot == NULL || (n = (size_t)(dot - name)) == 0 ||
	    n >= OUTBOX_IDLEN)
		return (NULL);
	memcpy(id, name, n);
	id[n] = '\0';
	return (outbox_id_valid(id) ? dot : NULL);
}
