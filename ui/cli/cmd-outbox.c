/*
 * cmd-outbox.c -- "outpost outbox": list the outbox (or, with --sent,
 * the sent archive), as text or one JSON object per line; and the user's
 * actions on one item: show, retry, delete, resend, mark-sent.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include <jansson.h>

#include "cli/cmd.h"
#include "base/isotime.h"
#include "conf/config.h"
#include "store/outbox.h"
#include "store/runstate.h"
#include "conf/paths.h"

static void
json_time(json_t *o, const char *key, time_t t)
{
	char buf[ISOTIME_LEN];

	if (t == 0)
		return;
	isotime_format(t, buf);
	json_object_set_new(o, key, json_string(buf));
}

static void
json_text(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, json_string(s));
}

/*
 * A waiting item while the runner is held for a refused login of its
 * account (or no password): nothing retries it until the user acts.
 * held: the item's hold (runstate_holds_item), or NULL.
 */
static int
needs_password(const struct outbox_item *it, const char *held)
{
	return (held != NULL && runstate_item_waits(it));
}

/* runstate_item_orphan, with cfg NULL when it was not loaded. */
static int
account_missing(const struct outbox_item *it, const struct config *cfg)
{
	return (cfg != NULL && runstate_item_orphan(it, cfg));
}

static json_t *
item_json(const struct outbox_item *it, const char *held,
    const struct config *cfg)
{
	json_t *o = json_object(), *r = json_array(), *f = json_array(), *x;
	size_t	i;

	json_object_set_new(o, "id", json_string(it->id));
	json_object_set_new(o, "state",
	    json_string(outbox_state_name(it->state)));
	json_object_set_new(o, "phase",
	    json_string(outbox_phase_name(it->phase)));
	json_object_set_new(o, "attempts", json_integer(it->attempts));
	if (needs_password(it, held))
		json_object_set_new(o, "needs_password", json_true());
	json_text(o, "account", it->account);
	if (account_missing(it, cfg))
		json_object_set_new(o, "account_missing", json_true());
	json_time(o, "created", it->created);
	json_time(o, "last_attempt", it->last_attempt);
	json_time(o, "next_attempt", it->next_attempt);
	json_time(o, "sent_at", it->sent_at);
	json_text(o, "from", it->from);
	json_text(o, "subject", it->subject);
	json_text(o, "message_id", it->message_id);
	json_text(o, "last_error", it->last_error);
	json_text(o, "last_reply", it->last_reply);
	json_text(o, "final_reply", it->final_reply);
	json_object_set_new(o, "size", json_integer((json_int_t)it->size));
	if (it->copy != OUTBOX_COPY_NONE) {
		json_object_set_new(o, "copy",
		    json_string(outbox_copy_name(it->copy)));
		json_text(o, "copy_folder", it->copy_folder);
		if (it->copy_uid != 0)
			json_object_set_new(o, "copy_uid",
			    json_integer((json_int_t)it->copy_uid));
		json_object_set_new(o, "copy_attempts",
		    json_integer(it->copy_attempts));
		json_time(o, "copy_next_attempt", it->copy_next_attempt);
		json_text(o, "copy_error", it->copy_error);
	}
	for (i = 0; i < it->nrcpts; i++)
		json_array_append_new(r, json_string(it->rcpts[i]));
	json_object_set_new(o, "recipients", r);
	for (i = 0; i < it->nfailed_rcpts; i++) {
		x = json_object();
		json_text(x, "address", it->failed_rcpts[i].address);
		json_text(x, "reply", it->failed_rcpts[i].reply);
		json_array_append_new(f, x);
	}
	json_object_set_new(o, "refused_recipients", f);
	return (o);
}

static void
print_json(const struct outbox_item *it, const char *held,
    const struct config *cfg)
{
	json_t *o = item_json(it, held, cfg);
	char   *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);

	if (s != NULL)
		printf("%s\n", s);
	free(s);
	json_decref(o);
}

static int
copy_waiting(const struct outbox_item *it)
{
	return (it->copy == OUTBOX_COPY_PENDING ||
	    it->copy == OUTBOX_COPY_APPENDING);
}

/* "sent, copy pending" while the Sent copy is still to be made. */
static const char *
state_words(const struct outbox_item *it, const char *held)
{
	if (it->state == OUTBOX_SENT && copy_waiting(it))
		return ("sent, copy pending");
	if (needs_password(it, held))
		return ("needs password");
	return (outbox_state_name(it->state));
}

