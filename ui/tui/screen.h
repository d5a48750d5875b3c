/*
 * screen.h -- what a screen of the terminal UI is: its drawing, its
 * answer to actions and typed text, its key tables for the current
 * focus.  Screens hold their own model; app.c owns the stack, the
 * status line, the key hint and the bottom-line prompt.
 */
#ifndef OUTPOST_SCREEN_H
#define OUTPOST_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "input/action.h"

struct app;

enum screen_kind {
	SCREEN_COMPOSER,
	SCREEN_OUTBOX,
	SCREEN_SETTINGS,
	SCREEN_HELP,
	SCREEN_VIEW,   /* a read-only text view (an outbox item, ...) */
	SCREEN_DRAFTS, /* the composer's postponed drafts */
	SCREEN_COUNT
};

/*
 * Drawing happens in a rectangle of the terminal (rows x cols at
 * top/left): the screen uses only the ui_* drawing calls of app.h, so
 * it never needs curses itself and never draws outside its area.
 */
struct screen_area {
	int top, left, rows, cols;
};

/* How text is drawn (ui_text in app.h; tty.c maps each to curses). */
enum ui_attr {
	UI_NORMAL,
	UI_BOLD,
	UI_REVERSE,
	UI_DIM,
	UI_ERROR,
	UI_OK
};

struct screen;
struct screen_ops {
	enum screen_kind kind;
	const char	*title; /* "Composer" */
	/*
	 * The key tables for the current focus, most specific first,
	 * without KT_GLOBAL (app adds it).  Returns how many.
	 */
	size_t (*tables)(struct screen *, enum key_table *, size_t);
	/* 1 when unbound printable keys are typed text (a field has focus). */
	int (*text_focus)(struct screen *);
	void (
	    *draw)(struct screen *, struct app *, const struct screen_area *);
	/* 1 when handled. */
	int (*action)(struct screen *, struct app *, enum action_id);
	/* A typed character (Unicode code point) while text_focus. */
	void (*insert)(struct screen *, struct app *, uint32_t);
	/*
	 * Called about once a second (autosave, clocks), also on the main
	 * screens not shown; app_dirty when what is shown changed.  May
	 * be NULL.
	 */
	void (*tick)(struct screen *, struct app *);
	/* The terminal is going away (SIGHUP/SIGTERM): save, no drawing. */
	void (*hangup)(struct screen *, struct app *);
	void (*free)(struct screen *);
	/*
	 * Show the item named by another screen's request (app_open): the
	 * composer takes a draft id.  May be NULL.
	 */
	void (*open)(struct screen *, struct app *, const char *);
	/*
	 * Whether the key hint shows an action now (the outbox's resend
	 * and mark sent on an uncertain message): 1 shown, 0 hidden, -1
	 * as the action table says.  May be NULL.
	 */
	int (*hint)(struct screen *, enum action_id);
};

struct screen {
	const struct screen_ops *ops;
	void			*data;
};

/*
 * Constructors, one per screen file; app.c makes the three main screens
 * from its table of them, so one screen never calls another: it asks the
 * app (app_show, app_open).
 */
struct screen *screen_composer_new(struct app *);
struct screen *screen_outbox_new(struct app *);
struct screen *screen_settings_new(struct app *);
/* Help for the screen below it on the stack, from the key tables. */
struct screen *screen_help_new(struct app *, struct screen *);
/* Read-only text (title, NUL-terminated UTF-8 lines joined by '\n'). */
struct screen *screen_view_new(struct app *, const char *, const char *);

#endif
