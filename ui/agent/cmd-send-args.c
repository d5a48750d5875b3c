/*
 * cmd-send-args.c -- "outpost send"'s command line: sendmail's options,
 * attached or separate as Postfix takes them (what each does is
 * outpost(1)'s SENDMAIL COMPATIBILITY table), the build mode's long
 * options, and --as for a program run through a link of that name.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "base/strutil.h"
#include "agent/send-args.h"
#include "conf/config.h"
#include "mail/address.h"
#include "base/xmalloc.h"

static const char usage_text[] =
    "usage: outpost send [-tv] [-i] [-oi] [-c FILE] [-f ADDR] [-F NAME] [-B TYPE] [-N DSN] [-R RET] [-V ENVID] [-odb] [-odi] [-odq] [--queue-only] [--trace FILE] [--] [RCPT ...] < message\n"
    "       outpost send -bp | -q | -bd | -bi | -bv RCPT ...  (see outpost(1), SENDMAIL COMPATIBILITY)\n"
    "       outpost send --to ADDR [--cc ADDR] [--bcc ADDR] --subject TEXT [--attach FILE] ... < body\n"
    "       outpost send --draft ID [--queue-only | --delay SECONDS] [--events]\n";

void
send_args_free(struct send_args *a)
{
	str_list_free(a->to, a->nto);
	str_list_free(a->cc, a->ncc);
	str_list_free(a->bcc, a->nbcc);
	str_list_free(a->attach, a->nattach);
	str_list_free(a->rcpts, a->nrcpts);
	free(a->from);
	free(a->account);
	free(a->from_name);
	free(a->subject);
	free(a->trace);
	free(a->draft);
	free(a->dsn.envid);
}

static int
bad_arg(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "outpost send: %s: \"%s\" is not %s\n", opt, arg,
	    want);
	return (EX_USAGE);
}

/* -b MODE: what sendmail is asked to do. */
static int
opt_b(struct send_args *a, const char *arg)
{
	switch (arg[0] != '\0' && arg[1] == '\0' ? arg[0] : '?') {
	case 'm':
		a->mode = SEND_DELIVER;
		break;
	case 'v':
		a->mode = SEND_VERIFY;
		break;
	case 'p':
		a->mode = SEND_LIST;
		break;
	case 'i':
		a->mode = SEND_ALIASES;
		break;
	case 'h': /* host status: outpost keeps none */
	case 'H':
		break;
	case 'd': /* -bl is Postfix's -bd too */
	case 'l':
		a->mode = SEND_DAEMON;
		break;
	case 's':
		a->mode = SEND_NONE;
		break;
	default:
		return (bad_arg("-b", arg,
		    "a mode outpost knows (-bm, -bp, -bi, -bv, -bd, -bl, -bs, -bh, -bH)"));
	}
	return (0);
}

/*
 * -o OPTION: -oi, -odq (queue only), -odb and -odi (deliver now); -oe*,
 * -om, -o7, -o8, -oA and the rest are sendmail's and ignored.
 */
static int
opt_o(struct send_args *a, const char *arg)
{
	if (arg[0] == 'd' && (arg[1] == 'q' || arg[1] == 'd'))
		a->queue_only = 1;
	else if (arg[0] == 'd' && (arg[1] == 'b' || arg[1] == 'i'))
		a->queue_only = 0;
	else if (arg[0] == 'A' && arg[1] == '\0')
		return (bad_arg("-oA", arg, "followed by an alias file"));
	return (0);
}

/* -q, -qINTERVAL, -qIID, -qRSITE, -qSSITE: send the queue now. */
static int
opt_q(struct send_args *a, const char *arg)
{
	a->mode = SEND_FLUSH;
	if (arg == NULL)
		return (0);
	if (arg[0] >= '0' && arg[0] <= '9')
		fprintf(stderr,
		    "outpost send: -q%s: the interval is for a queue daemon and ignored; the queue is sent once, now\n",
		    arg);
	else if (arg[0] == 'I' && arg[1] != '\0')
		a->flush_id = arg + 1;
	else if ((arg[0] == 'R' || arg[0] == 'S') && arg[1] != '\0')
		; /* every message goes to the account's one server */
	else
		return (bad_arg("-q", arg,
		    "an interval, IQUEUEID, RSITE or SSITE (as in -q30m, -qI20261128T000906Z)"));
	return (0);
}

