/*
 * test-smtp.c -- the SMTP client (net.h, tls.h, smtp.h) against real
 * Postfix + Dovecot and the faulty aiosmtpd server: delivery byte for
 * byte, certificate refusals before any credential, STARTTLS required,
 * AUTH failures, SIZE, per-recipient replies, 4xx/5xx/lost
 * classification, time-outs, and a trace that never holds a password.
 * The transaction engine's paths (BDAT or DATA, pipelined or not) each
 * deliver byte for byte and classify every fault alike; round trips per
 * message are counted.  Run through smtp-test.sh, which starts the
 * servers and sets OUTPOST_TEST_*.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "wire/net.h"
#include "wire/smtp.h"
#include "base/strbuf.h"
#include "wire/tls.h"
#include "base/xmalloc.h"
#include "../unit/tap.h"

#define PASSWORD "alice-pw-1"

static struct strbuf   trc;    /* this session's trace */
static struct strbuf   alltrc; /* every session's */
static struct tls_ctx *ctx;    /* trusts the test CA only */
static int	       reply_timeout = 10;
static const char     *host_ip, *dir;
static int	       smtps, submission, plainport, smallport;
static int	       hook_calls; /* before_payload */
static int	       txn_calls;  /* before_txn */
static int	       txn_flight; /* its one_flight, -1 before a call */

/* The engine's four ways to send, chosen with the test knobs. */
struct path {
	const char *name;
	int	    no_chunking;
	int	    no_pipelining;
};
static const struct path paths[] = {
	{ "BDAT+PIPELINING", 0, 0 },
	{ "DATA+PIPELINING", 1, 0 },
	{ "BDAT", 0, 1 },
	{ "DATA", 1, 1 },
};
#define NPATHS (sizeof paths / sizeof paths[0])

/* ---- small helpers */

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		printf("Bail out! %s is not set (run smtp-test.sh)\n", name);
		exit(1);
	}
	return (v);
}

static void
trace_cb(void *arg, enum trace_dir dir_, const char *text, size_t len)
{
	static const char *const pfx[] = { "C: ", "S: ", "I: " };

	strbuf_add(&trc, pfx[dir_], 3);
	strbuf_add(&trc, text, len);
	strbuf_add(&alltrc, pfx[dir_], 3);
	strbuf_add(&alltrc, text, len);
	if (dir_ == TRACE_INFO) {
		strbuf_add(&trc, "\n", 1);
		strbuf_add(&alltrc, "\n", 1);
	}
}

/* Forget this session's trace so far. */
static void
trace_reset(void)
{
	trc.len = 0;
	strbuf_add(&trc, "", 0);
}

static double
now(void)
{
	return ((double)net_deadline(0) / 1000.0);
}

/* Sent lines of the trace, one per line: "EHLO [127.0.0.1]\n...". */
static char *
sent_lines(void)
{
	struct strbuf out = STRBUF_INIT;
	const char   *p = trc.p, *nl;

	strbuf_add(&out, "", 0);
	while (p != NULL && (p = strstr(p, "C: ")) != NULL) {
		p += 3;
		nl = strchr(p, '\n');
		strbuf_add(&out, p,
		    nl != NULL ? (size_t)(nl - p + 1) : strlen(p));
		if (nl == NULL)
			break;
	}
	return (out.p);
}

static int
opts_open(const char *host, const char *conn, int port, enum tls_mode m,
    const char *pin, struct tls_ctx *c, struct smtp_session **s,
    struct tls_peer *peer, struct op_err *err)
{
	struct smtp_opts o;

	memset(&o, 0, sizeof o);
	o.host = host;
	o.connect_host = conn;
	o.port = port;
	o.tls = m;
	o.pin = pin;
	o.timeout_connect = 5;
	o.timeout_reply = reply_timeout;
	o.trace = trace_cb;
	trc.len = 0;
	strbuf_add(&trc, "", 0);
	op_err_clear(err);
	memset(peer, 0, sizeof *peer);
	return (smtp_open(&o, c, s, peer, err));
}

/* Open and log in as alice; NULL (and a failed test) if that fails. */
static struct smtp_session *
login(const char *host, int port, enum tls_mode m)
{
	struct smtp_session *s;
	struct tls_peer	     peer;
	struct op_err	     err;

	if (opts_open(host, NULL, port, m, NULL, ctx, &s, &peer, &err) != 0) {
		tap_ok(0, "open %s:%d: %s", host, port, err.msg);
		return (NULL);
	}
	if (smtp_auth(s, "alice", PASSWORD, &err) != 0) {
		tap_ok(0, "login at %s:%d: %s", host, port, err.msg);
		smtp_close(s);
		return (NULL);
	}
	return (s);
}

static char *
make_msg(const char *tag, const char *to, size_t pad, size_t *lenp)
{
	struct strbuf	  b = STRBUF_INIT;
	char		  head[1024];
	static const char line[] =
	    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.\n";

	snprintf(head, sizeof head,
	    "From: Alice <alice@mail.test>\n"
	    "To: %s\nSubject: outpost smtp test %s\n"
	    "Date: Thu, 26 Nov 2026 10:00:00 +0000\n"
	    "Message-ID: <%s@outpost.test>\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=us-ascii\n\nHello.\n"
	    ".leading dot\n.\n..two dots\n",
	    to, tag, tag);
	strbuf_add(&b, head, strlen(head));
	while (b.len < pad)
		strbuf_add(&b, line, sizeof line - 1);
	strbuf_add(&b, "last line\n", 10);
	*lenp = b.len;
	return (b.p);
}

static char *
read_file(const char *path, size_t *lenp)
{
	struct strbuf b = STRBUF_INIT;
	char	      chunk[65536];
	FILE	     *f;
	size_t	      n;

	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
	strbuf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(&b, chunk, n);
	fclose(f);
	*lenp = b.len;
	return (b.p);
}

/* The delivered copy of <tag@outpost.test> for rcpt, waiting up to 15 s. */
static char *
delivered(const char *rcpt, const char *tag, size_t *lenp)
{
	char	       path[1024], id[256], *p;
	struct dirent *de;
	DIR	      *d;
	double	       end = now() + 15;

	snprintf(id, sizeof id, "Message-ID: <%s@outpost.test>", tag);
	do {
		snprintf(path, sizeof path, "%s/mail/%s/Maildir/new", dir,
		    rcpt);
		if ((d = opendir(path)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof path,
				    "%s/mail/%s/Maildir/new/%s", dir, rcpt,
				    de->d_name);
				p = read_file(path, lenp);
				if (p != NULL && strstr(p, id) != NULL) {
					closedir(d);
					return (p);
				}
				free(p);
			}
			closedir(d);
		}
		usleep(50000);
	} while (now() < end);
	return (NULL);
}

