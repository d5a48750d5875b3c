/*
 * composer-draw.c -- drawing the composer in its area: the header fields
 * (a check's error on the row under its field), completions, the
 * attachments, a rule, and the soft-wrapped message text.  In a small
 * terminal (under COMPACT_ROWS rows) every header is one line, empty Cc
 * and Bcc are hidden unless they have the focus, and the attachments
 * are summed up on one line: the text gets the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "composer/composer-int.h"
#include "base/strutil.h"
#include "text/textbuf.h"
#include "base/xmalloc.h"

#define LABEL_COLS    9 /* "Subject: " */
#define COMPACT_ROWS  16
#define ATTACH_ROWS   3 /* attachments listed before "+N more" */
#define BODY_ROWS_MAX 256

struct layout {
	const struct screen_area *a;
	int			  row;
	int			  compact;
	int			  cursor_row, cursor_col;
};

static void
label(struct layout *l, const char *name, int focused)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%s:", name);
	ui_clear_eol(l->a, l->row, 0);
	ui_text(l->a, l->row, 0, focused ? UI_BOLD : UI_DIM, buf);
}

/*
 * "Name <address>", and with several accounts "  [account isp]" after
 * it; a draft's account no longer in the config is named as such.
 */
static void
draw_from(struct composer *c, struct layout *l)
{
	const struct config *cfg = composer_model_account(&c->m, &c->app->cfg);
	char		    *from, *line;

	label(l, "From", 0);
	if (cfg == NULL) {
		xasprintf(&line, "(account %s is not in the config: %s)",
		    c->m.account, "pick another with from-account");
		ui_text(l->a, l->row++, LABEL_COLS, UI_ERROR, line);
		free(line);
		return;
	}
	if (cfg->address == NULL)
		from = xstrdup("(no account: see Settings)");
	else if (cfg->name != NULL)
		xasprintf(&from, "%s <%s>", cfg->name, cfg->address);
	else
		from = xstrdup(cfg->address);
	if (config_account_count(&c->app->cfg) > 1)
		xasprintf(&line, "%s  [account %s]", from, cfg->account);
	else
		line = xstrdup(from);
	ui_text(l->a, l->row++, LABEL_COLS, UI_DIM, line);
	free(line);
	free(from);
}

static void
draw_edit(struct layout *l, struct lineedit *le, int focused)
{
	int    width = l->a->cols - LABEL_COLS, col;
	size_t off;

	if (!focused) { /* a field left shows its start, not its end */
		le->scroll = 0;
		ui_text_clip(l->a, l->row, LABEL_COLS, UI_NORMAL,
		    lineedit_text(le));
		return;
	}
	off = lineedit_view(le, width, ui_width, &col);
	ui_text(l->a, l->row, LABEL_COLS, UI_NORMAL, lineedit_text(le) + off);
	l->cursor_row = l->row;
	l->cursor_col = LABEL_COLS + col;
}

/* The candidates on one row: "a@x  b@y  +3". */
static void
draw_candidates(struct composer *c, struct layout *l)
{
	struct completion *cp = &c->comp;
	char		   line[512] = "";
	const char	  *name;
	size_t		   i;

	for (i = 0; i < cp->ncands && strlen(line) < sizeof line - 64; i++) {
		name = cp->cands[i];
		if (cp->field < 0 && strrchr(name, '/') != NULL &&
		    strrchr(name, '/')[1] != '\0')
			name = strrchr(name, '/') + 1;
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%s%s", i > 0 ? "  " : "", name);
	}
	if (cp->total > cp->ncands)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "  +%zu", cp->total - cp->ncands);
	ui_clear_eol(l->a, l->row, 0);
	ui_text(l->a, l->row++, LABEL_COLS, UI_DIM, line);
}

static int
field_shown(struct composer *c, struct layout *l, enum composer_model_field f)
{
	if (!l->compact || (f != CF_CC && f != CF_BCC))
		return (1);
	return ((c->focus == FOCUS_FIELD && c->field == f) ||
	    lineedit_text(&c->m.field[f])[0] != '\0');
}

static void
draw_field(struct composer *c, struct layout *l, enum composer_model_field f)
{
	int focused = c->focus == FOCUS_FIELD && c->field == f;

	if (!field_shown(c, l, f))
		return;
	label(l, composer_model_field_name(f), focused);
	draw_edit(l, &c->m.field[f], focused);
	if (composer_model_check_state(&c->m, f) == CHECK_BAD && l->compact)
		ui_text(l->a, l->row, l->a->cols - 1, UI_ERROR, "!");
	l->row++;
	if (focused && c->comp.active && c->comp.ncands > 0)
		draw_candidates(c, l);
	if (composer_model_check_state(&c->m, f) == CHECK_BAD && !l->compact) {
		ui_clear_eol(l->a, l->row, 0);
		ui_text(l->a, l->row++, 2, UI_ERROR, c->m.check_error[f]);
	}
}

static void
draw_attachment(struct composer *c, struct layout *l, size_t i)
{
	const struct composer_model_attach *at = &c->m.att[i];
	const char			   *name = strrchr(at->path, '/') ?
				    strrchr(at->path, '/') + 1 :
				    at->path;
	char				    size[64], num[16] = "", buf[600];

	composer_model_sizes_text(at->size, composer_model_wire_size(at->size),
	    size, sizeof size);
	if (c->m.natt > 1)
		snprintf(num, sizeof num, "%zu. ", i + 1);
	snprintf(buf, sizeof buf, "%s%s (%s%s%s)", num, name, size,
	    at->type != NULL ? ", " : "", at->type != NULL ? at->type : "");
	ui_text(l->a, l->row, LABEL_COLS, UI_NORMAL, buf);
}

