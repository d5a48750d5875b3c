/*
 * settings-model.c -- the Settings screen's fields and their checks, no
 * curses: values as edited, the policy's locked values, the port choice
 * and the TLS mode that follows it, validation through config_parse and
 * policy_check (the same as "outpost check-config"), and the changes to
 * save.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings/settings-model.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

struct sfield_def {
	const char	*key;
	const char	*label;
	const char	*short_label;
	enum sfield_kind kind;
};

/* Display order; every key of config_keys() appears once. */
static const struct sfield_def defs[] = {
	{ "name", "Your name", "Name", SF_TEXT },
	{ "address", "Address", "Address", SF_TEXT },
	{ "username", "User name", "User", SF_TEXT },
	{ "policy", "Policy", "Policy", SF_INFO },
	{ "smtp.host", "Server", "Server", SF_LOCKED },
	{ "smtp.port", "Port", "Port", SF_PORT },
	{ "smtp.tls", "Security", "TLS", SF_LOCKED },
	{ "smtp.auth", "Login", "Login", SF_LOCKED },
	{ "password.command", "Password cmd", "Pw cmd", SF_TEXT },
	{ "imap.sent_copy", "Sent copy", "Sent cp", SF_BOOL },
	{ "imap.sent_folder", "Sent folder", "Folder", SF_TEXT },
	{ "imap.sent_bcc", "Bcc in copy", "Bcc cp", SF_BOOL },
	{ "imap.host", "IMAP server", "IMAP", SF_LOCKED },
	{ "imap.port", "IMAP port", "IMAP pt", SF_LOCKED },
	{ "keymap", "Keymap", "Keymap", SF_KEYMAP },
	{ "editor", "Editor", "Editor", SF_TEXT },
	{ "tls.ca_file", "CA file", "CA file", SF_TEXT },
	{ "tls.fingerprint", "Fingerprint", "SMTP fp", SF_TEXT },
	{ "imap.fingerprint", "IMAP fingerprint", "IMAP fp", SF_TEXT },
	{ "addressbook.command", "Address book", "Addr bk", SF_TEXT },
	{ "signature.file", "Signature file", "Sig", SF_TEXT },
	{ "speller", "Speller", "Speller", SF_TEXT },
	{ "reply.html_filter", "HTML filter", "HTML", SF_TEXT },
	{ "reply.signature_at_bottom", "Sig below quote", "Sig bot", SF_BOOL },
	{ "timeout.connect", "Connect timeout", "Conn s", SF_TEXT },
	{ "timeout.reply", "Reply timeout", "Reply s", SF_TEXT },
	{ "queue.runner", "Queue runner", "Runner", SF_BOOL },
	{ "send.confirm", "Confirm send", "Confirm", SF_BOOL },
	{ "send.delay", "Undo window", "Undo s", SF_TEXT },
	{ "send.max_size", "Size warning", "Max MB", SF_TEXT },
	{ "ui.plain", "Plain display", "Plain", SF_BOOL },
	{ "account.name", "Account name", "Account", SF_TEXT },
};
#define NDEFS (sizeof defs / sizeof defs[0])

static const char *const keymaps[] = { "default", "emacs", "pine", "vi" };
#define NKEYMAPS (sizeof keymaps / sizeof keymaps[0])

static void
replace(char **dst, const char *s)
{
	char *copy = s != NULL ? xstrdup(s) : NULL;

	free(*dst);
	*dst = copy;
}

static const char *
raw_value(const struct config *cfg, const char *key)
{
	size_t i;

	for (i = 0; i < cfg->kv.n; i++)
		if (strcmp(cfg->kv.v[i].key, key) == 0)
			return (cfg->kv.v[i].value);
	return (NULL);
}

static int
known_key(const char *key)
{
	const char *const *k;

	for (k = config_keys(); *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return (1);
	return (0);
}

int
settings_model_find(const struct settings_model *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->f[i].key, key) == 0)
			return ((int)i);
	return (-1);
}

static struct sfield *
field(struct settings_model *m, const char *key)
{
	int i = settings_model_find(m, key);

	return (i < 0 ? NULL : &m->f[i]);
}

int
settings_model_port(const struct settings_model *m)
{
	int i = settings_model_find(m, "smtp.port");

	if (i >= 0 && m->f[i].value != NULL)
		return (atoi(m->f[i].value));
	return (m->pol->nports > 0 ? m->pol->ports[0].port : 0);
}

