/*
 * address.c -- e-mail address validation and address-list splitting.
 *
 * libetpan's mailimf parser finds the structure (mailboxes, groups,
 * display names, comments), but its addr-spec parser is lenient: it
 * accepts "ada" and "a@b@c" and silently drops spaces ("a b@c.d" becomes
 * "ab@c.d", even inside a quoted local part).  So the addr-spec is taken
 * from the original text of each mailbox and checked here against RFC
 * 5322 (dot-atom or quoted-string local part) with RFC 5321 limits.
 * Internationalized (non-ASCII) addresses are refused for now.  A list
 * is kept as entries (display names, groups and their members), so that
 * a message can be written with the names the user gave.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "mail/address.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define LOCAL_MAX   64
#define DOMAIN_MAX  255
#define LABEL_MAX   63
#define ADDRESS_MAX 254

static int
is_atext(int c)
{
	if (isalnum(c))
		return (1);
	return (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Copy s for an error message: controls shown as \r, \n, \xNN; cut. */
static void
address_show(char *out, size_t outsz, const char *s)
{
	size_t o = 0;
	int    c;

	for (; *s != '\0' && o + 5 < outsz; s++) {
		c = (unsigned char)*s;
		if (c == '\r' || c == '\n')
			o += snprintf(out + o, outsz - o, "\\%c",
			    c == '\r' ? 'r' : 'n');
		else if (c < 0x20 || c == 0x7f)
			o += snprintf(out + o, outsz - o, "\\x%02x", c);
		else
			out[o++] = *s;
	}
	if (*s != '\0' && o + 4 < outsz)
		o += snprintf(out + o, outsz - o, "...");
	out[o] = '\0';
}

static int
address_fail(struct op_err *err, const char *addr, const char *why)
{
	char shown[300];

	address_show(shown, sizeof shown, addr);
	return (op_err_set(err, OP_EINVAL, "\"%s\" is not a valid address: %s",
	    shown, why));
}

/* Characters that can never be in an address, even quoted. */
static const char *
address_bad_char(const char *addr)
{
	const unsigned char *p;

	for (p = (const unsigned char *)addr; *p != '\0'; p++) {
		if (*p == '\r' || *p == '\n')
			return ("it contains a line break");
		if (*p < 0x20 || *p == 0x7f)
			return ("it contains a control character");
		if (*p >= 0x80)
			return (
			    "it contains non-ASCII characters (internationalized addresses are not supported)");
	}
	return (NULL);
}

/* Local part: quoted-string or dot-atom.  Sets *end past it. */
static const char *
address_local(const char *addr, const char **end)
{
	const char *p = addr;

	if (*p == '"') {
		for (p++; *p != '"'; p++) {
			if (*p == '\0')
				return ("a quote is not closed");
			if (*p == '\\' && *++p == '\0')
				return ("a quote is not closed");
		}
		*end = p + 1;
		if (**end != '@')
			return (**end == '\0' ?
				"there is no @" :
				"text follows the quoted part before the @");
		return (NULL);
	}
	for (; *p != '@'; p++) {
		if (*p == '\0')
			return (p == addr ?
				"it is empty" :
				"there is no @ (an address looks like name@example.org)");
		if (*p == ' ' || *p == '\t')
			return ("it contains a space");
		if (*p == '.' && (p == addr || p[1] == '.' || p[1] == '@'))
			return ("a dot before the @ is misplaced");
		if (*p != '.' && !is_atext((unsigned char)*p))
			return ("a character before the @ needs quoting");
	}
	if (p == addr)
		return ("nothing before the @");
	*end = p;
	return (NULL);
}

static const char *
address_literal(const char *dom)
{
	char	      buf[DOMAIN_MAX + 1];
	unsigned char bin[4];
	size_t	      len = strlen(dom);

	if (len < 3 || dom[len - 1] != ']' || len > sizeof buf)
		return ("the address literal after the @ is malformed");
	memcpy(buf, dom + 1, len - 2);
	buf[len - 2] = '\0';
	/* libetpan's parser stops at the first colon: no IPv6 literals. */
	if (strncasecmp(buf, "IPv6:", 5) == 0)
		return ("IPv6 address literals are not supported");
	if (inet_pton(AF_INET, buf, bin) == 1)
		return (NULL);
	return ("the address literal after the @ is not an IP address");
}