/* -N, -R, -V: delivery status notifications (RFC 3461). */
static int
opt_dsn(struct send_args *a, int ch, const char *arg)
{
	const char *why;

	if (ch == 'N' && outbox_notify_parse(arg, &a->dsn.notify, &why) != 0)
		return (bad_arg("-N", arg,
		    "never or a comma-separated list of success, delay and failure"));
	if (ch == 'R' && outbox_ret_parse(arg, &a->dsn.ret) != 0)
		return (bad_arg("-R", arg, "full or hdrs"));
	if (ch == 'V') {
		if (!outbox_envid_valid(arg))
			return (bad_arg("-V", arg,
			    "an envelope id of 1 to 100 printable ASCII characters"));
		free(a->dsn.envid);
		a->dsn.envid = xstrdup(arg);
	}
	return (0);
}

/* The options of Postfix's sendmail(1) beyond -t -i -v -f -F. */
static int
opt_sendmail(struct send_args *a, int ch, const char *arg)
{
	switch (ch) {
	case 'B': /* outpost chooses the body's encoding itself */
		if (strcasecmp(arg, "7BIT") != 0 &&
		    strcasecmp(arg, "8BITMIME") != 0)
			return (bad_arg("-B", arg,
			    "a body type outpost knows (7BIT or 8BITMIME)"));
		return (0);
	case 'b':
		return (opt_b(a, arg));
	case 'C':
		a->config = arg;
		return (0);
	case 'I':
		a->mode = SEND_ALIASES;
		return (0);
	case 'N':
	case 'R':
	case 'V':
		return (opt_dsn(a, ch, arg));
	case 'o':
		return (opt_o(a, arg));
	case 'q':
		return (opt_q(a, arg));
	case 'X': /* -XV: VERP (ignored); -X FILE: the trace */
		if (arg[0] != 'V' || strlen(arg) > 3) {
			free(a->trace);
			a->trace = xstrdup(arg);
		}
		return (0);
	}
	return (0); /* -A -G -h -L -m -n -O -U -e -p -x, -c as sendmail */
}

/* What the options and arguments add up to: 0 or the exit status. */
static int
check_args(struct send_args *a)
{
	if (a->mode != SEND_DELIVER && a->mode != SEND_VERIFY &&
	    (a->headers || a->nrcpts > 0 || a->build || a->draft != NULL)) {
		fprintf(stderr,
		    "outpost send: -bp, -q, -bi and -bd take no message: no recipients, -t, --to or --draft\n");
		return (EX_USAGE);
	}
	if (a->mode == SEND_VERIFY && !a->headers && a->nrcpts == 0) {
		fputs("outpost send: -bv: no recipients to verify\n", stderr);
		return (EX_USAGE);
	}
	if (a->mode != SEND_DELIVER)
		return (0);
	if (a->draft != NULL && (a->build || a->headers || a->nrcpts > 0)) {
		fputs(
		    "outpost send: --draft takes everything from the draft (no recipients, -t or --to/--subject)\n",
		    stderr);
		return (EX_USAGE);
	}
	if (a->delay > 0 && (a->draft == NULL || a->queue_only)) {
		fputs(
		    "outpost send: --delay is for --draft, without --queue-only\n",
		    stderr);
		return (EX_USAGE);
	}
	if (a->draft != NULL)
		return (0);
	if (a->build &&
	    (a->nto + a->ncc + a->nbcc == 0 || a->headers || a->nrcpts > 0)) {
		fprintf(stderr,
		    "outpost send: with --subject/--attach give recipients with --to, --cc or --bcc (not -t or arguments)\n");
		return (EX_USAGE);
	}
	if (!a->build && !a->headers && a->nrcpts == 0) {
		fputs(
		    "outpost send: no recipients: give them as arguments, or use -t to take them from the message\n",
		    stderr);
		fputs(usage_text, stderr);
		return (EX_USAGE);
	}
	return (0);
}

/* --delay N: the undo window, 0 to CONFIG_SEND_DELAY_MAX seconds. */
static int
delay_arg(struct send_args *a, const char *v)
{
	char *end;
	long  n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || n < 0 ||
	    n > CONFIG_SEND_DELAY_MAX) {
		fprintf(stderr,
		    "outpost send: --delay \"%s\": give seconds from 0 to %d\n",
		    v, CONFIG_SEND_DELAY_MAX);
		return (EX_USAGE);
	}
	a->delay = (int)n;
	return (0);
}

