/*
 * policy.c -- read a site policy (.policy file, or one built in) into
 * struct policy.  The checks live in policy-check.c.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/policy.h"
#include "base/strutil.h"
#include "base/trust.h"
#include "base/xmalloc.h"

/* Generated from contrib/policies/ (src/embed.sh): name, text, ... */
extern const char *const policy_builtin[];

static const char *const policy_keys[] = { "name", "description", "smtp.host",
	"smtp.port", "tls", "auth", "username.form", "username.label",
	"username.pattern", "address.domain", "imap.host", "imap.port",
	"imap.tls", "imap.login", "help.url", "hint.blocked", NULL };

static int
bad(struct op_err *err, const char *path, const struct kv *kv,
    const char *expected)
{
	return (op_err_set(err, OP_ECONFIG,
	    "%s:%d: %s = \"%.60s\" is not valid; expected %s", path, kv->line,
	    kv->key, kv->value, expected));
}

/* A port number, 1..65535, digits only; -1 if not. */
static int
port_number(const char *s, const char **end)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return (-1);
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 65535)
			return (-1);
	*end = s;
	return (v >= 1 ? (int)v : -1);
}

static int
parse_port(struct policy *p, const char *path, const struct kv *kv,
    struct op_err *err)
{
	const char *rest = NULL, *word;
	int	    port;

	if (p->nports == POLICY_MAXPORTS)
		return (
		    op_err_set(err, OP_ECONFIG, "%s:%d: more than %d ports",
			path, kv->line, POLICY_MAXPORTS));
	port = port_number(kv->value, &rest);
	if (port < 0 || (*rest != ' ' && *rest != '\t'))
		return (bad(err, path, kv,
		    "\"PORT implicit\" or \"PORT starttls\""));
	word = rest + strspn(rest, " \t");
	if (config_tls_mode_parse(word, &p->ports[p->nports].tls) != 0 ||
	    p->ports[p->nports].tls == TLS_NONE)
		return (bad(err, path, kv,
		    "\"PORT implicit\" or \"PORT starttls\""));
	p->ports[p->nports++].port = port;
	return (0);
}

static int
parse_form(const char *v, enum username_form *f)
{
	if (strcmp(v, "login") == 0 || strcmp(v, "username") == 0)
		*f = USERNAME_LOGIN;
	else if (strcmp(v, "address") == 0)
		*f = USERNAME_ADDRESS;
	else
		return (-1);
	return (0);
}

static int
set_string(char **field, const struct kv *kv)
{
	free(*field);
	*field = xstrdup(kv->value);
	return (0);
}

static int
apply(struct policy *p, const char *path, const struct kv *kv,
    struct op_err *err)
{
	const char   *k = kv->key, *v = kv->value, *hint, *end = NULL;
	enum tls_mode m;

	if (strcmp(k, "name") == 0)
		return (set_string(&p->name, kv));
	if (strcmp(k, "description") == 0)
		return (set_string(&p->description, kv));
	if (strcmp(k, "smtp.host") == 0)
		return (set_string(&p->smtp_host, kv));
	if (strcmp(k, "smtp.port") == 0)
		return (parse_port(p, path, kv, err));
	if (strcmp(k, "tls") == 0) {
		if (strcmp(v, "required") != 0)
			return (bad(err, path, kv,
			    "required (outpost never sends without TLS)"));
		p->tls_required = 1;
		return (0);
	}
	if (strcmp(k, "auth") == 0) {
		if (strcmp(v, "password") != 0)
			return (bad(err, path, kv, "password"));
		p->auth = AUTH_PASSWORD;
		return (0);
	}
	if (strcmp(k, "username.form") == 0) {
		if (parse_form(v, &p->username_form) != 0)
			return (bad(err, path, kv, "login or address"));
		return (0);
	}
	if (strcmp(k, "username.label") == 0)
		return (set_string(&p->username_label, kv));
	if (strcmp(k, "username.pattern") == 0)
		return (set_string(&p->username_pattern, kv));
	if (strcmp(k, "address.domain") == 0)
		return (set_string(&p->address_domain, kv));
	if (strcmp(k, "imap.host") == 0)
		return (set_string(&p->imap_host, kv));
	if (strcmp(k, "imap.port") == 0) {
		if ((p->imap_port = port_number(v, &end)) < 0 || *end != '\0')
			return (bad(err, path, kv, "a port number"));
		return (0);
	}
	if (strcmp(k, "imap.tls") == 0) {
		if (config_tls_mode_parse(v, &m) != 0 || m == TLS_NONE)
			return (bad(err, path, kv, "implicit or starttls"));
		p->imap_tls = m;
		return (0);
	}
	if (strcmp(k, "imap.login") == 0) {
		if (parse_form(v, &p->imap_login) != 0)
			return (bad(err, path, kv,
			    "login (or username) or address"));
		return (0);
	}
	if (strcmp(k, "help.url") == 0)
		return (set_string(&p->help_url, kv));
	if (strcmp(k, "hint.blocked") == 0)
		return (set_string(&p->hint_blocked, kv));
	if ((hint = str_suggest(k, policy_keys)) != NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "%s:%d: unknown key \"%s\" (did you mean \"%s\"?)", path,
		    kv->line, k, hint));
	return (op_err_set(err, OP_ECONFIG,
	    "%s:%d: unknown key \"%s\"; see outpost-policy(5)", path, kv->line,
	    k));
}