static const char *
address_domain(const char *dom)
{
	const char *p, *label = dom;
	int	    dots = 0, numeric = 1;

	if (*dom == '\0')
		return ("nothing after the @");
	if (*dom == '[')
		return (address_literal(dom));
	if (strlen(dom) > DOMAIN_MAX)
		return ("the domain is longer than 255 characters");
	for (p = dom;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label)
				return ("the domain has an empty part");
			if (p - label > LABEL_MAX)
				return (
				    "a part of the domain is longer than 63 characters");
			if (*label == '-' || p[-1] == '-')
				return (
				    "a part of the domain begins or ends with a hyphen");
			if (*p == '\0')
				break;
			dots++;
			label = p + 1;
			continue;
		}
		if (*p == '@')
			return ("it contains more than one @");
		if (*p == ' ' || *p == '\t')
			return ("it contains a space");
		if (!isalnum((unsigned char)*p) && *p != '-')
			return (
			    "the domain may hold only letters, digits, hyphens and dots");
		if (!isdigit((unsigned char)*p))
			numeric = 0;
	}
	if (dots == 0)
		return ("the domain needs a dot (as in example.org)");
	if (numeric)
		return (
		    "an IP address must be written in brackets: [192.0.2.1]");
	return (NULL);
}

/* Does libetpan read the whole string as one bare mailbox? */
static int
address_mailimf(const char *addr)
{
	struct mailimf_mailbox *mb = NULL;
	size_t			idx = 0, len = strlen(addr);
	int			ok;

	if (mailimf_mailbox_parse(addr, len, &idx, &mb) != MAILIMF_NO_ERROR)
		return (0);
	ok = (idx == len && mb->mb_display_name == NULL);
	mailimf_mailbox_free(mb);
	return (ok);
}

int
address_check(const char *addr, struct op_err *err)
{
	const char *why, *end = NULL;

	if (addr == NULL || *addr == '\0')
		return (address_fail(err, "", "it is empty"));
	if ((why = address_bad_char(addr)) != NULL)
		return (address_fail(err, addr, why));
	if ((why = address_local(addr, &end)) != NULL)
		return (address_fail(err, addr, why));
	if (end - addr > LOCAL_MAX)
		return (address_fail(err, addr,
		    "the part before the @ is longer than 64 characters"));
	if ((why = address_domain(end + 1)) != NULL)
		return (address_fail(err, addr, why));
	if (strlen(addr) > ADDRESS_MAX)
		return (address_fail(err, addr,
		    "it is longer than 254 characters"));
	if (!address_mailimf(addr))
		return (address_fail(err, addr, "libetpan cannot parse it"));
	return (0);
}

int
address_account_check(const char *what, const char *addr, const char *account,
    struct op_err *err)
{
	if (strcasecmp(addr, account) == 0)
		return (0);
	return (op_err_set(err, OP_EPOLICY,
	    "%s: %s is not your address %s; outpost only sends as the account",
	    what, addr, account));
}

/*
 * Scan s[0..len) skipping quoted strings and comments; return the offset
 * of the first c outside them, or len.
 */
static size_t
address_find(const char *s, size_t len, size_t from, int c)
{
	size_t i;
	int    depth = 0, quoted = 0;

	for (i = from; i < len; i++) {
		if (s[i] == '\\' && (quoted || depth > 0)) {
			i++;
			continue;
		}
		if (quoted) {
			if (s[i] == '"')
				quoted = 0;
		} else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && s[i] == '"')
			quoted = 1;
		else if (depth == 0 && s[i] == c)
			return (i);
	}
	return (len);
}

/* The end of the comment opening at s[open]: its ')', or len. */
static size_t
address_comment_end(const char *s, size_t len, size_t open)
{
	size_t i;
	int    depth = 0;

	for (i = open; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return (i);
	}
	return (len);
}

