/*
 * test-message.c -- message_build (headers, Bcc, Message-ID, Date, CR/LF
 * in every field, encodings, attachments) and message_prepare (From
 * policy, added fields, recipients from the header, Bcc dropped, NUL and
 * bare CR (test-message-7bit.c has the conversions), no recipients, body
 * kept).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "mail/message.h"
#include "tap.h"

#define ADA "ada@umich.edu"

static char  tmpdir[] = "/tmp/outpost-test-message.XXXXXX";
static char *to1[] = { "bob@x.org" };
static char *cc1[] = { "carol@y.org" };
static char *bcc1[] = { "hidden@z.org" };

static void
spec_init(struct message_spec *s, const char *body)
{
	memset(s, 0, sizeof *s);
	s->from_name = "Ada";
	s->from_addr = ADA;
	s->to = to1;
	s->nto = 1;
	s->cc = cc1;
	s->ncc = 1;
	s->bcc = bcc1;
	s->nbcc = 1;
	s->subject = "Hello";
	s->body = body;
	s->body_len = strlen(body);
}

static int
build(const struct message_spec *s, int eightbit, int utf8, struct message *m,
    struct op_err *err)
{
	struct message_caps caps = { eightbit, utf8 };

	op_err_clear(err);
	return (message_build(s, &caps, m, err));
}

/* The header section as a string (for TAP_CONTAINS). */
static char *
header_of(const struct message *m)
{
	const char *end = strstr(m->data, "\r\n\r\n");

	return (strndup(m->data,
	    end != NULL ? (size_t)(end - m->data) + 2 : m->len));
}

static int
crlf_only(const char *d, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (d[i] == '\n' && (i == 0 || d[i - 1] != '\r'))
			return (0);
		if (d[i] == '\r' && (i + 1 == len || d[i + 1] != '\n'))
			return (0);
	}
	return (1);
}

static size_t
longest_line(const char *d)
{
	size_t	    max = 0, n;
	const char *e;

	for (; (e = strstr(d, "\r\n")) != NULL; d = e + 2)
		if ((n = (size_t)(e - d)) > max)
			max = n;
	return (max);
}

static void
test_headers(void)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	char		   *h, id[128];
	size_t		    i;
	int		    hex = 1;

	spec_init(&s, "hi\n");
	tap_ok(build(&s, 0, 0, &m, &err) == 0, "build: plain message");
	h = header_of(&m);
	TAP_CONTAINS(h, "From: Ada <ada@umich.edu>\r\n", "build: From");
	TAP_CONTAINS(h, "To: bob@x.org\r\n", "build: To");
	TAP_CONTAINS(h, "Cc: carol@y.org\r\n", "build: Cc");
	TAP_CONTAINS(h, "Subject: Hello\r\n", "build: Subject");
	TAP_CONTAINS(h, "MIME-Version: 1.0\r\n", "build: MIME-Version");
	TAP_CONTAINS(h, "Content-Type: text/plain; charset=\"utf-8\"\r\n",
	    "build: text/plain UTF-8");
	tap_ok(strstr(m.data, "Bcc") == NULL && strstr(m.data, "bcc:") == NULL,
	    "build: no Bcc field");
	tap_ok(strstr(m.data, "hidden@z.org") == NULL,
	    "build: Bcc address nowhere in the bytes");
	tap_ok(m.nrcpts == 3 && strcmp(m.rcpts[2], "hidden@z.org") == 0,
	    "build: Bcc in the envelope recipients");
	tap_ok(strcmp(m.from, ADA) == 0, "build: envelope sender");
	tap_ok(crlf_only(m.data, m.len), "build: CRLF line ends only");
	tap_ok(strcmp(m.subject, "Hello") == 0, "build: subject kept");

	/* Message-ID: 32 random hex digits at the sender's domain. */
	for (i = 0; i < 32; i++)
		hex &= isxdigit((unsigned char)m.message_id[i]) != 0;
	tap_ok(hex && strcmp(m.message_id + 32, "@umich.edu") == 0,
	    "build: Message-ID is random hex @umich.edu: %s", m.message_id);
	snprintf(id, sizeof id, "Message-ID: <%s>\r\n", m.message_id);
	TAP_CONTAINS(h, id, "build: Message-ID field matches");
	free(h);
	snprintf(id, sizeof id, "%s", m.message_id);
	message_free(&m);
	build(&s, 0, 0, &m, &err);
	tap_ok(strcmp(id, m.message_id) != 0,
	    "build: Message-ID differs each time");
	message_free(&m);
	message_free(&m);
	tap_ok(m.data == NULL, "message_free: twice is harmless");
}

