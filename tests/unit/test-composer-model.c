/*
 * test-composer-model.c -- the composer's message without curses: a
 * draft round trip through the fields (UTF-8), one draft file per
 * message, the attachment-word warning, the empty-subject warning,
 * validation (To, failed address checks, unreadable attachments),
 * attaching, autosave timing, and the one-line field editor (UTF-8
 * cursor moves, words, delete, cut/paste, undo, scrolling), the From
 * account cycled and kept in the draft.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "composer/composer-model.h"
#include "conf/config.h"
#include "input/lineedit.h"
#include "base/strutil.h"
#include "tap.h"
#include "testutil.h"
#include "text/textbuf.h"
#include "base/xmalloc.h"

static char tmpdir[] = "/tmp/outpost-test-composer.XXXXXX";

static void
fill(struct composer_model *cm, const char *to, const char *subject,
    const char *body)
{
	lineedit_set(&cm->field[CF_TO], to);
	lineedit_set(&cm->field[CF_SUBJECT], subject);
	textbuf_load(cm->body, body, strlen(body));
	composer_model_touch(cm, time(NULL));
}

static void
test_round_trip(void)
{
	struct composer_model a, b;
	struct op_err	      err = { 0 };
	struct draft	      d;
	char		      path[256], *body, **ids;
	size_t		      len, n, i;

	composer_model_init(&a);
	composer_model_init(&b);
	fill(&a, "Bob <bob@mail.test>, carol@mail.test", "Grüße 日本",
	    "Hallo Bob,\n\nanbei 日本語 und 😀.\n-- \nAda");
	lineedit_set(&a.field[CF_CC], "dave@mail.test");
	lineedit_set(&a.field[CF_BCC], "eve@mail.test");
	snprintf(path, sizeof path, "%s/report.pdf", tmpdir);
	tu_spit(path, "%PDF-1.4 hello");
	tap_ok(composer_model_attach_add(&a, path, &err) == 0,
	    "attach a file");
	tap_ok(a.natt == 1 && a.att[0].size == 14, "its size");
	tap_is_str(a.att[0].type, "application/pdf", "its type for display");
	tap_ok(composer_model_save(&a, tmpdir, &err) == 0,
	    "saved as a draft: %s", err.msg);
	tap_ok(a.draft_id[0] != '\0' && !a.dirty, "an id, no longer dirty");

	tap_ok(draft_load(tmpdir, a.draft_id, &d, &err) == 0, "loads back");
	composer_model_from_draft(&b, &d);
	draft_free(&d);
	tap_is_str(lineedit_text(&b.field[CF_TO]),
	    "Bob <bob@mail.test>, carol@mail.test", "To");
	tap_is_str(lineedit_text(&b.field[CF_CC]), "dave@mail.test", "Cc");
	tap_is_str(lineedit_text(&b.field[CF_BCC]), "eve@mail.test", "Bcc");
	tap_is_str(lineedit_text(&b.field[CF_SUBJECT]), "Grüße 日本",
	    "UTF-8 subject");
	body = composer_model_body(&b, &len);
	tap_is_str(body, "Hallo Bob,\n\nanbei 日本語 und 😀.\n-- \nAda",
	    "body");
	free(body);
	tap_ok(b.natt == 1 && strcmp(b.att[0].path, path) == 0 &&
		b.att[0].size == 14,
	    "the attachment with its size");
	tap_is_str(b.draft_id, a.draft_id, "the same draft id");

	/* Saving the recovered message again replaces the same file. */
	lineedit_insert_str(&b.field[CF_SUBJECT], "!");
	composer_model_touch(&b, time(NULL));
	tap_ok(composer_model_save(&b, tmpdir, &err) == 0, "saved again");
	n = 0;
	ids = NULL;
	(void)draft_list(tmpdir, &ids, &n, &err);
	tap_ok(n == 1, "still one draft file (got %zu)", n);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);

	composer_model_clear(&b);
	tap_ok(composer_model_empty(&b) && b.draft_id[0] == '\0',
	    "clear: empty, a new draft");
	composer_model_free(&a);
	composer_model_free(&b);
}

