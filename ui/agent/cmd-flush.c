/*
 * cmd-flush.c -- "outpost flush [--all] [ID]": deliver every due outbox item
 * (or the one item ID)
 * over one SMTP session; a line per item and a summary.  Exit 0 when
 * nothing was left undelivered, 75 when something is deferred or
 * uncertain, 69 when something failed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli/cmd.h"
#include "agent/prompt.h"
#include "conf/config.h"
#include "work/deliver.h"
#include "agent/events-deliver.h"
#include "agent/events.h"
#include "store/outbox.h"
#include "conf/paths.h"
#include "conf/policy.h"
#include "wire/net.h"
#include "wire/tls.h"
#include "agent/runner.h"
#include "store/runstate.h"
#include "agent/trace.h"

struct flush {
	struct trace *trace;
	int	      verbose;
	int	      quiet;
};

static void
on_note(void *arg, const char *text)
{
	struct flush *f = arg;

	trace_write(f->trace, TRACE_INFO, text, strlen(text));
	if (f->verbose)
		fprintf(stderr, "outpost flush: %s\n", text);
}

static void
on_trace(void *arg, enum trace_dir dir, const char *data, size_t len)
{
	trace_write(((struct flush *)arg)->trace, dir, data, len);
}

static void
on_outcome(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	struct flush *f = arg;
	char	      when[32];
	struct tm     tm;

	if (f->quiet && e == NULL)
		return;
	printf("%s %-9s ", it->id, outbox_state_name(it->state));
	if (e == NULL) {
		printf("%s\n", it->final_reply != NULL ? it->final_reply : "");
		return;
	}
	if (it->state == OUTBOX_DEFERRED && it->next_attempt != 0) {
		localtime_r(&it->next_attempt, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		printf("(attempt %u, next at %s) ", it->attempts, when);
	}
	printf("%s\n", e->msg);
}

static void
on_copy(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	struct flush *f = arg;

	if (f->quiet && e == NULL)
		return;
	if (e == NULL && it->copy_uid != 0)
		printf("%s copy      saved in %s (UID %lu)\n", it->id,
		    it->copy_folder, it->copy_uid);
	else if (e == NULL)
		printf("%s copy      saved in %s\n", it->id, it->copy_folder);
	else
		printf("%s copy      pending (attempt %u): %s\n", it->id,
		    it->copy_attempts, e->msg);
}

/* 0, or the exit status: 78 for an outbox others can write, else 73. */
static int
open_outbox(struct outbox *ob)
{
	struct op_err err = { 0 };
	char	     *dir;
	int	      r;

	if (paths_data_dir(&dir, &err) != 0) {
		fprintf(stderr, "outpost flush: %s\n", err.msg);
		return (EX_CANTCREAT);
	}
	r = outbox_open(dir, ob, &err);
	free(dir);
	if (r == 0)
		return (0);
	fprintf(stderr, "outpost flush: %s\n", err.msg);
	events_message("%s", err.msg);
	return (err.code == OP_EINSECURE ? EX_CONFIG : EX_CANTCREAT);
}

static int
summary(const struct deliver_stats *st)
{
	events_message("%zu sent, %zu deferred, %zu failed, %zu uncertain%s",
	    st->sent, st->deferred, st->failed, st->uncertain,
	    st->busy > 0 ? ", some busy in another outpost" : "");
	printf("flush: %zu sent, %zu deferred, %zu failed, %zu uncertain",
	    st->sent, st->deferred, st->failed, st->uncertain);
	if (st->busy > 0)
		printf(", %zu busy in another outpost", st->busy);
	if (st->damaged > 0)
		printf(", %zu damaged (moved aside)", st->damaged);
	if (st->copied > 0 || st->copy_pending > 0)
		printf("; copies: %zu saved, %zu pending", st->copied,
		    st->copy_pending);
	printf("\n");
	/* As for send: deferred and uncertain 75, failed 69. */
	if (st->deferred > 0 || st->busy > 0 || st->uncertain > 0)
		return (EX_TEMPFAIL);
	if (st->failed > 0)
		return (EX_UNAVAILABLE);
	return (EX_OK);
}

/* "outpost outbox copy ID": that one copy, now. */
static int
copy_now(struct outbox *ob, const struct config *cfg, const struct policy *pol,
    const char *id, const struct deliver_events *ev)
{
	struct deliver_stats st;
	struct tls_ctx	    *ctx = NULL;
	struct op_err	     err = { 0 };
	int		     r;

	memset(&st, 0, sizeof st);
	r = deliver_copies(ob, cfg, pol, id, 0, ev, &st, &ctx, NULL, &err);
	tls_ctx_free(ctx);
	if (r != 0) {
		fprintf(stderr, "outpost outbox copy: %s\n", err.msg);
		return (op_err_exitcode(&err));
	}
	events_message("%s",
	    st.copy_pending > 0 ? "the copy is still pending" :
				  "the copy is saved");
	return (st.copy_pending > 0 ? EX_TEMPFAIL : EX_OK);
}

/*
 * flush ID: the item named by a full id or a unique prefix must be
 * waiting to be sent; else say why and what to do.  0 or an exit code;
 * the item read is left in *it (freed by the caller either way).
 */
