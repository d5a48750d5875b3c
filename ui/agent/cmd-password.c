/*
 * cmd-password.c -- "outpost password set|clear|status": the keyring
 * entry for the account's submission server (effective host, port and
 * user), for scripts and SSH users.  set reads the password from the
 * terminal with echo off, or the first line of standard input when that
 * is not a terminal.  Exit 0; 77 when there is no usable keyring; 64 for
 * usage errors.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "conf/config.h"
#include "agent/events.h"
#include "agent/runner.h"
#include "work/keyring.h"
#include "conf/policy.h"
#include "agent/prompt.h"
#include "work/secret.h"
#include "work/send.h"

static const char usage_text[] =
    "usage: outpost password [-a ACCOUNT] [-c FILE] set | clear | status\n";

/* Why there is no keyring, and what to do about it. */
static int
no_keyring(const char *what, const struct op_err *err)
{
	fprintf(stderr, "outpost password %s: %s\n", what, err->msg);
	if (strstr(err->msg, "locked") != NULL)
		fprintf(stderr,
		    "outpost password %s: unlock the keyring (for example: gnome-keyring-daemon --unlock) and try again\n",
		    what);
	else if (strstr(err->msg, "no keyring file") != NULL)
		fprintf(stderr,
		    "outpost password %s: create the login keyring first (for example: printf %%s PASSWORD | gnome-keyring-daemon --unlock)\n",
		    what);
	else if (strstr(err->msg, "D-Bus") != NULL)
		fprintf(stderr,
		    "outpost password %s: run it in a session with a keyring (dbus-run-session and gnome-keyring-daemon), or set password.command\n",
		    what);
	return (EX_NOPERM);
}

static int
do_set(const struct keyring_key *key)
{
	struct op_err	   err = { 0 };
	enum keyring_state s;
	char		  *pw = NULL, q[600];
	int		   r;

	if (keyring_usable(&s, &err) != 0)
		return (no_keyring("set", &err));
	if (isatty(STDIN_FILENO) && !events_active()) {
		snprintf(q, sizeof q, "Password for %s at %s: ",
		    key->user != NULL ? key->user : "you", key->host);
		r = prompt_password(NULL, q, &pw, &err);
	} else
		r = prompt_read_line(STDIN_FILENO, &pw, &err);
	if (r != 0) {
		fprintf(stderr, "outpost password set: %s\n", err.msg);
		return (EX_DATAERR);
	}
	r = keyring_store(key, pw, &err);
	secret_free(pw);
	if (r != 0)
		return (no_keyring("set", &err));
	printf("stored in the keyring for %s at %s port %d\n", key->user,
	    key->host, key->port);
	if (events_active()) {
		snprintf(q, sizeof q,
		    "stored in the keyring for %s at %s port %d", key->user,
		    key->host, key->port);
		events_say(q);
		events_message("%s", q);
	}
	return (EX_OK);
}

static int
do_clear(const struct keyring_key *key)
{
	struct op_err	   err = { 0 };
	enum keyring_state s;
	int		   removed;

	if (keyring_usable(&s, &err) != 0 ||
	    keyring_clear(key, &removed, &err) != 0)
		return (no_keyring("clear", &err));
	printf("%s\n",
	    removed ? "removed from the keyring" :
		      "nothing was stored in the keyring");
	if (events_active()) {
		events_say(removed ? "removed from the keyring" :
				     "nothing was stored in the keyring");
		events_message("%s",
		    removed ? "removed from the keyring" :
			      "nothing was stored in the keyring");
	}
	return (EX_OK);
}

static int
have_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return (0);
	close(fd);
	return (1);
}

static int
do_status(const struct config *cfg, const struct keyring_key *key)
{
	struct op_err	   err = { 0 };
	enum keyring_state s;
	char		  *pw = NULL;
	const char	  *src;
	enum send_source   esrc;

	if (keyring_usable(&s, &err) == 0)
		s = keyring_lookup(key, &pw, &err);
	secret_free(pw);
	esrc = SEND_SRC_NONE;
	if (cfg->password_command != NULL)
		esrc = SEND_SRC_COMMAND;
	else if (s == KEYRING_STORED)
		esrc = SEND_SRC_KEYRING;
	else if (events_active() || have_tty())
		esrc = SEND_SRC_PROMPT; /* the UI asks over the pipe */
	src = esrc == SEND_SRC_NONE ? "none" : send_source_words(esrc);
	if (events_active()) {
		events_source(esrc);
		events_message("password source: %s; keyring: %s", src,
		    s == KEYRING_STORED || s == KEYRING_NOT_STORED ?
			keyring_state_words(s) :
			err.msg);
	}
	printf("account: %s at %s port %d\n", key->user, key->host, key->port);
	printf("password source: %s\n", src);
	printf("keyring: %s\n",
	    s == KEYRING_STORED || s == KEYRING_NOT_STORED ?
		keyring_state_words(s) :
		err.msg);
	return (s == KEYRING_NO_BUS || s == KEYRING_UNSUPPORTED ? EX_NOPERM :
								  EX_OK);
}

int
cmd_password_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct keyring_key key;
	struct config	   cfg;
	struct policy	   pol;
	int		   ch, rc;

	while ((ch = getopt(argc, argv, "a:c:")) != -1) {
		if (ch == 'a')
			ctx->account = optarg;
		else if (ch == 'c')
			ctx->config_path = optarg;
		else {
			fputs(usage_text, stderr);
			return (EX_USAGE);
		}
	}
	if (optind + 1 != argc ||
	    (strcmp(argv[optind], "set") != 0 &&
		strcmp(argv[optind], "clear") != 0 &&
		strcmp(argv[optind], "status") != 0)) {
		fputs(usage_text, stderr);
		return (EX_USAGE);
	}
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 0)) != 0)
		return (rc);
	send_keyring_key(&cfg, &pol, &key);
	if (key.user == NULL) {
		fprintf(stderr, "outpost password: no username in %s\n",
		    cfg.path);
		rc = EX_CONFIG;
	} else if (strcmp(argv[optind], "set") == 0)
		rc = do_set(&key);
	else if (strcmp(argv[optind], "clear") == 0)
		rc = do_clear(&key);
	else
		rc = do_status(&cfg, &key);
	if (strcmp(argv[optind], "status") != 0)
		runner_release(); /* a new password: a held runner may try */
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}

/* Usage and help text live in outpost.c's table. */
