/*
 * test-secret.c -- password.command: word splitting, the first line of
 * output, failures named with the command's own error text, time-outs.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "work/secret.h"
#include "tap.h"

static int
split_is(const char *line, const char *const *want)
{
	struct op_err err = { 0 };
	char	    **v;
	size_t	      i;
	int	      ok = 1;

	if (secret_split_words(line, &v, &err) != 0)
		return (0);
	for (i = 0; want[i] != NULL; i++)
		if (v[i] == NULL || strcmp(v[i], want[i]) != 0)
			ok = 0;
	if (ok && v[i] != NULL)
		ok = 0;
	secret_words_free(v);
	return (ok);
}

static void
test_split(void)
{
	static const char *const w1[] = { "pass", "show", "umich", NULL };
	static const char *const w2[] = { "sh", "-c", "echo 'a b'", NULL };
	static const char *const w3[] = { "a b", "c\"d", "e\\f", NULL };
	static const char *const w4[] = { "x", "", "y", NULL };
	static const char *const w5[] = { "a b", NULL };
	struct op_err		 err = { 0 };
	char		       **v;

	tap_ok(split_is("  pass   show\tumich ", w1), "split on blanks");
	tap_ok(split_is("sh -c \"echo 'a b'\"", w2),
	    "double quotes keep single quotes");
	tap_ok(split_is("'a b' \"c\\\"d\" e\\\\f", w3), "escapes");
	tap_ok(split_is("x '' y", w4), "empty quoted word kept");
	tap_ok(split_is("a\\ b", w5), "backslash-space joins");
	tap_ok(secret_split_words("pass 'unclosed", &v, &err) != 0 &&
		strstr(err.msg, "unbalanced ' quote") != NULL,
	    "unbalanced quote refused");
	tap_ok(secret_split_words("   ", &v, &err) != 0 &&
		strstr(err.msg, "empty command") != NULL,
	    "empty command refused");
}

static const char *
run(const char *cmd, int timeout, char **pw)
{
	static struct op_err err;

	memset(&err, 0, sizeof err);
	*pw = NULL;
	if (secret_from_command(cmd, timeout, pw, &err) != 0)
		return (err.msg);
	return (NULL);
}

static void
test_command(void)
{
	struct timespec t0, t1;
	const char     *e;
	char	       *pw;
	double		secs;

	e = run("printf 'hunter2\\nsecond line\\n'", 5, &pw);
	tap_ok(e == NULL && pw != NULL && strcmp(pw, "hunter2") == 0,
	    "first line of output is the password");
	secret_free(pw);
	e = run("printf 'p w \"q\"\\r\\n'", 5, &pw);
	tap_ok(e == NULL && strcmp(pw, "p w \"q\"") == 0,
	    "spaces and quotes inside the password kept; CRLF stripped");
	secret_free(pw);
	e = run("sh -c 'echo vault is sealed >&2; exit 3'", 5, &pw);
	TAP_CONTAINS(e,
	    "password.command \"sh\" failed (exit 3): vault is sealed",
	    "failure shows the command's stderr");
	e = run("/nonexistent/helper", 5, &pw);
	TAP_CONTAINS(e, "failed (exit 127): cannot run: No such file",
	    "missing program named");
	e = run("true", 5, &pw);
	TAP_CONTAINS(e, "printed no password", "no output");
	e = run("printf '\\n'", 5, &pw);
	TAP_CONTAINS(e, "printed no password", "empty first line");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = run("sleep 30", 1, &pw);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9;
	TAP_CONTAINS(e, "did not finish in time",
	    "a hanging command is stopped");
	tap_ok(secs < 3.0, "stopped within the time bound (%.2fs)", secs);
	e = run("sh -c 'sleep 30 & echo pw; exec sleep 30'", 1, &pw);
	TAP_CONTAINS(e, "did not finish in time",
	    "a command that prints but never exits is stopped too");
	tap_ok(pw == NULL, "no password kept after a time-out");
}

int
main(void)
{
	test_split();
	test_command();
	return (tap_done());
}
