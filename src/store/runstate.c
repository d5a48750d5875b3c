/*
 * runstate.c -- the queue runner's lock, hold and log in the outbox
 * directory (see runstate.h).  The lock is an open file description lock
 * (fcntl F_OFD_SETLK): like flock, it belongs to the one open file and
 * goes with the process, and unlike flock it can be tested without being
 * taken, so `outpost outbox` asking never turns a starting runner away.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomicfile.h"
#include "base/isotime.h"
#include "base/strbuf.h"
#include "base/strutil.h"
#include "base/trust.h"
#include "base/xmalloc.h"
#include "conf/config.h"
#include "conf/policy.h"
#include "store/outbox.h"
#include "store/runstate.h"

#define LOCK_FILE "runner.lock"
#define HELD_FILE "runner.held"
#define LOG_FILE  "runner.log"
#define HELD_MAX  (64 * 1024) /* the hold file: a pair per account */
#define PUBLISHED 32	      /* "PID NEXT\n", padded: one pwrite, one size */

/*
 * dir/name opened with flags (O_CREAT: mode 0600), never through a
 * symbolic link nor blocking, and only when it is a regular file of the
 * user's: the fd, or -1 with err (OP_EINSECURE or OP_EIO).
 */
static int
open_own(const char *dir, const char *name, int flags, struct op_err *err)
{
	struct stat st;
	char	    path[4096], why[256];
	int	    fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
	    0600);
	if (fd == -1 && errno == ELOOP)
		return (op_err_set(err, OP_EINSECURE,
		    "%s is a symbolic link; move it away", path));
	if (fd == -1 || fstat(fd, &st) == -1) {
		op_err_set(err, errno == ENOENT ? OP_ENOTFOUND : OP_EIO,
		    "cannot open %s: %s", path, atomicfile_strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	if (trust_file_why(&st, 0, why, sizeof why) != NULL) {
		close(fd);
		return (op_err_set(err, OP_EINSECURE, "%s %s; move it away",
		    path, why));
	}
	return (fd);
}

int
runstate_lock(const char *dir, int *fdp, struct op_err *err)
{
	struct flock fl;
	int	     fd;

	if ((fd = open_own(dir, LOCK_FILE, O_RDWR | O_CREAT, err)) == -1)
		return (-1);
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_OFD_SETLK, &fl) == -1) {
		close(fd);
		if (errno == EAGAIN || errno == EACCES)
			return (op_err_set(err, OP_ELOCKED,
			    "another queue runner is active"));
		return (op_err_set(err, OP_EIO, "cannot lock %s/%s: %s", dir,
		    LOCK_FILE, atomicfile_strerror(errno)));
	}
	runstate_publish(fd, 0);
	*fdp = fd;
	return (0);
}

void
runstate_publish(int fd, time_t next)
{
	char word[PUBLISHED], buf[PUBLISHED + 1];

	snprintf(word, sizeof word, "%ld %lld", (long)getpid(),
	    (long long)next);
	snprintf(buf, sizeof buf, "%-*s\n", PUBLISHED - 1, word);
	/* Only what `outpost outbox` shows: nothing to do on failure. */
	if (pwrite(fd, buf, PUBLISHED, 0) != PUBLISHED)
		return;
}

void
runstate_unlock(int fd)
{
	int r;

	if (fd == -1)
		return;
	/* A pid left behind is never shown: only a held lock's is read. */
	r = ftruncate(fd, 0);
	(void)r;
	close(fd);
}

int
runstate_probe(const char *dir, struct runstate *rs, struct op_err *err)
{
	struct flock  fl;
	struct op_err e = { 0 };
	char	      buf[PUBLISHED + 1];
	long	      pid;
	long long     next;
	ssize_t	      n;
	int	      fd;

	memset(rs, 0, sizeof *rs);
	if ((fd = open_own(dir, LOCK_FILE, O_RDONLY, &e)) == -1) {
		if (e.code == OP_ENOTFOUND)
			return (0);
		*err = e;
		return (-1);
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) {
		rs->active = 1;
		n = pread(fd, buf, PUBLISHED, 0);
		buf[n > 0 ? n : 0] = '\0';
		if (sscanf(buf, "%ld %lld", &pid, &next) == 2) {
			rs->pid = (pid_t)pid;
			rs->next = (time_t)next;
		}
	}
	close(fd);
	return (0);
}

void
runstate_account(const struct config *cfg, const struct policy *pol, char *buf,
    size_t size)
{
	struct effective eff;

	policy_effective(cfg, pol, &eff);
	snprintf(buf, size, "%s@%s:%d",
	    cfg->username != NULL ? cfg->username : "", eff.smtp_host,
	    eff.smtp_port);
}

/* The hold file's text (allocated, "" when there is none). */
static char *
held_text(const char *dir)
{
	struct op_err e = { 0 };
	char	     *text = NULL;
	size_t	      len;
	int	      fd;

	if ((fd = open_own(dir, HELD_FILE, O_RDONLY, &e)) == -1)
		return (xstrdup(""));
	if (atomicfile_read_fd(fd, HELD_MAX, &text, &len) != 0)
		text = xstrdup("");
	close(fd);
	return (text);
}

/*
 * The next "account\nwhy\n" pair of the hold file at *p: 1 with both
 * cut out in place (*p moved past them), 0 at the end.
 */
