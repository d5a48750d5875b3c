/*
 * child.c -- a program run as a child without a shell (see child.h):
 * three pipes, one poll loop feeding its input and keeping its stderr
 * while its output is read, one deadline; SIGPIPE is held while
 * writing, so a child that leaves early cannot kill the caller.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/child.h"
#include "base/strbuf.h"

#define CHILD_NOEXEC "cannot run: "

static void __attribute__((noreturn)) exec_child(char *const *argv, int fd[6])
{
	const char *why;

	if (dup2(fd[0], STDIN_FILENO) == -1 ||
	    dup2(fd[3], STDOUT_FILENO) == -1 ||
	    dup2(fd[5], STDERR_FILENO) == -1)
		_exit(127);
	closefrom(3);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	why = strerror(errno);
	(void)!write(STDERR_FILENO, CHILD_NOEXEC, strlen(CHILD_NOEXEC));
	(void)!write(STDERR_FILENO, why, strlen(why));
	_exit(127);
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

int
child_start(struct child *c, char *const *argv, const char *in, size_t inlen,
    int timeout, struct op_err *err)
{
	int fd[6], i;

	memset(c, 0, sizeof *c);
	c->pid = -1;
	c->fd[0] = c->fd[1] = c->fd[2] = -1;
	c->in = in;
	c->inlen = inlen;
	clock_gettime(CLOCK_MONOTONIC, &c->deadline);
	c->deadline.tv_sec += timeout;
	for (i = 0; i < 6; i += 2)
		if (pipe2(fd + i, O_CLOEXEC) == -1) {
			while (i > 0)
				close(fd[--i]);
			return (op_err_set(err, OP_EIO, "pipe: %s",
			    strerror(errno)));
		}
	if ((c->pid = fork()) == -1) {
		for (i = 0; i < 6; i++)
			close(fd[i]);
		return (op_err_set(err, OP_EIO, "fork: %s", strerror(errno)));
	}
	if (c->pid == 0)
		exec_child(argv, fd);
	close(fd[0]);
	close(fd[3]);
	close(fd[5]);
	c->fd[0] = fd[1];
	c->fd[1] = fd[2];
	c->fd[2] = fd[4];
	for (i = 0; i < 3; i++)
		(void)fcntl(c->fd[i], F_SETFL,
		    fcntl(c->fd[i], F_GETFL) | O_NONBLOCK);
	if (inlen == 0)
		close_fd(&c->fd[0]);
	return (0);
}

static void
read_stderr(struct child *c)
{
	char	buf[512];
	ssize_t r;
	size_t	n;

	if ((r = read(c->fd[2], buf, sizeof buf)) <= 0) {
		if (r == 0 || (errno != EAGAIN && errno != EINTR))
			close_fd(&c->fd[2]);
		return;
	}
	n = (size_t)r < CHILD_ERR - c->errlen ? (size_t)r :
						CHILD_ERR - c->errlen;
	memcpy(c->err + c->errlen, buf, n);
	c->errlen += n;
}

/* Some of its input; a pipe it closed ends the input (no SIGPIPE). */
static void
write_input(struct child *c)
{
	static const struct timespec now = { 0, 0 };
	sigset_t		     pipe_set, old;
	ssize_t			     w;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	w = write(c->fd[0], c->in + c->inoff, c->inlen - c->inoff);
	if (w == -1 && errno == EPIPE && !sigismember(&old, SIGPIPE))
		(void)sigtimedwait(&pipe_set, NULL, &now);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (w > 0)
		c->inoff += (size_t)w;
	else if (w == -1 && errno != EAGAIN && errno != EINTR)
		c->inoff = c->inlen; /* it went away: its stdout says more */
	if (c->inoff == c->inlen)
		close_fd(&c->fd[0]); /* end of input: it may leave */
}

int
child_in_path(const char *name)
{
	const char *path = getenv("PATH"), *p;
	char	    file[4096];
	size_t	    n;
	int	    w;

	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0'; p += n) {
		if ((n = strcspn(p, ":")) == 0) {
			n = 1; /* an empty directory name: none */
			continue;
		}
		w = snprintf(file, sizeof file, "%.*s/%s", (int)n, p, name);
		if (w > 0 && (size_t)w < sizeof file &&
		    access(file, X_OK) == 0)
			return (1);
		if (p[n] == ':')
			n++;
	}
	return (0);
}

