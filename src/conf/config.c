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
#include <strings.h>
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
	KT_DELAY,	/* 0..CONFIG_SEND_DELAY_MAX */
	KT_MEGABYTES,	/* 0..CONFIG_SEND_MAX_SIZE_MAX, "MB" may follow */
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
	{ "reply.html_filter", KT_STRING, F(html_filter) },
	{ "reply.signature_at_bottom", KT_BOOL, F(sig_bottom) },
	{ "speller", KT_STRING, F(speller) },
	{ "timeout.connect", KT_SECONDS, F(timeout_connect) },
	{ "timeout.reply", KT_SECONDS, F(timeout_reply) },
	{ "queue.runner", KT_BOOL, F(runner) },
	{ "send.confirm", KT_BOOL, F(send_confirm) },
	{ "send.delay", KT_DELAY, F(send_delay) },
	{ "send.max_size", KT_MEGABYTES, F(send_max_size) },
	{ "ui.plain", KT_BOOL, F(plain) },
	{ "account.name", KT_STRING, F(account) },
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

/* "25", "25 MB", "25M" (any case): megabytes. */
static int
parse_megabytes(const char *s, int *out)
{
	char   num[16];
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n >= sizeof num)
		return (-1);
	if (s[n + strspn(s + n, " ")] != '\0' &&
	    strcasecmp(s + n + strspn(s + n, " "), "MB") != 0 &&
	    strcasecmp(s + n + strspn(s + n, " "), "M") != 0)
		return (-1);
	memcpy(num, s, n);
	num[n] = '\0';
	return (parse_int(num, 0, CONFIG_SEND_MAX_SIZE_MAX, out));
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
	case KT_DELAY:
		if (parse_int(v, 0, CONFIG_SEND_DELAY_MAX, field) == 0)
			return (0);
		what = "a number of seconds from 0 (no undo window) to 300";
		break;
	case KT_MEGABYTES:
		if (parse_megabytes(v, field) == 0)
			return (0);
		what = "a number of megabytes (25 or 25 MB; 0: no limit)";
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
	cfg->send_confirm = 1;
	cfg->send_delay = CONFIG_SEND_DELAY;
	cfg->send_max_size = CONFIG_SEND_MAX_SIZE;
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

/* The server and the login: each account gives its own. */
static int
server_key(const char *k)
{
	return (strcmp(k, "policy") == 0 || strcmp(k, "address") == 0 ||
	    strcmp(k, "username") == 0 || strcmp(k, "password.command") == 0 ||
	    strncmp(k, "smtp.", 5) == 0 || strncmp(k, "imap.", 5) == 0 ||
	    strncmp(k, "tls.", 4) == 0);
}

/* The program's own: one value for every account, before any section. */
int
config_program_key(const char *k)
{
	return (strcmp(k, "keymap") == 0 || strcmp(k, "ui.plain") == 0 ||
	    strcmp(k, "queue.runner") == 0 || strcmp(k, "account.name") == 0);
}

static void
kv_push(struct kvfile *kf, const struct kv *kv)
{
	kf->v = xreallocarray(kf->v, kf->n + 1, sizeof *kf->v);
	kf->v[kf->n].key = xstrdup(kv->key);
	kf->v[kf->n].value = xstrdup(kv->value);
	kf->v[kf->n].line = kv->line;
	kf->n++;
}

/*
 * One account's lines: the keys before the first section (all of them
 * for the default account; for a section those neither the server's
 * nor set by the section), then lines from to end of all.
 */
static void
account_lines(const struct kvfile *all, size_t top, size_t from, size_t end,
    struct kvfile *out)
{
	size_t i, j;

	memset(out, 0, sizeof *out);
	out->path = xstrdup(all->path);
	out->st = all->st;
	for (i = 0; from > 0 && i < top; i++) {
		if (server_key(all->v[i].key) ||
		    strcmp(all->v[i].key, "account.name") == 0)
			continue;
		for (j = from; j < end; j++)
			if (strcmp(all->v[j].key, all->v[i].key) == 0)
				break;
		if (j == end)
			kv_push(out, &all->v[i]);
	}
	for (i = from; i < end; i++)
		kv_push(out, &all->v[i]);
}

