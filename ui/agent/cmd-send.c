/*
 * cmd-send.c -- "outpost send": sendmail-compatible submission (a
 * message on stdin, recipients as arguments or -t; the modes -bp -q -bd
 * -bi -bv), or a message built around a body on stdin (--to --cc --bcc
 * --subject --attach); its command line is cmd-send-args.c's.  Into the
 * outbox first, then one attempt; exit codes from sysexits(3), as
 * Postfix's sendmail gives them.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/strutil.h"
#include "mail/address.h"
#include "cli/cmd.h"
#include "agent/prompt.h"
#include "conf/config.h"
#include "work/deliver.h"
#include "agent/events-deliver.h"
#include "agent/events.h"
#include "mail/message.h"
#include "store/outbox.h"
#include "conf/paths.h"
#include "conf/policy.h"
#include "work/secret.h"
#include "agent/runner.h"
#include "agent/send-args.h"
#include "agent/send-draft.h"
#include "store/runstate.h"
#include "work/send.h"
#include "wire/net.h"
#include "wire/smtp.h"
#include "wire/tls.h"
#include "agent/trace.h"
#include "base/xmalloc.h"

/*
 * --to "a@x, B <b@y>, alice": checked once the account's domain is known
 * (it qualifies a bare local part), before the message is read; the
 * texts go to the message as written, names and groups kept.
 */
static int
check_lists(const struct send_args *a, const struct config *cfg)
{
	static const char *const opt[] = { "--to", "--cc", "--bcc" };
	char *const		*v[] = { a->to, a->cc, a->bcc };
	const size_t		 n[] = { a->nto, a->ncc, a->nbcc };
	struct address_list	 l;
	struct op_err		 err = { 0 };
	size_t			 k, i;
	int			 rc = 0;

	memset(&l, 0, sizeof l);
	for (k = 0; k < 3 && rc == 0; k++)
		for (i = 0; i < n[k] && rc == 0; i++)
			rc = address_list_read(opt[k], v[k][i],
			    address_domain_of(cfg->address), &l, &err);
	address_list_clear(&l);
	if (rc == 0)
		return (0);
	fprintf(stderr, "outpost send: %s\n", err.msg);
	return (EX_DATAERR);
}

