/*
 * app-draw.c -- drawing: the ui_* calls screens draw with (UTF-8 text
 * clipped to an area, wide characters, invalid bytes as '?'), and the
 * frame around the screens (title line, status line, key hint, the
 * "too small" note).  Everything goes to stdscr and out with
 * wnoutrefresh/doupdate, so curses sends only what changed.
 */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/tty-curses.h"
#include "tui/app-int.h"
#include "input/keymap.h"
#include "base/strutil.h"
#include "tui/tty.h"

#define HINT_KEYS_MAX 4
#define TOO_SMALL     "terminal too small (need 40x12)"

static struct app *draw_app; /* the one app (the ui_* calls take none) */

void
app_draw_init(struct app *app)
{
	draw_app = app;
}

/* The terminal is not UTF-8: non-ASCII characters are shown as '?'. */
static int
ascii(void)
{
	return (draw_app != NULL && draw_app->ascii);
}

int
ui_width(const char *text, size_t len)
{
	return (utf8_width(text, len, ascii()));
}

size_t
ui_wrap_next(const char *text, int width)
{
	size_t len = strlen(text), at = 0, last_space = 0, n;
	int    used = 0, w;

	if (width < 1)
		width = 1;
	while (text[at] != '\0' && text[at] != '\n') {
		n = utf8_next(text, len, at) - at;
		w = ui_width(text + at, n);
		if (used + w > width)
			break;
		if (text[at] == ' ')
			last_space = at;
		used += w;
		at += n;
	}
	if (text[at] == '\0' || text[at] == '\n' || text[at] == ' ')
		return (at);
	if (last_space > 0)
		return (last_space);
	return (at > 0 ? at : utf8_next(text, len, 0));
}

static void
put_cell(int y, int x, const wchar_t *wch, unsigned long attr, short pair)
{
	cchar_t cc;

	if (setcchar(&cc, wch, (attr_t)attr, pair, NULL) == OK)
		mvwadd_wch(stdscr, y, x, &cc);
}

void
ui_textn(const struct screen_area *a, int row, int col, enum ui_attr ua,
    const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	wchar_t		     cell[CCHARW_MAX + 1];
	unsigned long	     attr;
	uint32_t	     cp;
	size_t		     i = 0, n, ncell = 0;
	short		     pair;
	int		     x, w, cellx = 0, right, cut = 0;

	if (row < 0 || row >= a->rows || col < 0 || col >= a->cols)
		return;
	attr = tty_attr(ua, &pair);
	x = a->left + col;
	right = a->left + a->cols;
	while (i < len && s[i] != '\0') {
		w = utf8_char_width(text + i, len - i, ascii(), &n);
		utf8_scan(text + i, n, &cp);
		i += n;
		if (w == 0) { /* a combining mark joins the cell before */
			if (ncell > 0 && ncell < CCHARW_MAX)
				cell[ncell++] = (wchar_t)cp;
			continue;
		}
		if (ncell > 0) {
			cell[ncell] = L'\0';
			put_cell(a->top + row, cellx, cell, attr, pair);
			ncell = 0;
		}
		if (w < 0) {
			cp = '?';
			w = 1;
		}
		if (x + w > right) {
			cut = x < right;
			break;
		}
		cell[0] = (wchar_t)cp;
		ncell = 1;
		cellx = x;
		x += w;
	}
	if (ncell > 0) {
		cell[ncell] = L'\0';
		put_cell(a->top + row, cellx, cell, attr, pair);
	}
	/* A wide character cut at the edge leaves a blank, not garbage. */
	if (cut)
		mvwaddch(stdscr, a->top + row, x, ' ');
}

void
ui_text(const struct screen_area *a, int row, int col, enum ui_attr ua,
    const char *text)
{
	ui_textn(a, row, col, ua, text, strlen(text));
}

void
ui_text_clip(const struct screen_area *a, int row, int col, enum ui_attr ua,
    const char *text)
{
	const char *ell = draw_app != NULL ? app_ellipsis(draw_app) : "...";
	size_t	    len = strlen(text), n;
	int	    room = a->cols - col;

	if (ui_width(text, len) <= room) {
		ui_text(a, row, col, ua, text);
		return;
	}
	n = utf8_fit(text, len, room - ui_width(ell, strlen(ell)), ascii(),
	    NULL);
	ui_textn(a, row, col, ua, text, n);
	ui_text(a, row, col + ui_width(text, n), ua, ell);
}

