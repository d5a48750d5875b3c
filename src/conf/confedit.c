/*
 * confedit.c -- write settings into the config file keeping everything
 * the user wrote (see confedit.h).  The file is held as its lines, each
 * with its own line end; only "key = value" lines of the changed keys
 * are touched, and within them only the value's bytes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "conf/confedit.h"
#include "conf/kvfile.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

/* Longer than any account's name (config.h), so a cut one matches none. */
#define SECTION_NAME_MAX 64

struct cline {
	char  *s;   /* the line with its line end */
	size_t len; /* bytes, line end included */
};

struct cfile {
	struct cline *v;
	size_t	      n;
	int	      crlf; /* the first line ends in CR LF */
};

static void
add_line(struct cfile *cf, size_t at, const char *s, size_t len)
{
	cf->v = xreallocarray(cf->v, cf->n + 1, sizeof *cf->v);
	memmove(cf->v + at + 1, cf->v + at, (cf->n - at) * sizeof *cf->v);
	cf->v[at].s = xstrndup(s, len);
	cf->v[at].len = len;
	cf->n++;
}

static void
drop_line(struct cfile *cf, size_t at)
{
	free(cf->v[at].s);
	memmove(cf->v + at, cf->v + at + 1, (cf->n - at - 1) * sizeof *cf->v);
	cf->n--;
}

static void
cfile_free(struct cfile *cf)
{
	while (cf->n > 0)
		drop_line(cf, cf->n - 1);
	free(cf->v);
}

static void
split_lines(struct cfile *cf, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		if (cf->n == 0)
			cf->crlf = nl - p >= 2 && nl[-1] == '\n' &&
			    nl[-2] == '\r';
		add_line(cf, cf->n, p, (size_t)(nl - p));
		p = nl;
	}
}

static int
blank(int c)
{
	return (c == ' ' || c == '\t');
}

/* Bytes of the line end ("\n", "\r\n" or none). */
static size_t
eol_len(const struct cline *l)
{
	if (l->len >= 2 && l->s[l->len - 2] == '\r' &&
	    l->s[l->len - 1] == '\n')
		return (2);
	return (l->len >= 1 && l->s[l->len - 1] == '\n');
}

/*
 * If l is "key = value" for key: 1, with [*vs, *ve) the value's bytes
 * (after the blanks following '=', before the trailing blanks).
 */
static int
is_key_line(const struct cline *l, const char *key, size_t *vs, size_t *ve)
{
	size_t end = l->len - eol_len(l), i = 0, k, klen = strlen(key);

	while (i < end && blank(l->s[i]))
		i++;
	if (i == end || l->s[i] == '#' || end - i < klen ||
	    memcmp(l->s + i, key, klen) != 0)
		return (0);
	for (k = i + klen; k < end && blank(l->s[k]); k++)
		;
	if (k == end || l->s[k] != '=')
		return (0);
	for (k++; k < end && blank(l->s[k]); k++)
		;
	*vs = k;
	while (end > k && blank(l->s[end - 1]))
		end--;
	*ve = end;
	return (1);
}

static void
replace_value(struct cline *l, size_t vs, size_t ve, const char *v)
{
	size_t vl = strlen(v), pad, len;
	char  *s;

	/* "key =" with no value yet: a space after the '='. */
	pad = ve == vs && vs > 0 && l->s[vs - 1] == '=';
	len = l->len - (ve - vs) + pad + vl;
	s = xmalloc(len + 1);
	memcpy(s, l->s, vs);
	if (pad)
		s[vs] = ' ';
	memcpy(s + vs + pad, v, vl);
	memcpy(s + vs + pad + vl, l->s + ve, l->len - ve);
	free(l->s);
	l->s = s;
	l->len = len;
}

/* A line of blanks only, its line end aside. */
static int
blank_line(const struct cline *l)
{
	size_t i, end = l->len - eol_len(l);

	for (i = 0; i < end; i++)
		if (!blank(l->s[i]))
			return (0);
	return (1);
}

/* A comment line: '#' after any blanks. */
static int
comment_line(const struct cline *l)
{
	size_t i = 0;

	while (i < l->len && blank(l->s[i]))
		i++;
	return (i < l->len && l->s[i] == '#');
}

/*
 * If l is a section line ("[...]" after any blanks): 1, with the name
 * of an [account NAME] line in name (empty for another section).
 */
