/*
 * send.c -- the policy-following submission steps shared by "outpost
 * send", "outpost doctor" and (later) the outbox flush.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "secret.h"
#include "send.h"

#define PASSWORD_COMMAND_TIMEOUT 30 /* seconds */

int
send_password(const struct config *cfg, char **pw, struct op_err *err)
{
	if (cfg->password_command != NULL) {
		if (secret_from_command(cfg->password_command,
			PASSWORD_COMMAND_TIMEOUT, pw, err) != 0)
			return (-1);
		return (0);
	}
	return (op_err_set(err, OP_ESECRET,
	    "no password source: tried "
	    "password.command (not set); add a line such as \"password."
	    "command = pass show umich\" to %s",
	    cfg->path != NULL ? cfg->path : "the config"));
}

static void __attribute__((format(printf, 2, 3)))
note(const struct send_events *ev, const char *fmt, ...)
{
	char	buf[1024];
	va_list ap;

	if (ev == NULL || ev->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ev->note(ev->arg, buf);
}

static const char *
mode_words(enum tls_mode m)
{
	return (m == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS");
}

/* The order to try: the effective port first, then the others. */
static size_t
port_order(const struct config *cfg, const struct policy *pol,
    struct policy_port *order)
{
	struct effective eff;
	size_t		 i, n = 0;

	policy_effective(cfg, pol, &eff);
	order[n].port = eff.smtp_port;
	order[n++].tls = eff.smtp_tls;
	for (i = 0; i < pol->nports && n < POLICY_MAXPORTS; i++) {
		if (pol->ports[i].port == eff.smtp_port)
			continue;
		order[n++] = pol->ports[i];
	}
	return (n);
}

int
send_connect(const struct config *cfg, const struct policy *pol,
    struct tls_ctx *ctx, const struct send_events *ev,
    struct smtp_session **sess, int *port, struct tls_peer *peer,
    struct op_err *err)
{
	struct policy_port order[POLICY_MAXPORTS];
	struct smtp_opts   opts;
	struct effective   eff;
	size_t		   i, n;

	policy_effective(cfg, pol, &eff);
	n = port_order(cfg, pol, order);
	for (i = 0; i < n; i++) {
		memset(&opts, 0, sizeof opts);
		opts.host = eff.smtp_host;
		opts.port = order[i].port;
		opts.tls = order[i].tls;
		opts.pin = cfg->fingerprint;
		opts.timeout_connect = cfg->timeout_connect;
		opts.timeout_reply = cfg->timeout_reply;
		if (ev != NULL) {
			opts.trace = ev->trace;
			opts.trace_arg = ev->arg;
		}
		note(ev, "connecting to %s port %d (%s)", eff.smtp_host,
		    order[i].port, mode_words(order[i].tls));
		if (smtp_open(&opts, ctx, sess, peer, err) == 0) {
			*port = order[i].port;
			return (0);
		}
		if (err->code != OP_ENET || i + 1 == n)
			break;
		note(ev, "port %d failed (%s); trying port %d (%s)",
		    order[i].port, err->msg, order[i + 1].port,
		    mode_words(order[i + 1].tls));
	}
	return (-1);
}

int
send_login(struct smtp_session *sess, const struct config *cfg,
    const char *password, struct op_err *err)
{
	return (smtp_auth(sess, cfg->username, password, err));
}