static int
port_allowed(const struct policy *pol, const char *s)
{
	return (s != NULL && policy_port_tls(pol, atoi(s)) != TLS_UNSET);
}

/* A locked value the policy does not document is dropped on save. */
static void
lock_to(struct sfield *f, const char *documented, int same)
{
	if (f->orig != NULL && !same) {
		xasprintf(&f->note,
		    "the file says %s; saving removes it (the policy's %s is used)",
		    f->orig, documented);
		replace(&f->value, NULL);
	}
}

static void
init_locked(struct settings_model *m, struct sfield *f)
{
	const struct policy *pol = m->pol;
	char		     buf[16];

	if (strcmp(f->key, "smtp.host") == 0)
		lock_to(f, pol->smtp_host,
		    f->orig != NULL &&
			str_host_equal(f->orig, pol->smtp_host));
	else if (strcmp(f->key, "smtp.auth") == 0)
		lock_to(f, "password", str_same(f->orig, "password"));
	else if (strcmp(f->key, "imap.host") == 0 && pol->imap_host != NULL)
		lock_to(f, pol->imap_host,
		    f->orig != NULL &&
			str_host_equal(f->orig, pol->imap_host));
	else if (strcmp(f->key, "imap.port") == 0 && pol->imap_host != NULL) {
		snprintf(buf, sizeof buf, "%d", pol->imap_port);
		lock_to(f, buf, str_same(f->orig, buf));
	} else if (strncmp(f->key, "imap.", 5) == 0)
		f->kind = SF_TEXT; /* no IMAP server in the policy */
}

static void
init_port_and_tls(struct settings_model *m)
{
	struct sfield *port = field(m, "smtp.port"),
		      *tls = field(m, "smtp.tls");
	enum tls_mode mode;
	char	      buf[16];
	size_t	      i;

	if (port->orig != NULL && !port_allowed(m->pol, port->orig)) {
		xasprintf(&port->note,
		    "the file says %s, which the policy does not allow",
		    port->orig);
		replace(&port->value, NULL);
	}
	/* Only a TLS mode without a port: the port that speaks it. */
	if (port->value == NULL && tls->orig != NULL &&
	    config_tls_mode_parse(tls->orig, &mode) == 0) {
		for (i = 0; i < m->pol->nports; i++) {
			if (m->pol->ports[i].tls != mode)
				continue;
			snprintf(buf, sizeof buf, "%d", m->pol->ports[i].port);
			replace(&port->value, buf);
			replace(&port->orig, buf);
			break;
		}
	}
}

/* The TLS mode follows the port (kept in the file only if it was). */
static void
follow_port(struct settings_model *m)
{
	struct sfield *tls = field(m, "smtp.tls");
	enum tls_mode  mode = policy_port_tls(m->pol, settings_model_port(m));

	if (tls->orig != NULL && mode != TLS_UNSET)
		replace(&tls->value, config_tls_mode_name(mode));
	else
		replace(&tls->value, NULL);
}

static void
add_removed(struct settings_model *m, const char *key)
{
	m->removed = xreallocarray(m->removed, m->nremoved + 1,
	    sizeof *m->removed);
	m->removed[m->nremoved++] = xstrdup(key);
}

/* "smtp.NAME.host" and friends: another outgoing server. */
static int
extra_server_key(const char *key)
{
	const char *dot = strrchr(key, '.');

	return (strncmp(key, "smtp.", 5) == 0 && dot != NULL &&
	    dot > key + 5 &&
	    (strcmp(dot, ".host") == 0 || strcmp(dot, ".port") == 0 ||
		strcmp(dot, ".tls") == 0 || strcmp(dot, ".auth") == 0));
}

static void
add_stale(struct settings_model *m, const char *key, const char *value)
{
	const char *hint;
	char	   *s;

	if (extra_server_key(key))
		xasprintf(&s,
		    "%s = %s: only the policy's server is used; saving removes it",
		    key, value);
	else if ((hint = str_suggest(key, config_keys())) != NULL)
		xasprintf(&s,
		    "%s = %s: unknown key (did you mean %s?); saving removes it",
		    key, value, hint);
	else
		xasprintf(&s, "%s = %s: unknown key; saving removes it", key,
		    value);
	m->general = xreallocarray(m->general, m->ngeneral + 1,
	    sizeof *m->general);
	m->general[m->ngeneral++] = s;
}

