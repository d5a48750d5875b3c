/*
 * cmd-common.c -- what several commands share: loading the settings and
 * printing policy violations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "cli/cmd.h"
#include "conf/config.h"
#include "conf/paths.h"
#include "conf/policy.h"

void
cmd_print_violations(FILE *f, const char *path, const struct violations *vs)
{
	const struct violation *v;
	size_t			i;

	for (i = 0; i < vs->n; i++) {
		v = &vs->v[i];
		if (v->line > 0)
			fprintf(f, "%s:%d: %s [%s] %s = %s: %s\n", path,
			    v->line,
			    v->severity == SEV_ERROR ? "error" : "warning",
			    v->rule, v->setting,
			    v->value != NULL ? v->value : "", v->fix);
		else
			fprintf(f, "%s: %s [%s] %s: %s\n", path,
			    v->severity == SEV_ERROR ? "error" : "warning",
			    v->rule, v->setting, v->fix);
	}
}

int
cmd_load_settings(struct cmd_ctx *ctx, struct config *cfg, struct policy *pol,
    int check)
{
	struct op_err	     err = { 0 };
	struct violations    vs;
	const struct config *acct;
	const char	    *name;
	char		    *path;

	if (paths_config(ctx->config_path, &path, &err) != 0) {
		fprintf(stderr, "%s: %s\n", ctx->progname, err.msg);
		return (EX_CONFIG);
	}
	if (config_load(path, cfg, &err) != 0) {
		if (err.code == OP_ENOTFOUND)
			fprintf(stderr,
			    "%s: no config file at %s; create one (see outpost.conf(5))\n",
			    ctx->progname, path);
		else
			fprintf(stderr, "%s: %s\n", ctx->progname, err.msg);
		free(path);
		return (EX_CONFIG);
	}
	/* -a NAME, else -f ADDR when an account has that address. */
	name = ctx->account;
	if (name == NULL && ctx->from != NULL &&
	    (acct = config_account_by_address(cfg, ctx->from)) != NULL)
		name = acct->account;
	if (name != NULL && config_select(cfg, name, &err) != 0) {
		fprintf(stderr, "%s: %s\n", ctx->progname, err.msg);
		config_free(cfg);
		free(path);
		return (EX_CONFIG);
	}
	if (policy_for_config(cfg, pol, &err) != 0) {
		fprintf(stderr, "%s: %s:%d: policy: %s\n", ctx->progname, path,
		    config_line(cfg, "policy"), err.msg);
		config_free(cfg);
		free(path);
		return (EX_CONFIG);
	}
	if (check) {
		policy_check(cfg, pol, &vs);
		if (vs.nerrors > 0) {
			cmd_print_violations(stderr, path, &vs);
			fprintf(stderr,
			    "%s: not sending: the settings of account %s break policy %s (run \"outpost check-config\")\n",
			    ctx->progname, cfg->account, pol->name);
			violations_free(&vs);
			policy_free(pol);
			config_free(cfg);
			free(path);
			return (EX_CONFIG);
		}
		violations_free(&vs);
	}
	free(path);
	return (0);
}
