/*
 * test-outbox-model.c -- the Outbox screen's model without curses: rows
 * for each state, relative times, fitting UTF-8 text (wide characters,
 * invalid bytes) into 40 columns, the detail lines, wrapping, the view
 * text with headers and quoted-printable decoded, and reading a real outbox
 * (selection kept, recent sent items, change detection, which account's
 * items a refused login holds).
 */
#include <sys/stat.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "base/atomicfile.h"
#include "conf/config.h"
#include "conf/policy.h"
#include "outbox/outbox-model.h"
#include "store/runstate.h"
#include "tap.h"
#include "testutil.h"

#define NOW ((time_t)1800000000)

static int
width(const char *s)
{
	wchar_t wc;
	size_t	n;
	int	w = 0;

	while (*s != '\0') {
		n = mbrtowc(&wc, s, strlen(s), NULL);
		if (n == (size_t)-1 || n == (size_t)-2)
			return (-1);
		w += wcwidth(wc);
		s += n;
	}
	return (w);
}

static struct outbox_item
item(enum outbox_state st, const char *subject, char **rcpts, size_t n)
{
	struct outbox_item it;

	memset(&it, 0, sizeof it);
	snprintf(it.id, sizeof it.id, "20261128T000000Z-0123456789ab");
	it.state = st;
	it.subject = (char *)subject;
	it.rcpts = rcpts;
	it.nrcpts = n;
	it.from = (char *)"alice@mail.test";
	return (it);
}

static void
rel(time_t when, int sh, const char *want)
{
	char buf[32];

	outbox_model_rel_time(when, NOW, sh, buf, sizeof buf);
	tap_ok(strcmp(buf, want) == 0, "relative time %+ld s%s: \"%s\"",
	    (long)(when - NOW), sh ? " (short)" : "", want);
	if (strcmp(buf, want) != 0)
		tap_diag("relative time", buf, want);
}

static void
test_rel_time(void)
{
	rel(NOW + 4 * 60, 0, "in 4 min");
	rel(NOW + 4 * 60 + 10, 1, "in 4m");
	rel(NOW + 30, 0, "in 30 s");
	rel(NOW + 2 * 3600, 0, "in 2 h");
	rel(NOW + 3 * 86400, 0, "in 3 d");
	rel(NOW, 0, "just now");
	rel(NOW - 5, 1, "now");
	rel(NOW - 45, 0, "45 s ago");
	rel(NOW - 600, 0, "10 min ago");
	rel(NOW - 600, 1, "10m ago");
	rel(NOW - 5 * 3600, 0, "5 h ago");
}

static void
test_fit(void)
{
	char buf[256];
	int  used;

	used = outbox_model_fit("abc", 6, 0, buf, sizeof buf);
	tap_ok(strcmp(buf, "abc   ") == 0 && used == 3,
	    "short text is padded to the width");
	outbox_model_fit("abcdefgh", 5, 1, buf, sizeof buf);
	tap_ok(strcmp(buf, "abcd~") == 0, "long text is cut with ~ (ascii)");
	outbox_model_fit("Gr\xc3\xbc\xc3\x9f"
			 "e aus M\xc3\xbcnchen",
	    8, 0, buf, sizeof buf);
	tap_ok(strcmp(buf,
		   "Gr\xc3\xbc\xc3\x9f"
		   "e a\xe2\x80\xa6") == 0 &&
		width(buf) == 8,
	    "UTF-8 is cut between characters, with an ellipsis");
	outbox_model_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae", 5,
	    0, buf, sizeof buf);
	tap_ok(width(buf) == 5, "wide characters count two columns (%s)", buf);
	outbox_model_fit("a\x01"
			 "b\xff"
			 "c",
	    8, 0, buf, sizeof buf);
	tap_ok(strncmp(buf, "a?b?c", 5) == 0 && width(buf) == 8,
	    "control characters and invalid bytes show as '?'");
	outbox_model_fit("abcdef", 6, 0, buf, sizeof buf);
	tap_ok(strcmp(buf, "abcdef") == 0, "text exactly as wide is not cut");
	/* A terminal that is not UTF-8 shows every non-ASCII cell as '?'. */
	used = outbox_model_fit("\xe6\x97\xa5\xe6\x9c\xacx", 6, 1, buf,
	    sizeof buf);
	tap_ok(strcmp(buf, "??x   ") == 0 && used == 3,
	    "ascii: a wide character is one '?' (%s)", buf);
	outbox_model_fit("Gr\xc3\xbc\xc3\x9f"
			 "e aus M\xc3\xbcnchen",
	    8, 1, buf, sizeof buf);
	tap_ok(strcmp(buf, "Gr??e a~") == 0,
	    "ascii: letters the terminal cannot show are '?', cut with ~");
}