static int
section_line(const struct cline *l, char *name, size_t size)
{
	size_t i = 0, end = l->len - eol_len(l), n;

	*name = '\0';
	while (i < end && blank(l->s[i]))
		i++;
	if (i == end || l->s[i] != '[')
		return (0);
	while (end > i && blank(l->s[end - 1]))
		end--;
	if (l->s[end - 1] != ']')
		return (1);
	for (i++, end--; i < end && blank(l->s[i]); i++)
		;
	while (end > i && blank(l->s[end - 1]))
		end--;
	if (end - i < 8 || memcmp(l->s + i, "account", 7) != 0 ||
	    !blank(l->s[i + 7]))
		return (1);
	for (i += 7; i < end && blank(l->s[i]); i++)
		;
	n = end - i < size - 1 ? end - i : size - 1;
	memcpy(name, l->s + i, n);
	name[n] = '\0';
	return (1);
}

/* The end of the region starting at lo: the next section line or EOF. */
static size_t
region_end(const struct cfile *cf, size_t lo)
{
	char name[SECTION_NAME_MAX];

	while (lo < cf->n && !section_line(&cf->v[lo], name, sizeof name))
		lo++;
	return (lo);
}

/* Give the last line a line end if it has none. */
static void
end_last_line(struct cfile *cf, const char *eol)
{
	struct cline *last;
	char	     *line;

	if (cf->n == 0 || eol_len(last = &cf->v[cf->n - 1]) != 0)
		return;
	line = xmalloc(last->len + 3);
	memcpy(line, last->s, last->len);
	memcpy(line + last->len, eol, strlen(eol));
	free(last->s);
	last->s = line;
	last->len += strlen(eol);
}

/*
 * Where a region's new key goes: at the end of the file, after the last
 * line; before a section line, after the region's last key, above the
 * blank lines and the comment right over the section line (which belong
 * to the section).
 */
static size_t
insert_at(const struct cfile *cf, size_t lo, size_t hi)
{
	size_t at = hi;

	if (hi == cf->n)
		return (hi);
	while (at > lo && comment_line(&cf->v[at - 1]))
		at--;
	while (at > lo && blank_line(&cf->v[at - 1]))
		at--;
	return (at);
}

/*
 * A new key goes at the end of its region: no blank line (each save
 * would add one), except after a comment, which it would seem to
 * belong to.  Returns the region's new end.
 */
static size_t
append_key(struct cfile *cf, size_t lo, size_t hi, const char *key,
    const char *v)
{
	const char *eol = cf->crlf ? "\r\n" : "\n";
	char	   *line;
	size_t	    at;

	end_last_line(cf, eol);
	at = insert_at(cf, lo, hi);
	if (at > 0 && comment_line(&cf->v[at - 1])) {
		add_line(cf, at++, eol, strlen(eol));
		hi++;
	}
	xasprintf(&line, "%s = %s%s", key, v, eol);
	add_line(cf, at, line, strlen(line));
	free(line);
	return (hi + 1);
}

/*
 * Drop the key line at i; a blank line it leaves doubled goes with it,
 * so removals leave no gaps behind.  Returns the lines dropped.
 */
static size_t
drop_key_line(struct cfile *cf, size_t i)
{
	drop_line(cf, i);
	if (i > 0 && i < cf->n && blank_line(&cf->v[i - 1]) &&
	    blank_line(&cf->v[i])) {
		drop_line(cf, i - 1);
		return (2);
	}
	return (1);
}

/* Set key to v (NULL: remove it) in lines [lo, *hi); *hi follows. */
static void
apply_change(struct cfile *cf, size_t lo, size_t *hi, const char *key,
    const char *v)
{
	size_t i, vs, ve, gone;
	int    found = 0;

	for (i = lo; i < *hi;) {
		if (!is_key_line(&cf->v[i], key, &vs, &ve)) {
			i++;
			continue;
		}
		if (v == NULL || found) {
			gone = drop_key_line(cf, i);
			*hi -= gone;
			i -= gone - 1;
			continue;
		}
		replace_value(&cf->v[i], vs, ve, v);
		found = 1;
		i++;
	}
	if (!found && v != NULL)
		*hi = append_key(cf, lo, *hi, key, v);
}

/*
 * The lines of account's keys, [*lo, *hi): the default's (NULL) before
 * the first section line, a named one's after its [account NAME] line,
 * which is added at the end when missing.
 */
static void
find_region(struct cfile *cf, const char *account, size_t *lo, size_t *hi)
{
	const char *eol = cf->crlf ? "\r\n" : "\n";
	char	    name[SECTION_NAME_MAX], *line;
	size_t	    i;

	*lo = 0;
	if (account != NULL) {
		for (i = 0; i < cf->n; i++)
			if (section_line(&cf->v[i], name, sizeof name) &&
			    strcmp(name, account) == 0)
				break;
		if (i == cf->n) {
			end_last_line(cf, eol);
			if (cf->n > 0 && !blank_line(&cf->v[cf->n - 1]))
				add_line(cf, cf->n, eol, strlen(eol));
			xasprintf(&line, "[account %s]%s", account, eol);
			add_line(cf, cf->n, line, strlen(line));
			free(line);
			i = cf->n - 1;
		}
		*lo = i + 1;
	}
	*hi = region_end(cf, *lo);
}

