/*
 * outbox-model.c -- the Outbox screen's list without curses: reading
 * the outbox (unsent items, then the recently sent ones and every sent
 * item whose Sent copy is still pending), keeping the selection on the
 * same item across readings, noticing cheaply (the directories'
 * modification times) when the outbox changed on disk, and which items
 * wait on a refused login of their account (runstate_item_held, read
 * once per account).
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "outbox/outbox-model.h"
#include "base/xmalloc.h"
#include "store/runstate.h"

void
outbox_model_init(struct outbox_model *m)
{
	memset(m, 0, sizeof *m);
	m->stale = 1;
}

static void
holds_free(struct outbox_model *m)
{
	runstate_holds_free(&m->holds);
	free(m->held);
	m->held = NULL;
}

void
outbox_model_free(struct outbox_model *m)
{
	outbox_items_free(m->items, m->n);
	holds_free(m);
	free(m->damage_note);
	outbox_model_init(m);
}

const char *
outbox_model_held(const struct outbox_model *m, size_t i)
{
	if (m->held == NULL || i >= m->n)
		return (NULL);
	return (m->held[i]);
}

/*
 * Which unsent items wait on a hold on their account in cfg: none when
 * nothing is held, else each account's hold is read once (an outbox of
 * 10,000 items reads runner.held and a policy a few times, not 10,000).
 */
static void
load_holds(struct outbox_model *m, const char *dir, const struct config *cfg)
{
	size_t i;

	m->held = xcalloc(m->n + 1, sizeof *m->held);
	runstate_holds_init(&m->holds, dir, cfg);
	for (i = 0; i < m->nunsent; i++)
		m->held[i] = runstate_holds_item(&m->holds, &m->items[i]);
}

int
outbox_model_copy_waiting(const struct outbox_item *it)
{
	return (it->state == OUTBOX_SENT &&
	    (it->copy == OUTBOX_COPY_PENDING ||
		it->copy == OUTBOX_COPY_APPENDING));
}

static void
dir_mtime(const char *dir, const char *sub, struct timespec *ts)
{
	struct stat st;
	char	   *path;

	xasprintf(&path, "%s/%s", dir, sub);
	if (stat(path, &st) == 0)
		*ts = st.st_mtim;
	else
		memset(ts, 0, sizeof *ts);
	free(path);
}

/* The items, and the outbox directory itself: runner.held comes and goes. */
static const char *const watched[OUTBOX_MODEL_WATCHED] = { "queue", "sent",
	"." };

int
outbox_model_changed(struct outbox_model *m, const char *dir, time_t now)
{
	struct timespec ts;
	int		i, changed = m->stale;

	for (i = 0; i < OUTBOX_MODEL_WATCHED; i++) {
		dir_mtime(dir, watched[i], &ts);
		if (ts.tv_sec != m->mtime[i].tv_sec ||
		    ts.tv_nsec != m->mtime[i].tv_nsec || ts.tv_sec >= now - 1)
			changed = 1;
	}
	return (changed);
}

static void
remember_mtimes(struct outbox_model *m, const char *dir)
{
	int i;

	for (i = 0; i < OUTBOX_MODEL_WATCHED; i++)
		dir_mtime(dir, watched[i], &m->mtime[i]);
}

/* Newest first: by sent time, then id (which starts with the time). */
static int
by_sent_desc(const void *a, const void *b)
{
	const struct outbox_item *x = a, *y = b;

	if (x->sent_at != y->sent_at)
		return (x->sent_at < y->sent_at ? 1 : -1);
	return (-strcmp(x->id, y->id));
}

static int
show_sent(const struct outbox_item *it, size_t rank, time_t now)
{
	if (outbox_model_copy_waiting(it))
		return (1);
	return (rank < OUTBOX_MODEL_SENT_MAX &&
	    it->sent_at >= now - OUTBOX_MODEL_SENT_AGE);
}

/* Keep the sent items worth showing, freeing the others. */
static size_t
keep_recent(struct outbox_item *sent, size_t n, time_t now)
{
	size_t i, kept = 0;

	if (n == 0)
		return (0);
	qsort(sent, n, sizeof *sent, by_sent_desc);
	for (i = 0; i < n; i++) {
		if (show_sent(&sent[i], kept, now))
			sent[kept++] = sent[i];
		else
			outbox_item_free(&sent[i]);
	}
	return (kept);
}

static void
note_damage(struct outbox_model *m, struct outbox_damage *dmg, size_t nd)
{
	free(m->damage_note);
	m->damage_note = NULL;
	m->ndamaged = (unsigned)nd;
	if (nd > 0)
		xasprintf(&m->damage_note,
		    "moved %zu damaged item%s aside (outbox/damaged/): %s", nd,
		    nd == 1 ? "" : "s", dmg[0].why);
}

int
outbox_model_load(struct outbox_model *m, struct outbox *ob,
    const struct config *cfg, time_t now, struct op_err *err)
{
	struct outbox_item   *q = NULL, *s = NULL, *all;
	struct outbox_damage *dmg = NULL;
	size_t		      nq = 0, ns = 0, nd = 0;

	/* A failure is reported once, not at every tick. */
	remember_mtimes(m, ob->dir);
	m->stale = 0;
	if (outbox_list(ob, &q, &nq, &dmg, &nd, err) != 0)
		return (-1);
	note_damage(m, dmg, nd);
	outbox_damage_free(dmg, nd);
	if (outbox_list_sent(ob, &s, &ns, err) != 0) {
		outbox_items_free(q, nq);
		return (-1);
	}
	ns = keep_recent(s, ns, now);
	all = xcalloc(nq + ns + 1, sizeof *all);
	if (nq > 0)
		memcpy(all, q, nq * sizeof *all);
	if (ns > 0)
		memcpy(all + nq, s, ns * sizeof *all);
	free(q);
	free(s);
	outbox_model_set(m, all, nq + ns, nq);
	load_holds(m, ob->dir, cfg);
	return (0);
}

static void
find_selection(struct outbox_model *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->items[i].id, m->sel_id) == 0) {
			m->sel = i;
			return;
		}
	/* Gone (sent, deleted): stay at the same place in the list. */
	if (m->sel >= m->n)
		m->sel = m->n > 0 ? m->n - 1 : 0;
}

void
outbox_model_set(struct outbox_model *m, struct outbox_item *items, size_t n,
    size_t nunsent)
{
	outbox_items_free(m->items, m->n);
	holds_free(m);
	m->items = items;
	m->n = n;
	m->nunsent = nunsent;
	find_selection(m);
	if (m->n > 0)
		memcpy(m->sel_id, m->items[m->sel].id, sizeof m->sel_id);
	else
		m->sel_id[0] = '\0';
}

struct outbox_item *
outbox_model_selected(struct outbox_model *m)
{
	if (m->n == 0)
		return (NULL);
	return (&m->items[m->sel]);
}

void
outbox_model_move(struct outbox_model *m, long delta)
{
	long to;

	if (m->n == 0)
		return;
	to = (long)m->sel + delta;
	if (to < 0)
		to = 0;
	if (to >= (long)m->n)
		to = (long)m->n - 1;
	m->sel = (size_t)to;
	memcpy(m->sel_id, m->items[m->sel].id, sizeof m->sel_id);
}

/* Keep the selection inside rows rows starting at top. */
void
outbox_model_scroll(struct outbox_model *m, int rows)
{
	if (rows < 1)
		rows = 1;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + (size_t)rows)
		m->top = m->sel - (size_t)rows + 1;
	if (m->top > m->n)
		m->top = 0;
}
