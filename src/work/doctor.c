/*
 * doctor.c -- "outpost doctor": each step in its own function, each
 * reporting running, then passed or failed with advice; the policy's
 * ports other than the configured one are notes, and the result is put
 * in plain words (switch ports, a network that blocks them all, no DNS).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/strutil.h"
#include "work/doctor.h"
#include "wire/net.h"
#include "work/secret.h"
#include "work/send.h"
#include "wire/tls.h"

struct doctor {
	const struct config	   *cfg;
	const struct policy	   *pol;
	const struct doctor_events *ev;
	struct effective	    eff;
	int			    reachable[POLICY_MAXPORTS];
	int			    dns_failed;
	int			    tls_port; /* where TLS was tested */
	int			    auth_ok;
	struct doctor_result	   *res;
};

static void
tell(struct doctor *d, const struct doctor_step *s)
{
	if (d->ev != NULL && d->ev->step != NULL)
		d->ev->step(d->ev->arg, s);
}

static const char *
mode_words(enum tls_mode m)
{
	return (m == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS");
}

static void
begin(struct doctor *d, struct doctor_step *s, const char *id,
    const char *title)
{
	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->title, sizeof s->title, "%s", title);
	s->state = DOCTOR_RUNNING;
	tell(d, s);
}

/* The step ends in state, its detail from fmt. */
static void
settle(struct doctor *d, struct doctor_step *s, enum doctor_state state,
    const char *fmt, va_list ap)
{
	vsnprintf(s->detail, sizeof s->detail, fmt, ap);
	s->state = state;
	tell(d, s);
}

static int __attribute__((format(printf, 3, 4)))
pass(struct doctor *d, struct doctor_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	settle(d, s, DOCTOR_PASSED, fmt, ap);
	va_end(ap);
	return (0);
}

/* The result of a step that is told, not judged. */
static void __attribute__((format(printf, 3, 4)))
note(struct doctor *d, struct doctor_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	settle(d, s, DOCTOR_NOTE, fmt, ap);
	va_end(ap);
}

static int __attribute__((format(printf, 5, 6)))
fail(struct doctor *d, struct doctor_step *s, enum op_code code,
    const char *detail, const char *fmt, ...)
{
	va_list ap;

	snprintf(s->detail, sizeof s->detail, "%s", detail);
	va_start(ap, fmt);
	vsnprintf(s->advice, sizeof s->advice, fmt, ap);
	va_end(ap);
	s->state = DOCTOR_FAILED;
	s->code = code;
	if (d->res->failed++ == 0)
		d->res->first = code;
	tell(d, s);
	return (-1);
}

static void
skip(struct doctor *d, const char *id, const char *title, const char *why)
{
	struct doctor_step s;

	begin(d, &s, id, title);
	snprintf(s.detail, sizeof s.detail, "%s", why);
	s.state = DOCTOR_SKIPPED;
	d->res->skipped++;
	tell(d, &s);
}

static void
announce(struct doctor *d, const char *id, const char *title)
{
	struct doctor_step s;

	memset(&s, 0, sizeof s);
	snprintf(s.id, sizeof s.id, "%s", id);
	snprintf(s.title, sizeof s.title, "%s", title);
	s.state = DOCTOR_PENDING;
	tell(d, &s);
}

/* Every step as pending, with the ids and titles they will have. */
static void
pending_all(struct doctor *d)
{
	char   id[32], title[128];
	size_t i;

	if (d->ev == NULL || d->ev->step == NULL)
		return;
	announce(d, "settings", "settings match the site policy");
	snprintf(title, sizeof title, "DNS: find %s", d->eff.smtp_host);
	announce(d, "dns", title);
	for (i = 0; i < d->pol->nports; i++) {
		snprintf(id, sizeof id, "tcp-%d", d->pol->ports[i].port);
		snprintf(title, sizeof title, "TCP: connect to port %d (%s)",
		    d->pol->ports[i].port, mode_words(d->pol->ports[i].tls));
		announce(d, id, title);
	}
	announce(d, "tls", "TLS: handshake and certificate");
	announce(d, "ehlo", "EHLO: server capabilities");
	announce(d, "auth", "AUTH: log in");
}

