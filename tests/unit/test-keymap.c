/*
 * test-keymap.c -- key notation, the action table, keymap files (every
 * kind of error, overriding, lookup order) and every shipped keymap:
 * loads without an error, binds every action where it can be reached,
 * and outpost-keys(5) documents every action.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/action.h"
#include "input/keymap.h"
#include "input/keys.h"
#include "input/keyseq.h"
#include "tap.h"
#include "testutil.h"

static char tmpdir[] = "/tmp/test-keymap.XXXXXX";

static void
write_file(const char *name, const char *text)
{
	char  path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) != 0) {
		perror(path);
		exit(99);
	}
}

/* Notation: what is written, the code it means, the name shown back. */
static void
test_notation(void)
{
	static const struct {
		const char *in;
		keyc	    key;
		const char *name;
	} cases[] = {
		{ "a", 'a', "a" },
		{ "?", '?', "?" },
		{ "\xc3\xa9", 0xe9, "\xc3\xa9" },
		{ "\xe2\x82\xac", 0x20ac, "\xe2\x82\xac" },
		{ "<", '<', "<lt>" },
		{ "<lt>", '<', "<lt>" },
		{ "<Space>", ' ', "<Space>" },
		{ "<C-x>", 'x' | KEYC_CTRL, "<C-x>" },
		{ "<C-X>", 'x' | KEYC_CTRL, "<C-x>" },
		{ "<c-x>", 'x' | KEYC_CTRL, "<C-x>" },
		{ "<M-s>", 's' | KEYC_META, "<M-s>" },
		{ "<A-s>", 's' | KEYC_META, "<M-s>" },
		{ "<M-S>", 'S' | KEYC_META, "<M-S>" },
		{ "<S-a>", 'A', "A" },
		{ "<M-S-a>", 'A' | KEYC_META, "<M-A>" },
		{ "<C-M-x>", 'x' | KEYC_CTRL | KEYC_META, "<C-M-x>" },
		{ "<M-C-x>", 'x' | KEYC_CTRL | KEYC_META, "<C-M-x>" },
		{ "<S-Tab>", KEYC_TAB | KEYC_SHIFT, "<S-Tab>" },
		{ "<tab>", KEYC_TAB, "<Tab>" },
		{ "<ENTER>", KEYC_ENTER, "<Enter>" },
		{ "<Return>", KEYC_ENTER, "<Enter>" },
		{ "<Esc>", KEYC_ESC, "<Esc>" },
		{ "<BS>", KEYC_BS, "<BS>" },
		{ "<Del>", KEYC_DEL, "<Del>" },
		{ "<Ins>", KEYC_INS, "<Ins>" },
		{ "<Up>", KEYC_UP, "<Up>" },
		{ "<Down>", KEYC_DOWN, "<Down>" },
		{ "<Left>", KEYC_LEFT, "<Left>" },
		{ "<Right>", KEYC_RIGHT, "<Right>" },
		{ "<Home>", KEYC_HOME, "<Home>" },
		{ "<End>", KEYC_END, "<End>" },
		{ "<pgup>", KEYC_PGUP, "<PgUp>" },
		{ "<PageDown>", KEYC_PGDN, "<PgDn>" },
		{ "<F1>", KEYC_F1, "<F1>" },
		{ "<f5>", KEYC_F5, "<F5>" },
		{ "<F12>", KEYC_F12, "<F12>" },
		{ "<C-Left>", KEYC_LEFT | KEYC_CTRL, "<C-Left>" },
		{ "<M-Enter>", KEYC_ENTER | KEYC_META, "<M-Enter>" },
		{ "<C-i>", KEYC_TAB, "<Tab>" },
		{ "<C-m>", KEYC_ENTER, "<Enter>" },
		{ "<C-[>", KEYC_ESC, "<Esc>" },
		{ "<C-h>", KEYC_BS, "<BS>" },
		{ "<M-C-h>", KEYC_BS | KEYC_META, "<M-BS>" },
		{ "<C-_>", '_' | KEYC_CTRL, "<C-_>" },
		{ "<C-Space>", ' ' | KEYC_CTRL, "<C-Space>" },
		{ "<M-lt>", '<' | KEYC_META, "<M-lt>" },
		{ "<M-<>", '<' | KEYC_META, "<M-lt>" },
		{ "<M->>", '>' | KEYC_META, "<M->>" },
		{ "<M-\\>", '\\' | KEYC_META, "<M-\\>" },
		{ "<C-->", '-' | KEYC_CTRL, "<C-->" },
	};
	char   name[64];
	keyc   k;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		k = KEYC_NONE;
		tap_ok(key_parse(cases[i].in, &k) == 0 && k == cases[i].key,
		    "key_parse(\"%s\") = 0x%x", cases[i].in,
		    (unsigned)cases[i].key);
		key_notation(cases[i].key, name, sizeof name);
		tap_is_str(name, cases[i].name, cases[i].in);
	}
}

