/*
 * outbox-env.c -- the outbox envelope (ID.env): a versioned "key: value"
 * text, one key a line, UTF-8, written by outbox_env_format and read
 * back by outbox_env_parse, which validates all of it (version, known
 * keys, required keys, states, numbers, dates, the id, the Sent copy's
 * keys, the Bcc text).  No file system here.  The keys are listed in
 * HACKING.md ("On disk").
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/isotime.h"
#include "store/keyval.h"
#include "store/outbox-int.h"
#include "base/strutil.h"
#include "base/strbuf.h"
#include "base/xmalloc.h"

/* clang-format off */
enum env_key {
	K_VERSION, K_ID, K_STATE, K_PHASE, K_CREATED, K_FROM, K_RCPT,
	K_SUBJECT, K_MESSAGE_ID, K_SIZE, K_ATTEMPTS, K_LAST_ATTEMPT,
	K_NEXT_ATTEMPT, K_LAST_ERROR, K_LAST_REPLY, K_SENT_AT, K_FINAL_REPLY,
	K_RCPT_FAILED, K_BODY, K_COPY, K_COPY_FOLDER, K_COPY_UID,
	K_COPY_ATTEMPTS, K_COPY_NEXT, K_COPY_ERROR, K_BCC, K_NOTIFY, K_RET,
	K_ENVID, K_ACCOUNT, K_NKEYS
};

#define KEY_REQUIRED	0x1
#define KEY_REPEAT	0x2

static const struct {
	const char	*name;
	int		 flags;
} env_keys[K_NKEYS] = {
	{ "version",		KEY_REQUIRED },
	{ "id",			KEY_REQUIRED },
	{ "state",		KEY_REQUIRED },
	{ "phase",		KEY_REQUIRED },
	{ "created",		KEY_REQUIRED },
	{ "from",		KEY_REQUIRED },
	{ "rcpt",		KEY_REQUIRED|KEY_REPEAT },
	{ "subject",		0 },
	{ "message-id",		0 },
	{ "size",		KEY_REQUIRED },
	{ "attempts",		KEY_REQUIRED },
	{ "last-attempt",	0 },
	{ "next-attempt",	0 },
	{ "last-error",		0 },
	{ "last-reply",		0 },
	{ "sent-at",		0 },
	{ "final-reply",	0 },
	{ "rcpt-failed",	KEY_REPEAT },
	{ "body",		0 },
	{ "copy",		0 },
	{ "copy-folder",	0 },
	{ "copy-uid",		0 },
	{ "copy-attempts",	0 },
	{ "copy-next-attempt",	0 },
	{ "copy-error",		0 },
	{ "bcc",		KEY_REPEAT },
	{ "notify",		0 },	/* version 2 */
	{ "ret",		0 },	/* version 2 */
	{ "envid",		0 },	/* version 2 */
	{ "account",		0 },	/* version 3 */
};
/* clang-format on */

static const char *const state_names[] = {
	"queued",
	"sending",
	"deferred",
	"failed",
	"uncertain",
	"sent",
	NULL,
};
static const char *const phase_names[] = { "none", "data", NULL };
static const char *const copy_names[] = { "none", "pending", "appending",
	"done", NULL };
/* The DSN's words: OUTBOX_NOTIFY_* bits in order, enum outbox_ret. */
static const char *const notify_names[] = { "never", "success", "failure",
	"delay", NULL };
static const char *const ret_names[] = { "default", "full", "hdrs", NULL };

/* The state of one parse: where we are, for messages. */
struct env_parse {
	char		    name[OUTBOX_IDLEN + 8];
	const char	   *id;
	int		    line;
	int		    version;
	unsigned	    seen[K_NKEYS];
	struct outbox_item *it;
	struct op_err	   *err;
};

const char *
outbox_state_name(enum outbox_state st)
{
	if ((unsigned)st > OUTBOX_SENT)
		return ("unknown");
	return (state_names[st]);
}

