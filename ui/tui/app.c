/*
 * app.c -- the terminal UI's main loop: poll() over the terminal, the
 * jobs' pipes and a one-second tick; the screen stack; a key to the
 * screen (typed text or an action from the key tables) and the global
 * actions; the status line; SIGHUP/SIGTERM.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "tui/app-int.h"
#include "input/keymap.h"
#include "conf/policy.h"
#include "tui/tty.h"

#define POLL_MAX 64

static volatile sig_atomic_t got_hangup;
static volatile sig_atomic_t got_term;

int64_t
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int
app_hung_up(void)
{
	return (got_hangup != 0);
}

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hangup = 1;
	else
		got_term = 1;
}

/* Before curses starts, so that it leaves these signals to us. */
static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() wakes up */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* The stack. */

static int
is_main(struct app *app, struct screen *s)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (app->priv->main[i] == s)
			return (1);
	return (0);
}

static void
drop_hooks(struct app *app, struct screen *s)
{
	size_t i;

	for (i = 0; i < APP_HOOKS_MAX; i++)
		if (app->priv->hooks[i].screen == s)
			app->priv->hooks[i].screen = NULL;
}

/* Free later: the screen may be the one running now. */
static void
bury(struct app *app, struct screen *s)
{
	struct app_private *p = app->priv;

	drop_hooks(app, s);
	if (p->ndead < sizeof p->dead / sizeof p->dead[0])
		p->dead[p->ndead++] = s;
	else if (s->ops->free != NULL)
		s->ops->free(s); /* cannot happen: the stack is smaller */
}

static void
free_dead(struct app *app)
{
	struct app_private *p = app->priv;
	struct screen	   *s;

	while (p->ndead > 0) {
		s = p->dead[--p->ndead];
		if (s->ops->free != NULL)
			s->ops->free(s);
	}
}

void
app_push(struct app *app, struct screen *s)
{
	struct app_private *p = app->priv;

	if (s == NULL)
		return;
	if (p->depth == APP_STACK_MAX) {
		app_error(app, "too many screens open");
		bury(app, s);
		return;
	}
	p->stack[p->depth++] = s;
	app_dirty(app);
}

void
app_pop(struct app *app)
{
	struct app_private *p = app->priv;
	struct screen	   *s;

	if (p->depth <= 1)
		return; /* the main screen stays */
	s = p->stack[--p->depth];
	if (!is_main(app, s))
		bury(app, s);
	app_dirty(app);
}

struct screen *
app_top(struct app *app)
{
	struct app_private *p = app->priv;

	return (p->depth > 0 ? p->stack[p->depth - 1] : NULL);
}

/* The main screens' constructors, by kind. */
static struct screen *(*const main_new[])(struct app *) = {
	[SCREEN_COMPOSER] = screen_composer_new,
	[SCREEN_OUTBOX] = screen_outbox_new,
	[SCREEN_SETTINGS] = screen_settings_new,
};

static struct screen *
main_screen(struct app *app, enum screen_kind kind)
{
	struct screen **slot = &app->priv->main[kind];

	if (*slot == NULL)
		*slot = main_new[kind](app);
	return (*slot);
}

void
app_show(struct app *app, enum screen_kind kind)
{
	struct app_private *p = app->priv;
	struct screen	   *s;

	if (kind != SCREEN_COMPOSER && kind != SCREEN_OUTBOX &&
	    kind != SCREEN_SETTINGS)
		return;
	if ((s = main_screen(app, kind)) == NULL) {
		app_error(app, "out of memory");
		return;
	}
	while (p->depth > 1)
		app_pop(app);
	p->stack[0] = s;
	p->depth = 1;
	app_dirty(app);
}

void
app_open(struct app *app, enum screen_kind kind, const char *what)
{
	struct screen *s;

	app_show(app, kind);
	if ((s = app_top(app)) != NULL && s->ops->kind == kind &&
	    s->ops->open != NULL)
		s->ops->open(s, app, what);
}

void
app_set_unsaved_check(struct app *app, struct screen *s,
    int (*check)(struct screen *))
{
	size_t i;

	drop_hooks(app, s);
	for (i = 0; i < APP_HOOKS_MAX; i++) {
		if (app->priv->hooks[i].screen == NULL) {
			app->priv->hooks[i].screen = s;
			app->priv->hooks[i].unsaved = check;
			return;
		}
	}
}

