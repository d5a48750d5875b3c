/*
 * test-confedit.c -- saving the config keeping what the user wrote:
 * comments, blank lines and CR LF kept byte for byte, values replaced in
 * place (indentation and spacing kept), removal (no doubled blank line
 * left), appending as the last line (after a blank line only when that
 * is a comment), save after save keeping the layout, a new file 0600 in a new
 * 0700 directory, values with '#', quotes and '=' read back by config_parse,
 * refused values, a failed write leaving the old file intact, a symbolic link
 * followed; the default account's keys kept before the first [account]
 * section and a named account's inside its own.
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "conf/confedit.h"
#include "tap.h"
#include "testutil.h"
#include "base/xmalloc.h"

static char tmpdir[] = "/tmp/outpost-test-confedit.XXXXXX";

static int
mode_of(const char *path)
{
	struct stat st;

	return (stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1);
}

/* Write before, apply one change, compare with after. */
static void
edit_is(const char *path, const char *before, const char *key,
    const char *value, const char *after, const char *what)
{
	struct confedit_change c = { key, value };
	struct op_err	       err = { 0 };
	char		      *got;
	int		       r;

	if (before != NULL)
		tu_spit(path, before);
	else
		unlink(path);
	r = confedit_apply(path, &c, 1, &err);
	got = tu_slurp(path, NULL);
	tap_ok(r == 0 && strcmp(got, after) == 0, "%s%s%s", what,
	    r == 0 ? "" : ": ", r == 0 ? "" : err.msg);
	if (strcmp(got, after) != 0)
		tap_diag(what, got, after);
	free(got);
}

static const char CONF[] = "# outpost config\n"
			   "\n"
			   "  # indented comment\n"
			   "name = Ada Lovelace\n"
			   "address=ada@example.org   \n"
			   "\tsmtp.host   =   smtp.example.org\n"
			   "# a comment about the port\n"
			   "smtp.port = 465\n";

static void
test_edits(const char *path)
{
	edit_is(path, CONF, "smtp.port", "587",
	    "# outpost config\n\n  # indented comment\nname = Ada Lovelace\n"
	    "address=ada@example.org   \n"
	    "\tsmtp.host   =   smtp.example.org\n"
	    "# a comment about the port\nsmtp.port = 587\n",
	    "a value replaced in place, all else byte for byte");
	edit_is(path, CONF, "smtp.host", "mail.example.net",
	    "# outpost config\n\n  # indented comment\nname = Ada Lovelace\n"
	    "address=ada@example.org   \n"
	    "\tsmtp.host   =   mail.example.net\n"
	    "# a comment about the port\nsmtp.port = 465\n",
	    "indentation and spacing around '=' kept");
	edit_is(path, CONF, "address", "bob@example.org",
	    "# outpost config\n\n  # indented comment\nname = Ada Lovelace\n"
	    "address=bob@example.org   \n"
	    "\tsmtp.host   =   smtp.example.org\n"
	    "# a comment about the port\nsmtp.port = 465\n",
	    "no spaces and trailing blanks kept");
	edit_is(path, CONF, "name", NULL,
	    "# outpost config\n\n  # indented comment\n"
	    "address=ada@example.org   \n"
	    "\tsmtp.host   =   smtp.example.org\n"
	    "# a comment about the port\nsmtp.port = 465\n",
	    "removal takes the line only");
	edit_is(path, CONF, "keymap", "emacs",
	    "# outpost config\n\n  # indented comment\nname = Ada Lovelace\n"
	    "address=ada@example.org   \n"
	    "\tsmtp.host   =   smtp.example.org\n"
	    "# a comment about the port\nsmtp.port = 465\nkeymap = emacs\n",
	    "a new key appended as the last line, no blank line added");
	edit_is(path, "name = A", "keymap", "vi", "name = A\nkeymap = vi\n",
	    "a file without a final line end");
	edit_is(path, "name = A\n\n", "keymap", "vi",
	    "name = A\n\nkeymap = vi\n", "no second blank line");
	edit_is(path, "name = A\n# the rest\n", "keymap", "vi",
	    "name = A\n# the rest\n\nkeymap = vi\n",
	    "after a comment, a blank line (the key is not the comment's)");
	edit_is(path, "name = A\n\nkeymap = vi\n", "editor", "vim",
	    "name = A\n\nkeymap = vi\neditor = vim\n",
	    "a second new key: still no blank line added");
	edit_is(path, "name = A\n\nkeymap = vi\n\n# end\n", "keymap", NULL,
	    "name = A\n\n# end\n", "a removal leaves no doubled blank line");

	edit_is(path, "# c\r\nname = A\r\n", "name", "B",
	    "# c\r\nname = B\r\n", "CR LF lines kept");
	edit_is(path, "# c\r\nname = A\r\n", "keymap", "vi",
	    "# c\r\nname = A\r\nkeymap = vi\r\n",
	    "appended lines follow the file's CR LF");
	edit_is(path, "name = A\n# x\nname = B\n", "name", "C",
	    "name = C\n# x\n", "a duplicated key keeps its first line");
	edit_is(path, "# only comments\n", "name", NULL, "# only comments\n",
	    "removing a key that is not there changes nothing");
	edit_is(path, "smtp.hostname = x\nsmtp.host = y\n", "smtp.host", "z",
	    "smtp.hostname = x\nsmtp.host = z\n",
	    "a longer key with the same start is not the key");
	edit_is(path, "#name = old\nname = A\n", "name", "  B  ",
	    "#name = old\nname = B\n",
	    "a commented-out key is left alone; the value is trimmed");
	edit_is(path, "name =\n", "name", "A", "name = A\n",
	    "a key without a value gets one");
}

