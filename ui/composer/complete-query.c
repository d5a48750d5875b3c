/*
 * complete-query.c -- addressbook.command for address completion: run
 * without a shell (the command line split into words, the typed prefix
 * as the last argument), its output read from a non-blocking pipe so
 * that typing never waits for it.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "composer/complete.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define QUERY_MAX     (256 * 1024) /* bytes of output read */
#define QUERY_SECONDS 10

void
addrquery_init(struct addrquery *q)
{
	memset(q, 0, sizeof *q);
	q->pid = -1;
	q->fd = -1;
}

int
addrquery_running(const struct addrquery *q)
{
	return (q->pid != -1);
}

static void
child(char **argv, size_t n, int out)
{
	int null = open("/dev/null", O_RDWR);

	if (null != -1 && dup2(null, 0) != -1 && dup2(out, 1) != -1 &&
	    dup2(null, 2) != -1) {
		closefrom(3);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
	}
	strv_free(argv, n);
	_exit(127);
}

int
addrquery_start(struct addrquery *q, const char *command, const char *prefix,
    struct op_err *err)
{
	char **argv;
	size_t n;
	int    p[2];

	addrquery_stop(q);
	if ((argv = str_split_words(command, &n, NULL)) == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "addressbook.command: an unbalanced quote or no command"));
	argv = xreallocarray(argv, n + 2, sizeof *argv);
	argv[n] = xstrdup(prefix);
	argv[n + 1] = NULL;
	if (pipe2(p, O_CLOEXEC) == -1) {
		strv_free(argv, n + 1);
		return (op_err_set(err, OP_EIO, "pipe: %s", strerror(errno)));
	}
	if ((q->pid = fork()) == -1) {
		op_err_set(err, OP_EIO, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		strv_free(argv, n + 1);
		return (-1);
	}
	if (q->pid == 0)
		child(argv, n + 1, p[1]);
	close(p[1]);
	strv_free(argv, n + 1);
	q->fd = p[0];
	(void)fcntl(q->fd, F_SETFL, fcntl(q->fd, F_GETFL) | O_NONBLOCK);
	q->prefix = xstrdup(prefix);
	q->started = time(NULL);
	return (0);
}

/* Reap the child without waiting long; kill it when it lingers. */
static void
reap(struct addrquery *q)
{
	int status, i;

	if (q->pid == -1)
		return;
	for (i = 0; i < 20; i++) {
		if (waitpid(q->pid, &status, WNOHANG) != 0)
			break;
		if (i == 0)
			kill(q->pid, SIGTERM);
		usleep(5000);
	}
	if (i == 20) {
		kill(q->pid, SIGKILL);
		(void)waitpid(q->pid, &status, 0);
	}
	q->pid = -1;
}

int
addrquery_poll(struct addrquery *q, struct addrbook *book)
{
	char	buf[4096];
	ssize_t r;

	if (q->fd == -1)
		return (q->pid == -1 ? 1 : 0);
	for (;;) {
		r = read(q->fd, buf, sizeof buf);
		if (r > 0 && q->len < QUERY_MAX) {
			q->out = xreallocarray(q->out, q->len + r + 1, 1);
			memcpy(q->out + q->len, buf, r);
			q->len += r;
			continue;
		}
		if (r > 0)
			continue;
		if (r == -1 && errno == EINTR)
			continue;
		break;
	}
	if (r == -1 && errno == EAGAIN &&
	    time(NULL) - q->started < QUERY_SECONDS)
		return (0);
	close(q->fd);
	q->fd = -1;
	reap(q);
	addrbook_parse(book, q->out != NULL ? q->out : "", q->len);
	return (1);
}

void
addrquery_stop(struct addrquery *q)
{
	if (q->fd != -1)
		close(q->fd);
	q->fd = -1;
	reap(q);
	free(q->out);
	free(q->prefix);
	q->out = NULL;
	q->prefix = NULL;
	q->len = 0;
}
