/*
 * deliver-copy.c -- copies of sent items in the IMAP Sent folder, over
 * one IMAP session per flush.  Each copy is marked "appending" durably
 * before APPEND; an item found "appending" (a crash, a lost connection)
 * is first looked up by Message-ID, so the folder ends with exactly one
 * copy.  A failed copy stays pending with a back-off and never makes
 * the message go by SMTP again.  The copy is the exact bytes that were
 * sent, plus (imap.sent_bcc) the Bcc field the transmitted message never
 * carries.
 */
#include <sys/mman.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "work/deliver.h"
#include "wire/imap.h"
#include "mail/message.h"
#include "work/send.h"
#include "wire/tls.h"
#include "base/xmalloc.h"

struct copy_run {
	struct outbox		    *ob;
	const struct config	    *cfg;
	const struct policy	    *pol;
	const struct deliver_events *ev;
	struct deliver_stats	    *st;
	struct tls_ctx		   **ctx;
	struct send_cred	    *cred;
	struct send_cred	     own; /* when the caller had none */
	struct imap_session	    *sess;
	char			    *folder;
	struct op_err		     down; /* why there is no session */
};

static void __attribute__((format(printf, 2, 3)))
note(struct copy_run *c, const char *fmt, ...)
{
	char	buf[1024];
	va_list ap;

	if (c->ev == NULL || c->ev->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->ev->note(c->ev->arg, buf);
}

static void
outcome(struct copy_run *c, const struct outbox_item *it,
    const struct op_err *e)
{
	if (e == NULL)
		c->st->copied++;
	else
		c->st->copy_pending++;
	if (c->ev != NULL && c->ev->copy_outcome != NULL)
		c->ev->copy_outcome(c->ev->arg, it, e);
}

/*
 * Create the folder only when the user agrees, asked each time: naming
 * it in imap.sent_folder is not consent (a typo would make a folder).
 * No one to ask (no terminal, no prompt) is a "no".
 */
static int
ensure_folder(struct copy_run *c, const char *host, struct op_err *err)
{
	const struct send_prompt *p = c->ev != NULL ? c->ev->prompt : NULL;
	char			  q[512];

	snprintf(q, sizeof q,
	    "The folder \"%s\" does not exist on %s. Create it? [y/N] ",
	    c->folder, host);
	if (p == NULL || p->confirm == NULL || p->confirm(p->arg, q) != 1)
		return (op_err_set(err, OP_ECONFIG,
		    "the folder \"%s\" does not exist on %s; create it (answer yes when outpost asks), or set imap.sent_folder to a folder that exists",
		    c->folder, host));
	note(c, "creating the folder \"%s\" on %s", c->folder, host);
	return (imap_create(c->sess, c->folder, err));
}

/* The login, with the password looked up only when one is needed. */
static int
session_login(struct copy_run *c, const char *login, struct op_err *err)
{
	if (!imap_needs_login(c->sess)) /* PREAUTH */
		return (0);
	if (c->cred->pw == NULL &&
	    send_password(c->cfg, c->pol, c->ev != NULL ? c->ev->prompt : NULL,
		c->cred, err) != 0)
		return (-1);
	return (imap_login(c->sess, login, c->cred->pw, err));
}

static int
session_up(struct copy_run *c, struct op_err *err)
{
	struct effective eff;
	struct imap_opts o;
	int		 exists;

	policy_effective(c->cfg, c->pol, &eff);
	memset(&o, 0, sizeof o);
	o.host = eff.imap_host;
	o.port = eff.imap_port != 0 ? eff.imap_port : 993;
	o.pin = c->cfg->imap_fingerprint; /* never tls.fingerprint */
	o.starttls = eff.imap_tls == TLS_STARTTLS;
	o.timeout_connect = c->cfg->timeout_connect;
	o.timeout_reply = c->cfg->timeout_reply;
	o.trace = c->ev != NULL ? c->ev->trace : NULL;
	o.trace_arg = c->ev != NULL ? c->ev->arg : NULL;
	if (eff.imap_host == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "no IMAP server for the sent copy: set imap.host"));
	if (eff.imap_login == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "no IMAP login: set username (or address)"));
	if (*c->ctx == NULL && tls_ctx_new(c->cfg->ca_file, c->ctx, err) != 0)
		return (-1);
	if (imap_open(&o, *c->ctx, &c->sess, NULL, err) != 0)
		return (-1);
	if (session_login(c, eff.imap_login, err) != 0 ||
	    imap_find_sent(c->sess, c->cfg->sent_folder, &c->folder, &exists,
		err) != 0 ||
	    (!exists && ensure_folder(c, eff.imap_host, err) != 0)) {
		imap_close(c->sess);
		c->sess = NULL;
		return (-1);
	}
	return (0);
}

