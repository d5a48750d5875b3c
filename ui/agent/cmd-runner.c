/*
 * cmd-runner.c -- "outpost-agent runner": the per-user queue runner.  It
 * leaves the starter's session (fork, setsid, fork; no terminal, stdio on
 * /dev/null, SIGHUP ignored), takes the runner lock (one runner per
 * user), then delivers the due items, sleeps until the earliest next
 * attempt and again, until nothing waits.  It never prompts: a password
 * comes from password.command or the keyring, and a login the server
 * refused (or no password at all) holds the runner until the user acts.
 * runner_ensure starts it from the commands that leave a message waiting.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "conf/config.h"
#include "conf/paths.h"
#include "conf/policy.h"
#include "store/outbox.h"
#include "store/runstate.h"
#include "work/deliver.h"
#include "agent/runner.h"
#include "proto/protocol.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define NAP_MIN 5    /* seconds between passes while items stay due */
#define NAP_MAX 3700 /* the longest back-off, and a margin */

struct runner {
	struct config *cfg;
	struct policy *pol;
	char	      *data; /* the data directory */
	char	      *dir;  /* its outbox/, where the runner's files are */
	struct outbox  ob;   /* opened in the runner itself */
	char	       account[600];
	int	       lock;
	char	     **held; /* accounts held this pass (their names) */
	size_t	       nheld;
};

static void
on_note(void *arg, const char *text)
{
	runstate_log(((struct runner *)arg)->dir, "%s", text);
}

static void
on_outcome(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	struct runner *r = arg;

	runstate_log(r->dir, "%s %s (attempt %u)%s%s", it->id,
	    outbox_state_name(it->state), it->attempts, e != NULL ? ": " : "",
	    e != NULL ? e->msg : "");
}

static void
on_copy(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	struct runner *r = arg;

	runstate_log(r->dir, "%s copy %s%s%s", it->id,
	    e != NULL ? "pending" : "saved in ",
	    e != NULL ? ": " : it->copy_folder, e != NULL ? e->msg : "");
}

/* 1 if the item's account (NULL: the default) is held this pass. */
static int
held_item(const struct runner *r, const struct outbox_item *it)
{
	const char *name = it->account != NULL ? it->account : r->cfg->account;
	size_t	    i;

	for (i = 0; i < r->nheld; i++)
		if (strcmp(r->held[i], name) == 0)
			return (1);
	return (0);
}

/*
 * Whether an item waits for the runner, and the earliest time one is
 * due (queued: now).  Failed, uncertain and sending items are not its,
 * nor those of an account held until the user acts.
 */
static int
waiting(struct runner *r, time_t *next)
{
	struct outbox_item *items;
	struct op_err	    err = { 0 };
	size_t		    n, i;
	time_t		    t;
	int		    any = 0;

	if (outbox_list(&r->ob, &items, &n, NULL, NULL, &err) != 0) {
		runstate_log(r->dir, "%s", err.msg);
		return (0);
	}
	for (i = 0; i < n; i++) {
		if (!runstate_item_waits(&items[i]) || held_item(r, &items[i]))
			continue;
		/* 0 for a queued item, unless in its undo window */
		t = items[i].next_attempt;
		if (!any || t < *next)
			*next = t;
		any = 1;
	}
	outbox_items_free(items, n);
	return (any);
}

/* Until t, at least NAP_MIN seconds (an item another process holds). */
static void
nap(time_t t)
{
	time_t	 now = time(NULL);
	unsigned s = t > now + NAP_MIN ? (unsigned)(t - now) : NAP_MIN;

	s = s > NAP_MAX ? NAP_MAX : s;
	while ((s = sleep(s)) > 0)
		;
}

int
runner_hold(const char *dir, const char *account, const struct op_err *err)
{
	struct op_err e = { 0 };
	char	      words[OP_ERR_MSG + 200];

	if (err->code == OP_EAUTH)
		snprintf(words, sizeof words,
		    "the server refused the password; run outpost flush after checking it (%s)",
		    err->msg);
	else if (err->code == OP_ESECRET)
		snprintf(words, sizeof words,
		    "no password without asking (%s); run outpost flush once there is one",
		    err->msg);
	else
		return (0);
	if (runstate_hold(dir, account, words, &e) != 0)
		runstate_log(dir, "%s", e.msg);
	runstate_log(dir, "held: %s", words);
	return (1);
}

/* Before an account's pass: held, it is skipped (the others go on). */
static int
on_held(void *arg, const struct config *cfg, const struct policy *pol)
{
	struct runner *r = arg;
	char	       account[600], *why;

	runstate_account(cfg, pol, account, sizeof account);
	if ((why = runstate_held(r->dir, account)) == NULL)
		return (0);
	runstate_log(r->dir, "account %s held: %s", cfg->account, why);
	free(why);
	str_list_push(&r->held, &r->nheld, cfg->account);
	return (1);
}

