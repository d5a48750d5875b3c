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
	struct kvfile kv;      /* the account's raw lines, for line numbers */
	char	     *account; /* the account's name */
	int	      section; /* its [account] line; 0: the default account */

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
	char	      *signature_file; /* appended to a new message */
	char	      *html_filter; /* reply.html_filter: HTML in, text out */
	int	       sig_bottom;  /* reply.signature_at_bottom (default 0) */
	char	      *speller;	    /* "aspell -a"; NULL: found in PATH */
	int	       timeout_connect; /* seconds */
	int	       timeout_reply;	/* seconds */
	int	       runner;		/* queue.runner: 1 (default) or 0 */
	int	       send_confirm;	/* send.confirm: 1 (default) or 0 */
	int	       send_delay; /* send.delay: the undo window, seconds */
	int	       send_max_size; /* send.max_size: MB, 0 for no limit */
	int	       plain; /* ui.plain: words, not glyphs (default 0) */

	struct config_server *extra;
	size_t		      nextra;

	/*
	 * The file's other accounts, its [account NAME] sections, each a
	 * config of its own (with the keys before the first section that
	 * are not the server's): only in the config config_load returned,
	 * whose own keys are the default account's.
	 */
	struct config *accounts;
	size_t	       naccounts;
};

/* The default account's name when account.name does not give one. */
#define CONFIG_ACCOUNT_DEFAULT "default"
#define CONFIG_ACCOUNT_MAX     40 /* characters of an account's name */

#define CONFIG_TIMEOUT_CONNECT	 15
#define CONFIG_TIMEOUT_REPLY	 60
#define CONFIG_SEND_DELAY	 10 /* send.delay by default, seconds */
#define CONFIG_SEND_DELAY_MAX	 300
#define CONFIG_SEND_MAX_SIZE	 25 /* send.max_size by default, MB */
#define CONFIG_SEND_MAX_SIZE_MAX 100000

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

/*
 * The accounts of a loaded config: i from 0 (the default, cfg itself)
 * to config_account_count() - 1.  By name or by address (any case),
 * NULL when there is none; config_account_of is find with a NULL name
 * meaning the default (an outbox item's account).
 */
size_t		     config_account_count(const struct config *);
const struct config *config_account_at(const struct config *, size_t);
const struct config *config_account_find(const struct config *, const char *);
const struct config *config_account_of(const struct config *, const char *);
const struct config *config_account_by_address(const struct config *,
    const char *);
/*
 * Make cfg the named account alone (NULL or the default's name: the
 * default); the others are freed.  OP_ENOTFOUND naming the accounts.
 */
int config_select(struct config *, const char *, struct op_err *);
/* 1 for a key of the program's own (keymap, ...): never in a section. */
int config_program_key(const char *);
/* The account as an outbox item records it: NULL for the default. */
const char *config_account_stored(const struct config *);
/* 1 if an item recording account (NULL: the default) is cfg's. */
int config_account_owns(const struct config *, const char *);

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
