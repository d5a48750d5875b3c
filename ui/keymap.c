/*
 * keymap.c -- key bindings per key table: binding, lookup on every
 * keystroke (binary search in a sorted array per table), and loading
 * keymap files ("bind TABLE KEY ACTION", "unbind TABLE KEY") with an
 * error per bad line while the good lines still load.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "paths.h"
#include "strutil.h"
#include "xmalloc.h"

#define KEYMAP_MAX_ERRORS 100

struct binding {
	keyc	       key;
	enum action_id action;
	unsigned       order; /* when it was bound: keys_for's order */
	unsigned       load;  /* which keymap_load_file call, 0 for none */
	unsigned       line;
};

struct ktable {
	struct binding *v; /* sorted by key */
	size_t		n, cap;
};

struct keymap {
	struct ktable t[KT_COUNT];
	char	    **errors;
	size_t	      nerrors;
	unsigned      order;
	unsigned      loads;
};

struct keymap *
keymap_new(void)
{
	return (xcalloc(1, sizeof(struct keymap)));
}

void
keymap_free(struct keymap *km)
{
	size_t i;

	if (km == NULL)
		return;
	for (i = 0; i < KT_COUNT; i++)
		free(km->t[i].v);
	for (i = 0; i < km->nerrors; i++)
		free(km->errors[i]);
	free(km->errors);
	free(km);
}

size_t
keymap_nerrors(const struct keymap *km)
{
	return (km->nerrors);
}

const char *
keymap_error(const struct keymap *km, size_t i)
{
	return (i < km->nerrors ? km->errors[i] : NULL);
}

static void __attribute__((format(printf, 2, 3)))
keymap_add_error(struct keymap *km, const char *fmt, ...)
{
	va_list ap;
	char   *msg;

	if (km->nerrors > KEYMAP_MAX_ERRORS)
		return;
	if (km->nerrors == KEYMAP_MAX_ERRORS)
		msg = xstrdup("too many errors in the keymaps; the rest are "
			      "not shown");
	else {
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) == -1)
			abort();
		va_end(ap);
	}
	km->errors = xreallocarray(km->errors, km->nerrors + 1,
	    sizeof *km->errors);
	km->errors[km->nerrors++] = msg;
}

/* Where key is in the table, or where it would go; *found says which. */
static size_t
table_search(const struct ktable *t, keyc key, int *found)
{
	size_t lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid].key == key) {
			*found = 1;
			return (mid);
		}
		if (t->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return (lo);
}

static const struct binding *
keymap_binding(const struct keymap *km, enum key_table table, keyc key)
{
	const struct ktable *t;
	size_t		     at;
	int		     found;

	if ((unsigned)table >= KT_COUNT)
		return (NULL);
	t = &km->t[table];
	at = table_search(t, key, &found);
	return (found ? &t->v[at] : NULL);
}

static int
keymap_bind_at(struct keymap *km, enum key_table table, keyc key,
    enum action_id action, unsigned load, unsigned line)
{
	const struct action *a = action_get(action);
	struct ktable	    *t;
	size_t		     at;
	int		     found;

	if ((unsigned)table >= KT_COUNT || key == KEYC_NONE || a == NULL ||
	    action == A_NONE || (a->tables & KT_BIT(table)) == 0)
		return (-1);
	t = &km->t[table];
	at = table_search(t, key, &found);
	if (!found) {
		if (t->n == t->cap) {
			t->cap = t->cap == 0 ? 16 : t->cap * 2;
			t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
		}
		memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof *t->v);
		t->n++;
		t->v[at].key = key;
	}
	t->v[at].action = action;
	t->v[at].order = ++km->order;
	t->v[at].load = load;
	t->v[at].line = line;
	return (0);
}

int
keymap_bind(struct keymap *km, enum key_table table, keyc key,
    enum action_id action)
{
	return (keymap_bind_at(km, table, key, action, 0, 0));
}