const char *
outbox_phase_name(enum outbox_phase ph)
{
	if ((unsigned)ph > OUTBOX_PHASE_DATA)
		return ("unknown");
	return (phase_names[ph]);
}

const char *
outbox_copy_name(enum outbox_copy c)
{
	if ((unsigned)c > OUTBOX_COPY_DONE)
		return ("unknown");
	return (copy_names[c]);
}

int
outbox_notify_parse(const char *s, unsigned *flags, const char **why)
{
	size_t n;
	int    i;

	*flags = 0;
	for (;;) {
		n = strcspn(s, ",");
		for (i = 0; notify_names[i] != NULL; i++)
			if (strlen(notify_names[i]) == n &&
			    strncasecmp(s, notify_names[i], n) == 0)
				break;
		if (notify_names[i] == NULL) {
			*why = s;
			return (-1);
		}
		*flags |= 1U << i;
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	if ((*flags & OUTBOX_NOTIFY_NEVER) && *flags != OUTBOX_NOTIFY_NEVER) {
		*why = "never cannot be combined with another";
		return (-1);
	}
	return (0);
}

void
outbox_notify_name(unsigned flags, char *buf, size_t size)
{
	size_t n = 0;
	int    i;

	buf[0] = '\0';
	for (i = 0; notify_names[i] != NULL && n < size; i++)
		if (flags & (1U << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    n > 0 ? "," : "", notify_names[i]);
}

int
outbox_ret_parse(const char *s, enum outbox_ret *ret)
{
	int i;

	for (i = 1; ret_names[i] != NULL; i++)
		if (strcasecmp(s, ret_names[i]) == 0) {
			*ret = (enum outbox_ret)i;
			return (0);
		}
	return (-1);
}

int
outbox_envid_valid(const char *s)
{
	return (str_print_ascii(s, 100));
}

/* Add s as one line: breaks to " / ", controls and bad UTF-8 to '?'. */
static void
env_line(struct strbuf *b, const char *s)
{
	size_t run, ok, start = b->len;

	while (*s != '\0') {
		if (*s == '\r' || *s == '\n') {
			while (*s == '\r' || *s == '\n')
				s++;
			if (*s != '\0' && b->len > start)
				strbuf_add(b, " / ", 3);
			continue;
		}
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f) {
			strbuf_add(b, "?", 1);
			s++;
			continue;
		}
		for (run = 0;
		     ((unsigned char)s[run] >= 0x20 || s[run] == '\t') &&
		     s[run] != 0x7f;
		     run++)
			;
		ok = utf8_invalid_at(s, run);
		strbuf_add(b, s, ok);
		s += ok;
		if (ok < run) {
			strbuf_add(b, "?", 1);
			s++;
		}
	}
}

char *
outbox_one_line(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_add(&b, "", 0);
	env_line(&b, s);
	return (b.p);
}

static void
env_kv(struct strbuf *b, const char *key, const char *value)
{
	strbuf_add(b, key, strlen(key));
	strbuf_add(b, ": ", 2);
	env_line(b, value != NULL ? value : "");
	strbuf_add(b, "\n", 1);
}

static void
env_time(struct strbuf *b, const char *key, time_t t)
{
	char buf[ISOTIME_LEN];

	isotime_format(t, buf);
	env_kv(b, key, buf);
}

static void
env_num(struct strbuf *b, const char *key, unsigned long long n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%llu", n);
	env_kv(b, key, buf);
}

static void
env_opt(struct strbuf *b, const char *key, const char *value)
{
	if (value != NULL)
		env_kv(b, key, value);
}

const char *
outbox_body_name(unsigned body)
{
	switch (body & (OUTBOX_BODY_8BIT | OUTBOX_BODY_UTF8)) {
	case OUTBOX_BODY_8BIT:
		return ("8bitmime");
	case OUTBOX_BODY_UTF8:
		return ("smtputf8");
	case OUTBOX_BODY_8BIT | OUTBOX_BODY_UTF8:
		return ("8bitmime smtputf8");
	}
	return ("7bit");
}

/* The copy keys (none when the copy state is none). */
static void
env_copy(struct strbuf *b, const struct outbox_item *it)
{
	if (it->copy == OUTBOX_COPY_NONE)
		return;
	env_kv(b, "copy", outbox_copy_name(it->copy));
	env_num(b, "copy-attempts", it->copy_attempts);
	if (it->copy_folder != NULL)
		env_kv(b, "copy-folder", it->copy_folder);
	if (it->copy_uid != 0)
		env_num(b, "copy-uid", it->copy_uid);
	if (it->copy_next_attempt != 0)
		env_time(b, "copy-next-attempt", it->copy_next_attempt);
	if (it->copy_error != NULL)
		env_kv(b, "copy-error", it->copy_error);
}

/* The DSN keys (version 2), those asked. */
static void
env_dsn(struct strbuf *b, const struct outbox_dsn *d)
{
	char buf[64];

	if (d->notify != 0) {
		outbox_notify_name(d->notify, buf, sizeof buf);
		env_kv(b, "notify", buf);
	}
	if (d->ret != OUTBOX_RET_DEFAULT)
		env_kv(b, "ret", ret_names[d->ret]);
	env_opt(b, "envid", d->envid);
}

char *
outbox_env_format(const struct outbox_item *it, size_t *lenp)
{
	struct strbuf b = STRBUF_INIT;
	size_t	      i;
	char	     *fail;
	int	      version = 1;

	/* The lowest version that holds the keys: older outposts read it. */
	if (it->dsn.notify != 0 || it->dsn.ret != OUTBOX_RET_DEFAULT ||
	    it->dsn.envid != NULL)
		version = 2;
	if (it->account != NULL)
		version = 3;
	env_num(&b, "version", (unsigned long long)version);
	env_kv(&b, "id", it->id);
	env_kv(&b, "state", outbox_state_name(it->state));
	env_kv(&b, "phase", outbox_phase_name(it->phase));
	env_time(&b, "created", it->created);
	env_kv(&b, "from", it->from);
	for (i = 0; i < it->nrcpts; i++)
		env_kv(&b, "rcpt", it->rcpts[i]);
	env_opt(&b, "subject", it->subject);
	env_opt(&b, "message-id", it->message_id);
	env_num(&b, "size", it->size);
	env_num(&b, "attempts", it->attempts);
	if (it->last_attempt != 0)
		env_time(&b, "last-attempt", it->last_attempt);
	if (it->next_attempt != 0)
		env_time(&b, "next-attempt", it->next_attempt);
	env_opt(&b, "last-error", it->last_error);
	env_opt(&b, "last-reply", it->last_reply);
	if (it->sent_at != 0 || it->state == OUTBOX_SENT)
		env_time(&b, "sent-at", it->sent_at);
	env_opt(&b, "final-reply", it->final_reply);
	if (it->body != 0)
		env_kv(&b, "body", outbox_body_name(it->body));
	for (i = 0; i < it->nfailed_rcpts; i++) {
		xasprintf(&fail, "%s %s", it->failed_rcpts[i].address,
		    it->failed_rcpts[i].reply != NULL ?
			it->failed_rcpts[i].reply :
			"");
		env_kv(&b, "rcpt-failed", fail);
		free(fail);
	}
	for (i = 0; i < it->nbcc; i++)
		env_kv(&b, "bcc", it->bcc[i]);
	env_copy(&b, it);
	env_dsn(&b, &it->dsn);
	env_opt(&b, "account", it->account);
	*lenp = b.len;
	return (b.p);
}

static int __attribute__((format(printf, 2, 3)))
bad(struct env_parse *p, const char *fmt, ...)
{
	char	why[OP_ERR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (p->line == 0)
		return (
		    op_err_set(p->err, OP_EDAMAGED, "%s: %s", p->name, why));
	return (op_err_set(p->err, OP_EDAMAGED, "%s:%d: %s", p->name, p->line,
	    why));
}

static int
parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0, d;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		d = (unsigned long long)(*s - '0');
		if (v > (max - d) / 10)
			return (-1);
		v = v * 10 + d;
	}
	*out = v;
	return (0);
}