/* Every special key and modifier, every ASCII character: name, parse. */
static void
test_round_trip(void)
{
	static const keyc mods[] = { 0, KEYC_CTRL, KEYC_META, KEYC_SHIFT,
		KEYC_CTRL | KEYC_META, KEYC_CTRL | KEYC_SHIFT,
		KEYC_META | KEYC_SHIFT, KEYC_MODS };
	char		  name[64], bad[128] = "";
	keyc		  k, base, back;
	size_t		  m, n = 0;

	for (m = 0; m < sizeof mods / sizeof mods[0]; m++) {
		for (base = KEYC_F1; base < KEYC_SPACE; base++) {
			k = base | mods[m];
			key_notation(k, name, sizeof name);
			n++;
			if (key_parse(name, &back) != 0 || back != k)
				snprintf(bad, sizeof bad, "%s", name);
		}
		for (base = 0x20; base < 0x7f; base++) {
			if (mods[m] & KEYC_SHIFT)
				continue;
			k = base | mods[m];
			if ((mods[m] & KEYC_CTRL) &&
			    ((base >= 'A' && base <= 'Z') || base == 'i' ||
				base == 'm' || base == 'h' || base == '['))
				continue; /* written otherwise, tested above */
			key_notation(k, name, sizeof name);
			n++;
			if (key_parse(name, &back) != 0 || back != k)
				snprintf(bad, sizeof bad, "%s", name);
		}
	}
	tap_ok(bad[0] == '\0' && n > 500,
	    "%zu keys: name then parse gives the key back%s%s", n,
	    bad[0] ? "; not: " : "", bad);
}

static void
test_bad_notation(void)
{
	static const char *bad[] = { "", "ab", "<C-q", "<C-C-x>", "<F13>",
		"<>", "<x>", "<Foo>", "<S-1>", "\x01", " ", "<C->", "\xff",
		"\xc3", "<C-\x01>", "<M-ab>", "<Q-x>", "<Resize>", "C-x" };
	keyc		   k;
	size_t		   i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		tap_ok(key_parse(bad[i], &k) == -1, "'%s' is not a key",
		    bad[i]);
	tap_ok(key_parse(NULL, &k) == -1, "NULL is not a key");
}

static void
test_text_and_control(void)
{
	tap_ok(key_is_text('a') && key_is_text(' ') && key_is_text(0xe9) &&
		key_is_text('?'),
	    "printable characters are text");
	tap_ok(!key_is_text('a' | KEYC_CTRL) &&
		!key_is_text('a' | KEYC_META) && !key_is_text(KEYC_TAB) &&
		!key_is_text(KEYC_F1) && !key_is_text(0x1f) &&
		!key_is_text(0x7f) && !key_is_text(0x85),
	    "modified keys, special keys and control characters are not");
	tap_ok(key_control('\t') == KEYC_TAB &&
		key_control('\r') == KEYC_ENTER &&
		key_control(0x1b) == KEYC_ESC &&
		key_control(0x7f) == KEYC_BS && key_control('\b') == KEYC_BS,
	    "^I ^M ^[ DEL ^H are Tab Enter Esc BS");
	tap_ok(key_control(1) == ('a' | KEYC_CTRL) &&
		key_control('\n') == ('j' | KEYC_CTRL) &&
		key_control(0x1f) == ('_' | KEYC_CTRL) &&
		key_control(0) == (' ' | KEYC_CTRL) && key_control('x') == 'x',
	    "^A ^J ^_ ^@ are <C-a> <C-j> <C-_> <C-Space>");
}

