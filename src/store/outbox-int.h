/*
 * outbox-int.h -- internals shared by the src/store/outbox*.c files, not
 * for use outside them.  The files are layers: each calls only the ones
 * above it in this list, never one below it.
 *
 *   outbox-item.c  ids, back-off, due, counting, freeing: uses none
 *   outbox-fs.c    the directories, files written atomically, scans
 *   outbox-env.c   the envelope text, copy keys included (no files)
 *   outbox.c       the store: enqueue, load, save, lock, damage, crash
 *                  recovery, filing as sent, removal
 *   outbox-list.c  listing, lookup by id or prefix, the user's lock
 *   outbox-act.c   the transitions and the user's actions
 *   outbox-copy.c  the Sent copy's transitions
 *
 * tests/lint/outbox-calls.sh reads this list and checks it on the
 * built objects.  The declarations below follow the same order.
 */
#ifndef OUTPOST_OUTBOX_INT_H
#define OUTPOST_OUTBOX_INT_H

#include <sys/stat.h>

#include <stddef.h>
#include <time.h>

#include "base/err.h"
#include "store/outbox.h"

#define OUTBOX_NAME_LEN (OUTBOX_IDLEN + 16)

/* outbox-item.c: OP_EINVAL "\"ID\" is not an outbox id (...)". */
int outbox_bad_id(const char *, struct op_err *);

/* outbox-fs.c */

/* The names in one directory, sorted. */
struct outbox_names {
	char **v;
	size_t n;
};

/* OP_EIO "WHAT: why", why in plain words ("the disk is full"). */
int outbox_io_err(struct op_err *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));
/* "tmp", "queue", "sent" or "damaged" for a directory fd of ob. */
const char *outbox_dname(const struct outbox *, int);
/* 1 if DIR/ID.EXT exists (ext with its dot: ".env"). */
int outbox_exists(int, const char *, const char *);

/*
 * Open DIR/NAME for reading: a regular file of the user's, never
 * through a symbolic link, never blocking on a FIFO; *st is its fstat.
 * Returns the fd, or -1: OP_ENOTFOUND ("NAME is missing"), OP_EDAMAGED
 * ("NAME is a FIFO (named pipe), not a regular file", "NAME is owned by
 * nobody (uid 65534), not by you (alice)": the item is damaged), OP_EIO.
 */
int outbox_open_file(struct outbox *, int, const char *, struct stat *,
    struct op_err *);
/*
 * The same judgement without opening: lstat of DIR/NAME into *st (a
 * listing's look at an .eml, one syscall instead of three); 0, or -1
 * with outbox_open_file's errors.
 */
int outbox_stat_file(struct outbox *, int, const char *, struct stat *,
    struct op_err *);
/*
 * Open (creating, 0600) DIR/ID.lock, checked as outbox_open_file checks:
 * its fd for flock(2), or -1 with the same errors.
 */
int outbox_open_lock(struct outbox *, int, const char *, struct op_err *);

/*
 * Write a new tmp/NAME (0600) with exactly len bytes from fill, and
 * fsync (atomicfile_write_at).  With a fd pointer the file is left open
 * there; without, a leftover tmp/NAME of a crashed process holding the
 * same item is replaced.  On failure tmp/NAME is removed.
 */
int outbox_tmp_fill(struct outbox *, const char *, size_t, outbox_fill, void *,
    int *, struct op_err *);
/* Rename tmp/NAME to DIR/NAME and fsync DIR (not tmp/: see HACKING.md,
 * "Fsyncs"); on failure tmp/NAME is removed. */
int outbox_tmp_commit(struct outbox *, const char *, int, struct op_err *);
/* Both: replace DIR/NAME atomically and durably. */
int outbox_put_file(struct outbox *, int, const char *, const char *, size_t,
    struct op_err *);
int outbox_dir_sync(struct outbox *, int, struct op_err *);
/* Move FROM/ID.EXT to TO/TOID.EXT; a missing file is no error. */
int outbox_move(struct outbox *, int, int, const char *, const char *,
    const char *, struct op_err *);

