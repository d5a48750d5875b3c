/*
 * send-password.c -- the password ladder: password.command, else the
 * keyring, else the caller's prompt; after AUTH, keeping a typed password
 * in the keyring (only once it worked) and never retrying a stored one
 * the server rejected.  The questions themselves are the caller's.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "work/keyring.h"
#include "work/secret.h"
#include "work/send.h"

#define PASSWORD_COMMAND_TIMEOUT 30 /* seconds */

static void __attribute__((format(printf, 2, 3)))
say(const struct send_prompt *p, const char *fmt, ...)
{
	char	buf[1024];
	va_list ap;

	if (p == NULL || p->say == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	p->say(p->arg, buf);
}

const char *
send_source_words(enum send_source s)
{
	switch (s) {
	case SEND_SRC_COMMAND:
		return ("password.command");
	case SEND_SRC_KEYRING:
		return ("the keyring");
	case SEND_SRC_PROMPT:
		return ("the prompt");
	case SEND_SRC_NONE:
		break;
	}
	return ("no source");
}

void
send_keyring_key(const struct config *cfg, const struct policy *pol,
    struct keyring_key *key)
{
	struct effective eff;

	policy_effective(cfg, pol, &eff);
	key->host = eff.smtp_host;
	key->port = eff.smtp_port;
	key->user = cfg->username;
	key->protocol = "smtp";
	key->account = config_account_stored(cfg);
}

void
send_cred_free(struct send_cred *c)
{
	secret_free(c->pw);
	memset(c, 0, sizeof *c);
}

static int
ask(const struct config *cfg, const struct policy *pol,
    const struct send_prompt *p, char **pw, struct op_err *err)
{
	struct keyring_key key;
	char		   q[600];

	if (p == NULL || p->ask == NULL)
		return (op_err_set(err, OP_ESECRET, "no terminal"));
	send_keyring_key(cfg, pol, &key);
	snprintf(q, sizeof q,
	    "Password for %s at %s: ", key.user != NULL ? key.user : "you",
	    key.host);
	return (p->ask(p->arg, q, pw, err));
}

int
send_password(const struct config *cfg, const struct policy *pol,
    const struct send_prompt *p, struct send_cred *c, struct op_err *err)
{
	struct keyring_key key;
	struct op_err	   kerr = { 0 }, perr = { 0 };
	enum keyring_state ks;

	memset(c, 0, sizeof *c);
	if (cfg->password_command != NULL) {
		if (secret_from_command(cfg->password_command,
			PASSWORD_COMMAND_TIMEOUT, &c->pw, err) != 0)
			return (-1);
		c->source = SEND_SRC_COMMAND;
		return (0);
	}
	send_keyring_key(cfg, pol, &key);
	if (keyring_usable(&ks, &kerr) == 0) {
		ks = keyring_lookup(&key, &c->pw, &kerr);
		if (ks == KEYRING_STORED) {
			c->source = SEND_SRC_KEYRING;
			return (0);
		}
	}
	if (ask(cfg, pol, p, &c->pw, &perr) == 0) {
		c->source = SEND_SRC_PROMPT;
		c->can_store = ks == KEYRING_NOT_STORED;
		return (0);
	}
	return (op_err_set(err, OP_ESECRET,
	    "no password source: tried: password.command (not set), keyring (%s), prompt (%s); set password.command or run 'outpost password set' in a session with a keyring",
	    kerr.msg, perr.msg));
}

static void
store(const struct config *cfg, const struct policy *pol,
    const struct send_prompt *p, struct send_cred *c)
{
	struct keyring_key key;
	struct op_err	   err = { 0 };

	send_keyring_key(cfg, pol, &key);
	if (keyring_store(&key, c->pw, &err) != 0)
		say(p, "the password was not stored in the keyring: %s",
		    err.msg);
	else
		say(p, "%s",
		    c->replace ?
			"the new password replaced the stored one in the keyring" :
			"stored in the keyring");
}

void
send_auth_result(const struct send_prompt *p, const struct send_cred *c,
    int ok)
{
	if (c->source == SEND_SRC_PROMPT && p != NULL && p->result != NULL)
		p->result(p->arg, ok);
}

void
send_auth_ok(const struct config *cfg, const struct policy *pol,
    const struct send_prompt *p, struct send_cred *c)
{
	send_auth_result(p, c, 1);
	if (c->source != SEND_SRC_PROMPT || !c->can_store)
		return;
	c->can_store = 0;
	if (c->replace)
		store(cfg, pol, p, c);
	else if (p != NULL && p->confirm != NULL &&
	    p->confirm(p->arg, "Store it in the keyring? [y/N] "))
		store(cfg, pol, p, c);
}

void
send_auth_advice(const struct config *cfg, const struct policy *pol, char *buf,
    size_t len)
{
	const char *user = cfg->username != NULL ? cfg->username :
	    cfg->address != NULL		 ? cfg->address :
						   "";
	size_t	    n = strcspn(user, "@");
	char	    login[256];
	size_t	    i;

	if (pol->username_form == USERNAME_ADDRESS) {
		snprintf(buf, len,
		    "the user name is your full e-mail address (%s); check the password",
		    cfg->address != NULL ? cfg->address : user);
		return;
	}
	/* The login rule: the part before any "@", in lower case. */
	if (n >= sizeof login)
		n = sizeof login - 1;
	for (i = 0; i < n; i++)
		login[i] = (char)tolower((unsigned char)user[i]);
	login[n] = '\0';
	snprintf(buf, len,
	    "the user name is your %s (%s), not your e-mail address; check the password",
	    pol->username_label, login);
}

int
send_auth_failed(const struct config *cfg, const struct policy *pol,
    const struct send_prompt *p, struct send_cred *c, struct op_err *err)
{
	struct op_err perr = { 0 };
	char	     *pw = NULL;

	if (err->code == OP_EAUTH)
		send_auth_result(p, c, 0);
	if (err->code != OP_EAUTH || c->source != SEND_SRC_KEYRING)
		return (0);
	op_err_prefix(err,
	    "the stored password was rejected — run 'outpost password set' (or enter a new one)");
	secret_free(c->pw);
	c->pw = NULL;
	c->source = SEND_SRC_NONE;
	if (p == NULL || p->ask == NULL)
		return (0);
	say(p, "%s", err->msg);
	if (ask(cfg, pol, p, &pw, &perr) != 0)
		return (0);
	c->pw = pw;
	c->source = SEND_SRC_PROMPT;
	c->can_store = 1;
	c->replace = 1;
	return (1);
}
