/*
 * outbox.c -- the outbox store (see outbox.h): enqueue, validation on
 * every load with damaged items moved aside, saving an envelope,
 * flock(2) on queue/ID.lock, crash recovery, filing a sent item,
 * removing one, and reading its message.  What each crash point leaves
 * and what the next listing (or lock, or load) makes of it is the table
 * in HACKING.md ("Crash consistency").  Files are written by
 * outbox-fs.c, the envelope text is outbox-env.c's; the transitions are
 * outbox-act.c's (the layers: outbox-int.h).
 */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/atomicfile.h"
#include "store/outbox-int.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define WHY_LOST                                         \
	"the connection was lost after the message was " \
	"sent; it may have been delivered"
#define WHY_CUT                                          \
	"the previous attempt was cut short before the " \
	"message was sent"

/* One field of a new message: UTF-8, one line, maybe no spaces. */
static int
check_field(const char *what, const char *v, int text, struct op_err *err)
{
	const char *p;

	if (v == NULL || (*v == '\0' && !text))
		return (op_err_set(err, OP_EINVAL, "the %s is empty", what));
	if (!utf8_valid(v, strlen(v)))
		return (op_err_set(err, OP_EINVAL, "the %s is not UTF-8 text",
		    what));
	for (p = v; *p != '\0'; p++) {
		if (((unsigned char)*p < 0x20 && (*p != '\t' || !text)) ||
		    *p == 0x7f)
			return (op_err_set(err, OP_EINVAL,
			    "the %s contains a line break or control character",
			    what));
		if (*p == ' ' && !text)
			return (op_err_set(err, OP_EINVAL,
			    "the %s \"%.60s\" contains a space", what, v));
	}
	return (0);
}

static int
enqueue_args(const char *from, char *const *rcpts, size_t n,
    const char *subject, const char *message_id, struct op_err *err)
{
	size_t i;

	if (check_field("sender address", from, 0, err) == -1)
		return (-1);
	if (n == 0)
		return (op_err_set(err, OP_EINVAL,
		    "the message has no recipient"));
	for (i = 0; i < n; i++) {
		if (check_field("recipient address", rcpts[i], 0, err) == -1)
			return (-1);
	}
	if (subject != NULL && check_field("subject", subject, 1, err) == -1)
		return (-1);
	if (message_id != NULL &&
	    check_field("Message-ID", message_id, 0, err) == -1)
		return (-1);
	return (0);
}

static int
new_item(const char *from, char *const *rcpts, size_t n, const char *subject,
    const char *message_id, size_t len, struct outbox_item *it,
    struct op_err *err)
{
	struct timespec ts;
	size_t		i;

	memset(it, 0, sizeof *it);
	clock_gettime(CLOCK_REALTIME, &ts);
	it->created = ts.tv_sec;
	if (outbox_id_new(&ts, it->id, err) == -1)
		return (-1);
	it->state = OUTBOX_QUEUED;
	it->phase = OUTBOX_PHASE_NONE;
	it->from = xstrdup(from);
	it->rcpts = xreallocarray(NULL, n, sizeof *it->rcpts);
	for (i = 0; i < n; i++)
		it->rcpts[i] = xstrdup(rcpts[i]);
	it->nrcpts = n;
	it->subject = subject != NULL ? xstrdup(subject) : NULL;
	it->message_id = message_id != NULL ? xstrdup(message_id) : NULL;
	it->size = len;
	return (0);
}

/* queue/ID.lock, new, held. */
static int
create_lock(struct outbox *ob, const char *id, int *fdp, struct op_err *err)
{
	char name[OUTBOX_NAME_LEN];
	int  fd, e;

	snprintf(name, sizeof name, "%s.lock", id);
	if ((fd = openat(ob->queuefd, name,
		 O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		 0600)) == -1)
		return (outbox_io_err(err, errno, "cannot create %s/queue/%s",
		    ob->dir, name));
	if (fchmod(fd, 0600) == -1 || flock(fd, LOCK_EX | LOCK_NB) == -1) {
		e = errno;
		close(fd);
		unlinkat(ob->queuefd, name, 0);
		return (outbox_io_err(err, e, "cannot lock %s/queue/%s",
		    ob->dir, name));
	}
	*fdp = fd;
	return (0);
}