static int
lookup(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], s) == 0)
			return (i);
	}
	return (-1);
}

static int
set_number(struct env_parse *p, enum env_key k, const char *v)
{
	unsigned long long n;

	if (parse_num(v, k == K_SIZE ? SIZE_MAX : UINT_MAX, &n) == -1)
		return (bad(p, "%s is not a number: \"%.40s\"",
		    env_keys[k].name, v));
	if (k == K_SIZE)
		p->it->size = (size_t)n;
	else
		p->it->attempts = (unsigned)n;
	return (0);
}

static int
set_time(struct env_parse *p, enum env_key k, const char *v)
{
	time_t t;

	if (isotime_parse(v, &t) == -1)
		return (bad(p,
		    "%s is not a date like 2026-11-27T23:36:00Z: \"%.40s\"",
		    env_keys[k].name, v));
	if (k == K_CREATED)
		p->it->created = t;
	else if (k == K_LAST_ATTEMPT)
		p->it->last_attempt = t;
	else if (k == K_NEXT_ATTEMPT)
		p->it->next_attempt = t;
	else
		p->it->sent_at = t;
	return (0);
}

static int
set_address(struct env_parse *p, enum env_key k, const char *v)
{
	struct outbox_item *it = p->it;
	const char	   *sp;

	if (*v == '\0' || *v == ' ')
		return (bad(p, "%s has no address", env_keys[k].name));
	if (k == K_FROM) {
		it->from = xstrdup(v);
	} else if (k == K_RCPT) {
		it->rcpts = xreallocarray(it->rcpts, it->nrcpts + 1,
		    sizeof *it->rcpts);
		it->rcpts[it->nrcpts++] = xstrdup(v);
	} else {
		if ((sp = strchr(v, ' ')) == NULL)
			sp = v + strlen(v);
		it->failed_rcpts = xreallocarray(it->failed_rcpts,
		    it->nfailed_rcpts + 1, sizeof *it->failed_rcpts);
		it->failed_rcpts[it->nfailed_rcpts].address = xstrndup(v,
		    (size_t)(sp - v));
		it->failed_rcpts[it->nfailed_rcpts++].reply = xstrdup(
		    *sp == ' ' ? sp + 1 : sp);
	}
	return (0);
}

