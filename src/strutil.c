/*
 * strutil.c -- string helpers shared by the parsers.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "strutil.h"

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
