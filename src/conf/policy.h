/*
 * policy.h -- a site policy: what an institution documents about mail
 * submission (server, ports and their TLS modes, authentication, the
 * user-name form), and the check of a config against it.
 */
#ifndef OUTPOST_POLICY_H
#define OUTPOST_POLICY_H

#include "conf/config.h"
#include "base/err.h"

#define POLICY_DEFAULT	"umich"
#define POLICY_MAXPORTS 8

struct policy_port {
	int	      port;
	enum tls_mode tls;
};

enum username_form {
	USERNAME_LOGIN,	  /* a login name, not an e-mail address */
	USERNAME_ADDRESS, /* the full e-mail address */
};

struct policy {
	char		  *name;
	char		  *source; /* file path, or "built-in" */
	char		  *description;
	char		  *smtp_host;
	struct policy_port ports[POLICY_MAXPORTS];
	size_t		   nports;
	int		   tls_required;
	enum auth_mode	   auth;
	enum username_form username_form;
	char		  *username_pattern; /* POSIX ERE, anchored */
	char		  *username_label;   /* "uniqname" */
	char		  *address_domain;
	char		  *imap_host;
	int		   imap_port;
	enum tls_mode	   imap_tls;
	enum username_form imap_login;
	char		  *help_url;
	char		  *hint_blocked; /* advice when a port is blocked */
};

/*
 * Find a policy by name or path: a path (contains '/' or ends in
 * ".policy") is read from disk; a name is looked up among the built-in
 * policies, then in $OUTPOST_POLICY_DIR and PKGDATADIR/policies.
 * Errors: OP_ECONFIG ("PATH:LINE: why"), OP_ENOTFOUND, OP_EIO.
 */
int  policy_load(const char *, struct policy *, struct op_err *);
int  policy_parse(const char *, const char *, size_t, struct policy *,
     struct op_err *);
void policy_free(struct policy *);
/*
 * An account's policy: policy_load of its "policy", or for "policy =
 * none" (a server of one's own) one made from the account itself: its
 * smtp.host, its port (465 SSL/TLS and 587 STARTTLS when not given),
 * TLS required, a password, any user name, its imap.host.  OP_ECONFIG
 * when such an account names no smtp.host.
 */
#define POLICY_NONE "none"
int policy_for_config(const struct config *, struct policy *, struct op_err *);
/* The policy's TLS mode for port, or TLS_UNSET if it is not allowed. */
enum tls_mode policy_port_tls(const struct policy *, int);
/* "465 (SSL/TLS) or 587 (STARTTLS)" */
void policy_ports_text(const struct policy *, char *, size_t);
/* NULL-terminated names of the built-in policies. */
const char *const *policy_builtin_names(void);

enum violation_severity {
	SEV_ERROR,   /* blocks sending */
	SEV_WARNING, /* shown, does not block */
};

struct violation {
	const char	       *rule;	 /* stable id: "username-form" */
	const char	       *setting; /* "username" */
	int			line;	 /* in the config; 0: not given */
	enum violation_severity severity;
	char		       *value;	    /* what the config says, or NULL */
	char		       *documented; /* what the policy documents */
	char		       *fix;	    /* plain words: what to do */
};

struct violations {
	struct violation *v;
	size_t		  n;
	size_t		  nerrors;
};

/* Every violation of policy by cfg; never fails. */
void policy_check(const struct config *, const struct policy *,
    struct violations *);
void violations_free(struct violations *);

/*
 * The settings to use: the config's values, with what it left out taken
 * from the policy (host, port, TLS mode, IMAP host and port).
 */
struct effective {
	const char   *smtp_host;
	int	      smtp_port;
	enum tls_mode smtp_tls;
	const char   *imap_host;
	int	      imap_port;
	enum tls_mode imap_tls;
	const char   *imap_login; /* user name for IMAP */
};
void policy_effective(const struct config *, const struct policy *,
    struct effective *);

#endif