static char **
text_slot(struct outbox_item *it, enum env_key k)
{
	switch (k) {
	case K_SUBJECT:
		return (&it->subject);
	case K_MESSAGE_ID:
		return (&it->message_id);
	case K_LAST_ERROR:
		return (&it->last_error);
	case K_LAST_REPLY:
		return (&it->last_reply);
	default:
		return (&it->final_reply);
	}
}

/* notify, ret, envid: only in a version 2 envelope. */
static int
set_dsn(struct env_parse *p, enum env_key k, const char *v)
{
	struct outbox_dsn *d = &p->it->dsn;
	const char	  *why;

	if (p->version < 2)
		return (bad(p, "%s is not a key of envelope version 1",
		    env_keys[k].name));
	if (k == K_NOTIFY && outbox_notify_parse(v, &d->notify, &why) != 0)
		return (bad(p,
		    "notify: \"%.40s\" is not never or a list of success, delay, failure",
		    v));
	if (k == K_RET && outbox_ret_parse(v, &d->ret) != 0)
		return (bad(p, "ret: \"%.40s\" is not full or hdrs", v));
	if (k == K_ENVID) {
		if (!outbox_envid_valid(v))
			return (bad(p,
			    "envid: not 1 to 100 printable ASCII characters"));
		d->envid = xstrdup(v);
	}
	return (0);
}

