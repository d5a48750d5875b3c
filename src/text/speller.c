/*
 * speller.c -- the speller as a child process: its command line split
 * into words (no shell), every word of the text written as a "^word"
 * line while its answers are read, all through poll(2) with one
 * deadline, lines and answers bounded; a speller that cannot start,
 * dies, talks out of protocol or hangs is killed and named in the error.
 */
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

#include "text/speller.h"
#include "text/textbuf.h"
#include "base/strbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define SPELLER_LINE  8192 /* bytes in one line of its answer */
#define SPELLER_LINES 64   /* lines answering one word */
#define SPELLER_ERR   512  /* bytes of its stderr kept */

struct exchange {
	const char *name; /* argv[0] */
	pid_t	    pid;
	int	    fd[3]; /* its stdin, stdout, stderr (our ends) */
	char	   *req;   /* the "^word" lines */
	size_t	    reqlen, reqoff;
	char	    line[SPELLER_LINE];
	size_t	    linelen;
	char	    ebuf[SPELLER_ERR + 1];
	size_t	    elen;
	int	    banner;
	const struct spell_word *words;
	size_t			 nwords, word, lines;
	struct spell_answer	 miss; /* the current word's first miss */
	int			 missed;
	const struct textbuf	*tb;
	struct speller_miss	*out;
	size_t			 nout;
};

static void __attribute__((noreturn)) child(char **argv, size_t n, int fd[6])
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
	(void)!write(STDERR_FILENO, "cannot run: ", 12);
	(void)!write(STDERR_FILENO, why, strlen(why));
	str_list_free(argv, n); /* this copy's: valgrind checks forks too */
	_exit(127);
}

/* The request: one "^word" line per word. */
static void
request(struct exchange *x)
{
	struct strbuf sb = STRBUF_INIT;
	const char   *s;
	size_t	      i, len;

	for (i = 0; i < x->nwords; i++) {
		s = textbuf_line(x->tb, x->words[i].line, &len);
		strbuf_add(&sb, "^", 1);
		strbuf_add(&sb, s + x->words[i].start,
		    x->words[i].end - x->words[i].start);
		strbuf_add(&sb, "\n", 1);
	}
	x->reqlen = sb.len;
	x->req = strbuf_take(&sb);
}

static int
start(struct exchange *x, char **argv, size_t n, struct op_err *err)
{
	int fd[6], i;

	for (i = 0; i < 6; i += 2)
		if (pipe2(fd + i, O_CLOEXEC) == -1) {
			while (i > 0) {
				close(fd[--i]);
			}
			return (op_err_set(err, OP_EIO, "pipe: %s",
			    strerror(errno)));
		}
	if ((x->pid = fork()) == -1) {
		for (i = 0; i < 6; i++)
			close(fd[i]);
		return (op_err_set(err, OP_EIO, "fork: %s", strerror(errno)));
	}
	if (x->pid == 0)
		child(argv, n, fd);
	close(fd[0]);
	close(fd[3]);
	close(fd[5]);
	x->fd[0] = fd[1];
	x->fd[1] = fd[2];
	x->fd[2] = fd[4];
	for (i = 0; i < 3; i++)
		(void)fcntl(x->fd[i], F_SETFL,
		    fcntl(x->fd[i], F_GETFL) | O_NONBLOCK);
	return (0);
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* The first line of what it said on stderr, or a default. */
static const char *
said(struct exchange *x)
{
	x->ebuf[x->elen] = '\0';
	x->ebuf[strcspn(x->ebuf, "\r\n")] = '\0';
	return (x->ebuf[0] != '\0' ? x->ebuf : "no error message");
}

/* Word x->word is answered: keep it when it was a miss. */
static void
word_done(struct exchange *x)
{
	struct speller_miss	*m;
	const char		*s;
	size_t			 len;
	const struct spell_word *w = &x->words[x->word];

	if (x->missed) {
		x->out = xreallocarray(x->out, x->nout + 1, sizeof *x->out);
		m = &x->out[x->nout++];
		s = textbuf_line(x->tb, w->line, &len);
		m->at = *w;
		m->word = xstrndup(s + w->start, w->end - w->start);
		m->sugg = x->miss.sugg;
		m->nsugg = x->miss.nsugg;
		memset(&x->miss, 0, sizeof x->miss);
	}
	x->missed = 0;
	x->lines = 0;
	x->word++;
}

static int
answer_line(struct exchange *x, struct op_err *err)
{
	struct spell_answer a;

	x->line[x->linelen] = '\0';
	spell_parse(x->line, x->linelen, &a);
	if (!x->banner) {
		spell_answer_free(&a);
		if (a.kind != SPELL_BANNER)
			return (op_err_set(err, OP_ECONFIG,
			    "the speller \"%s\" does not speak the ispell pipe "
			    "protocol (its first line: \"%.60s\"); set speller "
			    "to a command such as \"aspell -a\"",
			    x->name, x->line));
		x->banner = 1;
		return (0);
	}
	if (a.kind == SPELL_END) {
		word_done(x);
		return (0);
	}
	if (a.kind == SPELL_BAD || a.kind == SPELL_BANNER ||
	    ++x->lines > SPELLER_LINES || x->word >= x->nwords) {
		spell_answer_free(&a);
		return (op_err_set(err, OP_ECONFIG,
		    "the speller \"%s\" answered out of protocol: \"%.60s\"",
		    x->name, x->line));
	}
	if (a.kind == SPELL_MISS && !x->missed) {
		x->miss = a;
		x->missed = 1;
	} else
		spell_answer_free(&a);
	return (0);
}

/* Lines from its stdout; -1 on a bad one, 1 at end of file. */
static int
read_answers(struct exchange *x, struct op_err *err)
{
	char	buf[4096];
	ssize_t r, i;

	if ((r = read(x->fd[1], buf, sizeof buf)) == -1)
		return (errno == EAGAIN || errno == EINTR ? 0 : 1);
	if (r == 0)
		return (1);
	for (i = 0; i < r; i++) {
		if (buf[i] != '\n') {
			if (x->linelen == SPELLER_LINE - 1)
				return (op_err_set(err, OP_ECONFIG,
				    "the speller \"%s\" sent a line over %d "
				    "bytes",
				    x->name, SPELLER_LINE));
			x->line[x->linelen++] = buf[i];
			continue;
		}
		if (answer_line(x, err) == -1)
			return (-1);
		x->linelen = 0;
	}
	return (0);
}

static void
read_stderr(struct exchange *x)
{
	char	buf[512];
	ssize_t r;
	size_t	n;

	if ((r = read(x->fd[2], buf, sizeof buf)) <= 0) {
		if (r == 0 || (errno != EAGAIN && errno != EINTR))
			close_fd(&x->fd[2]);
		return;
	}
	n = (size_t)r < SPELLER_ERR - x->elen ? (size_t)r :
						SPELLER_ERR - x->elen;
	memcpy(x->ebuf + x->elen, buf, n);
	x->elen += n;
}

static void
write_request(struct exchange *x)
{
	ssize_t w;

	w = write(x->fd[0], x->req + x->reqoff, x->reqlen - x->reqoff);
	if (w > 0)
		x->reqoff += (size_t)w;
	else if (w == -1 && errno != EAGAIN && errno != EINTR)
		x->reqoff = x->reqlen; /* it went away: its stdout says more */
	if (x->reqoff == x->reqlen)
		close_fd(&x->fd[0]); /* end of input: it may leave */
}

static long
ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long		ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return (ms < 0 ? 0 : ms);
}

