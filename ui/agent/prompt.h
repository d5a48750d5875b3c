/*
 * prompt.h -- the command line's way of asking for a password: on
 * /dev/tty with echo off, the terminal restored on every path.  Passed to
 * the core as a struct send_prompt.
 */
#ifndef OUTPOST_PROMPT_H
#define OUTPOST_PROMPT_H

#include "base/err.h"

struct send_prompt;

/* ask/confirm/say on /dev/tty (say on stderr). */
extern const struct send_prompt cli_prompt;

/*
 * The first line of fd as a password (secret_alloc'd, without the line
 * end).  Errors: OP_ESECRET for an empty line or end of input.
 */
int prompt_read_line(int, char **, struct op_err *);

/* Ask on /dev/tty with echo off.  Errors: OP_ESECRET "no terminal". */
int prompt_password(void *, const char *, char **, struct op_err *);

#endif
