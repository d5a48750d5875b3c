/*
 * cmd-compose.c -- "outpost reply", "outpost forward" and "outpost
 * compose": outpost-agent make-draft writes the draft (parsing needs
 * libetpan, which outpost never loads), then the terminal UI opens it in
 * the composer.  A message piped in (neomutt's <pipe-message>, aerc's
 * :pipe -m) was read by the agent; the UI then takes the terminal from
 * /dev/tty.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/atomicfile.h"
#include "cli/cmd.h"
#include "store/draft.h"
#include "tui/app.h"

#define CC_MAX_OUTPUT 4096

/* Run outpost-agent make-draft KIND ARG; its two lines into out. */
static int
make_draft(const char *config, const char *kind, const char *arg, char **out)
{
	char	    path[4096];
	const char *agent = app_agent_path(path, sizeof path);
	const char *av[8];
	size_t	    n = 0, len;
	int	    fd[2], st, e;
	pid_t	    pid;

	av[n++] = "outpost";
	if (config != NULL) {
		av[n++] = "-c";
		av[n++] = config;
	}
	av[n++] = "make-draft";
	av[n++] = kind;
	av[n++] = arg;
	av[n] = NULL;
	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		fprintf(stderr, "outpost: cannot run %s: %s\n", agent,
		    strerror(errno));
		return (EX_OSERR);
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		app_agent_exec(agent, (char *const *)av);
		fprintf(stderr, "outpost: cannot run %s: %s\n", agent,
		    strerror(errno));
		_exit(EX_UNAVAILABLE);
	}
	close(fd[1]);
	e = atomicfile_read_fd(fd[0], CC_MAX_OUTPUT, out, &len);
	close(fd[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (e == 0)
			free(*out);
		return (WIFEXITED(st) ? WEXITSTATUS(st) : EX_SOFTWARE);
	}
	return (e == 0 ? 0 : EX_IOERR);
}

/* Standard input and output on the terminal, whatever fed us. */
static int
take_terminal(const char *id)
{
	int fd;

	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return (0);
	if ((fd = open("/dev/tty", O_RDWR)) == -1) {
		fprintf(stderr,
		    "outpost: no terminal for the composer (/dev/tty: %s); the draft %s is saved: run outpost on a terminal to finish it\n",
		    strerror(errno), id);
		return (EX_UNAVAILABLE);
	}
	if (!isatty(STDIN_FILENO))
		dup2(fd, STDIN_FILENO);
	if (!isatty(STDOUT_FILENO))
		dup2(fd, STDOUT_FILENO);
	close(fd);
	return (0);
}

/* Make the draft, then the composer on it. */
static int
compose(struct cmd_ctx *ctx, const char *kind, const char *arg)
{
	char *out = NULL, *status;
	int   rc;

	if (strcmp(arg, "-") == 0 && strcmp(kind, "mailto") != 0 &&
	    isatty(STDIN_FILENO)) {
		fprintf(stderr,
		    "outpost %s: give the message as a file, or pipe it in (\"-\" reads standard input)\n",
		    ctx->progname);
		return (EX_USAGE);
	}
	if ((rc = make_draft(ctx->config_path, kind, arg, &out)) != 0)
		return (rc);
	status = strchr(out, '\n');
	if (status != NULL) {
		*status++ = '\0';
		status[strcspn(status, "\n")] = '\0';
	}
	if (!draft_id_valid(out)) {
		fprintf(stderr, "outpost: outpost-agent gave no draft\n");
		free(out);
		return (EX_SOFTWARE);
	}
	if ((rc = take_terminal(out)) == 0)
		rc = app_main_draft(ctx->config_path, "outpost", out, status,
		    strncmp(kind, "reply", 5) == 0);
	free(out);
	return (rc);
}

static int
usage(const char *what)
{
	fprintf(stderr, "usage: outpost %s\n", what);
	return (EX_USAGE);
}

int
cmd_reply_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, all = 0;

	ctx->progname = "reply";
	while ((ch = getopt_long(argc, argv, "a", longopts, NULL)) != -1) {
		if (ch != 'a')
			return (usage("reply [--all] [FILE|-]"));
		all = 1;
	}
	if (argc - optind > 1)
		return (usage("reply [--all] [FILE|-]"));
	return (compose(ctx, all ? "reply-all" : "reply",
	    optind < argc ? argv[optind] : "-"));
}

int
cmd_forward_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "attach", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, attach = 0;

	ctx->progname = "forward";
	while ((ch = getopt_long(argc, argv, "a", longopts, NULL)) != -1) {
		if (ch != 'a')
			return (usage("forward [--attach] [FILE|-]"));
		attach = 1;
	}
	if (argc - optind > 1)
		return (usage("forward [--attach] [FILE|-]"));
	return (compose(ctx, attach ? "forward-attach" : "forward",
	    optind < argc ? argv[optind] : "-"));
}

int
cmd_compose_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "draft", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *draft = NULL;
	int	    ch;

	ctx->progname = "compose";
	while ((ch = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		if (ch != 'd')
			return (usage("compose [mailto:URL | --draft FILE]"));
		draft = optarg;
	}
	if (argc - optind > 1 || (draft != NULL && argc > optind))
		return (usage("compose [mailto:URL | --draft FILE]"));
	if (draft != NULL)
		return (compose(ctx, "headers", draft));
	if (optind < argc)
		return (compose(ctx, "mailto", argv[optind]));
	return (app_main(ctx->config_path, "outpost"));
}
