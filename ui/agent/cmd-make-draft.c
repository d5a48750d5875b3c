/*
 * cmd-make-draft.c -- "outpost-agent make-draft KIND ARG": the draft that
 * outpost's reply, forward and compose open in the composer.  KIND is
 * reply, reply-all, forward, forward-attach (a message from a file or
 * "-", standard input, at most 64 MiB), mailto (a URL) or headers (a
 * message with headers, as mutt's -H).  Prints the draft's id, then one
 * line for the status line.  Parsing needs libetpan, so it runs here,
 * not in outpost.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "agent/draft-files.h"
#include "base/atomicfile.h"
#include "base/child.h"
#include "base/strutil.h"
#include "base/xmalloc.h"
#include "cli/cmd.h"
#include "conf/config.h"
#include "conf/paths.h"
#include "conf/policy.h"
#include "mail/address.h"
#include "mail/mailto.h"
#include "mail/message-unbuild.h"
#include "mail/reply.h"
#include "store/draft.h"
#include "text/textfile.h"
#include "work/secret.h"

#define MD_MAX_MESSAGE	  (64 * 1024 * 1024)
#define MD_MAX_TEXT	  (16 * 1024 * 1024) /* the HTML filter's output */
#define MD_FILTER_SECONDS 10		     /* and its deadline */
#define MD_USAGE                                                                          \
	"usage: outpost-agent make-draft reply|reply-all|forward|forward-attach FILE|-\n" \
	"       outpost-agent make-draft mailto URL | headers FILE|-\n"

static void
set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/*
 * The user's own addresses, never answered in a reply to all: the
 * account's address.  (With several accounts, every account's.)
 */
static void
own_addresses(const struct config *cfg, char ***v, size_t *n)
{
	const struct config *a;
	size_t		     i;

	*v = NULL;
	*n = 0;
	for (i = 0; i < config_account_count(cfg); i++)
		if ((a = config_account_at(cfg, i))->address != NULL)
			str_list_push(v, n, a->address);
}

/*
 * The values of the header's trace field name (Delivered-To,
 * X-Original-To: one bare address each, as Postfix and Dovecot write
 * them; <> taken off), pushed on *v, *n.
 */
static void
trace_addresses(const char *msg, size_t len, const char *name, char ***v,
    size_t *n)
{
	const char *p = msg, *end = msg + len, *nl, *s, *e;
	size_t	    nlen = strlen(name);
	char	   *a;

	for (; p < end && *p != '\n' && *p != '\r'; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) <= nlen ||
		    strncasecmp(p, name, nlen) != 0 || p[nlen] != ':')
			continue;
		for (s = p + nlen + 1; s < nl && strchr(" \t<", *s) != NULL;
		     s++)
			;
		for (e = nl; e > s && strchr(" \t\r>", e[-1]) != NULL; e--)
			;
		if (e > s) {
			a = xstrndup(s, (size_t)(e - s));
			str_list_push(v, n, a);
			free(a);
		}
	}
}

/* The first account whose address is one of v's (any case), or NULL. */
static const struct config *
account_in(const struct config *cfg, char **v, size_t n)
{
	const struct config *a;
	size_t		     i;

	for (i = 0; i < n; i++)
		if ((a = config_account_by_address(cfg, v[i])) != NULL)
			return (a);
	return (NULL);
}

/*
 * The account a reply or forward starts from: the one whose address the
 * original was sent to, looked for in To, then Cc, then Delivered-To,
 * then X-Original-To; none of them: the default.  The draft names it.
 */
static void
reply_account(const struct config *cfg, const char *msg, size_t len,
    struct draft *d)
{
	const struct config *a;
	struct message_parts mp;
	struct op_err	     err = { 0 };
	char		   **v = NULL;
	size_t		     n = 0;

	if (config_account_count(cfg) < 2 ||
	    message_unbuild(msg, len, NULL, 0, &mp, &err) != 0)
		return;
	/* In that order: the first address that is an account's names it. */
	(void)address_list_parse("To", mp.to, &v, &n, &err);
	(void)address_list_parse("Cc", mp.cc, &v, &n, &err);
	message_parts_free(&mp);
	trace_addresses(msg, len, "Delivered-To", &v, &n);
	trace_addresses(msg, len, "X-Original-To", &v, &n);
	if ((a = account_in(cfg, v, n)) != NULL &&
	    config_account_stored(a) != NULL)
		set(&d->account, config_account_stored(a));
	str_list_free(v, n);
}

/* The message of a file or of standard input ("-"), bounded. */
static int
read_message(const char *arg, char **buf, size_t *len, struct op_err *err)
{
	int e;

	if (strcmp(arg, "-") == 0) {
		if ((e = atomicfile_read_fd(STDIN_FILENO, MD_MAX_MESSAGE + 1,
			 buf, len)) != 0)
			return (op_err_set(err, OP_EIO,
			    "cannot read the message on standard input: %s",
			    atomicfile_strerror(e)));
		if (*len > MD_MAX_MESSAGE) {
			free(*buf);
			return (op_err_set(err, OP_EMESSAGE,
			    "the message on standard input is over 64 MiB; save it to a file and attach it instead"));
		}
		return (0);
	}
	if ((e = atomicfile_read(arg, MD_MAX_MESSAGE, buf, len)) != 0)
		return (op_err_set(err, OP_EIO, "cannot read %s: %s", arg,
		    e == EFBIG ? "it is over 64 MiB" :
				 atomicfile_strerror(e)));
	return (0);
}

