/*
 * reply.c -- a reply's or a forward's draft from a message (see
 * reply.h): the message through message_unbuild, the recipients through
 * address_list_read, the rest is text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"
#include "mail/address.h"
#include "mail/reply.h"
#include "text/textfile.h"

#define FWD_START "---------- Forwarded message ----------\n"
#define FWD_END	  "---------- End of forwarded message ----------\n"

/* ---- the subject */

/* Past one "Re:" ("Re[2]:", "Aw:") or "Fwd:" ("Fw:"), else NULL. */
static const char *
skip_prefix(const char *s, int fwd)
{
	static const char *const re[] = { "re", "aw", NULL };
	static const char *const fw[] = { "fwd", "fw", NULL };
	const char *const	*w;
	size_t			 n;

	for (w = fwd ? fw : re; *w != NULL; w++) {
		n = strlen(*w);
		if (strncasecmp(s, *w, n) != 0)
			continue;
		s += n;
		if (!fwd && *s == '[' && isdigit((unsigned char)s[1])) {
			s += 1 + strspn(s + 1, "0123456789");
			if (*s++ != ']')
				return (NULL);
		}
		return (*s == ':' ? s + 1 : NULL);
	}
	return (NULL);
}

char *
reply_subject(const char *subject, enum reply_kind kind)
{
	int fwd = kind == REPLY_FORWARD || kind == REPLY_FORWARD_ATTACH;
	const char *s = subject, *t;
	char	   *out;

	for (;;) {
		s += strspn(s, " \t");
		if ((t = skip_prefix(s, fwd)) == NULL)
			break;
		s = t;
	}
	xasprintf(&out, "%s%s%s", fwd ? "Fwd:" : "Re:", *s != '\0' ? " " : "",
	    s);
	return (out);
}

/* ---- the recipients */

static int
is_own(const struct reply_spec *spec, const char *addr)
{
	size_t i;

	for (i = 0; i < spec->nown; i++)
		if (strcasecmp(spec->own[i], addr) == 0)
			return (1);
	return (0);
}

static int
seen_before(char **seen, size_t n, const char *addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(seen[i], addr) == 0)
			return (1);
	return (0);
}

/*
 * The mailboxes of a list (groups opened) not the user's and not seen
 * yet, appended to out.  A list that does not parse goes as it is.
 */
static void
add_list(struct strbuf *out, const char *text, const struct reply_spec *spec,
    char ***seen, size_t *nseen)
{
	struct address_list l;
	struct op_err	    err = { 0 };
	size_t		    i;

	memset(&l, 0, sizeof l);
	if (address_list_read("list", text, NULL, &l, &err) != 0) {
		if (*text != '\0')
			strbuf_printf(out, "%s%s", out->len > 0 ? ", " : "",
			    text);
		return;
	}
	for (i = 0; i < l.n; i++) {
		if (l.v[i].addr == NULL || is_own(spec, l.v[i].addr) ||
		    seen_before(*seen, *nseen, l.v[i].addr))
			continue;
		message_list_add(out, l.v[i].name, l.v[i].addr);
		str_list_push(seen, nseen, l.v[i].addr);
	}
	address_list_clear(&l);
}

static void
recipients(const struct message_parts *mp, const struct reply_spec *spec,
    struct reply *r)
{
	struct strbuf to = STRBUF_INIT, cc = STRBUF_INIT;
	char	    **seen = NULL;
	size_t	      nseen = 0;

	strbuf_adds(&to, "");
	strbuf_adds(&cc, "");
	add_list(&to, *mp->reply_to != '\0' ? mp->reply_to : mp->from, spec,
	    &seen, &nseen);
	if (to.len == 0) /* an answer to the user's own message */
		add_list(&to, mp->to, spec, &seen, &nseen);
	if (spec->kind == REPLY_ALL) {
		add_list(&cc, mp->to, spec, &seen, &nseen);
		add_list(&cc, mp->cc, spec, &seen, &nseen);
	}
	r->to = strbuf_take(&to);
	r->cc = strbuf_take(&cc);
	str_list_free(seen, nseen);
}

