/*
 * deliver.c -- the outbox flush: pick the items, open one verified and
 * authenticated session, send each item under its lock, record each
 * outcome durably.  The outbox phase "data" is written just before the
 * payload goes out, so a crash after it leaves the item uncertain, never
 * silently resent.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail/address.h"
#include "mail/message.h"
#include "store/runstate.h"
#include "work/deliver.h"
#include "work/secret.h"
#include "work/send.h"
#include "wire/tls.h"
#include "base/xmalloc.h"

struct run {
	struct outbox		    *ob;
	const struct config	    *cfg;
	const struct policy	    *pol;
	const struct deliver_events *ev;
	struct deliver_stats	    *st;
	struct tls_ctx		    *ctx;
	struct smtp_session	    *sess;
	struct send_cred	     cred;
	int			     need_reset;
	int			     reconnects;
	struct outbox_item	    *cur;   /* for the send hooks */
	int			     begun; /* before_txn was called */
	int			     payload_started;
	struct op_err		     hook_err;
	int			     last;
};

static void __attribute__((format(printf, 2, 3)))
note(struct run *r, const char *fmt, ...)
{
	char	buf[1024];
	va_list ap;

	if (r->ev == NULL || r->ev->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->ev->note(r->ev->arg, buf);
}

static void
outcome(struct run *r, const struct outbox_item *it, const struct op_err *e)
{
	if (r->ev != NULL && r->ev->outcome != NULL)
		r->ev->outcome(r->ev->arg, it, e);
}

static int
selectable(const struct run *r, const struct outbox_item *it, const char *id,
    int all, time_t now)
{
	if (!config_account_owns(r->cfg, it->account))
		return (0); /* another account's run sends it */
	if (id != NULL)
		return (strcmp(it->id, id) == 0 &&
		    (it->state == OUTBOX_QUEUED ||
			it->state == OUTBOX_DEFERRED));
	/* --all: deferred at once; queued unless in the undo window */
	if (all)
		return (it->state == OUTBOX_DEFERRED ||
		    (it->state == OUTBOX_QUEUED && it->next_attempt <= now));
	return (outbox_due(it, now));
}

/*
 * An envelope whose sender is not the account's is moved aside, never
 * sent: the rule send applies to -f and to a message's From.  Returns 1
 * when the item is not to be sent (moved, or held by another process).
 */
static int
foreign_sender(struct run *r, struct outbox_item *it)
{
	struct op_err e = { 0 };
	char	      what[OUTBOX_IDLEN + 16], why[OP_ERR_MSG];
	int	      lock;

	snprintf(what, sizeof what, "%s.env: from", it->id);
	if (address_account_check(what, it->from, r->cfg->address, &e) == 0)
		return (0);
	snprintf(why, sizeof why, "%s", e.msg);
	if (outbox_lock(r->ob, it, &lock, &e) != 0) {
		note(r, "%s: %s", it->id, e.msg);
		return (1);
	}
	if (outbox_damage_locked(r->ob, it, why, &e) != 0)
		note(r, "%s: %s", it->id, e.msg);
	else {
		note(r, "damaged item %s moved aside: %s", it->id, why);
		r->st->damaged++;
	}
	outbox_unlock(lock);
	return (1);
}

/* Just the one item "outpost send" queued: no need to read the rest. */
static int
pick_one(struct run *r, const char *id, struct outbox_item **out, size_t *nout,
    struct op_err *err)
{
	struct outbox_item *it = xcalloc(1, sizeof *it);

	if (outbox_load(r->ob, id, it, err) != 0) {
		free(it);
		return (-1);
	}
	/* id may be a prefix */
	*nout = selectable(r, it, it->id, 0, time(NULL)) &&
	    !foreign_sender(r, it);
	if (*nout == 0)
		outbox_item_free(it);
	*out = it;
	return (0);
}

/* The items to send, oldest first; damaged ones are reported. */
static int
pick(struct run *r, const char *id, int all, struct outbox_item **out,
    size_t *nout, struct op_err *err)
{
	struct outbox_item   *items;
	struct outbox_damage *dmg;
	size_t		      n, nd, i, k = 0;
	time_t		      now = time(NULL);

	if (id != NULL)
		return (pick_one(r, id, out, nout, err));
	/* Envelopes stamped not due (--all: failed, uncertain) stay unread. */
	if (outbox_list_due(r->ob, all ? OUTBOX_STAMP_NEVER - 1 : now, &items,
		&n, &dmg, &nd, err) != 0)
		return (-1);
	for (i = 0; i < nd; i++)
		note(r, "damaged item %s moved aside: %s", dmg[i].id,
		    dmg[i].why);
	r->st->damaged += nd;
	outbox_damage_free(dmg, nd);
	for (i = 0; i < n; i++) {
		if (selectable(r, &items[i], id, all, now) &&
		    !foreign_sender(r, &items[i]))
			items[k++] = items[i];
		else
			outbox_item_free(&items[i]);
	}
	*out = items;
	*nout = k;
	return (0);
}

static const struct send_prompt *
prompt(struct run *r)
{
	return (r->ev != NULL ? r->ev->prompt : NULL);
}

/* Connect and log in with the password in hand. */
static int
connect_login(struct run *r, struct op_err *err)
{
	struct send_events ev = { r->ev != NULL ? r->ev->note : NULL,
		r->ev != NULL ? r->ev->trace : NULL,
		r->ev != NULL ? r->ev->arg : NULL };
	int port;

	if (send_connect(r->cfg, r->pol, r->ctx, &ev, &r->sess, &port, NULL,
		err) != 0)
		return (-1);
	if (send_login(r->sess, r->cfg, r->cred.pw, err) != 0) {
		smtp_close(r->sess);
		r->sess = NULL;
		return (-1);
	}
	return (0);
}

static void
report_source(struct run *r)
{
	if (r->ev != NULL && r->ev->source != NULL)
		r->ev->source(r->ev->arg, r->cred.source);
}

static int
open_session(struct run *r, struct op_err *err)
{
	struct effective eff;

	if (r->cred.pw == NULL) {
		if (send_password(r->cfg, r->pol, prompt(r), &r->cred, err) !=
		    0)
			return (-1);
		report_source(r);
	}
	if (r->ctx == NULL && tls_ctx_new(r->cfg->ca_file, &r->ctx, err) != 0)
		return (-1);
	while (connect_login(r, err) != 0) {
		/* A rejected stored password is replaced, never retried. */
		if (send_auth_failed(r->cfg, r->pol, prompt(r), &r->cred,
			err) != 1)
			return (-1);
		report_source(r);
	}
	send_auth_ok(r->cfg, r->pol, prompt(r), &r->cred);
	policy_effective(r->cfg, r->pol, &eff);
	send_caps_save(r->ob->dir, eff.smtp_host, smtp_caps(r->sess));
	r->need_reset = 0;
	return (0);
}

static void
close_session(struct run *r)
{
	if (r->sess == NULL)
		return;
	r->st->round_trips += smtp_round_trips(r->sess);
	smtp_close(r->sess);
	r->sess = NULL;
}

/* The session is usable for the next message, reconnecting once. */
static int
ready(struct run *r, struct op_err *err)
{
	struct op_err e = { 0 };

	if (r->sess != NULL && r->need_reset) {
		if (smtp_reset(r->sess, &e) == 0)
			r->need_reset = 0;
		else
			close_session(r);
	}
	if (r->sess != NULL)
		return (0);
	if (r->reconnects++ >= 1)
		return (op_err_set(err, OP_ENET,
		    "the server closed the session again; the rest waits for the next flush"));
	note(r, "reconnecting");
	return (open_session(r, err));
}

/*
 * The attempt starts; when the envelope and the message go in one write,
 * its data phase is recorded with it (outbox_begin_data).
 */
static int
before_txn(void *arg, int one_flight, struct op_err *err)
{
	struct run *r = arg;

	r->begun = 1;
	if (one_flight)
		return (outbox_begin_data(r->ob, r->cur, err));
	return (outbox_begin(r->ob, r->cur, err));
}

static void
before_payload(void *arg)
{
	struct run *r = arg;

	r->payload_started = 1;
	if (r->cur->phase != OUTBOX_PHASE_DATA &&
	    outbox_mark_data(r->ob, r->cur, &r->hook_err) != 0)
		note(r, "could not record the attempt: %s", r->hook_err.msg);
}

static void
on_progress(void *arg, size_t done, size_t total)
{
	struct run *r = arg;

	r->ev->progress(r->ev->arg, r->cur, done, total);
}

static void
record_refusals(struct outbox_item *it, const struct smtp_result *res)
{
	size_t i;

	for (i = 0; i < res->nrcpts; i++)
		if (res->rcpts[i].code / 100 != 2)
			outbox_add_failed_rcpt(it, res->rcpts[i].address,
			    res->rcpts[i].reply);
}

/* Record a failed attempt; returns 1 when the same item may be retried. */
static int
settle_failure(struct run *r, struct outbox_item *it, const struct op_err *e)
{
	struct op_err ioerr = { 0 };
	const char   *reply = e->reply[0] != '\0' ? e->reply : NULL;
	int	      rc = 0, retry = 0;

	switch (e->code) {
	case OP_EUNCERTAIN:
		rc = outbox_uncertain(r->ob, it, e->msg, reply, &ioerr);
		r->st->uncertain++;
		close_session(r);
		break;
	case OP_EREJECT:
	case OP_ESIZE:
	case OP_EMESSAGE:
	case OP_EINVAL:
		rc = outbox_fail(r->ob, it, e->msg, reply, &ioerr);
		r->st->failed++;
		r->need_reset = 1;
		break;
	case OP_ETEMP:
		/* A 4xx: the session may still be good; RSET will tell. */
		rc = outbox_defer(r->ob, it, e->msg, reply, &ioerr);
		r->st->deferred++;
		r->need_reset = 1;
		break;
	default:
		/* Nothing of it reached the server: it may go again now. */
		retry = e->code == OP_ENET && !r->payload_started &&
		    r->reconnects == 0;
		rc = outbox_defer(r->ob, it, e->msg, reply, &ioerr);
		if (!retry)
			r->st->deferred++;
		close_session(r);
		break;
	}
	if (rc != 0)
		note(r, "%s: %s", it->id, ioerr.msg);
	return (retry);
}

/*
 * The item's DSN (-N, -R, -V) into opts; a server without DSN gets none
 * of it, said once in the trace and to -v.
 */
static void
dsn_opts(struct run *r, const struct outbox_item *it,
    struct smtp_send_opts *opts)
{
	const struct outbox_dsn *d = &it->dsn;

	if (d->notify == 0 && d->ret == OUTBOX_RET_DEFAULT && d->envid == NULL)
		return;
	if (!smtp_caps(r->sess)->dsn) {
		note(r,
		    "%s: the server does not offer DSN: the delivery notification options (-N, -R, -V) are dropped",
		    it->id);
		return;
	}
	opts->notify = ((d->notify & OUTBOX_NOTIFY_NEVER) ? SMTP_NOTIFY_NEVER :
							    0) |
	    ((d->notify & OUTBOX_NOTIFY_SUCCESS) ? SMTP_NOTIFY_SUCCESS : 0) |
	    ((d->notify & OUTBOX_NOTIFY_FAILURE) ? SMTP_NOTIFY_FAILURE : 0) |
	    ((d->notify & OUTBOX_NOTIFY_DELAY) ? SMTP_NOTIFY_DELAY : 0);
	opts->ret = d->ret == OUTBOX_RET_FULL ? SMTP_RET_FULL :
	    d->ret == OUTBOX_RET_HDRS	      ? SMTP_RET_HDRS :
						SMTP_RET_DEFAULT;
	opts->envid = d->envid;
}

static int
send_one(struct run *r, struct outbox_item *it, int msgfd, size_t len,
    struct op_err *e)
{
	struct smtp_send_opts opts;
	struct smtp_result    res;
	struct op_err	      ioerr = { 0 };
	struct effective      eff;
	char		     *conv;
	size_t		      clen;
	int		      rc;

	memset(&opts, 0, sizeof opts);
	dsn_opts(r, it, &opts);
	policy_effective(r->cfg, r->pol, &eff);
	if ((rc = deliver_7bit(it, msgfd, len, smtp_caps(r->sess),
		 eff.smtp_host, &opts, &conv, &clen, e)) == -1)
		return (-1);
	if (rc & MESSAGE_7BIT_BODY)
		note(r, "%s: converted to 7-bit for a server without 8BITMIME",
		    it->id);
	if (rc & MESSAGE_7BIT_HEADER)
		note(r,
		    "%s: header encoded in 7 bits (RFC 2047) for a server without SMTPUTF8",
		    it->id);
	opts.before_txn = before_txn;
	opts.before_payload = before_payload;
	opts.arg = r;
	opts.quit = r->last;
	if (r->ev != NULL && r->ev->progress != NULL &&
	    len > DELIVER_PROGRESS_MIN)
		opts.progress = on_progress;
	r->cur = it;
	r->begun = r->payload_started = 0;
	if (conv != NULL)
		rc = smtp_send_ex(r->sess, it->from, it->rcpts, it->nrcpts,
		    conv, clen, &opts, &res, e);
	else
		rc = smtp_send_fd(r->sess, it->from, it->rcpts, it->nrcpts,
		    msgfd, len, &opts, &res, e);
	free(conv);
	/* Failed before its transaction began: still an attempt. */
	if (rc != 0 && !r->begun && outbox_begin(r->ob, it, &ioerr) != 0)
		note(r, "%s: %s", it->id, ioerr.msg);
	if (rc == 0) {
		record_refusals(it, &res);
		if (r->cfg->sent_copy)
			it->copy = OUTBOX_COPY_PENDING;
		if (outbox_sent(r->ob, it, res.reply, &ioerr) != 0)
			note(r, "%s was sent but could not be recorded: %s",
			    it->id, ioerr.msg);
		r->st->sent++;
	}
	smtp_result_free(&res);
	return (rc);
}

/* No session could be had: trying to connect was the item's attempt. */
static void
defer_attempt(struct run *r, struct outbox_item *it, const struct op_err *why)
{
	struct op_err e = { 0 };

	it->attempts++;
	it->last_attempt = time(NULL);
	if (outbox_defer(r->ob, it, why->msg,
		why->reply[0] != '\0' ? why->reply : NULL, &e) != 0)
		note(r, "%s: %s", it->id, e.msg);
	r->st->deferred++;
	outcome(r, it, why);
}

/* One item, under its lock; 1 if it should be tried once more. */
static int
deliver_item(struct run *r, struct outbox_item *it)
{
	struct op_err e = { 0 };
	int	      lock = -1, retry = 0, msgfd = -1;

	if (outbox_lock(r->ob, it, &lock, &e) != 0) {
		if (e.code == OP_ELOCKED)
			r->st->busy++;
		note(r, "%s: %s", it->id, e.msg);
		return (0);
	}
	if (it->state != OUTBOX_QUEUED && it->state != OUTBOX_DEFERRED)
		goto out; /* changed while we were not looking */
	/* Read in blocks as it goes out: never whole in memory. */
	if (outbox_open_message(r->ob, it, &msgfd, &e) != 0) {
		note(r, "%s: %s", it->id, e.msg);
		goto out;
	}
	if (ready(r, &e) != 0) {
		defer_attempt(r, it, &e);
		goto out;
	}
	if (send_one(r, it, msgfd, it->size, &e) == 0)
		outcome(r, it, NULL);
	else if ((retry = settle_failure(r, it, &e)) == 0)
		outcome(r, it, &e);
out:
	if (msgfd != -1)
		close(msgfd);
	outbox_unlock(lock);
	return (retry);
}

/* No session: every selected item is deferred with the reason. */
static void
defer_all(struct run *r, struct outbox_item *items, size_t n,
    const struct op_err *why)
{
	struct op_err e = { 0 };
	size_t	      i;
	int	      lock;

	for (i = 0; i < n; i++) {
		if (outbox_lock(r->ob, &items[i], &lock, &e) != 0)
			continue;
		if (items[i].state == OUTBOX_QUEUED ||
		    items[i].state == OUTBOX_DEFERRED)
			defer_attempt(r, &items[i], why);
		outbox_unlock(lock);
	}
}

/*
 * A refused password: the items say what to do, as the account test
 * does ("the user name is your uniqname (ada), not your e-mail
 * address; check the password").
 */
static void
auth_advice(struct run *r, struct op_err *err)
{
	char advice[512];

	if (err->code != OP_EAUTH)
		return;
	send_auth_advice(r->cfg, r->pol, advice, sizeof advice);
	if (strlen(err->msg) + strlen(advice) + 3 < sizeof err->msg)
		snprintf(err->msg + strlen(err->msg),
		    sizeof err->msg - strlen(err->msg), "; %s", advice);
}

int
deliver_run(struct outbox *ob, const struct config *cfg,
    const struct policy *pol, const char *id, int all,
    const struct deliver_events *ev, struct deliver_stats *st,
    struct op_err *err)
{
	struct run	    r;
	struct outbox_item *items;
	size_t		    n, i;
	int		    rc = 0;

	memset(&r, 0, sizeof r);
	memset(st, 0, sizeof *st);
	r.ob = ob;
	r.cfg = cfg;
	r.pol = pol;
	r.ev = ev;
	r.st = st;
	if (pick(&r, id, all, &items, &n, err) != 0)
		return (-1);
	if (n > 0 && open_session(&r, err) != 0) {
		auth_advice(&r, err);
		defer_all(&r, items, n, err);
		rc = -1;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		r.last = i + 1 == n; /* QUIT goes with the last message */
		if (deliver_item(&r, &items[i]) == 1) {
			note(&r,
			    "%s: the server closed the session before the message went out; trying again",
			    items[i].id);
			i--;
		}
	}
	close_session(&r);
	/* A flush also retries the copies; a send makes its own. */
	if (cfg->sent_copy && (id == NULL || st->sent > 0))
		deliver_copies(ob, cfg, pol, NULL, all, ev, st, &r.ctx,
		    &r.cred, &(struct op_err){ 0 });
	send_cred_free(&r.cred);
	tls_ctx_free(r.ctx);
	outbox_items_free(items, n);
	return (rc);
}

static void
stats_add(struct deliver_stats *sum, const struct deliver_stats *st)
{
	sum->sent += st->sent;
	sum->deferred += st->deferred;
	sum->failed += st->failed;
	sum->uncertain += st->uncertain;
	sum->busy += st->busy;
	sum->damaged += st->damaged;
	sum->round_trips += st->round_trips;
	sum->copied += st->copied;
	sum->copy_pending += st->copy_pending;
}

/* The account's policy, its settings within it; else why not, in e. */
static int
account_policy(const struct config *a, struct policy *pol, struct op_err *e)
{
	struct violations vs;
	int		  bad;

	if (policy_for_config(a, pol, e) != 0)
		return (op_err_set(e, OP_ECONFIG, "%s:%d: policy: %s", a->path,
		    config_line(a, "policy"), e->msg));
	policy_check(a, pol, &vs);
	bad = vs.nerrors > 0;
	violations_free(&vs);
	if (!bad)
		return (0);
	policy_free(pol);
	return (op_err_set(e, OP_ECONFIG,
	    "the settings break policy %s (run \"outpost check-config\")",
	    a->policy != NULL ? a->policy : POLICY_DEFAULT));
}

void
deliver_dial_ahead(const struct config *cfg, const struct outbox_item *it)
{
	const struct config *a;
	struct policy	     pol;
	struct op_err	     e = { 0 };

	if ((a = config_account_of(cfg, it->account)) == NULL ||
	    account_policy(a, &pol, &e) != 0)
		return;
	send_dial_ahead(a, &pol);
	policy_free(&pol);
}

/* One account's run; 0, or -1 with err set to why, account named. */
static int
run_account(struct outbox *ob, const struct config *a, const char *id, int all,
    const struct deliver_events *ev, struct deliver_stats *sum,
    deliver_after_fn *after, void *arg, struct op_err *err)
{
	struct deliver_stats st;
	struct policy	     pol;
	struct op_err	     e = { 0 };
	char		     why[OP_ERR_MSG];
	int		     r;

	memset(&st, 0, sizeof st);
	if (account_policy(a, &pol, &e) != 0) {
		if (ev != NULL && ev->note != NULL) {
			snprintf(why, sizeof why,
			    "account %.40s sends nothing: %.900s", a->account,
			    e.msg);
			ev->note(ev->arg, why);
		}
		r = -1;
	} else if (ev != NULL && ev->held != NULL &&
	    ev->held(ev->arg, a, &pol)) {
		policy_free(&pol);
		return (0); /* its items wait for the user */
	} else {
		r = deliver_run(ob, a, &pol, id, all, ev, &st, &e);
		stats_add(sum, &st);
		if (after != NULL)
			after(arg, a, &pol, r, &e);
		policy_free(&pol);
	}
	if (r != 0 && err->code == OP_OK) {
		*err = e;
		snprintf(err->msg, sizeof err->msg, "account %.40s: %.900s",
		    a->account, e.msg);
	}
	return (r);
}

/*
 * Waiting items of an account no longer in the config that this run
 * would have sent: said (never skipped in silence), and -1 with err
 * naming the first one's account.  Envelopes stamped not due stay
 * unread, as in pick.
 */
static int
missing_accounts(struct outbox *ob, const struct config *cfg, const char *id,
    int all, const struct deliver_events *ev, struct op_err *err)
{
	struct outbox_item   *items;
	struct outbox_damage *dmg = NULL;
	struct op_err	      e = { 0 };
	size_t		      n, nd = 0, i, missing = 0;
	char		      why[OP_ERR_MSG];

	if (outbox_list_due(ob,
		all || id != NULL ? OUTBOX_STAMP_NEVER - 1 : time(NULL),
		&items, &n, &dmg, &nd, &e) != 0)
		return (0);
	for (i = 0; i < n; i++) {
		if (!runstate_item_waits(&items[i]) ||
		    !runstate_item_orphan(&items[i], cfg) ||
		    (id != NULL && strcmp(id, items[i].id) != 0))
			continue;
		snprintf(why, sizeof why,
		    "%s waits: account %.40s is not in the config (%.700s); add its [account %.40s] section back to send it",
		    items[i].id, items[i].account, cfg->path,
		    items[i].account);
		if (ev != NULL && ev->note != NULL)
			ev->note(ev->arg, why);
		if (missing++ == 0 && err->code == OP_OK)
			op_err_set(err, OP_ECONFIG, "%s", why);
	}
	outbox_items_free(items, n);
	outbox_damage_free(dmg, nd);
	return (missing > 0 ? -1 : 0);
}

int
deliver_accounts(struct outbox *ob, const struct config *cfg, const char *id,
    int all, const struct deliver_events *ev, struct deliver_stats *st,
    deliver_after_fn *after, void *arg, struct op_err *err)
{
	size_t i;
	int    rc = 0;

	memset(st, 0, sizeof *st);
	for (i = 0; i < config_account_count(cfg); i++)
		if (run_account(ob, config_account_at(cfg, i), id, all, ev, st,
			after, arg, err) != 0)
			rc = -1;
	if (missing_accounts(ob, cfg, id, all, ev, err) != 0)
		rc = -1;
	return (rc);
}