static int
anything_unsaved(struct app *app)
{
	struct unsaved_hook *h;
	size_t		     i;

	for (i = 0; i < APP_HOOKS_MAX; i++) {
		h = &app->priv->hooks[i];
		if (h->screen != NULL && h->unsaved(h->screen))
			return (1);
	}
	return (0);
}

/* The status line. */

int
app_plain(const struct app *app)
{
	return (app->cfg.plain);
}

const char *
app_ellipsis(const struct app *app)
{
	return (app->ascii || app_plain(app) ? "..." : "\xe2\x80\xa6");
}

int
app_progress_due(struct app *app, struct app_progress *p, long long done,
    long long total)
{
	int64_t now = app_now_ms();
	int	tenth;

	if (!app_plain(app))
		return (1);
	tenth = total > 0 ? (int)(done * 10 / total) + 1 : 1;
	if (tenth <= p->tenth || (p->tenth > 0 && now - p->at < 1000))
		return (0);
	p->tenth = tenth;
	p->at = now;
	return (1);
}

/*
 * In plain mode an error stays until a key: a message that comes
 * meanwhile (from a job) is held, the last one, and shown by that key.
 */
static void
set_status(struct app *app, int error, const char *fmt, va_list ap)
{
	struct app_private *p = app->priv;
	char		   *c, *to = p->status;

	if (app_plain(app) && p->status_error && !p->in_key) {
		to = p->held;
		p->held_error = error;
	} else
		p->status_error = error;
	vsnprintf(to, APP_STATUS_MAX, fmt, ap);
	for (c = to; *c != '\0'; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	if (*to != '\0') {
		memcpy(p->last, to, sizeof p->last);
		p->last_cut = 0;
	}
	app_dirty(app);
}

/* A key was pressed: an error goes, or what was held replaces it. */
static void
status_key(struct app *app)
{
	struct app_private *p = app->priv;

	if (!p->status_error)
		return;
	if (p->held_error >= 0) {
		memcpy(p->status, p->held, sizeof p->status);
		p->status_error = p->held_error;
		p->held_error = -1;
		return;
	}
	p->status[0] = '\0';
	p->status_error = 0;
}

void
app_status(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_status(app, 0, fmt, ap);
	va_end(ap);
}

void
app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_status(app, 1, fmt, ap);
	va_end(ap);
}

void
app_status_unsent(struct app *app, size_t n)
{
	if (n > 0)
		snprintf(app->priv->count, sizeof app->priv->count,
		    "%zu unsent", n);
	else
		app->priv->count[0] = '\0';
	app_dirty(app);
}

void
app_dirty(struct app *app)
{
	app->priv->dirty = 1;
}

/* Keys. */

static void
quit_answer(struct app *app, void *arg, int yes)
{
	(void)arg;
	if (yes)
		app->priv->quit = 1;
}

static void
ask_quit(struct app *app)
{
	if (app_jobs_running(app))
		app_confirm(app,
		    "Quit? A job is still running (it goes on without the UI)",
		    quit_answer, NULL);
	else if (anything_unsaved(app))
		app_confirm(app, "Quit? There are unsaved changes",
		    quit_answer, NULL);
	else
		app->priv->quit = 1;
}

static void
global_action(struct app *app, enum action_id id)
{
	struct screen *top = app_top(app);

	switch (id) {
	case A_HELP:
		if (top != NULL && top->ops->kind == SCREEN_HELP)
			app_pop(app);
		else if (top != NULL)
			app_push(app, screen_help_new(app, top));
		break;
	case A_SCREEN_COMPOSER:
		app_show(app, SCREEN_COMPOSER);
		break;
	case A_SCREEN_OUTBOX:
		app_show(app, SCREEN_OUTBOX);
		break;
	case A_SCREEN_SETTINGS:
		app_show(app, SCREEN_SETTINGS);
		break;
	case A_BACK:
		app_pop(app);
		break;
	case A_REDRAW:
		tty_repaint();
		break;
	case A_QUIT:
		ask_quit(app);
		break;
	default:
		break;
	}
}

/*
 * The first key of a sequence (<C-c><C-c>) waits for the second, shown
 * on the status line; 1 when key was one of the two and is handled.
 */