int
ui_text_words(const struct screen_area *a, int row, int cols, enum ui_attr ua,
    const char *text)
{
	const char *ell = draw_app != NULL ? app_ellipsis(draw_app) : "...";
	size_t	    n;
	int	    w = ui_width(text, strlen(text)), ew;

	if (w <= cols) {
		ui_text(a, row, 0, ua, text);
		return (w);
	}
	ew = ui_width(ell, strlen(ell));
	n = ui_wrap_next(text, cols - ew);
	w = ui_width(text, n);
	ui_textn(a, row, 0, ua, text, n);
	ui_text(a, row, w, ua, ell);
	return (w + ew);
}

int
ui_text_wrap(const struct screen_area *a, int row, int col, enum ui_attr ua,
    const char *text)
{
	size_t n;
	int    r = row;

	do {
		n = ui_wrap_next(text, a->cols - col);
		ui_textn(a, r++, col, ua, text, n);
		text += n;
		while (*text == ' ' || *text == '\n')
			text++;
	} while (*text != '\0');
	return (r - row);
}

void
ui_clear_eol(const struct screen_area *a, int row, int col)
{
	if (row < 0 || row >= a->rows || col < 0 || col >= a->cols)
		return;
	mvwhline(stdscr, a->top + row, a->left + col, ' ', a->cols - col);
}

void
ui_hline(const struct screen_area *a, int row)
{
	static const wchar_t hline[] = { 0x2500, L'\0' };
	int		     x;

	if (row < 0 || row >= a->rows)
		return;
	if (draw_app != NULL && app_plain(draw_app)) { /* no line to read */
		ui_clear_eol(a, row, 0);
		return;
	}
	if (ascii()) {
		mvwhline(stdscr, a->top + row, a->left, '-', a->cols);
		return;
	}
	for (x = 0; x < a->cols; x++)
		put_cell(a->top + row, a->left + x, hline, A_NORMAL, 0);
}

static void
place_cursor(const struct screen_area *a, int row, int col, int shown)
{
	if (draw_app == NULL || row < 0 || row >= a->rows || col < 0 ||
	    col > a->cols)
		return;
	if (col == a->cols)
		col--;
	draw_app->priv->cursor_row = a->top + row;
	draw_app->priv->cursor_col = a->left + col;
	draw_app->priv->cursor_shown = shown;
}

void
ui_cursor(const struct screen_area *a, int row, int col)
{
	place_cursor(a, row, col, 1);
}

void
ui_select(const struct screen_area *a, int row, int col)
{
	place_cursor(a, row, col, 0);
}

/* The frame. */

int
app_too_small(struct app *app)
{
	return (
	    app->priv->rows < APP_MIN_ROWS || app->priv->cols < APP_MIN_COLS);
}

/* The note, centred, broken at a space when it does not fit one row. */
static void
draw_too_small(struct app *app)
{
	struct screen_area all = { 0, 0, app->priv->rows, app->priv->cols };
	const char	  *text = TOO_SMALL, *sp;
	int		   len, row = all.rows / 2, first = 1;

	werase(stdscr);
	while (*text != '\0' && row < all.rows) {
		len = (int)strlen(text);
		if (len > all.cols) {
			for (sp = text + all.cols; sp > text && *sp != ' ';
			     sp--)
				;
			len = sp > text ? (int)(sp - text) : all.cols;
		}
		ui_textn(&all, row, len < all.cols ? (all.cols - len) / 2 : 0,
		    UI_BOLD, text, (size_t)len);
		if (first)
			ui_select(&all, row, (all.cols - len) / 2);
		first = 0;
		text += len;
		while (*text == ' ')
			text++;
		row++;
	}
}

static enum screen_kind
current_kind(struct app *app)
{
	struct app_private *p = app->priv;

	return (p->depth > 0 ? p->stack[0]->ops->kind : SCREEN_COMPOSER);
}

