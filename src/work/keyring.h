/*
 * keyring.h -- the password in the desktop keyring (the Secret Service,
 * through libsecret), under the schema "org.outpost.Password" with the
 * attributes host, port, user and protocol.  Never hangs: no bus means
 * no libsecret call at all, and every call has a deadline.  Built
 * without libsecret, every function reports that.  No glib types here.
 */
#ifndef OUTPOST_KEYRING_H
#define OUTPOST_KEYRING_H

#include "base/err.h"

enum keyring_state {
	KEYRING_STORED,
	KEYRING_NOT_STORED,
	KEYRING_LOCKED,	     /* the default collection is locked */
	KEYRING_NO_FILE,     /* a Secret Service, but no keyring yet */
	KEYRING_NO_BUS,	     /* no D-Bus session bus */
	KEYRING_UNSUPPORTED, /* built without libsecret */
	KEYRING_ERROR,	     /* the service failed or did not answer */
};

struct keyring_key {
	const char *host;
	int	    port;
	const char *user;
	const char *protocol; /* "smtp" or "imap" */
	const char *account;  /* attribute "account"; NULL: the default's
				 entry, as before accounts, without it */
};

/*
 * Whether a Secret Service can be asked at all, decided without waiting
 * (no bus: no libsecret call, no D-Bus autolaunch).  0 when it can;
 * else -1, the state in *state and plain words in err (OP_ESECRET).
 */
int keyring_usable(enum keyring_state *, struct op_err *);

/*
 * Look the password up.  Returns the state: KEYRING_STORED with *pw set
 * (free with secret_free), or why there is none (not stored, locked, no
 * keyring file yet, no bus, error -- err says which in plain words).
 */
enum keyring_state keyring_lookup(const struct keyring_key *, char **,
    struct op_err *);

/* Store (or replace) the password.  Errors: OP_ESECRET. */
int keyring_store(const struct keyring_key *, const char *, struct op_err *);

/*
 * Remove it; *removed tells whether there was one.  Errors: OP_ESECRET.
 */
int keyring_clear(const struct keyring_key *, int *, struct op_err *);

/* "stored", "not stored", "keyring locked", "no D-Bus session bus" ... */
const char *keyring_state_words(enum keyring_state);

#endif
