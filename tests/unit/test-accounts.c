/*
 * test-accounts.c -- several accounts in one config: [account NAME]
 * sections, what a section inherits from the keys above the first one,
 * lookups by name and address, selecting one, policy = none, and every
 * error naming file:line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "conf/policy.h"
#include "tap.h"

static const char two[] = "name = Ada Lovelace\n"
			  "address = ada@umich.edu\n"
			  "username = ada\n"
			  "signature.file = ~/.sig\n"
			  "keymap = pine\n"
			  "\n"
			  "[account isp]\n"
			  "policy = none\n"
			  "address = Ada@Example.NET\n"
			  "username = ada@example.net\n"
			  "smtp.host = smtp.example.net\n"
			  "smtp.port = 587\n"
			  "signature.file = ~/.sig-home\n"
			  "\n"
			  "[ account  spare ]\n"
			  "address = ada.l@umich.edu\n"
			  "username = adal\n";

/* Parse buf; the error message, or "" when it parses. */
static const char *
parse(const char *buf)
{
	static struct op_err err;
	struct config	     cfg;

	memset(&err, 0, sizeof err);
	if (config_parse("cfg", buf, strlen(buf), &cfg, &err) != 0)
		return (err.msg);
	config_free(&cfg);
	return ("");
}

static void
test_sections(void)
{
	struct op_err	     err = { 0 };
	struct config	     cfg;
	const struct config *a;

	if (config_parse("cfg", two, sizeof two - 1, &cfg, &err) != 0) {
		tap_ok(0, "two sections parse (%s)", err.msg);
		return;
	}
	tap_ok(config_account_count(&cfg) == 3, "three accounts");
	tap_is_str(cfg.account, "default", "the keys above: account default");
	tap_is_str(cfg.address, "ada@umich.edu", "the default's address");
	a = config_account_find(&cfg, "isp");
	tap_ok(a != NULL && a == config_account_at(&cfg, 1),
	    "isp found by name, second");
	if (a == NULL)
		goto out;
	tap_is_str(a->account, "isp", "its name");
	tap_is_str(a->smtp_host, "smtp.example.net", "its own server");
	tap_is_str(a->policy, "none", "its own policy");
	tap_is_str(a->name, "Ada Lovelace", "the name is inherited");
	tap_is_str(a->signature_file, "~/.sig-home", "a section overrides");
	tap_is_str(a->keymap, "pine", "the program's keys are inherited");
	tap_ok(config_line(a, "smtp.port") == 12, "its lines keep numbers");
	tap_ok(config_line(a, "username") == 10, "its own username line");
	a = config_account_at(&cfg, 2);
	tap_is_str(a->account, "spare", "the header's spaces are trimmed");
	tap_ok(a->policy == NULL && a->smtp_host == NULL &&
		a->password_command == NULL,
	    "a section inherits no server key");
	tap_ok(config_account_by_address(&cfg, "ada@example.net") ==
		config_account_at(&cfg, 1),
	    "by address, in any case");
	tap_ok(config_account_by_address(&cfg, "nobody@umich.edu") == NULL,
	    "no account has that address");
	tap_ok(config_account_find(&cfg, "nope") == NULL, "no such name");
	tap_ok(config_select(&cfg, "nope", &err) != 0 &&
		err.code == OP_ENOTFOUND,
	    "selecting an unknown account fails");
	tap_is_str(err.msg,
	    "cfg: no account named \"nope\"; the accounts are default, isp, spare",
	    "and names the accounts");
	tap_ok(config_select(&cfg, "isp", &err) == 0 &&
		strcmp(cfg.account, "isp") == 0 && cfg.naccounts == 0 &&
		strcmp(cfg.smtp_host, "smtp.example.net") == 0,
	    "selecting isp leaves isp alone");
out:
	config_free(&cfg);
}

static void
test_default_name(void)
{
	struct op_err err = { 0 };
	struct config cfg;

	if (config_parse("cfg", "account.name = umich\naddress = a@b.c\n", 34,
		&cfg, &err) != 0) {
		tap_ok(0, "account.name parses (%s)", err.msg);
		return;
	}
	tap_is_str(cfg.account, "umich", "account.name names the default");
	tap_ok(config_select(&cfg, "umich", &err) == 0, "and selects it");
	config_free(&cfg);
	tap_is_str(parse("address = a@b.c\n"), "", "no section: one account");
}

