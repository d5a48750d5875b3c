/*
 * test-outbox.c -- the durable outbox: files and modes after enqueue,
 * list order, every transition, back-off, damaged items moved aside,
 * crash recovery, locking across processes, user actions, and a
 * read-only or full file system (tmpfs mounts in a private mount
 * namespace when we may; otherwise an unprivileged child, or a skip).
 * Counting and the due listing's stamps: test-outbox-count.c.
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "store/outbox.h"
#include "tap.h"
#include "testutil.h"
#include "outboxtest.h"
#include "base/xmalloc.h"

#define LONE_WHY                                             \
	"incomplete enqueue (no envelope): the message was " \
	"never confirmed as queued"

static int can_mount;

static int
mode_of(const char *path)
{
	struct stat st;

	return (lstat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1);
}

static int
exists(const char *path)
{
	return (access(path, F_OK) == 0);
}

/* Number of entries in DATA/outbox/SUB. */
static int
count(const char *sub)
{
	char	       path[512];
	int	       n = 0;
	DIR	      *d;
	struct dirent *de;

	snprintf(path, sizeof path, "%s/outbox/%s", data, sub);
	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return (n);
}

static void
test_refusals(struct outbox *ob)
{
	struct outbox_item it;
	struct op_err	   err = { 0 };

	tap_ok(outbox_enqueue(ob, "x", 1, "me@example.org", rcpts, 0, NULL,
		   NULL, &it, &err) == -1 &&
		err.code == OP_EINVAL,
	    "no recipient is refused (%s)", err.msg);
	tap_ok(outbox_enqueue(ob, "x", 1, "me@example.org\r\nBcc: x", rcpts, 1,
		   NULL, NULL, &it, &err) == -1 &&
		err.code == OP_EINVAL,
	    "CR/LF in the sender is refused (%s)", err.msg);
	tap_ok(outbox_enqueue(ob, "x", 1, "me@example.org", rcpts, 1, "a\nb",
		   NULL, &it, &err) == -1 &&
		err.code == OP_EINVAL,
	    "a line break in the subject is refused (%s)", err.msg);
	tap_ok(count("queue") == 3 && count("tmp") == 0,
	    "refusals leave nothing behind");
}

static void
test_enqueue(void)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err = { 0 };
	char		  *env, *want, when[32];
	size_t		   len;
	struct tm	   tm;
	mode_t		   old;

	fresh("enqueue");
	old = umask(0277); /* would leave 0500 dirs and 0400 files */
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
	umask(old);
	tap_ok(mode_of(P("queue")) == 0700 && mode_of(P("tmp")) == 0700 &&
		mode_of(P("sent")) == 0700 && mode_of(P("damaged")) == 0700 &&
		mode_of(P(".")) == 0700,
	    "directories are 0700 whatever the umask");
	tap_ok(mode_of(P("queue/%s.eml", it.id)) == 0600 &&
		mode_of(P("queue/%s.env", it.id)) == 0600 &&
		mode_of(P("queue/%s.lock", it.id)) == 0600,
	    "eml, env and lock are 0600 whatever the umask");
	tap_ok(strlen(it.id) == 29 && it.id[8] == 'T' && it.id[15] == 'Z' &&
		it.id[16] == '-' &&
		strspn(it.id + 17, "0123456789abcdef") == 12,
	    "id is YYYYMMDDTHHMMSSZ-hhhhhhhhhhhh (%s)", it.id);
	env = tu_slurp(P("queue/%s.eml", it.id), &len);
	tap_ok(len == strlen(MSG) && memcmp(env, MSG, len) == 0,
	    "the .eml holds the exact bytes");
	free(env);
	gmtime_r(&it.created, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	xasprintf(&want,
	    "version: 1\nid: %s\nstate: queued\nphase: none\n"
	    "created: %s\nfrom: me@example.org\nrcpt: a@example.org\n"
	    "rcpt: b@example.org\nsubject: Hello, w\xc3\xb6rld\n"
	    "message-id: <x@example.org>\nsize: %zu\nattempts: 0\n",
	    it.id, when, strlen(MSG));
	env = tu_slurp(P("queue/%s.env", it.id), NULL);
	tap_ok(strcmp(env, want) == 0, "the .env holds the exact text");
	if (strcmp(env, want) != 0)
		tap_diag("env", env, want);
	free(env);
	free(want);
	tap_ok(count("tmp") == 0 && count("queue") == 3,
	    "nothing left in tmp/; three files in queue/");
	tap_ok(it.state == OUTBOX_QUEUED && it.size == strlen(MSG) &&
		it.nrcpts == 2 && outbox_due(&it, time(NULL)),
	    "item is queued and due");
	outbox_item_free(&it);
	test_refusals(&ob);
	outbox_close(&ob);
}

/* Enqueue and back-date (created) through a save. */
static void
enq_at(struct outbox *ob, time_t when, char *id)
{
	struct outbox_item it;
	struct op_err	   err = { 0 };
	int		   fd;

	must(enq(ob, MSG, &it, &err) == 0, "enqueue", &err);
	must(outbox_lock(ob, &it, &fd, &err) == 0, "lock", &err);
	it.created = when;
	must(outbox_save(ob, &it, &err) == 0, "save", &err);
	outbox_unlock(fd);
	snprintf(id, OUTBOX_IDLEN, "%s", it.id);
	outbox_item_free(&it);
}

static void
test_order(void)
{
	struct outbox	    ob;
	struct outbox_item *v, it;
	struct op_err	    err = { 0 };
	char		    id[3][OUTBOX_IDLEN];
	size_t		    n;

	fresh("order");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	enq_at(&ob, 3000000000, id[0]);
	enq_at(&ob, 1000000000, id[1]);
	enq_at(&ob, 2000000000, id[2]);
	must(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0, "list", &err);
	tap_ok(n == 3 && strcmp(v[0].id, id[1]) == 0 &&
		strcmp(v[1].id, id[2]) == 0 && strcmp(v[2].id, id[0]) == 0,
	    "listed oldest first");
	outbox_items_free(v, n);
	tap_ok(outbox_load(&ob, id[1], &it, &err) == 0 &&
		it.created == 1000000000,
	    "load by full id");
	outbox_item_free(&it);
	tap_ok(outbox_load(&ob, "2", &it, &err) == -1 && err.code == OP_EINVAL,
	    "an ambiguous prefix is refused (%s)", err.msg);
	tap_ok(outbox_load(&ob, "1999", &it, &err) == -1 &&
		err.code == OP_ENOTFOUND,
	    "an unknown id is not found (%s)", err.msg);
	tap_ok(outbox_load(&ob, "../queue/x", &it, &err) == -1 &&
		err.code == OP_EINVAL,
	    "a path as id is refused (%s)", err.msg);
	tap_ok(outbox_delete(&ob, "..", &err) == -1 && err.code == OP_EINVAL,
	    "delete of \"..\" is refused");
	outbox_close(&ob);
}

/*
 * Messages accepted within one second are listed (and so flushed) in the
 * order they were accepted: the id sorts by acceptance, not by chance.
 */
