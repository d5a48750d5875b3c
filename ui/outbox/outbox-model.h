/*
 * outbox-model.h -- what the Outbox screen shows, without curses: the
 * items of the outbox and the recently sent ones (read with the outbox
 * API), the selection, the one-line row of each item fitted to a width
 * in display columns, the detail lines of the selected item, the text
 * of the view, and whether the outbox changed on disk since the last
 * reading.  Unit-tested by tests/unit/test-outbox-model.c.
 */
#ifndef OUTPOST_OUTBOX_MODEL_H
#define OUTPOST_OUTBOX_MODEL_H

#include <stddef.h>
#include <time.h>

#include "base/err.h"
#include "store/outbox.h"
#include "store/runstate.h"

/* Sent items are shown for this long (pending copies always). */
#define OUTBOX_MODEL_SENT_AGE (24 * 3600)
/* And at most this many of them, newest first. */
#define OUTBOX_MODEL_SENT_MAX 20

#define OUTBOX_MODEL_WATCHED 3 /* queue/, sent/ and the outbox directory */

struct outbox_model {
	struct outbox_item *items; /* unsent (oldest first), then sent */
	size_t		    n;
	size_t		    nunsent; /* items[0..nunsent) are in queue/ */
	size_t		    sel;
	size_t		    top; /* first row on screen */
	char		    sel_id[OUTBOX_IDLEN];
	/* the directories' modification times at the last reading */
	struct timespec mtime[OUTBOX_MODEL_WATCHED];
	int		stale;	  /* read again at the next chance */
	unsigned	ndamaged; /* moved aside at the last reading */
	char	       *damage_note;
	/* per item: the words of the hold it waits on, or NULL */
	const char	    **held;
	struct runstate_holds holds; /* what held points into */
};

void outbox_model_init(struct outbox_model *);
void outbox_model_free(struct outbox_model *);

/*
 * 1 when the outbox should be read again: marked stale, or queue/,
 * sent/ or dir itself (DATA/outbox: a hold made or released) changed
 * (a modification in the last second counts as changed until it is
 * older: time stamps are coarse).
 */
int outbox_model_changed(struct outbox_model *, const char *, time_t);
/*
 * Read the outbox again at now, keeping the selection on the same item
 * when it is still there; cfg's accounts say which waiting items a
 * refused login holds.  Errors: those of outbox_list.
 */
int outbox_model_load(struct outbox_model *, struct outbox *,
    const struct config *, time_t, struct op_err *);
/* Take over items (for the tests): unsent first, then sent. */
void outbox_model_set(struct outbox_model *, struct outbox_item *, size_t,
    size_t);

/*
 * The words of the hold (a refused login) the item i waits on, or NULL:
 * such an item "needs password".
 */
const char *outbox_model_held(const struct outbox_model *, size_t);

/* The selected item, or NULL when the list is empty. */
struct outbox_item *outbox_model_selected(struct outbox_model *);
/* Move the selection by delta rows (clamped); page is rows on screen. */
void outbox_model_move(struct outbox_model *, long);
void outbox_model_scroll(struct outbox_model *, int);

/* 1 when the item's copy to the Sent folder is still to be made. */
int outbox_model_copy_waiting(const struct outbox_item *);
/* The state in a word or two: "deferred", "copy wait" (sent, copy
 * pending). */
const char *outbox_model_state(const struct outbox_item *);
/*
 * When, relative to now: "in 4 min", "3 h ago", "just now"; short: "in
 * 4m", "3h ago", "now".
 */
void outbox_model_rel_time(time_t, time_t, int, char *, size_t);
/*
 * The row of an item in exactly cols display columns (padded with
 * spaces): state, the next try or how long ago, attempts (wide rows),
 * subject, recipients.  Text cut with "~" (ascii) or an ellipsis.  A
 * held item (held not NULL) "needs password" over the state and time
 * columns: nothing tries it again until the user acts.
 */
void outbox_model_row(const struct outbox_item *, const char *, time_t, int,
    int, char *, size_t);
/* The header row matching outbox_model_row's columns. */
void outbox_model_header(int, int, char *, size_t);
/*
 * The detail lines of an item (allocated, '\n' between lines, no
 * trailing one): recipients, attempts and next try, the last error and
 * the server's reply, the Sent copy.  held: the words of the hold it
 * waits on, or NULL (see outbox_model_held).
 */
char *outbox_model_detail(const struct outbox_item *, const char *, time_t);
/*
 * How many bytes of s[0..len) go on the first line of cols columns:
 * up to a '\n', broken after the last space that fits when there is
 * one (at least one character); ascii as for utf8_width.
 */
size_t outbox_model_wrap(const char *, size_t, int, int);
/*
 * A stored message as outpost-agent's outbox-view took it apart (with
 * libetpan's mailmime; the UI decodes no MIME itself).  NULL fields are
 * left out; error: it could not be decoded, and why.
 */
struct outbox_model_view {
	const char	  *to, *cc, *bcc, *subject, *body;
	const char	  *error;
	const char *const *files; /* "name (size)" */
	size_t		   nfiles;
	const char	  *held; /* the hold the item waits on, or NULL */
};

/*
 * The text of the view (allocated, UTF-8): the envelope's facts, then
 * the decoded message (control characters and invalid UTF-8 shown as
 * '?', the text cut after max bytes).
 */
char *outbox_model_view_text(const struct outbox_item *,
    const struct outbox_model_view *, size_t);

/*
 * Fit UTF-8 text into cols display columns (utf8_fit; ascii: the
 * terminal is not UTF-8): copy it into buf (cut with the ellipsis, "~"
 * when ascii, when longer), pad with spaces to exactly cols; characters
 * utf8_width shows as '?' become '?'.  Returns the columns used before
 * padding.  The ascii argument of outbox_model_row, _header and _fit may
 * also be OUTBOX_MODEL_PLAIN (ui.plain: the terminal is UTF-8, the marks
 * ASCII): the cut is "~", the text measured as UTF-8.
 */
#define OUTBOX_MODEL_PLAIN 2
int outbox_model_fit(const char *, int, int, char *, size_t);

#endif
