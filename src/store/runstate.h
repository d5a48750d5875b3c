/*
 * runstate.h -- what the queue runner leaves in the outbox directory
 * (DATA/outbox): runner.lock (at most one runner per user; it holds
 * the lock and publishes its pid and next try in it), runner.held (a
 * login the server refused: no runner tries again until the user acts)
 * and runner.log with one .old rotation.  Files of the user's only,
 * never followed through a symbolic link.  Storage only: the runner
 * itself is outpost-agent's (ui/agent/cmd-runner.c).
 */
#ifndef OUTPOST_RUNSTATE_H
#define OUTPOST_RUNSTATE_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "base/err.h"

struct config;
struct outbox_item;
struct policy;

#define RUNSTATE_LOG_MAX (64 * 1024) /* runner.log, and so runner.log.old */

struct runstate {
	int    active; /* a runner holds the lock */
	pid_t  pid;    /* its pid; 0 when it has not said yet */
	time_t next;   /* its next try; 0 while it works */
};

/*
 * Take the runner lock without waiting: *fd holds it until
 * runstate_unlock.  Errors: OP_ELOCKED (another runner holds it),
 * OP_EINSECURE (not a regular file of the user's), OP_EIO.
 */
int runstate_lock(const char *, int *, struct op_err *);
/* Say, in the lock, this process's pid and when it tries next. */
void runstate_publish(int, time_t);
void runstate_unlock(int);
/*
 * Whether a runner holds the lock, without taking it (a runner
 * starting meanwhile is never turned away).  Errors: OP_EINSECURE,
 * OP_EIO; a missing lock file is no runner.
 */
int runstate_probe(const char *, struct runstate *, struct op_err *);

/* "alice@smtp.example.org:465": whose logins a hold is about. */
void runstate_account(const struct config *, const struct policy *, char *,
    size_t);
/*
 * Hold the runner for the account, with why as the words `outpost
 * outbox` shows (one line); the other accounts' holds are kept (one
 * "account\nwhy\n" pair each), so the runner goes on with them.
 * Durable.  Errors: OP_EIO.
 */
int runstate_hold(const char *, const char *, const char *, struct op_err *);
/*
 * The words of the hold on the account (allocated), or NULL when it is
 * not held.  With account NULL, a hold on any account.
 */
char *runstate_held(const char *, const char *);
/*
 * The words of the hold on an account section of a config (its own
 * policy says the server), or NULL: not held, or its policy does not
 * load, so no login of it can have been refused.
 */
char *runstate_config_held(const char *, const struct config *);
/*
 * The words of the hold that keeps an outbox item waiting (allocated):
 * the item is queued or deferred and the runner is held for its
 * account in cfg (the default when it names none); else NULL, and NULL
 * for an account cfg has no section for.  With cfg NULL (no config to
 * read), a hold on any account.  What the Outbox screen shows as
 * "needs password"; it depends on the item's account and state only.
 */
char *runstate_item_held(const char *, const struct outbox_item *,
    const struct config *);
/*
 * runstate_item_held for many items: runner.held read once, and each
 * account's policy once (the words kept until runstate_holds_free).
 */
struct runstate_holds {
	const char	    *dir;
	const struct config *cfg;
	char		    *any;      /* a hold's words (runstate_held) */
	char		   **accounts; /* asked so far (NULL: the default) */
	char		   **words;    /* and their answers */
	size_t		     n;
};
void runstate_holds_init(struct runstate_holds *, const char *,
    const struct config *);
/* runstate_item_held's words for the item, kept by the holds. */
const char *runstate_holds_item(struct runstate_holds *,
    const struct outbox_item *);
void	    runstate_holds_free(struct runstate_holds *);
/* Whether a hold keeps the item waiting: it is queued or deferred. */
int runstate_item_waits(const struct outbox_item *);
/*
 * Whether the item is unsent and names an account that cfg has no
 * section for: no run sends it until the section is back.
 */
int runstate_item_orphan(const struct outbox_item *, const struct config *);
/* The user acted (flush, password): the hold is gone. */
void runstate_release(const char *);

/*
 * A line in runner.log: the time (UTC), the pid, the text on one line.
 * Past RUNSTATE_LOG_MAX the log becomes runner.log.old first.  Best
 * effort: a log that cannot be written is skipped.
 */
void runstate_log(const char *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

#endif