static void
test_order_same_second(void)
{
	struct outbox	    ob;
	struct outbox_item *v, it;
	struct op_err	    err = { 0 };
	char		    id[40][OUTBOX_IDLEN];
	size_t		    n, i, k = 0;
	int		    inorder = 1;

	fresh("order-second");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	for (i = 0; i < 40; i++) {
		must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
		snprintf(id[i], OUTBOX_IDLEN, "%s", it.id);
		outbox_item_free(&it);
	}
	must(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0, "list", &err);
	for (i = 0; i < n && i < 40; i++)
		if (strcmp(v[i].id, id[i]) != 0)
			inorder = 0;
	for (i = 1; i < 40; i++)
		k += strncmp(id[i], id[i - 1], 16) == 0; /* same second */
	tap_ok(n == 40 && inorder,
	    "40 messages (%zu pairs in the same second) listed in the order accepted",
	    k);
	outbox_items_free(v, n);
	outbox_close(&ob);
}

static void
test_transitions(void)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err = { 0 };
	char		  *env;
	time_t		   now;
	int		   fd;

	fresh("trans");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	tap_ok(outbox_mark_data(&ob, &it, &err) == -1 && err.code == OP_EINVAL,
	    "data before begin is refused");
	tap_ok(outbox_begin(&ob, &it, &err) == 0 &&
		it.state == OUTBOX_SENDING && it.attempts == 1 &&
		it.last_attempt != 0,
	    "begin: sending, attempts 1");
	env = tu_slurp(P("queue/%s.env", it.id), NULL);
	TAP_CONTAINS(env, "state: sending\nphase: none\n", "begin is on disk");
	free(env);
	tap_ok(outbox_mark_data(&ob, &it, &err) == 0 &&
		it.phase == OUTBOX_PHASE_DATA,
	    "data: phase data");
	env = tu_slurp(P("queue/%s.env", it.id), NULL);
	TAP_CONTAINS(env, "phase: data\n", "data is on disk");
	free(env);
	tap_ok(outbox_uncertain(&ob, &it, "lost after the dot", NULL, &err) ==
		    0 &&
		it.state == OUTBOX_UNCERTAIN,
	    "uncertain");
	tap_ok(outbox_begin(&ob, &it, &err) == -1 && err.code == OP_EINVAL,
	    "an uncertain item is never begun again by itself (%s)", err.msg);
	tap_ok(outbox_begin_data(&ob, &it, &err) == -1 &&
		err.code == OP_EINVAL,
	    "nor begun with its data phase (%s)", err.msg);
	outbox_unlock(fd);
	tap_ok(outbox_resend(&ob, it.id, &err) == 0,
	    "resend an uncertain item");
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	tap_ok(it.state == OUTBOX_QUEUED, "resend: queued again");
	tap_ok(outbox_begin_data(&ob, &it, &err) == 0 &&
		it.state == OUTBOX_SENDING && it.phase == OUTBOX_PHASE_DATA &&
		it.attempts == 2,
	    "begin_data: sending, phase data, attempts 2, in one call");
	env = tu_slurp(P("queue/%s.env", it.id), NULL);
	TAP_CONTAINS(env, "state: sending\nphase: data\n",
	    "begin_data is on disk");
	free(env);
	tap_ok(outbox_begin_data(&ob, &it, &err) == -1 &&
		err.code == OP_EINVAL && it.attempts == 2,
	    "an item being sent is not begun twice (%s)", err.msg);
	now = time(NULL);
	tap_ok(outbox_defer(&ob, &it, "the server said later",
		   "451 4.3.0 try later\r\n451 4.3.0 really\r\n", &err) == 0 &&
		it.state == OUTBOX_DEFERRED,
	    "defer");
	tap_ok(it.next_attempt >= now + 96 && it.next_attempt <= now + 145,
	    "defer after 2 attempts: 120 s +/- 20%% (%lld)",
	    (long long)(it.next_attempt - now));
	tap_ok(!outbox_due(&it, now) && outbox_due(&it, it.next_attempt),
	    "a deferred item is due at next_attempt");
	env = tu_slurp(P("queue/%s.env", it.id), NULL);
	TAP_CONTAINS(env,
	    "\nlast-reply: 451 4.3.0 try later / 451 4.3.0 really\n",
	    "a multi-line reply is saved as one line");
	TAP_CONTAINS(env, "\nnext-attempt: ", "next-attempt is saved");
	free(env);
	must(outbox_begin(&ob, &it, &err) == 0, "begin", &err);
	tap_ok(outbox_fail(&ob, &it, "refused", "550 5.1.1 no", &err) == 0 &&
		it.state == OUTBOX_FAILED && !outbox_due(&it, now + 99999),
	    "fail: failed, never due");
	outbox_unlock(fd);
	tap_ok(outbox_retry(&ob, it.id, &err) == 0, "retry a failed item");
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	tap_ok(it.state == OUTBOX_QUEUED && it.next_attempt == 0 &&
		it.attempts == 3,
	    "retry: queued, due now, attempts kept");
	outbox_unlock(fd);
	outbox_item_free(&it);
	outbox_close(&ob);
}

static void
test_sent(void)
{
	struct outbox	   ob;
	struct outbox_item it, *v;
	struct op_err	   err = { 0 };
	char		  *env, *buf;
	size_t		   n, len;
	int		   fd;

	fresh("sent");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	must(outbox_begin(&ob, &it, &err) == 0, "begin", &err);
	must(outbox_mark_data(&ob, &it, &err) == 0, "data", &err);
	outbox_add_failed_rcpt(&it, "b@example.org", "550 5.1.1\r\nunknown");
	tap_ok(outbox_sent(&ob, &it, "250 2.0.0 Ok: queued as X\r\n", &err) ==
		    0 &&
		it.state == OUTBOX_SENT && it.sent_at != 0,
	    "sent");
	outbox_unlock(fd);
	tap_ok(!exists(P("queue/%s.env", it.id)) &&
		!exists(P("queue/%s.eml", it.id)) &&
		!exists(P("queue/%s.lock", it.id)) &&
		exists(P("sent/%s.eml", it.id)) &&
		exists(P("sent/%s.env", it.id)),
	    "sent: moved to sent/, lock gone");
	env = tu_slurp(P("sent/%s.env", it.id), NULL);
	TAP_CONTAINS(env, "state: sent\n", "sent is on disk");
	TAP_CONTAINS(env, "\nfinal-reply: 250 2.0.0 Ok: queued as X\n",
	    "final reply saved");
	TAP_CONTAINS(env, "\nrcpt-failed: b@example.org 550 5.1.1 / unknown\n",
	    "a refused recipient is saved");
	free(env);
	must(outbox_list_sent(&ob, &v, &n, &err) == 0, "list sent", &err);
	tap_ok(n == 1 && v[0].state == OUTBOX_SENT &&
		v[0].nfailed_rcpts == 1 &&
		strcmp(v[0].failed_rcpts[0].reply, "550 5.1.1 / unknown") == 0,
	    "listed in sent, refused recipient read back");
	outbox_items_free(v, n);
	must(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0, "list", &err);
	tap_ok(n == 0, "no longer in the queue");
	free(v);
	tap_ok(outbox_read_message(&ob, &it, &buf, &len, &err) == 0 &&
		len == strlen(MSG) && memcmp(buf, MSG, len) == 0,
	    "the sent message reads back");
	free(buf);
	tap_ok(outbox_retry(&ob, it.id, &err) == -1 && err.code == OP_EINVAL,
	    "retry of a sent item is refused (%s)", err.msg);
	tap_ok(outbox_delete(&ob, it.id, &err) == 0 && count("sent") == 0,
	    "delete of a sent item");
	outbox_item_free(&it);
	outbox_close(&ob);
}

