/*
 * cmd.h -- the command-line commands of outpost, one per file
 * (cmd-*.c), each exporting its function; cmd-list.h names them.  Commands
 * that touch the network or the keyring run in outpost-agent, so the outpost
 * program itself never links TLS, SMTP or keyring libraries.
 */
#ifndef OUTPOST_CMD_H
#define OUTPOST_CMD_H

#include <stdio.h>

struct config;
struct message_parts;
struct op_err;
struct outbox;
struct outbox_item;
struct policy;

struct cmd_ctx {
	const char *config_path; /* -c FILE, or NULL */
	const char *progname;
	const char *account; /* -a NAME: that account alone; NULL: all */
	const char *from;    /* -f ADDR: the account with it, if no -a */
};

struct command {
	const char *name;
	const char *usage; /* arguments after the name */
	const char *help;  /* one line */
	int (*exec)(struct cmd_ctx *, int, char **); /* NULL: in the agent */
	int ui; /* run by the terminal UI, listed apart */
};

/* The commands (their names, usage and help are in cmd-list.h). */
int cmd_check_config_exec(struct cmd_ctx *, int, char **);
int cmd_outbox_exec(struct cmd_ctx *, int, char **);
int cmd_send_exec(struct cmd_ctx *, int, char **);
int cmd_flush_exec(struct cmd_ctx *, int, char **);
int cmd_doctor_exec(struct cmd_ctx *, int, char **);
int cmd_password_exec(struct cmd_ctx *, int, char **);
int cmd_check_addresses_exec(struct cmd_ctx *, int, char **);
int cmd_outbox_edit_exec(struct cmd_ctx *, int, char **);
int cmd_outbox_view_exec(struct cmd_ctx *, int, char **);
int cmd_runner_exec(struct cmd_ctx *, int, char **);
int cmd_make_draft_exec(struct cmd_ctx *, int, char **);
int cmd_reply_exec(struct cmd_ctx *, int, char **);
int cmd_forward_exec(struct cmd_ctx *, int, char **);
int cmd_compose_exec(struct cmd_ctx *, int, char **);

/* Run outpost-agent with these arguments (outpost.c); returns on failure. */
int cmd_run_agent(const char *, int, char **);

/*
 * Load the config and its policy for a command; on failure print why
 * and return the exit code (EX_CONFIG), else 0.  With check set,
 * violations are printed and make it fail too.  With ctx->account set,
 * cfg is that account alone (config_select; else with ctx->from, the
 * account with that address, if one has it), else the default account
 * with the others in cfg->accounts; pol is cfg's.
 */
int cmd_load_settings(struct cmd_ctx *, struct config *, struct policy *, int);

/* Each violation as "PATH:LINE: error [rule] setting = value: fix". */
struct violations;
void cmd_print_violations(FILE *, const char *, const struct violations *);

/*
 * An outbox item's stored message read and taken apart by
 * message_unbuild (cmd-outbox-view.c); outbox-view and outbox-edit both.
 */
int cmd_outbox_item_parts(struct outbox *, const struct outbox_item *,
    struct message_parts *, struct op_err *);

#endif