static void
report_source(struct doctor *d, enum send_source src)
{
	if (d->ev != NULL && d->ev->source != NULL)
		d->ev->source(d->ev->arg, src);
}

static void
skip_tcp(struct doctor *d, size_t i)
{
	char id[32], title[128];

	snprintf(id, sizeof id, "tcp-%d", d->pol->ports[i].port);
	snprintf(title, sizeof title, "TCP: connect to port %d",
	    d->pol->ports[i].port);
	skip(d, id, title, "no address");
}

static int
step_settings(struct doctor *d)
{
	struct doctor_step s;
	struct violations  vs;
	char		   advice[1024] = "", line[256];
	size_t		   i;

	begin(d, &s, "settings", "settings match the site policy");
	policy_check(d->cfg, d->pol, &vs);
	for (i = 0; i < vs.n; i++) {
		if (vs.v[i].severity != SEV_ERROR)
			continue;
		snprintf(line, sizeof line, "%s%s: %s", advice[0] ? "; " : "",
		    vs.v[i].setting, vs.v[i].fix);
		strncat(advice, line, sizeof advice - strlen(advice) - 1);
	}
	if (vs.nerrors > 0) {
		snprintf(line, sizeof line,
		    "%zu setting%s disagree with policy %s", vs.nerrors,
		    vs.nerrors == 1 ? "" : "s", d->pol->name);
		violations_free(&vs);
		return (fail(d, &s, OP_EPOLICY, line, "check the settings: %s",
		    advice));
	}
	violations_free(&vs);
	return (pass(d, &s, "policy %s: %s, user %s", d->pol->name,
	    d->eff.smtp_host, d->cfg->username));
}

/*
 * The policy names the server and the settings must agree, so a name
 * that cannot be looked up is the network's doing, not the user's.
 */
static void
dns_advice(struct doctor *d, char *buf, size_t len)
{
	if (!str_host_equal(d->eff.smtp_host, d->pol->smtp_host)) {
		snprintf(buf, len,
		    "check the server name (the policy says %s) and that this machine can reach the Internet",
		    d->pol->smtp_host);
		return;
	}
	snprintf(buf, len,
	    "%s is the server policy %s names, so there is nothing to change in the settings: the name could not be looked up. That usually means this machine is not connected to the network, or its name service (DNS) does not answer. Check that a web page loads (on a hotel or cafe network, sign in to it first), then test again",
	    d->eff.smtp_host, d->pol->name);
}

static int
step_dns(struct doctor *d)
{
	struct doctor_step s;
	struct op_err	   err = { 0 };
	char		   first[64], title[128], advice[1024];
	int		   n;

	snprintf(title, sizeof title, "DNS: find %s", d->eff.smtp_host);
	begin(d, &s, "dns", title);
	if (net_resolve(d->eff.smtp_host, d->cfg->timeout_connect, &n, first,
		sizeof first, &err) != 0) {
		d->dns_failed = 1;
		dns_advice(d, advice, sizeof advice);
		return (fail(d, &s, OP_ENET, err.msg, "%s", advice));
	}
	return (
	    pass(d, &s, "%s (%d address%s)", first, n, n == 1 ? "" : "es"));
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

/* The index of the configured port in the policy, or -1. */
static int
configured(struct doctor *d)
{
	size_t i;

	for (i = 0; i < d->pol->nports; i++)
		if (d->pol->ports[i].port == d->eff.smtp_port)
			return ((int)i);
	return (-1);
}

/* "465 and 587": every port of the policy. */
static void
all_ports(struct doctor *d, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < d->pol->nports && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%d",
		    i == 0			? "" :
			i + 1 == d->pol->nports ? " and " :
						  ", ",
		    d->pol->ports[i].port);
}

