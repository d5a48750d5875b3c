/*
 * mailto.c -- mailto: URLs (see mailto.h): the to part, then
 * "?name=value&..." fields, each percent-decoded on its own.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"
#include "mail/mailto.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/* s[0..n) percent-decoded (allocated), checked as UTF-8 without NUL. */
static int
decode(const char *field, const char *s, size_t n, char **out,
    struct op_err *err)
{
	struct strbuf b = STRBUF_INIT;
	size_t	      i;
	int	      hi, lo;
	char	      c;

	strbuf_adds(&b, "");
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '%') {
			hi = lo = -1;
			if (i + 2 < n) {
				hi = hexval((unsigned char)s[i + 1]);
				lo = hexval((unsigned char)s[i + 2]);
			}
			if (hi < 0 || lo < 0) {
				strbuf_free(&b);
				return (op_err_set(err, OP_EINVAL,
				    "mailto: %s: '%%' must be followed by two hexadecimal digits",
				    field));
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		strbuf_add(&b, &c, 1);
	}
	if (memchr(b.p, '\0', b.len) != NULL || !utf8_valid(b.p, b.len)) {
		strbuf_free(&b);
		return (op_err_set(err, OP_EINVAL,
		    "mailto: %s: the decoded text is not UTF-8 (or holds a NUL)",
		    field));
	}
	*out = strbuf_take(&b);
	return (0);
}

/* The body: CR LF, CR or LF become LF. */
static void
body_lf(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++) {
		if (*s == '\r' && s[1] == '\n')
			continue;
		*o++ = *s == '\r' ? '\n' : *s;
	}
	*o = '\0';
}

/* Append v to a list field ("a, b"). */
static void
list_add(char **field, const char *v)
{
	char *old = *field;

	if (*v == '\0')
		return;
	xasprintf(field, "%s%s%s", old, *old != '\0' ? ", " : "", v);
	free(old);
}

static void
set_once(char **field, const char *v)
{
	if (**field == '\0') {
		free(*field);
		*field = xstrdup(v);
	}
}

static int
field(struct mailto *m, const char *name, const char *v, struct op_err *err)
{
	if (strpbrk(name, "\r\n") != NULL)
		return (op_err_set(err, OP_EINVAL,
		    "mailto: a field name contains a line break"));
	if (strcasecmp(name, "body") != 0 && strpbrk(v, "\r\n") != NULL)
		return (op_err_set(err, OP_EINVAL,
		    "mailto: %s contains a line break; a header field must be one line",
		    name));
	if (strcasecmp(name, "to") == 0)
		list_add(&m->to, v);
	else if (strcasecmp(name, "cc") == 0)
		list_add(&m->cc, v);
	else if (strcasecmp(name, "bcc") == 0)
		list_add(&m->bcc, v);
	else if (strcasecmp(name, "subject") == 0)
		set_once(&m->subject, v);
	else if (strcasecmp(name, "in-reply-to") == 0)
		set_once(&m->in_reply_to, v);
	else if (strcasecmp(name, "body") == 0) {
		set_once(&m->body, v);
		body_lf(m->body);
	} else
		list_add(&m->ignored, name);
	return (0);
}

/* One "name=value" of n bytes. */
static int
hfield(struct mailto *m, const char *s, size_t n, struct op_err *err)
{
	const char *eq = memchr(s, '=', n);
	char	   *name, *v;
	int	    r;

	if (n == 0)
		return (0);
	if (eq == NULL)
		eq = s + n;
	if (decode("a field name", s, (size_t)(eq - s), &name, err) != 0)
		return (-1);
	if (decode(name, eq < s + n ? eq + 1 : eq,
		eq < s + n ? (size_t)(s + n - eq - 1) : 0, &v, err) != 0) {
		free(name);
		return (-1);
	}
	r = field(m, name, v, err);
	free(name);
	free(v);
	return (r);
}

int
mailto_parse(const char *url, struct mailto *m, struct op_err *err)
{
	const char *p = url, *q, *amp;
	char	   *to = NULL;

	m->to = xstrdup("");
	m->cc = xstrdup("");
	m->bcc = xstrdup("");
	m->subject = xstrdup("");
	m->in_reply_to = xstrdup("");
	m->body = xstrdup("");
	m->ignored = xstrdup("");
	if (strncasecmp(p, "mailto:", 7) == 0)
		p += 7;
	q = p + strcspn(p, "?");
	if (decode("to", p, (size_t)(q - p), &to, err) != 0 ||
	    field(m, "to", to, err) != 0)
		goto fail;
	free(to);
	to = NULL;
	for (p = *q == '?' ? q + 1 : q; *p != '\0'; p = *amp ? amp + 1 : amp) {
		amp = p + strcspn(p, "&");
		if (hfield(m, p, (size_t)(amp - p), err) != 0)
			goto fail;
	}
	return (0);
fail:
	free(to);
	mailto_free(m);
	return (-1);
}

void
mailto_free(struct mailto *m)
{
	free(m->to);
	free(m->cc);
	free(m->bcc);
	free(m->subject);
	free(m->in_reply_to);
	free(m->body);
	free(m->ignored);
	memset(m, 0, sizeof m[0]);
}