/* The text of the first comment in s[0..len), trimmed, or NULL. */
static char *
address_comment(const char *s, size_t len)
{
	size_t open, i;
	int    quoted = 0;

	for (open = 0; open < len && (quoted || s[open] != '('); open++) {
		if (s[open] == '\\')
			open++;
		else if (s[open] == '"')
			quoted = !quoted;
	}
	if (open >= len)
		return (NULL);
	i = address_comment_end(s, len, open);
	while (open + 1 < i && strchr(" \t\r\n", s[open + 1]) != NULL)
		open++;
	while (i > open + 1 && strchr(" \t\r\n", s[i - 1]) != NULL)
		i--;
	return (i > open + 1 ? xstrndup(s + open + 1, i - open - 1) : NULL);
}

/* The addr-spec of one mailbox, as written in s[0..len). */
static char *
address_spec(const char *s, size_t len)
{
	size_t lt, gt, i, o;
	char  *out;
	int    quoted = 0;

	lt = address_find(s, len, 0, '<');
	if (lt < len) {
		gt = address_find(s, len, lt + 1, '>');
		return (xstrndup(s + lt + 1, gt - lt - 1));
	}
	/* No angle brackets: drop comments, trim folding white space. */
	out = xmalloc(len + 1);
	for (i = o = 0; i < len; i++) {
		if (quoted) {
			out[o++] = s[i];
			if (s[i] == '\\' && i + 1 < len)
				out[o++] = s[++i];
			else if (s[i] == '"')
				quoted = 0;
		} else if (s[i] == '(')
			i = address_comment_end(s, len, i);
		else {
			if (s[i] == '"')
				quoted = 1;
			out[o++] = s[i];
		}
	}
	while (o > 0 && strchr(" \t\r\n", out[o - 1]) != NULL)
		o--;
	out[o] = '\0';
	for (i = 0; out[i] != '\0' && strchr(" \t\r\n", out[i]) != NULL; i++)
		;
	memmove(out, out + i, o - i + 1);
	return (out);
}

const char *
address_domain_of(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return (at != NULL ? at + 1 : NULL);
}

static struct address *
address_push(struct address_list *l, const char *name, char *addr)
{
	struct address *a;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	a = &l->v[l->n++];
	memset(a, 0, sizeof *a);
	a->name = name != NULL ? xstrdup(name) : NULL;
	a->addr = addr;
	if (addr != NULL)
		l->nmailboxes++;
	return (a);
}

/* A local part alone (no @ outside quotes) with a domain: local@domain. */
static char *
address_qualify(char *spec, const char *domain, int *qualified)
{
	char *q;

	*qualified = 0;
	if (domain == NULL || *spec == '\0' ||
	    address_find(spec, strlen(spec), 0, '@') < strlen(spec))
		return (spec);
	xasprintf(&q, "%s@%s", spec, domain);
	free(spec);
	*qualified = 1;
	return (q);
}

/*
 * Check and append the mailbox written in s[0..len); name is libetpan's
 * display name (NULL: the comment's text, if any).
 */
static int
address_add(const char *field, const char *s, size_t len, const char *name,
    const char *domain, struct address_list *l, struct op_err *err)
{
	struct address *a;
	char	       *spec, *comment = NULL;
	int		qualified;

	spec = address_qualify(address_spec(s, len), domain, &qualified);
	if (address_check(spec, err) == -1) {
		free(spec);
		op_err_prefix(err, "%s", field);
		return (-1);
	}
	if (name == NULL && address_find(s, len, 0, '<') == len)
		name = comment = address_comment(s, len);
	a = address_push(l, name, spec);
	a->qualified = qualified;
	l->qualified |= qualified;
	free(comment);
	return (0);
}

/* An entry mailimf cannot read: name it, up to the next comma. */
static int
address_unparsable(const char *field, const char *s, size_t len, size_t at,
    struct op_err *err)
{
	char   shown[300], *piece;
	size_t end;