/*
 * The .eml goes first (under a flock until the end, so that listing
 * tells this enqueue from a crashed one), then the lock, then the .env:
 * the commit point.  On failure nothing stays in queue/.
 */
static int
enqueue_files(struct outbox *ob, const struct outbox_item *it,
    outbox_fill fill, void *arg, struct op_err *err)
{
	char	    name[OUTBOX_NAME_LEN];
	const char *ext[] = { ".env", ".lock", ".eml" };
	int	    emlfd = -1, lockfd = -1, r = -1;
	size_t	    i;

	snprintf(name, sizeof name, "%s.eml", it->id);
	if (outbox_tmp_fill(ob, name, it->size, fill, arg, &emlfd, err) == -1)
		return (-1);
	if (flock(emlfd, LOCK_EX | LOCK_NB) == -1) {
		outbox_io_err(err, errno, "cannot lock %s/tmp/%s", ob->dir,
		    name);
		unlinkat(ob->tmpfd, name, 0);
	} else if (outbox_tmp_commit(ob, name, ob->queuefd, err) == 0 &&
	    create_lock(ob, it->id, &lockfd, err) == 0)
		r = outbox_save(ob, it, err);
	if (r == -1) {
		for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
			snprintf(name, sizeof name, "%s%s", it->id, ext[i]);
			unlinkat(ob->queuefd, name, 0);
		}
		fsync(ob->queuefd);
	}
	if (lockfd != -1)
		close(lockfd);
	close(emlfd);
	return (r);
}

int
outbox_enqueue(struct outbox *ob, const char *data, size_t len,
    const char *from, char *const *rcpts, size_t nrcpts, const char *subject,
    const char *message_id, struct outbox_item *item, struct op_err *err)
{
	return (outbox_enqueue_body(ob, data, len, from, rcpts, nrcpts,
	    subject, message_id, 0, item, err));
}

int
outbox_enqueue_body(struct outbox *ob, const char *data, size_t len,
    const char *from, char *const *rcpts, size_t nrcpts, const char *subject,
    const char *message_id, unsigned body, struct outbox_item *item,
    struct op_err *err)
{
	struct atomicfile_mem m = { data, len };
	struct outbox_extra   x = { body, NULL, 0, NULL, 0, NULL };

	return (outbox_enqueue_stream(ob, len, atomicfile_mem_fill, &m, from,
	    rcpts, nrcpts, subject, message_id, &x, item, err));
}

int
outbox_enqueue_stream(struct outbox *ob, size_t len, outbox_fill fill,
    void *arg, const char *from, char *const *rcpts, size_t nrcpts,
    const char *subject, const char *message_id, const struct outbox_extra *x,
    struct outbox_item *item, struct op_err *err)
{
	static const struct outbox_extra none;
	const struct outbox_dsn		*dsn;
	struct outbox_item		 it;
	size_t				 i;
	int				 tries;