/* Options with their arguments, attached or not, as sendmail takes them. */
#define SENDMAIL_OPTS "A:B:C:F:GIL:N:O:R:UV:X:b:e:f:h:imno:p:q::r:tvx"

static int
parse_args(int argc, char **argv, struct send_args *a)
{
	enum {
		O_TO = 256,
		O_CC,
		O_BCC,
		O_SUBJECT,
		O_ATTACH,
		O_TRACE,
		O_QUEUE,
		O_DRAFT,
		O_DELAY,
		O_ACCOUNT
	};
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, O_TO },
		{ "cc", required_argument, NULL, O_CC },
		{ "bcc", required_argument, NULL, O_BCC },
		{ "subject", required_argument, NULL, O_SUBJECT },
		{ "attach", required_argument, NULL, O_ATTACH },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "queue-only", no_argument, NULL, O_QUEUE },
		{ "draft", required_argument, NULL, O_DRAFT },
		{ "delay", required_argument, NULL, O_DELAY },
		{ "account", required_argument, NULL, O_ACCOUNT },
		{ NULL, 0, NULL, 0 },
	};
	int ch, i, rc;

	/*
	 * Through a link: every option is sendmail's, -c too (ignored);
	 * sendmail has no -a, so only "outpost send" takes it.
	 */
	while ((ch = getopt_long(argc, argv,
		    a->as != NULL ? SENDMAIL_OPTS "c" : SENDMAIL_OPTS "a:c:",
		    longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (a->as == NULL)
				a->config = optarg;
			break;
		case 't':
			a->headers = 1;
			break;
		case 'i':
			break; /* a lone "." never ends input */
		case 'v':
			a->verbose = 1;
			break;
		case 'f':
		case 'r':
			free(a->from);
			a->from = xstrdup(optarg);
			break;
		case 'F':
			free(a->from_name);
			a->from_name = xstrdup(optarg);
			break;
		case O_TO:
			a->build = 1;
			str_list_push(&a->to, &a->nto, optarg);
			break;
		case O_CC:
			a->build = 1;
			str_list_push(&a->cc, &a->ncc, optarg);
			break;
		case O_BCC:
			a->build = 1;
			str_list_push(&a->bcc, &a->nbcc, optarg);
			break;
		case O_SUBJECT:
			a->build = 1;
			free(a->subject);
			a->subject = xstrdup(optarg);
			break;
		case O_ATTACH:
			a->build = 1;
			str_list_push(&a->attach, &a->nattach, optarg);
			break;
		case O_QUEUE:
			a->queue_only = 1;
			break;
		case 'a':
		case O_ACCOUNT:
			free(a->account);
			a->account = xstrdup(optarg);
			break;
		case O_DRAFT:
			free(a->draft);
			a->draft = xstrdup(optarg);
			break;
		case O_DELAY:
			if ((rc = delay_arg(a, optarg)) != 0)
				return (rc);
			break;
		case O_TRACE:
			free(a->trace);
			a->trace = xstrdup(optarg);
			break;
		case '?':
			fputs(usage_text, stderr);
			return (EX_USAGE);
		default:
			if ((rc = opt_sendmail(a, ch, optarg)) != 0)
				return (rc);
			break;
		}
	}
	for (i = optind; i < argc; i++)
		str_list_push(&a->rcpts, &a->nrcpts, argv[i]);
	return (check_args(a));
}

/* "--as NAME" first: the arguments are sendmail's, its mode by NAME. */
static int
take_as(struct send_args *a, int *argc, char ***argv)
{
	if (*argc < 2 || strcmp((*argv)[1], "--as") != 0)
		return (0);
	if (*argc < 3 ||
	    (strcmp((*argv)[2], "sendmail") != 0 &&
		strcmp((*argv)[2], "mailq") != 0 &&
		strcmp((*argv)[2], "newaliases") != 0)) {
		fputs(
		    "outpost send: --as takes sendmail, mailq or newaliases\n",
		    stderr);
		return (EX_USAGE);
	}
	a->as = (*argv)[2];
	if (strcmp(a->as, "mailq") == 0)
		a->mode = SEND_LIST;
	else if (strcmp(a->as, "newaliases") == 0)
		a->mode = SEND_ALIASES;
	*argc -= 2;
	*argv += 2; /* getopt's messages name the program */
	return (0);
}

int
send_args_parse(int argc, char **argv, struct send_args *a)
{
	int rc;

	if ((rc = take_as(a, &argc, &argv)) != 0)
		return (rc);
	return (parse_args(argc, argv, a));
}