/* ---- reply.html_filter */

/* The filter to run: the setting, else w3m or lynx when installed. */
static const char *
html_command(const struct config *cfg)
{
	static const char *const known[][2] = {
		{ "w3m", "w3m -dump -T text/html -I UTF-8 -O UTF-8" },
		{ "lynx",
		    "lynx -dump -stdin -nolist -assume_charset=UTF-8 -display_charset=UTF-8" },
	};
	size_t i;

	if (cfg->html_filter != NULL)
		return (cfg->html_filter);
	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (child_in_path(known[i][0]))
			return (known[i][1]);
	return (NULL);
}

static int
html_filter(void *arg, const char *html, size_t len, char **out,
    size_t *outlen, struct op_err *err)
{
	char	    **argv;
	char	     *what;
	struct op_err e = { 0 };
	int	      r;

	if (secret_split_words(arg, &argv, err) != 0) {
		op_err_prefix(err, "reply.html_filter");
		return (-1);
	}
	xasprintf(&what, "reply.html_filter \"%s\"", (const char *)arg);
	r = child_run(what, argv, html, len, MD_FILTER_SECONDS, MD_MAX_TEXT,
	    out, outlen, &e);
	free(what);
	secret_words_free(argv);
	if (r != 0)
		return (op_err_set(err, e.code,
		    "%s; fix the setting, or set it to a command that reads HTML on its input and writes text",
		    e.msg));
	if (!utf8_valid(*out, *outlen)) {
		free(*out);
		return (op_err_set(err, OP_EINVAL,
		    "reply.html_filter \"%s\" wrote text that is not UTF-8; make it write UTF-8",
		    (const char *)arg));
	}
	return (0);
}

/* ---- the drafts */

static void
no_signature(char **status, const struct op_err *sigerr)
{
	xasprintf(status,
	    "no signature: signature.file %s (fix it in the config)",
	    sigerr->msg);
}

/*
 * signature.file's text (allocated, its length in *len), or NULL: none
 * set, or it cannot be read (why in sigerr).
 */
static char *
signature_text(const struct config *cfg, size_t *len, struct op_err *sigerr)
{
	char *sig;

	if (cfg->signature_file == NULL ||
	    textfile_read(cfg->signature_file, &sig, len, sigerr) != 0)
		return (NULL);
	return (sig);
}

static int
from_reply(const struct config *cfg, enum reply_kind kind, const char *msg,
    size_t len, struct draft *d, char **status, struct op_err *err)
{
	struct reply_spec   spec = { kind, NULL, 0, NULL, NULL, NULL, 0,
		  cfg->sig_bottom };
	struct reply	    r;
	struct message_file fwd = { (char *)"forwarded-message.eml",
		(char *)msg, len };
	struct op_err	    sigerr = { 0 };
	char		   *datadir = NULL, *sig;
	int		    rc;

	reply_account(cfg, msg, len, d);
	own_addresses(cfg, (char ***)&spec.own, &spec.nown);
	if ((spec.html_arg = (void *)html_command(cfg)) != NULL)
		spec.html = html_filter;
	spec.sig = sig = signature_text(cfg, &spec.siglen, &sigerr);
	rc = reply_build(msg, len, &spec, &r, err);
	str_list_free((char **)spec.own, spec.nown);
	free(sig);
	if (rc != 0)
		return (-1);
	set(&d->to, r.to);
	set(&d->cc, r.cc);
	set(&d->subject, r.subject);
	set(&d->in_reply_to, r.in_reply_to);
	set(&d->references, r.references);
	free(d->body);
	d->body = r.body;
	d->bodylen = r.bodylen;
	r.body = NULL;
	if (sigerr.code != OP_OK)
		no_signature(status, &sigerr);
	else if (r.note != NULL)
		*status = xstrdup(r.note);
	else
		xasprintf(status, "%s: \"%s\" (a draft until sent)",
		    kind == REPLY_FORWARD || kind == REPLY_FORWARD_ATTACH ?
			"forwarding" :
			"replying",
		    r.subject);
	if ((rc = paths_data_dir(&datadir, err)) == 0)
		rc = kind == REPLY_FORWARD_ATTACH ?
		    draft_files_save(datadir, &fwd, 1, d, err) :
		    draft_files_save(datadir, r.parts.files, r.parts.nfiles, d,
			err);
	free(datadir);
	reply_free(&r);
	return (rc);
}

static int
from_headers(const char *msg, size_t len, struct draft *d, char **status,
    struct op_err *err)
{
	struct message_parts mp;
	char		    *datadir = NULL;
	int		     rc;

