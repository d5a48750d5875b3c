/*
 * app-job.c -- jobs: outpost-agent children in their own session,
 * speaking JSON lines on a pipe (proto/protocol.h).  The first line must
 * be "hello" with our PROTO_VERSION, else the job is stopped and ends
 * with EX_PROTOCOL and an error naming both versions.  Password and
 * yes/no questions are answered here through the bottom-line prompt;
 * every other event goes to the job's owner; the exit status comes once
 * stdout is closed and the child reaped.  A job is never waited for:
 * everything is non-blocking and driven by poll().
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include <jansson.h>

#include "proto/protocol.h"
#include "tui/app-int.h"
#include "base/xmalloc.h"

#define JOB_LOG_MAX  4096
#define JOB_LINE_MAX (1024 * 1024)
#define JOB_KILL_MS  2000
#define JOB_ARGV_MAX 64

struct job {
	struct job	 *next;
	unsigned	  id;
	pid_t		  pid;
	int		  in_fd, out_fd, err_fd;
	char		 *line; /* stdout not yet ended by '\n' */
	size_t		  len, cap;
	char		  log[JOB_LOG_MAX + 1]; /* the last of stderr */
	size_t		  loglen;
	struct job_events ev;
	int		  reaped, status;
	int64_t		  cancel_at; /* 0: not cancelled */
	int		  killed;
	int		  greeted;	/* its hello had our version */
	char		  refused[512]; /* why it was stopped, or "" */
	/* The password given to this job, until the server's verdict. */
	char pending[1024];
	int  pending_set;
	int  pending_cached; /* it was the session's, not typed now */
};

static void password_answer(struct app *, void *, const char *);
static void confirm_answer(struct app *, void *, int);

static struct job *
find_job(struct app *app, unsigned id)
{
	struct job *j;

	for (j = app->priv->jobs; j != NULL; j = j->next)
		if (j->id == id)
			return (j);
	return (NULL);
}

static void
log_append(struct job *j, const char *buf, size_t n)
{
	size_t drop;

	if (n >= JOB_LOG_MAX) {
		buf += n - JOB_LOG_MAX;
		n = JOB_LOG_MAX;
	}
	if (j->loglen + n > JOB_LOG_MAX) {
		drop = j->loglen + n - JOB_LOG_MAX;
		memmove(j->log, j->log + drop, j->loglen - drop);
		j->loglen -= drop;
	}
	memcpy(j->log + j->loglen, buf, n);
	j->loglen += n;
	j->log[j->loglen] = '\0';
}

const char *
app_job_stderr(struct app *app, struct job *j)
{
	(void)app;
	return (j->log);
}