static void
test_backoff(void)
{
	unsigned n, b;
	time_t	 t, lo, hi, min, max;
	int	 i, ok = 1;

	tap_ok(outbox_backoff(1) == 60 && outbox_backoff(2) == 120 &&
		outbox_backoff(3) == 240 && outbox_backoff(6) == 1920,
	    "back-off doubles from 60 s");
	tap_ok(outbox_backoff(7) == 3600 && outbox_backoff(1000) == 3600 &&
		outbox_backoff(0) == 60,
	    "back-off is capped at an hour");
	for (n = 1; n <= 9; n++) {
		b = outbox_backoff(n);
		lo = 1000 + b - b / 5;
		hi = 1000 + b + b / 5;
		min = hi;
		max = lo;
		for (i = 0; i < 400; i++) {
			t = outbox_retry_at(n, 1000);
			ok &= t >= lo && t <= hi;
			min = t < min ? t : min;
			max = t > max ? t : max;
		}
		ok &= min < max;
	}
	tap_ok(ok, "jitter stays within +/- 20%% and varies");
}

static void
test_count_unsent(void)
{
	struct outbox_item items[6];
	size_t		   i;

	memset(items, 0, sizeof items);
	for (i = 0; i < 6; i++)
		items[i].state = (enum outbox_state)i;
	tap_ok(OUTBOX_SENT == 5 && outbox_count_unsent(items, 6) == 5,
	    "every state but sent counts as unsent");
	tap_ok(outbox_count_unsent(items, 0) == 0, "no items: none unsent");
}

/* text with the line for key replaced by line (NULL: removed), or line
 * added at the end when there is no such key. */
static char *
subst(const char *text, const char *key, const char *line)
{
	char  *s = xstrdup(text), *out = xstrdup(""), *t, *p, *nl;
	size_t klen = strlen(key);
	int    done = 0;

	for (p = s; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			done = 1;
			if (line == NULL)
				continue;
			p = (char *)line;
		}
		xasprintf(&t, "%s%s\n", out, p);
		free(out);
		out = t;
	}
	if (!done && line != NULL) {
		xasprintf(&t, "%s%s\n", out, line);
		free(out);
		out = t;
	}
	free(s);
	return (out);
}

/* A valid envelope for id (a 5-byte message), with one line changed. */
static char *
env_with(const char *id, const char *key, const char *line)
{
	char *s, *r;

	xasprintf(&s,
	    "version: 1\nid: %s\nstate: queued\nphase: none\n"
	    "created: 2026-11-27T23:36:00Z\nfrom: me@example.org\n"
	    "rcpt: you@example.org\nsize: 5\nattempts: 0\n",
	    id);
	r = key != NULL ? subst(s, key, line) : xstrdup(s);
	free(s);
	return (r);
}

static void
plant(const char *id, const char *env, int eml)
{
	if (env != NULL)
		spew(P("queue/%s.env", id), env);
	if (eml)
		spew(P("queue/%s.eml", id), "hello");
}

/* clang-format off */
static const struct {
	const char	*id, *key, *line, *why;
} bad_cases[] = {
	{ "20260101T000000Z-000000000001", "version", "version: 4",
	  "0001.env:1: envelope version \"4\" is not known (this outpost reads versions 1 to 3)" },
	{ "20260101T000000Z-000000000002", "colour", "colour: blue",
	  "0002.env:10: unknown key \"colour\"" },
	{ "20260101T000000Z-000000000003", "state", "state: sendng",
	  "0003.env:3: unknown state \"sendng\"" },
	{ "20260101T000000Z-000000000004", "rcpt", NULL,
	  "0004.env: rcpt is missing (no recipient)" },
	{ "20260101T000000Z-000000000005", "size", "size: 99",
	  "0005.eml is 5 bytes but 20260101T000000Z-000000000005.env says 99" },
	{ "20260101T000000Z-000000000006", "id",
	  "id: 20260101T000000Z-999999999999",
	  "0006.env:2: the id \"20260101T000000Z-999999999999\" does not match the file name" },
	{ "20260101T000000Z-000000000007", "created",
	  "created: 2026-02-30T00:00:00Z",
	  "0007.env:5: created is not a date" },
	{ "20260101T000000Z-000000000008", "attempts", "attempts: -1",
	  "0008.env:9: attempts is not a number" },
	{ "20260101T000000Z-000000000009", "version", NULL,
	  "0009.env:1: the envelope does not start with its version" },
	{ "20260101T000000Z-00000000000a", "phase", "phase: maybe",
	  "000a.env:4: unknown phase \"maybe\"" },
	{ "20260101T000000Z-00000000000b", "notify", "notify: success",
	  "000b.env:10: notify is not a key of envelope version 1" },
	{ "20260101T000000Z-00000000000c", "account", "account: isp",
	  "000c.env:10: account is not a key of envelope version 1" },
};
/* clang-format on */

static int
find_damage(const struct outbox_damage *d, size_t n, const char *id,
    const char *why)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(d[i].id, id) == 0)
			return (strstr(d[i].why, why) != NULL);
	}
	return (0);
}

/* Load a damaged item whose id was damaged before. */
static void
test_damaged_load(struct outbox *ob)
{
	struct outbox_item it;
	struct op_err	   err = { 0 };
	char		  *env;

	env = env_with(bad_cases[2].id, "state", "state: sendng");
	plant(bad_cases[2].id, env, 1);
	free(env);
	tap_ok(outbox_load(ob, bad_cases[2].id, &it, &err) == -1 &&
		err.code == OP_EDAMAGED,
	    "load of a damaged item: OP_EDAMAGED");
	TAP_CONTAINS(err.msg, "moved to", "and it says where (%s)", err.msg);
	tap_ok(op_err_exitcode(&err) == EX_DATAERR &&
		strcmp(op_code_name(err.code), "damaged") == 0,
	    "a damaged item exits 65 (EX_DATAERR), named \"damaged\"");
	tap_ok(exists(P("damaged/%s-2.why", bad_cases[2].id)),
	    "a second damage of the same id does not overwrite the first");
}