static void
test_attachment_words(void)
{
	static const struct {
		const char *text;
		int	    want;
	} cases[] = {
		{ "Please see the attached file.", 1 },
		{ "ATTACHMENT follows", 1 },
		{ "I attach the report", 1 },
		{ "Enclosed is my CV", 1 },
		{ "nothing to see here", 0 },
		{ "> see the attached file\nquoted only", 0 },
		{ "reattachable is not the word", 0 },
		{ "Im Anhang die Datei", 1 },
		{ "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		tap_ok(composer_model_mentions_attachment(cases[i].text,
			   strlen(cases[i].text)) == cases[i].want,
		    "attachment words: \"%s\" -> %d", cases[i].text,
		    cases[i].want);
}

static void
test_warnings(void)
{
	struct composer_model cm;
	struct op_err	      err = { 0 };
	const char	     *w[2];
	char		      path[256];

	composer_model_init(&cm);
	fill(&cm, "bob@mail.test", "", "the file is attached");
	tap_ok(composer_model_warnings(&cm, w, 2) == 2, "two warnings");
	TAP_CONTAINS(w[0], "attach", "the first is about the attachment");
	TAP_CONTAINS(w[1], "subject", "the second about the subject");
	snprintf(path, sizeof path, "%s/a.txt", tmpdir);
	tu_spit(path, "x");
	composer_model_attach_add(&cm, path, &err);
	lineedit_set(&cm.field[CF_SUBJECT], "hi");
	tap_ok(composer_model_warnings(&cm, w, 2) == 0,
	    "none with a file and a subject");
	composer_model_free(&cm);
}

static void
test_validate(void)
{
	struct composer_model cm;
	struct op_err	      err = { 0 };
	char		      path[256];

	composer_model_init(&cm);
	fill(&cm, "  ", "s", "b");
	tap_ok(composer_model_validate(&cm, &err) == -1,
	    "an empty To is refused");
	TAP_CONTAINS(err.msg, "To", "naming To");
	lineedit_set(&cm.field[CF_TO], "bob@mail.test");
	lineedit_set(&cm.field[CF_CC], "bad@@");
	tap_ok(composer_model_validate(&cm, &err) == 0,
	    "not checked yet: passes here");
	composer_model_check_set(&cm, CF_CC, CHECK_BAD, "bad@@",
	    "bad@@ is not valid");
	tap_ok(composer_model_check_state(&cm, CF_CC) == CHECK_BAD,
	    "the check is kept");
	tap_ok(composer_model_validate(&cm, &err) == -1,
	    "a failed check is refused");
	TAP_CONTAINS(err.msg, "Cc: bad@@ is not valid", "naming the field");
	lineedit_insert_str(&cm.field[CF_CC], "x");
	tap_ok(composer_model_check_state(&cm, CF_CC) == CHECK_NONE,
	    "an edit forgets the check");

	snprintf(path, sizeof path, "%s/gone.txt", tmpdir);
	tu_spit(path, "x");
	tap_ok(composer_model_attach_add(&cm, path, &err) == 0, "attach");
	unlink(path);
	lineedit_set(&cm.field[CF_CC], "");
	tap_ok(composer_model_validate(&cm, &err) == -1,
	    "a file gone since is refused");
	TAP_CONTAINS(err.msg, path, "naming the path");
	composer_model_attach_remove(&cm, 0);
	tap_ok(cm.natt == 0 && composer_model_validate(&cm, &err) == 0,
	    "detached: ok");
	composer_model_free(&cm);
}

/*
 * Root reads everything, so as root the check runs in a child that has
 * become nobody first.
 */
static int
unreadable_refused(struct composer_model *cm, const char *path)
{
	struct op_err err = { 0 };
	pid_t	      pid;
	int	      status;

	if (getuid() != 0)
		return (composer_model_attach_add(cm, path, &err) == -1);
	if ((pid = fork()) == -1)
		return (0);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		_exit(composer_model_attach_add(cm, path, &err) == -1 ? 0 : 1);
	}
	return (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0);
}