/* Skip what the servers prepend: Return-Path, Delivered-To, Received. */
static const char *
strip_added(const char *p)
{
	int skipping = 0;

	for (;;) {
		if (strncmp(p, "Return-Path:", 12) == 0 ||
		    strncmp(p, "Delivered-To:", 13) == 0 ||
		    strncmp(p, "Received:", 9) == 0)
			skipping = 1;
		else if (!(skipping && (*p == ' ' || *p == '\t')))
			return (p);
		if ((p = strchr(p, '\n')) == NULL)
			return ("");
		p++;
	}
}

static void
check_delivered(const char *rcpt, const char *tag, const char *msg, size_t len,
    const char *what)
{
	const char *body;
	char	   *got;
	size_t	    glen;

	if ((got = delivered(rcpt, tag, &glen)) == NULL) {
		tap_ok(0, "%s: delivered to %s", what, rcpt);
		return;
	}
	body = strip_added(got);
	glen -= (size_t)(body - got);
	tap_ok(glen == len && memcmp(body, msg, len) == 0,
	    "%s: delivered to %s byte-identical (%zu bytes, got %zu)", what,
	    rcpt, len, glen);
	free(got);
}

static size_t
log_size(const char *path)
{
	struct stat st;

	return (stat(path, &st) == 0 ? (size_t)st.st_size : 0);
}

/* Text appended to path since offset. */
static char *
log_since(const char *path, size_t off)
{
	char  *all, *p;
	size_t len;

	if ((all = read_file(path, &len)) == NULL)
		return (xstrdup(""));
	p = xstrdup(off <= len ? all + off : "");
	free(all);
	return (p);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return (n);
}

/* Postfix's log size once every session so far has logged its end. */
static size_t
postfix_settled(void)
{
	const char *path = env("OUTPOST_TEST_POSTFIX_LOG");
	char	   *p;
	double	    end = now() + 10;
	int	    open_;

	for (;;) {
		p = log_since(path, 0);
		open_ = count(p, ": connect from") -
		    count(p, ": disconnect from");
		free(p);
		if (open_ <= 0 || now() > end)
			return (log_size(path));
		usleep(50000);
	}
}

/* Postfix's log since off, once it has n more "disconnect from" lines. */
static char *
postfix_since(size_t off, int n)
{
	const char *path = env("OUTPOST_TEST_POSTFIX_LOG");
	char	   *p;
	double	    end = now() + 10;

	for (;;) {
		p = log_since(path, off);
		if (count(p, "disconnect from") >= n || now() > end)
			return (p);
		free(p);
		usleep(50000);
	}
}

static void
unpin(const char *fp, char *out)
{
	for (; *fp != '\0'; fp++)
		if (*fp != ':')
			*out++ = (*fp >= 'A' && *fp <= 'F') ? *fp - 'A' + 'a' :
							      *fp;
	*out = '\0';
}

static void
count_hook(void *arg)
{
	(*(int *)arg)++;
}

static int
txn_hook(void *arg, int one_flight, struct op_err *err)
{
	(void)arg;
	(void)err;
	txn_calls++;
	txn_flight = one_flight;
	return (0);
}

static void
path_opts(struct smtp_send_opts *o, const struct path *pp)
{
	memset(o, 0, sizeof *o);
	o->before_txn = txn_hook;
	txn_calls = 0;
	txn_flight = -1;
	o->before_payload = count_hook;
	o->arg = &hook_calls;
	if (pp != NULL) {
		o->no_chunking = pp->no_chunking;
		o->no_pipelining = pp->no_pipelining;
	}
	hook_calls = 0;
}

/* ---- the cases */

static void
send_one(const char *host, int port, enum tls_mode m, const char *tag,
    size_t pad, const char *what)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg, *rc[] = { "bob@mail.test" };
	size_t		     len;
	double		     t0;
	int		     r;

	if ((s = login(host, port, m)) == NULL)
		return;
	msg = make_msg(tag, rc[0], pad, &len);
	t0 = now();
	r = smtp_send(s, "alice@mail.test", rc, 1, msg, len, &res, &err);
	tap_ok(r == 0 && res.code == 250, "%s: sent (%s) in %.2f s", what,
	    r == 0 ? res.reply : err.msg, now() - t0);
	smtp_result_free(&res);
	smtp_close(s);
	check_delivered(rc[0], tag, msg, len, what);
	free(msg);
}

static void
test_send(void)
{
	struct smtp_session *s;
	struct tls_peer	     peer;
	struct op_err	     err;
	char		    *sent;

	send_one(host_ip, smtps, TLS_IMPLICIT, "implicit", 0, "implicit TLS");
	send_one(host_ip, submission, TLS_STARTTLS, "starttls", 0, "STARTTLS");
	sent = sent_lines();
	TAP_CONTAINS(sent, "STARTTLS\r\n", "STARTTLS: STARTTLS sent");
	tap_ok(count(sent, "EHLO [127.0.0.1]") == 2,
	    "STARTTLS: EHLO [127.0.0.1] sent again after TLS");
	TAP_CONTAINS(trc.p, "I: TLS up: TLSv1.3", "trace notes TLS up");
	free(sent);

	tap_ok(opts_open("mail.test", host_ip, smtps, TLS_IMPLICIT, NULL, ctx,
		   &s, &peer, &err) == 0,
	    "verified by name mail.test at 127.0.0.1");
	tap_ok(strlen(peer.fingerprint) == 95 &&
		strcmp(peer.protocol, "TLSv1.3") == 0 &&
		strstr(peer.names, "mail.test") != NULL &&
		strcmp(peer.issuer, "Outpost Test CA") == 0 &&
		strcmp(peer.subject, "mail.test") == 0 &&
		peer.cipher[0] != '\0' && peer.not_before[0] != '\0' &&
		peer.not_after[0] != '\0',
	    "tls_peer filled (%s; %s; %s; %s)", peer.fingerprint, peer.names,
	    peer.protocol, peer.not_after);
	tap_ok(s != NULL && smtp_caps(s)->auth_plain &&
		smtp_caps(s)->size == 60000000 && !smtp_caps(s)->starttls,
	    "caps after TLS: AUTH PLAIN, SIZE 60000000");
	smtp_close(s);
}

static void
test_auth_fail(void)
{
	struct smtp_session *s;
	struct tls_peer	     peer;
	struct op_err	     err;

	if (opts_open(host_ip, NULL, submission, TLS_STARTTLS, NULL, ctx, &s,
		&peer, &err) != 0) {
		tap_ok(0, "open for the wrong password: %s", err.msg);
		return;
	}
	tap_ok(smtp_auth(s, "alice", "wrong-pw", &err) == -1 &&
		err.code == OP_EAUTH && !err.transient,
	    "wrong password: OP_EAUTH (%s)", err.msg);
	TAP_CONTAINS(err.msg,
	    "authentication failed for alice at 127.0.0.1: 535 5.7.8",
	    "wrong password: user, host and server text");
	TAP_CONTAINS(err.reply, "535", "wrong password: reply kept");
	TAP_CONTAINS(trc.p, "C: AUTH PLAIN <redacted>",
	    "trace: AUTH PLAIN <redacted>");
	smtp_close(s);
}

