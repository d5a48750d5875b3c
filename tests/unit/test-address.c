/*
 * test-address.c -- address_check (good and bad addresses, the reason
 * named) and address_list_parse (names, groups, comments, quoting kept,
 * errors naming the field and entry, nothing appended on error).
 */
#include <stdlib.h>
#include <string.h>

#include "base/strutil.h"
#include "mail/address.h"
#include "tap.h"

struct bad {
	const char *addr;
	const char *why;
};

static void
test_good(void)
{
	static const char *const good[] = {
		"ada@umich.edu",
		"\"a b\"@x.org",
		"ada@[127.0.0.1]",
		"a.b+tag@sub.example.co.uk",
		"o'brien@x.org",
		"x_y-z@a-b.example",
		"\"quoted\\\"quote\"@x.org",
		"1234567890123456789012345678901234567890123456789012345678901234@x.org",
	};
	struct op_err err;
	size_t	      i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		op_err_clear(&err);
		tap_ok(address_check(good[i], &err) == 0, "good: %s", good[i]);
		if (err.code != OP_OK)
			tap_diag("error", err.msg, "");
	}
}

static void
test_bad(void)
{
	static const struct bad bad[] = {
		{ "ada", "there is no @" },
		{ "ada@", "nothing after the @" },
		{ "@x", "nothing before the @" },
		{ "a@b@c", "more than one @" },
		{ "a b@c.d", "contains a space" },
		{ "12345678901234567890123456789012345678901234567890123456789012345@x.org",
		    "longer than 64" },
		{ "", "it is empty" },
		{ "ada@x", "needs a dot" },
		{ "ada@x..org", "empty part" },
		{ "ada@-x.org", "hyphen" },
		{ "ada@[1.2.3]", "not an IP address" },
		{ "ada@[IPv6:2001:db8::1]", "not supported" },
		{ "ada@1.2.3.4", "in brackets" },
		{ ".ada@x.org", "dot before the @" },
		{ "a..b@x.org", "dot before the @" },
		{ "ada.@x.org", "dot before the @" },
		{ "ada@ex\xc3\xa4mple.org", "non-ASCII" },
		{ "Ada <ada@x.org>", "contains a space" },
		{ "ada(x)@x.org", "needs quoting" },
		{ "\"unclosed@x.org", "not closed" },
		{ "\"a\"b@x.org", "follows the quoted part" },
		{ "ada@x.org\r\nBcc: eve@evil.org", "line break" },
		{ "ada@x.org\n", "line break" },
		{ "a\tb@x.org", "control character" },
		{ "ada@x_y.org", "only letters, digits" },
	};
	struct op_err err;
	size_t	      i;
	char	      shown[128], *p;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(shown, sizeof shown, "%s", bad[i].addr);
		for (p = shown; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20)
				*p = '?';
		op_err_clear(&err);
		tap_ok(address_check(bad[i].addr, &err) == -1 &&
			err.code == OP_EINVAL,
		    "bad: \"%s\" refused", shown);
		TAP_CONTAINS(err.msg, bad[i].why, "bad: reason: %s",
		    bad[i].why);
	}
	op_err_clear(&err);
	address_check("bob@", &err);
	TAP_CONTAINS(err.msg,
	    "\"bob@\" is not a valid address: nothing after the @",
	    "message names the address");
	op_err_clear(&err);
	address_check("a\r\nb@x.org", &err);
	TAP_CONTAINS(err.msg, "\"a\\r\\nb@x.org\"",
	    "line break shown escaped");
}

static void
test_long_domain(void)
{
	struct op_err err;
	char	      addr[400];
	size_t	      i;

	memset(addr, 'a', sizeof addr);
	memcpy(addr, "x@", 2);
	addr[2 + 64] = '.';
	memcpy(addr + 2 + 64 + 1, "org", 4);
	op_err_clear(&err);
	tap_ok(address_check(addr, &err) == -1, "label over 63 refused");
	TAP_CONTAINS(err.msg, "longer than 63", "label: reason");

	memset(addr, 'a', sizeof addr);
	memcpy(addr, "x@", 2);
	for (i = 2 + 50; i < 2 + 300; i += 51)
		addr[i] = '.';
	addr[2 + 300] = '\0';
	op_err_clear(&err);
	tap_ok(address_check(addr, &err) == -1, "domain over 255 refused");
	TAP_CONTAINS(err.msg, "longer than 255", "domain: reason");
}

/* Parse text, expect the addresses in want (NULL-terminated). */
static void
list_ok(const char *text, const char *const *want, const char *what)
{
	struct op_err err;
	char	    **v = NULL;
	size_t	      n = 0, i, nwant = 0;
	int	      same;

	while (want[nwant] != NULL)
		nwant++;
	op_err_clear(&err);
	tap_ok(address_list_parse("To", text, &v, &n, &err) == 0, "list: %s",
	    what);
	if (err.code != OP_OK)
		tap_diag("error", err.msg, "");
	same = (n == nwant);
	for (i = 0; same && i < n; i++)
		same = strcmp(v[i], want[i]) == 0;
	tap_ok(same, "list: %s: %zu addresses as expected", what, nwant);
	for (i = 0; !same && i < n; i++)
		tap_diag("address", v[i], i < nwant ? want[i] : "(none)");
	str_list_free(v, n);
}