static int
read_stdin(char **buf, size_t *len)
{
	size_t	cap = 65536, n = 0;
	ssize_t r;
	char   *p = xmalloc(cap + 1);

	for (;;) {
		if (n == cap)
			p = xreallocarray(p, (cap *= 2) + 1, 1);
		r = read(STDIN_FILENO, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr,
			    "outpost send: reading the message: %s\n",
			    strerror(errno));
			free(p);
			return (EX_IOERR);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return (0);
}

static int
make_message(struct send_args *a, const struct config *cfg,
    const struct message_caps *caps, char *in, size_t inlen,
    struct message *msg, struct op_err *err)
{
	struct message_spec spec;
	size_t		    i;

	if (a->from != NULL &&
	    address_account_check("-f", a->from, cfg->address, err) != 0)
		return (-1);
	if (!a->build)
		return (message_prepare(in, inlen, cfg->address,
		    a->from_name != NULL ? a->from_name : cfg->name,
		    a->headers, a->rcpts, a->nrcpts, msg, err));
	memset(&spec, 0, sizeof spec);
	spec.from_name = a->from_name != NULL ? a->from_name : cfg->name;
	spec.from_addr = cfg->address;
	spec.to = a->to;
	spec.nto = a->nto;
	spec.cc = a->cc;
	spec.ncc = a->ncc;
	spec.bcc = a->bcc;
	spec.nbcc = a->nbcc;
	spec.subject = a->subject != NULL ? a->subject : "";
	spec.body = in;
	spec.body_len = inlen;
	spec.attach = a->attach;
	spec.nattach = a->nattach;
	spec.mime_types = SEND_MIME_TYPES;
	if (message_build_stream(&spec, caps, msg, err) != 0)
		return (-1);
	for (i = 0; i < a->nbcc; i++)
		message_keep_bcc(msg, a->bcc[i]);
	return (0);
}

/* What happened to the one item this command queued. */
struct send_outcome {
	struct send_args    *a;
	const struct config *cfg;
	const struct policy *pol;
	struct trace	    *trace;
	int		     seen;
	enum outbox_state    state;
	time_t		     next; /* deferred: the next attempt */
	struct op_err	     err;
	enum send_source     source;	 /* of the password */
	int		     runner;	 /* a queue runner will retry it */
	struct op_err	     runner_why; /* else why none will */
	char		    *final_reply;
	char		   **refused; /* "ADDR: reply" */
	size_t		     nrefused;
};

static void
on_note(void *arg, const char *text)
{
	struct send_outcome *o = arg;

	trace_write(o->trace, TRACE_INFO, text, strlen(text));
	if (o->a->verbose)
		fprintf(stderr, "outpost send: %s\n", text);
}

static void
on_trace(void *arg, enum trace_dir dir, const char *data, size_t len)
{
	trace_write(((struct send_outcome *)arg)->trace, dir, data, len);
}

static void
on_source(void *arg, enum send_source src)
{
	((struct send_outcome *)arg)->source = src;
}

/* The message went; only its copy in the Sent folder waits. */
static void
on_copy(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	(void)arg;
	if (e != NULL)
		fprintf(stderr,
		    "outpost send: sent, but the copy in the Sent folder is pending (a later flush retries it): %s\n",
		    e->msg);
	else
		(void)it;
}

static void
on_outcome(void *arg, const struct outbox_item *it, const struct op_err *e)
{
	struct send_outcome *o = arg;
	char		    *line;
	size_t		     i;

	o->seen = 1;
	o->state = it->state;
	o->next = it->next_attempt;
	if (e != NULL)
		o->err = *e;
	free(o->final_reply);
	o->final_reply = it->final_reply != NULL ? xstrdup(it->final_reply) :
						   NULL;
	for (i = 0; i < it->nfailed_rcpts; i++) {
		xasprintf(&line, "%s: %s", it->failed_rcpts[i].address,
		    it->failed_rcpts[i].reply != NULL ?
			it->failed_rcpts[i].reply :
			"refused");
		str_list_push(&o->refused, &o->nrefused, line);
		free(line);
	}
}

static int
fail(const struct op_err *err)
{
	fprintf(stderr, "outpost send: %s\n", err->msg);
	if (err->reply[0] != '\0' && strstr(err->msg, err->reply) == NULL)
		fprintf(stderr, "outpost send: the server said: %s\n",
		    err->reply);
	return (op_err_exitcode(err));
}

/*
 * A deferred message: in sendmail mode (recipients as arguments or -t)
 * it is accepted, as Postfix's sendmail does, once a runner will
 * retry it (a caller that sees 75 retries, and the retry would be a
 * second message); --to/--subject, typed by a person, says 75.
 */
static int
report_waiting(const struct send_outcome *o, const struct outbox_item *it)
{
	char	  when[16] = "later";
	struct tm tm;

	if (o->next != 0) {
		localtime_r(&o->next, &tm);
		strftime(when, sizeof when, "%H:%M", &tm);
	}
	if (o->runner && !o->a->build) {
		fprintf(stderr,
		    "outpost send: queued as %s: %s; outpost retries at %s\n",
		    it->id, o->err.msg, when);
		return (EX_OK);
	}
	fail(&o->err);
	if (o->runner)
		fprintf(stderr,
		    "outpost send: the message waits in the outbox as %s; outpost retries at %s (\"outpost flush\" sends it now)\n",
		    it->id, when);
	else
		fprintf(stderr,
		    "outpost send: the message waits in the outbox as %s and nothing retries it (%s); \"outpost flush\" sends it\n",
		    it->id, o->runner_why.msg);
	return (EX_TEMPFAIL);
}

/* Exit status and words for the item's outcome. */
static int
report(const struct send_outcome *o, const struct outbox_item *it)
{
	struct effective eff;
	size_t		 i;

	policy_effective(o->cfg, o->pol, &eff);
	for (i = 0; i < o->nrefused; i++)
		fprintf(stderr, "outpost send: not delivered to %s\n",
		    o->refused[i]);
	switch (o->state) {
	case OUTBOX_SENT:
		/*
		 * Refused recipients do not make this fail: the others have
		 * the message, and a failure status would invite the caller
		 * to send it to them again.
		 */
		if (o->a->build || o->a->verbose)
			printf("sent to %zu recipient%s via %s: %s\n",
			    it->nrcpts - o->nrefused,
			    it->nrcpts - o->nrefused == 1 ? "" : "s",
			    eff.smtp_host,
			    o->final_reply != NULL ? o->final_reply : "");
		break;
	case OUTBOX_UNCERTAIN:
		fail(&o->err);
		fprintf(stderr,
		    "outpost send: the server may already have it; check, then \"outpost outbox resend %s\" or \"outpost outbox mark-sent %s\"\n",
		    it->id, it->id);
		break;
	case OUTBOX_FAILED:
		fail(&o->err);
		fprintf(stderr,
		    "outpost send: not sent; kept in the outbox as %s (failed)\n",
		    it->id);
		break;
	default:
		return (report_waiting(o, it));
	}
	return (events_deliver_outcome_status(o->state, o->err.code));
}

/*
 * Sendmail mode while the queue runner is held (a refused password): no
 * login now, as the runner's; the message waits for the user's flush.
 * Said (with the item's id) only when id is given.
 */
static int
held(const struct config *cfg, const struct policy *pol, const char *obdir,
    const char *id)
{
	char account[600], *why;

	runstate_account(cfg, pol, account, sizeof account);
	if ((why = runstate_held(obdir, account)) == NULL)
		return (0);
	if (id != NULL)
		fprintf(stderr,
		    "outpost send: not sent now, the queue runner is held: %s; the message waits in the outbox as %s\n",
		    why, id);
	free(why);
	return (1);
}

/*
 * When the message will go at once, dial the server before reading and
 * queueing it, so that the TCP handshake overlaps reading, building and
 * the queue's fsyncs; not a byte is sent before the message is queued
 * (deliver), and whatever path ends the command drops it unused.
 */
static void
dial_ahead(const struct send_args *a, const struct config *cfg,
    const struct policy *pol)
{
	struct op_err err = { 0 };
	char	     *dir, *obdir;
	int	      now;

	if (a->queue_only || paths_data_dir(&dir, &err) != 0)
		return;
	/* Its hold file only: the outbox is opened once, to queue. */
	xasprintf(&obdir, "%s/outbox", dir);
	free(dir);
	/* A held runner stops only sendmail mode (deliver, below). */
	now = a->build || events_active() || !held(cfg, pol, obdir, NULL);
	free(obdir);
	if (now)
		send_dial_ahead(cfg, pol);
}

/* Into the outbox. */
static int
enqueue(const struct config *cfg, const struct message *msg,
    const struct outbox_dsn *dsn, struct outbox *ob, struct outbox_item *it,
    struct op_err *err)
{
	char *dir;
	int   r;

	if (paths_data_dir(&dir, err) != 0)
		return (-1);
	r = outbox_open(dir, ob, err);
	free(dir);
	if (r != 0)
		return (-1);
	if (send_enqueue(ob, cfg, msg, dsn, 0, it, err) != 0) {
		outbox_close(ob);
		return (-1);
	}
	return (0);
}

/*
 * After the attempt: a refused login holds the runner; a deferred
 * message gets one (unless queue.runner = off); a message sent proves
 * the password, so a hold goes.  The exit status.
 */
static int
settle(struct send_outcome *o, struct events_deliver *evd, struct outbox *ob,
    struct outbox_item *it, int r, const struct op_err *err)
{
	const struct config *cfg = o->cfg;
	char		     account[600];
	int		     seen = events_active() ? evd->seen : o->seen;
	int state = events_active() ? (int)evd->state : (int)o->state;
	int login = r != 0 &&
	    (err->code == OP_EAUTH || err->code == OP_ESECRET);
	pid_t pid;
	int   rc;

	runstate_account(cfg, o->pol, account, sizeof account);
	if (r != 0)
		runner_hold(ob->dir, account, err);
	if (seen && state == OUTBOX_SENT)
		runstate_release(ob->dir);
	/* A password typed at the prompt is not the runner's to use. */
	if (!events_active() && o->source == SEND_SRC_PROMPT)
		op_err_set(&o->runner_why, OP_ESECRET,
		    "the password was typed, and the queue runner cannot ask; \"outpost password set\" keeps it in the keyring");
	else if (seen && state == OUTBOX_DEFERRED && !login)
		o->runner = runner_ensure(cfg, o->pol, &pid, &o->runner_why) ==
		    0;
	if (events_active()) {
		if (evd->seen)
			events_message("%s", evd->message);
		return (events_deliver_status(evd));
	}
	if (r != 0 && (!o->seen || login)) {
		rc = fail(err);
		fprintf(stderr,
		    "outpost send: the message waits in the outbox as %s; \"outpost flush\" sends it%s\n",
		    it->id, login ? " once the password is right" : "");
		return (rc);
	}
	if (!o->seen) {
		fprintf(stderr,
		    "outpost send: %s was not sent (another outpost is sending it)\n",
		    it->id);
		return (EX_TEMPFAIL);
	}
	return (report(o, it));
}

/*
 * The message goes into the outbox first (durable before any byte goes
 * out), then, unless --queue-only, this one item is delivered.
 */
static int
deliver(struct send_args *a, const struct config *cfg,
    const struct policy *pol, struct message *msg, struct trace *trace)
{
	struct send_outcome   o;
	struct deliver_events ev = { on_note, on_outcome, on_trace, &o,
		&cli_prompt, on_copy, NULL, on_source, NULL };
	struct events_deliver evd;
	struct deliver_stats  st;
	struct outbox	      ob;
	struct outbox_item    it;
	struct op_err	      err = { 0 };
	int		      rc, r;

	memset(&o, 0, sizeof o);
	o.a = a;
	o.cfg = cfg;
	o.pol = pol;
	o.trace = trace;
	if (events_active()) { /* --events: outcome, copy, progress */
		memset(&evd, 0, sizeof evd);
		evd.trace = trace;
		events_deliver_init(&ev, &evd);
	}
	if (enqueue(cfg, msg, &a->dsn, &ob, &it, &err) != 0) {
		fprintf(stderr, "outpost send: not queued, nothing sent: %s\n",
		    err.msg);
		return (err.code == OP_EIO ? EX_CANTCREAT : fail(&err));
	}
	if (a->verbose || a->queue_only)
		fprintf(stderr, "outpost send: queued as %s\n", it.id);
	if (events_active())
		events_emit_queued(it.id, NULL);
	if (a->queue_only)
		rc = EX_OK;
	else if (!a->build && !events_active() &&
	    held(cfg, pol, ob.dir, it.id))
		rc = EX_TEMPFAIL;
	else {
		r = deliver_run(&ob, cfg, pol, it.id, 0, &ev, &st, &err);
		rc = settle(&o, &evd, &ob, &it, r, &err);
	}
	str_list_free(o.refused, o.nrefused);
	free(o.final_reply);
	outbox_item_free(&it);
	outbox_close(&ob);
	return (rc);
}

/* 8BITMIME and SMTPUTF8 as the server offered them last time. */
static void
known_caps(const struct config *cfg, const struct policy *pol,
    struct message_caps *caps)
{
	struct op_err	 err = { 0 };
	struct effective eff;
	char		*dir, *obdir;

	memset(caps, 0, sizeof *caps);
	if (paths_data_dir(&dir, &err) != 0)
		return;
	xasprintf(&obdir, "%s/outbox", dir);
	policy_effective(cfg, pol, &eff);
	send_caps_load(obdir, eff.smtp_host, caps);
	free(obdir);
	free(dir);
}

/*
 * -bv: the recipients as sending would take them (with -t, from the
 * message on stdin, which is read and checked whole); nothing is sent.
 */
static int
verify(struct send_args *a, const struct config *cfg)
{
	struct message_caps caps;
	struct message	    msg;
	struct address_list l;
	struct op_err	    err = { 0 };
	char		   *in = NULL, **addrs = NULL;
	size_t		    i, inlen, naddrs = 0;
	int		    rc = 0;

	memset(&msg, 0, sizeof msg);
	memset(&caps, 0, sizeof caps);
	memset(&l, 0, sizeof l);
	for (i = 0; i < a->nrcpts && rc == 0; i++)
		if (address_list_read("Recipient", a->rcpts[i],
			address_domain_of(cfg->address), &l, &err) != 0)
			rc = fail(&err);
	address_list_addrs(&l, &addrs, &naddrs);
	if (rc == 0 && a->headers && (rc = read_stdin(&in, &inlen)) == 0 &&
	    make_message(a, cfg, &caps, in, inlen, &msg, &err) != 0)
		rc = fail(&err);
	for (i = 0; rc == 0 && i < msg.nrcpts; i++)
		printf("%s: a valid address (nothing was sent)\n",
		    msg.rcpts[i]);
	for (i = 0; rc == 0 && !a->headers && i < naddrs; i++)
		printf("%s: a valid address (nothing was sent)\n", addrs[i]);
	str_list_free(addrs, naddrs);
	address_list_clear(&l);
	message_free(&msg);
	free(in);
	return (rc);
}

/* -bd: the daemon is the queue runner, started unless one runs. */
static int
start_runner(struct cmd_ctx *ctx)
{
	struct config cfg;
	struct policy pol;
	struct op_err err = { 0 };
	pid_t	      pid;
	int	      rc;

	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 1)) != 0)
		return (rc);
	if (runner_ensure(&cfg, &pol, &pid, &err) == 0 && pid > 0)
		fprintf(stderr,
		    "outpost send: the queue runner is active (pid %ld); it sends what waits and leaves when nothing does\n",
		    (long)pid);
	else if (pid == 0 && err.code == 0)
		fputs(
		    "outpost send: the queue runner started, found nothing waiting and left\n",
		    stderr);
	else {
		fprintf(stderr, "outpost send: -bd: no queue runner: %s\n",
		    err.msg);
		rc = EX_UNAVAILABLE;
	}
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}