static int
sequence_key(struct app *app, const enum key_table *t, size_t n, keyc *key)
{
	struct app_private *p = app->priv;
	char		    name[64];

	if (p->prefix != KEYC_NONE) {
		*key = key_seq(p->prefix, *key);
		p->prefix = KEYC_NONE;
		if (keymap_lookup(app->keys, t, n, *key) != A_NONE)
			return (0);
		app_key_short(app, *key, name, sizeof name);
		app_status(app, "%s is not bound to anything here", name);
		return (1);
	}
	if (!keymap_prefix(app->keys, t, n, *key))
		return (0);
	p->prefix = *key;
	app_key_short(app, *key, name, sizeof name);
	app_status(app, "%s-", name);
	return (1);
}

static void
screen_key(struct app *app, struct screen *s, keyc key)
{
	enum key_table t[KT_COUNT + 1];
	enum action_id id;
	size_t	       n;

	n = s->ops->tables != NULL ? s->ops->tables(s, t, KT_COUNT) : 0;
	if (n > KT_COUNT)
		n = KT_COUNT;
	t[n++] = KT_GLOBAL;
	if (sequence_key(app, t, n, &key))
		return;
	if (s->ops->text_focus != NULL && s->ops->text_focus(s) &&
	    key_is_text(key)) {
		if (s->ops->insert != NULL)
			s->ops->insert(s, app, key);
		return;
	}
	id = keymap_lookup(app->keys, t, n, key);
	if (id == A_NONE)
		return;
	if (s->ops->action == NULL || !s->ops->action(s, app, id))
		global_action(app, id);
}

static void
global_key(struct app *app, keyc key)
{
	enum key_table t = KT_GLOBAL;
	enum action_id id = keymap_lookup(app->keys, &t, 1, key);

	if (id != A_NONE && id != A_QUIT)
		global_action(app, id);
}

/* The locale's words for a note: "this terminal's locale (C)". */
#define LOCALE_NOTE "this terminal's locale (%s)"
#define LOCALE_FIX  "set LANG to a UTF-8 locale"

/*
 * What the terminal sent that is no key of ours: a note on the status
 * line, never text in a field.  1 when key was one.
 */
static int
odd_key(struct app *app, keyc key)
{
	const char *term = getenv("TERM");
	uint32_t    cp;

	if (key == KEYC_UNKNOWN) {
		app_status(app,
		    "unknown key ignored (TERM=%s does not name it)",
		    term != NULL ? term : "");
		return (1);
	}
	if (key != KEYC_FOREIGN)
		return (0);
	if ((cp = tty_foreign()) != 0)
		app_status(app, LOCALE_NOTE " cannot type U+%04X; " LOCALE_FIX,
		    tty_locale(), (unsigned)cp);
	else
		app_status(app, LOCALE_NOTE " cannot type that; " LOCALE_FIX,
		    tty_locale());
	return (1);
}

static void
handle_key(struct app *app, keyc key)
{
	struct app_private *p = app->priv;
	struct screen	   *top;

	app_dirty(app);
	if (key == KEYC_RESIZE) {
		tty_repaint();
		return;
	}
	status_key(app);
	if (odd_key(app, key))
		return;
	p->in_key = 1;
	if (app_prompt_active(app)) {
		p->prefix = KEYC_NONE;
		/* The question stays; a global key (F3, help) still works. */
		if (!app_prompt_key(app, key))
			global_key(app, key);
	} else if ((top = app_top(app)) != NULL)
		screen_key(app, top, key);
	p->in_key = 0;
	free_dead(app);
}

/* The loop. */

static void
each_screen(struct app *app, int hangup)
{
	struct app_private *p = app->priv;
	struct screen	   *s;
	size_t		    i;

	for (i = 0; i < p->depth + 3; i++) {
		if (i < p->depth) {
			s = p->stack[i];
			if (is_main(app, s))
				continue;
		} else if ((s = p->main[i - p->depth]) == NULL)
			continue;
		if (hangup && s->ops->hangup != NULL)
			s->ops->hangup(s, app);
		else if (!hangup && s->ops->tick != NULL)
			s->ops->tick(s, app);
	}
}

/* The terminal went away or we were told to stop: save, then go. */
static void
hang_up(struct app *app)
{
	each_screen(app, 1);
	app_prompt_free_all(app); /* wipes a half-typed password */
	app_password_forget();
	if (got_hangup)
		_exit(0); /* nothing more to a dead terminal */
	tty_end();
	exit(0);
}