static void
test_damaged(void)
{
	static const char cut_id[] = "20260101T000000Z-0000000000c1",
			  lone_id[] = "20260101T000000Z-0000000000c2",
			  noeml_id[] = "20260101T000000Z-0000000000c3";
	struct outbox	      ob;
	struct outbox_item    good, *v;
	struct outbox_damage *d;
	struct op_err	      err = { 0 };
	char		     *env, *why;
	size_t		      i, n, nd, len;

	fresh("damaged");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &good, &err) == 0, "enqueue", &err);
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		env = env_with(bad_cases[i].id, bad_cases[i].key,
		    bad_cases[i].line);
		plant(bad_cases[i].id, env, 1);
		free(env);
	}
	env = env_with(cut_id, NULL, NULL);
	env[strlen(env) - 4] = '\0';
	plant(cut_id, env, 1);
	free(env);
	plant(lone_id, NULL, 1);
	env = env_with(noeml_id, NULL, NULL);
	plant(noeml_id, env, 0);
	free(env);
	must(outbox_list(&ob, &v, &n, &d, &nd, &err) == 0, "list", &err);
	tap_ok(n == 1 && strcmp(v[0].id, good.id) == 0,
	    "the good item is still listed");
	outbox_items_free(v, n);
	tap_ok(nd == sizeof bad_cases / sizeof bad_cases[0] + 3,
	    "every damaged item is reported (%zu)", nd);
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		why = tu_slurp(P("damaged/%s.why", bad_cases[i].id), NULL);
		tap_ok(find_damage(d, nd, bad_cases[i].id, bad_cases[i].why) &&
			strstr(why, bad_cases[i].why) != NULL &&
			exists(P("damaged/%s.env", bad_cases[i].id)) &&
			!exists(P("queue/%s.env", bad_cases[i].id)),
		    "damaged, moved aside: %s", bad_cases[i].why);
		free(why);
	}
	tap_ok(find_damage(d, nd, cut_id,
		   "the line has no end: the file is cut short"),
	    "a truncated envelope is damaged");
	tap_ok(find_damage(d, nd, lone_id, LONE_WHY), "a lone .eml: %s",
	    LONE_WHY);
	env = tu_slurp(P("damaged/%s.eml", lone_id), &len);
	tap_ok(len == 5 && memcmp(env, "hello", 5) == 0 &&
		!exists(P("queue/%s.eml", lone_id)),
	    "the lone .eml is kept in damaged/, byte for byte");
	free(env);
	tap_ok(find_damage(d, nd, noeml_id, "0c3.eml is missing"),
	    "an envelope without its message is damaged");
	outbox_damage_free(d, nd);
	tap_ok(count("queue") == 3, "only the good item is left in queue/");
	test_damaged_load(&ob);
	outbox_item_free(&good);
	outbox_close(&ob);
}

static void
test_recovery(void)
{
	static const char a[] = "20260101T000000Z-0000000000d1",
			  b[] = "20260101T000000Z-0000000000d2";
	struct outbox	    ob;
	struct outbox_item *v;
	struct op_err	    err = { 0 };
	char		   *env, *t;
	size_t		    n;

	fresh("recovery");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	env = env_with(a, "state", "state: sending");
	plant(a, env, 1);
	free(env);
	t = env_with(b, "state", "state: sending");
	env = subst(t, "phase", "phase: data");
	free(t);
	plant(b, env, 1);
	free(env);
	must(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0, "list", &err);
	tap_ok(n == 2 && v[0].state == OUTBOX_QUEUED &&
		v[1].state == OUTBOX_UNCERTAIN,
	    "sending with a free lock: phase none -> queued, phase data -> uncertain");
	TAP_CONTAINS(n == 2 ? v[1].last_error : NULL,
	    "may have been delivered", "the uncertain item says why");
	outbox_items_free(v, n);
	env = tu_slurp(P("queue/%s.env", b), NULL);
	TAP_CONTAINS(env, "state: uncertain\n", "the recovery is saved");
	free(env);
	outbox_close(&ob);
}

/*
 * A child that locks and begins id, then waits: data_phase 0 begin only,
 * 1 begin then data, 2 both in one record (outbox_begin_data).
 */
static pid_t
hold(const char *id, int data_phase)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err;
	int		   p[2], fd;
	pid_t		   pid;
	char		   c = 0;

	if (pipe(p) == -1 || (pid = fork()) == -1)
		exit(99);
	if (pid == 0) {
		close(p[0]);
		if (outbox_open(data, &ob, &err) == 0 &&
		    outbox_load(&ob, id, &it, &err) == 0 &&
		    outbox_lock(&ob, &it, &fd, &err) == 0 &&
		    (data_phase == 2 ? outbox_begin_data(&ob, &it, &err) == 0 :
				       outbox_begin(&ob, &it, &err) == 0 &&
				(!data_phase ||
				    outbox_mark_data(&ob, &it, &err) == 0)))
			c = 'y';
		if (write(p[1], &c, 1) != 1 || c != 'y')
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1 || c != 'y')
		c = 0;
	close(p[0]);
	tap_ok(c == 'y', "child %d holds the lock (data phase: %d)", (int)pid,
	    data_phase);
	return (pid);
}

static void
test_locking(void)
{
	struct outbox	   ob;
	struct outbox_item it, *v;
	struct op_err	   err = { 0 };
	size_t		   n;
	pid_t		   pid;
	int		   fd, phase;

	fresh("locking");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	for (phase = 0; phase <= 2; phase++) {
		must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
		pid = hold(it.id, phase);
		tap_ok(outbox_lock(&ob, &it, &fd, &err) == -1 &&
			err.code == OP_ELOCKED,
		    "lock held by another process: OP_ELOCKED");
		TAP_CONTAINS(err.msg, "being sent by another outpost process",
		    "and it says so");
		must(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0, "list",
		    &err);
		tap_ok(n == 1 && v[0].state == OUTBOX_SENDING,
		    "a held item is listed as sending");
		outbox_items_free(v, n);
		tap_ok(outbox_delete(&ob, it.id, &err) == -1 &&
			err.code == OP_ELOCKED,
		    "delete while held: OP_ELOCKED");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		tap_ok(outbox_lock(&ob, &it, &fd, &err) == 0,
		    "the holder killed: the lock is ours");
		tap_ok(it.state == (phase ? OUTBOX_UNCERTAIN : OUTBOX_QUEUED),
		    "and the item was recovered as %s",
		    outbox_state_name(it.state));
		outbox_unlock(fd);
		tap_ok(outbox_delete(&ob, it.id, &err) == 0 &&
			count("queue") == 0,
		    "then delete removes all its files");
		outbox_item_free(&it);
	}
	outbox_close(&ob);
}