/* Test hook: die as a crash would, right after a successful APPEND. */
static void
crash_hook(void)
{
	const char *v = getenv("OUTPOST_TEST_CRASH_AFTER_APPEND");

	if (v != NULL && strcmp(v, "1") == 0)
		_exit(137);
}

/* Look up an interrupted copy; append when it is not there. */
static int
copy_one(struct copy_run *c, struct outbox_item *it, const char *msg,
    size_t len, struct op_err *e)
{
	const char *folder = c->folder;
	uint32_t    uid = 0;
	int	    r;

	if (it->copy == OUTBOX_COPY_APPENDING && it->copy_folder != NULL)
		folder = it->copy_folder;
	if (it->copy == OUTBOX_COPY_APPENDING && it->message_id != NULL) {
		r = imap_search_message_id(c->sess, folder, it->message_id,
		    &uid, e);
		if (r == -1)
			return (-1);
		if (r == 1) {
			note(c, "%s: the copy is already in %s (UID %u)",
			    it->id, folder, uid);
			return (outbox_copy_done(c->ob, it, folder, uid, e));
		}
	}
	if (outbox_copy_appending(c->ob, it, folder, e) != 0)
		return (-1);
	if (imap_append(c->sess, folder, msg, len, &uid, e) != 0) {
		if (e->code == OP_EREJECT)
			it->copy = OUTBOX_COPY_PENDING; /* surely not there */
		return (-1);
	}
	crash_hook();
	return (outbox_copy_done(c->ob, it, folder, uid, e));
}

static void
settle(struct copy_run *c, struct outbox_item *it, const struct op_err *e)
{
	struct op_err ioerr = { 0 };

	if (outbox_copy_defer(c->ob, it, e->msg, &ioerr) != 0)
		note(c, "%s: %s", it->id, ioerr.msg);
	outcome(c, it, e);
	if (e->code == OP_ENET) {
		c->down = *e; /* the session is gone: the rest wait */
		imap_close(c->sess);
		c->sess = NULL;
	}
}

/*
 * The stored message, mapped rather than read: libetpan takes an
 * APPEND's literal whole, and a mapping keeps a large message in file
 * pages the kernel can drop rather than in the heap.
 */
static int
map_message(struct copy_run *c, const struct outbox_item *it, void **msg,
    size_t *len, struct op_err *e)
{
	int fd;

	*msg = NULL;
	*len = 0;
	if (outbox_open_message(c->ob, it, &fd, e) != 0)
		return (-1);
	if (it->size == 0) {
		close(fd);
		return (op_err_set(e, OP_EIO, "the message of %s is empty",
		    it->id));
	}
	*msg = mmap(NULL, it->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*msg == MAP_FAILED) {
		*msg = NULL;
		return (
		    op_err_set(e, OP_EIO, "cannot map the message of %s: %s",
			it->id, strerror(errno)));
	}
	madvise(*msg, it->size, MADV_SEQUENTIAL);
	*len = it->size;
	return (0);
}

/*
 * What is appended: the sent bytes, with the Bcc field back in
 * (allocated in *copy) when the item kept one and imap.sent_bcc is on.
 */