static int
account_name_ok(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '.' &&
		    s[n] != '_' && s[n] != '-')
			return (0);
	return (n > 0 && n <= CONFIG_ACCOUNT_MAX);
}

static int
build(struct config *cfg, const struct kvfile *all, size_t top, size_t from,
    size_t end, struct op_err *err)
{
	config_init(cfg);
	account_lines(all, top, from, end, &cfg->kv);
	if (config_from_kv(cfg, err) != 0) {
		config_free(cfg);
		return (-1);
	}
	return (0);
}

/* Section i's header names an account no other has; no program keys. */
static int
section_check(const struct config *cfg, const struct kvfile *all, size_t i,
    const char **namep, struct op_err *err)
{
	const struct kvsection *sec = &all->sec[i];
	const char	       *name = sec->header + 7;
	size_t			j, end;

	if (strncmp(sec->header, "account", 7) != 0 ||
	    (name[0] != ' ' && name[0] != '\t'))
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: unknown section [%.40s]; an account's section is [account NAME]",
		    all->path, sec->line, sec->header));
	name += strspn(name, " \t");
	if (!account_name_ok(name))
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: account name \"%.60s\" is not valid; use 1 to %d letters, digits, '.', '_' or '-'",
		    all->path, sec->line, name, CONFIG_ACCOUNT_MAX));
	if (config_account_find(cfg, name) != NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: a second account named %s; give each its own name",
		    all->path, sec->line, name));
	end = i + 1 < all->nsec ? all->sec[i + 1].start : all->n;
	for (j = sec->start; j < end; j++)
		if (config_program_key(all->v[j].key))
			return (op_err_set(err, OP_ECONFIG,
			    "%s:%d: %s is the same for every account: move it above the first [account] line",
			    all->path, all->v[j].line, all->v[j].key));
	*namep = name;
	return (0);
}

static int
add_account(struct config *cfg, const struct kvfile *all, size_t top, size_t i,
    struct op_err *err)
{
	struct config *a;
	const char    *name = NULL;
	size_t	       end;

	if (section_check(cfg, all, i, &name, err) != 0)
		return (-1);
	end = i + 1 < all->nsec ? all->sec[i + 1].start : all->n;
	cfg->accounts = xreallocarray(cfg->accounts, cfg->naccounts + 1,
	    sizeof *cfg->accounts);
	a = &cfg->accounts[cfg->naccounts];
	if (build(a, all, top, all->sec[i].start, end, err) != 0)
		return (-1);
	a->account = xstrdup(name);
	a->section = all->sec[i].line;
	cfg->naccounts++;
	return (0);
}

/* The default account from the top of all, then one per section. */
static int
config_from_file(struct config *cfg, const struct kvfile *all,
    struct op_err *err)
{
	size_t top = all->nsec > 0 ? all->sec[0].start : all->n, i;

	if (build(cfg, all, top, 0, top, err) != 0)
		return (-1);
	if (cfg->account == NULL)
		cfg->account = xstrdup(CONFIG_ACCOUNT_DEFAULT);
	else if (!account_name_ok(cfg->account)) {
		op_err_set(err, OP_ECONFIG,
		    "%s:%d: account.name = \"%.60s\" is not valid; use 1 to %d letters, digits, '.', '_' or '-'",
		    cfg->path, config_line(cfg, "account.name"), cfg->account,
		    CONFIG_ACCOUNT_MAX);
		goto fail;
	}
	for (i = 0; i < all->nsec; i++)
		if (add_account(cfg, all, top, i, err) != 0)
			goto fail;
	return (0);
fail:
	config_free(cfg);
	return (-1);
}

int
config_parse(const char *name, const char *buf, size_t len, struct config *cfg,
    struct op_err *err)
{
	struct kvfile all;
	int	      r;

