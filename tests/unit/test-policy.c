/*
 * test-policy.c -- every policy rule, as a table, against the built-in
 * umich policy and against a custom policy file; policy parse errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "conf/policy.h"
#include "tap.h"
#include "base/xmalloc.h"

#define BASE_UMICH "address = ada@umich.edu\nusername = ada\n"

struct rule_case {
	const char	       *name;
	const char	       *config; /* appended to the base */
	const char	       *rule;	/* expected rule id, NULL: none */
	const char	       *fix;	/* expected text in the fix */
	int			line;	/* expected line, -1: don't care */
	enum violation_severity sev;
};

static const struct rule_case umich_cases[] = {
	{ "clean config", "", NULL, NULL, -1, SEV_ERROR },
	{ "port 465 implicit", "smtp.port = 465\nsmtp.tls = implicit\n", NULL,
	    NULL, -1, SEV_ERROR },
	{ "port 587 starttls", "smtp.port = 587\nsmtp.tls = starttls\n", NULL,
	    NULL, -1, SEV_ERROR },
	{ "documented host given", "smtp.host = SMTP.Mail.Umich.Edu\n", NULL,
	    NULL, -1, SEV_ERROR },
	{ "user name is an address", "username = ada@umich.edu\n",
	    "username-form", "use your uniqname: ada", 2, SEV_ERROR },
	{ "user name in capitals", "username = Ada\n", "username-form",
	    "use your uniqname in lower case: ada", 2, SEV_ERROR },
	{ "user name not a uniqname", "username = a_1\n", "username-form",
	    "\"a_1\" is not a uniqname", 2, SEV_ERROR },
	{ "port 25", "smtp.port = 25\n", "port",
	    "use 465 (SSL/TLS) or 587 (STARTTLS)", 2, SEV_ERROR },
	{ "465 with starttls", "smtp.port = 465\nsmtp.tls = starttls\n",
	    "tls-mode",
	    "465 speaks SSL/TLS from the first byte; STARTTLS belongs to 587",
	    3, SEV_ERROR },
	{ "587 with implicit", "smtp.port = 587\nsmtp.tls = implicit\n",
	    "tls-mode", "SSL/TLS from the first byte belongs to 465", 3,
	    SEV_ERROR },
	{ "other host", "smtp.host = smtp.gmail.com\n", "server-host",
	    "this policy requires smtp.mail.umich.edu", 2, SEV_ERROR },
	{ "TLS off", "smtp.tls = none\n", "tls-required", "SSL is required", 2,
	    SEV_ERROR },
	{ "authentication off", "smtp.auth = none\n", "auth-required",
	    "authentication is required", 2, SEV_ERROR },
	{ "stale second server", "smtp.old.host = mail.isp.example\n",
	    "stale-server", "remove it: only smtp.mail.umich.edu is used", 2,
	    SEV_ERROR },
	{ "address outside the domain", "address = ada@gmail.com\n",
	    "address-domain", "not a umich.edu address", 2, SEV_WARNING },
	{ "subdomain address is inside", "address = ada@med.umich.edu\n", NULL,
	    NULL, -1, SEV_ERROR },
	{ "IMAP host other", "imap.host = imap.gmail.com\n", "imap-host",
	    "the Sent copy goes to imap.mail.umich.edu", 2, SEV_ERROR },
	{ "IMAP port other", "imap.port = 143\n", "imap-port", "use 993", 2,
	    SEV_ERROR },
};

static const char custom_policy[] = "# a made-up institution\n"
				    "name = example\n"
				    "smtp.host = mail.example.org\n"
				    "smtp.port = 465 implicit\n"
				    "smtp.port = 587 starttls\n"
				    "smtp.port = 2525 starttls\n"
				    "tls = required\n"
				    "auth = password\n"
				    "username.form = address\n"
				    "address.domain = example.org\n";

#define BASE_CUSTOM "address = ada@example.org\nusername = ada@example.org\n"

