/*
 * settings-run.c -- what the Settings screen runs in outpost-agent: the
 * connection test ("doctor", its steps into the test panel; cancel), and
 * storing the password ("password set", the typed password written to
 * the child's stdin, never argv or the environment).  Saving first when
 * there are unsaved changes.  Switching to the port the test found
 * working.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/protocol.h"
#include "settings/settings-int.h"
#include "settings/settings-save.h"
#include "base/xmalloc.h"

enum sjob_kind {
	SJOB_TEST,
	SJOB_PASSWORD
};

/* Lives until on_exit, so a screen freed first is never touched. */
struct settings_job {
	struct settings *s; /* NULL once the screen is gone */
	struct job	*job;
	enum sjob_kind	 kind;
	char		*say; /* the last "say" or "done" message */
};

int
settings_save_now(struct settings *s)
{
	char msg[600];
	int  r;

	r = settings_save_account(s->app, settings_account_arg(s), s->m, msg,
	    sizeof msg);
	if (r < 0)
		app_error(s->app, "%s", msg);
	else
		app_status(s->app, "%s", msg);
	app_dirty(s->app);
	return (r < 0 ? -1 : 0);
}

static void
on_event(struct app *app, void *arg, json_t *ev)
{
	struct settings_job *sj = arg;
	enum proto_event     kind = proto_event_of(ev);
	const char	    *said = "";

	if (kind == PROTO_EV_SAY)
		said = proto_str(ev, PROTO_F_TEXT);
	else if (kind == PROTO_EV_DONE)
		said = proto_str(ev, PROTO_F_MESSAGE);
	if (*said != '\0') {
		free(sj->say);
		sj->say = xstrdup(said);
	}
	if (sj->s == NULL)
		return;
	if (sj->kind == SJOB_TEST && sj->s->test != NULL)
		settings_test_event(sj->s->test, ev);
	else if (sj->kind == SJOB_PASSWORD && kind == PROTO_EV_SAY)
		app_status(app, "%s", proto_str(ev, PROTO_F_TEXT));
	app_dirty(app);
}

static void
test_exit(struct app *app, struct settings_job *sj, int status)
{
	struct settings_test *t = sj->s->test;
	size_t		      failed;

	sj->s->test_job = NULL;
	if (t == NULL)
		return;
	t->running = 0;
	t->status = status;
	failed = settings_test_failed(t);
	if (t->cancelled)
		app_status(app, "test cancelled");
	else if (status == 0 && failed == 0)
		app_status(app, "test passed: outpost can send mail");
	else if (failed > 0 && t->switch_port != 0)
		app_error(app,
		    "test failed: port %d is blocked here, port %d works",
		    settings_model_port(sj->s->m), t->switch_port);
	else if (failed > 0)
		app_error(app, "test failed at: %s",
		    settings_test_first_failed(t));
	else if (sj->say != NULL)
		app_error(app, "test failed: %s", sj->say);
	else
		app_error(app, "test failed (exit status %d)", status);
}

static void
on_exit_cb(struct app *app, void *arg, int status)
{
	struct settings_job *sj = arg;
	char		    *why;

	if (sj->s != NULL && sj->kind == SJOB_TEST)
		test_exit(app, sj, status);
	else if (sj->s != NULL) {
		sj->s->password_job = NULL;
		if (status == 0)
			app_status(app, "%s",
			    sj->say != NULL ? sj->say : "password stored");
		else {
			why = app_job_last_line(app, sj->job);
			app_error(app, "password not stored: %s",
			    sj->say != NULL ? sj->say :
				why != NULL ? why :
					      "the agent failed");
			free(why);
		}
	}
	app_dirty(app);
	free(sj->say);
	free(sj);
}

static struct settings_job *
start(struct settings *s, enum sjob_kind kind, const char *const *argv)
{
	struct settings_job *sj = xcalloc(1, sizeof *sj);
	struct job_events    ev = { on_event, on_exit_cb, sj };

	sj->s = s;
	sj->kind = kind;
	if ((sj->job = app_job_start(s->app, argv, &ev)) == NULL) {
		free(sj);
		return (NULL);
	}
	return (sj);
}

/* Unsaved changes are saved first; a config file must exist. */
static int
ready_to_run(struct settings *s, const char *what)
{
	const struct settings_change *c;

	if (settings_model_changes(s->m, &c) > 0 && settings_save_now(s) != 0)
		return (0);
	if (access(s->app->config_path, F_OK) != 0) {
		app_error(s->app, "save the settings before %s", what);
		return (0);
	}
	return (1);
}

