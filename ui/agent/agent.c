/*
 * agent.c -- main() of outpost-agent, the process that does the network
 * and keyring work (send, flush, doctor) so that the outpost program never
 * loads TLS, SMTP or keyring libraries.  "outpost send ..." execs it
 * with the same arguments.
 */
#include <sys/prctl.h>
#include <sys/resource.h>

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cmd-list.h"
#include "cli/cmd.h"
#include "agent/events.h"
#include "proto/protocol.h"

/* The AGENT and UI commands of cmd-list.h. */
#define AS_LOCAL(fn, name)
#define AS_AGENT(fn, name)		       { name, NULL, NULL, fn, 0 },
#define AS_UI(fn, name)			       { name, NULL, NULL, fn, 1 },
#define AS_ENTRY(where, fn, name, usage, help) AS_##where(fn, name)
static const struct command agent_commands[] = { OUTPOST_COMMANDS(AS_ENTRY) };
#define NCOMMANDS (sizeof agent_commands / sizeof agent_commands[0])

/* Passwords live in this process: no core dumps, no ptrace by peers. */
static void
harden(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0);
	signal(SIGPIPE, SIG_IGN);
}

/* The command argv[0] with its arguments, in this process; -1: none. */
static int
agent_command(struct cmd_ctx *ctx, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(agent_commands[i].name, argv[0]) == 0) {
			optind = 0; /* GNU getopt: start afresh */
			return (agent_commands[i].exec(ctx, argc, argv));
		}
	}
	return (-1);
}

/*
 * What "outpost outbox" runs in the agent (linked for sendmail -bp) when
 * it would exec outpost-agent: the command, here.
 */
int
cmd_run_agent(const char *config, int argc, char **argv)
{
	struct cmd_ctx ctx = { config, "outpost", NULL, NULL };
	int	       rc;

	if ((rc = agent_command(&ctx, argc, argv)) == -1) {
		fprintf(stderr, "outpost-agent: unknown command \"%s\"\n",
		    argv[0]);
		rc = EX_USAGE;
	}
	return (rc);
}

int
main(int argc, char **argv)
{
	struct cmd_ctx ctx = { NULL, "outpost", NULL, NULL };
	int	       ch, rc;

	harden();
	proto_agent_environ_undo();
	/* --events anywhere before "--": JSON lines, "done" always last. */
	if (events_take_flag(&argc, argv) && events_start() != 0) {
		fprintf(stderr,
		    "outpost-agent: --events: cannot use stdout\n");
		return (EX_OSERR);
	}
	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch != 'c') {
			fprintf(stderr,
			    "usage: outpost [-c FILE] COMMAND ...\n");
			events_done(EX_USAGE);
			return (EX_USAGE);
		}
		ctx.config_path = optarg;
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fprintf(stderr, "outpost-agent: no command\n");
		events_done(EX_USAGE);
		return (EX_USAGE);
	}
	if ((rc = agent_command(&ctx, argc, argv)) != -1) {
		events_done(rc);
		return (rc);
	}
	fprintf(stderr, "outpost-agent: unknown command \"%s\"\n", argv[0]);
	events_done(EX_USAGE);
	return (EX_USAGE);
}
