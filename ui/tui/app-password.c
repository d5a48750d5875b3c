/*
 * app-password.c -- the password typed in this UI session.  Without a
 * keyring, the agent asks for the password on every delivery; the UI
 * keeps the one typed, but only once the server has accepted it (the
 * agent's "password-result" event), in locked memory, never on disk, and
 * answers the next question with it.  A refusal or the end of the
 * session wipes it.  Core dumps are off while it is held.
 */
#include <sys/mman.h>
#include <sys/prctl.h>

#include <string.h>

#include "tui/app-int.h"

#define SESSION_PW_MAX 1024

static char session_pw[SESSION_PW_MAX];
static int  session_have;
static int  session_locked;

static void
lock_once(void)
{
	if (session_locked)
		return;
	/* Best effort: out of reach of swap and of core dumps. */
	(void)mlock(session_pw, sizeof session_pw);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	session_locked = 1;
}

void
app_password_keep(const char *pw)
{
	size_t n = strlen(pw);

	if (n == 0 || n >= sizeof session_pw)
		return;
	lock_once();
	explicit_bzero(session_pw, sizeof session_pw);
	memcpy(session_pw, pw, n);
	session_have = 1;
}

const char *
app_password_get(void)
{
	return (session_have ? session_pw : NULL);
}

void
app_password_forget(void)
{
	explicit_bzero(session_pw, sizeof session_pw);
	session_have = 0;
}