static void
test_actions(void)
{
	const struct action *a;
	const char	    *bad = NULL;
	size_t		     i, j;

	for (i = A_NONE + 1; i < A_COUNT; i++) {
		a = action_get((enum action_id)i);
		if (a == NULL || a->id != (enum action_id)i ||
		    a->name == NULL || a->help == NULL || a->help[0] == '\0' ||
		    a->tables == 0 || a->tables >= KT_BIT(KT_COUNT) ||
		    action_find(a->name) != a ||
		    strspn(a->name, "abcdefghijklmnopqrstuvwxyz-") !=
			strlen(a->name)) {
			bad = a != NULL && a->name != NULL ? a->name : "?";
			continue;
		}
		for (j = i + 1; j < A_COUNT; j++)
			if (strcmp(a->name, action_get(j)->name) == 0)
				bad = a->name;
	}
	tap_ok(bad == NULL,
	    "every action has its id, a unique lower-case name, help text and tables%s%s",
	    bad ? "; not: " : "", bad ? bad : "");
	tap_ok(action_get(A_COUNT) == NULL && action_find("none") == NULL &&
		action_find("sendnow") == NULL && action_find(NULL) == NULL,
	    "no action for A_COUNT, 'none' or unknown names");
	tap_is_str(action_get(A_SEND)->name, "send", "A_SEND is 'send'");
	tap_ok(action_get(A_SEND)->hint && action_get(A_HELP)->hint &&
		!action_get(A_CURSOR_LEFT)->hint,
	    "send and help are on the key hint, cursor-left is not");
	tap_ok(action_get(A_SEND)->tables == KT_BIT(KT_COMPOSER) &&
		action_get(A_HELP)->tables == KT_BIT(KT_GLOBAL) &&
		(action_get(A_BACK)->tables & KT_BIT(KT_HELP)),
	    "send belongs to composer, help to global, back also to help");
	tap_is_str(action_suggest("sendnow"), "send", "sendnow -> send");
	tap_is_str(action_suggest("screen-compser"), "screen-composer",
	    "screen-compser -> screen-composer");
	tap_is_str(action_suggest("moveup"), "move-up", "moveup -> move-up");
	tap_ok(action_suggest("xyzzy") == NULL, "xyzzy: no suggestion");
	for (i = 0; i < KT_COUNT; i++)
		if (key_table_find(key_table_name(i)) != (int)i)
			break;
	tap_ok(i == KT_COUNT, "key table names and ids agree");
	tap_is_str(key_table_name(KT_COMPOSER), "composer",
	    "KT_COMPOSER name");
	tap_ok(key_table_find("composr") == -1 &&
		key_table_name(KT_COUNT) == NULL,
	    "unknown table name and id");
}

static const char errors_file[] =
    "# every kind of error, and good lines between them\n"	/* 1 */
    "bind composer <C-s> send\n"				/* 2 */
    "bind composr <C-a> send\n"					/* 3 */
    "bind composer <C-q attach\n"				/* 4 */
    "bind outbox x send\n"					/* 5 */
    "bind composer <C-s> postpone\n"				/* 6 */
    "bind global <F2> screen-composer   # a comment after it\n" /* 7 */
    "bind global <F3>\n"					/* 8 */
    "unbind global\n"						/* 9 */
    "bnd global <F4> help\n"					/* 10 */
    "\n"							/* 11 */
    "bind composer <C-t> sendnow\n"				/* 12 */
    "bind composer <C-p> send extra\n"				/* 13 */
    "   \tbind list j move-down\r\n"				/* 14 */
    "frobnicate\n"						/* 15 */
    "bind list k xyzzy\n";					/* 16 */