static const struct rule_case custom_cases[] = {
	{ "clean config", "", NULL, NULL, -1, SEV_ERROR },
	{ "third port allowed", "smtp.port = 2525\n", NULL, NULL, -1,
	    SEV_ERROR },
	{ "user name must be the address", "username = ada\n", "username-form",
	    "use your full e-mail address", 2, SEV_ERROR },
	{ "port 25", "smtp.port = 25\n", "port",
	    "use 465 (SSL/TLS), 587 (STARTTLS) or 2525 (STARTTLS)", 2,
	    SEV_ERROR },
	{ "2525 with implicit", "smtp.port = 2525\nsmtp.tls = implicit\n",
	    "tls-mode", "belongs to 465", 3, SEV_ERROR },
	{ "umich host here", "smtp.host = smtp.mail.umich.edu\n",
	    "server-host", "this policy requires mail.example.org", 2,
	    SEV_ERROR },
	{ "stale server",
	    "smtp.backup.host = x.example\nsmtp.backup.port = 25\n",
	    "stale-server", "only mail.example.org is used", 2, SEV_ERROR },
	{ "sent copy without IMAP", "imap.sent_copy = yes\n", "imap-missing",
	    "names no IMAP server", 2, SEV_ERROR },
	{ "address elsewhere", "address = ada@umich.edu\n", "address-domain",
	    "not a example.org address", 2, SEV_WARNING },
};

/* "policy = NAME", then the case's lines, then base lines not overridden. */
static char *
merged(const char *policy, const char *extra, const char *base)
{
	char	   *out, *tmp, key[64];
	const char *line, *nl, *p;
	size_t	    klen;

	xasprintf(&out, "policy = %s\n%s", policy, extra);
	for (line = base; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		klen = (size_t)(strchr(line, ' ') - line);
		snprintf(key, sizeof key, "%.*s =", (int)klen, line);
		p = strstr(extra, key);
		if (p != NULL && (p == extra || p[-1] == '\n'))
			continue;
		xasprintf(&tmp, "%s%.*s", out, (int)(nl - line + 1), line);
		free(out);
		out = tmp;
	}
	return (out);
}

static void
run_case(const struct policy *pol, const char *base,
    const struct rule_case *tc)
{
	struct op_err		err = { 0 };
	struct config		cfg;
	struct violations	vs;
	const struct violation *v = NULL;
	char		       *text;
	size_t			i;
	int			ok;

	text = merged(pol->name, tc->config, base);
	if (config_parse("cfg", text, strlen(text), &cfg, &err) != 0) {
		tap_ok(0, "%s: %s: config parses: %s", pol->name, tc->name,
		    err.msg);
		return;
	}
	policy_check(&cfg, pol, &vs);
	if (tc->rule == NULL) {
		ok = vs.n == 0;
		tap_ok(ok, "%s: %s: no violation", pol->name, tc->name);
		for (i = 0; !ok && i < vs.n; i++)
			printf("#   unexpected %s: %s\n", vs.v[i].rule,
			    vs.v[i].fix);
	} else {
		for (i = 0; i < vs.n; i++)
			if (strcmp(vs.v[i].rule, tc->rule) == 0)
				v = &vs.v[i];
		ok = v != NULL && strstr(v->fix, tc->fix) != NULL &&
		    (tc->line < 0 || v->line == tc->line) &&
		    v->severity == tc->sev && vs.n == 1;
		tap_ok(ok, "%s: %s: %s, \"%s\"", pol->name, tc->name, tc->rule,
		    tc->fix);
		for (i = 0; !ok && i < vs.n; i++)
			printf("#   got %s line %d sev %d: %s\n", vs.v[i].rule,
			    vs.v[i].line, vs.v[i].severity, vs.v[i].fix);
	}
	violations_free(&vs);
	config_free(&cfg);
	free(text);
}

static void
test_table(const char *which, const char *base, const struct rule_case *cases,
    size_t n)
{
	struct op_err err = { 0 };
	struct policy pol;
	size_t	      i;

	if (policy_load(which, &pol, &err) != 0) {
		tap_ok(0, "load policy %s: %s", which, err.msg);
		return;
	}
	for (i = 0; i < n; i++)
		run_case(&pol, base, &cases[i]);
	policy_free(&pol);
}