static void
print_line(const struct outbox_item *it, const char *held,
    const struct config *cfg)
{
	char	  when[32] = "";
	struct tm tm;
	size_t	  i;

	if (it->state == OUTBOX_DEFERRED && it->next_attempt != 0 &&
	    !needs_password(it, held)) {
		localtime_r(&it->next_attempt, &tm);
		strftime(when, sizeof when, " next %m-%d %H:%M", &tm);
	}
	printf("%s  %-9s %2u%s  \"%s\" to ", it->id, state_words(it, held),
	    it->attempts, when, it->subject != NULL ? it->subject : "");
	for (i = 0; i < it->nrcpts; i++)
		printf("%s%s", i ? ", " : "", it->rcpts[i]);
	printf("\n");
	if (it->state != OUTBOX_SENT && it->last_error != NULL)
		printf("    last error: %s\n", it->last_error);
	if (it->state != OUTBOX_SENT && it->last_reply != NULL)
		printf("    server said: %s\n", it->last_reply);
	for (i = 0; i < it->nfailed_rcpts; i++)
		printf("    not delivered to %s: %s\n",
		    it->failed_rcpts[i].address, it->failed_rcpts[i].reply);
	if (copy_waiting(it) && it->copy_error != NULL)
		printf("    copy error: %s\n", it->copy_error);
	if (account_missing(it, cfg))
		printf(
		    "    account %s is not in the config: flush sends it only once its [account %s] section is back (or outpost outbox edit %s sends it again from another)\n",
		    it->account, it->account, it->id);
	if (needs_password(it, held))
		printf(
		    "    not retried until you act: check the password, then run outpost flush --all, outpost outbox retry %s or outpost password set\n",
		    it->id);
}

/* The queue runner as `outpost outbox` tells it. */
struct runner_view {
	struct runstate	      rs;
	int		      off; /* queue.runner = off in the config */
	char		     *config;
	struct config	      cfg; /* the accounts, when have_cfg */
	int		      have_cfg;
	struct runstate_holds holds; /* any hold, and which items it keeps */
};

static void
runner_view(struct cmd_ctx *ctx, struct outbox *ob, struct runner_view *v)
{
	struct op_err err = { 0 };
	char	     *path;

	memset(v, 0, sizeof *v);
	if (runstate_probe(ob->dir, &v->rs, &err) != 0)
		fprintf(stderr, "outpost outbox: %s\n", err.msg);
	if (paths_config(ctx->config_path, &path, &err) == 0) {
		if (config_load(path, &v->cfg, &err) == 0) {
			v->off = !v->cfg.runner;
			v->have_cfg = 1;
		}
		v->config = path;
	}
	runstate_holds_init(&v->holds, ob->dir, v->have_cfg ? &v->cfg : NULL);
}

static void
runner_view_free(struct runner_view *v)
{
	runstate_holds_free(&v->holds);
	free(v->config);
	if (v->have_cfg)
		config_free(&v->cfg);
}

static void
runner_text(const struct runner_view *v)
{
	char	  when[32];
	struct tm tm;

	if (v->rs.active) {
		printf("runner: active (pid %ld)", (long)v->rs.pid);
		if (v->rs.next != 0) {
			localtime_r(&v->rs.next, &tm);
			strftime(when, sizeof when, "%m-%d %H:%M:%S", &tm);
			printf(", next try at %s", when);
		} else
			printf(", sending now");
		printf("\n");
	} else if (v->holds.any != NULL)
		printf("runner: none; held: %s\n", v->holds.any);
	else if (v->off)
		printf(
		    "runner: none (queue.runner = off in %s: \"outpost flush\" sends the queue)\n",
		    v->config);
	else
		printf(
		    "runner: none (nothing was waiting when one last looked; \"outpost runner\" starts one)\n");
}

static int
runner_json(const struct runner_view *v)
{
	json_t *o = json_object();
	char   *s;

	json_object_set_new(o, "active", json_boolean(v->rs.active));
	if (v->rs.active)
		json_object_set_new(o, "pid", json_integer(v->rs.pid));
	json_time(o, "next_attempt", v->rs.active ? v->rs.next : 0);
	json_object_set_new(o, "enabled", json_boolean(!v->off));
	json_text(o, "held", v->holds.any);
	s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (s != NULL)
		printf("%s\n", s);
	free(s);
	json_decref(o);
	return (EX_OK);
}

static int
list(struct outbox *ob, int sent, int json, struct runner_view *v)
{
	const struct config  *cfg = v->have_cfg ? &v->cfg : NULL;
	struct outbox_item   *items;
	struct outbox_damage *dmg = NULL;
	struct op_err	      err = { 0 };
	const char	     *held;
	size_t		      n, nd = 0, i;
	int		      r;

	r = sent ? outbox_list_sent(ob, &items, &n, &err) :
		   outbox_list(ob, &items, &n, &dmg, &nd, &err);
	if (r != 0) {
		fprintf(stderr, "outpost outbox: %s\n", err.msg);
		return (EX_IOERR);
	}
	for (i = 0; i < nd; i++)
		fprintf(stderr,
		    "outpost outbox: moved a damaged item aside (%s/damaged/%s): %s\n",
		    ob->dir, dmg[i].id, dmg[i].why);
	for (i = 0; i < n; i++) {
		held = runstate_holds_item(&v->holds, &items[i]);
		json ? print_json(&items[i], held, cfg) :
		       print_line(&items[i], held, cfg);
	}
	if (!json && n == 0)
		printf("%s is empty\n",
		    sent ? "the sent archive" : "the outbox");
	if (!json && !sent &&
	    (outbox_count_waiting(items, n) > 0 || v->rs.active ||
		v->holds.any != NULL))
		runner_text(v);
	outbox_items_free(items, n);
	outbox_damage_free(dmg, nd);
	return (EX_OK);
}