char *
app_job_last_line(struct app *app, struct job *j)
{
	const char *log = app_job_stderr(app, j), *end, *start;

	if (log == NULL)
		return (NULL);
	end = log + strlen(log);
	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (start = end; start > log && start[-1] != '\n'; start--)
		;
	return (end > start ? xstrndup(start, (size_t)(end - start)) : NULL);
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Start. */

static int
make_pipes(int fds[3][2])
{
	int i;

	for (i = 0; i < 3; i++)
		fds[i][0] = fds[i][1] = -1;
	for (i = 0; i < 3; i++)
		if (pipe2(fds[i], O_CLOEXEC) != 0)
			return (-1);
	return (0);
}

static void
close_pipes(int fds[3][2])
{
	int i;

	for (i = 0; i < 3; i++) {
		close_fd(&fds[i][0]);
		close_fd(&fds[i][1]);
	}
}

/*
 * The child: its own session (no terminal to scribble on, and a hangup
 * of ours never reaches it), the pipes as 0/1/2, nothing else open.
 * SIGPIPE stays ignored so a delivery outlives a UI that went away.
 */
static void
exec_child(const char *agent, char *const *av, int fds[3][2])
{
	sigset_t none;

	setsid();
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (dup2(fds[0][0], 0) < 0 || dup2(fds[1][1], 1) < 0 ||
	    dup2(fds[2][1], 2) < 0)
		_exit(127);
	closefrom(3);
	app_agent_exec(agent, av);
	dprintf(2, "outpost: cannot run %s: %s\n", agent, strerror(errno));
	_exit(127);
}

/*
 * Where outpost-agent is: $OUTPOST_AGENT, else beside this program (a
 * build tree), else the installed one.
 */
const char *
app_agent_path(char *buf, size_t len)
{
	const char *env = getenv("OUTPOST_AGENT");
	char	   *slash;
	ssize_t	    n;

	if (env != NULL && *env != '\0')
		return (env);
	n = readlink("/proc/self/exe", buf, len - 32);
	if (n > 0) {
		buf[n] = '\0';
		if ((slash = strrchr(buf, '/')) != NULL) {
			strcpy(slash + 1, "outpost-agent");
			if (access(buf, X_OK) == 0)
				return (buf);
		}
	}
	return (PKGLIBEXECDIR "/outpost-agent");
}

int
app_agent_exec(const char *agent, char *const *av)
{
	proto_agent_environ();
	return (execv(agent, av));
}

static size_t
build_argv(struct app *app, const char *const *argv, const char **av)
{
	size_t n = 0, i;

	av[n++] = "outpost-agent";
	av[n++] = argv[0];
	av[n++] = "-c";
	av[n++] = app->config_path;
	av[n++] = "--events";
	for (i = 1; argv[i] != NULL && n < JOB_ARGV_MAX - 1; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	return (n);
}

struct job *
app_job_start(struct app *app, const char *const *argv,
    const struct job_events *ev)
{
	const char *av[JOB_ARGV_MAX];
	char	    path[4096];
	const char *agent = app_agent_path(path, sizeof path);
	int	    fds[3][2];
	struct job *j;

	if (argv == NULL || argv[0] == NULL ||
	    (j = calloc(1, sizeof *j)) == NULL)
		return (NULL);
	build_argv(app, argv, av);
	if (make_pipes(fds) != 0 || (j->pid = fork()) < 0) {
		close_pipes(fds);
		free(j);
		return (NULL);
	}
	if (j->pid == 0)
		exec_child(agent, (char *const *)av, fds);
	setpgid(j->pid, j->pid); /* setsid() did it; no harm */
	j->in_fd = fds[0][1];
	j->out_fd = fds[1][0];
	j->err_fd = fds[2][0];
	fds[0][1] = fds[1][0] = fds[2][0] = -1;
	close_pipes(fds);
	fcntl(j->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(j->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(j->err_fd, F_SETFL, O_NONBLOCK);
	j->ev = *ev;
	j->id = ++app->priv->next_job_id;
	j->next = app->priv->jobs;
	app->priv->jobs = j;
	return (j);
}

void
app_job_cancel(struct app *app, struct job *j)
{
	(void)app;
	if (j->reaped || j->cancel_at != 0)
		return;
	j->cancel_at = app_now_ms();
	kill(-j->pid, SIGTERM);
}

int
app_jobs_running(struct app *app)
{
	struct job *j;

	for (j = app->priv->jobs; j != NULL; j = j->next)
		if (!j->reaped)
			return (1);
	return (0);
}

/* Events. */

static void
answer(struct job *j, const char *text)
{
	char   line[1100];
	size_t n;

	if (j->in_fd < 0)
		return;
	n = (size_t)snprintf(line, sizeof line, "%s\n", text);
	if (n < sizeof line && write(j->in_fd, line, n) < 0)
		log_append(j, "outpost: the agent took no answer\n", 35);
	explicit_bzero(line, sizeof line);
}

/* Keep what the job was given until it says whether the server took it. */
static void
remember(struct job *j, const char *pw, int cached)
{
	explicit_bzero(j->pending, sizeof j->pending);
	j->pending_set = 0;
	if (pw == NULL || *pw == '\0' || strlen(pw) >= sizeof j->pending)
		return;
	memcpy(j->pending, pw, strlen(pw));
	j->pending_set = 1;
	j->pending_cached = cached;
}

/* {"ev":"password-result","ok":...}: keep a password that worked. */
static void
password_result(struct app *app, struct job *j, json_t *obj)
{
	(void)app;
	if (!j->pending_set)
		return;
	if (json_is_true(json_object_get(obj, PROTO_F_OK)))
		app_password_keep(j->pending);
	else if (j->pending_cached)
		app_password_forget();
	explicit_bzero(j->pending, sizeof j->pending);
	j->pending_set = 0;
}

/* The session's password answers the question, if there is one. */
static int
answer_from_session(struct app *app, struct job *j)
{
	const char *pw = app_password_get();

	if (pw == NULL)
		return (0);
	answer(j, pw);
	remember(j, pw, 1);
	app_status(app, "using the password you typed earlier");
	return (1);
}

static void
password_answer(struct app *app, void *arg, const char *pw)
{
	struct job *j = find_job(app, (unsigned)(uintptr_t)arg);

	if (j == NULL)
		return;
	answer(j, pw != NULL ? pw : ""); /* empty: cancel */
	remember(j, pw, 0);
}

static void
confirm_answer(struct app *app, void *arg, int yes)
{
	struct job *j = find_job(app, (unsigned)(uintptr_t)arg);

	if (j != NULL)
		answer(j, yes ? PROTO_YES : PROTO_NO);
}

/*
 * The first event is not our hello: stop the job before it is misread.
 * Nothing more it writes is read, its stderr gives way to the reason.
 */
static void
refuse(struct app *app, struct job *j, json_t *obj)
{
	char	    path[4096];
	json_int_t  v = 0;
	const char *none = "";

	if (proto_event_of(obj) == PROTO_EV_HELLO)
		v = json_integer_value(json_object_get(obj, PROTO_F_VERSION));
	else
		none = " (it announces none)";
	snprintf(j->refused, sizeof j->refused,
	    "outpost-agent speaks protocol version %lld%s, this outpost version %d: install both from one release, or set OUTPOST_AGENT to the matching one (%s)",
	    (long long)v, none, PROTO_VERSION,
	    app_agent_path(path, sizeof path));
	j->loglen = 0;
	log_append(j, j->refused, strlen(j->refused));
	close_fd(&j->in_fd);
	app_job_cancel(app, j);
}

/* The hello, first of all: our version, or the job is refused. */
static void
greet(struct app *app, struct job *j, json_t *obj)
{
	if (proto_event_of(obj) == PROTO_EV_HELLO &&
	    json_integer_value(json_object_get(obj, PROTO_F_VERSION)) ==
		PROTO_VERSION)
		j->greeted = 1;
	else
		refuse(app, j, obj);
}

static void
handle_event(struct app *app, struct job *j, json_t *obj)
{
	const char *prompt = proto_str(obj, PROTO_F_PROMPT);
	void	   *arg = (void *)(uintptr_t)j->id;

	if (!j->greeted) {
		greet(app, j, obj);
		return;
	}
	switch (proto_event_of(obj)) {
	case PROTO_EV_PASSWORD_RESULT:
		password_result(app, j, obj);
		break;
	case PROTO_EV_ASK_PASSWORD:
		if (!answer_from_session(app, j))
			app_ask(app, *prompt != '\0' ? prompt : "Password",
			    NULL, 1, password_answer, arg);
		break;
	case PROTO_EV_CONFIRM:
		app_confirm(app, proto_str(obj, PROTO_F_QUESTION),
		    confirm_answer, arg);
		break;
	case PROTO_EV_NOTE:
	case PROTO_EV_SAY:
		app_status(app, "%s", proto_str(obj, PROTO_F_TEXT));
		break;
	default:
		break;
	}
	if (j->ev.on_event != NULL)
		j->ev.on_event(app, j->ev.arg, obj);
}

static void
handle_line(struct app *app, struct job *j, char *line, size_t len)
{
	json_error_t jerr;
	json_t	    *obj;

	if (j->refused[0] != '\0')
		return;
	obj = json_loadb(line, len, 0, &jerr);
	if (obj == NULL || !json_is_object(obj)) {
		log_append(j, line, len);
		log_append(j, "\n", 1);
	} else {
		handle_event(app, j, obj);
		app_dirty(app); /* the owner's model changed, most likely */
	}
	json_decref(obj);
}

static void
read_stdout(struct app *app, struct job *j)
{
	char	buf[4096], *nl;
	ssize_t n;
	size_t	used;

	n = read(j->out_fd, buf, sizeof buf);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		if (j->len > 0)
			handle_line(app, j, j->line, j->len);
		j->len = 0;
		close_fd(&j->out_fd);
		return;
	}
	if (n < 0)
		return;
	if (j->len + (size_t)n > j->cap) {
		if (j->len + (size_t)n > JOB_LINE_MAX) {
			log_append(j,
			    "outpost: an over-long line was dropped\n", 39);
			j->len = 0;
		}
		j->cap = j->len + (size_t)n + 4096;
		if ((nl = realloc(j->line, j->cap)) == NULL) {
			j->len = j->cap = 0;
			free(j->line);
			j->line = NULL;
			return;
		}
		j->line = nl;
	}
	memcpy(j->line + j->len, buf, (size_t)n);
	j->len += (size_t)n;
	used = 0;
	while ((nl = memchr(j->line + used, '\n', j->len - used)) != NULL) {
		handle_line(app, j, j->line + used,
		    (size_t)(nl - j->line) - used);
		used = (size_t)(nl - j->line) + 1;
	}
	memmove(j->line, j->line + used, j->len - used);
	j->len -= used;
}

static void
read_stderr(struct job *j)
{
	char	buf[4096];
	ssize_t n;

	n = read(j->err_fd, buf, sizeof buf);
	if (n > 0 && j->refused[0] == '\0')
		log_append(j, buf, (size_t)n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		close_fd(&j->err_fd);
}

size_t
app_jobs_pollfds(struct app *app, struct pollfd *pfd, size_t max)
{
	struct job *j;
	size_t	    n = 0;

	for (j = app->priv->jobs; j != NULL; j = j->next) {
		if (j->out_fd >= 0 && n < max) {
			pfd[n].fd = j->out_fd;
			pfd[n].events = POLLIN;
			pfd[n++].revents = 0;
		}
		if (j->err_fd >= 0 && n < max) {
			pfd[n].fd = j->err_fd;
			pfd[n].events = POLLIN;
			pfd[n++].revents = 0;
		}
	}
	return (n);
}

void
app_jobs_io(struct app *app, const struct pollfd *pfd, size_t n)
{
	struct job *j;
	size_t	    i;

	/* Events may start or cancel jobs, but none is freed here. */
	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		for (j = app->priv->jobs; j != NULL; j = j->next) {
			if (j->out_fd == pfd[i].fd)
				read_stdout(app, j);
			else if (j->err_fd == pfd[i].fd)
				read_stderr(j);
			else
				continue;
			break;
		}
	}
}

/* Exit. */

static void
try_reap(struct job *j)
{
	int status;

	if (j->reaped || waitpid(j->pid, &status, WNOHANG) != j->pid)
		return;
	j->reaped = 1;
	if (j->refused[0] != '\0')
		j->status = EX_PROTOCOL;
	else if (WIFSIGNALED(status))
		j->status = 128 + WTERMSIG(status);
	else
		j->status = WEXITSTATUS(status);
}

static void
drain_stderr(struct job *j)
{
	int i;

	for (i = 0; i < 4 && j->err_fd >= 0; i++)
		read_stderr(j);
	close_fd(&j->err_fd);
}

static void
job_free(struct job *j)
{
	close_fd(&j->in_fd);
	close_fd(&j->out_fd);
	close_fd(&j->err_fd);
	free(j->line);
	explicit_bzero(j->log, sizeof j->log);
	explicit_bzero(j->pending, sizeof j->pending);
	free(j);
}

/* The first job that is over, taken off the list. */
static struct job *
take_finished(struct app *app)
{
	struct job **jp, *j;

	for (jp = &app->priv->jobs; (j = *jp) != NULL; jp = &j->next) {
		if (j->out_fd < 0)
			try_reap(j);
		if (j->cancel_at != 0 && !j->reaped && !j->killed &&
		    app_now_ms() - j->cancel_at >= JOB_KILL_MS) {
			kill(-j->pid, SIGKILL);
			j->killed = 1;
		}
		if (j->reaped && j->out_fd < 0) {
			*jp = j->next;
			return (j);
		}
	}
	return (NULL);
}

int
app_jobs_tick(struct app *app)
{
	struct job *j;

	while ((j = take_finished(app)) != NULL) {
		drain_stderr(j);
		app_prompt_drop(app, (void (*)(void))password_answer,
		    (void *)(uintptr_t)j->id);
		app_prompt_drop(app, (void (*)(void))confirm_answer,
		    (void *)(uintptr_t)j->id);
		if (j->ev.on_exit != NULL)
			j->ev.on_exit(app, j->ev.arg, j->status);
		/* The owner's words may not say it: the status line does. */
		if (j->refused[0] != '\0')
			app_error(app, "%s", j->refused);
		job_free(j);
		app_dirty(app);
	}
	for (j = app->priv->jobs; j != NULL; j = j->next)
		if (j->out_fd < 0 || j->cancel_at != 0)
			return (1);
	return (0);
}

/* At exit: the children go on by themselves; only our ends close. */
void
app_jobs_forget(struct app *app)
{
	struct job *j;

	while ((j = app->priv->jobs) != NULL) {
		app->priv->jobs = j->next;
		job_free(j);
	}
}

/*
 * A line to the job's stdin (settings: the password for "password
 * set"); declared in settings-int.h until app.h has it.  -1 when the
 * child's stdin is closed or takes nothing.
 */
int app_job_write(struct app *, struct job *, const char *);
int
app_job_write(struct app *app, struct job *j, const char *text)
{
	char	line[1100];
	size_t	n;
	ssize_t w;

	(void)app;
	if (j == NULL || j->in_fd < 0)
		return (-1);
	n = (size_t)snprintf(line, sizeof line, "%s\n", text);
	w = n < sizeof line ? write(j->in_fd, line, n) : -1;
	explicit_bzero(line, sizeof line);
	return (w == (ssize_t)n ? 0 : -1);
}
