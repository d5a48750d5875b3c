/*
 * config.h -- the user's settings file: parse, validate each value, and
 * check the file's permissions.  Agreement with the site policy is
 * policy_check()'s job (policy.h), not this module's.
 */
#ifndef OUTPOST_CONFIG_H
#define OUTPOST_CONFIG_H

#include "base/err.h"
#include "conf/kvfile.h"

enum tls_mode {
	TLS_UNSET = 0,
	TLS_IMPLICIT, /* SSL/TLS from the first byte (465, 993) */
	TLS_STARTTLS, /* plain greeting, then STARTTLS (587) */
	TLS_NONE,     /* never allowed to send; parsed so policy can say so */
};

enum auth_mode {
	AUTH_UNSET = 0,
	AUTH_PASSWORD,
	AUTH_NONE,
};

/* An extra outgoing server ("smtp.NAME.host = ..."): always stale. */
struct config_server {
	char *label;
	char *host;
	int   line;
};

struct config {
	char	     *path;
	struct kvfile kv; /* the raw lines, for line numbers */

	char	      *policy; /* name or path; NULL: the default */
	char	      *name;
	char	      *address;
	char	      *username;
	char	      *smtp_host;
	int	       smtp_port; /* 0: unset */
	enum tls_mode  smtp_tls;
	enum auth_mode smtp_auth;
	char	      *imap_host;
	int	       imap_port;
	int	       sent_copy; /* 0 or 1 */
	char	      *sent_folder;
	int	       sent_bcc; /* the copy keeps Bcc: 1 (default) or 0 */
	char	      *imap_fingerprint; /* IMAP pin, as below */
	char	      *ca_file;
	char	      *fingerprint; /* SMTP pin: 64 lower-case hex */
	char	      *password_command;
	char	      *keymap;
	char	      *editor;
	char	      *addressbook_command;
	char	      *signature_file;	/* appended to a new message */
	char	      *speller;		/* "aspell -a"; NULL: found in PATH */
	int	       timeout_connect; /* seconds */
	int	       timeout_reply;	/* seconds */
	int	       runner;		/* queue.runner: 1 (default) or 0 */
	int	       plain; /* ui.plain: words, not glyphs (default 0) */

	struct config_server *extra;
	size_t		      nextra;
};

#define CONFIG_TIMEOUT_CONNECT 15
#define CONFIG_TIMEOUT_REPLY   60

/*
 * Load and validate path.  Errors: OP_ENOTFOUND (no such file), OP_EIO,
 * OP_ECONFIG ("PATH:LINE: why; what to do"), OP_EINSECURE (permissions;
 * the message names the chmod that fixes it).
 */
int config_load(const char *, struct config *, struct op_err *);
/* The same from a buffer (tests, fuzzing); no permission check. */
int  config_parse(const char *, const char *, size_t, struct config *,
     struct op_err *);
void config_init(struct config *);
void config_free(struct config *);

/* Line of key in the file, or 0 when the key was not given. */
int config_line(const struct config *, const char *);

/*
 * The words of the TLS settings (smtp.tls, the policy's "PORT mode" and
 * imap.tls): the one a mode is written as, and the mode of a word
 * ("ssl" and "tls" are implicit, "off", "no" and "plain" none); -1 for
 * an unknown word.
 */
const char *config_tls_mode_name(enum tls_mode);
int	    config_tls_mode_parse(const char *, enum tls_mode *);

/* The NULL-terminated list of known keys (help, completion). */
const char *const *config_keys(void);

#endif
