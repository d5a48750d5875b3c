/*
 * runner.h -- starting the per-user queue runner ("outpost-agent
 * runner", cmd-runner.c) from the commands that leave a message waiting
 * (send, send --draft, flush): it delivers the due items by their
 * back-off until none waits, in a session of its own.
 */
#ifndef OUTPOST_RUNNER_H
#define OUTPOST_RUNNER_H

#include <sys/types.h>

#include <time.h>

#include "base/err.h"

struct config;
struct policy;

/*
 * Make sure a runner is active for this config (and its file, cfg->path,
 * which the runner loads): unless queue.runner is off, one is started
 * when none runs.
 * Returns 0 when one is active, its pid in *pid; else -1 with err
 * saying why nothing will retry (off in the config, held after a
 * refused password, or it could not start).
 */
int runner_ensure(const struct config *, const struct policy *, pid_t *,
    struct op_err *);

/*
 * After a failed login: a password the server refused (OP_EAUTH), or
 * none to be had without asking (OP_ESECRET), holds the runner of the
 * account (outbox directory, runstate_account) until the user acts: 1.
 * Any other error: 0, nothing held.
 */
int runner_hold(const char *, const char *, const struct op_err *);

/* The user acted (flush, password): a held runner may try again. */
void runner_release(void);

#endif
