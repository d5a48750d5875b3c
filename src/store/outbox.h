/*
 * outbox.h -- the durable outbox: every message outpost accepted is on
 * disk (temp file, fsync, rename, fsync of the directory) before any
 * byte goes to the network, and ends delivered once, still queued, or
 * visibly failed or uncertain.  Never lost, never sent twice behind the
 * user's back.  This module is storage and state only: no network.
 *
 * The layout on disk, the envelope's keys, the states and what each
 * crash leaves are in HACKING.md ("The outbox"), and only there.  The
 * outbox is a trust boundary: only directories and files of the user's
 * that no one else can write are used (see outbox_open).
 */
#ifndef OUTPOST_OUTBOX_H
#define OUTPOST_OUTBOX_H

#include <sys/stat.h>

#include <stddef.h>
#include <time.h>

#include "base/atomicfile.h"
#include "base/err.h"

/*
 * The highest envelope version read and written.  An envelope is written
 * with the lowest version that holds its keys (1 unless it has version
 * 2's notify, ret or envid, or version 3's account), so an older outpost
 * still reads the others.
 */
#define OUTBOX_VERSION 3
#define OUTBOX_IDLEN   40

enum outbox_state {
	OUTBOX_QUEUED,	  /* waiting for its first attempt */
	OUTBOX_SENDING,	  /* an attempt is under way (lock held) */
	OUTBOX_DEFERRED,  /* temporary failure; next_attempt says when */
	OUTBOX_FAILED,	  /* permanent failure; last_error/reply say why */
	OUTBOX_UNCERTAIN, /* lost after the final dot: user decides */
	OUTBOX_SENT,	  /* in the sent archive */
};

/* How far an attempt got: decides what a crash leaves behind. */
enum outbox_phase {
	OUTBOX_PHASE_NONE, /* nothing sent: safe to retry */
	OUTBOX_PHASE_DATA, /* the payload may have reached the server */
};

/*
 * The copy of a sent item in the IMAP Sent folder (envelope key "copy";
 * none when the key is absent).  appending is written durably just
 * before APPEND: finding it again means a crash may have left a copy,
 * so the folder is searched by Message-ID before appending again.
 */
enum outbox_copy {
	OUTBOX_COPY_NONE,
	OUTBOX_COPY_PENDING,
	OUTBOX_COPY_APPENDING,
	OUTBOX_COPY_DONE,
};

struct outbox_rcpt_fail {
	char *address;
	char *reply;
};

/* What the stored bytes need from the server (envelope key "body"). */
#define OUTBOX_BODY_8BIT 0x1 /* MAIL ... BODY=8BITMIME */
#define OUTBOX_BODY_UTF8 0x2 /* MAIL ... SMTPUTF8 */

/*
 * Delivery status notifications asked with send -N, -R and -V (RFC 3461;
 * envelope keys notify, ret and envid, version 2).
 */
#define OUTBOX_NOTIFY_NEVER   0x1
#define OUTBOX_NOTIFY_SUCCESS 0x2
#define OUTBOX_NOTIFY_FAILURE 0x4
#define OUTBOX_NOTIFY_DELAY   0x8
enum outbox_ret {
	OUTBOX_RET_DEFAULT,
	OUTBOX_RET_FULL,
	OUTBOX_RET_HDRS
};

struct outbox_dsn {
	unsigned	notify; /* OUTBOX_NOTIFY_*, 0: not asked */
	enum outbox_ret ret;
	char	       *envid; /* printable ASCII, or NULL */
};

/*
 * "never" or a comma-separated list of success, delay and failure, in
 * any case, into OUTBOX_NOTIFY_* flags: 0, or -1 with the word that is
 * wrong in why (static text or a pointer into the argument, up to a
 * comma).
 */
int outbox_notify_parse(const char *, unsigned *, const char **);
/* "never", or "success,delay,failure" (those set), into buf. */
void outbox_notify_name(unsigned, char *, size_t);
/* "full" or "hdrs", in any case: 0 and *ret, or -1. */
int outbox_ret_parse(const char *, enum outbox_ret *);
/* 1 if s can be an envelope id: 1 to 100 printable ASCII characters. */
int outbox_envid_valid(const char *);

