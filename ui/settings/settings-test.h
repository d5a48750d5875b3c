/*
 * settings-test.h -- "Test settings" on the Settings screen: the doctor
 * job's steps as they arrive (pending, running, passed, failed,
 * skipped), the password source in use, and their drawing with markers
 * that read the same in ASCII and monochrome.
 */
#ifndef OUTPOST_SETTINGS_TEST_H
#define OUTPOST_SETTINGS_TEST_H

#include <jansson.h>

#include "tui/app.h"

enum settings_test_state {
	ST_PENDING,
	ST_RUNNING,
	ST_PASSED,
	ST_FAILED,
	ST_SKIPPED,
	ST_NOTE, /* told, not judged: the port not configured */
};

struct settings_test_step {
	char			*id;
	char			*title;
	enum settings_test_state state;
	char			*detail;
	char			*advice;
};

struct settings_test {
	struct settings_test_step *steps;
	size_t			   n;
	char  source[80]; /* "password: from the keyring" */
	char *message;	  /* the "done" event's, or NULL */
	int   running;
	int   cancelled;
	int   status;	   /* the job's exit status */
	int   scroll;	   /* first row shown */
	int   follow;	   /* keep the last row in view */
	int   switch_port; /* the configured port is blocked, this one
			      works (0: none) */
};

struct settings_test *settings_test_new(const struct config *);
void		      settings_test_free(struct settings_test *);
/* Take one event of the doctor job. */
void settings_test_event(struct settings_test *, json_t *);
/* Steps that failed. */
size_t settings_test_failed(const struct settings_test *);
/* The title of the first failed step, or "". */
const char *settings_test_first_failed(const struct settings_test *);
/* Draw the panel in the area from row top (and how to switch ports). */
void settings_test_draw(struct settings_test *, struct app *,
    const struct screen_area *, int);
/* Scroll by n rows (negative: up). */
void settings_test_scroll(struct settings_test *, int);

#endif