void
keymap_unbind(struct keymap *km, enum key_table table, keyc key)
{
	struct ktable *t;
	size_t	       at;
	int	       found;

	if ((unsigned)table >= KT_COUNT)
		return;
	t = &km->t[table];
	at = table_search(t, key, &found);
	if (!found)
		return;
	memmove(&t->v[at], &t->v[at + 1], (t->n - at - 1) * sizeof *t->v);
	t->n--;
}

enum action_id
keymap_lookup(const struct keymap *km, const enum key_table *tables,
    size_t ntables, keyc key)
{
	const struct binding *b;
	size_t		      i;

	for (i = 0; i < ntables; i++) {
		if ((b = keymap_binding(km, tables[i], key)) != NULL)
			return (b->action);
	}
	return (A_NONE);
}

size_t
keymap_keys_for(const struct keymap *km, enum key_table table,
    enum action_id action, keyc *keys, size_t max)
{
	const struct ktable *t;
	unsigned	     last = 0, next;
	size_t		     i, n = 0, pick;

	if ((unsigned)table >= KT_COUNT)
		return (0);
	t = &km->t[table];
	/* The tables are small: pick the bindings in order, one by one. */
	for (;;) {
		next = 0;
		pick = t->n;
		for (i = 0; i < t->n; i++) {
			if (t->v[i].action == action && t->v[i].order > last &&
			    (next == 0 || t->v[i].order < next)) {
				next = t->v[i].order;
				pick = i;
			}
		}
		if (pick == t->n)
			return (n);
		if (n < max)
			keys[n] = t->v[pick].key;
		n++;
		last = next;
	}
}

/* Loading files. */

struct load_ctx {
	struct keymap *km;
	const char    *shown;
	unsigned       load;
	unsigned       line;
};

#define KEYMAP_MAX_WORDS 8

/* A word as it may be shown in a message: control bytes become '?'. */
static const char *
shown_word(const char *w, char *buf, size_t len)
{
	size_t i;
	int    valid = utf8_valid(w, strlen(w));

	for (i = 0; w[i] != '\0' && i + 1 < len; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c < 0x20 || c == 0x7f || (!valid && c >= 0x80))
			buf[i] = '?';
		else
			buf[i] = w[i];
	}
	buf[i] = '\0';
	return (buf);
}

static void __attribute__((format(printf, 2, 3)))
line_error(struct load_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char   *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	keymap_add_error(c->km, "%s:%u: %s", c->shown, c->line, msg);
	free(msg);
}

/* Split at spaces and tabs; returns how many words (may exceed max). */
static size_t
split_words(char *s, char **words, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return (n);
		if (n < max)
			words[n] = s;
		n++;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
}

static void
tables_of(unsigned mask, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < KT_COUNT && n < len; i++) {
		if ((mask & KT_BIT(i)) == 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
		    n > 0 ? ", " : "", key_table_name((enum key_table)i));
	}
}

static int
parse_table(struct load_ctx *c, const char *word, enum key_table *out)
{
	const char *names[KT_COUNT + 1];
	const char *near;
	char	    buf[64], all[128];
	int	    t, i;

	if ((t = key_table_find(word)) >= 0) {
		*out = (enum key_table)t;
		return (0);
	}
	for (i = 0; i < KT_COUNT; i++)
		names[i] = key_table_name((enum key_table)i);
	names[KT_COUNT] = NULL;
	if ((near = str_suggest(word, names)) != NULL)
		line_error(c, "unknown table '%s' (did you mean '%s'?)",
		    shown_word(word, buf, sizeof buf), near);
	else {
		tables_of((1u << KT_COUNT) - 1, all, sizeof all);
		line_error(c, "unknown table '%s' (the tables are: %s)",
		    shown_word(word, buf, sizeof buf), all);
	}
	return (-1);
}

static int
parse_key(struct load_ctx *c, const char *word, keyc *out)
{
	char buf[64];

	if (key_parse(word, out) == 0)
		return (0);
	line_error(c,
	    "'%s' is not a key (write keys like <C-x>, <M-s>, <F5>, <Tab>, "
	    "<Esc>)",
	    shown_word(word, buf, sizeof buf));
	return (-1);
}