/* A refused certificate: words, fingerprint, nothing but EHLO/STARTTLS. */
static void
bad_cert(const char *host, const char *conn, int port, enum tls_mode m,
    const char *words, const char *what)
{
	struct smtp_session *s = NULL;
	struct tls_peer	     peer;
	struct op_err	     err;
	char		    *sent, fp[128];

	tap_ok(opts_open(host, conn, port, m, NULL, ctx, &s, &peer, &err) ==
		    -1 &&
		err.code == OP_ETLS && s == NULL,
	    "%s port %d: refused with OP_ETLS", what, port);
	TAP_CONTAINS(err.msg, words, "%s port %d: says why", what, port);
	snprintf(fp, sizeof fp, "(SHA-256 %s)", peer.fingerprint);
	tap_ok(strlen(peer.fingerprint) == 95 && strstr(err.msg, fp) != NULL,
	    "%s port %d: names the fingerprint: %s", what, port, err.msg);
	sent = sent_lines();
	tap_ok(strcmp(sent,
		   m == TLS_IMPLICIT ?
		       "" :
		       "EHLO [127.0.0.1]\r\nSTARTTLS\r\n") == 0,
	    "%s port %d: nothing sent but EHLO/STARTTLS", what, port);
	free(sent);
}

static void
test_bad_certs(void)
{
	char		    *logtxt, *sent;
	size_t		     off = postfix_settled();
	int		     i, port, n = 0;
	enum tls_mode	     m;
	struct smtp_session *s;
	struct tls_peer	     peer;
	struct op_err	     err;

	for (i = 0; i < 2; i++, n += 3) {
		port = i == 0 ? smtps : submission;
		m = i == 0 ? TLS_IMPLICIT : TLS_STARTTLS;
		bad_cert(env("OUTPOST_TEST_SELFSIGNED_HOST"), NULL, port, m,
		    "not signed by a trusted authority (self-signed)",
		    "self-signed");
		bad_cert("mail.test", env("OUTPOST_TEST_WRONGNAME_HOST"), port,
		    m,
		    "certificate is for DNS:wrong.test, not for the host name mail.test",
		    "wrong name");
		bad_cert("mail.test", env("OUTPOST_TEST_EXPIRED_HOST"), port,
		    m, "certificate expired on 2020-02-01", "expired");
	}
	bad_cert(env("OUTPOST_TEST_WRONGNAME_HOST"), NULL, smtps, TLS_IMPLICIT,
	    "certificate is for DNS:wrong.test, not for the IP address 127.0.0.3: it names no IP address",
	    "wrong IP");
	n++;

	tap_ok(opts_open(host_ip, NULL, plainport, TLS_STARTTLS, NULL, ctx, &s,
		   &peer, &err) == -1 &&
		err.code == OP_ETLS,
	    "no STARTTLS offered: refused (%s)", err.msg);
	TAP_CONTAINS(err.msg,
	    "does not offer STARTTLS; outpost never sends in the clear",
	    "no STARTTLS: says so");
	sent = sent_lines();
	tap_ok(strcmp(sent, "EHLO [127.0.0.1]\r\n") == 0,
	    "no STARTTLS: nothing but EHLO sent (%s)", sent);
	free(sent);
	n++;

	logtxt = postfix_since(off, n);
	tap_ok(count(logtxt, "disconnect from") >= n,
	    "Postfix logged all %d refused connections", n);
	tap_ok(strstr(logtxt, "sasl_method") == NULL &&
		strstr(logtxt, " auth=") == NULL,
	    "Postfix saw no AUTH on any refused connection");
	TAP_CONTAINS(logtxt, "ehlo=1 commands=1",
	    "Postfix: the cleartext port got EHLO only");
	free(logtxt);
}

static void
test_trust_and_pins(void)
{
	struct smtp_session *s = NULL;
	struct tls_ctx	    *sys;
	struct tls_peer	     peer;
	struct op_err	     err;
	char		     pin[128], zero[65];

	if (tls_ctx_new(NULL, &sys, &err) == -1) {
		tap_ok(0, "system trust store: %s", err.msg);
		return;
	}
	tap_ok(opts_open("mail.test", host_ip, smtps, TLS_IMPLICIT, NULL, sys,
		   &s, &peer, &err) == -1 &&
		err.code == OP_ETLS,
	    "unknown issuer (system store): refused");
	TAP_CONTAINS(err.msg,
	    "not signed by a trusted authority (issued by \"Outpost Test CA\")",
	    "unknown issuer: says so");
	unpin(peer.fingerprint, pin);
	tap_ok(opts_open("mail.test", host_ip, smtps, TLS_IMPLICIT, pin, sys,
		   &s, &peer, &err) == 0,
	    "pin match accepted although the chain does not verify: %s",
	    err.msg);
	TAP_CONTAINS(trc.p, "accepted by its pinned fingerprint",
	    "trace says the pin decided");
	smtp_close(s);
	memset(zero, '0', 64);
	zero[64] = '\0';
	tap_ok(opts_open("mail.test", host_ip, smtps, TLS_IMPLICIT, zero, ctx,
		   &s, &peer, &err) == -1 &&
		err.code == OP_ETLS,
	    "pin mismatch refused although the chain verifies");
	TAP_CONTAINS(err.msg, "does not match the pinned fingerprint",
	    "pin mismatch: says so");
	opts_open(env("OUTPOST_TEST_SELFSIGNED_HOST"), NULL, submission,
	    TLS_STARTTLS, NULL, ctx, &s, &peer, &err);
	unpin(peer.fingerprint, pin);
	tap_ok(opts_open(env("OUTPOST_TEST_SELFSIGNED_HOST"), NULL, submission,
		   TLS_STARTTLS, pin, ctx, &s, &peer, &err) == 0,
	    "self-signed server accepted by its pin (STARTTLS): %s", err.msg);
	smtp_close(s);
	tls_ctx_free(sys);
}

static void
test_misc_refusals(void)
{
	struct smtp_session *s = NULL;
	struct tls_peer	     peer;
	struct op_err	     err;

	tap_ok(opts_open(host_ip, NULL, plainport, TLS_IMPLICIT, NULL, ctx, &s,
		   &peer, &err) == -1 &&
		err.code == OP_ETLS,
	    "implicit TLS on a cleartext port: refused");
	TAP_CONTAINS(err.msg, "does not speak SSL/TLS on this port",
	    "cleartext port: says so");
	tap_ok(opts_open(host_ip, NULL, plainport, TLS_NONE, NULL, ctx, &s,
		   &peer, &err) == -1 &&
		err.code == OP_EINVAL,
	    "TLS_NONE is refused outright");
}

