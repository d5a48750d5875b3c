/*
 * spell.c -- which words of the message text a spell check looks at, and
 * the speller's answers in the ispell pipe protocol ("aspell -a"): one
 * line per word ("*" right, "& word n offset: suggestions" wrong), an
 * empty line after each line of input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "text/spell.h"
#include "text/textbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

static int
is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
	return (cp != 0xfffd && iswalpha((wint_t)cp));
}

static int
is_apostrophe(uint32_t cp)
{
	return (cp == '\'' || cp == 0x2019);
}

static int
is_blank(char ch)
{
	return (ch == ' ' || ch == '\t');
}

/* Is the token s[0..len) one not to check (an address, a link, digits)? */
static int
token_skipped(const char *s, size_t len)
{
	size_t i;

	if (len >= 4 && strncmp(s, "www.", 4) == 0)
		return (1);
	for (i = 0; i < len; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '@')
			return (1);
		if (i + 3 <= len && strncmp(s + i, "://", 3) == 0)
			return (1);
	}
	return (0);
}

/* The end of the letters (and inner apostrophes) starting at i. */
static size_t
word_end(const char *s, size_t len, size_t i)
{
	uint32_t cp, next;
	size_t	 n, m;

	while (i < len) {
		n = utf8_scan(s + i, len - i, &cp);
		if (is_letter(cp)) {
			i += n;
			continue;
		}
		if (!is_apostrophe(cp) || i + n >= len)
			break;
		m = utf8_scan(s + i + n, len - i - n, &next);
		if (!is_letter(next))
			break;
		i += n + m;
	}
	return (i);
}

/* The end of the blank-separated token starting at i. */
static size_t
token_end(const char *s, size_t len, size_t i)
{
	while (i < len && !is_blank(s[i]))
		i++;
	return (i);
}

int
spell_next_word(const char *s, size_t len, size_t from, size_t *start,
    size_t *end)
{
	size_t	 i = from, tokend, n;
	uint32_t cp;

	/* From inside a token (after a word of it): the token is prose. */
	tokend = from > 0 && !is_blank(s[from - 1]) ? token_end(s, len, i) : i;
	while (i < len) {
		if (i == tokend) {
			if (is_blank(s[i])) {
				tokend = ++i;
				continue;
			}
			tokend = token_end(s, len, i);
			if (token_skipped(s + i, tokend - i)) {
				i = tokend;
				continue;
			}
		}
		n = utf8_scan(s + i, len - i, &cp);
		if (!is_letter(cp)) {
			i += n;
			continue;
		}
		*start = i;
		*end = word_end(s, len, i);
		return (1);
	}
	return (0);
}

void
spell_words(const struct textbuf *tb, struct spell_word **v, size_t *n)
{
	size_t	    line, len, at, start, end, cap = 0;
	const char *s;

	*v = NULL;
	*n = 0;
	for (line = 0; line < textbuf_nlines(tb); line++) {
		s = textbuf_line(tb, line, &len);
		if (len == 3 && memcmp(s, "-- ", 3) == 0)
			break;
		if (len > 0 && s[0] == '>')
			continue;
		for (at = 0; spell_next_word(s, len, at, &start, &end);
		     at = end) {
			if (*n == cap) {
				cap = cap * 2 + 16;
				*v = xreallocarray(*v, cap, sizeof **v);
			}
			(*v)[*n].line = line;
			(*v)[*n].start = start;
			(*v)[*n].end = end;
			(*n)++;
		}
	}
}

/* "s1, s2, s3" into a's suggestions (at most SPELL_MAX_SUGG). */
static void
parse_suggestions(const char *s, size_t len, struct spell_answer *a)
{
	size_t i = 0, j;

	a->sugg = xcalloc(SPELL_MAX_SUGG, sizeof *a->sugg);
	while (i < len && a->nsugg < SPELL_MAX_SUGG) {
		while (i < len && (s[i] == ' ' || s[i] == ','))
			i++;
		for (j = i; j < len && s[j] != ','; j++)
			;
		while (j > i && s[j - 1] == ' ')
			j--;
		if (j > i)
			a->sugg[a->nsugg++] = xstrndup(s + i, j - i);
		while (j < len && s[j] != ',')
			j++;
		i = j;
	}
}

void
spell_parse(const char *s, size_t len, struct spell_answer *a)
{
	const char *colon;

	memset(a, 0, sizeof *a);
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len == 0) {
		a->kind = SPELL_END;
		return;
	}
	switch (s[0]) {
	case '*':
	case '+':
	case '-':
		a->kind = SPELL_OK;
		return;
	case '#':
		a->kind = SPELL_MISS;
		return;
	case '&':
	case '?':
		a->kind = SPELL_MISS;
		if ((colon = memchr(s, ':', len)) != NULL)
			parse_suggestions(colon + 1, len - (colon + 1 - s), a);
		return;
	case '@':
		a->kind = len >= 4 && memcmp(s, "@(#)", 4) == 0 ?
		    SPELL_BANNER :
		    SPELL_BAD;
		return;
	default:
		a->kind = SPELL_BAD;
		return;
	}
}

void
spell_answer_free(struct spell_answer *a)
{
	size_t i;

	for (i = 0; i < a->nsugg; i++)
		free(a->sugg[i]);
	free(a->sugg);
	a->sugg = NULL;
	a->nsugg = 0;
}