struct settings_model *
settings_model_new(const struct config *cfg, const struct policy *pol)
{
	struct settings_model *m = xcalloc(1, sizeof *m);
	struct sfield	      *f;
	size_t		       i;

	m->pol = pol;
	m->f = xcalloc(NDEFS, sizeof *m->f);
	m->n = NDEFS;
	for (i = 0; i < NDEFS; i++) {
		f = &m->f[i];
		f->key = defs[i].key;
		f->label = defs[i].label;
		f->short_label = defs[i].short_label;
		f->kind = defs[i].kind;
		replace(&f->orig, raw_value(cfg, f->key));
		replace(&f->value, f->orig);
		if (f->kind == SF_LOCKED)
			init_locked(m, f);
	}
	init_port_and_tls(m);
	follow_port(m);
	/* Extra outgoing servers: the policy allows only its own. */
	for (i = 0; i < cfg->kv.n; i++) {
		if (known_key(cfg->kv.v[i].key))
			continue;
		add_removed(m, cfg->kv.v[i].key);
		add_stale(m, cfg->kv.v[i].key, cfg->kv.v[i].value);
	}
	settings_model_validate(m);
	return (m);
}

static void
clear_checks(struct settings_model *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		replace(&m->f[i].fix, NULL);
		m->f[i].error = 0;
	}
	m->nerrors = 0;
}

static void
set_fix(struct sfield *f, const char *fix, int error)
{
	if (f->fix != NULL && (f->error || !error))
		return; /* the first error wins */
	replace(&f->fix, fix);
	f->error = error;
}

/* "settings:3: " off the front of a config_parse message. */
static const char *
strip_location(const char *msg)
{
	const char *p = strstr(msg, ": ");

	return (p != NULL ? p + 2 : msg);
}

/* One value on its own: the checks config_parse makes. */
static int
check_syntax(struct sfield *f)
{
	struct config one;
	struct op_err err = { 0 };
	char	     *line;
	int	      r;

	if (f->value == NULL || f->kind == SF_INFO)
		return (0);
	xasprintf(&line, "%s = %s\n", f->key, f->value);
	r = config_parse("settings", line, strlen(line), &one, &err);
	free(line);
	if (r != 0) {
		set_fix(f, strip_location(err.msg), 1);
		return (-1);
	}
	config_free(&one);
	return (0);
}

/* The values as a config file (those that parse on their own). */
static char *
render(struct settings_model *m)
{
	char  *text = xstrdup(""), *next;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->f[i].value == NULL || check_syntax(&m->f[i]) != 0)
			continue;
		xasprintf(&next, "%s%s = %s\n", text, m->f[i].key,
		    m->f[i].value);
		free(text);
		text = next;
	}
	return (text);
}

static void
attach_violations(struct settings_model *m, const struct violations *vs)
{
	struct sfield *f;
	size_t	       i;

	for (i = 0; i < vs->n; i++) {
		f = field(m, vs->v[i].setting);
		if (f == NULL) {
			if (vs->v[i].severity == SEV_ERROR)
				m->nerrors++;
			continue;
		}
		set_fix(f, vs->v[i].fix, vs->v[i].severity == SEV_ERROR);
	}
}

void
settings_model_validate(struct settings_model *m)
{
	struct config	  cfg;
	struct violations vs;
	struct op_err	  err = { 0 };
	char		 *text;
	size_t		  i;

	clear_checks(m);
	text = render(m);
	if (config_parse("settings", text, strlen(text), &cfg, &err) == 0) {
		policy_check(&cfg, m->pol, &vs);
		attach_violations(m, &vs);
		violations_free(&vs);
		config_free(&cfg);
	} else
		m->nerrors++; /* cannot happen: each line parsed alone */
	free(text);
	for (i = 0; i < m->n; i++)
		if (m->f[i].fix != NULL && m->f[i].error)
			m->nerrors++;
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return (1);
	return (0);
}

int
settings_model_set(struct settings_model *m, size_t i, const char *text)
{
	struct sfield *f;
	char	      *copy;

	if (i >= m->n || m->f[i].kind != SF_TEXT)
		return (-1);
	f = &m->f[i];
	copy = xstrdup(text != NULL ? text : "");
	if (has_control(copy)) {
		free(copy);
		return (-1);
	}
	replace(&f->value, *str_trim(copy) != '\0' ? str_trim(copy) : NULL);
	free(copy);
	settings_model_validate(m);
	return (0);
}