/* The configured port i is blocked: what to do, knowing the others. */
static void
blocked_advice(struct doctor *d, size_t i, char *buf, size_t len)
{
	const char *hint = d->pol->hint_blocked != NULL ?
	    d->pol->hint_blocked :
	    "A firewall or antivirus program may block the port; an Internet provider may block mail submission (then use its own outgoing server)";
	char	    ports[64];
	size_t	    j;

	for (j = 0; j < d->pol->nports; j++)
		if (j != i && d->reachable[j])
			break;
	if (j < d->pol->nports) {
		d->res->switch_port = d->pol->ports[j].port;
		snprintf(buf, len,
		    "port %d is blocked from this network, but port %d (%s) answers: switch to it (set smtp.port = %d%s). %s",
		    d->pol->ports[i].port, d->pol->ports[j].port,
		    mode_words(d->pol->ports[j].tls), d->pol->ports[j].port,
		    d->cfg->smtp_tls != TLS_UNSET ?
			" and remove smtp.tls: the mode follows the port" :
			"",
		    hint);
	} else if (d->pol->nports > 1) {
		d->res->blocked = 1;
		all_ports(d, ports, sizeof ports);
		snprintf(buf, len,
		    "no port of %s answers from this network (%s). When web pages load, the Internet provider or a firewall here blocks outgoing mail: use another network (a phone's hotspot, the campus network), or set up the provider's own outgoing server as a separate account",
		    d->eff.smtp_host, ports);
	} else
		snprintf(buf, len, "%s", hint);
}

static int
connect_port(struct doctor *d, size_t i, struct doctor_step *s,
    struct op_err *err)
{
	char id[32], title[128];
	int  fd, port = d->pol->ports[i].port;

	snprintf(id, sizeof id, "tcp-%d", port);
	snprintf(title, sizeof title, "TCP: connect to port %d (%s)", port,
	    mode_words(d->pol->ports[i].tls));
	begin(d, s, id, title);
	if (net_connect(d->eff.smtp_host, port, d->cfg->timeout_connect, &fd,
		err) != 0)
		return (-1);
	close(fd);
	d->reachable[i] = 1;
	return (0);
}

/* A port the user does not use: reachable or blocked, only a note. */
static void
step_other(struct doctor *d, size_t i, int mine)
{
	struct doctor_step s;
	struct op_err	   err = { 0 };
	struct timespec	   t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (connect_port(d, i, &s, &err) == 0)
		note(d, &s,
		    "reachable (connected in %ld ms); not the port you use (%d)",
		    elapsed_ms(&t0), mine);
	else
		note(d, &s,
		    "blocked from here (%s); not needed: you use port %d",
		    err.msg, mine);
}

static int
step_tcp(struct doctor *d, size_t i)
{
	struct doctor_step s;
	struct op_err	   err = { 0 };
	struct timespec	   t0;
	char		   advice[1024];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (connect_port(d, i, &s, &err) != 0) {
		blocked_advice(d, i, advice, sizeof advice);
		s.switch_port = d->res->switch_port;
		return (fail(d, &s, OP_ENET, err.msg, "%s", advice));
	}
	return (pass(d, &s, "connected in %ld ms", elapsed_ms(&t0)));
}

/*
 * The configured port is the test; the others are notes, tried first so
 * that a blocked configured port can be told which one works instead.
 * A configured port the policy does not have (the settings step says
 * so) makes every port a step.
 */
static void
steps_tcp(struct doctor *d)
{
	int    mine = configured(d);
	size_t i;

	for (i = 0; mine >= 0 && i < d->pol->nports; i++)
		if ((int)i != mine)
			step_other(d, i, d->eff.smtp_port);
	for (i = 0; i < d->pol->nports; i++)
		if (mine < 0 || (int)i == mine)
			step_tcp(d, i);
}

static const char *
caps_text(const struct smtp_caps *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s", c->pipelining ? "PIPELINING " : "",
	    c->eightbitmime ? "8BITMIME " : "", c->smtputf8 ? "SMTPUTF8 " : "",
	    c->chunking ? "CHUNKING " : "", c->auth_plain ? "AUTH=PLAIN " : "",
	    c->auth_login ? "AUTH=LOGIN" : "");
	return (buf);
}

