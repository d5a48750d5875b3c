/*
 * outbox-int.h -- private to the Outbox screen's files
 * (screen-outbox.c: drawing, moving, refreshing; outbox-actions.c: the
 * user's actions; outbox-jobs.c: agent jobs and their events).
 */
#ifndef OUTPOST_UI_OUTBOX_INT_H
#define OUTPOST_UI_OUTBOX_INT_H

#include "input/action.h"
#include "tui/app.h"
#include "outbox/outbox-model.h"
#include "store/outbox.h"

struct outbox_screen {
	struct outbox	    ob;
	int		    opened;
	char		   *open_error; /* why the outbox cannot be read */
	struct outbox_model m;
	int		    list_rows; /* list rows at the last drawing */
	time_t		    drawn_at;  /* for relative times */
};

/* What a job is doing (one at a time). */
enum outbox_screen_job {
	OUTBOX_SCREEN_JOB_FLUSH, /* flush --all */
	OUTBOX_SCREEN_JOB_SEND,	 /* flush ID: retry or resend of one item */
	OUTBOX_SCREEN_JOB_COPY,	 /* flush --copy ID: one Sent copy */
	OUTBOX_SCREEN_JOB_EDIT,	 /* outbox-edit ID: back into a draft */
};

/* Read the outbox again when it changed (or force); 1 when read. */
int outbox_screen_refresh(struct outbox_screen *, struct app *, int);
/* The selected item, or NULL with a note on the status line. */
struct outbox_item *outbox_screen_selected(struct outbox_screen *,
    struct app *);
/* The key bound to an action in a table, or its name ("outbox-resend"). */
void outbox_screen_key_hint(struct app *, enum key_table, enum action_id,
    char *, size_t);
/* "“Lunch?”" (the subject, cut) or the id for an item. */
void outbox_screen_item_name(const struct outbox_item *, char *, size_t);

/* outbox-actions.c: 1 when the action is one of A_OUTBOX_*. */
int outbox_screen_act(struct outbox_screen *, struct app *, enum action_id);

/*
 * outbox-jobs.c: agent jobs outlive the screen (leaving the outbox does
 * not stop a delivery); their events reach the screen while it exists.
 */
int outbox_screen_job_start(struct app *, enum outbox_screen_job,
    const char *);
int outbox_screen_job_running(void);
/* A line for the top of the screen while a job runs, or NULL. */
const char *outbox_screen_job_note(void);
void	    outbox_screen_job_attach(struct outbox_screen *);
void	    outbox_screen_job_detach(struct outbox_screen *);
/* The outbox screen that exists now, or NULL. */
struct outbox_screen *outbox_screen_current(void);

#endif