static void
test_umich_policy(void)
{
	struct op_err err = { 0 };
	struct policy pol;
	char	      ports[128];

	tap_ok(policy_load(NULL, &pol, &err) == 0, "default policy loads");
	tap_ok(strcmp(pol.name, "umich") == 0, "the default is umich");
	tap_ok(strcmp(pol.smtp_host, "smtp.mail.umich.edu") == 0 &&
		pol.nports == 2 &&
		policy_port_tls(&pol, 465) == TLS_IMPLICIT &&
		policy_port_tls(&pol, 587) == TLS_STARTTLS &&
		policy_port_tls(&pol, 25) == TLS_UNSET,
	    "umich: one server; 465 SSL/TLS, 587 STARTTLS, nothing else");
	tap_ok(pol.tls_required && pol.auth == AUTH_PASSWORD &&
		pol.username_form == USERNAME_LOGIN &&
		strcmp(pol.username_label, "uniqname") == 0,
	    "umich: TLS required, password, uniqname");
	tap_ok(strcmp(pol.imap_host, "imap.mail.umich.edu") == 0 &&
		pol.imap_port == 993 && pol.imap_tls == TLS_IMPLICIT,
	    "umich: IMAP on 993 over SSL");
	policy_ports_text(&pol, ports, sizeof ports);
	tap_ok(strcmp(ports, "465 (SSL/TLS) or 587 (STARTTLS)") == 0,
	    "ports text");
	policy_free(&pol);
}

static void
test_effective(void)
{
	static const char c1[] = "username = ada\nsmtp.tls = starttls\n";
	struct op_err	  err = { 0 };
	struct config	  cfg;
	struct policy	  pol;
	struct effective  eff;

	policy_load("umich", &pol, &err);
	config_parse("cfg", "", 0, &cfg, &err);
	policy_effective(&cfg, &pol, &eff);
	tap_ok(strcmp(eff.smtp_host, "smtp.mail.umich.edu") == 0 &&
		eff.smtp_port == 465 && eff.smtp_tls == TLS_IMPLICIT,
	    "nothing given: host and 465/SSL from the policy");
	config_free(&cfg);
	config_parse("cfg", c1, sizeof c1 - 1, &cfg, &err);
	policy_effective(&cfg, &pol, &eff);
	tap_ok(eff.smtp_port == 587 && eff.smtp_tls == TLS_STARTTLS,
	    "starttls given: port 587 follows");
	tap_ok(strcmp(eff.imap_login, "ada") == 0, "IMAP login = uniqname");
	config_free(&cfg);
	policy_free(&pol);
}

static const char *
parse_err(const char *text)
{
	static struct op_err err;
	struct policy	     pol;

	memset(&err, 0, sizeof err);
	if (policy_parse("p.policy", text, strlen(text), &pol, &err) == 0) {
		policy_free(&pol);
		return ("");
	}
	return (err.msg);
}

static void
test_policy_errors(void)
{
	TAP_CONTAINS(parse_err("name = x\nsmtp.hostt = a\n"),
	    "p.policy:2: unknown key \"smtp.hostt\" (did you mean \"smtp.host\"?)",
	    "policy: unknown key");
	TAP_CONTAINS(parse_err("smtp.port = 465 tls-ish\n"),
	    "p.policy:1: smtp.port", "policy: bad port line");
	TAP_CONTAINS(parse_err("smtp.port = 25 none\n"), "PORT implicit",
	    "policy: a port without TLS is refused");
	TAP_CONTAINS(parse_err("smtp.port = 465implicit\n"),
	    "p.policy:1: smtp.port", "policy: port and mode need a space");
	TAP_CONTAINS(parse_err("smtp.port = 99999999999 implicit\n"),
	    "p.policy:1: smtp.port", "policy: huge port refused");
	TAP_CONTAINS(parse_err("tls = optional\n"), "p.policy:1: tls",
	    "policy: TLS cannot be optional");
	TAP_CONTAINS(parse_err("name = x\n"), "needs at least name, smtp.host",
	    "policy: incomplete");
	TAP_CONTAINS(parse_err("name = x\nname = y\n"),
	    "p.policy:2: duplicate", "policy: duplicate key");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\nusername.pattern = [a-\n"),
	    "not a valid extended regular expression", "policy: bad pattern");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = ((a{30}){30}){30}{30}\n"),
	    "username.pattern is too complex",
	    "policy: a pattern that would explode regcomp is refused");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = a{1000}\n"),
	    "username.pattern is too complex",
	    "policy: a huge repetition count is refused");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = a+++++++++++++++++++++\n"),
	    "username.pattern is too complex",
	    "policy: a run of repetition operators is refused");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = )++++++++\n"),
	    "username.pattern is too complex",
	    "policy: stacked repetitions of an empty group are refused (the fuzzer's 14 s regcomp)");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = a{2}*\n"),
	    "username.pattern is too complex",
	    "policy: a repetition of a repetition is refused");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = [- {a]z4,st = imrovi try tser++imap.logi+++++++++++++++++++++++++\n"),
	    "username.pattern is too complex",
	    "policy: a '{' without its '}' hides nothing after it (the fuzzer's 11 s regcomp)");
	tap_ok(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\ntls = required\nauth = password\n"
		"username.pattern = [a-z]+2*(x|y){2,3}\n")[0] == '\0',
	    "policy: repetitions each after something to repeat are taken");
	TAP_CONTAINS(
	    parse_err(
		"name = x\nsmtp.host = h\nsmtp.port = 1 implicit\nsmtp.port = 1 starttls\ntls = required\nauth = password\n"),
	    "port 1 is listed twice", "policy: port twice");
	{
		struct op_err err = { 0 };
		struct policy pol;

		tap_ok(policy_load("umihc", &pol, &err) != 0 &&
			strstr(err.msg, "did you mean \"umich\"") != NULL,
		    "unknown policy name suggests umich (%s)", err.msg);
		tap_ok(policy_load("/nonexistent/x.policy", &pol, &err) != 0 &&
			err.code == OP_ENOTFOUND,
		    "missing policy file");
	}
}