/* Pick the port to test TLS on: the configured one if reachable. */
static int
tls_port(struct doctor *d, enum tls_mode *mode)
{
	size_t i;

	for (i = 0; i < d->pol->nports; i++)
		if (d->reachable[i] &&
		    d->pol->ports[i].port == d->eff.smtp_port) {
			*mode = d->pol->ports[i].tls;
			return (d->pol->ports[i].port);
		}
	for (i = 0; i < d->pol->nports; i++)
		if (d->reachable[i]) {
			*mode = d->pol->ports[i].tls;
			return (d->pol->ports[i].port);
		}
	return (0);
}

static int
step_tls_ehlo(struct doctor *d, struct tls_ctx *ctx,
    struct smtp_session **sess)
{
	struct doctor_step s;
	struct smtp_opts   o;
	struct tls_peer	   peer;
	struct op_err	   err = { 0 };
	char		   title[128], caps[256];
	enum tls_mode	   mode = TLS_IMPLICIT;
	int		   port;

	if ((port = tls_port(d, &mode)) == 0) {
		skip(d, "tls", "TLS: handshake and certificate",
		    "no port could be reached");
		skip(d, "ehlo", "EHLO: server capabilities", "no connection");
		return (-1);
	}
	d->tls_port = port;
	snprintf(title, sizeof title,
	    "TLS: handshake and certificate on port %d", port);
	begin(d, &s, "tls", title);
	memset(&o, 0, sizeof o);
	memset(&peer, 0, sizeof peer);
	o.host = d->eff.smtp_host;
	o.port = port;
	o.tls = mode;
	o.pin = d->cfg->fingerprint;
	o.timeout_connect = d->cfg->timeout_connect;
	o.timeout_reply = d->cfg->timeout_reply;
	if (d->ev != NULL) {
		o.trace = d->ev->trace;
		o.trace_arg = d->ev->arg;
	}
	if (smtp_open(&o, ctx, sess, &peer, &err) != 0 &&
	    (err.code == OP_ETLS || peer.protocol[0] == '\0')) {
		fail(d, &s, err.code, err.msg, "%s",
		    peer.not_tls ?
			"plain text where TLS was due is what an attacker between you and the server (or a filtering firewall or antivirus) does; no password was sent. Use the SSL/TLS port, or test again from another network" :
			err.code == OP_ETLS ?
			"outpost will not send a password to this server; check that smtp.host is the documented server and that no proxy or antivirus intercepts TLS" :
			"the server did not complete the handshake; try the other port");
		skip(d, "ehlo", "EHLO: server capabilities", "no TLS");
		return (-1);
	}
	pass(d, &s,
	    "%s %s; certificate for %s (%s), issued by %s, valid until %s; SHA-256 %s",
	    peer.protocol, peer.cipher, peer.subject, peer.names, peer.issuer,
	    peer.not_after, peer.fingerprint);
	begin(d, &s, "ehlo", "EHLO: server capabilities");
	if (*sess == NULL)
		return (fail(d, &s, err.code, err.msg,
		    "the server answered but not as a mail submission server; check smtp.host and the port"));
	return (
	    pass(d, &s, "%s", caps_text(smtp_caps(*sess), caps, sizeof caps)));
}

