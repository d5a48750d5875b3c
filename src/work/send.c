/*
 * send.c -- the policy-following submission steps: open a verified
 * session (the configured port first, then the policy's other ports),
 * log in, and the server's capabilities kept in the outbox directory.
 * The outbox flush (deliver.c, which "outpost send" and "outpost flush"
 * run) and "outpost doctor" use them.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "work/send.h"
#include "store/srvcaps.h"
#include "wire/net.h"

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

/* What net_connect says after "cannot connect to HOST port N: ". */
static const char *
connect_why(const char *msg)
{
	const char *p = strstr(msg, " port ");

	if (strncmp(msg, "cannot connect to ", 18) != 0 || p == NULL ||
	    (p = strchr(p + 6, ':')) == NULL)
		return (NULL);
	return (p[1] == ' ' ? p + 2 : p + 1);
}

/*
 * Every port failed to connect: name the configured one and those tried
 * instead, not only the last ("cannot connect to HOST port 587
 * (configured) nor to port 465: connection refused").
 */
static void
connect_failed(const char *host, const struct policy_port *order, size_t n,
    const char *first, struct op_err *err)
{
	char	    others[128] = "", why[OP_ERR_MSG];
	const char *last = connect_why(err->msg);
	size_t	    i, o = 0;

	if (n < 2 || first[0] == '\0' || last == NULL)
		return;
	for (i = 1; i < n && o < sizeof others; i++)
		o += (size_t)snprintf(others + o, sizeof others - o, "%s%d",
		    i > 1 ? ", " : "", order[i].port);
	snprintf(why, sizeof why, "%s", last);
	if (strcmp(first, why) == 0)
		op_err_set(err, OP_ENET,
		    "cannot connect to %s port %d (configured) nor to port %s: %s",
		    host, order[0].port, others, why);
	else
		op_err_set(err, OP_ENET,
		    "cannot connect to %s port %d (configured): %s; nor to port %s: %s",
		    host, order[0].port, first, others, why);
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
	char		   first[OP_ERR_MSG] = "";
	const char	  *why;
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
		if (err->code != OP_ENET)
			break;
		if (i + 1 == n) {
			connect_failed(eff.smtp_host, order, n, first, err);
			break;
		}
		if (i == 0 && (why = connect_why(err->msg)) != NULL)
			snprintf(first, sizeof first, "%s", why);
		note(ev, "port %d failed (%s); trying port %d (%s)",
		    order[i].port, err->msg, order[i + 1].port,
		    mode_words(order[i + 1].tls));
	}
	return (-1);
}

void
send_dial_ahead(const struct config *cfg, const struct policy *pol)
{
	struct policy_port order[POLICY_MAXPORTS];
	struct effective   eff;

	policy_effective(cfg, pol, &eff);
	if (port_order(cfg, pol, order) > 0)
		net_dial_ahead(eff.smtp_host, order[0].port,
		    cfg->timeout_connect > 0 ? cfg->timeout_connect :
					       CONFIG_TIMEOUT_CONNECT,
		    SEND_AHEAD_MS);
}

int
send_login(struct smtp_session *sess, const struct config *cfg,
    const char *password, struct op_err *err)
{
	return (smtp_auth(sess, cfg->username, password, err));
}

void
send_caps_load(const char *dir, const char *host, struct message_caps *caps)
{
	struct srvcaps sc;

	memset(caps, 0, sizeof *caps);
	if (srvcaps_read(dir, host, &sc) == 0) {
		caps->eightbitmime = sc.eightbitmime == 1;
		caps->smtputf8 = sc.smtputf8 == 1;
	}
}

/* The file says line already (the usual case: the same server). */
static int
caps_unchanged(const char *dir, const char *line)
{
	char  old[600];
	FILE *f;
	int   same;

	if ((f = srvcaps_open(dir)) == NULL)
		return (0);
	same = fgets(old, sizeof old, f) != NULL && strcmp(old, line) == 0 &&
	    fgetc(f) == EOF;
	fclose(f);
	return (same);
}

void
send_caps_save(const char *dir, const char *host, const struct smtp_caps *c)
{
	char path[4096], tmp[4200], line[600];
	int  fd, n;

	if (strlen(host) >= 512 || strpbrk(host, " \t\r\n") != NULL)
		return;
	snprintf(path, sizeof path, "%s/%s", dir, SRVCAPS_FILE);
	/* In tmp/, where the outbox removes leftovers. */
	snprintf(tmp, sizeof tmp, "%s/tmp/%s.%ld", dir, SRVCAPS_FILE,
	    (long)getpid());
	/* A fourth field, SIZE (0: none); readers of three ignore it. */
	n = snprintf(line, sizeof line, "%s %d %d %zu\n", host,
	    c->eightbitmime ? 1 : 0, c->smtputf8 ? 1 : 0, c->size);
	if (caps_unchanged(dir, line))
		return; /* no write, no fsync in the middle of a session */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n || fsync(fd) != 0 ||
	    close(fd) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}
