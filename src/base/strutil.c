/*
 * strutil.c -- string helpers shared by the parsers, and the display
 * width of UTF-8 text that every screen measures with.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "base/strutil.h"
#include "base/xmalloc.h"

size_t
utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		     i = 0, n, k;
	unsigned	     cp, min;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			return (i);
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				return (i);
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return (i);
		i += n + 1;
	}
	return (len);
}

int
utf8_valid(const char *s, size_t len)
{
	return (utf8_invalid_at(s, len) == len);
}

static int
is_continuation(unsigned char c)
{
	return ((c & 0xc0) == 0x80);
}

size_t
utf8_next(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return (len);
	i++;
	while (i < len && is_continuation((unsigned char)s[i]))
		i++;
	return (i);
}

size_t
utf8_prev(const char *s, size_t i)
{
	if (i == 0)
		return (0);
	i--;
	while (i > 0 && is_continuation((unsigned char)s[i]))
		i--;
	return (i);
}

uint32_t
utf8_decode(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t		     n, k;
	uint32_t	     c;

	if (i >= len)
		return (0);
	n = utf8_next(s, len, i) - i;
	if (n == 1 || u[0] < 0xc0)
		return (u[0]);
	c = u[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (k = 1; k < n && k < 4; k++)
		c = (c << 6) | (u[k] & 0x3f);
	return (c);
}

size_t
utf8_scan(const char *text, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t	     c = s[0], min;
	size_t		     n, i;

	*cp = 0xFFFD;
	if (c < 0x80) {
		*cp = c;
		return (1);
	}
	if ((c & 0xE0) == 0xC0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else
		return (1);
	if (n > len)
		return (1);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return (1);
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return (1);
	*cp = c;
	return (n);
}

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	    cp == 0xFFFD)
		return (-1);
	if (cp < 0x7F)
		return (1);
	w = wcwidth((wchar_t)cp);
	return (w < 0 ? -1 : w);
}

int
utf8_char_width(const char *s, size_t len, int ascii, size_t *n)
{
	uint32_t cp;

	*n = utf8_scan(s, len, &cp);
	if (cp >= 0x20 && cp < 0x7F)
		return (1);
	if (ascii && cp >= 0x80)
		return (-1);
	return (utf8_cp_width(cp));
}

int
utf8_width(const char *s, size_t len, int ascii)
{
	size_t i = 0, n;
	int    w, total = 0;

	while (i < len && s[i] != '\0') {
		w = utf8_char_width(s + i, len - i, ascii, &n);
		total += w < 0 ? 1 : w;
		i += n;
	}
	return (total);
}

size_t
utf8_fit(const char *s, size_t len, int cols, int ascii, int *used)
{
	size_t i = 0, n;
	int    w, total = 0;

	while (i < len && s[i] != '\0') {
		w = utf8_char_width(s + i, len - i, ascii, &n);
		if (w < 0)
			w = 1;
		if (total + w > cols)
			break;
		total += w;
		i += n;
	}
	if (used != NULL)
		*used = total;
	return (i);
}

size_t
utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return (1);
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return (2);
	}
	if (c < 0x10000) {
		if (c >= 0xd800 && c <= 0xdfff)
			return (0);
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return (3);
	}
	if (c > 0x10ffff)
		return (0);
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return (4);
}

char *
str_trim(char *s)
{
	char *start = s, *end;

	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (start != s)
		memmove(s, start, (size_t)(end - start) + 1);
	return (s);
}

unsigned
str_distance(const char *a, const char *b)
{
	unsigned row[64], prev, tmp, best;
	size_t	 la = strlen(a), lb = strlen(b), i, j;

	if (la >= 63 || lb >= 63)
		return (255);
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev +
			    (tolower((unsigned char)a[i - 1]) !=
				tolower((unsigned char)b[j - 1]));
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return (row[lb] > 255 ? 255 : row[lb]);
}

const char *
str_suggest(const char *word, const char *const *cands)
{
	const char *best = NULL;
	unsigned    d, bestd = 255, limit;
	size_t	    i;

	limit = strlen(word) <= 4 ? 1 : (strlen(word) <= 8 ? 2 : 3);
	for (i = 0; cands[i] != NULL; i++) {
		d = str_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return (bestd <= limit ? best : NULL);
}

int
str_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

int
str_host_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	/* A trailing dot names the same host. */
	if (la > 0 && a[la - 1] == '.')
		la--;
	if (lb > 0 && b[lb - 1] == '.')
		lb--;
	return (la == lb && strncasecmp(a, b, la) == 0);
}

struct words {
	char **v;
	size_t n;
	char  *cur;
	size_t len;
	int    open; /* a word is under way, even an empty "" */
};

static void
word_char(struct words *w, char c)
{
	w->cur = xreallocarray(w->cur, w->len + 2, 1);
	w->cur[w->len++] = c;
	w->cur[w->len] = '\0';
	w->open = 1;
}

static void
word_end(struct words *w)
{
	if (!w->open)
		return;
	w->v = xreallocarray(w->v, w->n + 2, sizeof *w->v);
	w->v[w->n++] = w->cur != NULL ? w->cur : xstrdup("");
	w->v[w->n] = NULL;
	w->cur = NULL;
	w->len = 0;
	w->open = 0;
}

char **
str_split_words(const char *s, size_t *n, char *open_quote)
{
	struct words w = { NULL, 0, NULL, 0, 0 };
	char	     quote = 0;
	size_t	     i;

	for (; *s != '\0'; s++) {
		if (quote == '\'') {
			if (*s == '\'')
				quote = 0;
			else
				word_char(&w, *s);
		} else if (quote == '"') {
			if (*s == '"')
				quote = 0;
			else if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				word_char(&w, *++s);
			else
				word_char(&w, *s);
		} else if (*s == ' ' || *s == '\t')
			word_end(&w);
		else if (*s == '\'' || *s == '"') {
			quote = *s;
			w.open = 1;
		} else if (*s == '\\' && s[1] != '\0')
			word_char(&w, *++s);
		else
			word_char(&w, *s);
	}
	word_end(&w);
	if (open_quote != NULL)
		*open_quote = quote;
	if (quote != 0 || w.n == 0) {
		for (i = 0; i < w.n; i++)
			free(w.v[i]);
		free(w.v);
		free(w.cur);
		return (NULL);
	}
	*n = w.n;
	return (w.v);
}

int
str_print_ascii(const char *s, size_t max)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (s[n] < ' ' || s[n] > '~' || n == max)
			return (0);
	return (n > 0);
}

void
str_list_push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
str_list_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
