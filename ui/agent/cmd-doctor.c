/*
 * cmd-doctor.c -- "outpost doctor": run the account test and print each
 * step on its own line, with the advice when it fails; then the counts
 * ("1 failed, 5 skipped") and the result in plain words.  Exit 0 when
 * the configured port connects, verifies TLS and logs in.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cmd.h"
#include "agent/prompt.h"
#include "conf/config.h"
#include "work/doctor.h"
#include "agent/events.h"
#include "conf/policy.h"
#include "agent/trace.h"

static void
print_step(void *arg, const struct doctor_step *s)
{
	static const char *mark[] = { "[    ]", "[ .. ]", "[ ok ]", "[FAIL]",
		"[skip]", "[note]" };

	(void)arg;
	if (s->state == DOCTOR_RUNNING || s->state == DOCTOR_PENDING)
		return;
	printf("%s %s: %s\n", mark[s->state], s->title, s->detail);
	if (s->state == DOCTOR_FAILED && s->advice[0] != '\0')
		printf("       what to do: %s\n", s->advice);
	fflush(stdout);
}

/* --events: every change of every step, as it happens. */
static void
emit_step(void *arg, const struct doctor_step *s)
{
	static const char *state[] = {
		[DOCTOR_PENDING] = PROTO_STEP_PENDING,
		[DOCTOR_RUNNING] = PROTO_STEP_RUNNING,
		[DOCTOR_PASSED] = PROTO_STEP_PASSED,
		[DOCTOR_FAILED] = PROTO_STEP_FAILED,
		[DOCTOR_SKIPPED] = PROTO_STEP_SKIPPED,
		[DOCTOR_NOTE] = PROTO_STEP_NOTE,
	};
	json_t *o = events_new(PROTO_EV_STEP);

	(void)arg;
	events_set_str(o, PROTO_F_ID, s->id);
	events_set_str(o, PROTO_F_TITLE, s->title);
	events_set_str(o, PROTO_F_STATE, state[s->state]);
	events_set_str(o, PROTO_F_DETAIL, s->detail);
	events_set_str(o, PROTO_F_ADVICE, s->advice);
	if (s->switch_port != 0)
		json_object_set_new(o, PROTO_F_PORT,
		    json_integer(s->switch_port));
	events_emit(o);
}

static void
emit_source(void *arg, enum send_source src)
{
	(void)arg;
	events_source(src);
}

/* "1 failed, 5 skipped: VERDICT", or the verdict when all passed. */
static void
summary(const struct doctor_result *r, char *buf, size_t len)
{
	int n;

	if (r->failed == 0) {
		snprintf(buf, len, "%s", r->verdict);
		return;
	}
	n = snprintf(buf, len, "%d failed", r->failed);
	if (r->skipped > 0 && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, ", %d skipped",
		    r->skipped);
	if (r->verdict[0] != '\0' && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ": %s", r->verdict);
}

/* The line to put in the config to use the port that works. */
static void
print_switch(const struct config *cfg, const struct doctor_result *r)
{
	printf(
	    "to use port %d, put this line in %s (or choose the port in Settings):\n",
	    r->switch_port, cfg->path);
	printf("    smtp.port = %d\n", r->switch_port);
	if (cfg->smtp_tls != TLS_UNSET)
		printf(
		    "and remove its smtp.tls line: the mode follows the port\n");
}

int
cmd_doctor_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trace", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct doctor_events ev = { print_step, trace_write, NULL, &cli_prompt,
		NULL };
	struct config	     cfg;
	struct policy	     pol;
	struct doctor_result res;
	struct op_err	     err = { 0 };
	struct trace	    *tf = NULL;
	char		     words[700];
	int		     ch, rc;

	while ((ch = getopt_long(argc, argv, "a:c:", longopts, NULL)) != -1) {
		if (ch == 'a')
			ctx->account = optarg;
		else if (ch == 'c')
			ctx->config_path = optarg;
		else if (ch == 'T' && (tf = trace_open(optarg)) == NULL) {
			fprintf(stderr, "outpost doctor: --trace %s: %s\n",
			    optarg, strerror(errno));
			return (EX_CANTCREAT);
		} else if (ch != 'T') {
			fputs(
			    "usage: outpost doctor [-a ACCOUNT] [-c FILE] [--trace FILE]\n",
			    stderr);
			return (EX_USAGE);
		}
	}
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 0)) != 0)
		return (rc);
	ev.arg = tf;
	if (events_active()) {
		ev.step = emit_step;
		ev.source = emit_source;
		ev.prompt = &events_prompt;
	}
	if (cfg.section != 0)
		printf(
		    "outpost doctor: testing account %s of %s with policy %s (%s)\n",
		    cfg.account, cfg.path, pol.name, pol.source);
	else
		printf("outpost doctor: testing %s with policy %s (%s)\n",
		    cfg.path, pol.name, pol.source);
	doctor_run(&cfg, &pol, NULL, &ev, &res);
	summary(&res, words, sizeof words);
	printf("%s\n", words);
	if (res.switch_port != 0)
		print_switch(&cfg, &res);
	if (res.failed > 0 && pol.help_url != NULL)
		printf("the documented settings: %s\n", pol.help_url);
	events_message("%s", words);
	err.code = res.first;
	rc = res.failed == 0 ? EX_OK : op_err_exitcode(&err);
	trace_close(tf);
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}

/* Usage and help text live in outpost.c's table. */
