/*
 * settings-int.h -- what the Settings screen's files share: the screen's
 * state and the jobs it runs (the connection test, storing the
 * password).  Private to screen-settings.c and settings-run.c.
 */
#ifndef OUTPOST_SETTINGS_INT_H
#define OUTPOST_SETTINGS_INT_H

#include "tui/app.h"
#include "input/lineedit.h"
#include "settings/settings-model.h"
#include "settings/settings-test.h"

struct settings_job;

struct settings {
	struct app	      *app;
	struct settings_model *m;
	size_t		       sel;
	int		       top; /* first list row shown */
	int		       editing;
	struct lineedit	       line;
	char		      *before; /* the value when editing began */
	char		      *cut;
	struct settings_test  *test; /* the test panel; NULL: not shown */
	struct settings_job   *test_job;
	struct settings_job   *password_job;
	size_t		       account; /* shown: config_account_at's i */
	struct policy	       apol;	/* its policy, when account > 0 */
};

/* screen-settings.c: the account shown, and its name for -a (or NULL). */
const struct config *settings_account(const struct settings *);
const char	    *settings_account_arg(const struct settings *);

/* settings-run.c */
void settings_test_start(struct settings *);
/* 1 when a test was running and is now being cancelled. */
int  settings_test_cancel(struct settings *);
void settings_password_set(struct settings *);
/* After a test that found another port working: switch to it, save. */
void settings_switch_port(struct settings *);
/* The screen goes away (at exit, its jobs already forgotten by app). */
void settings_jobs_detach(struct settings *);
/* Save the changes, saying why on the status line; -1 when not saved. */
int settings_save_now(struct settings *);

/*
 * Write a line to a job's stdin (the password for "password set").  In
 * app-job.c: app.h has no such call yet.
 */
int app_job_write(struct app *, struct job *, const char *);

#endif