/* A reply's In-Reply-To and References (RFC 5322 3.6.4). */
static void
test_reply_ids(void)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	struct strbuf	    refs = STRBUF_INIT;
	char		   *h;
	int		    i;

	spec_init(&s, "hi\n");
	s.in_reply_to = "<b.2@x.org>";
	s.references = " <a.1@x.org>  <b.2@x.org> ";
	tap_ok(build(&s, 0, 0, &m, &err) == 0, "reply: built (%s)", err.msg);
	h = header_of(&m);
	TAP_CONTAINS(h, "In-Reply-To: <b.2@x.org>\r\n", "reply: In-Reply-To");
	TAP_CONTAINS(h, "References: <a.1@x.org> <b.2@x.org>\r\n",
	    "reply: References, blanks trimmed");
	free(h);
	message_free(&m);
	for (i = 0; i < 60; i++)
		strbuf_printf(&refs,
		    "<%d.long-reference-id@lists.example.org> ", i);
	s.references = refs.p;
	tap_ok(build(&s, 0, 0, &m, &err) == 0 && longest_line(m.data) <= 998 &&
		strstr(m.data, "<59.long-reference-id@lists.example.org>") !=
		    NULL,
	    "reply: 60 references, folded, every line within 998 octets");
	message_free(&m);
	strbuf_free(&refs);
	s.references = "<a@x.org>\r\nBcc: evil@example.org";
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EMESSAGE,
	    "reply: References with CR LF refused");
	TAP_CONTAINS(err.msg, "References", "the field named (%s)", err.msg);
	s.references = NULL;
	s.in_reply_to = "<no at sign> junk";
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EMESSAGE,
	    "reply: an In-Reply-To that is no message id refused");
	TAP_CONTAINS(err.msg, "In-Reply-To", "the field named (%s)", err.msg);
}

static void
test_date(void)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	struct tm	    tm;
	const char	   *d, *end;
	char		   *old;

	old = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;
	setenv("TZ", "IST-5:30", 1);
	tzset();
	spec_init(&s, "hi\n");
	build(&s, 0, 0, &m, &err);
	d = strstr(m.data, "Date: ");
	tap_ok(d != NULL, "date: present");
	memset(&tm, 0, sizeof tm);
	end = d != NULL ? strptime(d + 6, "%a, %d %b %Y %H:%M:%S %z", &tm) :
			  NULL;
	tap_ok(end != NULL && strncmp(end, "\r\n", 2) == 0,
	    "date: RFC 5322 form");
	tap_ok(end != NULL && tm.tm_gmtoff == 5 * 3600 + 30 * 60,
	    "date: zone +0530 (libetpan would write +0550)");
	TAP_CONTAINS(d, " +0530\r\n", "date: +0530 written");
	message_free(&m);
	setenv("TZ", "<-0330>3:30", 1);
	tzset();
	build(&s, 0, 0, &m, &err);
	TAP_CONTAINS(m.data, " -0330\r\n", "date: -0330 written");
	message_free(&m);
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

/* Build with one field made bad; expect OP_EMESSAGE naming it. */
static void
bad_field(struct message_spec *s, const char *want, const char *what)
{
	struct message m;
	struct op_err  err;

	tap_ok(build(s, 0, 0, &m, &err) == -1 && err.code == OP_EMESSAGE,
	    "line break refused: %s", what);
	TAP_CONTAINS(err.msg, want, "line break named: %s", what);
	tap_ok(m.data == NULL && m.nrcpts == 0, "nothing left on error: %s",
	    what);
}