static void
test_attach(void)
{
	struct composer_model cm;
	struct op_err	      err = { 0 };
	char		      path[256], cwd[256];

	composer_model_init(&cm);
	snprintf(path, sizeof path, "%s/missing.bin", tmpdir);
	tap_ok(composer_model_attach_add(&cm, path, &err) == -1,
	    "a missing file");
	TAP_CONTAINS(err.msg, path, "is refused naming the path");
	tap_ok(composer_model_attach_add(&cm, tmpdir, &err) == -1,
	    "a directory");
	TAP_CONTAINS(err.msg, "not a regular file", "is refused");
	snprintf(path, sizeof path, "%s/secret.txt", tmpdir);
	tu_spit(path, "x");
	chmod(path, 0);
	tap_ok(unreadable_refused(&cm, path), "an unreadable file is refused");
	snprintf(path, sizeof path, "%s/rel.txt", tmpdir);
	tu_spit(path, "hello");
	if (getcwd(cwd, sizeof cwd) != NULL && chdir(tmpdir) == 0) {
		tap_ok(composer_model_attach_add(&cm, "rel.txt", &err) == 0,
		    "a relative name");
		tap_is_str(cm.natt == 1 ? cm.att[0].path : NULL, path,
		    "made absolute");
		tap_ok(composer_model_attach_add(&cm, path, &err) == -1,
		    "the same file twice is refused");
		(void)chdir(cwd);
	}
	snprintf(path, sizeof path, "%s/second.txt", tmpdir);
	tu_spit(path, "22");
	tap_ok(composer_model_attach_add(&cm, path, &err) == 0,
	    "a second file");
	tap_ok(composer_model_attach_find(&cm, "2") == 1 &&
		composer_model_attach_find(&cm, " 1") == 0,
	    "found by number");
	tap_ok(composer_model_attach_find(&cm, "second.txt") == 1,
	    "found by name");
	tap_ok(composer_model_attach_find(&cm, path) == 1, "found by path");
	tap_ok(composer_model_attach_find(&cm, "3") == -1 &&
		composer_model_attach_find(&cm, "0") == -1 &&
		composer_model_attach_find(&cm, "nope.txt") == -1,
	    "not found: out of range or unknown");
	tap_ok(composer_model_mime_type("x.tar.GZ") != NULL &&
		strcmp(composer_model_mime_type("x.tar.GZ"),
		    "application/gzip") == 0,
	    "type by extension, any case");
	tap_ok(composer_model_mime_type("README") == NULL &&
		composer_model_mime_type("/a.b/README") == NULL,
	    "no extension: no type");
	composer_model_size_text(512, path, sizeof path);
	tap_is_str(path, "512 B", "bytes");
	composer_model_size_text(1536, path, sizeof path);
	tap_is_str(path, "2 KB", "kilobytes");
	composer_model_size_text(3 * 1024 * 1024 + 400 * 1024, path,
	    sizeof path);
	tap_is_str(path, "3.4 MB", "megabytes");
	tap_ok(composer_model_wire_size(0) == 0 &&
		composer_model_wire_size(1) == 6 &&
		composer_model_wire_size(57) == 78 &&
		composer_model_wire_size(58) == 84,
	    "wire size: base64 in 76-character lines with CR LF");
	tap_ok(composer_model_wire_size(20 * 1024 * 1024) == 28697872,
	    "20 MB are 28697872 bytes as mail");
	composer_model_sizes_text(20 * 1024 * 1024,
	    composer_model_wire_size(20 * 1024 * 1024), path, sizeof path);
	tap_is_str(path, "20.0 MB, 27.4 MB as mail",
	    "both sizes for the screen");
	composer_model_free(&cm);
}

static void
test_autosave(void)
{
	struct composer_model cm;
	int		      i;

	composer_model_init(&cm);
	tap_ok(!composer_model_autosave_due(&cm, 1000), "unchanged: no save");
	composer_model_touch(&cm, 1000);
	tap_ok(!composer_model_autosave_due(&cm, 1001),
	    "not after one second");
	tap_ok(composer_model_autosave_due(&cm, 1000 + CM_AUTOSAVE_IDLE),
	    "after idling");
	cm.changes = 0;
	for (i = 0; i < CM_AUTOSAVE_KEYS; i++)
		composer_model_touch(&cm, 2000);
	tap_ok(composer_model_autosave_due(&cm, 2000), "after %d changes",
	    CM_AUTOSAVE_KEYS);
	composer_model_free(&cm);
}

/* Columns: CJK and emoji 2, anything else 1 (enough for the test). */
static int
width(const char *s, size_t n)
{
	size_t i = 0;
	int    w = 0;

	while (i < n) {
		w += ((unsigned char)s[i] >= 0xe3) ? 2 : 1;
		i = utf8_next(s, n, i);
	}
	return (w);
}

