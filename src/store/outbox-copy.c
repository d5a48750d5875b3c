/*
 * outbox-copy.c -- the state of a sent item's copy in the IMAP Sent
 * folder: the due list and the transitions, each durable (sent/ID.env
 * replaced atomically) under sent/ID.lock.  Its envelope keys are read
 * and written with the others in outbox-env.c.  The sent bytes
 * themselves are never touched here.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/outbox-int.h"
#include "base/xmalloc.h"

static int
copy_wanted(const struct outbox_item *it, time_t now, int all)
{
	if (it->copy != OUTBOX_COPY_PENDING &&
	    it->copy != OUTBOX_COPY_APPENDING)
		return (0);
	return (all || it->copy_next_attempt <= now);
}

int
outbox_list_copies(struct outbox *ob, time_t now, int all,
    struct outbox_item **out, size_t *nout, struct op_err *err)
{
	struct outbox_item *items;
	size_t		    n, i, k = 0;

	if (outbox_list_sent(ob, &items, &n, err) != 0)
		return (-1);
	for (i = 0; i < n; i++) {
		if (copy_wanted(&items[i], now, all))
			items[k++] = items[i];
		else
			outbox_item_free(&items[i]);
	}
	*out = items;
	*nout = k;
	return (0);
}

int
outbox_copy_lock(struct outbox *ob, struct outbox_item *it, int *fdp,
    struct op_err *err)
{
	struct outbox_item fresh;
	int		   fd;

	if (!outbox_id_valid(it->id))
		return (outbox_bad_id(it->id, err));
	if ((fd = outbox_flock_in(ob, ob->sentfd, "sent", it->id, NULL,
		 err)) == -1) {
		if (err->code == OP_ELOCKED)
			op_err_set(err, OP_ELOCKED,
			    "the copy of %s is being made by another outpost process",
			    it->id);
		return (-1);
	}
	if (outbox_load_from(ob, ob->sentfd, it->id, &fresh, err) == -1) {
		close(fd);
		return (-1);
	}
	outbox_item_free(it);
	*it = fresh;
	*fdp = fd;
	return (0);
}

static int
copy_save(struct outbox *ob, const struct outbox_item *it, struct op_err *err)
{
	return (outbox_save_in(ob, ob->sentfd, "sent/", it, err));
}

static void
set_text(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL ? outbox_one_line(v) : NULL;
}

int
outbox_copy_appending(struct outbox *ob, struct outbox_item *it,
    const char *folder, struct op_err *err)
{
	it->copy = OUTBOX_COPY_APPENDING;
	set_text(&it->copy_folder, folder);
	return (copy_save(ob, it, err));
}

int
outbox_copy_done(struct outbox *ob, struct outbox_item *it, const char *folder,
    unsigned long uid, struct op_err *err)
{
	it->copy = OUTBOX_COPY_DONE;
	it->copy_uid = uid;
	it->copy_next_attempt = 0;
	set_text(&it->copy_folder, folder);
	set_text(&it->copy_error, NULL);
	return (copy_save(ob, it, err));
}

int
outbox_copy_defer(struct outbox *ob, struct outbox_item *it, const char *why,
    struct op_err *err)
{
	/*
	 * An interrupted APPEND stays "appending": it must be looked up.
	 * The caller sets pending when the server refused it for certain.
	 */
	if (it->copy != OUTBOX_COPY_APPENDING)
		it->copy = OUTBOX_COPY_PENDING;
	it->copy_attempts++;
	it->copy_next_attempt = outbox_retry_at(it->copy_attempts, time(NULL));
	set_text(&it->copy_error, why);
	return (copy_save(ob, it, err));
}
