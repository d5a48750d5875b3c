/*
 * strutil.h -- small string helpers: UTF-8 validation, display width,
 * trimming, edit distance for "did you mean" suggestions, command-line
 * word splitting.
 */
#ifndef OUTPOST_STRUTIL_H
#define OUTPOST_STRUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Return 1 if buf[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *, size_t);
/* Byte offset of the first invalid sequence, or len when valid. */
size_t utf8_invalid_at(const char *, size_t);

/*
 * Character boundaries in s[0..len): the start of the next character
 * after i (len at the end), the start of the one before i (0 at the
 * start).  Continuation bytes are skipped; no validation.
 */
size_t utf8_next(const char *, size_t, size_t);
size_t utf8_prev(const char *, size_t);
/* The code point starting at byte i of s[0..len) (a stray byte as is). */
uint32_t utf8_decode(const char *, size_t, size_t);
/*
 * For text that may be invalid: the code point at the start of
 * s[0..len) into *cp and its length in bytes (at least 1); an invalid,
 * overlong or cut sequence gives *cp = 0xFFFD and consumes one byte.
 */
size_t utf8_scan(const char *, size_t, uint32_t *);
/*
 * Terminal columns of a code point in this locale (wcwidth(3)), or -1
 * for one that cannot be shown: C0 and C1 controls, DEL, U+FFFD (from
 * utf8_scan), or one the locale does not know.
 */
int utf8_cp_width(uint32_t);
/*
 * Display width, the one rule of every screen.  The character at the
 * start of s[0..len) takes *n bytes (at least 1); returns its columns as
 * shown: 0 for a combining mark (it joins the character before), 1 or 2
 * as utf8_cp_width says, or -1 when it is shown as '?' in one column: a
 * control character, invalid UTF-8, one the locale cannot show, and
 * anything but ASCII when ascii (the terminal is not UTF-8).
 */
int utf8_char_width(const char *, size_t, int, size_t *);
/* Columns of s[0..len) up to a NUL, each '?' counted as one. */
int utf8_width(const char *, size_t, int);
/*
 * How many bytes of s[0..len) (up to a NUL) fit in cols columns: whole
 * characters, the combining marks after the last one kept with it; *used
 * (when not NULL) gets their columns.
 */
size_t utf8_fit(const char *, size_t, int, int, int *);
/* Encode into out[0..4); 0 for a surrogate or above U+10FFFF. */
size_t utf8_encode(uint32_t, char *);

/* Trim spaces and tabs in place; returns s. */
char *str_trim(char *);

/* Levenshtein distance, capped at 255. */
unsigned str_distance(const char *, const char *);

/*
 * The closest of the NULL-terminated candidates to word, or NULL when none
 * is close enough to be a plausible typo.
 */
const char *str_suggest(const char *, const char *const *);

/*
 * Split a command line into words as a shell would for plain quoting,
 * to run it without a shell: blanks separate words, '...' and "..."
 * quote (\" and \\ escaped inside "..."), a backslash outside quotes
 * takes the next character as is.  Returns a NULL-terminated vector of
 * *n allocated words, or NULL when a quote is left open (its character
 * in *open_quote when not NULL, 0 otherwise) or there is no word.
 */
char **str_split_words(const char *, size_t *, char *);

/* 1 when both are NULL or both are the same string. */
int str_same(const char *, const char *);

/* Case-insensitive comparison for host names (ASCII only). */
int str_host_equal(const char *, const char *);

/* 1 if s is 1 to max printable ASCII characters (space to tilde). */
int str_print_ascii(const char *, size_t);

/* A list of allocated strings: append a copy of s to *v, *n; free it. */
void str_list_push(char ***, size_t *, const char *);
void str_list_free(char **, size_t);

#endif