/* Crash mid-move to sent/: env says sent; .eml in queue/ or sent/. */
static void
test_sent_crash(void)
{
	struct outbox	      ob;
	struct outbox_item    it[3], *v;
	struct op_err	      err = { 0 };
	char		      from[512];
	size_t		      i, n, nd;
	struct outbox_damage *d;
	int		      fd;

	fresh("sentcrash");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	for (i = 0; i < 3; i++) {
		must(enq(&ob, MSG, &it[i], &err) == 0, "enqueue", &err);
		must(outbox_lock(&ob, &it[i], &fd, &err) == 0, "lock", &err);
		it[i].state = OUTBOX_SENT;
		it[i].sent_at = time(NULL);
		must(outbox_save(&ob, &it[i], &err) == 0, "save", &err);
		outbox_unlock(fd);
	}
	snprintf(from, sizeof from, "%s", P("queue/%s.eml", it[1].id));
	rename(from, P("sent/%s.eml", it[1].id));
	snprintf(from, sizeof from, "%s", P("queue/%s.eml", it[2].id));
	rename(from, P("sent/%s.eml", it[2].id));
	snprintf(from, sizeof from, "%s", P("queue/%s.env", it[2].id));
	rename(from, P("sent/%s.env", it[2].id));
	must(outbox_list(&ob, &v, &n, &d, &nd, &err) == 0, "list", &err);
	tap_ok(n == 0 && nd == 0,
	    "items sent but not filed are not listed as queued, nor damaged");
	outbox_items_free(v, n);
	outbox_damage_free(d, nd);
	tap_ok(count("queue") == 0,
	    "queue/ is empty: moves finished, stale lock removed");
	must(outbox_list_sent(&ob, &v, &n, &err) == 0, "list sent", &err);
	tap_ok(n == 3, "all three are in sent/");
	outbox_items_free(v, n);
	for (i = 0; i < 3; i++)
		outbox_item_free(&it[i]);

	must(enq(&ob, MSG, &it[0], &err) == 0, "enqueue", &err);
	snprintf(from, sizeof from, "%s", P("queue/%s.env", it[0].id));
	rename(from, P("tmp/%s.deleted", it[0].id));
	must(outbox_list(&ob, &v, &n, &d, &nd, &err) == 0, "list", &err);
	tap_ok(n == 0 && nd == 0 && count("queue") == 0 && count("tmp") == 0,
	    "a delete cut short is finished, not reported as damaged");
	free(v);
	free(d);
	outbox_item_free(&it[0]);
	outbox_close(&ob);
}

static void
test_actions(void)
{
	struct outbox	   ob;
	struct outbox_item it, *v;
	struct op_err	   err = { 0 };
	char		  *env;
	size_t		   n;
	int		   fd;

	fresh("actions");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
	tap_ok(outbox_retry(&ob, it.id, &err) == 0,
	    "retry of a queued item is accepted (it is already due)");
	must(outbox_begin(&ob, &it, &err) == 0, "begin", &err);
	must(outbox_mark_data(&ob, &it, &err) == 0, "data", &err);
	must(outbox_uncertain(&ob, &it, "lost", NULL, &err) == 0, "uncertain",
	    &err);
	tap_ok(outbox_retry(&ob, it.id, &err) == -1 && err.code == OP_EINVAL,
	    "retry of an uncertain item is refused");
	TAP_CONTAINS(err.msg,
	    "only a waiting, deferred or failed item can be retried",
	    "in plain words (%s)", err.msg);
	must(outbox_resend(&ob, it.id, &err) == 0, "resend", &err);
	tap_ok(outbox_resend(&ob, it.id, &err) == -1 && err.code == OP_EINVAL,
	    "resend of a queued item is refused");
	tap_ok(outbox_mark_sent(&ob, it.id, &err) == -1 &&
		err.code == OP_EINVAL,
	    "mark-sent of a queued item is refused");
	TAP_CONTAINS(err.msg, "only an uncertain item can be marked sent",
	    "in plain words (%s)", err.msg);
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	must(outbox_begin(&ob, &it, &err) == 0, "begin", &err);
	must(outbox_mark_data(&ob, &it, &err) == 0, "data", &err);
	must(outbox_uncertain(&ob, &it, "lost", NULL, &err) == 0, "uncertain",
	    &err);
	outbox_unlock(fd);
	tap_ok(outbox_retry(&ob, it.id, &err) == -1 && err.code == OP_EINVAL,
	    "retry of an uncertain item is refused (%s)", err.msg);
	tap_ok(outbox_mark_sent(&ob, it.id, &err) == 0,
	    "mark-sent of an uncertain item");
	env = tu_slurp(P("sent/%s.env", it.id), NULL);
	TAP_CONTAINS(env, "\nfinal-reply: marked sent by the user\n",
	    "filed in sent/ as marked by the user");
	free(env);
	must(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0, "list", &err);
	tap_ok(n == 0 && count("queue") == 0, "and gone from the queue");
	free(v);
	tap_ok(outbox_delete(&ob, it.id, &err) == 0 && count("sent") == 0,
	    "delete from sent/");
	tap_ok(outbox_delete(&ob, it.id, &err) == -1 &&
		err.code == OP_ENOTFOUND,
	    "delete again: not found (%s)", err.msg);
	outbox_item_free(&it);
	outbox_close(&ob);
}

static void
test_tmp_cleanup(void)
{
	struct outbox	ob;
	struct op_err	err = { 0 };
	struct timespec ts[2];

	fresh("tmpclean");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	outbox_close(&ob);
	spew(P("tmp/%s", "old.eml"), "x");
	spew(P("tmp/%s", "new.eml"), "x");
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - 7200;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, P("tmp/%s", "old.eml"), ts, 0);
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	tap_ok(!exists(P("tmp/%s", "old.eml")) &&
		exists(P("tmp/%s", "new.eml")),
	    "open removes tmp/ files older than an hour only");
	outbox_close(&ob);
}

static void
skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

/* A good envelope text, spoiled in several ways. */
static void
test_env_refusals(const char *id, const char *text)
{
	struct outbox_item back;
	struct op_err	   err = { 0 };
	char		  *t;

	t = subst(text, "subject", "subject: a\rb");
	tap_ok(outbox_env_parse(id, t, strlen(t), &back, &err) == -1,
	    "a CR in a value is refused");
	TAP_CONTAINS(err.msg,
	    ":9: a control character in the value of subject",
	    "and named (%s)", err.msg);
	free(t);
	t = subst(text, "from", "from: caf\xe9");
	tap_ok(outbox_env_parse(id, t, strlen(t), &back, &err) == -1 &&
		strstr(err.msg, "not UTF-8") != NULL,
	    "Latin-1 is refused (%s)", err.msg);
	free(t);
	xasprintf(&t, "%sstate: queued\n", text);
	tap_ok(outbox_env_parse(id, t, strlen(t), &back, &err) == -1 &&
		strstr(err.msg, "state is given twice") != NULL,
	    "a key given twice is refused (%s)", err.msg);
	free(t);
	t = subst(text, "state", "state: sent");
	tap_ok(outbox_env_parse(id, t, strlen(t), &back, &err) == -1 &&
		strstr(err.msg, "sent-at is missing") != NULL,
	    "sent without sent-at is refused (%s)", err.msg);
	free(t);
	tap_ok(outbox_env_parse(id, "", 0, &back, &err) == -1 &&
		strstr(err.msg, ".env: the file is empty") != NULL,
	    "an empty envelope is refused (%s)", err.msg);
}