static int
check_waiting(struct outbox *ob, const char *id, struct outbox_item *it)
{
	struct op_err err = { 0 };
	int	      rc = 0;

	memset(it, 0, sizeof *it);
	if (outbox_load(ob, id, it, &err) != 0)
		rc = op_err_exitcode(&err);
	else if (it->state != OUTBOX_QUEUED && it->state != OUTBOX_DEFERRED) {
		op_err_set(&err, OP_EINVAL,
		    "%s is %s, not waiting to be sent%s", it->id,
		    outbox_state_name(it->state),
		    it->state == OUTBOX_FAILED ?
			" ('outpost outbox retry ID' queues it again)" :
			it->state == OUTBOX_UNCERTAIN ?
			" (see 'outpost outbox show ID': resend or mark-sent)" :
			"");
		rc = EX_DATAERR;
	}
	if (rc != 0) {
		fprintf(stderr, "outpost flush: %s\n", err.msg);
		events_message("%s", err.msg);
	}
	return (rc);
}

/*
 * 1 when a refused login holds the queue: the user acted, so flush
 * reaches every waiting item as --all does, not only the due ones (a
 * held item is not due until its back-off ends, and nothing else would
 * send it).
 */
static int
held(const struct outbox *ob)
{
	char *words = runstate_held(ob->dir, NULL);
	int   r = words != NULL;

	free(words);
	return (r);
}

/* After each account's run: a refused login holds the runner again. */
static void
after_account(void *arg, const struct config *cfg, const struct policy *pol,
    int r, const struct op_err *err)
{
	const char *dir = arg;
	char	    account[600];

	(void)r;
	runstate_account(cfg, pol, account, sizeof account);
	runner_hold(dir, account, err);
}

/*
 * Deliver each account's items through its own server, then: items
 * left deferred get a runner (unless queue.runner = off).
 */
static int
flush(struct outbox *ob, const struct config *cfg, const struct policy *pol,
    const char *id, int all, const struct deliver_events *ev)
{
	struct deliver_stats st;
	struct op_err	     err = { 0 }, rerr = { 0 };
	pid_t		     pid;
	int		     rc;

	if (deliver_accounts(ob, cfg, id, all, ev, &st, after_account, ob->dir,
		&err) != 0) {
		fprintf(stderr, "outpost flush: %s\n", err.msg);
		summary(&st);
		events_message("%s", err.msg);
		rc = op_err_exitcode(&err);
	} else
		rc = summary(&st);
	if (st.deferred > 0)
		runner_ensure(cfg, pol, &pid, &rerr);
	return (rc);
}

int
cmd_flush_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "trace", required_argument, NULL, 'T' },
		{ "copy", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct flush	      f = { NULL, 0, 0 };
	struct deliver_events ev = { on_note, on_outcome, on_trace, &f,
		&cli_prompt, on_copy, NULL, NULL, NULL };
	struct events_deliver evd;
	struct config	      cfg;
	struct policy	      pol;
	struct outbox	      ob;
	struct outbox_item    it;
	const char	     *copy = NULL, *id = NULL;
	int		      ch, all = 0, rc;

	while ((ch = getopt_long(argc, argv, "c:qv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'C':
			copy = optarg;
			break;
		case 'c':
			ctx->config_path = optarg;
			break;
		case 'q':
			f.quiet = 1;
			break;
		case 'v':
			f.verbose = 1;
			break;
		case 'T':
			if ((f.trace = trace_open(optarg)) == NULL) {
				fprintf(stderr,
				    "outpost flush: --trace %s: %s\n", optarg,
				    strerror(errno));
				return (EX_CANTCREAT);
			}
			break;
		default:
			fputs(
			    "usage: outpost flush [--all] [-qv] [-c FILE] [--trace FILE] [ID]\n",
			    stderr);
			return (EX_USAGE);
		}
	}
	if (optind + 1 < argc) {
		fputs("outpost flush: at most one ID\n", stderr);
		return (EX_USAGE);
	}
	if (optind < argc)
		id = argv[optind]; /* that item only, due or not */
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 1)) != 0)
		return (rc);
	if (events_active()) {
		memset(&evd, 0, sizeof evd);
		evd.trace = f.trace;
		events_deliver_init(&ev, &evd);
	}
	memset(&it, 0, sizeof it); /* flush ID's item, read below */
	if ((rc = open_outbox(&ob)) != 0)
		goto out;
	if (copy != NULL)
		rc = copy_now(&ob, &cfg, &pol, copy, &ev);
	else if (id != NULL && (rc = check_waiting(&ob, id, &it)) != 0)
		;
	else {
		/* Its server now: the handshake overlaps the run's start. */
		if (id != NULL)
			deliver_dial_ahead(&cfg, &it);
		all = all || held(&ob);
		runstate_release(ob.dir); /* the user's flush: try again */
		rc = flush(&ob, &cfg, &pol, id, all, &ev);
	}
	outbox_item_free(&it);
	outbox_close(&ob);
out:
	net_ahead_drop(); /* not taken: nothing was sent */
	trace_close(f.trace);
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}

/* Usage and help text live in outpost.c's table. */
