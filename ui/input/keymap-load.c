/*
 * keymap-load.c -- reading keymap files ("bind TABLE KEY ACTION",
 * "unbind TABLE KEY", '#' comments) with an error per bad line while the
 * good lines still load, and the whole set-up: the shipped keymap (a file,
 * else the copy built into the program), then the user's own file.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/keymap-int.h"
#include "input/keymap.h"

#include "conf/paths.h"
#include "base/strutil.h"
#include "base/trust.h"
#include "base/xmalloc.h"

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
split_blanks(char *s, char **words, size_t max)
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
	    "'%s' is not a key (write keys like <C-x>, <M-s>, <F5>, <Tab>, <Esc>)",
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
			    "unknown action '%s' (see outpost-keys(5) for the actions)",
			    buf);
		return (-1);
	}
	if ((a->tables & KT_BIT(table)) == 0) {
		tables_of(a->tables, where, sizeof where);
		line_error(c,
		    "action '%s' cannot be bound in table '%s' (it belongs to: %s)",
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
		key_notation(key, name, sizeof name);
		line_error(c,
		    "%s is bound twice in table '%s' (line %u and line %u)",
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
	n = split_blanks(s, w, KEYMAP_MAX_WORDS);
	if (n == 0 || w[0][0] == '#')
		return;
	if (strcmp(w[0], "bind") == 0) {
		if (words_used(w, n, 4) != 4)
			line_error(c,
			    "'bind' takes a table, a key and an action (bind TABLE KEY ACTION)");
		else
			do_bind(c, w);
	} else if (strcmp(w[0], "unbind") == 0) {
		if (words_used(w, n, 3) != 3)
			line_error(c,
			    "'unbind' takes a table and a key (unbind TABLE KEY)");
		else
			do_unbind(c, w);
	} else if ((near = str_suggest(w[0], cmds)) != NULL)
		line_error(c, "unknown command '%s' (did you mean '%s'?)",
		    shown_word(w[0], buf, sizeof buf), near);
	else
		line_error(c,
		    "unknown command '%s' (lines are 'bind TABLE KEY ACTION' or 'unbind TABLE KEY')",
		    shown_word(w[0], buf, sizeof buf));
}

/* Every line of f; shown names it in messages. */
static void
load_stream(struct keymap *km, FILE *f, const char *path, const char *shown)
{
	struct load_ctx c;
	char	       *line = NULL;
	size_t		cap = 0;

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
}

int
keymap_load_file(struct keymap *km, const char *path, const char *shown)
{
	struct stat st;
	char	    why[400];
	FILE	   *f;
	int	    fd;

	/* A settings file: never waited on, the user's or root's. */
	if ((fd = trust_open(AT_FDCWD, path, 0, &st)) == -1) {
		keymap_add_error(km, "%s: cannot read %s: %s", shown, path,
		    strerror(errno));
		return (-1);
	}
	if (trust_file_why(&st, 1, why, sizeof why) != NULL) {
		keymap_add_error(km, "%s: not read: %s %s", shown, path, why);
		close(fd);
		return (-1);
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		keymap_add_error(km, "%s: cannot read %s: %s", shown, path,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	load_stream(km, f, path, shown);
	fclose(f);
	return (0);
}

/* The copy built into the program (ui/keymap-builtin.c), or NULL. */
static const char *
builtin_text(const char *name)
{
	size_t i;

	for (i = 0; keymap_builtin[i] != NULL; i += 2)
		if (strcmp(keymap_builtin[i], name) == 0)
			return (keymap_builtin[i + 1]);
	return (NULL);
}

int
keymap_load_text(struct keymap *km, const char *text, size_t len,
    const char *path, const char *shown)
{
	FILE *f;

	if (len == 0) /* fmemopen refuses a size of 0 */
		return (0);
	if ((f = fmemopen((void *)text, len, "r")) == NULL)
		return (-1);
	load_stream(km, f, path, shown);
	fclose(f);
	return (0);
}

static void
load_builtin(struct keymap *km, const char *name, const char *shown)
{
	const char *text = builtin_text(name);

	if (text == NULL ||
	    keymap_load_text(km, text, strlen(text), "(built in)", shown) != 0)
		keymap_add_error(km, "%s: no built-in copy", shown);
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
	size_t	       n = 0, len, i, j;

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
	for (i = 0; keymap_builtin[i] != NULL; i += 2) {
		for (j = 0; j < n && strcmp(names[j], keymap_builtin[i]); j++)
			;
		if (j == n) {
			names = xreallocarray(names, n + 2, sizeof *names);
			names[n++] = xstrdup(keymap_builtin[i]);
		}
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
		    "unknown keymap '%s' (did you mean '%s'? the keymaps are: %s); using 'default'",
		    buf, near, list);
	else
		keymap_add_error(km,
		    "unknown keymap '%s' (the keymaps are: %s); using 'default'",
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

/*
 * The shipped keymap name: the file in the keymap directory, else the
 * copy built into the program (run from the build tree, or a damaged
 * install); an unknown name falls back to "default".
 */
static void
load_shipped(struct keymap *km, const char *name)
{
	const char *dir = keymap_dir();
	char	   *path, *shown;
	struct stat st;
	int	    have_file;

	xasprintf(&path, "%s/%s.keys", dir, name);
	have_file = valid_name(name) && stat(path, &st) == 0;
	if (!have_file && (!valid_name(name) || builtin_text(name) == NULL)) {
		unknown_keymap(km, dir, name);
		free(path);
		xasprintf(&path, "%s/default.keys", dir);
		name = "default";
		have_file = stat(path, &st) == 0;
	}
	xasprintf(&shown, "%s.keys", name);
	if (have_file)
		keymap_load_file(km, path, shown);
	else
		load_builtin(km, name, shown);
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
