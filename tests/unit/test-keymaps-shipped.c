/*
 * test-keymaps-shipped.c -- every shipped keymap (keymaps/NAME.keys, found
 * through $OUTPOST_KEYMAP_DIR or $top_srcdir) loads without an error,
 * binds every action, and every action can be reached by a key wherever
 * its table is consulted; outpost-keys(5) documents every action.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/action.h"
#include "input/keymap.h"
#include "input/keys.h"
#include "tap.h"

#define MAXKEYS 16

/* The tables each focus consults, most specific first (action.h). */
static const struct focus {
	const char    *name;
	enum key_table tables[4];
	size_t	       n;
} focuses[] = {
	{ "composer field", { KT_FIELD, KT_COMPOSER, KT_EDIT, KT_GLOBAL }, 4 },
	{ "composer body", { KT_BODY, KT_COMPOSER, KT_EDIT, KT_GLOBAL }, 4 },
	{ "settings", { KT_SETTINGS, KT_LIST, KT_GLOBAL }, 3 },
	{ "settings value", { KT_FIELD, KT_EDIT, KT_GLOBAL }, 3 },
	{ "outbox", { KT_OUTBOX, KT_LIST, KT_GLOBAL }, 3 },
	{ "help", { KT_HELP, KT_LIST, KT_GLOBAL }, 3 },
	{ "drafts", { KT_DRAFTS, KT_LIST, KT_GLOBAL }, 3 },
	{ "prompt", { KT_PROMPT, KT_FIELD, KT_EDIT }, 3 },
};
#define NFOCUSES (sizeof focuses / sizeof focuses[0])

static char keymap_dir[1024];

/* Whether a key of action a, in one of the focus's tables, reaches it. */
static int
reachable(const struct keymap *km, const struct focus *f, enum action_id a)
{
	keyc   keys[MAXKEYS];
	size_t i, j, n;

	for (i = 0; i < f->n; i++) {
		n = keymap_keys_for(km, f->tables[i], a, keys, MAXKEYS);
		for (j = 0; j < n && j < MAXKEYS; j++)
			if (keymap_lookup(km, f->tables, f->n, keys[j]) == a)
				return (1);
	}
	return (0);
}

/* Esc leaves the message text (body-leave) instead of going back. */
static int
exempt(const struct focus *f, enum action_id a)
{
	return (a == A_BACK && f->tables[0] == KT_BODY);
}

static int
consulted(const struct focus *f, const struct action *a)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (a->tables & KT_BIT(f->tables[i]))
			return (1);
	return (0);
}

static void
check_bindings(const char *file, const struct keymap *km)
{
	const struct action *a;
	char		     unbound[256] = "", unreached[256] = "";
	size_t		     i, t, f, n, len;

	for (i = A_NONE + 1; i < A_COUNT; i++) {
		a = action_get((enum action_id)i);
		for (n = 0, t = 0; t < KT_COUNT; t++)
			n += keymap_keys_for(km, t, a->id, NULL, 0);
		if (n == 0) {
			len = strlen(unbound);
			snprintf(unbound + len, sizeof unbound - len, " %s",
			    a->name);
		}
		for (f = 0; f < NFOCUSES; f++) {
			if (!consulted(&focuses[f], a) ||
			    exempt(&focuses[f], a->id) ||
			    reachable(km, &focuses[f], a->id))
				continue;
			len = strlen(unreached);
			snprintf(unreached + len, sizeof unreached - len,
			    " %s (%s)", a->name, focuses[f].name);
		}
	}
	tap_ok(unbound[0] == '\0', "%s: every action has a key%s%s", file,
	    unbound[0] ? "; not:" : "", unbound);
	tap_ok(unreached[0] == '\0',
	    "%s: every action is reached wherever its table is consulted%s%s",
	    file, unreached[0] ? "; not:" : "", unreached);
}

/* Typed text goes into the field before the tables are consulted. */
static void
check_no_text_keys(const char *file, const struct keymap *km)
{
	static const enum key_table typing[] = { KT_FIELD, KT_BODY, KT_EDIT,
		KT_COMPOSER };
	char			    bad[128] = "";
	keyc			    keys[MAXKEYS];
	size_t			    i, t, j, n;

	for (i = A_NONE + 1; i < A_COUNT; i++)
		for (t = 0; t < sizeof typing / sizeof typing[0]; t++) {
			n = keymap_keys_for(km, typing[t], i, keys, MAXKEYS);
			for (j = 0; j < n && j < MAXKEYS; j++)
				if (key_is_text(keys[j]))
					key_notation(keys[j], bad, sizeof bad);
		}
	tap_ok(bad[0] == '\0', "%s: no printable key where text is typed%s%s",
	    file, bad[0] ? "; not: " : "", bad);
}

