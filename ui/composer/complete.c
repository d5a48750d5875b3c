/*
 * complete.c -- address and path completion for the composer (see
 * complete.h): the set of known addresses (deduplicated, matched by a
 * prefix of the address or of a word of the name, without case), the
 * outbox's recipients, and file names for the attachment prompt.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "composer/complete.h"
#include "input/lineedit.h"
#include "store/outbox.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

void
addrbook_init(struct addrbook *ab)
{
	memset(ab, 0, sizeof *ab);
}

void
addrbook_free(struct addrbook *ab)
{
	size_t i;

	for (i = 0; i < ab->n; i++) {
		free(ab->v[i].address);
		free(ab->v[i].name);
	}
	free(ab->v);
	addrbook_init(ab);
}

static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '"')) {
		s++;
		n--;
	}
	while (n > 0 &&
	    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' ||
		s[n - 1] == '\r'))
		n--;
	return (xstrndup(s, n));
}

void
addrbook_add(struct addrbook *ab, const char *address, const char *name)
{
	const char *lt, *gt;
	char	   *a, *nm = NULL;
	size_t	    i;

	if ((lt = strchr(address, '<')) != NULL &&
	    (gt = strchr(lt, '>')) != NULL) {
		a = trimmed(lt + 1, gt - lt - 1);
		if (name == NULL && lt > address)
			nm = trimmed(address, lt - address);
	} else
		a = trimmed(address, strlen(address));
	if (name != NULL)
		nm = trimmed(name, strlen(name));
	if (nm != NULL && *nm == '\0') {
		free(nm);
		nm = NULL;
	}
	if (strchr(a, '@') == NULL || strpbrk(a, " \t,<>") != NULL) {
		free(a);
		free(nm);
		return;
	}
	for (i = 0; i < ab->n; i++) {
		if (strcasecmp(ab->v[i].address, a) != 0)
			continue;
		if (ab->v[i].name == NULL)
			ab->v[i].name = nm;
		else
			free(nm);
		free(a);
		return;
	}
	if (ab->n == ab->cap) {
		ab->cap = ab->cap ? ab->cap * 2 : 16;
		ab->v = xreallocarray(ab->v, ab->cap, sizeof *ab->v);
	}
	ab->v[ab->n].address = a;
	ab->v[ab->n].name = nm;
	ab->n++;
}

int
complete_prefix_fold(const char *s, const char *prefix)
{
	size_t sl = strlen(s), pl = strlen(prefix), i = 0, j = 0;

	while (j < pl) {
		if (i >= sl)
			return (0);
		if (towlower(utf8_decode(s, sl, i)) !=
		    towlower(utf8_decode(prefix, pl, j)))
			return (0);
		i = utf8_next(s, sl, i);
		j = utf8_next(prefix, pl, j);
	}
	return (1);
}

static int
name_matches(const char *name, const char *prefix)
{
	const char *p = name;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '"' || *p == '(' || *p == '\'')
			p++;
		if (complete_prefix_fold(p, prefix))
			return (1);
		p = strpbrk(p, " -.");
		if (p != NULL)
			p++;
	}
	return (0);
}

static const struct addrbook *sort_book;

static int
by_address(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	return (strcasecmp(sort_book->v[i].address, sort_book->v[j].address));
}

size_t
addrbook_match(const struct addrbook *ab, const char *prefix, size_t *idx,
    size_t max)
{
	size_t i, n = 0, *all;

	all = xcalloc(ab->n + 1, sizeof *all);
	for (i = 0; i < ab->n; i++) {
		if (complete_prefix_fold(ab->v[i].address, prefix) ||
		    (ab->v[i].name != NULL &&
			name_matches(ab->v[i].name, prefix)))
			all[n++] = i;
	}
	sort_book = ab;
	qsort(all, n, sizeof *all, by_address);
	if (idx != NULL)
		memcpy(idx, all, (n < max ? n : max) * sizeof *idx);
	free(all);
	return (n);
}

void
addrbook_parse(struct addrbook *ab, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl, *tab, *tab2;
	char	   *addr, *name;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		if ((tab = memchr(p, '\t', nl - p)) == NULL)
			tab = nl;
		addr = xstrndup(p, tab - p);
		name = NULL;
		if (tab < nl) {
			if ((tab2 = memchr(tab + 1, '\t', nl - tab - 1)) ==
			    NULL)
				tab2 = nl;
			name = xstrndup(tab + 1, tab2 - tab - 1);
		}
		addrbook_add(ab, addr, name);
		free(addr);
		free(name);
	}
}

static void
add_items(struct addrbook *ab, struct outbox_item *items, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < items[i].nrcpts; j++)
			addrbook_add(ab, items[i].rcpts[j], NULL);
	outbox_items_free(items, n);
}

int
addrbook_load_outbox(struct addrbook *ab, const char *datadir,
    struct op_err *err)
{
	struct outbox	      ob;
	struct outbox_item   *items;
	struct outbox_damage *dmg;
	size_t		      n, ndmg;

	if (outbox_open(datadir, &ob, err) == -1)
		return (-1);
	if (outbox_list_sent(&ob, &items, &n, err) == -1)
		goto fail;
	add_items(ab, items, n);
	if (outbox_list(&ob, &items, &n, &dmg, &ndmg, err) == -1)
		goto fail;
	outbox_damage_free(dmg, ndmg);
	add_items(ab, items, n);
	outbox_close(&ob);
	return (0);
fail:
	outbox_close(&ob);
	return (-1);
}

char *
addr_entry_format(const struct addr_entry *e)
{
	const char *p;
	char	   *out, *q;
	int	    special = 0;

	if (e->name == NULL || *e->name == '\0')
		return (xstrdup(e->address));
	for (p = e->name; *p != '\0'; p++)
		if (strchr("()<>[]:;@\\,.\"", *p) != NULL)
			special = 1;
	if (!special) {
		xasprintf(&out, "%s <%s>", e->name, e->address);
		return (out);
	}
	out = xmalloc(2 * strlen(e->name) + strlen(e->address) + 8);
	q = out;
	*q++ = '"';
	for (p = e->name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			*q++ = '\\';
		*q++ = *p;
	}
	strcpy(q, "\" <");
	strcat(q, e->address);
	strcat(q, ">");
	return (out);
}

size_t
addr_token_start(const char *s, size_t cur)
{
	size_t i, start = 0;
	int    quoted = 0;

	for (i = 0; i < cur && s[i] != '\0'; i++) {
		if (s[i] == '\\' && quoted && i + 1 < cur)
			i++;
		else if (s[i] == '"')
			quoted = !quoted;
		else if ((s[i] == ',' || s[i] == ';') && !quoted)
			start = i + 1;
	}
	while (start < cur && (s[start] == ' ' || s[start] == '\t'))
		start++;
	return (start);
}

char *
complete_common_prefix(char *const *v, size_t n)
{
	size_t len, i, k;

	if (n == 0)
		return (xstrdup(""));
	len = strlen(v[0]);
	for (i = 1; i < n; i++) {
		for (k = 0; k < len && v[i][k] == v[0][k]; k++)
			;
		len = k;
	}
	/* Never cut a UTF-8 sequence in two: back to the boundary at len. */
	len = utf8_prev(v[0], len + 1);
	return (xstrndup(v[0], len));
}