void
settings_test_start(struct settings *s)
{
	const char *argv[] = { "doctor", NULL, NULL, NULL };
	char	    key[32];

	if (s->test_job != NULL) {
		app_status(s->app, "a test is already running");
		return;
	}
	if (!ready_to_run(s, "testing them"))
		return;
	if (settings_account_arg(s) != NULL) { /* the account shown */
		argv[1] = "-a";
		argv[2] = settings_account_arg(s);
	}
	settings_test_free(s->test);
	s->test = settings_test_new(settings_account(s));
	if ((s->test_job = start(s, SJOB_TEST, argv)) == NULL) {
		s->test->running = 0;
		app_error(s->app, "cannot start the test (outpost-agent)");
	} else if (app_key_for(s->app, KT_SETTINGS, A_TEST_CANCEL, key,
		       sizeof key))
		app_status(s->app, "testing the settings... (%s cancels)",
		    key);
	else
		app_status(s->app, "testing the settings...");
	app_dirty(s->app);
}

int
settings_test_cancel(struct settings *s)
{
	if (s->test_job == NULL || s->test == NULL)
		return (0);
	s->test->cancelled = 1;
	app_job_cancel(s->app, s->test_job->job);
	app_status(s->app, "test cancelled");
	app_dirty(s->app);
	return (1);
}

void
settings_switch_port(struct settings *s)
{
	struct settings_test *t = s->test;
	int		      f = settings_model_find(s->m, "smtp.port");
	size_t		      n;
	char		      key[32];

	if (t == NULL || t->running || t->switch_port == 0 || f < 0) {
		app_status(s->app,
		    "no port to switch to: the test names one when the configured port is blocked and another works");
		return;
	}
	for (n = 0; n < s->m->pol->nports &&
	     settings_model_port(s->m) != t->switch_port;
	     n++)
		settings_model_cycle(s->m, (size_t)f, 1);
	if (settings_model_port(s->m) != t->switch_port) {
		app_error(s->app, "port %d is not one of the policy's ports",
		    t->switch_port);
		return;
	}
	if (settings_save_now(s) != 0)
		return;
	t->switch_port = 0;
	if (app_key_for(s->app, KT_SETTINGS, A_SETTINGS_TEST, key, sizeof key))
		app_status(s->app, "port %d saved; %s tests again",
		    settings_model_port(s->m), key);
	else
		app_status(s->app, "port %d saved", settings_model_port(s->m));
}

static void
password_typed(struct app *app, void *arg, const char *pw)
{
	const char	*argv[] = { "password", "set", NULL, NULL, NULL };
	struct settings *s = arg;

	if (pw == NULL) {
		app_status(app, "password not changed");
		return;
	}
	if (*pw == '\0') {
		app_status(app, "no password typed; nothing stored");
		return;
	}
	if (settings_account_arg(s) != NULL) { /* password -a NAME set */
		argv[1] = "-a";
		argv[2] = settings_account_arg(s);
		argv[3] = "set";
	}
	if ((s->password_job = start(s, SJOB_PASSWORD, argv)) == NULL) {
		app_error(app, "cannot start outpost-agent");
		return;
	}
	if (app_job_write(app, s->password_job->job, pw) != 0) {
		app_job_cancel(app, s->password_job->job);
		app_error(app, "password not stored: the agent took no input");
		return;
	}
	app_status(app, "storing the password in the keyring...");
}

void
settings_password_set(struct settings *s)
{
	int pc = settings_model_find(s->m, "password.command");

	if (s->password_job != NULL) {
		app_status(s->app, "the password is being stored");
		return;
	}
	if (pc >= 0 && s->m->f[pc].value != NULL) {
		app_error(s->app,
		    "password.command gives the password; empty that field to use the keyring");
		return;
	}
	if (!ready_to_run(s, "storing a password"))
		return;
	app_ask(s->app, "Password (kept in the keyring): ", NULL, 1,
	    password_typed, s);
}

/*
 * The screen is freed: main screens go only at exit, after app has
 * forgotten its jobs (app_jobs_forget: no on_exit follows), so the
 * handles are freed here and the jobs not touched.
 */
void
settings_jobs_detach(struct settings *s)
{
	if (s->test_job != NULL) {
		free(s->test_job->say);
		free(s->test_job);
		s->test_job = NULL;
	}
	if (s->password_job != NULL) {
		free(s->password_job->say);
		free(s->password_job);
		s->password_job = NULL;
	}
}