static void
check_essentials(const char *file, const struct keymap *km)
{
	enum key_table body[] = { KT_BODY, KT_COMPOSER, KT_EDIT, KT_GLOBAL },
		       field[] = { KT_FIELD, KT_COMPOSER, KT_EDIT, KT_GLOBAL },
		       prompt[] = { KT_PROMPT, KT_FIELD, KT_EDIT };

	tap_ok(keymap_lookup(km, body, 4, KEYC_ENTER) == A_NEWLINE &&
		keymap_lookup(km, field, 4, KEYC_ENTER) == A_FIELD_DONE &&
		keymap_lookup(km, prompt, 3, KEYC_ENTER) == A_PROMPT_OK &&
		keymap_lookup(km, prompt, 3, KEYC_ESC) == A_PROMPT_CANCEL,
	    "%s: Enter is newline / field-done / prompt-ok, Esc cancels a prompt",
	    file);
	tap_ok(keymap_lookup(km, body, 4, KEYC_F1) == A_HELP &&
		keymap_lookup(km, body, 4, KEYC_F2) == A_SCREEN_COMPOSER &&
		keymap_lookup(km, body, 4, KEYC_F3) == A_SCREEN_OUTBOX &&
		keymap_lookup(km, body, 4, KEYC_F4) == A_SCREEN_SETTINGS,
	    "%s: F1 help, F2 F3 F4 the screens", file);
}

static int
first_line_is_comment(const char *path)
{
	char  line[256];
	FILE *f;
	int   ok;

	if ((f = fopen(path, "r")) == NULL)
		return (0);
	ok = fgets(line, sizeof line, f) != NULL && line[0] == '#';
	fclose(f);
	return (ok);
}

static void
check_file(const char *name)
{
	struct keymap *km = keymap_new();
	char	       path[2048];
	size_t	       i;

	snprintf(path, sizeof path, "%s/%s", keymap_dir, name);
	tap_ok(first_line_is_comment(path), "%s: starts with a comment", name);
	tap_ok(keymap_load_file(km, path, name) == 0 &&
		keymap_nerrors(km) == 0,
	    "%s: loads without an error", name);
	for (i = 0; i < keymap_nerrors(km); i++)
		printf("#   %s\n", keymap_error(km, i));
	check_bindings(name, km);
	check_no_text_keys(name, km);
	check_essentials(name, km);
	keymap_free(km);
}

static void
test_shipped(void)
{
	const char    *env = getenv("OUTPOST_KEYMAP_DIR");
	const char    *top = getenv("top_srcdir");
	struct dirent *de;
	DIR	      *d;
	size_t	       len, n = 0;
	int	       seen = 0;

	if (env != NULL && *env != '\0')
		snprintf(keymap_dir, sizeof keymap_dir, "%s", env);
	else
		snprintf(keymap_dir, sizeof keymap_dir, "%s/keymaps",
		    top != NULL ? top : ".");
	if ((d = opendir(keymap_dir)) == NULL) {
		tap_ok(0, "cannot open the keymap directory %s", keymap_dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".keys") != 0)
			continue;
		n++;
		if (strcmp(de->d_name, "default.keys") == 0)
			seen |= 1;
		else if (strcmp(de->d_name, "emacs.keys") == 0)
			seen |= 2;
		else if (strcmp(de->d_name, "vi.keys") == 0)
			seen |= 4;
		else if (strcmp(de->d_name, "pine.keys") == 0)
			seen |= 8;
		check_file(de->d_name);
	}
	closedir(d);
	tap_ok(seen == 15,
	    "default, emacs, pine and vi are shipped (%zu keymaps)", n);
}

/* outpost-keys(5) has an ".It Ic NAME" entry for every action. */
static void
test_manual(void)
{
	const char *top = getenv("top_srcdir");
	char	    path[1024], line[512], missing[512] = "";
	char	   *text = NULL, *tmp, want[128];
	size_t	    i, len = 0, n;
	FILE	   *f;

	snprintf(path, sizeof path, "%s/contrib/man/outpost-keys.5",
	    top != NULL ? top : ".");
	if ((f = fopen(path, "r")) == NULL) {
		tap_ok(0, "cannot read %s", path);
		return;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		n = strlen(line);
		if ((tmp = realloc(text, len + n + 1)) == NULL)
			abort();
		text = tmp;
		memcpy(text + len, line, n + 1);
		len += n;
	}
	fclose(f);
	for (i = A_NONE + 1; i < A_COUNT; i++) {
		snprintf(want, sizeof want, "\n.It Ic %s\n",
		    action_get((enum action_id)i)->name);
		if (text == NULL || strstr(text, want) == NULL) {
			n = strlen(missing);
			snprintf(missing + n, sizeof missing - n, " %s",
			    action_get((enum action_id)i)->name);
		}
	}
	tap_ok(missing[0] == '\0',
	    "outpost-keys(5) documents every action%s%s",
	    missing[0] ? "; not:" : "", missing);
	for (i = 0, missing[0] = '\0'; i < KT_COUNT; i++) {
		snprintf(want, sizeof want, "\n.It Cm %s\n",
		    key_table_name((enum key_table)i));
		if (text == NULL || strstr(text, want) == NULL) {
			n = strlen(missing);
			snprintf(missing + n, sizeof missing - n, " %s",
			    key_table_name((enum key_table)i));
		}
	}
	tap_ok(missing[0] == '\0', "outpost-keys(5) documents every table%s%s",
	    missing[0] ? "; not:" : "", missing);
	free(text);
}

int
main(void)
{
	test_shipped();
	test_manual();
	return (tap_done());
}