/* Wait up to ms for the child; SIGKILL it then.  Its wait status. */
static int
reap(pid_t pid, long ms)
{
	int status = 0;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (ms <= 0) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &status, 0);
			return (status);
		}
		usleep(10000);
		ms -= 10;
	}
	return (status);
}

/* It left before answering everything: say how. */
static int
ended(struct exchange *x, struct op_err *err)
{
	int status = reap(x->pid, 2000);

	x->pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 &&
	    strncmp(said(x), "cannot run: ", 12) == 0)
		return (op_err_set(err, OP_ECONFIG,
		    "the speller \"%s\" cannot be started: %s (install it, "
		    "or set speller in the config)",
		    x->name, said(x) + 12));
	return (op_err_set(err, OP_ECONFIG,
	    "the speller \"%s\" stopped (%s %d) before answering: %s", x->name,
	    WIFEXITED(status) ? "exit" : "signal",
	    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
	    said(x)));
}

/* Talk until every word is answered; 0, or -1 with err set. */
static int
converse(struct exchange *x, int timeout, struct op_err *err)
{
	struct pollfd	pfd[3];
	struct timespec deadline;
	int		i, r;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout;
	while (x->word < x->nwords) {
		for (i = 0; i < 3; i++) {
			pfd[i].fd = x->fd[i];
			pfd[i].events = i == 0 ? POLLOUT : POLLIN;
			pfd[i].revents = 0;
		}
		if (ms_left(&deadline) == 0)
			return (op_err_set(err, OP_ECONFIG,
			    "the speller \"%s\" did not answer within %d "
			    "second%s; it was stopped (speller in the config)",
			    x->name, timeout, timeout == 1 ? "" : "s"));
		if (poll(pfd, 3, (int)ms_left(&deadline)) == -1 &&
		    errno != EINTR)
			return (op_err_set(err, OP_EIO, "poll: %s",
			    strerror(errno)));
		if (pfd[2].revents != 0)
			read_stderr(x);
		if (pfd[0].revents != 0)
			write_request(x);
		if (pfd[1].revents != 0 && (r = read_answers(x, err)) != 0)
			return (r == 1 ? ended(x, err) : -1);
	}
	return (0);
}

void
speller_free(struct speller_miss *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].word);
		str_list_free(v[i].sugg, v[i].nsugg);
	}
	free(v);
}

int
speller_check(const char *command, const struct textbuf *tb, int timeout,
    struct speller_miss **out, size_t *nout, struct op_err *err)
{
	struct exchange	   x;
	struct spell_word *words;
	char		 **argv;
	size_t		   n, i;
	int		   r;

	*out = NULL;
	*nout = 0;
	if ((argv = str_split_words(command, &n, NULL)) == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "speller: an unbalanced quote or no command"));
	memset(&x, 0, sizeof x);
	spell_words(tb, &words, &x.nwords);
	x.name = argv[0];
	x.words = words;
	x.tb = tb;
	x.fd[0] = x.fd[1] = x.fd[2] = -1;
	request(&x);
	if (x.nwords == 0)
		r = 0;
	else if ((r = start(&x, argv, n, err)) == 0)
		r = converse(&x, timeout, err);
	for (i = 0; i < 3; i++)
		close_fd(&x.fd[i]);
	if (x.pid > 0)
		(void)reap(x.pid, r == 0 ? 2000 : 0);
	spell_answer_free(&x.miss);
	free(x.req);
	free(words);
	str_list_free(argv, n);
	if (r == 0) {
		*out = x.out;
		*nout = x.nout;
	} else
		speller_free(x.out, x.nout);
	return (r);
}