/* RFC 5322 3.6.4: the parent's References (or its one In-Reply-To id),
 * then its Message-ID. */
static void
thread(const struct message_parts *mp, struct reply *r)
{
	const char *refs = mp->references;

	if (*mp->message_id == '\0') {
		r->in_reply_to = xstrdup("");
		r->references = xstrdup("");
		return;
	}
	if (*refs == '\0' && strchr(mp->in_reply_to, ' ') == NULL)
		refs = mp->in_reply_to;
	r->in_reply_to = xstrdup(mp->message_id);
	xasprintf(&r->references, "%s%s%s", refs, *refs != '\0' ? " " : "",
	    mp->message_id);
}

/* ---- the body */

/* The first mailbox's name, else its address, else "someone". */
static char *
author(const struct message_parts *mp)
{
	struct address_list l;
	struct op_err	    err = { 0 };
	char		   *who = NULL;

	memset(&l, 0, sizeof l);
	if (address_list_read("From", mp->from, NULL, &l, &err) == 0 &&
	    l.n > 0 && l.v[0].addr != NULL)
		who = xstrdup(l.v[0].name != NULL && *l.v[0].name != '\0' ?
			l.v[0].name :
			l.v[0].addr);
	address_list_clear(&l);
	if (who == NULL)
		who = xstrdup(*mp->from != '\0' ? mp->from : "someone");
	return (who);
}

/* The length of text without its signature ("-- " line and after). */
static size_t
without_signature(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == '\n') &&
		    strncmp(s + i, "-- ", 3) == 0 &&
		    (i + 3 == n || s[i + 3] == '\n'))
			return (i);
	return (n);
}

char *
reply_quote(const char *s, size_t n, size_t *outlen)
{
	struct strbuf o = STRBUF_INIT;
	const char   *nl, *end = s + n;

	strbuf_adds(&o, "");
	while (s < end) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (nl == s)
			strbuf_adds(&o, ">");
		else
			strbuf_adds(&o, *s == '>' ? ">" : "> ");
		strbuf_add(&o, s, (size_t)(nl - s));
		strbuf_adds(&o, "\n");
		s = nl < end ? nl + 1 : end;
	}
	*outlen = o.len;
	return (strbuf_take(&o));
}

/* The text to quote or forward: the plain part, else the HTML filtered. */
static int
text(const struct message_parts *mp, const struct reply_spec *spec,
    struct reply *r, char **out, size_t *outlen, struct op_err *err)
{
	if (mp->has_text || mp->html == NULL) {
		*out = xstrndup(mp->body, mp->bodylen);
		*outlen = strlen(*out);
		return (0);
	}
	if (spec->html == NULL) {
		r->note = xstrdup(
		    "the message has no plain text part, only HTML: set reply.html_filter (e.g. w3m -dump -T text/html) to quote it");
		*out = xstrdup("");
		*outlen = 0;
		return (0);
	}
	return (spec->html(spec->html_arg, mp->html, mp->htmllen, out, outlen,
	    err));
}

/* "\n\n-- \nSIG" (textfile_signature), or "" without one. */
static char *
signature(const struct reply_spec *spec)
{
	return (spec->sig != NULL ?
		textfile_signature(spec->sig, spec->siglen) :
		xstrdup(""));
}

/*
 * Two empty lines to write on (the cursor's), the signature above the
 * attribution and the quote (pine), or below the quote (sig_bottom).
 */
static int
reply_body(const struct message_parts *mp, const struct reply_spec *spec,
    struct reply *r, struct op_err *err)
{
	struct strbuf b = STRBUF_INIT;
	char	     *t, *q, *who, *sig;
	size_t	      n, qn;