	if (x == NULL)
		x = &none;
	dsn = x->dsn;
	if (enqueue_args(from, rcpts, nrcpts, subject, message_id, err) == -1)
		return (-1);
	if (dsn != NULL && dsn->envid != NULL &&
	    !outbox_envid_valid(dsn->envid))
		return (op_err_set(err, OP_EINVAL,
		    "the envelope id must be 1 to 100 printable ASCII characters"));
	for (tries = 0;; tries++) {
		if (new_item(from, rcpts, nrcpts, subject, message_id, len,
			&it, err) == -1)
			return (-1);
		it.body = x->body;
		it.bcc = x->nbcc > 0 ?
		    xreallocarray(NULL, x->nbcc, sizeof *it.bcc) :
		    NULL;
		for (i = 0; i < x->nbcc; i++)
			it.bcc[i] = xstrdup(x->bcc[i]);
		it.nbcc = x->nbcc;
		it.next_attempt = x->due;
		it.account = x->account != NULL ? xstrdup(x->account) : NULL;
		if (dsn != NULL) {
			it.dsn = *dsn;
			if (dsn->envid != NULL)
				it.dsn.envid = xstrdup(dsn->envid);
		}
		if (!outbox_exists(ob->queuefd, it.id, ".eml") &&
		    !outbox_exists(ob->sentfd, it.id, ".env") &&
		    !outbox_exists(ob->tmpfd, it.id, ".eml"))
			break;
		outbox_item_free(&it);
		if (tries == 8)
			return (op_err_set(err, OP_EIO,
			    "cannot find a free outbox id"));
	}
	if (enqueue_files(ob, &it, fill, arg, err) == -1) {
		outbox_item_free(&it);
		return (-1);
	}
	*item = it;
	return (0);
}

/* The whole envelope DIR/NAME (allocated).  Errors as outbox_load_from. */
static int
read_env(struct outbox *ob, int dirfd, const char *name, char **bufp,
    size_t *lenp, struct op_err *err)
{
	struct stat st;
	int	    fd, e;

	if ((fd = outbox_open_file(ob, dirfd, name, &st, err)) == -1)
		return (-1);
	if (st.st_size > OUTBOX_ENV_MAX)
		e = EFBIG;
	else
		e = atomicfile_read_fd(fd, (size_t)st.st_size, bufp, lenp);
	close(fd);
	if (e == EFBIG)
		return (op_err_set(err, OP_EDAMAGED,
		    "%s: too large for an envelope", name));
	if (e != 0)
		return (outbox_io_err(err, e, "cannot read %s/%s/%s", ob->dir,
		    outbox_dname(ob, dirfd), name));
	return (0);
}

/* DIR/ID.eml (or, for an item being filed as sent, sent/ID.eml) is
 * a regular file of the user's of the size the envelope says. */
static int
check_eml(struct outbox *ob, int dirfd, const struct outbox_item *it,
    struct op_err *err)
{
	char	    name[OUTBOX_NAME_LEN];
	struct stat st;
	int	    r;

	snprintf(name, sizeof name, "%s.eml", it->id);
	r = outbox_stat_file(ob, dirfd, name, &st, err);
	if (r == -1 && err->code == OP_ENOTFOUND && dirfd == ob->queuefd &&
	    it->state == OUTBOX_SENT)
		r = outbox_stat_file(ob, ob->sentfd, name, &st, err);
	if (r == -1) {
		if (err->code == OP_ENOTFOUND)
			err->code = OP_EDAMAGED;
		return (-1);
	}
	if ((size_t)st.st_size != it->size)
		return (op_err_set(err, OP_EDAMAGED,
		    "%s is %lld bytes but %s.env says %zu", name,
		    (long long)st.st_size, it->id, it->size));
	return (0);
}

int
outbox_load_from(struct outbox *ob, int dirfd, const char *id,
    struct outbox_item *it, struct op_err *err)
{
	char   name[OUTBOX_NAME_LEN], *buf;
	size_t len;
	int    r;

	snprintf(name, sizeof name, "%s.env", id);
	if (read_env(ob, dirfd, name, &buf, &len, err) == -1) {
		if (err->code == OP_ENOTFOUND)
			op_err_set(err, OP_ENOTFOUND,
			    "no item %s in the outbox", id);
		return (-1);
	}
	r = outbox_env_parse(id, buf, len, it, err);
	free(buf);
	if (r == -1)
		return (-1);
	if (check_eml(ob, dirfd, it, err) == -1) {
		outbox_item_free(it);
		return (-1);
	}
	return (0);
}

int
outbox_moved_aside(struct outbox *ob, const char *id, const char *why,
    struct op_err *err)
{
	return (op_err_set(err, OP_EDAMAGED,
	    "%s is damaged and was moved to %s/damaged/: %s", id, ob->dir,
	    why));
}

