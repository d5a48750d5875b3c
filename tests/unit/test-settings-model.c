/*
 * test-settings-model.c -- the Settings screen's model: every config key
 * has a field, live validation through policy_check (a uniqname vs an
 * address), port cycling with the TLS mode following, the changes list,
 * and nothing to save when nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "conf/config.h"
#include "input/lineedit.h"
#include "conf/policy.h"
#include "settings/settings-model.h"
#include "settings/settings-save.h"
#include "tap.h"
#include "base/xmalloc.h"

static struct policy pol;

static struct settings_model *
model_of(const char *text, struct config *cfg)
{
	struct op_err err = { 0 };

	if (config_parse("test", text, strlen(text), cfg, &err) != 0) {
		printf("# config_parse: %s\n", err.msg);
		config_init(cfg);
	}
	return (settings_model_new(cfg, &pol));
}

/* A file that config_parse refuses: its lines as they are. */
static struct settings_model *
settings_model_new_raw(const char *text, struct config *cfg)
{
	struct op_err err = { 0 };

	config_init(cfg);
	if (kvfile_parse("test", text, strlen(text), &cfg->kv, &err) != 0)
		printf("# kvfile_parse: %s\n", err.msg);
	return (settings_model_new(cfg, &pol));
}

static const struct sfield *
f_of(const struct settings_model *m, const char *key)
{
	int i = settings_model_find(m, key);

	return (i < 0 ? NULL : &m->f[i]);
}

static const char *
change_of(struct settings_model *m, const char *key, int *found)
{
	const struct settings_change *c;
	size_t			      n, i;

	n = settings_model_changes(m, &c);
	*found = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(c[i].key, key) == 0) {
			*found = 1;
			return (c[i].value);
		}
	}
	return (NULL);
}