static void
row(const struct outbox_item *it, int cols, const char *want, const char *what)
{
	char buf[1024];

	outbox_model_row(it, NULL, NOW, cols, 0, buf, sizeof buf);
	tap_ok(width(buf) == cols, "%s: exactly %d columns", what, cols);
	TAP_CONTAINS(buf, want, "%s: %s", what, want);
}

/* A held item: the words over the state and time columns, no next try. */
static void
held_rows(void)
{
	char		  *one[] = { (char *)"bob@mail.test" };
	struct outbox_item it = item(OUTBOX_DEFERRED, "Lunch?", one, 1);
	char		   buf[1024];
	int		   cols[] = { 40, 80, 20 };
	const char	  *want[] = { "needs password    Lunch?",
		       "needs password        2 Lunch?", "needs password" };
	size_t		   i;

	it.attempts = 2;
	it.next_attempt = NOW + 240;
	for (i = 0; i < 3; i++) {
		outbox_model_row(&it, "refused", NOW, cols[i], 0, buf,
		    sizeof buf);
		tap_ok(width(buf) == cols[i] &&
			strncmp(buf, want[i], strlen(want[i])) == 0 &&
			strstr(buf, "in 4") == NULL,
		    "held at %d: '%s' with no next try (%s)", cols[i], want[i],
		    buf);
	}
}

static void
test_rows(void)
{
	char *one[] = { (char *)"bob@mail.test" };
	char *three[] = { (char *)"bob@mail.test", (char *)"carol@mail.test",
		(char *)"dave@mail.test" };
	const char	  *utf = "Gr\xc3\xbc\xc3\x9f"
				 "e aus M\xc3\xbcnchen und \xe6\x97\xa5\xe6\x9c\xac";
	struct outbox_item it;
	char		   buf[1024];

	it = item(OUTBOX_DEFERRED, "Lunch?", one, 1);
	it.attempts = 2;
	it.next_attempt = NOW + 240;
	row(&it, 40, "deferred  in 4m   Lunch?", "deferred at 40");
	row(&it, 80, "deferred  in 4 min    2 Lunch?", "deferred at 80");
	row(&it, 80, "bob@mail.test", "deferred at 80 shows the recipient");
	it.next_attempt = NOW - 5;
	row(&it, 40, "deferred  now", "deferred and due");
	it = item(OUTBOX_QUEUED, "Hi", three, 3);
	row(&it, 120, "bob@mail.test, carol@mail.test, dave",
	    "queued, wide: all recipients");
	row(&it, 40, "queued    now     Hi", "queued at 40");
	outbox_model_row(&it, NULL, NOW, 50, 0, buf, sizeof buf);
	TAP_CONTAINS(buf, "+2", "narrow: first recipient and how many more");
	it = item(OUTBOX_FAILED, "Report", one, 1);
	it.last_attempt = NOW - 600;
	row(&it, 40, "failed    10m ago Report", "failed: how long ago");
	it = item(OUTBOX_UNCERTAIN, "Invoice", one, 1);
	it.last_attempt = NOW - 3 * 3600;
	row(&it, 60, "uncertain 3 h ago", "uncertain at 60");
	it = item(OUTBOX_SENT, "Done", one, 1);
	it.sent_at = NOW - 120;
	row(&it, 40, "sent      2m ago  Done", "sent");
	it.copy = OUTBOX_COPY_PENDING;
	it.copy_next_attempt = NOW + 300;
	row(&it, 40, "copy wait in 5m   Done", "sent, copy pending is marked");
	it = item(OUTBOX_SENDING, NULL, one, 1);
	row(&it, 40, "sending   now     (no subject)", "sending, no subject");
	it = item(OUTBOX_DEFERRED, utf, one, 1);
	it.next_attempt = NOW + 60;
	row(&it, 40,
	    "Gr\xc3\xbc\xc3\x9f"
	    "e",
	    "UTF-8 subject at 40");
	outbox_model_row(&it, NULL, NOW, 40, 0, buf, sizeof buf);
	TAP_CONTAINS(buf, "\xe2\x80\xa6",
	    "the long UTF-8 subject is cut with an ellipsis");
	tap_ok(strstr(buf, "\xe6\x97\xa5") == NULL,
	    "the part that does not fit is left out");
	row(&it, 41,
	    "Gr\xc3\xbc\xc3\x9f"
	    "e",
	    "UTF-8 subject at 41");
	row(&it, 132, "\xe6\x97\xa5\xe6\x9c\xac",
	    "UTF-8 subject at 132, whole");
	row(&it, 20, "deferred", "at 20 columns only the state");
	held_rows();
	outbox_model_header(40, 0, buf, sizeof buf);
	tap_ok(width(buf) == 40 && strncmp(buf, "State", 5) == 0 &&
		strstr(buf, "Subject") != NULL,
	    "the header row lines up (%s)", buf);
}