/*
 * The modes that send no message: -bp lists the outbox, -q sends it
 * (as "outpost outbox" and "outpost flush --all"), -bd starts the queue
 * runner, -bi has nothing to build, -bs is not provided.  -1 for the
 * other modes.
 */
static int
run_mode(struct cmd_ctx *ctx, struct send_args *a)
{
	char *av[7];
	int   n = 0;

	if (a->config != NULL)
		ctx->config_path = a->config;
	optind = 0; /* GNU getopt: the command parses afresh */
	switch (a->mode) {
	case SEND_LIST:
		av[n++] = (char *)"outbox";
		av[n] = NULL;
		return (cmd_outbox_exec(ctx, n, av));
	case SEND_FLUSH:
		av[n++] = (char *)"flush";
		if (a->verbose)
			av[n++] = (char *)"-v";
		if (a->trace != NULL) { /* -X FILE */
			av[n++] = (char *)"--trace";
			av[n++] = a->trace;
		}
		av[n++] = (char *)(a->flush_id != NULL ? "--" : "--all");
		if (a->flush_id != NULL)
			av[n++] = (char *)a->flush_id;
		av[n] = NULL;
		return (cmd_flush_exec(ctx, n, av));
	case SEND_DAEMON:
		return (start_runner(ctx));
	case SEND_ALIASES:
		return (EX_OK); /* outpost has no aliases */
	case SEND_NONE:
		fputs(
		    "outpost send: -bs is not provided: outpost does not read SMTP on standard input; messages are given on standard input (sendmail -t -i, or the recipients as arguments) and the outbox is sent by \"outpost flush\" (sendmail -q)\n",
		    stderr);
		return (EX_UNAVAILABLE);
	default:
		return (-1);
	}
}