static void
test_line_breaks(void)
{
	struct message_spec s;
	char		   *bad[] = { "bob@x.org\r\nBcc: e@evil.org" };
	char		    path[256];
	char		   *att[] = { path };
	FILE		   *f;

	spec_init(&s, "hi\n");
	s.subject = "Hi\r\nBcc: eve@evil.org";
	bad_field(&s,
	    "Subject: contains a line break; a header must be one line",
	    "Subject CRLF");
	s.subject = "Hi\nthere";
	bad_field(&s, "Subject: contains a line break", "Subject LF");
	s.subject = "Hi\rthere";
	bad_field(&s, "Subject: contains a line break", "Subject CR");
	spec_init(&s, "hi\n");
	s.from_name = "Ada\r\nX-Evil: 1";
	bad_field(&s, "From: contains a line break", "From name");
	spec_init(&s, "hi\n");
	s.to = bad;
	bad_field(&s, "To: contains a line break", "To");
	spec_init(&s, "hi\n");
	s.cc = bad;
	bad_field(&s, "Cc: contains a line break", "Cc");
	spec_init(&s, "hi\n");
	s.bcc = bad;
	bad_field(&s, "Bcc: contains a line break", "Bcc");
	spec_init(&s, "hi\n");
	snprintf(path, sizeof path, "%s/evil\nname.txt", tmpdir);
	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
	s.attach = att;
	s.nattach = 1;
	bad_field(&s, "Attachment file name: contains a line break",
	    "attachment file name");
	unlink(path);
}

static void
test_checks(void)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	char		   *bad[] = { "bob@" }, path[256];
	char		   *att[] = { path };

	op_err_clear(&err);
	tap_ok(message_header_check_len("Subject", "a\0b", 3, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "NUL in a header value refused");
	TAP_CONTAINS(err.msg, "Subject: contains a NUL byte", "NUL named");
	tap_ok(message_header_check("Subject", "fine\tvalue", &err) == 0,
	    "tab is fine");
	tap_ok(message_header_check("Subject", NULL, &err) == 0,
	    "NULL is fine");

	spec_init(&s, "hi\n");
	s.to = bad;
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EINVAL,
	    "bad To address refused");
	TAP_CONTAINS(err.msg,
	    "To: \"bob@\" is not a valid address: nothing after the @",
	    "bad To address named");
	spec_init(&s, "hi\n");
	s.from_addr = "ada";
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EINVAL,
	    "bad From address refused");
	TAP_CONTAINS(err.msg, "From: \"ada\"", "bad From named");
	spec_init(&s, "hi\n");
	s.nto = s.ncc = s.nbcc = 0;
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EMESSAGE,
	    "no recipients refused");
	TAP_CONTAINS(err.msg, "no recipients", "no recipients named");
	spec_init(&s, "hi\n");
	s.subject = "bad \xff utf-8";
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EMESSAGE,
	    "invalid UTF-8 subject refused");

	spec_init(&s, "hi\n");
	snprintf(path, sizeof path, "%s/no-such-file.pdf", tmpdir);
	s.attach = att;
	s.nattach = 1;
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EIO,
	    "missing attachment: OP_EIO");
	TAP_CONTAINS(err.msg, path, "missing attachment: path named");
	snprintf(path, sizeof path, "%s", tmpdir);
	tap_ok(build(&s, 0, 0, &m, &err) == -1 && err.code == OP_EIO,
	    "directory attachment: OP_EIO");
	TAP_CONTAINS(err.msg, "is a directory", "directory named");
}