struct outbox_item {
	char			 id[OUTBOX_IDLEN];
	enum outbox_state	 state;
	enum outbox_phase	 phase;
	time_t			 created;
	char			*from;
	char		       **rcpts;
	size_t			 nrcpts;
	char			*subject; /* decoded, one line, may be NULL */
	char			*message_id; /* may be NULL */
	size_t			 size;	     /* bytes of the .eml */
	unsigned		 attempts;
	time_t			 last_attempt; /* 0: never */
	time_t			 next_attempt; /* 0: as soon as possible */
	char			*last_error;   /* our words, or NULL */
	char			*last_reply;   /* the server's, or NULL */
	time_t			 sent_at;      /* OUTBOX_SENT only */
	char			*final_reply;  /* OUTBOX_SENT only */
	unsigned		 body;	       /* OUTBOX_BODY_* flags */
	struct outbox_rcpt_fail *failed_rcpts; /* refused at RCPT */
	size_t			 nfailed_rcpts;
	enum outbox_copy	 copy;
	char			*copy_folder; /* where it went, or NULL */
	unsigned long		 copy_uid;    /* APPENDUID, 0: unknown */
	unsigned		 copy_attempts;
	time_t			 copy_next_attempt; /* 0: now */
	char			*copy_error;	    /* our words, or NULL */
	char		       **bcc;  /* the Bcc field as the user wrote it */
	size_t			 nbcc; /* (the Sent copy's; key "bcc") */
	struct outbox_dsn	 dsn;
	char			*account; /* its account; NULL: the default */
};

struct outbox {
	char *dir;				 /* DATA/outbox */
	int   tmpfd, queuefd, sentfd, damagedfd; /* dir fds */
};

/* A damaged item found while listing, for the caller to report. */
struct outbox_damage {
	char  id[OUTBOX_IDLEN];
	char *why; /* "ID.env:3: unknown state \"sendng\"" */
};

/*
 * Open (creating with mode 0700 as needed) the outbox under datadir.
 * The data directory and DATA/outbox/{,tmp,queue,sent,damaged} must be
 * directories, not symbolic links, owned by the user and writable by no
 * one else; each file of an item must be a regular file of the user's
 * (else the item is moved to damaged/ when it is read).
 * Errors: OP_EINSECURE naming the directory and the fix ("... is
 * writable by others (mode 777): ...; run: chmod 700 '...'"), OP_EIO
 * naming the directory and the reason.
 */
int  outbox_open(const char *, struct outbox *, struct op_err *);
void outbox_close(struct outbox *);

/*
 * Store a message: data/len are the exact bytes to send.  On success
 * item is filled (state queued) and both files are durable.  On failure
 * (disk full, read-only) nothing is left behind in queue/.
 * Errors: OP_EIO (ENOSPC and EROFS named in plain words).
 */
int outbox_enqueue(struct outbox *, const char *, size_t, const char *,
    char *const *, size_t, const char *, const char *, struct outbox_item *,
    struct op_err *);
/* The same, recording OUTBOX_BODY_* flags the bytes need. */
int outbox_enqueue_body(struct outbox *, const char *, size_t, const char *,
    char *const *, size_t, const char *, const char *, unsigned,
    struct outbox_item *, struct op_err *);
/*
 * What outbox_enqueue_stream calls to produce the message: an
 * atomicfile_fill (see atomicfile.h; the outbox words its own write
 * errors).
 */
typedef atomicfile_fill outbox_fill;
/* What an item may carry besides its message and envelope addresses. */
struct outbox_extra {
	unsigned		 body; /* OUTBOX_BODY_* */
	char *const		*bcc;  /* the Bcc texts, for the Sent copy */
	size_t			 nbcc;
	const struct outbox_dsn *dsn; /* NULL: none asked */
	time_t			 due; /* not sent before (undo window); 0 */
	const char		*account; /* NULL: the default account */
};
/*
 * outbox_enqueue_body for a message written piece by piece into the
 * temporary file (never whole in memory): len is its exact size (a
 * different count is an error), then fill and arg, then as
 * outbox_enqueue, with the extras (NULL: none; an invalid envelope id
 * is OP_EINVAL).  Fsynced and renamed as any other enqueue.
 */
int outbox_enqueue_stream(struct outbox *, size_t, outbox_fill, void *,
    const char *, char *const *, size_t, const char *, const char *,
    const struct outbox_extra *, struct outbox_item *, struct op_err *);
/*
 * The .eml of an item opened for reading, instead of read whole: *fdp
 * (close it), its size checked against the item's.  Errors as
 * outbox_read_message.
 */
int outbox_open_message(struct outbox *, const struct outbox_item *, int *,
    struct op_err *);
/* "7bit", "8bitmime", "smtputf8", "8bitmime smtputf8" */
const char *outbox_body_name(unsigned);

/*
 * Every item in queue/ (all states but sent), oldest first; items that
 * fail validation are moved to damaged/ and reported in *damage (may be
 * NULL).  An item left "sending" by a crashed process (its lock is free)
 * becomes queued, or uncertain when its phase was data.
 * Errors: OP_EIO.
 */
int outbox_list(struct outbox *, struct outbox_item **, size_t *,
    struct outbox_damage **, size_t *, struct op_err *);