static int
check_duplicates(const struct kvfile *kf, struct op_err *err)
{
	size_t i, j;

	for (i = 0; i < kf->n; i++) {
		if (strcmp(kf->v[i].key, "smtp.port") == 0)
			continue;
		for (j = 0; j < i; j++) {
			if (strcmp(kf->v[i].key, kf->v[j].key) == 0)
				return (op_err_set(err, OP_ECONFIG,
				    "%s:%d: duplicate key \"%s\" (first set on line %d)",
				    kf->path, kf->v[i].line, kf->v[i].key,
				    kf->v[j].line));
		}
	}
	return (0);
}

/*
 * glibc's regcomp copies the tree once per bounded repetition, so
 * nested counts grow it exponentially: a policy pattern is kept small.
 */
#define PATTERN_MAX	  128
#define PATTERN_MAXBRACES 2
#define PATTERN_MAXCOUNT  32
#define PATTERN_MAXOPS	  8 /* '*', '+', '?' and {m,n} in all */

/* The numbers of a "{m,n}" starting at q: any above the limit? */
static int
count_too_big(const char *q)
{
	char *end;

	while ((*q >= '0' && *q <= '9') || *q == ',') {
		if (*q == ',') {
			q++;
			continue;
		}
		if (strtol(q, &end, 10) > PATTERN_MAXCOUNT)
			return (1);
		q = end;
	}
	return (0);
}

/*
 * Small enough for regcomp, and every repetition operator follows
 * something to repeat: not the start, '(' or '|', and not another
 * repetition (POSIX leaves "a**" and "()++" undefined; glibc's
 * closure walk on stacked ones took 14 s for a 10-character pattern).
 */
static int
pattern_small(const char *pat)
{
	const char *p;
	int	    braces = 0, ops = 0, after_op = 0, bare = 1, in_count = 0;

	if (strlen(pat) > PATTERN_MAX)
		return (0);
	/*
	 * Counted everywhere, brackets included (over-counting only makes
	 * the check stricter); the scan never skips ahead, so an unclosed
	 * '{' cannot hide what follows it.
	 */
	for (p = pat; *p != '\0'; p++) {
		if (in_count && ((*p >= '0' && *p <= '9') || *p == ','))
			continue; /* the m,n of a {m,n} */
		if (in_count && (in_count = 0, *p == '}'))
			continue;
		if (*p == '\\' && p[1] != '\0') {
			p++;
			after_op = bare = 0;
			continue;
		}
		if (strchr("*+?{", *p) == NULL) {
			after_op = 0;
			bare = *p == '(' || *p == '|';
			continue;
		}
		if (after_op || bare || ++ops > PATTERN_MAXOPS)
			return (0);
		if (*p == '{' && ++braces > PATTERN_MAXBRACES)
			return (0);
		if (*p == '{' && count_too_big(p + 1))
			return (0);
		after_op = 1;
		in_count = *p == '{';
	}
	return (1);
}

