/*
 * cmd-outbox-edit.c -- "outpost-agent outbox-edit ID": an outbox item
 * (queued, deferred, failed or uncertain; never one being sent) back
 * into a draft for the composer.  The item stays locked throughout; the
 * draft, with its attachments written out to DATA/drafts/DRAFT.files/,
 * is saved durably first, and only then is the item deleted, so a crash
 * leaves the message in the outbox, in the drafts, or in both -- never
 * in neither.  With --events: {"ev":"draft","id":...}.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cmd.h"
#include "store/draft.h"
#include "agent/draft-files.h"
#include "agent/events.h"
#include "mail/message-unbuild.h"
#include "store/outbox.h"
#include "conf/paths.h"
#include "base/xmalloc.h"

static void
take(char **dst, char **src)
{
	free(*dst);
	*dst = *src;
	*src = NULL;
}

static int
make_draft(const char *datadir, const struct outbox_item *it,
    struct message_parts *mp, struct draft *d, struct op_err *err)
{
	if (it->account != NULL) {
		free(d->account);
		d->account = xstrdup(it->account);
	}
	take(&d->to, &mp->to);
	take(&d->cc, &mp->cc);
	take(&d->bcc, &mp->bcc);
	take(&d->subject, &mp->subject);
	take(&d->body, &mp->body);
	d->bodylen = mp->bodylen;
	return (draft_files_save(datadir, mp->files, mp->nfiles, d, err));
}

static int
editable(const struct outbox_item *it, struct op_err *err)
{
	switch (it->state) {
	case OUTBOX_QUEUED:
	case OUTBOX_DEFERRED:
	case OUTBOX_FAILED:
	case OUTBOX_UNCERTAIN:
		return (0);
	default:
		return (op_err_set(err, OP_EINVAL,
		    "%s is %s: only a queued, deferred, failed or uncertain message can be edited",
		    it->id, outbox_state_name(it->state)));
	}
}

/* Locked: read, parse, save as a draft, then delete the item. */
static int
edit_locked(struct outbox *ob, const char *datadir, struct outbox_item *it,
    struct draft *d, struct op_err *err)
{
	struct message_parts mp;
	int		     r;

	if (editable(it, err) != 0 ||
	    cmd_outbox_item_parts(ob, it, &mp, err) != 0)
		return (-1);
	r = make_draft(datadir, it, &mp, d, err);
	message_parts_free(&mp);
	if (r != 0)
		return (-1);
	if (outbox_delete_locked(ob, it, err) != 0) {
		op_err_prefix(err,
		    "saved as draft %s, but the outbox item stays", d->id);
		return (-1);
	}
	return (0);
}

static int
outbox_edit(const char *datadir, const char *id, struct draft *d,
    struct op_err *err)
{
	struct outbox	   ob;
	struct outbox_item it;
	int		   lock = -1, r;

	memset(&it, 0, sizeof it);
	if (outbox_open(datadir, &ob, err) != 0)
		return (-1);
	r = outbox_load(&ob, id, &it, err);
	if (r == 0 && (r = outbox_lock(&ob, &it, &lock, err)) != 0 &&
	    err->code == OP_ELOCKED)
		op_err_set(err, OP_ELOCKED,
		    "%s is being sent right now; try again when it is done",
		    it.id);
	if (r == 0)
		r = edit_locked(&ob, datadir, &it, d, err);
	outbox_unlock(lock);
	outbox_item_free(&it);
	outbox_close(&ob);
	return (r);
}

static int
status_of(const struct op_err *err)
{
	switch (err->code) {
	case OP_ENOTFOUND:
		return (EX_NOINPUT);
	case OP_ELOCKED:
		return (EX_TEMPFAIL);
	case OP_EINVAL:
	case OP_EMESSAGE:
		return (EX_DATAERR);
	default:
		return (EX_CANTCREAT);
	}
}

int
cmd_outbox_edit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct draft  d;
	struct op_err err = { 0 };
	json_t	     *o;
	char	     *datadir;
	int	      ch, rc = EX_OK;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c') {
			fputs("usage: outpost-agent outbox-edit ID\n", stderr);
			return (EX_USAGE);
		}
		ctx->config_path = optarg;
	}
	if (optind + 1 != argc) {
		fputs("usage: outpost-agent outbox-edit ID\n", stderr);
		return (EX_USAGE);
	}
	if (paths_data_dir(&datadir, &err) != 0) {
		fprintf(stderr, "outpost outbox-edit: %s\n", err.msg);
		return (EX_CANTCREAT);
	}
	draft_init(&d);
	if (outbox_edit(datadir, argv[optind], &d, &err) != 0) {
		fprintf(stderr, "outpost outbox-edit: %s\n", err.msg);
		rc = status_of(&err);
	} else {
		o = events_new(PROTO_EV_DRAFT);
		events_set_str(o, PROTO_F_ID, d.id);
		events_emit(o);
		events_message("moved back into draft %s", d.id);
		if (!events_active())
			printf("%s\n", d.id);
	}
	draft_free(&d);
	free(datadir);
	return (rc);
}