static void
test_file_errors(void)
{
	static const char *want[] = {
		"keys:3: unknown table 'composr' (did you mean 'composer'?)",
		"keys:4: '<C-q' is not a key (write keys like <C-x>, <M-s>, <F5>, <Tab>, <Esc>)",
		"keys:5: action 'send' cannot be bound in table 'outbox' (it belongs to: composer)",
		"keys:6: <C-s> is bound twice in table 'composer' (line 2 and line 6)",
		"keys:8: 'bind' takes a table, a key and an action (bind TABLE KEY ACTION)",
		"keys:9: 'unbind' takes a table and a key (unbind TABLE KEY)",
		"keys:10: unknown command 'bnd' (did you mean 'bind'?)",
		"keys:12: unknown action 'sendnow' (did you mean 'send'?)",
		"keys:13: 'bind' takes a table, a key and an action (bind TABLE KEY ACTION)",
		"keys:15: unknown command 'frobnicate' (lines are 'bind TABLE KEY ACTION' or 'unbind TABLE KEY')",
		"keys:16: unknown action 'xyzzy' (see outpost-keys(5) for the actions)",
	};
	enum key_table comp[] = { KT_COMPOSER }, glob[] = { KT_GLOBAL },
		       list[] = { KT_LIST };
	struct keymap *km = keymap_new();
	char	       path[512], what[64];
	size_t	       i;

	write_file("errors.keys", errors_file);
	snprintf(path, sizeof path, "%s/errors.keys", tmpdir);
	tap_ok(keymap_load_file(km, path, "keys") == 0,
	    "a file with bad lines still loads");
	tap_ok(keymap_nerrors(km) == sizeof want / sizeof want[0],
	    "one error per bad line (%zu)", keymap_nerrors(km));
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(what, sizeof what, "error %zu", i + 1);
		tap_is_str(keymap_error(km, i), want[i], what);
	}
	tap_ok(keymap_error(km, 99) == NULL, "no error past the last");
	tap_ok(keymap_lookup(km, comp, 1, 's' | KEYC_CTRL) == A_SEND,
	    "a key bound twice keeps its first binding");
	tap_ok(keymap_lookup(km, glob, 1, KEYC_F2) == A_SCREEN_COMPOSER,
	    "a trailing comment is allowed");
	tap_ok(keymap_lookup(km, list, 1, 'j') == A_MOVE_DOWN,
	    "leading blanks and CR LF are allowed");
	tap_ok(keymap_lookup(km, comp, 1, 't' | KEYC_CTRL) == A_NONE &&
		keymap_lookup(km, list, 1, 'k') == A_NONE,
	    "bad lines bind nothing");
	keymap_free(km);

	km = keymap_new();
	snprintf(path, sizeof path, "%s/many.keys", tmpdir);
	write_file("many.keys", "bad line\n");
	for (i = 0; i < 150; i++)
		keymap_load_file(km, path, "many.keys");
	tap_ok(keymap_nerrors(km) == 101, "errors stop at 100 and a note");
	tap_is_str(keymap_error(km, 100),
	    "too many errors in the keymaps; the rest are not shown",
	    "the note says so");
	keymap_free(km);

	km = keymap_new();
	snprintf(path, sizeof path, "%s/no-such.keys", tmpdir);
	tap_ok(keymap_load_file(km, path, "gone.keys") == -1 &&
		keymap_nerrors(km) == 1,
	    "an unreadable file fails and says so");
	TAP_CONTAINS(keymap_error(km, 0), "gone.keys: cannot read ",
	    "the error names the file");
	keymap_free(km);
}