static void
test_mode_not_offered(void)
{
	static const char onlyssl[] =
	    "name = s\nsmtp.host = h.example\n"
	    "smtp.port = 465 implicit\ntls = required\nauth = password\n";
	static const char cfgtext[] = "username = ada\naddress = a@h\n"
				      "smtp.tls = starttls\n";
	struct op_err	  err = { 0 };
	struct policy	  pol;
	struct config	  cfg;
	struct violations vs;

	policy_parse("s.policy", onlyssl, sizeof onlyssl - 1, &pol, &err);
	config_parse("cfg", cfgtext, sizeof cfgtext - 1, &cfg, &err);
	policy_check(&cfg, &pol, &vs);
	tap_ok(vs.nerrors == 1 && strcmp(vs.v[0].rule, "tls-mode") == 0 &&
		strstr(vs.v[0].fix,
		    "this policy has no STARTTLS port; use 465 (SSL/TLS)") !=
		    NULL &&
		vs.v[0].line == 3,
	    "starttls where the policy has only SSL/TLS: tls-mode (%s)",
	    vs.n ? vs.v[0].fix : "none");
	violations_free(&vs);
	config_free(&cfg);
	policy_free(&pol);
}

/* imap.tls = starttls is kept and takes 143 when no port is given. */
static void
test_imap_starttls(void)
{
	static const char text[] = "name = s\nsmtp.host = h.example\n"
				   "smtp.port = 465 implicit\ntls = required\n"
				   "auth = password\nimap.host = h.example\n"
				   "imap.tls = starttls\n";
	struct op_err	  err = { 0 };
	struct policy	  pol;

	if (policy_parse("s.policy", text, sizeof text - 1, &pol, &err) != 0) {
		tap_ok(0, "imap.tls = starttls: the policy parses: %s",
		    err.msg);
		return;
	}
	tap_ok(pol.imap_tls == TLS_STARTTLS && pol.imap_port == 143,
	    "imap.tls = starttls: kept, port 143 by default (%d)",
	    pol.imap_port);
	policy_free(&pol);
}

int
main(void)
{
	char  dir[] = "/tmp/outpost-test-policy.XXXXXX", *path, *cmd;
	FILE *f;

	test_umich_policy();
	test_imap_starttls();
	test_table("umich", BASE_UMICH, umich_cases,
	    sizeof umich_cases / sizeof umich_cases[0]);
	if (mkdtemp(dir) == NULL)
		return (99);
	xasprintf(&path, "%s/example.policy", dir);
	f = fopen(path, "w");
	fputs(custom_policy, f);
	fclose(f);
	test_table(path, BASE_CUSTOM, custom_cases,
	    sizeof custom_cases / sizeof custom_cases[0]);
	test_effective();
	test_policy_errors();
	test_mode_not_offered();
	xasprintf(&cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
	free(cmd);
	free(path);
	return (tap_done());
}
