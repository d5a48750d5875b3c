/*
 * app.h -- the terminal UI's shared state and the services screens use:
 * the loaded settings, the screen stack, the status line, drawing in a
 * screen's area, a question on the bottom line, and jobs (outpost-agent
 * children speaking JSON lines over a pipe).  Only tty.c and app-draw.c
 * talk to curses (through tty-curses.h).
 */
#ifndef OUTPOST_APP_H
#define OUTPOST_APP_H

#include <stddef.h>
#include <stdint.h>

#include "conf/config.h"
#include "conf/policy.h"
#include "tui/screen.h"

struct keymap;
struct job;
struct json_t; /* jansson's json_t: only the files reading events include it */

struct app {
	char	      *config_path; /* where settings are saved */
	int	       have_config; /* the file existed and loaded */
	struct config  cfg;	    /* config_init'd when there is none */
	struct policy  pol;
	char	      *data_dir; /* outbox, drafts */
	struct keymap *keys;
	int	       ascii;	    /* no UTF-8 locale: ASCII line drawing */
	int	       mono;	    /* no colours */
	const char    *start_draft; /* opened at start: no recovery offered */
	int	       start_body;  /* and in its text (a reply), not in To */
	/* private to app.c from here on */
	struct app_private *priv;
};

/* The screen stack. */
void app_push(struct app *, struct screen *);
void app_pop(struct app *); /* frees the top screen */
/*
 * Go to one of the three main screens (replacing the stack).  The main
 * screens are made once and kept while another is shown (the composer's
 * message survives a visit to the outbox); all are freed at exit.
 */
void app_show(struct app *, enum screen_kind);
/*
 * app_show, then have that screen open the item named (its ops->open):
 * how one screen sends the user to another with something in it (the
 * outbox's "edit": the composer with the draft id).
 */
void	       app_open(struct app *, enum screen_kind, const char *);
struct screen *app_top(struct app *);
/*
 * Optional: quit asks first while check(screen) returns 1 (unsaved
 * work).  A screen registers once, e.g. in its constructor; the hook
 * goes when the screen is freed.
 */
void app_set_unsaved_check(struct app *, struct screen *,
    int (*)(struct screen *));

