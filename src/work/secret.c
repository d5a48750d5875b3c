/*
 * secret.c -- password.command: split into words, run without a shell,
 * read the first line of its output with a deadline.  The password only
 * ever lives in memory allocated here and wiped by secret_free().
 */
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "work/secret.h"
#include "base/child.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define SECRET_MAX    4096 /* bytes of output read */
#define SECRET_ERRMAX 512  /* bytes of stderr kept */

int
secret_split_words(const char *s, char ***out, struct op_err *err)
{
	size_t n;
	char   quote;

	if ((*out = str_split_words(s, &n, &quote)) == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    quote != 0 ? "password.command: unbalanced %c quote" :
				 "password.command: empty command%c",
		    quote != 0 ? quote : ' '));
	return (0);
}

void
secret_words_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

char *
secret_alloc(size_t len)
{
	char *p = xcalloc(1, len + 1);

	(void)mlock(p, len + 1); /* best effort: RLIMIT_MEMLOCK may say no */
	return (p);
}

void
secret_free(char *pw)
{
	size_t len;

	if (pw == NULL)
		return;
	len = strlen(pw);
	explicit_bzero(pw, len);
	(void)munlock(pw, len + 1);
	free(pw);
}

static void __attribute__((noreturn)) child(char **argv, int out, int errfd)
{
	const char *why;
	int	    null;

	if ((null = open("/dev/null", O_RDONLY)) >= 0)
		dup2(null, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(errfd, STDERR_FILENO);
	signal(SIGPIPE, SIG_DFL);
	setpgid(0, 0);
	execvp(argv[0], argv);
	why = strerror(errno);
	(void)!write(STDERR_FILENO, "cannot run: ", 12);
	(void)!write(STDERR_FILENO, why, strlen(why));
	secret_words_free(argv); /* this copy's: valgrind checks forks too */
	_exit(127);
}

/* Read both pipes until EOF or the deadline; 0 on EOF, -1 on time-out. */
static int
collect(int out, int errfd, char *obuf, size_t *olen, char *ebuf, size_t *elen,
    int timeout)
{
	struct pollfd	pfd[2] = { { out, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	struct timespec deadline;
	char		scratch[512];
	ssize_t		r;
	int		open_fds = 2, i, n;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout;
	while (open_fds > 0) {
		n = poll(pfd, 2, (int)child_ms_left(&deadline));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (-1);
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			r = read(pfd[i].fd, scratch, sizeof scratch);
			if (r <= 0) {
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0 && *olen + (size_t)r <= SECRET_MAX) {
				memcpy(obuf + *olen, scratch, (size_t)r);
				*olen += (size_t)r;
			} else if (i == 1 &&
			    *elen + (size_t)r < SECRET_ERRMAX) {
				memcpy(ebuf + *elen, scratch, (size_t)r);
				*elen += (size_t)r;
			}
		}
	}
	explicit_bzero(scratch, sizeof scratch);
	return (0);
}

static const char *
first_line(char *buf, size_t len)
{
	char *p;

	buf[len] = '\0';
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if ((p = strrchr(buf, '\n')) != NULL)
		return (p + 1);
	return (buf);
}

static int
finish(pid_t pid, int timed_out, const char *name, char *obuf, size_t olen,
    char *ebuf, size_t elen, char **password, struct op_err *err)
{
	size_t n;
	int    status;

	if (timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		return (op_err_set(err, OP_ESECRET,
		    "password.command \"%s\" did not finish in time and was stopped",
		    name));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return (op_err_set(err, OP_ESECRET,
		    "password.command \"%s\" failed (%s %d): %s", name,
		    WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		    elen > 0 ? first_line(ebuf, elen) : "no error message"));
	n = strcspn(obuf, "\r\n");
	if (olen == 0 || n == 0)
		return (op_err_set(err, OP_ESECRET,
		    "password.command \"%s\" printed no password", name));
	*password = secret_alloc(n);
	memcpy(*password, obuf, n);
	return (0);
}

int
secret_from_command(const char *cmdline, int timeout, char **password,
    struct op_err *err)
{
	char **argv, obuf[SECRET_MAX + 1], ebuf[SECRET_ERRMAX + 1];
	size_t olen = 0, elen = 0;
	pid_t  pid;
	int    po[2], pe[2], timed_out, r;

	if (secret_split_words(cmdline, &argv, err) != 0)
		return (-1);
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		secret_words_free(argv);
		return (op_err_set(err, OP_EIO, "pipe: %s", strerror(errno)));
	}
	if ((pid = fork()) < 0) {
		r = errno;
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		secret_words_free(argv);
		return (op_err_set(err, OP_EIO, "fork: %s", strerror(r)));
	}
	if (pid == 0)
		child(argv, po[1], pe[1]);
	close(po[1]);
	close(pe[1]);
	memset(obuf, 0, sizeof obuf);
	timed_out = collect(po[0], pe[0], obuf, &olen, ebuf, &elen, timeout) !=
	    0;
	close(po[0]);
	close(pe[0]);
	obuf[olen] = '\0';
	r = finish(pid, timed_out, argv[0], obuf, olen, ebuf, elen, password,
	    err);
	explicit_bzero(obuf, sizeof obuf);
	secret_words_free(argv);
	return (r);
}