static void
test_every_key(void)
{
	struct config	       cfg;
	struct settings_model *m = model_of("", &cfg);
	const char *const     *k;
	int		       missing = 0;

	for (k = config_keys(); *k != NULL; k++) {
		if (settings_model_find(m, *k) < 0) {
			printf("# no field for %s\n", *k);
			missing++;
		}
	}
	tap_ok(missing == 0, "every config key has a field");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_first_run(void)
{
	struct config		      cfg;
	struct settings_model	     *m = model_of("", &cfg);
	const struct settings_change *c;
	char			      buf[256];

	tap_ok(m->nerrors > 0, "an empty config has errors");
	TAP_CONTAINS(f_of(m, "username")->fix, "set username",
	    "missing user name: the policy's fix");
	tap_ok(settings_model_changes(m, &c) == 0,
	    "nothing changed: no changes");
	TAP_CONTAINS(settings_model_first_error(m, buf, sizeof buf), "Address",
	    "the first error names its field");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_username(void)
{
	struct config	       cfg;
	struct settings_model *m = model_of("address = ada@umich.edu\n", &cfg);
	size_t		       u = (size_t)settings_model_find(m, "username");
	int		       found;

	tap_ok(settings_model_set(m, u, "alice@umich.edu") == 0,
	    "set user name");
	TAP_CONTAINS(m->f[u].fix, "use your uniqname: alice",
	    "an address as user name: the uniqname fix");
	tap_ok(m->f[u].error, "it is an error");
	tap_ok(m->nerrors == 1, "one error in all (%zu)", m->nerrors);
	settings_model_set(m, u, "Alice");
	TAP_CONTAINS(m->f[u].fix, "lower case", "upper case: lower-case fix");
	settings_model_set(m, u, "  alice ");
	tap_ok(m->f[u].fix == NULL, "a uniqname: no fix");
	tap_ok(m->nerrors == 0, "no errors left");
	tap_ok(strcmp(change_of(m, "username", &found), "alice") == 0 && found,
	    "the change is the trimmed value");
	tap_ok(settings_model_set(m, u, "al\nice") == -1,
	    "a line break is refused");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_address_and_syntax(void)
{
	struct config	       cfg;
	struct settings_model *m = model_of("username = ada\n", &cfg);
	size_t		       a = (size_t)settings_model_find(m, "address");
	size_t t = (size_t)settings_model_find(m, "timeout.connect");

	settings_model_set(m, a, "ada@example.org");
	TAP_CONTAINS(m->f[a].fix, "not a umich.edu address",
	    "another domain: the policy's warning");
	tap_ok(!m->f[a].error && m->nerrors == 0, "a warning does not block");
	settings_model_set(m, a, "ada");
	TAP_CONTAINS(m->f[a].fix, "expected an e-mail address",
	    "not an address: config's own check");
	tap_ok(m->f[a].error, "that is an error");
	settings_model_set(m, a, "ada@umich.edu");
	settings_model_set(m, t, "soon");
	TAP_CONTAINS(m->f[t].fix, "seconds", "a bad timeout is named");
	tap_ok(settings_model_set(m,
		   (size_t)settings_model_find(m, "smtp.host"), "x") == -1,
	    "a locked field cannot be set");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_ports(void)
{
	struct config	       cfg;
	struct settings_model *m = model_of("username = ada\n"
					    "address = ada@umich.edu\n"
					    "smtp.tls = implicit\n",
	    &cfg);
	size_t		       p = (size_t)settings_model_find(m, "smtp.port");
	char		       buf[64];
	int		       found;

	settings_model_display(m, p, buf, sizeof buf);
	tap_is_str(buf, "465", "the port of the TLS mode in the file");
	tap_ok(strcmp(settings_model_tls_text(m), "SSL/TLS") == 0,
	    "465: SSL/TLS");
	settings_model_cycle(m, p, 1);
	settings_model_display(m, p, buf, sizeof buf);
	tap_is_str(buf, "587", "next port: 587");
	tap_ok(strcmp(settings_model_tls_text(m), "STARTTLS") == 0,
	    "587: STARTTLS follows");
	tap_ok(strcmp(change_of(m, "smtp.tls", &found), "starttls") == 0,
	    "smtp.tls in the file follows the port");
	tap_ok(m->nerrors == 0, "port and TLS agree: no error");
	settings_model_cycle(m, p, 1);
	settings_model_display(m, p, buf, sizeof buf);
	tap_is_str(buf, "465", "and back to 465");
	settings_model_cycle(m, p, -1);
	settings_model_display(m, p, buf, sizeof buf);
	tap_is_str(buf, "587", "previous: 587");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_changes(void)
{
	struct config		      cfg;
	struct settings_model	     *m = model_of("# mine\n"
							  "username = ada\n"
							  "address = ada@umich.edu\n"
							  "name = Ada\n",
		   &cfg);
	const struct settings_change *c;
	size_t n = (size_t)settings_model_find(m, "name");
	size_t k = (size_t)settings_model_find(m, "keymap");
	int    found;

	tap_ok(settings_model_changes(m, &c) == 0,
	    "loaded as is: nothing to save");
	settings_model_set(m, n, "Ada Lovelace");
	settings_model_cycle(m, k, 1);
	tap_ok(settings_model_changes(m, &c) == 2,
	    "two fields changed: two changes");
	tap_is_str(change_of(m, "name", &found), "Ada Lovelace",
	    "name changed");
	tap_is_str(change_of(m, "keymap", &found), "emacs", "keymap cycled");
	settings_model_cycle(m, k, 1);
	tap_is_str(change_of(m, "keymap", &found), "pine",
	    "the next keymap is pine");
	settings_model_cycle(m, k, -1);
	settings_model_set(m, n, "");
	tap_ok(change_of(m, "name", &found) == NULL && found,
	    "emptied: the key is removed");
	settings_model_set(m, n, "Ada");
	settings_model_cycle(m, k, -1);
	tap_ok(settings_model_changes(m, &c) == 1,
	    "back to the file's values, except the keymap now written as default");
	settings_model_set(m, n, "Ada B");
	settings_model_saved(m);
	tap_ok(settings_model_changes(m, &c) == 0,
	    "after saving: nothing to save");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_locked(void)
{
	struct config	       cfg;
	struct settings_model *m =
	    model_of("username = ada\n"
		     "address = ada@umich.edu\n"
		     "smtp.host = smtp.gmail.com\n"
		     "smtp.port = 25\n"
		     "smtp.work.host = mail.example.org\n",
		&cfg);
	size_t h = (size_t)settings_model_find(m, "smtp.host");
	char   buf[128];
	int    found;

	settings_model_display(m, h, buf, sizeof buf);
	tap_is_str(buf, "smtp.mail.umich.edu",
	    "the server shown is the policy's");
	TAP_CONTAINS(m->f[h].note, "smtp.gmail.com",
	    "the note names the file's value");
	tap_ok(change_of(m, "smtp.host", &found) == NULL && found,
	    "saving removes the other server");
	tap_ok(change_of(m, "smtp.port", &found) == NULL && found,
	    "and the port the policy does not allow");
	tap_ok(change_of(m, "smtp.work.host", &found) == NULL && found,
	    "and the extra outgoing server");
	tap_ok(m->nerrors == 0, "no errors remain (%zu)", m->nerrors);
	tap_ok(m->ngeneral == 1, "the extra server is reported");
	settings_model_free(m);
	config_free(&cfg);
	m = settings_model_new_raw("usename = ada\n", &cfg);
	tap_ok(m->ngeneral == 1, "an unknown key is reported");
	TAP_CONTAINS(m->ngeneral > 0 ? m->general[0] : NULL,
	    "did you mean username", "with the key it may have meant");
	settings_model_free(m);
	config_free(&cfg);
}

static void
test_line(void)
{
	struct lineedit l;
	char	       *cut = NULL;

	lineedit_init(&l);
	lineedit_set(&l, "ada");
	lineedit_insert(&l, 0xe9); /* é */
	tap_is_str(lineedit_text(&l), "adaé", "typed after the text");
	tap_ok(l.cur == 5, "the caret after a 2-byte character");
	lineedit_action(&l, A_CURSOR_LEFT, &cut);
	tap_ok(l.cur == 3, "left moves over the whole character");
	lineedit_action(&l, A_DELETE_FORWARD, &cut);
	tap_is_str(lineedit_text(&l), "ada", "delete-forward removes é");
	lineedit_action(&l, A_UNDO, &cut);
	tap_is_str(lineedit_text(&l), "adaé", "undo brings it back");
	tap_ok(l.cur == 3, "undo puts the caret back");
	tap_ok(lineedit_insert(&l, '\n') == -1,
	    "a line break cannot be typed");
	tap_ok(lineedit_insert(&l, 0x85) == -1,
	    "a C1 control cannot be typed");
	lineedit_set(&l, "ada lovelace");
	lineedit_action(&l, A_DELETE_WORD_BACK, &cut);
	tap_is_str(lineedit_text(&l), "ada ", "delete-word-back");
	lineedit_action(&l, A_CUT_LINE, &cut);
	tap_ok(l.len == 0 && cut != NULL && strcmp(cut, "ada ") == 0,
	    "cut-line empties the field into the cut buffer");
	lineedit_action(&l, A_PASTE, &cut);
	lineedit_action(&l, A_PASTE, &cut);
	tap_is_str(lineedit_text(&l), "ada ada ", "paste twice");
	tap_ok(lineedit_action(&l, A_SEND, &cut) == 0,
	    "not an edit action: 0");
	lineedit_free(&l);
	free(cut);
}

static void
test_bool(void)
{
	struct config	       cfg;
	struct settings_model *m = model_of("", &cfg);
	size_t b = (size_t)settings_model_find(m, "imap.sent_copy");
	char   buf[64];

	settings_model_display(m, b, buf, sizeof buf);
	tap_is_str(buf, "no", "Sent copy is off by default");
	settings_model_cycle(m, b, 1);
	tap_is_str(m->f[b].value, "yes", "cycled: yes");
	settings_model_cycle(m, b, -1);
	tap_is_str(m->f[b].value, "no", "cycled again: no");
	settings_model_free(m);
	config_free(&cfg);
}

/* Saving through settings_save with a bare struct app. */
static void
test_save(void)
{
	struct app	       app;
	struct settings_model *m;
	struct stat	       st, st2;
	char   dir[] = "/tmp/outpost-settings-XXXXXX", msg[600];
	char  *path;
	size_t u, a;

	memset(&app, 0, sizeof app);
	config_init(&app.cfg);
	if (mkdtemp(dir) == NULL)
		return;
	xasprintf(&path, "%s/new/config", dir);
	app.config_path = path;
	m = settings_model_new(&app.cfg, &pol);
	tap_ok(settings_save(&app, m, msg, sizeof msg) == -1,
	    "first run with errors: not saved");
	TAP_CONTAINS(msg, "not saved: Address", "and the status says why");
	tap_ok(stat(path, &st) != 0, "no file was written");
	u = (size_t)settings_model_find(m, "username");
	a = (size_t)settings_model_find(m, "address");
	settings_model_set(m, u, "ada");
	settings_model_set(m, a, "ada@umich.edu");
	tap_ok(settings_save(&app, m, msg, sizeof msg) == 1, "saved (%s)",
	    msg);
	tap_ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the new file is 0600");
	tap_ok(app.have_config && app.cfg.username != NULL &&
		strcmp(app.cfg.username, "ada") == 0,
	    "app->cfg was reloaded from it");
	tap_ok(settings_save(&app, m, msg, sizeof msg) == 0,
	    "nothing changed: nothing saved");
	tap_is_str(msg, "nothing to save", "and the status says so");
	tap_ok(stat(path, &st2) == 0 && st2.st_ino == st.st_ino &&
		st2.st_mtime == st.st_mtime,
	    "the file was not rewritten");
	settings_model_free(m);
	config_free(&app.cfg);
	unlink(path);
	free(path);
	xasprintf(&path, "%s/new", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
}

int
main(void)
{
	struct op_err err = { 0 };

	if (policy_load("umich", &pol, &err) != 0) {
		printf("Bail out! %s\n", err.msg);
		return (1);
	}
	test_every_key();
	test_first_run();
	test_username();
	test_address_and_syntax();
	test_ports();
	test_changes();
	test_locked();
	test_line();
	test_bool();
	test_save();
	policy_free(&pol);
	return (tap_done());
}