/* The status line: a note, or an error (shown until the next key). */
void app_status(struct app *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void app_error(struct app *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * ui.plain (screen readers, braille displays): the UI's own text is
 * printable ASCII, keys and marks in words, and an error stays on the
 * status line until a key (what comes meanwhile is shown after it).
 */
int app_plain(const struct app *);
/* An ellipsis: U+2026, or "..." in plain mode or without UTF-8. */
const char *app_ellipsis(const struct app *);
/*
 * Is progress at done of total worth showing now?  Always, except in
 * plain mode: each tenth once, at most one a second.  Zero *p first.
 */
struct app_progress {
	int	tenth; /* the last shown + 1; 0: none yet */
	int64_t at;    /* when (app_now_ms) */
};
int app_progress_due(struct app *, struct app_progress *, long long,
    long long);
/* The outbox's count on the title line: "2 unsent", nothing for 0. */
void app_status_unsent(struct app *, size_t);
/* Ask for a redraw of everything. */
void app_dirty(struct app *);
/*
 * The first key bound to action in table, short as on the key hint
 * ("^X", "F5", "Tab"), for texts such as "press F5 to test"; 0 (and
 * "") when the action has no key there.
 */
int app_key_for(struct app *, enum key_table, enum action_id, char *, size_t);

/*
 * Drawing inside a screen's area: row/col relative to the area, text
 * UTF-8, cut at the area's right edge (wide characters counted as two
 * columns).  Attributes (screen.h): UI_NORMAL, UI_BOLD, UI_REVERSE (the
 * selection), UI_DIM (locked values), UI_ERROR, UI_OK.
 */
void ui_text(const struct screen_area *, int, int, enum ui_attr, const char *);
/* The same, at most n bytes of the text. */
void ui_textn(const struct screen_area *, int, int, enum ui_attr, const char *,
    size_t);
/* Clear from col to the end of the row. */
void ui_clear_eol(const struct screen_area *, int, int);
/* A horizontal rule (ASCII '-' when app->ascii; nothing when plain). */
void ui_hline(const struct screen_area *, int);
/*
 * Where the terminal cursor rests after drawing, which screen readers
 * and braille displays follow: ui_cursor at a field's caret (shown),
 * ui_select where the selected item's text starts (hidden).  The last
 * call wins (a prompt on the bottom line comes after the screen); a
 * screen that calls neither leaves it at the start of its area.
 */
void ui_cursor(const struct screen_area *, int, int);
void ui_select(const struct screen_area *, int, int);
/* Display columns of UTF-8 text (wcwidth; invalid bytes count 1). */
int ui_width(const char *, size_t);
/*
 * The bytes of text's next row in width columns, broken at a space (a
 * word longer than the row is cut); stops at a newline.  The caller
 * skips the spaces after it.
 */
size_t ui_wrap_next(const char *, int);
/* ui_text, its end an ellipsis when it does not fit. */
void ui_text_clip(const struct screen_area *, int, int, enum ui_attr,
    const char *);
/* ui_text broken between words over the rows from row; returns them. */
int ui_text_wrap(const struct screen_area *, int, int, enum ui_attr,
    const char *);

/*
 * A question on the bottom line.  Text prompts edit a line (masked:
 * shown as '*'); the callback gets the answer, or NULL when cancelled.
 * The answer buffer is wiped after the callback returns.
 */
typedef void (*app_answer_fn)(struct app *, void *, const char *);
void app_ask(struct app *, const char *, const char *, int, app_answer_fn,
    void *);
typedef void (*app_confirm_fn)(struct app *, void *, int);
void app_confirm(struct app *, const char *, app_confirm_fn, void *);

/*
 * Jobs: run outpost-agent with argv (argv[0] is the command name, e.g.
 * "doctor"; app adds "-c CONFIG" and "--events").  Each JSON object the
 * child prints on its stdout is passed to on_event; on_exit gets the
 * exit status (or 128+signal) once the child is gone and stdout closed.
 * The agent's password questions ({"ev":"ask-password"},
 * {"ev":"confirm"}) are answered by app itself with app_ask/app_confirm
 * (masked) before reaching on_event.  A job never blocks the UI.  The
 * agent's first line must be its hello with our PROTO_VERSION
 * (proto/protocol.h); one that speaks another version is stopped, its
 * events unread: on_exit gets EX_PROTOCOL, app_job_stderr and the status
 * line say which versions met.
 */
struct job_events {
	void (*on_event)(struct app *, void *, struct json_t *);
	void (*on_exit)(struct app *, void *, int);
	void *arg;
};
struct job *app_job_start(struct app *, const char *const *,
    const struct job_events *);
/* SIGTERM the child (then SIGKILL after 2 s); on_exit still comes. */
void app_job_cancel(struct app *, struct job *);
/* Any job running (quit asks first)? */
int app_jobs_running(struct app *);
/*
 * The last 4 KiB the child wrote on stderr (and stdout lines that were
 * not JSON objects), NUL-terminated.  The job is freed when on_exit
 * returns, so read it in on_exit at the latest.
 */
const char *app_job_stderr(struct app *, struct job *);
/* The last non-empty line of it (allocated), or NULL: a failure's words. */
char *app_job_last_line(struct app *, struct job *);
/*
 * Where outpost-agent is: $OUTPOST_AGENT, else beside this program (a
 * build tree), else PKGLIBEXECDIR; buf holds the path when it is the
 * second.  Jobs run it; outpost.c execs it for the agent's commands.
 */
const char *app_agent_path(char *, size_t);
/* execv of outpost-agent in the environment it runs in (protocol.h). */
int app_agent_exec(const char *, char *const *);

/*
 * Run an interactive program (the external editor) on the terminal:
 * the UI steps aside until it ends, then repaints.  argv[0] is looked
 * up in PATH.  Returns its exit status (128+signal), or -1 when it
 * could not be started.  Jobs wait meanwhile.
 */
int app_run_interactive(struct app *, const char *const *);

/*
 * Run the UI until quit (config path or NULL, argv[0]); returns an exit
 * status.  Test hook: OUTPOST_UI_TEST_JOB="COMMAND ARGS..." (split at
 * spaces) starts that agent job at start-up and shows each event and
 * the exit status on the status line (a note "test:cancel" cancels it);
 * OUTPOST_UI_TEST_RUN=PROGRAM runs PROGRAM with app_run_interactive at
 * start-up and shows its status (tests/e2e/framework.sh).
 */
int app_main(const char *, const char *);
/*
 * The same, starting in the composer on a draft (id), with a note on the
 * status line (or NULL), in its text when body is 1 (a reply) or else in
 * To: outpost reply, forward and compose.
 */
int app_main_draft(const char *, const char *, const char *, const char *,
    int);

#endif