static int
copy_bytes(struct copy_run *c, struct outbox_item *it, const char *msg,
    size_t len, struct op_err *e)
{
	char  *copy = NULL;
	size_t copylen = 0;
	int    r;

	if (c->cfg->sent_bcc &&
	    message_copy_bcc(msg, len, it->bcc, it->nbcc, &copy, &copylen))
		note(c, "%s: the copy keeps the Bcc field (%zu bytes more)",
		    it->id, copylen - len);
	r = copy_one(c, it, copy != NULL ? copy : msg,
	    copy != NULL ? copylen : len, e);
	free(copy);
	return (r);
}

static void
copy_item(struct copy_run *c, struct outbox_item *it)
{
	struct op_err e = { 0 };
	void	     *msg = NULL;
	size_t	      len = 0;
	int	      lock = -1;

	if (outbox_copy_lock(c->ob, it, &lock, &e) != 0) {
		note(c, "%s: %s", it->id, e.msg);
		return;
	}
	if (it->copy != OUTBOX_COPY_PENDING &&
	    it->copy != OUTBOX_COPY_APPENDING)
		goto out;
	if (c->sess == NULL) {
		settle(c, it, &c->down);
		goto out;
	}
	if (map_message(c, it, &msg, &len, &e) != 0 ||
	    copy_bytes(c, it, msg, len, &e) != 0)
		settle(c, it, &e);
	else
		outcome(c, it, NULL);
out:
	if (msg != NULL)
		munmap(msg, len);
	outbox_unlock(lock);
}

static int
pick(struct copy_run *c, const char *id, int all, struct outbox_item **items,
    size_t *n, struct op_err *err)
{
	size_t i, k = 0;

	if (id == NULL) {
		if (outbox_list_copies(c->ob, time(NULL), all, items, n,
			err) != 0)
			return (-1);
		/* Each account's copies go to its own folder. */
		for (i = 0; i < *n; i++)
			if (config_account_owns(c->cfg, (*items)[i].account))
				(*items)[k++] = (*items)[i];
			else
				outbox_item_free(&(*items)[i]);
		*n = k;
		return (0);
	}
	*items = xcalloc(1, sizeof **items);
	*n = 1;
	if (outbox_load(c->ob, id, *items, err) != 0) {
		free(*items);
		return (-1);
	}
	if ((*items)->state == OUTBOX_SENT &&
	    ((*items)->copy == OUTBOX_COPY_PENDING ||
		(*items)->copy == OUTBOX_COPY_APPENDING))
		return (0);
	op_err_set(err, OP_EINVAL, "%s has no copy waiting to be made (%s)",
	    (*items)->id,
	    (*items)->state != OUTBOX_SENT ? "it is not sent yet" :
		(*items)->copy == OUTBOX_COPY_DONE ?
					     "it is already in the folder" :
					     "no copy was asked for");
	outbox_items_free(*items, *n);
	return (-1);
}

int
deliver_copies(struct outbox *ob, const struct config *cfg,
    const struct policy *pol, const char *id, int all,
    const struct deliver_events *ev, struct deliver_stats *st,
    struct tls_ctx **ctx, struct send_cred *cred, struct op_err *err)
{
	struct copy_run	    c;
	struct outbox_item *items;
	size_t		    n, i;

	memset(&c, 0, sizeof c);
	c.ob = ob;
	c.cfg = cfg;
	c.pol = pol;
	c.ev = ev;
	c.st = st;
	c.ctx = ctx;
	c.cred = cred != NULL ? cred : &c.own;
	if (pick(&c, id, all, &items, &n, err) != 0)
		return (-1);
	if (n > 0 && session_up(&c, &c.down) != 0)
		note(&c, "no IMAP session for the sent copies: %s",
		    c.down.msg);
	for (i = 0; i < n; i++)
		copy_item(&c, &items[i]);
	imap_close(c.sess);
	free(c.folder);
	send_cred_free(&c.own);
	outbox_items_free(items, n);
	return (0);
}