int
cmd_send_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct send_args    a;
	struct message_caps caps;
	struct config	    cfg;
	struct policy	    pol;
	struct message	    msg;
	struct op_err	    err = { 0 };
	struct trace	   *tf = NULL;
	char		   *in = NULL;
	size_t		    inlen;
	int		    rc;

	memset(&a, 0, sizeof a);
	memset(&msg, 0, sizeof msg);
	if ((rc = send_args_parse(argc, argv, &a)) != 0)
		goto out_args;
	if ((rc = run_mode(ctx, &a)) != -1)
		goto out_args;
	if (a.config != NULL)
		ctx->config_path = a.config;
	/* A draft goes from its own account unless -a names one. */
	if (a.draft != NULL && a.account == NULL)
		a.account = send_draft_account(a.draft);
	ctx->account = a.account;
	ctx->from = a.from;
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 1)) != 0)
		goto out_args;
	if ((rc = check_lists(&a, &cfg)) != 0)
		goto out;
	if (a.mode == SEND_VERIFY) {
		rc = verify(&a, &cfg);
		goto out;
	}
	if (a.trace != NULL && (tf = trace_open(a.trace)) == NULL) {
		fprintf(stderr, "outpost send: --trace %s: %s\n", a.trace,
		    strerror(errno));
		rc = EX_CANTCREAT;
		goto out;
	}
	if (a.draft != NULL) {
		rc = send_draft(&cfg, &pol, a.draft, a.queue_only, a.delay,
		    tf);
		goto out;
	}
	dial_ahead(&a, &cfg, &pol);
	if ((rc = read_stdin(&in, &inlen)) != 0)
		goto out;
	known_caps(&cfg, &pol, &caps);
	if (make_message(&a, &cfg, &caps, in, inlen, &msg, &err) != 0) {
		/* A From that is not the account's is a bad message. */
		rc = fail(&err);
		if (err.code == OP_EPOLICY)
			rc = EX_DATAERR;
		goto out;
	}
	rc = deliver(&a, &cfg, &pol, &msg, tf);
out:
	net_ahead_drop(); /* not taken: nothing was sent now */
	trace_close(tf);
	message_free(&msg);
	free(in);
	policy_free(&pol);
	config_free(&cfg);
out_args:
	send_args_free(&a);
	return (rc);
}

/* Usage and help text live in outpost.c's table. */
