/*
 * smtp-cleanup.c -- free Cyrus SASL's global state at exit.  libetpan
 * initialises SASL on the first IMAP AUTHENTICATE and never finishes it.  A
 * file of its own, so that only programs calling it need -lsasl2.
 */
#include <sasl/sasl.h>

#include "wire/smtp.h"

void
smtp_global_cleanup(void)
{
	while (sasl_client_done() == SASL_CONTINUE)
		;
}