static void
test_multi(const char *path)
{
	struct confedit_change c[] = { { "name", "Zoë Ünïcode" },
		{ "smtp.port", NULL }, { "editor", "vim -c 'set tw=72' # x" },
		{ "password.command", "pass show \"mail/ada\" = yes" },
		{ "keymap", "vi" }, { "keymap", "emacs" } };
	struct config	       cfg;
	struct op_err	       err = { 0 };
	char		      *buf;
	int		       ok;

	tu_spit(path, CONF);
	tap_ok(confedit_apply(path, c, 6, &err) == 0, "several changes (%s)",
	    err.msg);
	buf = tu_slurp(path, NULL);
	ok = config_parse(path, buf, strlen(buf), &cfg, &err) == 0;
	tap_ok(ok, "the result parses with config_parse (%s)",
	    ok ? "" : err.msg);
	tap_ok(ok && strcmp(cfg.name, "Zoë Ünïcode") == 0 &&
		cfg.smtp_port == 0 &&
		strcmp(cfg.editor, "vim -c 'set tw=72' # x") == 0 &&
		strcmp(cfg.password_command, "pass show \"mail/ada\" = yes") ==
		    0 &&
		strcmp(cfg.keymap, "emacs") == 0,
	    "'#', quotes and '=' in values read back as written");
	TAP_CONTAINS(buf, "# a comment about the port\n", "comments kept");
	tap_ok(strstr(buf, "keymap = vi") == NULL,
	    "the later change of a key wins");
	config_free(&cfg);
	free(buf);
}

/*
 * Save after save, as the Settings screen does: a commented file with
 * blank lines between its groups stays byte for byte except the lines
 * changed (no blank line grows at the end or anywhere).
 */
static void
test_layout(const char *path)
{
	static const char      conf[] = "# Ada's outpost settings\n"
					"\n"
					"policy = umich\n"
					"username = ada\n"
					"\n"
					"# how I write\n"
					"editor = vim\n"
					"keymap = pine\n"
					"\n";
	struct confedit_change c1[] = { { "keymap", "default" } };
	struct confedit_change c2[] = { { "keymap", "pine" },
		{ "ui.plain", "yes" } };
	struct confedit_change c3[] = { { "ui.plain", NULL } };
	struct op_err	       err = { 0 };
	char		      *got;
	int		       r;

	tu_spit(path, conf);
	r = confedit_apply(path, c1, 1, &err);
	got = tu_slurp(path, NULL);
	tap_is_str(r == 0 ? got : err.msg,
	    "# Ada's outpost settings\n\npolicy = umich\nusername = ada\n\n"
	    "# how I write\neditor = vim\nkeymap = default\n\n",
	    "layout: one value changed, every other byte kept");
	free(got);
	r = confedit_apply(path, c2, 2, &err);
	got = tu_slurp(path, NULL);
	tap_is_str(r == 0 ? got : err.msg,
	    "# Ada's outpost settings\n\npolicy = umich\nusername = ada\n\n"
	    "# how I write\neditor = vim\nkeymap = pine\n\nui.plain = yes\n",
	    "layout: a second save adds its new line only");
	free(got);
	r = confedit_apply(path, c3, 1, &err);
	got = tu_slurp(path, NULL);
	tap_is_str(r == 0 ? got : err.msg, conf,
	    "layout: removing it again gives back the file as it was");
	free(got);
}

