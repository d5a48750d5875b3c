/*
 * cmd-send.c -- "outpost send": sendmail-compatible submission
 * (-t -i -oi -f ADDR, recipients as arguments, a message on stdin), or a
 * message built around a body on stdin (--to --cc --bcc --subject
 * --attach).  Exit codes from sysexits(3).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "address.h"
#include "cmd.h"
#include "config.h"
#include "message.h"
#include "policy.h"
#include "secret.h"
#include "send.h"
#include "smtp.h"
#include "tls.h"
#include "trace.h"
#include "xmalloc.h"

struct send_args {
	const char *config;		/* -c FILE after the command */
	int	  headers;		/* -t */
	int	  verbose;		/* -v */
	int	  build;		/* --to/--subject/...: build mode */
	char	 *from;			/* -f */
	char	 *from_name;		/* -F */
	char	 *subject;
	char	 *trace;
	char	**to, **cc, **bcc, **attach;
	size_t	  nto, ncc, nbcc, nattach;
	char	**rcpts;		/* arguments */
	size_t	  nrcpts;
};

static const char usage_text[] =
    "usage: outpost send [-tv] [-i] [-oi] [-c FILE] [-f ADDR] [-F NAME] "
    "[--trace FILE] [--] [RCPT ...] < message\n"
    "       outpost send --to ADDR [--cc ADDR] [--bcc ADDR] --subject TEXT "
    "[--attach FILE] ... < body\n";

static void
push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static void
args_free(struct send_args *a)
{
	address_list_free(a->to, a->nto);
	address_list_free(a->cc, a->ncc);
	address_list_free(a->bcc, a->nbcc);
	address_list_free(a->attach, a->nattach);
	address_list_free(a->rcpts, a->nrcpts);
	free(a->from);
	free(a->from_name);
	free(a->subject);
	free(a->trace);
}

/* --to "a@x, B <b@y>": split and validate now, naming the option. */
static int
push_list(const char *field, const char *text, char ***v, size_t *n)
{
	struct op_err	err = { 0 };

	if (address_list_parse(field, text, v, n, &err) != 0) {
		fprintf(stderr, "outpost send: %s\n", err.msg);
		return (-1);
	}
	return (0);
}

static int
parse_args(int argc, char **argv, struct send_args *a)
{
	enum { O_TO = 256, O_CC, O_BCC, O_SUBJECT, O_ATTACH, O_TRACE };
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, O_TO },
		{ "cc", required_argument, NULL, O_CC },
		{ "bcc", required_argument, NULL, O_BCC },
		{ "subject", required_argument, NULL, O_SUBJECT },
		{ "attach", required_argument, NULL, O_ATTACH },
		{ "trace", required_argument, NULL, O_TRACE },
		{ NULL, 0, NULL, 0 }
	};
	int	ch, i;

	while ((ch = getopt_long(argc, argv, "c:tivf:F:o:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c': a->config = optarg; break;
		case 't': a->headers = 1; break;
		case 'i': break;		/* a lone "." never ends input */
		case 'o': break;		/* -oi, -oem ...: sendmail's */
		case 'v': a->verbose = 1; break;
		case 'f': free(a->from); a->from = xstrdup(optarg); break;
		case 'F':
			free(a->from_name);
			a->from_name = xstrdup(optarg);
			break;
		case O_TO: a->build = 1;
			if (push_list("--to", optarg, &a->to, &a->nto) != 0)
				return (EX_DATAERR);
			break;
		case O_CC: a->build = 1;
			if (push_list("--cc", optarg, &a->cc, &a->ncc) != 0)
				return (EX_DATAERR);
			break;
		case O_BCC: a->build = 1;
			if (push_list("--bcc", optarg, &a->bcc, &a->nbcc) != 0)
				return (EX_DATAERR);
			break;
		case O_SUBJECT: a->build = 1;
			free(a->subject);
			a->subject = xstrdup(optarg);
			break;
		case O_ATTACH: a->build = 1;
			push(&a->attach, &a->nattach, optarg);
			break;
		case O_TRACE:
			free(a->trace);
			a->trace = xstrdup(optarg);
			break;
		default:
			fputs(usage_text, stderr);
			return (EX_USAGE);
		}
	}
	for (i = optind; i < argc; i++)
		push(&a->rcpts, &a->nrcpts, argv[i]);
	if (a->build && (a->nto + a->ncc + a->nbcc == 0 || a->headers ||
	    a->nrcpts > 0)) {
		fprintf(stderr, "outpost send: with --subject/--attach give "
		    "recipients with --to, --cc or --bcc (not -t or "
		    "arguments)\n");
		return (EX_USAGE);
	}
	if (!a->build && !a->headers && a->nrcpts == 0) {
		fputs("outpost send: no recipients: give them as arguments, "
		    "or use -t to take them from the message\n", stderr);
		fputs(usage_text, stderr);
		return (EX_USAGE);
	}
	return (0);
}

