/*
 * cmd-list.h -- every command of outpost, in one list.  outpost takes
 * its help and its dispatch from it (running LOCAL commands itself and
 * exec'ing outpost-agent for the others); outpost-agent takes the
 * function of each AGENT and UI command.  UI commands are the ones the
 * terminal UI runs; the help lists them apart.
 *
 * OUTPOST_COMMANDS(X) calls X(where, function, name, usage, help) for
 * each, where is LOCAL, AGENT or UI.
 */
#ifndef OUTPOST_CMD_LIST_H
#define OUTPOST_CMD_LIST_H

#define OUTPOST_COMMANDS(X)                                                   \
	X(LOCAL, cmd_check_config_exec, "check-config", "[-c FILE]",          \
	    "check the settings against the site policy")                     \
	X(LOCAL, cmd_reply_exec, "reply", "[--all] [FILE|-]",                 \
	    "answer a message (a file, or - for standard input)")             \
	X(LOCAL, cmd_forward_exec, "forward", "[--attach] [FILE|-]",          \
	    "pass a message on, inline or attached")                          \
	X(LOCAL, cmd_compose_exec, "compose", "[mailto:URL | --draft FILE]",  \
	    "write a message from a mailto: link or a file with headers")     \
	X(AGENT, cmd_send_exec, "send", "[-a ACCOUNT] [-t] [RCPT ...]",       \
	    "send a message (sendmail-compatible, or --to/--subject)")        \
	X(AGENT, cmd_flush_exec, "flush", "[--all] [-qv] [ID]",               \
	    "deliver every due message in the outbox over one connection")    \
	X(LOCAL, cmd_outbox_exec, "outbox",                                   \
	    "[--json] [--sent] [show|retry|delete|resend|mark-sent|copy ID]", \
	    "list the outbox, or act on one message")                         \
	X(AGENT, cmd_doctor_exec, "doctor", "[-a ACCOUNT] [--trace FILE]",    \
	    "test the account step by step, with advice")                     \
	X(AGENT, cmd_password_exec, "password",                               \
	    "[-a ACCOUNT] set|clear|status",                                  \
	    "the password in the keyring (for scripts, SSH)")                 \
	X(UI, cmd_check_addresses_exec, "check-addresses", "FIELD TEXT",      \
	    "check an address list as sending would")                         \
	X(UI, cmd_outbox_edit_exec, "outbox-edit", "ID",                      \
	    "move an unsent outbox message back into a draft")                \
	X(UI, cmd_outbox_view_exec, "outbox-view", "ID",                      \
	    "show a stored message decoded (headers, text, attachments)")     \
	X(UI, cmd_runner_exec, "runner", "",                                  \
	    "start the queue runner (send, flush and the UI start it)")       \
	X(UI, cmd_make_draft_exec, "make-draft", "KIND FILE|-|URL",           \
	    "the draft reply, forward and compose open")

#endif
