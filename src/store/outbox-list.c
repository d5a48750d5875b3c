/*
 * outbox-list.c -- finding outbox items: listing queue/ and sent/ (and
 * settling on the way what crashes left: lone files, "sending" items of
 * a process that is gone, half-done moves to sent/, damaged items),
 * looking an item up by id or unique prefix, and taking an item for one
 * of the user's actions.
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

#include "store/outbox-int.h"
#include "base/trust.h"
#include "base/xmalloc.h"

#define WHY_LONE_EML                                     \
	"incomplete enqueue (no envelope): the message " \
	"was never confirmed as queued"
#define WHY_LONE_SENT "a message in sent/ without its envelope"

/*
 * An item in queue/, as listed: validated, and what a crash left settled
 * under the lock.  A "sending" item whose lock is held is returned as it
 * is.  Errors: OP_ENOTFOUND (gone or sent), OP_EDAMAGED (damaged, moved),
 * OP_ELOCKED (in the middle of a change), OP_EIO.
 */
static int
queue_get(struct outbox *ob, const char *id, struct outbox_item *it,
    struct outbox_dlist *dl, struct op_err *err)
{
	struct outbox_item old;
	int		   fd, r;

	r = outbox_load_from(ob, ob->queuefd, id, it, err);
	if (r == 0 && it->state != OUTBOX_SENDING && it->state != OUTBOX_SENT)
		return (0);
	if (r == -1 && err->code != OP_EDAMAGED)
		return (-1);
	if (r == 0)
		old = *it;
	if (outbox_lock_item(ob, id, &fd, it, dl, err) == 0) {
		outbox_unlock(fd);
		if (r == 0)
			outbox_item_free(&old);
		return (0);
	}
	if (r == 0 && err->code == OP_ELOCKED && old.state == OUTBOX_SENDING) {
		*it = old;
		return (0);
	}
	if (r == 0)
		outbox_item_free(&old);
	return (-1);
}

/* An item in sent/.  Errors: OP_ENOTFOUND, OP_EDAMAGED, OP_EIO. */
static int
sent_get(struct outbox *ob, const char *id, struct outbox_item *it,
    struct op_err *err)
{
	if (outbox_load_from(ob, ob->sentfd, id, it, err) == 0) {
		if (it->state == OUTBOX_SENT)
			return (0);
		op_err_set(err, OP_EDAMAGED,
		    "%s.env: in sent/ but its state is %s", id,
		    outbox_state_name(it->state));
		outbox_item_free(it);
	} else if (err->code != OP_EDAMAGED)
		return (-1);
	return (outbox_damage_err(ob, ob->sentfd, id, NULL, err));
}

/*
 * An .eml without its .env: an enqueue under way (its flock is held),
 * one that crashed, a move to sent/ half done, or a delete cut short.
 */
static int
lone_eml(struct outbox *ob, int dirfd, const char *id, struct outbox_dlist *dl,
    struct op_err *err)
{
	char name[OUTBOX_NAME_LEN];
	int  fd, r = 0;

	snprintf(name, sizeof name, "%s.eml", id);
	if ((fd = openat(dirfd, name,
		 O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) == -1)
		return (0);
	/* queue/ first: a move to sent/ takes the .env from there. */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
	    !outbox_exists(ob->queuefd, id, ".env") &&
	    !outbox_exists(dirfd, id, ".env")) {
		if (outbox_exists(ob->tmpfd, id, ".deleted"))
			r = outbox_remove_rest(ob, dirfd, id, err);
		else
			r = outbox_damage_move(ob, dirfd, id,
			    dirfd == ob->queuefd ? WHY_LONE_EML :
						   WHY_LONE_SENT,
			    dl, err);
	}
	close(fd);
	return (r);
}

/* A lock file left behind by an item that has left the queue. */
static void
lone_lock(struct outbox *ob, const char *id)
{
	char name[OUTBOX_NAME_LEN];
	int  fd;

	snprintf(name, sizeof name, "%s.lock", id);
	if ((fd = openat(ob->queuefd, name,
		 O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) == -1)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
	    !outbox_exists(ob->queuefd, id, ".env") &&
	    !outbox_exists(ob->queuefd, id, ".eml"))
		unlinkat(ob->queuefd, name, 0);
	close(fd);
}

static int
item_cmp(const void *a, const void *b)
{
	const struct outbox_item *x = a, *y = b;

	if (x->created != y->created)
		return (x->created < y->created ? -1 : 1);
	return (strcmp(x->id, y->id));
}

/* A listing: where, and what it may leave unread (0: nothing). */
struct list {
	int		     dirfd;
	time_t		     until;
	struct outbox_dlist *dl; /* NULL: damage not reported */
};