/* What outbox_scan_each calls with each name. */
typedef void outbox_name_fn(void *, const char *);

/* Every name in a directory but dot files, sorted. Errors: OP_EIO. */
int outbox_scan(struct outbox *, int, struct outbox_names *, struct op_err *);
/* fn(arg, name) for each of them, unsorted.  Errors: OP_EIO. */
int  outbox_scan_each(struct outbox *, int, outbox_name_fn *, void *,
     struct op_err *);
int  outbox_names_has(const struct outbox_names *, const char *, const char *);
void outbox_names_free(struct outbox_names *);
/* Split "ID.EXT" into id[OUTBOX_IDLEN] and ".EXT"; NULL if not ours. */
const char *outbox_split_name(const char *, char *);

/* outbox.c */

/* Damaged items found on the way, for outbox_list's caller. */
struct outbox_dlist {
	struct outbox_damage *v;
	size_t		      n;
};

/*
 * Read and validate DIR/ID.env and its .eml.  Errors: OP_ENOTFOUND,
 * OP_EDAMAGED (damaged: the message says why), OP_EIO.
 */
int outbox_load_from(struct outbox *, int, const char *, struct outbox_item *,
    struct op_err *);
/* Move DIR/ID.{eml,env,lock} to damaged/ with ID.why; record it. */
int outbox_damage_move(struct outbox *, int, const char *, const char *,
    struct outbox_dlist *, struct op_err *);
/* outbox_damage_move with the reason err holds (OP_EDAMAGED), then
 * outbox_moved_aside: returns -1 with err saying where the item went (or
 * OP_EIO). */
int outbox_damage_err(struct outbox *, int, const char *,
    struct outbox_dlist *, struct op_err *);
/* OP_EDAMAGED: "ID is damaged and was moved to DIR/damaged/: why". */
int outbox_moved_aside(struct outbox *, const char *, const char *,
    struct op_err *);
/*
 * Take queue/ID.lock without waiting and read the item again: a
 * "sending" item is recovered, a "sent" one filed (OP_ENOTFOUND), a
 * damaged one moved aside (OP_EDAMAGED).  Also OP_ELOCKED, OP_EIO.
 */
int outbox_lock_item(struct outbox *, const char *, int *,
    struct outbox_item *, struct outbox_dlist *, struct op_err *);
/* File a sent item: .eml then .env into sent/, both dirs synced. */
int outbox_finish_sent(struct outbox *, const char *, struct op_err *);
/* Delete DIR/ID.*: the envelope first, to tmp/ID.deleted. */
int outbox_remove_item(struct outbox *, int, const char *, struct op_err *);
/* The rest of a deleted item once its envelope is gone. */
int outbox_remove_rest(struct outbox *, int, const char *, struct op_err *);

/*
 * Write an item's envelope in the folder dirfd (queue/ or sent/, named where
 * in the error) while its .eml is still there.  Errors: OP_ENOTFOUND
 * ("ID is no longer in sent/"), those of outbox_put_file.
 */
int outbox_save_in(struct outbox *, int, const char *,
    const struct outbox_item *, struct op_err *);

/*
 * Open and flock(2) folder/ID.lock in dirfd without waiting: the fd, or
 * -1.  A lock file that is not the user's regular file is damage (the
 * item is moved aside, noted in dl); OP_ELOCKED when another process
 * holds it (callers say what it is doing), OP_EIO.
 */
int outbox_flock_in(struct outbox *, int, const char *, const char *,
    struct outbox_dlist *, struct op_err *);

/* outbox-list.c */
/*
 * Resolve an id or prefix and take the item for a user action: locked
 * (*fd >= 0), or from sent/ unlocked (*fd -1) for the state check to
 * refuse.  Errors: OP_ENOTFOUND, OP_EINVAL, OP_ELOCKED, OP_EDAMAGED.
 */
int outbox_user_lock(struct outbox *, const char *, struct outbox_item *,
    int *, struct op_err *);

#endif
