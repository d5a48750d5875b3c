/*
 * test-composer-complete.c -- completion for the composer: known
 * addresses (deduplicated without case, names filled in), prefix
 * matching on the address or a word of the name (UTF-8, without case),
 * addressbook.command output and running it without blocking, the
 * outbox's recipients, the word being completed, common prefixes that
 * never split a character, quoting names, and file-name completion.
 */
#include <sys/stat.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "composer/complete.h"
#include "store/outbox.h"
#include "base/strutil.h"
#include "tap.h"
#include "base/xmalloc.h"

static char tmpdir[] = "/tmp/outpost-test-complete.XXXXXX";

static const char *
matched(const struct addrbook *ab, const char *prefix, size_t k)
{
	size_t idx[16], n;

	n = addrbook_match(ab, prefix, idx, 16);
	return (k < n ? ab->v[idx[k]].address : NULL);
}

static void
test_book(void)
{
	struct addrbook ab;
	size_t		idx[16];
	char	       *s;

	addrbook_init(&ab);
	addrbook_add(&ab, "bob@mail.test", NULL);
	addrbook_add(&ab, "BOB@mail.test", "Bob Smith");
	addrbook_add(&ab, "Jürgen Müller <juergen@example.de>", NULL);
	addrbook_add(&ab, "élodie@example.fr", "Élodie Durand");
	addrbook_add(&ab, "not an address", NULL);
	addrbook_add(&ab, "bobby@mail.test", NULL);
	tap_ok(ab.n == 4, "deduplicated without case, junk dropped (%zu)",
	    ab.n);
	tap_is_str(ab.v[0].name, "Bob Smith", "a later name fills in");
	tap_is_str(ab.v[1].name, "Jürgen Müller", "\"Name <addr>\" is split");
	tap_is_str(ab.v[1].address, "juergen@example.de", "its address");

	tap_ok(addrbook_match(&ab, "bo", idx, 16) == 2, "two start with bo");
	tap_is_str(matched(&ab, "bo", 0), "bob@mail.test",
	    "sorted: bob first");
	tap_is_str(matched(&ab, "bo", 1), "bobby@mail.test", "then bobby");
	tap_is_str(matched(&ab, "SMI", 0), "bob@mail.test",
	    "a word of the name, any case");
	tap_is_str(matched(&ab, "mü", 0), "juergen@example.de",
	    "UTF-8 name word");
	tap_is_str(matched(&ab, "MÜLL", 0), "juergen@example.de",
	    "UTF-8 without case");
	tap_is_str(matched(&ab, "ÉLO", 0), "élodie@example.fr",
	    "UTF-8 address without case");
	tap_ok(addrbook_match(&ab, "zz", idx, 16) == 0, "no match");
	tap_ok(addrbook_match(&ab, "", idx, 16) == 4, "empty: every one");
	tap_ok(addrbook_match(&ab, "b", idx, 1) == 2 &&
		strcmp(ab.v[idx[0]].address, "bob@mail.test") == 0,
	    "the count is all, only max are filled");

	s = addr_entry_format(&ab.v[0]);
	tap_is_str(s, "Bob Smith <bob@mail.test>", "formatted with the name");
	free(s);
	free(ab.v[0].name);
	ab.v[0].name = xstrdup("Smith, Bob \"B\"");
	s = addr_entry_format(&ab.v[0]);
	tap_is_str(s, "\"Smith, Bob \\\"B\\\"\" <bob@mail.test>",
	    "a name with specials is quoted");
	free(s);
	s = addr_entry_format(&ab.v[3]);
	tap_is_str(s, "bobby@mail.test", "no name: the address");
	free(s);
	addrbook_free(&ab);
}