long
child_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long		ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return (ms < 0 ? 0 : ms);
}

ssize_t
child_read(struct child *c, char *buf, size_t len, struct op_err *err)
{
	struct pollfd pfd[3];
	ssize_t	      r;
	int	      i;

	for (;;) {
		for (i = 0; i < 3; i++) {
			pfd[i].fd = c->fd[i];
			pfd[i].events = i == 0 ? POLLOUT : POLLIN;
			pfd[i].revents = 0;
		}
		if (child_ms_left(&c->deadline) == 0)
			return (CHILD_LATE);
		if (poll(pfd, 3, (int)child_ms_left(&c->deadline)) == -1 &&
		    errno != EINTR)
			return (op_err_set(err, OP_EIO, "poll: %s",
			    strerror(errno)));
		if (pfd[2].revents != 0)
			read_stderr(c);
		if (pfd[0].revents != 0)
			write_input(c);
		if (pfd[1].revents == 0)
			continue;
		if ((r = read(c->fd[1], buf, len)) >= 0)
			return (r);
		if (errno != EAGAIN && errno != EINTR)
			return (0);
	}
}

const char *
child_said(struct child *c)
{
	c->err[c->errlen] = '\0';
	c->err[strcspn(c->err, "\r\n")] = '\0';
	return (c->err[0] != '\0' ? c->err : "no error message");
}

const char *
child_exec_error(struct child *c, int status)
{
	const char *s = child_said(c);

	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 &&
	    strncmp(s, CHILD_NOEXEC, strlen(CHILD_NOEXEC)) == 0)
		return (s + strlen(CHILD_NOEXEC));
	return (NULL);
}

const char *
child_how(int status, char *buf, size_t len)
{
	snprintf(buf, len, "%s %d", WIFEXITED(status) ? "exit" : "signal",
	    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return (buf);
}

int
child_end(struct child *c, long ms)
{
	int status = 0, i;

	for (i = 0; i < 3; i++)
		close_fd(&c->fd[i]);
	if (c->pid <= 0)
		return (0);
	while (waitpid(c->pid, &status, WNOHANG) == 0) {
		if (ms <= 0) {
			kill(c->pid, SIGKILL);
			(void)waitpid(c->pid, &status, 0);
			break;
		}
		usleep(10000);
		ms -= 10;
	}
	c->pid = -1;
	return (status);
}

/* Its output until the end, within max bytes: 0, CHILD_LATE, or -1. */
static int
collect(struct child *c, size_t max, struct strbuf *out, struct op_err *err)
{
	char	buf[8192];
	ssize_t r;

	while ((r = child_read(c, buf, sizeof buf, err)) > 0) {
		if (out->len + (size_t)r > max)
			return (op_err_set(err, OP_EINVAL,
			    "it wrote over %zu bytes without end and was "
			    "stopped",
			    max));
		strbuf_add(out, buf, (size_t)r);
	}
	return (r == 0 ? 0 : (int)r);
}

int
child_run(const char *what, char *const *argv, const char *in, size_t inlen,
    int timeout, size_t max, char **out, size_t *outlen, struct op_err *err)
{
	struct child  c;
	struct strbuf sb = STRBUF_INIT;
	const char   *why;
	char	      how[32];
	int	      r, status;

	*out = NULL;
	*outlen = 0;
	if (child_start(&c, argv, in, inlen, timeout, err) != 0) {
		op_err_prefix(err, "%s", what);
		return (-1);
	}
	strbuf_adds(&sb, "");
	r = collect(&c, max, &sb, err);
	status = child_end(&c, r == 0 ? 2000 : 0);
	if (r == CHILD_LATE)
		op_err_set(err, OP_EINVAL,
		    "it did not finish within %d second%s and was stopped",
		    timeout, timeout == 1 ? "" : "s");
	else if (r == 0 && (why = child_exec_error(&c, status)) != NULL)
		r = op_err_set(err, OP_EINVAL, "cannot run %s: %s", argv[0],
		    why);
	else if (r == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		r = op_err_set(err, OP_EINVAL, "%s stopped (%s): %s", argv[0],
		    child_how(status, how, sizeof how), child_said(&c));
	if (r != 0) {
		op_err_prefix(err, "%s", what);
		strbuf_free(&sb);
		return (-1);
	}
	*outlen = sb.len;
	*out = strbuf_take(&sb);
	return (0);
}