static void
test_bind_unbind_lookup(void)
{
	enum key_table field[] = { KT_FIELD, KT_COMPOSER, KT_EDIT, KT_GLOBAL };
	enum key_table body[] = { KT_BODY, KT_COMPOSER, KT_EDIT, KT_GLOBAL };
	struct keymap *km = keymap_new();
	keyc	       keys[2];

	tap_ok(keymap_bind(km, KT_GLOBAL, KEYC_ESC, A_BACK) == 0 &&
		keymap_bind(km, KT_BODY, KEYC_ESC, A_BODY_LEAVE) == 0 &&
		keymap_bind(km, KT_BODY, KEYC_ENTER, A_NEWLINE) == 0 &&
		keymap_bind(km, KT_FIELD, KEYC_ENTER, A_FIELD_DONE) == 0 &&
		keymap_bind(km, KT_EDIT, KEYC_LEFT, A_CURSOR_LEFT) == 0,
	    "bind in allowed tables");
	tap_ok(keymap_bind(km, KT_OUTBOX, 'x', A_SEND) == -1 &&
		keymap_bind(km, KT_COUNT, 'x', A_SEND) == -1 &&
		keymap_bind(km, KT_COMPOSER, 'x', A_NONE) == -1 &&
		keymap_bind(km, KT_COMPOSER, 'x', A_COUNT) == -1 &&
		keymap_bind(km, KT_COMPOSER, KEYC_NONE, A_SEND) == -1,
	    "bind refuses a wrong table, action or key");
	tap_ok(keymap_lookup(km, body, 4, KEYC_ESC) == A_BODY_LEAVE &&
		keymap_lookup(km, field, 4, KEYC_ESC) == A_BACK,
	    "the first table that binds the key wins");
	tap_ok(keymap_lookup(km, body, 4, KEYC_ENTER) == A_NEWLINE &&
		keymap_lookup(km, field, 4, KEYC_ENTER) == A_FIELD_DONE,
	    "Enter: newline in the body, field-done in a field");
	tap_ok(keymap_lookup(km, body, 4, KEYC_LEFT) == A_CURSOR_LEFT &&
		keymap_lookup(km, body, 4, 'z') == A_NONE &&
		keymap_lookup(km, body, 0, KEYC_ESC) == A_NONE,
	    "later tables are consulted; unbound keys are A_NONE");
	keymap_unbind(km, KT_BODY, KEYC_ESC);
	keymap_unbind(km, KT_BODY, 'q'); /* not bound: nothing happens */
	tap_ok(keymap_lookup(km, body, 4, KEYC_ESC) == A_BACK,
	    "after unbind the next table's binding shows through");

	keymap_bind(km, KT_GLOBAL, KEYC_F2, A_SCREEN_COMPOSER);
	keymap_bind(km, KT_GLOBAL, 'c' | KEYC_CTRL, A_SCREEN_COMPOSER);
	keymap_bind(km, KT_GLOBAL, KEYC_F1, A_SCREEN_COMPOSER);
	keys[0] = keys[1] = KEYC_NONE;
	tap_ok(keymap_keys_for(km, KT_GLOBAL, A_SCREEN_COMPOSER, keys, 2) ==
		    3 &&
		keys[0] == KEYC_F2 && keys[1] == ('c' | KEYC_CTRL),
	    "keys_for: in binding order, counts past max");
	tap_ok(keymap_keys_for(km, KT_LIST, A_SCREEN_COMPOSER, keys, 2) == 0 &&
		keymap_keys_for(km, KT_GLOBAL, A_QUIT, NULL, 0) == 0,
	    "keys_for: none bound");
	keymap_free(km);
}