	if (text(mp, spec, r, &t, &n, err) != 0)
		return (-1);
	n = without_signature(t, n);
	while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == ' '))
		n--;
	q = reply_quote(t, n, &qn);
	who = author(mp);
	sig = signature(spec);
	if (*sig == '\0' || spec->sig_bottom)
		strbuf_adds(&b, "\n\n");
	else
		strbuf_printf(&b, "%s\n\n", sig);
	if (*mp->date != '\0')
		strbuf_printf(&b, "On %s, %s wrote:\n", mp->date, who);
	else
		strbuf_printf(&b, "%s wrote:\n", who);
	strbuf_add(&b, q, qn);
	if (*sig != '\0' && spec->sig_bottom)
		strbuf_adds(&b, sig);
	strbuf_adds(&b, "\n");
	r->bodylen = b.len;
	r->body = strbuf_take(&b);
	free(sig);
	free(who);
	free(q);
	free(t);
	return (0);
}

static void
put_field(struct strbuf *b, const char *name, const char *v)
{
	if (*v != '\0')
		strbuf_printf(b, "%s: %s\n", name, v);
}

static int
forward_body(const struct message_parts *mp, const struct reply_spec *spec,
    struct reply *r, struct op_err *err)
{
	struct strbuf b = STRBUF_INIT;
	char	     *t, *sig;
	size_t	      n;

	if (text(mp, spec, r, &t, &n, err) != 0)
		return (-1);
	sig = signature(spec); /* above the block, as pine's forward */
	strbuf_printf(&b, "%s\n%s" FWD_START, sig, *sig != '\0' ? "\n" : "");
	free(sig);
	put_field(&b, "From", mp->from);
	put_field(&b, "Date", mp->date);
	put_field(&b, "Subject", mp->subject);
	put_field(&b, "To", mp->to);
	put_field(&b, "Cc", mp->cc);
	strbuf_adds(&b, "\n");
	strbuf_add(&b, t, n);
	if (n > 0 && t[n - 1] != '\n')
		strbuf_adds(&b, "\n");
	strbuf_adds(&b, FWD_END);
	r->bodylen = b.len;
	r->body = strbuf_take(&b);
	free(t);
	return (0);
}

/* Forward inline: the attachments stay, but not the HTML twin of the
 * text. */
static void
keep_files(struct message_parts *mp, struct reply *r)
{
	size_t i = mp->html_file;

	if (mp->has_text && i > 0) {
		free(mp->files[i - 1].name);
		free(mp->files[i - 1].data);
		memmove(&mp->files[i - 1], &mp->files[i],
		    (mp->nfiles - i) * sizeof *mp->files);
		mp->nfiles--;
	}
	r->parts.files = mp->files;
	r->parts.nfiles = mp->nfiles;
	mp->files = NULL;
	mp->nfiles = 0;
}

int
reply_build(const char *msg, size_t len, const struct reply_spec *spec,
    struct reply *r, struct op_err *err)
{
	struct message_parts mp;
	int		     rc;

	memset(r, 0, sizeof *r);
	if (message_unbuild(msg, len, NULL, 0, &mp, err) != 0)
		return (-1);
	r->subject = reply_subject(mp.subject, spec->kind);
	if (spec->kind == REPLY_SENDER || spec->kind == REPLY_ALL) {
		recipients(&mp, spec, r);
		thread(&mp, r);
		rc = reply_body(&mp, spec, r, err);
	} else {
		r->to = xstrdup("");
		r->cc = xstrdup("");
		r->in_reply_to = xstrdup("");
		r->references = xstrdup("");
		if (spec->kind == REPLY_FORWARD) {
			rc = forward_body(&mp, spec, r, err);
			keep_files(&mp, r);
		} else {
			r->body = signature(spec);
			r->bodylen = strlen(r->body);
			rc = 0;
		}
	}
	message_parts_free(&mp);
	if (rc != 0)
		reply_free(r);
	return (rc);
}

void
reply_free(struct reply *r)
{
	free(r->to);
	free(r->cc);
	free(r->subject);
	free(r->in_reply_to);
	free(r->references);
	free(r->body);
	free(r->note);
	message_parts_free(&r->parts);
	memset(r, 0, sizeof *r);
}