static const char ACCTS[] = "# Ada's outpost settings\n"
			    "policy = umich\n"
			    "username = ada\n"
			    "\n"
			    "# the ISP, for when U-M's server is blocked\n"
			    "[account isp]\n"
			    "policy = none\n"
			    "smtp.host = smtp.isp.example\n"
			    "\n"
			    "[ account home ]\n"
			    "address = ada@home.example\n";

/*
 * Sections: the default account's keys are the lines before the first
 * [account] line, so a key it gains goes there, never into the last
 * section (where it would become that account's); its key set again in
 * a section stays the section's.
 */
static void
test_sections_default(const char *path)
{
	edit_is(path, ACCTS, "keymap", "pine",
	    "# Ada's outpost settings\npolicy = umich\nusername = ada\n"
	    "keymap = pine\n\n"
	    "# the ISP, for when U-M's server is blocked\n[account isp]\n"
	    "policy = none\nsmtp.host = smtp.isp.example\n\n"
	    "[ account home ]\naddress = ada@home.example\n",
	    "sections: the default's new key goes before the first section "
	    "and its comment");
	edit_is(path, ACCTS, "policy", "none",
	    "# Ada's outpost settings\npolicy = none\nusername = ada\n\n"
	    "# the ISP, for when U-M's server is blocked\n[account isp]\n"
	    "policy = none\nsmtp.host = smtp.isp.example\n\n"
	    "[ account home ]\naddress = ada@home.example\n",
	    "sections: the default's key changed, the section's same key "
	    "kept");
	edit_is(path, ACCTS, "username", NULL,
	    "# Ada's outpost settings\npolicy = umich\n\n"
	    "# the ISP, for when U-M's server is blocked\n[account isp]\n"
	    "policy = none\nsmtp.host = smtp.isp.example\n\n"
	    "[ account home ]\naddress = ada@home.example\n",
	    "sections: the default's key removed there only");
	edit_is(path, "[account isp]\nsmtp.host = smtp.isp.example\n", "name",
	    "Ada", "name = Ada\n[account isp]\nsmtp.host = smtp.isp.example\n",
	    "sections: a file starting with a section gets the default's key "
	    "as its first line");
}

/* One change in account's lines, compared with after. */
static void
account_is(const char *path, const char *before, const char *account,
    const char *key, const char *value, const char *after, const char *what)
{
	struct confedit_change c = { key, value };
	struct op_err	       err = { 0 };
	char		      *got;
	int		       r;

	tu_spit(path, before);
	r = confedit_apply_account(path, account, &c, 1, &err);
	got = tu_slurp(path, NULL);
	tap_is_str(r == 0 ? got : err.msg, after, what);
	free(got);
}

/* A named account's keys are its section's, wherever it is. */
static void
test_sections_named(const char *path)
{
	struct config cfg;
	struct op_err err = { 0 };
	char	     *buf;

	account_is(path, ACCTS, "isp", "smtp.port", "587",
	    "# Ada's outpost settings\npolicy = umich\nusername = ada\n\n"
	    "# the ISP, for when U-M's server is blocked\n[account isp]\n"
	    "policy = none\nsmtp.host = smtp.isp.example\nsmtp.port = 587\n"
	    "\n[ account home ]\naddress = ada@home.example\n",
	    "sections: isp's new key goes at the end of [account isp]");
	account_is(path, ACCTS, "isp", "policy", NULL,
	    "# Ada's outpost settings\npolicy = umich\nusername = ada\n\n"
	    "# the ISP, for when U-M's server is blocked\n[account isp]\n"
	    "smtp.host = smtp.isp.example\n\n"
	    "[ account home ]\naddress = ada@home.example\n",
	    "sections: isp's key removed, the default's same key kept");
	account_is(path, ACCTS, "home", "username", "ada2",
	    "# Ada's outpost settings\npolicy = umich\nusername = ada\n\n"
	    "# the ISP, for when U-M's server is blocked\n[account isp]\n"
	    "policy = none\nsmtp.host = smtp.isp.example\n\n"
	    "[ account home ]\naddress = ada@home.example\n"
	    "username = ada2\n",
	    "sections: the last section's key, its header written with "
	    "spaces");
	account_is(path, "name = Ada\n", "work", "address", "ada@work.example",
	    "name = Ada\n\n[account work]\naddress = ada@work.example\n",
	    "sections: a missing section is added at the end");
	account_is(path, "[account isp]\r\nsmtp.host = a\r\n", "isp",
	    "smtp.host", "b", "[account isp]\r\nsmtp.host = b\r\n",
	    "sections: CR LF kept");
	tu_spit(path, ACCTS);
	buf = tu_slurp(path, NULL);
	if (config_parse(path, buf, strlen(buf), &cfg, &err) == 0) {
		tap_is_str(config_account_find(&cfg, "isp")->smtp_host,
		    "smtp.isp.example", "sections: the fixture parses");
		config_free(&cfg);
	} else
		tap_ok(0, "sections: the fixture parses (%s)", err.msg);
	free(buf);
}

