/*
 * child.h -- a program of the user's run as a child process: its
 * command line as words (no shell), data written to its standard input
 * while its output is read, its standard error kept for the error, all
 * through poll(2) with one deadline, so a program that hangs, talks
 * without end or cannot start is an error and never a hang.  The
 * speller and reply.html_filter run through it.
 */
#ifndef OUTPOST_CHILD_H
#define OUTPOST_CHILD_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "base/err.h"

#define CHILD_ERR  512 /* bytes of its stderr kept */
#define CHILD_LATE (-2)

struct child {
	pid_t	    pid;
	int	    fd[3]; /* its stdin, stdout, stderr (our ends), or -1 */
	const char *in;	   /* what its stdin gets, then end of file */
	size_t	    inlen, inoff;
	char	    err[CHILD_ERR + 1];
	size_t	    errlen;
	struct timespec deadline;
};

/*
 * Start argv (argv[0] looked up in PATH) with in[0..inlen) for its
 * standard input, due to finish within timeout seconds: 0, or -1 with
 * err set (no pipe or fork).  A program that cannot be run exits 127
 * (child_exec_error says why).
 */
int child_start(struct child *, char *const *, const char *, size_t, int,
    struct op_err *);
/*
 * Up to len bytes of its standard output into buf, feeding its input
 * and keeping its stderr meanwhile: the count, 0 at the end of its
 * output, CHILD_LATE when the deadline passed, -1 with err set on a
 * system error.
 */
ssize_t child_read(struct child *, char *, size_t, struct op_err *);
/* The first line of what it said on stderr, or "no error message". */
const char *child_said(struct child *);
/* Why it could not be run (after child_end's status), else NULL. */
const char *child_exec_error(struct child *, int);
/* How a wait status ended it: "exit 3", "signal 9" (into buf). */
const char *child_how(int, char *, size_t);
/* Close the pipes, wait up to ms for it, then SIGKILL: its wait status. */
int child_end(struct child *, long);
/* Is name an executable file in a directory of $PATH (or /usr/bin:/bin)? */
int child_in_path(const char *);
/* Milliseconds from now to a CLOCK_MONOTONIC deadline, 0 once past. */
long child_ms_left(const struct timespec *);
/*
 * Run argv on in within timeout seconds; its whole output (at most max
 * bytes, NUL-terminated, allocated) into *out.  Errors (OP_EINVAL,
 * "WHAT: why", what being the caller's name for it): it cannot be run,
 * it did not finish in time or wrote over max bytes (both: it was
 * killed), or it exited other than 0 (with what it said on stderr).
 */
int child_run(const char *, char *const *, const char *, size_t, int, size_t,
    char **, size_t *, struct op_err *);

#endif