static void
test_detail(void)
{
	char		  *one[] = { (char *)"bob@mail.test" };
	struct outbox_item it = item(OUTBOX_DEFERRED, "Lunch?", one, 1);
	char		  *d, *v;

	it.attempts = 3;
	it.next_attempt = NOW + 240;
	it.last_error = (char
		*)"cannot connect to 127.0.0.1 port 10499: connection refused";
	it.last_reply = (char *)"421 4.7.0 Try again later";
	d = outbox_model_detail(&it, NULL, NOW);
	TAP_CONTAINS(d, "Deferred after 3 attempts; next try in 4 min",
	    "detail: attempts and the next try");
	TAP_CONTAINS(d, "Error: cannot connect to 127.0.0.1 port 10499",
	    "detail: the last error");
	TAP_CONTAINS(d, "Server said: 421 4.7.0",
	    "detail: the server's reply");
	TAP_CONTAINS(d, "To: bob@mail.test", "detail: the recipients");
	free(d);
	d = outbox_model_detail(&it, "the server refused the password", NOW);
	TAP_CONTAINS(d,
	    "Needs password after 3 attempts: not tried again until you retry it",
	    "detail: held, nothing retries it until the user acts");
	tap_ok(strstr(d, "next try") == NULL, "detail: held, no next try");
	TAP_CONTAINS(d, "Error: cannot connect",
	    "detail: held, the last error (the advice) follows");
	free(d);
	it.last_error = NULL;
	d = outbox_model_detail(&it, "the server refused the password", NOW);
	TAP_CONTAINS(d, "Error: the server refused the password",
	    "detail: held, no last error: the hold's words");
	free(d);
	it.last_error = (char
		*)"cannot connect to 127.0.0.1 port 10499: connection refused";
	it.state = OUTBOX_UNCERTAIN;
	d = outbox_model_detail(&it, NULL, NOW);
	TAP_CONTAINS(d, "Resend it, or mark it sent",
	    "detail: uncertain says what to do");
	free(d);
	it.state = OUTBOX_SENT;
	it.sent_at = NOW - 60;
	it.copy = OUTBOX_COPY_PENDING;
	it.copy_attempts = 1;
	it.copy_error = (char *)"cannot connect to the IMAP server";
	d = outbox_model_detail(&it, NULL, NOW);
	TAP_CONTAINS(d,
	    "Sent copy pending (1 attempt, next due now): cannot connect",
	    "detail: the pending copy and its error");
	tap_ok(strstr(d, "Error:") == NULL, "detail: no old error once sent");
	free(d);
	{
		const char *files[] = { "report.pdf (1234 bytes)" };
		struct outbox_model_view mv = { "bob@mail.test", "", "",
			"Lunch?", "Hi\tthere\x01?\n", NULL, files, 1, NULL };
		struct outbox_model_view bad = { NULL, NULL, NULL, NULL, NULL,
			"not a message", NULL, 0, NULL };

		v = outbox_model_view_text(&it, &mv, 1000);
		TAP_CONTAINS(v, "Subject:     Lunch?",
		    "view: the facts first");
		TAP_CONTAINS(v,
		    "---- the message ----\nTo: bob@mail.test\nSubject: Lunch?\n\nHi      there??\n",
		    "view: decoded headers, the text with tabs as spaces and controls as '?', empty headers left out");
		TAP_CONTAINS(v, "[attachment: report.pdf (1234 bytes)]",
		    "view: the attachments");
		free(v);
		v = outbox_model_view_text(&it, &mv, 4);
		TAP_CONTAINS(v, "more bytes not shown",
		    "view: a long text is cut");
		free(v);
		v = outbox_model_view_text(&it, &bad, 1000);
		TAP_CONTAINS(v, "cannot be shown: not a message",
		    "view: a message that cannot be decoded says why");
		free(v);
		it.state = OUTBOX_DEFERRED;
		mv.held = "the server refused the password";
		v = outbox_model_view_text(&it, &mv, 1000);
		TAP_CONTAINS(v, "State:       needs password, 3 attempts",
		    "view: held, the state says so");
		tap_ok(strstr(v, "Next try:") == NULL,
		    "view: held, no next try");
		free(v);
	}
}