int
outbox_damage_move(struct outbox *ob, int dirfd, const char *id,
    const char *why, struct outbox_dlist *dl, struct op_err *err)
{
	static const char *const ext[] = { ".eml", ".env", ".lock" };
	char   base[OUTBOX_IDLEN + 8], name[OUTBOX_NAME_LEN], *text;
	size_t i;
	int    n, r;

	snprintf(base, sizeof base, "%s", id);
	for (n = 2; n < 1000 &&
	     (outbox_exists(ob->damagedfd, base, ".why") ||
		 outbox_exists(ob->damagedfd, base, ".env") ||
		 outbox_exists(ob->damagedfd, base, ".eml"));
	     n++)
		snprintf(base, sizeof base, "%s-%d", id, n);
	snprintf(name, sizeof name, "%s.why", base);
	xasprintf(&text, "%s\n", why);
	r = outbox_put_file(ob, ob->damagedfd, name, text, strlen(text), err);
	free(text);
	for (i = 0; r == 0 && i < sizeof ext / sizeof ext[0]; i++)
		r = outbox_move(ob, dirfd, ob->damagedfd, id, ext[i], base,
		    err);
	if (r == 0 && (r = outbox_dir_sync(ob, ob->damagedfd, err)) == 0)
		r = outbox_dir_sync(ob, dirfd, err);
	if (r == 0 && dl != NULL) {
		dl->v = xreallocarray(dl->v, dl->n + 1, sizeof *dl->v);
		snprintf(dl->v[dl->n].id, sizeof dl->v[dl->n].id, "%s", id);
		dl->v[dl->n++].why = xstrdup(why);
	}
	return (r);
}

static int
move_synced(struct outbox *ob, const char *id, const char *ext,
    struct op_err *err)
{
	if (outbox_move(ob, ob->queuefd, ob->sentfd, id, ext, id, err) == -1 ||
	    outbox_dir_sync(ob, ob->sentfd, err) == -1)
		return (-1);
	return (outbox_dir_sync(ob, ob->queuefd, err));
}

int
outbox_finish_sent(struct outbox *ob, const char *id, struct op_err *err)
{
	char name[OUTBOX_NAME_LEN];

	if (move_synced(ob, id, ".eml", err) == -1 ||
	    move_synced(ob, id, ".env", err) == -1)
		return (-1);
	snprintf(name, sizeof name, "%s.lock", id);
	unlinkat(ob->queuefd, name, 0);
	return (0);
}

int
outbox_remove_rest(struct outbox *ob, int dirfd, const char *id,
    struct op_err *err)
{
	static const char *const ext[] = { ".eml", ".lock" };
	char			 name[OUTBOX_NAME_LEN];
	size_t			 i;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(name, sizeof name, "%s%s", id, ext[i]);
		if (unlinkat(dirfd, name, 0) == -1 && errno != ENOENT)
			return (
			    outbox_io_err(err, errno, "cannot remove %s/%s/%s",
				ob->dir, outbox_dname(ob, dirfd), name));
	}
	snprintf(name, sizeof name, "%s.deleted", id);
	unlinkat(ob->tmpfd, name, 0);
	return (outbox_dir_sync(ob, dirfd, err));
}

int
outbox_remove_item(struct outbox *ob, int dirfd, const char *id,
    struct op_err *err)
{
	char src[OUTBOX_NAME_LEN], dst[OUTBOX_NAME_LEN];

	snprintf(src, sizeof src, "%s.env", id);
	snprintf(dst, sizeof dst, "%s.deleted", id);
	if (renameat(dirfd, src, ob->tmpfd, dst) == -1)
		return (outbox_io_err(err, errno, "cannot remove %s/%s/%s",
		    ob->dir, outbox_dname(ob, dirfd), src));
	if (outbox_dir_sync(ob, dirfd, err) == -1)
		return (-1);
	return (outbox_remove_rest(ob, dirfd, id, err));
}

