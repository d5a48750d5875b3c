/*
 * send-draft.h -- "outpost-agent send --draft ID": the composer's way of
 * sending (ui/agent/cmd-send-draft.c).
 */
#ifndef OUTPOST_SEND_DRAFT_H
#define OUTPOST_SEND_DRAFT_H

#include <stdio.h>
#include <time.h>

/* What types attachments by their names (Debian's media-types package). */
#define SEND_MIME_TYPES "/etc/mime.types"

struct config;
struct message;
struct op_err;
struct outbox;
struct outbox_item;
struct policy;
struct trace;

/*
 * Load the draft, build its message (format=flowed), check its size
 * against the server's last known SIZE, queue it durably, report
 * "queued", delete the draft, then (unless queue_only) deliver it; with a
 * delay (seconds, 0: none) it is due only then, the undo window: not
 * delivered now, the runner started for it.  Returns the exit status.
 */
int send_draft(const struct config *, const struct policy *, const char *, int,
    int, struct trace *);

/*
 * The account draft id is written from (allocated), or NULL for the
 * default or a draft that does not load (send_draft then says why).
 */
char *send_draft_account(const char *);

/*
 * Queue a built message in an open outbox, its attachments streamed from
 * their files, with the DSN asked (NULL: none), as an item of cfg's
 * account; the one way both "send" and "send --draft" enqueue; due is when
 * it may go (0: at once).
 */
struct outbox_dsn;
int send_enqueue(struct outbox *, const struct config *,
    const struct message *, const struct outbox_dsn *, time_t,
    struct outbox_item *, struct op_err *);

#endif