static void
test_size(void)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg, *rc[] = { "bob@mail.test" }, *sent;
	char		     want[64];
	size_t		     len;

	if ((s = login(host_ip, smallport, TLS_IMPLICIT)) == NULL)
		return;
	tap_ok(smtp_caps(s)->size == 100000, "SIZE 100000 seen");
	msg = make_msg("size", rc[0], 150000, &len);
	trace_reset();
	tap_ok(smtp_send(s, "alice@mail.test", rc, 1, msg, len, &res, &err) ==
		    -1 &&
		err.code == OP_ESIZE,
	    "too big: OP_ESIZE (%s)", err.msg);
	snprintf(want, sizeof want, "the message is %zu bytes",
	    len + count(msg, "\n"));
	TAP_CONTAINS(err.msg, want, "too big: names the message size");
	TAP_CONTAINS(err.msg, "accepts at most 100000 bytes",
	    "too big: names the limit");
	sent = sent_lines();
	tap_ok(strstr(sent, "MAIL") == NULL, "too big: no MAIL sent");
	free(sent);
	smtp_result_free(&res);
	free(msg);
	smtp_close(s);
}

/*
 * One flight only while MAIL and the RCPTs fit the window of commands in
 * flight (100): 98 recipients go with the message, 99 wait for replies.
 */
static void
test_flight_window(void)
{
	struct smtp_session  *s;
	struct smtp_send_opts o;
	struct smtp_result    res;
	struct op_err	      err;
	char		     *rc[99], *msg;
	size_t		      len, i, n;

	if ((s = login(host_ip, smtps, TLS_IMPLICIT)) == NULL)
		return;
	for (i = 0; i < 99; i++)
		xasprintf(&rc[i], "w%02zu@mail.test", i + 1);
	for (n = 98; n <= 99; n++) {
		msg = make_msg(n == 98 ? "window98" : "window99",
		    "undisclosed-recipients:;", 0, &len);
		path_opts(&o, NULL);
		op_err_clear(&err);
		tap_ok(smtp_send_ex(s, "alice@mail.test", rc, n, msg, len, &o,
			   &res, &err) == 0 &&
			res.accepted == n,
		    "%zu recipients accepted (%s)", n, err.msg);
		tap_ok(txn_calls == 1 && hook_calls == 1 &&
			txn_flight == (n == 98),
		    "%zu recipients: before_txn once, one flight %d", n,
		    txn_flight);
		smtp_result_free(&res);
		free(msg);
	}
	for (i = 0; i < 99; i++)
		free(rc[i]);
	smtp_close(s);
}

static void
test_recipients(void)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *rc[50], *msg,
	    *mix[] = { "bob@mail.test", "reject@mail.test",
		    "carol@mail.test" };
	size_t len, i;
	int    all = 1;

	if ((s = login(host_ip, smtps, TLS_IMPLICIT)) == NULL)
		return;
	for (i = 0; i < 50; i++)
		xasprintf(&rc[i], "r%02zu@mail.test", i + 1);
	msg = make_msg("fifty", "undisclosed-recipients:;", 0, &len);
	op_err_clear(&err);
	tap_ok(smtp_send(s, "alice@mail.test", rc, 50, msg, len, &res, &err) ==
		    0 &&
		res.accepted == 50 && res.nrcpts == 50,
	    "50 recipients accepted (%s)", err.msg);
	for (i = 0; i < res.nrcpts; i++)
		all &= res.rcpts[i].code == 250;
	tap_ok(all, "50 recipients: each recorded 250");
	smtp_result_free(&res);
	free(msg);
	check_delivered("r50@mail.test", "fifty",
	    msg = make_msg("fifty", "undisclosed-recipients:;", 0, &len), len,
	    "50 recipients");
	free(msg);
	for (i = 0; i < 50; i++)
		free(rc[i]);

	tap_ok(smtp_reset(s, &err) == 0, "RSET between messages");
	msg = make_msg("mixed", "bob@mail.test", 0, &len);
	op_err_clear(&err);
	tap_ok(smtp_send(s, "alice@mail.test", mix, 3, msg, len, &res, &err) ==
		    0 &&
		res.accepted == 2 && res.code == 250,
	    "reject@ among others: sent to the rest (%s)", err.msg);
	tap_ok(res.rcpts[1].code == 550 && res.rcpts[0].code == 250 &&
		res.rcpts[2].code == 250,
	    "reject@: 550 recorded for it alone");
	TAP_CONTAINS(res.rcpts[1].reply, "550 5.1.1 <reject@mail.test>",
	    "reject@: its reply text kept");
	smtp_result_free(&res);
	check_delivered("bob@mail.test", "mixed", msg, len,
	    "mixed recipients");
	free(msg);

	msg = make_msg("none", "reject@mail.test", 0, &len);
	tap_ok(smtp_send(s, "alice@mail.test", mix + 1, 1, msg, len, &res,
		   &err) == -1 &&
		err.code == OP_EREJECT && res.accepted == 0,
	    "only reject@: OP_EREJECT, nothing sent (%s)", err.msg);
	TAP_CONTAINS(err.msg, "accepted none of the recipients",
	    "only reject@: says so");
	smtp_result_free(&res);
	free(msg);
	msg = make_msg("after", "bob@mail.test", 0, &len);
	op_err_clear(&err);
	tap_ok(smtp_send(s, "alice@mail.test", mix, 1, msg, len, &res, &err) ==
		0,
	    "session still usable afterwards (%s)", err.msg);
	smtp_result_free(&res);
	free(msg);
	smtp_close(s);
}

/* ---- the faulty server */

static struct smtp_session *
faulty_login(int port, enum tls_mode m)
{
	return (login(host_ip, port, m));
}

static int
faulty_send(struct smtp_session *s, const char *rcpt, struct smtp_result *res,
    struct op_err *err, size_t pad)
{
	char  *msg, *rc[] = { (char *)rcpt };
	size_t len;
	int    r;

	msg = make_msg("faulty", rcpt, pad, &len);
	op_err_clear(err);
	r = smtp_send(s, "alice@mail.test", rc, 1, msg, len, res, err);
	free(msg);
	return (r);
}

static void
fault(int port, enum tls_mode m, const char *rcpt, enum op_code want,
    int transient, size_t pad)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	double		     t0, t;
	int		     r;

	if ((s = faulty_login(port, m)) == NULL)
		return;
	t0 = now();
	r = faulty_send(s, rcpt, &res, &err, pad);
	t = now() - t0;
	tap_ok(r == -1 && err.code == want && err.transient == transient,
	    "%s (%s): %s, transient %d in %.1f s: %s", rcpt,
	    m == TLS_IMPLICIT ? "implicit" : "starttls",
	    op_code_name(err.code), err.transient, t, err.msg);
	smtp_result_free(&res);
	smtp_close(s);
}