static void
test_encodings(void)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	char		   *h, *longbody;

	spec_init(&s, "plain ascii\n");
	build(&s, 0, 0, &m, &err);
	TAP_CONTAINS(m.data, "Content-Transfer-Encoding: 7bit\r\n",
	    "body: ASCII goes 7bit");
	message_free(&m);

	spec_init(&s,
	    "Gr\xc3\xbc\xc3\x9f"
	    "e\n");
	build(&s, 0, 0, &m, &err);
	TAP_CONTAINS(m.data, "Content-Transfer-Encoding: quoted-printable\r\n",
	    "body: UTF-8 without 8BITMIME goes QP");
	TAP_CONTAINS(m.data, "Gr=C3=BC=C3=9Fe\r\n", "body: QP bytes");
	tap_ok(!m.eightbit, "body: QP needs no 8BITMIME");
	message_free(&m);
	build(&s, 1, 0, &m, &err);
	TAP_CONTAINS(m.data, "Content-Transfer-Encoding: 8bit\r\n",
	    "body: UTF-8 with 8BITMIME goes 8bit");
	tap_ok(m.eightbit, "body: 8bit flagged for BODY=8BITMIME");
	message_free(&m);

	longbody = malloc(1200);
	memset(longbody, 'x', 1200);
	memcpy(longbody + 1190, "\xc3\xa9 end.\n", 9);
	longbody[1199] = '\0';
	spec_init(&s, longbody);
	build(&s, 1, 0, &m, &err);
	TAP_CONTAINS(m.data, "quoted-printable",
	    "body: line over 998 goes QP even with 8BITMIME");
	tap_ok(longest_line(m.data) <= 76, "body: QP lines at most 76");
	message_free(&m);
	free(longbody);

	spec_init(&s, "tail \nFrom here\n.\n\tx\t\nend");
	build(&s, 0, 0, &m, &err);
	TAP_CONTAINS(m.data,
	    "\r\n\r\ntail=20\r\n=46rom here\r\n=2E\r\n\tx=09\r\nend=\r\n",
	    "body: trailing blanks, From, dot, no final newline");
	message_free(&m);

	spec_init(&s, "");
	tap_ok(build(&s, 0, 0, &m, &err) == 0 &&
		strcmp(m.data + m.len - 4, "\r\n\r\n") == 0,
	    "body: empty");
	message_free(&m);

	spec_init(&s, "hi\n");
	s.subject = "Gr\xc3\xbc\xc3\x9f"
		    "e \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x93\xa7";
	s.from_name = "Ada L\xc3\xb6velace";
	build(&s, 0, 0, &m, &err);
	h = header_of(&m);
	TAP_CONTAINS(h,
	    "Subject: =?utf-8?b?R3LDvMOfZSDigJMg5p2x5LqsIPCfk6c=?=\r\n",
	    "subject: RFC 2047 B");
	TAP_CONTAINS(h, "From: Ada =?utf-8?b?TMO2dmVsYWNl?= <ada@umich.edu>",
	    "from: name encoded word by word");
	tap_ok(!m.smtputf8 && strcmp(m.subject, s.subject) == 0,
	    "subject: no SMTPUTF8 needed; decoded kept");
	free(h);
	message_free(&m);
	build(&s, 0, 1, &m, &err);
	h = header_of(&m);
	TAP_CONTAINS(h,
	    "Subject: Gr\xc3\xbc\xc3\x9f"
	    "e",
	    "subject: raw UTF-8 with SMTPUTF8");
	TAP_CONTAINS(h, "From: \"Ada L\xc3\xb6velace\" <",
	    "from: raw UTF-8 name with SMTPUTF8");
	tap_ok(m.smtputf8, "SMTPUTF8 flagged");
	free(h);
	message_free(&m);

	spec_init(&s, "hi\n");
	s.subject =
	    "a very long subject line that goes on and on, well past the seventy-eight characters a header line should have";
	build(&s, 0, 0, &m, &err);
	h = header_of(&m);
	TAP_CONTAINS(h, "past the\r\n seventy-eight", "subject: folded");
	tap_ok(longest_line(h) <= 78, "subject: lines at most 78");
	free(h);
	message_free(&m);
}

static void
test_attachments(void)
{
	struct message_spec s;
	struct message	    m;
	struct op_err	    err;
	char		    p1[256], p2[256];
	char		   *att[] = { p1, p2 };
	FILE		   *f;

	snprintf(p1, sizeof p1, "%s/report.pdf", tmpdir);
	snprintf(p2, sizeof p2, "%s/R\xc3\xa9sum\xc3\xa9.txt", tmpdir);
	if ((f = fopen(p1, "w")) != NULL) {
		fputs("%PDF-1.4\n%%EOF\n", f);
		fclose(f);
	}
	if ((f = fopen(p2, "w")) != NULL) {
		fputs("text\n", f);
		fclose(f);
	}
	spec_init(&s, "see attached\n");
	s.attach = att;
	s.nattach = 2;
	tap_ok(build(&s, 0, 0, &m, &err) == 0, "attach: built");
	TAP_CONTAINS(m.data,
	    "Content-Type: multipart/mixed; \r\n boundary=\"=_outpost_",
	    "attach: multipart/mixed");
	TAP_CONTAINS(m.data,
	    "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
	    "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n",
	    "attach: PDF type, base64, disposition");
	TAP_CONTAINS(m.data, "JVBERi0xLjQKJSVFT0YK\r\n",
	    "attach: base64 data");
	TAP_CONTAINS(m.data, "filename*=utf-8''R%C3%A9sum%C3%A9.txt",
	    "attach: RFC 2231 file name");
	TAP_CONTAINS(m.data, "name=\"=?utf-8?",
	    "attach: RFC 2047 name= fallback");
	tap_ok(crlf_only(m.data, m.len), "attach: CRLF only");
	tap_ok(longest_line(m.data) <= 78, "attach: lines at most 78");
	message_free(&m);
	unlink(p1);
	unlink(p2);
}

