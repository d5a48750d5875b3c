/*
 * outpost.c -- main(): global options, then one command from the table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "config.h"
#include "strutil.h"

static const struct command *commands[] = {
	&cmd_check_config_entry,
	NULL
};

static void
usage(FILE *f, const char *progname)
{
	size_t	i;

	fprintf(f, "usage: %s [-c FILE] [COMMAND [ARGS]]\n"
	    "       %s --help | --version\n\ncommands:\n", progname,
	    progname);
	for (i = 0; commands[i] != NULL; i++)
		fprintf(f, "  %-14s %-20s %s\n", commands[i]->name,
		    commands[i]->usage, commands[i]->help);
	fprintf(f, "\noptions:\n"
	    "  -c FILE        use FILE as the config file\n"
	    "  -h, --help     show this help\n"
	    "  -V, --version  show the version\n"
	    "\nSee outpost(1), outpost.conf(5) and outpost-policy(5).\n");
}

static const struct command *
find_command(const char *name)
{
	size_t	i;

	for (i = 0; commands[i] != NULL; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return (commands[i]);
	return (NULL);
}

static int
unknown_command(const char *progname, const char *name)
{
	const char	*names[16], *hint;
	size_t		 i;

	for (i = 0; commands[i] != NULL && i < 15; i++)
		names[i] = commands[i]->name;
	names[i] = NULL;
	if ((hint = str_suggest(name, names)) != NULL)
		fprintf(stderr, "%s: unknown command \"%s\" (did you mean "
		    "\"%s\"?)\n", progname, name, hint);
	else
		fprintf(stderr, "%s: unknown command \"%s\"\n", progname,
		    name);
	usage(stderr, progname);
	return (EX_USAGE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_ctx		 ctx = { NULL, "outpost" };
	const struct command	*cmd;
	int			 ch;

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
	if (argc == 0) {
		fprintf(stderr, "%s: the terminal UI is not built yet; "
		    "see \"%s --help\" for the commands there are\n",
		    ctx.progname, ctx.progname);
		return (EX_UNAVAILABLE);
	}
	if ((cmd = find_command(argv[0])) == NULL)
		return (unknown_command(ctx.progname, argv[0]));
	optind = 1;
	return (cmd->exec(&ctx, argc, argv));
}