static void
test_faulty(void)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct tls_peer	     peer;
	struct op_err	     err;
	char		    *rc[] = { "temp452@x.test", "ok@x.test" }, *msg;
	int		     fs, fst, g421;
	size_t		     len;

	fs = atoi(env("OUTPOST_TEST_FAULTY_SMTPS_PORT"));
	fst = atoi(env("OUTPOST_TEST_FAULTY_STARTTLS_PORT"));
	g421 = atoi(env("OUTPOST_TEST_FAULTY_GREET421_PORT"));

	fault(fs, TLS_IMPLICIT, "temp452@x.test", OP_ETEMP, 1, 0);
	fault(fst, TLS_STARTTLS, "perm550@x.test", OP_EREJECT, 0, 0);
	fault(fs, TLS_IMPLICIT, "data421@x.test", OP_ETEMP, 1, 0);
	fault(fs, TLS_IMPLICIT, "data451@x.test", OP_ETEMP, 1, 0);
	fault(fst, TLS_STARTTLS, "data554@x.test", OP_EREJECT, 0, 0);
	fault(fs, TLS_IMPLICIT, "dropafter@x.test", OP_EUNCERTAIN, 0, 0);
	/* Big enough not to fit in the socket buffers: the write fails. */
	fault(fs, TLS_IMPLICIT, "dropbefore@x.test", OP_ENET, 1, 32000000);
	reply_timeout = 2;
	fault(fs, TLS_IMPLICIT, "slow4@x.test", OP_EUNCERTAIN, 0, 0);
	reply_timeout = 10;

	if ((s = faulty_login(fs, TLS_IMPLICIT)) != NULL) {
		msg = make_msg("faulty", rc[1], 0, &len);
		tap_ok(smtp_send(s, "alice@mail.test", rc, 2, msg, len, &res,
			   &err) == 0 &&
			res.accepted == 1 && res.rcpts[0].code == 452,
		    "452 for one recipient: recorded, sent to the other");
		smtp_result_free(&res);
		free(msg);
		tap_ok(faulty_send(s, "closeafter@x.test", &res, &err, 0) == 0,
		    "closeafter: accepted");
		smtp_result_free(&res);
		tap_ok(faulty_send(s, "ok@x.test", &res, &err, 0) == -1 &&
			err.code == OP_ENET && err.transient,
		    "closed by the server: next send OP_ENET (%s)", err.msg);
		smtp_result_free(&res);
		tap_ok(faulty_send(s, "ok@x.test", &res, &err, 0) == -1 &&
			err.code == OP_ENET,
		    "then: not connected");
		smtp_result_free(&res);
		smtp_close(s);
	}

	tap_ok(opts_open(host_ip, NULL, g421, TLS_STARTTLS, NULL, ctx, &s,
		   &peer, &err) == -1 &&
		err.code == OP_ETEMP && err.transient,
	    "greeting 421: OP_ETEMP (%s)", err.msg);
	TAP_CONTAINS(err.reply, "421 4.3.2", "greeting 421: reply kept");

	reply_timeout = 2;
	if ((s = faulty_login(fst, TLS_STARTTLS)) != NULL) {
		tap_ok(faulty_send(s, "slow1@x.test", &res, &err, 0) == 0,
		    "slow reply within the time-out: sent");
		smtp_result_free(&res);
		smtp_close(s);
	}
	reply_timeout = 10;
}

/* ---- the transaction engine's paths */

/* One message to rcpt by path pp; *rtp: the round trips it took. */
static int
path_send(struct smtp_session *s, const struct path *pp, const char *rcpt,
    const char *msg, size_t len, int eightbit, unsigned *rtp,
    struct smtp_result *res, struct op_err *err)
{
	struct smtp_send_opts o;
	char		     *rc[] = { (char *)rcpt };
	unsigned	      rt = smtp_round_trips(s);
	int		      r;

	path_opts(&o, pp);
	o.eightbit = eightbit;
	op_err_clear(err);
	r = smtp_send_ex(s, "alice@mail.test", rc, 1, msg, len, &o, res, err);
	if (rtp != NULL)
		*rtp = smtp_round_trips(s) - rt;
	return (r);
}

/* A header block for tag, then body. */
static char *
make_body(const char *tag, const char *ctype, const char *body, size_t *lenp)
{
	char *msg;

	*lenp = (size_t)xasprintf(&msg,
	    "From: Alice <alice@mail.test>\n"
	    "To: bob@mail.test\nSubject: outpost engine test %s\n"
	    "Date: Thu, 26 Nov 2026 10:00:00 +0000\n"
	    "Message-ID: <%s@outpost.test>\nMIME-Version: 1.0\n%s\n%s",
	    tag, tag, ctype, body);
	return (msg);
}

/* As stored: LF line ends (bare CR too ends a line), one at the end. */
static char *
as_delivered(const char *msg, size_t len, size_t *lenp)
{
	char  *out = xmalloc(len + 2);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n')
			continue;
		out[n++] = msg[i] == '\r' ? '\n' : msg[i];
	}
	if (n == 0 || out[n - 1] != '\n')
		out[n++] = '\n';
	out[n] = '\0';
	*lenp = n;
	return (out);
}

/* Each path, twice on one session: delivered, round trips, the hook. */
static void
engine_paths(struct smtp_session *s, unsigned *rts)
{
	static const unsigned want[NPATHS] = { 1, 2, 3, 4 };
	struct smtp_result    res;
	struct op_err	      err;
	char		      tag[64], what[128], *msg, *sent;
	size_t		      len, i;
	unsigned	      rt;
	int		      k, r;

	for (i = 0; i < NPATHS; i++) {
		trace_reset();
		for (k = 1; k <= 2; k++) {
			snprintf(tag, sizeof tag, "path%zu-%d", i, k);
			snprintf(what, sizeof what, "%s, message %d",
			    paths[i].name, k);
			msg = make_msg(tag, "bob@mail.test", 0, &len);
			r = path_send(s, &paths[i], "bob@mail.test", msg, len,
			    0, &rt, &res, &err);
			tap_ok(r == 0 && res.code == 250 && hook_calls == 1,
			    "%s: sent, before_payload called %d time(s) (%s)",
			    what, hook_calls, r == 0 ? res.reply : err.msg);
			tap_ok(rt == want[i], "%s: %u round trip(s) (want %u)",
			    what, rt, want[i]);
			tap_ok(txn_calls == 1 && txn_flight == (i == 0),
			    "%s: before_txn called %d time(s), one flight %d",
			    what, txn_calls, txn_flight);
			rts[i] = rt;
			smtp_result_free(&res);
			check_delivered("bob@mail.test", tag, msg, len, what);
			free(msg);
		}
		sent = sent_lines();
		tap_ok(paths[i].no_chunking ?
			strstr(sent, "\nDATA\r\n") != NULL &&
			    strstr(sent, "BDAT") == NULL :
			strstr(sent, "BDAT ") != NULL &&
			    strstr(sent, "\nDATA\r\n") == NULL,
		    "%s: the trace shows %s", paths[i].name,
		    paths[i].no_chunking ? "DATA" : "BDAT");
		free(sent);
	}
}