static void
test_parse(void)
{
	struct addrbook ab;
	const char     *out = "Searching database ... 2 entries found\n"
			      "ann@x.test\tAnn Lee\tfriends\n"
			      "li@x.test\t李 小龍\n"
			      "\n"
			      "ann@x.test\tAnn\n"
			      "broken line without tab\n"
			      "nobody@x.test";

	addrbook_init(&ab);
	addrbook_parse(&ab, out, strlen(out));
	tap_ok(ab.n == 3, "query output: 3 addresses (%zu)", ab.n);
	tap_is_str(ab.v[0].name, "Ann Lee", "the name, extra fields dropped");
	tap_is_str(matched(&ab, "李", 0), "li@x.test", "a CJK name matches");
	tap_ok(ab.v[2].name == NULL, "an address without a name");
	addrbook_free(&ab);
}

static void
test_tokens(void)
{
	char *v[3];
	char *s;

	tap_ok(addr_token_start("bob@x", 5) == 0, "one address: from 0");
	tap_ok(addr_token_start("bob@x, ca", 9) == 7,
	    "after the comma and the blank");
	tap_ok(addr_token_start("\"Smith, B\" <b@x>, c", 19) == 18,
	    "a comma inside quotes does not count");
	tap_ok(addr_token_start("a@x,b", 3) == 0, "the cursor decides");
	v[0] = "grüße";
	v[1] = "grün";
	v[2] = "grüß";
	s = complete_common_prefix(v, 3);
	tap_is_str(s, "grü", "common prefix keeps whole characters");
	free(s);
	v[0] = "日本";
	v[1] = "日曜";
	s = complete_common_prefix(v, 2);
	tap_is_str(s, "日", "never half of a character");
	free(s);
	s = complete_common_prefix(v, 0);
	tap_is_str(s, "", "of nothing: empty");
	free(s);
	tap_ok(complete_prefix_fold("Grüße", "GRÜ"), "fold: ü and Ü");
	tap_ok(!complete_prefix_fold("Gr", "Grü"), "a longer prefix");
}

static void
make_file(const char *dir, const char *name)
{
	char  path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
}

static void
test_paths(void)
{
	char   dir[300], typed[400], **v;
	size_t n;

	snprintf(dir, sizeof dir, "%s/files", tmpdir);
	mkdir(dir, 0700);
	make_file(dir, "report.pdf");
	make_file(dir, "report-2.pdf");
	make_file(dir, "Übersicht.txt");
	make_file(dir, ".hidden");
	snprintf(typed, sizeof typed, "%s/sub", dir);
	mkdir(typed, 0700);

	snprintf(typed, sizeof typed, "%s/rep", dir);
	tap_ok(path_complete(typed, &v, &n) == 0 && n == 2, "two reports");
	if (n == 2) {
		tap_ok(strstr(v[0], "/files/report-2.pdf") != NULL &&
			strstr(v[1], "/files/report.pdf") != NULL,
		    "sorted, as typed plus the rest");
	} else
		tap_ok(0, "sorted");
	strv_free(v, n);
	snprintf(typed, sizeof typed, "%s/", dir);
	tap_ok(path_complete(typed, &v, &n) == 0 && n == 4,
	    "all but the hidden one (%zu)", n);
	strv_free(v, n);
	snprintf(typed, sizeof typed, "%s/.h", dir);
	tap_ok(path_complete(typed, &v, &n) == 0 && n == 1,
	    "hidden when asked for");
	strv_free(v, n);
	snprintf(typed, sizeof typed, "%s/su", dir);
	tap_ok(path_complete(typed, &v, &n) == 0 && n == 1 &&
		v[0][strlen(v[0]) - 1] == '/',
	    "a directory ends in /");
	strv_free(v, n);
	snprintf(typed, sizeof typed, "%s/Ü", dir);
	tap_ok(path_complete(typed, &v, &n) == 0 && n == 1,
	    "a UTF-8 file name");
	strv_free(v, n);
	setenv("HOME", dir, 1);
	tap_ok(path_complete("~/rep", &v, &n) == 0 && n == 2 &&
		strcmp(v[0], "~/report-2.pdf") == 0,
	    "~/ is the home directory, kept as typed");
	strv_free(v, n);
	tap_ok(path_complete("/nonexistent-dir/x", &v, &n) == -1 && n == 0,
	    "a directory that is not there");
}