static void
draw_title(struct app *app, const struct screen_area *line)
{
	static const enum screen_kind kinds[] = { SCREEN_COMPOSER,
		SCREEN_OUTBOX, SCREEN_SETTINGS };
	static const char *names[] = { "Composer", "Outbox", "Settings" };
	struct screen	  *top = app_top(app);
	const char	  *count = app->priv->count;
	size_t		   i;
	int		   col = 9, w;

	char name[16];
	int  cur;

	ui_clear_eol(line, 0, 0);
	ui_text(line, 0, 0, UI_BOLD, "outpost");
	for (i = 0; i < 3; i++) {
		/* Plain: the current screen in brackets, not only reversed. */
		cur = kinds[i] == current_kind(app);
		snprintf(name, sizeof name,
		    app_plain(app) ? "%s%s%s" : "%.0s%s%.0s", cur ? "[" : " ",
		    names[i], cur ? "]" : " ");
		ui_text(line, 0, col, cur ? UI_REVERSE : UI_NORMAL, name);
		col += (int)strlen(name) + 2;
	}
	/* The screen on top, when its name fits whole. */
	if (top != NULL && app->priv->depth > 1 && top->ops->title != NULL &&
	    col + (w = ui_width(top->ops->title, strlen(top->ops->title))) <=
		line->cols) {
		ui_text(line, 0, col, UI_BOLD, top->ops->title);
		col += w + 2;
	}
	w = ui_width(count, strlen(count));
	if (w > 0 && col + w <= line->cols)
		ui_text(line, 0, line->cols - w, UI_BOLD, count);
}

void
app_key_short(struct app *app, keyc key, char *buf, size_t len)
{
	keyc   base = key & ~KEYC_MODS;
	size_t n;
	char   a[16], b[16];

	if (app_plain(app)) {
		key_words(key, buf, len);
		return;
	}
	if (key & KEYC_SEQ) { /* "^C^C" */
		app_key_short(app, key_seq_prefix(key), a, sizeof a);
		app_key_short(app, key_seq_last(key), b, sizeof b);
		snprintf(buf, len, "%s%s", a, b);
		return;
	}
	if ((key & KEYC_MODS) == KEYC_CTRL && base >= 'a' && base <= 'z') {
		snprintf(buf, len, "^%c", (char)(base - 'a' + 'A'));
		return;
	}
	key_notation(key, buf, len);
	n = strlen(buf);
	if (n > 2 && buf[0] == '<' && buf[n - 1] == '>') {
		memmove(buf, buf + 1, n - 2);
		buf[n - 2] = '\0';
	}
}

int
app_key_for(struct app *app, enum key_table t, enum action_id id, char *buf,
    size_t len)
{
	keyc key;

	if (len > 0)
		buf[0] = '\0';
	if (keymap_keys_for(app->keys, t, id, &key, 1) == 0)
		return (0);
	app_key_short(app, key, buf, len);
	return (1);
}

/*
 * The action's name in words for the hint: its table's prefix dropped,
 * dashes as spaces ("settings-save" is "save", "outbox-mark-sent" "mark
 * sent", "screen-outbox" "outbox", "drafts-open" "open").
 */
static void
hint_words(const char *name, char *buf, size_t len)
{
	static const char *prefixes[] = { "screen-", "settings-", "outbox-",
		"drafts-" };
	size_t		   i, n;
	char		  *c;

	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		n = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], n) == 0 && name[n] != '\0')
			name += n;
	}
	snprintf(buf, len, "%s", name);
	for (c = buf; *c != '\0'; c++)
		if (*c == '-')
			*c = ' ';
}

/* One "KEY words" item of the hint; 0 when the action has no key. */
static int
hint_item(struct app *app, enum key_table t, const struct action *a, char *buf,
    size_t len)
{
	keyc keys[HINT_KEYS_MAX];
	char kb[32], words[48];

	if (keymap_keys_for(app->keys, t, a->id, keys, HINT_KEYS_MAX) == 0)
		return (0);
	app_key_short(app, keys[0], kb, sizeof kb);
	hint_words(a->name, words, sizeof words);
	snprintf(buf, len, "%s %s", kb, words);
	return (1);
}

/* Does the hint show the action now?  The screen's word, else the table's. */
static int
hint_shown(struct screen *top, const struct action *a)
{
	int shown = -1;

	if (top != NULL && top->ops->hint != NULL)
		shown = top->ops->hint(top, a->id);
	return (shown >= 0 ? shown : a->hint);
}