static void
test_lineedit(void)
{
	struct lineedit le;
	char	       *cut = NULL;
	size_t		off;
	int		col;

	lineedit_init(&le);
	lineedit_insert(&le, 'G');
	lineedit_insert(&le, 0xfc); /* ü */
	lineedit_insert(&le, 'n');
	lineedit_insert(&le, ' ');
	lineedit_insert(&le, 0x65e5); /* 日 */
	lineedit_insert(&le, 0x672c); /* 本 */
	tap_is_str(lineedit_text(&le), "Gün 日本", "typed UTF-8");
	lineedit_left(&le);
	tap_ok(le.cur == strlen("Gün 日"), "left over a 3-byte character");
	lineedit_delete_back(&le);
	tap_is_str(lineedit_text(&le), "Gün 本",
	    "delete back a wide character");
	lineedit_end(&le);
	lineedit_word_left(&le);
	tap_ok(le.cur == strlen("Gün "), "word left");
	lineedit_word_left(&le);
	tap_ok(le.cur == 0, "word left again: the start");
	lineedit_word_right(&le);
	tap_ok(le.cur == strlen("Gün"), "word right: end of the word");
	lineedit_right(&le);
	lineedit_delete_forward(&le);
	tap_is_str(lineedit_text(&le), "Gün ", "delete forward");
	lineedit_undo(&le);
	tap_is_str(lineedit_text(&le), "Gün 本", "undo the delete");
	lineedit_undo(&le);
	tap_is_str(lineedit_text(&le), "Gün 日本", "undo the other delete");
	lineedit_undo(&le);
	tap_is_str(lineedit_text(&le), "Gün ", "undo: typed run 日本");
	lineedit_end(&le);
	lineedit_delete_word_back(&le);
	tap_is_str(lineedit_text(&le), "",
	    "delete word back (with its space)");
	lineedit_set(&le, "a@b, c@d");
	lineedit_insert(&le, '\n');
	lineedit_insert(&le, 0x7f);
	tap_is_str(lineedit_text(&le), "a@b, c@d",
	    "control characters are not typed");
	lineedit_cut(&le, &cut);
	tap_ok(le.len == 0 && cut != NULL && strcmp(cut, "a@b, c@d") == 0,
	    "cut the line");
	tap_ok(lineedit_action(&le, A_PASTE, &cut), "paste is an edit action");
	lineedit_action(&le, A_PASTE, &cut);
	tap_is_str(lineedit_text(&le), "a@b, c@da@b, c@d", "pasted twice");
	tap_ok(!lineedit_action(&le, A_SEND, &cut), "send is not");
	lineedit_insert_str(&le, "x\ny");
	tap_ok(strchr(lineedit_text(&le), '\n') == NULL,
	    "no newline in a field");

	lineedit_set(&le, "日本語日本語日本語日本語"); /* 24 columns */
	off = lineedit_view(&le, 10, width, &col);
	tap_ok(col < 10 &&
		width(lineedit_text(&le) + off, le.cur - off) == col,
	    "scrolled so that the cursor shows (col %d)", col);
	lineedit_home(&le);
	off = lineedit_view(&le, 10, width, &col);
	tap_ok(off == 0 && col == 0, "home: no scroll");
	lineedit_free(&le);
	free(cut);
}

/* A masked answer: after lineedit_wipe no byte of it and no undo step is left.
 */
static void
test_lineedit_wipe(void)
{
	struct lineedit le;
	const char     *pw =
	    "s3cret pw with spaces and a long tail, past the first 64 bytes 0123456789";
	size_t i, nonzero = 0;

	lineedit_init(&le);
	for (i = 0; pw[i] != '\0'; i++)
		lineedit_insert(&le, (unsigned char)pw[i]);
	lineedit_delete_back(&le);
	tap_is_str(lineedit_text(&le),
	    "s3cret pw with spaces and a long tail, past the first 64 bytes 012345678",
	    "typed past the first buffer size");
	tap_ok(le.nundo > 1, "typing left undo steps (%zu)", le.nundo);
	lineedit_wipe(&le);
	for (i = 0; i < le.cap; i++)
		nonzero += le.buf[i] != '\0';
	tap_ok(nonzero == 0 && le.len == 0 && le.cur == 0,
	    "lineedit_wipe zeroes the whole buffer");
	tap_ok(le.nundo == 0, "lineedit_wipe forgets the undo steps");
	lineedit_undo(&le);
	tap_is_str(lineedit_text(&le), "", "nothing comes back by undo");
	lineedit_insert(&le, 'x');
	tap_is_str(lineedit_text(&le), "x",
	    "the field is usable after lineedit_wipe");
	lineedit_free(&le);
	tap_ok(le.buf == NULL && le.len == 0, "lineedit_free leaves nothing");
}