static void
test_errors(void)
{
	tap_is_str(parse("address = a@b.c\n[account]\n"),
	    "cfg:2: unknown section [account]; an account's section is [account NAME]",
	    "a section without a name");
	tap_is_str(parse("[mail x]\n"),
	    "cfg:1: unknown section [mail x]; an account's section is [account NAME]",
	    "an unknown section");
	tap_is_str(parse("[account a b]\n"),
	    "cfg:1: account name \"a b\" is not valid; use 1 to 40 letters, digits, '.', '_' or '-'",
	    "a name with a space");
	tap_is_str(parse("[account x\n"),
	    "cfg:1: a section line starts with '[' and ends with ']', as in [account home]",
	    "no closing bracket");
	tap_is_str(parse("[]\n"),
	    "cfg:1: an empty section name; write it as [account home]",
	    "an empty header");
	tap_is_str(parse("[account x]\naddress = a@b.c\n[account x]\n"),
	    "cfg:3: a second account named x; give each its own name",
	    "two sections of one name");
	tap_is_str(parse("[account default]\n"),
	    "cfg:1: a second account named default; give each its own name",
	    "a section named as the default account");
	tap_is_str(parse("[account x]\nkeymap = pine\n"),
	    "cfg:2: keymap is the same for every account: move it above the first [account] line",
	    "a program key in a section");
	tap_is_str(parse("[account x]\naccount.name = y\n"),
	    "cfg:2: account.name is the same for every account: move it above the first [account] line",
	    "account.name in a section");
	tap_is_str(parse("smtp.port = 465\n[account x]\nsmtp.port = 0\n"),
	    "cfg:3: smtp.port = \"0\" is not valid; expected a port number from 1 to 65535",
	    "a bad value in a section names its line");
	tap_is_str(parse("[account x]\nusername = a\nusername = b\n"),
	    "cfg:3: duplicate key \"username\" (first set on line 2); keep one",
	    "a key twice in one section");
	tap_is_str(parse("username = a\n[account x]\nusername = b\n"), "",
	    "the same key in the default and a section");
	tap_is_str(parse("account.name = a/b\n"),
	    "cfg:1: account.name = \"a/b\" is not valid; use 1 to 40 letters, digits, '.', '_' or '-'",
	    "a bad account.name");
	tap_is_str(parse("[account x]\nsmpt.host = h\n"),
	    "cfg:2: unknown key \"smpt.host\" (did you mean \"smtp.host\"?)",
	    "an unknown key in a section");
}

/* policy = none: a policy made of the account's own server. */
static void
test_policy_none(void)
{
	static const char    buf[] = "[account home]\n"
				     "policy = none\n"
				     "address = me@home.example\n"
				     "username = me\n"
				     "smtp.host = mx.home.example\n"
				     "smtp.tls = none\n";
	struct op_err	     err = { 0 };
	struct config	     cfg;
	struct policy	     pol;
	struct violations    vs;
	const struct config *a;
	size_t		     i;
	int		     tls = 0;

	if (config_parse("cfg", buf, sizeof buf - 1, &cfg, &err) != 0) {
		tap_ok(0, "policy = none parses (%s)", err.msg);
		return;
	}
	a = config_account_at(&cfg, 1);
	tap_ok(policy_for_config(a, &pol, &err) == 0, "policy none is made");
	tap_is_str(pol.smtp_host, "mx.home.example", "of its own server");
	tap_ok(pol.nports == 2 && pol.tls_required, "465, 587, TLS required");
	policy_check(a, &pol, &vs);
	for (i = 0; i < vs.n; i++)
		if (strcmp(vs.v[i].rule, "tls-mode") == 0 ||
		    strcmp(vs.v[i].setting, "smtp.tls") == 0)
			tls = vs.v[i].line == 6;
	tap_ok(tls, "smtp.tls = none is a violation on line 6, even so");
	violations_free(&vs);
	policy_free(&pol);
	tap_ok(policy_for_config(&cfg, &pol, &err) == 0 &&
		strcmp(pol.name, "umich") == 0,
	    "the default account keeps the default policy");
	policy_free(&pol);
	config_free(&cfg);
	config_parse("cfg", "policy = none\n", 14, &cfg, &err);
	tap_ok(policy_for_config(&cfg, &pol, &err) != 0 &&
		strstr(err.msg, "needs smtp.host") != NULL,
	    "policy = none without smtp.host: said");
	config_free(&cfg);
}

int
main(void)
{
	test_sections();
	test_default_name();
	test_errors();
	test_policy_none();
	return (tap_done());
}
