/*
 * cmd-check-config.c -- "outpost check-config": load the config and its
 * policy, print every violation with file:line, rule and fix.
 * Exit 0 when nothing blocks sending, 78 (EX_CONFIG) otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "paths.h"
#include "policy.h"

static void
print_violation(const char *path, const struct violation *v)
{
	const char	*sev = v->severity == SEV_ERROR ? "error" : "warning";

	if (v->line > 0)
		printf("%s:%d: %s [%s] %s = %s: %s\n", path, v->line, sev,
		    v->rule, v->setting, v->value != NULL ? v->value : "",
		    v->fix);
	else
		printf("%s: %s [%s] %s: %s\n", path, sev, v->rule, v->setting,
		    v->fix);
}

static void
print_ok(const char *path, const struct config *cfg,
    const struct policy *pol)
{
	struct effective	eff;

	policy_effective(cfg, pol, &eff);
	printf("%s: OK for policy %s: %s port %d (%s), user %s\n", path,
	    pol->name, eff.smtp_host, eff.smtp_port,
	    eff.smtp_tls == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS",
	    cfg->username);
}

static int
cmd_check_config_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct op_err		err = { 0 };
	struct config		cfg;
	struct policy		pol;
	struct violations	vs;
	char			*path;
	size_t			 i;
	int			 rc, ch;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c') {
			fprintf(stderr, "usage: %s check-config [-c FILE]\n",
			    ctx->progname);
			return (EX_USAGE);
		}
		ctx->config_path = optarg;
	}
	if (optind != argc) {
		fprintf(stderr, "usage: %s check-config [-c FILE]\n",
		    ctx->progname);
		return (EX_USAGE);
	}
	if (paths_config(ctx->config_path, &path, &err) != 0) {
		fprintf(stderr, "%s: %s\n", ctx->progname, err.msg);
		return (EX_CONFIG);
	}
	if (config_load(path, &cfg, &err) != 0) {
		if (err.code == OP_ENOTFOUND)
			fprintf(stderr, "%s: no config file at %s; create one "
			    "(see outpost.conf(5))\n", ctx->progname, path);
		else
			fprintf(stderr, "%s: %s\n", ctx->progname, err.msg);
		free(path);
		return (EX_CONFIG);
	}
	if (policy_load(cfg.policy, &pol, &err) != 0) {
		fprintf(stderr, "%s: %s:%d: policy: %s\n", ctx->progname,
		    path, config_line(&cfg, "policy"), err.msg);
		config_free(&cfg);
		free(path);
		return (EX_CONFIG);
	}
	policy_check(&cfg, &pol, &vs);
	for (i = 0; i < vs.n; i++)
		print_violation(path, &vs.v[i]);
	if (vs.nerrors == 0)
		print_ok(path, &cfg, &pol);
	else
		printf("%s: %zu error%s against policy %s; outpost will not "
		    "send until they are fixed\n", path, vs.nerrors,
		    vs.nerrors == 1 ? "" : "s", pol.name);
	rc = vs.nerrors == 0 ? EX_OK : EX_CONFIG;
	violations_free(&vs);
	policy_free(&pol);
	config_free(&cfg);
	free(path);
	return (rc);
}

const struct command cmd_check_config_entry = {
	"check-config", "[-c FILE]",
	"check the settings against the site policy",
	cmd_check_config_exec,
};