static void
test_outbox(void)
{
	struct outbox	   ob;
	struct outbox_item it;
	struct addrbook	   ab;
	struct op_err	   err = { 0 };
	char		  *rcpts[] = { "ann@x.test", "Bob@x.test" };
	char		  *rcpts2[] = { "bob@x.test" };
	const char	  *msg = "Subject: hi\r\n\r\nhello\r\n";

	if (outbox_open(tmpdir, &ob, &err) == -1) {
		tap_ok(0, "outbox_open: %s", err.msg);
		return;
	}
	tap_ok(outbox_enqueue(&ob, msg, strlen(msg), "me@x.test", rcpts, 2,
		   "hi", NULL, &it, &err) == 0,
	    "queue one");
	outbox_item_free(&it);
	tap_ok(outbox_enqueue(&ob, msg, strlen(msg), "me@x.test", rcpts2, 1,
		   "hi", NULL, &it, &err) == 0,
	    "queue another");
	outbox_item_free(&it);
	outbox_close(&ob);
	addrbook_init(&ab);
	tap_ok(addrbook_load_outbox(&ab, tmpdir, &err) == 0,
	    "recipients from the outbox");
	tap_ok(ab.n == 2, "each once (%zu)", ab.n);
	addrbook_free(&ab);
}

static void
test_words(void)
{
	char **w;
	size_t n = 0;

	w = str_split_words("abook --mutt-query 'a b' \"c\\\"d\" e\\ f", &n,
	    NULL);
	tap_ok(w != NULL && n == 5, "split into words (%zu)", n);
	if (w != NULL && n == 5) {
		tap_is_str(w[2], "a b", "single quotes");
		tap_is_str(w[3], "c\"d", "double quotes with an escape");
		tap_is_str(w[4], "e f", "an escaped blank");
	}
	strv_free(w, n);
	tap_ok(str_split_words("x 'open", &n, NULL) == NULL,
	    "an open quote: refused");
	tap_ok(str_split_words("   ", &n, NULL) == NULL, "nothing: refused");
}

static void
wait_query(struct addrquery *q, struct addrbook *ab)
{
	int i;

	for (i = 0; i < 500 && !addrquery_poll(q, ab); i++)
		usleep(10000);
}

static void
test_query(void)
{
	struct addrquery q;
	struct addrbook	 ab;
	struct op_err	 err = { 0 };

	addrbook_init(&ab);
	addrquery_init(&q);
	tap_ok(
	    addrquery_start(&q,
		"sh -c 'sleep 0.2; printf \"x\\n%s@q.test\\tQ %s\\n\" \"$1\" \"$1\"' sh",
		"zoë", &err) == 0,
	    "the query starts");
	tap_ok(addrquery_running(&q) && addrquery_poll(&q, &ab) == 0,
	    "and does not block while the command runs");
	wait_query(&q, &ab);
	tap_ok(!addrquery_running(&q), "finished");
	tap_ok(ab.n == 1 && strcmp(ab.v[0].address, "zoë@q.test") == 0,
	    "the prefix was its last argument");
	tap_is_str(ab.n == 1 ? ab.v[0].name : NULL, "Q zoë", "with the name");
	addrquery_stop(&q);
	tap_ok(addrquery_start(&q, "/nonexistent/abook", "a", &err) == 0,
	    "a missing command starts (fails in the child)");
	wait_query(&q, &ab);
	tap_ok(!addrquery_running(&q) && ab.n == 1, "and adds nothing");
	addrquery_stop(&q);
	tap_ok(addrquery_start(&q, "sleep 30", "a", &err) == 0, "a slow one");
	addrquery_stop(&q);
	tap_ok(!addrquery_running(&q), "is stopped at once");
	tap_ok(addrquery_start(&q, "'unbalanced", "a", &err) == -1,
	    "a bad command line is an error");
	TAP_CONTAINS(err.msg, "addressbook.command", "naming the setting");
	addrbook_free(&ab);
}

int
main(void)
{
	char cmd[300];

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (1);
	}
	test_book();
	test_parse();
	test_tokens();
	test_paths();
	test_outbox();
	test_words();
	test_query();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	(void)system(cmd);
	return (tap_done());
}