/* After each account's pass: a refused login holds that account. */
static void
after_account(void *arg, const struct config *cfg, const struct policy *pol,
    int rc, const struct op_err *err)
{
	struct runner *r = arg;
	char	       account[600];

	if (rc == 0)
		return;
	runstate_log(r->dir, "no session for account %s: %s", cfg->account,
	    err->msg);
	runstate_account(cfg, pol, account, sizeof account);
	if (runner_hold(r->dir, account, err))
		str_list_push(&r->held, &r->nheld, cfg->account);
}

/* Passes until nothing waits; 1 when it stopped held. */
static int
passes(struct runner *r)
{
	struct deliver_events ev = { on_note, on_outcome, NULL, r, NULL,
		on_copy, NULL, NULL, on_held };
	struct deliver_stats  st;
	struct op_err	      err;
	char		      when[32];
	time_t		      next;
	struct tm	      tm;

	for (;;) {
		memset(&err, 0, sizeof err);
		str_list_free(r->held, r->nheld);
		r->held = NULL;
		r->nheld = 0;
		/* Each account's items through its own server; a held
		 * account's wait, the others' go on. */
		deliver_accounts(&r->ob, r->cfg, NULL, 0, &ev, &st,
		    after_account, r, &err);
		if (!waiting(r, &next))
			return (r->nheld > 0);
		runstate_publish(r->lock, next);
		localtime_r(&next, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		runstate_log(r->dir, "next try at %s", when);
		nap(next);
		runstate_publish(r->lock, 0);
	}
}

/* The runner proper, in its own session: 0 when it ends well. */
static int
run(struct runner *r)
{
	struct op_err err = { 0 };
	time_t	      next;

	int held;

	runstate_log(r->dir, "started for %s", r->account);
	for (;;) {
		held = passes(r);
		runstate_unlock(r->lock);
		r->lock = -1;
		/* A message deferred as we leave finds the lock taken: look
		 * again once it is free, and stay when one waits. */
		if (held || !waiting(r, &next) ||
		    runstate_lock(r->dir, &r->lock, &err) != 0)
			break;
		runstate_log(r->dir, "a message came as the runner left");
	}
	runstate_log(r->dir, "%s; the runner leaves",
	    held ? "held until you act" : "nothing waits");
	str_list_free(r->held, r->nheld);
	r->held = NULL;
	r->nheld = 0;
	return (EX_OK);
}

/* No terminal and no way back to the starter's session. */
static void
detach_io(const char *dir)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	signal(SIGHUP, SIG_IGN);
	umask(077);
	if (dir[0] == '/' && chdir("/") == -1)
		runstate_log(dir, "cannot leave the directory: %s",
		    strerror(errno));
}

/*
 * The grandchild: nothing of the starter's kept open (a pipe held open
 * would keep its reader waiting), the outbox opened, the lock taken; it
 * tells the starter through fd (a line "started PID", "running PID" or
 * "failed WHY"), then runs.
 */
static int
grandchild(struct runner *r, int fd)
{
	struct runstate rs;
	struct op_err	err = { 0 };
	int		rc, opened = 0;

	if (fd != STDERR_FILENO + 1) {
		dup2(fd, STDERR_FILENO + 1);
		fd = STDERR_FILENO + 1;
	}
	close_range(STDERR_FILENO + 2, ~0U, 0);
	detach_io(r->dir);
	if ((opened = outbox_open(r->data, &r->ob, &err) == 0) &&
	    runstate_lock(r->dir, &r->lock, &err) == 0) {
		dprintf(fd, "started %ld\n", (long)getpid());
		close(fd);
		rc = run(r);
	} else {
		if (err.code == OP_ELOCKED &&
		    runstate_probe(r->dir, &rs, &err) == 0)
			dprintf(fd, "running %ld\n", (long)rs.pid);
		else
			dprintf(fd, "failed %s\n", err.msg);
		close(fd);
		rc = err.code == OP_ELOCKED ? EX_OK : EX_CANTCREAT;
	}
	if (opened)
		outbox_close(&r->ob);
	return (rc);
}

/* The starter: what the grandchild said, in words; the exit status. */
static int
starter(int fd)
{
	char	buf[OP_ERR_MSG + 16];
	ssize_t n;
	size_t	len = 0;

	while (len < sizeof buf - 1 &&
	    ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0 ||
		(n == -1 && errno == EINTR)))
		len += n > 0 ? (size_t)n : 0;
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strncmp(buf, "started ", 8) == 0) {
		fprintf(stderr, "outpost runner: started (pid %s)\n", buf + 8);
		return (EX_OK);
	}
	if (strncmp(buf, "running ", 8) == 0) {
		fprintf(stderr, "outpost runner: already running (pid %s)\n",
		    buf + 8);
		return (EX_OK);
	}
	fprintf(stderr, "outpost runner: could not start: %s\n",
	    strncmp(buf, "failed ", 7) == 0 ? buf + 7 : "it ended at once");
	return (EX_OSERR);
}