static int
check_complete(struct policy *p, const char *path, struct op_err *err)
{
	regex_t re;
	char   *anchored;
	size_t	i, j;
	int	r;

	if (p->name == NULL || p->smtp_host == NULL || p->nports == 0)
		return (op_err_set(err, OP_ECONFIG,
		    "%s: a policy needs at least name, smtp.host and one smtp.port",
		    path));
	if (!p->tls_required || p->auth != AUTH_PASSWORD)
		return (op_err_set(err, OP_ECONFIG,
		    "%s: a policy must say \"tls = required\" and \"auth = password\"",
		    path));
	for (i = 0; i < p->nports; i++)
		for (j = 0; j < i; j++)
			if (p->ports[i].port == p->ports[j].port)
				return (op_err_set(err, OP_ECONFIG,
				    "%s: port %d is listed twice", path,
				    p->ports[i].port));
	if (p->username_pattern != NULL && !pattern_small(p->username_pattern))
		return (op_err_set(err, OP_ECONFIG,
		    "%s: username.pattern is too complex: keep it under %d characters, %d repetition operators, %d {m,n} of at most %d each, each repeating something (not the start, \"(\", \"|\" or another repetition)",
		    path, PATTERN_MAX, PATTERN_MAXOPS, PATTERN_MAXBRACES,
		    PATTERN_MAXCOUNT));
	if (p->username_pattern != NULL) {
		xasprintf(&anchored, "^(%s)$", p->username_pattern);
		r = regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB);
		free(anchored);
		if (r != 0)
			return (op_err_set(err, OP_ECONFIG,
			    "%s: username.pattern is not a valid extended regular expression",
			    path));
		regfree(&re);
	}
	if (p->imap_host != NULL && p->imap_tls == TLS_UNSET)
		p->imap_tls = TLS_IMPLICIT;
	if (p->imap_host != NULL && p->imap_port == 0)
		p->imap_port = p->imap_tls == TLS_STARTTLS ? 143 : 993;
	if (p->username_label == NULL)
		p->username_label = xstrdup(
		    p->username_form == USERNAME_LOGIN ? "login name" :
							 "e-mail address");
	return (0);
}

/* Fill p from the parsed lines of kf; kf is freed either way. */
static int
from_kv(struct kvfile *kf, const char *path, struct policy *p,
    struct op_err *err)
{
	size_t i;

	if (kf->nsec > 0) {
		op_err_set(err, OP_ECONFIG,
		    "%s:%d: a policy has no sections; [%s] belongs in a config file",
		    path, kf->sec[0].line, kf->sec[0].header);
		goto fail;
	}
	if (check_duplicates(kf, err) != 0)
		goto fail;
	for (i = 0; i < kf->n; i++) {
		if (apply(p, path, &kf->v[i], err) != 0)
			goto fail;
	}
	if (check_complete(p, path, err) != 0)
		goto fail;
	p->source = xstrdup(path);
	kvfile_free(kf);
	return (0);
fail:
	kvfile_free(kf);
	policy_free(p);
	return (-1);
}

int
policy_parse(const char *path, const char *buf, size_t len, struct policy *p,
    struct op_err *err)
{
	struct kvfile kf;

	memset(p, 0, sizeof *p);
	if (kvfile_parse(path, buf, len, &kf, err) != 0)
		return (-1);
	return (from_kv(&kf, path, p, err));
}

static int
load_file(const char *path, struct policy *p, struct op_err *err)
{
	struct kvfile kf;
	char	      owner[300];

	memset(p, 0, sizeof *p);
	if (kvfile_load(path, &kf, err) != 0)
		return (-1);
	/*
	 * A policy decides where the password goes: it must be the user's
	 * or root's (as OpenSSH wants of its files), and only its owner
	 * may write it.
	 */
	if (kf.st.st_uid != geteuid() && kf.st.st_uid != 0) {
		op_err_set(err, OP_EINSECURE,
		    "%s: is %s; whoever owns a policy chooses the server that gets your password: use a policy file of your own or root's",
		    path,
		    trust_owner_text(kf.st.st_uid, 1, owner, sizeof owner));
		kvfile_free(&kf);
		return (-1);
	}
	if (kf.st.st_mode & (S_IWGRP | S_IWOTH)) {
		op_err_set(err, OP_EINSECURE,
		    "%s: others can change this policy (mode %03o); run: chmod go-w '%s'",
		    path, (unsigned)(kf.st.st_mode & 0777), path);
		kvfile_free(&kf);
		return (-1);
	}
	return (from_kv(&kf, path, p, err));
}

const char *const *
policy_builtin_names(void)
{
	static const char *names[16];
	size_t		   i, n = 0;

	if (names[0] == NULL) {
		for (i = 0; policy_builtin[i] != NULL && n < 15; i += 2)
			names[n++] = policy_builtin[i];
		names[n] = NULL;
	}
	return (names);
}

