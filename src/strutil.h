/*
 * strutil.h -- small string helpers: UTF-8 validation, trimming, edit
 * distance for "did you mean" suggestions.
 */
#ifndef OUTPOST_STRUTIL_H
#define OUTPOST_STRUTIL_H

#include <stddef.h>

/* Return 1 if buf[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *, size_t);
/* Byte offset of the first invalid sequence, or len when valid. */
size_t utf8_invalid_at(const char *, size_t);

/* Trim spaces and tabs in place; returns s. */
char *str_trim(char *);

/* Levenshtein distance, capped at 255. */
unsigned str_distance(const char *, const char *);

/*
 * The closest of the NULL-terminated candidates to word, or NULL when none
 * is close enough to be a plausible typo.
 */
const char *str_suggest(const char *, const char *const *);

/* Case-insensitive comparison for host names (ASCII only). */
int str_host_equal(const char *, const char *);

#endif