/* Leading dots, no final newline, CRLF and bare CR: every path alike. */
static void
engine_odd_bytes(struct smtp_session *s)
{
	static const char *const bodies[] = {
		".\n..\n.x\n...three\nend . dot\n.",
		"crlf line\r\n.dotted crlf\r\nbare CR\rnext\r\n\r\nlast",
		"ends with CRLF\r\n",
		"",
	};
	struct smtp_result res;
	struct op_err	   err;
	char		   tag[64], what[128], *msg, *want;
	size_t		   len, wlen, i, b;
	int		   r;

	for (b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (i = 0; i < NPATHS; i++) {
			snprintf(tag, sizeof tag, "odd%zu-%zu", b, i);
			snprintf(what, sizeof what, "%s, odd body %zu",
			    paths[i].name, b);
			msg = make_body(tag, "Content-Type: text/plain\n",
			    bodies[b], &len);
			r = path_send(s, &paths[i], "bob@mail.test", msg, len,
			    0, NULL, &res, &err);
			tap_ok(r == 0 && res.code == 250, "%s: sent (%s)",
			    what, r == 0 ? res.reply : err.msg);
			smtp_result_free(&res);
			want = as_delivered(msg, len, &wlen);
			check_delivered("bob@mail.test", tag, want, wlen,
			    what);
			free(want);
			free(msg);
		}
}

static void
engine_8bit(struct smtp_session *s)
{
	struct smtp_result res;
	struct op_err	   err;
	char		   tag[64], what[128], *msg, *sent;
	size_t		   len, i;
	int		   r;

	for (i = 0; i < NPATHS; i += 1) {
		snprintf(tag, sizeof tag, "eightbit%zu", i);
		snprintf(what, sizeof what, "%s, 8-bit body", paths[i].name);
		msg = make_body(tag,
		    "Content-Type: text/plain; charset=utf-8\n"
		    "Content-Transfer-Encoding: 8bit\n",
		    "Gr\xc3\xbc\xc3\x9f"
		    "e aus K\xc3\xb6ln, \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"
		    "\xff\xfe raw high bytes\n",
		    &len);
		trace_reset();
		r = path_send(s, &paths[i], "bob@mail.test", msg, len, 1, NULL,
		    &res, &err);
		tap_ok(r == 0 && res.code == 250, "%s: sent (%s)", what,
		    r == 0 ? res.reply : err.msg);
		smtp_result_free(&res);
		sent = sent_lines();
		TAP_CONTAINS(sent, "BODY=8BITMIME\r\n",
		    "%s: MAIL carried BODY=8BITMIME", what);
		TAP_CONTAINS(trc.p, "S: 250 2.1.0 Ok",
		    "%s: Postfix accepted it", what);
		free(sent);
		check_delivered("bob@mail.test", tag, msg, len, what);
		free(msg);
	}
	msg = make_body("utf8", "", "hi\n", &len);
	trace_reset();
	{
		struct smtp_send_opts o;
		char		     *rc[] = { "bob@mail.test" };

		path_opts(&o, NULL);
		o.smtputf8 = 1;
		tap_ok(smtp_send_ex(s, "alice@mail.test", rc, 1, msg, len, &o,
			   &res, &err) == -1 &&
			err.code == OP_EMESSAGE && hook_calls == 0,
		    "SMTPUTF8 asked, not offered: OP_EMESSAGE (%s)", err.msg);
		smtp_result_free(&res);
	}
	sent = sent_lines();
	tap_ok(*sent == '\0', "SMTPUTF8 not offered: nothing sent");
	free(sent);
	free(msg);
}

/* A big message through the given path, on a session of its own. */
static void
engine_big(const struct path *pp)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg, tag[32], what[64];
	size_t		     len;
	unsigned	     rt;
	double		     t0;
	int		     r;

	if ((s = login(host_ip, smtps, TLS_IMPLICIT)) == NULL)
		return;
	snprintf(tag, sizeof tag, "big%d", pp->no_chunking);
	snprintf(what, sizeof what, "20 MB by %s", pp->name);
	msg = make_msg(tag, "bob@mail.test", 20 * 1024 * 1024, &len);
	t0 = now();
	r = path_send(s, pp, "bob@mail.test", msg, len, 0, &rt, &res, &err);
	tap_ok(r == 0 && res.code == 250 && hook_calls == 1,
	    "%s: sent in %.2f s, %u round trips (%s)", what, now() - t0, rt,
	    r == 0 ? res.reply : err.msg);
	smtp_result_free(&res);
	smtp_close(s);
	check_delivered("bob@mail.test", tag, msg, len, what);
	free(msg);
}

static void
test_engine(void)
{
	struct smtp_session *s;
	unsigned	     rts[NPATHS];
	size_t		     i;

	if ((s = login(host_ip, submission, TLS_STARTTLS)) != NULL) {
		tap_ok(smtp_round_trips(s) == 5,
		    "STARTTLS session: %u round trips to log in (greeting, EHLO, STARTTLS, EHLO, AUTH)",
		    smtp_round_trips(s));
		smtp_close(s);
	}
	if ((s = login(host_ip, smtps, TLS_IMPLICIT)) == NULL)
		return;
	tap_ok(smtp_round_trips(s) == 3,
	    "implicit TLS session: %u round trips to log in (greeting, EHLO, AUTH)",
	    smtp_round_trips(s));
	tap_ok(smtp_caps(s)->pipelining && smtp_caps(s)->chunking &&
		smtp_caps(s)->eightbitmime && !smtp_caps(s)->smtputf8,
	    "Postfix offers PIPELINING, CHUNKING, 8BITMIME (not SMTPUTF8)");
	engine_paths(s, rts);
	for (i = 0; i < NPATHS; i++)
		printf("# round trips per message, %s: %u\n", paths[i].name,
		    rts[i]);
	engine_odd_bytes(s);
	engine_8bit(s);
	smtp_close(s);
	engine_big(&paths[0]);
	engine_big(&paths[1]);
}

/* ---- the faulty server, each path */

static void
fault_path(int port, const struct path *pp, const char *rcpt,
    enum op_code want, int want_hook, size_t pad)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg;
	size_t		     len;
	double		     t0;
	int		     r;

	if ((s = faulty_login(port, TLS_IMPLICIT)) == NULL)
		return;
	msg = make_msg("faulty", rcpt, pad, &len);
	t0 = now();
	r = path_send(s, pp, rcpt, msg, len, 0, NULL, &res, &err);
	tap_ok(r == -1 && err.code == want &&
		err.transient == (want == OP_ETEMP || want == OP_ENET) &&
		hook_calls == want_hook,
	    "%s by %s: %s, before_payload %d, in %.1f s: %s", rcpt, pp->name,
	    op_code_name(err.code), hook_calls, now() - t0, err.msg);
	smtp_result_free(&res);
	free(msg);
	smtp_close(s);
}