static int
step_auth(struct doctor *d, struct smtp_session *sess, const char *given)
{
	const struct send_prompt *p = d->ev != NULL ? d->ev->prompt : NULL;
	struct doctor_step	  s;
	struct send_cred	  c;
	struct op_err		  err = { 0 };
	char			  title[160], advice[512];
	int			  r;

	memset(&c, 0, sizeof c);
	snprintf(title, sizeof title, "AUTH: log in as %s",
	    d->cfg->username != NULL ? d->cfg->username : "(no user name)");
	begin(d, &s, "auth", title);
	if (d->cfg->username == NULL)
		return (fail(d, &s, OP_ECONFIG, "no user name",
		    "set username = your %s", d->pol->username_label));
	if (given == NULL && send_password(d->cfg, d->pol, p, &c, &err) != 0) {
		report_source(d, SEND_SRC_NONE);
		return (fail(d, &s, err.code, err.msg,
		    "set up a password source, then run outpost doctor again"));
	}
	if (given == NULL)
		report_source(d, c.source);
	r = send_login(sess, d->cfg, given != NULL ? given : c.pw, &err);
	if (r != 0) {
		if (err.code == OP_EAUTH)
			send_auth_result(p, &c, 0);
		send_auth_failed(d->cfg, d->pol, NULL, &c, &err);
		send_cred_free(&c);
		send_auth_advice(d->cfg, d->pol, advice, sizeof advice);
		return (fail(d, &s, err.code, err.msg, "%s",
		    err.code == OP_EAUTH ?
			advice :
			"try again later, or try the other port"));
	}
	send_auth_ok(d->cfg, d->pol, p, &c);
	d->auth_ok = 1;
	r = pass(d, &s, "authenticated (password from %s)",
	    given != NULL ? "the caller" : send_source_words(c.source));
	send_cred_free(&c);
	return (r);
}

/* The result in plain words, for the last line. */
static void
verdict(struct doctor *d)
{
	struct doctor_result *r = d->res;
	char		      ports[64];

	if (r->failed == 0)
		snprintf(r->verdict, sizeof r->verdict,
		    "all steps passed: outpost can send mail through port %d",
		    r->port);
	else if (r->switch_port != 0 && d->tls_port == r->switch_port)
		snprintf(r->verdict, sizeof r->verdict,
		    "port %d is blocked from this network; port %d %s: set smtp.port = %d",
		    r->port, r->switch_port,
		    d->auth_ok ? "works (TLS verified, logged in)" : "answers",
		    r->switch_port);
	else if (r->blocked) {
		all_ports(d, ports, sizeof ports);
		snprintf(r->verdict, sizeof r->verdict,
		    "this network blocks every mail port of %s (%s): use another network, or your Internet provider's outgoing server as a separate account",
		    d->eff.smtp_host, ports);
	} else if (d->dns_failed)
		snprintf(r->verdict, sizeof r->verdict,
		    "%s could not be looked up: no network connection, or no name service (DNS)",
		    d->eff.smtp_host);
}

int
doctor_run(const struct config *cfg, const struct policy *pol,
    const char *password, const struct doctor_events *ev,
    struct doctor_result *res)
{
	struct doctor	     d;
	struct tls_ctx	    *ctx = NULL;
	struct smtp_session *sess = NULL;
	struct op_err	     err = { 0 };
	struct doctor_step   s;
	size_t		     i;

	memset(&d, 0, sizeof d);
	memset(res, 0, sizeof *res);
	d.cfg = cfg;
	d.pol = pol;
	d.ev = ev;
	d.res = res;
	policy_effective(cfg, pol, &d.eff);
	res->port = d.eff.smtp_port;
	pending_all(&d);
	step_settings(&d);
	if (step_dns(&d) == 0)
		steps_tcp(&d);
	else
		for (i = 0; i < pol->nports; i++)
			skip_tcp(&d, i);
	if (tls_ctx_new(cfg->ca_file, &ctx, &err) != 0) {
		begin(&d, &s, "tls", "TLS: handshake and certificate");
		fail(&d, &s, err.code, err.msg, "check tls.ca_file");
		skip(&d, "ehlo", "EHLO: server capabilities", "no TLS");
		skip(&d, "auth", "AUTH: log in", "no TLS");
	} else if (step_tls_ehlo(&d, ctx, &sess) == 0)
		step_auth(&d, sess, password);
	else
		skip(&d, "auth", "AUTH: log in", "no verified connection");
	if (sess != NULL)
		smtp_close(sess);
	tls_ctx_free(ctx);
	if (res->failed > 0 && res->first == OP_OK)
		res->first = OP_ENET;
	verdict(&d);
	return (res->failed);
}