static int
parse_action(struct load_ctx *c, const char *word, enum key_table table,
    enum action_id *out)
{
	const struct action *a;
	const char	    *near;
	char		     buf[64], where[128];

	if ((a = action_find(word)) == NULL) {
		shown_word(word, buf, sizeof buf);
		if ((near = action_suggest(word)) != NULL)
			line_error(c,
			    "unknown action '%s' (did you mean '%s'?)", buf,
			    near);
		else
			line_error(c,
			    "unknown action '%s' (see outpost-keys(5) "
			    "for the actions)",
			    buf);
		return (-1);
	}
	if ((a->tables & KT_BIT(table)) == 0) {
		tables_of(a->tables, where, sizeof where);
		line_error(c,
		    "action '%s' cannot be bound in table '%s' (it "
		    "belongs to: %s)",
		    a->name, key_table_name(table), where);
		return (-1);
	}
	*out = a->id;
	return (0);
}

static void
do_bind(struct load_ctx *c, char **w)
{
	const struct binding *old;
	enum key_table	      table = KT_GLOBAL;
	enum action_id	      action;
	keyc		      key;
	char		      name[64];

	if (parse_table(c, w[1], &table) != 0 ||
	    parse_key(c, w[2], &key) != 0 ||
	    parse_action(c, w[3], table, &action) != 0)
		return;
	old = keymap_binding(c->km, table, key);
	if (old != NULL && old->load == c->load) {
		key_name(key, name, sizeof name);
		line_error(c,
		    "%s is bound twice in table '%s' (line %u and "
		    "line %u)",
		    name, key_table_name(table), old->line, c->line);
		return;
	}
	keymap_bind_at(c->km, table, key, action, c->load, c->line);
}

static void
do_unbind(struct load_ctx *c, char **w)
{
	enum key_table table = KT_GLOBAL;
	keyc	       key;

	if (parse_table(c, w[1], &table) != 0 || parse_key(c, w[2], &key) != 0)
		return;
	keymap_unbind(c->km, table, key);
}

/* Words before a trailing "# comment" that follows the need-th word. */
static size_t
words_used(char **w, size_t n, size_t need)
{
	if (n > need && need < KEYMAP_MAX_WORDS && w[need][0] == '#')
		return (need);
	return (n);
}

static void
load_line(struct load_ctx *c, char *s)
{
	static const char *const cmds[] = { "bind", "unbind", NULL };
	char			*w[KEYMAP_MAX_WORDS];
	const char		*near;
	char			 buf[64];
	size_t			 n;

	s[strcspn(s, "\r\n")] = '\0';
	n = split_words(s, w, KEYMAP_MAX_WORDS);
	if (n == 0 || w[0][0] == '#')
		return;
	if (strcmp(w[0], "bind") == 0) {
		if (words_used(w, n, 4) != 4)
			line_error(c,
			    "'bind' takes a table, a key and an "
			    "action (bind TABLE KEY ACTION)");
		else
			do_bind(c, w);
	} else if (strcmp(w[0], "unbind") == 0) {
		if (words_used(w, n, 3) != 3)
			line_error(c,
			    "'unbind' takes a table and a key "
			    "(unbind TABLE KEY)");
		else
			do_unbind(c, w);
	} else if ((near = str_suggest(w[0], cmds)) != NULL)
		line_error(c, "unknown command '%s' (did you mean '%s'?)",
		    shown_word(w[0], buf, sizeof buf), near);
	else
		line_error(c,
		    "unknown command '%s' (lines are 'bind TABLE "
		    "KEY ACTION' or 'unbind TABLE KEY')",
		    shown_word(w[0], buf, sizeof buf));
}