static int
show(struct outbox *ob, const char *id, int json, struct runner_view *v)
{
	struct outbox_item it;
	struct op_err	   err = { 0 };
	const char	  *held;
	char		  *msg, *end;
	size_t		   len;

	if (outbox_load(ob, id, &it, &err) != 0) {
		fprintf(stderr, "outpost outbox: %s\n", err.msg);
		return (err.code == OP_ENOTFOUND ? EX_NOINPUT : EX_DATAERR);
	}
	held = runstate_holds_item(&v->holds, &it);
	if (json)
		print_json(&it, held, v->have_cfg ? &v->cfg : NULL);
	else {
		print_line(&it, held, v->have_cfg ? &v->cfg : NULL);
		if (outbox_read_message(ob, &it, &msg, &len, &err) == 0) {
			end = strstr(msg, "\r\n\r\n");
			printf("\n%.*s\n(%zu bytes in all)\n",
			    end != NULL ? (int)(end - msg) : (int)len, msg,
			    len);
			free(msg);
		}
	}
	outbox_item_free(&it);
	return (EX_OK);
}

static int
act(struct outbox *ob, const char *verb, const char *id)
{
	struct op_err err = { 0 };
	int	      r;

	if (strcmp(verb, "retry") == 0)
		r = outbox_retry(ob, id, &err);
	else if (strcmp(verb, "delete") == 0)
		r = outbox_delete(ob, id, &err);
	else if (strcmp(verb, "resend") == 0)
		r = outbox_resend(ob, id, &err);
	else
		r = outbox_mark_sent(ob, id, &err);
	if (r != 0) {
		fprintf(stderr, "outpost outbox %s: %s\n", verb, err.msg);
		return (err.code == OP_ENOTFOUND ? EX_NOINPUT :
			err.code == OP_ELOCKED	 ? EX_TEMPFAIL :
						   EX_DATAERR);
	}
	if (strcmp(verb, "retry") == 0)
		runstate_release(ob->dir); /* the user acted: try again */
	printf("%s: %s\n", id,
	    strcmp(verb, "retry") == 0	    ? "queued for the next flush" :
		strcmp(verb, "delete") == 0 ? "deleted" :
		strcmp(verb, "resend") == 0 ? "queued to be sent again" :
					      "marked sent");
	return (EX_OK);
}

static int
usage(void)
{
	fputs(
	    "usage: outpost outbox [--json] [--sent | --runner]\n"
	    "       outpost outbox show|retry|delete|resend|mark-sent|copy ID\n",
	    stderr);
	return (EX_USAGE);
}

int
cmd_outbox_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sent", no_argument, NULL, 's' },
		{ "runner", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const verbs[] = { "show", "retry", "delete",
		"resend", "mark-sent", "copy", NULL };
	struct outbox		 ob;
	struct runner_view	 view;
	struct op_err		 err = { 0 };
	char			*dir;
	int			 ch, json = 0, sent = 0, runner = 0, rc, i;

	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 's')
			sent = 1;
		else if (ch == 'r')
			runner = 1;
		else if (ch == 'c')
			ctx->config_path = optarg;
		else
			return (usage());
	}
	argc -= optind;
	argv += optind;
	if (argc != 0 && argc != 2)
		return (usage());
	for (i = 0; argc == 2 && verbs[i] != NULL; i++)
		if (strcmp(argv[0], verbs[i]) == 0)
			break;
	if (argc == 2 && verbs[i] == NULL)
		return (usage());
	if (argc == 2 && strcmp(argv[0], "copy") == 0) {
		/* The network is the agent's: "flush --copy ID". */
		char *av[] = { (char *)"flush", (char *)"--copy", argv[1],
			NULL };
		return (cmd_run_agent(ctx->config_path, 3, av));
	}
	if (paths_data_dir(&dir, &err) == 0) {
		outbox_open(dir, &ob, &err); /* err is left alone on success */
		free(dir);
	}
	if (err.code != OP_OK) {
		fprintf(stderr, "outpost outbox: %s\n", err.msg);
		/* An outbox others can write: 78, as for unsafe settings. */
		return (err.code == OP_EINSECURE ? EX_CONFIG : EX_CANTCREAT);
	}
	if (argc == 0 || strcmp(argv[0], "show") == 0) {
		runner_view(ctx, &ob, &view);
		if (argc != 0)
			rc = show(&ob, argv[1], json, &view);
		else if (runner && json)
			rc = runner_json(&view);
		else if (runner)
			rc = (runner_text(&view), EX_OK);
		else
			rc = list(&ob, sent, json, &view);
		runner_view_free(&view);
	} else
		rc = act(&ob, argv[0], argv[1]);
	outbox_close(&ob);
	return (rc);
}
