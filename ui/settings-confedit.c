/*
 * settings-confedit.c -- stand-in for src/confedit.c (core-models) until
 * it lands: set or remove keys of a config file keeping every other line
 * (comments, blank lines, order), written atomically with mode 0600.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "settings-model.h"
#include "xmalloc.h"

struct outbuf {
	char  *p;
	size_t len, cap;
};

static void
out_add(struct outbuf *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->p = realloc(o->p, o->cap);
		if (o->p == NULL)
			abort();
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
out_setting(struct outbuf *o, const char *key, const char *value)
{
	out_add(o, key, strlen(key));
	out_add(o, " = ", 3);
	out_add(o, value, strlen(value));
	out_add(o, "\n", 1);
}

/* The change for the key of this line, or NULL. */
static const struct settings_change *
line_change(const char *line, size_t n, const struct settings_change *c,
    size_t nc)
{
	const char *p = line, *end = line + n, *k;
	size_t	    i, klen;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return (NULL);
	for (k = p; p < end && *p != '=' && *p != ' ' && *p != '\t'; p++)
		;
	klen = (size_t)(p - k);
	for (i = 0; i < nc; i++)
		if (strlen(c[i].key) == klen && memcmp(c[i].key, k, klen) == 0)
			return (&c[i]);
	return (NULL);
}

int
settings_confedit_apply(const char *path, const struct settings_change *c,
    size_t nc, struct op_err *err)
{
	struct outbuf		      o = { 0 };
	const struct settings_change *ch;
	char			     *old = NULL, *line, *nl;
	size_t			      len = 0, i;
	unsigned char		     *done = xcalloc(nc + 1, 1);
	int			      e, r;

	if ((e = af_read(path, 1024 * 1024, &old, &len)) != 0 && e != ENOENT) {
		free(done);
		return (op_err_set(err, OP_EIO, "cannot read %s: %s", path,
		    af_strerror(e)));
	}
	out_add(&o, "", 0);
	for (line = old; line != NULL && *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		nl = nl != NULL ? nl + 1 : line + strlen(line);
		ch = line_change(line, (size_t)(nl - line), c, nc);
		if (ch == NULL) {
			out_add(&o, line, (size_t)(nl - line));
			if (nl[-1] != '\n')
				out_add(&o, "\n", 1);
		} else if (ch->value != NULL && !done[ch - c])
			out_setting(&o, ch->key, ch->value);
		if (ch != NULL)
			done[ch - c] = 1;
	}
	for (i = 0; i < nc; i++)
		if (!done[i] && c[i].value != NULL)
			out_setting(&o, c[i].key, c[i].value);
	r = af_replace(path, o.p, o.len, 0600, err);
	free(o.p);
	free(old);
	free(done);
	return (r);
}