	if (message_unbuild(msg, len, NULL, 0, &mp, err) != 0)
		return (-1);
	set(&d->to, mp.to);
	set(&d->cc, mp.cc);
	set(&d->bcc, mp.bcc);
	set(&d->subject, mp.subject);
	set(&d->in_reply_to, mp.in_reply_to);
	set(&d->references, mp.references);
	free(d->body);
	d->body = mp.body;
	d->bodylen = mp.bodylen;
	mp.body = NULL;
	xasprintf(status, "the draft \"%s\" (a draft until sent)", mp.subject);
	if ((rc = paths_data_dir(&datadir, err)) == 0)
		rc = draft_files_save(datadir, mp.files, mp.nfiles, d, err);
	free(datadir);
	message_parts_free(&mp);
	return (rc);
}

/*
 * The body of a message begun from a link: its text, then the signature
 * as a new message has it (textfile_signature).  A signature that cannot
 * be read is left out, with why in sigerr.
 */
static char *
link_body(const struct config *cfg, const char *text, struct op_err *sigerr)
{
	char  *sig, *block, *body;
	size_t len, n = strlen(text);

	if ((sig = signature_text(cfg, &len, sigerr)) == NULL)
		return (xstrdup(text));
	block = textfile_signature(sig, len);
	free(sig);
	while (*block != '\0' && n > 0 && text[n - 1] == '\n')
		n--;
	xasprintf(&body, "%.*s%s", (int)n, text, block);
	free(block);
	return (body);
}

static int
from_mailto(const struct config *cfg, const char *url, struct draft *d,
    char **status, struct op_err *err)
{
	struct mailto m;
	struct op_err sigerr = { 0 };
	char	     *datadir = NULL;
	int	      rc;

	if (mailto_parse(url, &m, err) != 0)
		return (-1);
	set(&d->to, m.to);
	set(&d->cc, m.cc);
	set(&d->bcc, m.bcc);
	set(&d->subject, m.subject);
	set(&d->in_reply_to, m.in_reply_to);
	set(&d->references, m.in_reply_to);
	free(d->body);
	d->body = link_body(cfg, m.body, &sigerr);
	d->bodylen = strlen(d->body);
	if (sigerr.code != OP_OK)
		no_signature(status, &sigerr);
	else if (*m.ignored != '\0')
		xasprintf(status,
		    "mailto: left out %s (outpost takes only to, cc, bcc, subject, body, in-reply-to)",
		    m.ignored);
	else
		xasprintf(status, "a new message to %s",
		    *m.to != '\0' ? m.to : "(nobody yet)");
	if ((rc = paths_data_dir(&datadir, err)) == 0)
		rc = draft_save(datadir, d, err);
	free(datadir);
	mailto_free(&m);
	return (rc);
}

static const struct {
	const char     *name;
	enum reply_kind kind;
} md_kinds[] = {
	{ "reply", REPLY_SENDER }, { "reply-all", REPLY_ALL },
	{ "forward", REPLY_FORWARD },
	{ "forward-attach", REPLY_FORWARD_ATTACH },
	{ "headers", REPLY_SENDER }, /* kind unused */
	{ "mailto", REPLY_SENDER },  /* kind unused */
};
#define MD_NKINDS (sizeof md_kinds / sizeof md_kinds[0])

static int
make(const struct config *cfg, size_t k, const char *arg, struct draft *d,
    char **status, struct op_err *err)
{
	char  *msg;
	size_t len;
	int    rc;

	if (strcmp(md_kinds[k].name, "mailto") == 0)
		return (from_mailto(cfg, arg, d, status, err));
	if (read_message(arg, &msg, &len, err) != 0)
		return (-1);
	if (strcmp(md_kinds[k].name, "headers") == 0)
		rc = from_headers(msg, len, d, status, err);
	else
		rc = from_reply(cfg, md_kinds[k].kind, msg, len, d, status,
		    err);
	free(msg);
	return (rc);
}

int
cmd_make_draft_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct config cfg;
	struct policy pol;
	struct draft  d;
	struct op_err err = { 0 };
	char	     *status = NULL;
	size_t	      k = 0;
	int	      ch, rc;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c') {
			fputs(MD_USAGE, stderr);
			return (EX_USAGE);
		}
		ctx->config_path = optarg;
	}
	for (k = 0; optind + 2 == argc && k < MD_NKINDS; k++)
		if (strcmp(argv[optind], md_kinds[k].name) == 0)
			break;
	if (optind + 2 != argc || k == MD_NKINDS) {
		fputs(MD_USAGE, stderr);
		return (EX_USAGE);
	}
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 0)) != 0)
		return (rc);
	draft_init(&d);
	if (make(&cfg, k, argv[optind + 1], &d, &status, &err) != 0) {
		fprintf(stderr, "outpost: %s\n", err.msg);
		rc = err.code == OP_EIO ? EX_NOINPUT : EX_DATAERR;
	} else
		printf("%s\n%s\n", d.id, status);
	free(status);
	draft_free(&d);
	config_free(&cfg);
	policy_free(&pol);
	return (rc);
}
