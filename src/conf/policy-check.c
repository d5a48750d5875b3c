/*
 * policy-check.c -- compare a config with a site policy.  Each rule is
 * one small function; policy_check() runs them all and returns every
 * violation with its rule id, the setting, the documented value and a
 * fix in plain words.
 */
#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/policy.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

struct check {
	const struct config *cfg;
	const struct policy *pol;
	struct violations   *out;
};

static void __attribute__((format(printf, 7, 8)))
add(struct check *c, const char *rule, const char *setting, int line,
    enum violation_severity sev, const char *documented, const char *fmt, ...)
{
	struct violation *v;
	const char	 *value = NULL;
	va_list		  ap;
	size_t		  i;

	c->out->v = xreallocarray(c->out->v, c->out->n + 1, sizeof *v);
	v = &c->out->v[c->out->n++];
	memset(v, 0, sizeof *v);
	v->rule = rule;
	v->setting = setting;
	v->severity = sev;
	for (i = 0; i < c->cfg->kv.n; i++) {
		if (line != 0 && c->cfg->kv.v[i].line == line)
			value = c->cfg->kv.v[i].value;
	}
	v->line = line;
	v->value = value != NULL ? xstrdup(value) : NULL;
	v->documented = documented != NULL ? xstrdup(documented) : NULL;
	va_start(ap, fmt);
	if (vasprintf(&v->fix, fmt, ap) < 0)
		v->fix = xstrdup("(out of memory)");
	va_end(ap);
	if (sev == SEV_ERROR)
		c->out->nerrors++;
}

static void
check_host(struct check *c)
{
	const char *host = c->cfg->smtp_host;

	if (host == NULL || str_host_equal(host, c->pol->smtp_host))
		return;
	add(c, "server-host", "smtp.host", config_line(c->cfg, "smtp.host"),
	    SEV_ERROR, c->pol->smtp_host, "this policy requires %s",
	    c->pol->smtp_host);
}

static void
check_stale(struct check *c)
{
	size_t i;

	for (i = 0; i < c->cfg->nextra; i++) {
		add(c, "stale-server", "smtp.*.host", c->cfg->extra[i].line,
		    SEV_ERROR, c->pol->smtp_host,
		    "remove it: only %s is used (outgoing server \"%s\")",
		    c->pol->smtp_host, c->cfg->extra[i].label);
	}
}

/* smtp.tls names a mode that no port of the policy speaks. */
static void
check_mode_offered(struct check *c, const char *ports)
{
	enum tls_mode m = c->cfg->smtp_tls;
	size_t	      i;

	if (m == TLS_UNSET || m == TLS_NONE)
		return;
	for (i = 0; i < c->pol->nports; i++)
		if (c->pol->ports[i].tls == m)
			return;
	add(c, "tls-mode", "smtp.tls", config_line(c->cfg, "smtp.tls"),
	    SEV_ERROR, ports, "this policy has no %s port; use %s",
	    m == TLS_IMPLICIT ? "SSL/TLS" : "STARTTLS", ports);
}

static void
check_port_and_tls(struct check *c)
{
	const struct config *cfg = c->cfg;
	enum tls_mode	     want;
	char		     ports[128];
	size_t		     i;
	int		     other = 0;

	policy_ports_text(c->pol, ports, sizeof ports);
	if (cfg->smtp_tls == TLS_NONE)
		add(c, "tls-required", "smtp.tls",
		    config_line(cfg, "smtp.tls"), SEV_ERROR, ports,
		    "SSL is required: use %s", ports);
	if (cfg->smtp_port == 0) {
		check_mode_offered(c, ports);
		return;
	}
	want = policy_port_tls(c->pol, cfg->smtp_port);
	if (want == TLS_UNSET) {
		add(c, "port", "smtp.port", config_line(cfg, "smtp.port"),
		    SEV_ERROR, ports, "use %s", ports);
		return;
	}
	if (cfg->smtp_tls == TLS_UNSET || cfg->smtp_tls == TLS_NONE ||
	    cfg->smtp_tls == want)
		return;
	for (i = 0; i < c->pol->nports; i++)
		if (c->pol->ports[i].tls == cfg->smtp_tls)
			other = c->pol->ports[i].port;
	if (other == 0) {
		check_mode_offered(c, ports);
		return;
	}
	if (want == TLS_IMPLICIT)
		add(c, "tls-mode", "smtp.tls", config_line(cfg, "smtp.tls"),
		    SEV_ERROR, "implicit",
		    "%d speaks SSL/TLS from the first byte; STARTTLS belongs to %d",
		    cfg->smtp_port, other);
	else
		add(c, "tls-mode", "smtp.tls", config_line(cfg, "smtp.tls"),
		    SEV_ERROR, "starttls",
		    "%d starts in plain text and switches with STARTTLS; SSL/TLS from the first byte belongs to %d",
		    cfg->smtp_port, other);
}

