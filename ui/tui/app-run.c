/*
 * app-run.c -- lending the terminal to an interactive program (the
 * user's editor): curses steps aside, the program runs in the
 * foreground with the default signals, and the screen is repainted.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/app-int.h"
#include "tui/tty.h"

static void
exec_interactive(const char *const *argv)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "outpost: cannot run %s: %s\n", argv[0],
	    strerror(errno));
	_exit(127);
}

int
app_run_interactive(struct app *app, const char *const *argv)
{
	pid_t pid;
	int   status;

	if (argv == NULL || argv[0] == NULL)
		return (-1);
	tty_suspend();
	if ((pid = fork()) < 0) {
		tty_resume();
		app_error(app, "cannot run %s: %s", argv[0], strerror(errno));
		return (-1);
	}
	if (pid == 0)
		exec_interactive(argv);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = 0x7f00; /* as exit status 127 */
			break;
		}
	}
	if (!app_hung_up())
		tty_resume();
	app_dirty(app);
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (WEXITSTATUS(status));
}