/* message_prepare with the account ada@umich.edu, "Ada". */
static int
prep(const char *in, int headers, char **rc, size_t nrc, struct message *m,
    struct op_err *err)
{
	op_err_clear(err);
	return (message_prepare(in, strlen(in), ADA, "Ada", headers, rc, nrc,
	    m, err));
}

static void
test_prepare(void)
{
	struct message	  m;
	struct op_err	  err;
	char		 *rc[] = { "extra@w.org" };
	static const char nul[] = "To: b@x.org\nSubject: a\0b\n\nhi\n";

	tap_ok(prep("From: eve@evil.org\nTo: b@x.org\n\nhi\n", 1, NULL, 0, &m,
		   &err) == -1 &&
		err.code == OP_EPOLICY,
	    "prepare: other From refused");
	TAP_CONTAINS(err.msg,
	    "From: eve@evil.org is not your address ada@umich.edu",
	    "prepare: From named");
	tap_ok(
	    prep(
		"From: A <ada@umich.edu>\nSender: eve@evil.org\nTo: b@x.org\n\nhi\n",
		1, NULL, 0, &m, &err) == -1 &&
		err.code == OP_EPOLICY,
	    "prepare: other Sender refused");
	tap_ok(prep("From: ADA@UMICH.EDU\nTo: b@x.org\n\nhi\n", 1, NULL, 0, &m,
		   &err) == 0,
	    "prepare: From compared without case");
	message_free(&m);

	tap_ok(prep("To: b@x.org\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n\n"
		    "line1\nline2 \n.\n",
		   1, NULL, 0, &m, &err) == 0,
	    "prepare: minimal message");
	TAP_CONTAINS(m.data, "Date: ", "prepare: Date added");
	TAP_CONTAINS(m.data, "From: Ada <ada@umich.edu>\r\n",
	    "prepare: From added");
	TAP_CONTAINS(m.data, "Message-ID: <", "prepare: Message-ID added");
	tap_ok(m.message_id != NULL &&
		strstr(m.message_id, "@umich.edu") != NULL,
	    "prepare: Message-ID at the account's domain");
	tap_ok(m.subject != NULL &&
		strcmp(m.subject,
		    "Gr\xc3\xbc\xc3\x9f"
		    "e") == 0,
	    "prepare: subject decoded");
	tap_ok(m.len > 22 &&
		strcmp(m.data + m.len - 22,
		    "\r\n\r\nline1\r\nline2 \r\n.\r\n") == 0,
	    "prepare: body kept, CRLF line ends");
	tap_ok(crlf_only(m.data, m.len), "prepare: CRLF only");
	message_free(&m);

	tap_ok(
	    prep(
		"Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <abc@x.org>\nFrom: ada@umich.edu\nTo: b@x.org\n\nhi\n",
		1, NULL, 0, &m, &err) == 0,
	    "prepare: complete message");
	tap_ok(strcmp(m.message_id, "abc@x.org") == 0 &&
		strstr(m.data, "Message-ID") == strrchr(m.data, '<') - 12,
	    "prepare: Message-ID kept, none added");
	tap_ok(strstr(strstr(m.data, "Date:") + 1, "Date:") == NULL,
	    "prepare: no second Date");
	message_free(&m);

	tap_ok(prep("From: ada@umich.edu\nTo: A <a@x.org>\nCc: c@y.org\n"
		    "Bcc: d@z.org,\n e@z.org\nSubject: s\n\nhi\n",
		   1, NULL, 0, &m, &err) == 0,
	    "prepare -t: built");
	tap_ok(m.nrcpts == 4 && strcmp(m.rcpts[0], "a@x.org") == 0 &&
		strcmp(m.rcpts[2], "d@z.org") == 0 &&
		strcmp(m.rcpts[3], "e@z.org") == 0,
	    "prepare -t: To, Cc, Bcc (folded) are recipients");
	tap_ok(strstr(m.data, "Bcc") == NULL &&
		strstr(m.data, "d@z.org") == NULL &&
		strstr(m.data, "e@z.org") == NULL,
	    "prepare -t: Bcc field dropped with its continuation");
	TAP_CONTAINS(m.data, "Subject: s\r\n", "prepare -t: next field kept");
	message_free(&m);

	tap_ok(prep("To: a@x.org\n\nhi\n", 1, rc, 1, &m, &err) == 0 &&
		m.nrcpts == 2,
	    "prepare -t: command-line recipients added");
	message_free(&m);
	tap_ok(prep("To: a@x.org\n\nhi\n", 0, rc, 1, &m, &err) == 0 &&
		m.nrcpts == 1 && strcmp(m.rcpts[0], "extra@w.org") == 0,
	    "prepare: without -t only the given recipients");
	message_free(&m);

	tap_ok(message_prepare(nul, sizeof nul - 1, ADA, NULL, 1, NULL, 0, &m,
		   &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: NUL refused");
	TAP_CONTAINS(err.msg, "header line 2", "prepare: NUL line named");
	TAP_CONTAINS(err.msg, "NUL", "prepare: NUL said");
	tap_ok(prep("To: b@x.org\nSubject: a\rb\n\nhi\n", 1, NULL, 0, &m,
		   &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: bare CR refused");
	TAP_CONTAINS(err.msg,
	    "header line 2 (\"Subject: a\") contains a bare CR",
	    "prepare: bare CR line named");
	tap_ok(prep("Subject: none\n\nhi\n", 1, NULL, 0, &m, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: no recipients refused");
	TAP_CONTAINS(err.msg, "no recipients", "prepare: no recipients said");
	tap_ok(prep("To: b@\n\nhi\n", 1, NULL, 0, &m, &err) == -1 &&
		err.code == OP_EINVAL,
	    "prepare: bad To refused");
	TAP_CONTAINS(err.msg, "To: \"b@\" is not a valid address",
	    "prepare: bad To named");
	tap_ok(prep("To: b@x.org\nDate: yesterday\n\nhi\n", 1, NULL, 0, &m,
		   &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: bad Date refused, not doubled");
	TAP_CONTAINS(err.msg, "Date: cannot be parsed (header line 2)",
	    "prepare: bad Date named");
	tap_ok(prep("To: b@x.org\nMessage-ID: <unclosed\n\nhi\n", 1, NULL, 0,
		   &m, &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: bad Message-ID refused");
	tap_ok(prep("To: b@x.org\nNot a header\n\nhi\n", 1, NULL, 0, &m,
		   &err) == -1 &&
		err.code == OP_EMESSAGE,
	    "prepare: non-header line refused");
	TAP_CONTAINS(err.msg, "header line 2", "prepare: line named");
	tap_ok(prep("To: b@x.org\n\nbare\rCR\n", 1, NULL, 0, &m, &err) == 0 &&
		strstr(m.data, "\r\n\r\nbare=0DCR\r\n") != NULL,
	    "prepare: bare CR in body sent in quoted-printable");
	message_free(&m);
	tap_ok(prep("To: b@x.org\r\nSubject: crlf\r\n\r\nx\r\n", 1, NULL, 0,
		   &m, &err) == 0 &&
		strcmp(m.data + m.len - 5, "\r\n\r\nx") != 0 &&
		strcmp(m.data + m.len - 7, "\r\n\r\nx\r\n") == 0,
	    "prepare: CRLF input kept as is");
	message_free(&m);
	tap_ok(prep("To: b@x.org\n", 1, NULL, 0, &m, &err) == 0 &&
		strcmp(m.data + m.len - 4, "\r\n\r\n") == 0,
	    "prepare: header only, empty body");
	message_free(&m);
}

/*
 * The Sent copy's Bcc: kept from -t's field as written (unfolded, never
 * in the bytes sent), written back into the copy after To/Cc, folded.
 */
static void
test_copy_bcc(void)
{
	static const char sent[] = "From: ada@umich.edu\r\nTo: b@x.org,\r\n"
				   " c@x.org\r\nCc: d@x.org\r\nSubject: s\r\n"
				   "\r\nTo: not a field\r\n";
	char *many[] = { "\"Doe, Jane\" <jane@x.org>, Bob Builder <bob@x.org>",
		"Grace Hopper <grace@navy.mil>, Ada Lovelace <ada@x.org>",
		"\xc3\x89lodie <e@x.org>" };
	struct message m;
	struct op_err  err;
	char	      *out, *line, *p;
	size_t	       len, longest = 0;

	tap_ok(prep("To: b@x.org\nBcc: \"Doe, Jane\" <jane@x.org>,\n"
		    "  c@x.org\nBcc:\nSubject: s\n\nhi\n",
		   1, NULL, 0, &m, &err) == 0,
	    "copy: -t message with a folded Bcc field");
	tap_ok(strstr(m.data, "Bcc") == NULL && strstr(m.data, "Jane") == NULL,
	    "copy: the bytes sent have no Bcc field");
	tap_ok(m.nbcc == 1, "copy: one Bcc text kept (the empty one is not)");
	tap_is_str(m.nbcc == 1 ? m.bcc[0] : NULL,
	    "\"Doe, Jane\" <jane@x.org>,  c@x.org",
	    "copy: as written, unfolded");
	message_free(&m);

	tap_ok(message_copy_bcc(sent, sizeof sent - 1, many, 1, &out, &len) ==
		    1 &&
		len == strlen(out),
	    "copy: a Bcc field added");
	TAP_CONTAINS(out,
	    "To: b@x.org,\r\n c@x.org\r\nCc: d@x.org\r\n"
	    "Bcc: \"Doe, Jane\" <jane@x.org>, Bob Builder <bob@x.org>\r\n"
	    "Subject: s\r\n\r\nTo: not a field\r\n",
	    "copy: after the last To/Cc field, the rest unchanged");
	tap_ok(len == sizeof sent - 1 + strlen("Bcc: \r\n") + strlen(many[0]),
	    "copy: its length is the message's and the field's");
	free(out);

	tap_ok(message_copy_bcc(sent, sizeof sent - 1, many, 3, &out, &len) ==
		1,
	    "copy: three texts");
	for (p = out; (line = strstr(p, "\r\n")) != NULL && line[2] != '\r';
	     p = line + 2)
		if ((size_t)(line - p) > longest)
			longest = (size_t)(line - p);
	tap_ok(longest <= 78, "copy: folded to 78 columns (%zu)", longest);
	TAP_CONTAINS(out,
	    "Bcc: \"Doe, Jane\" <jane@x.org>, Bob Builder <bob@x.org>,\r\n"
	    " Grace Hopper <grace@navy.mil>, Ada Lovelace <ada@x.org>,"
	    " \xc3\x89lodie <e@x.org>\r\nSubject",
	    "copy: folded after commas, UTF-8 names kept");
	free(out);

	tap_ok(message_copy_bcc("Subject: s\r\n\r\nbody\r\n", 21, many + 2, 1,
		   &out, &len) == 1,
	    "copy: no To or Cc");
	tap_is_str(out,
	    "Subject: s\r\nBcc: \xc3\x89lodie <e@x.org>\r\n\r\nbody\r\n",
	    "copy: at the end of the header");
	free(out);
	tap_ok(message_copy_bcc("bcc: x@y.org\r\n\r\nb\r\n", 19, many, 1, &out,
		   &len) == 0 &&
		out == NULL,
	    "copy: a message that has a Bcc field gets no second one");
	tap_ok(message_copy_bcc(sent, sizeof sent - 1, NULL, 0, &out, &len) ==
		0,
	    "copy: no texts, no copy");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (1);
	}
	test_headers();
	test_reply_ids();
	test_date();
	test_line_breaks();
	test_checks();
	test_encodings();
	test_attachments();
	test_prepare();
	test_copy_bcc();
	rmdir(tmpdir);
	return (tap_done());
}