/* An item left "sending" by a process that is gone (its lock is free). */
static int
recover(struct outbox *ob, struct outbox_item *it, struct op_err *err)
{
	int data = it->phase == OUTBOX_PHASE_DATA;

	it->state = data ? OUTBOX_UNCERTAIN : OUTBOX_QUEUED;
	free(it->last_error);
	it->last_error = xstrdup(data ? WHY_LOST : WHY_CUT);
	return (outbox_save(ob, it, err));
}

int
outbox_damage_err(struct outbox *ob, int dirfd, const char *id,
    struct outbox_dlist *dl, struct op_err *err)
{
	char why[OP_ERR_MSG];

	snprintf(why, sizeof why, "%s", err->msg);
	if (outbox_damage_move(ob, dirfd, id, why, dl, err) == -1)
		return (-1);
	return (outbox_moved_aside(ob, id, why, err));
}

/* Read queue/ID again under its lock and settle what a crash left. */
static int
settle(struct outbox *ob, const char *id, struct outbox_item *it,
    struct outbox_dlist *dl, struct op_err *err)
{
	if (outbox_load_from(ob, ob->queuefd, id, it, err) == -1) {
		if (err->code != OP_EDAMAGED)
			return (-1);
		return (outbox_damage_err(ob, ob->queuefd, id, dl, err));
	}
	if (it->state == OUTBOX_SENT) {
		outbox_item_free(it);
		if (outbox_finish_sent(ob, id, err) == -1)
			return (-1);
		return (op_err_set(err, OP_ENOTFOUND, "%s has been sent", id));
	}
	if (it->state == OUTBOX_SENDING && recover(ob, it, err) == -1) {
		outbox_item_free(it);
		return (-1);
	}
	return (0);
}

int
outbox_flock_in(struct outbox *ob, int dirfd, const char *folder,
    const char *id, struct outbox_dlist *dl, struct op_err *err)
{
	int fd, e;

	if ((fd = outbox_open_lock(ob, dirfd, id, err)) == -1)
		return (err->code == OP_EDAMAGED ?
			outbox_damage_err(ob, dirfd, id, dl, err) :
			-1);
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return (fd);
	e = errno;
	close(fd);
	if (e == EWOULDBLOCK)
		return (op_err_set(err, OP_ELOCKED,
		    "%s is held by another outpost process", id));
	return (outbox_io_err(err, e, "cannot lock %s/%s/%s.lock", ob->dir,
	    folder, id));
}

int
outbox_lock_item(struct outbox *ob, const char *id, int *fdp,
    struct outbox_item *it, struct outbox_dlist *dl, struct op_err *err)
{
	char	    name[OUTBOX_NAME_LEN];
	struct stat a, b;
	int	    fd;

	if (!outbox_exists(ob->queuefd, id, ".env"))
		return (op_err_set(err, OP_ENOTFOUND,
		    "no item %s in the queue", id));
	if ((fd = outbox_flock_in(ob, ob->queuefd, "queue", id, dl, err)) ==
	    -1) {
		if (err->code == OP_ELOCKED)
			op_err_set(err, OP_ELOCKED,
			    "%s is being sent by another outpost process", id);
		return (-1);
	}
	snprintf(name, sizeof name, "%s.lock", id);
	if (fstat(fd, &a) == -1 ||
	    fstatat(ob->queuefd, name, &b, AT_SYMLINK_NOFOLLOW) == -1 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
		close(fd);
		return (op_err_set(err, OP_ENOTFOUND, "%s has left the queue",
		    id));
	}
	if (settle(ob, id, it, dl, err) == -1) {
		close(fd);
		return (-1);
	}
	*fdp = fd;
	return (0);
}

int
outbox_lock(struct outbox *ob, struct outbox_item *item, int *fdp,
    struct op_err *err)
{
	struct outbox_item fresh;

	if (!outbox_id_valid(item->id))
		return (outbox_bad_id(item->id, err));
	if (outbox_lock_item(ob, item->id, fdp, &fresh, NULL, err) == -1)
		return (-1);
	outbox_item_free(item);
	*item = fresh;
	return (0);
}