static int
check_key(const char *key, struct op_err *err)
{
	const char *p;

	if (key == NULL || *key == '\0')
		return (op_err_set(err, OP_EINVAL, "a setting has no key"));
	for (p = key; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			*p == '.' || *p == '_' || *p == '-'))
			return (op_err_set(err, OP_EINVAL,
			    "\"%.40s\" is not a config key (a-z, 0-9, '.', '_' and '-')",
			    key));
	}
	return (0);
}

/* The value as it will be written (trimmed, allocated), or NULL. */
static char *
check_value(const char *key, const char *v, struct op_err *err)
{
	size_t len;
	char  *t;

	if (strpbrk(v, "\r\n") != NULL) {
		op_err_set(err, OP_EINVAL,
		    "the value of %s contains a line break; it must be one line",
		    key);
		return (NULL);
	}
	t = xstrdup(v);
	str_trim(t);
	len = strlen(t);
	if (len == 0)
		op_err_set(err, OP_EINVAL,
		    "the value of %s is empty; remove the key instead", key);
	else if (!utf8_valid(t, len))
		op_err_set(err, OP_EINVAL, "the value of %s is not UTF-8",
		    key);
	else if (len + strlen(key) + 3 > KV_MAX_LINE)
		op_err_set(err, OP_EINVAL,
		    "the value of %s is longer than a config line may be",
		    key);
	else
		return (t);
	free(t);
	return (NULL);
}

/* Read path into cf; a missing file is an empty one. */
static int
read_file(const char *path, struct cfile *cf, struct op_err *err)
{
	char  *buf;
	size_t len;
	int    e;

	if ((e = atomicfile_read(path, KV_MAX_FILE, &buf, &len)) == ENOENT)
		return (0);
	if (e != 0)
		return (op_err_set(err, OP_EIO, "cannot read %s: %s", path,
		    e == EINVAL ? "not a regular file" :
				  atomicfile_strerror(e)));
	if (memchr(buf, '\0', len) != NULL) {
		free(buf);
		return (op_err_set(err, OP_EIO,
		    "%s contains a NUL byte; this is not a config file",
		    path));
	}
	split_lines(cf, buf, len);
	free(buf);
	return (0);
}

static int
write_file(const char *path, const struct cfile *cf, struct op_err *err)
{
	char  *buf, *dir, *slash;
	size_t len = 0, i;
	int    r;

	for (i = 0; i < cf->n; i++)
		len += cf->v[i].len;
	buf = xmalloc(len + 1);
	for (len = 0, i = 0; i < cf->n; i++) {
		memcpy(buf + len, cf->v[i].s, cf->v[i].len);
		len += cf->v[i].len;
	}
	dir = xstrdup(path);
	r = 0;
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		r = atomicfile_mkdirs(dir, err);
	}
	free(dir);
	if (r == 0)
		r = atomicfile_replace(path, buf, len, 0600, err);
	free(buf);
	return (r);
}

/* Where to write: the target of a symbolic link, else path itself. */
static char *
real_target(const char *path)
{
	struct stat st;
	char	   *real;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		return (real);
	return (xstrdup(path));
}

int
confedit_apply(const char *path, const struct confedit_change *changes,
    size_t n, struct op_err *err)
{
	return (confedit_apply_account(path, NULL, changes, n, err));
}

int
confedit_apply_account(const char *path, const char *account,
    const struct confedit_change *changes, size_t n, struct op_err *err)
{
	struct cfile cf;
	char	   **values, *target;
	size_t	     i, lo, hi;
	int	     r = -1;

	values = xcalloc(n + 1, sizeof *values);
	for (i = 0; i < n; i++) {
		if (check_key(changes[i].key, err) == -1 ||
		    (changes[i].value != NULL &&
			(values[i] = check_value(changes[i].key,
			     changes[i].value, err)) == NULL))
			goto done;
	}
	memset(&cf, 0, sizeof cf);
	target = real_target(path);
	if (read_file(target, &cf, err) == 0) {
		find_region(&cf, account, &lo, &hi);
		for (i = 0; i < n; i++)
			apply_change(&cf, lo, &hi, changes[i].key, values[i]);
		r = write_file(target, &cf, err);
	}
	free(target);
	cfile_free(&cf);
done:
	for (i = 0; i < n; i++)
		free(values[i]);
	free(values);
	return (r);
}