static void
test_wrap(void)
{
	const char *s = "Error: cannot connect to 127.0.0.1 port 10499";
	size_t	    n;

	n = outbox_model_wrap(s, strlen(s), 20, 0);
	tap_ok(n == 14 && strncmp(s, "Error: cannot ", n) == 0,
	    "wrap breaks after the last space that fits (%zu)", n);
	n = outbox_model_wrap("abcdefghijklmnop", 16, 5, 0);
	tap_ok(n == 5, "a word longer than the line is cut");
	n = outbox_model_wrap("ab\ncd", 5, 10, 0);
	tap_ok(n == 2, "wrap stops at a newline");
}

/* An item queued from account (NULL: the default). */
static void
enqueue_as(struct outbox *ob, const char *subject, const char *account,
    struct outbox_item *it)
{
	static const char     msg[] = "Subject: x\r\n\r\nx\r\n";
	struct atomicfile_mem mem = { msg, sizeof msg - 1 };
	struct outbox_extra   x = { 0 };
	char		     *rcpts[] = { (char *)"bob@mail.test" };
	struct op_err	      err = { 0 };

	x.account = account;
	if (outbox_enqueue_stream(ob, mem.len, atomicfile_mem_fill, &mem,
		"alice@mail.test", rcpts, 1, subject, NULL, &x, it,
		&err) != 0) {
		printf("Bail out! enqueue: %s\n", err.msg);
		exit(99);
	}
}

static void
enqueue(struct outbox *ob, const char *subject, struct outbox_item *it)
{
	enqueue_as(ob, subject, NULL, it);
}

static char *
tmpdir(void)
{
	char *d = strdup("/tmp/outpost-model.XXXXXX");

	if (d == NULL || mkdtemp(d) == NULL) {
		printf("Bail out! mkdtemp\n");
		exit(99);
	}
	return (d);
}

