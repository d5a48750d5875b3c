/*
 * cmd.h -- the command-line commands of outpost, one per file
 * (cmd-*.c), each exporting one const struct command.
 */
#ifndef OUTPOST_CMD_H
#define OUTPOST_CMD_H

struct cmd_ctx {
	const char	*config_path;	/* -c FILE, or NULL */
	const char	*progname;
};

struct command {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*help;		/* one line */
	int		(*exec)(struct cmd_ctx *, int, char **);
};

extern const struct command cmd_check_config_entry;

#endif
