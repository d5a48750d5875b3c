/*
 * test-outbox-count.c -- how many items the outbox holds and which are
 * due, without reading them all: queue/'s names against a listing (also
 * after kill -9 at 40 moments), the count kept with queue/'s time, and
 * the envelopes' mtime stamps that let a flush skip what is not due.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/outbox.h"
#include "tap.h"
#include "testutil.h"
#include "outboxtest.h"

/* Unsent by a listing, then queue/'s names after it: they agree. */
static size_t
listed_unsent(struct outbox *ob, size_t *after)
{
	struct outbox_item   *v;
	struct outbox_damage *d;
	struct op_err	      err = { 0 };
	size_t		      n, nd, unsent;

	must(outbox_list(ob, &v, &n, &d, &nd, &err) == 0, "list", &err);
	unsent = outbox_count_unsent(v, n);
	outbox_items_free(v, n);
	outbox_damage_free(d, nd);
	must(outbox_count_queue(ob, after, &err) == 0, "count", &err);
	return (unsent);
}

/* outbox_count_queue: the directory's names, at each crash point. */
static void
test_count_queue(void)
{
	struct outbox	   ob;
	struct outbox_item it[3];
	struct op_err	   err = { 0 };
	size_t		   n, after, i;
	int		   fd;

	fresh("countqueue");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 0,
	    "count: an empty outbox counts 0");
	for (i = 0; i < 3; i++)
		must(enq(&ob, MSG, &it[i], &err) == 0, "enqueue", &err);
	spew(P("queue/20261127T233600Z-0123456789ab.eml"), MSG);
	spew(P("tmp/%s.env", it[0].id), "version: 1\n");
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 3,
	    "count: 3 items; an enqueue cut short before its .env and a "
	    "tmp/ leftover are not counted");
	tap_ok(listed_unsent(&ob, &after) == 3 && after == 3,
	    "count: the listing agrees (the lone .eml moved aside)");
	must(outbox_lock(&ob, &it[0], &fd, &err) == 0, "lock", &err);
	it[0].state = OUTBOX_SENT;
	it[0].sent_at = time(NULL);
	must(outbox_save(&ob, &it[0], &err) == 0, "save", &err);
	outbox_unlock(fd);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 3,
	    "count: filing as sent cut short still counts until a listing");
	tap_ok(listed_unsent(&ob, &after) == 2 && after == 2,
	    "count: after the listing finishes the move, 2 like the listing");
	spew(P("queue/%s.env", it[1].id), "version: 1\nstate: nonsense\n");
	tap_ok(listed_unsent(&ob, &after) == 1 && after == 1,
	    "count: a damaged envelope, once moved aside, is not counted");
	must(outbox_lock(&ob, &it[2], &fd, &err) == 0, "lock", &err);
	must(outbox_begin(&ob, &it[2], &err) == 0, "begin", &err);
	must(outbox_sent(&ob, &it[2], "250 ok", &err) == 0, "sent", &err);
	outbox_unlock(fd);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 0,
	    "count: 0 once the last item is sent");
	for (i = 0; i < 3; i++)
		outbox_item_free(&it[i]);
	outbox_close(&ob);
}

/* Set queue/'s modification time to t; what it reads back. */
static struct timespec
queue_time(time_t t)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { t, 0 } };
	struct stat	st;

	if (utimensat(AT_FDCWD, P("queue"), ts, 0) != 0) {
		perror("utimensat");
		exit(99);
	}
	if (stat(P("queue"), &st) != 0) {
		perror("stat");
		exit(99);
	}
	return (st.st_mtim);
}

/* A queue-count file saying n for queue/'s time q. */
static void
count_file(struct timespec q, int n)
{
	char line[100];

	snprintf(line, sizeof line, "%lld %lld %d\n", (long long)q.tv_sec,
	    (long long)q.tv_nsec, n);
	spew(P("queue-count"), line);
}

/*
 * The kept count: written once queue/'s time is two seconds old, believed
 * while that time is unchanged (a planted 99 is what it says), never
 * when queue/ changed, when the time was too fresh when counted, when
 * another user owns the file or when it does not parse.
 */
static void
test_count_kept(void)
{
	struct outbox	   ob;
	struct outbox_item it[3];
	struct op_err	   err = { 0 };
	struct timespec	   q;
	size_t		   n, i;
	char		  *kept;

	fresh("countkept");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	for (i = 0; i < 2; i++)
		must(enq(&ob, MSG, &it[i], &err) == 0, "enqueue", &err);
	q = queue_time(time(NULL) - 100);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 2,
	    "kept count: 2 items counted");
	kept = tu_slurp(P("queue-count"), NULL);
	tap_ok(kept != NULL &&
		strtoll(kept, NULL, 10) == (long long)q.tv_sec &&
		strstr(kept, " 2\n") != NULL,
	    "kept count: written with queue/'s time");
	free(kept);
	count_file(q, 99);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 99,
	    "kept count: believed while queue/'s time is unchanged");
	must(enq(&ob, MSG, &it[2], &err) == 0, "enqueue", &err);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 3,
	    "kept count: an item added changes queue/'s time: counted again");
	/* queue/'s time after the count's (a clock set back, or a tick). */
	count_file(queue_time(time(NULL) + 100), 99);
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 3,
	    "kept count: not believed when queue/'s time was under two seconds old");
	q = queue_time(time(NULL) - 100);
	count_file(q, 99);
	if (geteuid() == 0) {
		tap_ok(chown(P("queue-count"), 65534, 65534) == 0 &&
			outbox_count_queue(&ob, &n, &err) == 0 && n == 3,
		    "kept count: a file of another owner is ignored");
		unlink(P("queue-count"));
	} else
		printf("# not root: the other owner's file is not tried\n");
	spew(P("queue-count"), "not a count\n");
	tap_ok(outbox_count_queue(&ob, &n, &err) == 0 && n == 3,
	    "kept count: a line that does not parse is ignored");
	for (i = 0; i < 3; i++)
		outbox_item_free(&it[i]);
	outbox_close(&ob);
}