static int
held_pair(char **p, char **account, char **why)
{
	char *nl;

	if (**p == '\0' || (nl = strchr(*p, '\n')) == NULL)
		return (0);
	*nl = '\0';
	*account = *p;
	*why = nl + 1;
	if ((nl = strchr(*why, '\n')) != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else
		*p = *why + strlen(*why);
	return (1);
}

/* One pair per held account: this account's replaced, the others kept. */
int
runstate_hold(const char *dir, const char *account, const char *why,
    struct op_err *err)
{
	struct strbuf b = STRBUF_INIT;
	char	     *path, *text = held_text(dir), *p = text, *a, *w;
	char	     *line = outbox_one_line(why);
	int	      r;

	while (held_pair(&p, &a, &w))
		if (strcmp(a, account) != 0)
			strbuf_printf(&b, "%s\n%s\n", a, w);
	strbuf_printf(&b, "%s\n%s\n", account, line);
	xasprintf(&path, "%s/%s", dir, HELD_FILE);
	r = atomicfile_replace(path, b.p != NULL ? b.p : "", b.len, 0600, err);
	strbuf_free(&b);
	free(text);
	free(line);
	free(path);
	return (r);
}

char *
runstate_held(const char *dir, const char *account)
{
	char *text = held_text(dir), *p = text, *a, *w, *why = NULL;

	while (why == NULL && held_pair(&p, &a, &w))
		if (account == NULL || strcmp(a, account) == 0)
			why = xstrdup(w);
	free(text);
	return (why);
}

int
runstate_item_waits(const struct outbox_item *it)
{
	return (it->state == OUTBOX_QUEUED || it->state == OUTBOX_DEFERRED);
}

char *
runstate_config_held(const char *dir, const struct config *a)
{
	struct op_err e = { 0 };
	struct policy pol;
	char	      account[600];

	if (policy_for_config(a, &pol, &e) != 0)
		return (NULL);
	runstate_account(a, &pol, account, sizeof account);
	policy_free(&pol);
	return (runstate_held(dir, account));
}

char *
runstate_item_held(const char *dir, const struct outbox_item *it,
    const struct config *cfg)
{
	const struct config *a;

	if (!runstate_item_waits(it))
		return (NULL);
	if (cfg == NULL)
		return (runstate_held(dir, NULL));
	a = config_account_of(cfg, it->account);
	return (a != NULL ? runstate_config_held(dir, a) : NULL);
}

void
runstate_holds_init(struct runstate_holds *h, const char *dir,
    const struct config *cfg)
{
	memset(h, 0, sizeof *h);
	h->dir = dir;
	h->cfg = cfg;
	h->any = runstate_held(dir, NULL);
}

const char *
runstate_holds_item(struct runstate_holds *h, const struct outbox_item *it)
{
	size_t i;

	if (h->any == NULL || !runstate_item_waits(it))
		return (NULL);
	if (h->cfg == NULL) /* no config: any hold holds every item */
		return (h->any);
	for (i = 0; i < h->n; i++)
		if (str_same(h->accounts[i], it->account))
			return (h->words[i]);
	h->accounts = xreallocarray(h->accounts, h->n + 1,
	    sizeof *h->accounts);
	h->words = xreallocarray(h->words, h->n + 1, sizeof *h->words);
	h->accounts[h->n] = it->account != NULL ? xstrdup(it->account) : NULL;
	h->words[h->n] = runstate_item_held(h->dir, it, h->cfg);
	return (h->words[h->n++]);
}

void
runstate_holds_free(struct runstate_holds *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->accounts[i]);
		free(h->words[i]);
	}
	free(h->accounts);
	free(h->words);
	free(h->any);
	memset(h, 0, sizeof *h);
}

int
runstate_item_orphan(const struct outbox_item *it, const struct config *cfg)
{
	return (it->state != OUTBOX_SENT && it->account != NULL &&
	    config_account_find(cfg, it->account) == NULL);
}

void
runstate_release(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, HELD_FILE);
	if (unlink(path) == 0)
		atomicfile_sync_dir(dir);
}

/* runner.log, moved to runner.log.old first when len would overfill it. */
static int
log_open(const char *dir, size_t len)
{
	struct op_err e = { 0 };
	struct stat   st;
	char	      path[4096], old[4200];
	int	      fd;

	fd = open_own(dir, LOG_FILE, O_WRONLY | O_APPEND | O_CREAT, &e);
	if (fd == -1 || fstat(fd, &st) == -1 ||
	    (size_t)st.st_size + len <= RUNSTATE_LOG_MAX)
		return (fd);
	close(fd);
	snprintf(path, sizeof path, "%s/%s", dir, LOG_FILE);
	snprintf(old, sizeof old, "%s.old", path);
	if (rename(path, old) == -1)
		return (-1);
	return (open_own(dir, LOG_FILE, O_WRONLY | O_APPEND | O_CREAT, &e));
}

void
runstate_log(const char *dir, const char *fmt, ...)
{
	char	when[ISOTIME_LEN], text[1024], *line, *all;
	va_list ap;
	int	fd;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	isotime_format(time(NULL), when);
	line = outbox_one_line(text);
	xasprintf(&all, "%s pid %ld: %s\n", when, (long)getpid(), line);
	/* Best effort: a line that cannot be written is lost, not fatal. */
	if ((fd = log_open(dir, strlen(all))) != -1) {
		atomicfile_write_all(fd, all, strlen(all));
		close(fd);
	}
	free(all);
	free(line);
}
