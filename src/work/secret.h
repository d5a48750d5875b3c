/*
 * secret.h -- getting the password without ever writing it anywhere:
 * password.command (run directly, no shell), and wiping it afterwards.
 * The keyring is in keyring.h; the prompt is the caller's (ui/).
 */
#ifndef OUTPOST_SECRET_H
#define OUTPOST_SECRET_H

#include <stddef.h>

#include "base/err.h"

/*
 * Split a command line into words: blanks separate words; '...' is
 * literal; "..." allows \" and \\; a backslash outside quotes escapes the
 * next character.  The result is a NULL-terminated allocated vector.
 * Errors: OP_ECONFIG (unbalanced quote, empty command).
 */
int  secret_split_words(const char *, char ***, struct op_err *);
void secret_words_free(char **);

/*
 * Run the command (execvp, no shell, stdin /dev/null) for at most timeout
 * seconds; the first line of its standard output is the password.
 * Errors: OP_ESECRET, with the command's name and its stderr text, for a
 * command that cannot start, fails, times out or prints nothing.
 */
int secret_from_command(const char *, int, char **, struct op_err *);

/*
 * Memory for a password: locked in RAM where the system allows (mlock),
 * zeroed.  Free with secret_free(), which wipes it first.
 */
char *secret_alloc(size_t);

/* Wipe and free a password (from secret_alloc or secret_from_command). */
void secret_free(char *);

#endif