static int
poll_timeout(struct app *app, int64_t next_tick, int fast)
{
	int64_t left = next_tick - app_now_ms();

	(void)app;
	if (left < 0)
		left = 0;
	if (fast && left > 50)
		left = 50;
	return ((int)left);
}

static void
read_keys(struct app *app)
{
	keyc key;
	int  n = 0;

	/* Bounded, so a paste does not starve the jobs. */
	while (n++ < 4096 && !app->priv->quit && tty_key(&key))
		handle_key(app, key);
}

static void
run_loop(struct app *app)
{
	struct app_private *p = app->priv;
	struct pollfd	    pfd[POLL_MAX];
	size_t		    njobs;
	int64_t		    next_tick = app_now_ms() + APP_TICK_MS;
	int		    fast = 0, rc;

	while (!p->quit) {
		if (got_hangup || got_term)
			hang_up(app);
		if (p->dirty) {
			p->dirty = 0;
			app_draw(app);
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		njobs = app_jobs_pollfds(app, pfd + 1, POLL_MAX - 1);
		rc = poll(pfd, njobs + 1, poll_timeout(app, next_tick, fast));
		if (got_hangup || got_term)
			continue;
		if (rc > 0 &&
		    (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			got_hangup = 1;
			continue;
		}
		read_keys(app); /* also after EINTR: SIGWINCH */
		if (rc > 0)
			app_jobs_io(app, pfd + 1, njobs);
		fast = app_jobs_tick(app);
		if (app_now_ms() >= next_tick) {
			next_tick = app_now_ms() + APP_TICK_MS;
			each_screen(app,
			    0); /* they call app_dirty if need be */
		}
		free_dead(app);
	}
}

static void
free_app(struct app *app)
{
	struct app_private *p = app->priv;
	size_t		    i;

	app_prompt_free_all(app);
	app_jobs_forget(app);
	app_password_forget();
	while (p->depth > 1)
		app_pop(app);
	p->depth = 0;
	for (i = 0; i < 3; i++)
		if (p->main[i] != NULL)
			bury(app, p->main[i]);
	free_dead(app);
	keymap_free(app->keys);
	config_free(&app->cfg);
	policy_free(&app->pol);
	free(app->config_path);
	free(app->data_dir);
	free(p);
}

int
app_main(const char *config, const char *argv0)
{
	return (app_main_draft(config, argv0, NULL, NULL, 0));
}

int
app_main_draft(const char *config, const char *argv0, const char *draft,
    const char *note, int body)
{
	struct app	app;
	struct op_err	err = { 0 };
	struct tty_caps caps;

	(void)argv0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
		    "outpost: the terminal UI needs a terminal; see \"outpost --help\" for the commands\n");
		return (EX_USAGE);
	}
	memset(&app, 0, sizeof app);
	if ((app.priv = calloc(1, sizeof *app.priv)) == NULL)
		return (EX_OSERR);
	app.priv->cursor_row = -1;
	app.priv->held_error = -1;
	app_load_settings(&app, config, &err);
	install_signals();
	if (tty_start(&caps) != 0) {
		fprintf(stderr,
		    "outpost: cannot use this terminal (TERM=%s)\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		free_app(&app);
		return (EX_UNAVAILABLE);
	}
	app.ascii = caps.ascii;
	app.mono = caps.mono;
	app_draw_init(&app);
	app.start_draft = draft;
	app.start_body = body;
	if (draft != NULL && app.have_config && err.code == OP_OK) {
		app_open(&app, SCREEN_COMPOSER, draft);
		if (note != NULL && *note != '\0')
			app_status(&app, "%s", note);
	} else
		app_show(&app,
		    app.have_config && err.code == OP_OK ? SCREEN_COMPOSER :
							   SCREEN_SETTINGS);
	if (caps.ascii && app.priv->status[0] == '\0')
		app_status(&app, LOCALE_NOTE " types ASCII only; " LOCALE_FIX,
		    tty_locale());
	app_start_runner(&app);
	app_test_job(&app);
	app_test_run(&app);
	run_loop(&app);
	if (got_hangup || got_term)
		hang_up(&app);
	tty_end();
	free_app(&app);
	return (EX_OK);
}
