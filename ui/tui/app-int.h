/*
 * app-int.h -- what the app-*.c files and the framework's own screens
 * (screen-help.c, screen-view.c) share, and the composer, outbox and
 * settings screens never see: the private state behind struct app, and
 * the entry points of the drawing, prompt and job parts of the main loop.
 */
#ifndef OUTPOST_APP_INT_H
#define OUTPOST_APP_INT_H

#include <poll.h>
#include <stdint.h>

#include "tui/app.h"
#include "input/keys.h"

#define APP_STACK_MAX  16
#define APP_STATUS_MAX 512
#define APP_HOOKS_MAX  16
#define APP_MIN_ROWS   12
#define APP_MIN_COLS   40
#define APP_TICK_MS    1000

struct prompt;

struct unsaved_hook {
	struct screen *screen;
	int (*unsaved)(struct screen *);
};

struct app_private {
	struct screen *stack[APP_STACK_MAX];
	size_t	       depth;
	/* The three main screens live on while others are shown. */
	struct screen *main[3];
	/* Screens popped while they were running: freed after the key. */
	struct screen *dead[APP_STACK_MAX * 2];
	size_t	       ndead;

	char status[APP_STATUS_MAX];
	int  status_error;
	/* Plain mode: what came while an error waited for a key. */
	char held[APP_STATUS_MAX];
	int  held_error; /* 0 note, 1 error; -1: nothing held */
	/* The last message, whole: Help shows it when the line cut it. */
	char last[APP_STATUS_MAX];
	int  last_cut;
	int  in_key; /* a key is being handled */
	keyc prefix; /* the first key of a sequence, waiting */
	char count[64];

	int rows, cols;
	int dirty;
	int quit;
	/* Where the cursor rests after drawing (ui_cursor, ui_select). */
	int cursor_row, cursor_col;
	int cursor_shown; /* a caret (ui_cursor), not a selection */

	struct prompt *prompts; /* the first is on the bottom line */
	struct job    *jobs;
	unsigned       next_job_id;

	struct unsaved_hook hooks[APP_HOOKS_MAX];
};

/* app-password.c: the password typed this session, once accepted. */
void	    app_password_keep(const char *);
const char *app_password_get(void);
void	    app_password_forget(void);

/* SIGHUP came (or the terminal closed): never write to it again. */
int app_hung_up(void);
/* Milliseconds of a monotonic clock. */
int64_t app_now_ms(void);

/* app-draw.c */
void app_draw_init(struct app *);
void app_draw(struct app *);
int  app_too_small(struct app *);
/* A key for the hint line: "^S", "F2", "Tab" ("Ctrl-S" when plain). */
void app_key_short(struct app *, keyc, char *, size_t);
/*
 * text from the start of row in cols columns; what does not fit ends
 * after the words that do, in an ellipsis.  Returns the columns taken.
 */
int ui_text_words(const struct screen_area *, int, int, enum ui_attr,
    const char *);

/* app-prompt.c */
int app_prompt_active(struct app *);
/* 0 when the prompt has no use for the key (global keys then work). */
int app_prompt_key(struct app *, keyc);
/* Rows the prompt takes at this width: 2 when its question is long. */
int app_prompt_rows(struct app *, int);
/* Draw the prompt on its rows (from row) and place the cursor. */
void app_prompt_draw(struct app *, int, int, int);
/* Forget prompts made with this callback and argument (not called). */
void app_prompt_drop(struct app *, void (*)(void), void *);
void app_prompt_free_all(struct app *);

/* app-job.c */
/* The pollfds of running jobs from pfd[0]; returns how many (<= max). */
size_t app_jobs_pollfds(struct app *, struct pollfd *, size_t);
void   app_jobs_io(struct app *, const struct pollfd *, size_t);
/* Reap, time out cancels, report exits; 1 when a job awaits reaping. */
int  app_jobs_tick(struct app *);
void app_jobs_forget(struct app *);

/* app-load.c */
void app_load_settings(struct app *, const char *, struct op_err *);
void app_test_job(struct app *);
void app_start_runner(struct app *);
void app_test_run(struct app *);

/* screen-view.c: a scrollable text of this kind and key tables. */
struct screen *screen_text_new(enum screen_kind, const char *,
    const enum key_table *, size_t);
/* Wrapped lines go on at this column when it leaves room (Help's texts). */
void screen_text_hang(struct screen *, int);

#endif
