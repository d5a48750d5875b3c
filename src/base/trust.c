/*
 * trust.c -- opening a file the user's way (see trust.h): non-blocking,
 * then fstat, then the type and owner of what was opened.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "base/trust.h"

int
trust_open(int at, const char *path, int flags, struct stat *st)
{
	int fd, e;

	fd = openat(at, path,
	    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);
	if (fd == -1)
		return (-1);
	if (fstat(fd, st) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return (-1);
	}
	return (fd);
}

const char *
trust_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return ("a regular file");
	if (S_ISDIR(mode))
		return ("a directory");
	if (S_ISFIFO(mode))
		return ("a FIFO (named pipe)");
	if (S_ISLNK(mode))
		return ("a symbolic link");
	if (S_ISSOCK(mode))
		return ("a socket");
	if (S_ISCHR(mode))
		return ("a character device");
	if (S_ISBLK(mode))
		return ("a block device");
	return ("not a regular file");
}

/* "nobody (uid 65534)" */
static void
user_text(uid_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		snprintf(buf, len, "%s (uid %lu)", pw->pw_name,
		    (unsigned long)uid);
	else
		snprintf(buf, len, "uid %lu", (unsigned long)uid);
}

const char *
trust_owner_text(uid_t uid, int root_ok, char *buf, size_t len)
{
	struct passwd *pw;
	char	       owner[128], me[128];

	user_text(uid, owner, sizeof owner);
	if ((pw = getpwuid(geteuid())) != NULL)
		snprintf(me, sizeof me, "%s", pw->pw_name);
	else
		snprintf(me, sizeof me, "uid %lu", (unsigned long)geteuid());
	snprintf(buf, len, "owned by %s, not by you (%s)%s", owner, me,
	    root_ok && geteuid() != 0 ? " or root" : "");
	return (buf);
}

const char *
trust_file_why(const struct stat *st, int root_ok, char *buf, size_t len)
{
	char owner[300];

	if (!S_ISREG(st->st_mode))
		snprintf(buf, len, "is %s, not a regular file",
		    trust_kind(st->st_mode));
	else if (st->st_uid != geteuid() && !(root_ok && st->st_uid == 0))
		snprintf(buf, len, "is %s",
		    trust_owner_text(st->st_uid, root_ok, owner,
			sizeof owner));
	else
		return (NULL);
	return (buf);
}

FILE *
trust_fopen(const char *dir, const char *name, struct stat *stp)
{
	char	    path[4096], why[400];
	struct stat st;
	FILE	   *f;
	int	    fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fd = trust_open(AT_FDCWD, path, O_NOFOLLOW, &st)) == -1)
		return (NULL);
	if (trust_file_why(&st, 0, why, sizeof why) != NULL ||
	    (f = fdopen(fd, "re")) == NULL) {
		close(fd);
		return (NULL);
	}
	if (stp != NULL)
		*stp = st;
	return (f);
}