/* runner.held: every waiting item needs a password, until released. */
static void
load_held(struct outbox_model *m, struct outbox *ob, time_t now)
{
	struct op_err err = { 0 };

	tap_ok(outbox_model_held(m, 0) == NULL, "no hold: nothing is held");
	if (runstate_hold(ob->dir, "alice@mail.test:465", "refused", &err)) {
		printf("Bail out! hold: %s\n", err.msg);
		exit(99);
	}
	outbox_model_load(m, ob, NULL, now, &err);
	tap_ok(outbox_model_held(m, 0) != NULL &&
		strcmp(outbox_model_held(m, 0), "refused") == 0 &&
		outbox_model_held(m, 1) != NULL,
	    "held: each waiting item carries the hold's words");
	runstate_release(ob->dir);
	outbox_model_load(m, ob, NULL, now, &err);
	tap_ok(outbox_model_held(m, 0) == NULL &&
		outbox_model_held(m, 1) == NULL,
	    "released: nothing is held");
}

static void
test_load(void)
{
	struct outbox	    ob;
	struct outbox_model m;
	struct outbox_item  a, b, c;
	struct op_err	    err = { 0 };
	char		   *dir = tmpdir();
	int		    lock;
	size_t		    i;
	time_t		    now = time(NULL);

	if (outbox_open(dir, &ob, &err) != 0) {
		printf("Bail out! open: %s\n", err.msg);
		exit(99);
	}
	outbox_model_init(&m);
	enqueue(&ob, "first", &a);
	enqueue(&ob, "second", &b);
	enqueue(&ob, "third", &c);
	tap_ok(outbox_model_changed(&m, ob.dir, now),
	    "a new model wants reading");
	tap_ok(outbox_model_load(&m, &ob, NULL, now, &err) == 0 && m.n == 3 &&
		m.nunsent == 3,
	    "three queued items listed");
	outbox_model_move(&m, 1);
	tap_ok(m.sel == 1 && strcmp(m.sel_id, m.items[1].id) == 0,
	    "move down selects the second row");
	for (i = 0; i < m.n; i++)
		if (strcmp(m.items[i].id, b.id) == 0)
			outbox_model_move(&m, (long)i - (long)m.sel);
	/* b is sent: it moves to the sent part, the selection follows. */
	if (outbox_lock(&ob, &b, &lock, &err) != 0 ||
	    outbox_begin(&ob, &b, &err) != 0 ||
	    outbox_sent(&ob, &b, "250 2.0.0 Ok", &err) != 0) {
		printf("Bail out! sent: %s\n", err.msg);
		exit(99);
	}
	outbox_unlock(lock);
	tap_ok(outbox_model_changed(&m, ob.dir, now),
	    "a change on disk is noticed");
	tap_ok(outbox_model_load(&m, &ob, NULL, now, &err) == 0 && m.n == 3 &&
		m.nunsent == 2,
	    "two unsent, one recently sent");
	tap_ok(strcmp(outbox_model_selected(&m)->subject, "second") == 0 &&
		m.sel == 2 && m.items[2].state == OUTBOX_SENT,
	    "the selection stays on the same item, now sent");
	outbox_model_load(&m, &ob, NULL, now + 3 * OUTBOX_MODEL_SENT_AGE,
	    &err);
	tap_ok(m.n == 2, "old sent items are not shown");
	tap_ok(m.sel == 1,
	    "a selection that is gone moves to the nearest row");
	tap_ok(outbox_delete(&ob, b.id, &err) == 0, "delete the sent item");
	outbox_model_load(&m, &ob, NULL, now, &err);
	tap_ok(m.n == 2, "deleted: not listed");
	load_held(&m, &ob, now);
	tap_ok(!outbox_model_changed(&m, ob.dir, now + 10),
	    "no change on disk: no reading");
	outbox_model_move(&m, -5);
	tap_ok(m.sel == 0, "moving past the top stops at the first");
	outbox_model_move(&m, 99);
	tap_ok(m.sel == 1, "moving past the end stops at the last");
	outbox_model_free(&m);
	outbox_item_free(&a);
	outbox_item_free(&b);
	outbox_item_free(&c);
	outbox_close(&ob);
	if (tu_rm_rf(dir) != 0)
		printf("# could not remove %s\n", dir);
	free(dir);
}