void
outbox_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/*
 * The new envelope's mtime is its stamp, set before the rename that puts
 * it in place: the stamp is never newer than the file's contents.  Not
 * covered by the file's fsync, a stamp lost in a crash (or refused by
 * the file system) costs only a read, never a skip.
 */
static void
stamp(struct outbox *ob, const char *name, const struct outbox_item *it)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, 0 } };

	if ((ts[1].tv_sec = outbox_stamp(it)) != 0)
		(void)utimensat(ob->tmpfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

int
outbox_save_in(struct outbox *ob, int dirfd, const char *where,
    const struct outbox_item *it, struct op_err *err)
{
	char   name[OUTBOX_NAME_LEN], *buf;
	size_t len;
	int    r;

	/* Never bring back an item that has left the folder. */
	if (!outbox_exists(dirfd, it->id, ".eml"))
		return (op_err_set(err, OP_ENOTFOUND, "%s is no longer in %s",
		    it->id, where));
	snprintf(name, sizeof name, "%s.env", it->id);
	buf = outbox_env_format(it, &len);
	r = outbox_tmp_fill(ob, name, len, atomicfile_mem_fill,
	    &(struct atomicfile_mem){ buf, len }, NULL, err);
	free(buf);
	if (r == -1)
		return (-1);
	stamp(ob, name, it);
	return (outbox_tmp_commit(ob, name, dirfd, err));
}

int
outbox_save(struct outbox *ob, const struct outbox_item *it,
    struct op_err *err)
{
	if (!outbox_id_valid(it->id))
		return (outbox_bad_id(it->id, err));
	return (outbox_save_in(ob, ob->queuefd, "the queue", it, err));
}

/*
 * queue/ID.eml, else sent/ID.eml, opened as outbox_open_file opens it and of
 * the size the item says.  Errors: OP_ENOTFOUND, OP_EDAMAGED, OP_EIO.
 */
static int
open_eml(struct outbox *ob, const struct outbox_item *it, struct op_err *err)
{
	struct stat st;
	char	    name[OUTBOX_NAME_LEN];
	int	    fd, dirfd = ob->queuefd;

	if (!outbox_id_valid(it->id))
		return (outbox_bad_id(it->id, err));
	snprintf(name, sizeof name, "%s.eml", it->id);
	fd = outbox_open_file(ob, dirfd, name, &st, err);
	if (fd == -1 && err->code == OP_ENOTFOUND) {
		dirfd = ob->sentfd;
		fd = outbox_open_file(ob, dirfd, name, &st, err);
	}
	if (fd == -1 && err->code == OP_ENOTFOUND)
		return (op_err_set(err, OP_ENOTFOUND,
		    "the message of %s is gone", it->id));
	if (fd != -1 && (size_t)st.st_size != it->size) {
		close(fd);
		return (op_err_set(err, OP_EIO,
		    "%s/%s/%s has changed since it was queued", ob->dir,
		    outbox_dname(ob, dirfd), name));
	}
	return (fd);
}

int
outbox_open_message(struct outbox *ob, const struct outbox_item *it, int *fdp,
    struct op_err *err)
{
	int fd;

	if ((fd = open_eml(ob, it, err)) == -1)
		return (-1);
	*fdp = fd;
	return (0);
}

int
outbox_read_message(struct outbox *ob, const struct outbox_item *it,
    char **bufp, size_t *lenp, struct op_err *err)
{
	int fd, e;

	if ((fd = open_eml(ob, it, err)) == -1)
		return (-1);
	e = atomicfile_read_fd(fd, it->size, bufp, lenp);
	close(fd);
	if (e == 0 && *lenp != it->size) {
		free(*bufp);
		return (op_err_set(err, OP_EIO,
		    "the message of %s has changed since it was queued",
		    it->id));
	}
	if (e != 0)
		return (outbox_io_err(err, e, "cannot read the message of %s",
		    it->id));
	return (0);
}
