/*
 * speller.c -- the speller as a child process (base/child.h): its
 * command line split into words (no shell), every word of the text
 * written as a "^word" line while its answers are read, lines and
 * answers bounded; a speller that cannot start, dies, talks out of
 * protocol or hangs is killed and named in the error.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "text/speller.h"
#include "text/textbuf.h"
#include "base/child.h"
#include "base/strbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define SPELLER_LINE  8192 /* bytes in one line of its answer */
#define SPELLER_LINES 64   /* lines answering one word */

struct exchange {
	const char		*name; /* argv[0] */
	struct child		 ch;
	char			*req; /* the "^word" lines */
	size_t			 reqlen;
	char			 line[SPELLER_LINE];
	size_t			 linelen;
	int			 banner;
	const struct spell_word *words;
	size_t			 nwords, word, lines;
	struct spell_answer	 miss; /* the current word's first miss */
	int			 missed;
	const struct textbuf	*tb;
	struct speller_miss	*out;
	size_t			 nout;
};

/* The request: one "^word" line per word. */
static void
request(struct exchange *x)
{
	struct strbuf sb = STRBUF_INIT;
	const char   *s;
	size_t	      i, len;

	for (i = 0; i < x->nwords; i++) {
		s = textbuf_line(x->tb, x->words[i].line, &len);
		strbuf_add(&sb, "^", 1);
		strbuf_add(&sb, s + x->words[i].start,
		    x->words[i].end - x->words[i].start);
		strbuf_add(&sb, "\n", 1);
	}
	x->reqlen = sb.len;
	x->req = strbuf_take(&sb);
}

/* Word x->word is answered: keep it when it was a miss. */
static void
word_done(struct exchange *x)
{
	struct speller_miss	*m;
	const char		*s;
	size_t			 len;
	const struct spell_word *w = &x->words[x->word];

	if (x->missed) {
		x->out = xreallocarray(x->out, x->nout + 1, sizeof *x->out);
		m = &x->out[x->nout++];
		s = textbuf_line(x->tb, w->line, &len);
		m->at = *w;
		m->word = xstrndup(s + w->start, w->end - w->start);
		m->sugg = x->miss.sugg;
		m->nsugg = x->miss.nsugg;
		memset(&x->miss, 0, sizeof x->miss);
	}
	x->missed = 0;
	x->lines = 0;
	x->word++;
}

static int
answer_line(struct exchange *x, struct op_err *err)
{
	struct spell_answer a;

	x->line[x->linelen] = '\0';
	spell_parse(x->line, x->linelen, &a);
	if (!x->banner) {
		spell_answer_free(&a);
		if (a.kind != SPELL_BANNER)
			return (op_err_set(err, OP_ECONFIG,
			    "the speller \"%s\" does not speak the ispell pipe "
			    "protocol (its first line: \"%.60s\"); set speller "
			    "to a command such as \"aspell -a\"",
			    x->name, x->line));
		x->banner = 1;
		return (0);
	}
	if (a.kind == SPELL_END) {
		word_done(x);
		return (0);
	}
	if (a.kind == SPELL_BAD || a.kind == SPELL_BANNER ||
	    ++x->lines > SPELLER_LINES || x->word >= x->nwords) {
		spell_answer_free(&a);
		return (op_err_set(err, OP_ECONFIG,
		    "the speller \"%s\" answered out of protocol: \"%.60s\"",
		    x->name, x->line));
	}
	if (a.kind == SPELL_MISS && !x->missed) {
		x->miss = a;
		x->missed = 1;
	} else
		spell_answer_free(&a);
	return (0);
}

/* The bytes of its answer, line by line; -1 on a bad line. */
static int
read_answers(struct exchange *x, const char *buf, size_t r, struct op_err *err)
{
	size_t i;

	for (i = 0; i < r; i++) {
		if (buf[i] != '\n') {
			if (x->linelen == SPELLER_LINE - 1)
				return (op_err_set(err, OP_ECONFIG,
				    "the speller \"%s\" sent a line over %d "
				    "bytes",
				    x->name, SPELLER_LINE));
			x->line[x->linelen++] = buf[i];
			continue;
		}
		if (answer_line(x, err) == -1)
			return (-1);
		x->linelen = 0;
	}
	return (0);
}

/* It left before answering everything: say how. */
static int
ended(struct exchange *x, struct op_err *err)
{
	int	    status = child_end(&x->ch, 2000);
	const char *why;
	char	    how[32];

	if ((why = child_exec_error(&x->ch, status)) != NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "the speller \"%s\" cannot be started: %s (install it, "
		    "or set speller in the config)",
		    x->name, why));
	return (op_err_set(err, OP_ECONFIG,
	    "the speller \"%s\" stopped (%s) before answering: %s", x->name,
	    child_how(status, how, sizeof how), child_said(&x->ch)));
}

/* Talk until every word is answered; 0, or -1 with err set. */
static int
converse(struct exchange *x, int timeout, struct op_err *err)
{
	char	buf[4096];
	ssize_t r;

	while (x->word < x->nwords) {
		r = child_read(&x->ch, buf, sizeof buf, err);
		if (r == CHILD_LATE)
			return (op_err_set(err, OP_ECONFIG,
			    "the speller \"%s\" did not answer within %d "
			    "second%s; it was stopped (speller in the config)",
			    x->name, timeout, timeout == 1 ? "" : "s"));
		if (r == 0)
			return (ended(x, err));
		if (r < 0 || read_answers(x, buf, (size_t)r, err) == -1)
			return (-1);
	}
	return (0);
}

void
speller_free(struct speller_miss *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].word);
		str_list_free(v[i].sugg, v[i].nsugg);
	}
	free(v);
}

int
speller_check(const char *command, const struct textbuf *tb, int timeout,
    struct speller_miss **out, size_t *nout, struct op_err *err)
{
	struct exchange	   x;
	struct spell_word *words;
	char		 **argv;
	size_t		   n;
	int		   r;

	*out = NULL;
	*nout = 0;
	if ((argv = str_split_words(command, &n, NULL)) == NULL)
		return (op_err_set(err, OP_ECONFIG,
		    "speller: an unbalanced quote or no command"));
	memset(&x, 0, sizeof x);
	spell_words(tb, &words, &x.nwords);
	x.name = argv[0];
	x.words = words;
	x.tb = tb;
	r = 0;
	if (x.nwords > 0) { /* no text, no speller */
		request(&x);
		if ((r = child_start(&x.ch, argv, x.req, x.reqlen, timeout,
			 err)) == 0) {
			r = converse(&x, timeout, err);
			(void)child_end(&x.ch, r == 0 ? 2000 : 0);
		}
	}
	spell_answer_free(&x.miss);
	free(x.req);
	free(words);
	str_list_free(argv, n);
	if (r == 0) {
		*out = x.out;
		*nout = x.nout;
	} else
		speller_free(x.out, x.nout);
	return (r);
}