static void
draw_hint(struct app *app, const struct screen_area *line)
{
	struct screen	    *top = app_top(app);
	enum key_table	     t[KT_COUNT + 1];
	unsigned char	     seen[A_COUNT];
	const struct action *a;
	char		     item[96];
	size_t		     n = 0, i;
	int		     col = 0, w, id;

	ui_clear_eol(line, 0, 0);
	if (top != NULL && top->ops->tables != NULL)
		n = top->ops->tables(top, t, KT_COUNT);
	if (n > KT_COUNT)
		n = KT_COUNT;
	t[n++] = KT_GLOBAL;
	memset(seen, 0, sizeof seen);
	for (i = 0; i < n; i++) {
		for (id = A_NONE + 1; id < A_COUNT; id++) {
			a = action_get((enum action_id)id);
			if (a == NULL || !hint_shown(top, a) || seen[id] ||
			    !(a->tables & KT_BIT(t[i])) ||
			    !hint_item(app, t[i], a, item, sizeof item))
				continue;
			seen[id] = 1;
			w = ui_width(item, strlen(item));
			if (col + w > line->cols)
				return;
			ui_text(line, 0, col, UI_NORMAL, item);
			col += w + 2;
		}
	}
}

/* The status line's text: in plain mode an error says so in words. */
static void
status_text(struct app *app, char *buf, size_t len)
{
	struct app_private *p = app->priv;

	snprintf(buf, len, "%s%s%s",
	    p->held_error >= 0 ? "(more after a key) " : "",
	    app_plain(app) && p->status_error && p->status[0] != '\0' ?
		"Error: " :
		"",
	    p->status);
}

/* Two rows for a message longer than one. */
static int
status_rows(struct app *app, int cols)
{
	char text[APP_STATUS_MAX + 64];

	status_text(app, text, sizeof text);
	return (ui_width(text, strlen(text)) > cols ? 2 : 1);
}

/*
 * The message, broken between words over its rows; what the last row
 * cannot hold ends in an ellipsis, and Help shows the whole message.
 */
static void
draw_status(struct app *app, const struct screen_area *lines)
{
	struct app_private *p = app->priv;
	enum ui_attr	    ua = p->status_error ? UI_ERROR : UI_NORMAL;
	const char	   *s;
	size_t		    n;
	int		    r;

	char text[APP_STATUS_MAX + 64];

	status_text(app, text, sizeof text);
	for (r = 0, s = text; r < lines->rows - 1; r++) {
		ui_clear_eol(lines, r, 0);
		n = ui_wrap_next(s, lines->cols);
		ui_textn(lines, r, 0, ua, s, n);
		for (s += n; *s == ' '; s++)
			;
	}
	ui_clear_eol(lines, r, 0);
	if (ui_width(s, strlen(s)) > lines->cols)
		p->last_cut = 1;
	(void)ui_text_words(lines, r, lines->cols, ua, s);
}

static void
draw_frame(struct app *app)
{
	struct app_private *p = app->priv;
	struct screen	   *top = app_top(app);
	struct screen_area  title = { 0, 0, 1, p->cols }, area, status, bottom;
	int		    srows = status_rows(app, p->cols), brows = 1, r;

	if (app_prompt_active(app))
		brows = app_prompt_rows(app, p->cols);
	/* From the bottom: the hint or prompt, the status, the screen. */
	bottom = (struct screen_area){ p->rows - brows, 0, brows, p->cols };
	status = (struct screen_area){ bottom.top - srows, 0, srows, p->cols };
	area = (struct screen_area){ 1, 0, status.top - 1, p->cols };

	draw_title(app, &title);
	for (r = 0; r < area.rows; r++)
		ui_clear_eol(&area, r, 0);
	if (top != NULL && top->ops->draw != NULL)
		top->ops->draw(top, app, &area);
	draw_status(app, &status);
	if (app_prompt_active(app))
		app_prompt_draw(app, bottom.top, bottom.rows, bottom.cols);
	else
		draw_hint(app, &bottom);
}

void
app_draw(struct app *app)
{
	struct app_private *p = app->priv;

	tty_size(&p->rows, &p->cols);
	/* A screen that says nothing: the start of its area. */
	p->cursor_row = 1;
	p->cursor_col = 0;
	p->cursor_shown = 0;
	if (app_too_small(app))
		draw_too_small(app);
	else
		draw_frame(app);
	/* The last move before the update: screen readers follow it. */
	wmove(stdscr, p->cursor_row, p->cursor_col);
	tty_cursor_visible(p->cursor_shown);
	wnoutrefresh(stdscr);
	doupdate();
}
