/*
 * app-load.c -- what the UI loads before its first screen: the config
 * (or an empty one on the first run), its policy, the keymap, and the
 * start-up messages; the queue runner when messages wait; and the
 * OUTPOST_UI_TEST_JOB and _RUN test hooks.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "tui/app-int.h"
#include "input/keymap.h"
#include "conf/paths.h"
#include "proto/protocol.h"
#include "store/outbox.h"

static void
load_policy(struct app *app, struct op_err *err)
{
	struct op_err perr = { 0 };

	if (policy_for_config(&app->cfg, &app->pol, &perr) == 0)
		return;
	if (err->code == OP_OK)
		*err = perr;
	memset(&app->pol, 0, sizeof app->pol);
	if (app->cfg.policy != NULL &&
	    policy_load(NULL, &app->pol, &perr) != 0)
		memset(&app->pol, 0, sizeof app->pol);
}

static void
load_config(struct app *app, const char *config, struct op_err *err)
{
	char *path = NULL;

	if (paths_config(config, &path, err) != 0) {
		config_init(&app->cfg);
		app->config_path = strdup(config != NULL ? config : "config");
		return;
	}
	app->config_path = path;
	if (config_load(path, &app->cfg, err) == 0) {
		app->have_config = 1;
		return;
	}
	config_init(&app->cfg);
	if (err->code == OP_ENOTFOUND)
		op_err_clear(err); /* the first run: Settings, no error */
}

static void
show_keymap_errors(struct app *app)
{
	size_t n = keymap_nerrors(app->keys);

	if (n == 1)
		app_error(app, "%s", keymap_error(app->keys, 0));
	else if (n > 1)
		app_error(app, "%s (+%zu more)", keymap_error(app->keys, 0),
		    n - 1);
}

/*
 * Never refuses to start: a missing config means the first run, a bad
 * one opens Settings with the reason on the status line (err->code set).
 */
void
app_load_settings(struct app *app, const char *config, struct op_err *err)
{
	struct op_err derr = { 0 };

	op_err_clear(err);
	load_config(app, config, err);
	load_policy(app, err);
	if (paths_data_dir(&app->data_dir, &derr) != 0)
		app->data_dir = NULL;
	app->keys = keymap_open(app->cfg.keymap);
	if (err->code != OP_OK)
		app_error(app, "%s", err->msg);
	else
		show_keymap_errors(app);
}

static struct job *test_job; /* valid until its on_exit returns */

/* Events app answers or shows itself are left on the screen as they are. */
static void
test_job_event(struct app *app, void *arg, json_t *ev)
{
	char *text;

	(void)arg;
	if (test_job != NULL &&
	    strcmp(proto_str(ev, PROTO_F_TEXT), "test:cancel") == 0)
		app_job_cancel(app, test_job);
	switch (proto_event_of(ev)) {
	case PROTO_EV_NOTE:
	case PROTO_EV_SAY:
	case PROTO_EV_ASK_PASSWORD:
	case PROTO_EV_CONFIRM:
		return;
	default:
		break;
	}
	text = json_dumps(ev, JSON_COMPACT);
	app_status(app, "job: %s", text != NULL ? text : "?");
	free(text);
}

static void
test_job_exit(struct app *app, void *arg, int status)
{
	const char *log = app_job_stderr(app, test_job);
	const char *last = log + strlen(log);

	(void)arg;
	while (last > log && last[-1] == '\n')
		last--;
	while (last > log && last[-1] != '\n')
		last--;
	app_status(app, "job exited with status %d: %s", status, last);
	test_job = NULL;
}

/* The test hook: OUTPOST_UI_TEST_JOB="COMMAND ARGS..." (see app.h). */
void
app_test_job(struct app *app)
{
	static const struct job_events events = { test_job_event,
		test_job_exit, NULL };
	const char		      *env = getenv("OUTPOST_UI_TEST_JOB");
	char			      *copy, *word, *save = NULL;
	const char		      *argv[32];
	size_t			       n = 0;

	if (env == NULL || *env == '\0' || (copy = strdup(env)) == NULL)
		return;
	for (word = strtok_r(copy, " ", &save); word != NULL && n < 31;
	     word = strtok_r(NULL, " ", &save))
		argv[n++] = word;
	argv[n] = NULL;
	if (n > 0 && (test_job = app_job_start(app, argv, &events)) == NULL)
		app_error(app, "cannot start the test job");
	free(copy);
}

/* The test hook: OUTPOST_UI_TEST_RUN=PROGRAM (see app.h). */
void
app_test_run(struct app *app)
{
	const char *argv[2] = { getenv("OUTPOST_UI_TEST_RUN"), NULL };

	if (argv[0] != NULL && *argv[0] != '\0')
		app_status(app, "run exited with status %d",
		    app_run_interactive(app, argv));
}

/*
 * Messages waiting at start-up: the queue runner ("outpost-agent runner")
 * is started and forgotten (a double fork; it leaves this session, and
 * one already running is left to it).  The UI itself touches no network.
 */
void
app_start_runner(struct app *app)
{
	struct outbox ob;
	struct op_err err = { 0 };
	char	      path[4096];
	const char   *agent;
	size_t	      n = 0;
	pid_t	      pid;
	int	      fd;

	if (!app->have_config || !app->cfg.runner || app->data_dir == NULL ||
	    outbox_open(app->data_dir, &ob, &err) != 0)
		return;
	/*
	 * queue/'s names, not its envelopes: the first screen does not wait
	 * for 10,000 of them.  The runner reads them and leaves at once when
	 * none is queued or deferred (only failed or uncertain ones).
	 */
	if (outbox_count_queue(&ob, &n, &err) != 0)
		n = 0;
	outbox_close(&ob);
	if (n == 0)
		return;
	agent = app_agent_path(path, sizeof path);
	if ((pid = fork()) == 0) {
		if (fork() != 0)
			_exit(0);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		closefrom(STDERR_FILENO + 1);
		proto_agent_environ();
		execl(agent, "outpost-agent", "-c", app->config_path, "runner",
		    (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
}