int
outbox_copy_key(struct outbox_item *it, const char *key, const char *v,
    const char **why)
{
	unsigned long long n;
	int		   i;

	if (strcmp(key, "copy") == 0) {
		for (i = 1; copy_names[i] != NULL; i++)
			if (strcmp(v, copy_names[i]) == 0) {
				it->copy = (enum outbox_copy)i;
				return (0);
			}
		*why = "expected pending, appending or done";
	} else if (strcmp(key, "copy-folder") == 0) {
		if (*v != '\0') {
			it->copy_folder = xstrdup(v);
			return (0);
		}
		*why = "no folder named";
	} else if (strcmp(key, "copy-error") == 0) {
		it->copy_error = xstrdup(v);
		return (0);
	} else if (strcmp(key, "copy-next-attempt") == 0) {
		if (isotime_parse(v, &it->copy_next_attempt) == 0)
			return (0);
		*why = "not a date like 2026-11-27T23:36:00Z";
	} else if (parse_num(v,
		       strcmp(key, "copy-uid") == 0 ? 0xffffffffUL : UINT_MAX,
		       &n) == 0) {
		if (strcmp(key, "copy-uid") == 0)
			it->copy_uid = (unsigned long)n;
		else
			it->copy_attempts = (unsigned)n;
		return (0);
	} else
		*why = "not a number";
	return (-1);
}

static int
set_value(struct env_parse *p, enum env_key k, const char *v)
{
	struct outbox_item *it = p->it;
	const char	   *why;
	int		    i;

	switch (k) {
	case K_VERSION:
		if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0 &&
		    strcmp(v, "3") != 0)
			return (bad(p,
			    "envelope version \"%.20s\" is not known (this outpost reads versions 1 to %d)",
			    v, OUTBOX_VERSION));
		p->version = v[0] - '0';
		return (0);
	case K_NOTIFY:
	case K_RET:
	case K_ENVID:
		return (set_dsn(p, k, v));
	case K_ID:
		if (!outbox_id_valid(v))
			return (bad(p, "\"%.40s\" is not a valid id", v));
		if (p->id != NULL && strcmp(v, p->id) != 0)
			return (bad(p,
			    "the id \"%s\" does not match the file name", v));
		snprintf(it->id, sizeof it->id, "%s", v);
		return (0);
	case K_STATE:
		if ((i = lookup(state_names, v)) == -1)
			return (bad(p, "unknown state \"%.40s\"", v));
		it->state = (enum outbox_state)i;
		return (0);
	case K_PHASE:
		if ((i = lookup(phase_names, v)) == -1)
			return (bad(p, "unknown phase \"%.40s\"", v));
		it->phase = (enum outbox_phase)i;
		return (0);
	case K_SIZE:
	case K_ATTEMPTS:
		return (set_number(p, k, v));
	case K_BODY:
		for (i = 1; i < 4; i++)
			if (strcmp(v, outbox_body_name((unsigned)i)) == 0) {
				it->body = (unsigned)i;
				return (0);
			}
		return (bad(p,
		    "unknown body \"%.40s\" (expected 8bitmime, smtputf8 or \"8bitmime smtputf8\")",
		    v));
	case K_CREATED:
	case K_LAST_ATTEMPT:
	case K_NEXT_ATTEMPT:
	case K_SENT_AT:
		return (set_time(p, k, v));
	case K_FROM:
	case K_RCPT:
	case K_RCPT_FAILED:
		return (set_address(p, k, v));
	case K_COPY:
	case K_COPY_FOLDER:
	case K_COPY_UID:
	case K_COPY_ATTEMPTS:
	case K_COPY_NEXT:
	case K_COPY_ERROR:
		if (outbox_copy_key(it, env_keys[k].name, v, &why) == -1)
			return (bad(p, "%s: %s", env_keys[k].name, why));
		return (0);
	case K_ACCOUNT:
		if (p->version < 3)
			return (bad(p,
			    "account is not a key of envelope version %d",
			    p->version));
		if (*v == '\0')
			return (bad(p, "account names no account"));
		it->account = xstrdup(v);
		return (0);
	case K_BCC:
		it->bcc = xreallocarray(it->bcc, it->nbcc + 1,
		    sizeof *it->bcc);
		it->bcc[it->nbcc++] = xstrdup(v);
		return (0);
	default:
		*text_slot(it, k) = xstrdup(v);
		return (0);
	}
}

