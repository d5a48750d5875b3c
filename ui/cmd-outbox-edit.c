/*
 * cmd-outbox-edit.c -- placeholder.
 */
#include <stdio.h>
#include <sysexits.h>

#include "cmd.h"

static int
cmd_outbox_edit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	fprintf(stderr, "outpost outbox-edit: not yet\n");
	return (EX_SOFTWARE);
}

const struct command cmd_outbox_edit_entry = { "outbox-edit", NULL, NULL,
	cmd_outbox_edit_exec };