int
keymap_load_file(struct keymap *km, const char *path, const char *shown)
{
	struct load_ctx c;
	FILE	       *f;
	char	       *line = NULL;
	size_t		cap = 0;

	if ((f = fopen(path, "r")) == NULL) {
		keymap_add_error(km, "%s: cannot read %s: %s", shown, path,
		    strerror(errno));
		return (-1);
	}
	c.km = km;
	c.shown = shown;
	c.load = ++km->loads;
	c.line = 0;
	while (getline(&line, &cap, f) != -1) {
		c.line++;
		load_line(&c, line);
	}
	if (ferror(f))
		keymap_add_error(km, "%s: cannot read %s: %s", shown, path,
		    strerror(errno));
	free(line);
	fclose(f);
	return (0);
}

/* Setting up: the shipped keymap, then the user's file. */

static const char *
keymap_dir(void)
{
	const char *dir = getenv("OUTPOST_KEYMAP_DIR");

	return (dir != NULL && *dir != '\0' ? dir : PKGDATADIR "/keymaps");
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The names of the shipped keymaps (NAME.keys in dir), sorted. */
static size_t
known_keymaps(const char *dir, char ***out)
{
	DIR	      *d;
	struct dirent *de;
	char	     **names = NULL;
	size_t	       n = 0, len;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (de->d_name[0] == '.' || len <= 5 ||
			    strcmp(de->d_name + len - 5, ".keys") != 0)
				continue;
			names = xreallocarray(names, n + 2, sizeof *names);
			names[n++] = xstrndup(de->d_name, len - 5);
		}
		closedir(d);
	}
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	names = xreallocarray(names, n + 1, sizeof *names);
	names[n] = NULL;
	*out = names;
	return (n);
}

static void
unknown_keymap(struct keymap *km, const char *dir, const char *name)
{
	char	  **names, *list = xstrdup(""), *tmp, buf[64];
	const char *near;
	size_t	    i, n;

	n = known_keymaps(dir, &names);
	for (i = 0; i < n; i++) {
		xasprintf(&tmp, "%s%s%s", list, i > 0 ? ", " : "", names[i]);
		free(list);
		list = tmp;
	}
	near = str_suggest(name, (const char *const *)names);
	shown_word(name, buf, sizeof buf);
	if (near != NULL)
		keymap_add_error(km,
		    "unknown keymap '%s' (did you mean '%s'? "
		    "the keymaps are: %s); using 'default'",
		    buf, near, list);
	else
		keymap_add_error(km,
		    "unknown keymap '%s' (the keymaps are: %s); using "
		    "'default'",
		    buf, n > 0 ? list : "none");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(list);
}

/* A keymap name is a plain file name: no '/', not hidden. */
static int
valid_name(const char *name)
{
	return (
	    name[0] != '.' && strchr(name, '/') == NULL && strlen(name) < 64);
}

static void
load_shipped(struct keymap *km, const char *name)
{
	const char *dir = keymap_dir();
	char	   *path, *shown;
	struct stat st;

	xasprintf(&path, "%s/%s.keys", dir, name);
	if (!valid_name(name) || (stat(path, &st) == -1 && errno == ENOENT)) {
		unknown_keymap(km, dir, name);
		free(path);
		xasprintf(&path, "%s/default.keys", dir);
		name = "default";
	}
	xasprintf(&shown, "%s.keys", name);
	keymap_load_file(km, path, shown);
	free(shown);
	free(path);
}

static void
load_user(struct keymap *km)
{
	struct op_err err;
	char	     *dir, *path;
	struct stat   st;

	memset(&err, 0, sizeof err);
	if (paths_config_dir(&dir, &err) != 0)
		return;
	xasprintf(&path, "%s/keys", dir);
	if (stat(path, &st) == 0 || errno != ENOENT)
		keymap_load_file(km, path, "keys");
	free(path);
	free(dir);
}

struct keymap *
keymap_open(const char *name)
{
	struct keymap *km = keymap_new();

	load_shipped(km, name != NULL && *name != '\0' ? name : "default");
	load_user(km);
	return (km);
}