/* fork, setsid, fork: -1 in the starter and the middle child's end. */
static int
detach(struct runner *r, int *rc)
{
	pid_t pid;
	int   p[2], st;

	if (pipe2(p, O_CLOEXEC) == -1) {
		fprintf(stderr, "outpost runner: %s\n", strerror(errno));
		*rc = EX_OSERR;
		return (-1);
	}
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (setsid() == -1 || (pid = fork()) == -1)
			_exit(EX_OSERR);
		if (pid > 0)
			_exit(EX_OK);
		*rc = grandchild(r, p[1]);
		return (0);
	}
	close(p[1]);
	if (pid == -1)
		fprintf(stderr, "outpost runner: %s\n", strerror(errno));
	while (pid != -1 && waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	*rc = pid == -1 ? EX_OSERR : starter(p[0]);
	close(p[0]);
	return (-1);
}

static int
find_dirs(struct runner *r)
{
	struct op_err err = { 0 };

	if (paths_data_dir(&r->data, &err) != 0) {
		fprintf(stderr, "outpost runner: %s\n", err.msg);
		return (EX_CANTCREAT);
	}
	xasprintf(&r->dir, "%s/outbox", r->data);
	return (0);
}

/*
 * The words of a hold when every account is held (nothing for a runner
 * to do), else NULL: one account held leaves the others to send.
 */
static char *
all_held(const struct runner *r)
{
	char   account[600], *why;
	size_t i;

	runstate_account(r->cfg, r->pol, account, sizeof account);
	why = runstate_held(r->dir, account);
	for (i = 1; why != NULL && i < config_account_count(r->cfg); i++) {
		free(why);
		why = runstate_config_held(r->dir,
		    config_account_at(r->cfg, i));
	}
	return (why);
}

/* 0 when the runner may start, else the exit status, said in words. */
static int
may_start(struct runner *r)
{
	char *why;

	if (!r->cfg->runner) {
		fprintf(stderr,
		    "outpost runner: queue.runner = off in %s: nothing started; \"outpost flush\" sends the queue\n",
		    r->cfg->path);
		return (EX_CONFIG);
	}
	runstate_account(r->cfg, r->pol, r->account, sizeof r->account);
	if ((why = all_held(r)) != NULL) {
		fprintf(stderr, "outpost runner: held: %s\n", why);
		free(why);
		return (EX_NOPERM);
	}
	return (0);
}

int
cmd_runner_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct runner r;
	struct config cfg;
	struct policy pol;
	int	      ch, rc;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c') {
			fputs("usage: outpost runner [-c FILE]\n", stderr);
			return (EX_USAGE);
		}
		ctx->config_path = optarg;
	}
	if (optind != argc) {
		fputs("usage: outpost runner [-c FILE]\n", stderr);
		return (EX_USAGE);
	}
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 1)) != 0)
		return (rc);
	memset(&r, 0, sizeof r);
	r.cfg = &cfg;
	r.pol = &pol;
	r.lock = -1;
	if ((rc = find_dirs(&r)) == 0 && (rc = may_start(&r)) == 0)
		detach(&r, &rc);
	free(r.data);
	free(r.dir);
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}

/* The data directory's outbox, where the runner's files are. */
static char *
outbox_dir(void)
{
	struct op_err err = { 0 };
	char	     *dir, *ob;

	if (paths_data_dir(&dir, &err) != 0)
		return (NULL);
	xasprintf(&ob, "%s/outbox", dir);
	free(dir);
	return (ob);
}

void
runner_release(void)
{
	char *dir = outbox_dir();

	if (dir != NULL)
		runstate_release(dir);
	free(dir);
}

/* Run "outpost-agent -c CONFIG runner" quietly: its exit status. */
static int
spawn(const char *config)
{
	char  self[PATH_MAX];
	char *av[] = { (char *)"outpost-agent", (char *)"-c", (char *)config,
		(char *)"runner", NULL };
	pid_t pid;
	int   fd, st;

	if (realpath("/proc/self/exe", self) == NULL)
		return (EX_OSERR);
	fflush(NULL);
	if ((pid = fork()) == -1)
		return (EX_OSERR);
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		close_range(STDERR_FILENO + 1, ~0U, 0);
		proto_agent_environ();
		execv(self, av);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return (EX_OSERR);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : EX_OSERR);
}

int
runner_ensure(const struct config *cfg, const struct policy *pol, pid_t *pid,
    struct op_err *err)
{
	struct runstate rs;
	char	       *dir, *why, account[600];
	int		rc;

	*pid = 0;
	if (!cfg->runner)
		return (op_err_set(err, OP_ECONFIG, "queue.runner = off in %s",
		    cfg->path));
	if ((dir = outbox_dir()) == NULL)
		return (op_err_set(err, OP_EIO, "no data directory"));
	runstate_account(cfg, pol, account, sizeof account);
	if ((why = runstate_held(dir, account)) != NULL) {
		op_err_set(err, OP_EAUTH, "the queue runner is held: %s", why);
		free(why);
		free(dir);
		return (-1);
	}
	/* Started, or found running; it may also have sent all and left. */
	rc = spawn(cfg->path);
	if (rc == EX_OK && runstate_probe(dir, &rs, err) == 0 && rs.active)
		*pid = rs.pid;
	free(dir);
	if (rc == EX_OK)
		return (0);
	return (op_err_set(err, OP_EIO,
	    "the queue runner could not start (status %d; see runner.log in the outbox directory)",
	    rc));
}
