/*
 * config.c -- parse and validate the settings file, one schema row per
 * key (name, type, where it is stored).  Meaning beyond a single value
 * (host vs policy, port vs TLS mode) is checked in policy-check.c.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "base/strutil.h"
#include "base/trust.h"
#include "base/xmalloc.h"

enum key_type {
	KT_STRING,	/* any non-empty text */
	KT_HOST,	/* a DNS name or an IP literal */
	KT_PORT,	/* 1..65535 */
	KT_SECONDS,	/* 1..3600 */
	KT_BOOL,	/* yes/no */
	KT_TLS,		/* implicit|starttls|none */
	KT_AUTH,	/* password|none */
	KT_FINGERPRINT, /* SHA-256, hex, colons allowed */
	KT_ADDRESS,	/* an e-mail address (checked loosely here) */
};

struct key_entry {
	const char   *name;
	enum key_type type;
	size_t	      offset;
};

#define F(field) offsetof(struct config, field)
static const struct key_entry key_table[] = {
	{ "policy", KT_STRING, F(policy) },
	{ "name", KT_STRING, F(name) },
	{ "address", KT_ADDRESS, F(address) },
	{ "username", KT_STRING, F(username) },
	{ "smtp.host", KT_HOST, F(smtp_host) },
	{ "smtp.port", KT_PORT, F(smtp_port) },
	{ "smtp.tls", KT_TLS, F(smtp_tls) },
	{ "smtp.auth", KT_AUTH, F(smtp_auth) },
	{ "imap.host", KT_HOST, F(imap_host) },
	{ "imap.port", KT_PORT, F(imap_port) },
	{ "imap.sent_copy", KT_BOOL, F(sent_copy) },
	{ "imap.sent_folder", KT_STRING, F(sent_folder) },
	{ "imap.sent_bcc", KT_BOOL, F(sent_bcc) },
	{ "imap.fingerprint", KT_FINGERPRINT, F(imap_fingerprint) },
	{ "tls.ca_file", KT_STRING, F(ca_file) },
	{ "tls.fingerprint", KT_FINGERPRINT, F(fingerprint) },
	{ "password.command", KT_STRING, F(password_command) },
	{ "keymap", KT_STRING, F(keymap) },
	{ "editor", KT_STRING, F(editor) },
	{ "addressbook.command", KT_STRING, F(addressbook_command) },
	{ "signature.file", KT_STRING, F(signature_file) },
	{ "speller", KT_STRING, F(speller) },
	{ "timeout.connect", KT_SECONDS, F(timeout_connect) },
	{ "timeout.reply", KT_SECONDS, F(timeout_reply) },
	{ "queue.runner", KT_BOOL, F(runner) },
	{ "ui.plain", KT_BOOL, F(plain) },
};
#undef F
#define NKEYS (sizeof key_table / sizeof key_table[0])

static const char *const *
key_names(void)
{
	static const char *names[NKEYS + 1];
	size_t		   i;

	if (names[0] == NULL) {
		for (i = 0; i < NKEYS; i++)
			names[i] = key_table[i].name;
		names[NKEYS] = NULL;
	}
	return (names);
}

const char *const *
config_keys(void)
{
	return (key_names());
}

const char *
config_tls_mode_name(enum tls_mode m)
{
	switch (m) {
	case TLS_IMPLICIT:
		return ("implicit");
	case TLS_STARTTLS:
		return ("starttls");
	case TLS_NONE:
		return ("none");
	case TLS_UNSET:
		break;
	}
	return ("unset");
}

int
config_tls_mode_parse(const char *s, enum tls_mode *m)
{
	if (strcmp(s, "implicit") == 0 || strcmp(s, "ssl") == 0 ||
	    strcmp(s, "tls") == 0)
		*m = TLS_IMPLICIT;
	else if (strcmp(s, "starttls") == 0)
		*m = TLS_STARTTLS;
	else if (strcmp(s, "none") == 0 || strcmp(s, "off") == 0 ||
	    strcmp(s, "no") == 0 || strcmp(s, "plain") == 0)
		*m = TLS_NONE;
	else
		return (-1);
	return (0);
}

static int
parse_int(const char *s, long min, long max, int *out)
{
	char *end;
	long  v;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return (-1);
	*out = (int)v;
	return (0);
}

static int
host_ok(const char *s)
{
	const char *p;
	size_t	    label = 0;

	if (*s == '\0' || strlen(s) > 253)
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return (0);
			label = 0;
		} else if (isalnum((unsigned char)*p) || *p == '-' ||
		    *p == ':' || *p == '[' || *p == ']') {
			if (++label > 63)
				return (0);
		} else
			return (0);
	}
	return (1);
}

