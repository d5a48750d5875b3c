/*
 * doctor.c -- "outpost doctor": each step in its own function, each
 * reporting running, then passed or failed with advice.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	int			    failed;
	enum op_code		    first;
};

static void
begin(struct doctor *d, struct doctor_step *s, const char *id,
    const char *title)
{
	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->title, sizeof s->title, "%s", title);
	s->state = DOCTOR_RUNNING;
	if (d->ev != NULL && d->ev->step != NULL)
		d->ev->step(d->ev->arg, s);
}

static int __attribute__((format(printf, 3, 4)))
pass(struct doctor *d, struct doctor_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->detail, sizeof s->detail, fmt, ap);
	va_end(ap);
	s->state = DOCTOR_PASSED;
	if (d->ev != NULL && d->ev->step != NULL)
		d->ev->step(d->ev->arg, s);
	return (0);
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
	if (d->failed++ == 0)
		d->first = code;
	if (d->ev != NULL && d->ev->step != NULL)
		d->ev->step(d->ev->arg, s);
	return (-1);
}

static void
skip(struct doctor *d, const char *id, const char *title, const char *why)
{
	struct doctor_step s;

	begin(d, &s, id, title);
	snprintf(s.detail, sizeof s.detail, "%s", why);
	s.state = DOCTOR_SKIPPED;
	d->failed++;
	if (d->ev != NULL && d->ev->step != NULL)
		d->ev->step(d->ev->arg, &s);
}

static void
announce(struct doctor *d, const char *id, const char *title)
{
	struct doctor_step s;

	memset(&s, 0, sizeof s);
	snprintf(s.id, sizeof s.id, "%s", id);
	snprintf(s.title, sizeof s.title, "%s", title);
	s.state = DOCTOR_PENDING;
	d->ev->step(d->ev->arg, &s);
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
		    d->pol->ports[i].port,
		    d->pol->ports[i].tls == TLS_IMPLICIT ? "SSL/TLS" :
							   "STARTTLS");
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

static int
step_dns(struct doctor *d)
{
	struct doctor_step s;
	struct op_err	   err = { 0 };
	char		   first[64], title[128];
	int		   n;

	snprintf(title, sizeof title, "DNS: find %s", d->eff.smtp_host);
	begin(d, &s, "dns", title);
	if (net_resolve(d->eff.smtp_host, d->cfg->timeout_connect, &n, first,
		sizeof first, &err) != 0)
		return (fail(d, &s, OP_ENET, err.msg,
		    "check the server name (the policy says %s) and that this machine can reach the Internet",
		    d->pol->smtp_host));
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

static void
blocked_advice(struct doctor *d, int port, char *buf, size_t len)
{
	const char *hint = d->pol->hint_blocked != NULL ?
	    d->pol->hint_blocked :
	    "a firewall or antivirus program may block the port; an Internet provider may block mail submission (then use its own outgoing server)";
	size_t	    i;
	int	    other = 0;

	for (i = 0; i < d->pol->nports && other == 0; i++)
		if (d->pol->ports[i].port != port)
			other = d->pol->ports[i].port;
	if (other != 0 && d->cfg->smtp_tls != TLS_UNSET)
		snprintf(buf, len,
		    "switch ports (set smtp.port = %d and remove smtp.tls: the mode follows the port). %s",
		    other, hint);
	else if (other != 0)
		snprintf(buf, len, "switch ports (set smtp.port = %d). %s",
		    other, hint);
	else
		snprintf(buf, len, "%s", hint);
}

static int
step_tcp(struct doctor *d, size_t i)
{
	struct doctor_step s;
	struct op_err	   err = { 0 };
	struct timespec	   t0;
	char		   id[32], title[128], advice[768];
	int		   fd, port = d->pol->ports[i].port;

	snprintf(id, sizeof id, "tcp-%d", port);
	snprintf(title, sizeof title, "TCP: connect to port %d (%s)", port,
	    d->pol->ports[i].tls == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS");
	begin(d, &s, id, title);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (net_connect(d->eff.smtp_host, port, d->cfg->timeout_connect, &fd,
		&err) != 0) {
		blocked_advice(d, port, advice, sizeof advice);
		return (fail(d, &s, OP_ENET, err.msg, "%s", advice));
	}
	close(fd);
	d->reachable[i] = 1;
	return (pass(d, &s, "connected in %ld ms", elapsed_ms(&t0)));
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
	char			  title[160];
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
		return (fail(d, &s, err.code, err.msg, "%s",
		    err.code == OP_EAUTH ?
			"check the password, and that username is your user name, not your e-mail address" :
			"try again later, or try the other port"));
	}
	send_auth_ok(d->cfg, d->pol, p, &c);
	r = pass(d, &s, "authenticated (password from %s)",
	    given != NULL ? "the caller" : send_source_words(c.source));
	send_cred_free(&c);
	return (r);
}

int
doctor_run(const struct config *cfg, const struct policy *pol,
    const char *password, const struct doctor_events *ev, enum op_code *first)
{
	struct doctor	     d;
	struct tls_ctx	    *ctx = NULL;
	struct smtp_session *sess = NULL;
	struct op_err	     err = { 0 };
	struct doctor_step   s;
	size_t		     i;

	memset(&d, 0, sizeof d);
	d.cfg = cfg;
	d.pol = pol;
	d.ev = ev;
	policy_effective(cfg, pol, &d.eff);
	pending_all(&d);
	step_settings(&d);
	if (step_dns(&d) == 0) {
		for (i = 0; i < pol->nports; i++)
			step_tcp(&d, i);
	} else
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
	*first = d.failed > 0 && d.first == OP_OK ? OP_ENET : d.first;
	return (d.failed);
}