/* closeafter@, then the next message: OP_ENET, nothing of it sent. */
static void
fault_closeafter(int port, const struct path *pp, int wait)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg, *sent;
	size_t		     len;
	int		     r;

	if ((s = faulty_login(port, TLS_IMPLICIT)) == NULL)
		return;
	msg = make_msg("faulty", "closeafter@x.test", 0, &len);
	tap_ok(path_send(s, pp, "closeafter@x.test", msg, len, 0, NULL, &res,
		   &err) == 0,
	    "closeafter by %s: accepted", pp->name);
	smtp_result_free(&res);
	if (wait)
		usleep(300000);
	trace_reset();
	r = path_send(s, pp, "ok@x.test", msg, len, 0, NULL, &res, &err);
	tap_ok(r == -1 && err.code == OP_ENET && err.transient,
	    "closed by the server, next message %s by %s: OP_ENET (%s)",
	    wait ? "later" : "at once", pp->name, err.msg);
	smtp_result_free(&res);
	if (wait) {
		sent = sent_lines();
		tap_ok(*sent == '\0' && hook_calls == 0,
		    "closed by the server, by %s: nothing of the next message sent",
		    pp->name);
		free(sent);
	}
	tap_ok(path_send(s, pp, "ok@x.test", msg, len, 0, NULL, &res, &err) ==
		    -1 &&
		err.code == OP_ENET,
	    "then: not connected");
	smtp_result_free(&res);
	free(msg);
	smtp_close(s);
}

/* A refusal leaves the session usable; multi-line replies parse. */
static void
fault_reuse(int port, const struct path *pp)
{
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg, *sent;
	size_t		     len;
	int		     r;

	if ((s = faulty_login(port, TLS_IMPLICIT)) == NULL)
		return;
	msg = make_msg("faulty", "ok@x.test", 0, &len);
	tap_ok(path_send(s, pp, "perm550@x.test", msg, len, 0, NULL, &res,
		   &err) == -1 &&
		err.code == OP_EREJECT,
	    "perm550 by %s: refused", pp->name);
	smtp_result_free(&res);
	trace_reset();
	r = path_send(s, pp, "multiline@x.test", msg, len, 0, NULL, &res,
	    &err);
	tap_ok(r == 0 && res.code == 250 && res.rcpts[0].reply != NULL &&
		strcmp(res.rcpts[0].reply,
		    "250 2.1.5 first line second line third line (fault multiline)") ==
		    0,
	    "then by %s: sent; the three-line reply read as one (%s)",
	    pp->name, r == 0 ? res.rcpts[0].reply : err.msg);
	smtp_result_free(&res);
	sent = sent_lines();
	tap_ok(strncmp(sent, "RSET\r\n", 6) == 0,
	    "then by %s: RSET first, the refused transaction was left open",
	    pp->name);
	free(sent);
	free(msg);
	smtp_close(s);
}

static void
test_faulty_paths(void)
{
	const struct path   *pp;
	struct smtp_session *s;
	struct smtp_result   res;
	struct op_err	     err;
	char		    *msg, *sent;
	size_t		     i, len;
	int		     port, sevenbit, one;

	port = atoi(env("OUTPOST_TEST_FAULTY_CHUNKING_PORT"));
	sevenbit = atoi(env("OUTPOST_TEST_FAULTY_SEVENBIT_PORT"));
	if ((s = faulty_login(port, TLS_IMPLICIT)) != NULL) {
		tap_ok(smtp_caps(s)->pipelining && smtp_caps(s)->chunking,
		    "faulty chunking listener: PIPELINING and CHUNKING");
		smtp_close(s);
	}
	for (i = 0; i < NPATHS; i++) {
		pp = &paths[i];
		one = !pp->no_chunking && !pp->no_pipelining;
		/* One flight: the message went before RCPT's refusal. */
		fault_path(port, pp, "temp452@x.test", OP_ETEMP, one, 0);
		fault_path(port, pp, "perm550@x.test", OP_EREJECT, one, 0);
		fault_path(port, pp, "data421@x.test", OP_ETEMP, 1, 0);
		fault_path(port, pp, "data451@x.test", OP_ETEMP, 1, 0);
		fault_path(port, pp, "data554@x.test", OP_EREJECT, 1, 0);
		fault_path(port, pp, "dropafter@x.test", OP_EUNCERTAIN, 1, 0);
		fault_path(port, pp, "dropbefore@x.test", OP_ENET, 1,
		    32000000);
		fault_path(port, pp, "badreply@x.test",
		    one ? OP_EUNCERTAIN : OP_EPROTO, one, 0);
		fault_path(port, pp, "badfinal@x.test", OP_EUNCERTAIN, 1, 0);
		reply_timeout = 2;
		fault_path(port, pp, "slow4@x.test", OP_EUNCERTAIN, 1, 0);
		reply_timeout = 10;
		fault_closeafter(port, pp, 0);
		fault_closeafter(port, pp, 1);
		fault_reuse(port, pp);
	}

	if ((s = faulty_login(sevenbit, TLS_IMPLICIT)) == NULL)
		return;
	tap_ok(!smtp_caps(s)->eightbitmime, "sevenbit listener: no 8BITMIME");
	msg = make_msg("faulty", "ok@x.test", 0, &len);
	trace_reset();
	tap_ok(path_send(s, NULL, "ok@x.test", msg, len, 1, NULL, &res,
		   &err) == -1 &&
		err.code == OP_EMESSAGE && hook_calls == 0,
	    "8-bit to a server without 8BITMIME: OP_EMESSAGE (%s)", err.msg);
	TAP_CONTAINS(err.msg, "the server does not accept 8-bit mail; ",
	    "8-bit refused: says so");
	smtp_result_free(&res);
	sent = sent_lines();
	tap_ok(*sent == '\0', "8-bit refused: nothing sent");
	free(sent);
	tap_ok(path_send(s, NULL, "ok@x.test", msg, len, 0, NULL, &res,
		   &err) == 0,
	    "7-bit to it: sent (%s)", err.msg);
	smtp_result_free(&res);
	free(msg);
	smtp_close(s);
}