static void
check_auth(struct check *c)
{
	if (c->cfg->smtp_auth != AUTH_NONE)
		return;
	add(c, "auth-required", "smtp.auth", config_line(c->cfg, "smtp.auth"),
	    SEV_ERROR, "password",
	    "authentication is required: set smtp.auth = password");
}

static int
pattern_match(const char *pattern, const char *s)
{
	regex_t re;
	char   *anchored;
	int	r;

	if (pattern == NULL)
		return (1);
	xasprintf(&anchored, "^(%s)$", pattern);
	r = regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB);
	free(anchored);
	if (r != 0)
		return (0);
	r = regexec(&re, s, 0, NULL, 0);
	regfree(&re);
	return (r == 0);
}

static void
check_login_name(struct check *c, const char *user, int line)
{
	const char *label = c->pol->username_label, *at;
	char	   *lower, *p;

	if ((at = strchr(user, '@')) != NULL) {
		lower = xstrndup(user, (size_t)(at - user));
		for (p = lower; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		add(c, "username-form", "username", line, SEV_ERROR, label,
		    "use your %s: %s", label, lower);
		free(lower);
		return;
	}
	if (pattern_match(c->pol->username_pattern, user))
		return;
	lower = xstrdup(user);
	for (p = lower; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if (strcmp(lower, user) != 0 &&
	    pattern_match(c->pol->username_pattern, lower))
		add(c, "username-form", "username", line, SEV_ERROR, label,
		    "use your %s in lower case: %s", label, lower);
	else
		add(c, "username-form", "username", line, SEV_ERROR, label,
		    "\"%s\" is not a %s; use your %s", user, label, label);
	free(lower);
}

static void
check_username(struct check *c)
{
	const char *user = c->cfg->username;
	int	    line = config_line(c->cfg, "username");

	if (user == NULL) {
		add(c, "username-missing", "username", 0, SEV_ERROR,
		    c->pol->username_label, "set username = your %s",
		    c->pol->username_label);
		return;
	}
	if (c->pol->username_form == USERNAME_LOGIN)
		check_login_name(c, user, line);
	else if (strchr(user, '@') == NULL)
		add(c, "username-form", "username", line, SEV_ERROR,
		    "e-mail address", "use your full e-mail address");
}

static int
domain_within(const char *domain, const char *parent)
{
	size_t ld = strlen(domain), lp = strlen(parent);

	if (str_host_equal(domain, parent))
		return (1);
	return (ld > lp && domain[ld - lp - 1] == '.' &&
	    str_host_equal(domain + ld - lp, parent));
}

static void
check_address(struct check *c)
{
	const char *addr = c->cfg->address, *at;

	if (addr == NULL) {
		add(c, "address-missing", "address", 0, SEV_ERROR,
		    c->pol->address_domain,
		    "set address = your e-mail address");
		return;
	}
	if (c->pol->address_domain == NULL ||
	    (at = strrchr(addr, '@')) == NULL ||
	    domain_within(at + 1, c->pol->address_domain))
		return;
	add(c, "address-domain", "address", config_line(c->cfg, "address"),
	    SEV_WARNING, c->pol->address_domain,
	    "%s is not a %s address; the server may refuse it as the sender",
	    addr, c->pol->address_domain);
}

static void
check_imap(struct check *c)
{
	const struct config *cfg = c->cfg;
	const struct policy *pol = c->pol;
	char		     doc[32];

	if (cfg->imap_host != NULL && pol->imap_host != NULL &&
	    !str_host_equal(cfg->imap_host, pol->imap_host))
		add(c, "imap-host", "imap.host", config_line(cfg, "imap.host"),
		    SEV_ERROR, pol->imap_host, "the Sent copy goes to %s",
		    pol->imap_host);
	if (cfg->imap_port != 0 && pol->imap_host != NULL &&
	    cfg->imap_port != pol->imap_port) {
		snprintf(doc, sizeof doc, "%d", pol->imap_port);
		add(c, "imap-port", "imap.port", config_line(cfg, "imap.port"),
		    SEV_ERROR, doc, "use %d (%s)", pol->imap_port,
		    pol->imap_tls == TLS_STARTTLS ? "STARTTLS" : "SSL/TLS");
	}
	if (cfg->sent_copy && pol->imap_host == NULL && cfg->imap_host == NULL)
		add(c, "imap-missing", "imap.sent_copy",
		    config_line(cfg, "imap.sent_copy"), SEV_ERROR, NULL,
		    "this policy names no IMAP server: set imap.host or imap.sent_copy = no");
	if (cfg->imap_fingerprint != NULL && !cfg->sent_copy)
		add(c, "imap-pin-unused", "imap.fingerprint",
		    config_line(cfg, "imap.fingerprint"), SEV_WARNING, NULL,
		    "unused: outpost talks to the IMAP server only for the Sent copy; set imap.sent_copy = yes or remove it");
}

void
policy_check(const struct config *cfg, const struct policy *pol,
    struct violations *out)
{
	struct check c = { cfg, pol, out };

	memset(out, 0, sizeof *out);
	check_host(&c);
	check_stale(&c);
	check_port_and_tls(&c);
	check_auth(&c);
	check_username(&c);
	check_address(&c);
	check_imap(&c);
}

void
violations_free(struct violations *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		free(vs->v[i].value);
		free(vs->v[i].documented);
		free(vs->v[i].fix);
	}
	free(vs->v);
	memset(vs, 0, sizeof *vs);
}

static enum tls_mode
pick_tls(const struct config *cfg, const struct policy *pol, int *port)
{
	size_t i;

	if (cfg->smtp_port != 0) {
		*port = cfg->smtp_port;
		if (cfg->smtp_tls != TLS_UNSET)
			return (cfg->smtp_tls);
		return (policy_port_tls(pol, cfg->smtp_port));
	}
	for (i = 0; i < pol->nports; i++) {
		if (cfg->smtp_tls == TLS_UNSET ||
		    pol->ports[i].tls == cfg->smtp_tls) {
			*port = pol->ports[i].port;
			return (pol->ports[i].tls);
		}
	}
	*port = pol->ports[0].port;
	return (cfg->smtp_tls);
}

void
policy_effective(const struct config *cfg, const struct policy *pol,
    struct effective *eff)
{
	memset(eff, 0, sizeof *eff);
	eff->smtp_host = cfg->smtp_host != NULL ? cfg->smtp_host :
						  pol->smtp_host;
	eff->smtp_tls = pick_tls(cfg, pol, &eff->smtp_port);
	eff->imap_host = cfg->imap_host != NULL ? cfg->imap_host :
						  pol->imap_host;
	eff->imap_port = cfg->imap_port != 0 ? cfg->imap_port : pol->imap_port;
	eff->imap_tls = pol->imap_tls != TLS_UNSET ? pol->imap_tls :
						     TLS_IMPLICIT;
	eff->imap_login = pol->imap_login == USERNAME_ADDRESS ? cfg->address :
								cfg->username;
}