/* The Sent copy's Bcc texts: repeated "bcc:" lines, names and all. */
static void
test_env_bcc(struct outbox_item *it)
{
	char		  *bcc[] = { "\"Doe, Jane\" <jane@x.org>, c@x.org",
			     "\xc3\x89lodie <e@x.org>" };
	struct outbox_item back;
	struct op_err	   err = { 0 };
	char		  *text;
	size_t		   len;

	it->bcc = bcc;
	it->nbcc = 2;
	text = outbox_env_format(it, &len);
	TAP_CONTAINS(text,
	    "\nbcc: \"Doe, Jane\" <jane@x.org>, c@x.org\n"
	    "bcc: \xc3\x89lodie <e@x.org>\n",
	    "envelope: one bcc line per text");
	tap_ok(outbox_env_parse(it->id, text, len, &back, &err) == 0 &&
		back.nbcc == 2 && strcmp(back.bcc[0], bcc[0]) == 0 &&
		strcmp(back.bcc[1], bcc[1]) == 0,
	    "envelope: bcc lines parse back (%s)", err.msg);
	outbox_item_free(&back);
	free(text);
	it->bcc = NULL;
	it->nbcc = 0;
	text = outbox_env_format(it, &len);
	tap_ok(strstr(text, "bcc") == NULL &&
		outbox_env_parse(it->id, text, len, &back, &err) == 0 &&
		back.nbcc == 0,
	    "envelope: none written without, and one without loads");
	outbox_item_free(&back);
	free(text);
}

/* The account: version 3, written only for an account not the default. */
static void
test_env_account(struct outbox_item *it)
{
	struct outbox_item back;
	struct op_err	   err = { 0 };
	char		  *text;
	size_t		   len;

	text = outbox_env_format(it, &len);
	tap_ok(strncmp(text, "version: 1\n", 11) == 0 &&
		strstr(text, "account") == NULL &&
		outbox_env_parse(it->id, text, len, &back, &err) == 0 &&
		back.account == NULL,
	    "envelope: without an account, version 1: the default account");
	outbox_item_free(&back);
	free(text);
	it->account = "isp";
	text = outbox_env_format(it, &len);
	tap_ok(strncmp(text, "version: 3\n", 11) == 0 &&
		strstr(text, "\naccount: isp\n") != NULL,
	    "envelope: an account is written, as version 3");
	tap_ok(outbox_env_parse(it->id, text, len, &back, &err) == 0 &&
		back.account != NULL && strcmp(back.account, "isp") == 0,
	    "envelope: the account parses back (%s)", err.msg);
	outbox_item_free(&back);
	free(text);
	it->account = NULL;
}

static void
test_env_format(void)
{
	struct outbox_rcpt_fail fail = { "b@example.org", "550 no\r\nsuch" };
	struct outbox_item	it, back;
	struct op_err		err = { 0 };
	char		       *text, *again;
	size_t			len, len2;

	memset(&it, 0, sizeof it);
	snprintf(it.id, sizeof it.id, "20261127T233600Z-0123456789ab");
	it.state = OUTBOX_DEFERRED;
	it.created = 1795822560;
	it.from = "me@example.org";
	it.rcpts = (char **)rcpts;
	it.nrcpts = 2;
	it.subject = "Gr\xc3\xbc\xc3\x9f"
		     "e";
	it.size = 42;
	it.attempts = 2;
	it.last_attempt = it.created + 60;
	it.next_attempt = it.created + 180;
	it.last_error = "timed out\r\n";
	it.last_reply = "421 4.7.0 busy\r\n421 4.7.0 later";
	it.failed_rcpts = &fail;
	it.nfailed_rcpts = 1;
	text = outbox_env_format(&it, &len);
	TAP_CONTAINS(text,
	    "version: 1\nid: 20261127T233600Z-0123456789ab\n"
	    "state: deferred\nphase: none\ncreated: 2026-11-27T23:36:00Z\n",
	    "envelope: version first, times in ISO 8601 UTC");
	TAP_CONTAINS(text,
	    "\nlast-error: timed out\nlast-reply: 421 4.7.0 busy / 421 4.7.0 later\n",
	    "envelope: replies on one line");
	TAP_CONTAINS(text, "\nrcpt-failed: b@example.org 550 no / such\n",
	    "envelope: refused recipient with its reply");
	tap_ok(outbox_env_parse(it.id, text, len, &back, &err) == 0,
	    "envelope parses back (%s)", err.msg);
	again = outbox_env_format(&back, &len2);
	tap_ok(len == len2 && strcmp(text, again) == 0 && back.nrcpts == 2 &&
		back.next_attempt == it.next_attempt,
	    "and formats the same");
	free(again);
	outbox_item_free(&back);
	tap_ok(outbox_env_parse(NULL, text, len, &back, &err) == 0,
	    "parse without a file name to match");
	outbox_item_free(&back);
	test_env_refusals(it.id, text);
	free(text);
	test_env_bcc(&it);
	test_env_account(&it);
	text = outbox_one_line("a\r\n\r\nb\n\x01x\xff\tc\n");
	tap_ok(strcmp(text, "a / b / ?x?\tc") == 0,
	    "one line: breaks, controls and bad UTF-8; tabs kept (%s)", text);
	free(text);
}

/*
 * Mount a tmpfs (mount options opts) at TMPDIR/name and open an outbox
 * in it holding one queued item; -1 (the six cases skipped with why) if
 * it cannot be mounted.
 */
static int
tmpfs_outbox(const char *name, const char *opts, const char *why, char *mnt,
    size_t mntlen, struct outbox *ob, struct outbox_item *it)
{
	struct op_err err = { 0 };

	snprintf(mnt, mntlen, "%s/%s", tmpdir, name);
	mkdir(mnt, 0700);
	if (!can_mount || mount("tmpfs", mnt, "tmpfs", 0, opts) == -1) {
		skip(6, why);
		return (-1);
	}
	free(data);
	xasprintf(&data, "%s/data", mnt);
	must(outbox_open(data, ob, &err) == 0, "open", &err);
	must(enq(ob, MSG, it, &err) == 0, "enqueue", &err);
	return (0);
}

static void
test_readonly_mount(void)
{
	struct outbox	   ob;
	struct outbox_item it, *v;
	struct op_err	   err = { 0 };
	char		   mnt[512];
	size_t		   n = 0;
	int		   fd;

	if (tmpfs_outbox("ro", "size=1m,mode=0700",
		"cannot mount a tmpfs (not root or no mount namespace)", mnt,
		sizeof mnt, &ob, &it) == -1)
		return;
	outbox_item_free(&it);
	outbox_close(&ob);
	if (mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL) == -1) {
		skip(6, "cannot remount the tmpfs read-only");
		umount(mnt);
		return;
	}
	tap_ok(outbox_open(data, &ob, &err) == 0, "a read-only outbox opens");
	tap_ok(enq(&ob, MSG, &it, &err) == -1 && err.code == OP_EIO,
	    "enqueue on a read-only file system fails");
	TAP_CONTAINS(err.msg, "/tmp/", "the error names the path (%s)",
	    err.msg);
	TAP_CONTAINS(err.msg, "the file system is read-only",
	    "in plain words");
	tap_ok(outbox_list(&ob, &v, &n, NULL, NULL, &err) == 0 && n == 1 &&
		count("queue") == 3 && count("tmp") == 0,
	    "nothing half-written; the earlier item is intact");
	if (n == 1 && outbox_lock(&ob, &v[0], &fd, &err) == 0) {
		tap_ok(outbox_begin(&ob, &v[0], &err) == -1 &&
			strstr(err.msg, "read-only") != NULL,
		    "begin fails clearly too (%s)", err.msg);
		outbox_unlock(fd);
	} else
		tap_ok(0, "lock on a read-only file system (%s)", err.msg);
	outbox_items_free(v, n);
	outbox_close(&ob);
	umount(mnt);
}

