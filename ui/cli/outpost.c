/*
 * outpost.c -- main(): global options, then one command from the table;
 * run through a link named sendmail, mailq or newaliases, "send" with
 * all the arguments as that program's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "tui/app.h"
#include "cli/cmd-list.h"
#include "cli/cmd.h"
#include "conf/config.h"
#include "base/strutil.h"

/* LOCAL commands run here; for the others outpost-agent is exec'd. */
#define AS_LOCAL(fn, name, usage, help) { name, usage, help, fn, 0 },
#define AS_AGENT(fn, name, usage, help) { name, usage, help, NULL, 0 },
#define AS_UI(fn, name, usage, help)	{ name, usage, help, NULL, 1 },
#define AS_ENTRY(where, fn, name, usage, help) \
	AS_##where(fn, name, usage, help)
static const struct command commands[] = { OUTPOST_COMMANDS(AS_ENTRY) };
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage_command(FILE *f, const struct command *cmd)
{
	fprintf(f, "  %s %s\n      %s\n", cmd->name, cmd->usage, cmd->help);
}

static void
usage(FILE *f, const char *progname)
{
	size_t i;

	fprintf(f,
	    "usage: %s [-c FILE] [COMMAND [ARGS]]\n"
	    "       %s --help | --version\n\n"
	    "With no command, the terminal UI starts.\n\ncommands:\n",
	    progname, progname);
	for (i = 0; i < NCOMMANDS; i++)
		if (!commands[i].ui)
			usage_command(f, &commands[i]);
	fprintf(f, "\ncommands the terminal UI runs:\n");
	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].ui)
			usage_command(f, &commands[i]);
	fprintf(f,
	    "\noptions:\n"
	    "  -c FILE        use FILE as the config file\n"
	    "  -h, --help     show this help\n"
	    "  -V, --version  show the version\n"
	    "\nSee outpost(1), outpost.conf(5) and outpost-policy(5).\n");
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (&commands[i]);
	return (NULL);
}

static int
unknown_command(const char *progname, const char *name)
{
	const char *names[NCOMMANDS + 1], *hint;
	size_t	    i;

	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	names[i] = NULL;
	if ((hint = str_suggest(name, names)) != NULL)
		fprintf(stderr,
		    "%s: unknown command \"%s\" (did you mean \"%s\"?)\n",
		    progname, name, hint);
	else
		fprintf(stderr, "%s: unknown command \"%s\"\n", progname,
		    name);
	usage(stderr, progname);
	return (EX_USAGE);
}

static int
run_agent(char *const *argv0, const char *config, int argc, char **argv)
{
	char	    path[4096], **av;
	const char *agent = app_agent_path(path, sizeof path);
	int	    i, n = 0;

	av = calloc((size_t)argc + 4, sizeof *av);
	if (av == NULL)
		return (EX_OSERR);
	av[n++] = (char *)"outpost";
	if (config != NULL) {
		av[n++] = (char *)"-c";
		av[n++] = (char *)config;
	}
	for (i = 0; i < argc; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	(void)argv0;
	app_agent_exec(agent, av);
	fprintf(stderr, "outpost: cannot run %s: %s\n", agent,
	    strerror(errno));
	free(av);
	return (EX_UNAVAILABLE);
}

int
cmd_run_agent(const char *config, int argc, char **argv)
{
	return (run_agent(NULL, config, argc, argv));
}

/*
 * Run as sendmail, mailq or newaliases (the name of the link): "send
 * --as NAME" and every argument after the name, in outpost-agent.
 */
static int
personality(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	char	  **av;
	int	    i, rc;

	base = base != NULL ? base + 1 : argv[0];
	if (strcmp(base, "sendmail") != 0 && strcmp(base, "mailq") != 0 &&
	    strcmp(base, "newaliases") != 0)
		return (-1);
	if ((av = calloc((size_t)argc + 3, sizeof *av)) == NULL)
		return (EX_OSERR);
	av[0] = (char *)"send";
	av[1] = (char *)"--as";
	av[2] = (char *)base;
	for (i = 1; i < argc; i++)
		av[i + 2] = argv[i];
	rc = run_agent(argv, NULL, argc + 2, av);
	free(av);
	return (rc);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_ctx	      ctx = { NULL, "outpost", NULL, NULL };
	const struct command *cmd;
	char *const	     *argv0 = argv;
	int		      ch, rc;

	if ((rc = personality(argc, argv)) != -1)
		return (rc);
	argv[0] = (char *)"outpost"; /* for getopt's messages */
	/* "+": stop at the command name; its options are its own. */
	while ((ch = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			ctx.config_path = optarg;
			break;
		case 'h':
			usage(stdout, ctx.progname);
			return (EX_OK);
		case 'V':
			printf("outpost %s\n", PACKAGE_VERSION);
			return (EX_OK);
		default:
			usage(stderr, ctx.progname);
			return (EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return (app_main(ctx.config_path, argv0[0]));
	if ((cmd = find_command(argv[0])) == NULL)
		return (unknown_command(ctx.progname, argv[0]));
	if (cmd->exec == NULL)
		return (run_agent(argv0, ctx.config_path, argc, argv));
	optind = 0; /* GNU getopt: start afresh */
	return (cmd->exec(&ctx, argc, argv));
}