/* An envelope stamped not due before a time after the listing's until. */
static int
not_due(const struct list *l, const char *name)
{
	struct stat st;

	return (l->until != 0 &&
	    fstatat(l->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && outbox_stamp_skips(&st, l->until));
}

/* One name in a directory listing: an item, or debris to settle. */
static int
list_one(struct outbox *ob, struct list *l, const struct outbox_names *nm,
    const char *name, struct outbox_item **v, size_t *n, struct op_err *err)
{
	struct outbox_item   it;
	struct outbox_dlist *dl = l->dl;
	char		     id[OUTBOX_IDLEN];
	const char	    *ext;
	int		     dirfd = l->dirfd, r;

	if ((ext = outbox_split_name(name, id)) == NULL)
		return (0);
	if (strcmp(ext, ".env") == 0) {
		if (not_due(l, name))
			return (0);
		if (dirfd == ob->queuefd)
			r = queue_get(ob, id, &it, dl, err);
		else
			r = sent_get(ob, id, &it, err);
		if (r == -1)
			return (err->code == OP_EIO ? -1 : 0);
		/* Room doubles at each power of two (10,000 items: 14). */
		if ((*n & (*n - 1)) == 0)
			*v = xreallocarray(*v, *n == 0 ? 1 : 2 * *n,
			    sizeof **v);
		(*v)[(*n)++] = it;
	} else if (strcmp(ext, ".eml") == 0 &&
	    !outbox_names_has(nm, id, ".env"))
		return (lone_eml(ob, dirfd, id, dl, err));
	else if (strcmp(ext, ".lock") == 0 && dirfd == ob->queuefd &&
	    !outbox_names_has(nm, id, ".env") &&
	    !outbox_names_has(nm, id, ".eml"))
		lone_lock(ob, id);
	return (0);
}

static int
list_dir(struct outbox *ob, struct list *l, struct outbox_item **itemsp,
    size_t *np, struct op_err *err)
{
	struct outbox_names nm;
	struct outbox_item *v = NULL;
	struct op_err	    e;
	size_t		    i, n = 0;
	int		    r = 0;

	if (outbox_scan(ob, l->dirfd, &nm, err) == -1)
		return (-1);
	for (i = 0; r == 0 && i < nm.n; i++)
		r = list_one(ob, l, &nm, nm.v[i], &v, &n, &e);
	outbox_names_free(&nm);
	if (r == -1) {
		outbox_items_free(v, n);
		*err = e;
		return (-1);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, item_cmp);
	*itemsp = v;
	*np = n;
	return (0);
}

int
outbox_list_due(struct outbox *ob, time_t until, struct outbox_item **itemsp,
    size_t *np, struct outbox_damage **dmgp, size_t *ndmgp, struct op_err *err)
{
	struct outbox_dlist dl = { NULL, 0 };
	struct list	    l = { ob->queuefd, until, &dl };

	if (list_dir(ob, &l, itemsp, np, err) == -1) {
		outbox_damage_free(dl.v, dl.n);
		return (-1);
	}
	if (dmgp != NULL && ndmgp != NULL) {
		*dmgp = dl.v;
		*ndmgp = dl.n;
	} else
		outbox_damage_free(dl.v, dl.n);
	return (0);
}

int
outbox_list(struct outbox *ob, struct outbox_item **itemsp, size_t *np,
    struct outbox_damage **dmgp, size_t *ndmgp, struct op_err *err)
{
	return (outbox_list_due(ob, 0, itemsp, np, dmgp, ndmgp, err));
}

int
outbox_list_sent(struct outbox *ob, struct outbox_item **itemsp, size_t *np,
    struct op_err *err)
{
	struct list l = { ob->sentfd, 0, NULL };

	return (list_dir(ob, &l, itemsp, np, err));
}

/* outbox_count_queue's fn: one more for each ID.env. */
static void
count_env(void *arg, const char *name)
{
	char	    id[OUTBOX_IDLEN];
	const char *ext;

	if ((ext = outbox_split_name(name, id)) != NULL &&
	    strcmp(ext, ".env") == 0)
		(*(size_t *)arg)++;
}

/*
 * queue/'s count is kept in OUTBOX/queue-count, "SEC NSEC N": queue/'s
 * modification time when it was counted, and the count.  Every item
 * added, removed or rewritten is a rename in queue/, which sets that
 * time, so the same time means the same count -- except that file times
 * are coarse, and a change in the same tick as the count leaves the time
 * as it was: a count is kept, and believed, only when taken at least
 * COUNT_RACY seconds after queue/'s time.  A cache, never the truth:
 * written without fsync, a file of another owner or a line that does not
 * parse is ignored, and anything off means a count of the directory.
 */
#define COUNT_FILE "queue-count"
#define COUNT_RACY 2
#define COUNT_LINE 80

/* The kept count, if it was taken for queue/'s time q and long after it. */
static int
count_kept(struct outbox *ob, const struct timespec *q, size_t *np)
{
	char		   line[COUNT_LINE];
	struct stat	   st;
	long long	   sec, nsec;
	unsigned long long n;
	FILE		  *f;
	int		   ok;

	if ((f = trust_fopen(ob->dir, COUNT_FILE, &st)) == NULL)
		return (0);
	ok = fgets(line, sizeof line, f) != NULL &&
	    sscanf(line, "%lld %lld %llu", &sec, &nsec, &n) == 3 &&
	    sec == (long long)q->tv_sec && nsec == (long long)q->tv_nsec &&
	    st.st_mtim.tv_sec - q->tv_sec >= COUNT_RACY;
	fclose(f);
	if (ok)
		*np = (size_t)n;
	return (ok);
}

/* Keep n as queue/'s count at time q (best effort, and only if believable). */
static void
count_keep(struct outbox *ob, const struct timespec *q, size_t n)
{
	char path[4096], tmp[64], line[COUNT_LINE];
	int  fd, len, ok;

	if (time(NULL) - q->tv_sec < COUNT_RACY)
		return;
	snprintf(path, sizeof path, "%s/%s", ob->dir, COUNT_FILE);
	snprintf(tmp, sizeof tmp, "%s.%ld", COUNT_FILE, (long)getpid());
	len = snprintf(line, sizeof line, "%lld %lld %zu\n",
	    (long long)q->tv_sec, (long long)q->tv_nsec, n);
	fd = openat(ob->tmpfd, tmp,
	    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1)
		return;
	ok = write(fd, line, (size_t)len) == len;
	if (close(fd) != 0 || !ok ||
	    renameat(ob->tmpfd, tmp, AT_FDCWD, path) != 0)
		unlinkat(ob->tmpfd, tmp, 0);
}

int
outbox_count_queue(struct outbox *ob, size_t *np, struct op_err *err)
{
	struct stat st;
	int	    timed;

	timed = fstat(ob->queuefd, &st) == 0;
	if (timed && count_kept(ob, &st.st_mtim, np))
		return (0);
	*np = 0;
	if (outbox_scan_each(ob, ob->queuefd, count_env, np, err) == -1)
		return (-1);
	if (timed)
		count_keep(ob, &st.st_mtim, *np);
	return (0);
}

/* The full id for an id or a unique prefix of one (queue/ or sent/). */
static int
resolve(struct outbox *ob, const char *prefix, char *id, struct op_err *err)
{
	int		    dirs[2] = { ob->queuefd, ob->sentfd };
	struct outbox_names nm;
	char		    cand[OUTBOX_IDLEN];
	const char	   *ext;
	size_t		    i, j, plen = strlen(prefix), found = 0, exact = 0;

	if (!outbox_id_valid(prefix))
		return (outbox_bad_id(prefix, err));
	for (j = 0; j < 2 && !exact; j++) {
		if (outbox_scan(ob, dirs[j], &nm, err) == -1)
			return (-1);
		for (i = 0; i < nm.n && !exact; i++) {
			if ((ext = outbox_split_name(nm.v[i], cand)) == NULL ||
			    strcmp(ext, ".env") != 0 ||
			    strncmp(cand, prefix, plen) != 0 ||
			    (found > 0 && strcmp(cand, id) == 0))
				continue;
			exact = strcmp(cand, prefix) == 0;
			if (found++ == 0 || exact)
				memcpy(id, cand, sizeof cand);
		}
		outbox_names_free(&nm);
	}
	if (found == 0)
		return (op_err_set(err, OP_ENOTFOUND,
		    "no item %s in the outbox", prefix));
	if (found > 1 && !exact)
		return (op_err_set(err, OP_EINVAL,
		    "%s is ambiguous: more than one item starts with it",
		    prefix));
	return (0);
}

int
outbox_load(struct outbox *ob, const char *prefix, struct outbox_item *it,
    struct op_err *err)
{
	char	      id[OUTBOX_IDLEN];
	struct op_err e;

	if (resolve(ob, prefix, id, err) == -1)
		return (-1);
	if (queue_get(ob, id, it, NULL, &e) == 0)
		return (0);
	if (e.code == OP_ENOTFOUND && sent_get(ob, id, it, &e) == 0)
		return (0);
	*err = e;
	return (-1);
}

int
outbox_user_lock(struct outbox *ob, const char *prefix, struct outbox_item *it,
    int *fdp, struct op_err *err)
{
	char	      id[OUTBOX_IDLEN];
	struct op_err e;

	*fdp = -1;
	if (resolve(ob, prefix, id, err) == -1)
		return (-1);
	if (outbox_lock_item(ob, id, fdp, it, NULL, &e) == 0)
		return (0);
	if (e.code == OP_ELOCKED)
		return (op_err_set(err, OP_ELOCKED,
		    "%s is being sent by another outpost process; try again when it is done",
		    id));
	if (e.code == OP_ENOTFOUND && sent_get(ob, id, it, &e) == 0)
		return (0);
	*err = e;
	return (-1);
}