static void
cycle_port(struct settings_model *m, struct sfield *f, int dir)
{
	size_t n = m->pol->nports, i, at = 0;
	int    cur = settings_model_port(m);
	char   buf[16];

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (m->pol->ports[i].port == cur)
			at = i;
	at = (at + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(buf, sizeof buf, "%d", m->pol->ports[at].port);
	replace(&f->value, buf);
	follow_port(m);
}

static void
cycle_keymap(struct sfield *f, int dir)
{
	size_t i, at = 0;

	for (i = 0; i < NKEYMAPS; i++)
		if (str_same(f->value, keymaps[i]))
			at = i;
	at = (at + NKEYMAPS + (dir > 0 ? 1 : NKEYMAPS - 1)) % NKEYMAPS;
	replace(&f->value, keymaps[at]);
}

/* A yes/no setting's value in c. */
static int
bool_value(const struct config *c, const char *key)
{
	if (strcmp(key, "imap.sent_bcc") == 0)
		return (c->sent_bcc);
	if (strcmp(key, "queue.runner") == 0)
		return (c->runner);
	if (strcmp(key, "ui.plain") == 0)
		return (c->plain);
	if (strcmp(key, "send.confirm") == 0)
		return (c->send_confirm);
	return (c->sent_copy);
}

/* The field's value (or, unset, the config's default), turned over. */
static void
cycle_bool(struct sfield *f)
{
	struct config one;
	struct op_err err = { 0 };
	char	     *line;
	int	      on = 0;

	if (f->value != NULL)
		xasprintf(&line, "%s = %s\n", f->key, f->value);
	else
		line = xstrdup("");
	if (config_parse("settings", line, strlen(line), &one, &err) == 0) {
		on = bool_value(&one, f->key);
		config_free(&one);
	}
	free(line);
	replace(&f->value, on ? "no" : "yes");
}

int
settings_model_cycle(struct settings_model *m, size_t i, int dir)
{
	struct sfield *f;

	if (i >= m->n)
		return (-1);
	f = &m->f[i];
	switch (f->kind) {
	case SF_PORT:
		cycle_port(m, f, dir);
		break;
	case SF_KEYMAP:
		cycle_keymap(f, dir);
		break;
	case SF_BOOL:
		cycle_bool(f);
		break;
	default:
		return (-1);
	}
	settings_model_validate(m);
	return (0);
}

size_t
settings_model_changes(struct settings_model *m,
    const struct settings_change	    **out)
{
	size_t i, n = 0;

	free(m->changes);
	m->changes = xcalloc(m->n + m->nremoved + 1, sizeof *m->changes);
	for (i = 0; i < m->n; i++) {
		if (m->f[i].kind == SF_INFO ||
		    str_same(m->f[i].value, m->f[i].orig))
			continue;
		m->changes[n].key = m->f[i].key;
		m->changes[n++].value = m->f[i].value;
	}
	for (i = 0; i < m->nremoved; i++)
		m->changes[n++].key = m->removed[i];
	*out = m->changes;
	return (n);
}

const char *
settings_model_first_error(const struct settings_model *m, char *buf,
    size_t len)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->f[i].fix == NULL || !m->f[i].error)
			continue;
		snprintf(buf, len, "%s: %s", m->f[i].label, m->f[i].fix);
		return (buf);
	}
	if (m->nerrors > 0) {
		snprintf(buf, len, "the settings do not follow the policy");
		return (buf);
	}
	return (NULL);
}

void
settings_model_saved(struct settings_model *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		replace(&m->f[i].orig, m->f[i].value);
		replace(&m->f[i].note, NULL);
	}
	for (i = 0; i < m->nremoved; i++)
		free(m->removed[i]);
	free(m->removed);
	m->removed = NULL;
	m->nremoved = 0;
	for (i = 0; i < m->ngeneral; i++)
		free(m->general[i]);
	free(m->general);
	m->general = NULL;
	m->ngeneral = 0;
}

void
settings_model_free(struct settings_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	settings_model_saved(m); /* frees the removal list and notes */
	for (i = 0; i < m->n; i++) {
		free(m->f[i].value);
		free(m->f[i].orig);
		free(m->f[i].fix);
	}
	free(m->f);
	free(m->changes);
	free(m);
}