/*
 * outbox_list for a flush: an envelope stamped as not due before a time
 * after until (outbox_stamp) is left unread and unlisted, so a flush
 * among 10,000 items reads only those that may be due.  Every envelope
 * without such a stamp is read (and settled) as outbox_list reads it.
 */
int outbox_list_due(struct outbox *, time_t, struct outbox_item **, size_t *,
    struct outbox_damage **, size_t *, struct op_err *);
/* The same for sent/. */
int outbox_list_sent(struct outbox *, struct outbox_item **, size_t *,
    struct op_err *);

/*
 * Load one item by id (queue/ first, then sent/).  A unique prefix of
 * the id is accepted.  Errors: OP_ENOTFOUND, OP_EINVAL (ambiguous
 * prefix), OP_EDAMAGED (damaged: moved aside, the message says why).
 */
int outbox_load(struct outbox *, const char *, struct outbox_item *,
    struct op_err *);

/*
 * The .eml bytes of an item (allocated).  Errors: OP_EIO, OP_ENOTFOUND,
 * OP_EDAMAGED (not a regular file of the user's: see outbox_load).
 */
int outbox_read_message(struct outbox *, const struct outbox_item *, char **,
    size_t *, struct op_err *);

/*
 * Take the item's lock without waiting, then re-read it (another process
 * may have changed it).  Errors: OP_ELOCKED ("being sent by another
 * outpost process"), OP_ENOTFOUND.  Returns a lock handle (fd) in *lock.
 */
int outbox_lock(struct outbox *, struct outbox_item *, int *, struct op_err *);
void outbox_unlock(int);

/* Rewrite the item's .env atomically (lock held). Errors: OP_EIO. */
int outbox_save(struct outbox *, const struct outbox_item *, struct op_err *);

/*
 * Transitions, each durable before it returns (lock held):
 * begin: state sending, phase none, attempts+1, last_attempt now;
 * begin_data: begin and data in one record, for a message whose
 * envelope and payload go out in one write (nothing between the two);
 * data: phase data (call just before the payload goes out);
 * defer: state deferred, next attempt by back-off with jitter, capped;
 * fail: state failed; uncertain: state uncertain;
 * sent: moved to sent/ with the server's final reply.
 */
int outbox_begin(struct outbox *, struct outbox_item *, struct op_err *);
int outbox_begin_data(struct outbox *, struct outbox_item *, struct op_err *);
int outbox_mark_data(struct outbox *, struct outbox_item *, struct op_err *);
int outbox_defer(struct outbox *, struct outbox_item *, const char *,
    const char *, struct op_err *);
int outbox_fail(struct outbox *, struct outbox_item *, const char *,
    const char *, struct op_err *);
int outbox_uncertain(struct outbox *, struct outbox_item *, const char *,
    const char *, struct op_err *);
int outbox_sent(struct outbox *, struct outbox_item *, const char *,
    struct op_err *);
/* Record a recipient the server refused (kept in the envelope). */
void outbox_add_failed_rcpt(struct outbox_item *, const char *, const char *);

/* User actions. retry: due now (deferred/failed -> queued);
 * resend: uncertain -> queued; mark-sent: uncertain -> sent;
 * delete: removed (queue/ or sent/).  Errors: OP_EINVAL when the
 * state does not allow it ("only an uncertain item can be marked sent"),
 * OP_ELOCKED, OP_EIO. */
int outbox_retry(struct outbox *, const char *, struct op_err *);
int outbox_resend(struct outbox *, const char *, struct op_err *);
int outbox_mark_sent(struct outbox *, const char *, struct op_err *);
int outbox_delete(struct outbox *, const char *, struct op_err *);
/* Delete a queue item whose lock (outbox_lock) the caller holds; the
 * caller still unlocks.  Errors: OP_EIO. */
int outbox_delete_locked(struct outbox *, const struct outbox_item *,
    struct op_err *);

/*
 * Move a queue item whose lock (outbox_lock) the caller holds to
 * damaged/, with why as its ID.why: it is never sent.  For what only
 * the caller can judge (deliver: a sender that is not the account's).
 * The caller still unlocks.  Errors: OP_EIO.
 */
int outbox_damage_locked(struct outbox *, const struct outbox_item *,
    const char *, struct op_err *);

/* Due for an automatic attempt at now (queued, or deferred and due). */
int outbox_due(const struct outbox_item *, time_t);
/* The stamp of "never due by itself" (failed, uncertain): 2100-01-01. */
#define OUTBOX_STAMP_NEVER ((time_t)4102444800)
/*
 * The time before which the item cannot be due without its envelope
 * being written again: next_attempt (queued, deferred), NEVER (failed,
 * uncertain), 0 for none (due now, sending, sent).  A queue/ envelope's
 * mtime is set to it before the file is renamed in place (HACKING.md,
 * "Stamps").
 */