static int
load_named(const char *name, struct policy *p, struct op_err *err)
{
	const char *dirs[2], *hint;
	char	    label[128], *path;
	size_t	    i;
	int	    r;

	for (i = 0; policy_builtin[i] != NULL; i += 2) {
		if (strcmp(policy_builtin[i], name) != 0)
			continue;
		snprintf(label, sizeof label, "built-in policy %s", name);
		return (policy_parse(label, policy_builtin[i + 1],
		    strlen(policy_builtin[i + 1]), p, err));
	}
	dirs[0] = getenv("OUTPOST_POLICY_DIR");
	dirs[1] = PKGDATADIR "/policies";
	for (i = 0; i < 2; i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		xasprintf(&path, "%s/%s.policy", dirs[i], name);
		r = load_file(path, p, err);
		free(path);
		if (r == 0 || err->code != OP_ENOTFOUND)
			return (r);
	}
	if ((hint = str_suggest(name, policy_builtin_names())) != NULL)
		return (op_err_set(err, OP_ENOTFOUND,
		    "no policy named \"%s\" (did you mean \"%s\"?)", name,
		    hint));
	return (op_err_set(err, OP_ENOTFOUND,
	    "no policy named \"%s\"; give a path to a .policy file or one of the built-in names",
	    name));
}

int
policy_load(const char *name_or_path, struct policy *p, struct op_err *err)
{
	size_t len;

	if (name_or_path == NULL)
		name_or_path = POLICY_DEFAULT;
	len = strlen(name_or_path);
	if (strchr(name_or_path, '/') != NULL ||
	    (len > 7 && strcmp(name_or_path + len - 7, ".policy") == 0))
		return (load_file(name_or_path, p, err));
	return (load_named(name_or_path, p, err));
}

static void
none_port(struct policy *p, int port, enum tls_mode tls)
{
	if (tls != TLS_IMPLICIT && tls != TLS_STARTTLS)
		tls = port == 465 ? TLS_IMPLICIT : TLS_STARTTLS;
	p->ports[p->nports].port = port;
	p->ports[p->nports++].tls = tls;
}

/* policy = none: the account's own server, TLS verified all the same. */
static int
policy_none(const struct config *cfg, struct policy *p, struct op_err *err)
{
	memset(p, 0, sizeof *p);
	if (cfg->smtp_host == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "policy = none (a server of your own) needs smtp.host = the server's name"));
	p->name = xstrdup(POLICY_NONE);
	p->source = xstrdup("policy = none (no site policy)");
	p->description = xstrdup("your own server (no site policy)");
	p->smtp_host = xstrdup(cfg->smtp_host);
	if (cfg->smtp_port != 0)
		none_port(p, cfg->smtp_port, cfg->smtp_tls);
	else {
		none_port(p, 465, TLS_IMPLICIT);
		none_port(p, 587, TLS_STARTTLS);
	}
	p->tls_required = 1;
	p->auth = AUTH_PASSWORD;
	p->username_form = cfg->username != NULL &&
		strchr(cfg->username, '@') != NULL ?
	    USERNAME_ADDRESS :
	    USERNAME_LOGIN;
	p->username_label = xstrdup("user name");
	if (cfg->imap_host != NULL) {
		p->imap_host = xstrdup(cfg->imap_host);
		p->imap_port = cfg->imap_port != 0 ? cfg->imap_port : 993;
		p->imap_tls = TLS_IMPLICIT;
		p->imap_login = USERNAME_LOGIN; /* username */
	}
	return (0);
}

int
policy_for_config(const struct config *cfg, struct policy *p,
    struct op_err *err)
{
	if (cfg->policy != NULL && strcmp(cfg->policy, POLICY_NONE) == 0)
		return (policy_none(cfg, p, err));
	return (policy_load(cfg->policy, p, err));
}

void
policy_free(struct policy *p)
{
	free(p->name);
	free(p->source);
	free(p->description);
	free(p->smtp_host);
	free(p->username_pattern);
	free(p->username_label);
	free(p->address_domain);
	free(p->imap_host);
	free(p->help_url);
	free(p->hint_blocked);
	memset(p, 0, sizeof *p);
}

enum tls_mode
policy_port_tls(const struct policy *p, int port)
{
	size_t i;

	for (i = 0; i < p->nports; i++)
		if (p->ports[i].port == port)
			return (p->ports[i].tls);
	return (TLS_UNSET);
}

void
policy_ports_text(const struct policy *p, char *buf, size_t len)
{
	size_t i, off = 0;
	int    n;

	buf[0] = '\0';
	for (i = 0; i < p->nports && off < len; i++) {
		n = snprintf(buf + off, len - off, "%s%d (%s)",
		    i == 0 ? "" : (i + 1 == p->nports ? " or " : ", "),
		    p->ports[i].port,
		    p->ports[i].tls == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS");
		if (n < 0)
			break;
		off += (size_t)n;
	}
}