static int
read_stdin(char **buf, size_t *len)
{
	size_t	cap = 65536, n = 0;
	ssize_t	r;
	char	*p = xmalloc(cap + 1);

	for (;;) {
		if (n == cap)
			p = xreallocarray(p, (cap *= 2) + 1, 1);
		r = read(STDIN_FILENO, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "outpost send: reading the message: "
			    "%s\n", strerror(errno));
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
make_message(struct send_args *a, const struct config *cfg, char *in,
    size_t inlen, struct message *msg, struct op_err *err)
{
	struct message_spec	spec;
	struct message_caps	caps = { 0, 0 };

	if (a->from != NULL && strcasecmp(a->from, cfg->address) != 0)
		return (op_err_set(err, OP_EPOLICY, "-f %s is not your "
		    "address %s; outpost only sends as the account", a->from,
		    cfg->address));
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
	return (message_build(&spec, &caps, msg, err));
}

static void
note_stderr(void *arg, const char *text)
{
	struct send_args	*a = ((void **)arg)[1];

	trace_write(((void **)arg)[0], TRACE_INFO, text, strlen(text));
	if (a->verbose)
		fprintf(stderr, "outpost send: %s\n", text);
}

static void
trace_cb(void *arg, enum trace_dir dir, const char *data, size_t len)
{
	trace_write(((void **)arg)[0], dir, data, len);
}

static int
report(const struct send_args *a, const struct smtp_result *res,
    const char *host)
{
	size_t	i;

	for (i = 0; i < res->nrcpts; i++) {
		if (res->rcpts[i].code >= 200 && res->rcpts[i].code < 300)
			continue;
		fprintf(stderr, "outpost send: not delivered to %s: %s\n",
		    res->rcpts[i].address, res->rcpts[i].reply != NULL ?
		    res->rcpts[i].reply : "refused");
	}
	if (a->build || a->verbose)
		printf("sent to %zu recipient%s via %s: %s\n", res->accepted,
		    res->accepted == 1 ? "" : "s", host, res->reply != NULL ?
		    res->reply : "");
	/*
	 * The others have the message: a failure status would invite the
	 * caller to send it again to them.  The refusals are on stderr.
	 */
	return (EX_OK);
}

static int
fail(const struct op_err *err)
{
	fprintf(stderr, "outpost send: %s\n", err->msg);
	if (err->reply[0] != '\0' && strstr(err->msg, err->reply) == NULL)
		fprintf(stderr, "outpost send: the server said: %s\n",
		    err->reply);
	if (err->code == OP_EUNCERTAIN)
		fprintf(stderr, "outpost send: the server may already have the "
		    "message; check the recipient's copy before sending it "
		    "again\n");
	return (op_err_exitcode(err));
}

/* Connect, log in, send; everything after the settings are known. */
static int
deliver(struct send_args *a, const struct config *cfg,
    const struct policy *pol, struct message *msg, void **cbarg)
{
	struct send_events	 ev = { note_stderr, trace_cb, cbarg };
	struct op_err		 err = { 0 };
	struct tls_ctx		*ctx = NULL;
	struct smtp_session	*sess = NULL;
	struct smtp_result	 res;
	struct effective	 eff;
	char			*pw = NULL;
	int			 port, rc;

	memset(&res, 0, sizeof res);
	policy_effective(cfg, pol, &eff);
	if (send_password(cfg, &pw, &err) != 0 ||
	    tls_ctx_new(cfg->ca_file, &ctx, &err) != 0 ||
	    send_connect(cfg, pol, ctx, &ev, &sess, &port, NULL, &err) != 0 ||
	    send_login(sess, cfg, pw, &err) != 0) {
		rc = fail(&err);
		goto out;
	}
	secret_free(pw);
	pw = NULL;
	if (smtp_send(sess, msg->from, msg->rcpts, msg->nrcpts, msg->data,
	    msg->len, &res, &err) != 0)
		rc = fail(&err);
	else
		rc = report(a, &res, eff.smtp_host);
out:
	smtp_result_free(&res);
	secret_free(pw);
	if (sess != NULL)
		smtp_close(sess);
	tls_ctx_free(ctx);
	return (rc);
}

static int
cmd_send_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct send_args	 a;
	struct config		 cfg;
	struct policy		 pol;
	struct message		 msg;
	struct op_err		 err = { 0 };
	FILE			*tf = NULL;
	void			*cbarg[2];
	char			*in = NULL;
	size_t			 inlen;
	int			 rc;

	memset(&a, 0, sizeof a);
	memset(&msg, 0, sizeof msg);
	if ((rc = parse_args(argc, argv, &a)) != 0)
		goto out_args;
	if (a.config != NULL)
		ctx->config_path = a.config;
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 1)) != 0)
		goto out_args;
	if (a.trace != NULL && (tf = trace_open(a.trace)) == NULL) {
		fprintf(stderr, "outpost send: --trace %s: %s\n", a.trace,
		    strerror(errno));
		rc = EX_CANTCREAT;
		goto out;
	}
	if ((rc = read_stdin(&in, &inlen)) != 0)
		goto out;
	if (make_message(&a, &cfg, in, inlen, &msg, &err) != 0) {
		/* A From that is not the account's is a bad message. */
		rc = fail(&err);
		if (err.code == OP_EPOLICY)
			rc = EX_DATAERR;
		goto out;
	}
	cbarg[0] = tf;
	cbarg[1] = &a;
	rc = deliver(&a, &cfg, &pol, &msg, cbarg);
out:
	if (tf != NULL)
		fclose(tf);
	message_free(&msg);
	free(in);
	policy_free(&pol);
	config_free(&cfg);
out_args:
	args_free(&a);
	return (rc);
}

/* Usage and help text live in outpost.c's table. */
const struct command cmd_send_entry = { "send", NULL, NULL, cmd_send_exec };