void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
by_string(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The directory to list for typed text up to its last '/'. */
static char *
dir_to_list(const char *typed, size_t dirlen)
{
	const char *home = getenv("HOME");
	char	   *dir;

	if (dirlen == 0)
		return (xstrdup("."));
	if (typed[0] == '~' && (typed[1] == '/') && home != NULL) {
		xasprintf(&dir, "%s%.*s", home, (int)(dirlen - 1), typed + 1);
		return (dir);
	}
	return (xstrndup(typed, dirlen));
}

int
path_complete(const char *typed, char ***out, size_t *nout)
{
	const char *slash = strrchr(typed, '/'), *base;
	size_t	    dirlen = slash != NULL ? (size_t)(slash - typed) + 1 : 0;
	char	   *dir, *full, **v = NULL;
	size_t	    n = 0, cap = 0;
	DIR	   *d;
	struct dirent *de;
	struct stat    st;

	base = typed + dirlen;
	dir = dir_to_list(typed, dirlen);
	*out = NULL;
	*nout = 0;
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_name[0] == '.' && base[0] != '.')
			continue;
		if (strncmp(de->d_name, base, strlen(base)) != 0)
			continue;
		xasprintf(&full, "%s/%s", dir, de->d_name);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof *v);
		}
		xasprintf(&v[n], "%.*s%s%s", (int)dirlen, typed, de->d_name,
		    stat(full, &st) == 0 && S_ISDIR(st.st_mode) ? "/" : "");
		n++;
		free(full);
	}
	closedir(d);
	free(dir);
	if (n > 0)
		qsort(v, n, sizeof *v, by_string);
	*out = v;
	*nout = n;
	return (0);
}
