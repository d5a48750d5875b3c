/*
 * cmd-outbox-view.c -- "outpost-agent outbox-view ID": a stored message
 * taken apart by libetpan's mailmime (message-unbuild), for the outbox
 * screen's view: the UI never decodes MIME itself.  With --events one
 * {"ev":"view","id","to","cc","bcc","subject","body","files":[{"name",
 * "size"}]}, or {"ev":"view","id","error"} when it cannot be parsed;
 * without, the same as text.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cmd.h"
#include "agent/events.h"
#include "mail/message-unbuild.h"
#include "store/outbox.h"
#include "conf/paths.h"

int
cmd_outbox_item_parts(struct outbox *ob, const struct outbox_item *it,
    struct message_parts *mp, struct op_err *err)
{
	char  *msg = NULL;
	size_t len = 0;
	int    r;

	if (outbox_read_message(ob, it, &msg, &len, err) != 0)
		return (-1);
	r = message_unbuild(msg, len, it->rcpts, it->nrcpts, mp, err);
	free(msg);
	return (r);
}

static int
load_parts(const char *datadir, const char *id, struct message_parts *mp,
    struct op_err *err)
{
	struct outbox	   ob;
	struct outbox_item it;
	int		   r;

	memset(&it, 0, sizeof it);
	if (outbox_open(datadir, &ob, err) != 0)
		return (-1);
	r = outbox_load(&ob, id, &it, err);
	if (r == 0)
		r = cmd_outbox_item_parts(&ob, &it, mp, err);
	outbox_item_free(&it);
	outbox_close(&ob);
	return (r);
}

static void
emit(const char *id, const struct message_parts *mp)
{
	json_t *o = events_new(PROTO_EV_VIEW), *files = json_array(), *f;
	size_t	i;

	events_set_str(o, PROTO_F_ID, id);
	events_set_str(o, PROTO_F_TO, mp->to);
	events_set_str(o, PROTO_F_CC, mp->cc);
	events_set_str(o, PROTO_F_BCC, mp->bcc);
	events_set_str(o, PROTO_F_SUBJECT, mp->subject);
	events_set_str(o, PROTO_F_BODY, mp->body);
	for (i = 0; i < mp->nfiles; i++) {
		f = json_object();
		events_set_str(f, PROTO_F_NAME, mp->files[i].name);
		json_object_set_new(f, PROTO_F_SIZE,
		    json_integer((json_int_t)mp->files[i].len));
		json_array_append_new(files, f);
	}
	json_object_set_new(o, PROTO_F_FILES, files);
	events_emit(o);
}

static void
print(const struct message_parts *mp)
{
	size_t i;

	printf("To: %s\nCc: %s\nBcc: %s\nSubject: %s\n\n", mp->to, mp->cc,
	    mp->bcc, mp->subject);
	fwrite(mp->body, 1, mp->bodylen, stdout);
	for (i = 0; i < mp->nfiles; i++)
		printf("[attachment: %s, %zu bytes]\n", mp->files[i].name,
		    mp->files[i].len);
}

int
cmd_outbox_view_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct message_parts mp;
	struct op_err	     err = { 0 };
	json_t		    *o;
	char		    *datadir;
	int		     ch;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c')
			goto usage;
		ctx->config_path = optarg;
	}
	if (optind + 1 != argc)
		goto usage;
	if (paths_data_dir(&datadir, &err) != 0) {
		fprintf(stderr, "outpost outbox-view: %s\n", err.msg);
		return (EX_CANTCREAT);
	}
	memset(&mp, 0, sizeof mp);
	if (load_parts(datadir, argv[optind], &mp, &err) != 0) {
		free(datadir);
		fprintf(stderr, "outpost outbox-view: %s\n", err.msg);
		o = events_new(PROTO_EV_VIEW);
		events_set_str(o, PROTO_F_ID, argv[optind]);
		events_set_str(o, PROTO_F_ERROR, err.msg);
		events_emit(o);
		return (err.code == OP_ENOTFOUND ? EX_NOINPUT : EX_DATAERR);
	}
	if (events_active())
		emit(argv[optind], &mp);
	else
		print(&mp);
	message_parts_free(&mp);
	free(datadir);
	return (EX_OK);
usage:
	fputs("usage: outpost-agent outbox-view ID\n", stderr);
	return (EX_USAGE);
}