/* Accept 64 hex digits, optionally in colon-separated pairs. */
static char *
fingerprint_normalise(const char *s)
{
	char   out[65];
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s) || n == 64)
			return (NULL);
		out[n++] = (char)tolower((unsigned char)*s);
	}
	if (n != 64)
		return (NULL);
	out[n] = '\0';
	return (xstrdup(out));
}

static int
set_value(struct config *cfg, const struct key_entry *ke, const struct kv *kv,
    struct op_err *err)
{
	void	   *field = (char *)cfg + ke->offset;
	const char *v = kv->value, *what = NULL;
	char	   *fp;

	switch (ke->type) {
	case KT_STRING:
		*(char **)field = xstrdup(v);
		return (0);
	case KT_ADDRESS:
		if (strchr(v, '@') == NULL || strchr(v, ' ') != NULL) {
			what = "an e-mail address such as ada@umich.edu";
			break;
		}
		*(char **)field = xstrdup(v);
		return (0);
	case KT_HOST:
		if (!host_ok(v)) {
			what = "a host name such as smtp.mail.umich.edu";
			break;
		}
		*(char **)field = xstrdup(v);
		return (0);
	case KT_PORT:
		if (parse_int(v, 1, 65535, field) == 0)
			return (0);
		what = "a port number from 1 to 65535";
		break;
	case KT_SECONDS:
		if (parse_int(v, 1, 3600, field) == 0)
			return (0);
		what = "a number of seconds from 1 to 3600";
		break;
	case KT_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
		    strcmp(v, "on") == 0) {
			*(int *)field = 1;
			return (0);
		}
		if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
		    strcmp(v, "off") == 0) {
			*(int *)field = 0;
			return (0);
		}
		what = "yes or no";
		break;
	case KT_TLS:
		if (config_tls_mode_parse(v, field) == 0)
			return (0);
		what = "implicit (SSL/TLS from the first byte) or starttls";
		break;
	case KT_AUTH:
		if (strcmp(v, "password") == 0) {
			*(enum auth_mode *)field = AUTH_PASSWORD;
			return (0);
		}
		if (strcmp(v, "none") == 0 || strcmp(v, "off") == 0) {
			*(enum auth_mode *)field = AUTH_NONE;
			return (0);
		}
		what = "password";
		break;
	case KT_FINGERPRINT:
		if ((fp = fingerprint_normalise(v)) != NULL) {
			*(char **)field = fp;
			return (0);
		}
		what = "a SHA-256 fingerprint: 64 hex digits, colons allowed";
		break;
	}
	return (op_err_set(err, OP_ECONFIG,
	    "%s:%d: %s = \"%.60s\" is not valid; expected %s", cfg->path,
	    kv->line, kv->key, v, what));
}

/* "smtp.NAME.host" and friends: a second outgoing server. */
static int
extra_server(struct config *cfg, const struct kv *kv)
{
	const char *rest, *dot;
	size_t	    i, len;

	if (strncmp(kv->key, "smtp.", 5) != 0)
		return (0);
	rest = kv->key + 5;
	if ((dot = strrchr(rest, '.')) == NULL || dot == rest)
		return (0);
	if (strcmp(dot, ".host") != 0 && strcmp(dot, ".port") != 0 &&
	    strcmp(dot, ".tls") != 0 && strcmp(dot, ".auth") != 0)
		return (0);
	len = (size_t)(dot - rest);
	for (i = 0; i < cfg->nextra; i++) {
		if (strlen(cfg->extra[i].label) == len &&
		    strncmp(cfg->extra[i].label, rest, len) == 0)
			break;
	}
	if (i == cfg->nextra) {
		cfg->extra = xreallocarray(cfg->extra, cfg->nextra + 1,
		    sizeof *cfg->extra);
		cfg->extra[i].label = xstrndup(rest, len);
		cfg->extra[i].host = NULL;
		cfg->extra[i].line = kv->line;
		cfg->nextra++;
	}
	if (strcmp(dot, ".host") == 0) {
		free(cfg->extra[i].host);
		cfg->extra[i].host = xstrdup(kv->value);
		cfg->extra[i].line = kv->line;
	}
	return (1);
}

