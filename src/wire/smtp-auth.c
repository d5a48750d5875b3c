/*
 * smtp-auth.c -- AUTH PLAIN with its initial response (RFC 4954, 4616),
 * or AUTH LOGIN when PLAIN is not offered, written on the session's
 * stream and answered through smtp-pipe.c's bounded reply reader.  Two
 * mechanisms of one base64 line each need no SASL library: none of its
 * plugins is loaded and this host's own name is never looked up.  What
 * is sent is private to the stream's logger ("AUTH PLAIN <redacted>"),
 * and every buffer that held the password is wiped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "wire/smtp-int.h"
#include "base/xmalloc.h"

/* Write one line, private: the logger traces it redacted. */
static int
auth_write(struct smtp_session *s, const char *line, size_t len)
{
	mailstream *st = s->smtp->stream;
	ssize_t	    n;
	int	    r;

	if (st == NULL)
		return (-1);
	mailstream_set_privacy(st, 0);
	n = mailstream_write(st, line, len);
	r = n >= 0 && (size_t)n == len && mailstream_flush(st) == 0 ? 0 : -1;
	if (s->smtp->stream != NULL)
		mailstream_set_privacy(s->smtp->stream, 1);
	return (r);
}

/*
 * Send prefix, then raw in base64 (if any), then CRLF, and read the
 * reply.  -1: lost (r says why); -2: malformed; 0: r holds the reply.
 */
static int
auth_step(struct smtp_session *s, const char *prefix, const char *raw,
    size_t len, struct smtp_reply *r)
{
	size_t plen = strlen(prefix), blen = 4 * ((len + 2) / 3), n;
	char  *line;
	int    rc;

	n = plen + blen + 2;
	line = xmalloc(n + 1);
	memcpy(line, prefix, plen);
	if (len > 0)
		EVP_EncodeBlock((unsigned char *)line + plen,
		    (const unsigned char *)raw, (int)len);
	memcpy(line + plen + blen, "\r\n", 3);
	rc = auth_write(s, line, n);
	OPENSSL_cleanse(line, n);
	free(line);
	if (rc == -1) {
		memset(r, 0, sizeof *r);
		snprintf(r->text, sizeof r->text, "%s", smtp_why(s));
		return (-1);
	}
	return (pipe_read(s, r));
}

/* PLAIN: "\0user\0password", one line, one round trip. */
static int
auth_plain(struct smtp_session *s, const char *user, const char *pass,
    struct smtp_reply *r)
{
	size_t ulen = strlen(user), plen = strlen(pass), len = ulen + plen + 2;
	char  *raw = xmalloc(len);
	int    rc;

	raw[0] = '\0';
	memcpy(raw + 1, user, ulen);
	raw[1 + ulen] = '\0';
	memcpy(raw + 2 + ulen, pass, plen);
	rc = auth_step(s, "AUTH PLAIN ", raw, len, r);
	OPENSSL_cleanse(raw, len);
	free(raw);
	return (rc);
}

/* LOGIN: the command, then the user and the password, each after a 334. */
static int
auth_login(struct smtp_session *s, const char *user, const char *pass,
    struct smtp_reply *r)
{
	int rc;

	if ((rc = auth_step(s, "AUTH LOGIN", NULL, 0, r)) != 0 ||
	    r->code != 334)
		return (rc);
	if ((rc = auth_step(s, "", user, strlen(user), r)) != 0 ||
	    r->code != 334)
		return (rc);
	return (auth_step(s, "", pass, strlen(pass), r));
}

/* The reply to AUTH as an error, as the account test explains them. */
static int
auth_fail(struct smtp_session *s, const char *mech, const char *user, int rc,
    const struct smtp_reply *r, struct op_err *err)
{
	if (rc == -1) { /* lost, or a reply past its bounds: r says which */
		op_err_set(err, OP_ENET, "%s: %s (during AUTH)", s->host,
		    r->text);
		smtp_drop(s);
		return (-1);
	}
	if (rc == 0 && r->code >= 400 && r->code < 500)
		op_err_set(err, OP_ETEMP,
		    "%s cannot check the password for %s right now: %s",
		    s->host, user, r->text);
	else if (rc == 0 && r->code >= 500 && r->code < 600)
		op_err_set(err, OP_EAUTH,
		    "authentication failed for %s at %s: %s", user, s->host,
		    r->text);
	else {
		op_err_set(err, OP_EPROTO, "AUTH %s with %s broke off: %s",
		    mech, s->host, r->text);
		smtp_drop(s); /* mid-dialogue: unusable */
	}
	op_err_reply(err, r->text);
	return (-1);
}

int
smtp_auth(struct smtp_session *s, const char *user, const char *pass,
    struct op_err *err)
{
	struct smtp_reply r;
	const char	 *mech;
	int		  rc;

	if (s->smtp->stream == NULL)
		return (
		    op_err_set(err, OP_ENET, "not connected to %s", s->host));
	if (!s->caps.auth_plain && !s->caps.auth_login)
		return (op_err_set(err, OP_EPROTO,
		    "%s offers no password login outpost can use (AUTH PLAIN or LOGIN)",
		    s->host));
	if (2 * strlen(user) + strlen(pass) + 2 > SMTP_AUTH_MAX)
		return (op_err_set(err, OP_EINVAL,
		    "user name or password too long"));
	mech = s->caps.auth_plain ? "PLAIN" : "LOGIN";
	s->in_auth = 1;
	rc = s->caps.auth_plain ? auth_plain(s, user, pass, &r) :
				  auth_login(s, user, pass, &r);
	s->in_auth = 0;
	if (rc == 0 && r.code == 235)
		return (0);
	return (auth_fail(s, mech, user, rc, &r, err));
}