/* Hold account a of cfg, as the runner does after a refused login. */
static void
hold(struct outbox *ob, const struct config *a, const char *why)
{
	struct op_err err = { 0 };
	struct policy pol;
	char	      account[600];

	if (policy_for_config(a, &pol, &err) != 0 ||
	    (runstate_account(a, &pol, account, sizeof account),
		policy_free(&pol),
		runstate_hold(ob->dir, account, why, &err)) != 0) {
		printf("Bail out! hold: %s\n", err.msg);
		exit(99);
	}
}

/* Whether item i of m is held with the words why (NULL: not held). */
static int
held_is(const struct outbox_model *m, size_t i, const char *why)
{
	const char *h = outbox_model_held(m, i);

	if (h == NULL || why == NULL)
		return (h == why);
	return (strcmp(h, why) == 0);
}

/* A refused login holds its own account's waiting items, no other's. */
static void
test_held_accounts(void)
{
	static const char   conf[] = "address = alice@umich.edu\n"
				     "username = alice\n"
				     "\n"
				     "[account isp]\n"
				     "policy = none\n"
				     "address = alice@example.net\n"
				     "username = alice@example.net\n"
				     "smtp.host = smtp.example.net\n"
				     "smtp.port = 587\n";
	struct outbox	    ob;
	struct outbox_model m;
	struct outbox_item  it[3];
	struct config	    cfg;
	struct op_err	    err = { 0 };
	char		   *dir = tmpdir();
	time_t		    now = time(NULL);
	size_t		    i;

	if (config_parse("cfg", conf, sizeof conf - 1, &cfg, &err) != 0 ||
	    outbox_open(dir, &ob, &err) != 0) {
		printf("Bail out! %s\n", err.msg);
		exit(99);
	}
	outbox_model_init(&m);
	enqueue_as(&ob, "from umich", NULL, &it[0]);
	enqueue_as(&ob, "from the isp", "isp", &it[1]);
	enqueue_as(&ob, "from a gone account", "gone", &it[2]);
	hold(&ob, config_account_find(&cfg, "isp"), "isp refused");
	outbox_model_load(&m, &ob, &cfg, now, &err);
	tap_ok(m.nunsent == 3 && held_is(&m, 1, "isp refused"),
	    "accounts: the held account's item needs a password");
	tap_ok(held_is(&m, 0, NULL),
	    "accounts: the default account's item is not held by it");
	tap_ok(held_is(&m, 2, NULL),
	    "accounts: nor an item of an account the config lacks");
	hold(&ob, &cfg, "umich refused");
	outbox_model_load(&m, &ob, &cfg, now, &err);
	tap_ok(held_is(&m, 0, "umich refused") &&
		held_is(&m, 1, "isp refused") && held_is(&m, 2, NULL),
	    "accounts: both held, each item with its own account's words");
	outbox_model_load(&m, &ob, NULL, now, &err);
	tap_ok(outbox_model_held(&m, 0) != NULL &&
		outbox_model_held(&m, 1) != NULL &&
		outbox_model_held(&m, 2) != NULL,
	    "accounts: no config to read: any hold holds every item");
	runstate_release(ob.dir);
	outbox_model_load(&m, &ob, &cfg, now, &err);
	tap_ok(held_is(&m, 0, NULL) && held_is(&m, 1, NULL),
	    "accounts: released, nothing is held");
	outbox_model_free(&m);
	for (i = 0; i < 3; i++)
		outbox_item_free(&it[i]);
	outbox_close(&ob);
	config_free(&cfg);
	if (tu_rm_rf(dir) != 0)
		printf("# could not remove %s\n", dir);
	free(dir);
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return (0);
	}
	setenv("TZ", "UTC", 1);
	test_rel_time();
	test_fit();
	test_rows();
	test_detail();
	test_wrap();
	test_load();
	test_held_accounts();
	return (tap_done());
}
