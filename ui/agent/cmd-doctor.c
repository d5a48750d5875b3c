/*
 * cmd-doctor.c -- "outpost doctor": run the account test and print each
 * step on its own line, with the advice when it fails.  Exit 0 only when
 * every step passed.
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
		"[skip]" };

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
	};
	json_t *o = events_new(PROTO_EV_STEP);

	(void)arg;
	events_set_str(o, PROTO_F_ID, s->id);
	events_set_str(o, PROTO_F_TITLE, s->title);
	events_set_str(o, PROTO_F_STATE, state[s->state]);
	events_set_str(o, PROTO_F_DETAIL, s->detail);
	events_set_str(o, PROTO_F_ADVICE, s->advice);
	events_emit(o);
}

static void
emit_source(void *arg, enum send_source src)
{
	(void)arg;
	events_source(src);
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
	enum op_code	     first;
	struct op_err	     err = { 0 };
	struct trace	    *tf = NULL;
	int		     ch, rc, failed;

	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		if (ch == 'c')
			ctx->config_path = optarg;
		else if (ch == 'T' && (tf = trace_open(optarg)) == NULL) {
			fprintf(stderr, "outpost doctor: --trace %s: %s\n",
			    optarg, strerror(errno));
			return (EX_CANTCREAT);
		} else if (ch != 'T') {
			fputs(
			    "usage: outpost doctor [-c FILE] [--trace FILE]\n",
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
	printf("outpost doctor: testing %s with policy %s (%s)\n", cfg.path,
	    pol.name, pol.source);
	failed = doctor_run(&cfg, &pol, NULL, &ev, &first);
	if (failed == 0)
		printf("all steps passed: outpost can send mail\n");
	else {
		printf("%d step%s did not pass\n", failed,
		    failed == 1 ? "" : "s");
		if (pol.help_url != NULL)
			printf("the documented settings: %s\n", pol.help_url);
	}
	if (failed > 0)
		events_message("%d step%s did not pass", failed,
		    failed == 1 ? "" : "s");
	else
		events_message("all steps passed: outpost can send mail");
	err.code = first;
	rc = failed == 0 ? EX_OK : op_err_exitcode(&err);
	trace_close(tf);
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}

/* Usage and help text live in outpost.c's table. */
