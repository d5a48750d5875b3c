/*
 * composer-spell.c -- the spell check of the message text (pico's ^T):
 * the speller (speller, else aspell or hunspell found in PATH, "-a")
 * checks every word once; then each misspelt word is highlighted with
 * its numbered suggestions on the status line and a question on the
 * bottom line: a number or a word replaces it, Enter skips it, '!'
 * skips it and its like for the session, Esc stops.  All replacements
 * of one check are one undo step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "composer/composer-int.h"
#include "text/speller.h"
#include "text/textbuf.h"
#include "base/child.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define SPELL_SECONDS 10 /* for the speller's answers, all words */

struct composer_spell {
	struct speller_miss *v;
	size_t		     n, i;
	size_t		     replaced;
};

static void spell_ask(struct composer *);
static void ask_current(struct composer *);

void
composer_spell_free(struct composer *c)
{
	if (c->spell != NULL) {
		speller_free(c->spell->v, c->spell->n);
		free(c->spell);
		c->spell = NULL;
	}
	str_list_free(c->spell_skip, c->nspell_skip);
	c->spell_skip = NULL;
	c->nspell_skip = 0;
}

int
composer_spell_word(const struct composer *c, size_t *line, size_t *start,
    size_t *end)
{
	const struct speller_miss *m;

	if (c->spell == NULL || c->spell->i >= c->spell->n)
		return (0);
	m = &c->spell->v[c->spell->i];
	*line = m->at.line;
	*start = m->at.start;
	*end = m->at.end;
	return (1);
}

/* The speller's command line, or NULL (the status line says why). */
static const char *
speller_command(struct composer *c)
{
	const char *cmd = c->app->cfg.speller;

	if (cmd != NULL && strcmp(cmd, "none") == 0) {
		app_error(c->app,
		    "spell checking is off (speller = none in "
		    "the config)");
		return (NULL);
	}
	if (cmd != NULL)
		return (cmd);
	if (child_in_path("aspell"))
		return ("aspell -a");
	if (child_in_path("hunspell"))
		return ("hunspell -a");
	app_error(c->app,
	    "no spell checker: install aspell or hunspell, or "
	    "set speller in the config");
	return (NULL);
}

static int
skipped(const struct composer *c, const char *word)
{
	size_t i;

	for (i = 0; i < c->nspell_skip; i++)
		if (strcmp(c->spell_skip[i], word) == 0)
			return (1);
	return (0);
}

static void
spell_done(struct composer *c, const char *how)
{
	struct composer_spell *s = c->spell;
	char		       key[32] = "undo";

	if (s->replaced > 0) {
		(void)app_key_for(c->app, KT_EDIT, A_UNDO, key, sizeof key);
		app_status(c->app,
		    "spell check %s: %zu replaced (%s takes %s "
		    "back)",
		    how, s->replaced, key,
		    s->replaced == 1 ? "it" : "them all");
	} else
		app_status(c->app, "spell check %s: nothing replaced", how);
	speller_free(s->v, s->n);
	free(s);
	c->spell = NULL;
	app_dirty(c->app);
}

/* Later misses on the line of m move by the change of its length. */
static void
shift_after(struct composer_spell *s, size_t newlen)
{
	const struct speller_miss *m = &s->v[s->i];
	size_t			   j, oldlen = m->at.end - m->at.start;

	for (j = s->i + 1; j < s->n && s->v[j].at.line == m->at.line; j++) {
		s->v[j].at.start = s->v[j].at.start - oldlen + newlen;
		s->v[j].at.end = s->v[j].at.end - oldlen + newlen;
	}
}

static void
replace(struct composer *c, const char *with)
{
	struct composer_spell	  *s = c->spell;
	const struct speller_miss *m = &s->v[s->i];

	if (textbuf_replace_range(c->m.body, m->at.line, m->at.start,
		m->at.end, with, strlen(with), s->replaced > 0)) {
		shift_after(s, strlen(with));
		s->replaced++;
		composer_changed(c);
	}
}

/* A number 1..n picks a suggestion: its index, or -1 (not a number). */
static long
pick(const char *answer, size_t n)
{
	char *end;
	long  k;

	if (answer[0] < '0' || answer[0] > '9')
		return (-1);
	k = strtol(answer, &end, 10);
	if (*end != '\0')
		return (-1);
	return (k >= 1 && (size_t)k <= n ? k - 1 : -2);
}

static void
spell_answer(struct app *app, void *arg, const char *answer)
{
	struct composer	      *c = arg;
	struct composer_spell *s = c->spell;
	struct speller_miss   *m;
	long		       k;

	if (s == NULL)
		return;
	if (answer == NULL) {
		spell_done(c, "stopped");
		return;
	}
	m = &s->v[s->i];
	if (strcmp(answer, "!") == 0)
		str_list_push(&c->spell_skip, &c->nspell_skip, m->word);
	else if ((k = pick(answer, m->nsugg)) == -2) {
		app_error(app, "there is no suggestion %s for \"%s\"", answer,
		    m->word);
		ask_current(c);
		return;
	} else if (k >= 0)
		replace(c, m->sugg[k]);
	else if (answer[0] != '\0')
		replace(c, answer);
	s->i++;
	spell_ask(c);
}

/* "1 the  2 tea  3 ten" on the status line. */
static void
show_suggestions(struct composer *c, const struct speller_miss *m)
{
	char   line[512] = "";
	size_t i, len = 0;
	int    n;

	for (i = 0; i < m->nsugg; i++) {
		n = snprintf(line + len, sizeof line - len, "%s%zu %s",
		    i > 0 ? "  " : "", i + 1, m->sugg[i]);
		if (n < 0 || (size_t)n >= sizeof line - len)
			break;
		len += (size_t)n;
	}
	app_status(c->app, "%s",
	    m->nsugg > 0 ? line : "no suggestions: type the word or skip");
}

/* The question about the current word. */
static void
ask_current(struct composer *c)
{
	char *q;

	xasprintf(&q,
	    "Replace \"%s\" (number or word; Enter skip, ! skip all, "
	    "Esc stop)",
	    c->spell->v[c->spell->i].word);
	app_ask(c->app, q, "", 0, spell_answer, c);
	free(q);
	app_dirty(c->app);
}

static void
spell_ask(struct composer *c)
{
	struct composer_spell	  *s = c->spell;
	const struct speller_miss *m;

	while (s->i < s->n && skipped(c, s->v[s->i].word))
		s->i++;
	if (s->i == s->n) {
		spell_done(c, "done");
		return;
	}
	m = &s->v[s->i];
	textbuf_set_cursor(c->m.body, m->at.line, m->at.start);
	show_suggestions(c, m);
	ask_current(c);
}

void
composer_spell_check(struct composer *c)
{
	struct op_err	     err = { 0 };
	struct speller_miss *v;
	size_t		     n;
	const char	    *cmd;

	if (c->spell != NULL || (cmd = speller_command(c)) == NULL)
		return;
	if (speller_check(cmd, c->m.body, SPELL_SECONDS, &v, &n, &err) == -1) {
		app_error(c->app, "%s", err.msg);
		return;
	}
	if (n == 0) {
		free(v);
		app_status(c->app, "spell check: no misspelt words");
		return;
	}
	c->spell = xcalloc(1, sizeof *c->spell);
	c->spell->v = v;
	c->spell->n = n;
	spell_ask(c);
}