static void
test_list(void)
{
	static const char *const two[] = { "ada@x.org", "bob@y.org", NULL };
	static const char *const three[] = { "a@x.org", "b@y.org", "c@z.org",
		NULL };
	static const char *const one[] = { "ada@x.org", NULL };
	static const char *const quoted[] = { "ada@x.org", "\"a b\"@x.org",
		NULL };
	static const char *const none[] = { NULL };

	list_ok("Ada <ada@x.org>, bob@y.org", two, "name and bare");
	list_ok("\"Lovelace, Ada\" <ada@x.org>", one,
	    "quoted name with comma");
	list_ok("=?utf-8?q?Ada_L=C3=B6velace?= <ada@x.org>", one,
	    "encoded name");
	list_ok("team: a@x.org, b@y.org;, c@z.org", three, "group members");
	list_ok("undisclosed-recipients:;", none, "empty group");
	list_ok("ada@x.org (Ada), \"a b\"@x.org", quoted,
	    "comment dropped, quoted local part kept as written");
	list_ok("a@x.org,\r\n b@y.org,\r\n\tc@z.org", three, "folded list");
	list_ok("ada@x.org, , bob@y.org,", two, "empty entries skipped");
	list_ok("", none, "empty text");
	list_ok("   ", none, "blank text");
}

static void
test_list_bad(void)
{
	struct op_err err;
	char	    **v = NULL;
	size_t	      n = 0;

	tap_ok(address_list_parse("Cc", "x@y.org", &v, &n, NULL) == 0 &&
		n == 1,
	    "list: one address first");
	op_err_clear(&err);
	tap_ok(address_list_parse("To", "ada@x.org, bob@", &v, &n, &err) ==
		    -1 &&
		err.code == OP_EINVAL,
	    "list: bad entry refused");
	TAP_CONTAINS(err.msg,
	    "To: \"bob@\" is not a valid address: nothing after the @",
	    "list: field and entry named");
	tap_ok(n == 1 && strcmp(v[0], "x@y.org") == 0,
	    "list: nothing appended on error");
	op_err_clear(&err);
	tap_ok(address_list_parse("Bcc", "a b@c.d", &v, &n, &err) == -1,
	    "list: space refused");
	TAP_CONTAINS(err.msg,
	    "Bcc: \"a b@c.d\" is not a valid address: it contains a space",
	    "list: space named");
	op_err_clear(&err);
	tap_ok(address_list_parse("To", "Ada ada@x.org", &v, &n, &err) == -1,
	    "list: missing brackets refused");
	op_err_clear(&err);
	tap_ok(address_list_parse("To", "Ada <ada>", &v, &n, &err) == -1,
	    "list: no @ in brackets refused");
	TAP_CONTAINS(err.msg, "\"ada\" is not a valid address", "list: named");
	op_err_clear(&err);
	tap_ok(address_list_parse("To", "a@x.org; b@y.org", &v, &n, &err) ==
		-1,
	    "list: semicolon separator refused");
	TAP_CONTAINS(err.msg, "To: ", "list: semicolon: field named");
	op_err_clear(&err);
	tap_ok(address_list_parse("To", "a@x.org, <>", &v, &n, &err) == -1,
	    "list: empty brackets refused");
	tap_ok(address_list_parse("To", NULL, &v, &n, &err) == 0 && n == 1,
	    "list: NULL text is no addresses");
	str_list_free(v, n);
	str_list_free(NULL, 0);
}

/*
 * A list that fails after a good entry: the list is as it was, and an
 * empty one holds no array (callers that do not clear after an error,
 * as a reply's recipients did, leaked it).
 */
static void
test_list_read_bad(void)
{
	struct address_list l;
	struct op_err	    err = { 0 };

	memset(&l, 0, sizeof l);
	tap_ok(address_list_read("To", "ada@x.org, bob@", NULL, &l, &err) ==
		    -1 &&
		l.n == 0 && l.nmailboxes == 0 && l.v == NULL,
	    "list read: an empty list is left empty, with nothing to free");
	op_err_clear(&err);
	tap_ok(address_list_read("To", "ada@x.org", NULL, &l, &err) == 0 &&
		address_list_read("Cc", "b@y.org, <>", NULL, &l, &err) == -1 &&
		l.n == 1 && l.nmailboxes == 1 &&
		strcmp(l.v[0].addr, "ada@x.org") == 0,
	    "list read: a list with entries keeps them and only them");
	address_list_clear(&l);
}

int
main(void)
{
	test_good();
	test_bad();
	test_long_domain();
	test_list();
	test_list_bad();
	test_list_read_bad();
	return (tap_done());
}