	end = address_find(s, len, at, ',');
	while (end > at && strchr(" \t\r\n", s[end - 1]) != NULL)
		end--;
	piece = xstrndup(s + at, end - at);
	address_show(shown, sizeof shown, piece);
	free(piece);
	return (op_err_set(err, OP_EINVAL, "%s: \"%s\" is not a valid address",
	    field, shown));
}

/* A group ("name: a@x, b@y;") written in s[0..len): it, then its members. */
static int
address_group(const char *field, const char *s, size_t len, const char *name,
    const char *domain, struct address_list *l, struct op_err *err)
{
	struct mailimf_mailbox *mb;
	size_t			cur, start, g;
	int			r;

	address_push(l, name, NULL);
	g = l->n - 1;
	cur = address_find(s, len, 0, ':') + 1;
	for (;;) {
		mailimf_cfws_parse(s, len, &cur);
		if (cur >= len || s[cur] == ';')
			return (0);
		if (s[cur] == ',') {
			cur++;
			continue;
		}
		start = cur;
		if (mailimf_mailbox_parse(s, len, &cur, &mb) !=
		    MAILIMF_NO_ERROR)
			return (address_unparsable(field, s, len, start, err));
		mailimf_cfws_parse(s, len, &cur);
		r = address_add(field, s + start, cur - start,
		    mb->mb_display_name, domain, l, err);
		mailimf_mailbox_free(mb);
		if (r == -1)
			return (-1);
		l->v[g].members++;
	}
}

/* Parse one entry at value[*cur]: a mailbox or a group. */
static int
address_entry(const char *field, const char *value, size_t len, size_t *cur,
    const char *domain, struct address_list *l, struct op_err *err)
{
	struct mailimf_address *a;
	size_t			start = *cur;
	int			r;

	if (mailimf_address_parse(value, len, cur, &a) != MAILIMF_NO_ERROR)
		return (address_unparsable(field, value, len, start, err));
	mailimf_cfws_parse(value, len, cur); /* a comment after it */
	if (a->ad_type == MAILIMF_ADDRESS_GROUP)
		r = address_group(field, value + start, *cur - start,
		    a->ad_data.ad_group->grp_display_name, domain, l, err);
	else
		r = address_add(field, value + start, *cur - start,
		    a->ad_data.ad_mailbox->mb_display_name, domain, l, err);
	mailimf_address_free(a);
	if (r == -1)
		return (-1);
	if (*cur < len && value[*cur] != ',')
		return (address_unparsable(field, value, len, start, err));
	return (0);
}

static void
address_entry_free(struct address *a)
{
	free(a->name);
	free(a->addr);
}

int
address_list_read(const char *field, const char *value, const char *domain,
    struct address_list *l, struct op_err *err)
{
	size_t len, cur = 0, n0 = l->n, m0 = l->nmailboxes;
	int    q0 = l->qualified;

	if (value == NULL)
		return (0);
	len = strlen(value);
	for (;;) {
		mailimf_cfws_parse(value, len, &cur);
		if (cur >= len)
			return (0);
		if (value[cur] == ',') {
			cur++;
			continue;
		}
		if (address_entry(field, value, len, &cur, domain, l, err) ==
		    -1)
			break;
	}
	while (l->n > n0)
		address_entry_free(&l->v[--l->n]);
	if (n0 == 0) { /* as it was: no array for the caller to free */
		free(l->v);
		l->v = NULL;
	}
	l->nmailboxes = m0;
	l->qualified = q0;
	return (-1);
}

void
address_list_clear(struct address_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		address_entry_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
address_list_addrs(const struct address_list *l, char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].addr == NULL)
			continue;
		str_list_push(v, n, l->v[i].addr);
	}
}

int
address_list_parse(const char *field, const char *value, char ***list,
    size_t *n, struct op_err *err)
{
	struct address_list l;
	int		    rc;

	memset(&l, 0, sizeof l);
	if ((rc = address_list_read(field, value, NULL, &l, err)) == 0)
		address_list_addrs(&l, list, n);
	address_list_clear(&l);
	return (rc);
}