	config_init(cfg);
	if (kvfile_parse(name, buf, len, &all, err) != 0)
		return (-1);
	r = config_from_file(cfg, &all, err);
	kvfile_free(&all);
	return (r);
}

size_t
config_account_count(const struct config *cfg)
{
	return (1 + cfg->naccounts);
}

const struct config *
config_account_at(const struct config *cfg, size_t i)
{
	return (i == 0 ? cfg : &cfg->accounts[i - 1]);
}

const struct config *
config_account_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < config_account_count(cfg); i++)
		if (strcmp(config_account_at(cfg, i)->account, name) == 0)
			return (config_account_at(cfg, i));
	return (NULL);
}

const struct config *
config_account_of(const struct config *cfg, const char *name)
{
	return (name != NULL ? config_account_find(cfg, name) : cfg);
}

const struct config *
config_account_by_address(const struct config *cfg, const char *address)
{
	const struct config *a;
	size_t		     i;

	for (i = 0; i < config_account_count(cfg); i++) {
		a = config_account_at(cfg, i);
		if (a->address != NULL && strcasecmp(a->address, address) == 0)
			return (a);
	}
	return (NULL);
}

const char *
config_account_stored(const struct config *cfg)
{
	return (cfg->section != 0 ? cfg->account : NULL);
}

int
config_account_owns(const struct config *cfg, const char *account)
{
	if (account == NULL)
		return (cfg->section == 0);
	return (cfg->section != 0 && strcmp(cfg->account, account) == 0);
}

int
config_select(struct config *cfg, const char *name, struct op_err *err)
{
	struct config chosen;
	char	      names[512];
	size_t	      i, off = 0;

	if (name == NULL || strcmp(name, cfg->account) == 0) {
		for (i = 0; i < cfg->naccounts; i++)
			config_free(&cfg->accounts[i]);
		free(cfg->accounts);
		cfg->accounts = NULL;
		cfg->naccounts = 0;
		return (0);
	}
	for (i = 0; i < cfg->naccounts; i++)
		if (strcmp(cfg->accounts[i].account, name) == 0)
			break;
	if (i == cfg->naccounts) {
		names[0] = '\0';
		for (i = 0;
		     i < config_account_count(cfg) && off < sizeof names; i++)
			off += (size_t)snprintf(names + off,
			    sizeof names - off, "%s%s", i > 0 ? ", " : "",
			    config_account_at(cfg, i)->account);
		return (op_err_set(err, OP_ENOTFOUND,
		    "%s: no account named \"%.60s\"; the accounts are %s",
		    cfg->path, name, names));
	}
	chosen = cfg->accounts[i];
	cfg->accounts[i] = cfg->accounts[--cfg->naccounts];
	config_free(cfg);
	*cfg = chosen;
	return (0);
}

static int
any_password_command(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < config_account_count(cfg); i++)
		if (config_account_at(cfg, i)->password_command != NULL)
			return (1);
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
	if (any_password_command(cfg) && (mode & (S_IRGRP | S_IROTH)))
		return (op_err_set(err, OP_EINSECURE,
		    "%s: names a password.command but others can read it (mode %03o); run: chmod 600 '%s'",
		    cfg->path, (unsigned)(mode & 0777), cfg->path));
	return (0);
}

int
config_load(const char *path, struct config *cfg, struct op_err *err)
{
	struct kvfile all;
	int	      r;

	config_init(cfg);
	if (kvfile_load(path, &all, err) != 0)
		return (-1);
	r = config_from_file(cfg, &all, err);
	kvfile_free(&all);
	if (r == 0 && check_permissions(cfg, err) != 0) {
		config_free(cfg);
		return (-1);
	}
	return (r);
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
	for (i = 0; i < cfg->naccounts; i++)
		config_free(&cfg->accounts[i]);
	free(cfg->accounts);
	free(cfg->path);
	kvfile_free(&cfg->kv);
	config_init(cfg);
}
