/*
 * test-message-names.c -- names, groups and local users (issue 15): a
 * list keeps its display names and groups (address_list_read), a built
 * message's To and Cc carry them (quoted, RFC 2047), a bare local part
 * gets the account's domain, cron's "From: root (Cron Daemon)" becomes
 * the account, and a message without a header is a body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/address.h"
#include "mail/message.h"
#include "tap.h"

#define ADA "ada@umich.edu"

/* The header section as a string (for TAP_CONTAINS). */
static char *
header_of(const struct message *m)
{
	const char *end = strstr(m->data, "\r\n\r\n");

	return (strndup(m->data,
	    end != NULL ? (size_t)(end - m->data) + 2 : m->len));
}

/* The envelope recipients joined by spaces. */
static char *
rcpts_of(const struct message *m)
{
	static char buf[512];
	size_t	    i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < m->nrcpts && o < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
		    i > 0 ? " " : "", m->rcpts[i]);
	return (buf);
}

static void
test_read(void)
{
	struct address_list l;
	struct op_err	    err;

	memset(&l, 0, sizeof l);
	op_err_clear(&err);
	tap_ok(
	    address_list_read("To",
		"\"Builder, Bob\" <bob@x.org>, team: a@x.org, Bee <b@y.org>;, "
		"carol@z.org (Carol C), undisclosed-recipients:;",
		NULL, &l, &err) == 0 &&
		l.n == 6 && l.nmailboxes == 4 && !l.qualified,
	    "read: four mailboxes, two groups");
	tap_is_str(l.v[0].name, "Builder, Bob", "read: quoted name unquoted");
	tap_ok(l.v[1].addr == NULL && l.v[1].members == 2 &&
		strcmp(l.v[1].name, "team") == 0,
	    "read: the group and its two members");
	tap_is_str(l.v[3].name, "Bee", "read: a member's name");
	tap_is_str(l.v[4].name, "Carol C", "read: a comment is the name");
	tap_ok(l.v[5].addr == NULL && l.v[5].members == 0,
	    "read: an empty group");
	address_list_clear(&l);

	op_err_clear(&err);
	tap_ok(address_list_read("To", "alice, Root <root>", "example.org", &l,
		   &err) == 0 &&
		l.n == 2 && l.qualified && l.v[0].qualified,
	    "read: bare local parts qualified with the domain");
	tap_is_str(l.v[0].addr, "alice@example.org", "read: alice");
	tap_is_str(l.v[1].addr, "root@example.org", "read: <root>");
	address_list_clear(&l);
	op_err_clear(&err);
	tap_ok(address_list_read("To", "alice", NULL, &l, &err) == -1 &&
		l.n == 0,
	    "read: without a domain a bare local part is refused");
	TAP_CONTAINS(err.msg, "there is no @", "read: refused, said why");
	tap_ok(address_list_read("To", "al ice", "example.org", &l, &err) ==
		-1,
	    "read: a local part with a space is still refused");
	tap_is_str(address_domain_of("a@b.org"), "b.org", "domain of");
}

static int
build(char *const *to, size_t nto, char *const *cc, size_t ncc,
    char *const *bcc, size_t nbcc, int utf8, struct message *m,
    struct op_err *err)
{
	struct message_spec s;
	struct message_caps caps = { 0, utf8 };

	memset(&s, 0, sizeof s);
	s.from_name = "Ada";
	s.from_addr = ADA;
	s.to = to;
	s.nto = nto;
	s.cc = cc;
	s.ncc = ncc;
	s.bcc = bcc;
	s.nbcc = nbcc;
	s.subject = "names";
	s.body = "hi\n";
	s.body_len = 3;
	op_err_clear(err);
	return (message_build(&s, &caps, m, err));
}

/* Build with these To and Cc; the header must contain want. */
static void
built(const char *to, const char *cc, int utf8, const char *want,
    const char *rcpts, const char *what)
{
	struct message m;
	struct op_err  err;
	char	      *h;

	if (build((char *const *)&to, 1, (char *const *)&cc, cc != NULL, NULL,
		0, utf8, &m, &err) != 0) {
		tap_ok(0, "%s: built", what);
		tap_diag("error", err.msg, "");
		return;
	}
	h = header_of(&m);
	TAP_CONTAINS(h, want, "%s: header", what);
	tap_ok(strcmp(rcpts_of(&m), rcpts) == 0, "%s: envelope %s", what,
	    rcpts);
	free(h);
	message_free(&m);
}

