/*
 * prompt.c -- asking on /dev/tty.  Echo goes off only while the password
 * is typed; a signal in that time (^C, ^\, hang-up, TERM) restores the
 * terminal before the default action; ^Z is ignored meanwhile.  The
 * password is read straight into locked memory (secret_alloc).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "agent/prompt.h"
#include "work/secret.h"
#include "work/send.h"

#define PROMPT_MAX 1024

static int		     tty_fd = -1;
static struct termios	     tty_saved;
static volatile sig_atomic_t tty_raw;

static const int caught[] = { SIGINT, SIGQUIT, SIGHUP, SIGTERM };
#define NCAUGHT (sizeof caught / sizeof caught[0])

static void
tty_restore(void)
{
	if (tty_raw) {
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
		tty_raw = 0;
	}
}

static void
on_signal(int sig)
{
	tty_restore();
	(void)!write(tty_fd, "\n", 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

int
prompt_read_line(int fd, char **pw, struct op_err *err)
{
	char   *buf = secret_alloc(PROMPT_MAX), c;
	size_t	n = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n' || c == '\r')
			break;
		if (n < PROMPT_MAX)
			buf[n++] = c;
	}
	c = 0;
	if (n == 0) {
		secret_free(buf);
		return (op_err_set(err, OP_ESECRET, "no password was given"));
	}
	*pw = buf;
	return (0);
}

/* Echo off, signals caught; the previous actions in old. */
static int
echo_off(struct sigaction *old, struct sigaction *oldtstp)
{
	struct sigaction sa;
	struct termios	 t;
	size_t		 i;

	if (tcgetattr(tty_fd, &tty_saved) != 0)
		return (-1);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTSTP, &sa, oldtstp);
	t = tty_saved;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	tty_raw = 1;
	if (tcsetattr(tty_fd, TCSAFLUSH, &t) != 0)
		return (-1);
	return (0);
}

static void
echo_on(struct sigaction *old, struct sigaction *oldtstp)
{
	size_t i;

	tty_restore();
	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
	sigaction(SIGTSTP, oldtstp, NULL);
}

static int
tty_open(struct op_err *err)
{
	if (tty_fd >= 0)
		return (0);
	tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty_fd < 0)
		return (op_err_set(err, OP_ESECRET, "no terminal"));
	return (0);
}

int
prompt_password(void *arg, const char *prompt, char **pw, struct op_err *err)
{
	struct sigaction old[NCAUGHT], oldtstp;
	int		 r;

	(void)arg;
	if (tty_open(err) != 0)
		return (-1);
	/* Echo off first: nothing typed after the prompt is ever shown. */
	if (echo_off(old, &oldtstp) != 0) {
		echo_on(old, &oldtstp);
		return (op_err_set(err, OP_ESECRET, "no terminal: %s",
		    strerror(errno)));
	}
	(void)!write(tty_fd, prompt, strlen(prompt));
	r = prompt_read_line(tty_fd, pw, err);
	echo_on(old, &oldtstp);
	(void)!write(tty_fd, "\n", 1);
	return (r);
}

static int
confirm(void *arg, const char *question)
{
	struct op_err err = { 0 };
	char	      c = 0, first = 0;
	int	      n = 0;

	(void)arg;
	if (tty_open(&err) != 0)
		return (0);
	(void)!write(tty_fd, question, strlen(question));
	while (read(tty_fd, &c, 1) == 1 && c != '\n')
		if (n++ == 0)
			first = c;
	return (first == 'y' || first == 'Y');
}

static void
say(void *arg, const char *text)
{
	(void)arg;
	fprintf(stderr, "outpost: %s\n", text);
}

const struct send_prompt cli_prompt = { prompt_password, confirm, say, NULL,
	NULL };