time_t outbox_stamp(const struct outbox_item *);
/*
 * 1 if an envelope's stat says it is stamped not due before a time after
 * until: its mtime is after until and after its ctime.  No one can set a
 * ctime, so a file merely written (mtime <= ctime), even under a clock
 * set back since, is never skipped.
 */
int outbox_stamp_skips(const struct stat *, time_t);
/* How many of the items are not delivered yet: every state but
 * OUTBOX_SENT (an item sent but not yet moved to sent/ is not unsent). */
size_t outbox_count_unsent(const struct outbox_item *, size_t);
/*
 * How many items queue/ holds, from its names alone (no envelope is
 * read): every ID.env there is an item not yet filed in sent/, so this
 * is outbox_count_unsent of a listing, give or take what only a listing
 * settles -- an item whose filing as sent was cut short, or a damaged
 * envelope not yet moved aside, counts until something lists.  The
 * count is kept in OUTBOX/queue-count with queue/'s modification time,
 * and believed only while that time is unchanged and was at least two
 * seconds old when counted (every change to queue/ sets it; file times
 * are coarse), so a crash or a change cannot leave it stale.
 * Errors: OP_EIO.
 */
int outbox_count_queue(struct outbox *, size_t *, struct op_err *);
/* How many wait for an automatic attempt, due or not: queued, deferred. */
size_t outbox_count_waiting(const struct outbox_item *, size_t);
/* Back-off after n attempts, seconds, before jitter: 60 * 2^(n-1), max 3600.
 */
unsigned outbox_backoff(unsigned);

const char *outbox_state_name(enum outbox_state);
void	    outbox_item_free(struct outbox_item *);
void	    outbox_items_free(struct outbox_item *, size_t);
void	    outbox_damage_free(struct outbox_damage *, size_t);

/*
 * Ids (outbox-item.c) and the envelope text (outbox-env.c), shared by
 * the store (outbox.c), the tests and a fuzz target.
 */
#define OUTBOX_ENV_MAX (1024 * 1024) /* largest envelope read, bytes */

/* 1 if s is an id or id prefix: 1 to OUTBOX_IDLEN-1 of [0-9A-Za-z-]. */
int outbox_id_valid(const char *);
/*
 * A new id for the time ts into id[OUTBOX_IDLEN]: "YYYYMMDDTHHMMSSZ-",
 * the microsecond in 5 hex digits and 7 random ones, so that ids sort in
 * the order messages were accepted, within a second too.  Errors: OP_EIO
 * (no random bytes to be had).
 */
struct timespec;
int outbox_id_new(const struct timespec *, char *, struct op_err *);
/* When to try again after n attempts at now: back-off, +/- 20%. */
time_t outbox_retry_at(unsigned, time_t);
/*
 * Text as one line for the envelope (allocated): line breaks become
 * " / ", other control characters and invalid UTF-8 become '?'.
 */
char *outbox_one_line(const char *);
/* The envelope text of an item (allocated; its length in *len). */
char *outbox_env_format(const struct outbox_item *, size_t *);
/*
 * Parse and fully validate envelope text.  id (may be NULL) is the id
 * the file name says it must carry.  Errors: OP_EDAMAGED, the message
 * "ID.env:LINE: why".
 */
int outbox_env_parse(const char *, const char *, size_t, struct outbox_item *,
    struct op_err *);
const char *outbox_phase_name(enum outbox_phase);

/*
 * Sent copies (outbox-copy.c), on items in sent/ under sent/ID.lock.
 * list_copies: the sent items whose copy is pending or appending and,
 * unless all, due at now.  copy_lock: take the lock without waiting and
 * re-read the item (OP_ELOCKED, OP_ENOTFOUND).  The transitions are
 * durable before they return: appending (folder), done (folder, uid),
 * defer (attempts+1, back-off, the reason).
 */
int outbox_list_copies(struct outbox *, time_t, int, struct outbox_item **,
    size_t *, struct op_err *);
int outbox_copy_lock(struct outbox *, struct outbox_item *, int *,
    struct op_err *);
int outbox_copy_appending(struct outbox *, struct outbox_item *, const char *,
    struct op_err *);
int outbox_copy_done(struct outbox *, struct outbox_item *, const char *,
    unsigned long, struct op_err *);
int outbox_copy_defer(struct outbox *, struct outbox_item *, const char *,
    struct op_err *);
/* "none", "pending", "appending", "done" (outbox-env.c, as the next). */
const char *outbox_copy_name(enum outbox_copy);
/* Parse a copy key's value into it: 0, or -1 with why (static text). */
int outbox_copy_key(struct outbox_item *, const char *, const char *,
    const char **);

#endif