/* A listener that accepts (in the kernel) and never speaks. */
static void
test_timeouts(void)
{
	struct sockaddr_in   sin;
	struct smtp_session *s;
	struct smtp_opts     o;
	struct tls_peer	     peer;
	struct op_err	     err;
	socklen_t	     sl = sizeof sin;
	int		     lfd, port, r;
	double		     t;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd == -1 ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(lfd, 8) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &sl) == -1) {
		tap_ok(0, "silent listener: %s", strerror(errno));
		return;
	}
	port = ntohs(sin.sin_port);
	memset(&o, 0, sizeof o);
	o.host = "127.0.0.1";
	o.port = port;
	o.tls = TLS_IMPLICIT;
	o.timeout_connect = 1;
	o.timeout_reply = 1;
	t = now();
	r = smtp_open(&o, ctx, &s, &peer, &err);
	t = now() - t;
	tap_ok(r == -1 && err.code == OP_ENET && err.transient && t > 0.9 &&
		t < 2.5,
	    "silent server, TLS handshake: OP_ENET in %.1f s (%s)", t,
	    err.msg);
	o.tls = TLS_STARTTLS;
	t = now();
	r = smtp_open(&o, ctx, &s, &peer, &err);
	t = now() - t;
	tap_ok(r == -1 && err.code == OP_ENET && err.transient && t > 0.9 &&
		t < 2.5,
	    "silent server, greeting: OP_ENET in %.1f s (%s)", t, err.msg);
	close(lfd);
	tap_ok(smtp_open(&o, ctx, &s, &peer, &err) == -1 &&
		err.code == OP_ENET && err.transient,
	    "closed port: OP_ENET (%s)", err.msg);
	TAP_CONTAINS(err.msg, "connection refused", "closed port: says so");
}

/*
 * AUTH is written by outpost itself (smtp-auth.c): without any of Cyrus
 * SASL's plugins (SASL_PATH pointing nowhere) PLAIN still logs in, in
 * one line traced "AUTH PLAIN <redacted>".  In a child, so that nothing
 * this process did before can have loaded them.
 */
static void
test_no_sasl(void)
{
	struct smtp_session *s;
	struct tls_peer	     peer;
	struct op_err	     err;
	char		    *sent;
	pid_t		     pid;
	int		     st, r = 1;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		setenv("SASL_PATH", "/nonexistent", 1);
		if (opts_open(host_ip, NULL, smtps, TLS_IMPLICIT, NULL, ctx,
			&s, &peer, &err) == 0) {
			r = smtp_auth(s, "alice", PASSWORD, &err);
			sent = sent_lines();
			printf("# without SASL modules: %s\n",
			    r == 0 ? "logged in" : err.msg);
			r = !(r == 0 &&
			    strstr(sent, "AUTH PLAIN <redacted>") != NULL);
			free(sent);
			smtp_close(s);
		}
		tls_ctx_free(ctx);
		exit(r);
	}
	tap_ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		WEXITSTATUS(st) == 0,
	    "no SASL modules: AUTH PLAIN still logs in, traced redacted");
}

/*
 * AUTH LOGIN, as for a server without PLAIN (PLAIN taken off the
 * capabilities seen): the command, then user and password after a 334
 * each, every line after the command traced "<redacted>"; a wrong
 * password is OP_EAUTH.
 */
static void
test_auth_login(void)
{
	struct smtp_session *s;
	struct tls_peer	     peer;
	struct op_err	     err;
	const char	    *pw[] = { PASSWORD, "wrong-pw" };
	char		    *sent;
	int		     i, r;

	for (i = 0; i < 2; i++) {
		if (opts_open(host_ip, NULL, smtps, TLS_IMPLICIT, NULL, ctx,
			&s, &peer, &err) != 0) {
			tap_ok(0, "AUTH LOGIN: open: %s", err.msg);
			continue;
		}
		((struct smtp_caps *)smtp_caps(s))->auth_plain = 0;
		r = smtp_auth(s, "alice", pw[i], &err);
		sent = sent_lines();
		if (i == 0) {
			tap_ok(r == 0, "AUTH LOGIN: logged in (%s)",
			    r == 0 ? "235" : err.msg);
			TAP_CONTAINS(sent,
			    "AUTH LOGIN <redacted>\r\n<redacted>\r\n<redacted>\r\n",
			    "AUTH LOGIN: user and password traced redacted");
		} else
			tap_ok(r == -1 && err.code == OP_EAUTH,
			    "AUTH LOGIN, wrong password: OP_EAUTH (%s)",
			    err.msg);
		free(sent);
		smtp_close(s);
	}
}

static void
b64(const char *raw, size_t len, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)raw,
	    (int)len);
}

static void
test_trace_secrets(void)
{
	char enc[256];

	tap_ok(strstr(alltrc.p, PASSWORD) == NULL,
	    "trace never holds the password");
	b64("alice\0alice\0" PASSWORD, 22, enc);
	tap_ok(strstr(alltrc.p, enc) == NULL, "nor AUTH PLAIN (authzid)");
	b64("\0alice\0" PASSWORD, 17, enc);
	tap_ok(strstr(alltrc.p, enc) == NULL, "nor AUTH PLAIN (no authzid)");
	b64(PASSWORD, strlen(PASSWORD), enc);
	tap_ok(strstr(alltrc.p, enc) == NULL, "nor AUTH LOGIN's password");
	TAP_CONTAINS(alltrc.p, "<redacted>", "trace shows <redacted>");
	TAP_CONTAINS(alltrc.p,
	    "C: <message: ", "trace shows the body's size only");
	tap_ok(strstr(alltrc.p, ".leading dot") == NULL,
	    "trace never holds the message body");
}

/* Every session's trace as TAP comments (OUTPOST_TEST_SHOW_TRACE=1). */
static void
show_trace(void)
{
	const char *p = alltrc.p, *nl;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		printf("# %.*s\n", (int)(nl != NULL ? nl - p : (int)strlen(p)),
		    p);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

int
main(void)
{
	struct op_err err;

	signal(SIGPIPE, SIG_IGN);
	host_ip = env("OUTPOST_TEST_HOST");
	dir = env("OUTPOST_TEST_DIR");
	smtps = atoi(env("OUTPOST_TEST_SMTPS_PORT"));
	submission = atoi(env("OUTPOST_TEST_SUBMISSION_PORT"));
	plainport = atoi(env("OUTPOST_TEST_PLAIN_PORT"));
	smallport = atoi(env("OUTPOST_TEST_SMALL_PORT"));
	if (tls_ctx_new(env("OUTPOST_TEST_CA_FILE"), &ctx, &err) == -1) {
		printf("Bail out! %s\n", err.msg);
		return (1);
	}
	test_no_sasl();
	test_auth_login();
	test_send();
	test_auth_fail();
	test_bad_certs();
	test_trust_and_pins();
	test_misc_refusals();
	test_size();
	test_recipients();
	test_flight_window();
	test_faulty();
	test_engine();
	test_faulty_paths();
	test_timeouts();
	send_one(host_ip, smtps, TLS_IMPLICIT, "big", 20 * 1024 * 1024,
	    "20 MB message");
	test_trace_secrets();
	if (getenv("OUTPOST_TEST_SHOW_TRACE") != NULL)
		show_trace();
	tls_ctx_free(ctx);
	free(trc.p);
	free(alltrc.p);
	smtp_global_cleanup();
	return (tap_done());
}