/* The child of test_count_kill: enqueue, send or defer, forever. */
static void
count_churn(void)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err = { 0 };
	unsigned	   k;
	int		   fd;

	if (outbox_open(data, &ob, &err) != 0)
		_exit(1);
	for (k = 0;; k++) {
		if (enq(&ob, MSG, &it, &err) != 0 ||
		    outbox_lock(&ob, &it, &fd, &err) != 0 ||
		    outbox_begin(&ob, &it, &err) != 0 ||
		    outbox_mark_data(&ob, &it, &err) != 0)
			_exit(1);
		if (k % 3 == 0)
			outbox_defer(&ob, &it, "later", "451 later", &err);
		else
			outbox_sent(&ob, &it, "250 ok", &err);
		outbox_unlock(fd);
		outbox_item_free(&it);
	}
}

/*
 * kill -9 of a process that enqueues and sends, at 40 moments: queue/'s
 * count is at most one above the listing's unsent (the item cut short),
 * and equal to it once a listing has settled what the crash left.
 */
static void
test_count_kill(void)
{
	struct outbox ob;
	struct op_err err = { 0 };
	size_t	      before, unsent, after;
	int	      round, bad = 0, st;
	pid_t	      pid;

	fresh("countkill");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	for (round = 0; round < 40; round++) {
		if ((pid = fork()) == -1) {
			perror("fork");
			exit(99);
		}
		if (pid == 0)
			count_churn();
		usleep(1000 + (unsigned)(round * 997) % 20000);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		if (!WIFSIGNALED(st))
			bad++;
		must(outbox_count_queue(&ob, &before, &err) == 0, "count",
		    &err);
		unsent = listed_unsent(&ob, &after);
		if (before < unsent || before > unsent + 1 || after != unsent)
			bad++;
	}
	tap_ok(bad == 0,
	    "count after kill -9 at 40 moments: at most one above the listing, "
	    "equal after it (%d wrong; %zu unsent at the end)",
	    bad, unsent);
	outbox_close(&ob);
}

/* How many items a flush listing until that time reads. */
static size_t
due_count(struct outbox *ob, time_t until)
{
	struct outbox_item *v;
	struct op_err	    err = { 0 };
	size_t		    n;

	must(outbox_list_due(ob, until, &v, &n, NULL, NULL, &err) == 0,
	    "list due", &err);
	outbox_items_free(v, n);
	return (n);
}

/* An envelope's stamp: set (mtime) by a write, or lost in a crash. */
static void
test_stamps(void)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err = { 0 };
	struct stat	   st;
	struct timespec	   ts[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
	time_t		   now = time(NULL);
	int		   fd;

	fresh("stamps");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
	tap_ok(stat(P("queue/%s.env", it.id), &st) == 0 &&
		!outbox_stamp_skips(&st, now - 3600),
	    "a queued envelope has no stamp: read under a clock set back");
	tap_ok(due_count(&ob, now - 3600) == 1, "so a flush then lists it");
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	must(outbox_begin(&ob, &it, &err) == 0, "begin", &err);
	tap_ok(due_count(&ob, now) == 1, "a sending envelope is read");
	must(outbox_defer(&ob, &it, "later", NULL, &err) == 0, "defer", &err);
	tap_ok(stat(P("queue/%s.env", it.id), &st) == 0 &&
		st.st_mtime == it.next_attempt && outbox_stamp_skips(&st, now),
	    "a deferred envelope's mtime is its next attempt");
	tap_ok(due_count(&ob, now) == 0, "a flush now leaves it unread");
	tap_ok(due_count(&ob, it.next_attempt) == 1, "a flush then reads it");
	tap_ok(due_count(&ob, OUTBOX_STAMP_NEVER - 1) == 1,
	    "flush --all reads it");
	tap_ok(due_count(&ob, 0) == 1, "outbox_list reads it");
	ts[1].tv_sec = now - 60;
	tap_ok(utimensat(AT_FDCWD, P("queue/%s.env", it.id), ts, 0) == 0 &&
		due_count(&ob, now) == 1,
	    "an envelope whose stamp was lost is read");
	must(outbox_begin(&ob, &it, &err) == 0, "begin", &err);
	must(outbox_fail(&ob, &it, "refused", NULL, &err) == 0, "fail", &err);
	tap_ok(due_count(&ob, OUTBOX_STAMP_NEVER - 1) == 0,
	    "a failed envelope is unread even by flush --all");
	outbox_unlock(fd);
	must(outbox_retry(&ob, it.id, &err) == 0, "retry", &err);
	tap_ok(due_count(&ob, now) == 1, "retried: read again");
	outbox_item_free(&it);
	outbox_close(&ob);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (99);
	}
	test_stamps();
	test_count_queue();
	test_count_kept();
	test_count_kill();
	tu_rm_rf(tmpdir);
	free(data);
	return (tap_done());
}