/* Two-key sequences: notation, a prefix waits, the emacs keymap's C-c C-c. */
static void
test_sequences(void)
{
	enum key_table comp[] = { KT_BODY, KT_COMPOSER, KT_EDIT, KT_GLOBAL };
	keyc	       cc = key_seq('c' | KEYC_CTRL, 'c' | KEYC_CTRL), k = 0;
	keyc	       keys[2];
	struct keymap *km;
	char	       name[64];

	tap_ok(key_parse("<C-c><C-c>", &k) == 0 && k == cc &&
		key_seq_prefix(k) == ('c' | KEYC_CTRL) &&
		key_seq_last(k) == ('c' | KEYC_CTRL),
	    "<C-c><C-c> is one key: C-c, then C-c");
	key_notation(cc, name, sizeof name);
	tap_is_str(name, "<C-c><C-c>", "a sequence is written back whole");
	key_words(cc, name, sizeof name);
	tap_is_str(name, "Ctrl-C Ctrl-C", "and in words");
	k = 0;
	tap_ok(key_parse("<C-x><M-S-Tab>", &k) == 0 &&
		key_seq_last(k) == (KEYC_TAB | KEYC_META | KEYC_SHIFT) &&
		key_parse("<C-x>k", &k) == 0 && key_seq_last(k) == 'k',
	    "the second key keeps its modifiers; a plain character follows too");
	tap_ok(key_parse("<M-c><C-c>", &k) == -1 &&
		key_parse("<F5><C-c>", &k) == -1 &&
		key_parse("<C-c><C-c><C-c>", &k) == -1 &&
		key_parse("<C-c>", &k) == 0 && key_seq_prefix(k) == KEYC_NONE,
	    "a sequence starts with a Ctrl-letter and has two keys");
	tap_ok(!key_is_text(cc), "a sequence is not text");
	km = keymap_new();
	keymap_bind(km, KT_COMPOSER, cc, A_SEND);
	keymap_bind(km, KT_BODY, 'c' | KEYC_CTRL | KEYC_META, A_JUSTIFY);
	tap_ok(keymap_prefix(km, comp, 4, 'c' | KEYC_CTRL) &&
		!keymap_prefix(km, comp, 4, 'x' | KEYC_CTRL) &&
		!keymap_prefix(km, comp, 4, 'c'),
	    "C-c waits for a second key; C-x and c do not");
	tap_ok(keymap_lookup(km, comp, 4, 'c' | KEYC_CTRL) == A_NONE &&
		keymap_lookup(km, comp, 4, cc) == A_SEND &&
		keymap_lookup(km, comp, 4,
		    key_seq('c' | KEYC_CTRL, 'x' | KEYC_CTRL)) == A_NONE,
	    "C-c alone does nothing, C-c C-c sends, C-c C-x is unbound");
	keymap_bind(km, KT_BODY, 'c' | KEYC_CTRL, A_JUSTIFY);
	tap_ok(!keymap_prefix(km, comp, 4, 'c' | KEYC_CTRL),
	    "bound alone in an earlier table, the key is not a prefix there");
	keymap_free(km);

	km = keymap_open("emacs");
	tap_ok(keymap_nerrors(km) == 0 &&
		keymap_keys_for(km, KT_COMPOSER, A_SEND, keys, 2) >= 1 &&
		keys[0] == cc &&
		keymap_lookup(km, comp, 4, 'c' | KEYC_CTRL) == A_NONE &&
		keymap_prefix(km, comp, 4, 'c' | KEYC_CTRL),
	    "emacs keymap: C-c C-c sends, C-c alone waits");
	keymap_free(km);
}

/* A shipped keymap directory and a user file, through keymap_open. */
/* No keymap files at all (run from the build tree): the built-in copies. */
static void
test_builtin(void)
{
	const char    *names[] = { "default", "emacs", "pine", "vi" };
	keyc	       keys[4];
	struct keymap *km;
	char	       dir[512];
	size_t	       i;

	snprintf(dir, sizeof dir, "%s/empty", tmpdir);
	mkdir(dir, 0700);
	setenv("OUTPOST_KEYMAP_DIR", dir, 1);
	for (i = 0; i < 4; i++) {
		km = keymap_open(names[i]);
		tap_ok(keymap_nerrors(km) == 0 &&
			keymap_keys_for(km, KT_COMPOSER, A_SEND, keys, 4) >
			    0 &&
			keymap_keys_for(km, KT_GLOBAL, A_HELP, keys, 4) > 0,
		    "no keymap directory: the built-in %s keymap binds send and help",
		    names[i]);
		keymap_free(km);
	}
	km = keymap_open("nosuch");
	tap_ok(keymap_nerrors(km) == 1 &&
		keymap_keys_for(km, KT_COMPOSER, A_SEND, keys, 4) > 0,
	    "an unknown name falls back to the built-in default");
	keymap_free(km);
	rmdir(dir);
}