static void
report(int fd, int ok, const char *desc, const char *msg)
{
	dprintf(fd, "%d %s%s%s\n", ok, desc, msg != NULL ? ": " : "",
	    msg != NULL ? msg : "");
}

/* In a child: as uid 65534 (when root), outbox directories 0500. */
static void
child_readonly(const char *dir, int fd)
{
	struct outbox	   ob;
	struct outbox_item it, *v;
	struct op_err	   err = { 0 };
	size_t		   n;
	int		   r;

	if (geteuid() == 0 &&
	    (setgroups(0, NULL) == -1 || setgid(65534) == -1 ||
		setuid(65534) == -1)) {
		report(fd, 0, "drop to uid 65534", strerror(errno));
		return;
	}
	free(data);
	data = xstrdup(dir);
	if (outbox_open(dir, &ob, &err) == -1 ||
	    enq(&ob, MSG, &it, &err) == -1) {
		report(fd, 0, "open and enqueue as uid 65534", err.msg);
		return;
	}
	outbox_item_free(&it);
	chmod(P("tmp"), 0500);
	chmod(P("queue"), 0500);
	chmod(dir, 0500);
	r = enq(&ob, MSG, &it, &err);
	report(fd,
	    r == -1 && err.code == OP_EIO &&
		strstr(err.msg, "permission denied") != NULL,
	    "uid 65534, directories 0500: enqueue fails", err.msg);
	r = outbox_list(&ob, &v, &n, NULL, NULL, &err);
	report(fd,
	    r == 0 && n == 1 && count("queue") == 3 && count("tmp") == 0,
	    "nothing half-written; the earlier item is intact", NULL);
	if (r == 0)
		outbox_items_free(v, n);
	outbox_close(&ob);
}

static void
test_readonly_child(void)
{
	char  dir[512], line[1024];
	int   p[2], status;
	pid_t pid;
	FILE *f;

	snprintf(dir, sizeof dir, "%s/nobody", tmpdir);
	mkdir(dir, 0700);
	if ((geteuid() == 0 && chown(dir, 65534, 65534) == -1) ||
	    chmod(tmpdir, 0711) == -1 || pipe(p) == -1 || (pid = fork()) == -1)
		exit(99);
	if (pid == 0) {
		close(p[0]);
		child_readonly(dir, p[1]);
		free(data);
		_exit(0);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		tap_ok(line[0] == '1', "%s", line + 2);
	}
	fclose(f);
	waitpid(pid, &status, 0);
	chmod(tmpdir, 0700);
	chmod(dir, 0700);
	free(data);
	data = xstrdup(dir);
	chmod(P("tmp"), 0700);
	chmod(P("queue"), 0700);
}

static void
test_full_disk(void)
{
	struct outbox	   ob;
	struct outbox_item it, it2;
	struct op_err	   err = { 0 };
	struct statvfs	   sv;
	char		   mnt[512], *big, *buf;
	size_t		   len, room;

	if (tmpfs_outbox("full", "size=64k,mode=0700",
		"cannot mount a 64 KiB tmpfs (not root or no mount namespace)",
		mnt, sizeof mnt, &ob, &it) == -1)
		return;
	big = xmalloc(256 * 1024);
	memset(big, 'x', 256 * 1024);
	tap_ok(outbox_enqueue(&ob, big, 256 * 1024, "me@example.org", rcpts, 1,
		   NULL, NULL, &it2, &err) == -1 &&
		err.code == OP_EIO,
	    "enqueue of 256 KiB on a 64 KiB disk fails");
	TAP_CONTAINS(err.msg, "the disk is full", "in plain words (%s)",
	    err.msg);
	tap_ok(count("queue") == 3 && count("tmp") == 0,
	    "no partial item in queue/ or tmp/");
	tap_ok(outbox_read_message(&ob, &it, &buf, &len, &err) == 0 &&
		len == strlen(MSG) && memcmp(buf, MSG, len) == 0,
	    "the earlier item is intact");
	free(buf);
	/* Room for the .eml only: the .env is what does not fit. */
	if (statvfs(P("tmp"), &sv) == -1)
		exit(99);
	room = (size_t)sv.f_bavail * sv.f_frsize;
	tap_ok(room > 0 && room <= 256 * 1024 &&
		outbox_enqueue(&ob, big, room, "me@example.org", rcpts, 1,
		    NULL, NULL, &it2, &err) == -1 &&
		strstr(err.msg, ".env: the disk is full") != NULL,
	    "the message fits but its envelope does not: fails (%s)", err.msg);
	tap_ok(count("queue") == 3 && count("tmp") == 0,
	    "and its .eml and .lock are gone from queue/");
	free(big);
	outbox_item_free(&it);
	outbox_close(&ob);
	umount(mnt);
}

/* outbox_open on data after change(): refused with a message holding want. */
static void
refused(const char *what, const char *want, const char *fix)
{
	struct outbox ob;
	struct op_err err = { 0 };
	int	      r;

	r = outbox_open(data, &ob, &err);
	tap_ok(r == -1 && err.code == OP_EINSECURE,
	    "%s: the outbox is refused", what);
	if (r == 0)
		outbox_close(&ob);
	TAP_CONTAINS(err.msg, want, "%s: named (%s)", what, err.msg);
	TAP_CONTAINS(err.msg, fix, "%s: with the fix", what);
}