static int
apply(struct config *cfg, const struct kv *kv, struct op_err *err)
{
	const char *hint;
	size_t	    i;

	for (i = 0; i < NKEYS; i++) {
		if (strcmp(kv->key, key_table[i].name) == 0)
			return (set_value(cfg, &key_table[i], kv, err));
	}
	if (extra_server(cfg, kv))
		return (0);
	if ((hint = str_suggest(kv->key, key_names())) != NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: unknown key \"%s\" (did you mean \"%s\"?)",
		    cfg->path, kv->line, kv->key, hint));
	return (op_err_set(err, OP_ECONFIG,
	    "%s:%d: unknown key \"%s\"; see outpost.conf(5) for the keys",
	    cfg->path, kv->line, kv->key));
}

static int
check_duplicates(const struct config *cfg, struct op_err *err)
{
	size_t i, j;

	for (i = 0; i < cfg->kv.n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(cfg->kv.v[i].key, cfg->kv.v[j].key) != 0)
				continue;
			return (op_err_set(err, OP_ECONFIG,
			    "%s:%d: duplicate key \"%s\" (first set on line %d); keep one",
			    cfg->path, cfg->kv.v[i].line, cfg->kv.v[i].key,
			    cfg->kv.v[j].line));
		}
	}
	return (0);
}

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->timeout_connect = CONFIG_TIMEOUT_CONNECT;
	cfg->timeout_reply = CONFIG_TIMEOUT_REPLY;
	cfg->sent_bcc = 1;
	cfg->runner = 1;
}

static int
config_from_kv(struct config *cfg, struct op_err *err)
{
	size_t i;

	cfg->path = xstrdup(cfg->kv.path);
	if (check_duplicates(cfg, err) != 0)
		return (-1);
	for (i = 0; i < cfg->kv.n; i++) {
		if (apply(cfg, &cfg->kv.v[i], err) != 0)
			return (-1);
	}
	return (0);
}

int
config_parse(const char *name, const char *buf, size_t len, struct config *cfg,
    struct op_err *err)
{
	config_init(cfg);
	if (kvfile_parse(name, buf, len, &cfg->kv, err) != 0)
		return (-1);
	if (config_from_kv(cfg, err) != 0) {
		config_free(cfg);
		return (-1);
	}
	return (0);
}

static int
check_permissions(const struct config *cfg, struct op_err *err)
{
	mode_t mode = cfg->kv.st.st_mode;
	char   owner[300];

	/* Its owner chooses password.command, the editor, the server. */
	if (cfg->kv.st.st_uid != geteuid())
		return (op_err_set(err, OP_EINSECURE,
		    "%s: is %s; whoever owns it decides what outpost runs and where your password goes: make a copy of your own (cp '%s' '%s.mine' && mv '%s.mine' '%s')",
		    cfg->path,
		    trust_owner_text(cfg->kv.st.st_uid, 0, owner,
			sizeof owner),
		    cfg->path, cfg->path, cfg->path, cfg->path));
	if (mode & (S_IWGRP | S_IWOTH))
		return (op_err_set(err, OP_EINSECURE,
		    "%s: others can change this file (mode %03o); run: chmod go-w '%s'",
		    cfg->path, (unsigned)(mode & 0777), cfg->path));
	if (cfg->password_command != NULL && (mode & (S_IRGRP | S_IROTH)))
		return (op_err_set(err, OP_EINSECURE,
		    "%s: names a password.command but others can read it (mode %03o); run: chmod 600 '%s'",
		    cfg->path, (unsigned)(mode & 0777), cfg->path));
	return (0);
}

int
config_load(const char *path, struct config *cfg, struct op_err *err)
{
	config_init(cfg);
	if (kvfile_load(path, &cfg->kv, err) != 0)
		return (-1);
	if (config_from_kv(cfg, err) != 0 ||
	    check_permissions(cfg, err) != 0) {
		config_free(cfg);
		return (-1);
	}
	return (0);
}

int
config_line(const struct config *cfg, const char *key)
{
	size_t i;

	for (i = 0; i < cfg->kv.n; i++) {
		if (strcmp(cfg->kv.v[i].key, key) == 0)
			return (cfg->kv.v[i].line);
	}
	return (0);
}

void
config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (key_table[i].type == KT_STRING ||
		    key_table[i].type == KT_HOST ||
		    key_table[i].type == KT_ADDRESS ||
		    key_table[i].type == KT_FINGERPRINT)
			free(*(char **)((char *)cfg + key_table[i].offset));
	}
	for (i = 0; i < cfg->nextra; i++) {
		free(cfg->extra[i].label);
		free(cfg->extra[i].host);
	}
	free(cfg->extra);
	free(cfg->path);
	kvfile_free(&cfg->kv);
	config_init(cfg);
}