static void
draw_attach_field(struct composer *c, struct layout *l)
{
	label(l, "File", 1);
	draw_edit(l, &c->attach_path, 1);
	l->row++;
	if (c->comp.active && c->comp.ncands > 0)
		draw_candidates(c, l);
}

/* "Attach: 5 files, 3.4 MB" (or the one file in a small terminal). */
static void
draw_attach_summary(struct composer *c, struct layout *l)
{
	char   buf[96], size[64];
	off_t  total = 0, wire = 0;
	size_t i;

	for (i = 0; i < c->m.natt; i++) {
		total += c->m.att[i].size;
		wire += composer_model_wire_size(c->m.att[i].size);
	}
	composer_model_sizes_text(total, wire, size, sizeof size);
	label(l, "Attach", 0);
	if (c->m.natt == 1)
		draw_attachment(c, l, 0);
	else {
		snprintf(buf, sizeof buf, "%zu files, %s", c->m.natt, size);
		ui_text(l->a, l->row, LABEL_COLS, UI_NORMAL, buf);
	}
	l->row++;
}

static void
draw_attachments(struct composer *c, struct layout *l)
{
	size_t n = c->m.natt, i, first = 0;
	int    many = n > ATTACH_ROWS + 1;

	if (n > 0 && (l->compact || many))
		draw_attach_summary(c, l);
	if (!l->compact) {
		/* Under a summary: the last ones attached. */
		if (many)
			first = n - ATTACH_ROWS;
		for (i = first; i < n; i++) {
			if (i == 0)
				label(l, "Attach", 0);
			else
				ui_clear_eol(l->a, l->row, 0);
			draw_attachment(c, l, i);
			l->row++;
		}
	}
	if (c->focus == FOCUS_ATTACH)
		draw_attach_field(c, l);
}

/* One body row: tabs as spaces, control characters as ^X. */
static void
draw_row(const struct screen_area *a, int row, const struct textbuf_row *r)
{
	size_t	 i = 0, start = 0, n;
	uint32_t cp;
	int	 col = 0, startcol = 0, w;
	char	 ctl[3] = "^?";

	while (i < r->len) {
		n = utf8_scan(r->text + i, r->len - i, &cp);
		w = textbuf_char_cols(cp, col);
		if (cp == '\t' || cp < 0x20 || cp == 0x7f) {
			ui_textn(a, row, startcol, UI_NORMAL, r->text + start,
			    i - start);
			if (cp != '\t') {
				ctl[1] = cp == 0x7f ? '?' : (char)(cp + '@');
				ui_text(a, row, col, UI_DIM, ctl);
			}
			start = i + n;
			startcol = col + w;
		}
		col += w;
		i += n;
	}
	ui_textn(a, row, startcol, UI_NORMAL, r->text + start, i - start);
}

/* The misspelt word of a spell check, in reverse video, if on row r. */
static void
draw_spell_word(struct composer *c, const struct screen_area *a, int row,
    const struct textbuf_row *r)
{
	size_t	 line, start, end, i = 0, n;
	uint32_t cp;
	int	 col = 0;

	if (!composer_spell_word(c, &line, &start, &end) ||
	    r->vpos.line != line || start < r->off || start >= r->off + r->len)
		return;
	while (i < start - r->off) {
		n = utf8_scan(r->text + i, r->len - i, &cp);
		col += textbuf_char_cols(cp, col);
		i += n;
	}
	n = end - start < r->len - i ? end - start : r->len - i;
	ui_textn(a, row, col, UI_REVERSE, r->text + i, n);
}

static void
draw_body(struct composer *c, struct layout *l)
{
	struct textbuf_row  rows[BODY_ROWS_MAX];
	struct textbuf_vpos top;
	size_t		    n, i;
	int		    height = l->a->rows - l->row, cur = 0, col = 0;

	if (height < 1)
		return;
	if (height > BODY_ROWS_MAX)
		height = BODY_ROWS_MAX;
	c->body_rows = height;
	textbuf_set_width(c->m.body, l->a->cols);
	if (c->focus == FOCUS_BODY) {
		cur = textbuf_scroll(c->m.body, height);
		textbuf_cursor_vpos(c->m.body, &col);
	}
	top = textbuf_top(c->m.body);
	n = textbuf_rows(c->m.body, top, rows, height);
	for (i = 0; i < (size_t)height; i++) {
		ui_clear_eol(l->a, l->row + i, 0);
		if (i < n) {
			draw_row(l->a, l->row + i, &rows[i]);
			draw_spell_word(c, l->a, l->row + i, &rows[i]);
		}
	}
	if (c->focus != FOCUS_BODY && textbuf_nlines(c->m.body) <= 1 &&
	    (n == 0 || rows[0].len == 0))
		ui_text(l->a, l->row, 0, UI_DIM, "(the message text)");
	if (c->focus == FOCUS_BODY) {
		l->cursor_row = l->row + cur;
		l->cursor_col = col;
	}
}

void
composer_draw_all(struct composer *c, const struct screen_area *a)
{
	struct layout l = { a, 0, a->rows < COMPACT_ROWS, -1, -1 };
	int	      f;

	draw_from(c, &l);
	for (f = 0; f < CF_COUNT; f++)
		draw_field(c, &l, f);
	draw_attachments(c, &l);
	if (l.row < a->rows) {
		ui_clear_eol(a, l.row, 0);
		ui_hline(a, l.row++);
	}
	draw_body(c, &l);
	if (l.cursor_row >= 0)
		ui_cursor(a, l.cursor_row, l.cursor_col);
}