/* Directories that are not the user's alone, or not directories. */
static void
test_trust_dirs(void)
{
	struct outbox ob;
	struct op_err err = { 0 };
	char	      want[600], real[600];

	fresh("trustdirs");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	outbox_close(&ob);
	chmod(P("queue"), 0777);
	snprintf(want, sizeof want, "%s is writable by others (mode 777)",
	    P("queue"));
	refused("queue/ 0777", want, "run: chmod 700 '");
	chmod(P("queue"), 0700);
	chmod(data, 0770);
	refused("the data directory 0770", "writable by others (mode 770)",
	    "chmod 700");
	chmod(data, 0700);
	snprintf(real, sizeof real, "%s/realtmp", tmpdir);
	mkdir(real, 0700);
	rmdir(P("tmp"));
	if (symlink(real, P("tmp")) == -1)
		exit(99);
	snprintf(want, sizeof want, "%s is a symbolic link", P("tmp"));
	refused("tmp/ a symbolic link", want, "replace the link");
	unlink(P("tmp"));
	rmdir(P("sent"));
	if (symlink(real, P("sent")) == -1)
		exit(99);
	refused("sent/ a symbolic link", "sent is a symbolic link",
	    "replace the link");
	unlink(P("sent"));
	rmdir(P("damaged"));
	spew(P("damaged"), "x");
	refused("damaged/ a file",
	    "damaged is a regular file, not a directory", "move it away");
	unlink(P("damaged"));
	if (geteuid() != 0)
		skip(3, "a directory of another user needs root");
	else {
		if (chown(P("queue"), 65534, 65534) == -1)
			exit(99);
		refused("queue/ owned by uid 65534",
		    "owned by nobody (uid 65534)", "move it away (mv '");
		if (chown(P("queue"), 0, 0) == -1)
			exit(99);
	}
	tap_ok(outbox_open(data, &ob, &err) == 0 &&
		mode_of(P("damaged")) == 0700,
	    "once fixed, the outbox opens (a missing directory made 0700)");
	outbox_close(&ob);
}

/*
 * Files of an item that are not regular files of the user's: moved to
 * damaged/ with the reason, never blocking on a FIFO (an alarm turns a
 * hang into a failure).
 */
static void
test_trust_files(void)
{
	static const struct {
		const char *id, *ext, *kind, *why;
	} cases[] = {
		{ "20260101T000000Z-0000000000f1", ".eml", "fifo",
		    "f1.eml is a FIFO (named pipe), not a regular file" },
		{ "20260101T000000Z-0000000000f2", ".env", "fifo",
		    "f2.env is a FIFO (named pipe), not a regular file" },
		{ "20260101T000000Z-0000000000f3", ".eml", "link",
		    "f3.eml is a symbolic link, not a regular file" },
		{ "20260101T000000Z-0000000000f4", ".env", "link",
		    "f4.env is a symbolic link, not a regular file" },
		{ "20260101T000000Z-0000000000f5", ".eml", "nobody",
		    "f5.eml is owned by nobody (uid 65534), not by you" },
		{ "20260101T000000Z-0000000000f6", ".env", "nobody",
		    "f6.env is owned by nobody (uid 65534), not by you" },
	};
	struct outbox	      ob;
	struct outbox_item    good, *v, it;
	struct outbox_damage *d;
	struct op_err	      err = { 0 };
	char		     *env, *why, path[600], target[700];
	size_t		      i, n = 0, nd = 0, ncases = 0;
	int		      root = geteuid() == 0, fd;

	fresh("trustfiles");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &good, &err) == 0, "enqueue", &err);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(cases[i].kind, "nobody") == 0 && !root)
			continue;
		ncases++;
		env = env_with(cases[i].id, NULL, NULL);
		plant(cases[i].id, env, 1);
		free(env);
		snprintf(path, sizeof path, "%s",
		    P("queue/%s%s", cases[i].id, cases[i].ext));
		snprintf(target, sizeof target, "%s.real", path);
		if (strcmp(cases[i].kind, "fifo") == 0 &&
		    (unlink(path) == -1 || mkfifo(path, 0600) == -1))
			exit(99);
		if (strcmp(cases[i].kind, "link") == 0 &&
		    (rename(path, target) == -1 ||
			symlink(target, path) == -1))
			exit(99);
		if (strcmp(cases[i].kind, "nobody") == 0 &&
		    chown(path, 65534, 65534) == -1)
			exit(99);
	}
	alarm(60);
	tap_ok(outbox_list(&ob, &v, &n, &d, &nd, &err) == 0 && n == 1 &&
		strcmp(v[0].id, good.id) == 0,
	    "the list returns (no FIFO blocks it) with the good item only");
	alarm(0);
	outbox_items_free(v, n);
	tap_ok(nd == ncases, "every untrusted item is reported (%zu of %zu)",
	    nd, ncases);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(cases[i].kind, "nobody") == 0 && !root) {
			skip(1, "a file of another user needs root");
			continue;
		}
		why = tu_slurp(P("damaged/%s.why", cases[i].id), NULL);
		tap_ok(find_damage(d, nd, cases[i].id, cases[i].why) &&
			strstr(why, cases[i].why) != NULL &&
			!exists(P("queue/%s.env", cases[i].id)) &&
			!exists(P("queue/%s.eml", cases[i].id)),
		    "moved to damaged/ with the reason: %s", cases[i].why);
		free(why);
	}
	outbox_damage_free(d, nd);
	/* A FIFO as the lock: the item is moved aside when taken. */
	snprintf(path, sizeof path, "%s", P("queue/%s.lock", good.id));
	if (unlink(path) == -1 || mkfifo(path, 0600) == -1)
		exit(99);
	memset(&it, 0, sizeof it);
	snprintf(it.id, sizeof it.id, "%s", good.id);
	alarm(60);
	tap_ok(outbox_lock(&ob, &it, &fd, &err) == -1 &&
		err.code == OP_EDAMAGED &&
		strstr(err.msg, ".lock is a FIFO (named pipe)") != NULL &&
		exists(P("damaged/%s.why", good.id)),
	    "a FIFO as the lock: not waited on, the item moved aside (%s)",
	    err.msg);
	alarm(0);
	outbox_item_free(&good);
	outbox_close(&ob);
}

/* outbox_damage_locked: an item the caller judges is moved aside. */
static void
test_damage_locked(void)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct op_err	   err = { 0 };
	char		  *why;
	int		   fd;

	fresh("damagelocked");
	must(outbox_open(data, &ob, &err) == 0, "open", &err);
	must(enq(&ob, MSG, &it, &err) == 0, "enqueue", &err);
	must(outbox_lock(&ob, &it, &fd, &err) == 0, "lock", &err);
	tap_ok(outbox_damage_locked(&ob, &it, "not the account's sender",
		   &err) == 0,
	    "outbox_damage_locked succeeds");
	outbox_unlock(fd);
	why = tu_slurp(P("damaged/%s.why", it.id), NULL);
	tap_ok(strcmp(why, "not the account's sender\n") == 0 &&
		exists(P("damaged/%s.eml", it.id)) && count("queue") == 0,
	    "the item is in damaged/ with the reason, queue/ is empty");
	free(why);
	outbox_item_free(&it);
	outbox_close(&ob);
}

/* A private mount namespace, so tmpfs mounts stay ours. */
static void
setup_mounts(void)
{
	if (geteuid() != 0 || unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1)
		return;
	can_mount = 1;
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (99);
	}
	setup_mounts();
	test_env_format();
	test_enqueue();
	test_order();
	test_order_same_second();
	test_transitions();
	test_sent();
	test_backoff();
	test_count_unsent();
	test_damaged();
	test_recovery();
	test_locking();
	test_sent_crash();
	test_actions();
	test_tmp_cleanup();
	test_readonly_mount();
	test_readonly_child();
	test_full_disk();
	test_trust_dirs();
	test_trust_files();
	test_damage_locked();
	tu_rm_rf(tmpdir);
	free(data);
	return (tap_done());
}