static void
test_open(void)
{
	enum key_table glob[] = { KT_GLOBAL }, comp[] = { KT_COMPOSER };
	struct keymap *km;
	char	       dir[512], user[512], path[512];

	snprintf(dir, sizeof dir, "%s/shipped", tmpdir);
	snprintf(user, sizeof user, "%s/home", tmpdir);
	mkdir(dir, 0700);
	mkdir(user, 0700);
	write_file("shipped/default.keys",
	    "bind global <F1> help\n"
	    "bind global <F2> screen-composer\n"
	    "bind composer <C-x> send\n");
	write_file("shipped/other.keys", "bind global <F9> help\n");
	write_file("shipped/README", "not a keymap\n");
	setenv("OUTPOST_KEYMAP_DIR", dir, 1);
	setenv("OUTPOST_HOME", user, 1);

	km = keymap_open(NULL);
	tap_ok(keymap_nerrors(km) == 0 &&
		keymap_lookup(km, glob, 1, KEYC_F1) == A_HELP,
	    "no name: default, no user file, no error");
	keymap_free(km);

	write_file("home/keys",
	    "# mine\n"
	    "bind global <F1> quit\n"
	    "unbind composer <C-x>\n"
	    "bind composer <F5> send\n");
	km = keymap_open("default");
	tap_ok(keymap_nerrors(km) == 0,
	    "the user file overrides without 'bound twice' errors");
	tap_ok(keymap_lookup(km, glob, 1, KEYC_F1) == A_QUIT &&
		keymap_lookup(km, glob, 1, KEYC_F2) == A_SCREEN_COMPOSER &&
		keymap_lookup(km, comp, 1, 'x' | KEYC_CTRL) == A_NONE &&
		keymap_lookup(km, comp, 1, KEYC_F5) == A_SEND,
	    "the user file adds, overrides and unbinds");
	keymap_free(km);

	km = keymap_open("other");
	tap_ok(keymap_nerrors(km) == 0 &&
		keymap_lookup(km, glob, 1, KEYC_F9) == A_HELP &&
		keymap_lookup(km, glob, 1, KEYC_F2) == A_NONE,
	    "another keymap by name");
	keymap_free(km);

	km = keymap_open("defualt");
	tap_ok(keymap_nerrors(km) == 1, "unknown keymap: one error");
	tap_is_str(keymap_error(km, 0),
	    "unknown keymap 'defualt' (did you mean 'default'? the keymaps are: default, emacs, other, pine, vi); using 'default'",
	    "the error names the known keymaps");
	tap_ok(keymap_lookup(km, glob, 1, KEYC_F2) == A_SCREEN_COMPOSER,
	    "and default is loaded");
	keymap_free(km);

	km = keymap_open("../shipped/other");
	TAP_CONTAINS(keymap_error(km, 0), "unknown keymap '../shipped/other'",
	    "a path is not a keymap name");
	keymap_free(km);

	write_file("home/keys",
	    "bind global <F1> help\nbind global <F1> quit\n");
	km = keymap_open("vi");
	tap_ok(keymap_nerrors(km) == 1,
	    "vi.keys is not in the directory: the built-in copy, no error");
	tap_is_str(keymap_error(km, 0),
	    "keys:2: <F1> is bound twice in table 'global' (line 1 and line 2)",
	    "errors in the user file say 'keys'");
	keymap_free(km);

	snprintf(path, sizeof path, "%s/home/keys", tmpdir);
	unlink(path);
	mkdir(path, 0700); /* a directory cannot be read as a file */
	km = keymap_open("default");
	tap_ok(keymap_nerrors(km) == 1 &&
		keymap_lookup(km, glob, 1, KEYC_F1) == A_HELP,
	    "an unreadable user file is an error; the keymap still loads");
	TAP_CONTAINS(keymap_error(km, 0),
	    "home/keys is a directory, not a regular file", "and says so");
	keymap_free(km);
	rmdir(path);
	test_builtin();
}