/* From-account: cycled in config order, wrapping; kept by the draft. */
static void
test_account(void)
{
	static const char     conf[] = "address = a@example.org\n"
				       "[account isp]\naddress = b@example.org\n"
				       "[account work]\naddress = c@example.org\n";
	struct composer_model cm;
	struct config	      cfg;
	struct op_err	      err = { 0 };
	struct draft	      d;

	if (config_parse("config", conf, strlen(conf), &cfg, &err) != 0) {
		tap_ok(0, "account: the config parses (%s)", err.msg);
		return;
	}
	composer_model_init(&cm);
	tap_ok(composer_model_account(&cm, &cfg) == &cfg,
	    "account: a new message is from the default");
	tap_is_str(composer_model_next_account(&cm, &cfg)->account, "isp",
	    "account: next is isp");
	tap_is_str(composer_model_next_account(&cm, &cfg)->account, "work",
	    "account: then work");
	draft_init(&d);
	composer_model_to_draft(&cm, &d);
	tap_is_str(d.account, "work", "account: the draft names it");
	tap_ok(composer_model_next_account(&cm, &cfg) == &cfg &&
		cm.account == NULL,
	    "account: after the last, the default (no name kept)");
	composer_model_from_draft(&cm, &d);
	tap_is_str(composer_model_account(&cm, &cfg)->address, "c@example.org",
	    "account: the draft brings it back");
	free(d.account);
	d.account = xstrdup("gone");
	composer_model_from_draft(&cm, &d);
	tap_ok(composer_model_account(&cm, &cfg) == NULL,
	    "account: one no longer in the config is NULL");
	tap_ok(composer_model_next_account(&cm, &cfg) == &cfg,
	    "account: and the key goes on from the default");
	draft_free(&d);
	composer_model_free(&cm);
	config_free(&cfg);
}

/* A drafts list row: exactly its columns, each value cut to its own. */
static void
test_draft_row(void)
{
	struct draft d;
	char	     buf[512];

	draft_init(&d);
	free(d.to);
	d.to = xstrdup("ann@mail.test");
	free(d.subject);
	d.subject = xstrdup(
	    "Ünïcode Büro 二三四五六七八九十 lunch plans, a long one");
	free(d.body);
	d.body = xstrdup("\n  \tfirst\tline\nsecond");
	d.bodylen = strlen(d.body);
	d.saved = 1700000000;
	composer_model_draft_row(&d, 80, 0, buf, sizeof buf);
	tap_ok(utf8_width(buf, strlen(buf), 0) == 80,
	    "a row at 80: 80 columns");
	TAP_CONTAINS(buf, "ann@mail.test", "the row has the To");
	TAP_CONTAINS(buf, "first line", "the first line, its tab a space");
	tap_ok(strstr(buf, "second") == NULL, "only the first line");
	composer_model_draft_row(&d, 40, 0, buf, sizeof buf);
	tap_ok(utf8_width(buf, strlen(buf), 0) == 40,
	    "a row at 40: 40 columns");
	tap_ok(strstr(buf, "first") == NULL, "no text below 50 columns");
	composer_model_draft_header(80, buf, sizeof buf);
	tap_ok(strncmp(buf, "Saved", 5) == 0 && strstr(buf, "Text") != NULL &&
		strlen(buf) == 80,
	    "the heading: Saved ... Text, 80 columns");
	draft_free(&d);
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (1);
	}
	test_round_trip();
	test_attachment_words();
	test_warnings();
	test_validate();
	test_attach();
	test_autosave();
	test_lineedit();
	test_lineedit_wipe();
	test_account();
	test_draft_row();
	(void)tu_rm_rf(tmpdir);
	return (tap_done());
}
