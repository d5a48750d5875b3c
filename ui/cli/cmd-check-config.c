/*
 * cmd-check-config.c -- "outpost check-config": load the config and its
 * policy, print every violation with file:line, rule and fix, and what
 * is wrong in the keymap files the UI would load (warnings: keys never
 * stop mail) and a signature.file that cannot be used (an error); each
 * account against its own policy.  Exit 0 when nothing is wrong but
 * keys, 78 (EX_CONFIG) otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "conf/config.h"
#include "input/keymap.h"
#include "conf/policy.h"
#include "text/textfile.h"

/* "PATH" with one account, "PATH: account NAME" with several. */
static void
print_where(const struct config *cfg, int several)
{
	if (several)
		printf("%s: account %s", cfg->path, cfg->account);
	else
		printf("%s", cfg->path);
}

static void
print_ok(const struct config *cfg, const struct policy *pol, int several)
{
	struct effective eff;

	policy_effective(cfg, pol, &eff);
	print_where(cfg, several);
	printf(": OK for policy %s: %s port %d (%s), user %s\n", pol->name,
	    eff.smtp_host, eff.smtp_port,
	    eff.smtp_tls == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS",
	    cfg->username);
}

/* The keymap and the user's keys file, as the UI would load them. */
static void
print_keymap_warnings(const struct config *cfg)
{
	struct keymap *km = keymap_open(cfg->keymap);
	const char    *msg;
	size_t	       i;
	int	       line = config_line(cfg, "keymap");

	for (i = 0; i < keymap_nerrors(km); i++) {
		msg = keymap_error(km, i);
		if (strncmp(msg, "unknown keymap", 14) == 0 && line > 0)
			printf("%s:%d: warning [keymap] %s\n", cfg->path, line,
			    msg);
		else /* the user's keys file: the message names it */
			printf("warning [keys] %s\n", msg);
	}
	keymap_free(km);
}

/* signature.file as the composer would read it: 1 when it cannot. */
static int
print_signature_error(const struct config *cfg)
{
	struct op_err err = { 0 };
	char	     *text;
	size_t	      len;

	if (cfg->signature_file == NULL ||
	    textfile_read(cfg->signature_file, &text, &len, &err) == 0) {
		if (cfg->signature_file != NULL)
			free(text);
		return (0);
	}
	printf(
	    "%s:%d: error [signature.file] cannot use the signature %s; make it a text file of yours, or remove the line\n",
	    cfg->path, config_line(cfg, "signature.file"), err.msg);
	return (1);
}

/* One account against its own policy: 1 when it may not send. */
static int
check_account(const struct config *cfg, int several)
{
	struct op_err	  err = { 0 };
	struct policy	  pol;
	struct violations vs;
	int		  sigerr;

	if (policy_for_config(cfg, &pol, &err) != 0) {
		printf("%s:%d: error [policy] %s\n", cfg->path,
		    config_line(cfg, "policy"), err.msg);
		return (1);
	}
	policy_check(cfg, &pol, &vs);
	cmd_print_violations(stdout, cfg->path, &vs);
	sigerr = print_signature_error(cfg);
	if (vs.nerrors == 0 && sigerr) {
		print_where(cfg, several);
		printf(
		    ": mail is sent, without a signature, until signature.file is fixed\n");
	} else if (vs.nerrors == 0)
		print_ok(cfg, &pol, several);
	else {
		print_where(cfg, several);
		printf(
		    ": %zu error%s against policy %s; outpost will not send until they are fixed\n",
		    vs.nerrors, vs.nerrors == 1 ? "" : "s", pol.name);
	}
	sigerr = vs.nerrors > 0 || sigerr;
	violations_free(&vs);
	policy_free(&pol);
	return (sigerr);
}

int
cmd_check_config_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct config cfg;
	struct policy pol;
	size_t	      i;
	int	      rc, ch, bad = 0;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c')
			goto usage;
		ctx->config_path = optarg;
	}
	if (optind != argc)
		goto usage;
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 0)) != 0)
		return (rc);
	policy_free(&pol); /* each account's is its own */
	print_keymap_warnings(&cfg);
	for (i = 0; i < config_account_count(&cfg); i++)
		bad |= check_account(config_account_at(&cfg, i),
		    cfg.naccounts > 0);
	config_free(&cfg);
	return (bad ? EX_CONFIG : EX_OK);
usage:
	fprintf(stderr, "usage: %s check-config [-c FILE]\n", ctx->progname);
	return (EX_USAGE);
}