static int
parse_line(struct env_parse *p, const struct keyval *kv, enum keyval_kind kind)
{
	const char *line = kv->key, *v = kv->value, *c;
	int	    k;

	if (kind != KEYVAL_PAIR)
		return (
		    bad(p, "expected \"key: value\", found \"%.40s\"", line));
	if (p->line == 1 && strcmp(line, "version") != 0)
		return (bad(p,
		    "the envelope does not start with its version (\"version: 1\" to \"version: %d\")",
		    OUTBOX_VERSION));
	for (k = 0; k < K_NKEYS; k++) {
		if (strcmp(env_keys[k].name, line) == 0)
			break;
	}
	if (k == K_NKEYS)
		return (bad(p, "unknown key \"%.40s\"", line));
	if (p->seen[k]++ > 0 && !(env_keys[k].flags & KEY_REPEAT))
		return (bad(p, "%s is given twice", line));
	for (c = v; *c != '\0'; c++) {
		if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f)
			return (bad(p,
			    "a control character in the value of %s", line));
	}
	return (set_value(p, (enum env_key)k, v));
}

static int
check_complete(struct env_parse *p)
{
	int k;

	p->line = 0;
	for (k = 0; k < K_NKEYS; k++) {
		if ((env_keys[k].flags & KEY_REQUIRED) && p->seen[k] == 0)
			return (bad(p, "%s is missing%s", env_keys[k].name,
			    k == K_RCPT ? " (no recipient)" : ""));
	}
	if (p->it->state == OUTBOX_SENT && p->seen[K_SENT_AT] == 0)
		return (bad(p, "the item is sent but sent-at is missing"));
	if (p->it->copy != OUTBOX_COPY_NONE && p->it->state != OUTBOX_SENT)
		return (bad(p, "only a sent item can have a copy state"));
	if (p->seen[K_COPY] == 0 &&
	    (p->seen[K_COPY_FOLDER] || p->seen[K_COPY_UID] ||
		p->seen[K_COPY_ATTEMPTS] || p->seen[K_COPY_NEXT] ||
		p->seen[K_COPY_ERROR]))
		return (bad(p, "copy details without a copy state"));
	return (0);
}

int
outbox_env_parse(const char *id, const char *buf, size_t len,
    struct outbox_item *it, struct op_err *err)
{
	struct env_parse p;
	struct keyval	 kv;
	enum keyval_kind kind;
	size_t		 at;
	int		 r = 0;

	memset(it, 0, sizeof *it);
	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "%s.env",
	    id != NULL ? id : "envelope");
	p.id = id;
	p.it = it;
	p.err = err;
	if (len == 0)
		return (bad(&p, "the file is empty"));
	if (memchr(buf, '\0', len) != NULL)
		return (bad(&p, "a NUL byte: this is not a text file"));
	if ((at = utf8_invalid_at(buf, len)) != len)
		return (bad(&p, "not UTF-8 text (at byte %zu)", at));
	keyval_init(&kv, buf, len);
	while (r == 0 && (kind = keyval_next(&kv)) != KEYVAL_END) {
		p.line = kv.line;
		if (kind == KEYVAL_CUT)
			r = bad(&p,
			    "the line has no end: the file is cut short");
		else
			r = parse_line(&p, &kv, kind);
	}
	keyval_free(&kv);
	if (r == 0 && check_complete(&p) == 0)
		return (0);
	outbox_item_free(it);
	return (-1);
}