/* The bytes after an Escape: the key they mean, or KEYC_UNKNOWN. */
static keyc
seq_key(const char *bytes, size_t *used)
{
	struct keyseq	  seq;
	enum keyseq_state st = KEYSEQ_MORE;
	keyc		  key = KEYC_NONE;

	keyseq_start(&seq);
	for (*used = 0; bytes[*used] != '\0' && st == KEYSEQ_MORE; (*used)++)
		st = keyseq_add(&seq, (unsigned char)bytes[*used], &key);
	if (st == KEYSEQ_KEY)
		return (key);
	return (st == KEYSEQ_UNKNOWN ? KEYC_UNKNOWN : KEYC_NONE);
}

/*
 * Escape sequences terminfo did not name (TERM=vt100's End, TERM=linux
 * with xterm's F2): the common ones are their keys, any other is read
 * whole, to its final byte, and unknown; none leaves a byte to type.
 */
static void
test_escape_sequences(void)
{
	static const struct {
		const char *bytes; /* after ESC */
		keyc	    key;
		size_t	    used;
	} cases[] = {
		{ "[4~", KEYC_END, 3 },
		{ "[1~", KEYC_HOME, 3 },
		{ "[3~", KEYC_DEL, 3 },
		{ "[5~", KEYC_PGUP, 3 },
		{ "[12~", KEYC_F2, 4 },
		{ "[24~", KEYC_F12, 4 },
		{ "OQ", KEYC_F2, 2 },
		{ "OR", KEYC_F3, 2 },
		{ "OF", KEYC_END, 2 },
		{ "[A", KEYC_UP, 2 },
		{ "[1;5C", KEYC_RIGHT | KEYC_CTRL, 5 },
		{ "[3;2~", KEYC_DEL | KEYC_SHIFT, 5 },
		{ "O5A", KEYC_UP | KEYC_CTRL, 3 },
		{ "[[B", KEYC_F2, 3 },
		{ "[[E", KEYC_F5, 3 },
		{ "[99~x", KEYC_UNKNOWN, 4 },
		{ "[200~", KEYC_UNKNOWN, 5 },
		{ "[?1;2cx", KEYC_UNKNOWN, 6 },
		{ "[1;99Ax", KEYC_UNKNOWN, 6 },
		{ "[ qx", KEYC_UNKNOWN, 3 },
		{ "Ozx", KEYC_UNKNOWN, 2 },
		{ "[[zx", KEYC_UNKNOWN, 3 },
		{ "[M", KEYC_UNKNOWN, 2 },
		{ "x", KEYC_NONE, 1 },
	};
	char   got[64], want[64];
	size_t i, used;
	keyc   key;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		key = seq_key(cases[i].bytes, &used);
		snprintf(got, sizeof got, "%#x, %zu bytes", (unsigned)key,
		    used);
		snprintf(want, sizeof want, "%#x, %zu bytes",
		    (unsigned)cases[i].key, cases[i].used);
		tap_is_str(got, want, cases[i].bytes);
	}
}

/* A key that cannot be in a sequence ends it, and is not part of it. */
static void
test_escape_broken(void)
{
	struct keyseq seq;
	keyc	      key = KEYC_NONE;

	keyseq_start(&seq);
	keyseq_add(&seq, '[', &key);
	keyseq_add(&seq, '4', &key);
	tap_ok(keyseq_add(&seq, KEYC_ENTER, &key) == KEYSEQ_UNKNOWN,
	    "ESC [ 4 <Enter>: unknown, Enter left over");
	keyseq_start(&seq);
	tap_ok(keyseq_add(&seq, 0xe9, &key) == KEYSEQ_NOTSEQ,
	    "ESC \xc3\xa9: no sequence (Meta)");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (99);
	}
	test_notation();
	test_escape_sequences();
	test_escape_broken();
	test_round_trip();
	test_bad_notation();
	test_text_and_control();
	test_actions();
	test_file_errors();
	test_bind_unbind_lookup();
	test_sequences();
	test_open();
	(void)tu_rm_rf(tmpdir);
	return (tap_done());
}