static void
test_build(void)
{
	struct message m;
	struct op_err  err;
	char	      *bcc[] = { "hidden@z.org" }, *to[] = { "nobody:;" };

	built("Bob Builder <bob@x.org>", NULL, 0,
	    "\r\nTo: Bob Builder <bob@x.org>\r\n", "bob@x.org", "plain name");
	built("\"Builder, Bob\" <bob@x.org>, \"Dr. Bob\" <drb@x.org>", NULL, 0,
	    "\r\nTo: \"Builder, Bob\" <bob@x.org>, \"Dr. Bob\" <drb@x.org>\r\n",
	    "bob@x.org drb@x.org", "names that need quoting");
	built("bob@x.org", "Dave \xc3\x89xample <dave@x.org>", 0,
	    "\r\nCc: Dave =?utf-8?q?=C3=89xample?= <dave@x.org>\r\n",
	    "bob@x.org dave@x.org", "non-ASCII name, RFC 2047");
	built("bob@x.org", "Dave \xc3\x89xample <dave@x.org>", 1,
	    "\r\nCc: \"Dave \xc3\x89xample\" <dave@x.org>\r\n",
	    "bob@x.org dave@x.org", "non-ASCII name, SMTPUTF8");
	built("=?utf-8?q?Zo=C3=AB?= <zoe@x.org>", NULL, 0,
	    "\r\nTo: =?utf-8?q?Zo=C3=AB?= <zoe@x.org>\r\n", "zoe@x.org",
	    "an encoded name is not encoded twice");
	built("bob@x.org (Bob Builder)", NULL, 0,
	    "\r\nTo: Bob Builder <bob@x.org>\r\n", "bob@x.org",
	    "a comment becomes the name");
	built("team: a@x.org, Bee <b@y.org>;, c@z.org", NULL, 0,
	    "\r\nTo: team: a@x.org, Bee <b@y.org>;, c@z.org\r\n",
	    "a@x.org b@y.org c@z.org", "a group kept");
	built("\"Team, A\": a@x.org;", NULL, 0,
	    "\r\nTo: \"Team, A\": a@x.org;\r\n", "a@x.org",
	    "a group's name quoted");
	built("alice, Bob <bob>", NULL, 0,
	    "\r\nTo: alice@umich.edu, Bob <bob@umich.edu>\r\n",
	    "alice@umich.edu bob@umich.edu", "bare local parts qualified");

	tap_ok(build((char *const *)(char *[]){ "undisclosed-recipients:;" },
		   1, NULL, 0, bcc, 1, 0, &m, &err) == 0,
	    "an empty group and a Bcc: built");
	if (err.code == OP_OK) {
		TAP_CONTAINS(m.data, "\r\nTo: undisclosed-recipients: ;\r\n",
		    "an empty group in To");
		tap_is_str(rcpts_of(&m), "hidden@z.org",
		    "an empty group: only the Bcc in the envelope");
		message_free(&m);
	}
	tap_ok(build(to, 1, NULL, 0, NULL, 0, 0, &m, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "a group alone is no recipient");
	TAP_CONTAINS(err.msg, "no recipients", "no recipients: said");
}

static int
prep(const char *in, int headers, const char *rcpt, struct message *m,
    struct op_err *err)
{
	char *rc[] = { (char *)rcpt };

	op_err_clear(err);
	return (message_prepare(in, strlen(in), ADA, "Ada Lovelace", headers,
	    rc, rcpt != NULL, m, err));
}

/* cron (Debian 12's 3.0pl1-162, do_command.c) writes exactly this. */
static const char cron_mail[] = "From: root (Cron Daemon)\n"
				"To: ada\n"
				"Subject: Cron <ada@host> echo hi\n"
				"MIME-Version: 1.0\n"
				"Content-Type: text/plain; charset=UTF-8\n"
				"Content-Transfer-Encoding: 8bit\n"
				"X-Cron-Env: <SHELL=/bin/sh>\n"
				"X-Cron-Env: <HOME=/home/ada>\n"
				"X-Cron-Env: <LOGNAME=ada>\n"
				"\n"
				"hi\n";

static void
test_prepare_local(void)
{
	struct message m;
	struct op_err  err;
	char	      *h;

	tap_ok(prep(cron_mail, 0, "ada", &m, &err) == 0,
	    "cron's message: accepted");
	if (err.code != OP_OK)
		tap_diag("error", err.msg, "");
	if (err.code == OP_OK) {
		h = header_of(&m);
		TAP_CONTAINS(h, "\r\nFrom: Cron Daemon <ada@umich.edu>\r\n",
		    "cron: From is the account, the comment its name");
		TAP_CONTAINS(h, "\r\nTo: ada@umich.edu\r\n",
		    "cron: To qualified");
		TAP_CONTAINS(h,
		    "\r\nSubject: Cron <ada@host> echo hi\r\n"
		    "MIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n"
		    "X-Cron-Env: <SHELL=/bin/sh>\r\n",
		    "cron: the other fields byte-exact");
		tap_ok(strstr(h, "root") == NULL, "cron: no bare root left");
		tap_is_str(rcpts_of(&m), "ada@umich.edu",
		    "cron: the argument qualified");
		free(h);
		message_free(&m);
	}

	tap_ok(prep("From: ada\nSender: root\nTo: alice,  Bob   <bob@x.org>\n"
		    "Cc:  carol@x.org  (C)\nReply-To: dave\nBcc: eve\n\nhi\n",
		   1, NULL, &m, &err) == 0,
	    "-t with local users: accepted");
	if (err.code == OP_OK) {
		h = header_of(&m);
		TAP_CONTAINS(h, "\r\nFrom: Ada Lovelace <ada@umich.edu>\r\n",
		    "-t: a From without a name takes the account's");
		TAP_CONTAINS(h, "\r\nSender: Ada Lovelace <ada@umich.edu>\r\n",
		    "-t: Sender too");
		TAP_CONTAINS(h, "\r\nTo: alice@umich.edu, Bob <bob@x.org>\r\n",
		    "-t: To written again, name kept");
		TAP_CONTAINS(h, "\r\nCc:  carol@x.org  (C)\r\n",
		    "-t: a Cc that needed nothing is byte-exact");
		TAP_CONTAINS(h, "\r\nReply-To: dave@umich.edu\r\n",
		    "-t: Reply-To qualified");
		tap_ok(strstr(h, "Bcc") == NULL && strstr(h, "eve") == NULL,
		    "-t: Bcc dropped");
		tap_is_str(rcpts_of(&m),
		    "alice@umich.edu bob@x.org carol@x.org eve@umich.edu",
		    "-t: envelope qualified");
		free(h);
		message_free(&m);
	}
	tap_ok(prep("From: Eve <eve@evil.org>\nTo: b@x.org\n\nhi\n", 1, NULL,
		   &m, &err) == -1 &&
		err.code == OP_EPOLICY,
	    "a foreign full address in From is still refused");
	tap_ok(prep("To: bob@x.org\n\nhi\n", 0, "Bob <bob@x.org>", &m, &err) ==
		    0 &&
		strcmp(rcpts_of(&m), "bob@x.org") == 0,
	    "an argument with a name gives its address");
	message_free(&m);
}

/* A header-less input: accepted, the body exactly body. */
static void
headerless(const char *in, const char *body, const char *what)
{
	struct message m;
	struct op_err  err;
	const char    *b;

	if (prep(in, 0, "bob", &m, &err) != 0) {
		tap_ok(0, "%s: accepted", what);
		tap_diag("error", err.msg, "");
		return;
	}
	b = strstr(m.data, "\r\n\r\n");
	tap_ok(b != NULL && strcmp(b + 4, body) == 0, "%s: the body", what);
	TAP_CONTAINS(m.data, "\r\nTo: undisclosed-recipients: ;\r\n",
	    "%s: To undisclosed", what);
	TAP_CONTAINS(m.data, "From: Ada Lovelace <ada@umich.edu>\r\n",
	    "%s: From added", what);
	TAP_CONTAINS(m.data, "\r\nMessage-ID: <", "%s: Message-ID added",
	    what);
	tap_ok(strncmp(m.data, "Date: ", 6) == 0, "%s: Date added", what);
	tap_ok(strcmp(rcpts_of(&m), "bob@umich.edu") == 0,
	    "%s: envelope bob@umich.edu", what);
	message_free(&m);
}

static void
test_headerless(void)
{
	struct message m;
	struct op_err  err;

	headerless("hi\n", "hi\r\n", "a body alone");
	headerless("", "", "an empty message");
	headerless("Subject foo\nbar\n", "Subject foo\r\nbar\r\n",
	    "a first line without a colon");
	headerless(" indented: x\n", " indented: x\r\n",
	    "a first line beginning with a space");
	headerless("\nafter a blank line\n", "after a blank line\r\n",
	    "an empty header");
	tap_ok(prep("hi\n", 1, NULL, &m, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "-t and no header: refused");
	TAP_CONTAINS(err.msg, "no header, so -t finds no To",
	    "-t and no header: said why");
	tap_ok(prep("Bcc: b@x.org\nSubject: s\n\nhi\n", 1, NULL, &m, &err) ==
		    0 &&
		strstr(m.data, "\r\nTo: undisclosed-recipients: ;\r\n") !=
		    NULL,
	    "-t with only a Bcc: To undisclosed-recipients added");
	message_free(&m);
	tap_ok(prep("To: b@x.org\nSubject: s\n\nhi\n", 1, NULL, &m, &err) ==
		    0 &&
		strstr(m.data, "undisclosed") == NULL,
	    "a To: nothing added");
	message_free(&m);
}

int
main(void)
{
	test_read();
	test_build();
	test_prepare_local();
	test_headerless();
	return (tap_done());
}
