/*
 * tap.h -- a minimal TAP producer for the unit tests; automake's
 * tap-driver.sh counts each "ok"/"not ok" line as one test.
 */
#ifndef OUTPOST_TAP_H
#define OUTPOST_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void __attribute__((format(printf, 2, 3)))
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
}

static inline void
tap_diag(const char *what, const char *got, const char *want)
{
	printf("#   %s\n#     got: %s\n#    want: %s\n", what,
	    got != NULL ? got : "(null)", want != NULL ? want : "(null)");
}

/* ok if got is the string want; on failure show both. */
static inline void
tap_is_str(const char *got, const char *want, const char *what)
{
	int same = got != NULL && strcmp(got, want) == 0;

	tap_ok(same, "%s", what);
	if (!same)
		tap_diag(what, got, want);
}

/* ok if s contains sub; on failure show both. */
#define TAP_CONTAINS(s, sub, ...)                                          \
	do {                                                               \
		const char *tap_s_ = (s), *tap_sub_ = (sub);               \
		int	    tap_c_ = tap_s_ != NULL &&                     \
		    strstr(tap_s_, tap_sub_) != NULL;                      \
		tap_ok(tap_c_, __VA_ARGS__);                               \
		if (!tap_c_)                                               \
			tap_diag("expected to contain", tap_s_, tap_sub_); \
	} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return (tap_failed ? 1 : 0);
}

#endif