static void
test_refused(const char *path)
{
	struct confedit_change c[] = { { "name", "B" },
		{ "address", "a@example.org\r\nsmtp.host = evil" } };
	struct op_err	       err = { 0 };
	char		      *before, *after;

	tu_spit(path, CONF);
	before = tu_slurp(path, NULL);
	tap_ok(confedit_apply(path, c, 2, &err) == -1 && err.code == OP_EINVAL,
	    "a value with CR LF is refused");
	TAP_CONTAINS(err.msg, "address", "naming the key (%s)", err.msg);
	after = tu_slurp(path, NULL);
	tap_ok(strcmp(before, after) == 0,
	    "and nothing is written, not even the good change");
	free(after);
	c[1].value = "   ";
	tap_ok(confedit_apply(path, c, 2, &err) == -1 && err.code == OP_EINVAL,
	    "an empty value is refused (%s)", err.msg);
	c[1].key = "Bad Key";
	c[1].value = "x";
	tap_ok(confedit_apply(path, c, 2, &err) == -1 && err.code == OP_EINVAL,
	    "a malformed key is refused (%s)", err.msg);
	c[1].key = "name";
	c[1].value = "\xff\xfe";
	tap_ok(confedit_apply(path, c, 2, &err) == -1 && err.code == OP_EINVAL,
	    "invalid UTF-8 is refused (%s)", err.msg);
	free(before);
}

static void
test_files(const char *base)
{
	struct confedit_change c = { "name", "A" };
	struct op_err	       err = { 0 };
	char		      *path, *link, *dir, *before, *after;

	xasprintf(&dir, "%s/new/outpost", base);
	xasprintf(&path, "%s/config", dir);
	tap_ok(confedit_apply(path, &c, 1, &err) == 0, "a new file (%s)",
	    err.msg);
	tap_ok(mode_of(path) == 0600 && mode_of(dir) == 0700,
	    "0600 in a new 0700 directory (%o, %o)", mode_of(path),
	    mode_of(dir));
	chmod(path, 0644);
	confedit_apply(path, &c, 1, &err);
	tap_ok(mode_of(path) == 0600, "an existing file is made 0600");
	xasprintf(&link, "%s/link", base);
	symlink(path, link);
	c.value = "Via Link";
	tap_ok(confedit_apply(link, &c, 1, &err) == 0, "through a symlink");
	before = tu_slurp(path, NULL);
	tap_ok(strcmp(before, "name = Via Link\n") == 0 &&
		access(link, F_OK) == 0,
	    "the link's target is written, the link stays");
	free(before);
	/* A directory that refuses writes: the old file stays intact. */
	before = tu_slurp(path, NULL);
	if (geteuid() == 0) {
		if (unshare(CLONE_NEWNS) == -1 ||
		    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) ==
			-1 ||
		    mount(dir, dir, "none", MS_BIND, NULL) == -1 ||
		    mount("none", dir, "none",
			MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == -1) {
			printf("ok %d # SKIP cannot make a read-only mount\n",
			    ++tap_n);
			printf("ok %d # SKIP cannot make a read-only mount\n",
			    ++tap_n);
			goto out;
		}
	} else
		chmod(dir, 0500);
	c.value = "Changed";
	tap_ok(confedit_apply(path, &c, 1, &err) == -1 && err.code == OP_EIO,
	    "a write that cannot happen fails (%s)", err.msg);
	after = tu_slurp(path, NULL);
	tap_ok(strcmp(before, after) == 0, "the old file is intact");
	free(after);
	if (geteuid() == 0)
		umount(dir);
	else
		chmod(dir, 0700);
out:
	free(before);
	free(link);
	free(path);
	free(dir);
}

int
main(void)
{
	char *path;

	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (99);
	}
	xasprintf(&path, "%s/config", tmpdir);
	test_edits(path);
	test_layout(path);
	test_multi(path);
	test_sections_default(path);
	test_sections_named(path);
	test_refused(path);
	test_files(tmpdir);
	free(path);
	if (tap_failed == 0 && tu_rm_rf(tmpdir) != 0)
		tap_diag("cleanup", tmpdir, "removed");
	return (tap_done());
}
